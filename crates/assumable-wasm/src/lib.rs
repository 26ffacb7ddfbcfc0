//! JavaScript bindings of `assumable-core`, built with wasm-bindgen.
//!
//! **API boundary:** this crate only converts. It reads a scenario (or the
//! inputs to import) from a JS value, hands it to `assumable_core`, and
//! returns the core's answer as a plain JS object. It decides nothing about
//! IAM, and it never throws: every answer is a tagged object,
//! `{ ok: true, report }` (`{ ok: true, outcome }` for an import) or
//! `{ ok: false, error: { message, line, column } }`.

use std::borrow::Cow;
use std::cell::OnceCell;

use assumable_core::access::{self, AccountModel, Pair};
use assumable_core::import::Unrecognized;
use assumable_core::{
    ImportInput, ImportOutcome, Report, Scenario, ScenarioError, MAX_SCENARIO_BYTES,
};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The package's allocator, on wasm32: see `arena.rs`. Public for its
/// tests (`tests/node.rs`) only.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod arena;
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: arena::ScopedBump = arena::ScopedBump;

/// Runs `call`, whose allocations all end with it, in the per-call arena
/// (wasm32 only; natively it just runs it).
fn in_arena<T>(call: impl FnOnce() -> T) -> T {
    #[cfg(target_arch = "wasm32")]
    return arena::scoped(call);
    #[cfg(not(target_arch = "wasm32"))]
    call()
}

/// Runs `call` with the system allocator, inside an [`in_arena`] call, for
/// what must outlive it.
fn outside_arena<T>(call: impl FnOnce() -> T) -> T {
    #[cfg(target_arch = "wasm32")]
    return arena::unscoped(call);
    #[cfg(not(target_arch = "wasm32"))]
    call()
}

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
/** `all`: plain denies too; `chains`: the pairs reached through other roles. */
export interface PairOptions { all?: boolean; chains?: boolean }
/** `Account.load`'s answer: the dumps read once, to be asked by role, by principal or whole. */
export type AccountAnswer = { ok: true; account: Account } | { ok: false; error: ScenarioError };
/** A principal outside the dumps that a role trusts (the CLI's `--findings`). */
export interface Finding { role: string; principal: string; severity: "high" | "medium" | "info"; detail: string }
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
        access: &'a AccessAnswer<'a>,
    },
    Error {
        ok: bool,
        error: &'a ScenarioError,
    },
}

/// What `access` answers.
#[derive(Serialize)]
struct AccessAnswer<'a> {
    pairs: &'a [Pair],
    unrecognized: &'a [Unrecognized],
    notes: &'a [String],
}

/// Who can assume what across `aws iam get-account-authorization-details`
/// outputs (the CLI's `access`): `dumps` as `[{ source, text }]`;
/// `options.all` lists denied pairs too, `options.chains` adds the pairs
/// reached through other roles. [`Account`] answers the same, loaded once.
///
/// Never throws: inputs that are not such arrays give `{ ok: false, error }`.
#[wasm_bindgen(unchecked_return_type = "AccessAnswer")]
pub fn access(
    #[wasm_bindgen(unchecked_param_type = "ImportInput[]")] dumps: JsValue,
    options: Option<PairOptionsArg>,
) -> JsValue {
    let dumps = match read_inputs(dumps) {
        Ok(dumps) => dumps,
        Err(answer) => return answer,
    };
    let options = PairOptions::read(options.as_ref().map(|options| options.as_ref()));
    let account = Account::from_dumps(&dumps);
    let pairs = account.pairs_of(
        options.all.unwrap_or(false),
        options.chains.unwrap_or(false),
    );
    to_js(&Answer::Access {
        ok: true,
        access: &AccessAnswer {
            pairs: &pairs,
            unrecognized: &account.unrecognized,
            notes: &account.model.notes,
        },
    })
}

#[wasm_bindgen]
extern "C" {
    /// The options as JavaScript passes them (`PairOptions` in the `.d.ts`;
    /// trailing and `Option`, so that TypeScript may leave them out).
    #[wasm_bindgen(typescript_type = "PairOptions")]
    pub type PairOptionsArg;
}

/// `{ all?, chains? }` as given: `None` for an option left out (or not a
/// boolean), so that each method keeps its own default.
#[derive(Clone, Copy, Default)]
struct PairOptions {
    all: Option<bool>,
    chains: Option<bool>,
}

impl PairOptions {
    fn read(options: Option<&JsValue>) -> PairOptions {
        let Some(options) = options.filter(|options| options.is_object()) else {
            return PairOptions::default();
        };
        let flag = |name: &str| {
            js_sys::Reflect::get(options, &JsValue::from_str(name))
                .ok()
                .and_then(|value| value.as_bool())
        };
        PairOptions {
            all: flag("all"),
            chains: flag("chains"),
        }
    }
}

/// Account-wide access, loaded once (`Account.load(dumps)`): the dumps read
/// into the core's model a single time, then asked as often as wanted, by
/// role, by principal or whole. Every answer is the contract's pair objects
/// ("Account-wide access", `shared/scenario-format.md`), the same as
/// [`access`] gives for the same dumps and options.
///
/// The pairs a query needs are computed when first asked and kept: the
/// whole set (`pairs`, and any query with chains, since a chain may pass
/// through any role) once per `all`; a role's or a principal's direct
/// pairs alone (`chains: false`) from that one side, unless the whole set
/// is already known.
#[wasm_bindgen]
pub struct Account {
    model: AccountModel,
    unrecognized: Vec<Unrecognized>,
    /// Every pair that is not a plain deny (`access::pairs(model, false)`).
    direct: OnceCell<Vec<Pair>>,
    /// Every pair (`access::pairs(model, true)`).
    every: OnceCell<Vec<Pair>>,
    /// The pairs reached only through other roles.
    chained: OnceCell<Vec<Pair>>,
}

#[wasm_bindgen]
impl Account {
    /// Reads `get-account-authorization-details` outputs, `[{ source, text }]`
    /// as [`access`] takes them: `{ ok: true, account }`, the inputs that are
    /// no such output listed in `account.unrecognized`; `{ ok: false, error }`
    /// when `dumps` is not such an array. Never throws.
    #[wasm_bindgen(unchecked_return_type = "AccountAnswer")]
    pub fn load(#[wasm_bindgen(unchecked_param_type = "ImportInput[]")] dumps: JsValue) -> JsValue {
        let dumps = match read_inputs(dumps) {
            Ok(dumps) => dumps,
            Err(answer) => return answer,
        };
        let answer = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| {
            js_sys::Reflect::set(&answer, &JsValue::from_str(key), value).unwrap_or(false)
        };
        let set = set("ok", &JsValue::TRUE) && set("account", &Account::from_dumps(&dumps).into());
        if set {
            answer.into()
        } else {
            let error = unlocated("the account could not be handed to JavaScript".to_string());
            to_js(&Answer::Error {
                ok: false,
                error: &error,
            })
        }
    }

    /// Every pair, as [`access`] with the same options gives them: `all`
    /// adds the plain denies, `chains` the pairs reached through other roles
    /// (both off by default).
    #[wasm_bindgen(unchecked_return_type = "Pair[]")]
    pub fn pairs(&self, options: Option<PairOptionsArg>) -> JsValue {
        let options = PairOptions::read(options.as_ref().map(|options| options.as_ref()));
        to_js_value(&self.pairs_of(
            options.all.unwrap_or(false),
            options.chains.unwrap_or(false),
        ))
    }

    /// Who can assume `role` (its ARN): the pairs whose role it is, direct
    /// ones first in the dumps' order, then those reached through other
    /// roles (`chains`, on by default). Plain denies only with `all` (each
    /// with its failing checks: the near misses). `[]` for a role no dump
    /// holds, or an ARN that is not a string.
    #[wasm_bindgen(js_name = whoCanAssume, unchecked_return_type = "Pair[]")]
    pub fn who_can_assume(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] role: JsValue,
        options: Option<PairOptionsArg>,
    ) -> JsValue {
        let Some(role) = role.as_string() else {
            return js_sys::Array::new().into();
        };
        let options = PairOptions::read(options.as_ref().map(|options| options.as_ref()));
        let pairs = self.one_side(
            &options,
            |pair| pair.role == role,
            || access::who_can_assume(&self.model, &role),
        );
        to_js_value(&pairs)
    }

    /// What `principal` (a user's or a role's ARN) can assume: the pairs
    /// whose principal it is, direct ones first in the dumps' order, then
    /// those reached through other roles (`chains`, on by default). Plain
    /// denies only with `all`. `[]` for a principal no dump holds, or an
    /// ARN that is not a string.
    #[wasm_bindgen(js_name = reachableFrom, unchecked_return_type = "Pair[]")]
    pub fn reachable_from(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] principal: JsValue,
        options: Option<PairOptionsArg>,
    ) -> JsValue {
        let Some(principal) = principal.as_string() else {
            return js_sys::Array::new().into();
        };
        let options = PairOptions::read(options.as_ref().map(|options| options.as_ref()));
        let pairs = self.one_side(
            &options,
            |pair| pair.principal == principal,
            || access::reachable_from(&self.model, &principal),
        );
        to_js_value(&pairs)
    }

    /// Principals outside the dumps that roles trust, riskiest first
    /// (`{ role, principal, severity, detail }`), as the CLI's `--findings`.
    #[wasm_bindgen(unchecked_return_type = "Finding[]")]
    pub fn findings(&self) -> JsValue {
        to_js_value(&access::findings(&self.model))
    }

    /// The single case of one principal and one role of the dumps, a
    /// scenario `evaluate` takes (its checklist and fixes); `undefined` when
    /// no dump holds either ARN.
    #[wasm_bindgen(js_name = scenarioOf, unchecked_return_type = "object | undefined")]
    pub fn scenario_of(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] principal: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] role: JsValue,
    ) -> JsValue {
        let (Some(principal), Some(role)) = (principal.as_string(), role.as_string()) else {
            return JsValue::UNDEFINED;
        };
        match access::scenario_of(&self.model, &principal, &role) {
            Some(scenario) => to_js_value(&scenario),
            None => JsValue::UNDEFINED,
        }
    }

    /// What the dumps lack or say (a truncated page, a missing policy).
    #[wasm_bindgen(getter, unchecked_return_type = "string[]")]
    pub fn notes(&self) -> JsValue {
        to_js_value(&self.model.notes)
    }

    /// The inputs that are no authorization-details output, each with why
    /// (`access`'s `unrecognized`).
    #[wasm_bindgen(getter, unchecked_return_type = "{ source: string; error: string }[]")]
    pub fn unrecognized(&self) -> JsValue {
        to_js_value(&self.unrecognized)
    }

    /// The ARNs of the principals of the dumps (users, and roles as their
    /// sessions), in the dumps' order.
    #[wasm_bindgen(getter, unchecked_return_type = "string[]")]
    pub fn principals(&self) -> JsValue {
        let arns: Vec<&str> = self
            .model
            .principals
            .iter()
            .map(|p| p.arn.as_str())
            .collect();
        to_js_value(&arns)
    }

    /// The ARNs of the roles of the dumps, in the dumps' order.
    #[wasm_bindgen(getter, unchecked_return_type = "string[]")]
    pub fn roles(&self) -> JsValue {
        let arns: Vec<&str> = self.model.roles.iter().map(|r| r.arn.as_str()).collect();
        to_js_value(&arns)
    }
}

impl Account {
    fn from_dumps(dumps: &[ImportInput]) -> Account {
        let (model, unrecognized) = access::load(dumps);
        Account {
            model,
            unrecognized,
            direct: OnceCell::new(),
            every: OnceCell::new(),
            chained: OnceCell::new(),
        }
    }

    fn direct(&self) -> &[Pair] {
        self.direct
            .get_or_init(|| access::pairs(&self.model, false))
    }

    fn every(&self) -> &[Pair] {
        self.every.get_or_init(|| access::pairs(&self.model, true))
    }

    fn chained(&self) -> &[Pair] {
        self.chained
            .get_or_init(|| access::chained_pairs(self.direct()))
    }

    /// What `access` answers for these options.
    fn pairs_of(&self, all: bool, chains: bool) -> Vec<Pair> {
        let mut pairs = if all { self.every() } else { self.direct() }.to_vec();
        if chains {
            pairs.extend_from_slice(self.chained());
        }
        pairs
    }

    /// The pairs of one role or one principal (`mine`): the direct ones
    /// from the whole set when it is known, else from `one_side` (the
    /// core's `who_can_assume` or `reachable_from`: every answer of that
    /// side alone), then the chained ones.
    fn one_side(
        &self,
        options: &PairOptions,
        mine: impl Fn(&Pair) -> bool,
        one_side: impl FnOnce() -> Vec<Pair>,
    ) -> Vec<Pair> {
        let all = options.all.unwrap_or(false);
        let known = if all {
            self.every.get()
        } else {
            self.direct.get()
        };
        let mut pairs: Vec<Pair> = match known {
            Some(known) => known.iter().filter(|pair| mine(pair)).cloned().collect(),
            None => one_side()
                .into_iter()
                .filter(|pair| all || pair.result != access::Access::Deny)
                .collect(),
        };
        if options.chains.unwrap_or(true) {
            pairs.extend(self.chained().iter().filter(|pair| mine(pair)).cloned());
        }
        pairs
    }
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
    if let Some(text) = text_of(value)? {
        return Scenario::from_json(&text);
    }
    if !value.is_object() {
        return Err(unlocated(format!(
            "expected a scenario object or its JSON text, got {}",
            describe_js_type(value)
        )));
    }
    let text = js_sys::JSON::stringify(value).map_err(|thrown| {
        unlocated(format!(
            "the scenario object cannot be written as JSON: {}",
            js_error_message(&thrown)
        ))
    })?;
    let text = text_of(&text)?.unwrap_or_default();
    // Positions would point into text the caller never saw.
    Scenario::from_json(&text).map_err(|error| unlocated(error.message))
}

#[wasm_bindgen]
extern "C" {
    /// The JS `TextEncoder`, which node and every browser have.
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(
        this: &TextEncoder,
        text: &js_sys::JsString,
        into: &js_sys::Uint8Array,
    ) -> EncodedInto;

    /// `encodeInto`'s answer: UTF-16 units read, bytes written.
    type EncodedInto;
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodedInto) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodedInto) -> u32;
}

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// A JS string's text as UTF-8 (a lone surrogate as U+FFFD, as
/// `as_string` gives it), or `None` when `value` is not a string. A long
/// text is encoded by `TextEncoder.encodeInto` straight into the buffer:
/// wasm-bindgen's `as_string` copies it a UTF-16 unit at a time in
/// JavaScript, some 1.3 ns a character more (node 20: a `decide` on 2 KB of
/// scenario 12% faster, on 4 KB 24%), and `encode` builds a JavaScript array
/// that is then copied (`encodeInto`: a `decide` on 1 KB 8% faster again).
///
/// A text of more UTF-16 units than a scenario may have bytes is refused
/// before it is copied: each unit is at least one byte of UTF-8, and the
/// buffer takes three a unit.
fn text_of(value: &JsValue) -> Result<Option<String>, ScenarioError> {
    /// Below about this, the two calls cost what they save (measured even
    /// at 600 characters).
    const ENCODED_FROM: u32 = 512;
    let Some(text) = value.dyn_ref::<js_sys::JsString>() else {
        return Ok(None);
    };
    let units = text.length();
    if usize::try_from(units).map_or(true, |units| units > MAX_SCENARIO_BYTES) {
        return Err(unlocated(format!(
            "the scenario is at least {units} bytes; at most {MAX_SCENARIO_BYTES} are accepted"
        )));
    }
    if units < ENCODED_FROM {
        return Ok(value.as_string());
    }
    // UTF-8 takes at most 3 bytes a UTF-16 unit. The buffer is written in
    // place through a view of the module's memory, made after the last
    // allocation (growing the memory would detach it).
    let mut bytes = vec![0u8; units as usize * 3];
    let memory = wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>();
    let view = js_sys::Uint8Array::new_with_byte_offset_and_length(
        &memory.buffer(),
        bytes.as_ptr() as u32,
        units * 3,
    );
    let encoded = ENCODER.with(|encoder| encoder.encode_into(text, &view));
    if encoded.read() != units {
        return Ok(value.as_string());
    }
    bytes.truncate(encoded.written() as usize);
    // TextEncoder writes UTF-8 only; the check costs a pass over the bytes.
    Ok(String::from_utf8(bytes).ok().or_else(|| value.as_string()))
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
    in_arena(|| {
        let answer = evaluate_json_in(scenario);
        // The one allocation to outlive the call: a copy made outside.
        outside_arena(|| answer.clone())
    })
}

fn evaluate_json_in(scenario: JsValue) -> String {
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
/// question, asked many times). The core's decision-only evaluation
/// (`assumable_core::decide`): the same answer as `evaluate()`'s report,
/// without drafting fixes or wording the checks.
///
/// Never throws: a scenario that cannot be read gives `{ ok: false, error }`.
#[wasm_bindgen(unchecked_return_type = "DecideAnswer")]
pub fn decide(
    #[wasm_bindgen(unchecked_param_type = "string | object")] scenario: JsValue,
) -> JsValue {
    in_arena(|| decide_in(scenario))
}

fn decide_in(scenario: JsValue) -> JsValue {
    #[derive(Serialize)]
    struct Decided<'a> {
        ok: bool,
        decision: assumable_core::Decision,
        failing: Vec<&'a str>,
    }
    match read_scenario(&scenario) {
        Ok(scenario) => {
            let decided = assumable_core::decide(&scenario);
            let decided = Decided {
                ok: true,
                decision: decided.decision,
                failing: decided.failing.iter().map(|id| id.as_str()).collect(),
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

/// Plain data as JavaScript values, as [`to_js`] converts them (an array
/// whose conversion failed, not expected for plain data, is `null`).
fn to_js_value<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
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

/// [`decide`] without its answer object, for the benchmark (`--features
/// bench`): reading and deciding alone, to tell their time from the crossing
/// back into JavaScript. Answers the number of failing checks, or -1 when
/// the scenario cannot be read.
#[cfg(feature = "bench")]
#[wasm_bindgen]
pub fn decide_only(scenario: &str) -> i32 {
    in_arena(|| match Scenario::from_json(scenario) {
        Ok(scenario) => {
            i32::try_from(assumable_core::decide(&scenario).failing.len()).unwrap_or(i32::MAX)
        }
        Err(_) => -1,
    })
}

/// Reading the scenario alone, for the benchmarks (`--features bench`): the
/// JSON text to a `Scenario` (`Scenario::from_json`), without evaluating it,
/// to tell the reading's share of a decision.
#[cfg(feature = "bench")]
#[wasm_bindgen]
pub fn read_only(scenario: &str) -> bool {
    Scenario::from_json(scenario).is_ok()
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
