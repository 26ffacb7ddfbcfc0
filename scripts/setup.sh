#!/usr/bin/env bash
# Brings a machine of this kind to a working state, from the registries only
# (crates.io, npm, Debian). Idempotent: whatever is present at the right
# version is skipped, so a second run takes seconds.
# See ../shared/TOOLCHAIN.md for why each pin and flag is what it is.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ASSUMABLE_ROOT"

started=$(date +%s)
log_dir="$ASSUMABLE_ROOT/target/setup-logs"
mkdir -p "$log_dir"

say() { printf 'setup: %s\n' "$*"; }

# Prints the version a tool reports, or nothing when it is missing.
tool_version() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | head -n1 | awk '{print $2}' || true; }

# --- the three cargo installs take minutes: start them first, in background --
install_pids=()
install_names=()
# Should a quick step fail, still let the installs finish (a rerun then skips
# them) rather than leave them running unseen.
wait_for_installs_on_exit() {
  if [ "${#install_pids[@]}" -gt 0 ] && jobs -r | grep -q .; then
    say "waiting for the background cargo installs to finish"
    wait
  fi
}
trap wait_for_installs_on_exit EXIT
start_install() { # name, then the cargo install arguments
  local name=$1
  shift
  say "installing $name in the background (log: target/setup-logs/$name.log)"
  (cargo install "$@" >"$log_dir/$name.log" 2>&1) &
  install_pids+=($!)
  install_names+=("$name")
}

# Cargo.lock must name the wasm-bindgen the workspace pins before we read it.
if [ -z "$(lockfile_wasm_bindgen_version)" ]; then
  cargo metadata --format-version 1 >/dev/null
fi
wasm_bindgen_version=$(lockfile_wasm_bindgen_version)
[ -n "$wasm_bindgen_version" ] || { say "Cargo.lock names no wasm-bindgen"; exit 1; }

if [ "$(tool_version trunk)" = "$TRUNK_VERSION" ]; then
  say "trunk $TRUNK_VERSION present"
else
  start_install trunk --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(tool_version wasm-bindgen)" = "$wasm_bindgen_version" ] \
  && [ "$(tool_version wasm-bindgen-test-runner)" = "$wasm_bindgen_version" ]; then
  say "wasm-bindgen-cli $wasm_bindgen_version present"
else
  # 0.2.130's own lockfile wants a webpki-roots the registry lacks, so
  # --locked fails there; fall back to a fresh resolution.
  say "installing wasm-bindgen-cli $wasm_bindgen_version in the background (log: target/setup-logs/wasm-bindgen-cli.log)"
  (cargo install --locked wasm-bindgen-cli --version "$wasm_bindgen_version" >"$log_dir/wasm-bindgen-cli.log" 2>&1 \
    || cargo install --force wasm-bindgen-cli --version "$wasm_bindgen_version" >>"$log_dir/wasm-bindgen-cli.log" 2>&1) &
  install_pids+=($!)
  install_names+=(wasm-bindgen-cli)
fi

if [ "$(tool_version wasm-pack)" = "$WASM_PACK_VERSION" ]; then
  say "wasm-pack $WASM_PACK_VERSION present"
else
  start_install wasm-pack --locked wasm-pack --version "$WASM_PACK_VERSION"
fi

# cargo-fuzz prints "cargo-fuzz 0.13.2".
if [ "$(tool_version cargo-fuzz)" = "$CARGO_FUZZ_VERSION" ]; then
  say "cargo-fuzz $CARGO_FUZZ_VERSION present"
else
  start_install cargo-fuzz --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

# --- meanwhile: the quick ones ----------------------------------------------
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target present"
else
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Debian's packages: Chromium and its driver for the browser tests; nginx with
# its brotli_static module, which serves the release build to the e2e tests as
# deployed (deploy/nginx.conf, scripts/nginx-test.sh); brotli, which
# precompresses it (scripts/build-site.sh; gzip is in every Debian).
debian_packages=(chromium chromium-driver nginx libnginx-mod-http-brotli-static brotli)
missing_packages=()
for package in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -qx 'install ok installed' \
    || missing_packages+=("$package")
done
if [ "${#missing_packages[@]}" -eq 0 ]; then
  say "Debian's ${debian_packages[*]} present"
else
  say "installing Debian's ${missing_packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing_packages[@]}" >"$log_dir/apt.log" 2>&1 \
    || { tail -n 30 "$log_dir/apt.log"; exit 1; }
fi

# npm ci only when package-lock.json changed since the last install.
# --ignore-scripts: no package may run an install hook (none needs one).
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f node_modules/.setup-lock-sum ] && [ "$(cat node_modules/.setup-lock-sum)" = "$lock_sum" ]; then
  say "node_modules matches package-lock.json"
else
  say "npm ci (playwright-core, @playwright/test, axe-core, binaryen, lighthouse)"
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
  echo "$lock_sum" >node_modules/.setup-lock-sum
fi
# Prints "wasm-opt version 132 (version_132)".
wasm-opt --version 2>/dev/null | grep -q "^wasm-opt version $BINARYEN_VERSION " \
  || { say "wasm-opt on PATH is not binaryen $BINARYEN_VERSION: $(command -v wasm-opt)"; exit 1; }

# Crates for every later --offline build (quick when already fetched).
say "cargo fetch"
cargo fetch --quiet
# The fuzz crate is its own workspace (crates/assumable-core/fuzz).
cargo fetch --quiet --manifest-path crates/assumable-core/fuzz/Cargo.toml

# --- wait for the cargo installs -------------------------------------------
failed=0
for i in "${!install_pids[@]}"; do
  if wait "${install_pids[$i]}"; then
    say "${install_names[$i]} installed"
  else
    say "${install_names[$i]} failed to install; the end of its log:"
    tail -n 30 "$log_dir/${install_names[$i]}.log"
    failed=1
  fi
done
[ "$failed" = 0 ] || exit 1

# Final check: every tool answers with the pinned version.
[ "$(tool_version trunk)" = "$TRUNK_VERSION" ] || { say "trunk is not $TRUNK_VERSION"; exit 1; }
[ "$(tool_version wasm-bindgen)" = "$wasm_bindgen_version" ] || { say "wasm-bindgen is not $wasm_bindgen_version"; exit 1; }
[ "$(tool_version wasm-pack)" = "$WASM_PACK_VERSION" ] || { say "wasm-pack is not $WASM_PACK_VERSION"; exit 1; }
[ "$(tool_version cargo-fuzz)" = "$CARGO_FUZZ_VERSION" ] || { say "cargo-fuzz is not $CARGO_FUZZ_VERSION"; exit 1; }

say "ready in $(($(date +%s) - started)) s"
