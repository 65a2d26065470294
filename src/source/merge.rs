//! YAML 1.1 merge keys (`<<: *anchor`), applied as Go's YAML applies them: serde_yaml passes `<<` on as a plain key.

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::head::MetaFields;

/// YAML 1.1's merge key. Go's YAML applies it (kubernetes-sigs/yaml@742f5e6 goyaml.v2/decode.go `merge`); serde_yaml
/// does not, so the head decoder does, under `metadata` and in annotations and labels.
pub(super) const MERGE_KEY: &str = "<<";

/// The value of a merge key: one mapping, or a sequence of mappings, each decoded by the inner visitor. Anything else
/// is an error, as in Go ("map merge requires map or sequence of maps as the value").
pub(super) struct MergeSeed<S>(pub(super) S);

impl<'de, S> DeserializeSeed<'de> for MergeSeed<S>
where
    S: Visitor<'de> + DeserializeSeed<'de, Value = <S as Visitor<'de>>::Value> + Copy,
{
    type Value = Vec<<S as Visitor<'de>>::Value>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, S> Visitor<'de> for MergeSeed<S>
where
    S: Visitor<'de> + DeserializeSeed<'de, Value = <S as Visitor<'de>>::Value> + Copy,
{
    type Value = Vec<<S as Visitor<'de>>::Value>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a mapping or a sequence of mappings after the merge key `<<`")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Ok(vec![self.0.visit_map(map)?])
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(value) = seq.next_element_seed(self.0)? {
            out.push(value);
        }
        Ok(out)
    }
}

/// Fills the `metadata` fields the mapping did not give itself from the merged mappings: a merge is shallow and the
/// mapping's own fields win; of the merged mappings, the first that has a field wins. `seen` lists the fields the
/// mapping has.
pub(super) fn merge_metadata(meta: &mut MetaFields, seen: &mut Vec<&'static str>, merged: Vec<Option<MetaFields>>) {
    for from in merged.into_iter().flatten() {
        let MetaFields { name, generate_name, namespace, annotations, labels, being_deleted, .. } = from;
        let fields: [(&str, bool); 6] = [
            ("name", name.is_some()),
            ("generateName", generate_name.is_some()),
            ("namespace", namespace.is_some()),
            ("annotations", annotations.is_some()),
            ("labels", labels.is_some()),
            ("deletionTimestamp", being_deleted),
        ];
        let mut take = |field: &'static str, present: bool| {
            let free = present && !seen.contains(&field);
            if free {
                seen.push(field);
            }
            free
        };
        let [take_name, take_generate_name, take_namespace, take_annotations, take_labels, take_deletion] =
            fields.map(|(field, present)| take(field, present));
        if take_name {
            meta.name = name;
        }
        if take_generate_name {
            meta.generate_name = generate_name;
        }
        if take_namespace {
            meta.namespace = namespace;
        }
        if take_annotations {
            meta.annotations = annotations;
        }
        if take_labels {
            meta.labels = labels;
        }
        if take_deletion {
            meta.being_deleted = true;
        }
    }
}
