//! The Assumable playground: paste an AssumeRole case, see which check fails
//! and where, fix it, share it. Everything runs in the browser.
//!
//! **Architecture invariant:** the page decides nothing about IAM; it renders
//! what `assumable_core::evaluate` answers and keeps the scenario (URL
//! fragment, localStorage, undo stack).

mod browser;
mod components;
mod examples;
mod hooks;
mod notices;
mod opening;
mod state;
mod view;

use yew::prelude::*;

use components::gallery::Gallery;
use components::notices::Notices;
use components::policies::Policies;
use components::request_form::RequestForm;
use components::results::Results;
use components::share::Share;
use hooks::{use_field_focus, use_hash_link, use_persisted_fragment, use_verdict_reveal};
use opening::initial_state;
use state::Action;

#[component]
fn App() -> Html {
    let state = use_reducer(initial_state);
    // Stable across renders (the dispatcher compares equal), so that children
    // whose other props did not change are skipped.
    let on_action = use_callback(state.dispatcher(), |action: Action, dispatcher| {
        dispatcher.dispatch(action)
    });
    let examples = use_memo((), |_| examples::all());
    // A first visit (no link, no saved work) starts at the examples.
    let gallery_open = use_state(|| browser::current_hash().is_empty() && !browser::has_saved());
    // The fragment this page wrote last, so that its own hashchange is ignored.
    let last_fragment = use_mut_ref(String::new);
    use_persisted_fragment(
        state.scenario.clone(),
        state.revision,
        state.redact,
        state.slow_ms.is_none(),
        last_fragment.clone(),
        on_action.clone(),
    );
    use_hash_link(on_action.clone(), last_fragment);
    use_field_focus(state.focus.clone());
    use_verdict_reveal(state.fixes_applied);

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
                // Above the examples: a notice about the saved work must be seen.
                <Notices notice={state.notice.clone()} storage_notice={state.storage_notice.clone()}
                    scenario={state.scenario.clone()} on_action={on_action.clone()} />
                if *gallery_open {
                    <Gallery examples={examples.clone()} {on_pick} />
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
                            transitive_text={state.transitive_text.clone()} hidden={state.hidden.clone()}
                            on_action={on_action.clone()} />
                        <Policies scenario={state.scenario.clone()} report={state.report.clone()}
                            focus={state.focus.clone()} changed={state.changed.clone()}
                            on_action={on_action.clone()} />
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
    // Through Yew, which would otherwise install its own (console only) hook
    // when it renders.
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = match info.payload().downcast_ref::<&str>() {
            Some(text) => (*text).to_string(),
            None => info
                .payload()
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| "a panic".into()),
        };
        let place = info
            .location()
            .map(|at| format!(" at {}:{}", at.file(), at.line()))
            .unwrap_or_default();
        browser::show_panic(&notices::panic_text(&format!("{message}{place}")));
    }));
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
    // Test builds only (the `panic-test` feature, never the published page):
    // `?panic-test` panics once the page has rendered, to show the notice.
    #[cfg(feature = "panic-test")]
    if browser::current_query().contains("panic-test") {
        #[allow(clippy::panic)]
        gloo::timers::callback::Timeout::new(300, || {
            panic!("panic-test: a deliberate panic of a test build")
        })
        .forget();
    }
}
