//! The organization input of `access`: which service control policies and
//! resource control policies apply to each account, level by level (the
//! root, each OU down to the account, the account itself), and the
//! organization's id and paths for `aws:PrincipalOrgID` and
//! `aws:PrincipalOrgPaths`. Built from `aws organizations` outputs (README,
//! "Account-wide access", gives the commands):
//!
//! ```jsonc
//! {
//!   "Organization": { "Id": "o-a1b2c3d4e5", "MasterAccountId": "999999999999" },  // describe-organization
//!   "Policies": [ { "PolicySummary": { "Id": "p-…", "Type": "SERVICE_CONTROL_POLICY" },
//!                   "Content": "{…}" } ],                                          // describe-policy, each
//!   "Targets": { "r-ab12": ["p-FullAWSAccess"], "ou-ab12-11111111": ["p-…"],
//!                "111111111111": ["p-FullAWSAccess"] },                             // list-policies-for-target
//!   "Accounts": { "111111111111": ["r-ab12", "ou-ab12-11111111"] }                 // list-parents, root first
//! }
//! ```
//!
//! Every level must allow (an SCP level with no policy allows nothing), as
//! the single-case evaluator judges `scps` and `rcps`. Neither kind applies
//! to the management account.
//! <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html>
//! <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html>

use std::collections::BTreeMap;

use serde_json::Value;

use crate::scenario::PolicySource;

const SCP: &str = "SERVICE_CONTROL_POLICY";
const RCP: &str = "RESOURCE_CONTROL_POLICY";

/// What the organization input says of its accounts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Organization {
    pub id: String,
    pub management_account: Option<String>,
    /// Each account's levels, root first: the target ids whose policies
    /// apply, the account's own id last.
    levels: BTreeMap<String, Vec<String>>,
    /// The policies attached to each target (root, OU or account).
    attached: BTreeMap<String, Vec<String>>,
    /// Each policy's type and document, by id.
    policies: BTreeMap<String, (String, PolicySource)>,
}

/// What applies to one account: its SCP and RCP levels (`None` when the
/// organization uses none of that kind, or for the management account) and
/// its principals' organization context keys.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AccountPolicies {
    pub scps: Option<Vec<Vec<PolicySource>>>,
    pub rcps: Option<Vec<Vec<PolicySource>>>,
    pub context: Vec<(String, String)>,
}

impl Organization {
    /// Whether the organization input lists `account`.
    pub fn holds(&self, account: &str) -> bool {
        self.levels.contains_key(account) || self.management_account.as_deref() == Some(account)
    }

    /// What applies to `account`; nothing when the input does not list it.
    pub fn for_account(&self, account: &str) -> AccountPolicies {
        if !self.holds(account) {
            return AccountPolicies::default();
        }
        let parents = self
            .levels
            .get(account)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut context = vec![("aws:PrincipalOrgID".to_string(), self.id.clone())];
        if !parents.is_empty() {
            let mut path = self.id.clone();
            for parent in parents {
                path.push('/');
                path.push_str(parent);
            }
            context.push(("aws:PrincipalOrgPaths".to_string(), format!("{path}/")));
        }
        if self.management_account.as_deref() == Some(account) {
            return AccountPolicies {
                scps: None,
                rcps: None,
                context,
            };
        }
        AccountPolicies {
            scps: self.levels_of(account, parents, SCP),
            rcps: self.levels_of(account, parents, RCP),
            context,
        }
    }

    /// One list per level of the policies of `kind`, or `None` when the
    /// organization holds no policy of that kind (it is not in use).
    fn levels_of(
        &self,
        account: &str,
        parents: &[String],
        kind: &str,
    ) -> Option<Vec<Vec<PolicySource>>> {
        if !self.policies.values().any(|(k, _)| k == kind) {
            return None;
        }
        let targets = parents.iter().map(String::as_str).chain([account]);
        Some(
            targets
                .map(|target| {
                    self.attached
                        .get(target)
                        .into_iter()
                        .flatten()
                        .filter_map(|id| self.policies.get(id))
                        .filter(|(k, _)| k == kind)
                        .map(|(_, document)| document.clone())
                        .collect()
                })
                .collect(),
        )
    }
}

/// The organization input in `text`: `None` when the text is not one (it
/// has no top-level `Organization` and `Accounts`), else it or what is wrong
/// with it, and what the reader should know (a policy no target names).
pub fn read(text: &str) -> Option<Result<(Organization, Vec<String>), String>> {
    let value: Value = serde_json::from_str(text).ok()?;
    let object = value.as_object()?;
    if !(object.contains_key("Organization") && object.contains_key("Accounts")) {
        return None;
    }
    Some(parse(object))
}

fn parse(object: &serde_json::Map<String, Value>) -> Result<(Organization, Vec<String>), String> {
    let organization = object.get("Organization").unwrap_or(&Value::Null);
    let id = organization
        .get("Id")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .ok_or("`Organization.Id` is missing: it is what `aws organizations describe-organization` prints")?
        .to_string();
    let management_account = organization
        .get("MasterAccountId")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut warnings = Vec::new();

    let mut policies = BTreeMap::new();
    let listed = match object.get("Policies") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(listed)) => listed.as_slice(),
        Some(_) => {
            return Err(
                "`Policies` must be a list of `describe-policy` outputs' `Policy` objects"
                    .to_string(),
            )
        }
    };
    for (n, policy) in listed.iter().enumerate() {
        // `describe-policy` prints {"Policy": {...}}: either shape is taken.
        let policy = policy.get("Policy").unwrap_or(policy);
        let summary = policy.get("PolicySummary").unwrap_or(policy);
        let policy_id = summary
            .get("Id")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("`Policies[{n}]` has no `PolicySummary.Id`"))?;
        let kind = summary.get("Type").and_then(Value::as_str).unwrap_or(SCP);
        let document = match policy.get("Content") {
            Some(Value::String(text)) => PolicySource::Text(text.clone()),
            Some(object @ Value::Object(_)) => PolicySource::Text(object.to_string()),
            _ => return Err(format!("`Policies[{n}]` ({policy_id}) has no `Content`")),
        };
        if kind != SCP && kind != RCP {
            // Tag, backup and AI opt-out policies decide no call.
            continue;
        }
        policies.insert(policy_id.to_string(), (kind.to_string(), document));
    }

    let attached = string_lists(object.get("Targets"), "Targets")?;
    let levels = string_lists(object.get("Accounts"), "Accounts")?;
    for (target, ids) in &attached {
        for policy_id in ids {
            if !policies.contains_key(policy_id) {
                warnings.push(format!(
                    "`{target}` has policy `{policy_id}` attached, which `Policies` does not hold: its levels may deny what AWS would not"
                ));
            }
        }
    }
    for account in levels.keys() {
        if !attached.contains_key(account)
            && management_account.as_deref() != Some(account.as_str())
        {
            warnings.push(format!(
                "`Targets` lists no policy for account `{account}`: if the organization uses SCPs, it allows nothing there"
            ));
        }
    }
    Ok((
        Organization {
            id,
            management_account,
            levels,
            attached,
            policies,
        },
        warnings,
    ))
}

/// An object of string lists (`{"r-ab12": ["p-1"]}`), or what is wrong.
fn string_lists(
    value: Option<&Value>,
    name: &str,
) -> Result<BTreeMap<String, Vec<String>>, String> {
    let Some(value) = value.filter(|value| !value.is_null()) else {
        return Ok(BTreeMap::new());
    };
    let object = value
        .as_object()
        .ok_or_else(|| format!("`{name}` must be an object of lists of ids"))?;
    object
        .iter()
        .map(|(key, list)| {
            let ids = list
                .as_array()
                .ok_or_else(|| format!("`{name}.{key}` must be a list of ids"))?
                .iter()
                .map(|id| {
                    id.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| format!("`{name}.{key}` must hold ids as strings"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok((key.clone(), ids))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const INPUT: &str = r#"{
      "Organization": {"Id": "o-a1b2c3d4e5", "MasterAccountId": "999999999999"},
      "Policies": [
        {"Policy": {"PolicySummary": {"Id": "p-FullAWSAccess", "Type": "SERVICE_CONTROL_POLICY"},
                    "Content": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}},
        {"PolicySummary": {"Id": "p-denysts", "Type": "SERVICE_CONTROL_POLICY"},
         "Content": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}"},
        {"PolicySummary": {"Id": "p-tags", "Type": "TAG_POLICY"}, "Content": "{}"}
      ],
      "Targets": {"r-ab12": ["p-FullAWSAccess"], "ou-ab12-11111111": ["p-FullAWSAccess", "p-denysts"],
                  "111111111111": ["p-FullAWSAccess"]},
      "Accounts": {"111111111111": ["r-ab12", "ou-ab12-11111111"]}
    }"#;

    fn organization() -> Organization {
        match read(INPUT) {
            Some(Ok((organization, warnings))) => {
                assert!(warnings.is_empty(), "{warnings:?}");
                organization
            }
            other => panic!("an organization input: {other:?}"),
        }
    }

    #[test]
    fn an_account_gets_its_levels_root_first_and_its_organization_keys() {
        let applies = organization().for_account("111111111111");
        let scps = applies.scps.unwrap_or_default();
        assert_eq!(scps.len(), 3, "root, OU, account");
        assert_eq!(scps.iter().map(Vec::len).collect::<Vec<_>>(), [1, 2, 1]);
        assert!(scps[1][1].text().contains("Deny"));
        assert_eq!(applies.rcps, None, "no RCP in the input: not in use");
        assert_eq!(
            applies.context,
            [
                ("aws:PrincipalOrgID".to_string(), "o-a1b2c3d4e5".to_string()),
                (
                    "aws:PrincipalOrgPaths".to_string(),
                    "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/".to_string()
                ),
            ]
        );
    }

    #[test]
    fn the_management_account_is_in_the_organization_but_no_policy_applies() {
        let applies = organization().for_account("999999999999");
        assert_eq!((applies.scps, applies.rcps), (None, None));
        assert_eq!(applies.context.len(), 1);
        assert_eq!(
            organization().for_account("222222222222"),
            AccountPolicies::default()
        );
    }

    #[test]
    fn other_json_is_no_organization_input_and_a_broken_one_says_what_is_wrong() {
        assert!(read(r#"{"UserDetailList": []}"#).is_none());
        assert!(read("not json").is_none());
        for (text, says) in [
            (r#"{"Organization": {}, "Accounts": {}}"#, "Organization.Id"),
            (
                r#"{"Organization": {"Id": "o-1"}, "Accounts": []}"#,
                "`Accounts` must be an object",
            ),
            (
                r#"{"Organization": {"Id": "o-1"}, "Accounts": {"1": "r-1"}}"#,
                "`Accounts.1` must be a list",
            ),
            (
                r#"{"Organization": {"Id": "o-1"}, "Accounts": {}, "Policies": [{"PolicySummary": {"Id": "p-1"}}]}"#,
                "has no `Content`",
            ),
        ] {
            match read(text) {
                Some(Err(why)) => assert!(why.contains(says), "{text}: {why}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_policy_attached_but_not_given_is_warned_of() {
        let text = r#"{"Organization": {"Id": "o-1"}, "Accounts": {"1": ["r-1"]}, "Targets": {"r-1": ["p-x"], "1": []}}"#;
        let Some(Ok((_, warnings))) = read(text) else {
            panic!("read");
        };
        assert!(warnings.iter().any(|w| w.contains("p-x")), "{warnings:?}");
    }
}
