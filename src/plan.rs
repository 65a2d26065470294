//! Plans: ordered steps of tasks, the SyncFail hooks, the hook deletion decisions, and what is not planned.
//!
//! The types serialise to the plan JSON contract, version 1 (`DESIGN.md`): camelCase keys, absent optional
//! values as `null`, never missing. Fields may be added; none is renamed or removed without a new
//! [`SCHEMA_VERSION`].

mod argocd_delete;
mod argocd_sync;
mod helm;

use std::fmt;

use serde::Serialize;

use crate::argocd::{DeletePolicy, SyncPhase};
use crate::diagnostic::{Diagnostic, Severity};
use crate::location::Location;
use crate::resource::{Excluded, ResourceRef};

pub use argocd_delete::plan_delete;
pub use argocd_sync::{SyncOperation, plan_sync, plan_sync_with_live};
pub use helm::{HelmCommand, HelmOperation, plan_helm};

/// The version of the plan JSON contract these types serialise to.
pub const SCHEMA_VERSION: u32 = 1;

/// The engine a plan describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Engine {
    /// Argo CD (its gitops-engine and application controller).
    Argocd,
    /// Helm 3 or Helm 4.
    Helm,
}

/// The operation a plan describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Operation {
    /// An Argo CD sync.
    Sync,
    /// An Argo CD Application deletion (cascade).
    Delete,
    /// `helm install`.
    Install,
    /// `helm upgrade`.
    Upgrade,
    /// `helm rollback`.
    Rollback,
    /// `helm uninstall`.
    Uninstall,
    /// `helm test`.
    Test,
}

/// The phase of a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[non_exhaustive]
pub enum Phase {
    /// Argo CD PreSync.
    PreSync,
    /// Argo CD Sync.
    Sync,
    /// Argo CD PostSync.
    PostSync,
    /// Argo CD SyncFail (tasks of this phase are listed in [`Plan::sync_fail`], never in steps).
    SyncFail,
    /// Application deletion: PreDelete hooks, created all at once.
    PreDelete,
    /// Application deletion: the live objects, deleted one wave at a time, highest wave first.
    Delete,
    /// Application deletion: PostDelete hooks, created all at once.
    PostDelete,
    /// Helm `pre-install` hooks.
    #[serde(rename = "pre-install")]
    PreInstall,
    /// Helm install: the release's regular manifests.
    #[serde(rename = "install")]
    Install,
    /// Helm `post-install` hooks.
    #[serde(rename = "post-install")]
    PostInstall,
    /// Helm `pre-upgrade` hooks.
    #[serde(rename = "pre-upgrade")]
    PreUpgrade,
    /// Helm upgrade: the regular manifests, and the prune of objects that left the chart.
    #[serde(rename = "upgrade")]
    Upgrade,
    /// Helm `post-upgrade` hooks.
    #[serde(rename = "post-upgrade")]
    PostUpgrade,
    /// Helm `pre-rollback` hooks.
    #[serde(rename = "pre-rollback")]
    PreRollback,
    /// Helm rollback: the target revision's manifests.
    #[serde(rename = "rollback")]
    Rollback,
    /// Helm `post-rollback` hooks.
    #[serde(rename = "post-rollback")]
    PostRollback,
    /// Helm `pre-delete` hooks (uninstall).
    #[serde(rename = "pre-delete")]
    HelmPreDelete,
    /// Helm uninstall: the regular manifests, in uninstall order.
    #[serde(rename = "uninstall")]
    Uninstall,
    /// Helm `post-delete` hooks (uninstall).
    #[serde(rename = "post-delete")]
    HelmPostDelete,
    /// Helm `test` hooks.
    #[serde(rename = "test")]
    Test,
}

impl From<SyncPhase> for Phase {
    fn from(phase: SyncPhase) -> Phase {
        match phase {
            SyncPhase::PreSync => Phase::PreSync,
            SyncPhase::Sync => Phase::Sync,
            SyncPhase::PostSync => Phase::PostSync,
            SyncPhase::SyncFail => Phase::SyncFail,
        }
    }
}

impl Phase {
    /// The name as upstream spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::PreSync => "PreSync",
            Phase::Sync => "Sync",
            Phase::PostSync => "PostSync",
            Phase::SyncFail => "SyncFail",
            Phase::PreDelete => "PreDelete",
            Phase::Delete => "Delete",
            Phase::PostDelete => "PostDelete",
            Phase::PreInstall => "pre-install",
            Phase::Install => "install",
            Phase::PostInstall => "post-install",
            Phase::PreUpgrade => "pre-upgrade",
            Phase::Upgrade => "upgrade",
            Phase::PostUpgrade => "post-upgrade",
            Phase::PreRollback => "pre-rollback",
            Phase::Rollback => "rollback",
            Phase::PostRollback => "post-rollback",
            Phase::HelmPreDelete => "pre-delete",
            Phase::Uninstall => "uninstall",
            Phase::HelmPostDelete => "post-delete",
            Phase::Test => "test",
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a task does to its object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Action {
    /// Apply (or create) a target object.
    Apply,
    /// Delete a live object that has no target any more (Sync phase, mirrored wave).
    Prune,
    /// Delete a live object (Application deletion).
    Delete,
    /// Create a hook with a Kubernetes create (PreDelete and PostDelete hooks).
    Create,
}

/// Why a task is in the plan but does nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Skipped {
    /// `Prune=false` on the live object (or the Application): upstream ends the task `PruneSkipped "ignored (no prune)"`.
    NoPrune,
    /// The operation does not prune: `PruneSkipped "ignored (requires pruning)"`; the task still takes part in the
    /// wave order.
    RequiresPruning,
}

/// What happens to a previous instance of a hook found in the live state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LiveInstance {
    /// BeforeHookCreation: it is deleted just before the hook's (phase, wave) step runs, and the hook is created
    /// once it is gone.
    DeleteBeforeCreate,
    /// No BeforeHookCreation: the hook is applied over it (a completed Job does not run again).
    ApplyOver,
    /// A PreDelete or PostDelete hook that already exists: it is not created again, only waited for.
    AlreadyRunning,
}

/// One task: an object and what happens to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Task {
    /// What happens.
    pub action: Action,
    /// Whether upstream treats the object as a hook.
    pub hook: bool,
    /// The object, with its namespace defaulted and, when the plan was given a revision and start time, an
    /// unnamed hook's generated name.
    pub resource: ResourceRef,
    /// A hook's effective delete policies in upstream order, defaults applied; `[]` for a non-hook.
    pub delete_policies: Vec<DeletePolicy>,
    /// The recognised items of `argocd.argoproj.io/sync-options`, in annotation order.
    pub sync_options: Vec<String>,
    /// Why the task does nothing, if it does nothing.
    pub skipped: Option<Skipped>,
    /// For a hook whose previous instance is live: what happens to it.
    pub live_instance: Option<LiveInstance>,
    /// Whether the task waits for the Application's `argocd.argoproj.io/deletion-approved` (`Prune=confirm`,
    /// `Delete=confirm`).
    pub needs_confirmation: bool,
    /// Where the object is: the target manifest, the live object for prune and delete tasks, `None` for an object
    /// the operation adds (CreateNamespace).
    pub source: Option<Location>,
}

/// One batch: every task of one (phase, wave), in upstream apply order. A step completes before the next starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Step {
    /// The phase.
    pub phase: Phase,
    /// The effective wave, after the Helm-weight fallback, prune mirroring, PruneLast and Namespace/CRD
    /// adjustment (0 for the PreDelete and PostDelete steps, which have no waves).
    pub wave: i64,
    /// Whether the step waits for confirmation before it deletes anything (a `confirm` task not yet approved).
    pub waits_for_confirmation: bool,
    /// Helm: the hooks deleted if this step's hook fails (the failed hook if `hook-failed`, then the earlier
    /// successful hooks of the event with `hook-succeeded`, in execution order); `[]` otherwise.
    pub on_failure_delete: Vec<ResourceRef>,
    /// The tasks, in execution order: prune tasks first (all at once), then the applies in upstream order.
    pub tasks: Vec<Task>,
}

/// The hooks deleted by policy when the whole operation ends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HookDeletion {
    /// Hooks with `HookSucceeded`, deleted when the operation succeeds.
    pub on_success: Vec<ResourceRef>,
    /// Hooks with `HookFailed`, deleted when the operation fails (even those that succeeded).
    pub on_failure: Vec<ResourceRef>,
}

/// A plan: what the engine will do with the manifests, in order.
///
/// ```
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// let manifests = Manifests::parse("app.yaml", "\
/// apiVersion: batch/v1
/// kind: Job
/// metadata:
///   generateName: migrate-
///   annotations:
///     argocd.argoproj.io/hook: PreSync
/// ---
/// apiVersion: apps/v1
/// kind: Deployment
/// metadata:
///   name: web
/// ");
/// let plan = plan_sync(&manifests, &SyncOperation::new().namespace("shop"));
/// assert_eq!(plan.steps.len(), 2);
/// assert_eq!(plan.steps[0].phase.as_str(), "PreSync");
/// assert_eq!(plan.steps[1].tasks[0].resource.namespace.as_deref(), Some("shop"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Plan {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The engine.
    pub engine: Engine,
    /// The operation.
    pub operation: Operation,
    /// The batches in execution order.
    pub steps: Vec<Step>,
    /// The SyncFail hooks, run together only if the operation fails.
    pub sync_fail: Vec<Task>,
    /// Hooks deleted by policy when the operation ends.
    pub hook_deletion: HookDeletion,
    /// Documents and objects not planned, with the reason, ordered by source position.
    pub excluded: Vec<Excluded>,
    /// Problems found, ordered by source position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Plan {
    /// Every task of the steps, in execution order, with its step.
    pub fn tasks(&self) -> impl Iterator<Item = (&Step, &Task)> {
        self.steps.iter().flat_map(|step| step.tasks.iter().map(move |task| (step, task)))
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}
