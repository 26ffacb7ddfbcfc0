//! IAM policy documents: parsed from text into a located model, with every
//! grammar and quota problem reported as a located diagnostic.
//! Parsing never fails: it yields whatever model it can plus diagnostics.
//! OWNER: parser helper. Types below are the fixed interface.

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

/// Parses a policy document of the given kind.
pub fn parse_policy(text: &str, kind: PolicyKind) -> ParsedPolicy {
    let _ = text;
    ParsedPolicy {
        kind,
        policy: None,
        diagnostics: Vec::new(),
    }
}

/// Parses an operator name such as `ForAnyValue:StringLikeIfExists`
/// (case-sensitive, as IAM is). `None` for an unknown operator.
pub fn parse_operator(text: &str) -> Option<Operator> {
    let _ = text;
    None
}
