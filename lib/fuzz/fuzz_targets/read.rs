//! Reading arbitrary bytes: never a panic or a hang, and every resource, exclusion and diagnostic points
//! inside its input.
#![no_main]

use libfuzzer_sys::fuzz_target;

use hookplan_test_support::invariants;

fuzz_target!(|data: &[u8]| {
    let inputs = invariants::split_inputs(data);
    let manifests = invariants::read_all(&inputs);
    invariants::check_read(&inputs, &manifests);
});
