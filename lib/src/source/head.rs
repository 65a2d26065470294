//! The head of an object, read from its YAML tree: identity, metadata, what `spec` says that hookplan reads, and a
//! List's items. Each field carries where it is written (a byte offset in the document's text).

use super::node::{Mapping, Node, Value};
use super::pod::{PodRef, container_refs, pull_secret_refs, volume_refs};
use super::raw::RawValue;

/// A document (or a List item): an object's head, null, or something that is not a mapping.
pub(super) enum Head<'n, 'a> {
    Object(Box<HeadFields<'n, 'a>>),
    Null,
    NotObject(&'static str),
}

/// A field that cannot be read, so neither can its object: where, why, and how to fix it.
pub(super) struct Unreadable {
    /// The field's path: `apiVersion`, `kind`, `metadata`, `metadata.name`, ...
    pub(super) field: &'static str,
    pub(super) offset: usize,
    pub(super) message: String,
    pub(super) help: Option<String>,
}

pub(super) struct HeadFields<'n, 'a> {
    pub(super) api_version: Option<String>,
    pub(super) kind: Option<String>,
    pub(super) metadata: MetaFields<'n, 'a>,
    pub(super) spec: SpecFields,
    pub(super) items: Items<'n, 'a>,
    /// The object's own fields (top level and `metadata`) given more than once: the field's path, and where it
    /// is given again. Go's YAML keeps the last value (kubectl's strict decoding refuses them; Argo CD and Helm do
    /// not).
    pub(super) duplicates: Vec<(String, usize)>,
    /// Of a List (`items` a sequence): the first of its own fields that cannot be read, but for `kind`. Argo CD
    /// does not read a List's own fields but its kind, and applies its items (argo-cd@37ee009
    /// reposerver/repository/repository.go `GenerateManifests`: `obj.IsList()`, then `EachListItem`); Helm decodes
    /// every document's head (helm@e9b85e4 pkg/release/v1/util/manifest_sorter.go `SortManifests`, into
    /// `SimpleHead`) and fails on it.
    pub(super) list_error: Option<Unreadable>,
}

#[derive(Default)]
pub(super) struct MetaFields<'n, 'a> {
    /// `metadata` itself, to find where its fields are.
    pub(super) map: Option<&'n Mapping<'a>>,
    pub(super) name: Option<String>,
    pub(super) generate_name: Option<String>,
    pub(super) namespace: Option<String>,
    pub(super) annotations: Option<&'n Mapping<'a>>,
    pub(super) labels: Option<&'n Mapping<'a>>,
    pub(super) being_deleted: bool,
}

impl MetaFields<'_, '_> {
    /// Where `field` of `metadata` is written.
    pub(super) fn at(&self, field: &str) -> Option<usize> {
        self.map?.entries.iter().find(|e| e.key == field).map(|e| e.at)
    }
}

/// What `spec` says that hookplan reads: a CRD's `group`, `names.kind` and `scope`; a Job's
/// `ttlSecondsAfterFinished` and `activeDeadlineSeconds`; a cert-manager Certificate's `secretName` and an
/// ExternalSecret's `target.name`; and, from the pod spec at any depth below (`template`, `jobTemplate`,
/// `spec`), the `serviceAccountName` and the references to ServiceAccounts, Secrets, ConfigMaps and
/// PersistentVolumeClaims, each with where its name is written.
#[derive(Default)]
pub(super) struct SpecFields {
    pub(super) group: Option<String>,
    pub(super) names_kind: Option<String>,
    pub(super) scope: Option<String>,
    pub(super) service_account: Option<String>,
    pub(super) refs: Vec<(PodRef, usize)>,
    pub(super) ttl_seconds_after_finished: Option<i64>,
    pub(super) active_deadline_seconds: Option<i64>,
    pub(super) secret_name: Option<String>,
    pub(super) target_name: Option<String>,
}

/// `items`: absent, null (an empty List), a sequence of objects, or anything else (then the object is not a List).
pub(super) enum Items<'n, 'a> {
    Absent,
    Null,
    Sequence(&'n [Node<'a>]),
    Other,
}

/// Reads the head of a document or List item.
///
/// # Errors
/// An identity field (`apiVersion`, `kind`, `metadata.name`, `generateName`, `namespace`) that is not a string,
/// and `metadata`, `annotations` or `labels` that is not a mapping: Go cannot decode such an object. The first in
/// document order; of a List, it is kept in [`HeadFields::list_error`] instead and the items are read.
pub(super) fn head<'n, 'a>(node: &'n Node<'a>) -> Result<Head<'n, 'a>, Unreadable> {
    let map = match &node.value {
        Value::Null => return Ok(Head::Null),
        Value::Map(map) => map,
        other => return Ok(Head::NotObject(other.what())),
    };
    let mut fields = HeadFields {
        api_version: None,
        kind: None,
        metadata: MetaFields::default(),
        spec: SpecFields::default(),
        items: Items::Absent,
        duplicates: map.duplicates.iter().map(|(key, at)| (key.clone(), *at)).collect(),
        list_error: None,
    };
    let mut first_error: Option<Unreadable> = None;
    let mut kind_unreadable = false;
    for entry in &map.entries {
        let value = &entry.value;
        let read = match &*entry.key {
            "apiVersion" => string_field(value, entry.at, "apiVersion", "apiVersion").map(|v| fields.api_version = v),
            "kind" => {
                let kind = string_field(value, entry.at, "kind", "kind");
                kind_unreadable = kind.is_err();
                kind.map(|v| fields.kind = v)
            }
            "metadata" => metadata(value, entry.at).map(|meta| {
                if let Some(map) = meta.map {
                    let given_again = map.duplicates.iter().map(|(key, at)| (format!("metadata.{key}"), *at));
                    fields.duplicates.extend(given_again);
                }
                fields.metadata = meta;
            }),
            "spec" => {
                spec(value, true, &mut fields.spec);
                Ok(())
            }
            "items" => {
                fields.items = match &value.value {
                    Value::Seq(items) => Items::Sequence(items),
                    Value::Null => Items::Null,
                    _ => Items::Other,
                };
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err(err) = read {
            first_error.get_or_insert(err);
        }
    }
    // Argo CD needs a List's own `kind` (apimachinery's "Object 'Kind' is missing"); of its other fields, none.
    let list = matches!(fields.items, Items::Sequence(_));
    match first_error {
        Some(err) if !list || kind_unreadable => Err(err),
        err => {
            fields.list_error = err;
            Ok(Head::Object(Box::new(fields)))
        }
    }
}

/// A field that must be a string or null. A boolean or a number that only Go's YAML 1.1 reads as one gets a fix:
/// quote it.
fn string_field(node: &Node<'_>, at: usize, path: &'static str, key: &str) -> Result<Option<String>, Unreadable> {
    match &node.value {
        Value::Null => Ok(None),
        value @ (Value::Bool(text) | Value::Number(text)) if value.only_in_yaml_1_1() => Err(Unreadable {
            field: path,
            offset: at,
            message: format!("{path}: {} in Go's YAML 1.1 (unquoted `{text}`), expected a string", value.what()),
            help: Some(format!("quote the value: `{key}: \"{text}\"`")),
        }),
        value => match value.as_str() {
            Some(text) => Ok(Some(text.to_string())),
            None => Err(Unreadable {
                field: path,
                offset: at,
                message: format!("{path}: {}, expected a string", value.what()),
                help: None,
            }),
        },
    }
}

fn metadata<'n, 'a>(node: &'n Node<'a>, at: usize) -> Result<MetaFields<'n, 'a>, Unreadable> {
    let map = match &node.value {
        Value::Null => return Ok(MetaFields::default()),
        Value::Map(map) => map,
        other => {
            return Err(Unreadable {
                field: "metadata",
                offset: at,
                message: format!("metadata: {}, expected a mapping", other.what()),
                help: None,
            });
        }
    };
    let mut meta = MetaFields { map: Some(map), ..MetaFields::default() };
    for entry in &map.entries {
        let value = &entry.value;
        let at = entry.at;
        match &*entry.key {
            "name" => meta.name = string_field(value, at, "metadata.name", "name")?,
            "generateName" => meta.generate_name = string_field(value, at, "metadata.generateName", "generateName")?,
            "namespace" => meta.namespace = string_field(value, at, "metadata.namespace", "namespace")?,
            "annotations" => meta.annotations = string_map(value, at, "metadata.annotations")?,
            "labels" => meta.labels = string_map(value, at, "metadata.labels")?,
            "deletionTimestamp" => meta.being_deleted = !matches!(value.value, Value::Null),
            _ => {}
        }
    }
    Ok(meta)
}

/// `metadata.annotations` or `metadata.labels`: a mapping, or null (none).
fn string_map<'n, 'a>(
    node: &'n Node<'a>,
    at: usize,
    path: &'static str,
) -> Result<Option<&'n Mapping<'a>>, Unreadable> {
    match &node.value {
        Value::Map(map) => Ok(Some(map)),
        Value::Null => Ok(None),
        other => Err(Unreadable {
            field: path,
            offset: at,
            message: format!("{path}: {}, expected a mapping of string keys to string values", other.what()),
            help: None,
        }),
    }
}

impl RawValue {
    /// An annotation or label value as Argo CD and Helm see it.
    pub(super) fn of(value: &Value<'_>) -> RawValue {
        match value {
            Value::Str(_) | Value::MergeKey => RawValue::Str(value.as_str().unwrap_or_default().to_string()),
            Value::Bool(_) | Value::Number(_) => {
                let what = match value {
                    _ if !value.only_in_yaml_1_1() => value.what(),
                    Value::Bool(_) => "a boolean in Go's YAML 1.1 (unquoted yes, no, on, off, y and n are booleans)",
                    _ => "a number in Go's YAML 1.1 (unquoted 010, 08, 1_000 and 0b1 are numbers)",
                };
                RawValue::Coerced(what, value.go_string().unwrap_or_default())
            }
            other => RawValue::NonString(other.what()),
        }
    }
}

/// `spec`, or a template's `spec` (`top` false): see [`SpecFields`].
fn spec(node: &Node<'_>, top: bool, out: &mut SpecFields) {
    let Some(map) = node.value.map() else { return };
    for entry in &map.entries {
        let value = &entry.value.value;
        match &*entry.key {
            "group" if top => out.group = value.as_str().map(String::from),
            "scope" if top => out.scope = value.as_str().map(String::from),
            "names" if top => {
                out.names_kind = value.get("kind").and_then(|k| k.value.as_str()).map(String::from);
            }
            "secretName" if top => out.secret_name = value.as_str().map(String::from),
            "target" if top => out.target_name = value.get("name").and_then(|n| n.value.name()).map(String::from),
            "ttlSecondsAfterFinished" if top => out.ttl_seconds_after_finished = value.int(),
            "activeDeadlineSeconds" if top => out.active_deadline_seconds = value.int(),
            key @ ("serviceAccountName" | "serviceAccount") => {
                if let Some(name) = value.name() {
                    // `serviceAccountName` wins over the deprecated `serviceAccount`, as in Kubernetes.
                    if key == "serviceAccountName" || out.service_account.is_none() {
                        out.service_account = Some(name.to_string());
                    }
                    let key = if key == "serviceAccount" { "serviceAccount" } else { "serviceAccountName" };
                    out.refs.push((PodRef { kind: "ServiceAccount", name: name.to_string(), key }, entry.at));
                }
            }
            "volumes" => volume_refs(value, &mut out.refs),
            "imagePullSecrets" => pull_secret_refs(value, &mut out.refs),
            "containers" | "initContainers" | "ephemeralContainers" => container_refs(value, &mut out.refs),
            "template" | "spec" | "jobTemplate" => {
                // A pod template (or a Job template): its pod spec's account and references.
                let mut inner = SpecFields::default();
                spec(&entry.value, false, &mut inner);
                out.service_account = out.service_account.take().or(inner.service_account);
                out.refs.extend(inner.refs);
            }
            _ => {}
        }
    }
}
