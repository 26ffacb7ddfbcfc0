//! The page's effects, one hook each, so that `App` only wires state to views.

mod use_document_title;
mod use_field_focus;
mod use_focus_target;
mod use_hash_link;
mod use_paste_unwrap;
mod use_persisted_fragment;
mod use_verdict_reveal;

pub use use_document_title::use_document_title;
pub use use_field_focus::use_field_focus;
pub use use_focus_target::{use_focus_target, FocusTarget};
pub use use_hash_link::use_hash_link;
pub use use_paste_unwrap::use_paste_unwrap;
pub use use_persisted_fragment::use_persisted_fragment;
pub use use_verdict_reveal::use_verdict_reveal;
