//! Characters that decide a match without being seen: invisible ones
//! (zero-width space, soft hyphen, byte order mark), bidirectional controls
//! (a right-to-left override reorders what is shown), lookalike letters (a
//! Cyrillic `а` among Latin ones) and decomposed accents (`e` + U+0301, not
//! NFC). IAM compares strings code point by code point, so a value that looks
//! the same as the policy's may not match it, and a fix that copies it would
//! repeat the lookalike.
//!
//! Pure and table-free: only the ranges the checks need, no Unicode database.

use std::borrow::Cow;

use crate::text::describe_char;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Zero-width U+200B–U+200D, word joiner U+2060, byte order mark U+FEFF,
    /// soft hyphen U+00AD.
    Invisible,
    /// U+202A–U+202E, U+2066–U+2069, U+200E, U+200F.
    Bidirectional,
    /// A Cyrillic or Greek letter in a word that also has Latin letters.
    MixedScript,
    /// A combining mark U+0300–U+036F: the text is not in NFC (or the mark
    /// has no precomposed form and still is easy to miss).
    Decomposed,
}

impl Kind {
    /// What is wrong, after the character's own name.
    fn what(self) -> &'static str {
        match self {
            Kind::Invisible => "",
            Kind::Bidirectional => ", which reorders how the text is shown",
            Kind::MixedScript => ", a Cyrillic or Greek letter among Latin ones (a lookalike)",
            Kind::Decomposed => ", so the text is not NFC (a precomposed letter is another string)",
        }
    }
}

/// One suspicious character: its 1-based character index, its byte offset in
/// the text, the character and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Suspicious {
    pub index: usize,
    pub byte: usize,
    pub ch: char,
    pub kind: Kind,
}

impl Suspicious {
    /// "U+200B (a zero-width space) at character 4", with why for the kinds
    /// the name does not say.
    pub(crate) fn describe(&self) -> String {
        format!(
            "{} at character {}{}",
            describe_char(self.ch),
            self.index,
            self.kind.what()
        )
    }
}

fn simple_kind(ch: char) -> Option<Kind> {
    match ch {
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}' => Some(Kind::Invisible),
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => {
            Some(Kind::Bidirectional)
        }
        '\u{0300}'..='\u{036f}' => Some(Kind::Decomposed),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Other,
    None,
}

fn script(ch: char) -> Script {
    match ch {
        'a'..='z' | 'A'..='Z' => Script::Latin,
        '\u{00c0}'..='\u{024f}' if ch.is_alphabetic() && ch != '\u{00d7}' && ch != '\u{00f7}' => {
            Script::Latin
        }
        '\u{0370}'..='\u{03ff}' | '\u{1f00}'..='\u{1fff}' if ch.is_alphabetic() => Script::Other,
        '\u{0400}'..='\u{052f}' if ch.is_alphabetic() => Script::Other,
        _ => Script::None,
    }
}

/// Every suspicious character of `text`, in order.
pub(crate) fn suspicious_chars(text: &str) -> Vec<Suspicious> {
    let mut found = Vec::new();
    if text.is_ascii() {
        return found;
    }
    // The current word (a run of alphanumerics and combining marks): its
    // non-Latin letters, and whether it has a Latin one.
    let mut word_others: Vec<Suspicious> = Vec::new();
    let mut word_has_latin = false;
    let close_word = |others: &mut Vec<Suspicious>, latin: &mut bool, found: &mut Vec<_>| {
        if *latin {
            found.append(others);
        }
        others.clear();
        *latin = false;
    };
    for (index, (byte, ch)) in text.char_indices().enumerate() {
        let at = |kind| Suspicious {
            index: index + 1,
            byte,
            ch,
            kind,
        };
        if let Some(kind) = simple_kind(ch) {
            found.push(at(kind));
            if kind == Kind::Decomposed {
                continue; // part of the word it follows
            }
        }
        match script(ch) {
            Script::Latin => word_has_latin = true,
            Script::Other => word_others.push(at(Kind::MixedScript)),
            Script::None if ch.is_alphanumeric() => {}
            Script::None => close_word(&mut word_others, &mut word_has_latin, &mut found),
        }
    }
    close_word(&mut word_others, &mut word_has_latin, &mut found);
    found.sort_by_key(|s| s.byte);
    found
}

/// `text` with each suspicious character written as `<U+XXXX>`, so that a
/// message never shows a lookalike or lets a bidirectional control reorder it.
pub(crate) fn visible(text: &str) -> Cow<'_, str> {
    let found = suspicious_chars(text);
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8 * found.len());
    let mut rest = 0;
    for s in found {
        out.push_str(text.get(rest..s.byte).unwrap_or_default());
        out.push_str(&format!("<U+{:04X}>", u32::from(s.ch)));
        rest = s.byte + s.ch.len_utf8();
    }
    out.push_str(text.get(rest..).unwrap_or_default());
    Cow::Owned(out)
}

/// Whether `text` has any suspicious character.
pub(crate) fn is_suspicious(text: &str) -> bool {
    !suspicious_chars(text).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(usize, char, Kind)> {
        suspicious_chars(text)
            .into_iter()
            .map(|s| (s.index, s.ch, s.kind))
            .collect()
    }

    #[test]
    fn plain_text_is_not_suspicious() {
        assert!(kinds("arn:aws:iam::111122223333:role/Admin").is_empty());
        assert!(kinds("café naïve Ærø").is_empty());
        assert!(kinds("Москва").is_empty());
        assert!(kinds("αβγ δ").is_empty());
        assert!(kinds("Москва London").is_empty());
    }

    #[test]
    fn invisible_and_bidirectional_characters() {
        assert_eq!(kinds("ab\u{200b}c"), [(3, '\u{200b}', Kind::Invisible)]);
        assert_eq!(kinds("dev\u{00ad}ops"), [(4, '\u{00ad}', Kind::Invisible)]);
        assert_eq!(kinds("\u{feff}x"), [(1, '\u{feff}', Kind::Invisible)]);
        assert_eq!(kinds("x\u{2060}"), [(2, '\u{2060}', Kind::Invisible)]);
        assert_eq!(
            kinds("abc\u{202e}fed"),
            [(4, '\u{202e}', Kind::Bidirectional)]
        );
        assert_eq!(kinds("\u{200f}"), [(1, '\u{200f}', Kind::Bidirectional)]);
        assert_eq!(kinds("\u{2066}"), [(1, '\u{2066}', Kind::Bidirectional)]);
    }

    #[test]
    fn mixed_scripts_in_one_word() {
        // Cyrillic а (U+0430) in "pаypal".
        assert_eq!(kinds("pаypal"), [(2, 'а', Kind::MixedScript)]);
        // Greek omicron in "admin-rοle"; only the mixed word counts.
        assert_eq!(kinds("admin-rοle"), [(8, 'ο', Kind::MixedScript)]);
        assert_eq!(kinds("Москва mоscow"), [(9, 'о', Kind::MixedScript)]);
    }

    #[test]
    fn decomposed_accents() {
        assert_eq!(kinds("cafe\u{301}"), [(5, '\u{301}', Kind::Decomposed)]);
        assert!(kinds("café").is_empty());
    }

    #[test]
    fn byte_offsets_and_description() {
        let found = suspicious_chars("é\u{202e}x");
        assert_eq!(found.len(), 1);
        assert_eq!(found.first().map(|s| s.byte), Some(2));
        assert_eq!(
            found.first().map(Suspicious::describe).unwrap_or_default(),
            "U+202E (a right-to-left override, a bidirectional control) at character 2, \
             which reorders how the text is shown"
        );
        assert!(is_suspicious("a\u{200b}"));
        assert_eq!(visible("p\u{430}y\u{202e}é"), "p<U+0430>y<U+202E>é");
        assert_eq!(visible("plain"), "plain");
        assert!(!is_suspicious("abc"));
    }
}
