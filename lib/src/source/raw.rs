//! What reading produces: the decoded head of each object (a document or a List item), with where each value
//! is, and the diagnostics of the input. Built by the document stage (`doc.rs`, `head.rs`), handed by `read` to
//! the resource stage.

use std::ops::Range;

use super::pod;
use crate::diagnostic::Diagnostic;
use crate::location::Location;

/// A value found under `metadata.annotations` or `metadata.labels`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RawValue {
    /// A YAML string, as Kubernetes requires.
    Str(String),
    /// Anything else; the text names its YAML type ("null", "a mapping", "a sequence", ...).
    NonString(&'static str),
    /// A number or a boolean: not a string, which Argo CD refuses, but which Helm's head parser turns into one
    /// (sigs.k8s.io/yaml `convertToJSONableObject` into a string field): the type, and that string.
    Coerced(&'static str, String),
}

/// One annotation or label entry, with where its key sits.
#[derive(Clone, Debug)]
pub(crate) struct RawEntry {
    pub key: String,
    pub value: RawValue,
    pub at: Location,
}

/// What Helm sees of a List document: its kind and its own `helm.sh/resource-policy` (as Helm's head parser reads
/// it: a number or boolean as its text, a null as `""`).
#[derive(Clone, Debug)]
pub(crate) struct ListHead {
    pub kind: String,
    pub resource_policy: Option<String>,
}

/// The decoded head of one Kubernetes object (a document or a List item).
#[derive(Clone, Debug)]
pub(crate) struct RawObject {
    pub location: Location,
    /// Byte range of the document in the input (for a List item: of its List's document).
    pub span: Range<usize>,
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub name: Option<String>,
    pub generate_name: Option<String>,
    pub namespace: Option<String>,
    pub annotations: Vec<RawEntry>,
    pub labels: Vec<RawEntry>,
    /// Keys given twice: (key or field path, "annotation", "label" or "field", where it is given again).
    pub duplicate_keys: Vec<(String, &'static str, Location)>,
    /// `spec.group` and `spec.names.kind`, when both are strings.
    pub crd_names: Option<(String, String)>,
    /// `spec.scope`, when a string.
    pub crd_scope: Option<String>,
    /// The pod's `serviceAccountName`, when a string.
    pub service_account: Option<String>,
    /// The pod template's references (kind, name, field), each with where it is.
    pub refs: Vec<(pod::PodRef, Location)>,
    /// A Job's `spec.ttlSecondsAfterFinished` and `spec.activeDeadlineSeconds`.
    pub ttl_seconds_after_finished: Option<i64>,
    pub active_deadline_seconds: Option<i64>,
    /// `spec.secretName` (a cert-manager Certificate) and `spec.target.name` (an ExternalSecret).
    pub secret_name: Option<String>,
    pub target_name: Option<String>,
    /// Whether the object came out of a List's `items`.
    pub in_list: bool,
    /// For an item of a List: the List document's own kind and `helm.sh/resource-policy`, which Helm reads
    /// instead of the item's (it sees the document's head only).
    pub list: Option<ListHead>,
    /// Whether `metadata.deletionTimestamp` is set (a live object being deleted).
    pub being_deleted: bool,
}

/// What reading one input produced.
#[derive(Debug, Default)]
pub(crate) struct ReadOutput {
    pub objects: Vec<RawObject>,
    pub diagnostics: Vec<Diagnostic>,
}
