//! Builds the inputs of a diagnosis from a trust policy and a request, for
//! the unit tests of each diagnosis file.

use serde_json::{json, Value};

use super::{Diagnosis, FailedCondition, GrantingStatement};
use crate::evaluate::category::Category;
use crate::evaluate::documents::{Documents, Reading};
use crate::evaluate::outcome::{CheckOutcome, CheckOutcomes};
use crate::evaluate::request::check_request;
use crate::scenario::Scenario;

fn scenario(trust: Value, request: Value) -> Scenario {
    let text = json!({ "request": request, "role": { "trust_policy": trust } }).to_string();
    Scenario::from_json(&text).unwrap()
}

/// The scenario's documents as a report reads them, and its checked request.
fn documents_and_request(scenario: &Scenario) -> (Documents, crate::evaluate::call::Request<'_>) {
    let documents = Documents::load(scenario, Reading::Report);
    let request = check_request(
        scenario,
        documents.trust.parsed.policy.as_ref(),
        &mut CheckOutcomes::new(),
    )
    .unwrap();
    (documents, request)
}

/// Runs `test` with the parsed request and documents of a scenario.
pub(crate) fn with_request<T>(
    trust: Value,
    request: Value,
    test: impl FnOnce(&crate::evaluate::call::Request<'_>, &Documents) -> T,
) -> T {
    let scenario = scenario(trust, request);
    let (documents, request) = documents_and_request(&scenario);
    test(&request, &documents)
}

/// Runs `diagnose` on the trust policy's condition on `key`.
pub(crate) fn diagnose_condition(
    trust: Value,
    request: Value,
    key: &str,
    diagnose: impl FnOnce(&FailedCondition<'_>) -> Option<Diagnosis>,
) -> Option<Diagnosis> {
    let scenario = scenario(trust, request);
    let (documents, request) = documents_and_request(&scenario);
    let policy = documents.trust.usable().unwrap();
    let (statement, condition) = policy
        .statements
        .iter()
        .flat_map(|s| s.conditions.iter().map(move |c| (s, c)))
        .find(|(_, c)| c.key.value == key)
        .unwrap();
    diagnose(&FailedCondition {
        request: &request,
        document: &documents.trust,
        statement,
        condition,
        category: Category::of(condition),
    })
}

/// Runs a statement warning on the trust policy's first statement.
pub(crate) fn warn_statement(
    trust: Value,
    request: Value,
    category: Category,
    check: impl FnOnce(&GrantingStatement<'_>) -> Option<CheckOutcome>,
) -> Option<CheckOutcome> {
    let scenario = scenario(trust, request);
    let (documents, request) = documents_and_request(&scenario);
    let policy = documents.trust.usable().unwrap();
    check(&GrantingStatement {
        request: &request,
        document: &documents.trust,
        statement: policy.statements.first().unwrap(),
        category,
    })
}

/// A user calling sts:AssumeRole on a role of its own account, with `extra`
/// request fields.
pub(crate) fn user_request(extra: Value) -> Value {
    let mut request = json!({
        "caller": "arn:aws:iam::111122223333:user/ci",
        "role_arn": "arn:aws:iam::111122223333:role/Deploy",
    });
    if let (Some(request), Value::Object(extra)) = (request.as_object_mut(), extra) {
        request.extend(extra);
    }
    request
}

/// A trust policy with one statement trusting the account, with `condition`.
pub(crate) fn trust_with(condition: Value) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
            "Action": "sts:AssumeRole",
            "Condition": condition,
        }]
    })
}

/// A GitHub Actions trust (the OIDC provider of the account) with `condition`.
pub(crate) fn github_trust(condition: Value) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {
                "Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
            },
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": condition,
        }]
    })
}

/// A GitHub Actions token's AssumeRoleWithWebIdentity call, with `context`
/// (its claims).
pub(crate) fn github_request(context: Value) -> Value {
    json!({
        "action": "sts:AssumeRoleWithWebIdentity",
        "caller": "token.actions.githubusercontent.com",
        "role_arn": "arn:aws:iam::111122223333:role/Deploy",
        "context": context,
    })
}
