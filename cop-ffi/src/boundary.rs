//! The panic boundary: no panic unwinds into C.
//!
//! Every exported function runs its body through [`ffi_boundary!`], which calls [`catch`], the
//! one place that holds `catch_unwind`:
//! - `ffi_boundary!(status { … })` for functions returning a [`CopStatus`]: the body returns
//!   `Result<(), Failure>`; success clears the thread's last error, a failure or a panic records
//!   it and returns its status (`COP_STATUS_PANIC` for a panic);
//! - `ffi_boundary!(or default, { … })` for functions returning a plain value (versions, frees,
//!   the last-error accessors): a panic returns `default` and leaves the last error alone.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};

use crate::error::{CopStatus, Failure, clear_last_error, set_last_error};

/// Runs the body of an exported function behind the panic boundary (see the module docs).
macro_rules! ffi_boundary {
    (status $body:block) => {
        $crate::boundary::status(|| -> ::std::result::Result<(), $crate::error::Failure> { $body })
    };
    (or $default:expr, $body:block) => {
        $crate::boundary::catch(|| $body).unwrap_or_else(|_| $default)
    };
}

/// Runs `body`, turning a panic into its message. The one `catch_unwind` of the crate.
pub(crate) fn catch<T>(body: impl FnOnce() -> T) -> Result<T, String> {
    // Unwind safety is asserted: after a panic the caller is told (COP_STATUS_PANIC) and the
    // documentation asks them to free the handles involved rather than use them further.
    panic::catch_unwind(AssertUnwindSafe(body)).map_err(|payload| panic_message(payload.as_ref()))
}

/// Runs the body of a status-returning export: records the outcome as the thread's last error.
pub(crate) fn status(body: impl FnOnce() -> Result<(), Failure>) -> CopStatus {
    match catch(body) {
        Ok(Ok(())) => {
            clear_last_error();
            CopStatus::Ok
        }
        Ok(Err(failure)) => set_last_error(failure),
        Err(message) => set_last_error(Failure::Panic(message)),
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{cop_last_error_line, cop_last_error_message};
    use std::ffi::CStr;

    fn last_message() -> Option<String> {
        let ptr = cop_last_error_message();
        // SAFETY: a non-NULL pointer is a NUL-terminated string valid until the next call.
        (!ptr.is_null()).then(|| unsafe { CStr::from_ptr(ptr) }.to_str().unwrap().to_owned())
    }

    #[test]
    fn a_panic_becomes_the_panic_status_and_a_message() {
        let status = ffi_boundary!(status {
            if cop_last_error_line() == 0 {
                panic!("boom {}", 42);
            }
            Ok(())
        });
        assert_eq!(status, CopStatus::Panic);
        let message = last_message().unwrap();
        assert!(message.contains("boom 42"), "{message}");

        let status = ffi_boundary!(status { std::panic::panic_any(7_u8) });
        assert_eq!(status, CopStatus::Panic);
        assert!(last_message().unwrap().contains("without a message"));
    }

    #[test]
    fn success_clears_the_last_error() {
        let status = ffi_boundary!(status { Err(Failure::NullArgument("landscape".into())) });
        assert_eq!(status, CopStatus::NullArgument);
        assert_eq!(last_message().unwrap(), "argument `landscape` is NULL");
        assert_eq!(ffi_boundary!(status { Ok(()) }), CopStatus::Ok);
        assert_eq!(last_message(), None);
    }

    #[test]
    fn plain_functions_return_their_default_on_panic_and_keep_the_last_error() {
        let status = ffi_boundary!(status { Err(Failure::NullArgument("x".into())) });
        assert_eq!(status, CopStatus::NullArgument);
        let value: u32 = ffi_boundary!(or 7, { panic!("inside a plain function") });
        assert_eq!(value, 7);
        assert_eq!(last_message().unwrap(), "argument `x` is NULL");
        let value: u32 = ffi_boundary!(or 7, { 3 });
        assert_eq!(value, 3);
    }
}
