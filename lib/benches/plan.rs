//! Benchmarks, each against a baseline measured in the same run.
//!
//! - `read_validate_plan/<file>`: hookplan reads, validates and plans the two largest corpus files; the baseline
//!   `serde_yaml_value/<file>` parses the same bytes into `serde_yaml::Value` documents, the cheapest thing a
//!   tool that reads manifests "properly" would do. Target: hookplan at least twice as fast (ratio >= 2.0). A
//!   second reference, `saphyr_events/<file>`, only parses the same bytes into the events of saphyr-parser, the
//!   parser hookplan reads with, through the parser's own `StrInput`: hookplan reads plain-ASCII documents through
//!   an input of its own (`lib/src/source/ascii_input.rs`), and is about as fast as this reference.
//! - `plan_synthetic/<n>`: planning alone for n synthetic resources (n = 1,000, 10,000, 100,000). Target: under
//!   100 ms for 100,000 and growth no worse than n log n.
//! - `config_entries/<n>`: reading a `.hookplan.yaml` of n `rules.disable` entries (n and 4n): growth linear (it
//!   was quadratic: each entry's line and column were counted from the start of the file).
//! - `deep_nesting/<n>`: refusing a document nested n levels deep (n and 4n), as an `--application` file is
//!   refused: linear in the bytes at most (the refusal comes at the nesting limit; serde_yaml took 23 s on 200 KB).
//!
//! The corpus benches need `../shared/corpus` beside the clone and are skipped, with a note, without it (they fail
//! under CI, as the corpus tests do).

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_main};
use hookplan::{Location, Manifests, Resource, SyncOperation, plan_sync};
use serde::Deserialize;

const LARGEST: [&str; 2] = ["kyverno/install-latest-testing.yaml", "argo-cd-install/install.yaml"];

fn corpus(c: &mut Criterion) {
    // Skipped with a note without the corpus, outside CI (`hookplan_test_support::corpus`).
    let Some(dir) = hookplan_test_support::corpus::corpus() else { return };
    for file in LARGEST {
        let bytes = std::fs::read(dir.join(file)).expect("corpus file");
        let text = std::str::from_utf8(&bytes).expect("UTF-8");
        let name = file.split('/').next().unwrap_or(file);
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.sample_size(20);
        group.bench_function("read_validate_plan", |b| {
            b.iter_with_large_drop(|| {
                let mut manifests = Manifests::new();
                manifests.read(file, black_box(&bytes));
                let plan = plan_sync(&manifests, &SyncOperation::new().namespace("dest"));
                // What was read is returned with the plan, so that it is dropped outside the timing, as the
                // baseline's documents are.
                (manifests, plan)
            });
        });
        group.bench_function("serde_yaml_value", |b| {
            b.iter_with_large_drop(|| {
                serde_yaml::Deserializer::from_str(black_box(text))
                    .map(|doc| serde_yaml::Value::deserialize(doc).expect("valid YAML"))
                    .collect::<Vec<_>>()
            });
        });
        group.bench_function("saphyr_events", |b| {
            b.iter(|| {
                let mut events = 0;
                for event in saphyr_parser::Parser::new_from_str(black_box(text)) {
                    black_box(event.expect("valid YAML"));
                    events += 1;
                }
                events
            });
        });
        group.finish();
    }
}

/// `n` resources as a real app looks: a few Namespaces, a CRD and its CRs, hooks in every phase, waves -2..=3.
fn synthetic(n: usize) -> Manifests {
    let mut manifests = Manifests::new();
    let kinds = [("v1", "ConfigMap"), ("apps/v1", "Deployment"), ("v1", "Service"), ("example.com/v1", "Widget")];
    for i in 0..n {
        let location = Location::new("synthetic.yaml", i, 1 + i * 10, 1);
        let namespace = format!("ns-{}", i % 10);
        let mut r = if i % 1000 == 0 {
            Resource::new("v1", "Namespace", Some(&namespace), location)
        } else if i % 1000 == 1 {
            Resource::new("apiextensions.k8s.io/v1", "CustomResourceDefinition", Some("widgets.example.com"), location)
                .with_defines("example.com", "Widget")
        } else {
            let (api_version, kind) = kinds[i % kinds.len()];
            Resource::new(api_version, kind, Some(&format!("object-{i}")), location).with_namespace(&namespace)
        };
        let wave = i64::try_from(i % 6).unwrap_or(0) - 2;
        r = r.with_annotation("argocd.argoproj.io/sync-wave", &wave.to_string());
        match i % 50 {
            0 => r = r.with_annotation("argocd.argoproj.io/hook", "PreSync"),
            1 => {
                r = r
                    .with_annotation("argocd.argoproj.io/hook", "PostSync")
                    .with_annotation("argocd.argoproj.io/hook-delete-policy", "HookSucceeded");
            }
            2 => r = r.with_annotation("argocd.argoproj.io/hook", "SyncFail"),
            _ => {}
        }
        manifests.push(r);
    }
    manifests
}

fn planning(c: &mut Criterion) {
    let mut group = c.benchmark_group("plan_synthetic");
    // The shared 2-core machine is noisy: more samples over a longer time make the means comparable across sizes.
    group.sample_size(20).measurement_time(std::time::Duration::from_secs(10));
    for n in [1_000, 10_000, 100_000] {
        let manifests = synthetic(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &manifests, |b, manifests| {
            // One plan at a time, dropped outside the timing (`PerIteration`): a batch of 100,000-task plans held
            // together would time the allocator fetching fresh pages rather than the planner.
            b.iter_batched(
                || (),
                |()| plan_sync(black_box(manifests), &SyncOperation::new().namespace("dest")),
                BatchSize::PerIteration,
            );
        });
    }
    group.finish();
}

/// Diffing two plans of 100,000 resources, against planning them in the same run (`plan_synthetic/100000`):
/// the head moves every tenth object one wave later and drops every hundredth.
fn diffing(c: &mut Criterion) {
    let n = 100_000;
    let operation = SyncOperation::new().namespace("dest");
    let base = plan_sync(&synthetic(n), &operation);
    let mut head_manifests = Manifests::new();
    for (i, resource) in synthetic(n).resources().iter().enumerate() {
        if i % 100 == 99 {
            continue;
        }
        let mut resource = resource.clone();
        if i % 10 == 5 {
            resource = resource.with_annotation("argocd.argoproj.io/sync-wave", "7");
        }
        head_manifests.push(resource);
    }
    let head = plan_sync(&head_manifests, &operation);
    let mut group = c.benchmark_group("diff_synthetic");
    group.sample_size(20).measurement_time(std::time::Duration::from_secs(10));
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function(BenchmarkId::from_parameter(n), |b| {
        b.iter_batched(|| (), |()| hookplan::diff::diff(black_box(&base), black_box(&head)), BatchSize::PerIteration);
    });
    group.finish();
}

/// Reading a configuration of n entries, n and 4n: the time grows by 4, not 16.
fn config_entries(c: &mut Criterion) {
    let mut group = c.benchmark_group("config_entries");
    group.sample_size(10);
    for n in [30_000, 120_000] {
        let text = "rules:\n  disable:\n".to_string() + &"    - named-hook-can-wedge\n".repeat(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| hookplan::config::LintConfig::parse(".hookplan.yaml", black_box(text)).unwrap());
        });
    }
    group.finish();
}

/// A document nested n levels deep (n and 4n), refused at the nesting limit: the time grows no faster than n.
fn deep_nesting(c: &mut Criterion) {
    let mut group = c.benchmark_group("deep_nesting");
    group.sample_size(10);
    for n in [25_000, 100_000] {
        let text = format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {{name: a}}\nspec: {}{}\n",
            "{a: ".repeat(n),
            "}".repeat(n)
        );
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| Manifests::parse("app.yaml", black_box(text)).diagnostics().len());
        });
    }
    group.finish();
}

#[allow(missing_docs)] // generated by the macro
mod group {
    criterion::criterion_group!(
        benches,
        super::corpus,
        super::planning,
        super::diffing,
        super::config_entries,
        super::deep_nesting
    );
}
criterion_main!(group::benches);
