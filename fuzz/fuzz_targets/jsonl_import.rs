#![no_main]
//! Fuzz target `jsonl_import`: see `checks::jsonl_import`.

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::jsonl_import(data));
