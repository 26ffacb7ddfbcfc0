//! "Who can assume what": `aws iam get-account-authorization-details`
//! outputs (pasted, chosen or dropped; kept in memory only, never saved or
//! sent) answered pair by pair by the core's `access`, in the reader worker
//! so that the first load carries none of it. A table with a search; any
//! direct pair opens as a single case in the checklist, where the usual
//! fixes apply.

use std::rc::Rc;

use assumable_core::access::{Access, Finding, Pair, Severity};
use assumable_core::import::{ImportInput, MAX_IMPORT_BYTES};
use assumable_core::reader::{ReadAnswer, ReadRequest};
use assumable_core::Scenario;
use web_sys::{File, FileList, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::reader::{read, Reply};

pub const ACCOUNT_ID: &str = "account";
pub const ACCOUNT_HEADING_ID: &str = "account-heading";

#[derive(Properties, PartialEq)]
pub struct AccountProps {
    /// Opens a pair's case in the checklist.
    pub on_open: Callback<Scenario>,
}

/// What the reader answered for the dumps.
#[derive(Clone, Debug, PartialEq)]
struct Answered {
    pairs: Rc<Vec<Pair>>,
    findings: Rc<Vec<Finding>>,
    principals: usize,
    roles: usize,
    notes: Vec<String>,
}

#[component]
pub fn AccountView(props: &AccountProps) -> Html {
    let dumps = use_state(|| Rc::new(Vec::<ImportInput>::new()));
    let text = use_state(String::new);
    let answered = use_state(|| None::<Answered>);
    let problem = use_state(|| None::<String>);
    let busy = use_state_eq(|| false);
    let search = use_state(String::new);

    // Answers every dump loaded so far.
    let answer_all = {
        let (answered, problem, busy, dumps) = (
            answered.clone(),
            problem.clone(),
            busy.clone(),
            dumps.clone(),
        );
        Rc::new(move |all: Rc<Vec<ImportInput>>| {
            busy.set(true);
            dumps.set(all.clone());
            let (answered, problem, busy) = (answered.clone(), problem.clone(), busy.clone());
            read(
                ReadRequest::Access {
                    dumps: (*all).clone(),
                },
                Callback::from(move |reply: Reply| {
                    busy.set(false);
                    match reply {
                        Ok(ReadAnswer::Access {
                            pairs,
                            findings,
                            principals,
                            roles,
                            unrecognized,
                            notes,
                        }) => {
                            problem.set((!unrecognized.is_empty()).then(|| {
                                unrecognized
                                    .iter()
                                    .map(|unread| unread.error.clone())
                                    .collect::<Vec<_>>()
                                    .join(" ")
                            }));
                            answered.set(Some(Answered {
                                pairs: Rc::new(pairs),
                                findings: Rc::new(findings),
                                principals,
                                roles,
                                notes,
                            }));
                        }
                        Ok(ReadAnswer::Refused { error }) | Err(error) => {
                            problem.set(Some(format!("Nothing was answered: {error}.")))
                        }
                        Ok(_) => {}
                    }
                }),
            );
        })
    };
    let add = {
        let (dumps, answer_all) = (dumps.clone(), answer_all.clone());
        Rc::new(move |more: Vec<ImportInput>| {
            let mut all = (**dumps).clone();
            all.extend(more);
            answer_all(Rc::new(all));
        })
    };
    let on_text = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(area) = event.target_dyn_into::<HtmlTextAreaElement>() {
                text.set(area.value());
            }
        })
    };
    let on_add_text = {
        let (text, add, dumps) = (text.clone(), add.clone(), dumps.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if text.trim().is_empty() {
                return;
            }
            add(vec![ImportInput {
                source: format!("pasted output {}", dumps.len() + 1),
                text: (*text).clone(),
            }]);
            text.set(String::new());
        })
    };
    let on_files = {
        let (add, problem) = (add.clone(), problem.clone());
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let files: Option<FileList> = input.files();
            let files: Vec<File> = files
                .map(|files| (0..files.length()).filter_map(|n| files.get(n)).collect())
                .unwrap_or_default();
            input.set_value("");
            let (add, problem) = (add.clone(), problem.clone());
            wasm_bindgen_futures::spawn_local(async move {
                // One byte over what the core reads, so that it says a dump
                // is too large instead of reading a cut one.
                let (read_files, unreadable) =
                    crate::browser::read_text_files(files, MAX_IMPORT_BYTES + 1).await;
                if let Some(name) = unreadable.first() {
                    problem.set(Some(format!("`{name}` cannot be read as text.")));
                }
                if !read_files.is_empty() {
                    add(read_files);
                }
            });
        })
    };
    let on_clear = {
        let (dumps, answered, problem) = (dumps.clone(), answered.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| {
            dumps.set(Rc::new(Vec::new()));
            answered.set(None);
            problem.set(None);
        })
    };
    let on_search = {
        let search = search.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                search.set(input.value());
            }
        })
    };
    let open = {
        let (dumps, on_open, problem) = (dumps.clone(), props.on_open.clone(), problem.clone());
        Callback::from(move |(principal, role): (String, String)| {
            let (on_open, problem) = (on_open.clone(), problem.clone());
            read(
                ReadRequest::PairScenario {
                    dumps: (**dumps).clone(),
                    principal,
                    role,
                },
                Callback::from(move |reply: Reply| match reply {
                    Ok(ReadAnswer::PairScenario {
                        scenario: Some(scenario),
                    }) => on_open.emit(*scenario),
                    Ok(ReadAnswer::Refused { error }) | Err(error) => {
                        problem.set(Some(format!("The pair could not be opened: {error}.")))
                    }
                    Ok(_) => problem.set(Some("The pair is no longer in the dumps.".into())),
                }),
            );
        })
    };
    let names: Vec<&str> = dumps.iter().map(|dump| dump.source.as_str()).collect();
    html! {
        <section class="account" id={ACCOUNT_ID} aria-labelledby={ACCOUNT_HEADING_ID}>
            <h2 id={ACCOUNT_HEADING_ID} tabindex="-1">{ "Who can assume what" }</h2>
            <p class="hint">{ "Give one aws iam get-account-authorization-details output per account. Every user, and every role as its sessions, is checked against every role, as the checklist checks one case. The outputs stay in this tab: they are not saved or sent." }</p>
            <form class="paste account-input" onsubmit={on_add_text}>
                <label for="account-text">{ "Paste an output" }</label>
                <textarea id="account-text" rows="4" spellcheck="false" value={(*text).clone()} oninput={on_text} />
                <div class="paste-actions">
                    <button type="submit" class="primary" disabled={text.trim().is_empty() || *busy}>
                        { if *busy { "Answering…" } else { "Add and answer" } }
                    </button>
                    <label class="paste-files" for="account-files">{ "or choose files" }</label>
                    <input type="file" id="account-files" multiple=true onchange={on_files} />
                    if !names.is_empty() {
                        <button type="button" class="small quiet" onclick={on_clear}>{ "Forget the outputs" }</button>
                    }
                </div>
            </form>
            if !names.is_empty() {
                <p class="hint" id="account-loaded">{ format!("Loaded: {}.", names.join(", ")) }</p>
            }
            if let Some(why) = &*problem {
                <p class="paste-problem" id="account-problem" role="alert">{ crate::view::rich(why) }</p>
            }
            if let Some(answered) = &*answered {
                { results(answered, &search, on_search, &open) }
            }
        </section>
    }
}

fn results(
    answered: &Answered,
    search: &str,
    on_search: Callback<InputEvent>,
    open: &Callback<(String, String)>,
) -> Html {
    let needle = search.trim().to_ascii_lowercase();
    let shown: Vec<&Pair> = answered
        .pairs
        .iter()
        .filter(|pair| {
            needle.is_empty()
                || [&pair.principal, &pair.role]
                    .into_iter()
                    .chain(&pair.via)
                    .chain(&pair.requires)
                    .any(|text| text.to_ascii_lowercase().contains(&needle))
        })
        .collect();
    let count = |access: Access| answered.pairs.iter().filter(|p| p.result == access).count();
    html! {
        <>
            <p class="account-summary" role="status">{ format!(
                "{} principals, {} roles: {} can assume a role, {} only when the call carries more. Denied pairs are not listed.",
                answered.principals, answered.roles, count(Access::Allow), count(Access::Conditional)
            ) }</p>
            { for answered.notes.iter().map(|note| html! { <p class="hint">{ crate::view::rich(note) }</p> }) }
            if !answered.findings.is_empty() {
                <h3>{ "Trusted from outside these outputs" }</h3>
                <ul class="access-findings">
                    { for answered.findings.iter().map(finding) }
                </ul>
            }
            <label for="account-search">{ "Search principals, roles and what they need" }</label>
            <input id="account-search" type="search" value={search.to_string()} oninput={on_search} autocomplete="off" />
            <table class="account-table">
                <caption class="visually-hidden">{ "Who can assume which role" }</caption>
                <thead><tr>
                    <th scope="col">{ "Answer" }</th>
                    <th scope="col">{ "Principal" }</th>
                    <th scope="col">{ "Role" }</th>
                    <th scope="col">{ "Needs, or through" }</th>
                    <th scope="col"><span class="visually-hidden">{ "Open" }</span></th>
                </tr></thead>
                <tbody>
                    { for shown.iter().map(|pair| row(pair, open)) }
                </tbody>
            </table>
            if shown.is_empty() {
                <p class="hint">{ "No pair matches." }</p>
            }
        </>
    }
}

fn row(pair: &Pair, open: &Callback<(String, String)>) -> Html {
    let (word, class) = match pair.result {
        Access::Allow => ("Allowed", "pass"),
        Access::Conditional => ("Conditional", "warn"),
        Access::Deny => ("Denied", "fail"),
    };
    let needs = if pair.via.is_empty() {
        pair.requires.join(", ")
    } else {
        let through = format!("through {}", pair.via.join(" → "));
        if pair.requires.is_empty() {
            through
        } else {
            format!("{through}; needs {}", pair.requires.join(", "))
        }
    };
    let onclick = {
        let key = (pair.principal.clone(), pair.role.clone());
        open.reform(move |_: MouseEvent| key.clone())
    };
    html! {
        <tr class={classes!("access-row", class)} data-result={word.to_ascii_lowercase()}>
            <td><span class={classes!("badge", class)}>{ word }</span></td>
            <td class="mono">{ &pair.principal }</td>
            <td class="mono">{ &pair.role }</td>
            <td class="mono">{ needs }</td>
            <td>
                if pair.via.is_empty() {
                    <button type="button" class="small" {onclick}
                        aria-label={format!("Open {} assuming {} in the checklist", pair.principal, pair.role)}>{ "Open" }</button>
                }
            </td>
        </tr>
    }
}

fn finding(finding: &Finding) -> Html {
    let (word, class) = match finding.severity {
        Severity::High => ("Risk", "fail"),
        Severity::Medium => ("Check", "warn"),
        Severity::Info => ("Note", "skip"),
    };
    html! {
        <li class={classes!("access-finding", class)} data-severity={word.to_ascii_lowercase()}>
            <span class={classes!("badge", class)}>{ word }</span>
            { " " }<span class="mono">{ &finding.role }</span>{ " trusts " }
            <span class="mono">{ &finding.principal }</span>{ ": " }{ crate::view::rich(&finding.detail) }
        </li>
    }
}
