//! Turns a paste into one line of text the message grammar can be matched
//! on, tolerating the noise real pastes carry (`IMPORT_FORMATS.md` §2 rule 2):
//! terminal colours, CRLF, Terraform's `╷ │ ╵` gutters, log timestamps,
//! GitHub's `##[error]`, shell prompts, hard line breaks anywhere in the
//! message (the AWS docs break after "perform:", Terraform wraps at ~100
//! columns), and the JSON or XML an error can arrive in (§2 rule 3, §4:
//! Lambda's `errorMessage`, STS's JSON and Query protocols, CloudTrail).
//!
//! Every step is one pass over the text: the work is linear in its size.

/// At most this much of one paste is read (an error message with its stack
/// trace is a few kilobytes; a whole CI log can be larger, and its error is
/// near the top or repeated).
pub const MAX_IMPORT_BYTES: usize = 1024 * 1024;

/// How deep JSON inside a JSON string (`CloudTrailEvent`, `errorMessage`) is
/// opened.
const MAX_NESTED_JSON: usize = 3;

/// The paste as one line: each line's noise removed, lines joined by one
/// space, runs of white space made one space.
pub fn flatten(text: &str) -> String {
    let text = without_ansi_escapes(text);
    let text = match as_json_text(&text) {
        Some(flattened) => flattened,
        None if looks_like_xml_error(&text) => xml_as_text(&text),
        None => text,
    };
    let mut flat = String::with_capacity(text.len());
    for line in text.lines() {
        let line = without_line_prefixes(line);
        push_collapsed(&mut flat, line);
        push_collapsed(&mut flat, " ");
    }
    let trimmed_len = flat.trim_end().len();
    flat.truncate(trimmed_len);
    flat
}

/// The first `MAX_IMPORT_BYTES` of a text, cut at a character boundary.
pub fn capped(text: &str) -> &str {
    if text.len() <= MAX_IMPORT_BYTES {
        return text;
    }
    let mut end = MAX_IMPORT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

/// Appends `piece`, any white space (tabs, no-break spaces) written as one
/// space and never two in a row.
fn push_collapsed(flat: &mut String, piece: &str) {
    for c in piece.chars() {
        if c.is_whitespace() {
            if !flat.is_empty() && !flat.ends_with(' ') {
                flat.push(' ');
            }
        } else {
            flat.push(c);
        }
    }
}

/// Removes ANSI escape sequences (`ESC [ … letter`), as a coloured
/// Terraform or CLI output pasted from a terminal carries them.
pub fn without_ansi_escapes(text: &str) -> String {
    if !text.contains('\u{1b}') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'[') {
            chars.next();
            // Parameters and intermediates, then one final letter.
            for next in chars.by_ref() {
                if next.is_ascii_alphabetic() || next == '~' {
                    break;
                }
            }
        }
    }
    out
}

/// A line without what tools put before the text: white space, Terraform's
/// box-drawing gutters, a timestamp, `##[error]`, a shell prompt.
fn without_line_prefixes(line: &str) -> &str {
    let mut line = line.trim();
    // A few rounds: `2024-01-01T00:00:00Z ##[error]│ …` stacks them.
    for _ in 0..4 {
        let before = line.len();
        line = line
            .trim_start_matches(['│', '╷', '╵', '┃', '|'])
            .trim_start();
        line = without_timestamp(line).trim_start();
        for marker in ["##[error]", "##[warning]", "$ ", "> ", "PS> "] {
            if let Some(rest) = line.strip_prefix(marker) {
                line = rest.trim_start();
            }
        }
        if line.len() == before {
            break;
        }
    }
    line
}

/// A leading ISO 8601 or log timestamp (`2024-05-01T10:00:00.123Z`,
/// `2024-05-01 10:00:00,123`), as CI logs prefix every line with one.
fn without_timestamp(line: &str) -> &str {
    let bytes = line.as_bytes();
    let date = bytes.len() >= 10
        && bytes.iter().take(4).all(u8::is_ascii_digit)
        && bytes.get(4) == Some(&b'-')
        && bytes
            .get(5..7)
            .is_some_and(|m| m.iter().all(u8::is_ascii_digit))
        && bytes.get(7) == Some(&b'-')
        && bytes
            .get(8..10)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !date {
        return line;
    }
    let mut end = 10;
    if matches!(bytes.get(end), Some(b'T' | b' '))
        && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
    {
        end += 1;
        while bytes
            .get(end)
            .is_some_and(|b| b.is_ascii_digit() || matches!(b, b':' | b'.' | b','))
        {
            end += 1;
        }
        if matches!(bytes.get(end), Some(b'Z')) {
            end += 1;
        } else if matches!(bytes.get(end), Some(b'+' | b'-'))
            && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
        {
            end += 1;
            while bytes
                .get(end)
                .is_some_and(|b| b.is_ascii_digit() || *b == b':')
            {
                end += 1;
            }
        }
    }
    line.get(end..).unwrap_or(line)
}

/// One or more JSON values (a Lambda error object, STS's JSON error, a
/// CloudTrail record), written as `key: value` lines so that the wrapper's
/// patterns (`Code: AccessDenied`, `errorType: …`) and the message grammar
/// read them like any text. `None` when the text is not JSON.
fn as_json_text(text: &str) -> Option<String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return None;
    }
    let mut out = String::new();
    // serde_json refuses nesting deeper than 128: no unbounded recursion.
    for value in serde_json::Deserializer::from_str(trimmed).into_iter::<serde_json::Value>() {
        write_json(&value.ok()?, "", &mut out, 0);
    }
    Some(out)
}

fn write_json(value: &serde_json::Value, key: &str, out: &mut String, nested: usize) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                write_json(value, key, out, nested);
            }
        }
        serde_json::Value::Array(values) => {
            for value in values {
                write_json(value, key, out, nested);
            }
        }
        serde_json::Value::String(text) => {
            let inner = text.trim();
            if nested < MAX_NESTED_JSON && (inner.starts_with('{') || inner.starts_with('[')) {
                if let Ok(inner) = serde_json::from_str::<serde_json::Value>(inner) {
                    write_json(&inner, key, out, nested + 1);
                    return;
                }
            }
            out.push_str(key);
            out.push_str(": ");
            out.push_str(text);
            out.push('\n');
        }
        serde_json::Value::Null => {}
        other => {
            out.push_str(key);
            out.push_str(": ");
            out.push_str(&other.to_string());
            out.push('\n');
        }
    }
}

/// STS's Query-protocol error body (§4: `<ErrorResponse …><Error><Code>…`),
/// raw or inside a PHP SDK message.
fn looks_like_xml_error(text: &str) -> bool {
    text.contains("<ErrorResponse") || text.contains("<Error>") || text.contains("<Code>")
}

/// An element `<Code>AccessDenied</Code>` as `Code: AccessDenied`, other
/// tags as breaks, and the five XML entities decoded.
fn xml_as_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(rest.get(..open).unwrap_or_default());
        let after = rest.get(open + 1..).unwrap_or_default();
        // A tag is short; a lone `<` is text.
        match after
            .get(..after.len().min(256))
            .and_then(|window| window.find('>'))
        {
            Some(close) => {
                let tag = after.get(..close).unwrap_or_default();
                let plain_name = !tag.is_empty()
                    && tag
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':');
                if plain_name {
                    out.push('\n');
                    out.push_str(tag);
                    out.push_str(": ");
                } else {
                    out.push('\n');
                }
                rest = after.get(close + 1..).unwrap_or_default();
            }
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gutters_timestamps_and_breaks_become_one_line() {
        let paste = "╷\r\n│ Error: operation error STS: AssumeRole, api error AccessDenied: User:\r\n│ arn:aws:iam::1:user/a is not authorized\r\n╵\r\n";
        assert_eq!(
            flatten(paste),
            "Error: operation error STS: AssumeRole, api error AccessDenied: User: arn:aws:iam::1:user/a is not authorized"
        );
        assert_eq!(
            flatten(
                "2024-05-01T10:00:00.1234567Z ##[error]Could not\n2024-05-01T10:00:00Z  assume"
            ),
            "Could not assume"
        );
        assert_eq!(flatten("\u{1b}[31mError:\u{1b}[0m x"), "Error: x");
    }

    #[test]
    fn json_and_xml_errors_read_as_key_value_text() {
        let json = r#"{"Error":{"Code":"AccessDenied","Message":"Roles may not be assumed by root accounts.","Type":"Sender"},"RequestId":"r"}"#;
        assert!(flatten(json).contains("Code: AccessDenied Message: Roles may not be assumed"));
        let xml = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>a &quot;b&quot;</Message></Error></ErrorResponse>";
        assert!(flatten(xml).contains("Code: AccessDenied Message: a \"b\""));
    }

    #[test]
    fn a_huge_paste_is_cut_at_a_character_boundary() {
        let text = "é".repeat(MAX_IMPORT_BYTES);
        let cut = capped(&text);
        assert!(cut.len() <= MAX_IMPORT_BYTES);
        assert!(cut.chars().all(|c| c == 'é'));
    }
}
