//! Health: the measurable signals of how a community is doing, as JSON.

use std::ffi::c_char;

use cop_core::analysis::{Analysis, AsOf};
use cop_core::health::HealthConfig;

use crate::args::{Out, checked_time, json_value, optional_text};
use crate::error::CopStatus;
use crate::landscape::{CopLandscape, landscape_ref};
use crate::report::json_out;

/// The health of the community as of `as_of`, over a window of days before it, as JSON (the
/// core's `HealthReport`; each metric's definition, and the CHAOSS metric it follows, is in the
/// core's documentation):
/// `{"as_of":"2024-03-31T23:59:59Z","window_days":90,"active_members":4,"dau_mau":…,
/// "newcomers_in_window":4,"activation":{"recent_newcomers":…,…},"funnel":[…],
/// "retention":[…],"inactive_contributors":0,
/// "occasional_contributors":0,"responsiveness":{"questions":3,"answered":2,
/// "unanswered_share":…,"median_hours":13.0,"mean_hours":13.0},
/// "concentration":{"absence_factor":1,"elephant_factor":…,"organisers":[["ann",3]],…},
/// "rhythm":{"gatherings":3,"median_gap_days":14.0,"gap_cv":0.0,
/// "days_since_last_gathering":53.0,…},"reciprocity":{…},"repertoire":{…},
/// "expert_access":{…},"boundary_share":0.0,"layers":{…},"balance":{…},"founders_share":…}`.
///
/// - `landscape`: not NULL; only read.
/// - `as_of`: the date, in seconds since the Unix epoch (UTC); events after it are ignored.
/// - `config_json`: NULL for the defaults, or NUL-terminated UTF-8 JSON of the core's
///   `health::HealthConfig`, every field optional, unknown fields refused:
///   `{"window_days": 90, "period": "month", "activation_periods": 3, "retention_periods": 6,
///   "inactive_days": 90, "occasional_quiet_days": 90, "occasional_max_contributions": 12,
///   "burnout_organisers": 2, "burnout_share": 0.8, "burnout_periods": 6, "founders": 3,
///   "participation": {…}}` (`participation`: the options of `cop_participation_compute()`).
///   Borrowed for the call.
/// - `out_json`: not NULL; on success receives the JSON, owned by the caller and freed with
///   `cop_string_free()`.
///
/// `newcomers_in_window` are the members whose first event is in the window; the activation's
/// `recent_newcomers` those who joined in the twelve periods before the last three. Retention
/// counts the members of each join cohort who act again in each later complete period.
/// `layers.leaders` is null and `concentration.organising_recorded` false when no organising
/// event was ever recorded: organiser load and leadership are then not measurable.
///
/// Errors: `COP_STATUS_INVALID_VALUE` for a configuration that is not valid JSON or does not fit
/// (the message names the problem: `invalid health: unknown field …`), a `window_days` of 0
/// (`invalid window_days: …`) or an `as_of` out of the range of dates; `COP_STATUS_INVALID_UTF8` if `config_json` is not UTF-8.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`. It computes a
/// participation analysis, so it takes about as long as `cop_participation_compute()`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_health_json(
    landscape: *const CopLandscape,
    as_of: i64,
    config_json: *const c_char,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, config_json, out_json) = unsafe {
            (
                landscape_ref(landscape)?,
                optional_text(config_json, "config_json")?,
                Out::required(out_json, "out_json")?,
            )
        };
        let as_of = checked_time(as_of, "as_of")?;
        let config: HealthConfig =
            config_json.map(|json| json_value(json, "health")).transpose()?.unwrap_or_default();
        let analysis = Analysis::new(landscape, AsOf::at(as_of)?, &config.participation)?;
        json_out(&analysis.health(&config)?, out_json)
    })
}
