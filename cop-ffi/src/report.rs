//! Reports and summaries, as JSON.
//!
//! Every report of the core leaves through the same shape:
//! `cop_landscape_<report>_json(const CopLandscape *landscape, arguments…, char **out_json)`,
//! serialising the core's report type with serde ([`json_out`]), so that adding a report to the
//! C API is one short function and the JSON matches the Python and command-line output.

use std::ffi::c_char;

use cop_core::analysis::{Analysis, AsOf};
use cop_core::report::ReportOptions;
use cop_core::structure::EdgeWeight;
use serde::Serialize;

use crate::args::{Out, checked_time, hand_out, not_a_value_of, optional_text, owned_string};
use crate::error::{CopStatus, Failure};
use crate::landscape::{CopLandscape, landscape_ref};

/// Hands a report out as a JSON string.
pub(crate) fn json_out<T: Serialize>(report: &T, out_json: Out<*mut c_char>) -> Result<(), Failure> {
    let json = serde_json::to_string(report).expect("reports serialise to JSON");
    hand_out(out_json, owned_string(json, "report")?);
    Ok(())
}

/// A first look at a landscape as JSON: counts, members with events of their own, the first and
/// last event, events per kind and the `top` busiest domains:
/// `{"counts":{"members":…,"events":…,"communities":…,"domains":…,"artifacts":…},
/// "acting_members":…,"first_event":"2011-02-13T18:41:18Z","last_event":…,
/// "events_per_kind":[{"name":"commit","events":…},…],"busiest_domains":[{"name":…,"events":…},…]}`.
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
pub unsafe extern "C" fn cop_landscape_summary_json(
    landscape: *const CopLandscape,
    top: usize,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, out_json) =
            unsafe { (landscape_ref(landscape)?, Out::required(out_json, "out_json")?) };
        json_out(&landscape.summary(top), out_json)
    })
}

/// What a tie between two members weighs in `cop_landscape_structure_json()`.
///
/// Values are explicit and never renumbered. Thread-safety: a plain value.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CopEdgeWeight {
    /// The number of events between the two members (both directions).
    Count = 0,
    /// The sum of the events' weights (their own weight, else their kind's).
    Weight = 1,
}

/// A `CopEdgeWeight` passed by value, received as its raw value: C may pass any integer, and one
/// that is not an edge weight is refused rather than being undefined behaviour. The header shows
/// it as `CopEdgeWeight` (see `[export.rename]` in cbindgen.toml).
pub type CopEdgeWeightArg = u32;

impl CopEdgeWeight {
    /// Every edge weight, in order of value.
    pub(crate) const ALL: [CopEdgeWeight; 2] = [CopEdgeWeight::Count, CopEdgeWeight::Weight];

    /// The edge weight with this value, if any.
    pub(crate) fn from_u32(value: u32) -> Option<CopEdgeWeight> {
        CopEdgeWeight::ALL.iter().copied().find(|&weight| weight as u32 == value)
    }
}

impl From<CopEdgeWeight> for EdgeWeight {
    fn from(weight: CopEdgeWeight) -> EdgeWeight {
        match weight {
            CopEdgeWeight::Count => EdgeWeight::Count,
            CopEdgeWeight::Weight => EdgeWeight::Weight,
        }
    }
}

impl From<EdgeWeight> for CopEdgeWeight {
    /// Exhaustive: a new edge weight of the core breaks the build here.
    fn from(weight: EdgeWeight) -> CopEdgeWeight {
        match weight {
            EdgeWeight::Count => CopEdgeWeight::Count,
            EdgeWeight::Weight => CopEdgeWeight::Weight,
        }
    }
}

/// The structure of the interaction among members over the `window_days` days up to `as_of`
/// (events towards another member make ties), as JSON:
/// `{"as_of":"2024-02-29T00:00:00Z","window_days":30,"connected_members":2,"ties":1,
/// "core_periphery_fit":…,"core":["ada",…],"brokers":[…],
/// "members":[{"member":"ada","core_number":1,"pagerank":…,"degree":1,"weighted_degree":28.0,
/// "eigenvector":…,"constraint":…},…]}` (members with a tie, by PageRank; `eigenvector` is null
/// when its iteration does not converge).
///
/// - `landscape`: not NULL; only read.
/// - `as_of`: the end of the window, in seconds since the Unix epoch (UTC).
/// - `weight`: a `CopEdgeWeight`.
/// - `out_json`: not NULL; on success receives the JSON, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: `COP_STATUS_INVALID_VALUE` for a `weight` that is not a `CopEdgeWeight` or an
/// `as_of` out of the range of dates.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_structure_json(
    landscape: *const CopLandscape,
    as_of: i64,
    window_days: u32,
    weight: CopEdgeWeightArg,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, out_json) =
            unsafe { (landscape_ref(landscape)?, Out::required(out_json, "out_json")?) };
        let as_of = checked_time(as_of, "as_of")?;
        let weight = CopEdgeWeight::from_u32(weight).ok_or_else(|| not_a_value_of("weight", weight, "CopEdgeWeight"))?;
        let analysis = Analysis::of_the_date(landscape, AsOf::at(as_of)?)?;
        json_out(&analysis.structure(window_days, weight.into())?, out_json)
    })
}

/// The whole picture of a landscape as of `as_of`, as one JSON document (the core's `Report`,
/// schema `"cop-report/2"`, the document the command-line tool and the Python module render):
/// `{"schema":"cop-report/2","as_of":"2024-03-31T23:59:59Z","summary":{…},
/// "participation":{…},"structure":{…},"health":{…},"health_series":[…],"goals":[…],
/// "value":{…},"maturity":{…},"stage_history":[…],"mentoring":{…}}`, where
/// - `summary`, `participation`, `structure`, `health`, `value`, `maturity` and
///   `stage_history` are what `cop_landscape_summary_json()`, `cop_participation_report_json()`,
///   `cop_landscape_structure_json()`, `cop_landscape_health_json()`,
///   `cop_landscape_value_summary_json()`, `cop_landscape_maturity_json()` and
///   `cop_landscape_stage_history_json()` give with the corresponding settings of these options
///   (the value stories are counted per `participation.period`);
/// - `health_series` is the health per period: `[{"date":"2024-01-31T23:59:59Z",
///   "metrics":[["active_members",1.0],…]},…]`;
/// - `goals` is the progress toward every goal of every charter (`cop_landscape_set_charter()`):
///   `[{"community":"default","metric":"active_members","target":4.0,
///   "deadline":"2024-12-31T00:00:00Z","current":4.0,"lower_is_better":false,"progress":1.0,
///   "on_track":true,"note":"met: active_members is 4.00 against 4"},…]` (`current`,
///   `progress` and `on_track` are null for a metric without a value);
/// - `mentoring` is what `cop_participation_suggest_mentors_json()` gives for the most recent
///   default mentees (at most `report_mentees`), or null with `"mentoring": false`.
///
/// - `landscape`: not NULL; only read.
/// - `as_of`: the date, in seconds since the Unix epoch (UTC); events after it are ignored.
/// - `options_json`: NULL for the defaults, or NUL-terminated UTF-8 JSON of the core's
///   `report::ReportOptions`, every field optional, unknown fields refused:
///   `{"participation": {…}, "maturity": {…}, "structure_window_days": 365,
///   "edge_weight": "count", "top": 10, "history": true, "mentoring": true, "matching": {…},
///   "report_mentees": 200}` (`participation`: the options of
///   `cop_participation_compute()`, used for the health and maturity too; `maturity`: the
///   configuration of `cop_landscape_maturity()`; `history: false` leaves `health_series` and
///   `stage_history` empty, which is much faster on long histories; `matching`: the options of
///   `cop_participation_suggest_mentors_json()`). Borrowed for the call.
/// - `out_json`: not NULL; on success receives the JSON, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: `COP_STATUS_INVALID_VALUE` for options that are not valid JSON or do not fit
/// (`invalid options: unknown field …`) or an `as_of` out of the range of dates;
/// `COP_STATUS_INVALID_UTF8` if `options_json` is not UTF-8.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`. With the
/// history it computes a health report per period.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_report_json(
    landscape: *const CopLandscape,
    as_of: i64,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, options_json, out_json) = unsafe {
            (
                landscape_ref(landscape)?,
                optional_text(options_json, "options_json")?,
                Out::required(out_json, "out_json")?,
            )
        };
        let as_of = checked_time(as_of, "as_of")?;
        let options = options_json.map(ReportOptions::from_json).transpose()?.unwrap_or_default();
        let analysis = Analysis::new(landscape, AsOf::at(as_of)?, &options.participation)?;
        json_out(&analysis.report(&options)?, out_json)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_edge_weight_maps_to_a_distinct_c_value_of_the_same_name() {
        let header = include_str!("../include/cop.h");
        for (position, c) in CopEdgeWeight::ALL.into_iter().enumerate() {
            assert_eq!(c as usize, position);
            assert_eq!(CopEdgeWeight::from_u32(c as u32), Some(c));
            let core = EdgeWeight::from(c);
            assert_eq!(CopEdgeWeight::from(core), c);
            // The core's serde name is the C constant's suffix.
            let name = serde_json::to_value(core).unwrap().as_str().unwrap().to_uppercase();
            let constant = format!("COP_EDGE_WEIGHT_{name} = {position},");
            assert!(header.contains(&constant), "the header lacks `{constant}`");
        }
        assert_eq!(CopEdgeWeight::from_u32(2), None);
    }
}
