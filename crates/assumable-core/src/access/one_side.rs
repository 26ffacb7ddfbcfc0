//! One side of the pairs at a time, every answer included: who can assume
//! one role, what one principal can assume. What a person asks after
//! picking a role or a principal, where denials matter too (a near miss
//! shows the one check that fails).

use super::pair::{answer_reusing, parsed_policies, parsed_trust};
use super::{AccountModel, Pair};

/// Every principal's answer for `role` (none when the dumps lack it), in
/// the dumps' order; a role is not asked about assuming itself.
pub fn who_can_assume(model: &AccountModel, role_arn: &str) -> Vec<Pair> {
    let Some(role) = model.roles.iter().find(|role| role.arn == role_arn) else {
        return Vec::new();
    };
    // The trust parsed once for every principal, as `not_denied` does.
    let trust = parsed_trust(role);
    model
        .principals
        .iter()
        .filter(|principal| principal.arn != role.arn)
        .map(|principal| answer_reusing(principal, role, &trust, &parsed_policies(principal)))
        .collect()
}

/// Every role's answer for `principal` (none when the dumps lack it), in
/// the dumps' order, direct pairs only (chains: [`super::chained_pairs`]).
pub fn reachable_from(model: &AccountModel, principal_arn: &str) -> Vec<Pair> {
    let Some(principal) = model
        .principals
        .iter()
        .find(|principal| principal.arn == principal_arn)
    else {
        return Vec::new();
    };
    // The principal's policies parsed once for every role.
    let policies = parsed_policies(principal);
    model
        .roles
        .iter()
        .filter(|role| role.arn != principal.arn)
        .map(|role| answer_reusing(principal, role, &parsed_trust(role), &policies))
        .collect()
}
