//! A small JSON parser (RFC 8259) that keeps the byte range of every key and
//! value.
//!
//! Why not a crate: the evaluator needs exact ranges for keys *and* values,
//! duplicate keys kept in order, a hard nesting limit (hostile input must not
//! overflow the stack) and errors that say what was expected where.
//!
//! The parser is a recursive descent whose depth is counted and capped at
//! [`MAX_DEPTH`], so recursion stays shallow whatever the input. Every byte is
//! looked at a bounded number of times: parsing is linear in the input.

use std::borrow::Cow;

use crate::text::TextRange;

/// Deepest nesting accepted; deeper input is a located error, never a stack overflow.
pub const MAX_DEPTH: usize = 64;

/// A parsed value; strings without escapes borrow the parsed text.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonValue<'a> {
    Null,
    Bool(bool),
    /// The number's text as written (IAM treats values as strings).
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<JsonNode<'a>>),
    /// Members in source order, duplicates kept.
    Object(Vec<JsonMember<'a>>),
}

impl JsonValue<'_> {
    /// A short name of the value's JSON type, for messages ("a string").
    pub fn type_name(&self) -> &'static str {
        match self {
            JsonValue::Null => "null",
            JsonValue::Bool(_) => "a boolean",
            JsonValue::Number(_) => "a number",
            JsonValue::String(_) => "a string",
            JsonValue::Array(_) => "an array",
            JsonValue::Object(_) => "an object",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct JsonNode<'a> {
    pub value: JsonValue<'a>,
    /// For a string, the range includes its quotes.
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct JsonMember<'a> {
    pub key: Cow<'a, str>,
    /// Includes the key's quotes.
    pub key_range: TextRange,
    pub value: JsonNode<'a>,
}

/// A syntax error: what was expected, where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub message: String,
    pub range: TextRange,
    /// A replacement for `range` that fixes this error, when it is certain
    /// (a missing or trailing comma, a comment, `True`, an unquoted key, a
    /// raw tab in a string, a lone backslash).
    pub replacement: Option<String>,
}

impl JsonError {
    fn with_replacement(mut self, replacement: impl Into<String>) -> Self {
        self.replacement = Some(replacement.into());
        self
    }
}

/// Parses one JSON document (surrounding whitespace allowed).
pub fn parse_json(text: &str) -> Result<JsonNode<'_>, JsonError> {
    parse_json_noting_plain(text).0
}

/// [`parse_json`], also saying whether the document is plain: it holds no
/// number and no escape, so that serde_json's pretty form of it differs
/// from `text` only in the white space between tokens (a number is written
/// again from its value, `1.50` as `1.5`; an escape is written decoded).
pub fn parse_json_noting_plain(text: &str) -> (Result<JsonNode<'_>, JsonError>, bool) {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        plain: true,
    };
    let parsed = parser.document();
    (parsed, parser.plain)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// No number or escape met yet (`parse_json_noting_plain`).
    plain: bool,
}

type Parsed<T> = Result<T, JsonError>;

impl<'a> Parser<'a> {
    /// The whole text: one value, white space around it.
    fn document(&mut self) -> Result<JsonNode<'a>, JsonError> {
        let text = self.text;
        // RFC 8259 §8.1 lets a parser ignore a leading byte order mark; editors
        // on Windows add one.
        if text.starts_with('\u{feff}') {
            self.pos = '\u{feff}'.len_utf8();
        }
        self.skip_whitespace();
        if self.peek().is_none() {
            return Err(JsonError {
                replacement: None,
                message: "the document is empty; expected a JSON object such as `{ \
            \"Version\": \"2012-10-17\", \"Statement\": [] }`"
                    .into(),
                range: TextRange::empty(text.len()),
            });
        }
        let node = self.value(0)?;
        self.skip_whitespace();
        if self.peek().is_some() {
            let found = self.describe_here();
            return Err(self.error_here(format!(
                "unexpected {found} after the end of the JSON document; expected nothing more"
            )));
        }
        Ok(node)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// The character at `pos` (the input is a `str`, so `pos` is on a
    /// character boundary whenever the parser stops on a token start).
    fn char_here(&self) -> Option<char> {
        self.text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
    }

    /// The range of the "token" at `pos`, for an error: a word, a string's
    /// opening quote up to the end of its line, or one character.
    fn token_range_here(&self) -> TextRange {
        let Some(ch) = self.char_here() else {
            return TextRange::empty(self.text.len());
        };
        if ch.is_ascii_alphanumeric() || ch == '_' {
            let end = self.scan_while(self.pos, |b| b.is_ascii_alphanumeric() || b == b'_');
            return TextRange::new(self.pos, end);
        }
        TextRange::new(self.pos, self.pos + ch.len_utf8())
    }

    fn scan_while(&self, mut at: usize, keep: impl Fn(u8) -> bool) -> usize {
        while self.bytes.get(at).is_some_and(|&b| keep(b)) {
            at += 1;
        }
        at
    }

    /// Describes what is at `pos`, for "found ..." messages.
    fn describe_here(&self) -> String {
        let Some(ch) = self.char_here() else {
            return "end of input".into();
        };
        match ch {
            '"' => "a string".into(),
            '{' | '[' | '}' | ']' | ',' | ':' => format!("`{ch}`"),
            _ if ch.is_ascii_alphanumeric() || ch == '_' => {
                format!("`{}`", self.token_range_here().slice(self.text))
            }
            _ if ch.is_control() || !ch.is_ascii() && ch.is_whitespace() => {
                format!("the invisible character U+{:04X}", u32::from(ch))
            }
            _ => format!("`{ch}`"),
        }
    }

    fn error_here(&self, message: String) -> JsonError {
        JsonError {
            replacement: None,
            message,
            range: self.token_range_here(),
        }
    }

    /// An error for "expected X" at `pos`, with special messages for the
    /// usual non-JSON habits (comments, single quotes, unquoted words).
    fn expected(&self, what: &str) -> JsonError {
        if let Some(error) = self.habit_error() {
            return error;
        }
        let found = self.describe_here();
        self.error_here(format!("expected {what}, found {found}"))
    }

    fn habit_error(&self) -> Option<JsonError> {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        if let Some(error) = self.other_format_error(rest) {
            return Some(error);
        }
        if rest.starts_with(b"//") {
            let end = self.scan_while(self.pos, |b| b != b'\n' && b != b'\r');
            return Some(JsonError {
                replacement: Some(String::new()),
                message: "comments are not allowed in JSON policies".into(),
                range: TextRange::new(self.pos, end),
            });
        }
        if rest.starts_with(b"/*") {
            let end = self
                .text
                .get(self.pos + 2..)
                .and_then(|after| after.find("*/"))
                .map_or(self.line_end(self.pos), |at| self.pos + 2 + at + 2);
            return Some(JsonError {
                replacement: Some(String::new()),
                message: "comments are not allowed in JSON policies".into(),
                range: TextRange::new(self.pos, end),
            });
        }
        if let Some(open @ ('\u{201c}' | '\u{201e}')) = self.char_here() {
            // A value quoted with curly quotes on both sides: straighten both.
            let after = self.pos + open.len_utf8();
            let line = self
                .text
                .get(after..self.line_end(after))
                .unwrap_or_default();
            if let Some(close) = line.find('\u{201d}') {
                let inner = line.get(..close).unwrap_or_default();
                if !inner.contains(['"', '\u{201c}']) {
                    return Some(JsonError {
                        replacement: Some(format!("\"{inner}\"")),
                        message: format!(
                            "typographic quotes `{open}…\u{201d}` around `{inner}`: JSON \
                            strings need straight double quotes (`\"`)"
                        ),
                        range: TextRange::new(self.pos, after + close + '\u{201d}'.len_utf8()),
                    });
                }
            }
        }
        if let Some(quote @ ('\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2018}' | '\u{2019}')) =
            self.char_here()
        {
            // Word processors and chat tools turn `"` into curly quotes.
            return Some(JsonError {
                replacement: None,
                message: format!(
                    "typographic quote `{quote}`: JSON strings need straight double quotes (`\"`)"
                ),
                range: TextRange::new(self.pos, self.pos + quote.len_utf8()),
            });
        }
        if let Some(space) = self
            .char_here()
            .filter(|c| c.is_whitespace() && !c.is_ascii())
        {
            // Chat tools and web pages indent with non-breaking spaces.
            let run: usize = self
                .text
                .get(self.pos..)
                .unwrap_or_default()
                .chars()
                .take_while(|c| c.is_whitespace() && !c.is_ascii())
                .map(char::len_utf8)
                .sum();
            let name = if space == '\u{a0}' {
                "a non-breaking space"
            } else {
                "a Unicode space"
            };
            return Some(JsonError {
                replacement: Some(" ".repeat(run / space.len_utf8().max(1))),
                message: format!(
                    "{name} (U+{:04X}) between tokens; JSON allows only plain spaces, \
                    tabs and line breaks there",
                    u32::from(space)
                ),
                range: TextRange::new(self.pos, self.pos + run),
            });
        }
        if rest.starts_with(b"'") {
            return Some(JsonError {
                replacement: None,
                message: "strings must be in double quotes (`\"`), not single quotes".into(),
                range: TextRange::new(self.pos, self.pos + 1),
            });
        }
        None
    }

    /// A whole document in another format, recognized by how it starts:
    /// URL-encoded JSON (older AWS CLIs print `get-role` that way), Terraform
    /// source, YAML.
    fn other_format_error(&self, rest: &[u8]) -> Option<JsonError> {
        let at_start = self
            .text
            .get(..self.pos)
            .is_some_and(|before| before.trim().is_empty());
        if !at_start {
            return None;
        }
        let word_end = self.scan_while(self.pos, |b| b.is_ascii_alphanumeric() || b == b'_');
        let word = self.text.get(self.pos..word_end).unwrap_or_default();
        let after_word = self.text.get(word_end..).unwrap_or_default().trim_start();
        let message = if rest.starts_with(b"%7B") || rest.starts_with(b"%7b") {
            "the document is URL-encoded (`%7B` is `{`), as some AWS CLI versions print \
            `get-role`; decode it and paste the JSON"
                .to_string()
        } else if word == "jsonencode" || after_word.starts_with('=') && !word.is_empty() {
            format!(
                "`{word}` starts Terraform (HCL) source, not JSON: paste the JSON it \
                renders (`terraform console`, or the policy shown by `terraform plan`)"
            )
        } else if !word.is_empty() && after_word.starts_with(':') {
            format!(
                "`{word}:` looks like YAML; IAM policies are JSON: convert it (for \
                example `yq -o=json`) and paste the result"
            )
        } else {
            return None;
        };
        Some(JsonError {
            replacement: None,
            message,
            range: TextRange::new(self.pos, word_end.max(self.pos + 1).min(self.text.len())),
        })
    }

    fn line_end(&self, from: usize) -> usize {
        self.scan_while(from, |b| b != b'\n' && b != b'\r')
    }

    fn value(&mut self, depth: usize) -> Parsed<JsonNode<'a>> {
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => {
                let (string, range) = self.string()?;
                Ok(JsonNode {
                    value: JsonValue::String(string),
                    range,
                })
            }
            Some(b'-' | b'0'..=b'9') => {
                self.plain = false;
                self.number()
            }
            Some(b't') if self.literal_here(b"true") => Ok(self.literal(4, JsonValue::Bool(true))),
            Some(b'f') if self.literal_here(b"false") => {
                Ok(self.literal(5, JsonValue::Bool(false)))
            }
            Some(b'n') if self.literal_here(b"null") => Ok(self.literal(4, JsonValue::Null)),
            _ => Err(self.value_error()),
        }
    }

    fn value_error(&self) -> JsonError {
        if let Some(error) = self.habit_error() {
            return error;
        }
        let word = self.token_range_here().slice(self.text);
        let lower = word.to_ascii_lowercase();
        if word != lower && matches!(lower.as_str(), "true" | "false" | "null") {
            return self
                .error_here(format!(
                    "expected a JSON value, found `{word}`; JSON literals are lowercase: `{lower}`"
                ))
                .with_replacement(lower);
        }
        if word.bytes().next().is_some_and(|b| b.is_ascii_alphabetic()) {
            return self.error_here(format!(
                "expected a JSON value, found `{word}`; text values must be double-quoted strings"
            ));
        }
        let found = self.describe_here();
        self.error_here(format!(
            "expected a JSON value (object, array, string, number, `true`, `false` or \
            `null`), found {found}"
        ))
    }

    /// True when the exact literal is here and not followed by more of a word.
    fn literal_here(&self, literal: &[u8]) -> bool {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        rest.starts_with(literal)
            && !rest
                .get(literal.len())
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    }

    fn literal(&mut self, len: usize, value: JsonValue<'a>) -> JsonNode<'a> {
        let range = TextRange::new(self.pos, self.pos + len);
        self.pos += len;
        JsonNode { value, range }
    }

    fn too_deep(&self) -> JsonError {
        JsonError {
            replacement: None,
            message: format!("the document nests deeper than {MAX_DEPTH} levels"),
            range: TextRange::new(self.pos, self.pos + 1),
        }
    }

    fn object(&mut self, depth: usize) -> Parsed<JsonNode<'a>> {
        if depth > MAX_DEPTH {
            return Err(self.too_deep());
        }
        let start = self.pos;
        self.pos += 1; // `{`
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(JsonNode {
                value: JsonValue::Object(members),
                range: TextRange::new(start, self.pos),
            });
        }
        loop {
            // Here: after `{` or after `,`, whitespace skipped.
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') if !members.is_empty() => {
                    return Err(self.trailing_comma_error("}"));
                }
                None => return Err(self.unclosed(start, "object", "}")),
                _ => return Err(self.key_error()),
            }
            let (key, key_range) = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.expected(&format!("`:` after the key `{key}`")));
            }
            self.pos += 1;
            self.skip_whitespace();
            if self.peek().is_none() {
                return Err(self.unclosed(start, "object", "}"));
            }
            let value = self.value(depth)?;
            members.push(JsonMember {
                key,
                key_range,
                value,
            });
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_whitespace();
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(JsonNode {
                        value: JsonValue::Object(members),
                        range: TextRange::new(start, self.pos),
                    });
                }
                None => return Err(self.unclosed(start, "object", "}")),
                Some(b'"') => {
                    let end = members.last().map_or(self.pos, |m| m.value.range.end);
                    return Err(self.missing_comma(
                        end,
                        "expected `,` or `}` after an object member, found the next key: \
                        a `,` is missing here",
                    ));
                }
                _ => return Err(self.expected("`,` or `}` after an object member")),
            }
        }
    }

    /// Two values with no comma between them: underline the last character
    /// of the first (where the comma belongs) and insert the comma there.
    fn missing_comma(&self, value_end: usize, message: &str) -> JsonError {
        let last = self
            .text
            .get(..value_end)
            .and_then(|before| before.char_indices().next_back())
            .map_or(value_end, |(at, _)| at);
        let range = TextRange::new(last, value_end);
        JsonError {
            message: message.to_owned(),
            range,
            replacement: Some(format!("{},", range.slice(self.text))),
        }
    }

    fn key_error(&self) -> JsonError {
        if let Some(error) = self.habit_error() {
            return error;
        }
        if self
            .peek()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        {
            let word = self.token_range_here().slice(self.text);
            return self
                .error_here(format!(
                    "object keys must be double-quoted strings: write `\"{word}\"`"
                ))
                .with_replacement(format!("\"{word}\""));
        }
        self.expected("a double-quoted key or `}`")
    }

    fn trailing_comma_error(&self, close: &str) -> JsonError {
        // Point at the comma itself: the last `,` before `pos`.
        let before = self.bytes.get(..self.pos).unwrap_or_default();
        let comma = before.iter().rposition(|&b| b == b',').unwrap_or(self.pos);
        JsonError {
            replacement: Some(String::new()),
            message: format!("trailing comma before `{close}`; JSON does not allow one"),
            range: TextRange::new(comma, comma + 1),
        }
    }

    fn unclosed(&self, start: usize, what: &str, close: &str) -> JsonError {
        JsonError {
            replacement: None,
            message: format!("unexpected end of input: this {what} is never closed with `{close}`"),
            range: TextRange::new(start, start + 1),
        }
    }

    fn array(&mut self, depth: usize) -> Parsed<JsonNode<'a>> {
        if depth > MAX_DEPTH {
            return Err(self.too_deep());
        }
        let start = self.pos;
        self.pos += 1; // `[`
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(JsonNode {
                value: JsonValue::Array(items),
                range: TextRange::new(start, self.pos),
            });
        }
        loop {
            match self.peek() {
                None => return Err(self.unclosed(start, "array", "]")),
                Some(b']') if !items.is_empty() => return Err(self.trailing_comma_error("]")),
                _ => {}
            }
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_whitespace();
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(JsonNode {
                        value: JsonValue::Array(items),
                        range: TextRange::new(start, self.pos),
                    });
                }
                None => return Err(self.unclosed(start, "array", "]")),
                Some(b'"' | b'{' | b'[' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n')
                    if self.habit_error().is_none() =>
                {
                    let end = items.last().map_or(self.pos, |item| item.range.end);
                    return Err(self.missing_comma(
                        end,
                        "expected `,` or `]` after an array element, found another value: \
                        a `,` is missing here",
                    ));
                }
                _ => return Err(self.expected("`,` or `]` after an array element")),
            }
        }
    }

    /// Parses a string at `pos` (which holds `"`); returns its decoded text
    /// (borrowed unless it has escapes) and its range including both quotes.
    fn string(&mut self) -> Parsed<(Cow<'a, str>, TextRange)> {
        let start = self.pos;
        self.pos += 1;
        let mut decoded = String::new();
        let mut escaped = false;
        let mut chunk_start = self.pos;
        loop {
            let Some(byte) = self.peek() else {
                return Err(self.unterminated(start));
            };
            match byte {
                b'"' => {
                    let chunk = self.text.get(chunk_start..self.pos).unwrap_or_default();
                    self.pos += 1;
                    let range = TextRange::new(start, self.pos);
                    if !escaped {
                        return Ok((Cow::Borrowed(chunk), range));
                    }
                    decoded.push_str(chunk);
                    return Ok((Cow::Owned(decoded), range));
                }
                b'\\' => {
                    escaped = true;
                    self.plain = false;
                    decoded.push_str(self.text.get(chunk_start..self.pos).unwrap_or_default());
                    self.escape(&mut decoded)?;
                    chunk_start = self.pos;
                }
                b'\n' | b'\r' => return Err(self.unterminated(start)),
                0x00..=0x1f => {
                    // A paste artifact: no ARN, name or key holds one, so
                    // the fix deletes it rather than escaping it.
                    return Err(JsonError {
                        replacement: Some(String::new()),
                        message: format!(
                            "control character U+{byte:04X}{} inside a string: JSON needs \
                            it escaped (`\\u{byte:04x}`{}), and no ARN or name holds \
                            one; delete it",
                            if byte == b'\t' { " (a tab)" } else { "" },
                            if byte == b'\t' { " or `\\t`" } else { "" }
                        ),
                        range: TextRange::new(self.pos, self.pos + 1),
                    });
                }
                _ => {
                    // Skip plain text in one tight scan.
                    let rest = self.bytes.get(self.pos..).unwrap_or_default();
                    self.pos += rest
                        .iter()
                        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                        .unwrap_or(rest.len());
                }
            }
        }
    }

    /// A string that runs into a line break or the end: point at its start,
    /// up to the end of that line, where the closing quote is missing.
    fn unterminated(&self, start: usize) -> JsonError {
        JsonError {
            replacement: None,
            message: "unterminated string: the closing `\"` is missing on this line".into(),
            range: TextRange::new(start, self.line_end(start)),
        }
    }

    /// Parses one escape at `pos` (which holds `\`) into `decoded`.
    fn escape(&mut self, decoded: &mut String) -> Parsed<()> {
        let backslash = self.pos;
        self.pos += 1;
        let Some(byte) = self.peek() else {
            return Err(JsonError {
                replacement: None,
                message: "unterminated string: input ends after `\\`".into(),
                range: TextRange::new(backslash, self.pos),
            });
        };
        let simple = match byte {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'/' => Some('/'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            _ => None,
        };
        if let Some(ch) = simple {
            decoded.push(ch);
            self.pos += 1;
            return Ok(());
        }
        if byte != b'u' {
            let ch = self.char_here().unwrap_or('?');
            let end = self.pos + ch.len_utf8();
            let shown = if ch.is_control() {
                format!("U+{:04X}", u32::from(ch))
            } else {
                ch.to_string()
            };
            return Err(JsonError {
                replacement: (!ch.is_control()).then(|| format!("\\\\{ch}")),
                message: format!(
                    "invalid escape `\\{shown}` in a string; valid escapes are `\\\"`, \
                    `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and `\\uXXXX` \
                    (write `\\\\` for a backslash)"
                ),
                range: TextRange::new(backslash, end),
            });
        }
        self.pos += 1;
        let first = self.hex4(backslash)?;
        let ch = match first {
            0xD800..=0xDBFF => {
                // A leading surrogate must be followed by `\u` and a trailing one.
                let rest = self.bytes.get(self.pos..).unwrap_or_default();
                if !rest.starts_with(b"\\u") {
                    return Err(lone_surrogate(backslash, self.pos));
                }
                self.pos += 2;
                let second = self.hex4(backslash)?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(lone_surrogate(backslash, self.pos));
                }
                let scalar = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                char::from_u32(scalar)
            }
            0xDC00..=0xDFFF => return Err(lone_surrogate(backslash, self.pos)),
            _ => char::from_u32(first),
        };
        decoded.push(ch.unwrap_or('\u{fffd}'));
        Ok(())
    }

    /// Four hex digits at `pos`.
    fn hex4(&mut self, backslash: usize) -> Parsed<u32> {
        let mut value = 0u32;
        for _ in 0..4 {
            let digit = self.peek().and_then(|b| char::from(b).to_digit(16));
            let Some(digit) = digit else {
                return Err(JsonError {
                    replacement: None,
                    message: "invalid escape: `\\u` must be followed by four hex digits".into(),
                    range: TextRange::new(backslash, self.char_end_here()),
                });
            };
            value = value * 16 + digit;
            self.pos += 1;
        }
        Ok(value)
    }

    /// The end of the character at `pos` (or `pos` at the end of input).
    fn char_end_here(&self) -> usize {
        self.pos + self.char_here().map_or(0, char::len_utf8)
    }

    fn number(&mut self) -> Parsed<JsonNode<'a>> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    let end = self.scan_while(self.pos, |b| b.is_ascii_digit());
                    return Err(JsonError {
                        replacement: None,
                        message: "leading zeros are not allowed in JSON numbers; quote \
                        the value if it is an id (`\"0123\"`)"
                            .into(),
                        range: TextRange::new(start, end),
                    });
                }
            }
            Some(b'1'..=b'9') => self.pos = self.scan_while(self.pos, |b| b.is_ascii_digit()),
            _ => return Err(self.number_error(start, "a digit after `-`")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.number_error(start, "a digit after the decimal point"));
            }
            self.pos = self.scan_while(self.pos, |b| b.is_ascii_digit());
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(self.number_error(start, "a digit in the exponent"));
            }
            self.pos = self.scan_while(self.pos, |b| b.is_ascii_digit());
        }
        let range = TextRange::new(start, self.pos);
        Ok(JsonNode {
            value: JsonValue::Number(range.slice(self.text)),
            range,
        })
    }

    fn number_error(&self, start: usize, expected: &str) -> JsonError {
        let found = self.describe_here();
        JsonError {
            replacement: None,
            message: format!("invalid number: expected {expected}, found {found}"),
            range: TextRange::new(start, self.char_end_here()),
        }
    }
}

fn lone_surrogate(backslash: usize, end: usize) -> JsonError {
    JsonError {
        replacement: None,
        message: "invalid escape: a `\\u` surrogate must come as a high/low pair".into(),
        range: TextRange::new(backslash, end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Parses `text` expecting an error; returns (message, underlined text).
    fn error(text: &str) -> (String, String) {
        match parse_json(text) {
            Ok(node) => panic!("expected an error for {text:?}, got {node:?}"),
            Err(error) => {
                assert!(error.range.start <= error.range.end);
                assert!(text.is_char_boundary(error.range.start));
                assert!(text.is_char_boundary(error.range.end));
                assert!(error.range.end <= text.len());
                (error.message, error.range.slice(text).to_owned())
            }
        }
    }

    fn ok(text: &str) -> JsonNode<'_> {
        match parse_json(text) {
            Ok(node) => node,
            Err(error) => panic!("{text:?}: {error:?} at {:?}", error.range.slice(text)),
        }
    }

    fn members<'n, 'a>(node: &'n JsonNode<'a>) -> &'n [JsonMember<'a>] {
        match &node.value {
            JsonValue::Object(members) => members,
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn keeps_ranges_of_keys_and_values_including_quotes() {
        let text = r#" { "Effect" : "Allow", "n": -1.5e3, "a": [true, null, {}] } "#;
        let node = ok(text);
        assert_eq!(node.range.slice(text), text.trim());
        let members = members(&node);
        assert_eq!(members.len(), 3);
        assert_eq!(members[0].key, "Effect");
        assert_eq!(members[0].key_range.slice(text), "\"Effect\"");
        assert_eq!(members[0].value.range.slice(text), "\"Allow\"");
        assert_eq!(
            members[0]
                .key_range
                .cover(members[0].value.range)
                .slice(text),
            "\"Effect\" : \"Allow\""
        );
        assert_eq!(members[1].value.value, JsonValue::Number("-1.5e3"));
        assert_eq!(members[1].value.range.slice(text), "-1.5e3");
        let JsonValue::Array(items) = &members[2].value.value else {
            panic!()
        };
        assert_eq!(items[0].range.slice(text), "true");
        assert_eq!(items[1].range.slice(text), "null");
        assert_eq!(items[2].range.slice(text), "{}");
        assert_eq!(members[2].value.range.slice(text), "[true, null, {}]");
    }

    #[test]
    fn keeps_duplicate_keys_in_order() {
        let text = r#"{"a": 1, "a": 2}"#;
        let node = ok(text);
        let members = members(&node);
        assert_eq!(members.len(), 2);
        assert_eq!(members[0].value.range.slice(text), "1");
        assert_eq!(members[1].value.range.slice(text), "2");
    }

    #[test]
    fn decodes_escapes_and_keeps_raw_ranges() {
        let text = r#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\uD83D\uDE00", "ç"]"#;
        let node = ok(text);
        let JsonValue::Array(items) = &node.value else {
            panic!()
        };
        assert_eq!(
            items[0].value,
            JsonValue::String("a\"b\\c/d\u{8}\u{c}\n\r\t".into())
        );
        assert_eq!(items[1].value, JsonValue::String("é😀".into()));
        assert_eq!(items[1].range.slice(text), r#""\u00e9\uD83D\uDE00""#);
        assert_eq!(items[2].range.slice(text), "\"ç\"");
    }

    #[test]
    fn accepts_scalars_at_top_level_and_a_leading_bom() {
        assert_eq!(ok("0").value, JsonValue::Number("0"));
        assert_eq!(ok(" -0.0E+1 ").value, JsonValue::Number("-0.0E+1"));
        assert_eq!(ok("\"x\"").value, JsonValue::String("x".into()));
        assert_eq!(ok("\u{feff}{}").range.slice("\u{feff}{}"), "{}");
    }

    #[test]
    fn empty_input() {
        assert!(error("").0.contains("empty"));
        assert!(error(" \n\t").0.contains("empty"));
    }

    #[test]
    fn missing_comma_is_located_where_the_comma_belongs() {
        let text = "{\n  \"Effect\": \"Allow\"\n  \"Action\": \"sts:AssumeRole\"\n}";
        let (message, underlined) = error(text);
        assert!(
            message.starts_with("expected `,` or `}` after an object member"),
            "{message}"
        );
        // The closing quote of "Allow", on the line where the comma belongs.
        assert_eq!(underlined, "\"");
        let Err(located) = parse_json(text) else {
            panic!()
        };
        assert_eq!(located.range.start, text.find("Allow").unwrap_or(0) + 5);
        let (message, underlined) = error(r#"{"a": 1 x}"#);
        assert_eq!(
            message,
            "expected `,` or `}` after an object member, found `x`"
        );
        assert_eq!(underlined, "x");
        let (message, underlined) = error(r#"[10 2]"#);
        assert_eq!(
            message,
            "expected `,` or `]` after an array element, found another value: a `,` is missing here"
        );
        assert_eq!(underlined, "0");
        let (message, _) = error(r#"[1 x]"#);
        assert_eq!(
            message,
            "expected `,` or `]` after an array element, found `x`"
        );
    }

    #[test]
    fn unterminated_string_points_at_the_string_and_its_line() {
        let text = "{\n  \"Action\": \"sts:AssumeRole]\n  }\n}";
        let (message, underlined) = error(text);
        assert!(message.starts_with("unterminated string"), "{message}");
        assert_eq!(underlined, "\"sts:AssumeRole]");
        let (message, underlined) = error("[\"abc");
        assert!(message.starts_with("unterminated string"));
        assert_eq!(underlined, "\"abc");
        let (_, underlined) = error("[\"abc\r\n]");
        assert_eq!(underlined, "\"abc");
    }

    #[test]
    fn invalid_escapes() {
        let (message, underlined) = error(r#"["a\xb"]"#);
        assert!(message.starts_with("invalid escape `\\x`"), "{message}");
        assert_eq!(underlined, "\\x");
        let (message, underlined) = error(r#"["\u12G4"]"#);
        assert!(message.contains("four hex digits"));
        assert_eq!(underlined, "\\u12G");
        let (message, underlined) = error(r#"["\uD800x"]"#);
        assert!(message.contains("surrogate"));
        assert_eq!(underlined, "\\uD800");
        let (message, _) = error(r#"["\uDC00"]"#);
        assert!(message.contains("surrogate"));
        let (message, _) = error("[\"\\");
        assert!(message.starts_with("unterminated string"));
        let (message, underlined) = error("[\"\\é\"]");
        assert!(message.starts_with("invalid escape `\\é`"));
        assert_eq!(underlined, "\\é");
    }

    #[test]
    fn control_characters_in_strings() {
        let (message, underlined) = error("[\"a\tb\"]");
        assert!(message.contains("control character U+0009"), "{message}");
        assert!(message.contains("`\\t`"));
        assert_eq!(underlined, "\t");
        let (message, _) = error("[\"a\u{1}b\"]");
        assert!(message.contains("U+0001"));
    }

    #[test]
    fn trailing_commas() {
        let (message, underlined) = error(r#"{"a": 1,}"#);
        assert!(
            message.starts_with("trailing comma before `}`"),
            "{message}"
        );
        assert_eq!(underlined, ",");
        let (message, underlined) = error("[1, 2 ,\n ]");
        assert!(message.starts_with("trailing comma before `]`"));
        assert_eq!(underlined, ",");
        // A comma right after `{` is not a trailing comma.
        let (message, _) = error("{,}");
        assert!(
            message.starts_with("expected a double-quoted key"),
            "{message}"
        );
        let (message, _) = error("[,]");
        assert!(message.starts_with("expected a JSON value"), "{message}");
    }

    #[test]
    fn comments_single_quotes_and_unquoted_keys() {
        let (message, underlined) = error("{ // the trust policy\n}");
        assert!(message.starts_with("comments are not allowed"));
        assert_eq!(underlined, "// the trust policy");
        let (message, underlined) = error("{\"a\": /* x */ 1}");
        assert!(message.starts_with("comments are not allowed"));
        assert_eq!(underlined, "/* x */");
        let (message, _) = error("[1] /* never closed");
        assert!(
            message.starts_with("unexpected `/` after the end"),
            "{message}"
        );
        let (message, underlined) = error("{'Effect': 'Allow'}");
        assert!(message.contains("double quotes"));
        assert_eq!(underlined, "'");
        // A pair of curly quotes is straightened as one.
        let (message, underlined) = error("{\u{201c}Effect\u{201d}: \"Allow\"}");
        assert!(
            message.starts_with("typographic quotes `\u{201c}…\u{201d}` around `Effect`"),
            "{message}"
        );
        assert_eq!(underlined, "\u{201c}Effect\u{201d}");
        let (message, underlined) = error("{\u{201c}Effect: \"Allow\"}");
        assert!(
            message.starts_with("typographic quote `\u{201c}`"),
            "{message}"
        );
        assert_eq!(underlined, "\u{201c}");
        let (message, _) = error("Version: 2012-10-17");
        assert!(message.contains("looks like YAML"), "{message}");
        let (message, _) = error("jsonencode({ Version = \"2012-10-17\" })");
        assert!(message.contains("Terraform"), "{message}");
        let (message, _) = error("%7B%22Version%22%3A%222012-10-17%22%7D");
        assert!(message.contains("URL-encoded"), "{message}");
        let (message, _) = error("{\"Effect\": \u{2018}Allow\u{2019}}");
        assert!(message.starts_with("typographic quote"), "{message}");
        let (message, underlined) = error("{Effect: \"Allow\"}");
        assert!(message.contains("write `\"Effect\"`"), "{message}");
        assert_eq!(underlined, "Effect");
    }

    #[test]
    fn numbers() {
        let (message, underlined) = error("[0123]");
        assert!(message.starts_with("leading zeros"), "{message}");
        assert_eq!(underlined, "0123");
        let (message, underlined) = error("[-0012]");
        assert!(message.starts_with("leading zeros"));
        assert_eq!(underlined, "-0012");
        let (message, underlined) = error("[1.]");
        assert!(message.contains("after the decimal point"), "{message}");
        assert_eq!(underlined, "1.]");
        let (message, _) = error("[1e]");
        assert!(message.contains("exponent"));
        let (message, _) = error("[-]");
        assert!(message.contains("a digit after `-`"));
        let (message, _) = error("[.5]");
        assert!(message.starts_with("expected a JSON value"), "{message}");
        let (message, _) = error("[+1]");
        assert!(message.starts_with("expected a JSON value"));
        let (message, underlined) = error("[01.5]");
        assert!(message.starts_with("leading zeros"));
        assert_eq!(underlined, "01");
    }

    #[test]
    fn literals() {
        let (message, underlined) = error(r#"{"Bool": True}"#);
        assert!(message.contains("lowercase: `true`"), "{message}");
        assert_eq!(underlined, "True");
        let (message, underlined) = error("[nulls]");
        assert!(message.contains("double-quoted"), "{message}");
        assert_eq!(underlined, "nulls");
        let (message, underlined) = error(r#"{"Effect": Allow}"#);
        assert!(message.contains("found `Allow`"));
        assert_eq!(underlined, "Allow");
    }

    #[test]
    fn trailing_garbage_after_the_document() {
        let (message, underlined) = error("{}\n}");
        assert_eq!(
            message,
            "unexpected `}` after the end of the JSON document; expected nothing more"
        );
        assert_eq!(underlined, "}");
        let (message, _) = error("{} {}");
        assert!(message.starts_with("unexpected `{` after the end"));
    }

    #[test]
    fn unclosed_containers_point_at_their_opening() {
        let (message, underlined) = error("{\"a\": [1, 2");
        assert!(
            message.contains("array is never closed with `]`"),
            "{message}"
        );
        assert_eq!(underlined, "[");
        let (message, underlined) = error("{\"a\": 1");
        assert!(message.contains("object is never closed with `}`"));
        assert_eq!(underlined, "{");
        let (message, _) = error("{\"a\":");
        assert!(message.contains("never closed"));
        let (message, _) = error("{\"a\" 1}");
        assert_eq!(message, "expected `:` after the key `a`, found `1`");
    }

    #[test]
    fn invisible_characters_are_named() {
        let (message, underlined) = error("{\"a\":\u{a0}1}");
        assert!(message.contains("U+00A0"), "{message}");
        assert_eq!(underlined, "\u{a0}");
    }

    /// Applies the error's replacement; the result must parse.
    fn fixed(text: &str) -> String {
        let Err(error) = parse_json(text) else {
            panic!("no error for {text:?}")
        };
        let Some(replacement) = error.replacement else {
            panic!("no replacement for {text:?}: {}", error.message)
        };
        let mut out = text.to_owned();
        out.replace_range(error.range.start..error.range.end, &replacement);
        out
    }

    #[test]
    fn certain_fixes_make_the_text_parse() {
        let cases = [
            ("{\"a\": 1,}", "{\"a\": 1}"),
            ("[1, 2, ]", "[1, 2 ]"),
            ("{\"a\": 1\n \"b\": 2}", "{\"a\": 1,\n \"b\": 2}"),
            ("{\"a\": {}\n \"b\": 2}", "{\"a\": {},\n \"b\": 2}"),
            ("[\"a\" \"b\"]", "[\"a\", \"b\"]"),
            ("[1 {}]", "[1, {}]"),
            ("[null true]", "[null, true]"),
            ("[True]", "[true]"),
            ("{Effect: 1}", "{\"Effect\": 1}"),
            ("{ // c\n}", "{ \n}"),
            ("[1 /* c */]", "[1 ]"),
            // Control characters in strings are paste artifacts: deleted.
            ("[\"a\tb\"]", "[\"ab\"]"),
            ("[\"a\u{1}b\"]", "[\"ab\"]"),
            ("[\"C:\\dir\"]", "[\"C:\\\\dir\"]"),
        ];
        for (text, expected) in cases {
            let out = fixed(text);
            assert_eq!(out, expected, "{text:?}");
            assert!(parse_json(&out).is_ok(), "{out:?}");
        }
        // Not certain: no replacement.
        for text in ["{\"a\" 1}", "[1.]", "{'a': 1}", "[\"abc", "{} }"] {
            assert_eq!(
                parse_json(text).err().and_then(|e| e.replacement),
                None,
                "{text:?}"
            );
        }
    }

    #[test]
    fn nesting_is_capped_without_overflowing_the_stack() {
        let deep = "[".repeat(100_000);
        let (message, underlined) = error(&deep);
        assert!(message.contains("deeper than 64"), "{message}");
        assert_eq!(underlined, "[");
        let deep_objects = "{\"a\":".repeat(100_000);
        assert!(error(&deep_objects).0.contains("deeper than 64"));
        let at_limit = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        ok(&at_limit);
        let over = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let text = over.as_str();
        match parse_json(text) {
            Err(error) => assert_eq!(error.range.start, MAX_DEPTH),
            Ok(_) => panic!("accepted {} levels", MAX_DEPTH + 1),
        }
    }

    #[test]
    fn large_input_parses() {
        let statement = r#"{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Principal":{"AWS":"arn:aws:iam::111122223333:role/a\u0041"}}"#;
        let mut text = String::from("{\"Statement\":[");
        while text.len() < 4_000_000 {
            text.push_str(statement);
            text.push(',');
        }
        text.push_str(statement);
        text.push_str("]}");
        // Its time is measured by the `large/3MB-trust-policy` benchmark.
        ok(&text);
    }

    /// A JSON text with random white space, from a generated value.
    fn json_text() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just("null".to_owned()),
            Just("true".to_owned()),
            Just("false".to_owned()),
            "-?(0|[1-9][0-9]{0,3})(\\.[0-9]{1,2})?([eE][+-]?[0-9])?".prop_map(|s| s),
            "[a-zé😀 \\\\\"/\u{1}]{0,6}"
                .prop_map(|s| { serde_json::to_string(&s).unwrap_or_default() }),
        ];
        let ws = "[ \t\r\n]{0,2}";
        leaf.prop_recursive(4, 40, 5, move |inner| {
            prop_oneof![
                prop::collection::vec((inner.clone(), ws, ws), 0..4).prop_map(|items| {
                    let body: Vec<String> = items
                        .into_iter()
                        .map(|(v, a, b)| format!("{a}{v}{b}"))
                        .collect();
                    format!("[{}]", body.join(","))
                }),
                prop::collection::vec(("[a-zA-Z:]{0,5}", inner, ws), 0..4).prop_map(|members| {
                    let body: Vec<String> = members
                        .into_iter()
                        .map(|(k, v, w)| format!("{w}\"{k}\"{w}:{w}{v}{w}"))
                        .collect();
                    format!("{{{}}}", body.join(","))
                }),
            ]
        })
    }

    /// The value without ranges, comparable across parses.
    fn canonical(node: &JsonNode) -> serde_json::Value {
        match &node.value {
            JsonValue::Null => serde_json::Value::Null,
            JsonValue::Bool(b) => serde_json::Value::Bool(*b),
            JsonValue::Number(n) => serde_json::Value::String(format!("number:{n}")),
            JsonValue::String(s) => serde_json::Value::String(s.to_string()),
            JsonValue::Array(items) => {
                serde_json::Value::Array(items.iter().map(canonical).collect())
            }
            JsonValue::Object(members) => serde_json::Value::Array(
                members
                    .iter()
                    .map(|m| serde_json::json!([m.key, canonical(&m.value)]))
                    .collect(),
            ),
        }
    }

    /// Every node's range re-parses to the same value; every key range to
    /// the key.
    fn check_ranges(text: &str, node: &JsonNode) -> Result<(), TestCaseError> {
        let again = parse_json(node.range.slice(text));
        prop_assert!(again.is_ok(), "{:?}", node.range.slice(text));
        if let Ok(again) = again {
            prop_assert_eq!(canonical(&again), canonical(node));
        }
        match &node.value {
            JsonValue::Array(items) => {
                for item in items {
                    check_ranges(text, item)?;
                }
            }
            JsonValue::Object(members) => {
                for member in members {
                    let key = parse_json(member.key_range.slice(text)).map(|k| k.value);
                    prop_assert_eq!(key, Ok(JsonValue::String(member.key.clone())));
                    check_ranges(text, &member.value)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn ranges_slice_to_their_values(text in json_text()) {
            let node = parse_json(&text);
            prop_assert!(node.is_ok(), "{:?}: {:?}", text, node);
            if let Ok(node) = node {
                prop_assert_eq!(node.range.slice(&text), text.trim_matches(|c| " \t\r\n".contains(c)));
                check_ranges(&text, &node)?;
            }
        }

        #[test]
        fn never_panics_and_errors_are_in_bounds(text in ".{0,200}") {
            if let Err(error) = parse_json(&text) {
                prop_assert!(error.range.start <= error.range.end);
                prop_assert!(error.range.end <= text.len());
                prop_assert!(text.is_char_boundary(error.range.start));
                prop_assert!(text.is_char_boundary(error.range.end));
            }
        }

        #[test]
        fn never_panics_on_json_like_input(text in r#"[\[\]{}",:\\ a0-9tfnule\.\-+u/\*\n]{0,120}"#) {
            let _ = parse_json(&text);
        }

        #[test]
        fn agrees_with_serde_json_on_validity(text in r#"[\[\]{}",:\\ a0-9tfnule\.\-+]{0,40}"#) {
            prop_assert_eq!(parse_json(&text).is_ok(), serde_json::from_str::<serde_json::Value>(&text).is_ok(), "{:?}", text);
        }
    }

    /// Plain: no number and no escape; digits, minus signs and brackets
    /// inside strings are text.
    #[test]
    fn plain_means_no_number_and_no_escape() {
        let plain = |text: &str| parse_json_noting_plain(text).1;
        assert!(plain(
            r#"{"Sid":"-1 [{0}] 9","Principal":{"AWS":"arn:aws:iam::123456789012:role/a-b"},"t":[true,false,null]}"#
        ));
        assert!(!plain(r#"{"Sid":"x","n":0}"#));
        assert!(!plain(r#"{"n":[-1]}"#));
        assert!(!plain(r#"{"Sid":"\"x"}"#));
        assert!(!plain(r#"{"Sid":"caf\u00e9"}"#));
    }

    /// JSON values without numbers, whose strings need no escape (digits,
    /// brackets, quotes' neighbours, spaces and non-ASCII included).
    fn plain_values() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            "[a-z0-9 :/*{}\\[\\],é-]{0,12}".prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
                prop::collection::vec(("[A-Za-z0-9 -]{0,8}", inner), 0..4).prop_map(|members| {
                    serde_json::Value::Object(members.into_iter().collect())
                }),
            ]
        })
    }

    proptest! {
        /// A document without numbers or escapes, however it is laid out, is
        /// plain, and serde_json's pretty text of it differs from it only in
        /// white space between tokens.
        #[test]
        fn a_plain_document_is_its_pretty_text_but_white_space(value in plain_values(), tabbed in any::<bool>()) {
            let text = if tabbed {
                let mut out = Vec::new();
                let formatter = serde_json::ser::PrettyFormatter::with_indent(b"\t");
                serde::Serialize::serialize(&value, &mut serde_json::Serializer::with_formatter(&mut out, formatter)).expect("writes");
                String::from_utf8(out).expect("UTF-8")
            } else {
                serde_json::to_string(&value).expect("writes")
            };
            let (parsed, plain) = parse_json_noting_plain(&text);
            prop_assert!(parsed.is_ok() && plain, "{:?}", text);
            let pretty = serde_json::to_string_pretty(&value).expect("prints");
            let tokens = |text: &str| {
                let mut out = String::new();
                let mut in_string = false;
                for ch in text.chars() {
                    if ch == '"' {
                        in_string = !in_string;
                    }
                    if in_string || !ch.is_ascii_whitespace() {
                        out.push(ch);
                    }
                }
                out
            };
            prop_assert_eq!(tokens(&text), tokens(&pretty), "{:?}", text);
        }
    }
}
