//! The analyses of a participation handle: health, maturity, the stage history and the rollup of
//! communities as of the handle's own date, with its levels (the core's `Analysis`); and the
//! merge of communities' parts computed apart.

use std::ffi::c_char;

use cop_core::analysis::Analysis;
use cop_core::health::HealthConfig;
use cop_core::health::maturity::MaturityConfig;
use cop_core::rollup::{CommunityPart, rollup};

use crate::args::{Out, json_value, optional_text, text};
use crate::error::{CopStatus, Failure};
use crate::landscape::{CopLandscape, landscape_ref};
use crate::participation::{CopParticipation, participation_ref};
use crate::report::json_out;

/// Runs `f` on the analysis of `landscape` by `participation`, with a configuration parsed from
/// `config_json` by `parse` (the defaults when NULL), and hands out its JSON.
///
/// # Safety
/// Each pointer is NULL or valid as the exports document.
unsafe fn analysed<C: Default, R: serde::Serialize>(
    participation: *const CopParticipation,
    landscape: *const CopLandscape,
    config_json: *const c_char,
    out_json: *mut *mut c_char,
    parse: impl FnOnce(&str) -> Result<C, cop_core::CopError>,
    f: impl FnOnce(&Analysis, &C) -> Result<R, cop_core::CopError>,
) -> Result<(), Failure> {
    // SAFETY: forwarded to the caller.
    let (participation, landscape, config_json, out_json) = unsafe {
        (
            participation_ref(participation)?,
            landscape_ref(landscape)?,
            optional_text(config_json, "config_json")?,
            Out::required(out_json, "out_json")?,
        )
    };
    let analysis = Analysis::of(landscape, participation)?;
    let config = config_json.map(parse).transpose()?.unwrap_or_default();
    json_out(&f(&analysis, &config)?, out_json)
}

/// The health report as of the analysis's date, with its levels, as JSON (what
/// `cop_landscape_health_json()` gives).
///
/// - `participation`: not NULL; only read.
/// - `landscape`: not NULL; only read; the landscape the analysis was computed from, unchanged
///   since.
/// - `config_json`: NULL for the defaults, or the health configuration of
///   `cop_landscape_health_json()`; its `participation` options give way to the analysis's.
/// - `out_json`: not NULL; on success receives the JSON, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: `COP_STATUS_INVALID_VALUE` for a configuration that does not fit, or when `landscape`
/// is not the one the analysis was computed from as it was then (`invalid analysis: …`);
/// `COP_STATUS_INVALID_UTF8` if `config_json` is not UTF-8.
/// Thread-safety: may run concurrently with other read-only calls on both handles.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_participation_health_json(
    participation: *const CopParticipation,
    landscape: *const CopLandscape,
    config_json: *const c_char,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        let parse = |json: &str| json_value::<HealthConfig>(json, "health");
        // SAFETY: the caller's contract.
        unsafe { analysed(participation, landscape, config_json, out_json, parse, |a, c| a.health(c)) }
    })
}

/// The maturity assessment as of the analysis's date, as JSON (what
/// `cop_landscape_maturity_json()` gives).
///
/// - `participation`, `landscape`, `out_json`: as for `cop_participation_health_json()`.
/// - `config_json`: NULL for the defaults, or the maturity configuration of
///   `cop_landscape_maturity()`; its health's `participation` options give way to the analysis's.
///
/// Errors: as for `cop_participation_health_json()`, and `COP_STATUS_INVALID_VALUE`
/// (`invalid current_only: …`) for an analysis computed with `"current_only": true`.
/// Thread-safety: as for `cop_participation_health_json()`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_participation_maturity_json(
    participation: *const CopParticipation,
    landscape: *const CopLandscape,
    config_json: *const c_char,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe {
            analysed(participation, landscape, config_json, out_json, MaturityConfig::from_json, |a, c| {
                a.maturity(c)
            })
        }
    })
}

/// The stage per period of the analysis's timeline, as JSON (what
/// `cop_landscape_stage_history_json()` gives).
///
/// Arguments, errors and thread-safety: as for `cop_participation_maturity_json()`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_participation_stage_history_json(
    participation: *const CopParticipation,
    landscape: *const CopLandscape,
    config_json: *const c_char,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe {
            analysed(participation, landscape, config_json, out_json, MaturityConfig::from_json, |a, c| {
                a.stage_history(c)
            })
        }
    })
}

/// The landscape rolled up from its communities, as JSON: each community with events analysed
/// on its own events as of the analysis's date with its options, then merged (totals, members
/// acting in several communities and the boundary members among them, the landscape's stage
/// across its communities). What `cop_rollup_json()` gives from the parts of
/// `cop_participation_community_parts_json()`, which a cluster computes apart.
///
/// Arguments, errors and thread-safety: as for `cop_participation_maturity_json()` (the
/// maturity configuration is each community's).
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_participation_rollup_json(
    participation: *const CopParticipation,
    landscape: *const CopLandscape,
    config_json: *const c_char,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe {
            analysed(participation, landscape, config_json, out_json, MaturityConfig::from_json, |a, c| {
                a.rollup(c)
            })
        }
    })
}

/// Each community's part of the rollup, as a JSON array (community, date, events, active
/// members, stages, and every acting member's level, trajectory and events): what a worker
/// hands to `cop_rollup_json()`.
///
/// Arguments, errors and thread-safety: as for `cop_participation_rollup_json()`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_participation_community_parts_json(
    participation: *const CopParticipation,
    landscape: *const CopLandscape,
    config_json: *const c_char,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe {
            analysed(participation, landscape, config_json, out_json, MaturityConfig::from_json, |a, c| {
                a.community_parts(c)
            })
        }
    })
}

/// Merges communities' parts (a JSON array, as `cop_participation_community_parts_json()` gives,
/// in any order, possibly computed apart) into the landscape's rollup, as JSON.
///
/// - `parts_json`: not NULL; the parts.
/// - `boundary_communities`: a broker above outsider in at least this many communities is a
///   boundary member (2 is the trajectory rule's default).
/// - `out_json`: not NULL; on success receives the JSON, freed with `cop_string_free()`.
///
/// Errors: `COP_STATUS_INVALID_VALUE` for parts that are not the parts' JSON (`invalid parts:
/// …`), two parts of one community, parts of different dates, a member listed twice in one part,
/// or `boundary_communities` 0; `COP_STATUS_INVALID_UTF8` if `parts_json` is not UTF-8.
/// Thread-safety: touches no handle.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_rollup_json(
    parts_json: *const c_char,
    boundary_communities: u32,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (parts_json, out_json) =
            unsafe { (text(parts_json, "parts_json")?, Out::required(out_json, "out_json")?) };
        let parts: Vec<CommunityPart> = json_value(parts_json, "parts")?;
        json_out(&rollup(&parts, boundary_communities as usize)?, out_json)
    })
}
