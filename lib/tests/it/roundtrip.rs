//! Types that round-trip: every plan of every engine and operation, over the whole corpus, serialises to JSON,
//! deserialises into an equal `Plan`, and serialises back to the identical JSON; lint diagnostics too.

use hookplan::helm::{HelmCommand, HelmOperation, HelmVersion};
use hookplan::plan_helm;
use hookplan::{Diagnostic, Manifests, Plan, SyncOperation, check, plan_delete, plan_sync_with_live};

use crate::support::{corpus, corpus_files};

fn round_trip(plan: &Plan, what: &str) {
    let json = serde_json::to_string_pretty(plan).unwrap();
    let back: Plan = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(&back, plan, "{what}: the plan read back differs");
    assert_eq!(serde_json::to_string_pretty(&back).unwrap(), json, "{what}: the JSON written back differs");
}

/// Every plan hookplan builds for `manifests` (also used as the live state and the previous release).
fn every_plan(manifests: &Manifests) -> Vec<(String, Plan)> {
    let op = SyncOperation::new().namespace("default").prune(true);
    let mut plans = vec![
        ("sync".to_string(), plan_sync_with_live(manifests, manifests, &op)),
        ("delete".to_string(), plan_delete(manifests, manifests, &op)),
    ];
    for command in
        [HelmCommand::Install, HelmCommand::Upgrade, HelmCommand::Rollback, HelmCommand::Uninstall, HelmCommand::Test]
    {
        for version in [HelmVersion::V3, HelmVersion::V4] {
            let operation =
                HelmOperation::new(command).version(version).namespace("default").previous(manifests.clone());
            plans.push((format!("helm {command:?} {version:?}"), plan_helm(manifests, &operation)));
        }
    }
    plans
}

#[test]
fn every_plan_of_every_corpus_file_round_trips() {
    let Some(dir) = corpus() else { return };
    let files = corpus_files(&dir);
    assert!(files.len() >= 133);
    for path in files {
        let mut manifests = Manifests::new();
        manifests.read(&path.display().to_string(), &std::fs::read(&path).unwrap());
        for (what, plan) in every_plan(&manifests) {
            round_trip(&plan, &format!("{} {what}", path.display()));
        }
        let diagnostics = check::lint(&manifests, None);
        let json = serde_json::to_string(&diagnostics).unwrap();
        let back: Vec<Diagnostic> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, diagnostics, "{}", path.display());
    }
}

#[test]
fn the_bundled_examples_round_trip() {
    for (file, text) in [
        ("examples/chart/rendered.yaml", include_str!("../../../examples/chart/rendered.yaml")),
        ("examples/shop/backend.yaml", include_str!("../../../examples/shop/backend.yaml")),
    ] {
        for (what, plan) in every_plan(&Manifests::parse(file, text)) {
            round_trip(&plan, &format!("{file} {what}"));
        }
    }
}

/// A diagnostic names its rule; reading one back resolves the rule through the catalogue, and an unknown rule
/// or a code that is not the rule's is an error.
#[test]
fn diagnostics_resolve_their_rule_through_the_catalogue() {
    let entry = |rule: &str, code: &str| {
        format!(
            r#"{{"rule":"{rule}","code":"{code}","severity":"error","message":"m","help":null,"resource":null,
            "source":{{"file":"a.yaml","document":0,"item":null,"line":1,"column":1}}}}"#
        )
    };
    let ok: Diagnostic = serde_json::from_str(&entry("unknown-hook-type", "HP0001")).unwrap();
    assert!(std::ptr::eq(ok.rule, std::ptr::from_ref(&hookplan::rules::UNKNOWN_HOOK_TYPE)));
    let unknown = serde_json::from_str::<Diagnostic>(&entry("no-such-rule", "HP0001")).unwrap_err();
    assert!(unknown.to_string().starts_with("unknown rule `no-such-rule`"), "{unknown}");
    let wrong = serde_json::from_str::<Diagnostic>(&entry("unknown-hook-type", "HP0002")).unwrap_err();
    assert!(wrong.to_string().starts_with("rule `unknown-hook-type` has code HP0001, not HP0002"), "{wrong}");
}

/// Vocabulary values parse from their spelling, print it, and reject anything else with the list.
#[test]
fn vocabulary_values_parse_and_print_their_spelling() {
    use hookplan::argocd::{DeletePolicy, HookType, SyncPhase};
    use hookplan::helm::HookEvent;
    use hookplan::plan::{Action, Engine, Operation, Phase};
    for value in HookType::ALL {
        assert_eq!(value.to_string().parse::<HookType>(), Ok(value));
    }
    for value in Phase::ALL {
        assert_eq!(serde_json::to_string(&value).unwrap(), format!("\"{value}\""));
        assert_eq!(serde_json::from_str::<Phase>(&format!("\"{value}\"")).unwrap(), value);
    }
    assert_eq!("pre-install".parse::<HookEvent>(), Ok(HookEvent::PreInstall));
    assert_eq!("HookSucceeded".parse::<DeletePolicy>(), Ok(DeletePolicy::HookSucceeded));
    assert_eq!(SyncPhase::ALL.len(), 4);
    assert_eq!(
        (Engine::Helm.as_str(), Operation::Uninstall.as_str(), Action::Prune.as_str()),
        ("helm", "uninstall", "prune")
    );
    assert_eq!(
        "hook-succeeded".parse::<DeletePolicy>().unwrap_err().to_string(),
        "`hook-succeeded` is not a delete policy (expected one of HookSucceeded, HookFailed, BeforeHookCreation)"
    );
}
