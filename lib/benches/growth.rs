//! Growth: plan, lint (JSON), simulate and diff on generated mixed manifests of 100,000 and 400,000 objects,
//! each against a baseline in the same run (serde_yaml parsing the same bytes), so that the exponent between the
//! two sizes can be read off (`time(400k) / time(100k) = 4^exponent`; BENCHMARKS.md records it). The inputs mix
//! hooks (Argo CD and Helm), waves, generateName, delete policies and references between objects (a Deployment
//! mounting a ConfigMap and a Secret, a RoleBinding naming a ServiceAccount).
//!
//! `cargo bench --bench growth`; the sizes are large, so the sample size is the smallest criterion allows.

use std::fmt::Write;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_main};
use hookplan::config::LintConfig;
use hookplan::diff::diff;
use hookplan::helm::{HelmCommand, HelmOperation};
use hookplan::report::{LintReport, simulate};
use hookplan::{Limits, Manifests, SyncOperation, check, plan_helm, plan_sync};

/// Generated manifests of about `objects` objects, in groups of ten; `shift` moves every wave by one (the head of
/// a diff).
fn manifests(objects: usize, shift: i64) -> String {
    let mut out = String::with_capacity(objects * 260);
    for g in 0..objects / 10 {
        let wave = i64::try_from(g % 7).unwrap_or(0) - 3 + shift;
        let ns = format!("team-{}", g % 50);
        let _ = write!(
            out,
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-{g}\n  namespace: {ns}\n  annotations:\n    argocd.argoproj.io/sync-wave: \"{wave}\"\ndata: {{level: info}}\n---\n\
apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds-{g}\n  namespace: {ns}\n  annotations:\n    argocd.argoproj.io/sync-wave: \"{wave}\"\ntype: Opaque\n---\n\
apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: runner-{g}\n  namespace: {ns}\n---\n\
apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: runner-{g}\n  namespace: {ns}\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: Role, name: runner-{g}}}\nsubjects:\n- {{kind: ServiceAccount, name: runner-{g}, namespace: {ns}}}\n---\n\
apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: runner-{g}\n  namespace: {ns}\nrules: []\n---\n\
apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-{g}\n  namespace: {ns}\n  annotations:\n    argocd.argoproj.io/sync-wave: \"{}\"\nspec:\n  template:\n    spec:\n      serviceAccountName: runner-{g}\n      containers:\n      - name: web\n        image: web:1\n        envFrom:\n        - configMapRef: {{name: settings-{g}}}\n        - secretRef: {{name: creds-{g}}}\n---\n\
apiVersion: v1\nkind: Service\nmetadata:\n  name: web-{g}\n  namespace: {ns}\nspec:\n  ports: [{{port: 80}}]\n---\n\
apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-{g}-\n  namespace: {ns}\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook-delete-policy: BeforeHookCreation,HookSucceeded\n    argocd.argoproj.io/sync-wave: \"{wave}\"\nspec: {{template: {{spec: {{restartPolicy: Never, containers: [{{name: m, image: m:1}}]}}}}}}\n---\n\
apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: seed-{g}\n  namespace: {ns}\n  annotations:\n    helm.sh/hook: post-install,post-upgrade\n    helm.sh/hook-weight: \"{}\"\n    helm.sh/hook-delete-policy: before-hook-creation\nspec: {{template: {{spec: {{restartPolicy: Never, containers: [{{name: s, image: s:1}}]}}}}}}\n---\n\
apiVersion: v1\nkind: Pod\nmetadata:\n  name: check-{g}\n  namespace: {ns}\n  annotations:\n    argocd.argoproj.io/hook: PostSync\n    argocd.argoproj.io/hook-delete-policy: HookSucceeded\nspec: {{containers: [{{name: c, image: c:1}}]}}\n---\n",
            wave + 1,
            g % 5,
        );
    }
    out
}

/// The plan's JSON contract as plain derived structs (strings for the vocabulary words): the baseline that
/// serialising a [`hookplan::Plan`] must keep up with. Filled from the plan's own JSON, outside the timing; both
/// write the same bytes (checked before timing).
mod mirror {
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Plan {
        schema_version: u32,
        engine: String,
        operation: String,
        engine_version: String,
        steps: Vec<Step>,
        sync_fail: Vec<Task>,
        hook_deletion: HookDeletion,
        excluded: Vec<Excluded>,
        rule_configuration: String,
        diagnostics: Vec<Diagnostic>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        on_failure: Option<serde_json::Value>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Step {
        phase: String,
        wave: i64,
        waits_for_confirmation: bool,
        waits_for: Vec<String>,
        on_failure_delete: Vec<ResourceRef>,
        tasks: Vec<Task>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Task {
        action: String,
        hook: bool,
        resource: ResourceRef,
        delete_policies: Vec<String>,
        sync_options: Vec<String>,
        skipped: Option<String>,
        live_instance: Option<String>,
        needs_confirmation: bool,
        source: Option<Location>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        output_logs: Vec<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct ResourceRef {
        api_version: String,
        group: String,
        kind: String,
        namespace: Option<String>,
        name: Option<String>,
        generate_name: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    struct Location {
        file: String,
        document: usize,
        item: Option<usize>,
        line: usize,
        column: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        template: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct HookDeletion {
        on_success: Vec<ResourceRef>,
        on_failure: Vec<ResourceRef>,
    }

    #[derive(Serialize, Deserialize)]
    struct Excluded {
        resource: Option<ResourceRef>,
        reason: String,
        source: Location,
    }

    #[derive(Serialize, Deserialize)]
    struct Diagnostic {
        rule: String,
        code: String,
        severity: String,
        message: String,
        help: Option<String>,
        resource: Option<ResourceRef>,
        source: Location,
    }
}

/// Serialising a plan against serialising the same plan held in plain derived structs.
fn serialising(c: &mut Criterion) {
    let mut group = c.benchmark_group("serialise plan");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    let objects = 100_000;
    let plan = plan_sync(&read(&manifests(objects, 0)), &SyncOperation::new());
    let json = serde_json::to_vec(&plan).unwrap();
    let derived: mirror::Plan = serde_json::from_slice(&json).unwrap();
    assert_eq!(serde_json::to_vec(&derived).unwrap(), json, "the mirror writes the same document");
    group.throughput(Throughput::Bytes(json.len() as u64));
    group.bench_function(BenchmarkId::new("baseline derived structs", objects), |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(json.len());
            serde_json::to_writer(&mut out, black_box(&derived)).unwrap();
            out.len()
        });
    });
    group.bench_function(BenchmarkId::new("hookplan Plan", objects), |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(json.len());
            serde_json::to_writer(&mut out, black_box(&plan)).unwrap();
            out.len()
        });
    });
    group.finish();
}

/// Reads `text` with limits that let every generated document in (the default stops at 100,000 documents).
fn read(text: &str) -> Manifests {
    let mut manifests = Manifests::with_limits(Limits::default().max_documents(10_000_000).max_input_bytes(1 << 30));
    manifests.read("bench.yaml", text.as_bytes());
    manifests
}

fn growth(c: &mut Criterion) {
    let mut group = c.benchmark_group("growth");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    for objects in [100_000, 400_000] {
        let base = manifests(objects, 0);
        let head = manifests(objects, 1);
        group.throughput(Throughput::Bytes(base.len() as u64));
        group.bench_with_input(BenchmarkId::new("baseline serde_yaml", objects), &base, |b, text| {
            b.iter(|| {
                let documents: Vec<serde_yaml::Value> = serde_yaml::Deserializer::from_str(text)
                    .map(|d| serde::Deserialize::deserialize(d).unwrap())
                    .collect();
                black_box(documents.len())
            });
        });
        group.bench_with_input(BenchmarkId::new("plan json", objects), &base, |b, text| {
            b.iter(|| {
                let plan = plan_sync(&read(text), &SyncOperation::new());
                let mut out = Vec::new();
                serde_json::to_writer_pretty(&mut out, &plan).unwrap();
                black_box(out.len())
            });
        });
        group.bench_with_input(BenchmarkId::new("lint json", objects), &base, |b, text| {
            b.iter(|| {
                let manifests = read(text);
                let findings = LintConfig::new().apply(&manifests, check::lint_with(&manifests, &SyncOperation::new()));
                let mut out = Vec::new();
                serde_json::to_writer_pretty(&mut out, &LintReport::new(findings)).unwrap();
                black_box(out.len())
            });
        });
        group.bench_with_input(BenchmarkId::new("simulate json", objects), &base, |b, text| {
            b.iter(|| {
                let plan = plan_sync(&read(text), &SyncOperation::new());
                let transcript = simulate(plan, &["Pod/check-1".to_string()], None).unwrap();
                let mut out = Vec::new();
                serde_json::to_writer_pretty(&mut out, &transcript).unwrap();
                black_box(out.len())
            });
        });
        group.bench_with_input(BenchmarkId::new("helm plan json", objects), &base, |b, text| {
            b.iter(|| {
                let plan = plan_helm(&read(text), &HelmOperation::new(HelmCommand::Install));
                let mut out = Vec::new();
                serde_json::to_writer_pretty(&mut out, &plan).unwrap();
                black_box(out.len())
            });
        });
        group.bench_with_input(BenchmarkId::new("diff json", objects), &(base.clone(), head), |b, (base, head)| {
            b.iter(|| {
                let operation = SyncOperation::new();
                let before = plan_sync(&read(base), &operation);
                let after = plan_sync(&read(head), &operation);
                let mut out = Vec::new();
                serde_json::to_writer_pretty(&mut out, &diff(&before, &after)).unwrap();
                black_box(out.len())
            });
        });
    }
    group.finish();
}

#[allow(missing_docs)] // generated by the macro
mod group {
    criterion::criterion_group!(benches, super::serialising, super::growth);
}
criterion_main!(group::benches);
