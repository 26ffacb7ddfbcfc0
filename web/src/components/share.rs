//! Share: the link to the current scenario (optionally redacted) and a copy
//! button; with Redact on, a preview of what the link carries.

use std::rc::Rc;

use assumable_core::redact::{redact_with_notes, Redaction};
use assumable_core::Scenario;
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::browser;
use crate::state::Action;
use crate::view::input_checked;

/// How long after the last edit the link is remade.
const LINK_DELAY_MS: u32 = 100;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub scenario: Rc<Scenario>,
    pub revision: u64,
    pub redact: bool,
    pub on_action: Callback<Action>,
}

#[component]
pub fn Share(props: &ShareProps) -> Html {
    let copied = use_state(|| None::<&'static str>);
    // Redacted once per edit: the link and the preview read the same result.
    let redaction = {
        let scenario = props.scenario.clone();
        use_memo((props.revision, props.redact), move |(_, redacted)| {
            redacted.then(|| redact_with_notes(&scenario))
        })
    };
    // Deflating the whole case on every key would slow typing in a big case:
    // the link follows an edit a little after the last key (at once when
    // Redact is toggled), and Copy always copies the current case.
    let link = use_state(|| link_for(&props.scenario, redaction.as_ref().as_ref()));
    let made_for = use_mut_ref(|| (props.revision, props.redact));
    {
        let set_link = link.setter();
        let scenario = props.scenario.clone();
        let redaction = redaction.clone();
        use_effect_with(
            (props.revision, props.redact),
            move |&(revision, redact)| {
                let before = *made_for.borrow();
                let update = move || {
                    set_link.set(link_for(&scenario, redaction.as_ref().as_ref()));
                    *made_for.borrow_mut() = (revision, redact);
                };
                let timeout = if before == (revision, redact) {
                    None
                } else if before.1 != redact {
                    update();
                    None
                } else {
                    Some(Timeout::new(LINK_DELAY_MS, update))
                };
                move || drop(timeout)
            },
        );
    }
    {
        // A new link is not yet copied.
        let copied = copied.clone();
        use_effect_with((props.revision, props.redact), move |_| copied.set(None));
    }
    let on_copy = {
        let set_link = link.setter();
        let scenario = props.scenario.clone();
        let redaction = redaction.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let link = link_for(&scenario, redaction.as_ref().as_ref());
            set_link.set(link.clone());
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let done = browser::copy_text(link).await;
                copied.set(Some(if done {
                    "Link copied."
                } else {
                    "Copying was refused; select the link and copy it."
                }));
            });
        })
    };
    let on_redact = props
        .on_action
        .reform(|event: Event| Action::SetRedact(input_checked(&event)));
    let on_focus_link = Callback::from(|event: FocusEvent| {
        if let Some(input) = event
            .target()
            .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
        {
            input.select();
        }
    });
    html! {
        <div class="share" role="group" aria-labelledby="share-heading">
            <h2 id="share-heading" class="visually-hidden">{ "Share" }</h2>
            <label class="visually-hidden" for="share-link">{ "Link to this scenario" }</label>
            <input id="share-link" class="share-link" readonly=true value={(*link).clone()} onfocus={on_focus_link} />
            <button type="button" class="primary" id="copy-link" onclick={on_copy}>{ "Copy link" }</button>
            <label class="toggle">
                <input type="checkbox" id="redact" checked={props.redact} onchange={on_redact} />
                { "Redact account IDs and names" }
            </label>
            <p class="share-status" role="status">{ copied.unwrap_or_default() }</p>
            if let Some(redaction) = redaction.as_ref() {
                <p class="share-note" id="redact-note">
                    { "While Redact is on, the address bar carries no case: copy the link above." }
                </p>
                { preview(redaction) }
            }
        </div>
    }
}

/// The link to `scenario`, or to its redaction when Redact is on.
fn link_for(scenario: &Scenario, redaction: Option<&Redaction>) -> String {
    let fragment = match redaction {
        Some(redaction) => browser::fragment_for(&redaction.scenario),
        None => browser::fragment_for(scenario),
    };
    format!("{}{fragment}", browser::base_url())
}

/// What a redacted link carries: the scenario as JSON and what was kept.
fn preview(redaction: &Redaction) -> Html {
    html! {
        <details class="redact-preview" id="redact-preview">
            <summary>{ "What the link carries" }</summary>
            <pre><code>{ redaction.scenario.to_json_pretty() }</code></pre>
            if !redaction.kept.is_empty() {
                <ul class="redact-kept">
                    { for redaction.kept.iter().map(|note| {
                        // Notes read "kept role name `x`: why"; a note on the
                        // check as a whole reads as it is.
                        let text = match note.strip_prefix("kept ") {
                            Some(rest) => format!("Kept as it was: {rest}"),
                            None => note.clone(),
                        };
                        html! { <li>{ text }</li> }
                    }) }
                </ul>
            }
        </details>
    }
}
