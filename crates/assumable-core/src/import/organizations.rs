//! `aws organizations describe-policy` (`IMPORT_FORMATS.md` §6.6): an SCP
//! goes to the caller's organization policies, an RCP to the role's. The
//! output does not say where the policy is attached (root, OU, account),
//! so it becomes a level of its own and the person is told so.

use crate::scenario::{ContextValue, PolicySource};

use super::json_output::{at_path, member, string, text_of, JsonOutput};
use super::Reading;

pub const DESCRIBE_POLICY_FORMAT: &str = "aws-organizations-describe-policy";

pub fn read(output: &JsonOutput<'_>) -> Option<Reading> {
    let policy = member(output.root, "Policy")?;
    let kind = string(at_path(policy, &["PolicySummary", "Type"]))?;
    let content = string(member(policy, "Content"))?;
    let mut reading = Reading::new(DESCRIBE_POLICY_FORMAT);
    let arn = text_of(member(policy, "PolicySummary")?, "Arn");
    let name = text_of(member(policy, "PolicySummary")?, "Name").unwrap_or("the policy");
    if let Some(arn) = arn {
        reading.surfaces.push(arn.to_string());
    }
    // `Content` is the policy text itself, kept as written (§6.6).
    let document = PolicySource::Text(content.to_string());
    let (field, filter) = match kind {
        "SERVICE_CONTROL_POLICY" => {
            reading.scp = Some(document);
            if let Some(org) = arn.and_then(organization_of) {
                reading.context.insert(
                    "aws:PrincipalOrgID".to_string(),
                    ContextValue::One(org.to_string()),
                );
                reading.notes.push(format!(
                    "aws:PrincipalOrgID = {org} was inferred from the policy's ARN"
                ));
            }
            ("caller_policies.scps", "SERVICE_CONTROL_POLICY")
        }
        "RESOURCE_CONTROL_POLICY" => {
            reading.rcp = Some(document);
            ("role.rcps", "RESOURCE_CONTROL_POLICY")
        }
        other => {
            reading.notes.push(format!(
                "`{name}` is a {other}, which does not take part in a role assumption: nothing was filled"
            ));
            return Some(reading);
        }
    };
    reading.notes.push(format!(
        "the output does not say where `{name}` is attached: it was added to {field} as a level of its own (one level must allow the call at the root, each OU and the account); move it to its level, which `aws organizations list-policies-for-target --target-id … --filter {filter}` shows"
    ));
    Some(reading)
}

/// `o-…` in `arn:aws:organizations::111111111111:policy/o-…/…`; AWS-managed
/// policies (`::aws:policy/…`) name no organization.
fn organization_of(arn: &str) -> Option<&str> {
    let resource = arn.splitn(6, ':').nth(5)?;
    resource
        .strip_prefix("policy/")?
        .split('/')
        .next()
        .filter(|org| org.starts_with("o-"))
}
