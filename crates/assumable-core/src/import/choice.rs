//! Outputs that hold several principals or roles (`list-roles`,
//! `get-account-authorization-details`) or a policy whose owner may or may
//! not be the caller (`get-role-policy`): what they give depends on the
//! caller and role the other inputs (or the scenario imported into) name
//! (`IMPORT_FORMATS.md` §2 rule 5: ask rather than guess). Resolved after
//! every input is read, so that the order of the inputs does not matter.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::scenario::{ContextValue, PolicySource, Scenario};

use super::Reading;

/// How many names a note lists before "and N more".
const NAMES_LISTED: usize = 10;

/// The caller and role ARN named by `into` and then each input in order
/// (the value the merge ends with).
#[derive(Debug, Default)]
pub struct Named {
    caller: Option<String>,
    role_arn: Option<String>,
}

impl Named {
    pub fn from_readings(into: Option<&Scenario>, readings: &[Option<Reading>]) -> Named {
        let mut named = Named::default();
        if let Some(scenario) = into {
            named.caller = Some(scenario.request.caller.clone()).filter(|c| !c.is_empty());
            named.role_arn = Some(scenario.request.role_arn.clone()).filter(|r| !r.is_empty());
        }
        for reading in readings.iter().flatten() {
            if reading.about_another_call || reading.unreadable.is_some() {
                continue;
            }
            if let Some(caller) = reading.caller.clone().filter(|c| !c.is_empty()) {
                named.caller = Some(caller);
            }
            if let Some(role) = reading.role_arn.clone().filter(|r| !r.is_empty()) {
                named.role_arn = Some(role);
            }
        }
        named
    }
}

/// What an output holds that the named caller and role select from.
#[derive(Clone, Debug, PartialEq)]
pub enum Choice {
    /// `list-roles` (§6.1).
    Roles(Vec<RoleEntry>),
    /// `get-{user,group,role}-policy` (§6.2).
    InlinePolicy(InlinePolicy),
    /// `get-account-authorization-details` (§6.4).
    Authorization(Box<AuthorizationDetails>),
    /// The `AWS::IAM::Role` resources of a CloudFormation template (§7.2).
    TemplateRoles(Vec<TemplateRole>),
}

/// A role resource of a template, its trust policy as written (intrinsic
/// functions unresolved: they may need the account the role is named in).
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateRole {
    pub logical_id: String,
    pub role_name: Option<String>,
    pub trust_policy: Option<Value>,
    pub max_session_duration: Option<Value>,
    /// The template's parameters with a default.
    pub parameters: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RoleEntry {
    pub arn: String,
    pub name: String,
    pub trust_policy: Option<PolicySource>,
    pub max_session_duration: Option<Value>,
    /// (key, value): the call's resource tags.
    pub tags: Vec<(String, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    User,
    Group,
    Role,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InlinePolicy {
    pub owner: Owner,
    pub owner_name: String,
    pub policy_name: String,
    pub document: PolicySource,
}

/// An IAM user or role of an authorization-details dump.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entity {
    pub arn: String,
    pub name: String,
    /// `UserId`, `RoleId` or `GroupId`: what `aws:userid` is made of.
    pub unique_id: Option<String>,
    pub inline: Vec<PolicySource>,
    /// (policy name, policy ARN)
    pub attached: Vec<(String, String)>,
    pub groups: Vec<String>,
    pub boundary_arn: Option<String>,
    pub tags: Vec<(String, String)>,
    pub trust_policy: Option<PolicySource>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuthorizationDetails {
    pub users: Vec<Entity>,
    pub roles: Vec<Entity>,
    /// Groups by name: inline policies and attached (name, ARN).
    pub groups: BTreeMap<String, Entity>,
    /// Managed policies by ARN: the document of the default version.
    pub policies: BTreeMap<String, Option<PolicySource>>,
}

/// What applies to one principal of a dump.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PrincipalPolicies {
    /// Its inline policies, its groups' inline policies, then the managed
    /// policies attached to it or its groups at their default versions,
    /// each once.
    pub identity: Vec<PolicySource>,
    pub boundary: Option<PolicySource>,
    /// Attached managed policies the dump has no default version of:
    /// `` `name` (arn) ``.
    pub missing: Vec<String>,
    /// Groups it is in that the dump does not hold.
    pub missing_groups: Vec<String>,
}

impl AuthorizationDetails {
    /// The policies that apply to `entity`, a user or role of this dump.
    pub fn policies_of(&self, entity: &Entity) -> PrincipalPolicies {
        let mut out = PrincipalPolicies {
            identity: entity.inline.clone(),
            ..PrincipalPolicies::default()
        };
        let mut attached: Vec<&(String, String)> = entity.attached.iter().collect();
        // Each group and each managed policy once, whatever the dump repeats.
        let mut seen_groups = BTreeSet::new();
        for group_name in &entity.groups {
            if !seen_groups.insert(group_name.as_str()) {
                continue;
            }
            match self.groups.get(group_name) {
                Some(group) => {
                    out.identity.extend(group.inline.iter().cloned());
                    attached.extend(group.attached.iter());
                }
                None => out.missing_groups.push(group_name.clone()),
            }
        }
        let mut seen_arns = BTreeSet::new();
        for (name, arn) in attached {
            if !seen_arns.insert(arn.as_str()) {
                continue;
            }
            match self.policies.get(arn) {
                Some(Some(document)) => out.identity.push(document.clone()),
                _ => out.missing.push(format!("`{name}` ({arn})")),
            }
        }
        out.boundary = entity
            .boundary_arn
            .as_ref()
            .and_then(|arn| self.policies.get(arn).cloned().flatten());
        out
    }
}

impl Choice {
    /// Fills `reading` with what the named caller and role select, and
    /// says what was chosen or what choices exist.
    pub fn resolve(self, named: &Named, reading: &mut Reading) {
        match self {
            Choice::Roles(roles) => resolve_roles(&roles, named, reading),
            Choice::InlinePolicy(policy) => resolve_inline(policy, named, reading),
            Choice::Authorization(details) => resolve_authorization(&details, named, reading),
            Choice::TemplateRoles(roles) => resolve_template(&roles, named, reading),
        }
    }
}

fn resolve_roles(roles: &[RoleEntry], named: &Named, reading: &mut Reading) {
    let chosen = match &named.role_arn {
        Some(arn) => roles.iter().find(|role| same_role(arn, role)),
        None if roles.len() == 1 => {
            reading
                .notes
                .push("the output lists one role: it was taken as the role assumed".to_string());
            roles.first()
        }
        None => None,
    };
    let Some(role) = chosen else {
        let names: Vec<&str> = roles.iter().map(|role| role.arn.as_str()).collect();
        reading.notes.push(match &named.role_arn {
            Some(arn) => format!(
                "the role `{arn}` is not among the {} roles listed ({}): nothing was taken",
                roles.len(),
                listed(&names)
            ),
            None => format!(
                "the output lists {} roles ({}): none was taken; name the role assumed (paste the error message or set request.role_arn) and import again",
                roles.len(),
                listed(&names)
            ),
        });
        return;
    };
    reading.role_arn = Some(role.arn.clone());
    reading.trust_policy.clone_from(&role.trust_policy);
    reading
        .max_session_duration
        .clone_from(&role.max_session_duration);
    add_resource_tags(&role.tags, reading);
}

/// The role assumed is the call's resource: its tags are the request's
/// `aws:ResourceTag/*` keys (the context also answers `iam:ResourceTag/*`
/// from them), which the caller's policies may compare.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html>
pub(super) fn add_resource_tags(tags: &[(String, String)], reading: &mut Reading) {
    for (key, value) in tags {
        reading.context.insert(
            format!("aws:ResourceTag/{key}"),
            ContextValue::One(value.clone()),
        );
    }
}

/// The template role the named role ARN is (by its name: `RoleName`, or
/// CloudFormation's generated `STACK-LOGICALID-SUFFIX`), or the only one.
fn resolve_template(roles: &[TemplateRole], named: &Named, reading: &mut Reading) {
    let named_name = named.role_arn.as_deref().map(last_segment);
    let chosen = match named_name {
        Some(name) => roles.iter().find(|role| match &role.role_name {
            Some(role_name) => role_name == name,
            None => name.contains(&format!("-{}-", role.logical_id)),
        }),
        None if roles.len() == 1 => roles.first(),
        None => None,
    };
    let Some(role) = chosen else {
        let ids: Vec<&str> = roles.iter().map(|role| role.logical_id.as_str()).collect();
        reading.notes.push(format!(
            "the template defines {} roles ({}): none matches the role assumed; name it \
            (paste the error message or set request.role_arn) and import again",
            roles.len(),
            listed(&ids)
        ));
        return;
    };
    let account = named
        .role_arn
        .as_deref()
        .and_then(|arn| arn.split(':').nth(4))
        .filter(|account| !account.is_empty());
    let mut unresolved = Vec::new();
    if let Some(document) = &role.trust_policy {
        let resolved =
            super::cloudformation::resolve(document, account, &role.parameters, &mut unresolved);
        reading.trust_policy = Some(match resolved {
            // JSON text that does not parse (a heredoc with interpolations): as written.
            Value::String(text) => PolicySource::Text(text),
            other => {
                let text = serde_json::to_string_pretty(&other).unwrap_or_default();
                PolicySource::object_from_text(&text).unwrap_or(PolicySource::Text(text))
            }
        });
    }
    reading.max_session_duration = role.max_session_duration.as_ref().map(|value| {
        let mut ignored = Vec::new();
        super::cloudformation::resolve(value, account, &role.parameters, &mut ignored)
    });
    reading.notes.push(format!(
        "the trust policy of `{}` was taken",
        role.logical_id
    ));
    if !role.parameters.is_empty() {
        reading
            .notes
            .push("parameters were taken at their defaults".to_string());
    }
    if !unresolved.is_empty() {
        reading.warnings.push(format!(
            "the template leaves {} to the deployment: {} — replace {} in the trust policy \
            with what it is deployed as",
            if unresolved.len() == 1 {
                "one value"
            } else {
                "values"
            },
            unresolved.join(", "),
            if unresolved.len() == 1 { "it" } else { "them" }
        ));
    }
}

fn resolve_inline(policy: InlinePolicy, named: &Named, reading: &mut Reading) {
    let InlinePolicy {
        owner,
        owner_name,
        policy_name,
        document,
    } = policy;
    let caller = named.caller.as_deref().map(CallerKind::of);
    match owner {
        Owner::User => match caller {
            Some(CallerKind::User(name)) if name == owner_name => {
                reading.identity_policies.push(document);
            }
            None => {
                reading.notes.push(format!(
                    "`{policy_name}` of user `{owner_name}` was taken as a policy of the caller"
                ));
                reading.identity_policies.push(document);
            }
            Some(_) => reading.notes.push(format!(
                "`{policy_name}` is a policy of user `{owner_name}`, not of the caller (`{}`): not taken",
                named.caller.as_deref().unwrap_or_default()
            )),
        },
        Owner::Group => match caller {
            Some(CallerKind::Role(role)) => reading.notes.push(format!(
                "`{policy_name}` is a policy of group `{owner_name}`, and the caller is a session of role `{role}`, which belongs to no group: not taken"
            )),
            _ => {
                reading.notes.push(format!(
                    "`{policy_name}` is a policy of group `{owner_name}`: it counts only if the caller is a member"
                ));
                reading.identity_policies.push(document);
            }
        },
        Owner::Role => match caller {
            Some(CallerKind::Role(name)) if name == owner_name => {
                reading.identity_policies.push(document);
            }
            _ if named
                .role_arn
                .as_deref()
                .is_some_and(|arn| last_segment(arn) == owner_name) =>
            {
                reading.notes.push(format!(
                    "`{policy_name}` is a permission policy of the role assumed (`{owner_name}`): it has no bearing on assuming it, not taken"
                ));
            }
            _ => reading.notes.push(format!(
                "`{policy_name}` is a policy of role `{owner_name}`, which is not the caller's role as far as the inputs say: not taken; when the caller is a session of `{owner_name}`, import it together with the error message or `aws sts get-caller-identity`"
            )),
        },
    }
}

/// The caller as a dump names it: a user, or a role (its session).
enum CallerKind {
    User(String),
    Role(String),
    Other,
}

impl CallerKind {
    fn of(arn: &str) -> CallerKind {
        let resource = arn.splitn(6, ':').nth(5).unwrap_or_default();
        if let Some(rest) = resource.strip_prefix("assumed-role/") {
            return CallerKind::Role(rest.split('/').next().unwrap_or_default().to_string());
        }
        if resource.starts_with("role/") {
            return CallerKind::Role(last_segment(resource).to_string());
        }
        if resource.starts_with("user/") {
            return CallerKind::User(last_segment(resource).to_string());
        }
        CallerKind::Other
    }
}

fn resolve_authorization(details: &AuthorizationDetails, named: &Named, reading: &mut Reading) {
    // The role assumed: its trust policy (§6.4: no MaxSessionDuration here).
    match &named.role_arn {
        Some(arn) => match details.roles.iter().find(|role| same_entity(arn, role)) {
            Some(role) => {
                reading.trust_policy.clone_from(&role.trust_policy);
                add_resource_tags(&role.tags, reading);
                reading.warnings.push(
                    "this output has no MaxSessionDuration: role.max_session_duration was not filled (`aws iam get-role` prints it)"
                        .to_string(),
                );
            }
            None => reading.notes.push(format!(
                "the role `{arn}` is not in this output: its trust policy was not filled"
            )),
        },
        None if details.roles.is_empty() => {}
        None => {
            let names: Vec<&str> = details.roles.iter().map(|r| r.arn.as_str()).collect();
            reading.notes.push(format!(
                "no role was named: the output holds {} roles ({}); name the role assumed (paste the error message or set request.role_arn) and import again",
                names.len(),
                listed(&names)
            ));
        }
    }
    let Some(caller) = &named.caller else {
        let mut names: Vec<&str> = details.users.iter().map(|u| u.arn.as_str()).collect();
        names.extend(details.roles.iter().map(|r| r.arn.as_str()));
        reading.notes.push(format!(
            "no caller was named: the output holds {} users and roles ({}); name the caller (paste the error message or `aws sts get-caller-identity`) and import again",
            names.len(),
            listed(&names)
        ));
        return;
    };
    let entity = match CallerKind::of(caller) {
        CallerKind::User(_) => details.users.iter().find(|u| same_entity(caller, u)),
        CallerKind::Role(name) => details
            .roles
            .iter()
            .find(|role| role.name == name && same_account(caller, &role.arn)),
        CallerKind::Other => None,
    };
    let Some(entity) = entity else {
        reading.notes.push(format!(
            "the caller `{caller}` is not in this output: its policies were not filled"
        ));
        return;
    };
    let PrincipalPolicies {
        identity: policies,
        boundary,
        missing,
        missing_groups,
    } = details.policies_of(entity);
    if !missing.is_empty() {
        reading.warnings.push(format!(
            "the caller has managed policies whose default version is not in this output: {}; get each with `aws iam get-policy-version` and import it",
            missing.join(", ")
        ));
    }
    if !missing_groups.is_empty() {
        reading.warnings.push(format!(
            "the caller's groups {} are not in this output: their policies are missing",
            missing_groups.join(", ")
        ));
    }
    reading.identity_policies = policies;
    reading.identity_complete = true;
    if let Some(boundary_arn) = &entity.boundary_arn {
        match boundary {
            Some(document) => reading.permissions_boundary = Some(document),
            None => reading.warnings.push(format!(
                "the caller's permissions boundary `{boundary_arn}` is not in this output: get it with `aws iam get-policy-version` and import it"
            )),
        }
    }
    for (key, value) in &entity.tags {
        reading.context.insert(
            format!("aws:PrincipalTag/{key}"),
            ContextValue::One(value.clone()),
        );
    }
}

fn listed(names: &[&str]) -> String {
    let shown: Vec<String> = names
        .iter()
        .take(NAMES_LISTED)
        .map(|name| format!("`{name}`"))
        .collect();
    let more = names.len().saturating_sub(NAMES_LISTED);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

fn same_role(named_arn: &str, role: &RoleEntry) -> bool {
    named_arn == role.arn
        || (last_segment(named_arn) == role.name && same_account(named_arn, &role.arn))
}

/// The same ARN, or the same name in the same account (a message may
/// print an ARN without its path).
fn same_entity(named_arn: &str, entity: &Entity) -> bool {
    named_arn == entity.arn
        || (last_segment(named_arn) == entity.name && same_account(named_arn, &entity.arn))
}

fn same_account(left: &str, right: &str) -> bool {
    let account = |arn: &str| arn.split(':').nth(4).map(str::to_string);
    account(left).is_some() && account(left) == account(right)
}

fn last_segment(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}
