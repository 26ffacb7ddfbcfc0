#!/usr/bin/env bash
# A benchmark of the page as users get it, not a test (CI does not run it):
# the release build served by nginx as deployed (scripts/nginx-test.sh), then
#  - Lighthouse (npm's, package.json) in Debian's Chromium, desktop and mobile
#    presets (mobile: simulated slow 4G and a 4x slower CPU): the performance,
#    accessibility, best-practices and SEO scores, first contentful paint,
#    largest contentful paint, total blocking time and time to interactive;
#  - bench/throttled-verdict.mjs: from navigation to the verdict of a share
#    link with Chromium's network throttled to slow 4G, cold and warm.
# Reports in target/lighthouse/ (JSON, and HTML to look at). Lighthouse 12
# (13 wants Node.js 22); package.json pins third-party-web, which its trace
# engine asks for as "latest", so that npm ci stays in step with the lock.
#
#   scripts/lighthouse.sh [DIST]    DIST defaults to dist (scripts/build-site.sh)
#   RUNS=5 scripts/lighthouse.sh    more rounds of the throttled verdict (3)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ASSUMABLE_ROOT"

dist=${1:-dist}
[ -f "$dist/index.html" ] || { echo "lighthouse: no $dist/index.html (run scripts/build-site.sh)"; exit 1; }
ls "$dist"/*.wasm.br >/dev/null 2>&1 || echo "lighthouse: $dist/ has no .br files: measured without precompression (scripts/build-site.sh)"
command -v lighthouse >/dev/null || { echo "lighthouse: not installed (scripts/setup.sh)"; exit 1; }
export CHROME_PATH=${CHROME_BIN:-/usr/bin/chromium}

out="$ASSUMABLE_ROOT/target/lighthouse"
mkdir -p "$out"
source scripts/nginx-background.sh
serve_in_background "$dist" "$out/nginx.log"

echo "lighthouse $(lighthouse --version), $("$CHROME_PATH" --version 2>/dev/null), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d)"
chrome_flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
for preset in desktop mobile; do
  preset_flag=()
  [ "$preset" = desktop ] && preset_flag=(--preset=desktop)
  lighthouse "$url" "${preset_flag[@]}" --quiet \
    --chrome-flags="$chrome_flags" \
    --only-categories=performance,accessibility,best-practices,seo \
    --output=json --output=html --output-path="$out/$preset" >"$out/$preset.log" 2>&1 \
    || { echo "lighthouse: the $preset run failed:"; tail -n 20 "$out/$preset.log"; exit 1; }
  node -e '
    const report = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const score = (id) => Math.round(report.categories[id].score * 100);
    const audit = (id) => report.audits[id].displayValue ?? "n/a";
    console.log(`${process.argv[2].padEnd(8)} performance ${score("performance")}, accessibility ${score("accessibility")}, ` +
      `best practices ${score("best-practices")}, SEO ${score("seo")}; first contentful paint ${audit("first-contentful-paint")}, ` +
      `largest ${audit("largest-contentful-paint")}, total blocking time ${audit("total-blocking-time")}, ` +
      `time to interactive ${audit("interactive")}`);
    for (const [id, category] of Object.entries(report.categories)) {
      if (id === "performance") continue;
      const failing = category.auditRefs.filter((ref) => ref.weight > 0 && report.audits[ref.id].score !== null && report.audits[ref.id].score < 1);
      if (failing.length) console.log(`         ${id} loses on: ${failing.map((ref) => ref.id).join(", ")}`);
    }
  ' "$out/$preset.report.json" "$preset"
done
echo
node bench/throttled-verdict.mjs "$url" --runs "${RUNS:-3}"
echo
echo "lighthouse: reports in target/lighthouse/ (desktop.report.html, mobile.report.html)"
