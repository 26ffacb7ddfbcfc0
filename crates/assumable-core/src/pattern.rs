//! The matcher behind every IAM wildcard comparison: `*` and `?` in linear
//! time on any pattern (no backtracking blow-up), over a [`Pattern`] whose
//! characters may be literal (from `${*}` or a variable's value). Below both
//! `variables` (which builds patterns) and `wildcard` (which matches actions
//! and resources), so neither imports the other.
//!
//! The matcher is the segment-greedy glob algorithm: the pattern is split on
//! `*` into segments (of characters and `?`); the first segment must match
//! as a prefix, the last as a suffix, and each one between at its leftmost
//! occurrence after the one before. Greedy leftmost is correct because a `*`
//! can absorb anything: if any placement of the middle segments fits, the
//! leftmost one leaves the most text for the rest. Nothing is ever revisited,
//! so a segment without `?` is found by a Knuth-Morris-Pratt search and the
//! whole match takes `O(len(pattern) + len(text))` steps, whatever the
//! pattern (the old "let the last star swallow one more character" walk took
//! `len(pattern) * len(text)`: minutes on `*a…(5,000)…b` against 1 MB). A
//! segment holding `?` is searched position by position with an early exit,
//! at most `len(segment) * len(text)` steps for that segment.

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

/// Whether one token matches one character.
fn token_matches(token: Token, c: char, case_insensitive: bool) -> bool {
    match token {
        Token::AnyOne => true,
        Token::Char(p) => chars_equal(p, c, case_insensitive),
        Token::Star => false,
    }
}

/// Whether `segment` (no `*`) matches `text` exactly, position by position.
fn segment_at(segment: &[Token], text: &[char], case_insensitive: bool, steps: &mut usize) -> bool {
    segment.len() == text.len()
        && segment.iter().zip(text).all(|(&t, &c)| {
            *steps += 1;
            token_matches(t, c, case_insensitive)
        })
}

/// The leftmost position where `segment` (no `*`, not empty) occurs in `text`.
fn find_segment(
    segment: &[Token],
    text: &[char],
    case_insensitive: bool,
    steps: &mut usize,
) -> Option<usize> {
    if segment.contains(&Token::AnyOne) {
        // `?` breaks the border arithmetic of KMP: try each position, giving
        // up on it at its first mismatch.
        let last_start = text.len().checked_sub(segment.len())?;
        return (0..=last_start).find(|&at| {
            text.get(at..at + segment.len()).is_some_and(|window| {
                segment.iter().zip(window).all(|(&t, &c)| {
                    *steps += 1;
                    token_matches(t, c, case_insensitive)
                })
            })
        });
    }
    // Knuth-Morris-Pratt over characters compared with `chars_equal`, an
    // equivalence (equal, or equal once lowercased), so borders are sound.
    let same = |a: Token, b: Token| match (a, b) {
        (Token::Char(a), Token::Char(b)) => chars_equal(a, b, case_insensitive),
        _ => false,
    };
    // border[i]: the length of the longest proper border of segment[..=i].
    let mut border = vec![0usize; segment.len()];
    let mut k = 0;
    for (i, &at_i) in segment.iter().enumerate().skip(1) {
        while k > 0 && !segment.get(k).is_some_and(|&t| same(t, at_i)) {
            *steps += 1;
            k = border.get(k - 1).copied().unwrap_or(0);
        }
        *steps += 1;
        if segment.get(k).is_some_and(|&t| same(t, at_i)) {
            k += 1;
        }
        if let Some(cell) = border.get_mut(i) {
            *cell = k;
        }
    }
    let mut matched = 0;
    for (i, &c) in text.iter().enumerate() {
        while matched > 0
            && !segment
                .get(matched)
                .is_some_and(|&t| token_matches(t, c, case_insensitive))
        {
            *steps += 1;
            matched = border.get(matched - 1).copied().unwrap_or(0);
        }
        *steps += 1;
        if segment
            .get(matched)
            .is_some_and(|&t| token_matches(t, c, case_insensitive))
        {
            matched += 1;
        }
        if matched == segment.len() {
            return Some(i + 1 - segment.len());
        }
    }
    None
}

/// [`match_tokens`], with the number of character comparisons it made, so
/// that a test can hold it to its bound without a clock.
fn match_counting(tokens: &[Token], text: &[char], case_insensitive: bool) -> (bool, usize) {
    let mut steps = 0;
    let mut segments = tokens.split(|&t| t == Token::Star);
    let first = segments.next().unwrap_or_default();
    if first.len() == tokens.len() {
        // No star: the pattern matches the whole text or nothing.
        let matched = segment_at(first, text, case_insensitive, &mut steps);
        return (matched, steps);
    }
    // With a star: `first` is a prefix, the last segment a suffix, and the
    // ones between are found left to right in what lies between.
    let middles_and_last: Vec<&[Token]> = segments.collect();
    let (last, middles) = match middles_and_last.split_last() {
        Some((last, middles)) => (*last, middles),
        None => (&[][..], &[][..]),
    };
    if first.len() + last.len() > text.len() {
        return (false, steps);
    }
    let (Some(head), Some(tail)) = (text.get(..first.len()), text.get(text.len() - last.len()..))
    else {
        return (false, steps);
    };
    if !segment_at(first, head, case_insensitive, &mut steps)
        || !segment_at(last, tail, case_insensitive, &mut steps)
    {
        return (false, steps);
    }
    let mut between = text
        .get(first.len()..text.len() - last.len())
        .unwrap_or_default();
    for segment in middles.iter().filter(|segment| !segment.is_empty()) {
        match find_segment(segment, between, case_insensitive, &mut steps) {
            Some(at) => between = between.get(at + segment.len()..).unwrap_or_default(),
            None => return (false, steps),
        }
    }
    (true, steps)
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

    /// Whether some character is a wildcard (`*` or `?`, not literal).
    fn has_wildcard(&self) -> bool {
        self.chars
            .iter()
            .any(|&(c, literal)| !literal && matches!(c, '*' | '?'))
    }

    /// Whether the characters equal `text`'s one by one, as the matcher
    /// compares them.
    fn equals(&self, text: &str, case_insensitive: bool) -> bool {
        self.chars.len() == text.chars().count()
            && self
                .chars
                .iter()
                .zip(text.chars())
                .all(|(&(p, _), c)| chars_equal(p, c, case_insensitive))
    }
}

/// Whether `text` matches a substituted pattern (`*`/`?` wildcards unless literal).
pub fn pattern_matches(pattern: &Pattern, text: &str, case_insensitive: bool) -> bool {
    if !pattern.has_wildcard() {
        return pattern.equals(text, case_insensitive);
    }
    let text: Vec<char> = text.chars().collect();
    match_tokens(&tokens_of_pattern(pattern), &text, case_insensitive)
}

/// Whether an ARN matches a substituted pattern, each of the six ARN parts on
/// its own (as `ArnLike` and `Resource` compare).
pub fn pattern_matches_arn(pattern: &Pattern, arn: &str, case_insensitive: bool) -> bool {
    if !pattern.has_wildcard() {
        // Equality, part by part: a pattern that starts with `arn:` but has
        // fewer than six parts names nothing (as `arn_tokens_match` says).
        let starts_as_arn = pattern
            .chars
            .iter()
            .map(|&(c, _)| c)
            .take(4)
            .eq("arn:".chars());
        let colons = pattern.chars.iter().filter(|&&(c, _)| c == ':').count();
        return !(starts_as_arn && colons < 5) && pattern.equals(arn, case_insensitive);
    }
    arn_tokens_match(&tokens_of_pattern(pattern), arn, case_insensitive)
}

pub(crate) fn push_plain(chars: &mut Vec<(char, bool)>, text: &str) {
    chars.extend(text.chars().map(|c| (c, false)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    /// The blow-up guards: patterns that made the old walk (or a
    /// backtracking matcher) take `pattern * text` steps or worse stay within
    /// a small multiple of `pattern + text`. Steps are counted, never timed.
    #[test]
    fn adversarial_patterns_take_linear_steps() {
        let text = chars(&"a".repeat(200_000));
        let cases = [
            format!("*{}b", "a".repeat(5_000)),
            format!("*{}b*", "a".repeat(5_000)),
            format!("{}b", "*a".repeat(200)),
            format!("*{}b*c", "a".repeat(1_000)),
            format!("*{}*", "a".repeat(1_000).repeat(2) + "b"),
        ];
        for pattern in &cases {
            let tokens = tokens_of_str(pattern);
            let (matched, steps) = match_counting(&tokens, &text, false);
            assert!(!matched, "{pattern:.20}");
            assert!(
                steps <= 3 * (tokens.len() + text.len()),
                "{pattern:.20}: {steps} steps"
            );
            let (_, steps) = match_counting(&tokens, &text, true);
            assert!(steps <= 3 * (tokens.len() + text.len()), "{steps} steps");
        }
    }

    /// Issue 10's g2 (`*a^1000b` against 4,000,000 `a`) and g9 (`*a^5000b`
    /// against 1,000,000 `a`, ten times), below `request.format`'s limits:
    /// the matcher alone stays within a small multiple of pattern + text.
    #[test]
    fn issue_10_g2_and_g9() {
        for (run, length, times) in [(1_000, 4_000_000, 1), (5_000, 1_000_000, 10)] {
            let text = chars(&"a".repeat(length));
            let tokens = tokens_of_str(&format!("*{}b", "a".repeat(run)));
            let mut total = 0;
            for _ in 0..times {
                let (matched, steps) = match_counting(&tokens, &text, false);
                assert!(!matched);
                total += steps;
            }
            assert!(
                total <= times * 3 * (tokens.len() + text.len()),
                "{total} steps"
            );
        }
    }

    /// A segment with `?` is searched position by position: at most its
    /// length times the text's, and it still finds the leftmost occurrence.
    #[test]
    fn question_mark_segments_are_bounded_by_segment_times_text() {
        let text = chars(&format!("{}b", "a".repeat(20_000)));
        let tokens = tokens_of_str(&format!("*{}?b*", "a".repeat(50)));
        let (matched, steps) = match_counting(&tokens, &text, false);
        assert!(matched);
        assert!(
            steps <= (tokens.len() + 1) * (text.len() + 1),
            "{steps} steps"
        );
        assert!(match_tokens(
            &tokens_of_str("*a?c*a?c"),
            &chars("xabcyabcabc"),
            false
        ));
        assert!(!match_tokens(
            &tokens_of_str("*a?c*a?cd"),
            &chars("xabcyabc"),
            false
        ));
    }

    #[test]
    fn prefix_and_suffix_do_not_overlap() {
        assert!(!match_tokens(&tokens_of_str("ab*ba"), &chars("aba"), false));
        assert!(match_tokens(&tokens_of_str("ab*ba"), &chars("abba"), false));
        assert!(match_tokens(&tokens_of_str("a*b*a"), &chars("aba"), false));
        assert!(!match_tokens(
            &tokens_of_str("ab*b*ba"),
            &chars("abba"),
            false
        ));
        assert!(match_tokens(&tokens_of_str("**"), &chars(""), false));
        assert!(match_tokens(&tokens_of_str("a**"), &chars("a"), false));
        assert!(match_tokens(&tokens_of_str("A*b"), &chars("aXB"), true));
        assert!(!match_tokens(&tokens_of_str("A*b"), &chars("aXB"), false));
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

        // Longer patterns and values over a small alphabet, where segments
        // recur and overlap (the cases a leftmost search must get right).
        #[test]
        fn segment_greedy_agrees_with_regex(
            pattern in "[ab*?]{0,24}",
            text in "[ab]{0,40}",
        ) {
            let tokens = tokens_of_str(&pattern);
            proptest::prop_assert_eq!(
                match_tokens(&tokens, &chars(&text), false),
                regex_of(&Pattern::plain(&pattern)).is_match(&text)
            );
        }

        // A pattern without wildcards is compared by equality: the same
        // answers as its tokens give, for values and ARNs, either case rule.
        #[test]
        fn equality_shortcut_agrees_with_tokens(
            parts in proptest::collection::vec(("arn:|[aAr:n*?É]", proptest::bool::ANY), 0..10),
            text in "(arn:|[aAr:nÉé]){0,10}",
            same in proptest::bool::ANY,
            case_insensitive in proptest::bool::ANY,
        ) {
            let pattern = Pattern {
                chars: parts
                    .iter()
                    .flat_map(|(part, literal)| part.chars().map(move |c| (c, *literal)))
                    .collect(),
            };
            // Half the time, the text is the pattern's own characters.
            let text = if same { pattern.to_text() } else { text };
            let tokens = tokens_of_pattern(&pattern);
            proptest::prop_assert_eq!(
                pattern_matches(&pattern, &text, case_insensitive),
                match_tokens(&tokens, &chars(&text), case_insensitive)
            );
            proptest::prop_assert_eq!(
                pattern_matches_arn(&pattern, &text, case_insensitive),
                arn_tokens_match(&tokens, &text, case_insensitive)
            );
        }

        // Case-insensitive matching agrees with the regex's `(?i)` on ASCII.
        #[test]
        fn case_insensitive_agrees_with_regex(
            pattern in "[aAbB*?]{0,16}",
            text in "[aAbB]{0,24}",
        ) {
            let source = regex_of(&Pattern::plain(&pattern)).as_str().replacen("(?s)", "(?si)", 1);
            let regex = regex::Regex::new(&source).unwrap();
            proptest::prop_assert_eq!(
                match_tokens(&tokens_of_str(&pattern), &chars(&text), true),
                regex.is_match(&text)
            );
        }
    }
}
