#![no_main]
//! Fuzz target `coded_batch`: see `checks::coded_batch`.

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::coded_batch(data));
