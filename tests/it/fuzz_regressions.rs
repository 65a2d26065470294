//! The inputs that the render fuzz targets (`fuzz/`) once crashed on, replayed as ordinary tests on stable through
//! the invariants of reading and planning (the library's own regressions are replayed by its tests).

use std::path::Path;

use hookplan_test_support::invariants::replay;

#[test]
fn render_fuzz_regressions_hold() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    assert!(replay(&dir) >= 2, "the regression inputs are there");
}
