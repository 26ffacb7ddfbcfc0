//! The other STS errors (`IMPORT_FORMATS.md` §5): what each says about the
//! scenario, the check it points at, or, when no check models the cause
//! (a wrong MFA code, invalid credentials, no OIDC provider, the token's
//! audience), a warning in words. Each text is matched as STS prints it.

use super::access_denied::trim_token;
use super::wrappers::prefix;

/// A request field a `ValidationError` quotes the value of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValidatedField {
    DurationSeconds,
    RoleSessionName,
    ExternalId,
    RoleArn,
    SerialNumber,
    SourceIdentity,
}

/// One STS error as read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StsError {
    pub message: String,
    pub evidence: Vec<&'static str>,
    /// The action only this error comes from (a web-identity or SAML error).
    pub implied_action: Option<&'static str>,
    pub warning: Option<String>,
    pub note: Option<&'static str>,
    /// The OIDC issuer a missing-provider error names (the caller of a
    /// web-identity call), without `https://`.
    pub issuer: Option<String>,
    pub values: Vec<(ValidatedField, String)>,
    /// Where the message starts in the flattened paste, to keep pastes' order.
    pub at: usize,
}

const WEB_IDENTITY: Option<&str> = Some("sts:AssumeRoleWithWebIdentity");
const SAML: Option<&str> = Some("sts:AssumeRoleWithSAML");

/// What follows a known phrase and belongs to the message.
#[derive(Clone, Copy)]
enum Tail {
    Nothing,
    /// One more token: the issuer URL, the missing claim.
    Token,
}

struct Known {
    phrase: &'static str,
    evidence: &'static [&'static str],
    implied_action: Option<&'static str>,
    /// For a cause no check models: what it means, in words.
    warning: Option<&'static str>,
    note: Option<&'static str>,
    tail: Tail,
}

/// §5's verbatim texts, with their sources there.
const KNOWN: &[Known] = &[
    Known {
        phrase: "Roles may not be assumed by root accounts",
        evidence: &["request.caller"],
        implied_action: None,
        warning: None,
        note: Some("the caller is an account's root user; the message does not say which account, so request.caller is left as it is"),
        tail: Tail::Nothing,
    },
    Known {
        phrase: "The requested DurationSeconds exceeds the MaxSessionDuration set for this role",
        evidence: &["session.duration"],
        implied_action: None,
        warning: None,
        note: Some("the duration asked is longer than the role's maximum; the message quotes neither"),
        tail: Tail::Nothing,
    },
    // The SAML troubleshooting page's heading.
    Known {
        phrase: "Requested DurationSeconds exceeds MaxSessionDuration set for this role",
        evidence: &["session.duration"],
        implied_action: None,
        warning: None,
        note: Some("the duration asked is longer than the role's maximum; the message quotes neither"),
        tail: Tail::Nothing,
    },
    Known {
        phrase: "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining",
        evidence: &["session.duration"],
        implied_action: None,
        warning: None,
        note: Some("the caller is a role session (role chaining), which AWS holds to one hour"),
        tail: Tail::Nothing,
    },
    Known {
        phrase: "MultiFactorAuthentication failed with invalid MFA one time pass code",
        evidence: &[],
        implied_action: None,
        warning: Some("AWS rejected the MFA code itself (wrong, expired or already used): no policy is at fault; call again with a fresh code"),
        note: None,
        tail: Tail::Nothing,
    },
    Known {
        phrase: "MultiFactorAuthentication failed, unable to validate MFA code",
        evidence: &[],
        implied_action: None,
        warning: Some("AWS could not validate the MFA code: the MFA serial number is probably wrong or not this user's device; no policy is at fault"),
        note: None,
        tail: Tail::Nothing,
    },
    Known {
        phrase: "The security token included in the request is invalid",
        evidence: &[],
        implied_action: None,
        warning: Some("the caller's own credentials are invalid (a wrong or deleted access key, or a session token missing): AWS refused them before reading any policy"),
        note: None,
        tail: Tail::Nothing,
    },
    Known {
        phrase: "The security token included in the request is expired",
        evidence: &[],
        implied_action: None,
        warning: Some("the caller's credentials have expired: AWS refused them before reading any policy; refresh them and call again"),
        note: None,
        tail: Tail::Nothing,
    },
    Known {
        phrase: "No OpenIDConnect provider found in your account for",
        evidence: &[],
        implied_action: WEB_IDENTITY,
        warning: Some("the role's account has no IAM OIDC identity provider for this issuer: create it (IAM > Identity providers); no policy is at fault"),
        note: None,
        tail: Tail::Token,
    },
    Known {
        phrase: "Incorrect token audience",
        evidence: &[],
        implied_action: WEB_IDENTITY,
        warning: Some("the token's `aud` is not one of the audiences (client IDs) of the IAM OIDC provider: add it to the provider, or request the token for the audience the provider lists"),
        note: None,
        tail: Tail::Nothing,
    },
    Known {
        phrase: "Missing a required claim:",
        evidence: &[],
        implied_action: WEB_IDENTITY,
        warning: Some("the web identity token lacks a claim STS requires: the token is at fault, not a policy"),
        note: None,
        tail: Tail::Token,
    },
    Known {
        phrase: "RoleSessionName is required in AuthnResponse",
        evidence: &["request.format"],
        implied_action: SAML,
        warning: None,
        note: Some("the SAML assertion has no RoleSessionName attribute"),
        tail: Tail::Nothing,
    },
    Known {
        phrase: "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}",
        evidence: &["request.format"],
        implied_action: SAML,
        warning: None,
        note: None,
        tail: Tail::Nothing,
    },
    Known {
        phrase: "Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with \"aws:\"",
        evidence: &["request.format"],
        implied_action: SAML,
        warning: None,
        note: None,
        tail: Tail::Nothing,
    },
    Known {
        phrase: "Response signature invalid",
        evidence: &[],
        implied_action: SAML,
        warning: Some("the SAML response's signature does not match the provider's metadata (the IdP's certificate changed?): update the IAM SAML provider's metadata"),
        note: None,
        tail: Tail::Nothing,
    },
    Known {
        phrase: "Issuer not present in specified provider",
        evidence: &[],
        implied_action: SAML,
        warning: Some("the assertion's Issuer is not the one in the IAM SAML provider's metadata: upload the IdP's current metadata"),
        note: None,
        tail: Tail::Nothing,
    },
    Known {
        phrase: "Specified provider doesn't exist",
        evidence: &[],
        implied_action: SAML,
        warning: Some("the SAML provider ARN in the assertion's Role attribute names no provider of that account: correct the attribute or create the provider"),
        note: None,
        tail: Tail::Nothing,
    },
    Known {
        phrase: "Your request included an invalid SAML response",
        evidence: &[],
        implied_action: SAML,
        warning: Some("the SAML response lacks the Role attribute (https://aws.amazon.com/SAML/Attributes/Role): configure the IdP to send it"),
        note: None,
        tail: Tail::Nothing,
    },
    // A malformed role ARN (`An error occurred (ValidationError) when
    // calling the AssumeRole operation: Request ARN is invalid`).
    Known {
        phrase: "Request ARN is invalid",
        evidence: &["request.format"],
        implied_action: None,
        warning: None,
        note: Some("the role ARN the call named is malformed"),
        tail: Tail::Nothing,
    },
    Known {
        phrase: "Principal ARN is invalid",
        evidence: &["request.format"],
        implied_action: SAML,
        warning: None,
        note: Some("the SAML provider ARN the call names is malformed"),
        tail: Tail::Nothing,
    },
];

/// Error codes whose cause no check models, for a paste that gives only
/// the code (§5, botocore's STS model).
const CODE_WARNINGS: &[(&str, &str)] = &[
    ("ExpiredToken", "the caller's credentials have expired: refresh them and call again; no policy is at fault"),
    ("InvalidClientTokenId", "the caller's credentials are invalid: AWS refused them before reading any policy"),
    ("RegionDisabled", "STS is not activated in this Region for the account: activate the Region (IAM > Account settings) or call another endpoint"),
    ("IDPRejectedClaim", "the identity provider rejected the token's claims"),
    ("IDPCommunicationError", "STS could not reach the identity provider to validate the token"),
    ("MalformedPolicyDocument", "the session policy passed with the call is malformed; session policies are not modelled"),
    ("PackedPolicyTooLarge", "the session policy or tags passed with the call are too large once packed; session policies are not modelled"),
];

/// Every STS error of §5 the paste holds, in order.
pub fn read_sts_errors(flat: &str) -> Vec<StsError> {
    let mut found: Vec<StsError> = Vec::new();
    for known in KNOWN {
        let Some(at) = flat.find(known.phrase) else {
            continue;
        };
        let after = prefix(
            flat.get(at + known.phrase.len()..).unwrap_or_default(),
            2048,
        );
        let mut message = known.phrase.to_string();
        let mut issuer = None;
        if let Tail::Token = known.tail {
            let token = trim_token(after.trim_start().split(' ').next().unwrap_or_default());
            if !token.is_empty() {
                message.push(' ');
                message.push_str(token);
                if known.phrase.starts_with("No OpenIDConnect") {
                    let host = token
                        .strip_prefix("https://")
                        .unwrap_or(token)
                        .trim_end_matches('/');
                    issuer = Some(host.to_string()).filter(|host| !host.is_empty());
                }
            }
        } else if after.starts_with('.') {
            message.push('.');
        }
        found.push(StsError {
            message,
            evidence: known.evidence.to_vec(),
            implied_action: known.implied_action,
            warning: known.warning.map(str::to_string),
            note: known.note,
            issuer,
            values: Vec::new(),
            at,
        });
    }
    if let Some(validation) = read_validation_error(flat) {
        found.push(validation);
    }
    found.sort_by_key(|error| error.at);
    found
}

/// A warning for an error code no check models, when no text was read.
pub fn code_warning(code: &str) -> Option<&'static str> {
    let code = code.strip_suffix("Exception").unwrap_or(code);
    CODE_WARNINGS
        .iter()
        .find(|(known, _)| *known == code)
        .map(|(_, warning)| *warning)
}

/// `N validation error(s) detected: Value 'V' at 'FIELD' failed to satisfy
/// constraint: Member must …[; Value …]` (§5: durationSeconds,
/// roleSessionName, externalId), STS's (Coral's) constraint message.
fn read_validation_error(flat: &str) -> Option<StsError> {
    let marker = flat
        .find(" validation error detected: ")
        .or_else(|| flat.find(" validation errors detected: "))?;
    // The count before the marker: `1`, `2`.
    let start = flat
        .get(..marker)?
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    let text = prefix(flat.get(start..)?, 8192);
    let mut values = Vec::new();
    let mut end = text.find(": ")? + 2;
    let mut rest = text.get(end..)?;
    // Each `Value 'V' at 'FIELD' failed to satisfy constraint: C`.
    for _ in 0..8 {
        // A parameter not sent at all: `Value null at 'roleArn' failed to
        // satisfy constraint: Member must not be null`.
        if let Some(null_text) = rest.strip_prefix("Value null at '") {
            let field_end = null_text.find('\'')?;
            let Some(constraint) = null_text
                .get(field_end..)
                .and_then(|r| r.strip_prefix("' failed to satisfy constraint: "))
            else {
                break;
            };
            end += "Value null at '".len()
                + field_end
                + "' failed to satisfy constraint: ".len()
                + constraint_length(constraint);
            rest = text.get(end..)?;
            match rest.strip_prefix("; ") {
                Some(next) => {
                    end += 2;
                    rest = next;
                    continue;
                }
                None => break,
            }
        }
        let Some(value_text) = rest.strip_prefix("Value '") else {
            break;
        };
        let Some(close) = value_text.find("' at '") else {
            break;
        };
        let value = value_text.get(..close)?;
        let field_text = value_text.get(close + "' at '".len()..)?;
        let field_end = field_text.find('\'')?;
        let field = field_text.get(..field_end)?;
        let constraint_start = field_text.get(field_end..)?;
        let Some(constraint) = constraint_start.strip_prefix("' failed to satisfy constraint: ")
        else {
            break;
        };
        let constraint_len = constraint_length(constraint);
        let used = "Value '".len()
            + close
            + "' at '".len()
            + field_end
            + "' failed to satisfy constraint: ".len()
            + constraint_len;
        end += used;
        if let Some(field) = validated_field(field) {
            values.push((field, value.to_string()));
        }
        rest = text.get(end..)?;
        // The next constraint follows a `; `.
        match rest.strip_prefix("; ") {
            Some(next) => {
                end += 2;
                rest = next;
            }
            None => break,
        }
    }
    let message = text.get(..end)?.trim_end_matches([';', ' ']);
    Some(StsError {
        message: message.to_string(),
        evidence: vec!["request.format"],
        values,
        at: start,
        ..StsError::default()
    })
}

/// How much of the text is the constraint: `Member must …` up to its
/// number, its `null`, or the token after `pattern:`.
fn constraint_length(text: &str) -> usize {
    let mut len = 0;
    let mut after_pattern = false;
    for token in text.split(' ').take(24) {
        let start = len + usize::from(len > 0);
        let clean = token.trim_end_matches(['.', ';']);
        let clean_len = clean.len();
        if after_pattern {
            return start + clean_len;
        }
        len = start + token.len();
        if token == "pattern:" {
            after_pattern = true;
            continue;
        }
        if clean == "null" || (!clean.is_empty() && clean.bytes().all(|b| b.is_ascii_digit())) {
            return start + clean_len;
        }
    }
    len.min(text.len())
}

fn validated_field(name: &str) -> Option<ValidatedField> {
    Some(match name {
        "durationSeconds" => ValidatedField::DurationSeconds,
        "roleSessionName" => ValidatedField::RoleSessionName,
        "externalId" => ValidatedField::ExternalId,
        "roleArn" => ValidatedField::RoleArn,
        "serialNumber" => ValidatedField::SerialNumber,
        "sourceIdentity" => ValidatedField::SourceIdentity,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_errors_quote_the_value_sent() {
        let text = "An error occurred (ValidationError) when calling the AssumeRole operation: 1 validation error detected: Value 'pic-ro- 6ACCOUNTNUMBER6' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* (Service: AWSSecurityTokenService; Status Code: 400)";
        let errors = read_sts_errors(text);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].message, "1 validation error detected: Value 'pic-ro- 6ACCOUNTNUMBER6' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        assert_eq!(
            errors[0].values,
            vec![(
                ValidatedField::RoleSessionName,
                "pic-ro- 6ACCOUNTNUMBER6".to_string()
            )]
        );

        let two = "2 validation errors detected: Value '50000' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200; Value 'x y' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]* at Request.extractError";
        let errors = read_sts_errors(two);
        assert_eq!(errors[0].values.len(), 2);
        assert!(
            errors[0].message.ends_with("[\\w+=,.@:\\/-]*"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn a_parameter_not_sent_is_named_without_a_value() {
        let errors = read_sts_errors("An error occurred (ValidationError) when calling the AssumeRole operation: 1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
        assert_eq!(errors[0].message, "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
        assert!(errors[0].values.is_empty());
        let errors = read_sts_errors("An error occurred (ValidationError) when calling the AssumeRole operation: Request ARN is invalid");
        assert_eq!(errors[0].evidence, ["request.format"]);
    }

    #[test]
    fn the_missing_provider_names_the_issuer() {
        let errors = read_sts_errors("InvalidIdentityToken: No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com status code: 400");
        assert_eq!(
            errors[0].issuer.as_deref(),
            Some("token.actions.githubusercontent.com")
        );
        assert_eq!(errors[0].message, "No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com");
    }
}
