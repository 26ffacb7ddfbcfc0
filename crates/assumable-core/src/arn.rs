//! ARNs and the kinds of caller and role they name.
//! OWNER: matching helper.

/// A parsed ARN: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arn {
    pub partition: String,
    pub service: String,
    pub region: String,
    pub account: String,
    pub resource: String,
}

impl Arn {
    pub fn parse(text: &str) -> Result<Arn, String> {
        let _ = text;
        Err("not implemented".into())
    }
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
        let _ = text;
        Err("not implemented".into())
    }

    pub fn to_arn(&self) -> String {
        format!(
            "arn:{}:iam::{}:role{}{}",
            self.partition, self.account, self.path, self.name
        )
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

impl Caller {
    /// Parses the scenario's `caller` field.
    pub fn parse(text: &str) -> Result<Caller, String> {
        let _ = text;
        Err("not implemented".into())
    }

    pub fn account(&self) -> Option<&str> {
        None
    }

    pub fn partition(&self) -> Option<&str> {
        None
    }

    /// The caller's own ARN as written in policies (`aws:PrincipalArn`): for a
    /// role session that is the role ARN (without path), for a user its ARN.
    pub fn principal_arn(&self) -> Option<String> {
        None
    }

    /// The ARN of the caller as STS reports it (`GetCallerIdentity`).
    pub fn arn(&self) -> String {
        String::new()
    }
}
