//! The lint outputs of arbitrary bytes (text, JSON, SARIF, GitHub commands, JUnit): no panic, nothing raw that acts on a
//! terminal or a log or starts a workflow command, bounded lines, percent-encoded SARIF URIs, and the four formats
//! showing the same findings.
#![no_main]

use libfuzzer_sys::fuzz_target;

use hookplan_test_support::{invariants, render_checks};
use hookplan_cli::{lint, templates};

fuzz_target!(|data: &[u8]| {
    let inputs = invariants::split_inputs(data);
    let manifests = invariants::read_all(&inputs);
    let findings = hookplan::config::LintConfig::new().apply(&manifests, hookplan::check::lint(&manifests, Some("dest")));
    let diagnostics = &findings.diagnostics;
    let sources: std::collections::HashMap<String, Vec<u8>> = inputs.iter().cloned().collect();
    let report = lint::Report {
        findings: &findings,
        sources: &sources,
        resources: manifests.resources().len(),
        show_suppressed: true,
        quiet: false,
        color: false,
        templates: &templates::Templates::default(),
    };
    let text = report.text();
    render_checks::check_text("lint text", &text, 1000);
    render_checks::check_lint_outputs(&text, &report.json(), &report.sarif());
    render_checks::check_github(&report.github(), diagnostics.len());
    let failing = diagnostics.iter().filter(|d| d.severity != hookplan::Severity::Note).count();
    render_checks::check_junit(&report.junit(), diagnostics.len(), failing);
});
