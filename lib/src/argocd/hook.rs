//! Hook types, Skip, ignored hooks, hook phases, and PreDelete/PostDelete detection.

use crate::annotations::{ARGOCD_HOOK, Annotations, HELM_HOOK, csv};
use crate::argocd::ArgocdVersion;
pub use crate::argocd::annotation_values::{HookType, SyncPhase};
use crate::argocd::helm_hook as helm;

/// The `argocd.argoproj.io/hook` value of a PreDelete hook, which the application controller (not the engine)
/// runs. Upstream (argo-cd@37ee009): `PreDeleteHookType` in `controller/hook.go`.
pub const PRE_DELETE: &str = "PreDelete";

/// The `argocd.argoproj.io/hook` value of a PostDelete hook. Upstream (argo-cd@37ee009): `PostDeleteHookType` in
/// `controller/hook.go`.
pub const POST_DELETE: &str = "PostDelete";

/// Every `argocd.argoproj.io/hook` value Argo CD acts on: the engine's [`HookType`]s, then [`PRE_DELETE`] and
/// [`POST_DELETE`].
///
/// ```
/// assert_eq!(hookplan::argocd::hook::hook_values().count(), 7);
/// ```
pub fn hook_values() -> impl Iterator<Item = &'static str> + Clone {
    HookType::ALL.into_iter().map(HookType::as_str).chain([PRE_DELETE, POST_DELETE])
}

/// The valid Argo CD types in `argocd.argoproj.io/hook`, in CSV order; unknown values (typos, wrong case,
/// `PreDelete`) are silently dropped. This is the first half of [`hook_types`], before the Helm fallback.
///
/// Upstream (argo-cd@37ee009): `Types` in `gitops-engine/pkg/sync/hook/hook.go`.
pub fn argocd_hook_types(annotations: &Annotations) -> Vec<HookType> {
    annotations.get(ARGOCD_HOOK).map(csv).unwrap_or_default().into_iter().filter_map(HookType::parse).collect()
}

/// The hook types of an object: the valid Argo CD types, or, when there are none, the Helm events mapped to
/// Argo CD types ([`helm::hook_types`]). The fallback is per object: an Argo CD annotation holding only unknown
/// values falls back to `helm.sh/hook`.
///
/// Upstream (argo-cd@37ee009): `Types` in `gitops-engine/pkg/sync/hook/hook.go`; upstream test `hook_test.go`, `ignore_test.go`, `sync_phase_test.go`.
///
/// ```
/// use hookplan::Annotations;
/// use hookplan::argocd::{hook::hook_types, HookType};
/// let a: Annotations = [("argocd.argoproj.io/hook", "Sync,Garbage"), ("helm.sh/hook", "pre-install")]
///     .into_iter().collect();
/// assert_eq!(hook_types(&a), vec![HookType::Sync]);
/// ```
pub fn hook_types(annotations: &Annotations) -> Vec<HookType> {
    with_helm_fallback(argocd_hook_types(annotations), || helm::hook_types(annotations))
}

/// The fallback of [`hook_types`]: the Argo CD types, or when there are none the Helm ones.
pub(crate) fn with_helm_fallback(argocd: Vec<HookType>, helm: impl FnOnce() -> Vec<HookType>) -> Vec<HookType> {
    if argocd.is_empty() { helm() } else { argocd }
}

/// Whether the object is Skip: its hook types are exactly `[Skip]`. `Skip,PreSync` is not Skip.
///
/// A Skip object is not a hook and gets no task: never applied, and (because a target exists) never pruned.
/// Upstream (argo-cd@37ee009): `Skip` in `gitops-engine/pkg/sync/hook/hook.go`; upstream test `hook_test.go`, `ignore_test.go`, `sync_phase_test.go`.
pub fn is_skip(annotations: &Annotations) -> bool {
    HookClass::of(annotations).skip
}

/// [`is_skip`], given the object's [`hook_types`].
fn skip_of(types: &[HookType]) -> bool {
    types == [HookType::Skip]
}

/// Whether Argo CD treats the object as a hook. If `argocd.argoproj.io/hook` is present, whatever its value
/// (even empty or unknown), the object is a hook unless it is Skip. Otherwise it is a hook when `helm.sh/hook` is
/// present and its whole value is not exactly `crd-install` ([`helm::is_hook`]).
///
/// Upstream (argo-cd@37ee009): `IsHook` in `gitops-engine/pkg/sync/hook/hook.go`; upstream test `hook_test.go`, `ignore_test.go`, `sync_phase_test.go`.
///
/// ```
/// use hookplan::Annotations;
/// use hookplan::argocd::hook::is_hook;
/// let garbage: Annotations = [("argocd.argoproj.io/hook", "Presync")].into_iter().collect();
/// assert!(is_hook(&garbage));
/// let skip: Annotations = [("argocd.argoproj.io/hook", "Skip")].into_iter().collect();
/// assert!(!is_hook(&skip));
/// ```
pub fn is_hook(annotations: &Annotations) -> bool {
    HookClass::of(annotations).hook
}

/// [`is_hook`], given the object's [`hook_types`].
fn hook_of(annotations: &Annotations, types: &[HookType]) -> bool {
    if annotations.contains(ARGOCD_HOOK) { !skip_of(types) } else { helm::is_hook(annotations) }
}

/// Whether Argo CD drops the object entirely: a hook with no usable type (`Presync`, `PreDelete`, an empty
/// value, or a Helm event such as `test` with no Argo CD equivalent). It is neither applied nor given a status.
///
/// Upstream (argo-cd@37ee009): `Ignore` in `gitops-engine/pkg/sync/ignore/ignore.go`, used by `splitHooks` in `reconcile.go`;
/// Upstream test `hook_test.go`, `ignore_test.go`, `sync_phase_test.go`.
pub fn is_ignored(annotations: &Annotations) -> bool {
    HookClass::of(annotations).ignored
}

/// [`is_ignored`], given the object's [`hook_types`].
fn ignored_of(annotations: &Annotations, types: &[HookType]) -> bool {
    hook_of(annotations, types) && types.is_empty()
}

/// The sync phases the object runs in: none for Skip and ignored hooks, the phases of its types for a hook, and
/// `[Sync]` for a plain resource. Each phase becomes its own task.
///
/// Upstream builds the set through a Go map, so its order is unspecified; hookplan returns phases in execution
/// order (PreSync, Sync, PostSync, SyncFail), without duplicates.
/// Upstream (argo-cd@37ee009): `syncPhases` in `gitops-engine/pkg/sync/sync_phase.go`; upstream test `hook_test.go`, `ignore_test.go`, `sync_phase_test.go`.
///
/// ```
/// use hookplan::Annotations;
/// use hookplan::argocd::{hook::sync_phases, SyncPhase};
/// let a: Annotations = [("argocd.argoproj.io/hook", "PostSync,PreSync")].into_iter().collect();
/// assert_eq!(sync_phases(&a), vec![SyncPhase::PreSync, SyncPhase::PostSync]);
/// assert_eq!(sync_phases(&Annotations::new()), vec![SyncPhase::Sync]);
/// ```
pub fn sync_phases(annotations: &Annotations) -> Vec<SyncPhase> {
    HookClass::of(annotations).phases().collect()
}

/// The phases in execution order.
const PHASES: [SyncPhase; 4] = [SyncPhase::PreSync, SyncPhase::Sync, SyncPhase::PostSync, SyncPhase::SyncFail];

/// [`sync_phases`], given the object's [`hook_types`]: whether it runs in each of [`PHASES`].
fn phases_of(annotations: &Annotations, types: &[HookType]) -> [bool; 4] {
    if skip_of(types) {
        [false; 4]
    } else if !hook_of(annotations, types) {
        [false, true, false, false]
    } else {
        PHASES.map(|phase| types.iter().any(|t| t.sync_phase() == Some(phase)))
    }
}

/// The phases of [`PHASES`] marked in `runs`.
fn in_order(runs: [bool; 4]) -> impl Iterator<Item = SyncPhase> {
    PHASES.into_iter().zip(runs).filter_map(|(phase, runs)| runs.then_some(phase))
}

fn has_item(annotations: &Annotations, key: &str, item: &str) -> bool {
    // Membership in `csv(value)` without building the list: dropping empties and duplicates changes nothing here.
    annotations.get(key).is_some_and(|value| value.split(',').any(|i| i.trim() == item))
}

/// Whether the object is a PreDelete hook: `argocd.argoproj.io/hook` holds the item `PreDelete`, or
/// `helm.sh/hook` holds `pre-delete`. The two annotations are checked independently (the "Argo CD overrides
/// Helm" rule does not apply here). PreDelete runs from Argo CD v3.3.0; see [`is_pre_delete_hook_in`] for other
/// releases.
///
/// Upstream (argo-cd@37ee009): `isHookOfType` in `controller/hook.go`; upstream test `TestPartitionTargetObjsForSync`.
pub fn is_pre_delete_hook(annotations: &Annotations) -> bool {
    is_pre_delete_hook_in(annotations, ArgocdVersion::NEWEST)
}

/// [`is_pre_delete_hook`] as Argo CD `version` reads it: never before v3.3.0
/// ([`ArgocdVersion::pre_delete_hooks`]); the whole value must be exactly `PreDelete` or `pre-delete` before v3.3.3
/// ([`ArgocdVersion::delete_hook_items`]).
///
/// ```
/// use hookplan::Annotations;
/// use hookplan::argocd::{ArgocdVersion, hook::is_pre_delete_hook_in};
/// let a: Annotations = [("argocd.argoproj.io/hook", "PreSync,PreDelete")].into_iter().collect();
/// let v = |text: &str| text.parse::<ArgocdVersion>().unwrap();
/// assert_eq!([v("3.2"), v("3.3.2"), v("3.3.3")].map(|v| is_pre_delete_hook_in(&a, v)), [false, false, true]);
/// ```
pub fn is_pre_delete_hook_in(annotations: &Annotations, version: ArgocdVersion) -> bool {
    version.pre_delete_hooks() && delete_hook_of(annotations, version, PRE_DELETE, "pre-delete")
}

/// Whether the object is a PostDelete hook: `PostDelete` in the Argo CD annotation or `post-delete` in the
/// Helm one. PostDelete runs from Argo CD v2.10.0; see [`is_post_delete_hook_in`] for other releases.
///
/// Upstream (argo-cd@37ee009): `isHookOfType` in `controller/hook.go`; upstream test `TestPartitionTargetObjsForSync`.
pub fn is_post_delete_hook(annotations: &Annotations) -> bool {
    is_post_delete_hook_in(annotations, ArgocdVersion::NEWEST)
}

/// [`is_post_delete_hook`] as Argo CD `version` reads it: before v3.3.3 the whole value must be exactly
/// `PostDelete` or `post-delete` (upstream v2.10.0 to v3.3.2: `isPostDeleteHook`, then `isHookOfType`, in
/// `controller/hook.go`, compare `val == v`).
pub fn is_post_delete_hook_in(annotations: &Annotations, version: ArgocdVersion) -> bool {
    delete_hook_of(annotations, version, POST_DELETE, "post-delete")
}

/// The Argo CD item `argo` or the Helm event `helm`, as an item from v3.3.3, as the whole value before.
fn delete_hook_of(annotations: &Annotations, version: ArgocdVersion, argo: &str, helm: &str) -> bool {
    if version.delete_hook_items() {
        has_item(annotations, ARGOCD_HOOK, argo) || has_item(annotations, HELM_HOOK, helm)
    } else {
        annotations.get(ARGOCD_HOOK) == Some(argo) || annotations.get(HELM_HOOK) == Some(helm)
    }
}

/// Whether the controller keeps the object out of the sync: a PreDelete or PostDelete hook whose engine
/// types hold no sync phase (`hook: PostSync,PreDelete` stays in the sync; `hook: PreDelete` does not).
///
/// Upstream (argo-cd@37ee009): `partitionTargetObjsForSync` and `hasGitOpsEngineSyncPhaseHook` in `controller/state.go`
/// (v3.5, backported to 3.3 and 3.4); upstream test `TestPartitionTargetObjsForSync`.
pub fn is_delete_only_hook(annotations: &Annotations) -> bool {
    HookClass::of(annotations).delete_only
}

/// The second half of [`is_delete_only_hook`]: no engine type with a sync phase.
fn delete_only_of(types: &[HookType]) -> bool {
    !types.iter().any(|t| t.sync_phase().is_some())
}

/// The one classification of an object's hook annotations: what Argo CD makes of the object, from one reading
/// of `argocd.argoproj.io/hook` and `helm.sh/hook`. [`is_delete_only_hook`], [`is_ignored`], [`is_hook`],
/// [`is_skip`] and [`sync_phases`] are views of it.
///
/// Upstream (argo-cd@37ee009): `IsHook`, `Skip` and `Types` in `gitops-engine/pkg/sync/hook/hook.go`, `Ignore` in
/// `gitops-engine/pkg/sync/ignore/ignore.go`, `syncPhases` in `gitops-engine/pkg/sync/sync_phase.go`,
/// `partitionTargetObjsForSync` in `controller/state.go`.
///
/// ```
/// use hookplan::Annotations;
/// use hookplan::argocd::{hook::HookClass, SyncPhase};
/// let a: Annotations = [("argocd.argoproj.io/hook", "PostSync,PreDelete")].into_iter().collect();
/// let class = HookClass::of(&a);
/// assert!(class.hook && !class.skip && !class.ignored && !class.delete_only);
/// assert_eq!(class.phases().collect::<Vec<_>>(), [SyncPhase::PostSync]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HookClass {
    /// A PreDelete or PostDelete hook without a sync phase: the controller keeps it out of the sync.
    pub delete_only: bool,
    /// A hook with no usable type: Argo CD drops it.
    pub ignored: bool,
    /// Whether Argo CD treats the object as a hook.
    pub hook: bool,
    /// Skip: never applied, never pruned.
    pub skip: bool,
    /// Whether the object runs in each of PreSync, Sync, PostSync, SyncFail; see [`HookClass::phases`].
    pub runs_in: [bool; 4],
}

impl HookClass {
    /// The classification of an object with these annotations, by the newest Argo CD ([`HookClass::of_version`]).
    pub fn of(annotations: &Annotations) -> HookClass {
        HookClass::of_version(annotations, ArgocdVersion::NEWEST)
    }

    /// The classification of an object with these annotations by Argo CD `version`. Only `delete_only` depends on
    /// the release: from v3.3.5 a PreDelete or PostDelete hook without a sync phase; from v3.3.0 to v3.3.4 every
    /// PreDelete and PostDelete hook ([`ArgocdVersion::delete_hooks_with_sync_phase_synced`]); before v3.3.0 a
    /// PostDelete hook the engine drops (the controller keeps nothing out of the sync, so the engine's own
    /// reading decides, and a hook it drops runs only on deletion).
    ///
    /// Upstream: `CompareAppState` in argo-cd `controller/state.go` at v3.3.0 and v2.10.0;
    /// `partitionTargetObjsForSync` at argo-cd@37ee009.
    ///
    /// ```
    /// use hookplan::Annotations;
    /// use hookplan::argocd::{ArgocdVersion, hook::HookClass};
    /// let a: Annotations = [("argocd.argoproj.io/hook", "PostSync,PostDelete")].into_iter().collect();
    /// let v = |text: &str| text.parse::<ArgocdVersion>().unwrap();
    /// assert_eq!([v("3.2"), v("3.3.4"), v("3.3.5")].map(|v| HookClass::of_version(&a, v).delete_only), [false, true, false]);
    /// ```
    pub fn of_version(annotations: &Annotations, version: ArgocdVersion) -> HookClass {
        if !annotations.contains(ARGOCD_HOOK) && !annotations.contains(HELM_HOOK) {
            // Every rule above reads one of the two annotations: without both, a plain resource of the Sync phase.
            return HookClass {
                delete_only: false,
                ignored: false,
                hook: false,
                skip: false,
                runs_in: [false, true, false, false],
            };
        }
        let types = hook_types(annotations);
        let delete_hook = is_pre_delete_hook_in(annotations, version) || is_post_delete_hook_in(annotations, version);
        let always_out = version.delete_hooks_kept_out_of_sync() && !version.delete_hooks_with_sync_phase_synced();
        HookClass {
            delete_only: delete_hook && (always_out || delete_only_of(&types)),
            ignored: ignored_of(annotations, &types),
            hook: hook_of(annotations, &types),
            skip: skip_of(&types),
            runs_in: phases_of(annotations, &types),
        }
    }

    /// The sync phases the object runs in, in execution order: none for Skip and ignored hooks, the phases of
    /// its types for a hook, `Sync` for a plain resource.
    pub fn phases(&self) -> impl Iterator<Item = SyncPhase> + use<> {
        in_order(self.runs_in)
    }
}
