#!/usr/bin/env bash
# Account-wide access in the page (Chromium), end to end from the dumps' text
# to the summary of every pair, on the organizations scripts/bench-access.sh
# generates: served as deployed (nginx), the access worker built as the page
# ships it. A benchmark, not a test. See README, "Page weight and speed".
#
#   scripts/bench-access-page.sh [USERS ROLES] [DIST]   default 500 x 1,000, dist/
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ASSUMABLE_ROOT"
users=${1:-500}
roles=${2:-1000}
dist=${3:-dist}
[ -f "$dist/index.html" ] || { echo "bench-access-page: no $dist/index.html (run scripts/build-site.sh)"; exit 1; }

out="${CARGO_TARGET_DIR:-$ASSUMABLE_ROOT/target}/bench-access-page/$users-$roles"
rm -rf "$out"
mkdir -p "$out"
cargo build -q --release -p assumable-core --example access_bench
ACCESS_BENCH_WRITE=$out "${CARGO_TARGET_DIR:-$ASSUMABLE_ROOT/target}/release/examples/access_bench" "$users" "$roles"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
bash scripts/nginx-test.sh "$port" "$dist" 2>"$out/nginx.log" &
nginx_pid=$!
# nginx-test.sh execs nginx: this pid is nginx's master; TERM is its fast shutdown.
stop_nginx() { kill -TERM "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; }
trap stop_nginx EXIT
for _ in $(seq 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
  sleep 0.2
done
echo "Chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
node bench/access-page.mjs "http://127.0.0.1:$port/" "$out"/account-*.json --runs "${RUNS:-3}"
