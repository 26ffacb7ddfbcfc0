//! A wrapped document pasted into a policy editor (an `aws iam get-role`
//! output into the trust policy, a Terraform role, a `get-policy-version`
//! output into an identity policy): the document the editor wants, taken out
//! of its wrapper by the same recognisers import uses.

use serde::{Deserialize, Serialize};

use super::choice::Named;
use super::{bare_policy, normalize, Reading, ACCEPTED_FORMATS, RECOGNIZERS};
use crate::report::DocumentId;
use crate::scenario::{PolicySource, Scenario};

/// The document an editor takes, out of what wrapped it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unwrapped {
    pub text: String,
    /// How a person names the wrapper (`` `aws iam get-role` output ``).
    pub wrapper: String,
}

/// The document for `document`'s editor that `text` wraps, when `text` is a
/// format import reads and holds exactly one such document. An output
/// listing several roles or principals is narrowed to the ones `case`
/// names, as import does. `None` for a bare policy (nothing to unwrap) and
/// for anything else.
pub fn unwrap_policy(
    text: &str,
    document: DocumentId,
    case: Option<&Scenario>,
) -> Option<Unwrapped> {
    let text = normalize::capped(text);
    let mut reading = RECOGNIZERS.iter().find_map(|recognize| recognize(text))?;
    if let Some(choice) = reading.choice.take() {
        let named = Named::from_readings(case, &[Some(reading.clone())]);
        choice.resolve(&named, &mut reading);
    }
    let bare = [
        bare_policy::TRUST_POLICY_FORMAT,
        bare_policy::IDENTITY_POLICY_FORMAT,
        bare_policy::OTHER_POLICY_FORMAT,
    ];
    if bare.contains(&reading.format) || reading.unreadable.is_some() {
        return None;
    }
    let source = document_of(reading.clone(), document)?;
    let wrapper = ACCEPTED_FORMATS
        .iter()
        .find(|(id, _)| *id == reading.format)
        .map_or(reading.format, |(_, name)| name);
    Some(Unwrapped {
        text: source.text().to_string(),
        wrapper: wrapper.to_string(),
    })
}

fn document_of(reading: Reading, document: DocumentId) -> Option<PolicySource> {
    let single = |mut policies: Vec<PolicySource>| match policies.len() {
        1 => policies.pop(),
        _ => None,
    };
    match document {
        DocumentId::TrustPolicy => reading.trust_policy,
        DocumentId::Identity(_) => single(reading.identity_policies),
        // A boundary is a managed policy: its `get-policy-version` output
        // reads as one identity policy.
        DocumentId::PermissionsBoundary => reading
            .permissions_boundary
            .or_else(|| single(reading.identity_policies)),
        DocumentId::Scp(..) => reading.scp,
        DocumentId::Rcp(..) => reading.rcp,
        DocumentId::Request | DocumentId::Role => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GET_ROLE: &str = r#"{
    "Role": {
        "RoleName": "Deploy",
        "Arn": "arn:aws:iam::444455556666:role/Deploy",
        "AssumeRolePolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]
        }
    }
}"#;

    #[test]
    fn a_get_role_output_gives_the_trust_policy_and_nothing_else() {
        let unwrapped = unwrap_policy(GET_ROLE, DocumentId::TrustPolicy, None).expect("unwraps");
        assert!(unwrapped.text.contains("arn:aws:iam::111122223333:root"));
        assert!(!unwrapped.text.contains("RoleName"));
        assert_eq!(unwrapped.wrapper, "`aws iam get-role` output");
        assert_eq!(unwrap_policy(GET_ROLE, DocumentId::Identity(0), None), None);
        assert_eq!(unwrap_policy(GET_ROLE, DocumentId::Scp(0, 0), None), None);
    }

    #[test]
    fn a_terraform_role_gives_its_trust_policy() {
        let text = r#"resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}"#;
        let unwrapped = unwrap_policy(text, DocumentId::TrustPolicy, None).expect("unwraps");
        assert!(
            unwrapped.text.contains("ec2.amazonaws.com"),
            "{}",
            unwrapped.text
        );
    }

    #[test]
    fn a_policy_version_gives_an_identity_policy_or_a_boundary() {
        let text = r#"{"PolicyVersion": {"Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}, "VersionId": "v2", "IsDefaultVersion": true}}"#;
        for document in [DocumentId::Identity(1), DocumentId::PermissionsBoundary] {
            let unwrapped = unwrap_policy(text, document, None).expect("unwraps");
            assert!(unwrapped.text.contains("sts:AssumeRole"));
            assert!(!unwrapped.text.contains("VersionId"));
        }
    }

    /// `list-roles` holds many: the one the case assumes is taken, and
    /// none when the case names no role.
    #[test]
    fn a_list_of_roles_gives_the_trust_of_the_role_the_case_names() {
        let role = |name: &str, account: &str| {
            format!(
                r#"{{"RoleName": "{name}", "Arn": "arn:aws:iam::444455556666:role/{name}", "AssumeRolePolicyDocument": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{account}:root"}}, "Action": "sts:AssumeRole"}}]}}}}"#
            )
        };
        let text = format!(
            r#"{{"Roles": [{}, {}]}}"#,
            role("Build", "111111111111"),
            role("Deploy", "222222222222")
        );
        let mut case = Scenario::default();
        case.request.role_arn = "arn:aws:iam::444455556666:role/Deploy".to_string();
        let unwrapped =
            unwrap_policy(&text, DocumentId::TrustPolicy, Some(&case)).expect("unwraps");
        assert!(
            unwrapped.text.contains("222222222222"),
            "{}",
            unwrapped.text
        );
        assert_eq!(unwrap_policy(&text, DocumentId::TrustPolicy, None), None);
    }

    #[test]
    fn a_bare_policy_or_other_text_is_left_alone() {
        let bare = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}"#;
        assert_eq!(unwrap_policy(bare, DocumentId::TrustPolicy, None), None);
        assert_eq!(
            unwrap_policy("{\"Version\": ", DocumentId::TrustPolicy, None),
            None
        );
        assert_eq!(unwrap_policy("", DocumentId::TrustPolicy, None), None);
    }
}
