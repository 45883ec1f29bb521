//! Git histories in: a repository read by the library itself (gitoxide), no `git` command. Added
//! in ABI version 9.

use std::ffi::c_char;
use std::path::Path;

use cop_core::ingest::history::GitImport;

use crate::args::{Out, optional_text, text};
use crate::error::{CopStatus, Failure};
use crate::landscape::{CopLandscape, handle_mut};
use crate::report::json_out;

/// Records the history of the git repository at `path` (a working tree, a directory in it, or a
/// bare repository), read by the library itself — no `git` command is run. Every commit gives a
/// `commit` event of its author at the author's date; a pull-request merge (two parents and a
/// subject starting with `Merge pull request #`) gives a `merge` event instead, of its committer
/// (of its author when committed through GitHub's web flow, `GitHub <noreply@github.com>`)
/// aimed at the author of the pull request's head; each `Co-authored-by:` trailer naming
/// someone else than the author gives a `coauthor` event of the author aimed at the co-author.
/// Each event is in the top-level directory its commit touched most (`root` for files at the
/// top). Every distinct signature `Name <email>` (the address in lower case) is an identity;
/// identities are merged into members, each merge with its rule (see
/// `cop_landscape_identities_json()`): the same e-mail address (`email`), the repository's
/// `.mailmap` (`mailmap`), the same GitHub login in noreply addresses (`noreply`), and the same
/// full name as an identity with a noreply address (`noreply_name`). Bots (`dependabot[bot]`,
/// `…-bot`, `bors`, … and those of `bots`) are flagged and left out of analyses by default.
///
/// - `landscape`: not NULL; changed.
/// - `path`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `options_json`: may be NULL for the defaults; a JSON object with any of
///   - `range`: the commits to read, a revision or a range as `git log` takes it (`"v1.0..HEAD"`);
///     null (the default) for everything reachable from HEAD;
///   - `mailmap`: whether the `.mailmap` merges identities (true by default);
///   - `merges`: whether pull-request merges are `merge` events (true by default); false makes
///     them `commit` events of their author;
///   - `coauthors`: whether `Co-authored-by:` trailers give `coauthor` events (true by default);
///   - `resolve_identities`: whether identities are merged into members at all (true by default);
///   - `pseudonymise`: a salt: every key becomes a pseudonym keyed with it (the same salt gives
///     the same pseudonyms) and no name or e-mail address is kept; null (the default) for none;
///   - `community`: the key of the community of the events (created if needed); null for the
///     default community;
///   - `bots`, `staff`: arrays of names, e-mail addresses or keys of further bots and of staff.
///
///   Unknown fields are refused.
/// - `out_report_json`: may be NULL; on success receives `{"commits":…,"events":…,
///   "identities":…,"members":…,"merges":[["email",1],…],"bots":[key,…]}` (`events`: those of
///   bots included; `members`: after merges; `merges`: merges made per rule), owned by the caller
///   and freed with `cop_string_free()`.
///
/// For a landscape from `cop_landscape_open()`, the file is compacted before this returns (merges
/// and flags are more than events), so the history and its merges are on the disk.
///
/// Errors: `COP_STATUS_INVALID_VALUE` for options that are not such JSON, a path that is not in
/// a git repository, a repository without commits or an unknown revision; `COP_STATUS_IO` when
/// the path does not exist or the repository cannot be read. Nothing is recorded on an error.
/// `COP_STATUS_IO` also when the file of an opened landscape cannot be written: the history is
/// recorded in memory then (call `cop_landscape_compact()` again).
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_import_git(
    landscape: *mut CopLandscape,
    path: *const c_char,
    options_json: *const c_char,
    out_report_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (handle, path, options, out) = unsafe {
            (
                handle_mut(landscape)?,
                text(path, "path")?,
                optional_text(options_json, "options_json")?,
                Out::optional(out_report_json),
            )
        };
        let options = match options {
            Some(json) => GitImport::from_json(json)?,
            None => GitImport::default(),
        };
        let report = handle.inner.import_git(Path::new(path), &options)?;
        if let Some(store) = &mut handle.store {
            store.compact(&handle.inner)?;
        }
        match out {
            Some(out) => json_out(&report, out),
            None => Ok::<(), Failure>(()),
        }
    })
}
