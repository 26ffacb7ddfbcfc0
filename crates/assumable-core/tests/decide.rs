//! The decision-only evaluation (`decide`) against the full one
//! (`evaluate`): over every scenario of the corpus, and every scenario one
//! of its fixes (or alternatives) makes, the same decision and exactly the
//! same failing checks, in the same order.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers, not only #[test] functions (clippy.toml), may fail loudly"
)]

use assumable_core::fix::apply_fix;
use assumable_core::{decide, evaluate, Decided, Scenario};

mod common;
use common::load_cases;

/// `decide(scenario)` differs from the report's decision and failing checks:
/// what each says.
fn differs(scenario: &Scenario) -> Option<String> {
    let decided = decide(scenario);
    let report = evaluate(scenario);
    let expected = Decided::of(&report);
    (decided != expected).then(|| format!("decide gives {decided:?}, evaluate {expected:?}"))
}

#[test]
fn decide_agrees_with_evaluate_over_the_corpus() {
    let cases = load_cases();
    assert!(cases.len() >= 500, "the corpus has {} cases", cases.len());
    let mut problems = Vec::new();
    let mut compared = 0;
    for (name, scenario) in &cases {
        if let Some(problem) = differs(scenario) {
            problems.push(format!("{name}: {problem}"));
        }
        compared += 1;
        // The scenarios the report's fixes lead to: the states a person (or
        // account-wide access, following request fixes) evaluates next.
        let report = evaluate(scenario);
        for (id, fix) in report.checks.iter().flat_map(|check| {
            check
                .fix
                .iter()
                .chain(&check.alternatives)
                .map(move |fix| (check.id, fix))
        }) {
            let Ok(fixed) = apply_fix(scenario, fix) else {
                continue;
            };
            if let Some(problem) = differs(&fixed) {
                problems.push(format!(
                    "{name}, after {}'s fix \u{201c}{}\u{201d}: {problem}",
                    id.as_str(),
                    fix.title
                ));
            }
            compared += 1;
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {compared} scenarios differ:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn decided_of_a_report_is_its_decision_and_failing_checks() {
    let (_, scenario) = load_cases()
        .into_iter()
        .find(|(name, _)| name.starts_with("boundary.allow/"))
        .expect("a boundary case");
    let report = evaluate(&scenario);
    let decided = Decided::of(&report);
    assert_eq!(decided.decision, report.decision);
    assert_eq!(decided.failing, report.failing());
    assert!(!decided.failing.is_empty());
}
