//! `assumable import`, run as a user runs it on real pastes
//! (`tests/import/`, one per wrapper family of `IMPORT_FORMATS.md` §4–§5):
//! what it prints on stdout (the scenario) and stderr (what each input was
//! recognised as and filled), and its exit status. Snapshots in
//! `tests/import_snapshots/`; accept changes with `INSTA_UPDATE=always` and
//! review the diff.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers, not only #[test] functions (clippy.toml), may fail loudly"
)]

use std::path::PathBuf;
use std::process::{Command, Stdio};

#[path = "../../assumable-core/tests/common/mod.rs"]
#[allow(dead_code)] // the import corpus only
mod common;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/import")
}

/// Runs `assumable ARGS` in the fixtures folder (names stay short and
/// stable) with `stdin` given.
fn output(args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_assumable"))
        .args(args)
        .current_dir(fixtures())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("output")
}

/// The exit status and both streams, as a snapshot shows them.
fn run(args: &[&str], stdin: &str) -> String {
    let output = output(args, stdin);
    format!(
        "$ assumable {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    )
}

fn snapshot(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/import_snapshots"),
    );
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

#[test]
fn each_paste_fills_what_it_carries() {
    for fixture in [
        "terraform-go-sdk.txt",
        "cli-root-account.txt",
        "java-validation-session-name.txt",
        "go-oidc-provider.txt",
        "configure-aws-credentials.txt",
        "lambda-scp-arn.json",
        "trust-only.txt",
        "eks-token-claims.json",
        "assume-role-command.txt",
        "aws-config-profile.ini",
        // Pastes of the import corpus (tests/imports), not copied here.
        "../../../../tests/imports/saml-response-okta-shape.b64",
        "../../../../tests/imports/workflow-oidc-configure-aws-credentials.yml",
        "../../../../tests/imports/terraform-policy-document.tf",
    ] {
        let text = run(&["import", fixture], "");
        assert!(text.contains("\nexit: 0\n"), "{text}");
        snapshot(fixture.rsplit('/').next().unwrap_or(fixture), &text);
    }
}

#[test]
fn an_unrecognised_input_exits_2_and_the_others_are_imported() {
    let text = run(&["import", "not-an-error.txt", "trust-only.txt"], "");
    assert!(text.contains("\nexit: 2\n"), "{text}");
    assert!(
        text.contains("\"caller\": \"arn:aws:iam::111122223333:user/ci\""),
        "{text}"
    );
    assert!(
        text.contains("`not-an-error.txt` is not a format import reads"),
        "{text}"
    );
    snapshot("unrecognised-among-good", &text);
}

#[test]
fn merged_into_a_scenario_as_the_contracts_json() {
    let text = run(
        &["import", "--into", "base-scenario.json", "--format", "json", "trust-only.txt", "-"],
        "An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/Deploy because no role trust policy allows the sts:AssumeRole action\n",
    );
    let json = text
        .split("--- stdout\n")
        .nth(1)
        .and_then(|rest| rest.split("--- stderr").next())
        .expect("stdout");
    let outcome: serde_json::Value = serde_json::from_str(json).expect("one JSON object");
    assert_eq!(outcome["scenario"]["name"], "kept");
    assert_eq!(outcome["recognized"][0]["source"], "trust-only.txt");
    assert_eq!(
        outcome["recognized"][0]["filled"],
        serde_json::json!(["request.action", "request.caller", "observed"])
    );
    // The role ARN is the one the scenario had: nothing new, not listed.
    assert_eq!(outcome["recognized"][1]["source"], "-");
    assert_eq!(
        outcome["recognized"][1]["filled"],
        serde_json::json!(["observed"])
    );
    snapshot("into-scenario-json", &text);
}

#[test]
fn an_unreadable_into_is_status_2() {
    let text = run(&["import", "--into", "missing.json", "trust-only.txt"], "");
    assert!(text.contains("\nexit: 2\n"), "{text}");
    assert!(text.contains("cannot read `missing.json`"), "{text}");
}

/// Runs `assumable ARGS` and returns its exit status and stdout alone.
fn run_stdout(args: &[&str], stdin: &str) -> (i32, String) {
    let output = output(args, stdin);
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("UTF-8 stdout"),
    )
}

#[test]
fn cli_outputs_and_a_message_merge_into_a_scenario_that_evaluates() {
    let args = [
        "import",
        "get-role-prompt.txt",
        "caller-identity.json",
        "trust-only.txt",
    ];
    let text = run(&args, "");
    assert!(text.contains("\nexit: 0\n"), "{text}");
    assert!(
        text.contains("get-role-prompt.txt: `aws iam get-role` output (aws-iam-get-role)"),
        "{text}"
    );
    snapshot("get-role-caller-identity-message", &text);
    let (status, scenario) = run_stdout(&args, "");
    assert_eq!(status, 0);
    let scenario_json: serde_json::Value = serde_json::from_str(&scenario).expect("JSON");
    assert_eq!(
        scenario_json["request"]["caller"],
        "arn:aws:iam::111122223333:user/ci"
    );
    assert_eq!(
        scenario_json["request"]["role_arn"],
        "arn:aws:iam::444455556666:role/Deploy"
    );
    assert_eq!(
        scenario_json["request"]["context"]["aws:userid"],
        "AIDAQXAMPLEUSERID0001"
    );
    // The scenario evaluates: the trust policy trusts another account, as
    // the message said.
    let (status, checklist) = run_stdout(&["check", "-"], &scenario);
    assert_eq!(status, 1, "{checklist}");
    assert!(checklist.contains("999999999999"), "{checklist}");
}

#[test]
fn cli_reads_a_cloudtrail_record() {
    let text = run(
        &["import", "--format", "json", "cloudtrail-assume-role.json"],
        "",
    );
    assert!(text.contains("\nexit: 0\n"), "{text}");
    let json = text
        .split("--- stdout\n")
        .nth(1)
        .and_then(|rest| rest.split("--- stderr").next())
        .expect("stdout");
    let outcome: serde_json::Value = serde_json::from_str(json).expect("one JSON object");
    assert_eq!(outcome["recognized"][0]["format"], "cloudtrail-event");
    let request = &outcome["scenario"]["request"];
    assert_eq!(
        request["caller"],
        "arn:aws:sts::111122223333:assumed-role/Builder/build-7"
    );
    assert_eq!(request["role_arn"], "arn:aws:iam::444455556666:role/Deploy");
    assert_eq!(request["role_session_name"], "deploy-7");
    assert_eq!(request["external_id"], "build-ext");
    assert_eq!(request["duration_seconds"], 900);
    assert_eq!(request["source_ip"], "198.51.100.7");
    assert!(!text.contains("ASIAQXAMPLEKEY"), "{text}");
    snapshot("cloudtrail-record-json", &text);
}

/// Every paste of the import corpus (`tests/imports/`), given as a file,
/// is recognised as the format its expectation names and exits 0.
#[test]
fn the_import_corpus_reads_through_the_cli() {
    let corpus = common::import_corpus();
    assert!(corpus.len() >= 20, "{} pastes", corpus.len());
    for paste in corpus {
        let output = Command::new(env!("CARGO_BIN_EXE_assumable"))
            .args(["import", "--format", "json"])
            .arg(&paste.path)
            .output()
            .expect("the binary runs");
        let name = &paste.name;
        assert_eq!(
            output.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let outcome: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON out");
        assert_eq!(
            outcome["recognized"][0]["format"], paste.expect["format"],
            "{name}"
        );
    }
}
