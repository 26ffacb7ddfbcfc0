//! ## What it catches
//! A trust statement that grants to another whole account with no
//! condition at all.
//!
//! ## Why AWS allows
//! Trusting an account delegates to it: "anyone in that account whose own
//! policies allow it" can assume the role. For a third party, AWS
//! recommends an external ID against the confused deputy problem.
//!
//! ## Example
//! `"Principal": {"AWS": "arn:aws:iam::444455556666:root"}` with no
//! Condition: add `"StringEquals": {"sts:ExternalId": "…"}`.
//!
//! ## AWS rule
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html>

use super::super::grant::GrantKind;
use super::super::outcome::CheckOutcome;
use super::{GrantingPrincipal, PrincipalWarning};
use crate::aws_docs;

pub(crate) struct AccountTrustWithoutCondition;

impl PrincipalWarning for AccountTrustWithoutCondition {
    fn name(&self) -> &'static str {
        "account_trust_without_condition"
    }

    fn check(&self, granting: &GrantingPrincipal<'_>) -> Option<CheckOutcome> {
        let applies = granting.kind == GrantKind::Account
            && granting.request.is_cross_account()
            && granting.statement.conditions.is_empty();
        applies.then(|| {
            CheckOutcome::warn(format!(
                "{} With no condition, anyone in that account whose \
                    own policies allow it can assume the role; for a third \
                    party, require an external ID.",
                granting.detail
            ))
            .at_all(granting.principal_locations())
            .doc(aws_docs::EXTERNAL_ID)
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::report::{CheckId, Status};
    use crate::{evaluate, Scenario};

    #[test]
    fn another_account_trusted_with_no_condition_warns() {
        let scenario: Scenario = serde_json::from_value(json!({
            "request": { "caller": "arn:aws:iam::444455556666:user/vendor", "role_arn": "arn:aws:iam::111122223333:role/Audit" },
            "caller_policies": { "identity": [{ "Version": "2012-10-17", "Statement": [
                { "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*" }] }] },
            "role": { "trust_policy": { "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::444455556666:root" },
                "Action": "sts:AssumeRole" }] } }
        }))
        .unwrap();
        let report = evaluate(&scenario);
        let check = report.check(CheckId::TrustPrincipal).unwrap();
        assert_eq!(check.status, Status::Warn);
        assert_eq!(check.diagnoses, ["account_trust_without_condition"]);
    }
}
