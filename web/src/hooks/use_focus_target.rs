//! Moves focus to an element by id after the render that shows it (a choice
//! on the start screen, an example, a new case), so that focus never drops
//! to `<body>`.

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::browser;

/// An element to focus; `nonce` changes on every request so that the same
/// target can be asked for twice.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FocusTarget {
    pub id: &'static str,
    pub nonce: u32,
}

impl FocusTarget {
    /// The next request, for `id`.
    pub fn next(&self, id: &'static str) -> Self {
        FocusTarget {
            id,
            nonce: self.nonce.wrapping_add(1),
        }
    }
}

#[hook]
pub fn use_focus_target(target: FocusTarget) {
    use_effect_with(target, |target| {
        if target.nonce == 0 {
            return;
        }
        let id = target.id;
        // A child component that appears in this render may not be in the
        // document yet: then once more, after this task.
        if !focus_by_id(id) {
            Timeout::new(0, move || {
                focus_by_id(id);
            })
            .forget();
        }
    });
}

/// Reveals and focuses the element `id`; false if there is none yet.
fn focus_by_id(id: &str) -> bool {
    let Some(element) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(id))
    else {
        return false;
    };
    browser::reveal(&element);
    if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = element.focus_with_options(&options);
    }
    true
}
