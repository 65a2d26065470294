//! The simulation of arbitrary bytes, every task succeeding: no panic, safe text, JSON that parses, `done` at the
//! end with success, every task of the plan named by an instruction.
#![no_main]

use libfuzzer_sys::fuzz_target;

use hookplan_test_support::{invariants, render_checks};
use hookplan_cli::simulate;

fuzz_target!(|data: &[u8]| {
    let inputs = invariants::split_inputs(data);
    let plan = hookplan::plan_sync(&invariants::read_all(&inputs), &hookplan::SyncOperation::new().namespace("dest"));
    let plan_json = serde_json::to_string(&plan).expect("a plan serialises");
    let simulation = simulate::run(plan, &[], None).expect("the driver accepts its own plan");
    render_checks::check_simulation(&simulation.text(), &simulation.json(), &plan_json);
});
