//! ## What it catches
//! A Date condition on the request time (`aws:CurrentTime`,
//! `aws:EpochTime`) whose window the request falls outside: an access
//! window that expired or has not opened.
//!
//! ## Why AWS denies
//! The Date operators compare the time of the request with the policy's
//! date; no caller can change the time, so only the policy can move.
//!
//! ## Example
//! `"DateLessThan": {"aws:CurrentTime": "2025-01-01T00:00:00Z"}` on a
//! request in 2026 → the date moved 30 days past the request time.
//!
//! ## AWS rule
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date>

use super::super::call::Request;
use super::super::documents::Document;
use super::super::edits::replace_value;
use super::super::outcome::FixDraft;
use super::{ConditionDiagnosis, Diagnosis, FailedCondition};
use crate::condition::evaluate_condition;
use crate::date::{format_iso8601, parse_date};
use crate::policy::Condition;

pub(crate) struct DateWindowExcludesRequest;

impl ConditionDiagnosis for DateWindowExcludesRequest {
    fn name(&self) -> &'static str {
        "date_window_excludes_request"
    }

    fn diagnose(&self, failed: &FailedCondition<'_>) -> Option<Diagnosis> {
        moved_date(failed.request, failed.document, failed.condition)
            .map(|fix| Diagnosis::fix(None, fix))
    }
}

/// The policy's date moved so that the request time meets the condition,
/// written as the original was (ISO 8601 or epoch seconds). It widens the
/// window for everyone the statement names, so it is unsafe.
pub(crate) fn moved_date(
    request: &Request<'_>,
    document: &Document,
    condition: &Condition,
) -> Option<FixDraft> {
    let key = condition.key.value.as_str();
    if !(key.eq_ignore_ascii_case("aws:CurrentTime") || key.eq_ignore_ascii_case("aws:EpochTime")) {
        return None;
    }
    let now = request
        .context
        .get(key)
        .and_then(|values| values.first())
        .and_then(|value| parse_date(value))?;
    let version = document.parsed.policy.as_ref()?.version;
    const DAY: i64 = 86_400_000;
    condition
        .values
        .iter()
        .enumerate()
        .find_map(|(index, written)| {
            let epoch = written.value.trim().bytes().all(|b| b.is_ascii_digit());
            [30 * DAY, -30 * DAY, DAY, -DAY]
                .into_iter()
                .find_map(|offset| {
                    let moved = now + offset;
                    let text = if epoch {
                        moved.div_euclid(1000).to_string()
                    } else {
                        format_iso8601(moved)
                    };
                    let mut fixed = condition.clone();
                    if let Some(value) = fixed.values.get_mut(index) {
                        value.value = text.clone();
                    }
                    evaluate_condition(&fixed, &request.context, version)
                        .met
                        .then(|| {
                            FixDraft::widening(
                                format!(
                                    "Move the date in the policy to `{text}` (the caller cannot \
                        change the time)"
                                ),
                                format!(
                                    "everyone the statement admits, for the time the window now \
                        spans (to or from `{text}`)"
                                ),
                                vec![replace_value(document, written, text.clone())],
                            )
                        })
                })
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{diagnose_condition, trust_with, user_request};
    use super::*;

    #[test]
    fn an_expired_window_is_moved_past_the_request() {
        let found = diagnose_condition(
            trust_with(json!({ "DateLessThan": { "aws:CurrentTime": "2025-01-01T00:00:00Z" } })),
            user_request(json!({ "context": { "aws:CurrentTime": "2026-06-01T00:00:00Z" } })),
            "aws:CurrentTime",
            |failed| DateWindowExcludesRequest.diagnose(failed),
        )
        .unwrap();
        let fix = found.fixes.first().unwrap();
        assert_eq!(
            fix.title,
            "Move the date in the policy to `2026-07-01T00:00:00Z` (the \
            caller cannot change the time)"
        );
        assert_eq!(fix.applicability, crate::report::Applicability::Unsafe);
    }
}
