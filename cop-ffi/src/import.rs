//! Event files in and out: CSV and JSON Lines, from a path or a memory buffer.

use std::ffi::c_char;
use std::fs::File;

use cop_core::{ImportOptions, ImportReport, OnError};

use crate::args::{Out, bytes, file_error, hand_out, optional_text, owned_string, text, write_optional};
use crate::error::{CopStatus, Failure};
use crate::landscape::{CopLandscape, handle_mut, landscape_ref};

/// How to import events. Pass NULL instead for the defaults (all false, no source name).
///
/// Ownership: a plain struct whose `source` string is borrowed during the call only.
/// Thread-safety: a plain value.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CopImportOptions {
    /// Refuse members, domains, communities, artifacts and kinds that do not exist yet
    /// (`COP_STATUS_UNKNOWN_KEY`, reported as a bad record).
    pub strict: bool,
    /// Skip bad records, record the others and report the bad ones; otherwise the first bad
    /// record stops the import and nothing of the input is recorded.
    pub skip_bad_records: bool,
    /// A name for the input in error messages (NUL-terminated UTF-8); NULL for none, which for
    /// the `_path` functions means the path.
    pub source: *const c_char,
}

/// What an import did.
///
/// Ownership: a plain struct written by the import functions. Thread-safety: a plain value.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CopImportReport {
    /// Events recorded.
    pub recorded: usize,
    /// Bad records skipped (only with `skip_bad_records`).
    pub skipped: usize,
}

/// The core options of C options (NULL: the defaults), `default_source` naming the input when
/// the options do not.
///
/// # Safety
/// `options` is NULL or valid, its `source` NULL or NUL-terminated, for the call.
pub(crate) unsafe fn import_options(
    options: *const CopImportOptions,
    default_source: Option<&str>,
) -> Result<ImportOptions, Failure> {
    let mut import = ImportOptions::default();
    import.source = default_source.map(str::to_owned);
    // SAFETY: forwarded to the caller.
    let Some(options) = (unsafe { options.as_ref() }) else { return Ok(import) };
    // SAFETY: forwarded to the caller.
    let source = unsafe { optional_text(options.source, "options.source") }?;
    import.source = source.or(default_source).map(str::to_owned);
    import.strict = options.strict;
    import.on_error = if options.skip_bad_records { OnError::Skip } else { OnError::Stop };
    Ok(import)
}

/// Writes an import report to the out-params the caller asked for (all or none).
pub(crate) fn hand_out_report(
    report: &ImportReport,
    out_report: Option<Out<CopImportReport>>,
    out_skipped_json: Option<Out<*mut c_char>>,
) -> Result<(), Failure> {
    let skipped_json = match out_skipped_json {
        Some(out) => {
            let json = serde_json::to_string(&report.skipped).expect("record errors serialise to JSON");
            Some((out, owned_string(json, "skipped")?))
        }
        None => None,
    };
    write_optional(out_report, CopImportReport { recorded: report.recorded, skipped: report.skipped.len() });
    if let Some((out, json)) = skipped_json {
        hand_out(out, json);
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Format {
    Csv,
    JsonLines,
}

fn import_from(
    landscape: &mut CopLandscape,
    format: Format,
    reader: impl std::io::Read,
    options: &ImportOptions,
) -> Result<ImportReport, Failure> {
    let report = match format {
        Format::Csv => landscape.recording(|l| l.import_csv(reader, options))?,
        Format::JsonLines => landscape.recording(|l| l.import_jsonl(reader, options))?,
    };
    Ok(report)
}

/// Imports an event file at a path.
///
/// # Safety
/// As the `_path` exports document.
unsafe fn import_path(
    landscape: *mut CopLandscape,
    format: Format,
    path: *const c_char,
    options: *const CopImportOptions,
    out_report: *mut CopImportReport,
    out_skipped_json: *mut *mut c_char,
) -> Result<(), Failure> {
    // SAFETY: forwarded to the caller.
    let (landscape, path, out_report, out_skipped_json) = unsafe {
        (
            handle_mut(landscape)?,
            text(path, "path")?,
            Out::optional(out_report),
            Out::optional(out_skipped_json),
        )
    };
    // SAFETY: forwarded to the caller.
    let options = unsafe { import_options(options, Some(path)) }?;
    let file = File::open(path).map_err(|e| file_error(path, e))?;
    let report =
        import_from(landscape, format, file, &options).map_err(|e| crate::args::about_file(path, e))?;
    hand_out_report(&report, out_report, out_skipped_json)
}

/// Imports an event file from memory.
///
/// # Safety
/// As the `_buffer` exports document.
unsafe fn import_buffer(
    landscape: *mut CopLandscape,
    format: Format,
    (data, len): (*const u8, usize),
    options: *const CopImportOptions,
    out_report: *mut CopImportReport,
    out_skipped_json: *mut *mut c_char,
) -> Result<(), Failure> {
    // SAFETY: forwarded to the caller.
    let (landscape, data, options, out_report, out_skipped_json) = unsafe {
        (
            handle_mut(landscape)?,
            bytes(data, len, "data")?,
            import_options(options, None)?,
            Out::optional(out_report),
            Out::optional(out_skipped_json),
        )
    };
    let report = import_from(landscape, format, data, &options)?;
    hand_out_report(&report, out_report, out_skipped_json)
}

/// Imports events from a CSV file: a header with `member,time,kind` and optionally
/// `domain,target,community,artifact,weight,thread`; `time` as `cop_parse_time()` reads it (RFC
/// 3339, a UTC date and time, a date, or an epoch number by magnitude); kinds in any case.
/// Unknown keys are created unless strict.
///
/// - `landscape`: not NULL; changed.
/// - `path`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `options`: may be NULL for the defaults; error messages name the file by its path unless
///   `options->source` is set.
/// - `out_report`: may be NULL; on success receives the numbers recorded and skipped.
/// - `out_skipped_json`: may be NULL; on success receives the skipped records' errors as a JSON
///   array of `{"source","line","column","field","message"}` objects, owned by the caller and
///   freed with `cop_string_free()`.
///
/// Errors: `COP_STATUS_RECORD` for the first bad record when not skipping (nothing is recorded
/// then); the message reads `path:line:column: field `time`: …` and the position is also
/// available from `cop_last_error_line()`, `cop_last_error_column()` and
/// `cop_last_error_field()`. `COP_STATUS_IO` if the file cannot be read.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_import_csv_path(
    landscape: *mut CopLandscape,
    path: *const c_char,
    options: *const CopImportOptions,
    out_report: *mut CopImportReport,
    out_skipped_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { import_path(landscape, Format::Csv, path, options, out_report, out_skipped_json) }
    })
}

/// Imports events from CSV held in memory (`len` bytes at `data`), as
/// `cop_landscape_import_csv_path()` does.
///
/// - `landscape`: not NULL; changed.
/// - `data`: `len` bytes read during the call; may be NULL when `len` is 0.
/// - `options`, `out_report`, `out_skipped_json`: as for `cop_landscape_import_csv_path()`
///   (records are named by `options->source`, if any).
///
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_import_csv_buffer(
    landscape: *mut CopLandscape,
    data: *const u8,
    len: usize,
    options: *const CopImportOptions,
    out_report: *mut CopImportReport,
    out_skipped_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { import_buffer(landscape, Format::Csv, (data, len), options, out_report, out_skipped_json) }
    })
}

/// Imports events from a JSON Lines file: one object per line with the fields of the CSV
/// format (`time` as a string or a number); blank lines are skipped. Otherwise as
/// `cop_landscape_import_csv_path()`.
///
/// - `landscape`: not NULL; changed.
/// - `path`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `options`, `out_report`, `out_skipped_json`: as for `cop_landscape_import_csv_path()`.
///
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_import_jsonl_path(
    landscape: *mut CopLandscape,
    path: *const c_char,
    options: *const CopImportOptions,
    out_report: *mut CopImportReport,
    out_skipped_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { import_path(landscape, Format::JsonLines, path, options, out_report, out_skipped_json) }
    })
}

/// Imports events from JSON Lines held in memory (`len` bytes at `data`).
///
/// - `landscape`: not NULL; changed.
/// - `data`: `len` bytes read during the call; may be NULL when `len` is 0.
/// - `options`, `out_report`, `out_skipped_json`: as for `cop_landscape_import_csv_path()`.
///
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_import_jsonl_buffer(
    landscape: *mut CopLandscape,
    data: *const u8,
    len: usize,
    options: *const CopImportOptions,
    out_report: *mut CopImportReport,
    out_skipped_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { import_buffer(landscape, Format::JsonLines, (data, len), options, out_report, out_skipped_json) }
    })
}

/// Writes every event to a file (created, or replaced whole once written).
///
/// # Safety
/// As the `_export_` functions document.
unsafe fn export_path(
    landscape: *const CopLandscape,
    path: *const c_char,
    format: Format,
) -> Result<(), Failure> {
    // SAFETY: forwarded to the caller.
    let (landscape, path) = unsafe { (landscape_ref(landscape)?, text(path, "path")?) };
    // Durably: the previous file survives a write that fails.
    let path = std::path::Path::new(path);
    match format {
        Format::Csv => landscape.export_csv_file(path)?,
        Format::JsonLines => landscape.export_jsonl_file(path)?,
    }
    Ok(())
}

/// Writes every event, in time order, to a CSV file in the event file format (replaced
/// whole once written: a failed write leaves the previous file), so that importing it into an empty landscape gives the same events.
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
pub unsafe extern "C" fn cop_landscape_export_csv_path(
    landscape: *const CopLandscape,
    path: *const c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { export_path(landscape, path, Format::Csv) }
    })
}

/// Writes every event, in time order, to a JSON Lines file (replaced whole once written:
/// a failed write leaves the previous file); absent
/// fields are left out.
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
pub unsafe extern "C" fn cop_landscape_export_jsonl_path(
    landscape: *const CopLandscape,
    path: *const c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { export_path(landscape, path, Format::JsonLines) }
    })
}
