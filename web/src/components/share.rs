//! Share: the link to the current scenario (optionally redacted) and a copy
//! button; with Redact on, a preview of what the link carries, the free text
//! it carries as written (which the redaction cannot judge), and a mark in
//! the link that tells whoever opens it that it was redacted.

use std::rc::Rc;

use assumable_core::redact::Redaction;
use assumable_core::share::{as_exercise, redact_for_sharing};
use assumable_core::Scenario;
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::browser;
use crate::state::{identity_names, Action};
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
    // Shared as an exercise, the link opens with the answer hidden.
    let exercise = use_state_eq(|| false);
    let kind = Kind {
        redact: props.redact,
        exercise: *exercise,
    };
    // Redacting and deflating the whole case on every key would slow typing
    // in a big case: the link (and, with Redact on, the redaction and its
    // preview) follows an edit a little after the last key, at once when
    // Redact is toggled; Copy always copies the current case.
    let shown = use_state(|| Rc::new(Shown::new(&props.scenario, kind)));
    let made_for = use_mut_ref(|| (props.revision, kind));
    {
        let set_shown = shown.setter();
        let scenario = props.scenario.clone();
        use_effect_with((props.revision, kind), move |&(revision, kind)| {
            let before = *made_for.borrow();
            let update = move || {
                set_shown.set(Rc::new(Shown::new(&scenario, kind)));
                *made_for.borrow_mut() = (revision, kind);
            };
            let timeout = if before == (revision, kind) {
                None
            } else if before.1 != kind {
                update();
                None
            } else {
                Some(Timeout::new(LINK_DELAY_MS, update))
            };
            move || drop(timeout)
        });
    }
    {
        // A new link is not yet copied.
        let copied = copied.clone();
        use_effect_with((props.revision, kind), move |_| copied.set(None));
    }
    let on_copy = {
        let set_shown = shown.setter();
        let scenario = props.scenario.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let current = Shown::new(&scenario, kind);
            let link = current.link.clone();
            set_shown.set(Rc::new(current));
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
    let on_exercise = {
        let exercise = exercise.clone();
        Callback::from(move |event: Event| exercise.set(input_checked(&event)))
    };
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
            <input id="share-link" class="share-link" readonly=true value={shown.link.clone()} onfocus={on_focus_link} />
            <button type="button" class="primary" id="copy-link" onclick={on_copy}>{ "Copy link" }</button>
            <label class="toggle">
                <input type="checkbox" id="redact" checked={props.redact} onchange={on_redact} />
                { "Redact account IDs and names" }
            </label>
            <label class="toggle">
                <input type="checkbox" id="share-exercise" checked={*exercise} onchange={on_exercise} />
                { "As an exercise" }
            </label>
            <p class="share-status" role="status">{ copied.unwrap_or_default() }</p>
            if props.redact {
                <p class="share-note" id="redact-note">
                    { "While Redact is on, the address bar carries no case: copy the link above." }
                </p>
            }
            if let Some((redaction, json)) = shown.redaction.as_ref() {
                { free_text(&redaction.scenario) }
                { preview(redaction, json) }
            }
        </div>
    }
}

/// How the link is made: redacted, and marked to open as an exercise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Kind {
    redact: bool,
    exercise: bool,
}

/// What Share shows of one version of the case: the link, and with Redact
/// on, the redaction the link carries and its JSON.
struct Shown {
    link: String,
    redaction: Option<(Redaction, String)>,
}

impl Shown {
    fn new(scenario: &Scenario, kind: Kind) -> Self {
        let link = |carried: &Scenario| {
            format!("{}{}", browser::base_url(), browser::fragment_for(carried))
        };
        let marked = |scenario: Scenario| {
            if kind.exercise {
                as_exercise(&scenario)
            } else {
                scenario
            }
        };
        if kind.redact {
            let mut redaction = redact_for_sharing(scenario);
            redaction.scenario = marked(redaction.scenario);
            // The preview is exactly what the link carries.
            let json = redaction.scenario.to_json_pretty();
            Shown {
                link: link(&redaction.scenario),
                redaction: Some((redaction, json)),
            }
        } else {
            Shown {
                link: link(&marked(scenario.clone())),
                redaction: None,
            }
        }
    }
}

/// Text people write (the case's name, its notes, policy names, the error
/// AWS printed) that a redacted link still carries: the redaction replaces
/// the ids and names it recognises in it, but a secret in prose is beyond
/// it, so each is shown, as the link has it, to be read before sharing.
/// Statement ids need no flag: they are replaced whole (`Stmt1`, …).
fn free_text(redacted: &Scenario) -> Html {
    fn present(text: Option<&str>) -> Option<&str> {
        text.map(str::trim).filter(|text| !text.is_empty())
    }
    let policy_names: Vec<String> = identity_names(redacted)
        .into_iter()
        .filter(|name| !name.trim().is_empty())
        .collect();
    let policy_names = policy_names.join(", ");
    let fields: Vec<(&str, String)> = [
        ("Case name", present(redacted.name.as_deref())),
        ("Notes", present(redacted.description.as_deref())),
        ("Policy names", present(Some(policy_names.as_str()))),
        (
            "What AWS said",
            present(redacted.observed.as_ref().map(|said| said.message.as_str())),
        ),
    ]
    .into_iter()
    .filter_map(|(label, text)| Some((label, text?.to_string())))
    .collect();
    if fields.is_empty() {
        return html! {};
    }
    html! {
        <div class="redact-free-text" id="redact-free-text">
            <p><strong>{ "Read before sharing: " }</strong>
                { "this text is shared as written, but for the ids and names the redaction recognised." }</p>
            <dl>
                { for fields.into_iter().map(|(label, text)| html! {
                    <>
                        <dt>{ label }</dt>
                        <dd>{ text }</dd>
                    </>
                }) }
            </dl>
        </div>
    }
}

/// What a redacted link carries: the scenario as JSON and what was kept.
fn preview(redaction: &Redaction, json: &str) -> Html {
    html! {
        <details class="redact-preview" id="redact-preview">
            <summary>{ "What the link carries" }</summary>
            // Scrollable, so reachable by keyboard (and named for it).
            <pre tabindex="0" role="region" aria-label="The scenario the link carries, as JSON"><code>{ json.to_string() }</code></pre>
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
