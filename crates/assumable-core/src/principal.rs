//! Whether a Principal element names the caller.
//!
//! Rules from "AWS JSON policy elements: Principal"
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>:
//! - An account ID or `arn:...:iam::ACCOUNT:root` names the account: any
//!   user, role session, federated user or the root user of that account
//!   (the account's own policies then decide), never a service or an identity
//!   provider.
//! - A user or role ARN names that principal; a role ARN matches its sessions.
//!   IAM names are unique regardless of case, so names compare ignoring case.
//!   A session ARN carries no role path, so the role's path is not compared.
//! - An assumed-role session ARN names exactly that session.
//! - `"AWS": "*"` is every AWS principal; `"Principal": "*"` is everyone.
//! - A wildcard inside a principal ARN is not supported.
//! - When a principal is deleted, IAM replaces its ARN in the policy with its
//!   unique ID (`AIDA...`, `AROA...`), which matches no one, not even a new
//!   principal of the same name.

use crate::arn::{is_account_id, Arn, Caller, WELL_KNOWN_WEB_IDENTITY_PROVIDERS};
use crate::policy::{PrincipalBlock, PrincipalEntry, PrincipalType};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrincipalMatch {
    Matches,
    /// Does not name the caller; `why` says how it differs (other account,
    /// other user, a role where the root was meant, a unique id of a deleted
    /// principal, ...).
    NoMatch {
        why: String,
    },
}

fn no_match(why: impl Into<String>) -> PrincipalMatch {
    PrincipalMatch::NoMatch { why: why.into() }
}

/// Whether one principal entry names the caller.
pub fn entry_matches(entry: &PrincipalEntry, caller: &Caller) -> PrincipalMatch {
    let value = entry.value.value.as_str();
    match entry.kind {
        PrincipalType::Aws => aws_entry_matches(value, caller),
        PrincipalType::Service => service_entry_matches(value, caller),
        PrincipalType::Federated => federated_entry_matches(value, caller),
        PrincipalType::CanonicalUser => no_match(
            "a canonical user ID names an Amazon S3 account owner; it never names a \
            caller of AWS STS",
        ),
    }
}

/// Whether a Principal (or NotPrincipal) block applies to the caller:
/// for `Principal`, some entry matches; for `NotPrincipal`, none does.
pub fn block_applies(block: &PrincipalBlock, caller: &Caller) -> bool {
    let named = block.any
        || block
            .entries
            .iter()
            .any(|entry| entry_matches(entry, caller) == PrincipalMatch::Matches);
    named != block.negated
}

/// How the caller reads in an explanation.
pub fn describe_caller(caller: &Caller) -> String {
    match caller {
        Caller::User { name, account, .. } => format!("user `{name}` of account {account}"),
        Caller::AssumedRole {
            role_name,
            session_name,
            account,
            ..
        } => format!("session `{session_name}` of role `{role_name}` in account {account}"),
        Caller::FederatedUser { name, account, .. } => {
            format!("federated user `{name}` of account {account}")
        }
        Caller::Root { account, .. } => format!("the root user of account {account}"),
        Caller::Service { name } => format!("the service `{name}`"),
        Caller::OidcProvider { host, .. } => format!("the web identity provider `{host}`"),
        Caller::SamlProvider { name, account, .. } => {
            format!("the SAML provider `{name}` of account {account}")
        }
    }
}

/// IAM unique IDs: four-letter prefix (`AIDA` user, `AROA` role, ...) and
/// upper-case letters and digits.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids>
pub(crate) fn unique_id_kind(value: &str) -> Option<&'static str> {
    let looks_like_id = value.len() >= 16
        && value.len() <= 128
        && value
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if !looks_like_id {
        return None;
    }
    match value.get(..4)? {
        "AIDA" => Some("user"),
        "AROA" => Some("role"),
        "AGPA" => Some("group"),
        "ANPA" | "ANVA" => Some("managed policy"),
        "AIPA" => Some("instance profile"),
        "AKIA" | "ASIA" => Some("access key"),
        _ if value.starts_with('A') => Some("principal"),
        _ => None,
    }
}

fn is_web_identity_host(value: &str) -> bool {
    WELL_KNOWN_WEB_IDENTITY_PROVIDERS
        .iter()
        .any(|known| known.eq_ignore_ascii_case(value))
}

fn wrong_kind_for_aws(caller: &Caller) -> Option<PrincipalMatch> {
    match caller {
        Caller::Service { name } => Some(no_match(format!(
            "`AWS` principals name accounts, users and roles; the caller is the service `{name}`, \
            which only a `Service` principal names"
        ))),
        Caller::OidcProvider { host, .. } => Some(no_match(format!(
            "`AWS` principals name accounts, users and roles; the caller is the web identity \
            provider `{host}`, which only a `Federated` principal names"
        ))),
        Caller::SamlProvider { name, .. } => Some(no_match(format!(
            "`AWS` principals name accounts, users and roles; the caller is the SAML provider \
            `{name}`, which only a `Federated` principal names"
        ))),
        _ => None,
    }
}

fn aws_entry_matches(value: &str, caller: &Caller) -> PrincipalMatch {
    if value == "*" {
        return wrong_kind_for_aws(caller).unwrap_or(PrincipalMatch::Matches);
    }
    if let Some(kind) = unique_id_kind(value) {
        return no_match(format!(
            "`{value}` is the unique ID of a deleted {kind}: when a principal is deleted, IAM \
            replaces its ARN in the policy with its unique ID, which matches no one, not even a \
            new {kind} of the same name; remove it and add the ARN again"
        ));
    }
    if value.contains('*') || value.contains('?') {
        return no_match(
            "a wildcard inside a principal is not supported: IAM compares it literally; \
            trust the account (or `\"AWS\": \"*\"`) and add an `ArnLike` condition on \
            `aws:PrincipalArn` instead",
        );
    }
    if crate::arn::is_service_principal(value) {
        return no_match(format!(
            "`{value}` is a service; a service is named under `Service`, not `AWS`"
        ));
    }
    if is_web_identity_host(value) {
        return no_match(format!(
            "`{value}` is a web identity provider; it is named under `Federated`, not `AWS`"
        ));
    }
    if is_account_id(value) {
        return account_matches(value, None, caller);
    }
    let arn = match Arn::parse(value) {
        Ok(arn) => arn,
        Err(error) => {
            return no_match(format!(
                "`{value}` is not a valid AWS principal ({error}); give a 12-digit account ID \
                or an IAM ARN"
            ))
        }
    };
    if let Some(wrong) = wrong_kind_for_aws(caller) {
        return wrong;
    }
    match arn.service {
        "iam" | "sts" => {}
        other => {
            return no_match(format!(
                "`{value}` names a `{other}` resource, not a principal"
            ))
        }
    }
    if let Some(partition) = caller.partition() {
        if partition != arn.partition {
            return no_match(format!(
                "names partition `{}`, the caller is in partition `{partition}`",
                arn.partition
            ));
        }
    }
    let resource = arn.resource;
    if arn.service == "iam" && resource == "root" {
        return account_matches(arn.account, Some(arn.partition), caller);
    }
    let caller_account = caller.account().unwrap_or_default();
    if arn.account != caller_account {
        return no_match(format!(
            "names account {}, the caller is in {caller_account}",
            arn.account
        ));
    }
    match (arn.service, resource) {
        ("iam", r) if r.starts_with("user/") => user_matches(r, caller),
        ("iam", r) if r.starts_with("role/") => role_matches(r, caller),
        ("sts", r) if r.starts_with("assumed-role/") => session_matches(r, caller),
        ("sts", r) if r.starts_with("federated-user/") => federated_user_matches(r, caller),
        ("iam", r) if r.starts_with("group/") => no_match(
            "a group cannot be a principal; name its users, or the account with a condition",
        ),
        ("iam", r) if r.starts_with("oidc-provider/") || r.starts_with("saml-provider/") => {
            no_match("an identity provider is named under `Federated`, not `AWS`")
        }
        _ => no_match(format!(
            "`{resource}` is not a principal: an `AWS` principal names `root`, `user/...`, \
            `role/...`, `assumed-role/...` or `federated-user/...`"
        )),
    }
}

/// The account as a principal: every identity of that account.
fn account_matches(account: &str, partition: Option<&str>, caller: &Caller) -> PrincipalMatch {
    if let Some(wrong) = wrong_kind_for_aws(caller) {
        return wrong;
    }
    let caller_account = caller.account().unwrap_or_default();
    if account != caller_account {
        return no_match(format!(
            "names account {account}, the caller is in {caller_account}"
        ));
    }
    if let (Some(wanted), Some(actual)) = (partition, caller.partition()) {
        if wanted != actual {
            return no_match(format!(
                "names partition `{wanted}`, the caller is in partition `{actual}`"
            ));
        }
    }
    PrincipalMatch::Matches
}

fn split_path_name(rest: &str) -> (String, &str) {
    match rest.rfind('/') {
        Some(at) => (
            format!("/{}", rest.get(..=at).unwrap_or("")),
            rest.get(at + 1..).unwrap_or(""),
        ),
        None => ("/".to_string(), rest),
    }
}

/// IAM keeps user and role names unique regardless of case, but a name in a
/// principal ARN is compared case-sensitively: "the user name part of the ARN
/// is case sensitive" (Principal element page); "When a role name is used in a
/// policy or as part of an ARN, the role name is case sensitive" (IAM roles).
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>
fn differs_only_in_case(named: &str, actual: &str) -> &'static str {
    if named.eq_ignore_ascii_case(actual) {
        " (names in a principal ARN are case-sensitive)"
    } else {
        ""
    }
}

fn user_matches(resource: &str, caller: &Caller) -> PrincipalMatch {
    let (path, name) = split_path_name(resource.strip_prefix("user/").unwrap_or(""));
    match caller {
        Caller::User {
            path: caller_path,
            name: caller_name,
            ..
        } => {
            if name != caller_name {
                no_match(format!(
                    "names user `{name}`, the caller is user `{caller_name}`{}",
                    differs_only_in_case(name, caller_name)
                ))
            } else if path != *caller_path {
                no_match(format!(
                    "names user `{name}` with path `{path}`, the caller's path is `{caller_path}`"
                ))
            } else {
                PrincipalMatch::Matches
            }
        }
        other => no_match(format!(
            "names user `{name}`, the caller is {}",
            describe_caller(other)
        )),
    }
}

fn role_matches(resource: &str, caller: &Caller) -> PrincipalMatch {
    let (_, name) = split_path_name(resource.strip_prefix("role/").unwrap_or(""));
    match caller {
        Caller::AssumedRole { role_name, .. } if role_name == name => PrincipalMatch::Matches,
        Caller::AssumedRole { role_name, .. } => no_match(format!(
            "names role `{name}`, the caller is a session of role `{role_name}`{}",
            differs_only_in_case(name, role_name)
        )),
        Caller::User {
            name: user,
            account,
            ..
        } => no_match(format!(
            "names the role `{name}`, but the caller is user `{user}` of that account: a specific \
            role where the account root (`arn:aws:iam::{account}:root`) or the user's \
            ARN was meant"
        )),
        other => no_match(format!(
            "names role `{name}`, the caller is {}; only sessions of that role match",
            describe_caller(other)
        )),
    }
}

fn session_matches(resource: &str, caller: &Caller) -> PrincipalMatch {
    let rest = resource.strip_prefix("assumed-role/").unwrap_or("");
    let (role, session) = rest.split_once('/').unwrap_or((rest, ""));
    match caller {
        Caller::AssumedRole {
            role_name,
            session_name,
            ..
        } => {
            if role_name != role {
                no_match(format!(
                    "names a session of role `{role}`, the caller is a session of role \
                    `{role_name}`{}",
                    differs_only_in_case(role, role_name)
                ))
            } else if session != session_name {
                no_match(format!(
                    "names only the session `{session}` of role `{role}`, the caller's session is \
                    `{session_name}`; name the role ARN to trust every session of it"
                ))
            } else {
                PrincipalMatch::Matches
            }
        }
        other => no_match(format!(
            "names the session `{session}` of role `{role}`, the caller is {}",
            describe_caller(other)
        )),
    }
}

fn federated_user_matches(resource: &str, caller: &Caller) -> PrincipalMatch {
    let wanted = resource.strip_prefix("federated-user/").unwrap_or("");
    match caller {
        Caller::FederatedUser { name, .. } if name == wanted => PrincipalMatch::Matches,
        other => no_match(format!(
            "names federated user `{wanted}`, the caller is {}",
            describe_caller(other)
        )),
    }
}

fn service_entry_matches(value: &str, caller: &Caller) -> PrincipalMatch {
    match caller {
        Caller::Service { name } if name == value => PrincipalMatch::Matches,
        Caller::Service { name } if name.eq_ignore_ascii_case(value) => no_match(format!(
            "names the service `{value}`, the caller is `{name}`; service names are lower case"
        )),
        Caller::Service { name } => no_match(format!(
            "names the service `{value}`, the caller is the service `{name}`"
        )),
        other => no_match(format!(
            "names the service `{value}`, but the caller is {}: name it in the \
            statement's `AWS` principal",
            describe_caller(other)
        )),
    }
}

/// A `Federated` entry: a provider ARN or a well-known provider host.
enum FederatedEntry {
    Oidc {
        partition: Option<String>,
        account: Option<String>,
        host: String,
    },
    Saml {
        partition: String,
        account: String,
        name: String,
    },
}

fn parse_federated(value: &str) -> Result<FederatedEntry, String> {
    if !value.starts_with("arn:") {
        return Ok(FederatedEntry::Oidc {
            partition: None,
            account: None,
            host: value.to_string(),
        });
    }
    let arn = Arn::parse(value)?;
    if arn.service != "iam" {
        return Err(format!("`{value}` is not an IAM identity provider ARN"));
    }
    if let Some(host) = arn.resource.strip_prefix("oidc-provider/") {
        return Ok(FederatedEntry::Oidc {
            partition: Some(arn.partition.to_string()),
            account: Some(arn.account.to_string()),
            host: host.to_string(),
        });
    }
    if let Some(name) = arn.resource.strip_prefix("saml-provider/") {
        return Ok(FederatedEntry::Saml {
            partition: arn.partition.to_string(),
            account: arn.account.to_string(),
            name: name.to_string(),
        });
    }
    Err(format!(
        "`{value}` is not an identity provider: a `Federated` principal names \
        `oidc-provider/...`, `saml-provider/...` or a web identity provider such as \
        `cognito-identity.amazonaws.com`"
    ))
}

/// Issuer URLs compared as IAM does: the host name ignores case (DNS), the
/// path does not ("The URL is case-sensitive": an EKS cluster's
/// `/id/EXAMPLED539...` is not `/id/exampled539...`).
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html>
fn same_host(a: &str, b: &str) -> bool {
    fn split(url: &str) -> (&str, &str) {
        let url = url.strip_prefix("https://").unwrap_or(url);
        let url = url.strip_suffix('/').unwrap_or(url);
        url.split_once('/').unwrap_or((url, ""))
    }
    let ((host_a, path_a), (host_b, path_b)) = (split(a), split(b));
    host_a.eq_ignore_ascii_case(host_b) && path_a == path_b
}

fn federated_entry_matches(value: &str, caller: &Caller) -> PrincipalMatch {
    if value.contains('*') {
        return no_match("a wildcard inside a `Federated` principal is not supported");
    }
    let entry = match parse_federated(value) {
        Ok(entry) => entry,
        Err(error) => return no_match(error),
    };
    match (entry, caller) {
        (
            FederatedEntry::Oidc {
                partition,
                account,
                host,
            },
            Caller::OidcProvider {
                partition: caller_partition,
                account: caller_account,
                host: caller_host,
            },
        ) => {
            if !same_host(&host, caller_host) {
                return no_match(format!(
                    "names the provider `{host}`, the caller's token is from `{caller_host}`"
                ));
            }
            if let (Some(wanted), Some(actual)) = (&account, caller_account) {
                if wanted != actual {
                    return no_match(format!(
                        "names the provider in account {wanted}, the caller's provider is \
                        in {actual}"
                    ));
                }
            }
            if let (Some(wanted), Some(actual)) = (&partition, caller_partition) {
                if wanted != actual {
                    return no_match(format!(
                        "names partition `{wanted}`, the caller is in partition `{actual}`"
                    ));
                }
            }
            PrincipalMatch::Matches
        }
        (
            FederatedEntry::Saml {
                partition,
                account,
                name,
            },
            Caller::SamlProvider {
                partition: caller_partition,
                account: caller_account,
                name: caller_name,
            },
        ) => {
            if account != *caller_account {
                no_match(format!(
                    "names the SAML provider in account {account}, the caller's provider \
                    is in {caller_account}"
                ))
            } else if partition != *caller_partition {
                no_match(format!(
                    "names partition `{partition}`, the caller is in partition `{caller_partition}`"
                ))
            } else if !name.eq_ignore_ascii_case(caller_name) {
                no_match(format!(
                    "names the SAML provider `{name}`, the caller's provider is `{caller_name}`"
                ))
            } else {
                PrincipalMatch::Matches
            }
        }
        (FederatedEntry::Oidc { host, .. }, Caller::SamlProvider { name, .. }) => {
            no_match(format!(
                "names the web identity provider `{host}`, the caller is the SAML \
                provider `{name}`"
            ))
        }
        (FederatedEntry::Saml { name, .. }, Caller::OidcProvider { host, .. }) => {
            no_match(format!(
                "names the SAML provider `{name}`, the caller is the web identity \
                provider `{host}`"
            ))
        }
        (FederatedEntry::Oidc { host, .. }, other) => no_match(format!(
            "names the identity provider `{host}`, but the caller is {}: name it in the \
            statement's `AWS` principal",
            describe_caller(other)
        )),
        (FederatedEntry::Saml { name, .. }, other) => no_match(format!(
            "names the SAML provider `{name}`, but the caller is {}: name it in the \
            statement's `AWS` principal",
            describe_caller(other)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Spanned, TextRange};

    fn entry(kind: PrincipalType, value: &str) -> PrincipalEntry {
        PrincipalEntry {
            kind,
            value: Spanned::new(value.to_string(), TextRange::default()),
        }
    }

    fn caller(text: &str) -> Caller {
        Caller::parse(text).unwrap()
    }

    fn check(kind: PrincipalType, value: &str, who: &str) -> PrincipalMatch {
        entry_matches(&entry(kind, value), &caller(who))
    }

    fn why(kind: PrincipalType, value: &str, who: &str) -> String {
        match check(kind, value, who) {
            PrincipalMatch::NoMatch { why } => why,
            PrincipalMatch::Matches => panic!("`{value}` unexpectedly matches `{who}`"),
        }
    }

    use PrincipalType::{Aws, CanonicalUser, Federated, Service};

    const USER: &str = "arn:aws:iam::111111111111:user/deployer";
    const SESSION: &str = "arn:aws:sts::111111111111:assumed-role/DeploymentRole/run-1";
    const ROOT: &str = "arn:aws:iam::111111111111:root";
    const FED_USER: &str = "arn:aws:sts::111111111111:federated-user/bob";

    // Principal page: "specifying the account ... delegates ... to the account"
    #[test]
    fn account_id_and_root_arn_name_every_identity_of_the_account() {
        for who in [USER, SESSION, ROOT, FED_USER] {
            assert_eq!(
                check(Aws, "111111111111", who),
                PrincipalMatch::Matches,
                "{who}"
            );
            assert_eq!(check(Aws, ROOT, who), PrincipalMatch::Matches, "{who}");
        }
        assert_eq!(
            why(Aws, "arn:aws:iam::333333333333:root", USER),
            "names account 333333333333, the caller is in 111111111111"
        );
        assert_eq!(
            why(Aws, "333333333333", SESSION),
            "names account 333333333333, the caller is in 111111111111"
        );
    }

    #[test]
    fn account_does_not_name_services_or_providers() {
        assert!(why(Aws, "111111111111", "ec2.amazonaws.com").contains("`Service`"));
        assert!(why(Aws, ROOT, "token.actions.githubusercontent.com").contains("`Federated`"));
        assert!(why(Aws, "*", "ec2.amazonaws.com").contains("`Service`"));
    }

    #[test]
    fn user_arns_match_exactly_with_path() {
        assert_eq!(check(Aws, USER, USER), PrincipalMatch::Matches);
        assert_eq!(
            why(Aws, "arn:aws:iam::111111111111:user/alice", USER),
            "names user `alice`, the caller is user `deployer`"
        );
        assert!(
            why(Aws, "arn:aws:iam::111111111111:user/ops/deployer", USER).contains("path `/ops/`")
        );
        assert!(why(Aws, USER, SESSION).contains("session `run-1` of role `DeploymentRole`"));
        assert!(why(Aws, "arn:aws-cn:iam::111111111111:user/deployer", USER).contains("partition"));
    }

    #[test]
    fn role_arn_matches_its_sessions_whatever_the_path() {
        assert_eq!(
            check(
                Aws,
                "arn:aws:iam::111111111111:role/DeploymentRole",
                SESSION
            ),
            PrincipalMatch::Matches
        );
        assert_eq!(
            check(
                Aws,
                "arn:aws:iam::111111111111:role/ci/DeploymentRole",
                SESSION
            ),
            PrincipalMatch::Matches
        );
        assert_eq!(
            why(Aws, "arn:aws:iam::111111111111:role/OtherRole", SESSION),
            "names role `OtherRole`, the caller is a session of role `DeploymentRole`"
        );
        assert!(why(
            Aws,
            "arn:aws:iam::222222222222:role/DeploymentRole",
            SESSION
        )
        .contains("names account 222222222222, the caller is in 111111111111"));
        assert!(
            why(Aws, "arn:aws:iam::111111111111:role/DeploymentRole", USER)
                .contains("a specific role where the account root")
        );
    }

    #[test]
    fn session_arn_matches_only_that_session() {
        assert_eq!(check(Aws, SESSION, SESSION), PrincipalMatch::Matches);
        assert!(why(
            Aws,
            "arn:aws:sts::111111111111:assumed-role/DeploymentRole/run-2",
            SESSION
        )
        .contains("only the session `run-2`"));
        assert!(why(Aws, SESSION, USER).contains("user `deployer`"));
    }

    #[test]
    fn federated_user_arn() {
        assert_eq!(check(Aws, FED_USER, FED_USER), PrincipalMatch::Matches);
        assert!(why(
            Aws,
            "arn:aws:sts::111111111111:federated-user/eve",
            FED_USER
        )
        .contains("`eve`"));
    }

    #[test]
    fn star_matches_every_aws_principal() {
        for who in [USER, SESSION, ROOT, FED_USER] {
            assert_eq!(check(Aws, "*", who), PrincipalMatch::Matches);
        }
    }

    #[test]
    fn bare_star_block_matches_everyone() {
        let block = PrincipalBlock {
            negated: false,
            any: true,
            entries: vec![],
            range: TextRange::default(),
        };
        for who in [
            USER,
            "ec2.amazonaws.com",
            "token.actions.githubusercontent.com",
        ] {
            assert!(block_applies(&block, &caller(who)));
        }
        let not = PrincipalBlock {
            negated: true,
            any: false,
            entries: vec![entry(Aws, USER)],
            range: TextRange::default(),
        };
        assert!(!block_applies(&not, &caller(USER)));
        assert!(block_applies(&not, &caller(SESSION)));
    }

    #[test]
    fn unique_ids_say_the_principal_was_deleted() {
        let text = why(Aws, "AROA3XFRBF535PLBIFPI4", SESSION);
        assert!(text.contains("deleted role"), "{text}");
        assert!(text.contains("add the ARN again"), "{text}");
        assert!(why(Aws, "AIDAJQABLZS4A3QDU576Q", USER).contains("deleted user"));
    }

    #[test]
    fn partial_wildcards_are_not_supported() {
        let text = why(Aws, "arn:aws:iam::111111111111:role/Deployment*", SESSION);
        assert!(text.contains("aws:PrincipalArn"), "{text}");
    }

    #[test]
    fn services_match_by_name() {
        assert_eq!(
            check(Service, "ec2.amazonaws.com", "ec2.amazonaws.com"),
            PrincipalMatch::Matches
        );
        assert!(why(Service, "lambda.amazonaws.com", "ec2.amazonaws.com")
            .contains("`ec2.amazonaws.com`"));
        assert!(why(Service, "ec2.amazonaws.com", USER).contains("`AWS` principal"));
        assert!(why(Aws, "ec2.amazonaws.com", "ec2.amazonaws.com").contains("under `Service`"));
    }

    #[test]
    fn federated_matches_oidc_by_host_and_account() {
        let gh_arn = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
        assert_eq!(check(Federated, gh_arn, gh_arn), PrincipalMatch::Matches);
        assert_eq!(
            check(Federated, gh_arn, "token.actions.githubusercontent.com"),
            PrincipalMatch::Matches
        );
        assert!(why(
            Federated,
            "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com",
            gh_arn
        )
        .contains("account 222222222222"));
        let eks = "oidc.eks.us-east-1.amazonaws.com/id/ABCDEF";
        assert_eq!(
            check(
                Federated,
                &format!("arn:aws:iam::111111111111:oidc-provider/{eks}"),
                eks
            ),
            PrincipalMatch::Matches
        );
        assert!(why(
            Federated,
            "arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/OTHER",
            eks
        )
        .contains("id/OTHER"));
        assert!(why(Federated, gh_arn, USER).contains("`AWS` principal"));
    }

    #[test]
    fn federated_well_known_providers_and_saml() {
        for host in WELL_KNOWN_WEB_IDENTITY_PROVIDERS {
            assert_eq!(check(Federated, host, host), PrincipalMatch::Matches);
        }
        assert!(why(Federated, "accounts.google.com", "graph.facebook.com")
            .contains("graph.facebook.com"));
        let saml = "arn:aws:iam::111111111111:saml-provider/Okta";
        assert_eq!(check(Federated, saml, saml), PrincipalMatch::Matches);
        assert!(why(
            Federated,
            "arn:aws:iam::111111111111:saml-provider/Other",
            saml
        )
        .contains("`Other`"));
        assert!(why(Federated, saml, "accounts.google.com").contains("SAML"));
        assert!(why(Aws, "cognito-identity.amazonaws.com", USER).contains("`Federated`"));
    }

    #[test]
    fn canonical_user_never_matches() {
        assert!(why(CanonicalUser, "79a59df900b949e55d96a1e698fbaced", USER).contains("S3"));
    }

    #[test]
    fn invalid_principals_say_why() {
        assert!(why(Aws, "arn:aws:s3:::bucket", USER).contains("`s3`"));
        assert!(why(Aws, "arn:aws:iam::111111111111:group/admins", USER).contains("group"));
        assert!(why(Aws, "deployer", USER).contains("not a valid AWS principal"));
    }
}
