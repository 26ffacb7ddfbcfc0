//! A Deny statement that applies to the request, in any policy: where it
//! is, why it matches, and the ways out, safest first. "An explicit deny in
//! any of these policies overrides the allow."
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>

use super::call::Request;
use super::condition_fixes::avoid;
use super::documents::Document;
use super::edits::{exempt_principal, remove_statement, unquoted};
use super::outcome::{CheckOutcome, FixDraft, Span};
use super::request_values::{is_mfa_key, mfa_fix};
use super::statement::{condition_location, ConditionResult, Judged};
use super::wording::{capitalize, describe_statement};
use crate::policy::Policy;

/// The failing outcome for `applying`, a Deny of `action` in `document`
/// (`whose` names the document in prose).
pub(crate) fn deny_outcome(
    request: &Request<'_>,
    action: &str,
    document: &Document,
    policy: &Policy,
    applying: &Judged<'_>,
    whose: &str,
    doc: &'static str,
) -> CheckOutcome {
    if !request.explains() {
        return CheckOutcome::decided(true);
    }
    let statement = applying.statement;
    let mut detail = format!(
        "{} of {whose} denies {action}, and an explicit deny always wins",
        capitalize(describe_statement(statement)),
    );
    if !applying.conditions.is_empty() {
        detail.push_str(": ");
        detail.push_str(
            &applying
                .conditions
                .iter()
                .map(ConditionResult::phrase)
                .collect::<Vec<_>>()
                .join("; "),
        );
    }
    detail.push('.');
    let mut locations = vec![Span::text(
        document.id,
        unquoted(statement.effect.range, &document.text),
    )];
    locations.extend(
        applying
            .conditions
            .iter()
            .map(|c| condition_location(document, c.condition)),
    );
    CheckOutcome::fail(detail)
        .at_all(locations)
        .with_remedies(remedies(request, document, policy, applying))
        .doc(doc)
}

/// MFA if the Deny is about MFA; else a request change that escapes its
/// conditions (or the advice to change the fact they test); then, unsafe,
/// an exemption for this caller, or the statement removed.
fn remedies(
    request: &Request<'_>,
    document: &Document,
    policy: &Policy,
    applying: &Judged<'_>,
) -> Vec<FixDraft> {
    let statement = applying.statement;
    if applying
        .conditions
        .iter()
        .any(|c| is_mfa_key(&c.condition.key.value))
    {
        return vec![mfa_fix(request, 60)];
    }
    // Escaping any one condition escapes the Deny.
    let mut fixes: Vec<FixDraft> = Vec::new();
    for fix in applying
        .conditions
        .iter()
        .flat_map(|c| avoid(request, document, c.condition))
    {
        if !fixes.contains(&fix) {
            fixes.push(fix);
        }
    }
    let exempt = request
        .caller
        .principal_arn()
        .filter(|_| request.caller.is_aws_identity())
        .and_then(|arn| {
            exempt_principal(document, statement, &arn).map(|edit| {
                FixDraft::widening(
                    format!(
                        "Exempt `{arn}` from {} (the Deny keeps applying to everyone else)",
                        describe_statement(statement)
                    ),
                    format!("`{arn}`, which the Deny no longer stops"),
                    vec![edit],
                )
            })
        });
    let removed = || {
        remove_statement(document, policy, statement.index).map(|edit| {
            FixDraft::widening(
                format!("Remove {}", describe_statement(statement)),
                format!("everyone {} stopped", describe_statement(statement)),
                vec![edit],
            )
        })
    };
    match exempt {
        Some(exempt) => fixes.push(exempt),
        None => fixes.extend(removed()),
    }
    // An edit first when the only request-side remedy is advice.
    if fixes.first().is_some_and(FixDraft::is_advice) {
        if let Some(position) = fixes.iter().position(|fix| !fix.is_advice()) {
            let edit = fixes.remove(position);
            fixes.insert(0, edit);
        }
    }
    fixes
}
