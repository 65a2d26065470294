//! Building the plan of an Argo CD Application deletion.

use smol_str::SmolStr;
use std::collections::BTreeMap;

use crate::argocd::sync::{Reconciled, reconcile};
use crate::argocd::sync_operation::SyncOperation;
use crate::argocd::{ArgocdMetadata, DeletePolicy};
use crate::manifests::Manifests;
use crate::metadata::Objects;
use crate::plan::StepWait;
use crate::plan::{
    Action, DeletePolicies, Engine, HookDeletion, LiveInstance, Operation, Phase, Plan, SCHEMA_VERSION, Step, Task,
};
use crate::resource::{Excluded, ExclusionReason, Resource};

/// Plans the cascade deletion of an Application: what Argo CD's controller does, pass after pass, from the
/// moment the Application is deleted. The plan alone: its `diagnostics` are empty (the planner never lints);
/// [`crate::plan_delete`] gives the plan with the diagnostics of reading and of the Argo CD lint rules.
///
/// 1. **PreDelete** (Argo CD v3.3+): every target PreDelete hook is created at once, with a Kubernetes create (no
///    waves, no kind order, no generated names). A hook whose live object exists is not created again; the
///    controller waits until every one is Healthy (a Degraded hook is deleted and the deletion stops with an
///    error).
/// 2. **Delete**: the live objects, one wave at a time, highest wave first; each pass deletes the objects of
///    the highest remaining wave and waits until they are gone (`FilterObjectsForDeletion`, upstream test `TestFilterObjectsForDeletion`). Kind and
///    name play no part upstream; within a wave hookplan lists objects by namespace, API group, kind, name and
///    source position. CustomResourceDefinitions (`crd`), `Delete=false` (`delete-disabled`) and
///    `helm.sh/resource-policy: keep` (`resource-policy-keep`) are never deleted and are listed in `excluded`;
///    an object that needs confirmation (its own `Delete=` or `Prune=` value, else the Application's, is
///    `confirm`: `isObjRequiresDeletionConfirmation`) holds the whole deletion: the first
///    Delete step waits for the Application's `argocd.argoproj.io/deletion-approved`, whatever the object's wave
///    (`finalizeApplicationDeletion` returns before deleting anything while one is unapproved).
/// 3. **PostDelete** (v2.10+): every target PostDelete hook is created at once, then waited for.
/// 4. **Cleanup**: PreDelete, then PostDelete hooks are deleted by the aggregate (worst) health of the hooks of
///    their type: `hookDeletion.onSuccess` lists the HookSucceeded ones (deleted when all are Healthy),
///    `onFailure` the HookFailed ones (deleted when any is Degraded). A PostDelete hook with neither policy, the
///    default BeforeHookCreation included, stays in the cluster (rule `post-delete-hook-kept`). PreDelete hooks
///    carry the Application's tracking, so the cascade of step 2 deletes the ones it created, in their wave,
///    whatever their policy (e2e `TestPreDeleteHook`); their cleanup then finds none, and only a non-cascading
///    deletion leaves them to it.
///
/// A Degraded PreDelete or PostDelete hook is deleted whatever its policy, so that the next pass creates it again:
/// the hook steps list their hooks in `onFailureDelete` (Argo CD v3.3+; before, a Degraded hook counts as
/// finished). The plan follows [`SyncOperation::argocd_version`]: no PreDelete step before v3.3.0, PostDelete
/// found only as the whole value before v3.3.3, no confirmation before v2.14 and only the object's exact
/// `Delete=false` and `Delete=confirm` items before v3.4. An object waits for approval when its live object or its
/// target asks for it (`RequiresDeletionConfirmation` in `controller/state.go`, read from either).
///
/// With [`SyncOperation::non_cascading`] the hooks run (steps 1, 3 and 4) and no live object is deleted: each is
/// listed in `excluded` (`non-cascading`).
///
/// Target documents other than PreDelete and PostDelete hooks are listed in `excluded` (`deleted-from-live`):
/// the deletion works from the live objects. Upstream (argo-cd@37ee009): `finalizeApplicationDeletion` in `controller/appcontroller.go`, `executeHooks` and
/// `cleanupHooks` in `controller/hook.go`, `controller/sort_delete.go`.
///
/// ```
/// use hookplan::{Manifests, SyncOperation};
/// use hookplan::argocd::delete_plan;
/// let live = Manifests::parse("live.yaml", "\
/// apiVersion: v1
/// kind: ConfigMap
/// metadata:
///   name: early
///   annotations: {argocd.argoproj.io/sync-wave: \"-1\"}
/// ---
/// apiVersion: apps/v1
/// kind: Deployment
/// metadata:
///   name: web
///   annotations: {argocd.argoproj.io/sync-wave: \"2\"}
/// ");
/// let plan = delete_plan(&Manifests::new(), &live, &SyncOperation::new());
/// assert!(plan.diagnostics.is_empty(), "the planner never lints: `hookplan::plan_delete` adds the diagnostics");
/// let order: Vec<(String, i64)> = plan.steps.iter().map(|s| (s.phase.to_string(), s.wave)).collect();
/// assert_eq!(order, [("Delete".to_string(), 2), ("Delete".to_string(), -1)]);
/// ```
pub fn delete_plan(manifests: &Manifests, live: &Manifests, operation: &SyncOperation) -> Plan {
    let version = operation.argocd_version;
    delete_plan_of(&Objects::new(manifests, version), &Objects::new(live, version), operation)
}

/// [`delete_plan`] of objects whose metadata is already read (so that a caller that also lints them reads each
/// resource once). Metadata read for another Argo CD release than the operation's is read again, as the
/// operation's release reads it.
///
/// ```
/// use hookplan::{Manifests, SyncOperation};
/// use hookplan::argocd::delete_plan_of;
/// use hookplan::metadata::Objects;
/// let live = Manifests::parse("live.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
/// let operation = SyncOperation::new();
/// let version = operation.argocd_version;
/// let plan = delete_plan_of(&Objects::new(&Manifests::new(), version), &Objects::new(&live, version), &operation);
/// assert_eq!(plan.steps[0].tasks[0].resource.to_string(), "ConfigMap/c");
/// ```
pub fn delete_plan_of(targets: &Objects<'_>, live: &Objects<'_>, operation: &SyncOperation) -> Plan {
    let version = operation.argocd_version;
    if targets.argocd_version() != version || live.argocd_version() != version {
        return delete_plan_of(
            &Objects::new(targets.manifests(), version),
            &Objects::new(live.manifests(), version),
            operation,
        );
    }
    let Reconciled { identities, live_by_key, mut excluded } =
        reconcile(targets.manifests(), live.manifests(), operation);
    let is_pre_delete = |m: &ArgocdMetadata| m.pre_delete;
    let is_post_delete = |m: &ArgocdMetadata| m.post_delete;
    let hook_step = |phase: Phase, is_of_type: &dyn Fn(&ArgocdMetadata) -> bool, hook_deletion: &mut HookDeletion| {
        let tasks: Vec<Task> = targets
            .with_argocd()
            .filter(|(_, metadata)| is_of_type(metadata))
            .map(|(hook, metadata)| {
                let running = live_by_key.contains(&identities.key(hook));
                let task = create_task(hook, metadata, operation, running);
                if task.delete_policies.contains(DeletePolicy::HookSucceeded) {
                    hook_deletion.on_success.push(task.resource.clone());
                }
                if task.delete_policies.contains(DeletePolicy::HookFailed) {
                    hook_deletion.on_failure.push(task.resource.clone());
                }
                task
            })
            .collect();
        // A Degraded hook is deleted whatever its policy, so that the next pass creates it again
        // (`controller/hook.go` `executeHooks`, from v3.3.0; before, a Degraded hook counts as finished).
        let on_failure_delete =
            if version.pre_delete_hooks() { tasks.iter().map(|t| t.resource.clone()).collect() } else { Vec::new() };
        (!tasks.is_empty()).then_some(Step {
            phase,
            wave: 0,
            waits_for_confirmation: false,
            waits_for: vec![StepWait::HookCompletion],
            on_failure_delete,
            tasks,
        })
    };
    let mut hook_deletion = HookDeletion::default();
    let pre_delete = hook_step(Phase::PreDelete, &is_pre_delete, &mut hook_deletion);
    // PreDelete hooks are created with the Application's tracking (`controller/hook.go` `executeHooks`), so the
    // cascade deletes those it created like any live object of their wave (e2e `TestPreDeleteHook`: the hook Pod,
    // with no policy, is gone after the deletion), and the later cleanup by policy finds none of them.
    let created_pre_delete: Vec<(&Resource, &ArgocdMetadata, Task)> = if operation.non_cascading {
        Vec::new()
    } else {
        hook_deletion = HookDeletion::default();
        let tasks = pre_delete.as_ref().map_or(&[][..], |step| &step.tasks[..]);
        targets
            .with_argocd()
            .filter(|(_, metadata)| is_pre_delete(metadata))
            .zip(tasks)
            .filter(|(_, task)| task.live_instance.is_none())
            .map(|((hook, metadata), task)| {
                let mut delete = delete_task(hook, metadata, operation);
                delete.resource = task.resource.clone();
                delete.hook = true;
                (hook, metadata, delete)
            })
            .collect()
    };
    let post_delete = hook_step(Phase::PostDelete, &is_post_delete, &mut hook_deletion);
    // Nothing is lost: every other target is listed, deleted (if at all) through its live object.
    for (target, metadata) in targets.with_argocd() {
        if !is_pre_delete(metadata) && !is_post_delete(metadata) {
            excluded.push(Excluded::new(
                Some(target.to_ref()),
                ExclusionReason::DeletedFromLive,
                target.location.clone(),
            ));
        }
    }
    let mut steps: Vec<Step> = pre_delete.into_iter().collect();
    // The target of each live object, by identity: its `Delete=confirm` counts too (`RequiresDeletionConfirmation`
    // is computed from the target or the live object).
    let by_key: std::collections::HashMap<crate::resource::ResourceKey, &ArgocdMetadata> =
        targets.with_argocd().filter(|(t, _)| t.name.is_some()).map(|(t, m)| (identities.key(t), m)).collect();
    let target_of = |object: &Resource| by_key.get(&identities.key(object)).copied();
    steps.extend(delete_steps(live, created_pre_delete, operation, &target_of, &mut excluded));
    steps.extend(post_delete);

    excluded.sort_by(|a, b| a.source.cmp(&b.source));
    Plan {
        schema_version: SCHEMA_VERSION,
        engine: Engine::Argocd,
        operation: Operation::Delete,
        engine_version: operation.argocd_version.to_string(),
        steps,
        sync_fail: Vec::new(),
        hook_deletion,
        excluded,
        rule_configuration: crate::diagnostic::RuleConfiguration::NotApplied,
        diagnostics: Vec::new(),
        on_failure: None,
    }
}

fn create_task(hook: &Resource, metadata: &ArgocdMetadata, operation: &SyncOperation, running: bool) -> Task {
    let mut resource = hook.to_ref();
    if resource.namespace.is_none() {
        resource.namespace = operation.destination_namespace.as_deref().map(SmolStr::from);
    }
    Task {
        action: Action::Create,
        hook: true,
        resource,
        delete_policies: DeletePolicies::Argocd(metadata.delete_policies.clone()),
        sync_options: metadata.sync_options.clone(),
        skipped: None,
        live_instance: running.then_some(LiveInstance::AlreadyRunning),
        needs_confirmation: false,
        source: Some(hook.location.clone()),
        output_logs: Vec::new(),
    }
}

/// Why the controller keeps a live object on Application deletion, if it does (`shouldBeDeleted`; `Delete=false`
/// as [`SyncOperation::delete_gate`] reads it).
fn kept(object: &Resource, metadata: &ArgocdMetadata, operation: &SyncOperation) -> Option<ExclusionReason> {
    if object.is_crd() {
        Some(ExclusionReason::Crd)
    } else if metadata.options.resource_policy_keep {
        Some(ExclusionReason::ResourcePolicyKeep)
    } else if operation.delete_gate(metadata).disabled {
        Some(ExclusionReason::DeleteDisabled)
    } else {
        None
    }
}

/// The Delete steps: one per wave of the deletable live objects, highest first.
fn delete_steps<'a>(
    live: &'a Objects<'a>,
    created_hooks: Vec<(&'a Resource, &'a ArgocdMetadata, Task)>,
    operation: &SyncOperation,
    target_of: &dyn Fn(&Resource) -> Option<&'a ArgocdMetadata>,
    excluded: &mut Vec<Excluded>,
) -> Vec<Step> {
    let mut by_wave: BTreeMap<i64, Vec<(&Resource, Task)>> = BTreeMap::new();
    for (object, metadata) in live.with_argocd() {
        if let Some(reason) = kept(object, metadata, operation) {
            excluded.push(Excluded::new(Some(object.to_ref()), reason, object.location.clone()));
            continue;
        }
        if operation.non_cascading {
            // `finalizeApplicationDeletion` deletes live objects only `if app.CascadedDeletion()`.
            excluded.push(Excluded::new(Some(object.to_ref()), ExclusionReason::NonCascading, object.location.clone()));
            continue;
        }
        let mut task = delete_task(object, metadata, operation);
        if target_of(object).is_some_and(|target| requires_deletion_confirmation(target, operation)) {
            task.needs_confirmation = !operation.deletion_approved;
        }
        by_wave.entry(metadata.wave).or_default().push((object, task));
    }
    for (hook, metadata, task) in created_hooks {
        if kept(hook, metadata, operation).is_none() {
            by_wave.entry(metadata.wave).or_default().push((hook, task));
        }
    }
    let mut steps = by_wave
        .into_iter()
        .rev()
        .map(|(wave, mut objects)| {
            objects.sort_by(|(a, _), (b, _)| {
                (a.namespace.as_deref(), &a.group, &a.kind, a.name.as_deref(), &a.location).cmp(&(
                    b.namespace.as_deref(),
                    &b.group,
                    &b.kind,
                    b.name.as_deref(),
                    &b.location,
                ))
            });
            let tasks: Vec<Task> = objects.into_iter().map(|(_, task)| task).collect();
            Step {
                phase: Phase::Delete,
                wave,
                waits_for_confirmation: false,
                waits_for: vec![StepWait::Deletion],
                on_failure_delete: Vec::new(),
                tasks,
            }
        })
        .collect::<Vec<Step>>();
    // The first Delete step waits for confirmation when any object of any wave needs it: upstream deletes nothing
    // while one is unapproved (argo-cd@37ee009 `controller/appcontroller.go` `finalizeApplicationDeletion`).
    let held = steps.iter().flat_map(|s| &s.tasks).any(|t| t.needs_confirmation);
    if let Some(first) = steps.first_mut() {
        first.waits_for_confirmation = held;
    }
    steps
}

/// Whether deleting `object` waits for the Application's approval ([`SyncOperation::delete_gate`]): from v3.4 the
/// object's own `Delete=` value, else the Application's, is `confirm`, or the same for `Prune=`; the object's
/// value wins whatever it is (`Delete=true` on the object overrides the Application's `Delete=confirm`). From v2.14
/// to v3.3 only the object's exact item `Delete=confirm` counts; before v2.14 nothing.
///
/// Upstream (argo-cd@37ee009): `isObjRequiresDeletionConfirmation` in `controller/state.go`; upstream test
/// `Test_isObjRequiresDeletionConfirmation` in `controller/state_test.go`.
fn requires_deletion_confirmation(object: &ArgocdMetadata, operation: &SyncOperation) -> bool {
    operation.delete_gate(object).confirm
}

fn delete_task(object: &Resource, metadata: &ArgocdMetadata, operation: &SyncOperation) -> Task {
    let confirm = requires_deletion_confirmation(metadata, operation);
    Task {
        action: Action::Delete,
        hook: metadata.hook,
        resource: object.to_ref(),
        delete_policies: DeletePolicies::NONE,
        sync_options: metadata.sync_options.clone(),
        skipped: None,
        live_instance: None,
        needs_confirmation: confirm && !operation.deletion_approved,
        source: Some(object.location.clone()),
        output_logs: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// V19, app-deletion wave filter (TestFilterObjectsForDeletion): the first Delete step holds the highest wave.
    #[test]
    fn v19_highest_wave_first() {
        for (waves, first) in
            [(&[1, 5, 7, 7, 4][..], Some((7, 2))), (&[1, 5, 2, 2, 4], Some((5, 1))), (&[1], Some((1, 1))), (&[], None)]
        {
            let text: Vec<String> = waves
                .iter()
                .enumerate()
                .map(|(i, w)| format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\n  annotations: {{argocd.argoproj.io/sync-wave: \"{w}\"}}\n"))
                .collect();
            let live = Manifests::parse("live.yaml", &text.join("---\n"));
            let plan = delete_plan(&Manifests::new(), &live, &SyncOperation::new());
            assert_eq!(plan.steps.first().map(|s| (s.wave, s.tasks.len())), first, "{waves:?}");
        }
    }
}
