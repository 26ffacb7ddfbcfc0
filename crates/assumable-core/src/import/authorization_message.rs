//! `aws sts decode-authorization-message` (`IMPORT_FORMATS.md` §6.7): the
//! decoded message of a denial by another service (EC2 returns one; STS
//! never does for a role assumption, §12.4). It names the principal and
//! the context keys that describe it.

use crate::json::{parse_json, JsonNode};
use crate::scenario::ContextValue;

use super::json_output::{at_path, has, items, member, string, text_of, truth, JsonOutput};
use super::Reading;

pub const DECODED_MESSAGE_FORMAT: &str = "aws-sts-decode-authorization-message";

const ASSUME_ACTIONS: [&str; 3] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithWebIdentity",
    "sts:AssumeRoleWithSAML",
];

pub fn read(output: &JsonOutput<'_>) -> Option<Reading> {
    let root = output.root;
    if let Some(decoded) = string(member(root, "DecodedMessage")) {
        let mut reading = Reading::new(DECODED_MESSAGE_FORMAT);
        match parse_json(decoded) {
            Ok(message) => read_message(&message, &mut reading),
            Err(error) => {
                reading.unreadable = Some(format!(
                    "its DecodedMessage is not JSON at byte {}: {}",
                    error.range.start, error.message
                ))
            }
        }
        return Some(reading);
    }
    if has(root, "allowed") && has(root, "explicitDeny") && has(root, "context") {
        let mut reading = Reading::new(DECODED_MESSAGE_FORMAT);
        read_message(root, &mut reading);
        return Some(reading);
    }
    None
}

fn read_message(message: &JsonNode<'_>, reading: &mut Reading) {
    let context = member(message, "context");
    let principal_arn = context
        .and_then(|context| at_path(context, &["principal", "arn"]))
        .and_then(|arn| string(Some(arn)))
        .filter(|arn| !arn.is_empty());
    if let Some(arn) = principal_arn {
        reading.caller = Some(arn.to_string());
    }
    // The principal's unique id is what `aws:userid` holds.
    if let Some(id) = context
        .and_then(|context| at_path(context, &["principal", "id"]))
        .and_then(|id| string(Some(id)))
        .filter(|id| !id.is_empty())
    {
        reading
            .context
            .insert("aws:userid".to_string(), ContextValue::One(id.to_string()));
    }
    let conditions = context
        .and_then(|context| at_path(context, &["conditions", "items"]))
        .map(|conditions| items(Some(conditions)))
        .unwrap_or_default();
    let mut service = None;
    for condition in conditions {
        let Some(key) = text_of(condition, "key") else {
            continue;
        };
        let values: Vec<String> = at_path(condition, &["values", "items"])
            .map(|values| items(Some(values)))
            .unwrap_or_default()
            .iter()
            .filter_map(|value| string(member(value, "value")).map(str::to_string))
            .collect();
        if key == "aws:Service" {
            service = values.first().cloned();
        }
        let about_principal = key.starts_with("aws:Principal")
            || key.eq_ignore_ascii_case("aws:userid")
            || key.eq_ignore_ascii_case("aws:username");
        if about_principal && !values.is_empty() {
            let value = match values.as_slice() {
                [one] => ContextValue::One(one.clone()),
                _ => ContextValue::Many(values),
            };
            reading.context.insert(key.to_string(), value);
        }
    }
    // `context.action` has no service prefix; the service is `aws:Service`.
    let action = context.and_then(|context| text_of(context, "action"));
    let action = match (service, action) {
        (Some(service), Some(action)) if !action.contains(':') => format!("{service}:{action}"),
        (_, Some(action)) => action.to_string(),
        (_, None) => "an unnamed action".to_string(),
    };
    if let Some(assume) = ASSUME_ACTIONS
        .iter()
        .find(|assume| assume.eq_ignore_ascii_case(&action))
    {
        reading.action = Some((*assume).to_string());
    } else {
        reading.warnings.push(format!(
            "this message is about `{action}`, not a role assumption (STS never returns an encoded authorization message for one): only the principal and its context keys were read"
        ));
    }
    match (
        truth(member(message, "allowed")),
        truth(member(message, "explicitDeny")),
    ) {
        (Some(false), Some(true)) => reading
            .notes
            .push(format!("AWS denied `{action}` with an explicit Deny")),
        (Some(false), _) => reading
            .notes
            .push(format!("AWS denied `{action}`: no statement allowed it")),
        _ => {}
    }
}
