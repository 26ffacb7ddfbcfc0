//! The scenario JSON reader: any bytes give a scenario or a located error,
//! and a scenario read back from its own JSON is the same scenario.
#![no_main]

use assumable_core::Scenario;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Scenario::from_json(text) {
        Ok(scenario) => {
            let again = Scenario::from_json(&scenario.to_json_pretty());
            assert_eq!(again.as_ref().ok(), Some(&scenario), "the JSON of a scenario reads back");
        }
        Err(error) => {
            assert!(!error.message.trim().is_empty(), "an error says what is wrong");
        }
    }
});
