//! The simulation of arbitrary bytes, every task succeeding: no panic, safe text, JSON that parses, `done` at the
//! end with success, every task of the plan named by an instruction.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/it/invariants.rs"]
mod invariants;
#[allow(dead_code)] // each target uses the checks of its own format
#[path = "../../tests/it/render_checks.rs"]
mod render_checks;
#[path = "../../src/safe.rs"]
mod safe;
#[allow(dead_code)] // the CLI's check of `--fail` values is not exercised here
#[path = "../../src/simulate.rs"]
mod simulate;
#[allow(dead_code)] // the simulation uses only the words of a failed operation's follow-up
#[path = "../../src/table.rs"]
mod table;

fuzz_target!(|data: &[u8]| {
    let inputs = invariants::split_inputs(data);
    let plan = hookplan::plan_sync(&invariants::read_all(&inputs), &hookplan::SyncOperation::new().namespace("dest"));
    let plan_json = serde_json::to_string(&plan).expect("a plan serialises");
    let simulation = simulate::run(plan, &[], None).expect("the driver accepts its own plan");
    render_checks::check_simulation(&simulation.text(), &simulation.json(), &plan_json);
});
