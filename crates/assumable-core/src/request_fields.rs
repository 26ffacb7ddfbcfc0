//! Which request fields each STS action takes, and which action and caller a
//! trust policy's `Federated` principals imply: what the page's form shows,
//! decided here so that no shell decides anything about IAM.
//!
//! The three calls' parameters (STS API Reference):
//! - `AssumeRole` takes `RoleArn`, `RoleSessionName`, `ExternalId`,
//!   `SerialNumber`/`TokenCode` (MFA), `DurationSeconds`, `Tags`,
//!   `TransitiveTagKeys`, `SourceIdentity`.
//!   <https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html>
//! - `AssumeRoleWithWebIdentity` takes `RoleArn`, `RoleSessionName`,
//!   `WebIdentityToken`, `ProviderId`, `DurationSeconds`: no `ExternalId` and
//!   no MFA; tags and a source identity come from the token's claims.
//!   <https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html>
//! - `AssumeRoleWithSAML` takes `RoleArn`, `PrincipalArn`, `SAMLAssertion`,
//!   `DurationSeconds`: no `RoleSessionName` (the assertion's
//!   `RoleSessionName` attribute sets it), no `ExternalId`, no MFA.
//!   <https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html>
//!
//! MFA is "No" for both federated calls in the comparison of the STS APIs
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts-comparison.html>).
//! `aws:SourceIp` stays for all three: "This key is included in the request
//! context, except when the requester uses a VPC endpoint", with no exception
//! for federated calls
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip>),
//! and the network keys are evaluated for them
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sts_vpc_condition_keys_federated.html>).

use crate::arn::Caller;
use crate::policy::{parse_policy, Effect, Policy, PolicyKind, PrincipalType};
use crate::report::RequestField;
use crate::scenario::Scenario;

/// The three STS calls the scenario format knows, in the order a form lists them.
pub const ACTIONS: [&str; 3] = [
    CallKind::AssumeRole.name(),
    CallKind::WebIdentity.name(),
    CallKind::Saml.name(),
];

/// Which of the three STS calls a request makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallKind {
    AssumeRole,
    WebIdentity,
    Saml,
}

impl CallKind {
    /// The call a request's `action` names (absent: `sts:AssumeRole`, as the
    /// format says); `None` for an action that is none of the three.
    pub fn of(action: Option<&str>) -> Option<CallKind> {
        match action.map(str::trim) {
            None | Some("") => Some(CallKind::AssumeRole),
            Some(text) => match text.to_ascii_lowercase().as_str() {
                "sts:assumerole" => Some(CallKind::AssumeRole),
                "sts:assumerolewithwebidentity" => Some(CallKind::WebIdentity),
                "sts:assumerolewithsaml" => Some(CallKind::Saml),
                _ => None,
            },
        }
    }

    pub const fn name(self) -> &'static str {
        match self {
            CallKind::AssumeRole => "sts:AssumeRole",
            CallKind::WebIdentity => "sts:AssumeRoleWithWebIdentity",
            CallKind::Saml => "sts:AssumeRoleWithSAML",
        }
    }

    /// The request fields this call cannot carry: a form hides them, and a
    /// value given for them is not part of the call.
    pub const fn fields_not_taken(self) -> &'static [RequestField] {
        match self {
            CallKind::AssumeRole => &[],
            CallKind::WebIdentity => &[RequestField::ExternalId, RequestField::Mfa],
            CallKind::Saml => &[
                RequestField::ExternalId,
                RequestField::Mfa,
                RequestField::RoleSessionName,
            ],
        }
    }

    /// Whether this call takes `field` (an unknown action takes every field,
    /// so that nothing is hidden while the action is being typed).
    pub fn takes(self, field: &RequestField) -> bool {
        !self.fields_not_taken().contains(field)
    }
}

/// Whether a request whose action is `action` takes `field`.
pub fn action_takes(action: Option<&str>, field: &RequestField) -> bool {
    CallKind::of(action).is_none_or(|kind| kind.takes(field))
}

/// The call a trust policy's principals imply, when they leave no doubt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImpliedCall {
    pub kind: CallKind,
    /// The provider as the trust policy names it: the caller of the call.
    pub provider: String,
}

/// The call a trust policy implies: when every principal of its Allow
/// statements is `Federated` and they are all OIDC providers (or all SAML
/// providers), only a web identity (or SAML) call can be trusted, and its
/// caller is the first provider named. `None` when the trust also names AWS
/// or service principals, names no principal, or mixes both kinds.
pub fn implied_call(trust_policy: &str) -> Option<ImpliedCall> {
    // A form asks on every change: a trust without the word skips the parse,
    // unless an escape may spell it (the checklist reads the parsed key).
    if !trust_policy.contains("Federated") && !trust_policy.contains('\\') {
        return None;
    }
    let parsed = parse_policy(trust_policy, PolicyKind::Trust);
    implied_call_of(&parsed.policy?)
}

/// [`implied_call`] of a trust policy already parsed.
pub(crate) fn implied_call_of(policy: &Policy) -> Option<ImpliedCall> {
    let mut found: Option<ImpliedCall> = None;
    for statement in &policy.statements {
        if statement.effect.value != Effect::Allow {
            continue;
        }
        let Some(principal) = &statement.principal else {
            continue;
        };
        if principal.negated || principal.any {
            return None;
        }
        for entry in &principal.entries {
            if entry.kind != PrincipalType::Federated {
                return None;
            }
            let kind = match Caller::parse(&entry.value.value) {
                Ok(Caller::OidcProvider { .. }) => CallKind::WebIdentity,
                Ok(Caller::SamlProvider { .. }) => CallKind::Saml,
                // `Federated` also names Identity Center and other strings
                // that are no provider a call can come from.
                _ => return None,
            };
            match &found {
                Some(first) if first.kind != kind => return None,
                Some(_) => {}
                None => {
                    found = Some(ImpliedCall {
                        kind,
                        provider: entry.value.value.clone(),
                    })
                }
            }
        }
    }
    found
}

/// What a form should offer to change so that the request is the call its
/// trust policy implies: the action, the caller, or both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallSuggestion {
    /// The action to set, when the request names another.
    pub action: Option<&'static str>,
    /// The caller to set, when the request's caller is not a provider of
    /// the implied kind (left from another action, or empty).
    pub caller: Option<String>,
    /// One sentence saying why, for the form.
    pub reason: String,
}

/// The change that makes `scenario`'s request the call its trust implies, or
/// `None` when it already is one (a provider of the right kind that the
/// trust does not name is `trust.principal`'s to report, not a leftover).
pub fn suggest_call(scenario: &Scenario) -> Option<CallSuggestion> {
    let implied = implied_call(scenario.role.trust_policy.text())?;
    let request = &scenario.request;
    let current = CallKind::of(request.action.as_deref());
    let action = (current != Some(implied.kind)).then_some(implied.kind.name());
    let caller_fits = matches!(
        (implied.kind, Caller::parse(request.caller.trim())),
        (CallKind::WebIdentity, Ok(Caller::OidcProvider { .. }))
            | (CallKind::Saml, Ok(Caller::SamlProvider { .. }))
    );
    let caller = (!caller_fits).then(|| implied.provider.clone());
    if action.is_none() && caller.is_none() {
        return None;
    }
    let kind = match implied.kind {
        CallKind::Saml => "SAML provider",
        _ => "OIDC provider",
    };
    let reason = format!(
        "The trust policy trusts only the {kind} `{}`: its callers sign in with {}, \
        and the caller of that call is the provider.",
        implied.provider,
        implied.kind.name()
    );
    Some(CallSuggestion {
        action,
        caller,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::PolicySource;

    const GITHUB_TRUST: &str = r#"{"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]}"#;

    const SAML_TRUST: &str = r#"{"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/Okta"},
        "Action": "sts:AssumeRoleWithSAML"}]}"#;

    fn scenario(trust: &str, action: Option<&str>, caller: &str) -> Scenario {
        let mut scenario = Scenario::default();
        scenario.role.trust_policy = PolicySource::Text(trust.into());
        scenario.request.action = action.map(str::to_string);
        scenario.request.caller = caller.into();
        scenario
    }

    #[test]
    fn federated_calls_take_no_external_id_or_mfa_and_saml_no_session_name() {
        for field in RequestField::KNOWN {
            assert!(CallKind::AssumeRole.takes(&field), "{field:?}");
        }
        let web = CallKind::WebIdentity;
        assert!(!web.takes(&RequestField::ExternalId));
        assert!(!web.takes(&RequestField::Mfa));
        assert!(web.takes(&RequestField::RoleSessionName));
        assert!(
            web.takes(&RequestField::SourceIp),
            "aws:SourceIp is in every call"
        );
        assert!(web.takes(&RequestField::Context));
        assert!(!CallKind::Saml.takes(&RequestField::RoleSessionName));
        assert!(CallKind::Saml.takes(&RequestField::DurationSeconds));
        assert!(action_takes(None, &RequestField::ExternalId));
        assert!(action_takes(
            Some("sts:AssumeRoleWithSAM"),
            &RequestField::Mfa
        ));
        assert!(!action_takes(
            Some("STS:AssumeRoleWithWebIdentity"),
            &RequestField::Mfa
        ));
    }

    #[test]
    fn a_federated_oidc_trust_implies_a_web_identity_call_from_its_provider() {
        assert_eq!(
            implied_call(GITHUB_TRUST),
            Some(ImpliedCall {
                kind: CallKind::WebIdentity,
                provider:
                    "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
                        .into()
            })
        );
        let cognito = r#"{"Statement": [{"Effect": "Allow",
            "Principal": {"Federated": "cognito-identity.amazonaws.com"},
            "Action": "sts:AssumeRoleWithWebIdentity"}]}"#;
        assert_eq!(
            implied_call(cognito).map(|call| call.kind),
            Some(CallKind::WebIdentity)
        );
        assert_eq!(
            implied_call(SAML_TRUST).map(|call| call.kind),
            Some(CallKind::Saml)
        );
    }

    #[test]
    fn a_federated_key_spelled_with_escapes_implies_the_call_as_the_checklist_reads_it() {
        let escaped = GITHUB_TRUST.replace("\"Federated\"", r#""Fe\u0064erated""#);
        assert!(!escaped.contains("Federated"));
        assert_eq!(
            implied_call(&escaped).map(|call| call.kind),
            Some(CallKind::WebIdentity)
        );
        // The request check, reading the parsed trust, implies the same call.
        let parsed = parse_policy(&escaped, PolicyKind::Trust);
        assert_eq!(
            parsed.policy.as_ref().and_then(implied_call_of),
            implied_call(&escaped)
        );
    }

    #[test]
    fn a_trust_that_also_names_aws_principals_or_both_kinds_implies_nothing() {
        let mixed = r#"{"Statement": [{"Effect": "Allow",
            "Principal": {"Federated": "token.actions.githubusercontent.com",
                "AWS": "arn:aws:iam::123456789012:root"},
            "Action": ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity"]}]}"#;
        assert_eq!(implied_call(mixed), None);
        let both = r#"{"Statement": [
            {"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity"},
            {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/Okta"}, "Action": "sts:AssumeRoleWithSAML"}]}"#;
        assert_eq!(implied_call(both), None);
        assert_eq!(implied_call("{ not json"), None);
        assert_eq!(implied_call(r#"{"Statement": []}"#), None);
    }

    #[test]
    fn a_leftover_action_and_caller_are_suggested_away() {
        let leftover = scenario(GITHUB_TRUST, None, "arn:aws:iam::111111111111:user/ci");
        let suggestion = suggest_call(&leftover).unwrap();
        assert_eq!(suggestion.action, Some("sts:AssumeRoleWithWebIdentity"));
        assert_eq!(
            suggestion.caller.as_deref(),
            Some("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com")
        );
        assert!(suggestion.reason.contains("trusts only the OIDC provider"));

        // The action switched by hand, the caller left from AssumeRole.
        let switched = scenario(
            GITHUB_TRUST,
            Some("sts:AssumeRoleWithWebIdentity"),
            "arn:aws:iam::111111111111:user/ci",
        );
        let suggestion = suggest_call(&switched).unwrap();
        assert_eq!(suggestion.action, None);
        assert!(suggestion.caller.is_some());

        let saml = scenario(SAML_TRUST, Some("sts:AssumeRole"), "");
        let suggestion = suggest_call(&saml).unwrap();
        assert_eq!(suggestion.action, Some("sts:AssumeRoleWithSAML"));
        assert!(suggestion.reason.contains("SAML provider"));
    }

    #[test]
    fn a_request_that_is_already_the_implied_call_gets_no_suggestion() {
        let done = scenario(
            GITHUB_TRUST,
            Some("sts:AssumeRoleWithWebIdentity"),
            "token.actions.githubusercontent.com",
        );
        assert_eq!(suggest_call(&done), None);
        // Another provider is trust.principal's to report, not a leftover.
        let other = scenario(
            GITHUB_TRUST,
            Some("sts:AssumeRoleWithWebIdentity"),
            "gitlab.com",
        );
        assert_eq!(suggest_call(&other), None);
        let iam = scenario(
            r#"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}]}"#,
            None,
            "",
        );
        assert_eq!(suggest_call(&iam), None);
    }

    /// After switching to web identity, the caller left from AssumeRole is
    /// sent to the provider the trust names, not back to sts:AssumeRole; with
    /// a trust of AWS principals, calling sts:AssumeRole is the fix.
    #[test]
    fn a_leftover_callers_fix_names_the_trusted_provider_not_the_old_action() {
        let fix_title = |trust: &str| {
            let mut leftover = scenario(
                trust,
                Some("sts:AssumeRoleWithWebIdentity"),
                "arn:aws:iam::111111111111:user/ci",
            );
            leftover.request.role_arn = "arn:aws:iam::123456789012:role/deploy".into();
            leftover.request.role_session_name = Some("ci".into());
            let report = crate::evaluate(&leftover);
            let check = report
                .checks
                .iter()
                .find(|check| check.id == crate::CheckId::RequestCaller)
                .unwrap();
            check.fix.as_ref().unwrap().title.clone()
        };
        let title = fix_title(GITHUB_TRUST);
        assert_eq!(
            title,
            "Give the OIDC provider `arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com` as the caller"
        );
        let iam = r#"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}]}"#;
        assert!(fix_title(iam).starts_with("Call sts:AssumeRole"));
    }
}
