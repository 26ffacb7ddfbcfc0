//! Turns a scenario into a report: loads and parses every document, derives
//! the request context, runs each check, then converts byte ranges to the
//! report's lines and columns.
//!
//! The checks are judged in the contract's cascade (see
//! `shared/scenario-format.md`): a check whose inputs are broken or that does
//! not apply is `skip`, never a guess.

mod caller_side;
mod documents;
mod finding;
mod request;
mod session;
mod statement;
mod trust;

use crate::arn::{Caller, RoleArn};
use crate::context::{derive_context, RequestContext};
use crate::report::{CheckId, Decision, Report, Status};
use crate::scenario::{Scenario, ScenarioError};

pub(crate) use documents::Documents;
pub(crate) use finding::{Finding, Findings};

/// The STS action being requested.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StsAction {
    AssumeRole,
    WebIdentity,
    Saml,
}

impl StsAction {
    pub(crate) fn parse(text: &str) -> Option<StsAction> {
        match text.to_ascii_lowercase().as_str() {
            "sts:assumerole" => Some(StsAction::AssumeRole),
            "sts:assumerolewithwebidentity" => Some(StsAction::WebIdentity),
            "sts:assumerolewithsaml" => Some(StsAction::Saml),
            _ => None,
        }
    }

    pub(crate) const fn name(self) -> &'static str {
        match self {
            StsAction::AssumeRole => "sts:AssumeRole",
            StsAction::WebIdentity => "sts:AssumeRoleWithWebIdentity",
            StsAction::Saml => "sts:AssumeRoleWithSAML",
        }
    }

    /// Web identity and SAML callers are not AWS identities: no identity
    /// policy, boundary or SCP is evaluated for them.
    pub(crate) const fn is_federated(self) -> bool {
        !matches!(self, StsAction::AssumeRole)
    }
}

/// Everything the checks need about a well-formed request.
pub(crate) struct Request<'a> {
    pub scenario: &'a Scenario,
    pub action: StsAction,
    pub caller: Caller,
    pub role: RoleArn,
    pub context: RequestContext,
    pub duration: i64,
    pub max_session_duration: i64,
}

impl Request<'_> {
    pub(crate) fn role_arn(&self) -> String {
        self.role.to_arn()
    }

    pub(crate) fn is_cross_account(&self) -> bool {
        self.caller
            .account()
            .is_some_and(|account| account != self.role.account)
    }

    /// The caller is a role session, so this call chains roles.
    pub(crate) fn is_role_chaining(&self) -> bool {
        matches!(self.caller, Caller::AssumedRole { .. })
    }

    /// What a statement is judged against: this caller and context, with
    /// `action` on `resource` (`None` for trust policies).
    pub(crate) fn target<'t>(
        &'t self,
        action: &'t str,
        resource: Option<&'t str>,
    ) -> statement::Target<'t> {
        statement::Target {
            action,
            resource,
            caller: &self.caller,
            context: &self.context,
        }
    }
}

/// Evaluates a scenario. Never fails: a malformed scenario gives an
/// `invalid` report whose failing checks say where.
pub fn evaluate(scenario: &Scenario) -> Report {
    let documents = Documents::load(scenario);
    let mut findings = Findings::new();

    let request = request::check_request(scenario, &documents, &mut findings);
    documents.syntax_checks(&mut findings);

    match request {
        Some(_) if findings.failed(CheckId::RequestCaller) => skip_rest(
            &mut findings,
            "Not evaluated: this caller cannot make this call at all (see the caller check).",
        ),
        Some(request) => {
            let trust = trust::check_trust(&request, &documents, &mut findings);
            caller_side::check_caller_side(&request, &documents, &trust, &mut findings);
            session::check_session(&request, &documents, &trust, &mut findings);
        }
        None => skip_rest(
            &mut findings,
            "Not evaluated: the request is malformed (see the request check).",
        ),
    }

    let checks = findings.into_checks(&documents, scenario);
    let decision = decide(&checks);
    let summary = finding::summarize(decision, &checks);
    Report {
        decision,
        checks,
        summary,
    }
}

/// Reads a scenario from JSON text and evaluates it.
pub fn evaluate_json(text: &str) -> Result<Report, ScenarioError> {
    Scenario::from_json(text).map(|scenario| evaluate(&scenario))
}

fn skip_rest(findings: &mut Findings, why: &'static str) {
    for id in CheckId::ALL {
        if !findings.has(id) {
            findings.set(id, Finding::skip(why));
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

/// Derives the context for a parsed request (the matching layer owns the rules).
pub(crate) fn request_context(
    scenario: &Scenario,
    caller: &Caller,
    role: &RoleArn,
) -> RequestContext {
    derive_context(&scenario.request, caller, role)
}
