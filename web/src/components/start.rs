//! The first screen of a first visit: "What do you have?", a few ways in.

use yew::prelude::*;

/// The DOM id of the start screen (the skip link's target there).
pub const START_ID: &str = "start";

/// A way into the page. One more (say, pasting the error AWS printed) is one
/// more variant and one more entry in [`CHOICES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartChoice {
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
    /// The choice whose panel is open (the examples), shown as pressed.
    #[prop_or_default]
    pub open: Option<StartChoice>,
}

#[component]
pub fn Start(props: &StartProps) -> Html {
    html! {
        <section class="start" id={START_ID} tabindex="-1" aria-labelledby="start-heading">
            <h2 id="start-heading">{ "What do you have?" }</h2>
            <ul class="start-choices" role="list">
                { for CHOICES.iter().map(|(choice, id, label, hint)| {
                    let choice = *choice;
                    let hint_id = format!("{id}-hint");
                    // The examples open below, in the page's examples section.
                    let opens_examples = choice == StartChoice::Examples;
                    let pressed = opens_examples.then(|| (props.open == Some(choice)).to_string());
                    let controls = opens_examples.then_some("examples");
                    html! {
                        <li>
                            <button type="button" class="start-choice" id={*id}
                                aria-describedby={hint_id.clone()} aria-expanded={pressed} aria-controls={controls}
                                onclick={props.on_choose.reform(move |_: MouseEvent| choice)}>
                                <span class="start-label">{ *label }</span>
                                <span class="start-hint" id={hint_id}>{ *hint }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
