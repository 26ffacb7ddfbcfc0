//! The tab title follows the case's name, so that a shared link and a tab
//! among many say which case they hold.

use yew::prelude::*;

/// The title of a page whose case has no name (as in `index.html`).
pub const DEFAULT_TITLE: &str = "Assumable — why was sts:AssumeRole denied?";

/// The tab title for a case named `name`.
pub fn title_for(name: Option<&str>) -> String {
    match name.map(str::trim).filter(|name| !name.is_empty()) {
        Some(name) => format!("{name} — Assumable"),
        None => DEFAULT_TITLE.to_string(),
    }
}

#[hook]
pub fn use_document_title(name: Option<String>) {
    use_effect_with(name, |name| {
        if let Some(document) = web_sys::window().and_then(|window| window.document()) {
            document.set_title(&title_for(name.as_deref()));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_case_names_the_tab() {
        assert_eq!(title_for(Some("Prod deploy")), "Prod deploy — Assumable");
        assert_eq!(title_for(Some("  ")), DEFAULT_TITLE);
        assert_eq!(title_for(None), DEFAULT_TITLE);
    }
}
