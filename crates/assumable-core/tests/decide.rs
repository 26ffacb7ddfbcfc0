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

/// A decision reads a plain object policy as the scenario's JSON writes it
/// (`policy::parse_policy_if_plain`), the report its pretty text: over the
/// corpus written compact and with tabs, so that the two texts differ in
/// all their white space, the same decision and failing checks as the
/// report of the case as it was read.
#[test]
fn decide_reads_object_policies_as_written_whatever_their_white_space() {
    let cases = load_cases();
    let mut problems = Vec::new();
    for (name, scenario) in &cases {
        let expected = Decided::of(&evaluate(scenario));
        let compact = serde_json::to_string(scenario).expect("writes");
        let mut tabbed = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b"\t");
        serde::Serialize::serialize(
            scenario,
            &mut serde_json::Serializer::with_formatter(&mut tabbed, formatter),
        )
        .expect("writes");
        let tabbed = String::from_utf8(tabbed).expect("UTF-8");
        for (layout, text) in [("compact", compact), ("tabbed", tabbed)] {
            let read = Scenario::from_json(&text).expect("reads back");
            let decided = decide(&read);
            if decided != expected {
                problems.push(format!(
                    "{name} ({layout}): decide gives {decided:?}, the report {expected:?}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A scenario across accounts whose call the trust and identity policies
/// below allow, with the given trust condition, SCPs and external ID.
fn across_accounts(trust_condition: &str, scps: &str, external_id: &str) -> Scenario {
    let text = format!(
        r#"{{"request":{{"caller":"arn:aws:iam::111111111111:user/a","role_arn":"arn:aws:iam::222222222222:role/r","external_id":"{external_id}"}},
          "caller_policies":{{"identity":[{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}}]}}],"scps":{scps}}},
          "role":{{"trust_policy":{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::111111111111:root"}},"Action":"sts:AssumeRole","Condition":{trust_condition}}}]}}}}}}"#
    );
    Scenario::from_json(&text).expect("reads")
}

/// Where the pretty text of an object differs from it as written in more
/// than white space, a decision still reads what the report reads: an
/// escape (`\u0100` is a character IAM refuses, once decoded), a number
/// (`1.50` is written `1.5`, which the condition then compares), and an
/// SCP's size (counted with white space, in the pretty text). Each case is
/// shown to change the decision, so that reading the other text would show.
#[test]
fn decide_reads_what_the_report_reads_where_the_texts_differ() {
    let allowed = across_accounts(
        r#"{"StringEquals":{"sts:ExternalId":"abc"}}"#,
        "null",
        "abc",
    );
    assert_eq!(decide(&allowed).failing, Vec::new());

    // The tag is absent, so the condition holds: only the character refuses.
    let escaped = across_accounts(
        r#"{"StringEquals":{"sts:ExternalId":"abc"},"StringEqualsIfExists":{"aws:PrincipalTag/team":"caf\u0100"}}"#,
        "null",
        "abc",
    );
    let number = across_accounts(r#"{"StringEquals":{"sts:ExternalId":1.50}}"#, "null", "1.5");
    assert_eq!(decide(&number).failing, Vec::new(), "1.50 reads 1.5");
    let mut over_quota = None;
    for actions in 100..400 {
        let list = vec!["\"sts:AssumeRole\""; actions].join(",");
        let scp = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":[{list}],"Resource":"*"}}]}}"#
        );
        let value: serde_json::Value = serde_json::from_str(&scp).expect("JSON");
        let pretty = serde_json::to_string_pretty(&value).expect("prints");
        if scp.len() < 5_000 && pretty.len() > 5_200 {
            over_quota = Some(across_accounts(
                r#"{"StringEquals":{"sts:ExternalId":"abc"}}"#,
                &format!("[[{scp}]]"),
                "abc",
            ));
            break;
        }
    }
    let over_quota = over_quota.expect("an SCP under the quota written compact, over it pretty");
    for (what, scenario) in [("escaped", &escaped), ("over quota", &over_quota)] {
        assert_ne!(
            decide(scenario),
            decide(&allowed),
            "{what} changes the decision"
        );
    }
    for (what, scenario) in [
        ("escaped", escaped),
        ("number", number),
        ("over quota", over_quota),
    ] {
        assert_eq!(
            decide(&scenario),
            Decided::of(&evaluate(&scenario)),
            "{what}"
        );
    }
}
