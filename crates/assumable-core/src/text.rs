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

#[cfg(test)]
mod tests {
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
