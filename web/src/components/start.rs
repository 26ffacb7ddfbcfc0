//! The first screen of a first visit: "What do you have?", a few ways in.

use assumable_core::import::ImportOutcome;
use yew::prelude::*;

use super::paste::Paste;

/// The DOM id of the start screen (the skip link's target there).
pub const START_ID: &str = "start";

/// A way into the page. One more (say, pasting the error AWS printed) is one
/// more variant and one more entry in [`CHOICES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartChoice {
    /// What the person has (the error AWS printed first of all), read by the core's import.
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
        "Paste what you have",
        "The error AWS printed, an aws output, a CloudTrail record, a token, a Terraform or CloudFormation role: each fills what it holds.",
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
                        StartChoice::PasteError => (Some(error_open.to_string()), Some(PASTE_ID)),
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
                <Paste id={PASTE_ID} on_import={props.on_import.clone()} />
            }
        </section>
    }
}

/// The DOM id of the paste box (its text box is `{id}-text`).
pub const PASTE_ID: &str = "paste-start";
