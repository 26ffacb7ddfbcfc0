//! The trust checks, in the contract's cascade: principal, action, then the
//! external ID, MFA and other conditions of the statements that match both,
//! and finally the trust policy's Deny statements.

mod action;
mod conditions;
mod deny;
mod principal;

use super::call::Request;
use super::documents::Documents;
use super::grant::{grant_kind, GrantKind};
use super::outcome::{CheckOutcome, CheckOutcomes};
use super::statement::{judge_all, Judged, Target};
use crate::policy::Effect;
use crate::report::{CheckId, Status};

use super::category::Category;

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
    request.judging(CheckId::TrustDeny);
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
            principal::failure(request.judging(CheckId::TrustPrincipal), document, &allows),
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
            principal::pass(
                request.judging(CheckId::TrustPrincipal),
                document,
                &by_principal,
            ),
        );
        outcomes.set(
            CheckId::TrustAction,
            action::failure(
                request.judging(CheckId::TrustAction),
                document,
                &by_principal,
            ),
        );
        skip_conditions(
            outcomes,
            None,
            "Not judged: no statement that names the caller allows the action.",
        );
        return TrustOutcome::no_grant(false);
    };
    outcomes.set(
        CheckId::TrustAction,
        action::pass(request.judging(CheckId::TrustAction), first),
    );
    // Of the statements that grant the call, the one naming the caller most
    // directly (the first of equals) decides what else AWS needs (an
    // identity policy, the boundary), whatever their order. Each statement's
    // kind is found once: it matches the principal entries again.
    let mut names_caller_itself = false;
    let mut granting: Option<(&Judged<'_>, GrantKind)> = None;
    for judged in by_action.iter().copied() {
        let kind = grant_kind(judged.statement, &request.caller);
        names_caller_itself |= kind.names_caller_itself();
        if judged.conditions_met()
            && granting.is_none_or(|(_, best)| kind.directness() < best.directness())
        {
            granting = Some((judged, kind));
        }
    }
    let Some((granting, granting_kind)) = granting else {
        outcomes.set(
            CheckId::TrustPrincipal,
            principal::pass(
                request.judging(CheckId::TrustPrincipal),
                document,
                &by_action,
            ),
        );
        conditions::judge_failing(request, document, &by_action, outcomes);
        return TrustOutcome::no_grant(names_caller_itself);
    };
    outcomes.set(
        CheckId::TrustPrincipal,
        principal::pass(
            request.judging(CheckId::TrustPrincipal),
            document,
            &[granting],
        ),
    );
    conditions::judge_granting(request, document, granting, outcomes);
    TrustOutcome {
        usable: true,
        grant: Some((granting.statement.index, granting_kind)),
        names_caller_itself,
    }
}

/// The condition checks (and `also`) are skipped for one reason.
fn skip_conditions(outcomes: &mut CheckOutcomes, also: Option<CheckId>, why: &'static str) {
    for id in also.into_iter().chain(Category::ALL.map(Category::check)) {
        outcomes.set(id, CheckOutcome::skip(why));
    }
}
