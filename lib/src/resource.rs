//! Resources: the typed identity and annotations of one Kubernetes object, with where it came from.

use std::fmt;
use std::ops::Range;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use crate::annotations::Annotations;
use crate::location::Location;

/// An `apiVersion` split into API group and version, as Kubernetes' `schema.ParseGroupVersion` splits it:
/// `v1` is the core group `""` with version `v1`; `apps/v1` is group `apps`, version `v1`.
///
/// A value with more than one `/` is not a valid group/version; hookplan keeps the part before the first `/`
/// as the group and the rest as the version, so that such an object can still be reported by name.
///
/// ```
/// use hookplan::ApiVersion;
/// assert_eq!(ApiVersion::parse("batch/v1").group, "batch");
/// assert_eq!(ApiVersion::parse("v1").group, "");
/// assert_eq!(ApiVersion::parse("v1").version, "v1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ApiVersion {
    /// The API group; `""` for the core group.
    pub group: SmolStr,
    /// The version, e.g. `v1`.
    pub version: SmolStr,
}

impl ApiVersion {
    /// Splits an `apiVersion` string.
    ///
    /// ```
    /// use hookplan::ApiVersion;
    /// let v = ApiVersion::parse("apiextensions.k8s.io/v1");
    /// assert_eq!((v.group.as_str(), v.version.as_str()), ("apiextensions.k8s.io", "v1"));
    /// ```
    pub fn parse(api_version: &str) -> ApiVersion {
        match api_version.split_once('/') {
            Some((group, version)) => ApiVersion { group: group.into(), version: version.into() },
            None => ApiVersion { group: SmolStr::default(), version: api_version.into() },
        }
    }
}

/// The identity Argo CD compares objects by: API group, kind, namespace and name (`kube.ResourceKey` in
/// gitops-engine). The version is not part of it.
///
/// ```
/// use hookplan::ResourceKey;
/// let key = ResourceKey::new("apps", "Deployment", Some("shop"), Some("web"));
/// assert_eq!(key.to_string(), "apps/Deployment/shop/web");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ResourceKey {
    /// API group, `""` for core.
    pub group: SmolStr,
    /// Kind, e.g. `Deployment`.
    pub kind: SmolStr,
    /// Namespace, `""` when unset.
    pub namespace: SmolStr,
    /// Name, `""` when unset.
    pub name: SmolStr,
}

impl ResourceKey {
    /// Builds a key; absent namespace and name become `""`.
    ///
    /// ```
    /// use hookplan::ResourceKey;
    /// let key = ResourceKey::new("", "Namespace", None, Some("shop"));
    /// assert_eq!(key.namespace, "");
    /// assert_eq!(key.to_string(), "/Namespace//shop");
    /// assert_eq!("/Namespace//shop".parse::<ResourceKey>(), Ok(key));
    /// ```
    pub fn new(group: &str, kind: &str, namespace: Option<&str>, name: Option<&str>) -> Self {
        ResourceKey {
            group: group.into(),
            kind: kind.into(),
            namespace: namespace.unwrap_or_default().into(),
            name: name.unwrap_or_default().into(),
        }
    }
}

/// A text that is not a [`ResourceKey`]: the error of `"...".parse::<ResourceKey>()`. Its message names the text
/// and the form expected; [`kind`](Self::kind) says which part is missing.
///
/// ```
/// use hookplan::{KeyErrorKind, ResourceKey};
/// let error = "apps/Deployment/shop".parse::<ResourceKey>().unwrap_err();
/// assert_eq!(error.kind(), KeyErrorKind::Parts);
/// assert_eq!(error.text(), "apps/Deployment/shop");
/// assert_eq!(
///     error.to_string(),
///     "`apps/Deployment/shop` is not a resource key: write group/Kind/namespace/name (group and namespace may be empty, e.g. /Pod/shop/web)"
/// );
/// assert_eq!("/Pod/shop/".parse::<ResourceKey>().unwrap_err().kind(), KeyErrorKind::MissingName);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseKeyError {
    kind: KeyErrorKind,
    text: String,
}

/// Why a [`ParseKeyError`] refused the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyErrorKind {
    /// Not four `/`-separated parts (`Pod/web`, `apps/Deployment/shop`).
    Parts,
    /// The kind (the second part) is empty.
    MissingKind,
    /// The name (the fourth part) is empty.
    MissingName,
}

impl ParseKeyError {
    /// Why the text was refused.
    pub fn kind(&self) -> KeyErrorKind {
        self.kind
    }

    /// The text that was read.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for ParseKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a resource key: write group/Kind/namespace/name (group and namespace may be empty, e.g. /Pod/shop/web)",
            self.text
        )
    }
}

impl std::error::Error for ParseKeyError {}

impl std::str::FromStr for ResourceKey {
    type Err = ParseKeyError;

    /// Parses `group/Kind/namespace/name`, the form [`ResourceKey`] displays as; the group is empty for the core
    /// group and the namespace for a cluster-scoped object.
    ///
    /// # Errors
    ///
    /// [`ParseKeyError`] for anything but four `/`-separated parts with a kind and a name: `Pod/web`,
    /// `apps/Deployment/shop`, `/Pod/shop/`.
    ///
    /// ```
    /// use hookplan::ResourceKey;
    /// let key: ResourceKey = "apps/Deployment/shop/web".parse().unwrap();
    /// assert_eq!(key, ResourceKey::new("apps", "Deployment", Some("shop"), Some("web")));
    /// assert!("Pod/web".parse::<ResourceKey>().is_err());
    /// ```
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = input.split('/').collect();
        let refuse = |kind: KeyErrorKind| ParseKeyError { kind, text: input.to_string() };
        match parts[..] {
            [_, "", _, _] => Err(refuse(KeyErrorKind::MissingKind)),
            [_, _, _, ""] => Err(refuse(KeyErrorKind::MissingName)),
            [group, kind, namespace, name] => Ok(ResourceKey::new(group, kind, Some(namespace), Some(name))),
            _ => Err(refuse(KeyErrorKind::Parts)),
        }
    }
}

impl fmt::Display for ResourceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}/{}", self.group, self.kind, self.namespace, self.name)
    }
}

/// The resource identity as the plan JSON contract shows it (`tasks[].resource`).
///
/// `name` is `None` for an unnamed hook (unless the plan named it), `namespace` is `None` when neither the
/// manifest nor a destination namespace sets it, `group` is `""` for the core group.
///
/// ```
/// use hookplan::{Manifests, ResourceKey, SyncOperation, plan_sync};
/// let manifests = Manifests::parse("job.yaml", "\
/// apiVersion: batch/v1
/// kind: Job
/// metadata: {generateName: migrate-, annotations: {argocd.argoproj.io/hook: PreSync}}
/// ");
/// let plan = plan_sync(&manifests, &SyncOperation::new().namespace("shop"));
/// let job = &plan.steps[0].tasks[0].resource;
/// assert_eq!((job.group.as_str(), job.name.as_deref(), job.namespace.as_deref()), ("batch", None, Some("shop")));
/// assert_eq!(job.to_string(), "Job/shop/migrate-*");
/// assert_eq!(job.key(), ResourceKey::new("batch", "Job", Some("shop"), None));
/// assert_eq!(serde_json::to_value(job).unwrap()["apiVersion"], "batch/v1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceRef {
    /// The `apiVersion` as written.
    pub api_version: SmolStr,
    /// The API group.
    pub group: SmolStr,
    /// The kind.
    pub kind: SmolStr,
    /// The namespace, if any.
    pub namespace: Option<SmolStr>,
    /// The name, if any.
    pub name: Option<SmolStr>,
    /// `metadata.generateName`, if any.
    pub generate_name: Option<SmolStr>,
}

impl ResourceRef {
    /// The Argo CD identity of the object (group, kind, namespace, name; an unset namespace or name is `""`): what
    /// objects are matched by, across plans and between target and live objects.
    ///
    /// ```
    /// use hookplan::{Location, Resource, ResourceKey};
    /// let web = Resource::new("apps/v1", "Deployment", Some("web"), Location::new("web.yaml", 0, 1, 1)).with_namespace("shop");
    /// let key: ResourceKey = "apps/Deployment/shop/web".parse()?;
    /// assert_eq!(web.to_ref().key(), key);
    /// assert_eq!(web.to_ref().key(), web.key());
    /// # Ok::<(), hookplan::ParseKeyError>(())
    /// ```
    pub fn key(&self) -> ResourceKey {
        ResourceKey::new(&self.group, &self.kind, self.namespace.as_deref(), self.name.as_deref())
    }
}

impl fmt::Display for ResourceRef {
    /// `Kind/namespace/name`, with `generateName*` for an unnamed object and no namespace part when unset.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/", self.kind)?;
        if let Some(namespace) = &self.namespace {
            write!(f, "{namespace}/")?;
        }
        match (&self.name, &self.generate_name) {
            (Some(name), _) => f.write_str(name),
            (None, Some(generate_name)) => write!(f, "{generate_name}*"),
            (None, None) => f.write_str("<unnamed>"),
        }
    }
}

/// A reference of a pod template to another object by name, in the pod's namespace: the ServiceAccount it runs
/// as (`serviceAccountName`, or the deprecated `serviceAccount`), a Secret or ConfigMap it mounts or reads
/// (`volumes[].secret`, `.configMap`, `.projected.sources[]`, `env[].valueFrom.*KeyRef`, `envFrom[]`), a
/// PersistentVolumeClaim it mounts, an image pull Secret. References marked `optional: true` are left out: the
/// pod starts without them.
///
/// ```
/// use hookplan::Manifests;
/// let m = Manifests::parse("job.yaml", "\
/// apiVersion: batch/v1
/// kind: Job
/// metadata: {name: migrate}
/// spec:
///   template:
///     spec:
///       serviceAccountName: migrator
///       containers:
///       - name: main
///         envFrom:
///         - secretRef: {name: db}
/// ");
/// let refs: Vec<(&str, &str, usize)> =
///     m.resources()[0].references.iter().map(|r| (r.kind.as_str(), r.name.as_str(), r.location.line)).collect();
/// assert_eq!(refs, [("ServiceAccount", "migrator", 7), ("Secret", "db", 11)]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ObjectReference {
    /// `ServiceAccount`, `Secret`, `ConfigMap` or `PersistentVolumeClaim`.
    pub kind: SmolStr,
    /// The name of the object used.
    pub name: SmolStr,
    /// Where the reference is written (the field that holds the name).
    pub location: Location,
}

/// One Kubernetes object read from the input: identity, annotations as the engines see them, labels, and
/// location.
///
/// Build them by reading manifests with [`crate::Manifests`]; [`Resource::new`] exists for tests and
/// embedders that already hold objects.
///
/// ```
/// use hookplan::{Location, Resource};
/// let job = Resource::new("batch/v1", "Job", Some("db-migrate"), Location::new("job.yaml", 0, 1, 1))
///     .with_annotation("argocd.argoproj.io/hook", "PreSync");
/// assert_eq!(job.group, "batch");
/// assert_eq!(job.annotations.get("argocd.argoproj.io/hook"), Some("PreSync"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[repr(C)] // fields in this order: what every pass reads sits in the first cache lines
pub struct Resource {
    /// API group from `apiVersion`, `""` for core.
    pub group: SmolStr,
    /// `kind`.
    pub kind: SmolStr,
    /// `metadata.name`.
    pub name: Option<SmolStr>,
    /// `metadata.namespace`.
    pub namespace: Option<SmolStr>,
    /// `metadata.generateName`.
    pub generate_name: Option<SmolStr>,
    /// `apiVersion` as written.
    pub api_version: SmolStr,
    /// `metadata.annotations` as Argo CD reads them. When any value in the manifest is not a string, Argo CD
    /// reads none at all (see rule `non-string-annotation`), and this map is empty.
    pub annotations: Annotations,
    /// Where each label key sits.
    pub label_locations: IndexMap<String, Location>,
    /// Whether the object is an item of a `kind: List`.
    pub in_list: bool,
    /// For an item of a List: the List document's kind (`List`, `ConfigMapList`, ...). Helm sees a document's head
    /// only, so it orders the items by this kind, where the List stands (helm@e9b85e4 `kind_sorter.go`; the List
    /// is flattened when applied, `pkg/kube/client.go` `Build`).
    pub list_kind: Option<SmolStr>,
    /// For an item of a List: the List document's own `helm.sh/resource-policy`, which Helm's uninstall reads
    /// instead of the item's (helm@e9b85e4 `pkg/action/resource_policy.go` `filterManifestsToKeep` reads the
    /// manifest's head).
    pub list_resource_policy: Option<SmolStr>,
    /// Whether `metadata.deletionTimestamp` is set: a live object that is being deleted.
    pub being_deleted: bool,
    /// Where the object starts.
    pub location: Location,
    /// For a CustomResourceDefinition: the `spec.group` and `spec.names.kind` it defines.
    pub defines: Option<(String, String)>,
    /// For a CustomResourceDefinition: `spec.scope` (`Namespaced` or `Cluster`).
    pub crd_scope: Option<String>,
    /// Version from `apiVersion`.
    pub version: SmolStr,
    /// `metadata.labels` that are strings, in document order.
    pub labels: IndexMap<String, String>,
    /// For a Pod or a workload with a pod template (`spec.template`): the `serviceAccountName` it runs as.
    pub service_account: Option<String>,
    /// For a Pod or a workload with a pod template (Job, CronJob, Deployment, StatefulSet, DaemonSet, ReplicaSet,
    /// ReplicationController): the objects its pods use by name, in document order. Empty for other kinds.
    pub references: Vec<ObjectReference>,
    /// For a Job: `spec.ttlSecondsAfterFinished`, in seconds.
    pub ttl_seconds_after_finished: Option<i64>,
    /// For a Job: `spec.activeDeadlineSeconds`, in seconds.
    pub active_deadline_seconds: Option<i64>,
    /// The Secret the object makes at run time, by name, in its namespace: a cert-manager `Certificate`'s
    /// `spec.secretName`, an `ExternalSecret`'s `spec.target.name` (else its own name), a `SealedSecret`'s name.
    pub produces_secret: Option<SmolStr>,
    /// The byte range of the object's document in its input (a List item shares its List's range); it starts
    /// at the document's first content line and ends before the next document marker.
    pub span: Range<usize>,
    /// Where each annotation key sits (also for annotations dropped because of a non-string value).
    pub annotation_locations: IndexMap<String, Location>,
    /// `metadata.annotations` as Helm reads them, when that differs from [`Resource::annotations`]: Helm's head
    /// parser turns a number or a boolean value into its string (`helm.sh/hook-weight: 5` is `"5"`, an unquoted
    /// `yes` is `"true"`) and a null into `""` (helm/helm@e9b85e4 pkg/release/v1/util/manifest_sorter.go reads
    /// `SimpleHead` with sigs.k8s.io/yaml, whose `convertToJSONableObject` coerces into string fields). `None`
    /// when every value is a string. Read it through [`Resource::helm_annotations`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helm_annotations: Option<Annotations>,
}

impl Resource {
    /// A resource with no annotations; `name` `None` leaves it unnamed.
    ///
    /// ```
    /// use hookplan::{Location, Resource};
    /// let pod = Resource::new("v1", "Pod", None, Location::new("pod.yaml", 0, 1, 1));
    /// assert_eq!((pod.group.as_str(), pod.version.as_str(), pod.name), ("", "v1", None));
    /// assert!(pod.annotations.is_empty());
    /// ```
    pub fn new(api_version: &str, kind: &str, name: Option<&str>, location: Location) -> Self {
        let ApiVersion { group, version } = ApiVersion::parse(api_version);
        Resource {
            api_version: api_version.into(),
            group,
            version,
            kind: kind.into(),
            namespace: None,
            name: name.map(SmolStr::from),
            generate_name: None,
            annotations: Annotations::new(),
            labels: IndexMap::new(),
            defines: None,
            crd_scope: None,
            service_account: None,
            references: Vec::new(),
            ttl_seconds_after_finished: None,
            active_deadline_seconds: None,
            produces_secret: None,
            in_list: false,
            list_kind: None,
            list_resource_policy: None,
            being_deleted: false,
            span: 0..0,
            location,
            annotation_locations: IndexMap::new(),
            label_locations: IndexMap::new(),
            helm_annotations: None,
        }
    }

    /// The annotations as Helm reads them: [`Resource::helm_annotations`] when set, else
    /// [`Resource::annotations`].
    ///
    /// ```
    /// let m = hookplan::Manifests::parse("x.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: 5\n");
    /// let job = &m.resources()[0];
    /// assert!(job.annotations.is_empty(), "Argo CD reads none: one value is a number");
    /// assert_eq!(job.helm_annotations().get("helm.sh/hook-weight"), Some("5"));
    /// ```
    pub fn helm_annotations(&self) -> &Annotations {
        self.helm_annotations.as_ref().unwrap_or(&self.annotations)
    }

    /// The same resource with an annotation set (located at the resource).
    ///
    /// ```
    /// use hookplan::{Location, Resource};
    /// let at = Location::new("job.yaml", 0, 3, 1);
    /// let job = Resource::new("batch/v1", "Job", Some("j"), at.clone()).with_annotation("argocd.argoproj.io/sync-wave", "2");
    /// assert_eq!(job.annotations.get("argocd.argoproj.io/sync-wave"), Some("2"));
    /// assert_eq!(job.annotation_location("argocd.argoproj.io/sync-wave"), &at);
    /// ```
    pub fn with_annotation(mut self, key: &str, value: &str) -> Self {
        self.annotations.insert(key, value);
        self.annotation_locations.insert(key.to_string(), self.location.clone());
        self
    }

    /// The same resource in `namespace`.
    ///
    /// ```
    /// use hookplan::{Location, Resource};
    /// let cm = Resource::new("v1", "ConfigMap", Some("c"), Location::new("c.yaml", 0, 1, 1)).with_namespace("shop");
    /// assert_eq!(cm.namespace.as_deref(), Some("shop"));
    /// assert_eq!(cm.to_ref().to_string(), "ConfigMap/shop/c");
    /// ```
    pub fn with_namespace(mut self, namespace: &str) -> Self {
        self.namespace = Some(namespace.into());
        self
    }

    /// The same resource with `metadata.generateName` set.
    ///
    /// ```
    /// use hookplan::{Location, Resource};
    /// let job = Resource::new("batch/v1", "Job", None, Location::new("j.yaml", 0, 1, 1)).with_generate_name("migrate-");
    /// assert_eq!(job.to_ref().to_string(), "Job/migrate-*");
    /// ```
    pub fn with_generate_name(mut self, generate_name: &str) -> Self {
        self.generate_name = Some(generate_name.into());
        self
    }

    /// The same resource running its pods as `service_account`.
    ///
    /// ```
    /// use hookplan::{Location, Resource};
    /// let job = Resource::new("batch/v1", "Job", Some("j"), Location::new("j.yaml", 0, 1, 1)).with_service_account("migrator");
    /// assert_eq!(job.service_account.as_deref(), Some("migrator"));
    /// ```
    pub fn with_service_account(mut self, service_account: &str) -> Self {
        self.service_account = Some(service_account.to_string());
        self
    }

    /// The same resource defining a custom resource kind (for a CRD: `spec.group`, `spec.names.kind`).
    ///
    /// ```
    /// use hookplan::{Location, Resource};
    /// let crd = Resource::new("apiextensions.k8s.io/v1", "CustomResourceDefinition", Some("widgets.example.com"), Location::new("crd.yaml", 0, 1, 1))
    ///     .with_defines("example.com", "Widget");
    /// assert_eq!(crd.defines, Some(("example.com".to_string(), "Widget".to_string())));
    /// assert!(crd.is_crd());
    /// ```
    pub fn with_defines(mut self, group: &str, kind: &str) -> Self {
        self.defines = Some((group.to_string(), kind.to_string()));
        self
    }

    /// The Argo CD identity of the object.
    ///
    /// ```
    /// use hookplan::{Location, Resource, ResourceKey};
    /// let web = Resource::new("apps/v1", "Deployment", Some("web"), Location::new("web.yaml", 0, 1, 1));
    /// // The version is not part of the identity.
    /// let old = Resource::new("extensions/v1beta1", "Deployment", Some("web"), Location::new("old.yaml", 0, 1, 1));
    /// assert_eq!(web.key(), ResourceKey::new("apps", "Deployment", None, Some("web")));
    /// assert_ne!(web.key(), old.key(), "another group");
    /// ```
    pub fn key(&self) -> ResourceKey {
        ResourceKey::new(&self.group, &self.kind, self.namespace.as_deref(), self.name.as_deref())
    }

    /// The identity as the plan shows it.
    ///
    /// ```
    /// use hookplan::{Location, Resource};
    /// let web = Resource::new("apps/v1", "Deployment", Some("web"), Location::new("web.yaml", 0, 1, 1));
    /// let shown = web.to_ref();
    /// assert_eq!((shown.api_version.as_str(), shown.to_string()), ("apps/v1", "Deployment/web".to_string()));
    /// ```
    pub fn to_ref(&self) -> ResourceRef {
        ResourceRef {
            api_version: self.api_version.clone(),
            group: self.group.clone(),
            kind: self.kind.clone(),
            namespace: self.namespace.clone(),
            name: self.name.clone(),
            generate_name: self.generate_name.clone(),
        }
    }

    /// Where annotation `key` sits, or the resource's own location when it has no such annotation.
    ///
    /// ```
    /// use hookplan::Manifests;
    /// let manifests = Manifests::parse("job.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n");
    /// let job = &manifests.resources()[0];
    /// assert_eq!(job.annotation_location("argocd.argoproj.io/hook").line, 6);
    /// assert_eq!(job.annotation_location("helm.sh/hook").line, 1);
    /// ```
    pub fn annotation_location(&self, key: &str) -> &Location {
        self.annotation_locations.get(key).unwrap_or(&self.location)
    }

    /// Whether the object is a CustomResourceDefinition (`apiextensions.k8s.io`), as `kube.IsCRD` decides.
    ///
    /// ```
    /// use hookplan::{Location, Resource};
    /// let at = Location::new("crd.yaml", 0, 1, 1);
    /// assert!(Resource::new("apiextensions.k8s.io/v1", "CustomResourceDefinition", Some("w"), at.clone()).is_crd());
    /// assert!(!Resource::new("example.com/v1", "CustomResourceDefinition", Some("w"), at).is_crd());
    /// ```
    pub fn is_crd(&self) -> bool {
        self.group == "apiextensions.k8s.io" && self.kind == "CustomResourceDefinition"
    }
}

/// The identity objects are reconciled by, the one place it is computed: API group, kind, namespace (the destination namespace when unset,
/// `""` for a cluster-scoped kind) and name (`kube.GetResourceKey` after namespace defaulting).
pub(crate) struct Identities {
    destination_namespace: Option<String>,
    cluster_scoped_crds: Vec<(String, String)>,
    /// The (group, kind) of every CRD in the input, whatever its scope.
    crd_kinds: Vec<(String, String)>,
}

impl Identities {
    /// The identities of objects planned with `resources` (whose cluster-scoped CRDs make their kinds
    /// cluster-scoped) and `destination_namespace`.
    pub(crate) fn new<'r>(
        destination_namespace: Option<&str>,
        resources: impl IntoIterator<Item = &'r Resource>,
    ) -> Identities {
        let mut cluster_scoped_crds = Vec::new();
        let mut crd_kinds = Vec::new();
        for r in resources.into_iter().filter(|r| r.is_crd()) {
            if let Some(defines) = &r.defines {
                if r.crd_scope.as_deref() == Some("Cluster") {
                    cluster_scoped_crds.push(defines.clone());
                }
                crd_kinds.push(defines.clone());
            }
        }
        Identities { destination_namespace: destination_namespace.map(str::to_string), cluster_scoped_crds, crd_kinds }
    }

    /// Whether the cluster's discovery knows the scope of the object's kind, as far as the input tells: a kind of a
    /// built-in API group ([`is_builtin_group`]) or one whose CRD is in the input. Otherwise (a custom kind whose
    /// CRD is not in the input) Argo CD may not know it either: its cluster cache answers "unknown" while the CRD
    /// is not discovered (`IsNamespaced` in argoproj/gitops-engine `pkg/cache/cluster.go`).
    pub(crate) fn scope_known(&self, r: &Resource) -> bool {
        is_builtin_group(&r.group) || self.crd_kinds.iter().any(|(group, kind)| *group == r.group && *kind == r.kind)
    }

    pub(crate) fn key(&self, r: &Resource) -> ResourceKey {
        ResourceKey::new(&r.group, &r.kind, self.namespace(r), r.name.as_deref())
    }

    /// The namespace of the object's identity: none for a cluster-scoped kind, else its own or the destination.
    pub(crate) fn namespace<'r>(&'r self, r: &'r Resource) -> Option<&'r str> {
        let cluster_scoped = is_cluster_scoped(&r.group, &r.kind)
            || self.cluster_scoped_crds.iter().any(|(group, kind)| *group == r.group && *kind == r.kind);
        if cluster_scoped { None } else { r.namespace.as_deref().or(self.destination_namespace.as_deref()) }
    }
}

/// Whether `group` is an API group every Kubernetes API server serves: the core group, a group without a dot (a
/// CRD's group must contain one: `spec.group` validation in kubernetes/kubernetes
/// `staging/src/k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation/validation.go`), or a built-in
/// `*.k8s.io` group (one directory each under kubernetes/kubernetes `staging/src/k8s.io/api/`).
pub(crate) fn is_builtin_group(group: &str) -> bool {
    !group.contains('.')
        || matches!(
            group,
            "admissionregistration.k8s.io"
                | "apiextensions.k8s.io"
                | "apiregistration.k8s.io"
                | "authentication.k8s.io"
                | "authorization.k8s.io"
                | "certificates.k8s.io"
                | "coordination.k8s.io"
                | "discovery.k8s.io"
                | "events.k8s.io"
                | "flowcontrol.apiserver.k8s.io"
                | "internal.apiserver.k8s.io"
                | "networking.k8s.io"
                | "node.k8s.io"
                | "rbac.authorization.k8s.io"
                | "resource.k8s.io"
                | "scheduling.k8s.io"
                | "storage.k8s.io"
                | "storagemigration.k8s.io"
        )
}

/// Whether a built-in kind is cluster-scoped (its namespace, if written, is ignored by the API server).
pub(crate) fn is_cluster_scoped(group: &str, kind: &str) -> bool {
    let expected_group = match kind {
        "Namespace" | "Node" | "PersistentVolume" | "ComponentStatus" => "",
        "StorageClass" | "CSIDriver" | "CSINode" | "VolumeAttachment" => "storage.k8s.io",
        "ClusterRole" | "ClusterRoleBinding" => "rbac.authorization.k8s.io",
        "CustomResourceDefinition" => "apiextensions.k8s.io",
        "APIService" => "apiregistration.k8s.io",
        "PriorityClass" => "scheduling.k8s.io",
        "IngressClass" => "networking.k8s.io",
        "RuntimeClass" => "node.k8s.io",
        "ValidatingWebhookConfiguration"
        | "MutatingWebhookConfiguration"
        | "ValidatingAdmissionPolicy"
        | "ValidatingAdmissionPolicyBinding" => "admissionregistration.k8s.io",
        "CertificateSigningRequest" => "certificates.k8s.io",
        "PodSecurityPolicy" => "policy",
        "FlowSchema" | "PriorityLevelConfiguration" => "flowcontrol.apiserver.k8s.io",
        _ => return false,
    };
    group == expected_group
}

crate::vocabulary::vocabulary! {
/// Why a document is not planned.
///
/// ```
/// use hookplan::{ExclusionReason, Manifests, SyncOperation, plan_sync};
/// let manifests = Manifests::parse("job.yaml", "\
/// apiVersion: batch/v1
/// kind: Job
/// metadata: {name: j, annotations: {argocd.argoproj.io/hook: Skip}}
/// ");
/// let plan = plan_sync(&manifests, &SyncOperation::new());
/// assert_eq!(plan.excluded[0].reason, ExclusionReason::Skip);
/// assert_eq!(ExclusionReason::Skip.as_str(), "skip");
/// ```
pub enum ExclusionReason("exclusion reason") {
    /// Argo CD `Skip`: kept as a resource, never applied, never pruned.
    Skip = "skip",
    /// A hook whose values give no sync phase (a typo, an unsupported Helm event): Argo CD drops it.
    NoSyncPhase = "no-sync-phase",
    /// A PreDelete or PostDelete hook only: it runs when the Application is deleted.
    DeleteHook = "delete-hook",
    /// Helm drops objects with an unknown hook event.
    DroppedByHelm = "dropped-by-helm",
    /// A mapping without apiVersion or kind (a values file, a documentation fragment).
    NotAResource = "not-a-resource",
    /// A Kustomization or Component file: Argo CD builds it, it is not applied.
    Kustomization = "kustomization",
    /// A live object that is a hook: never pruned.
    LiveHook = "live-hook",
    /// ApplyOutOfSyncOnly: the object is unchanged and is not applied.
    Unchanged = "unchanged",
    /// Selective sync: the object is not among the selected resources (hooks never run in a selective sync).
    NotSelected = "not-selected",
    /// Application deletion: a CustomResourceDefinition is never deleted.
    Crd = "crd",
    /// Application deletion: `Delete=false` keeps the object.
    DeleteDisabled = "delete-disabled",
    /// Application deletion: `helm.sh/resource-policy: keep` keeps the object.
    ResourcePolicyKeep = "resource-policy-keep",
    /// Helm uninstall: `helm.sh/resource-policy` with another value: neither deleted nor reported.
    ResourcePolicyOther = "resource-policy-other",
    /// Helm: a hook of an event this operation does not run.
    OtherEvent = "other-event",
    /// Application deletion: a target that is not a PreDelete or PostDelete hook. The deletion works from the
    /// live objects, so the object is deleted through its live counterpart, if one is given.
    DeletedFromLive = "deleted-from-live",
    /// `helm test`: a release manifest (not a hook); the command runs only the test hooks.
    ReleaseManifest = "release-manifest",
    /// Argo CD's `apply` sync strategy: no hook runs.
    ApplyStrategy = "apply-strategy",
    /// A non-cascading Application deletion: the live object stays.
    NonCascading = "non-cascading",
    /// Helm: a document of the chart's `crds/` directory, which only an install creates (before anything else)
    /// and no command upgrades or deletes; with `--skip-crds`, not even an install.
    ChartCrd = "chart-crd",
    /// Helm `--no-hooks`: the command runs no hook.
    NoHooks = "no-hooks",
    /// `helm test --filter`: a test hook the filter leaves out.
    TestFilter = "test-filter",
}
}

impl ExclusionReason {
    /// A sentence for people.
    ///
    /// ```
    /// use hookplan::ExclusionReason;
    /// assert_eq!(ExclusionReason::Skip.describe(), "Argo CD Skip: never applied, never pruned");
    /// ```
    pub fn describe(self) -> &'static str {
        match self {
            ExclusionReason::Skip => "Argo CD Skip: never applied, never pruned",
            ExclusionReason::NoSyncPhase => "hook with no usable sync phase: Argo CD drops it",
            ExclusionReason::DeleteHook => "PreDelete/PostDelete hook: runs only when the Application is deleted",
            ExclusionReason::DroppedByHelm => "unknown Helm hook event: Helm drops the object",
            ExclusionReason::NotAResource => "not a Kubernetes object (no apiVersion or kind)",
            ExclusionReason::Kustomization => "Kustomize file: Argo CD builds it, plan `kustomize build` output",
            ExclusionReason::LiveHook => "live hook from an earlier sync: never pruned",
            ExclusionReason::Unchanged => "ApplyOutOfSyncOnly: unchanged, not applied",
            ExclusionReason::NotSelected => "not selected (a selective sync runs no hooks)",
            ExclusionReason::Crd => "CustomResourceDefinition: never deleted with the Application",
            ExclusionReason::DeleteDisabled => "Delete=false: kept when the Application is deleted",
            ExclusionReason::ResourcePolicyKeep => "helm.sh/resource-policy: keep: kept on deletion",
            ExclusionReason::ResourcePolicyOther => {
                "helm.sh/resource-policy is not keep: Helm neither deletes nor reports it"
            }
            ExclusionReason::OtherEvent => "a hook of another Helm event: not run by this operation",
            ExclusionReason::ReleaseManifest => "release manifest: helm test runs only the test hooks",
            ExclusionReason::ApplyStrategy => "the apply sync strategy runs no hooks",
            ExclusionReason::NonCascading => "non-cascading deletion: the Application goes, the object stays",
            ExclusionReason::ChartCrd => "crds/ directory: only an install creates it; never upgraded or deleted",
            ExclusionReason::NoHooks => "--no-hooks: Helm runs no hook",
            ExclusionReason::TestFilter => "left out by helm test --filter",
            ExclusionReason::DeletedFromLive => {
                "Application deletion works from the live objects: this target is deleted through its live object"
            }
        }
    }
}

/// A document or object that is not planned, with the reason.
///
/// ```
/// use hookplan::{ExclusionReason, Manifests, SyncOperation, plan_sync};
/// let manifests = Manifests::parse("app.yaml", "\
/// apiVersion: v1
/// kind: ConfigMap
/// metadata: {name: c}
/// ---
/// apiVersion: batch/v1
/// kind: Job
/// metadata: {name: cleanup, annotations: {argocd.argoproj.io/hook: PostDelete}}
/// ");
/// // Nothing lost: the PostDelete hook is not part of a sync, and the plan says so.
/// let plan = plan_sync(&manifests, &SyncOperation::new());
/// let excluded = &plan.excluded[0];
/// assert_eq!(excluded.reason, ExclusionReason::DeleteHook);
/// assert_eq!(excluded.resource.as_ref().unwrap().to_string(), "Job/cleanup");
/// assert_eq!((excluded.source.document, excluded.source.line), (1, 5));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Excluded {
    /// The object, when the document is one.
    pub resource: Option<ResourceRef>,
    /// Why it is not planned.
    pub reason: ExclusionReason,
    /// Where it is.
    pub source: Location,
}

impl Excluded {
    /// An exclusion entry.
    ///
    /// ```
    /// use hookplan::{Excluded, ExclusionReason, Location};
    /// let entry = Excluded::new(None, ExclusionReason::NotAResource, Location::new("values.yaml", 0, 1, 1));
    /// assert_eq!(serde_json::to_value(&entry).unwrap()["reason"], "not-a-resource");
    /// ```
    pub fn new(resource: Option<ResourceRef>, reason: ExclusionReason, source: Location) -> Self {
        Excluded { resource, reason, source }
    }
}
