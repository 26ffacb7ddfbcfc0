//! The caller's side and the organization's: identity policies, the
//! permissions boundary, SCPs (caller's account) and RCPs (role's account).

use std::borrow::Cow;

use serde_json::json;

use super::call::Request;
use super::condition_fixes::{combine, meet};
use super::deny::deny_outcome;
use super::documents::{Document, Documents};
use super::edits::{add_statement, new_policy, replace_value, unquoted};
use super::grant::GrantKind;
use super::outcome::{CheckOutcome, CheckOutcomes, EditDraft, FixDraft, Mode, Span};
use super::statement::{judge_all, Judged, Target};
use super::trust::TrustOutcome;
use super::wording::{capitalize, describe_caller, describe_statement};
use crate::arn::Caller;
use crate::aws_docs;
use crate::policy::{Effect, PolicyKind};
use crate::report::{CheckId, DocumentId, Status};

/// Whether the caller's identity policies must allow the call.
pub(crate) enum Need {
    /// Not evaluated at all (no AWS caller).
    Skip(Cow<'static, str>),
    NotNeeded(Cow<'static, str>),
    Needed(Cow<'static, str>),
}

/// Whether the caller's own policies must allow an action the trust policy
/// grants by a statement naming the caller as `grant` says: across accounts
/// always; in the same account unless that statement names the caller
/// itself, its role or everyone. One rule for the call and for the extra
/// actions it needs (sts:TagSession, sts:SetSourceIdentity): each is judged
/// by the statement that grants it, since the session-tags page asks for
/// `sts:TagSession` "in addition to the action that matches the API
/// operation" with no rule of its own
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required>),
/// and the same-account rule for resource-based policies is: "If a
/// resource-based policy grants permission directly to the IAM user or the
/// session principal that is making the request, then an implicit deny in
/// an identity-based policy, a permissions boundary, or a session policy
/// does not impact the final decision"; one naming the role ARN is limited
/// only by the boundary and session policy, and `*` needs "no other
/// permissions" in the same account
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>,
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>).
///
/// One documented exception: "When you assume a role with another role,
/// called role chaining, permissions for `sts:SetSourceIdentity` are
/// required in both the permissions policy of the principal who is assuming
/// the role and in the role trust policy of the target role"
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html#id_credentials_temp_control-access_monitor-perms>).
pub(crate) fn identity_need(request: &Request<'_>, action: &str, grant: Option<GrantKind>) -> Need {
    if request.action.is_federated() {
        return Need::Skip(
            format!(
                "Not evaluated: {} has no AWS caller, so no identity policy, boundary or SCP applies.",
                request.action.name()
            )
            .into(),
        );
    }
    if let Caller::Service { name } = &request.caller {
        return Need::Skip(
            format!("Not evaluated: the service `{name}` has no identity policies.").into(),
        );
    }
    if request.is_cross_account() {
        // Worded only when some check is explained: a decision never reads it.
        if request.mode == Mode::Decide {
            return Need::Needed(Cow::Borrowed(""));
        }
        return Need::Needed(
            format!(
                "Across accounts both sides must allow: the role's trust \
                policy and the caller's own policies in account {}.",
                request.caller.account().unwrap_or_default()
            )
            .into(),
        );
    }
    if action == "sts:SetSourceIdentity" && request.is_role_chaining() {
        return Need::Needed(
            "When a role session sets a source identity (role chaining), \
                its own policies must allow sts:SetSourceIdentity as well as \
                the trust policy, whatever the trust policy names."
                .into(),
        );
    }
    if grant.is_some_and(GrantKind::names_caller_itself) {
        return Need::NotNeeded(
            "Not needed: in the same account a trust policy that names \
                the caller itself grants the call on its own."
                .into(),
        );
    }
    match grant {
        Some(GrantKind::Account | GrantKind::NonAws) => Need::Needed(
            "The trust policy trusts the whole account, so IAM also \
                requires the caller's own policies to allow the call."
                .into(),
        ),
        _ => Need::Needed(
            "Unless the trust policy names the caller itself, the \
                caller's own policies must allow the call."
                .into(),
        ),
    }
}

pub(crate) fn check_caller_side(
    request: &Request<'_>,
    documents: &Documents,
    trust: &TrustOutcome,
    findings: &mut CheckOutcomes,
) {
    let role_arn = request.role_arn();
    let target = request.target(request.action.name(), Some(role_arn));
    let need = identity_need(
        request,
        request.action.name(),
        trust.grant.map(|(_, kind)| kind),
    );
    if let Need::Skip(why) = &need {
        for id in [
            CheckId::IdentityAllow,
            CheckId::IdentityDeny,
            CheckId::BoundaryAllow,
            CheckId::ScpAllow,
        ] {
            findings.set(id, CheckOutcome::skip(why.clone()));
        }
    } else {
        findings.set(
            CheckId::IdentityAllow,
            identity_allow(
                request.judging(CheckId::IdentityAllow),
                documents,
                &target,
                &need,
                trust,
            ),
        );
        findings.set(
            CheckId::IdentityDeny,
            identity_deny(request.judging(CheckId::IdentityDeny), documents, &target),
        );
        findings.set(
            CheckId::BoundaryAllow,
            boundary(
                request.judging(CheckId::BoundaryAllow),
                documents,
                &target,
                trust,
            ),
        );
        findings.set(
            CheckId::ScpAllow,
            scp_allow(request.judging(CheckId::ScpAllow), documents, &target),
        );
    }
    findings.set(
        CheckId::RcpAllow,
        rcp_allow(request.judging(CheckId::RcpAllow), documents, &target),
    );
}

fn scp_allow(request: &Request<'_>, documents: &Documents, target: &Target<'_>) -> CheckOutcome {
    organization(request, &documents.scps, target, PolicyKind::Scp)
}

/// RCPs judge every caller but a service assuming its service-linked role.
fn rcp_allow(request: &Request<'_>, documents: &Documents, target: &Target<'_>) -> CheckOutcome {
    match &request.caller {
        Caller::Service { name } if is_service_linked(request) => CheckOutcome::skip(format!(
            "Not evaluated: RCPs do not affect {name}'s ability to assume its service-linked role."
        ))
        .doc(aws_docs::RCPS),
        _ => organization(request, &documents.rcps, target, PolicyKind::Rcp),
    }
}

/// What limits an extra action the call needs (sts:TagSession,
/// sts:SetSourceIdentity) besides the grants: explicit denies in the
/// caller's policies, the boundary, SCPs and RCPs judge it as they judge the
/// call itself ("If the enforcement code finds even one explicit deny that
/// applies, the enforcement code returns a final decision of Deny"). The
/// first failing finding, in checklist order.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html>
pub(crate) fn extra_action_limit(
    request: &Request<'_>,
    documents: &Documents,
    trust: &TrustOutcome,
    action: &str,
) -> Option<CheckOutcome> {
    let role_arn = request.role_arn();
    let target = request.target(action, Some(role_arn));
    let fails = |finding: CheckOutcome| (finding.status == Status::Fail).then_some(finding);
    let aws_caller = !matches!(
        identity_need(
            request,
            request.action.name(),
            trust.grant.map(|(_, kind)| kind),
        ),
        Need::Skip(_)
    );
    let caller_limit = || {
        fails(identity_deny(request, documents, &target))
            .or_else(|| fails(boundary(request, documents, &target, trust)))
            .or_else(|| fails(scp_allow(request, documents, &target)))
    };
    aws_caller
        .then(caller_limit)
        .flatten()
        .or_else(|| fails(rcp_allow(request, documents, &target)))
}

/// "RCPs also do not impact AWS services' ability to assume a service-linked
/// role": such roles live under the path `/aws-service-role/`.
/// <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html>
fn is_service_linked(request: &Request<'_>) -> bool {
    request.role.path.starts_with("/aws-service-role/")
}

fn broken(documents: &[&Document]) -> Option<String> {
    documents.iter().find(|d| d.usable().is_none()).map(|d| {
        format!(
            "Not evaluated: {} is not a valid policy (see the policy syntax check).",
            d.id.label()
        )
    })
}

/// The statements of several documents with one effect, judged.
fn judged_in<'a>(
    documents: &[&'a Document],
    effect: Effect,
    target: &Target<'a>,
) -> Vec<(&'a Document, Judged<'a>)> {
    documents
        .iter()
        .filter_map(|document| document.usable().map(|policy| (*document, policy)))
        .flat_map(|(document, policy)| {
            judge_all(policy, effect, target)
                .into_iter()
                .map(move |judged| (document, judged))
        })
        .collect()
}

fn allow_statement(request: &Request<'_>, action: &str) -> serde_json::Value {
    json!({ "Effect": "Allow", "Action": action, "Resource": request.role_arn() })
}

fn identity_allow(
    request: &Request<'_>,
    documents: &Documents,
    target: &Target<'_>,
    need: &Need,
    trust: &TrustOutcome,
) -> CheckOutcome {
    let identity: Vec<&Document> = documents.identity.iter().map(|d| &**d).collect();
    let allows = judged_in(&identity, Effect::Allow, target);
    let action = request.action.name();
    let role_arn = request.role_arn();
    if let Some((document, judged)) = allows.iter().find(|(_, j)| j.applies()) {
        if !request.explains() {
            return CheckOutcome::decided(false);
        }
        return CheckOutcome::pass(format!(
            "{} of {} allows {action} on `{role_arn}`.",
            capitalize(describe_statement(judged.statement)),
            document.id.label()
        ))
        .doc(aws_docs::SWITCH_ROLE_PERMISSIONS);
    }
    let why = match need {
        Need::NotNeeded(why) => {
            return CheckOutcome::pass(why.clone()).doc(aws_docs::EVALUATION_LOGIC)
        }
        Need::Skip(why) => return CheckOutcome::skip(why.clone()),
        Need::Needed(why) => why.clone(),
    };
    // Same account, and no statement of the trust policy names the caller yet:
    // whether an identity policy is needed depends on how it will.
    if !request.is_cross_account() && !trust.usable {
        return CheckOutcome::skip(
            "Not judged: the trust policy is not valid; in the same \
                account, whether an identity policy is needed depends on \
                how the trust policy names the caller.",
        )
        .doc(aws_docs::EVALUATION_LOGIC);
    }
    if !request.is_cross_account()
        && trust.grant.is_none()
        && (!trust_names_account(request, documents) || trust.names_caller_itself)
    {
        return CheckOutcome::skip(
            "Not judged: the trust policy does not grant the call yet; \
                in the same account, naming the caller there makes an \
                identity policy unnecessary.",
        )
        .doc(aws_docs::EVALUATION_LOGIC);
    }
    if let Some(why_broken) = broken(&identity) {
        return CheckOutcome::skip(why_broken);
    }
    if !request.explains() {
        return CheckOutcome::decided(true);
    }
    let (near, locations) = near_misses(&allows, action);
    let mut detail = format!(
        "No identity policy of {} allows {action} on `{role_arn}`. {why}",
        describe_caller(&request.caller)
    );
    if !near.is_empty() {
        detail.push_str(&format!(" Closest: {}.", near.join("; ")));
    } else if documents.identity.is_empty() {
        detail.push_str(" The caller has no identity policies.");
    }
    // A misspelt action is corrected; a statement that allows the call but
    // for its conditions has them met, rather than an allow added that drops
    // them (a time window, say). A policy of the caller's own grants no one
    // else anything.
    let typo = mistyped_action(&allows, action).map(|(document, _, value)| {
        FixDraft::safe(
            format!("Change `{}` to `{action}`", value.value),
            vec![replace_value(document, value, action)],
        )
    });
    let conditional = allows
        .iter()
        .find(|(_, j)| j.action && j.resource && !j.conditions_met())
        .map(|(document, judged)| {
            combine(
                judged
                    .failed_conditions()
                    .map(|c| meet(request, document, judged.statement, c.condition))
                    .collect(),
            )
        })
        .unwrap_or_default();
    let attach = FixDraft::safe(
        format!("Attach a policy to the caller that allows {action} on the role"),
        vec![EditDraft::new_document(
            DocumentId::Identity(documents.identity.len()),
            new_policy(allow_statement(request, request.action.name())),
        )],
    );
    let remedies: Vec<FixDraft> = match typo {
        Some(typo) => vec![typo],
        None if !conditional.is_empty() => conditional,
        None => vec![attach],
    };
    // Nothing of the caller's policies comes close: no location. The role
    // ARN is right (the grant is what is missing), so it is not pointed at;
    // the fix adds the policy.
    CheckOutcome::fail(detail)
        .at_all(locations)
        .with_remedies(remedies)
        .doc(if request.is_cross_account() {
            aws_docs::CROSS_ACCOUNT_EVALUATION
        } else {
            aws_docs::SWITCH_ROLE_PERMISSIONS
        })
}

/// Allow statements that nearly grant `action`: the resource differs, a
/// NotAction excludes it, or a condition fails. What each lacks, and where.
fn near_misses(allows: &[(&Document, Judged<'_>)], action: &str) -> (Vec<String>, Vec<Span>) {
    let mut near = Vec::new();
    let mut locations = Vec::new();
    if let Some((document, judged, value)) = mistyped_action(allows, action) {
        near.push(format!(
            "{} of {} allows `{}`, not {action}",
            describe_statement(judged.statement),
            document.id.label(),
            value.value
        ));
        locations.push(Span::text(
            document.id,
            unquoted(value.range, &document.text),
        ));
    }
    for (document, judged) in allows {
        if judged.action && !judged.resource {
            if let Some(list) = &judged.statement.resource {
                near.push(format!(
                    "{} of {} allows {action} only on {}",
                    describe_statement(judged.statement),
                    document.id.label(),
                    list.values
                        .iter()
                        .map(|v| format!("`{}`", v.value))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                locations.extend(
                    list.values
                        .iter()
                        .map(|v| Span::text(document.id, unquoted(v.range, &document.text))),
                );
            }
        } else if !judged.action && judged.resource {
            // A NotAction that excludes the action: the excluding names.
            let Some(list) = judged.statement.action.as_ref().filter(|l| l.negated) else {
                continue;
            };
            let excluding: Vec<_> = list
                .values
                .iter()
                .filter(|v| crate::wildcard::action_matches(&v.value, action))
                .collect();
            if excluding.is_empty() {
                continue;
            }
            near.push(format!(
                "{} of {} allows every action except {}, which excludes {action}",
                describe_statement(judged.statement),
                document.id.label(),
                excluding
                    .iter()
                    .map(|v| format!("`{}`", v.value))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            locations.extend(
                excluding
                    .iter()
                    .map(|v| Span::text(document.id, unquoted(v.range, &document.text))),
            );
        } else if judged.action && judged.resource && !judged.conditions_met() {
            near.push(format!(
                "{} of {} allows it, but {}",
                describe_statement(judged.statement),
                document.id.label(),
                judged
                    .failed_conditions()
                    .map(|c| c.explanation())
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
            locations.extend(
                judged.failed_conditions().map(|c| {
                    Span::text(document.id, unquoted(c.condition.key.range, &document.text))
                }),
            );
        }
    }
    (near, locations)
}

/// An Allow on the right resource whose action is a near spelling of the
/// call (`iam:AssumeRole`, `sts:AssumeRoles`): the statement and the value.
fn mistyped_action<'a, 'j>(
    allows: &'j [(&'a Document, Judged<'a>)],
    action: &str,
) -> Option<(
    &'a Document,
    &'j Judged<'a>,
    &'a crate::text::Spanned<String>,
)> {
    let wanted = action.to_ascii_lowercase();
    let wanted_name = wanted
        .split_once(':')
        .map_or(wanted.as_str(), |(_, name)| name);
    allows.iter().find_map(|(document, judged)| {
        if judged.action || !judged.resource || !judged.conditions_met() {
            return None;
        }
        let list = judged.statement.action.as_ref().filter(|l| !l.negated)?;
        let value = list.values.iter().find(|v| {
            let written = v.value.to_ascii_lowercase();
            let name = written
                .split_once(':')
                .map_or(written.as_str(), |(_, name)| name);
            !written.contains(['*', '?'])
                && (name == wanted_name
                    || crate::policy::operator::edit_distance(&written, &wanted) <= 2)
        })?;
        Some((*document, judged, value))
    })
}

fn trust_names_account(request: &Request<'_>, documents: &Documents) -> bool {
    let Some(policy) = documents.trust.usable() else {
        return false;
    };
    let Some(account) = request.caller.account() else {
        return false;
    };
    policy
        .statements
        .iter()
        .filter(|s| s.effect.value == Effect::Allow)
        .any(|statement| {
            statement
                .principal
                .iter()
                .flat_map(|b| b.entries.iter())
                .any(|entry| {
                    let value = entry.value.value.as_str();
                    value == account || value.ends_with(&format!(":{account}:root"))
                })
        })
}

fn identity_deny(
    request: &Request<'_>,
    documents: &Documents,
    target: &Target<'_>,
) -> CheckOutcome {
    let identity: Vec<&Document> = documents.identity.iter().map(|d| &**d).collect();
    let denies = judged_in(&identity, Effect::Deny, target);
    if let Some((document, judged)) = denies.iter().find(|(_, j)| j.applies()) {
        if let Some(policy) = document.usable() {
            return deny_outcome(
                request,
                target.action,
                document,
                policy,
                judged,
                &document.id.label(),
                aws_docs::EVALUATION_LOGIC,
            );
        }
    }
    if let Some(why) = broken(&identity) {
        return CheckOutcome::skip(why);
    }
    if !request.explains() {
        return CheckOutcome::decided(false);
    }
    CheckOutcome::pass(if denies.is_empty() {
        "No identity policy has a Deny statement.".to_string()
    } else {
        format!(
            "No Deny statement of the identity policies applies ({} checked).",
            denies.len()
        )
    })
    .doc(aws_docs::EVALUATION_LOGIC)
}

fn boundary(
    request: &Request<'_>,
    documents: &Documents,
    target: &Target<'_>,
    trust: &TrustOutcome,
) -> CheckOutcome {
    let Some(document) = &documents.boundary else {
        return CheckOutcome::pass("The caller has no permissions boundary.")
            .doc(aws_docs::PERMISSIONS_BOUNDARIES);
    };
    let Some(policy) = document.usable() else {
        return CheckOutcome::skip(
            "Not evaluated: the permissions boundary is not valid (see the policy syntax check).",
        );
    };
    let denies = judge_all(policy, Effect::Deny, target);
    if let Some(judged) = denies.iter().find(|j| j.applies()) {
        return deny_outcome(
            request,
            target.action,
            document,
            policy,
            judged,
            "the permissions boundary",
            aws_docs::PERMISSIONS_BOUNDARIES,
        );
    }
    let allows = judge_all(policy, Effect::Allow, target);
    if let Some(judged) = allows.iter().find(|j| j.applies()) {
        if !request.explains() {
            return CheckOutcome::decided(false);
        }
        return CheckOutcome::pass(format!(
            "{} of the permissions boundary allows {}.",
            capitalize(describe_statement(judged.statement)),
            target.action
        ))
        .doc(aws_docs::PERMISSIONS_BOUNDARIES);
    }
    // Within one account, a trust policy naming the user or the session itself
    // is not limited by the boundary's implicit deny; nor is a grant to `*`
    // (narrowed by aws:PrincipalArn or not): "Identity-based policy types,
    // such as permissions boundaries or session policies, do not limit
    // permissions granted using the aws:PrincipalArn condition key with a
    // wildcard(*) in the Principal element, unless the identity-based
    // policies contain an explicit deny" (Principal element page).
    let direct = match trust.grant.map(|(_, kind)| kind) {
        Some(GrantKind::User | GrantKind::Session) => Some((
            "names the user or session itself",
            aws_docs::PERMISSIONS_BOUNDARIES,
        )),
        Some(GrantKind::Wildcard) if target.action == request.action.name() => {
            Some(("grants to `*`", aws_docs::PRINCIPAL))
        }
        _ => None,
    };
    if let (Some((how, doc)), false) = (direct, request.is_cross_account()) {
        return CheckOutcome::pass(format!(
            "The boundary does not allow the call, but in the same \
                account a trust policy that {how} is not limited by a \
                boundary's implicit deny."
        ))
        .doc(doc);
    }
    if !request.explains() {
        return CheckOutcome::decided(true);
    }
    let remedy = add_statement(document, allow_statement(request, target.action)).map(|change| {
        FixDraft::widening(
            format!("Allow {} on the role in the boundary", target.action),
            format!(
                "every principal with this boundary whose own policies allow {} on the role",
                target.action
            ),
            vec![change],
        )
    });
    CheckOutcome::fail(format!(
        "The permissions boundary allows at most what it names, and \
            it does not allow {} on `{}`: the effective permissions are \
            the intersection of the identity policies and the boundary.",
        target.action,
        request.role_arn()
    ))
    .at_all(allowed_actions(std::slice::from_ref(document)))
    .with_remedy(remedy)
    .doc(aws_docs::PERMISSIONS_BOUNDARIES)
}

/// Where documents that should allow the call say what they allow instead:
/// the Action values of their Allow statements (never a whole document).
fn allowed_actions(documents: &[Document]) -> Vec<Span> {
    documents
        .iter()
        .filter_map(|document| document.usable().map(|policy| (document, policy)))
        .flat_map(|(document, policy)| {
            policy
                .statements
                .iter()
                .filter(|s| s.effect.value == Effect::Allow)
                .filter_map(|s| s.action.as_ref())
                .flat_map(|list| list.values.iter())
                .map(move |value| Span::text(document.id, unquoted(value.range, &document.text)))
        })
        .take(5)
        .collect()
}

/// SCPs or RCPs: no level may deny, and every level must allow.
fn organization(
    request: &Request<'_>,
    levels: &[Vec<Document>],
    target: &Target<'_>,
    kind: PolicyKind,
) -> CheckOutcome {
    let rcp = kind == PolicyKind::Rcp;
    let (name, doc, document_id): (&str, &'static str, fn(usize, usize) -> DocumentId) = if rcp {
        ("RCP", aws_docs::RCPS, DocumentId::Rcp)
    } else {
        ("SCP", aws_docs::SCP_EVALUATION, DocumentId::Scp)
    };
    if levels.is_empty() {
        let none = if rcp {
            "No RCPs were given."
        } else {
            "No SCPs were given."
        };
        return CheckOutcome::pass(none).doc(doc);
    }
    let all: Vec<&Document> = levels.iter().flatten().collect();
    if let Some(why) = broken(&all) {
        return CheckOutcome::skip(why);
    }
    for document in &all {
        let Some(policy) = document.usable() else {
            continue;
        };
        let denies = judge_all(policy, Effect::Deny, target);
        if let Some(judged) = denies.iter().find(|j| j.applies()) {
            return deny_outcome(
                request,
                target.action,
                document,
                policy,
                judged,
                &document.id.label(),
                doc,
            );
        }
    }
    // Every RCP level holds RCPFullAWSAccess, which cannot be detached: only
    // a Deny can fail an RCP ("The effect of Allow is only supported for the
    // RCPFullAWSAccess policy ... automatically attached to the organization
    // root, every OU, and every account").
    // <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html>
    let levels: &[Vec<Document>] = if rcp { &[] } else { levels };
    // An allow at an organization level reaches every principal below it.
    let admits = if request.explains() {
        format!(
            "every principal of the accounts below that level whose own policies allow {} \
                on the role",
            target.action
        )
    } else {
        String::new()
    };
    for (level, documents) in levels.iter().enumerate() {
        let level_docs: Vec<&Document> = documents.iter().collect();
        let level_allows = judged_in(&level_docs, Effect::Allow, target);
        if level_allows.iter().any(|(_, j)| j.applies()) {
            continue;
        }
        if !request.explains() {
            return CheckOutcome::decided(true);
        }
        let (near, near_locations) = near_misses(&level_allows, target.action);
        let (remedy, locations) = match documents.first() {
            Some(first) => (
                add_statement(first, allow_statement(request, target.action)).map(|change| {
                    FixDraft::widening(
                        format!("Allow {} in `{}`", target.action, first.id),
                        admits.clone(),
                        vec![change],
                    )
                }),
                allowed_actions(documents),
            ),
            None => (
                Some(FixDraft::widening(
                    format!(
                        "Attach a {name} that allows {} at level {level}",
                        target.action
                    ),
                    admits.clone(),
                    vec![EditDraft::new_document(
                        document_id(level, 0),
                        new_policy(allow_statement(request, target.action)),
                    )],
                )),
                Vec::new(),
            ),
        };
        let closest = if near.is_empty() {
            String::new()
        } else {
            format!(" Closest: {}.", near.join("; "))
        };
        let locations = if near_locations.is_empty() {
            locations
        } else {
            near_locations
        };
        return CheckOutcome::fail(format!(
            "No {name} at organization level {level} allows {} on `{}`: \
                every level (root, each OU, the account) must allow \
                it.{closest}",
            target.action,
            request.role_arn()
        ))
        .at_all(locations)
        .with_remedy(remedy)
        .doc(doc);
    }
    if !request.explains() {
        return CheckOutcome::decided(false);
    }
    CheckOutcome::pass(if rcp {
        format!(
            "No RCP denies {}; every level holds RCPFullAWSAccess.",
            target.action
        )
    } else {
        format!(
            "Every SCP level allows {} and none denies it.",
            target.action
        )
    })
    .doc(doc)
}
