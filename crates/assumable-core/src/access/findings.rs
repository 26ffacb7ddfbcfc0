//! Trust findings: principals a role's trust policy admits that are not
//! pairs of the dumps (other accounts, `*`, services, identity providers),
//! with the risky ones called out: `*` narrowed by nothing, an account no
//! output holds with no external ID, a web identity provider whose tokens
//! are not narrowed to a subject.
//! A unique ID (`AIDA…`, `AROA…`) in place of an ARN is a deleted principal's
//! (the Principal page, "IAM roles"): said, since it admits no one.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html>
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html>

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{account_of, AccountModel};
use crate::arn::is_account_id;
use crate::evaluate::narrowing_claims;
use crate::principal::unique_id_kind;

/// One principal outside the dumps that a role trusts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub role: String,
    /// As the trust policy names it (`*`, an account, a service, a provider).
    pub principal: String,
    pub severity: Severity,
    pub detail: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    High,
    Medium,
    Info,
}

/// The findings of every role of the model, riskiest first.
pub fn findings(model: &AccountModel) -> Vec<Finding> {
    let loaded: BTreeSet<&str> = model
        .principals
        .iter()
        .map(|principal| account_of(&principal.arn))
        .chain(model.roles.iter().map(|role| account_of(&role.arn)))
        .collect();
    let mut out = Vec::new();
    for role in &model.roles {
        let Some(trust) = &role.trust_policy else {
            continue;
        };
        let Ok(document) = serde_json::from_str::<Value>(trust.text()) else {
            continue;
        };
        let statements = match document.get("Statement") {
            Some(Value::Array(list)) => list.iter().collect(),
            Some(one @ Value::Object(_)) => vec![one],
            _ => Vec::new(),
        };
        for statement in statements {
            if statement.get("Effect").and_then(Value::as_str) != Some("Allow") {
                continue;
            }
            let keys = condition_keys(statement);
            let pinned_by = pinning_keys(statement);
            for (kind, principal) in principals(statement) {
                let conditions = Conditions {
                    keys: &keys,
                    pinned_by: &pinned_by,
                };
                if let Some(finding) = judge(&role.arn, kind, &principal, conditions, &loaded) {
                    out.push(finding);
                }
            }
        }
    }
    out.sort_by_key(|finding| finding.severity);
    out
}

/// (`AWS` | `Service` | `Federated` | `*`, value) of a statement's `Principal`.
fn principals(statement: &Value) -> Vec<(&'static str, String)> {
    let list = |value: &Value| -> Vec<String> {
        match value {
            Value::String(text) => vec![text.clone()],
            Value::Array(items) => items
                .iter()
                .filter_map(|item| match item {
                    Value::String(text) => Some(text.clone()),
                    Value::Number(number) => Some(number.to_string()),
                    _ => None,
                })
                .collect(),
            Value::Number(number) => vec![number.to_string()],
            _ => Vec::new(),
        }
    };
    match statement.get("Principal") {
        Some(Value::String(star)) if star == "*" => vec![("AWS", "*".to_string())],
        Some(Value::Object(members)) => members
            .iter()
            .flat_map(|(kind, value)| {
                let kind = match kind.as_str() {
                    "AWS" => "AWS",
                    "Service" => "Service",
                    "Federated" => "Federated",
                    _ => "other",
                };
                list(value).into_iter().map(move |text| (kind, text))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A statement's conditions as a finding weighs them.
#[derive(Clone, Copy)]
struct Conditions<'a> {
    /// Every key, as written.
    keys: &'a [String],
    /// The keys that pin who may call to named accounts, organizations or
    /// principals ([`pinning_keys`]).
    pinned_by: &'a [String],
}

/// Keys whose value names the caller's account, organization or identity:
/// compared for equality, they admit only what they name.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>
const PINNING_KEYS: [&str; 8] = [
    "aws:PrincipalAccount",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalArn",
    "aws:userid",
    "aws:SourceAccount",
    "aws:SourceOrgID",
    "aws:SourceArn",
];

/// The keys of a statement that pin who may call: a [`PINNING_KEYS`] key
/// under a positive string or ARN operator (not `…IfExists`, which an
/// absent key meets; not a `Not…` one), every value naming its account,
/// organization or unique ID without a wildcard.
fn pinning_keys(statement: &Value) -> Vec<String> {
    let Some(Value::Object(operators)) = statement.get("Condition") else {
        return Vec::new();
    };
    let positive = |operator: &str| {
        let base = operator
            .strip_prefix("ForAnyValue:")
            .unwrap_or(operator)
            .to_ascii_lowercase();
        matches!(
            base.as_str(),
            "stringequals" | "stringequalsignorecase" | "stringlike" | "arnequals" | "arnlike"
        )
    };
    let names_exactly = |key: &str, value: &Value| {
        let Some(text) = value.as_str() else {
            return false;
        };
        let named = if key.eq_ignore_ascii_case("aws:PrincipalArn")
            || key.eq_ignore_ascii_case("aws:SourceArn")
        {
            text.split(':').nth(4).unwrap_or_default()
        } else {
            text.split(['/', ':']).next().unwrap_or_default()
        };
        !named.is_empty() && !named.contains(['*', '?'])
    };
    let mut pinned = Vec::new();
    for (operator, keys) in operators {
        let Some(keys) = keys.as_object().filter(|_| positive(operator)) else {
            continue;
        };
        for (key, values) in keys {
            let pinning = PINNING_KEYS
                .iter()
                .any(|known| known.eq_ignore_ascii_case(key));
            let values: Vec<&Value> = match values {
                Value::Array(list) => list.iter().collect(),
                one => vec![one],
            };
            if pinning && !values.is_empty() && values.iter().all(|value| names_exactly(key, value))
            {
                pinned.push(key.clone());
            }
        }
    }
    pinned
}

/// The condition keys a statement names, as written.
fn condition_keys(statement: &Value) -> Vec<String> {
    let Some(Value::Object(operators)) = statement.get("Condition") else {
        return Vec::new();
    };
    operators
        .values()
        .filter_map(Value::as_object)
        .flat_map(|keys| keys.keys().cloned())
        .collect()
}

fn judge(
    role: &str,
    kind: &str,
    principal: &str,
    conditions: Conditions<'_>,
    loaded: &BTreeSet<&str>,
) -> Option<Finding> {
    let keys = conditions.keys;
    let finding = |severity, detail: String| Finding {
        role: role.to_string(),
        principal: principal.to_string(),
        severity,
        detail,
    };
    match kind {
        "AWS" if principal == "*" => Some(if keys.is_empty() {
            finding(
                Severity::High,
                "any principal of any AWS account may assume it: no condition narrows `*`"
                    .to_string(),
            )
        } else if !conditions.pinned_by.is_empty() {
            finding(
                Severity::Info,
                format!(
                    "`*` is narrowed by {} to the accounts, organizations or principals named: \
                    only those may assume it (as their own policies allow)",
                    conditions.pinned_by.join(", ")
                ),
            )
        } else {
            finding(
                Severity::Medium,
                format!(
                    "`*` is narrowed only by its conditions ({}): whoever meets them, in any account, may assume it",
                    keys.join(", ")
                ),
            )
        }),
        "AWS" if !principal.starts_with("arn:") && !is_account_id(principal) => {
            // What IAM writes in place of a deleted principal's ARN: no
            // account, and no one may assume the role through it.
            Some(match unique_id_kind(principal) {
                Some(kind) => finding(
                    Severity::Info,
                    format!(
                        "the unique ID of a deleted {kind}: IAM shows it in place of the ARN once \
                        the {kind} is deleted, and it matches no one, not even a new {kind} of the \
                        same name; remove it, or name the new {kind}'s ARN"
                    ),
                ),
                None => finding(
                    Severity::Info,
                    "neither an account ID, an ARN nor a unique ID: it matches no one".to_string(),
                ),
            })
        }
        "AWS" => {
            let account = if principal.starts_with("arn:") {
                account_of(principal)
            } else {
                principal
            };
            if loaded.contains(account) {
                // A pair of the dumps: answered there.
                return None;
            }
            Some(
                if keys
                    .iter()
                    .any(|key| key.eq_ignore_ascii_case("sts:ExternalId"))
                {
                    finding(
                        Severity::Info,
                        format!("account {account}, not among the outputs, with an external ID"),
                    )
                } else {
                    finding(
                    Severity::Medium,
                    format!(
                        "account {account}, not among the outputs, may assume it without an external ID: a third party should be given one"
                    ),
                )
                },
            )
        }
        "Service" => Some(finding(
            Severity::Info,
            format!("the service {principal} assumes it for the account"),
        )),
        "Federated" if principal.contains(":saml-provider/") => Some(finding(
            Severity::Info,
            format!("users of the SAML provider {principal}"),
        )),
        "Federated" => {
            // `arn:…:oidc-provider/HOST`, or the host alone
            // (`cognito-identity.amazonaws.com`, `accounts.google.com`).
            let host = principal
                .split_once(":oidc-provider/")
                .map_or(principal, |(_, host)| host);
            let (claims, who) = narrowing_claims(host);
            let narrowed = claims.is_empty()
                || claims.iter().any(|claim| {
                    let wanted = format!("{host}:{claim}");
                    keys.iter().any(|key| key.eq_ignore_ascii_case(&wanted))
                });
            Some(if narrowed {
                finding(
                    Severity::Info,
                    format!("tokens of the identity provider {host}, narrowed by their claims"),
                )
            } else {
                finding(
                    Severity::High,
                    format!(
                        "{who} may assume it: no condition names `{host}:{}`",
                        claims.first().copied().unwrap_or("sub")
                    ),
                )
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Role;
    use crate::scenario::PolicySource;

    fn model(trusts: &[(&str, &str)]) -> AccountModel {
        AccountModel {
            roles: trusts
                .iter()
                .map(|(name, trust)| Role {
                    arn: format!("arn:aws:iam::111111111111:role/{name}"),
                    name: name.to_string(),
                    trust_policy: Some(PolicySource::Text(trust.to_string())),
                    rcps: None,
                    tags: Vec::new(),
                })
                .collect(),
            ..AccountModel::default()
        }
    }

    fn statement(principal: &str, condition: &str) -> String {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {principal}, "Action": "sts:AssumeRole"{condition}}}]}}"#
        )
    }

    #[test]
    fn outside_principals_are_found_and_the_risky_ones_called_out() {
        let found = findings(&model(&[
            ("Open", &statement(r#""*""#, "")),
            (
                "OrgOnly",
                &statement(
                    r#"{"AWS": "*"}"#,
                    r#", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}"#,
                ),
            ),
            (
                "AnyOrgAtAll",
                &statement(
                    r#"{"AWS": "*"}"#,
                    r#", "Condition": {"StringLike": {"aws:PrincipalOrgID": "o-*"}}"#,
                ),
            ),
            (
                "OrgIfThere",
                &statement(
                    r#"{"AWS": "*"}"#,
                    r#", "Condition": {"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-abc"}}"#,
                ),
            ),
            (
                "AnyAccountsRole",
                &statement(
                    r#"{"AWS": "*"}"#,
                    r#", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/ci"}}"#,
                ),
            ),
            (
                "Vendor",
                &statement(r#"{"AWS": "arn:aws:iam::999999999999:root"}"#, ""),
            ),
            (
                "VendorWithId",
                &statement(
                    r#"{"AWS": "999999999999"}"#,
                    r#", "Condition": {"StringEquals": {"sts:ExternalId": "x"}}"#,
                ),
            ),
            (
                "Deleted",
                &statement(r#"{"AWS": "AROAJQABLZS4A3QDU576Q"}"#, ""),
            ),
            (
                "Own",
                &statement(r#"{"AWS": "arn:aws:iam::111111111111:root"}"#, ""),
            ),
            ("Ec2", &statement(r#"{"Service": "ec2.amazonaws.com"}"#, "")),
            (
                "AnyRepo",
                &statement(
                    r#"{"Federated": "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"}"#,
                    r#", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}"#,
                ),
            ),
            (
                "OneRepo",
                &statement(
                    r#"{"Federated": "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"}"#,
                    r#", "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:o/r:*"}}"#,
                ),
            ),
        ]));
        let of = |role: &str| {
            found
                .iter()
                .find(|f| f.role.ends_with(&format!("/{role}")))
                .map(|f| f.severity)
        };
        assert_eq!(of("Open"), Some(Severity::High));
        // `*` pinned to an organization admits only its principals; a
        // wildcard organization, an `IfExists` an absent key meets, or a
        // role name in any account pin nothing.
        assert_eq!(of("OrgOnly"), Some(Severity::Info));
        assert_eq!(of("AnyOrgAtAll"), Some(Severity::Medium));
        assert_eq!(of("OrgIfThere"), Some(Severity::Medium));
        assert_eq!(of("AnyAccountsRole"), Some(Severity::Medium));
        assert_eq!(of("Vendor"), Some(Severity::Medium));
        assert_eq!(of("VendorWithId"), Some(Severity::Info));
        assert_eq!(of("Own"), None, "a loaded account's principals are pairs");
        let deleted = found.iter().find(|f| f.role.ends_with("/Deleted"));
        assert_eq!(deleted.map(|f| f.severity), Some(Severity::Info));
        assert!(
            deleted.is_some_and(|f| f.detail.starts_with("the unique ID of a deleted role")
                && !f.detail.contains("account")),
            "a deleted role's unique ID is not an account: {deleted:?}"
        );
        assert_eq!(of("Ec2"), Some(Severity::Info));
        assert_eq!(of("AnyRepo"), Some(Severity::High));
        assert_eq!(of("OneRepo"), Some(Severity::Info));
        // Riskiest first.
        assert_eq!(found.first().map(|f| f.severity), Some(Severity::High));
    }
}
