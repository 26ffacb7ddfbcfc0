//! Account-wide access (`shared/scenario-format.md`, "Account-wide access"):
//! from `aws iam get-account-authorization-details` outputs, for every
//! principal of the dumps (IAM users, and roles as the sessions that assume
//! them) and every role, whether it can assume it: `allow`, `conditional`
//! (when the request carries what `requires` lists) or `deny` (with the
//! failing checks). Each pair is one scenario for the same evaluator as a
//! single case, so the answer and its checklist agree.
//!
//! A pair is `conditional` when following the report's fixes that change
//! only the request (an external ID, MFA, a session tag, a source identity,
//! a duration: what the caller chooses when calling) reaches `allow`; those
//! fixes are what `requires` lists. A fix to a policy, or advice, means
//! `deny` for the pair as the dumps stand.

mod addresses;
mod chains;
mod findings;
mod index;
mod one_side;
pub mod organization;
mod pair;

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::evaluate::Parsed;
use crate::import::{authorization_details, Entity, ImportInput, PrincipalPolicies, Unrecognized};
use crate::scenario::PolicySource;
use organization::{AccountPolicies, Organization};

pub use chains::chained_pairs;
pub use findings::{findings, Finding, Severity};
pub use one_side::{reachable_from, who_can_assume};
pub use pair::{answer, scenario};

use index::{roles_to_evaluate, PrincipalSide, TrustIndex};

/// A principal of the dumps: a user, or a role as its sessions.
#[derive(Clone, Debug, PartialEq)]
pub struct Principal {
    pub arn: String,
    pub kind: PrincipalKind,
    pub name: String,
    /// The user's or role's unique ID (`AIDA…`, `AROA…`), when the dump
    /// gives it: `aws:userid` is made of it.
    pub unique_id: Option<String>,
    pub policies: PrincipalPolicies,
    pub tags: Vec<(String, String)>,
    /// The SCPs of its account and its organization keys, when an
    /// organization input is given.
    pub organization: AccountPolicies,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrincipalKind {
    User,
    Role,
}

/// A role of the dumps, as something to assume.
#[derive(Clone, Debug, PartialEq)]
pub struct Role {
    pub arn: String,
    pub name: String,
    /// `None` when the dump carries no trust policy for it.
    pub trust_policy: Option<PolicySource>,
    /// The RCPs of its account, when an organization input gives them.
    pub rcps: Option<Vec<Vec<PolicySource>>>,
    /// Its tags: the resource's tags of a call assuming it.
    pub tags: Vec<(String, String)>,
}

/// Every principal and role of the dumps given.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AccountModel {
    pub principals: Vec<Principal>,
    pub roles: Vec<Role>,
    /// What the dumps lack or say (a truncated page, a missing policy).
    pub notes: Vec<String>,
}

/// The answer for one principal and one role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pair {
    pub principal: String,
    pub role: String,
    pub result: Access,
    /// For `conditional`: what the request must carry
    /// (`sts:ExternalId=abc`, `MFA`).
    pub requires: Vec<String>,
    /// For `deny`: the failing check ids.
    pub failing: Vec<String>,
    /// Roles assumed on the way, in order (empty for a direct pair; see
    /// [`chained_pairs`]).
    pub via: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    Allow,
    Conditional,
    Deny,
}

/// The model of the dumps (and of the organization input, if one is given),
/// and the inputs that are neither (each with why).
pub fn load(inputs: &[ImportInput]) -> (AccountModel, Vec<Unrecognized>) {
    let mut model = AccountModel::default();
    let mut unread = Vec::new();
    let mut organization: Option<Organization> = None;
    for input in inputs {
        match organization::read(&input.text) {
            Some(Ok((read, warnings))) => {
                if organization.is_some() {
                    unread.push(Unrecognized {
                        source: input.source.clone(),
                        error: format!(
                            "`{}`: a second organization input; one organization is read at a time",
                            input.source
                        ),
                    });
                    continue;
                }
                model.notes.extend(
                    warnings
                        .into_iter()
                        .map(|w| format!("`{}`: {w}", input.source)),
                );
                organization = Some(read);
                continue;
            }
            Some(Err(error)) => {
                unread.push(Unrecognized {
                    source: input.source.clone(),
                    error: format!("`{}` is an organization input, but {error}", input.source),
                });
                continue;
            }
            None => {}
        }
        let (details, warnings) = match authorization_details(&input.text) {
            Ok(read) => read,
            Err(error) => {
                unread.push(Unrecognized {
                    source: input.source.clone(),
                    error: format!("`{}`: {error}", input.source),
                });
                continue;
            }
        };
        model.notes.extend(
            warnings
                .into_iter()
                .map(|w| format!("`{}`: {w}", input.source)),
        );
        let principal = |entity: &Entity, kind: PrincipalKind| {
            let policies = details.policies_of(entity);
            Principal {
                arn: entity.arn.clone(),
                kind,
                name: entity.name.clone(),
                unique_id: entity.unique_id.clone(),
                policies,
                tags: entity.tags.clone(),
                organization: AccountPolicies::default(),
            }
        };
        for user in &details.users {
            model.principals.push(principal(user, PrincipalKind::User));
        }
        for role in &details.roles {
            model.principals.push(principal(role, PrincipalKind::Role));
            model.roles.push(Role {
                arn: role.arn.clone(),
                name: role.name.clone(),
                trust_policy: role.trust_policy.clone(),
                rcps: None,
                tags: role.tags.clone(),
            });
        }
    }
    if let Some(organization) = &organization {
        apply_organization(&mut model, organization);
    }
    for principal in &model.principals {
        if !principal.policies.missing.is_empty() {
            model.notes.push(format!(
                "`{}` has managed policies whose default version no dump holds: {}; its answers may be wrong",
                principal.arn,
                principal.policies.missing.join(", ")
            ));
        }
    }
    (model, unread)
}

/// Gives each principal its account's SCPs and organization keys, each
/// role its account's RCPs; notes the accounts the input does not list.
fn apply_organization(model: &mut AccountModel, organization: &Organization) {
    let mut outside = std::collections::BTreeSet::new();
    for principal in &mut model.principals {
        let account = account_of(&principal.arn);
        if !organization.holds(account) {
            outside.insert(account.to_string());
        }
        principal.organization = organization.for_account(account);
    }
    for role in &mut model.roles {
        role.rcps = organization.for_account(account_of(&role.arn)).rcps;
    }
    for account in outside {
        model.notes.push(format!(
            "Account `{account}` is not in the organization input: no SCP or RCP is applied to it"
        ));
    }
}

/// Every pair whose answer is not a plain deny (with `all`, every pair), in
/// the order of the dumps: principals, then roles.
pub fn pairs(model: &AccountModel, all: bool) -> Vec<Pair> {
    if all {
        return every_pair(model);
    }
    not_denied(model).0
}

/// How many pairs [`not_denied`] evaluated, and how many it knew to be a
/// plain deny without evaluating them (a role and itself not counted).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PairCounts {
    pub evaluated: usize,
    pub skipped: usize,
}

/// Every pair whose answer is not a plain deny, and how many pairs were
/// evaluated to find them. Only pairs a trust may admit are evaluated (see
/// `index`): the cost follows the pairs that can match, not all pairs.
///
/// Natively the principals are shared among the machine's cores, each
/// answering a contiguous run of them; the runs are joined in order, so the
/// answer is the one [`not_denied_with_progress`] gives, pair for pair.
pub fn not_denied(model: &AccountModel) -> (Vec<Pair>, PairCounts) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        // A few hundred principals are answered before a thread pays for itself.
        let threads = threads.min(model.principals.len() / 256).max(1);
        if threads > 1 {
            return not_denied_in_parallel(model, threads, 32);
        }
    }
    not_denied_with_progress(model, &mut |_, _| {})
}

/// [`not_denied`] on `threads` threads: each takes the next `run`
/// principals until none is left (their costs differ widely: a user whose
/// policies allow `sts:AssumeRole` on `*` may match every role), and the
/// runs' answers are joined in the principals' order.
#[cfg(not(target_arch = "wasm32"))]
fn not_denied_in_parallel(
    model: &AccountModel,
    threads: usize,
    run: usize,
) -> (Vec<Pair>, PairCounts) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let runs: Vec<&[Principal]> = model.principals.chunks(run.max(1)).collect();
    let next = AtomicUsize::new(0);
    let mut answered: Vec<(usize, Vec<Pair>, usize)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (runs, next) = (&runs, &next);
                scope.spawn(move || {
                    // Each thread parses the trusts for itself: the parsed
                    // documents are shared by `Rc`, and parsing them is a
                    // small part of the work.
                    let answers = Answerer::new(model);
                    let mut done = Vec::new();
                    loop {
                        let at = next.fetch_add(1, Ordering::Relaxed);
                        let Some(run) = runs.get(at) else {
                            return done;
                        };
                        let mut out = Vec::new();
                        let evaluated = run
                            .iter()
                            .map(|principal| answers.not_denied_of(principal, &mut out))
                            .sum();
                        done.push((at, out, evaluated));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    answered.sort_by_key(|(at, _, _)| *at);
    let evaluated = answered.iter().map(|(_, _, count)| count).sum();
    let out = answered
        .into_iter()
        .flat_map(|(_, pairs, _)| pairs)
        .collect();
    (out, counts_of(model, evaluated))
}

/// [`not_denied`] on one thread, telling `progress(done, total)` after each
/// principal, so that a long answer can show how far it is.
pub fn not_denied_with_progress(
    model: &AccountModel,
    progress: &mut dyn FnMut(usize, usize),
) -> (Vec<Pair>, PairCounts) {
    let total = model.principals.len();
    let answers = Answerer::new(model);
    let mut out = Vec::new();
    let mut evaluated = 0;
    for (done, principal) in model.principals.iter().enumerate() {
        evaluated += answers.not_denied_of(principal, &mut out);
        progress(done + 1, total);
    }
    (out, counts_of(model, evaluated))
}

/// What answering many principals shares: the trusts indexed and parsed
/// once.
struct Answerer<'a> {
    roles: &'a [Role],
    trusts: TrustIndex,
    parsed_trusts: Vec<Parsed>,
}

impl<'a> Answerer<'a> {
    fn new(model: &'a AccountModel) -> Answerer<'a> {
        Answerer {
            roles: &model.roles,
            trusts: TrustIndex::new(&model.roles),
            parsed_trusts: model.roles.iter().map(pair::parsed_trust).collect(),
        }
    }

    /// The principal's pairs that are not a plain deny, added to `out`;
    /// how many pairs were evaluated.
    fn not_denied_of(&self, principal: &Principal, out: &mut Vec<Pair>) -> usize {
        let side = PrincipalSide::new(principal);
        let mut policies = None;
        let mut evaluated = 0;
        for at in roles_to_evaluate(&self.trusts, self.roles, principal, &side) {
            let (Some(role), Some(trust)) = (self.roles.get(at), self.parsed_trusts.get(at)) else {
                continue;
            };
            // Assuming itself is no question a person asks.
            if principal.arn == role.arn {
                continue;
            }
            evaluated += 1;
            let policies = policies.get_or_insert_with(|| pair::parsed_policies(principal));
            let pair = pair::answer_reusing(principal, role, trust, policies);
            if pair.result != Access::Deny {
                out.push(pair);
            }
        }
        evaluated
    }
}

/// The counts of an answer that evaluated `evaluated` pairs: every other
/// pair (a role and itself not counted) was known to be a plain deny.
fn counts_of(model: &AccountModel, evaluated: usize) -> PairCounts {
    let roles: HashSet<&str> = model.roles.iter().map(|role| role.arn.as_str()).collect();
    let itself = model
        .principals
        .iter()
        .filter(|principal| roles.contains(principal.arn.as_str()))
        .count();
    PairCounts {
        evaluated,
        skipped: (model.principals.len() * model.roles.len())
            .saturating_sub(itself)
            .saturating_sub(evaluated),
    }
}

/// Every pair, each evaluated: what `pairs(model, true)` answers, and what
/// the prefilter is checked against.
fn every_pair(model: &AccountModel) -> Vec<Pair> {
    let parsed_trusts: Vec<Parsed> = model.roles.iter().map(pair::parsed_trust).collect();
    let mut out = Vec::new();
    for principal in &model.principals {
        let policies = pair::parsed_policies(principal);
        for (role, trust) in model.roles.iter().zip(&parsed_trusts) {
            if principal.arn != role.arn {
                out.push(pair::answer_reusing(principal, role, trust, &policies));
            }
        }
    }
    out
}

/// The single case of one principal and one role of the model: what opens
/// in the checklist, where the usual fixes apply.
pub fn scenario_of(
    model: &AccountModel,
    principal_arn: &str,
    role_arn: &str,
) -> Option<crate::scenario::Scenario> {
    let principal = model.principals.iter().find(|p| p.arn == principal_arn)?;
    let role = model.roles.iter().find(|r| r.arn == role_arn)?;
    Some(scenario(principal, role))
}

/// The account id of an ARN (its fifth field).
fn account_of(arn: &str) -> &str {
    arn.split(':').nth(4).unwrap_or_default()
}

#[cfg(test)]
mod tests;
