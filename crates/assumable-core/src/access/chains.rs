//! Role chaining: what a principal reaches by assuming roles in turn, each
//! hop a direct `allow` or `conditional` pair, by the shortest chain. A
//! session made by chaining lasts at most one hour, so a hop that needs a
//! longer `DurationSeconds` is no hop of a chain.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining>

use std::collections::{BTreeMap, HashMap, VecDeque};

use super::{Access, Pair};

/// The longest chained session, in seconds.
const CHAINED_SESSION_LIMIT: u64 = 3600;

/// The pairs reachable only through other roles, given every direct pair
/// that is not a plain deny: for each principal, each role its chains reach
/// that it cannot assume directly, by a shortest chain (`via`: the roles
/// assumed on the way, in order).
pub fn chained_pairs(direct: &[Pair]) -> Vec<Pair> {
    // Each principal's direct pairs that are not a plain deny, grouped once
    // (principals in order, so that the chains come out in order).
    let mut assumes: BTreeMap<&str, Vec<&Pair>> = BTreeMap::new();
    for pair in direct.iter().filter(|pair| pair.result != Access::Deny) {
        assumes
            .entry(pair.principal.as_str())
            .or_default()
            .push(pair);
    }
    // Principals and roles by number (a role's sessions are a principal of
    // the same ARN): a search marks what it has seen in a list, not in a set
    // of ARNs, which an organization's thousands of searches compared by
    // the million.
    let mut numbers: HashMap<&str, usize> = HashMap::new();
    for (&principal, pairs) in &assumes {
        for name in std::iter::once(principal).chain(pairs.iter().map(|pair| pair.role.as_str())) {
            let next = numbers.len();
            numbers.entry(name).or_insert(next);
        }
    }
    let number = |name: &str| numbers.get(name).copied().unwrap_or(usize::MAX);
    // From each principal, the hops a chained session may take: each a
    // direct pair whose requirements fit in the session's hour.
    let mut hops: Vec<Vec<(usize, &Pair)>> = vec![Vec::new(); numbers.len()];
    for (&principal, pairs) in &assumes {
        if let Some(from) = hops.get_mut(number(principal)) {
            *from = pairs
                .iter()
                .filter(|pair| fits_a_chained_session(pair))
                .map(|pair| (number(&pair.role), *pair))
                .collect();
        }
    }
    // Which search last saw each principal or role.
    let mut seen_by: Vec<usize> = vec![usize::MAX; numbers.len()];
    let mut out = Vec::new();
    for (search, (&start, first_hops)) in assumes.iter().enumerate() {
        // Breadth first from the roles the principal assumes directly.
        let mut see = |name: usize| match seen_by.get_mut(name) {
            Some(by) if *by != search => {
                *by = search;
                true
            }
            _ => false,
        };
        see(number(start));
        for pair in first_hops {
            see(number(&pair.role));
        }
        let mut queue: VecDeque<(usize, Vec<&Pair>)> = first_hops
            .iter()
            .map(|pair| (number(&pair.role), vec![*pair]))
            .collect();
        while let Some((role, path)) = queue.pop_front() {
            for &(next, hop) in hops.get(role).into_iter().flatten() {
                if !see(next) {
                    continue;
                }
                let mut chain = path.clone();
                chain.push(hop);
                out.push(chained(start, &chain));
                queue.push_back((next, chain));
            }
        }
    }
    out
}

/// One chain as a pair: allowed when every hop is, else conditional on what
/// each hop requires.
fn chained(start: &str, chain: &[&Pair]) -> Pair {
    let conditional = chain.iter().any(|hop| hop.result == Access::Conditional);
    let mut requires = Vec::new();
    for hop in chain {
        for requirement in &hop.requires {
            if !requires.contains(requirement) {
                requires.push(requirement.clone());
            }
        }
    }
    Pair {
        principal: start.to_string(),
        role: chain.last().map(|hop| hop.role.clone()).unwrap_or_default(),
        result: if conditional {
            Access::Conditional
        } else {
            Access::Allow
        },
        requires,
        failing: Vec::new(),
        via: chain
            .iter()
            .take(chain.len().saturating_sub(1))
            .map(|hop| hop.role.clone())
            .collect(),
    }
}

/// Whether a hop's requirements fit a chained session (no duration over
/// one hour).
fn fits_a_chained_session(pair: &Pair) -> bool {
    pair.requires.iter().all(|requirement| {
        requirement
            .strip_prefix("DurationSeconds=")
            .and_then(|seconds| seconds.parse::<u64>().ok())
            .is_none_or(|seconds| seconds <= CHAINED_SESSION_LIMIT)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(principal: &str, role: &str, result: Access, requires: &[&str]) -> Pair {
        Pair {
            principal: principal.into(),
            role: role.into(),
            result,
            requires: requires.iter().map(|r| r.to_string()).collect(),
            failing: Vec::new(),
            via: Vec::new(),
        }
    }

    #[test]
    fn a_chain_is_found_by_its_shortest_path_and_says_what_each_hop_needs() {
        let direct = [
            pair("user/ci", "role/A", Access::Allow, &[]),
            pair(
                "role/A",
                "role/B",
                Access::Conditional,
                &["sts:ExternalId=x"],
            ),
            pair("role/B", "role/C", Access::Allow, &[]),
            pair("role/A", "role/C", Access::Allow, &[]),
        ];
        let chains = chained_pairs(&direct);
        let to = |role: &str| {
            chains
                .iter()
                .find(|p| p.principal == "user/ci" && p.role == role)
        };
        let b = to("role/B").expect("ci reaches B through A");
        assert_eq!(
            (b.result, b.via.clone()),
            (Access::Conditional, vec!["role/A".to_string()])
        );
        assert_eq!(b.requires, ["sts:ExternalId=x"]);
        // Through A directly, not through A then B.
        let c = to("role/C").expect("ci reaches C");
        assert_eq!(
            (c.result, c.via.clone()),
            (Access::Allow, vec!["role/A".to_string()])
        );
        // What ci assumes directly is no chain.
        assert!(to("role/A").is_none());
    }

    #[test]
    fn a_hop_that_needs_more_than_an_hour_is_no_hop_of_a_chain() {
        let direct = [
            pair("user/ci", "role/A", Access::Allow, &[]),
            pair(
                "role/A",
                "role/B",
                Access::Conditional,
                &["DurationSeconds=7200"],
            ),
        ];
        assert!(chained_pairs(&direct).is_empty());
    }
}
