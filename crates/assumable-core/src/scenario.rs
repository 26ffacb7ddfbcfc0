//! The scenario: one reproduced AssumeRole case, exactly as
//! `shared/scenario-format.md` defines it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::policy::PolicyKind;

/// A scenario as the page holds it, a share link encodes it and the CLI reads it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub request: Request,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_policies: Option<CallerPolicies>,
    pub role: Role,
    /// The error AWS actually printed, kept beside the evaluation (the
    /// contract's "What AWS said"); it never changes the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Observed>,
    /// Used by tests only; the evaluator ignores it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expectation>,
    /// Fields this version does not know, kept so that a round trip loses nothing.
    #[serde(flatten)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// `sts:AssumeRole` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(default)]
    pub caller: String,
    #[serde(default)]
    pub role_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_session_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// 3600 when absent. Kept as JSON so that a wrong type is reported, not rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa: Option<Mfa>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_identity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transitive_tag_keys: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<BTreeMap<String, ContextValue>>,
    /// Unknown request fields (often a misspelt one such as `externalId`):
    /// `request.format` warns about each.
    #[serde(flatten)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Request {
    pub const DEFAULT_ACTION: &'static str = "sts:AssumeRole";
    pub const DEFAULT_DURATION_SECONDS: i64 = 3600;

    pub fn action(&self) -> &str {
        self.action.as_deref().unwrap_or(Self::DEFAULT_ACTION)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Mfa {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_seconds: Option<u64>,
}

/// A context value: one string or several.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ContextValue {
    One(String),
    Many(Vec<String>),
}

impl ContextValue {
    pub fn values(&self) -> Vec<String> {
        match self {
            ContextValue::One(value) => vec![value.clone()],
            ContextValue::Many(values) => values.clone(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CallerPolicies {
    #[serde(default)]
    pub identity: Vec<PolicySource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<PolicySource>,
    /// One array per organization level (root, each OU, the account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scps: Option<Vec<Vec<PolicySource>>>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Role {
    pub trust_policy: PolicySource,
    /// 3600 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_session_duration: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rcps: Option<Vec<Vec<PolicySource>>>,
}

/// A policy document: pasted text (possibly malformed) or a JSON object.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum PolicySource {
    Text(String),
    Object(PolicyObject),
}

/// A policy given as a JSON value rather than text. Locations point into
/// its canonical pretty-printed text (2-space indent, key order kept),
/// written from the scenario's JSON without building a value tree, when
/// first asked for: a decision can do without it (see `written`).
#[derive(Clone, Debug)]
pub struct PolicyObject {
    /// The document's JSON text as the scenario wrote it, when read from
    /// JSON text. A decision reads it instead of the pretty text when the
    /// two differ only in white space (`policy::parse_policy_if_plain`).
    written: Option<Box<str>>,
    /// `None` when serde_json cannot read the values of `written` (a number
    /// out of its range, such as `1e400`), which it read over.
    pretty: OnceLock<Option<String>>,
}

impl PolicyObject {
    pub fn from_value(value: &serde_json::Value) -> PolicyObject {
        PolicyObject::from_pretty(
            serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string()),
        )
    }

    fn from_pretty(pretty: String) -> PolicyObject {
        PolicyObject {
            written: None,
            pretty: OnceLock::from(Some(pretty)),
        }
    }

    /// Transcodes one JSON value from any deserializer into pretty text.
    fn transcode<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<PolicyObject, D::Error> {
        let mut pretty = Vec::with_capacity(512);
        let mut writer = serde_json::Serializer::pretty(&mut pretty);
        serde_transcode::transcode(deserializer, &mut writer).map_err(serde::de::Error::custom)?;
        // serde_json writes only UTF-8.
        let pretty = String::from_utf8(pretty).map_err(serde::de::Error::custom)?;
        Ok(PolicyObject::from_pretty(pretty))
    }

    /// A document from its JSON text as the scenario wrote it (one JSON
    /// value that serde_json has read, not a string).
    #[cfg(feature = "as-written")]
    fn from_json_text(written: &str) -> PolicyObject {
        PolicyObject {
            written: Some(written.into()),
            pretty: OnceLock::new(),
        }
    }

    /// The pretty text; should serde_json refuse the values it read over
    /// (only an object kept as written), the text as written is still the
    /// document, and the checks say what is wrong.
    fn pretty(&self) -> &str {
        self.readable_pretty()
            .or(self.written.as_deref())
            .unwrap_or_default()
    }

    /// Without `as-written` every object is written pretty as it is read.
    #[cfg(not(feature = "as-written"))]
    fn readable_pretty(&self) -> Option<&str> {
        self.pretty.get().and_then(Option::as_deref)
    }

    /// The pretty text, written now if it was not yet; `None` when
    /// serde_json refuses the values.
    #[cfg(feature = "as-written")]
    fn readable_pretty(&self) -> Option<&str> {
        self.pretty
            .get_or_init(|| {
                let written = self.written.as_deref().unwrap_or_default();
                let mut reader = serde_json::Deserializer::from_str(written);
                PolicyObject::transcode(&mut reader)
                    .ok()
                    .and_then(|object| object.pretty.into_inner().flatten())
            })
            .as_deref()
    }
}

impl PartialEq for PolicyObject {
    fn eq(&self, other: &Self) -> bool {
        match (&self.written, &other.written) {
            (Some(mine), Some(theirs)) if mine == theirs => true,
            _ => self.pretty() == other.pretty(),
        }
    }
}

impl Eq for PolicyObject {}

/// Writes the text's own tokens, so that a document with a repeated key
/// (which the evaluator reports) keeps it through a share link or a save:
/// a `serde_json::Value` would keep only the last.
///
/// A document whose values serde_json refuses (kept as written: a number
/// out of its range) goes out as its text, a pasted policy, which every
/// face reads: transcoding it would fail half-written, and a share link or
/// a save would lose the whole case.
impl Serialize for PolicyObject {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = match self.written.as_deref() {
            Some(written) if self.readable_pretty().is_none() => {
                return serializer.serialize_str(written);
            }
            Some(written) => written,
            None => self.pretty(),
        };
        let mut reader = serde_json::Deserializer::from_str(text);
        serde_transcode::transcode(&mut reader, serializer)
    }
}

/// Reads a string as pasted text and anything else as a document. From
/// serde_json (with `as-written`) the value is taken as its JSON text,
/// checked without building anything and kept as written, to be written
/// pretty only when asked for; from any other deserializer (serde's buffer
/// of a tagged enum), or without the feature, it is transcoded.
impl<'de> Deserialize<'de> for PolicySource {
    #[cfg(feature = "as-written")]
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_newtype_struct(as_written::SERDE_JSON_RAW_VALUE, as_written::RawOrValue)
    }

    /// Without the `as-written` feature (the page), always transcoded.
    #[cfg(not(feature = "as-written"))]
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SourceVisitor)
    }
}

/// How serde_json gives a policy source as its JSON text (the `as-written`
/// feature): a string as pasted text, anything else as a document kept as
/// written.
#[cfg(feature = "as-written")]
mod as_written {
    use super::{PolicyObject, PolicySource, SourceVisitor};

    /// The name under which serde_json's deserializers give a value's JSON text
    /// (its `RawValue`); any other deserializer gives the value itself.
    pub(super) const SERDE_JSON_RAW_VALUE: &str = "$serde_json::private::RawValue";

    /// A policy source from its JSON text (serde_json) or its value.
    pub(super) struct RawOrValue;

    impl RawOrValue {
        fn from_json_text<E: serde::de::Error>(raw: &str) -> Result<PolicySource, E> {
            if raw.starts_with('"') {
                serde_json::from_str(raw)
                    .map(PolicySource::Text)
                    .map_err(E::custom)
            } else {
                Ok(PolicySource::Object(PolicyObject::from_json_text(raw)))
            }
        }
    }

    impl<'de> serde::de::Visitor<'de> for RawOrValue {
        type Value = PolicySource;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a policy document (a JSON object) or its text (a string)")
        }

        /// serde_json reading text.
        fn visit_str<E: serde::de::Error>(self, raw: &str) -> Result<PolicySource, E> {
            RawOrValue::from_json_text(raw)
        }

        /// serde_json gives the text as a map of one entry, the token to the
        /// text: both read without a copy of their own.
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<PolicySource, A::Error> {
            use serde::de::Error;
            match map.next_key_seed(RawText(IsToken))? {
                Some(true) => map.next_value_seed(RawText(RawOrValue)),
                _ => Err(A::Error::custom("expected serde_json's raw value")),
            }
        }

        /// Any other deserializer.
        fn visit_newtype_struct<D: serde::Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<PolicySource, D::Error> {
            deserializer.deserialize_any(SourceVisitor)
        }
    }

    /// A string read by `visitor`'s `visit_str`, borrowed where the
    /// deserializer can lend it.
    struct RawText<V>(V);

    impl<'de, V: serde::de::Visitor<'de>> serde::de::DeserializeSeed<'de> for RawText<V> {
        type Value = V::Value;

        fn deserialize<D: serde::Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<V::Value, D::Error> {
            deserializer.deserialize_str(self.0)
        }
    }

    /// Whether a key is serde_json's raw value token.
    struct IsToken;

    impl serde::de::Visitor<'_> for IsToken {
        type Value = bool;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("serde_json's raw value token")
        }

        fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<bool, E> {
            Ok(key == SERDE_JSON_RAW_VALUE)
        }
    }
}

/// Reads a string as pasted text and anything else as a document, in one
/// pass (serde's untagged enums buffer the whole value first).
struct SourceVisitor;

fn object<T: Serialize, E: serde::de::Error>(value: T) -> Result<PolicySource, E> {
    Ok(PolicySource::Object(PolicyObject::from_value(
        &serde_json::to_value(value).map_err(E::custom)?,
    )))
}

impl<'de> serde::de::Visitor<'de> for SourceVisitor {
    type Value = PolicySource;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a policy document (a JSON object) or its text (a string)")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<PolicySource, E> {
        Ok(PolicySource::Text(text.to_string()))
    }

    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<PolicySource, E> {
        Ok(PolicySource::Text(text))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<PolicySource, A::Error> {
        PolicyObject::transcode(serde::de::value::MapAccessDeserializer::new(map))
            .map(PolicySource::Object)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<PolicySource, A::Error> {
        PolicyObject::transcode(serde::de::value::SeqAccessDeserializer::new(seq))
            .map(PolicySource::Object)
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<PolicySource, E> {
        object(value)
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<PolicySource, E> {
        object(value)
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<PolicySource, E> {
        object(value)
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<PolicySource, E> {
        object(value)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<PolicySource, E> {
        object(())
    }
}

impl Default for PolicySource {
    fn default() -> Self {
        PolicySource::Text(String::new())
    }
}

impl PolicySource {
    /// A policy given as a JSON value.
    pub fn object(value: &serde_json::Value) -> PolicySource {
        PolicySource::Object(PolicyObject::from_value(value))
    }

    /// A policy given as a JSON value, read from its text with every key
    /// kept (a `serde_json::Value` keeps only the last of a repeated key,
    /// which the evaluator reports); `None` when the text is not JSON.
    pub fn object_from_text(text: &str) -> Option<PolicySource> {
        let mut reader = serde_json::Deserializer::from_str(text);
        let object = PolicyObject::transcode(&mut reader).ok()?;
        reader.end().ok()?;
        Some(PolicySource::Object(object))
    }

    /// The text that locations point into: the pasted text as it is, or an
    /// object's canonical pretty-printed form (2-space indent, key order kept).
    pub fn text(&self) -> &str {
        match self {
            PolicySource::Text(text) => text,
            PolicySource::Object(object) => object.pretty(),
        }
    }

    /// An object's JSON text as the scenario wrote it, when it was read
    /// from JSON text: what a decision reads when it can
    /// (`policy::parse_policy_if_plain`), so that the pretty text of
    /// [`PolicySource::text`] need not be written.
    pub fn as_written(&self) -> Option<&str> {
        match self {
            PolicySource::Object(object) => object.written.as_deref(),
            PolicySource::Text(_) => None,
        }
    }
}

/// What AWS said: the error message a person got, the check ids the message
/// itself names, and the identifiers it names (the denying policy's ARN).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Observed {
    #[serde(default)]
    pub message: String,
    /// Check ids, or `trust.*` when the message names the trust policy
    /// without saying which of its checks; empty when it names no policy type.
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default)]
    pub surfaces: Vec<String>,
    #[serde(flatten)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Expectation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    #[serde(default)]
    pub failing: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub underline: BTreeMap<String, Vec<String>>,
    /// For a check: the kinds of its fix and then of its alternatives, in
    /// order, each as `changes/applicability` (`"policy/unsafe"`,
    /// `"advice/safe"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fixes: BTreeMap<String, Vec<String>>,
    /// For a scenario with `observed`: whether the report agrees with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_agrees: Option<bool>,
    #[serde(flatten)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

/// Why a scenario's own JSON could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioError {
    pub message: String,
    /// 1-based; 0 when the error has no position.
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "line {}, column {}: {}",
                self.line, self.column, self.message
            )
        } else {
            f.write_str(&self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

/// Largest scenario text accepted (share links, pastes, files).
pub const MAX_SCENARIO_BYTES: usize = 4 * 1024 * 1024;

impl Scenario {
    /// Reads a scenario from JSON text, with a located error on failure.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        if text.len() > MAX_SCENARIO_BYTES {
            return Err(ScenarioError {
                message: format!(
                    "the scenario is {} bytes; at most {} are accepted",
                    text.len(),
                    MAX_SCENARIO_BYTES
                ),
                line: 0,
                column: 0,
            });
        }
        let located = |error: serde_json::Error| ScenarioError {
            message: describe_serde_error(&error),
            line: error.line(),
            column: error.column(),
        };
        // Editors on Windows start UTF-8 files with a byte-order mark, which
        // JSON does not allow but which says nothing about the scenario.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        serde_json::from_str(text).map_err(located)
    }

    /// Every policy document with its kind, in one fixed order: the trust
    /// policy, the identity policies, the boundary, the SCPs level by
    /// level, the RCPs level by level.
    pub(crate) fn policies_by_kind(&self) -> Vec<(PolicyKind, &PolicySource)> {
        let mut out = vec![(PolicyKind::Trust, &self.role.trust_policy)];
        if let Some(caller) = &self.caller_policies {
            out.extend(caller.identity.iter().map(|p| (PolicyKind::Identity, p)));
            out.extend(
                caller
                    .permissions_boundary
                    .iter()
                    .map(|p| (PolicyKind::PermissionsBoundary, p)),
            );
            out.extend(
                caller
                    .scps
                    .iter()
                    .flatten()
                    .flatten()
                    .map(|p| (PolicyKind::Scp, p)),
            );
        }
        out.extend(
            self.role
                .rcps
                .iter()
                .flatten()
                .flatten()
                .map(|p| (PolicyKind::Rcp, p)),
        );
        out
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

fn describe_serde_error(error: &serde_json::Error) -> String {
    let text = error.to_string();
    // serde_json appends " at line L column C"; the position is reported apart.
    match text.rfind(" at line ") {
        Some(at) => text.get(..at).unwrap_or(&text).to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_byte_order_mark_is_not_an_error() {
        let text = "\u{feff}{\"request\": {\"caller\": \"x\"}, \"role\": {\"trust_policy\": {}}}";
        let scenario = super::Scenario::from_json(text).unwrap();
        assert_eq!(scenario.request.caller, "x");
    }

    use super::*;

    /// Found by the `scenario_json` fuzz target: a document given as an
    /// object with a repeated key lost the repeat when written out (a share
    /// link), so the recipient saw a different case.
    #[test]
    fn an_object_policy_keeps_a_repeated_key_when_written_out() {
        let text = r#"{"request": {"caller": "c", "role_arn": "r"},
            "role": {"trust_policy": {"Statement": [{"Effect": "Deny", "Effect": "Allow"}]}}}"#;
        let scenario = Scenario::from_json(text).unwrap();
        assert_eq!(
            scenario.role.trust_policy.text().matches("Effect").count(),
            2
        );
        let again = Scenario::from_json(&scenario.to_json_pretty()).unwrap();
        assert_eq!(again, scenario);
        let linked = crate::share::decode_fragment(&crate::share::encode_fragment(&scenario));
        assert_eq!(linked.ok(), Some(scenario));
    }

    /// The contract: a policy given as an object is located in its canonical
    /// pretty-printed text, which is serde_json's pretty form of the value.
    #[test]
    fn object_policies_read_as_serde_json_pretty_text() {
        let values = [
            serde_json::json!({ "Version": "2012-10-17", "Statement": [] }),
            serde_json::json!({ "Statement": [{ "Effect": "Allow", "Principal": { "AWS": ["a", "b"] },
                "Condition": {} }], "Empty": [], "Nested": [[], [{}], [1, -2, 3.5, 1e300, 0.1]] }),
            serde_json::json!({ "Sid": "quote \" backslash \\ slash / tab \t newline \n cr \r bell \u{7} del \u{7f} é 😀 \u{8}\u{c}",
                "n": null, "t": true, "f": false, "big": u64::MAX, "neg": i64::MIN }),
            serde_json::json!(["top", "level", "array"]),
            serde_json::json!("text"),
            serde_json::json!(12),
            serde_json::json!(null),
        ];
        for value in values {
            let scenario_text = serde_json::json!({
                "request": { "caller": "c", "role_arn": "r" },
                "role": { "trust_policy": value }
            })
            .to_string();
            let scenario = Scenario::from_json(&scenario_text).expect("scenario reads");
            let expected = match &value {
                serde_json::Value::String(text) => text.clone(),
                other => serde_json::to_string_pretty(other).expect("prints"),
            };
            assert_eq!(scenario.role.trust_policy.text(), expected);
        }
    }

    /// Duplicate keys stay visible to the policy checker (a `Value` would
    /// silently keep only the last).
    #[test]
    fn duplicate_keys_of_an_object_policy_are_kept() {
        let scenario = Scenario::from_json(
            r#"{ "request": { "caller": "c", "role_arn": "r" },
                 "role": { "trust_policy": { "Effect": "Allow", "Effect": "Deny" } } }"#,
        )
        .expect("scenario reads");
        assert_eq!(
            scenario.role.trust_policy.text(),
            "{\n  \"Effect\": \"Allow\",\n  \"Effect\": \"Deny\"\n}"
        );
    }

    /// An object is kept as written, and its pretty text, written when
    /// asked for, is serde_json's; it equals the same document read any
    /// other way, and is written out with the same tokens.
    #[cfg(feature = "as-written")]
    #[test]
    fn an_object_is_kept_as_written_and_written_pretty_when_asked() {
        let depth = 100;
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(depth), "]".repeat(depth));
        for written in [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow",	"Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":true}}}]}"#,
            r#"{"Sid":"caf\u00e9"}"#,
            r#"{"Sid":"a\/b"}"#,
            r#"{"Version":1e2}"#,
            r#"{"Statement":[{"Condition":{"NumericLessThan":{"k":-5}}}]}"#,
            r#"["not", "an", "object"]"#,
            deep.as_str(),
        ] {
            let trust = trust_of(&format!(
                r#"{{"request":{{"caller":"c","role_arn":"r"}},"role":{{"trust_policy": {written} }}}}"#
            ));
            assert_eq!(trust.as_written(), Some(written));
            let value: serde_json::Value = serde_json::from_str(written).expect("JSON");
            let pretty = serde_json::to_string_pretty(&value).expect("prints");
            assert_eq!(trust.text(), pretty, "{written}");
            assert_eq!(trust, PolicySource::object(&value));
            assert_eq!(
                serde_json::to_value(&trust).expect("writes"),
                serde_json::to_value(PolicySource::object(&value)).expect("writes")
            );
        }
    }

    /// A document serde_json reads over but whose values it refuses (a
    /// number out of its range) is its own text: no panic, and the checks
    /// see it. Written out (a share link, a save), it goes as that text, a
    /// pasted policy, which reads back to the same decision: never an empty
    /// case.
    #[cfg(feature = "as-written")]
    #[test]
    fn an_object_serde_json_cannot_write_pretty_is_its_text() {
        let written = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":1e400}}}]}"#;
        let scenario = Scenario::from_json(&format!(
            r#"{{"request":{{"caller":"arn:aws:iam::111111111111:user/a","role_arn":"arn:aws:iam::111111111111:role/r"}},"role":{{"trust_policy":{written}}}}}"#
        ))
        .expect("scenario reads");
        assert_eq!(scenario.role.trust_policy.text(), written);
        let again = Scenario::from_json(&scenario.to_json_pretty()).expect("reads back");
        assert_eq!(
            again.role.trust_policy,
            PolicySource::Text(written.to_string())
        );
        assert_eq!(
            crate::decide(&again),
            crate::decide(&scenario),
            "the same case"
        );
        let linked = crate::share::decode_fragment(&crate::share::encode_fragment(&scenario));
        assert_eq!(linked.ok(), Some(again));
    }

    #[cfg(feature = "as-written")]
    fn trust_of(scenario_text: &str) -> PolicySource {
        Scenario::from_json(scenario_text)
            .expect("scenario reads")
            .role
            .trust_policy
    }
}
