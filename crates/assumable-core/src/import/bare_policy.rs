//! A bare policy document (`IMPORT_FORMATS.md` §9): what the IAM console
//! shows under "Trust relationships" or in the policy editor. Classified by
//! shape: a `Principal` without `Resource` is a trust policy, a `Resource`
//! without `Principal` an identity policy, both a resource policy of
//! another service or an RCP (not taken: asked), neither a document that
//! cannot be told apart (unreadable). The pasted text is kept
//! as it is, so that locations point into it.

use crate::scenario::PolicySource;

use super::json_output::{has, items, member, JsonOutput};
use super::Reading;

pub const TRUST_POLICY_FORMAT: &str = "trust-policy-document";
pub const IDENTITY_POLICY_FORMAT: &str = "identity-policy-document";
pub const OTHER_POLICY_FORMAT: &str = "policy-document";

pub fn read(output: &JsonOutput<'_>) -> Option<Reading> {
    let root = output.root;
    let statements = items(member(root, "Statement"));
    if !has(root, "Statement") {
        return None;
    }
    let any = |keys: [&str; 2]| {
        statements
            .iter()
            .any(|statement| keys.iter().any(|key| has(statement, key)))
    };
    let principal = any(["Principal", "NotPrincipal"]);
    let resource = any(["Resource", "NotResource"]);
    let document = PolicySource::Text(output.slice(root).to_string());
    let mut reading;
    match (principal, resource) {
        (true, false) => {
            reading = Reading::new(TRUST_POLICY_FORMAT);
            reading.trust_policy = Some(document);
            reading.notes.push(
                "read as the role's trust policy: its statements name a Principal and no Resource"
                    .to_string(),
            );
        }
        (false, true) => {
            reading = Reading::new(IDENTITY_POLICY_FORMAT);
            reading.identity_policies.push(document);
            reading.notes.push(
                "read as one of the caller's identity policies: its statements name a Resource and no Principal; if it is the caller's permissions boundary or an SCP, move it to caller_policies.permissions_boundary or caller_policies.scps"
                    .to_string(),
            );
        }
        (true, true) => {
            reading = Reading::new(OTHER_POLICY_FORMAT);
            reading.notes.push(
                "its statements name both a Principal and a Resource: a resource policy of another service or a resource control policy; nothing was filled (an RCP of the role's account belongs in role.rcps)"
                    .to_string(),
            );
        }
        (false, false) => {
            reading = Reading::new(OTHER_POLICY_FORMAT);
            reading.unreadable = Some(
                "it is a policy document whose statements name neither a Principal nor a Resource, so it is neither a trust policy nor an identity policy; paste the whole document"
                    .to_string(),
            );
        }
    }
    Some(reading)
}
