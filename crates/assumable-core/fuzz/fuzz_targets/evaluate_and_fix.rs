//! The evaluator and its fixes: any scenario gives a report; every fix is
//! labelled truthfully, applies, breaks no document and changes no fact;
//! following the fixes ends in `allow` or at advice, never through a bent
//! statement (the corpus test's rules; whether each fix alone makes its
//! check pass is `fix_resolves`'s question).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/fix_invariants.rs"]
mod fix_invariants;

fuzz_target!(|data: &[u8]| {
    let problems = fix_invariants::fuzz_problems(data, false);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
});
