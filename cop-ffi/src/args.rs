//! Arguments in and results out: NULL checks, UTF-8 checks and out-params.
//!
//! The `unsafe` functions here turn raw pointers into references. Their contract is the one the
//! exported functions document for their callers: a pointer is NULL or valid for the access
//! described (a NUL-terminated string, `len` readable bytes, one writable value) for the whole
//! call. NULL is checked here and becomes `COP_STATUS_NULL_ARGUMENT`.

use std::borrow::Cow;
use std::ffi::{CStr, CString, c_char};
use std::mem::MaybeUninit;
use std::ptr::NonNull;
use std::sync::OnceLock;

use cop_core::{CopError, Entity};
use serde::de::DeserializeOwned;

use crate::error::Failure;

fn null(name: impl Into<Cow<'static, str>>) -> Failure {
    Failure::NullArgument(name.into())
}

/// A required NUL-terminated UTF-8 string argument.
///
/// # Safety
/// `ptr` is NULL or a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn text<'a>(ptr: *const c_char, name: &'static str) -> Result<&'a str, Failure> {
    // SAFETY: forwarded to the caller.
    unsafe { optional_text(ptr, name) }?.ok_or_else(|| null(name))
}

/// An optional NUL-terminated UTF-8 string argument (NULL: none).
///
/// # Safety
/// `ptr` is NULL or a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn optional_text<'a>(
    ptr: *const c_char,
    name: &'static str,
) -> Result<Option<&'a str>, Failure> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: not NULL, and NUL-terminated by the caller's contract.
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    std::str::from_utf8(bytes)
        .map(Some)
        .map_err(|error| Failure::InvalidUtf8 { argument: name.into(), error })
}

/// A byte buffer argument: `len` bytes at `ptr` (NULL is allowed when `len` is 0).
///
/// # Safety
/// `ptr` is NULL or valid for reading `len` bytes that outlive `'a`.
pub(crate) unsafe fn bytes<'a>(ptr: *const u8, len: usize, name: &'static str) -> Result<&'a [u8], Failure> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(null(name));
    }
    // SAFETY: not NULL and valid for `len` bytes by the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// An array argument: `len` values at `ptr` (NULL is allowed when `len` is 0).
///
/// # Safety
/// `ptr` is NULL or valid for reading `len` values of `T` that outlive `'a`.
pub(crate) unsafe fn array<'a, T>(ptr: *const T, len: usize, name: &'static str) -> Result<&'a [T], Failure> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(null(name));
    }
    // SAFETY: not NULL, aligned and valid for `len` values by the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// A required struct argument passed by pointer.
///
/// # Safety
/// `ptr` is NULL or points to a valid `T` that outlives `'a`.
pub(crate) unsafe fn value<'a, T>(ptr: *const T, name: &'static str) -> Result<&'a T, Failure> {
    // SAFETY: forwarded to the caller.
    unsafe { ptr.as_ref() }.ok_or_else(|| null(name))
}

/// An out-param: checked now, written (only) once the call has succeeded.
pub(crate) struct Out<T>(NonNull<T>);

impl<T> Out<T> {
    /// A required out-param.
    ///
    /// # Safety
    /// `ptr` is NULL or valid for writing one `T` until the call returns.
    pub(crate) unsafe fn required(ptr: *mut T, name: &'static str) -> Result<Out<T>, Failure> {
        NonNull::new(ptr).map(Out).ok_or_else(|| null(name))
    }

    /// An optional out-param (NULL: the caller does not want the value).
    ///
    /// # Safety
    /// `ptr` is NULL or valid for writing one `T` until the call returns.
    pub(crate) unsafe fn optional(ptr: *mut T) -> Option<Out<T>> {
        NonNull::new(ptr).map(Out)
    }

    /// Writes the value, without reading or dropping what was there (C memory may be
    /// uninitialised).
    pub(crate) fn write(self, value: T) {
        // SAFETY: valid for one write by the contract of `required` / `optional`.
        unsafe { self.0.as_ptr().write(value) }
    }
}

/// An array out-param of `len` values: checked now, written (only) once the call has succeeded.
pub(crate) struct OutArray<T> {
    ptr: *mut T,
    len: usize,
}

impl<T> OutArray<T> {
    /// A required array out-param (NULL is allowed when `len` is 0).
    ///
    /// # Safety
    /// `ptr` is NULL or valid for writing `len` values of `T` until the call returns.
    pub(crate) unsafe fn required(
        ptr: *mut T,
        len: usize,
        name: &'static str,
    ) -> Result<OutArray<T>, Failure> {
        if len > 0 && ptr.is_null() {
            return Err(null(name));
        }
        Ok(OutArray { ptr, len })
    }

    /// The number of values the caller has room for.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Writes exactly `len` values, without reading or dropping what was there (C memory may be
    /// uninitialised). The caller checks the count first: a mismatch is a bug of this crate.
    pub(crate) fn write_all(self, values: impl ExactSizeIterator<Item = T>) {
        assert_eq!(values.len(), self.len, "an array out-param receives exactly its length");
        if self.len == 0 {
            return;
        }
        // SAFETY: not NULL (len > 0) and valid for writing `len` values by the contract of
        // `required`; `MaybeUninit<T>` has the layout of `T` and may be uninitialised.
        let slots = unsafe { std::slice::from_raw_parts_mut(self.ptr.cast::<MaybeUninit<T>>(), self.len) };
        for (slot, value) in slots.iter_mut().zip(values) {
            slot.write(value);
        }
    }
}

/// Writes an optional out-param if the caller asked for it.
pub(crate) fn write_optional<T>(out: Option<Out<T>>, value: T) {
    if let Some(out) = out {
        out.write(value);
    }
}

/// A string to hand out (freed by `cop_string_free`).
pub(crate) fn owned_string(text: impl Into<Vec<u8>>, what: &str) -> Result<CString, Failure> {
    CString::new(text).map_err(|_| {
        Failure::Core(CopError::InvalidValue {
            field: what.to_owned(),
            message: "it contains a NUL byte, which a C string cannot hold".to_owned(),
        })
    })
}

/// Hands a string out through a `char **` out-param.
pub(crate) fn hand_out(out: Out<*mut c_char>, text: CString) {
    out.write(text.into_raw());
}

/// Static NUL-terminated copies of names (of levels, trajectories …), built once on first use.
pub(crate) fn static_c_names(
    cell: &'static OnceLock<Vec<CString>>,
    names: impl FnOnce() -> Vec<&'static str>,
) -> &'static [CString] {
    cell.get_or_init(|| {
        names().into_iter().map(|name| CString::new(name).expect("names have no NUL")).collect()
    })
}

/// A time argument (seconds since the epoch), refused when out of the core's one range of times
/// (`cop_core::limits`, the years 0 to 9999).
pub(crate) fn checked_time(seconds: i64, field: &str) -> Result<i64, CopError> {
    cop_core::limits::check_time(field, seconds)?;
    Ok(seconds)
}

/// A JSON argument in the core's serde form of `T` (for types without a `from_json` of their
/// own); JSON that does not parse or fit is `COP_STATUS_INVALID_VALUE` naming `field`.
pub(crate) fn json_value<T: DeserializeOwned>(json: &str, field: &str) -> Result<T, CopError> {
    serde_json::from_str(json)
        .map_err(|error| CopError::InvalidValue { field: field.to_owned(), message: error.to_string() })
}

/// The error for a raw value (an enum passed by value from C) that is not one of the enum's.
pub(crate) fn not_a_value_of(field: &str, raw: u32, enumeration: &str) -> Failure {
    Failure::Core(CopError::InvalidValue {
        field: field.to_owned(),
        message: format!("{raw} is not a value of {enumeration}"),
    })
}

/// The error for a key that does not exist.
pub(crate) fn unknown_key(entity: Entity, key: &str) -> Failure {
    Failure::Core(CopError::UnknownKey { entity, key: key.to_owned() })
}

/// The error for an id that does not exist.
pub(crate) fn unknown_id(entity: Entity, id: u32) -> Failure {
    Failure::Core(CopError::UnknownId { entity, id: id.into() })
}

/// The error for a file that cannot be opened or created, naming it.
/// A core error about reading or writing the file at `path`: an I/O error names the path (a
/// directory opened for reading fails only when read), anything else is as it is.
pub(crate) fn about_file(path: &str, error: Failure) -> Failure {
    match error {
        Failure::Core(CopError::Io(e)) if !e.to_string().contains(path) => file_error(path, e),
        other => other,
    }
}

pub(crate) fn file_error(path: &str, error: std::io::Error) -> Failure {
    Failure::Core(CopError::Io(std::io::Error::new(error.kind(), format!("{path}: {error}"))))
}
