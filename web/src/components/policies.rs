//! The policy documents: trust policy, identity policies, and (collapsed until
//! used) the permissions boundary, SCP levels and RCP levels.

use std::rc::Rc;

use assumable_core::report::DocumentId;
use assumable_core::text::TextRange;
use assumable_core::{Report, Scenario};
use yew::prelude::*;

use crate::components::editor::{marks_for, Editor};
use crate::state::{identity_names, policy, Action, FocusRequest, OrgKind};
use crate::view::{document_label, input_value};

#[derive(Properties, PartialEq)]
struct DocumentEditorProps {
    document: DocumentId,
    scenario: Rc<Scenario>,
    report: Rc<Report>,
    focus: Option<FocusRequest>,
    /// Text the last applied fix wrote, in any document.
    changed: Rc<Vec<(DocumentId, TextRange)>>,
    on_action: Callback<Action>,
    #[prop_or_default]
    children: Html,
}

/// One document's editor, wired to the state.
#[component]
fn DocumentEditor(props: &DocumentEditorProps) -> Html {
    let document = props.document;
    let text = policy(&props.scenario, document)
        .map(|source| source.text())
        .unwrap_or_default();
    let marks = Rc::new(marks_for(&props.report, document, text));
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
    let label = document_label(document, &identity_names(&props.scenario));
    html! {
        <Editor
            id={format!("editor-{document}")}
            label={label}
            text={AttrValue::from(text)}
            {marks}
            {focus}
            {changed}
            on_input={props.on_action.reform(move |text| Action::SetPolicy(document, text))}
            on_format={props.on_action.reform(move |()| Action::FormatPolicy(document))}
        >
            { props.children.clone() }
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
    let editor = |document: DocumentId, children: Html| {
        html! {
            <DocumentEditor {document} scenario={props.scenario.clone()} report={props.report.clone()}
                focus={props.focus.clone()} changed={props.changed.clone()}
                on_action={props.on_action.clone()}>
                { children }
            </DocumentEditor>
        }
    };
    let callers = scenario.caller_policies.clone().unwrap_or_default();
    let names = identity_names(scenario);
    let scps = callers.scps.clone().unwrap_or_default();
    let rcps = scenario.role.rcps.clone().unwrap_or_default();
    let has_extra = callers.permissions_boundary.is_some() || !scps.is_empty() || !rcps.is_empty();
    let act = |action: fn() -> Action| props.on_action.reform(move |_: MouseEvent| action());

    let org_section = |kind: OrgKind, levels: &Vec<Vec<assumable_core::scenario::PolicySource>>| {
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
                            editor(document, html! {
                                <button type="button" class="small quiet"
                                    onclick={props.on_action.reform(move |_: MouseEvent| Action::RemoveOrgPolicy(kind, level, n))}
                                    aria-label={format!("Remove {short} level {} policy {}", level + 1, n + 1)}>
                                    { "Remove" }
                                </button>
                            })
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
            { editor(DocumentId::TrustPolicy, Html::default()) }

            <h3 class="subhead">{ "The caller's identity policies" }</h3>
            if callers.identity.is_empty() {
                <p class="hint">{ "No identity policy: a caller in another account then has no permission to call sts:AssumeRole." }</p>
            }
            { for (0..callers.identity.len()).map(|n| {
                let name = names.get(n).cloned().unwrap_or_default();
                let name_id = format!("identity-name-{n}");
                let on_rename = props.on_action.reform(move |event: InputEvent| {
                    Action::RenameIdentity(n, input_value(&event))
                });
                editor(DocumentId::Identity(n), html! {
                    <>
                        <label class="visually-hidden" for={name_id.clone()}>{ format!("Name of identity policy {}", n + 1) }</label>
                        <input id={name_id} class="name-input" value={name} placeholder="Name (optional)"
                            oninput={on_rename} autocomplete="off" />
                        <button type="button" class="small quiet"
                            onclick={props.on_action.reform(move |_: MouseEvent| Action::RemoveIdentity(n))}
                            aria-label={format!("Remove identity policy {}", n + 1)}>
                            { "Remove" }
                        </button>
                    </>
                })
            }) }
            <button type="button" class="small" onclick={act(|| Action::AddIdentity)}>{ "Add identity policy" }</button>

            <details class="more" open={has_extra}>
                <summary>{ "Permissions boundary, SCPs and RCPs" }</summary>
                <fieldset class="group">
                    <legend>{ "Permissions boundary" }</legend>
                    if callers.permissions_boundary.is_some() {
                        { editor(DocumentId::PermissionsBoundary, html! {
                            <button type="button" class="small quiet" onclick={act(|| Action::RemoveBoundary)}
                                aria-label="Remove the permissions boundary">{ "Remove" }</button>
                        }) }
                    } else {
                        <button type="button" class="small" onclick={act(|| Action::AddBoundary)}>{ "Add permissions boundary" }</button>
                    }
                </fieldset>
                { org_section(OrgKind::Scp, &scps) }
                { org_section(OrgKind::Rcp, &rcps) }
            </details>
        </section>
    }
}
