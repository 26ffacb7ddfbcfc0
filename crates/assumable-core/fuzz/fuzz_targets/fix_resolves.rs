//! Whether each fix alone makes its check pass, as the contract asks. Not
//! in the smoke run: it finds checks that fail for two reasons at once,
//! whose fixes each mend one (see README, "Fuzzing").
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
    fix_invariants::check_fixes("fuzz", &scenario, &report, true, &mut problems);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
});
