//! The sans-IO driver: the upstream vectors V12, V14, V15 and V16, and its properties.

use std::fmt::Write;

use hookplan::driver::{Health, Next, Outcome, SyncDriver, TaskId};
use hookplan::{Manifests, Plan, SyncOperation, plan_sync, plan_sync_with_live};

fn pod(name: &str, annotations: &[(&str, &str)]) -> String {
    let mut doc = format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  annotations:\n");
    for (k, v) in annotations {
        let _ = writeln!(doc, "    {k}: \"{v}\"");
    }
    doc
}

fn plan_of(docs: &[String], live: &[String], op: &SyncOperation) -> Plan {
    plan_sync_with_live(
        &Manifests::parse("app.yaml", &docs.join("---\n")),
        &Manifests::parse("live.yaml", &live.join("---\n")),
        op,
    )
}

fn names(driver: &SyncDriver, ids: &[TaskId]) -> Vec<String> {
    ids.iter().map(|&id| driver.task(id).unwrap().resource.name.as_ref().unwrap().to_string()).collect()
}

/// The message of a `Wait` or `WaitForConfirmation`.
fn message(next: Next) -> String {
    match next {
        Next::Wait { message, .. } | Next::WaitForConfirmation { message, .. } => message,
        other => panic!("not a wait: {other:?}"),
    }
}

fn done(succeeded: bool, message: &str) -> Next {
    Next::Done { succeeded, message: message.to_string() }
}

/// V12, prune ordering at runtime (TestWaitForCleanUpBeforeNextWave).
#[test]
fn v12_prunes_wait_for_deletion_before_the_next_wave() {
    let live: Vec<String> =
        (1..=3).map(|i| pod(&format!("pod-{i}"), &[("argocd.argoproj.io/sync-wave", &i.to_string())])).collect();
    let plan = plan_of(&[], &live, &SyncOperation::new().prune(true));
    let mut d = SyncDriver::new(plan.clone()).unwrap();
    let Next::Prune(first) = d.what_next() else { panic!() };
    assert_eq!(names(&d, &first), ["pod-3"]);
    d.report(first[0], Outcome::Gone).unwrap();
    let Next::Prune(second) = d.what_next() else { panic!() };
    assert_eq!(names(&d, &second), ["pod-2"]);
    d.report(second[0], Outcome::Applied).unwrap(); // still has a deletionTimestamp
    assert_eq!(message(d.what_next()), "waiting for deletion of /Pod/pod-2");
    d.report(second[0], Outcome::Gone).unwrap();
    let Next::Prune(third) = d.what_next() else { panic!() };
    assert_eq!(names(&d, &third), ["pod-1"]);
    d.report(third[0], Outcome::Applied).unwrap(); // deletion under way: the last batch held no hook, so the sync ends
    assert_eq!(d.what_next(), done(true, "successfully synced (all tasks run)"));
}

fn three_presync_hooks() -> (Vec<String>, Vec<String>) {
    let hooks = vec![
        pod(
            "hook-1",
            &[("argocd.argoproj.io/hook", "PreSync"), ("argocd.argoproj.io/hook-delete-policy", "BeforeHookCreation")],
        ),
        pod(
            "hook-2",
            &[("argocd.argoproj.io/hook", "PreSync"), ("argocd.argoproj.io/hook-delete-policy", "HookFailed")],
        ),
        pod(
            "hook-3",
            &[("argocd.argoproj.io/hook", "PreSync"), ("argocd.argoproj.io/hook-delete-policy", "HookSucceeded")],
        ),
    ];
    (hooks.clone(), hooks)
}

/// Runs the three hooks of V14 up to their health reports.
fn run_three_hooks(plan: &Plan) -> (SyncDriver, Vec<TaskId>) {
    let mut d = SyncDriver::new(plan.clone()).unwrap();
    let Next::DeleteBeforeCreate(old) = d.what_next() else { panic!() };
    assert_eq!(names(&d, &old), ["hook-1"], "only the BeforeHookCreation hook's previous instance");
    d.report(old[0], Outcome::Gone).unwrap();
    let Next::Apply(ids) = d.what_next() else { panic!() };
    assert_eq!(names(&d, &ids), ["hook-1", "hook-2", "hook-3"]);
    for &id in &ids {
        d.report(id, Outcome::Applied).unwrap();
    }
    (d, ids)
}

/// V14, delete-policy outcome on success and failure (TestSync_HooksDeleted*, ..._NotDeletedIfPhaseNotCompleted).
#[test]
fn v14_hook_deletion_follows_the_operation_outcome() {
    let (targets, live) = three_presync_hooks();
    let plan = plan_of(&targets, &live, &SyncOperation::new());
    // Progressing, Healthy, Healthy: still running, nothing deleted.
    let (mut d, ids) = run_three_hooks(&plan);
    for (id, health) in ids.iter().zip([Health::Progressing, Health::Healthy, Health::Healthy]) {
        d.report(*id, Outcome::Health(health)).unwrap();
    }
    assert_eq!(message(d.what_next()), "waiting for completion of hook /Pod/hook-1");
    // Healthy x3: Succeeded, hook-3 (HookSucceeded) deleted.
    let (mut d, ids) = run_three_hooks(&plan);
    for &id in &ids {
        d.report(id, Outcome::Health(Health::Healthy)).unwrap();
    }
    let Next::DeleteHooks(deleted) = d.what_next() else { panic!() };
    assert_eq!(names(&d, &deleted), ["hook-3"]);
    assert_eq!(d.what_next(), done(true, "successfully synced (no more tasks)"));
    // Degraded, Healthy, Healthy: Failed, hook-2 (HookFailed, itself healthy) deleted.
    let (mut d, ids) = run_three_hooks(&plan);
    for (id, health) in ids.iter().zip([Health::Degraded, Health::Healthy, Health::Healthy]) {
        d.report(*id, Outcome::Health(health)).unwrap();
    }
    let Next::DeleteHooks(deleted) = d.what_next() else { panic!() };
    assert_eq!(names(&d, &deleted), ["hook-2"]);
    assert_eq!(d.what_next(), done(false, "one or more synchronization tasks completed unsuccessfully"));
}

/// V15, BeforeHookCreation on existing hooks (TestSync_ExistingHooksWithFinalizer): only hook-1's instance is
/// deleted, and the step waits for it.
#[test]
fn v15_before_hook_creation_deletes_and_waits() {
    let (targets, live) = three_presync_hooks();
    let plan = plan_of(&targets, &live, &SyncOperation::new());
    let mut d = SyncDriver::new(plan.clone()).unwrap();
    let Next::DeleteBeforeCreate(old) = d.what_next() else { panic!() };
    assert_eq!(names(&d, &old), ["hook-1"]);
    d.report(old[0], Outcome::Applied).unwrap(); // delete accepted, not gone yet
    assert_eq!(message(d.what_next()), "waiting for deletion of /Pod/hook-1");
}

/// V16, the SyncFail flow (TestSync_FailedSyncWithSyncFailHook_HookFailed and ..._SuccessfulSyncWithSyncFailHook).
#[test]
fn v16_sync_fail_hooks_run_only_when_the_sync_fails() {
    let targets = vec![
        pod("pod", &[]),
        pod("hook-1", &[("argocd.argoproj.io/hook", "Sync")]),
        pod("sync-fail-hook", &[("argocd.argoproj.io/hook", "SyncFail")]),
    ];
    let plan = plan_of(&targets, &[], &SyncOperation::new());
    let mut d = SyncDriver::new(plan.clone()).unwrap();
    let Next::Apply(ids) = d.what_next() else { panic!() };
    assert_eq!(names(&d, &ids), ["hook-1", "pod"]);
    for &id in &ids {
        d.report(id, Outcome::Applied).unwrap();
    }
    assert_eq!(message(d.what_next()), "waiting for completion of hook /Pod/hook-1 and 1 more resources");
    d.report(ids[0], Outcome::Health(Health::Degraded)).unwrap();
    d.report(ids[1], Outcome::Health(Health::Healthy)).unwrap();
    let Next::RunSyncFail(fail) = d.what_next() else { panic!() };
    assert_eq!(names(&d, &fail), ["sync-fail-hook"]);
    d.report(fail[0], Outcome::Applied).unwrap();
    assert_eq!(message(d.what_next()), "waiting for completion of hook /Pod/sync-fail-hook");
    d.report(fail[0], Outcome::Health(Health::Healthy)).unwrap();
    assert_eq!(d.what_next(), done(false, "one or more synchronization tasks completed unsuccessfully"));
    // The successful variant: the SyncFail hook is never created.
    let mut d = SyncDriver::new(plan.clone()).unwrap();
    let Next::Apply(ids) = d.what_next() else { panic!() };
    for &id in &ids {
        d.report(id, Outcome::Applied).unwrap();
        d.report(id, Outcome::Health(Health::Healthy)).unwrap();
    }
    assert_eq!(d.what_next(), done(true, "successfully synced (no more tasks)"));
}

#[test]
fn confirm_prunes_wait_for_approval_and_failures_carry_reasons() {
    let plan = plan_of(
        &[],
        &[pod("old", &[("argocd.argoproj.io/sync-options", "Prune=confirm")])],
        &SyncOperation::new().prune(true),
    );
    let mut d = SyncDriver::new(plan.clone()).unwrap();
    assert_eq!(message(d.what_next()), "waiting for pruning confirmation of /Pod/old");
    d.approve();
    let Next::Prune(ids) = d.what_next() else { panic!() };
    d.report(ids[0], Outcome::Failed("forbidden".into())).unwrap();
    assert_eq!(
        d.what_next(),
        done(false, "one or more synchronization tasks completed unsuccessfully, reason: forbidden")
    );
    // Single-step syncs do not wait for plain resources to become healthy (argo-cd@37ee009 gitops-engine/pkg/sync/sync_context.go `Sync`: `multiStep`).
    let single = plan_sync(&Manifests::parse("a.yaml", &pod("p", &[])), &SyncOperation::new());
    let mut d = SyncDriver::new(single.clone()).unwrap();
    let Next::Apply(ids) = d.what_next() else { panic!() };
    d.report(ids[0], Outcome::Applied).unwrap();
    assert_eq!(d.what_next(), done(true, "successfully synced (all tasks run)"));
}

/// argo-cd@37ee009 gitops-engine/pkg/sync/sync_context.go `Sync`: the pass that runs a last batch without hooks ends the sync, so the last wave's health
/// is never waited for; with a hook in the last batch, the sync waits and ends "no more tasks".
#[test]
fn last_plain_batch_ends_the_sync_without_waiting_for_health() {
    let docs = [pod("first", &[]), pod("last", &[("argocd.argoproj.io/sync-wave", "1")])];
    let plan = plan_of(&docs, &[], &SyncOperation::new());
    let mut d = SyncDriver::new(plan.clone()).unwrap();
    let Next::Apply(first) = d.what_next() else { panic!() };
    d.report(first[0], Outcome::Applied).unwrap();
    assert_eq!(message(d.what_next()), "waiting for healthy state of /Pod/first");
    d.report(first[0], Outcome::Health(Health::Healthy)).unwrap();
    let Next::Apply(last) = d.what_next() else { panic!() };
    assert_eq!(names(&d, &last), ["last"]);
    assert!(matches!(d.what_next(), Next::Wait { .. }), "the apply itself is still awaited");
    d.report(last[0], Outcome::Applied).unwrap();
    assert_eq!(d.what_next(), done(true, "successfully synced (all tasks run)"));

    let docs = [pod("first", &[]), pod("check", &[("argocd.argoproj.io/hook", "PostSync")])];
    let plan = plan_of(&docs, &[], &SyncOperation::new());
    let mut d = SyncDriver::new(plan.clone()).unwrap();
    let Next::Apply(first) = d.what_next() else { panic!() };
    d.report(first[0], Outcome::Applied).unwrap();
    d.report(first[0], Outcome::Health(Health::Healthy)).unwrap();
    let Next::Apply(hook) = d.what_next() else { panic!() };
    d.report(hook[0], Outcome::Applied).unwrap();
    assert_eq!(message(d.what_next()), "waiting for completion of hook /Pod/check");
    d.report(hook[0], Outcome::Health(Health::Healthy)).unwrap();
    assert_eq!(d.what_next(), done(true, "successfully synced (no more tasks)"));
}

mod properties {
    use super::*;
    use hookplan::proptest::manifest_yaml;
    use proptest::prelude::*;
    use std::collections::HashSet;

    /// An event of a walk: an instruction, or an outcome the walk reported (task, whether it was a success).
    #[derive(Debug)]
    enum Event {
        Asked(Next),
        /// (task, whether the outcome is a success, the outcome).
        Reported(TaskId, bool, Outcome),
        Approved,
    }

    /// Walks the driver with outcomes drawn from `choices` (cycled); returns what happened.
    fn walk(plan: &Plan, choices: &[u8]) -> (Vec<Event>, bool) {
        let mut d = SyncDriver::new(plan.clone()).unwrap();
        let mut seen = Vec::new();
        let mut k = 0;
        let mut pick = |n: u8| {
            let c = choices.get(k % choices.len().max(1)).copied().unwrap_or(0) % n;
            k += 1;
            c
        };
        // (task, whether the wait is for its object to be gone)
        let mut outstanding: Vec<(TaskId, bool)> = Vec::new();
        for _ in 0..10_000 {
            let next = d.what_next();
            seen.push(Event::Asked(next.clone()));
            match &next {
                Next::Done { .. } => return (seen, true),
                Next::Prune(ids) | Next::DeleteBeforeCreate(ids) | Next::Apply(ids) | Next::RunSyncFail(ids) => {
                    let deleting = matches!(next, Next::Prune(_) | Next::DeleteBeforeCreate(_));
                    for &id in ids {
                        if pick(8) == 0 {
                            d.report(id, Outcome::Failed("boom".into())).unwrap();
                            seen.push(Event::Reported(id, false, Outcome::Failed("boom".into())));
                        } else {
                            d.report(id, Outcome::Applied).unwrap();
                            seen.push(Event::Reported(id, true, Outcome::Applied));
                            outstanding.push((id, deleting));
                        }
                    }
                }
                Next::Wait { .. } => {
                    // Each wait resolves one outstanding task, so the walk always ends.
                    if let Some((id, deleting)) = outstanding.pop() {
                        let healthy = deleting || pick(6) != 0;
                        let outcome = if deleting {
                            Outcome::Gone
                        } else if healthy {
                            Outcome::Health(Health::Healthy)
                        } else {
                            Outcome::Health(Health::Degraded)
                        };
                        d.report(id, outcome.clone()).unwrap();
                        seen.push(Event::Reported(id, healthy, outcome));
                    }
                }
                Next::WaitForConfirmation { .. } => {
                    d.approve();
                    seen.push(Event::Approved);
                }
                _ => {} // DeleteHooks: nothing to report
            }
        }
        (seen, false)
    }

    proptest! {
        // 128 cases in CI; DRIVER_CASES=3000 for a longer local run.
        #![proptest_config(ProptestConfig { cases: std::env::var("DRIVER_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(128), failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn the_driver_keeps_its_promises(
            (_, target) in manifest_yaml(8),
            (_, live) in manifest_yaml(4),
            prune in any::<bool>(),
            choices in prop::collection::vec(any::<u8>(), 1..32),
        ) {
            let plan = plan_sync_with_live(
                &Manifests::parse("app.yaml", &target),
                &Manifests::parse("live.yaml", &live),
                &SyncOperation::new().namespace("dest").prune(prune),
            );
            let (events, terminated) = walk(&plan, &choices);
            prop_assert!(terminated, "the driver always terminates");
            // Replaying the calls on a new driver over the same plan answers the same at every point.
            let mut again = SyncDriver::new(plan.clone()).unwrap();
            for event in &events {
                match event {
                    Event::Asked(next) => prop_assert_eq!(&again.what_next(), next),
                    Event::Reported(id, _, outcome) => again.report(*id, outcome.clone()).unwrap(),
                    Event::Approved => again.approve(),
                }
            }
            let step_of: Vec<Option<usize>> = plan
                .steps
                .iter()
                .enumerate()
                .flat_map(|(i, s)| s.tasks.iter().map(move |_| Some(i)))
                .chain(plan.sync_fail.iter().map(|_| None))
                .collect();
            let d = SyncDriver::new(plan.clone()).unwrap();
            let all: Vec<&hookplan::Task> = plan.steps.iter().flat_map(|s| &s.tasks).chain(&plan.sync_fail).collect();
            let mut ran = HashSet::new();
            let mut succeeded_ids = HashSet::new();
            let mut first_failed_step: Option<usize> = None;
            let mut failed = false;
            for event in &events {
                match event {
                    Event::Reported(_, true, Outcome::Applied) | Event::Approved => {}
                    Event::Reported(id, true, _) => {
                        succeeded_ids.insert(id.index());
                    }
                    Event::Reported(id, false, _) => {
                        failed = true;
                        if first_failed_step.is_none() {
                            first_failed_step = step_of[id.index()];
                        }
                    }
                    Event::Asked(Next::Apply(ids) | Next::Prune(ids)) => {
                        for id in ids {
                            // Every task runs at most once.
                            prop_assert!(ran.insert(*id), "task {} ran twice", id);
                            let step = step_of[id.index()].unwrap();
                            // After a failure, nothing of a later step runs (later kind groups of the same step
                            // still do, as upstream).
                            if let Some(failed_step) = first_failed_step {
                                prop_assert!(step <= failed_step, "step {} ran after step {} failed", step, failed_step);
                            }
                            // No task of a later step before every task of the earlier ones succeeded (skipped
                            // prunes succeed without running).
                            for (other, other_step) in step_of.iter().enumerate() {
                                if other_step.is_some_and(|s| s < step) {
                                    let skipped = all[other].skipped.is_some();
                                    prop_assert!(skipped || succeeded_ids.contains(&other), "task {} of step {} ran before task {} succeeded", id, step, other);
                                }
                            }
                        }
                    }
                    Event::Asked(Next::RunSyncFail(ids)) => {
                        prop_assert!(failed, "SyncFail hooks run only after a failure");
                        for id in ids {
                            prop_assert!(ran.insert(*id));
                        }
                    }
                    Event::Asked(_) => {}
                }
            }
            let Some(Event::Asked(Next::Done { succeeded, .. })) = events.last() else { unreachable!() };
            let ran_sync_fail = events.iter().any(|e| matches!(e, Event::Asked(Next::RunSyncFail(_))));
            prop_assert_eq!(ran_sync_fail, !succeeded && !plan.sync_fail.is_empty(), "SyncFail hooks run iff the sync failed");
            prop_assert_eq!(*succeeded, !failed, "the operation fails iff a task failed");
            // HookSucceeded hooks are deleted iff the operation succeeded; HookFailed ones iff it failed.
            for event in &events {
                if let Event::Asked(Next::DeleteHooks(ids)) = event {
                    for &id in ids {
                        let policy = if *succeeded { hookplan::argocd::DeletePolicy::HookSucceeded } else { hookplan::argocd::DeletePolicy::HookFailed };
                        prop_assert!(d.task(id).unwrap().delete_policies.contains(policy));
                    }
                }
            }
            if *succeeded {
                let deleted: HashSet<TaskId> = events.iter().filter_map(|e| if let Event::Asked(Next::DeleteHooks(ids)) = e { Some(ids.clone()) } else { None }).flatten().collect();
                for id in &ran {
                    let task = d.task(*id).unwrap();
                    if task.hook && step_of[id.index()].is_some() && task.delete_policies.contains(hookplan::argocd::DeletePolicy::HookSucceeded) {
                        prop_assert!(deleted.contains(id), "HookSucceeded hook {} not deleted after success", id);
                    }
                }
            }
        }
    }
}

/// Reports for ids the drivers never handed out are errors the caller sees, and change nothing.
#[test]
fn unknown_ids_are_errors() {
    use hookplan::driver::{Drive, HelmDriver};
    use hookplan::helm::{HelmCommand, HelmOperation};
    use hookplan::plan_helm;
    let docs = [pod("a", &[])];
    let plan = plan_of(&docs, &[], &SyncOperation::new());
    let mut d = SyncDriver::new(plan.clone()).unwrap();
    let Next::Apply(ids) = d.what_next() else { panic!() };
    let mut other = SyncDriver::new(plan_of(&[pod("a", &[]), pod("b", &[])], &[], &SyncOperation::new())).unwrap();
    let Next::Apply(foreign) = other.what_next() else { panic!() };
    let error = d.report(foreign[1], Outcome::Failed("not ours".into())).unwrap_err();
    assert_eq!(error.to_string(), "task #1 was never handed out by this driver");
    assert!(d.task(foreign[1]).is_none());
    assert_eq!(names(&d, &ids), ["a"]);
    d.report(ids[0], Outcome::Applied).unwrap();
    d.report(ids[0], Outcome::Health(Health::Healthy)).unwrap();
    assert_eq!(d.what_next(), done(true, "successfully synced (all tasks run)"));

    let chart = Manifests::parse("chart.yaml", &docs.join(""));
    let plan = plan_helm(&chart, &HelmOperation::new(HelmCommand::Install));
    let mut h = HelmDriver::new(plan).unwrap();
    assert!(Drive::report(&mut h, foreign[1], Outcome::Failed("not ours".into())).is_err());
    let Next::Apply(ids) = Drive::what_next(&mut h) else { panic!() };
    assert_eq!(Drive::task(&h, ids[0]).unwrap().resource.name.as_deref(), Some("a"));
}

/// Each driver refuses a plan of another engine or operation; `for_plan` picks the right one.
#[test]
fn drivers_refuse_plans_of_other_engines_and_operations() {
    use hookplan::driver::{DeleteDriver, HelmDriver, for_plan};
    use hookplan::helm::{HelmCommand, HelmOperation};
    use hookplan::plan_helm;
    let manifests = Manifests::parse("app.yaml", &pod("a", &[]));
    let sync = plan_sync(&manifests, &SyncOperation::new());
    let delete = hookplan::plan_delete(&Manifests::new(), &manifests, &SyncOperation::new());
    let helm = plan_helm(&manifests, &HelmOperation::new(HelmCommand::Uninstall));
    let errors = [
        SyncDriver::new(delete.clone()).unwrap_err().to_string(),
        SyncDriver::new(helm.clone()).unwrap_err().to_string(),
        DeleteDriver::new(sync.clone()).unwrap_err().to_string(),
        HelmDriver::new(sync.clone()).unwrap_err().to_string(),
    ];
    assert_eq!(
        errors,
        [
            "SyncDriver drives Argo CD sync plans, not an Argo CD delete plan",
            "SyncDriver drives Argo CD sync plans, not a Helm uninstall plan",
            "DeleteDriver drives Argo CD Application deletion plans, not an Argo CD sync plan",
            "HelmDriver drives Helm plans, not an Argo CD sync plan",
        ]
    );
    // A deletion is a delete instruction, never an apply; a Helm uninstall too.
    assert!(matches!(for_plan(delete).unwrap().what_next(), Next::Delete(_)));
    assert!(matches!(for_plan(helm).unwrap().what_next(), Next::Delete(_)));
    assert!(matches!(for_plan(sync).unwrap().what_next(), Next::Apply(_)));
}

/// Wait instructions name the tasks they wait for and what for.
#[test]
fn waits_name_their_tasks_and_reason() {
    use hookplan::driver::WaitFor;
    let docs = [
        pod("hook", &[("argocd.argoproj.io/hook", "PreSync")]),
        pod("web", &[]),
        pod("db", &[]),
        pod("late", &[("argocd.argoproj.io/sync-wave", "1")]),
    ];
    let plan = plan_of(&docs, &[], &SyncOperation::new());
    let mut d = SyncDriver::new(plan).unwrap();
    let Next::Apply(hook) = d.what_next() else { panic!() };
    let Next::Wait { tasks, wait_for, .. } = d.what_next() else { panic!() };
    assert_eq!((tasks, wait_for), (hook.clone(), WaitFor::Response), "the apply call is not answered yet");
    d.report(hook[0], Outcome::Applied).unwrap();
    let Next::Wait { tasks, wait_for, .. } = d.what_next() else { panic!() };
    assert_eq!((tasks, wait_for), (hook.clone(), WaitFor::HookCompletion));
    d.report(hook[0], Outcome::Health(Health::Healthy)).unwrap();
    let Next::Apply(pods) = d.what_next() else { panic!() };
    for &id in &pods {
        d.report(id, Outcome::Applied).unwrap();
    }
    let Next::Wait { tasks, wait_for, message } = d.what_next() else { panic!() };
    assert_eq!((tasks, wait_for), (pods.clone(), WaitFor::Health));
    assert_eq!(message, "waiting for healthy state of /Pod/db and 1 more resources");
}

/// A driver's state is a function of the plan and the calls: replaying the recorded calls on a new driver over
/// the same plan answers exactly as the first one did, at every point.
#[test]
fn replaying_reported_outcomes_rebuilds_the_driver() {
    let docs = [
        pod(
            "pre",
            &[("argocd.argoproj.io/hook", "PreSync"), ("argocd.argoproj.io/hook-delete-policy", "HookSucceeded")],
        ),
        pod("web", &[("argocd.argoproj.io/sync-wave", "1")]),
        pod("post", &[("argocd.argoproj.io/hook", "PostSync")]),
    ];
    let plan = std::sync::Arc::new(plan_of(&docs, &[], &SyncOperation::new()));
    let mut first = SyncDriver::new(plan.clone()).unwrap();
    let mut journal: Vec<Option<(TaskId, Outcome)>> = Vec::new(); // None: a what_next call
    let mut answers = Vec::new();
    let mut running = Vec::new();
    for _ in 0..50 {
        let next = first.what_next();
        journal.push(None);
        answers.push(next.clone());
        let outcomes: Vec<(TaskId, Outcome)> = match &next {
            Next::Apply(ids) => {
                running.extend(ids);
                ids.iter().map(|&id| (id, Outcome::Applied)).collect()
            }
            Next::Wait { .. } => running.drain(..).map(|id| (id, Outcome::Health(Health::Healthy))).collect(),
            Next::DeleteHooks(ids) => ids.iter().map(|&id| (id, Outcome::Gone)).collect(),
            Next::Done { .. } => break,
            _ => Vec::new(),
        };
        for (id, outcome) in outcomes {
            first.report(id, outcome.clone()).unwrap();
            journal.push(Some((id, outcome)));
        }
    }
    assert!(matches!(answers.last(), Some(Next::Done { succeeded: true, .. })));
    // Rebuild from every prefix of the journal and compare the next answer with the original driver's.
    let mut replayed = SyncDriver::new(plan).unwrap();
    let mut asked = answers.iter();
    for entry in journal {
        match entry {
            None => assert_eq!(Some(&replayed.what_next()), asked.next()),
            Some((id, outcome)) => replayed.report(id, outcome).unwrap(),
        }
    }
    assert_eq!(replayed.what_next(), first.what_next());
}

mod delete_driver {
    use super::*;
    use hookplan::driver::{DeleteDriver, WaitFor};
    use hookplan::plan_delete;

    fn hook(name: &str, kind: &str, policy: &str) -> String {
        pod(name, &[("argocd.argoproj.io/hook", kind), ("argocd.argoproj.io/hook-delete-policy", policy)])
    }

    fn deletion() -> DeleteDriver {
        let targets = Manifests::parse(
            "app.yaml",
            &[hook("backup", "PreDelete", "HookSucceeded"), hook("notify", "PostDelete", "HookFailed")].join("---\n"),
        );
        let live = Manifests::parse(
            "live.yaml",
            &[
                pod("web", &[("argocd.argoproj.io/sync-wave", "2")]),
                pod("db", &[("argocd.argoproj.io/sync-wave", "-1")]),
            ]
            .join("---\n"),
        );
        DeleteDriver::new(plan_delete(&targets, &live, &SyncOperation::new().namespace("shop"))).unwrap()
    }

    fn names(d: &DeleteDriver, ids: &[TaskId]) -> Vec<String> {
        ids.iter().map(|&id| d.task(id).unwrap().resource.name.as_ref().unwrap().to_string()).collect()
    }

    /// PreDelete hooks, the live objects by wave from the highest, PostDelete hooks, then cleanup by health
    /// (`finalizeApplicationDeletion`, `executeHooks`, `cleanupHooks` in argo-cd@37ee009 `controller/`).
    #[test]
    fn runs_hooks_then_waves_from_the_highest_then_cleanup() {
        let mut d = deletion();
        let Next::Apply(pre) = d.what_next() else { panic!() };
        assert_eq!(names(&d, &pre), ["backup"]);
        assert_eq!(d.task(pre[0]).unwrap().action.as_str(), "create");
        d.report(pre[0], Outcome::Applied).unwrap();
        d.report(pre[0], Outcome::Health(Health::Progressing)).unwrap();
        let Next::Wait { tasks, wait_for, message } = d.what_next() else { panic!() };
        assert_eq!(
            (tasks, wait_for, message.as_str()),
            (pre.clone(), WaitFor::HookCompletion, "waiting for 1 PreDelete hooks to complete")
        );
        d.report(pre[0], Outcome::Health(Health::Healthy)).unwrap();
        let mut waves = Vec::new();
        loop {
            match d.what_next() {
                Next::Delete(ids) => {
                    waves.push(names(&d, &ids));
                    d.report(ids[0], Outcome::Applied).unwrap();
                    let Next::Wait { wait_for: WaitFor::Deletion, .. } = d.what_next() else { panic!() };
                    d.report(ids[0], Outcome::Gone).unwrap();
                }
                Next::Apply(post) => {
                    assert_eq!(names(&d, &post), ["notify"]);
                    d.report(post[0], Outcome::Applied).unwrap();
                    d.report(post[0], Outcome::Health(Health::Healthy)).unwrap();
                    break;
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        // The PreDelete hook this deletion created carries the Application's tracking: the cascade deletes it in
        // its wave (e2e `TestPreDeleteHook`), so the cleanup by policy finds nothing left; the HookFailed PostDelete
        // hook stays.
        assert_eq!(waves, [["web"], ["backup"], ["db"]]);
        assert_eq!(d.what_next(), Next::Done { succeeded: true, message: "application deleted".into() });
    }

    /// A Degraded PreDelete hook is deleted so that a retry can run it, and the attempt fails with upstream's
    /// error; no live object is deleted.
    #[test]
    fn a_degraded_hook_is_deleted_and_fails_the_attempt() {
        let mut d = deletion();
        let Next::Apply(pre) = d.what_next() else { panic!() };
        d.report(pre[0], Outcome::Applied).unwrap();
        d.report(pre[0], Outcome::Health(Health::Degraded)).unwrap();
        let Next::DeleteHooks(deleted) = d.what_next() else { panic!() };
        assert_eq!(deleted, pre);
        assert_eq!(
            d.what_next(),
            Next::Done { succeeded: false, message: "PreDelete hook(s) failed: shop/backup".into() }
        );
    }

    /// `Delete=confirm` waits for the approval before its wave is deleted.
    #[test]
    fn confirmation_holds_the_wave() {
        let live =
            Manifests::parse("live.yaml", &pod("keep", &[("argocd.argoproj.io/sync-options", "Delete=confirm")]));
        let mut d = DeleteDriver::new(plan_delete(&Manifests::new(), &live, &SyncOperation::new())).unwrap();
        let Next::WaitForConfirmation { tasks, message } = d.what_next() else { panic!() };
        assert_eq!(names(&d, &tasks), ["keep"]);
        assert_eq!(message, "waiting for deletion confirmation of Pod/keep");
        d.approve();
        assert!(matches!(d.what_next(), Next::Delete(_)));
    }
}

/// Walks any driver as a healthy cluster answers (every call succeeds, every object becomes healthy and deleted
/// objects go), and says whether it reached `Done` within a bound (no driver may loop).
pub fn drives_to_done(driver: &mut dyn hookplan::driver::Drive) -> bool {
    use hookplan::driver::{Health, Outcome, WaitFor};
    for _ in 0..10_000 {
        let next = driver.what_next();
        let outcome = |wait_for: Option<WaitFor>| match wait_for {
            Some(WaitFor::Deletion) => Outcome::Gone,
            Some(WaitFor::HookCompletion | WaitFor::Health) => Outcome::Health(Health::Healthy),
            _ => Outcome::Applied,
        };
        let reports: Vec<(TaskId, Outcome)> = match &next {
            Next::Done { .. } => return true,
            Next::WaitForConfirmation { .. } => {
                driver.approve();
                Vec::new()
            }
            Next::Wait { tasks, wait_for, .. } => tasks.iter().map(|&id| (id, outcome(Some(*wait_for)))).collect(),
            Next::DeleteBeforeCreate(ids) | Next::DeleteHooks(ids) => {
                ids.iter().map(|&id| (id, Outcome::Gone)).collect()
            }
            other => other.tasks().iter().map(|&id| (id, outcome(None))).collect(),
        };
        for (id, outcome) in reports {
            driver.report(id, outcome).unwrap();
        }
    }
    false
}
