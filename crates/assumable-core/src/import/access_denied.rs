//! The AccessDenied message's grammar (`IMPORT_FORMATS.md` §3.1), from the
//! IAM User Guide, "Troubleshoot access denied error messages"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html>):
//!
//! ```text
//! "User: " CALLER " is not authorized to perform: " ACTION
//!     [" on resource: " RESOURCE] [" " CONTEXT]
//! CONTEXT := "because no " TYPE " allows the " ACTION " action"
//!          | "with an explicit deny in " ("a"|"an"|"the") " " TYPE [": " POLICY_ARN]
//! ```
//!
//! and the short form older SDK paths print, `Not authorized to perform
//! sts:AssumeRole` (§3.3). Matched on the flattened paste, so a message
//! broken over lines reads whole; each match reads a bounded window, so the
//! work is linear in the paste.

use super::wrappers::prefix;
use crate::text::strip_prefix_ignore_case;

/// The anchor of the documented form; the caller precedes it.
const ANCHOR: &str = " is not authorized to perform";
/// The short form (§3.3, §5), always capitalised.
const SHORT_ANCHOR: &str = "Not authorized to perform ";
/// How far before the anchor the caller is looked for, and after it the rest.
const WINDOW: usize = 4096;
/// Distinct messages read from one paste; a log repeating one is read once.
const MAX_MESSAGES: usize = 64;

/// A policy type named by the message's context clause (§3.1 `TYPE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyType {
    Identity,
    RoleTrust,
    ServiceControl,
    ResourceControl,
    PermissionsBoundary,
    Session,
    ResourceBased,
    VpcEndpoint,
    VpcEndpointThroughScp,
}

/// The spellings of each type, longest first so that the VPC endpoint
/// "transitively through a service control policy" wins over its prefix.
/// "sessions policy" (sic) is the guide's own explicit-deny example.
const POLICY_TYPES: &[(&str, PolicyType)] = &[
    (
        "VPC endpoint policy transitively through a service control policy",
        PolicyType::VpcEndpointThroughScp,
    ),
    ("identity-based policy", PolicyType::Identity),
    ("role trust policy", PolicyType::RoleTrust),
    ("service control policy", PolicyType::ServiceControl),
    ("resource control policy", PolicyType::ResourceControl),
    ("permissions boundary", PolicyType::PermissionsBoundary),
    ("sessions policy", PolicyType::Session),
    ("session policy", PolicyType::Session),
    ("resource-based policy", PolicyType::ResourceBased),
    ("VPC endpoint policy", PolicyType::VpcEndpoint),
];

/// The context clause: an implicit deny ("because no … allows") or an
/// explicit one, with the denying policy's ARN when AWS gives it (January
/// 2026, <https://aws.amazon.com/blogs/security/enhanced-access-denied-error-messages-with-policy-arns>).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clause {
    NoAllow(PolicyType),
    ExplicitDeny(PolicyType, Option<String>),
}

/// One AccessDenied message as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessDenied {
    /// The message as printed (white space made single), no wrapper.
    pub message: String,
    pub caller: Option<String>,
    pub action: String,
    /// The `on resource:` value, quotes stripped.
    pub resource: Option<String>,
    pub clause: Option<Clause>,
}

/// Every distinct AccessDenied message of the paste, in order.
pub fn read_access_denied(flat: &str) -> Vec<AccessDenied> {
    let mut found: Vec<AccessDenied> = Vec::new();
    let mut anchors: Vec<(usize, bool)> = flat
        .match_indices(ANCHOR)
        .map(|(at, _)| (at, true))
        .chain(flat.match_indices(SHORT_ANCHOR).map(|(at, _)| (at, false)))
        .collect();
    anchors.sort_unstable();
    for (at, documented) in anchors {
        let message = if documented {
            read_documented(flat, at)
        } else {
            read_short(flat, at)
        };
        if let Some(message) = message {
            if !found.iter().any(|seen| seen.message == message.message) {
                found.push(message);
                if found.len() == MAX_MESSAGES {
                    break;
                }
            }
        }
    }
    found
}

/// `User: CALLER is not authorized to perform: ACTION …`, the anchor at `at`.
fn read_documented(flat: &str, at: usize) -> Option<AccessDenied> {
    let before = flat.get(..at)?;
    let window_start = before.len().saturating_sub(WINDOW);
    let window_start = (window_start..=before.len()).find(|i| before.is_char_boundary(*i))?;
    let before = before.get(window_start..)?;
    // The caller is the token before the anchor, "User:" the one before it
    // (whatever the principal type, §3.1).
    let caller_at = before.rfind(' ').map_or(0, |space| space + 1);
    let caller_token = before.get(caller_at..)?;
    let head = before.get(..caller_at)?.trim_end();
    let (caller, start) = if head.ends_with("User:") {
        (
            Some(trim_token(caller_token).to_string()).filter(|caller| !caller.is_empty()),
            window_start + head.len() - "User:".len(),
        )
    } else if trim_token(caller_token).starts_with("arn:") {
        // A tool that dropped "User:" still names the caller first.
        (
            Some(trim_token(caller_token).to_string()),
            window_start + caller_at,
        )
    } else {
        (None, window_start + caller_at)
    };
    let after = prefix(flat.get(at + ANCHOR.len()..)?, WINDOW);
    let after_colon = after.strip_prefix(':').unwrap_or(after);
    let rest = after_colon.trim_start();
    let consumed = ANCHOR.len() + (after.len() - rest.len());
    let mut end = at + consumed;
    let (action, rest) = read_action(rest)?;
    end += action.raw_len;
    let mut message = AccessDenied {
        message: String::new(),
        caller,
        action: action.value,
        resource: None,
        clause: None,
    };
    read_resource_and_clause(rest, &mut message, &mut end);
    message.message = flat.get(start..end)?.trim().to_string();
    Some(message)
}

/// `Not authorized to perform ACTION`, the anchor at `at`.
fn read_short(flat: &str, at: usize) -> Option<AccessDenied> {
    let rest = prefix(flat.get(at + SHORT_ANCHOR.len()..)?, WINDOW);
    let (action, _) = read_action(rest)?;
    let end = at + SHORT_ANCHOR.len() + action.raw_len;
    Some(AccessDenied {
        message: flat.get(at..end)?.to_string(),
        caller: None,
        action: action.value,
        resource: None,
        clause: None,
    })
}

struct Token {
    value: String,
    /// Bytes consumed from the text, the value's trailing punctuation left out.
    raw_len: usize,
}

/// An action `service:Name`, its trailing punctuation not part of it.
fn read_action(text: &str) -> Option<(Token, &str)> {
    let token = text.split(' ').next()?;
    let value = trim_token(token);
    let (service, name) = value.split_once(':')?;
    let plausible = !service.is_empty()
        && !name.is_empty()
        && service
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '*');
    if !plausible {
        return None;
    }
    let raw_len = token.find(value).unwrap_or(0) + value.len();
    Some((
        Token {
            value: value.to_string(),
            raw_len,
        },
        text.get(raw_len..).unwrap_or_default(),
    ))
}

/// Reads `on resource: RESOURCE` and the context clause, moving `end` past
/// what they hold.
fn read_resource_and_clause<'a>(mut rest: &'a str, message: &mut AccessDenied, end: &mut usize) {
    let skip = |text: &'a str| text.trim_start_matches(' ');
    let advance = |text: &'a str, by: usize, end: &mut usize| -> &'a str {
        *end += by;
        text.get(by..).unwrap_or_default()
    };
    let spaces = rest.len() - skip(rest).len();
    if skip(rest).starts_with("on resource:") {
        rest = advance(rest, spaces + "on resource:".len(), end);
        let spaces = rest.len() - skip(rest).len();
        let token = skip(rest).split(' ').next().unwrap_or_default();
        // Other services write `role NAME` instead of an ARN (§3.1).
        let (value, raw_len) = if token == "role" {
            let name = skip(rest)
                .get(5..)
                .and_then(|after| after.split(' ').next())
                .unwrap_or_default();
            (format!("role {}", trim_token(name)), 5 + raw_len(name))
        } else {
            (trim_token(token).to_string(), raw_len(token))
        };
        if !value.is_empty() {
            message.resource = Some(value);
            rest = advance(rest, spaces + raw_len, end);
        }
    }
    let spaces = rest.len() - skip(rest).len();
    let clause_text = skip(rest);
    if let Some((clause, len)) = read_clause(clause_text, &message.action) {
        message.clause = Some(clause);
        advance(rest, spaces + len, end);
    }
}

/// The context clause at the start of `text`, and its length.
fn read_clause(text: &str, action: &str) -> Option<(Clause, usize)> {
    // "because no TYPE allows the ACTION action"; the 2023 guide printed
    // "because the role trust policy allows" (a typo since corrected): both.
    for opening in ["because no ", "because the "] {
        if let Some(after) = strip_prefix_ignore_case(text, opening) {
            let (kind, type_len) = read_policy_type(after)?;
            let mut len = opening.len() + type_len;
            let tail = format!(" allows the {action} action");
            if text
                .get(len..len + tail.len())
                .is_some_and(|found| found.eq_ignore_ascii_case(&tail))
            {
                len += tail.len();
            } else if let Some(rest) = text.get(len..).and_then(|r| r.strip_prefix(" allows the "))
            {
                // Another action named than the one performed: keep it whole.
                let word = rest.split(' ').next().unwrap_or_default();
                if rest
                    .get(word.len()..)
                    .is_some_and(|r| r.starts_with(" action"))
                {
                    len += " allows the ".len() + word.len() + " action".len();
                }
            }
            return Some((Clause::NoAllow(kind), len));
        }
    }
    // "with an explicit deny in a TYPE[: ARN]"; the 2023 guide's SCP note
    // reads "due to an explicit deny in a Service Control Policy".
    for opening in ["with an explicit deny in ", "due to an explicit deny in "] {
        let Some(after) = strip_prefix_ignore_case(text, opening) else {
            continue;
        };
        let article = ["an ", "a ", "the "]
            .into_iter()
            .find(|article| strip_prefix_ignore_case(after, article).is_some())
            .map_or(0, str::len);
        let (kind, type_len) = read_policy_type(after.get(article..)?)?;
        let mut len = opening.len() + article + type_len;
        let mut policy_arn = None;
        if let Some(arn_text) = text.get(len..).and_then(|r| r.strip_prefix(": ")) {
            let token = arn_text.split(' ').next().unwrap_or_default();
            let arn = trim_token(token);
            if arn.starts_with("arn:") {
                policy_arn = Some(arn.to_string());
                len += 2 + raw_len(token);
            }
        }
        return Some((Clause::ExplicitDeny(kind, policy_arn), len));
    }
    None
}

fn read_policy_type(text: &str) -> Option<(PolicyType, usize)> {
    POLICY_TYPES.iter().find_map(|(spelling, kind)| {
        strip_prefix_ignore_case(text, spelling).map(|_| (*kind, spelling.len()))
    })
}

/// A token without the quotes and punctuation a paste wraps it in
/// (`"arn:…"`, `'arn:…'`, a sentence's `.`, a tool's `)` or `,`).
pub fn trim_token(token: &str) -> &str {
    token
        .trim_start_matches(['"', '\'', '`', '(', '[', '<'])
        .trim_end_matches(['"', '\'', '`', ')', ']', '>', '.', ',', ';', '\\'])
}

/// The bytes of a token that belong to the message: its value and the
/// quote closing it, not a sentence's trailing `.` or a tool's `)`.
fn raw_len(token: &str) -> usize {
    let value = trim_token(token);
    let start = token.find(value).unwrap_or(0);
    let mut len = start + value.len();
    if let Some(quote) = token
        .get(..start)
        .and_then(|opening| opening.chars().last())
    {
        if matches!(quote, '"' | '\'' | '`')
            && token.get(len..).is_some_and(|r| r.starts_with(quote))
        {
            len += 1;
        }
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> AccessDenied {
        let mut found = read_access_denied(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.remove(0)
    }

    #[test]
    fn the_documented_trust_examples_read_whole() {
        let message = one("User: arn:aws:iam::123456789012:user/John is not authorized to perform: sts:AssumeRole because no role trust policy allows the sts:AssumeRole action");
        assert_eq!(
            message.caller.as_deref(),
            Some("arn:aws:iam::123456789012:user/John")
        );
        assert_eq!(message.action, "sts:AssumeRole");
        assert_eq!(message.resource, None);
        assert_eq!(message.clause, Some(Clause::NoAllow(PolicyType::RoleTrust)));
        assert!(message
            .message
            .ends_with("allows the sts:AssumeRole action"));
        let message = one("x User: arn:aws:iam::777788889999:user/John is not authorized to perform: sts:AssumeRole with an explicit deny in the role trust policy. y");
        assert_eq!(
            message.clause,
            Some(Clause::ExplicitDeny(PolicyType::RoleTrust, None))
        );
        assert_eq!(message.message, "User: arn:aws:iam::777788889999:user/John is not authorized to perform: sts:AssumeRole with an explicit deny in the role trust policy");
    }

    #[test]
    fn the_denying_policy_arn_and_the_resource_are_read() {
        let message = one("User: arn:aws:sts::111122223333:assumed-role/A/s is not authorized to perform: sts:AssumeRole on resource: \"arn:aws:iam::444455556666:role/B\" with an explicit deny in a service control policy: arn:aws:organizations::987654321098:policy/o-qv5af4abcd/service_control_policy/p-2kgnabcd.");
        assert_eq!(
            message.resource.as_deref(),
            Some("arn:aws:iam::444455556666:role/B")
        );
        assert_eq!(
            message.clause,
            Some(Clause::ExplicitDeny(
                PolicyType::ServiceControl,
                Some("arn:aws:organizations::987654321098:policy/o-qv5af4abcd/service_control_policy/p-2kgnabcd".into())
            ))
        );
    }

    #[test]
    fn a_caller_without_user_prefix_is_still_the_subject() {
        let message = one(
            "failed: arn:aws:sts::1:assumed-role/a/b is not authorized to perform: sts:AssumeRole",
        );
        assert_eq!(
            message.caller.as_deref(),
            Some("arn:aws:sts::1:assumed-role/a/b")
        );
        assert_eq!(
            message.message,
            "arn:aws:sts::1:assumed-role/a/b is not authorized to perform: sts:AssumeRole"
        );
        let message = one("it is not authorized to perform: sts:AssumeRole");
        assert_eq!(message.caller, None);
    }

    #[test]
    fn the_short_form_and_repeats() {
        let text =
            "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity\n".repeat(3);
        let message = one(&text.replace('\n', " "));
        assert_eq!(message.action, "sts:AssumeRoleWithWebIdentity");
        assert_eq!(
            message.message,
            "Not authorized to perform sts:AssumeRoleWithWebIdentity"
        );
    }
}
