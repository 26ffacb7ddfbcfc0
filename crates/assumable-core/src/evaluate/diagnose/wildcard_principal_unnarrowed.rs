//! ## What it catches
//! A trust statement that grants to every AWS principal (`"AWS": "*"` or
//! `"Principal": "*"`) with no condition that limits who (such as
//! `aws:PrincipalOrgID` or `aws:PrincipalArn`).
//!
//! ## Why AWS allows
//! `*` matches every principal of every account; the call is allowed, and
//! so is anyone else's whose own policies allow it.
//!
//! ## Example
//! `"Principal": {"AWS": "*"}` with no Condition: add
//! `"StringEquals": {"aws:PrincipalOrgID": "o-…"}`.
//!
//! ## AWS rule
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>

use super::super::grant::{principal_type_for, GrantKind};
use super::super::outcome::CheckOutcome;
use super::{GrantingPrincipal, PrincipalWarning};
use crate::aws_docs;
use crate::policy::PrincipalType;

pub(crate) struct WildcardPrincipalUnnarrowed;

/// Condition keys that say who, for a grant to `*`.
const NARROWING_KEYS: [&str; 9] = [
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
    "aws:userid",
    "sts:externalid",
];

impl PrincipalWarning for WildcardPrincipalUnnarrowed {
    fn name(&self) -> &'static str {
        "wildcard_principal_unnarrowed"
    }

    fn check(&self, granting: &GrantingPrincipal<'_>) -> Option<CheckOutcome> {
        let narrowed = granting.statement.conditions.iter().any(|c| {
            NARROWING_KEYS
                .iter()
                .any(|key| c.key.value.eq_ignore_ascii_case(key))
        });
        let aws_caller = principal_type_for(&granting.request.caller) == PrincipalType::Aws;
        (granting.kind == GrantKind::Wildcard && !narrowed && aws_caller).then(|| {
            CheckOutcome::warn(format!(
                "{} It trusts every AWS principal in every account \
                    (`*`) without a condition that limits who (such as \
                    aws:PrincipalOrgID or aws:PrincipalArn).",
                granting.detail
            ))
            .at_all(granting.principal_locations())
            .doc(aws_docs::PRINCIPAL)
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::report::{CheckId, Status};
    use crate::{evaluate, Scenario};

    #[test]
    fn a_bare_wildcard_principal_warns_and_a_narrowed_one_does_not() {
        let scenario = |condition: serde_json::Value| -> Scenario {
            serde_json::from_value(json!({
                "request": { "caller": "arn:aws:iam::111122223333:user/ci", "role_arn": "arn:aws:iam::111122223333:role/Deploy" },
                "caller_policies": { "identity": [{ "Version": "2012-10-17", "Statement": [
                    { "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*" }] }] },
                "role": { "trust_policy": { "Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Principal": { "AWS": "*" }, "Action": "sts:AssumeRole",
                    "Condition": condition }] } }
            }))
            .unwrap()
        };
        let status = |scenario: &Scenario| {
            evaluate(scenario)
                .check(CheckId::TrustPrincipal)
                .unwrap()
                .status
        };
        assert_eq!(status(&scenario(json!({}))), Status::Warn);
        let narrowed =
            scenario(json!({ "StringEquals": { "aws:PrincipalAccount": "111122223333" } }));
        assert_eq!(status(&narrowed), Status::Pass);
    }
}
