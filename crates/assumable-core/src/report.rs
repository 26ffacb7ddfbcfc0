//! The report: what the evaluator answers, exactly as
//! `shared/scenario-format.md` defines it.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::text::{LineCol, LineIndex, TextRange};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Allow,
    Deny,
    Invalid,
}

impl Decision {
    pub const fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::Deny => "deny",
            Decision::Invalid => "invalid",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Warn,
    Skip,
}

impl Status {
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Warn => "warn",
            Status::Skip => "skip",
        }
    }
}

/// The stable check ids, in report order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CheckId {
    #[serde(rename = "request.format")]
    RequestFormat,
    #[serde(rename = "request.caller")]
    RequestCaller,
    #[serde(rename = "trust.syntax")]
    TrustSyntax,
    #[serde(rename = "trust.principal")]
    TrustPrincipal,
    #[serde(rename = "trust.action")]
    TrustAction,
    #[serde(rename = "trust.external_id")]
    TrustExternalId,
    #[serde(rename = "trust.mfa")]
    TrustMfa,
    #[serde(rename = "trust.conditions")]
    TrustConditions,
    #[serde(rename = "trust.deny")]
    TrustDeny,
    #[serde(rename = "identity.syntax")]
    IdentitySyntax,
    #[serde(rename = "identity.allow")]
    IdentityAllow,
    #[serde(rename = "identity.deny")]
    IdentityDeny,
    #[serde(rename = "boundary.allow")]
    BoundaryAllow,
    #[serde(rename = "scp.allow")]
    ScpAllow,
    #[serde(rename = "rcp.allow")]
    RcpAllow,
    #[serde(rename = "session.duration")]
    SessionDuration,
    #[serde(rename = "session.tags")]
    SessionTags,
    #[serde(rename = "session.source_identity")]
    SessionSourceIdentity,
}

impl CheckId {
    /// The order a person fixes things in: the request and the documents
    /// first (nothing else can be judged while they are malformed), then
    /// who may call, the trust grant and the caller's own policies, then
    /// the conditions and limits. The report's summary names the first
    /// failing check in this order, and the page lists the checks in it.
    pub const FIX_ORDER: [CheckId; 18] = [
        CheckId::RequestFormat,
        CheckId::TrustSyntax,
        CheckId::IdentitySyntax,
        CheckId::RequestCaller,
        CheckId::TrustPrincipal,
        CheckId::TrustAction,
        CheckId::IdentityAllow,
        CheckId::TrustExternalId,
        CheckId::TrustMfa,
        CheckId::SessionDuration,
        CheckId::TrustConditions,
        CheckId::TrustDeny,
        CheckId::IdentityDeny,
        CheckId::BoundaryAllow,
        CheckId::ScpAllow,
        CheckId::RcpAllow,
        CheckId::SessionTags,
        CheckId::SessionSourceIdentity,
    ];

    pub const ALL: [CheckId; 18] = [
        CheckId::RequestFormat,
        CheckId::RequestCaller,
        CheckId::TrustSyntax,
        CheckId::TrustPrincipal,
        CheckId::TrustAction,
        CheckId::TrustExternalId,
        CheckId::TrustMfa,
        CheckId::TrustConditions,
        CheckId::TrustDeny,
        CheckId::IdentitySyntax,
        CheckId::IdentityAllow,
        CheckId::IdentityDeny,
        CheckId::BoundaryAllow,
        CheckId::ScpAllow,
        CheckId::RcpAllow,
        CheckId::SessionDuration,
        CheckId::SessionTags,
        CheckId::SessionSourceIdentity,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            CheckId::RequestFormat => "request.format",
            CheckId::RequestCaller => "request.caller",
            CheckId::TrustSyntax => "trust.syntax",
            CheckId::TrustPrincipal => "trust.principal",
            CheckId::TrustAction => "trust.action",
            CheckId::TrustExternalId => "trust.external_id",
            CheckId::TrustMfa => "trust.mfa",
            CheckId::TrustConditions => "trust.conditions",
            CheckId::TrustDeny => "trust.deny",
            CheckId::IdentitySyntax => "identity.syntax",
            CheckId::IdentityAllow => "identity.allow",
            CheckId::IdentityDeny => "identity.deny",
            CheckId::BoundaryAllow => "boundary.allow",
            CheckId::ScpAllow => "scp.allow",
            CheckId::RcpAllow => "rcp.allow",
            CheckId::SessionDuration => "session.duration",
            CheckId::SessionTags => "session.tags",
            CheckId::SessionSourceIdentity => "session.source_identity",
        }
    }

    pub fn parse(id: &str) -> Option<CheckId> {
        CheckId::ALL.into_iter().find(|check| check.as_str() == id)
    }

    /// What the check asks, as the checklist shows it.
    pub const fn title(self) -> &'static str {
        match self {
            CheckId::RequestFormat => "The request is well-formed",
            CheckId::RequestCaller => "The caller may call this action",
            CheckId::TrustSyntax => "The trust policy is valid",
            CheckId::TrustPrincipal => "The trust policy trusts the caller",
            CheckId::TrustAction => "The trust policy allows the action",
            CheckId::TrustExternalId => "The external ID matches",
            CheckId::TrustMfa => "The MFA condition is met",
            CheckId::TrustConditions => "The trust policy's other conditions are met",
            CheckId::TrustDeny => "No Deny in the trust policy applies",
            CheckId::IdentitySyntax => "The caller's and organization's policies are valid",
            CheckId::IdentityAllow => "The caller's own policies allow the call",
            CheckId::IdentityDeny => "No Deny in the caller's policies applies",
            CheckId::BoundaryAllow => "The permissions boundary allows the call",
            CheckId::ScpAllow => "Service control policies allow the call",
            CheckId::RcpAllow => "Resource control policies allow the call",
            CheckId::SessionDuration => "The session duration is allowed",
            CheckId::SessionTags => "Session tags are allowed",
            CheckId::SessionSourceIdentity => "The source identity is allowed",
        }
    }

    /// What the check failing means, as a clause ("a Deny in the caller's
    /// policies applies"): where a failing check is named without its
    /// checklist, such as a near miss of account-wide access.
    pub const fn failure(self) -> &'static str {
        match self {
            CheckId::RequestFormat => "the request is malformed",
            CheckId::RequestCaller => "this caller cannot make this call",
            CheckId::TrustSyntax => "the trust policy is not valid",
            CheckId::TrustPrincipal => "the trust policy does not trust the caller",
            CheckId::TrustAction => "the trust policy does not allow the action",
            CheckId::TrustExternalId => "the external ID does not match",
            CheckId::TrustMfa => "the MFA condition is not met",
            CheckId::TrustConditions => "another condition of the trust policy is not met",
            CheckId::TrustDeny => "a Deny in the trust policy applies",
            CheckId::IdentitySyntax => "a caller's or organization's policy is not valid",
            CheckId::IdentityAllow => "no policy of the caller's own allows the call",
            CheckId::IdentityDeny => "a Deny in the caller's policies applies",
            CheckId::BoundaryAllow => "the permissions boundary does not allow the call",
            CheckId::ScpAllow => "a service control policy does not allow the call",
            CheckId::RcpAllow => "a resource control policy does not allow the call",
            CheckId::SessionDuration => "the session duration is not allowed",
            CheckId::SessionTags => "the session tags are not allowed",
            CheckId::SessionSourceIdentity => "the source identity is not allowed",
        }
    }
}

impl std::fmt::Display for CheckId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a location or an edit points: a policy document or the request.
/// Serialized as `request`, `trust_policy`, `identity[N]`,
/// `permissions_boundary`, `scps[L][N]`, `rcps[L][N]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocumentId {
    Request,
    /// The role's own fields (max_session_duration).
    Role,
    TrustPolicy,
    Identity(usize),
    PermissionsBoundary,
    Scp(usize, usize),
    Rcp(usize, usize),
}

impl DocumentId {
    pub fn parse(name: &str) -> Option<DocumentId> {
        fn indexes(rest: &str) -> Option<Vec<usize>> {
            let mut found = Vec::new();
            let mut rest = rest;
            while !rest.is_empty() {
                let inner = rest.strip_prefix('[')?;
                let close = inner.find(']')?;
                found.push(inner.get(..close)?.parse().ok()?);
                rest = inner.get(close + 1..)?;
            }
            Some(found)
        }
        match name {
            "request" => return Some(DocumentId::Request),
            "role" => return Some(DocumentId::Role),
            "trust_policy" => return Some(DocumentId::TrustPolicy),
            "permissions_boundary" => return Some(DocumentId::PermissionsBoundary),
            _ => {}
        }
        if let Some(rest) = name.strip_prefix("identity") {
            return match indexes(rest)?.as_slice() {
                [n] => Some(DocumentId::Identity(*n)),
                _ => None,
            };
        }
        for (prefix, make) in [
            ("scps", DocumentId::Scp as fn(usize, usize) -> DocumentId),
            ("rcps", DocumentId::Rcp),
        ] {
            if let Some(rest) = name.strip_prefix(prefix) {
                return match indexes(rest)?.as_slice() {
                    [level, n] => Some(make(*level, *n)),
                    _ => None,
                };
            }
        }
        None
    }

    pub fn is_policy(self) -> bool {
        !matches!(self, DocumentId::Request | DocumentId::Role)
    }

    /// The document's name as a person reads it, the page's heading for it:
    /// counted from 1 ("Identity policy 1"), never the contract's path
    /// (`identity[0]`), which the CLI prints where it shows a path.
    pub fn label(self) -> String {
        match self {
            DocumentId::Request => "Request".into(),
            DocumentId::Role => "Role".into(),
            DocumentId::TrustPolicy => "Trust policy".into(),
            DocumentId::Identity(n) => format!("Identity policy {}", n + 1),
            DocumentId::PermissionsBoundary => "Permissions boundary".into(),
            DocumentId::Scp(level, n) => format!("SCP level {}, policy {}", level + 1, n + 1),
            DocumentId::Rcp(level, n) => format!("RCP level {}, policy {}", level + 1, n + 1),
        }
    }
}

impl std::fmt::Display for DocumentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocumentId::Request => f.write_str("request"),
            DocumentId::Role => f.write_str("role"),
            DocumentId::TrustPolicy => f.write_str("trust_policy"),
            DocumentId::Identity(n) => write!(f, "identity[{n}]"),
            DocumentId::PermissionsBoundary => f.write_str("permissions_boundary"),
            DocumentId::Scp(level, n) => write!(f, "scps[{level}][{n}]"),
            DocumentId::Rcp(level, n) => write!(f, "rcps[{level}][{n}]"),
        }
    }
}

impl Serialize for DocumentId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DocumentId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        DocumentId::parse(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown document `{name}`")))
    }
}

/// A field of the request (`document: "request"`) or of the role
/// (`document: "role"`), as the contract spells it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RequestField {
    Action,
    Caller,
    RoleArn,
    RoleSessionName,
    ExternalId,
    DurationSeconds,
    Mfa,
    SourceIp,
    SourceIdentity,
    Tags,
    TransitiveTagKeys,
    Context,
    /// The role's `max_session_duration`.
    MaxSessionDuration,
    /// A field the scenario format does not know (kept to name it).
    Unknown(String),
}

impl RequestField {
    pub const KNOWN: [RequestField; 13] = [
        RequestField::Action,
        RequestField::Caller,
        RequestField::RoleArn,
        RequestField::RoleSessionName,
        RequestField::ExternalId,
        RequestField::DurationSeconds,
        RequestField::Mfa,
        RequestField::SourceIp,
        RequestField::SourceIdentity,
        RequestField::Tags,
        RequestField::TransitiveTagKeys,
        RequestField::Context,
        RequestField::MaxSessionDuration,
    ];

    pub fn as_str(&self) -> &str {
        match self {
            RequestField::Action => "action",
            RequestField::Caller => "caller",
            RequestField::RoleArn => "role_arn",
            RequestField::RoleSessionName => "role_session_name",
            RequestField::ExternalId => "external_id",
            RequestField::DurationSeconds => "duration_seconds",
            RequestField::Mfa => "mfa",
            RequestField::SourceIp => "source_ip",
            RequestField::SourceIdentity => "source_identity",
            RequestField::Tags => "tags",
            RequestField::TransitiveTagKeys => "transitive_tag_keys",
            RequestField::Context => "context",
            RequestField::MaxSessionDuration => "max_session_duration",
            RequestField::Unknown(name) => name,
        }
    }

    pub fn parse(name: &str) -> RequestField {
        RequestField::KNOWN
            .into_iter()
            .find(|field| field.as_str() == name)
            .unwrap_or_else(|| RequestField::Unknown(name.to_string()))
    }

    /// The field's name as a person reads it, the label of its input on the
    /// page ("Role ARN", "Duration (seconds)"), never the contract's key.
    pub fn label(&self) -> &str {
        match self {
            RequestField::Action => "Action",
            RequestField::Caller => "Caller",
            RequestField::RoleArn => "Role ARN",
            RequestField::RoleSessionName => "Session name",
            RequestField::ExternalId => "External ID",
            RequestField::DurationSeconds => "Duration (seconds)",
            RequestField::Mfa => "MFA",
            RequestField::SourceIp => "Source IP",
            RequestField::SourceIdentity => "Source identity",
            RequestField::Tags => "Session tags",
            RequestField::TransitiveTagKeys => "Transitive tag keys",
            RequestField::Context => "Extra context keys",
            RequestField::MaxSessionDuration => "Role's maximum session (seconds)",
            RequestField::Unknown(name) => name,
        }
    }

    /// The document that holds the field.
    pub fn document(&self) -> DocumentId {
        match self {
            RequestField::MaxSessionDuration => DocumentId::Role,
            _ => DocumentId::Request,
        }
    }

    /// A fact of the case, which no fix may edit: who calls, which role,
    /// the action their credentials imply, where they call from, and the
    /// context AWS derives (token claims, tags, organization, clock).
    pub fn is_fact(&self) -> bool {
        matches!(
            self,
            RequestField::Action
                | RequestField::Caller
                | RequestField::RoleArn
                | RequestField::SourceIp
                | RequestField::Context
        )
    }
}

impl std::fmt::Display for RequestField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RequestField {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RequestField {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <Cow<'de, str>>::deserialize(deserializer)?;
        Ok(RequestField::parse(&name))
    }
}

/// A place in a document: a text range (lines and columns from 1, columns in
/// characters, end exclusive) or, in the request or role, a field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub document: DocumentId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_column: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<RequestField>,
}

impl Location {
    /// The byte range this location underlines in `text`, the document's
    /// text; `None` for a field, or a range that does not lie inside the
    /// text the right way round.
    pub fn byte_range(&self, text: &str) -> Option<TextRange> {
        let start = LineCol {
            line: self.line?,
            column: self.column?,
        };
        let end = LineCol {
            line: self.end_line?,
            column: self.end_column?,
        };
        text_range(text, start, end)
    }
}

fn text_range(text: &str, start: LineCol, end: LineCol) -> Option<TextRange> {
    let index = LineIndex::new(text);
    let start = index.offset(start)?;
    let end = index.offset(end)?;
    (start <= end).then_some(TextRange::new(start, end))
}

/// One change of a fix. Serialized as the contract's three shapes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Edit {
    /// Replace a range of a document's text.
    Text {
        document: DocumentId,
        line: usize,
        column: usize,
        end_line: usize,
        end_column: usize,
        replacement: String,
    },
    /// Set a field of the request or the role; `null` removes it.
    Field {
        document: DocumentId,
        field: RequestField,
        value: serde_json::Value,
    },
    /// Replace a document's whole text, creating the document if needed.
    Document {
        document: DocumentId,
        replacement: String,
    },
}

impl Edit {
    /// The document the edit changes.
    pub fn document(&self) -> DocumentId {
        match self {
            Edit::Text { document, .. }
            | Edit::Field { document, .. }
            | Edit::Document { document, .. } => *document,
        }
    }

    /// The byte range a text edit replaces in `text`, the document's text
    /// (the whole text for a document edit); `None` for a field edit or a
    /// range that does not lie inside the text.
    pub fn byte_range(&self, text: &str) -> Option<TextRange> {
        match self {
            Edit::Text {
                line,
                column,
                end_line,
                end_column,
                ..
            } => text_range(
                text,
                LineCol {
                    line: *line,
                    column: *column,
                },
                LineCol {
                    line: *end_line,
                    column: *end_column,
                },
            ),
            Edit::Document { .. } => Some(TextRange::new(0, text.len())),
            Edit::Field { .. } => None,
        }
    }
}

/// What a fix changes: the documents a person controls, the request
/// parameters the caller chooses, or nothing (advice to act outside them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Changes {
    Policy,
    Request,
    Advice,
}

impl Changes {
    pub const fn as_str(self) -> &'static str {
        match self {
            Changes::Policy => "policy",
            Changes::Request => "request",
            Changes::Advice => "advice",
        }
    }
}

/// Whether a fix can let anyone but this caller, making this call, assume
/// the role (`unsafe`: a new principal, a wider condition, a removed Deny).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    Safe,
    Unsafe,
}

impl Applicability {
    pub const fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    /// The remedy in a few words; for advice, the instruction itself.
    pub title: String,
    /// More about the remedy: for advice, how to carry it out.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    pub changes: Changes,
    pub applicability: Applicability,
    /// For an unsafe fix: whom or what else it lets assume the role (an
    /// addition to the contract, shown before the page applies it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub admits: String,
    /// Empty for advice.
    #[serde(default)]
    pub edits: Vec<Edit>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub id: CheckId,
    pub status: Status,
    /// Static text in most checks: borrowed, so that a report costs few allocations.
    pub title: Cow<'static, str>,
    pub detail: Cow<'static, str>,
    #[serde(default)]
    pub locations: Vec<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// Other reasonable remedies beside `fix` (which the evidence favours).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Fix>,
    /// The named diagnoses that explain this check (`wildcard_under_equals_operator`),
    /// an addition to the contract.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnoses: Vec<Cow<'static, str>>,
    /// The AWS documentation page that states the rule (an addition to the contract).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_url: Option<Cow<'static, str>>,
    /// The error code AWS answers with when it refuses what this check
    /// found (`MalformedPolicyDocument`), an addition to the contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<Cow<'static, str>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub decision: Decision,
    pub checks: Vec<Check>,
    /// A one-line verdict in plain words (an addition to the contract).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// Whether the evaluation agrees with what AWS said (the scenario's
    /// `observed`); absent when the scenario keeps no message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<ObservedAgreement>,
}

/// The evaluation set beside the error AWS printed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObservedAgreement {
    /// The check ids the message names (`trust.*` for any trust check).
    pub evidence: Vec<String>,
    /// False when the failing checks do not include what AWS named, or the
    /// evaluation allows while AWS denied.
    pub agrees: bool,
    /// What the agreement or disagreement usually means: which input is missing.
    pub detail: String,
}

impl Report {
    pub fn check(&self, id: CheckId) -> Option<&Check> {
        self.checks.iter().find(|check| check.id == id)
    }

    /// The checks in [`CheckId::FIX_ORDER`], then any others as reported.
    pub fn checks_in_fix_order(&self) -> Vec<&Check> {
        let mut ordered: Vec<&Check> = CheckId::FIX_ORDER
            .iter()
            .filter_map(|id| self.check(*id))
            .collect();
        for check in &self.checks {
            if !CheckId::FIX_ORDER.contains(&check.id) {
                ordered.push(check);
            }
        }
        ordered
    }

    /// The failing check a person should fix first.
    pub fn first_to_fix(&self) -> Option<&Check> {
        CheckId::FIX_ORDER
            .iter()
            .filter_map(|id| self.check(*id))
            .find(|check| check.status == Status::Fail)
    }

    pub fn failing(&self) -> Vec<CheckId> {
        self.checks
            .iter()
            .filter(|check| check.status == Status::Fail)
            .map(|check| check.id)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{CheckId, DocumentId, Edit, Location};
    use crate::text::TextRange;

    /// A failing check said without its checklist reads as a clause of its
    /// own: one per check, none repeated, none the title's "no … applies"
    /// turned into "fails: No … applies".
    #[test]
    fn every_check_says_what_its_failing_means() {
        let clauses: Vec<&str> = CheckId::ALL.iter().map(|id| id.failure()).collect();
        let mut distinct = clauses.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), clauses.len(), "{clauses:?}");
        for (id, clause) in CheckId::ALL.iter().zip(&clauses) {
            assert!(
                clause.starts_with(|c: char| c.is_ascii_lowercase()) && !clause.ends_with('.'),
                "{id}: {clause}"
            );
            assert_ne!(
                clause.to_ascii_lowercase(),
                id.title().to_ascii_lowercase(),
                "{id}"
            );
        }
    }

    #[test]
    fn fix_order_names_every_check_once() {
        let mut order = CheckId::FIX_ORDER.to_vec();
        order.sort();
        assert_eq!(order, CheckId::ALL.to_vec());
    }

    fn location(line: usize, column: usize, end_line: usize, end_column: usize) -> Location {
        Location {
            document: DocumentId::TrustPolicy,
            line: Some(line),
            column: Some(column),
            end_line: Some(end_line),
            end_column: Some(end_column),
            field: None,
        }
    }

    #[test]
    fn byte_ranges_count_columns_in_characters() {
        let text = "{\n  \"é\": \"x\"\n}";
        let range = location(2, 3, 2, 6).byte_range(text);
        assert_eq!(range.map(|range| range.slice(text)), Some("\"é\""));
        assert_eq!(location(2, 6, 2, 3).byte_range(text), None, "backwards");
        assert_eq!(location(9, 1, 9, 2).byte_range(text), None, "past the end");
        let field = Location {
            line: None,
            ..location(1, 1, 1, 1)
        };
        assert_eq!(field.byte_range(text), None);
        let whole = Edit::Document {
            document: DocumentId::TrustPolicy,
            replacement: String::new(),
        };
        assert_eq!(whole.byte_range(text), Some(TextRange::new(0, text.len())));
    }

    /// The evaluator keeps a slot per check indexed by `id as usize`.
    #[test]
    fn check_ids_are_declared_in_report_order() {
        for (position, id) in CheckId::ALL.into_iter().enumerate() {
            assert_eq!(id as usize, position, "{id:?}");
        }
    }
}
