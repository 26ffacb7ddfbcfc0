//! The notices above the results: the last action's (applied, undone, a
//! broken link) and the one about keeping the work (storage refused or full,
//! saved text unreadable, a draft, a slow case), each with its button.

use std::rc::Rc;

use assumable_core::Scenario;
use yew::prelude::*;

use crate::state::{Action, NextStep, Notice, NoticeAction};
use crate::view;
use crate::{browser, notices};

#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    pub notice: Option<Notice>,
    pub storage_notice: Option<Notice>,
    pub scenario: Rc<Scenario>,
    pub on_action: Callback<Action>,
}

#[component]
pub fn Notices(props: &NoticesProps) -> Html {
    let shown = |notice: &Notice, id: &'static str, dismiss: fn() -> Action| {
        let on_dismiss = props.on_action.reform(move |_: MouseEvent| dismiss());
        let button = notice.action.map(|action| {
            let label = match action {
                NoticeAction::RestoreDraft => "Restore my earlier work",
                NoticeAction::CopyJson => "Copy JSON",
                NoticeAction::CopyUnreadable(_) => "Copy the unreadable text",
                NoticeAction::OpenHeldLink => "Open the linked case",
            };
            let onclick = on_notice_action(action, props.scenario.clone(), props.on_action.clone());
            html! {
                <button type="button" class="small" id={format!("{id}-action")} {onclick}>{ label }</button>
            }
        });
        html! {
            <div {id} class={classes!("notice", notice.is_error.then_some("error"))}
                role={if notice.is_error { "alert" } else { "status" }}>
                <p>
                    { view::rich(&notice.text) }
                    if let Some(step) = notice.advises_next.then(|| NextStep::of(&props.scenario)).flatten() {
                        { " " }{ notices::next_step(step) }
                    }
                </p>
                <div class="notice-buttons">
                    { for button }
                    <button type="button" class="small quiet" onclick={on_dismiss}>{ "Dismiss" }</button>
                </div>
            </div>
        }
    };
    html! {
        <>
            if let Some(notice) = &props.storage_notice {
                { shown(notice, "storage-notice", || Action::SetStorageNotice(None)) }
            }
            if let Some(notice) = &props.notice {
                { shown(notice, "notice", || Action::SetNotice(None)) }
            }
        </>
    }
}

fn on_notice_action(
    action: NoticeAction,
    scenario: Rc<Scenario>,
    on_action: Callback<Action>,
) -> Callback<MouseEvent> {
    Callback::from(move |_: MouseEvent| match action {
        NoticeAction::RestoreDraft => on_action.emit(Action::RestoreDraft),
        // The saved work becomes the draft before the link's case is saved.
        NoticeAction::OpenHeldLink => on_action.emit(Action::OpenHeldLink {
            draft_stored: browser::keep_saved_as_draft(),
        }),
        NoticeAction::CopyJson => copy(
            scenario.to_json_pretty(),
            "The scenario's JSON",
            on_action.clone(),
        ),
        NoticeAction::CopyUnreadable(key) => match browser::unreadable_text(key) {
            Some(text) => copy(text, "The unreadable saved text", on_action.clone()),
            None => on_action.emit(Action::SetNotice(Some(Notice::error(format!(
                "The unreadable text is no longer in this browser's storage (`{key}`)."
            ))))),
        },
    })
}

/// Copies `text` and says so in the action notice.
fn copy(text: String, what: &'static str, on_action: Callback<Action>) {
    wasm_bindgen_futures::spawn_local(async move {
        let chars = text.chars().count();
        let notice = if browser::copy_text(text).await {
            Notice::info(format!(
                "{what} is copied ({chars} characters): paste it into a file to keep it."
            ))
        } else {
            Notice::error("Copying was refused by the browser.")
        };
        on_action.emit(Action::SetNotice(Some(notice)));
    });
}
