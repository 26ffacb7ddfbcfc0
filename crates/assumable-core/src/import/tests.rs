//! Import of AWS error messages: every verbatim example of
//! `IMPORT_FORMATS.md` §3.2, §3.3, §4 and §5, bare and wrapped, broken over
//! lines and in gutters; merging; unrecognised and hostile input.

use super::*;

fn input(source: &str, text: &str) -> ImportInput {
    ImportInput {
        source: source.to_string(),
        text: text.to_string(),
    }
}

/// Imports one paste and returns the outcome and its one reading.
fn read(text: &str) -> (ImportOutcome, Recognized) {
    let outcome = import(&[input("err.txt", text)], None);
    assert!(outcome.unrecognized.is_empty(), "not recognised: {text}");
    let recognized = outcome.recognized.first().expect("one reading").clone();
    (outcome, recognized)
}

fn message(outcome: &ImportOutcome) -> &str {
    outcome
        .scenario
        .observed
        .as_ref()
        .map(|observed| observed.message.as_str())
        .expect("observed")
}

/// What a paste must fill: (action, caller, role ARN, evidence).
struct Expect<'a> {
    action: Option<&'a str>,
    caller: &'a str,
    role_arn: &'a str,
    evidence: &'a [&'a str],
}

fn check(text: &str, expect: Expect<'_>) -> (ImportOutcome, Recognized) {
    let (outcome, recognized) = read(text);
    let request = &outcome.scenario.request;
    assert_eq!(request.action.as_deref(), expect.action, "action of {text}");
    assert_eq!(request.caller, expect.caller, "caller of {text}");
    assert_eq!(request.role_arn, expect.role_arn, "role of {text}");
    assert_eq!(recognized.evidence, expect.evidence, "evidence of {text}");
    let observed = outcome.scenario.observed.as_ref().expect("observed");
    assert_eq!(observed.evidence, expect.evidence);
    (outcome, recognized)
}

// §3.2: the IAM User Guide's documented examples.

#[test]
fn documented_trust_policy_examples_broken_after_perform() {
    let (outcome, recognized) = check(
        "User: arn:aws:iam::123456789012:user/John is not authorized to perform:\nsts:AssumeRole because no role trust policy allows the sts:AssumeRole action",
        Expect {
            action: Some("sts:AssumeRole"),
            caller: "arn:aws:iam::123456789012:user/John",
            role_arn: "",
            evidence: &["trust.*"],
        },
    );
    assert_eq!(
        message(&outcome),
        "User: arn:aws:iam::123456789012:user/John is not authorized to perform: sts:AssumeRole because no role trust policy allows the sts:AssumeRole action"
    );
    assert_eq!(recognized.format, "access-denied-message");
    assert_eq!(
        recognized.filled,
        ["request.action", "request.caller", "observed"]
    );
    // No "on resource:": the role ARN stays absent, never guessed.
    assert!(!recognized.filled.contains(&"request.role_arn".to_string()));

    check(
        "User: arn:aws:iam::777788889999:user/John is not authorized to perform:\r\nsts:AssumeRole with an explicit deny in the role trust policy",
        Expect {
            action: Some("sts:AssumeRole"),
            caller: "arn:aws:iam::777788889999:user/John",
            role_arn: "",
            evidence: &["trust.deny"],
        },
    );
    // The archived 2023 page's typo.
    check(
        "User: arn:aws:iam::123456789012:user/John is not authorized to perform: sts:AssumeRole because the role trust policy allows the sts:AssumeRole action",
        Expect {
            action: Some("sts:AssumeRole"),
            caller: "arn:aws:iam::123456789012:user/John",
            role_arn: "",
            evidence: &["trust.*"],
        },
    );
}

#[test]
fn every_documented_clause_names_its_check() {
    let clauses: [(&str, &[&str]); 15] = [
        ("because no identity-based policy allows the sts:AssumeRole action", &["identity.allow"]),
        ("with an explicit deny in an identity-based policy", &["identity.deny"]),
        ("because no service control policy allows the sts:AssumeRole action", &["scp.allow"]),
        ("with an explicit deny in a service control policy", &["scp.allow"]),
        ("due to an explicit deny in a Service Control Policy", &["scp.allow"]),
        ("with an explicit deny in a resource control policy", &["rcp.allow"]),
        ("because no permissions boundary allows the sts:AssumeRole action", &["boundary.allow"]),
        ("with an explicit deny in a permissions boundary", &["boundary.allow"]),
        ("because no session policy allows the sts:AssumeRole action", &[]),
        ("with an explicit deny in a sessions policy", &[]),
        ("because no resource-based policy allows the sts:AssumeRole action", &["trust.*"]),
        ("with an explicit deny in a resource-based policy", &["trust.deny"]),
        ("with an explicit deny in a VPC endpoint policy", &[]),
        ("with an explicit deny in a VPC endpoint policy transitively through a service control policy", &[]),
        ("because no role trust policy allows the sts:AssumeRole action", &["trust.*"]),
    ];
    for (clause, evidence) in clauses {
        let text = format!(
            "User: arn:aws:iam::123456789012:role/HR is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Target {clause}"
        );
        let (outcome, recognized) = check(
            &text,
            Expect {
                action: Some("sts:AssumeRole"),
                caller: "arn:aws:iam::123456789012:role/HR",
                role_arn: "arn:aws:iam::123456789012:role/Target",
                evidence,
            },
        );
        assert_eq!(message(&outcome), text, "the whole message is kept");
        if evidence.is_empty() {
            assert_eq!(recognized.warnings.len(), 1, "{clause}: {recognized:?}");
        }
    }
}

#[test]
fn the_denying_policy_arn_is_a_surface() {
    let scp =
        "arn:aws:organizations::987654321098:policy/o-qv5af4abcd/service_control_policy/p-2kgnabcd";
    let (outcome, recognized) = check(
        &format!("An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/Deploy with an explicit deny in a service control policy: {scp}"),
        Expect {
            action: Some("sts:AssumeRole"),
            caller: "arn:aws:iam::111122223333:user/ci",
            role_arn: "arn:aws:iam::444455556666:role/Deploy",
            evidence: &["scp.allow"],
        },
    );
    assert_eq!(recognized.surfaces, [scp]);
    let observed = outcome.scenario.observed.as_ref().expect("observed");
    assert_eq!(observed.surfaces, [scp]);
    assert!(recognized
        .notes
        .iter()
        .any(|note| note.contains("o-qv5af4abcd")));
    // Not filled: the organization is a note, the context stays as it was.
    assert_eq!(outcome.scenario.request.context, None);

    let identity = "arn:aws:iam::111122223333:policy/DenyProd";
    let (_, recognized) = read(&format!(
        "User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/Prod with an explicit deny in an identity-based policy: {identity}."
    ));
    assert_eq!(recognized.evidence, ["identity.deny"]);
    assert_eq!(recognized.surfaces, [identity]);
}

#[test]
fn a_message_about_another_action_fills_nothing() {
    let (outcome, recognized) = read(
        "User: arn:aws:iam::123456789012:role/HR is not authorized to perform: codecommit:ListRepositories because no identity-based policy allows the codecommit:ListRepositories action",
    );
    assert!(recognized.filled.is_empty());
    assert!(recognized.warnings[0].contains("codecommit:ListRepositories"));
    assert_eq!(outcome.scenario, Scenario::default());
    let (_, recognized) = read("User: arn:aws:iam::123456789012:user/x is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:123456789012:secret:* with an explicit deny in a resource control policy");
    assert!(recognized.filled.is_empty());
}

// §3.3: real STS pastes.

#[test]
fn the_legacy_form_names_no_check() {
    let (outcome, recognized) = check(
        "An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::947247140022:user/testenv is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::429217632764:role/account-balanceasdas",
        Expect {
            action: Some("sts:AssumeRole"),
            caller: "arn:aws:iam::947247140022:user/testenv",
            role_arn: "arn:aws:iam::429217632764:role/account-balanceasdas",
            evidence: &[],
        },
    );
    assert_eq!(
        recognized.filled,
        [
            "request.action",
            "request.caller",
            "request.role_arn",
            "observed"
        ]
    );
    assert!(message(&outcome).starts_with("User: arn:aws:iam::947247140022:user/testenv"));
    assert!(recognized
        .notes
        .iter()
        .any(|note| note.contains("names no policy type")));
}

#[test]
fn an_enhanced_message_in_a_lambda_error() {
    check(
        r#"{"errorType": "AccessDenied", "errorMessage": "User: arn:aws:sts::568672915267:assumed-role/isb-lease-costs-collector-role/isb-lease-costs-collector is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::955063685555:role/isb-lease-costs-explorer-role because no identity-based policy allows the sts:AssumeRole action", "trace": ["AccessDenied: User: ...", "    at ProtocolQueryCompatibleMixin.decorateError"]}"#,
        Expect {
            action: Some("sts:AssumeRole"),
            caller: "arn:aws:sts::568672915267:assumed-role/isb-lease-costs-collector-role/isb-lease-costs-collector",
            role_arn: "arn:aws:iam::955063685555:role/isb-lease-costs-explorer-role",
            evidence: &["identity.allow"],
        },
    );
}

#[test]
fn the_short_form() {
    let (outcome, _) = check(
        "An error occurred (AccessDenied) when calling the AssumeRole operation: Not authorized to perform sts:AssumeRole",
        Expect { action: Some("sts:AssumeRole"), caller: "", role_arn: "", evidence: &[] },
    );
    assert_eq!(
        message(&outcome),
        "Not authorized to perform sts:AssumeRole"
    );
    check(
        "AccessDenied: Not authorized to perform sts:AssumeRole\n    at Request.extractError (/var/task/node_modules/aws-sdk/lib/protocol/query.js:47:29)\n    at Request.callListeners (/var/task/node_modules/aws-sdk/lib/sequential_executor.js:105:20)",
        Expect { action: Some("sts:AssumeRole"), caller: "", role_arn: "", evidence: &[] },
    );
}

#[test]
fn session_permissions_point_at_the_session_checks() {
    let (_, recognized) = check(
        "An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::123456789012:assumed-role/IambicSpokeRole/iambic is not authorized to perform: sts:SetSourceIdentity on resource: arn:aws:iam::123456789012:role/IambicHubRole",
        Expect {
            action: Some("sts:AssumeRole"),
            caller: "arn:aws:sts::123456789012:assumed-role/IambicSpokeRole/iambic",
            role_arn: "arn:aws:iam::123456789012:role/IambicHubRole",
            evidence: &["session.source_identity"],
        },
    );
    assert!(recognized.warnings[0].contains("source identity"));
    // Without a wrapper the call is not named: the action stays absent.
    let (_, recognized) = check(
        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:TagSession on resource: arn:aws:iam::123456789012:role/Deploy",
        Expect {
            action: None,
            caller: "arn:aws:iam::123456789012:user/ci",
            role_arn: "arn:aws:iam::123456789012:role/Deploy",
            evidence: &["session.tags"],
        },
    );
    assert!(recognized
        .notes
        .iter()
        .any(|note| note.contains("permission of the AssumeRole call")));
}

// §4: the wrappers.

#[test]
fn terraform_gutters_wrap_the_go_sdk_error() {
    let paste = "\u{1b}[31m╷\u{1b}[0m\n│ Error: Cannot assume IAM Role\n│ \n│   with provider[\"registry.terraform.io/hashicorp/aws\"],\n│   on main.tf line 1, in provider \"aws\":\n│    1: provider \"aws\" {\n│ \n│ IAM Role (arn:aws:iam::123456789012:role/Deploy) cannot be assumed.\n│ \n│ There are a number of possible causes of this - the most common are:\n│   * The credentials used in order to assume the role are invalid\n│   * The credentials do not have appropriate permission to assume the role\n│   * The role ARN is not valid\n│ \n│ Error: operation error STS: AssumeRole, https response error StatusCode:\n│ 403, RequestID: 2a5c3d4e-1111-2222-3333-444455556666, api error\n│ AccessDenied: User: arn:aws:iam::111122223333:user/ci is not authorized to\n│ perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Deploy\n╵\n";
    let (outcome, _) = check(
        paste,
        Expect {
            action: Some("sts:AssumeRole"),
            caller: "arn:aws:iam::111122223333:user/ci",
            role_arn: "arn:aws:iam::123456789012:role/Deploy",
            evidence: &[],
        },
    );
    assert_eq!(
        message(&outcome),
        "User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Deploy"
    );
    // The trust-policy form has no "on resource:": Terraform's own sentence names the role.
    let (outcome, _) = read("│ Error: error configuring Terraform AWS Provider: IAM Role (arn:aws:iam::123456789012:role/Deploy) cannot be assumed.\n│ Error: operation error STS: AssumeRole, https response error StatusCode: 403, RequestID: x, api error AccessDenied: User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole because no role trust policy allows the sts:AssumeRole action");
    assert_eq!(
        outcome.scenario.request.role_arn,
        "arn:aws:iam::123456789012:role/Deploy"
    );
}

#[test]
fn each_sdk_wrapper_is_read_through() {
    let core = "User: arn:aws:iam::123456789012:user/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::210987654321:role/y";
    let wrapped = [
        format!("botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the AssumeRole operation: {core}"),
        format!("aws: [ERROR]: An error occurred (AccessDenied) when calling the AssumeRole operation: {core}"),
        format!("$ aws sts assume-role --role-arn arn:aws:iam::210987654321:role/y --role-session-name s\n\nAn error occurred (AccessDenied) when calling the AssumeRole operation: {core}\n"),
        format!("failed to refresh cached credentials, operation error STS: AssumeRole, exceeded maximum number of attempts, 3, https response error StatusCode: 403, RequestID: 9f1c, api error AccessDenied: {core}"),
        format!("AccessDenied: {core}\n\tstatus code: 403, request id: 8f3e4c1a-0000-4e5b-9c7e-1234567890ab"),
        format!("com.amazonaws.services.securitytoken.model.AWSSecurityTokenServiceException: {core} (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied; Request ID: 5b0e; Proxy: null)\n\tat com.amazonaws.http.AmazonHttpClient$RequestExecutor.handleErrorResponse(AmazonHttpClient.java:1879)"),
        format!("software.amazon.awssdk.services.sts.model.StsException: {core} (Service: Sts, Status Code: 403, Request ID: 5b0e) (SDK Attempt Count: 1)"),
        format!("Error executing \"AssumeRole\" on \"https://sts.eu-west-1.amazonaws.com\"; AWS HTTP error: Client error: `POST https://sts.eu-west-1.amazonaws.com` resulted in a `403 Forbidden` response:\n<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>AccessDenied</Code>\n    <Message>User: arn:aws:iam::1 (truncated...)\n AccessDenied (client): {core} - <?xml version=\"1.0\"?>"),
        format!("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>AccessDenied</Code>\n    <Message>{core}</Message>\n  </Error>\n  <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>\n</ErrorResponse>"),
        format!("{{\"Error\":{{\"Code\":\"AccessDenied\",\"Message\":\"{core}\",\"Type\":\"Sender\"}},\"RequestId\":\"1\"}}"),
        format!("{{\"eventSource\": \"sts.amazonaws.com\", \"eventName\": \"AssumeRole\", \"errorCode\": \"AccessDenied\", \"errorMessage\": \"{core}\"}}"),
        format!("2024-05-01T10:00:00.1234567Z ##[error]Could not assume role with OIDC: {core}"),
        "Traceback (most recent call last):\n  File \"deploy.py\", line 3, in <module>\n    sts.assume_role(RoleArn=arn, RoleSessionName=\"s\")\nbotocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::123456789012:user/x is not\nauthorized to perform: sts:AssumeRole on resource:\n\"arn:aws:iam::210987654321:role/y\".\n".to_string(),
    ];
    for text in wrapped {
        let (outcome, _) = check(
            &text,
            Expect {
                action: Some("sts:AssumeRole"),
                caller: "arn:aws:iam::123456789012:user/x",
                role_arn: "arn:aws:iam::210987654321:role/y",
                evidence: &[],
            },
        );
        let said = message(&outcome);
        assert!(
            said.starts_with("User: arn:aws:iam::123456789012:user/x is not authorized"),
            "{said}"
        );
        assert!(
            said.ends_with("role/y") || said.ends_with("role/y\""),
            "{said}"
        );
    }
}

#[test]
fn the_role_named_beside_a_trust_message_is_read() {
    let (outcome, recognized) = read("$ aws sts assume-role --role-arn arn:aws:iam::444455556666:role/Deploy --role-session-name s\n\nAn error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole because no role trust policy allows the sts:AssumeRole action\n");
    assert_eq!(
        outcome.scenario.request.role_arn,
        "arn:aws:iam::444455556666:role/Deploy"
    );
    assert!(recognized.filled.contains(&"request.role_arn".to_string()));
    // The message's own resource wins over the echoed command.
    let (outcome, _) = read("$ aws sts assume-role --role-arn arn:aws:iam::444455556666:role/Typo\nUser: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/Deploy");
    assert_eq!(
        outcome.scenario.request.role_arn,
        "arn:aws:iam::444455556666:role/Deploy"
    );
}

#[test]
fn configure_aws_credentials_calls_with_web_identity() {
    let (outcome, recognized) = check(
        "Assuming role with OIDC\nAssuming role with OIDC\nAssuming role with OIDC\nError: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity\n",
        Expect {
            action: Some("sts:AssumeRoleWithWebIdentity"),
            // The action calls with a GitHub Actions token: its issuer.
            caller: "token.actions.githubusercontent.com",
            role_arn: "",
            evidence: &["trust.*"],
        },
    );
    assert_eq!(
        message(&outcome),
        "Not authorized to perform sts:AssumeRoleWithWebIdentity"
    );
    assert!(recognized
        .notes
        .iter()
        .any(|note| note.contains("role does not exist")));
    assert!(recognized
        .notes
        .iter()
        .any(|note| note.contains("GitHub Enterprise Server")));
}

// §5: the other STS errors.

#[test]
fn root_and_duration_errors_point_at_their_checks() {
    let (outcome, recognized) = check(
        "aws: [ERROR]: An error occurred (AccessDenied) when calling the AssumeRole operation: Roles may not be assumed by root accounts.",
        Expect { action: Some("sts:AssumeRole"), caller: "", role_arn: "", evidence: &["request.caller"] },
    );
    assert_eq!(recognized.format, "sts-error-message");
    assert_eq!(
        message(&outcome),
        "Roles may not be assumed by root accounts."
    );
    check(
        r#"{"Error":{"Code":"AccessDenied","Message":"Roles may not be assumed by root accounts.","Type":"Sender"},"RequestId":"d5c6c4b0"}"#,
        Expect {
            action: None,
            caller: "",
            role_arn: "",
            evidence: &["request.caller"],
        },
    );
    check(
        "ValidationError: The requested DurationSeconds exceeds the MaxSessionDuration set for this role.\n\tstatus code: 400, request id: 1d2c",
        Expect { action: None, caller: "", role_arn: "", evidence: &["session.duration"] },
    );
    check(
        "An error occurred (ValidationError) when calling the AssumeRole operation: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
        Expect { action: Some("sts:AssumeRole"), caller: "", role_arn: "", evidence: &["session.duration"] },
    );
}

#[test]
fn validation_errors_fill_the_value_they_quote() {
    let (outcome, recognized) = check(
        "An error occurred (ValidationError) when calling the AssumeRole operation: 1 validation error detected: Value '50000' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200",
        Expect { action: Some("sts:AssumeRole"), caller: "", role_arn: "", evidence: &["request.format"] },
    );
    assert_eq!(
        outcome.scenario.request.duration_seconds,
        Some(serde_json::json!(50000))
    );
    assert!(recognized
        .filled
        .contains(&"request.duration_seconds".to_string()));

    let (outcome, _) = read("com.amazonaws.services.securitytoken.model.AWSSecurityTokenServiceException: 1 validation error detected: Value 'pic-ro- 6ACCOUNTNUMBER6' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* (Service: AWSSecurityTokenService; Status Code: 400; Error Code: ValidationError; Request ID: 1)");
    assert_eq!(
        outcome.scenario.request.role_session_name.as_deref(),
        Some("pic-ro- 6ACCOUNTNUMBER6")
    );

    let (outcome, _) = read("1 validation error detected: Value 'XMode Social' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*");
    assert_eq!(
        outcome.scenario.request.external_id.as_deref(),
        Some("XMode Social")
    );

    let (outcome, _) = read("An error occurred (ValidationError) when calling the AssumeRole operation: 1 validation error detected: Value 'a-very-long-session-name-that-goes-on-and-on-and-on-past-sixty-four-chars' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64");
    assert_eq!(
        message(&outcome),
        "1 validation error detected: Value 'a-very-long-session-name-that-goes-on-and-on-and-on-past-sixty-four-chars' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64"
    );
}

#[test]
fn causes_no_check_models_are_warnings() {
    let (outcome, recognized) = read(
        "Enter MFA code for arn:aws:iam::123456789012:mfa/alice: \n\nAn error occurred (AccessDenied) when calling the AssumeRole operation: MultiFactorAuthentication failed with invalid MFA one time pass code. ",
    );
    assert!(recognized.warnings[0].contains("MFA code"));
    assert!(recognized.evidence.is_empty());
    let mfa = outcome.scenario.request.mfa.as_ref().expect("mfa");
    assert_eq!(
        mfa.serial_number.as_deref(),
        Some("arn:aws:iam::123456789012:mfa/alice")
    );

    let (_, recognized) = read("An error occurred (InvalidClientTokenId) when calling the AssumeRole operation: The security token included in the request is invalid.");
    assert!(recognized.warnings[0].contains("credentials"));

    let (outcome, recognized) = read("An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Incorrect token audience");
    assert_eq!(
        outcome.scenario.request.action.as_deref(),
        Some("sts:AssumeRoleWithWebIdentity")
    );
    assert!(recognized.warnings[0].contains("aud"));

    let (outcome, recognized) = read("InvalidIdentityTokenException: An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: No OpenIDConnect provider found in your account for https://studio.dvc.ai/api");
    assert_eq!(outcome.scenario.request.caller, "studio.dvc.ai/api");
    assert!(recognized.warnings[0].contains("OIDC identity provider"));
    assert_eq!(
        message(&outcome),
        "No OpenIDConnect provider found in your account for https://studio.dvc.ai/api"
    );

    let (outcome, _) = read("operation error STS: AssumeRoleWithWebIdentity, exceeded maximum number of attempts, 3, https response error StatusCode: 400, RequestID: 1, InvalidIdentityToken: No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com");
    assert_eq!(
        outcome.scenario.request.caller,
        "token.actions.githubusercontent.com"
    );

    let (outcome, _) = read("Missing a required claim: aud");
    assert_eq!(
        outcome.scenario.request.action.as_deref(),
        Some("sts:AssumeRoleWithWebIdentity")
    );
    assert_eq!(message(&outcome), "Missing a required claim: aud");
}

#[test]
fn the_remaining_verbatim_texts_of_section_5() {
    let (outcome, recognized) = read("AccessDenied: MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.\n\tstatus code: 403, request id: 1");
    assert!(recognized.warnings[0].contains("serial number"));
    assert!(message(&outcome)
        .starts_with("MultiFactorAuthentication failed, unable to validate MFA code"));
    let (outcome, recognized) = read("ValidationError: 1 validation error detected: Value '600' at\n'durationSeconds' failed to satisfy constraint: Member must have value greater than\nor equal to 900\n\tstatus code: 400, request id: 2");
    assert_eq!(
        outcome.scenario.request.duration_seconds,
        Some(serde_json::json!(600))
    );
    assert_eq!(recognized.evidence, ["request.format"]);
    assert!(
        message(&outcome).ends_with("greater than or equal to 900"),
        "{}",
        message(&outcome)
    );
    // Terraform before 2020 named the role in its own sentence.
    let (outcome, _) = read("Error: The role \"arn:aws:iam::123456789012:role/Deploy\" cannot be assumed.\n\n  There are a number of possible causes of this - the most common are:\n\nAccessDenied: Not authorized to perform sts:AssumeRole\n\tstatus code: 403, request id: 3");
    assert_eq!(
        outcome.scenario.request.role_arn,
        "arn:aws:iam::123456789012:role/Deploy"
    );
    assert_eq!(
        outcome.scenario.request.action.as_deref(),
        Some("sts:AssumeRole")
    );
}

#[test]
fn suffixes_are_not_part_of_the_message() {
    // §3.1: the Access Troubleshooter suffix (IAM) and EC2's encoded message.
    let (outcome, _) = read("User: arn:aws:iam::123456789012:user/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/y because no identity-based policy allows the sts:AssumeRole action. Go to https://us-east-1.console.aws.amazon.com/iam/home?region=us-east-1#/authorization-details/abc for complete details, or call the GetRequestAuthorizationDetails API with the following authorization id: abc");
    assert!(message(&outcome).ends_with("allows the sts:AssumeRole action"));
    let (_, recognized) = read("An error occurred (UnauthorizedOperation) when calling the AssumeRole operation: User: arn:aws:iam::123456789012:user/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/y. Encoded authorization failure message: AbCd");
    assert!(recognized
        .warnings
        .iter()
        .any(|warning| warning.contains("decode-authorization-message")));
}

#[test]
fn saml_errors() {
    let (outcome, _) = check(
        "Not authorized to perform sts:AssumeRoleWithSAML (service: AWSSecurityTokenService; status code: 403; error code: AccessDenied)",
        Expect { action: Some("sts:AssumeRoleWithSAML"), caller: "", role_arn: "", evidence: &["trust.*"] },
    );
    assert_eq!(
        message(&outcome),
        "Not authorized to perform sts:AssumeRoleWithSAML"
    );
    for (text, evidence) in [
        ("An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithSAML operation: RoleSessionName is required in AuthnResponse", &["request.format"][..]),
        ("RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}", &["request.format"]),
        ("Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with \"aws:\"", &["request.format"]),
        ("Response signature invalid", &[]),
        ("Failed to assume role: Issuer not present in specified provider", &[]),
        ("Specified provider doesn't exist.", &[]),
        ("Your request included an invalid SAML response. to logout, click here.", &[]),
        ("An error occurred (ValidationError) when calling the AssumeRoleWithSAML operation: Principal ARN is invalid", &["request.format"]),
    ] {
        let (outcome, recognized) = read(text);
        assert_eq!(outcome.scenario.request.action.as_deref(), Some("sts:AssumeRoleWithSAML"), "{text}");
        assert_eq!(recognized.evidence, evidence, "{text}");
        assert_eq!(recognized.warnings.is_empty(), !evidence.is_empty(), "{text}");
    }
}

#[test]
fn a_code_alone_warns() {
    let (outcome, recognized) = read("An error occurred (RegionDisabledException) when calling the AssumeRole operation: STS is not activated in this region for account:123456789012.");
    assert!(recognized.warnings[0].contains("Region"));
    assert_eq!(
        outcome.scenario.request.action.as_deref(),
        Some("sts:AssumeRole")
    );
}

// Merging, the contract's JSON, and what is not recognised.

#[test]
fn inputs_merge_and_a_later_one_changes_only_what_it_says_anew() {
    let into = Scenario {
        name: Some("kept".into()),
        ..Scenario::default()
    };
    let first = input("trust.txt", "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:AssumeRole because no role trust policy allows the sts:AssumeRole action");
    let second = input("tf.txt", "An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Deploy because no role trust policy allows the sts:AssumeRole action");
    let outcome = import(&[first.clone(), second], Some(&into));
    assert_eq!(outcome.scenario.name.as_deref(), Some("kept"));
    assert_eq!(
        outcome.recognized[0].filled,
        ["request.action", "request.caller", "observed"]
    );
    // Same caller and action: only the role ARN and the fuller message are new.
    assert_eq!(
        outcome.recognized[1].filled,
        ["request.role_arn", "observed"]
    );
    assert_eq!(
        outcome.scenario.request.role_arn,
        "arn:aws:iam::123456789012:role/Deploy"
    );
    // The same paste again says nothing new.
    let again = import(&[first.clone(), first], None);
    assert!(again.recognized[1].filled.is_empty());
}

#[test]
fn the_answer_is_the_contracts_json() {
    let outcome = import(
        &[
            input("err.txt", "User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/Deploy because no identity-based policy allows the sts:AssumeRole action"),
            input("-", "hello"),
        ],
        None,
    );
    let json = serde_json::to_value(&outcome).expect("serialises");
    assert_eq!(
        json["scenario"]["request"]["caller"],
        "arn:aws:iam::111122223333:user/ci"
    );
    assert_eq!(
        json["scenario"]["observed"]["evidence"],
        serde_json::json!(["identity.allow"])
    );
    assert_eq!(
        json["scenario"]["observed"]["surfaces"],
        serde_json::json!([])
    );
    let recognized = &json["recognized"][0];
    assert_eq!(recognized["source"], "err.txt");
    assert_eq!(recognized["format"], "access-denied-message");
    for key in ["filled", "evidence", "surfaces", "warnings", "notes"] {
        assert!(recognized[key].is_array(), "{key}");
    }
    assert_eq!(json["unrecognized"][0]["source"], "-");
    // The scenario reads back, and evaluates with the agreement beside it.
    let scenario = Scenario::from_json(&json["scenario"].to_string()).expect("a scenario");
    let report = crate::evaluate(&scenario);
    assert!(report.observed.is_some());
}

#[test]
fn an_unrecognised_input_names_the_formats_accepted() {
    let outcome = import(
        &[
            input("notes.txt", "{\"Version\": \"2012-10-17\"}"),
            input("-", "  \n"),
        ],
        None,
    );
    assert!(outcome.recognized.is_empty());
    assert_eq!(outcome.scenario, Scenario::default());
    let error = &outcome.unrecognized[0].error;
    assert!(
        error.starts_with("`notes.txt` is not a format import reads"),
        "{error}"
    );
    assert!(error.contains("AccessDenied message"), "{error}");
    assert!(error.contains("another STS error"), "{error}");
    assert!(outcome.unrecognized[1]
        .error
        .starts_with("`standard input` is empty"));
}

#[test]
fn hostile_input_is_read_in_bounded_time() {
    let noise: String = (0..100 * 1024)
        .map(|i| {
            [
                "│",
                "User:",
                " ",
                "is not authorized to perform",
                "\n",
                "<",
                "{",
                "'",
                "Value '",
                "arn:",
            ][i % 10]
        })
        .collect();
    let started = std::time::Instant::now();
    let _ = import(&[input("noise", &noise)], None);
    let one = "An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/Deploy\n";
    let repeated = one.repeat(10_000);
    let (outcome, recognized) = read(&repeated);
    assert_eq!(
        outcome.scenario.request.caller,
        "arn:aws:iam::111122223333:user/ci"
    );
    assert!(recognized
        .notes
        .iter()
        .all(|note| !note.contains("different AWS errors")));
    let huge = "x".repeat(MAX_IMPORT_BYTES) + one;
    let outcome = import(&[input("huge", &huge)], None);
    assert_eq!(outcome.unrecognized.len(), 1, "only the first MiB is read");
    let tail_too_deep = format!("{}{}", "[".repeat(100_000), one);
    let _ = import(&[input("deep", &tail_too_deep)], None);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of the grammar and of its noise, so that random pastes come
    /// near every branch of the readers.
    const PIECES: &[&str] = &[
        "User: ",
        " is not authorized to perform",
        ": ",
        "sts:AssumeRole",
        "sts:TagSession",
        " on resource: ",
        "arn:aws:iam::111122223333:role/x",
        "arn:aws:iam::1:user/u",
        "\"",
        "because no ",
        "because the ",
        "role trust policy",
        " allows the ",
        " action",
        "with an explicit deny in ",
        "a ",
        "service control policy",
        ": arn:aws:organizations::1:policy/o-1/p",
        "Not authorized to perform ",
        "1 validation error detected: ",
        "Value '",
        "' at '",
        "durationSeconds",
        "' failed to satisfy constraint: ",
        "Member must ",
        "43200",
        "; ",
        "Value null at '",
        "│",
        "╷",
        "\n",
        "\r\n",
        "\t",
        " ",
        ".",
        "é",
        "\u{1b}[31m",
        "<Code>",
        "</Code>",
        "<Message>",
        "{",
        "}",
        "[",
        "\"errorMessage\": ",
        "An error occurred (",
        "AccessDenied",
        ") when calling the ",
        "AssumeRole",
        " operation: ",
        "api error ",
        "IAM Role (",
        ")",
        "--role-arn ",
        "Enter MFA code for ",
        "No OpenIDConnect provider found in your account for ",
        "https://x",
        "2024-01-01T00:00:00Z ",
        "$ ",
        "&quot;",
    ];

    fn paste() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..60)
            .prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn any_paste_imports_without_panic_and_reads_back(text in paste(), noise in "\\PC{0,80}") {
            for text in [text.clone(), format!("{noise}{text}"), format!("{text}{noise}")] {
                let outcome = import(&[input("p", &text)], None);
                prop_assert_eq!(outcome.recognized.len() + outcome.unrecognized.len(), 1);
                let json = serde_json::to_string(&outcome.scenario).expect("serialises");
                let back = Scenario::from_json(&json).expect("reads back");
                prop_assert_eq!(&back, &outcome.scenario);
                // Filled only what changed: nothing when imported again into the result.
                let again = import(&[input("p", &text)], Some(&outcome.scenario));
                for recognized in &again.recognized {
                    prop_assert!(recognized.filled.is_empty(), "{:?}", recognized.filled);
                }
                let _ = crate::evaluate(&outcome.scenario);
            }
        }
    }
}
