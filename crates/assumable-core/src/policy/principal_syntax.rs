//! Checks of single principal values (`"AWS"`, `"Service"`, `"Federated"`,
//! `"CanonicalUser"`), as the Principal element reference describes them:
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>.
//! IAM refuses a trust policy with a malformed principal (`MalformedPolicyDocument:
//! Invalid principal in policy`); it cannot know here whether a principal exists.
//! Whether a principal *names the caller* is a different question, answered by
//! [`crate::principal`].

use super::{Finding, PolicyKind, PrincipalType};
use crate::arn::{is_account_id, is_service_principal, Arn, WELL_KNOWN_WEB_IDENTITY_PROVIDERS};
use crate::aws_docs::PRINCIPAL;

/// The principal element's key for a type, as IAM spells it.
pub fn principal_type_name(kind: PrincipalType) -> &'static str {
    match kind {
        PrincipalType::Aws => "AWS",
        PrincipalType::Service => "Service",
        PrincipalType::Federated => "Federated",
        PrincipalType::CanonicalUser => "CanonicalUser",
    }
}

/// The principal type for a key, exact spelling only.
pub fn principal_type(key: &str) -> Option<PrincipalType> {
    [
        PrincipalType::Aws,
        PrincipalType::Service,
        PrincipalType::Federated,
        PrincipalType::CanonicalUser,
    ]
    .into_iter()
    .find(|kind| principal_type_name(*kind) == key)
}

/// Checks one principal value of a type; `None` when it is well-formed.
pub fn check_principal(kind: PrincipalType, value: &str, policy: PolicyKind) -> Option<Finding> {
    match kind {
        PrincipalType::Aws => check_aws(value),
        PrincipalType::Service => check_service(value),
        PrincipalType::Federated => check_federated(value),
        PrincipalType::CanonicalUser => check_canonical_user(value, policy),
    }
}

fn invalid(message: String, help: impl Into<String>) -> Option<Finding> {
    Some(Finding::error(message).with_help(help))
}

fn has_wildcard(value: &str) -> bool {
    value.contains('*') || value.contains('?')
}

/// IAM unique ids of users (`AIDA`) and roles (`AROA`): what IAM shows in a
/// trust policy once the principal it named was deleted.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids>
fn is_unique_id(value: &str) -> bool {
    (value.starts_with("AIDA") || value.starts_with("AROA"))
        && value.len() >= 16
        && value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn check_aws(value: &str) -> Option<Finding> {
    if value == "*" || is_account_id(value) {
        return None;
    }
    if is_unique_id(value) {
        let what = if value.starts_with("AROA") {
            "role"
        } else {
            "user"
        };
        return Some(
            Finding::warning(format!(
                "`{value}` is the unique id of an IAM {what}, not its ARN: IAM shows this \
                when the {what} the policy named was deleted (and perhaps recreated)"
            ))
            .with_help(format!(
                "the trust no longer matches anyone, even a new {what} with the same \
                name; replace the id with the {what}'s ARN and save the policy again"
            )),
        );
    }
    if value.bytes().all(|b| b.is_ascii_digit() || b == b'-') && !value.is_empty() {
        let digits = value.bytes().filter(u8::is_ascii_digit).count();
        let replacement = (digits == 12 && value.contains('-'))
            .then(|| format!("\"{}\"", value.replace('-', "")));
        let mut finding = Finding::error(format!(
            "`{value}` is not an account id: an AWS account id is exactly 12 digits, without dashes"
        ))
        .with_help("a leading zero is part of the id; write all 12 digits");
        finding.replacement = replacement;
        return Some(finding);
    }
    if has_wildcard(value) {
        return Some(partial_wildcard(value));
    }
    if is_service_principal(value) {
        return invalid(
            format!("`{value}` is a service principal, not an AWS principal"),
            format!("write it under `Service`: `\"Principal\": {{\"Service\": \"{value}\"}}`"),
        );
    }
    let arn = match Arn::parse(value) {
        Ok(arn) => arn,
        Err(why) => {
            return invalid(
                format!("`{value}` is not a valid AWS principal: {why}"),
                format!(
                    "an AWS principal is a 12-digit account id, `*`, or the ARN of an \
                    account root, user, role, assumed-role session or federated user \
                    ({PRINCIPAL})"
                ),
            )
        }
    };
    if !is_account_id(arn.account) {
        return invalid(
            format!(
                "`{value}` has account `{}`; an account id is exactly 12 digits",
                arn.account
            ),
            "write the 12-digit id of the account",
        );
    }
    match arn.service {
        "iam" => check_iam_principal(value, &arn),
        "sts" => check_sts_principal(value, &arn),
        _ => invalid(
            format!(
                "`{value}` is not an IAM principal: a principal is an account, user, \
                role or session, not a `{}` resource",
                arn.service
            ),
            format!(
                "name who may assume the role, e.g. `arn:{}:iam::{}:root` or a user \
                or role ARN",
                arn.partition, arn.account
            ),
        ),
    }
}

fn check_iam_principal(value: &str, arn: &Arn) -> Option<Finding> {
    if !arn.region.is_empty() {
        return invalid(
            format!("`{value}` has region `{}`; IAM ARNs have none", arn.region),
            format!(
                "write `arn:{}:iam::{}:{}`",
                arn.partition, arn.account, arn.resource
            ),
        );
    }
    let resource = arn.resource;
    if resource == "root" {
        return None;
    }
    let (what, rest) = match resource.split_once('/') {
        Some((kind @ ("user" | "role"), rest)) => (kind, rest),
        Some(("group", _)) => {
            return invalid(
                format!("`{value}` is an IAM group; a group cannot be a principal"),
                "name the users (or trust the account root and grant the group \
                `sts:AssumeRole`)",
            )
        }
        Some(("assumed-role", rest)) => {
            let role = rest.split_once('/').map_or(rest, |(role, _)| role);
            let role_arn = format!("arn:{}:iam::{}:role/{role}", arn.partition, arn.account);
            let mut finding = Finding::error(format!(
                "`{value}` is a role session under `iam`; session ARNs are \
                    `arn:{}:sts::{}:{resource}`",
                arn.partition, arn.account
            ))
            .with_help(format!(
                "to trust every session of role `{role}`, name the role, `{role_arn}`; to \
                    trust one session only, write its `sts` ARN ({PRINCIPAL})"
            ));
            if !role.is_empty() && crate::arn::is_valid_iam_name(role, 64) {
                finding = finding.with_replacement(format!("\"{role_arn}\""));
            }
            return Some(finding);
        }
        Some((kind @ ("oidc-provider" | "saml-provider"), _)) => {
            return invalid(
                format!(
                    "`{value}` is an identity provider ({kind}); it belongs under \
                        `Federated`, not `AWS`"
                ),
                format!("write `\"Principal\": {{\"Federated\": \"{value}\"}}`"),
            )
        }
        _ => {
            return invalid(
                format!("`{value}` is not an IAM principal ARN"),
                format!(
                    "IAM principals are `:root`, `:user/NAME` and `:role/NAME` ARNs \
                        ({PRINCIPAL})"
                ),
            )
        }
    };
    let name = rest.rsplit('/').next().unwrap_or_default();
    if name.is_empty()
        || !crate::arn::is_valid_iam_name(name, 64)
        || rest.split('/').any(str::is_empty) && rest.contains('/')
    {
        return invalid(
            format!("`{value}` has an invalid {what} name `{name}`"),
            "IAM names use letters, digits and `_+=,.@-`, at most 64 characters",
        );
    }
    None
}

fn check_sts_principal(value: &str, arn: &Arn) -> Option<Finding> {
    let resource = arn.resource;
    let parts: Vec<&str> = resource.split('/').collect();
    match parts.as_slice() {
        ["assumed-role", role, session] if !role.is_empty() && !session.is_empty() => None,
        ["federated-user", name] if !name.is_empty() => None,
        _ => invalid(
            format!("`{value}` is not a valid STS principal"),
            format!(
                "STS principals are `arn:{p}:sts::{a}:assumed-role/ROLE/SESSION` and \
                `arn:{p}:sts::{a}:federated-user/NAME`; to trust every session of a \
                role, name the role: `arn:{p}:iam::{a}:role/ROLE`",
                p = arn.partition,
                a = arn.account
            ),
        ),
    }
}

/// `role/ci-*`: IAM accepts `*` only as a whole principal. The help says
/// what to write instead; a session pattern of one role gets that role.
fn partial_wildcard(value: &str) -> Finding {
    let finding = Finding::error(format!(
        "`{value}` has a wildcard inside a principal; IAM accepts `*` only as the whole \
        principal, never as part of an ARN"
    ));
    let Ok(arn) = Arn::parse(value) else {
        return finding.with_help(format!(
            "trust the account, `\"Principal\": {{\"AWS\": \
            \"arn:aws:iam::ACCOUNT_ID:root\"}}`, and restrict it with a condition on \
            the caller's ARN such as `\"ArnLike\": {{\"aws:PrincipalArn\": ...}}` ({PRINCIPAL})"
        ));
    };
    // A session's aws:PrincipalArn is its role's ARN, never the sts one.
    let (pattern, session_of) = match arn.resource.strip_prefix("assumed-role/") {
        Some(rest) => {
            let role = rest.split_once('/').map_or(rest, |(role, _)| role);
            (
                format!("arn:{}:iam::{}:role/{role}", arn.partition, arn.account),
                Some(role),
            )
        }
        None => (value.to_string(), None),
    };
    if let (Some(role), false, true) = (
        session_of,
        has_wildcard(&pattern),
        is_account_id(arn.account),
    ) {
        return finding
            .with_help(format!(
                "to trust every session of role `{role}`, name the role itself, \
                `{pattern}`: each of its sessions matches it ({PRINCIPAL})"
            ))
            .with_replacement(format!("\"{pattern}\""));
    }
    if !is_account_id(arn.account) {
        let names = if arn.resource == "root" {
            String::new()
        } else {
            format!(", plus `\"ArnLike\": {{\"aws:PrincipalArn\": \"{pattern}\"}}` for the names")
        };
        return finding.with_help(format!(
            "trust everyone, `\"Principal\": {{\"AWS\": \"*\"}}`, and say which accounts \
            with a condition: `aws:PrincipalOrgID` for your organization or \
            `aws:PrincipalAccount` for a list of accounts{names} ({PRINCIPAL})"
        ));
    }
    let root = format!("arn:{}:iam::{}:root", arn.partition, arn.account);
    finding.with_help(format!(
        "trust the account instead, `\"Principal\": {{\"AWS\": \"{root}\"}}`, and \
        restrict it with a condition on the caller's ARN: `\"Condition\": \
        {{\"ArnLike\": {{\"aws:PrincipalArn\": \"{pattern}\"}}}}` ({PRINCIPAL})"
    ))
}

fn check_service(value: &str) -> Option<Finding> {
    if has_wildcard(value) {
        return invalid(
            format!("`{value}` has a wildcard; a service principal names one service"),
            "write the service's principal, such as `ec2.amazonaws.com`",
        );
    }
    if is_account_id(value) || value.starts_with("arn:") {
        return invalid(
            format!("`{value}` is not a service principal; accounts and ARNs go under `AWS`"),
            format!("write `\"Principal\": {{\"AWS\": \"{value}\"}}`"),
        );
    }
    if is_service_principal(value)
        || value == "cognito-identity.amazonaws.com"
        || value.ends_with(".amazon.com")
    {
        return None;
    }
    let looks_like_host = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    if looks_like_host && !value.contains('.') {
        return Some(
            Finding::error(format!(
                "`{value}` is not a service principal; service principals are host names \
                such as `{value}.amazonaws.com`"
            ))
            .with_replacement(format!("\"{value}.amazonaws.com\"")),
        );
    }
    if !looks_like_host {
        return invalid(
            format!("`{value}` is not a service principal"),
            "service principals are host names such as `ec2.amazonaws.com` or \
            `lambda.amazonaws.com`",
        );
    }
    Some(
        Finding::warning(format!(
            "`{value}` does not look like an AWS service principal (`NAME.amazonaws.com`)"
        ))
        .with_help(
            "IAM refuses a service principal it does not know; check the service's \
            documentation for its principal",
        ),
    )
}

fn check_federated(value: &str) -> Option<Finding> {
    if WELL_KNOWN_WEB_IDENTITY_PROVIDERS.contains(&value) {
        return None;
    }
    if has_wildcard(value) {
        return invalid(
            format!("`{value}` has a wildcard; a federated principal names one identity provider"),
            "write the provider's ARN, `arn:aws:iam::ACCOUNT_ID:oidc-provider/HOST` or \
            `arn:aws:iam::ACCOUNT_ID:saml-provider/NAME`",
        );
    }
    if let Ok(arn) = Arn::parse(value) {
        let ok_kind = arn.resource.split_once('/').is_some_and(|(kind, name)| {
            matches!(kind, "oidc-provider" | "saml-provider") && !name.is_empty()
        });
        if arn.service == "iam" && arn.region.is_empty() && is_account_id(arn.account) && ok_kind {
            return None;
        }
        return invalid(
            format!("`{value}` is not an identity provider ARN"),
            "a federated principal is an `oidc-provider/HOST` or `saml-provider/NAME` ARN \
            in IAM, or one of `cognito-identity.amazonaws.com`, \
            `accounts.google.com`, `graph.facebook.com`, `www.amazon.com`",
        );
    }
    let host = value.trim_start_matches("https://").trim_end_matches('/');
    let is_host = host.contains('.')
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-./_:".contains(&b));
    if is_host {
        return invalid(
            format!(
                "`{value}` is an OIDC issuer, not a principal: IAM names an OIDC \
                provider by its ARN"
            ),
            format!(
                "write `arn:aws:iam::ACCOUNT_ID:oidc-provider/{host}` with the id of \
                the account that holds the provider (only \
                `cognito-identity.amazonaws.com`, `accounts.google.com`, \
                `graph.facebook.com` and `www.amazon.com` are named by host)"
            ),
        );
    }
    invalid(
        format!("`{value}` is not a federated principal"),
        "a federated principal is an `oidc-provider/HOST` or `saml-provider/NAME` ARN in IAM",
    )
}

fn check_canonical_user(value: &str, policy: PolicyKind) -> Option<Finding> {
    if policy == PolicyKind::Trust {
        return invalid(
            format!(
                "`CanonicalUser` principals are for Amazon S3 policies; a role trust \
                policy cannot name `{value}`"
            ),
            "name the account under `AWS` instead",
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Severity;

    fn check(kind: PrincipalType, value: &str) -> Option<Severity> {
        check_principal(kind, value, PolicyKind::Trust).map(|finding| finding.severity)
    }

    #[test]
    fn aws_principals_per_the_principal_reference() {
        let ok = [
            "*",
            "111122223333",
            "arn:aws:iam::111122223333:root",
            "arn:aws-cn:iam::111122223333:root",
            "arn:aws-us-gov:iam::111122223333:user/alice",
            "arn:aws:iam::111122223333:user/division/team/alice",
            "arn:aws:iam::111122223333:role/Deploy",
            "arn:aws:iam::111122223333:role/service-role/Deploy",
            "arn:aws:sts::111122223333:assumed-role/Deploy/session-1",
            "arn:aws:sts::111122223333:federated-user/bob",
        ];
        for value in ok {
            assert_eq!(check(PrincipalType::Aws, value), None, "{value}");
        }
        let errors = [
            "11112222333",
            "1111-2222-3333",
            "arn:aws:iam::111122223333:role/ci-*",
            "arn:aws:iam::*:root",
            "arn:aws:sts::111122223333:assumed-role/Deploy/*",
            "arn:aws:iam::111122223333:group/admins",
            "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
            "arn:aws:iam:us-east-1:111122223333:root",
            "arn:aws:iam::1111:root",
            "arn:aws:s3:::bucket",
            "arn:aws:sts::111122223333:assumed-role/Deploy",
            "ec2.amazonaws.com",
            "alice",
            "arn:aws:iam::111122223333:user/bad name",
        ];
        for value in errors {
            assert_eq!(
                check(PrincipalType::Aws, value),
                Some(Severity::Error),
                "{value}"
            );
        }
        assert_eq!(
            check(PrincipalType::Aws, "AROAEXAMPLEID123456789"),
            Some(Severity::Warning)
        );
        assert_eq!(
            check(PrincipalType::Aws, "AIDAJQABLZS4A3QDU576Q"),
            Some(Severity::Warning)
        );
    }

    #[test]
    fn dashed_account_id_gets_a_replacement() {
        let finding = check_principal(PrincipalType::Aws, "1111-2222-3333", PolicyKind::Trust);
        assert_eq!(
            finding.and_then(|f| f.replacement).as_deref(),
            Some("\"111122223333\"")
        );
    }

    #[test]
    fn partial_wildcard_help_explains_principal_arn_condition() {
        let Some(finding) = check_principal(
            PrincipalType::Aws,
            "arn:aws:iam::111122223333:role/ci-*",
            PolicyKind::Trust,
        ) else {
            panic!("no finding")
        };
        let help = finding.help.unwrap_or_default();
        assert!(help.contains("arn:aws:iam::111122223333:root"), "{help}");
        assert!(help.contains("ArnLike"));
        assert!(help.contains("aws:PrincipalArn"));
    }

    #[test]
    fn partial_wildcard_help_names_what_matches() {
        let help = |value: &str| {
            check_principal(PrincipalType::Aws, value, PolicyKind::Trust)
                .map(|finding| (finding.help.unwrap_or_default(), finding.replacement))
                .unwrap_or_default()
        };
        let (session, replacement) = help("arn:aws:sts::111122223333:assumed-role/Pipeline/*");
        assert!(
            session.contains("arn:aws:iam::111122223333:role/Pipeline"),
            "{session}"
        );
        assert_eq!(
            replacement.as_deref(),
            Some("\"arn:aws:iam::111122223333:role/Pipeline\"")
        );
        let (sessions, _) = help("arn:aws:sts::111122223333:assumed-role/ci-*/*");
        assert!(
            sessions.contains("\"aws:PrincipalArn\": \"arn:aws:iam::111122223333:role/ci-*\""),
            "{sessions}"
        );
        let (any_account, _) = help("arn:aws:iam::*:root");
        assert!(any_account.contains("aws:PrincipalOrgID"), "{any_account}");
        assert!(!any_account.contains("ArnLike"), "{any_account}");
    }

    #[test]
    fn session_arn_under_iam_is_fixed_to_the_role() {
        let finding = check_principal(
            PrincipalType::Aws,
            "arn:aws:iam::111122223333:assumed-role/Deploy/ci",
            PolicyKind::Trust,
        );
        let (help, replacement) = finding
            .map(|f| (f.help.unwrap_or_default(), f.replacement))
            .unwrap_or_default();
        assert!(help.contains("sts"), "{help}");
        assert_eq!(
            replacement.as_deref(),
            Some("\"arn:aws:iam::111122223333:role/Deploy\"")
        );
    }

    #[test]
    fn service_principals() {
        for value in [
            "ec2.amazonaws.com",
            "ec2.amazonaws.com.cn",
            "states.us-east-1.amazonaws.com",
        ] {
            assert_eq!(check(PrincipalType::Service, value), None, "{value}");
        }
        for value in [
            "*",
            "ec2.*",
            "111122223333",
            "arn:aws:iam::111122223333:root",
            "ec2 amazonaws",
        ] {
            assert_eq!(
                check(PrincipalType::Service, value),
                Some(Severity::Error),
                "{value}"
            );
        }
        let finding = check_principal(PrincipalType::Service, "lambda", PolicyKind::Trust);
        assert_eq!(
            finding.and_then(|f| f.replacement).as_deref(),
            Some("\"lambda.amazonaws.com\"")
        );
        assert_eq!(
            check(PrincipalType::Service, "example.org"),
            Some(Severity::Warning)
        );
    }

    #[test]
    fn federated_principals() {
        for value in [
            "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
            "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
            "arn:aws:iam::111122223333:saml-provider/Okta",
            "cognito-identity.amazonaws.com",
            "accounts.google.com",
            "graph.facebook.com",
            "www.amazon.com",
        ] {
            assert_eq!(check(PrincipalType::Federated, value), None, "{value}");
        }
        for value in [
            "token.actions.githubusercontent.com",
            "https://token.actions.githubusercontent.com",
            "arn:aws:iam::111122223333:role/x",
            "*",
            "okta",
        ] {
            assert_eq!(
                check(PrincipalType::Federated, value),
                Some(Severity::Error),
                "{value}"
            );
        }
    }

    #[test]
    fn canonical_user_only_outside_trust_policies() {
        assert_eq!(
            check(PrincipalType::CanonicalUser, "79a59df9"),
            Some(Severity::Error)
        );
        assert_eq!(
            check_principal(PrincipalType::CanonicalUser, "79a59df9", PolicyKind::Rcp),
            None
        );
    }
}
