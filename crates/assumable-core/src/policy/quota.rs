//! Size quotas and the characters IAM accepts in a policy document.
//!
//! - IAM: "Policy documents can contain only the following Unicode
//!   characters: horizontal tab (U+0009), linefeed (U+000A), carriage return
//!   (U+000D), and characters in the range U+0020 to U+00FF", and "IAM does
//!   not count white space when calculating the size of a policy"; role trust
//!   policy length 2,048 characters by default, 4,096 at most with a quota
//!   increase; managed policy 6,144; inline policies per user 2,048, per
//!   group 5,120, per role 10,240 (aggregate).
//!   <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>
//! - AWS Organizations: SCPs and RCPs at most 5,120 characters, and "all
//!   characters in your SCP count against its maximum size" (white space too).
//!   <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html>,
//!   <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html>

use std::borrow::Cow;

use super::{PolicyDiagnostic, PolicyKind, Severity};
use crate::aws_docs::{IAM_QUOTAS, ORGANIZATIONS_QUOTAS};
use crate::json::{JsonNode, JsonValue};
use crate::suspicious::suspicious_chars;
use crate::text::{format_count, TextRange};

pub const TRUST_POLICY_DEFAULT_MAX: usize = 2_048;
pub const TRUST_POLICY_RAISED_MAX: usize = 4_096;
pub const MANAGED_POLICY_MAX: usize = 6_144;
pub const USER_INLINE_MAX: usize = 2_048;
pub const GROUP_INLINE_MAX: usize = 5_120;
pub const ROLE_INLINE_MAX: usize = 10_240;
pub const ORGANIZATIONS_POLICY_MAX: usize = 5_120;

/// At most this many character diagnostics; the last one says how many more.
const MAX_CHARACTER_DIAGNOSTICS: usize = 10;

fn is_iam_kind(kind: PolicyKind) -> bool {
    matches!(
        kind,
        PolicyKind::Trust | PolicyKind::Identity | PolicyKind::PermissionsBoundary
    )
}

/// Whether IAM accepts this character anywhere in a policy document.
pub fn is_allowed_character(ch: char) -> bool {
    matches!(ch, '\t' | '\n' | '\r' | '\u{20}'..='\u{ff}')
}

fn describe_character(ch: char) -> String {
    crate::text::describe_char(ch)
}

/// Characters IAM rejects, as located errors (runs of them grouped).
/// Whether every byte is printable ASCII or one of the three controls IAM
/// accepts (tab, line feed, carriage return): the fast path of
/// [`check_characters`], eight bytes at a time where none is a control.
fn is_plain_ascii(bytes: &[u8]) -> bool {
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    const SPACES: u64 = u64::from_ne_bytes([0x20; 8]);
    let plain = |b: &u8| matches!(b, b'\t' | b'\n' | b'\r' | 0x20..=0x7f);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = chunk.iter().fold(0u64, |word, &b| word << 8 | u64::from(b));
        if word & HIGH != 0 {
            return false;
        }
        // With no high bit set, taking 0x20 from each byte sets the high
        // bit of each byte below 0x20 (and perhaps of the byte above it,
        // which the borrow reaches): a control makes the check below run,
        // and printable bytes alone never do.
        let has_control = word.wrapping_sub(SPACES) & HIGH != 0;
        if has_control && !chunk.iter().all(plain) {
            return false;
        }
    }
    chunks.remainder().iter().all(plain)
}

pub fn check_characters(text: &str, kind: PolicyKind, out: &mut Vec<PolicyDiagnostic>) {
    if !is_iam_kind(kind) {
        return;
    }
    if is_plain_ascii(text.as_bytes()) {
        return;
    }
    let mut runs: Vec<(TextRange, char)> = Vec::new();
    for (at, ch) in text.char_indices() {
        if is_allowed_character(ch) {
            continue;
        }
        let end = at + ch.len_utf8();
        match runs.last_mut() {
            Some((range, _)) if range.end == at => range.end = end,
            _ => runs.push((TextRange::new(at, end), ch)),
        }
    }
    let total = runs.len();
    for (index, (range, first)) in runs.into_iter().enumerate() {
        if index == MAX_CHARACTER_DIAGNOSTICS {
            out.push(PolicyDiagnostic {
                error_code: None,
                severity: Severity::Error,
                message: format!(
                    "{} more places have characters IAM does not accept",
                    total - MAX_CHARACTER_DIAGNOSTICS
                ),
                range,
                help: None,
                replacement: None,
            });
            break;
        }
        let replacement = match first {
            '\u{201c}' | '\u{201d}' if range.len() == first.len_utf8() => Some("\"".to_owned()),
            '\u{2018}' | '\u{2019}' if range.len() == first.len_utf8() => Some("'".to_owned()),
            '\u{2013}' | '\u{2014}' if range.len() == first.len_utf8() => Some("-".to_owned()),
            '\u{feff}' | '\u{200b}' => Some(String::new()),
            _ => None,
        };
        out.push(PolicyDiagnostic {
            error_code: None,
            severity: Severity::Error,
            message: format!(
                "the character {} is not allowed in an IAM policy document",
                describe_character(first)
            ),
            range,
            help: Some(format!(
                "policy documents may contain only tab, line feed, carriage return and \
                characters U+0020 to U+00FF ({IAM_QUOTAS})"
            )),
            replacement,
        });
    }
}

/// Invisible, bidirectional, lookalike and decomposed characters in the
/// document's strings (keys and values: condition keys and values,
/// principals, actions, resources), as located warnings: IAM compares code
/// point by code point, so such a value does not match one that looks the
/// same. Every kind of policy gets them, SCPs and RCPs too (Organizations
/// accepts any character). In an IAM policy a character IAM rejects is
/// already an error (`check_characters`) and is not repeated here.
pub fn check_suspicious_strings(
    root: &JsonNode<'_>,
    kind: PolicyKind,
    out: &mut Vec<PolicyDiagnostic>,
) {
    let mut found = Vec::new();
    collect_suspicious(root, kind, &mut found);
    let total = found.len();
    for (index, diagnostic) in found.into_iter().enumerate() {
        if index == MAX_CHARACTER_DIAGNOSTICS {
            out.push(PolicyDiagnostic {
                error_code: None,
                severity: Severity::Warning,
                message: format!(
                    "{} more places have invisible, bidirectional or lookalike characters",
                    total - MAX_CHARACTER_DIAGNOSTICS
                ),
                range: diagnostic.range,
                help: None,
                replacement: None,
            });
            break;
        }
        out.push(diagnostic);
    }
}

fn collect_suspicious(node: &JsonNode<'_>, kind: PolicyKind, out: &mut Vec<PolicyDiagnostic>) {
    match &node.value {
        JsonValue::String(value) => suspicious_in(
            value,
            matches!(value, Cow::Borrowed(_)),
            node.range,
            kind,
            out,
        ),
        JsonValue::Array(items) => {
            for item in items {
                collect_suspicious(item, kind, out);
            }
        }
        JsonValue::Object(members) => {
            for member in members {
                let borrowed = matches!(member.key, Cow::Borrowed(_));
                suspicious_in(&member.key, borrowed, member.key_range, kind, out);
                collect_suspicious(&member.value, kind, out);
            }
        }
        JsonValue::Null | JsonValue::Bool(_) | JsonValue::Number(_) => {}
    }
}

/// `value` is a string's decoded text; `quoted` its range with the quotes.
/// Without escapes (`borrowed`) the decoded text is the text between the
/// quotes, so a character is located exactly; with them, the whole string is.
fn suspicious_in(
    value: &str,
    borrowed: bool,
    quoted: TextRange,
    kind: PolicyKind,
    out: &mut Vec<PolicyDiagnostic>,
) {
    if value.is_ascii() {
        return;
    }
    for found in suspicious_chars(value) {
        if borrowed && is_iam_kind(kind) && !is_allowed_character(found.ch) {
            continue;
        }
        let range = if borrowed {
            let start = quoted.start + 1 + found.byte;
            TextRange::new(start, start + found.ch.len_utf8())
        } else {
            quoted
        };
        out.push(PolicyDiagnostic {
            error_code: None,
            severity: Severity::Warning,
            message: format!(
                "this string has {}; a request value that looks the same does not match it",
                found.describe()
            ),
            range,
            help: Some(
                "IAM compares strings code point by code point: remove the character, or \
                write the letter it imitates"
                    .to_owned(),
            ),
            replacement: None,
        });
    }
}

/// The characters of `text` that count against `kind`'s size quota: all of
/// them for AWS Organizations policies, all but white space for IAM's.
pub fn counted_size(text: &str, kind: PolicyKind) -> usize {
    let counts_white_space = !is_iam_kind(kind);
    // Byte-wise: UTF-8 continuation bytes start no character.
    text.bytes()
        .filter(|&b| (b & 0xC0) != 0x80 && (counts_white_space || !b.is_ascii_whitespace()))
        .count()
}

/// The sizes at which `kind` meets a quota (a warning, then an error, for
/// trust and identity policies), smallest first.
pub fn size_limits(kind: PolicyKind) -> &'static [usize] {
    match kind {
        PolicyKind::Trust => &[TRUST_POLICY_DEFAULT_MAX, TRUST_POLICY_RAISED_MAX],
        PolicyKind::Identity => &[MANAGED_POLICY_MAX, ROLE_INLINE_MAX],
        PolicyKind::PermissionsBoundary => &[MANAGED_POLICY_MAX],
        PolicyKind::Scp | PolicyKind::Rcp => &[ORGANIZATIONS_POLICY_MAX],
    }
}

/// How many of `kind`'s size limits a document of `size` counted characters
/// passes: documents with the same number get the same size diagnostics.
pub fn limits_passed(size: usize, kind: PolicyKind) -> usize {
    size_limits(kind)
        .iter()
        .filter(|&&limit| size > limit)
        .count()
}

/// The size quota, stated with the numbers.
pub fn check_size(text: &str, kind: PolicyKind, out: &mut Vec<PolicyDiagnostic>) {
    // A text of no more bytes than the smallest limit counts no more
    // characters than it: nothing to say, and nothing to count.
    if size_limits(kind)
        .first()
        .is_some_and(|&least| text.len() <= least)
    {
        return;
    }
    let counts_white_space = !is_iam_kind(kind);
    // White space is ASCII white space: characters beyond U+00FF are refused
    // anyway, and IAM does not say it skips U+0085 or U+00A0.
    let counted = |ch: &char| counts_white_space || !ch.is_ascii_whitespace();
    let size = counted_size(text, kind);
    let how = if counts_white_space {
        "characters"
    } else {
        "characters without white space"
    };
    let fmt = format_count;
    let (severity, limit, message, help) = match kind {
        PolicyKind::Trust if size > TRUST_POLICY_RAISED_MAX => (
            Severity::Error,
            TRUST_POLICY_RAISED_MAX,
            format!(
                "the trust policy is {} {how}; IAM allows {} by default and at most {} \
                with a quota increase",
                fmt(size),
                fmt(TRUST_POLICY_DEFAULT_MAX),
                fmt(TRUST_POLICY_RAISED_MAX)
            ),
            format!(
                "shorten it: merge statements, use arrays of principals, drop `Sid`s \
                ({IAM_QUOTAS})"
            ),
        ),
        PolicyKind::Trust if size > TRUST_POLICY_DEFAULT_MAX => (
            Severity::Warning,
            TRUST_POLICY_DEFAULT_MAX,
            format!(
                "the trust policy is {} {how}; IAM allows {} by default, so this needs \
                the \"Role trust policy length\" quota raised (up to {})",
                fmt(size),
                fmt(TRUST_POLICY_DEFAULT_MAX),
                fmt(TRUST_POLICY_RAISED_MAX)
            ),
            format!("request the increase in Service Quotas, or shorten the policy ({IAM_QUOTAS})"),
        ),
        PolicyKind::PermissionsBoundary if size > MANAGED_POLICY_MAX => (
            Severity::Error,
            MANAGED_POLICY_MAX,
            format!(
                "the permissions boundary is {} {how}; a managed policy may have at most {}",
                fmt(size),
                fmt(MANAGED_POLICY_MAX)
            ),
            format!("shorten it ({IAM_QUOTAS})"),
        ),
        PolicyKind::Identity if size > ROLE_INLINE_MAX => (
            Severity::Error,
            ROLE_INLINE_MAX,
            format!(
                "the policy is {} {how}; IAM allows at most {} for a managed policy and \
                {} for all inline policies of a role together",
                fmt(size),
                fmt(MANAGED_POLICY_MAX),
                fmt(ROLE_INLINE_MAX)
            ),
            format!("split it into several managed policies ({IAM_QUOTAS})"),
        ),
        PolicyKind::Identity if size > MANAGED_POLICY_MAX => (
            Severity::Warning,
            MANAGED_POLICY_MAX,
            format!(
                "the policy is {} {how}: more than a managed policy may hold ({}); only a \
                role's inline policies may be this large ({} together; a user's {}, a \
                group's {})",
                fmt(size),
                fmt(MANAGED_POLICY_MAX),
                fmt(ROLE_INLINE_MAX),
                fmt(USER_INLINE_MAX),
                fmt(GROUP_INLINE_MAX)
            ),
            format!(
                "split it into managed policies of at most {} ({IAM_QUOTAS})",
                fmt(MANAGED_POLICY_MAX)
            ),
        ),
        PolicyKind::Scp | PolicyKind::Rcp if size > ORGANIZATIONS_POLICY_MAX => {
            let what = if kind == PolicyKind::Scp {
                "SCP"
            } else {
                "RCP"
            };
            (
                Severity::Error,
                ORGANIZATIONS_POLICY_MAX,
                format!(
                    "the {what} is {} {how}; AWS Organizations allows at most {}, white \
                    space included",
                    fmt(size),
                    fmt(ORGANIZATIONS_POLICY_MAX)
                ),
                format!("remove white space outside strings, or split it ({ORGANIZATIONS_QUOTAS})"),
            )
        }
        _ => return,
    };
    out.push(PolicyDiagnostic {
        error_code: None,
        severity,
        message,
        range: past_limit(text, limit, counted),
        help: Some(help),
        replacement: None,
    });
}

/// From the first counted character past `limit` to the end of its line:
/// where the document goes over.
fn past_limit(text: &str, limit: usize, counted: impl Fn(&char) -> bool) -> TextRange {
    let start = text
        .char_indices()
        .filter(|(_, ch)| counted(ch))
        .nth(limit)
        .map_or(0, |(at, _)| at);
    let rest = text.get(start..).unwrap_or_default();
    // To the end of the line, at most 80 characters.
    let line = rest
        .bytes()
        .position(|b| b == b'\n' || b == b'\r')
        .unwrap_or(rest.len());
    let end = rest
        .char_indices()
        .nth(80)
        .map_or(line, |(at, _)| at.min(line));
    TextRange::new(start, start + end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Eight bytes at a time answers as one byte at a time does.
        #[test]
        fn plain_ascii_in_words_as_byte_by_byte(
            bytes in prop::collection::vec(
                prop_oneof![
                    40 => 0x20u8..=0x7f,
                    2 => Just(b'\n'),
                    1 => Just(b'\t'),
                    1 => Just(b'\r'),
                    1 => any::<u8>(),
                ],
                0..40,
            )
        ) {
            let byte_by_byte = bytes
                .iter()
                .all(|b| matches!(b, b'\t' | b'\n' | b'\r' | 0x20..=0x7f));
            prop_assert_eq!(is_plain_ascii(&bytes), byte_by_byte);
        }
    }

    #[test]
    fn formats_counts() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(2048), "2,048");
        assert_eq!(format_count(1_234_567), "1,234,567");
    }

    #[test]
    fn allowed_characters_per_iam_quotas_page() {
        for ch in ['\t', '\n', '\r', ' ', '~', '\u{7f}', 'é', '\u{ff}'] {
            assert!(is_allowed_character(ch), "{ch:?}");
        }
        for ch in ['\u{0}', '\u{8}', '\u{100}', '“', '😀', '\u{feff}'] {
            assert!(!is_allowed_character(ch), "{ch:?}");
        }
    }

    #[test]
    fn past_limit_points_at_the_first_character_over() {
        let text = "ab c\nde f";
        // Counted without white space: a b c d e f; limit 4 -> `e`.
        let range = past_limit(text, 4, |ch| !ch.is_ascii_whitespace());
        assert_eq!(range.slice(text), "e f");
    }
}
