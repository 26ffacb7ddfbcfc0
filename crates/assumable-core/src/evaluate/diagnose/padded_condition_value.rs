//! ## What it catches
//! A condition value with white space around it (`" abc"`), a paste
//! artifact.
//!
//! ## Why AWS denies
//! The comparison keeps every character: `StringEquals` is "Exact matching".
//!
//! ## Example
//! `"sts:ExternalId": "abc "` → `"abc"` in the policy (not in the request).
//!
//! ## AWS rule
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String>

use super::super::edits::replace_value;
use super::super::outcome::FixDraft;
use super::{ConditionDiagnosis, Diagnosis, FailedCondition};

pub(crate) struct PaddedConditionValue;

impl ConditionDiagnosis for PaddedConditionValue {
    fn name(&self) -> &'static str {
        "padded_condition_value"
    }

    fn diagnose(&self, failed: &FailedCondition<'_>) -> Option<Diagnosis> {
        let condition = failed.condition;
        condition
            .values
            .iter()
            .enumerate()
            .find_map(|(index, value)| {
                let trimmed = value.value.trim();
                if trimmed == value.value || trimmed.is_empty() {
                    return None;
                }
                let mut fixed = condition.clone();
                if let Some(slot) = fixed.values.get_mut(index) {
                    slot.value = trimmed.to_string();
                }
                failed.met_by(&fixed).then(|| {
                    Diagnosis::fix(
                        Some(format!(
                            "The policy value `{}` has white space around it, which the \
                            comparison keeps.",
                            value.value
                        )),
                        FixDraft::safe(
                            format!("Trim the policy value to `{trimmed}`"),
                            vec![replace_value(failed.document, value, trimmed)],
                        ),
                    )
                })
            })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{diagnose_condition, trust_with, user_request};
    use super::*;

    #[test]
    fn a_padded_value_is_trimmed_in_the_policy() {
        let found = diagnose_condition(
            trust_with(json!({ "StringEquals": { "sts:ExternalId": " abc123 " } })),
            user_request(json!({ "external_id": "abc123" })),
            "sts:ExternalId",
            |failed| PaddedConditionValue.diagnose(failed),
        )
        .unwrap();
        assert_eq!(
            found.fixes.first().unwrap().title,
            "Trim the policy value to `abc123`"
        );
    }
}
