#![no_main]
//! Fuzz target `snapshot`: see `checks::snapshot`.

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::snapshot(data));
