//! Reading manifests: bytes to documents with locations. The only module that knows serde_yaml.
//!
//! The reader never stops at the first problem. It splits a YAML stream into documents itself, at column-0
//! `---` and `...` markers, and hands each document to serde_yaml on its own, because serde_yaml's
//! multi-document iterator never ends after an error. A broken document therefore costs only itself: it becomes
//! an error diagnostic naming file, document, line and column, and the documents before and after it are read.
//!
//! Decisions (each pinned by a test in `tests/it/source.rs`):
//! - A leading UTF-8 byte-order mark is skipped. Invalid UTF-8 is an error for the document that holds it only.
//! - Tabs after values are accepted, as Go's YAML (kubectl, Argo CD) accepts them.
//! - Quoted and bare keys are the same key.
//! - Only the head of each document is decoded: `apiVersion`, `kind`, `metadata.{name, generateName, namespace,
//!   annotations, labels}`, a CRD's `spec.group` and `spec.names.kind`, and a List's `items`. The rest is skipped.
//! - An annotation (or label) value that is not a string (`sync-wave: 5`, `true`, `null`, a map) is kept as a
//!   non-string value; the resource stage reports it, because Argo CD then reads no annotations at all.
//! - A duplicate annotation or label key keeps the last value, as Go's YAML does, and is reported.
//!   A duplicate top-level or `metadata` field makes the document unreadable.
//! - A document that is not a mapping (a scalar, a sequence) is reported and not planned.
//! - Empty and null documents are skipped. An object whose `items` is a sequence is unpacked into its items,
//!   recursively (Argo CD's repo server unpacks `IsList()` objects, whatever their kind); `items: null` is an
//!   empty List and yields nothing.

use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::diagnostic::{Diagnostic, rules};
use crate::limits::Limits;
use crate::location::Location;

/// A value found under `metadata.annotations` or `metadata.labels`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RawValue {
    /// A YAML string, as Kubernetes requires.
    Str(String),
    /// Anything else; the text names its YAML type ("a number", "a boolean", "null", "a mapping", ...).
    NonString(&'static str),
}

/// One annotation or label entry, with where its key sits.
#[derive(Clone, Debug)]
pub(crate) struct RawEntry {
    pub key: String,
    pub value: RawValue,
    pub at: Location,
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
    /// Keys that appeared twice under annotations (`true`) or labels (`false`).
    pub duplicate_keys: Vec<(String, bool, Location)>,
    /// `spec.group` and `spec.names.kind`, when both are strings.
    pub crd_names: Option<(String, String)>,
    /// `spec.scope`, when a string.
    pub crd_scope: Option<String>,
    /// The pod's `serviceAccountName`, when a string.
    pub service_account: Option<String>,
    /// Whether the object came out of a List's `items`.
    pub in_list: bool,
    /// Whether `metadata.deletionTimestamp` is set (a live object being deleted).
    pub being_deleted: bool,
}

/// What reading one input produced.
#[derive(Debug, Default)]
pub(crate) struct ReadOutput {
    pub objects: Vec<RawObject>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads one input (a YAML stream or a JSON document) into objects and diagnostics, within `limits`.
pub(crate) fn read(file: &Arc<str>, bytes: &[u8], limits: &Limits, out: &mut ReadOutput) {
    let body_start = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    for (index, segment) in split(bytes, body_start).into_iter().enumerate() {
        let over = if index >= limits.max_documents {
            Some(format!("over the limit of {} documents", limits.max_documents))
        } else if segment.end > limits.max_input_bytes {
            Some(format!("input is {} bytes, over the limit of {} bytes", bytes.len(), limits.max_input_bytes))
        } else {
            None
        };
        if let Some(why) = over {
            let at = Location::new(file.clone(), index, segment.line, 1);
            out.diagnostics.push(Diagnostic::new(
                &rules::UNREADABLE_DOCUMENT,
                format!("{why}: document {index} (line {}) and every document after it are not read", segment.line),
                Some("split the input, or raise the limit (hookplan::Limits)".into()),
                at,
            ));
            return;
        }
        if segment.end - segment.start > limits.max_document_bytes {
            let at = Location::new(file.clone(), index, segment.line, 1);
            out.diagnostics.push(Diagnostic::new(
                &rules::UNREADABLE_DOCUMENT,
                format!(
                    "document {index} is {} bytes, over the limit of {} bytes: it is not read",
                    segment.end - segment.start,
                    limits.max_document_bytes
                ),
                None,
                at,
            ));
            continue;
        }
        read_segment(file, bytes, index, &segment, limits, out);
    }
}

/// A document's raw extent: from its `---` marker (if any) to the next marker.
#[derive(Debug)]
struct Segment {
    start: usize,
    end: usize,
    /// 1-based line of `start`.
    line: usize,
}

/// Splits a stream at column-0 document markers. Returns only segments that are YAML documents: those opened by
/// `---`, and those with content.
fn split(bytes: &[u8], body_start: usize) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut current = Segment { start: body_start, end: body_start, line: 1 };
    let mut explicit = false;
    let mut pos = body_start;
    let mut line = 1;
    let push = |segment: Segment, explicit: bool, segments: &mut Vec<Segment>| {
        if explicit || has_content(&bytes[segment.start..segment.end]) {
            segments.push(segment);
        }
    };
    while pos < bytes.len() {
        let line_end = bytes[pos..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| pos + i + 1);
        let text = &bytes[pos..line_end];
        if is_marker(text, b"---") {
            current.end = pos;
            push(std::mem::replace(&mut current, Segment { start: pos, end: pos, line }), explicit, &mut segments);
            explicit = true;
        } else if is_marker(text, b"...") {
            current.end = pos;
            push(
                std::mem::replace(&mut current, Segment { start: line_end, end: line_end, line: line + 1 }),
                explicit,
                &mut segments,
            );
            explicit = false;
        }
        pos = line_end;
        line += 1;
    }
    current.end = bytes.len();
    push(current, explicit, &mut segments);
    segments
}

fn is_marker(line: &[u8], marker: &[u8]) -> bool {
    line.starts_with(marker) && matches!(line.get(3), None | Some(b' ' | b'\t' | b'\r' | b'\n'))
}

/// Whether a segment holds anything but blank lines, comments, directives and a bare `---` marker.
fn has_content(segment: &[u8]) -> bool {
    segment.split(|&b| b == b'\n').any(|line| first_content(line).is_some())
}

/// Byte offset of the first content character of a line, skipping a leading `---` marker.
fn first_content(line: &[u8]) -> Option<usize> {
    let mut from = 0;
    if is_marker(line, b"---") {
        from = 3;
    } else if line.first() == Some(&b'%') {
        return None;
    }
    let offset = line[from..].iter().position(|&b| !matches!(b, b' ' | b'\t' | b'\r'))? + from;
    (line[offset] != b'#').then_some(offset)
}

fn read_segment(file: &Arc<str>, bytes: &[u8], index: usize, segment: &Segment, limits: &Limits, out: &mut ReadOutput) {
    let raw = &bytes[segment.start..segment.end];
    let Some((content_line, content_col)) = content_start(raw) else {
        return; // an explicit but empty document
    };
    let doc_location = Location::new(file.clone(), index, segment.line + content_line, content_col + 1);
    let span = segment.start + line_offset(raw, content_line)..segment.end;
    let text = match std::str::from_utf8(raw) {
        Ok(text) => text,
        Err(err) => {
            let (line, column) = line_col(raw, err.valid_up_to());
            let at = Location::new(file.clone(), index, segment.line + line - 1, column);
            out.diagnostics.push(Diagnostic::new(
                &rules::UNREADABLE_DOCUMENT,
                format!("document {index} is not valid UTF-8 (invalid byte at line {}, column {column})", at.line),
                None,
                at,
            ));
            return;
        }
    };
    let doc = Doc { file, index, text, first_line: segment.line, span, limits };
    let root = Depth::root(limits.max_nesting);
    match serde_yaml::Deserializer::from_str(text).next().map(|d| HeadSeed(root).deserialize(d)) {
        None | Some(Ok(Head::Null)) => {}
        Some(Ok(Head::NotObject(what))) => out.diagnostics.push(Diagnostic::new(
            &rules::NOT_AN_OBJECT,
            format!("document {index} is {what}, not a Kubernetes object (a mapping)"),
            Some("a manifest document must be a mapping with apiVersion, kind and metadata".into()),
            doc_location,
        )),
        Some(Ok(Head::Object(fields))) => {
            let region = Region::root(text, line_offset(raw, content_line));
            doc.object(*fields, &region, doc_location, &mut 0, out);
        }
        Some(Err(err)) => out.diagnostics.push(doc.error(&err)),
    }
}

/// (0-based line, 0-based column in chars) of the first content of a segment.
fn content_start(raw: &[u8]) -> Option<(usize, usize)> {
    raw.split(|&b| b == b'\n').enumerate().find_map(|(n, line)| {
        let offset = first_content(line)?;
        let column = String::from_utf8_lossy(&line[..offset]).chars().count();
        Some((n, column))
    })
}

fn line_offset(raw: &[u8], line: usize) -> usize {
    if line == 0 {
        return 0;
    }
    raw.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(line - 1).map_or(raw.len(), |(i, _)| i + 1)
}

/// 1-based (line, column in chars) of a byte offset.
fn line_col(raw: &[u8], offset: usize) -> (usize, usize) {
    let before = &raw[..offset.min(raw.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    (line, String::from_utf8_lossy(&before[line_start..]).chars().count() + 1)
}

/// The parser's message without its ` at line N column M` fragments, which count from the document's start
/// rather than the file's; the diagnostic's location carries the position instead.
fn without_positions(message: &str) -> String {
    let message = match message.rfind(" at position ") {
        Some(i) if message[i + " at position ".len()..].bytes().all(|b| b.is_ascii_digit()) => &message[..i],
        _ => message,
    };
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let tail = &after[digits..];
        if digits > 0 && tail.starts_with(" column ") {
            let column = &tail[" column ".len()..];
            rest = column.trim_start_matches(|c: char| c.is_ascii_digit());
        } else {
            out.push_str(" at line ");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// One document being decoded.
struct Doc<'a> {
    limits: &'a Limits,
    file: &'a Arc<str>,
    index: usize,
    text: &'a str,
    first_line: usize,
    span: Range<usize>,
}

impl Doc<'_> {
    fn at(&self, offset: usize) -> Location {
        let (line, column) = line_col(self.text.as_bytes(), offset);
        Location::new(self.file.clone(), self.index, self.first_line + line - 1, column)
    }

    fn error(&self, err: &serde_yaml::Error) -> Diagnostic {
        let at = match err.location() {
            // An error at the end of the input (an unclosed bracket) points at the end of the last content line.
            Some(loc) if loc.index() >= self.text.trim_end().len() => self.at(self.text.trim_end().len()),
            // From the byte offset, not the parser's line: it also breaks lines at a lone `\r`, hookplan and
            // editors at `\n` only.
            Some(loc) => self.at(loc.index().min(self.text.len())),
            None => self.at(0),
        };
        let message = without_positions(&err.to_string())
            .replace("recursion limit exceeded", "nesting deeper than 128 levels (the YAML parser's limit)");
        // The parser prefixes the path to the failing node; for a nesting error that path is the problem itself.
        let message = message.find("nesting deeper than").map_or(message.as_str(), |i| &message[i..]);
        Diagnostic::new(
            &rules::UNREADABLE_DOCUMENT,
            format!("cannot read document {}: {message}", self.index),
            None,
            at,
        )
    }

    fn object(
        &self,
        fields: HeadFields,
        region: &Region,
        location: Location,
        items_seen: &mut usize,
        out: &mut ReadOutput,
    ) {
        let in_list = location.item.is_some();
        if !matches!(fields.items, Items::Absent | Items::Other) {
            let Items::Sequence(items) = fields.items else {
                return; // `items: null`: an empty List
            };
            let found = self.locate(region, &["items"]).map(|(_, child)| child);
            let entries = found.map(|child| child.entries(self.text)).unwrap_or_default();
            for (n, item) in items.into_iter().enumerate() {
                let item_region = entries.get(n).cloned();
                let item_location =
                    item_region.as_ref().map_or_else(|| location.clone(), |r| self.at(r.start)).in_item(*items_seen);
                *items_seen += 1;
                // The List's root mapping is level 1, `items` level 2, so an item's mapping is level 3.
                match HeadSeed(Depth { level: 2, max: self.limits.max_nesting }).deserialize(item) {
                    Ok(Head::Object(head)) => {
                        let item_region = item_region.unwrap_or_else(|| Region::empty(region.start));
                        self.object(*head, &item_region, item_location, items_seen, out);
                    }
                    Ok(Head::Null) => {}
                    Ok(Head::NotObject(what)) => out.diagnostics.push(Diagnostic::new(
                        &rules::NOT_AN_OBJECT,
                        format!("item {n} of the List in document {} is {what}, not a Kubernetes object", self.index),
                        None,
                        item_location,
                    )),
                    Err(err) => out.diagnostics.push(Diagnostic::new(
                        &rules::UNREADABLE_DOCUMENT,
                        format!(
                            "cannot read item {n} of the List in document {}: {}",
                            self.index,
                            err.to_string()
                                .find("nesting deeper than")
                                .map_or(err.to_string(), |i| err.to_string()[i..].to_string())
                        ),
                        None,
                        item_location,
                    )),
                }
            }
            return;
        }
        let meta = fields.metadata.unwrap_or_default();
        let mut duplicate_keys = Vec::new();
        let mut entries = |map: Option<StringMap>, field: &str, is_annotation: bool| -> Vec<RawEntry> {
            let Some(map) = map else { return Vec::new() };
            let parent = self.locate(region, &["metadata", field]);
            let mut found = Vec::with_capacity(map.entries.len());
            for (key, value) in map.entries {
                let at = self.key_location(parent.as_ref(), &key, &location);
                found.push(RawEntry { key, value, at });
            }
            for key in map.duplicates {
                let at = self.key_location(parent.as_ref(), &key, &location);
                duplicate_keys.push((key, is_annotation, at));
            }
            found
        };
        let mut annotations = entries(meta.annotations, "annotations", true);
        let mut labels = entries(meta.labels, "labels", false);
        for entry in annotations.iter_mut().chain(labels.iter_mut()) {
            entry.at.item = location.item;
        }
        for (_, _, at) in &mut duplicate_keys {
            at.item = location.item;
        }
        let service_account = fields.spec.as_ref().and_then(|spec| spec.service_account.clone());
        let (crd_names, crd_scope) = match fields.spec {
            Some(SpecFields { group: Some(group), names_kind: Some(kind), scope, .. }) => (Some((group, kind)), scope),
            Some(spec) => (None, spec.scope),
            None => (None, None),
        };
        out.objects.push(RawObject {
            location,
            span: self.span.clone(),
            api_version: fields.api_version,
            kind: fields.kind,
            name: meta.name,
            generate_name: meta.generate_name,
            namespace: meta.namespace,
            annotations,
            labels,
            duplicate_keys,
            crd_names,
            crd_scope,
            service_account,
            in_list,
            being_deleted: meta.being_deleted,
        });
    }

    /// Finds a path of keys below a region; returns the last key's (byte offset, child region).
    fn locate(&self, region: &Region, path: &[&str]) -> Option<(usize, Region)> {
        let mut current = region.clone();
        let mut found = None;
        for key in path {
            let (offset, child) = current.find_key(self.text, key)?;
            found = Some(offset);
            current = child;
        }
        found.map(|offset| (offset, current))
    }

    fn key_location(&self, parent: Option<&(usize, Region)>, key: &str, fallback: &Location) -> Location {
        match parent {
            Some((parent_offset, region)) => match region.find_key(self.text, key) {
                Some((offset, _)) => self.at(offset),
                None => self.at(*parent_offset),
            },
            None => fallback.clone(),
        }
    }
}

/// A byte range of a document's text holding one YAML node, in block or flow (JSON) style.
#[derive(Clone, Debug)]
struct Region {
    start: usize,
    end: usize,
}

impl Region {
    fn root(text: &str, start: usize) -> Region {
        Region { start, end: text.len() }
    }

    fn empty(at: usize) -> Region {
        Region { start: at, end: at }
    }

    /// The lines of the region: (byte offset of the line start, the whole line, bytes of the first line that
    /// lie before the region and count as indentation).
    fn lines<'t>(&self, text: &'t str) -> impl Iterator<Item = (usize, &'t str, usize)> {
        let first = line_start(text, self.start);
        let skip = self.start - first;
        let slice = if self.start >= self.end { "" } else { &text[first..self.end] };
        slice.split_inclusive('\n').scan((first, skip), |(offset, skip), line| {
            let item = (*offset, line.trim_end_matches(['\n', '\r']), *skip);
            *offset += line.len();
            *skip = 0;
            Some(item)
        })
    }

    fn is_flow(&self, text: &str) -> bool {
        self.lines(text)
            .find_map(|(_, line, skip)| content_of(line, skip))
            .is_some_and(|(_, c)| c.starts_with(['{', '[']))
    }

    /// Finds `key` directly in this mapping; returns the key's byte offset and its value's region.
    fn find_key(&self, text: &str, key: &str) -> Option<(usize, Region)> {
        if self.start >= self.end {
            return None;
        }
        if self.is_flow(text) {
            return self.find_flow_key(text, key);
        }
        let mut level = None;
        let mut hit: Option<(usize, usize, usize)> = None; // (key offset, key column, end of key line)
        for (offset, line, skip) in self.lines(text) {
            let Some((indent, content)) = content_of(line, skip) else { continue };
            if let Some((key_offset, key_col, _)) = hit {
                if indent < key_col || (indent == key_col && !is_seq_entry(content)) {
                    return Some((key_offset, Region { start: region_start_after(text, key_offset), end: offset }));
                }
                continue;
            }
            let (col, parsed) = parse_key(line, indent);
            let level = *level.get_or_insert(col);
            if indent < level && col < level {
                return None;
            }
            if col == level && parsed.as_deref() == Some(key) {
                hit = Some((offset + col, col, offset + line.len()));
            }
        }
        hit.map(|(key_offset, _, _)| {
            (key_offset, Region { start: region_start_after(text, key_offset), end: self.end })
        })
    }

    fn find_flow_key(&self, text: &str, key: &str) -> Option<(usize, Region)> {
        let slice = &text[self.start..self.end];
        let at = find_quoted_or_plain(slice, key)?;
        let after = slice[at..].find(':').map(|j| at + j + 1)?;
        Some((self.start + at, Region { start: self.start + after, end: self.end }))
    }

    /// The entries of a sequence held by this region, each as its own region (block `- ` entries or the
    /// elements of a JSON array).
    fn entries(&self, text: &str) -> Vec<Region> {
        if self.is_flow(text) {
            return flow_elements(text, self.start, self.end);
        }
        let mut starts = Vec::new();
        let mut entry_indent = None;
        for (offset, line, skip) in self.lines(text) {
            let Some((indent, content)) = content_of(line, skip) else { continue };
            if is_seq_entry(content) && *entry_indent.get_or_insert(indent) == indent {
                let mut start = offset + line[..indent].len() + 1;
                start += line[indent + 1..].len() - line[indent + 1..].trim_start().len();
                starts.push(start);
            }
        }
        let mut regions: Vec<Region> = Vec::with_capacity(starts.len());
        for (n, &start) in starts.iter().enumerate() {
            let end = starts.get(n + 1).map_or(self.end, |next| line_start(text, *next));
            regions.push(Region { start, end });
        }
        regions
    }
}

/// (indent in bytes, content) of a line that holds content, or `None` for blank and comment lines and bare
/// `---` markers. The first `skip` bytes count as indentation (they belong to an enclosing node).
fn content_of(line: &str, skip: usize) -> Option<(usize, &str)> {
    let skip = skip.min(line.len());
    if !line.is_char_boundary(skip) {
        return None;
    }
    if skip == 0 && is_marker(line.as_bytes(), b"---") {
        return content_of(line, 3);
    }
    let trimmed = line[skip..].trim_start_matches(' ');
    let indent = line.len() - trimmed.len();
    let content = trimmed.trim_end();
    (!content.is_empty() && !content.starts_with('#')).then_some((indent, content))
}

fn is_seq_entry(content: &str) -> bool {
    content == "-" || content.starts_with("- ") || content.starts_with("-\t")
}

/// The byte column of the key on a block line (after any `- ` entry markers) and the key itself.
fn parse_key(line: &str, indent: usize) -> (usize, Option<String>) {
    let mut col = indent;
    while is_seq_entry(&line[col..]) {
        let rest = &line[col + 1..];
        col += 1 + rest.len() - rest.trim_start().len();
    }
    let rest = &line[col..];
    let (key, after) = if let Some(quoted) = rest.strip_prefix('"') {
        match quoted.find('"') {
            Some(end) => (quoted[..end].replace("\\/", "/"), &quoted[end + 1..]),
            None => return (col, None),
        }
    } else if let Some(quoted) = rest.strip_prefix('\'') {
        match quoted.find('\'') {
            Some(end) => (quoted[..end].to_string(), &quoted[end + 1..]),
            None => return (col, None),
        }
    } else {
        let end = rest
            .match_indices(':')
            .map(|(i, _)| i)
            .find(|&i| rest[i + 1..].is_empty() || rest[i + 1..].starts_with([' ', '\t']));
        match end {
            Some(end) => (rest[..end].trim_end().to_string(), &rest[end..]),
            None => return (col, None),
        }
    };
    if after.trim_start_matches([' ', '\t']).starts_with(':') { (col, Some(key)) } else { (col, None) }
}

fn region_start_after(text: &str, key_offset: usize) -> usize {
    // The value of a block key starts right after its colon; for a nested mapping this is the rest of the key
    // line (usually empty) followed by the indented lines.
    let line_end = text[key_offset..].find('\n').map_or(text.len(), |i| key_offset + i + 1);
    let colon = text[key_offset..line_end].find(':').map_or(line_end, |i| key_offset + i + 1);
    if text[colon..line_end].trim().is_empty() || text[colon..line_end].trim_start().starts_with('#') {
        line_end
    } else {
        colon
    }
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// Finds `"key"` (or a bare `key` followed by `:`) in flow text.
fn find_quoted_or_plain(text: &str, key: &str) -> Option<usize> {
    if key.is_empty() {
        return None;
    }
    let quoted = format!("\"{key}\"");
    let mut from = 0;
    while let Some(i) = text[from..].find(&quoted) {
        let at = from + i;
        if text[at + quoted.len()..].trim_start().starts_with(':') {
            return Some(at);
        }
        from = at + 1;
    }
    let mut from = 0;
    while let Some(i) = text[from..].find(key) {
        let at = from + i;
        let before_ok = at == 0 || text[..at].ends_with([' ', '{', ',', '\n', '\t']);
        if before_ok && text[at + key.len()..].starts_with(':') {
            return Some(at);
        }
        from = at + key.len();
    }
    None
}

/// The element regions of the JSON or flow array that opens after `start`.
fn flow_elements(text: &str, start: usize, end: usize) -> Vec<Region> {
    let bytes = text.as_bytes();
    let Some(open) = text[start..end].find('[').map(|i| start + i) else { return Vec::new() };
    let mut regions = Vec::new();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut element_start = None;
    for (i, &b) in bytes.iter().enumerate().take(end).skip(open + 1) {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                if depth == 0 {
                    element_start = Some(i);
                }
                depth += 1;
            }
            b'}' | b']' if depth == 0 => break,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0
                    && let Some(s) = element_start.take()
                {
                    regions.push(Region { start: s, end: i + 1 });
                }
            }
            _ => {}
        }
    }
    regions
}

// ---------------------------------------------------------------------------------------------------------
// serde_yaml decoding of the head of a document. Every visitor carries the nesting depth, so that the limit
// holds for the parts skipped as well as the parts decoded.

/// The depth of the node being decoded (the document's root mapping is level 1) and the limit.
#[derive(Clone, Copy)]
struct Depth {
    level: usize,
    max: usize,
}

impl Depth {
    fn root(max: usize) -> Depth {
        Depth { level: 0, max }
    }

    /// One level deeper, or an error past the limit.
    fn deeper<E: de::Error>(self) -> Result<Depth, E> {
        if self.level >= self.max {
            return Err(E::custom(format_args!("nesting deeper than {} levels", self.max)));
        }
        Ok(Depth { level: self.level + 1, max: self.max })
    }
}

/// Skips any value, enforcing the nesting limit.
struct Skip(Depth);

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
struct Scalar(Depth);

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
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<RawValue, E> {
        Ok(RawValue::NonString("a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<RawValue, E> {
        Ok(RawValue::NonString("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<RawValue, E> {
        Ok(RawValue::NonString("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<RawValue, E> {
        Ok(RawValue::NonString("a number"))
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
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<RawValue, A::Error> {
        Skip(self.0).visit_enum(data)?;
        Ok(RawValue::NonString("a tagged value"))
    }
}

/// A field that must be a string or null (`apiVersion`, `kind`, `metadata.name`, ...).
fn string_field<'de, A: MapAccess<'de>>(map: &mut A, depth: Depth, field: &str) -> Result<Option<String>, A::Error> {
    match map.next_value_seed(Scalar(depth))? {
        RawValue::Str(value) => Ok(Some(value)),
        RawValue::NonString("null") => Ok(None),
        RawValue::NonString(what) => Err(de::Error::custom(format_args!("{field}: {what}, expected a string"))),
    }
}

/// Marks `field` as seen; a second occurrence is an error, as for a derived struct.
fn first_time<E: de::Error>(seen: &mut Vec<&'static str>, field: &'static str) -> Result<(), E> {
    if seen.contains(&field) {
        return Err(E::custom(format_args!("duplicate field `{field}`")));
    }
    seen.push(field);
    Ok(())
}

/// A decoded document: an object's head, a null document, or something that is not a mapping.
enum Head {
    Object(Box<HeadFields>),
    Null,
    NotObject(&'static str),
}

#[derive(Default)]
struct HeadFields {
    api_version: Option<String>,
    kind: Option<String>,
    metadata: Option<MetaFields>,
    spec: Option<SpecFields>,
    items: Items,
}

#[derive(Default)]
struct MetaFields {
    name: Option<String>,
    generate_name: Option<String>,
    namespace: Option<String>,
    annotations: Option<StringMap>,
    labels: Option<StringMap>,
    being_deleted: bool,
}

/// `spec.group`, `spec.names.kind`, `spec.scope` and the pod's `serviceAccountName` (`spec.serviceAccountName`
/// or `spec.template.spec.serviceAccountName`) if present as strings; anything else in `spec` is skipped.
#[derive(Default)]
struct SpecFields {
    group: Option<String>,
    names_kind: Option<String>,
    scope: Option<String>,
    service_account: Option<String>,
}

/// `items`: absent, null (an empty List), a sequence of objects (decoded one by one, so a bad item costs only
/// itself), or anything else (then the object is not a List).
#[derive(Default)]
enum Items {
    #[default]
    Absent,
    Null,
    Sequence(Vec<serde_yaml::Value>),
    Other,
}

/// A mapping of string keys to values of any type, in document order, with duplicate keys noted.
#[derive(Default)]
struct StringMap {
    entries: Vec<(String, RawValue)>,
    duplicates: Vec<String>,
}

/// Decodes a document (or a List item) at a depth.
struct HeadSeed(Depth);

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
                    first_time(&mut seen, "apiVersion")?;
                    fields.api_version = string_field(&mut map, depth, "apiVersion")?;
                }
                RawValue::Str(key) if key == "kind" => {
                    first_time(&mut seen, "kind")?;
                    fields.kind = string_field(&mut map, depth, "kind")?;
                }
                RawValue::Str(key) if key == "metadata" => {
                    first_time(&mut seen, "metadata")?;
                    fields.metadata = map.next_value_seed(MetaSeed(depth))?;
                }
                RawValue::Str(key) if key == "spec" => {
                    first_time(&mut seen, "spec")?;
                    fields.spec = Some(map.next_value_seed(SpecSeed(depth))?);
                }
                RawValue::Str(key) if key == "items" => {
                    first_time(&mut seen, "items")?;
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
struct MetaSeed(Depth);

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
        while let Some(key) = map.next_key_seed(Scalar(depth))? {
            match key {
                RawValue::Str(key) if key == "name" => {
                    first_time(&mut seen, "name")?;
                    meta.name = string_field(&mut map, depth, "metadata.name")?;
                }
                RawValue::Str(key) if key == "generateName" => {
                    first_time(&mut seen, "generateName")?;
                    meta.generate_name = string_field(&mut map, depth, "metadata.generateName")?;
                }
                RawValue::Str(key) if key == "namespace" => {
                    first_time(&mut seen, "namespace")?;
                    meta.namespace = string_field(&mut map, depth, "metadata.namespace")?;
                }
                RawValue::Str(key) if key == "annotations" => {
                    first_time(&mut seen, "annotations")?;
                    meta.annotations = Some(map.next_value_seed(StringMapSeed(depth, "metadata.annotations"))?);
                }
                RawValue::Str(key) if key == "deletionTimestamp" => {
                    first_time(&mut seen, "deletionTimestamp")?;
                    meta.being_deleted = !matches!(map.next_value_seed(Scalar(depth))?, RawValue::NonString("null"));
                }
                RawValue::Str(key) if key == "labels" => {
                    first_time(&mut seen, "labels")?;
                    meta.labels = Some(map.next_value_seed(StringMapSeed(depth, "metadata.labels"))?);
                }
                _ => map.next_value_seed(Skip(depth))?,
            }
        }
        Ok(Some(meta))
    }
}

/// `metadata.annotations` or `metadata.labels`: a mapping of string keys, or null.
struct StringMapSeed(Depth, &'static str);

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
        while let Some(key) = map.next_key_seed(Scalar(depth))? {
            let RawValue::Str(key) = key else {
                return Err(de::Error::custom(format_args!("{}: a key is not a string", self.1)));
            };
            let value = map.next_value_seed(Scalar(depth))?;
            if let Some(existing) = out.entries.iter_mut().find(|(k, _)| *k == key) {
                existing.1 = value; // Go's YAML keeps the last value
                out.duplicates.push(key);
            } else {
                out.entries.push((key, value));
            }
        }
        Ok(out)
    }
}

/// `spec`: only `group`, `names.kind` and `scope` are kept; anything else, of any shape, is skipped.
struct SpecSeed(Depth);

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
    fn map_visitor<T>(self, inner: T) -> MapOrSkip<T> {
        MapOrSkip(self.0, inner)
    }
}

/// Decodes a mapping with the inner visitor's `visit_map`; skips any other shape.
struct MapOrSkip<T>(Depth, T);

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
        let mut spec = SpecFields::default();
        while let Some(key) = map.next_key_seed(Scalar(depth))? {
            match key {
                RawValue::Str(key) if key == "group" => {
                    spec.group = map.next_value_seed(Scalar(depth))?.into_string();
                }
                RawValue::Str(key) if key == "scope" => {
                    spec.scope = map.next_value_seed(Scalar(depth))?.into_string();
                }
                RawValue::Str(key) if key == "serviceAccountName" => {
                    spec.service_account = map.next_value_seed(Scalar(depth))?.into_string();
                }
                RawValue::Str(key) if key == "template" => {
                    // A pod template: its spec's serviceAccountName.
                    let template = map.next_value_seed(SpecSeed(depth))?;
                    spec.service_account = spec.service_account.or(template.service_account);
                }
                RawValue::Str(key) if key == "spec" => {
                    let inner = map.next_value_seed(SpecSeed(depth))?;
                    spec.service_account = spec.service_account.or(inner.service_account);
                }
                RawValue::Str(key) if key == "names" => {
                    spec.names_kind = map.next_value_seed(NamesSeed(depth))?;
                }
                _ => map.next_value_seed(Skip(depth))?,
            }
        }
        Ok(spec)
    }
}

impl RawValue {
    fn into_string(self) -> Option<String> {
        match self {
            RawValue::Str(value) => Some(value),
            RawValue::NonString(_) => None,
        }
    }
}

/// `spec.names.kind` if `names` is a mapping with a string `kind`.
struct NamesSeed(Depth);

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
struct ItemsSeed;

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

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(text: &str) -> Vec<(usize, String)> {
        split(text.as_bytes(), 0).iter().map(|s| (s.line, text[s.start..s.end].to_string())).collect()
    }

    #[test]
    fn splits_at_column_zero_markers_only() {
        let got = segments("# header\n---\na: 1\n---\n  --- not a marker\n...\n---\nb: 2\n");
        assert_eq!(
            got,
            vec![
                (2, "---\na: 1\n".to_string()),
                (4, "---\n  --- not a marker\n".to_string()),
                (7, "---\nb: 2\n".to_string()),
            ]
        );
    }

    #[test]
    fn comment_only_header_is_not_a_document() {
        assert_eq!(segments("# licence\n\n---\nkind: Pod\n").len(), 1);
        assert_eq!(segments("kind: Pod\n").len(), 1);
        assert_eq!(segments("# only a comment\n").len(), 0);
        assert_eq!(segments("---\n---\n").len(), 2, "explicit empty documents count");
    }

    #[test]
    fn marker_needs_a_separator_after_it() {
        assert_eq!(segments("a: 1\n----\nb: 2\n").len(), 1);
        assert_eq!(segments("a: 1\n--- # c\nb: 2\n").len(), 2);
        assert_eq!(segments("a: 1\r\n---\r\nb: 2\r\n").len(), 2);
    }

    #[test]
    fn parses_block_keys() {
        assert_eq!(parse_key("  name: x", 2), (2, Some("name".into())));
        assert_eq!(parse_key("  \"helm.sh/hook\": x", 2), (2, Some("helm.sh/hook".into())));
        assert_eq!(parse_key("  'a': x", 2), (2, Some("a".into())));
        assert_eq!(parse_key("- kind: Pod", 0), (2, Some("kind".into())));
        assert_eq!(parse_key("  http://x", 2), (2, None));
        assert_eq!(parse_key("  key:", 2), (2, Some("key".into())));
    }

    #[test]
    fn parser_positions_are_dropped_from_messages() {
        assert_eq!(
            without_positions(
                "did not find expected ',' or ']' at line 5 column 1, while parsing a flow sequence at line 4 column 9"
            ),
            "did not find expected ',' or ']', while parsing a flow sequence"
        );
        assert_eq!(without_positions("duplicate field `kind` at line 1 column 1"), "duplicate field `kind`");
        assert_eq!(without_positions("at line x"), "at line x");
    }

    #[test]
    fn finds_json_array_elements() {
        let text = r#"{"items": [ {"a": "}"}, {"b": [1, {"c": 2}]} ]}"#;
        let got: Vec<&str> = flow_elements(text, 0, text.len()).iter().map(|r| &text[r.start..r.end]).collect();
        assert_eq!(got, vec![r#"{"a": "}"}"#, r#"{"b": [1, {"c": 2}]}"#]);
    }
}
