//! Import: what a person holds (first of all the error AWS printed) turned
//! into scenario fields, as `shared/scenario-format.md` "Import" defines it.
//!
//! Each input is recognised by its content, never its name: the recognisers
//! in `RECOGNIZERS` are tried in order and the first that reads the text
//! wins. A recogniser is one file and returns a [`Reading`]: the values the
//! text carries (never a guessed one, `IMPORT_FORMATS.md` §2 rule 1), the
//! message AWS printed with the checks it names, and what the person must
//! know. [`import`] merges the readings, in input order, into the scenario.
//!
//! Bounded work: each input is read up to `MAX_IMPORT_BYTES`; every
//! recogniser is linear in what it reads.

mod access_denied;
mod authorization_message;
mod aws_config;
mod bare_policy;
mod caller_identity;
mod choice;
mod cloudformation;
mod cloudtrail;
mod command_line;
mod error_message;
mod hcl;
mod iam_outputs;
mod json_output;
mod normalize;
mod organizations;
mod saml;
mod sts_errors;
mod terraform;
mod token;
mod unwrap;
mod workflow_step;
mod wrappers;
mod yaml;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::scenario::{CallerPolicies, ContextValue, Mfa, Observed, PolicySource, Scenario};

pub use choice::{AuthorizationDetails, Choice, Entity, PrincipalPolicies};
pub use unwrap::{unwrap_policy, Unwrapped};

pub use normalize::MAX_IMPORT_BYTES;

/// At most this much of one `get-account-authorization-details` output is
/// read, for account-wide access. Larger than a paste's limit
/// ([`MAX_IMPORT_BYTES`]): such an output holds every user, group, role and
/// managed policy of an account with each policy's versions, so an account
/// of 1,000 roles gives several MB, and IAM's quotas let one reach tens.
/// 64 MiB holds the accounts people have while bounding what one file may
/// cost the page's worker or the CLI. A dump over it is refused with why,
/// never cut: cut, it would be broken JSON.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>
pub const MAX_DUMP_BYTES: usize = 64 * 1024 * 1024;

/// One thing a person pasted or a file they gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportInput {
    /// The file name, or `-` for standard input; only named in the answer.
    pub source: String,
    pub text: String,
}

/// The scenario after import and what each input gave (the contract's JSON).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub scenario: Scenario,
    pub recognized: Vec<Recognized>,
    /// Inputs no recogniser read (an addition to the contract).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unrecognized: Vec<Unrecognized>,
}

/// What one recognised input gave.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recognized {
    pub source: String,
    /// A stable id of the format (`access-denied-message`).
    pub format: String,
    /// The dotted paths this input set or changed (`request.caller`, `observed`).
    pub filled: Vec<String>,
    /// Check ids the input itself names (`trust.*`: one of the trust checks).
    pub evidence: Vec<String>,
    /// Identifiers it names, such as the denying policy's ARN.
    pub surfaces: Vec<String>,
    /// What the person must know (a cause no check models).
    pub warnings: Vec<String>,
    /// What was inferred, not read, or left out.
    pub notes: Vec<String>,
}

/// An input no recogniser read, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unrecognized {
    pub source: String,
    pub error: String,
}

/// The formats import reads, by id, with how a person would name them.
pub const ACCEPTED_FORMATS: [(&str, &str); 21] = [
    (
        error_message::ACCESS_DENIED_FORMAT,
        "an AWS AccessDenied message (`User: … is not authorized to perform: sts:AssumeRole …` or `Not authorized to perform sts:AssumeRole…`)",
    ),
    (
        error_message::STS_ERROR_FORMAT,
        "another STS error (a ValidationError, `Roles may not be assumed by root accounts.`, an MFA, token, OIDC or SAML error)",
    ),
    (iam_outputs::GET_ROLE_FORMAT, "`aws iam get-role` output"),
    (iam_outputs::LIST_ROLES_FORMAT, "`aws iam list-roles` output"),
    (
        iam_outputs::INLINE_POLICY_FORMAT,
        "`aws iam get-role-policy`, `get-user-policy` or `get-group-policy` output",
    ),
    (
        iam_outputs::POLICY_VERSION_FORMAT,
        "`aws iam get-policy-version` output",
    ),
    (
        iam_outputs::AUTHORIZATION_DETAILS_FORMAT,
        "`aws iam get-account-authorization-details` output",
    ),
    (
        caller_identity::CALLER_IDENTITY_FORMAT,
        "`aws sts get-caller-identity` output",
    ),
    (
        organizations::DESCRIBE_POLICY_FORMAT,
        "`aws organizations describe-policy` output (an SCP or RCP)",
    ),
    (
        authorization_message::DECODED_MESSAGE_FORMAT,
        "`aws sts decode-authorization-message` output",
    ),
    (
        cloudtrail::CLOUDTRAIL_FORMAT,
        "a CloudTrail AssumeRole* record (alone, in `Records`, from `aws cloudtrail lookup-events` or an EventBridge event)",
    ),
    (
        token::TOKEN_FORMAT,
        "an OIDC token (`eyJ…`) or its decoded claims (GitHub Actions, EKS, GitLab, any issuer)",
    ),
    (
        saml::SAML_FORMAT,
        "a SAML response (its XML, or the base64 `SAMLResponse` the browser posts)",
    ),
    (
        command_line::ASSUME_ROLE_COMMAND_FORMAT,
        "an `aws sts assume-role` command line (or `assume-role-with-web-identity`, `-with-saml`)",
    ),
    (
        aws_config::CONFIG_PROFILE_FORMAT,
        "a role profile of `~/.aws/config` (`role_arn` with `source_profile`)",
    ),
    (
        workflow_step::WORKFLOW_STEP_FORMAT,
        "a GitHub Actions step using `aws-actions/configure-aws-credentials`",
    ),
    (
        terraform::TERRAFORM_FORMAT,
        "Terraform: `resource \"aws_iam_role\"` (`jsonencode`, a heredoc, or a `data \"aws_iam_policy_document\"`)",
    ),
    (
        cloudformation::TEMPLATE_FORMAT,
        "a CloudFormation template in JSON or YAML, or `cdk synth` output (its `AWS::IAM::Role`)",
    ),
    (
        bare_policy::TRUST_POLICY_FORMAT,
        "a trust policy document",
    ),
    (
        bare_policy::IDENTITY_POLICY_FORMAT,
        "an identity policy document",
    ),
    (
        bare_policy::OTHER_POLICY_FORMAT,
        "another policy document (a resource policy or an RCP)",
    ),
];

/// What one recogniser read from one input.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reading {
    pub format: &'static str,
    pub action: Option<String>,
    pub caller: Option<String>,
    pub role_arn: Option<String>,
    pub role_session_name: Option<String>,
    pub external_id: Option<String>,
    pub duration_seconds: Option<serde_json::Value>,
    pub mfa_serial: Option<String>,
    /// Seconds since the MFA code was given, when the record says it was
    /// given in this very call.
    pub mfa_age_seconds: Option<u64>,
    pub source_identity: Option<String>,
    pub source_ip: Option<String>,
    pub tags: Option<BTreeMap<String, String>>,
    pub transitive_tag_keys: Option<Vec<String>>,
    pub context: BTreeMap<String, ContextValue>,
    pub trust_policy: Option<PolicySource>,
    pub max_session_duration: Option<serde_json::Value>,
    /// Documents of the caller's identity policies.
    pub identity_policies: Vec<PolicySource>,
    /// `identity_policies` is the caller's whole set (authorization
    /// details): it replaces the scenario's rather than adding to it.
    pub identity_complete: bool,
    pub permissions_boundary: Option<PolicySource>,
    /// A service control policy, at a level of its own (§6.6).
    pub scp: Option<PolicySource>,
    /// A resource control policy, at a level of its own (§6.6).
    pub rcp: Option<PolicySource>,
    /// What the output holds for several principals or roles: resolved
    /// against the caller and role the other inputs name.
    pub choice: Option<Choice>,
    /// The input is meant to be a format read here but cannot be read:
    /// why, with where.
    pub unreadable: Option<String>,
    /// The message AWS printed, without its wrapper.
    pub message: Option<String>,
    pub evidence: Vec<String>,
    pub surfaces: Vec<String>,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
    /// The message is about another call than a role assumption: nothing
    /// of it describes this scenario.
    pub about_another_call: bool,
}

impl Reading {
    fn new(format: &'static str) -> Reading {
        Reading {
            format,
            ..Reading::default()
        }
    }
}

/// A recogniser: the reading of a text it recognises, `None` otherwise.
type Recognizer = fn(&str) -> Option<Reading>;

/// Tried in order; each format is one more entry, in its own file.
/// Terraform comes first (a heredoc holds JSON the JSON reader would take
/// alone), then the JSON outputs (a CloudTrail record carries an error
/// message that the message recogniser would otherwise read alone).
const RECOGNIZERS: &[Recognizer] = &[
    terraform::recognize,
    json_output::recognize,
    error_message::recognize,
    token::recognize,
    saml::recognize,
    command_line::recognize,
    aws_config::recognize,
    workflow_step::recognize,
    cloudformation::recognize_yaml,
];

/// Reads every input and merges what each carries into `into` (or an empty
/// scenario), in order: a later input changes a field only when it says
/// something new, and its `filled` lists what it changed.
pub fn import(inputs: &[ImportInput], into: Option<&Scenario>) -> ImportOutcome {
    let mut scenario = into.cloned().unwrap_or_default();
    let mut recognized = Vec::new();
    let mut unrecognized = Vec::new();
    let readings: Vec<Option<Reading>> = inputs
        .iter()
        .map(|input| {
            let text = normalize::capped(&input.text);
            let reading = RECOGNIZERS.iter().find_map(|recognize| recognize(text))?;
            Some(command_line::with_echoed_command(reading, text))
        })
        .collect();
    // The caller and role the inputs (or `into`) name, the last one named
    // winning: what an output listing several principals or roles is narrowed to.
    let named = choice::Named::from_readings(into, &readings);
    for (input, reading) in inputs.iter().zip(readings) {
        let text = normalize::capped(&input.text);
        let Some(mut reading) = reading else {
            unrecognized.push(Unrecognized {
                source: input.source.clone(),
                error: unrecognized_error(&input.source, text),
            });
            continue;
        };
        if let Some(why) = &reading.unreadable {
            unrecognized.push(Unrecognized {
                source: input.source.clone(),
                error: format!("`{}` cannot be read: {why}", display_source(&input.source)),
            });
            continue;
        }
        if let Some(choice) = reading.choice.take() {
            choice.resolve(&named, &mut reading);
        }
        let mut entry = Recognized {
            source: input.source.clone(),
            format: reading.format.to_string(),
            filled: merge(&mut scenario, &reading),
            evidence: reading.evidence,
            surfaces: reading.surfaces,
            warnings: reading.warnings,
            notes: reading.notes,
        };
        if text.len() < input.text.len() {
            entry.warnings.push(format!(
                "only the first {MAX_IMPORT_BYTES} bytes of this input were read"
            ));
        }
        recognized.push(entry);
    }
    ImportOutcome {
        scenario,
        recognized,
        unrecognized,
    }
}

/// The `aws iam get-account-authorization-details` output a text holds,
/// with the warnings its reading gave (a truncated page); or why it is not
/// one.
pub fn authorization_details(text: &str) -> Result<(AuthorizationDetails, Vec<String>), String> {
    // Cut, a dump would be broken JSON: say why instead.
    if text.len() > MAX_DUMP_BYTES {
        return Err(format!(
            "it is larger than {MAX_DUMP_BYTES} bytes, the most an authorization-details \
            output is read here"
        ));
    }
    let Some(mut reading) = json_output::recognize(text) else {
        return Err("it is not an `aws iam get-account-authorization-details` output (no JSON output was found)".to_string());
    };
    if let Some(why) = reading.unreadable.take() {
        return Err(why);
    }
    match reading.choice.take() {
        Some(Choice::Authorization(details)) => Ok((*details, reading.warnings)),
        _ => Err(format!(
            "it is not an `aws iam get-account-authorization-details` output: it reads as {}",
            ACCEPTED_FORMATS
                .iter()
                .find(|(id, _)| *id == reading.format)
                .map_or(reading.format, |(_, name)| name)
        )),
    }
}

/// The error for an input no recogniser reads: it names the formats accepted.
pub fn unrecognized_error(source: &str, text: &str) -> String {
    let name = display_source(source);
    let what = if text.trim().is_empty() {
        format!("`{name}` is empty")
    } else if let Some(output) = json_output::other_cli_output(text) {
        format!(
            "`{name}` looks like an `aws` output printed with `--output {output}`, which import does not read: run the command again with `--output json` (the default)"
        )
    } else {
        format!("`{name}` is not a format import reads")
    };
    format!("{what}. {ACCEPTED_SUMMARY}")
}

/// What import reads, in a few families (each of `ACCEPTED_FORMATS` is in
/// one): the one message a person gets for a paste no format reads.
pub const ACCEPTED_SUMMARY: &str = "It reads: the error AWS printed (an AccessDenied \
    message or another STS error, bare or as a CLI, SDK, Terraform or CI log prints it); \
    `aws` CLI output in JSON (`aws iam get-role`, `list-roles`, `get-role-policy`, \
    `get-user-policy`, `get-group-policy`, `get-policy-version`, \
    `get-account-authorization-details`; `aws sts get-caller-identity`, \
    `decode-authorization-message`; `aws organizations describe-policy`); a CloudTrail \
    AssumeRole record; an OIDC token or its claims; a SAML response; an `aws sts assume-role` \
    command line; a role profile of `~/.aws/config`; a GitHub Actions step using \
    `aws-actions/configure-aws-credentials`; a Terraform role or policy document; a \
    CloudFormation template (JSON or YAML) or `cdk synth` output; a policy document. `aws` \
    output is read as JSON (the CLI's default): a command run with `--output yaml`, `text` or \
    `table` must be run again with `--output json`.";

fn display_source(source: &str) -> &str {
    if source == "-" {
        "standard input"
    } else {
        source
    }
}

/// Sets each field the reading carries that differs from the scenario's,
/// and returns the dotted paths it changed.
fn merge(scenario: &mut Scenario, reading: &Reading) -> Vec<String> {
    let mut filled = Vec::new();
    if reading.about_another_call {
        return filled;
    }
    let request = &mut scenario.request;
    set_optional(
        &mut request.action,
        &reading.action,
        "request.action",
        &mut filled,
    );
    set_required(
        &mut request.caller,
        &reading.caller,
        "request.caller",
        &mut filled,
    );
    set_required(
        &mut request.role_arn,
        &reading.role_arn,
        "request.role_arn",
        &mut filled,
    );
    set_optional(
        &mut request.role_session_name,
        &reading.role_session_name,
        "request.role_session_name",
        &mut filled,
    );
    set_optional(
        &mut request.external_id,
        &reading.external_id,
        "request.external_id",
        &mut filled,
    );
    set_optional(
        &mut request.duration_seconds,
        &reading.duration_seconds,
        "request.duration_seconds",
        &mut filled,
    );
    set_optional(
        &mut request.source_identity,
        &reading.source_identity,
        "request.source_identity",
        &mut filled,
    );
    set_optional(
        &mut request.source_ip,
        &reading.source_ip,
        "request.source_ip",
        &mut filled,
    );
    set_optional(
        &mut request.tags,
        &reading.tags,
        "request.tags",
        &mut filled,
    );
    set_optional(
        &mut request.transitive_tag_keys,
        &reading.transitive_tag_keys,
        "request.transitive_tag_keys",
        &mut filled,
    );
    if !reading.context.is_empty() {
        let context = request.context.get_or_insert_with(BTreeMap::new);
        let mut changed = false;
        for (key, value) in &reading.context {
            if context.get(key) != Some(value) {
                context.insert(key.clone(), value.clone());
                changed = true;
            }
        }
        if changed {
            filled.push("request.context".to_string());
        }
    }
    if let Some(serial) = &reading.mfa_serial {
        let mfa = request.mfa.get_or_insert_with(Mfa::default);
        set_optional(
            &mut mfa.serial_number,
            &Some(serial.clone()),
            "request.mfa.serial_number",
            &mut filled,
        );
        set_optional(
            &mut mfa.age_seconds,
            &reading.mfa_age_seconds,
            "request.mfa.age_seconds",
            &mut filled,
        );
    }
    merge_policies(scenario, reading, &mut filled);
    if let Some(message) = &reading.message {
        let observed = Observed {
            message: message.clone(),
            evidence: reading.evidence.clone(),
            surfaces: reading.surfaces.clone(),
            ..Observed::default()
        };
        let same = scenario.observed.as_ref().is_some_and(|held| {
            held.message == observed.message
                && held.evidence == observed.evidence
                && held.surfaces == observed.surfaces
        });
        if !same {
            scenario.observed = Some(observed);
            filled.push("observed".to_string());
        }
    }
    filled
}

/// The documents a reading carries: a trust policy or limit replaces the
/// role's; identity policies are added (or replace the caller's when the
/// reading holds the whole set); an SCP or RCP is a level of its own.
fn merge_policies(scenario: &mut Scenario, reading: &Reading, filled: &mut Vec<String>) {
    if let Some(trust) = &reading.trust_policy {
        if scenario.role.trust_policy.text() != trust.text() {
            scenario.role.trust_policy = trust.clone();
            filled.push("role.trust_policy".to_string());
        }
    }
    set_optional(
        &mut scenario.role.max_session_duration,
        &reading.max_session_duration,
        "role.max_session_duration",
        filled,
    );
    let caller_policies_given = !reading.identity_policies.is_empty()
        || reading.identity_complete
        || reading.permissions_boundary.is_some()
        || reading.scp.is_some();
    if caller_policies_given {
        let policies = scenario
            .caller_policies
            .get_or_insert_with(CallerPolicies::default);
        let same_set = |held: &[PolicySource]| {
            held.len() == reading.identity_policies.len()
                && held
                    .iter()
                    .zip(&reading.identity_policies)
                    .all(|(held, read)| held.text() == read.text())
        };
        if reading.identity_complete {
            if !same_set(&policies.identity) {
                policies.identity.clone_from(&reading.identity_policies);
                filled.push("caller_policies.identity".to_string());
            }
        } else {
            let mut added = false;
            for policy in &reading.identity_policies {
                if !policies
                    .identity
                    .iter()
                    .any(|held| held.text() == policy.text())
                {
                    policies.identity.push(policy.clone());
                    added = true;
                }
            }
            if added {
                filled.push("caller_policies.identity".to_string());
            }
        }
        if let Some(boundary) = &reading.permissions_boundary {
            let same = policies
                .permissions_boundary
                .as_ref()
                .is_some_and(|held| held.text() == boundary.text());
            if !same {
                policies.permissions_boundary = Some(boundary.clone());
                filled.push("caller_policies.permissions_boundary".to_string());
            }
        }
        if let Some(scp) = &reading.scp {
            if add_level(&mut policies.scps, scp) {
                filled.push("caller_policies.scps".to_string());
            }
        }
    }
    if let Some(rcp) = &reading.rcp {
        if add_level(&mut scenario.role.rcps, rcp) {
            filled.push("role.rcps".to_string());
        }
    }
}

/// Adds `policy` as a level of its own unless a level already holds it.
fn add_level(levels: &mut Option<Vec<Vec<PolicySource>>>, policy: &PolicySource) -> bool {
    let levels = levels.get_or_insert_with(Vec::new);
    let held = levels
        .iter()
        .flatten()
        .any(|held| held.text() == policy.text());
    if !held {
        levels.push(vec![policy.clone()]);
    }
    !held
}

fn set_optional<T: Clone + PartialEq>(
    field: &mut Option<T>,
    value: &Option<T>,
    path: &str,
    filled: &mut Vec<String>,
) {
    if let Some(value) = value {
        if field.as_ref() != Some(value) {
            *field = Some(value.clone());
            filled.push(path.to_string());
        }
    }
}

fn set_required(field: &mut String, value: &Option<String>, path: &str, filled: &mut Vec<String>) {
    if let Some(value) = value.as_ref().filter(|value| !value.is_empty()) {
        if field != value {
            field.clone_from(value);
            filled.push(path.to_string());
        }
    }
}

#[cfg(test)]
mod federation_tests;
#[cfg(test)]
mod iac_tests;
#[cfg(test)]
mod outputs_tests;
#[cfg(test)]
mod tests;
