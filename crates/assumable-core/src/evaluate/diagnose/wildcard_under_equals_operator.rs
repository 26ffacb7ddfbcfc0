//! ## What it catches
//! `*` or `?` in the values of an Equals operator (`StringEquals`,
//! `ArnEquals`, and their negations), meant as wildcards.
//!
//! ## Why AWS denies
//! Equals operators compare the characters literally: "StringEquals ...
//! Exact matching, case sensitive"; only the Like operators treat `*` and
//! `?` as wildcards ("StringLike ... The values can include multi-character
//! match wildcards (*) and single-character match wildcards (?)").
//!
//! ## Example
//! `"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:org/app:*"}`
//! → `"StringLike"`.
//!
//! ## AWS rule
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String>

use super::{use_operator, ConditionDiagnosis, Diagnosis, FailedCondition};
use crate::policy::{BaseOperator, Operator};

pub(crate) struct WildcardUnderEqualsOperator;

/// The Like operator for an Equals one, and its name.
fn like_operator(base: BaseOperator) -> Option<(BaseOperator, &'static str)> {
    match base {
        BaseOperator::StringEquals | BaseOperator::StringEqualsIgnoreCase => {
            Some((BaseOperator::StringLike, "StringLike"))
        }
        BaseOperator::StringNotEquals | BaseOperator::StringNotEqualsIgnoreCase => {
            Some((BaseOperator::StringNotLike, "StringNotLike"))
        }
        BaseOperator::ArnEquals => Some((BaseOperator::ArnLike, "ArnLike")),
        BaseOperator::ArnNotEquals => Some((BaseOperator::ArnNotLike, "ArnNotLike")),
        _ => None,
    }
}

impl ConditionDiagnosis for WildcardUnderEqualsOperator {
    fn name(&self) -> &'static str {
        "wildcard_under_equals_operator"
    }

    fn diagnose(&self, failed: &FailedCondition<'_>) -> Option<Diagnosis> {
        let condition = failed.condition;
        let operator = condition.operator?;
        let has_wildcard = condition
            .values
            .iter()
            .any(|v| v.value.contains(['*', '?']));
        let (like, like_name) = like_operator(operator.base).filter(|_| has_wildcard)?;
        let written = condition.operator_text.value.as_str();
        let old_base = written
            .trim_start_matches("ForAnyValue:")
            .trim_start_matches("ForAllValues:")
            .trim_end_matches("IfExists");
        let replacement = written.replacen(old_base, like_name, 1);
        let mut fixed = condition.clone();
        fixed.operator = Some(Operator {
            base: like,
            ..operator
        });
        fixed.operator_text.value = replacement.clone();
        if !failed.met_by(&fixed) {
            return None;
        }
        // The condition's own explanation says so for StringEquals.
        let explained = matches!(
            operator.base,
            BaseOperator::StringEquals | BaseOperator::StringNotEquals
        );
        Some(Diagnosis::fix(
            (!explained).then(|| {
                format!(
                    "{written} compares `*` and `?` literally; {like_name} \
                    treats them as wildcards."
                )
            }),
            use_operator(failed.document, condition, &replacement, ""),
        ))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{diagnose_condition, trust_with, user_request};
    use super::*;

    #[test]
    fn a_wildcard_under_arn_equals_becomes_arn_like() {
        let found = diagnose_condition(
            trust_with(
                json!({ "ArnEquals": { "aws:PrincipalArn": "arn:aws:iam::111122223333:user/*" } }),
            ),
            user_request(json!({})),
            "aws:PrincipalArn",
            |failed| WildcardUnderEqualsOperator.diagnose(failed),
        )
        .unwrap();
        assert_eq!(found.fixes.first().unwrap().title, "Use `ArnLike`");
        assert!(found.hint.unwrap().contains("literally"));
    }
}
