//! `aws iam` outputs (`IMPORT_FORMATS.md` §6.1–§6.4): `get-role`,
//! `list-roles`, `get-{role,user,group}-policy`, `get-policy-version` and
//! `get-account-authorization-details`, recognised by their top-level keys
//! (§2 rule 7). Documents are objects in the CLI's output and URL-encoded
//! strings in the raw API's and other SDKs' (§6.1); both are read.

use std::collections::BTreeMap;

use crate::json::{JsonNode, JsonValue};

use super::choice::{
    add_resource_tags, AuthorizationDetails, Choice, Entity, InlinePolicy, Owner, RoleEntry,
};
use super::json_output::{
    at_path, document, has, items, member, number, string, text_of, truth, JsonOutput,
};
use super::Reading;

pub const GET_ROLE_FORMAT: &str = "aws-iam-get-role";
pub const LIST_ROLES_FORMAT: &str = "aws-iam-list-roles";
pub const INLINE_POLICY_FORMAT: &str = "aws-iam-get-inline-policy";
pub const POLICY_VERSION_FORMAT: &str = "aws-iam-get-policy-version";
pub const AUTHORIZATION_DETAILS_FORMAT: &str = "aws-iam-get-account-authorization-details";

pub fn read(output: &JsonOutput<'_>) -> Option<Reading> {
    let root = output.root;
    // `--query Role` prints the role without its wrapper; a RoleDetail of
    // authorization details has the same members.
    let role = member(root, "Role").unwrap_or(root);
    if is_role(role) {
        return Some(get_role(output, role));
    }
    // `--query 'Roles[]'` prints the array alone.
    let roles = match &root.value {
        JsonValue::Array(roles) => roles.as_slice(),
        _ => items(member(root, "Roles")),
    };
    if !roles.is_empty() && roles.iter().all(is_role) {
        return Some(list_roles(output, roles));
    }
    if has(root, "PolicyDocument") && has(root, "PolicyName") {
        return inline_policy(output);
    }
    if let Some(version) = at_path(root, &["PolicyVersion"]).filter(|v| has(v, "Document")) {
        return Some(policy_version(output, version));
    }
    let dump = ["UserDetailList", "RoleDetailList", "GroupDetailList"]
        .iter()
        .any(|key| has(root, key))
        || items(member(root, "Policies"))
            .iter()
            .any(|policy| has(policy, "PolicyVersionList"));
    if dump {
        return Some(authorization_details(output));
    }
    None
}

fn is_role(node: &JsonNode<'_>) -> bool {
    text_of(node, "Arn").is_some()
        && (has(node, "AssumeRolePolicyDocument") || has(node, "RoleName"))
}

/// §6.1: the role ARN (with its path), trust policy and maximum duration.
fn get_role(output: &JsonOutput<'_>, role: &JsonNode<'_>) -> Reading {
    let mut reading = Reading::new(GET_ROLE_FORMAT);
    let entry = role_entry(output, role, &mut reading.notes);
    reading.role_arn = Some(entry.arn);
    reading.trust_policy = entry.trust_policy;
    reading.max_session_duration = entry.max_session_duration;
    add_resource_tags(&entry.tags, &mut reading);
    if reading.max_session_duration.is_none() {
        reading.notes.push(
            "the output has no MaxSessionDuration: role.max_session_duration was not filled"
                .to_string(),
        );
    }
    if let Some(boundary) = text_of(
        member(role, "PermissionsBoundary").unwrap_or(role),
        "PermissionsBoundaryArn",
    ) {
        reading.notes.push(format!(
            "the role's own permissions boundary (`{boundary}`) limits the sessions of the role, not who may assume it: not taken"
        ));
    }
    reading
}

fn role_entry(output: &JsonOutput<'_>, role: &JsonNode<'_>, notes: &mut Vec<String>) -> RoleEntry {
    let arn = text_of(role, "Arn").unwrap_or_default().to_string();
    let name = text_of(role, "RoleName")
        .map(str::to_string)
        .unwrap_or_else(|| arn.rsplit('/').next().unwrap_or_default().to_string());
    let trust_node = member(role, "AssumeRolePolicyDocument");
    let trust_policy = document(output, trust_node);
    if trust_node.is_some() && trust_policy.is_none() {
        notes.push(format!(
            "the AssumeRolePolicyDocument of `{name}` is not a policy document (`{}`): role.trust_policy was not filled",
            trust_node.map(|node| output.slice(node)).unwrap_or_default()
        ));
    }
    RoleEntry {
        arn,
        name,
        trust_policy,
        max_session_duration: number(member(role, "MaxSessionDuration")),
        tags: tags_of(role),
    }
}

/// §6.1: several roles, resolved against the role the inputs name.
fn list_roles(output: &JsonOutput<'_>, roles: &[JsonNode<'_>]) -> Reading {
    let mut reading = Reading::new(LIST_ROLES_FORMAT);
    let entries = roles
        .iter()
        .map(|role| role_entry(output, role, &mut reading.notes))
        .collect();
    reading.choice = Some(Choice::Roles(entries));
    reading
}

/// §6.2: an inline policy of a user, group or role.
fn inline_policy(output: &JsonOutput<'_>) -> Option<Reading> {
    let root = output.root;
    let (owner, owner_name) = [
        ("UserName", Owner::User),
        ("GroupName", Owner::Group),
        ("RoleName", Owner::Role),
    ]
    .iter()
    .find_map(|(key, owner)| text_of(root, key).map(|name| (*owner, name.to_string())))?;
    let mut reading = Reading::new(INLINE_POLICY_FORMAT);
    let policy_name = text_of(root, "PolicyName").unwrap_or_default().to_string();
    let Some(document) = document(output, member(root, "PolicyDocument")) else {
        reading.notes.push(format!(
            "the PolicyDocument of `{policy_name}` is not a policy document: nothing was filled"
        ));
        return Some(reading);
    };
    reading.choice = Some(Choice::InlinePolicy(InlinePolicy {
        owner,
        owner_name,
        policy_name,
        document,
    }));
    Some(reading)
}

/// §6.3: a managed policy's version; only the default one is in force.
fn policy_version(output: &JsonOutput<'_>, version: &JsonNode<'_>) -> Reading {
    let mut reading = Reading::new(POLICY_VERSION_FORMAT);
    let version_id = text_of(version, "VersionId").unwrap_or("?");
    match document(output, member(version, "Document")) {
        Some(document) => reading.identity_policies.push(document),
        None => {
            reading
                .notes
                .push("the Document is not a policy document: nothing was filled".to_string());
            return reading;
        }
    }
    if truth(member(version, "IsDefaultVersion")) == Some(false) {
        reading.warnings.push(format!(
            "version {version_id} is not the policy's default version: only the default version is in force; get it with `aws iam get-policy --policy-arn …` (DefaultVersionId) and `get-policy-version`"
        ));
    }
    reading.notes.push(
        "taken as one of the caller's identity policies: the output does not name the policy, so if it is the caller's permissions boundary, move it to caller_policies.permissions_boundary"
            .to_string(),
    );
    reading
}

/// §6.4: the account's users, groups, roles and managed policies,
/// resolved against the caller and role the inputs name.
fn authorization_details(output: &JsonOutput<'_>) -> Reading {
    let root = output.root;
    let mut reading = Reading::new(AUTHORIZATION_DETAILS_FORMAT);
    let mut details = AuthorizationDetails::default();
    for user in items(member(root, "UserDetailList")) {
        details
            .users
            .push(entity(output, user, "UserName", "UserPolicyList"));
    }
    for role in items(member(root, "RoleDetailList")) {
        let mut entry = entity(output, role, "RoleName", "RolePolicyList");
        entry.trust_policy = document(output, member(role, "AssumeRolePolicyDocument"));
        details.roles.push(entry);
    }
    for group in items(member(root, "GroupDetailList")) {
        let entry = entity(output, group, "GroupName", "GroupPolicyList");
        details.groups.insert(entry.name.clone(), entry);
    }
    let mut policies = BTreeMap::new();
    for policy in items(member(root, "Policies")) {
        let Some(arn) = text_of(policy, "Arn") else {
            continue;
        };
        let default_id = text_of(policy, "DefaultVersionId");
        let default = items(member(policy, "PolicyVersionList"))
            .iter()
            .find(|version| {
                truth(member(version, "IsDefaultVersion")) == Some(true)
                    || (default_id.is_some() && text_of(version, "VersionId") == default_id)
            })
            .and_then(|version| document(output, member(version, "Document")));
        policies.insert(arn.to_string(), default);
    }
    details.policies = policies;
    if truth(member(root, "IsTruncated")) == Some(true) {
        reading.warnings.push(
            "the output is one page (IsTruncated): a principal or policy may be on another page; run the command without `--max-items` to get every page"
                .to_string(),
        );
    }
    reading.choice = Some(Choice::Authorization(Box::new(details)));
    reading
}

fn entity(
    output: &JsonOutput<'_>,
    node: &JsonNode<'_>,
    name_key: &str,
    inline_key: &str,
) -> Entity {
    let inline = items(member(node, inline_key))
        .iter()
        .filter_map(|policy| document(output, member(policy, "PolicyDocument")))
        .collect();
    let attached = items(member(node, "AttachedManagedPolicies"))
        .iter()
        .filter_map(|policy| {
            let arn = text_of(policy, "PolicyArn")?;
            let name = text_of(policy, "PolicyName").unwrap_or(arn);
            Some((name.to_string(), arn.to_string()))
        })
        .collect();
    let groups = items(member(node, "GroupList"))
        .iter()
        .filter_map(|group| string(Some(group)).map(str::to_string))
        .collect();
    Entity {
        arn: text_of(node, "Arn").unwrap_or_default().to_string(),
        name: text_of(node, name_key).unwrap_or_default().to_string(),
        unique_id: ["UserId", "RoleId", "GroupId"]
            .iter()
            .find_map(|key| text_of(node, key))
            .map(str::to_string),
        inline,
        attached,
        groups,
        boundary_arn: at_path(node, &["PermissionsBoundary", "PermissionsBoundaryArn"])
            .and_then(|arn| string(Some(arn)))
            .map(str::to_string),
        tags: tags_of(node),
        trust_policy: None,
    }
}

/// An entity's `Tags`: (key, value) pairs.
fn tags_of(node: &JsonNode<'_>) -> Vec<(String, String)> {
    items(member(node, "Tags"))
        .iter()
        .filter_map(|tag| {
            Some((
                text_of(tag, "Key")?.to_string(),
                string(member(tag, "Value")).unwrap_or_default().to_string(),
            ))
        })
        .collect()
}
