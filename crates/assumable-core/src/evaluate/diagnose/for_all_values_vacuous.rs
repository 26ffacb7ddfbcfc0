//! ## What it catches
//! A `ForAllValues:` condition on a key the request does not carry, with no
//! `Null` check requiring the key.
//!
//! ## Why AWS allows
//! "ForAllValues ... returns true if there are no context keys in the
//! request", which "can lead to overly permissive policies".
//!
//! ## Example
//! `"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}` with no tags
//! passed: met without comparing anything; add
//! `"Null": {"aws:TagKeys": "false"}`.
//!
//! ## AWS rule
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html>

use super::super::outcome::CheckOutcome;
use super::super::statement::operator_location;
use super::{GrantingStatement, StatementWarning};
use crate::aws_docs;
use crate::policy::{BaseOperator, SetQualifier};

pub(crate) struct ForAllValuesVacuous;

impl StatementWarning for ForAllValuesVacuous {
    fn name(&self) -> &'static str {
        "for_all_values_vacuous"
    }

    fn check(&self, granting: &GrantingStatement<'_>) -> Option<CheckOutcome> {
        let context = &granting.request.context;
        let statement = granting.statement;
        let condition = granting.conditions().find(|c| {
            c.operator
                .is_some_and(|op| op.qualifier == Some(SetQualifier::ForAllValues))
                && !context.contains(&c.key.value)
                && !statement.conditions.iter().any(|other| {
                    other
                        .operator
                        .is_some_and(|op| op.base == BaseOperator::Null)
                        && other.key.value.eq_ignore_ascii_case(&c.key.value)
                })
        })?;
        let document = granting.document;
        Some(
            CheckOutcome::warn(format!(
                "`{}` is not in the request, so `{}` is met without \
                    comparing anything: ForAllValues holds for an empty set. \
                    Add `\"Null\": {{\"{}\": \"false\"}}` to require the key.",
                condition.key.value, condition.operator_text.value, condition.key.value
            ))
            .at(operator_location(document, condition))
            .doc(aws_docs::SET_OPERATORS),
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{trust_with, user_request, warn_statement};
    use super::*;
    use crate::evaluate::category::Category;

    #[test]
    fn for_all_values_over_an_absent_key_is_flagged() {
        let warned = warn_statement(
            trust_with(json!({ "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } })),
            user_request(json!({})),
            Category::Other,
            |granting| ForAllValuesVacuous.check(granting),
        );
        assert!(warned.unwrap().detail.contains("empty set"));
    }
}
