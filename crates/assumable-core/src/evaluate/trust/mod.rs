//! The trust checks, in the contract's cascade: principal, action, then the
//! external ID, MFA and other conditions of the statements that match both,
//! and finally the trust policy's Deny statements.

mod action;
mod conditions;
mod deny;
mod principal;

use super::call::Request;
use super::documents::Documents;
use super::outcome::{CheckOutcome, CheckOutcomes};
use super::statement::{judge_all, Judged, Target};
use crate::arn::Caller;
use crate::policy::{Effect, PrincipalType, Statement};
use crate::principal::{entry_matches, PrincipalMatch};
use crate::report::{CheckId, Status};

use super::category::Category;

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

    /// The statement names the caller itself (or everyone), not its account.
    const fn names_caller_itself(self) -> bool {
        self.directness() <= GrantKind::Wildcard.directness()
    }
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

impl TrustOutcome {
    const UNUSABLE: TrustOutcome = TrustOutcome {
        usable: false,
        grant: None,
        names_caller_itself: false,
    };

    const fn no_grant(names_caller_itself: bool) -> TrustOutcome {
        TrustOutcome {
            usable: true,
            grant: None,
            names_caller_itself,
        }
    }
}

/// The trust checks whose failure means the AssumeRole grant itself fails.
pub(crate) const GRANT_CHECKS: [CheckId; 5] = [
    CheckId::TrustPrincipal,
    CheckId::TrustAction,
    CheckId::TrustExternalId,
    CheckId::TrustMfa,
    CheckId::TrustConditions,
];

pub(crate) fn check_trust(
    request: &Request<'_>,
    documents: &Documents,
    outcomes: &mut CheckOutcomes,
) -> TrustOutcome {
    let document = &documents.trust;
    let Some(policy) = document.usable() else {
        for id in GRANT_CHECKS.into_iter().chain([CheckId::TrustDeny]) {
            outcomes.set(
                id,
                CheckOutcome::skip(
                    "Not evaluated: the trust policy is not valid (see the trust policy check).",
                ),
            );
        }
        return TrustOutcome::UNUSABLE;
    };
    let target = request.target(request.action.name(), None);
    let allows = judge_all(policy, Effect::Allow, &target);
    // A Deny of an extra action the call needs applies to the request too.
    let deny = std::iter::once(request.action.name())
        .chain(request.extra_actions().map(|extra| extra.action()))
        .map(|action| deny::check_deny(request, document, policy, &Target { action, ..target }))
        .find(|outcome| outcome.status == Status::Fail)
        .unwrap_or_else(|| deny::check_deny(request, document, policy, &target));
    outcomes.set(CheckId::TrustDeny, deny);

    let by_principal: Vec<&Judged<'_>> = allows.iter().filter(|j| j.principal).collect();
    if by_principal.is_empty() {
        outcomes.set(
            CheckId::TrustPrincipal,
            principal::failure(request, document, &allows),
        );
        skip_conditions(
            outcomes,
            Some(CheckId::TrustAction),
            "Not judged: no Allow statement names the caller.",
        );
        return TrustOutcome::no_grant(false);
    }

    let by_action: Vec<&Judged<'_>> = by_principal.iter().copied().filter(|j| j.action).collect();
    let Some(first) = by_action.first() else {
        outcomes.set(
            CheckId::TrustPrincipal,
            principal::pass(request, document, &by_principal),
        );
        outcomes.set(
            CheckId::TrustAction,
            action::failure(request, document, &by_principal),
        );
        skip_conditions(
            outcomes,
            None,
            "Not judged: no statement that names the caller allows the action.",
        );
        return TrustOutcome::no_grant(false);
    };
    outcomes.set(CheckId::TrustAction, action::pass(request, first));
    let names_caller_itself = by_action
        .iter()
        .any(|j| grant_kind(j.statement, &request.caller).names_caller_itself());

    // Of the statements that grant the call, the one naming the caller most
    // directly decides what else AWS needs (an identity policy, the
    // boundary), whatever their order.
    let granting = by_action
        .iter()
        .copied()
        .filter(|j| j.conditions_met())
        .min_by_key(|j| grant_kind(j.statement, &request.caller).directness());
    let Some(granting) = granting else {
        outcomes.set(
            CheckId::TrustPrincipal,
            principal::pass(request, document, &by_action),
        );
        conditions::judge_failing(request, document, &by_action, outcomes);
        return TrustOutcome::no_grant(names_caller_itself);
    };
    outcomes.set(
        CheckId::TrustPrincipal,
        principal::pass(request, document, &[granting]),
    );
    conditions::judge_granting(request, document, granting, outcomes);
    TrustOutcome {
        usable: true,
        grant: Some((
            granting.statement.index,
            grant_kind(granting.statement, &request.caller),
        )),
        names_caller_itself,
    }
}

/// The condition checks (and `also`) are skipped for one reason.
fn skip_conditions(outcomes: &mut CheckOutcomes, also: Option<CheckId>, why: &'static str) {
    for id in also.into_iter().chain(Category::ALL.map(Category::check)) {
        outcomes.set(id, CheckOutcome::skip(why));
    }
}

/// How a statement that matches the caller names it: the most direct of its
/// matching entries decides.
pub(crate) fn grant_kind(statement: &Statement, caller: &Caller) -> GrantKind {
    let Some(block) = &statement.principal else {
        return GrantKind::Account;
    };
    if block.any {
        return GrantKind::Wildcard;
    }
    let rank = |kind: GrantKind| match kind {
        GrantKind::Account => 0,
        GrantKind::Wildcard => 1,
        GrantKind::Role => 2,
        GrantKind::NonAws => 3,
        GrantKind::User | GrantKind::Session => 4,
    };
    block
        .entries
        .iter()
        .filter(|entry| entry_matches(entry, caller) == PrincipalMatch::Matches)
        .map(|entry| {
            let value = entry.value.value.as_str();
            match entry.kind {
                PrincipalType::Service | PrincipalType::Federated => GrantKind::NonAws,
                _ if value == "*" => GrantKind::Wildcard,
                _ if principal::is_account_form(value) => GrantKind::Account,
                _ if value.contains(":assumed-role/") => GrantKind::Session,
                _ if value.contains(":role/") => GrantKind::Role,
                _ => GrantKind::User,
            }
        })
        .max_by_key(|kind| rank(*kind))
        .unwrap_or(GrantKind::Account)
}

/// Which principal type names this kind of caller.
pub(crate) fn principal_type_for(caller: &Caller) -> PrincipalType {
    match caller {
        Caller::Service { .. } => PrincipalType::Service,
        Caller::OidcProvider { .. } | Caller::SamlProvider { .. } => PrincipalType::Federated,
        _ => PrincipalType::Aws,
    }
}
