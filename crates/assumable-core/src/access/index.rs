//! Which pairs need the evaluator: a sound prefilter, so that answering an
//! organization costs about the pairs that can match, not all pairs. A pair
//! is skipped only when its evaluation is sure to be a plain deny:
//!
//! - no `Allow` statement of the role's trust names the principal (each
//!   trust parsed once and indexed by the accounts and names its principals
//!   give; a statement is then judged with the evaluator's own
//!   [`entry_matches`]), or every one that does has a condition that fails
//!   on a fact no fix of the request can change (the organization's id and
//!   paths, as the organization input gives them or absent; the principal's
//!   tags);
//! - or the principal's own policies must allow the call (across accounts,
//!   or a trust naming only the account) and no `Allow` statement of them
//!   can name `sts:AssumeRole` on the role.
//!
//! Anything this cannot read for sure (a trust or identity policy with
//! errors, `NotPrincipal`, a policy variable in a resource) is evaluated.
//! `tests/access.rs` checks over generated organizations that the pairs kept
//! are exactly the naive ones.

use std::collections::HashMap;

use super::{account_of, pair, Principal, Role};
use crate::arn::{is_account_id, Arn, Caller};
use crate::condition::evaluate_condition;
use crate::context::RequestContext;
use crate::evaluate::MAX_IDENTITY_POLICIES;
use crate::policy::{
    parse_policy, Effect, NameList, Policy, PolicyKind, PolicyVersion, PrincipalType, Statement,
};
use crate::principal::{entry_matches, PrincipalMatch};
use crate::wildcard::{action_matches, resource_matches};

/// The call every pair asks about.
const ACTION: &str = "sts:AssumeRole";

/// Every role's trust, parsed once, and where to find the roles that may
/// name a principal.
pub(super) struct TrustIndex {
    trusts: Vec<Option<Policy>>,
    /// Roles whose trust may name anyone (`*`, `NotPrincipal`, a trust that
    /// does not parse cleanly).
    anyone: Vec<usize>,
    /// Roles whose trust names an account, or something in it this index
    /// does not key by name.
    by_account: HashMap<String, Vec<usize>>,
    /// Roles whose trust names a user, role or session: (account, name in
    /// lower case; a superset of the evaluator's case-sensitive compare).
    by_name: HashMap<(String, String), Vec<usize>>,
}

impl TrustIndex {
    pub(super) fn new(roles: &[Role]) -> TrustIndex {
        let mut index = TrustIndex {
            trusts: Vec::with_capacity(roles.len()),
            anyone: Vec::new(),
            by_account: HashMap::new(),
            by_name: HashMap::new(),
        };
        for (at, role) in roles.iter().enumerate() {
            // A role without a trust policy admits no one (an empty document).
            let Some(source) = &role.trust_policy else {
                index.trusts.push(None);
                continue;
            };
            let parsed = parse_policy(source.text(), PolicyKind::Trust);
            let clean = !parsed.has_errors();
            let policy = parsed.policy.filter(|_| clean);
            match &policy {
                Some(policy) => index.add(at, policy),
                None => index.anyone.push(at),
            }
            index.trusts.push(policy);
        }
        index
    }

    fn add(&mut self, at: usize, policy: &Policy) {
        for statement in allows(policy) {
            let Some(block) = statement
                .principal
                .as_ref()
                .filter(|b| !b.negated && !b.any)
            else {
                // No principal, `NotPrincipal` or `"Principal": "*"`.
                self.anyone.push(at);
                continue;
            };
            for entry in &block.entries {
                // Services, identity providers and canonical users never
                // name an IAM user or role session.
                if entry.kind != PrincipalType::Aws {
                    continue;
                }
                let value = entry.value.value.as_str();
                if is_account_id(value) {
                    self.by_account
                        .entry(value.to_string())
                        .or_default()
                        .push(at);
                    continue;
                }
                match Arn::parse(value) {
                    Ok(arn) if !arn.account.is_empty() && !value.contains(['*', '?']) => {
                        match name_of(arn.resource) {
                            Some(name) => self
                                .by_name
                                .entry((arn.account.to_string(), name))
                                .or_default()
                                .push(at),
                            None => self
                                .by_account
                                .entry(arn.account.to_string())
                                .or_default()
                                .push(at),
                        }
                    }
                    _ => self.anyone.push(at),
                }
            }
        }
    }

    /// The roles whose trust may name a principal of `account` called
    /// `name` (lower case), in the order of the dumps, each once.
    fn candidates(&self, account: &str, name: &str) -> Vec<usize> {
        let mut roles: Vec<usize> = self
            .anyone
            .iter()
            .chain(self.by_account.get(account).into_iter().flatten())
            .chain(
                self.by_name
                    .get(&(account.to_string(), name.to_string()))
                    .into_iter()
                    .flatten(),
            )
            .copied()
            .collect();
        roles.sort_unstable();
        roles.dedup();
        roles
    }
}

/// What the index needs of one principal, read once.
pub(super) struct PrincipalSide {
    caller: Option<Caller>,
    account: String,
    name: String,
    /// `None` when its policies cannot be read for sure: then they may
    /// allow anything.
    allows: Option<Vec<(PolicyVersion, Statement)>>,
}

impl PrincipalSide {
    pub(super) fn new(principal: &Principal) -> PrincipalSide {
        let caller = Caller::parse(&pair::caller_arn(principal)).ok();
        let account = caller
            .as_ref()
            .and_then(Caller::account)
            .unwrap_or_else(|| account_of(&principal.arn))
            .to_string();
        // The name a trust would name it by: the user's, or the role's.
        let name = match &caller {
            Some(Caller::User { name, .. }) => name.as_str(),
            Some(Caller::AssumedRole { role_name, .. }) => role_name.as_str(),
            _ => principal.name.as_str(),
        }
        .to_ascii_lowercase();
        PrincipalSide {
            caller,
            account,
            name,
            allows: identity_allows(principal),
        }
    }
}

/// The `Allow` statements of a principal's identity policies that may
/// grant `sts:AssumeRole` on some resource; `None` when a policy has errors
/// or there are more than the evaluator reads.
fn identity_allows(principal: &Principal) -> Option<Vec<(PolicyVersion, Statement)>> {
    let identity = &principal.policies.identity;
    if identity.len() > MAX_IDENTITY_POLICIES {
        return None;
    }
    let mut out = Vec::new();
    for source in identity {
        let parsed = parse_policy(source.text(), PolicyKind::Identity);
        if parsed.has_errors() {
            return None;
        }
        let policy = parsed.policy?;
        let version = policy.version;
        out.extend(
            policy
                .statements
                .into_iter()
                .filter(|s| s.effect.value == Effect::Allow)
                .filter(|s| {
                    s.action
                        .as_ref()
                        .is_none_or(|list| list_matches(list, |p| action_matches(p, ACTION)))
                })
                .map(|s| (version, s)),
        );
    }
    Some(out)
}

/// The roles `principal` may be able to assume: every other pair is a plain
/// deny. In the order of the dumps.
pub(super) fn roles_to_evaluate(
    index: &TrustIndex,
    roles: &[Role],
    principal: &Principal,
    side: &PrincipalSide,
) -> Vec<usize> {
    let Some(caller) = &side.caller else {
        // A caller the evaluator cannot read: let it say so for every role.
        return (0..roles.len())
            .filter(|&at| {
                roles
                    .get(at)
                    .is_some_and(|role| role.trust_policy.is_some())
            })
            .collect();
    };
    index
        .candidates(&side.account, &side.name)
        .into_iter()
        .filter(|&at| match index.trusts.get(at) {
            Some(Some(trust)) => roles
                .get(at)
                .is_some_and(|role| may_admit(trust, role, principal, side, caller)),
            // A trust that does not parse cleanly: evaluated.
            Some(None) => roles
                .get(at)
                .is_some_and(|role| role.trust_policy.is_some()),
            None => false,
        })
        .collect()
}

/// Whether the trust may let the principal assume the role.
fn may_admit(
    trust: &Policy,
    role: &Role,
    principal: &Principal,
    side: &PrincipalSide,
    caller: &Caller,
) -> bool {
    let mut live = false;
    let mut names_caller_itself = false;
    for statement in allows(trust) {
        let Some(block) = statement.principal.as_ref().filter(|b| !b.negated) else {
            return true;
        };
        let matching: Vec<&str> = if block.any {
            vec!["*"]
        } else {
            block
                .entries
                .iter()
                .filter(|entry| entry_matches(entry, caller) == PrincipalMatch::Matches)
                .map(|entry| entry.value.value.as_str())
                .collect()
        };
        if matching.is_empty() {
            continue;
        }
        // Counted even when its conditions fail: it decides nothing then,
        // but staying on the safe side costs only an evaluation.
        names_caller_itself |= matching
            .iter()
            .any(|value| !is_account_id(value) && !value.ends_with(":root"));
        live |= !statement
            .conditions
            .iter()
            .any(|condition| fails_on_a_fact(condition, trust.version, principal));
    }
    if !live {
        return false;
    }
    // A role ARN the evaluator may not read as one: left to it.
    let Ok(role_arn) = Arn::parse(&role.arn) else {
        return true;
    };
    // In one account, a trust that names the caller itself (or everyone)
    // grants on its own; otherwise the caller's policies must allow it too.
    if role_arn.account == side.account && names_caller_itself {
        return true;
    }
    identity_may_allow(side, &role.arn)
}

/// Whether a condition is sure to fail for the pair: its key is a fact no
/// change to the request can set, which the pair's request holds as the
/// organization input and the principal's tags say (or lacks), and the
/// condition is not met by that.
fn fails_on_a_fact(
    condition: &crate::policy::Condition,
    version: PolicyVersion,
    principal: &Principal,
) -> bool {
    let key = condition.key.value.as_str();
    let mut context = RequestContext::new();
    if ["aws:PrincipalOrgID", "aws:PrincipalOrgPaths"]
        .iter()
        .any(|fact| key.eq_ignore_ascii_case(fact))
    {
        // As the organization input gives it; absent without one.
        if let Some((_, value)) = principal
            .organization
            .context
            .iter()
            .find(|(have, _)| have.eq_ignore_ascii_case(key))
        {
            context.insert(key, vec![value.clone()]);
        }
    } else if let Some(tag) = key
        .get(..PRINCIPAL_TAG.len())
        .filter(|prefix| prefix.eq_ignore_ascii_case(PRINCIPAL_TAG))
        .and_then(|_| key.get(PRINCIPAL_TAG.len()..))
    {
        let mut values = principal
            .tags
            .iter()
            .filter(|(have, _)| have.eq_ignore_ascii_case(tag))
            .map(|(_, value)| value);
        match (values.next(), values.next()) {
            (None, _) => {}
            // One value within AWS's tag limits (a longer one the evaluator
            // holds to its caps), compared without policy variables (which
            // read other keys).
            (Some(value), None)
                if value.chars().count() <= MAX_TAG_VALUE
                    && !condition.values.iter().any(|v| v.value.contains("${")) =>
            {
                context.insert(key, vec![value.clone()]);
            }
            _ => return false,
        }
    } else {
        return false;
    }
    !evaluate_condition(condition, &context, version).met
}

/// AWS's longest tag value, in characters.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules_creating>
const MAX_TAG_VALUE: usize = 256;

const PRINCIPAL_TAG: &str = "aws:PrincipalTag/";

/// Whether some `Allow` statement of the principal's policies may name
/// `sts:AssumeRole` on `role_arn` (conditions not judged: they only narrow;
/// explicit denies and the boundary only narrow further).
fn identity_may_allow(side: &PrincipalSide, role_arn: &str) -> bool {
    let Some(allows) = &side.allows else {
        return true;
    };
    let empty = RequestContext::new();
    allows.iter().any(|(version, statement)| {
        statement.resource.as_ref().is_none_or(|list| {
            // A policy variable takes the principal's values: may match.
            list.values.iter().any(|value| value.value.contains("${"))
                || list_matches(list, |pattern| {
                    resource_matches(pattern, role_arn, &empty, *version)
                })
        })
    })
}

/// The `Allow` statements of a policy.
fn allows(policy: &Policy) -> impl Iterator<Item = &Statement> {
    policy
        .statements
        .iter()
        .filter(|statement| statement.effect.value == Effect::Allow)
}

/// `Action` / `Resource`: some entry matches; `NotAction` / `NotResource`: none.
fn list_matches(list: &NameList, matches: impl Fn(&str) -> bool) -> bool {
    list.values.iter().any(|value| matches(&value.value)) != list.negated
}

/// The name a user, role or session ARN's resource names, in lower case
/// (`user/path/NAME`, `role/path/NAME`, `assumed-role/NAME/SESSION`).
fn name_of(resource: &str) -> Option<String> {
    let name = if let Some(rest) = resource.strip_prefix("assumed-role/") {
        rest.split('/').next()?
    } else if resource.starts_with("user/") || resource.starts_with("role/") {
        resource.rsplit('/').next()?
    } else {
        return None;
    };
    Some(name.to_ascii_lowercase())
}
