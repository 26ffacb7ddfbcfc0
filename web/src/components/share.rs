//! Share: the link to the current scenario (optionally redacted) and a copy
//! button; with Redact on, a preview of what the link carries, the free text
//! it carries as written (which the redaction cannot judge), and a mark in
//! the link that tells whoever opens it that it was redacted.

use std::rc::Rc;

use assumable_core::reader::{ReadAnswer, ReadRequest};
use assumable_core::redact::Redaction;
use assumable_core::share::as_exercise;
use assumable_core::Scenario;
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::browser;
use crate::reader::{self, Reply};
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
    let version = (props.revision, kind);
    // Redacting and deflating the whole case on every key would slow typing
    // in a big case: the link (and, with Redact on, the redaction and its
    // preview) follows an edit a little after the last key, at once when
    // Redact is toggled. Redaction is the redactor's (a worker fetched the
    // first time it is needed): until its answer for this version arrives,
    // no link is shown as redacted that is not.
    let shown = use_state(|| Rc::new(Shown::now(&props.scenario, kind, props.revision)));
    // The version last asked for: an answer for an older one is dropped.
    let wanted = use_mut_ref(|| version);
    {
        let set_shown = shown.setter();
        let scenario = props.scenario.clone();
        let wanted = wanted.clone();
        use_effect_with(version, move |&(revision, kind)| {
            let before = *wanted.borrow();
            *wanted.borrow_mut() = (revision, kind);
            if before.1 != kind && kind.redact {
                // Never the unredacted link while the redacted one is made.
                set_shown.set(Rc::new(Shown::pending(kind, revision)));
            }
            let update = move || make(&scenario, (revision, kind), &wanted, &set_shown, |_| {});
            let timeout = if before == (revision, kind) {
                // The first render: a redacted link (Redact kept on from
                // before) is asked for at once; a plain one is made already.
                if kind.redact {
                    update();
                }
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
        use_effect_with(version, move |_| copied.set(None));
    }
    let on_copy = {
        let shown = shown.clone();
        let set_shown = shown.setter();
        let scenario = props.scenario.clone();
        let copied = copied.clone();
        let wanted = wanted.clone();
        Callback::from(move |_: MouseEvent| {
            // Copy always copies the current case: the link shown when it
            // is this version's, else the one made now.
            if let (true, Some(link)) = (shown.version == version, shown.link.clone()) {
                copy_link(copied.clone(), link);
                return;
            }
            if kind.redact {
                copied.set(Some(
                    "Redacting the case; the link is copied once it is made.",
                ));
            }
            *wanted.borrow_mut() = version;
            let copied = copied.clone();
            make(
                &scenario,
                version,
                &wanted,
                &set_shown,
                move |made| match made.link.clone() {
                    Some(link) => copy_link(copied.clone(), link),
                    None => copied.set(Some("Nothing was copied: the case could not be redacted.")),
                },
            );
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
    // What the link field says: the link, or why there is none yet.
    let (link_value, link_state) = match (&shown.link, &shown.error) {
        (Some(link), _) if shown.redaction.is_some() => (link.clone(), "redacted"),
        (Some(link), _) => (link.clone(), "plain"),
        (None, Some(_)) => (String::new(), "failed"),
        (None, None) => (String::new(), "redacting"),
    };
    html! {
        <div class="share" role="group" aria-labelledby="share-heading">
            <h2 id="share-heading" class="visually-hidden">{ "Share" }</h2>
            <label class="visually-hidden" for="share-link">{ "Link to this scenario" }</label>
            <input id="share-link" class="share-link" readonly=true value={link_value}
                data-link={link_state} aria-busy={(link_state == "redacting").then_some("true")}
                placeholder={(link_state == "redacting").then_some("Redacting the case…")}
                onfocus={on_focus_link} />
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
            if let Some(why) = &shown.error {
                <p class="share-note share-error" id="redact-error">
                    { format!("The case could not be redacted, so no link is offered: {why}") }
                </p>
            }
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

/// Copies `link`, saying in `copied` whether the browser let it.
fn copy_link(copied: UseStateHandle<Option<&'static str>>, link: String) {
    wasm_bindgen_futures::spawn_local(async move {
        let done = browser::copy_text(link).await;
        copied.set(Some(if done {
            "Link copied."
        } else {
            "Copying was refused; select the link and copy it."
        }));
    });
}

/// Makes the link of `version` (revision, kind): at once, or for a redacted
/// one by asking the redactor. It is shown, and handed to `then`, only while
/// that version is the one wanted.
fn make(
    scenario: &Rc<Scenario>,
    version: (u64, Kind),
    wanted: &Rc<std::cell::RefCell<(u64, Kind)>>,
    set_shown: &UseStateSetter<Rc<Shown>>,
    then: impl Fn(&Shown) + 'static,
) {
    let (revision, kind) = version;
    let show = {
        let (wanted, set_shown) = (wanted.clone(), set_shown.clone());
        move |made: Shown| {
            if *wanted.borrow() == version {
                then(&made);
                set_shown.set(Rc::new(made));
            }
        }
    };
    if !kind.redact {
        show(Shown::now(scenario, kind, revision));
        return;
    }
    reader::read(
        ReadRequest::Redact {
            scenario: Box::new((**scenario).clone()),
        },
        Callback::from(move |reply: Reply| show(Shown::redacted(reply, kind, revision))),
    );
}

/// How the link is made: redacted, and marked to open as an exercise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Kind {
    redact: bool,
    exercise: bool,
}

/// What Share shows of one version of the case: the link, and with Redact
/// on, the redaction the link carries and its JSON; no link while the
/// redaction is being made, or when it failed (and why).
struct Shown {
    /// The (revision, kind) it was made for.
    version: (u64, Kind),
    link: Option<String>,
    redaction: Option<(Redaction, String)>,
    error: Option<String>,
}

impl Shown {
    fn link_of(carried: &Scenario) -> String {
        format!("{}{}", browser::base_url(), browser::fragment_for(carried))
    }

    /// The link made here and now: unredacted (a redacted one is the
    /// redactor's: until it answers, [`Self::pending`]).
    fn now(scenario: &Scenario, kind: Kind, revision: u64) -> Self {
        if kind.redact {
            return Self::pending(kind, revision);
        }
        let carried = if kind.exercise {
            as_exercise(scenario)
        } else {
            scenario.clone()
        };
        Shown {
            version: (revision, kind),
            link: Some(Self::link_of(&carried)),
            redaction: None,
            error: None,
        }
    }

    fn pending(kind: Kind, revision: u64) -> Self {
        Shown {
            version: (revision, kind),
            link: None,
            redaction: None,
            error: None,
        }
    }

    /// The redactor's redaction made into the link; its failure said.
    fn redacted(reply: Reply, kind: Kind, revision: u64) -> Self {
        let mut redaction = match reply {
            Ok(ReadAnswer::Redacted { redaction }) => *redaction,
            Ok(ReadAnswer::Refused { error }) | Err(error) => {
                return Shown {
                    error: Some(error),
                    ..Self::pending(kind, revision)
                }
            }
            Ok(_) => {
                return Shown {
                    error: Some("the redactor answered something else".to_string()),
                    ..Self::pending(kind, revision)
                }
            }
        };
        if kind.exercise {
            redaction.scenario = as_exercise(&redaction.scenario);
        }
        // The preview is exactly what the link carries.
        let json = redaction.scenario.to_json_pretty();
        Shown {
            version: (revision, kind),
            link: Some(Self::link_of(&redaction.scenario)),
            redaction: Some((redaction, json)),
            error: None,
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
