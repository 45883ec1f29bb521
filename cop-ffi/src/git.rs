//! Git histories in: a repository read by the library itself (gitoxide), no `git` command.

use std::ffi::c_char;

use cop_core::import::history::GitImport;

use crate::args::{Out, hand_out, optional_text, owned_string, text};
use crate::error::{CopStatus, Failure};
use crate::landscape::{CopLandscape, handle_mut};

/// Records the history of the git repository at `path` (a working tree, a directory in it, or a
/// bare repository): a `commit` event per commit, a `merge` event per pull-request merge (aimed
/// at the pull request's author) and a `coauthor` event per `Co-authored-by:` trailer, each in
/// the top-level directory it touched most. Identities with the same e-mail address, `.mailmap`
/// entry or GitHub login are merged into one member (each merge with its rule, see
/// `cop_landscape_identities_json()`); bots are recognised and left out of analyses by default.
///
/// - `landscape`: not NULL; changed.
/// - `path`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `options_json`: may be NULL for the defaults; a JSON object with any of `range` (a
///   revision or range, as `git log` takes it), `mailmap`, `merges`, `coauthors`,
///   `resolve_identities` (booleans, all true by default), `pseudonymise` (a salt: keys become
///   pseudonyms, names and addresses are not kept), `community`, `bots` and `staff` (arrays of
///   names, addresses or keys).
/// - `out_report_json`: may be NULL; on success receives `{"commits","events","identities",
///   "members","merges":[[rule,n],…],"bots":[key,…]}`, owned by the caller and freed with
///   `cop_string_free()`.
///
/// For a landscape from `cop_landscape_open()`, the file is compacted before it returns.
///
/// Errors: `COP_STATUS_INVALID_VALUE` for bad options, a path that is not a git repository, one
/// without commits or an unknown revision; `COP_STATUS_IO` when the path does not exist or the
/// repository cannot be read. Nothing is recorded on an error.
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
        let (landscape, path, options, out) = unsafe {
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
        let report = landscape.inner.import_git(std::path::Path::new(path), &options)?;
        if let Some(store) = &mut landscape.store {
            // Merges and flags are more than events: the whole landscape goes to the file.
            store.compact(&landscape.inner)?;
        }
        if let Some(out) = out {
            let json = serde_json::to_string(&report).expect("a git report serialises to JSON");
            hand_out(out, owned_string(json, "report")?);
        }
        Ok::<(), Failure>(())
    })
}
