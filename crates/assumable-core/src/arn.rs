//! ARNs and the kinds of caller and role they name.
//!
//! Formats: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html>
//! and <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html>.
//! Name limits: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>.

/// A parsed ARN: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
#[derive(Clone, Debug, PartialEq, Eq)]
/// Borrows the text it was parsed from: ARNs are parsed often while matching.
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

/// Longest IAM role name: 64 characters.
pub const MAX_ROLE_NAME_LEN: usize = 64;
/// Longest IAM path: 512 characters.
pub const MAX_PATH_LEN: usize = 512;

impl<'a> Arn<'a> {
    pub fn parse(text: &'a str) -> Result<Arn<'a>, String> {
        if text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) {
            return Err(format!("`{text}` has spaces around it"));
        }
        let Some(rest) = text.strip_prefix("arn:") else {
            return Err(format!("`{text}` is not an ARN: an ARN starts with `arn:`"));
        };
        // `splitn(5, ':')`, without its general searcher: ARNs are read
        // dozens of times a decision.
        let parts = before_colon(rest).and_then(|(partition, rest)| {
            let (service, rest) = before_colon(rest)?;
            let (region, rest) = before_colon(rest)?;
            let (account, resource) = before_colon(rest)?;
            Some((partition, service, region, account, resource))
        });
        let Some((partition, service, region, account, resource)) = parts else {
            return Err(format!(
                "`{text}` is not an ARN: it needs six parts, \
                `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`"
            ));
        };
        if !is_partition(partition) {
            return Err(format!(
                "`{text}` has partition `{partition}`; partitions are `aws`, `aws-cn`, \
                `aws-us-gov` and the like"
            ));
        }
        if service.is_empty() {
            return Err(format!("`{text}` has no service part"));
        }
        if resource.is_empty() {
            return Err(format!("`{text}` has no resource part"));
        }
        Ok(Arn {
            partition,
            service,
            region,
            account,
            resource,
        })
    }
}

impl std::fmt::Display for Arn<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "arn:{}:{}:{}:{}:{}",
            self.partition, self.service, self.region, self.account, self.resource
        )
    }
}

/// The text before the first `:` and the text after it.
fn before_colon(text: &str) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == b':')?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

fn is_partition(text: &str) -> bool {
    text == "aws"
        || text.strip_prefix("aws-").is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .split('-')
                    .all(|word| !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase()))
        })
}

/// An AWS account ID: exactly 12 digits.
pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// IAM user and role names: `[\w+=,.@-]`, 1 to 64 characters.
pub fn is_valid_iam_name(name: &str, max_len: usize) -> bool {
    let count = name.chars().count();
    (1..=max_len).contains(&count) && name.chars().all(is_name_char)
}

/// `[\w+=,.@-]` as IAM and STS document it for user, role and session names
/// and source identities (`\w` is ASCII there).
pub fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}

/// STS's tag pattern, `[\p{L}\p{Z}\p{N}_.:/=+\-@]`: letters (Unicode's
/// Alphabetic, which also takes a few combining vowel signs), numbers,
/// separators (spaces, not tabs or line breaks) and `_.:/=+-@`.
/// <https://docs.aws.amazon.com/STS/latest/APIReference/API_Tag.html>
pub fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || is_separator(c) || "_.:/=+-@".contains(c)
}

/// Unicode's separators, `\p{Z}`: the space characters, U+2028 and U+2029.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{00A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// An IAM path: `/`, or `/.../` with printable ASCII in between, at most 512.
fn check_path(path: &str, what: &str) -> Result<(), String> {
    if path.len() > MAX_PATH_LEN {
        return Err(format!(
            "the {what} path is {} characters; IAM allows at most {MAX_PATH_LEN}",
            path.len()
        ));
    }
    if !path.starts_with('/') || !path.ends_with('/') {
        return Err(format!(
            "the {what} path `{path}` must begin and end with `/`"
        ));
    }
    if path.contains("//") {
        return Err(format!(
            "the {what} path `{path}` has an empty segment (`//`)"
        ));
    }
    if let Some(bad) = path.chars().find(|c| !('\u{21}'..='\u{7e}').contains(c)) {
        return Err(format!(
            "the {what} path `{path}` contains `{bad}`; paths allow printable ASCII without spaces"
        ));
    }
    Ok(())
}

/// Splits `role/PATH/NAME` (after the prefix) into path and name.
fn split_path_name(rest: &str) -> (String, String) {
    match rest.rfind('/') {
        Some(at) => (
            ["/", rest.get(..=at).unwrap_or("")].concat(),
            rest.get(at + 1..).unwrap_or("").to_string(),
        ),
        None => ("/".to_string(), rest.to_string()),
    }
}

fn check_account(account: &str, text: &str) -> Result<(), String> {
    if account.is_empty() {
        return Err(format!("`{text}` has no account ID"));
    }
    if !is_account_id(account) {
        return Err(format!(
            "`{text}` has account `{account}`; an account ID is exactly 12 digits"
        ));
    }
    Ok(())
}

fn check_no_region(arn: &Arn, text: &str) -> Result<(), String> {
    if arn.region.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "`{text}` has region `{}`; {} ARNs have an empty region (`{}::`)",
            arn.region, arn.service, arn.service
        ))
    }
}

fn check_name(name: &str, what: &str, text: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err(format!("`{text}` has no {what} name"));
    }
    if !is_valid_iam_name(name, MAX_ROLE_NAME_LEN) {
        let count = name.chars().count();
        if count > MAX_ROLE_NAME_LEN {
            return Err(format!(
                "the {what} name `{name}` is {count} characters; IAM allows at most \
                {MAX_ROLE_NAME_LEN}"
            ));
        }
        return Err(format!(
            "the {what} name `{name}` has characters IAM does not allow; \
            names use letters, digits and `_+=,.@-`"
        ));
    }
    Ok(())
}

/// The target role: `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleArn {
    pub partition: String,
    pub account: String,
    /// `/` or `/path/.../`.
    pub path: String,
    pub name: String,
}

impl RoleArn {
    pub fn parse(text: &str) -> Result<RoleArn, String> {
        let arn = Arn::parse(text)?;
        if arn.service == "sts" && arn.resource.starts_with("assumed-role/") {
            return Err(format!(
                "`{text}` is a role session, not a role; the role is `arn:{}:iam::{}:role/{}`",
                arn.partition,
                arn.account,
                arn.resource
                    .strip_prefix("assumed-role/")
                    .and_then(|rest| rest.split('/').next())
                    .unwrap_or("")
            ));
        }
        if arn.service != "iam" {
            return Err(format!(
                "`{text}` is not an IAM role ARN: the service is `{}`, a role ARN reads \
                `arn:aws:iam::ACCOUNT:role/NAME`",
                arn.service
            ));
        }
        check_no_region(&arn, text)?;
        check_account(arn.account, text)?;
        let Some(rest) = arn.resource.strip_prefix("role/") else {
            return Err(format!(
                "`{text}` is not a role ARN: its resource `{}` does not start with `role/`",
                arn.resource
            ));
        };
        let (path, name) = split_path_name(rest);
        check_path(&path, "role")?;
        check_name(&name, "role", text)?;
        Ok(RoleArn {
            partition: arn.partition.to_string(),
            account: arn.account.to_string(),
            path,
            name,
        })
    }

    pub fn to_arn(&self) -> String {
        // Joined, not formatted: a decision writes it once per call.
        [
            "arn:",
            &self.partition,
            ":iam::",
            &self.account,
            ":role",
            &self.path,
            &self.name,
        ]
        .concat()
    }
}

/// Who makes the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    User {
        partition: String,
        account: String,
        path: String,
        name: String,
    },
    /// A role session; its ARN carries no role path.
    AssumedRole {
        partition: String,
        account: String,
        role_name: String,
        session_name: String,
    },
    /// A GetFederationToken session (cannot call STS).
    FederatedUser {
        partition: String,
        account: String,
        name: String,
    },
    Root {
        partition: String,
        account: String,
    },
    /// An AWS service principal such as `ec2.amazonaws.com`.
    Service {
        name: String,
    },
    /// A web identity provider: an `oidc-provider` ARN, or a bare issuer host
    /// (then `account` and `partition` are unknown).
    OidcProvider {
        partition: Option<String>,
        account: Option<String>,
        host: String,
    },
    SamlProvider {
        partition: String,
        account: String,
        name: String,
    },
}

/// The path a session ARN leaves out but its role is known to have: IAM
/// Identity Center creates its `AWSReservedSSO_` roles under
/// `/aws-reserved/sso.amazonaws.com/` (some instances add their Region
/// after that, which a session ARN does not tell).
/// <https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html>
pub fn implied_role_path(role_name: &str) -> &'static str {
    if role_name.starts_with(IDENTITY_CENTER_ROLE_PREFIX) {
        "aws-reserved/sso.amazonaws.com/"
    } else {
        ""
    }
}

pub const IDENTITY_CENTER_ROLE_PREFIX: &str = "AWSReservedSSO_";

/// Web identity providers that are named by host in a `Federated` principal
/// and have no `oidc-provider` ARN.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-federated-web-identity>
pub const WELL_KNOWN_WEB_IDENTITY_PROVIDERS: [&str; 4] = [
    "cognito-identity.amazonaws.com",
    "accounts.google.com",
    "graph.facebook.com",
    "www.amazon.com",
];

/// Whether `text` is a service principal name (`ec2.amazonaws.com`,
/// `ec2.amazonaws.com.cn`), the web-identity `cognito-identity` host excluded.
pub fn is_service_principal(text: &str) -> bool {
    let Some(prefix) = text
        .strip_suffix(".amazonaws.com")
        .or_else(|| text.strip_suffix(".amazonaws.com.cn"))
    else {
        return false;
    };
    !prefix.is_empty()
        && text != "cognito-identity.amazonaws.com"
        && prefix
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
}

/// Whether `text` looks like an OIDC issuer without scheme: a host name with
/// at least one dot, optionally followed by a path.
fn is_issuer_host(text: &str) -> bool {
    let host = text.split('/').next().unwrap_or("");
    host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == ':')
        && !text.chars().any(char::is_whitespace)
}

impl Caller {
    /// Parses the scenario's `caller` field.
    pub fn parse(text: &str) -> Result<Caller, String> {
        if text.is_empty() {
            return Err("the caller is empty; give the caller's ARN, such as \
            `arn:aws:iam::111111111111:user/NAME`"
                .to_string());
        }
        if text.trim() != text {
            return Err(format!("the caller `{text}` has spaces around it"));
        }
        // A request comes from one principal: only a policy names several
        // with `*` or `?`.
        if let Some(wildcard) = text.chars().find(|c| matches!(c, '*' | '?')) {
            return Err(format!(
                "the caller `{text}` has the wildcard `{wildcard}`: a request comes from one \
                principal, so its ARN names it exactly"
            ));
        }
        if text.starts_with("arn:") {
            return Self::parse_arn(text);
        }
        if is_account_id(text) {
            return Err(format!(
                "`{text}` is an account, not a caller; requests come from a user \
                (`arn:aws:iam::{text}:user/NAME`), a role session \
                (`arn:aws:sts::{text}:assumed-role/ROLE/SESSION`) or the root user \
                (`arn:aws:iam::{text}:root`)"
            ));
        }
        if is_service_principal(text) {
            return Ok(Caller::Service {
                name: text.to_string(),
            });
        }
        let issuer = text.strip_prefix("https://").unwrap_or(text);
        let issuer = issuer.strip_suffix('/').unwrap_or(issuer);
        if is_issuer_host(issuer) {
            return Ok(Caller::OidcProvider {
                partition: None,
                account: None,
                host: issuer.to_string(),
            });
        }
        Err(format!(
            "`{text}` is not a caller AWS knows: give an IAM user ARN, an assumed-role \
            session ARN (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`), the root ARN, \
            a service principal (`ec2.amazonaws.com`) or an identity provider"
        ))
    }

    fn parse_arn(text: &str) -> Result<Caller, String> {
        let arn = Arn::parse(text)?;
        match arn.service {
            "iam" => {
                check_no_region(&arn, text)?;
                check_account(arn.account, text)?;
                Self::parse_iam(arn, text)
            }
            "sts" => {
                check_no_region(&arn, text)?;
                check_account(arn.account, text)?;
                Self::parse_sts(arn, text)
            }
            other => Err(format!(
                "`{text}` names a `{other}` resource; a caller is an IAM user, a role \
                session (`sts`), the root user or an identity provider"
            )),
        }
    }

    fn parse_iam(arn: Arn, text: &str) -> Result<Caller, String> {
        let Arn {
            partition,
            account,
            resource,
            ..
        } = arn;
        let (partition, account) = (partition.to_string(), account.to_string());
        if resource == "root" {
            return Ok(Caller::Root { partition, account });
        }
        if let Some(rest) = resource.strip_prefix("user/") {
            let (path, name) = split_path_name(rest);
            check_path(&path, "user")?;
            check_name(&name, "user", text)?;
            return Ok(Caller::User {
                partition,
                account,
                path,
                name,
            });
        }
        if let Some(rest) = resource.strip_prefix("role/") {
            let (_, name) = split_path_name(rest);
            return Err(format!(
                "`{text}` is a role, and roles do not call AWS: their sessions do; \
                give the session ARN \
                `arn:{partition}:sts::{account}:assumed-role/{name}/SESSION_NAME` \
                (what `aws sts get-caller-identity` prints inside the role)"
            ));
        }
        if let Some(host) = resource.strip_prefix("oidc-provider/") {
            if host.is_empty() || !is_issuer_host(host) {
                return Err(format!(
                    "`{text}` has no valid issuer host after `oidc-provider/`"
                ));
            }
            return Ok(Caller::OidcProvider {
                partition: Some(partition),
                account: Some(account),
                host: host.to_string(),
            });
        }
        if let Some(name) = resource.strip_prefix("saml-provider/") {
            if name.is_empty() {
                return Err(format!("`{text}` has no name after `saml-provider/`"));
            }
            return Ok(Caller::SamlProvider {
                partition,
                account,
                name: name.to_string(),
            });
        }
        if resource.starts_with("group/") {
            return Err(format!(
                "`{text}` is a group, and groups do not call AWS; give the ARN of one of its users"
            ));
        }
        Err(format!(
            "`{text}` is not a caller: an IAM caller ARN names `user/...`, `root`, \
            `oidc-provider/...` or `saml-provider/...`"
        ))
    }

    fn parse_sts(arn: Arn, text: &str) -> Result<Caller, String> {
        let Arn {
            partition,
            account,
            resource,
            ..
        } = arn;
        let (partition, account) = (partition.to_string(), account.to_string());
        if let Some(rest) = resource.strip_prefix("assumed-role/") {
            let Some((role_name, session_name)) = rest.split_once('/') else {
                return Err(format!(
                    "`{text}` lacks the session name: a session ARN reads \
                    `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`"
                ));
            };
            check_name(role_name, "role", text)?;
            if session_name.is_empty() {
                return Err(format!("`{text}` has an empty session name"));
            }
            if session_name.contains('/') {
                return Err(format!(
                    "`{text}` has `/` in the session part; a session ARN carries no role \
                    path: `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`"
                ));
            }
            return Ok(Caller::AssumedRole {
                partition,
                account,
                role_name: role_name.to_string(),
                session_name: session_name.to_string(),
            });
        }
        if let Some(name) = resource.strip_prefix("federated-user/") {
            if name.is_empty() {
                return Err(format!("`{text}` has no name after `federated-user/`"));
            }
            return Ok(Caller::FederatedUser {
                partition,
                account,
                name: name.to_string(),
            });
        }
        Err(format!(
            "`{text}` is not a caller: an STS caller ARN names `assumed-role/ROLE/SESSION` \
            or `federated-user/NAME`"
        ))
    }

    pub fn account(&self) -> Option<&str> {
        match self {
            Caller::User { account, .. }
            | Caller::AssumedRole { account, .. }
            | Caller::FederatedUser { account, .. }
            | Caller::Root { account, .. }
            | Caller::SamlProvider { account, .. } => Some(account),
            Caller::OidcProvider { account, .. } => account.as_deref(),
            Caller::Service { .. } => None,
        }
    }

    pub fn partition(&self) -> Option<&str> {
        match self {
            Caller::User { partition, .. }
            | Caller::AssumedRole { partition, .. }
            | Caller::FederatedUser { partition, .. }
            | Caller::Root { partition, .. }
            | Caller::SamlProvider { partition, .. } => Some(partition),
            Caller::OidcProvider { partition, .. } => partition.as_deref(),
            // China's services end in `.amazonaws.com.cn`; the commercial
            // and GovCloud partitions share names like `ec2.amazonaws.com`,
            // so a service's partition is then the role's.
            Caller::Service { name } => name.ends_with(".amazonaws.com.cn").then_some("aws-cn"),
        }
    }

    /// Whether the caller signs with AWS credentials (user, session, root,
    /// federated user), as opposed to a service or an identity provider.
    pub fn is_aws_identity(&self) -> bool {
        matches!(
            self,
            Caller::User { .. }
                | Caller::AssumedRole { .. }
                | Caller::FederatedUser { .. }
                | Caller::Root { .. }
        )
    }

    /// The caller's own ARN as written in policies (`aws:PrincipalArn`): for a
    /// role session that is the role ARN (without path), for a user its ARN.
    /// For an identity provider with a known account, its provider ARN (as a
    /// `Federated` principal names it); `None` for services and bare issuers.
    pub fn principal_arn(&self) -> Option<String> {
        match self {
            Caller::AssumedRole {
                partition,
                account,
                role_name,
                ..
            } => Some(format!(
                "arn:{partition}:iam::{account}:role/{}{role_name}",
                implied_role_path(role_name)
            )),
            Caller::Service { .. } => None,
            Caller::OidcProvider { account: None, .. } => None,
            _ => Some(self.arn()),
        }
    }

    /// The ARN of the caller as STS reports it (`GetCallerIdentity`).
    /// A service principal or a bare issuer host is given as its name.
    pub fn arn(&self) -> String {
        match self {
            Caller::User {
                partition,
                account,
                path,
                name,
            } => ["arn:", partition, ":iam::", account, ":user", path, name].concat(),
            Caller::AssumedRole {
                partition,
                account,
                role_name,
                session_name,
            } => [
                "arn:",
                partition,
                ":sts::",
                account,
                ":assumed-role/",
                role_name,
                "/",
                session_name,
            ]
            .concat(),
            Caller::FederatedUser {
                partition,
                account,
                name,
            } => format!("arn:{partition}:sts::{account}:federated-user/{name}"),
            Caller::Root { partition, account } => {
                ["arn:", partition, ":iam::", account, ":root"].concat()
            }
            Caller::Service { name } => name.clone(),
            Caller::OidcProvider {
                partition: Some(partition),
                account: Some(account),
                host,
            } => format!("arn:{partition}:iam::{account}:oidc-provider/{host}"),
            Caller::OidcProvider { host, .. } => host.clone(),
            Caller::SamlProvider {
                partition,
                account,
                name,
            } => format!("arn:{partition}:iam::{account}:saml-provider/{name}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_generic_arns_in_every_partition() {
        for partition in ["aws", "aws-cn", "aws-us-gov", "aws-iso-b"] {
            let text = format!("arn:{partition}:s3:::bucket/key:with:colons");
            let arn = Arn::parse(&text).unwrap();
            assert_eq!(arn.partition, partition);
            assert_eq!(arn.service, "s3");
            assert_eq!(arn.resource, "bucket/key:with:colons");
            assert_eq!(arn.to_string(), text);
        }
        assert!(Arn::parse("arn:aws:iam::1")
            .unwrap_err()
            .contains("six parts"));
        assert!(Arn::parse("arn:gcp:iam::111111111111:root")
            .unwrap_err()
            .contains("partition"));
        assert!(Arn::parse("iam::111111111111:root")
            .unwrap_err()
            .contains("arn:"));
        assert!(Arn::parse(" arn:aws:s3:::b").is_err());
    }

    #[test]
    fn parses_role_arns_with_paths() {
        let role = RoleArn::parse("arn:aws:iam::222222222222:role/DeployRole").unwrap();
        assert_eq!(role.path, "/");
        assert_eq!(role.name, "DeployRole");
        let role =
            RoleArn::parse("arn:aws-us-gov:iam::222222222222:role/team/ci/Deploy.Role@x").unwrap();
        assert_eq!(role.partition, "aws-us-gov");
        assert_eq!(role.path, "/team/ci/");
        assert_eq!(role.name, "Deploy.Role@x");
        assert_eq!(
            role.to_arn(),
            "arn:aws-us-gov:iam::222222222222:role/team/ci/Deploy.Role@x"
        );
    }

    #[test]
    fn rejects_bad_role_arns_clearly() {
        let err = |t: &str| RoleArn::parse(t).unwrap_err();
        assert!(err("arn:aws:iam::22222222222:role/R").contains("12 digits"));
        assert!(err("arn:aws:iam::222222222222:user/R").contains("role/"));
        assert!(err("arn:aws:iam::222222222222:role/").contains("no role name"));
        assert!(err("arn:aws:iam::222222222222:role/bad name").contains("characters"));
        assert!(err(&format!(
            "arn:aws:iam::222222222222:role/{}",
            "a".repeat(65)
        ))
        .contains("64"));
        assert!(err("arn:aws:iam:us-east-1:222222222222:role/R").contains("region"));
        assert!(err("arn:aws:sts::222222222222:assumed-role/R/s").contains("session"));
        assert!(err("arn:aws:s3:::bucket").contains("service"));
        assert!(err("arn:aws:iam::222222222222:role//R").contains("//"));
        assert!(RoleArn::parse(&format!(
            "arn:aws:iam::222222222222:role/{}",
            "a".repeat(64)
        ))
        .is_ok());
    }

    #[test]
    fn parses_users_with_paths() {
        let caller = Caller::parse("arn:aws:iam::111111111111:user/division/deployer").unwrap();
        assert_eq!(
            caller,
            Caller::User {
                partition: "aws".into(),
                account: "111111111111".into(),
                path: "/division/".into(),
                name: "deployer".into()
            }
        );
        assert_eq!(
            caller.arn(),
            "arn:aws:iam::111111111111:user/division/deployer"
        );
        assert_eq!(
            caller.principal_arn().as_deref(),
            Some(caller.arn().as_str())
        );
        assert_eq!(caller.account(), Some("111111111111"));
        assert_eq!(caller.partition(), Some("aws"));
    }

    #[test]
    fn parses_sessions_and_their_role_arn() {
        let caller =
            Caller::parse("arn:aws-cn:sts::111111111111:assumed-role/DeploymentRole/run-1")
                .unwrap();
        assert_eq!(
            caller,
            Caller::AssumedRole {
                partition: "aws-cn".into(),
                account: "111111111111".into(),
                role_name: "DeploymentRole".into(),
                session_name: "run-1".into()
            }
        );
        assert_eq!(
            caller.principal_arn().as_deref(),
            Some("arn:aws-cn:iam::111111111111:role/DeploymentRole")
        );
        assert_eq!(
            caller.arn(),
            "arn:aws-cn:sts::111111111111:assumed-role/DeploymentRole/run-1"
        );
        assert!(Caller::parse("arn:aws:sts::111111111111:assumed-role/R")
            .unwrap_err()
            .contains("session name"));
    }

    #[test]
    fn parses_federated_users_and_root() {
        let fed = Caller::parse("arn:aws:sts::111111111111:federated-user/bob").unwrap();
        assert!(matches!(fed, Caller::FederatedUser { ref name, .. } if name == "bob"));
        assert_eq!(fed.arn(), "arn:aws:sts::111111111111:federated-user/bob");
        let root = Caller::parse("arn:aws:iam::111111111111:root").unwrap();
        assert!(matches!(root, Caller::Root { ref account, .. } if account == "111111111111"));
        assert_eq!(
            root.principal_arn().as_deref(),
            Some("arn:aws:iam::111111111111:root")
        );
    }

    #[test]
    fn parses_service_principals() {
        for name in [
            "ec2.amazonaws.com",
            "lambda.amazonaws.com",
            "ec2.amazonaws.com.cn",
        ] {
            let caller = Caller::parse(name).unwrap();
            assert_eq!(caller, Caller::Service { name: name.into() });
            assert_eq!(caller.account(), None);
            assert_eq!(caller.principal_arn(), None);
            assert_eq!(caller.arn(), name);
        }
        assert_eq!(
            Caller::parse("ec2.amazonaws.com.cn").unwrap().partition(),
            Some("aws-cn")
        );
    }

    #[test]
    fn parses_identity_providers() {
        let oidc = Caller::parse(
            "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
        )
        .unwrap();
        assert_eq!(
            oidc,
            Caller::OidcProvider {
                partition: Some("aws".into()),
                account: Some("111111111111".into()),
                host: "token.actions.githubusercontent.com".into()
            }
        );
        let eks = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
        assert_eq!(
            Caller::parse(eks).unwrap(),
            Caller::OidcProvider {
                partition: None,
                account: None,
                host: eks.into()
            }
        );
        assert_eq!(
            Caller::parse(&format!("arn:aws:iam::111111111111:oidc-provider/{eks}"))
                .unwrap()
                .arn(),
            format!("arn:aws:iam::111111111111:oidc-provider/{eks}")
        );
        let github = Caller::parse("https://token.actions.githubusercontent.com").unwrap();
        assert_eq!(github.arn(), "token.actions.githubusercontent.com");
        for host in WELL_KNOWN_WEB_IDENTITY_PROVIDERS {
            assert!(
                matches!(Caller::parse(host).unwrap(), Caller::OidcProvider { .. }),
                "{host}"
            );
        }
        let saml = Caller::parse("arn:aws:iam::111111111111:saml-provider/Okta").unwrap();
        assert_eq!(
            saml,
            Caller::SamlProvider {
                partition: "aws".into(),
                account: "111111111111".into(),
                name: "Okta".into()
            }
        );
        assert_eq!(saml.arn(), "arn:aws:iam::111111111111:saml-provider/Okta");
    }

    #[test]
    fn a_role_arn_is_not_a_caller() {
        let err = Caller::parse("arn:aws:iam::111111111111:role/path/DeploymentRole").unwrap_err();
        assert!(err.contains("sessions"), "{err}");
        assert!(
            err.contains("arn:aws:sts::111111111111:assumed-role/DeploymentRole/SESSION_NAME"),
            "{err}"
        );
    }

    #[test]
    fn rejects_other_callers_clearly() {
        assert!(Caller::parse("").unwrap_err().contains("empty"));
        assert!(Caller::parse("111111111111")
            .unwrap_err()
            .contains("account"));
        assert!(Caller::parse("arn:aws:iam::111111111111:group/admins")
            .unwrap_err()
            .contains("group"));
        assert!(Caller::parse("arn:aws:s3:::bucket")
            .unwrap_err()
            .contains("s3"));
        assert!(Caller::parse("arn:aws:iam::111111111111:user/bad name")
            .unwrap_err()
            .contains("characters"));
        assert!(Caller::parse("deployer")
            .unwrap_err()
            .contains("not a caller"));
        assert!(Caller::parse("arn:aws:iam::1111:user/x")
            .unwrap_err()
            .contains("12 digits"));
    }
}
