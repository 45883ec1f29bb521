//! The C ABI of cop (filled in by the bindings work).

use std::ffi::c_char;

/// The library version as a NUL-terminated UTF-8 string with static lifetime; never free it.
#[unsafe(no_mangle)]
pub extern "C" fn cop_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}
