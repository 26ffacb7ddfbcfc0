//! The share-link decoder: any text gives a scenario or an error, and a
//! decoded scenario encodes to a link that decodes to it again.
#![no_main]

use assumable_core::share::{decode_fragment, encode_fragment};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(scenario) = decode_fragment(text) {
        let again = decode_fragment(&encode_fragment(&scenario));
        assert_eq!(again.ok().as_ref(), Some(&scenario), "a link round-trips");
    }
});
