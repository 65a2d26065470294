//! Building the plan of an Argo CD sync.

use foldhash::{HashMap, HashSet, HashSetExt};
use smol_str::SmolStr;

use super::order::{
    Dependency, Ids, NONE, Slot, adjust_deps, crd_dependency, crd_referrer, namespace_dependency, namespace_referrer,
    sorted,
};
use super::sync_operation::SyncOperation;
use super::task_draft::Draft;
use crate::argocd::kind_order::kind_rank;
use crate::argocd::naming::hook_name;
use crate::argocd::{DeletePolicy, SyncPhase, metadata_in};
use crate::location::Location;
use crate::manifests::Manifests;
use crate::metadata::Objects;
use crate::plan::StepWait;
use crate::plan::{
    Action, DeletePolicies, Engine, HookDeletion, LiveInstance, Operation, Phase, Plan, SCHEMA_VERSION, Skipped, Step,
    Task,
};
use crate::resource::{Excluded, ExclusionReason, Identities, Resource, ResourceKey, ResourceRef};

/// Plans an Argo CD sync of `manifests` against the `live` objects of the Application (none: no prune tasks and
/// no previous hook instances) (for example
/// `kubectl get ... -o yaml` output). Every live object is taken to belong to the Application.
///
/// 1. Each target is classified by the dialect rules: delete-only hooks (`delete-hook`), ignored hooks
///    (`no-sync-phase`) and Skip objects (`skip`) go to `excluded`; every other object becomes one task per sync
///    phase, with its wave (`sync_wave`), and for hooks its delete policies. A selective sync runs no hooks and
///    only the selected resources; ApplyOutOfSyncOnly leaves out unchanged resources (`not-selected`,
///    `unchanged`).
/// 2. Namespaces are defaulted to the destination namespace, then unnamed hooks are named when a revision is
///    given (`getSyncTasks`). A named hook whose previous instance is live is deleted
///    before its step (BeforeHookCreation) or applied over.
/// 3. Every live object without a target becomes a prune task in the Sync phase with its own wave, unless it
///    is a hook (`live-hook`). Prune waves are mirrored, then PruneLast tasks move after the last Sync wave
///    (upstream tests `TestWaveReorderingOfPruneTasks`, `TestPruneLast`). `Prune=false` skips a prune task, `Prune=confirm` makes its step wait.
/// 4. With CreateNamespace, the destination Namespace is added as a PreSync task unless a target or a live
///    object is that Namespace.
/// 5. Tasks are sorted by phase rank, wave, kind rank and name (`syncTasks.Less`). Upstream's
///    `sort.Sort` is unstable, so ties are broken here, deterministically, by namespace, API group, kind and
///    source position: a choice Argo CD does not make.
/// 6. Namespaces, then CRDs, that come after their first dependent are moved just before it and take its
///    phase and wave (`syncTasks.Sort`/`adjustDeps`); prune tasks take no part.
///    When that puts a multi-phase hook twice into one phase, the later task is dropped: upstream keys results
///    by object and phase, so it never runs on its own.
/// 7. Consecutive tasks of one (phase, wave) form a step, its prune tasks first; SyncFail tasks go to `syncFail`.
/// 8. Hooks with `HookSucceeded` (not SyncFail hooks, which run only on failure) are deleted when the operation
///    succeeds; hooks with `HookFailed` when it fails. A named hook is listed once.
///
/// The plan alone: its `diagnostics` are empty (the planner never lints). [`crate::plan_sync_with_live`] gives the
/// plan with the diagnostics of reading and of the Argo CD lint rules.
///
/// Every step follows the operation's [`SyncOperation::argocd_version`]: before v2.11.0 (v2.10.10 on 2.10) prune waves are not mirrored
/// and pruned objects not waited for, before v3.1 the created Namespace is a PreSync task of wave 0, before v3.3
/// PreDelete is an unknown hook type, before v3.4 only the object's exact `Prune=false` and `Prune=confirm` items
/// count (see [`crate::argocd::ArgocdVersion`] for each change and its upstream commit).
pub fn sync_plan(manifests: &Manifests, live: &Manifests, operation: &SyncOperation) -> Plan {
    let version = operation.argocd_version;
    sync_plan_of(&Objects::new(manifests, version), &Objects::new(live, version), operation)
}

/// [`sync_plan`] of objects whose metadata is already read (so that a caller that also lints them reads each
/// resource once). Metadata read for another Argo CD release than the operation's is read again, as the
/// operation's release reads it.
///
/// ```
/// use hookplan::{Manifests, SyncOperation};
/// use hookplan::argocd::sync_plan_of;
/// use hookplan::metadata::Objects;
/// let targets = Manifests::parse("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
/// let operation = SyncOperation::new();
/// let objects = Objects::new(&targets, operation.argocd_version);
/// let plan = sync_plan_of(&objects, &Objects::new(&Manifests::new(), operation.argocd_version), &operation);
/// assert_eq!(plan.steps.len(), 1);
/// ```
pub fn sync_plan_of(targets: &Objects<'_>, live: &Objects<'_>, operation: &SyncOperation) -> Plan {
    let version = operation.argocd_version;
    if targets.argocd_version() != version || live.argocd_version() != version {
        return sync_plan_of(
            &Objects::new(targets.manifests(), version),
            &Objects::new(live.manifests(), version),
            operation,
        );
    }
    let Reconciled { identities, live_by_key, mut excluded } =
        reconcile(targets.manifests(), live.manifests(), operation);
    let mut target_keys = HashSet::new();
    let mut tasks = Tasks::default();
    drafts_of(targets, operation, &identities, &live_by_key, &mut target_keys, &mut excluded, &mut tasks);
    prune_drafts(live, operation, &identities, &target_keys, &mut excluded, &mut tasks);
    if operation.argocd_version.prune_waves_mirrored() {
        mirror_prune_waves(&mut tasks.slots);
    }
    prune_last(&mut tasks, operation);
    let created_namespace = created_namespace(operation, &identities, &target_keys, &live_by_key);
    let created_metadata = created_namespace.as_ref().map(|namespace| metadata_in(namespace, version));
    if let (Some(namespace), Some(metadata)) = (&created_namespace, &created_metadata) {
        tasks.push(Draft::plain(namespace, metadata, true), SyncPhase::PreSync, 0, false);
    }

    let Tasks { mut drafts, slots, .. } = tasks;
    let slots = sorted(slots, &drafts);
    let (slots, namespaces_moved) = adjust_deps(slots, namespace_dependency, namespace_referrer);
    let (mut slots, crds_moved) = adjust_deps(slots, crd_dependency, crd_referrer);
    // A multi-phase Namespace or CRD hook can be pulled into a phase it already runs in. Upstream keys task
    // results by group/kind/namespace/name:phase (`resourceResultKey`), so the second task shares the first's
    // result and never runs on its own: the plan keeps the first. Only a dependency can be pulled, so only
    // dependencies that are hooks need the check.
    if namespaces_moved || crds_moved {
        let mut seen = HashSet::new();
        slots.retain(|slot| {
            let draft = &drafts[slot.draft as usize];
            slot.prune
                || slot.dependency.is_none()
                || !draft.hook
                || seen.insert((std::ptr::from_ref(draft.resource), slot.phase))
        });
    }

    let mut steps: Vec<Step> = Vec::new();
    let mut sync_fail = Vec::new();
    let mut hook_deletion = HookDeletion::default();
    let mut deletions = Deletions::default();
    for (i, slot) in slots.iter().enumerate() {
        let task = to_task(&mut drafts[slot.draft as usize], slot, operation, &mut hook_deletion, &mut deletions);
        if slot.phase == SyncPhase::SyncFail {
            sync_fail.push(task);
            continue;
        }
        let phase = Phase::from(slot.phase);
        match steps.last_mut() {
            Some(step) if step.phase == phase && step.wave == slot.wave => step.tasks.push(task),
            _ => {
                // Size the step at once: the slots of one (phase, wave) are consecutive.
                let len = slots[i..].iter().take_while(|s| s.phase == slot.phase && s.wave == slot.wave).count();
                let mut tasks = Vec::with_capacity(len);
                tasks.push(task);
                steps.push(Step {
                    phase,
                    wave: slot.wave,
                    waits_for_confirmation: false,
                    waits_for: Vec::new(),
                    on_failure_delete: Vec::new(),
                    tasks,
                });
            }
        }
    }
    if let Some(namespace) = created_namespace.as_ref().and_then(|n| n.name.as_deref())
        && operation.argocd_version.namespace_before_dry_run()
    {
        own_first_step(&mut steps, namespace);
    }
    for step in &mut steps {
        // Within a batch, prune tasks run first, all at once (`runTasks`); the applies follow in upstream order.
        if step.tasks.iter().any(|task| task.action == Action::Prune) {
            step.tasks.sort_by_key(|task| task.action != Action::Prune);
        }
        step.waits_for_confirmation = step.tasks.iter().any(|task| task.needs_confirmation);
    }
    // Pending SyncFail hooks make the sync multi-step (`Sync`: `multiStep`).
    let multi_step = steps.len() > 1 || !sync_fail.is_empty();
    let last = steps.len().saturating_sub(1);
    for (index, step) in steps.iter_mut().enumerate() {
        step.waits_for = sync_step_waits(step, multi_step, index == last, operation.argocd_version);
    }

    excluded.sort_by(|a, b| a.source.cmp(&b.source));
    Plan {
        schema_version: SCHEMA_VERSION,
        engine: Engine::Argocd,
        operation: Operation::Sync,
        engine_version: operation.argocd_version.to_string(),
        steps,
        sync_fail,
        hook_deletion,
        excluded,
        rule_configuration: crate::diagnostic::RuleConfiguration::NotApplied,
        diagnostics: Vec::new(),
        on_failure: None,
    }
}

/// What a sync step waits for, as the engine's `Sync` does: the deletion of previous hook instances
/// (BeforeHookCreation) before anything is applied; then, unless this is the last step and it holds no hook
/// (the sync then ends at once), its hooks' completion, its objects' health (in a multi-step sync) and its pruned
/// objects' deletion (from v2.11.0 and v2.10.10, [`crate::argocd::ArgocdVersion::prune_waves_mirrored`]). Upstream
/// (argo-cd@37ee009): `Sync` in `gitops-engine/pkg/sync/sync_context.go`.
fn sync_step_waits(step: &Step, multi_step: bool, last: bool, version: crate::argocd::ArgocdVersion) -> Vec<StepWait> {
    let mut waits = Vec::new();
    if step.tasks.iter().any(|t| t.live_instance == Some(LiveInstance::DeleteBeforeCreate)) {
        waits.push(StepWait::PreviousInstanceDeletion);
    }
    let hooks = step.tasks.iter().any(|t| t.hook && t.action == Action::Apply);
    if last && !hooks {
        return waits;
    }
    if hooks {
        waits.push(StepWait::HookCompletion);
    }
    if multi_step && step.tasks.iter().any(|t| !t.hook && t.action == Action::Apply) {
        waits.push(StepWait::Health);
    }
    if version.prune_waves_mirrored() && step.tasks.iter().any(|t| t.action == Action::Prune && t.skipped.is_none()) {
        waits.push(StepWait::PrunedDeletion);
    }
    waits
}

/// What the sync and the Application deletion both start from: the identities of targets and live objects, the
/// named live objects by identity, and what reading excluded from both.
pub(crate) struct Reconciled<'a> {
    pub(crate) identities: Identities,
    pub(crate) live_by_key: LiveIndex<'a>,
    pub(crate) excluded: Vec<Excluded>,
}

/// The named live objects of the Application, found by a target's identity as Argo CD finds them.
///
/// A live object without a namespace matches a target of the same group, kind and name in any namespace: the
/// cluster leaves the namespace of a cluster-scoped object empty, and offline the scope of a custom kind whose
/// CRD is not in the input is unknown, so a target written with a namespace may be that object. Upstream
/// (argo-cd@37ee009): `Reconcile` in `gitops-engine/pkg/sync/reconcile.go` checks the namespaced and the
/// empty-namespace key when the scope is unknown (`TestReconcileWithUnknownDiscoveryDataForClusterScopedResources`),
/// and `liveObj` in `gitops-engine/pkg/sync/sync_context.go` matches an empty namespace to any
/// (`Test_syncContext_liveObj`, "EmptyNamespace").
#[derive(Default)]
pub(crate) struct LiveIndex<'a> {
    by_key: HashMap<ResourceKey, &'a Resource>,
    /// Live objects written without a namespace, by (group, kind, name).
    unnamespaced: HashMap<(SmolStr, SmolStr, SmolStr), &'a Resource>,
}

impl<'a> LiveIndex<'a> {
    fn new(identities: &Identities, live: &'a Manifests) -> Self {
        let mut index = LiveIndex::default();
        for object in live.resources().iter().filter(|r| r.name.is_some()) {
            index.by_key.insert(identities.key(object), object);
            if object.namespace.is_none() {
                let name = object.name.clone().unwrap_or_default();
                index.unnamespaced.insert((object.group.clone(), object.kind.clone(), name), object);
            }
        }
        index
    }

    /// The live object of the target with identity `key`: the one with that identity, else a live object without
    /// a namespace of the same group, kind and name.
    pub(crate) fn get(&self, key: &ResourceKey) -> Option<&'a Resource> {
        self.by_key
            .get(key)
            .copied()
            .or_else(|| self.unnamespaced.get(&(key.group.clone(), key.kind.clone(), key.name.clone())).copied())
    }

    /// The live object `Reconcile` pairs with the (non-hook) target `resource` of identity `key`: as
    /// [`Self::get`], except that before [`crate::argocd::ArgocdVersion::unknown_scope_matched_both_keys`] a
    /// target whose kind's scope is unknown finds only a live object in its own (else the destination)
    /// namespace, so not a live object without a namespace.
    pub(crate) fn reconciled(
        &self,
        resource: &Resource,
        key: &ResourceKey,
        identities: &Identities,
        operation: &SyncOperation,
    ) -> Option<&'a Resource> {
        self.get(key).filter(|live| {
            let target_namespace = resource.namespace.as_deref().or(operation.destination_namespace.as_deref());
            identities.scope_known(resource)
                || operation.argocd_version.reconciles_unknown_scope(target_namespace, live.namespace.as_deref())
        })
    }

    /// Whether the target with identity `key` has a live object.
    pub(crate) fn contains(&self, key: &ResourceKey) -> bool {
        self.get(key).is_some()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }
}

/// Reconciles the targets with the live objects of the Application (`reconcile.go`'s pairing by resource key).
pub(crate) fn reconcile<'a>(manifests: &Manifests, live: &'a Manifests, operation: &SyncOperation) -> Reconciled<'a> {
    let identities = Identities::new(
        operation.destination_namespace.as_deref(),
        manifests.resources().iter().chain(live.resources()),
    );
    let live_by_key = LiveIndex::new(&identities, live);
    let mut excluded: Vec<Excluded> = manifests.excluded().to_vec();
    excluded.extend(live.excluded().iter().cloned());
    Reconciled { identities, live_by_key, excluded }
}

/// Classifies each target (excluded, or one draft task per sync phase) with the dialect rules, defaulting
/// namespaces and naming unnamed hooks as the operation says, and records the keys of every target.
fn drafts_of<'a>(
    targets: &'a Objects<'a>,
    operation: &'a SyncOperation,
    identities: &Identities,
    live_by_key: &LiveIndex<'a>,
    target_keys: &mut HashSet<ResourceKey>,
    excluded: &mut Vec<Excluded>,
    tasks: &mut Tasks<'a>,
) {
    let selected: Option<HashSet<&ResourceKey>> = operation.selected.as_ref().map(|keys| keys.iter().collect());
    let apply_out_of_sync_only = operation.has_option("ApplyOutOfSyncOnly=true");
    // Identities are needed only to reconcile with live state or to honour selections; computing them costs
    // allocations, so a plan without either skips them.
    let needs_keys = !live_by_key.is_empty()
        || selected.is_some()
        || apply_out_of_sync_only
        || operation.has_option("CreateNamespace=true");
    let destination = operation.destination_namespace.as_deref().map(SmolStr::from);
    tasks.drafts.reserve(targets.resources().len());
    tasks.slots.reserve(targets.resources().len());
    for (resource, class) in targets.with_argocd() {
        // Ignored hooks are dropped before reconciliation and delete-only hooks are kept out of the sync: neither
        // is a target. A Skip object is a target (so its live object is not pruned) without a task.
        let reason = if class.delete_only {
            Some(ExclusionReason::DeleteHook)
        } else if class.ignored {
            Some(ExclusionReason::NoSyncPhase)
        } else {
            None
        };
        let key = needs_keys.then(|| identities.key(resource));
        if let (None, Some(key)) = (reason, &key) {
            target_keys.insert(key.clone());
        }
        let hook = class.hook;
        let reason = reason
            .or_else(|| class.skip.then_some(ExclusionReason::Skip))
            .or_else(|| (hook && operation.apply_strategy).then_some(ExclusionReason::ApplyStrategy))
            .or_else(|| match (&selected, &key) {
                (Some(selected), Some(key)) if hook || !selected.contains(key) => Some(ExclusionReason::NotSelected),
                _ => None,
            })
            .or_else(|| {
                let unchanged = apply_out_of_sync_only
                    && !hook
                    && key.as_ref().is_some_and(|key| {
                        operation.unchanged.contains(key)
                            && live_by_key.reconciled(resource, key, identities, operation).is_some_and(|live| {
                                // The verdict is keyed by the live object's namespace (none when cluster-scoped).
                                let live_namespace = identities.namespace(live).and(live.namespace.as_deref());
                                let target_namespace = resource.namespace.as_ref().or(destination.as_ref());
                                let version = operation.argocd_version;
                                version.out_of_sync_only_finds_verdict(
                                    target_namespace.map(SmolStr::as_str),
                                    live_namespace,
                                )
                            })
                    });
                unchanged.then_some(ExclusionReason::Unchanged)
            });
        if let Some(reason) = reason {
            excluded.push(Excluded::new(Some(resource.to_ref()), reason, resource.location.clone()));
            continue;
        }
        let policies = if hook { class.delete_policies.clone() } else { Vec::new() };
        let wave = class.wave;
        let namespace = resource.namespace.as_ref().or(destination.as_ref());
        let unnamed_sort_name = if hook { resource.generate_name.as_deref().unwrap_or_default() } else { "" };
        // A named hook finds the instance an earlier sync left (`liveObj()`); a generateName hook never does.
        let live = match &key {
            Some(key) if hook && resource.name.as_deref().is_some_and(|n| !n.is_empty()) => live_by_key.get(key),
            _ => None,
        };
        for &phase in &class.phases {
            let name = match (&resource.name, &operation.naming) {
                (Some(name), _) if !name.is_empty() => Some(name.clone()),
                (_, Some((revision, started_at))) if hook => Some(SmolStr::from(hook_name(
                    resource.generate_name.as_deref().unwrap_or_default(),
                    revision,
                    phase,
                    *started_at,
                ))),
                (name, _) => name.clone(),
            };
            let draft = Draft {
                resource,
                name,
                unnamed_sort_name,
                namespace: namespace.cloned(),
                hook,
                policies: policies.clone(),
                metadata: class,
                live,
                synthesized: false,
            };
            tasks.push(draft, phase, wave, false);
        }
    }
}

/// A prune task for every live object without a target, unless it is a hook (`getSyncTasks`: its wave is
/// read from the live object).
fn prune_drafts<'a>(
    live: &'a Objects<'a>,
    operation: &'a SyncOperation,
    identities: &Identities,
    target_keys: &HashSet<ResourceKey>,
    excluded: &mut Vec<Excluded>,
    tasks: &mut Tasks<'a>,
) {
    let destination = operation.destination_namespace.as_deref().map(SmolStr::from);
    // A live object without a namespace has a target of the same group, kind and name in any namespace (see
    // `LiveIndex`).
    let unnamespaced_targets: HashSet<(&str, &str, &str)> =
        target_keys.iter().map(|k| (k.group.as_str(), k.kind.as_str(), k.name.as_str())).collect();
    // Before `unknown_scope_matched_both_keys`, a live object without a namespace whose kind's scope is unknown is
    // found only by a target whose namespaced key has no namespace either (no namespace, no destination).
    let both_keys = operation.argocd_version.unknown_scope_matched_both_keys();
    for (object, metadata) in live.with_argocd() {
        let key = identities.key(object);
        let paired = if object.namespace.is_none() && !both_keys && !identities.scope_known(object) {
            target_keys.contains(&ResourceKey::new(&object.group, &object.kind, None, object.name.as_deref()))
        } else {
            target_keys.contains(&key)
                || (object.namespace.is_none()
                    && unnamespaced_targets.contains(&(object.group.as_str(), object.kind.as_str(), key.name.as_str())))
        };
        if paired {
            continue;
        }
        if metadata.hook {
            excluded.push(Excluded::new(Some(object.to_ref()), ExclusionReason::LiveHook, object.location.clone()));
            continue;
        }
        if operation.selected.as_ref().is_some_and(|selected| !selected.contains(&key)) {
            excluded.push(Excluded::new(Some(object.to_ref()), ExclusionReason::NotSelected, object.location.clone()));
            continue;
        }
        let mut draft = Draft::plain(object, metadata, false);
        draft.namespace = object.namespace.clone().or_else(|| destination.clone());
        tasks.push(draft, SyncPhase::Sync, metadata.wave, true);
    }
}

/// Mirrors the waves of prune tasks: with their distinct waves sorted `w0 < ... < w(n-1)`, a prune task in `wi`
/// gets `w(n-1-i)`, so that what was applied last is pruned first. Apply tasks keep their waves.
///
/// Upstream (argo-cd@37ee009): `getSyncTasks` in `gitops-engine/pkg/sync/sync_context.go` (Argo CD v2.10.10+ and v2.11.0+),
/// Upstream test `TestWaveReorderingOfPruneTasks`.
fn mirror_prune_waves(slots: &mut [Slot]) {
    let mut waves: Vec<i64> = slots.iter().filter(|s| s.prune).map(|s| s.wave).collect();
    waves.sort_unstable();
    waves.dedup();
    for slot in slots.iter_mut().filter(|s| s.prune) {
        if let Ok(i) = waves.binary_search(&slot.wave) {
            slot.wave = waves[waves.len() - 1 - i];
        }
    }
}

/// Moves PruneLast prune tasks (the Application's `PruneLast=true`, or `PruneLast=true` on the live object) to
/// `max(0, the highest Sync-phase wave, mirrored prune waves included) + 1`: after every other Sync wave, still
/// before PostSync. Before v2.11.0 (v2.10.10 on 2.10) the prune tasks' own waves are not counted.
///
/// Upstream (argo-cd@37ee009): `getSyncTasks` in `gitops-engine/pkg/sync/sync_context.go`; upstream tests
/// `TestWaveReorderingOfPruneTasks`, `TestPruneLast`. Before v2.11.0 and v2.10.10: argoproj/gitops-engine `getSyncTasks` at
/// `7921242` (pinned by Argo CD v2.10.0), "sync phase last wave of non prune task +1".
fn prune_last(tasks: &mut Tasks<'_>, operation: &SyncOperation) {
    let app_prune_last = operation.has_option("PruneLast=true");
    let prunes_count = operation.argocd_version.prune_waves_mirrored();
    let last_wave = tasks
        .slots
        .iter()
        .filter(|s| s.phase == SyncPhase::Sync && (prunes_count || !s.prune))
        .map(|s| s.wave)
        .fold(0, i64::max)
        .saturating_add(1);
    for slot in tasks.slots.iter_mut().filter(|s| s.prune) {
        let draft = &tasks.drafts[slot.draft as usize];
        if app_prune_last || draft.metadata.options.prune_last {
            slot.wave = last_wave;
        }
    }
}

/// With the Application's `CreateNamespace=true`, the destination Namespace to add as a PreSync task: when no
/// target is that Namespace and (as far as the live state tells) it does not exist yet.
///
/// Upstream (argo-cd@37ee009): `autoCreateNamespace` in `gitops-engine/pkg/sync/sync_context.go`.
fn created_namespace(
    operation: &SyncOperation,
    identities: &Identities,
    target_keys: &HashSet<ResourceKey>,
    live_by_key: &LiveIndex<'_>,
) -> Option<Resource> {
    let name = operation.destination_namespace.as_deref()?;
    if !operation.has_option("CreateNamespace=true") {
        return None;
    }
    let namespace = Resource::new("v1", "Namespace", Some(name), Location::new("<CreateNamespace=true>", 0, 1, 1));
    let key = identities.key(&namespace);
    (!target_keys.contains(&key) && !live_by_key.contains(&key)).then_some(namespace)
}

/// Moves the Namespace that `CreateNamespace=true` creates into a step of its own, before every other: the
/// engine creates it alone, before the dry run of everything else, and the first pass then waits until it is
/// healthy ("waiting for healthy state of /Namespace/..."), whatever the waves of the other tasks. Its task keeps
/// the phase and wave the engine gives it (PreSync, wave 0 or the earliest wave of the objects in it, as the
/// Namespace dependency moves it), so this first step can show a higher wave than the next.
///
/// Upstream (argo-cd@37ee009): `Sync` and `getNamespaceCreationTask` in `gitops-engine/pkg/sync/sync_context.go`;
/// upstream test `TestSyncNamespaceCreatedBeforeDryRunWithoutFailure`.
fn own_first_step(steps: &mut Vec<Step>, namespace: &str) {
    // The created Namespace is the one task without a source: the operation adds it.
    let created = |t: &Task| {
        t.source.is_none() && t.resource.kind == "Namespace" && t.resource.name.as_deref() == Some(namespace)
    };
    let found = steps.iter().enumerate().find_map(|(i, step)| step.tasks.iter().position(&created).map(|j| (i, j)));
    let Some((i, j)) = found else { return };
    let task = steps[i].tasks.remove(j);
    let (phase, wave) = (steps[i].phase, steps[i].wave);
    if steps[i].tasks.is_empty() {
        steps.remove(i);
    }
    steps.insert(
        0,
        Step {
            phase,
            wave,
            waits_for_confirmation: false,
            waits_for: Vec::new(),
            on_failure_delete: Vec::new(),
            tasks: vec![task],
        },
    );
}

/// The tasks being planned: their drafts, and their slots in creation order.
#[derive(Default)]
struct Tasks<'a> {
    drafts: Vec<Draft<'a>>,
    slots: Vec<Slot>,
    ids: Ids<'a>,
}

impl<'a> Tasks<'a> {
    /// Adds a task for `draft` in `phase` and `wave`; `prune` for a prune task.
    fn push(&mut self, draft: Draft<'a>, phase: SyncPhase, wave: i64, prune: bool) {
        let r = draft.resource;
        let name = draft.sort_name().as_bytes();
        let mut prefix = [0u8; 16];
        let head = &name[..name.len().min(16)];
        prefix[..head.len()].copy_from_slice(head);
        let namespace = match &draft.namespace {
            Some(namespace) if !namespace.is_empty() => self.ids.namespace(namespace),
            _ => NONE,
        };
        let dependency = if r.kind == "Namespace" && r.group.is_empty() {
            // Keyed by the name as written (an unnamed Namespace hook keys by `""`, where upstream uses the
            // generated name: no referrer can name a namespace that does not exist before the sync).
            Some(Dependency::Namespace(self.ids.namespace(r.name.as_ref().unwrap_or(&SmolStr::default()))))
        } else if r.is_crd() {
            r.defines.as_ref().map(|(group, kind)| Dependency::Crd(self.ids.group_kind(group, kind)))
        } else {
            None
        };
        self.slots.push(Slot {
            name_prefix: u128::from_be_bytes(prefix),
            wave,
            draft: u32::try_from(self.drafts.len()).unwrap_or(NONE),
            namespace,
            group_kind: self.ids.group_kind(&r.group, &r.kind),
            dependency,
            phase,
            kind_rank: i8::try_from(kind_rank(&r.kind)).unwrap_or(0),
            prune,
        });
        self.drafts.push(draft);
    }
}

/// Hooks already listed for deletion: a named hook is one object whatever its phases.
#[derive(Default)]
struct Deletions {
    on_success: HashSet<ResourceKey>,
    on_failure: HashSet<ResourceKey>,
}

fn to_task(
    draft: &mut Draft<'_>,
    slot: &Slot,
    operation: &SyncOperation,
    hook_deletion: &mut HookDeletion,
    deletions: &mut Deletions,
) -> Task {
    let target = draft.resource;
    let resource = ResourceRef {
        api_version: target.api_version.clone(),
        group: target.group.clone(),
        kind: target.kind.clone(),
        namespace: draft.namespace.clone(),
        name: draft.name.clone(),
        generate_name: target.generate_name.clone(),
    };
    if draft.hook {
        // Unnamed hooks are new objects in every task; named ones are listed once.
        let key = draft
            .name
            .as_ref()
            .map(|name| ResourceKey::new(&resource.group, &resource.kind, resource.namespace.as_deref(), Some(name)));
        let first_time = |seen: &mut HashSet<ResourceKey>| key.as_ref().is_none_or(|key| seen.insert(key.clone()));
        if slot.phase != SyncPhase::SyncFail
            && draft.policies.contains(&DeletePolicy::HookSucceeded)
            && first_time(&mut deletions.on_success)
        {
            hook_deletion.on_success.push(resource.clone());
        }
        if draft.policies.contains(&DeletePolicy::HookFailed) && first_time(&mut deletions.on_failure) {
            hook_deletion.on_failure.push(resource.clone());
        }
    }
    let (action, skipped, needs_confirmation) = if slot.prune {
        let gate = operation.prune_gate(draft.metadata);
        let skipped = if !operation.prune {
            Some(Skipped::RequiresPruning)
        } else if gate.disabled {
            Some(Skipped::NoPrune)
        } else {
            None
        };
        // The confirmation gate comes before the prune itself, whatever the prune flag (`runTasks`): an
        // unapproved `Prune=confirm` holds the step even when the prune is then skipped.
        (Action::Prune, skipped, gate.confirm && !operation.deletion_approved)
    } else {
        (Action::Apply, None, false)
    };
    let live_instance = draft.live.map(|_| {
        if draft.policies.contains(&DeletePolicy::BeforeHookCreation) {
            LiveInstance::DeleteBeforeCreate
        } else {
            LiveInstance::ApplyOver
        }
    });
    Task {
        action,
        hook: draft.hook,
        resource,
        delete_policies: DeletePolicies::Argocd(std::mem::take(&mut draft.policies)),
        sync_options: draft.metadata.sync_options.clone(),
        skipped,
        live_instance,
        needs_confirmation,
        source: (!draft.synthesized).then(|| draft.resource.location.clone()),
        output_logs: Vec::new(),
    }
}
