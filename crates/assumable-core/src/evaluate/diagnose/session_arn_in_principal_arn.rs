//! ## What it catches
//! An `aws:PrincipalArn` condition that names a role session's `sts` ARN
//! (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`).
//!
//! ## Why AWS denies
//! For a role session, aws:PrincipalArn is the ARN of the role, not of the
//! session: "For IAM roles, the request context returns the ARN of the
//! role, not the ARN of the user that assumed the role."
//!
//! ## Example
//! `"ArnLike": {"aws:PrincipalArn": "arn:aws:sts::111122223333:assumed-role/Dev/*"}`
//! → the role's ARN, `arn:aws:iam::111122223333:role/Dev`.
//!
//! ## AWS rule
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn>

use super::{ConditionDiagnosis, Diagnosis, FailedCondition};

pub(crate) struct SessionArnInPrincipalArn;

impl ConditionDiagnosis for SessionArnInPrincipalArn {
    fn name(&self) -> &'static str {
        "session_arn_in_principal_arn"
    }

    fn diagnose(&self, failed: &FailedCondition<'_>) -> Option<Diagnosis> {
        let condition = failed.condition;
        let session_pattern = condition.key.value.eq_ignore_ascii_case("aws:PrincipalArn")
            && condition
                .values
                .iter()
                .any(|v| v.value.contains(":assumed-role/"));
        // A hint only: the caller's own value is offered by the generic fix.
        session_pattern.then(|| {
            Diagnosis::hint(
                "For a role session, aws:PrincipalArn is the role's ARN \
                    (`arn:aws:iam::ACCOUNT:role/NAME`), never its `sts` session \
                    ARN."
                    .to_string(),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{diagnose_condition, trust_with, user_request};
    use super::*;

    #[test]
    fn a_session_arn_in_principal_arn_is_explained() {
        let found = diagnose_condition(
            trust_with(json!({ "ArnLike": { "aws:PrincipalArn": "arn:aws:sts::111122223333:assumed-role/Dev/*" } })),
            user_request(json!({})),
            "aws:PrincipalArn",
            |failed| SessionArnInPrincipalArn.diagnose(failed),
        )
        .unwrap();
        assert!(found.hint.unwrap().contains("never its `sts` session ARN"));
        assert!(found.fixes.is_empty());
    }
}
