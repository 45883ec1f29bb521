//! Times from text: the core's one time parser, for `as_of` dates and event times given as
//! strings.

use std::ffi::c_char;

use cop_core::CopError;

use crate::args::{Out, text};
use crate::error::CopStatus;

fn parsed(
    text_ptr: *const c_char,
    out_seconds: *mut i64,
    parse: fn(&str) -> Result<i64, cop_core::model::time::TimeError>,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let input = unsafe { text(text_ptr, "text") }?;
        // SAFETY: the caller's contract.
        let out = unsafe { Out::required(out_seconds, "out_seconds") }?;
        let seconds = parse(input)
            .map_err(|e| CopError::InvalidValue { field: "time".to_owned(), message: e.to_string() })?;
        out.write(seconds);
        Ok(())
    })
}

/// Reads an event time from text, as event files and the command read it: RFC 3339
/// (`2024-02-01T10:00:00Z`, any offset), a date and time in UTC (`2024-02-01 10:00:00`), a date
/// (`2024-02-01`: the start of that day, UTC) or a Unix epoch number read by its magnitude
/// (below 1e11 seconds, below 1e14 milliseconds, below 1e17 microseconds, below 1e19
/// nanoseconds; negative numbers and larger ones are refused).
///
/// - `text`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `out_seconds`: not NULL; receives seconds since the Unix epoch (UTC) on success.
///
/// Errors: `COP_STATUS_INVALID_VALUE` (field `time`) for text that is not a time, naming the
/// forms that are read; `COP_STATUS_INVALID_UTF8`; `COP_STATUS_NULL_ARGUMENT`.
/// Thread-safety: may run concurrently with any call.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_parse_time(text: *const c_char, out_seconds: *mut i64) -> CopStatus {
    parsed(text, out_seconds, cop_core::model::time::parse_time)
}

/// Reads the date of an analysis (`as_of`) from text, as the command's `--as-of` reads it: as
/// `cop_parse_time()`, except that a date alone (`2024-02-01`) is the end of that day
/// (`2024-02-01T23:59:59Z`), so that the day's events count.
///
/// - `text`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `out_seconds`: not NULL; receives seconds since the Unix epoch (UTC) on success, to pass
///   as the `as_of` of an analysis.
///
/// Errors: `COP_STATUS_INVALID_VALUE` (field `time`) for text that is not a date;
/// `COP_STATUS_INVALID_UTF8`; `COP_STATUS_NULL_ARGUMENT`.
/// Thread-safety: may run concurrently with any call.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_parse_as_of(text: *const c_char, out_seconds: *mut i64) -> CopStatus {
    parsed(text, out_seconds, cop_core::model::time::parse_as_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_the_command_reads_them() {
        let mut seconds = 0i64;
        // SAFETY: valid pointers.
        unsafe {
            assert_eq!(cop_parse_as_of(c"2024-02-01".as_ptr(), &mut seconds), CopStatus::Ok);
            assert_eq!(seconds, 1_706_745_600 + 86_399);
            assert_eq!(cop_parse_time(c"2024-02-01".as_ptr(), &mut seconds), CopStatus::Ok);
            assert_eq!(seconds, 1_706_745_600);
            assert_eq!(cop_parse_time(c"1706745600000".as_ptr(), &mut seconds), CopStatus::Ok);
            assert_eq!(seconds, 1_706_745_600);
            assert_eq!(cop_parse_time(c"1e20".as_ptr(), &mut seconds), CopStatus::InvalidValue);
            assert_eq!(seconds, 1_706_745_600);
            assert_eq!(cop_parse_time(std::ptr::null(), &mut seconds), CopStatus::NullArgument);
        }
    }
}
