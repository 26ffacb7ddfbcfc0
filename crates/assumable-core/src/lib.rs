//! Assumable's core: a pure, deterministic model of how AWS decides an
//! `sts:AssumeRole` (and `AssumeRoleWithWebIdentity` / `AssumeRoleWithSAML`)
//! request, reported as a checklist with located diagnostics and fixes.
//!
//! **Architecture invariant:** nothing here does I/O or knows about the
//! browser; every input is a value, every answer is a value.
//!
//! Outside tests nothing here unwraps, expects, panics or indexes: the
//! workspace lints (root `Cargo.toml`) deny it.

pub mod arn;
mod aws_docs;
pub mod condition;
pub mod context;
mod date;
pub mod evaluate;
pub mod fix;
pub mod json;
mod pattern;
pub mod policy;
pub mod principal;
pub mod redact;
pub mod report;
pub mod scenario;
pub mod share;
pub mod text;
pub mod variables;
pub mod wildcard;

pub use evaluate::{evaluate, evaluate_json};
pub use report::{Check, CheckId, Decision, Edit, Fix, Location, Report, Status};
pub use scenario::{Scenario, ScenarioError};

/// The crate version, shown by the CLI and the page.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
