//! The lint outputs of arbitrary bytes (text, JSON, SARIF, GitHub commands, JUnit): no panic, nothing raw that acts on a
//! terminal or a log or starts a workflow command, bounded lines, percent-encoded SARIF URIs, and the four formats
//! showing the same findings.
#![no_main]

use libfuzzer_sys::fuzz_target;

use hookplan_test_support::{invariants, render_checks};
use hookplan_cli::{lint, templates};

/// What a renderer writes, as text (the renderers write UTF-8).
fn rendered(render: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    render(&mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("the output is UTF-8")
}

fuzz_target!(|data: &[u8]| {
    let inputs = invariants::split_inputs(data);
    let manifests = invariants::read_all(&inputs);
    let findings = hookplan::report::LintReport::new(
        hookplan::config::LintConfig::new().apply(&manifests, hookplan::check::lint(&manifests, Some("dest"))),
    );
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
    let text = rendered(|out| report.text(out));
    render_checks::check_text("lint text", &text, 1000);
    let json = serde_json::to_string_pretty(&findings).expect("a lint report serialises");
    render_checks::check_lint_outputs(&text, &json, &rendered(|out| report.sarif(out)));
    render_checks::check_github(&rendered(|out| report.github(out)), diagnostics.len());
    let failing = diagnostics.iter().filter(|d| d.severity != hookplan::Severity::Note).count();
    render_checks::check_junit(&rendered(|out| report.junit(out)), diagnostics.len(), failing);
});
