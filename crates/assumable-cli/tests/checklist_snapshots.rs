//! Snapshots of the checklist `assumable check` prints for every corpus case
//! (`tests/cases/<check-id>/<slug>.json`), without colour: the verdict, the
//! summary, every check, and under each failing or warning one its detail,
//! underline, documentation link and fixes. The explanations are the
//! product, so a reworded one shows up as a `.snap` diff to review.
//!
//! One named test per case (libtest-mimic), so the usual filters work:
//! `cargo test -p assumable-cli --test checklist_snapshots trust.mfa/`.
//! The snapshots are `tests/snapshots/<check-id>__<slug>.snap`; to accept
//! changes, run with `INSTA_UPDATE=always` and review `git diff` (README.md,
//! "Snapshots"). Under CI the snapshots are only compared, never written,
//! and a snapshot without a case fails `snapshots::no_stale_snapshot`.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers, not only #[test] functions (clippy.toml), may fail loudly"
)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

use assumable_cli::input::{display_name, read_scenario};
use assumable_cli::render::{checklist, Style};
use assumable_core::evaluate;
use libtest_mimic::{Arguments, Failed, Trial};

/// The corpus helpers the core's tests use (one walk of `tests/cases`).
#[allow(dead_code, reason = "this test binary uses only some of the helpers")]
#[path = "../../assumable-core/tests/common/mod.rs"]
mod common;
use common::{case_name, case_paths, cases_dir};

/// The corpus is large; fewer cases means files went missing.
const MIN_CASES: usize = 500;

/// A case the binary itself is run on, to prove the snapshots show what it prints.
const BINARY_CASE: &str = "trust.principal/other-role-same-account";

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn snapshots_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

/// Every case's name, `<check-id>/<slug>` (its path below `tests/cases`
/// without `.json`), sorted.
fn case_names() -> Vec<String> {
    case_paths().iter().map(|path| case_name(path)).collect()
}

/// The snapshot's name (and file stem): `trust.mfa/x` → `trust.mfa__x`.
fn snapshot_name(case: &str) -> String {
    case.replace('/', "__")
}

/// What `assumable check tests/cases/<case>.json` prints from the
/// repository's root when colours are off (`NO_COLOR`, or not a terminal).
fn rendered(case: &str) -> String {
    let shown = format!("tests/cases/{case}.json");
    let path = workspace_root().join(&shown);
    let scenario = read_scenario(&path.display().to_string())
        .unwrap_or_else(|error| panic!("{case}: {error}"));
    let report = evaluate(&scenario);
    checklist(
        &display_name(&shown),
        &scenario,
        &report,
        Style { color: false },
    )
}

fn check(case: &str) {
    let text = rendered(case);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(snapshots_dir());
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_input_file(cases_dir().join(format!("{case}.json")));
    settings.bind(|| insta::assert_snapshot!(snapshot_name(case), text));
}

/// A `.snap` file whose case is gone (renamed or deleted) would never be
/// compared again; name each one so it is moved or deleted with its case.
fn no_stale_snapshot() -> Result<(), Failed> {
    let expected: BTreeSet<String> = case_names()
        .iter()
        .map(|case| format!("{}.snap", snapshot_name(case)))
        .collect();
    let dir = snapshots_dir();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        // No snapshot yet: nothing can be stale.
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => panic!("{}: {error}", dir.display()),
    };
    let mut stale: Vec<String> = entries
        .map(|entry| entry.expect("readable directory entry").file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".snap") && !expected.contains(name))
        .collect();
    stale.sort();
    if stale.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} snapshot(s) in crates/assumable-cli/tests/snapshots have no case in \
             tests/cases (delete or rename each with its case):\n  {}",
            stale.len(),
            stale.join("\n  ")
        )
        .into())
    }
}

fn corpus_is_large() -> Result<(), Failed> {
    let count = case_names().len();
    if count >= MIN_CASES {
        Ok(())
    } else {
        Err(format!("only {count} cases in tests/cases, expected at least {MIN_CASES}").into())
    }
}

/// The snapshots call the renderer directly; the binary must print the same.
fn binary_prints_the_rendered_checklist() -> Result<(), Failed> {
    let shown = format!("tests/cases/{BINARY_CASE}.json");
    let output = Command::new(env!("CARGO_BIN_EXE_assumable"))
        .args(["check", &shown])
        .current_dir(workspace_root())
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let printed = String::from_utf8(output.stdout).expect("UTF-8 stdout");
    if printed == rendered(BINARY_CASE) {
        Ok(())
    } else {
        Err(format!("`assumable check {shown}` printed something else:\n{printed}").into())
    }
}

/// insta writes nothing under CI unless told to (`INSTA_UPDATE`,
/// `INSTA_FORCE_PASS`); here CI is never told to: a mismatch fails.
fn compare_only_under_ci() {
    let ci = std::env::var("CI")
        .map(|value| !matches!(value.as_str(), "" | "0" | "false"))
        .unwrap_or(false);
    if ci {
        if std::env::var_os("INSTA_UPDATE").is_some_and(|value| value != "no")
            || std::env::var_os("INSTA_FORCE_PASS").is_some()
        {
            eprintln!(
                "CI is set: snapshots are compared only (INSTA_UPDATE=no, no INSTA_FORCE_PASS)"
            );
        }
        // Before any test thread starts, so nothing reads the environment meanwhile.
        std::env::set_var("INSTA_UPDATE", "no");
        std::env::remove_var("INSTA_FORCE_PASS");
    }
}

fn main() -> ExitCode {
    compare_only_under_ci();
    let args = Arguments::from_args();
    let mut trials = vec![
        Trial::test("snapshots::no_stale_snapshot", no_stale_snapshot),
        Trial::test("snapshots::corpus_has_at_least_500_cases", corpus_is_large),
        Trial::test(
            "snapshots::binary_prints_the_rendered_checklist",
            binary_prints_the_rendered_checklist,
        ),
    ];
    trials.extend(case_names().into_iter().map(|case| {
        Trial::test(case.clone(), move || {
            check(&case);
            Ok(())
        })
    }));
    libtest_mimic::run(&args, trials).exit_code()
}
