#![no_main]
//! Fuzz target `options`: see `checks::options`.

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::options(data));
