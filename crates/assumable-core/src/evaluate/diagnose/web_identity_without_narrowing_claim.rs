//! ## What it catches
//! A web identity trust statement with no condition on the claim that says
//! which tokens it means (`sub` for GitHub Actions and EKS, `aud` for
//! Google, `app_id` for Facebook and Amazon).
//!
//! ## Why AWS allows
//! Every token the provider issues names the same provider: without the
//! claim, any repository, service account, app or user of that issuer can
//! assume the role.
//!
//! ## Example
//! A GitHub Actions trust with only `aud`: add a `StringLike` condition on
//! `token.actions.githubusercontent.com:sub`.
//!
//! Of the keys AWS documents for `accounts.google.com`, `aud` and `oaud`
//! pin the trust to one application; `sub` names an account, whose token
//! any application it signs in to can obtain. CircleCI's and Oracle Cloud Infrastructure's providers are
//! judged as any issuer's (`sub` or `aud`): the key names of their January
//! 2026 claims are not in the AWS pages this project holds.
//!
//! Since January 2026 STS also validates GitHub's `repository`,
//! `repository_id` and `job_workflow_ref` claims ("AWS STS now supports
//! validation of select identity-provider-specific claims from Google,
//! GitHub, CircleCI and Oracle Cloud Infrastructure"): a trust pinned by one
//! of them is not "any repository", whether or not it names `sub`.
//!
//! ## AWS rule
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub>,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html>

use super::super::category::Category;
use super::super::outcome::{CheckOutcome, Span};
use super::super::wording::{capitalize, describe_statement};
use super::{GrantingStatement, StatementWarning};
use crate::arn::Caller;
use crate::aws_docs;

pub(crate) struct WebIdentityWithoutNarrowingClaim;

/// GitHub claims that pin the repository (or the reusable workflow file in
/// one): `sub` names it with the branch or environment, and the January
/// 2026 keys name it alone. `actor`, `workflow`, `ref`, `environment` and
/// `enterprise_id` narrow too, but not to a repository.
pub(crate) const GITHUB_REPOSITORY_CLAIMS: [&str; 4] =
    ["sub", "repository", "repository_id", "job_workflow_ref"];

/// The claims that say which tokens a trust means, and who else gets in
/// without them (none for a provider whose trust must name its `aud`).
pub(crate) fn narrowing_claims(host: &str) -> (&'static [&'static str], &'static str) {
    match host {
        "token.actions.githubusercontent.com" => (
            &GITHUB_REPOSITORY_CLAIMS,
            "any GitHub Actions workflow of any repository",
        ),
        host if host.starts_with("oidc.eks.") => (&["sub"], "any service account of the cluster"),
        // The trust policy syntax check requires its `aud`.
        "cognito-identity.amazonaws.com" => (&[], ""),
        // `aud` (the client application, or a service account's `azp`) and
        // `oaud` (the audience a service account's token was asked for) pin
        // the application. `sub` alone does not: any application the
        // account signs in to gets a token with the same `sub`.
        "accounts.google.com" => (&["aud", "oaud"], "any Google client application's users"),
        "graph.facebook.com" | "www.amazon.com" => (&["app_id"], "any application's users"),
        _ => (
            &["sub", "aud"],
            "any identity this provider issues tokens for",
        ),
    }
}

impl StatementWarning for WebIdentityWithoutNarrowingClaim {
    fn name(&self) -> &'static str {
        "web_identity_without_narrowing_claim"
    }

    fn check(&self, granting: &GrantingStatement<'_>) -> Option<CheckOutcome> {
        if granting.category != Category::Other {
            return None;
        }
        let Caller::OidcProvider { host, .. } = &granting.request.caller else {
            return None;
        };
        let statement = granting.statement;
        let (claims, who) = narrowing_claims(host);
        let named = |claim: &&str| {
            let key = format!("{host}:{claim}");
            statement
                .conditions
                .iter()
                .any(|c| c.key.value.eq_ignore_ascii_case(&key))
        };
        let first = claims.first().filter(|_| !claims.iter().any(named))?;
        let key = format!("{host}:{first}");
        let document = granting.document;
        Some(
            CheckOutcome::warn(format!(
                "{} has no `{key}` condition, so {who} can assume this role. \
                    Add a StringEquals or StringLike condition on `{key}`.",
                capitalize(describe_statement(statement))
            ))
            .at_all(
                statement
                    .principal
                    .iter()
                    .map(|block| Span::text(document.id, block.range)),
            )
            .doc(if *first == "sub" {
                aws_docs::GITHUB_OIDC
            } else {
                aws_docs::WEB_IDENTITY_KEYS
            }),
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{github_request, github_trust, warn_statement};
    use super::*;

    #[test]
    fn a_github_trust_without_sub_is_flagged() {
        let trust = github_trust(json!({
            "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }
        }));
        let request = github_request(json!({}));
        let warned = warn_statement(trust, request, Category::Other, |granting| {
            WebIdentityWithoutNarrowingClaim.check(granting)
        });
        assert!(warned
            .unwrap()
            .detail
            .contains("any GitHub Actions workflow"));
    }

    /// A trust pinned by the January 2026 repository claims is not "any
    /// repository", with or without `sub`.
    #[test]
    fn a_github_trust_pinned_by_a_repository_claim_is_not_flagged() {
        for (key, value) in [
            ("repository", "octo-org/octo-repo"),
            ("repository_id", "74"),
            (
                "job_workflow_ref",
                "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main",
            ),
        ] {
            let key = format!("token.actions.githubusercontent.com:{key}");
            let trust = github_trust(json!({
                "StringEquals": {
                    "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                    key.as_str(): value
                }
            }));
            let request = github_request(json!({ key.as_str(): value }));
            let warned = warn_statement(trust, request, Category::Other, |granting| {
                WebIdentityWithoutNarrowingClaim.check(granting)
            });
            assert!(warned.is_none(), "{key}: {warned:?}");
        }
    }

    /// A Google trust pinned by `aud` or `oaud` is not flagged; one with
    /// neither is, `sub` or not.
    #[test]
    fn a_google_trust_is_pinned_by_aud_or_oaud() {
        let google_trust = |condition: serde_json::Value| {
            json!({
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Principal": { "Federated": "accounts.google.com" },
                    "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": condition,
                }]
            })
        };
        let google_request = |context: serde_json::Value| {
            json!({
                "action": "sts:AssumeRoleWithWebIdentity",
                "caller": "accounts.google.com",
                "role_arn": "arn:aws:iam::111122223333:role/Reader",
                "context": context,
            })
        };
        for claim in ["aud", "oaud"] {
            let key = format!("accounts.google.com:{claim}");
            let trust = google_trust(json!({ "StringEquals": { key.as_str(): "1000186469" } }));
            let request = google_request(json!({ key.as_str(): "1000186469" }));
            let warned = warn_statement(trust, request, Category::Other, |granting| {
                WebIdentityWithoutNarrowingClaim.check(granting)
            });
            assert!(warned.is_none(), "{key}: {warned:?}");
        }
        let trust = google_trust(json!({
            "StringEquals": { "accounts.google.com:sub": "1099" }
        }));
        let request = google_request(json!({ "accounts.google.com:sub": "1099" }));
        let warned = warn_statement(trust, request, Category::Other, |granting| {
            WebIdentityWithoutNarrowingClaim.check(granting)
        });
        assert!(warned.is_some_and(|outcome| outcome.detail.contains("accounts.google.com:aud")));
    }

    /// `actor` narrows to a person's runs in any repository: still flagged.
    #[test]
    fn a_github_trust_pinned_by_actor_alone_is_flagged() {
        let trust = github_trust(json!({
            "StringEquals": {
                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                "token.actions.githubusercontent.com:actor": "octocat"
            }
        }));
        let request =
            github_request(json!({ "token.actions.githubusercontent.com:actor": "octocat" }));
        let warned = warn_statement(trust, request, Category::Other, |granting| {
            WebIdentityWithoutNarrowingClaim.check(granting)
        });
        assert!(warned.is_some());
    }
}
