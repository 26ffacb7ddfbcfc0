//! The `assumable` binary, run as a user runs it: exit statuses, JSON Lines,
//! share links and error messages, per `shared/scenario-format.md`
//! ("Command line").

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers, not only #[test] functions (clippy.toml), may fail loudly"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use assumable_core::report::{Applicability, Changes};
use assumable_core::share::decode_fragment;
use assumable_core::{Report, Scenario};

/// The corpus helpers the core's tests use (one walk of `tests/cases`).
#[allow(dead_code, reason = "this test binary uses only some of the helpers")]
#[path = "../../assumable-core/tests/common/mod.rs"]
mod common;

use common::{case_paths, cases_dir};

fn case(name: &str) -> String {
    cases_dir().join(name).display().to_string()
}

/// Every corpus case with the decision it expects.
fn corpus() -> Vec<(String, String)> {
    let mut cases: Vec<(String, String)> = case_paths()
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("case text");
            let scenario = Scenario::from_json(&text).expect("case parses");
            let decision = scenario
                .expect
                .and_then(|expect| expect.decision)
                .expect("every case expects a decision");
            (path.display().to_string(), decision)
        })
        .collect();
    cases.sort();
    cases
}

fn assumable(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_assumable"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

fn assumable_with_stdin(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_assumable"))
        .args(args)
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

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 stderr")
}

fn exit_code_for(decision: &str) -> i32 {
    match decision {
        "allow" => 0,
        "deny" => 1,
        _ => 2,
    }
}

#[test]
fn each_case_exits_with_its_decisions_status() {
    for (path, decision) in corpus() {
        let output = assumable(&["check", &path]);
        assert_eq!(
            output.status.code(),
            Some(exit_code_for(&decision)),
            "{path} expects {decision}\n{}{}",
            stdout(&output),
            stderr(&output)
        );
    }
}

#[test]
fn checklist_starts_with_the_verdict_and_lists_every_check() {
    let path = case("trust.mfa/bool-true-not-passed.json");
    let output = assumable(&["check", &path]);
    let text = stdout(&output);
    let first = text.lines().next().unwrap_or_default();
    assert!(first.starts_with("✗ DENY  "), "{text}");
    assert!(first.contains("trust.mfa/bool-true-not-passed.json"));
    for id in [
        "request.format",
        "trust.principal",
        "trust.mfa",
        "identity.allow",
        "session.source_identity",
    ] {
        assert!(text.contains(id), "{id} missing:\n{text}");
    }
    assert!(text.contains("✗ trust.mfa"), "{text}");
    // The failing check shows the trust policy's text, underlined.
    assert!(text.contains("\"aws:MultiFactorAuthPresent\""), "{text}");
    assert!(text.contains("━"), "{text}");
    assert!(!text.contains('\x1b'), "no colors into a pipe");
}

/// Every fix and alternative in the checklist is headed by the kind the
/// report gives it, and advice (which edits nothing) shows no patch.
#[test]
fn fixes_are_headed_by_their_kind() {
    for name in [
        "trust.mfa/bool-true-not-passed.json",
        "trust.principal/wrong-account-root.json",
        "request.caller/root-user-same-account.json",
        "trust.conditions/web-identity-github-branch-not-main.json",
    ] {
        let path = case(name);
        let json = stdout(&assumable(&["check", "--format", "json", &path]));
        let report: Report = serde_json::from_str(json.trim()).expect("a report");
        let text = stdout(&assumable(&["check", &path]));
        for check in &report.checks {
            let main = check.fix.iter().map(|fix| ("fix", fix));
            let others = check.alternatives.iter().map(|fix| ("or", fix));
            for (lead, fix) in main.chain(others) {
                let heading = match (fix.changes, lead) {
                    (Changes::Advice, "fix") => format!("do: {}", fix.title),
                    (Changes::Advice, _) => format!("or (advice): {}", fix.title),
                    (changes, _) => format!(
                        "{lead} ({}, {}): {}",
                        changes.as_str(),
                        fix.applicability.as_str(),
                        fix.title
                    ),
                };
                assert!(
                    text.contains(&heading),
                    "{name}: `{heading}` missing:\n{text}"
                );
                if fix.applicability == Applicability::Unsafe {
                    assert!(text.contains("admits: "), "{name}: no admits line:\n{text}");
                }
            }
        }
    }
}

#[test]
fn color_always_colors_and_no_color_never_does() {
    let path = case("trust.mfa/bool-true-not-passed.json");
    assert!(stdout(&assumable(&["check", "--color", "always", &path])).contains('\x1b'));
    assert!(!stdout(&assumable(&["check", "--color", "never", &path])).contains('\x1b'));
}

#[test]
fn json_lines_answer_each_argument_in_order() {
    let cases = corpus();
    let mut args = vec!["check", "--format", "json"];
    // Reverse order, to see that output follows the arguments.
    args.extend(cases.iter().rev().map(|(path, _)| path.as_str()));
    let output = assumable(&args);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), cases.len(), "{text}");
    for (line, (path, decision)) in lines.iter().zip(cases.iter().rev()) {
        let report: Report = serde_json::from_str(line).expect("a report per line");
        let found = serde_json::to_value(report.decision).expect("decision");
        assert_eq!(found, decision.as_str(), "{path}");
        assert_eq!(report.checks.len(), 18, "{path}: every check once");
    }
    let worst = cases
        .iter()
        .map(|(_, decision)| exit_code_for(decision))
        .max();
    assert_eq!(output.status.code(), worst);
}

#[test]
fn link_round_trips_through_the_share_decoder() {
    for (path, _) in corpus() {
        let output = assumable(&["link", &path]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let link = stdout(&output);
        let link = link.trim_end();
        assert!(link.starts_with("http://127.0.0.1:8080/#s="), "{link}");
        let (_, payload) = link.split_once("#s=").expect("fragment");
        let decoded = decode_fragment(payload).expect("decodes");
        let original =
            Scenario::from_json(&std::fs::read_to_string(&path).expect("case")).expect("parses");
        assert_eq!(decoded, original, "{path}");
    }
}

#[test]
fn link_takes_a_base_and_reads_stdin() {
    let path = case("allow/cross-account.json");
    let text = std::fs::read_to_string(&path).expect("case");
    let output = assumable_with_stdin(
        &["link", "-", "--base", "https://example.com/assumable/#old"],
        &text,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let link = stdout(&output);
    let payload = link
        .trim_end()
        .strip_prefix("https://example.com/assumable/#s=")
        .expect("base kept, old fragment dropped");
    assert_eq!(
        decode_fragment(payload),
        Ok(Scenario::from_json(&text).expect("parses"))
    );
}

#[test]
fn redacted_link_hides_account_ids() {
    let path = case("allow/cross-account.json");
    let link = stdout(&assumable(&["link", "--redact", &path]));
    let (_, payload) = link.trim_end().split_once("#s=").expect("fragment");
    let json = serde_json::to_string(&decode_fragment(payload).expect("decodes")).expect("json");
    assert!(!json.contains("111122223333"), "{json}");
    assert!(!json.contains("444455556666"), "{json}");
    // The page tells whoever opens it that the case was redacted.
    let scenario = decode_fragment(payload).expect("decodes");
    assert!(assumable_core::share::redacted_mark(&scenario).is_some());
}

/// A scenario file that came from a redacted link (it carries the mark)
/// checks as any other, and its link keeps the mark.
#[test]
fn a_redacted_case_checks_and_links_with_its_mark() {
    let text = std::fs::read_to_string(case("allow/cross-account.json")).expect("case");
    let mut value: serde_json::Value = serde_json::from_str(&text).expect("json");
    value["redacted"] = serde_json::json!({"kept": []});
    let dir = std::env::temp_dir().join(format!("assumable-redacted-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("redacted.json");
    std::fs::write(&path, value.to_string()).expect("written");
    let path = path.display().to_string();
    let output = assumable(&["check", &path]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let link = stdout(&assumable(&["link", &path]));
    let (_, payload) = link.trim_end().split_once("#s=").expect("fragment");
    let scenario = decode_fragment(payload).expect("decodes");
    assert!(assumable_core::share::redacted_mark(&scenario).is_some());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_reads_stdin() {
    let path = case("allow/external-id.json");
    let text = std::fs::read_to_string(path).expect("case");
    let output = assumable_with_stdin(&["check", "--format", "json", "-"], &text);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output).lines().count(), 1);
}

#[test]
fn unreadable_file_is_a_clear_error_and_status_2() {
    let output = assumable(&["check", "no-such-file.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output).trim_end(),
        "error: cannot read `no-such-file.json`: No such file or directory"
    );
}

#[test]
fn a_directory_is_unreadable() {
    let dir = cases_dir().display().to_string();
    let output = assumable(&["check", &dir]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with(&format!("error: cannot read `{dir}`: ")),
        "{}",
        stderr(&output)
    );
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("assumable-cli-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write temp file");
    path
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn malformed_scenario_names_line_and_column() {
    let path = temp_file(
        "broken.json",
        "{\n  \"request\": {\n    \"caller\": ,\n  }\n}\n",
    );
    let output = assumable(&["check", &display(&path)]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.starts_with(&format!("error: `{}` line 3, column 15: ", display(&path))),
        "{message}"
    );
}

#[test]
fn scenario_of_the_wrong_shape_is_an_error() {
    let path = temp_file("shape.json", r#"{"request": "sts:AssumeRole"}"#);
    let output = assumable(&["check", &display(&path)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: `"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_unreadable_file_among_good_ones_keeps_json_lines_aligned() {
    let good = case("allow/external-id.json");
    let output = assumable(&["check", "--format", "json", &good, "missing.json", &good]);
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    let error: serde_json::Value = serde_json::from_str(lines[1]).expect("error line");
    assert_eq!(error["file"], "missing.json");
    assert!(error["error"]
        .as_str()
        .is_some_and(|message| message.starts_with("cannot read `missing.json`")));
    assert!(serde_json::from_str::<Report>(lines[2]).is_ok());
}

#[test]
fn link_of_an_unreadable_file_fails_with_status_2() {
    let output = assumable(&["link", "nope.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty());
    assert!(stderr(&output).contains("cannot read `nope.json`"));
}

#[test]
fn version_is_the_core_version() {
    let output = assumable(&["--version"]);
    assert_eq!(
        stdout(&output).trim_end(),
        format!("assumable {}", assumable_core::VERSION)
    );
}

#[test]
fn no_arguments_is_a_usage_error() {
    let output = assumable(&["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("SCENARIO.json"));
}

/// `link` into a closed pipe says nothing and exits 2; it never panics.
#[test]
fn link_into_a_closed_stdout_does_not_panic() {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let output = Command::new(env!("CARGO_BIN_EXE_assumable"))
        .args(["link", &case("trust.mfa/bool-true-not-passed.json")])
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs");
    let errors = stderr(&output);
    assert!(!errors.contains("panicked"), "{errors}");
    assert_eq!(output.status.code(), Some(2), "{errors}");
}

/// A file that starts with a UTF-8 byte-order mark reads as its JSON.
#[test]
fn a_byte_order_mark_is_read_past() {
    let text = std::fs::read_to_string(case("trust.mfa/bool-true-not-passed.json")).expect("case");
    let output = assumable_with_stdin(
        &["check", "--format", "json", "-"],
        &format!("\u{feff}{text}"),
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stdout(&output).contains("\"decision\":\"deny\""));
}

/// A file name with a terminal escape sequence is printed escaped.
#[test]
fn a_file_name_cannot_drive_the_terminal() {
    let output = assumable(&["check", "no-such-\u{1b}[2J-file.json"]);
    let errors = stderr(&output);
    assert!(!errors.contains('\u{1b}'), "{errors:?}");
    assert!(errors.contains("no-such-\\u{1b}[2J-file.json"), "{errors}");
}

#[test]
fn commands_print_the_three_sections_or_the_one_asked_for() {
    let path = case("trust.external_id/misspelt-copy-beside-the-key.json");
    let all = assumable(&["commands", &path]);
    assert_eq!(all.status.code(), Some(0), "{}", stderr(&all));
    let text = stdout(&all);
    for heading in ["# ── Gather", "# ── Reproduce", "# ── Fix"] {
        assert!(text.contains(heading), "{text}");
    }
    assert!(
        text.contains("aws iam get-role --role-name VendorAccess"),
        "{text}"
    );
    assert!(
        text.contains("aws iam update-assume-role-policy --role-name VendorAccess --policy-document file://trust-policy.json"),
        "{text}"
    );
    assert!(
        text.contains("cat > trust-policy.json <<'ASSUMABLE_EOF'"),
        "{text}"
    );

    let only = stdout(&assumable(&["commands", "--reproduce", &path]));
    assert!(only.starts_with("# ── Reproduce"), "{only}");
    assert!(
        !only.contains("Gather") && !only.contains("update-assume-role-policy"),
        "{only}"
    );

    let json = stdout(&assumable(&[
        "commands", "--fix", "--format", "json", &path,
    ]));
    let value: serde_json::Value = serde_json::from_str(&json).expect("one JSON object");
    assert!(value.get("gather").is_none());
    assert_eq!(value["files"][0]["name"], "trust-policy.json");
    assert_eq!(
        value["fix"]["commands"][0]["line"],
        "aws iam update-assume-role-policy --role-name VendorAccess --policy-document file://trust-policy.json"
    );
}

#[test]
fn commands_of_an_unreadable_scenario_are_an_error() {
    let output = assumable(&["commands", "no-such-file.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no-such-file.json"),
        "{}",
        stderr(&output)
    );
}
