//! Linting arbitrary bytes: diagnostics ordered by source position, each pointing inside its input.
#![no_main]

use hookplan::check;
use libfuzzer_sys::fuzz_target;

use hookplan_test_support::invariants;

fuzz_target!(|data: &[u8]| {
    let inputs = invariants::split_inputs(data);
    let manifests = invariants::read_all(&inputs);
    invariants::check_lint(&inputs, &check::lint(&manifests, None));
});
