//! hookplan's integration tests: one binary, one module per concern.

mod api;
mod boundary;
mod ci;
mod config;
mod corpus;
mod diff;
mod driver;
mod fuzz_regressions;
mod helm;
mod hostile;
mod independent;
mod invariants;
mod lint;
mod live;
mod plan;
mod properties;
mod reference;
mod render_checks;
mod roundtrip;
mod rules;
mod snapshots;
mod source;
mod streams;
mod support;
mod vectors;
mod versions;
mod wedge;

mod cli;
