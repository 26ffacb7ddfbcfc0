//! IAM policy documents: parsed from text into a located model, with every
//! grammar and quota problem reported as a located diagnostic.
//! Parsing never fails: it yields whatever model it can plus diagnostics.
//!
//! Rules, with the AWS pages they come from:
//! - grammar: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html>
//!   (elements, value types, "individual elements must not contain multiple
//!   instances of the same key", Sid characters);
//! - elements: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html>
//!   (Principal, NotPrincipal, Version, Condition operators);
//! - quotas and characters: [`quota`];
//! - SCPs and RCPs: <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html>,
//!   <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html>.
//!
//! A statement whose `Effect` is missing or unknown is left out of the model
//! (there is nothing to evaluate); everything else that was readable is kept,
//! so the evaluator can still explain a document that has errors.

mod check;
pub mod operator;
pub mod principal_syntax;
pub mod quota;

pub use operator::{parse_operator, suggest_operator};

use crate::text::{Spanned, TextRange};

/// Which kind of policy a document is; the rules differ
/// (a trust policy has a Principal and no Resource, and so on).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyKind {
    Trust,
    Identity,
    PermissionsBoundary,
    Scp,
    Rcp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// AWS rejects the document: a `*.syntax` failure.
    Error,
    /// AWS accepts it, but it is likely a mistake.
    Warning,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PolicyDiagnostic {
    pub severity: Severity,
    /// Lowercase sentence; user text in backticks.
    pub message: String,
    pub range: TextRange,
    /// How to fix it, when there is something to say.
    pub help: Option<String>,
    /// A replacement for `range` that fixes it, when one is certain.
    pub replacement: Option<String>,
    /// The error code IAM answers with (`MalformedPolicyDocument`), when known.
    pub error_code: Option<&'static str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ParsedPolicy {
    pub kind: PolicyKind,
    /// `None` only when the text is not JSON at all (or not an object).
    pub policy: Option<Policy>,
    pub diagnostics: Vec<PolicyDiagnostic>,
}

impl ParsedPolicy {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyVersion {
    /// "2012-10-17": policy variables are substituted.
    V2012,
    /// "2008-10-17" or no Version: `${...}` is literal text.
    V2008,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub version: PolicyVersion,
    pub statements: Vec<Statement>,
    /// The whole document's range.
    pub range: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// Position in the Statement array (0 for a lone statement object).
    pub index: usize,
    pub sid: Option<Spanned<String>>,
    pub effect: Spanned<Effect>,
    /// `Principal` or `NotPrincipal`.
    pub principal: Option<PrincipalBlock>,
    /// `Action` or `NotAction`.
    pub action: Option<NameList>,
    /// `Resource` or `NotResource`.
    pub resource: Option<NameList>,
    pub conditions: Vec<Condition>,
    /// The statement object's range.
    pub range: TextRange,
    /// The range of the `"Condition": {...}` member, if any.
    pub condition_range: Option<TextRange>,
}

/// `Action`/`NotAction` or `Resource`/`NotResource`: one string or an array.
#[derive(Clone, Debug, PartialEq)]
pub struct NameList {
    pub negated: bool,
    pub values: Vec<Spanned<String>>,
    /// The whole member (`"Action": ...`).
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PrincipalBlock {
    pub negated: bool,
    /// `"Principal": "*"` (the bare string form).
    pub any: bool,
    pub entries: Vec<PrincipalEntry>,
    /// The whole member (`"Principal": ...`).
    pub range: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrincipalType {
    Aws,
    Service,
    Federated,
    CanonicalUser,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PrincipalEntry {
    pub kind: PrincipalType,
    /// The value's range includes its quotes.
    pub value: Spanned<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetQualifier {
    ForAllValues,
    ForAnyValue,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnNotEquals,
    ArnLike,
    ArnNotLike,
    Null,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operator {
    pub qualifier: Option<SetQualifier>,
    pub base: BaseOperator,
    pub if_exists: bool,
}

/// One condition entry: operator, key and its values (values OR together).
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// The operator as written, with its range (quotes included).
    pub operator_text: Spanned<String>,
    /// `None` when the operator is unknown (then a syntax error is reported).
    pub operator: Option<Operator>,
    /// The key as written, with its range (quotes included).
    pub key: Spanned<String>,
    /// Values as strings (JSON numbers and booleans as written).
    pub values: Vec<Spanned<String>>,
    /// From the key's opening quote to the end of its value.
    pub range: TextRange,
}

/// Parses a policy document of the given kind. Never fails: problems are
/// diagnostics, sorted by position.
pub fn parse_policy(text: &str, kind: PolicyKind) -> ParsedPolicy {
    check::parse(text, kind)
}

/// [`parse_policy`] of a document's JSON text as a scenario wrote it, when
/// that text is plain (no number, no escape: `json::parse_json_noting_plain`)
/// and every check but the size of an SCP or RCP (which counts white space)
/// reads it as the canonical pretty text; else `None`.
pub(crate) fn parse_policy_if_plain(text: &str, kind: PolicyKind) -> Option<ParsedPolicy> {
    if matches!(kind, PolicyKind::Scp | PolicyKind::Rcp) {
        return None;
    }
    check::parse_if_plain(text, kind)
}

impl PolicyKind {
    /// The kind with its article: "a trust policy", "an SCP".
    pub fn with_article(self) -> &'static str {
        match self {
            PolicyKind::Trust => "a trust policy",
            PolicyKind::Identity => "an identity policy",
            PolicyKind::PermissionsBoundary => "a permissions boundary",
            PolicyKind::Scp => "an SCP",
            PolicyKind::Rcp => "an RCP",
        }
    }

    /// How messages name a document of this kind.
    pub fn describe(self) -> &'static str {
        match self {
            PolicyKind::Trust => "trust policy",
            PolicyKind::Identity => "identity policy",
            PolicyKind::PermissionsBoundary => "permissions boundary",
            PolicyKind::Scp => "SCP",
            PolicyKind::Rcp => "RCP",
        }
    }
}

/// A diagnostic before it has a range.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub replacement: Option<String>,
    pub error_code: Option<&'static str>,
}

impl Finding {
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            help: None,
            replacement: None,
            error_code: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_error_code(mut self, code: &'static str) -> Self {
        self.error_code = Some(code);
        self
    }

    pub fn with_replacement(mut self, replacement: impl Into<String>) -> Self {
        self.replacement = Some(replacement.into());
        self
    }

    pub fn at(self, range: TextRange) -> PolicyDiagnostic {
        PolicyDiagnostic {
            severity: self.severity,
            message: clip(self.message, MAX_MESSAGE_LEN),
            range,
            help: self.help.map(|help| clip(help, MAX_MESSAGE_LEN * 2)),
            replacement: self.replacement,
            error_code: self.error_code,
        }
    }
}

/// Messages quote the user's text; a pasted megabyte must not make a
/// megabyte message.
const MAX_MESSAGE_LEN: usize = 500;

fn clip(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests;
