//! The first screen of a first visit: "What do you have?", a few ways in.

use assumable_core::import::{import, ImportInput, ImportOutcome};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// The DOM id of the start screen (the skip link's target there).
pub const START_ID: &str = "start";

/// A way into the page. One more (say, pasting the error AWS printed) is one
/// more variant and one more entry in [`CHOICES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartChoice {
    /// The error AWS printed, read by the core's import.
    PasteError,
    /// An empty case, the trust policy editor focused.
    PastePolicies,
    /// An empty case, from the top.
    StartEmpty,
    /// The examples, by topic.
    Examples,
}

/// Each choice: its button id, its label and what it leads to.
const CHOICES: &[(StartChoice, &str, &str, &str)] = &[
    (
        StartChoice::PasteError,
        "start-error",
        "Paste the error AWS printed",
        "The AccessDenied message from the aws CLI, an SDK, Terraform or a CI log: it names the caller and the role.",
    ),
    (
        StartChoice::PastePolicies,
        "start-paste",
        "Paste policies",
        "The role's trust policy first, then the caller's policies and the call.",
    ),
    (
        StartChoice::StartEmpty,
        "start-empty",
        "Start empty",
        "An empty case to fill in as you go.",
    ),
    (
        StartChoice::Examples,
        "start-examples",
        "Learn from an example",
        "Real cases by topic: trust, permissions, conditions, EKS, SAML, organizations, sessions.",
    ),
];

#[derive(Properties, PartialEq)]
pub struct StartProps {
    pub on_choose: Callback<StartChoice>,
    /// A pasted error the core's import read: the case it gives.
    pub on_import: Callback<ImportOutcome>,
    /// The choice whose panel is open (the examples), shown as pressed.
    #[prop_or_default]
    pub open: Option<StartChoice>,
}

#[component]
pub fn Start(props: &StartProps) -> Html {
    let error_open = use_state(|| false);
    let on_choose = {
        let (on_choose, error_open) = (props.on_choose.clone(), error_open.clone());
        Callback::from(move |choice: StartChoice| {
            if choice == StartChoice::PasteError {
                error_open.set(!*error_open);
            }
            on_choose.emit(choice);
        })
    };
    html! {
        <section class="start" id={START_ID} tabindex="-1" aria-labelledby="start-heading">
            <h2 id="start-heading">{ "What do you have?" }</h2>
            <ul class="start-choices" role="list">
                { for CHOICES.iter().map(|(choice, id, label, hint)| {
                    let choice = *choice;
                    let hint_id = format!("{id}-hint");
                    // The examples open below, in the page's examples section;
                    // the error's text box under the choices.
                    let (pressed, controls) = match choice {
                        StartChoice::Examples => {
                            (Some((props.open == Some(choice)).to_string()), Some("examples"))
                        }
                        StartChoice::PasteError => (Some(error_open.to_string()), Some(ERROR_PANEL_ID)),
                        _ => (None, None),
                    };
                    html! {
                        <li>
                            <button type="button" class="start-choice" id={*id}
                                aria-describedby={hint_id.clone()} aria-expanded={pressed} aria-controls={controls}
                                onclick={on_choose.reform(move |_: MouseEvent| choice)}>
                                <span class="start-label">{ *label }</span>
                                <span class="start-hint" id={hint_id}>{ *hint }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
            if *error_open {
                <PasteError on_import={props.on_import.clone()} />
            }
        </section>
    }
}

/// The DOM id of the error's text box panel.
const ERROR_PANEL_ID: &str = "start-error-panel";
/// The DOM id of the error's text box (focused when the panel opens).
pub const ERROR_TEXT_ID: &str = "start-error-text";

#[derive(Properties, PartialEq)]
struct PasteErrorProps {
    on_import: Callback<ImportOutcome>,
}

/// A text box for the error AWS printed. What the core cannot read is said
/// here, and the text stays as typed.
#[component]
fn PasteError(props: &PasteErrorProps) -> Html {
    let text = use_state(String::new);
    let problem = use_state(|| None::<String>);
    let on_input = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(area) = event.target_dyn_into::<HtmlTextAreaElement>() {
                text.set(area.value());
            }
        })
    };
    let on_submit = {
        let (text, problem, on_import) = (text.clone(), problem.clone(), props.on_import.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let input = ImportInput {
                source: "the pasted error".into(),
                text: (*text).clone(),
            };
            let outcome = import(&[input], None);
            if outcome.recognized.is_empty() {
                let why = outcome
                    .unrecognized
                    .first()
                    .map(|unread| unread.error.clone())
                    .unwrap_or_else(|| "Nothing was read from this text.".into());
                problem.set(Some(why));
            } else {
                problem.set(None);
                on_import.emit(outcome);
            }
        })
    };
    let described = if problem.is_some() {
        "start-error-hint start-error-problem"
    } else {
        "start-error-hint"
    };
    html! {
        <form class="start-error" id={ERROR_PANEL_ID} onsubmit={on_submit}>
            <label for={ERROR_TEXT_ID}>{ "The error, as AWS or your tool printed it" }</label>
            <p class="hint" id="start-error-hint">{ "Prompts, log prefixes, stack traces and line breaks may stay. It is read here, in your browser." }</p>
            <textarea id={ERROR_TEXT_ID} rows="6" spellcheck="false" value={(*text).clone()}
                aria-describedby={described} aria-invalid={problem.is_some().then_some("true")}
                oninput={on_input} />
            if let Some(why) = &*problem {
                <p class="start-error-problem" id="start-error-problem" role="alert">{ crate::view::rich(why) }</p>
            }
            <button type="submit" class="primary" disabled={text.trim().is_empty()}>{ "Read the error" }</button>
        </form>
    }
}
