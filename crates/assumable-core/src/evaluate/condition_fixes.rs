//! The generic remedies for one condition, after the named diagnoses had
//! nothing to say: change a request parameter the caller chooses; for a key
//! AWS derives from facts (the caller, its network, its token, its tags,
//! its organization), admit exactly this request's value in the policy
//! (unsafe) beside the advice to change the fact itself; and never a
//! context entry, which no caller can simply set.

use super::call::Request;
use super::carried_keys::KeySource;
use super::diagnose::moved_date;
use super::documents::Document;
use super::edits::{add_condition_value, remove_condition};
use super::outcome::{CheckOutcome, EditDraft, FixDraft};
use super::request_values::{request_change, RequestChange};
use crate::condition::evaluate_condition;
use crate::policy::{BaseOperator, Condition, Statement};
use crate::report::DocumentId;

/// Keys AWS derives from the caller's own identity.
const CALLER_KEYS: [&str; 5] = [
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalType",
    "aws:username",
    "aws:userid",
];

/// Keys of where the call comes from: the remedy people reach for first is
/// to call from the right place.
const NETWORK_KEYS: [&str; 4] = [
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:VpcSourceIp",
];

fn one_of(list: &[&str], key: &str) -> bool {
    list.iter().any(|known| known.eq_ignore_ascii_case(key))
}

/// The remedies for an Allow condition the request does not meet, favoured
/// first. `statement` holds `condition` in `document`.
pub(crate) fn meet(
    request: &Request<'_>,
    document: &Document,
    statement: &Statement,
    condition: &Condition,
) -> Vec<FixDraft> {
    let Some(version) = document.parsed.policy.as_ref().map(|p| p.version) else {
        return Vec::new();
    };
    match request_change(request, version, Some(statement), condition, true) {
        RequestChange::Fix(fix) => return vec![fix],
        RequestChange::Impossible => {
            return remove(document, statement, condition).into_iter().collect()
        }
        RequestChange::NotAParameter => {}
    }
    if let Some(fix) = moved_date(request, document, condition) {
        return vec![fix];
    }
    let key = condition.key.value.as_str();
    let admit = admit_this_request(request, document, condition);
    let advice = fact_advice(request, condition, Want::Met);
    let mut fixes: Vec<FixDraft> = if one_of(&NETWORK_KEYS, key) {
        advice.into_iter().chain(admit).collect()
    } else {
        admit.into_iter().chain(advice).collect()
    };
    if fixes.iter().all(FixDraft::is_advice) {
        fixes.extend(remove(document, statement, condition));
    }
    fixes
}

/// The remedies for a Deny condition that matches the request: a request
/// parameter changed so that it does not, or the advice to change the fact.
pub(crate) fn avoid(
    request: &Request<'_>,
    document: &Document,
    condition: &Condition,
) -> Vec<FixDraft> {
    let Some(version) = document.parsed.policy.as_ref().map(|p| p.version) else {
        return Vec::new();
    };
    match request_change(request, version, None, condition, false) {
        RequestChange::Fix(fix) => vec![fix],
        RequestChange::Impossible => Vec::new(),
        RequestChange::NotAParameter => fact_advice(request, condition, Want::NotMet)
            .into_iter()
            .collect(),
    }
}

/// The condition's values with the request's own value added, when that
/// meets it: this caller, token or network is then admitted, and so is
/// anyone else who shares the value.
fn admit_this_request(
    request: &Request<'_>,
    document: &Document,
    condition: &Condition,
) -> Option<FixDraft> {
    let operator = condition.operator?;
    let positive = matches!(
        operator.base,
        BaseOperator::StringEquals
            | BaseOperator::StringEqualsIgnoreCase
            | BaseOperator::StringLike
            | BaseOperator::ArnEquals
            | BaseOperator::ArnLike
            | BaseOperator::IpAddress
    );
    let key = condition.key.value.as_str();
    let [actual] = request.context.get(key)? else {
        return None;
    };
    if !positive || actual.contains(['*', '?']) && operator.base != BaseOperator::StringEquals {
        return None;
    }
    // A value with an invisible, bidirectional or lookalike character would
    // be copied into the policy as it is: `request.format` names it instead.
    if crate::suspicious::is_suspicious(actual) {
        return None;
    }
    let written = if operator.base == BaseOperator::IpAddress && !actual.contains('/') {
        let prefix = if actual.contains(':') { 128 } else { 32 };
        format!("{actual}/{prefix}")
    } else {
        actual.clone()
    };
    let mut changed = condition.clone();
    changed
        .values
        .push(crate::text::Spanned::new(written.clone(), condition.range));
    let version = document.parsed.policy.as_ref()?.version;
    if !evaluate_condition(&changed, &request.context, version).met {
        return None;
    }
    let edit = add_condition_value(document, condition, &written);
    let title = format!("Also accept `{written}` for `{key}` in the policy");
    // Naming the caller's own user or role admits nobody else.
    let only_this_caller = key.eq_ignore_ascii_case("aws:PrincipalArn")
        || key.eq_ignore_ascii_case("aws:userid")
        || key.eq_ignore_ascii_case("aws:username");
    Some(if only_this_caller {
        FixDraft::safe(title, vec![edit])
    } else {
        FixDraft::widening(title, admitted_by(key, &written), vec![edit])
    })
}

/// Whom accepting `value` for `key` lets in.
fn admitted_by(key: &str, value: &str) -> String {
    match KeySource::of(key) {
        KeySource::TokenClaim { .. } => {
            format!(
                "every token whose `{key}` is `{value}` (any workflow, job or user that gets one)"
            )
        }
        KeySource::SamlAttribute => format!("every assertion whose `{key}` is `{value}`"),
        KeySource::Call if one_of(&NETWORK_KEYS, key) => {
            format!("every caller the statement names, calling from `{value}`")
        }
        KeySource::Call => format!("every caller the statement names whose `{key}` is `{value}`"),
    }
}

/// "`a` or `b`": the values a condition accepts, for advice.
fn accepted(condition: &Condition) -> String {
    let values: Vec<String> = condition
        .values
        .iter()
        .take(4)
        .map(|v| format!("`{}`", crate::suspicious::visible(&v.value)))
        .collect();
    match values.as_slice() {
        [] => "nothing".to_string(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Whether the remedy must make a condition met (an Allow's) or not met (a
/// Deny's).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    Met,
    NotMet,
}

/// The instruction for a condition on a fact: change the fact itself.
fn fact_advice(request: &Request<'_>, condition: &Condition, want: Want) -> Option<FixDraft> {
    let key = condition.key.value.as_str();
    let lower = key.to_ascii_lowercase();
    let actual = request.context.get(key).map(|values| {
        values
            .iter()
            .map(|v| format!("`{}`", crate::suspicious::visible(v)))
            .collect::<Vec<_>>()
            .join(", ")
    });
    let has = actual
        .as_ref()
        .map(|values| format!("it is {values}"))
        .unwrap_or_else(|| "the request does not carry it".to_string());
    if want == Want::Met && actual.is_none() && !key.contains(':') {
        // Every key AWS sets has a prefix (`aws:`, `sts:`, an issuer's): no
        // call carries this one, so no way of calling meets it.
        return None;
    }
    let expected = accepted(condition);
    let operator = &condition.operator_text.value;
    if want == Want::NotMet {
        return Some(FixDraft::advice(
            format!("Make the call so that the Deny's condition on `{key}` no longer matches"),
            format!(
                "The Deny applies because `{operator}` on `{key}` matches \
                ({has}; the condition names {expected}). AWS sets `{key}` \
                from the call itself: only another caller, account, token \
                or network changes it, or a change of the denying policy by \
                whoever owns it."
            ),
        ));
    }
    if one_of(&CALLER_KEYS, key) {
        return Some(FixDraft::advice(
            format!("Call as a principal whose `{key}` the policy accepts"),
            format!(
                "`{key}` comes from the caller's identity ({has}); the \
                condition `{operator}` accepts {expected}: call with the \
                credentials of such a principal."
            ),
        ));
    }
    let (title, how) = match KeySource::of(key) {
        KeySource::TokenClaim { issuer }
            if lower.ends_with(":sub") && issuer.contains("githubusercontent") =>
        {
            (
                "Run the workflow from the repository, branch or environment \
                the policy expects"
                    .to_string(),
                "GitHub sets `sub` from the repository and the job's ref, \
                environment or pull request \
                (`repo:ORG/REPO:ref:refs/heads/BRANCH`, \
                `repo:ORG/REPO:environment:NAME`): run the job from what \
                the policy names"
                    .to_string(),
            )
        }
        KeySource::TokenClaim { issuer } => (
            format!(
                "Use a token whose `{}` claim the policy accepts",
                key.rsplit(':').next().unwrap_or(key)
            ),
            format!(
                "`{issuer}` sets the claim when it issues the token: request \
                the token for the audience, subject or client the policy \
                names"
            ),
        ),
        KeySource::SamlAttribute => (
            format!("Sign in so that the assertion's `{key}` is one the policy accepts"),
            "the identity provider sets it in the SAML assertion".to_string(),
        ),
        KeySource::Call if one_of(&NETWORK_KEYS, key) => (
            "Call from a network the policy accepts".to_string(),
            "AWS sets it from where the request comes from (a VPN, a \
                bastion host, the VPC endpoint); calls that an AWS service \
                makes for you carry no aws:SourceIp"
                .to_string(),
        ),
        KeySource::Call if lower.starts_with("aws:principaltag/") => (
            format!(
                "Tag the caller with `{}` as the policy expects",
                key.get("aws:PrincipalTag/".len()..).unwrap_or(key)
            ),
            "principal tags come from the IAM user or role (`aws iam \
                tag-user`, `aws iam tag-role`) or, for a role session, from \
                the session tags it was created with"
                .to_string(),
        ),
        KeySource::Call
            if lower.starts_with("aws:resourcetag/") || lower.starts_with("iam:resourcetag/") =>
        {
            let tag = key.split_once('/').map_or(key, |(_, tag)| tag);
            (
                format!("Tag the role with `{tag}` as the policy expects"),
                "the role assumed is the call's resource, and these are its \
                    tags: tag it (`aws iam tag-role`) or assume a role that \
                    carries the tag"
                    .to_string(),
            )
        }
        KeySource::Call if lower.starts_with("aws:principalorg") => (
            "Call from an account in the organization the policy names".to_string(),
            "AWS sets it from the caller's account's organization".to_string(),
        ),
        KeySource::Call => (
            format!("Make the call so that `{key}` is one the policy accepts"),
            "AWS sets it from the call itself, so only a different \
                caller, token, network or time changes it"
                .to_string(),
        ),
    };
    Some(FixDraft::advice(
        title,
        format!(
            "The condition `{operator}` on `{key}` accepts {expected}; {has}. {}.",
            capitalize_first(&how)
        ),
    ))
}

fn capitalize_first(text: &str) -> String {
    super::wording::capitalize(text.to_string())
}

/// The condition removed from its statement: everyone the statement names
/// gets in whatever the key holds.
fn remove(document: &Document, statement: &Statement, condition: &Condition) -> Option<FixDraft> {
    let key = &condition.key.value;
    remove_condition(document, statement, condition).map(|edit| {
        FixDraft::widening(
            format!("Remove the `{key}` condition"),
            format!(
                "everyone {} names, whatever their `{key}`",
                super::wording::describe_statement(statement)
            ),
            vec![edit],
        )
    })
}

/// One fix from the favoured fixes of several conditions that must all be
/// met, then the advice each offers. `None` when some condition has no edit.
pub(crate) fn combine(per_condition: Vec<Vec<FixDraft>>) -> Vec<FixDraft> {
    let prefers_advice = per_condition
        .iter()
        .any(|fixes| fixes.first().is_some_and(FixDraft::is_advice));
    let edits: Option<Vec<FixDraft>> = per_condition
        .iter()
        .map(|fixes| fixes.iter().find(|fix| !fix.is_advice()).cloned())
        .collect();
    let combined = edits.and_then(merge);
    let mut advice: Vec<FixDraft> = Vec::new();
    for fix in per_condition
        .into_iter()
        .flatten()
        .filter(FixDraft::is_advice)
    {
        if !advice.contains(&fix) {
            advice.push(fix);
        }
    }
    let mut fixes = Vec::new();
    if prefers_advice {
        fixes.extend(advice);
        fixes.extend(combined);
    } else {
        fixes.extend(combined);
        fixes.extend(advice);
    }
    fixes
}

/// A check that fails for several independent reasons (an action the
/// trust policy, the caller's policies and the boundary must each allow):
/// one outcome whose fix removes them all, since a fix for one alone would
/// leave the check failing. Each reason's detail, in order; the first
/// reason's documentation. `None` when nothing fails.
pub(crate) fn failing_together(reasons: Vec<CheckOutcome>) -> Option<CheckOutcome> {
    if reasons.len() < 2 {
        return reasons.into_iter().next();
    }
    let detail = reasons
        .iter()
        .map(|reason| reason.detail.as_ref())
        .collect::<Vec<_>>()
        .join(" ");
    let doc_url = reasons.iter().find_map(|reason| reason.doc_url);
    // A reason mended by leaving out of the call what it is about (the
    // tags, the source identity) mends every other at once: the others'
    // edits would grant what the call no longer needs.
    let leave_out = reasons
        .iter()
        .filter_map(|reason| {
            reason
                .remedy
                .iter()
                .chain(&reason.alternatives)
                .find(|fix| !fix.is_advice())
        })
        .find(|fix| leaves_out(fix))
        .cloned();
    let mut locations = Vec::new();
    let mut remedies = Vec::new();
    let mut diagnoses = Vec::new();
    for reason in reasons {
        locations.extend(reason.locations);
        remedies.push(
            reason
                .remedy
                .into_iter()
                .chain(reason.alternatives)
                .collect(),
        );
        diagnoses.extend(reason.diagnoses);
    }
    if let Some(fix) = leave_out {
        remedies = vec![vec![fix]];
    }
    let mut outcome = CheckOutcome::fail(detail)
        .at_all(locations)
        .with_remedies(combine(remedies))
        .diagnosed_by(diagnoses);
    outcome.doc_url = doc_url;
    Some(outcome)
}

/// Whether every edit of `fix` takes a request field out of the call.
fn leaves_out(fix: &FixDraft) -> bool {
    !fix.edits.is_empty()
        && fix.edits.iter().all(|edit| {
            matches!(
                edit,
                EditDraft::Field { document: DocumentId::Request, value, .. } if value.is_null()
            )
        })
}

/// One fix that makes every edit of `fixes`: unsafe if any is. `None` when
/// two edits overlap (two remedies rewrite the same text), since they could
/// not be applied together.
pub(crate) fn merge(fixes: Vec<FixDraft>) -> Option<FixDraft> {
    let mut fixes = fixes.into_iter();
    let mut merged = fixes.next()?;
    for fix in fixes {
        if !merged.title.contains(&fix.title) {
            merged.title = format!("{}; {}", merged.title, fix.title);
        }
        if fix.applicability == crate::report::Applicability::Unsafe {
            merged.applicability = fix.applicability;
            merged.admits = if merged.admits.is_empty() {
                fix.admits
            } else {
                format!("{}; {}", merged.admits, fix.admits)
            };
        }
        for edit in fix.edits {
            if merged.edits.contains(&edit) {
                continue;
            }
            if merged.edits.iter().any(|other| other.overlaps(&edit)) {
                return None;
            }
            merged.edits.push(edit);
        }
    }
    Some(merged)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::evaluate::diagnose::fixture::{trust_with, user_request, with_request};
    use crate::report::{Applicability, Changes};

    /// The kinds of the remedies `meet` offers for the condition on `key`.
    fn kinds(trust: serde_json::Value, request: serde_json::Value, key: &str) -> Vec<String> {
        with_request(trust, request, |request, documents| {
            let policy = documents.trust.usable().unwrap();
            let statement = policy.statements.first().unwrap();
            let condition = statement
                .conditions
                .iter()
                .find(|c| c.key.value == key)
                .unwrap();
            meet(request, &documents.trust, statement, condition)
                .iter()
                .map(|fix| format!("{}/{}", fix.changes().as_str(), fix.applicability.as_str()))
                .collect()
        })
    }

    #[test]
    fn a_source_ip_outside_the_range_is_advice_first() {
        let found = kinds(
            trust_with(json!({ "IpAddress": { "aws:SourceIp": "203.0.113.0/24" } })),
            user_request(json!({ "source_ip": "198.51.100.7" })),
            "aws:SourceIp",
        );
        assert_eq!(found, ["advice/safe", "policy/unsafe"]);
    }

    #[test]
    fn a_principal_tag_the_caller_lacks_is_advice_then_removal() {
        let found = kinds(
            trust_with(json!({ "StringEquals": { "aws:PrincipalTag/team": "ops" } })),
            user_request(json!({})),
            "aws:PrincipalTag/team",
        );
        assert_eq!(found, ["advice/safe", "policy/unsafe"]);
    }

    #[test]
    fn the_callers_own_arn_is_a_safe_policy_edit() {
        let found = kinds(
            trust_with(
                json!({ "ArnEquals": { "aws:PrincipalArn": "arn:aws:iam::111122223333:user/other" } }),
            ),
            user_request(json!({})),
            "aws:PrincipalArn",
        );
        assert_eq!(found.first().map(String::as_str), Some("policy/safe"));
    }

    #[test]
    fn a_session_name_is_the_callers_to_choose() {
        let found = kinds(
            trust_with(json!({ "StringLike": { "sts:RoleSessionName": "ci-*" } })),
            user_request(json!({ "role_session_name": "laptop" })),
            "sts:RoleSessionName",
        );
        assert_eq!(found, ["request/safe"]);
    }

    #[test]
    fn merged_fixes_are_unsafe_when_one_is_and_refuse_overlaps() {
        let edit = |start, end| {
            crate::evaluate::outcome::EditDraft::replace(
                crate::report::DocumentId::TrustPolicy,
                crate::text::TextRange::new(start, end),
                "x",
            )
        };
        let safe = FixDraft::safe("a", vec![edit(0, 2)]);
        let widening = FixDraft::widening("b", "everyone", vec![edit(5, 6)]);
        let merged = merge(vec![safe.clone(), widening]).unwrap();
        assert_eq!(merged.applicability, Applicability::Unsafe);
        assert_eq!(merged.changes(), Changes::Policy);
        assert!(merge(vec![safe, FixDraft::safe("c", vec![edit(1, 3)])]).is_none());
    }
}
