//! The examples gallery: cases from `tests/cases`, embedded at build time.

use assumable_core::Scenario;

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

#[derive(Clone, PartialEq)]
pub struct Example {
    pub file: &'static str,
    pub story: String,
    pub decision: String,
    pub scenario: Scenario,
}

/// Every embedded example that parses, in gallery order.
pub fn all() -> Vec<Example> {
    EXAMPLES
        .iter()
        .filter_map(|(file, text)| {
            let scenario = Scenario::from_json(text).ok()?;
            Some(Example {
                file,
                story: scenario.name.clone().unwrap_or_else(|| file.to_string()),
                decision: scenario
                    .expect
                    .as_ref()
                    .and_then(|expect| expect.decision.clone())
                    .unwrap_or_default(),
                scenario,
            })
        })
        .collect()
}

/// What a first visit shows: a common failure.
pub fn first() -> Scenario {
    all()
        .into_iter()
        .next()
        .map(|example| example.scenario)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_embedded_example_is_a_valid_scenario() {
        for (file, text) in super::EXAMPLES {
            assert!(
                assumable_core::Scenario::from_json(text).is_ok(),
                "{file} does not parse"
            );
        }
        assert!(!super::EXAMPLES.is_empty());
    }
}
