#!/usr/bin/env bash
# Account-wide access on generated organizations, natively (release build):
# how loading the dumps and answering the pairs grow with the size, the
# pairs evaluated and skipped, and the peak memory. A benchmark, not a
# test: it prints times. See README, "Page weight and speed".
#
#   scripts/bench-access.sh              500 users x 1,000 roles (1,500 principals x 1,000 roles), then 2x and 4x
#   scripts/bench-access.sh 2000 2000    one size (users, roles)
#
# Builds into $CARGO_TARGET_DIR when it is set, else target/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ASSUMABLE_ROOT"
cargo build -q --release -p assumable-core --example access_bench
target="${CARGO_TARGET_DIR:-$ASSUMABLE_ROOT/target}"
run() { "$target/release/examples/access_bench" "$1" "$2"; }
if [ $# -eq 2 ]; then
  run "$1" "$2"
else
  for scale in 1 2 4; do run $((500 * scale)) $((1000 * scale)); done
fi
