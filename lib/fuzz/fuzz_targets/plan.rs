//! Planning arbitrary bytes: nothing lost, steps in order, each (object, phase) once, Namespaces first,
//! SyncFail hooks apart, and the same plan whatever the input order; the Application deletion and every Helm
//! command lose nothing either.
#![no_main]

use hookplan::{SyncOperation, plan_sync};
use libfuzzer_sys::fuzz_target;

use hookplan_test_support::invariants;

fuzz_target!(|data: &[u8]| {
    let inputs = invariants::split_inputs(data);
    let manifests = invariants::read_all(&inputs);
    let operation = SyncOperation::new().namespace("dest");
    let plan = plan_sync(&manifests, &operation);
    invariants::check_plan(&inputs, &manifests, &plan);
    invariants::check_order_independent(&inputs, &operation);
    invariants::check_other_plans(&manifests, &operation);
});
