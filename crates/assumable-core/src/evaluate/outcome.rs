//! What a check found, in byte ranges; converted to the report's lines and
//! columns only at the end.

use std::borrow::Cow;
use std::cell::OnceCell;

use crate::report::{
    Applicability, Changes, Check, CheckId, Decision, DocumentId, Edit, Fix, Location,
    RequestField, Status,
};
use crate::text::{LineIndex, TextRange};

/// A place a finding points at.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Span {
    Text {
        document: DocumentId,
        range: TextRange,
    },
    Field {
        document: DocumentId,
        field: RequestField,
    },
}

impl Span {
    pub(crate) fn text(document: DocumentId, range: TextRange) -> Span {
        Span::Text { document, range }
    }

    /// A field of the request or of the role.
    pub(crate) fn field(field: RequestField) -> Span {
        Span::Field {
            document: field.document(),
            field,
        }
    }
}

/// One change of a fix, in byte ranges.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum EditDraft {
    Text {
        document: DocumentId,
        range: TextRange,
        replacement: String,
    },
    Field {
        document: DocumentId,
        field: RequestField,
        value: serde_json::Value,
    },
    Document {
        document: DocumentId,
        replacement: String,
    },
}

impl EditDraft {
    pub(crate) fn replace(
        document: DocumentId,
        range: TextRange,
        text: impl Into<String>,
    ) -> EditDraft {
        EditDraft::Text {
            document,
            range,
            replacement: text.into(),
        }
    }

    pub(crate) fn set_field(field: RequestField, value: serde_json::Value) -> EditDraft {
        EditDraft::Field {
            document: field.document(),
            field,
            value,
        }
    }

    /// Two edits of the same text: applied together, one would undo the
    /// other (or a range would no longer exist).
    pub(crate) fn overlaps(&self, other: &EditDraft) -> bool {
        match (self, other) {
            (
                EditDraft::Text {
                    document, range, ..
                },
                EditDraft::Text {
                    document: other_document,
                    range: other_range,
                    ..
                },
            ) => {
                document == other_document
                    && range.start < other_range.end
                    && other_range.start < range.end
            }
            (
                EditDraft::Document { document, .. },
                EditDraft::Text {
                    document: other, ..
                },
            )
            | (
                EditDraft::Text { document, .. },
                EditDraft::Document {
                    document: other, ..
                },
            )
            | (
                EditDraft::Document { document, .. },
                EditDraft::Document {
                    document: other, ..
                },
            ) => document == other,
            (
                EditDraft::Field { field, .. },
                EditDraft::Field {
                    field: other_field, ..
                },
            ) => field == other_field,
            _ => false,
        }
    }

    pub(crate) fn new_document(document: DocumentId, text: String) -> EditDraft {
        EditDraft::Document {
            document,
            replacement: text,
        }
    }
}

/// A fix before it is laid out in lines and columns. Built only by the
/// constructors below, so that every fix says whether it is safe.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FixDraft {
    pub title: String,
    pub detail: String,
    pub applicability: Applicability,
    /// For an unsafe fix: whom or what else it admits.
    pub admits: String,
    pub edits: Vec<EditDraft>,
}

impl FixDraft {
    /// A fix that lets no one but this caller, making this call, in.
    pub(crate) fn safe(title: impl Into<String>, edits: Vec<EditDraft>) -> FixDraft {
        FixDraft {
            title: title.into(),
            detail: String::new(),
            applicability: Applicability::Safe,
            admits: String::new(),
            edits,
        }
    }

    /// A fix that widens who or what may assume the role; `admits` says how.
    pub(crate) fn widening(
        title: impl Into<String>,
        admits: impl Into<String>,
        edits: Vec<EditDraft>,
    ) -> FixDraft {
        FixDraft {
            title: title.into(),
            detail: String::new(),
            applicability: Applicability::Unsafe,
            admits: admits.into(),
            edits,
        }
    }

    /// A remedy outside every document: an instruction, with no edits.
    pub(crate) fn advice(title: impl Into<String>, detail: impl Into<String>) -> FixDraft {
        FixDraft {
            title: title.into(),
            detail: detail.into(),
            applicability: Applicability::Safe,
            admits: String::new(),
            edits: Vec::new(),
        }
    }

    /// A safe change of one request parameter the caller chooses.
    pub(crate) fn set_request(
        title: impl Into<String>,
        field: RequestField,
        value: serde_json::Value,
    ) -> FixDraft {
        FixDraft::safe(title, vec![EditDraft::set_field(field, value)])
    }

    pub(crate) fn is_advice(&self) -> bool {
        self.edits.is_empty()
    }

    /// What the fix changes, from its edits.
    pub(crate) fn changes(&self) -> Changes {
        if self.edits.is_empty() {
            Changes::Advice
        } else if self.edits.iter().all(|edit| {
            matches!(
                edit,
                EditDraft::Field {
                    document: DocumentId::Request,
                    ..
                }
            )
        }) {
            Changes::Request
        } else {
            Changes::Policy
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CheckOutcome {
    pub status: Status,
    pub detail: Cow<'static, str>,
    pub locations: Vec<Span>,
    pub remedy: Option<FixDraft>,
    /// Other reasonable remedies, after the one the evidence favours.
    pub alternatives: Vec<FixDraft>,
    /// The named diagnoses behind the detail and the fixes.
    pub diagnoses: Vec<&'static str>,
    pub doc_url: Option<&'static str>,
    /// The error code AWS answers with, when the check knows it.
    pub error_code: Option<&'static str>,
}

impl CheckOutcome {
    fn new(status: Status, detail: impl Into<Cow<'static, str>>) -> CheckOutcome {
        CheckOutcome {
            status,
            detail: detail.into(),
            locations: Vec::new(),
            remedy: None,
            alternatives: Vec::new(),
            diagnoses: Vec::new(),
            doc_url: None,
            error_code: None,
        }
    }

    pub(crate) fn pass(detail: impl Into<Cow<'static, str>>) -> CheckOutcome {
        CheckOutcome::new(Status::Pass, detail)
    }

    pub(crate) fn fail(detail: impl Into<Cow<'static, str>>) -> CheckOutcome {
        CheckOutcome::new(Status::Fail, detail)
    }

    pub(crate) fn warn(detail: impl Into<Cow<'static, str>>) -> CheckOutcome {
        CheckOutcome::new(Status::Warn, detail)
    }

    pub(crate) fn skip(detail: impl Into<Cow<'static, str>>) -> CheckOutcome {
        CheckOutcome::new(Status::Skip, detail)
    }

    /// What [`Mode::Decide`] keeps of an outcome: whether it failed (no
    /// detail, location or fix). Only a failure is ever read back, so a
    /// check that does not fail may be `pass` here where it would warn or
    /// skip.
    pub(crate) fn decided(failed: bool) -> CheckOutcome {
        CheckOutcome::new(if failed { Status::Fail } else { Status::Pass }, "")
    }

    pub(crate) fn at(mut self, location: Span) -> CheckOutcome {
        if !self.locations.contains(&location) {
            self.locations.push(location);
        }
        self
    }

    pub(crate) fn at_all(mut self, locations: impl IntoIterator<Item = Span>) -> CheckOutcome {
        for location in locations {
            self = self.at(location);
        }
        self
    }

    pub(crate) fn with_remedy(mut self, remedy: Option<FixDraft>) -> CheckOutcome {
        self.remedy = remedy;
        self
    }

    /// The remedies in the order the evidence favours them: the first is
    /// the fix, the rest its alternatives.
    pub(crate) fn with_remedies(
        mut self,
        remedies: impl IntoIterator<Item = FixDraft>,
    ) -> CheckOutcome {
        let mut remedies = remedies.into_iter();
        self.remedy = remedies.next();
        self.alternatives = remedies.collect();
        self
    }

    pub(crate) fn diagnosed_by(
        mut self,
        names: impl IntoIterator<Item = &'static str>,
    ) -> CheckOutcome {
        for name in names {
            if !self.diagnoses.contains(&name) {
                self.diagnoses.push(name);
            }
        }
        self
    }

    pub(crate) fn doc(mut self, url: &'static str) -> CheckOutcome {
        self.doc_url = Some(url);
        self
    }

    pub(crate) fn error_code(mut self, code: Option<&'static str>) -> CheckOutcome {
        self.error_code = code;
        self
    }
}

/// What an evaluation is for: the whole report, its decision and failing
/// checks only, or one check's fixes. One set of checks serves all three; a
/// check consults the mode (`CheckOutcomes::explains`, `Request::explains`)
/// before it drafts a fix, points at text or words what only the report
/// shows, never before it judges a status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// The report: every detail, location and fix.
    Explain,
    /// The decision and the failing check ids: statuses only.
    Decide,
    /// One check explained as the report explains it (its fixes), every
    /// other check decided: the report's first fix, for account-wide access,
    /// without the words of the checks that pass.
    Fix(CheckId),
}

impl Mode {
    /// Whether check `id` is explained in this mode.
    pub(crate) fn explains(self, id: CheckId) -> bool {
        match self {
            Mode::Explain => true,
            Mode::Decide => false,
            Mode::Fix(target) => target == id,
        }
    }
}

/// The finding of each check, set once each; a slot per check, in report
/// order (`CheckId` declares its variants in that order).
pub(crate) struct CheckOutcomes {
    by_id: [Option<CheckOutcome>; CheckId::ALL.len()],
    mode: Mode,
}

impl CheckOutcomes {
    #[cfg(test)]
    pub(crate) fn new() -> CheckOutcomes {
        CheckOutcomes::with_mode(Mode::Explain)
    }

    pub(crate) fn with_mode(mode: Mode) -> CheckOutcomes {
        CheckOutcomes {
            by_id: std::array::from_fn(|_| None),
            mode,
        }
    }

    pub(crate) fn mode(&self) -> Mode {
        self.mode
    }

    /// Whether check `id`'s text, locations and fixes are wanted.
    pub(crate) fn explains(&self, id: CheckId) -> bool {
        self.mode.explains(id)
    }

    /// The checks that failed, in report order (a check never set is
    /// skipped, as [`CheckOutcomes::into_checks`] reports it).
    pub(crate) fn failing(&self) -> Vec<CheckId> {
        CheckId::ALL
            .into_iter()
            .filter(|id| self.failed(*id))
            .collect()
    }

    fn slot(&self, id: CheckId) -> Option<&CheckOutcome> {
        self.by_id.get(id as usize).and_then(Option::as_ref)
    }

    pub(crate) fn set(&mut self, id: CheckId, finding: CheckOutcome) {
        if let Some(slot) = self.by_id.get_mut(id as usize) {
            *slot = Some(finding);
        }
    }

    /// Replaces a check's outcome by what `change` makes of it.
    pub(crate) fn update(
        &mut self,
        id: CheckId,
        change: impl FnOnce(CheckOutcome) -> CheckOutcome,
    ) {
        if let Some(slot) = self.by_id.get_mut(id as usize) {
            *slot = slot.take().map(change);
        }
    }

    /// Drops every fix and alternative `keep` refuses; the first kept one
    /// becomes the fix.
    pub(crate) fn retain_fixes(&mut self, keep: impl Fn(&FixDraft) -> bool) {
        for outcome in self.by_id.iter_mut().flatten() {
            let mut fixes = outcome
                .remedy
                .take()
                .into_iter()
                .chain(std::mem::take(&mut outcome.alternatives))
                .filter(|fix| keep(fix));
            outcome.remedy = fixes.next();
            outcome.alternatives = fixes.collect();
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

    /// The fix the report shows for its first check to fix (the first
    /// failing one in [`CheckId::FIX_ORDER`]): the first of its remedies
    /// `keep` keeps, in lines and columns. What [`CheckOutcomes::retain_fixes`]
    /// and [`CheckOutcomes::into_checks`] make of that check, the others
    /// left alone.
    pub(crate) fn first_fix(
        &self,
        keep: impl Fn(&FixDraft) -> bool,
        texts: Vec<(DocumentId, &str)>,
    ) -> Option<Fix> {
        let first = CheckId::FIX_ORDER
            .into_iter()
            .find(|id| self.failed(*id))
            .and_then(|id| self.slot(id))?;
        let remedy = first
            .remedy
            .iter()
            .chain(&first.alternatives)
            .find(|fix| keep(fix))?;
        Some(Converter::new(texts).fix(remedy))
    }

    /// The report's checks, in contract order, with lines and columns.
    pub(crate) fn into_checks(mut self, texts: Vec<(DocumentId, &str)>) -> Vec<Check> {
        let converter = Converter::new(texts);
        CheckId::ALL
            .into_iter()
            .map(|id| {
                let finding = self
                    .by_id
                    .get_mut(id as usize)
                    .and_then(Option::take)
                    .unwrap_or_else(|| CheckOutcome::skip("Not evaluated."));
                let shown = finding.status == Status::Fail || finding.status == Status::Warn;
                let fix = finding
                    .remedy
                    .as_ref()
                    .filter(|_| shown)
                    .map(|remedy| converter.fix(remedy));
                let alternatives = finding
                    .alternatives
                    .iter()
                    .filter(|_| shown)
                    .map(|remedy| converter.fix(remedy))
                    .collect();
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
                    fix,
                    alternatives,
                    diagnoses: finding.diagnoses.into_iter().map(Cow::Borrowed).collect(),
                    doc_url: finding.doc_url.map(Cow::Borrowed),
                    error_code: finding.error_code.map(Cow::Borrowed),
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
    fn new(texts: Vec<(DocumentId, &'a str)>) -> Converter<'a> {
        let indexes = texts
            .into_iter()
            .map(|(id, text)| (id, text, OnceCell::new()))
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

    fn location(&self, location: &Span) -> Option<Location> {
        match location {
            Span::Text { document, range } => {
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
            Span::Field { document, field } => Some(Location {
                document: *document,
                line: None,
                column: None,
                end_line: None,
                end_column: None,
                field: Some(field.clone()),
            }),
        }
    }

    fn fix(&self, remedy: &FixDraft) -> Fix {
        Fix {
            title: remedy.title.clone(),
            detail: remedy.detail.clone(),
            changes: remedy.changes(),
            applicability: remedy.applicability,
            admits: remedy.admits.clone(),
            edits: remedy.edits.iter().filter_map(|e| self.edit(e)).collect(),
        }
    }

    fn edit(&self, change: &EditDraft) -> Option<Edit> {
        match change {
            EditDraft::Text {
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
            EditDraft::Field {
                document,
                field,
                value,
            } => Some(Edit::Field {
                document: *document,
                field: field.clone(),
                value: value.clone(),
            }),
            EditDraft::Document {
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
    let first_failure = CheckId::FIX_ORDER.iter().find_map(|id| {
        checks
            .iter()
            .find(|check| check.id == *id && check.status == Status::Fail)
    });
    match (decision, first_failure) {
        (Decision::Allow, _) | (_, None) => {
            // Named in the order to fix things in, like the failures.
            let warnings: Vec<&Check> = CheckId::FIX_ORDER
                .iter()
                .filter_map(|id| checks.iter().find(|check| check.id == *id))
                .filter(|check| check.status == Status::Warn)
                .collect();
            match warnings.as_slice() {
                [] => "Allowed: every check that applies passes.".to_string(),
                [only] => format!("Allowed, with 1 warning: {}", first_sentence(&only.detail)),
                several => {
                    let mut titles: Vec<String> = several
                        .iter()
                        .map(|check| format!("\u{201c}{}\u{201d}", check.id.title()))
                        .collect();
                    let last = titles.pop().unwrap_or_default();
                    format!(
                        "Allowed, with {} warnings: see {} and {last}.",
                        several.len(),
                        titles.join(", ")
                    )
                }
            }
        }
        (Decision::Deny, Some(check)) => format!("Denied: {}", first_sentence(&check.detail)),
        (Decision::Invalid, Some(check)) => format!("Invalid: {}", first_sentence(&check.detail)),
    }
}

/// The first sentence of a detail, to follow "Denied: " (never cut inside
/// code or after "e.g.").
fn first_sentence(detail: &str) -> String {
    lower_first(crate::text::split_first_sentence(detail).0)
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
