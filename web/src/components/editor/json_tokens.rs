//! A JSON colouring tokenizer for the editor's backdrop: keys, strings,
//! numbers, literals and punctuation. It only colours, so it never fails:
//! any text (broken JSON, YAML, non-ASCII) gives tokens on `char`
//! boundaries, in order, in one linear pass. What it cannot name stays plain.

/// What a token is, for its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A string followed by `:`.
    Key,
    String,
    Number,
    /// `true`, `false`, `null`.
    Literal,
    /// `{ } [ ] : ,`
    Punctuation,
}

impl TokenKind {
    /// The backdrop's class for this kind (short: a large policy has many);
    /// punctuation has none and keeps the text's colour.
    pub fn class(self) -> Option<&'static str> {
        match self {
            TokenKind::Key => Some("j-key"),
            TokenKind::String => Some("j-str"),
            TokenKind::Number => Some("j-num"),
            TokenKind::Literal => Some("j-lit"),
            TokenKind::Punctuation => None,
        }
    }
}

/// A coloured byte range of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

/// The tokens of `text`, in order, never overlapping, read lazily. A
/// string ends at its closing quote or, unterminated, at the end of its
/// line, so that one missing quote does not colour the rest of the document;
/// a key is a string whose next non-blank character is `:`. Every boundary
/// is an ASCII byte or the end of the text, hence a `char` boundary.
pub fn tokens(text: &str) -> Tokens<'_> {
    Tokens { text, at: 0 }
}

/// The iterator [`tokens`] returns.
pub struct Tokens<'a> {
    text: &'a str,
    at: usize,
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let bytes = self.text.as_bytes();
        while let Some(&byte) = bytes.get(self.at) {
            let start = self.at;
            let kind = match byte {
                b'"' => {
                    self.at = string_end(bytes, start + 1);
                    let mut next = self.at;
                    while bytes.get(next).is_some_and(u8::is_ascii_whitespace) {
                        next += 1;
                    }
                    if bytes.get(next) == Some(&b':') {
                        TokenKind::Key
                    } else {
                        TokenKind::String
                    }
                }
                b'{' | b'}' | b'[' | b']' | b':' | b',' => {
                    self.at += 1;
                    TokenKind::Punctuation
                }
                b'0'..=b'9' | b'-'
                    if byte != b'-' || bytes.get(start + 1).is_some_and(u8::is_ascii_digit) =>
                {
                    self.at += 1;
                    while bytes.get(self.at).is_some_and(|b| {
                        b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')
                    }) {
                        self.at += 1;
                    }
                    TokenKind::Number
                }
                b if b.is_ascii_alphabetic() || b == b'_' => {
                    while bytes
                        .get(self.at)
                        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
                    {
                        self.at += 1;
                    }
                    match self.text.get(start..self.at) {
                        Some("true" | "false" | "null") => TokenKind::Literal,
                        _ => continue,
                    }
                }
                _ => {
                    // Blanks, other characters and non-ASCII stay plain; a
                    // multi-byte character's continuation bytes never match above.
                    self.at += 1;
                    continue;
                }
            };
            return Some(Token {
                start,
                end: self.at,
                kind,
            });
        }
        None
    }
}

/// Where a string whose content starts at `at` ends: past its closing quote,
/// or at the end of its line (the newline stays outside), or of the text.
fn string_end(bytes: &[u8], mut at: usize) -> usize {
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'"' => return at + 1,
            b'\n' => return at,
            // An escape takes the next byte, unless it ends the line.
            b'\\' if bytes.get(at + 1).is_some_and(|next| *next != b'\n') => at += 2,
            _ => at += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    /// Each token's text with its kind.
    fn named(text: &str) -> Vec<(&str, TokenKind)> {
        tokens(text)
            .map(|token| (&text[token.start..token.end], token.kind))
            .collect()
    }

    #[test]
    fn colours_keys_strings_numbers_literals_and_punctuation() {
        assert_eq!(
            named(r#"{"Version": "2012-10-17", "n": -1.5e+3, "ok": [true, null]}"#),
            vec![
                ("{", Punctuation),
                (r#""Version""#, Key),
                (":", Punctuation),
                (r#""2012-10-17""#, String),
                (",", Punctuation),
                (r#""n""#, Key),
                (":", Punctuation),
                ("-1.5e+3", Number),
                (",", Punctuation),
                (r#""ok""#, Key),
                (":", Punctuation),
                ("[", Punctuation),
                ("true", Literal),
                (",", Punctuation),
                ("null", Literal),
                ("]", Punctuation),
                ("}", Punctuation),
            ]
        );
    }

    #[test]
    fn a_key_is_known_by_the_colon_after_blanks_and_lines() {
        assert_eq!(
            named("\"a\" \n\t: \"b\""),
            vec![("\"a\"", Key), (":", Punctuation), ("\"b\"", String)]
        );
    }

    #[test]
    fn escapes_stay_inside_the_string() {
        assert_eq!(
            named(r#""say \"hi\" \\" , "#),
            vec![(r#""say \"hi\" \\""#, String), (",", Punctuation)]
        );
    }

    #[test]
    fn broken_json_colours_what_it_can() {
        // An unterminated string stops at its line's end.
        assert_eq!(
            named("\"open\n\"next\": 1"),
            vec![
                ("\"open", String),
                ("\"next\"", Key),
                (":", Punctuation),
                ("1", Number)
            ]
        );
        // Unquoted keys, YAML and comments stay plain; words are not literals.
        assert_eq!(
            named("Effect: Allow # truely\n// nullable"),
            vec![(":", Punctuation)]
        );
        // A missing comma changes nothing around it.
        assert_eq!(named("}\n{"), vec![("}", Punctuation), ("{", Punctuation)]);
        // A backslash at the end of a line or of the text.
        assert_eq!(
            named("\"a\\\n\"b\""),
            vec![("\"a\\", String), ("\"b\"", String)]
        );
        assert_eq!(named("\"a\\"), vec![("\"a\\", String)]);
        assert!(named("").is_empty());
        // A YAML list's dash is not a number.
        assert_eq!(named("- a\n-1"), vec![("-1", Number)]);
    }

    #[test]
    fn non_ascii_text_gives_tokens_on_char_boundaries() {
        let text = "{\u{feff}\"Sid\u{2013}é\": “smart”, \"ä\\é\": 1\u{a0}}";
        for token in tokens(text) {
            assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
        }
        assert_eq!(
            named(text),
            vec![
                ("{", Punctuation),
                ("\"Sid\u{2013}é\"", Key),
                (":", Punctuation),
                (",", Punctuation),
                ("\"ä\\é\"", Key),
                (":", Punctuation),
                ("1", Number),
                ("}", Punctuation),
            ]
        );
    }

    #[test]
    fn any_text_gives_ordered_tokens_inside_it() {
        // Every short mix of the characters the tokenizer cares about.
        let alphabet = ["\"", "\\", "\n", ":", "{", "-", "1", "t", "é", " "];
        let mut texts = vec![std::string::String::new()];
        for _ in 0..4 {
            texts = texts
                .iter()
                .flat_map(|text| alphabet.iter().map(move |piece| format!("{text}{piece}")))
                .collect();
            for text in &texts {
                let mut previous_end = 0;
                for token in tokens(text) {
                    assert!(previous_end <= token.start && token.start < token.end);
                    assert!(text.get(token.start..token.end).is_some(), "{text:?}");
                    previous_end = token.end;
                }
            }
        }
    }
}
