#!/usr/bin/env bash
# Coverage-guided fuzzing of the core with cargo-fuzz (libFuzzer), seeded from
# the scenario corpus. See README, "Fuzzing".
#
#   scripts/fuzz.sh                       every target for 60 s each
#   scripts/fuzz.sh --smoke               CI's smoke run: every target from its
#                                         seeds alone, a fixed number of inputs
#                                         with a fixed random seed (about ten
#                                         seconds each here), so that a failure
#                                         CI meets is met again by running this
#   scripts/fuzz.sh --seconds 12          every target for 12 s
#   scripts/fuzz.sh --runs 10000000 redact   one target for 10 million inputs
#   scripts/fuzz.sh fix_resolves          the contract's "a fix makes its check
#                                         pass", outside the default set (README)
#
# Exits non-zero, naming the saved input, when a target panics, runs out of
# memory (2 GiB) or takes over 10 s on one input.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ASSUMABLE_ROOT"

all_targets=(scenario_json policy_text evaluate_and_fix share_link redact import)
limit=(-max_total_time=60)
smoke=
# The smoke run's inputs per target: about ten seconds each on this machine.
declare -A smoke_runs=([scenario_json]=500000 [policy_text]=80000 [evaluate_and_fix]=60000
  [share_link]=200000 [redact]=50000 [import]=40000 [fix_resolves]=30000)
targets=()
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) limit=("-max_total_time=$2"); shift 2 ;;
    --runs) limit=("-runs=$2"); shift 2 ;;
    --smoke) smoke=1; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

command -v cargo-fuzz >/dev/null || { echo "fuzz: cargo-fuzz is missing; run scripts/setup.sh" >&2; exit 1; }

work=$ASSUMABLE_ROOT/target/fuzz
mkdir -p "$work"
# The seeds are written from tests/cases for each run (a directory of its
# own, so that runs side by side do not share one); what libFuzzer learns
# (its corpus) is kept between runs.
seeds=$(mktemp -d "$work/seeds.XXXXXX")
trap 'rm -rf "$seeds"' EXIT
node crates/assumable-core/fuzz/seeds.mjs "$seeds"

# No sanitizer: the core forbids `unsafe`, so AddressSanitizer would find
# nothing Rust does not already check, at about twice the cost per input.
# libFuzzer still catches panics, timeouts and memory blow-ups.
fuzz=(cargo fuzz run --fuzz-dir crates/assumable-core/fuzz --sanitizer none --release
  --target-dir "$work/build")
for target in "${targets[@]}"; do
  mkdir -p "$work/corpus/$target" "$work/artifacts/$target"
  corpus=$work/corpus/$target
  if [ -n "$smoke" ]; then
    # What earlier runs on this machine learnt stays out of it: a clean
    # clone and this machine fuzz exactly the same inputs.
    corpus=$seeds/smoke-$target
    mkdir -p "$corpus"
    limit=("-runs=${smoke_runs[$target]:-50000}" -seed=1)
  fi
  # The smoke run logs apart: a long run of the same target may be writing
  # its own log meanwhile.
  log=$work/$target.log
  [ -z "$smoke" ] || log=$work/smoke-$target.log
  echo "fuzz: $target (${limit[*]})"
  "${fuzz[@]}" "$target" "$corpus" "$seeds/$target" -- \
    "${limit[@]}" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/$target/" 2>"$log" \
    || { tail -n 40 "$log" >&2; echo "fuzz: $target FAILED (log: ${log#"$ASSUMABLE_ROOT/"})" >&2; exit 1; }
  grep -a -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" | sed "s/^/fuzz: $target: /"
done
