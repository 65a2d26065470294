//! The values Argo CD's hook annotations take: hook types, sync phases and delete policies, and how Helm's
//! delete policies map onto Argo CD's. The rule functions that read them are in `hook.rs`, `delete_policy.rs` and
//! `helm_hook.rs`, which all build on this file.

use crate::helm::HookDeletePolicy;

crate::vocabulary::vocabulary! {
/// The hook types the Argo CD engine accepts, exactly as spelled (case-sensitive).
///
/// `PreDelete` and `PostDelete` are not engine types: the application controller handles them (see
/// [`crate::argocd::hook::is_pre_delete_hook`]). Upstream (argo-cd@37ee009): `NewHookType` in `gitops-engine/pkg/sync/common/types.go`.
///
/// ```
/// use hookplan::argocd::HookType;
/// assert_eq!(HookType::parse("PreSync"), Some(HookType::PreSync));
/// assert_eq!(HookType::parse("presync"), None);
/// assert_eq!(HookType::parse("PreDelete"), None);
/// ```
pub enum HookType("hook type") {
    /// Runs before the Sync phase.
    PreSync = "PreSync",
    /// Runs with the resources.
    Sync = "Sync",
    /// Runs after every Sync-phase task is healthy.
    PostSync = "PostSync",
    /// Runs when the sync fails.
    SyncFail = "SyncFail",
    /// Not applied at all (when it is the only type).
    Skip = "Skip",
}
}

impl HookType {
    /// The type spelled exactly `value`, if any.
    pub fn parse(value: &str) -> Option<HookType> {
        HookType::ALL.into_iter().find(|t| t.as_str() == value)
    }

    /// The sync phase of this type; `None` for `Skip`.
    pub fn sync_phase(self) -> Option<SyncPhase> {
        match self {
            HookType::PreSync => Some(SyncPhase::PreSync),
            HookType::Sync => Some(SyncPhase::Sync),
            HookType::PostSync => Some(SyncPhase::PostSync),
            HookType::SyncFail => Some(SyncPhase::SyncFail),
            HookType::Skip => None,
        }
    }
}

crate::vocabulary::vocabulary! {
/// The phases of an Argo CD sync, in execution order.
///
/// Upstream (argo-cd@37ee009): `SyncPhase` in `gitops-engine/pkg/sync/common/types.go`; ranks from `syncPhaseOrder` in
/// `sync_tasks.go`.
///
/// ```
/// use hookplan::argocd::SyncPhase;
/// assert!(SyncPhase::PreSync.rank() < SyncPhase::Sync.rank());
/// assert_eq!(SyncPhase::SyncFail.rank(), 2);
/// ```
pub enum SyncPhase("sync phase") {
    /// Before the resources.
    PreSync = "PreSync",
    /// The resources.
    Sync = "Sync",
    /// After the resources are healthy.
    PostSync = "PostSync",
    /// Only when the sync fails.
    SyncFail = "SyncFail",
}
}

impl SyncPhase {
    /// Upstream's rank: PreSync −1, Sync 0, PostSync 1, SyncFail 2.
    pub fn rank(self) -> i32 {
        match self {
            SyncPhase::PreSync => -1,
            SyncPhase::Sync => 0,
            SyncPhase::PostSync => 1,
            SyncPhase::SyncFail => 2,
        }
    }
}

crate::vocabulary::vocabulary! {
/// When Argo CD deletes a hook.
///
/// - `BeforeHookCreation`: the previous instance is deleted just before the hook's own (phase, wave) batch runs.
/// - `HookSucceeded`: deleted when the whole sync operation succeeds (not when the hook itself succeeds).
/// - `HookFailed`: deleted when the whole sync operation fails (even if the hook itself succeeded).
///
/// Upstream (argo-cd@37ee009): `HookDeletePolicy` in `gitops-engine/pkg/sync/common/types.go`.
pub enum DeletePolicy("delete policy") {
    /// Delete when the sync operation succeeds.
    HookSucceeded = "HookSucceeded",
    /// Delete when the sync operation fails.
    HookFailed = "HookFailed",
    /// Delete the previous instance before creating the hook.
    BeforeHookCreation = "BeforeHookCreation",
}
}

impl DeletePolicy {
    /// The policy spelled exactly `value` in Argo CD's annotation.
    pub fn parse(value: &str) -> Option<DeletePolicy> {
        DeletePolicy::ALL.into_iter().find(|p| p.as_str() == value)
    }
}

impl From<HookDeletePolicy> for DeletePolicy {
    fn from(policy: HookDeletePolicy) -> DeletePolicy {
        match policy {
            HookDeletePolicy::BeforeHookCreation => DeletePolicy::BeforeHookCreation,
            HookDeletePolicy::HookSucceeded => DeletePolicy::HookSucceeded,
            HookDeletePolicy::HookFailed => DeletePolicy::HookFailed,
        }
    }
}

impl From<DeletePolicy> for HookDeletePolicy {
    fn from(policy: DeletePolicy) -> HookDeletePolicy {
        match policy {
            DeletePolicy::BeforeHookCreation => HookDeletePolicy::BeforeHookCreation,
            DeletePolicy::HookSucceeded => HookDeletePolicy::HookSucceeded,
            DeletePolicy::HookFailed => HookDeletePolicy::HookFailed,
        }
    }
}
