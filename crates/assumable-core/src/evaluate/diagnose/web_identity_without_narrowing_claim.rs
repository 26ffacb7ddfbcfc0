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
//! ## AWS rule
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub>

use super::super::category::Category;
use super::super::outcome::{CheckOutcome, Span};
use super::super::wording::{capitalize, describe_statement};
use super::{GrantingStatement, StatementWarning};
use crate::arn::Caller;
use crate::aws_docs;

pub(crate) struct WebIdentityWithoutNarrowingClaim;

/// The claims that say which tokens a trust means, and who else gets in
/// without them.
fn narrowing_claims(host: &str) -> (&'static [&'static str], &'static str) {
    match host {
        "token.actions.githubusercontent.com" => {
            (&["sub"], "any GitHub Actions workflow of any repository")
        }
        host if host.starts_with("oidc.eks.") => (&["sub"], "any service account of the cluster"),
        // The trust policy syntax check requires its `aud`.
        "cognito-identity.amazonaws.com" => (&[], ""),
        "accounts.google.com" => (&["aud"], "any Google client application's users"),
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
}
