//! Building the plan of an Argo CD sync.

use std::collections::{HashMap, HashSet};

use crate::argocd::delete_policy::delete_policies;
use crate::argocd::hook::{is_delete_only_hook, is_hook, is_ignored, is_skip, sync_phases};
use crate::argocd::kind_order::kind_rank;
use crate::argocd::naming::hook_name;
use crate::argocd::sync_option::ResourceSyncOptions;
use crate::argocd::wave::sync_wave;
use crate::argocd::{DeletePolicy, SyncPhase};
use crate::manifests::Manifests;
use crate::plan::{Action, Engine, HookDeletion, Operation, Phase, Plan, SCHEMA_VERSION, Step, Task};
use crate::resource::{Excluded, ExclusionReason, Resource};

/// The parameters of the sync operation that change the plan.
///
/// ```
/// use hookplan::SyncOperation;
/// let op = SyncOperation::new().namespace("shop").revision("a1b2c3d4e5", 1_700_000_000);
/// assert_eq!(op.destination_namespace.as_deref(), Some("shop"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SyncOperation {
    /// The Application's destination namespace: every object without a namespace gets it, cluster-scoped
    /// objects included (argocd.md §6.3).
    pub destination_namespace: Option<String>,
    /// The sync revision and the operation start (Unix seconds) that name unnamed hooks (argocd.md §6.1).
    /// Without them, unnamed hooks show `name: null` and sort by their generateName (the real name appends a
    /// postfix that starts with the revision, which can only matter against a named hook whose name extends the
    /// same generateName).
    pub naming: Option<(String, i64)>,
}

impl SyncOperation {
    /// The default operation: no destination namespace, no hook naming.
    pub fn new() -> Self {
        SyncOperation::default()
    }

    /// Sets the destination namespace.
    pub fn namespace(mut self, namespace: &str) -> Self {
        self.destination_namespace = Some(namespace.to_string());
        self
    }

    /// Sets the revision and start time (Unix seconds) used to name unnamed hooks.
    pub fn revision(mut self, revision: &str, started_at_unix: i64) -> Self {
        self.naming = Some((revision.to_string(), started_at_unix));
        self
    }
}

/// A task being ordered.
struct Draft<'a> {
    resource: &'a Resource,
    phase: SyncPhase,
    wave: i64,
    kind_rank: i64,
    /// The name upstream sorts by: the name, the generated name, or (unnamed hook without naming) generateName.
    sort_name: String,
    name: Option<String>,
    namespace: Option<String>,
    hook: bool,
    policies: Vec<DeletePolicy>,
}

/// Plans an Argo CD sync of `manifests`.
///
/// 1. Each resource is classified by the dialect rules: delete-only hooks (`delete-hook`), ignored hooks
///    (`no-sync-phase`) and Skip objects (`skip`) go to `excluded`; every other object becomes one task per sync
///    phase, with its wave (`sync_wave`), and for hooks its delete policies.
/// 2. Namespaces are defaulted to the destination namespace, then unnamed hooks are named when a revision is
///    given (argocd.md §6.1, §6.3; `getSyncTasks`).
/// 3. Tasks are sorted by phase rank, wave, kind rank and name (`syncTasks.Less`, §4.1). Upstream's
///    `sort.Sort` is unstable, so ties are broken here, deterministically, by namespace, API group, kind and
///    source position: a choice Argo CD does not make.
/// 4. Namespaces, then CRDs, that come after their first dependent are moved just before it and take its
///    phase and wave (`syncTasks.Sort`/`adjustDeps`, §4.4).
///    When that puts a multi-phase hook twice into one phase, the later task is dropped: upstream keys results
///    by object and phase, so it never runs on its own.
/// 5. Consecutive tasks of one (phase, wave) form a step; SyncFail tasks go to `syncFail`.
/// 6. Hooks with `HookSucceeded` (not SyncFail hooks, which run only on failure) are deleted when the operation
///    succeeds; hooks with `HookFailed` when it fails (§5.3). A named hook is listed once.
/// 7. The diagnostics are those of [`crate::validate::lint`]: reading problems and every validation rule.
pub fn plan_sync(manifests: &Manifests, operation: &SyncOperation) -> Plan {
    let mut excluded: Vec<Excluded> = manifests.excluded().to_vec();
    let mut drafts = Vec::new();
    for resource in manifests.resources() {
        let annotations = &resource.annotations;
        let reason = if is_delete_only_hook(annotations) {
            Some(ExclusionReason::DeleteHook)
        } else if is_ignored(annotations) {
            Some(ExclusionReason::NoSyncPhase)
        } else if is_skip(annotations) {
            Some(ExclusionReason::Skip)
        } else {
            None
        };
        if let Some(reason) = reason {
            excluded.push(Excluded::new(Some(resource.to_ref()), reason, resource.location.clone()));
            continue;
        }
        let hook = is_hook(annotations);
        let policies = if hook { delete_policies(annotations) } else { Vec::new() };
        let wave = sync_wave(annotations);
        let namespace = resource.namespace.clone().or_else(|| operation.destination_namespace.clone());
        for phase in sync_phases(annotations) {
            let name = match (&resource.name, &operation.naming) {
                (Some(name), _) if !name.is_empty() => Some(name.clone()),
                (_, Some((revision, started_at))) if hook => {
                    Some(hook_name(resource.generate_name.as_deref().unwrap_or_default(), revision, phase, *started_at))
                }
                (name, _) => name.clone(),
            };
            let sort_name = match &name {
                Some(name) => name.clone(),
                None if hook => resource.generate_name.clone().unwrap_or_default(),
                None => String::new(),
            };
            drafts.push(Draft {
                resource,
                phase,
                wave,
                kind_rank: kind_rank(&resource.kind),
                sort_name,
                name,
                namespace: namespace.clone(),
                hook,
                policies: policies.clone(),
            });
        }
    }

    drafts.sort_by(|a, b| {
        (a.phase.rank(), a.wave, a.kind_rank, a.sort_name.as_bytes())
            .cmp(&(b.phase.rank(), b.wave, b.kind_rank, b.sort_name.as_bytes()))
            .then_with(|| a.namespace.as_deref().unwrap_or("").cmp(b.namespace.as_deref().unwrap_or("")))
            .then_with(|| a.resource.group.cmp(&b.resource.group))
            .then_with(|| a.resource.kind.cmp(&b.resource.kind))
            .then_with(|| a.resource.location.cmp(&b.resource.location))
    });
    adjust_deps(&mut drafts, namespace_dependency, namespace_referrer);
    adjust_deps(&mut drafts, crd_dependency, crd_referrer);
    // A multi-phase Namespace or CRD hook can be pulled into a phase it already runs in. Upstream keys task
    // results by group/kind/namespace/name:phase (`resourceResultKey`), so the second task shares the first's
    // result and never runs on its own: the plan keeps the first.
    let mut seen = HashSet::new();
    drafts.retain(|draft| seen.insert((std::ptr::from_ref(draft.resource), draft.phase)));

    let mut steps: Vec<Step> = Vec::new();
    let mut sync_fail = Vec::new();
    let mut hook_deletion = HookDeletion::default();
    let mut deleted_on_success = HashSet::new();
    let mut deleted_on_failure = HashSet::new();
    let mut sync_fail_drafts = Vec::new();
    for draft in drafts {
        if draft.phase == SyncPhase::SyncFail {
            sync_fail_drafts.push(draft);
            continue;
        }
        let phase = Phase::from(draft.phase);
        let wave = draft.wave;
        let task = to_task(&draft, &mut hook_deletion, &mut deleted_on_success, &mut deleted_on_failure);
        match steps.last_mut() {
            Some(step) if step.phase == phase && step.wave == wave => step.tasks.push(task),
            _ => steps.push(Step { phase, wave, tasks: vec![task] }),
        }
    }
    for draft in sync_fail_drafts {
        sync_fail.push(to_task(&draft, &mut hook_deletion, &mut deleted_on_success, &mut deleted_on_failure));
    }

    excluded.sort_by(|a, b| a.source.cmp(&b.source));
    let diagnostics = crate::validate::lint(manifests, operation.destination_namespace.as_deref());
    Plan {
        schema_version: SCHEMA_VERSION,
        engine: Engine::Argocd,
        operation: Operation::Sync,
        steps,
        sync_fail,
        hook_deletion,
        excluded,
        diagnostics,
    }
}

fn to_task(
    draft: &Draft<'_>,
    hook_deletion: &mut HookDeletion,
    on_success: &mut HashSet<(String, String, String, String)>,
    on_failure: &mut HashSet<(String, String, String, String)>,
) -> Task {
    let mut resource = draft.resource.to_ref();
    resource.namespace.clone_from(&draft.namespace);
    resource.name.clone_from(&draft.name);
    if draft.hook {
        // A named hook is one object whatever its phases; unnamed hooks are new objects per task.
        let key = draft.name.as_ref().map(|name| {
            (
                resource.group.clone(),
                resource.kind.clone(),
                resource.namespace.clone().unwrap_or_default(),
                name.clone(),
            )
        });
        let first_time = |seen: &mut HashSet<_>| key.as_ref().is_none_or(|key| seen.insert(key.clone()));
        if draft.phase != SyncPhase::SyncFail
            && draft.policies.contains(&DeletePolicy::HookSucceeded)
            && first_time(on_success)
        {
            hook_deletion.on_success.push(resource.clone());
        }
        if draft.policies.contains(&DeletePolicy::HookFailed) && first_time(on_failure) {
            hook_deletion.on_failure.push(resource.clone());
        }
    }
    Task {
        action: Action::Apply,
        hook: draft.hook,
        resource,
        delete_policies: draft.policies.clone(),
        sync_options: ResourceSyncOptions::recognised_items(&draft.resource.annotations),
        source: draft.resource.location.clone(),
    }
}

/// A Namespace of the core group is a dependency, keyed by its name.
fn namespace_dependency(draft: &Draft<'_>) -> Option<String> {
    (draft.resource.kind == "Namespace" && draft.resource.group.is_empty())
        .then(|| draft.name.clone().unwrap_or_default())
}

/// Any object with a (defaulted) namespace refers to that Namespace.
fn namespace_referrer(draft: &Draft<'_>) -> Option<String> {
    draft.namespace.clone().filter(|namespace| !namespace.is_empty())
}

/// A CRD with `spec.group` and `spec.names.kind` is a dependency, keyed `group/kind`.
fn crd_dependency(draft: &Draft<'_>) -> Option<String> {
    if !draft.resource.is_crd() {
        return None;
    }
    draft.resource.defines.as_ref().map(|(group, kind)| format!("{group}/{kind}"))
}

/// Every object refers to the CRD of its own `group/kind`.
#[allow(clippy::unnecessary_wraps)] // the shape adjust_deps takes for both passes
fn crd_referrer(draft: &Draft<'_>) -> Option<String> {
    Some(format!("{}/{}", draft.resource.group, draft.resource.kind))
}

/// Moves each dependency that comes after its first referrer to just before it, copying the referrer's phase
/// and wave. A dependency is never itself a referrer.
///
/// Upstream: `syncTasks.adjustDeps` in `gitops-engine/pkg/sync/sync_tasks.go`; argocd.md §4.4, vectors V7-V9.
fn adjust_deps(
    drafts: &mut Vec<Draft<'_>>,
    is_dependency: fn(&Draft<'_>) -> Option<String>,
    refers_to: fn(&Draft<'_>) -> Option<String>,
) {
    let mut first_index: HashMap<String, usize> = HashMap::new();
    for i in 0..drafts.len() {
        if let Some(key) = is_dependency(&drafts[i]) {
            if let Some(&index) = first_index.get(&key) {
                let (phase, wave) = (drafts[index].phase, drafts[index].wave);
                let mut moved = drafts.remove(i);
                moved.phase = phase;
                moved.wave = wave;
                drafts.insert(index, moved);
                for value in first_index.values_mut() {
                    if *value >= index {
                        *value += 1;
                    }
                }
            }
        } else if let Some(key) = refers_to(&drafts[i]) {
            first_index.entry(key).or_insert(i);
        }
    }
}
