//! The integration tests of cop-core: one binary, one module per area.

mod analysis;
mod chat;
mod data;
mod discourse;
#[cfg(feature = "git")]
mod git;
#[cfg(feature = "git")]
mod git_people;
mod github;
mod health;
mod import;
mod matching;
mod mbox;
mod model;
mod participation;
mod people;
mod rollup;
mod snapshot;
mod sources;
mod stackexchange;
mod structure;
mod threads;

use std::path::PathBuf;

/// The bundled real data (a copy of the shared data folder, with its README).
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data")
}
