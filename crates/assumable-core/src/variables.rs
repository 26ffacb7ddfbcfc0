//! Policy variables (`${aws:username}`, `${aws:PrincipalTag/k}`, `${*}`,
//! `${?}`, `${$}`, defaults) in Version 2012-10-17 documents.
//! OWNER: matching helper.

use crate::context::RequestContext;

/// Replaces each policy variable in `text` with its value. Returns `None` when
/// a variable has no value in the context and no default (then the element
/// cannot match). Special characters `${*}`, `${?}`, `${$}` become literal
/// `*`, `?`, `$` — the returned `Pattern` marks which characters are literal.
pub fn substitute(text: &str, context: &RequestContext) -> Option<Pattern> {
    let _ = (text, context);
    None
}

/// A pattern after substitution: characters, each either a wildcard-capable
/// character or a literal one (from `${*}`, `${?}` or a variable's value, whose
/// own `*` and `?` are not wildcards).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    pub chars: Vec<(char, bool)>,
}
