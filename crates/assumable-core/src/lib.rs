//! Assumable's core: a pure, deterministic model of how AWS decides an
//! `sts:AssumeRole` (and `AssumeRoleWithWebIdentity` / `AssumeRoleWithSAML`)
//! request, reported as a checklist with located diagnostics and fixes.
//!
//! **Architecture invariant:** nothing here does I/O or knows about the
//! browser; every input is a value, every answer is a value.
//!
//! Outside tests nothing here unwraps, expects, panics or indexes: the
//! workspace lints (root `Cargo.toml`) deny it.

pub mod access;
mod arn;
mod aws_docs;
pub mod claim_keys;
pub mod commands;
mod condition;
mod context;
mod date;
mod evaluate;
pub mod fix;
pub mod import;
mod json;
mod pattern;
mod policy;
mod principal;
pub mod reader;
pub mod redact;
pub mod report;
pub mod request_fields;
pub mod scenario;
pub mod share;
mod suspicious;
pub mod text;
pub mod token_claims;
mod variables;
mod wildcard;

// The API boundary: what the shells (CLI, wasm, page) use. The modules that
// judge IAM (arn, policy, json, condition, context, principal, wildcard,
// variables) are private to the core.
pub use evaluate::{
    decide, evaluate, evaluate_json, Decided, MAX_IDENTITY_POLICIES, MAX_ORGANIZATION_LEVELS,
    MAX_POLICIES_PER_LEVEL,
};
pub use import::{import, ImportInput, ImportOutcome};
pub use report::{
    Check, CheckId, Decision, DocumentId, Edit, Fix, Location, ObservedAgreement, Report, Status,
};
pub use scenario::{
    CallerPolicies, ContextValue, Mfa, Observed, PolicySource, Scenario, ScenarioError,
    MAX_SCENARIO_BYTES,
};
pub use text::{LineCol, LineIndex};

/// The crate version, shown by the CLI and the page.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
