//! ## What it catches
//! Addresses or ranges under a String operator (`StringEquals` on
//! `aws:SourceIp` with `203.0.113.0/24`).
//!
//! ## Why AWS denies
//! A String operator compares text, so a range never equals an address:
//! "IP address condition operators let you construct Condition elements that
//! restrict access based on comparing a key to an IPv4 or IPv6 address or
//! range of IP addresses."
//!
//! ## Example
//! `"StringEquals": {"aws:SourceIp": "203.0.113.0/24"}` → `"IpAddress"`.
//!
//! ## AWS rule
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress>

use super::{use_operator, ConditionDiagnosis, Diagnosis, FailedCondition};
use crate::policy::{BaseOperator, Operator};

pub(crate) struct AddressUnderStringOperator;

impl ConditionDiagnosis for AddressUnderStringOperator {
    fn name(&self) -> &'static str {
        "address_under_string_operator"
    }

    fn diagnose(&self, failed: &FailedCondition<'_>) -> Option<Diagnosis> {
        let condition = failed.condition;
        let operator = condition.operator?;
        let base = match operator.base {
            BaseOperator::StringEquals | BaseOperator::StringLike => BaseOperator::IpAddress,
            BaseOperator::StringNotEquals | BaseOperator::StringNotLike => {
                BaseOperator::NotIpAddress
            }
            _ => return None,
        };
        let addresses = !condition.values.is_empty()
            && condition.values.iter().all(|v| {
                let value = v.value.trim();
                value.parse::<std::net::IpAddr>().is_ok() || value.parse::<ipnet::IpNet>().is_ok()
            });
        // Renaming the operator renames it for every key of its block.
        let alone_in_block = failed
            .document
            .usable()?
            .statements
            .iter()
            .flat_map(|statement| &statement.conditions)
            .filter(|c| c.operator_text.range == condition.operator_text.range)
            .count()
            == 1;
        if !addresses || !alone_in_block || operator.qualifier.is_some() {
            return None;
        }
        let mut fixed = condition.clone();
        fixed.operator = Some(Operator { base, ..operator });
        if !failed.met_by(&fixed) {
            return None;
        }
        let written = condition.operator_text.value.as_str();
        let replacement = format!(
            "{}{}",
            if base == BaseOperator::IpAddress {
                "IpAddress"
            } else {
                "NotIpAddress"
            },
            if operator.if_exists { "IfExists" } else { "" }
        );
        Some(Diagnosis::fix(
            Some(format!(
                "`{written}` compares the address as text, so a range such \
                    as `{}` never matches an address; `{replacement}` compares \
                    addresses with ranges.",
                condition
                    .values
                    .first()
                    .map(|v| v.value.as_str())
                    .unwrap_or_default()
            )),
            use_operator(failed.document, condition, &replacement, ""),
        ))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{diagnose_condition, trust_with, user_request};
    use super::*;

    #[test]
    fn a_range_under_string_equals_becomes_ip_address() {
        let found = diagnose_condition(
            trust_with(json!({ "StringEquals": { "aws:SourceIp": "203.0.113.0/24" } })),
            user_request(json!({ "source_ip": "203.0.113.7" })),
            "aws:SourceIp",
            |failed| AddressUnderStringOperator.diagnose(failed),
        )
        .unwrap();
        assert_eq!(found.fixes.first().unwrap().title, "Use `IpAddress`");
    }

    #[test]
    fn an_address_outside_the_range_is_not_this_mistake() {
        let found = diagnose_condition(
            trust_with(json!({ "StringEquals": { "aws:SourceIp": "203.0.113.0/24" } })),
            user_request(json!({ "source_ip": "198.51.100.7" })),
            "aws:SourceIp",
            |failed| AddressUnderStringOperator.diagnose(failed),
        );
        assert!(found.is_none());
    }
}
