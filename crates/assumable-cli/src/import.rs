//! What `assumable import` tells a person: for each input, the format it was
//! recognised as, what it filled, what AWS's message names, and the
//! warnings and notes; or why it was not recognised. The scenario itself
//! is printed apart (stdout), so that it can be redirected to a file.

use std::fmt::Write as _;

use assumable_core::import::{ImportOutcome, Recognized};

use crate::input::display_name;
use crate::render::printable;

/// The summary of an import, one block per input, ending with a newline.
pub fn summary(outcome: &ImportOutcome) -> String {
    let mut out = String::new();
    for recognized in &outcome.recognized {
        write_recognized(&mut out, recognized);
    }
    for unrecognized in &outcome.unrecognized {
        let _ = writeln!(
            out,
            "{}: not recognised\n  error: {}",
            display_name(&unrecognized.source),
            printable(&unrecognized.error)
        );
    }
    out
}

fn write_recognized(out: &mut String, recognized: &Recognized) {
    let _ = writeln!(
        out,
        "{}: {} ({})",
        display_name(&recognized.source),
        format_name(&recognized.format),
        recognized.format
    );
    let filled = if recognized.filled.is_empty() {
        "nothing new".to_string()
    } else {
        recognized.filled.join(", ")
    };
    let _ = writeln!(out, "  filled: {filled}");
    if !recognized.evidence.is_empty() {
        let _ = writeln!(out, "  AWS names: {}", recognized.evidence.join(", "));
    }
    for surface in &recognized.surfaces {
        let _ = writeln!(out, "  names: {}", printable(surface));
    }
    for warning in &recognized.warnings {
        let _ = writeln!(out, "  warning: {}", printable(warning));
    }
    for note in &recognized.notes {
        let _ = writeln!(out, "  note: {}", printable(note));
    }
}

fn format_name(format: &str) -> &'static str {
    match format {
        "access-denied-message" => "AWS AccessDenied message",
        "sts-error-message" => "STS error message",
        other => assumable_core::import::ACCEPTED_FORMATS
            .iter()
            .find(|(id, _)| *id == other)
            .map_or("recognised input", |(_, words)| words),
    }
}
