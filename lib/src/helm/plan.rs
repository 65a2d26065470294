//! Building the plan of a Helm operation: install, upgrade, rollback, uninstall or test.

use std::collections::HashSet;

use super::operation::{HelmCommand, HelmOperation};
use super::operation_flags::{first_steps, in_crds_directory, on_failure, output_logs, without_skipped_hooks};
use super::task::{Hook, hook_task, key, plain_task, reference, runs_of};
use crate::argocd::ArgocdVersion;
use crate::helm::{
    HelmMetadata, HelmVersion, HookEvent, KindOrder, compare_kinds, deletable_hook_kind, keeps_on_uninstall,
    keeps_on_upgrade_prune,
};
use crate::manifests::Manifests;
use crate::metadata::Objects;
use crate::plan::StepWait;
use crate::plan::{
    Action, DeletePolicies, Engine, HookDeletion, LiveInstance, Operation, Phase, Plan, SCHEMA_VERSION, Step, Task,
};
use crate::resource::{Excluded, ExclusionReason, Resource, ResourceKey};

/// Plans a Helm operation on the rendered manifests (`helm template` output, or the templates' documents in
/// template-path order): the plan alone, with no diagnostics (the planner never lints; [`crate::plan_helm`] gives
/// the plan with the diagnostics of the manifests and the Helm lint rules).
///
/// - Each document is classified as Helm does (`SortManifests`): no `helm.sh/hook` → a regular manifest; a hook
///   with only known events → a hook; any unknown event → dropped (`dropped-by-helm`).
/// - Hooks are pre-sorted by kind (install order, stable), then, per event, stably sorted by weight then name:
///   the effective order is (weight, name, kind, source position). A hook listed twice for an event runs twice.
///   Each hook is its own step: Helm runs them one at a time, each created and waited for before the next.
///   A hook's task says whether its previous instance is deleted first (`before-hook-creation`, the default only
///   when the annotation is absent); its step's `onFailureDelete` lists what Helm deletes if it fails (itself if
///   `hook-failed`, then the earlier successful hooks of the event with `hook-succeeded`: Helm 3.19+ and 4).
///   After the last hook of an event, a step of the same phase deletes the `hook-succeeded` hooks in reverse
///   order. CustomResourceDefinition hooks are never deleted.
/// - Regular manifests form one step, stably sorted by kind (install order; uninstall order on uninstall, where
///   the stored documents are ordered as `manifest-N` strings); unknown kinds last, alphabetical. Helm creates
///   one kind group after another without waiting for readiness.
/// - Upgrade: objects of the previous release's manifest that left the chart are pruned after the update, in
///   the previous manifest's order, unless their `helm.sh/resource-policy` is exactly `keep` (Helm checks the
///   live object; hookplan reads the previous manifest). Uninstall: a policy that is `keep` once trimmed and
///   lowercased keeps the object (`resource-policy-keep`); any other value keeps it silently
///   (`resource-policy-other`).
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): Helm `pkg/release/v1/util/manifest_sorter.go`, `kind_sorter.go`, `pkg/action/hooks.go`
/// (`execHook`), `install.go`, `upgrade.go`, `rollback.go`, `uninstall.go`, `release_testing.go`,
/// `resource_policy.go`, `pkg/kube/client.go`.
///
/// ```
/// use hookplan::Manifests;
/// use hookplan::helm::{operation_plan, HelmCommand, HelmOperation};
/// let chart = Manifests::parse("chart.yaml", "\
/// apiVersion: batch/v1
/// kind: Job
/// metadata:
///   name: z-migrate
///   annotations: {helm.sh/hook: pre-install, helm.sh/hook-weight: \"-1\"}
/// ---
/// apiVersion: v1
/// kind: ServiceAccount
/// metadata:
///   name: a-account
///   annotations: {helm.sh/hook: pre-install}
/// ");
/// let plan = operation_plan(&chart, &HelmOperation::new(HelmCommand::Install));
/// assert!(plan.diagnostics.is_empty());
/// let names: Vec<_> = plan.tasks().map(|(_, t)| t.resource.name.clone().unwrap()).collect();
/// assert_eq!(names, ["z-migrate", "a-account"], "weight before name, name before kind");
/// ```
pub fn operation_plan(manifests: &Manifests, operation: &HelmOperation) -> Plan {
    operation_plan_of(&Objects::new(manifests, ArgocdVersion::NEWEST), operation)
}

/// [`operation_plan`] of objects whose metadata is already read (so that a caller that also lints them reads
/// each resource once).
///
/// ```
/// use hookplan::Manifests;
/// use hookplan::argocd::ArgocdVersion;
/// use hookplan::helm::{operation_plan_of, HelmCommand, HelmOperation};
/// use hookplan::metadata::Objects;
/// let chart = Manifests::parse("job.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  \
///     annotations: {helm.sh/hook: pre-install, helm.sh/hook-weight: \"3\"}\n");
/// let objects = Objects::new(&chart, ArgocdVersion::NEWEST);
/// let plan = operation_plan_of(&objects, &HelmOperation::new(HelmCommand::Install));
/// assert_eq!(plan.steps[0].wave, objects.helm(0).weight);
/// ```
pub fn operation_plan_of(objects: &Objects<'_>, operation: &HelmOperation) -> Plan {
    let mut excluded: Vec<Excluded> = objects.manifests().excluded().to_vec();
    let (crds, rest): (Vec<_>, Vec<_>) =
        objects.with_helm().partition(|(r, _)| in_crds_directory(r.location.template.as_deref()));
    let crds: Vec<&Resource> = crds.into_iter().map(|(r, _)| r).collect();
    let previous = operation.previous.as_ref().map(|previous| Objects::new(previous, ArgocdVersion::NEWEST));
    let (hooks, regular_objects) = classify(&rest, operation.version, &mut excluded);
    let regular: Vec<&Resource> = regular_objects.iter().map(|(r, _)| *r).collect();
    let (events, manifest_phase) = events_of(operation.command);
    let hooks = without_skipped_hooks(hooks, operation, &mut excluded);
    for hook in &hooks {
        if !hook.events.iter().any(|e| events.iter().any(|(event, _)| event == e)) {
            excluded.push(Excluded::new(
                Some(hook.resource.to_ref()),
                ExclusionReason::OtherEvent,
                hook.resource.location.clone(),
            ));
        }
    }

    let mut steps = first_steps(&crds, &regular, operation, &mut excluded);
    let mut hook_deletion = HookDeletion::default();
    let mut listed: HashSet<(bool, ResourceKey)> = HashSet::new();
    for (i, (event, phase)) in events.iter().enumerate() {
        if i == 1
            && let Some(phase) = manifest_phase
        {
            steps.extend(manifest_steps(&regular_objects, previous.as_ref(), operation, phase, &mut excluded));
        }
        let event_steps = hook_steps(&hooks, *event, *phase, operation);
        for step in &event_steps {
            for task in &step.tasks {
                let key = ResourceKey::new(
                    &task.resource.group,
                    &task.resource.kind,
                    task.resource.namespace.as_deref(),
                    task.resource.name.as_deref(),
                );
                let deletable = deletable_hook_kind(&task.resource.kind) && task.action == Action::Create;
                if deletable
                    && task.delete_policies.contains(crate::argocd::DeletePolicy::HookSucceeded)
                    && listed.insert((true, key.clone()))
                {
                    hook_deletion.on_success.push(task.resource.clone());
                }
                if deletable
                    && task.delete_policies.contains(crate::argocd::DeletePolicy::HookFailed)
                    && listed.insert((false, key))
                {
                    hook_deletion.on_failure.push(task.resource.clone());
                }
            }
        }
        steps.extend(event_steps);
    }

    if operation.command == HelmCommand::Test && operation.logs {
        super::test_logs::add_step(&hooks, operation, &mut steps);
    }
    if manifest_phase.is_none() {
        // `helm test` runs the test hooks only; the release's manifests are left as they are.
        excluded.extend(regular.iter().map(|resource| {
            Excluded::new(Some(resource.to_ref()), ExclusionReason::ReleaseManifest, resource.location.clone())
        }));
    }
    excluded.sort_by(|a, b| a.source.cmp(&b.source));
    Plan {
        schema_version: SCHEMA_VERSION,
        engine: Engine::Helm,
        operation: match operation.command {
            HelmCommand::Install => Operation::Install,
            HelmCommand::Upgrade => Operation::Upgrade,
            HelmCommand::Rollback => Operation::Rollback,
            HelmCommand::Uninstall => Operation::Uninstall,
            HelmCommand::Test => Operation::Test,
        },
        engine_version: operation.version.to_string(),
        steps,
        sync_fail: Vec::new(),
        hook_deletion,
        excluded,
        rule_configuration: crate::diagnostic::RuleConfiguration::NotApplied,
        diagnostics: Vec::new(),
        on_failure: on_failure(&regular, previous.as_ref(), operation),
    }
}

/// Helm's classification (`SortManifests`): hooks (pre-sorted by kind, install order, stably), regular
/// manifests, and documents dropped for an unknown event.
fn classify<'a>(
    objects: &[(&'a Resource, &'a HelmMetadata)],
    version: HelmVersion,
    excluded: &mut Vec<Excluded>,
) -> (Vec<Hook<'a>>, Vec<(&'a Resource, &'a HelmMetadata)>) {
    let mut hooks: Vec<Hook<'_>> = Vec::new();
    let mut regular = Vec::new();
    for &(resource, metadata) in objects {
        // The object's Helm metadata, read once: what `helm::metadata` says is what the plan does.
        match &metadata.events {
            None if metadata.dropped_for.is_none() => regular.push((resource, metadata)),
            None => {
                let at = resource.location.clone();
                excluded.push(Excluded::new(Some(resource.to_ref()), ExclusionReason::DroppedByHelm, at));
            }
            Some(events) => hooks.push(Hook {
                resource,
                events: events.clone(),
                weight: metadata.weight,
                policies: metadata.delete_policies.clone(),
                metadata,
            }),
        }
    }
    // `sortHooksByKind`: a stable sort by kind in install order, from document order.
    hooks.sort_by(|a, b| compare_kinds(&a.resource.kind, &b.resource.kind, KindOrder::Install, version));
    (hooks, regular)
}

/// The kind Helm orders an object by: its document's (a List's items are ordered as the List, which Helm does not
/// know, so last).
fn sort_kind(resource: &Resource) -> &str {
    resource.list_kind.as_deref().unwrap_or(&resource.kind)
}

/// The hook events a command runs, with their phases, and the phase of its regular manifests (between the two
/// events).
fn events_of(command: HelmCommand) -> (Vec<(HookEvent, Phase)>, Option<Phase>) {
    match command {
        HelmCommand::Install => (
            vec![(HookEvent::PreInstall, Phase::PreInstall), (HookEvent::PostInstall, Phase::PostInstall)],
            Some(Phase::Install),
        ),
        HelmCommand::Upgrade => (
            vec![(HookEvent::PreUpgrade, Phase::PreUpgrade), (HookEvent::PostUpgrade, Phase::PostUpgrade)],
            Some(Phase::Upgrade),
        ),
        HelmCommand::Rollback => (
            vec![(HookEvent::PreRollback, Phase::PreRollback), (HookEvent::PostRollback, Phase::PostRollback)],
            Some(Phase::Rollback),
        ),
        HelmCommand::Uninstall => (
            vec![(HookEvent::PreDelete, Phase::HelmPreDelete), (HookEvent::PostDelete, Phase::HelmPostDelete)],
            Some(Phase::Uninstall),
        ),
        HelmCommand::Test => (vec![(HookEvent::Test, Phase::Test)], None),
    }
}

/// Helm's policies in the plan's vocabulary (the three it acts on; other values are inert and left out).
/// The policies Helm acts on, in Helm's words (tokens Helm keeps but never matches are left out).
fn as_delete_policies(policies: &[String]) -> DeletePolicies {
    DeletePolicies::Helm(policies.iter().filter_map(|p| p.parse::<crate::helm::HookDeletePolicy>().ok()).collect())
}

/// The steps of one hook event: one per hook execution in (weight, name) order, then the cleanup of the
/// `hook-succeeded` hooks in reverse order (execution order before Helm 3.17; see [`HelmVersion`] for the other
/// differences of older Helm 3 releases).
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `execHook` in Helm's `pkg/action/hooks.go`.
fn hook_steps(hooks: &[Hook<'_>], event: HookEvent, phase: Phase, operation: &HelmOperation) -> Vec<Step> {
    let runs = runs_of(hooks, event);
    let deletable = |hook: &Hook<'_>| deletable_hook_kind(&hook.resource.kind);
    let has = |hook: &Hook<'_>, policy: &str| hook.policies.iter().any(|p| p == policy);
    let mut steps = Vec::with_capacity(runs.len() + 1);
    // The earlier runs of the event that are deletable and have hook-succeeded, in execution order: kept as the
    // runs go, so that each step copies them instead of looking at every earlier run again.
    let mut succeeded_before = Vec::new();
    for hook in &runs {
        let mut on_failure_delete = Vec::new();
        if deletable(hook) && has(hook, "hook-failed") {
            on_failure_delete.push(reference(hook.resource, operation));
        }
        // Since Helm 3.19 (and in Helm 4) a failing hook also deletes the earlier successful hooks of its event
        // that have hook-succeeded, in execution order.
        if operation.version.since_3(19) {
            on_failure_delete.extend_from_slice(&succeeded_before);
            if deletable(hook) && has(hook, "hook-succeeded") {
                succeeded_before.push(reference(hook.resource, operation));
            }
        }
        let before_create = deletable(hook) && has(hook, "before-hook-creation");
        // Since Helm 3.14 the deletion of the previous instance is waited for.
        let waits_for_previous = before_create && operation.version.since_3(14);
        steps.push(Step {
            phase,
            wave: hook.weight,
            waits_for_confirmation: false,
            // `execHook`: the previous instance is deleted and waited for, then the hook is created and watched.
            waits_for: if waits_for_previous {
                vec![StepWait::PreviousInstanceDeletion, StepWait::HookCompletion]
            } else {
                vec![StepWait::HookCompletion]
            },
            on_failure_delete,
            tasks: vec![Task {
                action: Action::Create,
                hook: true,
                resource: reference(hook.resource, operation),
                delete_policies: as_delete_policies(&hook.policies),
                sync_options: Vec::new(),
                skipped: None,
                live_instance: before_create.then_some(LiveInstance::DeleteBeforeCreate),
                needs_confirmation: false,
                source: Some(hook.resource.location.clone()),
                output_logs: output_logs(hook.resource, hook.metadata, operation),
            }],
        });
    }
    // Reverse execution order since Helm 3.17 (and in Helm 4); execution order before.
    let order: Vec<&&Hook<'_>> =
        if operation.version.since_3(17) { runs.iter().rev().collect() } else { runs.iter().collect() };
    let cleanup: Vec<Task> = order
        .into_iter()
        .filter(|hook| deletable(hook) && has(hook, "hook-succeeded"))
        .map(|hook| hook_task(hook, operation, Action::Delete, as_delete_policies(&hook.policies)))
        .collect();
    if !cleanup.is_empty() {
        let wave = runs.last().map_or(0, |hook| hook.weight);
        steps.push(Step {
            phase,
            wave,
            waits_for_confirmation: false,
            waits_for: Vec::new(),
            on_failure_delete: Vec::new(),
            tasks: cleanup,
        });
    }
    steps
}

/// The regular manifests: one step in kind order, plus, on upgrade, the prune of what left the chart.
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `SortManifests` and `lessByKind` in Helm's `kind_sorter.go`; `Client.update` in `pkg/kube/client.go`;
/// `filterManifestsToKeep` in `pkg/action/resource_policy.go`.
fn manifest_steps(
    regular: &[(&Resource, &HelmMetadata)],
    previous: Option<&Objects<'_>>,
    operation: &HelmOperation,
    phase: Phase,
    excluded: &mut Vec<Excluded>,
) -> Vec<Step> {
    let version = operation.version;
    let uninstall = operation.command == HelmCommand::Uninstall;
    // Install order: the documents as given (the rendered files, in order), stably sorted by kind.
    let mut objects: Vec<(String, &Resource, &HelmMetadata)> =
        regular.iter().map(|(r, m)| (String::new(), *r, *m)).collect();
    objects.sort_by(|a, b| compare_kinds(sort_kind(a.1), sort_kind(b.1), KindOrder::Install, version));
    if uninstall {
        // Uninstall reads the stored release manifest, which holds the documents in install order; each becomes a
        // pseudo-file `manifest-N` (N counting in that order), the names are sorted as strings, and then stably by
        // kind in uninstall order. Upstream (helm@e9b85e4; Helm 3: v3.21.4): `uninstall.go` sorts
        // `SplitManifests(release.Manifest)` with `UninstallOrder`; `SplitManifests` in
        // `pkg/release/v1/util/manifest.go` names them; `sort.Strings` in `manifest_sorter.go` orders the names.
        for (n, object) in objects.iter_mut().enumerate() {
            object.0 = format!("manifest-{n}");
        }
        objects.sort_by(|a, b| a.0.cmp(&b.0));
        objects.sort_by(|a, b| compare_kinds(sort_kind(a.1), sort_kind(b.1), KindOrder::Uninstall, version));
    }
    let mut tasks = Vec::new();
    for (_, object, metadata) in objects {
        // Uninstall reads the policy of the stored document's head: a List's own, never its items'.
        let policy =
            if object.in_list { object.list_resource_policy.as_deref() } else { metadata.resource_policy.as_deref() };
        if uninstall && let Some(policy) = policy {
            let reason = if keeps_on_uninstall(policy) {
                ExclusionReason::ResourcePolicyKeep
            } else {
                ExclusionReason::ResourcePolicyOther
            };
            excluded.push(Excluded::new(Some(object.to_ref()), reason, object.location.clone()));
            continue;
        }
        tasks.push(plain_task(object, operation, if uninstall { Action::Delete } else { Action::Apply }));
    }
    if operation.command == HelmCommand::Upgrade
        && let Some(previous) = previous
    {
        let current: HashSet<ResourceKey> = regular.iter().map(|(r, _)| key(r, operation)).collect();
        let mut old: Vec<(&Resource, &HelmMetadata)> = previous.with_helm().filter(|(_, m)| m.is_regular()).collect();
        old.sort_by(|a, b| compare_kinds(&a.0.kind, &b.0.kind, KindOrder::Install, version));
        for (object, metadata) in old.into_iter().filter(|(r, _)| !current.contains(&key(r, operation))) {
            if metadata.resource_policy.as_deref().is_some_and(keeps_on_upgrade_prune) {
                excluded.push(Excluded::new(
                    Some(object.to_ref()),
                    ExclusionReason::ResourcePolicyKeep,
                    object.location.clone(),
                ));
            } else {
                tasks.push(plain_task(object, operation, Action::Prune));
            }
        }
    }
    if tasks.is_empty() {
        return Vec::new();
    }
    // With `--wait`/`--wait-for-jobs` Helm waits until the manifests are ready before the post-event hooks.
    let waits_for = if operation.wait && !uninstall { vec![crate::plan::StepWait::Health] } else { Vec::new() };
    vec![Step { phase, wave: 0, waits_for_confirmation: false, waits_for, on_failure_delete: Vec::new(), tasks }]
}
