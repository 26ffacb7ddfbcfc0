//! Import of infrastructure as code (IMPORT_FORMATS.md §7): a CDK synthesis
//! and a CloudFormation template, their role chosen and their intrinsic
//! functions resolved by the role the other inputs name.

use super::*;
use crate::report::Decision;

fn input(source: &str, text: &str) -> ImportInput {
    ImportInput {
        source: source.to_string(),
        text: text.to_string(),
    }
}

/// The shape of aws-cdk's `integ-iam-role` snapshot: an account root
/// principal built with `Fn::Join`, an external ID, CDK's bootstrap rule.
const CDK_SYNTH: &str = r#"{
 "Resources": {
  "TestRole6C9272DF": {
   "Type": "AWS::IAM::Role",
   "Properties": {
    "AssumeRolePolicyDocument": {
     "Statement": [{
       "Action": "sts:AssumeRole",
       "Condition": {"StringEquals": {"sts:ExternalId": "supply-me"}},
       "Effect": "Allow",
       "Principal": {"AWS": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::", {"Ref": "AWS::AccountId"}, ":root"]]}}
     }],
     "Version": "2012-10-17"
    }
   },
   "Metadata": {"aws:cdk:path": "integ-iam-role-1/TestRole/Resource"}
  },
  "CDKMetadata": {"Type": "AWS::CDK::Metadata", "Properties": {"Analytics": "v2:deflate64:H4sI"}}
 },
 "Parameters": {"BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/cdk-bootstrap/hnb659fds/version"}},
 "Rules": {"CheckBootstrapVersion": {"Assertions": []}}
}"#;

const MESSAGE: &str = "An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::123456789012:user/ada is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/integ-iam-role-1-TestRole6C9272DF-1A2B3C4D5E6F";

#[test]
fn a_cdk_synthesis_gives_the_named_roles_trust_with_its_account() {
    for order in [[CDK_SYNTH, MESSAGE], [MESSAGE, CDK_SYNTH]] {
        let outcome = import(&[input("a", order[0]), input("b", order[1])], None);
        assert!(
            outcome.unrecognized.is_empty(),
            "{:?}",
            outcome.unrecognized
        );
        let template = outcome
            .recognized
            .iter()
            .find(|r| r.format == "cloudformation-template")
            .expect("the template is read");
        assert!(
            template.filled.contains(&"role.trust_policy".to_string()),
            "{template:?}"
        );
        assert!(template.warnings.is_empty(), "{:?}", template.warnings);
        let trust = outcome.scenario.role.trust_policy.text().to_string();
        assert!(trust.contains("arn:aws:iam::123456789012:root"), "{trust}");
        assert!(trust.contains("supply-me"), "{trust}");
        // The caller passes no external ID: the trust's condition fails.
        let report = crate::evaluate(&outcome.scenario);
        assert_eq!(report.decision, Decision::Deny);
        assert!(report
            .failing()
            .contains(&crate::report::CheckId::TrustExternalId));
    }
}

#[test]
fn alone_the_template_leaves_the_account_visible_and_says_so() {
    let outcome = import(&[input("template.json", CDK_SYNTH)], None);
    let template = &outcome.recognized[0];
    assert_eq!(template.format, "cloudformation-template");
    let trust = outcome.scenario.role.trust_policy.text().to_string();
    assert!(trust.contains("<Fn::Join"), "{trust}");
    assert!(
        template.warnings[0].contains("leaves one value to the deployment"),
        "{:?}",
        template.warnings
    );
    assert!(
        template.notes.iter().any(|n| n.contains("CDK")),
        "{:?}",
        template.notes
    );
}

#[test]
fn a_template_with_several_roles_names_them_without_choosing() {
    let template = r#"{"Resources": {
      "A": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "a", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}},
      "B": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "b", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}}}}"#;
    let outcome = import(&[input("t.json", template)], None);
    let reading = &outcome.recognized[0];
    assert!(reading.filled.is_empty(), "{reading:?}");
    assert!(
        reading
            .notes
            .iter()
            .any(|n| n.contains("2 roles (`A`, `B`)")),
        "{:?}",
        reading.notes
    );
}

/// The provider's own example shape: a trust policy from a policy
/// document data source, with a condition and the `&{…}` escape.
const TERRAFORM_DOCUMENT: &str = r#"
data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = ["supply-me"]
    }
    condition {
      test     = "StringLike"
      variable = "sts:RoleSessionName"
      values   = ["&{aws:username}"]
    }
  }
}

resource "aws_iam_role" "deploy" {
  name               = "deploy"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  max_session_duration = 7200
}
"#;

#[test]
fn a_terraform_role_takes_its_policy_document() {
    let outcome = import(
        &[
            input("main.tf", TERRAFORM_DOCUMENT),
            input("err.txt", MESSAGE_DEPLOY),
        ],
        None,
    );
    assert!(
        outcome.unrecognized.is_empty(),
        "{:?}",
        outcome.unrecognized
    );
    let terraform = &outcome.recognized[0];
    assert_eq!(terraform.format, "terraform");
    assert!(terraform.warnings.is_empty(), "{:?}", terraform.warnings);
    let trust: serde_json::Value =
        serde_json::from_str(outcome.scenario.role.trust_policy.text()).expect("JSON");
    let statement = &trust["Statement"][0];
    assert_eq!(statement["Effect"], "Allow");
    assert_eq!(statement["Action"], "sts:AssumeRole");
    assert_eq!(
        statement["Principal"]["AWS"],
        "arn:aws:iam::123456789012:root"
    );
    assert_eq!(
        statement["Condition"]["StringEquals"]["sts:ExternalId"],
        "supply-me"
    );
    assert_eq!(
        statement["Condition"]["StringLike"]["sts:RoleSessionName"],
        "${aws:username}"
    );
    assert_eq!(
        outcome.scenario.role.max_session_duration,
        Some(serde_json::json!(7200))
    );
    assert_eq!(crate::evaluate(&outcome.scenario).decision, Decision::Deny);
}

const MESSAGE_DEPLOY: &str = "User: arn:aws:iam::123456789012:user/ada is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/deploy";

#[test]
fn jsonencode_and_heredoc_roles_name_what_only_a_plan_knows() {
    let jsonencode = r#"resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow", Action = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
    }]
  })
}"#;
    let heredoc = "resource \"aws_iam_role\" \"deploy\" {\n  name = \"deploy\"\n  assume_role_policy = <<EOF\n{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Principal\": {\"AWS\": \"${var.trusted}\"}}]}\nEOF\n}\n";
    for (text, written) in [
        (jsonencode, "${data.aws_caller_identity.current.account_id}"),
        (heredoc, "${var.trusted}"),
    ] {
        let outcome = import(
            &[input("main.tf", text), input("err.txt", MESSAGE_DEPLOY)],
            None,
        );
        let terraform = &outcome.recognized[0];
        assert!(
            terraform.warnings.iter().any(|w| w.contains(written)),
            "{terraform:?} {:?}",
            outcome.unrecognized
        );
        assert!(outcome.scenario.role.trust_policy.text().contains(written));
    }
}

#[test]
fn broken_terraform_is_unreadable_with_its_location() {
    let outcome = import(
        &[input(
            "main.tf",
            "resource \"aws_iam_role\" \"x\" {\n  name = \"a\n}\n",
        )],
        None,
    );
    let error = &outcome.unrecognized[0].error;
    assert!(error.contains("line 2, column 12"), "{error}");
}

const CLOUDFORMATION_YAML: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Repository:
    Type: String
    Default: octo-org/octo-repo
Resources:
  GitHubRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: github-deploy
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:AssumeRoleWithWebIdentity
            Principal:
              Federated: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com
            Condition:
              StringEquals:
                token.actions.githubusercontent.com:aud: sts.amazonaws.com
              StringLike:
                token.actions.githubusercontent.com:sub: !Sub repo:${Repository}:*
"#;

#[test]
fn a_yaml_template_resolves_its_short_forms() {
    let message = "An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity";
    let role = "arn:aws:iam::123456789012:role/github-deploy";
    let into = crate::scenario::Scenario {
        request: crate::scenario::Request {
            role_arn: role.to_string(),
            ..Default::default()
        },
        ..Default::default()
    };
    let outcome = import(
        &[
            input("template.yaml", CLOUDFORMATION_YAML),
            input("err.txt", message),
        ],
        Some(&into),
    );
    let template = &outcome.recognized[0];
    assert_eq!(
        template.format, "cloudformation-template",
        "{:?}",
        outcome.unrecognized
    );
    assert!(template.warnings.is_empty(), "{:?}", template.warnings);
    let trust = outcome.scenario.role.trust_policy.text().to_string();
    assert!(
        trust.contains(
            "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
        ),
        "{trust}"
    );
    assert!(trust.contains("repo:octo-org/octo-repo:*"), "{trust}");
    assert!(
        template.notes.iter().any(|n| n.contains("defaults")),
        "{:?}",
        template.notes
    );
}
