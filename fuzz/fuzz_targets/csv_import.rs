#![no_main]
//! Fuzz target `csv_import`: see `checks::csv_import`.

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::csv_import(data));
