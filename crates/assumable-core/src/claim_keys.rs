//! The token claims (web identity) and assertion attributes (SAML) a form
//! asks for: every such key the trust policy conditions on, and the standard
//! ones of the provider, each with its provider's documented meaning. Values
//! go in `request.context` under the full key, as the evaluator reads them.
//!
//! Sources of the meanings:
//! - the keys AWS sets for web identity and SAML federation:
//!   <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif>
//!   and `#condition-keys-saml` on the same page;
//! - GitHub Actions: <https://docs.github.com/en/actions/reference/security/oidc>
//!   (and `token_claims.rs` for the claims STS validates since January 2026);
//! - GitLab CI/CD: <https://docs.gitlab.com/ci/secrets/id_token_authentication/>;
//! - EKS service accounts (IRSA):
//!   <https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html>;
//! - Amazon Cognito identity pools:
//!   <https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html>;
//! - generic OIDC (`sub`, `aud`, `azp`, `amr`): OpenID Connect Core 1.0,
//!   section 2 (<https://openid.net/specs/openid-connect-core-1_0.html#IDToken>);
//! - SAML: <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html>.

use crate::arn::Caller;
use crate::policy::{parse_policy, PolicyKind};
use crate::request_fields::{implied_call, CallKind};
use crate::scenario::Scenario;

/// One key a form asks a value for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimKey {
    /// The full context key (`token.actions.githubusercontent.com:sub`,
    /// `saml:aud`), spelled as the trust policy spells it.
    pub key: String,
    /// What the provider puts in it.
    pub meaning: &'static str,
    /// Whether the trust policy conditions on it (else it is a standard key).
    pub in_trust: bool,
}

/// A provider's issuer and the claims a form seeds for it.
struct Provider {
    /// Whether an issuer host is this provider's.
    matches: fn(&str) -> bool,
    /// The claims every trust for this provider should test.
    standard: &'static [&'static str],
    meanings: &'static [(&'static str, &'static str)],
}

const GITHUB: Provider = Provider {
    matches: |issuer| issuer.eq_ignore_ascii_case("token.actions.githubusercontent.com"),
    standard: &["sub", "aud"],
    meanings: &[
        ("sub", "The workflow run: `repo:ORG/REPO:ref:refs/heads/BRANCH`, `repo:ORG/REPO:environment:NAME`, `repo:ORG/REPO:pull_request` or `repo:ORG/REPO:ref:refs/tags/TAG`."),
        ("aud", "The audience the workflow asked for: `sts.amazonaws.com` with aws-actions/configure-aws-credentials."),
        ("repository", "The repository the workflow runs in: `ORG/REPO`."),
        ("repository_id", "The repository's numeric ID."),
        ("actor", "The account that triggered the run."),
        ("actor_id", "The numeric ID of the account that triggered the run."),
        ("workflow", "The workflow's name."),
        ("job_workflow_ref", "The reusable workflow's path and ref: `ORG/REPO/.github/workflows/FILE.yml@refs/heads/main`."),
        ("ref", "The branch or tag that triggered the run: `refs/heads/main`."),
        ("environment", "The job's deployment environment, when it has one."),
        ("enterprise_id", "The enterprise's numeric ID, for repositories in an enterprise."),
    ],
};

const GITLAB: Provider = Provider {
    matches: |issuer| {
        issuer.eq_ignore_ascii_case("gitlab.com") || issuer.to_ascii_lowercase().contains("gitlab")
    },
    standard: &["sub", "aud"],
    meanings: &[
        (
            "sub",
            "The job: `project_path:GROUP/PROJECT:ref_type:branch:ref:BRANCH`.",
        ),
        (
            "aud",
            "The `aud` the job's `id_tokens` entry sets (the GitLab URL by default).",
        ),
    ],
};

const EKS: Provider = Provider {
    matches: |issuer| {
        let issuer = issuer.to_ascii_lowercase();
        issuer.starts_with("oidc.eks.") && issuer.contains("/id/")
    },
    standard: &["sub", "aud"],
    meanings: &[
        (
            "sub",
            "The pod's service account: `system:serviceaccount:NAMESPACE:SERVICE_ACCOUNT`.",
        ),
        (
            "aud",
            "`sts.amazonaws.com`, the audience of the token EKS projects into the pod.",
        ),
    ],
};

const COGNITO: Provider = Provider {
    matches: |issuer| issuer.eq_ignore_ascii_case("cognito-identity.amazonaws.com"),
    standard: &["aud", "sub", "amr"],
    meanings: &[
        ("aud", "The identity pool ID: `REGION:GUID`."),
        ("sub", "The Cognito identity ID of the user: `REGION:GUID`."),
        (
            "amr",
            "`authenticated` or `unauthenticated`, and the provider the user signed in with.",
        ),
    ],
};

const GOOGLE: Provider = Provider {
    matches: |issuer| issuer.eq_ignore_ascii_case("accounts.google.com"),
    standard: &["aud", "sub"],
    meanings: &[
        (
            "aud",
            "The OAuth client ID the token was issued to (the token's `azp` when it has one).",
        ),
        ("oaud", "The token's `aud` when it also has an `azp`."),
        ("sub", "The Google account's unique user ID."),
    ],
};

const FACEBOOK: Provider = Provider {
    matches: |issuer| issuer.eq_ignore_ascii_case("graph.facebook.com"),
    standard: &["app_id", "id"],
    meanings: &[
        ("app_id", "The Facebook app ID."),
        ("id", "The Facebook user ID."),
    ],
};

const AMAZON: Provider = Provider {
    matches: |issuer| issuer.eq_ignore_ascii_case("www.amazon.com"),
    standard: &["app_id", "user_id"],
    meanings: &[
        ("app_id", "The Login with Amazon application ID."),
        ("user_id", "The Login with Amazon user ID."),
    ],
};

/// Any other OIDC provider: the ID token's registered claims.
const GENERIC_OIDC: Provider = Provider {
    matches: |_| true,
    standard: &["sub", "aud"],
    meanings: &[
        ("sub", "The token's subject: the user or workload the provider signed in."),
        ("aud", "The client ID the token was issued for; IAM checks it against the provider's audiences."),
        ("azp", "The authorized party: the client the token was issued to."),
        ("amr", "The authentication methods the provider used."),
    ],
};

const PROVIDERS: [&Provider; 8] = [
    &GITHUB,
    &GITLAB,
    &EKS,
    &COGNITO,
    &GOOGLE,
    &FACEBOOK,
    &AMAZON,
    &GENERIC_OIDC,
];

const SAML_STANDARD: [&str; 4] = ["aud", "sub", "sub_type", "iss"];
const SAML_MEANINGS: [(&str, &str); 7] = [
    ("aud", "The URL the assertion is posted to: `https://signin.aws.amazon.com/saml` for the console."),
    ("sub", "The assertion's subject: the `NameID` of the user."),
    ("sub_type", "The `NameID` format: `persistent`, `transient`, or the full format URI."),
    ("iss", "The issuer: the identity provider's entity ID."),
    ("namequalifier", "A hash of the issuer, the account ID and the provider's name; with `saml:sub` it names the user uniquely."),
    ("doc", "The principal that assumed the role: `ACCOUNT/PROVIDER-NAME`."),
    ("edupersonprincipalname", "The user's `eduPersonPrincipalName` attribute."),
];
const SAML_ATTRIBUTE: &str =
    "An attribute of the SAML assertion, as the identity provider sends it.";
const UNKNOWN_CLAIM: &str =
    "A claim of the provider's token; its documentation says what it holds.";

fn provider(issuer: &str) -> &'static Provider {
    PROVIDERS
        .into_iter()
        .find(|provider| (provider.matches)(issuer))
        .unwrap_or(&GENERIC_OIDC)
}

fn meaning(meanings: &[(&str, &'static str)], claim: &str, fallback: &'static str) -> &'static str {
    meanings
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(claim))
        .map_or(fallback, |(_, meaning)| *meaning)
}

/// The issuer whose claims a web identity call carries: the caller's host,
/// or the provider the trust implies when the caller is no OIDC provider.
fn issuer(scenario: &Scenario) -> Option<String> {
    if let Ok(Caller::OidcProvider { host, .. }) = Caller::parse(scenario.request.caller.trim()) {
        return Some(host);
    }
    let implied = implied_call(scenario.role.trust_policy.text())?;
    match Caller::parse(&implied.provider) {
        Ok(Caller::OidcProvider { host, .. }) => Some(host),
        _ => None,
    }
}

/// The condition keys of every statement of the trust policy, in order,
/// each once.
fn trust_condition_keys(scenario: &Scenario) -> Vec<String> {
    let parsed = parse_policy(scenario.role.trust_policy.text(), PolicyKind::Trust);
    let mut keys: Vec<String> = Vec::new();
    for statement in parsed.policy.iter().flat_map(|policy| &policy.statements) {
        for condition in &statement.conditions {
            let key = &condition.key.value;
            if !keys.iter().any(|seen| seen.eq_ignore_ascii_case(key)) {
                keys.push(key.clone());
            }
        }
    }
    keys
}

/// The keys a form asks for this scenario's call: for a web identity call,
/// the claims of its issuer the trust tests, then the provider's standard
/// ones; for SAML, the `saml:` keys the trust tests, then the standard ones;
/// nothing for `sts:AssumeRole`.
pub fn claim_keys(scenario: &Scenario) -> Vec<ClaimKey> {
    let kind = CallKind::of(scenario.request.action.as_deref());
    if !matches!(kind, Some(CallKind::WebIdentity | CallKind::Saml)) {
        return Vec::new();
    }
    let trust_keys = trust_condition_keys(scenario);
    let mut keys: Vec<ClaimKey> = Vec::new();
    let mut add = |key: String, meaning: &'static str, in_trust: bool| {
        if !keys.iter().any(|seen| seen.key.eq_ignore_ascii_case(&key)) {
            keys.push(ClaimKey {
                key,
                meaning,
                in_trust,
            });
        }
    };
    match kind {
        Some(CallKind::WebIdentity) => {
            let Some(issuer) = issuer(scenario) else {
                return Vec::new();
            };
            let provider = provider(&issuer);
            for key in &trust_keys {
                let Some((prefix, claim)) = key.rsplit_once(':') else {
                    continue;
                };
                if prefix.eq_ignore_ascii_case(&issuer) {
                    add(
                        key.clone(),
                        meaning(provider.meanings, claim, UNKNOWN_CLAIM),
                        true,
                    );
                }
            }
            for claim in provider.standard {
                add(
                    format!("{issuer}:{claim}"),
                    meaning(provider.meanings, claim, UNKNOWN_CLAIM),
                    false,
                );
            }
        }
        Some(CallKind::Saml) => {
            for key in &trust_keys {
                let Some(("saml" | "SAML" | "Saml", attribute)) = key.split_once(':') else {
                    continue;
                };
                add(
                    key.clone(),
                    meaning(&SAML_MEANINGS, attribute, SAML_ATTRIBUTE),
                    true,
                );
            }
            for attribute in SAML_STANDARD {
                add(
                    format!("saml:{attribute}"),
                    meaning(&SAML_MEANINGS, attribute, SAML_ATTRIBUTE),
                    false,
                );
            }
        }
        Some(CallKind::AssumeRole) | None => {}
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::PolicySource;

    fn scenario(trust: &str, action: &str, caller: &str) -> Scenario {
        let mut scenario = Scenario::default();
        scenario.role.trust_policy = PolicySource::Text(trust.into());
        scenario.request.action = Some(action.into());
        scenario.request.caller = caller.into();
        scenario
    }

    fn keys(scenario: &Scenario) -> Vec<(String, bool)> {
        claim_keys(scenario)
            .into_iter()
            .map(|key| (key.key, key.in_trust))
            .collect()
    }

    const GITHUB_TRUST: &str = r#"{"Statement": [{"Effect": "Allow",
        "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
            "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                "token.actions.githubusercontent.com:repository": "acme/app"},
            "StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/app:*"},
            "IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}}]}"#;

    #[test]
    fn a_github_trust_gives_its_keys_then_the_standard_ones_with_githubs_meanings() {
        // The caller left from AssumeRole: the issuer comes from the trust.
        let web = scenario(
            GITHUB_TRUST,
            "sts:AssumeRoleWithWebIdentity",
            "arn:aws:iam::111111111111:user/ci",
        );
        assert_eq!(
            keys(&web),
            [
                ("token.actions.githubusercontent.com:aud".to_string(), true),
                (
                    "token.actions.githubusercontent.com:repository".into(),
                    true
                ),
                ("token.actions.githubusercontent.com:sub".into(), true),
            ]
        );
        let claims = claim_keys(&web);
        assert!(claims[2].meaning.contains("repo:ORG/REPO"));
        assert!(claims[0].meaning.contains("sts.amazonaws.com"));
    }

    #[test]
    fn standard_claims_are_seeded_for_each_provider() {
        let no_conditions = r#"{"Statement": [{"Effect": "Allow",
            "Principal": {"Federated": "cognito-identity.amazonaws.com"},
            "Action": "sts:AssumeRoleWithWebIdentity"}]}"#;
        let cognito = scenario(
            no_conditions,
            "sts:AssumeRoleWithWebIdentity",
            "cognito-identity.amazonaws.com",
        );
        let names: Vec<String> = keys(&cognito).into_iter().map(|(key, _)| key).collect();
        assert_eq!(
            names,
            [
                "cognito-identity.amazonaws.com:aud",
                "cognito-identity.amazonaws.com:sub",
                "cognito-identity.amazonaws.com:amr"
            ]
        );
        let eks = scenario(
            no_conditions,
            "sts:AssumeRoleWithWebIdentity",
            "oidc.eks.us-east-1.amazonaws.com/id/ABC123",
        );
        let claims = claim_keys(&eks);
        assert_eq!(
            claims[0].key,
            "oidc.eks.us-east-1.amazonaws.com/id/ABC123:sub"
        );
        assert!(claims[0].meaning.contains("system:serviceaccount"));
        let generic = scenario(
            no_conditions,
            "sts:AssumeRoleWithWebIdentity",
            "idp.example.com",
        );
        assert_eq!(claim_keys(&generic)[1].key, "idp.example.com:aud");
    }

    #[test]
    fn another_issuers_keys_are_not_asked_for() {
        let gitlab = scenario(GITHUB_TRUST, "sts:AssumeRoleWithWebIdentity", "gitlab.com");
        let names: Vec<String> = keys(&gitlab).into_iter().map(|(key, _)| key).collect();
        assert_eq!(names, ["gitlab.com:sub", "gitlab.com:aud"]);
        assert!(claim_keys(&gitlab)[0].meaning.contains("project_path:"));
    }

    #[test]
    fn a_saml_call_asks_for_the_saml_keys_the_trust_tests_and_the_standard_ones() {
        let trust = r#"{"Statement": [{"Effect": "Allow",
            "Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/Okta"},
            "Action": "sts:AssumeRoleWithSAML",
            "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml",
                "saml:edupersonaffiliation": "staff"}}}]}"#;
        let saml = scenario(
            trust,
            "sts:AssumeRoleWithSAML",
            "arn:aws:iam::123456789012:saml-provider/Okta",
        );
        assert_eq!(
            keys(&saml),
            [
                ("SAML:aud".to_string(), true),
                ("saml:edupersonaffiliation".into(), true),
                ("saml:sub".into(), false),
                ("saml:sub_type".into(), false),
                ("saml:iss".into(), false),
            ]
        );
        assert_eq!(claim_keys(&saml)[1].meaning, SAML_ATTRIBUTE);
    }

    #[test]
    fn assume_role_asks_for_no_claims() {
        let iam = scenario(GITHUB_TRUST, "sts:AssumeRole", "arn:aws:iam::1:user/x");
        assert!(claim_keys(&iam).is_empty());
    }
}
