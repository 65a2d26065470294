//! Fuzz inputs replayed as ordinary tests on stable: every crash the fuzzers found (`fuzz/regressions/`) and
//! every seed (`fuzz/seeds/`) goes through the same invariant checks as the fuzz targets.

use std::path::Path;

use crate::invariants::{check_all, split_inputs};

fn replay(dir: &Path) -> usize {
    let mut count = 0;
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            count += replay(&path);
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| check_all(&split_inputs(&bytes)));
        assert!(outcome.is_ok(), "fuzz input {} breaks an invariant", path.display());
        count += 1;
    }
    count
}

#[test]
fn fuzz_regressions_hold() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    assert!(replay(&dir) >= 2, "the regression inputs are there");
}

#[test]
fn fuzz_seeds_hold() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    assert!(replay(&dir) >= 3 * 12);
}
