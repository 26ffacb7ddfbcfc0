//! Redaction: any scenario redacts without a panic, and the redacted case
//! is decided as the original was.
#![no_main]

use assumable_core::redact::redact;
use assumable_core::{evaluate, Scenario};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(scenario) = Scenario::from_json(text) else {
        return;
    };
    let before = evaluate(&scenario).decision;
    let after = evaluate(&redact(&scenario)).decision;
    assert_eq!(before, after, "redaction keeps the decision");
});
