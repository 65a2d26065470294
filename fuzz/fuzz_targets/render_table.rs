//! The plan table of arbitrary bytes: no panic, no character that acts on a terminal or a log, no GitHub Actions
//! command, lines of at most 1,000 characters, and a header that counts the plan's tasks.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/it/invariants.rs"]
mod invariants;
#[allow(dead_code)] // each target uses the checks of its own format
#[path = "../../tests/it/render_checks.rs"]
mod render_checks;
#[path = "../../src/safe.rs"]
mod safe;
#[path = "../../src/table.rs"]
mod table;

fuzz_target!(|data: &[u8]| {
    let inputs = invariants::split_inputs(data);
    let plan = hookplan::plan_sync(&invariants::read_all(&inputs), &hookplan::SyncOperation::new().namespace("dest"));
    let rendered = table::render(&plan);
    render_checks::check_text("table", &rendered, 1000);
    render_checks::check_table_counts(&rendered, &serde_json::to_string(&plan).unwrap());
});
