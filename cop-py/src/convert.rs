//! The helpers every binding module shares: arguments in (`as_of`, windows, counts, options as
//! dicts or JSON text, periods, edge weights) and results out (JSON to Python objects, the typed
//! result classes of `cop.results`, names, datetimes, pandas).
//!
//! It uses only `errors` and `columns`, and every other module may use it, so shared helpers
//! never pull a module into a cycle (see `handle`).

use cop_core::structure::EdgeWeight;
use cop_core::{CopError, Entity, Level, MemberId, Period, TrajectoryKind};
use numpy::datetime::{Datetime, units};
use pyo3::exceptions::{PyImportError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDateTime, PyString, PyTuple, PyTzInfo};
use serde::Serialize;

use crate::columns::as_of_value;
use crate::errors::{invalid, to_py};

// ----- arguments in -----------------------------------------------------------------------------

/// A core `InvalidValue` error (for checks that run detached).
pub(crate) fn invalid_value(field: &str, message: impl Into<String>) -> CopError {
    CopError::InvalidValue { field: field.to_owned(), message: message.into() }
}

/// An `as_of` argument as given: `None`, or seconds since the epoch (datetime, date — the end of
/// that day —, numpy `datetime64`, a string in any form of the core's time parser, Unix seconds).
pub(crate) fn as_of_arg(as_of: Option<&Bound<'_, PyAny>>) -> PyResult<Option<i64>> {
    as_of.filter(|a| !a.is_none()).map(as_of_value).transpose()
}

/// An unsigned integer argument: refused with the argument's name when it is not an int
/// (`TypeError`) or out of `0..=max` (`InvalidValueError`, with `.field`), never a bare
/// `OverflowError`.
pub(crate) fn unsigned_arg(obj: &Bound<'_, PyAny>, name: &str, max: u64) -> PyResult<u64> {
    use pyo3::types::{PyBool, PyInt};
    if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
        let type_name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_default();
        return Err(PyTypeError::new_err(format!("`{name}` must be an int, got {type_name}")));
    }
    obj.extract::<u64>().ok().filter(|&v| v <= max).ok_or_else(|| {
        let shown =
            obj.str().map(|s| cop_core::limits::echo(&s.to_string_lossy()).into_owned()).unwrap_or_default();
        invalid(name, format!("{shown} is out of range: 0 to {max}"))
    })
}

/// `window_days`: an int from 0 to 2³²−1.
pub(crate) fn window_days_arg(obj: &Bound<'_, PyAny>) -> PyResult<u32> {
    unsigned_arg(obj, "window_days", u32::MAX.into()).map(|v| v as u32)
}

/// `window_days` or `None`.
pub(crate) fn optional_window_days_arg(obj: &Bound<'_, PyAny>) -> PyResult<Option<u32>> {
    if obj.is_none() { Ok(None) } else { window_days_arg(obj).map(Some) }
}

/// `k`: how many results, an int from 0 to 2³²−1.
pub(crate) fn k_arg(obj: &Bound<'_, PyAny>) -> PyResult<usize> {
    unsigned_arg(obj, "k", u32::MAX.into()).map(|v| v as usize)
}

/// `mentoring_capacity`: an int from 0 to 2³²−1.
pub(crate) fn mentoring_capacity_arg(obj: &Bound<'_, PyAny>) -> PyResult<u32> {
    unsigned_arg(obj, "mentoring_capacity", u32::MAX.into()).map(|v| v as u32)
}

/// The date of an analysis: the one given, or else the time of the last event; refused when out
/// of the range of dates or when there is no event to default to.
pub(crate) fn resolve_as_of(landscape: &cop_core::Landscape, as_of: Option<i64>) -> Result<i64, CopError> {
    cop_core::AsOf::given_or_last_event(landscape, as_of).map(cop_core::AsOf::seconds)
}

/// The JSON text of an options argument: a dict (anything `json.dumps` takes) or a str of JSON.
pub(crate) fn json_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(text) = obj.cast::<PyString>() {
        return Ok(text.to_str()?.to_owned());
    }
    if let Ok(bytes) = obj.cast::<PyBytes>() {
        return String::from_utf8(bytes.as_bytes().to_vec())
            .map_err(|e| PyTypeError::new_err(format!("options must be UTF-8 JSON: {e}")));
    }
    obj.py().import("json")?.call_method1("dumps", (obj,))?.extract()
}

/// Options of type `T` from an optional dict or JSON text, parsed by `parse` (the core's
/// `from_json`, so errors carry the core's message); the defaults when `None`.
pub(crate) fn options_of<T: Default>(
    obj: Option<&Bound<'_, PyAny>>,
    parse: impl FnOnce(&str) -> Result<T, CopError>,
) -> PyResult<T> {
    match obj.filter(|o| !o.is_none()) {
        None => Ok(T::default()),
        Some(obj) => parse(&json_text(obj)?).map_err(to_py),
    }
}

/// A period by name.
pub(crate) fn period_of(name: &str) -> PyResult<Period> {
    Ok(match name {
        "day" => Period::Day,
        "week" => Period::Week,
        "month" => Period::Month,
        "quarter" => Period::Quarter,
        _ => return Err(invalid("period", format!("`{name}` is not a period (day, week, month, quarter)"))),
    })
}

pub(crate) fn period_name(period: Period) -> &'static str {
    match period {
        Period::Day => "day",
        Period::Week => "week",
        Period::Month => "month",
        Period::Quarter => "quarter",
    }
}

/// How ties of the interaction graph are weighed, by name.
pub(crate) fn edge_weight_of(name: &str) -> PyResult<EdgeWeight> {
    match name {
        "count" => Ok(EdgeWeight::Count),
        "weight" => Ok(EdgeWeight::Weight),
        _ => Err(invalid("weight", format!("`{name}` is not an edge weight (count, weight)"))),
    }
}

// ----- results out ------------------------------------------------------------------------------

/// The JSON of a core result (run detached; serialisation cannot fail for the core's types, but
/// a failure is an error, not a panic).
pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<String, CopError> {
    serde_json::to_string(value).map_err(|e| invalid_value("report", e.to_string()))
}

/// Python objects of JSON text (`json.loads`).
pub(crate) fn from_json<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (json,))
}

/// A tuple of names.
pub(crate) fn names<'py>(py: Python<'py>, names: &[&str]) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(py, names)
}

/// The names of the levels, from the centre outwards (`cop.LEVELS`).
pub(crate) fn level_names() -> [&'static str; 6] {
    Level::ALL.map(Level::name)
}

/// The names of the trajectories (`cop.TRAJECTORIES`).
pub(crate) fn trajectory_names() -> [&'static str; 7] {
    TrajectoryKind::ALL.map(TrajectoryKind::name)
}

pub(crate) fn member_key(landscape: &cop_core::Landscape, member: MemberId) -> String {
    landscape.member_key(member).unwrap_or_default().to_owned()
}

pub(crate) fn unknown_member(key: &str) -> CopError {
    CopError::UnknownKey { entity: Entity::Member, key: key.to_owned() }
}

pub(crate) fn pandas<'py>(py: Python<'py>, what: &str) -> PyResult<Bound<'py, PyModule>> {
    py.import("pandas")
        .map_err(|e| PyImportError::new_err(format!("{what} needs pandas (pip install pandas): {e}")))
}

pub(crate) fn datetimes(seconds: &[i64]) -> Vec<Datetime<units::Seconds>> {
    seconds.iter().copied().map(Datetime::from).collect()
}

/// A Python `datetime` (UTC) of seconds since the epoch.
pub(crate) fn datetime(py: Python<'_>, seconds: i64) -> PyResult<Bound<'_, PyDateTime>> {
    let utc = PyTzInfo::utc(py)?;
    PyDateTime::from_timestamp(py, seconds as f64, Some(&utc))
}

/// An instance of the class `class` of `cop.results` (the typed results) made from `value`: the
/// core's JSON as Python objects, or columns. Every method that returns a result goes through
/// here, so one result has one class whichever method computed it.
pub(crate) fn result<'py>(
    py: Python<'py>,
    class: &str,
    value: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    py.import("cop.results")?.getattr(class)?.call1((value,))
}

/// A result of `cop.results` made from the core's JSON text.
pub(crate) fn json_result<'py>(py: Python<'py>, class: &str, json: &str) -> PyResult<Bound<'py, PyAny>> {
    result(py, class, from_json(py, json)?)
}
