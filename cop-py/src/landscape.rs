//! `cop.Landscape`: the root of the model, and its import reports.
//!
//! The class holds a `cop_core::Landscape` behind a lock (the class is frozen; mutation goes
//! through the lock). Every method follows one order: extract and convert the arguments while
//! attached to the interpreter, release the interpreter (`py.detach`) around the core call when
//! it can take long, convert the result back. The lock is never held while Python code runs.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError, RwLock};

use cop_core::{
    Community as CoreCommunity, CommunityKind, Competence, CopError, Entity, ImportOptions, ImportReport,
    KeyedEvent, Member as CoreMember, OnError, Orientation, RecordError,
};
use numpy::IntoPyArray;
use numpy::datetime::{Datetime, units};
use pyo3::exceptions::{PyImportError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::RwLockExt;
use pyo3::types::{PyBytes, PyDict, PyInt, PyList, PyString};

use crate::analysis::{
    GraphMeasures, Participation, StoryKeys, Ties, charter_dict, goal_of, health_json, health_options,
    health_series, maturity_json, maturity_options, participation_options, report_json, report_options,
    series_to_python, stage_history_json, value_cycle_of, value_story,
};
use crate::columns::{Batch, Columns, FIELDS, time_value};
use crate::convert::{
    as_of_arg, edge_weight_of, json_result, options_of, period_of, resolve_as_of, result, to_json,
};
use crate::errors::{invalid, to_py, to_py_with_path};
use crate::handle::{Landscape, guarded};
use crate::views::{Communities, Community, Domain, Domains, Member, Members};
use cop_core::ingest::history::{GitImport, GitReport};
use cop_core::ingest::platform::{Platform, PlatformImport};
use cop_core::ingest::stackexchange::{StackExchangeImport, StackExchangeReport};

/// The value of an id column for "none" (`2**32 - 1`), in `Landscape.events()`.
pub(crate) const NONE: u32 = cop_core::model::log::NONE;

/// One bad record that an import skipped.
#[pyclass(frozen, module = "cop", name = "SkippedRecord")]
pub(crate) struct SkippedRecord {
    record: RecordError,
}

#[pymethods]
impl SkippedRecord {
    /// The name of the input (a file name), if known.
    #[getter]
    fn source(&self) -> Option<&str> {
        self.record.source.as_deref()
    }

    /// The 1-based line of the record (the header is line 1 in CSV; the 1-based row for arrays).
    #[getter]
    fn line(&self) -> u64 {
        self.record.line
    }

    /// The 1-based column, when the problem is in one field of a CSV record.
    #[getter]
    fn column(&self) -> Option<u32> {
        self.record.column
    }

    /// The field at fault (`member`, `time`, …), when the problem is in one field.
    #[getter]
    fn field(&self) -> Option<&str> {
        self.record.field.as_deref()
    }

    /// What was wrong, in words.
    #[getter]
    fn message(&self) -> &str {
        &self.record.message
    }

    fn __str__(&self) -> String {
        self.record.to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "SkippedRecord(line={}, field={:?}, message={:?})",
            self.record.line, self.record.field, self.record.message
        )
    }
}

/// What an import did: how many events were recorded and which bad records were skipped.
#[pyclass(frozen, module = "cop", name = "ImportReport")]
pub(crate) struct PyImportReport {
    /// Number of events recorded.
    #[pyo3(get)]
    recorded: usize,
    /// The bad records that were skipped (only with `skip_bad_records=True`), in input order.
    #[pyo3(get)]
    skipped: Py<PyList>,
}

impl PyImportReport {
    fn of(py: Python<'_>, report: ImportReport) -> PyResult<PyImportReport> {
        let skipped = report
            .skipped
            .into_iter()
            .map(|record| Py::new(py, SkippedRecord { record }))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyImportReport { recorded: report.recorded, skipped: PyList::new(py, skipped)?.unbind() })
    }
}

#[pymethods]
impl PyImportReport {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!("ImportReport(recorded={}, skipped={})", self.recorded, self.skipped.bind(py).len())
    }
}

fn options(strict: bool, skip_bad_records: bool, source: Option<String>) -> ImportOptions {
    let mut options = ImportOptions::default();
    options.strict = strict;
    options.on_error = if skip_bad_records { OnError::Skip } else { OnError::Stop };
    options.source = source;
    options
}

fn open(path: &Path) -> Result<std::fs::File, CopError> {
    std::fs::File::open(path).map_err(CopError::Io)
}

fn competence_of(level: &Bound<'_, PyAny>) -> PyResult<Competence> {
    if let Ok(name) = level.cast::<PyString>() {
        let name = name.to_str()?;
        return Competence::ALL
            .into_iter()
            .find(|c| c.name() == name.replace(' ', "_").to_lowercase())
            .ok_or_else(|| {
                invalid(
                    "level",
                    format!(
                        "`{name}` is not a level (novice, advanced_beginner, competent, proficient, expert)"
                    ),
                )
            });
    }
    if level.is_instance_of::<PyInt>() {
        let rank: i64 = level.extract()?;
        return u8::try_from(rank)
            .ok()
            .and_then(Competence::from_rank)
            .ok_or_else(|| invalid("level", format!("{rank} is not a level from 1 (novice) to 5 (expert)")));
    }
    Err(PyTypeError::new_err("a competence level is a name (str) or a rank from 1 to 5 (int)"))
}

fn community_kind_of(name: &str) -> PyResult<CommunityKind> {
    Ok(match name {
        "open" => CommunityKind::Open,
        "internal" => CommunityKind::Internal,
        "product" => CommunityKind::Product,
        "local" => CommunityKind::Local,
        _ => {
            return Err(invalid(
                "kind",
                format!("`{name}` is not a community kind (open, internal, product, local)"),
            ));
        }
    })
}

fn orientation_of(name: &str) -> PyResult<Orientation> {
    Ok(match name {
        "practice" => Orientation::Practice,
        "product" => Orientation::Product,
        "play" => Orientation::Play,
        _ => {
            return Err(invalid(
                "orientation",
                format!("`{name}` is not an orientation (practice, product, play)"),
            ));
        }
    })
}

fn unknown(entity: Entity, key: &str) -> CopError {
    CopError::UnknownKey { entity, key: key.to_owned() }
}

/// The event columns copied out of the log, with the keys their ids refer to.
struct EventColumns {
    time: Vec<i64>,
    member: Vec<u32>,
    kind: Vec<u8>,
    community: Vec<u16>,
    domain: Vec<u32>,
    target: Vec<u32>,
    artifact: Vec<u32>,
    weight: Vec<f32>,
    thread: Vec<u32>,
    member_keys: Vec<String>,
    kind_names: Vec<String>,
    community_keys: Vec<String>,
    domain_keys: Vec<String>,
    artifact_keys: Vec<String>,
    thread_keys: Vec<String>,
}

impl EventColumns {
    fn of(landscape: &cop_core::Landscape) -> EventColumns {
        let columns = landscape.log().columns();
        let n = columns.time.len();
        // Kind codes are sparse (built-in, then custom from 32): number them densely.
        let mut dense = [u8::MAX; 256];
        let mut kind_names = Vec::new();
        for (i, kind) in landscape.kinds().kinds().enumerate() {
            dense[usize::from(kind.code())] = i as u8;
            kind_names.push(landscape.kind_name(kind).unwrap_or_default().to_owned());
        }
        let keys = |ids: std::ops::Range<u32>, key: &dyn Fn(u32) -> Option<String>| -> Vec<String> {
            ids.map(|id| key(id).unwrap_or_default()).collect()
        };
        let counts = landscape.counts();
        EventColumns {
            time: columns.time.to_vec(),
            member: columns.member.to_vec(),
            kind: columns.kind.iter().map(|&k| dense[usize::from(k)]).collect(),
            community: columns.community.to_vec(),
            domain: columns.domain.to_vec(),
            target: columns.target.to_vec(),
            artifact: columns.artifact.map_or_else(|| vec![NONE; n], <[u32]>::to_vec),
            weight: columns.weight.map_or_else(|| vec![f32::NAN; n], <[f32]>::to_vec),
            thread: columns.thread.map_or_else(|| vec![NONE; n], <[u32]>::to_vec),
            // Every identity: the log names members by identity id (merged identities and
            // members left out are not in `counts.members`, but their ids are taken).
            member_keys: keys(0..landscape.member_ids().len() as u32, &|id| {
                landscape.member_key(cop_core::MemberId::from_raw(id)).map(str::to_owned)
            }),
            kind_names,
            community_keys: keys(0..counts.communities as u32, &|id| {
                landscape.community_key(cop_core::CommunityId::from_raw(id)).map(str::to_owned)
            }),
            domain_keys: keys(0..counts.domains as u32, &|id| {
                landscape.domain_key(cop_core::DomainId::from_raw(id)).map(str::to_owned)
            }),
            artifact_keys: keys(0..counts.artifacts as u32, &|id| {
                landscape.artifact_key(cop_core::ArtifactId::from_raw(id)).map(str::to_owned)
            }),
            thread_keys: keys(0..landscape.thread_count() as u32, &|id| {
                landscape.thread_key(cop_core::ThreadId::from_raw(id)).map(str::to_owned)
            }),
        }
    }
}

/// Category codes for pandas: ids as `int32`, "none" as -1.
fn codes(ids: &[u32]) -> PyResult<Vec<i32>> {
    ids.iter()
        .map(|&id| {
            if id == NONE {
                Ok(-1)
            } else {
                i32::try_from(id).map_err(|_| invalid("id", "too many entities for pandas category codes"))
            }
        })
        .collect()
}

impl Landscape {
    /// Records a git history with the interpreter released; for a landscape kept in a file, the
    /// file is compacted after an import that succeeded (merges and flags are more than
    /// events). Errors of the import name `path` (an `OSError`'s `.filename`); those of the
    /// file do not.
    fn record_git(&self, py: Python<'_>, path: PathBuf, options: GitImport) -> PyResult<GitReport> {
        let mut guard = self.inner.write_py_attached(py).unwrap_or_else(PoisonError::into_inner);
        let mut store_guard = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let landscape: &mut cop_core::Landscape = &mut guard;
        let store: &mut Option<cop_core::Store> = &mut store_guard;
        let path = path.as_path();
        let outcome = py.detach(move || {
            guarded(|| {
                let report = landscape.import_git(path, &options).map_err(|e| (e, true))?;
                if let Some(store) = store {
                    store.compact(landscape).map_err(|e| (e, false))?;
                }
                Ok(report)
            })
        })?;
        outcome.map_err(|(error, about_path)| to_py_with_path(error, about_path.then_some(path)))
    }

    /// Records a Stack Exchange dump with the interpreter released, as `record_git` does.
    fn record_stackexchange(
        &self,
        py: Python<'_>,
        dir: PathBuf,
        options: StackExchangeImport,
    ) -> PyResult<StackExchangeReport> {
        let mut guard = self.inner.write_py_attached(py).unwrap_or_else(PoisonError::into_inner);
        let mut store_guard = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let landscape: &mut cop_core::Landscape = &mut guard;
        let store: &mut Option<cop_core::Store> = &mut store_guard;
        let dir = dir.as_path();
        let outcome = py.detach(move || {
            guarded(|| {
                let report = landscape.import_stackexchange(dir, &options).map_err(|e| (e, true))?;
                if let Some(store) = store {
                    store.compact(landscape).map_err(|e| (e, false))?;
                }
                Ok(report)
            })
        })?;
        outcome.map_err(|(error, about_path)| to_py_with_path(error, about_path.then_some(dir)))
    }

    /// Records a platform's export with the interpreter released, as `record_git` does; the
    /// report is the core's JSON as Python objects.
    fn record_platform<'py>(
        &self,
        py: Python<'py>,
        platform: &str,
        path: PathBuf,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let platform: Platform = platform.parse().map_err(to_py)?;
        let options = options_of(options.map(|o| o.as_any()), PlatformImport::from_json)?;
        let mut guard = self.inner.write_py_attached(py).unwrap_or_else(PoisonError::into_inner);
        let mut store_guard = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let landscape: &mut cop_core::Landscape = &mut guard;
        let store: &mut Option<cop_core::Store> = &mut store_guard;
        let at = path.as_path();
        let outcome = py.detach(move || {
            guarded(|| {
                let report = landscape.import_platform(platform, at, &options).map_err(|e| (e, true))?;
                if let Some(store) = store {
                    store.compact(landscape).map_err(|e| (e, false))?;
                }
                to_json(&report).map_err(|e| (e, false))
            })
        })?;
        let json = outcome.map_err(|(error, about_path)| to_py_with_path(error, about_path.then_some(at)))?;
        json_result(py, "PlatformImportReport", &json)
    }

    fn import_file(
        &self,
        py: Python<'_>,
        path: PathBuf,
        jsonl: bool,
        strict: bool,
        skip_bad_records: bool,
    ) -> PyResult<PyImportReport> {
        let options = options(strict, skip_bad_records, Some(path.display().to_string()));
        let report = self
            .record_detached(py, |landscape| {
                let file = open(&path)?;
                if jsonl {
                    landscape.import_jsonl(file, &options)
                } else {
                    landscape.import_csv(file, &options)
                }
            })?
            .map_err(|e| to_py_with_path(e, Some(&path)))?;
        PyImportReport::of(py, report)
    }

    fn batch(
        &self,
        py: Python<'_>,
        columns: Columns<'_>,
        strict: bool,
        skip_bad_records: bool,
    ) -> PyResult<PyImportReport> {
        let batch = Batch::convert(columns)?;
        let options = options(strict, skip_bad_records, None);
        let report =
            self.record_detached(py, |landscape| batch.record(landscape, &options))?.map_err(to_py)?;
        drop(batch);
        PyImportReport::of(py, report)
    }

    fn snapshot_bytes(&self, py: Python<'_>) -> PyResult<Vec<u8>> {
        self.read_detached(py, |landscape| {
            let mut bytes = Vec::new();
            landscape.save_snapshot(&mut bytes).map(|()| bytes)
        })?
        .map_err(to_py)
    }

    fn load_bytes(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<cop_core::Landscape> {
        let bytes: Vec<u8> = if let Ok(s) = data.cast::<PyString>() {
            s.to_str()?.as_bytes().to_vec()
        } else if let Ok(b) = data.cast::<PyBytes>() {
            b.as_bytes().to_vec()
        } else {
            return Err(PyTypeError::new_err("a snapshot is a str or bytes of JSON"));
        };
        py.detach(|| cop_core::Landscape::load_snapshot(bytes.as_slice())).map_err(to_py)
    }

    fn events_columns(&self, py: Python<'_>) -> PyResult<EventColumns> {
        self.read_detached(py, EventColumns::of)
    }
}

#[pymethods]
impl Landscape {
    /// An empty landscape with its default community.
    #[new]
    fn new() -> Self {
        Landscape::wrap(cop_core::Landscape::new())
    }

    // ----- building ---------------------------------------------------------------------------

    /// A landscape of the events of a CSV event file (header with `member,time,kind` and
    /// optionally `domain,target,community,artifact,weight,thread`).
    ///
    /// `strict` refuses members, domains, communities, artifacts and kinds not seen before;
    /// `skip_bad_records` skips bad records instead of failing on the first one (which raises
    /// `RecordError` naming its line, column and field).
    #[staticmethod]
    #[pyo3(signature = (path, *, strict = false, skip_bad_records = false))]
    fn from_csv(py: Python<'_>, path: PathBuf, strict: bool, skip_bad_records: bool) -> PyResult<Landscape> {
        let landscape = Landscape::new();
        landscape.import_file(py, path, false, strict, skip_bad_records)?;
        Ok(landscape)
    }

    /// A landscape of the events of a JSON Lines event file (one object per line with the
    /// fields of the CSV format). Options as for `from_csv`.
    #[staticmethod]
    #[pyo3(signature = (path, *, strict = false, skip_bad_records = false))]
    fn from_jsonl(
        py: Python<'_>,
        path: PathBuf,
        strict: bool,
        skip_bad_records: bool,
    ) -> PyResult<Landscape> {
        let landscape = Landscape::new();
        landscape.import_file(py, path, true, strict, skip_bad_records)?;
        Ok(landscape)
    }

    /// A landscape of the history of the git repository at `path` (a working tree, a directory
    /// in it, or a bare repository), read by cop itself — no `git` command is needed. Options and
    /// errors as for `import_git`.
    #[staticmethod]
    #[pyo3(signature = (path, *, range = None, mailmap = true, merges = true, coauthors = true,
                        resolve_identities = true, salt = None, community = None, bots = Vec::new(),
                        staff = Vec::new()))]
    #[allow(clippy::too_many_arguments)]
    fn from_git(
        py: Python<'_>,
        path: PathBuf,
        range: Option<String>,
        mailmap: bool,
        merges: bool,
        coauthors: bool,
        resolve_identities: bool,
        salt: Option<String>,
        community: Option<String>,
        bots: Vec<String>,
        staff: Vec<String>,
    ) -> PyResult<Landscape> {
        let landscape = Landscape::new();
        let options = git_options(
            range,
            [mailmap, merges, coauthors, resolve_identities],
            salt,
            community,
            bots,
            staff,
        );
        landscape.record_git(py, path, options)?;
        Ok(landscape)
    }

    /// A landscape of the Stack Exchange data dump in the folder `dir`. Options and errors as
    /// for `import_stackexchange`.
    #[staticmethod]
    #[pyo3(signature = (dir, *, community = None, site = None, all_users = false))]
    fn from_stackexchange(
        py: Python<'_>,
        dir: PathBuf,
        community: Option<String>,
        site: Option<String>,
        all_users: bool,
    ) -> PyResult<Landscape> {
        let landscape = Landscape::new();
        landscape.record_stackexchange(py, dir, stackexchange_options(community, site, all_users))?;
        Ok(landscape)
    }

    /// A landscape of the export of `platform` at `path`: `"stackexchange"`, `"github"`,
    /// `"discourse"`, `"slack"`, `"discord"` or `"mbox"`. Options and errors as for
    /// `import_platform`.
    #[staticmethod]
    #[pyo3(signature = (platform, path, **options))]
    fn from_platform(
        py: Python<'_>,
        platform: &str,
        path: PathBuf,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Landscape> {
        let landscape = Landscape::new();
        landscape.record_platform(py, platform, path, options)?;
        Ok(landscape)
    }

    /// A landscape of GitHub activity: GH Archive hourly files (`.json`, `.json.gz`) or saved
    /// REST responses, a file or a folder. Options as for `import_platform`.
    #[staticmethod]
    #[pyo3(signature = (path, **options))]
    fn from_github(
        py: Python<'_>,
        path: PathBuf,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Landscape> {
        Landscape::from_platform(py, "github", path, options)
    }

    /// A landscape of a Discourse forum's topic JSON, a file or a folder. Options as for
    /// `import_platform`.
    #[staticmethod]
    #[pyo3(signature = (path, **options))]
    fn from_discourse(
        py: Python<'_>,
        path: PathBuf,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Landscape> {
        Landscape::from_platform(py, "discourse", path, options)
    }

    /// A landscape of a Slack workspace export's folder. Options as for `import_platform`.
    #[staticmethod]
    #[pyo3(signature = (path, **options))]
    fn from_slack(py: Python<'_>, path: PathBuf, options: Option<&Bound<'_, PyDict>>) -> PyResult<Landscape> {
        Landscape::from_platform(py, "slack", path, options)
    }

    /// A landscape of DiscordChatExporter JSON, a file or a folder. Options as for
    /// `import_platform`.
    #[staticmethod]
    #[pyo3(signature = (path, **options))]
    fn from_discord(
        py: Python<'_>,
        path: PathBuf,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Landscape> {
        Landscape::from_platform(py, "discord", path, options)
    }

    /// A landscape of a mailing list's archive: an mbox file or a folder of them. Options as for
    /// `import_platform`.
    #[staticmethod]
    #[pyo3(signature = (path, **options))]
    fn from_mbox(py: Python<'_>, path: PathBuf, options: Option<&Bound<'_, PyDict>>) -> PyResult<Landscape> {
        Landscape::from_platform(py, "mbox", path, options)
    }

    /// A landscape of events given as columns: lists, tuples, numpy arrays or pandas Series of
    /// equal length, or a single value for every row. See `record_batch` for the accepted values.
    #[staticmethod]
    #[pyo3(signature = (member, time, kind, domain = None, target = None, community = None, artifact = None,
                        weight = None, *, thread = None, strict = false, skip_bad_records = false))]
    #[allow(clippy::too_many_arguments)]
    fn from_events<'py>(
        py: Python<'py>,
        member: Bound<'py, PyAny>,
        time: Bound<'py, PyAny>,
        kind: Bound<'py, PyAny>,
        domain: Option<Bound<'py, PyAny>>,
        target: Option<Bound<'py, PyAny>>,
        community: Option<Bound<'py, PyAny>>,
        artifact: Option<Bound<'py, PyAny>>,
        weight: Option<Bound<'py, PyAny>>,
        thread: Option<Bound<'py, PyAny>>,
        strict: bool,
        skip_bad_records: bool,
    ) -> PyResult<Landscape> {
        let landscape = Landscape::new();
        let columns = Columns { member, time, kind, domain, target, community, artifact, weight, thread };
        landscape.batch(py, columns, strict, skip_bad_records)?;
        Ok(landscape)
    }

    /// A landscape of the events of a pandas DataFrame whose columns are named like the fields
    /// of the event format (`member`, `time`, `kind` required; `domain`, `target`, `community`,
    /// `artifact`, `weight`, `thread` optional; other columns are ignored). Categorical columns
    /// are read through their codes; time zone aware times are converted to UTC.
    #[staticmethod]
    #[pyo3(signature = (df, *, strict = false, skip_bad_records = false))]
    fn from_pandas(
        py: Python<'_>,
        df: &Bound<'_, PyAny>,
        strict: bool,
        skip_bad_records: bool,
    ) -> PyResult<Landscape> {
        let mut found: Vec<Option<Bound<'_, PyAny>>> = Vec::with_capacity(FIELDS.len());
        for field in FIELDS {
            let present = df.contains(field).map_err(|_| {
                PyTypeError::new_err(
                    "from_pandas expects a pandas DataFrame (or an object with named columns)",
                )
            })?;
            found.push(if present { Some(df.get_item(field)?) } else { None });
        }
        let mut found = found.into_iter();
        let mut required = |field: &str| -> PyResult<Bound<'_, PyAny>> {
            found
                .next()
                .flatten()
                .ok_or_else(|| invalid(field, format!("the data frame has no `{field}` column")))
        };
        let member = required("member")?;
        let time = required("time")?;
        let kind = required("kind")?;
        let columns = Columns {
            member,
            time,
            kind,
            domain: found.next().flatten(),
            target: found.next().flatten(),
            community: found.next().flatten(),
            artifact: found.next().flatten(),
            weight: found.next().flatten(),
            thread: found.next().flatten(),
        };
        let landscape = Landscape::new();
        landscape.batch(py, columns, strict, skip_bad_records)?;
        Ok(landscape)
    }

    /// A landscape of the events of Arrow data: any object with `__arrow_c_stream__` (a pyarrow
    /// `Table` or `RecordBatchReader`, a polars `DataFrame`, …) or `__arrow_c_array__` (a pyarrow
    /// `RecordBatch`), whose columns are named like the fields of the event format (`member`,
    /// `time`, `kind` required; `domain`, `target`, `community`, `artifact`, `weight`, `thread`
    /// optional; other columns are ignored). Keys are strings of any Arrow string type,
    /// dictionaries of strings (read through their codes) or integers; `time` is an Arrow
    /// timestamp of any unit and zone, a date, an epoch number (read by magnitude) or a string of
    /// the core's time parser; `weight` is a number. Nulls and empty strings mean "none" (a null
    /// `member`, `kind` or `time` is a bad row). The columns are read in Rust with no Python
    /// object per row, and recorded with the interpreter released.
    #[staticmethod]
    #[pyo3(signature = (data, *, strict = false, skip_bad_records = false))]
    fn from_arrow(
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        strict: bool,
        skip_bad_records: bool,
    ) -> PyResult<Landscape> {
        let landscape = Landscape::new();
        landscape.record_arrow(py, data, strict, skip_bad_records)?;
        Ok(landscape)
    }

    /// Records the events of Arrow data (as `from_arrow`) and returns an `ImportReport`: all or
    /// nothing unless `skip_bad_records`; a bad row's `.line` is its 1-based position.
    #[pyo3(signature = (data, *, strict = false, skip_bad_records = false))]
    fn record_arrow(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        strict: bool,
        skip_bad_records: bool,
    ) -> PyResult<PyImportReport> {
        let (schema, batches) = crate::arrow::read_batches(data)?;
        let batch = py.detach(|| guarded(|| crate::arrow::events_of(&schema, &batches)))??;
        drop(batches);
        let options = options(strict, skip_bad_records, None);
        let report =
            self.record_detached(py, |landscape| batch.record(landscape, &options))?.map_err(to_py)?;
        drop(batch);
        PyImportReport::of(py, report)
    }

    /// This landscape analysed as one community's events, as Arrow tables (`cop.ArrowTable`):
    /// `{"summary", "members", "health", "stage_history"}`, each row labelled `community`. The
    /// schemas are `cop.distributed.SCHEMAS`. `as_of` as for `maturity` (default: the last
    /// event); `options` the core's `MaturityConfig` (its `health.participation` gives the
    /// levels' options). `members` lists every member with an event of their own up to the date,
    /// by key. On a landscape of one community's events (a worker's partition) or on
    /// `community_view(community)` of the whole landscape, the tables are the same.
    #[pyo3(signature = (community, as_of = None, *, options = None))]
    fn community_tables<'py>(
        &self,
        py: Python<'py>,
        community: &str,
        as_of: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let as_of = as_of_arg(as_of)?;
        let config = maturity_options(options, false)?;
        let tables = self
            .read_detached(py, |ls| -> Result<_, CopError> {
                let analysis = crate::analysis::analysis_of(ls, as_of, &config.health.participation)?;
                let (part, maturity) = cop_core::rollup::CommunityPart::of(&analysis, community, &config)?;
                Ok(crate::arrow::community_tables(&part, &maturity))
            })?
            .map_err(to_py)?;
        crate::arrow::tables_dict(py, tables)
    }

    /// What spans this landscape's communities, computed in one process (the core's
    /// `rollup::landscape_rollup`, which `Analysis::rollup` equals): each community with events
    /// analysed on its own events as of `as_of`, side by side on every core, then merged. Arrow tables `{"landscape", "stages", "brokers"}` (schemas in
    /// `cop.distributed.SCHEMAS`), equal to `cop.distributed.merge` of the communities' tables.
    /// `as_of` and `options` as for `community_tables`.
    #[pyo3(signature = (as_of = None, *, options = None))]
    fn rollup<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let as_of = as_of_arg(as_of)?;
        let config = maturity_options(options, false)?;
        let rollup = self
            .read_detached(py, |ls| -> Result<_, CopError> {
                let as_of = cop_core::AsOf::given_or_last_event(ls, as_of)?;
                cop_core::rollup::landscape_rollup(ls, as_of, &config.health.participation, &config)
            })?
            .map_err(to_py)?;
        crate::arrow::tables_dict(py, crate::arrow::rollup_tables(&rollup))
    }

    /// Imports the events of a CSV event file into this landscape and returns an `ImportReport`.
    /// With the default `skip_bad_records=False` a bad record raises `RecordError` and nothing
    /// of the file is recorded.
    #[pyo3(signature = (path, *, strict = false, skip_bad_records = false))]
    fn import_csv(
        &self,
        py: Python<'_>,
        path: PathBuf,
        strict: bool,
        skip_bad_records: bool,
    ) -> PyResult<PyImportReport> {
        self.import_file(py, path, false, strict, skip_bad_records)
    }

    /// Imports the events of a JSON Lines event file into this landscape (as `import_csv`).
    #[pyo3(signature = (path, *, strict = false, skip_bad_records = false))]
    fn import_jsonl(
        &self,
        py: Python<'_>,
        path: PathBuf,
        strict: bool,
        skip_bad_records: bool,
    ) -> PyResult<PyImportReport> {
        self.import_file(py, path, true, strict, skip_bad_records)
    }

    /// Records events given as columns and returns an `ImportReport`.
    ///
    /// Each column is a list, a tuple, a numpy array or a pandas Series (all of one length), or
    /// a single value for every row. Keys (`member`, `kind`, `domain`, `target`, `community`,
    /// `artifact`) are str (numpy `<U`, `S`, object or StringDType arrays, pandas categoricals);
    /// integers are taken as their decimal text; `None`, NaN and `""` mean "none".
    /// `time` is numpy `datetime64` of any unit, Python datetimes (naive ones are UTC), dates,
    /// strings in any form of the core's time parser (RFC 3339, `2024-02-01 10:00:00` in UTC,
    /// `2024-02-01`, epoch numbers), or Unix epoch numbers (int or float) read by magnitude:
    /// below 1e11 seconds, below 1e14 milliseconds, below 1e17 microseconds, below 1e19
    /// nanoseconds; negative or larger numbers are refused; every time must fall in the years 0
    /// to 9999. `weight` is a number or None/NaN.
    /// `thread` (keyword) links each answer, comment or accept to the question that opened the
    /// thread: keys like the other key columns. A row without a `member` or `kind` (None, NaN, a
    /// missing category) is bad, and so are keys with white space around them or longer than
    /// 1,024 bytes and domain paths deeper than 32 (see `cop_core::limits`). A bad row raises `RecordError`
    /// whose `.line` is the 1-based row (nothing is recorded), or is skipped and reported with
    /// `skip_bad_records=True`. The loop over the events runs in the core with the interpreter
    /// released.
    #[pyo3(signature = (member, time, kind, domain = None, target = None, community = None, artifact = None,
                        weight = None, *, thread = None, strict = false, skip_bad_records = false))]
    #[allow(clippy::too_many_arguments)]
    fn record_batch<'py>(
        &self,
        py: Python<'py>,
        member: Bound<'py, PyAny>,
        time: Bound<'py, PyAny>,
        kind: Bound<'py, PyAny>,
        domain: Option<Bound<'py, PyAny>>,
        target: Option<Bound<'py, PyAny>>,
        community: Option<Bound<'py, PyAny>>,
        artifact: Option<Bound<'py, PyAny>>,
        weight: Option<Bound<'py, PyAny>>,
        thread: Option<Bound<'py, PyAny>>,
        strict: bool,
        skip_bad_records: bool,
    ) -> PyResult<PyImportReport> {
        let columns = Columns { member, time, kind, domain, target, community, artifact, weight, thread };
        self.batch(py, columns, strict, skip_bad_records)
    }

    /// Records one event named by keys and returns its id (`cop.NONE` for an event of a member
    /// left out of analyses, a bot by default: it is recorded, not analysed). Unknown keys are
    /// created unless `strict`; a refused event changes nothing. `time` is a datetime (naive =
    /// UTC), a date, a string in any form of the core's time parser or Unix seconds; `thread`
    /// the key of the thread the event is in (created on first sight, even when `strict`).
    #[pyo3(signature = (member, time, kind, *, domain = None, target = None, community = None, artifact = None,
                        weight = None, thread = None, strict = false))]
    #[allow(clippy::too_many_arguments)]
    fn record(
        &self,
        py: Python<'_>,
        member: &str,
        time: &Bound<'_, PyAny>,
        kind: &str,
        domain: Option<&str>,
        target: Option<&str>,
        community: Option<&str>,
        artifact: Option<&str>,
        weight: Option<f64>,
        thread: Option<&str>,
        strict: bool,
    ) -> PyResult<u32> {
        let time = time_value("time", time)?;
        let event = KeyedEvent {
            member,
            time,
            kind,
            community,
            domain,
            target,
            artifact,
            weight: weight.map(|w| w as f32),
            thread,
        };
        self.record_detached(py, |landscape| landscape.record_keyed(&event, strict))?
            .map(|id| id.raw())
            .map_err(to_py)
    }

    /// Adds a member and returns its view. Raises `DuplicateKeyError` if the key exists.
    #[pyo3(signature = (key, *, joined = None, mentoring_capacity = 0, availability = None, affiliation = None))]
    fn add_member(
        &self,
        py: Python<'_>,
        key: &str,
        joined: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::convert::mentoring_capacity_arg)] mentoring_capacity: u32,
        availability: Option<f32>,
        affiliation: Option<String>,
    ) -> PyResult<Member> {
        let joined = joined
            .filter(|j| !j.is_none())
            .map(|j| time_value("joined", j))
            .transpose()?
            .map(cop_core::model::time::from_seconds);
        let mut member = CoreMember::default();
        member.joined = joined;
        member.mentoring_capacity = mentoring_capacity;
        member.availability = availability;
        member.affiliation = affiliation;
        self.write(py, |landscape| {
            let id = landscape.add_member(key, member)?;
            Ok(Member::of(landscape, id).expect("a member just added exists"))
        })?
        .map_err(to_py)
    }

    /// Adds a domain by path (`testing/performance`, creating missing ancestors), optionally
    /// under another domain, and returns its view. Raises `DuplicateKeyError` if it exists.
    #[pyo3(signature = (path, *, parent = None))]
    fn add_domain(&self, py: Python<'_>, path: &str, parent: Option<&str>) -> PyResult<Domain> {
        self.write(py, |landscape| {
            let parent = parent
                .map(|p| landscape.domain_id(p).ok_or_else(|| unknown(Entity::Domain, p)))
                .transpose()?;
            let id = landscape.add_domain(path)?;
            if parent.is_some() {
                landscape.set_parent_domain(id, parent)?;
            }
            Ok(Domain::of(landscape, id).expect("a domain just added exists"))
        })?
        .map_err(to_py)
    }

    /// Makes `domain` a sub-domain of `parent` (or a root with `None`). Raises
    /// `DomainCycleError` when that would close a cycle.
    #[pyo3(signature = (domain, parent))]
    fn set_parent_domain(&self, py: Python<'_>, domain: &str, parent: Option<&str>) -> PyResult<()> {
        self.write(py, |landscape| {
            let child = landscape.domain_id(domain).ok_or_else(|| unknown(Entity::Domain, domain))?;
            let parent = parent
                .map(|p| landscape.domain_id(p).ok_or_else(|| unknown(Entity::Domain, p)))
                .transpose()?;
            landscape.set_parent_domain(child, parent)
        })?
        .map_err(to_py)
    }

    /// Adds a community and returns its view. `kind` is `open`, `internal`, `product` or
    /// `local`; `orientation` is `practice`, `product` or `play`; `domains` are keys of existing
    /// domains. Raises `DuplicateKeyError` if the key exists.
    #[pyo3(signature = (key, *, name = None, kind = "open", orientation = "practice", domains = None))]
    fn add_community(
        &self,
        py: Python<'_>,
        key: &str,
        name: Option<String>,
        kind: &str,
        orientation: &str,
        domains: Option<Vec<String>>,
    ) -> PyResult<Community> {
        let kind = community_kind_of(kind)?;
        let orientation = orientation_of(orientation)?;
        self.write(py, |landscape| {
            let domains = domains
                .unwrap_or_default()
                .iter()
                .map(|d| landscape.domain_id(d).ok_or_else(|| unknown(Entity::Domain, d)))
                .collect::<Result<Vec<_>, _>>()?;
            let mut community = CoreCommunity::named(name.unwrap_or_default());
            community.kind = kind;
            community.orientation = orientation;
            let id = landscape.add_community(key, community)?;
            for domain in domains {
                landscape.add_community_domain(id, domain)?;
            }
            Ok(Community::of(landscape, id).expect("a community just added exists"))
        })?
        .map_err(to_py)
    }

    /// Sets a member's competence in a domain: a level name (`novice`, `advanced_beginner`,
    /// `competent`, `proficient`, `expert`) or a rank from 1 to 5.
    fn set_competence(
        &self,
        py: Python<'_>,
        member: &str,
        domain: &str,
        level: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let level = competence_of(level)?;
        self.write(py, |landscape| {
            let m = landscape.member_id(member).ok_or_else(|| unknown(Entity::Member, member))?;
            let d = landscape.domain_id(domain).ok_or_else(|| unknown(Entity::Domain, domain))?;
            landscape.set_competence(m, d, level)
        })?
        .map_err(to_py)
    }

    /// Sets the centrality weight of an event kind (finite, not negative).
    fn set_kind_weight(&self, py: Python<'_>, kind: &str, weight: f32) -> PyResult<()> {
        self.write(py, |landscape| {
            let k = landscape.kind(kind).ok_or_else(|| unknown(Entity::Kind, kind))?;
            landscape.set_kind_weight(k, weight)
        })?
        .map_err(to_py)
    }

    // ----- people -----------------------------------------------------------------------------
    //
    // Events name identities (keys); a member is one identity, or several merged into one.
    // Members are named by any of their identity keys; a key that names no identity raises
    // `UnknownKeyError`. Changes here are kept by the file of a landscape from `Landscape.open`
    // at the next `compact()`, except `forget`, which compacts the file itself.

    /// Merges the member that the identity `merged` belongs to into the member that the identity
    /// `kept` belongs to: from then on every analysis counts them as one person, known by
    /// `kept`'s member's key (`landscape.members[merged]` is that member). Events keep the
    /// identity they were recorded under, so `unmerge` undoes it exactly. `rule` records why
    /// they are one person: `email`, `mailmap`, `noreply`, `noreply_name`, `login`, `file` or
    /// `api` (others raise `InvalidValueError`). Returns whether anything changed (False when
    /// they are one member already). O(events), with the interpreter released.
    #[pyo3(signature = (kept, merged, rule = "api"))]
    fn merge(&self, py: Python<'_>, kept: &str, merged: &str, rule: &str) -> PyResult<bool> {
        let rule = crate::people::rule_of(rule)?;
        self.write_detached(py, |landscape| {
            let kept = crate::people::identity(landscape, kept)?;
            let merged = crate::people::identity(landscape, merged)?;
            landscape.merge(kept, merged, rule)
        })?
        .map_err(to_py)
    }

    /// Undoes the merge of an identity into another member: the identity (with any identity
    /// merged into it) is a member of its own again, with exactly the events recorded under it.
    /// Raises `InvalidValueError` when the identity is not merged into another member.
    fn unmerge(&self, py: Python<'_>, identity: &str) -> PyResult<()> {
        self.write_detached(py, |landscape| {
            let id = crate::people::identity(landscape, identity)?;
            landscape.unmerge(id)
        })?
        .map_err(to_py)
    }

    /// The identities of the member `member` belongs to (a list of `Identity`): the identity
    /// that names the member first, then those merged into it in order of creation, each with
    /// what is known of it and the merge that joined it (`merged_into`, `rule`).
    fn identities(&self, py: Python<'_>, member: &str) -> PyResult<Vec<crate::people::Identity>> {
        self.read(py, |landscape| {
            let id = crate::people::identity(landscape, member)?;
            let list = landscape.identities(id)?;
            Ok(list.into_iter().map(|i| crate::people::Identity::of(landscape, i)).collect())
        })
        .map_err(to_py)
    }

    /// Attaches what is known of an identity besides its key: the platform it comes from
    /// (`git`, `github`, `stackexchange`, ...) and the person's name, e-mail address and login
    /// there, as `identities` shows them. Replaces what was attached before; changes no analysis.
    #[pyo3(signature = (identity, *, source = "", name = "", email = "", login = ""))]
    fn set_identity(
        &self,
        py: Python<'_>,
        identity: &str,
        source: &str,
        name: &str,
        email: &str,
        login: &str,
    ) -> PyResult<()> {
        let details = cop_core::model::people::Identity {
            source: source.to_owned(),
            name: name.to_owned(),
            email: email.to_owned(),
            login: login.to_owned(),
        };
        self.write(py, |landscape| {
            let id = crate::people::identity(landscape, identity)?;
            landscape.set_identity(id, details)
        })?
        .map_err(to_py)
    }

    /// Flags (or with `flag=False` unflags) the member `member` belongs to as a bot, an automated
    /// account. Keys that look like a bot's (`dependabot[bot]`, `...-bot`, `bors`, ...) are
    /// flagged when first seen. By default analyses leave bots out (see `set_scope`): their
    /// events are kept, and saved, but no analysis reads them, and events aimed at them lose
    /// their target. Unflagging clears the flag of every identity of the member.
    #[pyo3(signature = (member, flag = true))]
    fn set_bot(&self, py: Python<'_>, member: &str, flag: bool) -> PyResult<()> {
        self.write_detached(py, |landscape| {
            let id = crate::people::identity(landscape, member)?;
            landscape.set_bot(id, flag)
        })?
        .map_err(to_py)
    }

    /// Flags (or with `flag=False` unflags) the member `member` belongs to as staff, one of the
    /// community's paid team, as `set_bot` does for bots. By default analyses include staff.
    #[pyo3(signature = (member, flag = true))]
    fn set_staff(&self, py: Python<'_>, member: &str, flag: bool) -> PyResult<()> {
        self.write_detached(py, |landscape| {
            let id = crate::people::identity(landscape, member)?;
            landscape.set_staff(id, flag)
        })?
        .map_err(to_py)
    }

    /// Whether the member `member` belongs to is flagged as a bot (on any of its identities).
    fn is_bot(&self, py: Python<'_>, member: &str) -> PyResult<bool> {
        self.read(py, |landscape| crate::people::identity(landscape, member).map(|id| landscape.is_bot(id)))
            .map_err(to_py)
    }

    /// Whether the member `member` belongs to is flagged as staff (on any of its identities).
    fn is_staff(&self, py: Python<'_>, member: &str) -> PyResult<bool> {
        self.read(py, |landscape| crate::people::identity(landscape, member).map(|id| landscape.is_staff(id)))
            .map_err(to_py)
    }

    /// Whether analyses leave out the member `member` belongs to (a bot, or staff, by the scope).
    fn is_left_out(&self, py: Python<'_>, member: &str) -> PyResult<bool> {
        self.read(py, |landscape| {
            crate::people::identity(landscape, member).map(|id| landscape.is_left_out(id))
        })
        .map_err(to_py)
    }

    /// Who analyses see: `{"include_bots": False, "include_staff": True}` by default.
    #[getter]
    fn scope<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let scope = self.read(py, cop_core::Landscape::scope);
        let dict = PyDict::new(py);
        dict.set_item("include_bots", scope.include_bots)?;
        dict.set_item("include_staff", scope.include_staff)?;
        Ok(dict)
    }

    /// Sets who analyses see: bots only with `include_bots=True`, staff unless
    /// `include_staff=False` (the defaults are the default scope). Events of members left out
    /// stay recorded and saved; `counts`, `members` and every analysis leave them out.
    /// O(events) when it changes anything, with the interpreter released.
    #[pyo3(signature = (*, include_bots = false, include_staff = true))]
    fn set_scope(&self, py: Python<'_>, include_bots: bool, include_staff: bool) -> PyResult<()> {
        let scope =
            cop_core::model::people::Scope::default().with_bots(include_bots).with_staff(include_staff);
        self.write_detached(py, |landscape| landscape.set_scope(scope))
    }

    /// How many identities, members, bots and staff the landscape holds, and what analyses
    /// leave out: `{"identities", "members" (people after merges, bots and staff included),
    /// "merges" ({rule: identities merged by it}), "bots", "staff", "left_out" (members analyses
    /// leave out by the scope), "events_left_out" (their events)}`.
    fn people<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let counts = self.read(py, cop_core::Landscape::people_counts);
        result(py, "PeopleCounts", crate::people::counts_dict(py, &counts)?.into_any())
    }

    /// Forgets the member `member` belongs to — the right to erasure of data-protection law:
    /// their events, every one of their identities (keys, names, e-mail addresses), their
    /// competences, interests, memberships, declared mentoring ties, authorships and mentions in
    /// value stories. Events of others aimed at them lose their target; everything else stays.
    /// Member ids after theirs move down. Returns how many events were removed. For a landscape
    /// from `Landscape.open`, the file is compacted before it returns, so that its snapshot and
    /// journal no longer hold them either.
    fn forget(&self, py: Python<'_>, member: &str) -> PyResult<usize> {
        self.update_detached(py, |landscape| {
            let id = crate::people::identity(landscape, member)?;
            landscape.forget(id)
        })?
        .map_err(to_py)
    }

    /// Records the history of the git repository at `path` (a working tree, a directory in it,
    /// or a bare repository), read by cop itself — no `git` command is run — and returns what
    /// it brought: `{"commits", "events" (those of bots included), "identities", "members"
    /// (after merges), "merges" ({rule: merges made by it}), "bots" ([key, …])}`.
    ///
    /// Every commit gives a `commit` event of its author; a pull-request merge (`Merge pull
    /// request #…` with two parents) a `merge` event of its committer (of its author when
    /// committed through GitHub's web flow) aimed at the pull request's author; each
    /// `Co-authored-by:` trailer a `coauthor` event of the author aimed at the co-author; each
    /// in the top-level directory its commit touched most. Every signature `Name <email>` is an
    /// identity; identities are merged into members by the same e-mail address (rule `email`),
    /// the repository's `.mailmap` (`mailmap`), the same GitHub login in noreply addresses
    /// (`noreply`) and the same full name as a noreply identity (`noreply_name`) — see
    /// `identities` — and bots (`dependabot[bot]`, `…-bot`, `bors`, …) are flagged and left out
    /// of analyses by default (see `set_scope`).
    ///
    /// `range` reads a revision or range as `git log` takes it (`"v1.0..HEAD"`; None: everything
    /// reachable from HEAD); `mailmap=False` ignores the `.mailmap`; `merges=False` makes
    /// pull-request merges `commit` events of their author; `coauthors=False` reads no
    /// trailers; `resolve_identities=False` merges no identities; `salt` replaces every key by a
    /// pseudonym keyed with it (the same salt gives the same pseudonyms) and keeps no name or
    /// address; `community` records the events in that community (created if needed); `bots`
    /// and `staff` name further bots and staff by name, address or key. For a landscape from
    /// `Landscape.open`, the file is compacted before it returns.
    ///
    /// Raises `OSError` for a path that does not exist or a repository that cannot be read,
    /// `InvalidValueError` for a path that is not in a git repository, a repository without
    /// commits or an unknown revision; nothing is recorded then.
    #[pyo3(signature = (path, *, range = None, mailmap = true, merges = true, coauthors = true,
                        resolve_identities = true, salt = None, community = None, bots = Vec::new(),
                        staff = Vec::new()))]
    #[allow(clippy::too_many_arguments)]
    fn import_git<'py>(
        &self,
        py: Python<'py>,
        path: PathBuf,
        range: Option<String>,
        mailmap: bool,
        merges: bool,
        coauthors: bool,
        resolve_identities: bool,
        salt: Option<String>,
        community: Option<String>,
        bots: Vec<String>,
        staff: Vec<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = git_options(
            range,
            [mailmap, merges, coauthors, resolve_identities],
            salt,
            community,
            bots,
            staff,
        );
        let report = self.record_git(py, path, options)?;
        result(py, "GitImportReport", crate::people::git_report_dict(py, &report)?.into_any())
    }

    /// Records the Stack Exchange data dump in the folder `dir` (a site's `Posts.xml`,
    /// `Comments.xml`, `Users.xml`, `Votes.xml`, `Badges.xml`, optionally `PostHistory.xml`;
    /// only `Posts.xml` is required) and returns what it brought: `{"site", "rows" ({file: rows
    /// read}), "events" ({kind: events}), "recorded", "deleted_users" ({file: rows skipped}),
    /// "missing_posts" ({file: rows skipped}), "members", "bots" ([key, …])}`.
    ///
    /// Questions give `ask` events; answers `answer` events aimed at the asker; comments
    /// `comment` events aimed at the post's owner; accepted answers `accept` events of the asker
    /// aimed at the answerer (on the day of the accept vote, never before the answer; without
    /// it, at the answer's time); edits (history types 4–6) `edit` events aimed at the post's
    /// owner; badges `badge` events. The question is the thread, its first tag the domain. Users
    /// are keyed `se:<site>:<UserId>` with their display name, `AccountId` and join date; the
    /// Community user (-1) is a bot. Rows of deleted users and rows naming posts not in the dump
    /// are skipped and counted.
    ///
    /// `community` records the events in that community (created if needed); `site` names the
    /// site in keys (None: the folder's name); `all_users=True` makes every user a member, even
    /// without an event. For a landscape from `Landscape.open`, the file is compacted before it
    /// returns.
    ///
    /// Raises `RecordError` for a bad row (naming the file, the line and the field), `OSError`
    /// when `Posts.xml` is missing or a file cannot be read, `InvalidValueError` when `dir` is
    /// not a folder; nothing is recorded then.
    #[pyo3(signature = (dir, *, community = None, site = None, all_users = false))]
    fn import_stackexchange<'py>(
        &self,
        py: Python<'py>,
        dir: PathBuf,
        community: Option<String>,
        site: Option<String>,
        all_users: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let report = self.record_stackexchange(py, dir, stackexchange_options(community, site, all_users))?;
        let dict = PyDict::new(py);
        dict.set_item("site", &report.site)?;
        dict.set_item("rows", &report.rows)?;
        dict.set_item("events", &report.events)?;
        dict.set_item("recorded", report.recorded)?;
        dict.set_item("deleted_users", &report.deleted_users)?;
        dict.set_item("missing_posts", &report.missing_posts)?;
        dict.set_item("members", report.members)?;
        dict.set_item("bots", PyList::new(py, &report.bots)?)?;
        result(py, "StackExchangeImportReport", dict.into_any())
    }

    /// Records the export of `platform` at `path` (`"stackexchange"`, `"github"`, `"discourse"`,
    /// `"slack"`, `"discord"` or `"mbox"`), all or nothing, and returns its report as a dict:
    /// `platform`, `name`, `records` (per file), `events` (per kind), `recorded`, `left_out` (per
    /// reason), `skipped` (bad records, when skipping), `members`, `bots` (keys), `merges` (per
    /// rule) and `spaces` (`name`, `visibility`).
    ///
    /// Keyword options: `community` (the community's key; default: the default community),
    /// `name` (the name of the site, forum, workspace or list in keys; default: the folder's or
    /// file's name), `all_users` (every user listed becomes a member; False), `skip_bad_records`
    /// (skip and list bad records instead of stopping; False), `resolve_identities` (merge
    /// identities with those already here by the identity rules; True).
    ///
    /// Raises `InvalidValueError` for an unknown platform or option, `RecordError` for a bad
    /// record (naming the file, the line and the field), `OSError` when a file cannot be read;
    /// nothing is recorded then.
    #[pyo3(signature = (platform, path, **options))]
    fn import_platform<'py>(
        &self,
        py: Python<'py>,
        platform: &str,
        path: PathBuf,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.record_platform(py, platform, path, options)
    }

    /// Applies an identities file (CSV with the header `identity,member`; other columns are
    /// ignored) and returns an `IdentitiesReport`. Each line says that the identity key
    /// `identity` belongs to the member known by the key `member`: the identity is merged into
    /// it, by the rule `file`. A line whose two keys are the same splits the identity off into a
    /// member of its own. Both keys must exist. The whole file is checked first: a bad line
    /// raises `RecordError` naming the file, line, column and field, and nothing changes.
    fn import_identities(
        &self,
        py: Python<'_>,
        path: PathBuf,
    ) -> PyResult<crate::people::PyIdentitiesReport> {
        let source = path.display().to_string();
        let report = self
            .write_detached(py, |landscape| {
                let file = open(&path)?;
                landscape.import_identities(std::io::BufReader::new(file), Some(&source))
            })?
            .map_err(|e| to_py_with_path(e, Some(&path)))?;
        Ok(report.into())
    }

    // ----- looking ----------------------------------------------------------------------------

    /// The members: `landscape.members["a0001"]` is a `Member` view. `len`, `keys()` and
    /// iteration list the members analyses see; any identity key finds its member.
    #[getter]
    fn members(slf: &Bound<'_, Self>) -> Members {
        Members::new(slf.clone().unbind())
    }

    /// The domains: `landscape.domains["testing"]` is a `Domain` view.
    #[getter]
    fn domains(slf: &Bound<'_, Self>) -> Domains {
        Domains::new(slf.clone().unbind())
    }

    /// The communities, the default one (`"default"`) first.
    #[getter]
    fn communities(slf: &Bound<'_, Self>) -> Communities {
        Communities::new(slf.clone().unbind())
    }

    /// The event kinds, built-in first then custom ones: `{name: centrality weight}`.
    #[getter]
    fn kinds<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let kinds: Vec<(String, f32)> = self.read(py, |landscape| {
            landscape
                .kinds()
                .kinds()
                .map(|k| (landscape.kind_name(k).unwrap_or_default().to_owned(), landscape.kinds().weight(k)))
                .collect()
        });
        let dict = PyDict::new(py);
        for (name, weight) in kinds {
            dict.set_item(name, weight)?;
        }
        Ok(dict)
    }

    /// How many of each thing the landscape holds: `{"members", "events", "communities",
    /// "domains", "artifacts"}`. Members are people after merges; members analyses leave out
    /// (bots, by default) and their events are not counted (see `people()`).
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let counts = self.read(py, cop_core::Landscape::counts);
        let dict = PyDict::new(py);
        dict.set_item("members", counts.members)?;
        dict.set_item("events", counts.events)?;
        dict.set_item("communities", counts.communities)?;
        dict.set_item("domains", counts.domains)?;
        dict.set_item("artifacts", counts.artifacts)?;
        Ok(dict)
    }

    /// The number of events.
    fn __len__(&self, py: Python<'_>) -> usize {
        self.read(py, |landscape| landscape.counts().events)
    }

    /// A first look: `{"counts": {...}, "acting_members", "first_event", "last_event"
    /// (RFC 3339 or None), "events_per_kind": {kind: events} (most first), "busiest_domains":
    /// {domain: events} (the `top` busiest, most first)}`.
    #[pyo3(signature = (top = 5))]
    fn summary<'py>(&self, py: Python<'py>, top: usize) -> PyResult<Bound<'py, PyAny>> {
        let summary = self.read_detached(py, |landscape| landscape.summary(top))?;
        let counts = PyDict::new(py);
        counts.set_item("members", summary.counts.members)?;
        counts.set_item("events", summary.counts.events)?;
        counts.set_item("communities", summary.counts.communities)?;
        counts.set_item("domains", summary.counts.domains)?;
        counts.set_item("artifacts", summary.counts.artifacts)?;
        let tallies = |list: &[cop_core::Tally]| -> PyResult<Bound<'py, PyDict>> {
            let dict = PyDict::new(py);
            for tally in list {
                dict.set_item(&tally.name, tally.events)?;
            }
            Ok(dict)
        };
        let dict = PyDict::new(py);
        dict.set_item("counts", counts)?;
        dict.set_item("acting_members", summary.acting_members)?;
        dict.set_item("first_event", summary.first_event)?;
        dict.set_item("last_event", summary.last_event)?;
        dict.set_item("events_per_kind", tallies(&summary.events_per_kind)?)?;
        dict.set_item("busiest_domains", tallies(&summary.busiest_domains)?)?;
        result(py, "Summary", dict.into_any())
    }

    // ----- analyses ---------------------------------------------------------------------------
    //
    // `as_of` is a datetime (naive = UTC), a date, a numpy datetime64, an ISO 8601 / RFC 3339
    // string or Unix seconds; `None` is the time of the last event. Options are dicts (or JSON
    // text) in the core's serde form; missing fields take their defaults, unknown fields raise
    // `InvalidValueError`. Dicts of results are the core's JSON (dates as RFC 3339 strings).

    /// Participation levels, the level timeline and trajectories of every member as of `as_of`
    /// (a `Participation`).
    ///
    /// `policy`: a preset name (`cop.POLICY_PRESETS`: `coronet`, `grimoirelab_onion`,
    /// `absence_factor`, `discourse_trust_levels`, `orbit`), `"quantile"` (the default: core ≈
    /// top 15 %, active next 20 %, occasional next 30 %; members tied at a cut share the higher
    /// level; a member with a single event in the window is occasional at most), or a dict of
    /// the core's policy spec: `{"policy": "quantile", "core": 0.15, "active": 0.2,
    /// "occasional": 0.3, "transactional_max_days": 1, "inner_min_events": 2}`, `{"policy": "share_of_total", "measure": "events" |
    /// "activity" | "score", "bands": [{"level": "core_group", "share": 0.8}], "boundary":
    /// {"reaches": {"round_half_even": true}} | "at_most" | "exceeds", "rest": "peripheral"}`,
    /// `{"policy": "ladder", ...}` or `{"policy": "preset", "name": ...}`.
    /// `window_days`: the window of the scores (365). `period`: the timeline's period, `day`,
    /// `week`, `month` (the default) or `quarter`.
    /// `options`: the core's `analysis.Options`, `{"participation": {"window_days": 365,
    /// "decay": {"type": "half_life", "half_life_days": 90} | {"type": "monthly", "factor": 0.9}
    /// | {"type": "none"}, "weights": {"activity": 1, "domains": 1, "people": 0.5,
    /// "active_days": 0.5, "coordinator": 5, "received": 0.25}, "community": <community id> |
    /// null}, "policy": {...}, "period": "month", "trajectory": {"recent_periods": 6,
    /// "newcomer_periods": 2, "inactive_periods": 3, "trend_threshold": 0.2, "insider_dwell": 3,
    /// "boundary_communities": 2, "boundary_domains": null}}`; `policy`, `window_days` and
    /// `period`, when given, override their fields. Bad options or an unknown preset raise
    /// `InvalidValueError` with the core's message.
    #[pyo3(signature = (as_of = None, *, policy = None, window_days = None, period = None, options = None))]
    fn participation(
        slf: &Bound<'_, Self>,
        as_of: Option<&Bound<'_, PyAny>>,
        policy: Option<&Bound<'_, PyAny>>,
        #[pyo3(from_py_with = crate::convert::optional_window_days_arg)] window_days: Option<u32>,
        period: Option<&str>,
        options: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Participation> {
        let as_of = as_of_arg(as_of)?;
        let options = participation_options(policy, window_days, period, options)?;
        Participation::compute(slf, as_of, &options)
    }

    /// The structure of the interaction graph over `window_days` days up to `as_of` (a
    /// `cop.results.Structure`, a dict):
    /// `as_of`, `window_days`, `connected_members`, `ties`, `core_periphery_fit` (Borgatti–Everett),
    /// `core` (its members), `brokers` (lowest Burt constraint first) and `members` (one dict per
    /// connected member, highest PageRank first: `member`, `core_number`, `pagerank`, `degree`,
    /// `weighted_degree`, `eigenvector`, `constraint`). Ties weigh the number of events between
    /// two members (`weight="count"`) or the events' weights (`weight="weight"`).
    #[pyo3(signature = (as_of = None, window_days = 365, weight = "count"))]
    fn structure<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'py, PyAny>>,
        #[pyo3(from_py_with = crate::convert::window_days_arg)] window_days: u32,
        weight: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of = as_of_arg(as_of)?;
        let weight = edge_weight_of(weight)?;
        let json = self
            .read_detached(py, |ls| {
                let as_of = resolve_as_of(ls, as_of)?;
                let analysis = cop_core::Analysis::of_the_date(ls, cop_core::AsOf::at(as_of)?)?;
                to_json(&analysis.structure(window_days, weight)?)
            })?
            .map_err(to_py)?;
        json_result(py, "Structure", &json)
    }

    /// Every member's position in the interaction graph (as `structure`) as numpy columns in
    /// member id order: `{"member": [keys], "core_number": uint32, "pagerank": float64,
    /// "degree": uint32, "weighted_degree": float64, "eigenvector": float64 (NaN when it does
    /// not converge), "constraint": float64 (NaN for members without ties)}`.
    #[pyo3(signature = (as_of = None, window_days = 365, weight = "count"))]
    fn graph_measures<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'py, PyAny>>,
        #[pyo3(from_py_with = crate::convert::window_days_arg)] window_days: u32,
        weight: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of = as_of_arg(as_of)?;
        let weight = edge_weight_of(weight)?;
        let measures = self
            .read_detached(py, |ls| GraphMeasures::compute(ls, as_of, window_days, weight))?
            .map_err(to_py)?;
        result(py, "GraphMeasures", measures.into_dict(py)?.into_any())
    }

    /// The ties between members as an edge list (a `cop.results.Ties`: `source`, `target`,
    /// `relation`, `weight`, `directed`, `nodes`; `to_pandas()`, `to_networkx()`).
    ///
    /// Without `as_of` and `window_days`: every tie of the relationship graph the landscape
    /// keeps, over the whole history and directed — `interaction` from a member to the target
    /// of their events, `mentoring` from mentoring events and declared ties — a member and a
    /// target with both relations having two ties. With either: the interaction over
    /// `window_days` days (365 when only `as_of` is given) up to `as_of` (the last event's time
    /// when None), undirected, as `structure` and `graph_measures` measure it. `weight`:
    /// `"count"` (events) or `"weight"` (the sum of the events' weights). Members analyses
    /// leave out are left out; `nodes` lists every member analyses see, tied or not.
    #[pyo3(signature = (as_of = None, window_days = None, weight = "count"))]
    fn ties<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'py, PyAny>>,
        #[pyo3(from_py_with = crate::convert::optional_window_days_arg)] window_days: Option<u32>,
        weight: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of = as_of_arg(as_of)?;
        let weight = edge_weight_of(weight)?;
        let ties = if as_of.is_none() && window_days.is_none() {
            self.read_detached(py, |ls| Ties::of_graph(ls, weight))?
        } else {
            let days = window_days.unwrap_or(365);
            self.read_detached(py, |ls| Ties::of_window(ls, as_of, days, weight))?.map_err(to_py)?
        };
        ties.into_result(py)
    }

    /// The ties between members as a networkx graph (`ties(...).to_networkx()`, arguments as
    /// for `ties`): a `MultiDiGraph` of the relationship graph's ties keyed by relation, or,
    /// with `as_of` or `window_days`, an undirected `Graph` of the interaction over the window.
    /// Nodes are member keys; edges carry `relation` and `weight`. Needs networkx (the extra
    /// `cop[networkx]`).
    #[pyo3(signature = (as_of = None, window_days = None, weight = "count"))]
    fn graph<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'py, PyAny>>,
        #[pyo3(from_py_with = crate::convert::optional_window_days_arg)] window_days: Option<u32>,
        weight: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.ties(py, as_of, window_days, weight)?.call_method0("to_networkx")
    }

    /// The health report as of `as_of` over a window (a `cop.results.HealthReport`, a dict of the
    /// core's `HealthReport`):
    /// `active_members`, `dau_mau`, `newcomers_in_window` (first event in the window),
    /// `activation` (`recent_newcomers`, the members who joined in the twelve periods before the
    /// last three, `activated`, `share`), `funnel`, `retention` (per join cohort, the share who
    /// act again in each later complete period), `inactive_contributors`,
    /// `occasional_contributors`, `responsiveness` (`questions`, `answered`, `unanswered_share`,
    /// `median_hours`, `mean_hours`), `concentration` (with `organising_recorded`), `rhythm`,
    /// `reciprocity`, `repertoire`, `expert_access`, `boundary_share`, `layers` (`leaders` is None
    /// when not measurable: no organising event, no coordinator), `balance` (with the `rule` that
    /// decides its `deviations`), `founders_share`.
    ///
    /// `window_days`: the window (90), overriding `options`; 0 or less raises
    /// `cop.InvalidValueError` (field `window_days`). `options`: the core's
    /// `HealthConfig`, `{"window_days": 90, "period": "month", "activation_periods": 3,
    /// "retention_periods": 6, "inactive_days": 90, "occasional_quiet_days": 90,
    /// "occasional_max_contributions": 12, "burnout_organisers": 2, "burnout_share": 0.8,
    /// "burnout_periods": 6, "founders": 3, "participation": {<participation options>}}`.
    #[pyo3(signature = (as_of = None, *, window_days = None, options = None))]
    fn health<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'py, PyAny>>,
        #[pyo3(from_py_with = crate::convert::optional_window_days_arg)] window_days: Option<u32>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of = as_of_arg(as_of)?;
        let config = health_options(window_days, options)?;
        let json = self.read_detached(py, |ls| health_json(ls, as_of, &config))?.map_err(to_py)?;
        json_result(py, "HealthReport", &json)
    }

    /// The health metrics per period of the level timeline (each period's end; the last is
    /// `as_of`): a `cop.results.HealthSeries`, a list of dicts with `date` (RFC 3339) and every
    /// metric of `cop.HEALTH_METRICS`
    /// that has a value, or with `to_pandas=True` a DataFrame indexed by date (datetime64[s])
    /// with a column per metric (NaN: no value). Arguments as for `health`. When `as_of` is
    /// before the end of its period, the last point measures a partial period (the
    /// participation timeline's `last_partial`).
    #[pyo3(signature = (as_of = None, *, window_days = None, options = None, to_pandas = false))]
    fn health_series<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'py, PyAny>>,
        #[pyo3(from_py_with = crate::convert::optional_window_days_arg)] window_days: Option<u32>,
        options: Option<&Bound<'py, PyAny>>,
        to_pandas: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of = as_of_arg(as_of)?;
        let config = health_options(window_days, options)?;
        let points = self.read_detached(py, |ls| health_series(ls, as_of, &config))?.map_err(to_py)?;
        series_to_python(py, points, to_pandas)
    }

    /// The community's maturity as of `as_of` (a `cop.results.Maturity`, a dict) with its two
    /// answers, each share named
    /// with its stage: `summary` (both in one sentence), `settled` (the stage held through the
    /// history: `stage` — one of `cop.STAGES` —, `label` — Webber's name with
    /// `webber_labels=True` —, `tension`, `share` of the indicators' weighted votes that this
    /// stage has now, `since`, `periods` and the `rule` that holds it), `indicated` (the stage
    /// the indicators point to now: `stage`, `label`, `tension`, `share`), `votes` (every
    /// stage's `weight` and `share`), `evidence` (indicators: `name`, `value`, `points_to`,
    /// `rule`, `weight`) and `next_steps` (`about`, `advice`, `priority` 1–3, most urgent first).
    /// Before the first event: potential, no evidence, shares of 0.
    ///
    /// `options`: the core's `MaturityConfig`, `{"health": {<health options>},
    /// "potential_max_members": 5, "coalescing_max_members": 15, "potential_max_age_days": 90,
    /// "coalescing_max_age_days": 365, "maturing_max_age_days": 730, "growth_ratio": 1.2,
    /// "decline_ratio": 0.6, "inflow_share": 0.3, "low_retention": 0.2, "stable_retention": 0.4,
    /// "webber_labels": false, "persistence": None}` (`persistence`: periods in a row before the
    /// settled stage moves; None: one more than the health window spans, 4 monthly periods).
    #[pyo3(signature = (as_of = None, *, options = None, webber_labels = false))]
    fn maturity<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyAny>>,
        webber_labels: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of = as_of_arg(as_of)?;
        let config = maturity_options(options, webber_labels)?;
        let json = self.read_detached(py, |ls| maturity_json(ls, as_of, &config))?.map_err(to_py)?;
        json_result(py, "Maturity", &json)
    }

    /// The maturity stage per period of the level timeline up to `as_of` (a
    /// `cop.results.StageHistory`): a list of dicts with
    /// `date` (RFC 3339), `settled` (held through the history: one step at a time, or straight
    /// into transformation, after the indicators persist, and never past `ceiling`),
    /// `indicated` (where the indicators alone pointed), `indicated_share`, `ceiling` (the
    /// latest stage the community's age and size allowed) and `active_members`. The last point
    /// is `maturity()`'s. `options` as for `maturity`.
    #[pyo3(signature = (as_of = None, *, options = None))]
    fn stage_history<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of = as_of_arg(as_of)?;
        let config = maturity_options(options, false)?;
        let json = self.read_detached(py, |ls| stage_history_json(ls, as_of, &config))?.map_err(to_py)?;
        json_result(py, "StageHistory", &json)
    }

    /// Adds a value story and returns its index: what the community was worth to someone.
    /// `cycle` is one of `cop.VALUE_CYCLES` (`immediate`, `potential`, `applied`, `realised`,
    /// `reframing`); `date` a time value; `members` and `artifacts` are keys of existing ones,
    /// `events` event ids. Raises `UnknownKeyError` / `UnknownIdError` for what does not exist.
    #[pyo3(signature = (cycle, date, text, *, members = Vec::new(), artifacts = Vec::new(), events = Vec::new()))]
    #[allow(clippy::too_many_arguments)]
    fn add_value_story(
        &self,
        py: Python<'_>,
        cycle: &str,
        date: &Bound<'_, PyAny>,
        text: String,
        members: Vec<String>,
        artifacts: Vec<String>,
        events: Vec<u32>,
    ) -> PyResult<usize> {
        let cycle = value_cycle_of(cycle)?;
        let date = time_value("date", date)?;
        self.write(py, |landscape| {
            let story = value_story(landscape, cycle, date, text, &members, &artifacts, &events)?;
            landscape.add_value_story(story)
        })?
        .map_err(to_py)
    }

    /// The value stories in order of addition: dicts with `cycle`, `date` (RFC 3339), `text`,
    /// `members` and `artifacts` (keys) and `events` (ids).
    fn value_stories<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let stories = self.read(py, |landscape| {
            landscape.value_stories().iter().map(|story| StoryKeys::of(landscape, story)).collect::<Vec<_>>()
        });
        let list = PyList::empty(py);
        for story in stories {
            list.append(story.into_dict(py)?)?;
        }
        result(py, "ValueStories", list.into_any())
    }

    /// Value stories dated up to `as_of` (every story when `None`) counted per cycle and per
    /// period: `{"per_cycle": [n, ...], "per_period": [{"period": <start, RFC 3339>,
    /// "per_cycle": [n, ...]}]}`, counts in the order of `cop.VALUE_CYCLES`.
    #[pyo3(signature = (as_of = None, period = "month"))]
    fn value_summary<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'py, PyAny>>,
        period: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of = as_of_arg(as_of)?.unwrap_or(i64::MAX);
        let period = period_of(period)?;
        let json = self
            .read(py, |ls| to_json(&cop_core::model::value::summary(ls.value_stories(), as_of, period)))
            .map_err(to_py)?;
        json_result(py, "ValueSummary", &json)
    }

    /// Sets a community's charter: its `purpose`, its `audience` and measurable `goals`, each a
    /// dict `{"metric": <one of cop.HEALTH_METRICS>, "target": <number>, "deadline": <time>}`.
    /// Progress toward the goals appears in `report()["goals"]`. Replaces an earlier charter.
    #[pyo3(signature = (community, purpose, audience, goals = None))]
    fn set_charter(
        &self,
        py: Python<'_>,
        community: &str,
        purpose: String,
        audience: String,
        goals: Option<Vec<Bound<'_, PyAny>>>,
    ) -> PyResult<()> {
        let goals = goals.unwrap_or_default().iter().map(goal_of).collect::<PyResult<Vec<_>>>()?;
        self.write(py, |landscape| {
            let id =
                landscape.community_id(community).ok_or_else(|| unknown(Entity::Community, community))?;
            let c = landscape.community_mut(id).ok_or_else(|| unknown(Entity::Community, community))?;
            c.charter = Some(cop_core::Charter { purpose, audience, goals });
            Ok(())
        })?
        .map_err(to_py)
    }

    /// A community's charter as a dict (`purpose`, `audience`, `goals`), or None.
    fn charter<'py>(&self, py: Python<'py>, community: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let charter = self
            .read(py, |landscape| {
                let id =
                    landscape.community_id(community).ok_or_else(|| unknown(Entity::Community, community))?;
                Ok(landscape.community(id).and_then(|c| c.charter.clone()))
            })
            .map_err(to_py)?;
        charter.map(|c| result(py, "Charter", charter_dict(py, &c)?.into_any())).transpose()
    }

    /// The whole picture as of `as_of` (a `cop.results.Report`, a dict of the core's `Report`,
    /// schema `cop-report/2`,
    /// the JSON the command-line tool writes): `schema`, `as_of`, `summary`, `participation`
    /// (as `Participation.report()`), `structure`, `health`, `health_series`, `goals` (charter
    /// progress: `community`, `metric`, `target`, `deadline`, `current`, `progress`, `on_track`,
    /// `note`), `value`, `maturity`, `stage_history` and `mentoring` (mentor suggestions, as
    /// `Participation.suggest_mentors` gives).
    ///
    /// `options`: the core's `ReportOptions`, `{"participation": {<participation options>},
    /// "maturity": {<maturity options>}, "structure_window_days": 365, "edge_weight": "count",
    /// "top": 10, "history": true, "mentoring": true, "matching": {<MatchingOptions, see
    /// `Participation.suggest_mentors`>}, "report_mentees": 200}` (`history: false` skips the
    /// per-period health series and stage history, the slow part; `mentoring: false` leaves the
    /// `mentoring` section, the mentor suggestions, None).
    #[pyo3(signature = (as_of = None, *, options = None))]
    fn report<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of = as_of_arg(as_of)?;
        let options = report_options(options)?;
        let json = self.read_detached(py, |ls| report_json(ls, as_of, &options))?.map_err(to_py)?;
        json_result(py, "Report", &json)
    }

    // ----- matching ---------------------------------------------------------------------------

    /// The `k` members best able to help with `domain` (a domain path; its sub-domains count)
    /// as of `as_of`, best first (a `cop.results.Experts`, a list of the core's `Expert`):
    /// `member`, `member_id`,
    /// `score`, `parts` (`evidence`, `recency`, `responsiveness`, `capacity`, `declared`, each in
    /// 0..1), `competence`, `competence_declared`, `evidence` (`answers`, `reviews`, `mentoring`,
    /// `other`, `artifacts`, `credit`, `last`, `median_response_hours`, `responses`,
    /// `current_mentees`) and `reasons` in words.
    ///
    /// `options`: the core's `ExpertOptions`, `{"weights": {"evidence": 0.5, "recency": 0.15,
    /// "responsiveness": 0.1, "capacity": 0.1, "declared": 0.15}, "window_days": 730,
    /// "half_life_days": 90, "response_window_days": 14, "load_window_days": 90,
    /// "default_capacity": 2, "exclude": [keys]}`. An unknown domain raises `UnknownKeyError`.
    #[pyo3(signature = (domain, *, as_of = None, k = 5, options = None))]
    fn find_experts<'py>(
        &self,
        py: Python<'py>,
        domain: &str,
        as_of: Option<&Bound<'py, PyAny>>,
        #[pyo3(from_py_with = crate::convert::k_arg)] k: usize,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of = as_of_arg(as_of)?;
        let options = crate::matching::expert_options(options)?;
        let json = self
            .read_detached(py, |ls| crate::matching::experts_json(ls, domain, as_of, k, &options))?
            .map_err(to_py)?;
        json_result(py, "Experts", &json)
    }

    /// The `k` communities whose domains and members fit `member` best as of `as_of`, best first
    /// (a `cop.results.CommunityFits`, a list of the core's `CommunityFit`): `community`,
    /// `community_id`, `score`,
    /// `parts`, `domain` (the best-fitting domain, or None), `joined` and `reasons` in words.
    /// Communities scoring 0 are left out. An unknown member raises `UnknownKeyError`.
    #[pyo3(signature = (member, *, as_of = None, k = 5))]
    fn recommend_communities<'py>(
        &self,
        py: Python<'py>,
        member: &str,
        as_of: Option<&Bound<'py, PyAny>>,
        #[pyo3(from_py_with = crate::convert::k_arg)] k: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of = as_of_arg(as_of)?;
        let json = self
            .read_detached(py, |ls| crate::matching::communities_json(ls, member, as_of, k))?
            .map_err(to_py)?;
        json_result(py, "CommunityFits", &json)
    }

    // ----- bulk out ---------------------------------------------------------------------------

    /// Every event analyses read as numpy columns, in order of recording (an event's position
    /// is its id; events of members left out are not among them, and merged identities' events
    /// are under their member).
    ///
    /// `time` is `datetime64[s]`; `member`, `target`, `domain`, `artifact` and `thread` are
    /// `uint32` ids and `community` `uint16` ids, with `cop.NONE` (2**32 - 1) for "none"; `kind`
    /// is `uint8` codes; `weight` is `float32`, NaN where the event has no weight of its own.
    /// `keys` maps each of `member` (also for `target`), `kind`, `community`, `domain`,
    /// `artifact` and `thread` to the list of keys, so that `keys["member"][ids[i]]` is the key
    /// of id `ids[i]`.
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let columns = self.events_columns(py)?;
        let dict = PyDict::new(py);
        let time: Vec<Datetime<units::Seconds>> = columns.time.into_iter().map(Datetime::from).collect();
        dict.set_item("time", time.into_pyarray(py))?;
        dict.set_item("member", columns.member.into_pyarray(py))?;
        dict.set_item("kind", columns.kind.into_pyarray(py))?;
        dict.set_item("community", columns.community.into_pyarray(py))?;
        dict.set_item("domain", columns.domain.into_pyarray(py))?;
        dict.set_item("target", columns.target.into_pyarray(py))?;
        dict.set_item("artifact", columns.artifact.into_pyarray(py))?;
        dict.set_item("weight", columns.weight.into_pyarray(py))?;
        dict.set_item("thread", columns.thread.into_pyarray(py))?;
        let keys = PyDict::new(py);
        keys.set_item("member", columns.member_keys)?;
        keys.set_item("kind", columns.kind_names)?;
        keys.set_item("community", columns.community_keys)?;
        keys.set_item("domain", columns.domain_keys)?;
        keys.set_item("artifact", columns.artifact_keys)?;
        keys.set_item("thread", columns.thread_keys)?;
        dict.set_item("keys", keys)?;
        Ok(dict)
    }

    /// Every event as a pandas DataFrame, in order of recording (the index is the event id).
    ///
    /// `time` is `datetime64[s]`; `member`, `target`, `kind`, `community`, `domain`, `artifact`
    /// and `thread` are Categoricals built from codes (no Python object per event); `weight` is
    /// `float32` (NaN: the kind's weight counts). Needs pandas.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pandas = py.import("pandas").map_err(|e| {
            PyImportError::new_err(format!("Landscape.to_pandas needs pandas (pip install pandas): {e}"))
        })?;
        let columns = self.events_columns(py)?;
        let categorical = pandas.getattr("Categorical")?;
        let dtype_of = |keys: Vec<String>| -> PyResult<Bound<'py, PyAny>> {
            let index = pandas.getattr("Index")?.call1((keys,))?;
            pandas.getattr("CategoricalDtype")?.call1((index,))
        };
        let category = |codes: Vec<i32>, dtype: &Bound<'py, PyAny>| -> PyResult<Bound<'py, PyAny>> {
            let kwargs = PyDict::new(py);
            kwargs.set_item("dtype", dtype)?;
            kwargs.set_item("validate", false)?;
            categorical.call_method("from_codes", (codes.into_pyarray(py),), Some(&kwargs))
        };
        let member_dtype = dtype_of(columns.member_keys)?;
        let data = PyDict::new(py);
        let time: Vec<Datetime<units::Seconds>> = columns.time.into_iter().map(Datetime::from).collect();
        data.set_item("time", time.into_pyarray(py))?;
        data.set_item("member", category(codes(&columns.member)?, &member_dtype)?)?;
        let kinds: Vec<i32> = columns.kind.iter().map(|&k| i32::from(k)).collect();
        data.set_item("kind", category(kinds, &dtype_of(columns.kind_names)?)?)?;
        data.set_item("domain", category(codes(&columns.domain)?, &dtype_of(columns.domain_keys)?)?)?;
        data.set_item("target", category(codes(&columns.target)?, &member_dtype)?)?;
        let communities: Vec<i32> = columns.community.iter().map(|&c| i32::from(c)).collect();
        data.set_item("community", category(communities, &dtype_of(columns.community_keys)?)?)?;
        data.set_item("artifact", category(codes(&columns.artifact)?, &dtype_of(columns.artifact_keys)?)?)?;
        data.set_item("weight", columns.weight.into_pyarray(py))?;
        data.set_item("thread", category(codes(&columns.thread)?, &dtype_of(columns.thread_keys)?)?)?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("copy", false)?;
        pandas.getattr("DataFrame")?.call((data,), Some(&kwargs))
    }

    /// Writes every event to a CSV event file, in time order.
    fn export_csv(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        self.read_detached(py, |landscape| landscape.export_csv_file(&path))?
            .map_err(|e| to_py_with_path(e, Some(&path)))
    }

    /// Writes every event to a JSON Lines event file, in time order.
    fn export_jsonl(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        self.read_detached(py, |landscape| landscape.export_jsonl_file(&path))?
            .map_err(|e| to_py_with_path(e, Some(&path)))
    }

    // ----- snapshots --------------------------------------------------------------------------

    /// Opens the landscape kept in the SQLite file at `path`, creating the file if it does not
    /// exist: its last compacted snapshot with every batch recorded since replayed on it.
    ///
    /// On such a landscape, `record`, `record_batch`, `import_csv` and `import_jsonl` are on the
    /// disk when they return (one SQLite transaction each; if it fails, the call raises and the
    /// landscape is as it was). Other changes (`add_member`, `set_charter`, `set_kind_weight`,
    /// ...) are on the disk after the next `compact()`; members, domains and communities added
    /// are also written by the next recording call. A process killed at any moment leaves every
    /// batch whose call returned and no part of another. SQLite (built in) in WAL mode; one
    /// process at a time. Raises `OSError` if the file cannot be opened or is not such a file,
    /// `SnapshotError` if its content is damaged.
    #[staticmethod]
    fn open(py: Python<'_>, path: PathBuf) -> PyResult<Landscape> {
        let (store, landscape) = py.detach(|| cop_core::Store::open(&path)).map_err(to_py)?;
        Ok(Landscape { inner: RwLock::new(landscape), store: Mutex::new(Some(store)) })
    }

    /// Writes the whole landscape to its file (from `Landscape.open`) and empties the file's
    /// journal, in one transaction: every change so far is on the disk when it returns. Does
    /// nothing for a landscape not from `Landscape.open`.
    fn compact(&self, py: Python<'_>) -> PyResult<()> {
        let guard = self.inner.write_py_attached(py).unwrap_or_else(PoisonError::into_inner);
        let mut store_guard = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let landscape: &cop_core::Landscape = &guard;
        let store: &mut Option<cop_core::Store> = &mut store_guard;
        py.detach(move || store.as_mut().map_or(Ok(()), |store| store.compact(landscape))).map_err(to_py)
    }

    /// Writes the whole landscape to a JSON snapshot file (`Landscape.load` reads it back exactly).
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        self.read_detached(py, |landscape| landscape.save_snapshot_file(&path))?
            .map_err(|e| to_py_with_path(e, Some(&path)))
    }

    /// Reads a landscape from a snapshot file written by `save`. Raises `SnapshotError` for a
    /// file that is not a valid snapshot, `SnapshotVersionError` for a newer format version.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Landscape> {
        py.detach(|| cop_core::Landscape::load_snapshot(std::io::BufReader::new(open(&path)?)))
            .map(Landscape::wrap)
            .map_err(|e| to_py_with_path(e, Some(&path)))
    }

    /// The whole landscape as a JSON snapshot (a str).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        let bytes = self.snapshot_bytes(py)?;
        String::from_utf8(bytes).map_err(|e| invalid("snapshot", e.to_string()))
    }

    /// A landscape from a JSON snapshot (str or bytes) made by `to_json` or `save`.
    #[staticmethod]
    fn from_json(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Landscape> {
        Landscape::load_bytes(py, data).map(Landscape::wrap)
    }

    /// Pickling: the snapshot.
    fn __getstate__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = self.snapshot_bytes(py)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Unpickling: replaces this landscape with the snapshot.
    fn __setstate__(&self, py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<()> {
        let loaded = Landscape::load_bytes(py, state)?;
        self.write(py, |landscape| *landscape = loaded)?;
        Ok(())
    }

    /// A copy with only the events dated `start <= time < end` (datetime, numpy datetime64, ISO
    /// string or Unix seconds; None leaves that side open), in their order of recording. Members,
    /// domains, communities, artifacts, kinds, charters and declared ties are kept.
    #[pyo3(signature = (start = None, end = None))]
    fn events_between(
        &self,
        py: Python<'_>,
        start: Option<&Bound<'_, PyAny>>,
        end: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Landscape> {
        let from = crate::convert::as_of_arg(start)?.unwrap_or(i64::MIN);
        let to = crate::convert::as_of_arg(end)?.unwrap_or(i64::MAX);
        if from > to {
            return Err(invalid("start", format!("{from} is after end ({to})")));
        }
        Ok(Landscape::wrap(self.read_detached(py, |landscape| landscape.events_between(from, to))?))
    }

    /// The landscape as one community sees it: a copy with only that community's events, so
    /// that `health()`, `maturity()`, `structure()`, `report()` and the charter's goals computed on
    /// it are the community's own. Every member, domain, community and artifact keeps its key;
    /// the other communities keep their keys but not their charters. Raises `cop.UnknownKeyError`
    /// (a `KeyError`) for a key that names no community.
    fn community_view(&self, py: Python<'_>, community: &str) -> PyResult<Landscape> {
        let view = self.read_detached(py, |landscape| landscape.community_view(community))?.map_err(to_py)?;
        Ok(Landscape::wrap(view))
    }

    /// A copy of this landscape.
    fn copy(&self, py: Python<'_>) -> PyResult<Landscape> {
        Ok(Landscape::wrap(self.read_detached(py, cop_core::Landscape::clone)?))
    }

    fn __copy__(&self, py: Python<'_>) -> PyResult<Landscape> {
        self.copy(py)
    }

    fn __deepcopy__(&self, py: Python<'_>, _memo: &Bound<'_, PyAny>) -> PyResult<Landscape> {
        self.copy(py)
    }

    fn __eq__(slf: &Bound<'_, Self>, other: &Bound<'_, PyAny>) -> bool {
        let Ok(other) = other.cast::<Landscape>() else {
            return false;
        };
        if slf.is(other) {
            return true;
        }
        let py = slf.py();
        slf.get().read(py, |a| other.get().read(py, |b| a == b))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let counts = self.read(py, cop_core::Landscape::counts);
        format!(
            "<cop.Landscape: {} members, {} events, {} communities, {} domains, {} artifacts>",
            counts.members, counts.events, counts.communities, counts.domains, counts.artifacts
        )
    }
}

/// The core's options of a Stack Exchange dump from the keyword arguments of
/// `from_stackexchange` / `import_stackexchange`.
fn stackexchange_options(
    community: Option<String>,
    site: Option<String>,
    all_users: bool,
) -> StackExchangeImport {
    let mut options = StackExchangeImport::default();
    options.community = community;
    options.site = site;
    options.all_users = all_users;
    options
}

/// The core's options of a git history from the keyword arguments of `from_git` / `import_git`.
fn git_options(
    range: Option<String>,
    [mailmap, merges, coauthors, resolve_identities]: [bool; 4],
    salt: Option<String>,
    community: Option<String>,
    bots: Vec<String>,
    staff: Vec<String>,
) -> GitImport {
    let mut options = GitImport::default();
    options.range = range;
    options.mailmap = mailmap;
    options.merges = merges;
    options.coauthors = coauthors;
    options.resolve_identities = resolve_identities;
    options.pseudonymise = salt;
    options.community = community;
    options.bots = bots;
    options.staff = staff;
    options
}
