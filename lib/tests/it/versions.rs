//! Argo CD releases (`SyncOperation::argocd_version`, `--argocd-version`): upstream's tests at the release tags,
//! ported as data, and the behaviours read off each release's code.
//!
//! Sources: argoproj/argo-cd tags v2.10.0 to v3.5.1 (`controller/`), and argoproj/gitops-engine at the commits
//! those tags pin (`792124280fcc` for v2.10.0, `c19f8cfa4d27` for v2.14.0, `093aef0dad58` for v3.1.0).

use std::collections::BTreeMap;

use hookplan::argocd::ArgocdVersion;
use hookplan::argocd::hook::{HookClass, is_post_delete_hook_in, is_pre_delete_hook_in};
use hookplan::driver::{DeleteDriver, Health, Next, Outcome, SyncDriver, WaitFor};
use hookplan::plan::{Action, Phase, StepWait};
use hookplan::{Annotations, ExclusionReason, Manifests, Plan, SyncOperation, plan_delete, plan_sync_with_live};

fn v(text: &str) -> ArgocdVersion {
    text.parse().unwrap()
}

fn annotations(pairs: &[(&str, &str)]) -> Annotations {
    pairs.iter().copied().collect()
}

const HOOK: &str = "argocd.argoproj.io/hook";
const HELM: &str = "helm.sh/hook";

/// `TestIsPreDeleteHook` and `TestIsPostDeleteHook` in argo-cd `controller/hook_test.go` at v3.3.0 (the whole
/// value) and v3.3.3 (items, the "&" cases), with the releases before them read off `isPostDeleteHook`
/// (v2.10.0 to v3.2: `val == v`, no PreDelete).
#[test]
fn delete_hooks_by_release() {
    // (annotations, [(release, is PreDelete, is PostDelete)])
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a [(&'a str, bool, bool)]);
    let cases: &[Case<'_>] = &[
        (&[(HOOK, "PreDelete")], &[("2.10", false, false), ("3.2", false, false), ("3.3.0", true, false)]),
        (&[(HELM, "pre-delete")], &[("3.2", false, false), ("3.3.0", true, false)]),
        (&[(HOOK, "PostDelete")], &[("2.10", false, true), ("3.3.0", false, true), ("3.5", false, true)]),
        (&[(HELM, "post-delete")], &[("2.10", false, true), ("3.3.0", false, true)]),
        (
            &[(HOOK, "PostDelete,PreDelete")],
            &[("3.2", false, false), ("3.3.2", false, false), ("3.3.3", true, true), ("3.4", true, true)],
        ),
        (&[(HELM, "post-delete,pre-delete")], &[("3.3.2", false, false), ("3.3.3", true, true)]),
        (&[(HELM, "pre-delete,post-delete")], &[("3.3.3", true, true)]),
        (&[(HOOK, " PostDelete")], &[("3.3.2", false, false), ("3.3.3", false, true)]),
        (&[("some-other", "annotation")], &[("2.10", false, false), ("3.5", false, false)]),
    ];
    for (pairs, expected) in cases {
        let a = annotations(pairs);
        for &(release, pre, post) in *expected {
            assert_eq!(
                (is_pre_delete_hook_in(&a, v(release)), is_post_delete_hook_in(&a, v(release))),
                (pre, post),
                "{pairs:?} at {release}"
            );
        }
    }
}

/// Which manifests reach the engine: `TestPartitionTargetObjsForSync` (argo-cd v3.3.5 `controller/hook_test.go`)
/// from v3.3.5; from v3.3.0 to v3.3.4 `CompareAppState` drops every PreDelete and PostDelete hook; before v3.3.0
/// nothing is dropped and the engine's own reading decides (a hook without a usable type is ignored).
#[test]
fn delete_hooks_kept_out_of_the_sync_by_release() {
    let run = |pairs: &[(&str, &str)], release: &str| {
        let class = HookClass::of_version(&annotations(pairs), v(release));
        (class.delete_only, class.phases().map(|p| p.to_string()).collect::<Vec<_>>())
    };
    let post_sync = || vec!["PostSync".to_string()];
    let pre_sync = || vec!["PreSync".to_string()];
    // "PostSync with PreDelete and PostDelete in same annotation stays in sync set"
    let combined = &[(HOOK, "PostSync,PreDelete,PostDelete")][..];
    assert_eq!(run(combined, "3.3.5"), (false, post_sync()));
    assert_eq!(run(combined, "3.3.4"), (true, post_sync()), "dropped from the sync before the fix");
    assert_eq!(run(combined, "3.2"), (false, post_sync()), "not a delete hook before v3.3.3: a PostSync hook");
    // "PreDelete-only manifest excluded from sync", "PostDelete-only manifest excluded from sync"
    assert_eq!(run(&[(HOOK, "PreDelete")], "3.3.5"), (true, vec![]));
    assert_eq!(run(&[(HOOK, "PostDelete")], "3.3.5"), (true, vec![]));
    assert_eq!(run(&[(HOOK, "PostDelete")], "2.10"), (true, vec![]), "ignored by the engine, run on deletion");
    assert_eq!(run(&[(HOOK, "PreDelete")], "3.2"), (false, vec![]), "a hook without a usable type");
    // "Helm pre-delete only excluded from sync", "Helm pre-install with pre-delete stays in sync"
    assert_eq!(run(&[(HELM, "pre-delete")], "3.3.5"), (true, vec![]));
    assert_eq!(run(&[(HELM, "pre-install,pre-delete")], "3.3.5"), (false, pre_sync()));
    assert_eq!(run(&[(HELM, "pre-install,pre-delete")], "3.3.4"), (true, pre_sync()));
    assert_eq!(run(&[(HELM, "pre-install,pre-delete")], "3.2"), (false, pre_sync()));
    // "Non-hook resource unchanged"
    assert_eq!(run(&[("app", "x")], "2.10"), (false, vec!["Sync".to_string()]));
}

fn pod(name: &str, wave: i64, sync_options: Option<&str>) -> String {
    let mut doc = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  namespace: ns\n  annotations:\n    argocd.argoproj.io/sync-wave: \"{wave}\"\n"
    );
    if let Some(options) = sync_options {
        doc += "    argocd.argoproj.io/sync-options: \"";
        doc += options;
        doc += "\"\n";
    }
    doc
}

fn set(docs: &[String]) -> Manifests {
    Manifests::parse("m.yaml", &docs.join("---\n"))
}

/// name → (action, wave) of every task.
fn waves(plan: &Plan) -> BTreeMap<String, (Action, i64)> {
    plan.tasks().map(|(step, t)| (t.resource.name.as_ref().unwrap().to_string(), (t.action, step.wave))).collect()
}

fn expect(plan: &Plan, expected: &[(&str, Action, i64)]) {
    let want: BTreeMap<String, (Action, i64)> = expected.iter().map(|(n, a, w)| ((*n).to_string(), (*a, *w))).collect();
    assert_eq!(waves(plan), want);
}

const P: Action = Action::Prune;
const A: Action = Action::Apply;

/// `TestPruneLast` in argoproj/gitops-engine `pkg/sync/sync_context_test.go` at `792124280fcc` (Argo CD
/// v2.10.0 to v2.10.9): "last wave is the last sync wave for non-prune task + 1"; prune tasks keep their own waves.
#[test]
fn v2_10_prune_last_counts_applied_waves_only_and_prunes_keep_their_waves() {
    let op = SyncOperation::new().prune(true).argocd_version(v("2.10.9"));
    // syncPhaseSameWave
    let plan = plan_sync_with_live(
        &set(&[pod("pod-1", 0, None)]),
        &set(&[pod("pod-2", 0, None), pod("pod-3", 0, None)]),
        &op.clone().option("PruneLast=true"),
    );
    expect(&plan, &[("pod-1", A, 0), ("pod-2", P, 1), ("pod-3", P, 1)]);
    // syncPhaseDifferentWave: 2 + 1, not 7 + 1 as from v2.11 (the prune waves are counted there).
    let targets = set(&[pod("pod-1", 2, None)]);
    let live = set(&[pod("pod-2", 1, None), pod("pod-3", 7, None)]);
    expect(
        &plan_sync_with_live(&targets, &live, &op.clone().option("PruneLast=true")),
        &[("pod-1", A, 2), ("pod-2", P, 3), ("pod-3", P, 3)],
    );
    let newest = SyncOperation::new().prune(true).option("PruneLast=true");
    expect(&plan_sync_with_live(&targets, &live, &newest), &[("pod-1", A, 2), ("pod-2", P, 8), ("pod-3", P, 8)]);
    // pruneLastIndividualResources
    let live = set(&[pod("pod-2", 1, Some("PruneLast=true")), pod("pod-3", 7, Some("PruneLast=true"))]);
    expect(&plan_sync_with_live(&targets, &live, &op), &[("pod-1", A, 2), ("pod-2", P, 3), ("pod-3", P, 3)]);
    // Without PruneLast, v2.10 prunes each object in its own wave (v2.11 mirrors them: 1 <-> 7).
    let live = set(&[pod("pod-2", 1, None), pod("pod-3", 7, None)]);
    expect(&plan_sync_with_live(&targets, &live, &op), &[("pod-1", A, 2), ("pod-2", P, 1), ("pod-3", P, 7)]);
    expect(
        &plan_sync_with_live(&targets, &live, &SyncOperation::new().prune(true).argocd_version(v("2.11"))),
        &[("pod-1", A, 2), ("pod-2", P, 7), ("pod-3", P, 1)],
    );
}

/// Before v2.10.10 (2.10 line) and v2.11.0 nothing waits for pruned objects to be gone
/// (`TestWaitForCleanUpBeforeNextWave` came with gitops-engine `5fd9f44`): the plan's steps do not say so, and the
/// driver completes a prune when its delete call returns.
#[test]
fn v2_10_does_not_wait_for_pruned_objects() {
    let targets = set(&[pod("pod-1", 1, None)]);
    let live = set(&[pod("old", 0, None)]);
    for (release, waits) in [("2.10.9", false), ("2.10.10", true), ("2.10", true), ("2.11.0", true), ("3.5", true)] {
        let plan = plan_sync_with_live(&targets, &live, &SyncOperation::new().prune(true).argocd_version(v(release)));
        let prune_step = plan.steps.iter().find(|s| s.tasks.iter().any(|t| t.action == P)).unwrap();
        assert_eq!(prune_step.waits_for.contains(&StepWait::PrunedDeletion), waits, "{release}");
        let mut driver = SyncDriver::new(plan).unwrap();
        let Next::Prune(ids) = driver.what_next() else { panic!("{release}: a prune first") };
        driver.report(ids[0], Outcome::Applied).unwrap();
        let next = driver.what_next();
        if waits {
            assert!(matches!(next, Next::Wait { wait_for: WaitFor::Deletion, .. }), "{release}: {next:?}");
        } else {
            assert!(matches!(next, Next::Apply(_)), "{release}: {next:?}");
        }
    }
}

/// `Prune=confirm` from v2.14.0 (argoproj/gitops-engine `runTasks` at `c19f8cfa4d27`: the object's exact item,
/// the message `Waiting for pruning confirmation of APIVERSION/KIND/NAME`); the Application's `Prune=` from
/// v3.4 (`TestPruneConfirmAppLevel`); nothing before v2.14.
#[test]
fn prune_confirmation_by_release() {
    let live = set(&[pod("ask", 0, Some("Prune=confirm")), pod("other", 0, Some("Prune=confirm"))]);
    let confirm = |release: &str| {
        let plan =
            plan_sync_with_live(&Manifests::new(), &live, &SyncOperation::new().prune(true).argocd_version(v(release)));
        let waits = plan.steps[0].waits_for_confirmation;
        let message = match SyncDriver::new(plan).unwrap().what_next() {
            Next::WaitForConfirmation { message, .. } => Some(message),
            _ => None,
        };
        (waits, message)
    };
    assert_eq!(confirm("2.13"), (false, None));
    assert_eq!(
        confirm("2.14.0"),
        (true, Some("Waiting for pruning confirmation of v1/Pod/ask and 1 more resources".to_string()))
    );
    assert_eq!(
        confirm("3.5"),
        (true, Some("waiting for pruning confirmation of /Pod/ask and 1 more resources".into()))
    );
    // The Application's `Prune=confirm` (TestPruneConfirmAppLevel) and `Prune=false` from v3.4 only.
    let unannotated = set(&[pod("gone", 0, None)]);
    for (option, release, confirms, skipped) in [
        ("Prune=confirm", "3.4.0", true, false),
        ("Prune=confirm", "3.3", false, false),
        ("Prune=false", "3.4.0", false, true),
        ("Prune=false", "3.3", false, false),
    ] {
        let op = SyncOperation::new().prune(true).option(option).argocd_version(v(release));
        let plan = plan_sync_with_live(&Manifests::new(), &unannotated, &op);
        let task = &plan.steps[0].tasks[0];
        assert_eq!((task.needs_confirmation, task.skipped.is_some()), (confirms, skipped), "{option} at {release}");
    }
    // Before v3.4 only exact items count, so both of `Prune=false,Prune=confirm` do; from v3.4 the first value.
    let both = set(&[pod("both", 0, Some("Prune=false,Prune=confirm"))]);
    for (release, confirms, skipped) in [("3.3", true, true), ("3.4", false, true)] {
        let plan =
            plan_sync_with_live(&Manifests::new(), &both, &SyncOperation::new().prune(true).argocd_version(v(release)));
        let task = &plan.steps[0].tasks[0];
        assert_eq!((task.needs_confirmation, task.skipped.is_some()), (confirms, skipped), "{release}");
    }
}

/// `CreateNamespace=true`: from v3.1 the Namespace is a step of its own before the dry run
/// (`TestSyncNamespaceCreatedBeforeDryRunWithoutFailure`); before, a PreSync task of wave 0 ordered with the
/// others (`TestNamespaceAutoCreation`, "pre-sync task created", gitops-engine at `792124280fcc`).
#[test]
fn created_namespace_by_release() {
    let hook = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n";
    let targets = Manifests::parse(
        "m.yaml",
        &[hook, &pod("web", -1, None).replace("namespace: ns", "namespace: shop")].join("---\n"),
    );
    let steps = |release: &str| {
        let op = SyncOperation::new().namespace("shop").option("CreateNamespace=true").argocd_version(v(release));
        let plan = plan_sync_with_live(&targets, &Manifests::new(), &op);
        plan.steps
            .iter()
            .map(|s| (s.phase.to_string(), s.wave, s.tasks.iter().map(|t| t.resource.kind.to_string()).collect()))
            .collect::<Vec<(String, i64, Vec<String>)>>()
    };
    let s = |phase: &str, wave: i64, kinds: &[&str]| {
        (phase.to_string(), wave, kinds.iter().map(ToString::to_string).collect())
    };
    assert_eq!(
        steps("3.0"),
        [s("PreSync", 0, &["Namespace", "Job"]), s("Sync", -1, &["Pod"])],
        "a PreSync task, kind order first"
    );
    assert_eq!(
        steps("3.1.0"),
        [s("PreSync", 0, &["Namespace"]), s("PreSync", 0, &["Job"]), s("Sync", -1, &["Pod"])],
        "its own first step"
    );
}

/// Application deletion: no PreDelete before v3.3.0; `Delete=confirm` from v2.14 (the object's exact item,
/// argo-cd v2.14.0 `controller/state.go`); the Application's `Delete=` and `Prune=confirm` from v3.4
/// (`Test_isObjRequiresDeletionConfirmation`); a Degraded delete hook deleted for a retry from v3.3.0.
#[test]
fn application_deletion_by_release() {
    let pre = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: backup\n  namespace: ns\n  annotations:\n    argocd.argoproj.io/hook: PreDelete\n";
    let post = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: notify\n  namespace: ns\n  annotations:\n    argocd.argoproj.io/hook: PostDelete\n";
    let targets = Manifests::parse("m.yaml", &[pre, post].join("---\n"));
    let live = set(&[pod("web", 0, None)]);
    let phases = |release: &str| {
        let plan = plan_delete(&targets, &live, &SyncOperation::new().argocd_version(v(release)));
        let phases: Vec<Phase> = plan.steps.iter().map(|s| s.phase).collect();
        let retried: usize = plan.steps.iter().map(|s| s.on_failure_delete.len()).sum();
        let backup =
            plan.excluded.iter().find(|e| e.resource.as_ref().and_then(|r| r.name.as_deref()) == Some("backup"));
        (phases, retried, backup.map(|e| e.reason))
    };
    assert_eq!(phases("3.2"), (vec![Phase::Delete, Phase::PostDelete], 0, Some(ExclusionReason::DeletedFromLive)));
    assert_eq!(phases("3.3.0"), (vec![Phase::PreDelete, Phase::Delete, Phase::PostDelete], 2, None));

    let confirm = |options: Option<&str>, app: Option<&str>, release: &str| {
        let live = set(&[pod("web", 0, options)]);
        let mut op = SyncOperation::new().argocd_version(v(release));
        if let Some(app) = app {
            op = op.option(app);
        }
        let plan = plan_delete(&Manifests::new(), &live, &op);
        (plan.steps.first().map(|s| s.waits_for_confirmation), plan.excluded.len())
    };
    assert_eq!(confirm(Some("Delete=confirm"), None, "2.13"), (Some(false), 0));
    assert_eq!(confirm(Some("Delete=confirm"), None, "2.14.0"), (Some(true), 0));
    assert_eq!(confirm(Some("Prune=confirm"), None, "3.3"), (Some(false), 0), "only Delete=confirm before v3.4");
    assert_eq!(confirm(Some("Prune=confirm"), None, "3.4.0"), (Some(true), 0));
    assert_eq!(confirm(None, Some("Delete=confirm"), "3.3"), (Some(false), 0));
    assert_eq!(confirm(None, Some("Delete=confirm"), "3.4.0"), (Some(true), 0));
    assert_eq!(confirm(None, Some("Delete=false"), "3.3"), (Some(false), 0));
    assert_eq!(confirm(None, Some("Delete=false"), "3.4.0"), (None, 1), "kept: delete-disabled");
    // The target's `Delete=confirm` counts as well as the live object's (`RequiresDeletionConfirmation: targetObj
    // ... || liveObj ...`, argo-cd v2.14.0 and argo-cd@37ee009 `controller/state.go`).
    let target = set(&[pod("web", 0, Some("Delete=confirm"))]);
    for (release, waits) in [("2.13", false), ("2.14.0", true), ("3.5", true)] {
        let plan = plan_delete(&target, &set(&[pod("web", 0, None)]), &SyncOperation::new().argocd_version(v(release)));
        assert_eq!(plan.steps[0].waits_for_confirmation, waits, "{release}");
    }

    // A Degraded PostDelete hook: from v3.3.0 it is deleted and the attempt fails; before, it counts as done.
    for (release, retried) in [("3.2", false), ("3.3.0", true)] {
        let plan = plan_delete(
            &Manifests::parse("m.yaml", post),
            &Manifests::new(),
            &SyncOperation::new().argocd_version(v(release)),
        );
        let mut driver = DeleteDriver::new(plan).unwrap();
        let Next::Apply(ids) = driver.what_next() else { panic!("{release}: the hook is created") };
        driver.report(ids[0], Outcome::Applied).unwrap();
        driver.report(ids[0], Outcome::Health(Health::Degraded)).unwrap();
        let next = driver.what_next();
        assert_eq!(matches!(next, Next::DeleteHooks(_)), retried, "{release}: {next:?}");
    }
}

/// The v3.4 sync engine: a running task whose object disappeared fails (pull request #26286); before, it keeps
/// running; and the running message's wording (`Test_setRunningPhase` from v3.4; the first task's before).
#[test]
fn sync_engine_changes_of_v3_4() {
    let hook = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  namespace: ns\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n";
    let plan = |release: &str| {
        plan_sync_with_live(
            &Manifests::parse("m.yaml", &[hook, &pod("web", 0, None)].join("---\n")),
            &Manifests::new(),
            &SyncOperation::new().argocd_version(v(release)),
        )
    };
    for (release, fails) in [("3.3", false), ("3.4.0", true)] {
        let mut driver = SyncDriver::new(plan(release)).unwrap();
        let Next::Apply(ids) = driver.what_next() else { panic!() };
        driver.report(ids[0], Outcome::Applied).unwrap();
        driver.report(ids[0], Outcome::Gone).unwrap();
        let next = driver.what_next();
        if fails {
            assert_eq!(
                next,
                Next::Done {
                    succeeded: false,
                    message: "one or more synchronization tasks completed unsuccessfully, reason: Resource \
                              batch/Job/migrate is missing, it might have been deleted"
                        .into()
                }
            );
        } else {
            assert!(matches!(next, Next::Wait { wait_for: WaitFor::HookCompletion, .. }), "{next:?}");
        }
    }
}

/// Sync options newer than the release are ignored by it, as any item it does not know: `Force=true` from
/// v2.12.0 (gitops-engine #560), `Prune=confirm`, `Delete=confirm` and `ServerSideApply=false` from v2.14.0
/// (gitops-engine #630, #634).
#[test]
fn sync_options_newer_than_the_release() {
    let manifests = set(&[pod("web", 0, Some("Prune=confirm,Force=true,PruneLast=true"))]);
    let at = |release: &str| -> Vec<String> {
        hookplan::check::lint_with(&manifests, &SyncOperation::new().argocd_version(v(release)))
            .into_iter()
            .filter(|d| d.rule.name == "unknown-sync-option")
            .map(|d| d.message)
            .collect()
    };
    assert_eq!(
        at("2.11.0"),
        [
            "`Prune=confirm` is new in Argo CD v2.14.0; v2.11.0 ignores it: the object is pruned without waiting for \
             approval",
            "`Force=true` is new in Argo CD v2.11.1; v2.11.0 ignores it: the object is applied without force",
        ]
    );
    assert_eq!(at("2.11.1").len(), 1);
    assert_eq!(at("2.11").len(), 1, "the newest 2.11.x reads Force=true");
    assert_eq!(at("2.12.0").len(), 1);
    assert!(at("2.14.0").is_empty() && at("3.5").is_empty());
}

/// `Force=true` per release line: argoproj/gitops-engine `fbecbb8` (pull request #560, upstream test
/// `TestSync_Force`) is pinned from v2.10.10 (argo-cd #18123), v2.11.1 (#18125) and v2.12.0; v2.10.0 to v2.10.9 pin
/// `7921242` and v2.11.0 `5fd9f44`, which apply without force whatever the annotation.
#[test]
fn force_is_read_from_its_patch_release_on_each_line() {
    let manifests = set(&[pod("web", 0, Some("Force=true"))]);
    let at = |release: &str| -> Vec<String> {
        hookplan::check::lint_with(&manifests, &SyncOperation::new().argocd_version(v(release)))
            .into_iter()
            .filter(|d| d.rule.name == "unknown-sync-option")
            .map(|d| d.message)
            .collect()
    };
    let ignored = |first: &str, release: &str| {
        vec![format!(
            "`Force=true` is new in Argo CD v{first}; v{release} ignores it: the object is applied without force"
        )]
    };
    assert_eq!(at("2.10.0"), ignored("2.10.10", "2.10.0"));
    assert_eq!(at("2.10.9"), ignored("2.10.10", "2.10.9"));
    assert_eq!(at("2.11.0"), ignored("2.11.1", "2.11.0"));
    for release in ["2.10.10", "2.10", "2.11.1", "2.11", "2.12.0", "3.5"] {
        assert!(at(release).is_empty(), "{release}");
        assert!(v(release).reads_sync_option("Force=true"), "{release}");
    }
}

/// `TestWaveReorderingOfPruneTasks` ("differentWave_allPruneTasks", "differentWave_mixedTasks") and
/// `TestWaitForCleanUpBeforeNextWave` (argoproj/gitops-engine `pkg/sync/sync_context_test.go` at `5fd9f44`, pull
/// request #538) per release line: the change is pinned from v2.10.10 (through `fbecbb8`, argo-cd #18123) and
/// v2.11.0; v2.10.0 to v2.10.9 keep each prune task in its own wave and do not wait for pruned objects.
#[test]
fn prune_waves_mirrored_from_its_patch_release_on_each_line() {
    let ns = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n".to_string();
    let all = [ns.clone(), pod("pod1", 1, None), pod("pod2", 2, None), pod("pod3", 3, None), pod("pod4", 4, None)];
    let plan = |targets: &Manifests, live: &Manifests, release: &str| {
        plan_sync_with_live(targets, live, &SyncOperation::new().prune(true).argocd_version(v(release)))
    };
    // differentWave_allPruneTasks: target all nil.
    for release in ["2.10.10", "2.10", "2.11.0", "3.5"] {
        let p = plan(&Manifests::new(), &set(&all), release);
        expect(&p, &[("ns", P, 4), ("pod1", P, 3), ("pod2", P, 2), ("pod3", P, 1), ("pod4", P, 0)]);
    }
    let p = plan(&Manifests::new(), &set(&all), "2.10.9");
    expect(&p, &[("ns", P, 0), ("pod1", P, 1), ("pod2", P, 2), ("pod3", P, 3), ("pod4", P, 4)]);
    // differentWave_mixedTasks: target ns, pod2; prune waves {1, 3, 4} mirrored.
    let targets = set(&[ns.clone(), pod("pod2", 2, None)]);
    let mirrored = [("ns", A, 0), ("pod1", P, 4), ("pod2", A, 2), ("pod3", P, 3), ("pod4", P, 1)];
    expect(&plan(&targets, &set(&all), "2.10.10"), &mirrored);
    expect(&plan(&targets, &set(&all), "2.11.0"), &mirrored);
    expect(
        &plan(&targets, &set(&all), "2.10.9"),
        &[("ns", A, 0), ("pod1", P, 1), ("pod2", A, 2), ("pod3", P, 3), ("pod4", P, 4)],
    );
    // TestWaitForCleanUpBeforeNextWave: pod1..pod3 in waves 1..3, all pruned; each step waits for its deletion.
    let live = set(&[pod("pod1", 1, None), pod("pod2", 2, None), pod("pod3", 3, None)]);
    for (release, waits) in [("2.10.9", false), ("2.10.10", true), ("2.11.0", true)] {
        let p = plan(&Manifests::new(), &live, release);
        let first = &p.steps[0];
        let names: Vec<&str> = first.tasks.iter().map(|t| t.resource.name.as_deref().unwrap()).collect();
        assert_eq!(names, [if waits { "pod3" } else { "pod1" }], "{release}");
        assert_eq!(first.waits_for.contains(&StepWait::PrunedDeletion), waits, "{release}");
    }
}

/// name → exclusion reason, and the names of the applied and pruned tasks.
fn outcome(plan: &Plan) -> (Vec<String>, Vec<String>, Vec<String>) {
    let names = |action: Action| {
        plan.tasks()
            .filter(|(_, t)| t.action == action)
            .map(|(_, t)| t.resource.name.as_deref().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let unchanged = plan
        .excluded
        .iter()
        .filter(|e| e.reason == ExclusionReason::Unchanged)
        .map(|e| e.resource.as_ref().and_then(|r| r.name.as_deref()).unwrap().to_string())
        .collect();
    (names(A), names(P), unchanged)
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(ToString::to_string).collect()
}

/// `TestSync_ApplyOutOfSyncOnly_ClusterResources` (argoproj/gitops-engine `pkg/sync/sync_context_test.go` at
/// `b3a2ec1`, pull request #765): sync namespace `fake-argocd-ns`, Namespaces ns-1 (target only), ns-2 (written
/// with `metadata.namespace: ns-2`) and ns-3 (target and live), all unchanged: only ns-1 is applied. The fix is
/// pinned from v3.0.21 (argo-cd #25548), v3.1.4 (#24418) and v3.2.0; before (every 2.x release, v3.0.0 to v3.0.20,
/// v3.1.0 to v3.1.3) the task's key carried the destination namespace and the lookup missed: ns-2 and ns-3 are
/// applied (code-derived from `resourceKey` in `pkg/sync/sync_task.go` at `7921242` and `093aef0`).
#[test]
fn apply_out_of_sync_only_and_cluster_scoped_objects_by_release() {
    let namespace = |name: &str, ns: Option<&str>| {
        let namespace = ns.map(|ns| format!("  namespace: {ns}\n")).unwrap_or_default();
        format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n{namespace}")
    };
    let targets = set(&[namespace("ns-1", None), namespace("ns-2", Some("ns-2")), namespace("ns-3", None)]);
    let live = set(&[namespace("ns-2", None), namespace("ns-3", None)]);
    let unchanged: Vec<hookplan::ResourceKey> =
        ["/Namespace//ns-1", "/Namespace//ns-2", "/Namespace//ns-3"].iter().map(|k| k.parse().unwrap()).collect();
    let plan = |release: &str, destination: Option<&str>| {
        let mut op = SyncOperation::new()
            .option("ApplyOutOfSyncOnly=true")
            .unchanged(unchanged.clone())
            .argocd_version(v(release));
        if let Some(destination) = destination {
            op = op.namespace(destination);
        }
        outcome(&plan_sync_with_live(&targets, &live, &op))
    };
    let fixed = (strings(&["ns-1"]), vec![], strings(&["ns-2", "ns-3"]));
    let applied = (strings(&["ns-1", "ns-2", "ns-3"]), vec![], vec![]);
    for release in ["3.0.21", "3.0", "3.1.4", "3.2.0", "3.5"] {
        assert_eq!(plan(release, Some("fake-argocd-ns")), fixed, "{release}");
    }
    for release in ["2.10", "2.14", "3.0.20", "3.1.3"] {
        assert_eq!(plan(release, Some("fake-argocd-ns")), applied, "{release}");
    }
    // Without a destination namespace only the object written with a namespace missed the lookup.
    assert_eq!(plan("3.1.3", None), (strings(&["ns-1", "ns-2"]), vec![], strings(&["ns-3"])));
    assert_eq!(plan("3.1.4", None), fixed);
    // Namespaced objects were never affected (`TestSync_ApplyOutOfSyncOnly`: pod-3 unchanged, skipped).
    let pods = set(&[pod("pod-1", 0, None), pod("pod-3", 0, None)]);
    let op = |release: &str| {
        SyncOperation::new()
            .namespace("fake-argocd-ns")
            .option("ApplyOutOfSyncOnly=true")
            .unchanged(vec!["/Pod/ns/pod-3".parse().unwrap()])
            .argocd_version(v(release))
    };
    for release in ["2.10.0", "3.0.20", "3.5"] {
        let got = outcome(&plan_sync_with_live(&pods, &set(&[pod("pod-3", 0, None)]), &op(release)));
        assert_eq!(got, (strings(&["pod-1"]), vec![], strings(&["pod-3"])), "{release}");
    }
}

/// `TestReconcileWithUnknownDiscoveryDataForClusterScopedResources` (argoproj/gitops-engine
/// `pkg/sync/reconcile_test.go` at `adb68bc`, pull request #597): a target whose kind's scope is unknown, written
/// without a namespace, destination namespace `some-namespace`, and its live object without a namespace
/// (cluster-scoped): one pair. The fix is pinned from v2.10.14 (argo-cd #19054), v2.11.5 (#19036) and v2.12.0;
/// before, only the namespaced key was looked up (`Reconcile` at `7921242`): the target is applied and the live
/// object, unmatched, is pruned (code-derived). Upstream's test uses a Namespace with discovery failing for every
/// kind; offline the scope is unknown for a custom kind whose CRD is not in the input.
#[test]
fn unknown_scope_targets_by_release() {
    let widget = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: my-widget\n";
    let crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  scope: Cluster\n  names: {kind: Widget, plural: widgets}\n  versions: [{name: v1, served: true, storage: true}]\n";
    let live = Manifests::parse("live.yaml", widget);
    let plan = |targets: &[&str], release: &str, destination: Option<&str>| {
        let mut op = SyncOperation::new().prune(true).argocd_version(v(release));
        if let Some(destination) = destination {
            op = op.namespace(destination);
        }
        let (applied, pruned, _) =
            outcome(&plan_sync_with_live(&Manifests::parse("m.yaml", &targets.join("---\n")), &live, &op));
        (applied.len(), pruned)
    };
    let paired = (1, vec![]);
    let orphan = (1, strings(&["my-widget"]));
    for release in ["2.10.14", "2.10", "2.11.5", "2.11", "2.12.0", "3.5"] {
        assert_eq!(plan(&[widget], release, Some("some-namespace")), paired, "{release}");
    }
    for release in ["2.10.0", "2.10.13", "2.11.0", "2.11.4"] {
        assert_eq!(plan(&[widget], release, Some("some-namespace")), orphan, "{release}");
        // The namespaced key has no namespace without a destination: it finds the live object.
        assert_eq!(plan(&[widget], release, None), paired, "{release} without a destination");
        // With the CRD in the input the scope is known (cluster): one key, found in every release.
        assert_eq!(plan(&[crd, widget], release, Some("some-namespace")), (2, vec![]), "{release} with its CRD");
    }
    // A kind of a built-in API group has a known scope: its live copy without a namespace is matched as before.
    let sloppy = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n";
    let op = SyncOperation::new().prune(true).namespace("some-namespace").argocd_version(v("2.10.0"));
    let got =
        outcome(&plan_sync_with_live(&Manifests::parse("m.yaml", sloppy), &Manifests::parse("live.yaml", sloppy), &op));
    assert_eq!((got.0.len(), got.1), (1, vec![]));
}

/// `helm test --logs` in the driver: Helm 4 prints the logs before the deferred deletions, on success and on
/// failure (helm@e9b85e4 `execHookWithDelayedShutdown`, `newReleaseTestCmd`); Helm 3 after the deletions
/// `execHook` made (v3.21.4), so a test Pod with hook-succeeded has no logs left and the command fails.
#[test]
fn helm_test_logs_in_the_driver() {
    use hookplan::helm::{HelmCommand, HelmOperation};
    use hookplan::plan_helm;
    let test = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: check\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-delete-policy: hook-succeeded,hook-failed\n";
    let walk = |version: &str, healthy: bool| -> Vec<String> {
        let op = HelmOperation::new(HelmCommand::Test).logs(true).version(version.parse().unwrap());
        let mut driver = hookplan::driver::HelmDriver::new(plan_helm(&Manifests::parse("t.yaml", test), &op)).unwrap();
        let mut trace = Vec::new();
        let mut deleted = false;
        for _ in 0..20 {
            let next = driver.what_next();
            trace.push(next.name().to_string());
            match next {
                Next::DeleteBeforeCreate(ids) | Next::DeleteHooks(ids) => {
                    deleted |= trace.last().is_some_and(|name| name == "delete-hooks");
                    for id in ids {
                        driver.report(id, Outcome::Gone).unwrap();
                    }
                }
                Next::Apply(ids) => {
                    for id in ids {
                        driver.report(id, Outcome::Applied).unwrap();
                        let health = if healthy { Health::Healthy } else { Health::Degraded };
                        driver.report(id, Outcome::Health(health)).unwrap();
                    }
                }
                Next::Logs(ids) => {
                    for id in ids {
                        let outcome = if deleted {
                            Outcome::Failed("unable to get pod logs for check: pods \"check\" not found".into())
                        } else {
                            Outcome::Applied
                        };
                        driver.report(id, outcome).unwrap();
                    }
                }
                Next::Done { succeeded, .. } => {
                    trace.push(succeeded.to_string());
                    break;
                }
                other => panic!("{other:?}"),
            }
        }
        trace
    };
    let names = |list: &[&str]| list.iter().map(ToString::to_string).collect::<Vec<_>>();
    // With explicit policies there is no before-hook-creation; the Pod is deleted by hook-succeeded (success) or
    // hook-failed (failure), and on Helm 3 the logs then cannot be read.
    assert_eq!(walk("4", true), names(&["apply", "logs", "delete-hooks", "done", "true"]));
    assert_eq!(walk("3", true), names(&["apply", "delete-hooks", "logs", "done", "false"]));
    assert_eq!(walk("4", false), names(&["apply", "logs", "delete-hooks", "done", "false"]));
    assert_eq!(walk("3", false), names(&["apply", "delete-hooks", "logs", "done", "false"]));
}

/// The messages of `rule` for a Job whose annotation `key` is `value`, linted for Argo CD `release`.
fn job_findings(key: &str, value: &str, release: &str, rule: &str) -> Vec<String> {
    let doc =
        format!("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    {key}: \"{value}\"\n");
    hookplan::check::lint_with(&Manifests::parse("j.yaml", &doc), &SyncOperation::new().argocd_version(v(release)))
        .into_iter()
        .filter(|d| d.rule.name == rule)
        .map(|d| d.message)
        .collect()
}

/// Before v3.3.3 the controller finds PreDelete and PostDelete only as the whole raw value (`val == v` in
/// `isHookOfType`, argo-cd v3.3.0 `controller/hook.go`): `unknown-hook-type` says so for a list or a padded value.
#[test]
fn delete_hook_items_unread_before_v3_3_3() {
    let lint = |value: &str, release: &str| job_findings(HOOK, value, release, "unknown-hook-type");
    assert_eq!(
        lint("PostSync,PostDelete", "3.3.2"),
        [
            "before Argo CD v3.3.3 the controller finds `PostDelete` only as the whole value, so v3.3.2 does not run this \
          object when the Application is deleted: the object still runs in PostSync"
        ]
    );
    assert_eq!(lint(" PostDelete", "3.2").len(), 1);
    assert!(lint("PostDelete", "3.2").is_empty());
    assert!(lint("PostSync,PostDelete", "3.3.3").is_empty());
}

/// A plan read back from JSON with an engine version hookplan does not follow is refused by its driver, naming
/// the version; a plan without one (written before the field existed) follows the newest release.
#[test]
fn drivers_refuse_an_unknown_engine_version() {
    let mut plan = plan_sync_with_live(&set(&[pod("web", 0, None)]), &Manifests::new(), &SyncOperation::new());
    plan.engine_version = "9.9".into();
    assert_eq!(
        SyncDriver::new(plan.clone()).unwrap_err().to_string(),
        "the plan's engine version `9.9`: hookplan follows Argo CD v2.10 to v3.5 (MAJOR.MINOR or MAJOR.MINOR.PATCH)"
    );
    plan.engine_version = String::new();
    assert_eq!(plan.argocd_version(), Ok(Some(ArgocdVersion::NEWEST)));
    assert!(SyncDriver::new(plan).is_ok());
    let json = serde_json::json!({
        "schemaVersion": 1, "engine": "helm", "operation": "install", "steps": [], "syncFail": [],
        "hookDeletion": {"onSuccess": [], "onFailure": []}, "excluded": [], "diagnostics": []
    });
    let helm: Plan = serde_json::from_value(json).unwrap();
    assert_eq!(helm.helm_version(), Ok(Some(hookplan::helm::HelmVersion::V4)));
}

/// Helm's `post-delete` (and from v3.3.0 `pre-delete`) among other events: before v3.3.3 the controller compares
/// the whole raw value (argo-cd v3.3.0 and v3.2.0 `controller/hook.go`), so the deletion hook never runs.
#[test]
fn helm_delete_events_among_others_before_v3_3_3() {
    let lint = |value: &str, release: &str| job_findings(HELM, value, release, "unsupported-helm-hook");
    assert_eq!(
        lint("post-install,post-delete", "3.2"),
        ["before Argo CD v3.3.3 the controller finds Helm's `post-delete` only as the whole `helm.sh/hook` value, so \
          v3.2 does not run this object when the Application is deleted"]
    );
    assert_eq!(lint("pre-install,pre-delete", "3.3.2").len(), 1);
    assert!(
        lint("pre-install,pre-delete", "3.2").is_empty(),
        "an event the release lacks is reported only when nothing else of the object runs, as for any such event"
    );
    assert!(lint("post-delete", "3.2").is_empty() && lint("post-install,post-delete", "3.3.3").is_empty());
}

/// A test hook that lists the event twice (`test,test-success`) runs twice and its logs are read twice
/// (`GetPodLogs` walks every event of every hook), but its finding is reported once.
#[test]
fn a_test_hook_listed_twice() {
    use hookplan::helm::{HelmCommand, HelmOperation};
    use hookplan::plan_helm;
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: suite\n  annotations:\n    helm.sh/hook: test,test-success\n";
    let op = HelmOperation::new(HelmCommand::Test).logs(true).version("3".parse().unwrap());
    let plan = plan_helm(&Manifests::parse("t.yaml", job), &op);
    let logs = plan.steps.iter().find(|s| s.phase == Phase::TestLogs).unwrap();
    assert_eq!(logs.tasks.len(), 2);
    assert_eq!(plan.diagnostics.iter().filter(|d| d.rule.name == "test-logs-unavailable").count(), 1);
}
