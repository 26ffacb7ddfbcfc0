//! Gather: the commands that fetch what the evaluation reads, each run
//! where it can be read (the role's account, the caller's, the
//! organization's management account).
//! IAM: <https://docs.aws.amazon.com/cli/latest/reference/iam/>;
//! Organizations: <https://docs.aws.amazon.com/cli/latest/reference/organizations/>.

use super::{words, Command, Section, Word};
use crate::arn::{Caller, RoleArn};
use crate::scenario::Scenario;

const MANAGEMENT_ACCOUNT: &str =
    "the organization's management account or a delegated administrator";

pub(super) fn gather_commands(scenario: &Scenario) -> Section {
    let mut section = Section::default();
    let request = &scenario.request;
    let role = RoleArn::parse(request.role_arn.trim()).ok();
    let caller = Caller::parse(request.caller.trim()).ok();
    let policies = scenario.caller_policies.as_ref();
    let has_identity = policies.is_some_and(|p| !p.identity.is_empty());
    let has_boundary = policies.is_some_and(|p| p.permissions_boundary.is_some());
    let has_scps = policies.is_some_and(|p| p.scps.is_some());
    let has_rcps = scenario.role.rcps.is_some();

    if matches!(
        caller,
        Some(Caller::User { .. } | Caller::AssumedRole { .. } | Caller::Root { .. })
    ) {
        section.commands.push(Command::new(
            "Which principal the credentials you call with belong to (it must be the caller)",
            Some("the credentials you call with".to_string()),
            words(&["aws", "sts", "get-caller-identity"]),
        ));
    }

    let role_account = role
        .as_ref()
        .map(|role| format!("account {}", role.account));
    let role_name = match &role {
        Some(role) => Word::literal(role.name.clone()),
        None => {
            section
                .notes
                .push("The role ARN is not valid: set ROLE_NAME to the role's name.".to_string());
            Word::variable("ROLE_NAME")
        }
    };
    let mut get_role = words(&["aws", "iam", "get-role", "--role-name"]);
    get_role.push(role_name);
    section.commands.push(Command::new(
        "The role's trust policy (`AssumeRolePolicyDocument`) and maximum session duration, \
        to check the ones the scenario has",
        role_account.clone(),
        get_role,
    ));

    caller_commands(&mut section, caller.as_ref(), has_identity, has_boundary);

    // SCPs limit a caller of an organization's account; a web identity or
    // SAML caller has no account of its own.
    let caller_account = match &caller {
        Some(Caller::User { account, .. } | Caller::AssumedRole { account, .. }) => {
            Some(account.clone())
        }
        _ => None,
    };
    if let Some(account) = caller_account {
        organization_policies(
            &mut section,
            &account,
            "SERVICE_CONTROL_POLICY",
            "SCPs",
            has_scps,
        );
    }
    if let Some(role) = &role {
        organization_policies(
            &mut section,
            &role.account,
            "RESOURCE_CONTROL_POLICY",
            "RCPs",
            has_rcps,
        );
    }
    if has_scps
        || has_rcps
        || section
            .commands
            .iter()
            .any(|c| c.line.contains("organizations"))
    {
        let mut describe = words(&["aws", "organizations", "describe-policy", "--policy-id"]);
        describe.push(Word::variable("POLICY_ID"));
        section.commands.push(Command::new(
            "One organization policy's document (`Content`), for each POLICY_ID the lists name",
            Some(MANAGEMENT_ACCOUNT.to_string()),
            describe,
        ));
    }
    // The caller's and the role's account may be one: list its parents once.
    let mut seen = std::collections::BTreeSet::new();
    section
        .commands
        .retain(|command| seen.insert(command.line.clone()));
    section
}

fn have(has: bool, what: &str) -> String {
    if has {
        format!("to check the {what} the scenario has")
    } else {
        format!("the scenario has no {what}")
    }
}

/// The caller's own policies, boundary and tags, or its provider's settings.
fn caller_commands(
    section: &mut Section,
    caller: Option<&Caller>,
    has_identity: bool,
    has_boundary: bool,
) {
    let identity = have(has_identity, "identity policies");
    match caller {
        Some(Caller::User { account, name, .. }) => {
            let run_as = Some(format!("account {account}"));
            let user = |verb: &str| {
                let mut w = words(&["aws", "iam", verb, "--user-name"]);
                w.push(Word::literal(name.clone()));
                w
            };
            section.commands.push(Command::new(
                format!("The user's inline policies, by name ({identity}); then `aws iam get-user-policy` for each"),
                run_as.clone(),
                user("list-user-policies"),
            ));
            section.commands.push(Command::new(
                "The managed policies attached to the user; then `aws iam get-policy` and \
                `get-policy-version` for each default version",
                run_as.clone(),
                user("list-attached-user-policies"),
            ));
            section.commands.push(Command::new(
                "The user's groups, whose inline and attached policies apply to it too",
                run_as.clone(),
                user("list-groups-for-user"),
            ));
            section.commands.push(Command::new(
                format!(
                    "The user's permissions boundary (`PermissionsBoundary`) and tags ({})",
                    have(has_boundary, "permissions boundary")
                ),
                run_as.clone(),
                user("get-user"),
            ));
            section.commands.push(Command::new(
                "All of it at once: users, groups and customer managed policies with their \
                documents (Assumable's import reads it)",
                run_as,
                words(&[
                    "aws",
                    "iam",
                    "get-account-authorization-details",
                    "--filter",
                    "User",
                    "Group",
                    "LocalManagedPolicy",
                ]),
            ));
        }
        Some(Caller::AssumedRole {
            account, role_name, ..
        }) => {
            let run_as = Some(format!("account {account}"));
            let role = |verb: &str| {
                let mut w = words(&["aws", "iam", verb, "--role-name"]);
                w.push(Word::literal(role_name.clone()));
                w
            };
            section.commands.push(Command::new(
                format!(
                    "The caller's role's inline policies, by name ({identity}); then \
                    `aws iam get-role-policy` for each"
                ),
                run_as.clone(),
                role("list-role-policies"),
            ));
            section.commands.push(Command::new(
                "The managed policies attached to the caller's role; then `aws iam get-policy` \
                and `get-policy-version` for each default version",
                run_as.clone(),
                role("list-attached-role-policies"),
            ));
            section.commands.push(Command::new(
                format!(
                    "The caller's role's permissions boundary and tags ({})",
                    have(has_boundary, "permissions boundary")
                ),
                run_as,
                role("get-role"),
            ));
            section.notes.push(
                "A role session may also carry a session policy, which no command shows: it was \
                passed when the session was made (`--policy`, `--policy-arns`)."
                    .to_string(),
            );
        }
        Some(Caller::OidcProvider {
            partition: Some(partition),
            account: Some(account),
            host,
        }) => {
            let arn = format!("arn:{partition}:iam::{account}:oidc-provider/{host}");
            let mut w = words(&[
                "aws",
                "iam",
                "get-open-id-connect-provider",
                "--open-id-connect-provider-arn",
            ]);
            w.push(Word::literal(arn));
            section.commands.push(Command::new(
                "The identity provider's audiences (`ClientIDList`) and thumbprints",
                Some(format!("account {account}")),
                w,
            ));
        }
        Some(Caller::OidcProvider { .. }) => {
            section.commands.push(Command::new(
                "The identity providers the role's account registered (the trust must name one)",
                None,
                words(&["aws", "iam", "list-open-id-connect-providers"]),
            ));
        }
        Some(Caller::SamlProvider {
            partition,
            account,
            name,
        }) => {
            let arn = format!("arn:{partition}:iam::{account}:saml-provider/{name}");
            let mut w = words(&["aws", "iam", "get-saml-provider", "--saml-provider-arn"]);
            w.push(Word::literal(arn));
            section.commands.push(Command::new(
                "The SAML provider's metadata document and its validity",
                Some(format!("account {account}")),
                w,
            ));
        }
        Some(Caller::Root { .. }) => section.notes.push(
            "AWS refuses AssumeRole by an account's root user: call as an IAM user or role."
                .to_string(),
        ),
        Some(Caller::FederatedUser { .. } | Caller::Service { .. }) | None => {}
    }
}

/// The organization policies of `kind` that apply to `account`: those
/// attached to it and to each of its parents up to the root.
fn organization_policies(
    section: &mut Section,
    account: &str,
    filter: &str,
    name: &str,
    has: bool,
) {
    let run_as = Some(MANAGEMENT_ACCOUNT.to_string());
    let mut list = words(&[
        "aws",
        "organizations",
        "list-policies-for-target",
        "--target-id",
    ]);
    list.push(Word::literal(account));
    list.push(Word::literal("--filter"));
    list.push(Word::literal(filter));
    section.commands.push(Command::new(
        format!(
            "The {name} attached to account {account} ({}); repeat with each parent's id",
            have(has, name)
        ),
        run_as.clone(),
        list,
    ));
    let mut parents = words(&["aws", "organizations", "list-parents", "--child-id"]);
    parents.push(Word::literal(account));
    section.commands.push(Command::new(
        format!(
            "Account {account}'s parent (an OU or the root); repeat with the parent's id up to \
            the root: {name} attached at every level apply"
        ),
        run_as,
        parents,
    ));
}
