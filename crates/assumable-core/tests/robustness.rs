//! Hostile and broken input never panics, hangs or loses the other checks:
//! it gives an `invalid` report with located errors.

use assumable_core::report::{CheckId, Decision, Status};
use assumable_core::scenario::{PolicySource, Request, Role};
use assumable_core::{evaluate, evaluate_json, Scenario};
use proptest::prelude::*;
use serde_json::{json, Value};

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

/// A number too big for 64 bits was read as the nearest double only
/// roughly, so its JSON read back as another number (found by the
/// `scenario_json` fuzz target); serde_json's `float_roundtrip` reads it
/// exactly.
#[test]
fn a_huge_duration_reads_back_from_its_own_json() {
    for duration in [
        "28811111111111111111111111111111111111111111111111111111111111111111111111111111111111100",
        "1e400",
        "0.1000000000000000055511151231257827",
        "-7.5e-300",
    ] {
        let text = format!(
            r#"{{"request": {{"caller": "arn:aws:iam::111111111111:user/a", "role_arn": "arn:aws:iam::111111111111:role/b", "duration_seconds": {duration}}}, "role": {{"trust_policy": ""}}}}"#
        );
        let Ok(scenario) = Scenario::from_json(&text) else {
            continue;
        };
        let again = Scenario::from_json(&scenario.to_json_pretty()).ok();
        assert_eq!(again.as_ref(), Some(&scenario), "{duration}");
    }
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

/// The reproductions of issue 10 (`../shared/repro/evaluator-bombs.py`):
/// Jane calling Carlos's role, with `context` and an optional trust
/// condition and identity policies.
#[allow(clippy::unwrap_used)] // a helper of tests: a broken scenario should fail loudly
fn bomb(context: Value, condition: Option<Value>, identity: Option<Value>) -> Scenario {
    let mut statement = json!({
        "Effect": "Allow",
        "Principal": { "AWS": "arn:aws:iam::111122223333:user/Jane" },
        "Action": "sts:AssumeRole"
    });
    if let (Some(condition), Some(object)) = (condition, statement.as_object_mut()) {
        object.insert("Condition".into(), condition);
    }
    let mut scenario = json!({
        "request": {
            "caller": "arn:aws:iam::111122223333:user/Jane",
            "role_arn": "arn:aws:iam::444455556666:role/Carlos",
            "context": context
        },
        "role": { "trust_policy": { "Version": "2012-10-17", "Statement": [statement] } }
    });
    if let (Some(identity), Some(object)) = (identity, scenario.as_object_mut()) {
        object.insert("caller_policies".into(), json!({ "identity": identity }));
    }
    Scenario::from_json(&scenario.to_string()).unwrap()
}

/// `request.format` fails, naming the key and the length, and quoting no
/// value; nothing past it is evaluated.
#[allow(clippy::unwrap_used)]
fn assert_rejected_up_front(scenario: &Scenario, key: &str, length: &str) {
    let report = evaluate(scenario);
    assert_eq!(report.decision, Decision::Invalid, "{}", report.summary);
    let format = report.check(CheckId::RequestFormat).unwrap();
    assert_eq!(format.status, Status::Fail);
    assert!(
        format.detail.contains(&format!("`{key}`")) && format.detail.contains(length),
        "{}",
        format.detail
    );
    assert!(format.detail.len() < 1_000, "{}", format.detail.len());
    assert!(format.fix.is_some());
    for check in &report.checks {
        if check.id != CheckId::RequestFormat {
            assert_ne!(check.status, Status::Fail, "{:?}", check.id);
        }
    }
}

/// g8: `"${k}"` 400 times with `k` a million characters (was: out of memory).
/// The matcher-level halves (substitution stops at its cap) are
/// `variables::tests::amplification_stops_at_the_cap` and
/// `condition::tests::amplified_variables_match_nothing_and_say_why`.
#[test]
fn g8_variable_amplification_is_rejected_up_front() {
    let scenario = bomb(
        json!({ "k": "a".repeat(1_000_000), "aws:PrincipalTag/team": "b" }),
        Some(json!({ "StringLike": { "aws:PrincipalTag/team": "${k}".repeat(400) } })),
        None,
    );
    assert_rejected_up_front(&scenario, "k", "1,000,000 characters");
    // Only the tool's own cap is passed: it does not claim STS would refuse.
    let report = evaluate(&scenario);
    let detail = &report.check(CheckId::RequestFormat).unwrap().detail;
    assert!(
        detail.starts_with("This request is beyond what this tool evaluates"),
        "{detail}"
    );
}

/// g2: `*a^1000b` against a 4,000,000-character tag (was: 12 s). The matcher's
/// steps on it are held to its bound in `pattern::tests::issue_10_g2_and_g9`.
#[test]
fn g2_long_tag_value_is_rejected_up_front() {
    let scenario = bomb(
        json!({ "aws:PrincipalTag/team": "a".repeat(4_000_000) }),
        Some(
            json!({ "StringLike": { "aws:PrincipalTag/team": format!("*{}b", "a".repeat(1000)) } }),
        ),
        None,
    );
    assert_rejected_up_front(&scenario, "aws:PrincipalTag/team", "4,000,000 characters");
    // An AWS limit, reported once (not again as the context's total).
    let report = evaluate(&scenario);
    let detail = &report.check(CheckId::RequestFormat).unwrap().detail;
    assert!(detail.contains("a tag value is at most 256"), "{detail}");
    assert!(!detail.contains("32,768"), "{detail}");
}

/// g9: ten identity policies with `*a^5000b` against a 1 MB tag (was: > 120 s).
#[test]
fn g9_long_tag_value_under_ten_policies_is_rejected_up_front() {
    let policy = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Resource": "arn:aws:iam::444455556666:role/Carlos",
            "Condition": { "StringLike": { "aws:PrincipalTag/team": format!("*{}b", "a".repeat(5000)) } }
        }]
    });
    let scenario = bomb(
        json!({ "aws:PrincipalTag/team": "a".repeat(1_000_000) }),
        None,
        Some(json!(vec![policy; 10])),
    );
    assert_rejected_up_front(&scenario, "aws:PrincipalTag/team", "1,000,000 characters");
}

/// Inside the limits, the same shapes are evaluated and simply not met.
#[test]
fn bombs_within_the_limits_are_evaluated_and_not_met() {
    let tag = "a".repeat(256);
    let amplified = bomb(
        json!({ "k": "a".repeat(2_048), "aws:PrincipalTag/team": "b" }),
        Some(json!({ "StringLike": { "aws:PrincipalTag/team": "${k}".repeat(400) } })),
        None,
    );
    let report = evaluate(&amplified);
    assert_eq!(
        report.check(CheckId::RequestFormat).unwrap().status,
        Status::Pass
    );
    let conditions = report.check(CheckId::TrustConditions).unwrap();
    assert_eq!(conditions.status, Status::Fail);
    assert_eq!(report.decision, Decision::Deny);

    let wildcard = bomb(
        json!({ "aws:PrincipalTag/team": tag }),
        Some(
            json!({ "StringLike": { "aws:PrincipalTag/team": format!("*{}b", "a".repeat(1000)) } }),
        ),
        None,
    );
    let report = evaluate(&wildcard);
    assert_eq!(
        report.check(CheckId::RequestFormat).unwrap().status,
        Status::Pass
    );
    assert_eq!(
        report.check(CheckId::TrustConditions).unwrap().status,
        Status::Fail
    );
}

/// The other caps: a value of a non-tag key past 2,048, too many values, and
/// too many characters in all.
#[test]
fn context_caps_name_what_is_over() {
    let one = bomb(json!({ "aws:SourceVpc": "v".repeat(2_049) }), None, None);
    assert_rejected_up_front(&one, "aws:SourceVpc", "2,049 characters");
    let many: Vec<String> = (0..1_001).map(|n| n.to_string()).collect();
    let report = evaluate(&bomb(json!({ "aws:TagKeys": many }), None, None));
    let detail = &report.check(CheckId::RequestFormat).unwrap().detail;
    assert!(detail.contains("1,001 values"), "{detail}");
    let wide: serde_json::Map<String, Value> = (0..20)
        .map(|n| (format!("k{n}"), json!("x".repeat(2_000))))
        .collect();
    let report = evaluate(&bomb(Value::Object(wide), None, None));
    let detail = &report.check(CheckId::RequestFormat).unwrap().detail;
    assert!(detail.contains("more than 32,768 characters"), "{detail}");
    // A tag key longer than IAM allows.
    let key = format!("aws:PrincipalTag/{}", "t".repeat(129));
    let report = evaluate(&bomb(json!({ key: "v" }), None, None));
    let detail = &report.check(CheckId::RequestFormat).unwrap().detail;
    assert!(
        detail.contains("129 characters; tag keys are at most 128"),
        "{detail}"
    );
}

/// A same-account call trusted by the account, with these caller policies.
#[allow(
    clippy::unwrap_used,
    reason = "a test helper: the JSON is the test's own"
)]
fn same_account_with_callers(callers: Value) -> Scenario {
    Scenario::from_json(
        &json!({
            "request": {"caller": "arn:aws:iam::111111111111:user/deployer",
                        "role_arn": "arn:aws:iam::111111111111:role/Deploy"},
            "caller_policies": callers,
            "role": {"trust_policy": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}]}}
        })
        .to_string(),
    )
    .unwrap()
}

/// Issue #10, item 8: 10,000 identity policies took 5.7 s to load on the
/// page. Past the cap nothing more is read, and the check says why, at the
/// first policy past it.
#[test]
fn identity_policies_past_the_cap_are_refused_at_the_first_one_over() {
    let policy = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]});
    for (count, refused) in [
        (assumable_core::MAX_IDENTITY_POLICIES, false),
        (10_000, true),
    ] {
        let scenario = same_account_with_callers(json!({"identity": vec![policy.clone(); count]}));
        let report = evaluate(&scenario);
        let check = report.check(CheckId::IdentitySyntax).unwrap();
        assert_eq!(
            check.status == Status::Fail,
            refused,
            "{count}: {}",
            check.detail
        );
        if refused {
            assert!(
                check.detail.contains("more than AWS applies to one call"),
                "a count AWS never reaches is not a text IAM rejects: {}",
                check.detail
            );
            assert!(
                check.detail.contains("10,000 identity policies"),
                "{}",
                check.detail
            );
            let documents: Vec<String> = check
                .locations
                .iter()
                .map(|l| l.document.to_string())
                .collect();
            assert_eq!(documents, ["identity[1000]"]);
        }
    }
}

/// Issue #10, item 8: 1,000 invalid trust statements took 1.3 s per key on
/// the page, listing every one. The first twenty are listed and located;
/// the rest (980 more, and the size over quota) are counted.
#[test]
fn a_thousand_broken_statements_list_twenty_and_count_the_rest() {
    let statement =
        json!({"Effect": "Alow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"});
    let trust = json!({"Version": "2012-10-17", "Statement": vec![statement; 1_000]}).to_string();
    let report = evaluate(&scenario_with_trust(&trust));
    let check = report.check(CheckId::TrustSyntax).unwrap();
    assert_eq!(check.status, Status::Fail);
    assert!(check.locations.len() <= 20, "{}", check.locations.len());
    assert!(
        check.detail.contains("981 more errors, not listed"),
        "{}",
        check.detail
    );
    assert!(
        check.fix.is_none(),
        "a fix of the listed errors would not make the check pass"
    );
}

/// AWS applies at most the root, five levels of OUs and the account, with at
/// most five SCPs attached to each.
#[test]
fn organization_levels_and_policies_past_the_quotas_are_refused() {
    let allow_all = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    for (levels, per_level, message) in [
        (8, 1, "8 SCP levels are given"),
        (1, 6, "SCP level 0 has 6 policies"),
    ] {
        let scenario = same_account_with_callers(
            json!({"identity": [], "scps": vec![vec![allow_all.clone(); per_level]; levels]}),
        );
        let report = evaluate(&scenario);
        let check = report.check(CheckId::IdentitySyntax).unwrap();
        assert_eq!(check.status, Status::Fail, "{message}");
        assert!(check.detail.contains(message), "{}", check.detail);
        assert_eq!(check.locations.len(), 1);
    }
}
