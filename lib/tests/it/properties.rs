//! Properties of the library over generated manifests (`hookplan::proptest`), with a fixed case count that keeps
//! CI well inside its time limit.

use hookplan::proptest::{manifest_yaml, render_yaml};
use hookplan::{Manifests, Resource, SyncOperation, check, plan_sync};
use proptest::prelude::*;

use crate::invariants;

/// Enough cases to find ordering and bookkeeping bugs, few enough for CI (each case plans a small app).
/// 128 cases in CI; `HOOKPLAN_CASES=5000` for a longer local run.
fn config() -> ProptestConfig {
    let cases = std::env::var("HOOKPLAN_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(128);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// What reading keeps of a resource, without where it came from.
fn essence(r: &Resource) -> impl PartialEq + std::fmt::Debug + use<> {
    (
        r.api_version.clone(),
        r.kind.clone(),
        r.namespace.clone(),
        r.name.clone(),
        r.generate_name.clone(),
        r.annotations.clone(),
        r.labels.clone(),
        r.defines.clone(),
        r.crd_scope.clone(),
    )
}

fn inputs_of(yaml: &str) -> Vec<(String, Vec<u8>)> {
    vec![("app.yaml".to_string(), yaml.as_bytes().to_vec())]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn parse_render_parse_gives_the_same_resources((resources, yaml) in manifest_yaml(8)) {
        let first = Manifests::parse("app.yaml", &yaml);
        prop_assert_eq!(first.resources().len(), resources.len());
        let again = Manifests::parse("again.yaml", &render_yaml(first.resources()));
        let a: Vec<_> = first.resources().iter().map(essence).collect();
        let b: Vec<_> = again.resources().iter().map(essence).collect();
        prop_assert_eq!(&a, &b);
        let generated: Vec<_> = resources.iter().map(essence).collect();
        prop_assert_eq!(&a, &generated);
    }

    #[test]
    fn the_plan_is_the_same_for_any_order_of_the_documents(
        (resources, _) in manifest_yaml(8),
        seed in any::<u64>(),
    ) {
        // Each document its own input, named after its original position; read in a shuffled order.
        let inputs: Vec<(String, Vec<u8>)> = resources
            .iter()
            .enumerate()
            .map(|(i, r)| (format!("doc-{i:02}.yaml"), render_yaml(std::slice::from_ref(r)).into_bytes()))
            .collect();
        let mut shuffled = inputs.clone();
        let mut state = seed;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            shuffled.swap(i, (state >> 33) as usize % (i + 1));
        }
        let operation = SyncOperation::new().namespace("dest");
        let a = serde_json::to_string(&plan_sync(&invariants::read_all(&inputs), &operation)).unwrap();
        let b = serde_json::to_string(&plan_sync(&invariants::read_all(&shuffled), &operation)).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn every_argocd_release_loses_nothing_and_orders_well(
        (_, yaml) in manifest_yaml(8),
        version in hookplan::proptest::argocd_version(),
    ) {
        let inputs = inputs_of(&yaml);
        let manifests = invariants::read_all(&inputs);
        let operation = SyncOperation::new().namespace("dest").argocd_version(version);
        let plan = plan_sync(&manifests, &operation);
        prop_assert_eq!(&plan.engine_version, &version.to_string());
        invariants::check_plan(&inputs, &manifests, &plan);
        let deletion = hookplan::plan_delete(&manifests, &manifests, &operation);
        invariants::check_nothing_lost(&manifests, &deletion);
        // Each release's plan drives to the end with its own driver.
        let mut driver = hookplan::driver::for_plan(std::sync::Arc::new(plan)).unwrap();
        prop_assert!(crate::driver::drives_to_done(driver.as_mut()));
    }

    #[test]
    fn nothing_is_lost_and_the_plan_is_well_ordered((_, yaml) in manifest_yaml(10)) {
        let inputs = inputs_of(&yaml);
        let manifests = invariants::read_all(&inputs);
        let plan = plan_sync(&manifests, &SyncOperation::new().namespace("dest"));
        // Every document (one per generated resource) is a task, excluded, or an error.
        let documents = yaml.matches("---\n").count();
        let mut accounted = std::collections::HashSet::new();
        accounted.extend(plan.tasks().filter_map(|(_, t)| t.source.as_ref().map(|s| s.document)));
        accounted.extend(plan.sync_fail.iter().filter_map(|t| t.source.as_ref().map(|s| s.document)));
        accounted.extend(plan.excluded.iter().map(|e| e.source.document));
        accounted.extend(plan.diagnostics.iter().filter(|d| d.rule.name == "unreadable-document").map(|d| d.location.document));
        prop_assert_eq!(accounted.len(), documents);
        // Steps in phase then wave order, each (resource, phase) once, Namespaces first, SyncFail apart.
        invariants::check_plan(&inputs, &manifests, &plan);
        // CRDs come before the custom resources they define.
        let order: Vec<_> = plan.tasks().map(|(_, t)| &t.resource).chain(plan.sync_fail.iter().map(|t| &t.resource)).collect();
        if let Some(crd) = order.iter().position(|r| r.kind == "CustomResourceDefinition") {
            for (i, r) in order.iter().enumerate() {
                if r.kind == "Widget" && r.group == "example.com" {
                    prop_assert!(crd < i, "the CRD comes after a Widget");
                }
            }
        }
    }

    #[test]
    fn every_diagnostic_points_at_an_existing_file_and_line((_, yaml) in manifest_yaml(8)) {
        let inputs = inputs_of(&yaml);
        let manifests = invariants::read_all(&inputs);
        invariants::check_read(&inputs, &manifests);
        invariants::check_lint(&inputs, &check::lint(&manifests, None));
    }
}
