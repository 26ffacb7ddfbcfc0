#!/usr/bin/env bash
# Every test: set-up, then fmt, clippy (native and wasm32), native tests, the
# wasm crate's tests in node and in headless Chromium, the wasm corpus and
# account tests in node, the release build (precompressed: build-site.sh), the
# Playwright end-to-end tests against it served by nginx as deployed
# (deploy/nginx.conf), and the release sizes. Every step runs even when an
# earlier one fails (a step that needs a failed step's output is marked
# skipped); the summary at the end lists each step, and the exit code is
# non-zero if any step failed.
#
#   scripts/test.sh               set-up, then everything
#   SKIP_SETUP=1 scripts/test.sh  everything, without re-running set-up
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ASSUMABLE_ROOT"

if [ -z "${SKIP_SETUP:-}" ]; then
  bash scripts/setup.sh || { echo "test: set-up failed"; exit 1; }
fi

# Set-up fetched every crate; from here on nothing may reach the network.
export CARGO_NET_OFFLINE=true
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

log_dir="$ASSUMABLE_ROOT/target/test-logs"
rm -rf "$log_dir"
mkdir -p "$log_dir"

step_names=()
step_results=()
step_notes=()
step_seconds=()
tests_passed=0
tests_failed=0

# Adds the "N passed / N failed" counts found in a step's log (cargo test,
# wasm-bindgen-test, node --test, Playwright) to the totals; echoes "passed failed".
count_tests() {
  local log=$1
  awk '
    /^test result: / { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed;?$/) p += $(i-1); if ($(i) ~ /^failed;?$/) f += $(i-1) } }
    /^# pass [0-9]+$/ { p += $3 }
    /^# fail [0-9]+$/ { f += $3 }
    /^ +[0-9]+ passed \(/ { p += $1 }
    /^ +[0-9]+ (failed|flaky)$/ { f += $1 }
    END { printf "%d %d\n", p, f }
  ' "$log"
}

# run_step NAME [--min-passed] COMMAND...: runs, logs, times and records a step.
# With --min-passed the step also fails when its log shows no passed test
# (a browser run that skips every test still exits 0).
run_step() {
  local name=$1
  shift
  local min_passed=0
  if [ "$1" = "--min-passed" ]; then
    min_passed=1
    shift
  fi
  local log="$log_dir/$name.log"
  printf '\n==> %s: %s\n' "$name" "$*"
  local started=$SECONDS
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local counts passed failed note=""
  counts=$(count_tests "$log")
  passed=${counts% *}
  failed=${counts#* }
  tests_passed=$((tests_passed + passed))
  tests_failed=$((tests_failed + failed))
  if [ "$passed" -gt 0 ] || [ "$failed" -gt 0 ]; then
    note="$passed passed, $failed failed"
  fi
  if [ "$status" -eq 0 ] && [ "$min_passed" = 1 ] && [ "$passed" -eq 0 ]; then
    status=1
    note="no test ran (a skipped run exits 0)"
  fi
  step_names+=("$name")
  step_seconds+=($((SECONDS - started)))
  step_notes+=("$note")
  if [ "$status" -eq 0 ]; then step_results+=(ok); else step_results+=(FAILED); fi
  return "$status"
}

skip_step() { # name, reason
  printf '\n==> %s: skipped (%s)\n' "$1" "$2"
  step_names+=("$1")
  step_seconds+=(0)
  step_notes+=("$2")
  step_results+=(skipped)
}

wasm_crate=crates/assumable-wasm
wasm_pkg="$ASSUMABLE_ROOT/target/wasm-pkg"

run_step fmt cargo fmt --all --check
run_step unsafe-scope scripts/unsafe-scope.sh
run_step clippy-native cargo clippy --workspace --all-targets -- -D warnings
run_step clippy-wasm32 cargo clippy --target wasm32-unknown-unknown -p assumable-wasm -p assumable-web --all-targets -- -D warnings
run_step cargo-test cargo test --workspace
# The core as the page builds it: without `as-written` (crates/assumable-core/Cargo.toml).
run_step cargo-test-page-core cargo test -p assumable-core --no-default-features
# A minute of coverage-guided fuzzing, seeded from the corpus: a fixed number
# of inputs per target with a fixed random seed, so a failure here reproduces.
run_step fuzz-smoke scripts/fuzz.sh --smoke
run_step wasm-node --min-passed wasm-pack test --node --mode no-install "$wasm_crate" --test node
run_step wasm-chromium --min-passed wasm-pack test --headless --chrome --mode no-install "$wasm_crate" --test browser
# A debug build: quick (no 80-second JS wasm-opt pass) and stricter (overflow checks).
if run_step wasm-pack-build wasm-pack --quiet build --dev --mode no-install --target nodejs \
  --out-dir "$wasm_pkg/nodejs" "$wasm_crate"; then
  run_step wasm-corpus --min-passed env ASSUMABLE_WASM_PKG="$wasm_pkg/nodejs" node --test "$wasm_crate/tests/corpus.mjs" "$wasm_crate/tests/account.mjs"
else
  skip_step wasm-corpus "the wasm package did not build"
fi
if run_step build-site bash scripts/build-site.sh; then
  e2e_port=${E2E_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  run_step e2e --min-passed env E2E_PORT="$e2e_port" E2E_DIST=dist \
    playwright test --config tests/e2e/playwright.config.mjs
  run_step size-report bash scripts/size-report.sh dist
else
  skip_step e2e "the release build failed"
  skip_step size-report "the release build failed"
fi

# --- summary ------------------------------------------------------------------
failed_steps=()
printf '\n==> summary (logs in target/test-logs/)\n'
for i in "${!step_names[@]}"; do
  printf '  %-16s %-8s %5ss  %s\n' "${step_names[$i]}" "${step_results[$i]}" "${step_seconds[$i]}" "${step_notes[$i]}"
  [ "${step_results[$i]}" = ok ] || failed_steps+=("${step_names[$i]}")
done
if [ "${#failed_steps[@]}" -eq 0 ]; then
  echo "result: every step passed"
  status=0
else
  echo "result: FAILED: ${failed_steps[*]}"
  status=1
fi
echo "tests: $tests_passed passed, $tests_failed failed"
exit "$status"
