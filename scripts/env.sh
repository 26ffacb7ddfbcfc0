# Sourced by the other scripts: one place for the environment that keeps every
# tool offline and picks the project's pinned tools first.
# shellcheck shell=bash

ASSUMABLE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export ASSUMABLE_ROOT

# node_modules/.bin first: npm's binaryen 132 wasm-opt must win over Debian's
# binaryen 108, which cannot read Yew's output (table.fill).
export PATH="$ASSUMABLE_ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# Trunk: never ask crates.io's web API for a newer version, never download tools.
export TRUNK_SKIP_VERSION_CHECK=true
# wasm-pack tests and wasm-bindgen-test-runner use Debian's driver.
export CHROMEDRIVER=/usr/bin/chromedriver
export CHROME_BIN=/usr/bin/chromium

# Pinned tool versions (TOOLCHAIN.md). wasm-bindgen's comes from Cargo.lock.
TRUNK_VERSION=0.21.14
WASM_PACK_VERSION=0.15.1
CARGO_FUZZ_VERSION=0.13.2
BINARYEN_VERSION=132

# The wasm-bindgen version Cargo.lock resolved (the workspace pins it exactly).
lockfile_wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' \
    "$ASSUMABLE_ROOT/Cargo.lock"
}
