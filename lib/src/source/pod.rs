//! The references of a pod template: which ServiceAccount, Secrets, ConfigMaps and PersistentVolumeClaims it
//! uses by name, each with where its name is written (a byte offset in the document's text).

use super::node::Value;

/// One reference of a pod template to an object by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PodRef {
    /// `ServiceAccount`, `Secret`, `ConfigMap` or `PersistentVolumeClaim`.
    pub kind: &'static str,
    pub name: String,
    /// The field that holds the name (`serviceAccountName`, `secretName`, `name`, `claimName`), to find its line.
    pub key: &'static str,
}

/// The value under `key` of a mapping node.
fn get<'n, 'a>(node: &'n Value<'a>, key: &str) -> Option<&'n Value<'a>> {
    node.get(key).map(|n| &n.value)
}

/// A non-empty string under `key`, and where `key` is written.
fn name_at(node: &Value<'_>, key: &str) -> Option<(String, usize)> {
    let entry = node.map()?.entries.iter().find(|e| e.key == key)?;
    Some((entry.value.value.name()?.to_string(), entry.at))
}

/// `optional: true` on a reference (Go's `yes` too): a missing object does not keep the pod from starting.
fn optional(node: &Value<'_>) -> bool {
    get(node, "optional").is_some_and(Value::is_true)
}

/// The references of `volumes` (secret, configMap, persistentVolumeClaim, projected sources).
pub(super) fn volume_refs(volumes: &Value<'_>, out: &mut Vec<(PodRef, usize)>) {
    for volume in volumes.items().iter().map(|v| &v.value) {
        if let Some(secret) = get(volume, "secret").filter(|s| !optional(s))
            && let Some((name, at)) = name_at(secret, "secretName")
        {
            out.push((PodRef { kind: "Secret", name, key: "secretName" }, at));
        }
        if let Some(config) = get(volume, "configMap").filter(|c| !optional(c))
            && let Some((name, at)) = name_at(config, "name")
        {
            out.push((PodRef { kind: "ConfigMap", name, key: "name" }, at));
        }
        if let Some((name, at)) = get(volume, "persistentVolumeClaim").and_then(|c| name_at(c, "claimName")) {
            out.push((PodRef { kind: "PersistentVolumeClaim", name, key: "claimName" }, at));
        }
        let sources = get(volume, "projected").and_then(|p| get(p, "sources")).map(Value::items).unwrap_or_default();
        for source in sources.iter().map(|s| &s.value) {
            named_ref(get(source, "secret"), "Secret", out);
            named_ref(get(source, "configMap"), "ConfigMap", out);
        }
    }
}

/// The references of containers' `env[].valueFrom` key refs and `envFrom`.
pub(super) fn container_refs(containers: &Value<'_>, out: &mut Vec<(PodRef, usize)>) {
    for container in containers.items().iter().map(|c| &c.value) {
        for env in get(container, "env").map(Value::items).unwrap_or_default().iter().map(|e| &e.value) {
            let from = get(env, "valueFrom");
            named_ref(from.and_then(|f| get(f, "secretKeyRef")), "Secret", out);
            named_ref(from.and_then(|f| get(f, "configMapKeyRef")), "ConfigMap", out);
        }
        for from in get(container, "envFrom").map(Value::items).unwrap_or_default().iter().map(|f| &f.value) {
            named_ref(get(from, "secretRef"), "Secret", out);
            named_ref(get(from, "configMapRef"), "ConfigMap", out);
        }
    }
}

/// The references of `imagePullSecrets` (never optional: a missing one stops the image pull).
pub(super) fn pull_secret_refs(pull: &Value<'_>, out: &mut Vec<(PodRef, usize)>) {
    for secret in pull.items() {
        if let Some((name, at)) = name_at(&secret.value, "name") {
            out.push((PodRef { kind: "Secret", name, key: "name" }, at));
        }
    }
}

/// A `{name, optional}` reference, unless optional.
fn named_ref(node: Option<&Value<'_>>, kind: &'static str, out: &mut Vec<(PodRef, usize)>) {
    if let Some(node) = node.filter(|n| !optional(n))
        && let Some((name, at)) = name_at(node, "name")
    {
        out.push((PodRef { kind, name, key: "name" }, at));
    }
}
