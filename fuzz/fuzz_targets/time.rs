#![no_main]
//! Fuzz target `time`: see `checks::time`.

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::time(data));
