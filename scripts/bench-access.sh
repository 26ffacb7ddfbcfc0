#!/usr/bin/env bash
# Account-wide access on generated organizations, natively (release build):
# how loading the dumps and answering the pairs grow with the size. A
# benchmark, not a test: it prints times. See README, "Page weight and speed".
#
#   scripts/bench-access.sh              250, 500 and 1,000 users x as many roles
#   scripts/bench-access.sh 2000 2000    one size
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ASSUMABLE_ROOT"
cargo build -q --release -p assumable-core --example access_bench
run() { "$ASSUMABLE_ROOT/target/release/examples/access_bench" "$1" "$2"; }
if [ $# -eq 2 ]; then
  run "$1" "$2"
else
  for size in 250 500 1000; do run "$size" "$size"; done
fi
