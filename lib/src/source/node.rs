//! The nodes hookplan keeps of a YAML document, as Go's YAML (go-yaml v2 through sigs.k8s.io/yaml) decodes them:
//! a node and where it starts, its value (YAML 1.1 scalars as written, mappings after Go's assignments, sequences,
//! or the shape of a collection not kept), and the reading error. Built by `yaml.rs` from the parser's events
//! (mappings by `mapping.rs`), read by the document stage (`doc.rs`, `head.rs`) and the file readers
//! (`config.rs`, `application.rs`).

use std::borrow::Cow;
use std::rc::Rc;

use saphyr_parser::Tag;

use super::yaml11;

/// A node that hookplan reads, and the byte offset in the document's text where it starts.
#[derive(Clone, Debug)]
pub(super) struct Node<'a> {
    pub(super) at: usize,
    pub(super) value: Value<'a>,
}

/// A node's value as Go's YAML reads it.
#[derive(Clone, Debug)]
pub(super) enum Value<'a> {
    Null,
    Str(Cow<'a, str>),
    /// A boolean: the text written (`true`, `yes`, `on`).
    Bool(Cow<'a, str>),
    /// A number: the text written (`010`, `1_000`, `1.5`).
    Number(Cow<'a, str>),
    /// A plain `<<` (or one tagged `!!merge`): the merge key as a key, the string `<<` as a value.
    MergeKey,
    Map(Rc<Mapping<'a>>),
    Seq(Rc<Vec<Node<'a>>>),
    /// A mapping or a sequence whose content hookplan does not read.
    Skipped(Shape),
}

/// The shape of a collection that was not kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    Mapping,
    Sequence,
}

impl<'a> Value<'a> {
    /// What the value is, in words, for messages: "null", "a string", "a boolean", "a number", "a mapping", ...
    pub(super) fn what(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Str(_) | Value::MergeKey => "a string",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::Map(_) | Value::Skipped(Shape::Mapping) => "a mapping",
            Value::Seq(_) | Value::Skipped(Shape::Sequence) => "a sequence",
        }
    }

    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            Value::MergeKey => Some("<<"),
            _ => None,
        }
    }

    /// A non-empty string.
    pub(super) fn name(&self) -> Option<&str> {
        self.as_str().filter(|s| !s.is_empty())
    }

    pub(super) fn map(&self) -> Option<&Mapping<'a>> {
        match self {
            Value::Map(map) => Some(map),
            _ => None,
        }
    }

    /// The value under `key`, when this is a mapping that has it.
    pub(super) fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.map()?.entries.iter().find(|e| e.key == key).map(|e| &e.value)
    }

    /// The items of a sequence; nothing for anything else.
    pub(super) fn items(&self) -> &[Node<'a>] {
        match self {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    /// An integer, as Go reads it (`010` is 8, `1_000` is 1000).
    pub(super) fn int(&self) -> Option<i64> {
        match self {
            Value::Number(text) => yaml11::go_string(text).parse().ok(),
            _ => None,
        }
    }

    /// Whether a boolean is true.
    pub(super) fn is_true(&self) -> bool {
        matches!(self, Value::Bool(text) if yaml11::go_string(text) == "true")
    }

    /// A boolean or a number that YAML 1.2 would read as a string, and Go's YAML 1.1 does not (`yes`, `010`).
    pub(super) fn only_in_yaml_1_1(&self) -> bool {
        match self {
            Value::Bool(text) => !matches!(&**text, "true" | "True" | "TRUE" | "false" | "False" | "FALSE"),
            Value::Number(text) => !yaml11::is_yaml_1_2_number(text),
            _ => false,
        }
    }

    /// A boolean or a number as the string sigs.k8s.io/yaml makes of it for a string field (`true`, `8`).
    pub(super) fn go_string(&self) -> Option<String> {
        match self {
            Value::Bool(text) | Value::Number(text) => Some(yaml11::go_string(text)),
            _ => None,
        }
    }
}

/// A mapping, after Go's assignments: each key once, in the order it first appeared, with its last value.
#[derive(Debug, Default)]
pub(super) struct Mapping<'a> {
    pub(super) entries: Vec<Entry<'a>>,
    /// Keys the mapping itself gives twice (a merge giving a key again is no duplicate): the key, and where it
    /// is given again.
    pub(super) duplicates: Vec<(String, usize)>,
}

/// One key of a mapping.
#[derive(Clone, Debug)]
pub(super) struct Entry<'a> {
    pub(super) key: Cow<'a, str>,
    /// Where the key that gave the value stands.
    pub(super) at: usize,
    pub(super) value: Node<'a>,
    /// Whether the mapping gave this key itself (not through a merge).
    pub(super) own: bool,
}

/// A reading error: where (a byte offset in the document's text) and what.
#[derive(Debug)]
pub(super) struct Error {
    pub(super) offset: usize,
    pub(super) message: String,
    /// Whether the parser is still in step after the error (a key or a merge value that Go's YAML refuses, found
    /// once its node was parsed): the rest of the document can be parsed past it.
    pub(super) resumable: bool,
}

impl Error {
    pub(super) fn new(offset: usize, message: impl Into<String>) -> Error {
        Error { offset, message: message.into(), resumable: false }
    }

    /// What Go's decoder refuses in a node the parser read whole (a key, a merge value, a tagged scalar): the
    /// parser is still in step.
    pub(super) fn refused(offset: usize, message: impl Into<String>) -> Error {
        Error { offset, message: message.into(), resumable: true }
    }
}

/// What Go's decoder says when it refuses a scalar for its tag ([`yaml11::tag_refusal`]); custom tags are not
/// resolved, so never refused.
pub(super) fn tag_refusal(tag: &Tag, text: &str) -> Option<String> {
    if tag.is_yaml_core_schema() { yaml11::tag_refusal(&tag.suffix, text) } else { None }
}
