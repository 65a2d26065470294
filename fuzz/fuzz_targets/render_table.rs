//! The plan table of arbitrary bytes: no panic, no character that acts on a terminal or a log, no GitHub Actions
//! command, lines of at most 1,000 characters, and a header that counts the plan's tasks.
#![no_main]

use libfuzzer_sys::fuzz_target;

use hookplan_test_support::{invariants, render_checks};
use hookplan_cli::table;

fuzz_target!(|data: &[u8]| {
    let inputs = invariants::split_inputs(data);
    let plan = hookplan::plan_sync(&invariants::read_all(&inputs), &hookplan::SyncOperation::new().namespace("dest"));
    let rendered = table::render(&plan);
    render_checks::check_text("table", &rendered, 1000);
    render_checks::check_table_counts(&rendered, &serde_json::to_string(&plan).unwrap());
});
