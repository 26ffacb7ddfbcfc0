//! `request.format` and `request.caller`: is the request one STS would
//! accept, from a caller that may make it.

use serde_json::{json, Value};

use super::call::{Request, StsAction};
use super::carried_keys::not_carried;
use super::outcome::{CheckOutcome, CheckOutcomes, EditDraft, FixDraft, Mode, Span};
use crate::arn::{is_name_char, is_tag_char, Caller, RoleArn};
use crate::aws_docs;
use crate::context::derive_context;
use crate::policy::Policy;
use crate::report::{CheckId, DocumentId, RequestField};
use crate::request_fields::{CallKind, ImpliedCall};
use crate::scenario::{ContextValue, Request as RequestFields, Scenario};
use crate::text::{describe_char, format_count};

#[derive(Default)]
struct Problems {
    errors: Vec<(String, Span)>,
    /// How many of `errors` are this tool's own caps, not STS's rules.
    beyond_caps: usize,
    warnings: Vec<(String, Span)>,
    /// Edits of the request, one per field, merged into one fix.
    remedies: Vec<FixDraft>,
    /// What no edit can do (a fact is malformed): instructions, offered
    /// after the edits.
    advice: Vec<FixDraft>,
}

impl Problems {
    fn error(&mut self, field: Span, message: String) {
        self.errors.push((message, field));
    }

    fn warn(&mut self, field: Span, message: String) {
        self.warnings.push((message, field));
    }

    fn remedy(&mut self, remedy: FixDraft) {
        if remedy.is_advice() {
            if !self.advice.contains(&remedy) {
                self.advice.push(remedy);
            }
            return;
        }
        let fields = |r: &FixDraft| -> Vec<RequestField> {
            r.edits
                .iter()
                .filter_map(|change| match change {
                    EditDraft::Field { field, .. } => Some(field.clone()),
                    _ => None,
                })
                .collect()
        };
        let new_fields = fields(&remedy);
        if !self
            .remedies
            .iter()
            .any(|r| fields(r).iter().any(|f| new_fields.contains(f)))
        {
            self.remedies.push(remedy);
        }
    }

    /// One fix that makes every change the problems call for, then the
    /// advice for what no edit can change. The edits are offered only when
    /// they reach every error: a fix must make its check pass, and one that
    /// mends the MFA field while the role ARN stays malformed would not.
    fn remedies(&self) -> Vec<FixDraft> {
        let edited: Vec<&RequestField> = self
            .remedies
            .iter()
            .flat_map(|remedy| &remedy.edits)
            .filter_map(|edit| match edit {
                EditDraft::Field { field, .. } => Some(field),
                _ => None,
            })
            .collect();
        let every_error_mended = self.errors.iter().all(|(_, span)| match span {
            Span::Field { field, .. } => edited.contains(&field),
            Span::Text { .. } => false,
        });
        let remedies = if every_error_mended {
            self.remedies.as_slice()
        } else {
            &[]
        };
        let merged = match remedies {
            [] => None,
            [one] => Some(one.clone()),
            many => Some(FixDraft::safe(
                many.iter()
                    .map(|r| r.title.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
                many.iter().flat_map(|r| r.edits.clone()).collect(),
            )),
        };
        merged
            .into_iter()
            .chain(self.advice.iter().cloned())
            .collect()
    }

    /// `request.format`: fail on errors, warn on warnings, else pass.
    fn outcome(&self, action: Option<StsAction>) -> CheckOutcome {
        let api_doc = match action {
            Some(StsAction::WebIdentity) => aws_docs::ASSUME_ROLE_WITH_WEB_IDENTITY_API,
            Some(StsAction::Saml) => aws_docs::ASSUME_ROLE_WITH_SAML_API,
            _ => aws_docs::ASSUME_ROLE_API,
        };
        if !self.errors.is_empty() {
            // Only the tool's caps: STS might accept it, this tool does not evaluate it.
            let opening = if self.beyond_caps == self.errors.len() {
                "This request is beyond what this tool evaluates, so no policy is evaluated"
            } else {
                "STS would reject this request before evaluating any policy"
            };
            let detail = format!(
                "{opening}: {}.",
                self.errors
                    .iter()
                    .map(|(m, _)| m.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            );
            CheckOutcome::fail(detail)
                .at_all(self.errors.iter().map(|(_, l)| l.clone()))
                .with_remedies(self.remedies())
                .doc(api_doc)
        } else if !self.warnings.is_empty() {
            CheckOutcome::warn(format!(
                "The request is well-formed, but {}.",
                self.warnings
                    .iter()
                    .map(|(m, _)| m.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ))
            .at_all(self.warnings.iter().map(|(_, l)| l.clone()))
            .with_remedies(self.remedies())
            .doc(api_doc)
        } else {
            CheckOutcome::pass("The request is well-formed and within STS's limits.").doc(api_doc)
        }
    }
}

/// `trust` is the role's trust policy as parsed (`None` when it is not
/// JSON), which says whether the call must be a federated one.
pub(crate) fn check_request<'a>(
    scenario: &'a Scenario,
    trust: Option<&Policy>,
    findings: &mut CheckOutcomes,
) -> Option<Request<'a>> {
    let fields = &scenario.request;
    let mut problems = Problems::default();

    let (action, role, caller, duration) = check_fields(fields, &mut problems);
    let max_session_duration = check_max_session_duration(scenario, &mut problems);

    let not_carried = keys_not_carried(fields, action, caller.as_ref());
    for (key, why) in &not_carried {
        problems.warn(
            Span::field(RequestField::Context),
            format!("{why}: `{key}` in `request.context` is ignored"),
        );
    }

    check_unknown_fields(fields, &mut problems);

    let explains = findings.explains(CheckId::RequestFormat);
    let errored: Vec<RequestField> = problems
        .errors
        .iter()
        .filter_map(|(_, location)| match location {
            Span::Field { field, .. } => Some(field.clone()),
            Span::Text { .. } => None,
        })
        .filter(|_| explains)
        .collect();
    for field in errored {
        if let Some(remedy) = sanitizing_remedy(fields, caller.as_ref(), &field) {
            problems.remedy(remedy);
        }
    }

    let format_failed = !problems.errors.is_empty();
    findings.set(
        CheckId::RequestFormat,
        if explains {
            problems.outcome(action)
        } else {
            CheckOutcome::decided(format_failed)
        },
    );

    let (Some(action), Some(caller), Some(role), false) = (action, caller, role, format_failed)
    else {
        return None;
    };
    let implied = trust.and_then(crate::request_fields::implied_call_of);
    findings.set(
        CheckId::RequestCaller,
        check_caller(action, &caller, implied.as_ref()),
    );
    let mut context = derive_context(&scenario.request, &caller, &role);
    for (key, _) in &not_carried {
        context.remove(key);
    }
    Some(Request {
        scenario,
        action,
        caller,
        role_arn: role.to_arn(),
        role,
        context,
        duration: duration.unwrap_or(RequestFields::DEFAULT_DURATION_SECONDS),
        max_session_duration: max_session_duration.unwrap_or(3600),
        mode: findings.mode(),
        explaining: std::cell::Cell::new(findings.mode() == Mode::Explain),
    })
}

/// The request fields STS would refuse as they are written (the
/// `request.format` errors, by field): redaction must not change this set.
pub(crate) fn refused_fields(scenario: &Scenario) -> Vec<RequestField> {
    let mut problems = Problems::default();
    check_fields(&scenario.request, &mut problems);
    check_max_session_duration(scenario, &mut problems);
    let mut refused: Vec<RequestField> = problems
        .errors
        .into_iter()
        .filter_map(|(_, location)| match location {
            Span::Field { field, .. } => Some(field),
            Span::Text { .. } => None,
        })
        .collect();
    refused.sort();
    refused.dedup();
    refused
}

/// Each request field checked on its own: the action, the role and the
/// caller parsed, and the duration asked for.
fn check_fields(
    fields: &RequestFields,
    problems: &mut Problems,
) -> (
    Option<StsAction>,
    Option<RoleArn>,
    Option<Caller>,
    Option<i64>,
) {
    let (action, role, caller) = parse_call(fields, problems);
    check_session_name(fields, action, problems);
    if let Some(action) = action.filter(|action| action.is_federated()) {
        check_not_taken(fields, action, problems);
    }
    check_external_id(fields, problems);
    let duration = check_duration(fields, problems);
    check_source_identity(fields, problems);
    check_tags(fields, problems);
    check_source_ip(fields, problems);
    check_mfa(fields, problems);
    check_context_limits(fields, problems);
    check_suspicious_characters(fields, problems);
    (action, role, caller, duration)
}

/// The action, the role and the caller, each parsed or reported; the
/// caller's and the role's partitions must agree.
fn parse_call(
    fields: &RequestFields,
    problems: &mut Problems,
) -> (Option<StsAction>, Option<RoleArn>, Option<Caller>) {
    let action = StsAction::parse(fields.action());
    if action.is_none() {
        problems.error(
            Span::field(RequestField::Action),
            format!(
                "`{}` is not an AssumeRole action: use `sts:AssumeRole`, \
                    `sts:AssumeRoleWithWebIdentity` or `sts:AssumeRoleWithSAML`",
                fields.action()
            ),
        );
    }

    let role = match RoleArn::parse(fields.role_arn.trim()) {
        Ok(role) => Some(role),
        Err(why) => {
            let message = if fields.role_arn.trim().is_empty() {
                "the role ARN is empty; give the ARN of the role to assume, such as \
                `arn:aws:iam::111111111111:role/NAME`"
                    .to_string()
            } else {
                format!("the role ARN `{}` is not valid: {why}", fields.role_arn)
            };
            problems.error(Span::field(RequestField::RoleArn), message);
            None
        }
    };
    let caller = match Caller::parse(fields.caller.trim()) {
        Ok(caller) => Some(in_role_account(caller, role.as_ref())),
        Err(why) => {
            let message = if fields.caller.trim().is_empty() {
                // Who "calls" a federated call is its identity provider.
                match action {
                    Some(StsAction::WebIdentity) => "the identity provider is empty; give the \
                        OIDC provider that issued the token: its ARN, such as \
                        `arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com`, \
                        or the issuer host, such as `token.actions.githubusercontent.com` (the \
                        token's `iss` claim without `https://`)"
                        .to_string(),
                    Some(StsAction::Saml) => "the identity provider is empty; give the SAML \
                        provider's ARN (the call's `--principal-arn`), such as \
                        `arn:aws:iam::111111111111:saml-provider/NAME`"
                        .to_string(),
                    _ => why,
                }
            } else {
                format!("the caller `{}` is not valid: {why}", fields.caller)
            };
            problems.error(Span::field(RequestField::Caller), message);
            None
        }
    };
    if let Some(Caller::AssumedRole { role_name, .. }) = &caller {
        let explicit = fields.context.as_ref().is_some_and(|context| {
            context
                .keys()
                .any(|key| key.eq_ignore_ascii_case("aws:PrincipalArn"))
        });
        if role_name.starts_with(crate::arn::IDENTITY_CENTER_ROLE_PREFIX) && !explicit {
            problems.warn(
                Span::field(RequestField::Caller),
                format!(
                    "`{role_name}` is an IAM Identity Center role: its ARN has \
                        the path `/aws-reserved/sso.amazonaws.com/`, which the \
                        session ARN does not show, and in some instances the \
                        Identity Center Region after it; aws:PrincipalArn is taken \
                        without a Region. If a policy compares aws:PrincipalArn, \
                        give the role's exact ARN (IAM console, or `aws iam \
                        get-role`) as `aws:PrincipalArn` in `request.context`"
                ),
            );
        }
    }
    if let (Some(caller), Some(role)) = (&caller, &role) {
        if let Some(partition) = caller.partition() {
            if partition != role.partition {
                problems.error(
                    Span::field(RequestField::RoleArn),
                    format!(
                        "the caller is in partition `{partition}` and the role in \
                            `{}`: roles cannot be assumed across partitions",
                        role.partition
                    ),
                );
            }
        }
    }
    (action, role, caller)
}

/// Fields the scenario format does not know: each warned about, with a
/// rename when the intended field is clear.
fn check_unknown_fields(fields: &RequestFields, problems: &mut Problems) {
    for key in fields.unknown.keys() {
        let hint = closest_field(key)
            .map(|known| format!(" (did you mean `{known}`?)"))
            .unwrap_or_default();
        problems.warn(
            Span::field(RequestField::Unknown(key.clone())),
            format!(
                "the request field `{key}` is not part of the scenario format and is ignored{hint}"
            ),
        );
        // A rename keeps the value as written: it corrects how the scenario
        // spells a field, not what the field says. So only into a field left
        // empty, and only a value the field can take (`"Principal": {"AWS":
        // …}` is no caller).
        if let (Some(known), Some(value)) = (closest_field(key), fields.unknown.get(key)) {
            // One rename into a field is offered at most: spare the others'
            // checking.
            let taken = problems.remedies.iter().any(|remedy| {
                remedy
                    .edits
                    .iter()
                    .any(|edit| matches!(edit, EditDraft::Field { field, .. } if *field == known))
            });
            if taken || !renames_into_place(fields, &known, value) {
                continue;
            }
            problems.remedy(FixDraft::safe(
                format!("Rename `{key}` to `{known}`"),
                vec![
                    EditDraft::set_field(RequestField::Unknown(key.clone()), Value::Null),
                    EditDraft::set_field(known, value.clone()),
                ],
            ));
        }
    }
}

/// Whether the request's field `known` is empty and can take `value`: the
/// scenario format reads it, and STS would accept it there (a rename that
/// leaves the field malformed would not make the check pass).
fn renames_into_place(fields: &RequestFields, known: &RequestField, value: &Value) -> bool {
    let Ok(Value::Object(mut request)) = serde_json::to_value(fields) else {
        return false;
    };
    let empty = match request.get(known.as_str()) {
        None | Some(Value::Null) => true,
        Some(Value::String(text)) => text.trim().is_empty(),
        Some(_) => false,
    };
    if !empty {
        return false;
    }
    request.insert(known.as_str().to_string(), value.clone());
    let Ok(renamed) = serde_json::from_value::<RequestFields>(Value::Object(request)) else {
        return false;
    };
    let mut problems = Problems::default();
    check_fields(&renamed, &mut problems);
    !problems
        .errors
        .iter()
        .any(|(_, span)| matches!(span, Span::Field { field, .. } if field == known))
}

/// The keys of `request.context` this call cannot carry, with why.
fn keys_not_carried(
    fields: &RequestFields,
    action: Option<StsAction>,
    caller: Option<&Caller>,
) -> Vec<(String, String)> {
    let (Some(action), Some(caller), Some(context)) = (action, caller, &fields.context) else {
        return Vec::new();
    };
    context
        .keys()
        .filter_map(|key| not_carried(action, caller, key).map(|why| (key.clone(), why)))
        .collect()
}

/// The request field an unknown one most likely means.
fn closest_field(key: &str) -> Option<RequestField> {
    let normalized: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    RequestField::KNOWN
        .into_iter()
        .filter(|known| known.document() == DocumentId::Request)
        .find(|known| known.as_str().replace('_', "") == normalized)
        .or(match normalized.as_str() {
            "callerarn" | "principal" | "principalarn" => Some(RequestField::Caller),
            "role" => Some(RequestField::RoleArn),
            "sessionname" => Some(RequestField::RoleSessionName),
            "extid" => Some(RequestField::ExternalId),
            "duration" => Some(RequestField::DurationSeconds),
            "ip" => Some(RequestField::SourceIp),
            "sessiontags" => Some(RequestField::Tags),
            _ => None,
        })
}

/// A caller given as a bare issuer host (`token.actions.githubusercontent.com`)
/// stands for the IAM OIDC provider of that host in the role's account: STS
/// looks the token's issuer up among the providers of the account that owns
/// the role. The built-in providers (Cognito, Google, Facebook, Amazon) have
/// no provider resource and stay a bare host.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html>
fn in_role_account(caller: Caller, role: Option<&RoleArn>) -> Caller {
    match (caller, role) {
        (
            Caller::OidcProvider {
                partition: None,
                account: None,
                host,
            },
            Some(role),
        ) if !crate::arn::WELL_KNOWN_WEB_IDENTITY_PROVIDERS.contains(&host.as_str()) => {
            Caller::OidcProvider {
                partition: Some(role.partition.clone()),
                account: Some(role.account.clone()),
                host,
            }
        }
        (caller, _) => caller,
    }
}

fn check_session_name(fields: &RequestFields, action: Option<StsAction>, problems: &mut Problems) {
    let Some(name) = &fields.role_session_name else {
        return;
    };
    if action == Some(StsAction::Saml) {
        problems.warn(
            Span::field(RequestField::RoleSessionName),
            "AssumeRoleWithSAML takes no session name (the SAML \
                assertion's RoleSessionName attribute sets it)"
                .into(),
        );
        return;
    }
    let length = name.chars().count();
    if !(2..=64).contains(&length) {
        problems.error(
            Span::field(RequestField::RoleSessionName),
            format!("the session name `{name}` is {length} characters; STS requires 2 to 64"),
        );
    }
    if let Some(bad) = name.chars().find(|c| !is_name_char(*c)) {
        let cleaned: String = name
            .chars()
            .map(|c| if is_name_char(c) { c } else { '-' })
            .collect();
        problems.error(
            Span::field(RequestField::RoleSessionName),
            format!(
                "the session name `{name}` contains {}; only letters, \
                digits and _+=,.@- are allowed",
                describe_char(bad)
            ),
        );
        if (2..=64).contains(&cleaned.chars().count()) {
            problems.remedy(FixDraft::set_request(
                format!("Use the session name `{cleaned}`"),
                RequestField::RoleSessionName,
                json!(cleaned),
            ));
        }
    }
}

/// AssumeRoleWithWebIdentity and AssumeRoleWithSAML take neither an
/// ExternalId nor MFA (SerialNumber, TokenCode): what the scenario gives for
/// them is ignored, and their condition keys are not in the request.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts-comparison.html>
fn check_not_taken(fields: &RequestFields, action: StsAction, problems: &mut Problems) {
    let name = action.name();
    if fields.external_id.is_some() {
        problems.warn(
            Span::field(RequestField::ExternalId),
            format!(
                "{name} takes no ExternalId: the external ID is ignored and \
                `sts:ExternalId` is not in the request"
            ),
        );
    }
    if fields.mfa.is_some() {
        problems.warn(
            Span::field(RequestField::Mfa),
            format!(
                "{name} takes no MFA (SerialNumber, TokenCode): it is \
                ignored and `aws:MultiFactorAuthPresent` is not in the \
                request"
            ),
        );
    }
}

fn check_external_id(fields: &RequestFields, problems: &mut Problems) {
    let Some(external_id) = &fields.external_id else {
        return;
    };
    let length = external_id.chars().count();
    if !(2..=1224).contains(&length) {
        problems.error(
            Span::field(RequestField::ExternalId),
            format!("the external ID is {length} characters; STS requires 2 to 1,224"),
        );
    }
    if let Some(bad) = external_id
        .chars()
        .find(|c| !(is_name_char(*c) || *c == ':' || *c == '/'))
    {
        problems.error(
            Span::field(RequestField::ExternalId),
            format!(
                "the external ID contains {}; only letters, digits and _+=,.@:/- are allowed",
                describe_char(bad)
            ),
        );
    }
}

fn integer_field(value: &Value) -> Option<i64> {
    value.as_i64().or_else(|| {
        value
            .as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
            .map(|f| f as i64)
    })
}

fn check_duration(fields: &RequestFields, problems: &mut Problems) -> Option<i64> {
    let value = fields.duration_seconds.as_ref()?;
    if value.is_null() {
        return None;
    }
    let Some(seconds) = integer_field(value) else {
        problems.error(
            Span::field(RequestField::DurationSeconds),
            format!("`duration_seconds` must be a whole number of seconds, not `{value}`"),
        );
        return None;
    };
    if !(900..=43200).contains(&seconds) {
        problems.error(
            Span::field(RequestField::DurationSeconds),
            format!(
                "DurationSeconds {seconds} is outside what STS accepts (900 to 43,200 seconds)"
            ),
        );
        problems.remedy(FixDraft::set_request(
            format!("Request {} seconds", seconds.clamp(900, 3600)),
            RequestField::DurationSeconds,
            json!(seconds.clamp(900, 3600)),
        ));
    }
    Some(seconds)
}

fn check_max_session_duration(scenario: &Scenario, problems: &mut Problems) -> Option<i64> {
    let value = scenario.role.max_session_duration.as_ref()?;
    if value.is_null() {
        return None;
    }
    match integer_field(value) {
        Some(seconds) if (3600..=43200).contains(&seconds) => Some(seconds),
        Some(seconds) => {
            problems.error(
                Span::field(RequestField::MaxSessionDuration),
                format!(
                    "the role's MaxSessionDuration of {seconds} seconds cannot \
                    exist: IAM accepts 3,600 to 43,200 (see \
                    {max_session_duration_setting})",
                    max_session_duration_setting = aws_docs::MAX_SESSION_DURATION_SETTING
                ),
            );
            let nearest = seconds.clamp(3600, 43200);
            problems.remedy(FixDraft::set_request(
                format!("Set the role's MaxSessionDuration to {nearest} seconds"),
                RequestField::MaxSessionDuration,
                json!(nearest),
            ));
            None
        }
        None => {
            problems.error(
                Span::field(RequestField::MaxSessionDuration),
                format!("`max_session_duration` must be a whole number of seconds, not `{value}`"),
            );
            None
        }
    }
}

fn check_source_identity(fields: &RequestFields, problems: &mut Problems) {
    let Some(source_identity) = &fields.source_identity else {
        return;
    };
    let length = source_identity.chars().count();
    if !(2..=64).contains(&length) {
        problems.error(
            Span::field(RequestField::SourceIdentity),
            format!("the source identity is {length} characters; STS requires 2 to 64"),
        );
    }
    if let Some(bad) = source_identity.chars().find(|c| !is_name_char(*c)) {
        problems.error(
            Span::field(RequestField::SourceIdentity),
            format!(
                "the source identity contains {}; only letters, digits \
                and _+=,.@- are allowed",
                describe_char(bad)
            ),
        );
    }
    if source_identity.to_ascii_lowercase().starts_with("aws:") {
        problems.error(
            Span::field(RequestField::SourceIdentity),
            "a source identity cannot start with `aws:`".into(),
        );
    }
}

/// Tag keys and values: letters, digits, white space and `_.:/=+-@`.
/// A key without the reserved `aws:` prefix, in any case.
fn without_aws_prefix(key: &str) -> &str {
    match key.get(..4) {
        Some(prefix) if prefix.eq_ignore_ascii_case("aws:") => key.get(4..).unwrap_or_default(),
        _ => key,
    }
}

fn is_valid_tag_key(key: &str) -> bool {
    (1..=128).contains(&key.chars().count()) && key.chars().all(is_tag_char)
}

fn check_tags(fields: &RequestFields, problems: &mut Problems) {
    if let Some(tags) = &fields.tags {
        if tags.len() > 50 {
            problems.error(
                Span::field(RequestField::Tags),
                format!(
                    "{} session tags were passed; STS allows at most 50 (see \
                        {session_tags_limits})",
                    tags.len(),
                    session_tags_limits = aws_docs::SESSION_TAGS_LIMITS
                ),
            );
        }
        for (key, value) in tags {
            let key_length = key.chars().count();
            if !(1..=128).contains(&key_length) {
                problems.error(
                    Span::field(RequestField::Tags),
                    format!("the tag key `{key}` is {key_length} characters; STS allows 1 to 128"),
                );
            }
            if value.chars().count() > 256 {
                problems.error(
                    Span::field(RequestField::Tags),
                    format!(
                        "the value of tag `{key}` is {} characters; STS allows at most 256",
                        value.chars().count()
                    ),
                );
            }
            if let Some(bad) = key.chars().chain(value.chars()).find(|c| !is_tag_char(*c)) {
                problems.error(
                    Span::field(RequestField::Tags),
                    format!(
                        "the tag `{key}` contains {}; tags allow letters, digits, \
                            spaces and _.:/=+-@",
                        describe_char(bad)
                    ),
                );
            }
            if key.to_ascii_lowercase().starts_with("aws:") {
                problems.error(
                    Span::field(RequestField::Tags),
                    format!("the tag key `{key}` uses the reserved prefix `aws:`"),
                );
            }
        }
        let mut lowered: Vec<String> = tags.keys().map(|k| k.to_lowercase()).collect();
        lowered.sort();
        if let Some(pair) = lowered.windows(2).find(|pair| pair.first() == pair.get(1)) {
            problems.error(
                Span::field(RequestField::Tags),
                format!(
                    "two session tags differ only in case (`{}`); tag keys are \
                        case-insensitive in STS",
                    pair.first().map(String::as_str).unwrap_or_default()
                ),
            );
        }
    }
    if let Some(keys) = &fields.transitive_tag_keys {
        if keys.len() > 50 {
            problems.error(
                Span::field(RequestField::TransitiveTagKeys),
                format!(
                    "{} transitive tag keys were passed; STS allows at most 50",
                    keys.len()
                ),
            );
        }
        let tags = fields.tags.as_ref();
        for key in keys {
            if !is_valid_tag_key(key) {
                problems.error(
                    Span::field(RequestField::TransitiveTagKeys),
                    format!(
                        "the transitive key `{key}` is not a valid tag key: 1 to 128 \
                        letters, digits, spaces and _.:/=+-@ (see \
                        {session_tags_limits})",
                        session_tags_limits = aws_docs::SESSION_TAGS_LIMITS
                    ),
                );
                continue;
            }
            let present = tags.is_some_and(|tags| tags.keys().any(|k| k.eq_ignore_ascii_case(key)));
            if !present {
                problems.warn(
                    Span::field(RequestField::TransitiveTagKeys),
                    format!(
                        "the transitive key `{key}` is not one of the session tags \
                        passed, so it carries nothing"
                    ),
                );
            }
        }
    }
}

fn check_source_ip(fields: &RequestFields, problems: &mut Problems) {
    let Some(source_ip) = &fields.source_ip else {
        return;
    };
    if source_ip.trim().parse::<std::net::IpAddr>().is_err() {
        problems.error(
            Span::field(RequestField::SourceIp),
            format!("`{source_ip}` is not an IPv4 or IPv6 address"),
        );
    }
}

fn check_mfa(fields: &RequestFields, problems: &mut Problems) {
    let Some(serial) = fields
        .mfa
        .as_ref()
        .and_then(|mfa| mfa.serial_number.as_ref())
    else {
        return;
    };
    let length = serial.chars().count();
    let valid_chars = serial
        .chars()
        .all(|c| is_name_char(c) || c == '/' || c == ':');
    if !(9..=256).contains(&length) || !valid_chars {
        problems.error(
            Span::field(RequestField::Mfa),
            format!(
                "the MFA serial number `{serial}` is not valid (9 to 256 \
                characters of letters, digits and _+=/:,.@-)"
            ),
        );
    }
}

/// The longest tag key and tag value IAM and STS accept ("Tag key" 1 to 128
/// characters, "Tag value" 0 to 256), which is all a tag condition key such as
/// `aws:PrincipalTag/team` can hold.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_know>
const TAG_KEY_LIMIT: usize = 128;
const TAG_VALUE_LIMIT: usize = 256;
/// This tool's own caps on `request.context`, not AWS limits (AWS documents
/// no general one): far above any value a condition key carries (ARNs are at
/// most 2,048 characters, tags 256), so that no input is evaluated at a cost
/// beyond them. Each value, each key, the number of values, and all keys and
/// values together.
const CONTEXT_VALUE_CAP: usize = 2_048;
const CONTEXT_KEY_CAP: usize = 256;
const CONTEXT_VALUES_CAP: usize = 1_000;
const CONTEXT_TOTAL_CAP: usize = 32_768;

/// At most this many values are named for suspicious characters; then a count.
const MAX_SUSPICIOUS_WARNINGS: usize = 10;

/// Every value the policies compare, with the field it is in and how it is
/// named: invisible characters, bidirectional controls, lookalike letters
/// and decomposed accents make a value that looks like a policy's compare
/// unequal (or equal to something that looks different), so each is named
/// by code point and position (`crate::suspicious`).
fn check_suspicious_characters(fields: &RequestFields, problems: &mut Problems) {
    let mut named: Vec<(RequestField, ValueName, &str)> = vec![
        (
            RequestField::Caller,
            ValueName::Field("the caller"),
            &fields.caller,
        ),
        (
            RequestField::RoleArn,
            ValueName::Field("the role ARN"),
            &fields.role_arn,
        ),
    ];
    let optional = [
        (
            RequestField::RoleSessionName,
            "the session name",
            &fields.role_session_name,
        ),
        (
            RequestField::ExternalId,
            "the external ID",
            &fields.external_id,
        ),
        (
            RequestField::SourceIdentity,
            "the source identity",
            &fields.source_identity,
        ),
    ];
    for (field, name, value) in optional {
        if let Some(value) = value {
            named.push((field, ValueName::Field(name), value));
        }
    }
    for (key, value) in fields.tags.iter().flatten() {
        named.push((RequestField::Tags, ValueName::TagKey(key), key));
        named.push((RequestField::Tags, ValueName::TagValue(key), value));
    }
    for (key, value) in fields.context.iter().flatten() {
        named.push((RequestField::Context, ValueName::ContextKey(key), key));
        let values: &[String] = match value {
            ContextValue::One(one) => std::slice::from_ref(one),
            ContextValue::Many(many) => many,
        };
        for (at, value) in values.iter().enumerate() {
            let of = (values.len() > 1).then_some(at + 1);
            named.push((
                RequestField::Context,
                ValueName::ContextValue(key, of),
                value,
            ));
        }
    }
    let mut warned = 0;
    let mut beyond = 0;
    for (field, name, value) in named {
        let found = crate::suspicious::suspicious_chars(value);
        let Some(first) = found.first() else {
            continue;
        };
        if warned == MAX_SUSPICIOUS_WARNINGS {
            beyond += 1;
            continue;
        }
        warned += 1;
        let more = match found.len() {
            1 => String::new(),
            2 => " and 1 more".to_owned(),
            n => format!(" and {} more", n - 1),
        };
        problems.warn(
            Span::field(field),
            format!(
                "{} has {}{more}; a policy value that looks the same does not match it \
                (shown: `{}`)",
                name.words(),
                first.describe(),
                crate::suspicious::visible(&shown_key(value))
            ),
        );
    }
    if beyond > 0 {
        problems.warn(
            Span::field(RequestField::Context),
            format!("{beyond} more request values have invisible, bidirectional or lookalike characters"),
        );
    }
}

/// How a request value is named in a suspicious-character warning, worded
/// only when the value has one (every pair of an organization's access
/// checks its principal's tags, and almost none warrants a word).
enum ValueName<'a> {
    Field(&'static str),
    TagKey(&'a str),
    TagValue(&'a str),
    ContextKey(&'a str),
    /// A context key's value, and its position when the key has several.
    ContextValue(&'a str, Option<usize>),
}

impl ValueName<'_> {
    fn words(&self) -> String {
        let shown = |key: &str| crate::suspicious::visible(&shown_key(key)).into_owned();
        match self {
            ValueName::Field(name) => (*name).to_string(),
            ValueName::TagKey(key) => format!("the tag key `{}`", shown(key)),
            ValueName::TagValue(key) => format!("the value of tag `{}`", shown(key)),
            ValueName::ContextKey(key) => format!("the context key `{}`", shown(key)),
            ValueName::ContextValue(key, None) => {
                format!("the context value of `{}`", shown(key))
            }
            ValueName::ContextValue(key, Some(at)) => {
                format!("value {at} of context key `{}`", shown(key))
            }
        }
    }
}

/// A key as shown in a message: at most 64 characters of it.
fn shown_key(key: &str) -> String {
    match key.char_indices().nth(64) {
        Some((at, _)) => format!("{}…", key.get(..at).unwrap_or_default()),
        None => key.to_string(),
    }
}

/// The tag a tag condition key reads (`aws:PrincipalTag/team` → `team`).
fn tag_of_key(key: &str) -> Option<&str> {
    ["aws:PrincipalTag/", "aws:RequestTag/", "aws:ResourceTag/"]
        .iter()
        .find_map(|prefix| {
            key.get(..prefix.len())
                .filter(|head| head.eq_ignore_ascii_case(prefix))
                .and_then(|_| key.get(prefix.len()..))
        })
}

/// Context values beyond what AWS carries (tags) or beyond this tool's caps
/// are rejected here, before any policy is evaluated against them. Lengths
/// are counted only up to just past the limit, and no value is quoted.
fn check_context_limits(fields: &RequestFields, problems: &mut Problems) {
    let Some(context) = &fields.context else {
        return;
    };
    // A text of at most `limit` bytes has at most `limit` characters: most
    // are, and need no count.
    let length_over = |text: &str, limit: usize| -> Option<usize> {
        (text.len() > limit && text.chars().take(limit + 1).count() > limit)
            .then(|| text.chars().count())
    };
    // Each message, with whether it is this tool's own cap.
    let mut found: Vec<(String, bool)> = Vec::new();
    let mut total = 0usize;
    let mut values = 0usize;
    for (key, value) in context {
        // Worded only for a message: most keys have none.
        let shown = || shown_key(key);
        if let Some(length) = length_over(key, CONTEXT_KEY_CAP) {
            let shown = shown();
            found.push((
                format!(
                    "the context key `{shown}` is {} characters; this tool evaluates \
                keys of at most {} (its own cap)",
                    format_count(length),
                    format_count(CONTEXT_KEY_CAP)
                ),
                true,
            ));
            continue;
        }
        let tag = tag_of_key(key);
        if let Some(length) = tag.and_then(|tag| length_over(tag, TAG_KEY_LIMIT)) {
            let shown = shown();
            found.push((
                format!(
                    "the tag key in `{shown}` is {} characters; tag keys are at most {} \
                (see {})",
                    format_count(length),
                    TAG_KEY_LIMIT,
                    aws_docs::IAM_QUOTAS
                ),
                false,
            ));
        }
        let listed: &[String] = match value {
            ContextValue::One(one) => std::slice::from_ref(one),
            ContextValue::Many(many) => many,
        };
        values += listed.len();
        total = total.saturating_add(key.chars().count());
        for (n, item) in listed.iter().enumerate() {
            let which = || {
                if listed.len() > 1 {
                    format!("value {} of `{}`", n + 1, shown())
                } else {
                    format!("the value of `{}`", shown())
                }
            };
            let over_tag = tag.and(length_over(item, TAG_VALUE_LIMIT));
            if let Some(length) = over_tag {
                found.push((
                    format!(
                        "{} in `request.context` is {} characters; a tag value is \
                    at most {} (see {})",
                        which(),
                        format_count(length),
                        TAG_VALUE_LIMIT,
                        aws_docs::IAM_QUOTAS
                    ),
                    false,
                ));
            } else if let Some(length) = length_over(item, CONTEXT_VALUE_CAP) {
                found.push((
                    format!(
                        "{} in `request.context` is {} characters; this tool \
                    evaluates context values of at most {} (its own cap: condition \
                    keys carry ARNs of at most 2,048 characters, tags of 256)",
                        which(),
                        format_count(length),
                        format_count(CONTEXT_VALUE_CAP)
                    ),
                    true,
                ));
            }
            total = total.saturating_add(item.chars().take(CONTEXT_TOTAL_CAP + 1).count());
        }
    }
    // The totals only when no single value was over: one long value is
    // reported once.
    let single_over = !found.is_empty();
    if values > CONTEXT_VALUES_CAP && !single_over {
        found.push((
            format!(
                "`request.context` holds {} values; this tool evaluates at most {} \
            (its own cap)",
                format_count(values),
                format_count(CONTEXT_VALUES_CAP)
            ),
            true,
        ));
    }
    if total > CONTEXT_TOTAL_CAP && !single_over {
        found.push((
            format!(
                "`request.context` holds more than {} characters of keys and values; \
            this tool evaluates at most that (its own cap)",
                format_count(CONTEXT_TOTAL_CAP)
            ),
            true,
        ));
    }
    for (message, cap) in found {
        problems.beyond_caps += usize::from(cap);
        problems.error(Span::field(RequestField::Context), message);
    }
}

/// `request.caller`: whether this kind of caller may call this action at all.
/// `implied` is the call the trust policy's `Federated` principals imply: a
/// federated call with an AWS caller then names that provider, and does not
/// send the person back to sts:AssumeRole, which the trust does not allow.
fn check_caller(action: StsAction, caller: &Caller, implied: Option<&ImpliedCall>) -> CheckOutcome {
    let trusted_provider = |kind: CallKind| {
        implied
            .filter(|implied| implied.kind == kind)
            .map(|implied| implied.provider.clone())
    };
    match (action, caller) {
        (StsAction::AssumeRole, Caller::Root { account, partition }) => {
            CheckOutcome::fail(format!(
                "The root user of account {account} cannot assume a role: \
                AssumeRole must be called with an IAM user's or a role \
                session's credentials."
            ))
            .at(Span::field(RequestField::Caller))
            .with_remedy(Some(FixDraft::advice(
                "Call as an IAM user or a role session of the account instead of the root user",
                format!(
                    "Sign in as (or create) an IAM user in account {account} \
                whose policies allow sts:AssumeRole on the role, or use a \
                role session, and call with its credentials (for example \
                `aws sts assume-role --profile <that user's profile>`); \
                then set the caller to its ARN, such as \
                `arn:{partition}:iam::{account}:user/NAME`."
                ),
            )))
            .doc(aws_docs::ASSUME_ROLE_API)
        }
        (
            StsAction::AssumeRole,
            Caller::FederatedUser {
                name,
                account,
                partition,
            },
        ) => CheckOutcome::fail(format!(
            "`{name}` is a GetFederationToken session, and such sessions \
                cannot call any STS operation except GetCallerIdentity."
        ))
        .at(Span::field(RequestField::Caller))
        .with_remedy(Some(FixDraft::advice(
            "Call with the IAM user's own credentials instead of the federation token",
            format!(
                "GetFederationToken credentials cannot assume a role: call \
                with the long-term access keys of the IAM user that created \
                the token (perhaps \
                `arn:{partition}:iam::{account}:user/{name}`) or with a \
                role session."
            ),
        )))
        .doc(aws_docs::GET_FEDERATION_TOKEN_API),
        (StsAction::AssumeRole, Caller::OidcProvider { .. }) => CheckOutcome::fail(
            "An OIDC identity provider signs in with \
                sts:AssumeRoleWithWebIdentity, not sts:AssumeRole.",
        )
        .at(Span::field(RequestField::Action))
        .with_remedy(Some(FixDraft::advice(
            "Call sts:AssumeRoleWithWebIdentity with the provider's token",
            "A token from an OIDC provider is exchanged with `aws sts \
                assume-role-with-web-identity --role-arn ... \
                --web-identity-token ...` (the AWS SDKs and \
                configure-aws-credentials do this for you); set the action \
                to sts:AssumeRoleWithWebIdentity if that is the call you \
                make.",
        )))
        .doc(aws_docs::ASSUME_ROLE_WITH_WEB_IDENTITY_API),
        (StsAction::AssumeRole, Caller::SamlProvider { .. }) => CheckOutcome::fail(
            "A SAML identity provider signs in with sts:AssumeRoleWithSAML, not sts:AssumeRole.",
        )
        .at(Span::field(RequestField::Action))
        .with_remedy(Some(FixDraft::advice(
            "Call sts:AssumeRoleWithSAML with the provider's assertion",
            "A SAML assertion is exchanged with `aws sts \
                assume-role-with-saml --role-arn ... --principal-arn \
                <saml-provider ARN> --saml-assertion ...`; set the action \
                to sts:AssumeRoleWithSAML if that is the call you make.",
        )))
        .doc(aws_docs::ASSUME_ROLE_WITH_SAML_API),
        (StsAction::WebIdentity, Caller::OidcProvider { .. })
        | (StsAction::Saml, Caller::SamlProvider { .. }) => {
            CheckOutcome::pass(format!("An identity provider may call {}.", action.name())).doc(
                match action {
                    StsAction::Saml => aws_docs::ASSUME_ROLE_WITH_SAML_API,
                    _ => aws_docs::ASSUME_ROLE_WITH_WEB_IDENTITY_API,
                },
            )
        }
        (StsAction::WebIdentity, _) => CheckOutcome::fail(
            "AssumeRoleWithWebIdentity is called with a token from an \
                OIDC provider; the caller must be the provider (an \
                oidc-provider ARN or its issuer host), not an AWS identity.",
        )
        .at(Span::field(RequestField::Caller))
        .with_remedy(Some(match trusted_provider(CallKind::WebIdentity) {
            Some(provider) => provider_as_caller(&provider, "OIDC provider", "token"),
            None => FixDraft::advice(
            "Call sts:AssumeRole with these credentials, or give the OIDC provider as the caller",
            "AWS credentials assume a role with `aws sts assume-role`; \
                AssumeRoleWithWebIdentity takes a token from an OIDC \
                provider instead, and its caller is that provider (its \
                oidc-provider ARN or issuer host).",
        ),
        }))
        .doc(aws_docs::ASSUME_ROLE_WITH_WEB_IDENTITY_API),
        (StsAction::Saml, _) => CheckOutcome::fail(
            "AssumeRoleWithSAML is called with a SAML assertion; the \
                caller must be the saml-provider, not an AWS identity.",
        )
        .at(Span::field(RequestField::Caller))
        .with_remedy(Some(match trusted_provider(CallKind::Saml) {
            Some(provider) => provider_as_caller(&provider, "SAML provider", "assertion"),
            None => FixDraft::advice(
            "Call sts:AssumeRole with these credentials, or give the SAML provider as the caller",
            "AWS credentials assume a role with `aws sts assume-role`; \
                AssumeRoleWithSAML takes an assertion from a SAML identity \
                provider instead, and its caller is that provider's \
                saml-provider ARN.",
        ),
        }))
        .doc(aws_docs::ASSUME_ROLE_WITH_SAML_API),
        (StsAction::AssumeRole, Caller::Service { name }) => CheckOutcome::pass(format!(
            "The service `{name}` may assume roles that trust it."
        ))
        .doc(aws_docs::ASSUME_ROLE_API),
        (StsAction::AssumeRole, _) => {
            CheckOutcome::pass("IAM users and role sessions may call sts:AssumeRole.")
                .doc(aws_docs::ASSUME_ROLE_API)
        }
    }
}

/// The advice for a federated call made with an AWS caller when the trust
/// policy trusts a provider of that kind: the provider is the caller.
fn provider_as_caller(provider: &str, kind: &str, credential: &str) -> FixDraft {
    FixDraft::advice(
        format!("Give the {kind} `{provider}` as the caller"),
        format!(
            "The caller of this call is the {kind} whose {credential} it \
            presents, not an AWS identity; the trust policy trusts \
            `{provider}`, so set the caller to it."
        ),
    )
}

/// Replaces characters STS rejects and brings the length within bounds.
fn clean(value: &str, allowed: impl Fn(char) -> bool, min: usize, max: usize) -> String {
    let mut cleaned: String = value
        .trim()
        .chars()
        .map(|c| if allowed(c) { c } else { '-' })
        .take(max)
        .collect();
    while cleaned.chars().count() < min {
        cleaned.push('x');
    }
    cleaned
}

/// The nearest value STS accepts for a malformed request field.
fn sanitizing_remedy(
    fields: &RequestFields,
    caller: Option<&Caller>,
    field: &RequestField,
) -> Option<FixDraft> {
    let set = |value: Value| {
        FixDraft::set_request(format!("Use a valid `{field}`"), field.clone(), value)
    };
    match field {
        RequestField::RoleSessionName => fields
            .role_session_name
            .as_deref()
            .map(|name| set(json!(clean(name, is_name_char, 2, 64)))),
        RequestField::ExternalId => fields.external_id.as_deref().map(|id| {
            set(json!(clean(
                id,
                |c| is_name_char(c) || c == ':' || c == '/',
                2,
                1224
            )))
        }),
        RequestField::SourceIdentity => fields.source_identity.as_deref().map(|identity| {
            set(json!(clean(
                without_aws_prefix(identity),
                is_name_char,
                2,
                64
            )))
        }),
        RequestField::Tags => fields.tags.as_ref().map(|tags| {
            let mut seen: Vec<String> = Vec::new();
            let mut cleaned = serde_json::Map::new();
            for (key, value) in tags.iter().take(50) {
                let key = clean(without_aws_prefix(key), is_tag_char, 1, 128);
                if seen.contains(&key.to_lowercase()) {
                    continue;
                }
                seen.push(key.to_lowercase());
                cleaned.insert(key, json!(clean(value, is_tag_char, 0, 256)));
            }
            set(Value::Object(cleaned))
        }),
        // Keep the keys STS accepts.
        RequestField::TransitiveTagKeys => fields.transitive_tag_keys.as_ref().map(|keys| {
            let valid: Vec<&String> = keys
                .iter()
                .filter(|key| is_valid_tag_key(key))
                .take(50)
                .collect();
            set(if valid.is_empty() {
                Value::Null
            } else {
                json!(valid)
            })
        }),
        // The context is a fact: the person gives the values AWS would carry.
        RequestField::Context => Some(FixDraft::advice(
            "Give `request.context` the values AWS would carry",
            "AWS never carries a tag value longer than 256 characters, and this \
            tool evaluates context values of at most 2,048 characters (32,768 in \
            all): give each key the value the real request has, or remove it.",
        )),
        // Where the call comes from is a fact: the person corrects the input.
        RequestField::SourceIp => Some(FixDraft::advice(
            "Give the address the call comes from as an IPv4 or IPv6 address",
            "aws:SourceIp is the public address of the caller as AWS sees it (for example `curl https://checkip.amazonaws.com` from the calling machine); leave the field empty when no policy compares it.",
        )),
        RequestField::Mfa => Some(set(Value::Null)),
        RequestField::RoleArn => {
            let partition = caller?.partition()?;
            let role = RoleArn::parse(fields.role_arn.trim()).ok()?;
            (role.partition != partition).then(|| {
                let mut fixed = role.clone();
                fixed.partition = partition.to_string();
                FixDraft::advice(
                    format!("Assume a role in the caller's partition `{partition}`"),
                    format!("Credentials of one partition cannot assume a role in \
                        another: use a role in `{partition}` (perhaps `{}`), or \
                        credentials of the role's partition `{}`.", fixed.to_arn(), role.partition),
                )
            })
        }
        _ => None,
    }
}
