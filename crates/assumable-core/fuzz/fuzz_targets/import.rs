//! Import: any pasted text (two pastes, when a line `---` parts it) gives an
//! outcome, never a panic; every input is either recognised or said to be
//! unrecognised with a message; the scenario it fills reads back from its
//! own JSON and evaluates.
#![no_main]

use assumable_core::{evaluate, import, ImportInput, Scenario};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let inputs: Vec<ImportInput> = text
        .splitn(2, "\n---\n")
        .enumerate()
        .map(|(n, part)| ImportInput {
            source: format!("paste-{n}"),
            text: part.to_string(),
        })
        .collect();
    let outcome = import(&inputs, None);
    assert_eq!(
        outcome.recognized.len() + outcome.unrecognized.len(),
        inputs.len(),
        "each input is recognised or said not to be"
    );
    for unrecognized in &outcome.unrecognized {
        assert!(!unrecognized.error.trim().is_empty(), "an unrecognised input is told why");
    }
    let again = Scenario::from_json(&outcome.scenario.to_json_pretty());
    assert_eq!(again.as_ref().ok(), Some(&outcome.scenario), "the filled scenario reads back");
    let _ = evaluate(&outcome.scenario);
});
