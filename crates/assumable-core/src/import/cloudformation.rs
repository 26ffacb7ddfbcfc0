//! A CloudFormation template in JSON or YAML, or what `cdk synth` writes
//! (IMPORT_FORMATS.md §7.2, §7.3): its `AWS::IAM::Role` resources. The role
//! assumed is chosen as `list-roles` is (by the role the other inputs
//! name); its trust policy has the intrinsic functions a synthesized
//! template uses resolved where the template itself decides them
//! (`AWS::Partition`, `AWS::URLSuffix`, a parameter's default, `Fn::Join`,
//! `Fn::Sub`) and `AWS::AccountId` from the role's ARN when an input names
//! it. Anything else stays visible as `<Fn::GetAtt …>` and is named in a
//! warning, never guessed.
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html>

use std::collections::BTreeMap;

use serde_json::Value;

use super::choice::{Choice, TemplateRole};
use super::json_output::JsonOutput;
use super::{yaml, Reading};

pub const TEMPLATE_FORMAT: &str = "cloudformation-template";

pub fn read(output: &JsonOutput<'_>) -> Option<Reading> {
    let template: Value = serde_json::from_str(output.slice(output.root)).ok()?;
    read_template(&template)
}

/// A template written in YAML (the short forms `!Ref`, `!Sub`… read as
/// their long forms).
pub fn recognize_yaml(text: &str) -> Option<Reading> {
    if !text.contains("AWS::IAM::Role") || text.trim_start().starts_with('{') {
        return None;
    }
    match yaml::parse(text) {
        Ok(template) => read_template(&template),
        Err(error) => {
            let mut reading = Reading::new(TEMPLATE_FORMAT);
            reading.unreadable = Some(format!(
                "its YAML is not read at line {}: {}",
                error.line, error.message
            ));
            Some(reading)
        }
    }
}

fn read_template(template: &Value) -> Option<Reading> {
    let resources = template.get("Resources")?.as_object()?;
    let parameters: BTreeMap<String, String> = template
        .get("Parameters")
        .and_then(Value::as_object)
        .map(|parameters| {
            parameters
                .iter()
                .filter_map(|(name, spec)| {
                    let default = match spec.get("Default")? {
                        Value::String(text) => text.clone(),
                        other => other.to_string(),
                    };
                    Some((name.clone(), default))
                })
                .collect()
        })
        .unwrap_or_default();
    let roles: Vec<TemplateRole> = resources
        .iter()
        .filter(|(_, resource)| {
            resource.get("Type").and_then(Value::as_str) == Some("AWS::IAM::Role")
        })
        .map(|(logical_id, resource)| {
            let properties = resource.get("Properties").cloned().unwrap_or(Value::Null);
            TemplateRole {
                logical_id: logical_id.clone(),
                role_name: properties
                    .get("RoleName")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                trust_policy: properties.get("AssumeRolePolicyDocument").cloned(),
                max_session_duration: properties.get("MaxSessionDuration").cloned(),
                parameters: parameters.clone(),
            }
        })
        .collect();
    if roles.is_empty() {
        return None;
    }
    let mut reading = Reading::new(TEMPLATE_FORMAT);
    if template
        .get("Metadata")
        .is_some_and(|m| m.to_string().contains("aws:cdk"))
        || resources.contains_key("CDKMetadata")
    {
        reading
            .notes
            .push("The template is a CDK synthesis (`cdk synth`).".to_string());
    }
    reading.choice = Some(Choice::TemplateRoles(roles));
    Some(reading)
}

/// A value with the intrinsic functions the template decides resolved;
/// the others written `<Fn::GetAtt …>` and listed in `unresolved`.
pub(super) fn resolve(
    value: &Value,
    account: Option<&str>,
    parameters: &BTreeMap<String, String>,
    unresolved: &mut Vec<String>,
) -> Value {
    match value {
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| resolve(item, account, parameters, unresolved))
                .collect(),
        ),
        Value::Object(members) if members.len() == 1 => {
            let Some((name, argument)) = members.iter().next() else {
                return value.clone();
            };
            match intrinsic(name, argument, account, parameters) {
                Some(resolved) => resolved,
                None if name == "Ref" || name.starts_with("Fn::") => {
                    let written = format!("<{name} {}>", compact(argument));
                    unresolved.push(written.clone());
                    Value::String(written)
                }
                None => {
                    let mut object = serde_json::Map::new();
                    object.insert(
                        name.clone(),
                        resolve(argument, account, parameters, unresolved),
                    );
                    Value::Object(object)
                }
            }
        }
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(key, item)| (key.clone(), resolve(item, account, parameters, unresolved)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn compact(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A pseudo parameter's or parameter's value, when the template decides it.
fn reference(
    name: &str,
    account: Option<&str>,
    parameters: &BTreeMap<String, String>,
) -> Option<String> {
    match name {
        "AWS::Partition" => Some("aws".to_string()),
        "AWS::URLSuffix" => Some("amazonaws.com".to_string()),
        "AWS::AccountId" => account.map(str::to_string),
        other => parameters.get(other).cloned(),
    }
}

fn intrinsic(
    name: &str,
    argument: &Value,
    account: Option<&str>,
    parameters: &BTreeMap<String, String>,
) -> Option<Value> {
    match name {
        "Ref" => reference(argument.as_str()?, account, parameters).map(Value::String),
        "Fn::Join" => {
            let [separator, parts] = argument.as_array()?.as_slice() else {
                return None;
            };
            let mut pieces = Vec::new();
            for part in parts.as_array()? {
                match resolve(part, account, parameters, &mut Vec::new()) {
                    Value::String(text) if !text.starts_with('<') => pieces.push(text),
                    _ => return None,
                }
            }
            Some(Value::String(pieces.join(separator.as_str()?)))
        }
        "Fn::Sub" => {
            let template = argument.as_str()?;
            let mut out = String::new();
            let mut rest = template;
            while let Some(start) = rest.find("${") {
                out.push_str(rest.get(..start)?);
                let after = rest.get(start + 2..)?;
                let end = after.find('}')?;
                let variable = after.get(..end)?;
                if let Some(literal) = variable.strip_prefix('!') {
                    out.push_str("${");
                    out.push_str(literal);
                    out.push('}');
                } else {
                    out.push_str(&reference(variable, account, parameters)?);
                }
                rest = after.get(end + 1..)?;
            }
            out.push_str(rest);
            Some(Value::String(out))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_synthesized_root_principal_resolves_with_the_account() {
        let principal = json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::", {"Ref": "AWS::AccountId"}, ":root"]]});
        let mut unresolved = Vec::new();
        assert_eq!(
            resolve(
                &principal,
                Some("123456789012"),
                &BTreeMap::new(),
                &mut unresolved
            ),
            json!("arn:aws:iam::123456789012:root")
        );
        assert!(unresolved.is_empty());
        let unknown = resolve(&principal, None, &BTreeMap::new(), &mut unresolved);
        assert!(
            unknown.as_str().is_some_and(|t| t.starts_with("<Fn::Join")),
            "{unknown}"
        );
        assert_eq!(unresolved.len(), 1);
    }

    #[test]
    fn sub_with_parameters_and_getatt_left_visible() {
        let parameters = BTreeMap::from([("Repo".to_string(), "octo-org/octo-repo".to_string())]);
        let mut unresolved = Vec::new();
        assert_eq!(
            resolve(
                &json!({"Fn::Sub": "repo:${Repo}:*"}),
                None,
                &parameters,
                &mut unresolved
            ),
            json!("repo:octo-org/octo-repo:*")
        );
        assert_eq!(
            resolve(
                &json!({"Fn::GetAtt": ["GitHubOidc", "Arn"]}),
                None,
                &parameters,
                &mut unresolved
            ),
            json!("<Fn::GetAtt [\"GitHubOidc\",\"Arn\"]>")
        );
        assert_eq!(unresolved.len(), 1);
        // A condition block is an object with one key: not an intrinsic.
        assert_eq!(
            resolve(
                &json!({"StringEquals": {"sts:ExternalId": "x"}}),
                None,
                &parameters,
                &mut unresolved
            ),
            json!({"StringEquals": {"sts:ExternalId": "x"}})
        );
    }
}
