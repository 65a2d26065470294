//! A task of an Argo CD sync being planned: everything about it but its place in the order, which the order's
//! slots (`order.rs`) hold.

use smol_str::SmolStr;

use crate::argocd::DeletePolicy;
use crate::argocd::sync_option::ResourceSyncOptions;
use crate::resource::Resource;

/// Everything about a task but its place in the order (see `order.rs`'s `Slot`).
pub(super) struct Draft<'a> {
    /// The target, or for a prune task the live object.
    pub(super) resource: &'a Resource,
    /// The name: as written, or generated for an unnamed hook when the operation names hooks.
    pub(super) name: Option<SmolStr>,
    /// What upstream sorts by when there is no name: "" (or, for an unnamed hook without naming, generateName).
    pub(super) unnamed_sort_name: &'a str,
    pub(super) namespace: Option<SmolStr>,
    pub(super) hook: bool,
    pub(super) policies: Vec<DeletePolicy>,
    /// The recognised items of `argocd.argoproj.io/sync-options`.
    pub(super) sync_options: Vec<String>,
    /// For a named hook: its previous instance in the live state.
    pub(super) live: Option<&'a Resource>,
    /// Whether the operation added the object (CreateNamespace).
    pub(super) synthesized: bool,
}

impl<'a> Draft<'a> {
    /// A non-hook task for `resource`, in its own namespace.
    pub(super) fn plain(resource: &'a Resource, synthesized: bool) -> Draft<'a> {
        Draft {
            resource,
            name: resource.name.clone(),
            unnamed_sort_name: "",
            namespace: resource.namespace.clone(),
            hook: false,
            policies: Vec::new(),
            sync_options: ResourceSyncOptions::recognised_items(&resource.annotations),
            live: None,
            synthesized,
        }
    }

    /// The name upstream sorts by.
    pub(super) fn sort_name(&self) -> &str {
        self.name.as_deref().unwrap_or(self.unnamed_sort_name)
    }
}
