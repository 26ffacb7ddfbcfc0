//! Whether each fix alone makes its check pass, as the contract asks. Not
//! in the smoke run: it finds checks that fail for two reasons at once,
//! whose fixes each mend one (see README, "Fuzzing").
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/fix_invariants.rs"]
mod fix_invariants;

fuzz_target!(|data: &[u8]| {
    let problems = fix_invariants::fuzz_problems(data, true);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
});
