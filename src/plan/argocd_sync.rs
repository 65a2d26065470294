//! Building the plan of an Argo CD sync.

use std::borrow::Cow;
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

/// Classifies each resource (excluded, or one draft task per sync phase) with the dialect rules, defaulting
/// namespaces and naming unnamed hooks as the operation says.
fn drafts_of<'a>(
    manifests: &'a Manifests,
    operation: &'a SyncOperation,
    excluded: &mut Vec<Excluded>,
) -> Vec<Draft<'a>> {
    let mut drafts = Vec::with_capacity(manifests.resources().len());
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
        let namespace = resource.namespace.as_deref().or(operation.destination_namespace.as_deref());
        let kind_rank = kind_rank(&resource.kind);
        let unnamed_sort_name = if hook { resource.generate_name.as_deref().unwrap_or_default() } else { "" };
        for phase in sync_phases(annotations) {
            let name = match (&resource.name, &operation.naming) {
                (Some(name), _) if !name.is_empty() => Some(Cow::Borrowed(name.as_str())),
                (_, Some((revision, started_at))) if hook => Some(Cow::Owned(hook_name(
                    resource.generate_name.as_deref().unwrap_or_default(),
                    revision,
                    phase,
                    *started_at,
                ))),
                (name, _) => name.as_deref().map(Cow::Borrowed),
            };
            drafts.push(Draft {
                resource,
                phase,
                wave,
                kind_rank,
                name,
                unnamed_sort_name,
                namespace,
                hook,
                policies: policies.clone(),
            });
        }
    }
    drafts
}

/// Upstream's order (`syncTasks.Less`: phase rank, wave, kind rank, name), then hookplan's tie-break: namespace,
/// API group, kind, source position.
fn sorted(drafts: Vec<Draft<'_>>) -> Vec<Draft<'_>> {
    // Sort compact keys rather than the drafts themselves: far less memory touched for large plans. The order is
    // total (the source position breaks every tie, and an object has one task per phase), so an unstable sort is
    // as deterministic as a stable one.
    let mut keys: Vec<(i32, i64, i64, &str, usize)> =
        drafts.iter().enumerate().map(|(i, d)| (d.phase.rank(), d.wave, d.kind_rank, d.sort_name(), i)).collect();
    keys.sort_unstable_by(|a, b| {
        (a.0, a.1, a.2, a.3.as_bytes()).cmp(&(b.0, b.1, b.2, b.3.as_bytes())).then_with(|| {
            let (a, b) = (&drafts[a.4], &drafts[b.4]);
            a.namespace
                .unwrap_or("")
                .cmp(b.namespace.unwrap_or(""))
                .then_with(|| a.resource.group.cmp(&b.resource.group))
                .then_with(|| a.resource.kind.cmp(&b.resource.kind))
                .then_with(|| a.resource.location.cmp(&b.resource.location))
        })
    });
    let order: Vec<usize> = keys.into_iter().map(|key| key.4).collect();
    let mut slots: Vec<Option<Draft<'_>>> = drafts.into_iter().map(Some).collect();
    let drafts: Vec<Draft<'_>> = order.into_iter().filter_map(|i| slots[i].take()).collect();
    drafts
}

/// A task being ordered.
#[derive(Clone)]
struct Draft<'a> {
    resource: &'a Resource,
    phase: SyncPhase,
    wave: i64,
    kind_rank: i64,
    /// The name: as written, or generated for an unnamed hook when the operation names hooks.
    name: Option<Cow<'a, str>>,
    /// What upstream sorts by when there is no name: "" (or, for an unnamed hook without naming, generateName).
    unnamed_sort_name: &'a str,
    namespace: Option<&'a str>,
    hook: bool,
    policies: Vec<DeletePolicy>,
}

impl Draft<'_> {
    /// The name upstream sorts by.
    fn sort_name(&self) -> &str {
        self.name.as_deref().unwrap_or(self.unnamed_sort_name)
    }
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
    let drafts = sorted(drafts_of(manifests, operation, &mut excluded));
    let mut drafts = adjust_deps(drafts, namespace_dependency, namespace_referrer);
    drafts = adjust_deps(drafts, crd_dependency, crd_referrer);
    // A multi-phase Namespace or CRD hook can be pulled into a phase it already runs in. Upstream keys task
    // results by group/kind/namespace/name:phase (`resourceResultKey`), so the second task shares the first's
    // result and never runs on its own: the plan keeps the first.
    let multi_phase_dependency =
        drafts.iter().any(|d| d.hook && (d.resource.kind == "Namespace" || d.resource.is_crd()));
    if multi_phase_dependency {
        let mut seen = HashSet::with_capacity(drafts.len());
        drafts.retain(|draft| seen.insert((std::ptr::from_ref(draft.resource), draft.phase)));
    }

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
    resource.namespace = draft.namespace.map(str::to_string);
    resource.name = draft.name.as_deref().map(str::to_string);
    if draft.hook {
        // A named hook is one object whatever its phases; unnamed hooks are new objects per task.
        let key = draft.name.as_ref().map(|name| {
            (
                resource.group.clone(),
                resource.kind.clone(),
                resource.namespace.clone().unwrap_or_default(),
                name.to_string(),
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

/// What a dependency and its referrers share: a Namespace's name, or a CRD's (group, kind).
type DepKey<'a> = (&'a str, &'a str);

/// A Namespace of the core group is a dependency, keyed by its name. (An unnamed Namespace hook that the
/// operation names keys by `""` here, where upstream uses the generated name: no referrer can name a namespace
/// that does not exist before the sync, so no order changes.)
fn namespace_dependency<'a>(draft: &Draft<'a>) -> Option<DepKey<'a>> {
    let name: &'a str = match &draft.name {
        Some(Cow::Borrowed(name)) => name,
        _ => draft.resource.name.as_deref().unwrap_or_default(),
    };
    (draft.resource.kind == "Namespace" && draft.resource.group.is_empty()).then_some(("", name))
}

/// Any object with a (defaulted) namespace refers to that Namespace.
fn namespace_referrer<'a>(draft: &Draft<'a>) -> Option<DepKey<'a>> {
    draft.namespace.filter(|namespace| !namespace.is_empty()).map(|namespace| ("", namespace))
}

/// A CRD with `spec.group` and `spec.names.kind` is a dependency, keyed (group, kind).
fn crd_dependency<'a>(draft: &Draft<'a>) -> Option<DepKey<'a>> {
    if !draft.resource.is_crd() {
        return None;
    }
    draft.resource.defines.as_ref().map(|(group, kind)| (group.as_str(), kind.as_str()))
}

/// Every object refers to the CRD of its own (group, kind).
#[allow(clippy::unnecessary_wraps)] // the shape adjust_deps takes for both passes
fn crd_referrer<'a>(draft: &Draft<'a>) -> Option<DepKey<'a>> {
    Some((draft.resource.group.as_str(), draft.resource.kind.as_str()))
}

/// Moves each dependency that comes after its first referrer to just before it, copying the referrer's phase
/// and wave. A dependency is never itself a referrer.
///
/// Upstream: `syncTasks.adjustDeps` in `gitops-engine/pkg/sync/sync_tasks.go`; argocd.md §4.4, vectors V7-V9.
/// Upstream moves each dependency in place (`O(n)` per move) and shifts the remembered referrer indices; the
/// result is the same as this single pass: a moved dependency always lands immediately before the same
/// referrer element, after the dependencies attached to it earlier in the scan.
fn adjust_deps<'a>(
    mut drafts: Vec<Draft<'a>>,
    is_dependency: fn(&Draft<'a>) -> Option<DepKey<'a>>,
    refers_to: fn(&Draft<'a>) -> Option<DepKey<'a>>,
) -> Vec<Draft<'a>> {
    let mut first_referrer: HashMap<DepKey<'a>, usize> = HashMap::new();
    let mut last_referrer_key: Option<DepKey<'a>> = None;
    let mut attached: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut moved = vec![false; drafts.len()];
    for i in 0..drafts.len() {
        if let Some(key) = is_dependency(&drafts[i]) {
            if let Some(&referrer) = first_referrer.get(&key) {
                drafts[i].phase = drafts[referrer].phase;
                drafts[i].wave = drafts[referrer].wave;
                attached.entry(referrer).or_default().push(i);
                moved[i] = true;
            }
        } else if let Some(key) = refers_to(&drafts[i]) {
            // Consecutive tasks often share the key; only a new key needs the map.
            if last_referrer_key != Some(key) {
                first_referrer.entry(key).or_insert(i);
                last_referrer_key = Some(key);
            }
        }
    }
    if attached.is_empty() {
        return drafts;
    }
    let mut slots: Vec<Option<Draft<'a>>> = drafts.into_iter().map(Some).collect();
    let mut ordered = Vec::with_capacity(slots.len());
    for i in 0..slots.len() {
        if moved[i] {
            continue;
        }
        for &dependency in attached.get(&i).into_iter().flatten() {
            ordered.extend(slots[dependency].take());
        }
        ordered.extend(slots[i].take());
    }
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::location::Location;
    use proptest::prelude::*;

    /// Upstream's `adjustDeps`, ported literally: move in place, shift the remembered indices.
    fn adjust_deps_in_place<'a>(
        mut s: Vec<Draft<'a>>,
        is_dependency: fn(&Draft<'a>) -> Option<DepKey<'a>>,
        refers_to: fn(&Draft<'a>) -> Option<DepKey<'a>>,
    ) -> Vec<Draft<'a>> {
        let mut first: HashMap<DepKey<'a>, usize> = HashMap::new();
        for i in 0..s.len() {
            if let Some(key) = is_dependency(&s[i]) {
                if let Some(&index) = first.get(&key) {
                    let mut t = s.remove(i);
                    t.wave = s[index].wave;
                    t.phase = s[index].phase;
                    s.insert(index, t);
                    for value in first.values_mut() {
                        if *value >= index {
                            *value += 1;
                        }
                    }
                }
            } else if let Some(key) = refers_to(&s[i]) {
                first.entry(key).or_insert(i);
            }
        }
        s
    }

    fn draft(resource: &Resource, phase: SyncPhase, wave: i64) -> Draft<'_> {
        Draft {
            resource,
            phase,
            wave,
            kind_rank: 0,
            name: resource.name.as_deref().map(Cow::Borrowed),
            unnamed_sort_name: "",
            namespace: resource.namespace.as_deref(),
            hook: false,
            policies: Vec::new(),
        }
    }

    proptest! {
        #[test]
        fn single_pass_equals_upstream_in_place_moves(
            items in prop::collection::vec((any::<bool>(), 0..4u8, 0..4u8, 0..3u8, -1i64..2), 0..40)
        ) {
            let resources: Vec<Resource> = items
                .iter()
                .enumerate()
                .map(|(i, (is_namespace, name, namespace, _, _))| {
                    let at = Location::new("t.yaml", i, i + 1, 1);
                    if *is_namespace {
                        Resource::new("v1", "Namespace", Some(&format!("ns{name}")), at)
                    } else {
                        Resource::new("v1", "ConfigMap", Some("c"), at).with_namespace(&format!("ns{namespace}"))
                    }
                })
                .collect();
            let phases = [SyncPhase::PreSync, SyncPhase::Sync, SyncPhase::PostSync];
            let drafts: Vec<Draft<'_>> = resources
                .iter()
                .zip(&items)
                .map(|(r, (_, _, _, phase, wave))| draft(r, phases[usize::from(*phase)], *wave))
                .collect();
            let ours = adjust_deps(drafts.clone(), namespace_dependency, namespace_referrer);
            let upstream = adjust_deps_in_place(drafts, namespace_dependency, namespace_referrer);
            let view = |v: &[Draft<'_>]| v.iter().map(|d| (d.resource.location.line, d.phase, d.wave)).collect::<Vec<_>>();
            prop_assert_eq!(view(&ours), view(&upstream));
        }
    }
}
