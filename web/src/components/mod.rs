//! Leaf components: each takes data and callbacks, none holds the scenario.

pub mod editor;
pub mod gallery;
pub mod policies;
pub mod request_form;
pub mod results;
pub mod share;
