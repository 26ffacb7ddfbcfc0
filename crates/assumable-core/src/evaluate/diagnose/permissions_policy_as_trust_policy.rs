//! ## What it catches
//! A permissions (identity) policy pasted where the role's trust policy
//! goes: statements with `Resource` and no `Principal`.
//!
//! ## Why AWS refuses it
//! A trust policy is a resource-based policy: it names who may assume the
//! role (`Principal`) and has no `Resource`, since the role itself is the
//! resource. IAM rejects such a document as a trust policy ("Has prohibited
//! field Resource"), and the permissions it grants say nothing about who may
//! assume the role.
//!
//! ## Example
//! `{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}`
//! as the trust policy: advice to paste the role's trust policy instead,
//! which `aws iam get-role --query Role.AssumeRolePolicyDocument` prints.
//!
//! ## AWS rule
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>

use serde_json::Value;

use super::super::documents::Document;
use super::super::outcome::{CheckOutcome, FixDraft};

pub(crate) const NAME: &str = "permissions_policy_as_trust_policy";

/// Whether the trust policy's text is a permissions policy: every statement
/// has a Resource (or NotResource) and none a Principal (or NotPrincipal).
pub(crate) fn applies(trust: &Document) -> bool {
    let Ok(policy) = serde_json::from_str::<Value>(&trust.text) else {
        return false;
    };
    let statements: Vec<&Value> = match policy.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => return false,
    };
    let has = |statement: &Value, names: [&str; 2]| {
        statement
            .as_object()
            .is_some_and(|members| names.iter().any(|name| members.contains_key(*name)))
    };
    !statements.is_empty()
        && statements
            .iter()
            .all(|s| has(s, ["Resource", "NotResource"]))
        && !statements
            .iter()
            .any(|s| has(s, ["Principal", "NotPrincipal"]))
}

/// The trust.syntax outcome told what the document is, with the advice to
/// paste the trust policy first and the text corrections after it.
pub(crate) fn explain(outcome: CheckOutcome, role_name: &str) -> CheckOutcome {
    let detail = format!(
        "This looks like a permissions policy, not the role's trust policy: its statements \
            name a Resource and no Principal. {}",
        outcome.detail
    );
    let mut remedies = vec![FixDraft::advice(
        "Paste the role's trust policy instead",
        format!(
            "The trust policy says who may assume the role: `aws iam get-role --role-name \
                {role_name} --query Role.AssumeRolePolicyDocument` prints it (the console shows \
                it under the role's \"Trust relationships\" tab)."
        ),
    )];
    remedies.extend(outcome.remedy.clone());
    remedies.extend(outcome.alternatives.clone());
    let mut outcome = outcome.with_remedies(remedies).diagnosed_by([NAME]);
    outcome.detail = detail.into();
    outcome
}

#[cfg(test)]
mod tests {
    use crate::report::{Changes, CheckId, Status};
    use crate::{evaluate, Scenario};

    #[test]
    fn a_pasted_permissions_policy_is_named_with_advice() {
        let scenario: Scenario = serde_json::from_value(serde_json::json!({
            "request": { "caller": "arn:aws:iam::111122223333:user/ci", "role_arn": "arn:aws:iam::111122223333:role/Deploy" },
            "role": { "trust_policy": {
                "Version": "2012-10-17",
                "Statement": [{ "Effect": "Allow", "Action": "s3:*", "Resource": "*" }]
            } }
        }))
        .unwrap();
        let report = evaluate(&scenario);
        let check = report.check(CheckId::TrustSyntax).unwrap();
        assert_eq!(check.status, Status::Fail);
        assert!(check
            .detail
            .starts_with("This looks like a permissions policy"));
        let fix = check.fix.as_ref().unwrap();
        assert_eq!(fix.changes, Changes::Advice);
        assert!(fix.detail.contains("--role-name Deploy"));
        assert_eq!(check.diagnoses, ["permissions_policy_as_trust_policy"]);
    }
}
