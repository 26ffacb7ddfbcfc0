//! A policy editor: a plain textarea laid over a mirrored `<pre>` (the
//! backdrop) that colours the JSON, numbers the lines and underlines the
//! report's locations. The textarea keeps the person's text exactly; the
//! backdrop only mirrors it, one row per line: the line's number (with a
//! marker when a problem starts there) beside its text, so that a wrapped
//! line's number stays beside its first row.
//!
//! The textarea is as tall (and, unwrapped, as wide) as its text and never
//! scrolls itself; the surrounding box scrolls backdrop and textarea
//! together, so no scroll syncing is needed. The backdrop is under the
//! textarea, so a mark's message is found from the caret (keyboard) or from
//! the elements under the pointer, and shown in a line under the editor.

mod json_tokens;

use std::collections::BTreeMap;
use std::rc::Rc;

use assumable_core::report::DocumentId;
use assumable_core::text::{split_first_sentence, LineIndex, TextRange};
use assumable_core::{Report, Scenario, Status};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::browser;
use crate::state::policy;
use crate::view::rich;
use json_tokens::{tokens, Token};

/// An underlined byte range of the editor's text, with what is wrong there.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub status: Status,
    /// The check's failure (or warning) message, its first sentence.
    pub message: String,
}

/// The spans each document's text gets underlined at: every failing or
/// warning check's locations, grouped by document in one pass over the
/// report (per document, in the report's order). A location on an object
/// key (a condition key) underlines the key and its value: the entry.
pub fn marks_by_document(
    report: &Report,
    scenario: &Scenario,
) -> BTreeMap<DocumentId, Rc<Vec<Mark>>> {
    let mut marks: BTreeMap<DocumentId, Vec<Mark>> = BTreeMap::new();
    for check in &report.checks {
        if !matches!(check.status, Status::Fail | Status::Warn) {
            continue;
        }
        // The title can be the check's passing title; the detail says what fails.
        let message = if check.detail.trim().is_empty() {
            check.title.to_string()
        } else {
            split_first_sentence(&check.detail).0.to_string()
        };
        for location in &check.locations {
            let Some(text) = policy(scenario, location.document).map(|source| source.text()) else {
                continue;
            };
            if let Some(range) = location.byte_range(text) {
                marks.entry(location.document).or_default().push(Mark {
                    start: range.start,
                    end: entry_end(text, range).unwrap_or(range.end),
                    status: check.status,
                    message: message.clone(),
                });
            }
        }
    }
    marks
        .into_iter()
        .map(|(document, marks)| (document, Rc::new(marks)))
        .collect()
}

/// When `range` is an object key's content (`"key"` then `:`), where its
/// value ends: a string, a number, a literal or an array of those (an object
/// value is a block of its own and is not taken). `None` otherwise.
fn entry_end(text: &str, range: TextRange) -> Option<usize> {
    let bytes = text.as_bytes();
    if range.start == 0 || bytes.get(range.start - 1) != Some(&b'"') {
        return None;
    }
    let after_key = range.end.checked_add(1)?;
    if bytes.get(range.end) != Some(&b'"') {
        return None;
    }
    let rest = text.get(after_key..)?;
    let colon = rest.len() - rest.trim_start().len();
    if rest.as_bytes().get(colon) != Some(&b':') {
        return None;
    }
    let value_at = after_key + colon + 1;
    let value = text.get(value_at..)?;
    let value_start = value_at + (value.len() - value.trim_start().len());
    // The value's tokens, read until the value ends.
    let mut depth = 0usize;
    for token in tokens(text.get(value_start..)?) {
        let token_text = text.get(value_start + token.start..value_start + token.end)?;
        match (token_text, depth) {
            ("{", 0) | ("}", _) | (":", _) => return None,
            ("[", _) => depth += 1,
            ("]", 1) => return Some(value_start + token.end),
            ("]", _) => return None,
            (",", 0) => return None,
            (_, 0) => return Some(value_start + token.end),
            _ => {}
        }
    }
    None
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

/// Where the "Wrap lines" choice is kept for the session.
const WRAP_KEY: &str = "assumable.wrap";

thread_local! {
    /// The wrap choice, read once per page: a case can hold a thousand editors.
    static WRAP: std::cell::Cell<Option<bool>> = const { std::cell::Cell::new(None) };
}

/// Whether lines wrap: the latest choice, else on at phone width (a long
/// value is then read without scrolling sideways).
fn initial_wrap() -> bool {
    WRAP.with(|wrap| {
        let choice = wrap.get().unwrap_or_else(stored_wrap);
        wrap.set(Some(choice));
        choice
    })
}

/// The session's stored choice, else on at phone width.
fn stored_wrap() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    if let Some(choice) = window
        .session_storage()
        .ok()
        .flatten()
        .and_then(|storage| storage.get_item(WRAP_KEY).ok().flatten())
    {
        return choice == "on";
    }
    window
        .match_media("(max-width: 600px)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

fn remember_wrap(wrap: bool) {
    WRAP.with(|choice| choice.set(Some(wrap)));
    if let Some(storage) =
        web_sys::window().and_then(|window| window.session_storage().ok().flatten())
    {
        // A refused storage only forgets the choice.
        let _ = storage.set_item(WRAP_KEY, if wrap { "on" } else { "off" });
    }
}

/// The byte offset of the UTF-16 offset `utf16` in `text` (the textarea's
/// selection counts UTF-16 units).
fn byte_offset(text: &str, utf16: u32) -> usize {
    let mut units = 0u32;
    for (at, ch) in text.char_indices() {
        if units >= utf16 {
            return at;
        }
        units += ch.len_utf16() as u32;
    }
    text.len()
}

/// The first mark the caret at `offset` is in or touches.
fn mark_at(marks: &[Mark], offset: usize) -> Option<usize> {
    marks
        .iter()
        .position(|mark| mark.start <= offset && offset <= mark.end)
}

/// The mark under the pointer: the backdrop's elements under it carry the
/// mark's index (the textarea above them is skipped by the hit list).
fn mark_under_pointer(x: i32, y: i32) -> Option<usize> {
    let document = web_sys::window()?.document()?;
    document
        .elements_from_point(x as f32, y as f32)
        .iter()
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .find_map(|element| element.get_attribute("data-mark")?.parse().ok())
}

/// Backquotes of core text read aloud as punctuation: left out.
fn spoken(text: &str) -> String {
    text.replace('`', "")
}

/// `text` ending with a full stop, one only.
fn sentence(text: &str) -> String {
    if text.ends_with(['.', '!', '?']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

fn status_words(status: Status) -> (&'static str, &'static str, &'static str) {
    match status {
        Status::Fail => ("✗", "fail", "Problem"),
        _ => ("!", "warn", "Warning"),
    }
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let textarea = use_node_ref();
    let backdrop = use_node_ref();
    let wrap = use_state(initial_wrap);
    // Where the caret is (a byte offset: the marks change with the text),
    // and the mark under the pointer (it wins). The caret's message stays
    // when the focus leaves: a line that vanished on blur would move what
    // is below it between a press and a click.
    let caret = use_state_eq(|| None::<usize>);
    let hover_mark = use_state_eq(|| None::<usize>);

    {
        let textarea = textarea.clone();
        let backdrop = backdrop.clone();
        let text = props.text.clone();
        let caret = caret.clone();
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
                    caret.set(Some(start));
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

    // The caret, read after a key, a click, focus or an edit.
    let follow_caret = {
        let caret = caret.clone();
        move |area: &HtmlTextAreaElement| {
            let offset = area
                .selection_start()
                .ok()
                .flatten()
                .map_or(0, |utf16| byte_offset(&area.value(), utf16));
            caret.set(Some(offset));
        }
    };
    let on_caret = {
        let follow_caret = follow_caret.clone();
        Callback::from(move |event: Event| {
            if let Some(area) = event
                .target()
                .and_then(|target| target.dyn_into::<HtmlTextAreaElement>().ok())
            {
                follow_caret(&area);
            }
        })
    };
    let oninput = {
        let on_input = props.on_input.clone();
        let hover_mark = hover_mark.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(area) = event
                .target()
                .and_then(|target| target.dyn_into::<HtmlTextAreaElement>().ok())
            {
                // The marks are about to change: the pointer's index would be stale.
                hover_mark.set(None);
                follow_caret(&area);
                on_input.emit(area.value());
            }
        })
    };
    let onmousemove = {
        let hover_mark = hover_mark.clone();
        Callback::from(move |event: MouseEvent| {
            hover_mark.set(mark_under_pointer(event.client_x(), event.client_y()));
        })
    };
    let onmouseleave = {
        let hover_mark = hover_mark.clone();
        Callback::from(move |_: MouseEvent| hover_mark.set(None))
    };
    let onformat = props.on_format.reform(|_: MouseEvent| ());
    let on_wrap = {
        let wrap = wrap.clone();
        Callback::from(move |_: MouseEvent| {
            remember_wrap(!*wrap);
            wrap.set(!*wrap);
        })
    };

    let text = props.text.as_str();
    let line_count = text.matches('\n').count() + 1;
    let digits = line_count.to_string().len().clamp(2, 7);
    let has_failure = props.marks.iter().any(|mark| mark.status == Status::Fail);
    let problems_id = format!("{}-problems", props.id);
    let message_id = format!("{}-message", props.id);
    let wrap_id = format!("{}-wrap", props.id);
    let index = LineIndex::new(text);
    let line_of = |offset: usize| index.line_col(offset).line;
    let problems: Vec<String> = props
        .marks
        .iter()
        .map(|mark| format!("line {}: {}", line_of(mark.start), spoken(&mark.message)))
        .collect();
    // A mark index from an earlier render may be gone: shown only if it exists.
    let active = (*hover_mark)
        .or_else(|| (*caret).and_then(|offset| mark_at(&props.marks, offset)))
        .and_then(|index| props.marks.get(index));
    let message = active.map(|mark| {
        let (icon, class, word) = status_words(mark.status);
        html! {
            <>
                <span class={classes!("status-icon", class)} aria-hidden="true">{ icon }</span>
                <span class="visually-hidden">{ format!("{word}: ") }</span>
                <strong>{ format!("Line {}:", line_of(mark.start)) }</strong>{ " " }
                { rich(&mark.message) }
            </>
        }
    });

    html! {
        <div class={classes!("editor", format!("digits-{digits}"), has_failure.then_some("has-failure"), (*wrap).then_some("wrap"))}>
            <div class="editor-bar">
                <label for={props.id.clone()} class="editor-label">{ props.label.clone() }</label>
                <div class="editor-tools">
                    { props.children.clone() }
                    // A pressed button, not a labelled checkbox: a case can
                    // hold a thousand editors, and each element counts.
                    <button type="button" class="small wrap-toggle" id={wrap_id}
                        aria-pressed={(*wrap).to_string()} onclick={on_wrap}>{ "Wrap lines" }</button>
                    <button type="button" class="small" onclick={onformat}
                        title="Re-indent this document as JSON">{ "Format" }</button>
                </div>
            </div>
            <div class="editor-scroll">
                <div class="editor-grid" {onmousemove} {onmouseleave}>
                    <pre class="backdrop" aria-hidden="true" ref={backdrop}>
                        { render_backdrop(text, &props.marks, &props.changed, props.focus, &index, *wrap) }
                    </pre>
                    <textarea
                        ref={textarea}
                        id={props.id.clone()}
                        class="source"
                        value={props.text.clone()}
                        {oninput}
                        onkeyup={on_caret.reform(|event: KeyboardEvent| Event::from(event))}
                        onmouseup={on_caret.reform(|event: MouseEvent| Event::from(event))}
                        onfocus={on_caret.reform(|event: FocusEvent| Event::from(event))}
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        wrap={if *wrap { "soft" } else { "off" }}
                        aria-invalid={has_failure.then_some("true")}
                        aria-describedby={(!problems.is_empty()).then(|| format!("{problems_id} {message_id}"))}
                    />
                </div>
            </div>
            <p id={message_id} class="editor-message" aria-live="polite">{ message.unwrap_or_default() }</p>
            if active.is_none() && !props.marks.is_empty() {
                <p class="editor-hint hint">
                    { "Put the caret on an underline, or point at it, to read what is wrong there." }
                </p>
            }
            if !problems.is_empty() {
                <p id={problems_id} class="visually-hidden">
                    { format!("Problems: {}", sentence(&problems.join("; "))) }
                </p>
            }
        </div>
    }
}

/// What paints a piece of the backdrop.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Paint {
    /// A report mark: its index in the editor's marks, and its status.
    Mark(usize, Status),
    /// Text the last applied fix wrote.
    Changed,
    /// The clicked location; the parity restarts the animation on a new click.
    Flash { even: bool },
}

/// A painted byte range (of the text, or of a chunk once handed to one).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Span {
    start: usize,
    end: usize,
    paint: Paint,
}

/// The painted spans, sorted and never overlapping: the focused span first,
/// then what a fix changed, then the marks; a span overlapping an earlier
/// one, or lying outside the text, is left out.
fn painted_spans(
    text: &str,
    marks: &[Mark],
    changed: &[TextRange],
    focus: Option<(usize, usize, u32)>,
) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let free = |spans: &[Span], start: usize, end: usize| {
        !spans
            .iter()
            .any(|span| start < span.end && span.start < end)
    };
    if let Some((start, end, nonce)) = focus {
        let even = nonce.is_multiple_of(2);
        spans.push(Span {
            start,
            end,
            paint: Paint::Flash { even },
        });
    }
    for range in changed {
        if free(&spans, range.start, range.end) {
            spans.push(Span {
                start: range.start,
                end: range.end,
                paint: Paint::Changed,
            });
        }
    }
    let mut sorted: Vec<(usize, &Mark)> = marks.iter().enumerate().collect();
    sorted.sort_by_key(|(_, mark)| (mark.start, std::cmp::Reverse(mark.end)));
    for (index, mark) in sorted {
        if free(&spans, mark.start, mark.end) {
            spans.push(Span {
                start: mark.start,
                end: mark.end,
                paint: Paint::Mark(index, mark.status),
            });
        }
    }
    spans.sort_by_key(|span| (span.start, span.end));
    let mut cursor = 0;
    spans.retain(|span| {
        let keep = span.start >= cursor
            && span.end <= text.len()
            && span.start <= span.end
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end);
        if keep {
            cursor = span.end;
        }
        keep
    });
    spans
}

/// The mirrored text: one `Chunk` per `CHUNK_LINES` lines, so that a key
/// renders and lays out one chunk again, not the document.
fn render_backdrop(
    text: &str,
    marks: &[Mark],
    changed: &[TextRange],
    focus: Option<(usize, usize, u32)>,
    index: &LineIndex,
    wrap: bool,
) -> Html {
    let spans = painted_spans(text, marks, changed, focus);
    // The gutter marker of each line a mark starts on: a failure over a warning.
    let mut markers: BTreeMap<usize, (Status, usize)> = BTreeMap::new();
    for (mark_index, mark) in marks.iter().enumerate() {
        let line = index.line_col(mark.start).line;
        let entry = markers.entry(line).or_insert((mark.status, mark_index));
        if entry.0 != Status::Fail && mark.status == Status::Fail {
            *entry = (mark.status, mark_index);
        }
    }
    let mut chunks: Vec<Html> = Vec::new();
    let mut first_span = 0;
    for (ordinal, (chunk_start, chunk_end)) in chunk_ranges(text).into_iter().enumerate() {
        while spans
            .get(first_span)
            .is_some_and(|span| ends_before(span, chunk_start))
        {
            first_span += 1;
        }
        let chunk_spans: Vec<Span> = spans
            .iter()
            .skip(first_span)
            .take_while(|span| !starts_after(span, chunk_end))
            .filter(|span| !ends_before(span, chunk_start))
            .map(|span| Span {
                start: span.start.max(chunk_start) - chunk_start,
                end: span.end.min(chunk_end) - chunk_start,
                paint: span.paint,
            })
            .collect();
        let first_line = ordinal * CHUNK_LINES + 1;
        let chunk_markers: Vec<(usize, Status, usize)> = markers
            .range(first_line..first_line + CHUNK_LINES)
            .map(|(line, (status, mark_index))| (*line, *status, *mark_index))
            .collect();
        chunks.push(html! {
            <Chunk
                text={AttrValue::from(text.get(chunk_start..chunk_end).unwrap_or_default().to_string())}
                {first_line}
                spans={chunk_spans}
                markers={chunk_markers}
                {wrap}
            />
        });
    }
    html! { <>{ for chunks }</> }
}

/// Whether `span` lies wholly before `at` (a non-empty span ending at `at`
/// ends at the newline before it).
fn ends_before(span: &Span, at: usize) -> bool {
    span.end < at || (span.end == at && span.start < span.end)
}

/// Whether `span` lies wholly after `at` (a non-empty span starting at `at`
/// starts at the newline after it).
fn starts_after(span: &Span, at: usize) -> bool {
    span.start > at || (span.start == at && span.start < span.end)
}

#[derive(Properties, PartialEq)]
struct ChunkProps {
    text: AttrValue,
    /// The number of the chunk's first line (from 1).
    first_line: usize,
    /// The painted spans, in the chunk's bytes.
    spans: Vec<Span>,
    /// (line, status, mark index) of the lines a mark starts on.
    markers: Vec<(usize, Status, usize)>,
    /// Wrapped, each row carries its number (a line can take several rows);
    /// unwrapped, the chunk's numbers are one column that stays in view
    /// when the text scrolls sideways (one sticky element per row would make
    /// every key lay out thousands of them).
    wrap: bool,
}

/// A block of lines of the backdrop, rendered again only when its text or
/// its paint changes: one row per line, its number beside it.
#[component]
fn Chunk(props: &ChunkProps) -> Html {
    let text = props.text.as_str();
    let tokens: Vec<Token> = tokens(text).collect();
    let mut token_cursor = 0;
    let mut line_start = 0;
    let mut rows: Vec<Html> = Vec::new();
    let mut numbers: Vec<Html> = Vec::new();
    let mut plain_numbers = String::new();
    for (offset, line) in text.split('\n').enumerate() {
        let number = props.first_line + offset;
        let line_end = line_start + line.len();
        let marker = props.markers.iter().find(|(line, _, _)| *line == number);
        let gutter = match marker {
            Some((_, status, mark_index)) => {
                let (icon, class, _) = status_words(*status);
                html! {
                    <span class={classes!("ln", class)} data-mark={mark_index.to_string()}>
                        <span class="ln-mark">{ icon }</span>{ number.to_string() }
                    </span>
                }
            }
            None if props.wrap => html! { <span class="ln">{ number.to_string() }</span> },
            // Unwrapped, a plain number is text in the column: fewer elements.
            None => Html::default(),
        };
        let mut nodes: Vec<Html> = Vec::new();
        let mut at = line_start;
        for span in props
            .spans
            .iter()
            .filter(|span| !ends_before(span, line_start) && !starts_after(span, line_end))
        {
            let piece_start = span.start.max(line_start);
            let piece_end = span.end.min(line_end);
            if span.start < span.end && piece_start >= piece_end {
                continue;
            }
            coloured(
                text,
                at,
                piece_start,
                &tokens,
                &mut token_cursor,
                &mut nodes,
            );
            let mut inner = Vec::new();
            coloured(
                text,
                piece_start,
                piece_end,
                &tokens,
                &mut token_cursor,
                &mut inner,
            );
            let (class, mark_index) = match span.paint {
                Paint::Mark(index, Status::Fail) => (classes!("mark", "fail"), Some(index)),
                Paint::Mark(index, _) => (classes!("mark", "warn"), Some(index)),
                Paint::Changed => (classes!("mark", "changed"), None),
                Paint::Flash { even } => (
                    classes!(
                        "mark",
                        "flash",
                        if even { "flash-even" } else { "flash-odd" }
                    ),
                    None,
                ),
            };
            // A mark of one character or none is hard to see: it gets a frame or a caret.
            let width = text
                .get(piece_start..piece_end)
                .map_or(0, |piece| piece.chars().count());
            let class = classes!(
                class,
                (width == 0).then_some("point"),
                (width == 1).then_some("narrow")
            );
            nodes.push(html! {
                <mark {class} data-mark={mark_index.map(|index| index.to_string())}>{ for inner }</mark>
            });
            at = piece_end;
        }
        coloured(text, at, line_end, &tokens, &mut token_cursor, &mut nodes);
        if props.wrap {
            // The word joiner keeps the line's first row from breaking right
            // after the number, a break the textarea does not have.
            rows.push(html! {
                <span class="row">{ gutter }{ "\u{2060}" }{ for nodes }</span>
            });
        } else {
            // One row per line: the text and its numbers need no element each.
            if line_start > 0 {
                rows.push(html! { { "\n" } });
                plain_numbers.push('\n');
            }
            rows.extend(nodes);
            if marker.is_some() {
                numbers.push(html! { { std::mem::take(&mut plain_numbers) } });
                numbers.push(gutter);
            } else {
                plain_numbers.push_str(&number.to_string());
            }
        }
        line_start = line_end + 1;
    }
    if props.wrap {
        return html! { <span class="chunk wrapped">{ for rows }</span> };
    }
    numbers.push(html! { { plain_numbers } });
    // A block drops a final newline and an empty line has no height: the
    // space keeps the chunk's last line, even empty.
    html! {
        <span class="chunk">
            <span class="numbers">{ for numbers }</span>
            { for rows }{ " " }
        </span>
    }
}

/// `text[start..end]`, each token in it (or its part) in its colour's span.
/// Calls come in text order; `cursor` is the first token not yet passed.
fn coloured(
    text: &str,
    start: usize,
    end: usize,
    tokens: &[Token],
    cursor: &mut usize,
    nodes: &mut Vec<Html>,
) {
    let plain = |from: usize, to: usize, nodes: &mut Vec<Html>| {
        if let Some(piece) = text.get(from..to).filter(|piece| !piece.is_empty()) {
            nodes.push(html! { { piece.to_string() } });
        }
    };
    let mut at = start;
    while let Some(token) = tokens.get(*cursor) {
        if token.end <= start {
            *cursor += 1;
            continue;
        }
        if token.start >= end {
            break;
        }
        let piece_start = token.start.max(start);
        let piece_end = token.end.min(end);
        plain(at, piece_start, nodes);
        if let Some(piece) = text.get(piece_start..piece_end) {
            match token.kind.class() {
                // Punctuation keeps the text's colour: a span each would be a
                // third of a large policy's elements, for little.
                None => nodes.push(html! { { piece.to_string() } }),
                Some(class) => nodes.push(html! { <span {class}>{ piece.to_string() }</span> }),
            }
        }
        at = piece_end;
        if token.end <= end {
            *cursor += 1;
        } else {
            break;
        }
    }
    plain(at, end, nodes);
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

    /// The text `entry_end` extends a mark on `key` to.
    fn entry(text: &str, key: &str) -> Option<String> {
        let start = text.find(key)?;
        let range = TextRange::new(start, start + key.len());
        entry_end(text, range).map(|end| text[start..end].to_string())
    }

    #[test]
    fn a_mark_on_a_key_takes_its_value() {
        let text = r#"{"StringLike": {"aws:sub": "repo:a/b:*", "n": 12, "list": ["a", "b,]"] ,"o": {"x": 1}}}"#;
        assert_eq!(
            entry(text, "aws:sub").as_deref(),
            Some(r#"aws:sub": "repo:a/b:*""#)
        );
        assert_eq!(
            entry(text, "n\"").as_deref(),
            None,
            "a mark must be a key's content"
        );
        assert_eq!(
            entry(text, "list").as_deref(),
            Some(r#"list": ["a", "b,]"]"#)
        );
        // An object value is a block of its own; a value is not a key.
        assert_eq!(entry(text, "StringLike"), None);
        assert_eq!(entry(text, "o\""), None);
        assert_eq!(entry(text, "repo:a/b:*"), None);
        // Broken text: no value, or an unclosed array.
        assert_eq!(entry(r#"{"k": "#, "k"), None);
        assert_eq!(entry(r#"{"k": ["a", "#, "k"), None);
        assert_eq!(entry(r#"{"k":"é"}"#, "k").as_deref(), Some(r#"k":"é""#));
    }

    #[test]
    fn painted_spans_never_overlap_and_the_focus_wins() {
        let text = "abcdefghij";
        let mark = |start, end| Mark {
            start,
            end,
            status: Status::Fail,
            message: String::new(),
        };
        let spans = painted_spans(
            text,
            &[mark(0, 4), mark(2, 6), mark(8, 8), mark(9, 30)],
            &[TextRange::new(5, 7)],
            Some((3, 5, 1)),
        );
        let shown: Vec<(usize, usize)> = spans.iter().map(|span| (span.start, span.end)).collect();
        // The focus (3..5) clips the marks it overlaps; the change stays; the
        // point is kept; a mark past the text is dropped.
        assert_eq!(shown, vec![(3, 5), (5, 7), (8, 8)]);
        assert_eq!(spans[0].paint, Paint::Flash { even: false });
    }

    #[test]
    fn a_caret_offset_counts_utf16_units() {
        let text = "a😀é\nb";
        assert_eq!(byte_offset(text, 0), 0);
        assert_eq!(byte_offset(text, 1), 1);
        assert_eq!(byte_offset(text, 3), 5);
        assert_eq!(byte_offset(text, 4), 7);
        assert_eq!(byte_offset(text, 99), text.len());
        let marks = [Mark {
            start: 1,
            end: 5,
            status: Status::Warn,
            message: String::new(),
        }];
        assert_eq!(mark_at(&marks, 5), Some(0));
        assert_eq!(mark_at(&marks, 7), None);
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
