//! The YAML reader: saphyr-parser's events, built into a tree of only the parts hookplan reads, the way Go's YAML
//! (go-yaml v2, which Argo CD, kubectl and Helm decode manifests with through sigs.k8s.io/yaml) reads them.
//!
//! Every event of a document is parsed, so a syntax error anywhere is still an error, but only the nodes that the
//! head of an object needs are kept (see [`Keep`]); the rest is counted and dropped. What Go does and a YAML 1.2
//! reader would not, applied here and, for mappings, in `mapping.rs` (kubernetes-sigs/yaml@742f5e6 goyaml.v2):
//! - plain scalars are resolved as YAML 1.1 (`resolve.go` `resolve`): `yes`, `on`, `y` are booleans, `010`, `08`,
//!   `1_000`, `0b1` numbers; a quoted or block scalar is a string; a custom tag leaves the string as written;
//!   `!!str` makes a string and `!!binary` is decoded;
//! - a mapping's entries are assigned in document order, so a key given twice keeps its last value, and a merge
//!   key (`<<`, `decode.go` `merge`) assigns the merged mapping's entries where it stands (of a sequence of
//!   mappings, the first wins; `mapping.rs`);
//! - a document whose aliases expand past Go's ratio is refused (`decode.go` `allowedAliasRatio`:
//!   "document contains excessive aliasing");
//! - non-string keys become strings as sigs.k8s.io/yaml `convertToJSONableObject` makes them (`true`, `8`); a
//!   null, mapping or sequence key is an error there and here (`mapping.rs`).
//!
//! The tree is built without recursion, so the nesting limit answers at the first node past it, whatever the depth
//! of the input; saphyr-parser's scanner itself refuses flow collections nested past 255 levels.

use std::borrow::Cow;
use std::rc::Rc;

use saphyr_parser::{Event, ScalarStyle, ScanError, Span, Tag};

use super::ascii_input::Events;
use super::go_text::{GoText, Padded, Positions};
use super::keep::Keep;
use super::mapping::{KeyName, MappingBuilder, key_string};
use super::node::{Error, Node, Shape, Value, tag_refusal};
use super::unkept_checks::Slots;
use super::yaml11;

/// A mapping or sequence being built.
enum Frame<'a> {
    Map {
        at: usize,
        anchor: usize,
        keep: Keep,
        weight: u64,
        map: MappingBuilder<'a>,
        /// The key read, waiting for its value: the key (None for a merge key), where it is, what to keep.
        key: Option<(Option<Cow<'a, str>>, usize, Keep)>,
    },
    Seq {
        at: usize,
        anchor: usize,
        keep: Keep,
        weight: u64,
        items: Vec<Node<'a>>,
    },
    /// A collection not kept: how many collections are open inside it.
    Skip {
        at: usize,
        shape: Shape,
        open: usize,
        weight: u64,
    },
}

/// Reads the documents of one piece of input.
pub(super) struct Reader<'a> {
    parser: Events<'a>,
    positions: Positions<'a>,
    max_nesting: usize,
    /// The anchors of the current document, by saphyr's anchor id: the node and its weight.
    anchors: Vec<Option<(Node<'a>, u64)>>,
    /// Go's counts of the nodes decoded and of those decoded through an alias (`decode.go` `unmarshal`).
    decoded: u64,
    aliased: u64,
    /// An error met after the root of the last document, for the next one.
    pending: Option<Error>,
    /// Where the open collections of the parts not kept stand, to find the keys Go refuses there.
    slots: Slots,
}

impl<'a> Reader<'a> {
    pub(super) fn new(text: &'a str, max_nesting: usize) -> Self {
        Reader::with_positions(Events::text(text), Positions::new(text, &[], &[]), max_nesting)
    }

    /// A reader of a text with Go's line breaks written for the parser (`go_text::line_breaks_as_go`); offsets
    /// are those of the original.
    pub(super) fn go(go: &'a GoText<'a>, max_nesting: usize) -> Self {
        let text = &go.text;
        Reader::with_positions(Events::text(text), Positions::new(text, &[], &go.removed), max_nesting)
    }

    /// A reader of a text known to be plain ASCII (`go_text::plain_ascii`): the parser reads it byte by byte, and
    /// its character indexes are byte offsets.
    pub(super) fn new_ascii(text: &'a str, max_nesting: usize) -> Self {
        Reader::with_positions(Events::ascii(text), Positions::ascii(text), max_nesting)
    }

    fn with_positions(parser: Events<'a>, positions: Positions<'a>, max_nesting: usize) -> Self {
        Reader {
            parser,
            positions,
            max_nesting,
            anchors: Vec::new(),
            decoded: 0,
            aliased: 0,
            pending: None,
            slots: Slots::default(),
        }
    }

    /// A reader of a copy made by `go_text::pad_flow_lines` of a document's text as `go` gives it (with
    /// `removed`, see `GoText`); offsets are those of the original.
    pub(super) fn padded(padded: &'a Padded, removed: &'a [(usize, usize)], max_nesting: usize) -> Self {
        let text = &padded.text;
        Reader::with_positions(Events::text(text), Positions::new(text, &padded.shifts, removed), max_nesting)
    }

    fn next(&mut self) -> Result<(Event<'a>, usize), Error> {
        match self.parser.next_event() {
            Some(Ok((Event::Scalar(Cow::Owned(text), style, anchor, tag), span))) => {
                let at = self.offset(&span);
                let text = self.borrowed(text, style, &span);
                Ok((Event::Scalar(text, style, anchor, tag), at))
            }
            Some(Ok((event, span))) => Ok((event, self.offset(&span))),
            Some(Err(err)) => Err(self.scan_error(&err)),
            None => Ok((Event::StreamEnd, self.positions.original(self.positions.text().len()))),
        }
    }

    /// A scalar the parser built as its own string, as a slice of the text when it is written there as it is (a
    /// plain scalar on one line, a quoted one without escapes or line breaks), so that the parser's string is freed
    /// at once. Kept scalars that held on to the parser's strings sat between the strings it grows next, and made
    /// its reallocations copy: a fifth of hookplan's time on top of the parser's.
    fn borrowed(&mut self, text: String, style: ScalarStyle, span: &Span) -> Cow<'a, str> {
        let from = self.positions.byte(span.start.index());
        let to = self.positions.byte(span.end.index());
        let written = self.positions.text().get(from..to).unwrap_or_default();
        let inner = match style {
            ScalarStyle::Plain => Some(written),
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                written.get(1..written.len().saturating_sub(1)).filter(|_| written.len() >= 2)
            }
            _ => None,
        };
        match inner {
            Some(inner) if inner == text => Cow::Borrowed(inner),
            _ => Cow::Owned(text),
        }
    }

    fn offset(&mut self, span: &Span) -> usize {
        let byte = self.positions.byte(span.start.index());
        self.positions.original(byte)
    }

    fn scan_error(&mut self, err: &ScanError) -> Error {
        let padded_offset = self.positions.byte(err.marker().index());
        let offset = self.positions.original(padded_offset);
        let text = self.positions.text();
        let message = match err.info() {
            "while parsing node, found unknown anchor" => {
                let rest = text.get(padded_offset..).and_then(|r| r.strip_prefix('*')).unwrap_or_default();
                let end = rest.find([' ', '\t', '\r', '\n', ',', ']', '}']).unwrap_or(rest.len());
                let alias = rest.get(..end.min(100)).unwrap_or_default();
                format!(
                    "unknown anchor: the alias `*{alias}` refers to no anchor before it in its document (anchors do \
                     not cross `---`)"
                )
            }
            // The scanner refuses flow collections past 255 levels before the nesting limit can count them.
            "recursion limit exceeded" if self.max_nesting < 256 => {
                format!("nesting deeper than {} levels", self.max_nesting)
            }
            "recursion limit exceeded" => {
                "flow collections nested deeper than 255 levels (the YAML parser's limit)".to_string()
            }
            info => info.to_string(),
        };
        Error::new(offset, message)
    }

    /// The next document's root, with `keep` of it kept; `None` at the end of the stream.
    pub(super) fn document(&mut self, keep: Keep) -> Result<Option<Node<'a>>, Error> {
        if let Some(err) = self.pending.take() {
            return Err(err);
        }
        self.anchors.clear();
        self.slots.clear();
        self.decoded = 1; // the document node
        self.aliased = 0;
        loop {
            match self.next()?.0 {
                Event::StreamEnd => return Ok(None),
                Event::DocumentStart(_) => break,
                _ => {}
            }
        }
        let (event, at) = self.next()?;
        let root = self.node(event, at, keep)?;
        // The parser looks at what follows the root before it ends the document; Go's YAML decodes the first
        // document without going further, so an error there belongs to what follows.
        match self.next() {
            Ok((Event::DocumentEnd, _)) => {}
            Ok((_, at)) => self.pending = Some(Error::new(at, "content after the document")),
            Err(err) => self.pending = Some(err),
        }
        Ok(Some(root))
    }

    /// After a [resumable](Error::resumable) error: parses the rest of the document, without building anything;
    /// whether it ends without a syntax error, so that what follows it can be read.
    pub(super) fn finish_document(&mut self) -> bool {
        loop {
            match self.parser.next_event() {
                Some(Ok((Event::DocumentEnd, _))) => return true,
                Some(Ok((Event::StreamEnd, _)) | Err(_)) | None => return false,
                Some(Ok(_)) => {}
            }
        }
    }

    /// Builds the node that starts with `event`, keeping `keep` of it.
    fn node(&mut self, event: Event<'a>, at: usize, keep: Keep) -> Result<Node<'a>, Error> {
        let mut stack: Vec<Frame<'a>> = Vec::new();
        let mut depth: usize = 0;
        let mut event = event;
        let mut at = at;
        loop {
            // What the next node keeps: its parent's choice.
            let keep_here = match stack.last() {
                None => keep,
                Some(Frame::Map { key: Some((_, _, k)), .. }) => *k,
                // A key: scalars are kept; a collection as a key is an error, found when it ends.
                Some(Frame::Map { key: None, keep, .. }) => {
                    if *keep == Keep::Nothing {
                        Keep::Nothing
                    } else {
                        Keep::All
                    }
                }
                Some(Frame::Seq { keep, .. }) => keep.element(),
                Some(Frame::Skip { .. }) => Keep::Nothing,
            };
            if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
                depth = depth.saturating_sub(1);
            }
            let done: Option<(Node<'a>, u64, usize)> = match event {
                // A scalar that is not kept is not resolved either (most of a CRD's schema), only checked for a tag
                // Go refuses.
                Event::Scalar(text, _, 0, tag) if keep_here == Keep::Nothing => {
                    if let Some(refusal) = tag.as_deref().and_then(|tag| tag_refusal(tag, &text)) {
                        return Err(Error::refused(at, refusal));
                    }
                    Some((Node { at, value: Value::Null }, 1, 0))
                }
                Event::Scalar(text, style, anchor, tag) => {
                    if let Some(refusal) = tag.as_deref().and_then(|tag| tag_refusal(tag, &text)) {
                        return Err(Error::refused(at, refusal));
                    }
                    let value = scalar(text, style, tag.as_deref());
                    Some((Node { at, value }, 1, anchor))
                }
                Event::Alias(id) => {
                    let Some(Some((node, weight))) = self.anchors.get(id).cloned() else {
                        return Err(Error::new(at, "an alias refers to an unknown anchor"));
                    };
                    self.aliased = self.aliased.saturating_add(weight);
                    self.decoded = self.decoded.saturating_add(weight);
                    self.check_aliasing(at)?;
                    Some((Node { at, ..node }, weight.saturating_add(1), 0))
                }
                Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                    let shape = if matches!(event, Event::MappingStart(..)) { Shape::Mapping } else { Shape::Sequence };
                    depth += 1;
                    if depth > self.max_nesting {
                        return Err(self.too_deep(at));
                    }
                    let keep = if anchor == 0 { keep_here } else { Keep::All };
                    self.open(&mut stack, shape, anchor, keep, at)?;
                    None
                }
                Event::MappingEnd | Event::SequenceEnd => match stack.pop() {
                    Some(Frame::Skip { open, at: start, shape, weight }) if open > 0 => {
                        // A collection inside a skipped one: counted as one node more.
                        self.decoded = self.decoded.saturating_add(1);
                        self.slots.close();
                        stack.push(Frame::Skip { at: start, shape, open: open - 1, weight: weight.saturating_add(1) });
                        None
                    }
                    Some(Frame::Skip { at, shape, weight, .. }) => {
                        self.slots.close_skipped();
                        Some((Node { at, value: Value::Skipped(shape) }, weight, 0))
                    }
                    Some(Frame::Map { at, anchor, weight, map, .. }) => {
                        Some((Node { at, value: Value::Map(Rc::new(map.finish())) }, weight, anchor))
                    }
                    Some(Frame::Seq { at, anchor, weight, items, .. }) => {
                        Some((Node { at, value: Value::Seq(Rc::new(items)) }, weight, anchor))
                    }
                    None => {
                        return Err(Error::new(at, "a collection ends that never started"));
                    }
                },
                _ => {
                    return Err(Error::new(at, "unexpected event inside a document"));
                }
            };
            if let Some((node, weight, anchor)) = done {
                self.decoded = self.decoded.saturating_add(1);
                if anchor != 0 {
                    if self.anchors.len() <= anchor {
                        self.anchors.resize(anchor + 1, None);
                    }
                    self.anchors[anchor] = Some((node.clone(), weight));
                }
                match stack.last_mut() {
                    None => return Ok(node),
                    Some(parent) => {
                        if matches!(parent, Frame::Skip { .. }) {
                            self.slots.node(&node)?;
                        }
                        deliver(parent, node, weight)?;
                    }
                }
            }
            (event, at) = self.next_outside_skipped(&mut stack, &mut depth)?;
        }
    }

    /// Opens a collection: counted inside a skipped one, skipped when not kept, or built.
    fn open(
        &mut self,
        stack: &mut Vec<Frame<'a>>,
        shape: Shape,
        anchor: usize,
        keep: Keep,
        at: usize,
    ) -> Result<(), Error> {
        match (stack.last_mut(), keep) {
            (Some(Frame::Skip { open, .. }), Keep::Nothing) => {
                *open += 1;
                self.slots.open(shape).map_err(|refused| refused.at(at))?;
            }
            (_, Keep::Nothing) => {
                self.slots.open_skipped(shape);
                stack.push(Frame::Skip { at, shape, open: 0, weight: 1 });
            }
            (_, keep) if shape == Shape::Mapping => {
                stack.push(Frame::Map { at, anchor, keep, weight: 1, map: MappingBuilder::default(), key: None });
            }
            (_, keep) => stack.push(Frame::Seq { at, anchor, keep, weight: 1, items: Vec::new() }),
        }
        Ok(())
    }

    /// The next event that is not plain content of a skipped collection. Inside one (most of a CRD's schema),
    /// scalars and collections without anchors are counted as the loop in `node` counts them, without building
    /// anything or mapping their positions: the same weights, depth and decoded nodes, in a tighter loop.
    fn next_outside_skipped(
        &mut self,
        stack: &mut [Frame<'a>],
        depth: &mut usize,
    ) -> Result<(Event<'a>, usize), Error> {
        let Some(Frame::Skip { open, weight, .. }) = stack.last_mut() else {
            return self.next();
        };
        loop {
            match self.parser.next_event() {
                Some(Ok((Event::Scalar(text, style, 0, tag), span))) => {
                    *weight = weight.saturating_add(1);
                    self.decoded = self.decoded.saturating_add(1);
                    if let Err(refused) = self.slots.scalar(&text, style, tag.as_deref()) {
                        return Err(refused.at(self.offset(&span)));
                    }
                }
                Some(Ok((event @ (Event::MappingStart(0, _) | Event::SequenceStart(0, _)), span))) => {
                    *depth += 1;
                    if *depth > self.max_nesting {
                        let at = self.offset(&span);
                        return Err(self.too_deep(at));
                    }
                    *open += 1;
                    let shape = if matches!(event, Event::MappingStart(..)) { Shape::Mapping } else { Shape::Sequence };
                    if let Err(refused) = self.slots.open(shape) {
                        return Err(refused.at(self.offset(&span)));
                    }
                }
                Some(Ok((Event::MappingEnd | Event::SequenceEnd, _))) if *open > 0 => {
                    *depth = depth.saturating_sub(1);
                    *open -= 1;
                    *weight = weight.saturating_add(1);
                    self.decoded = self.decoded.saturating_add(1);
                    self.slots.close();
                }
                Some(Ok((event, span))) => return Ok((event, self.offset(&span))),
                Some(Err(err)) => return Err(self.scan_error(&err)),
                None => return Ok((Event::StreamEnd, self.positions.original(self.positions.text().len()))),
            }
        }
    }

    fn too_deep(&self, at: usize) -> Error {
        Error::new(at, format!("nesting deeper than {} levels", self.max_nesting))
    }

    /// Go's limit on alias expansion (`decode.go` `unmarshal` and `allowedAliasRatio`).
    fn check_aliasing(&self, at: usize) -> Result<(), Error> {
        #[allow(clippy::cast_precision_loss)] // counts far below 2^52
        let (aliased, decoded) = (self.aliased as f64, self.decoded as f64);
        let allowed = if decoded <= 400_000.0 {
            0.99
        } else if decoded >= 4_000_000.0 {
            0.10
        } else {
            0.99 - 0.89 * ((decoded - 400_000.0) / 3_600_000.0)
        };
        if self.aliased > 100 && self.decoded > 1000 && aliased / decoded > allowed {
            return Err(Error::new(
                at,
                "the document contains excessive aliasing (an alias expansion bomb), which Go's YAML \
                          refuses",
            ));
        }
        Ok(())
    }
}

/// Hands a finished node to the collection it belongs to.
fn deliver<'a>(parent: &mut Frame<'a>, node: Node<'a>, weight: u64) -> Result<(), Error> {
    match parent {
        Frame::Skip { weight: total, .. } => *total = total.saturating_add(weight),
        Frame::Seq { items, keep, weight: total, .. } => {
            *total = total.saturating_add(weight);
            if keep.element() != Keep::Nothing {
                items.push(node);
            }
        }
        Frame::Map { keep, weight: total, map, key, .. } => {
            *total = total.saturating_add(weight);
            match key.take() {
                None => {
                    let (name, child) = match key_string(&node)? {
                        // Merged mappings are kept whole and filtered as they are merged.
                        KeyName::Merge => (None, Keep::All),
                        KeyName::Key(name) => {
                            let child = keep.child(&name);
                            (Some(name), child)
                        }
                    };
                    *key = Some((name, node.at, child));
                }
                Some((None, at, _)) => map.merge(*keep, &node, at)?,
                Some((Some(name), at, child)) => {
                    if child != Keep::Nothing {
                        map.assign(name, at, node, true);
                    }
                }
            }
        }
    }
    Ok(())
}

/// A scalar as Go reads it (goyaml.v2/resolve.go `resolve`, decode.go `scalar`).
fn scalar<'a>(text: Cow<'a, str>, style: ScalarStyle, tag: Option<&Tag>) -> Value<'a> {
    if let Some(tag) = tag {
        if !tag.is_yaml_core_schema() {
            // A custom tag is not resolvable: the string as written.
            return Value::Str(text);
        }
        return match tag.suffix.as_str() {
            // Valid base64 (`tag_refusal` has refused the rest).
            "binary" => yaml11::decode_binary(&text).map_or(Value::Str(text), |s| Value::Str(Cow::Owned(s))),
            "merge" => Value::MergeKey,
            "null" | "bool" | "int" | "float" => plain(text),
            // `!!str`, and the other core tags, which Go decodes into a string.
            _ => Value::Str(text),
        };
    }
    if style == ScalarStyle::Plain { plain(text) } else { Value::Str(text) }
}

fn plain(text: Cow<'_, str>) -> Value<'_> {
    match &*text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "<<" => return Value::MergeKey,
        _ => {}
    }
    match yaml11::go_type(&text) {
        Some("a boolean") => Value::Bool(text),
        Some(_) => Value::Number(text),
        None => Value::Str(text),
    }
}

#[cfg(test)]
mod tests {
    use super::super::keep::Keep;
    use super::super::node::Value;
    use super::Reader;

    #[test]
    fn non_ascii_offsets_are_bytes() {
        let text = "é: ключ\nb: [x, \"ü\", y]\n";
        let root = Reader::new(text, 10).document(Keep::All).unwrap().unwrap();
        let b = root.value.get("b").unwrap();
        let at: Vec<_> = b.value.items().iter().map(|n| n.at).collect();
        assert_eq!(at, [text.find('x').unwrap(), text.find('"').unwrap(), text.find('y').unwrap()]);
        assert!(matches!(root.value.get("é").unwrap().value, Value::Str(ref s) if s == "ключ"));
    }

    #[test]
    fn a_sequence_of_merged_mappings_lets_the_first_win() {
        let text = "a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nc:\n  <<: [*a, *b]\n";
        let root = Reader::new(text, 10).document(Keep::All).unwrap().unwrap();
        let c = root.value.get("c").unwrap();
        let got: Vec<_> =
            c.value.map().unwrap().entries.iter().map(|e| (e.key.to_string(), e.value.value.go_string())).collect();
        assert_eq!(got.len(), 3);
        assert_eq!(c.value.get("x").and_then(|x| x.value.go_string()).as_deref(), Some("1"));
        assert_eq!(c.value.get("z").and_then(|x| x.value.go_string()).as_deref(), Some("2"));
    }

    /// Kept scalars written as they are borrow the text; any other keeps the parser's string, so the value is the
    /// parsed one whatever the style.
    #[test]
    fn scalars_borrow_the_text_only_when_it_is_their_value() {
        let text = "plain: a b
single: 'x y'
double: \"z\"
escaped: \"t\\tu\"
quote: 'it''s'
folded: a\n  b\nblock: |\n  line\nnon-ascii: \"ü ß\"\n";
        let root = Reader::new(text, 10).document(Keep::All).unwrap().unwrap();
        let value = |key: &str| match &root.value.get(key).unwrap().value {
            Value::Str(s) => (s.to_string(), matches!(s, std::borrow::Cow::Borrowed(_))),
            other => panic!("{key}: {other:?}"),
        };
        assert_eq!(value("plain"), ("a b".to_string(), true));
        assert_eq!(value("single"), ("x y".to_string(), true));
        assert_eq!(value("double"), ("z".to_string(), true));
        assert_eq!(value("escaped"), ("t\tu".to_string(), false));
        assert_eq!(value("quote"), ("it's".to_string(), false));
        assert_eq!(value("folded"), ("a b".to_string(), false));
        assert_eq!(value("block"), ("line\n".to_string(), false));
        assert_eq!(value("non-ascii"), ("ü ß".to_string(), true));
    }
}
