//! `trust.external_id`, `trust.mfa` and `trust.conditions`: the conditions
//! of the statements that name the caller and allow the call, each judged in
//! the category its key belongs to.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html>

use serde_json::json;

use super::super::call::Request;
use super::super::category::Category;
use super::super::condition_fixes::{combine, meet};
use super::super::diagnose::{self, FailedCondition, GrantingStatement};
use super::super::documents::Document;
use super::super::outcome::{CheckOutcome, CheckOutcomes, FixDraft};
use super::super::statement::{condition_location, ConditionResult, Judged};
use super::super::wording::{capitalize, describe_statement};
use crate::policy::{BaseOperator, Statement};
use crate::report::RequestField;

/// A statement meets every condition: each category passes, or warns.
pub(super) fn judge_granting(
    request: &Request<'_>,
    document: &Document,
    granting: &Judged<'_>,
    outcomes: &mut CheckOutcomes,
) {
    for category in Category::ALL {
        outcomes.set(
            category.check(),
            pass(
                request.judging(category.check()),
                document,
                granting,
                category,
            ),
        );
    }
}

/// No statement meets all its conditions: they are judged on the one that
/// fails the fewest categories (ties: the earliest).
pub(super) fn judge_failing(
    request: &Request<'_>,
    document: &Document,
    by_action: &[&Judged<'_>],
    outcomes: &mut CheckOutcomes,
) {
    let failing_categories = |judged: &Judged<'_>| -> Vec<Category> {
        Category::ALL
            .into_iter()
            .filter(|category| {
                judged
                    .failed_conditions()
                    .any(|c| Category::of(c.condition) == *category)
            })
            .collect()
    };
    let Some(best) = by_action
        .iter()
        .copied()
        .min_by_key(|judged| failing_categories(judged).len())
    else {
        return;
    };
    let failing = failing_categories(best);
    for category in Category::ALL {
        let request = request.judging(category.check());
        let outcome = if failing.contains(&category) {
            failure(request, document, best, category)
        } else {
            pass(request, document, best, category)
        };
        outcomes.set(category.check(), outcome);
    }
}

fn in_category<'a, 'b>(
    judged: &'b Judged<'a>,
    category: Category,
) -> impl Iterator<Item = &'b ConditionResult<'a>> {
    judged
        .conditions
        .iter()
        .filter(move |c| Category::of(c.condition) == category)
}

fn pass(
    request: &Request<'_>,
    document: &Document,
    judged: &Judged<'_>,
    category: Category,
) -> CheckOutcome {
    // A warning or a skip at most: never a failure.
    if !request.explains() {
        return CheckOutcome::decided(false);
    }
    let statement = judged.statement;
    let granting = GrantingStatement {
        request,
        document,
        statement,
        category,
    };
    if let Some(warning) = diagnose::warn(&granting) {
        return warning;
    }
    let present: Vec<&ConditionResult<'_>> = in_category(judged, category).collect();
    if present.is_empty() {
        // Nothing of this kind to meet: the check does not apply, which a
        // "pass" would overstate.
        return CheckOutcome::skip(format!(
            "{} has no {}.",
            capitalize(describe_statement(statement)),
            category.noun()
        ))
        .doc(category.doc());
    }
    let detail = format!(
        "{} is met: {}.",
        present
            .iter()
            .map(|c| format!("`{}`", c.condition.key.value))
            .collect::<Vec<_>>()
            .join(", "),
        present
            .iter()
            .map(|c| c.explanation())
            .collect::<Vec<_>>()
            .join("; ")
    );
    CheckOutcome::pass(detail).doc(category.doc())
}

fn failure(
    request: &Request<'_>,
    document: &Document,
    judged: &Judged<'_>,
    category: Category,
) -> CheckOutcome {
    if !request.explains() {
        return CheckOutcome::decided(true);
    }
    let failed: Vec<&ConditionResult<'_>> = in_category(judged, category)
        .filter(|c| !c.outcome.met)
        .collect();
    let plural = failed.len() > 1;
    let mut detail = format!(
        "{} names the caller and allows {}, but its {} {} not met: {}.",
        capitalize(describe_statement(judged.statement)),
        request.action.name(),
        if plural { "conditions" } else { "condition" },
        if plural { "are" } else { "is" },
        failed
            .iter()
            .map(|c| c.phrase())
            .collect::<Vec<_>>()
            .join("; ")
    );
    let mut per_condition = Vec::new();
    let mut names = Vec::new();
    // Values are chosen for the statement as its fixes leave it: with its
    // misspelt keys renamed.
    let spelt_right = diagnose::with_keys_spelt_right(judged.statement);
    for result in &failed {
        let failed_condition = FailedCondition {
            request,
            document,
            statement: judged.statement,
            condition: result.condition,
            category,
        };
        let found = diagnose::diagnose(&failed_condition);
        names.extend(found.names);
        if let Some(hint) = found.hint {
            detail.push(' ');
            detail.push_str(&hint);
        }
        let fixes = match (found.fixes.is_empty(), &found.still_unmet) {
            (true, _) => generic_fixes(&failed_condition, &spelt_right, &mut detail),
            (false, None) => found.fixes,
            (false, Some(left)) => combine(vec![
                found.fixes,
                meet(request, document, &spelt_right, left),
            ]),
        };
        per_condition.push(fixes);
    }
    CheckOutcome::fail(detail)
        .at_all(
            failed
                .iter()
                .map(|c| condition_location(document, c.condition)),
        )
        .with_remedies(combine(per_condition))
        .diagnosed_by(names)
        .doc(category.doc())
}

/// What the request or the policy must change when no diagnosis applies;
/// an external ID the policy names literally is simply passed. `statement`
/// is the failed one as the other fixes leave it.
fn generic_fixes(
    failed: &FailedCondition<'_>,
    statement: &Statement,
    detail: &mut String,
) -> Vec<FixDraft> {
    if failed.category == Category::ExternalId {
        if let Some(fix) = pass_external_id(failed, detail) {
            return vec![fix];
        }
    }
    meet(failed.request, failed.document, statement, failed.condition)
}

/// "Pass the external ID `x`", with why the passed one differs.
fn pass_external_id(failed: &FailedCondition<'_>, detail: &mut String) -> Option<FixDraft> {
    let condition = failed.condition;
    let positive = condition.operator.is_some_and(|op| {
        matches!(
            op.base,
            BaseOperator::StringEquals
                | BaseOperator::StringEqualsIgnoreCase
                | BaseOperator::StringLike
        )
    });
    let value = condition
        .values
        .iter()
        .map(|v| v.value.as_str())
        .find(|v| !v.contains(['*', '?']) && !v.contains("${"))
        .filter(|_| positive)
        .filter(|v| diagnose::is_valid_external_id(v))?;
    let hint = match &failed.request.scenario.request.external_id {
        // The condition's explanation already says none was passed.
        None => None,
        Some(passed) if passed != value && passed.trim() == value => Some(format!(
            "The external ID passed has white space around `{value}`."
        )),
        Some(passed) if passed.eq_ignore_ascii_case(value) => Some(
            "The external ID passed differs only in case; StringEquals is case-sensitive."
                .to_string(),
        ),
        Some(_) => Some("The external ID passed is a different value.".to_string()),
    };
    if let Some(hint) = hint {
        detail.push(' ');
        detail.push_str(&hint);
    }
    Some(FixDraft::set_request(
        format!("Pass the external ID `{value}`"),
        RequestField::ExternalId,
        json!(value),
    ))
}
