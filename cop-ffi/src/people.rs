//! People: identities and their merges, bots and staff, the scope of analyses, forgetting a
//! member, and identities files (the core's `people` module). Members are named by key; every
//! function here was added in ABI version 8.

use std::ffi::c_char;
use std::fs::File;

use cop_core::ingest::identities::IdentitiesReport;
use cop_core::model::people::{Identity, MergeRule, Scope};
use cop_core::{CopError, Entity, Landscape, MemberId};

use crate::args::{Out, bytes, file_error, optional_text, text, unknown_key, write_optional};
use crate::error::{CopStatus, Failure};
use crate::landscape::{CopLandscape, handle_mut, landscape_mut, landscape_ref};
use crate::report::json_out;

/// The identity with this key (merged into another member or not).
fn identity(landscape: &Landscape, key: &str) -> Result<MemberId, Failure> {
    landscape.identity_id(key).ok_or_else(|| unknown_key(Entity::Member, key))
}

/// The merge rule of a name; NULL is `"api"`.
fn rule_of(name: Option<&str>) -> Result<MergeRule, Failure> {
    let Some(name) = name else {
        return Ok(MergeRule::Api);
    };
    MergeRule::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = MergeRule::ALL.iter().map(|r| r.name()).collect();
        Failure::Core(CopError::InvalidValue {
            field: "rule".to_owned(),
            message: format!("`{name}` is not a merge rule ({})", names.join(", ")),
        })
    })
}

/// Merges the member that the identity `merged` belongs to into the member that the identity
/// `kept` belongs to: from then on every analysis counts them as one person, known by `kept`'s
/// member's key, and `cop_landscape_member_id()` gives that member for either key. The events
/// keep the identity they were recorded under, so `cop_landscape_unmerge()` undoes the merge
/// exactly. O(events).
///
/// - `landscape`: not NULL; changed.
/// - `kept`, `merged`: not NULL; identity keys (NUL-terminated UTF-8, borrowed for the call).
/// - `rule`: why they are one person, recorded with the merge: `"email"`, `"mailmap"`,
///   `"noreply"`, `"noreply_name"`, `"login"`, `"file"` or `"api"`; NULL for `"api"`.
/// - `out_changed`: may be NULL; on success receives whether anything changed (false when the
///   two are one member already).
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` for a key that names no identity, `COP_STATUS_INVALID_VALUE`
/// for a rule that is not one of the names above. A refused merge changes nothing.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_merge(
    landscape: *mut CopLandscape,
    kept: *const c_char,
    merged: *const c_char,
    rule: *const c_char,
    out_changed: *mut bool,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, kept, merged, rule, out_changed) = unsafe {
            (
                landscape_mut(landscape)?,
                text(kept, "kept")?,
                text(merged, "merged")?,
                optional_text(rule, "rule")?,
                Out::optional(out_changed),
            )
        };
        let rule = rule_of(rule)?;
        let (kept, merged) = (identity(landscape, kept)?, identity(landscape, merged)?);
        let changed = landscape.merge(kept, merged, rule)?;
        write_optional(out_changed, changed);
        Ok(())
    })
}

/// Undoes the merge of an identity into another member: the identity (with any identity merged
/// into it) is a member of its own again, with exactly the events recorded under it. O(events).
///
/// - `landscape`: not NULL; changed.
/// - `identity`: not NULL; an identity key (NUL-terminated UTF-8, borrowed for the call).
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` for a key that names no identity,
/// `COP_STATUS_INVALID_VALUE` when the identity is not merged into another member.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_unmerge(
    landscape: *mut CopLandscape,
    identity_key: *const c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key) = unsafe { (landscape_mut(landscape)?, text(identity_key, "identity_key")?) };
        let id = identity(landscape, key)?;
        landscape.unmerge(id)?;
        Ok(())
    })
}

/// The identities of the member a key belongs to, as JSON (an array of the core's
/// `IdentityOf`): the identity that names the member first, then those merged into it in order
/// of creation, each with what is known of it and the merge that joined it:
/// `[{"id":0,"key":"ada@home","identity":{"source":""},"merged":null},
/// {"id":1,"key":"ada@work","identity":{"source":"git","name":"Ada","email":"ada@work.org"},
/// "merged":{"into":0,"rule":"api"}}]` (`into`: the id of the identity it was merged into, whose
/// key `cop_landscape_member_key()` gives; `name`, `email` and `login` are left out when empty).
///
/// - `landscape`: not NULL; only read.
/// - `member_key`: not NULL; any identity key of the member (NUL-terminated UTF-8, borrowed).
/// - `out_json`: not NULL; on success receives the JSON, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` for a key that names no identity.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_identities_json(
    landscape: *const CopLandscape,
    member_key: *const c_char,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key, out_json) = unsafe {
            (landscape_ref(landscape)?, text(member_key, "member_key")?, Out::required(out_json, "out_json")?)
        };
        let id = identity(landscape, key)?;
        json_out(&landscape.identities(id)?, out_json)
    })
}

/// Attaches what is known of an identity besides its key: where it comes from and the person's
/// name, e-mail address and login there (as `cop_landscape_identities_json()` shows them).
/// Replaces what was attached before; changes no analysis.
///
/// - `landscape`: not NULL; changed.
/// - `identity_key`: not NULL; an identity key (NUL-terminated UTF-8, borrowed for the call).
/// - `source`, `name`, `email`, `login`: NUL-terminated UTF-8, borrowed for the call; NULL for
///   empty. `source` is the platform (`"git"`, `"github"`, `"stackexchange"`, …).
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` for a key that names no identity.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_set_identity(
    landscape: *mut CopLandscape,
    identity_key: *const c_char,
    source: *const c_char,
    name: *const c_char,
    email: *const c_char,
    login: *const c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key, source, name, email, login) = unsafe {
            (
                landscape_mut(landscape)?,
                text(identity_key, "identity_key")?,
                optional_text(source, "source")?,
                optional_text(name, "name")?,
                optional_text(email, "email")?,
                optional_text(login, "login")?,
            )
        };
        let id = identity(landscape, key)?;
        let owned = |text: Option<&str>| text.unwrap_or_default().to_owned();
        let details =
            Identity { source: owned(source), name: owned(name), email: owned(email), login: owned(login) };
        landscape.set_identity(id, details)?;
        Ok(())
    })
}

/// Flags or unflags the member a key belongs to as a bot (an automated account). Keys that look
/// like a bot's (`dependabot[bot]`, `…-bot`, `bors`, … — the core's `people::looks_like_bot`)
/// are flagged when first seen. By default analyses leave bots out (`cop_landscape_set_scope()`):
/// their events are kept, and written to snapshots, but no analysis reads them, and events aimed
/// at them lose their target. Unflagging clears the flag of every identity of the member.
/// O(events) when it changes who analyses see.
///
/// - `landscape`: not NULL; changed.
/// - `member_key`: not NULL; any identity key of the member (NUL-terminated UTF-8, borrowed).
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` for a key that names no identity.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_set_bot(
    landscape: *mut CopLandscape,
    member_key: *const c_char,
    bot: bool,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key) = unsafe { (landscape_mut(landscape)?, text(member_key, "member_key")?) };
        let id = identity(landscape, key)?;
        landscape.set_bot(id, bot)?;
        Ok(())
    })
}

/// Flags or unflags the member a key belongs to as staff (one of the community's paid team), as
/// `cop_landscape_set_bot()` does for bots. By default analyses include staff.
///
/// - `landscape`: not NULL; changed.
/// - `member_key`: not NULL; any identity key of the member (NUL-terminated UTF-8, borrowed).
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` for a key that names no identity.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_set_staff(
    landscape: *mut CopLandscape,
    member_key: *const c_char,
    staff: bool,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key) = unsafe { (landscape_mut(landscape)?, text(member_key, "member_key")?) };
        let id = identity(landscape, key)?;
        landscape.set_staff(id, staff)?;
        Ok(())
    })
}

/// Answers a yes-or-no question about the member a key belongs to.
///
/// # Safety
/// The pointers are NULL or valid as the exports document.
unsafe fn ask(
    landscape: *const CopLandscape,
    member_key: *const c_char,
    (out, out_name): (*mut bool, &'static str),
    question: impl FnOnce(&Landscape, MemberId) -> bool,
) -> Result<(), Failure> {
    // SAFETY: forwarded to the caller.
    let (landscape, key, out) = unsafe {
        (landscape_ref(landscape)?, text(member_key, "member_key")?, Out::required(out, out_name)?)
    };
    let id = identity(landscape, key)?;
    out.write(question(landscape, id));
    Ok(())
}

/// Whether the member a key belongs to is flagged as a bot (on any of its identities).
///
/// - `landscape`: not NULL; only read.
/// - `member_key`: not NULL; any identity key of the member (NUL-terminated UTF-8, borrowed).
/// - `out_bot`: not NULL; written on success.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` for a key that names no identity.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_is_bot(
    landscape: *const CopLandscape,
    member_key: *const c_char,
    out_bot: *mut bool,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { ask(landscape, member_key, (out_bot, "out_bot"), Landscape::is_bot) }
    })
}

/// Whether the member a key belongs to is flagged as staff (on any of its identities).
///
/// - `landscape`: not NULL; only read.
/// - `member_key`: not NULL; any identity key of the member (NUL-terminated UTF-8, borrowed).
/// - `out_staff`: not NULL; written on success.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` for a key that names no identity.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_is_staff(
    landscape: *const CopLandscape,
    member_key: *const c_char,
    out_staff: *mut bool,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { ask(landscape, member_key, (out_staff, "out_staff"), Landscape::is_staff) }
    })
}

/// Whether analyses leave out the member a key belongs to (a bot, or staff, by the scope).
///
/// - `landscape`: not NULL; only read.
/// - `member_key`: not NULL; any identity key of the member (NUL-terminated UTF-8, borrowed).
/// - `out_left_out`: not NULL; written on success.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` for a key that names no identity.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_is_left_out(
    landscape: *const CopLandscape,
    member_key: *const c_char,
    out_left_out: *mut bool,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { ask(landscape, member_key, (out_left_out, "out_left_out"), Landscape::is_left_out) }
    })
}

/// Sets who analyses see: with `include_bots` false (the default) members flagged as bots are
/// left out, with `include_staff` false (default: true) members flagged as staff are. Events of
/// members left out stay recorded (and in snapshots); `cop_landscape_counts()` and every
/// analysis leave them out. O(events) when it changes anything.
///
/// - `landscape`: not NULL; changed.
///
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// `landscape` is NULL or a valid handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_set_scope(
    landscape: *mut CopLandscape,
    include_bots: bool,
    include_staff: bool,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let landscape = unsafe { landscape_mut(landscape) }?;
        landscape.set_scope(Scope::default().with_bots(include_bots).with_staff(include_staff));
        Ok(())
    })
}

/// Who analyses see (see `cop_landscape_set_scope()`).
///
/// - `landscape`: not NULL; only read.
/// - `out_include_bots`, `out_include_staff`: each may be NULL; on success receives the flag.
///
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_scope(
    landscape: *const CopLandscape,
    out_include_bots: *mut bool,
    out_include_staff: *mut bool,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, out_include_bots, out_include_staff) = unsafe {
            (landscape_ref(landscape)?, Out::optional(out_include_bots), Out::optional(out_include_staff))
        };
        let scope = landscape.scope();
        write_optional(out_include_bots, scope.include_bots);
        write_optional(out_include_staff, scope.include_staff);
        Ok(())
    })
}

/// How many identities, members, bots and staff the landscape holds, and what analyses leave
/// out, as JSON (the core's `PeopleCounts`): `{"identities":3,"members":2,
/// "merges":[["api",1]],"bots":1,"staff":0,"left_out":1,"events_left_out":4}` (`members`:
/// people after merges, bots and staff included; `merges`: identities merged into another
/// member, per rule, rules without merges left out; `left_out`: members analyses leave out by
/// the scope; `events_left_out`: their events).
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
pub unsafe extern "C" fn cop_landscape_people_json(
    landscape: *const CopLandscape,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, out_json) =
            unsafe { (landscape_ref(landscape)?, Out::required(out_json, "out_json")?) };
        json_out(&landscape.people_counts(), out_json)
    })
}

/// Forgets the member a key belongs to — the right to erasure of data-protection law: their
/// events, every one of their identities (keys, names, e-mail addresses), their competences,
/// interests, memberships, declared mentoring ties, authorships and mentions in value stories.
/// Events of others aimed at them lose their target; everything else stays. Member ids after
/// theirs move down. For a landscape from `cop_landscape_open()`, the file is compacted before
/// this returns, so that its snapshot and journal no longer hold them either (SQLite may keep
/// the old bytes in free pages of the file until they are reused).
///
/// - `landscape`: not NULL; changed.
/// - `member_key`: not NULL; any identity key of the member (NUL-terminated UTF-8, borrowed).
/// - `out_events_removed`: may be NULL; on success receives how many events were removed.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` for a key that names no identity; `COP_STATUS_IO` if the
/// file of an opened landscape cannot be written (the member is forgotten in memory then; call
/// `cop_landscape_compact()` again).
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_forget(
    landscape: *mut CopLandscape,
    member_key: *const c_char,
    out_events_removed: *mut usize,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (handle, key, out_events_removed) = unsafe {
            (handle_mut(landscape)?, text(member_key, "member_key")?, Out::optional(out_events_removed))
        };
        let id = identity(&handle.inner, key)?;
        let removed = handle.inner.forget(id)?;
        if let Some(store) = &mut handle.store {
            store.compact(&handle.inner)?;
        }
        write_optional(out_events_removed, removed);
        Ok(())
    })
}

/// What an identities file changed.
///
/// Ownership: a plain struct written by the `cop_landscape_import_identities_*()` functions.
/// Thread-safety: a plain value.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CopIdentitiesReport {
    /// Lines read (the header excluded).
    pub lines: usize,
    /// Identities merged into another member.
    pub merged: usize,
    /// Identities split off into a member of their own.
    pub split: usize,
}

impl From<IdentitiesReport> for CopIdentitiesReport {
    fn from(report: IdentitiesReport) -> Self {
        CopIdentitiesReport { lines: report.lines, merged: report.merged, split: report.split }
    }
}

/// Applies an identities file at a path: CSV with the header `identity,member` (other columns
/// are ignored). Each line says that the identity key `identity` belongs to the member known by
/// the key `member`: the identity is merged into that member by the rule `"file"`. A line whose
/// two keys are the same splits the identity off: it becomes a member of its own again. Both
/// keys must exist. The whole file is checked before anything changes; the merges are then
/// made in one pass over the events.
///
/// - `landscape`: not NULL; changed.
/// - `path`: not NULL; NUL-terminated UTF-8, borrowed for the call; errors name the file by it.
/// - `out_report`: may be NULL; on success receives the numbers of lines, merges and splits.
///
/// Errors: `COP_STATUS_RECORD` for a bad line (nothing changes then): the message reads
/// `path:line:column: field `member`: unknown member `nobody``, and the position is also
/// available from `cop_last_error_line()`, `cop_last_error_column()` and
/// `cop_last_error_field()` (line 1 for a header without the two columns).
/// `COP_STATUS_IO` if the file cannot be read.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_import_identities_path(
    landscape: *mut CopLandscape,
    path: *const c_char,
    out_report: *mut CopIdentitiesReport,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, path, out_report) =
            unsafe { (landscape_mut(landscape)?, text(path, "path")?, Out::optional(out_report)) };
        let file = File::open(path).map_err(|e| file_error(path, e))?;
        let report = landscape
            .import_identities(file, Some(path))
            .map_err(|e| crate::args::about_file(path, e.into()))?;
        write_optional(out_report, report.into());
        Ok(())
    })
}

/// Applies an identities file held in memory (`len` bytes at `data`), as
/// `cop_landscape_import_identities_path()` does.
///
/// - `landscape`: not NULL; changed.
/// - `data`: `len` bytes read during the call; may be NULL when `len` is 0.
/// - `source`: may be NULL; a name for the input in error messages (NUL-terminated UTF-8).
/// - `out_report`: may be NULL; on success receives the numbers of lines, merges and splits.
///
/// Errors: as for `cop_landscape_import_identities_path()`.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_import_identities_buffer(
    landscape: *mut CopLandscape,
    data: *const u8,
    len: usize,
    source: *const c_char,
    out_report: *mut CopIdentitiesReport,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, data, source, out_report) = unsafe {
            (
                landscape_mut(landscape)?,
                bytes(data, len, "data")?,
                optional_text(source, "source")?,
                Out::optional(out_report),
            )
        };
        let report = landscape.import_identities(data, source)?;
        write_optional(out_report, report.into());
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::cop_last_error_message;
    use crate::landscape::{cop_landscape_counts, cop_landscape_free, cop_landscape_new};
    use std::ffi::CStr;
    use std::ptr::{null, null_mut};

    fn message() -> String {
        // SAFETY: valid until the next status-returning call.
        unsafe { CStr::from_ptr(cop_last_error_message()) }.to_str().unwrap().to_owned()
    }

    #[test]
    fn merges_flags_and_forgetting_by_key() {
        let csv = "member,time,kind\nada@home,2024-01-01,ask\nada@work,2024-01-02,answer\n\
                   dependabot[bot],2024-01-03,commit\n";
        let mut handle = null_mut();
        let members = |handle: *mut CopLandscape| {
            let mut counts = crate::landscape::CopCounts::default();
            // SAFETY: a live handle and a valid out-param.
            assert_eq!(unsafe { cop_landscape_counts(handle, &mut counts) }, CopStatus::Ok);
            (counts.members, counts.events)
        };
        // SAFETY: every pointer is valid or NULL where NULL is allowed.
        unsafe {
            assert_eq!(cop_landscape_new(&mut handle), CopStatus::Ok);
            let status = crate::import::cop_landscape_import_csv_buffer(
                handle,
                csv.as_ptr(),
                csv.len(),
                null(),
                null_mut(),
                null_mut(),
            );
            assert_eq!(status, CopStatus::Ok);
            assert_eq!(members(handle), (2, 2), "the bot is left out");
            let mut changed = false;
            let status =
                cop_landscape_merge(handle, c"ada@home".as_ptr(), c"ada@work".as_ptr(), null(), &mut changed);
            assert_eq!((status, changed), (CopStatus::Ok, true));
            assert_eq!(members(handle), (1, 2));
            let status = cop_landscape_merge(
                handle,
                c"ada@home".as_ptr(),
                c"ada@work".as_ptr(),
                c"nope".as_ptr(),
                null_mut(),
            );
            assert_eq!(status, CopStatus::InvalidValue);
            assert!(
                message().starts_with("invalid rule: `nope` is not a merge rule (email, "),
                "{}",
                message()
            );
            let status = cop_landscape_unmerge(handle, c"nobody".as_ptr());
            assert_eq!(status, CopStatus::UnknownKey);
            assert_eq!(cop_landscape_unmerge(handle, c"ada@work".as_ptr()), CopStatus::Ok);
            assert_eq!(cop_landscape_unmerge(handle, c"ada@work".as_ptr()), CopStatus::InvalidValue);
            assert_eq!(members(handle), (2, 2));

            let (mut bots, mut staff) = (false, false);
            assert_eq!(cop_landscape_scope(handle, &mut bots, &mut staff), CopStatus::Ok);
            assert_eq!((bots, staff), (false, true));
            assert_eq!(cop_landscape_set_scope(handle, true, true), CopStatus::Ok);
            assert_eq!(members(handle), (3, 3));
            let mut removed = 0;
            assert_eq!(
                cop_landscape_forget(handle, c"dependabot[bot]".as_ptr(), &mut removed),
                CopStatus::Ok
            );
            assert_eq!((removed, members(handle)), (1, (2, 2)));

            let file = "identity,member\nada@work,nobody\n";
            let status = cop_landscape_import_identities_buffer(
                handle,
                file.as_ptr(),
                file.len(),
                c"people.csv".as_ptr(),
                null_mut(),
            );
            assert_eq!(status, CopStatus::Record);
            assert_eq!(message(), "people.csv:2:2: field `member`: unknown member `nobody`");
            cop_landscape_free(handle);
        }
    }
}
