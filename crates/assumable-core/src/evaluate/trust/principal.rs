//! `trust.principal`: does an Allow statement's Principal name the caller?
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>

use serde_json::json;

use super::super::call::Request;
use super::super::diagnose::{self, GrantingPrincipal};
use super::super::documents::Document;
use super::super::edits::{
    add_principal, add_statement, principal_type_key, replace_value, unquoted,
};
use super::super::grant::{account_of, grant_kind, is_account_form, principal_type_for, GrantKind};
use super::super::outcome::{CheckOutcome, FixDraft, Span};
use super::super::statement::Judged;
use super::super::wording::{capitalize, describe_caller, describe_statement};
use crate::arn::Caller;
use crate::aws_docs;
use crate::policy::PrincipalType;
use crate::principal::{entry_matches, PrincipalMatch};

/// An IAM unique id (`AIDA…`, `AROA…`): what a trust policy shows once the
/// principal it named was deleted.
fn is_unique_id(value: &str) -> bool {
    ["AIDA", "AROA", "AIPA", "ANPA", "ANVA", "ASIA"]
        .iter()
        .any(|prefix| value.starts_with(prefix))
        && !value.contains(':')
}

/// The principal value that names the caller in a trust policy.
pub(crate) fn caller_principal(request: &Request<'_>) -> (PrincipalType, String) {
    let caller = &request.caller;
    match caller {
        Caller::Service { name } => (PrincipalType::Service, name.clone()),
        Caller::OidcProvider {
            partition,
            account,
            host,
        } => (
            PrincipalType::Federated,
            format!(
                "arn:{}:iam::{}:oidc-provider/{}",
                partition.as_deref().unwrap_or(&request.role.partition),
                account.as_deref().unwrap_or(&request.role.account),
                host
            ),
        ),
        Caller::SamlProvider { .. } => (PrincipalType::Federated, caller.arn()),
        _ => (
            PrincipalType::Aws,
            caller.principal_arn().unwrap_or_else(|| caller.arn()),
        ),
    }
}

/// Whom naming `value` lets in, for an unsafe fix's `admits`.
fn admitted_by(kind: PrincipalType, value: &str) -> String {
    match kind {
        PrincipalType::Aws if is_account_form(value) => format!(
            "every principal of account {} whose own policies allow sts:AssumeRole on the role",
            account_of(value).unwrap_or(value)
        ),
        PrincipalType::Aws if value.contains(":role/") => {
            format!("every session of the role `{value}`")
        }
        PrincipalType::Aws => format!("`{value}`"),
        PrincipalType::Service => format!("the service `{value}`, acting for any of its users"),
        _ => format!(
            "every identity `{value}` issues a token or assertion for, \
                unless a condition narrows it"
        ),
    }
}

pub(super) fn failure(
    request: &Request<'_>,
    document: &Document,
    allows: &[Judged<'_>],
) -> CheckOutcome {
    if !request.explains() {
        return CheckOutcome::decided(true);
    }
    let wanted = principal_type_for(&request.caller);
    let mut reasons = Vec::new();
    let mut locations = Vec::new();
    for judged in allows {
        let Some(block) = &judged.statement.principal else {
            continue;
        };
        for entry in &block.entries {
            if let PrincipalMatch::NoMatch { why } = entry_matches(entry, &request.caller) {
                if entry.kind == wanted || reasons.len() < 3 {
                    if reasons.len() < 4 {
                        reasons.push(format!(
                            "{} names `{}`: {}",
                            describe_statement(judged.statement),
                            entry.value.value,
                            why
                        ));
                    }
                    locations.push(Span::text(
                        document.id,
                        unquoted(entry.value.range, &document.text),
                    ));
                }
            }
        }
        if block.entries.is_empty() {
            locations.push(Span::text(document.id, block.range));
        }
    }
    let mut detail = format!(
        "No Allow statement of the trust policy names {}",
        describe_caller(&request.caller)
    );
    if allows.is_empty() {
        detail.push_str(": the trust policy has no Allow statement.");
    } else if reasons.is_empty() {
        detail.push('.');
    } else {
        detail.push_str(&format!("; {}.", reasons.join("; ")));
    }
    CheckOutcome::fail(detail)
        .at_all(locations)
        .with_remedy(remedy(request, document, allows))
        .doc(aws_docs::PRINCIPAL)
}

/// The narrowest change that names the caller: a mistyped account or a
/// deleted principal's id corrected, the caller added beside principals of
/// its own kind, or else a statement of its own. Never a principal of one
/// kind in a statement written for another: its action and conditions
/// would not suit the call.
fn remedy(request: &Request<'_>, document: &Document, allows: &[Judged<'_>]) -> Option<FixDraft> {
    let (kind, value) = caller_principal(request);
    let own_statement = || {
        let statement = json!({
            "Effect": "Allow",
            "Principal": { principal_type_key(kind): value },
            "Action": request.action.name(),
        });
        add_statement(document, statement).map(|edit| {
            FixDraft::widening(
                format!("Add a statement that trusts `{value}`"),
                admitted_by(kind, &value),
                vec![edit],
            )
        })
    };
    let Some(target) = allows.iter().find(|j| j.action).or_else(|| allows.first()) else {
        return own_statement();
    };
    let block = target.statement.principal.as_ref()?;
    if block.negated {
        return None;
    }
    if let Some(corrected) = corrected_entry(request, document, target) {
        return Some(corrected);
    }
    // Beside principals of the caller's own kind, in a statement that allows
    // this call; web identity and SAML statements carry conditions on their
    // own provider's keys, so another provider gets its own statement.
    let same_kind = kind != PrincipalType::Federated
        && target.action
        && !block.any
        && block.entries.iter().all(|entry| entry.kind == kind);
    if !same_kind {
        return own_statement();
    }
    Some(FixDraft::widening(
        format!(
            "Also trust `{value}` in {}",
            describe_statement(target.statement)
        ),
        admitted_by(kind, &value),
        vec![add_principal(document, block, kind, &value)],
    ))
}

/// A typo'd account (the caller's account is meant) or the unique id a
/// deleted principal left: the entry corrected in place.
fn corrected_entry(
    request: &Request<'_>,
    document: &Document,
    target: &Judged<'_>,
) -> Option<FixDraft> {
    let (kind, value) = caller_principal(request);
    let caller_account = request
        .caller
        .account()
        .filter(|_| kind == PrincipalType::Aws)?;
    let block = target.statement.principal.as_ref()?;
    block
        .entries
        .iter()
        .filter(|e| e.kind == PrincipalType::Aws)
        .find_map(|entry| {
            let written = entry.value.value.as_str();
            // The role's own account is meant (deploys from it keep working):
            // then the caller is added instead.
            if is_account_form(written)
                && account_of(written)
                    .is_some_and(|a| a != caller_account && a != request.role.account)
            {
                let replacement = if written.ends_with(":root") {
                    format!("arn:{}:iam::{caller_account}:root", request.role.partition)
                } else {
                    caller_account.to_string()
                };
                return Some(FixDraft::widening(
                    format!(
                        "Trust the caller's account {caller_account} instead of {}",
                        account_of(written).unwrap_or_default()
                    ),
                    admitted_by(PrincipalType::Aws, &replacement),
                    vec![replace_value(document, &entry.value, replacement.clone())],
                ));
            }
            is_unique_id(written).then(|| {
                FixDraft::widening(
                    format!("Replace the deleted principal's id `{written}` with `{value}`"),
                    admitted_by(kind, &value),
                    vec![replace_value(document, &entry.value, value.clone())],
                )
            })
        })
}

pub(super) fn pass(
    request: &Request<'_>,
    document: &Document,
    judged: &[&Judged<'_>],
) -> CheckOutcome {
    // A warning at most: never a failure.
    if !request.explains() {
        return CheckOutcome::decided(false);
    }
    let Some(first) = judged.first() else {
        return CheckOutcome::pass("The trust policy names the caller.").doc(aws_docs::PRINCIPAL);
    };
    let statement = first.statement;
    let kind = grant_kind(statement, &request.caller);
    let how = match (kind, request.caller.account()) {
        (GrantKind::Account, Some(account)) => format!("trusts account {account}, which includes"),
        (GrantKind::Wildcard, _) => "trusts every principal (`*`), which includes".to_string(),
        _ => "names".to_string(),
    };
    let detail = format!(
        "{} {how} {}.",
        capitalize(describe_statement(statement)),
        describe_caller(&request.caller)
    );
    let granting = GrantingPrincipal {
        request,
        document,
        statement,
        kind,
        detail: &detail,
    };
    if let Some(warning) = diagnose::warn_principal(&granting) {
        return warning;
    }
    CheckOutcome::pass(detail).doc(aws_docs::PRINCIPAL)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::evaluate::diagnose::fixture::{user_request, with_request};
    use crate::evaluate::statement::judge_all;
    use crate::policy::Effect;

    /// The title of the principal remedy for a trust with `statement`.
    fn remedy_title(statement: Value) -> Option<String> {
        let trust = json!({ "Version": "2012-10-17", "Statement": [statement] });
        with_request(trust, user_request(json!({})), |request, documents| {
            let policy = documents.trust.usable().unwrap();
            let target = request.target(request.action.name(), None);
            let allows = judge_all(policy, Effect::Allow, &target);
            remedy(request, &documents.trust, &allows).map(|fix| fix.title)
        })
    }

    #[test]
    fn a_mistyped_account_is_corrected_in_place() {
        let title = remedy_title(json!({
            "Effect": "Allow",
            "Principal": { "AWS": "arn:aws:iam::999999999999:root" },
            "Action": "sts:AssumeRole"
        }));
        assert_eq!(
            title.as_deref(),
            Some("Trust the caller's account 111122223333 instead of 999999999999")
        );
    }

    #[test]
    fn the_caller_joins_principals_of_its_own_kind() {
        let title = remedy_title(json!({
            "Effect": "Allow",
            "Principal": { "AWS": "arn:aws:iam::111122223333:user/other" },
            "Action": "sts:AssumeRole"
        }));
        assert!(title
            .unwrap()
            .starts_with("Also trust `arn:aws:iam::111122223333:user/ci`"));
    }

    #[test]
    fn a_caller_of_another_kind_gets_a_statement_of_its_own() {
        let title = remedy_title(json!({
            "Effect": "Allow",
            "Principal": { "Service": "ec2.amazonaws.com" },
            "Action": "sts:AssumeRole"
        }));
        assert_eq!(
            title.as_deref(),
            Some("Add a statement that trusts `arn:aws:iam::111122223333:user/ci`")
        );
    }
}
