# Sourced by the benchmarks that need the page served as deployed
# (scripts/lighthouse.sh, scripts/bench-access-page.sh): starts
# scripts/nginx-test.sh in the background, waits until it answers, and stops
# it when the calling script exits.
# shellcheck shell=bash

# serve_in_background DIST LOG: sets `port` and `url`; exits with nginx's log
# when it does not start.
serve_in_background() {
  local dist=$1 log=$2
  port=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  url="http://127.0.0.1:$port/"
  bash "$ASSUMABLE_ROOT/scripts/nginx-test.sh" "$port" "$dist" 2>"$log" &
  nginx_pid=$!
  # nginx-test.sh execs nginx: this pid is nginx's master; TERM is its fast shutdown.
  trap 'kill -TERM "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 50); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.2
  done
  curl -fsS -o /dev/null "$url" || { echo "nginx did not start:"; cat "$log"; exit 1; }
}
