//! Building the whole model: a community's kind, orientation and spaces; a member's competence,
//! interests, mentoring capacity, availability and affiliation; artifacts with their authors,
//! domains and date; and reading them back — each entity, and the relationship graph's ties —
//! as JSON. Entities are named by key (the core's `model::edit`). Every function here was added
//! in ABI version 12.

use std::ffi::c_char;

use cop_core::{
    Artifact, ArtifactId, CommunityId, CommunityKind, Competence, DomainId, Entity, Landscape, MemberId,
    Orientation, Space, Visibility,
};

use crate::args::{Out, checked_time, optional_text, text, unknown_key, write_optional};
use crate::error::{CopStatus, Failure};
use crate::landscape::{CopLandscape, landscape_mut, landscape_ref};
use crate::report::json_out;

/// The community with this key.
fn community(landscape: &Landscape, key: &str) -> Result<CommunityId, Failure> {
    landscape.community_id(key).ok_or_else(|| unknown_key(Entity::Community, key))
}

/// The member known by this key (the member an identity was merged into, for a merged one).
fn member(landscape: &Landscape, key: &str) -> Result<MemberId, Failure> {
    landscape.member_id(key).ok_or_else(|| unknown_key(Entity::Member, key))
}

/// The domain at this path.
fn domain(landscape: &Landscape, path: &str) -> Result<DomainId, Failure> {
    landscape.domain_id(path).ok_or_else(|| unknown_key(Entity::Domain, path))
}

/// The artifact with this key.
fn artifact(landscape: &Landscape, key: &str) -> Result<ArtifactId, Failure> {
    landscape.artifact_id(key).ok_or_else(|| unknown_key(Entity::Artifact, key))
}

// ----- communities ---------------------------------------------------------------------------

/// Sets what sort of community it is.
///
/// - `landscape`: not NULL; changed.
/// - `community_key`: not NULL; the community's key (`"default"` for the default community).
/// - `kind`: not NULL; `"open"` (the default of a new community: open to anyone who joins),
///   `"internal"` (inside one organisation), `"product"` (gathered around a product) or
///   `"local"` (a group that meets in person); ASCII case is ignored.
///
/// Strings are NUL-terminated UTF-8, borrowed for the call. On a landscape kept in a file
/// (`cop_landscape_open()`), the change is on the disk after the next `cop_landscape_compact()`.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` if no community has this key, `COP_STATUS_INVALID_VALUE`
/// for another kind (the message lists the kinds). A refused call changes nothing.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_set_community_kind(
    landscape: *mut CopLandscape,
    community_key: *const c_char,
    kind: *const c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key, kind) =
            unsafe { (landscape_mut(landscape)?, text(community_key, "community_key")?, text(kind, "kind")?) };
        let kind: CommunityKind = kind.parse()?;
        landscape.set_community_kind(community(landscape, key)?, kind)?;
        Ok(())
    })
}

/// Sets where a community sits on the practice / product / play spectrum.
///
/// - `landscape`: not NULL; changed.
/// - `community_key`: not NULL; the community's key.
/// - `orientation`: not NULL; `"practice"` (the default: getting better at a shared practice),
///   `"product"` (a product and its users) or `"play"` (a shared interest for its own sake);
///   ASCII case is ignored.
///
/// Strings are NUL-terminated UTF-8, borrowed for the call. On a landscape kept in a file, the
/// change is on the disk after the next `cop_landscape_compact()`.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` if no community has this key, `COP_STATUS_INVALID_VALUE`
/// for another orientation. A refused call changes nothing.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_set_community_orientation(
    landscape: *mut CopLandscape,
    community_key: *const c_char,
    orientation: *const c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key, orientation) = unsafe {
            (landscape_mut(landscape)?, text(community_key, "community_key")?, text(orientation, "orientation")?)
        };
        let orientation: Orientation = orientation.parse()?;
        landscape.set_community_orientation(community(landscape, key)?, orientation)?;
        Ok(())
    })
}

/// Adds a space where a community meets (a channel, a forum, a repository, a room), or sets
/// the visibility of its space of that name: spaces are told apart by name.
///
/// - `landscape`: not NULL; changed.
/// - `community_key`: not NULL; the community's key.
/// - `name`: not NULL; the space's name: not empty, at most 1,024 bytes.
/// - `visibility`: not NULL; `"public"` (anyone can see it) or `"private"` (only members);
///   ASCII case is ignored.
///
/// Strings are NUL-terminated UTF-8, borrowed for the call. On a landscape kept in a file, the
/// change is on the disk after the next `cop_landscape_compact()`.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` if no community has this key, `COP_STATUS_INVALID_VALUE`
/// for an empty or too long name or another visibility. A refused call changes nothing.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_add_space(
    landscape: *mut CopLandscape,
    community_key: *const c_char,
    name: *const c_char,
    visibility: *const c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key, name, visibility) = unsafe {
            (
                landscape_mut(landscape)?,
                text(community_key, "community_key")?,
                text(name, "name")?,
                text(visibility, "visibility")?,
            )
        };
        let visibility: Visibility = visibility.parse()?;
        let id = community(landscape, key)?;
        landscape.add_space(id, Space { name: name.to_owned(), visibility })?;
        Ok(())
    })
}

// ----- members -------------------------------------------------------------------------------

/// Sets a member's competence in a domain (replacing an earlier level there), on the five
/// stages of the Dreyfus model.
///
/// - `landscape`: not NULL; changed.
/// - `member_key`: not NULL; the member's key (or the key of an identity merged into it).
/// - `domain_path`: not NULL; the domain's path, as `cop_landscape_domain_id()` finds it.
/// - `level`: not NULL; `"novice"`, `"advanced_beginner"`, `"competent"`, `"proficient"` or
///   `"expert"`; ASCII case is ignored and a space may stand for the underscore.
///
/// Strings are NUL-terminated UTF-8, borrowed for the call. On a landscape kept in a file, the
/// change is on the disk after the next `cop_landscape_compact()`.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` if no member has this key or no domain this path,
/// `COP_STATUS_INVALID_VALUE` for another level (the message lists the levels). A refused
/// call changes nothing.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_set_competence(
    landscape: *mut CopLandscape,
    member_key: *const c_char,
    domain_path: *const c_char,
    level: *const c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key, path, level) = unsafe {
            (
                landscape_mut(landscape)?,
                text(member_key, "member_key")?,
                text(domain_path, "domain_path")?,
                text(level, "level")?,
            )
        };
        let level: Competence = level.parse()?;
        let (id, domain) = (member(landscape, key)?, domain(landscape, path)?);
        landscape.set_competence(id, domain, level)?;
        Ok(())
    })
}

/// Adds a domain to a member's interests (once).
///
/// - `landscape`: not NULL; changed.
/// - `member_key`: not NULL; the member's key (or the key of an identity merged into it).
/// - `domain_path`: not NULL; the domain's path.
///
/// Strings are NUL-terminated UTF-8, borrowed for the call. On a landscape kept in a file, the
/// change is on the disk after the next `cop_landscape_compact()`.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` if no member has this key or no domain this path. A refused
/// call changes nothing.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_add_interest(
    landscape: *mut CopLandscape,
    member_key: *const c_char,
    domain_path: *const c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key, path) =
            unsafe { (landscape_mut(landscape)?, text(member_key, "member_key")?, text(domain_path, "domain_path")?) };
        let (id, domain) = (member(landscape, key)?, domain(landscape, path)?);
        landscape.add_interest(id, domain)?;
        Ok(())
    })
}

/// Sets how many mentees a member can take at once (0, the default: not mentoring). Mentor
/// suggestions (`cop_participation_suggest_mentors_json()`) respect it.
///
/// - `landscape`: not NULL; changed.
/// - `member_key`: not NULL; the member's key (NUL-terminated UTF-8, borrowed for the call).
///
/// On a landscape kept in a file, the change is on the disk after the next
/// `cop_landscape_compact()`.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` if no member has this key.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_set_mentoring_capacity(
    landscape: *mut CopLandscape,
    member_key: *const c_char,
    capacity: u32,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key) = unsafe { (landscape_mut(landscape)?, text(member_key, "member_key")?) };
        landscape.set_mentoring_capacity(member(landscape, key)?, capacity)?;
        Ok(())
    })
}

/// Sets the hours per week a member can give, or makes it unknown again (the default).
///
/// - `landscape`: not NULL; changed.
/// - `member_key`: not NULL; the member's key (NUL-terminated UTF-8, borrowed for the call).
/// - `hours_per_week`: finite and not negative; NaN (`NAN` of `<math.h>`) for unknown.
///
/// On a landscape kept in a file, the change is on the disk after the next
/// `cop_landscape_compact()`.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` if no member has this key, `COP_STATUS_INVALID_VALUE` for a
/// negative or infinite number of hours. A refused call changes nothing.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_set_availability(
    landscape: *mut CopLandscape,
    member_key: *const c_char,
    hours_per_week: f64,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key) = unsafe { (landscape_mut(landscape)?, text(member_key, "member_key")?) };
        let hours = (!hours_per_week.is_nan()).then_some(hours_per_week as f32);
        let id = member(landscape, key)?;
        landscape.set_availability(id, hours)?;
        Ok(())
    })
}

/// Sets a member's employer or organisation (what concentration metrics group by), or makes it
/// unknown again (the default).
///
/// - `landscape`: not NULL; changed.
/// - `member_key`: not NULL; the member's key.
/// - `affiliation`: the affiliation, not empty and at most 1,024 bytes; NULL for unknown.
///
/// Strings are NUL-terminated UTF-8, borrowed for the call. On a landscape kept in a file, the
/// change is on the disk after the next `cop_landscape_compact()`.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` if no member has this key, `COP_STATUS_INVALID_VALUE` for
/// an empty or too long affiliation. A refused call changes nothing.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_set_affiliation(
    landscape: *mut CopLandscape,
    member_key: *const c_char,
    affiliation: *const c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key, affiliation) = unsafe {
            (landscape_mut(landscape)?, text(member_key, "member_key")?, optional_text(affiliation, "affiliation")?)
        };
        landscape.set_affiliation(member(landscape, key)?, affiliation)?;
        Ok(())
    })
}

// ----- artifacts -----------------------------------------------------------------------------

/// Adds an artifact of the shared repertoire (a document, an answer, a tool, a recording) with
/// this key. (Keyed events and imports also create artifacts, with no kind.)
///
/// - `landscape`: not NULL; changed.
/// - `key`: not NULL; the artifact's key.
/// - `kind`: what sort of artifact it is, free text (`"doc"`, `"recording"`, …); NULL for
///   unknown.
/// - `out_id`: may be NULL; on success receives the artifact's id.
///
/// Strings are NUL-terminated UTF-8, borrowed for the call. On a landscape kept in a file, the
/// artifact is on the disk after the next recording call or `cop_landscape_compact()`.
///
/// Errors: `COP_STATUS_DUPLICATE_KEY` if the key exists, `COP_STATUS_INVALID_VALUE` if it is
/// empty, longer than 1,024 bytes or has white space around it.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_add_artifact(
    landscape: *mut CopLandscape,
    key: *const c_char,
    kind: *const c_char,
    out_id: *mut u32,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key, kind, out_id) = unsafe {
            (landscape_mut(landscape)?, text(key, "key")?, optional_text(kind, "kind")?, Out::optional(out_id))
        };
        let id = landscape.add_artifact(key, Artifact::of_kind(kind.unwrap_or_default()))?;
        write_optional(out_id, id.raw());
        Ok(())
    })
}

/// Adds an author to an artifact (once).
///
/// - `landscape`: not NULL; changed.
/// - `artifact_key`: not NULL; the artifact's key.
/// - `member_key`: not NULL; the author's key (or the key of an identity merged into it).
///
/// Strings are NUL-terminated UTF-8, borrowed for the call. On a landscape kept in a file, the
/// change is on the disk after the next `cop_landscape_compact()`.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` if no artifact or no member has the key. A refused call
/// changes nothing.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_add_artifact_author(
    landscape: *mut CopLandscape,
    artifact_key: *const c_char,
    member_key: *const c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, artifact_key, member_key) = unsafe {
            (landscape_mut(landscape)?, text(artifact_key, "artifact_key")?, text(member_key, "member_key")?)
        };
        let (id, author) = (artifact(landscape, artifact_key)?, member(landscape, member_key)?);
        landscape.add_artifact_author(id, author)?;
        Ok(())
    })
}

/// Adds a domain an artifact is about (once).
///
/// - `landscape`: not NULL; changed.
/// - `artifact_key`: not NULL; the artifact's key.
/// - `domain_path`: not NULL; the domain's path.
///
/// Strings are NUL-terminated UTF-8, borrowed for the call. On a landscape kept in a file, the
/// change is on the disk after the next `cop_landscape_compact()`.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` if no artifact has the key or no domain the path. A refused
/// call changes nothing.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_add_artifact_domain(
    landscape: *mut CopLandscape,
    artifact_key: *const c_char,
    domain_path: *const c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, artifact_key, path) = unsafe {
            (landscape_mut(landscape)?, text(artifact_key, "artifact_key")?, text(domain_path, "domain_path")?)
        };
        let (id, domain) = (artifact(landscape, artifact_key)?, domain(landscape, path)?);
        landscape.add_artifact_domain(id, domain)?;
        Ok(())
    })
}

/// Sets when an artifact was created.
///
/// - `landscape`: not NULL; changed.
/// - `artifact_key`: not NULL; the artifact's key (NUL-terminated UTF-8, borrowed for the call).
/// - `created`: seconds since the Unix epoch (UTC), within the range of times (the years 0 to
///   9999).
///
/// On a landscape kept in a file, the change is on the disk after the next
/// `cop_landscape_compact()`.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` if no artifact has the key, `COP_STATUS_INVALID_VALUE` for
/// a time out of range. A refused call changes nothing.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_set_artifact_created(
    landscape: *mut CopLandscape,
    artifact_key: *const c_char,
    created: i64,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key) = unsafe { (landscape_mut(landscape)?, text(artifact_key, "artifact_key")?) };
        let created = cop_core::model::time::from_seconds(checked_time(created, "created")?);
        landscape.set_artifact_created(artifact(landscape, key)?, Some(created))?;
        Ok(())
    })
}

// ----- reading the model back ----------------------------------------------------------------

/// Every tie of the relationship graph as JSON (an array of the core's `KeyedTie`), both ends
/// named by type and key:
/// `[{"from":{"type":"member","key":"ada"},"to":{"type":"domain","key":"testing"},
/// "relation":{"type":"competence","level":"expert"}},…,
/// {"from":{"type":"member","key":"bob"},"to":{"type":"member","key":"ada"},
/// "relation":{"type":"interaction","count":2,"weight":2.0,"first":1704067200,
/// "last":1704067200}}]`.
/// Relations: `membership` (member → community, with its `role`: declared, or `member` when
/// implied by acting there), `competence` (member → domain, with its `level`), `interest`
/// (member → domain), `sub_domain_of` (domain → its parent), `authored` (member → artifact),
/// `about` (artifact → domain), `mentoring` (mentor → mentee) and `interaction` (member →
/// member, aggregated from every event with a target); the last two carry the `count` and
/// total `weight` of their events and the `first` and `last` time (seconds since the epoch; a
/// declared mentoring tie has a count of 0). Ordered by where a tie starts (members, domains,
/// communities, artifacts, each in order of creation), then by relation in the order above,
/// then by where it leads. Members left out of analyses (bots) are listed too.
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
pub unsafe extern "C" fn cop_landscape_ties_json(
    landscape: *const CopLandscape,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, out_json) = unsafe { (landscape_ref(landscape)?, Out::required(out_json, "out_json")?) };
        json_out(&landscape.ties(), out_json)
    })
}

/// A community as JSON (the core's `CommunityDetails`):
/// `{"key":"guild","name":"guild","kind":"internal","orientation":"practice",
/// "spaces":[{"name":"#testing","visibility":"private"}],"domains":["testing"],
/// "charter":null,"created":null}` (`domains`: keys; `charter` as
/// `cop_landscape_set_charter()` takes it).
///
/// - `landscape`: not NULL; only read.
/// - `community_key`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `out_json`: not NULL; on success receives the JSON, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` if no community has this key.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_community_json(
    landscape: *const CopLandscape,
    community_key: *const c_char,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key, out_json) = unsafe {
            (landscape_ref(landscape)?, text(community_key, "community_key")?, Out::required(out_json, "out_json")?)
        };
        let details = landscape.community_details(community(landscape, key)?);
        json_out(&details.ok_or_else(|| unknown_key(Entity::Community, key))?, out_json)
    })
}

/// A member as JSON (the core's `MemberDetails`):
/// `{"key":"ada","joined":"2024-01-01T00:00:00Z","mentoring_capacity":2,"availability":4.5,
/// "affiliation":"Acme","competence":{"testing":"expert"},"interests":["testing"],
/// "communities":{"guild":"member"},"bot":false,"staff":false}` (`joined`: the declared date,
/// or else the time of the first event, or null; `availability` and `affiliation` null when
/// unknown; `competence` by domain key; `communities` by key with the role, declared or implied
/// by the member's events).
///
/// - `landscape`: not NULL; only read.
/// - `member_key`: not NULL; the member's key, or the key of an identity merged into it (which
///   gives the member); NUL-terminated UTF-8, borrowed for the call.
/// - `out_json`: not NULL; on success receives the JSON, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` if no member has this key.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_member_json(
    landscape: *const CopLandscape,
    member_key: *const c_char,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key, out_json) = unsafe {
            (landscape_ref(landscape)?, text(member_key, "member_key")?, Out::required(out_json, "out_json")?)
        };
        let details = landscape.member_details(member(landscape, key)?);
        json_out(&details.ok_or_else(|| unknown_key(Entity::Member, key))?, out_json)
    })
}

/// An artifact as JSON (the core's `ArtifactDetails`):
/// `{"key":"guide","kind":"doc","created":"2024-01-01T00:00:00Z","domains":["testing"],
/// "authors":["ada"]}` (`kind` empty and `created` null when unknown; domains and authors by
/// key, in the order they were added).
///
/// - `landscape`: not NULL; only read.
/// - `artifact_key`: not NULL; NUL-terminated UTF-8, borrowed for the call.
/// - `out_json`: not NULL; on success receives the JSON, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` if no artifact has this key.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_artifact_json(
    landscape: *const CopLandscape,
    artifact_key: *const c_char,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, key, out_json) = unsafe {
            (landscape_ref(landscape)?, text(artifact_key, "artifact_key")?, Out::required(out_json, "out_json")?)
        };
        let details = landscape.artifact_details(artifact(landscape, key)?);
        json_out(&details.ok_or_else(|| unknown_key(Entity::Artifact, key))?, out_json)
    })
}
