//! A task of an Argo CD sync being planned: everything about it but its place in the order, which the order's
//! slots (`order.rs`) hold.

use smol_str::SmolStr;

use crate::argocd::{ArgocdMetadata, DeletePolicy};
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
    /// The object's Argo CD metadata (its sync options, its prune and delete gates).
    pub(super) metadata: &'a ArgocdMetadata,
    /// For a named hook: its previous instance in the live state.
    pub(super) live: Option<&'a Resource>,
    /// Whether the operation added the object (CreateNamespace).
    pub(super) synthesized: bool,
}

impl<'a> Draft<'a> {
    /// A non-hook task for `resource`, of this metadata, in its own namespace.
    pub(super) fn plain(resource: &'a Resource, metadata: &'a ArgocdMetadata, synthesized: bool) -> Draft<'a> {
        Draft {
            resource,
            name: resource.name.clone(),
            unnamed_sort_name: "",
            namespace: resource.namespace.clone(),
            hook: false,
            policies: Vec::new(),
            metadata,
            live: None,
            synthesized,
        }
    }

    /// The name upstream sorts by.
    pub(super) fn sort_name(&self) -> &str {
        self.name.as_deref().unwrap_or(self.unnamed_sort_name)
    }
}
