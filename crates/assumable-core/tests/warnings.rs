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

/// A context value with a zero-width space looks like the policy's value but
/// does not match it: `request.format` warns and names the character and its
/// position, and no fix copies the value into the policy.
#[test]
fn invisible_characters_in_request_values_are_named_and_never_copied() {
    let scenario = r#"{"request": {"caller": "arn:aws:iam::123456789012:user/ana",
        "role_arn": "arn:aws:iam::123456789012:role/app", "role_session_name": "ana",
        "context": {"aws:SourceVpce": "vpce-1a\u200b2b", "aws:PrincipalTag/team": "dev\u202eops"}},
      "caller_policies": {"identity": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": "sts:AssumeRole", "Resource": "*"}]}]},
      "role": {"trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::123456789012:user/ana"}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b"}}}]}}}"#;
    let (decision, status, detail) = status_of(scenario, CheckId::RequestFormat);
    assert_eq!(
        (decision, status),
        (Decision::Deny, Status::Warn),
        "{detail}"
    );
    assert!(
        detail.contains("U+200B (a zero-width space) at character 8"),
        "{detail}"
    );
    assert!(detail.contains("`vpce-1a<U+200B>2b`"), "{detail}");
    assert!(
        detail
            .contains("U+202E (a right-to-left override, a bidirectional control) at character 4"),
        "{detail}"
    );
    assert!(!detail.contains('\u{202e}'), "{detail}");

    let report = assumable_core::evaluate_json(scenario).expect("a valid scenario");
    let conditions = report
        .check(CheckId::TrustConditions)
        .expect("every report has every check");
    assert_eq!(conditions.status, Status::Fail);
    for fix in conditions.fix.iter().chain(&conditions.alternatives) {
        assert!(!fix.title.contains('\u{200b}'), "{}", fix.title);
        for edit in &fix.edits {
            let text = serde_json::to_string(edit).expect("an edit serializes");
            assert!(
                !text.contains('\u{200b}') && !text.contains("\\u200b"),
                "{text}"
            );
        }
    }
}
