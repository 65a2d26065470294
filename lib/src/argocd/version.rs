//! The Argo CD release a plan follows, and the behaviours that changed between releases.

use crate::version_error::{ParseVersionError, VersionErrorKind};
use std::fmt;
use std::str::FromStr;

/// An Argo CD release, `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`, from v2.10 (the first with PostDelete hooks) to v3.5
/// (the newest hookplan follows, argo-cd@37ee009). Without a patch number it is the newest patch release of that
/// minor version. The default is the newest.
///
/// Each method below is one behaviour that changed between releases, named after it, with the upstream commit
/// that shipped it and the first release that carries it (read off the `go.mod` pins of the release tags; patch
/// releases pin backports of their own, so a change can start at a different patch on each release line). A
/// version without a patch number (`2.10`) is the newest patch of its minor version: it has every change
/// back-ported to that line (`2.10` mirrors prune waves, as v2.10.10 and later do). A patch number newer than any
/// known release behaves as the newest known patch of its minor version. Where a release is documented here as
/// behaving like an earlier one, hookplan plans it so; behaviours not listed did not change from v2.10 to v3.5
/// (hook types, Helm hook mapping, kind order, waves, delete policies, `adjustDeps`, naming, the Application
/// deletion's wave order).
///
/// Patch-level changes of the engine that hookplan does not model, because no plan, driver step or finding of
/// hookplan depends on them (argoproj/argo-cd `go.mod` pins of gitops-engine, and the vendored engine from v3.3):
/// - the hook finalizer is removed from an *existing* hook before the sync runs, and a BeforeHookCreation delete
///   that finds the hook gone creates it (argoproj/gitops-engine `pkg/sync/sync_context.go`, commit `dab4cc0`,
///   pull request #770; backports `d96c3d5` #761 and `b2cf352` #762; first v3.0.16, v3.1.4, v3.2.0): hookplan
///   reads no finalizers of live objects, and the plan already deletes the previous instance and creates the
///   hook;
/// - `--force` is no longer passed with the dry run (gitops-engine `pkg/utils/kube/resource_ops.go`, `15973bc`,
///   #633; backports `a8b32ed` #763, `d13ca35` #764; first v3.0.16, v3.1.4, v3.2.0), and the dry run never uses
///   server-side apply (gitops-engine `pkg/sync/sync_context.go` `shouldUseServerSideApply`, `762f9b7`, #699;
///   backport `054bed7` #701; first v2.14.7, v3.0.0): hookplan does not model the dry run;
/// - PreDelete and PostDelete hooks get the Application's tracking metadata by the configured tracking method
///   (argoproj/argo-cd `controller/hook.go`, commit `f8707f8227`, pull request #27542; backports `120eb3126a`
///   #27715, `4fa095050b` #27714; first v3.3.11, v3.4.3, v3.5.0): the plan does not say which labels or
///   annotations created objects carry;
/// - an Application whose destination cluster is gone loses every `post-delete-finalizer.argocd.argoproj.io*`
///   finalizer on deletion (argo-cd `controller/appcontroller.go`, `ed752cb540`, #24415; backports #24591,
///   #24589, #24590; first v2.14.18, v3.0.17, v3.1.6, v3.2.0): hookplan plans deletions against a destination
///   that exists.
///
/// ```
/// use hookplan::argocd::ArgocdVersion;
/// let v: ArgocdVersion = "v3.3.4".parse()?;
/// assert!(v.pre_delete_hooks() && !v.delete_hooks_with_sync_phase_synced());
/// assert!(!"2.10.9".parse::<ArgocdVersion>()?.prune_waves_mirrored());
/// assert!("2.10".parse::<ArgocdVersion>()?.prune_waves_mirrored(), "the newest 2.10.x");
/// assert_eq!(ArgocdVersion::default().to_string(), "3.5");
/// assert_eq!("2.9".parse::<ArgocdVersion>().unwrap_err().to_string(),
///     "`2.9`: hookplan follows Argo CD v2.10 to v3.5 (MAJOR.MINOR or MAJOR.MINOR.PATCH)");
/// # Ok::<(), hookplan::ParseVersionError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ArgocdVersion {
    major: u16,
    minor: u16,
    /// `None`: the newest patch release of the minor version.
    patch: Option<u16>,
}

impl Default for ArgocdVersion {
    fn default() -> Self {
        ArgocdVersion::NEWEST
    }
}

/// The minor versions hookplan follows, oldest first.
const MINORS: [(u16, u16); 11] =
    [(2, 10), (2, 11), (2, 12), (2, 13), (2, 14), (3, 0), (3, 1), (3, 2), (3, 3), (3, 4), (3, 5)];

/// The first release of each line that carries a change: `(major, minor, patch)` for consecutive minor versions,
/// oldest first. A line before the first entry never carries it; a line after the last carries it from `.0`.
type FirstReleases = &'static [(u16, u16, u16)];

/// Prune waves mirrored (argoproj/gitops-engine `5fd9f44`): pinned by v2.11.0, and by v2.10.10 through `fbecbb8`.
const PRUNE_WAVES_MIRRORED: FirstReleases = &[(2, 10, 10), (2, 11, 0)];
/// `Force=true` read (argoproj/gitops-engine `fbecbb8`): v2.10.10, v2.11.1, v2.12.0.
const FORCE: FirstReleases = &[(2, 10, 10), (2, 11, 1), (2, 12, 0)];
/// `Prune=confirm`, `Delete=confirm` (argoproj/gitops-engine `09e5225`) and `ServerSideApply=false` (`847cfc9`).
const V2_14: FirstReleases = &[(2, 14, 0)];
/// ApplyOutOfSyncOnly keys a task by its live object's namespace (argoproj/gitops-engine `b3a2ec1`).
const OUT_OF_SYNC_ONLY_CLUSTER_SCOPED: FirstReleases = &[(3, 0, 21), (3, 1, 4), (3, 2, 0)];
/// A target of unknown scope looked up under both keys (argoproj/gitops-engine `adb68bc`).
const UNKNOWN_SCOPE_BOTH_KEYS: FirstReleases = &[(2, 10, 14), (2, 11, 5), (2, 12, 0)];

/// Resource sync options added after v2.10, with the first release of each line that reads them.
const NEW_SYNC_OPTIONS: [(&str, FirstReleases); 4] =
    [("Force=true", FORCE), ("Prune=confirm", V2_14), ("Delete=confirm", V2_14), ("ServerSideApply=false", V2_14)];

impl ArgocdVersion {
    /// The newest release hookplan follows: v3.5 (argo-cd@37ee009, whose newest tag is v3.5.1).
    ///
    /// ```
    /// use hookplan::argocd::ArgocdVersion;
    /// assert_eq!(ArgocdVersion::NEWEST, ArgocdVersion::default());
    /// assert_eq!(ArgocdVersion::NEWEST.to_string(), "3.5");
    /// ```
    pub const NEWEST: ArgocdVersion = ArgocdVersion { major: 3, minor: 5, patch: None };

    /// The oldest release hookplan follows: v2.10.0, the first with PostDelete hooks. Every release hookplan
    /// reads is at least this one and at most [`NEWEST`](Self::NEWEST).
    ///
    /// ```
    /// use hookplan::argocd::ArgocdVersion;
    /// assert_eq!(ArgocdVersion::OLDEST.to_string(), "2.10.0");
    /// assert!(ArgocdVersion::OLDEST < "2.10.1".parse::<ArgocdVersion>()?);
    /// # Ok::<(), hookplan::ParseVersionError>(())
    /// ```
    pub const OLDEST: ArgocdVersion = ArgocdVersion { major: 2, minor: 10, patch: Some(0) };

    /// Whether this release is `major.minor.patch` or later (a release without a patch number is its minor's
    /// newest patch).
    fn at_least(self, major: u16, minor: u16, patch: u16) -> bool {
        (self.major, self.minor, self.patch.unwrap_or(u16::MAX)) >= (major, minor, patch)
    }

    /// Whether this release carries a change that starts at `first` on each line (see [`FirstReleases`]).
    fn carries(self, first: FirstReleases) -> bool {
        self.first_release_of(first).is_some_and(|(major, minor, patch)| self.at_least(major, minor, patch))
    }

    /// The first release carrying the change that is on this release's line, or on the first later line.
    fn first_release_of(self, first: FirstReleases) -> Option<(u16, u16, u16)> {
        let line = (self.major, self.minor);
        first.iter().copied().find(|&(major, minor, _)| (major, minor) >= line).or_else(|| first.last().copied())
    }

    /// Prune tasks take mirrored waves (the lowest prune wave swaps with the highest), PruneLast counts the prune
    /// waves, and a step waits until its pruned objects are gone before the next one starts. Before, a prune task
    /// kept its own wave, PruneLast went one past the highest wave of the Sync phase's *applied* tasks, and pruned
    /// objects were not waited for (a prune completes when the delete call returns).
    ///
    /// Upstream: argoproj/gitops-engine `pkg/sync/sync_context.go` (`getSyncTasks`, `Sync`), commit `5fd9f44`
    /// (pull request #538). First releases: v2.10.10 (argo-cd `f2d31330ff`, #18123, pins gitops-engine `fbecbb8`,
    /// which contains it), v2.11.0 (pins `5fd9f44`), v2.12.0 and every later line. Upstream tests
    /// `TestWaveReorderingOfPruneTasks`, `TestWaitForCleanUpBeforeNextWave`, `TestPruneLast`.
    ///
    /// ```
    /// use hookplan::argocd::ArgocdVersion;
    /// let v = |text: &str| text.parse::<ArgocdVersion>().unwrap();
    /// assert!(!v("2.10.9").prune_waves_mirrored());
    /// assert!(v("2.11.0").prune_waves_mirrored() && ArgocdVersion::NEWEST.prune_waves_mirrored());
    /// ```
    pub fn prune_waves_mirrored(self) -> bool {
        self.carries(PRUNE_WAVES_MIRRORED)
    }

    /// With `ApplyOutOfSyncOnly=true`, an unchanged cluster-scoped object is left out of the sync. Before, the
    /// engine looked the task up under its target's namespace, which the destination namespace fills in for
    /// cluster-scoped objects too (`getSyncTasks`), while the comparison keys the object by its live namespace
    /// (empty): with a destination namespace (or a namespace written on the object) the lookup missed and the
    /// unchanged cluster-scoped object was applied. Namespaced objects were never affected.
    ///
    /// Upstream: argoproj/gitops-engine `pkg/sync/sync_task.go` (`resourceKey`), commit `b3a2ec1` (pull request
    /// #765); backports `b9145ca` (#775) and `e481201` (#776). First releases: v3.0.21 (argo-cd `38b108e255`,
    /// #25548), v3.1.4 (`206d57b0de`, #24418), v3.2.0 and every later line; never on 2.10 to 2.14. Upstream test
    /// `TestSync_ApplyOutOfSyncOnly_ClusterResources`.
    pub fn apply_out_of_sync_only_skips_cluster_scoped(self) -> bool {
        self.carries(OUT_OF_SYNC_ONLY_CLUSTER_SCOPED)
    }

    /// A target whose kind's scope the cluster's discovery does not know (a custom kind whose CRD is not
    /// discovered yet) is matched with its live object under the namespaced key, then under the cluster-scoped
    /// one. Before, only under the namespaced key (the target's namespace, else the destination namespace): a
    /// cluster-scoped live object (no namespace) stayed unmatched, to be pruned, while the target was applied.
    ///
    /// Upstream: argoproj/gitops-engine `pkg/sync/reconcile.go` (`Reconcile`), commit `adb68bc` (pull request
    /// #597); backports `b6ec82a` (#608) and `4d911d2` (#607). First releases: v2.10.14 (argo-cd `d8ddce87be`,
    /// #19054), v2.11.5 (`d1c052d7bf`, #19036), v2.12.0 and every later line. Upstream test
    /// `TestReconcileWithUnknownDiscoveryDataForClusterScopedResources`.
    pub fn unknown_scope_matched_both_keys(self) -> bool {
        self.carries(UNKNOWN_SCOPE_BOTH_KEYS)
    }

    /// Whether `Reconcile` pairs a target of unknown scope with a live object of the same group, kind and name:
    /// `target_namespace` is the target's own namespace, else the destination namespace; `live_namespace` the live
    /// object's (none for a cluster-scoped one). From [`Self::unknown_scope_matched_both_keys`] always; before,
    /// only when the namespaces are the same (the namespaced key alone).
    pub(crate) fn reconciles_unknown_scope(self, target_namespace: Option<&str>, live_namespace: Option<&str>) -> bool {
        self.unknown_scope_matched_both_keys() || non_empty(target_namespace) == non_empty(live_namespace)
    }

    /// Whether ApplyOutOfSyncOnly finds the comparison's verdict on a target that has a live object:
    /// `target_namespace` is the target's own namespace, else the destination namespace (the engine fills it in
    /// for every object); `live_namespace` is the live object's (none for a cluster-scoped one), under which the
    /// comparison keys its verdict. From [`Self::apply_out_of_sync_only_skips_cluster_scoped`] always (the task
    /// is keyed by its live object's namespace); before, only when the namespaces are the same.
    pub(crate) fn out_of_sync_only_finds_verdict(
        self,
        target_namespace: Option<&str>,
        live_namespace: Option<&str>,
    ) -> bool {
        self.apply_out_of_sync_only_skips_cluster_scoped() || non_empty(target_namespace) == non_empty(live_namespace)
    }

    /// `Prune=confirm` (a prune waits for the Application's `argocd.argoproj.io/deletion-approved`) and
    /// `Delete=confirm` (so does the Application's deletion). Before, `confirm` is a value nothing reads: the
    /// object is pruned and deleted without waiting.
    ///
    /// Upstream: argoproj/gitops-engine commit `09e5225` (pull request #630), first in Argo CD v2.14.0; upstream
    /// test `TestPruneConfirmResourceLevel`.
    ///
    /// ```
    /// use hookplan::argocd::ArgocdVersion;
    /// let v = |text: &str| text.parse::<ArgocdVersion>().unwrap();
    /// assert!(!v("2.13").deletion_confirmation());
    /// assert!(v("2.14.0").deletion_confirmation() && ArgocdVersion::NEWEST.deletion_confirmation());
    /// ```
    pub fn deletion_confirmation(self) -> bool {
        self.at_least(2, 14, 0)
    }

    /// Every hook gets the finalizer `argocd.argoproj.io/hook-finalizer` when its task is built, so Kubernetes
    /// cannot delete it (a Job's `ttlSecondsAfterFinished`) before Argo CD has seen it complete. It leaked into
    /// v2.14.3 alone (v2.14.4 pins an engine without it).
    ///
    /// Upstream: argoproj/gitops-engine commit `65db274` (pull request #646), first in Argo CD v3.0.0; e2e
    /// `TestHookFinalizerPreSync`.
    ///
    /// ```
    /// use hookplan::argocd::ArgocdVersion;
    /// let v = |text: &str| text.parse::<ArgocdVersion>().unwrap();
    /// assert!(!v("2.14").hook_finalizer());
    /// assert!(v("3.0.0").hook_finalizer() && ArgocdVersion::NEWEST.hook_finalizer());
    /// ```
    pub fn hook_finalizer(self) -> bool {
        self.at_least(3, 0, 0) || (self.major, self.minor, self.patch) == (2, 14, Some(3))
    }

    /// With `CreateNamespace=true`, the destination Namespace is created for real before the dry run, as a step of
    /// its own. Before, it is a PreSync task of wave 0, ordered with the other PreSync tasks.
    ///
    /// Upstream: argoproj/gitops-engine commit `8007df5` (pull request #731), first in Argo CD v3.1.0; upstream
    /// test `TestSyncNamespaceCreatedBeforeDryRunWithoutFailure` (from v3.1), `TestNamespaceAutoCreation` (before).
    ///
    /// ```
    /// use hookplan::argocd::ArgocdVersion;
    /// let v = |text: &str| text.parse::<ArgocdVersion>().unwrap();
    /// assert!(!v("3.0").namespace_before_dry_run());
    /// assert!(v("3.1.0").namespace_before_dry_run() && ArgocdVersion::NEWEST.namespace_before_dry_run());
    /// ```
    pub fn namespace_before_dry_run(self) -> bool {
        self.at_least(3, 1, 0)
    }

    /// A PreDelete or PostDelete hook of a kind without a health check counts as healthy. Before, the controller
    /// dereferences the missing health and panics on every pass: the Application's deletion never finishes.
    ///
    /// Upstream: argo-cd pull request #18767 (commit `444d332d0a`), first in v2.12.0; argo-cd v2.11.14
    /// `controller/hook.go` `executePostDeleteHooks` still reads `hookHealth.Status` unchecked.
    ///
    /// ```
    /// use hookplan::argocd::ArgocdVersion;
    /// let v = |text: &str| text.parse::<ArgocdVersion>().unwrap();
    /// assert!(!v("2.11.14").nil_health_of_delete_hooks_handled());
    /// assert!(v("2.12.0").nil_health_of_delete_hooks_handled() && ArgocdVersion::NEWEST.nil_health_of_delete_hooks_handled());
    /// ```
    pub fn nil_health_of_delete_hooks_handled(self) -> bool {
        self.at_least(2, 12, 0)
    }

    /// PreDelete hooks, and a failed (Degraded) PreDelete or PostDelete hook deleted so that it runs again, with
    /// the deletion stopped by an error. Before, `PreDelete` is a value no part of Argo CD knows (the engine drops
    /// the object as a hook without a usable type), and a Degraded PostDelete hook counts as finished.
    ///
    /// Upstream: argo-cd commit `3bf3d8a212` (pull request #22288), first in v3.3.0; `executeHooks` in
    /// `controller/hook.go`; e2e `TestPreDeleteHook`, `TestPreDeleteHookFailureAndRetry`.
    ///
    /// ```
    /// use hookplan::argocd::ArgocdVersion;
    /// let v = |text: &str| text.parse::<ArgocdVersion>().unwrap();
    /// assert!(!v("3.2").pre_delete_hooks());
    /// assert!(v("3.3.0").pre_delete_hooks() && ArgocdVersion::NEWEST.pre_delete_hooks());
    /// ```
    pub fn pre_delete_hooks(self) -> bool {
        self.at_least(3, 3, 0)
    }

    /// PreDelete and PostDelete are found as items of a comma-separated value (`PostSync,PostDelete`). Before, the
    /// whole value must be exactly `PostDelete` (or `helm.sh/hook: post-delete`).
    ///
    /// Upstream: argo-cd commit `956a6a1352` (pull request #26420), first in v3.4.0, backported to v3.3.3
    /// (`968c6338a7`).
    ///
    /// ```
    /// use hookplan::argocd::ArgocdVersion;
    /// let v = |text: &str| text.parse::<ArgocdVersion>().unwrap();
    /// assert!(!v("3.3.2").delete_hook_items());
    /// assert!(v("3.3.3").delete_hook_items() && ArgocdVersion::NEWEST.delete_hook_items());
    /// ```
    pub fn delete_hook_items(self) -> bool {
        self.at_least(3, 3, 3)
    }

    /// A PreDelete or PostDelete hook that also has a sync phase (`PostSync,PostDelete`) is synced in that phase.
    /// From v3.3.0 to v3.3.4 every PreDelete and PostDelete hook is kept out of the sync; before v3.3.0 the
    /// controller keeps none out, and the engine runs or drops the object by its own reading (see
    /// [`ArgocdVersion::delete_hooks_kept_out_of_sync`]).
    ///
    /// Upstream: argo-cd commit `269e0b850b` (pull request #26996, `hasGitOpsEngineSyncPhaseHook`), first in
    /// v3.5.0, backported to v3.4.0 (`b66dea4282`) and v3.3.5 (`494b44ca5b`); upstream test
    /// `TestPartitionTargetObjsForSync`.
    ///
    /// ```
    /// use hookplan::argocd::ArgocdVersion;
    /// let v = |text: &str| text.parse::<ArgocdVersion>().unwrap();
    /// assert!(!v("3.3.4").delete_hooks_with_sync_phase_synced());
    /// assert!(v("3.3.5").delete_hooks_with_sync_phase_synced() && ArgocdVersion::NEWEST.delete_hooks_with_sync_phase_synced());
    /// ```
    pub fn delete_hooks_with_sync_phase_synced(self) -> bool {
        self.at_least(3, 3, 5)
    }

    /// The controller takes PreDelete and PostDelete hooks out of the manifests it gives the sync engine. Before
    /// v3.3.0 it does not: the engine reads them as any object (`hook: PostDelete` alone is a hook without a
    /// usable type, which it drops; with a Helm fallback, it runs).
    ///
    /// Upstream: argo-cd commit `3bf3d8a212` (pull request #22288, `CompareAppState` in `controller/state.go`),
    /// first in v3.3.0.
    ///
    /// ```
    /// use hookplan::argocd::ArgocdVersion;
    /// let v = |text: &str| text.parse::<ArgocdVersion>().unwrap();
    /// assert!(!v("3.2").delete_hooks_kept_out_of_sync());
    /// assert!(v("3.3.0").delete_hooks_kept_out_of_sync() && ArgocdVersion::NEWEST.delete_hooks_kept_out_of_sync());
    /// ```
    pub fn delete_hooks_kept_out_of_sync(self) -> bool {
        self.at_least(3, 3, 0)
    }

    /// The v3.4 reading of `Prune=` and `Delete=`: the first `Prune=`/`Delete=` item of the object's
    /// `argocd.argoproj.io/sync-options` (in written order), else the Application's `Prune=`/`Delete=` sync
    /// option; and Application deletion waits for approval on `Prune=confirm` as well as `Delete=confirm`.
    /// Before, only the object's exact items `Prune=false`, `Prune=confirm`, `Delete=false` and `Delete=confirm`
    /// count (on the live object, or for `Delete=confirm` on the target too), the Application's options are not
    /// read, and the order of items is not kept.
    ///
    /// Upstream: argo-cd commit `b7e2027f35` (pull request #23370), first in v3.4.0; upstream tests
    /// `TestPruneConfirmAppLevel`, `Test_isObjRequiresDeletionConfirmation`.
    ///
    /// ```
    /// use hookplan::argocd::ArgocdVersion;
    /// let v = |text: &str| text.parse::<ArgocdVersion>().unwrap();
    /// assert!(!v("3.3").prune_and_delete_values());
    /// assert!(v("3.4.0").prune_and_delete_values() && ArgocdVersion::NEWEST.prune_and_delete_values());
    /// ```
    pub fn prune_and_delete_values(self) -> bool {
        self.at_least(3, 4, 0)
    }

    /// The v3.4 sync engine:
    /// - an object that fails to apply no longer ends the operation while tasks of its wave are still running:
    ///   the SyncFail hooks start at once (as before), and the operation fails only once the running hooks (and
    ///   the SyncFail hooks) completed; without SyncFail hooks the running tasks are waited for too. Before,
    ///   without SyncFail hooks the operation failed at once (`one or more objects failed to apply`) and left the
    ///   running hooks behind; with SyncFail hooks it started them at once too, and failed at once if one of them
    ///   could not be created. A hook that *completes* unsuccessfully was always waited out with the rest of its
    ///   wave before the SyncFail phase, in every release. From v3.4 the final message also names the SyncFail
    ///   hooks that failed to apply (`one or more SyncFail hooks failed, reason: ...`);
    /// - a running task whose object disappeared fails (`Resource G/K/N is missing, it might have been deleted`);
    ///   before, it stays running for ever;
    /// - the running message lists hooks first; before, its wording follows the first task.
    ///
    /// Upstream: argo-cd `gitops-engine/pkg/sync/sync_context.go` (`Sync`, `executeSyncFailPhase`, formerly
    /// `setOperationFailed`), commits `228378474a` (pull request #25916), `f8c0d7efcf` (#26286) and `95d19f2eda`
    /// (#25668), first in v3.4.0, not back-ported. Upstream tests `TestSync_FailedSyncWithSyncFailHook_ApplyFailed`,
    /// `TestSync_FailedSyncWithSyncFailHook_HookFailed`, `Test_executeSyncFailPhase_*`, `Test_setRunningPhase`
    /// (v3.4.0), `TestRunSyncFailHooksFailed` (v3.3.14).
    ///
    /// ```
    /// use hookplan::argocd::ArgocdVersion;
    /// let v = |text: &str| text.parse::<ArgocdVersion>().unwrap();
    /// assert!(!v("3.3").sync_engine_3_4());
    /// assert!(v("3.4.0").sync_engine_3_4() && ArgocdVersion::NEWEST.sync_engine_3_4());
    /// ```
    pub fn sync_engine_3_4(self) -> bool {
        self.at_least(3, 4, 0)
    }

    /// Whether this release reads the resource sync option `item` (one of
    /// [`crate::argocd::sync_option::RECOGNISED_ITEMS`]). Added after v2.10: `Force=true` (argoproj/gitops-engine
    /// `pkg/sync/sync_context.go` `applyObject`, commit `fbecbb8`, pull request #560; first v2.10.10 (argo-cd
    /// `f2d31330ff`, #18123), v2.11.1 (`dd4ee83442`, #18125), v2.12.0; upstream test `TestSync_Force`),
    /// `Prune=confirm` and `Delete=confirm` (v2.14.0, `09e5225`, #630), `ServerSideApply=false` (v2.14.0,
    /// `847cfc9`, #634). An older release ignores them, as it ignores any item it does not know.
    ///
    /// ```
    /// use hookplan::argocd::ArgocdVersion;
    /// let v = |text: &str| text.parse::<ArgocdVersion>().unwrap();
    /// assert!(!v("2.11.0").reads_sync_option("Force=true") && v("2.11.1").reads_sync_option("Force=true"));
    /// assert!(!v("2.10.9").reads_sync_option("Force=true") && v("2.10").reads_sync_option("Force=true"));
    /// assert!(v("2.10.0").reads_sync_option("Prune=false"));
    /// ```
    pub fn reads_sync_option(self, item: &str) -> bool {
        NEW_SYNC_OPTIONS.iter().find(|(option, _)| *option == item).is_none_or(|&(_, first)| self.carries(first))
    }

    /// The first release that reads the sync option `item` (for options added after v2.10): the one of this
    /// release's line, else of the first later line that reads it.
    pub(crate) fn sync_option_release(self, item: &str) -> Option<ArgocdVersion> {
        let (_, first) = NEW_SYNC_OPTIONS.iter().find(|(option, _)| *option == item)?;
        self.first_release_of(first).map(|(major, minor, patch)| ArgocdVersion { major, minor, patch: Some(patch) })
    }

    /// The major version.
    ///
    /// ```
    /// use hookplan::argocd::ArgocdVersion;
    /// assert_eq!((ArgocdVersion::OLDEST.major(), ArgocdVersion::NEWEST.major()), (2, 3));
    /// ```
    pub fn major(self) -> u16 {
        self.major
    }

    /// The minor version.
    ///
    /// ```
    /// use hookplan::argocd::ArgocdVersion;
    /// assert_eq!("v3.3.4".parse::<ArgocdVersion>()?.minor(), 3);
    /// # Ok::<(), hookplan::ParseVersionError>(())
    /// ```
    pub fn minor(self) -> u16 {
        self.minor
    }

    /// The patch number, `None` for the newest patch release of the minor version.
    ///
    /// ```
    /// use hookplan::argocd::ArgocdVersion;
    /// assert_eq!("3.3.4".parse::<ArgocdVersion>()?.patch(), Some(4));
    /// assert_eq!("3.3".parse::<ArgocdVersion>()?.patch(), None);
    /// // Without a patch number: the newest patch of the minor, after every numbered one.
    /// assert!("3.3".parse::<ArgocdVersion>()? > "3.3.99".parse::<ArgocdVersion>()?);
    /// # Ok::<(), hookplan::ParseVersionError>(())
    /// ```
    pub fn patch(self) -> Option<u16> {
        self.patch
    }
}

/// A namespace as a resource key holds it: an empty one is none.
fn non_empty(namespace: Option<&str>) -> Option<&str> {
    namespace.filter(|n| !n.is_empty())
}

impl Ord for ArgocdVersion {
    /// Release order; a version without a patch number is its minor's newest patch, so it sorts after every
    /// numbered patch of that minor.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let key = |v: &ArgocdVersion| (v.major, v.minor, v.patch.map_or(u32::MAX, u32::from));
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for ArgocdVersion {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for ArgocdVersion {
    /// `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`, without a `v`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.patch {
            Some(patch) => write!(f, "{}.{}.{patch}", self.major, self.minor),
            None => write!(f, "{}.{}", self.major, self.minor),
        }
    }
}

impl FromStr for ArgocdVersion {
    type Err = ParseVersionError;

    /// `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`, with or without a leading `v`, from 2.10 to 3.5. Pre-releases
    /// (`3.4.0-rc1`) are refused.
    ///
    /// # Errors
    ///
    /// [`ParseVersionError`] naming the text: `3`, `2.9`, `3.6`, `3.4.0-rc1`, `3.x`.
    fn from_str(text: &str) -> Result<Self, ParseVersionError> {
        let refuse = || {
            let message =
                format!("`{text}`: hookplan follows Argo CD v2.10 to v3.5 (MAJOR.MINOR or MAJOR.MINOR.PATCH)");
            ParseVersionError::new(VersionErrorKind::ArgocdUnsupported, text, message)
        };
        let digits = text.strip_prefix('v').unwrap_or(text);
        let numbers: Vec<&str> = digits.split('.').collect();
        let number = |part: &str| -> Result<u16, ParseVersionError> {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) || (part.len() > 1 && part.starts_with('0'))
            {
                return Err(refuse());
            }
            part.parse::<u16>().map_err(|_| refuse())
        };
        let (major, minor, patch) = match numbers[..] {
            [major, minor] => (number(major)?, number(minor)?, None),
            [major, minor, patch] => (number(major)?, number(minor)?, Some(number(patch)?)),
            _ => return Err(refuse()),
        };
        if !MINORS.contains(&(major, minor)) {
            return Err(refuse());
        }
        Ok(ArgocdVersion { major, minor, patch })
    }
}

impl serde::Serialize for ArgocdVersion {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for ArgocdVersion {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_releases_and_refuses_the_rest() {
        for (text, shown) in [("3.5", "3.5"), ("v2.10", "2.10"), ("3.3.4", "3.3.4"), ("v3.0.0", "3.0.0")] {
            assert_eq!(text.parse::<ArgocdVersion>().map(|v| v.to_string()), Ok(shown.to_string()), "{text}");
        }
        for text in ["3", "2.9", "3.6", "1.8", "3.4.0-rc1", "3.x", "3..1", "03.4", "3.4.", "", "v", "3.4.1.2"] {
            assert!(text.parse::<ArgocdVersion>().is_err(), "{text}");
        }
        // Every release read lies between the oldest and the newest, patch numbers too.
        for text in ["2.10.0", "2.10", "2.10.12", "3.5.0", "3.5.99", "3.5"] {
            let v = text.parse::<ArgocdVersion>().unwrap();
            assert!(ArgocdVersion::OLDEST <= v && v <= ArgocdVersion::NEWEST, "{text}");
        }
        assert_eq!(ArgocdVersion::OLDEST.to_string(), "2.10.0");
    }

    /// The first release of each change, against the release before it.
    #[test]
    fn each_change_starts_at_its_release() {
        type Has = fn(ArgocdVersion) -> bool;
        let v = |text: &str| text.parse::<ArgocdVersion>().unwrap();
        let force: Has = |v| v.reads_sync_option("Force=true");
        let cases: [(Has, &str, &str); 20] = [
            (force, "2.10.9", "2.10.10"),
            (force, "2.11.0", "2.11.1"),
            (force, "2.11.0", "2.12.0"),
            (ArgocdVersion::prune_waves_mirrored, "2.10.9", "2.10.10"),
            (ArgocdVersion::prune_waves_mirrored, "2.10.9", "2.11.0"),
            (ArgocdVersion::apply_out_of_sync_only_skips_cluster_scoped, "3.0.20", "3.0.21"),
            (ArgocdVersion::apply_out_of_sync_only_skips_cluster_scoped, "3.1.3", "3.1.4"),
            (ArgocdVersion::apply_out_of_sync_only_skips_cluster_scoped, "2.14", "3.2.0"),
            (ArgocdVersion::unknown_scope_matched_both_keys, "2.10.13", "2.10.14"),
            (ArgocdVersion::unknown_scope_matched_both_keys, "2.11.4", "2.11.5"),
            (ArgocdVersion::unknown_scope_matched_both_keys, "2.11.4", "2.12.0"),
            (ArgocdVersion::nil_health_of_delete_hooks_handled, "2.11.14", "2.12.0"),
            (ArgocdVersion::deletion_confirmation, "2.13", "2.14.0"),
            (ArgocdVersion::hook_finalizer, "2.14.4", "3.0.0"),
            (ArgocdVersion::namespace_before_dry_run, "3.0", "3.1.0"),
            (ArgocdVersion::pre_delete_hooks, "3.2", "3.3.0"),
            (ArgocdVersion::delete_hook_items, "3.3.2", "3.3.3"),
            (ArgocdVersion::delete_hooks_with_sync_phase_synced, "3.3.4", "3.3.5"),
            (ArgocdVersion::prune_and_delete_values, "3.3", "3.4.0"),
            (ArgocdVersion::sync_engine_3_4, "3.3", "3.4.0"),
        ];
        for (has, before, from) in cases {
            assert!(!has(v(before)) && has(v(from)) && has(ArgocdVersion::NEWEST), "{before} / {from}");
        }
        assert!(v("2.14.3").hook_finalizer() && !v("2.14").hook_finalizer() && !v("2.14.2").hook_finalizer());
        assert!(v("3.3").delete_hooks_with_sync_phase_synced(), "3.3 is the newest 3.3.x");
    }
}
