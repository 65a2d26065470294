//! Rendering arbitrary bytes with the CLI's renderers (table, Mermaid, lint text, JSON, SARIF and GitHub commands): no panic, no
//! character that acts on a terminal or a log, no GitHub Actions command, bounded lines, and the formats agree on
//! what they show.
#![no_main]

use std::collections::HashMap;

use hookplan::{SyncOperation, plan_sync, validate};
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/it/invariants.rs"]
mod invariants;
#[allow(dead_code)] // `explain` and `list` render no input
#[path = "../../src/bin/hookplan/lint.rs"]
mod lint;
#[path = "../../src/bin/hookplan/mermaid.rs"]
mod mermaid;
#[path = "../../tests/it/render_checks.rs"]
mod render_checks;
#[path = "../../src/bin/hookplan/safe.rs"]
mod safe;
#[path = "../../src/bin/hookplan/table.rs"]
mod table;

fuzz_target!(|data: &[u8]| {
    let inputs = invariants::split_inputs(data);
    let manifests = invariants::read_all(&inputs);
    let plan = plan_sync(&manifests, &SyncOperation::new().namespace("dest"));
    let rendered = table::render(&plan);
    render_checks::check_text("table", &rendered, 1000);
    render_checks::check_table_counts(&rendered, &serde_json::to_string(&plan).unwrap());
    let picture = mermaid::render(&plan);
    render_checks::check_text("mermaid", &picture, 1000);
    render_checks::check_mermaid(&picture);
    let diagnostics = validate::lint(&manifests, Some("dest"));
    let sources: HashMap<String, Vec<u8>> = inputs.iter().cloned().collect();
    let text = lint::text(&diagnostics, &sources, manifests.resources().len());
    render_checks::check_text("lint text", &text, 1000);
    render_checks::check_lint_outputs(&text, &lint::json(&diagnostics), &lint::sarif(&diagnostics));
    render_checks::check_github(&lint::github(&diagnostics), diagnostics.len());
});
