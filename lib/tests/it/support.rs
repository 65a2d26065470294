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

/// The corpus of real third-party manifests, `../shared/corpus`. Outside CI a missing corpus skips the corpus
/// tests with a note; under CI (`CI` set) it fails them, so that they never pass without checking anything.
pub fn corpus() -> Option<std::path::PathBuf> {
    use std::io::Write;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "../shared/corpus is missing under CI: the corpus tests cannot run");
    // Written straight to the terminal, past the test harness's output capture, so that it is seen.
    let _ = writeln!(
        std::io::stderr(),
        "\nNOTE: ../shared/corpus is absent: the corpus tests are SKIPPED (they pass without checking anything).\n"
    );
    None
}

/// The `.yaml`, `.yml` and `.json` files under `dir`, recursively, sorted.
pub fn corpus_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")) {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out
}
