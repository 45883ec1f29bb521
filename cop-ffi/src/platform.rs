//! The places communities live: one function reads every platform's export — a Stack Exchange
//! data dump, GitHub activity, a Discourse forum, a Slack or Discord export, a mailing list's
//! mbox. Added in ABI version 11.

use std::ffi::c_char;
use std::path::Path;

use cop_core::ingest::platform::{Platform, PlatformImport};

use crate::args::{Out, optional_text, text};
use crate::error::{CopStatus, Failure};
use crate::landscape::{CopLandscape, handle_mut};
use crate::report::json_out;

/// Records the export of a platform at `path`, all or nothing. The mapping of each platform's
/// records to events, members, threads, domains and spaces is the core's (`cop_core::ingest::platform`
/// and the module of each platform): keys are `<prefix>:<name>:<id>`; identities carry the
/// platform and are resolved with those already in the landscape (the same e-mail address, the
/// same GitHub login…); bots are flagged; channels, categories and repositories become the
/// community's spaces.
///
/// - `landscape`: not NULL; changed.
/// - `platform`: not NULL; one of `"stackexchange"` (a site's dump folder), `"github"` (GH Archive
///   hourly files, `.json` or `.json.gz`, or saved REST responses: a file or a folder),
///   `"discourse"` (topic JSON: a file or a folder), `"slack"` (a workspace export's folder),
///   `"discord"` (DiscordChatExporter JSON: a file or a folder), `"mbox"` (an mbox file or a
///   folder of them).
/// - `path`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `options_json`: may be NULL for the defaults; a JSON object with any of
///   - `community`: the key of the community of the events (created if needed); null for the
///     default community;
///   - `name`: the name of the site, forum, workspace or list in keys; null (the default) for
///     the folder's or file's name;
///   - `all_users`: whether every user the export lists becomes a member (false by default);
///   - `skip_bad_records`: skip bad records, listed in the report, instead of stopping (false
///     by default);
///   - `resolve_identities`: merge the export's identities with those already in the landscape
///     by the identity rules (true by default).
///
///   Unknown fields are refused.
/// - `out_report_json`: may be NULL; on success receives `{"platform":…,"name":…,
///   "records":{file:count,…},"events":{kind:count,…},"recorded":…,"left_out":{reason:count,…},
///   "skipped":[{"source":…,"line":…,"field":…,"message":…},…],"members":…,"bots":[key,…],
///   "merges":{rule:count,…},"spaces":[{"name":…,"visibility":"public"|"private"},…]}`, owned by
///   the caller and freed with `cop_string_free()`.
///
/// For a landscape from `cop_landscape_open()`, the file is compacted before this returns.
///
/// Errors: `COP_STATUS_RECORD` for a bad record (the message names the file, the line or byte
/// offset, and the field); `COP_STATUS_INVALID_VALUE` for an unknown platform, options that are
/// not such JSON, or a path of the wrong sort; `COP_STATUS_IO` when a file cannot be read.
/// Nothing is recorded on an error. `COP_STATUS_IO` also when the file of an opened landscape
/// cannot be written: the export is recorded in memory then (call `cop_landscape_compact()`
/// again). Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_import_platform(
    landscape: *mut CopLandscape,
    platform: *const c_char,
    path: *const c_char,
    options_json: *const c_char,
    out_report_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (handle, platform, path, options, out) = unsafe {
            (
                handle_mut(landscape)?,
                text(platform, "platform")?,
                text(path, "path")?,
                optional_text(options_json, "options_json")?,
                Out::optional(out_report_json),
            )
        };
        let platform: Platform = platform.parse()?;
        let options = match options {
            Some(json) => PlatformImport::from_json(json)?,
            None => PlatformImport::default(),
        };
        let report = handle.inner.import_platform(platform, Path::new(path), &options)?;
        if let Some(store) = &mut handle.store {
            store.compact(&handle.inner)?;
        }
        match out {
            Some(out) => json_out(&report, out),
            None => Ok::<(), Failure>(()),
        }
    })
}
