//! ## What it catches
//! An Allow on `BoolIfExists` `aws:MultiFactorAuthPresent` `true`, met by a
//! caller with long-term access keys and no MFA.
//!
//! ## Why AWS allows
//! "The key is not present for ... long-term credentials", and IfExists is
//! met when the key is absent: the statement does not require MFA for them.
//!
//! ## Example
//! `"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}` → `"Bool"`.
//!
//! ## AWS rule
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html>

use super::super::outcome::CheckOutcome;
use super::super::statement::operator_location;
use super::{use_operator, GrantingStatement, StatementWarning};
use crate::aws_docs;
use crate::policy::BaseOperator;

pub(crate) struct MfaIfExistsAdmitsAccessKeys;

impl StatementWarning for MfaIfExistsAdmitsAccessKeys {
    fn name(&self) -> &'static str {
        "mfa_if_exists_admits_access_keys"
    }

    fn check(&self, granting: &GrantingStatement<'_>) -> Option<CheckOutcome> {
        let context = &granting.request.context;
        let condition = granting.conditions().find(|c| {
            c.operator
                .is_some_and(|op| op.base == BaseOperator::Bool && op.if_exists)
                && c.key
                    .value
                    .eq_ignore_ascii_case("aws:MultiFactorAuthPresent")
                && c.values
                    .iter()
                    .any(|v| v.value.eq_ignore_ascii_case("true"))
                && !context.contains(&c.key.value)
        })?;
        let document = granting.document;
        let operator = condition.operator_text.value.replacen("IfExists", "", 1);
        Some(
            CheckOutcome::warn(format!(
                "`{}` is met here because `aws:MultiFactorAuthPresent` is \
                    absent (long-term access keys without MFA): this statement \
                    does not require MFA. `{operator}` requires it.",
                condition.operator_text.value
            ))
            .at(operator_location(document, condition))
            .with_remedy(Some(use_operator(
                document,
                condition,
                &operator,
                " (then this caller needs MFA too)",
            )))
            .doc(aws_docs::MFA_PROTECTED_API),
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
    fn access_keys_without_mfa_slip_past_if_exists() {
        let warned = warn_statement(
            trust_with(json!({ "BoolIfExists": { "aws:MultiFactorAuthPresent": "true" } })),
            user_request(json!({})),
            Category::Mfa,
            |granting| MfaIfExistsAdmitsAccessKeys.check(granting),
        )
        .unwrap();
        assert!(warned.remedy.unwrap().title.starts_with("Use `Bool`"));
    }
}
