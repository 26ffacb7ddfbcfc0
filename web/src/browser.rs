//! The few browser facilities the page uses: the URL fragment, localStorage
//! and the clipboard. The page works without them; a failure to keep the
//! work is answered, for the page to report (`load_saved`, `save`).

use assumable_core::share::{decode_fragment, encode_fragment};
use assumable_core::Scenario;
use wasm_bindgen::JsCast;

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

/// The address's query (`?…`), for test builds' switches.
#[cfg(feature = "panic-test")]
pub fn current_query() -> String {
    web_sys::window()
        .and_then(|window| window.location().search().ok())
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

/// Takes the scenario out of the address bar (while Redact is on, the
/// unredacted case must not sit there to be copied), without a navigation.
pub fn clear_fragment() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if window
        .location()
        .hash()
        .ok()
        .is_none_or(|hash| hash.is_empty())
    {
        return;
    }
    let location = window.location();
    let url = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The page's address without its fragment, for building share links.
pub fn base_url() -> String {
    web_sys::window()
        .and_then(|window| window.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// The keys of this page's localStorage: the work, the work a link replaced
/// (a draft the person can restore), and saved text that could not be read
/// back (kept aside, never overwritten).
pub const DRAFT_KEY: &str = "assumable.draft";
pub const ASIDE_KEY: &str = "assumable.unreadable";

/// What localStorage held for this page when it opened.
pub enum Saved {
    /// Nothing saved (a first visit).
    Nothing,
    Work(Box<Scenario>),
    /// Text that is not a scenario; `kept_at` is the key that now holds it.
    Unreadable {
        reason: String,
        bytes: usize,
        kept_at: &'static str,
    },
    /// The browser refuses storage to this page (a setting, a private mode).
    Blocked(String),
}

/// Why a save failed.
pub enum SaveError {
    /// Storage is refused altogether (reported when the page opened).
    Blocked,
    /// The browser refused the write: storage is full (a quota).
    Refused(String),
}

/// localStorage, or why the browser refuses it (`window.localStorage` may throw).
fn storage() -> Result<web_sys::Storage, String> {
    let window = web_sys::window().ok_or("no window")?;
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err("this browser has no localStorage".into()),
        Err(error) => Err(js_error_text(&error)),
    }
}

/// A thrown value's name and message, e.g. "SecurityError: access is denied".
fn js_error_text(error: &wasm_bindgen::JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => {
            let name = String::from(error.name());
            let message = String::from(error.message());
            // It ends a clause of the notice: "(QuotaExceededError: full; …)".
            let message = message.trim().trim_end_matches('.').to_string();
            match (name.is_empty(), message.is_empty()) {
                (false, false) => format!("{name}: {message}"),
                (true, false) => message,
                _ => name,
            }
        }
        None => error
            .as_string()
            .unwrap_or_else(|| "an unknown error".into()),
    }
}

/// The saved work. Text that cannot be read back is moved to [`ASIDE_KEY`]
/// (so that the next save cannot overwrite it); when the browser refuses
/// that copy, it stays where it is and [`save`] leaves it alone.
pub fn load_saved() -> Saved {
    let storage = match storage() {
        Ok(storage) => storage,
        Err(reason) => return Saved::Blocked(reason),
    };
    let text = match storage.get_item(STORAGE_KEY) {
        Ok(Some(text)) => text,
        Ok(None) => return Saved::Nothing,
        Err(error) => return Saved::Blocked(js_error_text(&error)),
    };
    match Scenario::from_json(&text) {
        Ok(scenario) => Saved::Work(Box::new(scenario)),
        Err(error) => {
            let reason = if error.line > 0 {
                format!(
                    "{} (line {}, column {})",
                    error.message, error.line, error.column
                )
            } else {
                error.message
            };
            let kept_at = set_aside(&storage, &text);
            Saved::Unreadable {
                reason,
                bytes: text.len(),
                kept_at,
            }
        }
    }
}

/// Moves unreadable text to [`ASIDE_KEY`]; answers the key that holds it.
fn set_aside(storage: &web_sys::Storage, text: &str) -> &'static str {
    // Removed first: a second copy of a large text would not fit the quota.
    if storage.remove_item(STORAGE_KEY).is_ok() {
        if storage.set_item(ASIDE_KEY, text).is_ok() {
            return ASIDE_KEY;
        }
        // The copy was refused: put the text back where it was.
        let _ = storage.set_item(STORAGE_KEY, text);
    }
    SAVE_PAUSED.with(|paused| paused.set(true));
    STORAGE_KEY
}

thread_local! {
    /// Set when unreadable text could not be moved aside: saving would
    /// overwrite it, so this tab does not save.
    static SAVE_PAUSED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Saves the work; a refusal is answered, for the page to report.
pub fn save(scenario: &Scenario) -> Result<(), SaveError> {
    if SAVE_PAUSED.with(std::cell::Cell::get) {
        return Ok(());
    }
    let storage = storage().map_err(|_| SaveError::Blocked)?;
    storage
        .set_item(STORAGE_KEY, &scenario.to_json_pretty())
        .map_err(|error| SaveError::Refused(js_error_text(&error)))
}

/// Keeps the work a link replaced, for the person to restore.
pub fn save_draft(scenario: &Scenario) -> bool {
    storage()
        .and_then(|storage| {
            storage
                .set_item(DRAFT_KEY, &scenario.to_json_pretty())
                .map_err(|error| js_error_text(&error))
        })
        .is_ok()
}

/// Copies the saved work to [`DRAFT_KEY`] (a link is about to replace it).
pub fn keep_saved_as_draft() -> bool {
    let Ok(storage) = storage() else {
        return false;
    };
    match storage.get_item(STORAGE_KEY) {
        Ok(Some(text)) => storage.set_item(DRAFT_KEY, &text).is_ok(),
        _ => false,
    }
}

/// The text kept aside under [`ASIDE_KEY`] (or still under the work's key).
pub fn unreadable_text(kept_at: &str) -> Option<String> {
    storage().ok()?.get_item(kept_at).ok()?
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

/// Shows `text` in a plain element at the top of the page, without Yew (the
/// panic hook calls it: the app may be dead), with a button that reloads.
/// Shown once; later panics only log.
pub fn show_panic(text: &str) {
    web_sys::console::error_1(&text.into());
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    if document.get_element_by_id(PANIC_ID).is_some() {
        return;
    }
    let Some(body) = document.body() else { return };
    let Ok(notice) = document.create_element("div") else {
        return;
    };
    notice.set_id(PANIC_ID);
    notice.set_class_name("panic-notice");
    let _ = notice.set_attribute("role", "alert");
    if let Ok(paragraph) = document.create_element("p") {
        paragraph.set_text_content(Some(text));
        let _ = notice.append_child(&paragraph);
    }
    if let Ok(button) = document.create_element("button") {
        let _ = button.set_attribute("type", "button");
        button.set_text_content(Some("Reload the page"));
        // `location.reload` bound in JavaScript: the button works even when
        // the wasm instance has trapped.
        let reload = web_sys::window().and_then(|window| {
            let location = window.location();
            js_sys::Reflect::get(&location, &"reload".into())
                .ok()
                .and_then(|reload| reload.dyn_into::<js_sys::Function>().ok())
                .map(|reload| reload.bind0(&location))
        });
        if let (Some(reload), Some(button)) = (reload, button.dyn_ref::<web_sys::HtmlElement>()) {
            button.set_onclick(Some(&reload));
        }
        let _ = notice.append_child(&button);
    }
    let _ = body.prepend_with_node_1(&notice);
}

/// The id of the panic notice.
pub const PANIC_ID: &str = "panic-notice";

/// The text of each file, at most `limit` bytes of each (a file of
/// gigabytes is never loaded whole), named by its file name; and the names
/// of the files that cannot be read as text.
pub async fn read_text_files(
    files: Vec<web_sys::File>,
    limit: usize,
) -> (Vec<assumable_core::ImportInput>, Vec<String>) {
    let mut read = Vec::new();
    let mut unreadable = Vec::new();
    for file in files {
        let end = (limit as f64).min(file.size());
        let text = match file.slice_with_f64_and_f64(0.0, end) {
            Ok(blob) => wasm_bindgen_futures::JsFuture::from(blob.text())
                .await
                .ok()
                .and_then(|text| text.as_string()),
            Err(_) => None,
        };
        match text {
            Some(text) => read.push(assumable_core::ImportInput {
                source: file.name(),
                text,
            }),
            None => unreadable.push(file.name()),
        }
    }
    (read, unreadable)
}
