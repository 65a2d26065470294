//! The objects of a manifest set with each engine's typed metadata, read once per resource: what the planners and
//! the lint rules consume instead of the annotation strings.

use std::cell::OnceCell;

use crate::argocd::{ArgocdMetadata, ArgocdVersion, metadata_in};
use crate::helm::{HelmMetadata, metadata as helm_metadata};
use crate::manifests::Manifests;
use crate::resource::Resource;

/// The resources of one [`Manifests`], each with its Argo CD metadata (as one Argo CD release reads it,
/// [`crate::argocd::metadata_in`]) and its Helm metadata ([`crate::helm::metadata`]), in the order of
/// [`Manifests::resources`]. Each engine's metadata is read on first use, once per resource, and then shared by
/// every planner and rule given these objects.
///
/// ```
/// use hookplan::{Manifests, SyncOperation};
/// use hookplan::argocd::{ArgocdVersion, sync_plan_of};
/// use hookplan::metadata::Objects;
/// let manifests = Manifests::parse("job.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  \
///     annotations: {argocd.argoproj.io/hook: PreSync, argocd.argoproj.io/sync-wave: \"-2\"}\n");
/// let objects = Objects::new(&manifests, ArgocdVersion::NEWEST);
/// assert_eq!(objects.argocd(0).wave, -2);
/// let plan = sync_plan_of(&objects, &Objects::new(&Manifests::new(), ArgocdVersion::NEWEST), &SyncOperation::new());
/// assert_eq!(plan.steps[0].wave, objects.argocd(0).wave);
/// ```
#[derive(Debug)]
pub struct Objects<'m> {
    manifests: &'m Manifests,
    argocd_version: ArgocdVersion,
    argocd: OnceCell<Vec<ArgocdMetadata>>,
    helm: OnceCell<Vec<HelmMetadata>>,
}

impl<'m> Objects<'m> {
    /// The objects of `manifests`, whose Argo CD metadata is read as `argocd_version` reads it.
    ///
    /// ```
    /// use hookplan::Manifests;
    /// use hookplan::argocd::ArgocdVersion;
    /// use hookplan::metadata::Objects;
    /// let manifests = Manifests::parse("jobs.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\n  \
    ///     annotations: {argocd.argoproj.io/sync-wave: \"3\", helm.sh/hook-weight: \"-5\"}\n---\n\
    ///     apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
    /// let objects = Objects::new(&manifests, ArgocdVersion::NEWEST);
    /// assert_eq!(objects.resources().len(), 2);
    /// ```
    pub fn new(manifests: &'m Manifests, argocd_version: ArgocdVersion) -> Self {
        Objects { manifests, argocd_version, argocd: OnceCell::new(), helm: OnceCell::new() }
    }

    /// The manifests these objects are read from.
    ///
    /// ```
    /// use hookplan::Manifests;
    /// use hookplan::argocd::ArgocdVersion;
    /// use hookplan::metadata::Objects;
    /// let manifests = Manifests::parse("jobs.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\n  \
    ///     annotations: {argocd.argoproj.io/sync-wave: \"3\", helm.sh/hook-weight: \"-5\"}\n---\n\
    ///     apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
    /// let objects = Objects::new(&manifests, ArgocdVersion::NEWEST);
    /// assert!(std::ptr::eq(objects.manifests(), &manifests));
    /// ```
    pub fn manifests(&self) -> &'m Manifests {
        self.manifests
    }

    /// The resources, in the order of [`Manifests::resources`].
    ///
    /// ```
    /// use hookplan::Manifests;
    /// use hookplan::argocd::ArgocdVersion;
    /// use hookplan::metadata::Objects;
    /// let manifests = Manifests::parse("jobs.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\n  \
    ///     annotations: {argocd.argoproj.io/sync-wave: \"3\", helm.sh/hook-weight: \"-5\"}\n---\n\
    ///     apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
    /// let objects = Objects::new(&manifests, ArgocdVersion::NEWEST);
    /// let kinds: Vec<&str> = objects.resources().iter().map(|r| r.kind.as_str()).collect();
    /// assert_eq!(kinds, ["Job", "ConfigMap"]);
    /// ```
    pub fn resources(&self) -> &'m [Resource] {
        self.manifests.resources()
    }

    /// The Argo CD release the Argo CD metadata is read as.
    ///
    /// ```
    /// use hookplan::Manifests;
    /// use hookplan::argocd::ArgocdVersion;
    /// use hookplan::metadata::Objects;
    /// let manifests = Manifests::parse("jobs.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\n  \
    ///     annotations: {argocd.argoproj.io/sync-wave: \"3\", helm.sh/hook-weight: \"-5\"}\n---\n\
    ///     apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
    /// let objects = Objects::new(&manifests, ArgocdVersion::NEWEST);
    /// assert_eq!(objects.argocd_version(), ArgocdVersion::NEWEST);
    /// ```
    pub fn argocd_version(&self) -> ArgocdVersion {
        self.argocd_version
    }

    /// The Argo CD metadata of every resource, parallel to [`Objects::resources`].
    ///
    /// ```
    /// use hookplan::Manifests;
    /// use hookplan::argocd::ArgocdVersion;
    /// use hookplan::metadata::Objects;
    /// let manifests = Manifests::parse("jobs.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\n  \
    ///     annotations: {argocd.argoproj.io/sync-wave: \"3\", helm.sh/hook-weight: \"-5\"}\n---\n\
    ///     apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
    /// let objects = Objects::new(&manifests, ArgocdVersion::NEWEST);
    /// let waves: Vec<i64> = objects.argocd_all().iter().map(|m| m.wave).collect();
    /// assert_eq!(waves, [3, 0]);
    /// ```
    pub fn argocd_all(&self) -> &[ArgocdMetadata] {
        self.argocd.get_or_init(|| self.resources().iter().map(|r| metadata_in(r, self.argocd_version)).collect())
    }

    /// The Helm metadata of every resource, parallel to [`Objects::resources`].
    ///
    /// ```
    /// use hookplan::Manifests;
    /// use hookplan::argocd::ArgocdVersion;
    /// use hookplan::metadata::Objects;
    /// let manifests = Manifests::parse("jobs.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\n  \
    ///     annotations: {argocd.argoproj.io/sync-wave: \"3\", helm.sh/hook-weight: \"-5\"}\n---\n\
    ///     apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
    /// let objects = Objects::new(&manifests, ArgocdVersion::NEWEST);
    /// let weights: Vec<i64> = objects.helm_all().iter().map(|m| m.weight).collect();
    /// assert_eq!(weights, [-5, 0]);
    /// ```
    pub fn helm_all(&self) -> &[HelmMetadata] {
        self.helm.get_or_init(|| self.resources().iter().map(helm_metadata).collect())
    }

    /// The Argo CD metadata of resource `index`.
    ///
    /// ```
    /// use hookplan::Manifests;
    /// use hookplan::argocd::ArgocdVersion;
    /// use hookplan::metadata::Objects;
    /// let manifests = Manifests::parse("jobs.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\n  \
    ///     annotations: {argocd.argoproj.io/sync-wave: \"3\", helm.sh/hook-weight: \"-5\"}\n---\n\
    ///     apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
    /// let objects = Objects::new(&manifests, ArgocdVersion::NEWEST);
    /// assert_eq!(objects.argocd(0).wave, 3);
    /// ```
    ///
    /// # Panics
    ///
    /// When `index` is not below the number of resources.
    pub fn argocd(&self, index: usize) -> &ArgocdMetadata {
        &self.argocd_all()[index]
    }

    /// The Helm metadata of resource `index`.
    ///
    /// ```
    /// use hookplan::Manifests;
    /// use hookplan::argocd::ArgocdVersion;
    /// use hookplan::metadata::Objects;
    /// let manifests = Manifests::parse("jobs.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\n  \
    ///     annotations: {argocd.argoproj.io/sync-wave: \"3\", helm.sh/hook-weight: \"-5\"}\n---\n\
    ///     apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
    /// let objects = Objects::new(&manifests, ArgocdVersion::NEWEST);
    /// assert_eq!(objects.helm(0).weight, -5);
    /// ```
    ///
    /// # Panics
    ///
    /// When `index` is not below the number of resources.
    pub fn helm(&self, index: usize) -> &HelmMetadata {
        &self.helm_all()[index]
    }

    /// Each resource with its Argo CD metadata.
    ///
    /// ```
    /// use hookplan::Manifests;
    /// use hookplan::argocd::ArgocdVersion;
    /// use hookplan::metadata::Objects;
    /// let manifests = Manifests::parse("jobs.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\n  \
    ///     annotations: {argocd.argoproj.io/sync-wave: \"3\", helm.sh/hook-weight: \"-5\"}\n---\n\
    ///     apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
    /// let objects = Objects::new(&manifests, ArgocdVersion::NEWEST);
    /// let named: Vec<(&str, i64)> =
    ///     objects.with_argocd().map(|(r, m)| (r.name.as_deref().unwrap_or(""), m.wave)).collect();
    /// assert_eq!(named, [("a", 3), ("b", 0)]);
    /// ```
    pub fn with_argocd(&self) -> impl Iterator<Item = (&'m Resource, &ArgocdMetadata)> {
        self.resources().iter().zip(self.argocd_all())
    }

    /// Each resource with its Helm metadata.
    ///
    /// ```
    /// use hookplan::Manifests;
    /// use hookplan::argocd::ArgocdVersion;
    /// use hookplan::metadata::Objects;
    /// let manifests = Manifests::parse("jobs.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\n  \
    ///     annotations: {argocd.argoproj.io/sync-wave: \"3\", helm.sh/hook-weight: \"-5\"}\n---\n\
    ///     apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
    /// let objects = Objects::new(&manifests, ArgocdVersion::NEWEST);
    /// let named: Vec<(&str, i64)> =
    ///     objects.with_helm().map(|(r, m)| (r.name.as_deref().unwrap_or(""), m.weight)).collect();
    /// assert_eq!(named, [("a", -5), ("b", 0)]);
    /// ```
    pub fn with_helm(&self) -> impl Iterator<Item = (&'m Resource, &HelmMetadata)> {
        self.resources().iter().zip(self.helm_all())
    }
}
