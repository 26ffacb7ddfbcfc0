//! Share links: `#s=` + base64url(raw DEFLATE(scenario JSON)), no padding.
//!
//! A link made with Redact on says so inside its scenario, in the added field
//! [`REDACTED_KEY`] (the contract lets fields be added, and every reader that
//! keeps unknown fields carries it along): a marker in the fragment itself
//! would make the link unreadable to every decoder written before it.
//!
//! Decoding reads text from anywhere (a pasted link), so it never panics, never
//! allocates more than [`MAX_SCENARIO_BYTES`] of decompressed data and runs in
//! time linear in its input.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use miniz_oxide::inflate::TINFLStatus;

use crate::redact::{redact_with_notes, Redaction};
use crate::scenario::{Scenario, MAX_SCENARIO_BYTES};

/// The scenario field that marks a case as redacted before it was shared:
/// `"redacted": {"kept": ["kept role name `x`: …", …]}`, `kept` saying which
/// values the redaction left as they were. The evaluator ignores it.
pub const REDACTED_KEY: &str = "redacted";

/// What a redacted case says about its redaction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RedactedMark {
    /// One sentence per value left as it was (so the case still evaluates
    /// the same); empty when everything was replaced or the link does not say.
    pub kept: Vec<String>,
}

/// The scenario redacted for sharing ([`redact_with_notes`]), marked as
/// redacted so that whoever opens its link is told.
pub fn redact_for_sharing(scenario: &Scenario) -> Redaction {
    let mut redaction = redact_with_notes(scenario);
    let kept = redaction
        .kept
        .iter()
        .map(|note| serde_json::Value::String(note.clone()))
        .collect();
    redaction.scenario.unknown.insert(
        REDACTED_KEY.to_string(),
        serde_json::json!({ "kept": serde_json::Value::Array(kept) }),
    );
    redaction
}

/// The scenario field of a link shared as an exercise (`"exercise": true`):
/// the page opens the case with its answer hidden until the learner picks
/// the failing check. The page takes it out when it opens the link, so that
/// the case a learner then keeps or shares is an ordinary one.
pub const EXERCISE_KEY: &str = "exercise";

/// The scenario marked to open as an exercise.
pub fn as_exercise(scenario: &Scenario) -> Scenario {
    let mut marked = scenario.clone();
    marked
        .unknown
        .insert(EXERCISE_KEY.to_string(), serde_json::Value::Bool(true));
    marked
}

/// Takes the exercise mark out of a scenario: whether it was one (`true`).
pub fn take_exercise(scenario: &mut Scenario) -> bool {
    scenario.unknown.remove(EXERCISE_KEY) == Some(serde_json::Value::Bool(true))
}

/// Whether a scenario was redacted before it was shared, and what was kept.
///
/// Read leniently, since a link can come from anywhere: `true` or an object
/// marks it (a `kept` that is not a list of strings is ignored); `false`,
/// `null` or no field does not.
pub fn redacted_mark(scenario: &Scenario) -> Option<RedactedMark> {
    match scenario.unknown.get(REDACTED_KEY)? {
        serde_json::Value::Bool(true) => Some(RedactedMark::default()),
        serde_json::Value::Object(fields) => {
            let kept = fields
                .get("kept")
                .and_then(serde_json::Value::as_array)
                .map(|notes| {
                    notes
                        .iter()
                        .filter_map(serde_json::Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            Some(RedactedMark { kept })
        }
        _ => None,
    }
}

/// Why a fragment could not be turned back into a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareError {
    pub message: String,
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ShareError {}

impl ShareError {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

/// Best compression miniz offers; links are made rarely and read often.
const COMPRESSION_LEVEL: u8 = 9;

/// Encodes without padding; decodes with or without it, and tolerates
/// non-zero trailing bits (some encoders leave them).
const LINK_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Base64 of a DEFLATE stream is at most about 4/3 of it, and DEFLATE never
/// grows its input by more than a few bytes per 64 KiB block; anything longer
/// cannot hold a scenario of accepted size, so it is refused before decoding.
const MAX_PAYLOAD_CHARS: usize = MAX_SCENARIO_BYTES / 3 * 4 + 64 * 1024;

/// The fragment payload (what follows `#s=`) for a scenario.
pub fn encode_fragment(scenario: &Scenario) -> String {
    // Serializing a Scenario cannot fail: every map key is a string.
    let json = serde_json::to_vec(scenario).unwrap_or_default();
    let compressed = miniz_oxide::deflate::compress_to_vec(&json, COMPRESSION_LEVEL);
    LINK_BASE64.encode(compressed)
}

/// The scenario a fragment payload (what follows `#s=`) holds.
///
/// Accepts the payload alone, with a leading `#s=` or `s=`, or a whole link;
/// whitespace (a link wrapped over lines) and `=` padding are ignored, and the
/// standard base64 alphabet (`+`, `/`) is read too.
pub fn decode_fragment(payload: &str) -> Result<Scenario, ShareError> {
    let json = decode_fragment_json(payload)?;
    parse_scenario(&json)
}

/// The scenario JSON text a fragment payload holds, not yet parsed.
pub fn decode_fragment_json(payload: &str) -> Result<String, ShareError> {
    let payload = strip_link_prefix(payload);
    if payload.len() > MAX_PAYLOAD_CHARS {
        return Err(ShareError::new(format!(
            "the link is too large: {} characters; a scenario of at most {} bytes never \
            needs more than {}",
            payload.len(),
            MAX_SCENARIO_BYTES,
            MAX_PAYLOAD_CHARS
        )));
    }
    let cleaned: String = payload
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            other => other,
        })
        .collect();
    let cleaned = cleaned.trim_end_matches('=');
    if cleaned.is_empty() {
        return Err(ShareError::new(
            "the link holds no scenario (nothing follows `#s=`)",
        ));
    }
    if let Some((at, bad)) = cleaned
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(ShareError::new(format!(
            "the link is not base64url: `{}` at position {} is not a base64url character",
            bad.escape_default(),
            at + 1
        )));
    }
    let compressed = LINK_BASE64.decode(cleaned).map_err(|error| match error {
        // A length no encoder produces: the end of the link is missing.
        base64::DecodeError::InvalidLength(_) => ShareError::new(
            "the link is cut short: its data ends mid-character (was the whole link copied?)",
        ),
        other => ShareError::new(format!("the link is not base64url: {other}")),
    })?;
    let json = inflate_limited(&compressed)?;
    String::from_utf8(json).map_err(|error| {
        ShareError::new(format!(
            "the link's scenario is not UTF-8 text (invalid byte at offset {})",
            error.utf8_error().valid_up_to()
        ))
    })
}

/// A full link: `base` (without fragment) + `#s=` + payload.
pub fn share_link(base: &str, scenario: &Scenario) -> String {
    format!(
        "{}#s={}",
        base.split('#').next().unwrap_or(base),
        encode_fragment(scenario)
    )
}

/// Drops a whole link's address, `#`, and the `s=` key, leaving the payload.
fn strip_link_prefix(payload: &str) -> &str {
    let trimmed = payload.trim();
    // Neither `#` nor `=` followed by more text occurs in a payload, so the
    // last `#` starts the fragment of a whole link.
    let fragment = trimmed
        .rfind('#')
        .map_or(trimmed, |at| trimmed.get(at + 1..).unwrap_or_default());
    let fragment = fragment.trim_start();
    fragment.strip_prefix("s=").unwrap_or(fragment)
}

fn inflate_limited(compressed: &[u8]) -> Result<Vec<u8>, ShareError> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(compressed, MAX_SCENARIO_BYTES).map_err(
        |error| match error.status {
            TINFLStatus::HasMoreOutput => ShareError::new(format!(
                "the link's scenario is too large: it inflates to more than \
                {MAX_SCENARIO_BYTES} bytes"
            )),
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => ShareError::new(
                "the link's data is not DEFLATE-compressed or is cut short (was the \
                whole link copied?)",
            ),
            _ => ShareError::new("the link's data is not DEFLATE-compressed"),
        },
    )
}

fn parse_scenario(json: &str) -> Result<Scenario, ShareError> {
    serde_json::from_str::<Scenario>(json).map_err(|error| {
        let text = error.to_string();
        // serde_json appends " at line L column C"; the position is said apart.
        let message = text
            .rfind(" at line ")
            .and_then(|at| text.get(..at))
            .unwrap_or(&text);
        let what = match error.classify() {
            serde_json::error::Category::Data => "is not a valid scenario",
            _ => "is not valid JSON",
        };
        ShareError::new(format!(
            "the link's scenario {what} at line {} column {}: {message}",
            error.line(),
            error.column()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal() -> Scenario {
        Scenario::from_json(
            r#"{"request":{"caller":"arn:aws:iam::111111111111:user/a","role_arn":"arn:aws:iam::222222222222:role/r"},
                "role":{"trust_policy":"{ \"Version\": \"2012-10-17\" }"}}"#,
        )
        .expect("scenario")
    }

    #[test]
    fn payload_is_base64url_without_padding() {
        let payload = encode_fragment(&minimal());
        assert!(!payload.is_empty());
        assert!(payload
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }

    #[test]
    fn prefixes_and_whole_links_are_accepted() {
        let scenario = minimal();
        let payload = encode_fragment(&scenario);
        for input in [
            payload.clone(),
            format!("#s={payload}"),
            format!("s={payload}"),
            format!("http://127.0.0.1:8080/#s={payload}"),
            format!("  {}\n{}  ", &payload[..10], &payload[10..]),
        ] {
            assert_eq!(decode_fragment(&input), Ok(scenario.clone()), "{input}");
        }
    }

    /// Issue #11: a redacted link tells its reader so, inside the scenario,
    /// and survives the round trip; an ordinary link carries no mark.
    #[test]
    fn a_redacted_link_carries_its_mark_and_what_was_kept() {
        let mut scenario = minimal();
        scenario.request.caller = "arn:aws:iam::111111111111:user/alice".into();
        let redaction = redact_for_sharing(&scenario);
        let decoded = decode_fragment(&encode_fragment(&redaction.scenario)).expect("decodes");
        assert_eq!(
            redacted_mark(&decoded),
            Some(RedactedMark {
                kept: redaction.kept.clone()
            })
        );
        assert!(!decoded.request.caller.contains("111111111111"));
        assert!(!decoded.request.caller.contains("alice"));
        let plain = decode_fragment(&encode_fragment(&scenario)).expect("decodes");
        assert_eq!(redacted_mark(&plain), None);
    }

    #[test]
    fn the_mark_is_read_leniently() {
        let read = |json: &str| {
            let mut scenario = minimal();
            let value: serde_json::Value = serde_json::from_str(json).expect("json");
            scenario.unknown.insert(REDACTED_KEY.into(), value);
            redacted_mark(&scenario)
        };
        assert_eq!(read("true"), Some(RedactedMark::default()));
        assert_eq!(read("{}"), Some(RedactedMark::default()));
        assert_eq!(
            read(r#"{"kept": ["kept role name `ci-*`: a pattern", 7]}"#),
            Some(RedactedMark {
                kept: vec!["kept role name `ci-*`: a pattern".into()]
            })
        );
        assert_eq!(read(r#"{"kept": "x"}"#), Some(RedactedMark::default()));
        assert_eq!(read("false"), None);
        assert_eq!(read("null"), None);
    }

    #[test]
    fn an_exercise_link_says_so_once() {
        let scenario = minimal();
        let mut opened =
            decode_fragment(&encode_fragment(&as_exercise(&scenario))).expect("decodes");
        assert!(take_exercise(&mut opened));
        assert_eq!(opened, scenario, "the opened case is the ordinary one");
        assert!(!take_exercise(&mut opened));
    }

    /// Links made before the mark existed open exactly as before.
    #[test]
    fn an_old_link_opens_unchanged() {
        let scenario = minimal();
        let payload = encode_fragment(&scenario);
        let decoded = decode_fragment(&payload).expect("decodes");
        assert_eq!(decoded, scenario);
        assert!(decoded.unknown.is_empty());
    }

    #[test]
    fn share_link_drops_the_base_fragment() {
        let link = share_link("http://127.0.0.1:8080/#old", &minimal());
        assert!(link.starts_with("http://127.0.0.1:8080/#s="));
    }
}
