//! Turns a scenario into a report: loads and parses every document, derives
//! the request context, runs each check, then converts byte ranges to the
//! report's lines and columns.
//!
//! The checks are judged in the contract's cascade (see
//! `shared/scenario-format.md`): a check whose inputs are broken or that does
//! not apply is `skip`, never a guess.

mod call;
mod caller_side;
mod carried_keys;
mod category;
mod condition_fixes;
mod deny;
mod diagnose;
mod documents;
mod edits;
mod grant;
mod observed;
mod outcome;
mod request;
mod request_values;
mod session;
mod statement;
mod trust;
mod wording;

use crate::report::{CheckId, Decision, Fix, Report, Status};
use crate::scenario::{Scenario, ScenarioError};

pub(crate) use diagnose::narrowing_claims;
use diagnose::permissions_policy_as_trust_policy;
pub(crate) use documents::Parsed;
use documents::{Documents, Reading};
pub use documents::{MAX_IDENTITY_POLICIES, MAX_ORGANIZATION_LEVELS, MAX_POLICIES_PER_LEVEL};
use outcome::{CheckOutcome, CheckOutcomes, Mode};
pub(crate) use request::refused_fields;

/// Evaluates a scenario. Never fails: a malformed scenario gives an
/// `invalid` report whose failing checks say where.
pub fn evaluate(scenario: &Scenario) -> Report {
    evaluate_documents(scenario, Documents::load(scenario, Reading::Report))
}

/// [`evaluate`], reusing the documents of `role` and `caller` that the
/// scenario holds unchanged (parsed once for many pairs: account-wide
/// access). The same report as `evaluate(scenario)`.
#[cfg(test)]
pub(crate) fn evaluate_reusing(scenario: &Scenario, role: &Parsed, caller: &Parsed) -> Report {
    evaluate_documents(
        scenario,
        Documents::load_reusing(scenario, role, caller, Reading::Report),
    )
}

/// The decision and the failing checks of a scenario: exactly what
/// [`evaluate`]'s report says (`decision`, the checks whose status is
/// `fail`), without what only the report's explanations need (no fix is
/// drafted, no detail worded, no location kept). The same checks judge
/// both, in [`Mode::Decide`].
pub fn decide(scenario: &Scenario) -> Decided {
    decide_documents(scenario, Documents::load(scenario, Reading::Decision))
}

/// [`decide`], reusing the documents of `role` and `caller` as
/// [`evaluate_reusing`] does. The same answer as `decide(scenario)`.
pub(crate) fn decide_reusing(scenario: &Scenario, role: &Parsed, caller: &Parsed) -> Decided {
    decide_documents(
        scenario,
        Documents::load_reusing(scenario, role, caller, Reading::Decision),
    )
}

/// The fix of the report's first check to fix, as `evaluate(scenario)`
/// gives it (`report.first_to_fix()?.fix`), without the rest of the report:
/// `decided` is `decide(scenario)`, which names that check; only it is
/// explained (`Mode::Fix`), no other check's fixes are drafted and there is
/// no summary. Account-wide access follows these.
pub(crate) fn first_fix(scenario: &Scenario, decided: &Decided) -> Option<Fix> {
    first_fix_of(
        scenario,
        Documents::load(scenario, Reading::Report),
        decided,
    )
}

/// [`first_fix`], reusing the documents of `role` and `caller` as
/// [`decide_reusing`] does. The same fix as `first_fix(scenario, decided)`.
pub(crate) fn first_fix_reusing(
    scenario: &Scenario,
    role: &Parsed,
    caller: &Parsed,
    decided: &Decided,
) -> Option<Fix> {
    first_fix_of(
        scenario,
        Documents::load_reusing(scenario, role, caller, Reading::Report),
        decided,
    )
}

fn first_fix_of(scenario: &Scenario, documents: Documents, decided: &Decided) -> Option<Fix> {
    let first = CheckId::FIX_ORDER
        .into_iter()
        .find(|id| decided.failing.contains(id))?;
    let outcomes = judge(scenario, &documents, Mode::Fix(first));
    let texts = documents.all().map(|d| (d.id, d.text.as_str())).collect();
    outcomes.first_fix(|fix| documents.stay_valid_after(fix), texts)
}

/// What [`decide`] answers: a report's decision and failing check ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decided {
    pub decision: Decision,
    /// The checks whose status is `fail`, in report order.
    pub failing: Vec<CheckId>,
}

impl Decided {
    /// The decision and failing checks a full report gives.
    pub fn of(report: &Report) -> Decided {
        Decided {
            decision: report.decision,
            failing: report.failing(),
        }
    }
}

fn evaluate_documents(scenario: &Scenario, documents: Documents) -> Report {
    let mut outcomes = judge(scenario, &documents, Mode::Explain);
    outcomes.retain_fixes(|fix| documents.stay_valid_after(fix));
    let texts = documents.all().map(|d| (d.id, d.text.as_str())).collect();
    let checks = outcomes.into_checks(texts);
    let decision = decide_checks(&checks);
    let summary = outcome::summarize(decision, &checks);
    // Set beside the checks after they are judged: what AWS said never
    // changes the decision.
    let observed = scenario
        .observed
        .as_ref()
        .map(|said| observed::agreement(said, scenario, decision, &checks));
    Report {
        decision,
        checks,
        summary,
        observed,
    }
}

fn decide_documents(scenario: &Scenario, documents: Documents) -> Decided {
    let failing = judge(scenario, &documents, Mode::Decide).failing();
    Decided {
        decision: decision_of(|id| failing.contains(&id), !failing.is_empty()),
        failing,
    }
}

/// Every check's outcome, in `mode`.
fn judge(scenario: &Scenario, documents: &Documents, mode: Mode) -> CheckOutcomes {
    let mut outcomes = CheckOutcomes::with_mode(mode);

    let request = request::check_request(
        scenario,
        documents.trust.parsed.policy.as_ref(),
        &mut outcomes,
    );
    documents.syntax_checks(&scenario.request.role_arn, &mut outcomes);
    if outcomes.explains(CheckId::TrustSyntax)
        && outcomes.failed(CheckId::TrustSyntax)
        && permissions_policy_as_trust_policy::applies(&documents.trust)
    {
        let role = scenario
            .request
            .role_arn
            .rsplit('/')
            .next()
            .unwrap_or("ROLE_NAME")
            .to_string();
        outcomes.update(CheckId::TrustSyntax, |outcome| {
            permissions_policy_as_trust_policy::explain(outcome, &role)
        });
    }

    match request {
        Some(_) if outcomes.failed(CheckId::RequestCaller) => skip_rest(
            &mut outcomes,
            "Not evaluated: this caller cannot make this call at all (see the caller check).",
        ),
        Some(request) => {
            let trust = trust::check_trust(&request, documents, &mut outcomes);
            caller_side::check_caller_side(&request, documents, &trust, &mut outcomes);
            session::check_session(&request, documents, &trust, &mut outcomes);
        }
        None => skip_rest(
            &mut outcomes,
            "Not evaluated: the request is malformed (see the request check).",
        ),
    }
    outcomes
}

/// Reads a scenario from JSON text and evaluates it.
pub fn evaluate_json(text: &str) -> Result<Report, ScenarioError> {
    Scenario::from_json(text).map(|scenario| evaluate(&scenario))
}

fn skip_rest(outcomes: &mut CheckOutcomes, why: &'static str) {
    for id in CheckId::ALL {
        if !outcomes.has(id) {
            outcomes.set(id, CheckOutcome::skip(why));
        }
    }
}

fn decide_checks(checks: &[crate::report::Check]) -> Decision {
    decision_of(
        |id| {
            checks
                .iter()
                .any(|c| c.id == id && c.status == Status::Fail)
        },
        checks.iter().any(|c| c.status == Status::Fail),
    )
}

/// The decision from which checks failed (`any_failed`: whether any did).
fn decision_of(failed: impl Fn(CheckId) -> bool, any_failed: bool) -> Decision {
    if [
        CheckId::RequestFormat,
        CheckId::TrustSyntax,
        CheckId::IdentitySyntax,
    ]
    .into_iter()
    .any(failed)
    {
        Decision::Invalid
    } else if any_failed {
        Decision::Deny
    } else {
        Decision::Allow
    }
}

#[cfg(test)]
mod tests {
    use super::{
        decide, decide_reusing, evaluate, evaluate_reusing, first_fix, first_fix_reusing, Decided,
        Parsed,
    };
    use crate::Scenario;

    /// Every scenario of the corpus (`tests/cases`), by name.
    fn corpus() -> Vec<(String, Scenario)> {
        fn below(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    below(&path, found);
                } else if path.extension().is_some_and(|ext| ext == "json") {
                    found.push(path);
                }
            }
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases");
        let mut paths = Vec::new();
        below(&dir, &mut paths);
        paths.sort();
        paths
            .into_iter()
            .filter_map(|path| {
                let text = std::fs::read_to_string(&path).ok()?;
                let scenario = Scenario::from_json(&text).ok()?;
                Some((path.display().to_string(), scenario))
            })
            .collect()
    }

    /// The decision-only answer, the first fix, and their reusing forms
    /// (documents parsed beforehand, as account-wide access parses them)
    /// give what the full report does, over the whole corpus.
    #[test]
    fn decide_and_first_fix_agree_with_the_report_over_the_corpus() {
        let cases = corpus();
        assert!(cases.len() >= 500, "the corpus has {} cases", cases.len());
        // Each case, and each scenario one of its fixes (or alternatives)
        // leads to: the states account-wide access asks the first fix of.
        let mut states: Vec<(String, Scenario)> = Vec::new();
        for (name, scenario) in cases {
            let report = evaluate(&scenario);
            for check in &report.checks {
                for fix in check.fix.iter().chain(&check.alternatives) {
                    if let Ok(fixed) = crate::fix::apply_fix(&scenario, fix) {
                        let after =
                            format!("{name}, after {}'s fix {}", check.id.as_str(), fix.title);
                        states.push((after, fixed));
                    }
                }
            }
            states.push((name, scenario));
        }
        let mut problems = Vec::new();
        for (name, scenario) in &states {
            let report = evaluate(scenario);
            let expected = Decided::of(&report);
            let expected_fix = report.first_to_fix().and_then(|check| check.fix.clone());
            let role = Parsed::trust(&scenario.role.trust_policy);
            let caller = scenario
                .caller_policies
                .as_ref()
                .map(|policies| {
                    Parsed::caller(&policies.identity, policies.permissions_boundary.as_ref())
                })
                .unwrap_or_default();
            if evaluate_reusing(scenario, &role, &caller) != report {
                problems.push(format!("{name}: evaluate_reusing differs from evaluate"));
            }
            for (how, decided) in [
                ("decide", decide(scenario)),
                ("decide_reusing", decide_reusing(scenario, &role, &caller)),
            ] {
                if decided != expected {
                    problems.push(format!(
                        "{name}: {how} gives {decided:?}, the report {expected:?}"
                    ));
                }
            }
            for (how, fix) in [
                ("first_fix", first_fix(scenario, &expected)),
                (
                    "first_fix_reusing",
                    first_fix_reusing(scenario, &role, &caller, &expected),
                ),
            ] {
                if fix != expected_fix {
                    problems.push(format!("{name}: {how} differs from the report's first fix"));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
