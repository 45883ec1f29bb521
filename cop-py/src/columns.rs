//! Columns in: Python lists, numpy arrays and pandas objects, converted to plain Rust columns.
//!
//! The bulk path never makes a Python object per event, nor a Rust `String` per cell. Text
//! columns are copied into one UTF-8 arena per column, with a span per row:
//! - numpy `<U` arrays are read as their UCS4 code points (a `uint32` view of the buffer);
//! - numpy `S` arrays as their bytes;
//! - object arrays and lists through the UTF-8 view each `str` keeps (`PyUnicode_AsUTF8AndSize`);
//! - pandas categoricals as their codes and categories: each category is converted once, and
//!   the core resolves each once too (`record_coded_batch`), the fastest way in;
//! - integer key columns are written in decimal.
//!
//! Times become seconds since the epoch: numpy `datetime64` of any unit (floored to the second),
//! integers and floats as Unix epoch numbers read by magnitude (seconds, milliseconds,
//! microseconds or nanoseconds: the core's rule), strings in any form of the core's time parser,
//! Python datetimes (naive ones are UTC) and dates (midnight UTC; as an `as_of`, the end of that
//! day). A time that is missing or cannot be
//! read is a bad *row*, reported like the core reports a bad record; a value of a type that can
//! never be a time is a `TypeError` for the whole call.
//!
//! The arrays are read while attached to the interpreter; the result is plain Rust data that the
//! core records with the interpreter released.

use chrono::NaiveDate;
use std::borrow::Cow;

use cop_core::{
    CodedEvents, CopError, ImportOptions, ImportReport, KeyCodes, KeyedEvent, NO_KEY, OnError, RecordError,
};
use numpy::prelude::*;
use numpy::{PyArray1, PyUntypedArray};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDate, PyDateTime, PyFloat, PyInt, PyList, PyString, PyTuple};

use crate::errors::invalid;

/// The fields of the event format, in the order of the core's exports.
pub(crate) const FIELDS: [&str; 9] =
    ["member", "time", "kind", "domain", "target", "community", "artifact", "weight", "thread"];

/// Where a row's text lies in the arena; `len == MISSING` for "none".
#[derive(Clone, Copy)]
struct Span {
    start: u32,
    len: u32,
}

const MISSING: u32 = u32::MAX;
const NO_SPAN: Span = Span { start: 0, len: MISSING };

/// The span of the text between `start` and `end` of an arena (missing when empty).
fn span_of(field: &str, start: usize, end: usize) -> PyResult<Span> {
    if end == start {
        return Ok(NO_SPAN);
    }
    match (u32::try_from(start), u32::try_from(end - start)) {
        (Ok(start), Ok(len)) if len != MISSING && start.checked_add(len).is_some() => Ok(Span { start, len }),
        _ => Err(invalid(field, "the column holds more than 4 GiB of text")),
    }
}

/// Text cells: one arena, one span per row. Empty strings are stored as missing.
#[derive(Default)]
pub(crate) struct Texts {
    arena: String,
    spans: Vec<Span>,
}

impl Texts {
    pub(crate) fn with_rows(rows: usize) -> Self {
        Texts { arena: String::with_capacity(rows * 8), spans: Vec::with_capacity(rows) }
    }

    /// Closes the cell that began at `start` (the arena's length before it was written).
    fn close(&mut self, field: &str, start: usize) -> PyResult<()> {
        let span = span_of(field, start, self.arena.len())?;
        self.spans.push(span);
        Ok(())
    }

    pub(crate) fn push(&mut self, field: &str, text: &str) -> PyResult<()> {
        let start = self.arena.len();
        self.arena.push_str(text);
        self.close(field, start)
    }

    pub(crate) fn push_missing(&mut self) {
        self.spans.push(NO_SPAN);
    }

    pub(crate) fn get(&self, row: usize) -> Option<&str> {
        let span = self.spans[row];
        if span.len == MISSING {
            return None;
        }
        self.arena.get(span.start as usize..(span.start + span.len) as usize)
    }

    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }
}

/// A key column: absent, one value for every row, or one cell per row.
pub(crate) enum Keys {
    /// The argument was not given (or was `None`).
    Absent,
    /// One key (or none) for every row.
    Same(Option<String>),
    /// One cell per row.
    Cells(Texts),
    /// A code per row into a dictionary (a categorical): [`NO_KEY`] for "none".
    Coded { codes: Vec<u32>, keys: Texts },
}

impl Keys {
    fn get(&self, row: usize) -> Option<&str> {
        match self {
            Keys::Absent | Keys::Same(None) => None,
            Keys::Same(Some(key)) => Some(key),
            Keys::Cells(texts) => texts.get(row),
            Keys::Coded { codes, keys } => match codes[row] {
                NO_KEY => None,
                code => keys.get(code as usize),
            },
        }
    }

    fn rows(&self) -> Option<usize> {
        match self {
            Keys::Cells(texts) => Some(texts.len()),
            Keys::Coded { codes, .. } => Some(codes.len()),
            _ => None,
        }
    }

    /// The column as codes into a dictionary (`None` when absent), unless it is a cell per row
    /// (then `Err`).
    fn as_codes(&self, rows: usize) -> Result<Option<Dictionary<'_>>, ()> {
        Ok(match self {
            Keys::Absent => None,
            Keys::Same(None) => Some((Cow::Owned(vec![NO_KEY; rows]), Vec::new())),
            Keys::Same(Some(key)) => Some((Cow::Owned(vec![0; rows]), vec![key.as_str()])),
            Keys::Coded { codes, keys } => Some((
                Cow::Borrowed(codes),
                (0..keys.len()).map(|i| keys.get(i).unwrap_or_default()).collect(),
            )),
            Keys::Cells(_) => return Err(()),
        })
    }
}

/// A column as codes into its keys.
type Dictionary<'a> = (Cow<'a, [u32]>, Vec<&'a str>);

/// The time column in seconds, and the rows whose time could not be read.
pub(crate) struct Times {
    pub(crate) seconds: Vec<i64>,
    pub(crate) same: Option<i64>,
    pub(crate) bad: Vec<(usize, String)>,
}

impl Times {
    fn get(&self, row: usize) -> i64 {
        self.same.unwrap_or_else(|| self.seconds[row])
    }

    fn rows(&self) -> Option<usize> {
        self.same.is_none().then_some(self.seconds.len())
    }
}

/// The weight column (NaN: no weight of the event's own).
pub(crate) enum Weights {
    Same(Option<f32>),
    Cells(Vec<f32>),
}

impl Weights {
    fn get(&self, row: usize) -> Option<f32> {
        match self {
            Weights::Same(w) => *w,
            Weights::Cells(cells) => Some(cells[row]).filter(|w| !w.is_nan()),
        }
    }

    fn rows(&self) -> Option<usize> {
        match self {
            Weights::Cells(cells) => Some(cells.len()),
            Weights::Same(_) => None,
        }
    }
}

/// A batch of events converted from Python columns, ready to be recorded detached.
pub(crate) struct Batch {
    rows: usize,
    member: Keys,
    time: Times,
    kind: Keys,
    domain: Keys,
    target: Keys,
    community: Keys,
    artifact: Keys,
    weight: Weights,
    thread: Keys,
}

/// The Python arguments of a batch, one per field (`None` where not given).
pub(crate) struct Columns<'py> {
    pub member: Bound<'py, PyAny>,
    pub time: Bound<'py, PyAny>,
    pub kind: Bound<'py, PyAny>,
    pub domain: Option<Bound<'py, PyAny>>,
    pub target: Option<Bound<'py, PyAny>>,
    pub community: Option<Bound<'py, PyAny>>,
    pub artifact: Option<Bound<'py, PyAny>>,
    pub weight: Option<Bound<'py, PyAny>>,
    pub thread: Option<Bound<'py, PyAny>>,
}

impl Batch {
    /// A batch of columns already converted (from Arrow): every column given has `rows` rows.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_parts(
        rows: usize,
        member: Keys,
        time: Times,
        kind: Keys,
        [domain, target, community, artifact, thread]: [Keys; 5],
        weight: Weights,
    ) -> Batch {
        Batch { rows, member, time, kind, domain, target, community, artifact, weight, thread }
    }

    /// Converts the columns (attached to the interpreter).
    pub(crate) fn convert(columns: Columns<'_>) -> PyResult<Batch> {
        let key = |field: &str, obj: Option<&Bound<'_, PyAny>>| -> PyResult<Keys> {
            match obj {
                None => Ok(Keys::Absent),
                Some(obj) if obj.is_none() => Ok(Keys::Absent),
                Some(obj) => keys(field, obj),
            }
        };
        let member = key("member", Some(&columns.member))?;
        let time = times(&columns.time)?;
        let kind = key("kind", Some(&columns.kind))?;
        let domain = key("domain", columns.domain.as_ref())?;
        let target = key("target", columns.target.as_ref())?;
        let community = key("community", columns.community.as_ref())?;
        let artifact = key("artifact", columns.artifact.as_ref())?;
        let thread = key("thread", columns.thread.as_ref())?;
        let weight = match &columns.weight {
            Some(obj) if !obj.is_none() => weights(obj)?,
            _ => Weights::Same(None),
        };
        let lengths = [
            ("member", member.rows()),
            ("time", time.rows()),
            ("kind", kind.rows()),
            ("domain", domain.rows()),
            ("target", target.rows()),
            ("community", community.rows()),
            ("artifact", artifact.rows()),
            ("weight", weight.rows()),
            ("thread", thread.rows()),
        ];
        let mut rows: Option<(&str, usize)> = None;
        for (field, len) in lengths {
            let Some(len) = len else { continue };
            match rows {
                None => rows = Some((field, len)),
                Some((first, n)) if n != len => {
                    return Err(PyValueError::new_err(format!(
                        "the columns differ in length: `{first}` has {n} rows, `{field}` has {len}"
                    )));
                }
                Some(_) => {}
            }
        }
        let Some((_, rows)) = rows else {
            return Err(PyValueError::new_err(
                "at least one column must be a sequence or an array (every one given is a single value)",
            ));
        };
        Ok(Batch { rows, member, time, kind, domain, target, community, artifact, weight, thread })
    }

    fn event(&self, row: usize) -> KeyedEvent<'_> {
        KeyedEvent {
            member: self.member.get(row).unwrap_or(""),
            time: self.time.get(row),
            kind: self.kind.get(row).unwrap_or(""),
            community: self.community.get(row),
            domain: self.domain.get(row),
            target: self.target.get(row),
            artifact: self.artifact.get(row),
            weight: self.weight.get(row),
            thread: self.thread.get(row),
        }
    }

    /// Records the batch through [`cop_core::Landscape::record_keyed_batch`] (run detached).
    ///
    /// Rows whose time could not be read never reach the core: with [`OnError::Stop`] the first
    /// of them is the error and nothing is recorded; with [`OnError::Skip`] they are reported
    /// beside the core's own, every line being the row's 1-based position in the input.
    pub(crate) fn record(
        &self,
        landscape: &mut cop_core::Landscape,
        options: &ImportOptions,
    ) -> Result<ImportReport, CopError> {
        if self.time.bad.is_empty() {
            if let Some(report) = self.record_coded(landscape, options) {
                return report;
            }
            return landscape.record_keyed_batch((0..self.rows).map(|row| self.event(row)), options);
        }
        let bad_record = |row: usize, message: &str| RecordError {
            source: options.source.clone(),
            line: row as u64 + 1,
            column: None,
            field: Some("time".to_owned()),
            message: message.to_owned(),
        };
        if options.on_error == OnError::Stop {
            let (row, message) = &self.time.bad[0];
            return Err(CopError::Record(bad_record(*row, message)));
        }
        let mut bad = self.time.bad.iter().peekable();
        let mut good = Vec::with_capacity(self.rows - self.time.bad.len());
        for row in 0..self.rows {
            if bad.peek().is_some_and(|(b, _)| *b == row) {
                bad.next();
            } else {
                good.push(row);
            }
        }
        let mut report = landscape.record_keyed_batch(good.iter().map(|&row| self.event(row)), options)?;
        for skipped in &mut report.skipped {
            if let Some(&row) =
                usize::try_from(skipped.line).ok().and_then(|line| good.get(line.wrapping_sub(1)))
            {
                skipped.line = row as u64 + 1;
            }
        }
        report.skipped.extend(self.time.bad.iter().map(|(row, message)| bad_record(*row, message)));
        report.skipped.sort_by_key(|s| s.line);
        Ok(report)
    }
}

impl Batch {
    /// Records the batch through [`cop_core::Landscape::record_coded_batch`] when some key
    /// column is categorical and none is a cell per row; `None` otherwise.
    fn record_coded(
        &self,
        landscape: &mut cop_core::Landscape,
        options: &ImportOptions,
    ) -> Option<Result<ImportReport, CopError>> {
        let columns = [
            &self.member,
            &self.kind,
            &self.domain,
            &self.target,
            &self.community,
            &self.artifact,
            &self.thread,
        ];
        if !columns.iter().any(|k| matches!(k, Keys::Coded { .. })) {
            return None;
        }
        let rows = self.rows;
        let mut coded = Vec::with_capacity(columns.len());
        for column in columns {
            coded.push(column.as_codes(rows).ok()?);
        }
        let column = |i: usize| coded[i].as_ref().map(|(codes, keys)| KeyCodes { codes, keys });
        let required = |i: usize| column(i).unwrap_or(KeyCodes { codes: &[], keys: &[] });
        let missing = vec![NO_KEY; rows];
        let absent = KeyCodes { codes: &missing, keys: &[] };
        let time: Cow<'_, [i64]> = match self.time.same {
            Some(t) => Cow::Owned(vec![t; rows]),
            None => Cow::Borrowed(&self.time.seconds),
        };
        let weight: Option<Cow<'_, [f32]>> = match &self.weight {
            Weights::Same(None) => None,
            Weights::Same(Some(w)) => Some(Cow::Owned(vec![*w; rows])),
            Weights::Cells(cells) => Some(Cow::Borrowed(cells)),
        };
        let events = CodedEvents {
            time: &time,
            member: if coded[0].is_some() { required(0) } else { absent },
            kind: if coded[1].is_some() { required(1) } else { absent },
            domain: column(2),
            target: column(3),
            community: column(4),
            artifact: column(5),
            weight: weight.as_deref(),
            thread: column(6),
        };
        Some(landscape.record_coded_batch(&events, options))
    }
}

// ----- shapes of input --------------------------------------------------------------------------

/// A column argument, normalised.
enum Input<'py> {
    /// A 1-dimensional numpy array in native byte order.
    Array(Bound<'py, PyUntypedArray>),
    /// A list or a tuple of Python objects.
    Sequence(Bound<'py, PyAny>),
    /// A pandas categorical: integer codes (-1: missing) into its categories.
    Categorical { codes: Bound<'py, PyUntypedArray>, categories: Bound<'py, PyAny> },
    /// One value for every row.
    Scalar(Bound<'py, PyAny>),
}

fn numpy(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    py.import("numpy")
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map_or_else(|_| "?".to_owned(), |n| n.to_string())
}

/// A numpy array, 1-dimensional and in native byte order.
fn array<'py>(field: &str, array: Bound<'py, PyUntypedArray>) -> PyResult<Bound<'py, PyUntypedArray>> {
    if array.ndim() != 1 {
        return Err(invalid(
            field,
            format!("expected a 1-dimensional array, got one of shape {:?}", array.shape()),
        ));
    }
    if array.dtype().is_native_byteorder() == Some(false) {
        let native = array.dtype().call_method1("newbyteorder", ("=",))?;
        return Ok(array.call_method1("astype", (native,))?.cast_into::<PyUntypedArray>()?);
    }
    Ok(array)
}

fn is_scalar(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<PyBytes>()
        || obj.is_instance_of::<PyInt>()
        || obj.is_instance_of::<PyFloat>()
        || obj.is_instance_of::<PyDate>()
}

fn input<'py>(field: &str, obj: &Bound<'py, PyAny>, categorical: bool) -> PyResult<Input<'py>> {
    if let Ok(a) = obj.cast::<PyUntypedArray>() {
        return Ok(Input::Array(array(field, a.clone())?));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        return Ok(Input::Sequence(obj.clone()));
    }
    if is_scalar(obj) || obj.is_none() {
        return Ok(Input::Scalar(obj.clone()));
    }
    // pandas (and alike): a Series, an Index, an extension array.
    if let Ok(dtype) = obj.getattr("dtype") {
        let name: String = dtype.getattr("name").and_then(|n| n.extract()).unwrap_or_default();
        if categorical && name == "category" {
            // A Categorical or CategoricalIndex has the codes itself; a Series in `.array`.
            let values = if obj.hasattr("codes")? { obj.clone() } else { obj.getattr("array")? };
            let codes = numpy(obj.py())?.call_method1("asarray", (values.getattr("codes")?,))?;
            return Ok(Input::Categorical {
                codes: array(field, codes.cast_into::<PyUntypedArray>()?)?,
                categories: values.getattr("categories")?,
            });
        }
        if dtype.hasattr("tz")? && !dtype.getattr("tz")?.is_none() {
            // Time zone aware datetimes: their UTC values, without the zone.
            let values = if obj.hasattr("array")? { obj.getattr("array")? } else { obj.clone() };
            let utc = values.call_method1("tz_convert", (obj.py().None(),))?;
            let converted = numpy(obj.py())?.call_method1("asarray", (utc,))?;
            return Ok(Input::Array(array(field, converted.cast_into::<PyUntypedArray>()?)?));
        }
        if obj.hasattr("to_numpy")? {
            let converted = obj.call_method0("to_numpy")?;
            if let Ok(a) = converted.cast_into::<PyUntypedArray>() {
                return Ok(Input::Array(array(field, a)?));
            }
        }
    }
    let converted = numpy(obj.py())?.call_method1("asarray", (obj,))?;
    let converted = converted.cast_into::<PyUntypedArray>()?;
    if converted.ndim() == 0 {
        if converted.dtype().kind() == b'O' {
            // Not array-like at all (a generator, a set, a dict, ...).
            return Err(PyTypeError::new_err(format!(
                "`{field}` must be a list, a tuple, an array or a single value, not {}",
                type_name(obj)
            )));
        }
        // A numpy scalar (np.int64(5), np.datetime64(...)): one value for every row.
        return Ok(Input::Scalar(obj.clone()));
    }
    Ok(Input::Array(array(field, converted)?))
}

/// The items of a list or tuple, borrowed.
fn for_each_item<'py>(
    sequence: &Bound<'py, PyAny>,
    mut f: impl FnMut(usize, &Bound<'py, PyAny>) -> PyResult<()>,
) -> PyResult<()> {
    if let Ok(list) = sequence.cast::<PyList>() {
        for (i, item) in list.iter().enumerate() {
            f(i, &item)?;
        }
    } else {
        for (i, item) in sequence.cast::<PyTuple>()?.iter().enumerate() {
            f(i, &item)?;
        }
    }
    Ok(())
}

/// The items of an object array, borrowed (no reference count changes for contiguous arrays).
fn for_each_object<'py>(
    array: &Bound<'py, PyUntypedArray>,
    mut f: impl FnMut(usize, &Bound<'py, PyAny>) -> PyResult<()>,
) -> PyResult<()> {
    let py = array.py();
    let typed = array.cast::<PyArray1<Py<PyAny>>>()?;
    let readonly = typed.try_readonly().map_err(|e| PyValueError::new_err(e.to_string()))?;
    match readonly.as_slice() {
        Ok(slice) => {
            for (i, item) in slice.iter().enumerate() {
                f(i, item.bind(py))?;
            }
        }
        Err(_) => {
            for (i, item) in readonly.as_array().iter().enumerate() {
                f(i, item.bind(py))?;
            }
        }
    }
    Ok(())
}

/// `$each!(T)` with `T` the Rust type of the integer array's dtype; `$otherwise(dtype)` for
/// any other dtype.
macro_rules! with_int_type {
    ($array:expr, $each:ident, $otherwise:expr) => {{
        let dtype = $array.dtype();
        match (dtype.kind(), dtype.itemsize()) {
            (b'i', 1) => $each!(i8),
            (b'i', 2) => $each!(i16),
            (b'i', 4) => $each!(i32),
            (b'i', 8) => $each!(i64),
            (b'u', 1) => $each!(u8),
            (b'u', 2) => $each!(u16),
            (b'u', 4) => $each!(u32),
            (b'u', 8) => $each!(u64),
            _ => ($otherwise)(dtype),
        }
    }};
}

/// A numpy array's items as `i128` (any integer dtype).
fn for_each_int(
    array: &Bound<'_, PyUntypedArray>,
    mut f: impl FnMut(usize, i128) -> PyResult<()>,
) -> PyResult<()> {
    macro_rules! each {
        ($t:ty) => {{
            let typed = array.cast::<PyArray1<$t>>()?;
            let readonly = typed.try_readonly().map_err(|e| PyValueError::new_err(e.to_string()))?;
            for (i, &v) in readonly.as_array().iter().enumerate() {
                f(i, i128::from(v))?;
            }
            Ok(())
        }};
    }
    with_int_type!(array, each, |dtype| Err(PyTypeError::new_err(format!(
        "unsupported integer dtype {dtype}"
    ))))
}

/// A numpy array's items as `f64` (float32 or float64).
fn for_each_float(
    array: &Bound<'_, PyUntypedArray>,
    mut f: impl FnMut(usize, f64) -> PyResult<()>,
) -> PyResult<()> {
    macro_rules! each {
        ($t:ty) => {{
            let typed = array.cast::<PyArray1<$t>>()?;
            let readonly = typed.try_readonly().map_err(|e| PyValueError::new_err(e.to_string()))?;
            for (i, &v) in readonly.as_array().iter().enumerate() {
                f(i, f64::from(v))?;
            }
            Ok(())
        }};
    }
    let dtype = array.dtype();
    match dtype.itemsize() {
        4 => each!(f32),
        8 => each!(f64),
        _ => {
            let wide = array.call_method1("astype", ("float64",))?.cast_into::<PyUntypedArray>()?;
            for_each_float(&wide, f)
        }
    }
}

/// A view of a contiguous copy of `array` as `dtype` (same item size or a divisor of it).
fn contiguous_view<'py, T: numpy::Element>(
    array: &Bound<'py, PyUntypedArray>,
    dtype: &str,
) -> PyResult<Bound<'py, PyArray1<T>>> {
    let contiguous = numpy(array.py())?.call_method1("ascontiguousarray", (array,))?;
    Ok(contiguous.call_method1("view", (dtype,))?.cast_into::<PyArray1<T>>()?)
}

/// Each cell of a `<U` array as UTF-8, written by `write` into `out` (cleared first).
fn for_each_ucs4(
    field: &str,
    array: &Bound<'_, PyUntypedArray>,
    out: &mut String,
    mut cell: impl FnMut(usize, &mut String) -> PyResult<()>,
) -> PyResult<()> {
    let chars = array.dtype().itemsize() / 4;
    let rows = array.len();
    if chars == 0 {
        for row in 0..rows {
            cell(row, out)?;
        }
        return Ok(());
    }
    let view = contiguous_view::<u32>(array, "uint32")?;
    let readonly = view.try_readonly().map_err(|e| PyValueError::new_err(e.to_string()))?;
    let codes = readonly.as_slice().map_err(|e| PyValueError::new_err(e.to_string()))?;
    for (row, points) in codes.chunks_exact(chars).enumerate() {
        let used = points.iter().rposition(|&c| c != 0).map_or(0, |last| last + 1);
        let points = &points[..used];
        if points.iter().all(|&c| c < 0x80) {
            // ASCII: every code point is one byte.
            out.extend(points.iter().map(|&c| c as u8 as char));
        } else {
            for &c in points {
                match char::from_u32(c) {
                    Some(ch) => out.push(ch),
                    None => {
                        return Err(invalid(
                            field,
                            format!("row {row}: code point {c:#x} is not a Unicode scalar value"),
                        ));
                    }
                }
            }
        }
        cell(row, out)?;
    }
    Ok(())
}

/// Each cell of an `S` array (bytes, NUL-padded) as UTF-8.
fn for_each_bytes(
    field: &str,
    array: &Bound<'_, PyUntypedArray>,
    mut cell: impl FnMut(usize, &str) -> PyResult<()>,
) -> PyResult<()> {
    let size = array.dtype().itemsize();
    let rows = array.len();
    if size == 0 {
        for row in 0..rows {
            cell(row, "")?;
        }
        return Ok(());
    }
    let view = contiguous_view::<u8>(array, "uint8")?;
    let readonly = view.try_readonly().map_err(|e| PyValueError::new_err(e.to_string()))?;
    let bytes = readonly.as_slice().map_err(|e| PyValueError::new_err(e.to_string()))?;
    for (row, raw) in bytes.chunks_exact(size).enumerate() {
        let used = raw.iter().rposition(|&b| b != 0).map_or(0, |last| last + 1);
        let text = std::str::from_utf8(&raw[..used])
            .map_err(|_| invalid(field, format!("row {row}: the bytes are not valid UTF-8")))?;
        cell(row, text)?;
    }
    Ok(())
}

/// Whether a Python object stands for a missing value: `None`, NaN, `pandas.NA`, `NaT`.
fn is_missing(obj: &Bound<'_, PyAny>) -> bool {
    if obj.is_none() {
        return true;
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return f.value().is_nan();
    }
    matches!(type_name(obj).as_str(), "NAType" | "NaTType")
}

// ----- keys -------------------------------------------------------------------------------------

/// One key cell of a Python object: a `str` (borrowed), an integer, or missing.
fn key_cell(field: &str, row: Option<usize>, obj: &Bound<'_, PyAny>, texts: &mut Texts) -> PyResult<()> {
    if let Ok(s) = obj.cast::<PyString>() {
        return texts.push(field, s.to_str()?);
    }
    if is_missing(obj) {
        texts.push_missing();
        return Ok(());
    }
    if !obj.is_instance_of::<PyBool>() && !obj.is_instance_of::<PyFloat>() {
        // Integers (Python's, numpy's: anything with `__index__`) as their decimal text.
        if let Ok(v) = obj.extract::<i64>() {
            return texts.push(field, &v.to_string());
        }
        if obj.is_instance_of::<PyInt>() {
            let start = texts.arena.len();
            texts.arena.push_str(obj.str()?.to_str()?);
            return texts.close(field, start);
        }
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let v = f.value();
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            return texts.push(field, &format!("{}", v as i64));
        }
    }
    let at = row.map_or_else(String::new, |r| format!("[{r}]"));
    Err(PyTypeError::new_err(format!("`{field}`{at}: expected a str key (or None), got {}", type_name(obj))))
}

fn keys(field: &str, obj: &Bound<'_, PyAny>) -> PyResult<Keys> {
    match input(field, obj, true)? {
        Input::Scalar(value) => {
            let mut texts = Texts::default();
            key_cell(field, None, &value, &mut texts)?;
            Ok(Keys::Same(texts.get(0).map(str::to_owned)))
        }
        Input::Sequence(sequence) => {
            let mut texts = Texts::with_rows(sequence.len()?);
            for_each_item(&sequence, |row, item| key_cell(field, Some(row), item, &mut texts))?;
            Ok(Keys::Cells(texts))
        }
        Input::Array(array) => Ok(Keys::Cells(array_texts(field, &array)?)),
        Input::Categorical { codes, categories } => {
            let categories = match keys(field, &categories)? {
                Keys::Cells(texts) => texts,
                _ => return Err(PyTypeError::new_err(format!("`{field}`: unreadable categories"))),
            };
            let codes = category_codes(field, &codes, &categories)?;
            Ok(Keys::Coded { codes, keys: categories })
        }
    }
}

/// The common case of [`category_codes`], in one vectorised pass: signed codes, each -1 ("none",
/// which becomes [`NO_KEY`]) or in range, into categories none of which is missing or empty;
/// `None` otherwise.
fn codes_as_they_are(codes: &Bound<'_, PyUntypedArray>, table: &[u32]) -> PyResult<Option<Vec<u32>>> {
    macro_rules! each {
        ($t:ty) => {{
            let typed = codes.cast::<PyArray1<$t>>()?;
            let readonly = typed.try_readonly().map_err(|e| PyValueError::new_err(e.to_string()))?;
            let view = readonly.as_array();
            let (low, high) = view
                .iter()
                .fold((0i64, -1i64), |(low, high), &c| (low.min(i64::from(c)), high.max(i64::from(c))));
            if low < -1 || high >= table.len() as i64 || table.contains(&NO_KEY) {
                return Ok(None);
            }
            // Sign extension makes -1 u32::MAX, which is NO_KEY.
            const _: () = assert!(NO_KEY == u32::MAX);
            Ok(Some(view.iter().map(|&c| i64::from(c) as u32).collect()))
        }};
    }
    let dtype = codes.dtype();
    match (dtype.kind(), dtype.itemsize()) {
        (b'i', 1) => each!(i8),
        (b'i', 2) => each!(i16),
        (b'i', 4) => each!(i32),
        (b'i', 8) => each!(i64),
        _ => Ok(None),
    }
}

/// A categorical's codes as dictionary codes: they stay codes (the core resolves each category
/// once). A negative code, or one of a missing or empty category, is "none" ([`NO_KEY`]), as
/// it is in every other form of input; a code past the categories is an error naming its row.
fn category_codes(field: &str, codes: &Bound<'_, PyUntypedArray>, categories: &Texts) -> PyResult<Vec<u32>> {
    // What each category's code becomes, looked up per row (a table of 4-byte entries).
    let table: Vec<u32> = (0..categories.spans.len())
        .map(|c| if categories.spans[c].len == MISSING { NO_KEY } else { c as u32 })
        .collect();
    if let Some(codes) = codes_as_they_are(codes, &table)? {
        return Ok(codes);
    }
    let out_of_range =
        |row: usize, code: i128| invalid(field, format!("row {row}: category code {code} is out of range"));
    macro_rules! each {
        ($t:ty) => {{
            let typed = codes.cast::<PyArray1<$t>>()?;
            let readonly = typed.try_readonly().map_err(|e| PyValueError::new_err(e.to_string()))?;
            let view = readonly.as_array();
            let mut out = Vec::with_capacity(view.len());
            for (row, &code) in view.iter().enumerate() {
                #[allow(unused_comparisons)]
                let mapped = if code < 0 {
                    NO_KEY
                } else {
                    *usize::try_from(code)
                        .ok()
                        .and_then(|c| table.get(c))
                        .ok_or_else(|| out_of_range(row, i128::from(code)))?
                };
                out.push(mapped);
            }
            Ok(out)
        }};
    }
    with_int_type!(codes, each, |dtype| {
        Err(PyTypeError::new_err(format!("`{field}`: unsupported category code dtype {dtype}")))
    })
}

fn array_texts(field: &str, array: &Bound<'_, PyUntypedArray>) -> PyResult<Texts> {
    let rows = array.len();
    let mut texts = Texts::with_rows(rows);
    match array.dtype().kind() {
        b'U' => {
            let mut arena = std::mem::take(&mut texts.arena);
            let mut spans = std::mem::take(&mut texts.spans);
            let mut start = 0;
            for_each_ucs4(field, array, &mut arena, |_, arena| {
                spans.push(span_of(field, start, arena.len())?);
                start = arena.len();
                Ok(())
            })?;
            texts = Texts { arena, spans };
        }
        b'S' => for_each_bytes(field, array, |_, text| texts.push(field, text))?,
        b'O' => for_each_object(array, |row, item| key_cell(field, Some(row), item, &mut texts))?,
        b'i' | b'u' => {
            use std::fmt::Write;
            for_each_int(array, |_, v| {
                let start = texts.arena.len();
                let _ = write!(texts.arena, "{v}");
                texts.close(field, start)
            })?
        }
        b'f' => for_each_float(array, |row, v| {
            if v.is_nan() {
                texts.push_missing();
                Ok(())
            } else if v.fract() == 0.0 && v.abs() < 9.0e15 {
                texts.push(field, &format!("{}", v as i64))
            } else {
                Err(PyTypeError::new_err(format!(
                    "`{field}`[{row}]: expected a str key (or None), got the number {v}"
                )))
            }
        })?,
        b'T' => {
            // numpy's variable-width StringDType: read it as objects.
            let objects = array.call_method1("astype", ("object",))?.cast_into::<PyUntypedArray>()?;
            return array_texts(field, &objects);
        }
        _ => {
            return Err(PyTypeError::new_err(format!(
                "`{field}`: expected str keys, got an array of dtype {}",
                array.dtype()
            )));
        }
    }
    Ok(texts)
}

// ----- times ------------------------------------------------------------------------------------

/// What a time cell is.
pub(crate) enum TimeCell {
    Seconds(i64),
    /// A value that is a time in form but missing or unreadable: a bad row.
    Bad(String),
}

/// An epoch number given as a float, read by its magnitude (seconds, milliseconds, microseconds
/// or nanoseconds) by the core's rule, `cop_core::model::time::epoch_seconds_f64`.
pub(crate) fn seconds_of_float(v: f64) -> TimeCell {
    if v.is_nan() {
        return TimeCell::Bad("the time is missing".to_owned());
    }
    cop_core::model::time::epoch_seconds_f64(v)
        .map_or_else(|e| TimeCell::Bad(e.to_string()), TimeCell::Seconds)
}

/// An epoch number given as an integer, read by its magnitude by the core's rule,
/// `cop_core::model::time::epoch_seconds`.
pub(crate) fn seconds_of_int(v: i128) -> TimeCell {
    match i64::try_from(v) {
        Ok(v) => cop_core::model::time::epoch_seconds(v)
            .map_or_else(|e| TimeCell::Bad(e.to_string()), TimeCell::Seconds),
        Err(_) => TimeCell::Bad(format!("{v} is out of the range of epoch numbers")),
    }
}

/// Seconds computed from a date and time (a timestamp, a `datetime64` value): no magnitude rule.
fn seconds_of_timestamp(v: f64) -> TimeCell {
    if v.is_finite() && v.abs() < 1e15 {
        TimeCell::Seconds(v.floor() as i64)
    } else {
        TimeCell::Bad(format!("{v} is out of range"))
    }
}

pub(crate) fn seconds_of_text(text: &str) -> TimeCell {
    if text.trim().is_empty() {
        return TimeCell::Bad("the time is missing".to_owned());
    }
    match cop_core::model::time::parse_time(text) {
        Ok(seconds) => TimeCell::Seconds(seconds),
        Err(error) => TimeCell::Bad(error.to_string()),
    }
}

/// Seconds of a civil date and time taken as UTC.
fn civil_seconds(year: i32, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Option<i64> {
    Some(NaiveDate::from_ymd_opt(year, month, day)?.and_hms_opt(hour, minute, second)?.and_utc().timestamp())
}

/// One time cell of a Python object.
fn time_cell(row: Option<usize>, obj: &Bound<'_, PyAny>) -> PyResult<TimeCell> {
    use pyo3::types::{PyDateAccess, PyTimeAccess, PyTzInfoAccess};
    let missing = || Ok(TimeCell::Bad("the time is missing".to_owned()));
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(seconds_of_text(s.to_str()?));
    }
    if obj.is_none() {
        return missing();
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(seconds_of_float(f.value()));
    }
    if let Ok(dt) = obj.cast::<PyDateTime>() {
        if type_name(obj) == "NaTType" {
            return missing();
        }
        if dt.get_tzinfo().is_some() {
            let timestamp: f64 = dt.call_method0("timestamp")?.extract()?;
            return Ok(seconds_of_timestamp(timestamp));
        }
        let seconds = civil_seconds(
            dt.get_year(),
            dt.get_month().into(),
            dt.get_day().into(),
            dt.get_hour().into(),
            dt.get_minute().into(),
            dt.get_second().into(),
        );
        return Ok(seconds
            .map_or_else(|| TimeCell::Bad("the datetime is out of range".to_owned()), TimeCell::Seconds));
    }
    if let Ok(date) = obj.cast::<PyDate>() {
        let seconds = civil_seconds(date.get_year(), date.get_month().into(), date.get_day().into(), 0, 0, 0);
        return Ok(
            seconds.map_or_else(|| TimeCell::Bad("the date is out of range".to_owned()), TimeCell::Seconds)
        );
    }
    if !obj.is_instance_of::<PyBool>() {
        if let Ok(i) = obj.cast::<PyInt>() {
            return Ok(match i.extract::<i64>() {
                Ok(v) => seconds_of_int(v.into()),
                Err(_) => TimeCell::Bad(format!("{} is out of the range of epoch numbers", i.str()?)),
            });
        }
        match type_name(obj).as_str() {
            "NAType" | "NaTType" => return missing(),
            "datetime64" => {
                let seconds = obj
                    .call_method1("astype", ("datetime64[s]",))?
                    .call_method1("astype", ("int64",))?
                    .extract::<i64>()?;
                return if seconds == i64::MIN { missing() } else { Ok(TimeCell::Seconds(seconds)) };
            }
            "bool" | "bool_" => {}
            _ => {
                // numpy's integer and float scalars.
                if let Ok(v) = obj.extract::<i64>() {
                    return Ok(seconds_of_int(v.into()));
                }
                if obj.hasattr("__float__")? && obj.hasattr("dtype")? {
                    return Ok(seconds_of_float(obj.extract::<f64>()?));
                }
            }
        }
    }
    let at = row.map_or_else(String::new, |r| format!("[{r}]"));
    Err(PyTypeError::new_err(format!(
        "`time`{at}: expected a datetime, a date, an ISO 8601 / RFC 3339 string or Unix seconds, got {}",
        type_name(obj)
    )))
}

/// The seconds of an `as_of` value: a string through the core's `parse_as_of` (a date alone is
/// the end of that day, as the command's `--as-of` reads it), a `datetime.date` likewise the end
/// of its day, anything else as [`time_value`].
pub(crate) fn as_of_value(obj: &Bound<'_, PyAny>) -> PyResult<i64> {
    if let Ok(s) = obj.cast::<PyString>() {
        return cop_core::model::time::parse_as_of(s.to_str()?).map_err(|e| invalid("as_of", e.to_string()));
    }
    if obj.cast::<PyDate>().is_ok() && obj.cast::<PyDateTime>().is_err() {
        return Ok(time_value("as_of", obj)? + cop_core::model::time::DAY - 1);
    }
    time_value("as_of", obj)
}

/// The seconds of one time value (for `Landscape.record` and `Member.joined`).
pub(crate) fn time_value(field: &str, obj: &Bound<'_, PyAny>) -> PyResult<i64> {
    match time_cell(None, obj)? {
        TimeCell::Seconds(s) => {
            cop_core::limits::check_time(field, s).map(|()| s).map_err(crate::errors::to_py)
        }
        TimeCell::Bad(message) => Err(invalid(field, message)),
    }
}

/// Seconds of a `datetime64` value: `floor(value * num / den)`.
#[derive(Clone, Copy)]
struct Scale {
    num: i128,
    den: i128,
}

impl Scale {
    /// `v` units in whole seconds (rounded down), in 64-bit arithmetic for the common units
    /// (whole seconds or more, or one unit a fraction of a second) and in 128-bit otherwise.
    #[inline]
    fn seconds(&self, v: i64) -> TimeCell {
        let exact = match (i64::try_from(self.num), i64::try_from(self.den)) {
            (Ok(num), Ok(1)) => v.checked_mul(num),
            (Ok(1), Ok(den)) => Some(v.div_euclid(den)),
            _ => None,
        };
        let seconds = exact.map_or_else(|| (i128::from(v) * self.num).div_euclid(self.den), i128::from);
        i64::try_from(seconds)
            .map_or_else(|_| TimeCell::Bad(format!("{seconds} is out of range")), TimeCell::Seconds)
    }
}

/// The scale of a `datetime64` unit (`s`, `ms`, `25us`, …); `None` for calendar units (years,
/// months), which only numpy can convert.
fn datetime_scale(unit: &str) -> Option<Scale> {
    let digits = unit.bytes().take_while(u8::is_ascii_digit).count();
    let count: i128 = if digits == 0 { 1 } else { unit[..digits].parse().ok()? };
    let (num, den): (i128, i128) = match &unit[digits..] {
        "W" => (604_800, 1),
        "D" => (86_400, 1),
        "h" => (3_600, 1),
        "m" => (60, 1),
        "s" => (1, 1),
        "ms" => (1, 1_000),
        "us" | "\u{3bc}s" => (1, 1_000_000),
        "ns" => (1, 1_000_000_000),
        "ps" => (1, 1_000_000_000_000),
        "fs" => (1, 1_000_000_000_000_000),
        "as" => (1, 1_000_000_000_000_000_000),
        _ => return None,
    };
    Some(Scale { num: num * count, den })
}

fn times(obj: &Bound<'_, PyAny>) -> PyResult<Times> {
    let mut seconds = Vec::new();
    let mut bad = Vec::new();
    let mut take = |row: usize, cell: TimeCell, seconds: &mut Vec<i64>| match cell {
        TimeCell::Seconds(s) => seconds.push(s),
        TimeCell::Bad(message) => {
            bad.push((row, message));
            seconds.push(0);
        }
    };
    match input("time", obj, false)? {
        Input::Scalar(value) => {
            return match time_cell(None, &value)? {
                TimeCell::Seconds(s) => Ok(Times { seconds, same: Some(s), bad }),
                TimeCell::Bad(message) => Err(invalid("time", message)),
            };
        }
        Input::Sequence(sequence) => {
            seconds.reserve(sequence.len()?);
            for_each_item(&sequence, |row, item| {
                let cell = time_cell(Some(row), item)?;
                take(row, cell, &mut seconds);
                Ok(())
            })?;
        }
        Input::Categorical { .. } => unreachable!("categoricals are materialised for times"),
        Input::Array(array) => {
            if let Some(whole) = whole_seconds(&array)? {
                return Ok(Times { seconds: whole, same: None, bad });
            }
            seconds.reserve(array.len());
            array_times(&array, &mut |row, cell| {
                take(row, cell, &mut seconds);
                Ok(())
            })?;
        }
    }
    Ok(Times { seconds, same: None, bad })
}

/// A `datetime64[s]` array without a missing time (NaT), as its seconds in one copy; `None`
/// for anything else (then [`array_times`] reads it cell by cell and names the bad ones).
fn whole_seconds(array: &Bound<'_, PyUntypedArray>) -> PyResult<Option<Vec<i64>>> {
    let dtype = array.dtype();
    if dtype.kind() != b'M' || dtype.getattr("str")?.extract::<String>()?.as_str() != "<M8[s]" {
        return Ok(None);
    }
    let raw = array.call_method1("view", ("int64",))?.cast_into::<PyArray1<i64>>()?;
    let readonly = raw.try_readonly().map_err(|e| PyValueError::new_err(e.to_string()))?;
    let view = readonly.as_array();
    // NaT is i64::MIN: the smallest value says whether there is one.
    let has_missing = view.iter().fold(i64::MAX, |low, &v| low.min(v)) == i64::MIN;
    Ok((!has_missing).then(|| view.to_vec()))
}

fn array_times(
    array: &Bound<'_, PyUntypedArray>,
    cell: &mut dyn FnMut(usize, TimeCell) -> PyResult<()>,
) -> PyResult<()> {
    let dtype = array.dtype();
    match dtype.kind() {
        b'M' => {
            let code: String = dtype.getattr("str")?.extract()?;
            let unit = code
                .split_once('[')
                .map(|(_, rest)| rest.trim_end_matches(']').to_owned())
                .unwrap_or_default();
            let scale = datetime_scale(&unit);
            let Some(scale) = scale else {
                // Calendar units (years, months) or generic: let numpy make seconds of them.
                if unit.is_empty() {
                    return Err(PyTypeError::new_err("`time`: a datetime64 array without a unit"));
                }
                let in_seconds =
                    array.call_method1("astype", ("datetime64[s]",))?.cast_into::<PyUntypedArray>()?;
                return array_times(&in_seconds, cell);
            };
            let raw = array.call_method1("view", ("int64",))?.cast_into::<PyArray1<i64>>()?;
            let readonly = raw.try_readonly().map_err(|e| PyValueError::new_err(e.to_string()))?;
            for (row, &v) in readonly.as_array().iter().enumerate() {
                let c = if v == i64::MIN {
                    TimeCell::Bad("the time is missing (NaT)".to_owned())
                } else {
                    scale.seconds(v)
                };
                cell(row, c)?;
            }
            Ok(())
        }
        b'i' | b'u' => for_each_int(array, |row, v| cell(row, seconds_of_int(v))),
        b'f' => for_each_float(array, |row, v| cell(row, seconds_of_float(v))),
        b'U' => {
            let mut out = String::new();
            for_each_ucs4("time", array, &mut out, |row, out| {
                let c = seconds_of_text(out);
                out.clear();
                cell(row, c)
            })
        }
        b'S' => for_each_bytes("time", array, |row, text| cell(row, seconds_of_text(text))),
        b'O' => for_each_object(array, |row, item| {
            let c = time_cell(Some(row), item)?;
            cell(row, c)
        }),
        b'T' => {
            let objects = array.call_method1("astype", ("object",))?.cast_into::<PyUntypedArray>()?;
            array_times(&objects, cell)
        }
        _ => Err(PyTypeError::new_err(format!(
            "`time`: expected datetime64, integer or float seconds, or strings, got an array of dtype {dtype}"
        ))),
    }
}

// ----- weights ----------------------------------------------------------------------------------

fn weight_cell(row: Option<usize>, obj: &Bound<'_, PyAny>) -> PyResult<f32> {
    if is_missing(obj) {
        return Ok(f32::NAN);
    }
    // Numbers: Python's and numpy's (anything with `__float__`), but not booleans or text.
    let numeric = !obj.is_instance_of::<PyBool>()
        && !obj.is_instance_of::<PyString>()
        && !matches!(type_name(obj).as_str(), "bool" | "bool_");
    if numeric && let Ok(w) = obj.extract::<f64>() {
        return Ok(w as f32);
    }
    let at = row.map_or_else(String::new, |r| format!("[{r}]"));
    Err(PyTypeError::new_err(format!("`weight`{at}: expected a number (or None), got {}", type_name(obj))))
}

fn weights(obj: &Bound<'_, PyAny>) -> PyResult<Weights> {
    match input("weight", obj, false)? {
        Input::Scalar(value) => {
            let w = weight_cell(None, &value)?;
            Ok(Weights::Same(Some(w).filter(|w| !w.is_nan())))
        }
        Input::Sequence(sequence) => {
            let mut cells = Vec::with_capacity(sequence.len()?);
            for_each_item(&sequence, |row, item| {
                cells.push(weight_cell(Some(row), item)?);
                Ok(())
            })?;
            Ok(Weights::Cells(cells))
        }
        Input::Categorical { .. } => unreachable!("categoricals are materialised for weights"),
        Input::Array(array) => {
            let mut cells = Vec::with_capacity(array.len());
            match array.dtype().kind() {
                b'f' => for_each_float(&array, |_, v| {
                    cells.push(v as f32);
                    Ok(())
                })?,
                b'i' | b'u' => for_each_int(&array, |_, v| {
                    cells.push(v as f32);
                    Ok(())
                })?,
                b'O' => for_each_object(&array, |row, item| {
                    cells.push(weight_cell(Some(row), item)?);
                    Ok(())
                })?,
                _ => {
                    return Err(PyTypeError::new_err(format!(
                        "`weight`: expected numbers, got an array of dtype {}",
                        array.dtype()
                    )));
                }
            }
            Ok(Weights::Cells(cells))
        }
    }
}
