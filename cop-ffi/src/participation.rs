//! Participation analysis: levels and trajectories of every member, behind a handle that also
//! answers the incremental query ("this member's level now, after new events").

use std::ffi::{CString, c_char};
use std::sync::OnceLock;

use cop_core::analysis::Analysis;
use cop_core::participation::analysis::{Options, Participation};
use cop_core::{Entity, Level, MemberId, TrajectoryKind};

use crate::args::{
    Out, OutArray, checked_time, optional_text, static_c_names, text, unknown_id, unknown_key, write_optional,
};
use crate::error::{CopStatus, Failure};
use crate::landscape::{CopLandscape, landscape_ref};
use crate::report::json_out;

/// A participation level, from the centre of a community outwards (in the order of the core's
/// `Level::ALL`, so a smaller value is more central).
///
/// Values are explicit and never renumbered. `cop_level_name()` gives the name used in JSON
/// reports (`"core_group"`, …).
///
/// Thread-safety: a plain value.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CopLevel {
    /// The core group: leads and carries the community.
    CoreGroup = 0,
    /// Takes part regularly.
    Active = 1,
    /// Takes part now and then.
    Occasional = 2,
    /// At the edge: rarely takes part, learns by watching.
    Peripheral = 3,
    /// Comes for (or with) a single service, then leaves.
    Transactional = 4,
    /// Did not take part in the window.
    Outsider = 5,
}

/// A `CopLevel` passed by value, received as its raw value: C may pass any integer, and one that
/// is not a level is refused rather than being undefined behaviour. The header shows it as
/// `CopLevel` (see `[export.rename]` in cbindgen.toml).
pub type CopLevelArg = u32;

impl CopLevel {
    /// Every level, in order of value.
    pub(crate) const ALL: [CopLevel; 6] = [
        CopLevel::CoreGroup,
        CopLevel::Active,
        CopLevel::Occasional,
        CopLevel::Peripheral,
        CopLevel::Transactional,
        CopLevel::Outsider,
    ];

    /// The level with this value, if any.
    pub(crate) fn from_u32(value: u32) -> Option<CopLevel> {
        CopLevel::ALL.iter().copied().find(|&level| level as u32 == value)
    }
}

impl From<Level> for CopLevel {
    /// Exhaustive: a new level of the core breaks the build here.
    fn from(level: Level) -> CopLevel {
        match level {
            Level::CoreGroup => CopLevel::CoreGroup,
            Level::Active => CopLevel::Active,
            Level::Occasional => CopLevel::Occasional,
            Level::Peripheral => CopLevel::Peripheral,
            Level::Transactional => CopLevel::Transactional,
            Level::Outsider => CopLevel::Outsider,
        }
    }
}

impl From<CopLevel> for Level {
    fn from(level: CopLevel) -> Level {
        match level {
            CopLevel::CoreGroup => Level::CoreGroup,
            CopLevel::Active => Level::Active,
            CopLevel::Occasional => Level::Occasional,
            CopLevel::Peripheral => Level::Peripheral,
            CopLevel::Transactional => Level::Transactional,
            CopLevel::Outsider => Level::Outsider,
        }
    }
}

/// The direction of a member's participation over time (Wenger's trajectories), or newcomer /
/// inactive for a history too short or ended (in the order of the core's `TrajectoryKind::ALL`).
///
/// Values are explicit and never renumbered. `cop_trajectory_name()` gives the name used in
/// JSON reports (`"inbound"`, …).
///
/// Thread-safety: a plain value.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CopTrajectory {
    /// Stays at the edge.
    Peripheral = 0,
    /// Moving toward full participation.
    Inbound = 1,
    /// A stable full participant.
    Insider = 2,
    /// Spans and links communities.
    Boundary = 3,
    /// Moving out.
    Outbound = 4,
    /// Too little history to tell.
    Newcomer = 5,
    /// The history has ended (or never began).
    Inactive = 6,
}

/// A `CopTrajectory` passed by value, received as its raw value (see `CopLevelArg`). The header
/// shows it as `CopTrajectory`.
pub type CopTrajectoryArg = u32;

impl CopTrajectory {
    /// Every trajectory, in order of value.
    pub(crate) const ALL: [CopTrajectory; 7] = [
        CopTrajectory::Peripheral,
        CopTrajectory::Inbound,
        CopTrajectory::Insider,
        CopTrajectory::Boundary,
        CopTrajectory::Outbound,
        CopTrajectory::Newcomer,
        CopTrajectory::Inactive,
    ];

    /// The trajectory with this value, if any.
    pub(crate) fn from_u32(value: u32) -> Option<CopTrajectory> {
        CopTrajectory::ALL.iter().copied().find(|&kind| kind as u32 == value)
    }
}

impl From<TrajectoryKind> for CopTrajectory {
    /// Exhaustive: a new trajectory of the core breaks the build here.
    fn from(kind: TrajectoryKind) -> CopTrajectory {
        match kind {
            TrajectoryKind::Peripheral => CopTrajectory::Peripheral,
            TrajectoryKind::Inbound => CopTrajectory::Inbound,
            TrajectoryKind::Insider => CopTrajectory::Insider,
            TrajectoryKind::Boundary => CopTrajectory::Boundary,
            TrajectoryKind::Outbound => CopTrajectory::Outbound,
            TrajectoryKind::Newcomer => CopTrajectory::Newcomer,
            TrajectoryKind::Inactive => CopTrajectory::Inactive,
        }
    }
}

impl From<CopTrajectory> for TrajectoryKind {
    fn from(kind: CopTrajectory) -> TrajectoryKind {
        match kind {
            CopTrajectory::Peripheral => TrajectoryKind::Peripheral,
            CopTrajectory::Inbound => TrajectoryKind::Inbound,
            CopTrajectory::Insider => TrajectoryKind::Insider,
            CopTrajectory::Boundary => TrajectoryKind::Boundary,
            CopTrajectory::Outbound => TrajectoryKind::Outbound,
            CopTrajectory::Newcomer => TrajectoryKind::Newcomer,
            CopTrajectory::Inactive => TrajectoryKind::Inactive,
        }
    }
}

/// A participation analysis: every member's level and trajectory as of a date, with the
/// thresholds kept for cheap incremental queries (`cop_participation_update_member()`).
///
/// Ownership: an opaque handle created by `cop_participation_compute()`, owned by the caller
/// and freed with `cop_participation_free()`. It keeps no pointer to the landscape it was
/// computed from: functions that need member keys or new events take the landscape again.
/// Thread-safety: never changed after it is computed; it may be moved between threads and all
/// calls taking a `const CopParticipation *` may run concurrently. Freeing needs exclusive
/// access.
pub struct CopParticipation {
    inner: Participation,
}

/// The analysis behind a handle.
///
/// # Safety
/// `ptr` is NULL or a live handle from this library, not freed during `'a`.
pub(crate) unsafe fn participation_ref<'a>(
    ptr: *const CopParticipation,
) -> Result<&'a Participation, Failure> {
    // SAFETY: forwarded to the caller.
    unsafe { ptr.as_ref() }
        .map(|handle| &handle.inner)
        .ok_or_else(|| Failure::NullArgument("participation".into()))
}

/// Computes every member's participation level as of `as_of`, their levels per period since the
/// first event (the timeline) and their trajectories.
///
/// - `landscape`: not NULL; only read. The analysis does not refer to it afterwards.
/// - `as_of`: the date, in seconds since the Unix epoch (UTC); events after it are ignored.
/// - `options_json`: NULL for the defaults, or NUL-terminated UTF-8 JSON of the core's
///   `analysis::Options`, every field optional: `{"participation": {…}, "policy": {…},
///   "period": "month", "trajectory": {…}}`. A level policy is given by name with
///   `{"policy": {"policy": "preset", "name": "coronet"}}` (presets: `coronet`,
///   `grimoirelab_onion`, `absence_factor`, `discourse_trust_levels`, `orbit`) or in full
///   (`"quantile"`, `"share_of_total"`, `"ladder"`). The default quantile policy gives members
///   tied at a cut the higher level and keeps a member with a single event in the window out of
///   the core group and the active level (`"inner_min_events": 2`); the trajectory rules never
///   make a member whose history is one event an insider (`"insider_min_events": 2`), nor one
///   who acted in a single one of the recent periods (`"insider_min_periods": 2`). Borrowed for
///   the call.
/// - `out`: not NULL; on success receives the analysis, owned by the caller and freed with
///   `cop_participation_free()`.
///
/// Errors: `COP_STATUS_INVALID_VALUE` for options that are not valid JSON or do not fit (the
/// message names the problem: `invalid options: unknown variant …`), for an unknown preset
/// (`invalid policy: unknown preset …`), for an `as_of` out of the range of times (the years 0
/// to 9999) or more than 10,000 periods after the first event (`invalid as_of: …`);
/// `COP_STATUS_INVALID_UTF8` if `options_json` is not UTF-8.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`. The time
/// taken grows with the number of periods times the number of members.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_participation_compute(
    landscape: *const CopLandscape,
    as_of: i64,
    options_json: *const c_char,
    out: *mut *mut CopParticipation,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, options_json, out) = unsafe {
            (
                landscape_ref(landscape)?,
                optional_text(options_json, "options_json")?,
                Out::required(out, "out")?,
            )
        };
        let as_of = checked_time(as_of, "as_of")?;
        let options = options_json.map(Options::from_json).transpose()?.unwrap_or_default();
        let inner = Participation::compute(landscape, as_of, &options)?;
        out.write(Box::into_raw(Box::new(CopParticipation { inner })));
        Ok(())
    })
}

/// Frees a participation analysis. NULL is ignored.
///
/// Ownership: takes ownership of `participation`; it must not be used afterwards.
/// Thread-safety: no other call may use `participation` at the same time.
///
/// # Safety
/// `participation` is NULL or a handle from this library that was not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_participation_free(participation: *mut CopParticipation) {
    ffi_boundary!(or(), {
        if !participation.is_null() {
            // SAFETY: the handle came from `Box::into_raw` and is freed once.
            drop(unsafe { Box::from_raw(participation) });
        }
    })
}

/// A member's level as of the analysis's date, and the participation score it was given for.
///
/// - `participation`: not NULL; only read.
/// - `member`: a member id of the landscape the analysis was computed from.
/// - `out_level`: not NULL; written on success.
/// - `out_score`: may be NULL; on success receives the member's participation score (the
///   weighted sum of its parts; see the JSON report for the parts).
///
/// Errors: `COP_STATUS_UNKNOWN_ID` for a member that did not exist when the analysis was
/// computed (for members added since, use `cop_participation_update_member()`).
/// Thread-safety: may run concurrently with other read-only calls on `participation`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_participation_level(
    participation: *const CopParticipation,
    member: u32,
    out_level: *mut CopLevel,
    out_score: *mut f64,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (participation, out_level, out_score) = unsafe {
            (
                participation_ref(participation)?,
                Out::required(out_level, "out_level")?,
                Out::optional(out_score),
            )
        };
        let assessment = participation
            .level(MemberId::from_raw(member))
            .ok_or_else(|| unknown_id(Entity::Member, member))?;
        out_level.write(assessment.level.into());
        write_optional(out_score, assessment.evidence.score.total);
        Ok(())
    })
}

/// A member's trajectory as of the analysis's date.
///
/// - `participation`: not NULL; only read.
/// - `member`: a member id of the landscape the analysis was computed from.
/// - `out_trajectory`: not NULL; written on success.
///
/// Errors: `COP_STATUS_UNKNOWN_ID` for a member that did not exist when the analysis was
/// computed.
/// Thread-safety: may run concurrently with other read-only calls on `participation`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_participation_trajectory(
    participation: *const CopParticipation,
    member: u32,
    out_trajectory: *mut CopTrajectory,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (participation, out_trajectory) = unsafe {
            (participation_ref(participation)?, Out::required(out_trajectory, "out_trajectory")?)
        };
        let trajectory = participation
            .trajectory(MemberId::from_raw(member))
            .ok_or_else(|| unknown_id(Entity::Member, member))?;
        out_trajectory.write(trajectory.kind.into());
        Ok(())
    })
}

/// Every member's level at once: `out[id]` is the level of member `id`.
///
/// - `participation`: not NULL; only read.
/// - `out`: room for `len` levels, written on success; may be NULL when `len` is 0.
/// - `len`: must be the number of members when the analysis was computed (`members` of
///   `cop_landscape_counts()` at that time).
///
/// Errors: `COP_STATUS_INVALID_VALUE` if `len` is not that number (the message gives it).
/// Thread-safety: may run concurrently with other read-only calls on `participation`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_participation_levels(
    participation: *const CopParticipation,
    out: *mut CopLevel,
    len: usize,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (participation, out) =
            unsafe { (participation_ref(participation)?, OutArray::required(out, len, "out")?) };
        let assessments = &participation.levels.assessments;
        if out.len() != assessments.len() {
            return Err(Failure::Core(cop_core::CopError::InvalidValue {
                field: "len".to_owned(),
                message: format!("the analysis has {} members but `len` is {}", assessments.len(), out.len()),
            }));
        }
        out.write_all(assessments.iter().map(|a| CopLevel::from(a.level)));
        Ok(())
    })
}

/// A member's level and trajectory now, after new events were recorded in the landscape,
/// without recomputing anyone else: the member's score is recomputed from their own events (as
/// of the analysis's date) and compared with the thresholds of the analysis. The analysis itself
/// is not changed.
///
/// - `participation`: not NULL; only read.
/// - `landscape`: not NULL; only read. The landscape the analysis was computed from, possibly
///   with events and members recorded since; another landscape is refused.
/// - `member`: a member id of `landscape`; members added after the analysis are assessed too.
/// - `out_level`: not NULL; written on success.
/// - `out_trajectory`: may be NULL; on success receives the member's trajectory.
///
/// Errors: `COP_STATUS_UNKNOWN_ID` for a member that does not exist in `landscape`;
/// `COP_STATUS_INVALID_VALUE` (`invalid analysis: …`) when `landscape` is not the one the
/// analysis was computed from (nor that one with events added since).
/// Thread-safety: may run concurrently with other read-only calls on `participation` and
/// `landscape` (not with a call recording events in `landscape`).
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_participation_update_member(
    participation: *const CopParticipation,
    landscape: *const CopLandscape,
    member: u32,
    out_level: *mut CopLevel,
    out_trajectory: *mut CopTrajectory,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (participation, landscape, out_level, out_trajectory) = unsafe {
            (
                participation_ref(participation)?,
                landscape_ref(landscape)?,
                Out::required(out_level, "out_level")?,
                Out::optional(out_trajectory),
            )
        };
        let (assessment, trajectory) = participation.update_member(landscape, MemberId::from_raw(member))?;
        out_level.write(assessment.level.into());
        write_optional(out_trajectory, trajectory.kind.into());
        Ok(())
    })
}

/// The whole analysis as JSON, with member keys:
/// `{"as_of":"2024-02-29T00:00:00Z","policy":"quantile",
/// "level_counts":[["core_group",1],["active",0],…],"trajectory_counts":[["peripheral",0],…],
/// "timeline":{"period":"month","dates":[…],"counts":[[…]],"transitions":[…],"gravity":[…]},
/// "members":[{"member":"ada","level":"core_group","score":…,"rule":…,"evidence":{…},
/// "trajectory":"newcomer","trajectory_rule":…,"trajectory_evidence":{…}},…]}`
/// (members in id order).
///
/// - `participation`: not NULL; only read.
/// - `landscape`: not NULL; only read; the landscape the analysis was computed from (for the
///   member keys), unchanged since: another landscape, or one with events recorded since, is
///   refused with `COP_STATUS_INVALID_VALUE` (`invalid analysis: …`).
/// - `out_json`: not NULL; on success receives the JSON, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Thread-safety: may run concurrently with other read-only calls on both handles.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_participation_report_json(
    participation: *const CopParticipation,
    landscape: *const CopLandscape,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (participation, landscape, out_json) = unsafe {
            (
                participation_ref(participation)?,
                landscape_ref(landscape)?,
                Out::required(out_json, "out_json")?,
            )
        };
        json_out(&Analysis::of(landscape, participation)?.participation_report(), out_json)
    })
}

/// One member's level and trajectory with their evidence — why this level — as JSON: the entry
/// of `cop_participation_report_json()`'s `members` for this member,
/// `{"member":"ada","level":"core_group","score":…,"rule":"…","evidence":{"rule":"…",
/// "score":{"total":…,"events":…,…},"rank":1,"measure":…,"cumulative_share":null,"rung":null,
/// "criteria":[…]},"trajectory":"newcomer","trajectory_rule":"…","trajectory_evidence":{…}}`
/// (`criteria`: for a ladder policy, each criterion of the next rung, met or missing). Added in
/// ABI version 12.
///
/// - `participation`: not NULL; only read.
/// - `landscape`: not NULL; only read; the landscape the analysis was computed from, unchanged
///   since.
/// - `member_key`: not NULL; the member's key, or the key of an identity merged into it (which
///   gives the member); NUL-terminated UTF-8, borrowed for the call.
/// - `out_json`: not NULL; on success receives the JSON, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` if no member has this key; `COP_STATUS_INVALID_VALUE`
/// (`invalid analysis: …`) when `landscape` is another one, or changed since the analysis
/// (`cop_participation_update_member()` assesses a member after new events).
/// Thread-safety: may run concurrently with other read-only calls on both handles.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_participation_member_json(
    participation: *const CopParticipation,
    landscape: *const CopLandscape,
    member_key: *const c_char,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (participation, landscape, key, out_json) = unsafe {
            (
                participation_ref(participation)?,
                landscape_ref(landscape)?,
                text(member_key, "member_key")?,
                Out::required(out_json, "out_json")?,
            )
        };
        let analysis = Analysis::of(landscape, participation)?;
        let id = landscape.member_id(key).ok_or_else(|| unknown_key(Entity::Member, key))?;
        let entry = analysis.member(id)?;
        json_out(&entry, out_json)
    })
}

/// The name of a level in snake case, as in JSON reports (`"core_group"`, `"active"`, …), or
/// NULL for a value that is not a `CopLevel`.
///
/// Ownership: a static string; never free it.
/// Thread-safety: may be called from any thread at any time.
#[unsafe(no_mangle)]
pub extern "C" fn cop_level_name(level: CopLevelArg) -> *const c_char {
    ffi_boundary!(or std::ptr::null(), {
        static NAMES: OnceLock<Vec<CString>> = OnceLock::new();
        let names = static_c_names(&NAMES, || CopLevel::ALL.map(|l| Level::from(l).name()).to_vec());
        CopLevel::from_u32(level).map_or(std::ptr::null(), |level| names[level as usize].as_ptr())
    })
}

/// The name of a trajectory in snake case, as in JSON reports (`"inbound"`, …), or NULL for a
/// value that is not a `CopTrajectory`.
///
/// Ownership: a static string; never free it.
/// Thread-safety: may be called from any thread at any time.
#[unsafe(no_mangle)]
pub extern "C" fn cop_trajectory_name(trajectory: CopTrajectoryArg) -> *const c_char {
    ffi_boundary!(or std::ptr::null(), {
        static NAMES: OnceLock<Vec<CString>> = OnceLock::new();
        let names =
            static_c_names(&NAMES, || CopTrajectory::ALL.map(|k| TrajectoryKind::from(k).name()).to_vec());
        CopTrajectory::from_u32(trajectory).map_or(std::ptr::null(), |kind| names[kind as usize].as_ptr())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::ffi::CStr;

    fn name(ptr: *const c_char) -> &'static str {
        assert!(!ptr.is_null());
        // SAFETY: a non-NULL name is a static C string.
        unsafe { CStr::from_ptr(ptr) }.to_str().unwrap()
    }

    const HEADER: &str = include_str!("../include/cop.h");

    #[test]
    fn every_level_maps_to_a_distinct_c_level_of_the_same_name_and_order() {
        let mut seen = HashSet::new();
        for (position, level) in Level::ALL.into_iter().enumerate() {
            let c = CopLevel::from(level);
            assert!(seen.insert(c), "{level:?} shares its C value");
            assert_eq!(c as usize, position, "{level:?}: the C values follow Level::ALL");
            assert_eq!(c as usize, level.index());
            assert_eq!(Level::from(c), level);
            assert_eq!(CopLevel::from_u32(c as u32), Some(c));
            assert_eq!(name(cop_level_name(c as u32)), level.name());
            let constant = format!("COP_LEVEL_{} = {position},", level.name().to_uppercase());
            assert!(HEADER.contains(&constant), "the header lacks `{constant}`");
        }
        assert_eq!(seen.len(), CopLevel::ALL.len());
        assert_eq!(CopLevel::from_u32(6), None);
        assert!(cop_level_name(6).is_null());
        assert!(cop_level_name(u32::MAX).is_null());
    }

    #[test]
    fn every_trajectory_maps_to_a_distinct_c_trajectory_of_the_same_name_and_order() {
        let mut seen = HashSet::new();
        for (position, kind) in TrajectoryKind::ALL.into_iter().enumerate() {
            let c = CopTrajectory::from(kind);
            assert!(seen.insert(c), "{kind:?} shares its C value");
            assert_eq!(c as usize, position, "{kind:?}: the C values follow TrajectoryKind::ALL");
            assert_eq!(TrajectoryKind::from(c), kind);
            assert_eq!(CopTrajectory::from_u32(c as u32), Some(c));
            assert_eq!(name(cop_trajectory_name(c as u32)), kind.name());
            let constant = format!("COP_TRAJECTORY_{} = {position},", kind.name().to_uppercase());
            assert!(HEADER.contains(&constant), "the header lacks `{constant}`");
        }
        assert_eq!(seen.len(), CopTrajectory::ALL.len());
        assert_eq!(CopTrajectory::from_u32(7), None);
        assert!(cop_trajectory_name(7).is_null());
    }

    #[test]
    fn the_handle_may_be_shared_between_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<CopParticipation>();
    }
}
