//! The library's integration tests: one binary, one module per concern. They use only hookplan's public API; the
//! tests of the `hookplan` command are the CLI package's (`tests/it/` at the repository's root).

mod api;
mod config;
mod corpus;
mod diff;
mod driver;
mod errors;
mod fuzz_regressions;
mod helm;
mod hostile;
mod independent;
mod lint;
mod live;
mod metadata;
mod plan;
mod properties;
mod roundtrip;
mod rules;
mod source;
mod streams;
mod support;
mod vectors;
mod versions;
mod wedge;

/// The invariants every read, plan and lint must hold, shared with the fuzz targets.
use hookplan_test_support::invariants;
