//! Whether a statement applies to the request: shared by the trust,
//! identity, boundary, SCP and RCP checks.

use super::documents::Document;
use super::edits::unquoted;
use super::outcome::Span;
use crate::arn::Caller;
use crate::condition::{evaluate_condition, explain_condition, ConditionOutcome};
use crate::context::RequestContext;
use crate::policy::{Condition, Effect, NameList, Policy, PolicyVersion, Statement};
use crate::principal::block_applies;
use crate::wildcard::{action_matches, resource_matches};

/// What a statement is asked about.
pub(crate) struct Target<'a> {
    pub action: &'a str,
    /// The role ARN; `None` for trust policies (they have no Resource).
    pub resource: Option<&'a str>,
    pub caller: &'a Caller,
    pub context: &'a RequestContext,
}

pub(crate) struct ConditionResult<'a> {
    pub condition: &'a Condition,
    pub outcome: ConditionOutcome,
    context: &'a RequestContext,
    version: PolicyVersion,
}

impl ConditionResult<'_> {
    /// Why the condition is met or not, in plain words (made on demand:
    /// most judged conditions are never described).
    pub(crate) fn explanation(&self) -> String {
        explain_condition(self.condition, self.context, self.version).explanation
    }

    /// The condition in a check's detail: its explanation, which names
    /// the key, with the operator.
    pub(crate) fn phrase(&self) -> String {
        condition_phrase(
            &self.condition.operator_text.value,
            &self.condition.key.value,
            &self.explanation(),
        )
    }
}

/// A condition in a check's detail. An explanation that opens with the
/// key says it once ("`aws:MultiFactorAuthPresent` is not in the request
/// …; the policy requires `true` (`Bool`)"), with the operator after it
/// unless it already names it; any other gets `Operator `key`: ` before it.
fn condition_phrase(operator: &str, key: &str, explanation: &str) -> String {
    let names_key_first = explanation
        .strip_prefix('`')
        .and_then(|rest| rest.strip_prefix(key))
        .is_some_and(|rest| rest.starts_with("` "));
    if !names_key_first {
        return format!("{operator} `{key}`: {explanation}");
    }
    if explanation.contains(&format!("`{operator}`")) {
        explanation.to_string()
    } else {
        format!("{explanation} (`{operator}`)")
    }
}

/// A statement judged against a target.
pub(crate) struct Judged<'a> {
    pub statement: &'a Statement,
    pub principal: bool,
    pub action: bool,
    pub resource: bool,
    pub conditions: Vec<ConditionResult<'a>>,
}

impl Judged<'_> {
    pub(crate) fn conditions_met(&self) -> bool {
        self.conditions.iter().all(|c| c.outcome.met)
    }

    pub(crate) fn applies(&self) -> bool {
        self.principal && self.action && self.resource && self.conditions_met()
    }

    pub(crate) fn failed_conditions(&self) -> impl Iterator<Item = &ConditionResult<'_>> {
        self.conditions.iter().filter(|c| !c.outcome.met)
    }
}

fn judge<'a>(statement: &'a Statement, version: PolicyVersion, target: &Target<'a>) -> Judged<'a> {
    Judged {
        statement,
        principal: statement
            .principal
            .as_ref()
            .is_none_or(|block| block_applies(block, target.caller)),
        action: statement.action.as_ref().is_some_and(|list| {
            list_matches(list, |pattern| action_matches(pattern, target.action))
        }),
        resource: match (statement.resource.as_ref(), target.resource) {
            (Some(list), Some(arn)) => list_matches(list, |pattern| {
                resource_matches(pattern, arn, target.context, version)
            }),
            _ => true,
        },
        conditions: statement
            .conditions
            .iter()
            .map(|condition| ConditionResult {
                condition,
                outcome: evaluate_condition(condition, target.context, version),
                context: target.context,
                version,
            })
            .collect(),
    }
}

/// `Action`/`Resource`: some entry matches; `NotAction`/`NotResource`: none does.
pub(crate) fn list_matches(list: &NameList, matches: impl Fn(&str) -> bool) -> bool {
    let any = list.values.iter().any(|value| matches(&value.value));
    any != list.negated
}

/// Every statement of `policy` with `effect`, judged.
pub(crate) fn judge_all<'a>(
    policy: &'a Policy,
    effect: Effect,
    target: &Target<'a>,
) -> Vec<Judged<'a>> {
    policy
        .statements
        .iter()
        .filter(|statement| statement.effect.value == effect)
        .map(|statement| judge(statement, policy.version, target))
        .collect()
}

/// Where a condition's key is written, inside its quotes.
pub(crate) fn condition_location(document: &Document, condition: &Condition) -> Span {
    Span::text(document.id, unquoted(condition.key.range, &document.text))
}

/// Where a condition's operator is written, inside its quotes.
pub(crate) fn operator_location(document: &Document, condition: &Condition) -> Span {
    Span::text(
        document.id,
        unquoted(condition.operator_text.range, &document.text),
    )
}

#[cfg(test)]
mod tests {
    use super::condition_phrase;

    #[test]
    fn a_condition_names_its_key_once_and_its_operator() {
        assert_eq!(
            condition_phrase(
                "Bool",
                "aws:MultiFactorAuthPresent",
                "`aws:MultiFactorAuthPresent` is not in the request; the policy requires `true`"
            ),
            "`aws:MultiFactorAuthPresent` is not in the request; the policy requires `true` (`Bool`)"
        );
        assert_eq!(
            condition_phrase(
                "StringEquals",
                "sts:ExternalId",
                "`sts:ExternalId` is `abc` in the request; `StringEquals` requires `x` (not met)"
            ),
            "`sts:ExternalId` is `abc` in the request; `StringEquals` requires `x` (not met)"
        );
        // A longer key that starts with this one is another key.
        assert_eq!(
            condition_phrase("Bool", "aws:Mfa", "`aws:MfaAge` is old"),
            "Bool `aws:Mfa`: `aws:MfaAge` is old"
        );
        assert_eq!(
            condition_phrase("Null", "aws:TokenIssueTime", "no value is set"),
            "Null `aws:TokenIssueTime`: no value is set"
        );
    }
}
