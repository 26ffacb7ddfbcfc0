#!/usr/bin/env bash
# Builds the wasm crate for node as the JavaScript package ships it (profile
# `speed`, opt-level 3, then wasm-opt -O3: crates/assumable-wasm/Cargo.toml's
# wasm-pack metadata; some 50 s of the build), plus the benchmark-only
# `evaluate_decision` export, and runs the node benchmark. Measures; asserts
# nothing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ASSUMABLE_ROOT"
out="$ASSUMABLE_ROOT/target/wasm-pkg/bench-nodejs"
wasm-pack --quiet build --profile speed --mode no-install --target nodejs \
  --out-dir "$out" crates/assumable-wasm -- --features bench
node crates/assumable-wasm/bench/evaluate.mjs "$out"
