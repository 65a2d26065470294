//! Per-resource sync options.

use serde::{Deserialize, Serialize};

use crate::annotations::{ARGOCD_SYNC_OPTIONS, Annotations, HELM_RESOURCE_POLICY, csv, option_value};

/// The sync options Argo CD reads per resource from `argocd.argoproj.io/sync-options` (CSV, exact and
/// case-sensitive matching), plus `helm.sh/resource-policy: keep`, which the controller treats as `Delete=false`.
///
/// `Prune=` and `Delete=` are read by value: the first `Prune=` item wins (`GetAnnotationOptionValue`). The
/// boolean options match whole items only (`HasAnnotationOption`): `Prune = false` or `PruneLast=yes` mean
/// nothing. Upstream (argo-cd@37ee009): `gitops-engine/pkg/sync/common/types.go`, `sync_context.go` (`isPruningDisabled`,
/// `pruneObject`), `controller/appcontroller.go` `shouldBeDeleted`.
///
/// ```
/// use hookplan::Annotations;
/// use hookplan::argocd::sync_option::ResourceSyncOptions;
/// let a: Annotations = [("argocd.argoproj.io/sync-options", "Prune=false, Replace=true")].into_iter().collect();
/// let options = ResourceSyncOptions::from_annotations(&a);
/// assert!(options.prune_disabled());
/// assert!(options.replace);
/// assert!(!options.force);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResourceSyncOptions {
    /// The value of the first `Prune=` item (`false`, `confirm`, `true`, or anything else as written).
    pub prune: Option<String>,
    /// The value of the first `Delete=` item (`false`, `confirm`, ...).
    pub delete: Option<String>,
    /// `PruneLast=true`: pruned after every other Sync-phase wave (read from the live object).
    pub prune_last: bool,
    /// `Replace=true`: replace (or create) instead of apply.
    pub replace: bool,
    /// `Force=true`: force apply or replace.
    pub force: bool,
    /// `ServerSideApply=true` gives `Some(true)`, `ServerSideApply=false` gives `Some(false)` (false wins).
    pub server_side_apply: Option<bool>,
    /// `Validate=false`: apply with `--validate=false`.
    pub validate_false: bool,
    /// `SkipDryRunOnMissingResource=true`: skip the dry-run when the kind is unknown to the API server.
    pub skip_dry_run_on_missing_resource: bool,
    /// `helm.sh/resource-policy` holds the item `keep`: never deleted on Application deletion.
    pub resource_policy_keep: bool,
}

/// Every `argocd.argoproj.io/sync-options` item that has an effect on a resource, exactly as Argo CD matches it
/// (`HasAnnotationOption`, exact and case-sensitive).
///
/// Upstream (argo-cd@37ee009): the option readers (`gitops-engine/pkg/sync/sync_context.go`,
/// `controller/sync.go`, `controller/state.go`); anything else has no effect.
pub const RECOGNISED_ITEMS: [&str; 14] = [
    "Prune=false",
    "Prune=confirm",
    "Prune=true",
    "Delete=false",
    "Delete=confirm",
    "Delete=true",
    "PruneLast=true",
    "Replace=true",
    "Force=true",
    "ServerSideApply=true",
    "ServerSideApply=false",
    "Validate=false",
    "Validate=true",
    "SkipDryRunOnMissingResource=true",
];

impl ResourceSyncOptions {
    /// Reads the options of one object.
    pub fn from_annotations(annotations: &Annotations) -> Self {
        let items = annotations.get(ARGOCD_SYNC_OPTIONS).map(csv).unwrap_or_default();
        let has = |item: &str| items.contains(&item);
        ResourceSyncOptions {
            prune: option_value(&items, "Prune").map(str::to_string),
            delete: option_value(&items, "Delete").map(str::to_string),
            prune_last: has("PruneLast=true"),
            replace: has("Replace=true"),
            force: has("Force=true"),
            server_side_apply: if has("ServerSideApply=false") {
                Some(false)
            } else if has("ServerSideApply=true") {
                Some(true)
            } else {
                None
            },
            validate_false: has("Validate=false"),
            skip_dry_run_on_missing_resource: has("SkipDryRunOnMissingResource=true"),
            resource_policy_keep: annotations
                .get(HELM_RESOURCE_POLICY)
                .is_some_and(|value| csv(value).contains(&"keep")),
        }
    }

    /// `Prune=false`: the prune task is skipped ("ignored (no prune)"); a resource value overrides the app's.
    pub fn prune_disabled(&self) -> bool {
        self.prune.as_deref() == Some("false")
    }

    /// `Prune=confirm`: pruning waits for the Application's `argocd.argoproj.io/deletion-approved`.
    pub fn prune_requires_confirmation(&self) -> bool {
        self.prune.as_deref() == Some("confirm")
    }

    /// `Delete=false` or `helm.sh/resource-policy: keep`: kept on Application cascade deletion (not on prune).
    pub fn delete_disabled(&self) -> bool {
        self.delete.as_deref() == Some("false") || self.resource_policy_keep
    }

    /// `Delete=confirm` or `Prune=confirm`: Application deletion waits for approval.
    pub fn delete_requires_confirmation(&self) -> bool {
        self.delete.as_deref() == Some("confirm") || self.prune_requires_confirmation()
    }

    /// The recognised items of `argocd.argoproj.io/sync-options`, in annotation order.
    pub fn recognised_items(annotations: &Annotations) -> Vec<String> {
        let items = annotations.get(ARGOCD_SYNC_OPTIONS).map(csv).unwrap_or_default();
        items.into_iter().filter(|item| RECOGNISED_ITEMS.contains(item)).map(str::to_string).collect()
    }
}
