//! The landscape handle: creation, entities, kinds, lookups and counts.

use std::ffi::c_char;

use cop_core::{
    ArtifactId, Charter, Community, CommunityId, DomainId, Entity, EventKind, Landscape, Member, MemberId,
    Store, ThreadId,
};

use crate::COP_NONE;
use crate::args::{Out, hand_out, json_value, owned_string, text, unknown_id, unknown_key, write_optional};
use crate::error::{CopStatus, Failure};

/// A landscape: communities, members, domains, artifacts and the event log of what members did.
///
/// Ownership: an opaque handle created by `cop_landscape_new()`, `cop_landscape_open()` (a
/// landscape kept in a file), `cop_landscape_load_snapshot_path()` or
/// `cop_landscape_load_snapshot_buffer()`, owned by the
/// caller and freed with `cop_landscape_free()`.
/// Thread-safety: a landscape may be moved between threads. Functions taking a
/// `const CopLandscape *` only read it and may run concurrently with each other; functions
/// taking a `CopLandscape *` change it and need exclusive access (no other call on the same
/// landscape at the same time).
pub struct CopLandscape {
    pub(crate) inner: Landscape,
    /// The SQLite file that keeps it, for a landscape from `cop_landscape_open()`.
    pub(crate) store: Option<Store>,
}

impl CopLandscape {
    /// Runs a recording call; for a landscape kept in a file, it is journaled before returning.
    pub(crate) fn recording<T>(
        &mut self,
        record: impl FnOnce(&mut Landscape) -> cop_core::Result<T>,
    ) -> cop_core::Result<T> {
        match &mut self.store {
            Some(store) => store.record(&mut self.inner, record),
            None => record(&mut self.inner),
        }
    }
}

/// The handle itself, for recording into it.
///
/// # Safety
/// `ptr` is NULL or a live handle from this library that nothing else uses during `'a`.
pub(crate) unsafe fn handle_mut<'a>(ptr: *mut CopLandscape) -> Result<&'a mut CopLandscape, Failure> {
    // SAFETY: forwarded to the caller.
    unsafe { ptr.as_mut() }.ok_or_else(|| Failure::NullArgument("landscape".into()))
}

/// The landscape behind a read-only handle.
///
/// # Safety
/// `ptr` is NULL or a live handle from this library that no call changes during `'a`.
pub(crate) unsafe fn landscape_ref<'a>(ptr: *const CopLandscape) -> Result<&'a Landscape, Failure> {
    // SAFETY: forwarded to the caller.
    unsafe { ptr.as_ref() }
        .map(|handle| &handle.inner)
        .ok_or_else(|| Failure::NullArgument("landscape".into()))
}

/// The landscape behind a handle, for changing it.
///
/// # Safety
/// `ptr` is NULL or a live handle from this library that nothing else uses during `'a`.
pub(crate) unsafe fn landscape_mut<'a>(ptr: *mut CopLandscape) -> Result<&'a mut Landscape, Failure> {
    // SAFETY: forwarded to the caller.
    unsafe { ptr.as_mut() }
        .map(|handle| &mut handle.inner)
        .ok_or_else(|| Failure::NullArgument("landscape".into()))
}

/// Hands a new landscape out through a `CopLandscape **` out-param.
pub(crate) fn hand_out_landscape(out: Out<*mut CopLandscape>, landscape: Landscape) {
    out.write(Box::into_raw(Box::new(CopLandscape { inner: landscape, store: None })));
}

/// Creates an empty landscape, with its default community (id `COP_DEFAULT_COMMUNITY`, key
/// `"default"`).
///
/// - `out`: not NULL; on success receives the new landscape, owned by the caller and freed with
///   `cop_landscape_free()`.
///
/// Thread-safety: may be called from any thread.
///
/// # Safety
/// `out` is NULL or valid for writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_new(out: *mut *mut CopLandscape) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let out = unsafe { Out::required(out, "out") }?;
        hand_out_landscape(out, Landscape::new());
        Ok(())
    })
}

/// Opens the landscape kept in the SQLite file at `path`, creating the file if it does not
/// exist: its last compacted snapshot with every batch recorded since replayed on it.
///
/// On such a landscape, the recording calls — `cop_landscape_record()`, `_record_batch()`,
/// `_record_keyed()`, `_record_keyed_batch()`, `_record_coded_batch()` and the `_import_*()`
/// calls — are on the disk when they return (one SQLite transaction each; if it fails, the call
/// fails and the landscape is as it was). Any other change (members with details, charters,
/// kind weights, …) is on the disk after the next `cop_landscape_compact()`; members,
/// domains, communities and artifacts added are also written by the next recording call. A
/// process killed at any moment leaves every batch whose call returned and no part of another.
/// The file is SQLite in WAL mode (SQLite is built into this library). One process at a time.
///
/// - `path`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `out`: not NULL; on success receives the landscape, owned by the caller and freed with
///   `cop_landscape_free()` (which closes the file).
///
/// Errors: `COP_STATUS_IO` if the file cannot be opened or is not such a file,
/// `COP_STATUS_SNAPSHOT` if its content is damaged.
/// Thread-safety: may be called from any thread.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_open(path: *const c_char, out: *mut *mut CopLandscape) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (path, out) = unsafe { (text(path, "path")?, Out::required(out, "out")?) };
        let (store, landscape) = Store::open(path)?;
        out.write(Box::into_raw(Box::new(CopLandscape { inner: landscape, store: Some(store) })));
        Ok(())
    })
}

/// Writes the whole landscape to its file and empties the file's journal, in one transaction:
/// every change so far is on the disk when it returns. Does nothing for a landscape not from
/// `cop_landscape_open()`.
///
/// - `landscape`: not NULL.
///
/// Errors: `COP_STATUS_IO` if the file cannot be written (it keeps what it had).
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// `landscape` is NULL or a live handle from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_compact(landscape: *mut CopLandscape) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let handle = unsafe { handle_mut(landscape) }?;
        if let Some(store) = &mut handle.store {
            store.compact(&handle.inner)?;
        }
        Ok(())
    })
}

/// Frees a landscape. NULL is ignored.
///
/// Ownership: takes ownership of `landscape`; it must not be used afterwards.
/// Thread-safety: no other call may use `landscape` at the same time.
///
/// # Safety
/// `landscape` is NULL or a handle from this library that was not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_free(landscape: *mut CopLandscape) {
    ffi_boundary!(or(), {
        if !landscape.is_null() {
            // SAFETY: the handle came from `Box::into_raw` and is freed once.
            drop(unsafe { Box::from_raw(landscape) });
        }
    })
}

// ----- entities ------------------------------------------------------------------------------

/// Adds a community with this key (its display name is the key).
///
/// - `landscape`: not NULL; changed.
/// - `key`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `out_id`: may be NULL; on success receives the community's id.
///
/// Errors: `COP_STATUS_DUPLICATE_KEY` if the key exists, `COP_STATUS_INVALID_VALUE` if it is
/// empty, `COP_STATUS_CAPACITY` beyond 65536 communities.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_add_community(
    landscape: *mut CopLandscape,
    key: *const c_char,
    out_id: *mut u32,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key, out_id) =
            unsafe { (landscape_mut(landscape)?, text(key, "key")?, Out::optional(out_id)) };
        let id = landscape.add_community(key, Community::named(key))?;
        write_optional(out_id, id.raw());
        Ok(())
    })
}

/// Adds a domain to a community's domains (once).
///
/// - `landscape`: not NULL; changed.
///
/// Errors: `COP_STATUS_UNKNOWN_ID` if the community or the domain does not exist.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// `landscape` is NULL or a valid handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_add_community_domain(
    landscape: *mut CopLandscape,
    community: u32,
    domain: u32,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let landscape = unsafe { landscape_mut(landscape) }?;
        landscape.add_community_domain(CommunityId::from_raw(community), DomainId::from_raw(domain))?;
        Ok(())
    })
}

/// Sets (or removes) a community's charter: its purpose, its audience and measurable goals, each
/// a health metric (the core's `HealthReport::METRICS`: `active_members`, `newcomers` — the
/// newcomers in the window, `newcomers_in_window` in `cop_landscape_health_json()` —,
/// `unanswered_share`, …) with a target and a deadline. The report
/// (`cop_landscape_report_json()`) measures every goal of every charter.
///
/// - `landscape`: not NULL; changed.
/// - `community`: a community id (`COP_DEFAULT_COMMUNITY` for the default one).
/// - `charter_json`: not NULL; NUL-terminated UTF-8 JSON of the core's `Charter`, every field
///   required: `{"purpose": "learn testing together", "audience": "everyone who writes tests",
///   "goals": [{"metric": "active_members", "target": 4, "deadline":
///   "2024-12-31T00:00:00Z"}]}` (`deadline`: an RFC 3339 date), or `null` to remove the
///   charter. Borrowed for the call; the charter replaces any earlier one.
///
/// Errors: `COP_STATUS_INVALID_VALUE` for JSON that is not a charter (the message names the
/// problem: `invalid charter: missing field …`), `COP_STATUS_UNKNOWN_ID` if the community does
/// not exist, `COP_STATUS_INVALID_UTF8` if `charter_json` is not UTF-8. A refused charter
/// changes nothing.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_set_charter(
    landscape: *mut CopLandscape,
    community: u32,
    charter_json: *const c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, charter_json) =
            unsafe { (landscape_mut(landscape)?, text(charter_json, "charter_json")?) };
        let charter: Option<Charter> = json_value(charter_json, "charter")?;
        let target = landscape
            .community_mut(CommunityId::from_raw(community))
            .ok_or_else(|| unknown_id(Entity::Community, community))?;
        target.charter = charter;
        Ok(())
    })
}

/// Adds a domain by path (`"testing/performance"`), creating its missing ancestors
/// (`"testing"`) as well.
///
/// - `landscape`: not NULL; changed.
/// - `path`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `out_id`: may be NULL; on success receives the id of the domain at the end of the path.
///
/// Errors: `COP_STATUS_DUPLICATE_KEY` if the domain exists, `COP_STATUS_INVALID_VALUE` if the
/// path has an empty segment, more than 32 segments or more than 1,024 bytes.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_add_domain(
    landscape: *mut CopLandscape,
    path: *const c_char,
    out_id: *mut u32,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, path, out_id) =
            unsafe { (landscape_mut(landscape)?, text(path, "path")?, Out::optional(out_id)) };
        let id = landscape.add_domain(path)?;
        write_optional(out_id, id.raw());
        Ok(())
    })
}

/// Makes `child` a sub-domain of `parent`, or a root domain when `parent` is `COP_NONE`.
///
/// - `landscape`: not NULL; changed.
///
/// Errors: `COP_STATUS_UNKNOWN_ID` if a domain does not exist, `COP_STATUS_DOMAIN_CYCLE` if
/// `parent` is `child` or one of its sub-domains, `COP_STATUS_INVALID_VALUE` if the taxonomy
/// would be more than 32 domains deep.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// `landscape` is NULL or a valid handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_set_domain_parent(
    landscape: *mut CopLandscape,
    child: u32,
    parent: u32,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let landscape = unsafe { landscape_mut(landscape) }?;
        let parent = (parent != COP_NONE).then_some(DomainId::from_raw(parent));
        landscape.set_parent_domain(DomainId::from_raw(child), parent)?;
        Ok(())
    })
}

/// Adds a member with this key and default attributes.
///
/// - `landscape`: not NULL; changed.
/// - `key`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `out_id`: may be NULL; on success receives the member's id.
///
/// Errors: `COP_STATUS_DUPLICATE_KEY` if the key exists, `COP_STATUS_INVALID_VALUE` if it is
/// empty or longer than 1,024 bytes.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_add_member(
    landscape: *mut CopLandscape,
    key: *const c_char,
    out_id: *mut u32,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key, out_id) =
            unsafe { (landscape_mut(landscape)?, text(key, "key")?, Out::optional(out_id)) };
        let id = landscape.add_member(key, Member::default())?;
        write_optional(out_id, id.raw());
        Ok(())
    })
}

// ----- kinds ---------------------------------------------------------------------------------

/// The code of the event kind with this name (`"answer"`, `"commit"`, …), for `CopEvent.kind`.
/// Names are matched without regard to ASCII case (`"ANSWER"` is `"answer"`). A name that is not
/// a known kind is added as a custom kind under its lowercase name (a word: `a-z`, `0-9`, `_`,
/// `-`).
///
/// - `landscape`: not NULL; changed when a custom kind is added.
/// - `name`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `out_code`: not NULL; on success receives the kind's code.
///
/// Errors: `COP_STATUS_INVALID_VALUE` for a name that is not a word (the message names the
/// known kinds),
/// `COP_STATUS_CAPACITY` beyond 224 custom kinds.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_kind(
    landscape: *mut CopLandscape,
    name: *const c_char,
    out_code: *mut u32,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, name, out_code) = unsafe {
            (landscape_mut(landscape)?, text(name, "name")?, Out::required(out_code, "out_code")?)
        };
        let kind = landscape.intern_kind(name)?;
        out_code.write(kind.code().into());
        Ok(())
    })
}

/// The kind of a code, if the landscape knows it.
pub(crate) fn known_kind(landscape: &Landscape, code: u32) -> Result<EventKind, Failure> {
    u8::try_from(code)
        .ok()
        .and_then(EventKind::from_code)
        .filter(|&kind| landscape.kind_name(kind).is_some())
        .ok_or_else(|| unknown_id(Entity::Kind, code))
}

/// The name of the event kind with this code.
///
/// - `landscape`: not NULL; only read.
/// - `out_name`: not NULL; on success receives the name, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: `COP_STATUS_UNKNOWN_ID` for a code that is no kind of this landscape.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_kind_name(
    landscape: *const CopLandscape,
    code: u32,
    out_name: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, out_name) =
            unsafe { (landscape_ref(landscape)?, Out::required(out_name, "out_name")?) };
        let kind = known_kind(landscape, code)?;
        let name = landscape.kind_name(kind).unwrap_or_default();
        hand_out(out_name, owned_string(name, "kind")?);
        Ok(())
    })
}

/// Sets the centrality weight of an event kind (finite, not negative). The interaction graph is
/// re-aggregated, which takes time linear in the number of events.
///
/// - `landscape`: not NULL; changed.
///
/// Errors: `COP_STATUS_UNKNOWN_ID` for an unknown code, `COP_STATUS_INVALID_VALUE` for a
/// negative, infinite or NaN weight.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// `landscape` is NULL or a valid handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_set_kind_weight(
    landscape: *mut CopLandscape,
    code: u32,
    weight: f64,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let landscape = unsafe { landscape_mut(landscape) }?;
        let kind = known_kind(landscape, code)?;
        landscape.set_kind_weight(kind, weight as f32)?;
        Ok(())
    })
}

// ----- lookups -------------------------------------------------------------------------------

/// Looks a key up and writes its id.
///
/// # Safety
/// The pointers are NULL or valid as the exports document.
unsafe fn lookup_id(
    landscape: *const CopLandscape,
    (key, key_name): (*const c_char, &'static str),
    out_id: *mut u32,
    entity: Entity,
    find: impl FnOnce(&Landscape, &str) -> Option<u32>,
) -> Result<(), Failure> {
    // SAFETY: forwarded to the caller.
    let (landscape, key, out_id) =
        unsafe { (landscape_ref(landscape)?, text(key, key_name)?, Out::required(out_id, "out_id")?) };
    let id = find(landscape, key).ok_or_else(|| unknown_key(entity, key))?;
    out_id.write(id);
    Ok(())
}

/// Looks an id up and hands its key out.
///
/// # Safety
/// The pointers are NULL or valid as the exports document.
unsafe fn lookup_key(
    landscape: *const CopLandscape,
    id: u32,
    out_key: *mut *mut c_char,
    entity: Entity,
    find: impl for<'l> FnOnce(&'l Landscape, u32) -> Option<&'l str>,
) -> Result<(), Failure> {
    // SAFETY: forwarded to the caller.
    let (landscape, out_key) = unsafe { (landscape_ref(landscape)?, Out::required(out_key, "out_key")?) };
    let key = find(landscape, id).ok_or_else(|| unknown_id(entity, id))?;
    hand_out(out_key, owned_string(key, "key")?);
    Ok(())
}

/// The id of the member known by this key: the member of this identity key, or the member it
/// was merged into (`cop_landscape_merge()`).
///
/// - `landscape`: not NULL; only read.
/// - `key`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `out_id`: not NULL; written on success.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` if no identity has this key.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_member_id(
    landscape: *const CopLandscape,
    key: *const c_char,
    out_id: *mut u32,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { lookup_id(landscape, (key, "key"), out_id, Entity::Member, |l, k| l.member_id(k).map(MemberId::raw)) }
    })
}

/// The key of the member (or identity) with this id.
///
/// - `landscape`: not NULL; only read.
/// - `out_key`: not NULL; on success receives the key, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: `COP_STATUS_UNKNOWN_ID` if no member has this id.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_member_key(
    landscape: *const CopLandscape,
    id: u32,
    out_key: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { lookup_key(landscape, id, out_key, Entity::Member, |l, id| l.member_key(MemberId::from_raw(id))) }
    })
}

/// The id of the domain at this path: its exact key, or names walked from a root (a domain
/// `"performance"` made a sub-domain of `"testing"` is found as `"testing/performance"`).
///
/// - `landscape`: not NULL; only read.
/// - `path`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `out_id`: not NULL; written on success.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` if no domain is at this path.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_domain_id(
    landscape: *const CopLandscape,
    path: *const c_char,
    out_id: *mut u32,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { lookup_id(landscape, (path, "path"), out_id, Entity::Domain, |l, k| l.domain_id(k).map(DomainId::raw)) }
    })
}

/// The key of the domain with this id (the path it was created with).
///
/// - `landscape`: not NULL; only read.
/// - `out_key`: not NULL; on success receives the key, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: `COP_STATUS_UNKNOWN_ID` if no domain has this id.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_domain_key(
    landscape: *const CopLandscape,
    id: u32,
    out_key: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { lookup_key(landscape, id, out_key, Entity::Domain, |l, id| l.domain_key(DomainId::from_raw(id))) }
    })
}

/// The id of a domain's parent, or `COP_NONE` for a root domain.
///
/// - `landscape`: not NULL; only read.
/// - `out_parent`: not NULL; written on success.
///
/// Errors: `COP_STATUS_UNKNOWN_ID` if no domain has this id.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_domain_parent(
    landscape: *const CopLandscape,
    id: u32,
    out_parent: *mut u32,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, out_parent) =
            unsafe { (landscape_ref(landscape)?, Out::required(out_parent, "out_parent")?) };
        let domain = landscape
            .taxonomy()
            .get(DomainId::from_raw(id))
            .ok_or_else(|| unknown_id(Entity::Domain, id))?;
        out_parent.write(domain.parent.map_or(COP_NONE, DomainId::raw));
        Ok(())
    })
}

/// The id of the community with this key (`"default"` is `COP_DEFAULT_COMMUNITY`).
///
/// - `landscape`: not NULL; only read.
/// - `key`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `out_id`: not NULL; written on success.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` if no community has this key.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_community_id(
    landscape: *const CopLandscape,
    key: *const c_char,
    out_id: *mut u32,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { lookup_id(landscape, (key, "key"), out_id, Entity::Community, |l, k| l.community_id(k).map(CommunityId::raw)) }
    })
}

/// The key of the community with this id.
///
/// - `landscape`: not NULL; only read.
/// - `out_key`: not NULL; on success receives the key, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: `COP_STATUS_UNKNOWN_ID` if no community has this id.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_community_key(
    landscape: *const CopLandscape,
    id: u32,
    out_key: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { lookup_key(landscape, id, out_key, Entity::Community, |l, id| l.community_key(CommunityId::from_raw(id))) }
    })
}

/// The id of the artifact with this key (artifacts are created by keyed events and imports).
///
/// - `landscape`: not NULL; only read.
/// - `key`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `out_id`: not NULL; written on success.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` if no artifact has this key.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_artifact_id(
    landscape: *const CopLandscape,
    key: *const c_char,
    out_id: *mut u32,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { lookup_id(landscape, (key, "key"), out_id, Entity::Artifact, |l, k| l.artifact_id(k).map(ArtifactId::raw)) }
    })
}

/// The key of the artifact with this id.
///
/// - `landscape`: not NULL; only read.
/// - `out_key`: not NULL; on success receives the key, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: `COP_STATUS_UNKNOWN_ID` if no artifact has this id.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_artifact_key(
    landscape: *const CopLandscape,
    id: u32,
    out_key: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { lookup_key(landscape, id, out_key, Entity::Artifact, |l, id| l.artifact_key(ArtifactId::from_raw(id))) }
    })
}

// ----- threads -------------------------------------------------------------------------------

/// The id of the thread with this key, created if it is new: for `CopEvent.thread`. (Keyed
/// events and imports create threads by key themselves.)
///
/// - `landscape`: not NULL; changed when the thread is new.
/// - `key`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `out_id`: may be NULL; on success receives the thread's id.
///
/// Errors: `COP_STATUS_INVALID_VALUE` for an empty key.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_ensure_thread(
    landscape: *mut CopLandscape,
    key: *const c_char,
    out_id: *mut u32,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key, out_id) =
            unsafe { (landscape_mut(landscape)?, text(key, "key")?, Out::optional(out_id)) };
        let id = landscape.ensure_thread(key)?;
        write_optional(out_id, id.raw());
        Ok(())
    })
}

/// The key of the thread with this id.
///
/// - `landscape`: not NULL; only read.
/// - `out_key`: not NULL; on success receives the key, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: `COP_STATUS_UNKNOWN_ID` if no thread has this id.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_thread_key(
    landscape: *const CopLandscape,
    id: u32,
    out_key: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { lookup_key(landscape, id, out_key, Entity::Thread, |l, id| l.thread_key(ThreadId::from_raw(id))) }
    })
}

// ----- counts --------------------------------------------------------------------------------

/// How many of each thing a landscape holds.
///
/// Ownership: a plain struct filled by `cop_landscape_counts()`. Thread-safety: a plain value.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CopCounts {
    /// Members: people who acted, were targeted or were added, identities merged into one
    /// counted once; members analyses leave out (bots, by default) are not counted.
    pub members: usize,
    /// Events in the log analyses read (those of members left out are not counted).
    pub events: usize,
    /// Communities, the default one included.
    pub communities: usize,
    /// Domains.
    pub domains: usize,
    /// Artifacts.
    pub artifacts: usize,
}

/// How many members, events, communities, domains and artifacts the landscape holds.
///
/// - `landscape`: not NULL; only read.
/// - `out_counts`: not NULL; written on success.
///
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_counts(
    landscape: *const CopLandscape,
    out_counts: *mut CopCounts,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, out_counts) =
            unsafe { (landscape_ref(landscape)?, Out::required(out_counts, "out_counts")?) };
        let counts = landscape.counts();
        out_counts.write(CopCounts {
            members: counts.members,
            events: counts.events,
            communities: counts.communities,
            domains: counts.domains,
            artifacts: counts.artifacts,
        });
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::cop_last_error_message;
    use std::ffi::CStr;
    use std::ptr::{null, null_mut};

    fn message() -> String {
        // SAFETY: valid until the next status-returning call.
        unsafe { CStr::from_ptr(cop_last_error_message()) }.to_str().unwrap().to_owned()
    }

    #[test]
    fn a_landscape_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<CopLandscape>();
    }

    #[test]
    fn entities_round_trip_through_ids_and_keys() {
        let mut handle = null_mut();
        // SAFETY: every pointer is valid or NULL where NULL is allowed.
        unsafe {
            assert_eq!(cop_landscape_new(&mut handle), CopStatus::Ok);
            let mut id = COP_NONE;
            assert_eq!(cop_landscape_add_member(handle, c"ada".as_ptr(), &mut id), CopStatus::Ok);
            assert_eq!(id, 0);
            assert_eq!(
                cop_landscape_add_member(handle, c"ada".as_ptr(), null_mut()),
                CopStatus::DuplicateKey
            );
            assert_eq!(message(), "member `ada` already exists");
            let mut found = COP_NONE;
            assert_eq!(cop_landscape_member_id(handle, c"ada".as_ptr(), &mut found), CopStatus::Ok);
            assert_eq!(found, 0);
            assert_eq!(cop_landscape_domain_id(handle, null(), &mut found), CopStatus::NullArgument);
            assert_eq!(message(), "argument `path` is NULL");
            let mut key = null_mut();
            assert_eq!(cop_landscape_member_key(handle, 0, &mut key), CopStatus::Ok);
            assert_eq!(CStr::from_ptr(key).to_str().unwrap(), "ada");
            crate::cop_string_free(key);
            cop_landscape_free(handle);
        }
    }
}
