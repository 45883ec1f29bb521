#![no_main]
//! Fuzz target `people`: see `checks::people`.

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::people(data));
