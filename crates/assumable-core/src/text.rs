//! Byte ranges inside a document's text, and their line/column form.
//!
//! Invariant: a [`TextRange`] holds byte offsets with `start <= end`, both on
//! UTF-8 character boundaries of the text it was made for. Lines and columns
//! are computed only at the edge (the report), counting from 1, columns in
//! Unicode scalar values, end exclusive.

use serde::{Deserialize, Serialize};

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub const fn empty(at: usize) -> Self {
        Self { start: at, end: at }
    }

    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub const fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    /// The smallest range that covers both.
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The text this range covers, or "" when it does not fit `text`.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// A value with the range of text it came from. The range is ignored by
/// equality so that parsed documents compare by meaning.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    pub value: T,
    pub range: TextRange,
}

impl<T> Spanned<T> {
    pub const fn new(value: T, range: TextRange) -> Self {
        Self { value, range }
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

/// 1-based line and character column of a byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Maps byte offsets of one text to lines and columns, and back.
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        Self { text, line_starts }
    }

    /// Line and column of `offset` (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .max(1);
        let line_start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(line_start..offset)
            .map_or(0, |prefix| prefix.chars().count())
            + 1;
        LineCol { line, column }
    }

    /// Byte offset of a 1-based line and column, if it lies inside the text
    /// (the column may point just past the end of a line).
    pub fn offset(&self, at: LineCol) -> Option<usize> {
        let line_start = *self.line_starts.get(at.line.checked_sub(1)?)?;
        let line_end = self
            .line_starts
            .get(at.line)
            .map_or(self.text.len(), |next| next.saturating_sub(1));
        let line_text = self.text.get(line_start..line_end)?;
        let wanted = at.column.checked_sub(1)?;
        let mut chars = 0;
        for (byte, _) in line_text.char_indices() {
            if chars == wanted {
                return Some(line_start + byte);
            }
            chars += 1;
        }
        // A column just past the line's last character (before a `\r` too).
        (chars == wanted).then_some(line_end)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &'a str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| next.saturating_sub(1));
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches('\r')
    }
}

/// A character named so that a person can see it: printable ASCII as
/// itself, anything else by code point (with a name for the invisible and
/// lookalike characters pastes carry), so that a message about a rejected
/// character never shows something that looks valid.
pub(crate) fn describe_char(ch: char) -> String {
    let name = match ch {
        '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}' => " (a typographic quote)",
        '\u{feff}' => " (a byte order mark)",
        '\u{200b}' => " (a zero-width space)",
        '\u{200c}' => " (a zero-width non-joiner)",
        '\u{200d}' => " (a zero-width joiner)",
        ' ' => " (a space)",
        '\t' => " (a tab)",
        '\u{00a0}' => " (a non-breaking space)",
        '\u{00ad}' => " (a soft hyphen)",
        '\u{2013}' | '\u{2014}' => " (a typographic dash)",
        '\u{2060}' => " (a word joiner)",
        '\u{202e}' => " (a right-to-left override, a bidirectional control)",
        '\u{202d}' => " (a left-to-right override, a bidirectional control)",
        '\u{202a}'..='\u{202c}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => {
            " (a bidirectional control)"
        }
        '\u{0300}'..='\u{036f}' => " (a combining accent)",
        _ => "",
    };
    let code = u32::from(ch);
    if ch.is_ascii_graphic() {
        format!("`{ch}`")
    } else if ch.is_control() || ch.is_whitespace() || !name.is_empty() {
        format!("U+{code:04X}{name}")
    } else {
        // A visible non-ASCII character, often a lookalike (Cyrillic `а`):
        // its code point tells it from the ASCII one.
        format!("`{ch}` (U+{code:04X})")
    }
}

/// A count for people: `6144` → `6,144`.
/// `text` after `start`, when it begins with `start` ignoring ASCII case.
pub(crate) fn strip_prefix_ignore_case<'a>(text: &'a str, start: &str) -> Option<&'a str> {
    let head = text.get(..start.len())?;
    head.eq_ignore_ascii_case(start)
        .then(|| text.get(start.len()..))
        .flatten()
}

/// Whether `text` holds `needle` ignoring ASCII case, without lowering a
/// copy of `text` (a whole policy, searched once per pair of an account).
pub(crate) fn contains_ignore_ascii_case(text: &str, needle: &str) -> bool {
    text.as_bytes()
        .windows(needle.len().max(1))
        .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

pub fn format_count(count: usize) -> String {
    let digits = count.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Words that end in a full stop without ending a sentence.
const ABBREVIATIONS: [&str; 5] = ["e.g", "i.e", "etc", "vs", "cf"];

/// Splits a report text after its first sentence: the end of a sentence is
/// `.`, `!` or `?` outside `code` (backticks) and parentheses, not after an
/// abbreviation ("e.g."), followed by the end of the text or by white space
/// and a capital letter, a digit or code. The rest keeps its leading space
/// trimmed; a text of one sentence is all first.
pub fn split_first_sentence(text: &str) -> (&str, &str) {
    let mut in_code = false;
    let mut depth = 0usize;
    for (at, ch) in text.char_indices() {
        match ch {
            '`' => in_code = !in_code,
            '(' if !in_code => depth += 1,
            ')' if !in_code => depth = depth.saturating_sub(1),
            '.' | '!' | '?' if !in_code && depth == 0 => {
                let end = at + ch.len_utf8();
                let (head, tail) = text.split_at(end);
                let word = text
                    .get(..at)
                    .unwrap_or_default()
                    .rsplit(|c: char| c.is_whitespace() || c == '(')
                    .next()
                    .unwrap_or_default();
                if ABBREVIATIONS.contains(&word.to_ascii_lowercase().as_str()) {
                    continue;
                }
                let rest = tail.trim_start();
                if rest.is_empty() {
                    return (head, "");
                }
                let starts_sentence = tail.starts_with(char::is_whitespace)
                    && rest
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '`');
                if starts_sentence {
                    return (head, rest);
                }
            }
            _ => {}
        }
    }
    (text, "")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_sentence_ends_outside_code_parentheses_and_abbreviations() {
        use super::split_first_sentence as split;
        assert_eq!(split("One. Two."), ("One.", "Two."));
        assert_eq!(split("Only one."), ("Only one.", ""));
        assert_eq!(split("No stop"), ("No stop", ""));
        // Code with a full stop and a bracket in it.
        assert_eq!(
            split("Add `\"Statement\": [ ... ]. X` here. Then more."),
            ("Add `\"Statement\": [ ... ]. X` here.", "Then more.")
        );
        // An abbreviation, and a parenthesis holding a sentence.
        assert_eq!(
            split("Say who (e.g. `ec2.amazonaws.com`). Next."),
            ("Say who (e.g. `ec2.amazonaws.com`).", "Next.")
        );
        assert_eq!(
            split("See (it ends. There) here. B"),
            ("See (it ends. There) here.", "B")
        );
        // A version number or a lower-case word after a stop.
        assert_eq!(
            split("Version 1.2 is old. Use 2."),
            ("Version 1.2 is old.", "Use 2.")
        );
        assert_eq!(split("a.b c. d"), ("a.b c. d", ""));
        // An unclosed backtick never lets a cut fall inside code.
        assert_eq!(split("x `a. B"), ("x `a. B", ""));
    }
    #[test]
    fn invisible_and_lookalike_characters_are_named() {
        use super::describe_char;
        assert_eq!(describe_char('a'), "`a`");
        assert_eq!(describe_char('\u{200b}'), "U+200B (a zero-width space)");
        assert_eq!(
            describe_char('\u{202e}'),
            "U+202E (a right-to-left override, a bidirectional control)"
        );
        assert_eq!(
            describe_char('\u{200f}'),
            "U+200F (a bidirectional control)"
        );
        assert_eq!(describe_char('\u{301}'), "U+0301 (a combining accent)");
        assert_eq!(describe_char('а'), "`а` (U+0430)");
        assert_eq!(describe_char(' '), "U+0020 (a space)");
    }

    use super::*;

    #[test]
    fn line_col_round_trips_with_multibyte_characters() {
        let text = "ab\nçdé\n\nx";
        let index = LineIndex::new(text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let at = index.line_col(offset);
            assert_eq!(index.offset(at), Some(offset), "offset {offset} -> {at:?}");
        }
        assert_eq!(index.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(index.line_text(2), "çdé");
    }
}
