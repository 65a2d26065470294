//! The invariants every read, plan and lint must satisfy, for any input. Shared by the property tests, the
//! fuzz targets (`lib/fuzz/`, and `fuzz/` for the inputs of the render targets) and the replay of fuzz
//! regressions.

use std::collections::{HashMap, HashSet};

use hookplan::helm::HelmVersion;
use hookplan::helm::{HelmCommand, HelmOperation};
use hookplan::plan::Phase;
use hookplan::plan_helm;
use hookplan::{Diagnostic, Location, Manifests, Plan, Severity, SyncOperation, check, plan_delete, plan_sync};
use yaml_rust2::{Yaml, YamlLoader};

/// Reads each input under its name.
pub fn read_all(inputs: &[(String, Vec<u8>)]) -> Manifests {
    let mut manifests = Manifests::new();
    for (name, bytes) in inputs {
        manifests.read(name, bytes);
    }
    manifests
}

/// Number of lines of an input, as locations count them (1-based; a final line without `\n` counts).
fn line_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count() + 1
}

/// Every location names an input and a line and column inside it.
pub fn check_location(inputs: &[(String, Vec<u8>)], at: &Location, what: &str) {
    let (_, bytes) = inputs
        .iter()
        .find(|(name, _)| name.as_str() == at.file.as_ref())
        .unwrap_or_else(|| panic!("{what} names an unknown file: {at}"));
    assert!(at.line >= 1 && at.line <= line_count(bytes), "{what} points past the input: {at}");
    assert!(at.column >= 1, "{what} has column 0: {at}");
}

fn check_diagnostics(inputs: &[(String, Vec<u8>)], diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        check_location(inputs, &d.location, &format!("diagnostic {}", d.rule.name));
        assert!(!d.message.is_empty());
    }
}

/// Reading: every resource and diagnostic points inside its input.
pub fn check_read(inputs: &[(String, Vec<u8>)], manifests: &Manifests) {
    for r in manifests.resources() {
        check_location(inputs, &r.location, "resource");
        for at in r.annotation_locations.values() {
            check_location(inputs, at, "annotation");
        }
    }
    for e in manifests.excluded() {
        check_location(inputs, &e.source, "excluded entry");
    }
    check_diagnostics(inputs, manifests.diagnostics());
    check_independent_count(inputs, manifests);
}

/// The objects in one input as the second parser sees them (List items unpacked), or `None` when it cannot
/// read the input at all (then hookplan must report an error, checked apart). A document with a key Go refuses,
/// or with a `kind` that is not a string, counts as one, whatever it holds: Go refuses it whole. So does each
/// document after the first of a piece between `---` lines: the engines never read it.
///
/// Nor is an input with a character Go's YAML reader refuses (goyaml.v2/readerc.go: C0 controls but tab, line feed
/// and carriage return, DEL, C1 controls but NEL, U+FFFE and U+FFFF): yaml-rust2 reads such a document, the engines
/// and hookplan refuse it whole, a List with all its items in one error.
pub fn count_objects(bytes: &[u8]) -> Option<usize> {
    let text = std::str::from_utf8(bytes).ok()?;
    let refused = |c: char| {
        !matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
            && c < '\u{10000}'
    };
    if text.chars().any(refused) {
        return None;
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        let values: Vec<serde_json::Value> =
            serde_json::Deserializer::from_str(text).into_iter().map_while(Result::ok).collect();
        if values.len() >= 2 || (values.len() == 1 && serde_json::from_str::<serde_json::Value>(text).is_ok()) {
            return Some(values.iter().map(json_objects).sum());
        }
    }
    // The engines cut the stream before each line that starts with `---` and read the first document of each
    // piece; a document after it in the piece is never applied, and hookplan reports each as one error.
    let mut pieces: Vec<String> = Vec::new();
    for line in text.split_inclusive('\n') {
        match line.strip_prefix("---") {
            // Cut at a `---` glued to text too (`---#`, `---apiVersion: v1`), whose rest of the line starts the
            // next document (Helm; Argo CD refuses it, or takes a comment after it); YAML would read one scalar.
            Some(rest) if !rest.is_empty() && !rest.starts_with([' ', '\t', '\r', '\n']) => {
                pieces.push(format!("---\n{rest}"));
            }
            Some(_) => pieces.push(line.to_string()),
            None => match pieces.last_mut() {
                Some(piece) => piece.push_str(line),
                None => pieces.push(line.to_string()),
            },
        }
    }
    let mut total = 0;
    for piece in pieces {
        // Go's YAML 1.1 breaks lines at NEL, LS and PS too (goyaml.v2/yamlprivateh.go `is_break`); yaml-rust2 does
        // not. Each is one break of its own, which a CR before it does not join (`\r\n` is one break): a CRLF
        // is that too.
        let piece = piece.replace(['\u{85}', '\u{2028}', '\u{2029}'], "\r\n");
        // A core tag (`!!int`, `!!binary`) is resolved as YAML 1.2 by yaml-rust2 and as YAML 1.1 by Go, which
        // refuses the whole document (a List with all its items) when the text is not of the tag's type: the two
        // disagree on which (`!!bool yes`, `!!int 1_000`, `!!binary ?`), so such a stream is not counted.
        if piece.contains("!!") || piece.contains("tag:yaml.org,2002:") {
            return None;
        }
        let documents = YamlLoader::load_from_str(&piece).ok()?;
        let mut documents = documents.iter();
        total += documents.next().map_or(0, yaml_objects);
        total += documents.filter(|d| !matches!(d, Yaml::Null | Yaml::BadValue)).count();
    }
    Some(total)
}

fn yaml_objects(document: &Yaml) -> usize {
    if refuses_a_key(document) || kind_is_no_string(document) {
        return 1; // Go refuses the whole document, a List with all its items: one error
    }
    match document {
        Yaml::Null | Yaml::BadValue => 0,
        Yaml::Hash(map) => match map.get(&Yaml::String("items".into())) {
            Some(Yaml::Array(items)) => items.iter().map(yaml_objects).sum(),
            Some(Yaml::Null) => 0,
            _ => 1,
        },
        _ => 1,
    }
}

/// Whether a mapping anywhere in the document has a key Go's YAML cannot turn into a JSON key: null, a mapping or
/// a sequence (kubernetes-sigs/yaml@742f5e6 yaml.go `convertToJSONableObject`). Walked without recursion.
fn refuses_a_key(document: &Yaml) -> bool {
    let mut open = vec![document];
    while let Some(node) = open.pop() {
        match node {
            Yaml::Hash(map) => {
                for (key, value) in map {
                    if matches!(key, Yaml::Null | Yaml::Hash(_) | Yaml::Array(_)) {
                        return true;
                    }
                    open.push(value);
                }
            }
            Yaml::Array(items) => open.extend(items),
            _ => {}
        }
    }
    false
}

/// Whether a mapping's `kind` is there but not a string: Go cannot decode it, a List neither (apimachinery's
/// `UnstructuredJSONScheme`: "Object 'Kind' is missing"), so the whole document is one error.
fn kind_is_no_string(document: &Yaml) -> bool {
    match document {
        Yaml::Hash(map) => {
            map.get(&Yaml::String("kind".into())).is_some_and(|kind| !matches!(kind, Yaml::String(_) | Yaml::Null))
        }
        _ => false,
    }
}

fn json_objects(value: &serde_json::Value) -> usize {
    match value {
        serde_json::Value::Null => 0,
        serde_json::Value::Object(map)
            if map
                .get("kind")
                .is_some_and(|kind| !matches!(kind, serde_json::Value::String(_) | serde_json::Value::Null)) =>
        {
            1 // as `kind_is_no_string`
        }
        serde_json::Value::Object(map) => match map.get("items") {
            Some(serde_json::Value::Array(items)) => items.iter().map(json_objects).sum(),
            Some(serde_json::Value::Null) => 0,
            _ => 1,
        },
        _ => 1,
    }
}

/// What hookplan accounts for in one input: resources, exclusions, and the error diagnostics that stand for
/// documents it could not read (`unreadable-document`, `not-an-object`, `unsplit-document`).
pub fn accounted(manifests: &Manifests, file: &str) -> usize {
    let resources = manifests.resources().iter().filter(|r| r.location.file.as_ref() == file).count();
    let excluded = manifests.excluded().iter().filter(|e| e.source.file.as_ref() == file).count();
    let errors = manifests
        .diagnostics()
        .iter()
        .filter(|d| d.location.file.as_ref() == file && d.severity == Severity::Error)
        .filter(|d| matches!(d.rule.name, "unreadable-document" | "not-an-object" | "unsplit-document"))
        .count();
    resources + excluded + errors
}

/// Nothing lost, against a second parser: for each input it can read, hookplan accounts for at least every
/// object it finds (yaml-rust2 for YAML streams, serde_json for JSON streams; List items unpacked).
pub fn check_independent_count(inputs: &[(String, Vec<u8>)], manifests: &Manifests) {
    for (name, bytes) in inputs {
        if let Some(expected) = count_objects(bytes) {
            let got = accounted(manifests, name);
            assert!(got >= expected, "{name}: the second parser finds {expected} objects, hookplan accounts for {got}");
        }
    }
}

/// The position of each task in execution order (steps, then SyncFail hooks).
fn ordered(plan: &Plan) -> Vec<(Phase, &hookplan::Task)> {
    let mut tasks: Vec<(Phase, &hookplan::Task)> = plan.tasks().map(|(s, t)| (s.phase, t)).collect();
    tasks.extend(plan.sync_fail.iter().map(|t| (Phase::SyncFail, t)));
    tasks
}

/// Nothing lost: every resource is a task or excluded; every reading exclusion and diagnostic is kept. Holds for
/// every engine and operation.
pub fn check_nothing_lost(manifests: &Manifests, plan: &Plan) {
    let what = format!("{:?} {:?}", plan.engine, plan.operation);
    let mut accounted: HashSet<&Location> = plan.tasks().filter_map(|(_, t)| t.source.as_ref()).collect();
    accounted.extend(plan.sync_fail.iter().filter_map(|t| t.source.as_ref()));
    accounted.extend(plan.excluded.iter().map(|e| &e.source));
    for r in manifests.resources() {
        assert!(accounted.contains(&r.location), "{what}: resource at {} is neither planned nor excluded", r.location);
    }
    for e in manifests.excluded() {
        assert!(plan.excluded.contains(e), "{what}: reading exclusion lost: {e:?}");
    }
    for d in manifests.diagnostics() {
        assert!(plan.diagnostics.contains(d), "{what}: reading diagnostic lost: {d}");
    }
}

/// Planning: nothing lost, steps in order, each (resource, phase) once, dependencies first, SyncFail apart.
pub fn check_plan(inputs: &[(String, Vec<u8>)], manifests: &Manifests, plan: &Plan) {
    check_nothing_lost(manifests, plan);
    // Steps in phase order, and in wave order within a phase; never SyncFail; never empty.
    for pair in plan.steps.windows(2) {
        assert!(
            (pair[0].phase, pair[0].wave) < (pair[1].phase, pair[1].wave),
            "steps out of order: {:?} then {:?}",
            (pair[0].phase, pair[0].wave),
            (pair[1].phase, pair[1].wave)
        );
    }
    for step in &plan.steps {
        assert!(step.phase != Phase::SyncFail && !step.tasks.is_empty());
    }
    assert!(plan.sync_fail.iter().all(|t| t.hook), "only hooks run in SyncFail");
    // Each (object, phase) once.
    let mut seen = HashSet::new();
    for (phase, task) in ordered(plan) {
        assert!(seen.insert((&task.source, phase)), "{:?} appears twice in {phase}", task.source);
    }
    // A Namespace comes before every namespaced object in it. Cluster-scoped objects are exempt: the API server
    // ignores their namespace, and upstream's CRD pass (which runs after the Namespace pass) can pull a CRD that
    // carries a namespace ahead of that Namespace (see `plan::crd_pass_can_overtake_a_namespace`).
    let tasks = ordered(plan);
    let mut first_namespace: HashMap<&str, usize> = HashMap::new();
    for (i, (_, t)) in tasks.iter().enumerate() {
        if t.resource.kind == "Namespace" && t.resource.group.is_empty() {
            first_namespace.entry(t.resource.name.as_deref().unwrap_or_default()).or_insert(i);
        }
    }
    for (i, (_, t)) in tasks.iter().enumerate() {
        let cluster_scoped = matches!(
            t.resource.kind.as_str(),
            "Namespace"
                | "CustomResourceDefinition"
                | "ClusterRole"
                | "ClusterRoleBinding"
                | "PersistentVolume"
                | "StorageClass"
        );
        if cluster_scoped {
            continue;
        }
        if let Some(&n) = t.resource.namespace.as_deref().and_then(|ns| first_namespace.get(ns)) {
            assert!(n < i, "Namespace of {:?} comes after it", t.source);
        }
    }
    for d in &plan.diagnostics {
        check_location(inputs, &d.location, "plan diagnostic");
    }
    check_diagnostics(inputs, &plan.diagnostics);
}

/// Linting: diagnostics ordered by source position, each pointing inside its input.
pub fn check_lint(inputs: &[(String, Vec<u8>)], diagnostics: &[Diagnostic]) {
    check_diagnostics(inputs, diagnostics);
    for pair in diagnostics.windows(2) {
        assert!(pair[0].location <= pair[1].location, "diagnostics out of order");
    }
}

/// The plan JSON is the same whatever order the inputs are read in.
pub fn check_order_independent(inputs: &[(String, Vec<u8>)], operation: &SyncOperation) {
    let forward = plan_sync(&read_all(inputs), operation);
    let reversed: Vec<(String, Vec<u8>)> = inputs.iter().rev().cloned().collect();
    let backward = plan_sync(&read_all(&reversed), operation);
    assert_eq!(
        serde_json::to_string(&forward).unwrap(),
        serde_json::to_string(&backward).unwrap(),
        "the plan depends on the input order"
    );
}

/// Every check, for one set of inputs: what the fuzz targets and regression replays run.
pub fn check_all(inputs: &[(String, Vec<u8>)]) {
    let manifests = read_all(inputs);
    check_read(inputs, &manifests);
    let operation = SyncOperation::new().namespace("dest");
    let plan = plan_sync(&manifests, &operation);
    check_plan(inputs, &manifests, &plan);
    check_lint(inputs, &check::lint(&manifests, Some("dest")));
    check_order_independent(inputs, &operation);
    check_other_plans(&manifests, &operation);
}

/// The other plans lose nothing either: the Application deletion (the inputs as targets and as live objects)
/// and every Helm command under both Helm versions.
pub fn check_other_plans(manifests: &Manifests, operation: &SyncOperation) {
    check_nothing_lost(manifests, &plan_delete(manifests, &Manifests::new(), operation));
    check_nothing_lost(manifests, &plan_delete(&Manifests::new(), manifests, operation));
    for version in [HelmVersion::V3, HelmVersion::V4] {
        for command in [
            HelmCommand::Install,
            HelmCommand::Upgrade,
            HelmCommand::Rollback,
            HelmCommand::Uninstall,
            HelmCommand::Test,
        ] {
            check_nothing_lost(manifests, &plan_helm(manifests, &HelmOperation::new(command).version(version)));
        }
    }
}

/// Splits fuzz bytes into up to three named inputs at `\0\0` separators (so order independence is exercised).
pub fn split_inputs(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut inputs = Vec::new();
    let mut rest = data;
    while inputs.len() < 2 {
        let Some(i) = rest.windows(2).position(|w| w == b"\0\0") else { break };
        inputs.push((format!("in{}.yaml", inputs.len()), rest[..i].to_vec()));
        rest = &rest[i + 2..];
    }
    inputs.push((format!("in{}.yaml", inputs.len()), rest.to_vec()));
    inputs
}

/// Replays every file under `dir` (recursively) through [`check_all`], as the fuzz targets check their inputs,
/// and returns how many there were.
///
/// # Panics
///
/// A file breaks an invariant, or `dir` cannot be read.
pub fn replay(dir: &std::path::Path) -> usize {
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
