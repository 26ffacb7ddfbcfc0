//! Hostile and broken input never panics, hangs or loses the other checks:
//! it gives an `invalid` report with located errors.

use assumable_core::report::{CheckId, Decision, Status};
use assumable_core::scenario::{PolicySource, Request, Role};
use assumable_core::{evaluate, evaluate_json, Scenario};
use proptest::prelude::*;

fn scenario_with_trust(trust: &str) -> Scenario {
    Scenario {
        request: Request {
            caller: "arn:aws:iam::111111111111:user/deployer".into(),
            role_arn: "arn:aws:iam::111111111111:role/Deploy".into(),
            ..Request::default()
        },
        role: Role {
            trust_policy: PolicySource::Text(trust.into()),
            ..Role::default()
        },
        ..Scenario::default()
    }
}

fn assert_invalid_trust(trust: &str) {
    let report = evaluate(&scenario_with_trust(trust));
    assert_eq!(report.decision, Decision::Invalid, "{}", report.summary);
    let syntax = report
        .check(CheckId::TrustSyntax)
        .map(|c| (c.status, c.locations.len()));
    assert!(
        matches!(syntax, Some((Status::Fail, n)) if n > 0),
        "{syntax:?}"
    );
    assert_eq!(report.checks.len(), CheckId::ALL.len());
}

#[test]
fn deeply_nested_policy_is_a_located_error() {
    assert_invalid_trust(&"[".repeat(200_000));
    assert_invalid_trust(&format!(
        "{{\"Statement\": {}{}",
        "{\"a\":".repeat(50_000),
        "1"
    ));
}

#[test]
fn empty_and_whitespace_policies_are_located_errors() {
    assert_invalid_trust("");
    assert_invalid_trust("   \n\t ");
}

#[test]
fn huge_policy_is_evaluated_and_reported_over_quota() {
    let statement = r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/deployer"},"Action":"sts:AssumeRole"}"#;
    let statements = vec![statement; 20_000].join(",");
    assert_invalid_trust(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#
    ));
}

#[test]
fn malformed_scenarios_give_located_errors() {
    for (text, line) in [
        ("", 1),
        ("{", 1),
        ("{\n  \"request\": 5\n}", 2),
        ("{\"request\": {\"caller\": 5}, \"role\": {}}", 1),
    ] {
        let error = evaluate_json(text).expect_err(text);
        assert_eq!(error.line, line, "{text}: {error}");
        assert!(!error.message.is_empty());
    }
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(evaluate_json(&deep).is_err());
}

#[test]
fn an_empty_request_is_invalid_not_a_panic() {
    let report =
        evaluate_json(r#"{"request": {}, "role": {"trust_policy": {}}}"#).expect("readable");
    assert_eq!(report.decision, Decision::Invalid);
    assert_eq!(
        report.check(CheckId::RequestFormat).map(|c| c.status),
        Some(Status::Fail)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_policy_text_never_panics(text in "\\PC{0,400}") {
        let report = evaluate(&scenario_with_trust(&text));
        prop_assert_eq!(report.checks.len(), CheckId::ALL.len());
    }

    #[test]
    fn mangled_policies_never_panic(cut in 0usize..300, insert in "[\\[\\]{}\":,*?$ a-zA-Z0-9]{0,8}") {
        let base = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/${aws:username}-*"}}}]}"#;
        let at = cut.min(base.len());
        let text = format!("{}{}{}", &base[..at], insert, &base[at..]);
        let report = evaluate(&scenario_with_trust(&text));
        prop_assert_eq!(report.checks.len(), CheckId::ALL.len());
    }

    #[test]
    fn arbitrary_request_fields_never_panic(
        caller in "\\PC{0,80}",
        role in "(arn:aws:iam::[0-9]{12}:role/)?\\PC{0,40}",
        session in "\\PC{0,80}",
        duration in proptest::num::i64::ANY,
    ) {
        let mut scenario = scenario_with_trust(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}"#);
        scenario.request.caller = caller;
        scenario.request.role_arn = role;
        scenario.request.role_session_name = Some(session);
        scenario.request.duration_seconds = Some(duration.into());
        let report = evaluate(&scenario);
        prop_assert_eq!(report.checks.len(), CheckId::ALL.len());
    }
}
