//! Import of what federation hands a person (IMPORT_FORMATS.md §6.9–§6.11):
//! an OIDC token or its claims, and a SAML response, each merged with the
//! role's trust policy into a case the evaluator decides.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::json;

use super::*;
use crate::report::Decision;

fn input(source: &str, text: &str) -> ImportInput {
    ImportInput {
        source: source.to_string(),
        text: text.to_string(),
    }
}

const GITHUB_TRUST: &str = r#"{"Role": {"RoleName": "Deploy",
  "Arn": "arn:aws:iam::111122223333:role/Deploy",
  "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                  "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:*"}}}]},
  "MaxSessionDuration": 3600}}"#;

fn github_token(sub: &str) -> String {
    let claims = json!({"sub": sub, "aud": "sts.amazonaws.com",
        "repository": "octo-org/octo-repo", "actor": "octocat",
        "iss": "https://token.actions.githubusercontent.com", "exp": 1_632_493_867});
    format!(
        "{}.{}.signature",
        URL_SAFE_NO_PAD.encode(json!({"alg": "RS256", "kid": "k"}).to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

#[test]
fn a_token_and_the_role_make_a_web_identity_case() {
    for (sub, decision) in [
        (
            "repo:octo-org/octo-repo:ref:refs/heads/main",
            Decision::Allow,
        ),
        (
            "repo:octo-org/other-repo:ref:refs/heads/main",
            Decision::Deny,
        ),
    ] {
        let outcome = import(
            &[
                input("role.json", GITHUB_TRUST),
                input("token.txt", &format!("Bearer {}", github_token(sub))),
            ],
            None,
        );
        assert!(
            outcome.unrecognized.is_empty(),
            "{:?}",
            outcome.unrecognized
        );
        let token = &outcome.recognized[1];
        assert_eq!(token.format, "oidc-token");
        assert!(
            token.filled.contains(&"request.caller".to_string()),
            "{:?}",
            token.filled
        );
        let request = &outcome.scenario.request;
        assert_eq!(request.action(), "sts:AssumeRoleWithWebIdentity");
        assert_eq!(request.caller, "token.actions.githubusercontent.com");
        assert_eq!(request.role_arn, "arn:aws:iam::111122223333:role/Deploy");
        let serialized = outcome.scenario.to_json_pretty();
        assert!(
            !serialized.contains("signature"),
            "the token itself is never kept"
        );
        assert_eq!(
            crate::evaluate(&outcome.scenario).decision,
            decision,
            "{sub}"
        );
    }
}

const SAML_TRUST: &str = r#"{"Version": "2012-10-17", "Statement": [{
  "Effect": "Allow",
  "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/Okta"},
  "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"],
  "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}]}"#;

fn saml_response(recipient: &str) -> String {
    format!(
        r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">
<saml:Issuer>http://www.okta.com/exk1</saml:Issuer>
<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">ada</saml:NameID>
<saml:SubjectConfirmation><saml:SubjectConfirmationData Recipient="{recipient}"/></saml:SubjectConfirmation></saml:Subject>
<saml:AttributeStatement>
<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue>arn:aws:iam::111122223333:role/Admin,arn:aws:iam::111122223333:saml-provider/Okta</saml:AttributeValue></saml:Attribute>
<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>ada</saml:AttributeValue></saml:Attribute>
<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/PrincipalTag:team"><saml:AttributeValue>blue</saml:AttributeValue></saml:Attribute>
</saml:AttributeStatement></saml:Assertion></samlp:Response>"#
    )
}

#[test]
fn a_saml_response_and_the_trust_make_a_saml_case() {
    for (recipient, decision) in [
        ("https://signin.aws.amazon.com/saml", Decision::Allow),
        ("https://example.com/acs", Decision::Deny),
    ] {
        let encoded = STANDARD.encode(saml_response(recipient));
        let outcome = import(
            &[input("trust.json", SAML_TRUST), input("saml.txt", &encoded)],
            None,
        );
        assert!(
            outcome.unrecognized.is_empty(),
            "{:?}",
            outcome.unrecognized
        );
        assert_eq!(outcome.recognized[1].format, "saml-response");
        let request = &outcome.scenario.request;
        assert_eq!(request.action(), "sts:AssumeRoleWithSAML");
        assert_eq!(
            request.caller,
            "arn:aws:iam::111122223333:saml-provider/Okta"
        );
        assert_eq!(request.role_arn, "arn:aws:iam::111122223333:role/Admin");
        assert_eq!(request.role_session_name.as_deref(), Some("ada"));
        assert_eq!(
            request
                .tags
                .as_ref()
                .and_then(|tags| tags.get("team"))
                .map(String::as_str),
            Some("blue")
        );
        assert_eq!(
            crate::evaluate(&outcome.scenario).decision,
            decision,
            "{recipient}"
        );
    }
}

#[test]
fn the_unrecognised_message_names_tokens_and_saml() {
    let outcome = import(&[input("x.txt", "nothing to see")], None);
    let error = &outcome.unrecognized[0].error;
    assert!(
        error.contains("OIDC token") && error.contains("SAML response"),
        "{error}"
    );
}
