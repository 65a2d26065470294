//! The simulation of arbitrary bytes, every task succeeding: no panic, safe text, JSON that parses, `done` at the
//! end with success, every task of the plan named by an instruction.
#![no_main]

use libfuzzer_sys::fuzz_target;

use hookplan_test_support::{invariants, render_checks};
use hookplan_cli::simulate;

/// What a renderer writes, as text (the renderers write UTF-8).
fn rendered(render: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    render(&mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("the output is UTF-8")
}

fuzz_target!(|data: &[u8]| {
    let inputs = invariants::split_inputs(data);
    let plan = hookplan::plan_sync(&invariants::read_all(&inputs), &hookplan::SyncOperation::new().namespace("dest"));
    let plan_json = serde_json::to_string(&plan).expect("a plan serialises");
    let transcript = hookplan::report::simulate(plan.clone(), &[], None).expect("the driver accepts its own plan");
    let json = serde_json::to_string_pretty(&transcript).expect("a transcript serialises");
    let mut walk = hookplan::report::Walk::new(plan, &[], None).expect("the driver accepts its own plan");
    let mut failure = None;
    let text = rendered(|out| simulate::text(out, &mut walk, &mut failure));
    assert!(failure.is_none(), "the driver accepts every report of its own walk");
    render_checks::check_simulation(&text, &json, &plan_json);
});
