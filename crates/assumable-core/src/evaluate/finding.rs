//! What a check found, in byte ranges; converted to the report's lines and
//! columns only at the end.

use std::borrow::Cow;
use std::cell::OnceCell;

use super::Documents;
use crate::report::{Check, CheckId, Decision, DocumentId, Edit, Fix, Location, Status};
use crate::scenario::Scenario;
use crate::text::{LineIndex, TextRange};

/// A place a finding points at.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Loc {
    Text {
        document: DocumentId,
        range: TextRange,
    },
    Field {
        document: DocumentId,
        field: String,
    },
}

impl Loc {
    pub(crate) fn text(document: DocumentId, range: TextRange) -> Loc {
        Loc::Text { document, range }
    }

    pub(crate) fn request_field(field: &str) -> Loc {
        Loc::Field {
            document: DocumentId::Request,
            field: field.to_string(),
        }
    }

    pub(crate) fn role_field(field: &str) -> Loc {
        Loc::Field {
            document: DocumentId::Role,
            field: field.to_string(),
        }
    }
}

/// One change of a fix, in byte ranges.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Change {
    Text {
        document: DocumentId,
        range: TextRange,
        replacement: String,
    },
    Field {
        document: DocumentId,
        field: String,
        value: serde_json::Value,
    },
    Document {
        document: DocumentId,
        replacement: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Remedy {
    pub title: String,
    pub changes: Vec<Change>,
    /// Entries to add to `request.context` (merged with what it holds when the
    /// report is made).
    pub context_entries: Vec<(String, serde_json::Value)>,
}

impl Remedy {
    pub(crate) fn new(title: impl Into<String>, changes: Vec<Change>) -> Remedy {
        Remedy {
            title: title.into(),
            changes,
            context_entries: Vec::new(),
        }
    }

    pub(crate) fn with_context_entries(
        mut self,
        entries: Vec<(String, serde_json::Value)>,
    ) -> Remedy {
        self.context_entries.extend(entries);
        self
    }

    pub(crate) fn set_request(
        title: impl Into<String>,
        field: &str,
        value: serde_json::Value,
    ) -> Remedy {
        Remedy::new(
            title,
            vec![Change::Field {
                document: DocumentId::Request,
                field: field.to_string(),
                value,
            }],
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Finding {
    pub status: Status,
    pub detail: Cow<'static, str>,
    pub locations: Vec<Loc>,
    pub remedy: Option<Remedy>,
    pub doc_url: Option<&'static str>,
}

impl Finding {
    fn new(status: Status, detail: impl Into<Cow<'static, str>>) -> Finding {
        Finding {
            status,
            detail: detail.into(),
            locations: Vec::new(),
            remedy: None,
            doc_url: None,
        }
    }

    pub(crate) fn pass(detail: impl Into<Cow<'static, str>>) -> Finding {
        Finding::new(Status::Pass, detail)
    }

    pub(crate) fn fail(detail: impl Into<Cow<'static, str>>) -> Finding {
        Finding::new(Status::Fail, detail)
    }

    pub(crate) fn warn(detail: impl Into<Cow<'static, str>>) -> Finding {
        Finding::new(Status::Warn, detail)
    }

    pub(crate) fn skip(detail: impl Into<Cow<'static, str>>) -> Finding {
        Finding::new(Status::Skip, detail)
    }

    pub(crate) fn at(mut self, location: Loc) -> Finding {
        if !self.locations.contains(&location) {
            self.locations.push(location);
        }
        self
    }

    pub(crate) fn at_all(mut self, locations: impl IntoIterator<Item = Loc>) -> Finding {
        for location in locations {
            self = self.at(location);
        }
        self
    }

    pub(crate) fn with_remedy(mut self, remedy: Option<Remedy>) -> Finding {
        self.remedy = remedy;
        self
    }

    pub(crate) fn doc(mut self, url: &'static str) -> Finding {
        self.doc_url = Some(url);
        self
    }
}

/// The finding of each check, set once each; a slot per check, in report
/// order (`CheckId` declares its variants in that order).
pub(crate) struct Findings {
    by_id: [Option<Finding>; CheckId::ALL.len()],
}

impl Findings {
    pub(crate) fn new() -> Findings {
        Findings {
            by_id: std::array::from_fn(|_| None),
        }
    }

    fn slot(&self, id: CheckId) -> Option<&Finding> {
        self.by_id.get(id as usize).and_then(Option::as_ref)
    }

    pub(crate) fn set(&mut self, id: CheckId, finding: Finding) {
        if let Some(slot) = self.by_id.get_mut(id as usize) {
            *slot = Some(finding);
        }
    }

    pub(crate) fn has(&self, id: CheckId) -> bool {
        self.slot(id).is_some()
    }

    pub(crate) fn status(&self, id: CheckId) -> Option<Status> {
        self.slot(id).map(|finding| finding.status)
    }

    pub(crate) fn failed(&self, id: CheckId) -> bool {
        self.status(id) == Some(Status::Fail)
    }

    /// The report's checks, in contract order, with lines and columns.
    pub(crate) fn into_checks(mut self, documents: &Documents, scenario: &Scenario) -> Vec<Check> {
        let converter = Converter::new(documents);
        CheckId::ALL
            .into_iter()
            .map(|id| {
                let finding = self
                    .by_id
                    .get_mut(id as usize)
                    .and_then(Option::take)
                    .unwrap_or_else(|| Finding::skip("Not evaluated."));
                let fix = finding.remedy.as_ref().map(|remedy| {
                    let mut edits: Vec<Edit> = remedy
                        .changes
                        .iter()
                        .filter_map(|c| converter.edit(c))
                        .collect();
                    if !remedy.context_entries.is_empty() {
                        edits.push(context_edit(scenario, &remedy.context_entries));
                    }
                    Fix {
                        title: remedy.title.clone(),
                        detail: String::new(),
                        changes: if edits.is_empty() { crate::report::Changes::Advice } else { crate::report::Changes::Policy },
                        applicability: crate::report::Applicability::Safe,
                        admits: String::new(),
                        edits,
                    }
                });
                Check {
                    id,
                    status: finding.status,
                    title: Cow::Borrowed(id.title()),
                    detail: finding.detail,
                    locations: finding
                        .locations
                        .iter()
                        .filter_map(|l| converter.location(l))
                        .collect(),
                    fix: if finding.status == Status::Fail || finding.status == Status::Warn {
                        fix
                    } else {
                        None
                    },
                    alternatives: Vec::new(),
                    doc_url: finding.doc_url.map(Cow::Borrowed),
                }
            })
            .collect()
    }
}

/// Byte ranges to 1-based lines and character columns, per document.
struct Converter<'a> {
    /// Each document's line index, built the first time a range in it is
    /// converted: most documents of most reports have none.
    indexes: Vec<(DocumentId, &'a str, OnceCell<LineIndex<'a>>)>,
}

impl<'a> Converter<'a> {
    fn new(documents: &'a Documents) -> Converter<'a> {
        let indexes = documents
            .all()
            .map(|document| (document.id, document.text.as_str(), OnceCell::new()))
            .collect();
        Converter { indexes }
    }

    fn span(&self, document: DocumentId, range: TextRange) -> Option<(usize, usize, usize, usize)> {
        let (_, text, index) = self.indexes.iter().find(|(id, _, _)| *id == document)?;
        let index = index.get_or_init(|| LineIndex::new(text));
        let start = index.line_col(range.start);
        let end = index.line_col(range.end);
        Some((start.line, start.column, end.line, end.column))
    }

    fn location(&self, location: &Loc) -> Option<Location> {
        match location {
            Loc::Text { document, range } => {
                let (line, column, end_line, end_column) = self.span(*document, *range)?;
                Some(Location {
                    document: *document,
                    line: Some(line),
                    column: Some(column),
                    end_line: Some(end_line),
                    end_column: Some(end_column),
                    field: None,
                })
            }
            Loc::Field { document, field } => Some(Location {
                document: *document,
                line: None,
                column: None,
                end_line: None,
                end_column: None,
                field: Some(crate::report::RequestField::parse(field)),
            }),
        }
    }

    fn edit(&self, change: &Change) -> Option<Edit> {
        match change {
            Change::Text {
                document,
                range,
                replacement,
            } => {
                let (line, column, end_line, end_column) = self.span(*document, *range)?;
                Some(Edit::Text {
                    document: *document,
                    line,
                    column,
                    end_line,
                    end_column,
                    replacement: replacement.clone(),
                })
            }
            Change::Field {
                document,
                field,
                value,
            } => Some(Edit::Field {
                document: *document,
                field: crate::report::RequestField::parse(field),
                value: value.clone(),
            }),
            Change::Document {
                document,
                replacement,
            } => Some(Edit::Document {
                document: *document,
                replacement: replacement.clone(),
            }),
        }
    }
}

/// The one-line verdict: the first failing check's detail, in the order a
/// person would fix things.
pub(crate) fn summarize(decision: Decision, checks: &[Check]) -> String {
    const ORDER: [CheckId; 18] = [
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
    let first_failure = ORDER.iter().find_map(|id| {
        checks
            .iter()
            .find(|check| check.id == *id && check.status == Status::Fail)
    });
    match (decision, first_failure) {
        (Decision::Allow, _) | (_, None) => {
            let warnings = checks.iter().filter(|c| c.status == Status::Warn).count();
            match warnings {
                0 => "Allowed: every check passes.".to_string(),
                1 => "Allowed, with 1 warning.".to_string(),
                n => format!("Allowed, with {n} warnings."),
            }
        }
        (Decision::Deny, Some(check)) => format!("Denied: {}", first_sentence(&check.detail)),
        (Decision::Invalid, Some(check)) => format!("Invalid: {}", first_sentence(&check.detail)),
    }
}

fn first_sentence(detail: &str) -> String {
    let lowered = lower_first(detail);
    match lowered.find(". ") {
        Some(end) => lowered.get(..=end).unwrap_or(&lowered).to_string(),
        None => lowered,
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        // Keep acronyms and code (`sts:...`, "MFA") as they are.
        Some(first)
            if first.is_uppercase() && chars.clone().next().is_some_and(|c| c.is_lowercase()) =>
        {
            first.to_lowercase().chain(chars).collect()
        }
        _ => text.to_string(),
    }
}

/// Sets `request.context` to what it holds plus `entries`.
fn context_edit(scenario: &Scenario, entries: &[(String, serde_json::Value)]) -> Edit {
    let mut context: serde_json::Map<String, serde_json::Value> = scenario
        .request
        .context
        .as_ref()
        .and_then(|context| serde_json::to_value(context).ok())
        .and_then(|value| value.as_object().cloned())
        .unwrap_or_default();
    for (key, value) in entries {
        // Keys compare case-insensitively: replace whatever spelling is there.
        context.retain(|existing, _| !existing.eq_ignore_ascii_case(key));
        if !value.is_null() {
            context.insert(key.clone(), value.clone());
        }
    }
    Edit::Field {
        document: DocumentId::Request,
        field: crate::report::RequestField::Context,
        value: serde_json::Value::Object(context),
    }
}
