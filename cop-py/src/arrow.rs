//! Arrow in and out, through the Arrow PyCapsule interface.
//!
//! In: any object with `__arrow_c_stream__` (a pyarrow `Table` or `RecordBatchReader`, a polars
//! `DataFrame`, a DuckDB relation…) or `__arrow_c_array__` (a pyarrow `RecordBatch`) whose
//! columns are named like the fields of the event format. The columns are read in Rust, with no
//! Python object per row, into the same [`Batch`] as the numpy path (`from_events`), and recorded
//! by the core with the interpreter released.
//!
//! Out: [`ArrowTable`], a table of Arrow record batches built here from the core's results and
//! handed out through `__arrow_c_stream__`, so `pyarrow.table(t)`, `polars.from_arrow(t)` (or
//! `polars.DataFrame(t)`) and `pandas` (through pyarrow) take it without a copy of the buffers.
//!
//! The tables of one community's analysis ([`community_tables`]) and of the rollup of a
//! landscape's communities ([`rollup_tables`]) have the schemas documented in
//! `cop.distributed`; [`parts_of_tables`] reads the first back into the core's
//! [`CommunityPart`]s for the merge.

use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    ArrowDictionaryKeyType, Date32Type, Date64Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type,
    Int64Type, TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, RecordBatchReader, StringArray,
    StructArray,
};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef, TimeUnit};
use cop_core::health::HealthReport;
use cop_core::health::maturity::{MaturityAnalysis, Stage};
use cop_core::rollup::{CommunityPart, MemberPart, Rollup};
use cop_core::{Level, NO_KEY, TrajectoryKind};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict};
use pyo3_arrow::ffi::{ArrayIterator, to_schema_pycapsule, to_stream_pycapsule};
use pyo3_arrow::input::AnyRecordBatch;

use crate::columns::{
    Batch, Keys, Texts, TimeCell, Times, Weights, seconds_of_float, seconds_of_int, seconds_of_text,
};
use crate::errors::invalid;

// ----- in ---------------------------------------------------------------------------------------

/// The record batches of an Arrow object (`__arrow_c_stream__` or `__arrow_c_array__`), read
/// attached (a stream may call back into its producer).
pub(crate) fn read_batches(data: &Bound<'_, PyAny>) -> PyResult<(SchemaRef, Vec<RecordBatch>)> {
    let any: AnyRecordBatch = data.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "expected Arrow data (an object with `__arrow_c_stream__` or `__arrow_c_array__`, such as a \
             pyarrow Table, RecordBatch or RecordBatchReader, or a polars DataFrame), got {}",
            data.get_type().name().map_or_else(|_| "?".to_owned(), |n| n.to_string())
        ))
    })?;
    // Guarded: a panic while reading the stream becomes `cop.InternalError`.
    crate::handle::guarded(|| {
        let reader = any.into_reader()?;
        let schema = reader.schema();
        let batches = reader
            .collect::<Result<Vec<_>, ArrowError>>()
            .map_err(|e| PyValueError::new_err(format!("reading the Arrow stream failed: {e}")))?;
        Ok((schema, batches))
    })?
}

/// The event [`Batch`] of record batches whose columns are named like the event format's fields
/// (`member`, `time`, `kind` required; `domain`, `target`, `community`, `artifact`, `weight`,
/// `thread` optional; other columns are ignored). Pure Rust: run it detached.
pub(crate) fn events_of(schema: &Schema, batches: &[RecordBatch]) -> PyResult<Batch> {
    let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
    let column = |field: &str| -> Option<Vec<ArrayRef>> {
        let index = schema.index_of(field).ok()?;
        Some(batches.iter().map(|b| b.column(index).clone()).collect())
    };
    let required = |field: &str| {
        column(field).ok_or_else(|| invalid(field, format!("the Arrow data has no `{field}` column")))
    };
    let key = |field: &str, required: bool| -> PyResult<Keys> {
        match column(field) {
            Some(chunks) => keys(field, &chunks, rows),
            None if required => Err(invalid(field, format!("the Arrow data has no `{field}` column"))),
            None => Ok(Keys::Absent),
        }
    };
    let member = key("member", true)?;
    let time = times(&required("time")?, rows)?;
    let kind = key("kind", true)?;
    let optional = [
        key("domain", false)?,
        key("target", false)?,
        key("community", false)?,
        key("artifact", false)?,
        key("thread", false)?,
    ];
    let weight = match column("weight") {
        Some(chunks) => weights(&chunks, rows)?,
        None => Weights::Same(None),
    };
    Ok(Batch::from_parts(rows, member, time, kind, optional, weight))
}

fn type_error(field: &str, data_type: &DataType, expected: &str) -> PyErr {
    PyTypeError::new_err(format!("column `{field}` is of Arrow type {data_type}: expected {expected}"))
}

/// A key column: strings (any Arrow string type, or a dictionary of strings) or integers
/// (taken as their decimal text); nulls and empty strings mean "none".
fn keys(field: &str, chunks: &[ArrayRef], rows: usize) -> PyResult<Keys> {
    if chunks.iter().all(|c| c.data_type() == &DataType::Null) {
        return Ok(Keys::Absent);
    }
    if chunks.iter().all(|c| matches!(c.data_type(), DataType::Dictionary(..))) {
        let mut codes: Vec<u32> = Vec::with_capacity(rows);
        let mut dictionary = Texts::with_rows(0);
        for chunk in chunks {
            let offset = u32::try_from(dictionary.len())
                .map_err(|_| invalid(field, "the dictionary holds more than 4 billion keys"))?;
            let key_type = match chunk.data_type() {
                DataType::Dictionary(key_type, _) => key_type.as_ref(),
                other => return Err(type_error(field, other, "a dictionary")),
            };
            let (values, chunk_codes) = match key_type {
                DataType::Int8 => dictionary_codes::<Int8Type>(chunk),
                DataType::Int16 => dictionary_codes::<Int16Type>(chunk),
                DataType::Int32 => dictionary_codes::<Int32Type>(chunk),
                DataType::Int64 => dictionary_codes::<Int64Type>(chunk),
                DataType::UInt8 => dictionary_codes::<UInt8Type>(chunk),
                DataType::UInt16 => dictionary_codes::<UInt16Type>(chunk),
                DataType::UInt32 => dictionary_codes::<UInt32Type>(chunk),
                DataType::UInt64 => dictionary_codes::<UInt64Type>(chunk),
                other => return Err(type_error(field, other, "a dictionary with integer keys")),
            };
            push_texts(field, &values, &mut dictionary)?;
            // A null or empty value of the dictionary is "none", like a null code.
            let known = |c: u32| (c as usize) < dictionary.len() && dictionary.get(c as usize).is_some();
            codes.extend(chunk_codes.into_iter().map(|c| match c.map(|c| offset + c) {
                Some(c) if known(c) => c,
                _ => NO_KEY,
            }));
        }
        return Ok(Keys::Coded { codes, keys: dictionary });
    }
    let mut texts = Texts::with_rows(rows);
    for chunk in chunks {
        push_texts(field, chunk, &mut texts)?;
    }
    Ok(Keys::Cells(texts))
}

/// A dictionary chunk's values and its codes (`None` for null).
fn dictionary_codes<K: ArrowDictionaryKeyType>(chunk: &ArrayRef) -> (ArrayRef, Vec<Option<u32>>)
where
    K::Native: TryInto<u32>,
{
    let dictionary = chunk.as_dictionary::<K>();
    let keys = dictionary.keys();
    let codes =
        (0..keys.len()).map(|i| if keys.is_null(i) { None } else { keys.value(i).try_into().ok() }).collect();
    (dictionary.values().clone(), codes)
}

/// Appends a chunk's cells as text.
fn push_texts(field: &str, chunk: &ArrayRef, texts: &mut Texts) -> PyResult<()> {
    fn strings<'a>(
        field: &str,
        texts: &mut Texts,
        len: usize,
        is_null: impl Fn(usize) -> bool,
        value: impl Fn(usize) -> &'a str,
    ) -> PyResult<()> {
        for i in 0..len {
            if is_null(i) { texts.push_missing() } else { texts.push(field, value(i))? }
        }
        Ok(())
    }
    macro_rules! integers {
        ($t:ty) => {{
            let a = chunk.as_primitive::<$t>();
            for i in 0..a.len() {
                if a.is_null(i) {
                    texts.push_missing()
                } else {
                    texts.push(field, &a.value(i).to_string())?
                }
            }
            Ok(())
        }};
    }
    match chunk.data_type() {
        DataType::Utf8 => {
            let a = chunk.as_string::<i32>();
            strings(field, texts, a.len(), |i| a.is_null(i), |i| a.value(i))
        }
        DataType::LargeUtf8 => {
            let a = chunk.as_string::<i64>();
            strings(field, texts, a.len(), |i| a.is_null(i), |i| a.value(i))
        }
        DataType::Utf8View => {
            let a = chunk.as_string_view();
            strings(field, texts, a.len(), |i| a.is_null(i), |i| a.value(i))
        }
        DataType::Null => {
            (0..chunk.len()).for_each(|_| texts.push_missing());
            Ok(())
        }
        DataType::Int8 => integers!(Int8Type),
        DataType::Int16 => integers!(Int16Type),
        DataType::Int32 => integers!(Int32Type),
        DataType::Int64 => integers!(Int64Type),
        DataType::UInt8 => integers!(UInt8Type),
        DataType::UInt16 => integers!(UInt16Type),
        DataType::UInt32 => integers!(UInt32Type),
        DataType::UInt64 => integers!(UInt64Type),
        other => Err(type_error(field, other, "strings, a dictionary of strings or integers")),
    }
}

/// The time column: Arrow timestamps of any unit and zone (floored to the second), dates
/// (midnight UTC), integers and floats as epoch numbers read by magnitude (the core's rule),
/// strings in any form of the core's time parser. A null is a bad row.
fn times(chunks: &[ArrayRef], rows: usize) -> PyResult<Times> {
    let mut seconds = Vec::with_capacity(rows);
    let mut bad = Vec::new();
    let mut take = |cell: TimeCell| match cell {
        TimeCell::Seconds(s) => seconds.push(s),
        TimeCell::Bad(message) => {
            bad.push((seconds.len(), message));
            seconds.push(0);
        }
    };
    let missing = || TimeCell::Bad("the time is missing".to_owned());
    macro_rules! each {
        ($a:expr, $f:expr) => {{
            let a = $a;
            for i in 0..a.len() {
                take(if a.is_null(i) { missing() } else { $f(a.value(i)) });
            }
        }};
    }
    let floor = |v: i64, per_second: i64| TimeCell::Seconds(v.div_euclid(per_second));
    for chunk in chunks {
        match chunk.data_type() {
            DataType::Timestamp(TimeUnit::Second, _) => {
                each!(chunk.as_primitive::<TimestampSecondType>(), |v| floor(v, 1))
            }
            DataType::Timestamp(TimeUnit::Millisecond, _) => {
                each!(chunk.as_primitive::<TimestampMillisecondType>(), |v| floor(v, 1_000))
            }
            DataType::Timestamp(TimeUnit::Microsecond, _) => {
                each!(chunk.as_primitive::<TimestampMicrosecondType>(), |v| floor(v, 1_000_000))
            }
            DataType::Timestamp(TimeUnit::Nanosecond, _) => {
                each!(chunk.as_primitive::<TimestampNanosecondType>(), |v| floor(v, 1_000_000_000))
            }
            DataType::Date32 => {
                each!(chunk.as_primitive::<Date32Type>(), |v: i32| TimeCell::Seconds(i64::from(v) * 86_400))
            }
            DataType::Date64 => each!(chunk.as_primitive::<Date64Type>(), |v| floor(v, 1_000)),
            DataType::Int8 => each!(chunk.as_primitive::<Int8Type>(), |v| seconds_of_int(i128::from(v))),
            DataType::Int16 => each!(chunk.as_primitive::<Int16Type>(), |v| seconds_of_int(i128::from(v))),
            DataType::Int32 => each!(chunk.as_primitive::<Int32Type>(), |v| seconds_of_int(i128::from(v))),
            DataType::Int64 => each!(chunk.as_primitive::<Int64Type>(), |v| seconds_of_int(i128::from(v))),
            DataType::UInt8 => each!(chunk.as_primitive::<UInt8Type>(), |v| seconds_of_int(i128::from(v))),
            DataType::UInt16 => each!(chunk.as_primitive::<UInt16Type>(), |v| seconds_of_int(i128::from(v))),
            DataType::UInt32 => each!(chunk.as_primitive::<UInt32Type>(), |v| seconds_of_int(i128::from(v))),
            DataType::UInt64 => each!(chunk.as_primitive::<UInt64Type>(), |v| seconds_of_int(i128::from(v))),
            DataType::Float32 => {
                each!(chunk.as_primitive::<Float32Type>(), |v: f32| seconds_of_float(f64::from(v)))
            }
            DataType::Float64 => each!(chunk.as_primitive::<Float64Type>(), seconds_of_float),
            DataType::Utf8 => each!(chunk.as_string::<i32>(), seconds_of_text),
            DataType::LargeUtf8 => each!(chunk.as_string::<i64>(), seconds_of_text),
            DataType::Utf8View => each!(chunk.as_string_view(), seconds_of_text),
            DataType::Null => (0..chunk.len()).for_each(|_| take(missing())),
            other => {
                return Err(type_error("time", other, "timestamps, dates, epoch numbers or strings"));
            }
        }
    }
    Ok(Times { seconds, same: None, bad })
}

/// The weight column: numbers; nulls and NaN mean "no weight of its own".
fn weights(chunks: &[ArrayRef], rows: usize) -> PyResult<Weights> {
    let mut cells = Vec::with_capacity(rows);
    macro_rules! each {
        ($chunk:expr, $t:ty) => {{
            let a = chunk_as::<$t>($chunk);
            cells.extend((0..a.len()).map(|i| if a.is_null(i) { f32::NAN } else { a.value(i) as f32 }));
        }};
    }
    fn chunk_as<T: arrow_array::ArrowPrimitiveType>(chunk: &ArrayRef) -> &arrow_array::PrimitiveArray<T> {
        chunk.as_primitive::<T>()
    }
    for chunk in chunks {
        match chunk.data_type() {
            DataType::Float32 => each!(chunk, Float32Type),
            DataType::Float64 => each!(chunk, Float64Type),
            DataType::Int8 => each!(chunk, Int8Type),
            DataType::Int16 => each!(chunk, Int16Type),
            DataType::Int32 => each!(chunk, Int32Type),
            DataType::Int64 => each!(chunk, Int64Type),
            DataType::UInt8 => each!(chunk, UInt8Type),
            DataType::UInt16 => each!(chunk, UInt16Type),
            DataType::UInt32 => each!(chunk, UInt32Type),
            DataType::UInt64 => each!(chunk, UInt64Type),
            DataType::Null => cells.extend(std::iter::repeat_n(f32::NAN, chunk.len())),
            other => return Err(type_error("weight", other, "numbers")),
        }
    }
    Ok(Weights::Cells(cells))
}

// ----- out --------------------------------------------------------------------------------------

/// An Arrow table of cop's results: record batches with one schema, handed out through the Arrow
/// PyCapsule interface (`__arrow_c_stream__`), so `pyarrow.table(t)`, `polars.from_arrow(t)`,
/// `pandas` (`t.to_pandas()`, through pyarrow) and Spark or Dask (through pyarrow) take it
/// without copying its buffers. Immutable.
#[pyclass(frozen, module = "cop", name = "ArrowTable")]
pub(crate) struct ArrowTable {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

impl ArrowTable {
    /// One batch of columns.
    pub(crate) fn of(columns: Vec<(&str, ArrayRef)>) -> ArrowTable {
        // Every field nullable, as Spark's and pandas' schemas are.
        let fields: Vec<Field> =
            columns.iter().map(|(name, a)| Field::new(*name, a.data_type().clone(), true)).collect();
        let schema = Arc::new(Schema::new(fields));
        let arrays = columns.into_iter().map(|(_, a)| a).collect();
        // Fields, lengths and types agree by construction.
        let batch = RecordBatch::try_new(schema.clone(), arrays)
            .unwrap_or_else(|_| RecordBatch::new_empty(schema.clone()));
        ArrowTable { schema, batches: vec![batch] }
    }

    fn rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }
}

#[pymethods]
impl ArrowTable {
    /// The table as an Arrow C stream (the Arrow PyCapsule interface). `requested_schema` is
    /// honoured when the columns can be cast to it.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        crate::handle::guarded(|| {
            let batches = self.batches.clone();
            let arrays = batches.into_iter().map(|b| Ok(Arc::new(StructArray::from(b)) as ArrayRef));
            let field = Field::new_struct("", self.schema.fields().clone(), false);
            let reader = Box::new(ArrayIterator::new(arrays, Arc::new(field)));
            Ok(to_stream_pycapsule(py, reader, requested_schema)?)
        })?
    }

    /// The table's schema as an Arrow C schema (the Arrow PyCapsule interface).
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        Ok(to_schema_pycapsule(py, self.schema.as_ref())?)
    }

    /// The number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.rows()
    }

    /// The column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.schema.fields().iter().map(|f| f.name().clone()).collect()
    }

    fn __len__(&self) -> usize {
        self.rows()
    }

    /// The table as a `pyarrow.Table` (needs pyarrow).
    fn to_pyarrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let pa = py.import("pyarrow").map_err(|_| {
            pyo3::exceptions::PyImportError::new_err(
                "ArrowTable.to_pyarrow needs pyarrow: pip install pyarrow",
            )
        })?;
        pa.getattr("table")?.call1((slf,))
    }

    /// The table as a pandas DataFrame (needs pyarrow and pandas).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        ArrowTable::to_pyarrow(slf)?.call_method0("to_pandas")
    }

    fn __repr__(&self) -> String {
        format!("ArrowTable(rows={}, columns={:?})", self.rows(), self.column_names())
    }
}

fn text<'a>(values: impl IntoIterator<Item = &'a str>) -> ArrayRef {
    Arc::new(StringArray::from_iter_values(values))
}

fn same_text(value: &str, rows: usize) -> ArrayRef {
    text(std::iter::repeat_n(value, rows))
}

fn int(values: impl IntoIterator<Item = u64>) -> ArrayRef {
    Arc::new(Int64Array::from_iter_values(values.into_iter().map(|v| i64::try_from(v).unwrap_or(i64::MAX))))
}

fn float(values: impl IntoIterator<Item = f64>) -> ArrayRef {
    Arc::new(Float64Array::from_iter_values(values))
}

/// Every member of a participation analysis, in member id order: `member`, `level`,
/// `trajectory`, `score` and its parts (the columns of `Participation.to_pandas`).
pub(crate) fn participation_table(
    keys: &[String],
    participation: &cop_core::participation::analysis::Participation,
) -> ArrowTable {
    let a = &participation.levels.assessments;
    let score = |f: &dyn Fn(&cop_core::Score) -> f64| float(a.iter().map(|x| f(&x.evidence.score)));
    let count = |f: &dyn Fn(&cop_core::Score) -> u32| int(a.iter().map(|x| u64::from(f(&x.evidence.score))));
    ArrowTable::of(vec![
        ("member", text(keys.iter().map(String::as_str))),
        ("level", text(a.iter().map(|x| x.level.name()))),
        ("trajectory", text(participation.trajectories.iter().map(|t| t.kind.name()))),
        ("score", score(&|s| s.total)),
        ("events", count(&|s| s.events)),
        ("activity", score(&|s| s.activity)),
        ("domains", count(&|s| s.domains)),
        ("people", count(&|s| s.people)),
        ("active_days", count(&|s| s.active_days)),
        (
            "coordinator",
            Arc::new(BooleanArray::from(a.iter().map(|x| x.evidence.score.coordinator).collect::<Vec<_>>()))
                as ArrayRef,
        ),
        ("received", score(&|s| s.received)),
    ])
}

/// The tables of one community's analysis: `summary` (one row), `members` (one row per member
/// with an event of their own), `health` (one row: every metric of `HealthReport::METRICS`) and
/// `stage_history` (one row per period).
pub(crate) fn community_tables(
    part: &CommunityPart,
    maturity: &MaturityAnalysis,
) -> Vec<(&'static str, ArrowTable)> {
    let community = part.community.as_str();
    let summary = ArrowTable::of(vec![
        ("community", text([community])),
        ("as_of", text([part.as_of.as_str()])),
        ("events", int([part.events])),
        ("acting_members", int([part.members.len() as u64])),
        ("active_members", int([part.active_members])),
        ("settled", text([part.settled.name()])),
        ("indicated", text([part.indicated.name()])),
        ("indicated_share", float([part.indicated_share])),
    ]);
    let m = &part.members;
    let members = ArrowTable::of(vec![
        ("community", same_text(community, m.len())),
        ("member", text(m.iter().map(|x| x.member.as_str()))),
        ("level", text(m.iter().map(|x| x.level.name()))),
        ("trajectory", text(m.iter().map(|x| x.trajectory.name()))),
        ("events", int(m.iter().map(|x| x.events))),
    ]);
    let mut health = vec![("community", text([community])), ("as_of", text([part.as_of.as_str()]))];
    for metric in HealthReport::METRICS {
        let value = maturity.health.metric(metric);
        health.push((metric, Arc::new(Float64Array::from(vec![value])) as ArrayRef));
    }
    let health = ArrowTable::of(health);
    let h = &maturity.history;
    let history = ArrowTable::of(vec![
        ("community", same_text(community, h.len())),
        ("date", text(h.iter().map(|p| p.date.as_str()))),
        ("settled", text(h.iter().map(|p| p.settled.name()))),
        ("indicated", text(h.iter().map(|p| p.indicated.name()))),
        ("indicated_share", float(h.iter().map(|p| p.indicated_share))),
        ("ceiling", text(h.iter().map(|p| p.ceiling.name()))),
        ("active_members", int(h.iter().map(|p| p.active_members as u64))),
    ]);
    vec![("summary", summary), ("members", members), ("health", health), ("stage_history", history)]
}

/// The tables of a rollup: `landscape` (one row), `stages` (one row per stage) and `brokers`
/// (one row per member acting in several communities).
pub(crate) fn rollup_tables(rollup: &Rollup) -> Vec<(&'static str, ArrowTable)> {
    let landscape = ArrowTable::of(vec![
        ("as_of", text([rollup.as_of.as_str()])),
        ("communities", int([rollup.communities as u64])),
        ("events", int([rollup.events])),
        ("acting_members", int([rollup.acting_members as u64])),
        ("participating_members", int([rollup.participating_members as u64])),
        ("active_members", int([rollup.active_members])),
        ("brokers", int([rollup.brokers.len() as u64])),
        ("boundary_members", int([rollup.boundary_members as u64])),
        ("stage", text([rollup.stage.name()])),
        ("stage_rule", text([rollup.stage_rule.as_str()])),
    ]);
    let s = &rollup.stages;
    let stages = ArrowTable::of(vec![
        ("stage", text(s.iter().map(|x| x.stage.name()))),
        ("communities", int(s.iter().map(|x| x.communities as u64))),
        ("active_members", int(s.iter().map(|x| x.active_members))),
    ]);
    let b = &rollup.brokers;
    let list = |f: &dyn Fn(&cop_core::rollup::Broker) -> Vec<&str>| -> ArrayRef {
        let mut builder = ListBuilder::new(StringBuilder::new()).with_field(Arc::new(Field::new(
            "item",
            DataType::Utf8,
            false,
        )));
        for broker in b {
            for v in f(broker) {
                builder.values().append_value(v);
            }
            builder.append(true);
        }
        Arc::new(builder.finish())
    };
    let brokers = ArrowTable::of(vec![
        ("member", text(b.iter().map(|x| x.member.as_str()))),
        ("communities", list(&|x| x.communities.iter().map(String::as_str).collect())),
        ("levels", list(&|x| x.levels.iter().map(|l| l.name()).collect())),
        ("events", int(b.iter().map(|x| x.events))),
        (
            "boundary",
            Arc::new(BooleanArray::from(b.iter().map(|x| x.boundary).collect::<Vec<_>>())) as ArrayRef,
        ),
    ]);
    vec![("landscape", landscape), ("stages", stages), ("brokers", brokers)]
}

/// A dict of tables.
pub(crate) fn tables_dict<'py>(
    py: Python<'py>,
    tables: Vec<(&'static str, ArrowTable)>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, table) in tables {
        dict.set_item(name, Bound::new(py, table)?)?;
    }
    Ok(dict)
}

// ----- parts back in, for the merge ---------------------------------------------------------------

/// A column of record batches by name, refused (naming `table.column`) when missing.
fn named<'a>(table: &str, schema: &Schema, batch: &'a RecordBatch, column: &str) -> PyResult<&'a ArrayRef> {
    let index = schema
        .index_of(column)
        .map_err(|_| invalid(column, format!("the `{table}` table has no `{column}` column")))?;
    Ok(batch.column(index))
}

/// The text cells of a column (strings of any Arrow string type; a null is refused).
fn texts_of(table: &str, column: &str, array: &ArrayRef) -> PyResult<Vec<String>> {
    let cast = arrow_cast_utf8(array).map_err(|t| type_error(&format!("{table}.{column}"), &t, "strings"))?;
    (0..cast.len())
        .map(|i| {
            if cast.is_null(i) {
                Err(invalid(column, format!("`{table}.{column}` has a null in row {}", i + 1)))
            } else {
                Ok(cast.value(i).to_owned())
            }
        })
        .collect()
}

fn arrow_cast_utf8(array: &ArrayRef) -> Result<StringArray, DataType> {
    match array.data_type() {
        DataType::Utf8 => Ok(array.as_string::<i32>().clone()),
        DataType::LargeUtf8 => Ok(array.as_string::<i64>().iter().collect()),
        DataType::Utf8View => Ok(array.as_string_view().iter().collect()),
        other => Err(other.clone()),
    }
}

/// The integer cells of a column (any Arrow integer type, not negative; a null is refused).
fn counts_of(table: &str, column: &str, array: &ArrayRef) -> PyResult<Vec<u64>> {
    let bad = |i: usize| invalid(column, format!("`{table}.{column}` row {}: not a count", i + 1));
    macro_rules! each {
        ($t:ty) => {{
            let a = array.as_primitive::<$t>();
            (0..a.len())
                .map(
                    |i| {
                        if a.is_null(i) { Err(bad(i)) } else { u64::try_from(a.value(i)).map_err(|_| bad(i)) }
                    },
                )
                .collect()
        }};
    }
    match array.data_type() {
        DataType::Int8 => each!(Int8Type),
        DataType::Int16 => each!(Int16Type),
        DataType::Int32 => each!(Int32Type),
        DataType::Int64 => each!(Int64Type),
        DataType::UInt8 => each!(UInt8Type),
        DataType::UInt16 => each!(UInt16Type),
        DataType::UInt32 => each!(UInt32Type),
        DataType::UInt64 => each!(UInt64Type),
        other => Err(type_error(&format!("{table}.{column}"), other, "integers")),
    }
}

fn floats_of(table: &str, column: &str, array: &ArrayRef) -> PyResult<Vec<f64>> {
    match array.data_type() {
        DataType::Float64 => {
            Ok(array.as_primitive::<Float64Type>().iter().map(|v| v.unwrap_or(f64::NAN)).collect())
        }
        DataType::Float32 => {
            Ok(array.as_primitive::<Float32Type>().iter().map(|v| v.map_or(f64::NAN, f64::from)).collect())
        }
        other => Err(type_error(&format!("{table}.{column}"), other, "floats")),
    }
}

fn named_value<T: Copy>(
    column: &str,
    all: &[T],
    name: &str,
    find: impl Fn(T) -> &'static str,
) -> PyResult<T> {
    all.iter()
        .copied()
        .find(|v| find(*v) == name)
        .ok_or_else(|| invalid(column, format!("`{name}` is not a known {column}")))
}

/// The communities' parts from the `summary` and `members` tables of [`community_tables`]
/// (concatenated over the communities, in any order, with any Arrow string and integer types).
pub(crate) fn parts_of_tables(
    summary: (&Schema, &[RecordBatch]),
    members: (&Schema, &[RecordBatch]),
) -> PyResult<Vec<CommunityPart>> {
    let mut parts: Vec<CommunityPart> = Vec::new();
    let (schema, batches) = summary;
    for batch in batches {
        let col = |c: &str| named("summary", schema, batch, c);
        let community = texts_of("summary", "community", col("community")?)?;
        let as_of = texts_of("summary", "as_of", col("as_of")?)?;
        let events = counts_of("summary", "events", col("events")?)?;
        let active = counts_of("summary", "active_members", col("active_members")?)?;
        let settled = texts_of("summary", "settled", col("settled")?)?;
        let indicated = texts_of("summary", "indicated", col("indicated")?)?;
        let share = floats_of("summary", "indicated_share", col("indicated_share")?)?;
        for i in 0..batch.num_rows() {
            parts.push(CommunityPart::new(
                community[i].clone(),
                as_of[i].clone(),
                events[i],
                active[i],
                named_value("stage", &Stage::ALL, &settled[i], Stage::name)?,
                named_value("stage", &Stage::ALL, &indicated[i], Stage::name)?,
                share[i],
            ));
        }
    }
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, p) in parts.iter().enumerate() {
        if index.insert(p.community.clone(), i).is_some() {
            return Err(invalid(
                "community",
                format!("`{}` has two rows in the `summary` table", p.community),
            ));
        }
    }
    let (schema, batches) = members;
    for batch in batches {
        let col = |c: &str| named("members", schema, batch, c);
        let community = texts_of("members", "community", col("community")?)?;
        let member = texts_of("members", "member", col("member")?)?;
        let level = texts_of("members", "level", col("level")?)?;
        let trajectory = texts_of("members", "trajectory", col("trajectory")?)?;
        let events = counts_of("members", "events", col("events")?)?;
        for i in 0..batch.num_rows() {
            let &p = index.get(&community[i]).ok_or_else(|| {
                invalid("community", format!("`{}` is in `members` but not in `summary`", community[i]))
            })?;
            parts[p].members.push(MemberPart::new(
                member[i].clone(),
                named_value("level", &Level::ALL, &level[i], Level::name)?,
                named_value("trajectory", &TrajectoryKind::ALL, &trajectory[i], TrajectoryKind::name)?,
                events[i],
            ));
        }
    }
    Ok(parts)
}

/// Merges the communities' `summary` and `members` tables (those of
/// `Landscape.community_tables`, concatenated over the communities, in any order: Arrow data or
/// anything with `__arrow_c_stream__`) into the landscape's rollup, with the core's `rollup`:
/// Arrow tables `{"landscape", "stages", "brokers"}`. A member taking part in at least
/// `boundary_communities` communities is a boundary member. Raises `InvalidValueError` naming
/// the column or the field when a table lacks a column, holds an unknown level or stage, names a
/// community twice, or mixes dates.
#[pyfunction]
#[pyo3(signature = (summary, members, *, boundary_communities = 2))]
pub(crate) fn rollup<'py>(
    py: Python<'py>,
    summary: &Bound<'py, PyAny>,
    members: &Bound<'py, PyAny>,
    boundary_communities: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let (summary_schema, summary) = read_batches(summary)?;
    let (members_schema, members) = read_batches(members)?;
    let rollup = py.detach(|| {
        crate::handle::guarded(|| -> PyResult<Rollup> {
            let parts = parts_of_tables((&summary_schema, &summary), (&members_schema, &members))?;
            cop_core::rollup::rollup(&parts, boundary_communities).map_err(crate::errors::to_py)
        })
    })??;
    tables_dict(py, rollup_tables(&rollup))
}
