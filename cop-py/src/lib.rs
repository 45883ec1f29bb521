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
//! Modules, each using only those listed before it (no cycle):
//!
//! - [`errors`]: the exception hierarchy and the map from core errors to it;
//! - [`columns`]: lists, numpy arrays and pandas columns in;
//! - [`convert`]: the shared helpers — arguments in (`as_of`, windows, options), results out
//!   (JSON, the typed result classes of `cop.results`, names, datetimes);
//! - [`handle`]: the state behind `cop.Landscape` (the core landscape under its lock) and the
//!   ways to reach it, attached or with the interpreter released;
//! - [`views`]: `cop.Member`, `cop.Domain`, `cop.Community` and their collections;
//! - [`people`]: `cop.Identity`, `cop.IdentitiesReport` and the conversions of identities,
//!   merges, bots and staff;
//! - [`matching`]: the conversions of mentor matching, experts, learning partners and
//!   community recommendations;
//! - [`analysis`]: `cop.Participation`, `cop.Assessment`, `cop.Trajectory`, `cop.cohen_kappa`
//!   and the conversions of the analyses (health, maturity, report, structure, ties);
//! - [`arrow`]: Arrow in (`Landscape.from_arrow`) and out (`cop.ArrowTable`), the tables of a
//!   community's analysis and of the rollup of communities, `cop.rollup`;
//! - [`landscape`]: the methods of `cop.Landscape`, `cop.ImportReport`, `cop.SkippedRecord`.

use pyo3::prelude::*;
use pyo3::types::PyDict;

pub mod analysis;
pub mod arrow;
pub mod columns;
pub mod convert;
pub mod errors;
pub mod handle;
pub mod landscape;
pub mod matching;
pub mod people;
pub mod views;

/// Panics inside cop's boundary with `message`, for the test that a panic reaches Python as
/// `cop.InternalError` (a `CopError`) rather than a `PanicException`. Not part of the API.
#[pyfunction]
#[pyo3(name = "_panic_for_tests")]
fn panic_for_tests(message: &str) -> PyResult<()> {
    handle::guarded(|| panic!("{message}"))
}

/// The native module `cop._cop`.
#[pymodule]
fn _cop(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("NONE", landscape::NONE)?;
    m.add_class::<handle::Landscape>()?;
    m.add_class::<landscape::PyImportReport>()?;
    m.add_class::<landscape::SkippedRecord>()?;
    m.add_class::<people::Identity>()?;
    m.add_class::<people::PyIdentitiesReport>()?;
    m.add_class::<analysis::Participation>()?;
    m.add_class::<analysis::Assessment>()?;
    m.add_class::<analysis::Trajectory>()?;
    m.add_function(wrap_pyfunction!(analysis::cohen_kappa, m)?)?;
    m.add_class::<arrow::ArrowTable>()?;
    m.add_function(wrap_pyfunction!(arrow::rollup, m)?)?;
    m.add_function(wrap_pyfunction!(panic_for_tests, m)?)?;
    let py = m.py();
    m.add("LEVELS", convert::names(py, &convert::level_names())?)?;
    m.add("TRAJECTORIES", convert::names(py, &convert::trajectory_names())?)?;
    m.add(
        "STAGES",
        convert::names(
            py,
            &cop_core::health::maturity::Stage::ALL.map(cop_core::health::maturity::Stage::name),
        )?,
    )?;
    m.add("POLICY_PRESETS", convert::names(py, &cop_core::PolicySpec::PRESETS)?)?;
    m.add("VALUE_CYCLES", convert::names(py, &analysis::value_cycle_names())?)?;
    m.add("HEALTH_METRICS", convert::names(py, &cop_core::health::HealthReport::METRICS)?)?;
    m.add("REPORT_SCHEMA", cop_core::report::Report::SCHEMA)?;
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
