//! The request context: the condition keys and values AWS sets for the
//! request, derived from the scenario's request, then `request.context` on top.
//!
//! Sources:
//! - AWS global condition context keys:
//!   <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>
//! - IAM and AWS STS condition context keys:
//!   <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html>
//!
//! The core never reads the clock: `aws:CurrentTime` and `aws:EpochTime` are
//! present only when `request.context` gives one of them (the other is then
//! derived from it).

use std::borrow::Cow;

use crate::arn::{Caller, RoleArn};
use crate::date::{format_iso8601, parse_date};
use crate::scenario::Request;
use crate::text::strip_prefix_ignore_case;

/// Condition keys and their values. Keys compare case-insensitively.
///
/// A short list searched in order: a request has a few dozen keys at most,
/// and derived keys borrow their static names, so that building and reading
/// a context allocates little.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestContext {
    /// (key as first written, values); no two keys equal ignoring ASCII case.
    entries: Vec<(Cow<'static, str>, Values)>,
}

/// A key's values. Most keys have one, held without a list of its own: a
/// context is built for every decision.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Values {
    One(String),
    Many(Vec<String>),
}

impl Values {
    fn as_slice(&self) -> &[String] {
        match self {
            Values::One(value) => std::slice::from_ref(value),
            Values::Many(values) => values,
        }
    }
}

impl RequestContext {
    pub fn new() -> Self {
        Self::default()
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.entries
            .iter()
            .position(|(written, _)| written.eq_ignore_ascii_case(key))
    }

    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.position_or_alias(key)
            .and_then(|at| self.entries.get(at))
            .map(|(_, values)| values.as_slice())
    }

    /// The key's entry, or for `iam:ResourceTag/K` (absent) the entry of
    /// `aws:ResourceTag/K`: the role assumed is an IAM resource, whose tags
    /// IAM gives under both prefixes (IAM condition keys,
    /// `iam:ResourceTag/${TagKey}`; the ABAC tutorial's `sts:AssumeRole`
    /// policy reads them so).
    /// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html>
    /// <https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_attribute-based-access-control.html>
    fn position_or_alias(&self, key: &str) -> Option<usize> {
        self.position(key).or_else(|| {
            let tag = strip_prefix_ignore_case(key, "iam:ResourceTag/")?;
            self.entries.iter().position(|(written, _)| {
                strip_prefix_ignore_case(written, "aws:ResourceTag/")
                    .is_some_and(|written_tag| written_tag.eq_ignore_ascii_case(tag))
            })
        })
    }

    pub fn insert(&mut self, key: &str, values: Vec<String>) {
        self.put(Cow::Owned(key.to_string()), Values::Many(values));
    }

    /// A later entry replaces the values and the spelling of an earlier one.
    fn put(&mut self, key: Cow<'static, str>, values: Values) {
        match self.position(&key).and_then(|at| self.entries.get_mut(at)) {
            Some(entry) => *entry = (key, values),
            None => self.entries.push((key, values)),
        }
    }

    pub fn remove(&mut self, key: &str) {
        self.entries
            .retain(|(written, _)| !written.eq_ignore_ascii_case(key));
    }

    /// Keys as written, with their values, in key order (ignoring case).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        let mut sorted: Vec<(&str, &[String])> = self
            .entries
            .iter()
            .map(|(key, values)| (key.as_ref(), values.as_slice()))
            .collect();
        sorted.sort_by_cached_key(|(key, _)| key.to_ascii_lowercase());
        sorted.into_iter()
    }

    pub fn contains(&self, key: &str) -> bool {
        self.position_or_alias(key).is_some()
    }

    /// A derived key, one value.
    fn set(&mut self, key: &'static str, value: impl Into<String>) {
        self.put(Cow::Borrowed(key), Values::One(value.into()));
    }

    /// A key derived before any other of its name: added without the
    /// search for an earlier one (a context is derived for every pair of an
    /// organization's account-wide access).
    fn derive(&mut self, key: &'static str, value: impl Into<String>) {
        debug_assert!(!self.contains(key), "{key} derived twice");
        self.entries
            .push((Cow::Borrowed(key), Values::One(value.into())));
    }
}

pub const ACTION_ASSUME_ROLE: &str = "sts:AssumeRole";

/// `aws:PrincipalType` for the caller, as the global keys page lists it.
pub fn principal_type(caller: &Caller) -> Option<&'static str> {
    match caller {
        Caller::User { .. } => Some("User"),
        Caller::AssumedRole { .. } => Some("AssumedRole"),
        Caller::FederatedUser { .. } => Some("FederatedUser"),
        Caller::Root { .. } => Some("Account"),
        Caller::Service { .. } | Caller::OidcProvider { .. } | Caller::SamlProvider { .. } => None,
    }
}

/// Derives the context AWS would build for this request.
pub fn derive_context(request: &Request, caller: &Caller, role: &RoleArn) -> RequestContext {
    // Room for the keys a call usually derives, so that deriving them
    // does not grow the list several times.
    let mut context = RequestContext {
        entries: Vec::with_capacity(16),
    };
    let action = request.action();

    // STS is served over HTTPS only.
    context.derive("aws:SecureTransport", "true");
    // The role is the resource of an AssumeRole* call.
    context.derive("aws:ResourceAccount", role.account.clone());

    match caller {
        Caller::User { name, .. } => {
            add_principal_keys(&mut context, caller);
            context.derive("aws:username", name.clone());
            // Long-term access keys: the MFA key is absent unless MFA was used
            // (aws:MultiFactorAuthPresent, "Availability").
            add_mfa(&mut context, request, None);
        }
        Caller::Root { .. } => {
            add_principal_keys(&mut context, caller);
            add_mfa(&mut context, request, None);
        }
        Caller::AssumedRole { .. } | Caller::FederatedUser { .. } => {
            add_principal_keys(&mut context, caller);
            // Temporary credentials: the key is present, false without MFA.
            add_mfa(&mut context, request, Some("false"));
        }
        Caller::Service { name } => {
            // aws:PrincipalIsAWSService / aws:PrincipalServiceName.
            context.derive("aws:PrincipalIsAWSService", "true");
            context.derive("aws:PrincipalServiceName", name.clone());
        }
        Caller::OidcProvider { .. } | Caller::SamlProvider { .. } => {
            // The identity provider that issued the token or assertion.
            context.derive("aws:FederatedProvider", caller.arn());
        }
    }

    if let Some(ip) = request.source_ip.as_deref() {
        context.derive("aws:SourceIp", ip);
    }
    if let Some(name) = request.role_session_name.as_deref() {
        context.derive("sts:RoleSessionName", name);
    }
    if action.eq_ignore_ascii_case(ACTION_ASSUME_ROLE) {
        if let Some(external_id) = request.external_id.as_deref() {
            context.derive("sts:ExternalId", external_id);
        }
    }
    if let Some(source_identity) = request.source_identity.as_deref() {
        context.derive("sts:SourceIdentity", source_identity);
    }
    if let Some(tags) = request.tags.as_ref().filter(|tags| !tags.is_empty()) {
        for (key, value) in tags {
            context.insert(&format!("aws:RequestTag/{key}"), vec![value.clone()]);
        }
        context.insert("aws:TagKeys", tags.keys().cloned().collect());
    }
    if let Some(keys) = request
        .transitive_tag_keys
        .as_ref()
        .filter(|keys| !keys.is_empty())
    {
        context.insert("sts:TransitiveTagKeys", keys.clone());
    }

    // The scenario's own keys on top: an entry replaces a derived one.
    if let Some(extra) = request.context.as_ref() {
        for (key, value) in extra {
            context.insert(key, value.values());
        }
    }
    // Along a role chain the source identity "persists from the first
    // assumed role session. Therefore, both the aws:SourceIdentity and
    // sts:SourceIdentity keys are present in the request context."
    // <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html>
    if matches!(caller, Caller::AssumedRole { .. }) && !context.contains("sts:SourceIdentity") {
        if let Some(persisted) = context.get("aws:SourceIdentity").map(<[String]>::to_vec) {
            context.insert("sts:SourceIdentity", persisted);
        }
    }
    derive_time(&mut context);
    // Temporary credentials carry aws:TokenIssueTime ("If the user is using
    // temporary credentials, then the key aws:TokenIssueTime exists and has
    // a value"). Its value is the scenario's to give; without it the session
    // is taken as issued now, or its time as unknown (no Date operator then
    // matches it, while Null sees it present).
    // <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>
    if matches!(
        caller,
        Caller::AssumedRole { .. } | Caller::FederatedUser { .. }
    ) && !context.contains("aws:TokenIssueTime")
    {
        let issued = context
            .get("aws:CurrentTime")
            .map(<[String]>::to_vec)
            .unwrap_or_else(|| vec![UNKNOWN_ISSUE_TIME.to_string()]);
        context.insert("aws:TokenIssueTime", issued);
    }
    context
}

/// aws:TokenIssueTime of a session whose scenario gives neither it nor the time.
pub const UNKNOWN_ISSUE_TIME: &str = "unknown (give aws:TokenIssueTime in request.context)";

fn add_principal_keys(context: &mut RequestContext, caller: &Caller) {
    if let Some(arn) = caller.principal_arn() {
        context.derive("aws:PrincipalArn", arn);
    }
    if let Some(account) = caller.account() {
        context.derive("aws:PrincipalAccount", account);
    }
    if let Some(kind) = principal_type(caller) {
        context.derive("aws:PrincipalType", kind);
    }
    context.derive("aws:PrincipalIsAWSService", "false");
    context.derive("aws:ViaAWSService", "false");
}

/// `aws:MultiFactorAuthPresent` and `aws:MultiFactorAuthAge`: with MFA, true
/// and the age (0 when not given); without, `without` (absent when `None`).
fn add_mfa(context: &mut RequestContext, request: &Request, without: Option<&str>) {
    match &request.mfa {
        Some(mfa) => {
            context.derive("aws:MultiFactorAuthPresent", "true");
            context.derive(
                "aws:MultiFactorAuthAge",
                mfa.age_seconds.unwrap_or(0).to_string(),
            );
        }
        None => {
            if let Some(value) = without {
                context.derive("aws:MultiFactorAuthPresent", value);
            }
        }
    }
}

/// Fills in `aws:EpochTime` from `aws:CurrentTime` or the other way round.
fn derive_time(context: &mut RequestContext) {
    let single = |key: &str| -> Option<String> {
        match context.get(key) {
            Some([value]) => Some(value.clone()),
            _ => None,
        }
    };
    match (single("aws:CurrentTime"), single("aws:EpochTime")) {
        (Some(current), None) if !context.contains("aws:EpochTime") => {
            if let Some(millis) = parse_date(&current) {
                context.set("aws:EpochTime", millis.div_euclid(1000).to_string());
            }
        }
        (None, Some(epoch)) if !context.contains("aws:CurrentTime") => {
            if let Some(millis) = parse_date(&epoch) {
                context.set("aws:CurrentTime", format_iso8601(millis));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{ContextValue, Mfa};

    const ROLE: &str = "arn:aws:iam::222222222222:role/DeployRole";

    fn derive(request: &Request) -> RequestContext {
        let caller = Caller::parse(&request.caller).unwrap();
        derive_context(request, &caller, &RoleArn::parse(ROLE).unwrap())
    }

    fn request(caller: &str) -> Request {
        Request {
            caller: caller.into(),
            role_arn: ROLE.into(),
            ..Request::default()
        }
    }

    fn value(context: &RequestContext, key: &str) -> Option<Vec<String>> {
        context.get(key).map(<[String]>::to_vec)
    }

    fn one(text: &str) -> Option<Vec<String>> {
        Some(vec![text.to_string()])
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
    #[test]
    fn user_keys() {
        let context = derive(&request("arn:aws:iam::111111111111:user/ops/deployer"));
        assert_eq!(
            value(&context, "aws:PrincipalArn"),
            one("arn:aws:iam::111111111111:user/ops/deployer")
        );
        assert_eq!(value(&context, "aws:PrincipalAccount"), one("111111111111"));
        assert_eq!(value(&context, "aws:PrincipalType"), one("User"));
        assert_eq!(value(&context, "aws:username"), one("deployer"));
        assert_eq!(value(&context, "aws:SecureTransport"), one("true"));
        assert_eq!(value(&context, "aws:ResourceAccount"), one("222222222222"));
        assert_eq!(value(&context, "aws:userid"), None);
        // Long-term keys without MFA: the key is absent.
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
        assert_eq!(value(&context, "aws:MultiFactorAuthPresent"), None);
        assert_eq!(value(&context, "aws:MultiFactorAuthAge"), None);
    }

    #[test]
    fn session_keys_use_the_role_arn() {
        let context = derive(&request(
            "arn:aws:sts::111111111111:assumed-role/DeploymentRole/pipeline-run",
        ));
        assert_eq!(
            value(&context, "aws:PrincipalArn"),
            one("arn:aws:iam::111111111111:role/DeploymentRole")
        );
        assert_eq!(value(&context, "aws:PrincipalType"), one("AssumedRole"));
        assert_eq!(value(&context, "aws:username"), None);
        // Temporary credentials without MFA: present and false.
        assert_eq!(value(&context, "aws:MultiFactorAuthPresent"), one("false"));
    }

    #[test]
    fn root_and_federated_user_keys() {
        let root = derive(&request("arn:aws:iam::111111111111:root"));
        assert_eq!(value(&root, "aws:PrincipalType"), one("Account"));
        assert_eq!(value(&root, "aws:MultiFactorAuthPresent"), None);
        let fed = derive(&request("arn:aws:sts::111111111111:federated-user/bob"));
        assert_eq!(value(&fed, "aws:PrincipalType"), one("FederatedUser"));
        assert_eq!(
            value(&fed, "aws:PrincipalArn"),
            one("arn:aws:sts::111111111111:federated-user/bob")
        );
    }

    #[test]
    fn mfa_sets_present_and_age() {
        let mut with_mfa = request("arn:aws:iam::111111111111:user/deployer");
        with_mfa.mfa = Some(Mfa {
            serial_number: Some("arn:aws:iam::111111111111:mfa/deployer".into()),
            age_seconds: Some(120),
        });
        let context = derive(&with_mfa);
        assert_eq!(value(&context, "aws:MultiFactorAuthPresent"), one("true"));
        assert_eq!(value(&context, "aws:MultiFactorAuthAge"), one("120"));
        with_mfa.mfa = Some(Mfa::default());
        assert_eq!(
            value(&derive(&with_mfa), "aws:MultiFactorAuthAge"),
            one("0")
        );
    }

    #[test]
    fn request_parameters_become_keys() {
        let mut r = request("arn:aws:iam::111111111111:user/deployer");
        r.external_id = Some("MyExternalIdValue123".into());
        r.role_session_name = Some("deploy".into());
        r.source_identity = Some("alice".into());
        r.source_ip = Some("203.0.113.10".into());
        r.tags = Some(
            [
                ("project".to_string(), "apollo".to_string()),
                ("team".into(), "ops".into()),
            ]
            .into(),
        );
        r.transitive_tag_keys = Some(vec!["project".into()]);
        let context = derive(&r);
        assert_eq!(
            value(&context, "sts:ExternalId"),
            one("MyExternalIdValue123")
        );
        assert_eq!(value(&context, "sts:RoleSessionName"), one("deploy"));
        assert_eq!(value(&context, "sts:SourceIdentity"), one("alice"));
        assert_eq!(value(&context, "aws:SourceIp"), one("203.0.113.10"));
        assert_eq!(value(&context, "aws:RequestTag/project"), one("apollo"));
        assert_eq!(
            value(&context, "aws:TagKeys"),
            Some(vec!["project".to_string(), "team".to_string()])
        );
        assert_eq!(value(&context, "sts:TransitiveTagKeys"), one("project"));
        // Not passed: absent.
        let bare = derive(&request("arn:aws:iam::111111111111:user/deployer"));
        for key in [
            "sts:ExternalId",
            "sts:RoleSessionName",
            "aws:TagKeys",
            "aws:SourceIp",
        ] {
            assert_eq!(value(&bare, key), None, "{key}");
        }
    }

    #[test]
    fn service_and_provider_callers() {
        let ec2 = derive(&request("ec2.amazonaws.com"));
        assert_eq!(value(&ec2, "aws:PrincipalIsAWSService"), one("true"));
        assert_eq!(
            value(&ec2, "aws:PrincipalServiceName"),
            one("ec2.amazonaws.com")
        );
        assert_eq!(value(&ec2, "aws:PrincipalArn"), None);

        let mut web =
            request("arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com");
        web.action = Some("sts:AssumeRoleWithWebIdentity".into());
        web.external_id = Some("ignored".into());
        web.context = Some(
            [(
                "token.actions.githubusercontent.com:sub".to_string(),
                ContextValue::One("repo:acme/app:ref:refs/heads/main".into()),
            )]
            .into(),
        );
        let context = derive(&web);
        assert_eq!(
            value(&context, "aws:FederatedProvider"),
            one("arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com")
        );
        assert_eq!(
            value(&context, "token.actions.githubusercontent.com:sub"),
            one("repo:acme/app:ref:refs/heads/main")
        );
        assert_eq!(value(&context, "sts:ExternalId"), None);
        assert_eq!(value(&context, "aws:PrincipalArn"), None);
    }

    #[test]
    fn scenario_context_overrides_and_adds() {
        let mut r = request("arn:aws:iam::111111111111:user/deployer");
        r.context = Some(
            [
                (
                    "AWS:PrincipalArn".to_string(),
                    ContextValue::One("x".into()),
                ),
                (
                    "aws:PrincipalTag/team".to_string(),
                    ContextValue::One("ops".into()),
                ),
                (
                    "aws:PrincipalOrgPaths".to_string(),
                    ContextValue::Many(vec!["o-a/r-b/".into(), "o-a/r-c/".into()]),
                ),
            ]
            .into(),
        );
        let context = derive(&r);
        assert_eq!(value(&context, "aws:PrincipalArn"), one("x"));
        assert_eq!(value(&context, "aws:principaltag/team"), one("ops"));
        assert_eq!(
            value(&context, "aws:PrincipalOrgPaths").map(|v| v.len()),
            Some(2)
        );
    }

    /// The role's tags, given as `aws:ResourceTag/*`, answer
    /// `iam:ResourceTag/*` too (any case of either); a key given under the
    /// `iam:` prefix itself wins.
    #[test]
    fn iam_resource_tags_are_the_roles_aws_resource_tags() {
        let mut r = request("arn:aws:iam::111111111111:user/deployer");
        r.context = Some(
            [(
                "aws:ResourceTag/access-project".to_string(),
                ContextValue::One("peg".into()),
            )]
            .into(),
        );
        let context = derive(&r);
        assert_eq!(
            value(&context, "IAM:resourcetag/Access-Project"),
            one("peg")
        );
        assert!(context.contains("iam:ResourceTag/access-project"));
        assert_eq!(value(&context, "iam:ResourceTag/other"), None);
        assert_eq!(value(&context, "iam:PrincipalTag/access-project"), None);

        r.context.get_or_insert_with(Default::default).insert(
            "iam:ResourceTag/access-project".into(),
            ContextValue::One("uni".into()),
        );
        assert_eq!(
            value(&derive(&r), "iam:ResourceTag/access-project"),
            one("uni")
        );
    }

    #[test]
    fn time_keys_only_when_given_and_derived_from_each_other() {
        let bare = derive(&request("arn:aws:iam::111111111111:user/deployer"));
        assert_eq!(value(&bare, "aws:CurrentTime"), None);
        assert_eq!(value(&bare, "aws:EpochTime"), None);
        let mut r = request("arn:aws:iam::111111111111:user/deployer");
        r.context = Some(
            [(
                "aws:CurrentTime".to_string(),
                ContextValue::One("2026-11-22T10:00:00Z".into()),
            )]
            .into(),
        );
        assert_eq!(value(&derive(&r), "aws:EpochTime"), one("1795341600"));
        r.context = Some(
            [(
                "aws:EpochTime".to_string(),
                ContextValue::One("1795341600".into()),
            )]
            .into(),
        );
        assert_eq!(
            value(&derive(&r), "aws:CurrentTime"),
            one("2026-11-22T10:00:00Z")
        );
    }
}
