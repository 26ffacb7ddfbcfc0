#!/usr/bin/env bash
# Per-pair speed of the JavaScript package's decide() (profile `speed` and
# wasm-opt -O3, as scripts/bench-wasm.sh builds it, with the benchmark-only
# exports that split its time: reading the JSON, deciding) against
# @cloud-copilot/iam-simulate's runSimulation on the same pairs, in one node
# run. iam-simulate is the benchmark's own dev dependency
# (bench/iam-simulate/package.json and its lockfile), installed there with
# `npm ci`, never in the root package.json.
# Measures; asserts nothing (a pair on which the two decide differently is
# said, not timed).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ASSUMABLE_ROOT"
bench=bench/iam-simulate
if [ ! -d "$bench/node_modules/@cloud-copilot/iam-simulate" ]; then
  (cd "$bench" && npm ci --no-audit --no-fund)
fi
out="$ASSUMABLE_ROOT/target/wasm-pkg/bench-iam-simulate-nodejs"
wasm-pack --quiet build --profile speed --mode no-install --target nodejs \
  --out-dir "$out" crates/assumable-wasm -- --features bench
node "$bench/bench.mjs" "$out"
