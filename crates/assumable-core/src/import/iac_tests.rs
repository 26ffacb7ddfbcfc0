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
