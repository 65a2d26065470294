//! Which part of a document's tree the reader keeps: the head of an object reads a few fields at known places,
//! and everything else is parsed, counted and dropped.

/// Which part of a node is kept: the head of an object reads a few fields at known places.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keep {
    /// Everything.
    All,
    /// Nothing (the node is parsed, counted and dropped; an anchored node in it is kept whole; the keys and merge
    /// values Go refuses in it are still found, see `unkept_checks.rs`).
    Nothing,
    /// A Kubernetes object: `apiVersion`, `kind`, `metadata`, `spec`, `items`.
    Object,
    /// `metadata`: names, annotations, labels, `deletionTimestamp`.
    Metadata,
    /// The object's own `spec`: a CRD's names, a Job's deadlines, what a pod spec references.
    Spec,
    /// A pod spec or a template of one, at any depth below `spec`.
    PodSpec,
    /// `containers`: a sequence of containers.
    Containers,
    /// A container: its `env` and `envFrom`.
    Container,
    /// `items`: a sequence of objects.
    Items,
}

impl Keep {
    pub(super) fn child(self, key: &str) -> Keep {
        use Keep::{All, Container, Containers, Items, Metadata, Nothing, Object, PodSpec, Spec};
        match (self, key) {
            (All, _)
            | (Object, "apiVersion" | "kind")
            | (Metadata, "name" | "generateName" | "namespace" | "annotations" | "labels" | "deletionTimestamp")
            | (
                Spec,
                "group"
                | "scope"
                | "names"
                | "secretName"
                | "target"
                | "ttlSecondsAfterFinished"
                | "activeDeadlineSeconds",
            )
            | (Spec | PodSpec, "serviceAccountName" | "serviceAccount" | "volumes" | "imagePullSecrets")
            | (Container, "env" | "envFrom") => All,
            (Object, "metadata") => Metadata,
            (Object, "spec") => Spec,
            (Object, "items") => Items,
            (Spec | PodSpec, "containers" | "initContainers" | "ephemeralContainers") => Containers,
            (Spec | PodSpec, "template" | "spec" | "jobTemplate") => PodSpec,
            _ => Nothing,
        }
    }

    pub(super) fn element(self) -> Keep {
        match self {
            Keep::All => Keep::All,
            Keep::Items => Keep::Object,
            Keep::Containers => Keep::Container,
            _ => Keep::Nothing,
        }
    }
}
