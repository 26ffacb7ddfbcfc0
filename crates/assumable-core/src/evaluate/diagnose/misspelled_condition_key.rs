//! ## What it catches
//! A condition key AWS never sets, most likely a misspelling of one it does:
//! `sts:ExternalID` is fine (keys are case-insensitive), but `ExternalId`,
//! `sts:ExternalIdentifier` or `aws:SourceIpAddress` are never in a request.
//!
//! ## Why AWS denies
//! "If the key that you specify in a policy condition is not present in the
//! request context, the values do not match" (for positive operators), so
//! the statement never applies.
//!
//! ## Example
//! `"StringEquals": {"ExternalId": "abc"}` → `"sts:ExternalId"`.
//!
//! ## AWS rule
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html>

use super::super::edits::replace_value;
use super::super::outcome::FixDraft;
use super::{ConditionDiagnosis, Diagnosis, FailedCondition};
use crate::policy::{Condition, Statement};

pub(crate) struct MisspelledConditionKey;

impl ConditionDiagnosis for MisspelledConditionKey {
    fn name(&self) -> &'static str {
        "misspelled_condition_key"
    }

    fn diagnose(&self, failed: &FailedCondition<'_>) -> Option<Diagnosis> {
        let key = failed.condition.key.value.as_str();
        let Some(intended) = renamed_key(failed.statement, failed.condition) else {
            let intended = intended_key(key)?;
            return Some(Diagnosis::hint(format!(
                "`{key}` is not a key AWS sets, so it is never in the request; \
                it looks like `{intended}`, which `{}` already names: this \
                condition is a misspelt copy and can never be met.",
                failed.condition.operator_text.value
            )));
        };
        let hint = format!(
            "`{key}` is not a key AWS sets, so it is never in the \
                request; `{intended}` is likely meant."
        );
        let rename = FixDraft::safe(
            format!("Use the condition key `{intended}`"),
            vec![replace_value(
                failed.document,
                &failed.condition.key,
                intended,
            )],
        );
        let mut corrected = failed.condition.clone();
        corrected.key.value = intended.to_string();
        if failed.met_by(&corrected) {
            return Some(Diagnosis::fix(Some(hint), rename));
        }
        // Spelt right, the condition still fails: the rename alone would
        // leave the check failing, so the fix must also meet it.
        Some(Diagnosis {
            hint: Some(format!(
                "{hint} Spelt so, the condition is still not met by this request."
            )),
            fixes: vec![rename],
            still_unmet: Some(corrected),
            names: Vec::new(),
        })
    }
}

/// Condition keys a trust policy commonly uses, for "did you mean".
const KNOWN_KEYS: [&str; 28] = [
    "sts:ExternalId",
    "sts:RoleSessionName",
    "sts:SourceIdentity",
    "sts:TransitiveTagKeys",
    "aws:MultiFactorAuthPresent",
    "aws:MultiFactorAuthAge",
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalType",
    "aws:PrincipalIsAWSService",
    "aws:PrincipalServiceName",
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:TagKeys",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:SecureTransport",
    "aws:userid",
    "aws:username",
    "aws:FederatedProvider",
    "saml:aud",
    "saml:sub",
];

/// Global condition keys AWS sets that the AssumeRole checks do not read:
/// never "corrected" to one of [`KNOWN_KEYS`].
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>
const OTHER_GLOBAL_KEYS: [&str; 22] = [
    "aws:SourceVpcArn",
    "aws:VpcSourceIp",
    "aws:SourceOrgPaths",
    "aws:RequestedRegion",
    "aws:ViaAWSService",
    "aws:CalledVia",
    "aws:CalledViaFirst",
    "aws:CalledViaLast",
    "aws:TokenIssueTime",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:ResourceOrgPaths",
    "aws:Referer",
    "aws:UserAgent",
    "aws:SourceIdentity",
    "aws:Ec2InstanceSourceVpc",
    "aws:Ec2InstanceSourcePrivateIPv4",
    "aws:PrincipalServiceNamesList",
    "aws:PrincipalIsAWSService",
    "aws:IsMcpServiceAction",
    "aws:ViaAWSMCPService",
    "aws:ViaAWSMCPServiceArn",
];

/// `statement` with each misspelt condition key spelt as AWS sets it: the
/// statement once the renames this diagnosis offers are made, which a value
/// chosen to meet another condition on that key must meet too.
pub(crate) fn with_keys_spelt_right(statement: &Statement) -> Statement {
    let mut spelt_right = statement.clone();
    for (condition, spelt) in spelt_right.conditions.iter_mut().zip(&statement.conditions) {
        if let Some(intended) = renamed_key(statement, spelt) {
            condition.key.value = intended.to_string();
        }
    }
    spelt_right
}

/// The key `condition`'s misspelt key is renamed to, unless its operator
/// already holds that key (or an earlier misspelling of it): the rename
/// would repeat a key in one block, which IAM refuses.
fn renamed_key(statement: &Statement, condition: &Condition) -> Option<&'static str> {
    let intended = intended_key(&condition.key.value)?;
    let same_block = |other: &&Condition| {
        other.operator_text.value == condition.operator_text.value
            && other.key.range != condition.key.range
    };
    let taken = statement
        .conditions
        .iter()
        .take_while(|other| other.key.range != condition.key.range)
        .filter(same_block)
        .any(|other| intended_key(&other.key.value) == Some(intended))
        || statement
            .conditions
            .iter()
            .filter(same_block)
            .any(|other| other.key.value.eq_ignore_ascii_case(intended));
    (!taken).then_some(intended)
}

fn normalized(key: &str) -> String {
    key.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The key that was most likely meant, when `key` is not one AWS sets.
fn intended_key(key: &str) -> Option<&'static str> {
    let known = |list: &[&str]| list.iter().any(|k| k.eq_ignore_ascii_case(key));
    if known(&KNOWN_KEYS) || known(&OTHER_GLOBAL_KEYS) {
        return None;
    }
    let lowered = key.to_ascii_lowercase();
    if lowered.starts_with("aws:principaltag/")
        || lowered.starts_with("aws:requesttag/")
        || lowered.starts_with("aws:resourcetag/")
        || (lowered.contains(':') && !lowered.starts_with("aws:") && !lowered.starts_with("sts:"))
    {
        return None;
    }
    let bare_of = |known: &'static str| normalized(known.rsplit(':').next().unwrap_or(known));
    let wanted = normalized(key.rsplit(':').next().unwrap_or(key));
    KNOWN_KEYS
        .into_iter()
        .find(|known| bare_of(known) == wanted)
        .or_else(|| {
            // A known key with something added or cut off
            // (`aws:SourceIpAddress`, `aws:PrincipalOrg`): the longest.
            KNOWN_KEYS
                .into_iter()
                .filter(|known| {
                    let known = bare_of(known);
                    known.len().min(wanted.len()) >= 6
                        && (wanted.starts_with(&known) || known.starts_with(&wanted))
                })
                .max_by_key(|known| known.len())
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{diagnose_condition, trust_with, user_request};
    use super::*;

    #[test]
    fn names_the_key_that_was_meant() {
        assert_eq!(intended_key("ExternalId"), Some("sts:ExternalId"));
        assert_eq!(intended_key("aws:SourceIpAddress"), Some("aws:SourceIp"));
        assert_eq!(intended_key("sts:externalid"), None);
        assert_eq!(intended_key("aws:PrincipalTag/team"), None);
        assert_eq!(intended_key("aws:CalledVia"), None);
    }

    #[test]
    fn offers_the_right_key_as_a_safe_fix() {
        let found = diagnose_condition(
            trust_with(json!({ "StringEquals": { "ExternalId": "abc" } })),
            user_request(json!({ "external_id": "abc" })),
            "ExternalId",
            |failed| MisspelledConditionKey.diagnose(failed),
        )
        .unwrap();
        let fix = found.fixes.first().unwrap();
        assert_eq!(fix.title, "Use the condition key `sts:ExternalId`");
        assert_eq!(fix.applicability, crate::report::Applicability::Safe);
    }
}
