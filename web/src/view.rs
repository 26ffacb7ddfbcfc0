//! Small helpers every component shares: how core text, document names,
//! locations and input events become what the page shows.

use assumable_core::fix::policy;
use assumable_core::report::{DocumentId, RequestField};
use assumable_core::text::TextRange;
use assumable_core::{Location, Scenario};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The document's name as the page shows it.
pub fn document_label(document: DocumentId, names: &[String]) -> String {
    match document {
        DocumentId::Request => "Request".into(),
        DocumentId::Role => "Role".into(),
        DocumentId::TrustPolicy => "Trust policy".into(),
        DocumentId::Identity(n) => match names.get(n).filter(|name| !name.is_empty()) {
            Some(name) => format!("Identity policy \u{201c}{name}\u{201d}"),
            None => format!("Identity policy {}", n + 1),
        },
        DocumentId::PermissionsBoundary => "Permissions boundary".into(),
        DocumentId::Scp(level, n) => format!("SCP level {}, policy {}", level + 1, n + 1),
        DocumentId::Rcp(level, n) => format!("RCP level {}, policy {}", level + 1, n + 1),
    }
}

/// Text from the core, where `backticks` quote user input or code: shown as
/// `<code>`, never as HTML.
pub fn rich(text: &str) -> Html {
    let parts: Vec<&str> = text.split('`').collect();
    // An odd count of backticks leaves the text as it is.
    if parts.len().is_multiple_of(2) {
        return html! { { text.to_string() } };
    }
    html! {
        <>{ for parts.iter().enumerate().map(|(index, part)| {
            if index % 2 == 1 {
                html! { <code>{ part.to_string() }</code> }
            } else {
                html! { { part.to_string() } }
            }
        }) }</>
    }
}

/// The text a location points into, and the byte range it underlines there.
pub fn located_text<'a>(
    scenario: &'a Scenario,
    location: &Location,
) -> Option<(&'a str, TextRange)> {
    let text = policy(scenario, location.document)?.text();
    Some((text, location.byte_range(text)?))
}

/// Whether a location's field is `field` or a part of it (`tags.project`
/// is a part of `tags`).
pub fn field_within(located: &RequestField, field: &RequestField) -> bool {
    if located == field {
        return true;
    }
    match located {
        RequestField::Unknown(name) => name
            .strip_prefix(field.as_str())
            .is_some_and(|rest| rest.starts_with(['.', '[', '/'])),
        _ => false,
    }
}

/// The DOM id of the input that shows a request or role field.
pub fn field_input_id(field: &RequestField) -> String {
    format!("field-{}", field.as_str())
}

/// The value of the `<input>` an event came from ("" for any other target).
pub fn input_value(event: &Event) -> String {
    event
        .target()
        .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
        .map(|input| input.value())
        .unwrap_or_default()
}

/// The value of the `<select>` an event came from ("" for any other target).
pub fn select_value(event: &Event) -> String {
    event
        .target()
        .and_then(|target| target.dyn_into::<HtmlSelectElement>().ok())
        .map(|select| select.value())
        .unwrap_or_default()
}

/// Whether the `<input type="checkbox">` an event came from is checked.
pub fn input_checked(event: &Event) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|input| input.checked())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_contains_its_parts_only() {
        let tags = RequestField::Tags;
        assert!(field_within(&RequestField::Tags, &tags));
        assert!(field_within(&RequestField::parse("tags.project"), &tags));
        assert!(field_within(&RequestField::parse("tags[0]"), &tags));
        assert!(!field_within(&RequestField::parse("tagsx"), &tags));
        assert!(!field_within(&RequestField::Context, &tags));
    }
}
