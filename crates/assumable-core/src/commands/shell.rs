//! POSIX shell words: what a generated command line is made of.
//!
//! A literal is single-quoted unless every character is one the shell
//! never treats specially, so any value (quotes, `$()`, newlines, a
//! leading `-`, non-ASCII) reaches `aws` exactly as written. A variable is
//! written `"$NAME"`: the person sets it (a policy name the scenario does not
//! know), and the double quotes keep its value one word.

use serde::{Deserialize, Serialize};

/// One word of a command line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Word {
    /// Passed as written.
    Literal(String),
    /// A value the person supplies: the shell variable's name (`POLICY_ARN`).
    Variable(String),
}

impl Word {
    pub fn literal(text: impl Into<String>) -> Word {
        Word::Literal(text.into())
    }

    pub fn variable(name: &str) -> Word {
        Word::Variable(name.to_string())
    }
}

/// The words joined into one line a POSIX shell reads back as those words.
pub fn command_line(words: &[Word]) -> String {
    words
        .iter()
        .map(|word| match word {
            Word::Literal(text) => quote(text),
            Word::Variable(name) => format!("\"${name}\""),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` as one shell word.
pub fn quote(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:=@,+%".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        return text.to_string();
    }
    // Inside single quotes nothing is special but the quote itself, which
    // is closed, escaped and reopened.
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A here-document delimiter that is not a line of `content`.
pub fn heredoc_delimiter(content: &str) -> String {
    let taken = |candidate: &str| content.lines().any(|line| line == candidate);
    let mut delimiter = "ASSUMABLE_EOF".to_string();
    let mut n = 0usize;
    while taken(&delimiter) {
        n += 1;
        delimiter = format!("ASSUMABLE_EOF_{n}");
    }
    delimiter
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_stay_bare_and_others_are_quoted() {
        assert_eq!(
            quote("arn:aws:iam::111122223333:role/Deploy"),
            "arn:aws:iam::111122223333:role/Deploy"
        );
        assert_eq!(quote(""), "''");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("$(rm -rf /)"), "'$(rm -rf /)'");
        assert_eq!(
            command_line(&[Word::literal("aws"), Word::variable("POLICY_ARN")]),
            "aws \"$POLICY_ARN\""
        );
    }

    #[test]
    fn a_delimiter_never_ends_the_document_early() {
        assert_eq!(heredoc_delimiter("{}"), "ASSUMABLE_EOF");
        assert_eq!(
            heredoc_delimiter("ASSUMABLE_EOF\nASSUMABLE_EOF_1\n"),
            "ASSUMABLE_EOF_2"
        );
    }
}
