//! Turns a scenario into a report. OWNER: lead.

use crate::report::{Decision, Report};
use crate::scenario::{Scenario, ScenarioError};

pub fn evaluate(scenario: &Scenario) -> Report {
    let _ = scenario;
    Report {
        decision: Decision::Invalid,
        checks: Vec::new(),
        summary: String::new(),
    }
}

pub fn evaluate_json(text: &str) -> Result<Report, ScenarioError> {
    Scenario::from_json(text).map(|scenario| evaluate(&scenario))
}
