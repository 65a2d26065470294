//! Hostile shapes that once took quadratic time (`lib/tests/it/hostile.rs`, module `growth`, checks that each is
//! read in full): each at n and 4n, against a baseline in the same run that parses the same bytes (serde_json for
//! the JSON shapes, serde_yaml's `Value` for the YAML ones), so that the growth can be read off without trusting
//! the machine's load: `time(4n) / time(n)` is 4 for linear work, 16 for quadratic. BENCHMARKS.md records it.
//!
//! - `one-line JSON List`, `JSON Lines`: read and plan n ConfigMaps.
//! - `annotations on one object`, `merged annotations in reverse order`, `CSV items`: read and plan one object with
//!   n annotations (merged from an anchor written in reverse order), or n delete policies and sync options.
//! - `blanks in a padded flow collection`: n blanks on one line of a flow mapping closed at column 0.
//! - `flow nesting`: n `[` (refused at the nesting limit). serde_yaml does not finish parsing them in minutes: the
//!   baseline parses a plain scalar of the same length in their place.
//! - `one name in many namespaces`: n ConfigMaps of one name, each in its own namespace.
//! - `suppressions`: n Jobs, each silencing the finding it carries: the rule configuration applied to the findings
//!   (the findings computed outside the timing); its baseline parses the same bytes.
//!
//! `cargo bench -p hookplan --bench hostile`; the CI only builds it.

use std::fmt::Write;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_main};
use hookplan::config::LintConfig;
use hookplan::{Manifests, SyncOperation, check, plan_sync};
use serde::Deserialize;

/// Which parser the baseline is.
#[derive(Clone, Copy)]
enum Baseline {
    /// serde_json, value after value (JSON Lines, a one-line List).
    Json,
    /// serde_yaml's `Value`, document after document.
    Yaml,
}

/// The documents of `text`, parsed by the baseline's parser (returned, so that they are dropped outside the timing).
fn baseline(kind: Baseline, text: &str) -> Vec<Box<dyn std::any::Any>> {
    match kind {
        Baseline::Json => serde_json::Deserializer::from_str(black_box(text))
            .into_iter::<serde_json::Value>()
            .map(|value| Box::new(value.expect("valid JSON")) as Box<dyn std::any::Any>)
            .collect(),
        Baseline::Yaml => serde_yaml::Deserializer::from_str(black_box(text))
            .map(|doc| Box::new(serde_yaml::Value::deserialize(doc).expect("valid YAML")) as Box<dyn std::any::Any>)
            .collect(),
    }
}

/// One group: the baseline and hookplan's read and plan, each at `n` and `4n`.
fn shape(c: &mut Criterion, name: &str, kind: Baseline, n: usize, make: impl Fn(usize) -> String) {
    shape_with(c, name, kind, n, &make, &make);
}

/// One group whose baseline parses `reference(size)` instead of the same bytes (where the parser cannot parse
/// them in reasonable time).
fn shape_with(
    c: &mut Criterion,
    name: &str,
    kind: Baseline,
    n: usize,
    make: &dyn Fn(usize) -> String,
    reference: &dyn Fn(usize) -> String,
) {
    let mut group = c.benchmark_group(name);
    group.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    for size in [n, 4 * n] {
        let text = make(size);
        group.throughput(Throughput::Bytes(text.len() as u64));
        let label = match kind {
            Baseline::Json => "baseline serde_json",
            Baseline::Yaml => "baseline serde_yaml",
        };
        let reference = reference(size);
        group.bench_with_input(BenchmarkId::new(label, size), &reference, |b, text| {
            b.iter_with_large_drop(|| baseline(kind, text));
        });
        group.bench_with_input(BenchmarkId::new("read, plan", size), &text, |b, text| {
            b.iter_with_large_drop(|| {
                let manifests = Manifests::parse("x.yaml", black_box(text));
                let plan = plan_sync(&manifests, &SyncOperation::new().namespace("d"));
                (manifests, plan)
            });
        });
    }
    group.finish();
}

fn shapes(c: &mut Criterion) {
    let config_map = |i: usize| format!(r#"{{"apiVersion":"v1","kind":"ConfigMap","metadata":{{"name":"c{i}"}}}}"#);
    shape(c, "one-line JSON List", Baseline::Json, 400, |n| {
        format!(
            r#"{{"apiVersion":"v1","kind":"List","items":[{}]}}"#,
            (0..n).map(config_map).collect::<Vec<_>>().join(",")
        )
    });
    shape(c, "JSON Lines", Baseline::Json, 500, |n| {
        (0..n).fold(String::new(), |mut text, i| {
            let _ = writeln!(text, "{}", config_map(i));
            text
        })
    });
    shape(c, "annotations on one object", Baseline::Yaml, 1000, |n| {
        let keys = (0..n).fold(String::new(), |mut keys, i| {
            let _ = writeln!(keys, "    example.com/k{i}: \"v\"");
            keys
        });
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n{keys}")
    });
    shape(c, "merged annotations in reverse order", Baseline::Yaml, 1000, |n| {
        let (mut anchor, mut own) = (String::new(), String::new());
        for i in 0..n {
            let _ = writeln!(anchor, "    example.com/k{}: v", n - 1 - i);
            let _ = writeln!(own, "    example.com/k{i}: w");
        }
        format!(
            "apiVersion: v1\nkind: ConfigMap\nx: &a\n{anchor}metadata:\n  name: a\n  annotations:\n{own}    <<: *a\n"
        )
    });
    shape(c, "blanks in a padded flow collection", Baseline::Yaml, 20_000, |n| {
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations: {{\n{}\"x\": \"y\"\n}}\n",
            " ".repeat(n)
        )
    });
    // serde_yaml does not finish the 20,000 `[` in minutes: its baseline parses a plain scalar of the same length
    // in their place (the same number of bytes).
    shape_with(
        c,
        "flow nesting",
        Baseline::Yaml,
        20_000,
        &|n| format!("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: x}}\ndata: {}", "[".repeat(n)),
        &|n| format!("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: x}}\ndata: {}", "a".repeat(n)),
    );
    shape(c, "CSV items", Baseline::Yaml, 500, |n| {
        let items = (0..n).map(|i| format!("p{i}")).collect::<Vec<_>>().join(",");
        format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook-delete-policy: \"{items}\"\n    argocd.argoproj.io/sync-options: \"{items}\"\n"
        )
    });
    shape(c, "one name in many namespaces", Baseline::Yaml, 500, |n| {
        (0..n)
            .map(|i| format!("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: same, namespace: ns{i}}}\n"))
            .collect::<Vec<_>>()
            .join("---\n")
    });
}

/// The rule configuration applied to n findings, each silenced by its own object's annotation.
fn suppressions(c: &mut Criterion) {
    let job = |i: usize| {
        format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j{i}\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook-delete-policy: BeforeHookCreation\n    ignore-check.hookplan.io/hook-without-deadline: known\n"
        )
    };
    let mut group = c.benchmark_group("suppressions");
    group.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    for n in [2_000, 8_000] {
        let text = (0..n).map(job).collect::<Vec<_>>().join("---\n");
        let manifests = Manifests::parse("jobs.yaml", &text);
        let diagnostics = check::lint(&manifests, None);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("baseline serde_yaml", n), &text, |b, text| {
            b.iter_with_large_drop(|| baseline(Baseline::Yaml, text));
        });
        group.bench_with_input(BenchmarkId::new("apply", n), &diagnostics, |b, diagnostics| {
            b.iter_batched(
                || diagnostics.clone(),
                |diagnostics| LintConfig::new().apply(&manifests, diagnostics),
                BatchSize::LargeInput,
            );
        });
    }
    group.finish();
}

#[allow(missing_docs)] // generated by the macro
mod group {
    criterion::criterion_group!(benches, super::shapes, super::suppressions);
}
criterion_main!(group::benches);
