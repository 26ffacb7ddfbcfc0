//! The few browser facilities the page uses: the URL fragment, localStorage
//! and the clipboard. Every failure is quiet: the page works without them.

use assumable_core::share::{decode_fragment, encode_fragment};
use assumable_core::Scenario;

const STORAGE_KEY: &str = "assumable.scenario";

/// A longer fragment is refused before decoding (a scenario is at most 4 MiB
/// of JSON; a real case compresses to a few kilobytes).
pub const MAX_FRAGMENT_CHARS: usize = 1_000_000;

/// What the URL fragment holds.
pub enum Fragment {
    None,
    Scenario(Box<Scenario>),
    Broken(String),
}

pub fn current_hash() -> String {
    web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .unwrap_or_default()
}

pub fn read_fragment(hash: &str) -> Fragment {
    let Some(payload) = hash.strip_prefix("#s=") else {
        return if hash.len() > 1 {
            Fragment::Broken("it does not start with #s=".into())
        } else {
            Fragment::None
        };
    };
    if payload.len() > MAX_FRAGMENT_CHARS {
        return Fragment::Broken(format!(
            "it is {} characters long; at most {MAX_FRAGMENT_CHARS} are accepted",
            payload.len()
        ));
    }
    match decode_fragment(payload) {
        Ok(scenario) => Fragment::Scenario(Box::new(scenario)),
        Err(error) => Fragment::Broken(error.message),
    }
}

pub fn fragment_for(scenario: &Scenario) -> String {
    format!("#s={}", encode_fragment(scenario))
}

/// Puts the scenario in the address bar without a navigation or a history entry.
pub fn replace_fragment(fragment: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if window.location().hash().ok().as_deref() == Some(fragment) {
        return;
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(fragment));
    }
}

/// The page's address without its fragment, for building share links.
pub fn base_url() -> String {
    web_sys::window()
        .and_then(|window| window.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn load_saved() -> Option<Scenario> {
    let text = storage()?.get_item(STORAGE_KEY).ok()??;
    Scenario::from_json(&text).ok()
}

pub fn save(scenario: &Scenario) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, &scenario.to_json_pretty());
    }
}

/// Copies text; the answer says whether the browser accepted it.
pub async fn copy_text(text: String) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(&text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Whether the person asked for less motion (no smooth scrolling then).
pub fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|window| {
            window
                .match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|query| query.matches())
}

/// Scrolls an element into view (centred) and flashes it.
pub fn reveal(element: &web_sys::Element) {
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
    if !prefers_reduced_motion() {
        options.set_behavior(web_sys::ScrollBehavior::Smooth);
    }
    element.scroll_into_view_with_scroll_into_view_options(&options);
}
