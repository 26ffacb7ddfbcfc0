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

// ---------------------------------------------------------------------------
// Leaks found by review (issue #10, item 7): each class is replaced
// everywhere it appears, and the case still evaluates the same.

/// Redacts `json`, checks the decision and failing checks are unchanged,
/// and returns the redaction with its JSON.
fn redact_same(json: &str) -> (assumable_core::redact::Redaction, String) {
    let scenario = Scenario::from_json(json).expect("scenario");
    let redaction = redact_with_notes(&scenario);
    let (before, after) = (evaluate(&scenario), evaluate(&redaction.scenario));
    let text = redaction.scenario.to_json_pretty();
    assert_eq!(
        after.decision, before.decision,
        "kept {:?}\n{text}",
        redaction.kept
    );
    assert_eq!(after.failing(), before.failing(), "{text}");
    (redaction, text)
}

fn assert_gone(text: &str, originals: &[&str]) {
    for original in originals {
        assert!(!text.contains(original), "`{original}` left in\n{text}");
    }
}

const GITHUB: &str = r#"{
  "name": "alice@example.org: my-org/my-repo (prod) fails.",
  "description": "Deploys of my-org/my-repo, by octocat; ask Alice@Example.org, or (alice@example.org).",
  "request": {
    "action": "sts:AssumeRoleWithWebIdentity",
    "caller": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
    "role_arn": "arn:aws:iam::111122223333:role/deployer",
    "role_session_name": "gha",
    "context": {
      "token.actions.githubusercontent.com:sub": "repo:my-org/my-repo:environment:prod",
      "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
      "token.actions.githubusercontent.com:repository": "my-org/my-repo",
      "token.actions.githubusercontent.com:repository_owner": "my-org",
      "token.actions.githubusercontent.com:actor": "octocat",
      "token.actions.githubusercontent.com:job_workflow_ref": "my-org/my-repo/.github/workflows/deploy.yml@refs/heads/main"
    }
  },
  "role": {
    "trust_policy": {
      "Version": "2012-10-17",
      "Statement": [{
        "Sid": "AllowMyOrgMyRepoFromAlice",
        "Effect": "Allow",
        "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
          "StringEquals": {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": "repo:my-org/my-repo:environment:prod",
            "token.actions.githubusercontent.com:repository_owner": "my-org",
            "token.actions.githubusercontent.com:actor": ["octocat", "alice@example.org"]
          },
          "StringLike": {
            "token.actions.githubusercontent.com:job_workflow_ref": "my-org/my-repo/.github/workflows/*"
          }
        }
      }]
    }
  },
  "expect": {"decision": "allow", "failing": []}
}"#;

#[test]
fn names_followed_by_punctuation_in_free_text_are_replaced() {
    let json = r#"{
      "name": "DeployRole, from 111122223333; see DeployRole. (DeployRole) 'DeployRole' \"DeployRole\": deployrole!",
      "request": {"caller": "arn:aws:iam::111122223333:user/alice", "role_arn": "arn:aws:iam::444455556666:role/DeployRole"},
      "role": {"trust_policy": {"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "sts:AssumeRole"}}}
    }"#;
    let (redaction, text) = redact_same(json);
    assert_gone(
        &text,
        &["DeployRole", "deployrole", "alice", "111122223333"],
    );
    assert_eq!(
        redaction.scenario.name.as_deref(),
        Some("role1, from 000000000001; see role1. (role1) 'role1' \"role1\": role1!")
    );
}

#[test]
fn statement_ids_become_numbered_statements() {
    let (redaction, text) = redact_same(GITHUB);
    assert_gone(&text, &["AllowMyOrgMyRepoFromAlice"]);
    assert!(
        redaction
            .scenario
            .role
            .trust_policy
            .text()
            .contains("\"Sid\": \"Stmt1\""),
        "{text}"
    );
}

#[test]
fn invalid_statement_ids_stay_invalid() {
    let json = r#"{
      "request": {"caller": "arn:aws:iam::111122223333:user/bob", "role_arn": "arn:aws:iam::111122223333:role/R"},
      "role": {"trust_policy": {"Statement": [
        {"Sid": "Allow Bob-From Prod", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/bob"}, "Action": "sts:AssumeRole"},
        {"Sid": "Stmt1", "Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:user/eve"}, "Action": "sts:AssumeRole"}
      ]}}
    }"#;
    let (redaction, text) = redact_same(json);
    assert_gone(&text, &["Allow Bob", "From Prod"]);
    let trust = redaction.scenario.role.trust_policy.text();
    // A generic Sid is no leak and is left; the other keeps its bad characters.
    assert!(trust.contains("\"Sid\": \"Stmt1\""), "{trust}");
    assert!(trust.contains("\"Sid\": \"Stmt1 - \""), "{trust}");
}

#[test]
fn email_addresses_are_replaced_everywhere_in_any_case() {
    let (redaction, text) = redact_same(GITHUB);
    assert_gone(&text, &["alice", "Alice", "example.org", "Example.org"]);
    let description = redaction.scenario.description.unwrap_or_default();
    assert!(
        description.contains("(user1@example.com)."),
        "{description}"
    );
}

#[test]
fn github_organizations_repositories_and_actors_are_replaced() {
    let (redaction, text) = redact_same(GITHUB);
    assert!(redaction.kept.is_empty(), "{:?}", redaction.kept);
    assert_gone(&text, &["my-org", "my-repo", "octocat"]);
    let context = redaction.scenario.request.context.unwrap_or_default();
    let value = |key: &str| {
        context
            .get(&format!("token.actions.githubusercontent.com:{key}"))
            .map(|value| value.values().join(","))
    };
    assert_eq!(
        value("sub").as_deref(),
        Some("repo:org1/repo1:environment:prod")
    );
    assert_eq!(value("repository").as_deref(), Some("org1/repo1"));
    assert_eq!(value("repository_owner").as_deref(), Some("org1"));
    assert_eq!(value("actor").as_deref(), Some("actor1"));
    assert_eq!(
        value("job_workflow_ref").as_deref(),
        Some("org1/repo1/.github/workflows/deploy.yml@refs/heads/main")
    );
    assert!(
        text.contains("\"org1/repo1/.github/workflows/*\""),
        "{text}"
    );
}

#[test]
fn gitlab_groups_and_projects_are_replaced() {
    let json = r#"{
      "request": {
        "action": "sts:AssumeRoleWithWebIdentity",
        "caller": "arn:aws:iam::111122223333:oidc-provider/gitlab.com",
        "role_arn": "arn:aws:iam::111122223333:role/deployer",
        "role_session_name": "gl",
        "context": {"gitlab.com:sub": "project_path:acme-corp/platform/billing-api:ref_type:branch:ref:main", "gitlab.com:aud": "https://gitlab.com"}
      },
      "role": {"trust_policy": {"Statement": {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/gitlab.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringLike": {"gitlab.com:sub": "project_path:acme-corp/platform/billing-api:ref_type:branch:ref:*"}}}}}
    }"#;
    let (redaction, text) = redact_same(json);
    assert_gone(&text, &["acme-corp", "platform", "billing-api"]);
    let sub = redaction.scenario.request.context.and_then(|context| {
        context
            .get("gitlab.com:sub")
            .map(|value| value.values().join(","))
    });
    assert_eq!(
        sub.as_deref(),
        Some("project_path:org1/org2/repo1:ref_type:branch:ref:main")
    );
}

const EKS: &str = r#"{
  "description": "IRSA for EXAMPLED539D4633E53DE1B71EXAMPLE.",
  "request": {
    "action": "sts:AssumeRoleWithWebIdentity",
    "caller": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
    "role_arn": "arn:aws:iam::111122223333:role/payments",
    "role_session_name": "s1",
    "context": {
      "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:payments-prod:ledger-writer",
      "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com"
    }
  },
  "role": {"trust_policy": {"Statement": {"Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {"StringEquals": {
      "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:payments-prod:ledger-writer",
      "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com"}}}}},
  "expect": {"decision": "allow", "failing": []}
}"#;

#[test]
fn eks_provider_ids_are_replaced_in_arns_and_condition_keys() {
    let (redaction, text) = redact_same(EKS);
    assert_eq!(
        evaluate(&redaction.scenario).decision,
        evaluate(&Scenario::from_json(EKS).expect("scenario")).decision
    );
    assert_gone(&text, &["EXAMPLED539D4633E53DE1B71EXAMPLE"]);
    let id = "oidc.eks.us-east-1.amazonaws.com/id/00000000000000000000000000000001";
    assert!(redaction.scenario.request.caller.ends_with(id), "{text}");
    let context = redaction.scenario.request.context.unwrap_or_default();
    assert!(context.contains_key(&format!("{id}:sub")), "{text}");
    assert!(
        redaction
            .scenario
            .role
            .trust_policy
            .text()
            .contains(&format!("\"{id}:aud\"")),
        "{text}"
    );
}

#[test]
fn kubernetes_namespaces_and_service_accounts_are_replaced() {
    let (redaction, text) = redact_same(EKS);
    assert_gone(&text, &["payments-prod", "ledger-writer"]);
    assert!(
        text.contains("system:serviceaccount:namespace1:serviceaccount1"),
        "{text}"
    );
    assert!(redaction.kept.is_empty(), "{:?}", redaction.kept);
}

/// A wildcard over part of a namespace keeps that namespace, with a note.
#[test]
fn a_wildcard_on_part_of_a_namespace_keeps_it() {
    let json = EKS.replacen(
        "\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments-prod:ledger-writer\",\n      \"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\"}}}}}",
        "\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud\": \"sts.amazonaws.com\"}, \"StringLike\": {\"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub\": \"system:serviceaccount:payments-*:ledger-writer\"}}}}}",
        1,
    );
    assert_ne!(json, EKS);
    let (redaction, text) = redact_same(&json);
    assert!(
        text.contains("system:serviceaccount:payments-prod:serviceaccount1"),
        "{:?} {text}",
        redaction.kept
    );
    assert!(
        redaction
            .kept
            .iter()
            .any(|note| note.contains("Kubernetes namespace `payments-prod`")),
        "{:?}",
        redaction.kept
    );
}

#[test]
fn circleci_organization_ids_are_replaced() {
    let org = "1f2e3d4c-aaaa-4bbb-8ccc-0123456789ab";
    let project = "5a6b7c8d-1111-4222-8333-444455556666";
    let json = r#"{
      "request": {
        "action": "sts:AssumeRoleWithWebIdentity",
        "caller": "arn:aws:iam::111122223333:oidc-provider/oidc.circleci.com/org/ORG",
        "role_arn": "arn:aws:iam::111122223333:role/circle",
        "role_session_name": "c1",
        "context": {"oidc.circleci.com/org/ORG:sub": "org/ORG/project/PROJECT/user/9f8e7d6c-0000-4000-8000-00000000abcd", "oidc.circleci.com/org/ORG:aud": "ORG"}
      },
      "role": {"trust_policy": {"Statement": {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.circleci.com/org/ORG"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringLike": {"oidc.circleci.com/org/ORG:sub": "org/ORG/project/PROJECT/user/*"}, "StringEquals": {"oidc.circleci.com/org/ORG:aud": "ORG"}}}}}
    }"#
    .replace("ORG", org)
    .replace("PROJECT", project);
    let (redaction, text) = redact_same(&json);
    assert!(redaction.kept.is_empty(), "{:?}", redaction.kept);
    assert_gone(&text, &[org, project, "9f8e7d6c"]);
    let placeholder = "00000000-0000-0000-0000-000000000001";
    assert!(redaction
        .scenario
        .request
        .caller
        .ends_with(&format!("/org/{placeholder}")));
    assert!(
        text.contains(&format!("\"oidc.circleci.com/org/{placeholder}:sub\"")),
        "{text}"
    );
}

#[test]
fn cognito_pool_ids_are_replaced_with_their_shape() {
    let json = r#"{
      "request": {
        "action": "sts:AssumeRoleWithWebIdentity",
        "caller": "cognito-identity.amazonaws.com",
        "role_arn": "arn:aws:iam::111122223333:role/app",
        "role_session_name": "c1",
        "context": {
          "cognito-identity.amazonaws.com:aud": "us-east-1:12345678-90ab-cdef-1234-567890abcdef",
          "cognito-identity.amazonaws.com:amr": ["authenticated", "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123"]
        }
      },
      "role": {"trust_policy": {"Statement": {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-90ab-cdef-1234-567890abcdef"},
          "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123"}}}}}
    }"#;
    let (redaction, text) = redact_same(json);
    assert!(redaction.kept.is_empty(), "{:?}", redaction.kept);
    assert_gone(&text, &["12345678-90ab", "AbCdEf123"]);
    assert!(
        text.contains("\"us-east-1:00000000-0000-0000-0000-000000000001\""),
        "{text}"
    );
    assert!(
        text.contains("amazonaws.com/us-east-1_000000001\""),
        "{text}"
    );
}

#[test]
fn lambda_function_names_are_replaced_in_every_policy_level() {
    let json = r#"{
      "description": "billing-nightly-export can't be called.",
      "request": {"caller": "arn:aws:iam::111122223333:user/ops", "role_arn": "arn:aws:iam::111122223333:role/R"},
      "caller_policies": {
        "identity": [{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"},
          {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:111122223333:function:billing-nightly-export:live"}]}],
        "scps": [[{"Statement": {"Effect": "Deny", "Action": "lambda:DeleteFunction", "Resource": "arn:aws:lambda:us-east-1:111122223333:function:billing-nightly-export"}}]]
      },
      "role": {
        "trust_policy": {"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}},
        "rcps": [[{"Statement": {"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:lambda:us-east-1:111122223333:function:billing-nightly-export"}}}}]]
      }
    }"#;
    let (redaction, text) = redact_same(json);
    assert_gone(&text, &["billing-nightly-export", "111122223333"]);
    assert!(text.contains(":function:function1:live"), "{text}");
    assert_eq!(
        redaction.scenario.description.as_deref(),
        Some("function1 can't be called.")
    );
}

/// The identifiers of the classes added for issue #10 that `text` holds,
/// found independently of the redactor: e-mail addresses, UUIDs, EKS
/// provider ids, Cognito user pools, GitHub organizations and
/// repositories, Kubernetes namespaces and service accounts, Lambda
/// function names.
fn new_class_identifiers(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let word_char = |c: char| c.is_ascii_alphanumeric() || "._%+-@".contains(c);
    for word in text.split(|c: char| !word_char(c)) {
        let word = word.trim_matches('.');
        let is_email = word.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.ends_with("example.com")
        });
        let groups: Vec<&str> = word.split('-').collect();
        let is_uuid = groups.len() == 5
            && groups
                .iter()
                .zip([8, 4, 4, 4, 12])
                .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
            && !word.starts_with("00000000-0000-0000-0000-");
        if is_email || is_uuid {
            found.insert(word.to_string());
        }
    }
    let after = |marker: &str| -> Vec<String> {
        text.match_indices(marker)
            .filter_map(|(at, _)| {
                let glued = text[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || "-_".contains(c));
                if glued && !marker.starts_with(':') {
                    return None;
                }
                let rest = &text[at + marker.len()..];
                let name: String = rest
                    .chars()
                    .take_while(|&c| c.is_ascii_alphanumeric() || "_-.".contains(c))
                    .collect();
                // A wildcard pattern names nobody.
                let wildcard = rest[name.len()..].starts_with(['*', '?', '$']);
                (!wildcard).then_some(name)
            })
            .collect()
    };
    for id in after("amazonaws.com/id/") {
        if id.len() >= 16 && id.chars().any(|c| c.is_ascii_alphabetic()) {
            found.insert(id);
        }
    }
    for marker in ["repo:", "system:serviceaccount:", ":function:"] {
        for name in after(marker) {
            if !name.is_empty() && !is_placeholder(&name) {
                found.insert(name);
            }
        }
    }
    for (at, _) in text.match_indices("\"repo:") {
        let rest = &text[at + 6..];
        if let Some(repo) = rest.split(':').next().and_then(|p| p.split('/').nth(1)) {
            if !repo.is_empty() && !repo.contains('*') && !is_placeholder(repo) {
                found.insert(repo.to_string());
            }
        }
    }
    for (at, _) in text.match_indices("system:serviceaccount:") {
        let rest = &text[at + 22..];
        if let Some(account) = rest.split(':').nth(1) {
            let account: String = account
                .chars()
                .take_while(|&c| c.is_ascii_alphanumeric() || "_-.".contains(c))
                .collect();
            let wildcard = rest
                .split(':')
                .nth(1)
                .is_some_and(|a| a[account.len()..].starts_with(['*', '?', '$']));
            if !account.is_empty() && !wildcard && !is_placeholder(&account) {
                found.insert(account);
            }
        }
    }
    found
}

fn is_placeholder(name: &str) -> bool {
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    stem.len() < name.len()
        && ["org", "repo", "namespace", "serviceaccount", "function"]
            .iter()
            .any(|p| stem.eq_ignore_ascii_case(p))
}

/// Every corpus case: no e-mail address, UUID, EKS or Cognito id, forge
/// name, Kubernetes name or Lambda function name survives redaction unless
/// a note says why it was kept.
#[test]
fn redacted_cases_hold_no_new_class_identifier_unless_kept() {
    let mut checked = 0;
    for (path, scenario) in corpus() {
        let original = serde_json::to_string(&scenario).expect("json");
        let redaction = redact_with_notes(&scenario);
        let redacted = serde_json::to_string(&redaction.scenario).expect("json");
        for id in new_class_identifiers(&original) {
            checked += 1;
            let explained = redaction
                .kept
                .iter()
                .any(|note| note.contains(&format!("`{id}`:")));
            let left = redacted.match_indices(id.as_str()).any(|(at, _)| {
                // A whole token, as IAM names are (`kubernetes.default.svc`
                // holds no namespace `default`), but a sentence's final
                // punctuation ends it.
                let name_char = |c: char| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c);
                let before = redacted[..at].chars().next_back();
                let after = redacted[at + id.len()..]
                    .trim_start_matches(['.', ','])
                    .chars()
                    .next();
                !before.is_some_and(name_char) && !after.is_some_and(name_char)
            });
            assert!(
                !left || explained,
                "{path}: `{id}` left without a note; kept {:?}\n{redacted}",
                redaction.kept
            );
        }
    }
    assert!(checked > 20, "{checked}");
}

/// A tag key is kept (conditions name it), even one that looks like an id,
/// in `aws:TagKeys` values and condition keys alike; only an issuer's id in
/// a claim key changes.
#[test]
fn tag_keys_that_look_like_ids_stay_as_the_tags_have_them() {
    let key = "0a1b2c3d-0000-4000-8000-00000000abcd";
    let json = r#"{
      "request": {"caller": "arn:aws:iam::111122223333:user/u", "role_arn": "arn:aws:iam::111122223333:role/R", "tags": {"KEY": "v1"}},
      "role": {"trust_policy": {"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["sts:AssumeRole", "sts:TagSession"],
        "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["KEY"]}, "StringEquals": {"aws:RequestTag/KEY": "v1"}}}}}
    }"#
    .replace("KEY", key);
    let (redaction, text) = redact_same(&json);
    let tags = redaction.scenario.request.tags.unwrap_or_default();
    assert!(tags.contains_key(key), "{text}");
    assert!(
        text.contains(&format!("\"aws:RequestTag/{key}\"")),
        "{text}"
    );
    // Not in the `aws:TagKeys` value either.
    assert!(!text.contains("00000000-0000-0000-0000-"), "{text}");
}

/// Found by the `redact` fuzz target: a policy given as an object with a
/// repeated key (which IAM refuses) lost the repeat when redacted, and the
/// invalid case became a denied one.
#[test]
fn a_repeated_key_in_an_object_policy_survives_redaction() {
    let text = r#"{"request": {"caller": "arn:aws:iam::111122223333:user/alice",
                               "role_arn": "arn:aws:iam::111122223333:role/Deploy"},
        "caller_policies": {"identity": [], "scps": [[{"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
            "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}]]},
        "role": {"trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "sts:AssumeRole"}]}}}"#;
    let scenario = Scenario::from_json(text).unwrap();
    let before = evaluate(&scenario);
    assert_eq!(before.decision, assumable_core::Decision::Invalid);
    let after = evaluate(&redact(&scenario));
    assert_eq!(after.decision, before.decision, "{}", after.summary);
}

/// Found by the `redact` fuzz target: a role named like an account id
/// (`role/222222222222`) got a name placeholder in the account's place, and
/// the case became invalid.
#[test]
fn a_role_named_like_an_account_id_keeps_a_valid_arn() {
    let text = r#"{"request": {"caller": "arn:aws:iam::055555555555:user/maria",
                               "role_arn": "arn:aws:iam::222222222222:role/222222222222"},
        "role": {"trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}]}}}"#;
    let scenario = Scenario::from_json(text).unwrap();
    let redacted = redact(&scenario);
    assert_eq!(
        evaluate(&redacted).decision,
        evaluate(&scenario).decision,
        "{}",
        redacted.request.role_arn
    );
    assert!(!redacted.request.role_arn.contains("222222222222"));
}

/// Found by the `redact` fuzz target: a Sid holding quotes and line breaks
/// (an SCP pasted into another's Sid) kept them in its placeholder, which is
/// written into the policy text unescaped, and broke the document.
#[test]
fn a_sid_with_quotes_and_line_breaks_redacts_to_valid_json() {
    let scp = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"Full\\\": \\\"*\\\",\\n Access\", \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}";
    let scenario = Scenario::from_json(
        &serde_json::json!({
            "request": {"caller": "arn:aws:iam::111122223333:user/maria",
                        "role_arn": "arn:aws:iam::111122223333:role/Shared"},
            "caller_policies": {"identity": [], "scps": [[scp]]},
            "role": {"trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:user/maria"}, "Action": "sts:AssumeRole"}]}}
        })
        .to_string(),
    )
    .unwrap();
    let redacted = redact(&scenario);
    assert_eq!(
        evaluate(&redacted).decision,
        evaluate(&scenario).decision,
        "{:?}",
        redacted.caller_policies
    );
}

/// A trust policy of `statements` partner statements, each with a statement
/// id and an external id starting `sid` and `external_id`, as an object or
/// as pasted text.
fn partners_case(statements: usize, sid: &str, external_id: &str, as_text: bool) -> String {
    let partner = |n: usize| {
        format!(
            r#"{{"Sid": "{sid}{n:03}", "Effect": "Allow",
              "Principal": {{"AWS": "arn:aws:iam::3000000{n:05}:root"}},
              "Action": "sts:AssumeRole",
              "Condition": {{"StringEquals": {{"sts:ExternalId": "{external_id}{n:04}"}}}}}}"#
        )
    };
    let mut trust = vec![r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}"#.to_string()];
    trust.extend((0..statements).map(partner));
    let trust = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        trust.join(",\n")
    );
    let trust = if as_text {
        serde_json::to_string(&trust).expect("string")
    } else {
        trust
    };
    format!(
        r#"{{"request": {{"action": "sts:AssumeRole",
              "caller": "arn:aws:iam::111111111111:user/deployer",
              "role_arn": "arn:aws:iam::222222222222:role/Deploy",
              "role_session_name": "deploy"}},
            "caller_policies": {{"identity": [{{"Version": "2012-10-17", "Statement": [{{
              "Effect": "Allow", "Action": "sts:AssumeRole",
              "Resource": "arn:aws:iam::222222222222:role/Deploy"}}]}}]}},
            "role": {{"trust_policy": {trust}}}}}"#
    )
}

/// The smallest number of partner statements that puts the trust policy
/// over `limit` counted characters.
fn partners_over(limit: usize, sid: &str, external_id: &str) -> usize {
    (1..200)
        .find(|&n| {
            let scenario =
                Scenario::from_json(&partners_case(n, sid, external_id, true)).expect("scenario");
            let text = scenario.role.trust_policy.text().to_string();
            text.chars().filter(|c| !c.is_ascii_whitespace()).count() > limit
        })
        .expect("some count goes over")
}

#[test]
fn a_policy_over_its_size_quota_stays_over_when_placeholders_are_shorter() {
    // Long statement ids and external ids become `Stmt1`, `external-id-1`:
    // the redacted policy would fall under 4,096 and the invalid case would
    // be allowed (found by the `redact` fuzz target).
    let sid = "PartnerWithAVeryLongStatementIdentifier";
    let external_id = "partner-external-id-";
    let count = partners_over(4_096, sid, external_id);
    for as_text in [true, false] {
        let (redaction, text) = redact_same(&partners_case(count, sid, external_id, as_text));
        assert_eq!(
            evaluate(&redaction.scenario).decision,
            assumable_core::Decision::Invalid
        );
        assert_gone(&text, &["partner-external-id-0001", sid]);
        assert!(redaction.kept.is_empty(), "{:?}", redaction.kept);
    }
}

#[test]
fn a_policy_within_its_size_quota_stays_within_when_placeholders_are_longer() {
    // `A001` and `x0001` become `Stmt12` and `external-id-12`: the redacted
    // policy would go over 2,048 and need a raised quota. The originals that
    // grew it are kept, and said to be.
    let count = partners_over(2_048, "A", "x") - 1;
    let (redaction, _) = redact_same(&partners_case(count, "A", "x", true));
    assert!(
        redaction
            .kept
            .iter()
            .any(|note| note.contains("must stay within its size quota")),
        "{:?}",
        redaction.kept
    );
}

/// A case whose external ID, `length` characters long, ends in a user ARN
/// (`user/NAME`), which redaction shortens or lengthens inside it.
fn external_id_case(length: usize, name: &str) -> String {
    let tail = format!("=arn:aws:iam::111111111111:user/{name}");
    let external_id = format!("{}{tail}", "E".repeat(length.saturating_sub(tail.len())));
    assert_eq!(external_id.len(), length);
    format!(
        r#"{{"request": {{"action": "sts:AssumeRole",
              "caller": "arn:aws:iam::111111111111:user/{name}",
              "role_arn": "arn:aws:iam::222222222222:role/Vendor",
              "role_session_name": "vendor",
              "external_id": "{external_id}"}},
            "caller_policies": {{"identity": [{{"Version": "2012-10-17", "Statement": [{{
              "Effect": "Allow", "Action": "sts:AssumeRole",
              "Resource": "arn:aws:iam::222222222222:role/Vendor"}}]}}]}},
            "role": {{"trust_policy": {{"Version": "2012-10-17", "Statement": [{{
              "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::111111111111:root"}},
              "Action": "sts:AssumeRole"}}]}}}}}}"#
    )
}

#[test]
fn an_external_id_sts_refuses_stays_refused_when_placeholders_are_shorter() {
    // 1,225 characters (one over STS's limit) ending in a long user name:
    // `user1` would bring it to a length STS accepts, and the invalid case
    // would be allowed (found by the `redact` fuzz target).
    let scenario =
        Scenario::from_json(&external_id_case(1_225, "alexandra-the-great")).expect("scenario");
    assert_eq!(
        evaluate(&scenario).decision,
        assumable_core::Decision::Invalid
    );
    let redaction = redact_with_notes(&scenario);
    assert_eq!(
        evaluate(&redaction.scenario).decision,
        assumable_core::Decision::Invalid
    );
    assert!(
        redaction
            .kept
            .iter()
            .any(|note| note.contains("STS must refuse or accept `external_id`")),
        "{:?}",
        redaction.kept
    );
}

#[test]
fn twelve_digits_compared_as_a_date_or_number_keep_their_order() {
    // `aws:EpochTime` 179534160019 (twelve digits, so an account id to the
    // redactor) is after the end of 2026; `000000000001` would be before it,
    // and a denied case would be allowed (found by the `redact` fuzz target).
    let case = |operator: &str, key: &str, policy_value: &str, value: &str| {
        format!(
            r#"{{"request": {{"caller": "arn:aws:iam::444455556666:user/jonas",
              "role_arn": "arn:aws:iam::777788889999:role/Contractor",
              "context": {{"{key}": "{value}"}}}},
              "caller_policies": {{"identity": [{{"Version": "2012-10-17", "Statement": [
                {{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}]}}]}},
              "role": {{"trust_policy": {{"Version": "2012-10-17", "Statement": [
                {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::444455556666:root"}},
                  "Action": "sts:AssumeRole",
                  "Condition": {{"{operator}": {{"{key}": "{policy_value}"}}}}}}]}}}}}}"#
        )
    };
    for (operator, key, policy_value, value) in [
        (
            "DateLessThan",
            "aws:EpochTime",
            "2026-12-31T23:59:59Z",
            "179534160019",
        ),
        (
            "NumericLessThan",
            "aws:MultiFactorAuthAge",
            "3600",
            "179534160019",
        ),
        (
            "NumericGreaterThan",
            "aws:MultiFactorAuthAge",
            "111111111111",
            "222222222222",
        ),
    ] {
        let scenario =
            Scenario::from_json(&case(operator, key, policy_value, value)).expect("scenario");
        let redaction = redact_with_notes(&scenario);
        assert_eq!(
            evaluate(&scenario).decision,
            evaluate(&redaction.scenario).decision,
            "{operator} {key}: {:?}",
            redaction.kept
        );
        assert!(
            redaction.kept.iter().any(|note| note.contains(value)),
            "{operator} {key}: {:?}",
            redaction.kept
        );
    }
}
