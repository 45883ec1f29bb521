//! The state behind `cop.Landscape`: the core landscape under its lock, the file that keeps it,
//! and the only ways in — quick reads and changes attached to the interpreter, long ones with it
//! released, each behind the panic guard.
//!
//! Every module that needs a landscape reaches it through here, never through `landscape`
//! (which holds the Python methods and uses the other modules), so the modules form no cycle:
//! `errors` ← `columns` ← `convert` ← `handle` ← `views`, `people`, `matching` ← `analysis` ←
//! `landscape` ← `lib`.

use std::sync::{Mutex, PoisonError, RwLock};

use cop_core::CopError;
use pyo3::prelude::*;
use pyo3::sync::RwLockExt;

/// A landscape: communities that share members and domains, the event log of what members
/// did, and the relationship graph derived from it.
///
/// Build one from an event file (`Landscape.from_csv`, `Landscape.from_jsonl`), from columns
/// (`Landscape.from_events`, `Landscape.from_pandas`), from a snapshot (`Landscape.load`,
/// `Landscape.from_json`), or empty (`Landscape()`) and record into it. Methods that can take
/// long release the interpreter, so other Python threads run meanwhile.
#[pyclass(frozen, module = "cop", name = "Landscape")]
pub(crate) struct Landscape {
    pub(crate) inner: RwLock<cop_core::Landscape>,
    /// The file that keeps the landscape, for one from `Landscape.open`. Locked only while the
    /// landscape's write lock is held.
    pub(crate) store: Mutex<Option<cop_core::Store>>,
}

impl Landscape {
    pub(crate) fn wrap(landscape: cop_core::Landscape) -> Self {
        Landscape { inner: RwLock::new(landscape), store: Mutex::new(None) }
    }

    /// Runs a quick read (attached; nothing Python runs meanwhile).
    pub(crate) fn read<R>(&self, py: Python<'_>, f: impl FnOnce(&cop_core::Landscape) -> R) -> R {
        let guard = self.inner.read_py_attached(py).unwrap_or_else(PoisonError::into_inner);
        f(&guard)
    }

    /// Runs a long read with the interpreter released. A panic inside cop becomes
    /// `cop.InternalError` (see [`guarded`]).
    pub(crate) fn read_detached<R: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&cop_core::Landscape) -> R + Send,
    ) -> PyResult<R> {
        let guard = self.inner.read_py_attached(py).unwrap_or_else(PoisonError::into_inner);
        let landscape: &cop_core::Landscape = &guard;
        py.detach(move || guarded(|| f(landscape)))
    }

    /// Runs a quick change (attached). A panic inside cop becomes `cop.InternalError`.
    pub(crate) fn write<R>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut cop_core::Landscape) -> R,
    ) -> PyResult<R> {
        let mut guard = self.inner.write_py_attached(py).unwrap_or_else(PoisonError::into_inner);
        guarded(|| f(&mut guard))
    }

    /// Runs a long change with the interpreter released (one that the file of a landscape from
    /// `Landscape.open` keeps at the next `compact()`). A panic inside cop becomes
    /// `cop.InternalError`.
    pub(crate) fn write_detached<R: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut cop_core::Landscape) -> R + Send,
    ) -> PyResult<R> {
        let mut guard = self.inner.write_py_attached(py).unwrap_or_else(PoisonError::into_inner);
        let landscape: &mut cop_core::Landscape = &mut guard;
        py.detach(move || guarded(|| f(landscape)))
    }

    /// Runs a long change with the interpreter released; for a landscape kept in a file, the
    /// file is compacted after a change that succeeded, so that it is on the disk when the call
    /// returns. A panic inside cop becomes `cop.InternalError`.
    pub(crate) fn update_detached<R: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut cop_core::Landscape) -> Result<R, CopError> + Send,
    ) -> PyResult<Result<R, CopError>> {
        let mut guard = self.inner.write_py_attached(py).unwrap_or_else(PoisonError::into_inner);
        let mut store_guard = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let landscape: &mut cop_core::Landscape = &mut guard;
        let store: &mut Option<cop_core::Store> = &mut store_guard;
        py.detach(move || {
            guarded(|| {
                let value = f(landscape)?;
                if let Some(store) = store {
                    store.compact(landscape)?;
                }
                Ok(value)
            })
        })
    }

    /// Runs a recording call with the interpreter released; for a landscape kept in a file, it
    /// is journaled before returning. A panic inside cop becomes `cop.InternalError`.
    pub(crate) fn record_detached<R: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut cop_core::Landscape) -> Result<R, CopError> + Send,
    ) -> PyResult<Result<R, CopError>> {
        let mut guard = self.inner.write_py_attached(py).unwrap_or_else(PoisonError::into_inner);
        let mut store_guard = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let landscape: &mut cop_core::Landscape = &mut guard;
        let store: &mut Option<cop_core::Store> = &mut store_guard;
        py.detach(move || {
            guarded(|| match store {
                Some(store) => store.record(landscape, f),
                None => f(landscape),
            })
        })
    }
}

/// Runs `f`, turning a panic inside cop into `cop.InternalError` — a `CopError`, which
/// `except Exception` catches — instead of pyo3's `PanicException` (a `BaseException`). A
/// recording that panics was rolled back by the core, so the landscape is as it was.
pub(crate) fn guarded<R>(f: impl FnOnce() -> R) -> PyResult<R> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(crate::errors::internal)
}
