//! Terraform (IMPORT_FORMATS.md §7.1): `resource "aws_iam_role"` with its
//! `assume_role_policy` written as `jsonencode({…})`, a heredoc of JSON, or
//! a `data "aws_iam_policy_document"` it references; a policy document
//! data source alone is a bare policy. The role assumed is chosen as a
//! template's is (by the role the other inputs name). References and
//! interpolations only a plan resolves (`var.x`,
//! `data.aws_caller_identity.current.account_id`) stay visible as `${…}`
//! and are named in a warning, never guessed.
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document>

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::choice::{Choice, TemplateRole};
use super::hcl::{self, Block, Expr, Item, Part};
use super::Reading;
use crate::scenario::PolicySource;

pub const TERRAFORM_FORMAT: &str = "terraform";

pub fn recognize(text: &str) -> Option<Reading> {
    // A block that starts a line: Terraform's own error output quotes
    // `in resource "aws_iam_role" "x":` behind its `│` gutter, which is a
    // message, not configuration.
    let declares = text.lines().any(|line| {
        let line = line.trim_start();
        line.starts_with("resource \"aws_iam_role\"")
            || line.starts_with("data \"aws_iam_policy_document\"")
    });
    if !declares {
        return None;
    }
    let mut reading = Reading::new(TERRAFORM_FORMAT);
    let items = match hcl::parse(text) {
        Ok(items) => items,
        Err(_) if super::error_message::recognize(text).is_some() => return None,
        Err(error) => {
            reading.unreadable = Some(format!(
                "its Terraform is broken at line {}, column {}: {}",
                error.line, error.column, error.message
            ));
            return Some(reading);
        }
    };
    let blocks: Vec<&Block> = items
        .iter()
        .filter_map(|item| match item {
            Item::Block(block) => Some(block),
            Item::Attribute(..) => None,
        })
        .collect();
    let mut unresolved = Vec::new();
    let mut documents = BTreeMap::new();
    for block in &blocks {
        if let ["aws_iam_policy_document", name] = labels(block).as_slice() {
            if block.kind == "data" {
                documents.insert((*name).to_string(), policy_document(block, &mut unresolved));
            }
        }
    }
    let roles: Vec<TemplateRole> = blocks
        .iter()
        .filter(|block| block.kind == "resource")
        .filter_map(|block| match labels(block).as_slice() {
            ["aws_iam_role", name] => Some(role(name, block, &documents, &mut unresolved)),
            _ => None,
        })
        .collect();
    if !roles.is_empty() {
        reading.choice = Some(Choice::TemplateRoles(roles));
    } else if let [(name, document)] = documents.iter().collect::<Vec<_>>().as_slice() {
        let text = serde_json::to_string_pretty(document).unwrap_or_default();
        let source = PolicySource::object_from_text(&text).unwrap_or(PolicySource::Text(text));
        if document.to_string().contains("\"Principal") {
            reading.trust_policy = Some(source);
            reading.notes.push(format!(
                "`data.aws_iam_policy_document.{name}` names principals: taken as the trust policy"
            ));
        } else {
            reading.identity_policies.push(source);
            reading.notes.push(format!(
                "`data.aws_iam_policy_document.{name}` names no principal: taken as a policy \
                of the caller"
            ));
        }
    } else if documents.len() > 1 {
        let names: Vec<String> = documents.keys().map(|name| format!("`{name}`")).collect();
        reading.notes.push(format!(
            "the paste defines {} policy documents ({}) and no role: paste the role or the one \
            document that matters",
            documents.len(),
            names.join(", ")
        ));
    } else {
        return None;
    }
    unresolved.sort();
    unresolved.dedup();
    if !unresolved.is_empty() {
        reading.warnings.push(format!(
            "only a Terraform plan resolves {}: left as written; replace {} in the policy with \
            the value it has",
            unresolved.join(", "),
            if unresolved.len() == 1 { "it" } else { "them" }
        ));
    }
    Some(reading)
}

fn labels(block: &Block) -> Vec<&str> {
    block.labels.iter().map(String::as_str).collect()
}

fn role(
    name: &str,
    block: &Block,
    documents: &BTreeMap<String, Value>,
    unresolved: &mut Vec<String>,
) -> TemplateRole {
    let literal = |key: &str| match block.attribute(key) {
        Some(Expr::Template(parts)) if parts.iter().all(|p| matches!(p, Part::Literal(_))) => {
            Some(hcl::literal_text(parts))
        }
        _ => None,
    };
    let trust_policy = block.attribute("assume_role_policy").map(|expr| {
        match to_json(expr, documents, unresolved) {
            // A heredoc or a document's `.json`: JSON text.
            Value::String(text) => serde_json::from_str(&text).unwrap_or(Value::String(text)),
            other => other,
        }
    });
    TemplateRole {
        logical_id: name.to_string(),
        role_name: literal("name"),
        trust_policy,
        max_session_duration: block
            .attribute("max_session_duration")
            .map(|expr| to_json(expr, documents, unresolved)),
        parameters: BTreeMap::new(),
    }
}

/// An expression as the JSON Terraform would send, references named.
fn to_json(
    expr: &Expr,
    documents: &BTreeMap<String, Value>,
    unresolved: &mut Vec<String>,
) -> Value {
    match expr {
        Expr::Template(parts) => {
            if let [Part::Interpolation(inner, _)] = parts.as_slice() {
                if let Some(document) = document_reference(inner, documents) {
                    return Value::String(document.to_string());
                }
            }
            let mut text = String::new();
            for part in parts {
                match part {
                    Part::Literal(literal) => text.push_str(literal),
                    Part::Interpolation(_, written) => {
                        unresolved.push(format!("`{written}`"));
                        text.push_str(written);
                    }
                }
            }
            Value::String(text)
        }
        Expr::Number(number) => {
            serde_json::from_str(number).unwrap_or(Value::String(number.clone()))
        }
        Expr::Bool(flag) => Value::Bool(*flag),
        Expr::Null => Value::Null,
        Expr::Tuple(items) => Value::Array(
            items
                .iter()
                .map(|i| to_json(i, documents, unresolved))
                .collect(),
        ),
        Expr::Object(members) => Value::Object(
            members
                .iter()
                .map(|(key, value)| (key.clone(), to_json(value, documents, unresolved)))
                .collect(),
        ),
        Expr::Call(name, arguments) if name == "jsonencode" && arguments.len() == 1 => {
            arguments.first().map_or(Value::Null, |argument| {
                to_json(argument, documents, unresolved)
            })
        }
        Expr::Reference(reference) => match document_reference(expr, documents) {
            Some(document) => Value::String(document.to_string()),
            None => {
                let written = format!("${{{reference}}}");
                unresolved.push(format!("`{written}`"));
                Value::String(written)
            }
        },
        Expr::Call(name, _) => {
            let written = format!("${{{name}(…)}}");
            unresolved.push(format!("`{written}`"));
            Value::String(written)
        }
        Expr::Other(text) => {
            let written = format!("${{{text}}}");
            unresolved.push(format!("`{written}`"));
            Value::String(written)
        }
    }
}

/// `data.aws_iam_policy_document.NAME.json` (or `.minified_json`) of a
/// document in the paste.
fn document_reference<'d>(
    expr: &Expr,
    documents: &'d BTreeMap<String, Value>,
) -> Option<&'d Value> {
    let Expr::Reference(reference) = expr else {
        return None;
    };
    let name = reference
        .strip_prefix("data.aws_iam_policy_document.")?
        .strip_suffix(".json")
        .or_else(|| {
            reference
                .strip_prefix("data.aws_iam_policy_document.")?
                .strip_suffix(".minified_json")
        })?;
    documents.get(name)
}

/// The JSON the `aws_iam_policy_document` data source renders.
fn policy_document(block: &Block, unresolved: &mut Vec<String>) -> Value {
    let empty = BTreeMap::new();
    let mut string = |expr: Option<&Expr>| expr.map(|e| to_json(e, &empty, unresolved));
    let mut document = Map::new();
    let version = string(block.attribute("version")).unwrap_or(Value::String("2012-10-17".into()));
    document.insert("Version".into(), version);
    let mut statements = Vec::new();
    for statement in block.blocks("statement") {
        let mut rendered = Map::new();
        let mut put = |key: &str, value: Option<Value>| {
            if let Some(value) = value {
                rendered.insert(
                    key.to_string(),
                    unescape_policy_variables(one_or_many(value)),
                );
            }
        };
        put("Sid", string(statement.attribute("sid")));
        put(
            "Effect",
            Some(string(statement.attribute("effect")).unwrap_or(Value::String("Allow".into()))),
        );
        put("Action", string(statement.attribute("actions")));
        put("NotAction", string(statement.attribute("not_actions")));
        put("Resource", string(statement.attribute("resources")));
        put("NotResource", string(statement.attribute("not_resources")));
        for (kind, key) in [
            ("principals", "Principal"),
            ("not_principals", "NotPrincipal"),
        ] {
            let mut principals: BTreeMap<String, Vec<Value>> = BTreeMap::new();
            for principal in statement.blocks(kind) {
                let kind = string(principal.attribute("type"))
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                let identifiers = match string(principal.attribute("identifiers")) {
                    Some(Value::Array(items)) => items,
                    Some(one) => vec![one],
                    None => Vec::new(),
                };
                principals.entry(kind).or_default().extend(identifiers);
            }
            if principals.is_empty() {
                continue;
            }
            // `type = "*"` with `identifiers = ["*"]` renders `"Principal": "*"`.
            let value = if principals.len() == 1
                && principals
                    .get("*")
                    .is_some_and(|ids| ids == &[Value::String("*".into())])
            {
                Value::String("*".into())
            } else {
                Value::Object(
                    principals
                        .into_iter()
                        .map(|(kind, ids)| (kind, one_or_many(Value::Array(ids))))
                        .collect(),
                )
            };
            put(key, Some(value));
        }
        let mut conditions: Map<String, Value> = Map::new();
        for condition in statement.blocks("condition") {
            let (Some(Value::String(test)), Some(Value::String(variable))) = (
                string(condition.attribute("test")),
                string(condition.attribute("variable")),
            ) else {
                continue;
            };
            let values = string(condition.attribute("values")).unwrap_or(Value::Array(Vec::new()));
            let entry = conditions
                .entry(test)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(operator) = entry {
                operator.insert(variable, one_or_many(values));
            }
        }
        if !conditions.is_empty() {
            put("Condition", Some(Value::Object(conditions)));
        }
        statements.push(Value::Object(rendered));
    }
    document.insert("Statement".into(), Value::Array(statements));
    Value::Object(document)
}

/// A one-element list as its element, as the data source renders it.
fn one_or_many(value: Value) -> Value {
    match value {
        Value::Array(mut items) if items.len() == 1 => items.remove(0),
        other => other,
    }
}

/// `&{aws:username}`, Terraform's escape for a policy variable, as IAM reads it.
fn unescape_policy_variables(value: Value) -> Value {
    match value {
        Value::String(text) => Value::String(text.replace("&{", "${")),
        Value::Array(items) => {
            Value::Array(items.into_iter().map(unescape_policy_variables).collect())
        }
        Value::Object(members) => Value::Object(
            members
                .into_iter()
                .map(|(key, value)| (key.replace("&{", "${"), unescape_policy_variables(value)))
                .collect(),
        ),
        other => other,
    }
}
