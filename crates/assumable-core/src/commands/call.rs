//! The call itself: `aws sts assume-role` (or `-with-web-identity`,
//! `-with-saml`) with every request parameter the scenario holds.
//! <https://docs.aws.amazon.com/cli/latest/reference/sts/assume-role.html>

use super::{Command, Section, Word};
use crate::arn::Caller;
use crate::scenario::{Request, Scenario};

/// The command that makes the scenario's call, and what no parameter sets.
pub(super) fn reproduce_commands(scenario: &Scenario) -> Section {
    let (command, notes) = call_command(&scenario.request, "Make the call as the scenario has it");
    Section {
        commands: vec![command],
        notes,
    }
}

/// The call `request` describes, with `purpose`; and notes on the values
/// that come from elsewhere (the network, the token, the caller).
pub(super) fn call_command(request: &Request, purpose: &str) -> (Command, Vec<String>) {
    let action = request.action().to_ascii_lowercase();
    let mut notes = Vec::new();
    let caller = Caller::parse(request.caller.trim()).ok();
    let mut words = super::words(&["aws", "sts"]);
    let run_as = match action.as_str() {
        "sts:assumerolewithwebidentity" => {
            words.push(Word::literal("assume-role-with-web-identity"));
            push_role_and_session(&mut words, request, &mut notes);
            words.push(Word::literal("--web-identity-token"));
            words.push(Word::literal("file://token.jwt"));
            if let Some(Caller::OidcProvider { host, .. }) = &caller {
                // OAuth 2.0 providers that are not OpenID Connect name themselves.
                if matches!(host.as_str(), "www.amazon.com" | "graph.facebook.com") {
                    words.push(Word::literal("--provider-id"));
                    words.push(Word::literal(host.clone()));
                }
            }
            notes.push(
                "`token.jwt` holds the token the identity provider issued (the \
                `--web-identity-token` value; `file://` makes the CLI read it from the file)."
                    .to_string(),
            );
            None
        }
        "sts:assumerolewithsaml" => {
            words.push(Word::literal("assume-role-with-saml"));
            words.push(Word::literal("--role-arn"));
            words.push(Word::literal(request.role_arn.trim()));
            words.push(Word::literal("--principal-arn"));
            words.push(Word::literal(request.caller.trim()));
            words.push(Word::literal("--saml-assertion"));
            words.push(Word::literal("file://assertion.b64"));
            notes.push(
                "`assertion.b64` holds the base64 SAML response the identity provider posted \
                (the `SAMLResponse` form field)."
                    .to_string(),
            );
            None
        }
        _ => {
            words.push(Word::literal("assume-role"));
            push_role_and_session(&mut words, request, &mut notes);
            if let Some(external_id) = &request.external_id {
                words.push(Word::literal("--external-id"));
                words.push(Word::literal(external_id.clone()));
            }
            if let Some(serial) = request
                .mfa
                .as_ref()
                .and_then(|mfa| mfa.serial_number.as_ref())
            {
                words.push(Word::literal("--serial-number"));
                words.push(Word::literal(serial.clone()));
                words.push(Word::literal("--token-code"));
                words.push(Word::variable("MFA_CODE"));
                notes.push("Set MFA_CODE to the six digits the MFA device shows.".to_string());
            }
            if let Some(source_identity) = &request.source_identity {
                words.push(Word::literal("--source-identity"));
                words.push(Word::literal(source_identity.clone()));
            }
            if let Some(tags) = request.tags.as_ref().filter(|tags| !tags.is_empty()) {
                // The JSON form: the shorthand `Key=k,Value=v` breaks on commas.
                let list: Vec<serde_json::Value> = tags
                    .iter()
                    .map(|(key, value)| serde_json::json!({ "Key": key, "Value": value }))
                    .collect();
                words.push(Word::literal("--tags"));
                words.push(Word::literal(serde_json::Value::Array(list).to_string()));
            }
            if let Some(keys) = request
                .transitive_tag_keys
                .as_ref()
                .filter(|k| !k.is_empty())
            {
                words.push(Word::literal("--transitive-tag-keys"));
                words.extend(keys.iter().map(|key| Word::literal(key.clone())));
            }
            Some(match &caller {
                Some(_) => format!("the caller, {}", request.caller.trim()),
                None => "the caller".to_string(),
            })
        }
    };
    if let Some(duration) = &request.duration_seconds {
        let text = match duration {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        words.push(Word::literal("--duration-seconds"));
        words.push(Word::literal(text));
    }
    if let Some(address) = &request.source_ip {
        notes.push(format!(
            "AWS takes `aws:SourceIp` from where the call comes from: make it from \
            {address}; no parameter sets it."
        ));
    }
    if let Some(context) = request.context.as_ref().filter(|c| !c.is_empty()) {
        let keys: Vec<String> = context.keys().map(|key| format!("`{key}`")).collect();
        notes.push(format!(
            "AWS sets {} from the caller, its token or the network; no parameter sets them.",
            keys.join(", ")
        ));
    }
    (Command::new(purpose, run_as, words), notes)
}

fn push_role_and_session(words: &mut Vec<Word>, request: &Request, notes: &mut Vec<String>) {
    words.push(Word::literal("--role-arn"));
    words.push(Word::literal(request.role_arn.trim()));
    words.push(Word::literal("--role-session-name"));
    match &request.role_session_name {
        Some(name) => words.push(Word::literal(name.clone())),
        None => {
            words.push(Word::variable("SESSION_NAME"));
            notes.push(
                "The call needs a session name, which the scenario does not give: set \
                SESSION_NAME (2 to 64 characters of letters, digits and `+=,.@-`)."
                    .to_string(),
            );
        }
    }
}
