//! The session's own limits: its duration, session tags and source identity.

use serde_json::json;

use super::call::{ExtraAction, Request};
use super::caller_side::{extra_action_limit, identity_need, Need};
use super::condition_fixes::{combine, failing_together, meet};
use super::documents::Documents;
use super::edits::{add_action, new_policy};
use super::grant::grant_kind;
use super::outcome::{CheckOutcome, CheckOutcomes, EditDraft, FixDraft, Span};
use super::statement::{condition_location, judge_all, Judged};
use super::trust::{TrustOutcome, GRANT_CHECKS};
use super::wording::{describe_caller, describe_statement};
use crate::arn::is_name_char;
use crate::aws_docs;
use crate::policy::{Effect, Statement};
use crate::report::{CheckId, DocumentId, RequestField, Status};

/// Longest session a chained role session may ask for.
const CHAINING_LIMIT: i64 = 3600;

pub(crate) fn check_session(
    request: &Request<'_>,
    documents: &Documents,
    trust: &TrustOutcome,
    outcomes: &mut CheckOutcomes,
) {
    outcomes.set(
        CheckId::SessionDuration,
        duration(request.judging(CheckId::SessionDuration)),
    );

    let fields = &request.scenario.request;
    let wants_tags = request
        .extra_actions()
        .any(|extra| extra == ExtraAction::TagSession);
    let tags = if wants_tags {
        extra_permission(
            request.judging(CheckId::SessionTags),
            documents,
            trust,
            outcomes,
            "sts:TagSession",
            "pass session tags",
            aws_docs::SESSION_TAGS_PERMISSIONS,
        )
    } else {
        CheckOutcome::skip("No session tags were passed.")
    };
    outcomes.set(CheckId::SessionTags, tags);

    let source_identity = if fields.source_identity.is_some() {
        let request = request.judging(CheckId::SessionSourceIdentity);
        let permission = extra_permission(
            request,
            documents,
            trust,
            outcomes,
            "sts:SetSourceIdentity",
            "set a source identity",
            aws_docs::SOURCE_IDENTITY,
        );
        match changed_source_identity(request) {
            Some(changed) => with_permission(changed, permission),
            None => permission,
        }
    } else {
        CheckOutcome::skip("No source identity was set.")
    };
    outcomes.set(CheckId::SessionSourceIdentity, source_identity);
}

/// A role session that carries a source identity cannot set another one:
/// "If the user attempts to set a source identity that is different from the
/// value set when CriticalRole was assumed, the assume role request will be
/// denied." The session's value is its `aws:SourceIdentity`.
fn changed_source_identity(request: &Request<'_>) -> Option<CheckOutcome> {
    if !request.is_role_chaining() {
        return None;
    }
    let asked = request.scenario.request.source_identity.as_deref()?;
    let persisted = request
        .context
        .get("aws:SourceIdentity")
        .and_then(|values| values.first())?;
    (asked != persisted).then(|| {
        CheckOutcome::fail(format!(
            "The calling session already carries the source identity \
                `{persisted}` (its aws:SourceIdentity), and a source \
                identity cannot be changed along a role chain; `{asked}` \
                was asked for."
        ))
        .at(Span::field(RequestField::SourceIdentity))
        .with_remedy(Some(if passable(persisted) {
            FixDraft::set_request(
                format!("Keep the source identity `{persisted}`"),
                RequestField::SourceIdentity,
                json!(persisted),
            )
        } else {
            // A value STS would refuse in the request: leave the parameter
            // out, and the session's own carries over.
            FixDraft::set_request(
                "Leave out the source identity: the session's own carries over",
                RequestField::SourceIdentity,
                serde_json::Value::Null,
            )
        }))
        .doc(aws_docs::SOURCE_IDENTITY_CHAINING)
    })
}

/// A changed source identity, and the permission to set one if that is
/// missing too: keeping the session's value alone would leave the check
/// failing, so the fix makes both changes (or gives the permission's advice).
fn with_permission(changed: CheckOutcome, permission: CheckOutcome) -> CheckOutcome {
    let missing = (permission.status == Status::Fail).then_some(permission);
    let reasons: Vec<CheckOutcome> = std::iter::once(changed).chain(missing).collect();
    failing_together(reasons).unwrap_or_else(|| CheckOutcome::skip("No source identity was set."))
}

/// Whether STS accepts `value` as the SourceIdentity parameter (2 to 64
/// of letters, digits and `_+=,.@-`, not starting with `aws:`).
fn passable(value: &str) -> bool {
    (2..=64).contains(&value.chars().count())
        && value.chars().all(is_name_char)
        && !value.to_ascii_lowercase().starts_with("aws:")
}

fn duration(request: &Request<'_>) -> CheckOutcome {
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
        if !request.explains() {
            return CheckOutcome::decided(true);
        }
        return CheckOutcome::fail(format!(
            "The caller is a role session, so this is role chaining, \
                which limits a session to 1 hour (3,600 seconds); {asked} \
                seconds were requested{}.",
            if role_max > CHAINING_LIMIT {
                format!(" even though the role's maximum is {role_max}")
            } else {
                String::new()
            }
        ))
        .at(Span::field(RequestField::DurationSeconds))
        .with_remedy(Some(FixDraft::set_request(
            "Request 3,600 seconds (1 hour)",
            RequestField::DurationSeconds,
            json!(CHAINING_LIMIT),
        )))
        .doc(aws_docs::ROLE_CHAINING);
    }
    if asked > role_max {
        if !request.explains() {
            return CheckOutcome::decided(true);
        }
        let set_by_role = request
            .scenario
            .role
            .max_session_duration
            .as_ref()
            .is_some_and(|v| !v.is_null());
        return CheckOutcome::fail(format!(
            "{asked} seconds were requested, above the role's maximum \
                session duration of {role_max} seconds{}.",
            if set_by_role {
                ""
            } else {
                " (the default, 1 hour)"
            }
        ))
        .at(Span::field(RequestField::DurationSeconds))
        .at(Span::field(RequestField::MaxSessionDuration))
        .with_remedies(duration_remedies(role_max, asked))
        .doc(aws_docs::ROLE_MAX_SESSION);
    }
    if !request.explains() {
        return CheckOutcome::decided(false);
    }
    let limit = if chaining {
        role_max.min(CHAINING_LIMIT)
    } else {
        role_max
    };
    CheckOutcome::pass(format!(
        "{asked} seconds{} is within the {}limit of {limit} seconds.",
        if explicit { "" } else { " (the default)" },
        if chaining { "role-chaining " } else { "" }
    ))
    .doc(if chaining {
        aws_docs::ROLE_CHAINING
    } else {
        aws_docs::ROLE_MAX_SESSION
    })
}

/// A shorter session, or (for every caller of the role) a longer maximum.
fn duration_remedies(role_max: i64, asked: i64) -> [FixDraft; 2] {
    [
        FixDraft::set_request(
            format!("Request at most {role_max} seconds"),
            RequestField::DurationSeconds,
            json!(role_max),
        ),
        FixDraft::widening(
            format!("Raise the role's MaxSessionDuration to {asked} seconds"),
            format!("sessions of up to {asked} seconds for every caller of the role"),
            vec![EditDraft::set_field(
                RequestField::MaxSessionDuration,
                json!(asked),
            )],
        ),
    ]
}

/// Session tags and source identity each need one more action allowed: in
/// the trust policy always, and in the caller's policies where the
/// AssumeRole itself needs them.
fn extra_permission(
    request: &Request<'_>,
    documents: &Documents,
    trust: &TrustOutcome,
    outcomes: &CheckOutcomes,
    action: &str,
    purpose: &str,
    doc: &'static str,
) -> CheckOutcome {
    let Some(policy) = documents.trust.usable() else {
        return CheckOutcome::skip("Not evaluated: the trust policy is not valid.");
    };
    let target = request.target(action, None);
    let judged = judge_all(policy, Effect::Allow, &target);
    // When the AssumeRole grant itself already fails, judge only principal and
    // action here, so the report points at one problem once.
    let trust_failing = GRANT_CHECKS.into_iter().any(|id| outcomes.failed(id));
    let granted = judged
        .iter()
        .any(|j| j.principal && j.action && (trust_failing || j.conditions_met()));
    // The trust policy, the caller's policies and what limits them must each
    // allow `action`: every one that does not is a reason, and the fix must
    // remove them all.
    let mut reasons = Vec::new();
    // The statement that grants `action` decides whether the caller's own
    // policies must allow it, as the AssumeRole grant decides for the call
    // (`identity_need`): the most direct one, or the one the fix widens.
    let grant = if granted {
        judged
            .iter()
            .filter(|j| j.principal && j.action && (trust_failing || j.conditions_met()))
            .map(|j| grant_kind(j.statement, &request.caller))
            .min_by_key(|kind| kind.directness())
    } else {
        // The trust policy's reason always fails the check.
        if !request.explains() {
            return CheckOutcome::decided(true);
        }
        let (reason, widened) =
            trust_reason(request, documents, trust, &judged, action, purpose, doc);
        let alone = reason.clone();
        reasons.push(reason);
        if widened.is_none() {
            // Nothing to widen: no fix for the rest would resolve the check.
            return alone;
        }
        widened.map(|statement| grant_kind(statement, &request.caller))
    };
    if let Need::Needed(why) = identity_need(request, action, grant) {
        let role_arn = request.role_arn();
        let target = request.target(action, Some(role_arn));
        let allowed = documents
            .identity
            .iter()
            .filter_map(|document| document.usable())
            .any(|policy| {
                judge_all(policy, Effect::Allow, &target)
                    .iter()
                    .any(|j| j.applies())
            });
        if !allowed && !request.explains() {
            return CheckOutcome::decided(true);
        }
        if !allowed {
            let statement = json!({ "Effect": "Allow", "Action": action, "Resource": role_arn });
            reasons.push(
                CheckOutcome::fail(format!(
                    "To {purpose}, the caller's own policies must also allow \
                        `{action}` on `{role_arn}`, and none does. {why}"
                ))
                .with_remedy(Some(FixDraft::safe(
                    format!("Attach a policy to the caller that allows `{action}` on the role"),
                    vec![EditDraft::new_document(
                        DocumentId::Identity(documents.identity.len()),
                        new_policy(statement),
                    )],
                )))
                .doc(doc),
            );
        }
    }
    // A Deny of `action` in the trust policy is trust.deny's.
    reasons.extend(extra_action_limit(request, documents, trust, action));
    if !request.explains() {
        return CheckOutcome::decided(!reasons.is_empty());
    }
    failing_together(reasons).unwrap_or_else(|| {
        CheckOutcome::pass(format!(
            "`{action}` is allowed, so the caller may {purpose}."
        ))
        .doc(doc)
    })
}

/// The trust policy does not allow `action` for the caller: why, with the
/// statement to widen if there is one (conditions met rather than dropped
/// when a statement allows it under some the request does not meet).
fn trust_reason<'d>(
    request: &Request<'_>,
    documents: &'d Documents,
    trust: &TrustOutcome,
    judged: &[Judged<'d>],
    action: &str,
    purpose: &str,
    doc: &'static str,
) -> (CheckOutcome, Option<&'d Statement>) {
    let document = &documents.trust;
    let statement = documents.trust.usable().and_then(|policy| {
        trust
            .grant
            .and_then(|(index, _)| policy.statements.iter().find(|s| s.index == index))
            .or_else(|| judged.iter().find(|j| j.principal).map(|j| j.statement))
    });
    let near = judged
        .iter()
        .find(|j| j.principal && j.action && !j.conditions_met());
    let mut detail = format!(
        "To {purpose}, the trust policy must also allow `{action}` \
            for the caller, and no statement that names {} does{}.",
        describe_caller(&request.caller),
        near.map(|j| format!(
            " ({} allows it, but {})",
            describe_statement(j.statement),
            j.failed_conditions()
                .map(|c| c.explanation())
                .collect::<Vec<_>>()
                .join("; ")
        ))
        .unwrap_or_default()
    );
    if let Some(near) = near {
        let remedies = combine(
            near.failed_conditions()
                .map(|c| meet(request, document, near.statement, c.condition))
                .collect(),
        );
        let locations: Vec<Span> = near
            .failed_conditions()
            .map(|c| condition_location(document, c.condition))
            .collect();
        let reason = CheckOutcome::fail(detail)
            .at_all(locations)
            .with_remedies(remedies)
            .doc(doc);
        return (reason, Some(near.statement));
    }
    let remedy = statement.and_then(|statement| {
        let list = statement.action.as_ref()?;
        Some(FixDraft::widening(
            format!(
                "Allow `{action}` in {} of the trust policy",
                describe_statement(statement)
            ),
            format!(
                "every principal {} names may then {purpose}",
                describe_statement(statement)
            ),
            vec![add_action(document, list, action)],
        ))
    });
    let locations: Vec<Span> = statement
        .and_then(|s| s.action.as_ref())
        .map(|list| Span::text(document.id, list.range))
        .into_iter()
        .collect();
    let widened = statement.filter(|_| remedy.is_some());
    if remedy.is_none() {
        detail.push_str(" Add a statement that allows it.");
    }
    let reason = CheckOutcome::fail(detail)
        .at_all(locations)
        .with_remedies(remedy.into_iter().chain(without(action)))
        .doc(doc);
    (reason, widened)
}

/// The call made without what needs `action`: no session tags, or no
/// source identity. An alternative when the trust policy will not change.
fn without(action: &str) -> Option<FixDraft> {
    let fields: &[RequestField] = match action {
        "sts:TagSession" => &[RequestField::Tags, RequestField::TransitiveTagKeys],
        "sts:SetSourceIdentity" => &[RequestField::SourceIdentity],
        _ => return None,
    };
    Some(FixDraft::safe(
        format!("Call without what needs `{action}`"),
        fields
            .iter()
            .map(|field| EditDraft::set_field(field.clone(), serde_json::Value::Null))
            .collect(),
    ))
}
