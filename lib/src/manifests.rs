//! The input set: every document read, turned into resources, exclusions and diagnostics.

use smol_str::SmolStr;
use std::sync::Arc;

use indexmap::IndexMap;

use crate::annotations::Annotations;
use crate::diagnostic::{Diagnostic, rules};
use crate::limits::Limits;
use crate::location::Location;
use crate::resource::{ApiVersion, Excluded, ExclusionReason, ObjectReference, Resource, ResourceRef};
use crate::source::{self, RawEntry, RawObject, RawValue};

/// The manifests to plan: every input read into [`Resource`]s, documents that are not resources in
/// [`Manifests::excluded`], and problems in [`Manifests::diagnostics`]. Reading never fails and never stops at
/// the first problem: nothing is lost, every document ends up as a resource, an exclusion or an error.
///
/// ```
/// use hookplan::Manifests;
/// let mut manifests = Manifests::new();
/// manifests.read("app.yaml", b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n---\nkind: [\n");
/// assert_eq!(manifests.resources().len(), 1);
/// assert_eq!(manifests.diagnostics()[0].rule.name, "unreadable-document");
/// assert_eq!(manifests.diagnostics()[0].location.line, 6);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Manifests {
    limits: Limits,
    resources: Vec<Resource>,
    excluded: Vec<Excluded>,
    diagnostics: Vec<Diagnostic>,
    /// Whether some resource sits before the one added ahead of it (only [`Manifests::push`] can do that).
    out_of_order: bool,
}

impl Manifests {
    /// An empty set that reads inputs within the default [`Limits`].
    ///
    /// ```
    /// use hookplan::Manifests;
    /// let manifests = Manifests::new();
    /// assert!(manifests.resources().is_empty() && manifests.excluded().is_empty() && manifests.diagnostics().is_empty());
    /// ```
    pub fn new() -> Self {
        Manifests::default()
    }

    /// An empty set that reads inputs within `limits`.
    ///
    /// ```
    /// use hookplan::{Limits, Manifests};
    /// let mut manifests = Manifests::with_limits(Limits::default().max_documents(2));
    /// manifests.read("three.yaml", b"{apiVersion: v1, kind: Namespace, metadata: {name: a}}\n---\n{apiVersion: v1, kind: Namespace, metadata: {name: b}}\n---\n{apiVersion: v1, kind: Namespace, metadata: {name: c}}\n");
    /// assert_eq!(manifests.resources().len(), 2);
    /// assert_eq!(manifests.diagnostics()[0].location.document, 2);
    /// ```
    pub fn with_limits(limits: Limits) -> Self {
        Manifests { limits, ..Manifests::default() }
    }

    /// Reads one input: a YAML stream of one or more documents, or a JSON document. `file` is the name used in
    /// locations (`-` for standard input). Problems become diagnostics; see the `source` decisions in the crate
    /// docs.
    pub fn read(&mut self, file: &str, bytes: &[u8]) -> &mut Self {
        let file: Arc<str> = Arc::from(file);
        let mut out = source::ReadOutput::default();
        let limits = self.limits;
        // The reader's diagnostics come before those of the resources built from its objects (the order they
        // always had); each object becomes a resource as soon as its document is read.
        let first_own = self.diagnostics.len();
        source::read(&file, bytes, &limits, &mut out, &mut |raw| self.add_raw(raw));
        self.diagnostics.splice(first_own..first_own, out.diagnostics);
        self
    }

    /// Reads one input held in a string; shorthand for [`Manifests::read`] on a fresh set.
    ///
    /// ```
    /// use hookplan::Manifests;
    /// let manifests = Manifests::parse("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n");
    /// assert_eq!(manifests.resources()[0].name.as_deref(), Some("settings"));
    /// assert_eq!(&*manifests.resources()[0].location.file, "cm.yaml");
    /// ```
    pub fn parse(file: &str, text: &str) -> Manifests {
        let mut manifests = Manifests::new();
        manifests.read(file, text.as_bytes());
        manifests
    }

    /// Adds an already-built resource.
    ///
    /// ```
    /// use hookplan::{Location, Manifests, Resource, SyncOperation, plan_sync};
    /// let mut manifests = Manifests::new();
    /// manifests.push(Resource::new("v1", "ConfigMap", Some("built"), Location::new("memory", 0, 1, 1)));
    /// let plan = plan_sync(&manifests, &SyncOperation::new());
    /// assert_eq!(plan.steps[0].tasks[0].resource.to_string(), "ConfigMap/built");
    /// ```
    pub fn push(&mut self, resource: Resource) -> &mut Self {
        self.add(resource);
        self
    }

    /// Adds a resource, noting whether the resources are still in source order.
    fn add(&mut self, resource: Resource) {
        if self.resources.last().is_some_and(|last| resource.location < last.location) {
            self.out_of_order = true;
        }
        self.resources.push(resource);
    }

    /// Whether [`Manifests::resources`] are ordered by source position (always so for what was read).
    pub(crate) fn in_source_order(&self) -> bool {
        !self.out_of_order
    }

    /// The resources, in input order.
    ///
    /// ```
    /// use hookplan::Manifests;
    /// let manifests = Manifests::parse("two.yaml", "{apiVersion: v1, kind: Secret, metadata: {name: b}}\n---\n{apiVersion: v1, kind: Namespace, metadata: {name: a}}\n");
    /// let kinds: Vec<&str> = manifests.resources().iter().map(|r| r.kind.as_str()).collect();
    /// assert_eq!(kinds, ["Secret", "Namespace"]);
    /// ```
    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }

    /// Documents that are mappings but not resources (reasons `not-a-resource`, `kustomization`).
    ///
    /// ```
    /// use hookplan::{ExclusionReason, Manifests};
    /// let manifests = Manifests::parse("values.yaml", "replicas: 3\n");
    /// assert_eq!(manifests.excluded()[0].reason, ExclusionReason::NotAResource);
    /// assert!(manifests.resources().is_empty());
    /// ```
    pub fn excluded(&self) -> &[Excluded] {
        &self.excluded
    }

    /// Problems found while reading, in input order.
    ///
    /// ```
    /// use hookplan::Manifests;
    /// let manifests = Manifests::parse("job.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    argocd.argoproj.io/sync-wave: 5\n");
    /// let found = &manifests.diagnostics()[0];
    /// assert_eq!((found.rule.name, found.location.line), ("non-string-annotation", 6));
    /// ```
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    fn add_raw(&mut self, raw: RawObject) {
        let (Some(api_version), Some(kind)) =
            (raw.api_version.clone().filter(|v| !v.is_empty()), raw.kind.clone().filter(|k| !k.is_empty()))
        else {
            let missing = match (&raw.api_version, &raw.kind) {
                (None, None) => "apiVersion and kind",
                (None, _) => "apiVersion",
                _ => "kind",
            };
            self.diagnostics.push(Diagnostic::new(
                &rules::NOT_A_RESOURCE,
                format!("document {} has no {missing}; it is not a Kubernetes object", raw.location.document),
                Some("leave values files and fragments out of the input".into()),
                raw.location.clone(),
            ));
            self.excluded.push(Excluded::new(None, ExclusionReason::NotAResource, raw.location));
            return;
        };
        let ApiVersion { group, version } = ApiVersion::parse(&api_version);
        // Every map of a resource is sized to what it holds: a map grown one insert at a time reserves room for
        // three or more entries, and most objects carry one or two.
        let mut labels = IndexMap::with_capacity(raw.labels.len());
        let mut label_locations = IndexMap::with_capacity(raw.labels.len());
        for entry in raw.labels {
            label_locations.insert(entry.key.clone(), entry.at);
            if let RawValue::Str(value) = entry.value {
                labels.insert(entry.key, value);
            }
        }
        let AnnotationViews { annotations, helm_annotations, locations: annotation_locations, non_string } =
            AnnotationViews::of(raw.annotations);
        let references: Vec<ObjectReference> = if runs_pods(&group, &kind) {
            raw.refs
                .into_iter()
                .map(|(r, location)| ObjectReference { kind: r.kind.into(), name: r.name.into(), location })
                .collect()
        } else {
            Vec::new()
        };
        let produces_secret = produced_secret(&group, &kind, raw.name.as_deref(), raw.secret_name, raw.target_name);
        let is_job = group == "batch" && kind == "Job";
        let resource = Resource {
            api_version: api_version.into(),
            group,
            version,
            kind: kind.into(),
            namespace: raw.namespace.map(SmolStr::from),
            name: raw.name.map(SmolStr::from),
            generate_name: raw.generate_name.map(SmolStr::from),
            annotations,
            helm_annotations,
            labels,
            defines: raw.crd_names,
            crd_scope: raw.crd_scope,
            service_account: raw.service_account,
            references,
            ttl_seconds_after_finished: raw.ttl_seconds_after_finished.filter(|_| is_job),
            active_deadline_seconds: raw.active_deadline_seconds.filter(|_| is_job),
            produces_secret,
            in_list: raw.in_list,
            list_kind: raw.list.as_ref().map(|l| SmolStr::from(l.kind.as_str())),
            list_resource_policy: raw.list.as_ref().and_then(|l| l.resource_policy.as_deref()).map(SmolStr::from),
            being_deleted: raw.being_deleted,
            location: raw.location,
            span: raw.span,
            annotation_locations,
            label_locations,
        };
        let reference = resource.to_ref();
        self.report_annotation_problems(&reference, non_string, raw.duplicate_keys);
        if resource.group == "kustomize.config.k8s.io" {
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::KUSTOMIZATION_FILE,
                    format!("{} is a Kustomize file, not an object Argo CD applies", resource.kind),
                    Some("plan the rendered output: `kustomize build DIR | hookplan plan -`".into()),
                    resource.location.clone(),
                )
                .with_resource(reference.clone()),
            );
            self.excluded.push(Excluded::new(Some(reference), ExclusionReason::Kustomization, resource.location));
            return;
        }
        self.add(resource);
    }

    /// Reports annotations whose value is not a string, and annotation or label keys given twice.
    fn report_annotation_problems(
        &mut self,
        reference: &ResourceRef,
        non_string: Vec<(String, &'static str, Location)>,
        duplicate_keys: Vec<(String, &'static str, Location)>,
    ) {
        for (key, what, at) in non_string {
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::NON_STRING_ANNOTATION,
                    format!(
                        "annotation `{key}` is {what}, not a string: Argo CD then reads none of this object's \
                         annotations, and the API server rejects it"
                    ),
                    Some(format!("quote the value of `{key}`")),
                    at,
                )
                .with_resource(reference.clone()),
            );
        }
        for (key, field, at) in duplicate_keys {
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::DUPLICATE_KEY,
                    format!("{field} `{key}` appears more than once; the engines use the last value"),
                    Some("remove one of the entries".into()),
                    at,
                )
                .with_resource(reference.clone()),
            );
        }
    }
}

/// A resource reference for diagnostics about a resource.
impl From<&Resource> for ResourceRef {
    fn from(resource: &Resource) -> Self {
        resource.to_ref()
    }
}

/// Whether objects of this kind run pods from their own spec or pod template.
fn runs_pods(group: &str, kind: &str) -> bool {
    match group {
        "" => matches!(kind, "Pod" | "ReplicationController"),
        "apps" | "extensions" => matches!(kind, "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet"),
        "batch" => matches!(kind, "Job" | "CronJob"),
        _ => false,
    }
}

/// The Secret a known producer makes at run time (see [`Resource::produces_secret`]).
fn produced_secret(
    group: &str,
    kind: &str,
    name: Option<&str>,
    secret_name: Option<String>,
    target_name: Option<String>,
) -> Option<SmolStr> {
    let produced = match (group, kind) {
        ("cert-manager.io", "Certificate") => secret_name,
        ("external-secrets.io", "ExternalSecret") => target_name.or_else(|| name.map(str::to_string)),
        ("bitnami.com", "SealedSecret") => name.map(str::to_string),
        _ => None,
    };
    produced.filter(|n| !n.is_empty()).map(SmolStr::from)
}

/// An object's annotations as each engine reads them, split out of the decoded entries.
struct AnnotationViews {
    /// As Argo CD reads them: empty when any value is not a string (`GetAnnotations` returns nothing).
    annotations: Annotations,
    /// As Helm reads them, when that differs: numbers and booleans as strings, null as `""`.
    helm_annotations: Option<Annotations>,
    locations: IndexMap<String, Location>,
    /// The values that are not strings: (key, what the value is, where).
    non_string: Vec<(String, &'static str, Location)>,
}

impl AnnotationViews {
    fn of(entries: Vec<RawEntry>) -> Self {
        let mut annotation_locations = IndexMap::with_capacity(entries.len());
        let mut annotations = Annotations::with_capacity(entries.len());
        let mut non_string = Vec::new();
        // Helm's head parser coerces numbers and booleans into strings, and a null into "". The second map is
        // built only for the rare object that needs it.
        let all_strings = entries.iter().all(|e| matches!(e.value, RawValue::Str(_)));
        let mut helm_annotations = Annotations::new();
        for entry in entries {
            annotation_locations.insert(entry.key.clone(), entry.at.clone());
            match entry.value {
                RawValue::Str(value) => {
                    if !all_strings {
                        helm_annotations.insert(&entry.key, &value);
                    }
                    annotations.insert(entry.key, value);
                }
                RawValue::Coerced(what, helm) => {
                    helm_annotations.insert(&entry.key, &helm);
                    non_string.push((entry.key, what, entry.at));
                }
                RawValue::NonString(what) => {
                    if what == "null" {
                        helm_annotations.insert(&entry.key, "");
                    }
                    non_string.push((entry.key, what, entry.at));
                }
            }
        }
        let helm_annotations = if non_string.is_empty() {
            None
        } else {
            annotations = Annotations::new(); // GetAnnotations returns nothing at all
            Some(helm_annotations)
        };
        AnnotationViews { annotations, helm_annotations, locations: annotation_locations, non_string }
    }
}
