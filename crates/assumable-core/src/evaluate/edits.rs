//! Edits of policy text that fixes are made of: each keeps the document
//! valid JSON and changes one element (a value, a member, a statement).

use serde_json::{json, Value};

use super::documents::Document;
use super::outcome::EditDraft;
use crate::policy::{Condition, NameList, Policy, PrincipalBlock, PrincipalType, Statement};
use crate::text::{Spanned, TextRange};

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
pub(crate) fn add_action(document: &Document, list: &NameList, action: &str) -> EditDraft {
    let replacement = if list.negated {
        // A NotAction that excludes the action: name the action instead.
        format!("\"Action\": {}", inline_json(&json!(action)))
    } else {
        let mut values: Vec<String> = list.values.iter().map(|v| v.value.clone()).collect();
        values.push(action.to_string());
        format!("\"Action\": {}", inline_json(&one_or_many(&values)))
    };
    EditDraft::replace(document.id, list.range, replacement)
}

/// Replaces one string value (an action, a principal, a condition value)
/// inside its quotes.
pub(crate) fn replace_value(
    document: &Document,
    value: &Spanned<String>,
    replacement: impl Into<String>,
) -> EditDraft {
    EditDraft::replace(
        document.id,
        unquoted(value.range, &document.text),
        replacement,
    )
}

/// Rewrites a `"Principal": {...}` member with `value` added under `kind`.
pub(crate) fn add_principal(
    document: &Document,
    block: &PrincipalBlock,
    kind: PrincipalType,
    value: &str,
) -> EditDraft {
    let mut order: Vec<PrincipalType> = Vec::new();
    for entry in &block.entries {
        if !order.contains(&entry.kind) {
            order.push(entry.kind);
        }
    }
    if !order.contains(&kind) {
        order.push(kind);
    }
    let mut grouped = serde_json::Map::new();
    for group in order {
        let mut values: Vec<String> = block
            .entries
            .iter()
            .filter(|e| e.kind == group)
            .map(|e| e.value.value.clone())
            .collect();
        if group == kind {
            values.push(value.to_string());
        }
        grouped.insert(principal_type_key(group).to_string(), one_or_many(&values));
    }
    EditDraft::replace(
        document.id,
        block.range,
        format!("\"Principal\": {}", inline_json(&Value::Object(grouped))),
    )
}

/// The Principal element's key for a principal type.
pub(crate) fn principal_type_key(kind: PrincipalType) -> &'static str {
    match kind {
        PrincipalType::Aws => "AWS",
        PrincipalType::Service => "Service",
        PrincipalType::Federated => "Federated",
        PrincipalType::CanonicalUser => "CanonicalUser",
    }
}

/// Rewrites a condition entry (`"key": values`) with `value` accepted too.
pub(crate) fn add_condition_value(
    document: &Document,
    condition: &Condition,
    value: &str,
) -> EditDraft {
    let mut values: Vec<String> = condition.values.iter().map(|v| v.value.clone()).collect();
    values.push(value.to_string());
    EditDraft::replace(
        document.id,
        condition.range,
        format!(
            "{}: {}",
            Value::String(condition.key.value.clone()),
            inline_json(&one_or_many(&values))
        ),
    )
}

/// The document with one more statement, pretty-printed (2-space indent).
/// `None` when the text is not a JSON object (then the syntax check fails).
pub(crate) fn add_statement(document: &Document, statement: Value) -> Option<EditDraft> {
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
    Some(EditDraft::new_document(
        document.id,
        serde_json::to_string_pretty(&policy).ok()?,
    ))
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
) -> Option<EditDraft> {
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
    Some(EditDraft::replace(document.id, range, String::new()))
}

/// Removes one condition from a statement: the `Condition` member is written
/// again without it, or removed with its comma when it was the only one.
pub(crate) fn remove_condition(
    document: &Document,
    statement: &Statement,
    condition: &Condition,
) -> Option<EditDraft> {
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
        return Some(EditDraft::replace(document.id, range, String::new()));
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
    Some(EditDraft::replace(
        document.id,
        range,
        format!("\"Condition\": {}", inline_json(&Value::Object(blocks))),
    ))
}

/// Adds `"ArnNotEquals": {"aws:PrincipalArn": arn}` to a statement's
/// conditions, so that a Deny no longer applies to that principal.
/// `None` when the statement already uses ArnNotEquals (merging would need a
/// rewrite of that block).
pub(crate) fn exempt_principal(
    document: &Document,
    statement: &Statement,
    arn: &str,
) -> Option<EditDraft> {
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
            Some(EditDraft::replace(
                document.id,
                TextRange::empty(at),
                format!(" \"ArnNotEquals\": {},", inline_json(&exemption)),
            ))
        }
        None => {
            // Just after the statement's last member.
            let body = statement.range.slice(text);
            let close = body.rfind('}')?;
            let last = body.get(..close)?.trim_end().len();
            let at = statement.range.start + last;
            Some(EditDraft::replace(
                document.id,
                TextRange::empty(at),
                format!(
                    ", \"Condition\": {}",
                    inline_json(&json!({ "ArnNotEquals": exemption }))
                ),
            ))
        }
    }
}
