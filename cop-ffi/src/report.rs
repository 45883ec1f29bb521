//! Reports and summaries, as JSON.
//!
//! Every report of the core leaves through the same shape:
//! `cop_landscape_<report>_json(const CopLandscape *landscape, arguments…, char **out_json)`,
//! serialising the core's report type with serde ([`json_out`]), so that adding a report to the
//! C API is one short function and the JSON matches the Python and command-line output.

use std::ffi::c_char;

use serde::Serialize;

use crate::args::{Out, hand_out, owned_string};
use crate::error::{CopStatus, Failure};
use crate::landscape::{CopLandscape, landscape_ref};

/// Hands a report out as a JSON string.
pub(crate) fn json_out<T: Serialize>(report: &T, out_json: Out<*mut c_char>) -> Result<(), Failure> {
    let json = serde_json::to_string(report).expect("reports serialise to JSON");
    hand_out(out_json, owned_string(json, "report")?);
    Ok(())
}

/// A first look at a landscape as JSON: counts, members with events of their own, the first and
/// last event, events per kind and the `top` busiest domains:
/// `{"counts":{"members":…,"events":…,"communities":…,"domains":…,"artifacts":…},
/// "acting_members":…,"first_event":"2011-02-13T18:41:18Z","last_event":…,
/// "events_per_kind":[{"name":"commit","events":…},…],"busiest_domains":[{"name":…,"events":…},…]}`.
///
/// - `landscape`: not NULL; only read.
/// - `out_json`: not NULL; on success receives the JSON, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_summary_json(
    landscape: *const CopLandscape,
    top: usize,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, out_json) =
            unsafe { (landscape_ref(landscape)?, Out::required(out_json, "out_json")?) };
        json_out(&landscape.summary(top), out_json)
    })
}
