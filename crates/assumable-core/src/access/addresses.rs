//! Where a pair's call may come from: the address ranges its documents
//! name for `aws:SourceIp`. A pair the dumps deny may be allowed from one
//! of them ("conditional", "aws:SourceIp in 10.0.0.0/8"): no fix edits
//! `source_ip`, a fact of the call (the contract's fix rules), so account-
//! wide access tries the ranges itself, and says one only when evaluation
//! allows the call from it.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip>

use ipnet::IpNet;

use crate::condition::parse_ip_block;
use crate::policy::{parse_policy, BaseOperator, PolicyKind};
use crate::scenario::{PolicySource, Scenario};
use crate::text::contains_ignore_ascii_case;

/// At most this many ranges are tried for one pair.
const MAX_RANGES: usize = 8;

/// The ranges the scenario's documents compare `aws:SourceIp` with
/// (`IpAddress` and `NotIpAddress`, with or without `IfExists`), narrowest
/// first, each once.
pub(super) fn source_ranges(scenario: &Scenario) -> Vec<IpNet> {
    let mut ranges: Vec<IpNet> = Vec::new();
    for (kind, source) in scenario.policies_by_kind() {
        for range in ranges_in(source, kind) {
            if !ranges.contains(&range) {
                ranges.push(range);
            }
        }
    }
    ranges.sort_by_key(|range| std::cmp::Reverse(range.prefix_len()));
    ranges.truncate(MAX_RANGES);
    ranges
}

fn ranges_in(source: &PolicySource, kind: PolicyKind) -> Vec<IpNet> {
    // Most documents never name the key: they are not parsed again (nor
    // copied to be lowered: this runs for each pair no request fix allows).
    if !contains_ignore_ascii_case(source.text(), "aws:SourceIp") {
        return Vec::new();
    }
    let Some(policy) = parse_policy(source.text(), kind).policy else {
        return Vec::new();
    };
    policy
        .statements
        .iter()
        .flat_map(|statement| &statement.conditions)
        .filter(|condition| condition.key.value.eq_ignore_ascii_case("aws:SourceIp"))
        .filter(|condition| {
            condition.operator.is_some_and(|operator| {
                matches!(
                    operator.base,
                    BaseOperator::IpAddress | BaseOperator::NotIpAddress
                )
            })
        })
        .flat_map(|condition| &condition.values)
        .filter_map(|value| parse_ip_block(&value.value))
        .map(|range| range.trunc())
        .collect()
}

/// The ranges strictly inside `range` among `ranges`: where a document may
/// single out part of it.
pub(super) fn inside<'a>(range: &'a IpNet, ranges: &'a [IpNet]) -> impl Iterator<Item = &'a IpNet> {
    ranges
        .iter()
        .filter(move |other| *other != range && range.contains(*other))
}
