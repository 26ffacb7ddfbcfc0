//! The Assumable playground: paste an AssumeRole case, see which check fails
//! and where, fix it, share it. Everything runs in the browser.
//!
//! **Architecture invariant:** the page decides nothing about IAM; it renders
//! what `assumable_core::evaluate` answers and keeps the scenario (URL
//! fragment, localStorage, undo stack).

mod browser;
mod components;
mod examples;
mod flow;
mod hooks;
mod notices;
mod opening;
mod reader;
mod state;
mod view;

use assumable_core::Scenario;
use yew::prelude::*;

use components::account::{
    view_state as account_view_state, AccountView, OpenedPair, ACCOUNT_HEADING_ID,
};
use components::commands::CommandsPanel;
use components::exercise::{
    use_exercise, Exercise, ExerciseEnded, ExerciseOutcome, ExercisePanel, Stage, EXERCISE_ID,
    EXERCISE_OUTCOME_ID,
};
use components::gallery::{Gallery, EXAMPLES_HEADING_ID};
use components::notices::Notices;
use components::paste::Paste;
use components::policies::Policies;
use components::request_form::RequestForm;
use components::results::{Results, VERDICT_ID};
use components::share::Share;
use components::start::{Start, StartChoice, START_ID};
use components::story::ExampleStory;
use hooks::{
    use_document_title, use_field_focus, use_focus_target, use_hash_link, use_paste_unwrap,
    use_persisted_fragment, use_verdict_reveal, FocusTarget,
};
use opening::initial_state;
use state::{Action, State};

/// The trust policy's editor: what "Paste policies" and "New case" focus.
const TRUST_EDITOR_ID: &str = "editor-trust_policy";
const CASE_HEADING_ID: &str = "case-heading";
const INPUTS_ID: &str = "inputs";

/// The page opened with nothing: no case, nothing to report. It asks what
/// the person has instead of showing an empty form (issue #11).
fn opened_with_nothing(state: &State) -> bool {
    *state.scenario == Scenario::default()
        && state.notice.is_none()
        && state.storage_notice.is_none()
        && state.held_link.is_none()
        && state.draft.is_none()
}

#[component]
fn App() -> Html {
    let state = use_reducer(initial_state);
    // Stable across renders (the dispatcher compares equal), so that children
    // whose other props did not change are skipped.
    let on_action = use_callback(state.dispatcher(), |action: Action, dispatcher| {
        dispatcher.dispatch(action)
    });
    let examples = use_memo((), |_| examples::all());
    let start_open = use_state(|| opened_with_nothing(&state));
    // The start screen gives way as soon as there is a case (a pasted link too).
    let on_start = *start_open && *state.scenario == Scenario::default();
    let examples_open = use_state(|| false);
    let focus_target = use_state(FocusTarget::default);
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
    use_paste_unwrap(
        state.paste_to_unwrap.clone(),
        (
            state.scenario.request.caller.clone(),
            state.scenario.request.role_arn.clone(),
        ),
        on_action.clone(),
    );
    use_field_focus(state.focus.clone());
    use_verdict_reveal(state.fixes_applied);
    use_focus_target((*focus_target).clone());
    let loaded_example = examples::loaded_from(&examples, &state.scenario);
    use_document_title(state.scenario.name.clone());
    // Exercise mode (issue #11): an example opened as an exercise hides its
    // answer until the learner picks; any change of the case ends it.
    let exercise = use_exercise(
        opening::linked_exercise,
        state.revision,
        loaded_example.map(|example| example.file),
        state.report.clone(),
        state.scenario.clone(),
    );
    let (stage, asking) = (exercise.stage, exercise.asking());

    let focus = {
        let focus_target = focus_target.clone();
        move |id: &'static str| focus_target.set(focus_target.next(id))
    };
    let on_pick = {
        let dispatcher = state.dispatcher();
        let examples = examples.clone();
        let (start_open, examples_open, focus) =
            (start_open.clone(), examples_open.clone(), focus.clone());
        Callback::from(move |index: usize| {
            let Some(example) = examples.get(index) else {
                return;
            };
            dispatcher.dispatch(Action::Load {
                scenario: Box::new(example.scenario.clone()),
                remember: true,
                notice: None,
            });
            start_open.set(false);
            examples_open.set(false);
            focus(CASE_HEADING_ID);
        })
    };
    let on_exercise = {
        let (on_pick, exercise, examples) =
            (on_pick.clone(), exercise.exercise.clone(), examples.clone());
        Callback::from(move |index: usize| {
            if let Some(example) = examples.get(index) {
                exercise.set(Some(Exercise::new(example.file)));
                on_pick.emit(index);
            }
        })
    };
    let on_answered = {
        let (exercise, focus) = (exercise.exercise.clone(), focus.clone());
        Callback::from(move |outcome| {
            if let Some(current) = (*exercise).clone() {
                exercise.set(Some(Exercise {
                    outcome: Some(outcome),
                    ..current
                }));
                focus(EXERCISE_OUTCOME_ID);
            }
        })
    };
    let on_close_exercise = {
        let exercise = exercise.exercise.clone();
        Callback::from(move |_: MouseEvent| exercise.set(None))
    };
    let on_choose = {
        let dispatcher = state.dispatcher();
        let (start_open, examples_open, focus) =
            (start_open.clone(), examples_open.clone(), focus.clone());
        Callback::from(move |choice: StartChoice| match choice {
            StartChoice::PastePolicies | StartChoice::StartEmpty => {
                dispatcher.dispatch(Action::NewCase);
                start_open.set(false);
                examples_open.set(false);
                focus(if choice == StartChoice::PastePolicies {
                    TRUST_EDITOR_ID
                } else {
                    CASE_HEADING_ID
                });
            }
            // The text box opens inside the start screen.
            StartChoice::PasteError => {}
            StartChoice::Examples => {
                let opening = !*examples_open;
                examples_open.set(opening);
                if opening {
                    focus(EXAMPLES_HEADING_ID);
                }
            }
        })
    };
    let on_import = {
        let dispatcher = state.dispatcher();
        let (start_open, focus) = (start_open.clone(), focus.clone());
        Callback::from(move |outcome: assumable_core::import::ImportOutcome| {
            dispatcher.dispatch(Action::Load {
                notice: Some(notices::imported(&outcome)),
                scenario: Box::new(outcome.scenario),
                remember: true,
            });
            start_open.set(false);
            focus(TRUST_EDITOR_ID);
        })
    };
    let paste_more_open = use_state(|| false);
    let toggle_paste_more = {
        let paste_more_open = paste_more_open.clone();
        Callback::from(move |_: MouseEvent| paste_more_open.set(!*paste_more_open))
    };
    let on_import_more = {
        let dispatcher = state.dispatcher();
        let (paste_more_open, focus) = (paste_more_open.clone(), focus.clone());
        Callback::from(move |outcome: assumable_core::import::ImportOutcome| {
            dispatcher.dispatch(Action::Load {
                notice: Some(notices::imported(&outcome)),
                scenario: Box::new(outcome.scenario),
                remember: true,
            });
            paste_more_open.set(false);
            focus(CASE_HEADING_ID);
        })
    };
    // Open again after a reload if it was open (never with the outputs).
    let account_open = use_state(|| account_view_state::load().open);
    let toggle_account = {
        let (account_open, focus) = (account_open.clone(), focus.clone());
        Callback::from(move |_: MouseEvent| {
            let opening = !*account_open;
            account_open.set(opening);
            account_view_state::save(&account_view_state::ViewState {
                open: opening,
                ..account_view_state::load()
            });
            if opening {
                focus(ACCOUNT_HEADING_ID);
            }
        })
    };
    // A pair of the account view opens as the case below it; the view
    // stays, so that the person can come back to the table.
    let on_open_pair = {
        let dispatcher = state.dispatcher();
        let (start_open, focus) = (start_open.clone(), focus.clone());
        Callback::from(move |opened: OpenedPair| {
            let name = opened.scenario.name.clone().unwrap_or_default();
            dispatcher.dispatch(Action::Load {
                scenario: Box::new(opened.scenario),
                remember: true,
                notice: Some(state::Notice::info(notices::opened_pair(
                    &name,
                    &opened.requires,
                ))),
            });
            start_open.set(false);
            focus(CASE_HEADING_ID);
        })
    };
    let toggle_examples = {
        let (examples_open, focus) = (examples_open.clone(), focus.clone());
        Callback::from(move |_: MouseEvent| {
            let opening = !*examples_open;
            examples_open.set(opening);
            if opening {
                focus(EXAMPLES_HEADING_ID);
            }
        })
    };
    let on_new_case = {
        let dispatcher = state.dispatcher();
        let focus = focus.clone();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::NewCase);
            focus(TRUST_EDITOR_ID);
        })
    };
    // A skip link moves focus itself: following `#verdict` would change the
    // fragment, which holds the case.
    let skip_to = |id: &'static str| {
        let focus = focus.clone();
        Callback::from(move |event: MouseEvent| {
            event.prevent_default();
            focus(id);
        })
    };
    let on_undo = on_action.reform(|_: MouseEvent| Action::Undo);
    let heading = match (loaded_example, state.scenario.name.as_deref()) {
        (Some(example), _) if asking => format!("Exercise: {}", example.title),
        (Some(example), _) => format!("Example: {}", example.title),
        (None, name) if asking => format!("Exercise: {}", name.unwrap_or("which check fails?")),
        (None, Some(name)) if !name.trim().is_empty() => name.to_string(),
        _ => "Your case".to_string(),
    };

    html! {
        <div class="app">
            <nav class="skip-links" aria-label="Skip links">
                if on_start {
                    <a class="skip-link" href={format!("#{START_ID}")} onclick={skip_to(START_ID)}>{ "Skip to the choices" }</a>
                } else {
                    if asking {
                        <a class="skip-link" href={format!("#{EXERCISE_ID}")} onclick={skip_to(EXERCISE_ID)}>{ "Skip to the exercise" }</a>
                    } else {
                        <a class="skip-link" href={format!("#{VERDICT_ID}")} onclick={skip_to(VERDICT_ID)}>{ "Skip to the verdict" }</a>
                    }
                    <a class="skip-link" href={format!("#{INPUTS_ID}")} onclick={skip_to(INPUTS_ID)}>{ "Skip to the inputs" }</a>
                }
            </nav>
            <header class="top">
                <div class="brand">
                    <h1>{ "Assumable" }</h1>
                    <p class="tagline">{ "Why is sts:AssumeRole denied? Paste the policies and the call; see which check fails, where, and the fix." }</p>
                </div>
                <nav class="toolbar" aria-label="Scenario">
                    <button type="button" id="examples-toggle" aria-expanded={examples_open.to_string()}
                        aria-controls="examples" onclick={toggle_examples}>{ "Examples" }</button>
                    <button type="button" id="account-toggle" aria-expanded={account_open.to_string()}
                        aria-controls="account" onclick={toggle_account}
                        title="Who can assume which role, across get-account-authorization-details outputs">{ "Who can assume what" }</button>
                    <button type="button" id="undo" onclick={on_undo} disabled={state.undo.is_empty()}
                        title="Restore the scenario before the last fix, example, new case or removal">{ "Undo" }</button>
                </nav>
                if !on_start {
                    <Share scenario={state.scenario.clone()} revision={state.revision}
                        redact={state.redact} on_action={on_action.clone()} />
                }
            </header>
            <main>
                // Above the rest: a notice about the saved work must be seen.
                <Notices notice={state.notice.clone()} storage_notice={state.storage_notice.clone()}
                    scenario={state.scenario.clone()} on_action={on_action.clone()} />
                // Above the start screen: the person asked for it.
                if *account_open {
                    <AccountView on_open={on_open_pair} />
                }
                if on_start {
                    <Start {on_choose} {on_import} open={examples_open.then_some(StartChoice::Examples)} />
                }
                if *examples_open {
                    <Gallery examples={examples.clone()} {on_pick} {on_exercise} />
                }

                if !on_start {
                    <section class="case" aria-labelledby={CASE_HEADING_ID}>
                        <div class="case-head">
                            <h2 id={CASE_HEADING_ID} tabindex="-1">{ heading }</h2>
                            <div class="case-actions">
                                <button type="button" id="paste-more-toggle" onclick={toggle_paste_more}
                                    aria-expanded={paste_more_open.to_string()} aria-controls="paste-more"
                                    title="Paste an aws output, a message, a token or a template: it fills what it holds">{ "Add what you have" }</button>
                                <button type="button" id="new-case" onclick={on_new_case}
                                    title="Empty every field and policy; Undo brings this case back">{ "New case" }</button>
                            </div>
                        </div>
                        if *paste_more_open {
                            <Paste id="paste-more" base={Some(state.scenario.clone())} on_import={on_import_more} />
                        }
                        if let Some(story) = loaded_example.and_then(|example| example.scenario.description.clone()) {
                            <ExampleStory story={story} held_back={asking} />
                        }
                        <div class="layout">
                            <div class="inputs-column" id={INPUTS_ID} tabindex="-1">
                                <Policies scenario={state.scenario.clone()} report={exercise.inputs_report.clone()}
                                    focus={state.focus.clone()} changed={state.changed.clone()}
                                    on_action={on_action.clone()} />
                                <RequestForm scenario={exercise.form_scenario.clone()} report={exercise.inputs_report.clone()}
                                    tag_rows={state.tag_rows.clone()} context_rows={state.context_rows.clone()}
                                    transitive_text={state.transitive_text.clone()} hidden={state.hidden.clone()}
                                    on_action={on_action.clone()} />
                            </div>
                            <div class="results-column">
                                if asking {
                                    <ExercisePanel report={state.report.clone()}
                                        identity_names={state.identity_names()} on_done={on_answered} />
                                } else {
                                    if let Some(Stage::Done(outcome)) = stage {
                                        <ExerciseOutcome {outcome} report={state.report.clone()}
                                            on_close={on_close_exercise.clone()} />
                                    }
                                    if stage == Some(Stage::Ended) {
                                        <ExerciseEnded on_close={on_close_exercise} />
                                    }
                                    <Results scenario={state.scenario.clone()} report={state.report.clone()}
                                        toggled={state.toggled.clone()} identity_names={state.identity_names()}
                                        on_action={on_action.clone()} />
                                    <CommandsPanel scenario={state.scenario.clone()} revision={state.revision}
                                        has_fix={state.report.checks.iter().any(|check| check.fix.is_some())}
                                        before_fixes={state.before_fixes.clone()} />
                                }
                            </div>
                        </div>
                    </section>
                }
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
    // Render into index.html's <div id="app"> (replacing its Loading line),
    // else into <body>.
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
