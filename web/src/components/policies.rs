//! The policy documents: trust policy, identity policies, and (collapsed until
//! used) the permissions boundary, SCP levels and RCP levels.

use std::rc::Rc;

use assumable_core::report::DocumentId;
use assumable_core::request_fields::CallKind;
use assumable_core::scenario::{CallerPolicies, PolicySource};
use assumable_core::text::{format_count, TextRange};
use assumable_core::{Report, Scenario, MAX_IDENTITY_POLICIES};
use yew::prelude::*;

use crate::components::editor::{marks_by_document, Editor, Mark};
use crate::state::{identity_names, policy, Action, FocusRequest, OrgKind};
use crate::view::{document_label, input_value};

/// One editor's props: only what this document shows, so that an editor whose
/// document, marks and focus did not change compares equal and is skipped.
#[derive(Properties, PartialEq)]
struct DocumentEditorProps {
    document: DocumentId,
    text: AttrValue,
    label: AttrValue,
    marks: Rc<Vec<Mark>>,
    /// The span to select and flash, when a location of this document was clicked.
    focus: Option<(usize, usize, u32)>,
    /// Text the last applied fix wrote in this document.
    changed: Vec<TextRange>,
    on_action: Callback<Action>,
    /// An identity policy's name, edited beside "Format".
    #[prop_or_default]
    name: Option<AttrValue>,
    /// The aria-label of the document's Remove button (none: not removable).
    #[prop_or_default]
    remove_label: Option<AttrValue>,
}

/// What the Remove button of a document does.
fn remove_action(document: DocumentId) -> Option<Action> {
    match document {
        DocumentId::Identity(n) => Some(Action::RemoveIdentity(n)),
        DocumentId::PermissionsBoundary => Some(Action::RemoveBoundary),
        DocumentId::Scp(level, n) => Some(Action::RemoveOrgPolicy(OrgKind::Scp, level, n)),
        DocumentId::Rcp(level, n) => Some(Action::RemoveOrgPolicy(OrgKind::Rcp, level, n)),
        _ => None,
    }
}

/// One document's editor, wired to the state.
#[component]
fn DocumentEditor(props: &DocumentEditorProps) -> Html {
    let document = props.document;
    let deps = (document, props.on_action.clone());
    let on_input = use_callback(deps.clone(), |text: String, (document, on_action)| {
        on_action.emit(Action::SetPolicy(*document, text));
    });
    let on_format = use_callback(deps.clone(), |(), (document, on_action)| {
        on_action.emit(Action::FormatPolicy(*document));
    });
    let on_rename = use_callback(deps.clone(), |event: InputEvent, (document, on_action)| {
        if let DocumentId::Identity(n) = *document {
            on_action.emit(Action::RenameIdentity(n, input_value(&event)));
        }
    });
    let on_remove = use_callback(deps, |_: MouseEvent, (document, on_action)| {
        if let Some(action) = remove_action(*document) {
            on_action.emit(action);
        }
    });
    let rename = match (document, &props.name) {
        (DocumentId::Identity(n), Some(name)) => {
            let name_id = format!("identity-name-{n}");
            html! {
                <>
                    <label class="visually-hidden" for={name_id.clone()}>{ format!("Name of identity policy {}", n + 1) }</label>
                    <input id={name_id} class="name-input" value={name.clone()} placeholder="Name (optional)"
                        oninput={on_rename} autocomplete="off" />
                </>
            }
        }
        _ => Html::default(),
    };
    let remove = match &props.remove_label {
        Some(label) => html! {
            <button type="button" class="small quiet" onclick={on_remove} aria-label={label.clone()}>
                { "Remove" }
            </button>
        },
        None => Html::default(),
    };
    html! {
        <Editor
            id={format!("editor-{document}")}
            label={props.label.clone()}
            text={props.text.clone()}
            marks={props.marks.clone()}
            focus={props.focus}
            changed={props.changed.clone()}
            {on_input}
            {on_format}
        >
            { rename }
            { remove }
        </Editor>
    }
}

#[derive(Properties, PartialEq)]
pub struct PoliciesProps {
    pub scenario: Rc<Scenario>,
    pub report: Rc<Report>,
    pub focus: Option<FocusRequest>,
    pub changed: Rc<Vec<(DocumentId, TextRange)>>,
    pub on_action: Callback<Action>,
}

#[component]
pub fn Policies(props: &PoliciesProps) -> Html {
    let scenario = &props.scenario;
    // Computed once per render, not once per editor.
    let names = identity_names(scenario);
    let marks = marks_by_document(&props.report, scenario);
    let editor = |document: DocumentId, name: Option<String>, remove_label: Option<String>| {
        let text = policy(scenario, document)
            .map(|source| source.text())
            .unwrap_or_default();
        let focus = props.focus.as_ref().and_then(|focus| {
            if focus.location.document != document {
                return None;
            }
            let range = focus.location.byte_range(text)?;
            Some((range.start, range.end, focus.nonce))
        });
        let changed: Vec<TextRange> = props
            .changed
            .iter()
            .filter(|(changed_document, _)| *changed_document == document)
            .map(|(_, range)| *range)
            .collect();
        html! {
            <DocumentEditor {document}
                text={AttrValue::from(text.to_string())}
                label={AttrValue::from(document_label(document, &names))}
                marks={marks.get(&document).cloned().unwrap_or_default()}
                {focus} {changed}
                on_action={props.on_action.clone()}
                name={name.map(AttrValue::from)}
                remove_label={remove_label.map(AttrValue::from)} />
        }
    };
    // Borrowed, not cloned: a case can hold thousands of identity policies.
    let no_callers = CallerPolicies::default();
    let callers = scenario.caller_policies.as_ref().unwrap_or(&no_callers);
    let scps = callers.scps.as_deref().unwrap_or_default();
    let rcps = scenario.role.rcps.as_deref().unwrap_or_default();
    // The core reads at most MAX_IDENTITY_POLICIES; the one past the cap is
    // where identity.syntax points, and the rest are not rendered.
    let shown = callers.identity.len().min(MAX_IDENTITY_POLICIES + 1);
    let hidden = callers.identity.len() - shown;
    let has_extra = callers.permissions_boundary.is_some() || !scps.is_empty() || !rcps.is_empty();
    let act = |action: fn() -> Action| props.on_action.reform(move |_: MouseEvent| action());

    let org_section = |kind: OrgKind, levels: &[Vec<PolicySource>]| {
        let (short, long) = match kind {
            OrgKind::Scp => ("SCP", "Service control policies (caller's organization)"),
            OrgKind::Rcp => ("RCP", "Resource control policies (role's organization)"),
        };
        html! {
            <fieldset class="group org">
                <legend>{ long }</legend>
                <p class="hint">{ "One level per node of the organization (root, each OU, the account); every level must allow." }</p>
                { for levels.iter().enumerate().map(|(level, policies)| html! {
                    <div class="level">
                        <div class="level-bar">
                            <h4>{ format!("{short} level {}", level + 1) }</h4>
                            <button type="button" class="small quiet"
                                onclick={props.on_action.reform(move |_: MouseEvent| Action::RemoveLevel(kind, level))}>
                                { format!("Remove level {}", level + 1) }
                            </button>
                        </div>
                        { for (0..policies.len()).map(|n| {
                            let document = match kind {
                                OrgKind::Scp => DocumentId::Scp(level, n),
                                OrgKind::Rcp => DocumentId::Rcp(level, n),
                            };
                            editor(document, None,
                                Some(format!("Remove {short} level {} policy {}", level + 1, n + 1)))
                        }) }
                        <button type="button" class="small"
                            onclick={props.on_action.reform(move |_: MouseEvent| Action::AddOrgPolicy(kind, level))}>
                            { format!("Add a policy to level {}", level + 1) }
                        </button>
                    </div>
                }) }
                <button type="button" class="small"
                    onclick={props.on_action.reform(move |_: MouseEvent| Action::AddLevel(kind))}>
                    { format!("Add {short} level") }
                </button>
            </fieldset>
        }
    };

    html! {
        <section class="panel policies" aria-labelledby="policies-heading">
            <h2 id="policies-heading">{ "Policies" }</h2>
            { editor(DocumentId::TrustPolicy, None, None) }

            <h3 class="subhead">{ "The caller's identity policies" }</h3>
            if let Some(hint) = identity_hint(scenario, callers.identity.is_empty()) {
                <p class="hint" id="identity-hint">{ hint }</p>
            }
            { for (0..shown).map(|n| {
                let name = names.get(n).cloned().unwrap_or_default();
                editor(DocumentId::Identity(n), Some(name),
                    Some(format!("Remove identity policy {}", n + 1)))
            }) }
            if hidden > 0 {
                <p class="hint" id="identity-not-shown">{ not_shown(hidden) }</p>
            }
            <button type="button" class="small" onclick={act(|| Action::AddIdentity)}>{ "Add identity policy" }</button>

            <details class="more" open={has_extra}>
                <summary>{ "Permissions boundary, SCPs and RCPs" }</summary>
                <fieldset class="group">
                    <legend>{ "Permissions boundary" }</legend>
                    if callers.permissions_boundary.is_some() {
                        { editor(DocumentId::PermissionsBoundary, None,
                            Some("Remove the permissions boundary".to_string())) }
                    } else {
                        <button type="button" class="small" onclick={act(|| Action::AddBoundary)}>{ "Add permissions boundary" }</button>
                    }
                </fieldset>
                { org_section(OrgKind::Scp, scps) }
                { org_section(OrgKind::Rcp, rcps) }
            </details>
        </section>
    }
}

/// What the identity policies mean for this call: nothing for a web
/// identity or SAML call, which has no AWS caller (the checklist skips
/// identity.allow, boundary.allow and scp.allow for it, whatever is given);
/// for AssumeRole, a word when there are none.
fn identity_hint(scenario: &Scenario, none_given: bool) -> Option<String> {
    match CallKind::of(scenario.request.action.as_deref()) {
        Some(kind @ (CallKind::WebIdentity | CallKind::Saml)) => Some(format!(
            "{} has no AWS caller: identity policies, a permissions boundary and SCPs do not \
            apply to it.",
            kind.name()
        )),
        _ if none_given => Some(
            "No identity policy: a caller in another account then has no permission to call \
            sts:AssumeRole."
                .to_string(),
        ),
        _ => None,
    }
}

/// The notice after the last identity editor shown.
fn not_shown(hidden: usize) -> String {
    let (count, verb) = if hidden == 1 {
        ("1 more identity policy".to_string(), "is")
    } else {
        (
            format!("{} more identity policies", format_count(hidden)),
            "are",
        )
    };
    format!(
        "{count} {verb} not shown: AWS never applies this many, and Assumable reads at most {}.",
        format_count(MAX_IDENTITY_POLICIES)
    )
}
