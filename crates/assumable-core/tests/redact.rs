//! Redaction for sharing: every corpus case, redacted, holds none of its
//! account ids and still evaluates to the same decision with the same
//! failing checks.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers, not only #[test] functions (clippy.toml), may fail loudly"
)]

use std::collections::BTreeSet;

use assumable_core::redact::{redact, redact_with_notes};
use assumable_core::{evaluate, Scenario};
use proptest::prelude::*;

mod common;

fn corpus() -> Vec<(String, Scenario)> {
    common::load_cases()
}

/// Every run of exactly 12 digits: what an account id looks like.
fn account_ids(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut run = String::new();
    for c in text.chars().chain([' ']) {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            if run.len() == 12 {
                found.insert(run.clone());
            }
            run.clear();
        }
    }
    found
}

#[test]
fn redacted_cases_hold_no_original_account_id() {
    for (path, scenario) in corpus() {
        let original = serde_json::to_string(&scenario).expect("json");
        let redacted = serde_json::to_string(&redact(&scenario)).expect("json");
        let originals = account_ids(&original);
        assert!(!originals.is_empty(), "{path} names no account");
        for account in &originals {
            assert!(
                !redacted.contains(account.as_str()),
                "{path}: {account} left in\n{redacted}"
            );
        }
    }
}

#[test]
fn redacted_cases_evaluate_the_same() {
    for (path, scenario) in corpus() {
        let redaction = redact_with_notes(&scenario);
        let before = evaluate(&scenario);
        let after = evaluate(&redaction.scenario);
        assert_eq!(
            after.decision,
            before.decision,
            "{path}: decision changed; kept: {:?}\n{}",
            redaction.kept,
            redaction.scenario.to_json_pretty()
        );
        assert_eq!(
            after.failing(),
            before.failing(),
            "{path}: failing checks changed\n{}",
            redaction.scenario.to_json_pretty()
        );
    }
}

/// The corpus's underline expectations, redacted with the rest, still name
/// what the evaluator underlines in the redacted documents.
#[test]
fn redacted_underlines_still_match() {
    for (path, scenario) in corpus() {
        let redacted = redact(&scenario);
        let Some(expect) = &redacted.expect else {
            continue;
        };
        let report = evaluate(&redacted);
        for (id, wanted) in &expect.underline {
            let Some(check) = report.checks.iter().find(|check| check.id.as_str() == id) else {
                continue;
            };
            let texts: Vec<String> = check
                .locations
                .iter()
                .filter_map(|location| assumable_core::fix::underlined_text(&redacted, location))
                .collect();
            assert!(
                texts
                    .iter()
                    .any(|text| wanted.iter().any(|w| text.contains(w.as_str()))),
                "{path}: {id} underlines {texts:?}, expected one of {wanted:?}"
            );
        }
    }
}

#[test]
fn redaction_is_deterministic_and_stable_in_json() {
    for (path, scenario) in corpus() {
        let once = redact(&scenario);
        assert_eq!(redact(&scenario), once, "{path}");
        let back = Scenario::from_json(&once.to_json_pretty()).expect("redacted JSON reads back");
        assert_eq!(back, once, "{path}");
    }
}

/// A name or external id stays only when the redaction says why (a
/// wildcard compares with part of it, or AWS would reject it as it is).
#[test]
fn names_and_external_ids_are_replaced_or_explained() {
    let mut replaced = 0;
    for (path, scenario) in corpus() {
        let redaction = redact_with_notes(&scenario);
        let redacted = serde_json::to_string(&redaction.scenario).expect("json");
        let caller = &scenario.request.caller;
        let user = caller
            .contains(":user/")
            .then(|| caller.rsplit('/').next().unwrap_or_default());
        let secrets = user
            .into_iter()
            .chain(scenario.request.external_id.as_deref());
        for secret in secrets.filter(|secret| secret.len() >= 2) {
            let explained = redaction
                .kept
                .iter()
                .any(|note| note.contains(&format!("`{secret}`")));
            let left = redacted.contains(&format!("/{secret}\""))
                || redacted.contains(&format!("\"{secret}\""));
            if left {
                assert!(
                    explained || !is_valid_external_id(secret),
                    "{path}: `{secret}` left without a note"
                );
            } else {
                replaced += 1;
            }
        }
    }
    assert!(replaced > 0);
}

/// STS: 2 to 1224 characters of `[\w+=,.@:/-]`.
fn is_valid_external_id(value: &str) -> bool {
    (2..=1224).contains(&value.len())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@:/-".contains(c))
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(
        caller in ".{0,60}",
        policy in ".{0,300}",
        ip in "[0-9a-f:./]{0,40}",
    ) {
        let scenario = Scenario {
            request: assumable_core::scenario::Request {
                caller,
                source_ip: Some(ip.clone()),
                ..Default::default()
            },
            role: assumable_core::scenario::Role {
                trust_policy: assumable_core::scenario::PolicySource::Text(format!("{policy} \"{ip}\"")),
                ..Default::default()
            },
            ..Default::default()
        };
        let _ = redact_with_notes(&scenario);
    }
}
