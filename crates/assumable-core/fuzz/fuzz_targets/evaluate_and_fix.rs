//! The evaluator and its fixes: any scenario gives a report; every fix is
//! labelled truthfully, applies, breaks no document and changes no fact;
//! following the fixes ends in `allow` or at advice, never through a bent
//! statement (the corpus test's rules; whether each fix alone makes its
//! check pass is `fix_resolves`'s question).
#![no_main]

use assumable_core::{evaluate, Scenario};
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/fix_invariants.rs"]
#[allow(dead_code)]
mod fix_invariants;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(scenario) = Scenario::from_json(text) else {
        return;
    };
    let report = evaluate(&scenario);
    let mut problems = Vec::new();
    fix_invariants::check_fixes("fuzz", &scenario, &report, false, &mut problems);
    fix_invariants::check_fix_chain("fuzz", &scenario, &mut problems);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
});
