//! Snapshots: a whole landscape as JSON, to a file or a string, and back.

use std::ffi::c_char;
use std::fs::File;

use cop_core::Landscape;

use crate::args::{Out, bytes, file_error, hand_out, owned_string, text};
use crate::error::CopStatus;
use crate::landscape::{CopLandscape, hand_out_landscape, landscape_ref};

/// Saves the whole landscape as a JSON snapshot file, durably: written to a temporary file in the
/// same directory, flushed to the disk and renamed over `path`, so a failed write leaves the
/// previous file as it was. Loading it gives
/// an equal landscape; the snapshot carries a format version.
///
/// - `landscape`: not NULL; only read.
/// - `path`: not NULL; NUL-terminated UTF-8, borrowed for the call.
///
/// Errors: `COP_STATUS_IO` if the file cannot be written.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_save_snapshot_path(
    landscape: *const CopLandscape,
    path: *const c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, path) = unsafe { (landscape_ref(landscape)?, text(path, "path")?) };
        // Durably: the previous file survives a write that fails.
        landscape.save_snapshot_file(std::path::Path::new(path))?;
        Ok(())
    })
}

/// Saves the whole landscape as a JSON snapshot in memory: a NUL-terminated UTF-8 string, to
/// keep or to pass (with its `strlen`) to `cop_landscape_load_snapshot_buffer()`.
///
/// - `landscape`: not NULL; only read.
/// - `out_json`: not NULL; on success receives the snapshot, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_save_snapshot_string(
    landscape: *const CopLandscape,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, out_json) =
            unsafe { (landscape_ref(landscape)?, Out::required(out_json, "out_json")?) };
        let mut json = Vec::new();
        landscape.save_snapshot(&mut json)?;
        hand_out(out_json, owned_string(json, "snapshot")?);
        Ok(())
    })
}

/// Loads a landscape from a JSON snapshot file, checking its format, version and every
/// reference.
///
/// - `path`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `out`: not NULL; on success receives the new landscape, owned by the caller and freed with
///   `cop_landscape_free()`.
///
/// Errors: `COP_STATUS_IO` if the file cannot be read, `COP_STATUS_SNAPSHOT` if it is not a
/// valid snapshot, `COP_STATUS_SNAPSHOT_VERSION` if a newer version of cop wrote it.
/// Thread-safety: may be called from any thread.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_load_snapshot_path(
    path: *const c_char,
    out: *mut *mut CopLandscape,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (path, out) = unsafe { (text(path, "path")?, Out::required(out, "out")?) };
        let file = File::open(path).map_err(|e| file_error(path, e))?;
        let loaded = Landscape::load_snapshot(file).map_err(|e| crate::args::about_file(path, e.into()))?;
        hand_out_landscape(out, loaded);
        Ok(())
    })
}

/// Loads a landscape from a JSON snapshot held in memory (`len` bytes at `data`, no NUL
/// needed), checking its format, version and every reference.
///
/// - `data`: `len` bytes read during the call; may be NULL when `len` is 0.
/// - `out`: not NULL; on success receives the new landscape, owned by the caller and freed with
///   `cop_landscape_free()`.
///
/// Errors: `COP_STATUS_SNAPSHOT` if it is not a valid snapshot, `COP_STATUS_SNAPSHOT_VERSION` if
/// a newer version of cop wrote it.
/// Thread-safety: may be called from any thread.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_load_snapshot_buffer(
    data: *const u8,
    len: usize,
    out: *mut *mut CopLandscape,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (data, out) = unsafe { (bytes(data, len, "data")?, Out::required(out, "out")?) };
        hand_out_landscape(out, Landscape::load_snapshot(data)?);
        Ok(())
    })
}

/// The landscape as one community sees it: a copy with only that community's events, so that
/// the health, maturity, structure and charter goals computed on it are the community's own.
/// Every member, domain, community and artifact keeps its id and key; the other communities
/// keep their keys but not their charters.
///
/// - `landscape`: not NULL; only read.
/// - `community`: not NULL; the community's key, NUL-terminated UTF-8, borrowed for the call.
/// - `out`: not NULL; on success receives the new landscape, owned by the caller and freed with
///   `cop_landscape_free()`.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` when no community has that key; `COP_STATUS_INVALID_UTF8`.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_community_view(
    landscape: *const CopLandscape,
    community: *const c_char,
    out: *mut *mut CopLandscape,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, out) = unsafe { (landscape_ref(landscape)?, Out::required(out, "out")?) };
        // SAFETY: the caller's contract.
        let key = unsafe { text(community, "community") }?;
        hand_out_landscape(out, landscape.community_view(key)?);
        Ok(())
    })
}

/// A copy of a landscape with only the events dated `from <= time < to` (Unix seconds), in their
/// order of recording. Members, domains, communities, artifacts, kinds, charters and declared ties
/// are kept; value stories keep the events that remain.
///
/// - `landscape`: not NULL; only read.
/// - `out`: not NULL; on success receives the new landscape, owned by the caller and freed with
///   `cop_landscape_free()`.
///
/// Errors: `COP_STATUS_INVALID_VALUE` when `from > to`.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_events_between(
    landscape: *const CopLandscape,
    from: i64,
    to: i64,
    out: *mut *mut CopLandscape,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, out) = unsafe { (landscape_ref(landscape)?, Out::required(out, "out")?) };
        if from > to {
            let message = format!("{from} is after to ({to})");
            return Err(cop_core::CopError::InvalidValue { field: "from".into(), message }.into());
        }
        hand_out_landscape(out, landscape.events_between(from, to));
        Ok(())
    })
}
