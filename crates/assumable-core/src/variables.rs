//! Policy variables (`${aws:username}`, `${aws:PrincipalTag/k}`, `${*}`,
//! `${?}`, `${$}`, defaults) in Version 2012-10-17 documents.
//!
//! Rules, from "IAM policy elements: Variables and tags"
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>:
//! - `${key}` is replaced with the key's value in the request context; key
//!   names compare case-insensitively.
//! - `${*}`, `${?}` and `${$}` stand for the literal characters.
//! - `${key, 'default'}` uses the default when the key is absent.
//! - A key that is absent (without a default) or multivalued cannot be
//!   substituted, and the element does not match.
//! - In documents without `"Version": "2012-10-17"` the text is literal; the
//!   caller decides that (see [`crate::policy::PolicyVersion`]).

use std::borrow::Cow;

use crate::context::RequestContext;
use crate::pattern::{push_plain, Pattern};

/// The most characters substitution may insert into one policy value: the
/// tool's own cap, not an AWS limit. `request.format` holds each context value
/// to 2,048 characters and all of them to 32,768, so a value into which more
/// than this was substituted has more literal characters than any request
/// value can have and matches none; stopping here keeps `"${k}"` repeated
/// hundreds of times from allocating gigabytes.
pub const MAX_SUBSTITUTED_CHARS: usize = 65_536;

/// Why a policy value could not be substituted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unsubstituted {
    /// A variable has no value in the context and no default.
    NoValue,
    /// The values substituted would add more than [`MAX_SUBSTITUTED_CHARS`].
    TooLong,
}

/// Replaces each policy variable in `text` with its value. Returns `None` when
/// a variable has no value in the context and no default (then the element
/// cannot match), or when substitution would exceed [`MAX_SUBSTITUTED_CHARS`].
/// Special characters `${*}`, `${?}`, `${$}` become literal `*`, `?`, `$` —
/// the returned `Pattern` marks which characters are literal.
pub fn substitute(text: &str, context: &RequestContext) -> Option<Pattern> {
    substitute_bounded(text, context).ok()
}

/// [`substitute`], saying why a value could not be substituted. Stops before
/// allocating for a value that would pass [`MAX_SUBSTITUTED_CHARS`].
pub fn substitute_bounded(text: &str, context: &RequestContext) -> Result<Pattern, Unsubstituted> {
    let mut chars = Vec::with_capacity(text.len());
    let mut inserted = 0usize;
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        let (before, from_dollar) = rest.split_at(at);
        push_plain(&mut chars, before);
        let inner_and_after = from_dollar.get(2..).unwrap_or("");
        let Some(close) = inner_and_after.find('}') else {
            // No closing brace: not a variable, the text stays as written.
            push_plain(&mut chars, from_dollar);
            rest = "";
            break;
        };
        let inner = inner_and_after.get(..close).unwrap_or("");
        rest = inner_and_after.get(close + 1..).unwrap_or("");
        let value = resolve(inner, context).ok_or(Unsubstituted::NoValue)?;
        // Counted lazily: a value over the cap is read only up to it.
        let room = MAX_SUBSTITUTED_CHARS.saturating_sub(inserted);
        let length = value.chars().take(room + 1).count();
        if length > room {
            return Err(Unsubstituted::TooLong);
        }
        inserted += length;
        chars.extend(value.chars().map(|c| (c, true)));
    }
    push_plain(&mut chars, rest);
    Ok(Pattern { chars })
}

/// Substitutes, and renders the result as plain text (for explanations).
pub fn substitute_to_string(text: &str, context: &RequestContext) -> Option<String> {
    substitute(text, context).map(|pattern| pattern.to_text())
}

/// The value of one `${...}`'s contents, or `None` when it has none.
/// Borrowed from the context, so that a long value is never copied.
fn resolve<'a>(inner: &'a str, context: &'a RequestContext) -> Option<Cow<'a, str>> {
    let (key, default) = match inner.split_once(',') {
        Some((key, default)) => (key.trim(), Some(parse_default(default)?)),
        None => (inner.trim(), None),
    };
    match key {
        "*" | "?" | "$" => return Some(Cow::Borrowed(key)),
        _ => {}
    }
    match context.get(key) {
        // A multivalued key cannot be used as a variable.
        Some([single]) => Some(Cow::Borrowed(single.as_str())),
        Some(_) => None,
        None => default.map(Cow::Owned),
    }
}

/// `'default'` (single quotes, surrounding spaces allowed).
fn parse_default(text: &str) -> Option<String> {
    let text = text.trim();
    let unquoted = text.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(unquoted.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::pattern_matches;

    fn ctx(pairs: &[(&str, &[&str])]) -> RequestContext {
        let mut context = RequestContext::new();
        for (key, values) in pairs {
            context.insert(key, values.iter().map(|v| v.to_string()).collect());
        }
        context
    }

    fn text(pattern: Option<Pattern>) -> Option<String> {
        pattern.map(|p| p.to_text())
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
    #[test]
    fn substitutes_keys_case_insensitively() {
        let c = ctx(&[
            ("aws:username", &["deployer"]),
            ("aws:PrincipalTag/team", &["ops"]),
        ]);
        assert_eq!(
            text(substitute("home/${aws:username}/*", &c)),
            Some("home/deployer/*".into())
        );
        assert_eq!(
            text(substitute("${AWS:UserName}", &c)),
            Some("deployer".into())
        );
        assert_eq!(
            text(substitute("${aws:principaltag/team}-${aws:username}", &c)),
            Some("ops-deployer".into())
        );
    }

    #[test]
    fn unresolved_and_multivalued_keys_give_none() {
        let c = ctx(&[("aws:TagKeys", &["a", "b"])]);
        assert_eq!(substitute("${aws:username}", &c), None);
        assert_eq!(substitute("${aws:TagKeys}", &c), None);
    }

    #[test]
    fn defaults_apply_only_when_absent() {
        let c = ctx(&[("aws:username", &["deployer"])]);
        assert_eq!(
            text(substitute("${aws:PrincipalTag/team, 'none'}", &c)),
            Some("none".into())
        );
        assert_eq!(
            text(substitute("${aws:username,'x'}", &c)),
            Some("deployer".into())
        );
        // A default must be quoted.
        assert_eq!(substitute("${aws:PrincipalTag/team, none}", &c), None);
    }

    #[test]
    fn special_characters_are_literal() {
        let c = RequestContext::new();
        let pattern = substitute("a${*}b${?}c${$}", &c).unwrap();
        assert_eq!(pattern.to_text(), "a*b?c$");
        assert!(pattern_matches(&pattern, "a*b?c$", false));
        assert!(!pattern_matches(&pattern, "axxbyc$", false));
        let wild = substitute("a*${?}", &c).unwrap();
        assert!(pattern_matches(&wild, "abc?", false));
        assert!(!pattern_matches(&wild, "abcd", false));
    }

    /// Issue 10, item 1: `"${k}"` 400 times with `k` a million characters
    /// stops at the cap instead of allocating 400 million characters.
    #[test]
    fn amplification_stops_at_the_cap() {
        let c = ctx(&[("k", &["a".repeat(1_000_000).as_str()])]);
        let bomb = "${k}".repeat(400);
        assert_eq!(substitute_bounded(&bomb, &c), Err(Unsubstituted::TooLong));
        assert_eq!(substitute(&bomb, &c), None);
        // Just under the cap is substituted; one more character is not.
        let small = ctx(&[("k", &["a".repeat(MAX_SUBSTITUTED_CHARS / 4).as_str()])]);
        let four = substitute_bounded(&"${k}".repeat(4), &small).unwrap();
        assert_eq!(four.chars.len(), MAX_SUBSTITUTED_CHARS);
        assert_eq!(
            substitute_bounded(&format!("{}${{$}}", "${k}".repeat(4)), &small),
            Err(Unsubstituted::TooLong)
        );
        // Written text is not counted: it is bounded by the policy itself.
        let written = "x".repeat(MAX_SUBSTITUTED_CHARS + 10);
        assert!(substitute_bounded(&written, &RequestContext::new()).is_ok());
        // An absent key is still "no value", not "too long".
        assert_eq!(
            substitute_bounded("${missing}${k}", &c),
            Err(Unsubstituted::NoValue)
        );
    }

    #[test]
    fn unterminated_dollar_brace_is_text() {
        let c = RequestContext::new();
        assert_eq!(text(substitute("a${b", &c)), Some("a${b".into()));
        assert_eq!(text(substitute("$a{b}", &c)), Some("$a{b}".into()));
    }
}
