//! Reading scenario files (or standard input), with errors that name the file.

use std::io::Read;

use assumable_core::import::MAX_DUMP_BYTES;
use assumable_core::{Scenario, ScenarioError, MAX_SCENARIO_BYTES};

/// Why an argument gave no scenario.
#[derive(Debug)]
pub struct InputError {
    /// The argument as given (`-` for standard input).
    pub path: String,
    pub kind: InputErrorKind,
}

#[derive(Debug)]
pub enum InputErrorKind {
    /// The file could not be read; the system's reason.
    Unreadable(String),
    /// The text is not a scenario.
    Malformed(ScenarioError),
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = display_name(&self.path);
        match &self.kind {
            InputErrorKind::Unreadable(reason) => write!(f, "cannot read `{name}`: {reason}"),
            InputErrorKind::Malformed(error) if error.line > 0 => write!(f, "`{name}` {error}"),
            InputErrorKind::Malformed(error) => write!(f, "`{name}`: {error}"),
        }
    }
}

impl std::error::Error for InputError {}

/// How an argument is named in messages: control characters (a terminal
/// escape sequence in a file name) and bidirectional controls are written
/// as escapes, so that a name can neither drive the terminal nor reorder
/// the line it is printed on.
pub fn display_name(path: &str) -> String {
    if path == "-" {
        return "<stdin>".to_string();
    }
    crate::render::printable(path)
}

/// Reads and parses one scenario; `-` is standard input.
pub fn read_scenario(path: &str) -> Result<Scenario, InputError> {
    let text = read_text(path).map_err(|reason| InputError {
        path: path.to_string(),
        kind: InputErrorKind::Unreadable(reason),
    })?;
    Scenario::from_json(&text).map_err(|error| InputError {
        path: path.to_string(),
        kind: InputErrorKind::Malformed(error),
    })
}

/// Reads one input to import (an error message, an output); `-` is
/// standard input. Its name is kept as given, the contract's `source`.
pub fn read_import_input(path: &str) -> Result<assumable_core::ImportInput, InputError> {
    read_input(path, MAX_SCENARIO_BYTES, "a scenario may be")
}

/// Reads one `get-account-authorization-details` output for `access`, up to
/// the larger size the core reads of one ([`MAX_DUMP_BYTES`]).
pub fn read_dump_input(path: &str) -> Result<assumable_core::ImportInput, InputError> {
    read_input(
        path,
        MAX_DUMP_BYTES,
        "an authorization-details output is read",
    )
}

fn read_input(
    path: &str,
    limit: usize,
    what: &str,
) -> Result<assumable_core::ImportInput, InputError> {
    let text = read_bytes(path, limit, what)
        .and_then(|bytes| match utf16_text(&bytes) {
            Some(text) => Ok(text),
            None => utf8_text(bytes),
        })
        .map_err(|reason| InputError {
            path: path.to_string(),
            kind: InputErrorKind::Unreadable(reason),
        })?;
    Ok(assumable_core::ImportInput {
        source: path.to_string(),
        text,
    })
}

/// The whole text, read at most one byte past the accepted size so that a
/// huge file is refused without being loaded.
fn read_text(path: &str) -> Result<String, String> {
    read_bytes(path, MAX_SCENARIO_BYTES, "a scenario may be").and_then(utf8_text)
}

/// Text that starts with a UTF-16 byte-order mark, as Windows PowerShell 5
/// writes a redirected error (`2> err.txt`); `None` for anything else.
fn utf16_text(bytes: &[u8]) -> Option<String> {
    let little_endian = match bytes.get(..2)? {
        [0xff, 0xfe] => true,
        [0xfe, 0xff] => false,
        _ => return None,
    };
    let units = bytes.get(2..)?.chunks_exact(2).map(|pair| match pair {
        [a, b] if little_endian => u16::from_le_bytes([*a, *b]),
        [a, b] => u16::from_be_bytes([*a, *b]),
        _ => 0,
    });
    Some(
        char::decode_utf16(units)
            .map(|unit| unit.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

fn utf8_text(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|error| {
        format!(
            "it is not UTF-8 text (invalid byte at offset {})",
            error.utf8_error().valid_up_to()
        )
    })
}

/// The whole content, at most `limit` bytes (one more is read, so that a
/// larger file is refused with why rather than cut); `what` the most is of.
fn read_bytes(path: &str, limit: usize, what: &str) -> Result<Vec<u8>, String> {
    let take = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    let result = if path == "-" {
        std::io::stdin().lock().take(take).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|file| file.take(take).read_to_end(&mut bytes))
    };
    result.map_err(|error| describe_io_error(&error))?;
    if bytes.len() > limit {
        return Err(format!("it is larger than {limit} bytes, the most {what}"));
    }
    Ok(bytes)
}

/// The system's message without Rust's " (os error N)" suffix.
fn describe_io_error(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.rfind(" (os error ") {
        Some(at) => text.get(..at).unwrap_or(&text).to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::display_name;

    #[test]
    fn a_utf16_paste_from_powershell_reads_as_text() {
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend("User: é".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(super::utf16_text(&bytes).as_deref(), Some("User: é"));
        assert_eq!(super::utf16_text(b"User"), None);
    }

    #[test]
    fn names_cannot_drive_the_terminal() {
        assert_eq!(display_name("a\u{1b}[31mb.json"), "a\\u{1b}[31mb.json");
        assert_eq!(
            display_name("evil\u{202e}nosj.json"),
            "evil\\u{202e}nosj.json"
        );
        assert_eq!(display_name("tests/cases/ok.json"), "tests/cases/ok.json");
        assert_eq!(display_name("-"), "<stdin>");
    }
}
