//! Import: what a person holds (first of all the error AWS printed) turned
//! into scenario fields, as `shared/scenario-format.md` "Import" defines it.
//!
//! Each input is recognised by its content, never its name: the recognisers
//! in `RECOGNIZERS` are tried in order and the first that reads the text
//! wins. A recogniser is one file and returns a [`Reading`]: the values the
//! text carries (never a guessed one, `IMPORT_FORMATS.md` §2 rule 1), the
//! message AWS printed with the checks it names, and what the person must
//! know. [`import`] merges the readings, in input order, into the scenario.
//!
//! Bounded work: each input is read up to `MAX_IMPORT_BYTES`; every
//! recogniser is linear in what it reads.

mod access_denied;
mod error_message;
mod normalize;
mod saml;
mod sts_errors;
mod token;
mod wrappers;

use serde::{Deserialize, Serialize};

use crate::scenario::{Mfa, Observed, Scenario};

pub use normalize::MAX_IMPORT_BYTES;

/// One thing a person pasted or a file they gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportInput {
    /// The file name, or `-` for standard input; only named in the answer.
    pub source: String,
    pub text: String,
}

/// The scenario after import and what each input gave (the contract's JSON).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub scenario: Scenario,
    pub recognized: Vec<Recognized>,
    /// Inputs no recogniser read (an addition to the contract).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unrecognized: Vec<Unrecognized>,
}

/// What one recognised input gave.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recognized {
    pub source: String,
    /// A stable id of the format (`access-denied-message`).
    pub format: String,
    /// The dotted paths this input set or changed (`request.caller`, `observed`).
    pub filled: Vec<String>,
    /// Check ids the input itself names (`trust.*`: one of the trust checks).
    pub evidence: Vec<String>,
    /// Identifiers it names, such as the denying policy's ARN.
    pub surfaces: Vec<String>,
    /// What the person must know (a cause no check models).
    pub warnings: Vec<String>,
    /// What was inferred, not read, or left out.
    pub notes: Vec<String>,
}

/// An input no recogniser read, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unrecognized {
    pub source: String,
    pub error: String,
}

/// The formats import reads, by id, with how a person would name them.
pub const ACCEPTED_FORMATS: [(&str, &str); 2] = [
    (
        error_message::ACCESS_DENIED_FORMAT,
        "an AWS AccessDenied message (`User: … is not authorized to perform: sts:AssumeRole …` or `Not authorized to perform sts:AssumeRole…`)",
    ),
    (
        error_message::STS_ERROR_FORMAT,
        "another STS error (a ValidationError, `Roles may not be assumed by root accounts.`, an MFA, token, OIDC or SAML error)",
    ),
];

/// What one recogniser read from one input.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reading {
    pub format: &'static str,
    pub action: Option<String>,
    pub caller: Option<String>,
    pub role_arn: Option<String>,
    pub role_session_name: Option<String>,
    pub external_id: Option<String>,
    pub duration_seconds: Option<serde_json::Value>,
    pub mfa_serial: Option<String>,
    pub source_identity: Option<String>,
    /// The message AWS printed, without its wrapper.
    pub message: Option<String>,
    pub evidence: Vec<String>,
    pub surfaces: Vec<String>,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
    /// The message is about another call than a role assumption: nothing
    /// of it describes this scenario.
    pub about_another_call: bool,
}

impl Reading {
    fn new(format: &'static str) -> Reading {
        Reading {
            format,
            ..Reading::default()
        }
    }
}

/// A recogniser: the reading of a text it recognises, `None` otherwise.
type Recognizer = fn(&str) -> Option<Reading>;

/// Tried in order; each format is one more entry, in its own file.
const RECOGNIZERS: &[Recognizer] = &[error_message::recognize];

/// Reads every input and merges what each carries into `into` (or an empty
/// scenario), in order: a later input changes a field only when it says
/// something new, and its `filled` lists what it changed.
pub fn import(inputs: &[ImportInput], into: Option<&Scenario>) -> ImportOutcome {
    let mut scenario = into.cloned().unwrap_or_default();
    let mut recognized = Vec::new();
    let mut unrecognized = Vec::new();
    for input in inputs {
        let text = normalize::capped(&input.text);
        let Some(reading) = RECOGNIZERS.iter().find_map(|recognize| recognize(text)) else {
            unrecognized.push(Unrecognized {
                source: input.source.clone(),
                error: unrecognized_error(&input.source, text),
            });
            continue;
        };
        let mut entry = Recognized {
            source: input.source.clone(),
            format: reading.format.to_string(),
            filled: merge(&mut scenario, &reading),
            evidence: reading.evidence,
            surfaces: reading.surfaces,
            warnings: reading.warnings,
            notes: reading.notes,
        };
        if text.len() < input.text.len() {
            entry.warnings.push(format!(
                "only the first {MAX_IMPORT_BYTES} bytes of this input were read"
            ));
        }
        recognized.push(entry);
    }
    ImportOutcome {
        scenario,
        recognized,
        unrecognized,
    }
}

/// The error for an input no recogniser reads: it names the formats accepted.
pub fn unrecognized_error(source: &str, text: &str) -> String {
    let name = if source == "-" {
        "standard input"
    } else {
        source
    };
    let what = if text.trim().is_empty() {
        format!("`{name}` is empty")
    } else {
        format!("`{name}` is not a format import reads")
    };
    let formats: Vec<&str> = ACCEPTED_FORMATS.iter().map(|(_, words)| *words).collect();
    format!(
        "{what}; it reads {}, as the AWS CLI, an SDK, Terraform or a CI log prints them",
        formats.join(", or ")
    )
}

/// Sets each field the reading carries that differs from the scenario's,
/// and returns the dotted paths it changed.
fn merge(scenario: &mut Scenario, reading: &Reading) -> Vec<String> {
    let mut filled = Vec::new();
    if reading.about_another_call {
        return filled;
    }
    let request = &mut scenario.request;
    set_optional(
        &mut request.action,
        &reading.action,
        "request.action",
        &mut filled,
    );
    set_required(
        &mut request.caller,
        &reading.caller,
        "request.caller",
        &mut filled,
    );
    set_required(
        &mut request.role_arn,
        &reading.role_arn,
        "request.role_arn",
        &mut filled,
    );
    set_optional(
        &mut request.role_session_name,
        &reading.role_session_name,
        "request.role_session_name",
        &mut filled,
    );
    set_optional(
        &mut request.external_id,
        &reading.external_id,
        "request.external_id",
        &mut filled,
    );
    set_optional(
        &mut request.duration_seconds,
        &reading.duration_seconds,
        "request.duration_seconds",
        &mut filled,
    );
    set_optional(
        &mut request.source_identity,
        &reading.source_identity,
        "request.source_identity",
        &mut filled,
    );
    if let Some(serial) = &reading.mfa_serial {
        let mfa = request.mfa.get_or_insert_with(Mfa::default);
        set_optional(
            &mut mfa.serial_number,
            &Some(serial.clone()),
            "request.mfa.serial_number",
            &mut filled,
        );
    }
    if let Some(message) = &reading.message {
        let observed = Observed {
            message: message.clone(),
            evidence: reading.evidence.clone(),
            surfaces: reading.surfaces.clone(),
            ..Observed::default()
        };
        let same = scenario.observed.as_ref().is_some_and(|held| {
            held.message == observed.message
                && held.evidence == observed.evidence
                && held.surfaces == observed.surfaces
        });
        if !same {
            scenario.observed = Some(observed);
            filled.push("observed".to_string());
        }
    }
    filled
}

fn set_optional<T: Clone + PartialEq>(
    field: &mut Option<T>,
    value: &Option<T>,
    path: &str,
    filled: &mut Vec<String>,
) {
    if let Some(value) = value {
        if field.as_ref() != Some(value) {
            *field = Some(value.clone());
            filled.push(path.to_string());
        }
    }
}

fn set_required(field: &mut String, value: &Option<String>, path: &str, filled: &mut Vec<String>) {
    if let Some(value) = value.as_ref().filter(|value| !value.is_empty()) {
        if field != value {
            field.clone_from(value);
            filled.push(path.to_string());
        }
    }
}

#[cfg(test)]
mod tests;
