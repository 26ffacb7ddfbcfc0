//! The bindings in node: `wasm-pack test --node --mode no-install crates/assumable-wasm --test node`.

// Only meaningful in wasm; a native `cargo test --workspace` compiles nothing here.
#![cfg(target_arch = "wasm32")]

mod common;

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    common::version_is_the_crate_version();
}

#[wasm_bindgen_test]
fn json_text_gives_a_report() {
    common::json_text_gives_a_report();
}

#[wasm_bindgen_test]
fn object_gives_the_same_report_as_its_text() {
    common::object_gives_the_same_report_as_its_text();
}

#[wasm_bindgen_test]
fn invalid_json_gives_a_located_error() {
    common::invalid_json_gives_a_located_error();
}

#[wasm_bindgen_test]
fn missing_required_field_is_an_error() {
    common::missing_required_field_is_an_error();
}

#[wasm_bindgen_test]
fn values_that_are_not_scenarios_are_errors_not_throws() {
    common::values_that_are_not_scenarios_are_errors_not_throws();
}

#[wasm_bindgen_test]
fn object_that_json_cannot_hold_is_an_error_not_a_throw() {
    common::object_that_json_cannot_hold_is_an_error_not_a_throw();
}

#[wasm_bindgen_test]
fn object_errors_have_no_position() {
    common::object_errors_have_no_position();
}

#[wasm_bindgen_test]
fn malformed_policy_text_still_gives_a_report() {
    common::malformed_policy_text_still_gives_a_report();
}

#[wasm_bindgen_test]
fn import_reads_an_access_denied_message() {
    common::import_reads_an_access_denied_message();
}

#[wasm_bindgen_test]
fn import_merges_into_a_scenario_and_lists_the_unrecognised() {
    common::import_merges_into_a_scenario_and_lists_the_unrecognised();
}

#[wasm_bindgen_test]
fn import_of_values_that_are_not_inputs_is_an_error_not_a_throw() {
    common::import_of_values_that_are_not_inputs_is_an_error_not_a_throw();
}

#[wasm_bindgen_test]
fn commands_give_the_three_sections_and_the_script() {
    common::commands_give_the_three_sections_and_the_script();
}

#[wasm_bindgen_test]
fn import_text_reads_one_paste() {
    common::import_text_reads_one_paste();
}

/// The package's allocator (`src/arena.rs`): a call's blocks are bumped
/// from one chunk and the chunk starts over once they are all freed.
mod arena {
    use assumable_wasm::arena::{scoped, stats, unscoped, Stats};
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::wasm_bindgen_test;

    const EMPTY: Stats = Stats {
        live: 0,
        used: 0,
        set_aside: None,
        off: false,
    };

    #[wasm_bindgen_test]
    fn a_call_that_frees_its_blocks_leaves_the_chunk_empty() {
        assert_eq!(stats(), EMPTY);
        let inside = scoped(|| {
            let words: Vec<String> = (0..100).map(|n| format!("word {n}")).collect();
            let joined = words.join(",");
            assert!(joined.starts_with("word 0,word 1,"));
            stats()
        });
        assert!(inside.live >= 101, "{inside:?}");
        assert_eq!(stats(), EMPTY);
    }

    /// A tiny deterministic generator (no dependency for a test).
    struct Lcg(u64);
    impl Lcg {
        fn below(&mut self, bound: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % bound
        }
    }

    #[repr(align(64))]
    struct Aligned([u8; 64]);

    #[wasm_bindgen_test]
    fn blocks_keep_their_contents_while_others_come_grow_shrink_and_go() {
        scoped(|| {
            let mut random = Lcg(13);
            // (tag, block): every byte of a block is its tag.
            let mut bytes: Vec<(u8, Vec<u8>)> = Vec::new();
            let mut words: Vec<(u64, Vec<u64>)> = Vec::new();
            let mut aligned: Vec<(u8, Box<Aligned>)> = Vec::new();
            for step in 0..4_000u64 {
                let tag = (step % 251) as u8;
                match random.below(7) {
                    0 | 1 => {
                        // Up to 40 KiB: some blocks spill past the chunk.
                        let size = 1 + random.below(if step % 97 == 0 { 40_000 } else { 700 });
                        bytes.push((tag, vec![tag; size as usize]));
                    }
                    2 => words.push((step, vec![step; 1 + random.below(50) as usize])),
                    3 => aligned.push((tag, Box::new(Aligned([tag; 64])))),
                    4 if !bytes.is_empty() => {
                        let at = random.below(bytes.len() as u64) as usize;
                        let more = random.below(300) as usize;
                        if let Some((tag, block)) = bytes.get_mut(at) {
                            // Grows, in place when it is the topmost block.
                            block.extend(std::iter::repeat_n(*tag, more));
                        }
                    }
                    5 if !bytes.is_empty() => {
                        let at = random.below(bytes.len() as u64) as usize;
                        if let Some((_, block)) = bytes.get_mut(at) {
                            block.truncate(block.len() / 2 + 1);
                            block.shrink_to_fit();
                        }
                    }
                    _ => {
                        if !bytes.is_empty() {
                            bytes.swap_remove(random.below(bytes.len() as u64) as usize);
                        }
                        if random.below(2) == 0 && !words.is_empty() {
                            words.swap_remove(random.below(words.len() as u64) as usize);
                        }
                        if random.below(2) == 0 && !aligned.is_empty() {
                            aligned.swap_remove(random.below(aligned.len() as u64) as usize);
                        }
                    }
                }
                for (tag, block) in &bytes {
                    assert!(block.iter().all(|byte| byte == tag), "step {step}");
                }
                for (tag, block) in &words {
                    assert!(block.iter().all(|word| word == tag), "step {step}");
                }
                for (tag, block) in &aligned {
                    assert_eq!(std::ptr::from_ref(&**block) as usize % 64, 0);
                    assert!(block.0.iter().all(|byte| byte == tag), "step {step}");
                }
            }
        });
        assert_eq!(stats(), EMPTY);
    }

    #[wasm_bindgen_test]
    fn a_block_that_outlives_its_call_is_never_given_out_again() {
        assert_eq!(stats(), EMPTY);
        let kept = scoped(|| Box::new([7u8; 100]));
        assert_eq!(stats().set_aside, Some(1));
        assert_eq!(stats().live, 0);
        // The next call takes a new chunk; its blocks never overlap the kept one.
        scoped(|| {
            let others: Vec<Vec<u8>> = (0..200).map(|_| vec![0xff; 100]).collect();
            assert!(others.iter().flatten().all(|byte| *byte == 0xff));
        });
        assert!(kept.iter().all(|byte| *byte == 7));
        drop(kept);
        assert_eq!(stats(), EMPTY);
    }

    #[wasm_bindgen_test]
    fn what_is_made_outside_the_arena_sets_nothing_aside() {
        let kept = scoped(|| {
            let inside = vec![1u8; 64];
            unscoped(|| inside.clone())
        });
        assert_eq!(stats(), EMPTY);
        assert_eq!(kept, vec![1u8; 64]);
    }

    #[wasm_bindgen_test]
    fn decisions_and_reports_leave_the_arena_empty_and_memory_flat() {
        use wasm_bindgen::JsCast;
        // Short enough to be read as a string, and a corpus case long enough
        // to be encoded into a buffer (over 512 UTF-16 units).
        let scenarios = [
            JsValue::from_str(crate::common::SCENARIO_JSON),
            JsValue::from_str(include_str!("../../../tests/cases/allow/external-id.json")),
        ];
        let memory = || {
            wasm_bindgen::memory()
                .unchecked_into::<js_sys::WebAssembly::Memory>()
                .buffer()
                .unchecked_into::<js_sys::ArrayBuffer>()
                .byte_length()
        };
        for scenario in &scenarios {
            for _ in 0..10 {
                assumable_wasm::decide(scenario.clone());
                assumable_wasm::evaluate_json(scenario.clone());
            }
        }
        let before = memory();
        for scenario in &scenarios {
            for _ in 0..1_000 {
                assumable_wasm::decide(scenario.clone());
                assert_eq!(stats(), EMPTY);
            }
            let report = assumable_wasm::evaluate_json(scenario.clone());
            assert!(report.starts_with(r#"{"ok":true"#), "{report}");
            assert_eq!(stats(), EMPTY);
        }
        assert_eq!(memory(), before);
    }
}
