//! After a fix is applied, the new verdict comes into view and takes focus,
//! so that a keyboard or screen reader user hears what the fix changed.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::browser;
use crate::components::results::VERDICT_ID;

/// Reveals and focuses the verdict whenever `fixes_applied` grows.
#[hook]
pub fn use_verdict_reveal(fixes_applied: u32) {
    use_effect_with(fixes_applied, |count| {
        if *count == 0 {
            return;
        }
        let Some(verdict) = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.get_element_by_id(VERDICT_ID))
        else {
            return;
        };
        browser::reveal(&verdict);
        if let Some(verdict) = verdict.dyn_ref::<HtmlElement>() {
            // The scroll above is smooth; focusing must not jump ahead of it.
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = verdict.focus_with_options(&options);
        }
    });
}
