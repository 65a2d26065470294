//! Planning a sync against live state: prune tasks, mirrored waves, PruneLast, live hooks, operation options.

use std::collections::BTreeMap;
use std::fmt::Write;

use hookplan::plan::{Action, LiveInstance, Skipped};
use hookplan::{ExclusionReason, Manifests, Plan, ResourceKey, SyncOperation, plan_sync_with_live};

/// A Pod document, with an optional wave and extra annotations.
fn pod(name: &str, wave: Option<i64>, extra: &[(&str, &str)]) -> String {
    let mut doc = format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  namespace: ns\n  annotations:\n");
    if let Some(wave) = wave {
        let _ = writeln!(doc, "    argocd.argoproj.io/sync-wave: \"{wave}\"");
    }
    for (key, value) in extra {
        let _ = writeln!(doc, "    {key}: \"{value}\"");
    }
    doc
}

fn set(docs: &[String], file: &str) -> Manifests {
    Manifests::parse(file, &docs.join("---\n"))
}

/// name → (action, wave) of every task.
fn waves(plan: &Plan) -> BTreeMap<String, (Action, i64)> {
    plan.tasks().map(|(step, t)| (t.resource.name.as_ref().unwrap().to_string(), (t.action, step.wave))).collect()
}

const P: Action = Action::Prune;
const A: Action = Action::Apply;

fn expect(plan: &Plan, expected: &[(&str, Action, i64)]) {
    let want: BTreeMap<String, (Action, i64)> = expected.iter().map(|(n, a, w)| ((*n).to_string(), (*a, *w))).collect();
    assert_eq!(waves(plan), want);
}

/// V10, prune wave mirroring (TestWaveReorderingOfPruneTasks).
#[test]
fn v10_prune_waves_are_mirrored() {
    let op = SyncOperation::new().prune(true);
    // differentWave_allPruneTasks
    let live: Vec<String> = (0..=4).map(|i| pod(&format!("pod{i}"), Some(i), &[])).collect();
    let plan = plan_sync_with_live(&Manifests::new(), &set(&live, "live.yaml"), &op);
    expect(&plan, &[("pod0", P, 4), ("pod1", P, 3), ("pod2", P, 2), ("pod3", P, 1), ("pod4", P, 0)]);
    // differentWave_mixedTasks
    let targets = set(&[pod("pod0", Some(0), &[]), pod("pod2", Some(2), &[])], "app.yaml");
    let live = set(&[pod("pod1", Some(1), &[]), pod("pod3", Some(3), &[]), pod("pod4", Some(4), &[])], "live.yaml");
    expect(
        &plan_sync_with_live(&targets, &live, &op),
        &[("pod0", A, 0), ("pod1", P, 4), ("pod2", A, 2), ("pod3", P, 3), ("pod4", P, 1)],
    );
    // pruneLast (app-level)
    let targets = set(&[pod("pod0", Some(0), &[])], "app.yaml");
    let live: Vec<String> = (1..=4).map(|i| pod(&format!("pod{i}"), Some(i), &[])).collect();
    let plan = plan_sync_with_live(&targets, &set(&live, "live.yaml"), &op.clone().option("PruneLast=true"));
    expect(&plan, &[("pod0", A, 0), ("pod1", P, 5), ("pod2", P, 5), ("pod3", P, 5), ("pod4", P, 5)]);
    // pruneLastIndividualResources
    let live = set(
        &[
            pod("pod1", Some(1), &[]),
            pod("pod2", Some(2), &[("argocd.argoproj.io/sync-options", "PruneLast=true")]),
            pod("pod3", Some(3), &[]),
            pod("pod4", Some(4), &[]),
        ],
        "live.yaml",
    );
    expect(
        &plan_sync_with_live(&targets, &live, &op),
        &[("pod0", A, 0), ("pod1", P, 4), ("pod2", P, 5), ("pod3", P, 2), ("pod4", P, 1)],
    );
    // mixedTasks
    let targets = set(&[pod("pod0", Some(-1), &[]), pod("pod2", Some(3), &[]), pod("pod6", Some(5), &[])], "app.yaml");
    let live = set(
        &[
            pod("pod1", Some(1), &[]),
            pod("pod3", Some(3), &[]),
            pod("pod4", Some(3), &[]),
            pod("pod5", Some(4), &[]),
            pod("pod7", Some(5), &[]),
        ],
        "live.yaml",
    );
    expect(
        &plan_sync_with_live(&targets, &live, &op),
        &[
            ("pod0", A, -1),
            ("pod1", P, 5),
            ("pod2", A, 3),
            ("pod3", P, 4),
            ("pod4", P, 4),
            ("pod5", P, 3),
            ("pod6", A, 5),
            ("pod7", P, 1),
        ],
    );
    // all in the same wave
    let live: Vec<String> = (1..=3).map(|i| pod(&format!("pod{i}"), None, &[])).collect();
    let plan = plan_sync_with_live(&set(&[pod("pod0", None, &[])], "app.yaml"), &set(&live, "live.yaml"), &op);
    assert!(plan.steps.iter().all(|s| s.wave == 0));
}

/// V11, PruneLast wave (TestPruneLast).
#[test]
fn v11_prune_last_wave() {
    let op = SyncOperation::new().prune(true).option("PruneLast=true");
    let plan = plan_sync_with_live(
        &set(&[pod("pod1", None, &[])], "app.yaml"),
        &set(&[pod("pod2", None, &[]), pod("pod3", None, &[])], "live.yaml"),
        &op,
    );
    expect(&plan, &[("pod1", A, 0), ("pod2", P, 1), ("pod3", P, 1)]);
    let plan = plan_sync_with_live(
        &set(&[pod("pod1", Some(2), &[])], "app.yaml"),
        &set(&[pod("pod2", Some(1), &[]), pod("pod3", Some(7), &[])], "live.yaml"),
        &op,
    );
    expect(&plan, &[("pod1", A, 2), ("pod2", P, 8), ("pod3", P, 8)]);
    // The baseline 0 makes the last wave at least 1, even when every wave is negative.
    let plan = plan_sync_with_live(
        &set(&[pod("pod1", Some(-5), &[])], "app.yaml"),
        &set(&[pod("pod2", Some(-3), &[])], "live.yaml"),
        &op,
    );
    expect(&plan, &[("pod1", A, -5), ("pod2", P, 1)]);
}

#[test]
fn prune_false_prune_confirm_and_the_prune_flag() {
    let live = set(
        &[
            pod("keep", None, &[("argocd.argoproj.io/sync-options", "Prune=false")]),
            pod("ask", None, &[("argocd.argoproj.io/sync-options", "Prune=confirm")]),
            pod("gone", None, &[]),
        ],
        "live.yaml",
    );
    let plan = plan_sync_with_live(&Manifests::new(), &live, &SyncOperation::new().prune(true));
    let by_name: BTreeMap<_, _> =
        plan.tasks().map(|(_, t)| (t.resource.name.as_deref().unwrap().to_string(), t.clone())).collect();
    assert_eq!(by_name["keep"].skipped, Some(Skipped::NoPrune));
    assert!(by_name["ask"].needs_confirmation && by_name["ask"].skipped.is_none());
    assert!(!by_name["gone"].needs_confirmation && by_name["gone"].skipped.is_none());
    assert!(plan.steps[0].waits_for_confirmation);
    // Approved: no wait. Without the prune flag: every prune is skipped and nothing waits.
    let approved =
        plan_sync_with_live(&Manifests::new(), &live, &SyncOperation::new().prune(true).deletion_approved(true));
    assert!(!approved.steps[0].waits_for_confirmation);
    // Without the prune flag every prune is skipped as "ignored (requires pruning)", `Prune=false` included: the
    // flag is read first (`pruneObject`, argo-cd@37ee009 gitops-engine/pkg/sync/sync_context.go). The
    // confirmation gate comes before it in `runTasks`, so `ask` still holds the step.
    let no_prune = plan_sync_with_live(&Manifests::new(), &live, &SyncOperation::new());
    let skipped: Vec<_> = no_prune.tasks().map(|(_, t)| t.skipped).collect();
    assert_eq!(skipped, [Some(Skipped::RequiresPruning); 3]);
    assert!(no_prune.steps[0].waits_for_confirmation);
    // The resource value overrides the Application's; the Application's applies otherwise.
    let app_false =
        plan_sync_with_live(&Manifests::new(), &live, &SyncOperation::new().prune(true).option("Prune=false"));
    let by_name: BTreeMap<_, _> =
        app_false.tasks().map(|(_, t)| (t.resource.name.as_deref().unwrap().to_string(), t.skipped)).collect();
    assert_eq!(by_name["gone"], Some(Skipped::NoPrune));
    assert_eq!(by_name["ask"], None);
}

#[test]
fn prune_tasks_run_first_in_their_step() {
    let plan = plan_sync_with_live(
        &set(&[pod("a", None, &[])], "app.yaml"),
        &set(&[pod("z", None, &[])], "live.yaml"),
        &SyncOperation::new().prune(true),
    );
    let actions: Vec<_> = plan.steps[0].tasks.iter().map(|t| t.action).collect();
    assert_eq!(actions, [Action::Prune, Action::Apply]);
}

#[test]
fn live_hooks_are_never_pruned_and_named_hooks_meet_their_previous_instance() {
    let hook = |name: &str, policy: &str| {
        format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\n  namespace: ns\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook-delete-policy: {policy}\n"
        )
    };
    let targets = set(&[hook("recreate", "BeforeHookCreation"), hook("over", "HookSucceeded")], "app.yaml");
    let live = set(
        &[hook("recreate", "BeforeHookCreation"), hook("over", "HookSucceeded"), hook("old-hook", "HookFailed")],
        "live.yaml",
    );
    let plan = plan_sync_with_live(&targets, &live, &SyncOperation::new().prune(true));
    let by_name: BTreeMap<_, _> =
        plan.tasks().map(|(_, t)| (t.resource.name.as_deref().unwrap().to_string(), t.live_instance)).collect();
    assert_eq!(by_name["recreate"], Some(LiveInstance::DeleteBeforeCreate));
    assert_eq!(by_name["over"], Some(LiveInstance::ApplyOver));
    assert!(!by_name.contains_key("old-hook"));
    let live_hook = plan.excluded.iter().find(|e| e.reason == ExclusionReason::LiveHook).unwrap();
    assert_eq!(live_hook.resource.as_ref().unwrap().name.as_deref(), Some("old-hook"));
    // A Skip target is still a target: its live object is not pruned.
    let skip = set(&[pod("s", None, &[("argocd.argoproj.io/hook", "Skip")])], "app.yaml");
    let plan = plan_sync_with_live(&skip, &set(&[pod("s", None, &[])], "live.yaml"), &SyncOperation::new().prune(true));
    assert!(plan.steps.is_empty());
    // An ignored hook is not a target: its live copy (without the annotation) is pruned (argo-cd@37ee009 gitops-engine/pkg/sync/ignore/ignore.go `Ignore`).
    let ignored = set(&[pod("g", None, &[("argocd.argoproj.io/hook", "Presync")])], "app.yaml");
    let plan =
        plan_sync_with_live(&ignored, &set(&[pod("g", None, &[])], "live.yaml"), &SyncOperation::new().prune(true));
    assert_eq!(waves(&plan), BTreeMap::from([("g".to_string(), (P, 0))]));
}

#[test]
fn create_namespace_adds_the_destination_namespace_in_presync() {
    let targets = set(&[pod("a", None, &[])], "app.yaml");
    let op = SyncOperation::new().namespace("ns").option("CreateNamespace=true");
    let plan = plan_sync_with_live(&targets, &Manifests::new(), &op);
    let first = &plan.steps[0];
    assert_eq!((first.phase.as_str(), first.wave), ("PreSync", 0));
    assert_eq!(first.tasks[0].resource.kind, "Namespace");
    assert_eq!(first.tasks[0].source, None, "added by the operation");
    // Not when a target or a live object is that Namespace, nor without the option.
    let ns = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n".to_string();
    assert!(
        plan_sync_with_live(&set(&[ns.clone(), pod("a", None, &[])], "app.yaml"), &Manifests::new(), &op).steps[0]
            .phase
            .as_str()
            != "PreSync"
    );
    assert_eq!(plan_sync_with_live(&targets, &set(&[ns], "live.yaml"), &op.clone().prune(false)).steps.len(), 1);
    assert_eq!(plan_sync_with_live(&targets, &Manifests::new(), &SyncOperation::new().namespace("ns")).steps.len(), 1);
}

#[test]
fn selective_sync_runs_no_hooks_and_only_the_selected_resources() {
    let targets = set(
        &[pod("a", None, &[]), pod("b", None, &[]), pod("h", None, &[("argocd.argoproj.io/hook", "PreSync")])],
        "app.yaml",
    );
    let live = set(&[pod("old", None, &[]), pod("other", None, &[])], "live.yaml");
    let selected =
        vec![ResourceKey::new("", "Pod", Some("ns"), Some("a")), ResourceKey::new("", "Pod", Some("ns"), Some("old"))];
    let plan = plan_sync_with_live(&targets, &live, &SyncOperation::new().prune(true).select(selected));
    expect(&plan, &[("a", A, 0), ("old", P, 0)]);
    let not_selected: Vec<_> = plan
        .excluded
        .iter()
        .filter(|e| e.reason == ExclusionReason::NotSelected)
        .map(|e| e.resource.as_ref().unwrap().name.as_deref().unwrap().to_string())
        .collect();
    assert_eq!(not_selected, ["b", "h", "other"]);
}

#[test]
fn apply_out_of_sync_only_leaves_unchanged_resources_out_but_keeps_hooks() {
    let targets = set(
        &[pod("same", None, &[]), pod("changed", None, &[]), pod("h", None, &[("argocd.argoproj.io/hook", "Sync")])],
        "app.yaml",
    );
    let live = set(
        &[pod("same", None, &[]), pod("changed", None, &[]), pod("h", None, &[("argocd.argoproj.io/hook", "Sync")])],
        "live.yaml",
    );
    let unchanged =
        vec![ResourceKey::new("", "Pod", Some("ns"), Some("same")), ResourceKey::new("", "Pod", Some("ns"), Some("h"))];
    let op = SyncOperation::new().option("ApplyOutOfSyncOnly=true").unchanged(unchanged.clone());
    expect(&plan_sync_with_live(&targets, &live, &op), &[("changed", A, 0), ("h", A, 0)]);
    // Without the option every resource is applied.
    let plain = plan_sync_with_live(&targets, &live, &SyncOperation::new().unchanged(unchanged));
    assert_eq!(waves(&plain).len(), 3);
}

#[test]
fn application_deletion_plan() {
    use hookplan::plan_delete;
    let targets = Manifests::parse(
        "app.yaml",
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: backup\n  namespace: ns\n  annotations:\n    argocd.argoproj.io/hook: PreDelete\n    argocd.argoproj.io/hook-delete-policy: HookSucceeded\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: farewell\n  namespace: ns\n  annotations:\n    argocd.argoproj.io/hook: PostDelete\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: ns\n",
    );
    let live = set(
        &[
            pod("late", Some(3), &[]),
            pod("early", Some(-1), &[]),
            pod("kept", Some(3), &[("argocd.argoproj.io/sync-options", "Delete=false")]),
            pod("keep", None, &[("helm.sh/resource-policy", "keep")]),
            pod("ask", None, &[("argocd.argoproj.io/sync-options", "Delete=confirm")]),
            "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n".to_string(),
        ],
        "live.yaml",
    );
    let plan = plan_delete(&targets, &live, &SyncOperation::new());
    let steps: Vec<(String, i64, Vec<String>, bool)> = plan
        .steps
        .iter()
        .map(|s| {
            let names =
                s.tasks.iter().map(|t| format!("{:?} {}", t.action, t.resource.name.as_deref().unwrap())).collect();
            (s.phase.to_string(), s.wave, names, s.waits_for_confirmation)
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("PreDelete".to_string(), 0, vec!["Create backup".to_string()], false),
            // `ask` needs confirmation: the whole deletion waits before its first wave.
            ("Delete".to_string(), 3, vec!["Delete late".to_string()], true),
            // The PreDelete hook this deletion created is deleted by the cascade in its wave (e2e TestPreDeleteHook).
            ("Delete".to_string(), 0, vec!["Delete ask".to_string(), "Delete backup".to_string()], false),
            ("Delete".to_string(), -1, vec!["Delete early".to_string()], false),
            ("PostDelete".to_string(), 0, vec!["Create farewell".to_string()], false),
        ]
    );
    let kept = crate::support::excluded_names(&plan);
    assert_eq!(
        kept,
        [
            // The target ConfigMap is no PreDelete or PostDelete hook: listed, not lost (app.yaml sorts first).
            ("c".to_string(), ExclusionReason::DeletedFromLive),
            ("kept".to_string(), ExclusionReason::DeleteDisabled),
            ("keep".to_string(), ExclusionReason::ResourcePolicyKeep),
            ("widgets.example.com".to_string(), ExclusionReason::Crd),
        ]
    );
    // Cleanup: the HookSucceeded PreDelete hook is already gone with the cascade, so the cleanup by policy has
    // nothing to delete; the PostDelete hook with the default policy stays.
    assert!(plan.hook_deletion.on_success.is_empty());
    // A non-cascading deletion keeps the hook for the cleanup by policy, as every live object stays.
    let non_cascading = plan_delete(&targets, &live, &SyncOperation::new().non_cascading(true));
    let cleanup: Vec<_> =
        non_cascading.hook_deletion.on_success.iter().map(|r| r.name.as_deref().unwrap().to_string()).collect();
    assert_eq!(cleanup, ["backup"]);
    assert!(plan.hook_deletion.on_failure.is_empty());
    assert!(plan.diagnostics.iter().any(|d| d.rule.name == "post-delete-hook-kept"));
    // An existing PreDelete hook is not created again; the Application's Delete=false keeps everything else.
    let running = plan_delete(
        &targets,
        &set(
            &[
                pod("x", None, &[]),
                "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: backup\n  namespace: ns\n".to_string(),
            ],
            "live.yaml",
        ),
        &SyncOperation::new().option("Delete=false"),
    );
    assert_eq!(running.steps[0].tasks[0].live_instance, Some(LiveInstance::AlreadyRunning));
    assert!(running.steps.iter().all(|s| s.phase.as_str() != "Delete"));
}

/// What each step waits for (`waitsFor`): hooks, health in a multi-step sync, pruned objects, the previous
/// instance of a BeforeHookCreation hook first; nothing for the last step without hooks.
#[test]
fn steps_say_what_they_wait_for() {
    use hookplan::plan::StepWait::{Health, HookCompletion, PreviousInstanceDeletion, PrunedDeletion};
    let waits = |plan: &hookplan::Plan| plan.steps.iter().map(|s| s.waits_for.clone()).collect::<Vec<_>>();
    let cm = |name: &str, wave: &str| {
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  annotations: {{argocd.argoproj.io/sync-wave: \"{wave}\"}}\n"
        )
    };
    // One step without hooks: the sync ends as soon as it is applied.
    let single = hookplan::plan_sync(&Manifests::parse("a.yaml", &cm("a", "0")), &SyncOperation::new());
    assert_eq!(waits(&single), [vec![]]);
    // Two waves: the first waits for health, the last ends at once.
    let two = hookplan::plan_sync(
        &Manifests::parse("a.yaml", &[cm("a", "0"), cm("b", "1")].join("---\n")),
        &SyncOperation::new(),
    );
    assert_eq!(waits(&two), [vec![Health], vec![]]);
    // A named hook with BeforeHookCreation whose previous instance is live, and a pruned object in wave 0.
    let hook =
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations: {argocd.argoproj.io/hook: Sync}\n";
    let targets = Manifests::parse("a.yaml", &[hook, &cm("b", "1")].join("---\n"));
    let live = Manifests::parse("live.yaml", &[hook, &cm("old", "0")].join("---\n"));
    let plan = hookplan::plan_sync_with_live(&targets, &live, &SyncOperation::new().prune(true));
    assert_eq!(waits(&plan)[0], [PreviousInstanceDeletion, HookCompletion, PrunedDeletion]);
    // The JSON says it too.
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(
        json["steps"][0]["waitsFor"],
        serde_json::json!(["previous-instance-deletion", "hook-completion", "pruned-deletion"])
    );
}

/// A live object without a namespace matches a target of the same group, kind and name in any namespace, as
/// Argo CD reconciles and finds live objects (argo-cd@37ee009 gitops-engine/pkg/sync: `Reconcile` in
/// reconcile.go, `TestReconcileWithUnknownDiscoveryDataForClusterScopedResources`; `liveObj` in sync_context.go,
/// `Test_syncContext_liveObj`). Each case: (test and case, target, live, the plan's (name, action) tasks, the
/// named hook's live instance).
#[test]
fn a_live_object_without_a_namespace_matches_in_any_namespace() {
    type Case<'a> = (&'a str, &'a str, &'a str, &'a [(&'a str, Action)], Option<LiveInstance>);
    let cluster_cr = |namespace: &str| {
        format!("apiVersion: example.com/v1\nkind: Tenant\nmetadata:\n  name: acme\n{namespace}spec: {{}}\n")
    };
    let hook = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: my-pod\n  namespace: my-ns\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n";
    let cases: [Case<'_>; 4] = [
        // TestReconcileWithUnknownDiscoveryDataForClusterScopedResources: a custom kind whose scope is unknown
        // (no CRD in the input), written with a namespace, is the live object without one: applied, not pruned.
        (
            "unknown scope, target with a namespace",
            &cluster_cr("  namespace: team-a\n"),
            &cluster_cr(""),
            &[("acme", Action::Apply)],
            None,
        ),
        // The same kind live in another namespace is another object: pruned, and the target applied.
        (
            "unknown scope, live in another namespace",
            &cluster_cr("  namespace: team-a\n"),
            &cluster_cr("  namespace: team-b\n"),
            &[("acme", Action::Prune), ("acme", Action::Apply)],
            None,
        ),
        // Test_syncContext_liveObj "Found" and "EmptyNamespace": a named hook finds its previous instance
        // whether the live Pod names its namespace or not (the default policy deletes it before creating).
        (
            "liveObj Found",
            hook,
            &hook.replace("    argocd.argoproj.io/hook: PreSync\n", ""),
            &[("my-pod", Action::Apply)],
            Some(LiveInstance::DeleteBeforeCreate),
        ),
        (
            "liveObj EmptyNamespace",
            hook,
            &hook.replace("  namespace: my-ns\n", "").replace("    argocd.argoproj.io/hook: PreSync\n", ""),
            &[("my-pod", Action::Apply)],
            Some(LiveInstance::DeleteBeforeCreate),
        ),
    ];
    for (name, target, live, tasks, instance) in cases {
        let plan = plan_sync_with_live(
            &Manifests::parse("target.yaml", target),
            &Manifests::parse("live.yaml", live),
            &SyncOperation::new().namespace("dest").prune(true),
        );
        let got: Vec<(String, Action)> =
            plan.tasks().map(|(_, t)| (t.resource.name.as_deref().unwrap().to_string(), t.action)).collect();
        let want: Vec<(String, Action)> = tasks.iter().map(|(n, a)| ((*n).to_string(), *a)).collect();
        assert_eq!(got, want, "{name}");
        let live_instance = plan.tasks().next().and_then(|(_, t)| t.live_instance);
        assert_eq!(live_instance, instance, "{name}");
    }
}

/// Whether deleting an object waits for approval: the object's own `Delete=` (else `Prune=`) value wins over the
/// Application's. Every case of argo-cd@37ee009 `controller/state_test.go` `Test_isObjRequiresDeletionConfirmation`:
/// (name, the object's sync options, the Application's, needs confirmation).
#[test]
fn deletion_confirmation_as_upstream_decides_it() {
    let cases: [(&str, &[&str], &[&str], bool); 9] = [
        ("default", &[], &[], false),
        ("confirm delete resource", &["Delete=confirm"], &[], true),
        ("confirm delete app", &[], &["Delete=confirm"], true),
        ("confirm prune resource", &[], &["Prune=confirm"], true),
        ("confirm app & resource delete", &["Delete=confirm"], &["Delete=confirm"], true),
        ("confirm app & resource override", &["Delete=foo"], &["Delete=confirm"], false),
        ("confirm app & resource mixed delete and prune", &["Delete=confirm"], &["Prune=confirm"], true),
        ("override prune resource", &["Prune=foo"], &["Prune=confirm"], false),
        (
            "override delete resource and additional delete confirm",
            &["Delete=foo"],
            &["Delete=confirm", "Prune=confirm"],
            true,
        ),
    ];
    for (name, object, app, expected) in cases {
        let live = if object.is_empty() {
            pod("p", None, &[])
        } else {
            pod("p", None, &[("argocd.argoproj.io/sync-options", &object.join(","))])
        };
        let mut operation = SyncOperation::new();
        for option in app {
            operation = operation.option(option);
        }
        let plan = hookplan::plan_delete(&Manifests::new(), &set(&[live], "live.yaml"), &operation);
        assert_eq!(plan.steps[0].tasks[0].needs_confirmation, expected, "{name}");
        assert_eq!(plan.steps[0].waits_for_confirmation, expected, "{name}");
    }
}

/// One object that needs confirmation holds the whole Application deletion before its first wave, whatever its
/// own wave (argo-cd@37ee009 `controller/appcontroller.go` `finalizeApplicationDeletion` returns before deleting
/// anything while one is unapproved).
#[test]
fn one_unconfirmed_object_holds_the_whole_deletion() {
    let live = set(
        &[pod("first", Some(5), &[]), pod("ask", Some(-3), &[("argocd.argoproj.io/sync-options", "Delete=confirm")])],
        "live.yaml",
    );
    let plan = hookplan::plan_delete(&Manifests::new(), &live, &SyncOperation::new());
    let steps: Vec<(i64, bool)> = plan.steps.iter().map(|s| (s.wave, s.waits_for_confirmation)).collect();
    assert_eq!(steps, [(5, true), (-3, false)]);
    let mut driver = hookplan::driver::DeleteDriver::new(plan).unwrap();
    match driver.what_next() {
        hookplan::driver::Next::WaitForConfirmation { message, .. } => {
            assert_eq!(message, "waiting for deletion confirmation of Pod/ns/ask");
        }
        other => panic!("the wave-5 object must not be deleted first: {other:?}"),
    }
}

/// The `apply` sync strategy runs no hook, SyncFail hooks included (argo-cd@37ee009 `controller/sync.go` passes
/// `IsApplyStrategy()` as `skipHooks`; `getSyncTasks` in gitops-engine `sync_context.go` then makes no hook task);
/// resources and prunes are planned as with the `hook` strategy.
#[test]
fn the_apply_strategy_runs_no_hooks() {
    let targets = set(
        &[
            pod("migrate", None, &[("argocd.argoproj.io/hook", "PreSync")]),
            pod("web", Some(1), &[]),
            pod("alert", None, &[("argocd.argoproj.io/hook", "SyncFail")]),
        ],
        "t.yaml",
    );
    let live = set(&[pod("old", None, &[])], "live.yaml");
    let hook = plan_sync_with_live(&targets, &live, &SyncOperation::new().prune(true));
    assert_eq!(hook.tasks().count(), 3, "migrate, web and the prune of old");
    assert_eq!(hook.sync_fail.len(), 1);
    let apply = plan_sync_with_live(&targets, &live, &SyncOperation::new().prune(true).apply_strategy(true));
    expect(&apply, &[("web", A, 1), ("old", P, 0)]);
    assert!(apply.sync_fail.is_empty());
    let skipped: Vec<(&str, ExclusionReason)> =
        apply.excluded.iter().map(|e| (e.resource.as_ref().unwrap().name.as_deref().unwrap(), e.reason)).collect();
    assert_eq!(skipped, [("migrate", ExclusionReason::ApplyStrategy), ("alert", ExclusionReason::ApplyStrategy)]);
}

/// A non-cascading Application deletion runs the PreDelete and PostDelete hooks and keeps every live object
/// (argo-cd@37ee009 `controller/appcontroller.go` `finalizeApplicationDeletion`: live objects are deleted only
/// `if app.CascadedDeletion()`, the hooks of both finalizers run either way).
#[test]
fn a_non_cascading_deletion_runs_the_hooks_and_keeps_the_resources() {
    let targets = set(
        &[
            pod("backup", None, &[("argocd.argoproj.io/hook", "PreDelete")]),
            pod("farewell", None, &[("argocd.argoproj.io/hook", "PostDelete")]),
        ],
        "t.yaml",
    );
    let live = set(&[pod("web", Some(1), &[]), pod("db", None, &[])], "live.yaml");
    let plan = hookplan::plan_delete(&targets, &live, &SyncOperation::new().non_cascading(true));
    let steps: Vec<String> = plan.steps.iter().map(|s| s.phase.to_string()).collect();
    assert_eq!(steps, ["PreDelete", "PostDelete"]);
    let kept: Vec<(&str, ExclusionReason)> = plan
        .excluded
        .iter()
        .filter(|e| e.reason == ExclusionReason::NonCascading)
        .map(|e| (e.resource.as_ref().unwrap().name.as_deref().unwrap(), e.reason))
        .collect();
    assert_eq!(kept, [("web", ExclusionReason::NonCascading), ("db", ExclusionReason::NonCascading)]);
    let cascading = hookplan::plan_delete(&targets, &live, &SyncOperation::new());
    assert_eq!(cascading.steps.len(), 4, "PreDelete, two Delete waves, PostDelete");
}

/// `CreateNamespace=true`: the Namespace is created on its own, before the dry run of everything else, and the
/// first pass waits until it is healthy, whatever the other waves (argo-cd@37ee009 gitops-engine
/// `sync_context.go` `Sync`; `TestSyncNamespaceCreatedBeforeDryRunWithoutFailure`: a Pod target, the state after
/// the first pass is "waiting for healthy state of /Namespace/...").
#[test]
fn create_namespace_is_a_step_of_its_own_before_every_wave() {
    use hookplan::plan::StepWait::{Health, HookCompletion};
    let op = SyncOperation::new().namespace("ns").option("CreateNamespace=true");
    let steps = |targets: &[String]| -> Vec<(String, i64, Vec<String>, Vec<hookplan::plan::StepWait>)> {
        plan_sync_with_live(&set(targets, "app.yaml"), &Manifests::new(), &op)
            .steps
            .iter()
            .map(|s| {
                let names = s
                    .tasks
                    .iter()
                    .map(|t| format!("{}/{}", t.resource.kind, t.resource.name.as_deref().unwrap_or("-")))
                    .collect();
                (s.phase.to_string(), s.wave, names, s.waits_for.clone())
            })
            .collect()
    };
    // The upstream test: one Pod.
    assert_eq!(
        steps(&[pod("a", None, &[])]),
        [
            ("PreSync".to_string(), 0, vec!["Namespace/ns".to_string()], vec![Health]),
            ("Sync".to_string(), 0, vec!["Pod/a".to_string()], vec![]),
        ]
    );
    // A PreSync hook in wave -1 still comes after the Namespace, as does another PreSync task of wave 0; the
    // Namespace takes the wave of the earliest object in it (the Namespace dependency), in a step of its own.
    assert_eq!(
        steps(&[
            pod("migrate", Some(-1), &[("argocd.argoproj.io/hook", "PreSync")]),
            pod("cfg", None, &[("argocd.argoproj.io/hook", "PreSync")]),
            pod("a", None, &[])
        ]),
        [
            ("PreSync".to_string(), -1, vec!["Namespace/ns".to_string()], vec![Health]),
            ("PreSync".to_string(), -1, vec!["Pod/migrate".to_string()], vec![HookCompletion]),
            ("PreSync".to_string(), 0, vec!["Pod/cfg".to_string()], vec![HookCompletion]),
            ("Sync".to_string(), 0, vec!["Pod/a".to_string()], vec![]),
        ]
    );
}
