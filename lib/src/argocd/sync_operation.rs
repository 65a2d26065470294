//! The parameters of an Argo CD sync operation.

use crate::argocd::{ArgocdMetadata, ArgocdVersion};
use crate::resource::ResourceKey;

/// The parameters of the sync operation that change the plan, as an Argo CD Application and its sync operation
/// set them.
///
/// ```
/// use hookplan::{ResourceKey, SyncOperation};
/// let op = SyncOperation::new()
///     .namespace("shop")
///     .revision("a1b2c3d4e5", 1_700_000_000)
///     .prune(true)
///     .option("PruneLast=true");
/// assert!(op.has_option("PruneLast=true"));
/// assert_eq!(op.option_value("Prune"), None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SyncOperation {
    /// The Application's destination namespace: every object without a namespace gets it, cluster-scoped
    /// objects included.
    pub destination_namespace: Option<String>,
    /// The sync revision and the operation start (Unix seconds) that name unnamed hooks.
    /// Without them, unnamed hooks show `name: null` and sort by their generateName (the real name appends a
    /// postfix that starts with the revision, which can only matter against a named hook whose name extends the
    /// same generateName).
    pub naming: Option<(String, i64)>,
    /// The operation's prune flag. Without it, prune tasks are skipped ("ignored (requires pruning)") but keep
    /// their place in the wave order.
    pub prune: bool,
    /// The Application's sync options (`spec.syncPolicy.syncOptions`), matched exactly as upstream does:
    /// `PruneLast=true`, `Prune=false|confirm`, `Delete=false|confirm`, `ApplyOutOfSyncOnly=true`,
    /// `CreateNamespace=true`, ...
    pub options: Vec<String>,
    /// Selective sync: only these resources (and their prunes) are synced, and no hook runs at all.
    pub selected: Option<Vec<ResourceKey>>,
    /// For ApplyOutOfSyncOnly: the resources whose live state already matches the target.
    pub unchanged: Vec<ResourceKey>,
    /// Whether the Application's `argocd.argoproj.io/deletion-approved` confirms `Prune=confirm` and
    /// `Delete=confirm` for this operation.
    pub deletion_approved: bool,
    /// Whether the Application syncs automatically with self-heal (`automated.selfHeal`): every drift correction
    /// is a sync that runs the hooks again.
    pub self_heal: bool,
    /// The `apply` sync strategy (`argocd app sync --strategy apply`, `syncStrategy.apply`) instead of `hook`: no
    /// hook runs, SyncFail hooks included. Upstream (argo-cd@37ee009): `controller/sync.go` passes
    /// `syncOp.IsApplyStrategy() || len(syncOp.Resources) > 0` as `skipHooks`, and `getSyncTasks` in
    /// `gitops-engine/pkg/sync/sync_context.go` then makes no hook task.
    pub apply_strategy: bool,
    /// For [`crate::plan_delete`]: a non-cascading deletion (`argocd app delete --cascade=false`, no
    /// `resources-finalizer.argocd.argoproj.io`): the PreDelete and PostDelete hooks run, the resources stay.
    /// Upstream (argo-cd@37ee009): `finalizeApplicationDeletion` in `controller/appcontroller.go` deletes the live
    /// objects only `if app.CascadedDeletion()`, and runs the hooks of both finalizers either way.
    pub non_cascading: bool,
    /// The Argo CD release that runs the operation (default: the newest hookplan follows). What changed between
    /// releases is listed on [`ArgocdVersion`].
    pub argocd_version: ArgocdVersion,
}

/// Whether a prune (or an Application deletion) of one object is disabled, and whether it waits for the
/// Application's `argocd.argoproj.io/deletion-approved`. Before v3.4 both can hold at once (`Prune=false` and
/// `Prune=confirm` both written).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct DeletionGate {
    pub(crate) disabled: bool,
    pub(crate) confirm: bool,
}

impl SyncOperation {
    /// The default operation: no destination namespace, no hook naming, no prune, no options.
    ///
    /// ```
    /// use hookplan::SyncOperation;
    /// use hookplan::argocd::ArgocdVersion;
    /// let op = SyncOperation::new();
    /// assert_eq!((op.destination_namespace, op.prune, op.argocd_version), (None, false, ArgocdVersion::NEWEST));
    /// ```
    pub fn new() -> Self {
        SyncOperation::default()
    }

    /// The operation an Application's automated sync runs: its destination namespace, its sync options, the
    /// automated sync's prune flag and self-heal. Builder calls after this one override it, as explicit CLI flags
    /// do.
    ///
    /// ```
    /// use hookplan::SyncOperation;
    /// use hookplan::argocd::Application;
    /// let app = Application::parse("app.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: Application\n\
    ///     spec: {destination: {namespace: shop}, syncPolicy: {automated: {prune: true}, syncOptions: [PruneLast=true]}}\n")?;
    /// let op = SyncOperation::new().application(&app);
    /// assert_eq!((op.destination_namespace.as_deref(), op.prune, op.has_option("PruneLast=true")), (Some("shop"), true, true));
    /// # Ok::<(), hookplan::argocd::ApplicationError>(())
    /// ```
    pub fn application(mut self, application: &crate::argocd::Application) -> Self {
        if let Some(namespace) = &application.destination_namespace {
            self.destination_namespace = Some(namespace.clone());
        }
        self.options.extend(application.sync_options.iter().cloned());
        if let Some(automated) = application.automated {
            self.prune = automated.prune;
            self.self_heal = automated.self_heal;
        }
        self
    }

    /// Sets the destination namespace.
    ///
    /// ```
    /// use hookplan::{Manifests, SyncOperation, plan_sync};
    /// let cm = Manifests::parse("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
    /// let plan = plan_sync(&cm, &SyncOperation::new().namespace("shop"));
    /// assert_eq!(plan.steps[0].tasks[0].resource.namespace.as_deref(), Some("shop"));
    /// ```
    pub fn namespace(mut self, namespace: &str) -> Self {
        self.destination_namespace = Some(namespace.to_string());
        self
    }

    /// Sets the revision and start time (Unix seconds) used to name unnamed hooks.
    ///
    /// ```
    /// use hookplan::{Manifests, SyncOperation, plan_sync};
    /// let hook = Manifests::parse("hook.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: x\n\
    ///     \x20 annotations: {argocd.argoproj.io/hook: PreSync}\n");
    /// let unnamed = plan_sync(&hook, &SyncOperation::new());
    /// assert_eq!(unnamed.steps[0].tasks[0].resource.name, None);
    /// // With a revision and a start time, the plan names the hook as Argo CD will.
    /// let named = plan_sync(&hook, &SyncOperation::new().revision("abc1234def", 1_700_000_000));
    /// assert!(named.steps[0].tasks[0].resource.name.is_some());
    /// ```
    pub fn revision(mut self, revision: &str, started_at_unix: i64) -> Self {
        self.naming = Some((revision.to_string(), started_at_unix));
        self
    }

    /// Sets the Argo CD release that runs the operation.
    ///
    /// ```
    /// use hookplan::{Manifests, SyncOperation, plan_sync};
    /// use hookplan::argocd::ArgocdVersion;
    /// let hook = Manifests::parse("hook.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: backup\n\
    ///     \x20 annotations: {argocd.argoproj.io/hook: PreDelete}\n");
    /// // Before v3.3.0 Argo CD does not know PreDelete: the engine drops the object as a hook without a usable type.
    /// let old = plan_sync(&hook, &SyncOperation::new().argocd_version("3.2".parse::<ArgocdVersion>()?));
    /// assert_eq!(old.excluded[0].reason.as_str(), "no-sync-phase");
    /// let new = plan_sync(&hook, &SyncOperation::new());
    /// assert_eq!(new.excluded[0].reason.as_str(), "delete-hook");
    /// # Ok::<(), hookplan::ParseVersionError>(())
    /// ```
    pub fn argocd_version(mut self, version: ArgocdVersion) -> Self {
        self.argocd_version = version;
        self
    }

    /// Sets the prune flag.
    ///
    /// ```
    /// use hookplan::{Manifests, SyncOperation, plan_sync_with_live};
    /// let live = Manifests::parse("live.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: old}\n");
    /// let skipped = |op: &SyncOperation| plan_sync_with_live(&Manifests::new(), &live, op).steps[0].tasks[0].skipped;
    /// assert!(skipped(&SyncOperation::new()).is_some(), "without --prune, the prune is skipped");
    /// assert_eq!(skipped(&SyncOperation::new().prune(true)), None);
    /// ```
    pub fn prune(mut self, prune: bool) -> Self {
        self.prune = prune;
        self
    }

    /// Adds an Application sync option, e.g. `PruneLast=true`.
    ///
    /// ```
    /// use hookplan::SyncOperation;
    /// let op = SyncOperation::new().option("PruneLast=true").option("ApplyOutOfSyncOnly=true");
    /// assert!(op.has_option("PruneLast=true"));
    /// assert_eq!(op.option_value("ApplyOutOfSyncOnly"), Some("true"));
    /// ```
    pub fn option(mut self, option: &str) -> Self {
        self.options.push(option.to_string());
        self
    }

    /// Syncs only these resources (selective sync).
    ///
    /// ```
    /// use hookplan::{ExclusionReason, Manifests, ResourceKey, SyncOperation, plan_sync};
    /// let manifests = Manifests::parse("app.yaml", "{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n---\n{apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n");
    /// let plan = plan_sync(&manifests, &SyncOperation::new().select(vec!["/ConfigMap//a".parse::<ResourceKey>()?]));
    /// assert_eq!(plan.tasks().count(), 1);
    /// assert_eq!(plan.excluded[0].reason, ExclusionReason::NotSelected);
    /// # Ok::<(), hookplan::ParseKeyError>(())
    /// ```
    pub fn select(mut self, keys: Vec<ResourceKey>) -> Self {
        self.selected = Some(keys);
        self
    }

    /// Marks these resources as unchanged (for ApplyOutOfSyncOnly).
    ///
    /// ```
    /// use hookplan::{ExclusionReason, Manifests, ResourceKey, SyncOperation, plan_sync_with_live};
    /// let manifests = Manifests::parse("app.yaml", "{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n");
    /// let live = manifests.clone();
    /// let op = SyncOperation::new()
    ///     .option("ApplyOutOfSyncOnly=true")
    ///     .unchanged(vec![ResourceKey::new("", "ConfigMap", None, Some("a"))]);
    /// // Left out only when it is live and unchanged.
    /// let plan = plan_sync_with_live(&manifests, &live, &op);
    /// assert_eq!(plan.tasks().count(), 0);
    /// assert_eq!(plan.excluded[0].reason, ExclusionReason::Unchanged);
    /// ```
    pub fn unchanged(mut self, keys: Vec<ResourceKey>) -> Self {
        self.unchanged = keys;
        self
    }

    /// The `apply` sync strategy: no hook runs (see [`SyncOperation::apply_strategy`]).
    ///
    /// ```
    /// use hookplan::{ExclusionReason, Manifests, SyncOperation, plan_sync};
    /// let hook = Manifests::parse("hook.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n\
    ///     \x20 annotations: {argocd.argoproj.io/hook: PreSync}\n");
    /// let plan = plan_sync(&hook, &SyncOperation::new().apply_strategy(true));
    /// assert_eq!(plan.tasks().count(), 0);
    /// assert_eq!(plan.excluded[0].reason, ExclusionReason::ApplyStrategy);
    /// ```
    pub fn apply_strategy(mut self, apply: bool) -> Self {
        self.apply_strategy = apply;
        self
    }

    /// A non-cascading Application deletion: the hooks run, the resources stay (see
    /// [`SyncOperation::non_cascading`]).
    ///
    /// ```
    /// use hookplan::{ExclusionReason, Manifests, SyncOperation, plan_delete};
    /// let live = Manifests::parse("live.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: old}\n");
    /// let plan = plan_delete(&Manifests::new(), &live, &SyncOperation::new().non_cascading(true));
    /// assert_eq!(plan.tasks().count(), 0);
    /// assert_eq!(plan.excluded[0].reason, ExclusionReason::NonCascading);
    /// ```
    pub fn non_cascading(mut self, non_cascading: bool) -> Self {
        self.non_cascading = non_cascading;
        self
    }

    /// Confirms `Prune=confirm` and `Delete=confirm` deletions.
    ///
    /// ```
    /// use hookplan::{Manifests, SyncOperation, plan_sync_with_live};
    /// let live = Manifests::parse("live.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: old\n\
    ///     \x20 annotations: {argocd.argoproj.io/sync-options: Prune=confirm}\n");
    /// let waits = |op: SyncOperation| plan_sync_with_live(&Manifests::new(), &live, &op.prune(true)).steps[0].waits_for_confirmation;
    /// assert!(waits(SyncOperation::new()));
    /// assert!(!waits(SyncOperation::new().deletion_approved(true)));
    /// ```
    pub fn deletion_approved(mut self, approved: bool) -> Self {
        self.deletion_approved = approved;
        self
    }

    /// Whether the Application has exactly this sync option (`SyncOptions.HasOption`, an exact match).
    ///
    /// ```
    /// use hookplan::SyncOperation;
    /// let op = SyncOperation::new().option("PruneLast=true");
    /// assert!(op.has_option("PruneLast=true"));
    /// assert!(!op.has_option("prunelast=true"), "an exact match");
    /// ```
    pub fn has_option(&self, option: &str) -> bool {
        self.options.iter().any(|o| o == option)
    }

    /// The value of the first Application sync option `key=value` (`SyncOptions.GetOptionValue`).
    ///
    /// ```
    /// use hookplan::SyncOperation;
    /// let op = SyncOperation::new().option("Prune=confirm").option("Prune=false");
    /// assert_eq!(op.option_value("Prune"), Some("confirm"));
    /// assert_eq!(op.option_value("Replace"), None);
    /// ```
    pub fn option_value(&self, key: &str) -> Option<&str> {
        self.options.iter().find_map(|o| o.strip_prefix(key).and_then(|rest| rest.strip_prefix('=')))
    }

    /// How pruning the live object `live` is gated. From v3.4 by the object's first `Prune=` value, else the
    /// Application's (`isPruningDisabled`, `objRequiresPruneConfirmation` in argo-cd@37ee009
    /// `gitops-engine/pkg/sync/sync_context.go`); before, by the object's exact items `Prune=false` and (from
    /// v2.14) `Prune=confirm` (`pruneObject` and `runTasks` in argoproj/gitops-engine `pkg/sync/sync_context.go`
    /// at `c19f8cf`, pinned by Argo CD v2.14.0).
    pub(crate) fn prune_gate(&self, live: &ArgocdMetadata) -> DeletionGate {
        let version = self.argocd_version;
        if version.prune_and_delete_values() {
            let own = &live.options.prune;
            let value = own.as_deref().or_else(|| self.option_value("Prune"));
            DeletionGate { disabled: value == Some("false"), confirm: value == Some("confirm") }
        } else {
            DeletionGate {
                disabled: has_sync_option(live, "Prune=false"),
                confirm: version.deletion_confirmation() && has_sync_option(live, "Prune=confirm"),
            }
        }
    }

    /// How deleting `object` with the Application is gated. From v3.4: disabled by its first `Delete=` value
    /// (else the Application's) `false`; waiting for approval when that value, or the `Prune=` one, is `confirm`
    /// (`shouldBeDeleted` in argo-cd@37ee009 `controller/appcontroller.go`, `isObjRequiresDeletionConfirmation`
    /// in `controller/state.go`, upstream test `Test_isObjRequiresDeletionConfirmation`). Before: the exact items
    /// `Delete=false` and (from v2.14) `Delete=confirm` (argo-cd v2.14.0 `controller/state.go`,
    /// `RequiresDeletionConfirmation`).
    pub(crate) fn delete_gate(&self, object: &ArgocdMetadata) -> DeletionGate {
        let version = self.argocd_version;
        if version.prune_and_delete_values() {
            let own = &object.options;
            let delete = own.delete.as_deref().or_else(|| self.option_value("Delete"));
            let prune = own.prune.as_deref().or_else(|| self.option_value("Prune"));
            DeletionGate {
                disabled: delete == Some("false"),
                confirm: delete == Some("confirm") || prune == Some("confirm"),
            }
        } else {
            DeletionGate {
                disabled: has_sync_option(object, "Delete=false"),
                confirm: version.deletion_confirmation() && has_sync_option(object, "Delete=confirm"),
            }
        }
    }
}

/// Whether `argocd.argoproj.io/sync-options` holds exactly `item` (`HasAnnotationOption`), one of the recognised
/// items.
fn has_sync_option(object: &ArgocdMetadata, item: &str) -> bool {
    object.sync_options.iter().any(|option| option == item)
}
