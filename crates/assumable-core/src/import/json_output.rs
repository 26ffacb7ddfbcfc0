//! The JSON the `aws` CLI prints (its default `--output json`), found in a
//! paste among the noise around it (`IMPORT_FORMATS.md` §2 rule 2: the
//! echoed `$ aws iam get-role …` line, a trailing prompt, terminal colours),
//! parsed once with the core's own parser and handed to each format family
//! (§6, §9) to read by shape (§2 rule 7).
//!
//! Bounded work: the JSON is found with one scan, parsed with a depth limit
//! (`crate::json`), repaired at most `MAX_REPAIRS` times where the parser is
//! certain of the fix (the aws-cli example of `get-policy-version` lacks a
//! comma), and percent-decoding is one pass.

use std::borrow::Cow;

use crate::json::{parse_json, JsonError, JsonNode, JsonValue};
use crate::scenario::PolicySource;

use super::{
    authorization_message, bare_policy, caller_identity, cloudformation, cloudtrail, error_message,
    iam_outputs, normalize, organizations, Reading,
};

/// Fixes applied to a broken paste before giving up (each one re-parses).
const MAX_REPAIRS: usize = 8;

/// Keys that say the paste is meant to be one of the JSON formats read
/// here, so that broken JSON is reported with its location rather than
/// passed on as "not a format import reads".
const FORMAT_KEYS: [&str; 15] = [
    "\"Resources\"",
    "\"AssumeRolePolicyDocument\"",
    "\"PolicyDocument\"",
    "\"PolicyVersion\"",
    "\"UserDetailList\"",
    "\"RoleDetailList\"",
    "\"UserId\"",
    "\"PolicySummary\"",
    "\"DecodedMessage\"",
    "\"eventSource\"",
    "\"CloudTrailEvent\"",
    "\"Records\"",
    "\"Statement\"",
    "\"Roles\"",
    "\"requestParameters\"",
];

/// The parsed JSON of a paste and the text its ranges point into.
pub struct JsonOutput<'a> {
    pub text: &'a str,
    pub root: &'a JsonNode<'a>,
}

impl<'a> JsonOutput<'a> {
    /// The text of a node (for a string, with its quotes).
    pub fn slice(&self, node: &JsonNode<'_>) -> &'a str {
        self.text
            .get(node.range.start..node.range.end)
            .unwrap_or_default()
    }
}

/// Reads a paste holding one of the JSON outputs of §6 or a bare policy (§9).
pub fn recognize(text: &str) -> Option<Reading> {
    let text = normalize::without_ansi_escapes(text);
    let text = match json_span(&text) {
        Some(_) => text,
        None => without_quote_gutters(&text)?,
    };
    let (start, end) = json_span(&text)?;
    let json = text.get(start..end)?;
    let mut repaired: Cow<'_, str> = Cow::Borrowed(json);
    let mut repairs = Vec::new();
    let root_text;
    loop {
        match parse_json(&repaired) {
            Ok(_) => {
                root_text = repaired;
                break;
            }
            Err(error) => {
                let claimed = FORMAT_KEYS.iter().any(|key| json.contains(key));
                match &error.replacement {
                    Some(replacement) if repairs.len() < MAX_REPAIRS => {
                        repairs.push(located(&text, start, &repaired, &error));
                        let mut fixed = String::with_capacity(repaired.len() + replacement.len());
                        fixed.push_str(repaired.get(..error.range.start).unwrap_or_default());
                        fixed.push_str(replacement);
                        fixed.push_str(repaired.get(error.range.end..).unwrap_or_default());
                        repaired = Cow::Owned(fixed);
                    }
                    // A log holding a broken JSON blob and the error AWS
                    // printed: the error is what can be read.
                    _ if claimed && error_message::recognize(&text).is_some() => return None,
                    _ if claimed => {
                        let mut reading = Reading::new(BROKEN_JSON_FORMAT);
                        reading.unreadable = Some(format!(
                            "its JSON is broken at {}",
                            located(&text, start, &repaired, &error)
                        ));
                        return Some(reading);
                    }
                    _ => return None,
                }
            }
        }
    }
    let root = parse_json(&root_text).ok()?;
    let output = JsonOutput {
        text: &root_text,
        root: &root,
    };
    let mut reading = read_shapes(&output)?;
    for repair in repairs {
        reading.notes.push(format!(
            "the JSON was broken at {repair}; it was read with that fixed"
        ));
    }
    if text
        .get(end..)
        .is_some_and(|after| after.lines().any(|line| starts_json(line.trim_start())))
    {
        reading.notes.push(
            "the paste holds more JSON after the first value: only the first was read; give the others as inputs of their own"
                .to_string(),
        );
    }
    let before = text.get(..start).unwrap_or_default();
    let after = text.get(end..).unwrap_or_default();
    if !read_message_beside(&mut reading, before, after) && !before.trim().is_empty() {
        reading
            .notes
            .push("the lines before the JSON (a prompt or the command) were skipped".to_string());
    }
    Some(reading)
}

/// An AWS error message around the JSON (a CI log printing a document and
/// then the error, §2 rule 7: a paste may hold several items) is read too:
/// it fills what the JSON left empty and becomes what AWS said.
fn read_message_beside(reading: &mut Reading, before: &str, after: &str) -> bool {
    if before.trim().is_empty() && after.trim().is_empty() {
        return false;
    }
    let around = format!("{before}\n{after}");
    let Some(beside) = error_message::recognize(&around).filter(|m| m.message.is_some()) else {
        return false;
    };
    if reading.message.is_some() || beside.about_another_call {
        reading.notes.push(
            "the paste also holds an AWS error message: give it as an input of its own to read it"
                .to_string(),
        );
        return true;
    }
    let fill = |field: &mut Option<String>, value: Option<String>| {
        if field.is_none() {
            *field = value;
        }
    };
    fill(&mut reading.action, beside.action);
    fill(&mut reading.caller, beside.caller);
    fill(&mut reading.role_arn, beside.role_arn);
    fill(&mut reading.role_session_name, beside.role_session_name);
    fill(&mut reading.external_id, beside.external_id);
    fill(&mut reading.mfa_serial, beside.mfa_serial);
    fill(&mut reading.source_identity, beside.source_identity);
    if reading.duration_seconds.is_none() {
        reading.duration_seconds = beside.duration_seconds;
    }
    reading.message = beside.message;
    reading.evidence = beside.evidence;
    reading.surfaces = beside.surfaces;
    reading.warnings.extend(beside.warnings);
    reading.notes.extend(beside.notes);
    reading
        .notes
        .push("the AWS error message around the JSON was read too".to_string());
    true
}

/// Keys the outputs read here print as YAML (`--output yaml`).
const YAML_KEYS: [&str; 12] = [
    "Role:",
    "Roles:",
    "AssumeRolePolicyDocument:",
    "PolicyDocument:",
    "PolicyVersion:",
    "UserDetailList:",
    "RoleDetailList:",
    "UserId:",
    "DecodedMessage:",
    "PolicySummary:",
    "Records:",
    "Events:",
];

/// Which other `--output` of the `aws` CLI a paste looks like: `yaml`
/// (the keys above), `table` (`|  Arn  |  arn:…  |`) or `text` (tab-separated
/// values with an ARN).
pub fn other_cli_output(text: &str) -> Option<&'static str> {
    for line in text.lines() {
        let line = line.trim_start_matches([' ', '-']);
        if YAML_KEYS.iter().any(|key| line.starts_with(key)) {
            return Some("yaml");
        }
        if line.starts_with('|') && line.contains("arn:aws") {
            return Some("table");
        }
        if line.contains('\t') && line.contains("arn:aws") {
            return Some("text");
        }
    }
    None
}

/// The format id of a paste that is meant to be JSON but does not parse.
pub const BROKEN_JSON_FORMAT: &str = "broken-json";

/// Each family in turn; the first that knows the shape reads it.
fn read_shapes(output: &JsonOutput<'_>) -> Option<Reading> {
    iam_outputs::read(output)
        .or_else(|| caller_identity::read(output))
        .or_else(|| organizations::read(output))
        .or_else(|| authorization_message::read(output))
        .or_else(|| cloudtrail::read(output))
        .or_else(|| cloudformation::read(output))
        .or_else(|| bare_policy::read(output))
}

/// `line L, column C: message`, counted in the whole paste.
fn located(paste: &str, json_start: usize, json: &str, error: &JsonError) -> String {
    let before_json = paste.get(..json_start).unwrap_or_default();
    let line_offset = before_json.matches('\n').count();
    let before_error = json.get(..error.range.start).unwrap_or(json);
    let line = line_offset + before_error.matches('\n').count() + 1;
    let line_start = before_error.rfind('\n').map_or(0, |at| at + 1);
    let mut column = before_error
        .get(line_start..)
        .unwrap_or_default()
        .chars()
        .count()
        + 1;
    if line == line_offset + 1 {
        let paste_line_start = before_json.rfind('\n').map_or(0, |at| at + 1);
        column += before_json
            .get(paste_line_start..)
            .unwrap_or_default()
            .chars()
            .count();
    }
    format!("line {line}, column {column}: {}", error.message)
}

/// Where the JSON value starts (the first line whose text begins one) and ends (its closing bracket, or the end of the paste when it
/// was cut). `None` when no line starts a JSON value.
fn json_span(text: &str) -> Option<(usize, usize)> {
    let mut start = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if starts_json(trimmed) {
            start = Some(at + (line.len() - trimmed.len()));
            break;
        }
        at += line.len();
    }
    let start = start?;
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (offset, byte) in bytes.iter().enumerate().skip(start) {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some((start, offset + 1));
                }
            }
            _ => {}
        }
    }
    Some((start, text.len()))
}

/// The paste without the gutter each line of a quoted reply (`> `) or a
/// boxed log (`│ `) starts with, when that uncovers JSON.
fn without_quote_gutters(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let uncovered = ["> ", ">", "│ ", "│", "| ", "|"]
            .iter()
            .find_map(|gutter| trimmed.strip_prefix(gutter))
            .unwrap_or(line);
        out.push_str(uncovered);
    }
    json_span(&out).is_some().then_some(out)
}

/// `{`, or `[` opening an array of values (not a log's `[ERROR]`).
fn starts_json(line: &str) -> bool {
    if line.starts_with('{') {
        return true;
    }
    line.strip_prefix('[').is_some_and(|rest| {
        let rest = rest.trim_start();
        rest.is_empty() || rest.starts_with(['{', '[', '"', ']'])
    })
}

/// The first member named `key` of an object.
pub fn member<'n, 'a>(node: &'n JsonNode<'a>, key: &str) -> Option<&'n JsonNode<'a>> {
    match &node.value {
        JsonValue::Object(members) => members
            .iter()
            .find(|member| member.key == key)
            .map(|member| &member.value),
        _ => None,
    }
}

/// The member at a path of keys.
pub fn at_path<'n, 'a>(node: &'n JsonNode<'a>, path: &[&str]) -> Option<&'n JsonNode<'a>> {
    path.iter().try_fold(node, |node, key| member(node, key))
}

pub fn has(node: &JsonNode<'_>, key: &str) -> bool {
    member(node, key).is_some()
}

pub fn string<'n>(node: Option<&'n JsonNode<'_>>) -> Option<&'n str> {
    match &node?.value {
        JsonValue::String(text) => Some(text),
        _ => None,
    }
}

/// A string member that is not empty.
pub fn text_of<'n>(node: &'n JsonNode<'_>, key: &str) -> Option<&'n str> {
    string(member(node, key)).filter(|text| !text.trim().is_empty())
}

/// The items of an array, or the one object where an array was documented
/// (the aws-cli example prints a group's `AttachedManagedPolicies` as an
/// object, §6.4).
pub fn items<'n, 'a>(node: Option<&'n JsonNode<'a>>) -> &'n [JsonNode<'a>] {
    match node {
        Some(JsonNode {
            value: JsonValue::Array(items),
            ..
        }) => items,
        Some(
            node @ JsonNode {
                value: JsonValue::Object(_),
                ..
            },
        ) => std::slice::from_ref(node),
        _ => &[],
    }
}

/// A number, or a string of digits, as JSON (`MaxSessionDuration`,
/// `durationSeconds`).
pub fn number(node: Option<&JsonNode<'_>>) -> Option<serde_json::Value> {
    match &node?.value {
        JsonValue::Number(text) => serde_json::from_str(text).ok(),
        JsonValue::String(text) => Some(serde_json::Value::String(text.to_string())),
        _ => None,
    }
}

/// `true`, or the string `"true"` (the aws-cli example of
/// get-policy-version prints `"IsDefaultVersion": "false"`).
pub fn truth(node: Option<&JsonNode<'_>>) -> Option<bool> {
    match &node?.value {
        JsonValue::Bool(value) => Some(*value),
        JsonValue::String(text) if text.eq_ignore_ascii_case("true") => Some(true),
        JsonValue::String(text) if text.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// A policy document as the output holds it (§6.1): an object (botocore
/// decodes it), a URL-encoded string (the raw API and other SDKs, RFC 3986
/// percent-decoding: `+` stays a plus) or a JSON string (`Content` of
/// describe-policy, §6.6). An object keeps every key, in order, as the
/// scenario's canonical text; a string is kept as the text it decodes to.
pub fn document(output: &JsonOutput<'_>, node: Option<&JsonNode<'_>>) -> Option<PolicySource> {
    let node = node?;
    match &node.value {
        JsonValue::Object(_) => {
            let slice = output.slice(node);
            Some(
                PolicySource::object_from_text(slice)
                    .unwrap_or_else(|| PolicySource::Text(slice.to_string())),
            )
        }
        JsonValue::String(text) => {
            let trimmed = text.trim_start();
            let decoded = if trimmed.starts_with('%')
                || (!trimmed.starts_with('{') && text.contains("%22"))
            {
                percent_decoded(text)
            } else {
                text.to_string()
            };
            // A placeholder (`<URL-encoded-JSON>` in the aws-cli example)
            // is not a document.
            decoded
                .trim_start()
                .starts_with('{')
                .then_some(PolicySource::Text(decoded))
        }
        _ => None,
    }
}

/// RFC 3986 percent-decoding; a `%` not followed by two hex digits stays.
pub fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte == b'%' {
            let high = bytes.get(at + 1).and_then(|b| (*b as char).to_digit(16));
            let low = bytes.get(at + 2).and_then(|b| (*b as char).to_digit(16));
            if let (Some(high), Some(low)) = (high, low) {
                // Two hex digits make one byte: at most 255.
                out.push(u8::try_from(high * 16 + low).unwrap_or(b'?'));
                at += 3;
                continue;
            }
        }
        out.push(byte);
        at += 1;
    }
    String::from_utf8(out)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}
