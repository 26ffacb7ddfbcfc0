//! Saves the scenario to the URL fragment and localStorage, a little after
//! the last edit, and reports a save the browser refuses.

use std::cell::RefCell;
use std::rc::Rc;

use assumable_core::Scenario;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::browser::{self, SaveError};
use crate::notices;
use crate::state::Action;

/// Writes wait this long after the last edit (browsers throttle
/// history.replaceState; typing should stay smooth).
const SAVE_DELAY_MS: u32 = 150;

/// Saves `scenario` whenever `revision` changes, and records the fragment it
/// wrote in `last_fragment`, so that the page's own hashchange is ignored.
/// With `redact` on, the address bar carries no fragment at all (the share
/// link is redacted; the address bar would not be), and it comes back when
/// `redact` is turned off.
/// With `to_storage` false (a slow case) only the fragment is written. A
/// refused save is reported once through `on_action` (a storage notice),
/// and the notice goes when a save succeeds again.
#[hook]
pub fn use_persisted_fragment(
    scenario: Rc<Scenario>,
    revision: u64,
    redact: bool,
    to_storage: bool,
    last_fragment: Rc<RefCell<String>>,
    on_action: Callback<Action>,
) {
    // Whether the last save was refused (its notice is up).
    let refused = use_mut_ref(|| false);
    use_effect_with((revision, redact), move |_| {
        let timeout = Timeout::new(SAVE_DELAY_MS, move || {
            if redact {
                browser::clear_fragment();
                last_fragment.borrow_mut().clear();
            } else {
                let fragment = browser::fragment_for(&scenario);
                browser::replace_fragment(&fragment);
                *last_fragment.borrow_mut() = fragment;
            }
            if !to_storage {
                return;
            }
            match browser::save(&scenario) {
                Ok(()) => {
                    if refused.replace(false) {
                        on_action.emit(Action::SetStorageNotice(None));
                    }
                }
                // Reported when the page opened (the read failed the same way).
                Err(SaveError::Blocked) => {}
                Err(SaveError::Refused(reason)) => {
                    *refused.borrow_mut() = true;
                    let bytes = scenario.to_json_pretty().len();
                    on_action.emit(Action::SetStorageNotice(Some(notices::save_refused(
                        &reason, bytes,
                    ))));
                }
            }
        });
        move || drop(timeout)
    });
}
