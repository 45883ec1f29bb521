//! Stack Exchange data dumps in: a site's folder of XML files, read as a stream. Added in ABI
//! version 10.

use std::ffi::c_char;
use std::path::Path;

use cop_core::ingest::stackexchange::StackExchangeImport;

use crate::args::{Out, optional_text, text};
use crate::error::{CopStatus, Failure};
use crate::landscape::{CopLandscape, handle_mut};
use crate::report::json_out;

/// Records the Stack Exchange data dump in the folder `dir` (one site's `Posts.xml`,
/// `Comments.xml`, `Users.xml`, `Votes.xml`, `Badges.xml` and, when present, `PostHistory.xml`;
/// only `Posts.xml` is required). Questions give `ask` events of their owner; answers `answer`
/// events aimed at the asker; comments `comment` events aimed at the post's owner; a question's
/// accepted answer an `accept` event of the asker aimed at the answerer (on the day of its
/// accept vote, never before the answer; without the vote, at the answer's time); edits
/// (history types 4, 5, 6) `edit` events aimed at the post's owner; badges `badge` events. The
/// question's id is the thread (`se:<site>:<id>`) of every event about it, its first tag the
/// domain. Users are keyed `se:<site>:<UserId>`, with their display name, `AccountId` (as login)
/// and creation date (as join date); the Community user (`-1`) is flagged as a bot. Rows of
/// deleted users (no `OwnerUserId` / `UserId`) and rows naming posts not in the dump are
/// skipped and counted in the report.
///
/// - `landscape`: not NULL; changed.
/// - `dir`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `options_json`: may be NULL for the defaults; a JSON object with any of
///   - `community`: the key of the community of the events (created if needed); null for the
///     default community;
///   - `site`: the site's name in keys; null (the default) for the folder's name;
///   - `all_users`: whether every user of `Users.xml` becomes a member, even without an event
///     (false by default).
///
///   Unknown fields are refused.
/// - `out_report_json`: may be NULL; on success receives `{"site":…,"rows":{"Posts.xml":…,…},
///   "events":{"answer":…,…},"recorded":…,"deleted_users":{file:count,…},
///   "missing_posts":{file:count,…},"members":…,"bots":[key,…]}`, owned by the caller and freed
///   with `cop_string_free()`.
///
/// For a landscape from `cop_landscape_open()`, the file is compacted before this returns.
///
/// Errors: `COP_STATUS_RECORD` for a bad row (the message names the file, the line and the
/// field); `COP_STATUS_INVALID_VALUE` for options that are not such JSON or a `dir` that is not
/// a folder; `COP_STATUS_IO` when `Posts.xml` is missing or a file cannot be read. Nothing is
/// recorded on an error. `COP_STATUS_IO` also when the file of an opened landscape cannot be
/// written: the dump is recorded in memory then (call `cop_landscape_compact()` again).
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_import_stackexchange(
    landscape: *mut CopLandscape,
    dir: *const c_char,
    options_json: *const c_char,
    out_report_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (handle, dir, options, out) = unsafe {
            (
                handle_mut(landscape)?,
                text(dir, "dir")?,
                optional_text(options_json, "options_json")?,
                Out::optional(out_report_json),
            )
        };
        let options = match options {
            Some(json) => StackExchangeImport::from_json(json)?,
            None => StackExchangeImport::default(),
        };
        let report = handle.inner.import_stackexchange(Path::new(dir), &options)?;
        if let Some(store) = &mut handle.store {
            store.compact(&handle.inner)?;
        }
        match out {
            Some(out) => json_out(&report, out),
            None => Ok::<(), Failure>(()),
        }
    })
}
