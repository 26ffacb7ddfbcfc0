//! `*` and `?` matching in linear time on any pattern (no backtracking blow-up).
//! OWNER: matching helper.

/// Whether `text` matches `pattern`, where `*` matches any run of characters
/// (including none) and `?` exactly one character.
pub fn wildcard_match(pattern: &str, text: &str, case_insensitive: bool) -> bool {
    let _ = (pattern, text, case_insensitive);
    false
}

/// Whether an `Action`/`NotAction` entry names `action` (`sts:AssumeRole`):
/// case-insensitive, with wildcards.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    let _ = (pattern, action);
    false
}

/// Whether a `Resource`/`NotResource` entry (after policy-variable
/// substitution when `version` is 2012-10-17) names `arn`: each of the six
/// colon-separated parts compared on its own, case-sensitively, with wildcards.
pub fn resource_matches(
    pattern: &str,
    arn: &str,
    context: &crate::context::RequestContext,
    version: crate::policy::PolicyVersion,
) -> bool {
    let _ = (pattern, arn, context, version);
    false
}
