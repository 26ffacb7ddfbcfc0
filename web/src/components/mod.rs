//! The page's parts. `gallery`, `start`, `story` and `editor` take plain data and callbacks;
//! the others take the scenario or report (`Rc`, cheap to compare) and the
//! page's `Callback<Action>`, which they pass on to their own parts. Helpers
//! they share live in `crate::view`, never in a sibling component.

pub mod account;
pub mod commands;
pub mod editor;
pub mod exercise;
pub mod gallery;
pub mod notices;
pub mod paste;
pub mod policies;
pub mod request_form;
pub mod results;
pub mod share;
pub mod start;
pub mod story;
