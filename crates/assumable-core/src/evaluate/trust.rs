//! The trust checks, in the contract's cascade: principal, action, then the
//! external ID, MFA and other conditions of the statements that match both,
//! and finally the trust policy's Deny statements.

use serde_json::{json, Map, Value};

use super::documents::Document;
use super::finding::{Change, Finding, Findings, Loc, Remedy};
use super::statement::{
    add_statement, describe_statement, inline_json, judge_all, one_or_many, remove_condition,
    remove_statement, unquoted, ConditionResult, Judged, Target,
};
use super::{Documents, Request};
use crate::arn::Caller;
use crate::condition::evaluate_condition;
use crate::policy::{BaseOperator, Condition, Effect, Operator, Policy, PrincipalType, Statement};
use crate::principal::{entry_matches, PrincipalMatch};
use crate::report::CheckId;

const SET_OPERATORS_DOC: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html";
const WEB_IDENTITY_KEYS_DOC: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif";
const PRINCIPAL_DOC: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html";
const TRUST_DOC: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html";
const EXTERNAL_ID_DOC: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html";
const MFA_DOC: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html";
const CONDITIONS_DOC: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html";
pub(crate) const EVALUATION_DOC: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html";
const GITHUB_OIDC_DOC: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub";

impl GrantKind {
    /// Lower is more direct: a grant to the user or session itself needs
    /// nothing more in the same account; one to the account needs the
    /// caller's own policies.
    const fn directness(self) -> u8 {
        match self {
            GrantKind::User | GrantKind::Session => 0,
            GrantKind::Role => 1,
            GrantKind::Wildcard => 2,
            GrantKind::NonAws => 3,
            GrantKind::Account => 4,
        }
    }
}

/// How the trust policy's granting statement names the caller; decides
/// whether the caller's own policies must also allow the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GrantKind {
    /// The account (root ARN or account id): IAM delegates to the account's policies.
    Account,
    /// The IAM user's own ARN.
    User,
    /// The role ARN of the calling session.
    Role,
    /// The session ARN itself.
    Session,
    /// `*`: everyone (for AWS principals: every account).
    Wildcard,
    /// A service or an identity provider.
    NonAws,
}

pub(crate) struct TrustOutcome {
    /// The trust policy could be evaluated.
    pub usable: bool,
    /// The Allow statement that grants the request, the one naming the
    /// caller most directly, and how it names the caller.
    pub grant: Option<(usize, GrantKind)>,
    /// An Allow statement for the call names the caller itself (or `*`),
    /// whether or not its conditions hold.
    pub names_caller_itself: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Category {
    ExternalId,
    Mfa,
    Other,
}

impl Category {
    fn of(condition: &Condition) -> Category {
        let key = condition.key.value.as_str();
        if key.eq_ignore_ascii_case("sts:ExternalId") {
            Category::ExternalId
        } else if key.eq_ignore_ascii_case("aws:MultiFactorAuthPresent")
            || key.eq_ignore_ascii_case("aws:MultiFactorAuthAge")
        {
            Category::Mfa
        } else {
            Category::Other
        }
    }

    const ALL: [Category; 3] = [Category::ExternalId, Category::Mfa, Category::Other];

    fn check(self) -> CheckId {
        match self {
            Category::ExternalId => CheckId::TrustExternalId,
            Category::Mfa => CheckId::TrustMfa,
            Category::Other => CheckId::TrustConditions,
        }
    }

    fn doc(self) -> &'static str {
        match self {
            Category::ExternalId => EXTERNAL_ID_DOC,
            Category::Mfa => MFA_DOC,
            Category::Other => CONDITIONS_DOC,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Category::ExternalId => "sts:ExternalId condition",
            Category::Mfa => "MFA condition",
            Category::Other => "other condition",
        }
    }
}

pub(crate) fn check_trust(
    request: &Request<'_>,
    documents: &Documents,
    findings: &mut Findings,
) -> TrustOutcome {
    let document = &documents.trust;
    let Some(policy) = document.usable() else {
        for id in [
            CheckId::TrustPrincipal,
            CheckId::TrustAction,
            CheckId::TrustExternalId,
            CheckId::TrustMfa,
            CheckId::TrustConditions,
            CheckId::TrustDeny,
        ] {
            findings.set(
                id,
                Finding::skip(
                    "Not evaluated: the trust policy is not valid (see the trust policy check).",
                ),
            );
        }
        return TrustOutcome {
            usable: false,
            grant: None,
            names_caller_itself: false,
        };
    };
    let target = request.target(request.action.name(), None);
    let allows = judge_all(policy, Effect::Allow, &target);
    // A Deny of an extra action the call needs applies to the request too.
    let deny = std::iter::once(request.action.name())
        .chain(super::session::extra_actions(request))
        .map(|action| check_deny(request, document, policy, &Target { action, ..target }))
        .find(|finding| finding.status == crate::report::Status::Fail)
        .unwrap_or_else(|| check_deny(request, document, policy, &target));
    findings.set(CheckId::TrustDeny, deny);

    let by_principal: Vec<&Judged<'_>> = allows.iter().filter(|j| j.principal).collect();
    if by_principal.is_empty() {
        findings.set(
            CheckId::TrustPrincipal,
            principal_failure(request, document, policy, &allows),
        );
        skip_after(
            findings,
            &[CheckId::TrustAction],
            "Not judged: no Allow statement names the caller.",
        );
        return TrustOutcome {
            usable: true,
            grant: None,
            names_caller_itself: false,
        };
    }

    let by_action: Vec<&Judged<'_>> = by_principal.iter().copied().filter(|j| j.action).collect();
    let names_caller_itself = by_action
        .iter()
        .any(|j| grant_kind(j.statement, &request.caller).directness() <= 2);
    if by_action.is_empty() {
        findings.set(
            CheckId::TrustPrincipal,
            principal_pass(request, document, &by_principal),
        );
        findings.set(
            CheckId::TrustAction,
            action_failure(request, document, &by_principal),
        );
        skip_after(
            findings,
            &[],
            "Not judged: no statement that names the caller allows the action.",
        );
        return TrustOutcome {
            usable: true,
            grant: None,
            names_caller_itself: false,
        };
    }
    if let Some(first) = by_action.first() {
        findings.set(
            CheckId::TrustAction,
            Finding::pass(format!(
                "{} allows {}.",
                capitalize(describe_statement(first.statement)),
                request.action.name()
            ))
            .doc(TRUST_DOC),
        );
    }

    // Of the statements that grant the call, the one naming the caller most
    // directly decides what else AWS needs (an identity policy, the
    // boundary), whatever their order.
    let granting = by_action
        .iter()
        .copied()
        .filter(|j| j.conditions_met())
        .min_by_key(|j| grant_kind(j.statement, &request.caller).directness());
    match granting {
        Some(granting) => {
            findings.set(
                CheckId::TrustPrincipal,
                principal_pass(request, document, &[granting]),
            );
            for category in Category::ALL {
                findings.set(
                    category.check(),
                    conditions_pass(request, document, granting, category),
                );
            }
            TrustOutcome {
                usable: true,
                grant: Some((
                    granting.statement.index,
                    grant_kind(granting.statement, &request.caller),
                )),
                names_caller_itself,
            }
        }
        None => {
            findings.set(
                CheckId::TrustPrincipal,
                principal_pass(request, document, &by_action),
            );
            // The statement that fails the fewest categories (ties: the earliest).
            let failing_categories = |judged: &Judged<'_>| -> Vec<Category> {
                Category::ALL
                    .into_iter()
                    .filter(|category| {
                        judged
                            .failed_conditions()
                            .any(|c| Category::of(c.condition) == *category)
                    })
                    .collect()
            };
            let best = by_action
                .iter()
                .copied()
                .min_by_key(|judged| failing_categories(judged).len());
            if let Some(best) = best {
                let failing = failing_categories(best);
                for category in Category::ALL {
                    let finding = if failing.contains(&category) {
                        conditions_failure(request, document, best, category)
                    } else {
                        conditions_pass(request, document, best, category)
                    };
                    findings.set(category.check(), finding);
                }
            }
            TrustOutcome {
                usable: true,
                grant: None,
                names_caller_itself,
            }
        }
    }
}

fn skip_after(findings: &mut Findings, also: &[CheckId], why: &'static str) {
    for id in also.iter().copied().chain([
        CheckId::TrustExternalId,
        CheckId::TrustMfa,
        CheckId::TrustConditions,
    ]) {
        findings.set(id, Finding::skip(why));
    }
}

/// Upper-cases the first letter in place (the text is usually fresh).
pub(crate) fn capitalize(mut text: String) -> String {
    match text.chars().next() {
        Some(first) if first.is_ascii() => {
            if let Some(head) = text.get_mut(..1) {
                head.make_ascii_uppercase();
            }
        }
        Some(first) => {
            let upper: String = first.to_uppercase().collect();
            text.replace_range(..first.len_utf8(), &upper);
        }
        None => {}
    }
    text
}

pub(crate) fn describe_caller(caller: &Caller) -> String {
    match caller {
        Caller::AssumedRole { .. } => format!(
            "the role session `{}` (role `{}`)",
            caller.arn(),
            caller.principal_arn().unwrap_or_default()
        ),
        Caller::Service { name } => format!("the service `{name}`"),
        Caller::OidcProvider { host, .. } => format!("the OIDC provider `{host}`"),
        Caller::SamlProvider { .. } => format!("the SAML provider `{}`", caller.arn()),
        Caller::Root { account, .. } => format!("the root user of account {account}"),
        _ => format!("`{}`", caller.arn()),
    }
}

/// Which principal type names this kind of caller.
fn principal_type_for(caller: &Caller) -> PrincipalType {
    match caller {
        Caller::Service { .. } => PrincipalType::Service,
        Caller::OidcProvider { .. } | Caller::SamlProvider { .. } => PrincipalType::Federated,
        _ => PrincipalType::Aws,
    }
}

/// The principal value that names the caller in a trust policy.
fn caller_principal(request: &Request<'_>) -> (PrincipalType, String) {
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

fn type_key(kind: PrincipalType) -> &'static str {
    match kind {
        PrincipalType::Aws => "AWS",
        PrincipalType::Service => "Service",
        PrincipalType::Federated => "Federated",
        PrincipalType::CanonicalUser => "CanonicalUser",
    }
}

fn is_account_form(value: &str) -> bool {
    (value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit())) || value.ends_with(":root")
}

fn account_of(value: &str) -> Option<&str> {
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value);
    }
    value.split(':').nth(4).filter(|a| !a.is_empty())
}

fn is_unique_id(value: &str) -> bool {
    ["AIDA", "AROA", "AIPA", "ANPA", "ANVA", "ASIA"]
        .iter()
        .any(|prefix| value.starts_with(prefix))
        && !value.contains(':')
}

fn principal_failure(
    request: &Request<'_>,
    document: &Document,
    policy: &Policy,
    allows: &[Judged<'_>],
) -> Finding {
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
                    locations.push(Loc::text(
                        document.id,
                        unquoted(entry.value.range, &document.text),
                    ));
                }
            }
        }
        if block.entries.is_empty() {
            locations.push(Loc::text(document.id, block.range));
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
    Finding::fail(detail)
        .at_all(locations)
        .with_remedy(principal_remedy(request, document, policy, allows))
        .doc(PRINCIPAL_DOC)
}

fn principal_remedy(
    request: &Request<'_>,
    document: &Document,
    policy: &Policy,
    allows: &[Judged<'_>],
) -> Option<Remedy> {
    let (kind, value) = caller_principal(request);
    let target = allows.iter().find(|j| j.action).or_else(|| allows.first());
    let Some(target) = target else {
        let statement = json!({
            "Effect": "Allow",
            "Principal": { type_key(kind): value },
            "Action": request.action.name(),
        });
        return add_statement(document, statement).map(|change| {
            Remedy::new(
                format!("Add a statement that trusts `{value}`"),
                vec![change],
            )
        });
    };
    let block = target.statement.principal.as_ref()?;
    if block.negated {
        return None;
    }
    // A typo'd account: keep trusting an account, the caller's.
    if kind == PrincipalType::Aws {
        if let Some(caller_account) = request.caller.account() {
            for entry in block
                .entries
                .iter()
                .filter(|e| e.kind == PrincipalType::Aws)
            {
                let written = entry.value.value.as_str();
                // The role's own account is meant (deploys from it keep
                // working): then the caller is added below instead.
                if is_account_form(written)
                    && account_of(written)
                        .is_some_and(|a| a != caller_account && a != request.role.account)
                {
                    let replacement = if written.ends_with(":root") {
                        format!("arn:{}:iam::{caller_account}:root", request.role.partition)
                    } else {
                        caller_account.to_string()
                    };
                    return Some(Remedy::new(
                        format!(
                            "Trust the caller's account {caller_account} instead of {}",
                            account_of(written).unwrap_or_default()
                        ),
                        vec![Change::Text {
                            document: document.id,
                            range: unquoted(entry.value.range, &document.text),
                            replacement,
                        }],
                    ));
                }
                if is_unique_id(written) {
                    return Some(Remedy::new(
                        format!("Replace the deleted principal's id `{written}` with `{value}`"),
                        vec![Change::Text {
                            document: document.id,
                            range: unquoted(entry.value.range, &document.text),
                            replacement: value,
                        }],
                    ));
                }
            }
        }
    }
    // Otherwise name the caller next to what the statement already trusts.
    let mut grouped: Map<String, Value> = Map::new();
    let mut order: Vec<PrincipalType> = Vec::new();
    for entry in &block.entries {
        if !order.contains(&entry.kind) {
            order.push(entry.kind);
        }
    }
    if !order.contains(&kind) {
        order.push(kind);
    }
    for group in order {
        let mut values: Vec<String> = block
            .entries
            .iter()
            .filter(|e| e.kind == group)
            .map(|e| e.value.value.clone())
            .collect();
        if group == kind {
            values.push(value.clone());
        }
        grouped.insert(type_key(group).to_string(), one_or_many(&values));
    }
    let _ = policy;
    Some(Remedy::new(
        format!(
            "Also trust `{value}` in {}",
            describe_statement(target.statement)
        ),
        vec![Change::Text {
            document: document.id,
            range: block.range,
            replacement: format!("\"Principal\": {}", inline_json(&Value::Object(grouped))),
        }],
    ))
}

fn grant_kind(statement: &Statement, caller: &Caller) -> GrantKind {
    let Some(block) = &statement.principal else {
        return GrantKind::Account;
    };
    if block.any {
        return GrantKind::Wildcard;
    }
    let mut best: Option<GrantKind> = None;
    for entry in &block.entries {
        if entry_matches(entry, caller) != PrincipalMatch::Matches {
            continue;
        }
        let value = entry.value.value.as_str();
        let kind = match entry.kind {
            PrincipalType::Service | PrincipalType::Federated => GrantKind::NonAws,
            _ if value == "*" => GrantKind::Wildcard,
            _ if is_account_form(value) => GrantKind::Account,
            _ if value.contains(":assumed-role/") => GrantKind::Session,
            _ if value.contains(":role/") => GrantKind::Role,
            _ => GrantKind::User,
        };
        // The most direct naming decides.
        let rank = |k: GrantKind| match k {
            GrantKind::Account => 0,
            GrantKind::Wildcard => 1,
            GrantKind::Role => 2,
            GrantKind::NonAws => 3,
            GrantKind::User | GrantKind::Session => 4,
        };
        if best.is_none_or(|b| rank(kind) > rank(b)) {
            best = Some(kind);
        }
    }
    best.unwrap_or(GrantKind::Account)
}

fn principal_pass(request: &Request<'_>, document: &Document, judged: &[&Judged<'_>]) -> Finding {
    let Some(first) = judged.first() else {
        return Finding::pass("The trust policy names the caller.").doc(PRINCIPAL_DOC);
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
    // Risky but allowed: everyone, or a whole other account with no condition at all.
    let weak = !statement.conditions.iter().any(|c| {
        matches!(
            c.key.value.to_ascii_lowercase().as_str(),
            "aws:principalorgid"
                | "aws:principalorgpaths"
                | "aws:principalaccount"
                | "aws:principalarn"
                | "aws:sourceaccount"
                | "aws:sourcearn"
                | "aws:sourceorgid"
                | "aws:userid"
                | "sts:externalid"
        )
    });
    let locations = statement
        .principal
        .iter()
        .map(|block| Loc::text(document.id, block.range));
    if kind == GrantKind::Wildcard
        && weak
        && principal_type_for(&request.caller) == PrincipalType::Aws
    {
        return Finding::warn(format!(
            "{detail} It trusts every AWS principal in every account (`*`) without a condition that limits who (such as aws:PrincipalOrgID or aws:PrincipalArn)."
        ))
        .at_all(locations)
        .doc(PRINCIPAL_DOC);
    }
    if kind == GrantKind::Account && request.is_cross_account() && statement.conditions.is_empty() {
        return Finding::warn(format!(
            "{detail} With no condition, anyone in that account whose own policies allow it can assume the role; for a third party, require an external ID."
        ))
        .at_all(locations)
        .doc(EXTERNAL_ID_DOC);
    }
    Finding::pass(detail).doc(PRINCIPAL_DOC)
}

fn action_failure(
    request: &Request<'_>,
    document: &Document,
    by_principal: &[&Judged<'_>],
) -> Finding {
    let action = request.action.name();
    let mut locations = Vec::new();
    let mut written = Vec::new();
    for judged in by_principal {
        if let Some(list) = &judged.statement.action {
            for value in &list.values {
                locations.push(Loc::text(
                    document.id,
                    unquoted(value.range, &document.text),
                ));
                written.push(format!("`{}`", value.value));
            }
            if list.values.is_empty() {
                locations.push(Loc::text(document.id, list.range));
            }
        }
    }
    let first = by_principal.first().map(|j| j.statement);
    let remedy = first.and_then(|statement| {
        let list = statement.action.as_ref()?;
        Some(Remedy::new(
            format!("Allow {action} in {}", describe_statement(statement)),
            vec![super::statement::add_action(document, list, action)],
        ))
    });
    let hint = match request.action {
        super::StsAction::WebIdentity => " Web identity federation (GitHub Actions, EKS, Cognito) needs sts:AssumeRoleWithWebIdentity.",
        super::StsAction::Saml => " SAML federation needs sts:AssumeRoleWithSAML.",
        super::StsAction::AssumeRole => "",
    };
    Finding::fail(format!(
        "The statements that name the caller allow {} but not {action}.{hint}",
        if written.is_empty() {
            "no action".to_string()
        } else {
            written.join(", ")
        }
    ))
    .at_all(locations)
    .with_remedy(remedy)
    .doc(TRUST_DOC)
}

fn in_category<'a, 'b>(
    judged: &'b Judged<'a>,
    category: Category,
) -> impl Iterator<Item = &'b ConditionResult<'a>> {
    judged
        .conditions
        .iter()
        .filter(move |c| Category::of(c.condition) == category)
}

pub(crate) fn condition_location(document: &Document, condition: &Condition) -> Loc {
    Loc::text(document.id, unquoted(condition.key.range, &document.text))
}

fn conditions_pass(
    request: &Request<'_>,
    document: &Document,
    judged: &Judged<'_>,
    category: Category,
) -> Finding {
    let statement = judged.statement;
    let present: Vec<&ConditionResult<'_>> = in_category(judged, category).collect();
    let detail = if present.is_empty() {
        format!(
            "{} has no {}.",
            capitalize(describe_statement(statement)),
            category.noun()
        )
    } else {
        format!(
            "{} is met: {}.",
            present
                .iter()
                .map(|c| format!("`{}`", c.condition.key.value))
                .collect::<Vec<_>>()
                .join(", "),
            present
                .iter()
                .map(|c| c.explanation())
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    if let Some(warning) = condition_warning(request, document, statement, category) {
        return warning;
    }
    Finding::pass(detail).doc(category.doc())
}

/// Allowed, but likely a mistake or a risk.
fn condition_warning(
    request: &Request<'_>,
    document: &Document,
    statement: &Statement,
    category: Category,
) -> Option<Finding> {
    let in_this = || {
        statement
            .conditions
            .iter()
            .filter(move |c| Category::of(c) == category)
    };
    // StringLike with no wildcard: StringEquals says what is meant.
    if let Some(condition) = in_this().find(|c| {
        c.operator
            .is_some_and(|op| matches!(op.base, BaseOperator::StringLike))
            && c.values
                .iter()
                .all(|v| !v.value.contains('*') && !v.value.contains('?'))
    }) {
        let operator = condition
            .operator_text
            .value
            .replacen("StringLike", "StringEquals", 1);
        return Some(
            Finding::warn(format!(
                "`{}` uses StringLike with no wildcard in its values; StringEquals says the same thing more plainly.",
                condition.key.value
            ))
            .at(operator_location(document, condition))
            .with_remedy(Some(operator_remedy(document, condition, format!("Use `{operator}`"), operator)))
            .doc(CONDITIONS_DOC),
        );
    }
    // An Allow on `BoolIfExists aws:MultiFactorAuthPresent true` admits
    // long-term access keys without MFA: the key is absent for them.
    if let Some(condition) = in_this().find(|c| {
        c.operator
            .is_some_and(|op| op.base == BaseOperator::Bool && op.if_exists)
            && c.key
                .value
                .eq_ignore_ascii_case("aws:MultiFactorAuthPresent")
            && c.values
                .iter()
                .any(|v| v.value.eq_ignore_ascii_case("true"))
            && !request.context.contains(&c.key.value)
    }) {
        let operator = condition.operator_text.value.replacen("IfExists", "", 1);
        return Some(
            Finding::warn(format!(
                "`{}` is met here because `aws:MultiFactorAuthPresent` is absent (long-term access keys without MFA): this statement does not require MFA. `{operator}` requires it.",
                condition.operator_text.value
            ))
            .at(operator_location(document, condition))
            .with_remedy(Some(operator_remedy(document, condition, format!("Use `{operator}` (then this caller needs MFA too)"), operator)))
            .doc(MFA_DOC),
        );
    }
    // ForAllValues over a key the request does not have is met vacuously:
    // "ForAllValues ... returns true if there are no context keys in the
    // request", which "can lead to overly permissive policies".
    if let Some(condition) = in_this().find(|c| {
        c.operator
            .is_some_and(|op| op.qualifier == Some(crate::policy::SetQualifier::ForAllValues))
            && !request.context.contains(&c.key.value)
            && !statement.conditions.iter().any(|other| {
                other
                    .operator
                    .is_some_and(|op| op.base == BaseOperator::Null)
                    && other.key.value.eq_ignore_ascii_case(&c.key.value)
            })
    }) {
        return Some(
            Finding::warn(format!(
                "`{}` is not in the request, so `{}` is met without comparing anything: ForAllValues holds for an empty set. Add `\"Null\": {{\"{}\": \"false\"}}` to require the key.",
                condition.key.value, condition.operator_text.value, condition.key.value
            ))
            .at(operator_location(document, condition))
            .doc(SET_OPERATORS_DOC),
        );
    }
    // Web identity with nothing naming which tokens: every repository,
    // service account, app or user of that issuer is trusted.
    if category == Category::Other {
        if let Caller::OidcProvider { host, .. } = &request.caller {
            let (claims, who): (&[&str], &str) = match host.as_str() {
                "token.actions.githubusercontent.com" => {
                    (&["sub"], "any GitHub Actions workflow of any repository")
                }
                host if host.starts_with("oidc.eks.") => {
                    (&["sub"], "any service account of the cluster")
                }
                // The trust policy syntax check requires its `aud`.
                "cognito-identity.amazonaws.com" => (&[], ""),
                "accounts.google.com" => (&["aud"], "any Google client application's users"),
                "graph.facebook.com" | "www.amazon.com" => (&["app_id"], "any application's users"),
                _ => (
                    &["sub", "aud"],
                    "any identity this provider issues tokens for",
                ),
            };
            let named = |claim: &&str| {
                let key = format!("{host}:{claim}");
                statement
                    .conditions
                    .iter()
                    .any(|c| c.key.value.eq_ignore_ascii_case(&key))
            };
            if let (Some(first), false) = (claims.first(), claims.iter().any(named)) {
                let key = format!("{host}:{first}");
                let locations = statement
                    .principal
                    .iter()
                    .map(|block| Loc::text(document.id, block.range));
                return Some(
                    Finding::warn(format!(
                        "{} has no `{key}` condition, so {who} can assume this role. Add a StringEquals or StringLike condition on `{key}`.",
                        capitalize(describe_statement(statement))
                    ))
                    .at_all(locations)
                    .doc(if *first == "sub" { GITHUB_OIDC_DOC } else { WEB_IDENTITY_KEYS_DOC }),
                );
            }
        }
    }
    None
}

fn conditions_failure(
    request: &Request<'_>,
    document: &Document,
    judged: &Judged<'_>,
    category: Category,
) -> Finding {
    let failed: Vec<&ConditionResult<'_>> = in_category(judged, category)
        .filter(|c| !c.outcome.met)
        .collect();
    let mut detail = format!(
        "{} names the caller and allows {}, but its {} {} not met: ",
        capitalize(describe_statement(judged.statement)),
        request.action.name(),
        if failed.len() > 1 {
            "conditions"
        } else {
            "condition"
        },
        if failed.len() > 1 { "are" } else { "is" },
    );
    detail.push_str(
        &failed
            .iter()
            .map(|c| {
                format!(
                    "{} `{}`: {}",
                    c.condition.operator_text.value,
                    c.condition.key.value,
                    c.explanation()
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
    );
    detail.push('.');
    // One remedy that meets every failing condition of this category.
    let mut hints = Vec::new();
    let mut remedies = Vec::new();
    for result in &failed {
        match condition_remedy(request, document, result.condition, category) {
            Some((hint, remedy)) => {
                hints.extend(hint);
                remedies.push(remedy);
            }
            None => remedies.push(None),
        }
    }
    for hint in hints {
        detail.push(' ');
        detail.push_str(&hint);
    }
    let remedy = combine_remedies(remedies);
    Finding::fail(detail)
        .at_all(
            failed
                .iter()
                .map(|c| condition_location(document, c.condition)),
        )
        .with_remedy(remedy)
        .doc(category.doc())
}

/// Condition keys a trust policy commonly uses, for "did you mean".
const KNOWN_KEYS: [&str; 28] = [
    "sts:ExternalId",
    "sts:RoleSessionName",
    "sts:SourceIdentity",
    "sts:TransitiveTagKeys",
    "aws:MultiFactorAuthPresent",
    "aws:MultiFactorAuthAge",
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalType",
    "aws:PrincipalIsAWSService",
    "aws:PrincipalServiceName",
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:TagKeys",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:SecureTransport",
    "aws:userid",
    "aws:username",
    "aws:FederatedProvider",
    "saml:aud",
    "saml:sub",
];

fn normalized(key: &str) -> String {
    key.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The key that was most likely meant, when `key` is not one AWS sets.
fn intended_key(key: &str) -> Option<&'static str> {
    if KNOWN_KEYS
        .iter()
        .any(|known| known.eq_ignore_ascii_case(key))
    {
        return None;
    }
    let lowered = key.to_ascii_lowercase();
    if lowered.starts_with("aws:principaltag/")
        || lowered.starts_with("aws:requesttag/")
        || lowered.starts_with("aws:resourcetag/")
        || (lowered.contains(':') && !lowered.starts_with("aws:") && !lowered.starts_with("sts:"))
    {
        return None;
    }
    if OTHER_GLOBAL_KEYS
        .iter()
        .any(|known| known.eq_ignore_ascii_case(key))
    {
        return None;
    }
    let bare_of = |known: &'static str| normalized(known.rsplit(':').next().unwrap_or(known));
    let bare = key.rsplit(':').next().unwrap_or(key);
    let wanted = normalized(bare);
    KNOWN_KEYS
        .into_iter()
        .find(|known| bare_of(known) == wanted)
        .or_else(|| {
            // A known key with something added or cut off
            // (`aws:SourceIpAddress`, `aws:PrincipalOrg`): the longest.
            KNOWN_KEYS
                .into_iter()
                .filter(|known| {
                    let known = bare_of(known);
                    known.len().min(wanted.len()) >= 6
                        && (wanted.starts_with(&known) || known.starts_with(&wanted))
                })
                .max_by_key(|known| known.len())
        })
}

/// Global condition keys AWS sets that the AssumeRole checks do not read:
/// never "corrected" to one of [`KNOWN_KEYS`].
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>
const OTHER_GLOBAL_KEYS: [&str; 22] = [
    "aws:SourceVpcArn",
    "aws:VpcSourceIp",
    "aws:SourceOrgPaths",
    "aws:RequestedRegion",
    "aws:ViaAWSService",
    "aws:CalledVia",
    "aws:CalledViaFirst",
    "aws:CalledViaLast",
    "aws:TokenIssueTime",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:ResourceOrgPaths",
    "aws:Referer",
    "aws:UserAgent",
    "aws:SourceIdentity",
    "aws:Ec2InstanceSourceVpc",
    "aws:Ec2InstanceSourcePrivateIPv4",
    "aws:PrincipalServiceNamesList",
    "aws:PrincipalIsAWSService",
    "aws:IsMcpServiceAction",
    "aws:ViaAWSMCPService",
    "aws:ViaAWSMCPServiceArn",
];

/// The Like operator for an Equals one used with wildcards.
fn like_operator(operator: &Operator) -> Option<BaseOperator> {
    match operator.base {
        BaseOperator::StringEquals | BaseOperator::StringEqualsIgnoreCase => {
            Some(BaseOperator::StringLike)
        }
        BaseOperator::StringNotEquals | BaseOperator::StringNotEqualsIgnoreCase => {
            Some(BaseOperator::StringNotLike)
        }
        BaseOperator::ArnEquals => Some(BaseOperator::ArnLike),
        BaseOperator::ArnNotEquals => Some(BaseOperator::ArnNotLike),
        _ => None,
    }
}

fn base_name(base: BaseOperator) -> &'static str {
    match base {
        BaseOperator::StringLike => "StringLike",
        BaseOperator::StringNotLike => "StringNotLike",
        BaseOperator::ArnLike => "ArnLike",
        BaseOperator::ArnNotLike => "ArnNotLike",
        _ => "",
    }
}

type ConditionRemedy = (Option<String>, Option<Remedy>);

/// Explains a likely mistake in a failing condition and offers the safest change.
fn condition_remedy(
    request: &Request<'_>,
    document: &Document,
    condition: &Condition,
    category: Category,
) -> Option<ConditionRemedy> {
    let key = condition.key.value.as_str();
    let key_range = unquoted(condition.key.range, &document.text);
    // 1. A misspelt key that AWS never sets.
    if let Some(intended) = intended_key(key) {
        return Some((
            Some(format!("`{key}` is not a key AWS sets, so it is never in the request; `{intended}` is likely meant.")),
            Some(Remedy::new(
                format!("Use the condition key `{intended}`"),
                vec![Change::Text { document: document.id, range: key_range, replacement: intended.to_string() }],
            )),
        ));
    }
    // 2a. Addresses and ranges under a String operator are compared as text:
    // "IP address condition operators let you construct Condition elements
    // that restrict access based on comparing a key to an IPv4 or IPv6
    // address or range of IP addresses."
    if let Some(remedy) = address_operator_remedy(request, document, condition) {
        return Some(remedy);
    }
    // 2. Wildcards under an Equals operator are compared literally.
    if let Some(operator) = condition.operator {
        let has_wildcard = condition
            .values
            .iter()
            .any(|v| v.value.contains('*') || v.value.contains('?'));
        if let (true, Some(like)) = (has_wildcard, like_operator(&operator)) {
            let mut fixed = condition.clone();
            fixed.operator = Some(Operator {
                base: like,
                ..operator
            });
            let written = condition.operator_text.value.as_str();
            let old_base = written
                .trim_start_matches("ForAnyValue:")
                .trim_start_matches("ForAllValues:")
                .trim_end_matches("IfExists");
            let replacement = written.replacen(old_base, base_name(like), 1);
            fixed.operator_text.value = replacement.clone();
            let policy_version = document.parsed.policy.as_ref().map(|p| p.version);
            let met = policy_version
                .is_some_and(|version| evaluate_condition(&fixed, &request.context, version).met);
            if met {
                // The condition's own explanation says so for StringEquals.
                let explained = matches!(
                    operator.base,
                    BaseOperator::StringEquals | BaseOperator::StringNotEquals
                );
                return Some((
                    (!explained).then(|| {
                        format!(
                            "{written} compares `*` and `?` literally; {} treats them as wildcards.",
                            base_name(like)
                        )
                    }),
                    Some(operator_remedy(document, condition, format!("Use `{replacement}`"), replacement)),
                ));
            }
        }
    }
    // 2b. Numeric operators compare numbers: a word or a policy variable
    // stays literal text and never matches ("You can not use a policy
    // variable with the Numeric condition operator").
    if let Some(remedy) = numeric_value_remedy(request, document, condition) {
        return Some(remedy);
    }
    // 2d. A policy value with white space around it (a paste artifact):
    // trimmed in the policy rather than copied into the request.
    if let Some(remedy) = padded_value_remedy(request, document, condition) {
        return Some(remedy);
    }
    // 2c. No caller moves the clock: a date window is moved in the policy.
    if let Some(remedy) = clock_remedy(request, document, condition) {
        return Some((None, Some(remedy)));
    }
    let operator = condition.operator?;
    let positive = matches!(
        operator.base,
        BaseOperator::StringEquals
            | BaseOperator::StringEqualsIgnoreCase
            | BaseOperator::StringLike
            | BaseOperator::Bool
            | BaseOperator::ArnEquals
            | BaseOperator::ArnLike
            | BaseOperator::NumericEquals
    );
    let literal = condition
        .values
        .iter()
        .map(|v| v.value.as_str())
        .find(|v| !v.contains('*') && !v.contains('?') && !v.contains("${"));
    // 3. What the request must carry. AssumeRoleWithWebIdentity and
    // AssumeRoleWithSAML take no ExternalId and no MFA, so their keys are
    // never in the request: the condition cannot be met by this call.
    if request.action.is_federated() && matches!(category, Category::ExternalId | Category::Mfa) {
        let statement = document.usable()?.statements.iter().find(|statement| {
            statement
                .conditions
                .iter()
                .any(|c| c.range == condition.range)
        })?;
        return Some((
            Some(format!(
                "{} has no {} parameter, so `{key}` is never in its request and this condition can never be met by this call.",
                request.action.name(),
                if category == Category::Mfa { "SerialNumber or TokenCode (MFA)" } else { "ExternalId" }
            )),
            remove_condition(document, statement, condition).map(|change| {
                Remedy::new(
                    format!("Remove the `{key}` condition (it only suits sts:AssumeRole)"),
                    vec![change],
                )
            }),
        ));
    }
    match category {
        Category::ExternalId => {
            let Some(value) = literal.filter(|_| positive) else {
                return satisfy(request, document, condition).map(|remedy| (None, Some(remedy)));
            };
            let passed = request.scenario.request.external_id.as_deref();
            if !is_valid_external_id(value) {
                // The policy's value could never be passed; the request's is likely meant.
                let passed =
                    passed.filter(|p| p.trim() == value.trim() && is_valid_external_id(p))?;
                let range = condition.values.iter().find(|v| v.value == value)?.range;
                return Some((
                    Some(format!("`{value}` in the policy is not a value STS accepts as an external ID (2 to 1,224 characters of letters, digits and _+=,.@:/-), so no call can match it.")),
                    Some(Remedy::new(
                        format!("Require the external ID `{passed}`"),
                        vec![Change::Text { document: document.id, range: unquoted(range, &document.text), replacement: passed.to_string() }],
                    )),
                ));
            }
            let hint = match &request.scenario.request.external_id {
                // The condition's explanation already says none was passed.
                None => String::new(),
                Some(passed) if passed != value && passed.trim() == value => {
                    format!("The external ID passed has white space around `{value}`.")
                }
                Some(passed) if passed.eq_ignore_ascii_case(value) => {
                    "The external ID passed differs only in case; StringEquals is case-sensitive."
                        .to_string()
                }
                Some(_) => "The external ID passed is a different value.".to_string(),
            };
            Some((
                Some(hint).filter(|hint| !hint.is_empty()),
                Some(Remedy::set_request(
                    format!("Pass the external ID `{value}`"),
                    "external_id",
                    json!(value),
                )),
            ))
        }
        Category::Mfa => {
            let age_limit = (key.eq_ignore_ascii_case("aws:MultiFactorAuthAge")
                && matches!(
                    operator.base,
                    BaseOperator::NumericLessThan | BaseOperator::NumericLessThanEquals
                ))
            .then(|| literal.and_then(|v| v.parse::<u64>().ok()))
            .flatten();
            let age = age_limit.map_or(60, |limit| (limit / 2).min(60));
            let mfa = mfa_value(request, age);
            // The condition's own explanation already says why MFA is absent or false.
            let hint = None;
            Some((
                hint,
                Some(Remedy::set_request(mfa_title(request), "mfa", mfa)),
            ))
        }
        Category::Other => {
            let session_pattern = key.eq_ignore_ascii_case("aws:PrincipalArn")
                && condition
                    .values
                    .iter()
                    .any(|v| v.value.contains(":assumed-role/"));
            let hint = session_pattern.then(|| {
                "For a role session, aws:PrincipalArn is the role's ARN (`arn:aws:iam::ACCOUNT:role/NAME`), never its `sts` session ARN.".to_string()
            });
            let remedy = caller_value_remedy(request, document, condition)
                .or_else(|| satisfy(request, document, condition))
                .or_else(|| {
                    // Nothing this caller can send meets it (a session always
                    // has aws:TokenIssueTime, say): the policy decides.
                    let statement = document.usable()?.statements.iter().find(|statement| {
                        statement.conditions.iter().any(|c| c.range == condition.range)
                    })?;
                    remove_condition(document, statement, condition).map(|change| {
                        Remedy::new(
                            format!("Remove the `{key}` condition (only if the role should admit this caller)"),
                            vec![change],
                        )
                    })
                });
            remedy.map(|remedy| (hint, Some(remedy)))
        }
    }
}

/// A String operator over addresses (`StringEquals` on `aws:SourceIp` with
/// `203.0.113.0/24`): the IP address operator that compares them as ranges.
fn address_operator_remedy(
    request: &Request<'_>,
    document: &Document,
    condition: &Condition,
) -> Option<ConditionRemedy> {
    let operator = condition.operator?;
    let replacement_base = match operator.base {
        BaseOperator::StringEquals | BaseOperator::StringLike => "IpAddress",
        BaseOperator::StringNotEquals | BaseOperator::StringNotLike => "NotIpAddress",
        _ => return None,
    };
    let addresses = !condition.values.is_empty()
        && condition.values.iter().all(|v| {
            let value = v.value.trim();
            value.parse::<std::net::IpAddr>().is_ok() || value.parse::<ipnet::IpNet>().is_ok()
        });
    // Renaming the operator renames it for every key of its block.
    let alone_in_block = document
        .usable()?
        .statements
        .iter()
        .flat_map(|statement| &statement.conditions)
        .filter(|c| c.operator_text.range == condition.operator_text.range)
        .count()
        == 1;
    if !addresses || !alone_in_block || operator.qualifier.is_some() {
        return None;
    }
    let written = condition.operator_text.value.as_str();
    let replacement = format!(
        "{replacement_base}{}",
        if operator.if_exists { "IfExists" } else { "" }
    );
    let mut fixed = condition.clone();
    fixed.operator = Some(Operator {
        base: if replacement_base == "IpAddress" {
            BaseOperator::IpAddress
        } else {
            BaseOperator::NotIpAddress
        },
        ..operator
    });
    let version = document.parsed.policy.as_ref()?.version;
    if !evaluate_condition(&fixed, &request.context, version).met {
        return None;
    }
    Some((
        Some(format!(
            "`{written}` compares the address as text, so a range such as `{}` never matches an address; `{replacement}` compares addresses with ranges.",
            condition.values.first().map(|v| v.value.as_str()).unwrap_or_default()
        )),
        Some(operator_remedy(document, condition, format!("Use `{replacement}`"), replacement)),
    ))
}

/// Where a condition's operator is written, inside its quotes.
fn operator_location(document: &Document, condition: &Condition) -> Loc {
    Loc::text(
        document.id,
        unquoted(condition.operator_text.range, &document.text),
    )
}

/// A fix that renames a condition's operator (`StringLike` → `StringEquals`,
/// `BoolIfExists` → `Bool`, ...).
fn operator_remedy(
    document: &Document,
    condition: &Condition,
    title: String,
    operator: String,
) -> Remedy {
    Remedy::new(
        title,
        vec![Change::Text {
            document: document.id,
            range: unquoted(condition.operator_text.range, &document.text),
            replacement: operator,
        }],
    )
}

/// A Numeric condition whose policy value is not a number: the value that
/// meets it, as a text edit of that value.
fn numeric_value_remedy(
    request: &Request<'_>,
    document: &Document,
    condition: &Condition,
) -> Option<ConditionRemedy> {
    let numeric = matches!(
        condition.operator?.base,
        BaseOperator::NumericEquals
            | BaseOperator::NumericNotEquals
            | BaseOperator::NumericLessThan
            | BaseOperator::NumericLessThanEquals
            | BaseOperator::NumericGreaterThan
            | BaseOperator::NumericGreaterThanEquals
    );
    let (index, word) = condition
        .values
        .iter()
        .enumerate()
        .find(|(_, v)| numeric && v.value.trim().parse::<f64>().is_err())?;
    let version = document.parsed.policy.as_ref()?.version;
    let actual: i64 = request
        .context
        .get(&condition.key.value)
        .and_then(|values| values.first())
        .and_then(|value| value.trim().parse().ok())?;
    let number = [3600, actual, actual + 1, actual - 1]
        .into_iter()
        .map(|n| n.to_string())
        .find(|candidate| {
            let mut fixed = condition.clone();
            if let Some(value) = fixed.values.get_mut(index) {
                value.value = candidate.clone();
            }
            evaluate_condition(&fixed, &request.context, version).met
        })?;
    Some((
        Some(format!(
            "`{}` is not a number: Numeric operators compare numbers, and a word or a policy variable there stays literal text that never matches.",
            word.value
        )),
        Some(Remedy::new(
            format!("Use the number `{number}`"),
            vec![Change::Text {
                document: document.id,
                range: unquoted(word.range, &document.text),
                replacement: number,
            }],
        )),
    ))
}

/// A change that meets one failing Allow condition, outside the trust
/// policy's own categories: the policy's date or number, the caller's own
/// value, or what the request may carry.
pub(crate) fn condition_fix(
    request: &Request<'_>,
    document: &Document,
    condition: &Condition,
) -> Option<Remedy> {
    clock_remedy(request, document, condition)
        .or_else(|| {
            numeric_value_remedy(request, document, condition).and_then(|(_, remedy)| remedy)
        })
        .or_else(|| caller_value_remedy(request, document, condition))
        .or_else(|| change_outcome(request, document, condition, true))
}

/// A condition value with white space around it that, trimmed, meets the
/// condition.
fn padded_value_remedy(
    request: &Request<'_>,
    document: &Document,
    condition: &Condition,
) -> Option<ConditionRemedy> {
    let version = document.parsed.policy.as_ref()?.version;
    condition
        .values
        .iter()
        .enumerate()
        .find_map(|(index, value)| {
            let trimmed = value.value.trim();
            if trimmed == value.value || trimmed.is_empty() {
                return None;
            }
            let mut fixed = condition.clone();
            if let Some(slot) = fixed.values.get_mut(index) {
                slot.value = trimmed.to_string();
            }
            evaluate_condition(&fixed, &request.context, version)
                .met
                .then(|| {
                    (
                        Some(format!(
                    "The policy value `{}` has white space around it, which the comparison keeps.",
                    value.value
                )),
                        Some(Remedy::new(
                            format!("Trim the policy value to `{trimmed}`"),
                            vec![Change::Text {
                                document: document.id,
                                range: unquoted(value.range, &document.text),
                                replacement: trimmed.to_string(),
                            }],
                        )),
                    )
                })
        })
}

/// A Date condition on the request time (`aws:CurrentTime`,
/// `aws:EpochTime`) that the time fails: the policy's date moved so that it
/// holds, written as the original was (ISO 8601 or epoch seconds).
fn clock_remedy(
    request: &Request<'_>,
    document: &Document,
    condition: &Condition,
) -> Option<Remedy> {
    let key = condition.key.value.as_str();
    if !(key.eq_ignore_ascii_case("aws:CurrentTime") || key.eq_ignore_ascii_case("aws:EpochTime")) {
        return None;
    }
    let now = request
        .context
        .get(key)
        .and_then(|values| values.first())
        .and_then(|value| crate::condition::parse_date(value))?;
    let version = document.parsed.policy.as_ref()?.version;
    const DAY: i64 = 86_400_000;
    for (index, written) in condition.values.iter().enumerate() {
        let epoch = written.value.trim().bytes().all(|b| b.is_ascii_digit());
        for offset in [30 * DAY, -30 * DAY, DAY, -DAY] {
            let moved = now + offset;
            let text = if epoch {
                moved.div_euclid(1000).to_string()
            } else {
                crate::condition::format_iso8601(moved)
            };
            let mut fixed = condition.clone();
            if let Some(value) = fixed.values.get_mut(index) {
                value.value = text.clone();
            }
            if evaluate_condition(&fixed, &request.context, version).met {
                return Some(Remedy::new(
                    format!("Move the date in the policy to `{text}` (the caller cannot change the time)"),
                    vec![Change::Text {
                        document: document.id,
                        range: unquoted(written.range, &document.text),
                        replacement: text,
                    }],
                ));
            }
        }
    }
    None
}

/// Keys AWS derives from the caller's own identity: no request can carry
/// another value, so a condition on them is fixed in the policy.
const CALLER_KEYS: [&str; 5] = [
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalType",
    "aws:username",
    "aws:userid",
];

/// For a positive condition on a caller key: the policy also accepting the
/// caller's own value, when that meets it.
fn caller_value_remedy(
    request: &Request<'_>,
    document: &Document,
    condition: &Condition,
) -> Option<Remedy> {
    let key = condition.key.value.as_str();
    if !CALLER_KEYS
        .iter()
        .any(|known| known.eq_ignore_ascii_case(key))
    {
        return None;
    }
    let positive = matches!(
        condition.operator?.base,
        BaseOperator::StringEquals
            | BaseOperator::StringEqualsIgnoreCase
            | BaseOperator::StringLike
            | BaseOperator::ArnEquals
            | BaseOperator::ArnLike
    );
    if !positive {
        return None;
    }
    let [actual] = request.context.get(key)? else {
        return None;
    };
    let mut fixed = condition.clone();
    fixed
        .values
        .push(crate::text::Spanned::new(actual.clone(), condition.range));
    let version = document.parsed.policy.as_ref()?.version;
    if !evaluate_condition(&fixed, &request.context, version).met {
        return None;
    }
    let values: Vec<String> = fixed.values.iter().map(|v| v.value.clone()).collect();
    Some(Remedy::new(
        format!("Also accept the caller's `{key}`, `{actual}`, in the condition"),
        vec![Change::Text {
            document: document.id,
            range: condition.range,
            replacement: format!(
                "{}: {}",
                Value::String(condition.key.value.clone()),
                inline_json(&one_or_many(&values))
            ),
        }],
    ))
}

/// The request field a condition key is derived from, when the key has one.
fn request_field_for(key: &str) -> Option<&'static str> {
    match key.to_ascii_lowercase().as_str() {
        "sts:externalid" => Some("external_id"),
        "aws:sourceip" => Some("source_ip"),
        "sts:rolesessionname" => Some("role_session_name"),
        "sts:sourceidentity" => Some("source_identity"),
        _ => None,
    }
}

fn valid_for_field(field: &str, value: &str) -> bool {
    let name_like = |v: &str| {
        (2..=64).contains(&v.chars().count())
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c))
    };
    match field {
        "external_id" => is_valid_external_id(value),
        "source_ip" => value.parse::<std::net::IpAddr>().is_ok(),
        "role_session_name" | "source_identity" => name_like(value),
        _ => true,
    }
}

/// Values worth trying for a condition's key: its own values, what its
/// patterns match, neighbours of its numbers, dates and addresses.
fn candidates(condition: &Condition, context: &crate::context::RequestContext) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut push = |value: String| {
        if !value.is_empty() && !found.contains(&value) {
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
        // A wildcard stands for something: `repo:org/*` is met by
        // `repo:org/x`, a value a token can carry, before `repo:org/`.
        push(value.replace(['*', '?'], "x"));
        push(value.replace('*', "").replace('?', "x"));
        if let Some((address, _)) = value.split_once('/') {
            push(address.to_string());
            if let Ok(std::net::IpAddr::V4(v4)) = address.parse::<std::net::IpAddr>() {
                let [a, b, c, d] = v4.octets();
                push(std::net::Ipv4Addr::new(a, b, c, d.wrapping_add(1)).to_string());
            }
        }
        if let Ok(number) = value.parse::<i64>() {
            push((number - 1).to_string());
            push((number + 1).to_string());
        }
        if let (Some(year), Some(rest)) = (
            value.get(..4).and_then(|y| y.parse::<i32>().ok()),
            value.get(4..),
        ) {
            if rest.starts_with('-') {
                push(format!("{}{rest}", year - 1));
                push(format!("{}{rest}", year + 1));
            }
        }
        push(format!("other-{value}"));
    }
    for fallback in [
        "true",
        "false",
        "203.0.113.10",
        "2001:db8::10",
        "example-value",
    ] {
        push(fallback.to_string());
    }
    found
}

/// A change of the request that meets `condition`, found by trying values
/// against the real condition evaluator.
fn satisfy(request: &Request<'_>, document: &Document, condition: &Condition) -> Option<Remedy> {
    change_outcome(request, document, condition, true)
}

/// A change of the request after which `condition` is `want` (met or not).
pub(crate) fn change_outcome(
    request: &Request<'_>,
    document: &Document,
    condition: &Condition,
    want: bool,
) -> Option<Remedy> {
    let version = document.parsed.policy.as_ref()?.version;
    if let Some(tagging) = tag_outcome(request, condition, version, want) {
        return tagging;
    }
    let key = condition.key.value.as_str();
    let field = request_field_for(key);
    // Operators AND together: a value that meets this condition must also
    // meet the statement's other conditions on the same key.
    let siblings: Vec<&Condition> = if want {
        document
            .usable()
            .into_iter()
            .flat_map(|policy| &policy.statements)
            .find(|statement| {
                statement
                    .conditions
                    .iter()
                    .any(|c| c.range == condition.range)
            })
            .map(|statement| {
                statement
                    .conditions
                    .iter()
                    .filter(|c| c.range != condition.range && c.key.value.eq_ignore_ascii_case(key))
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let met_with = |values: Option<Vec<String>>| {
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
    let mut tried = candidates(condition, &request.context);
    for sibling in &siblings {
        for candidate in candidates(sibling, &request.context) {
            if !tried.contains(&candidate) {
                tried.push(candidate);
            }
        }
    }
    // A pattern is not a request value: under a Like operator `*` would only
    // match itself.
    let like = condition.operator.is_some_and(|operator| {
        matches!(
            operator.base,
            BaseOperator::StringLike
                | BaseOperator::StringNotLike
                | BaseOperator::ArnLike
                | BaseOperator::ArnNotLike
        )
    });
    // Keys AWS derives from the credentials, the caller or the clock: no
    // request carries another value, so no context entry is offered.
    let derived = field.is_none()
        && (CALLER_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
            || [
                "aws:TokenIssueTime",
                "aws:SecureTransport",
                "aws:CurrentTime",
                "aws:EpochTime",
            ]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(key)));
    if derived {
        return None;
    }
    for candidate in tried {
        if field.is_some_and(|field| !valid_for_field(field, &candidate))
            || (like && candidate.contains(['*', '?']))
        {
            continue;
        }
        if met_with(Some(vec![candidate.clone()])) {
            return Some(match field {
                Some(field) => Remedy::set_request(format!("Pass {field} `{candidate}`"), field, json!(candidate)),
                None => Remedy::new(
                    format!("Make the request carry `{key}` = `{candidate}` (only if the caller really has it)"),
                    vec![Change::Field {
                        document: crate::report::DocumentId::Request,
                        field: format!("{CONTEXT_ENTRY}{key}"),
                        value: json!(candidate),
                    }],
                ),
            });
        }
    }
    let in_context = request
        .scenario
        .request
        .context
        .as_ref()
        .is_some_and(|context| context.keys().any(|k| k.eq_ignore_ascii_case(key)));
    if met_with(None) && (field.is_some() || in_context) {
        return Some(match field {
            Some(field) => Remedy::set_request(format!("Leave out {field}"), field, Value::Null),
            None => Remedy::new(
                format!("Leave `{key}` out of the request"),
                vec![Change::Field {
                    document: crate::report::DocumentId::Request,
                    field: format!("{CONTEXT_ENTRY}{key}"),
                    value: Value::Null,
                }],
            ),
        });
    }
    None
}

/// Session tags as a call passes them: `request.tags` and
/// `request.transitive_tag_keys`.
type SessionTags = (std::collections::BTreeMap<String, String>, Vec<String>);

/// Conditions on the session tags (`aws:RequestTag/*`, `aws:TagKeys`,
/// `sts:TransitiveTagKeys`) are met by changing the tags the call passes,
/// never by a context entry: AWS derives those keys from the tags.
/// `None` when `condition` is not about session tags; `Some(None)` when no
/// change of the tags gives the outcome.
fn tag_outcome(
    request: &Request<'_>,
    condition: &Condition,
    version: crate::policy::PolicyVersion,
    want: bool,
) -> Option<Option<Remedy>> {
    let key = condition.key.value.as_str();
    let lower = key.to_ascii_lowercase();
    let tag_key = lower
        .strip_prefix("aws:requesttag/")
        .map(|tag| key.get(key.len() - tag.len()..).unwrap_or(tag));
    if tag_key.is_none() && lower != "aws:tagkeys" && lower != "sts:transitivetagkeys" {
        return None;
    }
    let fields = &request.scenario.request;
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
    };
    let remedy = |title: String, (tags, transitive): SessionTags| {
        let mut changes = Vec::new();
        if tags != passed.0 {
            changes.push(Change::Field {
                document: crate::report::DocumentId::Request,
                field: "tags".into(),
                value: if tags.is_empty() {
                    Value::Null
                } else {
                    json!(tags)
                },
            });
        }
        if transitive != passed.1 {
            changes.push(Change::Field {
                document: crate::report::DocumentId::Request,
                field: "transitive_tag_keys".into(),
                value: if transitive.is_empty() {
                    Value::Null
                } else {
                    json!(transitive)
                },
            });
        }
        Remedy::new(title, changes)
    };
    let mut tried: Vec<(String, SessionTags)> = Vec::new();
    if let Some(tag) = tag_key {
        let valid = |value: &String| value.chars().all(crate::arn::is_tag_char);
        for candidate in candidates(condition, &request.context)
            .into_iter()
            .filter(valid)
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
        let mut renamed = std::collections::BTreeMap::new();
        let mut tags = std::collections::BTreeMap::new();
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
                || !named.chars().all(crate::arn::is_tag_char)
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
    Some(
        tried
            .into_iter()
            .find(|(_, tags)| *tags != passed && gives(tags))
            .map(|(title, tags)| remedy(title, tags)),
    )
}

/// A field-change prefix that stands for one entry of `request.context`;
/// `combine_remedies` merges such entries into one change of the context.
const CONTEXT_ENTRY: &str = "context/";

/// One remedy from the remedies of several conditions, when every condition has one.
pub(crate) fn combine_remedies(remedies: Vec<Option<Remedy>>) -> Option<Remedy> {
    let remedies: Vec<Remedy> = remedies.into_iter().collect::<Option<Vec<_>>>()?;
    let mut titles: Vec<&str> = Vec::new();
    for remedy in &remedies {
        if !titles.contains(&remedy.title.as_str()) {
            titles.push(&remedy.title);
        }
    }
    let title = titles.join("; ");
    let mut changes: Vec<Change> = Vec::new();
    let mut context_entries: Vec<(String, Value)> = Vec::new();
    for change in remedies.into_iter().flat_map(|r| r.changes) {
        match change {
            Change::Field { field, value, .. } if field.starts_with(CONTEXT_ENTRY) => {
                let key = field.trim_start_matches(CONTEXT_ENTRY).to_string();
                context_entries.push((key, value));
            }
            change if !changes.contains(&change) => changes.push(change),
            _ => {}
        }
    }
    Some(Remedy::new(title, changes).with_context_entries(context_entries))
}

/// The request's `mfa` field for a call made with MFA `age` seconds ago.
/// A user passes MFA with the call; a role session carries the MFA of the
/// call that began its chain and cannot add it later.
fn mfa_title(request: &Request<'_>) -> &'static str {
    match request.caller {
        Caller::AssumedRole { .. } => {
            "Use a session that began with MFA (a role session carries the MFA of the call that created it)"
        }
        _ => "Call with MFA (--serial-number and --token-code)",
    }
}

fn mfa_value(request: &Request<'_>, age: u64) -> Value {
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
    json!({ "serial_number": serial, "age_seconds": age })
}

/// A Deny on `Bool aws:MultiFactorAuthPresent false` that misses this call
/// only because the key is absent (long-term access keys): it does not stop
/// callers without MFA, which `BoolIfExists` would.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html>
fn mfa_deny_gap(
    request: &Request<'_>,
    document: &Document,
    denies: &[Judged<'_>],
) -> Option<Finding> {
    let key = "aws:MultiFactorAuthPresent";
    if request.context.contains(key) {
        return None;
    }
    denies.iter().find_map(|judged| {
        if !(judged.principal && judged.action && judged.resource) {
            return None;
        }
        let mut failed = judged.failed_conditions();
        let only = failed.next()?;
        let condition = only.condition;
        let gap = failed.next().is_none()
            && condition.key.value.eq_ignore_ascii_case(key)
            && condition
                .operator
                .is_some_and(|op| op.base == BaseOperator::Bool && !op.if_exists)
            && condition.values.iter().any(|v| v.value.eq_ignore_ascii_case("false"));
        if !gap {
            return None;
        }
        let operator = format!("{}IfExists", condition.operator_text.value);
        Some(
            Finding::warn(format!(
                "{} denies callers without MFA, but `{}` does not match when `{key}` is absent, as it is for long-term access keys: this caller passes without MFA. `{operator}` also stops them.",
                capitalize(describe_statement(judged.statement)),
                condition.operator_text.value
            ))
            .at(operator_location(document, condition))
            .with_remedy(Some(operator_remedy(document, condition, format!("Use `{operator}` (then this caller is denied until it uses MFA)"), operator)))
            .doc(MFA_DOC),
        )
    })
}

fn check_deny(
    request: &Request<'_>,
    document: &Document,
    policy: &Policy,
    target: &Target<'_>,
) -> Finding {
    let denies = judge_all(policy, Effect::Deny, target);
    let Some(applying) = denies.iter().find(|j| j.applies()) else {
        if let Some(warning) = mfa_deny_gap(request, document, &denies) {
            return warning;
        }
        let detail = if denies.is_empty() {
            "The trust policy has no Deny statement.".to_string()
        } else {
            format!("No Deny statement applies ({} checked).", denies.len())
        };
        return Finding::pass(detail).doc(EVALUATION_DOC);
    };
    deny_finding(
        request,
        target.action,
        document,
        policy,
        applying,
        "the trust policy",
        EVALUATION_DOC,
    )
}

/// A Deny statement that applies: where, why, and the safest way out.
pub(crate) fn deny_finding(
    request: &Request<'_>,
    action: &str,
    document: &Document,
    policy: &Policy,
    applying: &Judged<'_>,
    whose: &str,
    doc: &'static str,
) -> Finding {
    let statement = applying.statement;
    let mut detail = format!(
        "{} of {whose} denies {}, and an explicit deny always wins",
        capitalize(describe_statement(statement)),
        action
    );
    if !applying.conditions.is_empty() {
        detail.push_str(": ");
        detail.push_str(
            &applying
                .conditions
                .iter()
                .map(|c| format!("`{}`: {}", c.condition.key.value, c.explanation()))
                .collect::<Vec<_>>()
                .join("; "),
        );
    }
    detail.push('.');
    let mut locations = vec![Loc::text(
        document.id,
        unquoted(statement.effect.range, &document.text),
    )];
    locations.extend(
        applying
            .conditions
            .iter()
            .map(|c| condition_location(document, c.condition)),
    );
    let needs_mfa = applying.conditions.iter().any(|c| {
        c.condition
            .key
            .value
            .eq_ignore_ascii_case("aws:MultiFactorAuthPresent")
            || c.condition
                .key
                .value
                .eq_ignore_ascii_case("aws:MultiFactorAuthAge")
    });
    let remedy = if needs_mfa {
        Some(Remedy::set_request(
            mfa_title(request),
            "mfa",
            mfa_value(request, 60),
        ))
    } else if let Some(change) = request
        .caller
        .principal_arn()
        .filter(|_| request.caller.is_aws_identity())
        .and_then(|arn| super::statement::exempt_principal(document, statement, &arn))
    {
        Some(Remedy::new(
            format!(
                "Exempt `{}` from {} (the Deny keeps applying to everyone else)",
                request.caller.principal_arn().unwrap_or_default(),
                describe_statement(statement)
            ),
            vec![change],
        ))
    } else if let Some(remedy) = applying
        .conditions
        .iter()
        .find_map(|c| change_outcome(request, document, c.condition, false))
    {
        combine_remedies(vec![Some(remedy)])
    } else {
        remove_statement(document, policy, statement.index).map(|change| {
            Remedy::new(
                format!(
                    "Remove {} (only if it is not meant to stop this caller)",
                    describe_statement(statement)
                ),
                vec![change],
            )
        })
    };
    Finding::fail(detail)
        .at_all(locations)
        .with_remedy(remedy)
        .doc(doc)
}

fn is_valid_external_id(value: &str) -> bool {
    (2..=1224).contains(&value.chars().count())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@:/-".contains(c))
}
