//! The bundled demo data: real, pseudonymised community histories (see `data/README.md`).

use std::path::PathBuf;

/// The folder holding the bundled data files and their README.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// The path of one bundled data file, e.g. `flask-commits.csv`.
pub fn data_file(name: &str) -> PathBuf {
    data_dir().join(name)
}
