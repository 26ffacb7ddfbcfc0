#!/usr/bin/env bash
# Builds the wasm crate for node in release mode and runs the node benchmark.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ASSUMABLE_ROOT"
out="$ASSUMABLE_ROOT/target/wasm-pkg/release-nodejs"
wasm-pack --quiet build --release --mode no-install --no-opt --target nodejs --out-dir "$out" crates/assumable-wasm
node crates/assumable-wasm/bench/evaluate.mjs "$out"
