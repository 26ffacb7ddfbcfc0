#!/usr/bin/env bash
# unsafe_code is denied workspace-wide (Cargo.toml: deny, not forbid, so that
# one module can allow it): the package's allocator, and no other file.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
allowed="crates/assumable-wasm/src/arena.rs"
found=$(grep -rl "unsafe_code" --include='*.rs' crates web | sort || true)
if [ "$found" != "$allowed" ]; then
  printf 'unsafe_code is named outside %s (or not in it):\n%s\n' "$allowed" "$found" >&2
  exit 1
fi
echo "unsafe code is allowed in $allowed only"
