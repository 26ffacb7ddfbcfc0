#!/usr/bin/env bash
# Raw and gzip (-9) sizes of a release build's wasm, JS, CSS and HTML: the
# first load (what every visitor downloads) and, apart, what loads on demand:
# the reader worker, fetched the first time a person pastes (files named
# `*reader*`), the redactor, fetched the first time a person shares a link
# redacted (`*redactor*`), and the access worker, fetched when the account
# view first answers (`*access*`); and, apart, what installing and offline use, fetched
# after the first load: the service worker, the manifest and the icons (the
# service worker then caches the workers too). Usage: scripts/size-report.sh [dist]
set -euo pipefail
dist=${1:-dist}
[ -d "$dist" ] || { echo "size-report: no $dist/ (run trunk build --release first)"; exit 1; }

kib() { awk -v bytes="$1" 'BEGIN { printf "%.1f KiB", bytes / 1024 }'; }

shopt -s nullglob
files=("$dist"/*.wasm "$dist"/*.js "$dist"/*.css "$dist"/*.html "$dist"/*.webmanifest "$dist"/*.svg "$dist"/*.png)
[ "${#files[@]}" -gt 0 ] || { echo "size-report: nothing to measure in $dist/"; exit 1; }

# report LABEL FILE...: one line per file, then the label's total.
report() {
  local label=$1 raw gz total_raw=0 total_gzip=0
  shift
  for file in "$@"; do
    raw=$(wc -c <"$file")
    gz=$(gzip -9 -c "$file" | wc -c)
    total_raw=$((total_raw + raw))
    total_gzip=$((total_gzip + gz))
    printf '%-48s %12s %12s\n' "$(basename "$file")" "$(kib "$raw")" "$(kib "$gz")"
  done
  printf '%-48s %12s %12s\n' "$label" "$(kib "$total_raw")" "$(kib "$total_gzip")"
}

first=()
reader=()
redactor=()
access=()
offline=()
for file in "${files[@]}"; do
  case $(basename "$file") in
    sw.js | *.webmanifest | *.svg | *.png) offline+=("$file") ;;
    *redactor*) redactor+=("$file") ;;
    *reader*) reader+=("$file") ;;
    *access*) access+=("$file") ;;
    *) first+=("$file") ;;
  esac
done
printf '%-48s %12s %12s\n' "file" "raw" "gzip"
report "total (first load)" "${first[@]}"
if [ "${#reader[@]}" -gt 0 ]; then
  echo
  report "total (on demand: the reader, on the first paste)" "${reader[@]}"
fi
if [ "${#redactor[@]}" -gt 0 ]; then
  echo
  report "total (on demand: the redactor, on the first redacted link)" "${redactor[@]}"
fi
if [ "${#access[@]}" -gt 0 ]; then
  echo
  report "total (on demand: the access worker, for the account view)" "${access[@]}"
fi
if [ "${#offline[@]}" -gt 0 ]; then
  echo
  report "total (after the first load: service worker, manifest, icons)" "${offline[@]}"
fi
