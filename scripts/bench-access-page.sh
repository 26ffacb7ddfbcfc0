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

source scripts/nginx-background.sh
serve_in_background "$dist" "$out/nginx.log"
echo "Chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
node bench/access-page.mjs "$url" "$out"/account-*.json --runs "${RUNS:-3}"
