//! `trust.action`: does a statement that names the caller allow the call?
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html>

use serde_json::json;

use super::super::call::{Request, StsAction};
use super::super::documents::Document;
use super::super::edits::{add_action, add_statement, principal_type_key, replace_value, unquoted};
use super::super::outcome::{CheckOutcome, FixDraft, Span};
use super::super::statement::Judged;
use super::super::wording::{capitalize, describe_statement};
use super::principal::caller_principal;
use crate::aws_docs;
use crate::policy::operator::edit_distance;
use crate::policy::{PrincipalType, Statement};
use crate::text::Spanned;

pub(super) fn pass(request: &Request<'_>, granting: &Judged<'_>) -> CheckOutcome {
    if !request.explains() {
        return CheckOutcome::decided(false);
    }
    CheckOutcome::pass(format!(
        "{} allows {}.",
        capitalize(describe_statement(granting.statement)),
        request.action.name()
    ))
    .doc(aws_docs::TRUST_POLICY)
}

pub(super) fn failure(
    request: &Request<'_>,
    document: &Document,
    by_principal: &[&Judged<'_>],
) -> CheckOutcome {
    if !request.explains() {
        return CheckOutcome::decided(true);
    }
    let action = request.action.name();
    let mut locations = Vec::new();
    let mut written = Vec::new();
    for judged in by_principal {
        if let Some(list) = &judged.statement.action {
            for value in &list.values {
                locations.push(Span::text(
                    document.id,
                    unquoted(value.range, &document.text),
                ));
                written.push(format!("`{}`", value.value));
            }
            if list.values.is_empty() {
                locations.push(Span::text(document.id, list.range));
            }
        }
    }
    let hint = match request.action {
        StsAction::WebIdentity => {
            " Web identity federation (GitHub Actions, EKS, Cognito) \
            needs sts:AssumeRoleWithWebIdentity."
        }
        StsAction::Saml => " SAML federation needs sts:AssumeRoleWithSAML.",
        StsAction::AssumeRole => "",
    };
    let remedy = by_principal
        .first()
        .and_then(|judged| remedy(request, document, judged.statement));
    CheckOutcome::fail(format!(
        "The statements that name the caller allow {} but not {action}.{hint}",
        if written.is_empty() {
            "no action".to_string()
        } else {
            written.join(", ")
        }
    ))
    .at_all(locations)
    .with_remedy(remedy)
    .doc(aws_docs::TRUST_POLICY)
}

/// The AssumeRole call a principal type can make.
fn call_of(kind: PrincipalType, request: &Request<'_>) -> Option<StsAction> {
    match kind {
        PrincipalType::Aws | PrincipalType::Service => Some(StsAction::AssumeRole),
        // A Federated principal is an OIDC or a SAML provider: the caller's
        // kind tells which.
        PrincipalType::Federated if request.action.is_federated() => Some(request.action),
        _ => None,
    }
}

/// A misspelt action is replaced; an AssumeRole call of another kind in a
/// statement whose principals can only make this call is replaced too (it
/// could never be used); otherwise the action is added where the
/// statement's principals suit it, or the caller gets a statement of its own.
fn remedy(request: &Request<'_>, document: &Document, statement: &Statement) -> Option<FixDraft> {
    let action = request.action.name();
    let list = statement.action.as_ref()?;
    if !list.negated {
        if let Some(typo) = list
            .values
            .iter()
            .find(|v| is_misspelling(&v.value, action))
        {
            return Some(FixDraft::safe(
                format!("Change `{}` to `{action}`", typo.value),
                vec![replace_value(document, typo, action)],
            ));
        }
    }
    let block = statement.principal.as_ref()?;
    let kinds: Vec<Option<StsAction>> = block
        .entries
        .iter()
        .map(|entry| call_of(entry.kind, request))
        .collect();
    let only_this_call =
        !block.any && !kinds.is_empty() && kinds.iter().all(|call| *call == Some(request.action));
    let other_calls: Vec<&Spanned<String>> = list
        .values
        .iter()
        .filter(|v| StsAction::parse(&v.value).is_some_and(|call| call != request.action))
        .collect();
    if !list.negated && only_this_call {
        if let [wrong] = other_calls.as_slice() {
            return Some(FixDraft::safe(
                format!(
                    "Change `{}` to `{action}` (the statement's principals can only call {action})",
                    wrong.value
                ),
                vec![replace_value(document, wrong, action)],
            ));
        }
    }
    if only_this_call && other_calls.is_empty() {
        return Some(FixDraft::widening(
            format!("Allow {action} in {}", describe_statement(statement)),
            format!(
                "every principal {} names, calling {action}, under its conditions",
                describe_statement(statement)
            ),
            vec![add_action(document, list, action)],
        ));
    }
    // Principals or actions of another kind: a statement of the caller's own.
    let (kind, value) = caller_principal(request);
    let new_statement = json!({
        "Effect": "Allow",
        "Principal": { principal_type_key(kind): value },
        "Action": action,
    });
    add_statement(document, new_statement).map(|edit| {
        FixDraft::widening(
            format!("Add a statement that allows `{value}` to call {action}"),
            format!("`{value}`, calling {action}"),
            vec![edit],
        )
    })
}

/// `sts:AssumeRoles`, `iam:AssumeRole`, `sts:assumerole-with-saml`: a near
/// spelling of `action` that names no other AssumeRole call.
fn is_misspelling(written: &str, action: &str) -> bool {
    if written.contains(['*', '?']) || StsAction::parse(written).is_some() {
        return false;
    }
    let written = written.to_ascii_lowercase();
    let wanted = action.to_ascii_lowercase();
    let name = |text: &str| {
        text.split_once(':')
            .map_or(text.to_string(), |(_, n)| n.to_string())
    };
    name(&written) == name(&wanted) || edit_distance(&written, &wanted) <= 2
}

#[cfg(test)]
mod tests {
    use super::is_misspelling;

    #[test]
    fn near_spellings_are_misspellings() {
        assert!(is_misspelling("sts:AssumeRoles", "sts:AssumeRole"));
        assert!(is_misspelling("iam:AssumeRole", "sts:AssumeRole"));
        assert!(is_misspelling(
            "sts:AssumeRoleWithWebIdentty",
            "sts:AssumeRoleWithWebIdentity"
        ));
    }

    #[test]
    fn other_calls_and_wildcards_are_not() {
        assert!(!is_misspelling("sts:AssumeRoleWithSAML", "sts:AssumeRole"));
        assert!(!is_misspelling("sts:TagSession", "sts:AssumeRole"));
        assert!(!is_misspelling("sts:Assume*", "sts:AssumeRole"));
    }
}
