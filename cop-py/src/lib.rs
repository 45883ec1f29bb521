//! # cop-py: the Python bindings of cop
//!
//! The native module `cop._cop`, re-exported by the Python package `cop` (see `python/cop`).
//! It is thin: classes wrap the core's types, arguments are converted, errors are mapped to
//! Python exceptions, and every loop over events runs in `cop_core` with the interpreter
//! released. Nothing here panics on user input.
//!
//! ```python
//! import cop
//! landscape = cop.Landscape.from_csv("examples/data/requests-commits.csv")
//! print("members:", len(landscape.members))
//! ```
//!
//! - [`landscape`]: `cop.Landscape`, `cop.ImportReport`, `cop.SkippedRecord`;
//! - [`views`]: `cop.Member`, `cop.Domain`, `cop.Community` and their collections;
//! - [`columns`]: lists, numpy arrays and pandas columns in;
//! - [`errors`]: the exception hierarchy and the map from core errors to it.

use pyo3::prelude::*;
use pyo3::types::PyDict;

pub mod columns;
pub mod errors;
pub mod landscape;
pub mod views;

/// The native module `cop._cop`.
#[pymodule]
fn _cop(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("NONE", landscape::NONE)?;
    m.add_class::<landscape::Landscape>()?;
    m.add_class::<landscape::PyImportReport>()?;
    m.add_class::<landscape::SkippedRecord>()?;
    m.add_class::<views::Member>()?;
    m.add_class::<views::Domain>()?;
    m.add_class::<views::Community>()?;
    m.add_class::<views::Members>()?;
    m.add_class::<views::Domains>()?;
    m.add_class::<views::Communities>()?;
    m.add_class::<views::MemberIterator>()?;
    m.add_class::<views::DomainIterator>()?;
    m.add_class::<views::CommunityIterator>()?;
    errors::declare(m)?;
    let kinds = PyDict::new(m.py());
    for kind in cop_core::ErrorKind::ALL {
        kinds.set_item(kind.name(), errors::class_for(m.py(), kind)?)?;
    }
    m.add("ERROR_KINDS", kinds)?;
    Ok(())
}
