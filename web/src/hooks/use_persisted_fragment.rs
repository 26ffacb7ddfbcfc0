//! Saves the scenario to the URL fragment and localStorage, a little after
//! the last edit.

use std::cell::RefCell;
use std::rc::Rc;

use assumable_core::Scenario;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::browser;

/// Writes wait this long after the last edit (browsers throttle
/// history.replaceState; typing should stay smooth).
const SAVE_DELAY_MS: u32 = 150;

/// Saves `scenario` whenever `revision` changes, and records the fragment it
/// wrote in `last_fragment`, so that the page's own hashchange is ignored.
#[hook]
pub fn use_persisted_fragment(
    scenario: Rc<Scenario>,
    revision: u64,
    last_fragment: Rc<RefCell<String>>,
) {
    use_effect_with(revision, move |_| {
        let timeout = Timeout::new(SAVE_DELAY_MS, move || {
            let fragment = browser::fragment_for(&scenario);
            browser::replace_fragment(&fragment);
            browser::save(&scenario);
            *last_fragment.borrow_mut() = fragment;
        });
        move || drop(timeout)
    });
}
