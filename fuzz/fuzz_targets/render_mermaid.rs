//! The Mermaid picture of arbitrary bytes: no panic, nothing that acts on a terminal, bounded lines, no directive
//! opened from the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

use hookplan_test_support::{invariants, render_checks};
use hookplan_cli::mermaid;

fuzz_target!(|data: &[u8]| {
    let inputs = invariants::split_inputs(data);
    let plan = hookplan::plan_sync(&invariants::read_all(&inputs), &hookplan::SyncOperation::new().namespace("dest"));
    let picture = mermaid::render(&plan);
    render_checks::check_text("mermaid", &picture, 1000);
    render_checks::check_mermaid(&picture);
});
