//! Runs every scenario of `tests/cases/` through the evaluator and checks its
//! `expect` block: the decision, exactly the failing checks, the underlined
//! text; then applies every fix and proves it makes its check pass.

use std::collections::BTreeSet;

use assumable_core::fix::{apply_fix, underlined_text};
use assumable_core::report::{CheckId, Decision, DocumentId, RequestField, Status};
use assumable_core::{evaluate, Report, Scenario};

mod common;
use common::load_cases;

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

fn check_fixes(name: &str, scenario: &Scenario, report: &Report, problems: &mut Vec<String>) {
    for check in report.checks.iter().filter(|c| c.status == Status::Fail) {
        let Some(fix) = &check.fix else { continue };
        let fixed = match apply_fix(scenario, fix) {
            Ok(fixed) => fixed,
            Err(error) => {
                problems.push(format!(
                    "{name}: the fix of {} cannot be applied: {error}",
                    check.id
                ));
                continue;
            }
        };
        let after = evaluate(&fixed);
        let status = after.check(check.id).map(|c| c.status);
        if !matches!(status, Some(Status::Pass | Status::Warn)) {
            problems.push(format!(
                "{name}: after the fix of {} (`{}`) the check is {:?}: {}",
                check.id,
                fix.title,
                status,
                after
                    .check(check.id)
                    .map(|c| c.detail.as_ref())
                    .unwrap_or_default()
            ));
        }
        for syntax in [CheckId::TrustSyntax, CheckId::IdentitySyntax] {
            let was = report.check(syntax).map(|c| c.status);
            let now = after.check(syntax).map(|c| c.status);
            if was != Some(Status::Fail) && now == Some(Status::Fail) {
                problems.push(format!(
                    "{name}: the fix of {} makes {syntax} fail",
                    check.id
                ));
            }
        }
    }
}

#[test]
fn every_case_meets_its_expectations_and_every_fix_works() {
    let cases = load_cases();
    assert!(cases.len() >= 12, "the corpus has {} cases", cases.len());
    let mut problems = Vec::new();
    for (name, scenario) in &cases {
        let report = evaluate(scenario);
        check_expectations(name, scenario, &report, &mut problems);
        check_fixes(name, scenario, &report, &mut problems);
    }
    assert!(
        problems.is_empty(),
        "{} problems in {} cases:\n{}",
        problems.len(),
        cases.len(),
        problems.join("\n")
    );
}

#[test]
fn every_failing_check_explains_itself() {
    let mut problems = Vec::new();
    for (name, scenario) in load_cases() {
        let report = evaluate(&scenario);
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
                            Some(
                                RequestField::RoleArn | RequestField::Caller | RequestField::Action
                            )
                        )
                    }));
            if check.fix.is_none() && !unguessable {
                problems.push(format!("{name}: {} fails with no fix", check.id));
            }
        }
        let _ = DocumentId::TrustPolicy;
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
