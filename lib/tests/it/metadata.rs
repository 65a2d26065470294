//! The typed metadata (`hookplan::metadata::Objects`, `argocd::metadata`, `helm::metadata`): what it says is what
//! the plans do, and every value says where its annotation sits.

use std::collections::HashMap;

use hookplan::argocd::{ArgocdVersion, DeletePolicy, HookType, SyncOperation, sync_plan_of};
use hookplan::helm::{HelmCommand, HelmOperation, HookDeletePolicy, HookEvent, operation_plan_of};
use hookplan::metadata::Objects;
use hookplan::plan::{Action, DeletePolicies, Phase};
use hookplan::{Location, Manifests};

use crate::support::{corpus, corpus_files};

/// For every corpus file: each task of the Argo CD sync has the phase, wave, hook flag, delete policies and sync
/// options of its object's Argo CD metadata, and each hook task of the Helm install the event, weight and delete
/// policies of its object's Helm metadata. Namespaces and CRDs are left out of the phase and wave check: the sync
/// moves them before their first dependent (`adjustDeps`).
#[test]
fn the_metadata_of_every_corpus_file_agrees_with_its_plans() {
    let Some(dir) = corpus() else { return };
    let (mut argocd_tasks, mut helm_tasks) = (0, 0);
    for path in corpus_files(&dir) {
        let mut manifests = Manifests::new();
        manifests.read(&path.display().to_string(), &std::fs::read(&path).unwrap());
        let objects = Objects::new(&manifests, ArgocdVersion::NEWEST);
        let index: HashMap<&Location, usize> =
            objects.resources().iter().enumerate().map(|(i, r)| (&r.location, i)).collect();
        let file = path.display();

        let no_live = Manifests::new();
        let sync = sync_plan_of(&objects, &Objects::new(&no_live, ArgocdVersion::NEWEST), &SyncOperation::new());
        let sync_fail = sync.sync_fail.iter().map(|task| (Phase::SyncFail, None, task));
        let tasks = sync.steps.iter().flat_map(|s| s.tasks.iter().map(move |t| (s.phase, Some(s.wave), t)));
        for (phase, wave, task) in tasks.chain(sync_fail) {
            let Some(&i) = task.source.as_ref().and_then(|at| index.get(at)) else { continue };
            let (resource, metadata) = (&objects.resources()[i], objects.argocd(i));
            let what = format!("{file}: {}", task.resource);
            assert_eq!(task.hook, metadata.hook, "{what}");
            let policies: Vec<DeletePolicy> = task.delete_policies.iter().collect();
            let expected: &[DeletePolicy] = if metadata.hook { &metadata.delete_policies } else { &[] };
            assert_eq!(policies, expected, "{what}");
            assert_eq!(task.sync_options, metadata.sync_options, "{what}");
            let moved = (resource.kind == "Namespace" && resource.group.is_empty()) || resource.is_crd();
            if !moved {
                assert!(metadata.phases.iter().any(|p| Phase::from(*p) == phase), "{what}: {phase}");
                if let Some(wave) = wave {
                    assert_eq!(wave, metadata.wave, "{what}");
                }
            }
            argocd_tasks += 1;
        }

        let install = operation_plan_of(&objects, &HelmOperation::new(HelmCommand::Install));
        for step in &install.steps {
            let event = match step.phase {
                Phase::PreInstall => HookEvent::PreInstall,
                Phase::PostInstall => HookEvent::PostInstall,
                _ => {
                    for task in step.tasks.iter().filter(|t| t.action == Action::Apply) {
                        let Some(&i) = task.source.as_ref().and_then(|at| index.get(at)) else { continue };
                        assert!(objects.helm(i).is_regular(), "{file}: {}", task.resource);
                    }
                    continue;
                }
            };
            for task in step.tasks.iter().filter(|t| t.action == Action::Create) {
                let Some(&i) = task.source.as_ref().and_then(|at| index.get(at)) else { continue };
                let metadata = objects.helm(i);
                let what = format!("{file}: {}", task.resource);
                assert!(metadata.events.as_ref().is_some_and(|events| events.contains(&event)), "{what}");
                assert_eq!(step.wave, metadata.weight, "{what}");
                let policies: Vec<String> = match &task.delete_policies {
                    DeletePolicies::Helm(policies) => policies.iter().map(|p| p.as_str().to_string()).collect(),
                    other => panic!("{what}: {other:?}"),
                };
                let known: Vec<String> = metadata
                    .delete_policies
                    .iter()
                    .filter(|p| p.parse::<HookDeletePolicy>().is_ok())
                    .cloned()
                    .collect();
                assert_eq!(policies, known, "{what}");
                helm_tasks += 1;
            }
        }
    }
    assert!(argocd_tasks > 100 && helm_tasks > 10, "{argocd_tasks} Argo CD tasks, {helm_tasks} Helm hook tasks");
}

const JOB: &str = "\
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  annotations:
    argocd.argoproj.io/hook: PreSync, Presync
    argocd.argoproj.io/hook-delete-policy: HookSucceeded
    helm.sh/hook: pre-install
    helm.sh/hook-weight: \"-5\"
    helm.sh/hook-delete-policy: hook-failed
    argocd.argoproj.io/sync-wave: \"2\"
";

fn job() -> Manifests {
    Manifests::parse("job.yaml", JOB)
}

#[test]
fn a_wave_is_located_at_its_annotation() {
    let manifests = job();
    let metadata = hookplan::argocd::metadata(&manifests.resources()[0]);
    assert_eq!(metadata.wave, 2);
    assert_eq!(metadata.locations.wave, Some(Location::new("job.yaml", 0, 11, 5)));
}

#[test]
fn a_wave_from_the_hook_weight_is_located_at_the_hook_weight() {
    let manifests = Manifests::parse("job.yaml", &JOB.replace("sync-wave: \"2\"", "sync-wave: \" 2\""));
    let metadata = hookplan::argocd::metadata(&manifests.resources()[0]);
    assert_eq!((metadata.wave, metadata.wave_valid), (-5, false));
    assert_eq!(metadata.locations.wave.map(|at| at.line), Some(9));
}

#[test]
fn a_default_wave_has_no_location() {
    let manifests = Manifests::parse("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
    let metadata = hookplan::argocd::metadata(&manifests.resources()[0]);
    assert_eq!((metadata.wave, metadata.locations.wave), (0, None));
    assert!(metadata.locations.delete_policies.is_empty(), "the default policy comes from no annotation");
}

#[test]
fn hook_type_items_are_located_and_the_unknown_ones_kept() {
    let manifests = job();
    let metadata = hookplan::argocd::metadata(&manifests.resources()[0]);
    assert_eq!(metadata.hook_types, [HookType::PreSync]);
    assert_eq!(metadata.locations.hook_types.as_ref().map(|at| at.line), Some(6));
    let items: Vec<(&str, usize)> = metadata.hook_items.iter().map(|i| (i.text.as_str(), i.location.line)).collect();
    assert_eq!(items, [("PreSync", 6), ("Presync", 6)]);
    let unknown: Vec<&str> = metadata.unknown_hook_items().map(|i| i.text.as_str()).collect();
    assert_eq!(unknown, ["Presync"]);
}

#[test]
fn delete_policies_are_located_at_the_annotation_each_came_from() {
    let manifests = job();
    let metadata = hookplan::argocd::metadata(&manifests.resources()[0]);
    assert_eq!(metadata.delete_policies, [DeletePolicy::HookSucceeded, DeletePolicy::HookFailed]);
    let lines: Vec<usize> = metadata.locations.delete_policies.iter().map(|at| at.line).collect();
    assert_eq!(lines, [7, 10]);
}

#[test]
fn a_helm_weight_is_located_at_its_annotation() {
    let manifests = job();
    let metadata = hookplan::helm::metadata(&manifests.resources()[0]);
    assert_eq!(metadata.weight, -5);
    assert_eq!(metadata.locations.weight, Some(Location::new("job.yaml", 0, 9, 5)));
    assert_eq!(metadata.locations.events.map(|at| at.line), Some(8));
    assert_eq!(metadata.locations.delete_policies.map(|at| at.line), Some(10));
    let argocd = hookplan::argocd::metadata(&manifests.resources()[0]);
    assert_eq!((argocd.helm_weight, argocd.locations.helm_weight.map(|at| at.line)), (Some(-5), Some(9)));
}

/// An unquoted weight is a YAML number: Helm reads it as text, so its weight and its location are there; Argo CD
/// reads no annotation of the object, so none of its values has a location.
#[test]
fn an_unquoted_helm_weight_is_located_for_helm_only() {
    let manifests = Manifests::parse(
        "job.yaml",
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install\n    \
         helm.sh/hook-weight: 5\n",
    );
    let helm = hookplan::helm::metadata(&manifests.resources()[0]);
    assert_eq!((helm.weight, helm.locations.weight.map(|at| at.line)), (5, Some(7)));
    let argocd = hookplan::argocd::metadata(&manifests.resources()[0]);
    assert_eq!((argocd.wave, argocd.locations.wave, argocd.locations.helm_weight), (0, None, None));
}

/// Objects read for one Argo CD release and planned for another are read again, as the operation's release reads
/// them: the plan follows the operation.
#[test]
fn objects_read_for_another_release_are_read_again() {
    let manifests = Manifests::parse(
        "hook.yaml",
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: cleanup\n  annotations:\n    \
         argocd.argoproj.io/hook: PreDelete\n",
    );
    let old: ArgocdVersion = "3.2".parse().unwrap();
    let objects = Objects::new(&manifests, ArgocdVersion::NEWEST);
    assert!(objects.argocd(0).pre_delete && objects.argocd(0).delete_only);
    let no_live = Manifests::new();
    let operation = SyncOperation::new().argocd_version(old);
    let plan = sync_plan_of(&objects, &Objects::new(&no_live, ArgocdVersion::NEWEST), &operation);
    assert_eq!(plan, hookplan::argocd::sync_plan(&manifests, &no_live, &operation));
    assert_eq!(plan.excluded[0].reason.as_str(), "no-sync-phase", "v3.2 does not know PreDelete");
}

/// Helm reads only a document's head, so the item of a `kind: List` in the previous release is a manifest of the
/// release whatever its own `helm.sh/hook` says (the metadata's reading): an upgrade without it prunes it. (Before
/// the planner read the previous release through the metadata, it took the item's own annotation for a hook and
/// left it out of the prune.)
#[test]
fn a_list_item_of_the_previous_release_is_pruned_as_a_manifest() {
    let previous = Manifests::parse(
        "previous.yaml",
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: old\n    \
         annotations: {helm.sh/hook: pre-install}\n",
    );
    assert!(hookplan::helm::metadata(&previous.resources()[0]).is_regular());
    let chart = Manifests::parse("chart.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: new\n");
    let plan = hookplan::helm::operation_plan(&chart, &HelmOperation::new(HelmCommand::Upgrade).previous(previous));
    let actions: Vec<String> = plan.tasks().map(|(_, t)| format!("{} {}", t.action, t.resource)).collect();
    assert_eq!(actions, ["apply ConfigMap/new", "prune ConfigMap/old"]);
}
