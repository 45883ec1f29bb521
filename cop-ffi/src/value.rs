//! Value stories: what the community was worth to someone, told in cycles, and their summary.

use std::ffi::{CString, c_char};
use std::sync::OnceLock;

use cop_core::MemberId;
use cop_core::model::value::{self, ValueCycle, ValueStory};
use cop_core::participation::analysis::Options;

use crate::args::{Out, array, checked_time, not_a_value_of, static_c_names, write_optional};
use crate::error::CopStatus;
use crate::landscape::{CopLandscape, landscape_mut, landscape_ref};
use crate::report::json_out;

/// A value-creation cycle (Wenger, Trayner & de Laat 2011), in the order of the core's
/// `ValueCycle::ALL`: from value in the moment to a change in what counts as success.
///
/// Values are explicit and never renumbered. `cop_value_cycle_name()` gives the name used in
/// JSON reports (`"immediate"`, …).
///
/// Thread-safety: a plain value.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CopValueCycle {
    /// Activities and interactions useful in themselves.
    Immediate = 0,
    /// Knowledge capital that may be used later.
    Potential = 1,
    /// A change in practice.
    Applied = 2,
    /// A change in performance that matters.
    Realised = 3,
    /// A change in what counts as success.
    Reframing = 4,
}

/// A `CopValueCycle` passed by value, received as its raw value (see `CopLevelArg`). The header
/// shows it as `CopValueCycle`.
pub type CopValueCycleArg = u32;

impl CopValueCycle {
    /// Every cycle, in order of value.
    pub(crate) const ALL: [CopValueCycle; 5] = [
        CopValueCycle::Immediate,
        CopValueCycle::Potential,
        CopValueCycle::Applied,
        CopValueCycle::Realised,
        CopValueCycle::Reframing,
    ];

    /// The cycle with this value, if any.
    pub(crate) fn from_u32(value: u32) -> Option<CopValueCycle> {
        CopValueCycle::ALL.iter().copied().find(|&cycle| cycle as u32 == value)
    }
}

impl From<ValueCycle> for CopValueCycle {
    /// Exhaustive: a new cycle of the core breaks the build here.
    fn from(cycle: ValueCycle) -> CopValueCycle {
        match cycle {
            ValueCycle::Immediate => CopValueCycle::Immediate,
            ValueCycle::Potential => CopValueCycle::Potential,
            ValueCycle::Applied => CopValueCycle::Applied,
            ValueCycle::Realised => CopValueCycle::Realised,
            ValueCycle::Reframing => CopValueCycle::Reframing,
        }
    }
}

impl From<CopValueCycle> for ValueCycle {
    fn from(cycle: CopValueCycle) -> ValueCycle {
        match cycle {
            CopValueCycle::Immediate => ValueCycle::Immediate,
            CopValueCycle::Potential => ValueCycle::Potential,
            CopValueCycle::Applied => ValueCycle::Applied,
            CopValueCycle::Realised => ValueCycle::Realised,
            CopValueCycle::Reframing => ValueCycle::Reframing,
        }
    }
}

/// The name of a value cycle, as in JSON reports (`"immediate"`, `"potential"`, `"applied"`,
/// `"realised"`, `"reframing"`), or NULL for a value that is not a `CopValueCycle`.
///
/// Ownership: a static string; never free it.
/// Thread-safety: may be called from any thread at any time.
#[unsafe(no_mangle)]
pub extern "C" fn cop_value_cycle_name(cycle: CopValueCycleArg) -> *const c_char {
    ffi_boundary!(or std::ptr::null(), {
        static NAMES: OnceLock<Vec<CString>> = OnceLock::new();
        let names =
            static_c_names(&NAMES, || CopValueCycle::ALL.map(|c| ValueCycle::from(c).name()).to_vec());
        CopValueCycle::from_u32(cycle).map_or(std::ptr::null(), |cycle| names[cycle as usize].as_ptr())
    })
}

/// Adds a value story: what the community was worth to someone, in one of the value cycles,
/// with a date, a short text and the members involved. Stories are kept in the landscape (and
/// its snapshots) in order of addition and counted by `cop_landscape_value_summary_json()` and
/// the report.
///
/// - `landscape`: not NULL; changed.
/// - `cycle`: a `CopValueCycle`.
/// - `date`: when, in seconds since the Unix epoch (UTC).
/// - `text`: not NULL; NUL-terminated UTF-8, not blank; copied.
/// - `members`: `n_members` member ids, read during the call; may be NULL when `n_members` is 0.
/// - `out_index`: may be NULL; on success receives the story's index (0 for the first story).
///
/// Errors: `COP_STATUS_INVALID_VALUE` for a `cycle` that is not a `CopValueCycle`, a blank
/// `text` or a `date` out of the range of dates; `COP_STATUS_UNKNOWN_ID` for a member that does
/// not exist. A refused story changes nothing.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_add_value_story(
    landscape: *mut CopLandscape,
    cycle: CopValueCycleArg,
    date: i64,
    text: *const c_char,
    members: *const u32,
    n_members: usize,
    out_index: *mut usize,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, story_text, members, out_index) = unsafe {
            (
                landscape_mut(landscape)?,
                crate::args::text(text, "text")?,
                array(members, n_members, "members")?,
                Out::optional(out_index),
            )
        };
        let cycle = CopValueCycle::from_u32(cycle)
            .ok_or_else(|| not_a_value_of("cycle", cycle, "CopValueCycle"))?;
        let date = checked_time(date, "date")?;
        let index = landscape.add_value_story(ValueStory {
            cycle: cycle.into(),
            date,
            text: story_text.to_owned(),
            members: members.iter().copied().map(MemberId::from_raw).collect(),
            artifacts: Vec::new(),
            events: Vec::new(),
        })?;
        write_optional(out_index, index);
        Ok(())
    })
}

/// The value stories dated up to `as_of`, counted per cycle and per month, as JSON (counts in
/// the order of the `CopValueCycle` values):
/// `{"per_cycle":[2,0,1,0,0],"per_period":[{"period":"2024-01-01T00:00:00Z",
/// "per_cycle":[1,0,0,0,0]},{"period":"2024-03-01T00:00:00Z","per_cycle":[1,0,1,0,0]}]}`
/// (`period`: the start of each month that has a story).
///
/// - `landscape`: not NULL; only read.
/// - `as_of`: the date, in seconds since the Unix epoch (UTC); later stories are not counted.
/// - `out_json`: not NULL; on success receives the JSON, owned by the caller and freed with
///   `cop_string_free()`.
///
/// Errors: `COP_STATUS_INVALID_VALUE` for an `as_of` out of the range of dates.
/// Thread-safety: may run concurrently with other read-only calls on `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_value_summary_json(
    landscape: *const CopLandscape,
    as_of: i64,
    out_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, out_json) =
            unsafe { (landscape_ref(landscape)?, Out::required(out_json, "out_json")?) };
        let as_of = checked_time(as_of, "as_of")?;
        // The period of the report's default options, so the two agree.
        json_out(&value::summary(landscape.value_stories(), as_of, Options::default().period), out_json)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::ffi::CStr;

    const HEADER: &str = include_str!("../include/cop.h");

    #[test]
    fn every_cycle_maps_to_a_distinct_c_cycle_of_the_same_name_and_order() {
        let mut seen = HashSet::new();
        for (position, cycle) in ValueCycle::ALL.into_iter().enumerate() {
            let c = CopValueCycle::from(cycle);
            assert!(seen.insert(c), "{cycle:?} shares its C value");
            assert_eq!(c as usize, position, "{cycle:?}: the C values follow ValueCycle::ALL");
            assert_eq!(c as usize, cycle as usize, "the summary counts by the core's order");
            assert_eq!(ValueCycle::from(c), cycle);
            assert_eq!(CopValueCycle::from_u32(c as u32), Some(c));
            let name = cop_value_cycle_name(c as u32);
            assert!(!name.is_null());
            // SAFETY: a non-NULL name is a static C string.
            assert_eq!(unsafe { CStr::from_ptr(name) }.to_str().unwrap(), cycle.name());
            // The core's serde name (as in the JSON) is the name and the C constant's suffix.
            assert_eq!(serde_json::to_value(cycle).unwrap(), cycle.name());
            let constant = format!("COP_VALUE_CYCLE_{} = {position},", cycle.name().to_uppercase());
            assert!(HEADER.contains(&constant), "the header lacks `{constant}`");
        }
        assert_eq!(seen.len(), CopValueCycle::ALL.len());
        assert_eq!(CopValueCycle::from_u32(5), None);
        assert!(cop_value_cycle_name(5).is_null());
        assert!(cop_value_cycle_name(u32::MAX).is_null());
    }
}
