//! Which context keys a call can carry at all. A web identity token's claims
//! (`token.actions.githubusercontent.com:sub`) exist only in an
//! `AssumeRoleWithWebIdentity` request with a token from that issuer, and the
//! `saml:` keys only in an `AssumeRoleWithSAML` request: "The available keys
//! ... depend on the identity provider" and are set from the token or the
//! assertion. A scenario that gives such a key for another call describes a
//! request AWS never sees, so the key is flagged by `request.format` and
//! left out of the evaluation: it must never satisfy a condition.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html>

use super::call::StsAction;
use crate::arn::Caller;

/// Where a context key comes from, read from its prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeySource<'a> {
    /// A claim of a web identity token: the prefix is the issuer
    /// (`accounts.google.com`, `oidc.eks.REGION.amazonaws.com/id/ID`).
    /// Service prefixes (`aws`, `sts`, `s3`) never hold a dot.
    TokenClaim { issuer: &'a str },
    /// A SAML assertion's attribute (`saml:sub`, `saml:aud`).
    SamlAttribute,
    /// A key AWS sets for any call (`aws:*`, `sts:*`, tags).
    Call,
}

impl<'a> KeySource<'a> {
    pub(crate) fn of(key: &'a str) -> KeySource<'a> {
        match key.rsplit_once(':') {
            Some((prefix, _)) if prefix.eq_ignore_ascii_case("saml") => KeySource::SamlAttribute,
            Some((prefix, _)) if prefix.contains('.') => KeySource::TokenClaim { issuer: prefix },
            _ => KeySource::Call,
        }
    }
}

/// Why `key` cannot be in this call's request, if it cannot.
pub(crate) fn not_carried(action: StsAction, caller: &Caller, key: &str) -> Option<String> {
    let name = action.name();
    match (KeySource::of(key), action) {
        (KeySource::TokenClaim { issuer }, StsAction::AssumeRole | StsAction::Saml) => {
            Some(format!(
                "`{key}` is a claim of a web identity token from `{issuer}`, \
                    and {name} carries no such token, so the key is never in \
                    its request"
            ))
        }
        (KeySource::TokenClaim { issuer }, StsAction::WebIdentity) => match caller {
            Caller::OidcProvider { host, .. } if !host.eq_ignore_ascii_case(issuer) => {
                Some(format!(
                    "`{key}` is a claim of a token from `{issuer}`, but the \
                        token of this call comes from `{host}`, so the key is never \
                        in its request"
                ))
            }
            _ => None,
        },
        (KeySource::SamlAttribute, StsAction::AssumeRole | StsAction::WebIdentity) => {
            Some(format!(
                "`{key}` comes from a SAML assertion, and {name} carries \
                    none, so the key is never in its request"
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> Caller {
        Caller::parse("arn:aws:iam::111122223333:user/ci").unwrap()
    }

    fn github() -> Caller {
        Caller::parse("token.actions.githubusercontent.com").unwrap()
    }

    #[test]
    fn sources_are_read_from_prefixes() {
        assert_eq!(
            KeySource::of("token.actions.githubusercontent.com:sub"),
            KeySource::TokenClaim {
                issuer: "token.actions.githubusercontent.com"
            }
        );
        assert_eq!(
            KeySource::of("oidc.eks.us-east-1.amazonaws.com/id/ABC:sub"),
            KeySource::TokenClaim {
                issuer: "oidc.eks.us-east-1.amazonaws.com/id/ABC"
            }
        );
        assert_eq!(KeySource::of("saml:aud"), KeySource::SamlAttribute);
        assert_eq!(KeySource::of("aws:PrincipalTag/team"), KeySource::Call);
        assert_eq!(KeySource::of("sts:ExternalId"), KeySource::Call);
    }

    #[test]
    fn a_token_claim_is_not_carried_by_an_iam_call() {
        let why = not_carried(
            StsAction::AssumeRole,
            &user(),
            "token.actions.githubusercontent.com:sub",
        );
        assert!(why.is_some_and(|why| why.contains("carries no such token")));
        assert!(not_carried(StsAction::AssumeRole, &user(), "aws:PrincipalTag/team").is_none());
    }

    #[test]
    fn a_web_identity_call_carries_only_its_own_issuer_claims() {
        let own = "token.actions.githubusercontent.com:sub";
        assert!(not_carried(StsAction::WebIdentity, &github(), own).is_none());
        assert!(not_carried(StsAction::WebIdentity, &github(), "gitlab.com:sub").is_some());
        assert!(not_carried(StsAction::WebIdentity, &github(), "saml:sub").is_some());
    }
}
