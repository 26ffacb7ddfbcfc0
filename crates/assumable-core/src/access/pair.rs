//! One principal and one role: the scenario the dumps make of them, its
//! evaluation, and the answer.

use std::borrow::Cow;
use std::collections::BTreeMap;

use ipnet::IpNet;

use super::{addresses, Access, Pair, Principal, PrincipalKind, Role};
use crate::evaluate::{decide_reusing, first_fix, first_fix_reusing, Parsed};
use crate::fix::apply_fix;
use crate::report::{Changes, Decision, Edit, Fix, RequestField};
use crate::scenario::{CallerPolicies, ContextValue, Mfa, PolicySource, Request, Scenario};
use crate::text::contains_ignore_ascii_case;
use crate::{decide, Decided};

/// Request-only fixes followed at most (a chain needs few; the bound keeps
/// a cycle finite).
const MAX_REQUEST_FIXES: usize = 6;

/// The session name the pair's call uses.
const SESSION_NAME: &str = "assumable";

/// Whether `principal` can assume `role`, as the dumps stand.
pub fn answer(principal: &Principal, role: &Role) -> Pair {
    answer_with(principal, role, decide, first_fix)
}

/// [`answer`], with the role's trust and the principal's policies parsed
/// once for all their pairs (`parsed` for a role and a principal: see
/// [`Parsed`]); the same answer.
pub(super) fn answer_reusing(
    principal: &Principal,
    role: &Role,
    role_parsed: &Parsed,
    principal_parsed: &Parsed,
) -> Pair {
    answer_with(
        principal,
        role,
        |scenario| decide_reusing(scenario, role_parsed, principal_parsed),
        |scenario, decided| first_fix_reusing(scenario, role_parsed, principal_parsed, decided),
    )
}

/// The documents of a role's trust, parsed once for its pairs.
pub(super) fn parsed_trust(role: &Role) -> Parsed {
    role.trust_policy
        .as_ref()
        .map(Parsed::trust)
        .unwrap_or_default()
}

/// The documents of a principal's policies, parsed once for its pairs.
pub(super) fn parsed_policies(principal: &Principal) -> Parsed {
    Parsed::caller(
        &principal.policies.identity,
        principal.policies.boundary.as_ref(),
    )
}

/// The pair's answer: decided without explanations (`decide`, the same
/// decision and failing checks as `evaluate`); only a denied pair asks for
/// a fix (`first_fix`, the report's `first_to_fix` fix), to follow the
/// request fixes that may still allow it.
fn answer_with(
    principal: &Principal,
    role: &Role,
    decide: impl Fn(&Scenario) -> Decided,
    first_fix: impl Fn(&Scenario, &Decided) -> Option<Fix>,
) -> Pair {
    let scenario = scenario(principal, role);
    let decided = decide(&scenario);
    let mut pair = Pair {
        principal: principal.arn.clone(),
        role: role.arn.clone(),
        result: Access::Deny,
        requires: Vec::new(),
        failing: Vec::new(),
        via: Vec::new(),
    };
    if decided.decision == Decision::Allow {
        pair.result = Access::Allow;
        return pair;
    }
    let failing = decided
        .failing
        .iter()
        .map(|id| id.as_str().to_string())
        .collect();
    let requires = match request_fixes_to_allow(&scenario, decided, &decide, &first_fix) {
        Some(requires) => Some(requires),
        None => from_a_source_range(&scenario, &decide, &first_fix)
            .or_else(|| from_a_session_begun_with_mfa(principal, &scenario, &decide, &first_fix)),
    };
    match requires {
        Some(requires) => {
            pair.result = Access::Conditional;
            pair.requires = requires;
        }
        None => pair.failing = failing,
    }
    pair
}

/// What the request must carry when the call is allowed only from some
/// address: the narrowest range the documents name for `aws:SourceIp` from
/// whose first address the call is allowed (with request fixes followed as
/// [`request_fixes_to_allow`] does), less the narrower ranges they name
/// inside it from which it is not, and from whose last address (unless in
/// one of those) it is allowed too. `None` when the scenario gives
/// its address already, or no range allows it.
fn from_a_source_range(
    scenario: &Scenario,
    decide: impl Fn(&Scenario) -> Decided,
    first_fix: impl Fn(&Scenario, &Decided) -> Option<Fix>,
) -> Option<Vec<String>> {
    if scenario.request.source_ip.is_some() {
        return None;
    }
    let ranges = addresses::source_ranges(scenario);
    let allowed_from = |address: std::net::IpAddr| -> Option<Vec<String>> {
        let mut from = scenario.clone();
        from.request.source_ip = Some(address.to_string());
        let decided = decide(&from);
        if decided.decision == Decision::Allow {
            return Some(Vec::new());
        }
        request_fixes_to_allow(&from, decided, &decide, &first_fix)
    };
    ranges.iter().find_map(|range| {
        let requires = allowed_from(range.network())?;
        let except: Vec<&IpNet> = addresses::inside(range, &ranges)
            .filter(|narrower| allowed_from(narrower.network()).as_ref() != Some(&requires))
            .collect();
        let last = range.broadcast();
        if !except.iter().any(|narrower| narrower.contains(&last))
            && allowed_from(last).as_ref() != Some(&requires)
        {
            return None;
        }
        let mut need = format!("aws:SourceIp in {range}");
        if !except.is_empty() {
            let except: Vec<String> = except.iter().map(ToString::to_string).collect();
            need.push_str(&format!(" except {}", except.join(", ")));
        }
        Some(std::iter::once(need).chain(requires).collect())
    })
}

/// What a role's session must carry when only a session begun with MFA may
/// make the call: "MFA", then what [`request_fixes_to_allow`] adds. A role
/// session carries the MFA of the call that began its chain and cannot add
/// it (the fix is advice, not a request edit), yet a session begun with MFA
/// may assume the role, so the pair is conditional, not denied.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html>
/// Tried only for a role's sessions, when a document names an MFA key.
fn from_a_session_begun_with_mfa(
    principal: &Principal,
    scenario: &Scenario,
    decide: impl Fn(&Scenario) -> Decided,
    first_fix: impl Fn(&Scenario, &Decided) -> Option<Fix>,
) -> Option<Vec<String>> {
    // aws:MultiFactorAuthPresent and aws:MultiFactorAuthAge.
    let names_mfa =
        |source: &PolicySource| contains_ignore_ascii_case(source.text(), "aws:MultiFactorAuth");
    if principal.kind != PrincipalKind::Role
        || scenario.request.mfa.is_some()
        || !scenario
            .policies_by_kind()
            .into_iter()
            .any(|(_, source)| names_mfa(source))
    {
        return None;
    }
    let mut with_mfa = scenario.clone();
    with_mfa.request.mfa = Some(Mfa {
        serial_number: None,
        age_seconds: Some(0),
    });
    let decided = decide(&with_mfa);
    let requires = if decided.decision == Decision::Allow {
        Vec::new()
    } else {
        request_fixes_to_allow(&with_mfa, decided, &decide, &first_fix)?
    };
    Some(std::iter::once("MFA".to_string()).chain(requires).collect())
}

/// The scenario of one pair: the principal calling `sts:AssumeRole` on the
/// role with no parameter beyond the defaults, its policies from the dumps.
pub fn scenario(principal: &Principal, role: &Role) -> Scenario {
    let mut context = BTreeMap::new();
    for (key, value) in &principal.tags {
        context.insert(
            format!("aws:PrincipalTag/{key}"),
            ContextValue::One(value.clone()),
        );
    }
    // The role is the call's resource: its tags are `aws:ResourceTag/*`
    // (which the context also answers for `iam:ResourceTag/*`).
    // <https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html>
    for (key, value) in &role.tags {
        context.insert(
            format!("aws:ResourceTag/{key}"),
            ContextValue::One(value.clone()),
        );
    }
    for (key, value) in &principal.organization.context {
        context.insert(key.clone(), ContextValue::One(value.clone()));
    }
    if principal.kind == PrincipalKind::Role {
        // The role's path is in its ARN, not in its sessions' ARNs.
        context.insert(
            "aws:PrincipalArn".to_string(),
            ContextValue::One(principal.arn.clone()),
        );
    }
    // `aws:userid`: a user's unique ID; for a role's session, the role's
    // unique ID and the session name (`AROA…:assumable`).
    // <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable>
    if let Some(id) = &principal.unique_id {
        let user_id = match principal.kind {
            PrincipalKind::User => id.clone(),
            PrincipalKind::Role => format!("{id}:{SESSION_NAME}"),
        };
        context.insert("aws:userid".to_string(), ContextValue::One(user_id));
    }
    let caller = caller_arn(principal);
    Scenario {
        name: Some(format!("{} assumes {}", principal.arn, role.arn)),
        request: Request {
            action: Some("sts:AssumeRole".to_string()),
            caller,
            role_arn: role.arn.clone(),
            role_session_name: Some(SESSION_NAME.to_string()),
            context: (!context.is_empty()).then_some(context),
            ..Request::default()
        },
        caller_policies: Some(CallerPolicies {
            identity: principal.policies.identity.clone(),
            permissions_boundary: principal.policies.boundary.clone(),
            scps: principal.organization.scps.clone(),
        }),
        role: crate::scenario::Role {
            trust_policy: role
                .trust_policy
                .clone()
                .unwrap_or_else(|| PolicySource::Text(String::new())),
            rcps: role.rcps.clone(),
            ..crate::scenario::Role::default()
        },
        ..Scenario::default()
    }
}

/// The ARN the principal calls as: the user's, or its role's session.
pub(super) fn caller_arn(principal: &Principal) -> String {
    match principal.kind {
        PrincipalKind::User => principal.arn.clone(),
        PrincipalKind::Role => session_arn(&principal.arn, &principal.name),
    }
}

/// `arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/assumable` for a role's ARN.
fn session_arn(role_arn: &str, name: &str) -> String {
    let mut parts = role_arn.splitn(6, ':');
    let (_, partition, _, _, account) = (
        parts.next(),
        parts.next().unwrap_or("aws"),
        parts.next(),
        parts.next(),
        parts.next().unwrap_or_default(),
    );
    format!("arn:{partition}:sts::{account}:assumed-role/{name}/{SESSION_NAME}")
}

/// What the request must carry for the call to be allowed, when only
/// request fixes get there, starting from a denied `scenario`. Each fixed
/// request is decided; only one still denied is asked for its next fix.
fn request_fixes_to_allow(
    scenario: &Scenario,
    decided: Decided,
    decide: impl Fn(&Scenario) -> Decided,
    first_fix: impl Fn(&Scenario, &Decided) -> Option<Fix>,
) -> Option<Vec<String>> {
    let mut current = Cow::Borrowed(scenario);
    let mut decided = decided;
    let mut requires = Vec::new();
    for _ in 0..MAX_REQUEST_FIXES {
        let fix = first_fix(&current, &decided)?;
        if fix.changes != Changes::Request {
            return None;
        }
        for edit in &fix.edits {
            if let Edit::Field { field, value, .. } = edit {
                requires.extend(requirement(field, value));
            }
        }
        let next = apply_fix(&current, &fix).ok()?;
        if next == *current {
            return None;
        }
        current = Cow::Owned(next);
        decided = decide(&current);
        if decided.decision == Decision::Allow {
            return Some(requires);
        }
    }
    None
}

/// A request field's value as the contract's `requires` says it.
fn requirement(field: &RequestField, value: &serde_json::Value) -> Vec<String> {
    let text = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    match field {
        RequestField::ExternalId => vec![format!("sts:ExternalId={}", text(value))],
        RequestField::Mfa => vec!["MFA".to_string()],
        RequestField::SourceIdentity => vec![format!("sts:SourceIdentity={}", text(value))],
        RequestField::DurationSeconds => vec![format!("DurationSeconds={}", text(value))],
        RequestField::SourceIp => vec![format!("aws:SourceIp={}", text(value))],
        RequestField::Tags => match value {
            serde_json::Value::Object(tags) => tags
                .iter()
                .map(|(key, value)| format!("aws:RequestTag/{key}={}", text(value)))
                .collect(),
            other => vec![format!("session tags {}", text(other))],
        },
        RequestField::TransitiveTagKeys => vec![format!("transitive tag keys {}", text(value))],
        RequestField::Context => match value {
            serde_json::Value::Object(keys) => keys
                .iter()
                .map(|(key, value)| format!("{key}={}", text(value)))
                .collect(),
            other => vec![text(other)],
        },
        other => vec![format!("{}={}", other.as_str(), text(value))],
    }
}
