//! An object's Argo CD metadata in one call.

use serde::{Deserialize, Serialize};

use crate::argocd::delete_policy::delete_policies;
use crate::argocd::hook::{HookClass, hook_types, is_post_delete_hook_in, is_pre_delete_hook_in};
use crate::argocd::sync_option::ResourceSyncOptions;
use crate::argocd::wave::sync_wave;
use crate::argocd::{ArgocdVersion, DeletePolicy, HookType, SyncPhase};
use crate::resource::Resource;

/// What Argo CD reads from one object's annotations: each field is the answer of the rule function named in
/// its doc, so this is a view of those rules, never a second implementation.
///
/// ```
/// use hookplan::{Location, Resource};
/// use hookplan::argocd::{metadata, DeletePolicy, HookType, SyncPhase};
/// let job = Resource::new("batch/v1", "Job", Some("migrate"), Location::new("job.yaml", 0, 1, 1))
///     .with_annotation("argocd.argoproj.io/hook", "PreSync,Presync")
///     .with_annotation("argocd.argoproj.io/sync-wave", "-1")
///     .with_annotation("argocd.argoproj.io/sync-options", "Prune=false");
/// let m = metadata(&job);
/// assert!(m.hook);
/// assert_eq!(m.hook_types, [HookType::PreSync]);
/// assert_eq!(m.phases, [SyncPhase::PreSync]);
/// assert_eq!((m.wave, m.delete_policies.as_slice()), (-1, &[DeletePolicy::BeforeHookCreation][..]));
/// assert_eq!(m.sync_options, ["Prune=false"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ArgocdMetadata {
    /// Whether Argo CD treats the object as a hook ([`crate::argocd::hook::is_hook`]).
    pub hook: bool,
    /// The hook types, after the Helm fallback ([`crate::argocd::hook::hook_types`]).
    pub hook_types: Vec<HookType>,
    /// `Skip` ([`crate::argocd::hook::is_skip`]).
    pub skip: bool,
    /// A hook Argo CD drops for lack of a usable type ([`crate::argocd::hook::is_ignored`]).
    pub ignored: bool,
    /// The sync phases it runs in ([`crate::argocd::hook::sync_phases`]).
    pub phases: Vec<SyncPhase>,
    /// A PreDelete hook ([`crate::argocd::hook::is_pre_delete_hook_in`]).
    pub pre_delete: bool,
    /// A PostDelete hook ([`crate::argocd::hook::is_post_delete_hook_in`]).
    pub post_delete: bool,
    /// The sync wave, before Namespace/CRD adjustment ([`crate::argocd::wave::sync_wave`]).
    pub wave: i64,
    /// The effective delete policies, defaults applied ([`crate::argocd::delete_policy::delete_policies`]).
    pub delete_policies: Vec<DeletePolicy>,
    /// The recognised sync option items ([`ResourceSyncOptions::recognised_items`]).
    pub sync_options: Vec<String>,
}

/// The Argo CD metadata of `resource`, as the newest release reads it ([`metadata_in`]). See [`ArgocdMetadata`].
///
/// Argo CD reads [`Resource::annotations`]: when one annotation value is not a string, Kubernetes'
/// `GetAnnotations` returns none at all, and the object has no Argo CD metadata (where Helm, through
/// [`crate::helm::metadata`], reads the value as text).
pub fn metadata(resource: &Resource) -> ArgocdMetadata {
    metadata_in(resource, ArgocdVersion::NEWEST)
}

/// [`metadata`] as Argo CD `version` reads the annotations. Of these fields only `pre_delete` and `post_delete`
/// changed between v2.10 and v3.5 (the sync engine's reading did not).
///
/// ```
/// use hookplan::{Location, Resource};
/// use hookplan::argocd::{metadata_in, ArgocdVersion};
/// let hook = Resource::new("batch/v1", "Job", Some("cleanup"), Location::new("job.yaml", 0, 1, 1))
///     .with_annotation("argocd.argoproj.io/hook", "PreDelete");
/// assert!(metadata_in(&hook, ArgocdVersion::NEWEST).pre_delete);
/// assert!(!metadata_in(&hook, "3.2".parse()?).pre_delete);
/// # Ok::<(), hookplan::ParseVersionError>(())
/// ```
pub fn metadata_in(resource: &Resource, version: ArgocdVersion) -> ArgocdMetadata {
    let annotations = &resource.annotations;
    // One classification answers `is_hook`, `is_skip`, `is_ignored` and `sync_phases`: the hook annotations are
    // read once.
    let class = HookClass::of_version(annotations, version);
    ArgocdMetadata {
        hook: class.hook,
        hook_types: hook_types(annotations),
        skip: class.skip,
        ignored: class.ignored,
        phases: class.phases().collect(),
        pre_delete: is_pre_delete_hook_in(annotations, version),
        post_delete: is_post_delete_hook_in(annotations, version),
        wave: sync_wave(annotations),
        delete_policies: delete_policies(annotations),
        sync_options: ResourceSyncOptions::recognised_items(annotations),
    }
}
