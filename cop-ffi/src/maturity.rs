//! Maturity: the stage of a community's life, why, what to do next, and the stage over time.

use std::ffi::{CString, c_char};
use std::sync::OnceLock;

use cop_core::Landscape;
use cop_core::analysis::{Analysis, AsOf};
use cop_core::health::maturity::{self, MaturityConfig, Stage};
use cop_core::participation::analysis::Options;
use cop_core::rollup;

use crate::args::{Out, checked_time, optional_text, static_c_names};
use crate::error::{CopStatus, Failure};
use crate::landscape::{CopLandscape, landscape_ref};
use crate::report::json_out;

/// A maturity stage of a community (Wenger, McDermott & Snyder 2002), in the order of the
/// core's `Stage::ALL`: a community usually moves from one to the next.
///
/// Values are explicit and never renumbered. `cop_stage_name()` gives the name used in JSON
/// reports (`"potential"`, …).
///
/// Thread-safety: a plain value.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CopStage {
    /// People discover a shared concern and imagine a community (discover / imagine).
    Potential = 0,
    /// The community launches and finds its value (incubate / deliver immediate value).
    Coalescing = 1,
    /// It grows, focuses and expands (focus / expand).
    Maturing = 2,
    /// It sustains itself and keeps its practice alive (ownership / openness).
    Stewardship = 3,
    /// It fades, merges or changes radically (let go / live on).
    Transformation = 4,
}

/// A `CopStage` passed by value, received as its raw value (see `CopLevelArg`). The header
/// shows it as `CopStage`.
pub type CopStageArg = u32;

impl CopStage {
    /// Every stage, in order of value.
    pub(crate) const ALL: [CopStage; 5] = [
        CopStage::Potential,
        CopStage::Coalescing,
        CopStage::Maturing,
        CopStage::Stewardship,
        CopStage::Transformation,
    ];

    /// The stage with this value, if any.
    pub(crate) fn from_u32(value: u32) -> Option<CopStage> {
        CopStage::ALL.iter().copied().find(|&stage| stage as u32 == value)
    }
}

impl From<Stage> for CopStage {
    /// Exhaustive: a new stage of the core breaks the build here.
    fn from(stage: Stage) -> CopStage {
        match stage {
            Stage::Potential => CopStage::Potential,
            Stage::Coalescing => CopStage::Coalescing,
            Stage::Maturing => CopStage::Maturing,
            Stage::Stewardship => CopStage::Stewardship,
            Stage::Transformation => CopStage::Transformation,
        }
    }
}

impl From<CopStage> for Stage {
    fn from(stage: CopStage) -> Stage {
        match stage {
            CopStage::Potential => Stage::Potential,
            CopStage::Coalescing => Stage::Coalescing,
            CopStage::Maturing => Stage::Maturing,
            CopStage::Stewardship => Stage::Stewardship,
            CopStage::Transformation => Stage::Transformation,
        }
    }
}

/// The name of a stage, as in JSON reports (`"potential"`, `"coalescing"`, `"maturing"`,
/// `"stewardship"`, `"transformation"`), or NULL for a value that is not a `CopStage`.
///
/// Ownership: a static string; never free it.
/// Thread-safety: may be called from any thread at any time.
#[unsafe(no_mangle)]
pub extern "C" fn cop_stage_name(stage: CopStageArg) -> *const c_char {
    ffi_boundary!(or std::ptr::null(), {
        static NAMES: OnceLock<Vec<CString>> = OnceLock::new();
        let names = static_c_names(&NAMES, || CopStage::ALL.map(|s| Stage::from(s).name()).to_vec());
        CopStage::from_u32(stage).map_or(std::ptr::null(), |stage| names[stage as usize].as_ptr())
    })
}

/// The configuration of a maturity call.
///
/// # Safety
/// `config_json` is NULL or a NUL-terminated string.
unsafe fn configured(as_of: i64, config_json: *const c_char) -> Result<(i64, MaturityConfig), Failure> {
    // SAFETY: forwarded to the caller.
    let config_json = unsafe { optional_text(config_json, "config_json") }?;
    let as_of = checked_time(as_of, "as_of")?;
    Ok((as_of, config_json.map(MaturityConfig::from_json).transpose()?.unwrap_or_default()))
}

/// The maturity assessment as of `as_of`.
///
/// # Safety
/// The pointers are NULL or valid as the exports document.
unsafe fn assessment(
    landscape: *const CopLandscape,
    as_of: i64,
    config_json: *const c_char,
) -> Result<maturity::Assessment, Failure> {
    // SAFETY: forwarded to the caller.
    let landscape = unsafe { landscape_ref(landscape) }?;
    // SAFETY: forwarded to the caller.
    let (as_of, config) = unsafe { configured(as_of, config_json) }?;
    let analysis = Analysis::new(landscape, AsOf::at(as_of)?, &config.health.participation)?;
    Ok(analysis.maturity(&config)?)
}

/// The two answers of a maturity assessment: the stage the community holds through its history
/// (*settled*) and the stage the indicators point to now (*indicated*), each with its own share
/// of the indicators' weighted votes.
///
/// Ownership: a plain struct filled by `cop_landscape_maturity()`. Thread-safety: a plain value.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CopMaturity {
    /// The stage held through the history: it moves one step only after the indicators have
    /// pointed that way for `persistence` periods in a row, and never past what the community's
    /// age and size allow.
    pub settled: CopStage,
    /// The share of the votes that the settled stage has now, in [0, 1].
    pub settled_share: f64,
    /// How many periods the settled stage has lasted up to `as_of` (0 without history).
    pub settled_periods: usize,
    /// The stage with the most weight among the indicators' votes now.
    pub indicated: CopStage,
    /// Its share of the votes, in [0, 1]; 0 before the first event (no indicator).
    pub indicated_share: f64,
}

/// The maturity of the community as of `as_of`: the settled and the indicated stage, each with
/// its share of the indicators' weighted votes. `cop_landscape_maturity_json()` gives the rule
/// that holds the settled stage, the evidence and the next steps. Before the first event (and on
/// an empty landscape) both stages are potential with a share of 0.
///
/// - `landscape`: not NULL; only read.
/// - `as_of`: the date, in seconds since the Unix epoch (UTC); events after it are ignored.
/// - `config_json`: NULL for the defaults, or NUL-terminated UTF-8 JSON of the core's
///   `maturity::MaturityConfig`, every field optional, unknown fields refused:
///   `{"health": {…}, "potential_max_members": 5, "coalescing_max_members": 15,
///   "potential_max_age_days": 90, "coalescing_max_age_days": 365,
///   "maturing_max_age_days": 730, "growth_ratio": 1.2, "decline_ratio": 0.6,
///   "inflow_share": 0.3, "low_retention": 0.2, "stable_retention": 0.4,
///   "webber_labels": false, "persistence": null}` (`persistence`: periods in a row before
///   the settled stage moves; null: one more than the health window spans) (`health`: the configuration of
///   `cop_landscape_health_json()`, whose `participation` options also set the levels and the
///   periods of the history). Borrowed for the call.
/// - `out`: not NULL; written on success.
///
/// Errors: `COP_STATUS_INVALID_VALUE` for a configuration that is not valid JSON or does not fit
/// (`invalid maturity: …`) or an `as_of` out of the range of dates; `COP_STATUS_INVALID_UTF8` if
/// `config_json` is not UTF-8.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`. It computes a
/// participation analysis and a health report per period of the history.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_maturity(
    landscape: *const CopLandscape,
    as_of: i64,
    config_json: *const c_char,
    out: *mut CopMaturity,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let out = unsafe { Out::required(out, "out") }?;
        // SAFETY: the caller's contract.
        let a = unsafe { assessment(landscape, as_of, config_json) }?;
        out.write(CopMaturity {
            settled: a.settled.stage.into(),
            settled_share: a.settled.share,
            settled_periods: a.settled.periods,
            indicated: a.indicated.stage.into(),
            indicated_share: a.indicated.share,
        });
        Ok(())
    })
}

/// The maturity assessment as of `as_of` as JSON: the settled stage (with its label — Wenger et
/// al.'s name, or Emily Webber's with `"webber_labels": true` —, tension, share of the votes, the
/// first period of its run, the run's length and the rule that holds it), the indicated stage
/// (label, tension, share), every stage's votes, the evidence (each indicator with its value,
/// the stage it points to, the rule that decided and its weight) and the next steps, most urgent
/// first: `{"as_of":"2024-03-31T23:59:59Z","settled":{"stage":"potential","label":"potential",
/// "tension":"discover / imagine","share":…,"since":"2024-01-31T23:59:59Z","periods":3,
/// "rule":"the indicators point here; …"},"indicated":{"stage":"potential",…,"share":…},
/// "votes":[{"stage":"potential","weight":5.5,"share":…},…],
/// "evidence":[{"name":"size","value":4.0,"points_to":"potential",
/// "rule":"4 active members, fewer than 5","weight":1.0},…],
/// "next_steps":[{"about":"rhythm","advice":"no gathering for 53 days against a 14-day rhythm:
/// schedule the next one","priority":1},…]}`.
///
/// - `landscape`: not NULL; only read.
/// - `as_of`, `config_json`: as for `cop_landscape_maturity()`.
/// - `out_json`: not NULL; on success receives the JSON, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors and thread-safety: as for `cop_landscape_maturity()`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_maturity_json(
    landscape: *const CopLandscape,
    as_of: i64,
    config_json: *const c_char,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let out_json = unsafe { Out::required(out_json, "out_json") }?;
        // SAFETY: the caller's contract.
        json_out(&unsafe { assessment(landscape, as_of, config_json) }?, out_json)
    })
}

/// The stage per period (by default per month) from the first event's period up to `as_of`, as
/// a JSON array in time order: `[{"date":"2010-04-30T23:59:59Z","settled":"potential",
/// "indicated":"potential","indicated_share":…,"ceiling":"coalescing","active_members":4},…]`.
/// `date` is the period's end (the last one is `as_of`); `indicated` the stage the indicators
/// alone point to, with its share of the votes; `settled` follows it one stage at a time (to a
/// neighbouring stage, or straight into transformation) once it has pointed that way for
/// `persistence` periods in a row, and never past `ceiling`, the latest stage the community's age
/// and size allow. The last point's `settled` and `indicated` are those of
/// `cop_landscape_maturity()`.
///
/// - `landscape`: not NULL; only read.
/// - `as_of`, `config_json`: as for `cop_landscape_maturity()`; the period is the
///   `participation` options' `period`.
/// - `out_json`: not NULL; on success receives the JSON, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: as for `cop_landscape_maturity()`.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`. It computes a
/// health report per period, so it takes about as many times longer as there are periods.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_stage_history_json(
    landscape: *const CopLandscape,
    as_of: i64,
    config_json: *const c_char,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, out_json) =
            unsafe { (landscape_ref(landscape)?, Out::required(out_json, "out_json")?) };
        // SAFETY: the caller's contract.
        let (as_of, config) = unsafe { configured(as_of, config_json) }?;
        let analysis = Analysis::new(landscape, AsOf::at(as_of)?, &config.health.participation)?;
        json_out(&analysis.stage_history(&config)?, out_json)
    })
}

/// The landscape rolled up from its communities as of `as_of`, as JSON: what
/// `cop_participation_rollup_json()` gives on an analysis of the landscape, without analysing
/// the landscape as a whole first (each community with events is analysed on its own events,
/// side by side on every core). The trajectory rule's `boundary_communities` (2 by default) of
/// the configuration's `participation` options decides the boundary members.
///
/// - `landscape`: not NULL; only read.
/// - `as_of`, `config_json`: as for `cop_landscape_maturity()` (the configuration is each
///   community's).
/// - `out_json`: not NULL; on success receives the JSON, freed with `cop_string_free()`.
///
/// Errors: as for `cop_landscape_maturity()`.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_rollup_json(
    landscape: *const CopLandscape,
    as_of: i64,
    config_json: *const c_char,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { of_communities(landscape, as_of, config_json, out_json, rollup::landscape_rollup) }
    })
}

/// Each community's part of the rollup as of `as_of`, as a JSON array: what
/// `cop_participation_community_parts_json()` gives on an analysis of the landscape, without
/// analysing the landscape as a whole first. A worker holding some communities' events hands
/// them to `cop_rollup_json()`.
///
/// Arguments, errors and thread-safety: as for `cop_landscape_rollup_json()`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_community_parts_json(
    landscape: *const CopLandscape,
    as_of: i64,
    config_json: *const c_char,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        unsafe { of_communities(landscape, as_of, config_json, out_json, rollup::community_parts) }
    })
}

/// What `compute` gives from each community of `landscape` analysed on its own events, as JSON
/// in `out_json`.
///
/// # Safety
/// The pointers are NULL or valid as the exports document.
unsafe fn of_communities<T: serde::Serialize>(
    landscape: *const CopLandscape,
    as_of: i64,
    config_json: *const c_char,
    out_json: *mut *mut c_char,
    compute: fn(&Landscape, AsOf, &Options, &MaturityConfig) -> cop_core::Result<T>,
) -> Result<(), Failure> {
    // SAFETY: forwarded to the caller.
    let (landscape, out_json) = unsafe { (landscape_ref(landscape)?, Out::required(out_json, "out_json")?) };
    // SAFETY: forwarded to the caller.
    let (as_of, config) = unsafe { configured(as_of, config_json) }?;
    json_out(&compute(landscape, AsOf::at(as_of)?, &config.health.participation, &config)?, out_json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::ffi::CStr;

    const HEADER: &str = include_str!("../include/cop.h");

    #[test]
    fn every_stage_maps_to_a_distinct_c_stage_of_the_same_name_and_order() {
        let mut seen = HashSet::new();
        for (position, stage) in Stage::ALL.into_iter().enumerate() {
            let c = CopStage::from(stage);
            assert!(seen.insert(c), "{stage:?} shares its C value");
            assert_eq!(c as usize, position, "{stage:?}: the C values follow Stage::ALL");
            assert_eq!(c as usize, stage as usize);
            assert_eq!(Stage::from(c), stage);
            assert_eq!(CopStage::from_u32(c as u32), Some(c));
            let name = cop_stage_name(c as u32);
            assert!(!name.is_null());
            // SAFETY: a non-NULL name is a static C string.
            assert_eq!(unsafe { CStr::from_ptr(name) }.to_str().unwrap(), stage.name());
            // The core's serde name (as in the JSON) is the name and the C constant's suffix.
            assert_eq!(serde_json::to_value(stage).unwrap(), stage.name());
            let constant = format!("COP_STAGE_{} = {position},", stage.name().to_uppercase());
            assert!(HEADER.contains(&constant), "the header lacks `{constant}`");
        }
        assert_eq!(seen.len(), CopStage::ALL.len());
        assert_eq!(CopStage::from_u32(5), None);
        assert!(cop_stage_name(5).is_null());
        assert!(cop_stage_name(u32::MAX).is_null());
    }
}
