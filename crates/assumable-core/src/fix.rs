//! Applying a fix's edits to a scenario: what the page's "Apply fix" and the
//! tests that prove each fix do.

use serde_json::Value;

use crate::report::{DocumentId, Edit, Fix};
use crate::scenario::{CallerPolicies, PolicySource, Scenario};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixError {
    pub message: String,
}

impl std::fmt::Display for FixError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FixError {}

fn error(message: impl Into<String>) -> FixError {
    FixError {
        message: message.into(),
    }
}

/// The scenario with every edit of `fix` applied. A policy that gets a text
/// edit becomes pasted text (its canonical text with the edit applied).
pub fn apply_fix(scenario: &Scenario, fix: &Fix) -> Result<Scenario, FixError> {
    let mut fixed = scenario.clone();
    // Text edits of one document are applied together, last first, so that
    // earlier coordinates stay true.
    let mut text_edits: Vec<(DocumentId, usize, usize, &str)> = Vec::new();
    for edit in &fix.edits {
        if let Edit::Text {
            document,
            line,
            column,
            end_line,
            end_column,
            replacement,
        } = edit
        {
            let source = policy_slot(&mut fixed, *document).ok_or_else(|| {
                error(format!(
                    "the fix edits `{document}`, which the scenario does not have"
                ))
            })?;
            let range = edit.byte_range(source.text()).ok_or_else(|| {
                error(format!(
                    "the fix points at line {line}, column {column} to line {end_line}, \
                    column {end_column} of `{document}`, which is not a range of its text"
                ))
            })?;
            text_edits.push((*document, range.start, range.end, replacement));
        }
    }
    text_edits.sort_by(|a, b| (a.0, b.1).cmp(&(b.0, a.1)));
    for pair in text_edits.windows(2) {
        if let [later, earlier] = pair {
            if later.0 == earlier.0 && earlier.2 > later.1 {
                return Err(error("the fix's edits overlap"));
            }
        }
    }
    for (document, start, end, replacement) in text_edits {
        let source = policy_slot(&mut fixed, document)
            .ok_or_else(|| error("the fix's document vanished"))?;
        let mut text = source.text().to_string();
        if text.get(start..end).is_none() {
            return Err(error("the fix's range is not inside the document"));
        }
        text.replace_range(start..end, replacement);
        *source = PolicySource::Text(text);
    }
    for edit in &fix.edits {
        match edit {
            Edit::Text { .. } => {}
            Edit::Document {
                document,
                replacement,
            } => {
                let slot = create_policy_slot(&mut fixed, *document)?;
                *slot = PolicySource::Text(replacement.clone());
            }
            Edit::Field {
                document,
                field,
                value,
            } => set_field(&mut fixed, *document, field.as_str(), value)?,
        }
    }
    Ok(fixed)
}

/// The policy a document id names, if the scenario has it.
pub fn policy(scenario: &Scenario, document: DocumentId) -> Option<&PolicySource> {
    let callers = scenario.caller_policies.as_ref();
    match document {
        DocumentId::TrustPolicy => Some(&scenario.role.trust_policy),
        DocumentId::Identity(n) => callers?.identity.get(n),
        DocumentId::PermissionsBoundary => callers?.permissions_boundary.as_ref(),
        DocumentId::Scp(level, n) => callers?.scps.as_ref()?.get(level)?.get(n),
        DocumentId::Rcp(level, n) => scenario.role.rcps.as_ref()?.get(level)?.get(n),
        DocumentId::Request | DocumentId::Role => None,
    }
}

/// The text a report location underlines in the scenario's policies
/// (`None` for a request or role field, or a range that is not there).
pub fn underlined_text(scenario: &Scenario, location: &crate::report::Location) -> Option<String> {
    let text = policy(scenario, location.document)?.text();
    let range = location.byte_range(text)?;
    text.get(range.start..range.end).map(str::to_string)
}

/// The policy a document id names, to change, if the scenario has it.
pub fn policy_slot(scenario: &mut Scenario, document: DocumentId) -> Option<&mut PolicySource> {
    match document {
        DocumentId::TrustPolicy => Some(&mut scenario.role.trust_policy),
        DocumentId::Identity(n) => scenario.caller_policies.as_mut()?.identity.get_mut(n),
        DocumentId::PermissionsBoundary => scenario
            .caller_policies
            .as_mut()?
            .permissions_boundary
            .as_mut(),
        DocumentId::Scp(level, n) => scenario
            .caller_policies
            .as_mut()?
            .scps
            .as_mut()?
            .get_mut(level)?
            .get_mut(n),
        DocumentId::Rcp(level, n) => scenario.role.rcps.as_mut()?.get_mut(level)?.get_mut(n),
        DocumentId::Request | DocumentId::Role => None,
    }
}

/// The policy a document id names, created (empty) when it is the next one.
fn create_policy_slot(
    scenario: &mut Scenario,
    document: DocumentId,
) -> Result<&mut PolicySource, FixError> {
    fn next<T: Default>(items: &mut Vec<T>, n: usize, what: &str) -> Result<(), FixError> {
        if n == items.len() {
            items.push(T::default());
        }
        if n < items.len() {
            Ok(())
        } else {
            Err(error(format!(
                "the fix creates {what} {n}, but only {} exist",
                items.len()
            )))
        }
    }
    match document {
        DocumentId::TrustPolicy | DocumentId::Request | DocumentId::Role => {}
        DocumentId::Identity(n) => {
            let policies = scenario
                .caller_policies
                .get_or_insert_with(CallerPolicies::default);
            next(&mut policies.identity, n, "identity policy")?;
        }
        DocumentId::PermissionsBoundary => {
            let policies = scenario
                .caller_policies
                .get_or_insert_with(CallerPolicies::default);
            policies
                .permissions_boundary
                .get_or_insert_with(PolicySource::default);
        }
        DocumentId::Scp(level, n) => {
            let policies = scenario
                .caller_policies
                .get_or_insert_with(CallerPolicies::default);
            let levels = policies.scps.get_or_insert_with(Vec::new);
            next(levels, level, "SCP level")?;
            if let Some(level_policies) = levels.get_mut(level) {
                next(level_policies, n, "SCP")?;
            }
        }
        DocumentId::Rcp(level, n) => {
            let levels = scenario.role.rcps.get_or_insert_with(Vec::new);
            next(levels, level, "RCP level")?;
            if let Some(level_policies) = levels.get_mut(level) {
                next(level_policies, n, "RCP")?;
            }
        }
    }
    policy_slot(scenario, document)
        .ok_or_else(|| error(format!("the fix edits `{document}`, which is not a policy")))
}

fn set_field(
    scenario: &mut Scenario,
    document: DocumentId,
    field: &str,
    value: &Value,
) -> Result<(), FixError> {
    fn update<T: serde::Serialize + serde::de::DeserializeOwned>(
        item: &mut T,
        field: &str,
        value: &Value,
    ) -> Result<(), FixError> {
        let mut object = serde_json::to_value(&*item).map_err(|e| error(e.to_string()))?;
        let map = object
            .as_object_mut()
            .ok_or_else(|| error("not an object"))?;
        if value.is_null() {
            map.remove(field);
        } else {
            map.insert(field.to_string(), value.clone());
        }
        *item = serde_json::from_value(object).map_err(|e| {
            error(format!(
                "the fix sets `{field}` to a value it cannot take: {e}"
            ))
        })?;
        Ok(())
    }
    match document {
        DocumentId::Request => update(&mut scenario.request, field, value),
        DocumentId::Role => update(&mut scenario.role, field, value),
        other => Err(error(format!(
            "the fix sets a field of `{other}`, which has no fields"
        ))),
    }
}
