//! The Mermaid picture of arbitrary bytes: no panic, nothing that acts on a terminal, bounded lines, no directive
//! opened from the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/it/invariants.rs"]
mod invariants;
#[allow(dead_code)] // each target uses the checks of its own format
#[path = "../../tests/it/render_checks.rs"]
mod render_checks;
#[path = "../../src/safe.rs"]
mod safe;
#[path = "../../src/mermaid.rs"]
mod mermaid;

fuzz_target!(|data: &[u8]| {
    let inputs = invariants::split_inputs(data);
    let plan = hookplan::plan_sync(&invariants::read_all(&inputs), &hookplan::SyncOperation::new().namespace("dest"));
    let picture = mermaid::render(&plan);
    render_checks::check_text("mermaid", &picture, 1000);
    render_checks::check_mermaid(&picture);
});
