#!/usr/bin/env bash
# Raw and gzip (-9) sizes of a release build's wasm, JS, CSS and HTML, and
# their total: what a visitor downloads. Usage: scripts/size-report.sh [dist]
set -euo pipefail
dist=${1:-dist}
[ -d "$dist" ] || { echo "size-report: no $dist/ (run trunk build --release first)"; exit 1; }

kib() { awk -v bytes="$1" 'BEGIN { printf "%.1f KiB", bytes / 1024 }'; }

shopt -s nullglob
files=("$dist"/*.wasm "$dist"/*.js "$dist"/*.css "$dist"/*.html)
[ "${#files[@]}" -gt 0 ] || { echo "size-report: nothing to measure in $dist/"; exit 1; }

total_raw=0
total_gzip=0
printf '%-48s %12s %12s\n' "file" "raw" "gzip"
for file in "${files[@]}"; do
  raw=$(wc -c <"$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  total_raw=$((total_raw + raw))
  total_gzip=$((total_gzip + gz))
  printf '%-48s %12s %12s\n' "$(basename "$file")" "$(kib "$raw")" "$(kib "$gz")"
done
printf '%-48s %12s %12s\n' "total" "$(kib "$total_raw")" "$(kib "$total_gzip")"
