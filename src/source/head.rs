//! serde_yaml decoding of the head of a document. Every visitor carries the nesting depth, so that the limit
//! holds for the parts skipped as well as the parts decoded.

use serde::Deserialize;
use serde::de::{self as de, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::RawValue;
use super::merge::{MERGE_KEY, MergeSeed, merge_metadata};
use super::pod::{ContainersSeed, PodRef, Tiny, TinySeed, container_refs, pull_secret_refs, volume_refs};

/// The depth of the node being decoded (the document's root mapping is level 1) and the limit.
#[derive(Clone, Copy)]
pub(super) struct Depth {
    pub(super) level: usize,
    pub(super) max: usize,
}

impl Depth {
    pub(super) fn root(max: usize) -> Depth {
        Depth { level: 0, max }
    }

    /// One level deeper, or an error past the limit.
    pub(super) fn deeper<E: de::Error>(self) -> Result<Depth, E> {
        if self.level >= self.max {
            return Err(E::custom(format_args!("nesting deeper than {} levels", self.max)));
        }
        Ok(Depth { level: self.level + 1, max: self.max })
    }
}

/// Skips any value, enforcing the nesting limit.
pub(super) struct Skip(pub(super) Depth);

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        // Not `deserialize_ignored_any`: serde_yaml skips such a subtree without visiting it, and the nesting
        // limit must see every level.
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let depth = self.0.deeper()?;
        while map.next_key_seed(Skip(depth))?.is_some() {
            map.next_value_seed(Skip(depth))?;
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let depth = self.0.deeper()?;
        while seq.next_element_seed(Skip(depth))?.is_some() {}
        Ok(())
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        let ((), variant) = data.variant_seed(Skip(self.0))?;
        de::VariantAccess::newtype_variant_seed(variant, Skip(self.0))
    }
}

/// A scalar or collection read as a string when it is one; anything else is skipped and named by its type.
pub(super) struct Scalar(pub(super) Depth);

impl<'de> DeserializeSeed<'de> for Scalar {
    type Value = RawValue;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawValue, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scalar {
    type Value = RawValue;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawValue, E> {
        Ok(RawValue::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<RawValue, E> {
        Ok(RawValue::Str(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawValue, E> {
        Ok(RawValue::Coerced("a boolean", v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawValue, E> {
        Ok(RawValue::Coerced("a number", v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawValue, E> {
        Ok(RawValue::Coerced("a number", v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawValue, E> {
        Ok(RawValue::Coerced("a number", super::yaml11::go_float(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<RawValue, E> {
        Ok(RawValue::NonString("null"))
    }
    fn visit_none<E: de::Error>(self) -> Result<RawValue, E> {
        Ok(RawValue::NonString("null"))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawValue, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawValue, A::Error> {
        Skip(self.0).visit_map(map)?;
        Ok(RawValue::NonString("a mapping"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawValue, A::Error> {
        Skip(self.0).visit_seq(seq)?;
        Ok(RawValue::NonString("a sequence"))
    }
    /// A value with a tag of its own (`!foo bar`). Go's YAML cannot resolve a custom tag, so it keeps the scalar as
    /// the string it was written as (kubernetes-sigs/yaml@742f5e6 goyaml.v2/resolve.go `resolve`, whose
    /// `resolvableTag` is false); a tagged mapping or sequence stays one.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<RawValue, A::Error> {
        use de::VariantAccess;
        let (_, variant): (de::IgnoredAny, _) = data.variant()?;
        Ok(match variant.newtype_variant_seed(Scalar(self.0))? {
            RawValue::NonString("a mapping") => RawValue::NonString("a mapping"),
            RawValue::NonString("a sequence") => RawValue::NonString("a sequence"),
            RawValue::NonString("null") => RawValue::Str(String::new()),
            RawValue::Str(text) => RawValue::Str(text),
            // A number, boolean or the like under a custom tag: the string as written, found in the source.
            RawValue::NonString(_) | RawValue::Coerced(..) => RawValue::NonString(TAGGED_SCALAR),
        })
    }
}

/// What a tagged scalar that serde_yaml resolved to a number or a boolean is, until its text is found in the source.
pub(super) const TAGGED_SCALAR: &str = "a tagged scalar";

/// A field that must be a string or null (`apiVersion`, `kind`, `metadata.name`, ...).
pub(super) fn string_field<'de, A: MapAccess<'de>>(
    map: &mut A,
    depth: Depth,
    field: &str,
) -> Result<Option<String>, A::Error> {
    match map.next_value_seed(Scalar(depth))? {
        RawValue::Str(value) => Ok(Some(value)),
        RawValue::NonString("null") => Ok(None),
        RawValue::NonString(what) | RawValue::Coerced(what, _) => {
            Err(de::Error::custom(format_args!("{field}: {what}, expected a string")))
        }
    }
}

/// Marks `field` as seen; a second occurrence is noted in `duplicates` and its value replaces the first, as Go's
/// YAML keeps the last of two equal keys (kubectl's strict decoding refuses them; Argo CD and Helm do not).
pub(super) fn note_field(seen: &mut Vec<&'static str>, duplicates: &mut Vec<&'static str>, field: &'static str) {
    if seen.contains(&field) {
        duplicates.push(field);
    } else {
        seen.push(field);
    }
}

/// A decoded document: an object's head, a null document, or something that is not a mapping.
pub(super) enum Head {
    Object(Box<HeadFields>),
    Null,
    NotObject(&'static str),
}

#[derive(Default)]
pub(super) struct HeadFields {
    pub(super) api_version: Option<String>,
    pub(super) kind: Option<String>,
    pub(super) metadata: Option<MetaFields>,
    pub(super) spec: Option<SpecFields>,
    pub(super) items: Items,
    /// Fields given more than once (the last value is kept).
    pub(super) duplicates: Vec<&'static str>,
}

#[derive(Default)]
pub(super) struct MetaFields {
    pub(super) name: Option<String>,
    pub(super) generate_name: Option<String>,
    pub(super) namespace: Option<String>,
    pub(super) annotations: Option<StringMap>,
    pub(super) labels: Option<StringMap>,
    pub(super) being_deleted: bool,
    /// Fields given more than once (the last value is kept).
    pub(super) duplicates: Vec<&'static str>,
}

/// What `spec` says that hookplan reads: a CRD's `group`, `names.kind` and `scope`; a Job's
/// `ttlSecondsAfterFinished` and `activeDeadlineSeconds`; a cert-manager Certificate's `secretName` and an
/// ExternalSecret's `target.name`; and, from the pod spec at any depth below (`template`, `jobTemplate`,
/// `spec`), the `serviceAccountName` and the references to ServiceAccounts, Secrets, ConfigMaps and
/// PersistentVolumeClaims. Anything else in `spec` is skipped.
#[derive(Default)]
pub(super) struct SpecFields {
    pub(super) group: Option<String>,
    pub(super) names_kind: Option<String>,
    pub(super) scope: Option<String>,
    pub(super) service_account: Option<String>,
    pub(super) refs: Vec<PodRef>,
    pub(super) ttl_seconds_after_finished: Option<i64>,
    pub(super) active_deadline_seconds: Option<i64>,
    pub(super) secret_name: Option<String>,
    pub(super) target_name: Option<String>,
}

/// `items`: absent, null (an empty List), a sequence of objects (decoded one by one, so a bad item costs only
/// itself), or anything else (then the object is not a List).
#[derive(Default)]
pub(super) enum Items {
    #[default]
    Absent,
    Null,
    Sequence(Vec<serde_yaml::Value>),
    Other,
}

/// A mapping of string keys to values of any type, in document order, with duplicate keys noted.
#[derive(Default)]
pub(super) struct StringMap {
    pub(super) entries: Vec<(String, RawValue)>,
    pub(super) duplicates: Vec<String>,
}

/// Decodes a document (or a List item) at a depth.
pub(super) struct HeadSeed(pub(super) Depth);

impl<'de> DeserializeSeed<'de> for HeadSeed {
    type Value = Head;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Head, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for HeadSeed {
    type Value = Head;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a Kubernetes object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Head, A::Error> {
        let depth = self.0.deeper()?;
        let mut fields = HeadFields::default();
        let mut seen = Vec::new();
        while let Some(key) = map.next_key_seed(Scalar(depth))? {
            match key {
                RawValue::Str(key) if key == "apiVersion" => {
                    note_field(&mut seen, &mut fields.duplicates, "apiVersion");
                    fields.api_version = string_field(&mut map, depth, "apiVersion")?;
                }
                RawValue::Str(key) if key == "kind" => {
                    note_field(&mut seen, &mut fields.duplicates, "kind");
                    fields.kind = string_field(&mut map, depth, "kind")?;
                }
                RawValue::Str(key) if key == "metadata" => {
                    note_field(&mut seen, &mut fields.duplicates, "metadata");
                    fields.metadata = map.next_value_seed(MetaSeed(depth))?;
                }
                RawValue::Str(key) if key == "spec" => {
                    note_field(&mut seen, &mut fields.duplicates, "spec");
                    fields.spec = Some(map.next_value_seed(SpecSeed(depth, true))?);
                }
                RawValue::Str(key) if key == "items" => {
                    note_field(&mut seen, &mut fields.duplicates, "items");
                    fields.items = map.next_value_seed(ItemsSeed)?;
                }
                _ => map.next_value_seed(Skip(depth))?,
            }
        }
        Ok(Head::Object(Box::new(fields)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Head, A::Error> {
        Skip(self.0).visit_seq(seq)?;
        Ok(Head::NotObject("a sequence"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Head, E> {
        Ok(Head::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Head, E> {
        Ok(Head::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Head, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Head, E> {
        Ok(Head::NotObject("a string"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Head, E> {
        Ok(Head::NotObject("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Head, E> {
        Ok(Head::NotObject("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Head, E> {
        Ok(Head::NotObject("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Head, E> {
        Ok(Head::NotObject("a number"))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Head, A::Error> {
        Skip(self.0).visit_enum(data)?;
        Ok(Head::NotObject("a tagged value"))
    }
}

/// `metadata`: a mapping, or null.
#[derive(Clone, Copy)]
pub(super) struct MetaSeed(pub(super) Depth);

impl<'de> DeserializeSeed<'de> for MetaSeed {
    type Value = Option<MetaFields>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<MetaFields>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MetaSeed {
    type Value = Option<MetaFields>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("metadata as a mapping")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<MetaFields>, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Option<MetaFields>, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<MetaFields>, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<MetaFields>, A::Error> {
        let depth = self.0.deeper()?;
        let mut meta = MetaFields::default();
        let mut seen = Vec::new();
        let mut merged = Vec::new();
        while let Some(key) = map.next_key_seed(Scalar(depth))? {
            match key {
                RawValue::Str(key) if key == "name" => {
                    note_field(&mut seen, &mut meta.duplicates, "name");
                    meta.name = string_field(&mut map, depth, "metadata.name")?;
                }
                RawValue::Str(key) if key == "generateName" => {
                    note_field(&mut seen, &mut meta.duplicates, "generateName");
                    meta.generate_name = string_field(&mut map, depth, "metadata.generateName")?;
                }
                RawValue::Str(key) if key == "namespace" => {
                    note_field(&mut seen, &mut meta.duplicates, "namespace");
                    meta.namespace = string_field(&mut map, depth, "metadata.namespace")?;
                }
                RawValue::Str(key) if key == "annotations" => {
                    note_field(&mut seen, &mut meta.duplicates, "annotations");
                    meta.annotations = Some(map.next_value_seed(StringMapSeed(depth, "metadata.annotations"))?);
                }
                RawValue::Str(key) if key == "deletionTimestamp" => {
                    note_field(&mut seen, &mut meta.duplicates, "deletionTimestamp");
                    meta.being_deleted = !matches!(map.next_value_seed(Scalar(depth))?, RawValue::NonString("null"));
                }
                RawValue::Str(key) if key == "labels" => {
                    note_field(&mut seen, &mut meta.duplicates, "labels");
                    meta.labels = Some(map.next_value_seed(StringMapSeed(depth, "metadata.labels"))?);
                }
                RawValue::Str(key) if key == MERGE_KEY => merged.extend(map.next_value_seed(MergeSeed(self))?),
                _ => map.next_value_seed(Skip(depth))?,
            }
        }
        merge_metadata(&mut meta, &mut seen, merged);
        Ok(Some(meta))
    }
}

/// `metadata.annotations` or `metadata.labels`: a mapping of string keys, or null.
#[derive(Clone, Copy)]
pub(super) struct StringMapSeed(pub(super) Depth, pub(super) &'static str);

impl<'de> DeserializeSeed<'de> for StringMapSeed {
    type Value = StringMap;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<StringMap, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StringMapSeed {
    type Value = StringMap;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} as a mapping of string keys to string values", self.1)
    }
    fn visit_unit<E: de::Error>(self) -> Result<StringMap, E> {
        Ok(StringMap::default())
    }
    fn visit_none<E: de::Error>(self) -> Result<StringMap, E> {
        Ok(StringMap::default())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<StringMap, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StringMap, A::Error> {
        let depth = self.0.deeper()?;
        let mut out = StringMap::default();
        let mut merged = Vec::new();
        // Where each key is in `entries`, once there are more than a few (a linear search each is quadratic).
        let mut index: Option<foldhash::HashMap<String, usize>> = None;
        while let Some(key) = map.next_key_seed(Scalar(depth))? {
            let RawValue::Str(key) = key else {
                return Err(de::Error::custom(format_args!("{}: a key is not a string", self.1)));
            };
            if key == MERGE_KEY {
                merged.extend(map.next_value_seed(MergeSeed(self))?);
                continue;
            }
            let value = map.next_value_seed(Scalar(depth))?;
            if index.is_none() && out.entries.len() >= 16 {
                index = Some(out.entries.iter().enumerate().map(|(i, (k, _))| (k.clone(), i)).collect());
            }
            let existing = match &index {
                Some(index) => index.get(&key).copied(),
                None => out.entries.iter().position(|(k, _)| *k == key),
            };
            if let Some(at) = existing {
                out.entries[at].1 = value; // Go's YAML keeps the last value
                out.duplicates.push(key);
            } else {
                if let Some(index) = &mut index {
                    index.insert(key.clone(), out.entries.len());
                }
                out.entries.push((key, value));
            }
        }
        if !merged.is_empty() {
            // The mapping's own keys win, then the first merged mapping that has the key.
            let mut keys: foldhash::HashSet<String> = out.entries.iter().map(|(k, _)| k.clone()).collect();
            for (key, value) in merged.into_iter().flat_map(|m| m.entries) {
                if keys.insert(key.clone()) {
                    out.entries.push((key, value));
                }
            }
        }
        Ok(out)
    }
}

/// `spec` ([`SpecFields`]); the flag says whether it is the object's own `spec` (not one of a template).
pub(super) struct SpecSeed(pub(super) Depth, pub(super) bool);

impl<'de> DeserializeSeed<'de> for SpecSeed {
    type Value = SpecFields;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<SpecFields, D::Error> {
        match deserializer.deserialize_any(Scalar(self.0).map_visitor(self))? {
            Some(spec) => Ok(spec),
            None => Ok(SpecFields::default()),
        }
    }
}

impl Scalar {
    /// A visitor that decodes a mapping with `inner` and skips anything else.
    pub(super) fn map_visitor<T>(self, inner: T) -> MapOrSkip<T> {
        MapOrSkip(self.0, inner)
    }
}

/// Decodes a mapping with the inner visitor's `visit_map`; skips any other shape.
pub(super) struct MapOrSkip<T>(pub(super) Depth, pub(super) T);

impl<'de, T: Visitor<'de>> Visitor<'de> for MapOrSkip<T> {
    type Value = Option<T::Value>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any value")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.1.visit_map(map).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Skip(self.0).visit_seq(seq).map(|()| None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        Skip(self.0).visit_enum(data).map(|()| None)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

impl<'de> Visitor<'de> for SpecSeed {
    type Value = SpecFields;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("spec")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SpecFields, A::Error> {
        let depth = self.0.deeper()?;
        let top = self.1;
        let mut spec = SpecFields::default();
        while let Some(key) = map.next_key_seed(Scalar(depth))? {
            let RawValue::Str(key) = key else {
                map.next_value_seed(Skip(depth))?;
                continue;
            };
            match key.as_str() {
                "group" if top => spec.group = map.next_value_seed(Scalar(depth))?.into_string(),
                "scope" if top => spec.scope = map.next_value_seed(Scalar(depth))?.into_string(),
                "names" if top => spec.names_kind = map.next_value_seed(NamesSeed(depth))?,
                "secretName" if top => spec.secret_name = map.next_value_seed(Scalar(depth))?.into_string(),
                "target" if top => {
                    let target = map.next_value_seed(TinySeed(depth))?;
                    spec.target_name = target_name(&target);
                }
                "ttlSecondsAfterFinished" if top => {
                    spec.ttl_seconds_after_finished = map.next_value_seed(TinySeed(depth))?.int();
                }
                "activeDeadlineSeconds" if top => {
                    spec.active_deadline_seconds = map.next_value_seed(TinySeed(depth))?.int();
                }
                "serviceAccountName" | "serviceAccount" => {
                    let name = map.next_value_seed(Scalar(depth))?.into_string().filter(|n| !n.is_empty());
                    if let Some(name) = name {
                        // `serviceAccountName` wins over the deprecated `serviceAccount`, as in Kubernetes.
                        if key == "serviceAccountName" || spec.service_account.is_none() {
                            spec.service_account = Some(name.clone());
                        }
                        spec.refs.push(PodRef {
                            kind: "ServiceAccount",
                            name,
                            key: if key == "serviceAccount" { "serviceAccount" } else { "serviceAccountName" },
                        });
                    }
                }
                "volumes" => volume_refs(&map.next_value_seed(TinySeed(depth))?, &mut spec.refs),
                "imagePullSecrets" => pull_secret_refs(&map.next_value_seed(TinySeed(depth))?, &mut spec.refs),
                "containers" | "initContainers" | "ephemeralContainers" => {
                    container_refs(&map.next_value_seed(ContainersSeed(depth))?, &mut spec.refs);
                }
                "template" | "spec" | "jobTemplate" => {
                    // A pod template (or a Job template): its pod spec's account and references.
                    let inner = map.next_value_seed(SpecSeed(depth, false))?;
                    spec.service_account = spec.service_account.or(inner.service_account);
                    spec.refs.extend(inner.refs);
                }
                _ => map.next_value_seed(Skip(depth))?,
            }
        }
        Ok(spec)
    }
}

/// An ExternalSecret's `spec.target.name`, when a non-empty string.
fn target_name(target: &Tiny) -> Option<String> {
    match target {
        Tiny::Map(entries) => entries.iter().rev().find(|(k, _)| k == "name").and_then(|(_, v)| match v {
            Tiny::Str(name) if !name.is_empty() => Some(name.clone()),
            _ => None,
        }),
        _ => None,
    }
}

impl RawValue {
    pub(super) fn into_string(self) -> Option<String> {
        match self {
            RawValue::Str(value) => Some(value),
            RawValue::NonString(_) | RawValue::Coerced(..) => None,
        }
    }
}

/// `spec.names.kind` if `names` is a mapping with a string `kind`.
pub(super) struct NamesSeed(pub(super) Depth);

impl<'de> DeserializeSeed<'de> for NamesSeed {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<String>, D::Error> {
        Ok(deserializer.deserialize_any(Scalar(self.0).map_visitor(self))?.flatten())
    }
}

impl<'de> Visitor<'de> for NamesSeed {
    type Value = Option<String>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("spec.names")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        let depth = self.0.deeper()?;
        let mut kind = None;
        while let Some(key) = map.next_key_seed(Scalar(depth))? {
            let value = map.next_value_seed(Scalar(depth))?;
            if key == RawValue::Str("kind".into()) {
                kind = value.into_string();
            }
        }
        Ok(kind)
    }
}

/// `items`, kept as YAML values so that each item is decoded on its own. serde_yaml's `Value` refuses alias
/// expansion bombs ("repetition limit exceeded") and nesting past 128 levels by itself.
pub(super) struct ItemsSeed;

impl<'de> DeserializeSeed<'de> for ItemsSeed {
    type Value = Items;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Items, D::Error> {
        match serde_yaml::Value::deserialize(deserializer)? {
            serde_yaml::Value::Sequence(items) => Ok(Items::Sequence(items)),
            serde_yaml::Value::Null => Ok(Items::Null),
            _ => Ok(Items::Other),
        }
    }
}
