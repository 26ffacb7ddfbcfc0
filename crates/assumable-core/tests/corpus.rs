//! Runs every scenario of `tests/cases/<check-id>/<slug>.json` through the
//! evaluator, one named test per case (`trust.mfa/bool-true-not-passed`), and
//! checks its `expect` block: the decision, exactly the failing checks, the
//! underlined text; then applies every fix and proves it makes its check
//! pass, and that every failing check explains itself.
//!
//! A custom harness (libtest-mimic) so that the usual filters work:
//! `cargo test -p assumable-core --test corpus trust.mfa/` runs the cases
//! under `tests/cases/trust.mfa/` only.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers, not only #[test] functions (clippy.toml), may fail loudly"
)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use assumable_core::fix::underlined_text;
use assumable_core::report::{CheckId, Decision, RequestField, Status};
use assumable_core::{evaluate, Report, Scenario};
use libtest_mimic::{Arguments, Failed, Trial};

mod common;
use common::{case_name, case_paths, cases_dir, read_case};
#[path = "common/fix_invariants.rs"]
mod fix_invariants;
use fix_invariants::{check_fix_chain, check_fixes};

/// The corpus is large; fewer cases means files went missing.
const MIN_CASES: usize = 500;

/// Where a case lives: the folder of the first of its expected failing
/// checks in the order a person fixes things, or `allow` when none fails.
const HOME_ORDER: [CheckId; 18] = CheckId::FIX_ORDER;

fn decision_name(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "allow",
        Decision::Deny => "deny",
        Decision::Invalid => "invalid",
    }
}

fn check_expectations(
    name: &str,
    scenario: &Scenario,
    report: &Report,
    problems: &mut Vec<String>,
) {
    let ids: Vec<CheckId> = report.checks.iter().map(|c| c.id).collect();
    if ids != CheckId::ALL {
        problems.push(format!(
            "{name}: the report does not list every check once, in order: {ids:?}"
        ));
    }
    // The contract: a location underlines the smallest text that shows the
    // problem, never a whole document.
    for check in &report.checks {
        for location in &check.locations {
            let whole = assumable_core::fix::policy(scenario, location.document).map(|p| p.text());
            let underlined = underlined_text(scenario, location);
            if let (Some(whole), Some(underlined)) = (whole, underlined) {
                if underlined.trim() == whole.trim() && !whole.trim().is_empty() {
                    problems.push(format!(
                        "{name}: {} underlines the whole `{}`",
                        check.id, location.document
                    ));
                }
            }
        }
    }
    let Some(expect) = &scenario.expect else {
        problems.push(format!("{name}: no expect block"));
        return;
    };
    if let Some(decision) = &expect.decision {
        if decision_name(report.decision) != decision {
            problems.push(format!(
                "{name}: decision {} (expected {decision}); {}",
                decision_name(report.decision),
                report.summary
            ));
        }
    }
    let failing: BTreeSet<&str> = report.failing().iter().map(|id| id.as_str()).collect();
    let expected: BTreeSet<&str> = expect.failing.iter().map(String::as_str).collect();
    if failing != expected {
        let details: Vec<String> = report
            .checks
            .iter()
            .filter(|c| failing.contains(c.id.as_str()) != expected.contains(c.id.as_str()))
            .map(|c| format!("    {} {:?}: {}", c.id, c.status, c.detail))
            .collect();
        problems.push(format!(
            "{name}: failing {failing:?}, expected {expected:?}\n{}",
            details.join("\n")
        ));
    }
    for (id, wanted) in &expect.fixes {
        let Some(check) = CheckId::parse(id).and_then(|id| report.check(id)) else {
            problems.push(format!("{name}: fixes names unknown check {id}"));
            continue;
        };
        let kinds: Vec<String> = check
            .fix
            .iter()
            .chain(&check.alternatives)
            .map(|fix| format!("{}/{}", fix.changes.as_str(), fix.applicability.as_str()))
            .collect();
        if &kinds != wanted {
            problems.push(format!(
                "{name}: {id} offers fixes {kinds:?}, expected {wanted:?}"
            ));
        }
    }
    if let Some(wanted) = expect.observed_agrees {
        match &report.observed {
            Some(observed) if observed.agrees == wanted => {}
            Some(observed) => problems.push(format!(
                "{name}: observed agrees is {}, expected {wanted}: {}",
                observed.agrees, observed.detail
            )),
            None => problems.push(format!(
                "{name}: expects an agreement with `observed`, but the report has none"
            )),
        }
    }
    for (id, wanted) in &expect.underline {
        let Some(check) = CheckId::parse(id).and_then(|id| report.check(id)) else {
            problems.push(format!("{name}: underline names unknown check {id}"));
            continue;
        };
        let texts: Vec<String> = check
            .locations
            .iter()
            .filter_map(|l| underlined_text(scenario, l))
            .collect();
        if !texts.iter().any(|t| wanted.contains(t)) {
            problems.push(format!(
                "{name}: {id} underlines {texts:?}, expected one of {wanted:?}"
            ));
        }
    }
}

/// Every failing check has a detail, a documentation link and a fix, unless
/// no fix can be guessed.
fn check_explanations(name: &str, report: &Report, problems: &mut Vec<String>) {
    for check in report.checks.iter().filter(|c| c.status == Status::Fail) {
        if check.detail.trim().is_empty() {
            problems.push(format!("{name}: {} fails with no detail", check.id));
        }
        if check.doc_url.is_none() {
            problems.push(format!(
                "{name}: {} fails with no documentation link",
                check.id
            ));
        }
        // Syntax errors carry a fix only when one is certain, and a
        // malformed ARN cannot be guessed.
        let unguessable = matches!(check.id, CheckId::TrustSyntax | CheckId::IdentitySyntax)
            || (check.id == CheckId::RequestFormat
                && check.locations.iter().any(|l| {
                    matches!(
                        l.field,
                        Some(RequestField::RoleArn | RequestField::Caller | RequestField::Action)
                    )
                }));
        if check.fix.is_none() && !unguessable {
            problems.push(format!("{name}: {} fails with no fix", check.id));
        }
    }
}

/// A case lies in the folder of the check it is about (see `HOME_ORDER`).
fn check_home(name: &str, scenario: &Scenario, problems: &mut Vec<String>) {
    let failing: Vec<&str> = scenario
        .expect
        .iter()
        .flat_map(|expect| expect.failing.iter().map(String::as_str))
        .collect();
    let home = HOME_ORDER
        .iter()
        .map(|id| id.as_str())
        .find(|id| failing.contains(id))
        .unwrap_or("allow");
    let folder = match name.split_once('/') {
        Some((folder, _)) => folder,
        None => "",
    };
    if folder != home {
        problems.push(format!(
            "{name}: lies in `{folder}/`, but the check it is about is `{home}` (move it to tests/cases/{home}/)"
        ));
    }
}

/// One corpus case: every assertion the corpus makes about it.
fn check(case: &Path) -> Result<(), Failed> {
    let case = read_case(case);
    let name = case.name.as_str();
    let scenario = Scenario::from_json(&case.text).map_err(|error| format!("{name}: {error}"))?;
    let report = evaluate(&scenario);
    let mut problems = Vec::new();
    check_home(name, &scenario, &mut problems);
    check_expectations(name, &scenario, &report, &mut problems);
    check_fixes(name, &scenario, &report, true, &mut problems);
    check_fix_chain(name, &scenario, &mut problems);
    check_explanations(name, &report, &mut problems);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{} problems:\n{}", problems.len(), problems.join("\n")).into())
    }
}

fn corpus_is_large() -> Result<(), Failed> {
    let count = case_paths().len();
    if count < MIN_CASES {
        return Err(format!("the corpus has {count} cases, expected at least {MIN_CASES}").into());
    }
    Ok(())
}

fn no_case_lies_outside_a_check_folder() -> Result<(), Failed> {
    let dir = cases_dir();
    let entries = std::fs::read_dir(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    let mut loose: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| path.display().to_string())
        .collect();
    loose.sort();
    if loose.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "cases must lie in tests/cases/<check-id>/, not directly in tests/cases/:\n{}",
            loose.join("\n")
        )
        .into())
    }
}

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let mut trials = vec![
        Trial::test("corpus::has_at_least_500_cases", corpus_is_large),
        Trial::test(
            "corpus::no_case_lies_directly_in_tests_cases",
            no_case_lies_outside_a_check_folder,
        ),
    ];
    trials.extend(case_paths().into_iter().map(|path| {
        let name = case_name(&path);
        Trial::test(name, move || check(&path))
    }));
    libtest_mimic::run(&args, trials).exit_code()
}
