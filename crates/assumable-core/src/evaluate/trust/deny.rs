//! `trust.deny`: no Deny statement of the trust policy applies.

use super::super::call::Request;
use super::super::deny::deny_outcome;
use super::super::diagnose::mfa_deny_without_if_exists;
use super::super::documents::Document;
use super::super::outcome::CheckOutcome;
use super::super::statement::{judge_all, Target};
use crate::aws_docs;
use crate::policy::{Effect, Policy};

pub(super) fn check_deny(
    request: &Request<'_>,
    document: &Document,
    policy: &Policy,
    target: &Target<'_>,
) -> CheckOutcome {
    let denies = judge_all(policy, Effect::Deny, target);
    let Some(applying) = denies.iter().find(|j| j.applies()) else {
        // A warning at most: never a failure.
        if !request.explains() {
            return CheckOutcome::decided(false);
        }
        if let Some(warning) = mfa_deny_without_if_exists::check(request, document, &denies) {
            return warning;
        }
        let detail = if denies.is_empty() {
            "The trust policy has no Deny statement.".to_string()
        } else {
            format!("No Deny statement applies ({} checked).", denies.len())
        };
        return CheckOutcome::pass(detail).doc(aws_docs::EVALUATION_LOGIC);
    };
    deny_outcome(
        request,
        target.action,
        document,
        policy,
        applying,
        "the trust policy",
        aws_docs::EVALUATION_LOGIC,
    )
}
