//! Commands: the `aws` CLI commands the core writes for the case (gather its
//! inputs, reproduce the call, put the fixes into effect), each with its
//! purpose and a Copy button, the fixed documents as files to download under
//! the names the commands read, and all of it as one script. Nothing runs
//! here: the person runs them in their own terminal.

use std::rc::Rc;

use assumable_core::commands::{
    commands, commands_after_edits, script, Command, CommandFile, Section, Sections,
};
use assumable_core::Scenario;
use yew::prelude::*;

use crate::browser;
use crate::view::rich;

pub const COMMANDS_ID: &str = "commands";
const SCRIPT_NAME: &str = "assumable-commands.sh";

#[derive(Properties, PartialEq)]
pub struct CommandsProps {
    pub scenario: Rc<Scenario>,
    pub revision: u64,
    /// Whether the report offers a fix: the fix commands open first.
    pub has_fix: bool,
    /// The case before the first fix applied on the page (what AWS holds).
    pub before_fixes: Option<Rc<Scenario>>,
}

#[component]
pub fn CommandsPanel(props: &CommandsProps) -> Html {
    let open = use_state_eq(|| false);
    let status = use_state(String::new);
    // The commands follow every fix of the report, which re-evaluates the
    // case: made only while the panel is open, once per edit.
    let made = {
        let scenario = props.scenario.clone();
        let before_fixes = props.before_fixes.clone();
        use_memo((props.revision, *open), move |&(_, open)| {
            open.then(|| {
                let made = match &before_fixes {
                    Some(aws) => commands_after_edits(aws, &scenario),
                    None => commands(&scenario),
                };
                let text = script(&made, Sections::ALL);
                (made, text)
            })
        })
    };
    {
        let status = status.clone();
        use_effect_with(props.revision, move |_| status.set(String::new()));
    }
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let copy = {
        let status = status.clone();
        Callback::from(move |(line, purpose): (String, String)| {
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let done = browser::copy_text(line).await;
                status.set(if done {
                    format!("Copied: {purpose}")
                } else {
                    "Copying was refused; select the command and copy it.".to_string()
                });
            });
        })
    };
    // The fixes first when there are any (offered, or applied on the page
    // and not yet in AWS), else what to gather.
    let start_with_fix = props.has_fix
        || made
            .as_ref()
            .as_ref()
            .is_some_and(|(made, _)| !made.fix.commands.is_empty());
    html! {
        <section class="commands" id={COMMANDS_ID} aria-labelledby="commands-heading">
            <h3 id="commands-heading">
                <button type="button" id="commands-toggle" class="disclosure" onclick={toggle}
                    aria-expanded={open.to_string()} aria-controls="commands-body">
                    { "Commands for the aws CLI" }
                </button>
            </h3>
            <p class="hint">{ "Fetch what this case needs, make the call, and put the fixes into effect, from your own terminal. Nothing runs here." }</p>
            if let Some((made, text)) = made.as_ref() {
                <div id="commands-body">
                    { section("gather", "1. Gather the inputs", &made.gather, &[], !start_with_fix, &copy) }
                    { section("reproduce", "2. Reproduce the call", &made.reproduce, &[], false, &copy) }
                    { section("fix", "3. Put the fixes into effect", &made.fix, &made.files, start_with_fix, &copy) }
                    <p class="commands-script">
                        <a id="commands-script" download={SCRIPT_NAME} href={data_url("text/x-shellscript", text)}>
                            { format!("Download all as {SCRIPT_NAME}") }
                        </a>
                        { " (each section under a heading, the fixed documents written before the commands that read them)" }
                    </p>
                    <p class="commands-status" role="status">{ (*status).clone() }</p>
                </div>
            }
        </section>
    }
}

/// One section as a disclosure, open when it is the one to start with.
fn section(
    id: &str,
    heading: &str,
    section: &Section,
    files: &[CommandFile],
    open: bool,
    copy: &Callback<(String, String)>,
) -> Html {
    html! {
        <details class="commands-section" id={format!("commands-{id}")} open={open}>
            <summary>{ heading }<span class="counts">{ format!(" · {}", count(section.commands.len())) }</span></summary>
            { for section.notes.iter().map(|note| html! { <p class="hint">{ rich(note) }</p> }) }
            if !files.is_empty() {
                <p class="hint">{ "Download these files into the folder you run the commands from:" }</p>
                <ul class="command-files" aria-label="Files the commands read">
                    { for files.iter().map(file) }
                </ul>
            }
            if section.commands.is_empty() {
                <p class="hint">{ "None for this case." }</p>
            } else {
                <ol class="command-list">
                    { for section.commands.iter().map(|command| one_command(command, copy)) }
                </ol>
            }
        </details>
    }
}

fn count(n: usize) -> String {
    match n {
        1 => "1 command".to_string(),
        n => format!("{n} commands"),
    }
}

fn one_command(command: &Command, copy: &Callback<(String, String)>) -> Html {
    let onclick = {
        let pair = (command.line.clone(), command.purpose.clone());
        copy.reform(move |_: MouseEvent| pair.clone())
    };
    html! {
        <li class="command">
            <p class="command-purpose">{ rich(&command.purpose) }</p>
            if let Some(run_as) = &command.run_as {
                <p class="command-run-as">{ format!("Run with the credentials of {run_as}.") }</p>
            }
            <div class="command-line">
                <pre><code>{ &command.line }</code></pre>
                <button type="button" class="small copy" {onclick}
                    aria-label={format!("Copy the command: {}", command.purpose)}>{ "Copy" }</button>
            </div>
        </li>
    }
}

fn file(file: &CommandFile) -> Html {
    html! {
        <li class="command-file">
            <a download={file.name.clone()} href={data_url("application/json", &file.content)}>
                { format!("Download {}", file.name) }
            </a>
            <details>
                <summary>{ "Show" }</summary>
                // Scrolled when long: a Tab stop, so a keyboard can scroll it.
                <pre tabindex="0" aria-label={file.name.clone()}><code>{ &file.content }</code></pre>
            </details>
        </li>
    }
}

/// A `data:` address holding `text`, for a download link: nothing is
/// uploaded, and no object URL is left to revoke.
fn data_url(media_type: &str, text: &str) -> String {
    let encoded: String = js_sys::encode_uri_component(text).into();
    format!("data:{media_type};charset=utf-8,{encoded}")
}
