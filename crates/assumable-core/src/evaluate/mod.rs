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

use crate::report::{CheckId, Decision, Report, Status};
use crate::scenario::{Scenario, ScenarioError};

pub(crate) use diagnose::narrowing_claims;
use diagnose::permissions_policy_as_trust_policy;
use documents::Documents;
pub(crate) use documents::Parsed;
pub use documents::{MAX_IDENTITY_POLICIES, MAX_ORGANIZATION_LEVELS, MAX_POLICIES_PER_LEVEL};
use outcome::{CheckOutcome, CheckOutcomes};
pub(crate) use request::refused_fields;

/// Evaluates a scenario. Never fails: a malformed scenario gives an
/// `invalid` report whose failing checks say where.
pub fn evaluate(scenario: &Scenario) -> Report {
    evaluate_documents(scenario, Documents::load(scenario))
}

/// [`evaluate`], reusing the documents of `role` and `caller` that the
/// scenario holds unchanged (parsed once for many pairs: account-wide
/// access). The same report as `evaluate(scenario)`.
pub(crate) fn evaluate_reusing(scenario: &Scenario, role: &Parsed, caller: &Parsed) -> Report {
    evaluate_documents(scenario, Documents::load_reusing(scenario, role, caller))
}

fn evaluate_documents(scenario: &Scenario, documents: Documents) -> Report {
    let mut outcomes = CheckOutcomes::new();

    let request = request::check_request(scenario, &mut outcomes);
    documents.syntax_checks(&mut outcomes);
    if outcomes.failed(CheckId::TrustSyntax)
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
            let trust = trust::check_trust(&request, &documents, &mut outcomes);
            caller_side::check_caller_side(&request, &documents, &trust, &mut outcomes);
            session::check_session(&request, &documents, &trust, &mut outcomes);
        }
        None => skip_rest(
            &mut outcomes,
            "Not evaluated: the request is malformed (see the request check).",
        ),
    }

    outcomes.retain_fixes(|fix| documents.stay_valid_after(fix));
    let texts = documents.all().map(|d| (d.id, d.text.as_str())).collect();
    let checks = outcomes.into_checks(texts);
    let decision = decide(&checks);
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

fn decide(checks: &[crate::report::Check]) -> Decision {
    let failed = |id: CheckId| {
        checks
            .iter()
            .any(|c| c.id == id && c.status == Status::Fail)
    };
    if [
        CheckId::RequestFormat,
        CheckId::TrustSyntax,
        CheckId::IdentitySyntax,
    ]
    .into_iter()
    .any(failed)
    {
        Decision::Invalid
    } else if checks.iter().any(|c| c.status == Status::Fail) {
        Decision::Deny
    } else {
        Decision::Allow
    }
}
