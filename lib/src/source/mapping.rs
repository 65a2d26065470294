//! Building a mapping as Go's YAML decoder builds it (kubernetes-sigs/yaml@742f5e6 goyaml.v2/decode.go `mapping`, `merge`):
//! entries assigned in document order, the last value of a key kept at its first position, merge keys, and keys
//! made strings as sigs.k8s.io/yaml `convertToJSONableObject` makes them.

use std::borrow::Cow;
use std::rc::Rc;

use super::keep::Keep;
use super::node::{Entry, Error, Mapping, Node, Value};
use super::yaml11;

/// A mapping being built: the mapping, and where each key is in its entries once there are more than a few.
#[derive(Default)]
pub(super) struct MappingBuilder<'a> {
    map: Mapping<'a>,
    index: Option<foldhash::HashMap<Cow<'a, str>, usize>>,
}

impl<'a> MappingBuilder<'a> {
    /// Assigns `key`, as Go's decoder does: the last assignment wins, the first position stays. `own`: the
    /// mapping gives the key itself (not through a merge).
    pub(super) fn assign(&mut self, key: Cow<'a, str>, at: usize, value: Node<'a>, own: bool) {
        let MappingBuilder { map, index } = self;
        if index.is_none() && map.entries.len() >= 16 {
            *index = Some(map.entries.iter().enumerate().map(|(i, e)| (e.key.clone(), i)).collect());
        }
        let existing = match index {
            Some(index) => index.get(&key).copied(),
            None => map.entries.iter().position(|e| e.key == key),
        };
        if let Some(i) = existing {
            let entry = &mut map.entries[i];
            if own && entry.own {
                map.duplicates.push((key.into_owned(), at));
            }
            entry.at = at;
            entry.value = value;
            entry.own |= own;
        } else {
            if let Some(index) = index {
                index.insert(key.clone(), map.entries.len());
            }
            map.entries.push(Entry { key, at, value, own });
        }
    }

    /// Applies a merge key's value (kubernetes-sigs/yaml@742f5e6 goyaml.v2/decode.go `merge`): a mapping's entries
    /// are assigned; of a sequence of mappings, the last is assigned first so that the first wins; anything else
    /// fails. Only the entries `keep` keeps are assigned.
    pub(super) fn merge(&mut self, keep: Keep, value: &Node<'a>, at: usize) -> Result<(), Error> {
        let fail = || bad_merge(at);
        let sources: Vec<Rc<Mapping<'a>>> = match &value.value {
            Value::Map(m) => vec![m.clone()],
            Value::Seq(items) => items
                .iter()
                .rev()
                .map(|item| match &item.value {
                    Value::Map(m) => Ok(m.clone()),
                    _ => Err(fail()),
                })
                .collect::<Result<_, _>>()?,
            _ => return Err(fail()),
        };
        for source in sources {
            for entry in &source.entries {
                if keep == Keep::All || keep.child(&entry.key) != Keep::Nothing {
                    self.assign(entry.key.clone(), entry.at, entry.value.clone(), false);
                }
            }
        }
        Ok(())
    }

    /// The mapping built.
    pub(super) fn finish(self) -> Mapping<'a> {
        self.map
    }
}

/// A mapping key as Go's YAML names it.
pub(super) enum KeyName<'a> {
    Key(Cow<'a, str>),
    Merge,
}

/// A key as sigs.k8s.io/yaml makes a string of it (`convertToJSONableObject`), or the merge key.
pub(super) fn key_string<'a>(node: &Node<'a>) -> Result<KeyName<'a>, Error> {
    let fail = |what: &str| refused_key(what, node.at);
    Ok(KeyName::Key(match &node.value {
        Value::MergeKey => return Ok(KeyName::Merge),
        Value::Str(s) => s.clone(),
        Value::Bool(text) => Cow::Owned(yaml11::go_string(text)),
        Value::Number(text) => Cow::Owned(match yaml11::go_string(text).as_str() {
            "+Inf" => ".inf".to_string(),
            "-Inf" => "-.inf".to_string(),
            "NaN" => ".nan".to_string(),
            other => other.to_string(),
        }),
        other => return Err(fail(other.what())),
    }))
}

/// A key Go's YAML cannot turn into a JSON key (`what`: "null", "a mapping", "a sequence"), at `offset`.
pub(super) fn refused_key(what: &str, offset: usize) -> Error {
    Error::refused(offset, format!("a mapping key is {what}, which Go's YAML cannot turn into a JSON key"))
}

/// A merge key's value that is not a mapping or a sequence of mappings, at `offset`.
pub(super) fn bad_merge(offset: usize) -> Error {
    Error::refused(
        offset,
        "Go's YAML wants a mapping or a sequence of mappings after the merge key `<<` (\"map merge requires map or \
         sequence of maps as the value\")",
    )
}
