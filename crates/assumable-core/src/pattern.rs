//! The matcher behind every IAM wildcard comparison: `*` and `?` in linear
//! time on any pattern (no backtracking blow-up), over a [`Pattern`] whose
//! characters may be literal (from `${*}` or a variable's value). Below both
//! `variables` (which builds patterns) and `wildcard` (which matches actions
//! and resources), so neither imports the other.
//!
//! The matcher is the classic greedy two-pointer walk that remembers only the
//! last `*` seen: on a mismatch it lets that star swallow one more character.
//! Earlier stars never need revisiting (a later star can absorb anything an
//! earlier one could), so the work is at most `len(pattern) * len(text)` steps
//! and there is no exponential case.

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

pub(crate) fn chars_equal(a: char, b: char, case_insensitive: bool) -> bool {
    a == b || (case_insensitive && a.to_lowercase().eq(b.to_lowercase()))
}

/// The matcher itself, over tokens and the text's characters.
pub(crate) fn match_tokens(tokens: &[Token], text: &[char], case_insensitive: bool) -> bool {
    match_counting(tokens, text, case_insensitive).0
}

/// [`match_tokens`], with the number of steps the walk took, so that a test
/// can hold it to its bound (`(tokens + 1) * (text + 1)`) without a clock.
fn match_counting(tokens: &[Token], text: &[char], case_insensitive: bool) -> (bool, usize) {
    let mut ti = 0; // next token
    let mut xi = 0; // next text character
                    // After the last `*`: the token index after it and the text index it
                    // currently stops at.
    let mut backtrack: Option<(usize, usize)> = None;
    let mut steps = 0;
    while xi < text.len() {
        steps += 1;
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
            return (false, steps);
        }
    }
    let matched = tokens
        .get(ti..)
        .is_some_and(|rest| rest.iter().all(|t| *t == Token::Star));
    (matched, steps)
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

/// A pattern after substitution: characters, each either a wildcard-capable
/// character or a literal one (from `${*}`, `${?}` or a variable's value, whose
/// own `*` and `?` are not wildcards).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// Each character with `true` when it is literal (never a wildcard).
    pub chars: Vec<(char, bool)>,
}

impl Pattern {
    /// A pattern where every `*` and `?` is a wildcard (no substitution).
    pub fn plain(text: &str) -> Pattern {
        let mut chars = Vec::with_capacity(text.len());
        push_plain(&mut chars, text);
        Pattern { chars }
    }

    /// The characters as text (literal and wildcard alike).
    pub fn to_text(&self) -> String {
        self.chars.iter().map(|&(c, _)| c).collect()
    }

    /// Whether the characters are exactly `text` (no allocation).
    pub fn text_equals(&self, text: &str) -> bool {
        self.chars.iter().map(|&(c, _)| c).eq(text.chars())
    }
}

/// Whether `text` matches a substituted pattern (`*`/`?` wildcards unless literal).
pub fn pattern_matches(pattern: &Pattern, text: &str, case_insensitive: bool) -> bool {
    let text: Vec<char> = text.chars().collect();
    match_tokens(&tokens_of_pattern(pattern), &text, case_insensitive)
}

/// Whether an ARN matches a substituted pattern, each of the six ARN parts on
/// its own (as `ArnLike` and `Resource` compare).
pub fn pattern_matches_arn(pattern: &Pattern, arn: &str, case_insensitive: bool) -> bool {
    arn_tokens_match(&tokens_of_pattern(pattern), arn, case_insensitive)
}

pub(crate) fn push_plain(chars: &mut Vec<(char, bool)>, text: &str) {
    chars.extend(text.chars().map(|c| (c, false)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blow-up guard: a pattern that makes a backtracking matcher take
    /// exponential time stays within the walk's quadratic bound.
    #[test]
    fn pathological_pattern_takes_bounded_steps() {
        let text: Vec<char> = "a".repeat(20_000).chars().collect();
        let tokens = tokens_of_str(&format!("{}b", "*a".repeat(200)));
        let (matched, steps) = match_counting(&tokens, &text, false);
        assert!(!matched);
        assert!(
            steps <= (tokens.len() + 1) * (text.len() + 1),
            "{steps} steps"
        );
    }

    fn regex_of(pattern: &Pattern) -> regex::Regex {
        let mut source = String::from("(?s)^");
        for &(c, literal) in &pattern.chars {
            match (c, literal) {
                ('*', false) => source.push_str(".*"),
                ('?', false) => source.push('.'),
                (other, _) => source.push_str(&regex::escape(&other.to_string())),
            }
        }
        source.push('$');
        regex::Regex::new(&source).unwrap()
    }

    proptest::proptest! {
        // Literal characters never act as wildcards; the rest match like a regex.
        #[test]
        fn pattern_agrees_with_regex(
            chars in proptest::collection::vec(("[ab*?]", proptest::bool::ANY), 0..10),
            text in "[ab*?]{0,12}",
        ) {
            let pattern = Pattern {
                chars: chars
                    .iter()
                    .map(|(c, literal)| (c.chars().next().unwrap(), *literal))
                    .collect(),
            };
            proptest::prop_assert_eq!(
                pattern_matches(&pattern, &text, false),
                regex_of(&pattern).is_match(&text)
            );
        }
    }
}
