//! Brings a request or role field into view when the checklist points at it.

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::browser;
use crate::state::FocusRequest;
use crate::view::field_input_id;

/// How long a focused field keeps its highlight (the CSS animation's length).
const FLASH_MS: u32 = 1600;

/// Focuses and flashes the input of a focused field location (policy
/// locations are the editor's).
#[hook]
pub fn use_field_focus(focus: Option<FocusRequest>) {
    use_effect_with(focus, |focus| {
        let Some(field) = focus
            .as_ref()
            .and_then(|focus| focus.location.field.as_ref())
        else {
            return;
        };
        let Some(document) = web_sys::window().and_then(|window| window.document()) else {
            return;
        };
        // `tags.project` has no input of its own: its group `tags` does.
        let element = candidate_ids(&field_input_id(field))
            .iter()
            .find_map(|id| document.get_element_by_id(id));
        let Some(element) = element else { return };
        if let Some(html) = element.dyn_ref::<web_sys::HtmlElement>() {
            let _ = html.focus();
        }
        browser::reveal(&element);
        let classes = element.class_list();
        let _ = classes.add_1("flash-field");
        Timeout::new(FLASH_MS, move || {
            let _ = classes.remove_1("flash-field");
        })
        .forget();
    });
}

/// The field's own id (with `.[]/` made DOM-friendly), then its group's.
fn candidate_ids(id: &str) -> [String; 2] {
    let normalized: String = id
        .chars()
        .map(|c| {
            if matches!(c, '.' | '[' | ']' | '/') {
                '-'
            } else {
                c
            }
        })
        .collect();
    let normalized = normalized.trim_end_matches('-').to_string();
    let group = match normalized.strip_prefix("field-") {
        Some(rest) => format!("field-{}", rest.split('-').next().unwrap_or_default()),
        None => normalized.clone(),
    };
    [normalized, group]
}
