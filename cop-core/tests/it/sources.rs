//! What the importers' tests share: the real samples of `../shared/sources` and the fixtures of
//! `tests/fixtures`.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// A sample of `../shared/sources`, if this checkout has it (a message says it is skipped when
/// it has not).
pub fn sample(name: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/sources").join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

/// A fixture of `tests/fixtures/<folder>`.
pub fn fixture(folder: &str, name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(folder).join(name)
}

/// A map of counts, as reports give them.
pub fn map(list: &[(&str, usize)]) -> BTreeMap<String, usize> {
    list.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}
