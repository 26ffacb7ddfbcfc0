//! Share links: `#s=` + base64url(raw DEFLATE(scenario JSON)), no padding.
//! OWNER: CLI helper.

use crate::scenario::Scenario;

/// Why a fragment could not be turned back into a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareError {
    pub message: String,
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ShareError {}

/// The fragment payload (what follows `#s=`) for a scenario.
pub fn encode_fragment(scenario: &Scenario) -> String {
    let _ = scenario;
    String::new()
}

/// The scenario a fragment payload (what follows `#s=`) holds.
pub fn decode_fragment(payload: &str) -> Result<Scenario, ShareError> {
    let _ = payload;
    Err(ShareError {
        message: "not implemented".into(),
    })
}

/// A full link: `base` (without fragment) + `#s=` + payload.
pub fn share_link(base: &str, scenario: &Scenario) -> String {
    format!(
        "{}#s={}",
        base.split('#').next().unwrap_or(base),
        encode_fragment(scenario)
    )
}
