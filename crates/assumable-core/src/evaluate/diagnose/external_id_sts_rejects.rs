//! ## What it catches
//! An `sts:ExternalId` condition whose value STS would never accept as an
//! external ID (white space, a character outside `_+=,.@:/-`, or a length
//! outside 2 to 1,224), while the request passes the value that was meant.
//!
//! ## Why AWS denies
//! No call can pass the policy's value, so the condition is never met.
//!
//! ## Example
//! `"sts:ExternalId": "abc 123"` with `--external-id abc123`: the policy's
//! value becomes `abc123`.
//!
//! ## AWS rule
//! <https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html>

use super::super::category::Category;
use super::super::edits::replace_value;
use super::super::outcome::FixDraft;
use super::{ConditionDiagnosis, Diagnosis, FailedCondition};

pub(crate) struct ExternalIdStsRejects;

/// Whether STS accepts `value` as an ExternalId.
pub(crate) fn is_valid_external_id(value: &str) -> bool {
    (2..=1224).contains(&value.chars().count())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@:/-".contains(c))
}

impl ConditionDiagnosis for ExternalIdStsRejects {
    fn name(&self) -> &'static str {
        "external_id_sts_rejects"
    }

    fn diagnose(&self, failed: &FailedCondition<'_>) -> Option<Diagnosis> {
        if failed.category != Category::ExternalId {
            return None;
        }
        let passed = failed.request.scenario.request.external_id.as_deref()?;
        let written = failed
            .condition
            .values
            .iter()
            .find(|v| !is_valid_external_id(&v.value) && !v.value.contains(['*', '?', '$']))?;
        if written.value.trim() != passed.trim() || !is_valid_external_id(passed) {
            return None;
        }
        Some(Diagnosis::fix(
            Some(format!(
                "`{}` in the policy is not a value STS accepts as an \
                    external ID (2 to 1,224 characters of letters, digits and \
                    _+=,.@:/-), so no call can match it.",
                written.value
            )),
            FixDraft::safe(
                format!("Require the external ID `{passed}`"),
                vec![replace_value(failed.document, written, passed)],
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{diagnose_condition, trust_with, user_request};
    use super::*;

    #[test]
    fn the_passed_value_replaces_one_sts_would_reject() {
        let found = diagnose_condition(
            trust_with(json!({ "StringEquals": { "sts:ExternalId": "abc123\t" } })),
            user_request(json!({ "external_id": "abc123" })),
            "sts:ExternalId",
            |failed| ExternalIdStsRejects.diagnose(failed),
        )
        .unwrap();
        assert_eq!(
            found.fixes.first().unwrap().title,
            "Require the external ID `abc123`"
        );
    }
}
