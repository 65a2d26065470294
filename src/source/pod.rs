//! The references of a pod template: which ServiceAccount, Secrets, ConfigMaps and PersistentVolumeClaims it
//! uses by name. Only the fields that hold references are decoded (into a small tree), the rest is skipped, and
//! every visitor carries the nesting depth.

use serde::de::{self as de, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::head::{Depth, Skip};

/// A decoded value of the few subtrees read here.
#[derive(Debug)]
pub(super) enum Tiny {
    Str(String),
    Bool(bool),
    Int(i64),
    Map(Vec<(String, Tiny)>),
    Seq(Vec<Tiny>),
    Other,
}

impl Tiny {
    fn get(&self, key: &str) -> Option<&Tiny> {
        match self {
            Tiny::Map(entries) => entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn str(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            Tiny::Str(s) if !s.is_empty() => Some(s),
            _ => None,
        }
    }

    fn items(&self) -> &[Tiny] {
        match self {
            Tiny::Seq(items) => items,
            _ => &[],
        }
    }

    /// `optional: true` on a reference: a missing object does not keep the pod from starting.
    fn optional(&self) -> bool {
        matches!(self.get("optional"), Some(Tiny::Bool(true)))
    }

    /// An integer value, when the node is one.
    pub(super) fn int(&self) -> Option<i64> {
        match self {
            Tiny::Int(n) => Some(*n),
            _ => None,
        }
    }
}

/// Decodes any value into a [`Tiny`] tree, within the nesting limit.
pub(super) struct TinySeed(pub(super) Depth);

impl<'de> DeserializeSeed<'de> for TinySeed {
    type Value = Tiny;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Tiny, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TinySeed {
    type Value = Tiny;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Tiny, E> {
        Ok(Tiny::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Tiny, E> {
        Ok(Tiny::Str(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Tiny, E> {
        Ok(Tiny::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Tiny, E> {
        Ok(Tiny::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Tiny, E> {
        Ok(i64::try_from(v).map_or(Tiny::Other, Tiny::Int))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Tiny, E> {
        Ok(Tiny::Other)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Tiny, E> {
        Ok(Tiny::Other)
    }
    fn visit_none<E: de::Error>(self) -> Result<Tiny, E> {
        Ok(Tiny::Other)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Tiny, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tiny, A::Error> {
        let depth = self.0.deeper()?;
        let mut entries = Vec::new();
        while let Some(key) = map.next_key_seed(TinySeed(depth))? {
            match key {
                Tiny::Str(key) => entries.push((key, map.next_value_seed(TinySeed(depth))?)),
                _ => map.next_value_seed(Skip(depth))?,
            }
        }
        Ok(Tiny::Map(entries))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tiny, A::Error> {
        let depth = self.0.deeper()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(TinySeed(depth))? {
            items.push(item);
        }
        Ok(Tiny::Seq(items))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Tiny, A::Error> {
        Skip(self.0).visit_enum(data).map(|()| Tiny::Other)
    }
}

/// `containers` (or `initContainers`, `ephemeralContainers`): a sequence of containers, each reduced to its
/// `env` and `envFrom`; everything else (images, commands, probes, resources) is skipped.
pub(super) struct ContainersSeed(pub(super) Depth);

impl<'de> DeserializeSeed<'de> for ContainersSeed {
    type Value = Vec<Tiny>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<Tiny>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ContainersSeed {
    type Value = Vec<Tiny>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of containers")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Tiny>, A::Error> {
        let depth = self.0.deeper()?;
        let mut containers = Vec::new();
        while let Some(container) = seq.next_element_seed(ContainerSeed(depth))? {
            containers.push(container);
        }
        Ok(containers)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<Tiny>, A::Error> {
        Skip(self.0).visit_map(map).map(|()| Vec::new())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Vec<Tiny>, E> {
        Ok(Vec::new())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Vec<Tiny>, E> {
        Ok(Vec::new())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Vec<Tiny>, E> {
        Ok(Vec::new())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Vec<Tiny>, E> {
        Ok(Vec::new())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Vec<Tiny>, E> {
        Ok(Vec::new())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Vec<Tiny>, E> {
        Ok(Vec::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<Vec<Tiny>, E> {
        Ok(Vec::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Tiny>, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Vec<Tiny>, A::Error> {
        Skip(self.0).visit_enum(data).map(|()| Vec::new())
    }
}

/// One container: its `env` and `envFrom`.
struct ContainerSeed(Depth);

impl<'de> DeserializeSeed<'de> for ContainerSeed {
    type Value = Tiny;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Tiny, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ContainerSeed {
    type Value = Tiny;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a container")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tiny, A::Error> {
        let depth = self.0.deeper()?;
        let mut entries = Vec::new();
        while let Some(key) = map.next_key_seed(TinySeed(depth))? {
            match key {
                Tiny::Str(key) if key == "env" || key == "envFrom" => {
                    entries.push((key, map.next_value_seed(TinySeed(depth))?));
                }
                _ => map.next_value_seed(Skip(depth))?,
            }
        }
        Ok(Tiny::Map(entries))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Tiny, A::Error> {
        Skip(self.0).visit_seq(seq).map(|()| Tiny::Other)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Tiny, E> {
        Ok(Tiny::Other)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Tiny, E> {
        Ok(Tiny::Other)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Tiny, E> {
        Ok(Tiny::Other)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Tiny, E> {
        Ok(Tiny::Other)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Tiny, E> {
        Ok(Tiny::Other)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Tiny, E> {
        Ok(Tiny::Other)
    }
    fn visit_none<E: de::Error>(self) -> Result<Tiny, E> {
        Ok(Tiny::Other)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Tiny, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Tiny, A::Error> {
        Skip(self.0).visit_enum(data).map(|()| Tiny::Other)
    }
}

/// One reference of a pod template to an object by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PodRef {
    /// `ServiceAccount`, `Secret`, `ConfigMap` or `PersistentVolumeClaim`.
    pub kind: &'static str,
    pub name: String,
    /// The field that holds the name (`serviceAccountName`, `secretName`, `name`, `claimName`), to find its line.
    pub key: &'static str,
}

/// The references of `volumes` (secret, configMap, persistentVolumeClaim, projected sources).
pub(super) fn volume_refs(volumes: &Tiny, out: &mut Vec<PodRef>) {
    for volume in volumes.items() {
        if let Some(secret) = volume.get("secret").filter(|s| !s.optional())
            && let Some(name) = secret.str("secretName")
        {
            out.push(PodRef { kind: "Secret", name: name.to_string(), key: "secretName" });
        }
        if let Some(config) = volume.get("configMap").filter(|c| !c.optional())
            && let Some(name) = config.str("name")
        {
            out.push(PodRef { kind: "ConfigMap", name: name.to_string(), key: "name" });
        }
        if let Some(name) = volume.get("persistentVolumeClaim").and_then(|c| c.str("claimName")) {
            out.push(PodRef { kind: "PersistentVolumeClaim", name: name.to_string(), key: "claimName" });
        }
        for source in volume.get("projected").and_then(|p| p.get("sources")).map(Tiny::items).unwrap_or_default() {
            named_ref(source.get("secret"), "Secret", out);
            named_ref(source.get("configMap"), "ConfigMap", out);
        }
    }
}

/// The references of containers' `env[].valueFrom` key refs and `envFrom`.
pub(super) fn container_refs(containers: &[Tiny], out: &mut Vec<PodRef>) {
    for container in containers {
        for env in container.get("env").map(Tiny::items).unwrap_or_default() {
            let from = env.get("valueFrom");
            named_ref(from.and_then(|f| f.get("secretKeyRef")), "Secret", out);
            named_ref(from.and_then(|f| f.get("configMapKeyRef")), "ConfigMap", out);
        }
        for from in container.get("envFrom").map(Tiny::items).unwrap_or_default() {
            named_ref(from.get("secretRef"), "Secret", out);
            named_ref(from.get("configMapRef"), "ConfigMap", out);
        }
    }
}

/// The references of `imagePullSecrets` (never optional: a missing one stops the image pull).
pub(super) fn pull_secret_refs(pull: &Tiny, out: &mut Vec<PodRef>) {
    for secret in pull.items() {
        if let Some(name) = secret.str("name") {
            out.push(PodRef { kind: "Secret", name: name.to_string(), key: "name" });
        }
    }
}

/// A `{name, optional}` reference, unless optional.
fn named_ref(node: Option<&Tiny>, kind: &'static str, out: &mut Vec<PodRef>) {
    if let Some(node) = node.filter(|n| !n.optional())
        && let Some(name) = node.str("name")
    {
        out.push(PodRef { kind, name: name.to_string(), key: "name" });
    }
}
