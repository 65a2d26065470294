//! What hookplan's tests and fuzz targets share (not published):
//!
//! - [`corpus`]: where the corpus of real manifests is, and what a test does when it is missing (fail under CI,
//!   say "skipped" outside it);
//! - [`invariants`]: what every read, plan and lint must hold for any input, checked by the library's property
//!   tests, its corpus tests, the replay of fuzz regressions and the library's fuzz targets (`lib/fuzz/`);
//! - [`render_checks`]: what every rendered CLI output must hold, checked by the CLI's tests and its render fuzz
//!   targets (`fuzz/`).
#![allow(clippy::missing_panics_doc, reason = "every check panics when what it checks does not hold: that is its job")]

pub mod corpus;
pub mod invariants;
pub mod render_checks;
