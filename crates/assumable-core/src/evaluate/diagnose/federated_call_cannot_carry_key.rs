//! ## What it catches
//! An `sts:ExternalId` or MFA condition in a statement that a web identity
//! or SAML call must meet.
//!
//! ## Why AWS denies
//! AssumeRoleWithWebIdentity and AssumeRoleWithSAML take no ExternalId and
//! no SerialNumber or TokenCode, so those keys are never in their request
//! and a positive condition on them is never met.
//!
//! ## Example
//! A GitHub Actions trust with `"StringEquals": {"sts:ExternalId": "x"}`:
//! the condition is removed (it only suits sts:AssumeRole).
//!
//! ## AWS rule
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts-comparison.html>

use super::super::category::Category;
use super::super::edits::remove_condition;
use super::super::outcome::FixDraft;
use super::{ConditionDiagnosis, Diagnosis, FailedCondition};

pub(crate) struct FederatedCallCannotCarryKey;

impl ConditionDiagnosis for FederatedCallCannotCarryKey {
    fn name(&self) -> &'static str {
        "federated_call_cannot_carry_key"
    }

    fn diagnose(&self, failed: &FailedCondition<'_>) -> Option<Diagnosis> {
        let parameter = match failed.category {
            Category::ExternalId => "ExternalId",
            Category::Mfa => "SerialNumber or TokenCode (MFA)",
            Category::Other => return None,
        };
        let action = failed.request.action;
        if !action.is_federated() {
            return None;
        }
        let key = &failed.condition.key.value;
        let hint = format!(
            "{} has no {parameter} parameter, so `{key}` is never in its \
                request and this condition can never be met by this call.",
            action.name()
        );
        let fix =
            remove_condition(failed.document, failed.statement, failed.condition).map(|edit| {
                FixDraft::widening(
                    format!("Remove the `{key}` condition (it only suits sts:AssumeRole)"),
                    "every token or assertion the statement's other conditions accept".to_string(),
                    vec![edit],
                )
            });
        Some(Diagnosis {
            hint: Some(hint),
            fixes: fix.into_iter().collect(),
            still_unmet: None,
            names: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{diagnose_condition, github_request, github_trust};
    use super::*;

    #[test]
    fn an_external_id_on_a_web_identity_call_is_removed() {
        let trust = github_trust(json!({
            "StringEquals": { "sts:ExternalId": "x" },
            "StringLike": { "token.actions.githubusercontent.com:sub": "repo:acme/app:*" }
        }));
        let request = github_request(json!({
            "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"
        }));
        let found = diagnose_condition(trust, request, "sts:ExternalId", |failed| {
            FederatedCallCannotCarryKey.diagnose(failed)
        })
        .unwrap();
        assert!(found.hint.unwrap().contains("no ExternalId parameter"));
        assert_eq!(found.fixes.len(), 1);
    }
}
