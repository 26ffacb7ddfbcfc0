//! CloudTrail records of an `AssumeRole*` call (`IMPORT_FORMATS.md` §6.8):
//! one record, `{"Records": […]}` (an S3 log file), `aws cloudtrail
//! lookup-events` (each record a JSON string in `CloudTrailEvent`) or an
//! EventBridge event (`detail`). Nearly every request field is in
//! `requestParameters`; a failed call carries `errorCode`/`errorMessage`.
//! Credentials in `responseElements` are never read (§2 rule 4).

use std::collections::BTreeMap;
use std::net::IpAddr;

use crate::json::{parse_json, JsonNode, JsonValue};
use crate::scenario::ContextValue;

use super::error_message;
use super::json_output::{has, items, member, number, string, text_of, JsonOutput};
use super::Reading;

pub const CLOUDTRAIL_FORMAT: &str = "cloudtrail-event";

pub fn read(output: &JsonOutput<'_>) -> Option<Reading> {
    let root = output.root;
    if has(root, "eventSource") && has(root, "eventName") {
        return Some(from_records(&[root]));
    }
    if let Some(detail) = member(root, "detail").filter(|_| is_eventbridge(root)) {
        return Some(from_records(&[detail]));
    }
    // Records as objects (`Records[]`, a JSON array of records) or as JSON
    // strings (`Events[].CloudTrailEvent`, `--query 'Events[].CloudTrailEvent'`).
    let listed = match (member(root, "Records"), &root.value) {
        (Some(records), _) => items(Some(records)),
        (None, JsonValue::Array(values)) => values.as_slice(),
        (None, _) => &[],
    };
    let mut direct: Vec<&JsonNode<'_>> = Vec::new();
    let mut texts: Vec<&str> = Vec::new();
    for item in listed {
        match &item.value {
            JsonValue::String(text) => texts.push(text),
            _ if has(item, "eventName") => direct.push(item),
            _ => {}
        }
    }
    texts.extend(
        items(member(root, "Events"))
            .iter()
            .filter_map(|event| string(member(event, "CloudTrailEvent"))),
    );
    let parsed: Vec<JsonNode<'_>> = texts
        .iter()
        .filter_map(|text| parse_json(text).ok())
        .filter(|record| has(record, "eventName"))
        .collect();
    direct.extend(parsed.iter());
    if direct.is_empty() {
        return None;
    }
    let mut reading = from_records(&direct);
    if parsed.len() < texts.len() {
        reading.warnings.push(format!(
            "{} of the events are not CloudTrail records in JSON: they were skipped",
            texts.len() - parsed.len()
        ));
    }
    Some(reading)
}

fn is_eventbridge(root: &JsonNode<'_>) -> bool {
    string(member(root, "detail-type")).is_some_and(|kind| kind.contains("CloudTrail"))
}

/// The record of a role assumption (a failed one first), read; or a
/// warning that no record is about one.
fn from_records(records: &[&JsonNode<'_>]) -> Reading {
    let mut reading = Reading::new(CLOUDTRAIL_FORMAT);
    let assume: Vec<&&JsonNode<'_>> = records
        .iter()
        .filter(|record| {
            text_of(record, "eventName").is_some_and(|name| name.starts_with("AssumeRole"))
        })
        .collect();
    let chosen = assume
        .iter()
        .find(|record| has(record, "errorCode"))
        .or_else(|| assume.first());
    let Some(record) = chosen else {
        let mut names: Vec<&str> = records
            .iter()
            .filter_map(|record| text_of(record, "eventName"))
            .collect();
        names.dedup();
        names.truncate(10);
        reading.warnings.push(format!(
            "no event here is a role assumption (events: {}): nothing was filled",
            names.join(", ")
        ));
        reading.about_another_call = true;
        return reading;
    };
    if assume.len() > 1 {
        reading.notes.push(format!(
            "{} role assumptions are here: the first {} was read; paste the others apart to read them",
            assume.len(),
            if has(record, "errorCode") { "failed one" } else { "one" }
        ));
    }
    read_record(record, &mut reading);
    reading
}

fn read_record(record: &JsonNode<'_>, reading: &mut Reading) {
    let event_name = text_of(record, "eventName").unwrap_or_default();
    reading.action = Some(format!("sts:{event_name}"));
    read_caller(record, reading);
    if let Some(parameters) = member(record, "requestParameters") {
        read_parameters(parameters, reading);
    }
    if let Some(address) = text_of(record, "sourceIPAddress") {
        // A service name (`signin.amazonaws.com`) is not an address.
        if address.parse::<IpAddr>().is_ok() {
            reading.source_ip = Some(address.to_string());
        } else {
            reading.notes.push(format!(
                "the call came through `{address}`, not from an IP address: request.source_ip not filled"
            ));
        }
    }
    if let Some(time) = text_of(record, "eventTime") {
        reading.context.insert(
            "aws:CurrentTime".to_string(),
            ContextValue::One(time.to_string()),
        );
    }
    if let Some(region) = text_of(record, "awsRegion") {
        reading.context.insert(
            "aws:RequestedRegion".to_string(),
            ContextValue::One(region.to_string()),
        );
    }
    read_error(record, reading);
}

/// §6.8: who called, by `userIdentity.type`.
fn read_caller(record: &JsonNode<'_>, reading: &mut Reading) {
    let identity = member(record, "userIdentity");
    let kind = identity.and_then(|identity| text_of(identity, "type"));
    match (kind, identity) {
        (Some("WebIdentityUser"), Some(identity)) => {
            reading.caller = text_of(identity, "identityProvider").map(str::to_string);
        }
        (Some("SAMLUser"), _) => {
            reading.caller = member(record, "requestParameters")
                .and_then(|parameters| text_of(parameters, "principalArn"))
                .map(str::to_string);
        }
        // A service calling on its own behalf: its principal is the caller.
        (Some("AWSService"), Some(identity)) => {
            reading.caller = text_of(identity, "invokedBy").map(str::to_string);
        }
        (Some("AWSAccount"), Some(identity)) => {
            let account = text_of(identity, "accountId").unwrap_or("another account");
            reading.notes.push(format!(
                "this is the role account's copy of the record: it names only the caller's account ({account}), not the caller; request.caller not filled (the caller's account has the full record)"
            ));
        }
        (_, Some(identity)) => {
            reading.caller = text_of(identity, "arn").map(str::to_string);
        }
        (_, None) => {}
    }
    if kind == Some("Root") {
        reading.warnings.push(
            "the caller is the account's root user: the root user cannot assume a role (request.caller fails)"
                .to_string(),
        );
    }
}

fn read_parameters(parameters: &JsonNode<'_>, reading: &mut Reading) {
    let text = |key: &str| text_of(parameters, key).map(str::to_string);
    reading.role_arn = text("roleArn");
    reading.role_session_name = text("roleSessionName");
    reading.external_id = text("externalId");
    reading.mfa_serial = text("serialNumber");
    if reading.mfa_serial.is_some() {
        // §6.8: the code is passed with this call (it is never logged).
        reading.mfa_age_seconds = Some(0);
        reading.notes.push(
            "the MFA code was passed with this call: request.mfa.age_seconds is 0".to_string(),
        );
    }
    reading.source_identity = text("sourceIdentity");
    reading.duration_seconds = number(member(parameters, "durationSeconds"));
    if let Some(tags) = member(parameters, "tags") {
        // Lower-case `key`/`value` in CloudTrail; the API's `Key`/`Value` too.
        let tags: BTreeMap<String, String> = items(Some(tags))
            .iter()
            .filter_map(|tag| {
                let key = text_of(tag, "key").or_else(|| text_of(tag, "Key"))?;
                let value = string(member(tag, "value"))
                    .or_else(|| string(member(tag, "Value")))
                    .unwrap_or_default();
                Some((key.to_string(), value.to_string()))
            })
            .collect();
        reading.tags = Some(tags);
    }
    // SAML and web identity: the tags the assertion or token carried, as a map.
    if let Some(JsonNode {
        value: JsonValue::Object(members),
        ..
    }) = member(parameters, "principalTags")
    {
        let tags = reading.tags.get_or_insert_with(BTreeMap::new);
        for tag in members {
            if let JsonValue::String(value) = &tag.value.value {
                tags.insert(tag.key.to_string(), value.to_string());
            }
        }
    }
    if let Some(keys) = member(parameters, "transitiveTagKeys") {
        reading.transitive_tag_keys = Some(
            items(Some(keys))
                .iter()
                .filter_map(|key| string(Some(key)).map(str::to_string))
                .collect(),
        );
    }
    if has(parameters, "policy") || has(parameters, "policyArns") {
        reading.warnings.push(
            "the call passed a session policy (`policy`/`policyArns`): it limits the session, not the assumption, and is not modelled"
                .to_string(),
        );
    }
    if has(parameters, "incomingTransitiveTags") {
        reading.notes.push(
            "the caller's session carried transitive tags (incomingTransitiveTags): they are passed on too"
                .to_string(),
        );
    }
}

/// A failed call: the message AWS returned, read as any error message is.
fn read_error(record: &JsonNode<'_>, reading: &mut Reading) {
    let code = text_of(record, "errorCode");
    let Some(message) = text_of(record, "errorMessage") else {
        if let Some(code) = code {
            reading.notes.push(format!(
                "the call failed with {code}, and the record has no errorMessage"
            ));
        }
        return;
    };
    match error_message::recognize(message) {
        Some(read) => {
            // A record cut down to its error still names who and what.
            if reading.caller.is_none() {
                reading.caller = read.caller;
            }
            if reading.role_arn.is_none() {
                reading.role_arn = read.role_arn;
            }
            reading.message = read.message.or_else(|| Some(message.to_string()));
            reading.evidence = read.evidence;
            reading.surfaces = read.surfaces;
            reading.warnings.extend(read.warnings);
            reading.notes.extend(read.notes);
        }
        None => reading.message = Some(message.to_string()),
    }
}
