//! The session's own limits: its duration, session tags and source identity.

use serde_json::json;

use super::caller_side::{extra_action_limit, identity_need, Need};
use super::documents::Document;
use super::finding::{Change, Finding, Findings, Loc, Remedy};
use super::statement::{add_action, describe_statement, judge_all, new_policy};
use super::trust::TrustOutcome;
use super::{Documents, Request};
use crate::policy::Effect;
use crate::report::{CheckId, DocumentId};

const DURATION_DOC: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use.html#id_roles_use_view-role-max-session";
const CHAINING_DOC: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining";
const TAGS_DOC: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required";
const SOURCE_IDENTITY_DOC: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html";

const CHAIN_SOURCE_IDENTITY_DOC: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html#id_credentials_temp_control-access_monitor-chain";

/// Longest session a chained role session may ask for.
const CHAINING_LIMIT: i64 = 3600;

/// The actions besides the call itself that this request needs allowed:
/// sts:TagSession to pass session tags or transitive keys,
/// sts:SetSourceIdentity to set a source identity.
pub(crate) fn extra_actions(request: &Request<'_>) -> impl Iterator<Item = &'static str> {
    let fields = &request.scenario.request;
    let tags = fields.tags.as_ref().is_some_and(|t| !t.is_empty())
        || fields
            .transitive_tag_keys
            .as_ref()
            .is_some_and(|k| !k.is_empty());
    let source_identity = fields.source_identity.is_some();
    [
        tags.then_some("sts:TagSession"),
        source_identity.then_some("sts:SetSourceIdentity"),
    ]
    .into_iter()
    .flatten()
}

pub(crate) fn check_session(
    request: &Request<'_>,
    documents: &Documents,
    trust: &TrustOutcome,
    findings: &mut Findings,
) {
    findings.set(CheckId::SessionDuration, duration(request));

    let fields = &request.scenario.request;
    let wants_tags = extra_actions(request).any(|action| action == "sts:TagSession");
    let tags = if wants_tags {
        extra_permission(
            request,
            documents,
            trust,
            findings,
            "sts:TagSession",
            "pass session tags",
            TAGS_DOC,
        )
    } else {
        Finding::skip("No session tags were passed.")
    };
    findings.set(CheckId::SessionTags, tags);

    let source_identity = if let Some(changed) = changed_source_identity(request) {
        changed
    } else if fields.source_identity.is_some() {
        extra_permission(
            request,
            documents,
            trust,
            findings,
            "sts:SetSourceIdentity",
            "set a source identity",
            SOURCE_IDENTITY_DOC,
        )
    } else {
        Finding::skip("No source identity was set.")
    };
    findings.set(CheckId::SessionSourceIdentity, source_identity);
}

/// A role session that carries a source identity cannot set another one:
/// "If the user attempts to set a source identity that is different from the
/// value set when CriticalRole was assumed, the assume role request will be
/// denied." The session's value is its `aws:SourceIdentity`.
fn changed_source_identity(request: &Request<'_>) -> Option<Finding> {
    if !request.is_role_chaining() {
        return None;
    }
    let asked = request.scenario.request.source_identity.as_deref()?;
    let persisted = request
        .context
        .get("aws:SourceIdentity")
        .and_then(|values| values.first())?;
    (asked != persisted).then(|| {
        Finding::fail(format!(
            "The calling session already carries the source identity `{persisted}` (its aws:SourceIdentity), and a source identity cannot be changed along a role chain; `{asked}` was asked for."
        ))
        .at(Loc::request_field("source_identity"))
        .with_remedy(Some(Remedy::set_request(
            format!("Keep the source identity `{persisted}`"),
            "source_identity",
            json!(persisted),
        )))
        .doc(CHAIN_SOURCE_IDENTITY_DOC)
    })
}

fn duration(request: &Request<'_>) -> Finding {
    let asked = request.duration;
    let role_max = request.max_session_duration;
    let chaining = request.is_role_chaining();
    let explicit = request
        .scenario
        .request
        .duration_seconds
        .as_ref()
        .is_some_and(|v| !v.is_null());
    if chaining && asked > CHAINING_LIMIT {
        return Finding::fail(format!(
            "The caller is a role session, so this is role chaining, which limits a session to 1 hour (3,600 seconds); {asked} seconds were requested{}.",
            if role_max > CHAINING_LIMIT { format!(" even though the role's maximum is {role_max}") } else { String::new() }
        ))
        .at(Loc::request_field("duration_seconds"))
        .with_remedy(Some(Remedy::set_request("Request 3,600 seconds (1 hour)", "duration_seconds", json!(CHAINING_LIMIT))))
        .doc(CHAINING_DOC);
    }
    if asked > role_max {
        let set_by_role = request
            .scenario
            .role
            .max_session_duration
            .as_ref()
            .is_some_and(|v| !v.is_null());
        return Finding::fail(format!(
            "{asked} seconds were requested, above the role's maximum session duration of {role_max} seconds{}.",
            if set_by_role { "" } else { " (the default, 1 hour)" }
        ))
        .at(Loc::request_field("duration_seconds"))
        .at(Loc::role_field("max_session_duration"))
        .with_remedy(Some(Remedy::set_request(
            format!("Request at most {role_max} seconds (or raise the role's MaxSessionDuration)"),
            "duration_seconds",
            json!(role_max),
        )))
        .doc(DURATION_DOC);
    }
    let limit = if chaining {
        role_max.min(CHAINING_LIMIT)
    } else {
        role_max
    };
    Finding::pass(format!(
        "{asked} seconds{} is within the {}limit of {limit} seconds.",
        if explicit { "" } else { " (the default)" },
        if chaining { "role-chaining " } else { "" }
    ))
    .doc(if chaining { CHAINING_DOC } else { DURATION_DOC })
}

/// Session tags and source identity each need one more action allowed: in
/// the trust policy always, and in the caller's policies where the
/// AssumeRole itself needs them.
fn extra_permission(
    request: &Request<'_>,
    documents: &Documents,
    trust: &TrustOutcome,
    findings: &Findings,
    action: &str,
    purpose: &str,
    doc: &'static str,
) -> Finding {
    let Some(policy) = documents.trust.usable() else {
        return Finding::skip("Not evaluated: the trust policy is not valid.");
    };
    let target = request.target(action, None);
    let judged = judge_all(policy, Effect::Allow, &target);
    // When the AssumeRole grant itself already fails, judge only principal and
    // action here, so the report points at one problem once.
    let trust_failing = [
        CheckId::TrustPrincipal,
        CheckId::TrustAction,
        CheckId::TrustExternalId,
        CheckId::TrustMfa,
        CheckId::TrustConditions,
    ]
    .into_iter()
    .any(|id| findings.failed(id));
    let granted = judged
        .iter()
        .any(|j| j.principal && j.action && (trust_failing || j.conditions_met()));
    if !granted {
        let document = &documents.trust;
        let statement = trust
            .grant
            .and_then(|(index, _)| policy.statements.iter().find(|s| s.index == index))
            .or_else(|| judged.iter().find(|j| j.principal).map(|j| j.statement));
        let near = judged
            .iter()
            .find(|j| j.principal && j.action && !j.conditions_met());
        let mut detail = format!(
            "To {purpose}, the trust policy must also allow `{action}` for the caller, and no statement that names {} does{}.",
            super::trust::describe_caller(&request.caller),
            near.map(|j| format!(
                " ({} allows it, but {})",
                describe_statement(j.statement),
                j.failed_conditions().map(|c| c.explanation()).collect::<Vec<_>>().join("; ")
            ))
            .unwrap_or_default()
        );
        // A statement allows the action under conditions the request does
        // not meet (a guard on tag keys or values, say): meet them rather
        // than allow the action without the guard.
        if let Some(near) = near {
            let remedy = super::trust::combine_remedies(
                near.failed_conditions()
                    .map(|c| super::trust::change_outcome(request, document, c.condition, true))
                    .collect(),
            );
            let locations: Vec<Loc> = near
                .failed_conditions()
                .map(|c| super::trust::condition_location(document, c.condition))
                .collect();
            return Finding::fail(detail)
                .at_all(locations)
                .with_remedy(remedy)
                .doc(doc);
        }
        let remedy = statement.and_then(|statement| {
            let list = statement.action.as_ref()?;
            Some(Remedy::new(
                format!(
                    "Allow `{action}` in {} of the trust policy",
                    describe_statement(statement)
                ),
                vec![add_action(document, list, action)],
            ))
        });
        let locations: Vec<Loc> = statement
            .and_then(|s| s.action.as_ref())
            .map(|list| Loc::text(document.id, list.range))
            .into_iter()
            .collect();
        if remedy.is_none() {
            detail.push_str(" Add a statement that allows it.");
        }
        return Finding::fail(detail)
            .at_all(locations)
            .with_remedy(remedy)
            .doc(doc);
    }
    if matches!(identity_need(request, trust, action), Need::Needed(_)) {
        let role_arn = request.role_arn();
        let target = request.target(action, Some(&role_arn));
        let allowed = documents
            .identity
            .iter()
            .filter_map(Document::usable)
            .any(|policy| {
                judge_all(policy, Effect::Allow, &target)
                    .iter()
                    .any(|j| j.applies())
            });
        if !allowed {
            let statement = json!({ "Effect": "Allow", "Action": action, "Resource": role_arn });
            return Finding::fail(format!(
                "To {purpose}, the caller's own policies must also allow `{action}` on `{role_arn}`, as they must allow {}; none does.",
                request.action.name()
            ))
            .at(Loc::request_field("role_arn"))
            .with_remedy(Some(Remedy::new(
                format!("Attach a policy to the caller that allows `{action}` on the role"),
                vec![Change::Document {
                    document: DocumentId::Identity(documents.identity.len()),
                    replacement: new_policy(statement),
                }],
            )))
            .doc(doc);
        }
    }
    // A Deny of `action` in the trust policy is trust.deny's.
    if let Some(limit) = extra_action_limit(request, documents, trust, action) {
        return limit;
    }
    Finding::pass(format!(
        "`{action}` is allowed, so the caller may {purpose}."
    ))
    .doc(doc)
}
