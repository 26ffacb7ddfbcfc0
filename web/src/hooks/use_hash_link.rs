//! Opens a link pasted into the address bar of an open page (which only
//! changes the hash).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::browser::{self, Fragment};
use crate::notices;
use crate::state::{Action, Notice};

/// Loads the scenario of a new fragment, unless it is the one this page
/// wrote last (`last_fragment`).
#[hook]
pub fn use_hash_link(on_action: Callback<Action>, last_fragment: Rc<RefCell<String>>) {
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|window| {
            EventListener::new(&window, "hashchange", move |event| {
                let hash = hash_navigated_to(event);
                if *last_fragment.borrow() == hash {
                    return;
                }
                if let Some(action) = action_for(browser::read_fragment(&hash)) {
                    on_action.emit(action);
                }
            })
        });
        move || drop(listener)
    });
}

/// The hash the navigation went to, from the event rather than the address
/// bar: the page's own delayed save may have replaced the address between
/// the navigation and its event, and the pasted link must not be lost.
fn hash_navigated_to(event: &web_sys::Event) -> String {
    event
        .dyn_ref::<web_sys::HashChangeEvent>()
        .map(|change| change.new_url())
        .map(|url| {
            url.find('#')
                .and_then(|at| url.get(at..))
                .unwrap_or_default()
                .to_owned()
        })
        .unwrap_or_else(browser::current_hash)
}

fn action_for(fragment: Fragment) -> Option<Action> {
    match fragment {
        // A large case waits for the person to open it.
        Fragment::Scenario(scenario)
            if notices::case_weight(&scenario) > notices::LARGE_LINK_CHARS =>
        {
            Some(Action::HoldLink(scenario))
        }
        // The saved work becomes the draft before the link's scenario is saved.
        Fragment::Scenario(scenario) => Some(Action::OpenLink {
            scenario,
            draft_stored: browser::keep_saved_as_draft(),
        }),
        Fragment::Broken(reason) => Some(Action::SetNotice(Some(Notice::error(format!(
            "This link could not be opened: {reason}. Your work is unchanged."
        ))))),
        Fragment::None => None,
    }
}
