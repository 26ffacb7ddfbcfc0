//! Import of `aws` CLI outputs, CloudTrail records and bare policies
//! (`IMPORT_FORMATS.md` §6.1–§6.8, §9): the catalogue's and aws-cli's
//! verbatim samples, bare and with the noise real pastes carry; the
//! URL-encoded documents of other SDKs; choices resolved by the other
//! inputs; broken, truncated and huge input.

use super::*;
use crate::report::{CheckId, Decision, Status};

fn input(source: &str, text: &str) -> ImportInput {
    ImportInput {
        source: source.to_string(),
        text: text.to_string(),
    }
}

/// Imports one paste and returns the outcome and its one reading.
fn read(text: &str) -> (ImportOutcome, Recognized) {
    let outcome = import(&[input("out.json", text)], None);
    assert!(
        outcome.unrecognized.is_empty(),
        "not recognised: {:?}",
        outcome.unrecognized
    );
    let recognized = outcome.recognized.first().expect("one reading").clone();
    (outcome, recognized)
}

fn trust_text(outcome: &ImportOutcome) -> &str {
    outcome.scenario.role.trust_policy.text()
}

fn identity_texts(outcome: &ImportOutcome) -> Vec<&str> {
    outcome
        .scenario
        .caller_policies
        .as_ref()
        .map(|policies| policies.identity.iter().map(PolicySource::text).collect())
        .unwrap_or_default()
}

fn has_note(recognized: &Recognized, words: &str) -> bool {
    recognized
        .notes
        .iter()
        .chain(&recognized.warnings)
        .any(|note| note.contains(words))
}

const CLI_GET_ROLE: &str = r#"{
    "Role": {
        "Path": "/",
        "RoleName": "Test-Role",
        "RoleId": "AROA1234567890EXAMPLE",
        "Arn": "arn:aws:iam::123456789012:role/Test-Role",
        "CreateDate": "2019-11-13T16:45:56+00:00",
        "AssumeRolePolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {
                        "AWS": "arn:aws:iam::111122223333:user/ci"
                    },
                    "Action": "sts:AssumeRole"
                }
            ]
        },
        "Description": "",
        "MaxSessionDuration": 43200,
        "PermissionsBoundary": {
            "PermissionsBoundaryType": "Policy",
            "PermissionsBoundaryArn": "arn:aws:iam::123456789012:policy/Boundary"
        },
        "RoleLastUsed": {
            "LastUsedDate": "2019-11-18T05:12:50+00:00",
            "Region": "us-east-2"
        }
    }
}
"#;

// §6.1 get-role

#[test]
fn get_role_as_the_cli_prints_it() {
    let (outcome, recognized) = read(CLI_GET_ROLE);
    assert_eq!(recognized.format, "aws-iam-get-role");
    assert_eq!(
        outcome.scenario.request.role_arn,
        "arn:aws:iam::123456789012:role/Test-Role"
    );
    assert_eq!(
        outcome.scenario.role.max_session_duration,
        Some(serde_json::json!(43200))
    );
    let trust: serde_json::Value = serde_json::from_str(trust_text(&outcome)).expect("JSON");
    assert_eq!(
        trust["Statement"][0]["Principal"]["AWS"],
        "arn:aws:iam::111122223333:user/ci"
    );
    assert_eq!(
        recognized.filled,
        [
            "request.role_arn",
            "role.trust_policy",
            "role.max_session_duration"
        ]
    );
    // The target role's boundary is not the caller's.
    assert!(outcome.scenario.caller_policies.is_none());
    assert!(has_note(&recognized, "not who may assume it"));
}

/// The role's tags are the call's resource tags: a caller's policy may
/// compare them (`aws:ResourceTag/*`, or `iam:ResourceTag/*`).
#[test]
fn get_role_tags_are_the_calls_resource_tags() {
    let paste = r#"{"Role": {"Path": "/", "RoleName": "access-peg-engineering",
        "RoleId": "AROAEXAMPLEPEG", "Arn": "arn:aws:iam::123456789012:role/access-peg-engineering",
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []},
        "MaxSessionDuration": 3600,
        "Tags": [{"Key": "access-project", "Value": "peg"}, {"Key": "cost-center", "Value": "987654"}]}}"#;
    let (outcome, _) = read(paste);
    let context = outcome.scenario.request.context.unwrap_or_default();
    assert_eq!(
        context.get("aws:ResourceTag/access-project"),
        Some(&ContextValue::One("peg".into()))
    );
    assert_eq!(
        context.get("aws:ResourceTag/cost-center"),
        Some(&ContextValue::One("987654".into()))
    );
}

#[test]
fn get_role_with_the_noise_of_a_terminal() {
    let paste = format!(
        "user@host:~$ aws iam get-role --role-name Test-Role\r\n\u{1b}[0m{}user@host:~$ \n",
        CLI_GET_ROLE.replace('\n', "\r\n")
    );
    let (outcome, recognized) = read(&paste);
    assert_eq!(recognized.format, "aws-iam-get-role");
    assert_eq!(
        outcome.scenario.request.role_arn,
        "arn:aws:iam::123456789012:role/Test-Role"
    );
    assert!(trust_text(&outcome).contains("arn:aws:iam::111122223333:user/ci"));
    assert!(has_note(&recognized, "lines before the JSON"));
    // Quoted in a reply, and printed with `--query Role`.
    let quoted: String = CLI_GET_ROLE
        .lines()
        .map(|line| format!("> {line}\n"))
        .collect();
    let (outcome, _) = read(&format!(
        "> $ aws iam get-role --role-name Test-Role\n{quoted}"
    ));
    assert!(trust_text(&outcome).contains("arn:aws:iam::111122223333:user/ci"));
    let query_role = CLI_GET_ROLE
        .trim()
        .strip_prefix("{\n    \"Role\": ")
        .and_then(|rest| rest.strip_suffix('}'))
        .expect("the role object");
    let (outcome, recognized) = read(query_role);
    assert_eq!(recognized.format, "aws-iam-get-role");
    assert_eq!(
        outcome.scenario.request.role_arn,
        "arn:aws:iam::123456789012:role/Test-Role"
    );
    // Two outputs in one paste: the first is read, the person is told.
    let (_, recognized) = read(&format!("{CLI_GET_ROLE}\n$ aws sts get-caller-identity\n{{\"UserId\": \"A\", \"Account\": \"1\", \"Arn\": \"arn:aws:iam::1:user/a\"}}\n"));
    assert_eq!(recognized.format, "aws-iam-get-role");
    assert!(has_note(&recognized, "only the first was read"));
    // A fenced Markdown paste.
    let (outcome, _) = read(&format!("```json\n{CLI_GET_ROLE}```\n"));
    assert!(trust_text(&outcome).contains("sts:AssumeRole"));
}

#[test]
fn get_role_url_encoded_as_other_sdks_print_it() {
    // §6.1, verbatim from the catalogue.
    let paste = r#"{"Role": {"RoleName": "ec2", "Arn": "arn:aws:iam::123456789012:role/ec2", "AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D"}}"#;
    let (outcome, _) = read(paste);
    assert_eq!(
        trust_text(&outcome),
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
    );
    // Whitespace of the stored document survives; `+` is a literal plus;
    // a broken escape stays as written.
    let paste = r#"{"Role": {"RoleName": "r", "Arn": "arn:aws:iam::1:role/r", "AssumeRolePolicyDocument": "%7B%0A%20%20%22Sid%22%3A%20%22a+b%25%zz%22%7D"}}"#;
    let (outcome, _) = read(paste);
    assert_eq!(trust_text(&outcome), "{\n  \"Sid\": \"a+b%%zz\"}");
}

#[test]
fn the_aws_cli_example_placeholder_is_not_a_trust_policy() {
    // aws-cli `awscli/examples/iam/get-role.rst`, verbatim.
    let paste = "aws iam get-role --role-name Test-Role\n\nOutput::\n\n  {\n    \"Role\": {\n        \"AssumeRolePolicyDocument\": \"<URL-encoded-JSON>\",\n        \"RoleId\": \"AIDIODR4TAW7CSEXAMPLE\",\n        \"CreateDate\": \"2013-04-18T05:01:58Z\",\n        \"RoleName\": \"Test-Role\",\n        \"Path\": \"/\",\n        \"Arn\": \"arn:aws:iam::123456789012:role/Test-Role\"\n    }\n  }\n";
    let (outcome, recognized) = read(paste);
    assert_eq!(
        outcome.scenario.request.role_arn,
        "arn:aws:iam::123456789012:role/Test-Role"
    );
    assert_eq!(trust_text(&outcome), "");
    assert!(has_note(&recognized, "is not a policy document"));
    assert!(has_note(&recognized, "no MaxSessionDuration"));
}

// §6.1 list-roles

const LIST_ROLES: &str = r#"{
    "Roles": [
        {"Path": "/", "RoleName": "Deploy", "RoleId": "AROA1", "Arn": "arn:aws:iam::444455556666:role/Deploy",
         "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]},
         "MaxSessionDuration": 3600},
        {"Path": "/service-role/", "RoleName": "Lambda", "RoleId": "AROA2", "Arn": "arn:aws:iam::444455556666:role/service-role/Lambda",
         "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
         "MaxSessionDuration": 7200}
    ]
}"#;

const DENIED_DEPLOY: &str = "An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/Deploy";

#[test]
fn list_roles_takes_the_role_another_input_names_whatever_the_order() {
    for inputs in [
        [
            input("roles.json", LIST_ROLES),
            input("err.txt", DENIED_DEPLOY),
        ],
        [
            input("err.txt", DENIED_DEPLOY),
            input("roles.json", LIST_ROLES),
        ],
    ] {
        let outcome = import(&inputs, None);
        assert!(outcome.unrecognized.is_empty());
        assert_eq!(
            outcome.scenario.request.role_arn,
            "arn:aws:iam::444455556666:role/Deploy"
        );
        assert!(trust_text(&outcome).contains("arn:aws:iam::111122223333:root"));
        assert_eq!(
            outcome.scenario.role.max_session_duration,
            Some(serde_json::json!(3600))
        );
    }
}

#[test]
fn list_roles_alone_lists_the_choices_and_takes_none() {
    let query_roles = LIST_ROLES
        .trim()
        .strip_prefix("{\n    \"Roles\": ")
        .and_then(|rest| rest.strip_suffix('}'))
        .expect("the array");
    let (_, recognized) = read(query_roles);
    assert_eq!(recognized.format, "aws-iam-list-roles");
    let (outcome, recognized) = read(LIST_ROLES);
    assert_eq!(recognized.format, "aws-iam-list-roles");
    assert!(recognized.filled.is_empty());
    assert_eq!(outcome.scenario.request.role_arn, "");
    assert!(has_note(
        &recognized,
        "`arn:aws:iam::444455556666:role/service-role/Lambda`"
    ));
    // Into a scenario that names the role (path-less ARN, as messages print).
    let mut into = Scenario::default();
    into.request.role_arn = "arn:aws:iam::444455556666:role/Lambda".to_string();
    let outcome = import(&[input("roles.json", LIST_ROLES)], Some(&into));
    assert!(trust_text(&outcome).contains("lambda.amazonaws.com"));
    assert_eq!(
        outcome.scenario.request.role_arn,
        "arn:aws:iam::444455556666:role/service-role/Lambda"
    );
}

// §6.2 get-*-policy

const GET_USER_POLICY: &str = r#"{
    "UserName": "ci",
    "PolicyName": "AssumeDeploy",
    "PolicyDocument": {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::444455556666:role/Deploy"}]
    }
}"#;

#[test]
fn get_user_policy_is_the_callers() {
    let (outcome, recognized) = read(&format!(
        "$ aws iam get-user-policy --user-name ci --policy-name AssumeDeploy\n{GET_USER_POLICY}\n$ "
    ));
    assert_eq!(recognized.format, "aws-iam-get-inline-policy");
    assert_eq!(recognized.filled, ["caller_policies.identity"]);
    assert!(identity_texts(&outcome)[0]
        .contains("\"Resource\": \"arn:aws:iam::444455556666:role/Deploy\""));
    // A user who is not the caller.
    let mut into = Scenario::default();
    into.request.caller = "arn:aws:iam::111122223333:user/other".to_string();
    let outcome = import(&[input("p.json", GET_USER_POLICY)], Some(&into));
    assert!(outcome.scenario.caller_policies.is_none());
    assert!(has_note(&outcome.recognized[0], "not of the caller"));
    // A role session is not that user either, nor in any group.
    into.request.caller = "arn:aws:sts::111122223333:assumed-role/ci/s".to_string();
    let outcome = import(&[input("p.json", GET_USER_POLICY)], Some(&into));
    assert!(outcome.scenario.caller_policies.is_none());
    let group_policy = GET_USER_POLICY.replace("UserName", "GroupName");
    let outcome = import(&[input("p.json", &group_policy)], Some(&into));
    assert!(outcome.scenario.caller_policies.is_none());
    let (outcome, recognized) = read(&group_policy);
    assert_eq!(identity_texts(&outcome).len(), 1);
    assert!(has_note(
        &recognized,
        "counts only if the caller is a member"
    ));
}

#[test]
fn get_role_policy_verbatim_with_its_missing_comma() {
    // aws-cli `get-role-policy.rst`, verbatim.
    let paste = "  aws iam get-role-policy --role-name Test-Role --policy-name ExamplePolicy\n\nOutput::\n\n    {\n      \"RoleName\": \"Test-Role\",\n      \"PolicyDocument\": {\n          \"Statement\": [\n              {\n                  \"Action\": [\n                      \"s3:ListBucket\",\n                      \"s3:Put*\",\n                      \"s3:Get*\",\n                      \"s3:*MultipartUpload*\"\n                  ],\n                  \"Resource\": \"*\",\n                  \"Effect\": \"Allow\",\n                  \"Sid\": \"1\"\n              }\n          ]\n      }\n      \"PolicyName\": \"ExamplePolicy\"\n    }\n";
    let mut into = Scenario::default();
    into.request.caller = "arn:aws:sts::123456789012:assumed-role/Test-Role/s".to_string();
    let outcome = import(&[input("p.txt", paste)], Some(&into));
    let recognized = &outcome.recognized[0];
    assert_eq!(recognized.format, "aws-iam-get-inline-policy");
    assert!(has_note(recognized, "line 21, column 7: expected `,`"));
    assert!(identity_texts(&outcome)[0].contains("\"s3:*MultipartUpload*\""));
}

#[test]
fn get_role_policy_counts_only_for_the_callers_role() {
    // aws-cli `get-role-policy.rst` shape, URL-encoded as the raw API sends it.
    let paste = r#"{"RoleName": "Test-Role", "PolicyName": "ExamplePolicy", "PolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Action%22%3A%5B%22s3%3AListBucket%22%5D%2C%22Resource%22%3A%5B%22arn%3Aaws%3As3%3A%3A%3Aexample%22%5D%2C%22Effect%22%3A%22Allow%22%7D%5D%7D"}"#;
    let (outcome, recognized) = read(paste);
    assert!(outcome.scenario.caller_policies.is_none());
    assert!(has_note(&recognized, "not taken"));
    let session_denied = "User: arn:aws:sts::123456789012:assumed-role/Test-Role/build is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/Deploy";
    let outcome = import(
        &[input("p.json", paste), input("err.txt", session_denied)],
        None,
    );
    assert_eq!(
        identity_texts(&outcome),
        [
            r#"{"Version":"2012-10-17","Statement":[{"Action":["s3:ListBucket"],"Resource":["arn:aws:s3:::example"],"Effect":"Allow"}]}"#
        ]
    );
    // The role assumed: its permission policy has no bearing.
    let mut into = Scenario::default();
    into.request.role_arn = "arn:aws:iam::123456789012:role/Test-Role".to_string();
    let outcome = import(&[input("p.json", paste)], Some(&into));
    assert!(outcome.scenario.caller_policies.is_none());
    assert!(has_note(
        &outcome.recognized[0],
        "no bearing on assuming it"
    ));
}

// §6.3 get-policy-version

#[test]
fn get_policy_version_verbatim_with_its_missing_comma() {
    // aws-cli `get-policy-version.rst`, verbatim (the doc lacks a comma and
    // prints IsDefaultVersion as a string).
    let paste = "  aws iam get-policy-version --policy-arn arn:aws:iam::123456789012:policy/MyPolicy --version-id v2\n\n\nOutput::\n\n  {\n      \"PolicyVersion\": {\n          \"CreateDate\": \"2015-06-17T19:23;32Z\",\n          \"VersionId\": \"v2\",\n          \"Document\": {\n\t\t\t\"Version\": \"2012-10-17\",\n\t\t\t\"Statement\": [\n\t\t\t\t{\n\t\t\t\t\t\"Action\": \"iam:*\",\n\t\t\t\t\t\"Resource\": \"*\",\n\t\t\t\t\t\"Effect\": \"Allow\"\n\t\t\t\t}\n\t\t\t]\n\t\t  }\n          \"IsDefaultVersion\": \"false\"\n      }\n  }\n";
    let (outcome, recognized) = read(paste);
    assert_eq!(recognized.format, "aws-iam-get-policy-version");
    assert!(identity_texts(&outcome)[0].contains("\"Action\": \"iam:*\""));
    assert!(has_note(
        &recognized,
        "the JSON was broken at line 19, column"
    ));
    assert!(has_note(&recognized, "not the policy's default version"));
}

// §6.4 get-account-authorization-details

const AUTHORIZATION_DETAILS: &str = r#"{
    "UserDetailList": [
        {"Path": "/", "UserName": "ci", "UserId": "AIDA1", "Arn": "arn:aws:iam::111122223333:user/ci",
         "UserPolicyList": [{"PolicyName": "Inline", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}],
         "GroupList": ["Deployers"],
         "AttachedManagedPolicies": [{"PolicyName": "AssumeDeploy", "PolicyArn": "arn:aws:iam::111122223333:policy/AssumeDeploy"}],
         "PermissionsBoundary": {"PermissionsBoundaryType": "PermissionsBoundaryPolicy", "PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/Boundary"},
         "Tags": [{"Key": "team", "Value": "platform"}]},
        {"Path": "/", "UserName": "other", "UserId": "AIDA2", "Arn": "arn:aws:iam::111122223333:user/other",
         "UserPolicyList": [], "GroupList": [], "AttachedManagedPolicies": []}
    ],
    "GroupDetailList": [
        {"GroupName": "Deployers", "GroupId": "AGPA1", "Arn": "arn:aws:iam::111122223333:group/Deployers",
         "GroupPolicyList": [{"PolicyName": "GroupInline", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}}],
         "AttachedManagedPolicies": {"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}}
    ],
    "RoleDetailList": [
        {"Path": "/", "RoleName": "Builder", "RoleId": "AROA1", "Arn": "arn:aws:iam::111122223333:role/Builder",
         "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
         "RolePolicyList": [{"PolicyName": "BuilderInline", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}}],
         "AttachedManagedPolicies": [], "Tags": [{"Key": "env", "Value": "ci"}]},
        {"Path": "/", "RoleName": "Deploy", "RoleId": "AROA2", "Arn": "arn:aws:iam::111122223333:role/Deploy",
         "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/ci"}, "Action": "sts:AssumeRole"}]},
         "RolePolicyList": [], "AttachedManagedPolicies": []}
    ],
    "Policies": [
        {"PolicyName": "AssumeDeploy", "Arn": "arn:aws:iam::111122223333:policy/AssumeDeploy", "DefaultVersionId": "v2",
         "PolicyVersionList": [
            {"Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111122223333:role/Old"}]}, "VersionId": "v1", "IsDefaultVersion": false},
            {"Document": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22sts%3AAssumeRole%22%2C%22Resource%22%3A%22*%22%7D%5D%7D", "VersionId": "v2", "IsDefaultVersion": true}
         ]},
        {"PolicyName": "Boundary", "Arn": "arn:aws:iam::111122223333:policy/Boundary", "DefaultVersionId": "v1",
         "PolicyVersionList": [{"Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:*", "Resource": "*"}]}, "VersionId": "v1", "IsDefaultVersion": true}]}
    ],
    "IsTruncated": false
}"#;

#[test]
fn authorization_details_gather_the_named_callers_policies() {
    let denied = "User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/Deploy";
    let outcome = import(
        &[
            input("dump.json", AUTHORIZATION_DETAILS),
            input("err.txt", denied),
        ],
        None,
    );
    let recognized = &outcome.recognized[0];
    assert_eq!(
        recognized.format,
        "aws-iam-get-account-authorization-details"
    );
    let identity = identity_texts(&outcome);
    // Inline, then the group's inline, then attached at their default
    // version (the user's, then the group's).
    assert_eq!(identity.len(), 3, "{identity:?}");
    assert!(identity[0].contains("\"s3:*\""));
    assert!(identity[1].contains("\"Deny\""));
    assert_eq!(
        identity[2],
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#
    );
    // The AWS-managed policy attached to the group is not in the dump.
    assert!(has_note(
        recognized,
        "`ReadOnlyAccess` (arn:aws:iam::aws:policy/ReadOnlyAccess)"
    ));
    let policies = outcome.scenario.caller_policies.as_ref().expect("policies");
    assert!(policies
        .permissions_boundary
        .as_ref()
        .expect("boundary")
        .text()
        .contains("\"sts:*\""));
    assert_eq!(
        outcome.scenario.request.context.as_ref().expect("context")["aws:PrincipalTag/team"],
        ContextValue::One("platform".to_string())
    );
    assert!(trust_text(&outcome).contains("arn:aws:iam::111122223333:user/ci"));
    assert!(outcome.scenario.role.max_session_duration.is_none());
    assert!(has_note(recognized, "no MaxSessionDuration"));
    assert_eq!(
        recognized.filled,
        [
            "request.context",
            "role.trust_policy",
            "caller_policies.identity",
            "caller_policies.permissions_boundary"
        ]
    );
}

#[test]
fn authorization_details_for_a_role_session_caller() {
    let mut into = Scenario::default();
    into.request.caller = "arn:aws:sts::111122223333:assumed-role/Builder/build-42".to_string();
    let outcome = import(&[input("dump.json", AUTHORIZATION_DETAILS)], Some(&into));
    assert_eq!(identity_texts(&outcome).len(), 1);
    assert!(identity_texts(&outcome)[0].contains("\"sts:AssumeRole\""));
    assert_eq!(
        outcome.scenario.request.context.as_ref().expect("context")["aws:PrincipalTag/env"],
        ContextValue::One("ci".to_string())
    );
    // No role named: the choices are said, none taken.
    assert!(has_note(&outcome.recognized[0], "no role was named"));
    assert_eq!(trust_text(&outcome), "");
}

#[test]
fn authorization_details_alone_name_the_choices() {
    let (outcome, recognized) = read(AUTHORIZATION_DETAILS);
    assert!(recognized.filled.is_empty());
    assert!(outcome.scenario.caller_policies.is_none());
    assert!(has_note(
        &recognized,
        "`arn:aws:iam::111122223333:user/other`"
    ));
}

#[test]
fn authorization_details_of_the_aws_cli_example() {
    // aws-cli `get-account-authorization-details.rst`, abridged: Bob's
    // inline Deny, the group's AttachedManagedPolicies printed as an object.
    let paste = r#"{
    "RoleDetailList": [],
    "GroupDetailList": [
      {
        "GroupId": "AIDACKCEVSQ6C7EXAMPLE",
        "AttachedManagedPolicies": {
          "PolicyName": "AdministratorAccess",
          "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"
        },
        "GroupName": "Admins",
        "Path": "/",
        "Arn": "arn:aws:iam::123456789012:group/Admins",
        "CreateDate": "2013-10-14T18:32:24Z",
        "GroupPolicyList": []
      }],
    "UserDetailList": [
      {
        "UserName": "Bob",
        "GroupList": [
          "Admins"
        ],
        "CreateDate": "2013-10-14T18:32:25Z",
        "UserId": "AIDACKCEVSQ6C3EXAMPLE",
        "UserPolicyList": [
          {
            "PolicyName": "DenyBillingAndIAMPolicy",
            "PolicyDocument": {
              "Version":"2012-10-17",
              "Statement": {
                "Effect":"Deny",
                "Action": [
                  "aws-portal:*",
                  "iam:*"
                ],
                "Resource":"*"
              }
            }
          }
        ],
        "Path": "/",
        "AttachedManagedPolicies": [],
        "Arn": "arn:aws:iam::123456789012:user/Bob"
      }],
    "Policies": [],
    "Marker": "EXAMPLEkakv9BCuUNFDtxWSyfzetYwEx2ADc8dnzfvERF5S6YMvXKx41t6gCl",
    "IsTruncated": true
  }"#;
    let mut into = Scenario::default();
    into.request.caller = "arn:aws:iam::123456789012:user/Bob".to_string();
    let outcome = import(&[input("dump.json", paste)], Some(&into));
    let recognized = &outcome.recognized[0];
    assert_eq!(identity_texts(&outcome).len(), 1);
    assert!(identity_texts(&outcome)[0].contains("\"aws-portal:*\""));
    assert!(has_note(recognized, "`AdministratorAccess`"));
    assert!(has_note(recognized, "IsTruncated"));
}

// §6.5 get-caller-identity

#[test]
fn get_caller_identity_for_a_user_a_session_and_root() {
    // aws-cli `get-caller-identity.rst`, verbatim.
    let (outcome, recognized) = read(
        "{\n    \"UserId\": \"AIDASAMPLEUSERID\",\n    \"Account\": \"123456789012\",\n    \"Arn\": \"arn:aws:iam::123456789012:user/DevAdmin\"\n}\n",
    );
    assert_eq!(recognized.format, "aws-sts-get-caller-identity");
    assert_eq!(
        outcome.scenario.request.caller,
        "arn:aws:iam::123456789012:user/DevAdmin"
    );
    assert_eq!(
        outcome.scenario.request.context.as_ref().expect("context")["aws:userid"],
        ContextValue::One("AIDASAMPLEUSERID".to_string())
    );
    assert_eq!(recognized.filled, ["request.caller", "request.context"]);
    let (outcome, _) = read(
        r#"$ aws sts get-caller-identity
{
    "UserId": "AROA3XFRBF535PLBIFPI4:s-build",
    "Account": "111122223333",
    "Arn": "arn:aws:sts::111122223333:assumed-role/Builder/s-build"
}"#,
    );
    assert_eq!(
        outcome.scenario.request.caller,
        "arn:aws:sts::111122223333:assumed-role/Builder/s-build"
    );
    let (_, recognized) = read(
        r#"{"UserId": "692867976397", "Account": "692867976397", "Arn": "arn:aws:iam::692867976397:root"}"#,
    );
    assert!(has_note(&recognized, "root user cannot assume a role"));
}

// §6.6 describe-policy

#[test]
fn describe_policy_adds_a_level_and_says_so() {
    // aws-cli `organizations/describe-policy.rst`, verbatim (tab-indented).
    let paste = "\taws organizations describe-policy --policy-id p-examplepolicyid111\n\n\t{\n\t\t\"Policy\": {\n\t\t\t\"Content\": \"{\\n  \\\"Version\\\": \\\"2012-10-17\\\",\\n  \\\"Statement\\\": [\\n    {\\n      \\\"Effect\\\": \\\"Allow\\\",\\n      \\\"Action\\\": \\\"*\\\",\\n      \\\"Resource\\\": \\\"*\\\"\\n    }\\n  ]\\n}\",\n\t\t\t\"PolicySummary\": {\n\t\t\t\t\"Arn\": \"arn:aws:organizations::111111111111:policy/o-exampleorgid/service_control_policy/p-examplepolicyid111\",\n\t\t\t\t\"Type\": \"SERVICE_CONTROL_POLICY\",\n\t\t\t\t\"Id\": \"p-examplepolicyid111\",\n\t\t\t\t\"AwsManaged\": false,\n\t\t\t\t\"Name\": \"AllowAllS3Actions\",\n\t\t\t\t\"Description\": \"Enables admins to delegate S3 permissions\"\n\t\t\t}\n\t\t}\n\t}\n";
    let (outcome, recognized) = read(paste);
    assert_eq!(recognized.format, "aws-organizations-describe-policy");
    let scps = outcome
        .scenario
        .caller_policies
        .as_ref()
        .and_then(|policies| policies.scps.as_ref())
        .expect("scps");
    assert_eq!(scps.len(), 1);
    assert_eq!(
        scps[0][0].text(),
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}"
    );
    assert!(has_note(&recognized, "as a level of its own"));
    assert!(has_note(&recognized, "--filter SERVICE_CONTROL_POLICY"));
    assert_eq!(
        outcome.scenario.request.context.as_ref().expect("context")["aws:PrincipalOrgID"],
        ContextValue::One("o-exampleorgid".to_string())
    );
    // Imported twice: nothing new.
    let outcome = import(&[input("a", paste), input("b", paste)], None);
    assert!(outcome.recognized[1].filled.is_empty());
    // An RCP goes to the role.
    let rcp = paste
        .replace("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY")
        .replace("service_control_policy", "resource_control_policy");
    let (outcome, recognized) = read(&rcp);
    assert_eq!(outcome.scenario.role.rcps.as_ref().map(Vec::len), Some(1));
    assert_eq!(recognized.filled, ["role.rcps"]);
}

// §6.7 decode-authorization-message

#[test]
fn a_decoded_authorization_message_names_the_principal() {
    // aws-cli `sts/decode-authorization-message.rst`, abridged conditions.
    let paste = r#"{
    "DecodedMessage": "{\"allowed\":false,\"explicitDeny\":true,\"matchedStatements\":{\"items\":[{\"statementId\":\"VisualEditor0\",\"effect\":\"DENY\",\"principals\":{\"items\":[{\"value\":\"AROA123456789EXAMPLE\"}]},\"principalGroups\":{\"items\":[]},\"actions\":{\"items\":[{\"value\":\"ec2:RunInstances\"}]},\"resources\":{\"items\":[{\"value\":\"*\"}]},\"conditions\":{\"items\":[]}}]},\"failures\":{\"items\":[]},\"context\":{\"principal\":{\"id\":\"AROA123456789EXAMPLE:Ana\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/Developer/Ana\"},\"action\":\"RunInstances\",\"resource\":\"arn:aws:ec2:us-east-1:111122223333:instance/*\",\"conditions\":{\"items\":[{\"key\":\"aws:Resource\",\"values\":{\"items\":[{\"value\":\"instance/*\"}]}},{\"key\":\"aws:PrincipalTag/team\",\"values\":{\"items\":[{\"value\":\"dev\"}]}},{\"key\":\"aws:Service\",\"values\":{\"items\":[{\"value\":\"ec2\"}]}}]}}}"
}"#;
    let (outcome, recognized) = read(paste);
    assert_eq!(recognized.format, "aws-sts-decode-authorization-message");
    assert_eq!(
        outcome.scenario.request.caller,
        "arn:aws:sts::111122223333:assumed-role/Developer/Ana"
    );
    assert_eq!(outcome.scenario.request.action, None);
    let context = outcome.scenario.request.context.as_ref().expect("context");
    assert_eq!(
        context["aws:PrincipalTag/team"],
        ContextValue::One("dev".to_string())
    );
    assert!(!context.contains_key("aws:Resource"));
    assert_eq!(
        context["aws:userid"],
        ContextValue::One("AROA123456789EXAMPLE:Ana".to_string())
    );
    assert!(has_note(
        &recognized,
        "about `ec2:RunInstances`, not a role assumption"
    ));
    assert!(has_note(
        &recognized,
        "STS never returns an encoded authorization message"
    ));
}

// §6.8 CloudTrail

const FAILED_ASSUME_ROLE: &str = r#"{
    "eventVersion": "1.08",
    "userIdentity": {
        "type": "IAMUser",
        "principalId": "AIDAQRSTUVWXYZEXAMPLE",
        "arn": "arn:aws:iam::111122223333:user/ci",
        "accountId": "111122223333",
        "accessKeyId": "AKIAIOSFODNN7EXAMPLE",
        "userName": "ci"
    },
    "eventTime": "2024-05-01T10:00:00Z",
    "eventSource": "sts.amazonaws.com",
    "eventName": "AssumeRole",
    "awsRegion": "us-east-1",
    "sourceIPAddress": "203.0.113.101",
    "userAgent": "aws-cli/2.15.0",
    "errorCode": "AccessDenied",
    "errorMessage": "User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/Deploy because no identity-based policy allows the sts:AssumeRole action",
    "requestParameters": {
        "roleArn": "arn:aws:iam::444455556666:role/Deploy",
        "roleSessionName": "deploy-42",
        "durationSeconds": 7200,
        "externalId": "ext-123",
        "serialNumber": "arn:aws:iam::111122223333:mfa/ci",
        "sourceIdentity": "ci-bot",
        "tags": [{"key": "team", "value": "platform"}],
        "transitiveTagKeys": ["team"]
    },
    "responseElements": null,
    "requestID": "req",
    "eventID": "ev",
    "readOnly": true,
    "eventType": "AwsApiCall",
    "recipientAccountId": "111122223333"
}"#;

fn check_failed_assume_role(outcome: &ImportOutcome, recognized: &Recognized) {
    assert_eq!(recognized.format, "cloudtrail-event");
    let request = &outcome.scenario.request;
    assert_eq!(request.action.as_deref(), Some("sts:AssumeRole"));
    assert_eq!(request.caller, "arn:aws:iam::111122223333:user/ci");
    assert_eq!(request.role_arn, "arn:aws:iam::444455556666:role/Deploy");
    assert_eq!(request.role_session_name.as_deref(), Some("deploy-42"));
    assert_eq!(request.duration_seconds, Some(serde_json::json!(7200)));
    assert_eq!(request.external_id.as_deref(), Some("ext-123"));
    assert_eq!(
        request
            .mfa
            .as_ref()
            .and_then(|mfa| mfa.serial_number.as_deref()),
        Some("arn:aws:iam::111122223333:mfa/ci")
    );
    assert_eq!(
        request.mfa.as_ref().and_then(|mfa| mfa.age_seconds),
        Some(0)
    );
    assert_eq!(request.source_identity.as_deref(), Some("ci-bot"));
    assert_eq!(request.source_ip.as_deref(), Some("203.0.113.101"));
    assert_eq!(
        request.tags.as_ref().expect("tags")["team"],
        "platform".to_string()
    );
    assert_eq!(
        request.transitive_tag_keys.as_deref(),
        Some(&["team".to_string()][..])
    );
    let context = request.context.as_ref().expect("context");
    assert_eq!(
        context["aws:CurrentTime"],
        ContextValue::One("2024-05-01T10:00:00Z".to_string())
    );
    assert_eq!(recognized.evidence, ["identity.allow"]);
    let observed = outcome.scenario.observed.as_ref().expect("observed");
    assert!(observed
        .message
        .starts_with("User: arn:aws:iam::111122223333:user/ci is not authorized"));
    // The access key is never kept.
    assert!(!outcome.scenario.to_json_pretty().contains("AKIA"));
}

#[test]
fn a_failed_assume_role_record_in_each_wrapper() {
    let (outcome, recognized) = read(FAILED_ASSUME_ROLE);
    check_failed_assume_role(&outcome, &recognized);
    let records = format!(
        "{{\"Records\": [{{\"eventSource\": \"s3.amazonaws.com\", \"eventName\": \"GetObject\"}}, {FAILED_ASSUME_ROLE}]}}"
    );
    let (outcome, recognized) = read(&records);
    check_failed_assume_role(&outcome, &recognized);
    let event_string = serde_json::to_string(FAILED_ASSUME_ROLE).expect("a JSON string");
    let lookup = format!(
        "$ aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=AssumeRole\n{{\n    \"Events\": [\n        {{\n            \"EventId\": \"ev\",\n            \"EventName\": \"AssumeRole\",\n            \"EventTime\": \"2024-05-01T03:00:00-07:00\",\n            \"Username\": \"ci\",\n            \"Resources\": [],\n            \"CloudTrailEvent\": {event_string}\n        }}\n    ]\n}}\n"
    );
    let (outcome, recognized) = read(&lookup);
    check_failed_assume_role(&outcome, &recognized);
    // `--query 'Events[].CloudTrailEvent'`: the strings alone.
    let (outcome, recognized) = read(&format!("[\n    {event_string}\n]\n"));
    check_failed_assume_role(&outcome, &recognized);
    let eventbridge = format!(
        "{{\"version\": \"0\", \"id\": \"x\", \"detail-type\": \"AWS API Call via CloudTrail\", \"source\": \"aws.sts\", \"account\": \"111122223333\", \"detail\": {FAILED_ASSUME_ROLE}}}"
    );
    let (outcome, recognized) = read(&eventbridge);
    check_failed_assume_role(&outcome, &recognized);
}

#[test]
fn cloudtrail_views_of_the_caller() {
    // The role account's copy: only the caller's account.
    let paste = r#"{"eventVersion": "1.05", "userIdentity": {"type": "AWSAccount", "principalId": "AIDAQRSTUVWXYZEXAMPLE", "accountId": "111122223333"},
      "eventTime": "2016-03-23T09:37:42Z", "eventSource": "sts.amazonaws.com", "eventName": "AssumeRole", "awsRegion": "us-east-1",
      "sourceIPAddress": "sts.amazonaws.com",
      "requestParameters": {"roleArn": "arn:aws:iam::444455556666:role/JohnRole1", "roleSessionName": "Role1", "durationSeconds": 3600},
      "responseElements": {"credentials": {"accessKeyId": "ASIAEXAMPLE", "sessionToken": "secret", "expiration": "Mar 23, 2016 10:37:42 AM"}}}"#;
    let (outcome, recognized) = read(paste);
    assert_eq!(outcome.scenario.request.caller, "");
    assert!(has_note(
        &recognized,
        "names only the caller's account (111122223333)"
    ));
    assert_eq!(outcome.scenario.request.source_ip, None);
    assert!(!outcome.scenario.to_json_pretty().contains("secret"));
    // Web identity: the provider is the caller.
    let paste = r#"{"userIdentity": {"type": "WebIdentityUser", "principalId": "accounts.google.com:app:sub", "userName": "sub", "identityProvider": "accounts.google.com"},
      "eventSource": "sts.amazonaws.com", "eventName": "AssumeRoleWithWebIdentity",
      "requestParameters": {"roleArn": "arn:aws:iam::444455556666:role/FederatedWebIdentityRole", "roleSessionName": "s"}}"#;
    let (outcome, _) = read(paste);
    assert_eq!(outcome.scenario.request.caller, "accounts.google.com");
    assert_eq!(
        outcome.scenario.request.action.as_deref(),
        Some("sts:AssumeRoleWithWebIdentity")
    );
    // A service on its own behalf.
    let paste = r#"{"userIdentity": {"type": "AWSService", "invokedBy": "ec2.amazonaws.com"},
      "eventSource": "sts.amazonaws.com", "eventName": "AssumeRole", "sourceIPAddress": "ec2.amazonaws.com",
      "requestParameters": {"roleArn": "arn:aws:iam::444455556666:role/Instance", "roleSessionName": "i-0abc"}}"#;
    let (outcome, recognized) = read(paste);
    assert_eq!(outcome.scenario.request.caller, "ec2.amazonaws.com");
    assert!(has_note(&recognized, "came through `ec2.amazonaws.com`"));
}

#[test]
fn the_iam_user_guides_sts_records() {
    // awsdocs/iam-user-guide `doc_source/cloudtrail-integration.md`,
    // verbatim (the session token of the role-chaining record abridged).
    // The SAML and web-identity records are not valid JSON as printed.
    let (outcome, recognized) = read(include_str!("samples/cloudtrail-saml-iam-ug.json"));
    let request = &outcome.scenario.request;
    assert_eq!(request.action.as_deref(), Some("sts:AssumeRoleWithSAML"));
    assert_eq!(
        request.caller,
        "arn:aws:iam::444455556666:saml-provider/Shibboleth"
    );
    assert_eq!(
        request.role_arn,
        "arn:aws:iam::444455556666:role/SAMLTestRoleShibboleth"
    );
    assert_eq!(request.source_identity.as_deref(), Some("MySAMLUser"));
    let tags = request.tags.as_ref().expect("tags");
    assert_eq!(tags.len(), 3);
    assert_eq!(tags["Project"], "Unicorn");
    assert_eq!(
        request.transitive_tag_keys.as_deref(),
        Some(&["CostCenter".to_string(), "Project".to_string()][..])
    );
    assert!(has_note(
        &recognized,
        "the JSON was broken at line 35, column 38: expected `,`"
    ));
    assert!(!outcome.scenario.to_json_pretty().contains("AKIA"));

    let (outcome, recognized) = read(include_str!("samples/cloudtrail-web-identity-iam-ug.json"));
    let request = &outcome.scenario.request;
    assert_eq!(request.caller, "accounts.google.com");
    assert_eq!(
        request.role_arn,
        "arn:aws:iam::444455556666:role/FederatedWebIdentityRole"
    );
    assert_eq!(
        request.role_session_name.as_deref(),
        Some("MyAssignedRoleSessionName")
    );
    assert_eq!(request.duration_seconds, Some(serde_json::json!(3600)));
    assert_eq!(request.tags.as_ref().expect("tags")["CostCenter"], "24680");
    assert!(has_note(&recognized, "it was read with that fixed"));

    let (outcome, recognized) = read(include_str!("samples/cloudtrail-role-chaining-iam-ug.json"));
    let request = &outcome.scenario.request;
    assert_eq!(
        request.caller,
        "arn:aws:sts::111111111111:assumed-role/JohnDoe/JohnRole1"
    );
    assert_eq!(request.role_arn, "arn:aws:iam::111111111111:role/JohnRole2");
    assert_eq!(request.role_session_name.as_deref(), Some("Role2WithTags"));
    assert_eq!(request.source_identity.as_deref(), Some("JohnDoe"));
    assert_eq!(
        request.tags.as_ref().expect("tags")["Email"],
        "johndoe@example.com"
    );
    assert_eq!(request.source_ip.as_deref(), Some("123.145.67.89"));
    // The caller's session's MFA is not this request's.
    assert!(request.mfa.is_none());
    assert!(has_note(&recognized, "incomingTransitiveTags"));
    assert!(outcome.scenario.observed.is_none());
}

#[test]
fn lookup_events_without_a_role_assumption_fill_nothing() {
    // aws-cli `cloudtrail/lookup-events.rst`, verbatim (a ConsoleLogin).
    let paste = "{\n    \"Events\": [\n       {\n           \"EventId\": \"654ccbc0-ba0d-486a-9076-dbf7274677a7\",\n           \"Username\": \"my-session-name\",\n           \"EventTime\": \"2021-11-18T09:41:02-08:00\",\n           \"CloudTrailEvent\": \"{\\\"eventVersion\\\":\\\"1.02\\\",\\\"userIdentity\\\":{\\\"type\\\":\\\"AssumedRole\\\",\\\"principalId\\\":\\\"AROAJIKPFTA72SWU4L7T4:my-session-name\\\",\\\"arn\\\":\\\"arn:aws:sts::123456789012:assumed-role/my-role/my-session-name\\\",\\\"accountId\\\":\\\"123456789012\\\",\\\"sessionContext\\\":{\\\"attributes\\\":{\\\"mfaAuthenticated\\\":\\\"false\\\",\\\"creationDate\\\":\\\"2016-01-26T21:42:12Z\\\"},\\\"sessionIssuer\\\":{\\\"type\\\":\\\"Role\\\",\\\"principalId\\\":\\\"AROAJIKPFTA72SWU4L7T4\\\",\\\"arn\\\":\\\"arn:aws:iam::123456789012:role/my-role\\\",\\\"accountId\\\":\\\"123456789012\\\",\\\"userName\\\":\\\"my-role\\\"}}},\\\"eventTime\\\":\\\"2016-01-26T21:42:12Z\\\",\\\"eventSource\\\":\\\"signin.amazonaws.com\\\",\\\"eventName\\\":\\\"ConsoleLogin\\\",\\\"awsRegion\\\":\\\"us-east-1\\\",\\\"sourceIPAddress\\\":\\\"72.21.198.70\\\",\\\"requestParameters\\\":null,\\\"responseElements\\\":{\\\"ConsoleLogin\\\":\\\"Success\\\"},\\\"eventID\\\":\\\"654ccbc0-ba0d-486a-9076-dbf7274677a7\\\",\\\"eventType\\\":\\\"AwsConsoleSignIn\\\",\\\"recipientAccountId\\\":\\\"123456789012\\\"}\",\n           \"EventName\": \"ConsoleLogin\",\n           \"Resources\": []\n       }\n    ]\n  }\n";
    let (outcome, recognized) = read(paste);
    assert_eq!(recognized.format, "cloudtrail-event");
    assert!(recognized.filled.is_empty());
    assert!(has_note(&recognized, "events: ConsoleLogin"));
    assert_eq!(outcome.scenario.request.caller, "");
}

// §9 bare policies

#[test]
fn a_bare_policy_is_classified_by_shape_and_kept_as_pasted() {
    let trust = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": { \"AWS\": \"arn:aws:iam::111122223333:root\" },\n      \"Action\": \"sts:AssumeRole\",\n      \"Condition\": { \"StringEquals\": { \"sts:ExternalId\": \"x\" } }\n    }\n  ]\n}";
    let (outcome, recognized) = read(trust);
    assert_eq!(recognized.format, "trust-policy-document");
    assert_eq!(trust_text(&outcome), trust);
    assert!(has_note(&recognized, "trust policy"));
    let identity = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}"#;
    let (outcome, recognized) = read(identity);
    assert_eq!(recognized.format, "identity-policy-document");
    assert_eq!(identity_texts(&outcome), [identity]);
    let resource = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}"#;
    let (outcome, recognized) = read(resource);
    assert_eq!(recognized.format, "policy-document");
    assert!(recognized.filled.is_empty());
    assert_eq!(outcome.scenario, Scenario::default());
    let empty = r#"{"Version": "2012-10-17", "Statement": []}"#;
    let outcome = import(&[input("p.json", empty)], None);
    assert!(outcome.unrecognized[0]
        .error
        .contains("neither a trust policy nor an identity policy"));
}

// Merging, errors, bounds

#[test]
fn outputs_and_a_message_merge_into_a_scenario_that_evaluates() {
    let identity = r#"{"UserId": "AIDA1", "Account": "111122223333", "Arn": "arn:aws:iam::111122223333:user/ci"}"#;
    let role = r#"{"Role": {"RoleName": "Deploy", "Arn": "arn:aws:iam::444455556666:role/Deploy", "MaxSessionDuration": 3600,
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/ci"}, "Action": "sts:AssumeRole"}]}}}"#;
    let outcome = import(
        &[
            input("id.json", identity),
            input("role.json", role),
            input("policy.json", &GET_USER_POLICY.replace("role/Deploy", "role/Other")),
            input("err.txt", &format!("{DENIED_DEPLOY} because no identity-based policy allows the sts:AssumeRole action")),
        ],
        None,
    );
    assert!(outcome.unrecognized.is_empty());
    let formats: Vec<&str> = outcome
        .recognized
        .iter()
        .map(|r| r.format.as_str())
        .collect();
    assert_eq!(
        formats,
        [
            "aws-sts-get-caller-identity",
            "aws-iam-get-role",
            "aws-iam-get-inline-policy",
            "access-denied-message"
        ]
    );
    // The message repeats the caller and role: only what is new is listed.
    assert_eq!(outcome.recognized[3].filled, ["request.action", "observed"]);
    let report = crate::evaluate(&outcome.scenario);
    assert_eq!(report.decision, Decision::Deny, "{report:?}");
    let status = |id: CheckId| {
        report
            .checks
            .iter()
            .find(|check| check.id == id)
            .map(|check| check.status)
    };
    assert_eq!(status(CheckId::TrustPrincipal), Some(Status::Pass));
    assert_eq!(status(CheckId::IdentityAllow), Some(Status::Fail));
    // A later get-role with another trust policy changes it and says so.
    let other = role.replace("111122223333:user/ci", "999999999999:root");
    let outcome = import(&[input("a", role), input("b", &other)], None);
    assert_eq!(outcome.recognized[1].filled, ["role.trust_policy"]);
}

#[test]
fn a_document_and_the_error_in_one_log_are_both_read() {
    let log = "2024-05-01T10:00:00Z trust policy of the role:\n{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::999999999999:root\"}, \"Action\": \"sts:AssumeRole\"}]\n}\n2024-05-01T10:00:01Z ##[error]An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/Deploy\n";
    let (outcome, recognized) = read(log);
    assert_eq!(recognized.format, "trust-policy-document");
    assert!(trust_text(&outcome).contains("999999999999"));
    assert_eq!(
        outcome.scenario.request.caller,
        "arn:aws:iam::111122223333:user/ci"
    );
    assert_eq!(
        outcome.scenario.request.role_arn,
        "arn:aws:iam::444455556666:role/Deploy"
    );
    assert!(outcome.scenario.observed.is_some());
    assert!(has_note(
        &recognized,
        "error message around the JSON was read too"
    ));
    // A broken blob beside the error: the error is read.
    let broken = log.replace("\"Effect\": \"Allow\",", "\"Effect\": \"Allow\" \"x\"");
    let (outcome, recognized) = read(&broken);
    assert_eq!(recognized.format, "access-denied-message");
    assert_eq!(
        outcome.scenario.request.caller,
        "arn:aws:iam::111122223333:user/ci"
    );
}

#[test]
fn broken_json_is_a_located_error() {
    let truncated = CLI_GET_ROLE.get(..CLI_GET_ROLE.len() / 2).expect("half");
    let outcome = import(&[input("role.json", truncated)], None);
    assert!(outcome.recognized.is_empty());
    let error = &outcome.unrecognized[0].error;
    assert!(
        error.starts_with("`role.json` cannot be read: its JSON is broken at line "),
        "{error}"
    );
    let outcome = import(
        &[input("-", "$ aws sts get-caller-identity\n{\n  \"UserId\": \"AIDA1\",\n  \"Arn\": arn:aws:iam::1:user/a\n}\n")],
        None,
    );
    let error = &outcome.unrecognized[0].error;
    assert!(
        error.starts_with(
            "`standard input` cannot be read: its JSON is broken at line 4, column 10"
        ),
        "{error}"
    );
}

#[test]
fn yaml_and_text_outputs_are_told_to_use_json() {
    let yaml = "Role:\n  Arn: arn:aws:iam::123456789012:role/Test-Role\n  AssumeRolePolicyDocument:\n    Statement:\n    - Action: sts:AssumeRole\n";
    let outcome = import(&[input("role.yaml", yaml)], None);
    let error = &outcome.unrecognized[0].error;
    assert!(error.contains("`aws iam get-role`"), "{error}");
    assert!(
        error.contains("must be run again with `--output json`"),
        "{error}"
    );
}

#[test]
fn huge_and_hostile_json_is_read_in_bounded_time() {
    // A description past the cap: the JSON is cut, so it is broken.
    let huge = CLI_GET_ROLE.replace(
        "\"Description\": \"\"",
        &format!("\"Description\": \"{}\"", "a".repeat(MAX_IMPORT_BYTES)),
    );
    let outcome = import(&[input("role.json", &huge)], None);
    assert!(outcome.unrecognized[0].error.contains("its JSON is broken"));
    // Deep nesting, an unclosed bracket per line, a million percent signs.
    let deep = format!("{{\"Statement\": {}", "[".repeat(MAX_IMPORT_BYTES));
    let _ = import(&[input("deep", &deep)], None);
    let lines = "[\n".repeat(MAX_IMPORT_BYTES / 2);
    let _ = import(&[input("lines", &lines)], None);
    let percent = format!(
        "{{\"Role\": {{\"Arn\": \"arn:aws:iam::1:role/r\", \"AssumeRolePolicyDocument\": \"%{}\"}}}}",
        "%".repeat(MAX_IMPORT_BYTES / 2)
    );
    let (outcome, _) = read(&percent);
    assert_eq!(trust_text(&outcome), "");
}

#[test]
fn every_cut_of_every_sample_is_read_without_a_panic() {
    let lookup = format!(
        "{{\"Events\": [{{\"EventName\": \"AssumeRole\", \"CloudTrailEvent\": {}}}]}}",
        serde_json::to_string(FAILED_ASSUME_ROLE).expect("a JSON string")
    );
    let samples = [
        CLI_GET_ROLE,
        LIST_ROLES,
        GET_USER_POLICY,
        AUTHORIZATION_DETAILS,
        FAILED_ASSUME_ROLE,
        lookup.as_str(),
        "{\"Role\": {\"Arn\": \"arn:aws:iam::1:role/é\", \"AssumeRolePolicyDocument\": \"%7B%22Sid%22%3A%22%C3%A9%22%7D\"}}",
    ];
    let mut into = Scenario::default();
    into.request.caller = "arn:aws:iam::111122223333:user/ci".to_string();
    into.request.role_arn = "arn:aws:iam::111122223333:role/Deploy".to_string();
    for sample in samples {
        for (cut, _) in sample.char_indices().step_by(5) {
            let text = sample.get(..cut).unwrap_or_default();
            let outcome = import(&[input("cut", text)], Some(&into));
            assert_eq!(
                outcome.recognized.len() + outcome.unrecognized.len(),
                1,
                "{text}"
            );
        }
    }
}

#[test]
fn a_large_dump_is_resolved_in_bounded_time() {
    let users: Vec<String> = (0..4_000)
        .map(|n| {
            format!(
                "{{\"UserName\": \"u{n}\", \"Arn\": \"arn:aws:iam::1:user/u{n}\", \"GroupList\": [\"G\", \"G\", \"G\"], \"AttachedManagedPolicies\": [{{\"PolicyName\": \"P\", \"PolicyArn\": \"arn:aws:iam::1:policy/P\"}}, {{\"PolicyName\": \"P\", \"PolicyArn\": \"arn:aws:iam::1:policy/P\"}}]}}"
            )
        })
        .collect();
    let dump = format!(
        "{{\"UserDetailList\": [{}], \"GroupDetailList\": [{{\"GroupName\": \"G\", \"GroupPolicyList\": [{{\"PolicyName\": \"i\", \"PolicyDocument\": {{\"Statement\": [{{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Resource\": \"*\"}}]}}}}]}}], \"Policies\": []}}",
        users.join(",")
    );
    assert!(dump.len() < MAX_IMPORT_BYTES);
    let mut into = Scenario::default();
    into.request.caller = "arn:aws:iam::1:user/u3999".to_string();
    let outcome = import(&[input("dump.json", &dump)], Some(&into));
    // The group's policy once, and one warning for the missing managed one.
    assert_eq!(identity_texts(&outcome).len(), 1);
    let recognized = &outcome.recognized[0];
    assert!(has_note(recognized, "`P` (arn:aws:iam::1:policy/P);"));
    // The dump holds no role: no choice to offer.
    assert!(!has_note(recognized, "no role was named"));
    // With no caller named, the note lists ten and counts the rest.
    let outcome = import(&[input("dump.json", &dump)], None);
    assert!(has_note(&outcome.recognized[0], "and 3990 more"));
}
