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
