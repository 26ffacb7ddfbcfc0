//! Checks shared by `node.rs` and `browser.rs`: the same bindings must answer
//! the same way in node and in a browser.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// A small, well-formed scenario (the contract's minimal shape).
pub const SCENARIO_JSON: &str = r#"{
  "request": {
    "caller": "arn:aws:iam::111111111111:user/deployer",
    "role_arn": "arn:aws:iam::222222222222:role/CrossAccountRole",
    "role_session_name": "test-session"
  },
  "caller_policies": {
    "identity": [
      { "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Action": "sts:AssumeRole",
                        "Resource": "arn:aws:iam::222222222222:role/CrossAccountRole" }] }
    ]
  },
  "role": {
    "trust_policy": {
      "Version": "2012-10-17",
      "Statement": [{ "Effect": "Allow",
                      "Principal": { "AWS": "arn:aws:iam::111111111111:root" },
                      "Action": "sts:AssumeRole" }]
    }
  }
}"#;

pub fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn is_plain_object(value: &JsValue) -> bool {
    value.is_object()
        && !value.is_instance_of::<js_sys::Map>()
        && !Array::is_array(value)
        && Object::get_prototype_of(value) == Object::get_prototype_of(&Object::new())
}

/// `{ ok: true, report }` with a plain-object report holding a decision and an array of checks.
pub fn assert_report_answer(answer: &JsValue) -> JsValue {
    assert!(is_plain_object(answer), "the answer is a plain object");
    assert_eq!(get(answer, "ok"), JsValue::TRUE, "ok is true");
    let report = get(answer, "report");
    assert!(
        is_plain_object(&report),
        "the report is a plain object, not a Map"
    );
    let decision = get(&report, "decision").as_string().unwrap_or_default();
    assert!(
        ["allow", "deny", "invalid"].contains(&decision.as_str()),
        "decision {decision:?} is one of the contract's"
    );
    let checks = get(&report, "checks");
    assert!(Array::is_array(&checks), "checks is an array");
    for check in Array::from(&checks).iter() {
        assert!(is_plain_object(&check), "each check is a plain object");
    }
    assert!(
        get(answer, "error").is_undefined(),
        "no error beside a report"
    );
    report
}

/// `{ ok: false, error: { message, line, column } }`; returns the error.
pub fn assert_error_answer(answer: &JsValue) -> JsValue {
    assert!(is_plain_object(answer), "the answer is a plain object");
    assert_eq!(get(answer, "ok"), JsValue::FALSE, "ok is false");
    let error = get(answer, "error");
    assert!(is_plain_object(&error), "the error is a plain object");
    let message = get(&error, "message").as_string().unwrap_or_default();
    assert!(!message.is_empty(), "the error has a message");
    assert!(get(&error, "line").as_f64().is_some(), "line is a number");
    assert!(
        get(&error, "column").as_f64().is_some(),
        "column is a number"
    );
    assert!(
        get(answer, "report").is_undefined(),
        "no report beside an error"
    );
    error
}

pub fn version_is_the_crate_version() {
    assert_eq!(assumable_wasm::version(), env!("CARGO_PKG_VERSION"));
}

pub fn json_text_gives_a_report() {
    assert_report_answer(&assumable_wasm::evaluate(JsValue::from_str(SCENARIO_JSON)));
}

pub fn object_gives_the_same_report_as_its_text() {
    let object = js_sys::JSON::parse(SCENARIO_JSON).unwrap_or(JsValue::NULL);
    let from_object = assumable_wasm::evaluate(object);
    let from_text = assumable_wasm::evaluate(JsValue::from_str(SCENARIO_JSON));
    assert_report_answer(&from_object);
    let as_json = |value: &JsValue| {
        js_sys::JSON::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
    };
    assert_eq!(as_json(&from_object), as_json(&from_text));
}

pub fn invalid_json_gives_a_located_error() {
    // Line 3 is cut short after `"role_arn":`.
    let text = "{\n  \"request\": {\n    \"role_arn\": }\n}";
    let error = assert_error_answer(&assumable_wasm::evaluate(JsValue::from_str(text)));
    assert_eq!(get(&error, "line").as_f64(), Some(3.0));
    assert!(get(&error, "column").as_f64().unwrap_or(0.0) > 0.0);
}

pub fn missing_required_field_is_an_error() {
    let error = assert_error_answer(&assumable_wasm::evaluate(JsValue::from_str("{}")));
    let message = get(&error, "message").as_string().unwrap_or_default();
    assert!(
        message.contains("request"),
        "names the missing field: {message}"
    );
}

pub fn values_that_are_not_scenarios_are_errors_not_throws() {
    for value in [
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from_f64(42.0),
        JsValue::TRUE,
        JsValue::from(Array::new()),
        JsValue::from(js_sys::Function::new_no_args("return 1")),
    ] {
        assert_error_answer(&assumable_wasm::evaluate(value));
    }
}

pub fn object_that_json_cannot_hold_is_an_error_not_a_throw() {
    // A cycle: JSON.stringify throws a TypeError, which must come back as an answer.
    let cyclic = Object::new();
    let _ = Reflect::set(&cyclic, &JsValue::from_str("self"), &cyclic);
    let error = assert_error_answer(&assumable_wasm::evaluate(cyclic.into()));
    assert_eq!(get(&error, "line").as_f64(), Some(0.0));
}

pub fn object_errors_have_no_position() {
    // Positions would point into JSON text the caller never saw.
    let object = js_sys::JSON::parse(r#"{"request": {}}"#).unwrap_or(JsValue::NULL);
    let error = assert_error_answer(&assumable_wasm::evaluate(object));
    assert_eq!(get(&error, "line").as_f64(), Some(0.0));
    assert_eq!(get(&error, "column").as_f64(), Some(0.0));
}

pub fn malformed_policy_text_still_gives_a_report() {
    // A pasted policy that is not JSON is the user's error, reported in the
    // report, not a failure to read the scenario.
    let scenario = r#"{
      "request": { "caller": "arn:aws:iam::111111111111:user/deployer",
                   "role_arn": "arn:aws:iam::222222222222:role/CrossAccountRole" },
      "role": { "trust_policy": "{ \"Version\": \"2012-10-17\", \"Statement\": [" }
    }"#;
    assert_report_answer(&assumable_wasm::evaluate(JsValue::from_str(scenario)));
}

fn import_input(source: &str, text: &str) -> JsValue {
    let input = Object::new();
    let _ = Reflect::set(&input, &"source".into(), &source.into());
    let _ = Reflect::set(&input, &"text".into(), &text.into());
    input.into()
}

/// `{ ok: true, outcome }` with the contract's shape: the scenario filled
/// from the message, and one `recognized` entry per input read.
pub fn import_reads_an_access_denied_message() {
    let inputs = Array::new();
    inputs.push(&import_input(
        "err.txt",
        "An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111111111111:user/deployer is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/CrossAccountRole because no identity-based policy allows the sts:AssumeRole action",
    ));
    let answer = assumable_wasm::import_inputs(inputs.into(), JsValue::UNDEFINED);
    assert!(is_plain_object(&answer), "the answer is a plain object");
    assert_eq!(get(&answer, "ok"), JsValue::TRUE, "ok is true");
    let outcome = get(&answer, "outcome");
    let request = get(&get(&outcome, "scenario"), "request");
    assert_eq!(
        get(&request, "caller").as_string().as_deref(),
        Some("arn:aws:iam::111111111111:user/deployer")
    );
    let recognized = Array::from(&get(&outcome, "recognized"));
    assert_eq!(recognized.length(), 1);
    let first = recognized.get(0);
    assert_eq!(
        get(&first, "format").as_string().as_deref(),
        Some("access-denied-message")
    );
    let evidence = Array::from(&get(&first, "evidence"));
    assert_eq!(
        evidence.get(0).as_string().as_deref(),
        Some("identity.allow")
    );
}

/// Merged into a scenario given as text; an input no format reads is listed,
/// not thrown.
pub fn import_merges_into_a_scenario_and_lists_the_unrecognised() {
    let inputs = Array::new();
    inputs.push(&import_input("notes.txt", "hello"));
    let answer = assumable_wasm::import_inputs(inputs.into(), JsValue::from_str(SCENARIO_JSON));
    assert_eq!(get(&answer, "ok"), JsValue::TRUE, "ok is true");
    let outcome = get(&answer, "outcome");
    let request = get(&get(&outcome, "scenario"), "request");
    assert_eq!(
        get(&request, "role_session_name").as_string().as_deref(),
        Some("test-session"),
        "the scenario merged into is kept"
    );
    let unrecognized = Array::from(&get(&outcome, "unrecognized"));
    assert_eq!(unrecognized.length(), 1);
    let error = get(&unrecognized.get(0), "error")
        .as_string()
        .unwrap_or_default();
    assert!(error.contains("AccessDenied message"), "{error}");
}

/// Inputs that are not an array of `{ source, text }` are an error answer.
pub fn import_of_values_that_are_not_inputs_is_an_error_not_a_throw() {
    for value in [
        JsValue::from_str("User: x"),
        JsValue::NULL,
        JsValue::from_f64(1.0),
    ] {
        assert_error_answer(&assumable_wasm::import_inputs(value, JsValue::UNDEFINED));
    }
    let answer = assumable_wasm::import_inputs(Array::new().into(), JsValue::from_str("{"));
    assert_error_answer(&answer);
}

/// `{ ok: true, commands }`: the three sections as plain objects, each
/// command with its line, and the shell text; an unreadable scenario is an
/// error answer, never a throw.
pub fn commands_give_the_three_sections_and_the_script() {
    let answer = assumable_wasm::commands(JsValue::from_str(SCENARIO_JSON));
    assert!(is_plain_object(&answer), "the answer is a plain object");
    assert_eq!(get(&answer, "ok"), JsValue::TRUE, "ok is true");
    let commands = get(&answer, "commands");
    let reproduce = Array::from(&get(&get(&commands, "reproduce"), "commands"));
    assert_eq!(
        get(&reproduce.get(0), "line").as_string().as_deref(),
        Some(
            "aws sts assume-role --role-arn arn:aws:iam::222222222222:role/CrossAccountRole \
             --role-session-name test-session"
        )
    );
    let gather = Array::from(&get(&get(&commands, "gather"), "commands"));
    assert!(gather.length() > 0, "gather has commands");
    let script = get(&commands, "script").as_string().unwrap_or_default();
    assert!(script.contains("# ── Reproduce"), "{script}");
    for value in [
        JsValue::from_str("{"),
        JsValue::NULL,
        JsValue::from_f64(1.0),
    ] {
        assert_error_answer(&assumable_wasm::commands(value));
    }
}

/// `importText(text, scenario?)`: one paste, the same answer as
/// `import_inputs`; a text that is not a string is an error answer.
pub fn import_text_reads_one_paste() {
    let answer = assumable_wasm::import_text(
        JsValue::from_str("User: arn:aws:iam::111111111111:user/deployer is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/CrossAccountRole"),
        JsValue::UNDEFINED,
    );
    assert_eq!(get(&answer, "ok"), JsValue::TRUE, "ok is true");
    let request = get(&get(&get(&answer, "outcome"), "scenario"), "request");
    assert_eq!(
        get(&request, "role_arn").as_string().as_deref(),
        Some("arn:aws:iam::222222222222:role/CrossAccountRole")
    );
    for value in [JsValue::NULL, JsValue::from_f64(1.0), Object::new().into()] {
        assert_error_answer(&assumable_wasm::import_text(value, JsValue::UNDEFINED));
    }
}
