//! Share links: `#s=` + base64url(raw DEFLATE(scenario JSON)), no padding.
//!
//! Decoding reads text from anywhere (a pasted link), so it never panics, never
//! allocates more than [`MAX_SCENARIO_BYTES`] of decompressed data and runs in
//! time linear in its input.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use miniz_oxide::inflate::TINFLStatus;

use crate::scenario::{Scenario, MAX_SCENARIO_BYTES};

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

    #[test]
    fn share_link_drops_the_base_fragment() {
        let link = share_link("http://127.0.0.1:8080/#old", &minimal());
        assert!(link.starts_with("http://127.0.0.1:8080/#s="));
    }
}
