//! The request context: the condition keys and values AWS sets for the
//! request, derived from the scenario's request, then `request.context` on top.
//! OWNER: matching helper.

use std::collections::BTreeMap;

use crate::arn::{Caller, RoleArn};
use crate::scenario::Request;

/// Condition keys and their values. Keys compare case-insensitively.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestContext {
    /// Lowercased key -> (key as first written, values).
    entries: BTreeMap<String, (String, Vec<String>)>,
}

impl RequestContext {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.entries
            .get(&key.to_ascii_lowercase())
            .map(|(_, values)| values.as_slice())
    }

    pub fn insert(&mut self, key: &str, values: Vec<String>) {
        self.entries
            .insert(key.to_ascii_lowercase(), (key.to_string(), values));
    }

    pub fn remove(&mut self, key: &str) {
        self.entries.remove(&key.to_ascii_lowercase());
    }

    /// Keys as written, with their values, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.entries
            .values()
            .map(|(key, values)| (key.as_str(), values.as_slice()))
    }
}

/// Derives the context AWS would build for this request.
pub fn derive_context(request: &Request, caller: &Caller, role: &RoleArn) -> RequestContext {
    let _ = (request, caller, role);
    RequestContext::new()
}
