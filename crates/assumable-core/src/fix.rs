//! Applying a fix's edits to a scenario. OWNER: lead.

use crate::report::Fix;
use crate::scenario::Scenario;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixError {
    pub message: String,
}

impl std::fmt::Display for FixError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FixError {}

/// The scenario with every edit of `fix` applied. A policy that gets a text
/// edit becomes pasted text (its canonical text with the edit applied).
pub fn apply_fix(scenario: &Scenario, fix: &Fix) -> Result<Scenario, FixError> {
    let _ = fix;
    Ok(scenario.clone())
}
