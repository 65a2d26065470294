//! What users read, pinned as snapshot files (`tests/it/snapshots/`): the CLI's outputs on the bundled
//! examples, and the diagnostics of every corpus file. A change shows as a diff of the file;
//! `cargo insta review` (or `INSTA_UPDATE=always`) accepts it after it was read.

use std::fmt::Write;
use std::process::Command;

/// Runs `hookplan ARGS` in the crate directory; stdout, then stderr and the exit status when they say anything.
fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_hookplan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let mut text = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    if !stderr.is_empty() {
        text.push_str("--- stderr\n");
        text.push_str(&stderr);
    }
    if !out.status.success() {
        let _ = writeln!(text, "--- exit status {}", out.status.code().unwrap_or(-1));
    }
    text
}

macro_rules! snapshot {
    ($name:literal, $args:expr) => {
        insta::with_settings!({ description => $args.join(" "), omit_expression => true }, {
            insta::assert_snapshot!($name, run(&$args));
        })
    };
}

#[test]
fn plan_outputs() {
    snapshot!("plan_shop_table", ["plan", "examples/shop"]);
    snapshot!("plan_shop_json", ["plan", "--output", "json", "examples/shop"]);
    snapshot!("plan_shop_mermaid", ["plan", "--output", "mermaid", "examples/shop"]);
    snapshot!("plan_shop_delete", ["plan", "--operation", "delete", "--live", "examples/shop", "examples/shop"]);
    snapshot!("plan_chart_helm", ["plan", "--engine", "helm", "examples/chart"]);
    snapshot!(
        "plan_chart_helm_uninstall_json",
        ["plan", "--engine", "helm", "--operation", "uninstall", "-o", "json", "examples/chart"]
    );
    snapshot!("plan_chart_both", ["plan", "--engine", "both", "examples/chart"]);
}

#[test]
fn simulate_outputs() {
    snapshot!("simulate_shop", ["simulate", "examples/shop"]);
    snapshot!("simulate_shop_failing_migration", ["simulate", "--fail", "Job/db-migrate", "examples/shop"]);
    snapshot!("simulate_shop_json", ["simulate", "--output", "json", "examples/shop"]);
    snapshot!(
        "simulate_shop_delete",
        ["simulate", "--operation", "delete", "--live", "examples/shop", "examples/shop"]
    );
    snapshot!("simulate_chart_helm_install", ["simulate", "--engine", "helm", "examples/chart"]);
    snapshot!(
        "simulate_chart_helm_uninstall",
        ["simulate", "--engine", "helm", "--operation", "uninstall", "examples/chart"]
    );
}

#[test]
fn lint_outputs() {
    snapshot!("lint_chart_text", ["lint", "examples/chart"]);
    snapshot!("lint_chart_json", ["lint", "--output", "json", "examples/chart"]);
    snapshot!("lint_chart_sarif", ["lint", "--output", "sarif", "examples/chart"]);
    snapshot!("explain_unknown_hook_type", ["explain", "unknown-hook-type"]);
    snapshot!("explain_list", ["explain", "--list"]);
}

/// The corpus findings that differ between Argo CD releases: for v2.10, v3.2 and v3.3.4, each finding that the
/// newest release does not give (`+`) or gives and that release does not (`-`). Read by hand when
/// `--argocd-version` was added: PreDelete is unknown before v3.3.0, sync hooks with a TTL wedge before v3.0.
#[test]
fn corpus_diagnostics_by_argocd_release() {
    let Some(dir) = crate::support::corpus() else { return };
    let lines = |version: &str| -> std::collections::BTreeSet<String> {
        let op = hookplan::SyncOperation::new().argocd_version(version.parse().unwrap());
        let mut lines = std::collections::BTreeSet::new();
        for path in crate::support::corpus_files(&dir) {
            let name = path.strip_prefix(&dir).unwrap().display().to_string();
            let mut manifests = hookplan::Manifests::new();
            manifests.read(&name, &std::fs::read(&path).unwrap());
            for d in hookplan::check::lint_with(&manifests, &op) {
                lines.insert(format!("{}:{} {}[{}]: {}", name, d.location.line, d.severity, d.rule.name, d.message));
            }
        }
        lines
    };
    let newest = lines("3.5");
    let mut out = String::new();
    for version in ["2.10", "3.2", "3.3.4"] {
        let old = lines(version);
        let _ = writeln!(out, "## v{version}");
        for line in old.difference(&newest) {
            let _ = writeln!(out, "+ {line}");
        }
        for line in newest.difference(&old) {
            let _ = writeln!(out, "- {line}");
        }
    }
    insta::assert_snapshot!("corpus_diagnostics_by_argocd_release", out);
}

/// Every diagnostic of every corpus file, one line each: file, line and column, severity, rule and message. Each
/// finding was read by hand against the manifest when its rule was added.
#[test]
fn corpus_diagnostics() {
    let Some(dir) = crate::support::corpus() else { return };
    let mut out = String::new();
    // (corpus folder, rule) -> findings, for the per-folder counts.
    let mut counts: std::collections::BTreeMap<(String, &str), usize> = std::collections::BTreeMap::new();
    for path in crate::support::corpus_files(&dir) {
        let name = path.strip_prefix(&dir).unwrap().display().to_string();
        let folder = name.split('/').next().unwrap_or_default().to_string();
        let mut manifests = hookplan::Manifests::new();
        manifests.read(&name, &std::fs::read(&path).unwrap());
        for d in hookplan::check::lint(&manifests, None) {
            *counts.entry((folder.clone(), d.rule.name)).or_default() += 1;
            let _ = writeln!(
                out,
                "{}:{}:{} {}[{}]: {}",
                name, d.location.line, d.location.column, d.severity, d.rule.name, d.message
            );
        }
    }
    insta::assert_snapshot!("corpus_diagnostics", out);
    let mut table = String::new();
    for ((folder, rule), count) in &counts {
        let _ = writeln!(table, "{folder:<40} {rule:<32} {count}");
    }
    insta::assert_snapshot!("corpus_finding_counts", table);
}
