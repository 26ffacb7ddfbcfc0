//! JavaScript bindings of `assumable-core`, built with wasm-bindgen.
//!
//! **API boundary:** this crate only converts. It reads a scenario (or the
//! inputs to import) from a JS value, hands it to `assumable_core`, and
//! returns the core's answer as a plain JS object. It decides nothing about
//! IAM, and it never throws: every answer is a tagged object,
//! `{ ok: true, report }` (`{ ok: true, outcome }` for an import) or
//! `{ ok: false, error: { message, line, column } }`.

use std::borrow::Cow;

use assumable_core::{ImportInput, ImportOutcome, Report, Scenario, ScenarioError};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A located reason why the scenario could not be read. `line` and `column`
 * count from 1 in the JSON text given; both are 0 when there is no position
 * (the scenario was an object, or the error is about the whole text). */
export interface ScenarioError { message: string; line: number; column: number }
export type CheckId =
  | "request.format" | "request.caller" | "trust.syntax" | "trust.principal" | "trust.action"
  | "trust.external_id" | "trust.mfa" | "trust.conditions" | "trust.deny" | "identity.syntax"
  | "identity.allow" | "identity.deny" | "boundary.allow" | "scp.allow" | "rcp.allow"
  | "session.duration" | "session.tags" | "session.source_identity";
/** `request`, `role`, `trust_policy`, `identity[N]`, `permissions_boundary`,
 * `scps[L][N]` or `rcps[L][N]`. */
export type DocumentId = string;
/** A text range (lines and columns from 1, end exclusive) or a field. */
export interface Location {
  document: DocumentId;
  line?: number; column?: number; end_line?: number; end_column?: number;
  field?: string;
}
export type Edit =
  | { document: DocumentId; line: number; column: number; end_line: number; end_column: number; replacement: string }
  | { document: DocumentId; field: string; value: unknown }
  | { document: DocumentId; replacement: string };
/** A fix tells the truth about the case: what it changes, and whether it
 * widens who may assume the role (`unsafe`, with what it `admits`). Advice
 * has no edits: its `title` and `detail` say what to do. */
export interface Fix {
  title: string;
  detail?: string;
  changes: "policy" | "request" | "advice";
  applicability: "safe" | "unsafe";
  admits?: string;
  edits: Edit[];
}
export interface Check {
  id: CheckId;
  status: "pass" | "fail" | "warn" | "skip";
  title: string;
  detail: string;
  locations: Location[];
  fix?: Fix;
  alternatives?: Fix[];
  diagnoses?: string[];
  doc_url?: string;
  error_code?: string;
}
/** The evaluation beside what AWS said (the scenario's `observed`). */
export interface ObservedAgreement { evidence: string[]; agrees: boolean; detail: string }
/** The report as `shared/scenario-format.md` defines it. */
export interface Report {
  decision: "allow" | "deny" | "invalid"; checks: Check[]; summary?: string;
  observed?: ObservedAgreement;
}
export type Answer = { ok: true; report: Report } | { ok: false; error: ScenarioError };
/** One thing a person pasted: `source` names it in the answer (a file name, `-`). */
export interface ImportInput { source: string; text: string }
/** What one recognised input gave (`shared/scenario-format.md`, "Import"). */
export interface Recognized {
  source: string; format: string; filled: string[]; evidence: string[];
  surfaces: string[]; warnings: string[]; notes: string[];
}
export interface ImportOutcome {
  scenario: object; recognized: Recognized[];
  /** Inputs no format reads, each with an error naming the formats accepted. */
  unrecognized?: { source: string; error: string }[];
}
export type ImportAnswer = { ok: true; outcome: ImportOutcome } | { ok: false; error: ScenarioError };
/** One word of a command: passed as written, or a shell variable the person sets. */
export type Word = { literal: string } | { variable: string };
/** One `aws` command: what it does, whose credentials it needs, its words,
 * and the line a POSIX shell reads back as those words. */
export interface Command { purpose: string; run_as?: string; words: Word[]; line: string }
export interface Section { commands: Command[]; notes?: string[] }
/** "Commands out" (`shared/scenario-format.md`): the fixed documents the fix
 * commands name are in `files`; `script` is all of it as shell text. */
export interface Commands {
  gather: Section; reproduce: Section; fix: Section;
  files?: { name: string; content: string }[];
  script: string;
}
export type CommandsAnswer = { ok: true; commands: Commands } | { ok: false; error: ScenarioError };
/** One principal and one role ("Account-wide access"): `requires` for a
 * conditional pair, `failing` for a denied one, `via` the roles of a chain. */
export interface Pair {
  principal: string; role: string; result: "allow" | "conditional" | "deny";
  requires: string[]; failing: string[]; via: string[];
}
/** Every pair, the inputs that are no authorization-details output, and notes. */
export interface Access { pairs: Pair[]; unrecognized: { source: string; error: string }[]; notes: string[] }
export type AccessAnswer = { ok: true; access: Access } | { ok: false; error: ScenarioError };
export type DecideAnswer =
  | { ok: true; decision: "allow" | "deny" | "invalid"; failing: string[] }
  | { ok: false; error: ScenarioError };
"#;

/// The tagged answer that crosses the boundary.
#[derive(Serialize)]
#[serde(untagged)]
enum Answer<'a> {
    Report {
        ok: bool,
        report: &'a Report,
    },
    Import {
        ok: bool,
        outcome: &'a ImportOutcome,
    },
    Commands {
        ok: bool,
        commands: &'a CommandsWithScript,
    },
    Access {
        ok: bool,
        access: &'a AccessAnswer,
    },
    Error {
        ok: bool,
        error: &'a ScenarioError,
    },
}

/// What `access` answers.
#[derive(Serialize)]
struct AccessAnswer {
    pairs: Vec<assumable_core::access::Pair>,
    unrecognized: Vec<assumable_core::import::Unrecognized>,
    notes: Vec<String>,
}

/// Who can assume what across `aws iam get-account-authorization-details`
/// outputs (the CLI's `access`): `dumps` as `[{ source, text }]`;
/// `options.all` lists denied pairs too, `options.chains` adds the pairs
/// reached through other roles.
///
/// Never throws: inputs that are not such arrays give `{ ok: false, error }`.
#[wasm_bindgen(unchecked_return_type = "AccessAnswer")]
pub fn access(
    #[wasm_bindgen(unchecked_param_type = "ImportInput[]")] dumps: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ all?: boolean; chains?: boolean } | undefined")]
    options: JsValue,
) -> JsValue {
    let dumps = match read_inputs(dumps) {
        Ok(dumps) => dumps,
        Err(answer) => return answer,
    };
    let flag = |name: &str| {
        js_sys::Reflect::get(&options, &JsValue::from_str(name))
            .ok()
            .and_then(|value| value.as_bool())
            .unwrap_or(false)
    };
    let (all, chains) = if options.is_object() {
        (flag("all"), flag("chains"))
    } else {
        (false, false)
    };
    let (model, unrecognized) = assumable_core::access::load(&dumps);
    let mut pairs = assumable_core::access::pairs(&model, all);
    if chains {
        let chained = assumable_core::access::chained_pairs(&pairs);
        pairs.extend(chained);
    }
    to_js(&Answer::Access {
        ok: true,
        access: &AccessAnswer {
            pairs,
            unrecognized,
            notes: model.notes,
        },
    })
}

/// Evaluates one scenario: either its JSON text or a scenario object.
///
/// Never throws. A scenario that cannot be read gives
/// `{ ok: false, error }`; anything else gives `{ ok: true, report }`.
#[wasm_bindgen(unchecked_return_type = "Answer")]
pub fn evaluate(
    #[wasm_bindgen(unchecked_param_type = "string | object")] scenario: JsValue,
) -> JsValue {
    match read_scenario(&scenario) {
        Ok(scenario) => {
            let report = assumable_core::evaluate(&scenario);
            intern_static_text(&report);
            to_js(&Answer::Report {
                ok: true,
                report: &report,
            })
        }
        Err(error) => to_js(&Answer::Error {
            ok: false,
            error: &error,
        }),
    }
}

/// Imports what a person holds (the core's `import`): `inputs` is an array
/// of `{ source, text }`, `into` an optional scenario (object or JSON text)
/// to merge into. Named `import_inputs` because `import` is a reserved word
/// in JavaScript.
///
/// Never throws: inputs or a scenario that cannot be read give
/// `{ ok: false, error }`; anything else gives `{ ok: true, outcome }`, in
/// which an input no format reads is listed under `unrecognized`.
#[wasm_bindgen(unchecked_return_type = "ImportAnswer")]
pub fn import_inputs(
    #[wasm_bindgen(unchecked_param_type = "ImportInput[]")] inputs: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | object | undefined")] into: JsValue,
) -> JsValue {
    let inputs = match read_inputs(inputs) {
        Ok(inputs) => inputs,
        Err(answer) => return answer,
    };
    let into = if into.is_undefined() || into.is_null() {
        None
    } else {
        match read_scenario(&into) {
            Ok(scenario) => Some(scenario),
            Err(error) => {
                return to_js(&Answer::Error {
                    ok: false,
                    error: &error,
                })
            }
        }
    };
    let outcome = assumable_core::import(&inputs, into.as_ref());
    to_js(&Answer::Import {
        ok: true,
        outcome: &outcome,
    })
}

/// One pasted text imported (into `scenario`, when given): the shape the
/// issue's JavaScript API names, `importText(text, scenario?)`, over the
/// same import as [`import_inputs`]. Never throws: a text that is not a
/// string gives `{ ok: false, error }`.
#[wasm_bindgen(js_name = importText, unchecked_return_type = "ImportAnswer")]
pub fn import_text(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | object | undefined")] scenario: JsValue,
) -> JsValue {
    let Some(text) = text.as_string() else {
        let error = unlocated(format!(
            "expected the pasted text as a string, got {}",
            describe_js_type(&text)
        ));
        return to_js(&Answer::Error {
            ok: false,
            error: &error,
        });
    };
    let input = serde_wasm_bindgen::to_value(&[ImportInput {
        source: "paste".to_string(),
        text,
    }])
    .unwrap_or(JsValue::UNDEFINED);
    import_inputs(input, scenario)
}

/// The commands with their shell text, as JavaScript receives them.
#[derive(Serialize)]
struct CommandsWithScript {
    #[serde(flatten)]
    commands: assumable_core::commands::Commands,
    script: String,
}

/// The `aws` commands that gather the scenario's inputs, reproduce its call
/// and put its fixes into effect (the core's `commands`).
///
/// Never throws: a scenario that cannot be read gives `{ ok: false, error }`.
#[wasm_bindgen(unchecked_return_type = "CommandsAnswer")]
pub fn commands(
    #[wasm_bindgen(unchecked_param_type = "string | object")] scenario: JsValue,
) -> JsValue {
    let scenario = match read_scenario(&scenario) {
        Ok(scenario) => scenario,
        Err(error) => {
            return to_js(&Answer::Error {
                ok: false,
                error: &error,
            })
        }
    };
    let commands = assumable_core::commands::commands(&scenario);
    let script =
        assumable_core::commands::script(&commands, assumable_core::commands::Sections::ALL);
    to_js(&Answer::Commands {
        ok: true,
        commands: &CommandsWithScript { commands, script },
    })
}

/// Titles, most pass details and documentation links are the core's static
/// text (borrowed): interned, each crosses to JavaScript once per page
/// instead of being decoded again for every report.
fn intern_static_text(report: &Report) {
    let borrowed = |text: &Cow<'static, str>| {
        if let Cow::Borrowed(text) = text {
            wasm_bindgen::intern(text);
        }
    };
    for check in &report.checks {
        borrowed(&check.title);
        borrowed(&check.detail);
        if let Some(url) = &check.doc_url {
            borrowed(url);
        }
    }
}

/// The version of the evaluator, e.g. `0.1.0`.
#[wasm_bindgen]
pub fn version() -> String {
    assumable_core::VERSION.to_string()
}

/// Reads JSON text as it is, and an object through its JSON text, so that
/// both take the one path the CLI and share links take (same defaults, same
/// errors). `JSON.stringify` also turns a cyclic or BigInt-holding object
/// into a catchable error instead of an endless conversion.
fn read_scenario(value: &JsValue) -> Result<Scenario, ScenarioError> {
    if let Some(text) = value.as_string() {
        return Scenario::from_json(&text);
    }
    if !value.is_object() {
        return Err(unlocated(format!(
            "expected a scenario object or its JSON text, got {}",
            describe_js_type(value)
        )));
    }
    let text = js_sys::JSON::stringify(value)
        .map_err(|thrown| {
            unlocated(format!(
                "the scenario object cannot be written as JSON: {}",
                js_error_message(&thrown)
            ))
        })?
        .as_string()
        .unwrap_or_default();
    // Positions would point into text the caller never saw.
    Scenario::from_json(&text).map_err(|error| unlocated(error.message))
}

fn unlocated(message: String) -> ScenarioError {
    ScenarioError {
        message,
        line: 0,
        column: 0,
    }
}

fn describe_js_type(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_string()
    } else if value.is_function() {
        "a function".to_string()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

fn js_error_message(thrown: &JsValue) -> String {
    thrown
        .dyn_ref::<js_sys::Error>()
        .and_then(|error| error.message().as_string())
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}

/// [`evaluate`]'s answer as JSON text (`{"ok":true,"report":…}`): V8's
/// `JSON.parse` builds the objects faster than serde-wasm-bindgen does, for
/// a caller that evaluates many cases.
///
/// Never throws.
#[wasm_bindgen(js_name = evaluateJson)]
pub fn evaluate_json(
    #[wasm_bindgen(unchecked_param_type = "string | object")] scenario: JsValue,
) -> String {
    let answer = match read_scenario(&scenario) {
        Ok(scenario) => {
            let report = assumable_core::evaluate(&scenario);
            serde_json::to_string(&Answer::Report {
                ok: true,
                report: &report,
            })
        }
        Err(error) => serde_json::to_string(&Answer::Error {
            ok: false,
            error: &error,
        }),
    };
    answer.unwrap_or_else(|error| {
        format!(
            r#"{{"ok":false,"error":{{"message":{},"line":0,"column":0}}}}"#,
            serde_json::Value::from(format!("the report could not be converted: {error}"))
        )
    })
}

/// The decision and the failing check ids only: `{ ok: true, decision,
/// failing }`, for a caller that needs no explanation (the account view's
/// question, asked many times).
///
/// Never throws: a scenario that cannot be read gives `{ ok: false, error }`.
#[wasm_bindgen(unchecked_return_type = "DecideAnswer")]
pub fn decide(
    #[wasm_bindgen(unchecked_param_type = "string | object")] scenario: JsValue,
) -> JsValue {
    #[derive(Serialize)]
    struct Decided<'a> {
        ok: bool,
        decision: assumable_core::Decision,
        failing: Vec<&'a str>,
    }
    match read_scenario(&scenario) {
        Ok(scenario) => {
            let report = assumable_core::evaluate(&scenario);
            let failing = report
                .checks
                .iter()
                .filter(|check| check.status == assumable_core::report::Status::Fail)
                .map(|check| check.id.as_str())
                .collect();
            let decided = Decided {
                ok: true,
                decision: report.decision,
                failing,
            };
            decided
                .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
                .unwrap_or(JsValue::NULL)
        }
        Err(error) => to_js(&Answer::Error {
            ok: false,
            error: &error,
        }),
    }
}

/// `[{ source, text }]` from JavaScript, or the error answer saying why not.
fn read_inputs(inputs: JsValue) -> Result<Vec<ImportInput>, JsValue> {
    serde_wasm_bindgen::from_value(inputs).map_err(|error| {
        let error = unlocated(format!(
            "expected an array of {{ source, text }} objects: {error}"
        ));
        to_js(&Answer::Error {
            ok: false,
            error: &error,
        })
    })
}

/// Maps become plain objects and `None` becomes `null`, as in the CLI's JSON.
fn to_js(answer: &Answer) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    answer.serialize(&serializer).unwrap_or_else(|error| {
        // Not expected (the report is plain data), but still no throw.
        let fallback = unlocated(format!("the report could not be converted: {error}"));
        Answer::Error {
            ok: false,
            error: &fallback,
        }
        .serialize(&serializer)
        .unwrap_or(JsValue::NULL)
    })
}

/// The decision alone, for the benchmark (`--features bench`): the same
/// evaluation as [`evaluate`] without turning the report into JavaScript
/// objects, to tell the evaluator's time from the conversion's.
#[cfg(feature = "bench")]
#[wasm_bindgen]
pub fn evaluate_decision(scenario: &str) -> String {
    match Scenario::from_json(scenario) {
        Ok(scenario) => match assumable_core::evaluate(&scenario).decision {
            assumable_core::Decision::Allow => "allow",
            assumable_core::Decision::Deny => "deny",
            assumable_core::Decision::Invalid => "invalid",
        }
        .to_string(),
        Err(error) => error.message,
    }
}

/// The conversion alone, for the benchmark (`--features bench`): the report
/// of `scenario` is computed once and kept; each call only turns it into
/// JavaScript objects, as [`evaluate`] does.
#[cfg(feature = "bench")]
#[wasm_bindgen]
pub fn convert_only(scenario: &str) -> JsValue {
    thread_local! {
        static KEPT: std::cell::RefCell<Option<(String, Report)>> = const { std::cell::RefCell::new(None) };
    }
    KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        if kept.as_ref().is_none_or(|(text, _)| text != scenario) {
            let report = match Scenario::from_json(scenario) {
                Ok(parsed) => assumable_core::evaluate(&parsed),
                Err(error) => return JsValue::from_str(&error.message),
            };
            *kept = Some((scenario.to_string(), report));
        }
        match kept.as_ref() {
            Some((_, report)) => {
                intern_static_text(report);
                to_js(&Answer::Report { ok: true, report })
            }
            None => JsValue::NULL,
        }
    })
}
