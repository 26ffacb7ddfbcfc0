//! Small helpers every component shares: how core text, document names,
//! locations and input events become what the page shows.

use assumable_core::fix::policy;
use assumable_core::report::{DocumentId, RequestField};
use assumable_core::text::{split_first_sentence, TextRange};
use assumable_core::{Location, Scenario};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The document's name as the page shows it: the core's label
/// ("Identity policy 1"), or the name the person gave an identity policy.
pub fn document_label(document: DocumentId, names: &[String]) -> String {
    match document {
        DocumentId::Identity(n) => match names.get(n).filter(|name| !name.is_empty()) {
            Some(name) => format!("Identity policy \u{201c}{name}\u{201d}"),
            None => document.label(),
        },
        other => other.label(),
    }
}

/// A piece of core text, as [`rich`] shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    /// Between backticks: user input or code.
    Code(&'a str),
    /// An address written in the prose.
    Link(&'a str),
}

/// Splits core text into prose, `code` and links. A backtick without its
/// pair stays text; an address inside code stays code; the punctuation
/// that closes a sentence or a parenthesis is not part of an address.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let tick = rest.find('`');
        let link = rest.find("https://").or_else(|| rest.find("http://"));
        match (tick, link) {
            (Some(open), _) if link.is_none_or(|at| open < at) => {
                let after = rest.get(open + 1..).unwrap_or_default();
                match after.find('`') {
                    Some(close) => {
                        push_text(&mut out, rest.get(..open).unwrap_or_default());
                        out.push(Piece::Code(after.get(..close).unwrap_or_default()));
                        rest = after.get(close + 1..).unwrap_or_default();
                    }
                    None => {
                        // No closing backtick: the rest is text (links in it still links).
                        push_text(&mut out, rest.get(..=open).unwrap_or_default());
                        rest = after;
                    }
                }
            }
            (_, Some(at)) => {
                push_text(&mut out, rest.get(..at).unwrap_or_default());
                let tail = rest.get(at..).unwrap_or_default();
                let mut end = tail
                    .find(|c: char| c.is_whitespace() || c == '`')
                    .unwrap_or(tail.len());
                // Trailing ")" "." "," ";" ":" close the prose, not the address.
                while let Some(last) = tail.get(..end).and_then(|url| url.chars().last()) {
                    if matches!(last, ')' | '.' | ',' | ';' | ':' | '"' | '\'') {
                        end -= last.len_utf8();
                    } else {
                        break;
                    }
                }
                out.push(Piece::Link(tail.get(..end).unwrap_or_default()));
                rest = tail.get(end..).unwrap_or_default();
            }
            _ => {
                push_text(&mut out, rest);
                rest = "";
            }
        }
    }
    out
}

fn push_text<'a>(out: &mut Vec<Piece<'a>>, text: &'a str) {
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
}

/// What a link in core text reads as: AWS's documentation by that name, any
/// other address as itself.
pub fn link_text(url: &str) -> &str {
    if url.starts_with("https://docs.aws.amazon.com/") {
        "AWS documentation"
    } else {
        url
    }
}

/// Text from the core, where `backticks` quote user input or code: shown as
/// `<code>`, never as HTML; addresses become links (opening a new tab).
pub fn rich(text: &str) -> Html {
    html! {
        <>{ for pieces(text).into_iter().map(|piece| match piece {
            Piece::Text(text) => html! { { text.to_string() } },
            Piece::Code(code) => html! { <code>{ code.to_string() }</code> },
            Piece::Link(url) => html! {
                <a href={url.to_string()} target="_blank" rel="noopener noreferrer">
                    { link_text(url) }
                    <span class="visually-hidden">{ " (opens in a new tab)" }</span>
                </a>
            },
        }) }</>
    }
}

/// A report text in two layers: its first sentence, and the rest (empty
/// for a text of one sentence). Cut only at a sentence's end.
pub fn first_sentence(text: &str) -> (&str, &str) {
    split_first_sentence(text)
}

/// The text a location points into, and the byte range it underlines there.
pub fn located_text<'a>(
    scenario: &'a Scenario,
    location: &Location,
) -> Option<(&'a str, TextRange)> {
    let text = policy(scenario, location.document)?.text();
    Some((text, location.byte_range(text)?))
}

/// Whether a location's field is `field` or a part of it (`tags.project`
/// is a part of `tags`).
pub fn field_within(located: &RequestField, field: &RequestField) -> bool {
    if located == field {
        return true;
    }
    match located {
        RequestField::Unknown(name) => name
            .strip_prefix(field.as_str())
            .is_some_and(|rest| rest.starts_with(['.', '[', '/'])),
        _ => false,
    }
}

/// The DOM id of the input that shows a request or role field.
pub fn field_input_id(field: &RequestField) -> String {
    format!("field-{}", field.as_str())
}

/// The value of the `<input>` an event came from ("" for any other target).
pub fn input_value(event: &Event) -> String {
    event
        .target()
        .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
        .map(|input| input.value())
        .unwrap_or_default()
}

/// The value of the `<select>` an event came from ("" for any other target).
pub fn select_value(event: &Event) -> String {
    event
        .target()
        .and_then(|target| target.dyn_into::<HtmlSelectElement>().ok())
        .map(|select| select.value())
        .unwrap_or_default()
}

/// Whether the `<input type="checkbox">` an event came from is checked.
pub fn input_checked(event: &Event) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|input| input.checked())
}

/// An ARN (or a list of them) that may break across lines only after its
/// `:` and `/` separators, never inside a name: a `<wbr>` after each.
pub fn breakable_arn(text: &str) -> Html {
    text.split_inclusive([':', '/'])
        .map(|part| html! { <>{ part }<wbr /></> })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_links_and_lone_backticks() {
        use Piece::{Code, Link, Text};
        assert_eq!(
            pieces("Use `sts:AssumeRole` (https://docs.aws.amazon.com/IAM/x.html)."),
            vec![
                Text("Use "),
                Code("sts:AssumeRole"),
                Text(" ("),
                Link("https://docs.aws.amazon.com/IAM/x.html"),
                Text(")."),
            ]
        );
        // An address inside code stays code.
        assert_eq!(
            pieces("`https://a.example/x`"),
            vec![Code("https://a.example/x")]
        );
        // Pairs from the left; a lone backtick left over is text.
        assert_eq!(
            pieces("a ` b `c`"),
            vec![Text("a "), Code(" b "), Text("c`")]
        );
        assert_eq!(pieces("x `y"), vec![Text("x `"), Text("y")]);
        assert_eq!(pieces(""), vec![]);
        assert_eq!(
            link_text("https://docs.aws.amazon.com/IAM/x.html"),
            "AWS documentation"
        );
        assert_eq!(link_text("https://example.com/"), "https://example.com/");
    }

    #[test]
    fn a_detail_is_cut_at_a_sentence_end_only() {
        let detail = "The statement has no `Principal` (say who, e.g. `\"Statement\": [ ... ]`). \
            Trust policies need one.";
        assert_eq!(
            first_sentence(detail),
            (
                "The statement has no `Principal` (say who, e.g. `\"Statement\": [ ... ]`).",
                "Trust policies need one."
            )
        );
        assert_eq!(
            first_sentence("One sentence only."),
            ("One sentence only.", "")
        );
    }

    #[test]
    fn documents_are_named_as_the_page_names_them() {
        assert_eq!(
            document_label(DocumentId::Identity(0), &[]),
            "Identity policy 1"
        );
        assert_eq!(
            document_label(DocumentId::Identity(0), &["Deploy".to_string()]),
            "Identity policy \u{201c}Deploy\u{201d}"
        );
        assert_eq!(
            document_label(DocumentId::Scp(0, 1), &[]),
            "SCP level 1, policy 2"
        );
    }

    #[test]
    fn a_field_contains_its_parts_only() {
        let tags = RequestField::Tags;
        assert!(field_within(&RequestField::Tags, &tags));
        assert!(field_within(&RequestField::parse("tags.project"), &tags));
        assert!(field_within(&RequestField::parse("tags[0]"), &tags));
        assert!(!field_within(&RequestField::parse("tagsx"), &tags));
        assert!(!field_within(&RequestField::Context, &tags));
    }
}

/// One line of a diff between a document before and after a fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffLine<'a> {
    /// An unchanged line shown for context.
    Same(&'a str),
    /// Unchanged lines left out.
    Skipped(usize),
    Removed(&'a str),
    Added(&'a str),
}

/// Lines of context kept around each change.
const DIFF_CONTEXT: usize = 1;

/// The lines that change from `before` to `after`, with a line of context
/// around each change: a fix that adds a statement shows that statement, not
/// the whole document removed and written again. A longest common
/// subsequence of lines; policies are at most a few hundred lines.
pub fn line_diff<'a>(before: &'a str, after: &'a str) -> Vec<DiffLine<'a>> {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = after.lines().collect();
    // The lines both keep at the start and the end need no table: the
    // page renders diffs on every evaluation, and most edits are small.
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old
        .iter()
        .skip(prefix)
        .rev()
        .zip(new.iter().skip(prefix).rev())
        .take_while(|(a, b)| a == b)
        .count();
    let middle = |lines: &[&'a str]| -> Vec<&'a str> {
        lines
            .get(prefix..lines.len() - suffix)
            .unwrap_or_default()
            .to_vec()
    };
    let mut full: Vec<DiffLine<'a>> = old.iter().take(prefix).map(|l| DiffLine::Same(l)).collect();
    full.extend(changed_lines(&middle(&old), &middle(&new)));
    full.extend(
        old.iter()
            .skip(old.len() - suffix)
            .map(|l| DiffLine::Same(l)),
    );
    fold_unchanged(full)
}

/// Every line of `old` and `new` as kept, removed or added, by a longest
/// common subsequence.
fn changed_lines<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<DiffLine<'a>> {
    // lcs[i][j]: the longest common subsequence of old[i..] and new[j..].
    let mut lcs = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            let here = if old.get(i) == new.get(j) {
                lcs.get(i + 1)
                    .and_then(|row| row.get(j + 1))
                    .map_or(0, |n| n + 1)
            } else {
                let down = lcs
                    .get(i + 1)
                    .and_then(|row| row.get(j))
                    .copied()
                    .unwrap_or(0);
                let right = lcs
                    .get(i)
                    .and_then(|row| row.get(j + 1))
                    .copied()
                    .unwrap_or(0);
                down.max(right)
            };
            if let Some(cell) = lcs.get_mut(i).and_then(|row| row.get_mut(j)) {
                *cell = here;
            }
        }
    }
    let at = |i: usize, j: usize| lcs.get(i).and_then(|row| row.get(j)).copied().unwrap_or(0);
    let mut full = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if a == b => {
                full.push(DiffLine::Same(a));
                i += 1;
                j += 1;
            }
            (Some(a), _) if j >= new.len() || at(i + 1, j) >= at(i, j + 1) => {
                full.push(DiffLine::Removed(a));
                i += 1;
            }
            (_, Some(b)) => {
                full.push(DiffLine::Added(b));
                j += 1;
            }
            (Some(a), None) => {
                full.push(DiffLine::Removed(a));
                i += 1;
            }
            (None, None) => break,
        }
    }
    full
}

/// Keeps the context lines next to a change; folds the rest.
fn fold_unchanged(full: Vec<DiffLine<'_>>) -> Vec<DiffLine<'_>> {
    let near_change = |index: usize| {
        let from = index.saturating_sub(DIFF_CONTEXT);
        let to = index + DIFF_CONTEXT;
        (from..=to).any(|k| matches!(full.get(k), Some(DiffLine::Removed(_) | DiffLine::Added(_))))
    };
    let mut shown = Vec::new();
    let mut skipped = 0;
    for (index, line) in full.iter().enumerate() {
        if matches!(line, DiffLine::Same(_)) && !near_change(index) {
            skipped += 1;
            continue;
        }
        if skipped > 0 {
            shown.push(DiffLine::Skipped(skipped));
            skipped = 0;
        }
        shown.push(line.clone());
    }
    if skipped > 0 {
        shown.push(DiffLine::Skipped(skipped));
    }
    shown
}

#[cfg(test)]
mod diff_tests {
    use super::{line_diff, DiffLine};

    #[test]
    fn an_added_statement_shows_only_itself_with_context() {
        let before = "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}";
        let after = "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3,\n  \"d\": 4\n}";
        assert_eq!(
            line_diff(before, after),
            vec![
                DiffLine::Skipped(2),
                DiffLine::Same("  \"b\": 2,"),
                DiffLine::Removed("  \"c\": 3"),
                DiffLine::Added("  \"c\": 3,"),
                DiffLine::Added("  \"d\": 4"),
                DiffLine::Same("}"),
            ]
        );
    }

    #[test]
    fn a_new_document_is_all_added() {
        assert_eq!(
            line_diff("", "{\n}"),
            vec![DiffLine::Added("{"), DiffLine::Added("}")]
        );
    }
}
