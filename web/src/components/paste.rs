//! "Paste what you have": a text box (and files, chosen or dropped) that
//! the core's import reads, whatever the format: an AWS error, an `aws`
//! output, a CloudTrail record, a token, a SAML response, a Terraform or
//! CloudFormation role, a command line, a policy. On the start screen it
//! makes a new case; beside a case it adds to it. What the core cannot
//! read is said here, and the text stays as typed.

use std::rc::Rc;

use assumable_core::import::{ImportInput, ImportOutcome, MAX_IMPORT_BYTES};
use assumable_core::reader::{ReadAnswer, ReadRequest};
use assumable_core::Scenario;
use web_sys::{DragEvent, File, FileList, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::reader::{read as ask_reader, Reply};

#[derive(Properties, PartialEq)]
pub struct PasteProps {
    /// DOM id prefix (`paste-start`, `paste-more`): the start screen's and
    /// the case's boxes live on one page.
    pub id: AttrValue,
    /// The case to add to; `None` makes a new case.
    #[prop_or_default]
    pub base: Option<Rc<Scenario>>,
    pub on_import: Callback<ImportOutcome>,
}

/// What a person may paste, in one line.
const WHAT: &str = "The error AWS printed, an aws CLI output (get-role, get-caller-identity, \
    get-account-authorization-details…), a CloudTrail record, an OIDC token or its claims, a \
    SAML response, a Terraform or CloudFormation role, an aws sts assume-role command, a \
    policy. Prompts, log prefixes and line breaks may stay. It is read here, in your browser.";

#[component]
pub fn Paste(props: &PasteProps) -> Html {
    let text = use_state(String::new);
    let problem = use_state(|| None::<String>);
    let text_id = format!("{}-text", props.id);
    let hint_id = format!("{}-hint", props.id);
    let problem_id = format!("{}-problem", props.id);
    let files_id = format!("{}-files", props.id);

    // The core's import runs in the reader worker, loaded on the first
    // paste: while it reads, the button says so and waits.
    let reading = use_state_eq(|| false);
    let read = {
        let (problem, on_import, base, reading) = (
            problem.clone(),
            props.on_import.clone(),
            props.base.clone(),
            reading.clone(),
        );
        Rc::new(move |inputs: Vec<ImportInput>| {
            reading.set(true);
            let (problem, on_import, reading) =
                (problem.clone(), on_import.clone(), reading.clone());
            let done = Callback::from(move |reply: Reply| {
                reading.set(false);
                match reply {
                    Ok(ReadAnswer::Imported { outcome }) => shown(*outcome, &problem, &on_import),
                    Ok(ReadAnswer::Refused { error }) | Err(error) => problem.set(Some(format!(
                        "Nothing was read: {error}. Your text is kept; try again."
                    ))),
                    Ok(_) => {}
                }
            });
            ask_reader(
                ReadRequest::Import {
                    inputs,
                    into: base.as_deref().cloned(),
                },
                done,
            );
        })
    };
    let on_input = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(area) = event.target_dyn_into::<HtmlTextAreaElement>() {
                text.set(area.value());
            }
        })
    };
    let on_submit = {
        let (text, read) = (text.clone(), read.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            read(vec![ImportInput {
                source: "the pasted text".into(),
                text: (*text).clone(),
            }]);
        })
    };
    let read_files = {
        let (read, problem) = (read.clone(), problem.clone());
        Callback::from(move |files: FileList| {
            let (read, problem) = (read.clone(), problem.clone());
            let files: Vec<File> = (0..files.length()).filter_map(|n| files.get(n)).collect();
            wasm_bindgen_futures::spawn_local(async move {
                // No more than import reads: the excess would be dropped anyway.
                let (inputs, unreadable) =
                    crate::browser::read_text_files(files, MAX_IMPORT_BYTES).await;
                if let Some(name) = unreadable.first() {
                    problem.set(Some(format!("`{name}` cannot be read as text.")));
                }
                if !inputs.is_empty() {
                    read(inputs);
                }
            });
        })
    };
    let on_choose = {
        let read_files = read_files.clone();
        Callback::from(move |event: Event| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                if let Some(files) = input.files() {
                    read_files.emit(files);
                }
                input.set_value("");
            }
        })
    };
    let on_drag_over = Callback::from(|event: DragEvent| event.prevent_default());
    let on_drop = Callback::from(move |event: DragEvent| {
        let files = event.data_transfer().and_then(|transfer| transfer.files());
        if let Some(files) = files.filter(|files| files.length() > 0) {
            // Files are read; dropped text goes into the box as usual.
            event.prevent_default();
            read_files.emit(files);
        }
    });
    let described = if problem.is_some() {
        format!("{hint_id} {problem_id}")
    } else {
        hint_id.clone()
    };
    let (label, button) = if props.base.is_some() {
        ("Add what you have to this case", "Add to the case")
    } else {
        ("Paste what you have", "Read it")
    };
    html! {
        <form class="paste" id={props.id.clone()} onsubmit={on_submit}>
            <label for={text_id.clone()}>{ label }</label>
            <p class="hint" id={hint_id}>{ WHAT }</p>
            <textarea id={text_id} rows="6" spellcheck="false" value={(*text).clone()}
                aria-describedby={described} aria-invalid={problem.is_some().then_some("true")}
                oninput={on_input} ondragover={on_drag_over} ondrop={on_drop} />
            if let Some(why) = &*problem {
                <p class="paste-problem" id={problem_id} role="alert">{ crate::view::rich(why) }</p>
            }
            <div class="paste-actions">
                <button type="submit" class="primary" disabled={text.trim().is_empty() || *reading}>
                    { if *reading { "Reading…" } else { button } }
                </button>
                <label class="paste-files" for={files_id.clone()}>{ "or choose files (drop them on the box)" }</label>
                <input type="file" id={files_id} multiple=true onchange={on_choose} />
            </div>
        </form>
    }
}

/// An import's outcome: loaded when anything was read, else said where the
/// text was typed.
fn shown(
    outcome: ImportOutcome,
    problem: &UseStateHandle<Option<String>>,
    on_import: &Callback<ImportOutcome>,
) {
    if outcome.recognized.is_empty() {
        let why = outcome
            .unrecognized
            .first()
            .map(|unread| unread.error.clone())
            .unwrap_or_else(|| "Nothing was read from this text.".into());
        problem.set(Some(why));
    } else {
        let unread: Vec<String> = outcome
            .unrecognized
            .iter()
            .map(|u| u.source.clone())
            .collect();
        problem.set(
            (!unread.is_empty()).then(|| format!("Not read: {}; the rest was.", unread.join(", "))),
        );
        on_import.emit(outcome);
    }
}
