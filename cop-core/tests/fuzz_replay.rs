//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) through the fuzz targets' checks
//! on stable, so every test run holds what fuzzing found: no panic, refused input leaves the
//! landscape unchanged, exports import back, snapshots round-trip.

#[path = "../../fuzz/checks.rs"]
mod checks;

use std::path::Path;

#[test]
fn the_committed_corpus_holds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus");
    let mut replayed = 0;
    let mut broken = Vec::new();
    for (target, check) in checks::TARGETS {
        let dir = root.join(target);
        let mut inputs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .collect();
        inputs.sort();
        assert!(!inputs.is_empty(), "{target}: an empty corpus");
        for input in inputs {
            let data = std::fs::read(&input).unwrap();
            if std::panic::catch_unwind(|| check(&data)).is_err() {
                broken.push(format!("{target}: {}", input.display()));
            }
            replayed += 1;
        }
    }
    assert!(broken.is_empty(), "inputs that break a property (see the panics above): {broken:#?}");
    assert!(replayed >= checks::TARGETS.len());
}
