//! Whether a policy's `Action` or `Resource` entry names the request's action
//! or role: `*` and `?` wildcards through [`crate::pattern`]'s linear matcher.

use crate::context::RequestContext;
use crate::pattern::{
    arn_tokens_match, chars_equal, match_tokens, tokens_of_pattern, tokens_of_str,
};
use crate::policy::PolicyVersion;
use crate::variables::substitute;

/// Whether `text` matches `pattern`, where `*` matches any run of characters
/// (including none) and `?` exactly one character.
pub fn wildcard_match(pattern: &str, text: &str, case_insensitive: bool) -> bool {
    if !pattern.contains(['*', '?']) {
        // No wildcard (most actions and values): equal, character by character.
        return pattern == text
            || (case_insensitive
                && pattern.chars().count() == text.chars().count()
                && pattern
                    .chars()
                    .zip(text.chars())
                    .all(|(p, c)| chars_equal(p, c, true)));
    }
    if let Some(prefix) = pattern
        .strip_suffix('*')
        .filter(|prefix| !prefix.contains(['*', '?']))
    {
        // One `*`, at the end (`s3:*`, `iam:Get*`): the text starts with the rest.
        let mut characters = text.chars();
        return prefix.chars().all(|p| {
            characters
                .next()
                .is_some_and(|c| chars_equal(p, c, case_insensitive))
        });
    }
    let text: Vec<char> = text.chars().collect();
    match_tokens(&tokens_of_str(pattern), &text, case_insensitive)
}

/// Whether an `Action`/`NotAction` entry names `action` (`sts:AssumeRole`):
/// case-insensitive, with wildcards.
///
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html>
/// ("The prefix and the action name are case insensitive").
pub fn action_matches(pattern: &str, action: &str) -> bool {
    wildcard_match(pattern.trim(), action, true)
}

/// Whether a `Resource`/`NotResource` entry (after policy-variable
/// substitution when `version` is 2012-10-17) names `arn`: each of the six
/// colon-separated parts compared on its own, case-sensitively, with wildcards.
/// A variable with no value makes the entry match nothing.
///
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html>
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>
pub fn resource_matches(
    pattern: &str,
    arn: &str,
    context: &RequestContext,
    version: PolicyVersion,
) -> bool {
    literal_resource_match(pattern, arn, version)
        .unwrap_or_else(|| resource_matches_by_tokens(pattern, arn, context, version))
}

/// [`resource_matches`] without tokens, when `pattern` has nothing to
/// expand (most entries: `*` or the role's own ARN): `*` names every ARN,
/// and a pattern without `*`, `?` or a variable names the ARN equal to it
/// (one that starts with `arn:` but has fewer than six parts names none,
/// as [`arn_tokens_match`] compares part by part). `None` otherwise.
fn literal_resource_match(pattern: &str, arn: &str, version: PolicyVersion) -> Option<bool> {
    if pattern == "*" {
        return Some(true);
    }
    // One pass over the bytes (every statement's Resource is matched for
    // every decision): a wildcard or variable expands, colons are counted.
    let bytes = pattern.as_bytes();
    let mut colons = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        match byte {
            b'*' | b'?' => return None,
            b'$' if version == PolicyVersion::V2012 && bytes.get(at + 1) == Some(&b'{') => {
                return None;
            }
            b':' => colons += 1,
            _ => {}
        }
    }
    let too_few_parts = pattern.starts_with("arn:") && colons < 5;
    Some(pattern == arn && !too_few_parts)
}

fn resource_matches_by_tokens(
    pattern: &str,
    arn: &str,
    context: &RequestContext,
    version: PolicyVersion,
) -> bool {
    let tokens = match version {
        PolicyVersion::V2012 => match substitute(pattern, context) {
            Some(substituted) => tokens_of_pattern(&substituted),
            None => return false,
        },
        PolicyVersion::V2008 => tokens_of_str(pattern),
    };
    arn_tokens_match(&tokens, arn, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn star_and_question_mark() {
        assert!(wildcard_match("*", "", false));
        assert!(wildcard_match("*", "anything", false));
        assert!(wildcard_match("", "", false));
        assert!(!wildcard_match("", "a", false));
        assert!(wildcard_match("a?c", "abc", false));
        assert!(!wildcard_match("a?c", "ac", false));
        assert!(wildcard_match("a*c", "ac", false));
        assert!(wildcard_match("a*c", "abbbc", false));
        assert!(!wildcard_match("a*c", "abbbd", false));
        assert!(wildcard_match("*a*b*c*", "xxaxxbxxcxx", false));
        assert!(wildcard_match("role/ci-*", "role/ci-deploy", false));
        assert!(!wildcard_match("role/ci-*", "role/CI-deploy", false));
        assert!(wildcard_match("role/ci-*", "role/CI-deploy", true));
        assert!(wildcard_match("?*", "é", false));
    }

    #[test]
    fn actions_are_case_insensitive() {
        assert!(action_matches("sts:AssumeRole", "sts:AssumeRole"));
        assert!(action_matches("STS:assumerole", "sts:AssumeRole"));
        assert!(action_matches("sts:*", "sts:AssumeRole"));
        assert!(action_matches("sts:Assume*", "sts:AssumeRoleWithSAML"));
        assert!(action_matches("*", "sts:AssumeRole"));
        assert!(!action_matches(
            "sts:AssumeRole",
            "sts:AssumeRoleWithWebIdentity"
        ));
        assert!(!action_matches("iam:*", "sts:AssumeRole"));
        assert!(action_matches("sts:AssumeRol?", "sts:AssumeRole"));
    }

    fn ctx(pairs: &[(&str, &str)]) -> RequestContext {
        let mut context = RequestContext::new();
        for (key, value) in pairs {
            context.insert(key, vec![value.to_string()]);
        }
        context
    }

    const ROLE: &str = "arn:aws:iam::222222222222:role/DeployRole";

    #[test]
    fn resources_match_part_by_part() {
        let c = RequestContext::new();
        let v = PolicyVersion::V2012;
        assert!(resource_matches("*", ROLE, &c, v));
        assert!(resource_matches(ROLE, ROLE, &c, v));
        assert!(resource_matches("arn:aws:iam::*:role/*", ROLE, &c, v));
        assert!(resource_matches(
            "arn:aws:iam::222222222222:role/Deploy*",
            ROLE,
            &c,
            v
        ));
        assert!(resource_matches(
            "arn:*:iam::222222222222:role/DeployRole",
            ROLE,
            &c,
            v
        ));
        // Resource ARNs are case-sensitive.
        assert!(!resource_matches(
            "arn:aws:iam::222222222222:role/deployrole",
            ROLE,
            &c,
            v
        ));
        assert!(!resource_matches(
            "arn:aws:iam::333333333333:role/DeployRole",
            ROLE,
            &c,
            v
        ));
        // A star stays inside its part.
        assert!(!resource_matches("arn:aws:*:role/DeployRole", ROLE, &c, v));
        assert!(resource_matches(
            "arn:aws:*:*:*:role/DeployRole",
            ROLE,
            &c,
            v
        ));
        // The resource part may hold colons.
        assert!(resource_matches(
            "arn:aws:logs:us-east-1:1:log-group:/x:*",
            "arn:aws:logs:us-east-1:1:log-group:/x:log-stream:y",
            &c,
            v
        ));
    }

    #[test]
    fn resource_variables_substitute_in_2012_only() {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
        let c = ctx(&[("aws:username", "deployer")]);
        let arn = "arn:aws:iam::222222222222:role/deployer-role";
        let pattern = "arn:aws:iam::222222222222:role/${aws:username}-role";
        assert!(resource_matches(pattern, arn, &c, PolicyVersion::V2012));
        assert!(!resource_matches(pattern, arn, &c, PolicyVersion::V2008));
        let literal = "arn:aws:iam::222222222222:role/${aws:username}-role";
        assert!(resource_matches(pattern, literal, &c, PolicyVersion::V2008));
        // Unresolved variable: the entry matches nothing.
        assert!(!resource_matches(
            "arn:aws:iam::222222222222:role/${aws:PrincipalTag/team}*",
            arn,
            &c,
            PolicyVersion::V2012
        ));
        // ${*} is a literal star.
        assert!(!resource_matches(
            "arn:aws:iam::222222222222:role/${*}",
            arn,
            &c,
            PolicyVersion::V2012
        ));
        assert!(resource_matches(
            "arn:aws:iam::222222222222:role/${*}",
            "arn:aws:iam::222222222222:role/*",
            &c,
            PolicyVersion::V2012
        ));
        // A variable's own `*` is not a wildcard.
        let starry = ctx(&[("aws:username", "*")]);
        assert!(!resource_matches(
            "arn:aws:iam::222222222222:role/${aws:username}",
            arn,
            &starry,
            PolicyVersion::V2012
        ));
    }

    fn regex_of(pattern: &str) -> regex::Regex {
        let mut source = String::from("(?s)^");
        for c in pattern.chars() {
            match c {
                '*' => source.push_str(".*"),
                '?' => source.push('.'),
                other => source.push_str(&regex::escape(&other.to_string())),
            }
        }
        source.push('$');
        regex::Regex::new(&source).unwrap()
    }

    proptest! {
        #[test]
        fn agrees_with_regex(pattern in "[ab*?:]{0,12}", text in "[ab:]{0,16}") {
            prop_assert_eq!(
                wildcard_match(&pattern, &text, false),
                regex_of(&pattern).is_match(&text)
            );
        }

        #[test]
        fn agrees_with_regex_any_chars(pattern in "[a-cé*?]{0,10}", text in "[a-cé]{0,12}") {
            prop_assert_eq!(
                wildcard_match(&pattern, &text, false),
                regex_of(&pattern).is_match(&text)
            );
        }

        /// The shortcut for patterns with nothing to expand answers as the
        /// tokens do, for either version, variables included.
        #[test]
        fn a_literal_resource_matches_as_its_tokens_do(
            pattern in "(arn:|[ar:n*?/x]|\\$\\{aws:username\\}){0,10}",
            arn in "(arn:|[ar:n/x]|bob){0,10}",
            itself in any::<bool>(),
            v2012 in any::<bool>(),
        ) {
            // Half the time the ARN is the pattern itself (an equal pair is
            // rare otherwise): too few ARN parts still name nothing.
            let arn = if itself { pattern.clone() } else { arn };
            let mut context = RequestContext::new();
            context.insert("aws:username", vec!["bob".to_string()]);
            let version = if v2012 { PolicyVersion::V2012 } else { PolicyVersion::V2008 };
            prop_assert_eq!(
                resource_matches(&pattern, &arn, &context, version),
                resource_matches_by_tokens(&pattern, &arn, &context, version)
            );
        }

        /// The shortcuts (no wildcard; one `*` at the end) answer as the
        /// tokens do, either case rule, non-ASCII included.
        #[test]
        fn shortcuts_agree_with_tokens(
            pattern in "[aAbÉé:]{0,6}\\*?",
            text in "[aAbÉé:]{0,8}",
            case_insensitive in any::<bool>(),
        ) {
            let characters: Vec<char> = text.chars().collect();
            prop_assert_eq!(
                wildcard_match(&pattern, &text, case_insensitive),
                match_tokens(&tokens_of_str(&pattern), &characters, case_insensitive)
            );
        }

        #[test]
        fn a_string_matches_itself(text in "[^*?]{0,20}") {
            prop_assert!(wildcard_match(&text, &text, false));
        }
    }
}
