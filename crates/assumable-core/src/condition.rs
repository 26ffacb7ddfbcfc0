//! Condition operators and their evaluation against the request context:
//! every IAM operator, `...IfExists`, `ForAllValues:`/`ForAnyValue:`, the
//! missing-key rules. Values OR together; keys and operators AND.
//! OWNER: matching helper.

use crate::context::RequestContext;
use crate::policy::{Condition, PolicyVersion};

/// The outcome of one condition entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionOutcome {
    pub met: bool,
    /// Why, in plain words: the key's value(s) in the request (or that the key
    /// is absent) against the policy's values.
    pub explanation: String,
}

/// Evaluates one condition entry against the context.
pub fn evaluate_condition(
    condition: &Condition,
    context: &RequestContext,
    version: PolicyVersion,
) -> ConditionOutcome {
    let _ = (condition, context, version);
    ConditionOutcome {
        met: false,
        explanation: String::new(),
    }
}
