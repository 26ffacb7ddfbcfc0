//! Changes of the request parameters a caller chooses (external ID, session
//! name, source identity, session tags, MFA) that make a condition met, or
//! not met for a Deny. Values are found by trying candidates against the
//! real condition evaluator; keys AWS derives from anything else (the
//! caller, its network, its token, the clock) are never offered here.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::call::Request;
use super::diagnose::is_valid_external_id;
use super::outcome::{EditDraft, FixDraft};
use super::statement::judge_all;
use crate::arn::{is_tag_char, Caller};
use crate::condition::evaluate_condition;
use crate::context::RequestContext;
use crate::policy::{
    parse_policy, BaseOperator, Condition, Effect, PolicyKind, PolicyVersion, Statement,
};
use crate::report::RequestField;

/// What changing the request can do about a condition.
pub(crate) enum RequestChange {
    /// The key does not come from a parameter the caller chooses.
    NotAParameter,
    /// It does, but no value the caller may pass gives the outcome.
    Impossible,
    Fix(FixDraft),
}

/// The request parameter a condition key is derived from.
fn parameter_for(key: &str) -> Option<RequestField> {
    match key.to_ascii_lowercase().as_str() {
        "sts:externalid" => Some(RequestField::ExternalId),
        "sts:rolesessionname" => Some(RequestField::RoleSessionName),
        "sts:sourceidentity" => Some(RequestField::SourceIdentity),
        _ => None,
    }
}

fn is_tag_key(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    lower.starts_with("aws:requesttag/")
        || lower == "aws:tagkeys"
        || lower == "sts:transitivetagkeys"
}

pub(crate) fn is_mfa_key(key: &str) -> bool {
    key.eq_ignore_ascii_case("aws:MultiFactorAuthPresent")
        || key.eq_ignore_ascii_case("aws:MultiFactorAuthAge")
}

fn valid_for(field: &RequestField, value: &str) -> bool {
    let name_like = |v: &str| {
        (2..=64).contains(&v.chars().count())
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c))
    };
    match field {
        RequestField::ExternalId => is_valid_external_id(value),
        RequestField::RoleSessionName | RequestField::SourceIdentity => name_like(value),
        _ => true,
    }
}

/// Values worth trying for a condition's key: its own values, what its
/// patterns match, neighbours of its numbers and dates. None has an
/// invisible, bidirectional or lookalike character (`crate::suspicious`): a
/// fix would repeat it in the request.
pub(crate) fn candidates(condition: &Condition, context: &RequestContext) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut push = |value: String| {
        if !value.is_empty() && !found.contains(&value) && !crate::suspicious::is_suspicious(&value)
        {
            found.push(value);
        }
    };
    let values: Vec<String> = condition
        .values
        .iter()
        .filter_map(|v| {
            if v.value.contains("${") {
                crate::variables::substitute_to_string(&v.value, context)
            } else {
                Some(v.value.clone())
            }
        })
        .collect();
    for value in values.iter().map(String::as_str) {
        push(value.to_string());
        // A wildcard stands for something: `team-*` is met by `team-x`
        // before `team-`.
        push(value.replace(['*', '?'], "x"));
        push(value.replace('*', "").replace('?', "x"));
        if let Ok(number) = value.parse::<i64>() {
            push((number - 1).to_string());
            push((number + 1).to_string());
        }
        push(format!("other-{value}"));
    }
    for fallback in ["true", "false", "example-value"] {
        push(fallback.to_string());
    }
    found
}

/// The request change after which `condition` is `want` (met, or not met
/// for a Deny). `statement` holds the condition: a value that meets it must
/// also meet the statement's other conditions on the same key.
pub(crate) fn request_change(
    request: &Request<'_>,
    version: PolicyVersion,
    statement: Option<&Statement>,
    condition: &Condition,
    want: bool,
) -> RequestChange {
    let key = condition.key.value.as_str();
    // The statement's other conditions on the same key must hold too: a
    // value that meets one and breaks another sends the fixes in a circle.
    let siblings: Vec<&Condition> = statement
        .filter(|_| want)
        .map(|statement| {
            statement
                .conditions
                .iter()
                .filter(|c| c.range != condition.range && c.key.value.eq_ignore_ascii_case(key))
                .collect()
        })
        .unwrap_or_default();
    if is_tag_key(key) {
        return tag_change(request, version, condition, &siblings, want);
    }
    if is_mfa_key(key) {
        return mfa_change(request, version, condition, want);
    }
    let Some(field) = parameter_for(key) else {
        return RequestChange::NotAParameter;
    };
    let gives = |values: Option<Vec<String>>| {
        let mut context = request.context.clone();
        match values {
            Some(values) => context.insert(key, values),
            None => context.remove(key),
        }
        evaluate_condition(condition, &context, version).met == want
            && siblings
                .iter()
                .all(|sibling| evaluate_condition(sibling, &context, version).met)
    };
    // A pattern is not a request value: under a Like operator `*` would
    // only match itself.
    let like = condition.operator.is_some_and(|operator| {
        matches!(
            operator.base,
            BaseOperator::StringLike
                | BaseOperator::StringNotLike
                | BaseOperator::ArnLike
                | BaseOperator::ArnNotLike
        )
    });
    let mut tried = candidates(condition, &request.context);
    for sibling in &siblings {
        for candidate in candidates(sibling, &request.context) {
            if !tried.contains(&candidate) {
                tried.push(candidate);
            }
        }
    }
    // Along a role chain the session's source identity cannot change
    // (session.source_identity): the only one this call can pass is it.
    let persisted = (field == RequestField::SourceIdentity && request.is_role_chaining())
        .then(|| request.context.get("aws:SourceIdentity")?.first().cloned())
        .flatten();
    if let Some(persisted) = persisted {
        tried = vec![persisted];
    }
    let found = tried.into_iter().find(|candidate| {
        valid_for(&field, candidate)
            && !(like && candidate.contains(['*', '?']))
            && gives(Some(vec![candidate.clone()]))
    });
    if let Some(value) = found {
        return RequestChange::Fix(FixDraft::set_request(
            format!("Pass {} `{value}`", spoken(&field)),
            field,
            json!(value),
        ));
    }
    let passed = match field {
        RequestField::ExternalId => request.scenario.request.external_id.is_some(),
        RequestField::RoleSessionName => request.scenario.request.role_session_name.is_some(),
        RequestField::SourceIdentity => request.scenario.request.source_identity.is_some(),
        _ => false,
    };
    if passed && gives(None) {
        return RequestChange::Fix(FixDraft::set_request(
            format!("Leave out {}", spoken(&field)),
            field,
            Value::Null,
        ));
    }
    RequestChange::Impossible
}

/// MFA is the caller's to use with the call (`--serial-number`,
/// `--token-code`); a role session carries the MFA of the call that began
/// its chain and cannot add it, so for it the remedy is advice.
fn mfa_change(
    request: &Request<'_>,
    version: PolicyVersion,
    condition: &Condition,
    want: bool,
) -> RequestChange {
    let age_limit = (condition
        .key
        .value
        .eq_ignore_ascii_case("aws:MultiFactorAuthAge")
        && condition.operator.is_some_and(|op| {
            matches!(
                op.base,
                BaseOperator::NumericLessThan | BaseOperator::NumericLessThanEquals
            )
        }))
    .then(|| {
        condition
            .values
            .iter()
            .find_map(|v| v.value.trim().parse::<u64>().ok())
    })
    .flatten();
    let age = age_limit.map_or(60, |limit| (limit / 2).min(60));
    let mut context = request.context.clone();
    context.insert("aws:MultiFactorAuthPresent", vec!["true".into()]);
    context.insert("aws:MultiFactorAuthAge", vec![age.to_string()]);
    if evaluate_condition(condition, &context, version).met != want {
        return RequestChange::Impossible;
    }
    RequestChange::Fix(mfa_fix(request, age))
}

/// The fix that makes the call with MFA used `age` seconds ago.
pub(crate) fn mfa_fix(request: &Request<'_>, age: u64) -> FixDraft {
    if let Caller::AssumedRole { .. } = request.caller {
        return FixDraft::advice(
            "Use a role session that began with MFA",
            "A role session carries the MFA of the call that created it \
                and cannot add it later: start the chain with `aws sts \
                get-session-token --serial-number ... --token-code ...` (or \
                sign in with MFA), then assume the roles from those \
                credentials.",
        );
    }
    let serial = request
        .scenario
        .request
        .mfa
        .as_ref()
        .and_then(|mfa| mfa.serial_number.clone())
        .unwrap_or_else(|| {
            let account = request
                .caller
                .account()
                .unwrap_or(&request.role.account)
                .to_string();
            let name = match &request.caller {
                Caller::User { name, .. } => name.clone(),
                _ => "device".to_string(),
            };
            format!("arn:{}:iam::{account}:mfa/{name}", request.role.partition)
        });
    FixDraft::set_request(
        "Call with MFA (--serial-number and --token-code)",
        RequestField::Mfa,
        json!({ "serial_number": serial, "age_seconds": age }),
    )
}

/// Session tags as a call passes them: `request.tags` and
/// `request.transitive_tag_keys`.
type SessionTags = (BTreeMap<String, String>, Vec<String>);

/// Conditions on the session tags (`aws:RequestTag/*`, `aws:TagKeys`,
/// `sts:TransitiveTagKeys`) are met by changing the tags the call passes:
/// AWS derives those keys from the tags.
fn tag_change(
    request: &Request<'_>,
    version: PolicyVersion,
    condition: &Condition,
    siblings: &[&Condition],
    want: bool,
) -> RequestChange {
    let key = condition.key.value.as_str();
    let lower = key.to_ascii_lowercase();
    // A tag key STS would refuse (a comma, more than 128 characters, the
    // `aws:` prefix) cannot be passed: request.format would take it out
    // again, and fixes would go round in a circle.
    let tag_key = lower
        .strip_prefix("aws:requesttag/")
        .map(|tag| key.get(key.len() - tag.len()..).unwrap_or(tag))
        .filter(|tag| {
            (1..=128).contains(&tag.chars().count())
                && tag.chars().all(is_tag_char)
                && !tag.to_ascii_lowercase().starts_with("aws:")
        });
    let fields = &request.scenario.request;
    // Tags the fix passes must still be allowed by a trust statement that
    // grants sts:TagSession (session.tags), else the two checks' fixes
    // undo each other: the tag conditions of each such statement.
    let trust = parse_policy(request.scenario.role.trust_policy.text(), PolicyKind::Trust);
    let tag_session_grants: Vec<Vec<&Condition>> = trust
        .policy
        .as_ref()
        .filter(|_| !trust.has_errors())
        .map(|policy| {
            judge_all(
                policy,
                Effect::Allow,
                &request.target("sts:TagSession", None),
            )
            .into_iter()
            .filter(|judged| judged.principal && judged.action)
            .map(|judged| {
                judged
                    .statement
                    .conditions
                    .iter()
                    .filter(|c| is_tag_key(&c.key.value))
                    .collect()
            })
            .collect()
        })
        .unwrap_or_default();
    let passed: SessionTags = (
        fields.tags.clone().unwrap_or_default(),
        fields.transitive_tag_keys.clone().unwrap_or_default(),
    );
    let gives = |(tags, transitive): &SessionTags| {
        let mut context = request.context.clone();
        let old_tags: Vec<String> = context
            .iter()
            .filter(|(k, _)| k.to_ascii_lowercase().starts_with("aws:requesttag/"))
            .map(|(k, _)| k.to_string())
            .collect();
        for old in old_tags {
            context.remove(&old);
        }
        for (tag, value) in tags {
            context.insert(&format!("aws:RequestTag/{tag}"), vec![value.clone()]);
        }
        match tags.is_empty() {
            true => context.remove("aws:TagKeys"),
            false => context.insert("aws:TagKeys", tags.keys().cloned().collect()),
        }
        match transitive.is_empty() {
            true => context.remove("sts:TransitiveTagKeys"),
            false => context.insert("sts:TransitiveTagKeys", transitive.clone()),
        }
        evaluate_condition(condition, &context, version).met == want
            && siblings
                .iter()
                .all(|sibling| evaluate_condition(sibling, &context, version).met)
            && (tags.is_empty()
                || tag_session_grants.is_empty()
                || tag_session_grants.iter().any(|conditions| {
                    conditions
                        .iter()
                        .all(|c| evaluate_condition(c, &context, version).met)
                }))
    };
    let fix = |title: String, (tags, transitive): SessionTags| {
        let mut edits = Vec::new();
        if tags != passed.0 {
            let value = if tags.is_empty() {
                Value::Null
            } else {
                json!(tags)
            };
            edits.push(EditDraft::set_field(RequestField::Tags, value));
        }
        if transitive != passed.1 {
            let value = if transitive.is_empty() {
                Value::Null
            } else {
                json!(transitive)
            };
            edits.push(EditDraft::set_field(RequestField::TransitiveTagKeys, value));
        }
        FixDraft::safe(title, edits)
    };
    let mut tried: Vec<(String, SessionTags)> = Vec::new();
    if let Some(tag) = tag_key {
        for candidate in candidates(condition, &request.context)
            .into_iter()
            .filter(|value| value.chars().all(is_tag_char))
        {
            let mut tags = passed.0.clone();
            tags.insert(tag.to_string(), candidate.clone());
            tried.push((
                format!("Pass the session tag `{tag}` = `{candidate}`"),
                (tags, passed.1.clone()),
            ));
        }
        let mut tags = passed.0.clone();
        if tags.remove(tag).is_some() {
            let transitive = passed.1.iter().filter(|k| *k != tag).cloned().collect();
            tried.push((
                format!("Leave out the session tag `{tag}`"),
                (tags, transitive),
            ));
        }
    } else if lower == "aws:tagkeys" {
        // Keep the keys the condition accepts, renaming one that differs only
        // in case from a key it names; leave out the rest.
        let accepted = |tag: &str| gives(&([(tag.to_string(), String::new())].into(), Vec::new()));
        let mut renamed = BTreeMap::new();
        let mut tags = BTreeMap::new();
        for (tag, value) in &passed.0 {
            let kept = if accepted(tag) {
                Some(tag.clone())
            } else {
                condition
                    .values
                    .iter()
                    .map(|v| v.value.as_str())
                    .find(|named| {
                        !named.contains(['*', '?', '$'])
                            && named.eq_ignore_ascii_case(tag)
                            && accepted(named)
                    })
                    .map(str::to_string)
            };
            if let Some(kept) = kept {
                renamed.insert(tag.clone(), kept.clone());
                tags.insert(kept, value.clone());
            }
        }
        let transitive: Vec<String> = passed
            .1
            .iter()
            .filter_map(|k| renamed.get(k).cloned())
            .collect();
        tried.push((
            "Pass only the tag keys the policy accepts".to_string(),
            (tags.clone(), transitive.clone()),
        ));
        // A key the policy requires: pass a tag with it (its value is the
        // caller's to choose).
        for named in condition.values.iter().map(|v| v.value.as_str()) {
            if named.is_empty()
                || named.contains(['*', '?', '$'])
                || tags.contains_key(named)
                || !named.chars().all(is_tag_char)
            {
                continue;
            }
            let mut with = tags.clone();
            with.insert(named.to_string(), "VALUE".to_string());
            tried.push((
                format!("Pass a session tag `{named}` (with its real value)"),
                (with, transitive.clone()),
            ));
        }
    } else {
        let keys: Vec<String> = passed.0.keys().cloned().collect();
        tried.push((
            "Mark every session tag transitive".to_string(),
            (passed.0.clone(), keys),
        ));
        for key in passed.0.keys() {
            tried.push((
                format!("Mark only `{key}` transitive"),
                (passed.0.clone(), vec![key.clone()]),
            ));
        }
        tried.push((
            "Pass no transitive tag keys".to_string(),
            (passed.0.clone(), Vec::new()),
        ));
    }
    match tried
        .into_iter()
        .find(|(_, tags)| *tags != passed && gives(tags))
    {
        Some((title, tags)) => RequestChange::Fix(fix(title, tags)),
        None => RequestChange::Impossible,
    }
}

/// A request field in a sentence, by its label on the page: "the session
/// name", "the external ID" (never the contract's `role_session_name`).
fn spoken(field: &RequestField) -> String {
    let label = field.label();
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            format!(
                "the {}{}",
                first.to_lowercase(),
                label.get(first.len_utf8()..).unwrap_or_default()
            )
        }
        _ => format!("the {label}"),
    }
}
