//! The verdict and the checklist: what fails, where, why, and the fix.

use std::collections::BTreeMap;
use std::rc::Rc;

use assumable_core::report::DocumentId;
use assumable_core::text::LineIndex;
use assumable_core::{Check, CheckId, Decision, Edit, Fix, Location, Report, Scenario, Status};
use serde_json::Value;
use yew::prelude::*;

use crate::components::editor::byte_range;
use crate::state::{display_order, first_failing, is_open, policy, Action};

/// The document's name as the page shows it.
pub fn document_label(document: DocumentId, names: &[String]) -> String {
    match document {
        DocumentId::Request => "Request".into(),
        DocumentId::Role => "Role".into(),
        DocumentId::TrustPolicy => "Trust policy".into(),
        DocumentId::Identity(n) => match names.get(n).filter(|name| !name.is_empty()) {
            Some(name) => format!("Identity policy \u{201c}{name}\u{201d}"),
            None => format!("Identity policy {}", n + 1),
        },
        DocumentId::PermissionsBoundary => "Permissions boundary".into(),
        DocumentId::Scp(level, n) => format!("SCP level {}, policy {}", level + 1, n + 1),
        DocumentId::Rcp(level, n) => format!("RCP level {}, policy {}", level + 1, n + 1),
    }
}

/// Text from the core, where `backticks` quote user input or code: shown as
/// `<code>`, never as HTML.
pub fn rich(text: &str) -> Html {
    let parts: Vec<&str> = text.split('`').collect();
    // An odd count of backticks leaves the text as it is.
    if parts.len().is_multiple_of(2) {
        return html! { { text.to_string() } };
    }
    html! {
        <>{ for parts.iter().enumerate().map(|(index, part)| {
            if index % 2 == 1 {
                html! { <code>{ part.to_string() }</code> }
            } else {
                html! { { part.to_string() } }
            }
        }) }</>
    }
}

fn status_text(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::Pass => ("✓", "Passes"),
        Status::Fail => ("✗", "Fails"),
        Status::Warn => ("!", "Warning"),
        Status::Skip => ("–", "Does not apply"),
    }
}

fn status_class(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::Warn => "warn",
        Status::Skip => "skip",
    }
}

/// The verdict in plain words: the report's summary, or one made from the
/// first failing check.
pub fn verdict_text(report: &Report, scenario: &Scenario) -> String {
    if !report.summary.is_empty() {
        return report.summary.clone();
    }
    let failing = first_failing(report).and_then(|id| report.check(id));
    match (report.decision, failing) {
        (Decision::Allow, _) => format!(
            "Allowed: {} can assume {}.",
            or_unnamed(&scenario.request.caller, "the caller"),
            or_unnamed(&scenario.request.role_arn, "the role")
        ),
        (Decision::Deny, Some(check)) => format!("Denied: {}", sentence(check)),
        (Decision::Invalid, Some(check)) => {
            format!("Rejected before evaluation: {}", sentence(check))
        }
        (Decision::Deny, None) => "Denied.".into(),
        (Decision::Invalid, None) => "Rejected before evaluation: something is malformed.".into(),
    }
}

fn sentence(check: &Check) -> String {
    let text = if check.detail.is_empty() {
        check.title.to_string()
    } else {
        check.detail.to_string()
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

fn or_unnamed<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    if text.is_empty() {
        fallback
    } else {
        text
    }
}

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub scenario: Rc<Scenario>,
    pub report: Rc<Report>,
    pub toggled: BTreeMap<CheckId, bool>,
    pub identity_names: Vec<String>,
    pub on_action: Callback<Action>,
}

#[component]
pub fn Results(props: &ResultsProps) -> Html {
    let report = &props.report;
    let decision = match report.decision {
        Decision::Allow => "allow",
        Decision::Deny => "deny",
        Decision::Invalid => "invalid",
    };
    let (headline, icon) = match report.decision {
        Decision::Allow => ("Allowed", "✓"),
        Decision::Deny => ("Denied", "✗"),
        Decision::Invalid => ("Invalid", "!"),
    };
    let counts = {
        let count = |status| report.checks.iter().filter(|c| c.status == status).count();
        format!(
            "{} failing, {} warnings, {} passing, {} not applicable",
            count(Status::Fail),
            count(Status::Warn),
            count(Status::Pass),
            count(Status::Skip)
        )
    };
    html! {
        <section class="panel results" aria-labelledby="verdict-heading">
            <div class={classes!("verdict", decision)} data-decision={decision}>
                <h2 id="verdict-heading">
                    <span class="verdict-icon" aria-hidden="true">{ icon }</span>
                    { headline }
                </h2>
                <p class="verdict-text" aria-live="polite">{ rich(&verdict_text(report, &props.scenario)) }</p>
                <p class="counts">{ counts }</p>
            </div>
            <h2 class="visually-hidden">{ "Checklist" }</h2>
            <ul class="checklist" role="list">
                { for display_order(report).into_iter().filter_map(|id| report.check(id)).map(|check| {
                    let open = is_open(report, &props.toggled, check.id);
                    html! {
                        <CheckItem check={check.clone()} {open}
                            scenario={props.scenario.clone()}
                            identity_names={props.identity_names.clone()}
                            on_action={props.on_action.clone()} />
                    }
                }) }
            </ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CheckItemProps {
    check: Check,
    open: bool,
    scenario: Rc<Scenario>,
    identity_names: Vec<String>,
    on_action: Callback<Action>,
}

#[component]
fn CheckItem(props: &CheckItemProps) -> Html {
    let check = &props.check;
    let id = check.id;
    let (icon, label) = status_text(check.status);
    let class = status_class(check.status);
    let body_id = format!("check-{}", id.as_str().replace('.', "-"));
    let on_toggle = props
        .on_action
        .reform(move |_: MouseEvent| Action::Toggle(id));
    let title = if check.title.is_empty() {
        id.title().to_string()
    } else {
        check.title.to_string()
    };
    html! {
        <li role="listitem" class={classes!("check", class, props.open.then_some("open"))}
            data-check-id={id.as_str()} data-status={class}>
            <button type="button" class="check-head" aria-expanded={props.open.to_string()}
                aria-controls={body_id.clone()} onclick={on_toggle}>
                <span class={classes!("status-icon", class)} aria-hidden="true">{ icon }</span>
                <span class="check-title">{ title }</span>
                <span class={classes!("status-text", class)}>{ label }</span>
            </button>
            if props.open {
                <div class="check-body" id={body_id}>
                    if !check.detail.is_empty() {
                        <p class="detail">{ rich(&check.detail) }</p>
                    }
                    if !check.locations.is_empty() {
                        <div class="where">
                            <h3>{ "Where" }</h3>
                            <ul class="locations">
                                { for check.locations.iter().map(|location| html! {
                                    <li><LocationLink location={location.clone()} scenario={props.scenario.clone()}
                                        identity_names={props.identity_names.clone()}
                                        on_action={props.on_action.clone()} /></li>
                                }) }
                            </ul>
                        </div>
                    }
                    if let Some(url) = &check.doc_url {
                        <p class="why">
                            <a href={url.clone()} target="_blank" rel="noopener noreferrer">
                                { "The AWS rule, in AWS's documentation" }
                                <span class="visually-hidden">{ " (opens in a new tab)" }</span>
                            </a>
                        </p>
                    }
                    if let Some(fix) = &check.fix {
                        <FixView fix={fix.clone()} scenario={props.scenario.clone()}
                            identity_names={props.identity_names.clone()}
                            on_action={props.on_action.clone()} />
                    }
                    <p class="check-id">{ "Check id: " }<code>{ id.as_str() }</code></p>
                </div>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct LocationProps {
    location: Location,
    scenario: Rc<Scenario>,
    identity_names: Vec<String>,
    on_action: Callback<Action>,
}

#[component]
fn LocationLink(props: &LocationProps) -> Html {
    let location = &props.location;
    let mut label = document_label(location.document, &props.identity_names);
    if let Some(field) = &location.field {
        label.push_str(&format!(", field {field}"));
    }
    if let (Some(line), Some(column)) = (location.line, location.column) {
        label.push_str(&format!(", line {line}, column {column}"));
    }
    let snippet = policy(&props.scenario, location.document).and_then(|source| {
        let text = source.text();
        let index = LineIndex::new(text);
        let (start, end) = byte_range(&index, location)?;
        let span = text.get(start..end)?.trim();
        if span.is_empty() {
            return None;
        }
        let short: String = span.chars().take(80).collect();
        Some(if short.len() < span.len() {
            format!("{short}…")
        } else {
            short
        })
    });
    let onclick = {
        let location = location.clone();
        props
            .on_action
            .reform(move |_: MouseEvent| Action::Focus(location.clone()))
    };
    html! {
        <button type="button" class="location" {onclick}>
            <span class="location-label">{ label }</span>
            if let Some(snippet) = snippet {
                <code class="snippet">{ snippet }</code>
            }
        </button>
    }
}

#[derive(Properties, PartialEq)]
struct FixProps {
    fix: Fix,
    scenario: Rc<Scenario>,
    identity_names: Vec<String>,
    on_action: Callback<Action>,
}

#[component]
fn FixView(props: &FixProps) -> Html {
    let fix = props.fix.clone();
    let on_apply = props
        .on_action
        .reform(move |_: MouseEvent| Action::ApplyFix(fix.clone()));
    html! {
        <div class="fix">
            <h3>{ "Fix: " }{ rich(&props.fix.title) }</h3>
            { for props.fix.edits.iter().map(|edit| {
                let (document, before, after) = describe_edit(&props.scenario, edit);
                html! {
                    <figure class="diff">
                        <figcaption>{ document_label(document, &props.identity_names) }</figcaption>
                        <pre><code>
                            { for before.lines().map(|line| html! {
                                <span class="del"><span class="sign" aria-hidden="true">{ "-" }</span>
                                <span class="visually-hidden">{ "Before: " }</span>{ line.to_string() }{ "\n" }</span>
                            }) }
                            { for after.lines().map(|line| html! {
                                <span class="ins"><span class="sign" aria-hidden="true">{ "+" }</span>
                                <span class="visually-hidden">{ "After: " }</span>{ line.to_string() }{ "\n" }</span>
                            }) }
                        </code></pre>
                    </figure>
                }
            }) }
            <button type="button" class="primary apply" onclick={on_apply}>{ "Apply fix" }</button>
        </div>
    }
}

/// An edit as before/after text: the touched lines of a text edit, the whole
/// document of a document edit, `field: value` of a field edit.
fn describe_edit(scenario: &Scenario, edit: &Edit) -> (DocumentId, String, String) {
    match edit {
        Edit::Text {
            document,
            line,
            column,
            end_line,
            end_column,
            replacement,
        } => {
            let text = policy(scenario, *document)
                .map(|source| source.text())
                .unwrap_or_default();
            let index = LineIndex::new(text);
            let location = Location {
                document: *document,
                line: Some(*line),
                column: Some(*column),
                end_line: Some(*end_line),
                end_column: Some(*end_column),
                field: None,
            };
            let Some((start, end)) = byte_range(&index, &location) else {
                return (*document, String::new(), replacement.clone());
            };
            let line_start = text
                .get(..start)
                .and_then(|head| head.rfind('\n'))
                .map_or(0, |at| at + 1);
            let line_end = text
                .get(end..)
                .and_then(|tail| tail.find('\n'))
                .map_or(text.len(), |at| end + at);
            let before = text
                .get(line_start..line_end)
                .unwrap_or_default()
                .to_string();
            let after = format!(
                "{}{}{}",
                text.get(line_start..start).unwrap_or_default(),
                replacement,
                text.get(end..line_end).unwrap_or_default()
            );
            (*document, before, after)
        }
        Edit::Document {
            document,
            replacement,
        } => {
            let before = policy(scenario, *document)
                .map(|source| source.text().to_string())
                .unwrap_or_default();
            (*document, before, replacement.clone())
        }
        Edit::Field {
            document,
            field,
            value,
        } => {
            let old = field_value(scenario, *document, field);
            let show = |value: &Value| match value {
                Value::Null => format!("{field}: (not set)"),
                other => format!("{field}: {other}"),
            };
            (*document, show(&old), show(value))
        }
    }
}

/// A field's current value, as a fix's field edit would show it.
fn field_value(scenario: &Scenario, document: DocumentId, field: &str) -> Value {
    let text = |value: &Option<String>| value.clone().map_or(Value::Null, Value::String);
    let request = &scenario.request;
    match (document, field) {
        (DocumentId::Role, "max_session_duration") => scenario
            .role
            .max_session_duration
            .clone()
            .unwrap_or(Value::Null),
        (DocumentId::Role, _) => Value::Null,
        (_, "duration_seconds") => request.duration_seconds.clone().unwrap_or(Value::Null),
        (_, "action") => text(&request.action),
        (_, "caller") => Value::String(request.caller.clone()),
        (_, "role_arn") => Value::String(request.role_arn.clone()),
        (_, "role_session_name") => text(&request.role_session_name),
        (_, "external_id") => text(&request.external_id),
        (_, "source_ip") => text(&request.source_ip),
        (_, "source_identity") => text(&request.source_identity),
        (_, other) => request.unknown.get(other).cloned().unwrap_or(Value::Null),
    }
}
