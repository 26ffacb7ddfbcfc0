//! The recogniser of AWS error messages: any CLI's, SDK's or tool's wrapper
//! (`wrappers.rs`, `IMPORT_FORMATS.md` §4) around an AccessDenied message
//! (`access_denied.rs`, §3) or another STS error (`sts_errors.rs`, §5).
//! It fills only what the text carries (§2 rule 1, §10) and says what the
//! message points at (§3.4); evidence is not a verdict (§2 rule 6).

use super::access_denied::{read_access_denied, AccessDenied, Clause, PolicyType};
use super::normalize::flatten;
use super::sts_errors::{code_warning, read_sts_errors, StsError, ValidatedField};
use super::wrappers::{is_role_arn, read_wrapper, WrapperFacts};
use super::Reading;

pub const ACCESS_DENIED_FORMAT: &str = "access-denied-message";
pub const STS_ERROR_FORMAT: &str = "sts-error-message";

/// The actions a role assumption is made with; the others a message may
/// name (`sts:TagSession`) are permissions that call needs.
const ASSUME_ACTIONS: [&str; 3] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithWebIdentity",
    "sts:AssumeRoleWithSAML",
];

pub fn recognize(text: &str) -> Option<Reading> {
    let flat = flatten(text);
    let wrapper = read_wrapper(&flat);
    let denials = read_access_denied(&flat);
    let others = read_sts_errors(&flat);
    let first_denial_at = denials
        .first()
        .and_then(|denial| flat.find(&denial.message));
    let first_other_at = others.first().map(|error| error.at);
    let mut reading = match (denials.first(), others.first()) {
        (Some(_), Some(other)) if first_other_at < first_denial_at => {
            from_sts_error(other, &wrapper)
        }
        (Some(denial), _) => from_access_denied(denial, &wrapper),
        (None, Some(other)) => from_sts_error(other, &wrapper),
        (None, None) => from_code_alone(&wrapper)?,
    };
    let distinct = denials.len() + others.len();
    if distinct > 1 {
        reading.notes.push(format!(
            "the paste holds {distinct} different AWS errors; the first is read, paste the others apart to read them"
        ));
    }
    if flat.contains("Encoded authorization failure message:") {
        reading.warnings.push(
            "the message carries an encoded authorization failure message: run `aws sts decode-authorization-message --encoded-message …` and read its result (STS itself never sends one for a role assumption)"
                .to_string(),
        );
    }
    fill_from_wrapper(&mut reading, &wrapper);
    Some(reading)
}

/// §3: caller, action, role ARN and the context clause's evidence.
fn from_access_denied(denial: &AccessDenied, wrapper: &WrapperFacts) -> Reading {
    let mut reading = Reading::new(ACCESS_DENIED_FORMAT);
    reading.message = Some(denial.message.clone());
    let action = canonical_action(&denial.action);
    let assume = action.is_some_and(|action| ASSUME_ACTIONS.contains(&action));
    let session_permission = matches!(action, Some("sts:TagSession" | "sts:SetSourceIdentity"));
    if !assume && !session_permission {
        reading.warnings.push(format!(
            "this message is about `{}`, not a role assumption: nothing was filled from it",
            denial.action
        ));
        reading.about_another_call = true;
        return reading;
    }
    if assume {
        reading.action = action.map(str::to_string);
    } else if wrapper.operation.is_none() {
        reading.notes.push(format!(
            "`{}` is a permission of the AssumeRole call, not the call itself: the message does not say which AssumeRole* action was called",
            denial.action
        ));
    }
    reading.caller = denial.caller.clone();
    match &denial.resource {
        Some(resource) if is_role_arn(resource) => reading.role_arn = Some(resource.clone()),
        Some(resource) => reading.notes.push(format!(
            "the resource `{resource}` is not a role ARN: request.role_arn not filled"
        )),
        None => {}
    }
    // §3.4: the clause's policy type → the check that judges it.
    match action {
        Some("sts:TagSession") => {
            reading.evidence.push("session.tags".to_string());
            reading.warnings.push(
                "the call passed session tags (sts:TagSession): the message does not quote them; add them to request.tags"
                    .to_string(),
            );
        }
        Some("sts:SetSourceIdentity") => {
            reading.evidence.push("session.source_identity".to_string());
            reading.warnings.push(
                "the call set a source identity (sts:SetSourceIdentity): the message does not quote it; add it as request.source_identity"
                    .to_string(),
            );
        }
        _ => match &denial.clause {
            Some(clause) => evidence_of_clause(clause, &mut reading),
            None => reading.notes.push(short_form_note(action)),
        },
    }
    if let Some(Clause::ExplicitDeny(_, Some(arn))) = &denial.clause {
        reading.surfaces.push(arn.clone());
        if let Some(org) = organization_of(arn) {
            reading.notes.push(format!(
                "the denying policy belongs to organization {org} (its ARN says so)"
            ));
        }
    }
    // §5: on a web-identity or SAML call the short form means the trust
    // policy (there is no caller-side policy), or a role that does not exist.
    if denial.clause.is_none()
        && denial.caller.is_none()
        && matches!(
            action,
            Some("sts:AssumeRoleWithWebIdentity" | "sts:AssumeRoleWithSAML")
        )
    {
        reading.evidence.push("trust.*".to_string());
    }
    reading
}

fn short_form_note(action: Option<&str>) -> String {
    let what = match action {
        Some("sts:AssumeRoleWithWebIdentity" | "sts:AssumeRoleWithSAML") => {
            "on this call it means the role's trust policy refused it, or the role does not exist"
        }
        _ => "AWS gives this form for any cause, also when the role does not exist",
    };
    format!("the message names no policy type: {what}")
}

fn evidence_of_clause(clause: &Clause, reading: &mut Reading) {
    let (kind, explicit) = match clause {
        Clause::NoAllow(kind) => (*kind, false),
        Clause::ExplicitDeny(kind, _) => (*kind, true),
    };
    let evidence = match (kind, explicit) {
        (PolicyType::Identity, false) => Some("identity.allow"),
        (PolicyType::Identity, true) => Some("identity.deny"),
        // For STS the role trust policy is the resource-based policy (§3.4).
        (PolicyType::RoleTrust | PolicyType::ResourceBased, false) => Some("trust.*"),
        (PolicyType::RoleTrust | PolicyType::ResourceBased, true) => Some("trust.deny"),
        // "explicit deny in a service control policy" may also mean a level
        // without an Allow (the 2023 guide): scp.allow judges both.
        (PolicyType::ServiceControl, _) => Some("scp.allow"),
        (PolicyType::ResourceControl, _) => Some("rcp.allow"),
        (PolicyType::PermissionsBoundary, _) => Some("boundary.allow"),
        (PolicyType::Session, _) => {
            reading.warnings.push(
                "AWS names the caller's session policy (passed when the caller's own session was created): session policies are not modelled, so no check can agree with this message"
                    .to_string(),
            );
            None
        }
        (PolicyType::VpcEndpoint | PolicyType::VpcEndpointThroughScp, _) => {
            reading.warnings.push(
                "AWS names a VPC endpoint policy (the STS interface endpoint the call went through): endpoint policies are not modelled"
                    .to_string(),
            );
            None
        }
    };
    if kind == PolicyType::ResourceBased {
        reading
            .notes
            .push("for STS the resource-based policy is the role's trust policy".to_string());
    }
    if let Some(evidence) = evidence {
        reading.evidence.push(evidence.to_string());
    }
}

/// §5: the checks or warnings of the other STS errors, and the values a
/// validation error quotes.
fn from_sts_error(error: &StsError, wrapper: &WrapperFacts) -> Reading {
    let mut reading = Reading::new(STS_ERROR_FORMAT);
    reading.message = Some(error.message.clone());
    reading.evidence = error.evidence.iter().map(|id| id.to_string()).collect();
    if let Some(warning) = &error.warning {
        reading.warnings.push(warning.clone());
    }
    if let Some(note) = error.note {
        reading.notes.push(note.to_string());
    }
    if let Some(action) = error.implied_action {
        if wrapper.operation.is_none() {
            reading.action = Some(action.to_string());
            reading.notes.push(format!(
                "request.action is {action}: only that call gives this error"
            ));
        }
    }
    if let Some(issuer) = &error.issuer {
        reading.caller = Some(issuer.clone());
        reading.notes.push(format!(
            "request.caller is the token's issuer, {issuer}, read from the error"
        ));
    }
    for (field, value) in &error.values {
        match field {
            ValidatedField::DurationSeconds => {
                reading.duration_seconds = Some(match value.trim().parse::<i64>() {
                    Ok(number) => serde_json::Value::from(number),
                    Err(_) => serde_json::Value::from(value.clone()),
                });
            }
            ValidatedField::RoleSessionName => reading.role_session_name = Some(value.clone()),
            ValidatedField::ExternalId => reading.external_id = Some(value.clone()),
            ValidatedField::RoleArn => reading.role_arn = Some(value.clone()),
            ValidatedField::SerialNumber => reading.mfa_serial = Some(value.clone()),
            ValidatedField::SourceIdentity => reading.source_identity = Some(value.clone()),
        }
    }
    reading
}

/// A wrapper whose code says what happened when no message text was read
/// (`ExpiredToken`, `RegionDisabledException`).
fn from_code_alone(wrapper: &WrapperFacts) -> Option<Reading> {
    let code = wrapper.code.as_deref()?;
    let warning = code_warning(code)?;
    let mut reading = Reading::new(STS_ERROR_FORMAT);
    reading.message = Some(code.to_string());
    reading.warnings.push(warning.to_string());
    Some(reading)
}

/// The action from the wrapper's operation when the message gave none,
/// the role ARN a tool names, the MFA device its prompt names.
fn fill_from_wrapper(reading: &mut Reading, wrapper: &WrapperFacts) {
    if reading.about_another_call {
        return;
    }
    if let Some(operation) = &wrapper.operation {
        let action = format!("sts:{operation}");
        if ASSUME_ACTIONS.contains(&action.as_str()) {
            if reading.action.is_none() {
                if wrapper.operation_inferred {
                    reading.notes.push(format!(
                        "request.action is {action}: {} makes that call",
                        wrapper.operation_from.unwrap_or("the tool")
                    ));
                }
                reading.action = Some(action);
            }
        } else {
            reading.notes.push(format!(
                "the operation called was {operation}, not a role assumption: request.action not filled"
            ));
        }
    }
    if reading.role_arn.is_none() {
        if let Some(role_arn) = &wrapper.role_arn {
            reading.notes.push(format!(
                "request.role_arn {role_arn} is read from the text around AWS's message (the tool's words or the echoed command)"
            ));
            reading.role_arn = Some(role_arn.clone());
        }
    }
    if reading.mfa_serial.is_none() {
        reading.mfa_serial = wrapper.mfa_serial.clone();
    }
    if let (None, Some(provider)) = (&reading.caller, wrapper.identity_provider) {
        if reading.action.as_deref() == Some("sts:AssumeRoleWithWebIdentity") {
            reading.notes.push(format!(
                "request.caller is `{provider}`: {} calls with a GitHub Actions token, and this \
                is their issuer on github.com; with GitHub Enterprise Server or an enterprise's \
                own issuer, give that issuer instead",
                wrapper.operation_from.unwrap_or("the tool")
            ));
            reading.caller = Some(provider.to_string());
        }
    }
}

/// The action as STS spells it (`sts:assumerole` → `sts:AssumeRole`); IAM
/// action names are case-insensitive.
fn canonical_action(action: &str) -> Option<&'static str> {
    const KNOWN: [&str; 5] = [
        "sts:AssumeRole",
        "sts:AssumeRoleWithWebIdentity",
        "sts:AssumeRoleWithSAML",
        "sts:TagSession",
        "sts:SetSourceIdentity",
    ];
    KNOWN
        .into_iter()
        .find(|known| known.eq_ignore_ascii_case(action))
}

/// The `o-…` of an Organizations policy ARN
/// (`arn:aws:organizations::ACCT:policy/o-abc/service_control_policy/p-1`).
fn organization_of(arn: &str) -> Option<&str> {
    let path = arn.split(":policy/").nth(1)?;
    path.split('/').next().filter(|org| org.starts_with("o-"))
}
