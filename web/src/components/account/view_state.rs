//! What of the account view survives a reload: whether it is open, the
//! search, the filter and the role or principal picked. Never the dumps,
//! which may be large and sensitive: they live in the tab's memory only.
//! Kept in sessionStorage, so that it stays with the tab; a storage the
//! browser refuses only forgets the view.

use serde_json::{json, Value};

const KEY: &str = "assumable.account-view";

/// A role or a principal the person picked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pick {
    Role(String),
    Principal(String),
}

/// Which answers the table lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Shown {
    #[default]
    All,
    Allowed,
    Conditional,
    Chained,
}

impl Shown {
    pub const ALL: [Shown; 4] = [
        Shown::All,
        Shown::Allowed,
        Shown::Conditional,
        Shown::Chained,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Shown::All => "all",
            Shown::Allowed => "allowed",
            Shown::Conditional => "conditional",
            Shown::Chained => "chained",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Shown::All => "Every answer",
            Shown::Allowed => "Allowed",
            Shown::Conditional => "Conditional",
            Shown::Chained => "Through a chain",
        }
    }

    pub fn parse(text: &str) -> Self {
        Shown::ALL
            .into_iter()
            .find(|shown| shown.as_str() == text)
            .unwrap_or_default()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ViewState {
    pub open: bool,
    pub search: String,
    pub shown: Shown,
    pub pick: Option<Pick>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The view as it was, or a closed, empty one.
pub fn load() -> ViewState {
    let Some(text) = storage().and_then(|storage| storage.get_item(KEY).ok().flatten()) else {
        return ViewState::default();
    };
    parse(&text)
}

/// The view state in `text`; anything unreadable is left at its default.
pub fn parse(text: &str) -> ViewState {
    let value: Value = serde_json::from_str(text).unwrap_or_default();
    let text_of = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_string);
    let pick = match (text_of("role"), text_of("principal")) {
        (Some(role), _) => Some(Pick::Role(role)),
        (None, Some(principal)) => Some(Pick::Principal(principal)),
        _ => None,
    };
    ViewState {
        open: value.get("open").and_then(Value::as_bool).unwrap_or(false),
        search: text_of("search").unwrap_or_default(),
        shown: Shown::parse(&text_of("shown").unwrap_or_default()),
        pick,
    }
}

pub fn to_text(state: &ViewState) -> String {
    let (role, principal) = match &state.pick {
        Some(Pick::Role(role)) => (Some(role), None),
        Some(Pick::Principal(principal)) => (None, Some(principal)),
        None => (None, None),
    };
    json!({
        "open": state.open,
        "search": state.search,
        "shown": state.shown.as_str(),
        "role": role,
        "principal": principal,
    })
    .to_string()
}

pub fn save(state: &ViewState) {
    if let Some(storage) = storage() {
        // A refused write only forgets the view.
        let _ = storage.set_item(KEY, &to_text(state));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_reads_back_what_it_wrote_and_ignores_the_rest() {
        let state = ViewState {
            open: true,
            search: "deploy".into(),
            shown: Shown::Conditional,
            pick: Some(Pick::Role("arn:aws:iam::1:role/R".into())),
        };
        assert_eq!(parse(&to_text(&state)), state);
        assert_eq!(parse("not json"), ViewState::default());
        assert_eq!(
            parse(r#"{"open": "yes", "shown": 3}"#),
            ViewState::default()
        );
    }
}
