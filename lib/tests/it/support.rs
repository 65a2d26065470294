//! Helpers shared by the test modules.

use hookplan::{ExclusionReason, Location, Manifests, Plan, Resource, SyncOperation, plan_sync};

/// Plans YAML text read as `app.yaml` with no destination namespace.
pub fn plan_yaml(text: &str) -> Plan {
    plan_sync(&Manifests::parse("app.yaml", text), &SyncOperation::new())
}

/// `(phase, wave, Kind/ns/name)` of every task in execution order.
pub fn order(plan: &Plan) -> Vec<(String, i64, String)> {
    plan.tasks().map(|(step, task)| (step.phase.to_string(), step.wave, task.resource.to_string())).collect()
}

/// The names (or `kind` when unnamed) of every task, steps then syncFail.
pub fn names(plan: &Plan) -> Vec<String> {
    plan.tasks()
        .map(|(_, task)| &task.resource)
        .chain(plan.sync_fail.iter().map(|task| &task.resource))
        .map(|r| r.name.as_deref().unwrap_or(&r.kind).to_string())
        .collect()
}

/// `(name, reason)` of every excluded object, in the plan's order (each must have a name).
pub fn excluded_names(plan: &Plan) -> Vec<(String, ExclusionReason)> {
    plan.excluded
        .iter()
        .map(|e| (e.resource.as_ref().and_then(|r| r.name.as_deref()).expect("a named object").to_string(), e.reason))
        .collect()
}

/// A resource located at line `line` of `test.yaml`.
pub fn resource(api_version: &str, kind: &str, name: Option<&str>, line: usize) -> Resource {
    Resource::new(api_version, kind, name, Location::new("test.yaml", line - 1, line, 1))
}

/// A pod named `my-pod` with the given annotations (the default object of the upstream vectors).
pub fn pod(annotations: &[(&str, &str)]) -> hookplan::Annotations {
    annotations.iter().copied().collect()
}

/// The corpus, found and skipped (outside CI only) in one place for every test that reads it.
pub use hookplan_test_support::corpus::{corpus, corpus_files};
