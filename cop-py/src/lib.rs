//! Python bindings of cop (filled in by the bindings work).

use pyo3::prelude::*;

/// The native module `cop._cop`.
#[pymodule]
fn _cop(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", cop_core::VERSION)?;
    Ok(())
}
