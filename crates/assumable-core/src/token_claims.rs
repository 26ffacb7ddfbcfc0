//! The request context an OIDC token's claims give an
//! `sts:AssumeRoleWithWebIdentity` call: the keys a trust policy can test,
//! named `<issuer host>:<claim>`.
//!
//! - Every provider: `sub` and `aud` ("For OIDC providers, use the fully
//!   qualified URL of the OIDC IdP with the provider-specific context key"),
//!   and `amr` for Amazon Cognito identity pools.
//!   <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif>
//! - GitHub Actions, since January 2026 ("AWS STS now supports validation of
//!   select identity-provider-specific claims from Google, GitHub, CircleCI
//!   and Oracle Cloud Infrastructure"): `actor`, `actor_id`,
//!   `job_workflow_ref`, `repository`, `repository_id`, `workflow`, `ref`,
//!   `environment`, `enterprise_id`; usable in trust policies and RCPs, not
//!   carried into the session. The claims themselves are GitHub's
//!   (<https://docs.github.com/en/actions/reference/security/oidc>); a claim
//!   the token lacks (`job_workflow_ref` outside a reusable workflow,
//!   `environment` without one) gives no key, so a condition on it is not met.
//!
//! Claims that are not strings (numbers, booleans) are written as JSON
//! writes them; nested objects are not condition keys and are left out.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::scenario::ContextValue;

/// Claims every OIDC issuer's tokens give as condition keys.
const STANDARD_CLAIMS: [&str; 3] = ["sub", "aud", "amr"];

/// GitHub Actions' issuer, and the claims STS validates since January 2026.
const GITHUB_ISSUER: &str = "token.actions.githubusercontent.com";
const GITHUB_CLAIMS: [&str; 9] = [
    "actor",
    "actor_id",
    "job_workflow_ref",
    "repository",
    "repository_id",
    "workflow",
    "ref",
    "environment",
    "enterprise_id",
];

/// What a token's claims give a web identity call.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenContext {
    /// The issuer without `https://` and without a trailing `/`: the caller
    /// of the call, and the prefix of its keys.
    pub issuer: String,
    /// `<issuer>:<claim>` → value, for the claims a policy can test.
    pub context: BTreeMap<String, ContextValue>,
}

/// The context a decoded token's claims (the JSON object between the JWT's
/// dots) give, or why they give none.
pub fn context_from_claims(claims: &Value) -> Result<TokenContext, String> {
    let Value::Object(claims) = claims else {
        return Err("the token's claims are not a JSON object".into());
    };
    let Some(Value::String(iss)) = claims.get("iss") else {
        return Err("the token has no `iss` claim, so its issuer is unknown".into());
    };
    let issuer = iss
        .trim()
        .trim_start_matches("https://")
        .trim_end_matches('/')
        .to_string();
    if issuer.is_empty() {
        return Err("the token's `iss` claim is empty".into());
    }
    let provider_claims: &[&str] = if issuer.eq_ignore_ascii_case(GITHUB_ISSUER) {
        &GITHUB_CLAIMS
    } else {
        &[]
    };
    let context = STANDARD_CLAIMS
        .iter()
        .chain(provider_claims)
        .filter_map(|claim| {
            let value = context_value(claims.get(*claim)?)?;
            Some((format!("{issuer}:{claim}"), value))
        })
        .collect();
    Ok(TokenContext { issuer, context })
}

/// A claim as a context value: a string, or a list of strings (`aud` and
/// `amr` may be arrays).
fn context_value(claim: &Value) -> Option<ContextValue> {
    let one = |value: &Value| match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    };
    match claim {
        Value::Array(items) => Some(ContextValue::Many(items.iter().filter_map(one).collect())),
        other => one(other).map(ContextValue::One),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// GitHub's own example token (OpenID Connect reference).
    fn github_claims() -> Value {
        json!({"jti": "example-id", "sub": "repo:octo-org/octo-repo:environment:prod",
            "environment": "prod", "aud": "https://github.com/octo-org", "ref": "refs/heads/main",
            "sha": "example-sha", "repository": "octo-org/octo-repo", "repository_owner": "octo-org",
            "actor_id": "12", "repository_visibility": "private", "repository_id": "74",
            "repository_owner_id": "65", "run_id": "example-run-id", "run_number": "10",
            "run_attempt": "2", "runner_environment": "github-hosted", "actor": "octocat",
            "workflow": "example-workflow", "head_ref": "", "base_ref": "",
            "event_name": "workflow_dispatch", "ref_type": "branch",
            "job_workflow_ref": "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main",
            "iss": "https://token.actions.githubusercontent.com",
            "nbf": 1632492967, "exp": 1632493867, "iat": 1632493567})
    }

    #[test]
    fn github_claims_give_the_keys_sts_validates() {
        let token = context_from_claims(&github_claims()).unwrap();
        assert_eq!(token.issuer, "token.actions.githubusercontent.com");
        let keys: Vec<&str> = token.context.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "token.actions.githubusercontent.com:actor",
                "token.actions.githubusercontent.com:actor_id",
                "token.actions.githubusercontent.com:aud",
                "token.actions.githubusercontent.com:environment",
                "token.actions.githubusercontent.com:job_workflow_ref",
                "token.actions.githubusercontent.com:ref",
                "token.actions.githubusercontent.com:repository",
                "token.actions.githubusercontent.com:repository_id",
                "token.actions.githubusercontent.com:sub",
                "token.actions.githubusercontent.com:workflow",
            ]
        );
        assert_eq!(
            token
                .context
                .get("token.actions.githubusercontent.com:repository"),
            Some(&ContextValue::One("octo-org/octo-repo".into()))
        );
    }

    /// `repository_owner` is a claim, not a key STS validates; a claim the
    /// token lacks gives no key.
    #[test]
    fn only_the_claims_sts_validates_and_the_token_has_become_keys() {
        let mut claims = github_claims();
        if let Some(object) = claims.as_object_mut() {
            object.remove("job_workflow_ref");
        }
        let token = context_from_claims(&claims).unwrap();
        assert!(!token
            .context
            .contains_key("token.actions.githubusercontent.com:repository_owner"));
        assert!(!token
            .context
            .contains_key("token.actions.githubusercontent.com:job_workflow_ref"));
    }

    #[test]
    fn other_issuers_give_sub_aud_and_amr() {
        let token = context_from_claims(&json!({
            "iss": "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE/",
            "sub": "system:serviceaccount:default:app", "aud": ["sts.amazonaws.com"],
            "kubernetes.io": {"namespace": "default"}
        }))
        .unwrap();
        assert_eq!(
            token.issuer,
            "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
        );
        assert_eq!(token.context.len(), 2);
        assert_eq!(
            token
                .context
                .get("oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud"),
            Some(&ContextValue::Many(vec!["sts.amazonaws.com".into()]))
        );
    }

    #[test]
    fn claims_without_an_issuer_say_why() {
        assert!(context_from_claims(&json!({"sub": "x"}))
            .unwrap_err()
            .contains("`iss`"));
        assert!(context_from_claims(&json!(["not", "an", "object"])).is_err());
    }
}
