//! Warnings: risky setups that still allow. The corpus asserts decisions and
//! failing checks; these assert the `warn` status and its reason.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers, not only #[test] functions (clippy.toml), may fail loudly"
)]

use assumable_core::evaluate_json;
use assumable_core::report::{CheckId, Decision, Status};

/// A web identity call from `host` to a role whose trust names `federated`
/// and holds `conditions`.
fn web_identity(host: &str, federated: &str, conditions: &str, context: &str) -> String {
    format!(
        r#"{{"request": {{"action": "sts:AssumeRoleWithWebIdentity", "caller": "{host}",
            "role_arn": "arn:aws:iam::123456789012:role/app", "role_session_name": "web", "context": {context}}},
          "role": {{"trust_policy": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow",
            "Principal": {{"Federated": "{federated}"}}, "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {conditions}}}]}}}}}}"#
    )
}

fn other_conditions(scenario: &str) -> (Decision, Status, String) {
    status_of(scenario, CheckId::TrustConditions)
}

/// Each provider's tokens are narrowed by its own claim: `aud` for Google,
/// `app_id` for Login with Amazon and Facebook, `sub` for GitHub.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif>
#[test]
fn web_identity_trust_warns_without_the_providers_narrowing_claim() {
    let google = |conditions: &str| {
        web_identity(
            "accounts.google.com",
            "accounts.google.com",
            conditions,
            r#"{"accounts.google.com:aud": "123.apps.googleusercontent.com", "accounts.google.com:sub": "1099"}"#,
        )
    };
    let (decision, status, detail) = other_conditions(&google(
        r#"{"StringEquals": {"accounts.google.com:sub": "1099"}}"#,
    ));
    assert_eq!(
        (decision, status),
        (Decision::Allow, Status::Warn),
        "{detail}"
    );
    assert!(detail.contains("accounts.google.com:aud"), "{detail}");

    let (_, status, detail) = other_conditions(&google(
        r#"{"StringEquals": {"accounts.google.com:aud": "123.apps.googleusercontent.com"}}"#,
    ));
    assert_eq!(status, Status::Pass, "{detail}");

    let amazon = web_identity(
        "www.amazon.com",
        "www.amazon.com",
        r#"{"StringEquals": {"www.amazon.com:app_id": "amzn1.application.1"}}"#,
        r#"{"www.amazon.com:app_id": "amzn1.application.1"}"#,
    );
    let (_, status, detail) = other_conditions(&amazon);
    assert_eq!(status, Status::Pass, "{detail}");

    let github = web_identity(
        "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
        "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
        r#"{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}"#,
        r#"{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}"#,
    );
    let (decision, status, detail) = other_conditions(&github);
    assert_eq!(
        (decision, status),
        (Decision::Allow, Status::Warn),
        "{detail}"
    );
    assert!(
        detail.contains("token.actions.githubusercontent.com:sub"),
        "{detail}"
    );
}

/// "ForAllValues ... returns true if there are no context keys in the
/// request", which "can lead to overly permissive policies".
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html>
#[test]
fn for_all_values_over_an_absent_key_warns() {
    let scenario =
        include_str!("../../../tests/cases/allow/forallvalues-single-valued-key-absent.json");
    let (decision, status, detail) = other_conditions(scenario);
    assert_eq!(
        (decision, status),
        (Decision::Allow, Status::Warn),
        "{detail}"
    );
    assert!(detail.contains("\"Null\""), "{detail}");
}

fn status_of(scenario: &str, id: CheckId) -> (Decision, Status, String) {
    let report = match evaluate_json(scenario) {
        Ok(report) => report,
        Err(error) => panic!("{error}"),
    };
    let check = report.check(id).expect("every report has every check");
    (report.decision, check.status, check.detail.to_string())
}

/// MFA conditions that long-term access keys slip past: an Allow on
/// `BoolIfExists ... true`, a Deny on `Bool ... false`.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html>
#[test]
fn mfa_conditions_that_long_term_keys_slip_past_warn() {
    let allow =
        include_str!("../../../tests/cases/allow/warn-allow-boolifexists-mfa-true-long-term.json");
    let (decision, status, detail) = status_of(allow, CheckId::TrustMfa);
    assert_eq!(
        (decision, status),
        (Decision::Allow, Status::Warn),
        "{detail}"
    );
    assert!(detail.contains("does not require MFA"), "{detail}");

    let deny =
        include_str!("../../../tests/cases/allow/warn-deny-bool-mfa-false-long-term-keys.json");
    let (decision, status, detail) = status_of(deny, CheckId::TrustDeny);
    assert_eq!(
        (decision, status),
        (Decision::Allow, Status::Warn),
        "{detail}"
    );
    assert!(detail.contains("BoolIfExists"), "{detail}");
}

/// A token's claim given for a call that carries no token is flagged and
/// ignored: it can never satisfy a condition, so a statement bent to need it
/// does not allow an sts:AssumeRole made with IAM credentials.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif>
#[test]
fn a_token_claim_on_an_iam_call_is_flagged_and_never_met() {
    let scenario = r#"{
      "request": {
        "caller": "arn:aws:sts::111122223333:assumed-role/app-role/pod",
        "role_arn": "arn:aws:iam::111122223333:role/app-role",
        "context": { "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main" }
      },
      "role": { "trust_policy": { "Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Principal": { "AWS": "arn:aws:iam::111122223333:role/app-role" },
        "Action": "sts:AssumeRole",
        "Condition": { "StringEquals": {
          "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"
        } }
      }] } }
    }"#;
    let (decision, status, detail) = status_of(scenario, CheckId::RequestFormat);
    assert_eq!(status, Status::Warn, "{detail}");
    assert!(detail.contains("carries no such token"), "{detail}");
    assert_eq!(decision, Decision::Deny);
    let (_, status, detail) = status_of(scenario, CheckId::TrustConditions);
    assert_eq!(status, Status::Fail, "{detail}");

    // The same claim on the web identity call that carries the token counts.
    let web = scenario
        .replace(
            r#""caller": "arn:aws:sts::111122223333:assumed-role/app-role/pod","#,
            r#""action": "sts:AssumeRoleWithWebIdentity", "caller": "token.actions.githubusercontent.com","#,
        )
        .replace(
            r#""AWS": "arn:aws:iam::111122223333:role/app-role""#,
            r#""Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com""#,
        )
        .replace(r#""sts:AssumeRole","#, r#""sts:AssumeRoleWithWebIdentity","#);
    let (decision, status, detail) = status_of(&web, CheckId::RequestFormat);
    assert_eq!(
        (decision, status),
        (Decision::Allow, Status::Pass),
        "{detail}"
    );
}
