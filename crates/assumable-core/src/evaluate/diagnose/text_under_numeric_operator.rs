//! ## What it catches
//! A word or a policy variable where a Numeric operator expects a number
//! (`"NumericLessThan": {"aws:MultiFactorAuthAge": "one hour"}`).
//!
//! ## Why AWS denies
//! Numeric operators compare numbers; the text never matches, and "You can
//! not use a policy variable with the Numeric condition operator".
//!
//! ## Example
//! `"one hour"` → `"3600"`.
//!
//! ## AWS rule
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric>

use super::super::call::Request;
use super::super::documents::Document;
use super::super::edits::replace_value;
use super::super::outcome::FixDraft;
use super::{ConditionDiagnosis, Diagnosis, FailedCondition};
use crate::condition::evaluate_condition;
use crate::policy::{BaseOperator, Condition};

pub(crate) struct TextUnderNumericOperator;

impl ConditionDiagnosis for TextUnderNumericOperator {
    fn name(&self) -> &'static str {
        "text_under_numeric_operator"
    }

    fn diagnose(&self, failed: &FailedCondition<'_>) -> Option<Diagnosis> {
        let (word, fix) = numeric_value_fix(failed.request, failed.document, failed.condition)?;
        Some(Diagnosis::fix(
            Some(format!(
                "`{word}` is not a number: Numeric operators compare \
                    numbers, and a word or a policy variable there stays \
                    literal text that never matches."
            )),
            fix,
        ))
    }
}

/// The word under a Numeric operator and a fix that writes a number that
/// meets the condition in its place. The number is a guess at what was
/// meant (an hour, or near the request's value), so the fix is unsafe.
pub(crate) fn numeric_value_fix(
    request: &Request<'_>,
    document: &Document,
    condition: &Condition,
) -> Option<(String, FixDraft)> {
    let numeric = matches!(
        condition.operator?.base,
        BaseOperator::NumericEquals
            | BaseOperator::NumericNotEquals
            | BaseOperator::NumericLessThan
            | BaseOperator::NumericLessThanEquals
            | BaseOperator::NumericGreaterThan
            | BaseOperator::NumericGreaterThanEquals
    );
    let (index, word) = condition
        .values
        .iter()
        .enumerate()
        .find(|(_, v)| numeric && v.value.trim().parse::<f64>().is_err())?;
    let version = document.parsed.policy.as_ref()?.version;
    let actual: i64 = request
        .context
        .get(&condition.key.value)
        .and_then(|values| values.first())
        .and_then(|value| value.trim().parse().ok())?;
    let number = [3600, actual, actual + 1, actual - 1]
        .into_iter()
        .map(|n| n.to_string())
        .find(|candidate| {
            let mut fixed = condition.clone();
            if let Some(value) = fixed.values.get_mut(index) {
                value.value = candidate.clone();
            }
            evaluate_condition(&fixed, &request.context, version).met
        })?;
    let key = &condition.key.value;
    let fix = FixDraft::widening(
        format!("Use the number `{number}`"),
        format!(
            "every request whose `{key}` meets `{number}` (a guess at what `{}` meant)",
            word.value
        ),
        vec![replace_value(document, word, number.clone())],
    );
    Some((word.value.clone(), fix))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{diagnose_condition, trust_with, user_request};
    use super::*;

    #[test]
    fn a_word_is_replaced_by_a_number_that_meets_the_condition() {
        let found = diagnose_condition(
            trust_with(json!({ "NumericLessThan": { "aws:MultiFactorAuthAge": "one hour" } })),
            user_request(json!({ "mfa": { "serial_number": "arn:aws:iam::111122223333:mfa/ci", "age_seconds": 120 } })),
            "aws:MultiFactorAuthAge",
            |failed| TextUnderNumericOperator.diagnose(failed),
        )
        .unwrap();
        assert_eq!(found.fixes.first().unwrap().title, "Use the number `3600`");
    }
}
