//! Whether a Principal element names the caller.
//! OWNER: matching helper.

use crate::arn::Caller;
use crate::policy::{PrincipalBlock, PrincipalEntry};

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

/// Whether one principal entry names the caller.
pub fn entry_matches(entry: &PrincipalEntry, caller: &Caller) -> PrincipalMatch {
    let _ = (entry, caller);
    PrincipalMatch::NoMatch { why: String::new() }
}

/// Whether a Principal (or NotPrincipal) block applies to the caller:
/// for `Principal`, some entry matches; for `NotPrincipal`, none does.
pub fn block_applies(block: &PrincipalBlock, caller: &Caller) -> bool {
    let _ = (block, caller);
    false
}
