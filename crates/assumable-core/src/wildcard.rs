//! `*` and `?` matching in linear time on any pattern (no backtracking blow-up).
//! OWNER: matching helper.
//!
//! The matcher is the classic greedy two-pointer walk that remembers only the
//! last `*` seen: on a mismatch it lets that star swallow one more character.
//! Earlier stars never need revisiting (a later star can absorb anything an
//! earlier one could), so the work is at most `len(pattern) * len(text)` steps
//! and there is no exponential case.

use crate::context::RequestContext;
use crate::policy::PolicyVersion;
use crate::variables::{substitute, Pattern};

/// One element of a pattern, after policy variables are resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Token {
    /// `*`: any run of characters, including none.
    Star,
    /// `?`: exactly one character.
    AnyOne,
    /// A character that must be there.
    Char(char),
}

/// Tokens of a plain pattern string: every `*` and `?` is a wildcard.
pub(crate) fn tokens_of_str(pattern: &str) -> Vec<Token> {
    pattern
        .chars()
        .map(|c| match c {
            '*' => Token::Star,
            '?' => Token::AnyOne,
            other => Token::Char(other),
        })
        .collect()
}

/// Tokens of a substituted pattern: literal characters (from `${*}` or a
/// variable's value) never act as wildcards.
pub(crate) fn tokens_of_pattern(pattern: &Pattern) -> Vec<Token> {
    pattern
        .chars
        .iter()
        .map(|&(c, literal)| match (c, literal) {
            ('*', false) => Token::Star,
            ('?', false) => Token::AnyOne,
            (other, _) => Token::Char(other),
        })
        .collect()
}

fn chars_equal(a: char, b: char, case_insensitive: bool) -> bool {
    a == b || (case_insensitive && a.to_lowercase().eq(b.to_lowercase()))
}

/// The matcher itself, over tokens and the text's characters.
pub(crate) fn match_tokens(tokens: &[Token], text: &[char], case_insensitive: bool) -> bool {
    let mut ti = 0; // next token
    let mut xi = 0; // next text character
                    // After the last `*`: the token index after it and the text index it
                    // currently stops at.
    let mut backtrack: Option<(usize, usize)> = None;
    while xi < text.len() {
        let step = match (tokens.get(ti), text.get(xi)) {
            (Some(Token::Star), _) => {
                backtrack = Some((ti + 1, xi));
                ti += 1;
                continue;
            }
            (Some(Token::AnyOne), Some(_)) => true,
            (Some(Token::Char(p)), Some(&c)) => chars_equal(*p, c, case_insensitive),
            _ => false,
        };
        if step {
            ti += 1;
            xi += 1;
        } else if let Some((after_star, star_at)) = backtrack {
            // Let the last star swallow one more character and retry.
            backtrack = Some((after_star, star_at + 1));
            ti = after_star;
            xi = star_at + 1;
        } else {
            return false;
        }
    }
    tokens
        .get(ti..)
        .is_some_and(|rest| rest.iter().all(|t| *t == Token::Star))
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters
/// (including none) and `?` exactly one character.
pub fn wildcard_match(pattern: &str, text: &str, case_insensitive: bool) -> bool {
    if !pattern.contains(['*', '?']) {
        // No wildcard (most actions and values): equal, character by character.
        return pattern == text
            || (case_insensitive
                && pattern.chars().count() == text.chars().count()
                && pattern
                    .chars()
                    .zip(text.chars())
                    .all(|(p, c)| chars_equal(p, c, true)));
    }
    let text: Vec<char> = text.chars().collect();
    match_tokens(&tokens_of_str(pattern), &text, case_insensitive)
}

/// Whether an `Action`/`NotAction` entry names `action` (`sts:AssumeRole`):
/// case-insensitive, with wildcards.
///
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html>
/// ("The prefix and the action name are case insensitive").
pub fn action_matches(pattern: &str, action: &str) -> bool {
    wildcard_match(pattern.trim(), action, true)
}

/// Splits an ARN (or ARN pattern) into its six parts; the last part keeps
/// any further colons. `None` when there are fewer than six.
fn six_parts<T: Copy>(items: &[T], is_colon: impl Fn(T) -> bool) -> Option<[&[T]; 6]> {
    let mut parts: [&[T]; 6] = [&[]; 6];
    let mut rest = items;
    for slot in parts.iter_mut().take(5) {
        let at = rest.iter().position(|&item| is_colon(item))?;
        *slot = rest.get(..at)?;
        rest = rest.get(at + 1..)?;
    }
    if let Some(last) = parts.get_mut(5) {
        *last = rest;
    }
    Some(parts)
}

/// Whether tokens match text part by part: each of the six ARN parts on its
/// own (a `*` in the region part cannot run into the account part), so
/// `arn:aws:iam::*:role/x` does not match an ARN whose role part merely ends
/// in `role/x`. A pattern that does not start with `arn:` (such as `*`) is
/// matched whole; one that does but lacks six parts matches nothing.
pub(crate) fn arn_tokens_match(tokens: &[Token], arn: &str, case_insensitive: bool) -> bool {
    let text: Vec<char> = arn.chars().collect();
    let arn_prefix = [
        Token::Char('a'),
        Token::Char('r'),
        Token::Char('n'),
        Token::Char(':'),
    ];
    if !tokens.starts_with(&arn_prefix) {
        return match_tokens(tokens, &text, case_insensitive);
    }
    let pattern_parts = six_parts(tokens, |t| t == Token::Char(':'));
    let text_parts = six_parts(&text, |c| c == ':');
    match (pattern_parts, text_parts) {
        (Some(pattern_parts), Some(text_parts)) => pattern_parts
            .iter()
            .zip(text_parts.iter())
            .all(|(p, t)| match_tokens(p, t, case_insensitive)),
        _ => false,
    }
}

/// Whether a `Resource`/`NotResource` entry (after policy-variable
/// substitution when `version` is 2012-10-17) names `arn`: each of the six
/// colon-separated parts compared on its own, case-sensitively, with wildcards.
/// A variable with no value makes the entry match nothing.
///
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html>
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>
pub fn resource_matches(
    pattern: &str,
    arn: &str,
    context: &RequestContext,
    version: PolicyVersion,
) -> bool {
    let tokens = match version {
        PolicyVersion::V2012 => match substitute(pattern, context) {
            Some(substituted) => tokens_of_pattern(&substituted),
            None => return false,
        },
        PolicyVersion::V2008 => tokens_of_str(pattern),
    };
    arn_tokens_match(&tokens, arn, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn star_and_question_mark() {
        assert!(wildcard_match("*", "", false));
        assert!(wildcard_match("*", "anything", false));
        assert!(wildcard_match("", "", false));
        assert!(!wildcard_match("", "a", false));
        assert!(wildcard_match("a?c", "abc", false));
        assert!(!wildcard_match("a?c", "ac", false));
        assert!(wildcard_match("a*c", "ac", false));
        assert!(wildcard_match("a*c", "abbbc", false));
        assert!(!wildcard_match("a*c", "abbbd", false));
        assert!(wildcard_match("*a*b*c*", "xxaxxbxxcxx", false));
        assert!(wildcard_match("role/ci-*", "role/ci-deploy", false));
        assert!(!wildcard_match("role/ci-*", "role/CI-deploy", false));
        assert!(wildcard_match("role/ci-*", "role/CI-deploy", true));
        assert!(wildcard_match("?*", "é", false));
    }

    #[test]
    fn pathological_pattern_is_fast() {
        let text = "a".repeat(20_000);
        let pattern = format!("{}b", "*a".repeat(200));
        let started = std::time::Instant::now();
        assert!(!wildcard_match(&pattern, &text, false));
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn actions_are_case_insensitive() {
        assert!(action_matches("sts:AssumeRole", "sts:AssumeRole"));
        assert!(action_matches("STS:assumerole", "sts:AssumeRole"));
        assert!(action_matches("sts:*", "sts:AssumeRole"));
        assert!(action_matches("sts:Assume*", "sts:AssumeRoleWithSAML"));
        assert!(action_matches("*", "sts:AssumeRole"));
        assert!(!action_matches(
            "sts:AssumeRole",
            "sts:AssumeRoleWithWebIdentity"
        ));
        assert!(!action_matches("iam:*", "sts:AssumeRole"));
        assert!(action_matches("sts:AssumeRol?", "sts:AssumeRole"));
    }

    fn ctx(pairs: &[(&str, &str)]) -> RequestContext {
        let mut context = RequestContext::new();
        for (key, value) in pairs {
            context.insert(key, vec![value.to_string()]);
        }
        context
    }

    const ROLE: &str = "arn:aws:iam::222222222222:role/DeployRole";

    #[test]
    fn resources_match_part_by_part() {
        let c = RequestContext::new();
        let v = PolicyVersion::V2012;
        assert!(resource_matches("*", ROLE, &c, v));
        assert!(resource_matches(ROLE, ROLE, &c, v));
        assert!(resource_matches("arn:aws:iam::*:role/*", ROLE, &c, v));
        assert!(resource_matches(
            "arn:aws:iam::222222222222:role/Deploy*",
            ROLE,
            &c,
            v
        ));
        assert!(resource_matches(
            "arn:*:iam::222222222222:role/DeployRole",
            ROLE,
            &c,
            v
        ));
        // Resource ARNs are case-sensitive.
        assert!(!resource_matches(
            "arn:aws:iam::222222222222:role/deployrole",
            ROLE,
            &c,
            v
        ));
        assert!(!resource_matches(
            "arn:aws:iam::333333333333:role/DeployRole",
            ROLE,
            &c,
            v
        ));
        // A star stays inside its part.
        assert!(!resource_matches("arn:aws:*:role/DeployRole", ROLE, &c, v));
        assert!(resource_matches(
            "arn:aws:*:*:*:role/DeployRole",
            ROLE,
            &c,
            v
        ));
        // The resource part may hold colons.
        assert!(resource_matches(
            "arn:aws:logs:us-east-1:1:log-group:/x:*",
            "arn:aws:logs:us-east-1:1:log-group:/x:log-stream:y",
            &c,
            v
        ));
    }

    #[test]
    fn resource_variables_substitute_in_2012_only() {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
        let c = ctx(&[("aws:username", "deployer")]);
        let arn = "arn:aws:iam::222222222222:role/deployer-role";
        let pattern = "arn:aws:iam::222222222222:role/${aws:username}-role";
        assert!(resource_matches(pattern, arn, &c, PolicyVersion::V2012));
        assert!(!resource_matches(pattern, arn, &c, PolicyVersion::V2008));
        let literal = "arn:aws:iam::222222222222:role/${aws:username}-role";
        assert!(resource_matches(pattern, literal, &c, PolicyVersion::V2008));
        // Unresolved variable: the entry matches nothing.
        assert!(!resource_matches(
            "arn:aws:iam::222222222222:role/${aws:PrincipalTag/team}*",
            arn,
            &c,
            PolicyVersion::V2012
        ));
        // ${*} is a literal star.
        assert!(!resource_matches(
            "arn:aws:iam::222222222222:role/${*}",
            arn,
            &c,
            PolicyVersion::V2012
        ));
        assert!(resource_matches(
            "arn:aws:iam::222222222222:role/${*}",
            "arn:aws:iam::222222222222:role/*",
            &c,
            PolicyVersion::V2012
        ));
        // A variable's own `*` is not a wildcard.
        let starry = ctx(&[("aws:username", "*")]);
        assert!(!resource_matches(
            "arn:aws:iam::222222222222:role/${aws:username}",
            arn,
            &starry,
            PolicyVersion::V2012
        ));
    }

    fn regex_of(pattern: &str) -> regex::Regex {
        let mut source = String::from("(?s)^");
        for c in pattern.chars() {
            match c {
                '*' => source.push_str(".*"),
                '?' => source.push('.'),
                other => source.push_str(&regex::escape(&other.to_string())),
            }
        }
        source.push('$');
        regex::Regex::new(&source).unwrap()
    }

    proptest! {
        #[test]
        fn agrees_with_regex(pattern in "[ab*?:]{0,12}", text in "[ab:]{0,16}") {
            prop_assert_eq!(
                wildcard_match(&pattern, &text, false),
                regex_of(&pattern).is_match(&text)
            );
        }

        #[test]
        fn agrees_with_regex_any_chars(pattern in "[a-cé*?]{0,10}", text in "[a-cé]{0,12}") {
            prop_assert_eq!(
                wildcard_match(&pattern, &text, false),
                regex_of(&pattern).is_match(&text)
            );
        }

        #[test]
        fn a_string_matches_itself(text in "[^*?]{0,20}") {
            prop_assert!(wildcard_match(&text, &text, false));
        }
    }
}
