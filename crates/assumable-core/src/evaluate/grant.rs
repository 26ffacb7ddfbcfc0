//! How a trust statement that matches the caller names it (the account, the
//! user or session itself, its role, everyone, a service or a provider):
//! what decides whether the caller's own policies must also allow the call.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html>

use crate::arn::{is_account_id, Caller};
use crate::policy::{PrincipalType, Statement};
use crate::principal::{entry_matches, PrincipalMatch};

/// How the trust policy's granting statement names the caller; decides
/// whether the caller's own policies must also allow the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GrantKind {
    /// The account (root ARN or account id): IAM delegates to the account's policies.
    Account,
    /// The IAM user's own ARN.
    User,
    /// The role ARN of the calling session.
    Role,
    /// The session ARN itself.
    Session,
    /// `*`: everyone (for AWS principals: every account).
    Wildcard,
    /// A service or an identity provider.
    NonAws,
}

impl GrantKind {
    /// Lower is more direct: a grant to the user or session itself needs
    /// nothing more in the same account; one to the account needs the
    /// caller's own policies.
    pub(crate) const fn directness(self) -> u8 {
        match self {
            GrantKind::User | GrantKind::Session => 0,
            GrantKind::Role => 1,
            GrantKind::Wildcard => 2,
            GrantKind::NonAws => 3,
            GrantKind::Account => 4,
        }
    }

    /// The statement names the caller itself (or everyone), not its account.
    pub(crate) const fn names_caller_itself(self) -> bool {
        self.directness() <= GrantKind::Wildcard.directness()
    }
}

/// How a statement that matches the caller names it: the most direct of its
/// matching entries decides.
pub(crate) fn grant_kind(statement: &Statement, caller: &Caller) -> GrantKind {
    let Some(block) = &statement.principal else {
        return GrantKind::Account;
    };
    if block.any {
        return GrantKind::Wildcard;
    }
    let rank = |kind: GrantKind| match kind {
        GrantKind::Account => 0,
        GrantKind::Wildcard => 1,
        GrantKind::Role => 2,
        GrantKind::NonAws => 3,
        GrantKind::User | GrantKind::Session => 4,
    };
    block
        .entries
        .iter()
        .filter(|entry| entry_matches(entry, caller) == PrincipalMatch::Matches)
        .map(|entry| {
            let value = entry.value.value.as_str();
            match entry.kind {
                PrincipalType::Service | PrincipalType::Federated => GrantKind::NonAws,
                _ if value == "*" => GrantKind::Wildcard,
                _ if is_account_form(value) => GrantKind::Account,
                _ if value.contains(":assumed-role/") => GrantKind::Session,
                _ if value.contains(":role/") => GrantKind::Role,
                _ => GrantKind::User,
            }
        })
        .max_by_key(|kind| rank(*kind))
        .unwrap_or(GrantKind::Account)
}

/// Which principal type names this kind of caller.
pub(crate) fn principal_type_for(caller: &Caller) -> PrincipalType {
    match caller {
        Caller::Service { .. } => PrincipalType::Service,
        Caller::OidcProvider { .. } | Caller::SamlProvider { .. } => PrincipalType::Federated,
        _ => PrincipalType::Aws,
    }
}

/// An account written as a principal: its id or its root ARN.
pub(crate) fn is_account_form(value: &str) -> bool {
    is_account_id(value) || value.ends_with(":root")
}

/// The account an account-form principal names.
pub(crate) fn account_of(value: &str) -> Option<&str> {
    if is_account_id(value) {
        return Some(value);
    }
    value.split(':').nth(4).filter(|a| !a.is_empty())
}
