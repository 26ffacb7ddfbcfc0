//! Share links round-trip every corpus case and refuse hostile payloads
//! with a clear message, never a panic.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers, not only #[test] functions (clippy.toml), may fail loudly"
)]

use std::path::PathBuf;

use assumable_core::share::{decode_fragment, encode_fragment, share_link};
use assumable_core::Scenario;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use proptest::prelude::*;

mod common;

fn corpus() -> Vec<(PathBuf, String)> {
    common::case_files()
        .into_iter()
        .map(|case| (case.path, case.text))
        .collect()
}

/// One small case, for tests that need any valid scenario.
fn one_case() -> (PathBuf, String) {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases/allow/external-id.json");
    let text = std::fs::read_to_string(&path).expect("readable case");
    (path, text)
}

#[test]
fn every_corpus_case_round_trips() {
    for (path, text) in corpus() {
        let scenario = Scenario::from_json(&text).expect("case parses");
        let payload = encode_fragment(&scenario);
        let back =
            decode_fragment(&payload).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        assert_eq!(back, scenario, "{}", path.display());
        // Also through a whole link, as the page's address bar holds it.
        let link = share_link("http://127.0.0.1:8080/", &scenario);
        assert_eq!(decode_fragment(&link).as_ref(), Ok(&scenario));
        // The payload is the compact JSON, deflated: smaller than the file.
        assert!(payload.len() < text.len(), "{}", path.display());
    }
}

#[test]
fn padded_payload_is_accepted() {
    let (_, text) = one_case();
    let scenario = Scenario::from_json(&text).expect("case parses");
    let mut payload = encode_fragment(&scenario);
    while !payload.len().is_multiple_of(4) {
        payload.push('=');
    }
    assert_eq!(decode_fragment(&payload), Ok(scenario));
}

fn error_of(payload: &str) -> String {
    decode_fragment(payload)
        .expect_err("must be refused")
        .message
}

#[test]
fn garbage_is_not_base64url() {
    assert!(error_of("not a link!").starts_with("the link is not base64url"));
    assert!(error_of("#s=%7B%7D").starts_with("the link is not base64url"));
}

#[test]
fn empty_payload_says_so() {
    assert!(error_of("#s=").contains("holds no scenario"));
    assert!(error_of("").contains("holds no scenario"));
}

#[test]
fn base64_of_non_deflate_is_refused() {
    // Base64url of plain JSON text: valid base64, but not a DEFLATE stream.
    let payload = URL_SAFE_NO_PAD.encode(br#"{"request":{}}"#);
    assert!(error_of(&payload).contains("not DEFLATE-compressed"));
}

#[test]
fn truncated_link_is_refused() {
    let (_, text) = one_case();
    let scenario = Scenario::from_json(&text).expect("case parses");
    let payload = encode_fragment(&scenario);
    for cut in (1..payload.len()).step_by(7) {
        let message = error_of(&payload[..cut]);
        assert!(
            message.contains("DEFLATE")
                || message.contains("not valid JSON")
                || message.contains("cut short"),
            "{message}"
        );
    }
}

#[test]
fn decompression_bomb_is_refused() {
    // 8 MiB of zeros, twice the limit, deflate to a few KiB.
    let zeros = vec![0u8; 8 * 1024 * 1024];
    let bomb = miniz_oxide::deflate::compress_to_vec(&zeros, 9);
    let payload = URL_SAFE_NO_PAD.encode(bomb);
    assert!(error_of(&payload).contains("too large"));
}

#[test]
fn oversized_payload_is_refused_before_decoding() {
    let payload = "A".repeat(8 * 1024 * 1024);
    assert!(error_of(&payload).contains("too large"));
}

#[test]
fn deflated_non_json_names_line_and_column() {
    let compressed = miniz_oxide::deflate::compress_to_vec(b"{\n  \"request\": nope }", 9);
    let message = error_of(&URL_SAFE_NO_PAD.encode(compressed));
    assert!(
        message.starts_with("the link's scenario is not valid JSON at line 2 column"),
        "{message}"
    );
}

#[test]
fn deflated_json_of_wrong_shape_is_not_a_scenario() {
    let compressed = miniz_oxide::deflate::compress_to_vec(br#"{"request": 3, "role": {}}"#, 9);
    let message = error_of(&URL_SAFE_NO_PAD.encode(compressed));
    assert!(
        message.starts_with("the link's scenario is not a valid scenario at line 1"),
        "{message}"
    );
}

#[test]
fn deflated_non_utf8_is_refused() {
    let compressed = miniz_oxide::deflate::compress_to_vec(&[0xff, 0xfe, 0x00], 9);
    assert!(error_of(&URL_SAFE_NO_PAD.encode(compressed)).contains("not UTF-8"));
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        let _ = decode_fragment(&text);
    }

    #[test]
    fn arbitrary_base64url_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = decode_fragment(&URL_SAFE_NO_PAD.encode(&bytes));
    }

    #[test]
    fn corrupted_links_never_panic(flip in 0usize..10_000, byte in any::<u8>()) {
        let (_, text) = one_case();
        let scenario = Scenario::from_json(&text).expect("case parses");
        let mut compressed = URL_SAFE_NO_PAD.decode(encode_fragment(&scenario)).expect("own payload");
        let at = flip % compressed.len();
        compressed[at] ^= byte;
        let _ = decode_fragment(&URL_SAFE_NO_PAD.encode(&compressed));
    }
}
