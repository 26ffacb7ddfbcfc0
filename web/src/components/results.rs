//! The verdict and the checklist: what fails, where, why, and the fix; and
//! the path AWS takes through the policies, with the step that stops the call.

use std::collections::BTreeMap;
use std::rc::Rc;

use assumable_core::report::{Applicability, Changes, DocumentId, RequestField};
use assumable_core::{Check, CheckId, Decision, Edit, Fix, Location, Report, Scenario, Status};
use serde_json::Value;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::flow::{Step, STEPS};
use crate::state::{is_open, policy, Action};
use crate::view::{document_label, first_sentence, line_diff, located_text, rich, DiffLine};

/// The DOM id of the verdict, which takes focus after a fix is applied.
pub const VERDICT_ID: &str = "verdict";

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

/// "1 warning", "2 warnings".
pub fn count_of(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The checks as the checklist lists them: the problems first (failures,
/// then warnings), then the rest; each group in the core's order to fix
/// things in.
pub fn checklist_order(report: &Report) -> Vec<&Check> {
    let ordered = report.checks_in_fix_order();
    let rank = |check: &&Check| match check.status {
        Status::Fail => 0,
        Status::Warn => 1,
        Status::Pass | Status::Skip => 2,
    };
    let mut listed = ordered;
    // A stable sort keeps the fix order within each group.
    listed.sort_by_key(rank);
    listed
}

/// A step's status, read off its checks: failing if one fails, else warning,
/// else passing if one passes, else not applying.
fn step_status(report: &Report, step: &Step) -> Status {
    let statuses: Vec<Status> = report
        .checks
        .iter()
        .filter(|check| {
            let family = check.id.as_str().split('.').next().unwrap_or_default();
            step.family.contains(&family)
        })
        .map(|check| check.status)
        .collect();
    [Status::Fail, Status::Warn, Status::Pass]
        .into_iter()
        .find(|wanted| statuses.contains(wanted))
        .unwrap_or(Status::Skip)
}

/// The flow of the evaluation, with the step that stops the call marked.
fn flow(report: &Report) -> Html {
    let stopping = STEPS
        .iter()
        .position(|step| step_status(report, step) == Status::Fail);
    html! {
        <figure class="flow">
            <figcaption>{ "How AWS evaluates this call" }</figcaption>
            <ol class="flow-steps">
                { for STEPS.iter().enumerate().map(|(index, step)| {
                    let status = step_status(report, step);
                    let (icon, said) = status_text(status);
                    let current = (stopping == Some(index)).then_some("step");
                    html! {
                        <li class={classes!("flow-step", status_class(status), current.map(|_| "stops"))}
                            data-step={step.family.first().copied().unwrap_or_default()}
                            data-status={status_class(status)} aria-current={current}>
                            <span class="flow-icon" aria-hidden="true">{ icon }</span>
                            <span class="flow-label">{ step.label }</span>
                            <span class="visually-hidden">{ format!(": {said}") }
                                { if current.is_some() { " (this step stops the call)" } else { "" } }</span>
                        </li>
                    }
                }) }
            </ol>
        </figure>
    }
}

/// The summary under its headline: "Denied: no Allow statement…" reads
/// "No Allow statement…" under "Denied".
pub fn summary_after(summary: &str, headline: &str) -> String {
    let Some(rest) = summary
        .strip_prefix(headline)
        .and_then(|rest| rest.strip_prefix(": "))
    else {
        return summary.to_string();
    };
    let mut chars = rest.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => summary.to_string(),
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
    let decision = report.decision.as_str();
    let (headline, icon) = match report.decision {
        Decision::Allow => ("Allowed", "✓"),
        Decision::Deny => ("Denied", "✗"),
        Decision::Invalid => ("Invalid", "!"),
    };
    let counts = {
        let count = |status| report.checks.iter().filter(|c| c.status == status).count();
        [
            count_of(count(Status::Fail), "failing", "failing"),
            count_of(count(Status::Warn), "warning", "warnings"),
            count_of(count(Status::Pass), "passing", "passing"),
            count_of(count(Status::Skip), "not applicable", "not applicable"),
        ]
        .join(" · ")
    };
    html! {
        <section class="panel results" aria-labelledby="verdict-heading">
            // Focusable by script only: Apply moves focus here, to the new verdict.
            <div class={classes!("verdict", decision)} data-decision={decision}
                id={VERDICT_ID} tabindex="-1" aria-labelledby="verdict-heading"
                aria-describedby="verdict-text">
                <h2 id="verdict-heading">
                    <span class="verdict-icon" aria-hidden="true">{ icon }</span>
                    { headline }
                </h2>
                <p class="verdict-text" id="verdict-text" aria-live="polite">{ rich(&summary_after(&report.summary, headline)) }</p>
                <p class="counts">{ counts }</p>
                { flow(report) }
            </div>
            { aws_said(&props.scenario, report) }
            <h2 class="visually-hidden">{ "Checklist, problems first" }</h2>
            <ul class="checklist" role="list">
                { for checklist_order(report).into_iter().map(|check| {
                    let open = is_open(report, &props.toggled, check.id);
                    html! {
                        <CheckItem key={check.id.as_str()} check={check.clone()} {open}
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
    let more_id = format!("{body_id}-more");
    let on_toggle = props
        .on_action
        .reform(move |_: MouseEvent| Action::Toggle(id));
    // The rest of a long detail waits behind "Show all"; a new detail
    // starts folded again.
    let show_all = use_state_eq(|| false);
    {
        let show_all = show_all.clone();
        use_effect_with(check.detail.clone(), move |_| show_all.set(false));
    }
    let on_show_all = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(!*show_all))
    };
    let title = if check.title.is_empty() {
        id.title().to_string()
    } else {
        check.title.to_string()
    };
    let (lead, rest) = first_sentence(&check.detail);
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
                        <div class="detail">
                            <p class="detail-lead">
                                if let Some(code) = &check.error_code {
                                    <span class="badge error-code" title="The error code IAM answers with">
                                        <span class="visually-hidden">{ "IAM error code: " }</span>
                                        { code.to_string() }
                                    </span>{ " " }
                                }
                                { rich(lead) }
                            </p>
                            if !rest.is_empty() {
                                if *show_all {
                                    <p class="detail-rest" id={more_id.clone()}>{ rich(rest) }</p>
                                }
                                <button type="button" class="link-button show-all"
                                    aria-expanded={show_all.to_string()} aria-controls={more_id.clone()}
                                    onclick={on_show_all}>
                                    { if *show_all { "Show less" } else { "Show all" } }
                                </button>
                            }
                        </div>
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
                        <Remedies check={id} fix={fix.clone()} alternatives={check.alternatives.clone()}
                            scenario={props.scenario.clone()}
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
    // A field is named by its input's label, alone: "Role ARN", not
    // "Request, field role_arn".
    let mut label = match &location.field {
        Some(field) => field.label().to_string(),
        None => document_label(location.document, &props.identity_names),
    };
    if let (Some(line), Some(column)) = (location.line, location.column) {
        label.push_str(&format!(", line {line}, column {column}"));
    }
    let snippet = located_text(&props.scenario, location).and_then(|(text, range)| {
        let span = range.slice(text).trim();
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

/// How a fix is offered: applied at once, applied after a confirmation, or
/// carried out by the person outside the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FixKind {
    Safe,
    Unsafe,
    Advice,
}

impl FixKind {
    fn of(fix: &Fix) -> FixKind {
        match (fix.changes, fix.applicability) {
            // A fix without edits has nothing to apply, whatever it says.
            (Changes::Advice, _) => FixKind::Advice,
            _ if fix.edits.is_empty() => FixKind::Advice,
            (_, Applicability::Unsafe) => FixKind::Unsafe,
            (_, Applicability::Safe) => FixKind::Safe,
        }
    }

    const fn as_str(self) -> &'static str {
        match self {
            FixKind::Safe => "safe",
            FixKind::Unsafe => "unsafe",
            FixKind::Advice => "advice",
        }
    }
}

/// Said of an unsafe fix whose check did not say whom it admits.
const GENERIC_ADMITS: &str =
    "more principals or requests than this call may then assume the role; check that this is what you want";

fn changes_label(changes: Changes) -> &'static str {
    match changes {
        Changes::Policy => "Edits a policy",
        Changes::Request => "Changes the request",
        Changes::Advice => "Do this yourself",
    }
}

#[derive(Properties, PartialEq)]
struct RemediesProps {
    check: CheckId,
    fix: Fix,
    alternatives: Vec<Fix>,
    scenario: Rc<Scenario>,
    identity_names: Vec<String>,
    on_action: Callback<Action>,
}

/// The fix the evidence favours and, side by side with it, the other
/// reasonable remedies.
#[component]
fn Remedies(props: &RemediesProps) -> Html {
    let prefix = format!("fix-{}", props.check.as_str().replace('.', "-"));
    let several = !props.alternatives.is_empty();
    let card = |index: usize, fix: &Fix| {
        let id = AttrValue::from(format!("{prefix}-{index}"));
        html! {
            <FixCard key={id.as_str()} id={id.clone()} fix={fix.clone()} favoured={index == 0} {several}
                scenario={props.scenario.clone()} identity_names={props.identity_names.clone()}
                on_action={props.on_action.clone()} />
        }
    };
    html! {
        <div class="remedies">
            <h3>{ if several { "Ways to fix" } else { "Fix" } }</h3>
            <div class={classes!("fix-options", several.then_some("several"))}>
                { card(0, &props.fix) }
                { for props.alternatives.iter().enumerate().map(|(index, fix)| card(index + 1, fix)) }
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct FixCardProps {
    /// Unique on the page; the card's parts derive their ids from it.
    id: AttrValue,
    fix: Fix,
    /// The remedy the evidence favours, rather than an alternative.
    favoured: bool,
    /// Whether alternatives are shown beside this one.
    several: bool,
    scenario: Rc<Scenario>,
    identity_names: Vec<String>,
    on_action: Callback<Action>,
}

/// One remedy: its kind, its title and detail, its edits as before/after,
/// and Apply (asking first when it widens access), or for advice only the
/// instruction.
#[component]
fn FixCard(props: &FixCardProps) -> Html {
    let fix = &props.fix;
    let kind = FixKind::of(fix);
    let confirming = use_state_eq(|| false);
    let confirm_panel = use_node_ref();
    let apply_button = use_node_ref();
    // Whether the confirmation was ever opened, so that closing it (and only
    // that) gives focus back to Apply.
    let was_confirming = use_mut_ref(|| false);
    {
        let confirm_panel = confirm_panel.clone();
        let apply_button = apply_button.clone();
        let was_confirming = was_confirming.clone();
        use_effect_with(*confirming, move |open| {
            let target = if *open {
                *was_confirming.borrow_mut() = true;
                confirm_panel.cast::<HtmlElement>()
            } else if std::mem::take(&mut *was_confirming.borrow_mut()) {
                apply_button.cast::<HtmlElement>()
            } else {
                None
            };
            if let Some(target) = target {
                let _ = target.focus();
            }
        });
    }
    {
        // Another fix in the same place (after Apply, or an edit) is another
        // question; focus stays where Apply sent it (the verdict).
        let confirming = confirming.clone();
        use_effect_with(fix.clone(), move |_| {
            *was_confirming.borrow_mut() = false;
            confirming.set(false);
        });
    }

    let apply = {
        let fix = fix.clone();
        props
            .on_action
            .reform(move |_: MouseEvent| Action::ApplyFix(fix.clone()))
    };
    let on_apply = match kind {
        FixKind::Unsafe => {
            let confirming = confirming.clone();
            Callback::from(move |_: MouseEvent| confirming.set(true))
        }
        _ => apply.clone(),
    };
    let on_cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    let on_panel_key = {
        let confirming = confirming.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.prevent_default();
                confirming.set(false);
            }
        })
    };
    let title_id = format!("{}-title", props.id);
    let question_id = format!("{}-question", props.id);
    let admits_id = format!("{}-admits", props.id);
    let panel_id = format!("{}-confirm", props.id);
    let admits = if fix.admits.is_empty() {
        GENERIC_ADMITS
    } else {
        fix.admits.as_str()
    };
    let lead = match (props.several, props.favoured) {
        (false, _) => None,
        (true, true) => Some("Suggested"),
        (true, false) => Some("Or"),
    };

    html! {
        <article class={classes!("fix-card", kind.as_str())} data-fix-kind={kind.as_str()}
            data-favoured={props.favoured.then_some("true")} aria-labelledby={title_id.clone()}>
            <p class="fix-meta">
                if let Some(lead) = lead {
                    <span class="fix-lead">{ lead }</span>
                }
                <span class="badge kind">{ changes_label(if kind == FixKind::Advice { Changes::Advice } else { fix.changes }) }</span>
                { match kind {
                    FixKind::Unsafe => html! { <span class="badge widens">{ "⚠ Widens access" }</span> },
                    FixKind::Safe => html! { <span class="badge safe">{ "Only this call" }</span> },
                    FixKind::Advice => html! {},
                } }
            </p>
            <h4 id={title_id.clone()} class="fix-title">{ rich(&fix.title) }</h4>
            if !fix.detail.is_empty() {
                <p class="fix-detail">{ rich(&fix.detail) }</p>
            }
            if kind == FixKind::Unsafe {
                <p class="admits" id={admits_id.clone()}>
                    <strong>{ "Also admits: " }</strong>{ rich(admits) }
                </p>
            }
            { for fix.edits.iter().map(|edit| {
                let (document, before, after) = describe_edit(&props.scenario, edit);
                html! {
                    <figure class="diff">
                        <figcaption>{ document_label(document, &props.identity_names) }</figcaption>
                        <pre><code>
                            { for line_diff(&before, &after).into_iter().map(|line| match line {
                                DiffLine::Removed(line) => html! {
                                    <span class="del"><span class="sign" aria-hidden="true">{ "-" }</span>
                                    <span class="visually-hidden">{ "Before: " }</span>{ line.to_string() }{ "\n" }</span>
                                },
                                DiffLine::Added(line) => html! {
                                    <span class="ins"><span class="sign" aria-hidden="true">{ "+" }</span>
                                    <span class="visually-hidden">{ "After: " }</span>{ line.to_string() }{ "\n" }</span>
                                },
                                DiffLine::Same(line) => html! {
                                    <span class="ctx">{ line.to_string() }{ "\n" }</span>
                                },
                                DiffLine::Skipped(count) => html! {
                                    <span class="ctx skipped">{ format!("⋯ {count} unchanged line{}", if count == 1 { "" } else { "s" }) }{ "\n" }</span>
                                },
                            }) }
                        </code></pre>
                    </figure>
                }
            }) }
            { match kind {
                FixKind::Advice => html! {},
                FixKind::Safe => html! {
                    <button type="button" class="primary apply" ref={apply_button}
                        aria-describedby={title_id.clone()} onclick={on_apply}>{ "Apply fix" }</button>
                },
                FixKind::Unsafe => html! {
                    <button type="button" class="apply warn-button" ref={apply_button}
                        aria-describedby={title_id.clone()} aria-expanded={confirming.to_string()}
                        aria-controls={panel_id.clone()} onclick={on_apply}>{ "Apply fix…" }</button>
                },
            } }
            if *confirming {
                <div class="confirm" id={panel_id} role="group" tabindex="-1" ref={confirm_panel}
                    aria-labelledby={question_id.clone()} aria-describedby={admits_id}
                    onkeydown={on_panel_key}>
                    <p id={question_id} class="confirm-question">
                        <strong>{ "This fix widens who may assume the role. Apply it?" }</strong>
                    </p>
                    <p>{ "Besides this call, it admits: " }{ rich(admits) }</p>
                    <div class="confirm-actions">
                        <button type="button" class="danger confirm-apply" onclick={apply}>{ "Apply anyway" }</button>
                        <button type="button" class="cancel-apply" onclick={on_cancel}>{ "Cancel" }</button>
                    </div>
                </div>
            }
        </article>
    }
}

/// An edit as before/after text: the touched lines of a text edit, the whole
/// document of a document edit, `field: value` of a field edit.
fn describe_edit(scenario: &Scenario, edit: &Edit) -> (DocumentId, String, String) {
    match edit {
        Edit::Text {
            document,
            replacement,
            ..
        } => {
            let text = policy(scenario, *document)
                .map(|source| source.text())
                .unwrap_or_default();
            let Some(range) = edit.byte_range(text) else {
                return (*document, String::new(), replacement.clone());
            };
            let (start, end) = (range.start, range.end);
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
            let old = field_value(scenario, field);
            let show = |value: &Value| match value {
                Value::Null => format!("{}: (not set)", field.label()),
                other => format!("{}: {other}", field.label()),
            };
            (*document, show(&old), show(value))
        }
    }
}

/// A field's current value, as a fix's field edit would show it.
fn field_value(scenario: &Scenario, field: &RequestField) -> Value {
    let text = |value: &Option<String>| value.clone().map_or(Value::Null, Value::String);
    let request = &scenario.request;
    match field {
        RequestField::MaxSessionDuration => scenario
            .role
            .max_session_duration
            .clone()
            .unwrap_or(Value::Null),
        RequestField::DurationSeconds => request.duration_seconds.clone().unwrap_or(Value::Null),
        RequestField::Action => text(&request.action),
        RequestField::Caller => Value::String(request.caller.clone()),
        RequestField::RoleArn => Value::String(request.role_arn.clone()),
        RequestField::RoleSessionName => text(&request.role_session_name),
        RequestField::ExternalId => text(&request.external_id),
        RequestField::SourceIp => text(&request.source_ip),
        RequestField::SourceIdentity => text(&request.source_identity),
        // The rest are structured (mfa, tags, context) or unknown: as the
        // scenario's JSON has them.
        other => serde_json::to_value(request)
            .ok()
            .and_then(|request| request.get(other.as_str()).cloned())
            .unwrap_or(Value::Null),
    }
}

/// The error AWS printed, when the case keeps it, beside the evaluation:
/// whether the two agree, and what a disagreement usually means.
fn aws_said(scenario: &Scenario, report: &Report) -> Html {
    let (Some(observed), Some(agreement)) = (&scenario.observed, &report.observed) else {
        return html! {};
    };
    let verdict = if agreement.agrees {
        "The evaluation agrees with it."
    } else {
        "The evaluation differs from it."
    };
    html! {
        <section class={classes!("aws-said", (!agreement.agrees).then_some("differs"))}
            id="aws-said" aria-labelledby="aws-said-heading">
            <h3 id="aws-said-heading">{ "AWS said" }</h3>
            <blockquote class="aws-said-message"><code>{ observed.message.clone() }</code></blockquote>
            <p class="aws-said-agreement"><strong>{ verdict }</strong>{ " " }{ rich(&agreement.detail) }</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_does_not_repeat_its_headline() {
        assert_eq!(
            summary_after("Denied: no statement names it.", "Denied"),
            "No statement names it."
        );
        assert_eq!(
            summary_after("Allowed, with 1 warning: x.", "Allowed"),
            "Allowed, with 1 warning: x."
        );
    }

    #[test]
    fn counts_say_one_and_many() {
        assert_eq!(count_of(1, "warning", "warnings"), "1 warning");
        assert_eq!(count_of(0, "warning", "warnings"), "0 warnings");
    }

    #[test]
    fn problems_come_first_then_the_fix_order() {
        let scenario = Scenario::from_json(include_str!(
            "../../../tests/cases/identity.allow/cross-account-both-sides-fail.json"
        ))
        .expect("a corpus case");
        let report = assumable_core::evaluate(&scenario);
        let listed: Vec<Status> = checklist_order(&report).iter().map(|c| c.status).collect();
        let problems = listed
            .iter()
            .take_while(|status| matches!(status, Status::Fail | Status::Warn))
            .count();
        assert!(problems >= 2, "{listed:?}");
        assert!(listed
            .iter()
            .skip(problems)
            .all(|status| matches!(status, Status::Pass | Status::Skip)));
        // Within the failures, the core's order to fix things in.
        let failing: Vec<CheckId> = checklist_order(&report)
            .iter()
            .filter(|c| c.status == Status::Fail)
            .map(|c| c.id)
            .collect();
        let in_fix_order: Vec<CheckId> = CheckId::FIX_ORDER
            .into_iter()
            .filter(|id| failing.contains(id))
            .collect();
        assert_eq!(failing, in_fix_order);
    }
}
