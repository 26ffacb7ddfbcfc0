//! The Assumable playground: paste an AssumeRole case, see which check fails
//! and where, fix it, share it. Everything runs in the browser.
//!
//! **Architecture invariant:** the page decides nothing about IAM; it renders
//! what `assumable_core::evaluate` answers and keeps the scenario (URL
//! fragment, localStorage, undo stack).

mod browser;
mod components;
mod examples;
mod state;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use browser::Fragment;
use components::gallery::Gallery;
use components::policies::Policies;
use components::request_form::RequestForm;
use components::results::Results;
use components::share::Share;
use state::{Action, Notice, State};

/// Writes to the URL and localStorage wait this long after the last edit
/// (browsers throttle history.replaceState; typing should stay smooth).
const SAVE_DELAY_MS: u32 = 150;

/// The first state: a valid link wins, then the saved work, then an example.
fn initial_state() -> State {
    let saved = browser::load_saved();
    match browser::read_fragment(&browser::current_hash()) {
        Fragment::Scenario(scenario) => State::new(*scenario, None),
        Fragment::Broken(reason) => {
            let kept = if saved.is_some() {
                "Your last work is shown instead."
            } else {
                "An example is shown instead."
            };
            State::new(
                saved.unwrap_or_else(examples::first),
                Some(Notice {
                    text: format!("This link could not be opened: {reason}. {kept}"),
                    is_error: true,
                }),
            )
        }
        Fragment::None => State::new(saved.unwrap_or_else(examples::first), None),
    }
}

#[component]
fn App() -> Html {
    let state = use_reducer(initial_state);
    let on_action = {
        let dispatcher = state.dispatcher();
        Callback::from(move |action: Action| dispatcher.dispatch(action))
    };
    let examples = use_memo((), |_| examples::all());
    // A first visit (no link, no saved work) starts at the examples.
    let gallery_open =
        use_state(|| browser::current_hash().is_empty() && browser::load_saved().is_none());
    // The fragment this page wrote last, so that its own hashchange is ignored.
    let last_fragment = use_mut_ref(String::new);

    {
        let scenario = state.scenario.clone();
        let last_fragment = last_fragment.clone();
        use_effect_with(state.revision, move |_| {
            let timeout = Timeout::new(SAVE_DELAY_MS, move || {
                let fragment = browser::fragment_for(&scenario);
                browser::replace_fragment(&fragment);
                browser::save(&scenario);
                *last_fragment.borrow_mut() = fragment;
            });
            move || drop(timeout)
        });
    }

    {
        // A link pasted into the address bar of an open page only changes the hash.
        let dispatcher = state.dispatcher();
        let last_fragment = last_fragment.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    let hash = browser::current_hash();
                    if *last_fragment.borrow() == hash {
                        return;
                    }
                    match browser::read_fragment(&hash) {
                        Fragment::Scenario(scenario) => dispatcher.dispatch(Action::Load {
                            scenario,
                            remember: true,
                            notice: Some(Notice {
                                text: "Opened the scenario from the link; Undo goes back.".into(),
                                is_error: false,
                            }),
                        }),
                        Fragment::Broken(reason) => {
                            dispatcher.dispatch(Action::SetNotice(Some(Notice {
                                text: format!(
                                "This link could not be opened: {reason}. Your work is unchanged."
                            ),
                                is_error: true,
                            })))
                        }
                        Fragment::None => {}
                    }
                })
            });
            move || drop(listener)
        });
    }

    {
        // Request and role fields: focus the input and flash it.
        use_effect_with(state.focus.clone(), |focus| {
            let Some(focus) = focus else { return };
            if focus.location.document.is_policy() {
                return; // the editor handles its own spans
            }
            let field = focus.location.field.clone().unwrap_or_default();
            let normalized: String = field
                .chars()
                .map(|c| {
                    if matches!(c, '.' | '[' | ']' | '/') {
                        '-'
                    } else {
                        c
                    }
                })
                .collect();
            let first = normalized.split('-').next().unwrap_or_default().to_string();
            let Some(document) = web_sys::window().and_then(|window| window.document()) else {
                return;
            };
            let element = [normalized.trim_end_matches('-').to_string(), first]
                .iter()
                .find_map(|id| document.get_element_by_id(&format!("field-{id}")));
            if let Some(element) = element {
                if let Some(html) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&element)
                {
                    let _ = html.focus();
                }
                browser::reveal(&element);
                let classes = element.class_list();
                let _ = classes.add_1("flash-field");
                Timeout::new(1600, move || {
                    let _ = classes.remove_1("flash-field");
                })
                .forget();
            }
        });
    }

    let on_pick = {
        let dispatcher = state.dispatcher();
        let examples = examples.clone();
        let gallery_open = gallery_open.clone();
        Callback::from(move |index: usize| {
            let Some(example) = examples.get(index) else {
                return;
            };
            let mut scenario = example.scenario.clone();
            // The expectation is for the test suite; a shared link does not need it.
            scenario.expect = None;
            dispatcher.dispatch(Action::Load {
                scenario: Box::new(scenario),
                remember: true,
                notice: None,
            });
            gallery_open.set(false);
        })
    };
    let toggle_gallery = {
        let gallery_open = gallery_open.clone();
        Callback::from(move |_: MouseEvent| gallery_open.set(!*gallery_open))
    };
    let on_undo = on_action.reform(|_: MouseEvent| Action::Undo);
    let dismiss = on_action.reform(|_: MouseEvent| Action::SetNotice(None));

    html! {
        <div class="app">
            <header class="top">
                <div class="brand">
                    <h1>{ "Assumable" }</h1>
                    <p class="tagline">{ "Why is sts:AssumeRole denied? Paste the policies and the call; see which check fails, where, and the fix." }</p>
                </div>
                <nav class="toolbar" aria-label="Scenario">
                    <button type="button" id="examples-toggle" aria-expanded={gallery_open.to_string()}
                        aria-controls="examples" onclick={toggle_gallery}>{ "Examples" }</button>
                    <button type="button" id="undo" onclick={on_undo} disabled={state.undo.is_empty()}
                        title="Restore the scenario before the last fix, example or removal">{ "Undo" }</button>
                </nav>
                <Share scenario={state.scenario.clone()} revision={state.revision}
                    redact={state.redact} on_action={on_action.clone()} />
            </header>
            <main>
                if *gallery_open {
                    <Gallery examples={examples.clone()} {on_pick} />
                }
                if let Some(notice) = &state.notice {
                    <div class={classes!("notice", notice.is_error.then_some("error"))}
                        role={if notice.is_error { "alert" } else { "status" }}>
                        <p>{ notice.text.clone() }</p>
                        <button type="button" class="small quiet" onclick={dismiss}>{ "Dismiss" }</button>
                    </div>
                }
                <div class="layout">
                    <div class="results-column">
                        <Results scenario={state.scenario.clone()} report={state.report.clone()}
                            toggled={state.toggled.clone()} identity_names={state.identity_names()}
                            on_action={on_action.clone()} />
                    </div>
                    <div class="inputs-column">
                        <RequestForm scenario={state.scenario.clone()} report={state.report.clone()}
                            tag_rows={state.tag_rows.clone()} context_rows={state.context_rows.clone()}
                            transitive_text={state.transitive_text.clone()} on_action={on_action.clone()} />
                        <Policies scenario={state.scenario.clone()} report={state.report.clone()}
                            focus={state.focus.clone()} on_action={on_action.clone()} />
                    </div>
                </div>
            </main>
            <footer class="foot">
                <p>{ format!("Assumable {} · runs entirely in your browser; nothing you type is sent anywhere.", assumable_core::VERSION) }</p>
            </footer>
        </div>
    }
}

fn main() {
    // Render into <main id="app"> when index.html has one, else into <body>.
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("app"));
    match root {
        Some(root) => {
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}
