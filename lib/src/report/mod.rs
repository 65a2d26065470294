//! Every JSON document hookplan writes, as a library type: serialise one to get the document, deserialise a
//! document to get the value back (a round trip gives an equal value).
//!
//! | document | type | written by |
//! |---|---|---|
//! | a plan | [`crate::Plan`] | `hookplan plan --output json` |
//! | a lint report | [`LintReport`] | `hookplan lint --output json` |
//! | a simulation transcript | [`Transcript`] (from [`simulate`]) | `hookplan simulate --output json` |
//! | the comparison of the Argo CD and Helm plans | [`EngineComparison`] | `hookplan plan --engine both --output json` |
//! | the diff of two plans | [`DiffReport`] ([`crate::diff::PlanDiff`] per engine) | `hookplan diff --output json` |
//!
//! Every document carries the one [`SCHEMA_VERSION`] (a diff per engine carries it in each engine's diff), and
//! every document with diagnostics says whether they are before or after the rule configuration
//! ([`RuleConfiguration`], the `ruleConfiguration` field).
//!
//! Words: a *comparison* sets the Argo CD plan beside the Helm plan of the same manifests ([`crate::compare`]);
//! a *diff* sets two plans of the same engine and operation side by side, a base and a head ([`crate::diff`]).
//!
//! This is the top layer of the library: it may use everything below it (plans, lint, drivers, comparison,
//! diff), and nothing below uses it.

mod comparison;
mod diff;
mod lint;
mod transcript;

pub use crate::diagnostic::RuleConfiguration;
pub use crate::plan::SCHEMA_VERSION;
pub use comparison::EngineComparison;
pub use diff::DiffReport;
pub use lint::LintReport;
pub use transcript::{
    Instruction, MAX_INSTRUCTIONS, Reported, RetryAttempt, TaskEntry, Transcript, Walk, names, simulate,
    unmatched_failures,
};

#[cfg(test)]
mod tests;
