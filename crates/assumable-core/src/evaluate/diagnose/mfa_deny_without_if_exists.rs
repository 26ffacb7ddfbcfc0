//! ## What it catches
//! A trust Deny on `Bool` `aws:MultiFactorAuthPresent` `false` that misses a
//! caller with long-term access keys and no MFA.
//!
//! ## Why AWS allows
//! For long-term credentials the key is absent, and `Bool` does not match
//! an absent key: the Deny does not stop callers without MFA, which
//! `BoolIfExists` would.
//!
//! ## Example
//! `"Bool": {"aws:MultiFactorAuthPresent": "false"}` in a Deny →
//! `"BoolIfExists"`.
//!
//! ## AWS rule
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html>

use super::super::call::Request;
use super::super::documents::Document;
use super::super::outcome::CheckOutcome;
use super::super::statement::operator_location;
use super::super::statement::Judged;
use super::super::wording::{capitalize, describe_statement};
use super::use_operator;
use crate::aws_docs;
use crate::policy::BaseOperator;

/// The warning for the first Deny that misses this call only because the
/// MFA key is absent.
pub(crate) fn check(
    request: &Request<'_>,
    document: &Document,
    denies: &[Judged<'_>],
) -> Option<CheckOutcome> {
    let key = "aws:MultiFactorAuthPresent";
    if request.context.contains(key) {
        return None;
    }
    denies.iter().find_map(|judged| {
        if !(judged.principal && judged.action && judged.resource) {
            return None;
        }
        let mut failed = judged.failed_conditions();
        let condition = failed.next()?.condition;
        let gap = failed.next().is_none()
            && condition.key.value.eq_ignore_ascii_case(key)
            && condition
                .operator
                .is_some_and(|op| op.base == BaseOperator::Bool && !op.if_exists)
            && condition
                .values
                .iter()
                .any(|v| v.value.eq_ignore_ascii_case("false"));
        if !gap {
            return None;
        }
        let operator = format!("{}IfExists", condition.operator_text.value);
        Some(
            CheckOutcome::warn(format!(
                "{} denies callers without MFA, but `{}` does not match when \
                    `{key}` is absent, as it is for long-term access keys: this \
                    caller passes without MFA. `{operator}` also stops them.",
                capitalize(describe_statement(judged.statement)),
                condition.operator_text.value
            ))
            .at(operator_location(document, condition))
            .with_remedy(Some(use_operator(
                document,
                condition,
                &operator,
                " (then this caller is denied until it uses MFA)",
            )))
            .doc(aws_docs::MFA_PROTECTED_API)
            .diagnosed_by(["mfa_deny_without_if_exists"]),
        )
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::report::{CheckId, Status};
    use crate::{evaluate, Scenario};

    #[test]
    fn a_bool_deny_misses_access_keys_without_mfa() {
        let scenario: Scenario = serde_json::from_value(json!({
            "request": { "caller": "arn:aws:iam::111122223333:user/ci", "role_arn": "arn:aws:iam::111122223333:role/Deploy" },
            "role": { "trust_policy": {
                "Version": "2012-10-17",
                "Statement": [
                    { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:user/ci" }, "Action": "sts:AssumeRole" },
                    { "Effect": "Deny", "Principal": { "AWS": "*" }, "Action": "sts:AssumeRole",
                      "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "false" } } }
                ]
            } }
        }))
        .unwrap();
        let report = evaluate(&scenario);
        let deny = report.check(CheckId::TrustDeny).unwrap();
        assert_eq!(deny.status, Status::Warn);
        assert!(deny
            .fix
            .as_ref()
            .unwrap()
            .title
            .starts_with("Use `BoolIfExists`"));
    }
}
