//! Whether a statement applies to the request, and edits that change
//! statements: shared by the trust, identity, boundary, SCP and RCP checks.

use serde_json::{json, Value};

use super::documents::Document;
use super::finding::Change;
use crate::arn::Caller;
use crate::condition::{evaluate_condition, explain_condition, ConditionOutcome};
use crate::context::RequestContext;
use crate::policy::{Condition, Effect, NameList, Policy, PolicyVersion, Statement};
use crate::principal::block_applies;
use crate::text::TextRange;
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

/// "statement 2 (`AllowCI`)" — how the report names a statement.
pub(crate) fn describe_statement(statement: &Statement) -> String {
    match &statement.sid {
        Some(sid) if !sid.value.is_empty() => {
            format!("statement {} (`{}`)", statement.index, sid.value)
        }
        _ => format!("statement {}", statement.index),
    }
}

/// The range of a JSON string's contents, without its quotes.
pub(crate) fn unquoted(range: TextRange, text: &str) -> TextRange {
    let slice = range.slice(text);
    if slice.len() >= 2 && slice.starts_with('"') && slice.ends_with('"') {
        TextRange::new(range.start + 1, range.end - 1)
    } else {
        range
    }
}

/// A JSON value on one line, with a space after `:` and `,`.
pub(crate) fn inline_json(value: &Value) -> String {
    match value {
        Value::Array(items) => {
            format!(
                "[{}]",
                items.iter().map(inline_json).collect::<Vec<_>>().join(", ")
            )
        }
        Value::Object(members) => format!(
            "{{{}}}",
            members
                .iter()
                .map(|(key, value)| format!(
                    "{}: {}",
                    Value::String(key.clone()),
                    inline_json(value)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// One string, or an array when there are several.
pub(crate) fn one_or_many(values: &[String]) -> Value {
    match values {
        [one] => Value::String(one.clone()),
        many => Value::Array(many.iter().cloned().map(Value::String).collect()),
    }
}

/// Replaces a whole `"Action": ...` (or `NotAction`) member so that it names
/// `action` too.
pub(crate) fn add_action(document: &Document, list: &NameList, action: &str) -> Change {
    let replacement = if list.negated {
        // A NotAction that excludes the action: name the action instead.
        format!("\"Action\": {}", inline_json(&json!(action)))
    } else {
        let mut values: Vec<String> = list.values.iter().map(|v| v.value.clone()).collect();
        values.push(action.to_string());
        format!("\"Action\": {}", inline_json(&one_or_many(&values)))
    };
    Change::Text {
        document: document.id,
        range: list.range,
        replacement,
    }
}

/// The document with one more statement, pretty-printed (2-space indent).
/// `None` when the text is not a JSON object (then the syntax check fails).
pub(crate) fn add_statement(document: &Document, statement: Value) -> Option<Change> {
    let mut policy: Value = serde_json::from_str(&document.text).ok()?;
    let object = policy.as_object_mut()?;
    let statements = match object.remove("Statement") {
        Some(Value::Array(items)) => items,
        Some(single @ Value::Object(_)) => vec![single],
        _ => Vec::new(),
    };
    let mut statements = statements;
    statements.push(statement);
    object.insert("Statement".to_string(), Value::Array(statements));
    if !object.contains_key("Version") {
        object.insert("Version".to_string(), json!("2012-10-17"));
    }
    Some(Change::Document {
        document: document.id,
        replacement: serde_json::to_string_pretty(&policy).ok()?,
    })
}

/// A new policy document holding one statement.
pub(crate) fn new_policy(statement: Value) -> String {
    serde_json::to_string_pretty(&json!({ "Version": "2012-10-17", "Statement": [statement] }))
        .unwrap_or_default()
}

/// Removes one statement of several from the Statement array, with its comma.
pub(crate) fn remove_statement(
    document: &Document,
    policy: &Policy,
    index: usize,
) -> Option<Change> {
    let statements = &policy.statements;
    if statements.len() < 2 {
        return None;
    }
    let position = statements.iter().position(|s| s.index == index)?;
    let this = statements.get(position)?;
    let range = if position == 0 {
        TextRange::new(this.range.start, statements.get(1)?.range.start)
    } else {
        TextRange::new(statements.get(position - 1)?.range.end, this.range.end)
    };
    Some(Change::Text {
        document: document.id,
        range,
        replacement: String::new(),
    })
}

/// Removes one condition from a statement: the `Condition` member is written
/// again without it, or removed with its comma when it was the only one.
pub(crate) fn remove_condition(
    document: &Document,
    statement: &Statement,
    condition: &Condition,
) -> Option<Change> {
    let range = statement.condition_range?;
    let text = &document.text;
    let remaining: Vec<&Condition> = statement
        .conditions
        .iter()
        .filter(|other| other.range != condition.range)
        .collect();
    if remaining.is_empty() {
        let before = text.get(..range.start)?.trim_end();
        let range = match before.strip_suffix(',') {
            Some(kept) => TextRange::new(kept.len(), range.end),
            None => {
                // The first member: take the comma after it instead.
                let after = text.get(range.end..)?;
                let comma = after.len() - after.trim_start().len();
                after.get(comma..)?.strip_prefix(',')?;
                let next = after.get(comma + 1..)?;
                let gap = next.len() - next.trim_start().len();
                TextRange::new(range.start, range.end + comma + 1 + gap)
            }
        };
        return Some(Change::Text {
            document: document.id,
            range,
            replacement: String::new(),
        });
    }
    let mut blocks = serde_json::Map::new();
    for kept in remaining {
        let values: Vec<&str> = kept.values.iter().map(|v| v.value.as_str()).collect();
        let value = match values.as_slice() {
            [one] => json!(one),
            many => json!(many),
        };
        if let Value::Object(block) = blocks
            .entry(kept.operator_text.value.clone())
            .or_insert_with(|| json!({}))
        {
            block.insert(kept.key.value.clone(), value);
        }
    }
    Some(Change::Text {
        document: document.id,
        range,
        replacement: format!("\"Condition\": {}", inline_json(&Value::Object(blocks))),
    })
}

/// Adds `"ArnNotEquals": {"aws:PrincipalArn": arn}` to a statement's
/// conditions, so that a Deny no longer applies to that principal.
/// `None` when the statement already uses ArnNotEquals (merging would need a
/// rewrite of that block).
pub(crate) fn exempt_principal(
    document: &Document,
    statement: &Statement,
    arn: &str,
) -> Option<Change> {
    let exemption = json!({ "aws:PrincipalArn": arn });
    let text = &document.text;
    match statement.condition_range {
        Some(range) => {
            if statement
                .conditions
                .iter()
                .any(|c| c.operator_text.value == "ArnNotEquals")
            {
                return None;
            }
            // Just inside the Condition object's opening brace.
            let member = range.slice(text);
            let colon = member.find(':')?;
            let brace = member.get(colon..)?.find('{')? + colon;
            let at = range.start + brace + 1;
            Some(Change::Text {
                document: document.id,
                range: TextRange::empty(at),
                replacement: format!(" \"ArnNotEquals\": {},", inline_json(&exemption)),
            })
        }
        None => {
            // Just after the statement's last member.
            let body = statement.range.slice(text);
            let close = body.rfind('}')?;
            let last = body.get(..close)?.trim_end().len();
            let at = statement.range.start + last;
            Some(Change::Text {
                document: document.id,
                range: TextRange::empty(at),
                replacement: format!(
                    ", \"Condition\": {}",
                    inline_json(&json!({ "ArnNotEquals": exemption }))
                ),
            })
        }
    }
}
