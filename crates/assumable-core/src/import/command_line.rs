//! `aws sts assume-role …` as typed or echoed (IMPORT_FORMATS.md §8.2), and
//! its `-with-web-identity` and `-with-saml` siblings: the flags become the
//! request. A token or SAML assertion given inline is read as those formats
//! are; a `file://` value is named, not opened.
//! <https://docs.aws.amazon.com/cli/latest/reference/sts/assume-role.html>

use std::collections::BTreeMap;

use super::{saml, token, Reading};

pub const ASSUME_ROLE_COMMAND_FORMAT: &str = "aws-sts-assume-role-command";

const CALLER_NOTE: &str = "The command does not name the caller: its credentials do \
    (`aws sts get-caller-identity` with the same profile names it).";

/// The call of the first `aws … sts assume-role…` command in `text`.
pub fn recognize(text: &str) -> Option<Reading> {
    for line in logical_lines(text) {
        let words = shell_words(&line);
        let Some(at) = words.windows(2).position(|pair| {
            pair.first().is_some_and(|w| w == "sts")
                && pair.get(1).is_some_and(|w| w.starts_with("assume-role"))
        }) else {
            continue;
        };
        let is_aws = words
            .iter()
            .take(at)
            .any(|word| word == "aws" || word.ends_with("/aws") || word == "aws.exe");
        if !is_aws {
            continue;
        }
        let subcommand = words.get(at + 1).map(String::as_str).unwrap_or_default();
        let action = match subcommand {
            "assume-role" => "sts:AssumeRole",
            "assume-role-with-web-identity" => "sts:AssumeRoleWithWebIdentity",
            "assume-role-with-saml" => "sts:AssumeRoleWithSAML",
            _ => continue,
        };
        let mut reading = Reading::new(ASSUME_ROLE_COMMAND_FORMAT);
        reading.action = Some(action.to_string());
        let options = options(words.get(at + 2..).unwrap_or_default());
        // Global options may stand before `sts` too (`aws --profile p sts …`).
        let global = options_before(words.get(..at).unwrap_or_default());
        read_options(&mut reading, &options, &global);
        return Some(reading);
    }
    None
}

/// An error message pasted under the command that printed it (§2 rule 2:
/// the echoed `$ aws sts assume-role …` line): the message says who and
/// what; the command adds the parameters it passed.
pub fn with_echoed_command(mut reading: Reading, text: &str) -> Reading {
    if reading.message.is_none() || reading.format == ASSUME_ROLE_COMMAND_FORMAT {
        return reading;
    }
    let Some(command) = recognize(text) else {
        return reading;
    };
    fn fill<T>(field: &mut Option<T>, value: Option<T>) {
        if field.is_none() {
            *field = value;
        }
    }
    fill(&mut reading.role_arn, command.role_arn);
    fill(&mut reading.role_session_name, command.role_session_name);
    fill(&mut reading.external_id, command.external_id);
    fill(&mut reading.duration_seconds, command.duration_seconds);
    fill(&mut reading.mfa_serial, command.mfa_serial);
    fill(&mut reading.mfa_age_seconds, command.mfa_age_seconds);
    fill(&mut reading.source_identity, command.source_identity);
    fill(&mut reading.tags, command.tags);
    fill(
        &mut reading.transitive_tag_keys,
        command.transitive_tag_keys,
    );
    for (key, value) in command.context {
        reading.context.entry(key).or_insert(value);
    }
    reading
        .notes
        .push("The command echoed above the message gave the call's parameters.".to_string());
    let caller_known = reading
        .caller
        .as_ref()
        .is_some_and(|caller| !caller.is_empty());
    reading.notes.extend(
        command
            .notes
            .into_iter()
            .filter(|note| !(caller_known && note == CALLER_NOTE)),
    );
    reading.warnings.extend(command.warnings);
    reading
}

/// `--name value…` pairs: each option with the words up to the next option.
fn options(words: &[String]) -> Vec<(String, Vec<String>)> {
    let mut found: Vec<(String, Vec<String>)> = Vec::new();
    for word in words {
        if let Some(name) = word.strip_prefix("--") {
            match name.split_once('=') {
                Some((name, value)) => found.push((name.to_string(), vec![value.to_string()])),
                None => found.push((name.to_string(), Vec::new())),
            }
        } else if let Some((_, values)) = found.last_mut() {
            values.push(word.clone());
        }
    }
    found
}

fn options_before(words: &[String]) -> Vec<(String, Vec<String>)> {
    let from = words
        .iter()
        .position(|w| w.starts_with("--"))
        .unwrap_or(words.len());
    options(words.get(from..).unwrap_or_default())
}

fn read_options(
    reading: &mut Reading,
    options: &[(String, Vec<String>)],
    global: &[(String, Vec<String>)],
) {
    let mut tags = BTreeMap::new();
    for (name, values) in options.iter().chain(global) {
        let first = values.first().cloned();
        match name.as_str() {
            "role-arn" => reading.role_arn = first,
            "role-session-name" => reading.role_session_name = first,
            "external-id" => reading.external_id = first,
            "duration-seconds" => {
                reading.duration_seconds = first.map(|text| {
                    text.parse::<u64>()
                        .map_or(serde_json::Value::String(text), serde_json::Value::from)
                });
            }
            "serial-number" => reading.mfa_serial = first,
            "token-code" => {
                reading.mfa_age_seconds = Some(0);
                reading.notes.push(
                    "An MFA code is passed with the call: request.mfa.age_seconds is 0.".into(),
                );
            }
            "source-identity" => reading.source_identity = first,
            "tags" => read_tags(reading, values, &mut tags),
            "transitive-tag-keys" => reading.transitive_tag_keys = Some(values.clone()),
            "principal-arn" => reading.caller = first,
            "provider-id" => reading.caller = first,
            "web-identity-token" => inline_token(reading, first.as_deref()),
            "saml-assertion" => inline_assertion(reading, first.as_deref()),
            "policy" | "policy-arns" => reading.warnings.push(format!(
                "The call passes a session policy (`--{name}`): it can only narrow the \
                session's permissions and does not decide whether the role may be assumed; \
                Assumable does not model it."
            )),
            "profile" => reading.notes.push(format!(
                "The call runs with the profile `{}`: its credentials are the caller \
                (`aws sts get-caller-identity --profile {}` names it).",
                first.clone().unwrap_or_default(),
                first.unwrap_or_default()
            )),
            _ => {}
        }
    }
    if !tags.is_empty() {
        reading.tags = Some(tags);
    }
    if reading.action.as_deref() == Some("sts:AssumeRole") && reading.caller.is_none() {
        reading.notes.push(CALLER_NOTE.to_string());
    }
}

/// `Key=k,Value=v` words (the CLI's shorthand) or one JSON list.
fn read_tags(reading: &mut Reading, values: &[String], tags: &mut BTreeMap<String, String>) {
    for value in values {
        if value.trim_start().starts_with('[') {
            let list: Vec<serde_json::Value> = serde_json::from_str(value).unwrap_or_default();
            for tag in list {
                if let (Some(key), Some(val)) = (
                    tag.get("Key").and_then(serde_json::Value::as_str),
                    tag.get("Value").and_then(serde_json::Value::as_str),
                ) {
                    tags.insert(key.to_string(), val.to_string());
                }
            }
            continue;
        }
        let mut key = None;
        let mut val = None;
        for part in value.split(',') {
            match part.split_once('=') {
                Some(("Key", k)) => key = Some(k.to_string()),
                Some(("Value", v)) => val = Some(v.to_string()),
                _ => {}
            }
        }
        match (key, val) {
            (Some(key), Some(val)) => {
                tags.insert(key, val);
            }
            _ => reading.warnings.push(format!(
                "`{value}` is not a tag the CLI reads (`Key=k,Value=v`): left out"
            )),
        }
    }
}

fn inline_token(reading: &mut Reading, value: Option<&str>) {
    let Some(value) = value else { return };
    if let Some(file) = value.strip_prefix("file://") {
        reading.notes.push(format!(
            "The token is read from `{file}`: paste the token (or its claims) too for the \
            context keys it gives."
        ));
    } else if let Some(token) = token::recognize(value) {
        reading.caller = reading.caller.take().or(token.caller);
        reading.context.extend(token.context);
        reading.warnings.extend(token.warnings);
        reading.notes.extend(token.notes);
    }
}

fn inline_assertion(reading: &mut Reading, value: Option<&str>) {
    let Some(value) = value else { return };
    if let Some(file) = value.strip_prefix("file://") {
        reading.notes.push(format!(
            "The assertion is read from `{file}`: paste it too for the `saml:` keys it gives."
        ));
    } else if let Some(assertion) = saml::recognize(value) {
        reading.context.extend(assertion.context);
        reading.tags = assertion.tags;
        reading.transitive_tag_keys = assertion.transitive_tag_keys;
        reading.source_identity = assertion.source_identity;
        reading.notes.extend(assertion.notes);
    }
}

/// Lines with backslash continuations joined (PowerShell's backtick too).
fn logical_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let trimmed = line.trim_end();
        if let Some(head) = trimmed
            .strip_suffix('\\')
            .or_else(|| trimmed.strip_suffix('`'))
        {
            current.push_str(head);
            current.push(' ');
        } else {
            current.push_str(trimmed);
            lines.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// POSIX shell words: single quotes, double quotes (with `\"`, `\\`, `\$`,
/// `` \` ``), backslash escapes, `#` comments; a prompt (`$ `, `> `) is just
/// a word before `aws`.
pub(super) fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for inner in chars.by_ref() {
                    if inner == '\'' {
                        break;
                    }
                    word.push(inner);
                }
            }
            '"' => {
                in_word = true;
                while let Some(inner) = chars.next() {
                    match inner {
                        '"' => break,
                        '\\' => match chars.peek() {
                            Some(&next @ ('"' | '\\' | '$' | '`')) => {
                                word.push(next);
                                chars.next();
                            }
                            _ => word.push('\\'),
                        },
                        other => word.push(other),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(next) = chars.next() {
                    word.push(next);
                }
            }
            '#' if !in_word => break,
            c if c.is_whitespace() || c == ';' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            other => {
                in_word = true;
                word.push(other);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_split_as_a_shell_splits_them() {
        assert_eq!(
            shell_words(
                r#"$ aws sts assume-role --external-id 'it'\''s' --tags "Key=a,Value=b c" # note"#
            ),
            [
                "$",
                "aws",
                "sts",
                "assume-role",
                "--external-id",
                "it's",
                "--tags",
                "Key=a,Value=b c"
            ]
        );
    }

    #[test]
    fn a_typed_command_gives_the_call() {
        let text = "$ aws --profile dev sts assume-role \\\n  --role-arn arn:aws:iam::444455556666:role/Deploy \\\n  --role-session-name=ci --external-id Acme-1 --duration-seconds 7200 \\\n  --serial-number arn:aws:iam::111122223333:mfa/ada --token-code 123456 \\\n  --tags Key=team,Value=blue Key=env,Value=prod --transitive-tag-keys team env\n";
        let reading = recognize(text).expect("read");
        assert_eq!(reading.action.as_deref(), Some("sts:AssumeRole"));
        assert_eq!(
            reading.role_arn.as_deref(),
            Some("arn:aws:iam::444455556666:role/Deploy")
        );
        assert_eq!(reading.role_session_name.as_deref(), Some("ci"));
        assert_eq!(reading.external_id.as_deref(), Some("Acme-1"));
        assert_eq!(
            reading.duration_seconds,
            Some(serde_json::Value::from(7200))
        );
        assert_eq!(
            reading.mfa_serial.as_deref(),
            Some("arn:aws:iam::111122223333:mfa/ada")
        );
        assert_eq!(reading.mfa_age_seconds, Some(0));
        let tags = reading.tags.clone().unwrap_or_default();
        assert_eq!(tags.get("env").map(String::as_str), Some("prod"));
        assert_eq!(
            reading.transitive_tag_keys,
            Some(vec!["team".into(), "env".into()])
        );
        assert!(
            reading.notes.iter().any(|n| n.contains("profile `dev`")),
            "{:?}",
            reading.notes
        );
    }

    #[test]
    fn json_tags_and_the_saml_call_are_read() {
        let reading = recognize(
            r#"aws sts assume-role --role-arn arn:aws:iam::1:role/R --role-session-name s --tags '[{"Key":"team","Value":"a b"}]'"#,
        )
        .expect("read");
        assert_eq!(
            reading
                .tags
                .unwrap_or_default()
                .get("team")
                .map(String::as_str),
            Some("a b")
        );
        let saml = recognize(
            "aws sts assume-role-with-saml --role-arn arn:aws:iam::1:role/R --principal-arn arn:aws:iam::1:saml-provider/Okta --saml-assertion file://saml.b64",
        )
        .expect("read");
        assert_eq!(saml.action.as_deref(), Some("sts:AssumeRoleWithSAML"));
        assert_eq!(
            saml.caller.as_deref(),
            Some("arn:aws:iam::1:saml-provider/Okta")
        );
        assert!(saml.notes.iter().any(|n| n.contains("saml.b64")));
    }

    #[test]
    fn other_commands_are_not_read() {
        for text in [
            "aws iam get-role --role-name x",
            "echo sts assume-role",
            "",
            "'",
            "\"\\",
        ] {
            assert_eq!(recognize(text), None, "{text}");
        }
    }
}
