//! An object's Argo CD metadata in one call.

use serde::{Deserialize, Serialize};

use crate::annotations::{
    ARGOCD_HOOK, ARGOCD_HOOK_DELETE_POLICY, ARGOCD_SYNC_OPTIONS, ARGOCD_SYNC_WAVE, HELM_HOOK, HELM_HOOK_DELETE_POLICY,
    HELM_HOOK_WEIGHT, csv,
};
use crate::argocd::delete_policy::delete_policies;
use crate::argocd::helm_hook;
use crate::argocd::hook::{
    HookClass, argocd_hook_types, is_post_delete_hook_in, is_pre_delete_hook_in, with_helm_fallback,
};
use crate::argocd::sync_option::ResourceSyncOptions;
use crate::argocd::wave::sync_wave;
use crate::argocd::{ArgocdVersion, DeletePolicy, HookType, SyncPhase};
use crate::goconv::atoi;
use crate::location::Location;
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
    /// A PreDelete or PostDelete hook the controller keeps out of the sync ([`HookClass::delete_only`]).
    pub delete_only: bool,
    /// The valid types of `argocd.argoproj.io/hook` alone, before the Helm fallback
    /// ([`crate::argocd::hook::argocd_hook_types`]).
    pub argocd_hook_types: Vec<HookType>,
    /// The Argo CD types of `helm.sh/hook`'s events ([`crate::argocd::helm_hook::hook_types`]).
    pub helm_hook_types: Vec<HookType>,
    /// `helm.sh/hook-weight` as Argo CD reads it ([`crate::argocd::helm_hook::weight`]): `None` when absent or not
    /// an integer to Go's `Atoi`.
    pub helm_weight: Option<i64>,
    /// Whether `argocd.argoproj.io/sync-wave` is present and an integer to Go's `Atoi`: the wave is its value.
    pub wave_valid: bool,
    /// The items of `argocd.argoproj.io/hook` as written ([`crate::annotations::csv`]), known or not, each where
    /// the annotation sits: what a rule reports an unknown hook type from.
    pub hook_items: Vec<AnnotationItem>,
    /// The items of `argocd.argoproj.io/sync-options` as written, recognised or not, each where the annotation
    /// sits.
    pub sync_option_items: Vec<AnnotationItem>,
    /// The items of `helm.sh/hook` as Argo CD splits them ([`crate::annotations::csv`]: trimmed, case kept), known
    /// or not, each where the annotation sits.
    pub helm_hook_items: Vec<AnnotationItem>,
    /// The sync options as Argo CD reads them per resource ([`ResourceSyncOptions::from_annotations`]).
    pub options: ResourceSyncOptions,
    /// Where each value came from, annotation by annotation.
    pub locations: ArgocdLocations,
}

/// One item of a comma-separated annotation value as written (trimmed, as [`crate::annotations::csv`] gives it),
/// and where the annotation sits (the line of its entry: every item of one value shares it).
///
/// ```
/// use hookplan::{Location, Resource};
/// let job = Resource::new("batch/v1", "Job", Some("j"), Location::new("job.yaml", 0, 1, 1))
///     .with_annotation("argocd.argoproj.io/hook", "PreSync, Presync");
/// let items = hookplan::argocd::metadata(&job).hook_items;
/// assert_eq!(items[1].text, "Presync");
/// assert_eq!(items[1].location.line, 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AnnotationItem {
    /// The item as written, trimmed.
    pub text: String,
    /// Where the annotation holding it sits.
    pub location: Location,
}

/// Where the values of [`ArgocdMetadata`] came from: the location of the annotation each was read from (the line
/// of its entry), `None` when the value is a default that no annotation gave.
///
/// ```
/// use hookplan::Manifests;
/// let m = Manifests::parse("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    \
///     argocd.argoproj.io/sync-wave: \"3\"\n");
/// let metadata = hookplan::argocd::metadata(&m.resources()[0]);
/// assert_eq!((metadata.wave, metadata.locations.wave.map(|at| at.line)), (3, Some(6)));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ArgocdLocations {
    /// The annotation the hook types were read from: `argocd.argoproj.io/hook`, else (the Helm fallback)
    /// `helm.sh/hook`.
    pub hook_types: Option<Location>,
    /// The annotation the wave was read from: `argocd.argoproj.io/sync-wave`, else `helm.sh/hook-weight`.
    pub wave: Option<Location>,
    /// For each of [`ArgocdMetadata::delete_policies`], the annotation it was read from; empty when the policies
    /// are the default.
    pub delete_policies: Vec<Location>,
    /// `argocd.argoproj.io/sync-options`.
    pub sync_options: Option<Location>,
    /// `helm.sh/hook`.
    pub helm_hook: Option<Location>,
    /// `helm.sh/hook-weight`.
    pub helm_weight: Option<Location>,
}

impl ArgocdMetadata {
    /// The items of `argocd.argoproj.io/hook` that are no value Argo CD acts on
    /// ([`crate::argocd::hook::hook_values`]): typos, wrong case.
    pub fn unknown_hook_items(&self) -> impl Iterator<Item = &AnnotationItem> {
        self.hook_items.iter().filter(|item| !crate::argocd::hook::hook_values().any(|v| v == item.text))
    }

    /// Whether the object runs in any sync phase.
    pub fn runs(&self) -> bool {
        !self.phases.is_empty()
    }
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
    let at = |key: &str| annotations.contains(key).then(|| resource.annotation_location(key).clone());
    let items = |key: &str| -> Vec<AnnotationItem> {
        annotations
            .get(key)
            .map(csv)
            .unwrap_or_default()
            .into_iter()
            .map(|text| AnnotationItem { text: text.to_string(), location: resource.annotation_location(key).clone() })
            .collect()
    };
    let argocd_types = argocd_hook_types(annotations);
    let helm_types = helm_hook::hook_types(annotations);
    let hook_types = with_helm_fallback(argocd_types.clone(), || helm_types.clone());
    let wave_valid = annotations.get(ARGOCD_SYNC_WAVE).is_some_and(|value| atoi(value).is_ok());
    let helm_weight = annotations.get(HELM_HOOK_WEIGHT).and_then(|value| atoi(value).ok());
    let delete_policies = delete_policies(annotations);
    // `delete_policies` lists the Argo CD annotation's valid values, then the Helm one's; the default otherwise.
    let argocd_policies = annotations
        .get(ARGOCD_HOOK_DELETE_POLICY)
        .map_or(0, |value| csv(value).into_iter().filter(|item| DeletePolicy::parse(item).is_some()).count());
    let helm_policies = helm_hook::delete_policies(annotations).len();
    let policy_locations = if argocd_policies + helm_policies == 0 {
        Vec::new()
    } else {
        let argocd_at = resource.annotation_location(ARGOCD_HOOK_DELETE_POLICY);
        let helm_at = resource.annotation_location(HELM_HOOK_DELETE_POLICY);
        std::iter::repeat_n(argocd_at, argocd_policies)
            .chain(std::iter::repeat_n(helm_at, helm_policies))
            .cloned()
            .collect()
    };
    let locations = ArgocdLocations {
        hook_types: if argocd_types.is_empty() {
            if helm_types.is_empty() { None } else { at(HELM_HOOK) }
        } else {
            at(ARGOCD_HOOK)
        },
        wave: if wave_valid {
            at(ARGOCD_SYNC_WAVE)
        } else if helm_weight.is_some() {
            at(HELM_HOOK_WEIGHT)
        } else {
            None
        },
        delete_policies: policy_locations,
        sync_options: at(ARGOCD_SYNC_OPTIONS),
        helm_hook: at(HELM_HOOK),
        helm_weight: at(HELM_HOOK_WEIGHT),
    };
    ArgocdMetadata {
        hook: class.hook,
        hook_types,
        skip: class.skip,
        ignored: class.ignored,
        phases: class.phases().collect(),
        pre_delete: is_pre_delete_hook_in(annotations, version),
        post_delete: is_post_delete_hook_in(annotations, version),
        wave: sync_wave(annotations),
        delete_policies,
        sync_options: ResourceSyncOptions::recognised_items(annotations),
        delete_only: class.delete_only,
        argocd_hook_types: argocd_types,
        helm_hook_types: helm_types,
        helm_weight,
        wave_valid,
        hook_items: items(ARGOCD_HOOK),
        sync_option_items: items(ARGOCD_SYNC_OPTIONS),
        helm_hook_items: items(HELM_HOOK),
        options: ResourceSyncOptions::from_annotations(annotations),
        locations,
    }
}
