//! Condition operators and their evaluation against the request context:
//! every IAM operator, `...IfExists`, `ForAllValues:`/`ForAnyValue:`, the
//! missing-key rules. Values OR together; keys and operators AND.
//!
//! Rules, from the IAM User Guide:
//! - "Condition operators"
//!   <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>:
//!   "If the key that you specify in a policy condition is not present in the
//!   request context, the values do not match and the condition is false. If
//!   the policy condition requires that the key is not matched, such as
//!   StringNotLike or ArnNotLike, and the right key is not present, the
//!   condition is true. This logic applies to all condition operators except
//!   ...IfExists and Null check."
//!   `...IfExists`: when the key is absent, the condition is true.
//!   `Null`: `true` means the key is absent, `false` that it is present.
//! - "Conditions with multiple context keys or values"
//!   <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html>:
//!   several values for one key OR together; for a negated operator they are
//!   evaluated as a NOR (the request value must match none of them).
//! - "Set operators for multivalued context keys"
//!   <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html>:
//!   `ForAllValues:` is true when every request value matches (and when the
//!   key is absent or empty); `ForAnyValue:` when at least one does (false
//!   when the key is absent).
//! - Policy variables are substituted in String, Arn and Bool values of
//!   2012-10-17 documents; a value whose variable has no value matches nothing.

use std::net::IpAddr;

use base64::Engine as _;
use ipnet::IpNet;

use crate::context::RequestContext;
use crate::date;
use crate::pattern::{pattern_matches, pattern_matches_arn, Pattern};
use crate::policy::{BaseOperator, Condition, Operator, PolicyVersion, SetQualifier};
use crate::suspicious::visible;
use crate::variables::{substitute_bounded, Unsubstituted, MAX_SUBSTITUTED_CHARS};

/// The outcome of one condition entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConditionOutcome {
    pub met: bool,
    /// Whether the key was in the request context (with at least one value).
    pub key_present: bool,
}

/// The outcome with its reason: wanted for few of the conditions judged, so
/// it is made only when asked for ([`explain_condition`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExplainedOutcome {
    pub met: bool,
    /// Why, in plain words: the key's value(s) in the request (or that the key
    /// is absent) against the policy's values.
    pub explanation: String,
    /// Whether the key was in the request context (with at least one value).
    pub key_present: bool,
}

/// Whether the operator is a negated one (`StringNotEquals`, `NotIpAddress`, ...).
pub fn is_negated(base: BaseOperator) -> bool {
    use BaseOperator::*;
    matches!(
        base,
        StringNotEquals
            | StringNotEqualsIgnoreCase
            | StringNotLike
            | NumericNotEquals
            | DateNotEquals
            | NotIpAddress
            | ArnNotEquals
            | ArnNotLike
    )
}

/// Evaluates one condition entry against the context.
pub fn evaluate_condition(
    condition: &Condition,
    context: &RequestContext,
    version: PolicyVersion,
) -> ConditionOutcome {
    let key = condition.key.value.as_str();
    let request_values = context.get(key).filter(|values| !values.is_empty());
    let key_present = request_values.is_some();
    let Some(operator) = condition.operator else {
        return ConditionOutcome {
            met: false,
            key_present,
        };
    };
    let met = match request_values {
        _ if operator.base == BaseOperator::Null => null_met(
            key_present,
            condition.values.iter().map(|v| v.value.as_str()),
        ),
        None => missing_met(&operator),
        Some(values) => {
            let prepared: Vec<PolicyValue> = condition
                .values
                .iter()
                .map(|value| prepare(operator.base, &value.value, context, version))
                .collect();
            present_met(values, &operator, &prepared)
        }
    };
    ConditionOutcome { met, key_present }
}

/// Evaluates one condition entry and says why it is met or not.
pub fn explain_condition(
    condition: &Condition,
    context: &RequestContext,
    version: PolicyVersion,
) -> ExplainedOutcome {
    let key = condition.key.value.as_str();
    let request_values = context.get(key).filter(|values| !values.is_empty());
    let key_present = request_values.is_some();
    let Some(operator) = condition.operator else {
        return ExplainedOutcome {
            met: false,
            explanation: format!(
                "`{}` is not a condition operator IAM knows, so the condition is never met",
                condition.operator_text.value
            ),
            key_present,
        };
    };
    let policy_values: Vec<&str> = condition.values.iter().map(|v| v.value.as_str()).collect();
    let (met, explanation) = match request_values {
        _ if operator.base == BaseOperator::Null => evaluate_null(key, key_present, &policy_values),
        None => evaluate_missing(
            key,
            &operator,
            &condition.operator_text.value,
            &policy_values,
        ),
        Some(values) => evaluate_present(
            key,
            values,
            &operator,
            &condition.operator_text.value,
            &policy_values,
            context,
            version,
        ),
    };
    ExplainedOutcome {
        met,
        explanation,
        key_present,
    }
}

/// `"Null": {"k": "true"}` asks that the key be absent, `"false"` present.
fn null_met<'v>(present: bool, mut policy_values: impl Iterator<Item = &'v str>) -> bool {
    policy_values.any(|value| {
        if value.eq_ignore_ascii_case("true") {
            !present
        } else if value.eq_ignore_ascii_case("false") {
            present
        } else {
            false
        }
    })
}

/// A condition whose key is absent: `...IfExists`, `ForAllValues:` and the
/// negated operators are met, the others not.
fn missing_met(operator: &Operator) -> bool {
    if operator.if_exists {
        return true;
    }
    match operator.qualifier {
        Some(SetQualifier::ForAllValues) => true,
        Some(SetQualifier::ForAnyValue) => false,
        None => is_negated(operator.base),
    }
}

/// A condition whose key has values: compared with the prepared policy values.
fn present_met(request_values: &[String], operator: &Operator, prepared: &[PolicyValue]) -> bool {
    let base = operator.base;
    let negated = is_negated(base);
    let matches_any = |request: &str| {
        prepared.iter().any(|value| match value {
            PolicyValue::Pattern(pattern) => positive_match(base, request, pattern),
            PolicyValue::Unresolved | PolicyValue::TooLong => false,
        })
    };
    // A negated operator holds for a value that matches none of the policy's.
    let value_ok = |request: &String| matches_any(request) != negated;
    match operator.qualifier {
        Some(SetQualifier::ForAllValues) => request_values.iter().all(value_ok),
        Some(SetQualifier::ForAnyValue) => request_values.iter().any(value_ok),
        None if negated => request_values.iter().all(value_ok),
        None => request_values.iter().any(value_ok),
    }
}

/// Values quoted for an explanation, suspicious characters written as
/// `<U+XXXX>` (`crate::suspicious::visible`).
fn quoted_list(values: &[&str], joiner: &str) -> String {
    match values {
        [] => "no value".to_string(),
        [one] => format!("`{}`", visible(one)),
        _ => values
            .iter()
            .map(|v| format!("`{}`", visible(v)))
            .collect::<Vec<_>>()
            .join(joiner),
    }
}

fn request_list(values: &[String]) -> String {
    let refs: Vec<&str> = values.iter().map(String::as_str).collect();
    match refs.as_slice() {
        [one] => format!("`{}`", visible(one)),
        _ => format!("[{}]", quoted_list(&refs, ", ")),
    }
}

/// Why a derived key may be absent, in the user's terms.
fn absence_hint(key: &str) -> Option<String> {
    let lower = key.to_ascii_lowercase();
    let hint = match lower.as_str() {
        "sts:externalid" => "the call carries no external ID".to_string(),
        "aws:multifactorauthpresent" => {
            "the call carries no MFA: long-term access keys without MFA leave it out; \
            sts:AssumeRole takes `--serial-number` and `--token-code`"
                .to_string()
        }
        "aws:multifactorauthage" => "no MFA was used".to_string(),
        "sts:rolesessionname" => "no role session name was given".to_string(),
        "sts:sourceidentity" => "no source identity was passed".to_string(),
        "aws:sourceip" => "the scenario gives no source IP".to_string(),
        "aws:tagkeys" => "no session tags were passed".to_string(),
        "sts:transitivetagkeys" => "no transitive tag keys were passed".to_string(),
        "aws:username" => "only IAM users have a user name".to_string(),
        "aws:userid" => {
            "the caller's unique ID is not known; add it to `request.context`".to_string()
        }
        "aws:currenttime" | "aws:epochtime" => {
            "the evaluator never reads the clock; give the time in `request.context`".to_string()
        }
        "aws:principalorgid" | "aws:principalorgpaths" => {
            "the caller's organization is not known; add it to `request.context`".to_string()
        }
        _ => {
            if let Some(tag) = lower.strip_prefix("aws:requesttag/") {
                let tag = key.get(key.len() - tag.len()..).unwrap_or(tag);
                format!("no session tag `{tag}` was passed")
            } else if let Some(tag) = lower.strip_prefix("aws:principaltag/") {
                let tag = key.get(key.len() - tag.len()..).unwrap_or(tag);
                format!("the caller's tag `{tag}` is not known; add it to `request.context`")
            } else if lower.ends_with("externalid") {
                // A misspelt key is never set, whether or not an external ID was passed.
                "AWS never sets this key; the external ID is `sts:ExternalId`".to_string()
            } else {
                return None;
            }
        }
    };
    Some(hint)
}

fn absent_phrase(key: &str) -> String {
    match absence_hint(key) {
        Some(hint) => format!("`{key}` is not in the request ({hint})"),
        None => format!("`{key}` is not in the request"),
    }
}

fn evaluate_null(key: &str, present: bool, policy_values: &[&str]) -> (bool, String) {
    let met = null_met(present, policy_values.iter().copied());
    let state = if present {
        format!("`{key}` is in the request")
    } else {
        absent_phrase(key)
    };
    let wanted = match policy_values {
        [one] if one.eq_ignore_ascii_case("true") => "requires it to be absent".to_string(),
        [one] if one.eq_ignore_ascii_case("false") => "requires it to be present".to_string(),
        _ => format!("is {}", quoted_list(policy_values, " or ")),
    };
    (met, format!("{state}; `Null` {wanted}"))
}

fn evaluate_missing(
    key: &str,
    operator: &Operator,
    operator_text: &str,
    policy_values: &[&str],
) -> (bool, String) {
    let met = missing_met(operator);
    let absent = absent_phrase(key);
    if operator.if_exists {
        return (
            met,
            format!("{absent}, so `{operator_text}` does not apply and is met"),
        );
    }
    match operator.qualifier {
        Some(SetQualifier::ForAllValues) => {
            return (
                met,
                format!("{absent}; `ForAllValues:` is met when the key is absent"),
            )
        }
        Some(SetQualifier::ForAnyValue) => {
            return (
                met,
                format!(
                    "{absent}; `{operator_text}` needs at least one value {}",
                    requirement(operator.base, policy_values)
                ),
            )
        }
        None => {}
    }
    if met {
        (
            met,
            format!(
                "{absent}, and a negated operator (`{operator_text}`) is met when the \
                key is absent"
            ),
        )
    } else {
        (
            met,
            format!(
                "{absent}; the policy requires {}",
                requirement_phrase(operator.base, policy_values)
            ),
        )
    }
}

/// "`a` or `b`" for a plain equality, else "a value less than `5`" and so on.
fn requirement_phrase(base: BaseOperator, values: &[&str]) -> String {
    use BaseOperator::*;
    match base {
        StringEquals | ArnEquals | BinaryEquals | Bool => quoted_list(values, " or "),
        _ => format!("a value {}", requirement(base, values)),
    }
}

/// The relation the operator asks for, with the policy's values.
fn requirement(base: BaseOperator, values: &[&str]) -> String {
    use BaseOperator::*;
    let relation = match base {
        StringEquals | StringNotEquals | ArnEquals | ArnNotEquals | BinaryEquals | Bool
        | NumericEquals | NumericNotEquals => "equal to",
        StringEqualsIgnoreCase | StringNotEqualsIgnoreCase => "equal (ignoring case) to",
        StringLike | StringNotLike | ArnLike | ArnNotLike => "matching",
        NumericLessThan => "less than",
        NumericLessThanEquals => "at most",
        NumericGreaterThan => "greater than",
        NumericGreaterThanEquals => "at least",
        DateEquals | DateNotEquals => "at the time",
        DateLessThan => "before",
        DateLessThanEquals => "at or before",
        DateGreaterThan => "after",
        DateGreaterThanEquals => "at or after",
        IpAddress | NotIpAddress => "within",
        Null => "null:",
    };
    if is_negated(base) {
        match values {
            [one] => format!("not {relation} `{}`", visible(one)),
            _ => format!("{relation} none of {}", quoted_list(values, ", ")),
        }
    } else {
        format!("{relation} {}", quoted_list(values, " or "))
    }
}

/// A policy value prepared for comparison.
enum PolicyValue {
    /// After substitution (or as written when variables do not apply).
    Pattern(Pattern),
    /// A variable in it has no value: it matches nothing.
    Unresolved,
    /// Substitution would pass [`MAX_SUBSTITUTED_CHARS`]: it matches nothing
    /// (no request value is that long) and is not built.
    TooLong,
}

fn prepare(
    base: BaseOperator,
    value: &str,
    context: &RequestContext,
    version: PolicyVersion,
) -> PolicyValue {
    use BaseOperator::*;
    let variables_apply = version == PolicyVersion::V2012
        && matches!(
            base,
            StringEquals
                | StringNotEquals
                | StringEqualsIgnoreCase
                | StringNotEqualsIgnoreCase
                | StringLike
                | StringNotLike
                | ArnEquals
                | ArnNotEquals
                | ArnLike
                | ArnNotLike
                | Bool
        );
    if !variables_apply {
        return PolicyValue::Pattern(Pattern::plain(value));
    }
    match substitute_bounded(value, context) {
        Ok(pattern) => PolicyValue::Pattern(pattern),
        Err(Unsubstituted::NoValue) => PolicyValue::Unresolved,
        Err(Unsubstituted::TooLong) => PolicyValue::TooLong,
    }
}

/// Whether one request value matches one policy value under the operator's
/// positive form (`StringNotEquals` compares as `StringEquals`).
fn positive_match(base: BaseOperator, request: &str, policy: &Pattern) -> bool {
    use BaseOperator::*;
    match base {
        StringEquals | StringNotEquals => policy.text_equals(request),
        StringEqualsIgnoreCase | StringNotEqualsIgnoreCase => {
            policy.to_text().to_lowercase() == request.to_lowercase()
        }
        StringLike | StringNotLike => pattern_matches(policy, request, false),
        ArnEquals | ArnNotEquals | ArnLike | ArnNotLike => {
            pattern_matches_arn(policy, request, false)
        }
        NumericEquals | NumericNotEquals => compare_numbers(request, policy, |o| o.is_eq()),
        NumericLessThan => compare_numbers(request, policy, |o| o.is_lt()),
        NumericLessThanEquals => compare_numbers(request, policy, |o| o.is_le()),
        NumericGreaterThan => compare_numbers(request, policy, |o| o.is_gt()),
        NumericGreaterThanEquals => compare_numbers(request, policy, |o| o.is_ge()),
        DateEquals | DateNotEquals => compare_dates(request, policy, |o| o.is_eq()),
        DateLessThan => compare_dates(request, policy, |o| o.is_lt()),
        DateLessThanEquals => compare_dates(request, policy, |o| o.is_le()),
        DateGreaterThan => compare_dates(request, policy, |o| o.is_gt()),
        DateGreaterThanEquals => compare_dates(request, policy, |o| o.is_ge()),
        Bool => {
            let wanted = policy.to_text();
            let is_bool =
                |s: &str| s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false");
            is_bool(&wanted) && is_bool(request) && wanted.eq_ignore_ascii_case(request)
        }
        BinaryEquals => binary_equals(request, &policy.to_text()),
        IpAddress | NotIpAddress => ip_in(request, &policy.to_text()),
        Null => false,
    }
}

/// A number as IAM's Numeric operators read it: an integer or a decimal.
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let valid = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|&c| c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    if !valid {
        return None;
    }
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn compare_numbers(
    request: &str,
    policy: &Pattern,
    accept: impl Fn(std::cmp::Ordering) -> bool,
) -> bool {
    match (parse_number(request), parse_number(&policy.to_text())) {
        (Some(r), Some(p)) => r.partial_cmp(&p).is_some_and(accept),
        _ => false,
    }
}

fn compare_dates(
    request: &str,
    policy: &Pattern,
    accept: impl Fn(std::cmp::Ordering) -> bool,
) -> bool {
    match (
        date::parse_date(request),
        date::parse_date(&policy.to_text()),
    ) {
        (Some(r), Some(p)) => accept(r.cmp(&p)),
        _ => false,
    }
}

fn binary_equals(request: &str, policy: &str) -> bool {
    let engine = base64::engine::general_purpose::STANDARD;
    match (engine.decode(request.trim()), engine.decode(policy.trim())) {
        (Ok(r), Ok(p)) => r == p,
        _ => request == policy,
    }
}

/// A policy value for `IpAddress`: a CIDR block or a single address.
pub fn parse_ip_block(text: &str) -> Option<IpNet> {
    let text = text.trim();
    text.parse::<IpNet>()
        .ok()
        .or_else(|| text.parse::<IpAddr>().ok().map(IpNet::from))
}

fn ip_in(request: &str, policy: &str) -> bool {
    let request = request.trim();
    let address = request
        .parse::<IpAddr>()
        .ok()
        .or_else(|| request.parse::<IpNet>().ok().map(|net| net.addr()));
    match (address, parse_ip_block(policy)) {
        (Some(address), Some(block)) => block.contains(&address),
        _ => false,
    }
}

fn evaluate_present(
    key: &str,
    request_values: &[String],
    operator: &Operator,
    operator_text: &str,
    policy_values: &[&str],
    context: &RequestContext,
    version: PolicyVersion,
) -> (bool, String) {
    let base = operator.base;
    let prepared: Vec<PolicyValue> = policy_values
        .iter()
        .map(|value| prepare(base, value, context, version))
        .collect();
    let met = present_met(request_values, operator, &prepared);

    // The values as compared (after substitution), for the explanation.
    let shown: Vec<String> = prepared
        .iter()
        .zip(policy_values)
        .map(|(value, written)| match value {
            PolicyValue::Pattern(pattern) => pattern.to_text(),
            PolicyValue::Unresolved | PolicyValue::TooLong => (*written).to_string(),
        })
        .collect();
    let shown_refs: Vec<&str> = shown.iter().map(String::as_str).collect();
    let verdict = if met { "met" } else { "not met" };
    let mut explanation = format!(
        "`{key}` is {} in the request; `{operator_text}` requires {}{} ({verdict})",
        request_list(request_values),
        match operator.qualifier {
            Some(SetQualifier::ForAllValues) => "every value to be ",
            Some(SetQualifier::ForAnyValue) => "at least one value ",
            None => "",
        },
        if operator.qualifier.is_some() {
            requirement(base, &shown_refs)
        } else {
            requirement_phrase(base, &shown_refs)
        }
    );
    for hint in hints(base, request_values, policy_values, &prepared, met) {
        explanation.push_str("; ");
        explanation.push_str(&hint);
    }
    (met, explanation)
}

/// Notes on the likely mistake behind an unmet condition.
fn hints(
    base: BaseOperator,
    request_values: &[String],
    policy_values: &[&str],
    prepared: &[PolicyValue],
    met: bool,
) -> Vec<String> {
    use BaseOperator::*;
    let mut hints = Vec::new();
    for (written, value) in policy_values.iter().zip(prepared) {
        if matches!(value, PolicyValue::Unresolved) {
            hints.push(format!(
                "a policy variable in `{written}` has no value in this request, so that \
                value matches nothing"
            ));
        }
        if matches!(value, PolicyValue::TooLong) {
            hints.push(format!(
                "the policy variables in `{written}` would substitute more than \
                {MAX_SUBSTITUTED_CHARS} characters (this tool's cap; no request value \
                is that long), so that value is not compared and matches nothing"
            ));
        }
    }
    if met {
        return hints;
    }
    if matches!(base, StringEquals | StringNotEquals)
        && policy_values
            .iter()
            .any(|v| v.contains('*') || v.contains('?'))
    {
        hints.push(
            "`StringEquals` compares `*` and `?` literally; `StringLike` treats them as wildcards"
                .to_string(),
        );
    }
    if base == StringEquals {
        let case_only = prepared.iter().any(|value| match value {
            PolicyValue::Pattern(pattern) => {
                let text = pattern.to_text();
                request_values
                    .iter()
                    .any(|r| *r != text && r.to_lowercase() == text.to_lowercase())
            }
            PolicyValue::Unresolved | PolicyValue::TooLong => false,
        });
        if case_only {
            hints.push(
                "the values differ only in case, and `StringEquals` is case-sensitive".to_string(),
            );
        }
    }
    if matches!(
        base,
        NumericEquals
            | NumericNotEquals
            | NumericLessThan
            | NumericLessThanEquals
            | NumericGreaterThan
            | NumericGreaterThanEquals
    ) {
        for bad in policy_values.iter().filter(|v| parse_number(v).is_none()) {
            hints.push(format!("`{bad}` is not a number"));
        }
        for bad in request_values.iter().filter(|v| parse_number(v).is_none()) {
            hints.push(format!("the request's `{bad}` is not a number"));
        }
    }
    if matches!(
        base,
        DateEquals
            | DateNotEquals
            | DateLessThan
            | DateLessThanEquals
            | DateGreaterThan
            | DateGreaterThanEquals
    ) {
        for bad in policy_values
            .iter()
            .filter(|v| date::parse_date(v).is_none())
        {
            hints.push(format!(
                "`{bad}` is not a date (ISO 8601 such as `2026-11-22T10:00:00Z`, or epoch seconds)"
            ));
        }
        for bad in request_values
            .iter()
            .filter(|v| date::parse_date(v).is_none())
        {
            hints.push(format!("the request's `{bad}` is not a date"));
        }
    }
    if matches!(base, IpAddress | NotIpAddress) {
        for bad in policy_values.iter().filter(|v| parse_ip_block(v).is_none()) {
            hints.push(format!("`{bad}` is not an IP address or CIDR block"));
        }
    }
    if base == Bool {
        for bad in policy_values
            .iter()
            .filter(|v| !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false"))
        {
            hints.push(format!("`{bad}` is not `true` or `false`"));
        }
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Spanned, TextRange};

    fn spanned(text: &str) -> Spanned<String> {
        Spanned::new(text.to_string(), TextRange::default())
    }

    /// Parses an operator name like the policy parser does (qualifier prefix,
    /// IfExists suffix), so the tests do not depend on the parser's module.
    fn operator(text: &str) -> Operator {
        let (qualifier, rest) = if let Some(rest) = text.strip_prefix("ForAllValues:") {
            (Some(SetQualifier::ForAllValues), rest)
        } else if let Some(rest) = text.strip_prefix("ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), rest)
        } else {
            (None, text)
        };
        let (name, if_exists) = match rest.strip_suffix("IfExists") {
            Some(name) => (name, true),
            None => (rest, false),
        };
        use BaseOperator::*;
        let base = match name {
            "StringEquals" => StringEquals,
            "StringNotEquals" => StringNotEquals,
            "StringEqualsIgnoreCase" => StringEqualsIgnoreCase,
            "StringNotEqualsIgnoreCase" => StringNotEqualsIgnoreCase,
            "StringLike" => StringLike,
            "StringNotLike" => StringNotLike,
            "NumericEquals" => NumericEquals,
            "NumericNotEquals" => NumericNotEquals,
            "NumericLessThan" => NumericLessThan,
            "NumericLessThanEquals" => NumericLessThanEquals,
            "NumericGreaterThan" => NumericGreaterThan,
            "NumericGreaterThanEquals" => NumericGreaterThanEquals,
            "DateEquals" => DateEquals,
            "DateNotEquals" => DateNotEquals,
            "DateLessThan" => DateLessThan,
            "DateLessThanEquals" => DateLessThanEquals,
            "DateGreaterThan" => DateGreaterThan,
            "DateGreaterThanEquals" => DateGreaterThanEquals,
            "Bool" => Bool,
            "BinaryEquals" => BinaryEquals,
            "IpAddress" => IpAddress,
            "NotIpAddress" => NotIpAddress,
            "ArnEquals" => ArnEquals,
            "ArnNotEquals" => ArnNotEquals,
            "ArnLike" => ArnLike,
            "ArnNotLike" => ArnNotLike,
            "Null" => Null,
            other => panic!("unknown operator {other}"),
        };
        Operator {
            qualifier,
            base,
            if_exists,
        }
    }

    fn condition(op: &str, key: &str, values: &[&str]) -> Condition {
        Condition {
            operator_text: spanned(op),
            operator: Some(operator(op)),
            key: spanned(key),
            values: values.iter().map(|v| spanned(v)).collect(),
            range: TextRange::default(),
        }
    }

    fn ctx(pairs: &[(&str, &[&str])]) -> RequestContext {
        let mut context = RequestContext::new();
        for (key, values) in pairs {
            context.insert(key, values.iter().map(|v| v.to_string()).collect());
        }
        context
    }

    fn eval_v(
        op: &str,
        key: &str,
        values: &[&str],
        context: &RequestContext,
        v: PolicyVersion,
    ) -> ExplainedOutcome {
        let condition = condition(op, key, values);
        let explained = explain_condition(&condition, context, v);
        // The fast path and the explained one must always agree.
        let fast = evaluate_condition(&condition, context, v);
        assert_eq!(
            (fast.met, fast.key_present),
            (explained.met, explained.key_present),
            "{op} {key} {values:?}"
        );
        explained
    }

    fn met(op: &str, key: &str, values: &[&str], context: &RequestContext) -> bool {
        eval_v(op, key, values, context, PolicyVersion::V2012).met
    }

    const ALL_OPERATORS: [&str; 26] = [
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
        "NumericEquals",
        "NumericNotEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateLessThanEquals",
        "DateGreaterThan",
        "DateGreaterThanEquals",
        "Bool",
        "BinaryEquals",
        "IpAddress",
        "NotIpAddress",
        "ArnEquals",
        "ArnNotEquals",
        "ArnLike",
        "ArnNotLike",
    ];

    // Condition operators page: a missing key makes positive operators false,
    // negated ones true; IfExists is true; ForAllValues true, ForAnyValue false.
    #[test]
    fn missing_key_rules_for_every_operator() {
        let empty = RequestContext::new();
        for op in ALL_OPERATORS {
            let negated = is_negated(operator(op).base);
            assert_eq!(met(op, "k", &["1"], &empty), negated, "{op}");
            assert!(
                met(&format!("{op}IfExists"), "k", &["1"], &empty),
                "{op}IfExists"
            );
            assert!(
                met(&format!("ForAllValues:{op}"), "k", &["1"], &empty),
                "ForAllValues:{op}"
            );
            assert!(
                !met(&format!("ForAnyValue:{op}"), "k", &["1"], &empty),
                "ForAnyValue:{op}"
            );
            assert!(met(
                &format!("ForAnyValue:{op}IfExists"),
                "k",
                &["1"],
                &empty
            ));
        }
    }

    #[test]
    fn missing_external_id_explanation() {
        let outcome = eval_v(
            "StringEquals",
            "sts:ExternalId",
            &["MyExternalIdValue123"],
            &RequestContext::new(),
            PolicyVersion::V2012,
        );
        assert!(!outcome.met);
        assert!(!outcome.key_present);
        assert_eq!(
            outcome.explanation,
            "`sts:ExternalId` is not in the request (the call carries no external ID); the policy requires `MyExternalIdValue123`"
        );
    }

    #[test]
    fn keys_compare_case_insensitively() {
        let c = ctx(&[("sts:ExternalId", &["abc"])]);
        assert!(met("StringEquals", "STS:externalid", &["abc"], &c));
    }

    #[test]
    fn string_operators() {
        let c = ctx(&[("k", &["Deploy-Role"])]);
        assert!(met("StringEquals", "k", &["Deploy-Role"], &c));
        assert!(!met("StringEquals", "k", &["deploy-role"], &c));
        assert!(
            met("StringEquals", "k", &["x", "Deploy-Role"], &c),
            "values OR"
        );
        assert!(!met("StringEquals", "k", &["Deploy-*"], &c), "no wildcards");
        assert!(met("StringEqualsIgnoreCase", "k", &["DEPLOY-ROLE"], &c));
        assert!(met("StringNotEqualsIgnoreCase", "k", &["other"], &c));
        assert!(!met("StringNotEqualsIgnoreCase", "k", &["deploy-role"], &c));
        assert!(met("StringLike", "k", &["Deploy-*"], &c));
        assert!(met("StringLike", "k", &["D?ploy-Role"], &c));
        assert!(!met("StringLike", "k", &["deploy-*"], &c), "case-sensitive");
        assert!(met("StringNotLike", "k", &["Other*"], &c));
        assert!(!met("StringNotLike", "k", &["Other*", "Deploy*"], &c));
    }

    // Multi-value conditions page: a negated operator with several values is a NOR.
    #[test]
    fn negated_operator_with_several_values_must_match_none() {
        let c = ctx(&[("k", &["b"])]);
        assert!(met("StringNotEquals", "k", &["a", "c"], &c));
        assert!(!met("StringNotEquals", "k", &["a", "b"], &c));
    }

    #[test]
    fn stringequals_with_wildcard_says_so() {
        let c = ctx(&[(
            "aws:PrincipalArn",
            &["arn:aws:iam::111111111111:role/DeploymentRole"],
        )]);
        let outcome = eval_v(
            "StringEquals",
            "aws:PrincipalArn",
            &["arn:aws:iam::111111111111:role/DeploymentRole*"],
            &c,
            PolicyVersion::V2012,
        );
        assert!(!outcome.met);
        assert!(
            outcome
                .explanation
                .contains("`StringLike` treats them as wildcards"),
            "{}",
            outcome.explanation
        );
        assert!(outcome
            .explanation
            .contains("is `arn:aws:iam::111111111111:role/DeploymentRole` in the request"));
    }

    /// Issue 10, item 1 (g8): a value substituting past the cap is not built
    /// and matches nothing, and the explanation says so.
    #[test]
    fn amplified_variables_match_nothing_and_say_why() {
        let long = "a".repeat(1_000_000);
        let c = ctx(&[("k", &[long.as_str()]), ("aws:PrincipalTag/team", &["b"])]);
        let bomb = "${k}".repeat(400);
        let outcome = eval_v(
            "StringLike",
            "aws:PrincipalTag/team",
            &[bomb.as_str()],
            &c,
            PolicyVersion::V2012,
        );
        assert!(!outcome.met);
        assert!(
            outcome.explanation.contains("this tool's cap"),
            "{}",
            outcome.explanation
        );
        assert!(met(
            "StringNotLike",
            "aws:PrincipalTag/team",
            &[bomb.as_str()],
            &c
        ));
    }

    #[test]
    fn policy_variables_in_values() {
        let c = ctx(&[
            ("aws:username", &["deployer"]),
            ("sts:RoleSessionName", &["deployer"]),
        ]);
        assert!(met(
            "StringEquals",
            "sts:RoleSessionName",
            &["${aws:username}"],
            &c
        ));
        assert!(met(
            "StringLike",
            "sts:RoleSessionName",
            &["${aws:username}*"],
            &c
        ));
        // 2008-10-17: literal.
        assert!(
            !eval_v(
                "StringEquals",
                "sts:RoleSessionName",
                &["${aws:username}"],
                &c,
                PolicyVersion::V2008
            )
            .met
        );
        // Unresolved: matches nothing; a negated operator is then met.
        let outcome = eval_v(
            "StringEquals",
            "sts:RoleSessionName",
            &["${aws:PrincipalTag/x}"],
            &c,
            PolicyVersion::V2012,
        );
        assert!(!outcome.met);
        assert!(outcome.explanation.contains("has no value"));
        assert!(met(
            "StringNotEquals",
            "sts:RoleSessionName",
            &["${aws:PrincipalTag/x}"],
            &c
        ));
        // Numeric values take no variables.
        let n = ctx(&[("n", &["5"]), ("m", &["5"])]);
        assert!(!met("NumericEquals", "n", &["${m}"], &n));
    }

    #[test]
    fn numeric_operators() {
        let c = ctx(&[("aws:MultiFactorAuthAge", &["120"])]);
        let k = "aws:MultiFactorAuthAge";
        assert!(met("NumericEquals", k, &["120"], &c));
        assert!(met("NumericEquals", k, &["120.0"], &c));
        assert!(met("NumericNotEquals", k, &["121"], &c));
        assert!(met("NumericLessThan", k, &["3600"], &c));
        assert!(!met("NumericLessThan", k, &["120"], &c));
        assert!(met("NumericLessThanEquals", k, &["120"], &c));
        assert!(met("NumericGreaterThan", k, &["119.5"], &c));
        assert!(met("NumericGreaterThanEquals", k, &["120"], &c));
        assert!(!met("NumericGreaterThanEquals", k, &["abc"], &c));
        assert!(
            eval_v("NumericLessThan", k, &["abc"], &c, PolicyVersion::V2012)
                .explanation
                .contains("not a number")
        );
    }

    #[test]
    fn date_operators_iso_and_epoch() {
        let c = ctx(&[
            ("aws:CurrentTime", &["2026-11-22T10:00:00Z"]),
            ("aws:EpochTime", &["1795341600"]),
        ]);
        assert!(met(
            "DateLessThan",
            "aws:CurrentTime",
            &["2026-12-31T23:59:59Z"],
            &c
        ));
        assert!(!met(
            "DateGreaterThan",
            "aws:CurrentTime",
            &["2026-12-31"],
            &c
        ));
        assert!(met("DateEquals", "aws:CurrentTime", &["1795341600"], &c));
        assert!(met(
            "DateEquals",
            "aws:EpochTime",
            &["2026-11-22T10:00:00Z"],
            &c
        ));
        assert!(met(
            "DateEquals",
            "aws:CurrentTime",
            &["2026-11-22T11:00:00+01:00"],
            &c
        ));
        assert!(met("DateNotEquals", "aws:CurrentTime", &["2026-11-22"], &c));
        assert!(met(
            "DateLessThanEquals",
            "aws:CurrentTime",
            &["2026-11-22T10:00:00.000Z"],
            &c
        ));
        assert!(met(
            "DateGreaterThanEquals",
            "aws:CurrentTime",
            &["2026-11-22T10:00Z"],
            &c
        ));
        assert!(!met("DateLessThan", "aws:CurrentTime", &["yesterday"], &c));
    }

    #[test]
    fn bool_operator() {
        let c = ctx(&[
            ("aws:MultiFactorAuthPresent", &["false"]),
            ("aws:SecureTransport", &["TRUE"]),
        ]);
        assert!(!met("Bool", "aws:MultiFactorAuthPresent", &["true"], &c));
        assert!(met("Bool", "aws:MultiFactorAuthPresent", &["false"], &c));
        assert!(met("Bool", "aws:SecureTransport", &["True"], &c));
        assert!(!met("Bool", "aws:SecureTransport", &["yes"], &c));
        // Long-term keys: absent, so Bool true fails and BoolIfExists passes.
        let empty = RequestContext::new();
        let outcome = eval_v(
            "Bool",
            "aws:MultiFactorAuthPresent",
            &["true"],
            &empty,
            PolicyVersion::V2012,
        );
        assert!(!outcome.met);
        assert!(
            outcome.explanation.contains("long-term access keys"),
            "{}",
            outcome.explanation
        );
        assert!(met(
            "BoolIfExists",
            "aws:MultiFactorAuthPresent",
            &["true"],
            &empty
        ));
    }

    #[test]
    fn binary_equals() {
        let c = ctx(&[("k", &["QmluYXJ5VmFsdWU="])]);
        assert!(met("BinaryEquals", "k", &["QmluYXJ5VmFsdWU="], &c));
        assert!(!met("BinaryEquals", "k", &["T3RoZXI="], &c));
    }

    #[test]
    fn ip_operators_v4_and_v6() {
        let c = ctx(&[("aws:SourceIp", &["203.0.113.10"])]);
        assert!(met("IpAddress", "aws:SourceIp", &["203.0.113.0/24"], &c));
        assert!(met("IpAddress", "aws:SourceIp", &["203.0.113.10"], &c));
        assert!(!met("IpAddress", "aws:SourceIp", &["198.51.100.0/24"], &c));
        assert!(met(
            "IpAddress",
            "aws:SourceIp",
            &["198.51.100.0/24", "203.0.0.0/16"],
            &c
        ));
        assert!(met(
            "NotIpAddress",
            "aws:SourceIp",
            &["198.51.100.0/24"],
            &c
        ));
        assert!(!met(
            "NotIpAddress",
            "aws:SourceIp",
            &["203.0.113.0/24"],
            &c
        ));
        assert!(!met("IpAddress", "aws:SourceIp", &["2001:db8::/32"], &c));
        let v6 = ctx(&[("aws:SourceIp", &["2001:db8:1234::1"])]);
        assert!(met("IpAddress", "aws:SourceIp", &["2001:db8::/32"], &v6));
        assert!(!met("IpAddress", "aws:SourceIp", &["2001:db9::/32"], &v6));
        assert!(!met("IpAddress", "aws:SourceIp", &["203.0.113.0/24"], &v6));
        assert!(eval_v(
            "IpAddress",
            "aws:SourceIp",
            &["bad"],
            &c,
            PolicyVersion::V2012
        )
        .explanation
        .contains("not an IP address"));
    }

    #[test]
    fn arn_operators_part_by_part() {
        let c = ctx(&[(
            "aws:PrincipalArn",
            &["arn:aws:iam::111111111111:role/DeploymentRole"],
        )]);
        let k = "aws:PrincipalArn";
        assert!(met(
            "ArnEquals",
            k,
            &["arn:aws:iam::111111111111:role/DeploymentRole"],
            &c
        ));
        assert!(met(
            "ArnLike",
            k,
            &["arn:aws:iam::111111111111:role/Deployment*"],
            &c
        ));
        assert!(met(
            "ArnEquals",
            k,
            &["arn:aws:iam::*:role/Deployment*"],
            &c
        ));
        assert!(!met(
            "ArnLike",
            k,
            &["arn:aws:iam::222222222222:role/*"],
            &c
        ));
        assert!(met(
            "ArnNotLike",
            k,
            &["arn:aws:iam::222222222222:role/*"],
            &c
        ));
        assert!(met(
            "ArnNotEquals",
            k,
            &["arn:aws:iam::111111111111:role/Other"],
            &c
        ));
        assert!(!met(
            "ArnLike",
            k,
            &["arn:aws:iam::111111111111:role/deploymentrole"],
            &c
        ));
        // A star stays within its part.
        assert!(!met("ArnLike", k, &["arn:aws:*:role/DeploymentRole"], &c));
    }

    #[test]
    fn null_operator() {
        let c = ctx(&[("aws:TokenIssueTime", &["2026-11-22T10:00:00Z"])]);
        assert!(met("Null", "aws:TokenIssueTime", &["false"], &c));
        assert!(!met("Null", "aws:TokenIssueTime", &["true"], &c));
        assert!(met("Null", "sts:ExternalId", &["true"], &c));
        assert!(!met("Null", "sts:ExternalId", &["false"], &c));
        assert!(met("Null", "sts:ExternalId", &["TRUE"], &c));
        let outcome = eval_v(
            "Null",
            "sts:ExternalId",
            &["false"],
            &c,
            PolicyVersion::V2012,
        );
        assert!(
            outcome.explanation.contains("requires it to be present"),
            "{}",
            outcome.explanation
        );
    }

    // Set operators page.
    #[test]
    fn for_all_values_and_for_any_value() {
        let c = ctx(&[("aws:TagKeys", &["project", "team"])]);
        let k = "aws:TagKeys";
        assert!(met(
            "ForAllValues:StringEquals",
            k,
            &["project", "team", "cost"],
            &c
        ));
        assert!(!met("ForAllValues:StringEquals", k, &["project"], &c));
        assert!(met("ForAnyValue:StringEquals", k, &["project"], &c));
        assert!(!met("ForAnyValue:StringEquals", k, &["cost"], &c));
        assert!(met("ForAllValues:StringLike", k, &["*"], &c));
        // Negated with sets: ForAllValues: every value matches none; ForAnyValue: some value does.
        assert!(!met("ForAllValues:StringNotEquals", k, &["project"], &c));
        assert!(met("ForAllValues:StringNotEquals", k, &["cost"], &c));
        assert!(met("ForAnyValue:StringNotEquals", k, &["project"], &c));
        assert!(!met(
            "ForAnyValue:StringNotEquals",
            k,
            &["project", "team"],
            &c
        ));
        // Without a qualifier on a multivalued key: any value for positive, none for negated.
        assert!(met("StringEquals", k, &["team"], &c));
        assert!(!met("StringNotEquals", k, &["team"], &c));
        // Empty set counts as absent.
        let empty = ctx(&[("aws:TagKeys", &[])]);
        assert!(met("ForAllValues:StringEquals", k, &["x"], &empty));
        assert!(!met("ForAnyValue:StringEquals", k, &["x"], &empty));
    }

    #[test]
    fn if_exists_applies_when_present() {
        let c = ctx(&[("sts:ExternalId", &["wrong"])]);
        assert!(!met(
            "StringEqualsIfExists",
            "sts:ExternalId",
            &["right"],
            &c
        ));
        assert!(met(
            "StringEqualsIfExists",
            "sts:ExternalId",
            &["wrong"],
            &c
        ));
    }

    #[test]
    fn unknown_operator_is_never_met() {
        let mut cond = condition("StringEquals", "k", &["v"]);
        cond.operator = None;
        cond.operator_text = spanned("StringEqual");
        let outcome = explain_condition(&cond, &ctx(&[("k", &["v"])]), PolicyVersion::V2012);
        assert!(!outcome.met);
        assert!(outcome.explanation.contains("`StringEqual`"));
    }

    #[test]
    fn explanations_name_key_values_and_verdict() {
        let c = ctx(&[("sts:ExternalId", &["abc"])]);
        let outcome = eval_v(
            "StringEquals",
            "sts:ExternalId",
            &["MyExternalIdValue123"],
            &c,
            PolicyVersion::V2012,
        );
        assert_eq!(
            outcome.explanation,
            "`sts:ExternalId` is `abc` in the request; `StringEquals` requires `MyExternalIdValue123` (not met)"
        );
        let negated = eval_v(
            "StringNotEquals",
            "sts:ExternalId",
            &["a", "abc"],
            &c,
            PolicyVersion::V2012,
        );
        assert!(
            negated.explanation.contains("equal to none of `a`, `abc`"),
            "{}",
            negated.explanation
        );
        let case = eval_v(
            "StringEquals",
            "sts:ExternalId",
            &["ABC"],
            &c,
            PolicyVersion::V2012,
        );
        assert!(case.explanation.contains("differ only in case"));
    }
}
