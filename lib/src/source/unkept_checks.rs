//! What Go's decoder refuses in the parts of a document that hookplan does not keep: a mapping key that is null or
//! a collection (kubernetes-sigs/yaml@742f5e6 yaml.go `convertToJSONableObject`: "unsupported map key"), and a
//! merge key whose value is not a mapping or a sequence of mappings (goyaml.v2/decode.go `merge`), and a scalar
//! whose core tag Go's decoder refuses (`!!int abc`, `!!binary` that is not base64: `yaml11::tag_refusal`). Each
//! makes Argo CD and Helm refuse the whole document wherever it stands, a CRD's schema or a pod template's labels
//! (a Helm template whose key renders empty writes `: value`). The parts not kept are counted rather than built (see
//! `Keep`), so these are checked on the events: each open collection records where it stands between its nodes.

use saphyr_parser::{ScalarStyle, Tag};

use super::mapping::{KeyName, bad_merge, key_string, refused_key};
use super::node::{Error, Node, Shape, Value, tag_refusal};

/// Where each open collection of the skipped parts stands, innermost last.
#[derive(Debug, Default)]
pub(super) struct Slots(Vec<Slot>);

/// What the next node of an open collection is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    /// An item of a sequence.
    Item,
    /// A mapping's key.
    Key,
    /// A mapping's value.
    Value,
    /// The value of a merge key: a mapping, or a sequence of mappings.
    MergeValue,
    /// An item of a merge key's sequence: a mapping.
    MergeItem,
}

/// What Go's decoder refuses, before its place is known.
#[derive(Debug)]
pub(super) enum Refused {
    /// A key that is "null", "a mapping" or "a sequence".
    Key(&'static str),
    /// A merge key's value.
    Merge,
    /// A scalar whose tag Go's decoder refuses (`node::tag_refusal`): what it says.
    Tag(String),
}

impl Refused {
    /// The reading error, at `offset`.
    pub(super) fn at(self, offset: usize) -> Error {
        match self {
            Refused::Key(what) => refused_key(what, offset),
            Refused::Merge => bad_merge(offset),
            Refused::Tag(message) => Error::refused(offset, message),
        }
    }
}

impl Slots {
    /// Forgets every collection (a new document).
    pub(super) fn clear(&mut self) {
        self.0.clear();
    }

    /// A collection that is not kept opens as a node of a kept one, which checks it as it checks any node.
    pub(super) fn open_skipped(&mut self, shape: Shape) {
        self.0.push(if shape == Shape::Mapping { Slot::Key } else { Slot::Item });
    }

    /// That collection closes.
    pub(super) fn close_skipped(&mut self) {
        self.0.pop();
    }

    /// A collection opens inside a skipped one.
    pub(super) fn open(&mut self, shape: Shape) -> Result<(), Refused> {
        let merge_items = match self.0.last() {
            Some(Slot::Key) => {
                return Err(Refused::Key(if shape == Shape::Mapping { "a mapping" } else { "a sequence" }));
            }
            Some(Slot::MergeItem) if shape == Shape::Sequence => return Err(Refused::Merge),
            Some(Slot::MergeValue) => true,
            _ => false,
        };
        self.0.push(match shape {
            Shape::Mapping => Slot::Key,
            Shape::Sequence if merge_items => Slot::MergeItem,
            Shape::Sequence => Slot::Item,
        });
        Ok(())
    }

    /// A collection inside a skipped one closes: its parent goes on to its next node.
    pub(super) fn close(&mut self) {
        self.0.pop();
        if let Some(slot) = self.0.last_mut()
            && matches!(slot, Slot::Value | Slot::MergeValue)
        {
            *slot = Slot::Key;
        }
    }

    /// A scalar inside a skipped collection, as written (its anchor is not kept, so neither is it).
    pub(super) fn scalar(&mut self, text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Result<(), Refused> {
        if let Some(refusal) = tag.and_then(|tag| tag_refusal(tag, text)) {
            return Err(Refused::Tag(refusal));
        }
        let Some(slot) = self.0.last_mut() else { return Ok(()) };
        match *slot {
            Slot::Item => {}
            Slot::Value => *slot = Slot::Key,
            Slot::MergeValue | Slot::MergeItem => return Err(Refused::Merge),
            Slot::Key => {
                // As `resolve.go` resolves a plain scalar, and as the core tags force it.
                let plain = style == ScalarStyle::Plain && tag.is_none();
                let core = |suffix: &str| tag.is_some_and(|t| t.is_yaml_core_schema() && t.suffix == suffix);
                if (plain && matches!(text, "" | "~" | "null" | "Null" | "NULL")) || core("null") {
                    return Err(Refused::Key("null"));
                }
                *slot = if (plain && text == "<<") || core("merge") { Slot::MergeValue } else { Slot::Value };
            }
        }
        Ok(())
    }

    /// A node built inside a skipped collection: an anchored node (kept whole) or an alias.
    ///
    /// # Errors
    /// The node is a key Go refuses, or the value of a merge key that is not a mapping or a sequence of mappings.
    pub(super) fn node(&mut self, node: &Node<'_>) -> Result<(), Error> {
        let Some(slot) = self.0.last_mut() else { return Ok(()) };
        let map = |node: &Node<'_>| matches!(node.value, Value::Map(_));
        match *slot {
            Slot::MergeItem if !map(node) => return Err(bad_merge(node.at)),
            Slot::Item | Slot::MergeItem => {}
            Slot::Value => *slot = Slot::Key,
            Slot::Key => {
                *slot = match key_string(node)? {
                    KeyName::Merge => Slot::MergeValue,
                    KeyName::Key(_) => Slot::Value,
                };
            }
            Slot::MergeValue => {
                if !(map(node) || matches!(&node.value, Value::Seq(items) if items.iter().all(map))) {
                    return Err(bad_merge(node.at));
                }
                *slot = Slot::Key;
            }
        }
        Ok(())
    }
}
