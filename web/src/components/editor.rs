//! A policy editor: a plain textarea laid over a mirrored `<pre>` that shows
//! line numbers and underlines the report's locations. The textarea keeps the
//! person's text exactly; the backdrop only mirrors it.
//!
//! The textarea is as tall and wide as its text (it never scrolls itself);
//! the surrounding box scrolls gutter, backdrop and textarea together, so no
//! scroll syncing is needed.

use std::collections::BTreeMap;
use std::rc::Rc;

use assumable_core::report::DocumentId;
use assumable_core::text::{LineIndex, TextRange};
use assumable_core::{Report, Scenario, Status};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::browser;
use crate::state::policy;

/// An underlined byte range of the editor's text.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub status: Status,
    pub title: String,
}

/// The spans each document's text gets underlined at: every failing or
/// warning check's locations, grouped by document in one pass over the
/// report (per document, in the report's order).
pub fn marks_by_document(
    report: &Report,
    scenario: &Scenario,
) -> BTreeMap<DocumentId, Rc<Vec<Mark>>> {
    let mut marks: BTreeMap<DocumentId, Vec<Mark>> = BTreeMap::new();
    for check in &report.checks {
        if !matches!(check.status, Status::Fail | Status::Warn) {
            continue;
        }
        for location in &check.locations {
            let Some(text) = policy(scenario, location.document).map(|source| source.text()) else {
                continue;
            };
            if let Some(range) = location.byte_range(text) {
                marks.entry(location.document).or_default().push(Mark {
                    start: range.start,
                    end: range.end,
                    status: check.status,
                    title: check.title.to_string(),
                });
            }
        }
    }
    marks
        .into_iter()
        .map(|(document, marks)| (document, Rc::new(marks)))
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// DOM id of the textarea (links the label and lets tests find it).
    pub id: AttrValue,
    pub label: AttrValue,
    pub text: AttrValue,
    pub marks: Rc<Vec<Mark>>,
    /// The span to select and flash, when a location of this document was clicked.
    #[prop_or_default]
    pub focus: Option<(usize, usize, u32)>,
    /// Text an applied fix just wrote, highlighted until the next edit.
    #[prop_or_default]
    pub changed: Vec<TextRange>,
    pub on_input: Callback<String>,
    pub on_format: Callback<()>,
    /// Extra controls beside "Format" (rename, remove).
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let textarea = use_node_ref();
    let backdrop = use_node_ref();

    {
        let textarea = textarea.clone();
        let backdrop = backdrop.clone();
        let text = props.text.clone();
        use_effect_with(props.focus, move |focus| {
            if let Some((start, end, _)) = *focus {
                if let Some(area) = textarea.cast::<HtmlTextAreaElement>() {
                    // A document in a closed section: open the section first.
                    if let Ok(Some(section)) = area.closest("details") {
                        let _ = section.set_attribute("open", "");
                    }
                    let options = web_sys::FocusOptions::new();
                    options.set_prevent_scroll(true);
                    let _ = area.focus_with_options(&options);
                    let utf16 = |byte: usize| {
                        text.get(..byte)
                            .map_or(0, |prefix| prefix.encode_utf16().count())
                            as u32
                    };
                    let _ = area.set_selection_range(utf16(start), utf16(end));
                }
                if let Some(mark) = backdrop
                    .cast::<HtmlElement>()
                    .and_then(|pre| pre.query_selector(".flash").ok().flatten())
                {
                    browser::reveal(&mark);
                }
            }
        });
    }

    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(area) = event
                .target()
                .and_then(|target| target.dyn_into::<HtmlTextAreaElement>().ok())
            {
                on_input.emit(area.value());
            }
        })
    };
    let onformat = props.on_format.reform(|_: MouseEvent| ());

    let text = props.text.as_str();
    let line_count = text.matches('\n').count() + 1;
    let gutter: String = (1..=line_count)
        .map(|line| line.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    let has_failure = props.marks.iter().any(|mark| mark.status == Status::Fail);
    let problems_id = format!("{}-problems", props.id);
    let problems: Vec<String> = {
        let index = LineIndex::new(text);
        props
            .marks
            .iter()
            .map(|mark| {
                let at = index.line_col(mark.start);
                format!("line {}: {}", at.line, mark.title)
            })
            .collect()
    };

    html! {
        <div class={classes!("editor", has_failure.then_some("has-failure"))}>
            <div class="editor-bar">
                <label for={props.id.clone()} class="editor-label">{ props.label.clone() }</label>
                <div class="editor-tools">
                    { props.children.clone() }
                    <button type="button" class="small" onclick={onformat}
                        title="Re-indent this document as JSON">{ "Format" }</button>
                </div>
            </div>
            <div class="editor-scroll">
                <div class="editor-grid">
                    <pre class="gutter" aria-hidden="true">{ gutter }</pre>
                    <div class="surface">
                        <pre class="backdrop" aria-hidden="true" ref={backdrop}>
                            { render_backdrop(text, &props.marks, &props.changed, props.focus) }
                        </pre>
                        <textarea
                            ref={textarea}
                            id={props.id.clone()}
                            class="source"
                            value={props.text.clone()}
                            {oninput}
                            spellcheck="false"
                            autocomplete="off"
                            autocapitalize="off"
                            wrap="off"
                            aria-invalid={has_failure.then_some("true")}
                            aria-describedby={(!problems.is_empty()).then(|| problems_id.clone())}
                        />
                    </div>
                </div>
            </div>
            if !problems.is_empty() {
                <p id={problems_id} class="visually-hidden">
                    { format!("Problems: {}.", problems.join("; ")) }
                </p>
            }
        </div>
    }
}

/// The mirrored text with `<mark>`s. Overlaps are clipped (earlier wins); the
/// focused span replaces whatever it overlaps and flashes.
fn render_backdrop(
    text: &str,
    marks: &[Mark],
    changed: &[TextRange],
    focus: Option<(usize, usize, u32)>,
) -> Html {
    let mut spans: Vec<(usize, usize, Classes, String)> = Vec::new();
    if let Some((start, end, nonce)) = focus {
        // Alternating the animation restarts it when the same span is clicked again.
        let flash = if nonce.is_multiple_of(2) {
            "flash-even"
        } else {
            "flash-odd"
        };
        spans.push((start, end, classes!("mark", "flash", flash), String::new()));
    }
    for range in changed {
        let overlaps = spans
            .iter()
            .any(|(start, end, _, _)| range.start < *end && *start < range.end);
        if !overlaps {
            spans.push((
                range.start,
                range.end,
                classes!("mark", "changed"),
                "Changed by the fix".to_string(),
            ));
        }
    }
    let mut sorted: Vec<&Mark> = marks.iter().collect();
    sorted.sort_by_key(|mark| (mark.start, std::cmp::Reverse(mark.end)));
    for mark in sorted {
        let overlaps = spans
            .iter()
            .any(|(start, end, _, _)| mark.start < *end && *start < mark.end);
        if overlaps {
            continue;
        }
        let class = match mark.status {
            Status::Fail => "fail",
            _ => "warn",
        };
        spans.push((
            mark.start,
            mark.end,
            classes!("mark", class),
            mark.title.clone(),
        ));
    }
    spans.sort_by_key(|(start, end, _, _)| (*start, *end));
    // Clipped as before: a span starting inside an earlier one, or past the
    // text, is not shown.
    let mut cursor = 0;
    spans.retain(|(start, end, _, _)| {
        let keep = *start >= cursor && *end <= text.len() && start <= end;
        if keep {
            cursor = *end;
        }
        keep
    });

    // One block per CHUNK_LINES lines: a key changes one chunk's text, so the
    // browser lays out that block again, not the whole document. The break
    // between blocks stands for the newline that ends a chunk.
    let mut chunks: Vec<Html> = Vec::new();
    let mut first_span = 0;
    for (chunk_start, chunk_end) in chunk_ranges(text) {
        // Skip spans that end before this chunk.
        while spans.get(first_span).is_some_and(|(start, end, _, _)| {
            *end < chunk_start || (*end == chunk_start && start < end)
        }) {
            first_span += 1;
        }
        let mut nodes: Vec<Html> = Vec::new();
        let mut at = chunk_start;
        for (start, end, class, title) in spans.iter().skip(first_span) {
            if *start > chunk_end || (*start == chunk_end && start < end) {
                break;
            }
            let piece_start = (*start).max(chunk_start);
            let piece_end = (*end).min(chunk_end);
            if start < end && piece_start >= piece_end {
                // Only the chunk's closing newline: nothing to underline here.
                continue;
            }
            if let Some(before) = text
                .get(at..piece_start)
                .filter(|before| !before.is_empty())
            {
                nodes.push(html! { { before.to_string() } });
            }
            let inner = text
                .get(piece_start..piece_end)
                .unwrap_or_default()
                .to_string();
            let class = if inner.is_empty() {
                classes!(class.clone(), "point")
            } else {
                class.clone()
            };
            let title = (!title.is_empty()).then(|| title.clone());
            nodes.push(html! { <mark {class} {title}>{ inner }</mark> });
            at = piece_end;
        }
        nodes.push(html! { { text.get(at..chunk_end).unwrap_or_default().to_string() } });
        // A block drops a final newline and an empty block has no height:
        // keep the chunk's last line, even empty.
        nodes.push(html! { { " " } });
        chunks.push(html! { <span class="chunk">{ for nodes }</span> });
    }
    html! { <>{ for chunks }</> }
}

/// Lines per block of the backdrop.
const CHUNK_LINES: usize = 64;

/// The byte ranges of the backdrop's blocks: `CHUNK_LINES` lines each, the
/// newline that ends a block left out (the block's end breaks the line).
fn chunk_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for (count, (newline, _)) in text.match_indices('\n').enumerate() {
        if (count + 1) % CHUNK_LINES == 0 {
            ranges.push((start, newline));
            start = newline + 1;
        }
    }
    ranges.push((start, text.len()));
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocks, joined by the newlines they leave out, are the text.
    fn rejoined(text: &str) -> String {
        chunk_ranges(text)
            .iter()
            .map(|&(start, end)| &text[start..end])
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn chunks_cover_the_text_and_keep_every_line() {
        for lines in [
            0,
            1,
            CHUNK_LINES - 1,
            CHUNK_LINES,
            CHUNK_LINES + 1,
            3 * CHUNK_LINES + 7,
        ] {
            for ending in ["", "\n"] {
                let text = (0..lines)
                    .map(|n| format!("line {n}"))
                    .collect::<Vec<_>>()
                    .join("\n")
                    + ending;
                assert_eq!(rejoined(&text), text);
                let ranges = chunk_ranges(&text);
                // As many lines as the gutter counts.
                let shown: usize = ranges
                    .iter()
                    .map(|&(start, end)| text[start..end].matches('\n').count() + 1)
                    .sum();
                assert_eq!(shown, text.matches('\n').count() + 1);
                assert!(ranges.len() <= text.matches('\n').count() / CHUNK_LINES + 1);
            }
        }
        assert_eq!(chunk_ranges(""), vec![(0, 0)]);
    }
}
