//! The lint outputs of arbitrary bytes (text, JSON, SARIF, GitHub commands, JUnit): no panic, nothing raw that acts on a
//! terminal or a log or starts a workflow command, bounded lines, percent-encoded SARIF URIs, and the four formats
//! showing the same findings.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/it/invariants.rs"]
mod invariants;
#[allow(dead_code)] // each target uses the checks of its own format
#[path = "../../tests/it/render_checks.rs"]
mod render_checks;
#[allow(dead_code)] // not every renderer uses every helper
#[path = "../../src/safe.rs"]
mod safe;
#[allow(dead_code)] // `explain` and `list` render no input
#[path = "../../src/lint.rs"]
mod lint;

fuzz_target!(|data: &[u8]| {
    let inputs = invariants::split_inputs(data);
    let manifests = invariants::read_all(&inputs);
    let diagnostics = hookplan::validate::lint(&manifests, Some("dest"));
    let sources: std::collections::HashMap<String, Vec<u8>> = inputs.iter().cloned().collect();
    let text = lint::text(&diagnostics, &sources, manifests.resources().len());
    render_checks::check_text("lint text", &text, 1000);
    render_checks::check_lint_outputs(&text, &lint::json(&diagnostics), &lint::sarif(&diagnostics));
    render_checks::check_github(&lint::github(&diagnostics), diagnostics.len());
    let failing = diagnostics.iter().filter(|d| d.severity != hookplan::Severity::Note).count();
    render_checks::check_junit(&lint::junit(&diagnostics), diagnostics.len(), failing);
});
