//! Redacted addresses drawn from the ranges set aside for documentation
//! (RFC 5737: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24; RFC 3849:
//! 2001:db8::/32), so that a shared case never shows an address that looks
//! like somebody's.
//!
//! `IpAddress` only asks whether an address lies in a block, and CIDR blocks
//! are either nested or apart, so the addresses and blocks of a case form a
//! tree. Each node gets a power-of-two slot big enough for its children, and
//! the children are packed into it biggest first: an address is in a block
//! after the mapping exactly when it was before. The prefix lengths change
//! (a `/8` may become a `/30`); nothing in IAM's evaluation reads them.
//!
//! `None` when the case does not fit: more than three IPv4 top-level groups
//! that each need a whole /24, say, or a block written with host bits
//! (`10.0.0.5/24`), which names an address and a block at once. The caller
//! then keeps the prefix-preserving permutation and says so.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// RFC 5737's three IPv4 blocks, in the order they are filled.
const V4_RANGES: [u32; 3] = [0xc000_0200, 0xc633_6400, 0xcb00_7100];
const V4_RANGE_BITS: u32 = 8;
/// RFC 3849's 2001:db8::/32.
const V6_RANGE: u128 = 0x2001_0db8 << 96;
const V6_RANGE_BITS: u32 = 96;

/// Whether the token is a documentation address or block, or "any address"
/// (`0.0.0.0/0`, `::/0`): nothing to hide.
pub(super) fn is_documentation(token: &str) -> bool {
    let Some(node) = Node::parse(token) else {
        return false;
    };
    if node.prefix == 0 {
        return true;
    }
    let inside = |base: u128, range_bits: u32| {
        node.prefix >= node.width - range_bits && node.bits >> range_bits == base >> range_bits
    };
    match node.width {
        32 => V4_RANGES
            .iter()
            .any(|&base| inside(u128::from(base), V4_RANGE_BITS)),
        _ => inside(V6_RANGE, V6_RANGE_BITS),
    }
}

/// Each token (an address, or a block `ADDRESS/PREFIX`) with its
/// documentation-range replacement, or `None` when they do not fit. Tokens
/// that name no address are left out; `/0` maps to itself.
pub(super) fn into_documentation_ranges(tokens: &[&str]) -> Option<BTreeMap<String, String>> {
    let mut parsed = Vec::new();
    for &token in tokens {
        let Some(node) = Node::parse(token) else {
            continue;
        };
        // `10.0.0.5/24` is a block to a policy and an address to a request.
        if node.bits & !node.network_mask() != 0 {
            return None;
        }
        parsed.push((token, node));
    }
    let mut mapped_nodes = BTreeMap::new();
    for width in [32, 128] {
        // A block written in a request is read as its network address:
        // that address is a point to place too.
        let nodes: Vec<Node> = parsed
            .iter()
            .map(|(_, node)| *node)
            .filter(|node| node.width == width && node.prefix > 0)
            .flat_map(|node| {
                [
                    node,
                    Node {
                        prefix: width,
                        ..node
                    },
                ]
            })
            .collect();
        mapped_nodes.extend(place_family(&nodes, width)?);
    }
    let mut out = BTreeMap::new();
    for (token, node) in parsed {
        let replacement = if node.prefix == 0 {
            token.to_string()
        } else {
            let new = mapped_nodes.get(&(node.bits, node.prefix, node.width))?;
            new.render(token.contains('/'))
        };
        out.insert(token.to_string(), replacement);
    }
    Some(out)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Node {
    /// The network (host bits zero), right-aligned in a u128.
    bits: u128,
    prefix: u32,
    width: u32,
}

impl Node {
    fn parse(token: &str) -> Option<Node> {
        let (address, prefix) = match token.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix.parse::<u32>().ok()?)),
            None => (token, None),
        };
        let (bits, width) = match address.parse::<IpAddr>().ok()? {
            IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
            IpAddr::V6(v6) => (u128::from(v6), 128),
        };
        let prefix = prefix.unwrap_or(width);
        (prefix <= width).then_some(Node {
            bits,
            prefix,
            width,
        })
    }

    fn network_mask(&self) -> u128 {
        let all = u128::MAX >> (128 - self.width);
        let host = all.checked_shr(self.prefix).unwrap_or(0);
        all & !host
    }

    fn contains(&self, other: &Node) -> bool {
        other.prefix >= self.prefix && other.bits & self.network_mask() == self.bits
    }

    fn render(&self, as_block: bool) -> String {
        let address = match self.width {
            32 => IpAddr::V4(Ipv4Addr::from(u32::try_from(self.bits).unwrap_or_default())),
            _ => IpAddr::V6(Ipv6Addr::from(self.bits)),
        };
        if as_block {
            format!("{address}/{}", self.prefix)
        } else {
            address.to_string()
        }
    }
}

type NodeKey = (u128, u32, u32);

/// The family's nodes placed in its documentation range(s).
fn place_family(nodes: &[Node], width: u32) -> Option<BTreeMap<NodeKey, Node>> {
    let mut nodes = nodes.to_vec();
    nodes.sort_by_key(|node| (node.bits, node.prefix));
    nodes.dedup();
    // The containment tree: sorted by network then prefix, each node's
    // parent is the nearest enclosing node on the stack.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let mut roots = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for (at, node) in nodes.iter().enumerate() {
        while let Some(&top) = stack.last() {
            if nodes.get(top).is_some_and(|parent| parent.contains(node)) {
                break;
            }
            stack.pop();
        }
        match stack.last().and_then(|&top| children.get_mut(top)) {
            Some(siblings) => siblings.push(at),
            None => roots.push(at),
        }
        stack.push(at);
    }
    let mut needs = vec![0u32; nodes.len()];
    // Children come after their parent in sorted order: sizes bottom-up.
    for at in (0..nodes.len()).rev() {
        let child_needs = children
            .get(at)
            .map(|list| {
                slots(at, list, &nodes, &needs)
                    .into_iter()
                    .map(|(_, bits)| bits)
                    .collect()
            })
            .unwrap_or_default();
        let need = packed_bits(child_needs)?;
        if let Some(slot) = needs.get_mut(at) {
            *slot = need;
        }
    }
    let (bases, range_bits): (Vec<u128>, u32) = match width {
        32 => (
            V4_RANGES.iter().map(|&b| u128::from(b)).collect(),
            V4_RANGE_BITS,
        ),
        _ => (vec![V6_RANGE], V6_RANGE_BITS),
    };
    // Roots biggest first, each into the first range with room (sizes are
    // powers of two, so first fit never wastes a range another could use).
    let mut order: Vec<usize> = roots.clone();
    order.sort_by_key(|&at| std::cmp::Reverse(needs.get(at).copied().unwrap_or(0)));
    let mut used = vec![0u128; bases.len()];
    let mut placed = BTreeMap::new();
    let alone = roots.len() <= bases.len();
    for (nth, &root) in order.iter().enumerate() {
        let node = nodes.get(root)?;
        let need = needs.get(root).copied()?;
        if need > range_bits {
            return None;
        }
        let (range, base) = if alone {
            // A root with a range of its own: a block takes all of it.
            (nth, *bases.get(nth)?)
        } else {
            let size = 1u128 << need;
            let range = (0..bases.len()).find(|&r| {
                used.get(r)
                    .is_some_and(|&u| u + size <= 1u128 << range_bits)
            })?;
            (range, bases.get(range)? + used.get(range)?)
        };
        let bits = if alone && node.prefix < node.width {
            range_bits
        } else {
            need
        };
        if let Some(u) = used.get_mut(range) {
            *u += 1u128 << bits;
        }
        place(
            root,
            base,
            bits,
            width,
            &nodes,
            &children,
            &needs,
            &mut placed,
        )?;
    }
    Some(placed)
}

/// A node's children with the bits of their slots, in placing order. The
/// child holding the parent's network address goes first, so that the
/// parent's new network is that child's too, in a slot as big as the
/// biggest sibling's (the rest follow biggest first, aligned).
fn slots(parent: usize, list: &[usize], nodes: &[Node], needs: &[u32]) -> Vec<(usize, u32)> {
    let need = |at: usize| needs.get(at).copied().unwrap_or(0);
    let network = nodes.get(parent).map(|node| node.bits);
    let (mut first, mut rest): (Vec<usize>, Vec<usize>) = list
        .iter()
        .partition(|&&c| nodes.get(c).map(|node| node.bits) == network);
    rest.sort_by_key(|&c| std::cmp::Reverse(need(c)));
    let biggest = rest.first().map_or(0, |&c| need(c));
    let mut out: Vec<(usize, u32)> = first.drain(..).map(|c| (c, need(c).max(biggest))).collect();
    out.extend(rest.into_iter().map(|c| (c, need(c))));
    out
}

/// The bits of the smallest power-of-two slot that holds slots of these
/// sizes side by side (an address or an empty block needs one address).
fn packed_bits(mut child_needs: Vec<u32>) -> Option<u32> {
    if child_needs.is_empty() {
        return Some(0);
    }
    child_needs.sort_unstable_by(|a, b| b.cmp(a));
    let total = child_needs.iter().try_fold(0u128, |sum, &need| {
        sum.checked_add(1u128.checked_shl(need)?)
    })?;
    // A block with one child may share its slot: it holds nothing else.
    let bits = 128 - (total - 1).leading_zeros();
    (bits <= 128).then_some(bits)
}

/// Places `at` at `base` with a slot of `bits`, then its children inside.
#[allow(clippy::too_many_arguments, reason = "one recursive walk of one tree")]
fn place(
    at: usize,
    base: u128,
    bits: u32,
    width: u32,
    nodes: &[Node],
    children: &[Vec<usize>],
    needs: &[u32],
    placed: &mut BTreeMap<NodeKey, Node>,
) -> Option<()> {
    let node = nodes.get(at)?;
    let new = Node {
        bits: base,
        // An address stays an address.
        prefix: if node.prefix == node.width {
            width
        } else {
            width - bits
        },
        width,
    };
    placed.insert((node.bits, node.prefix, node.width), new);
    let mut offset = 0u128;
    for (child, bits) in slots(at, children.get(at)?, nodes, needs) {
        place(
            child,
            base + offset,
            bits,
            width,
            nodes,
            children,
            needs,
            placed,
        )?;
        offset += 1u128 << bits;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(text: &str) -> ipnet::IpNet {
        text.parse().unwrap_or_else(|_| {
            let address: IpAddr = text.parse().expect("address");
            ipnet::IpNet::from(address)
        })
    }

    #[test]
    fn a_lone_address_and_block_take_documentation_ranges() {
        let map =
            into_documentation_ranges(&["10.0.0.0/8", "10.1.2.3", "52.94.7.9"]).expect("fits");
        let block = net(&map["10.0.0.0/8"]);
        let inside: IpAddr = map["10.1.2.3"].parse().expect("ip");
        let outside: IpAddr = map["52.94.7.9"].parse().expect("ip");
        assert!(block.contains(&inside));
        assert!(!block.contains(&outside));
        for replacement in map.values() {
            assert!(is_documentation(replacement), "{replacement}");
        }
    }

    #[test]
    fn any_address_stays_and_ipv6_goes_to_2001_db8() {
        let map = into_documentation_ranges(&["0.0.0.0/0", "2600:1f18::/32", "2600:1f18::7"])
            .expect("fits");
        assert_eq!(map["0.0.0.0/0"], "0.0.0.0/0");
        assert_eq!(map["2600:1f18::/32"], "2001:db8::/32");
        assert!(net(&map["2600:1f18::/32"])
            .contains(&map["2600:1f18::7"].parse::<IpAddr>().expect("ip")));
    }

    proptest::proptest! {
        /// Whatever the addresses and blocks, when they fit: every address
        /// is in every block it was in and in no other, distinct addresses
        /// stay distinct, and each lies in a documentation range.
        #[test]
        fn containment_is_kept_exactly(
            raw in proptest::collection::vec((0u32..4, 0u32..4, 0u32..256, 16u32..=32, proptest::bool::ANY), 1..40)
        ) {
            let tokens: Vec<String> = raw
                .iter()
                .map(|&(a, b, c, prefix, is_block)| {
                    let bits = (10 << 24) | (a << 16) | (b << 8) | c;
                    if is_block {
                        let mask = u32::MAX.checked_shl(32 - prefix).unwrap_or(0);
                        format!("{}/{prefix}", Ipv4Addr::from(bits & mask))
                    } else {
                        Ipv4Addr::from(bits).to_string()
                    }
                })
                .collect();
            let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
            if let Some(map) = into_documentation_ranges(&refs) {
                for a in &tokens {
                    proptest::prop_assert!(is_documentation(&map[a]), "{} -> {}", a, map[a]);
                    for b in &tokens {
                        let before = net(b).contains(&net(a).addr());
                        let after = net(&map[b]).contains(&net(&map[a]).addr());
                        proptest::prop_assert_eq!(before, after, "{} in {}: {:?}", a, b, map);
                        if !a.contains('/') && !b.contains('/') {
                            proptest::prop_assert_eq!(a == b, map[a] == map[b]);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn host_bits_in_a_block_or_too_many_groups_do_not_fit() {
        assert!(into_documentation_ranges(&["10.0.0.5/24"]).is_none());
        let many: Vec<String> = (0..300)
            .map(|n| format!("10.{}.{}.1", n / 256, n % 256))
            .collect();
        let tokens: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(
            into_documentation_ranges(&tokens).is_some(),
            "300 addresses fit in 768"
        );
        let blocks: Vec<String> = (0..4)
            .map(|n| format!("10.{n}.0.0/16"))
            .chain((0..4).flat_map(|n| (0..200).map(move |h| format!("10.{n}.0.{h}"))))
            .collect();
        let tokens: Vec<&str> = blocks.iter().map(String::as_str).collect();
        assert!(
            into_documentation_ranges(&tokens).is_none(),
            "four full /24s"
        );
    }
}
