//! The Python exception hierarchy, declared in one place, and the map from core errors to it.
//!
//! ```text
//! ValueError
//! └── CopError                       every error of the core
//!     ├── UnknownKeyError            (also a KeyError)
//!     ├── UnknownIdError             (also a KeyError)
//!     ├── DuplicateKeyError
//!     ├── DomainCycleError
//!     ├── InvalidValueError
//!     ├── RecordError                .source .line .column .field .message
//!     ├── SnapshotError
//!     │   └── SnapshotVersionError   .found .supported
//!     ├── CapacityError              .what .limit
//!     ├── CopIOError                 (also an OSError: .errno .strerror .filename)
//!     └── InternalError              a bug in cop: a panic caught at the boundary
//! ```
//!
//! The classes are made once per process by [`declare`] (a class statement's equivalent,
//! `type(name, bases, namespace)`, because several derive from two built-ins) and the class of
//! an error is chosen by an exhaustive `match` on [`ErrorKind`], so a new kind in the core does
//! not compile here until it has a class.

use std::path::Path;

use cop_core::{CopError, ErrorKind, RecordError};
use pyo3::exceptions::{PyBaseException, PyKeyError, PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

/// The name of the module the classes say they belong to (they are re-exported there).
const MODULE: &str = "cop";

/// The exception classes, made once per process.
struct Classes {
    base: Py<PyType>,
    unknown_key: Py<PyType>,
    unknown_id: Py<PyType>,
    duplicate_key: Py<PyType>,
    domain_cycle: Py<PyType>,
    invalid_value: Py<PyType>,
    record: Py<PyType>,
    snapshot: Py<PyType>,
    snapshot_version: Py<PyType>,
    capacity: Py<PyType>,
    io: Py<PyType>,
    internal: Py<PyType>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

/// Makes one exception class: `type(name, bases, {"__doc__": doc, "__module__": "cop", **extra})`.
fn class<'py>(
    py: Python<'py>,
    name: &str,
    bases: &[&Bound<'py, PyType>],
    doc: &str,
    extra: &[(&str, Bound<'py, PyAny>)],
) -> PyResult<Py<PyType>> {
    let namespace = PyDict::new(py);
    namespace.set_item("__doc__", doc)?;
    namespace.set_item("__module__", MODULE)?;
    for (key, value) in extra {
        namespace.set_item(key, value)?;
    }
    let bases = PyTuple::new(py, bases)?;
    let made = py.get_type::<PyType>().call1((name, bases, namespace))?;
    Ok(made.cast_into::<PyType>()?.unbind())
}

/// A class deriving from `bases`, with each of `attributes` defaulting to `None` on the class.
fn derived(
    py: Python<'_>,
    name: &str,
    bases: &[&Bound<'_, PyType>],
    doc: &str,
    attributes: &[&str],
) -> PyResult<Py<PyType>> {
    let none = py.None().into_bound(py);
    let extra: Vec<(&str, Bound<'_, PyAny>)> = attributes.iter().map(|&a| (a, none.clone())).collect();
    class(py, name, bases, doc, &extra)
}

fn make(py: Python<'_>) -> PyResult<Classes> {
    let key_error = py.get_type::<PyKeyError>();
    let os_error = py.get_type::<PyOSError>();
    // `str()` of every class is the plain message (KeyError's own would quote it).
    let plain_str = py.get_type::<PyBaseException>().getattr("__str__")?;
    let base = class(
        py,
        "CopError",
        &[&py.get_type::<PyValueError>()],
        "The base of every error raised by cop (a ValueError).",
        &[("__str__", plain_str)],
    )?;
    let b = base.bind(py);
    let snapshot = derived(
        py,
        "SnapshotError",
        &[b],
        "A snapshot could not be read: not a cop snapshot, or inconsistent.",
        &[],
    )?;
    let snapshot_version = derived(
        py,
        "SnapshotVersionError",
        &[snapshot.bind(py)],
        "A snapshot was written by a newer format version than this cop reads (.found, .supported).",
        &["found", "supported"],
    )?;
    Ok(Classes {
        unknown_key: derived(
            py,
            "UnknownKeyError",
            &[b, &key_error],
            "A member, domain, community, artifact or kind key does not exist (.entity, .key); also a KeyError.",
            &["entity", "key"],
        )?,
        unknown_id: derived(
            py,
            "UnknownIdError",
            &[b, &key_error],
            "An id does not refer to an existing entity (.entity, .id); also a KeyError.",
            &["entity", "id"],
        )?,
        duplicate_key: derived(
            py,
            "DuplicateKeyError",
            &[b],
            "A key that must be new is already taken (.entity, .key).",
            &["entity", "key"],
        )?,
        domain_cycle: derived(
            py,
            "DomainCycleError",
            &[b],
            "Making a domain a sub-domain of another would close a cycle (.domain, .parent).",
            &["domain", "parent"],
        )?,
        invalid_value: derived(
            py,
            "InvalidValueError",
            &[b],
            "A value given for a field or argument is not acceptable (.field).",
            &["field"],
        )?,
        record: derived(
            py,
            "RecordError",
            &[b],
            "A record of an event file (or a row of event arrays) is malformed and nothing of it was \
             applied (.source, .line, .column, .field, .message).",
            &["source", "line", "column", "field", "message"],
        )?,
        snapshot,
        snapshot_version,
        capacity: derived(
            py,
            "CapacityError",
            &[b],
            "A fixed capacity was exceeded: communities, custom kinds or events (.what, .limit).",
            &["what", "limit"],
        )?,
        io: derived(
            py,
            "CopIOError",
            &[b, &os_error],
            "Reading or writing a file failed; also an OSError (.errno, .strerror, .filename).",
            &[],
        )?,
        internal: derived(
            py,
            "InternalError",
            &[b],
            "A bug in cop: a check inside it failed (a Rust panic, caught at the boundary). A \
             recording that failed this way was undone; please report it with the message.",
            &[],
        )?,
        base,
    })
}

fn classes(py: Python<'_>) -> PyResult<&Classes> {
    CLASSES.get_or_try_init(py, || make(py))
}

/// Adds every exception class to the module.
pub(crate) fn declare(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    let c = classes(py)?;
    for class in [
        &c.base,
        &c.unknown_key,
        &c.unknown_id,
        &c.duplicate_key,
        &c.domain_cycle,
        &c.invalid_value,
        &c.record,
        &c.snapshot,
        &c.snapshot_version,
        &c.capacity,
        &c.io,
        &c.internal,
    ] {
        let class = class.bind(py);
        module.add(class.name()?, class)?;
    }
    Ok(())
}

/// The class of an error kind: the one exhaustive map.
fn class_of(c: &Classes, kind: ErrorKind) -> &Py<PyType> {
    match kind {
        ErrorKind::UnknownKey => &c.unknown_key,
        ErrorKind::UnknownId => &c.unknown_id,
        ErrorKind::DuplicateKey => &c.duplicate_key,
        ErrorKind::DomainCycle => &c.domain_cycle,
        ErrorKind::InvalidValue => &c.invalid_value,
        ErrorKind::Record => &c.record,
        ErrorKind::Snapshot => &c.snapshot,
        ErrorKind::SnapshotVersion => &c.snapshot_version,
        ErrorKind::Capacity => &c.capacity,
        ErrorKind::Io => &c.io,
    }
}

/// Sets the attributes of a bad record on an exception (or a skipped-record object).
pub(crate) fn set_record_attributes(object: &Bound<'_, PyAny>, record: &RecordError) -> PyResult<()> {
    object.setattr("source", record.source.as_deref())?;
    object.setattr("line", record.line)?;
    object.setattr("column", record.column)?;
    object.setattr("field", record.field.as_deref())?;
    object.setattr("message", record.message.as_str())?;
    Ok(())
}

fn build(py: Python<'_>, error: &CopError, filename: Option<&Path>) -> PyResult<PyErr> {
    let c = classes(py)?;
    let class = class_of(c, error.kind()).bind(py);
    // An I/O error about a file names it in the message too (`str(e)`), not only in `.filename`.
    let message = match (error, filename) {
        (CopError::Io(io), Some(path)) if !io.to_string().contains(&*path.to_string_lossy()) => {
            format!("{}: {error}", path.display())
        }
        _ => error.to_string(),
    };
    let exception = class.call1((message,))?;
    match error.innermost() {
        CopError::UnknownKey { entity, key } | CopError::DuplicateKey { entity, key } => {
            exception.setattr("entity", entity.to_string())?;
            exception.setattr("key", key.as_str())?;
        }
        CopError::UnknownId { entity, id } => {
            exception.setattr("entity", entity.to_string())?;
            exception.setattr("id", *id)?;
        }
        CopError::DomainCycle { domain, parent } => {
            exception.setattr("domain", domain.as_str())?;
            exception.setattr("parent", parent.as_str())?;
        }
        CopError::InvalidValue { field, .. } => exception.setattr("field", field.as_str())?,
        CopError::Record(record) => set_record_attributes(&exception, record)?,
        CopError::Snapshot(_) => {}
        CopError::SnapshotVersion { found, supported } => {
            exception.setattr("found", *found)?;
            exception.setattr("supported", *supported)?;
        }
        CopError::Capacity { what, limit } => {
            exception.setattr("what", *what)?;
            exception.setattr("limit", *limit)?;
        }
        CopError::Io(io) => {
            exception.setattr("errno", io.raw_os_error())?;
            exception.setattr("strerror", io.to_string())?;
            exception.setattr("filename", filename.map(Path::as_os_str))?;
        }
        // A batch position (never the innermost error) and kinds the core adds later carry no
        // attributes of their own.
        _ => {}
    }
    Ok(PyErr::from_value(exception))
}

/// `cop.InternalError` for a panic's payload (its message when it has one).
pub(crate) fn internal(payload: Box<dyn std::any::Any + Send>) -> PyErr {
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message");
    Python::attach(|py| {
        let made = classes(py)
            .and_then(|c| c.internal.bind(py).call1((format!("internal error in cop: {message}"),)));
        match made {
            Ok(exception) => PyErr::from_value(exception),
            Err(e) => e,
        }
    })
}

/// The Python exception of a core error.
pub(crate) fn to_py(error: CopError) -> PyErr {
    to_py_with_path(error, None)
}

/// The Python exception of a core error about a file (named in an I/O error's `.filename`).
pub(crate) fn to_py_with_path(error: CopError, filename: Option<&Path>) -> PyErr {
    Python::attach(|py| build(py, &error, filename).unwrap_or_else(|e| e))
}

/// An `InvalidValueError` about an argument, made by the binding.
pub(crate) fn invalid(field: &str, message: impl Into<String>) -> PyErr {
    to_py(CopError::InvalidValue { field: field.to_owned(), message: message.into() })
}

/// The class of an error kind (for `cop.ERROR_KINDS`).
pub(crate) fn class_for(py: Python<'_>, kind: ErrorKind) -> PyResult<Bound<'_, PyType>> {
    Ok(class_of(classes(py)?, kind).bind(py).clone())
}
