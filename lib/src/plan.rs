//! Plans: ordered steps of tasks, the SyncFail hooks, the hook deletion decisions, and what is not planned.
//!
//! # The plan JSON contract, version 1
//!
//! `hookplan plan --output json` prints exactly one JSON object, the `Serialize` form of [`Plan`], and
//! [`Plan`] deserialises from it: reading the printed JSON and writing it again gives the same bytes. Other
//! tools parse it, so field names are stable: fields may be added; none is renamed or removed without a new
//! [`SCHEMA_VERSION`]. Keys are camelCase. Absent optional values are `null`, never missing.
//!
//! ```json
//! {
//!   "schemaVersion": 1,
//!   "engine": "argocd",
//!   "operation": "sync",
//!   "steps": [
//!     {
//!       "phase": "PreSync",
//!       "wave": -1,
//!       "waitsForConfirmation": false,
//!       "waitsFor": ["hook-completion", "health"],
//!       "onFailureDelete": [],
//!       "tasks": [
//!         {
//!           "action": "apply",
//!           "hook": true,
//!           "resource": { "apiVersion": "batch/v1", "group": "batch", "kind": "Job", "namespace": "shop",
//!                         "name": null, "generateName": "db-migrate-" },
//!           "deletePolicies": ["BeforeHookCreation"],
//!           "syncOptions": [],
//!           "skipped": null,
//!           "liveInstance": null,
//!           "needsConfirmation": false,
//!           "source": { "file": "app/migrate.yaml", "document": 0, "item": null, "line": 1, "column": 1 }
//!         }
//!       ]
//!     }
//!   ],
//!   "syncFail": [],
//!   "hookDeletion": { "onSuccess": [], "onFailure": [] },
//!   "excluded": [ { "resource": { "...": "..." }, "reason": "skip", "source": { "...": "..." } } ],
//!   "diagnostics": [
//!     { "rule": "unknown-hook-type", "code": "HP0001", "severity": "error", "message": "...",
//!       "help": "did you mean `PreSync`?", "resource": { "...": "..." }, "source": { "...": "..." } }
//!   ]
//! }
//! ```
//!
//! - `engine`: `argocd` or `helm` ([`Engine`]); `operation`: `sync` or `delete` (Argo CD), `install`, `upgrade`,
//!   `rollback`, `uninstall` or `test` (Helm) ([`Operation`]).
//! - `steps` are the batches in execution order; a step completes before the next starts. For an Argo CD sync a
//!   step is one (phase, wave) batch, phases `PreSync`, `Sync`, `PostSync`, and `wave` is the effective wave
//!   (after the Helm-weight fallback and the Namespace/CRD adjustment). An Application deletion has the phases
//!   `PreDelete`, `Delete` (one step per wave, highest first) and `PostDelete`. A Helm plan has the hook events
//!   (`pre-install`, ...) and the manifests step (`install`, `upgrade`, `rollback`, `uninstall`), one step per
//!   hook, and `wave` is then the hook weight. `tasks` are in upstream apply order within the step. `waitsFor`
//!   says what ends the step ([`StepWait`]): `[]` when it ends as soon as its calls went through.
//! - `action`: `apply`, `prune` (a live object without a target), `delete` (a live object, on deletion or
//!   uninstall; a hook deleted by policy), `create` (a hook created with a Kubernetes create), `logs` (a test
//!   Pod's logs printed, `helm test --logs`, in the `test-logs` step).
//! - `hook`: whether upstream treats the object as a hook. `deletePolicies`: the effective policies of a hook, in
//!   upstream order, defaults applied; `[]` for a non-hook.
//! - `resource.name` is `null` for an unnamed hook (unless a revision and start time were given to name it);
//!   `namespace` is `null` when neither the manifest nor a destination namespace sets it; `group` is `""` for
//!   the core group.
//! - `syncFail`: the SyncFail hooks, run together only if the sync fails. `hookDeletion`: hooks deleted when the
//!   whole operation succeeds (`HookSucceeded`) or fails (`HookFailed`).
//! - `excluded[].reason`: one of [`crate::ExclusionReason`]'s kebab-case names.
//! - `source.file` is the path as given (`-` for standard input), `document` 0-based within the file (the items
//!   of a `kind: List` share its index and are told apart by `item`), `line` and `column` 1-based.
//! - `diagnostics[].severity`: `error`, `warning` or `note`; `rule` and `code` name a rule of
//!   [`crate::rules::ALL`].

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::argocd::{DeletePolicy, SyncPhase};
use crate::diagnostic::{Diagnostic, RuleConfiguration, Severity};
use crate::helm::HookDeletePolicy;
use crate::location::Location;
use crate::resource::{Excluded, ResourceRef};

/// The version of the plan JSON contract these types serialise to.
///
/// ```
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// use hookplan::plan::SCHEMA_VERSION;
/// let plan = plan_sync(&Manifests::new(), &SyncOperation::new());
/// assert_eq!(plan.schema_version, SCHEMA_VERSION);
/// assert!(serde_json::to_string(&plan).unwrap().starts_with(r#"{"schemaVersion":1,"#));
/// ```
pub const SCHEMA_VERSION: u32 = 1;

crate::vocabulary::vocabulary! {
/// The engine a plan describes.
///
/// ```
/// use hookplan::plan::Engine;
/// assert_eq!("helm".parse::<Engine>(), Ok(Engine::Helm));
/// assert_eq!(Engine::Argocd.as_str(), "argocd");
/// assert_eq!(serde_json::to_string(&Engine::Argocd).unwrap(), r#""argocd""#);
/// ```
pub enum Engine("engine") {
    /// Argo CD (its gitops-engine and application controller).
    Argocd = "argocd",
    /// Helm 3 or Helm 4.
    Helm = "helm",
}
}

crate::vocabulary::vocabulary! {
/// The operation a plan describes.
///
/// ```
/// use hookplan::{Manifests, plan_delete, SyncOperation};
/// use hookplan::plan::{Engine, Operation};
/// let plan = plan_delete(&Manifests::new(), &Manifests::new(), &SyncOperation::new());
/// assert_eq!((plan.engine, plan.operation), (Engine::Argocd, Operation::Delete));
/// assert_eq!(Operation::ALL.len(), 7);
/// assert_eq!(Operation::Uninstall.to_string(), "uninstall");
/// ```
pub enum Operation("operation") {
    /// An Argo CD sync.
    Sync = "sync",
    /// An Argo CD Application deletion (cascade).
    Delete = "delete",
    /// `helm install`.
    Install = "install",
    /// `helm upgrade`.
    Upgrade = "upgrade",
    /// `helm rollback`.
    Rollback = "rollback",
    /// `helm uninstall`.
    Uninstall = "uninstall",
    /// `helm test`.
    Test = "test",
}
}

crate::vocabulary::vocabulary! {
/// The phase of a step.
///
/// ```
/// use hookplan::plan::Phase;
/// assert_eq!("PostSync".parse::<Phase>(), Ok(Phase::PostSync));
/// assert!("postsync".parse::<Phase>().is_err(), "phases are spelled as upstream spells them");
/// ```
pub enum Phase("phase") {
    /// Argo CD PreSync.
    PreSync = "PreSync",
    /// Argo CD Sync.
    Sync = "Sync",
    /// Argo CD PostSync.
    PostSync = "PostSync",
    /// Argo CD SyncFail (tasks of this phase are listed in [`Plan::sync_fail`], never in steps).
    SyncFail = "SyncFail",
    /// Application deletion: PreDelete hooks, created all at once.
    PreDelete = "PreDelete",
    /// Application deletion: the live objects, deleted one wave at a time, highest wave first.
    Delete = "Delete",
    /// Application deletion: PostDelete hooks, created all at once.
    PostDelete = "PostDelete",
    /// Helm install: the chart's `crds/` directory, created before anything else (its own step).
    Crds = "crds",
    /// Helm `pre-install` hooks.
    PreInstall = "pre-install",
    /// Helm install: the release's regular manifests.
    Install = "install",
    /// Helm `post-install` hooks.
    PostInstall = "post-install",
    /// Helm `pre-upgrade` hooks.
    PreUpgrade = "pre-upgrade",
    /// Helm upgrade: the regular manifests, and the prune of objects that left the chart.
    Upgrade = "upgrade",
    /// Helm `post-upgrade` hooks.
    PostUpgrade = "post-upgrade",
    /// Helm `pre-rollback` hooks.
    PreRollback = "pre-rollback",
    /// Helm rollback: the target revision's manifests.
    Rollback = "rollback",
    /// Helm `post-rollback` hooks.
    PostRollback = "post-rollback",
    /// Helm `pre-delete` hooks (uninstall).
    HelmPreDelete = "pre-delete",
    /// Helm uninstall: the regular manifests, in uninstall order.
    Uninstall = "uninstall",
    /// Helm `post-delete` hooks (uninstall).
    HelmPostDelete = "post-delete",
    /// Helm `test` hooks.
    Test = "test",
    /// `helm test --logs`: the test Pods' logs, printed once every test ran (before the `hook-succeeded` cleanup in
    /// Helm 4, after it in Helm 3). One step, one Pod after another in execution order; its `wave` is 0.
    TestLogs = "test-logs",
}
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

crate::vocabulary::vocabulary! {
/// What a task does to its object.
///
/// ```
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// use hookplan::plan::Action;
/// let live = Manifests::parse("live.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: old, namespace: shop}\n");
/// let plan = hookplan::plan_sync_with_live(&Manifests::new(), &live, &SyncOperation::new().prune(true));
/// let actions: Vec<Action> = plan.tasks().map(|(_, task)| task.action).collect();
/// assert_eq!(actions, [Action::Prune]);
/// ```
pub enum Action("action") {
    /// Apply (or create) a target object.
    Apply = "apply",
    /// Delete a live object that has no target any more (Sync phase, mirrored wave).
    Prune = "prune",
    /// Delete a live object (Application deletion).
    Delete = "delete",
    /// Create a hook with a Kubernetes create (PreDelete and PostDelete hooks).
    Create = "create",
    /// Print the logs of a test Pod (`helm test --logs`).
    Logs = "logs",
}
}

crate::vocabulary::vocabulary! {
/// Why a task is in the plan but does nothing.
///
/// ```
/// use hookplan::{Manifests, SyncOperation, plan_sync_with_live};
/// use hookplan::plan::Skipped;
/// let live = Manifests::parse("live.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: old, namespace: shop}\n");
/// // Without --prune, the live object without a target is not pruned, and says why.
/// let plan = plan_sync_with_live(&Manifests::new(), &live, &SyncOperation::new());
/// assert_eq!(plan.steps[0].tasks[0].skipped, Some(Skipped::RequiresPruning));
/// ```
pub enum Skipped("skip reason") {
    /// `Prune=false` on the live object (or the Application): upstream ends the task `PruneSkipped "ignored (no prune)"`.
    NoPrune = "no-prune",
    /// The operation does not prune: `PruneSkipped "ignored (requires pruning)"`; the task still takes part in the
    /// wave order.
    RequiresPruning = "requires-pruning",
}
}

crate::vocabulary::vocabulary! {
/// What happens to a previous instance of a hook found in the live state.
///
/// ```
/// use hookplan::plan::LiveInstance;
/// assert_eq!(LiveInstance::DeleteBeforeCreate.as_str(), "delete-before-create");
/// assert_eq!("apply-over".parse::<LiveInstance>(), Ok(LiveInstance::ApplyOver));
/// ```
pub enum LiveInstance("live instance outcome") {
    /// BeforeHookCreation: it is deleted just before the hook's (phase, wave) step runs, and the hook is created
    /// once it is gone.
    DeleteBeforeCreate = "delete-before-create",
    /// No BeforeHookCreation: the hook is applied over it (a completed Job does not run again).
    ApplyOver = "apply-over",
    /// A PreDelete or PostDelete hook that already exists: it is not created again, only waited for.
    AlreadyRunning = "already-running",
}
}

/// A hook's delete policies as its plan's engine spells them: Argo CD's `HookSucceeded`, Helm's
/// `hook-succeeded`. Serialises as a list of those spellings; [`DeletePolicies::contains`] and
/// [`DeletePolicies::iter`] speak of the policy itself, whatever the engine (the mapping is
/// [`HookDeletePolicy`]'s conversions).
///
/// Two empty lists are equal whatever their engine: `[]` reads back as the Argo CD variant.
///
/// ```
/// use hookplan::argocd::DeletePolicy;
/// use hookplan::helm::HookDeletePolicy;
/// use hookplan::plan::DeletePolicies;
/// let helm = DeletePolicies::Helm(vec![HookDeletePolicy::BeforeHookCreation, HookDeletePolicy::HookSucceeded]);
/// assert_eq!(helm.to_string(), "before-hook-creation,hook-succeeded");
/// assert!(helm.contains(DeletePolicy::HookSucceeded));
/// assert_eq!(serde_json::to_string(&helm).unwrap(), r#"["before-hook-creation","hook-succeeded"]"#);
/// ```
#[derive(Clone, Debug, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum DeletePolicies {
    /// An Argo CD plan's policies.
    Argocd(Vec<DeletePolicy>),
    /// A Helm plan's policies.
    Helm(Vec<HookDeletePolicy>),
}

impl DeletePolicies {
    /// No policy (a task that is not a hook).
    ///
    /// ```
    /// use hookplan::plan::DeletePolicies;
    /// assert!(DeletePolicies::NONE.is_empty());
    /// assert_eq!(DeletePolicies::default(), DeletePolicies::NONE);
    /// assert_eq!(serde_json::to_string(&DeletePolicies::NONE).unwrap(), "[]");
    /// ```
    pub const NONE: DeletePolicies = DeletePolicies::Argocd(Vec::new());

    /// The policies, engine-neutral, in order.
    ///
    /// ```
    /// use hookplan::argocd::DeletePolicy;
    /// use hookplan::helm::HookDeletePolicy;
    /// use hookplan::plan::DeletePolicies;
    /// let helm = DeletePolicies::Helm(vec![HookDeletePolicy::HookFailed, HookDeletePolicy::BeforeHookCreation]);
    /// let policies: Vec<DeletePolicy> = helm.iter().collect();
    /// assert_eq!(policies, [DeletePolicy::HookFailed, DeletePolicy::BeforeHookCreation]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = DeletePolicy> + '_ {
        let (argocd, helm) = match self {
            DeletePolicies::Argocd(p) => (p.as_slice(), &[][..]),
            DeletePolicies::Helm(p) => (&[][..], p.as_slice()),
        };
        argocd.iter().copied().chain(helm.iter().map(|&p| DeletePolicy::from(p)))
    }

    /// Whether `policy` is among them.
    ///
    /// ```
    /// use hookplan::argocd::DeletePolicy;
    /// use hookplan::plan::DeletePolicies;
    /// let argocd = DeletePolicies::Argocd(vec![DeletePolicy::HookSucceeded]);
    /// assert!(argocd.contains(DeletePolicy::HookSucceeded));
    /// assert!(!argocd.contains(DeletePolicy::BeforeHookCreation));
    /// ```
    pub fn contains(&self, policy: DeletePolicy) -> bool {
        self.iter().any(|p| p == policy)
    }

    /// How many there are.
    ///
    /// ```
    /// use hookplan::argocd::DeletePolicy;
    /// use hookplan::plan::DeletePolicies;
    /// assert_eq!(DeletePolicies::Argocd(vec![DeletePolicy::HookSucceeded, DeletePolicy::HookFailed]).len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        match self {
            DeletePolicies::Argocd(p) => p.len(),
            DeletePolicies::Helm(p) => p.len(),
        }
    }

    /// Whether there is none.
    ///
    /// ```
    /// use hookplan::helm::HookDeletePolicy;
    /// use hookplan::plan::DeletePolicies;
    /// assert!(DeletePolicies::Helm(Vec::new()).is_empty());
    /// assert!(!DeletePolicies::Helm(vec![HookDeletePolicy::HookSucceeded]).is_empty());
    /// // Two empty lists are equal whatever their engine.
    /// assert_eq!(DeletePolicies::Helm(Vec::new()), DeletePolicies::NONE);
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for DeletePolicies {
    fn default() -> Self {
        DeletePolicies::NONE
    }
}

impl PartialEq for DeletePolicies {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (DeletePolicies::Argocd(a), DeletePolicies::Argocd(b)) => a == b,
            (DeletePolicies::Helm(a), DeletePolicies::Helm(b)) => a == b,
            _ => self.is_empty() && other.is_empty(),
        }
    }
}

impl fmt::Display for DeletePolicies {
    /// The engine's spellings joined by `,`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words: Vec<&str> = match self {
            DeletePolicies::Argocd(p) => p.iter().map(|p| p.as_str()).collect(),
            DeletePolicies::Helm(p) => p.iter().map(|p| p.as_str()).collect(),
        };
        f.write_str(&words.join(","))
    }
}

/// One task: an object and what happens to it.
///
/// ```
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// use hookplan::argocd::DeletePolicy;
/// use hookplan::plan::Action;
/// let manifests = Manifests::parse("job.yaml", "\
/// apiVersion: batch/v1
/// kind: Job
/// metadata:
///   name: migrate
///   annotations:
///     argocd.argoproj.io/hook: PreSync
///     argocd.argoproj.io/sync-options: Replace=true
/// ");
/// let plan = plan_sync(&manifests, &SyncOperation::new().namespace("shop"));
/// let (_, task) = plan.tasks().next().unwrap();
/// assert_eq!((task.action, task.hook), (Action::Apply, true));
/// assert_eq!(task.resource.to_string(), "Job/shop/migrate");
/// // No delete policy written: Argo CD's default.
/// assert!(task.delete_policies.contains(DeletePolicy::BeforeHookCreation));
/// assert_eq!(task.sync_options, ["Replace=true"]);
/// assert_eq!(task.source.as_ref().map(|at| at.line), Some(1));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    /// A hook's effective delete policies in upstream order, defaults applied, in the plan's engine's words;
    /// `[]` for a non-hook.
    pub delete_policies: DeletePolicies,
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
    /// Helm: when Helm prints the logs of this `Job` or `Pod` hook's pods (from the hook's namespace, the
    /// resource's), as its `helm.sh/hook-output-log-policy` says: `hook-succeeded`, `hook-failed`, or both; `[]`
    /// otherwise (other kinds, Helm 3 before 3.18, Argo CD). Serialised only when not empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub output_logs: Vec<String>,
}

crate::vocabulary::vocabulary! {
/// What a step waits for before the next one starts.
///
/// ```
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// use hookplan::plan::StepWait;
/// let manifests = Manifests::parse("job.yaml", "\
/// apiVersion: batch/v1
/// kind: Job
/// metadata: {name: migrate, annotations: {argocd.argoproj.io/hook: PreSync}}
/// ---
/// apiVersion: v1
/// kind: ConfigMap
/// metadata: {name: config}
/// ");
/// let plan = plan_sync(&manifests, &SyncOperation::new());
/// assert!(plan.steps[0].waits_for.contains(&StepWait::HookCompletion));
/// // The last step of a sync without hooks ends as soon as its calls went through.
/// assert!(plan.steps[1].waits_for.is_empty());
/// ```
///
/// Upstream: `Sync` in argo-cd@37ee009 `gitops-engine/pkg/sync/sync_context.go` (a step with hooks, or any step of
/// a multi-step sync, waits for its tasks; pruned objects must be gone; the previous instance of a hook with
/// BeforeHookCreation is deleted, and waited for, before anything of the step is applied; the last step without
/// hooks ends at once), `finalizeApplicationDeletion` in `controller/appcontroller.go`, and `execHook` in
/// helm@e9b85e4 `pkg/action/hooks.go` (each hook is waited for; the manifests are not, without `--wait`).
pub enum StepWait("step wait") {
    /// The previous instance of a hook with BeforeHookCreation must be gone before the step applies anything.
    PreviousInstanceDeletion = "previous-instance-deletion",
    /// The step's hooks must complete.
    HookCompletion = "hook-completion",
    /// The step's objects must be healthy.
    Health = "health",
    /// The objects the step pruned must be gone.
    PrunedDeletion = "pruned-deletion",
    /// The objects the step deletes (an Application deletion's wave) must be gone.
    Deletion = "deletion",
}
}

impl StepWait {
    /// In words, for tables: `hooks to complete`, `objects to be healthy`, ...
    ///
    /// ```
    /// use hookplan::plan::StepWait;
    /// assert_eq!(StepWait::HookCompletion.describe(), "hooks to complete");
    /// assert_eq!(StepWait::HookCompletion.as_str(), "hook-completion");
    /// ```
    pub fn describe(self) -> &'static str {
        match self {
            StepWait::PreviousInstanceDeletion => "previous hook instances to be deleted first",
            StepWait::HookCompletion => "hooks to complete",
            StepWait::Health => "objects to be healthy",
            StepWait::PrunedDeletion => "pruned objects to be gone",
            StepWait::Deletion => "deleted objects to be gone",
        }
    }
}

/// One batch: every task of one (phase, wave), in upstream apply order. A step completes before the next starts.
///
/// ```
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// use hookplan::plan::Phase;
/// let manifests = Manifests::parse("app.yaml", "\
/// apiVersion: apps/v1
/// kind: Deployment
/// metadata: {name: web, annotations: {argocd.argoproj.io/sync-wave: \"2\"}}
/// ---
/// apiVersion: v1
/// kind: Service
/// metadata: {name: web}
/// ---
/// apiVersion: v1
/// kind: ConfigMap
/// metadata: {name: config}
/// ");
/// let plan = plan_sync(&manifests, &SyncOperation::new());
/// let steps: Vec<(Phase, i64, Vec<&str>)> = plan
///     .steps
///     .iter()
///     .map(|step| (step.phase, step.wave, step.tasks.iter().map(|t| t.resource.kind.as_str()).collect()))
///     .collect();
/// // Wave 0 first, in kind order (ConfigMap before Service), then wave 2.
/// assert_eq!(steps, [(Phase::Sync, 0, vec!["ConfigMap", "Service"]), (Phase::Sync, 2, vec!["Deployment"])]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    /// What the step waits for, in order, before the next step starts; `[]` when it ends as soon as its calls
    /// went through (the last step of a sync without hooks, Helm's manifests without `--wait`).
    #[serde(default)]
    pub waits_for: Vec<StepWait>,
    /// The hooks deleted if this step's hook fails. Helm: the failed hook if `hook-failed`, then the earlier
    /// successful hooks of the event with `hook-succeeded`, in execution order. Argo CD Application deletion: every
    /// PreDelete or PostDelete hook of the step, each deleted if it turns Degraded, whatever its policy, so that
    /// the next pass creates it again. `[]` otherwise.
    pub on_failure_delete: Vec<ResourceRef>,
    /// The tasks, in execution order: prune tasks first (all at once), then the applies in upstream order.
    pub tasks: Vec<Task>,
}

/// The hooks deleted by policy when the whole operation ends.
///
/// ```
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// let manifests = Manifests::parse("job.yaml", "\
/// apiVersion: batch/v1
/// kind: Job
/// metadata:
///   name: smoke-test
///   annotations:
///     argocd.argoproj.io/hook: PostSync
///     argocd.argoproj.io/hook-delete-policy: HookSucceeded,HookFailed
/// ");
/// let deletion = plan_sync(&manifests, &SyncOperation::new()).hook_deletion;
/// assert_eq!(deletion.on_success[0].name.as_deref(), Some("smoke-test"));
/// assert_eq!(deletion.on_failure[0].name.as_deref(), Some("smoke-test"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Plan {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The engine.
    pub engine: Engine,
    /// The operation.
    pub operation: Operation,
    /// The engine release the plan follows: for Argo CD `MAJOR.MINOR[.PATCH]` ([`crate::argocd::ArgocdVersion`],
    /// e.g. `3.5`, `3.3.4`), for Helm `4`, `3` or `3.MINOR` ([`crate::helm::HelmVersion`]). The drivers follow it
    /// too. Empty in a plan written before the field existed, which then follows the newest release.
    #[serde(default)]
    pub engine_version: String,
    /// The batches in execution order.
    pub steps: Vec<Step>,
    /// The SyncFail hooks, run together only if the operation fails.
    pub sync_fail: Vec<Task>,
    /// Hooks deleted by policy when the operation ends.
    pub hook_deletion: HookDeletion,
    /// Documents and objects not planned, with the reason, ordered by source position.
    pub excluded: Vec<Excluded>,
    /// Whether [`Plan::diagnostics`] are before or after the rule configuration: a plan's are always
    /// `not-applied` (each at its rule's default severity); [`crate::config::LintConfig::apply`] applies it.
    #[serde(default)]
    pub rule_configuration: RuleConfiguration,
    /// Problems found, ordered by source position.
    pub diagnostics: Vec<Diagnostic>,
    /// Helm: what happens after the operation fails, as its flags say (`--atomic`, `--cleanup-on-fail`); `None`
    /// when nothing more happens. Serialised only when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_failure: Option<OnFailure>,
}

crate::vocabulary::vocabulary! {
/// What Helm does after a failed operation.
///
/// ```
/// use hookplan::plan::FailureAction;
/// assert_eq!(FailureAction::DeleteCreated.as_str(), "delete-created");
/// assert_eq!("rollback".parse::<FailureAction>(), Ok(FailureAction::Rollback));
/// ```
pub enum FailureAction("failure action") {
    /// `--atomic` (Helm 3) / `--rollback-on-failure` (Helm 4) on install: the release is uninstalled.
    Uninstall = "uninstall",
    /// `--atomic` / `--rollback-on-failure` on upgrade: the release is rolled back to its newest deployed or
    /// superseded revision.
    Rollback = "rollback",
    /// `--cleanup-on-fail` on upgrade: the objects this upgrade created are deleted.
    DeleteCreated = "delete-created",
}
}

/// Helm: what happens after a failed operation, in order.
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `failRelease` in `pkg/action/install.go` (uninstall with hooks
/// unless `--no-hooks`), `failRelease` in `pkg/action/upgrade.go` (`CleanupOnFail` deletes the created objects,
/// then `RollbackOnFailure`/`Atomic` rolls back).
///
/// ```
/// use hookplan::Manifests;
/// use hookplan::plan_helm;
/// use hookplan::helm::{HelmCommand, HelmOperation};
/// use hookplan::plan::FailureAction;
/// let chart = Manifests::parse("chart.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
/// let plan = plan_helm(&chart, &HelmOperation::new(HelmCommand::Install).rollback_on_failure(true));
/// let on_failure = plan.on_failure.unwrap();
/// assert_eq!(on_failure.actions, [FailureAction::Uninstall]);
/// assert!(on_failure.hooks, "the uninstall runs the pre- and post-delete hooks");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OnFailure {
    /// What Helm does, in order.
    pub actions: Vec<FailureAction>,
    /// Whether the uninstall or rollback runs its hooks (not with `--no-hooks`).
    pub hooks: bool,
    /// For `delete-created`: the objects the upgrade created (in the chart, not in the previous release).
    #[serde(default)]
    pub deletes: Vec<ResourceRef>,
}

impl Plan {
    /// The Argo CD release of an Argo CD plan ([`Plan::engine_version`], the newest when empty); `None` for a Helm
    /// plan.
    ///
    /// # Errors
    ///
    /// [`crate::ParseVersionError`] when the version text is not one [`crate::argocd::ArgocdVersion`] reads (`3.9`,
    /// `latest`).
    ///
    /// ```
    /// use hookplan::{Manifests, SyncOperation, plan_sync};
    /// let plan = plan_sync(&Manifests::new(), &SyncOperation::new().argocd_version("3.1".parse()?));
    /// assert_eq!((plan.engine_version.as_str(), plan.argocd_version()?.map(|v| v.minor())), ("3.1", Some(1)));
    /// # Ok::<(), hookplan::ParseVersionError>(())
    /// ```
    pub fn argocd_version(&self) -> Result<Option<crate::argocd::ArgocdVersion>, crate::ParseVersionError> {
        match self.engine {
            Engine::Helm => Ok(None),
            Engine::Argocd if self.engine_version.is_empty() => Ok(Some(crate::argocd::ArgocdVersion::NEWEST)),
            Engine::Argocd => self.engine_version.parse().map(Some),
        }
    }

    /// The Helm version of a Helm plan ([`Plan::engine_version`], Helm 4 when empty); `None` for an Argo CD plan.
    ///
    /// # Errors
    ///
    /// [`crate::ParseVersionError`] when the version text is not one [`crate::helm::HelmVersion`] reads (`2`,
    /// `3.99`).
    ///
    /// ```
    /// use hookplan::{Manifests, plan_helm};
    /// use hookplan::helm::{HelmCommand, HelmOperation, HelmVersion};
    /// let operation = HelmOperation::new(HelmCommand::Install).version(HelmVersion::V3Minor(12));
    /// let plan = plan_helm(&Manifests::new(), &operation);
    /// assert_eq!((plan.engine_version.as_str(), plan.helm_version()?), ("3.12", Some(HelmVersion::V3Minor(12))));
    /// assert_eq!(plan.argocd_version()?, None);
    /// # Ok::<(), hookplan::ParseVersionError>(())
    /// ```
    pub fn helm_version(&self) -> Result<Option<crate::helm::HelmVersion>, crate::ParseVersionError> {
        match self.engine {
            Engine::Argocd => Ok(None),
            Engine::Helm if self.engine_version.is_empty() => Ok(Some(crate::helm::HelmVersion::default())),
            Engine::Helm => self.engine_version.parse().map(Some),
        }
    }

    /// Every task of the steps, in execution order, with its step.
    ///
    /// ```
    /// use hookplan::{Manifests, SyncOperation, plan_sync};
    /// let manifests = Manifests::parse("app.yaml", "\
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata: {name: late, annotations: {argocd.argoproj.io/sync-wave: \"1\"}}
    /// ---
    /// apiVersion: v1
    /// kind: ConfigMap
    /// metadata: {name: early}
    /// ");
    /// let plan = plan_sync(&manifests, &SyncOperation::new());
    /// let order: Vec<(i64, &str)> = plan.tasks().map(|(step, task)| (step.wave, task.resource.name.as_deref().unwrap())).collect();
    /// assert_eq!(order, [(0, "early"), (1, "late")]);
    /// ```
    pub fn tasks(&self) -> impl Iterator<Item = (&Step, &Task)> {
        self.steps.iter().flat_map(|step| step.tasks.iter().map(move |task| (step, task)))
    }

    /// Whether any diagnostic is an error.
    ///
    /// ```
    /// use hookplan::{Manifests, SyncOperation, plan_sync};
    /// let bad = Manifests::parse("job.yaml", "\
    /// apiVersion: batch/v1
    /// kind: Job
    /// metadata: {name: j, annotations: {argocd.argoproj.io/hook: Presync}}
    /// ");
    /// let plan = plan_sync(&bad, &SyncOperation::new());
    /// assert!(plan.has_errors());
    /// assert_eq!(plan.diagnostics[0].rule.name, "unknown-hook-type");
    /// assert!(!plan_sync(&Manifests::new(), &SyncOperation::new()).has_errors());
    /// ```
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}
