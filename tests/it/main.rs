//! The `hookplan` command's integration tests: one binary, one module per concern. The library's own tests are in
//! `lib/tests/`.

mod boundary;
mod ci;
mod cli;
mod fuzz_regressions;
mod reference;
mod snapshots;

/// The corpus, found and skipped (outside CI only) in one place for every test that reads it.
mod support {
    pub use hookplan_test_support::corpus::{corpus, corpus_files};
}

/// The checks every rendered output must hold, shared with the render fuzz targets.
use hookplan_test_support::render_checks;
