//! Fuzz inputs replayed as ordinary tests on stable: every crash the library's fuzzers found (`lib/fuzz/regressions/`)
//! and every seed (`lib/fuzz/seeds/`) goes through the same invariant checks as the fuzz targets.

use std::path::Path;

use crate::invariants::replay;

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
