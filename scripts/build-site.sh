#!/usr/bin/env bash
# The site as deployed: the release build (trunk build --release --offline),
# then a .br (brotli -q 11) and a .gz (gzip -9) beside every compressible file
# (wasm, js, css, html, svg, webmanifest, json), for a server that sends them
# as they are (deploy/nginx.conf: brotli_static, gzip_static).
#
#   scripts/build-site.sh                      dist/
#   scripts/build-site.sh --dist DIR           another folder
#   scripts/build-site.sh --compress-only DIR  compress a build already made
#   scripts/build-site.sh -- --features X      more arguments for trunk build
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ASSUMABLE_ROOT"

dist=dist
build=1
while [ $# -gt 0 ]; do
  case $1 in
    --dist) dist=${2:?--dist needs a folder}; shift 2 ;;
    --compress-only) build=0; dist=${2:?--compress-only needs a folder}; shift 2 ;;
    --) shift; break ;;
    *) echo "build-site: unknown argument $1 (see the script's head)" >&2; exit 2 ;;
  esac
done
for tool in gzip brotli; do
  command -v "$tool" >/dev/null || { echo "build-site: no $tool (scripts/setup.sh installs it)" >&2; exit 1; }
done

if [ "$build" = 1 ]; then
  trunk build --release --offline --dist "$dist" "$@"
fi
[ -f "$dist/index.html" ] || { echo "build-site: no $dist/index.html" >&2; exit 1; }

# Every compressed variant is written anew from its file (no stale one stays
# beside a file that changed); -n keeps the name and time out of the .gz, so
# the same build compresses to the same bytes.
find "$dist" -type f \( -name '*.br' -o -name '*.gz' \) -delete
count=0
while IFS= read -r -d '' file; do
  gzip -9 -n -c -- "$file" >"$file.gz"
  brotli -q 11 -c -- "$file" >"$file.br"
  count=$((count + 1))
done < <(find "$dist" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \
  -o -name '*.svg' -o -name '*.webmanifest' -o -name '*.json' \) -print0)
echo "build-site: $dist/ with a .br and a .gz beside each of its $count compressible files"
