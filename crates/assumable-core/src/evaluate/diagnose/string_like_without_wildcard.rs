//! ## What it catches
//! `StringLike` with no `*` or `?` in any value: it works, but says less
//! plainly what it means.
//!
//! ## Why AWS allows
//! Without wildcards StringLike matches exactly, like StringEquals.
//!
//! ## Example
//! `"StringLike": {"sts:ExternalId": "abc"}` → `"StringEquals"`.
//!
//! ## AWS rule
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String>

use super::super::outcome::CheckOutcome;
use super::super::statement::operator_location;
use super::{use_operator, GrantingStatement, StatementWarning};
use crate::aws_docs;
use crate::policy::BaseOperator;

pub(crate) struct StringLikeWithoutWildcard;

impl StatementWarning for StringLikeWithoutWildcard {
    fn name(&self) -> &'static str {
        "string_like_without_wildcard"
    }

    fn check(&self, granting: &GrantingStatement<'_>) -> Option<CheckOutcome> {
        let condition = granting.conditions().find(|c| {
            c.operator
                .is_some_and(|op| matches!(op.base, BaseOperator::StringLike))
                && c.values.iter().all(|v| !v.value.contains(['*', '?']))
        })?;
        let document = granting.document;
        let operator = condition
            .operator_text
            .value
            .replacen("StringLike", "StringEquals", 1);
        Some(
            CheckOutcome::warn(format!(
                "`{}` uses StringLike with no wildcard in its values; \
                    StringEquals says the same thing more plainly.",
                condition.key.value
            ))
            .at(operator_location(document, condition))
            .with_remedy(Some(use_operator(document, condition, &operator, "")))
            .doc(aws_docs::CONDITION_OPERATORS),
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
    fn string_like_without_wildcards_is_flagged() {
        let warned = warn_statement(
            trust_with(json!({ "StringLike": { "sts:ExternalId": "abc123" } })),
            user_request(json!({ "external_id": "abc123" })),
            Category::ExternalId,
            |granting| StringLikeWithoutWildcard.check(granting),
        )
        .unwrap();
        assert_eq!(warned.remedy.unwrap().title, "Use `StringEquals`");
    }
}
