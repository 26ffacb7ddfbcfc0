//! The readable checklist: a verdict line, one line per check, and under each
//! failing or warning check its detail, the policy text it points at with
//! underlines, the AWS documentation link and the fix as a before/after.

use std::fmt::Write as _;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Patch, Renderer, Snippet};
use assumable_core::fix::policy;
use assumable_core::report::{Applicability, Changes, DocumentId, RequestField};
use assumable_core::{Check, Decision, Edit, Fix, Location, Report, Scenario, Status};

#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// ANSI colors (only for a terminal).
    pub color: bool,
}

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Width of the check id column: the longest id, `session.source_identity`.
const ID_WIDTH: usize = 23;
/// Diagnostics sit under their check line.
const INDENT: &str = "      ";

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    fn renderer(self) -> Renderer {
        let renderer = if self.color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.decor_style(DecorStyle::Unicode)
    }
}

/// The whole checklist of one scenario, ending with a newline.
pub fn checklist(name: &str, scenario: &Scenario, report: &Report, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", verdict_line(name, report, style));
    if !report.summary.is_empty() && !summary_repeats_a_detail(report) {
        let _ = writeln!(out, "  {}", report.summary);
    }
    if let (Some(said), Some(agreement)) = (&scenario.observed, &report.observed) {
        let (mark, color, word) = if agreement.agrees {
            ("✓", GREEN, "agrees")
        } else {
            ("!", YELLOW, "differs")
        };
        let _ = writeln!(out, "  AWS said: {}", printable(&said.message));
        let _ = writeln!(
            out,
            "    {} {word}: {}",
            style.paint(color, mark),
            printable(&agreement.detail)
        );
    }
    if !report.checks.is_empty() {
        out.push('\n');
    }
    for check in &report.checks {
        let (mark, color) = status_mark(check.status);
        let _ = writeln!(
            out,
            "  {} {} {}",
            style.paint(color, mark),
            pad(check.id.as_str(), ID_WIDTH, style, check.status),
            check.title
        );
        if matches!(check.status, Status::Fail | Status::Warn) {
            let block = diagnostic(scenario, check, style);
            for line in block.lines() {
                let _ = writeln!(out, "{INDENT}{line}");
            }
        }
    }
    out
}

/// Text from a file, with control and bidirectional characters written as
/// escapes so that it can neither drive the terminal nor reorder the line.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}');
            if c.is_control() || bidi {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn verdict_line(name: &str, report: &Report, style: Style) -> String {
    let failing = count(report, Status::Fail);
    let warnings = count(report, Status::Warn);
    let (mark, word, color) = match report.decision {
        Decision::Allow => ("✓", "ALLOW", GREEN),
        Decision::Deny => ("✗", "DENY", RED),
        Decision::Invalid => ("✗", "INVALID", RED),
    };
    let mut counts = vec![plural(failing, "check fails", "checks fail")];
    if warnings > 0 {
        counts.push(plural(warnings, "warning", "warnings"));
    }
    format!(
        "{} {}  {}  ({})",
        style.paint(color, mark),
        style.paint(&format!("{BOLD}{color}"), word),
        style.paint(BOLD, name),
        counts.join(", ")
    )
}

/// A summary that only restates the failing check's detail, which is shown
/// under that check anyway.
fn summary_repeats_a_detail(report: &Report) -> bool {
    let summary = report.summary.to_lowercase();
    report.checks.iter().any(|check| {
        check.status == Status::Fail
            && check
                .detail
                .get(..check.detail.len().min(60))
                .is_some_and(|start| !start.is_empty() && summary.contains(&start.to_lowercase()))
    })
}

fn count(report: &Report, status: Status) -> usize {
    report
        .checks
        .iter()
        .filter(|check| check.status == status)
        .count()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn status_mark(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::Pass => ("✓", GREEN),
        Status::Fail => ("✗", RED),
        Status::Warn => ("!", YELLOW),
        Status::Skip => ("-", DIM),
    }
}

fn pad(id: &str, width: usize, style: Style, status: Status) -> String {
    let padded = format!("{id:<width$}");
    match status {
        Status::Skip => style.paint(DIM, &padded),
        Status::Fail => style.paint(BOLD, &padded),
        _ => padded,
    }
}

/// The detail with the underlined text, the documentation link and the fix.
fn diagnostic(scenario: &Scenario, check: &Check, style: Style) -> String {
    let level = if check.status == Status::Fail {
        Level::ERROR
    } else {
        Level::WARNING
    };
    let detail = if check.detail.is_empty() {
        check.title.clone()
    } else {
        check.detail.clone()
    };
    let mut title_group = Group::with_title(level.primary_title(detail).id(check.id.as_str()));
    let mut elements: Vec<annotate_snippets::Element<'static>> = Vec::new();
    let mut notes = Vec::new();
    for (document, locations) in group_by_document(&check.locations, |l| l.document) {
        let (fields, ranges): (Vec<Location>, Vec<Location>) = locations
            .into_iter()
            .partition(|location| location.field.is_some());
        if !ranges.is_empty() {
            match located_snippet(scenario, document, &ranges) {
                Some(snippet) => elements.push(snippet.into()),
                None => notes.extend(ranges.iter().map(describe_location)),
            }
        }
        if !fields.is_empty() {
            let (snippet, unset) = field_snippet(scenario, document, &fields);
            elements.extend(snippet.map(Into::into));
            notes.extend(unset.iter().map(describe_location));
        }
    }
    for note in notes {
        elements.push(Level::NOTE.message(note).into());
    }
    if let Some(code) = &check.error_code {
        elements.push(Level::NOTE.message(format!("IAM answers: {code}")).into());
    }
    if let Some(url) = &check.doc_url {
        elements.push(Level::NOTE.message(format!("AWS: {url}")).into());
    }
    // A title group with no element renders only its title line, which is
    // what a check without locations should show.
    for element in elements {
        title_group = title_group.element(element);
    }
    let mut groups = vec![title_group];
    if let Some(fix) = &check.fix {
        groups.push(fix_group(scenario, fix, "fix"));
    }
    for alternative in &check.alternatives {
        groups.push(fix_group(scenario, alternative, "or"));
    }
    style.renderer().render(&groups)
}

/// Locations or edits in order of first appearance of their document.
fn group_by_document<T: Clone>(
    items: &[T],
    document_of: impl Fn(&T) -> DocumentId,
) -> Vec<(DocumentId, Vec<T>)> {
    let mut groups: Vec<(DocumentId, Vec<T>)> = Vec::new();
    for item in items {
        let document = document_of(item);
        match groups.iter_mut().find(|(known, _)| *known == document) {
            Some((_, members)) => members.push(item.clone()),
            None => groups.push((document, vec![item.clone()])),
        }
    }
    groups
}

/// A snippet of the document's text with every location underlined, or
/// `None` when the document has no text or no location fits it.
fn located_snippet(
    scenario: &Scenario,
    document: DocumentId,
    locations: &[Location],
) -> Option<Snippet<'static, annotate_snippets::Annotation<'static>>> {
    let text = document_text(scenario, document)?;
    let spans: Vec<std::ops::Range<usize>> = locations
        .iter()
        .filter_map(|location| location.byte_range(&text))
        .map(|range| range.start..range.end)
        .collect();
    if spans.is_empty() {
        return None;
    }
    let annotations = spans
        .into_iter()
        .map(|span| AnnotationKind::Primary.span(span));
    Some(
        Snippet::source(text)
            .path(document.to_string())
            .annotations(annotations),
    )
}

/// The request (or the role's own fields) as JSON, with the named fields'
/// values underlined, and the locations of fields that are not set.
fn field_snippet(
    scenario: &Scenario,
    document: DocumentId,
    locations: &[Location],
) -> (
    Option<Snippet<'static, annotate_snippets::Annotation<'static>>>,
    Vec<Location>,
) {
    let value = match document {
        DocumentId::Request => serde_json::to_value(&scenario.request).ok(),
        DocumentId::Role => scenario
            .role
            .max_session_duration
            .clone()
            .map(|max| serde_json::json!({ "max_session_duration": max })),
        _ => None,
    };
    let text = value
        .and_then(|value| serde_json::to_string_pretty(&value).ok())
        .unwrap_or_default();
    let mut spans = Vec::new();
    let mut unset = Vec::new();
    for location in locations {
        match location
            .field
            .as_ref()
            .and_then(|field| field_value_span(&text, field))
        {
            Some(span) => spans.push(AnnotationKind::Primary.span(span)),
            None => unset.push(location.clone()),
        }
    }
    let snippet = (!spans.is_empty()).then(|| {
        Snippet::source(text)
            .path(document.to_string())
            .annotations(spans)
    });
    (snippet, unset)
}

/// The value of a top-level member of pretty-printed JSON, on its first line.
fn field_value_span(text: &str, field: &RequestField) -> Option<std::ops::Range<usize>> {
    let key = format!("\n  \"{field}\": ");
    let start = text.find(&key)? + key.len();
    let line_end = text
        .get(start..)?
        .find('\n')
        .map_or(text.len(), |at| start + at);
    let value = text.get(start..line_end)?.trim_end_matches(',');
    (!value.is_empty()).then(|| start..start + value.len())
}

fn describe_location(location: &Location) -> String {
    match (&location.field, location.line, location.column) {
        (Some(field), _, _) => format!("in `{}.{field}` (not set)", location.document),
        (None, Some(line), Some(column)) => {
            format!("in `{}` at line {line}, column {column}", location.document)
        }
        _ => format!("in `{}`", location.document),
    }
}

/// The text that locations in `document` point into, when it has one.
fn document_text(scenario: &Scenario, document: DocumentId) -> Option<String> {
    policy(scenario, document).map(|source| source.text().to_string())
}

/// How a fix is introduced: what it changes and whether it widens access
/// (`fix (policy, unsafe)`), or `do` for advice, which edits nothing.
fn fix_heading(fix: &Fix, lead: &str) -> String {
    match (fix.changes, lead) {
        (Changes::Advice, "fix") => format!("do: {}", fix.title),
        (Changes::Advice, _) => format!("{lead} (advice): {}", fix.title),
        (changes, _) => format!(
            "{lead} ({}, {}): {}",
            changes.as_str(),
            fix.applicability.as_str(),
            fix.title
        ),
    }
}

/// The fix, or an alternative (`lead` is `fix` or `or`): its heading, what
/// an unsafe fix admits, an advice's detail, then each document's text edits
/// as a patch (the line before and after), field edits and new documents in
/// words.
fn fix_group(scenario: &Scenario, fix: &Fix, lead: &str) -> Group<'static> {
    let mut group = Group::with_title(Level::HELP.secondary_title(fix_heading(fix, lead)));
    if fix.applicability == Applicability::Unsafe {
        let admits = if fix.admits.is_empty() {
            GENERIC_ADMITS
        } else {
            &fix.admits
        };
        group = group.element(Level::NOTE.no_name().message(format!("admits: {admits}")));
    }
    if !fix.detail.is_empty() {
        group = group.element(Level::NOTE.no_name().message(fix.detail.clone()));
    }
    for (document, edits) in group_by_document(&fix.edits, Edit::document) {
        let existing = document_text(scenario, document);
        let mut described = Vec::new();
        let mut patches = Vec::new();
        for edit in &edits {
            let span = existing.as_deref().and_then(|text| edit.byte_range(text));
            match (edit, span) {
                (
                    Edit::Text { replacement, .. } | Edit::Document { replacement, .. },
                    Some(span),
                ) => patches.push((span.start..span.end, replacement.clone())),
                _ => described.push(describe_edit(edit)),
            }
        }
        if let (Some(text), false) = (existing, patches.is_empty()) {
            if patches_are_disjoint(&patches) {
                let patches = patches
                    .into_iter()
                    .map(|(span, replacement)| Patch::new(span, replacement));
                group = group.element(
                    Snippet::source(text)
                        .path(document.to_string())
                        .patches(patches),
                );
            } else {
                described.push(format!("edit `{document}` in {} places", patches.len()));
            }
        }
        for message in described {
            group = group.element(Level::NOTE.no_name().message(message));
        }
    }
    group
}

/// Said of an unsafe fix whose check did not say whom it admits.
const GENERIC_ADMITS: &str = "it lets more principals or requests assume the role than this call";

/// The renderer requires patches that do not overlap.
fn patches_are_disjoint(patches: &[(std::ops::Range<usize>, String)]) -> bool {
    let mut spans: Vec<(usize, usize)> = patches
        .iter()
        .map(|(span, _)| (span.start, span.end))
        .collect();
    spans.sort_unstable();
    spans.windows(2).all(|pair| match pair {
        [(_, end), (start, _)] => end <= start,
        _ => true,
    })
}

fn describe_edit(edit: &Edit) -> String {
    match edit {
        Edit::Field {
            document,
            field,
            value,
        } if value.is_null() => format!("remove `{document}.{field}`"),
        Edit::Field {
            document,
            field,
            value,
        } => format!("set `{document}.{field}` to `{value}`"),
        Edit::Document {
            document,
            replacement,
        } => format!("add `{document}`:\n{replacement}"),
        Edit::Text {
            document,
            line,
            column,
            replacement,
            ..
        } => format!("in `{document}` at line {line}, column {column}, write `{replacement}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use assumable_core::CheckId;

    fn scenario() -> Scenario {
        Scenario::from_json(include_str!(
            "../../../tests/cases/trust.mfa/bool-true-not-passed.json"
        ))
        .expect("case")
    }

    fn location(document: DocumentId, line: usize, column: usize, end: usize) -> Location {
        Location {
            document,
            line: Some(line),
            column: Some(column),
            end_line: Some(line),
            end_column: Some(end),
            field: None,
        }
    }

    fn check(id: CheckId, status: Status) -> Check {
        Check {
            id,
            status,
            title: id.title().into(),
            detail: "".into(),
            locations: Vec::new(),
            fix: None,
            alternatives: Vec::new(),
            diagnoses: Vec::new(),
            doc_url: None,
            error_code: None,
        }
    }

    fn edit_fix(title: &str, changes: Changes, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            detail: String::new(),
            changes,
            applicability: Applicability::Safe,
            admits: String::new(),
            edits,
        }
    }

    fn report() -> Report {
        let text = scenario().role.trust_policy.text().to_string();
        let line = text
            .lines()
            .position(|line| line.contains("aws:MultiFactorAuthPresent"))
            .expect("line")
            + 1;
        let line_text = text.lines().nth(line - 1).expect("line");
        let column = line_text.find('"').expect("quote") + 1;
        let end = line_text.len() + 1;
        let mut mfa = check(CheckId::TrustMfa, Status::Fail);
        mfa.detail =
            "aws:MultiFactorAuthPresent is absent: the caller signed in without MFA".into();
        mfa.locations = vec![location(DocumentId::TrustPolicy, line, column, end)];
        mfa.doc_url = Some("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html".into());
        mfa.fix = Some(edit_fix(
            "Call with MFA",
            Changes::Request,
            vec![Edit::Field {
                document: DocumentId::Request,
                field: RequestField::Mfa,
                value: serde_json::json!({"serial_number": "arn:aws:iam::111111111111:mfa/deployer"}),
            }],
        ));
        let mut warn = check(CheckId::TrustConditions, Status::Warn);
        warn.detail = "a text edit".into();
        warn.fix = Some(edit_fix(
            "Use StringLike",
            Changes::Policy,
            vec![Edit::Text {
                document: DocumentId::TrustPolicy,
                line,
                column: column + 1,
                end_line: line,
                end_column: column + 4,
                replacement: "sts".into(),
            }],
        ));
        Report {
            decision: Decision::Deny,
            checks: vec![
                check(CheckId::RequestFormat, Status::Pass),
                mfa,
                warn,
                check(CheckId::SessionTags, Status::Skip),
            ],
            summary: "Denied: the trust policy requires MFA.".into(),
            observed: None,
        }
    }

    #[test]
    fn checklist_shows_verdict_marks_underline_and_fix() {
        let out = checklist("case.json", &scenario(), &report(), Style::default());
        let first = out.lines().next().expect("verdict");
        assert_eq!(first, "✗ DENY  case.json  (1 check fails, 1 warning)");
        assert!(out.contains("  ✓ request.format"));
        assert!(out.contains("  ✗ trust.mfa"));
        assert!(out.contains("  ! trust.conditions"));
        assert!(out.contains("  - session.tags"));
        assert!(out.contains("error[trust.mfa]: aws:MultiFactorAuthPresent is absent"));
        assert!(out.contains("trust_policy:"));
        assert!(out.contains("━━━━━━━━━━━━"), "underline");
        assert!(out.contains("fix (request, safe): Call with MFA"));
        assert!(out.contains("set `request.mfa` to"));
        assert!(out.contains("fix (policy, safe): Use StringLike"));
        assert!(!out.contains('\x1b'), "no colors when not asked");
    }

    #[test]
    fn unsafe_fixes_say_what_they_admit_and_advice_has_no_patch() {
        let mut report = report();
        if let Some(mfa) = report.checks.get_mut(1) {
            if let Some(fix) = mfa.fix.as_mut() {
                fix.changes = Changes::Policy;
                fix.applicability = Applicability::Unsafe;
                fix.admits = "every principal of account 111111111111".into();
            }
            let mut advice = edit_fix("Sign in with MFA, then call again", Changes::Advice, vec![]);
            advice.detail = "Run `aws sts get-session-token` with your MFA code.".into();
            mfa.alternatives = vec![advice.clone()];
            let mut root = check(CheckId::RequestCaller, Status::Fail);
            root.fix = Some(advice);
            report.checks.push(root);
        }
        let out = checklist("case.json", &scenario(), &report, Style::default());
        assert!(out.contains("fix (policy, unsafe): Call with MFA"), "{out}");
        assert!(
            out.contains("admits: every principal of account 111111111111"),
            "{out}"
        );
        assert!(
            out.contains("or (advice): Sign in with MFA, then call again"),
            "{out}"
        );
        assert!(
            out.contains("do: Sign in with MFA, then call again"),
            "{out}"
        );
        assert!(
            out.contains("Run `aws sts get-session-token` with your MFA code."),
            "{out}"
        );
    }

    #[test]
    fn an_unsafe_fix_without_admits_says_so_in_general() {
        let mut report = report();
        if let Some(fix) = report.checks.get_mut(1).and_then(|mfa| mfa.fix.as_mut()) {
            fix.applicability = Applicability::Unsafe;
        }
        let out = checklist("case.json", &scenario(), &report, Style::default());
        assert!(out.contains(&format!("admits: {GENERIC_ADMITS}")), "{out}");
    }

    #[test]
    fn colors_only_when_asked() {
        let out = checklist("case.json", &scenario(), &report(), Style { color: true });
        assert!(out.contains('\x1b'));
    }

    #[test]
    fn out_of_range_locations_become_notes_not_panics() {
        let mut report = report();
        if let Some(mfa) = report.checks.get_mut(1) {
            mfa.locations = vec![
                location(DocumentId::TrustPolicy, 999, 1, 2),
                location(DocumentId::Identity(7), 1, 1, 2),
            ];
        }
        let out = checklist("case.json", &scenario(), &report, Style::default());
        assert!(out.contains("in `trust_policy` at line 999, column 1"));
        assert!(out.contains("in `identity[7]` at line 1, column 1"));
    }

    #[test]
    fn request_fields_are_shown_and_underlined() {
        let mut report = report();
        if let Some(mfa) = report.checks.get_mut(1) {
            mfa.locations = vec![
                Location {
                    document: DocumentId::Request,
                    line: None,
                    column: None,
                    end_line: None,
                    end_column: None,
                    field: Some(RequestField::RoleSessionName),
                },
                Location {
                    document: DocumentId::Request,
                    line: None,
                    column: None,
                    end_line: None,
                    end_column: None,
                    field: Some(RequestField::ExternalId),
                },
            ];
        }
        let out = checklist("case.json", &scenario(), &report, Style::default());
        assert!(
            out.contains("\"role_session_name\": \"deploy-session\""),
            "{out}"
        );
        assert!(out.contains("━━━━━━━━━━━━━━━━"), "{out}");
        assert!(out.contains("in `request.external_id` (not set)"), "{out}");
    }

    #[test]
    fn field_value_span_finds_top_level_members_only() {
        let text = "{\n  \"a\": {\n    \"b\": 1\n  },\n  \"b\": \"x\",\n  \"c\": 3\n}";
        let value =
            |field| field_value_span(text, &RequestField::parse(field)).map(|span| &text[span]);
        assert_eq!(value("b"), Some("\"x\""));
        assert_eq!(value("c"), Some("3"));
        assert_eq!(value("a"), Some("{"));
        assert_eq!(value("z"), None);
    }

    proptest::proptest! {
        /// Whatever a report says, rendering it never panics (the renderer
        /// is given only ranges that lie inside the text).
        #[test]
        fn any_locations_and_edits_render(
            spans in proptest::collection::vec((0usize..30, 0usize..60, 0usize..30, 0usize..60), 0..6),
            replacement in "(.|\n){0,20}",
            document in 0usize..4,
        ) {
            let document = [
                DocumentId::TrustPolicy,
                DocumentId::Identity(0),
                DocumentId::Identity(3),
                DocumentId::Request,
            ][document];
            let mut report = report();
            if let Some(mfa) = report.checks.get_mut(1) {
                mfa.locations = spans
                    .iter()
                    .map(|&(line, column, end_line, end_column)| Location {
                        document,
                        line: Some(line),
                        column: Some(column),
                        end_line: Some(end_line),
                        end_column: Some(end_column),
                        field: None,
                    })
                    .collect();
                mfa.fix = Some(edit_fix(
                    "t",
                    Changes::Policy,
                    spans
                        .iter()
                        .map(|&(line, column, end_line, end_column)| Edit::Text {
                            document,
                            line,
                            column,
                            end_line,
                            end_column,
                            replacement: replacement.clone(),
                        })
                        .collect(),
                ));
            }
            let _ = checklist("case.json", &scenario(), &report, Style::default());
        }
    }
}
