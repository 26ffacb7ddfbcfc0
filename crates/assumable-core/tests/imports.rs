//! The import corpus (`tests/imports/`): each paste, as real people paste
//! it (its source cited in its `.expect.json`), is recognised as its format
//! and fills exactly what it carries: the fields its expectation names, with
//! their values (or `true`: present and not empty), and none of those it
//! must leave absent. Paths are dotted (`request.caller`), a key that holds
//! dots or colons in brackets (`request.context[saml:aud]`).

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers, not only #[test] functions (clippy.toml), may fail loudly"
)]

use assumable_core::{import, ImportInput};
use serde_json::Value;

mod common;

/// Every paste's name, text and expectation.
fn corpus() -> Vec<(String, String, Value)> {
    common::import_corpus()
        .into_iter()
        .map(|paste| {
            let text = std::fs::read_to_string(&paste.path).expect("paste");
            (paste.name, text, paste.expect)
        })
        .collect()
}

/// The value at a path such as `request.context[saml:aud]`.
fn at<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    let mut current = value;
    let mut rest = path;
    while !rest.is_empty() {
        let (key, after) = if let Some(inner) = rest.strip_prefix('[') {
            let end = inner.find(']')?;
            (&inner[..end], &inner[end + 1..])
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        };
        current = current.get(key)?;
        rest = after.strip_prefix('.').unwrap_or(after);
    }
    Some(current)
}

fn is_empty(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(text)) => text.is_empty(),
        Some(Value::Array(items)) => items.is_empty(),
        Some(Value::Object(members)) => members.is_empty(),
        Some(_) => false,
    }
}

#[test]
fn the_corpus_holds_every_family_of_paste() {
    let corpus = corpus();
    assert!(corpus.len() >= 20, "{} pastes", corpus.len());
    for (name, _, expect) in &corpus {
        assert!(
            expect["source"].as_str().is_some_and(|s| !s.is_empty()),
            "{name}: cite the source"
        );
    }
}

#[test]
fn each_paste_fills_what_it_carries_and_nothing_else() {
    let mut problems = Vec::new();
    for (name, text, expect) in corpus() {
        let outcome = import(
            &[ImportInput {
                source: name.clone(),
                text,
            }],
            None,
        );
        let Some(recognized) = outcome.recognized.first() else {
            problems.push(format!(
                "{name}: not recognised: {:?}",
                outcome.unrecognized
            ));
            continue;
        };
        if Some(recognized.format.as_str()) != expect["format"].as_str() {
            problems.push(format!(
                "{name}: read as {}, expected {}",
                recognized.format, expect["format"]
            ));
        }
        let scenario = serde_json::to_value(&outcome.scenario).expect("scenario JSON");
        for (path, wanted) in expect["fills"].as_object().into_iter().flatten() {
            let found = at(&scenario, path);
            let ok = match wanted {
                Value::Bool(true) => !is_empty(found),
                wanted => found == Some(wanted),
            };
            if !ok {
                problems.push(format!("{name}: {path} is {found:?}, expected {wanted}"));
            }
        }
        for path in expect["absent"].as_array().into_iter().flatten() {
            let path = path.as_str().unwrap_or_default();
            if !is_empty(at(&scenario, path)) {
                problems.push(format!(
                    "{name}: {path} should stay absent, is {:?}",
                    at(&scenario, path)
                ));
            }
        }
        if let Some(evidence) = expect.get("evidence") {
            let got: Vec<Value> = recognized
                .evidence
                .iter()
                .map(|e| Value::from(e.as_str()))
                .collect();
            if evidence.as_array() != Some(&got) {
                problems.push(format!("{name}: evidence {got:?}, expected {evidence}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
