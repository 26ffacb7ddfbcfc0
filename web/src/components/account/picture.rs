//! The picture of what one principal reaches: the principal on the left,
//! each role it can assume to its right, chained roles further right, one
//! line per hop (dashed when the hop needs something in the request). Each
//! role is drawn once, on its shortest chain (the pairs' `via`). The same
//! answers are listed in words beside it: the picture is an aid, not the
//! only telling.

use std::collections::BTreeMap;

use assumable_core::access::{Access, Pair};
use yew::prelude::*;

const COLUMN: i32 = 250;
const ROW: i32 = 34;
const BOX_WIDTH: i32 = 220;
const BOX_HEIGHT: i32 = 24;
/// What fits a box: 12px monospace is some 7.2px a character, and the text
/// starts 8px in.
const LABEL_CHARS: usize = 28;

/// One drawn node: a role (or the principal), where it sits, and how it is
/// reached from its parent.
struct Node<'a> {
    arn: &'a str,
    depth: i32,
    row: i32,
    parent_row: Option<i32>,
    conditional: bool,
}

/// The picture of `pairs` (one principal's direct pairs that are not plain
/// denials, and its chains), or nothing when it reaches no role.
pub fn picture(principal: &str, pairs: &[Pair]) -> Html {
    let reached: Vec<&Pair> = pairs
        .iter()
        .filter(|pair| pair.principal == principal && pair.result != Access::Deny)
        .collect();
    if reached.is_empty() {
        return Html::default();
    }
    // Each role's parent: the last role assumed before it, or the principal.
    let mut children: BTreeMap<&str, Vec<&Pair>> = BTreeMap::new();
    for pair in &reached {
        let parent = pair.via.last().map_or(principal, String::as_str);
        children.entry(parent).or_default().push(pair);
    }
    let mut nodes = Vec::new();
    let mut next_row = 0;
    place(
        principal,
        0,
        None,
        false,
        &children,
        &mut nodes,
        &mut next_row,
    );
    let depth = nodes.iter().map(|node| node.depth).max().unwrap_or(0);
    let width = (depth + 1) * COLUMN;
    let height = next_row.max(1) * ROW;
    let label = format!(
        "{} reaches {} role{}",
        short(principal),
        reached.len(),
        if reached.len() == 1 { "" } else { "s" }
    );
    html! {
        <figure class="access-picture">
            <svg viewBox={format!("0 0 {width} {height}")} width={width.to_string()} height={height.to_string()}
                role="img" aria-label={label.clone()}>
                <title>{ label }</title>
                { for nodes.iter().filter_map(edge) }
                { for nodes.iter().map(node) }
            </svg>
            <figcaption class="hint">{ "Solid: allowed as called. Dashed: allowed when the call carries more (see the list). Each role is drawn on its shortest chain." }</figcaption>
        </figure>
    }
}

/// Places `arn` and, depth first, what it leads to; leaves take the rows
/// in turn and a parent sits level with its first child.
fn place<'a>(
    arn: &'a str,
    depth: i32,
    parent_row: Option<i32>,
    conditional: bool,
    children: &BTreeMap<&'a str, Vec<&'a Pair>>,
    nodes: &mut Vec<Node<'a>>,
    next_row: &mut i32,
) {
    let row = *next_row;
    nodes.push(Node {
        arn,
        depth,
        row,
        parent_row,
        conditional,
    });
    let below = children.get(arn).map(Vec::as_slice).unwrap_or_default();
    if below.is_empty() {
        *next_row += 1;
        return;
    }
    // A cycle cannot arise (each role has one parent on a shortest chain),
    // but depth bounds the walk all the same.
    if depth > 64 {
        *next_row += 1;
        return;
    }
    for pair in below {
        place(
            &pair.role,
            depth + 1,
            Some(row),
            pair.result == Access::Conditional,
            children,
            nodes,
            next_row,
        );
    }
}

fn edge(node: &Node) -> Option<Html> {
    let parent_row = node.parent_row?;
    let x1 = (node.depth - 1) * COLUMN + BOX_WIDTH;
    let y1 = parent_row * ROW + ROW / 2;
    let x2 = node.depth * COLUMN;
    let y2 = node.row * ROW + ROW / 2;
    let class = classes!("access-hop", node.conditional.then_some("conditional"));
    Some(html! {
        <path {class} d={format!("M{x1} {y1} C{} {y1} {} {y2} {x2} {y2}", x1 + 15, x2 - 15)} />
    })
}

fn node(node: &Node) -> Html {
    let x = node.depth * COLUMN;
    let y = node.row * ROW + (ROW - BOX_HEIGHT) / 2;
    let class = classes!(
        "access-node",
        (node.depth == 0).then_some("start"),
        node.conditional.then_some("conditional")
    );
    html! {
        <g {class}>
            <title>{ node.arn }</title>
            <rect x={x.to_string()} y={y.to_string()} width={BOX_WIDTH.to_string()} height={BOX_HEIGHT.to_string()} rx="4" />
            <text x={(x + 8).to_string()} y={(y + BOX_HEIGHT / 2 + 4).to_string()}>{ short(node.arn) }</text>
        </g>
    }
}

/// `role/Name (111122223333)` when it fits its box, else `role/Name`, cut
/// at the end if need be: the name matters more than the account, and the
/// node's title carries the whole ARN.
fn short(arn: &str) -> String {
    let mut fields = arn.splitn(6, ':');
    let account = fields.nth(4).unwrap_or_default();
    let resource = fields.next().unwrap_or(arn);
    let with_account = format!("{resource} ({account})");
    if !account.is_empty() && with_account.chars().count() <= LABEL_CHARS {
        return with_account;
    }
    if resource.chars().count() <= LABEL_CHARS {
        return resource.to_string();
    }
    let cut: String = resource.chars().take(LABEL_CHARS - 1).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_names_the_resource_and_its_account_and_fits_its_box() {
        assert_eq!(
            short("arn:aws:iam::111111111111:role/Local"),
            "role/Local (111111111111)"
        );
        // Too long with its account, the name is kept whole.
        assert_eq!(
            short("arn:aws:iam::555555555555:role/WorkerSessions"),
            "role/WorkerSessions"
        );
        let long = short("arn:aws:iam::111111111111:role/a-very-long-name-for-a-role");
        assert_eq!(long.chars().count(), LABEL_CHARS);
        assert!(long.starts_with("role/a-very-long") && long.ends_with('…'));
    }
}
