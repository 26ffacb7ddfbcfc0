//! "Who can assume what": `aws iam get-account-authorization-details`
//! outputs (pasted, chosen or dropped; kept in memory only, never saved or
//! sent) answered pair by pair by the core's `access`, in the access worker
//! so that neither the first load nor the reader carries it and the page
//! stays responsive while it works. A table with a search and a filter;
//! pick a role to see who can assume it (with the near misses and the one
//! check that fails them), or a principal to see what it reaches (with its
//! chains drawn). Any direct pair opens as a single case in the checklist,
//! where the usual fixes apply. The view, never the outputs, survives a
//! reload (`view_state`).

mod picture;
pub mod view_state;

use std::rc::Rc;

use assumable_core::access::{Access, Finding, Pair, Severity};
use assumable_core::import::{ImportInput, MAX_DUMP_BYTES};
use assumable_core::reader::{ReadAnswer, ReadRequest};
use assumable_core::report::CheckId;
use assumable_core::Scenario;
use web_sys::{File, FileList, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::reader::{read, Reply};
use crate::view::breakable_arn;
use view_state::{Pick, Shown, ViewState};

pub const ACCOUNT_ID: &str = "account";
pub const ACCOUNT_HEADING_ID: &str = "account-heading";

/// Rows the table draws at most: a whole organization's pairs would make
/// the page slow to draw and to read; the search narrows them.
const MOST_ROWS: usize = 500;

#[derive(Properties, PartialEq)]
pub struct AccountProps {
    /// Opens a pair's case in the checklist.
    pub on_open: Callback<OpenedPair>,
}

/// A pair's case, opened, and what its answer says the call must carry
/// (empty unless it is conditional): the case opens as the dumps give it,
/// without them.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenedPair {
    pub scenario: Scenario,
    pub requires: Vec<String>,
}

/// A pair to open, as a row or an item names it.
#[derive(Clone, Debug, PartialEq)]
struct PairToOpen {
    principal: String,
    role: String,
    requires: Vec<String>,
}

impl PairToOpen {
    fn of(pair: &Pair) -> Self {
        PairToOpen {
            principal: pair.principal.clone(),
            role: pair.role.clone(),
            requires: pair.requires.clone(),
        }
    }
}

/// What the access worker answered for the dumps.
#[derive(Clone, Debug, PartialEq)]
struct Answered {
    pairs: Rc<Vec<Pair>>,
    /// Each pair's searchable text in lower case, made once per answer so
    /// that a keystroke in the search lowers nothing.
    searchable: Rc<Vec<String>>,
    findings: Rc<Vec<Finding>>,
    principal_arns: Rc<Vec<String>>,
    role_arns: Rc<Vec<String>>,
    notes: Vec<String>,
    /// Counts the answers, so that a pick is asked again for new dumps.
    generation: u64,
}

/// Every answer for the role or principal picked.
#[derive(Clone, Debug, PartialEq)]
struct Detail {
    pick: Pick,
    generation: u64,
    pairs: Rc<Vec<Pair>>,
}

#[component]
pub fn AccountView(props: &AccountProps) -> Html {
    let dumps = use_state(|| Rc::new(Vec::<ImportInput>::new()));
    let text = use_state(String::new);
    let answered = use_state(|| None::<Answered>);
    let problem = use_state(|| None::<String>);
    let busy = use_state_eq(|| false);
    // Principals answered of all, while the access worker works.
    let progress = use_state_eq(|| None::<(usize, usize)>);
    let view = use_state(view_state::load);
    let detail = use_state(|| None::<Detail>);

    // The view is open while this component lives; kept for a reload.
    {
        let view = (*view).clone();
        use_effect_with(view, |view| {
            view_state::save(&ViewState {
                open: true,
                ..view.clone()
            });
        });
    }

    // Answers every dump loaded so far.
    let answer_all = {
        let (answered, problem, busy, dumps, progress) = (
            answered.clone(),
            problem.clone(),
            busy.clone(),
            dumps.clone(),
            progress.clone(),
        );
        Rc::new(move |all: Rc<Vec<ImportInput>>| {
            busy.set(true);
            progress.set(None);
            dumps.set(all.clone());
            let generation = answered.as_ref().map_or(0, |a| a.generation) + 1;
            let (answered, problem, busy, progress) = (
                answered.clone(),
                problem.clone(),
                busy.clone(),
                progress.clone(),
            );
            read(
                ReadRequest::Access {
                    dumps: (*all).clone(),
                },
                Callback::from(move |reply: Reply| {
                    if let Ok(ReadAnswer::Progress { done, total }) = reply {
                        progress.set(Some((done, total)));
                        return;
                    }
                    busy.set(false);
                    progress.set(None);
                    match reply {
                        Ok(ReadAnswer::Access {
                            pairs,
                            findings,
                            unrecognized,
                            notes,
                            principal_arns,
                            role_arns,
                            ..
                        }) => {
                            problem.set((!unrecognized.is_empty()).then(|| {
                                unrecognized
                                    .iter()
                                    .map(|unread| unread.error.clone())
                                    .collect::<Vec<_>>()
                                    .join(" ")
                            }));
                            answered.set(Some(Answered {
                                searchable: Rc::new(pairs.iter().map(searchable).collect()),
                                pairs: Rc::new(pairs),
                                findings: Rc::new(findings),
                                principal_arns: Rc::new(principal_arns),
                                role_arns: Rc::new(role_arns),
                                notes,
                                generation,
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

    // A pick is answered by the access worker, which keeps the dumps.
    {
        let (detail, problem) = (detail.clone(), problem.clone());
        let key = (
            answered.as_ref().map(|answered| answered.generation),
            view.pick.clone(),
        );
        use_effect_with(key, move |(generation, pick)| {
            if let (Some(generation), Some(pick)) = (*generation, pick.clone()) {
                let request = match &pick {
                    Pick::Role(role) => ReadRequest::WhoCanAssume { role: role.clone() },
                    Pick::Principal(principal) => ReadRequest::ReachableFrom {
                        principal: principal.clone(),
                    },
                };
                read(
                    request,
                    Callback::from(move |reply: Reply| match reply {
                        Ok(ReadAnswer::Pairs { pairs }) => detail.set(Some(Detail {
                            pick: pick.clone(),
                            generation,
                            pairs: Rc::new(pairs),
                        })),
                        Ok(ReadAnswer::Refused { error }) | Err(error) => {
                            problem.set(Some(format!("Nothing was answered: {error}.")))
                        }
                        Ok(_) => {}
                    }),
                );
            }
        });
    }

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
                    crate::browser::read_text_files(files, MAX_DUMP_BYTES + 1).await;
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
        let (dumps, answered, problem, detail) = (
            dumps.clone(),
            answered.clone(),
            problem.clone(),
            detail.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            dumps.set(Rc::new(Vec::new()));
            answered.set(None);
            problem.set(None);
            detail.set(None);
        })
    };
    let set_view = {
        let view = view.clone();
        Callback::from(move |change: ViewChange| {
            let mut next = (*view).clone();
            match change {
                ViewChange::Search(search) => next.search = search,
                ViewChange::Shown(shown) => next.shown = shown,
                ViewChange::Pick(pick) => next.pick = pick,
            }
            view.set(next);
        })
    };
    let open = {
        let (on_open, problem) = (props.on_open.clone(), problem.clone());
        Callback::from(move |pair: PairToOpen| {
            let (on_open, problem) = (on_open.clone(), problem.clone());
            let requires = pair.requires;
            read(
                // The access worker keeps the dumps it answered.
                ReadRequest::PairScenario {
                    dumps: Vec::new(),
                    principal: pair.principal,
                    role: pair.role,
                },
                Callback::from(move |reply: Reply| match reply {
                    Ok(ReadAnswer::PairScenario {
                        scenario: Some(scenario),
                    }) => on_open.emit(OpenedPair {
                        scenario: *scenario,
                        requires: requires.clone(),
                    }),
                    Ok(ReadAnswer::Refused { error }) | Err(error) => {
                        problem.set(Some(format!("The pair could not be opened: {error}.")))
                    }
                    Ok(_) => problem.set(Some("The pair is no longer in the dumps.".into())),
                }),
            );
        })
    };
    let names: Vec<&str> = dumps.iter().map(|dump| dump.source.as_str()).collect();
    let remembered = names.is_empty() && (view.pick.is_some() || !view.search.is_empty());
    html! {
        <section class="account" id={ACCOUNT_ID} aria-labelledby={ACCOUNT_HEADING_ID}>
            <h2 id={ACCOUNT_HEADING_ID} tabindex="-1">{ "Who can assume what" }</h2>
            <p class="hint">{ "Give one aws iam get-account-authorization-details output per account, and, for service and resource control policies, the organization input scripts/organization-input.sh writes. Every user, and every role as its sessions, is checked against every role, as the checklist checks one case. The outputs stay in this tab: they are not saved or sent." }</p>
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
            if *busy {
                <div class="account-busy" id="account-busy" role="status">
                    <p class="hint">{ match *progress {
                        Some((done, total)) => format!(
                            "Answering every pair: {done} of {total} principals so far… The page stays usable meanwhile."
                        ),
                        None => format!(
                            "Answering every pair of {} output{}… The page stays usable meanwhile.",
                            names.len(), if names.len() == 1 { "" } else { "s" }
                        ),
                    } }</p>
                    if let Some((done, total)) = *progress {
                        <progress max={total.to_string()} value={done.to_string()} aria-label="Principals answered" />
                    }
                </div>
            }
            if remembered {
                <p class="hint" id="account-remembered">{ "Your search and pick are kept from before; the outputs never are: add them again to see the answers." }</p>
            }
            if !names.is_empty() {
                <p class="hint" id="account-loaded">{ format!("Loaded: {}.", names.join(", ")) }</p>
            }
            if let Some(why) = &*problem {
                <p class="paste-problem" id="account-problem" role="alert">{ crate::view::rich(why) }</p>
            }
            if let Some(answered) = &*answered {
                { results(answered, &view, detail.as_ref(), &set_view, &open) }
            }
        </section>
    }
}

/// What the search looks in: the principal, the role, the roles on the way
/// and what the call needs, in lower case, one per line (so that no match
/// spans two of them).
fn searchable(pair: &Pair) -> String {
    [&pair.principal, &pair.role]
        .into_iter()
        .chain(&pair.via)
        .chain(&pair.requires)
        .map(|text| text.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A change the person makes to the view.
#[derive(Clone, Debug, PartialEq)]
enum ViewChange {
    Search(String),
    Shown(Shown),
    Pick(Option<Pick>),
}

fn results(
    answered: &Answered,
    view: &ViewState,
    detail: Option<&Detail>,
    set_view: &Callback<ViewChange>,
    open: &Callback<PairToOpen>,
) -> Html {
    let count = |access: Access| {
        answered
            .pairs
            .iter()
            .filter(|pair| pair.result == access && pair.via.is_empty())
            .count()
    };
    let chained = answered.pairs.iter().filter(|p| !p.via.is_empty()).count();
    html! {
        <>
            <p class="account-summary" role="status">{ format!(
                "{} principals, {} roles: {} pairs allowed, {} only when the call carries more, {} more through a chain of roles. Denied pairs are not listed.",
                answered.principal_arns.len(), answered.role_arns.len(),
                count(Access::Allow), count(Access::Conditional), chained
            ) }</p>
            { for answered.notes.iter().map(|note| html! { <p class="hint">{ crate::view::rich(note) }</p> }) }
            if !answered.findings.is_empty() {
                <h3>{ "Trusted from outside these outputs" }</h3>
                <ul class="access-findings">
                    { for answered.findings.iter().map(finding) }
                </ul>
            }
            { pickers(answered, view, set_view) }
            if let Some(pick) = &view.pick {
                { picked(answered, pick, detail, open) }
            } else {
                { table(answered, view, set_view, open) }
            }
        </>
    }
}

/// The role and principal choosers, and the way back to every pair.
fn pickers(answered: &Answered, view: &ViewState, set_view: &Callback<ViewChange>) -> Html {
    let chosen_role = match &view.pick {
        Some(Pick::Role(role)) => role.as_str(),
        _ => "",
    };
    let chosen_principal = match &view.pick {
        Some(Pick::Principal(principal)) => principal.as_str(),
        _ => "",
    };
    let on_role = set_view.reform(|event: Event| {
        let value = event
            .target_dyn_into::<HtmlSelectElement>()
            .map(|select| select.value())
            .unwrap_or_default();
        ViewChange::Pick((!value.is_empty()).then_some(Pick::Role(value)))
    });
    let on_principal = set_view.reform(|event: Event| {
        let value = event
            .target_dyn_into::<HtmlSelectElement>()
            .map(|select| select.value())
            .unwrap_or_default();
        ViewChange::Pick((!value.is_empty()).then_some(Pick::Principal(value)))
    });
    let on_every = set_view.reform(|_: MouseEvent| ViewChange::Pick(None));
    let options = |arns: &[String], chosen: &str| -> Html {
        arns.iter()
            .map(|arn| html! { <option value={arn.clone()} selected={arn == chosen}>{ arn }</option> })
            .collect()
    };
    html! {
        <div class="account-pick">
            <div>
                <label for="account-role">{ "Who can assume the role" }</label>
                <select id="account-role" onchange={on_role}>
                    <option value="" selected={chosen_role.is_empty()}>{ "— pick a role —" }</option>
                    { options(&answered.role_arns, chosen_role) }
                </select>
            </div>
            <div>
                <label for="account-principal">{ "What the principal can reach" }</label>
                <select id="account-principal" onchange={on_principal}>
                    <option value="" selected={chosen_principal.is_empty()}>{ "— pick a principal —" }</option>
                    { options(&answered.principal_arns, chosen_principal) }
                </select>
            </div>
            if view.pick.is_some() {
                <button type="button" class="small" id="account-every" onclick={on_every}>{ "Every pair" }</button>
            }
        </div>
    }
}

/// Every pair, filtered by the search and the answer chosen.
fn table(
    answered: &Answered,
    view: &ViewState,
    set_view: &Callback<ViewChange>,
    open: &Callback<PairToOpen>,
) -> Html {
    let needle = view.search.trim().to_ascii_lowercase();
    let shown: Vec<&Pair> = answered
        .pairs
        .iter()
        .zip(answered.searchable.iter())
        .filter(|(_, text)| needle.is_empty() || text.contains(&needle))
        .map(|(pair, _)| pair)
        .filter(|pair| match view.shown {
            Shown::All => true,
            Shown::Allowed => pair.result == Access::Allow && pair.via.is_empty(),
            Shown::Conditional => pair.result == Access::Conditional && pair.via.is_empty(),
            Shown::Chained => !pair.via.is_empty(),
        })
        .collect();
    let on_search = set_view.reform(|event: InputEvent| {
        ViewChange::Search(
            event
                .target_dyn_into::<HtmlInputElement>()
                .map(|input| input.value())
                .unwrap_or_default(),
        )
    });
    let on_shown = set_view.reform(|event: Event| {
        ViewChange::Shown(Shown::parse(
            &event
                .target_dyn_into::<HtmlSelectElement>()
                .map(|select| select.value())
                .unwrap_or_default(),
        ))
    });
    html! {
        <>
            <div class="account-filters">
                <div>
                    <label for="account-search">{ "Search principals, roles and what they need" }</label>
                    <input id="account-search" type="search" value={view.search.clone()} oninput={on_search} autocomplete="off" />
                </div>
                <div>
                    <label for="account-shown">{ "Show" }</label>
                    <select id="account-shown" onchange={on_shown}>
                        { for Shown::ALL.into_iter().map(|choice| html! {
                            <option value={choice.as_str()} selected={choice == view.shown}>{ choice.label() }</option>
                        }) }
                    </select>
                </div>
            </div>
            if shown.len() > MOST_ROWS {
                <p class="hint" id="account-cut" role="status">{ format!(
                    "Showing the first {MOST_ROWS} of {} pairs: search or pick a role or a principal to narrow them.",
                    shown.len()
                ) }</p>
            }
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
                    { for shown.iter().take(MOST_ROWS).map(|pair| row(pair, open)) }
                </tbody>
            </table>
            if shown.is_empty() {
                <p class="hint">{ "No pair matches." }</p>
            }
        </>
    }
}

/// Who can assume the role picked, or what the principal picked reaches:
/// allowed, conditional (with what the call needs), through chains, and the
/// near misses (denied by one check, which is named).
fn picked(
    answered: &Answered,
    pick: &Pick,
    detail: Option<&Detail>,
    open: &Callback<PairToOpen>,
) -> Html {
    let (arn, known, heading) = match pick {
        Pick::Role(role) => (
            role,
            answered.role_arns.contains(role),
            format!("Who can assume {role}"),
        ),
        Pick::Principal(principal) => (
            principal,
            answered.principal_arns.contains(principal),
            format!("What {principal} can assume"),
        ),
    };
    if !known {
        return html! {
            <p class="hint" id="account-unknown">{ crate::view::rich(&format!("`{arn}` is not in these outputs.")) }</p>
        };
    }
    let Some(detail) = detail.filter(|detail| {
        detail.pick == *pick && Some(detail.generation) == Some(answered.generation)
    }) else {
        return html! { <p class="hint" role="status">{ "Answering…" }</p> };
    };
    let chains: Vec<&Pair> = answered
        .pairs
        .iter()
        .filter(|pair| !pair.via.is_empty())
        .filter(|pair| match pick {
            Pick::Role(role) => pair.role == *role,
            Pick::Principal(principal) => pair.principal == *principal,
        })
        .collect();
    let direct: Vec<&Pair> = detail
        .pairs
        .iter()
        .filter(|pair| pair.via.is_empty())
        .collect();
    let of = |access: Access| -> Vec<&Pair> {
        direct
            .iter()
            .copied()
            .filter(|pair| pair.result == access)
            .collect()
    };
    let near: Vec<&Pair> = direct
        .iter()
        .copied()
        .filter(|pair| near_miss(pair).is_some())
        .collect();
    let others = direct
        .iter()
        .filter(|pair| pair.result == Access::Deny && near_miss(pair).is_none())
        .count();
    let other_side = |pair: &Pair| -> String {
        match pick {
            Pick::Role(_) => pair.principal.clone(),
            Pick::Principal(_) => pair.role.clone(),
        }
    };
    let group = |id: &str, title: &str, pairs: &[&Pair]| -> Html {
        if pairs.is_empty() {
            return Html::default();
        }
        html! {
            <section class="access-group" id={id.to_string()}>
                <h4>{ format!("{title} ({})", pairs.len()) }</h4>
                <ul class="access-list">
                    { for pairs.iter().map(|pair| item(pair, &other_side(pair), open)) }
                </ul>
            </section>
        }
    };
    let nothing =
        of(Access::Allow).is_empty() && of(Access::Conditional).is_empty() && chains.is_empty();
    html! {
        <div class="access-picked" id="account-picked">
            <h3 class="mono">{ heading }</h3>
            if let Pick::Principal(principal) = pick {
                // The desk's answer for a principal holds its chains too.
                { picture::picture(principal, &detail.pairs) }
            }
            if nothing {
                <p class="hint">{ "No pair is allowed, even with more in the call." }</p>
            }
            { group("access-allowed", "Allowed", &of(Access::Allow)) }
            { group("access-conditional", "Allowed when the call carries more", &of(Access::Conditional)) }
            { group("access-chained", "Through a chain of roles", &chains) }
            { group("access-near", "Near misses: one check fails", &near) }
            if others > 0 {
                <p class="hint">{ format!(
                    "{others} other pair{} denied by the trust policy or by more than one check.",
                    if others == 1 { " is" } else { "s are" }
                ) }</p>
            }
        </div>
    }
}

/// The one failing check of a denial that only it stands in the way of,
/// unless that check is the trust not naming the principal at all (which
/// is no near miss: most pairs of an organization are such).
fn near_miss(pair: &Pair) -> Option<CheckId> {
    if pair.result != Access::Deny {
        return None;
    }
    let [only] = pair.failing.as_slice() else {
        return None;
    };
    CheckId::parse(only).filter(|check| *check != CheckId::TrustPrincipal)
}

/// One pair in a picked list: the other side, what it needs, the way or the
/// failing check, and Open.
fn item(pair: &Pair, other: &str, open: &Callback<PairToOpen>) -> Html {
    let (word, class) = match pair.result {
        Access::Allow => ("Allowed", "pass"),
        Access::Conditional => ("Conditional", "warn"),
        Access::Deny => ("Denied", "fail"),
    };
    let mut says = Vec::new();
    if !pair.via.is_empty() {
        says.push(format!("through {}", pair.via.join(" → ")));
    }
    if !pair.requires.is_empty() {
        says.push(format!("needs {}", pair.requires.join(", ")));
    }
    if let Some(check) = near_miss(pair) {
        says.push(format!("fails {}: {}", check.as_str(), check.failure()));
    }
    let onclick = {
        let key = PairToOpen::of(pair);
        open.reform(move |_: MouseEvent| key.clone())
    };
    html! {
        <li class={classes!("access-item", class)} data-result={word.to_ascii_lowercase()}>
            <span class={classes!("badge", class)}>{ word }</span>
            { " " }<span class="mono">{ other }</span>
            if !says.is_empty() {
                <span class="access-says">{ format!(" — {}", says.join("; ")) }</span>
            }
            if pair.via.is_empty() {
                { " " }
                <button type="button" class="small" {onclick}
                    aria-label={format!("Open {} assuming {} in the checklist", pair.principal, pair.role)}>{ "Open" }</button>
            }
        </li>
    }
}

fn row(pair: &Pair, open: &Callback<PairToOpen>) -> Html {
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
        let key = PairToOpen::of(pair);
        open.reform(move |_: MouseEvent| key.clone())
    };
    html! {
        <tr class={classes!("access-row", class)} data-result={word.to_ascii_lowercase()}>
            <td><span class={classes!("badge", class)}>{ word }</span></td>
            <td class="mono arn">{ breakable_arn(&pair.principal) }</td>
            <td class="mono arn">{ breakable_arn(&pair.role) }</td>
            <td class="mono arn">{ breakable_arn(&needs) }</td>
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
