//! Opens a link pasted into the address bar of an open page (which only
//! changes the hash).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
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
            EventListener::new(&window, "hashchange", move |_| {
                let hash = browser::current_hash();
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
