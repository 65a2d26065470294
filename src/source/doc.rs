//! Decoding one document: its objects (unpacking Lists) and the locations of their keys.

use std::cell::Cell;
use std::ops::Range;
use std::sync::Arc;

use serde::de::DeserializeSeed;

use super::head::{Depth, Head, HeadFields, HeadSeed, Items, MetaFields, StringMap, TAGGED_SCALAR};
use super::locate::Region;
use super::{RawEntry, RawObject, RawValue, ReadOutput, line_col, without_positions, yaml11};
use crate::diagnostic::{Diagnostic, rules};
use crate::limits::Limits;
use crate::location::Location;

/// One document being decoded.
pub(super) struct Doc<'a> {
    pub(super) limits: &'a Limits,
    pub(super) file: &'a Arc<str>,
    pub(super) index: usize,
    pub(super) text: &'a str,
    pub(super) first_line: usize,
    pub(super) span: Range<usize>,
    /// The last position computed: (byte offset, 1-based line, 1-based column in characters). Positions are
    /// asked for mostly in increasing order (the items of a List, the keys of an object), so each is counted
    /// from the last one rather than from the start: linear, not quadratic, in a long one-line document.
    pub(super) last: Cell<(usize, usize, usize)>,
    /// Whether the document has a `!!binary` tag anywhere (looked for once, not per value).
    pub(super) has_binary: bool,
}

/// The number of characters in UTF-8 bytes (that do not split a character at either end).
fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

impl Doc<'_> {
    pub(super) fn at(&self, offset: usize) -> Location {
        let bytes = self.text.as_bytes();
        let offset = offset.min(bytes.len());
        let (last_offset, last_line, last_column) = self.last.get();
        let (line, column) = if offset >= last_offset && last_line > 0 {
            let between = &bytes[last_offset..offset];
            match between.iter().rposition(|&b| b == b'\n') {
                None => (last_line, last_column + char_count(between)),
                Some(newline) => (
                    last_line + between.iter().filter(|&&b| b == b'\n').count(),
                    char_count(&between[newline + 1..]) + 1,
                ),
            }
        } else {
            line_col(bytes, offset)
        };
        self.last.set((offset, line, column));
        Location::new(self.file.clone(), self.index, self.first_line + line - 1, column)
    }

    pub(super) fn error(&self, err: &serde_yaml::Error) -> Diagnostic {
        // The parser's reader refuses a control character without saying where: hookplan finds it.
        let control = err.to_string().starts_with("control characters are not allowed").then(|| {
            self.text.char_indices().find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}'))
        });
        if let Some(Some((offset, c))) = control {
            let at = self.at(offset);
            return Diagnostic::new(
                &rules::UNREADABLE_DOCUMENT,
                format!(
                    "cannot read document {}: the control character U+{:04X} at line {}, column {} is not allowed in YAML",
                    self.index,
                    u32::from(c),
                    at.line,
                    at.column
                ),
                Some("remove the character, or write it as an escape in a double-quoted string (`\\u0000`)".into()),
                at,
            );
        }
        let at = match err.location() {
            // An error at the end of the input (an unclosed bracket) points at the end of the last content line.
            Some(loc) if loc.index() >= self.text.trim_end().len() => self.at(self.text.trim_end().len()),
            // From the byte offset, not the parser's line: it also breaks lines at a lone `\r`, hookplan and
            // editors at `\n` only.
            Some(loc) => self.at(loc.index().min(self.text.len())),
            None => self.at(0),
        };
        let alias = err.location().and_then(|loc| {
            let rest = self.text.get(loc.index()..)?.strip_prefix('*')?;
            let end = rest.find([' ', '\t', '\r', '\n', ',', ']', '}']).unwrap_or(rest.len());
            Some(&rest[..end.min(100)])
        });
        let mut message = without_positions(&err.to_string());
        if let (Some(alias), true) = (alias, message.ends_with("unknown anchor")) {
            message = format!(
                "{message}: the alias `*{alias}` refers to no anchor before it in its document (anchors do not cross `---`)"
            );
        }
        let message =
            message.replace("recursion limit exceeded", "nesting deeper than 128 levels (the YAML parser's limit)");
        // The parser prefixes the path to the failing node; for a nesting error that path is the problem itself.
        let message = message.find("nesting deeper than").map_or(message.as_str(), |i| &message[i..]);
        Diagnostic::new(
            &rules::UNREADABLE_DOCUMENT,
            format!("cannot read document {}: {message}", self.index),
            None,
            at,
        )
    }

    pub(super) fn object(
        &self,
        fields: HeadFields,
        region: &Region,
        location: Location,
        items_seen: &mut usize,
        out: &mut ReadOutput,
    ) {
        let in_list = location.item.is_some();
        if !matches!(fields.items, Items::Absent | Items::Other) {
            if let Items::Sequence(items) = fields.items {
                self.list_items(items, region, &location, items_seen, out);
            } // else `items: null`: an empty List
            return;
        }
        let mut meta = fields.metadata.unwrap_or_default();
        if self.over_limits(&mut meta, region, &location, out)
            || self.not_strings_in_go(
                [fields.api_version.as_deref(), fields.kind.as_deref()],
                &meta,
                region,
                &location,
                out,
            )
        {
            return;
        }
        let mut duplicate_keys = Vec::new();
        let mut entries = |map: Option<StringMap>, field: &str, what: &'static str| -> Vec<RawEntry> {
            let Some(map) = map else { return Vec::new() };
            let parent = self.locate(region, &["metadata", field]);
            // Many keys: find them all in one pass rather than searching the mapping for each.
            let offsets = parent
                .as_ref()
                .filter(|_| map.entries.len() > 8)
                .and_then(|(_, mapping)| mapping.key_offsets(self.text, false));
            let mut found = Vec::with_capacity(map.entries.len());
            for (key, mut value) in map.entries {
                let at = self.key_location(parent.as_ref(), offsets.as_ref(), &key, &location);
                value = self.as_go_reads_it(value, parent.as_ref(), offsets.as_ref(), &key);
                found.push(RawEntry { key, value, at });
            }
            // A duplicate is pointed at where it is given again.
            let last = parent
                .as_ref()
                .filter(|_| !map.duplicates.is_empty())
                .and_then(|(_, mapping)| mapping.key_offsets(self.text, true));
            for key in map.duplicates {
                let at = self.key_location(parent.as_ref(), last.as_ref().or(offsets.as_ref()), &key, &location);
                duplicate_keys.push((key, what, at));
            }
            found
        };
        let mut annotations = entries(meta.annotations, "annotations", "annotation");
        let mut labels = entries(meta.labels, "labels", "label");
        self.duplicate_fields(region, &fields.duplicates, &meta.duplicates, &location, &mut duplicate_keys);
        for entry in annotations.iter_mut().chain(labels.iter_mut()) {
            entry.at.item = location.item;
        }
        for (_, _, at) in &mut duplicate_keys {
            at.item = location.item;
        }
        let mut spec = fields.spec.unwrap_or_default();
        // Locating `spec` scans the document's text: only worth it when there is a reference to point at.
        let spec_region =
            if spec.refs.is_empty() { None } else { self.locate(region, &["spec"]).map(|(_, child)| child) };
        let refs = std::mem::take(&mut spec.refs)
            .into_iter()
            .map(|r| {
                let at = spec_region
                    .as_ref()
                    .and_then(|child| self.value_location(child, r.key, &r.name))
                    .unwrap_or_else(|| location.clone());
                (r, Location { item: location.item, ..at })
            })
            .collect();
        let crd_names = spec.group.zip(spec.names_kind);
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
            crd_scope: spec.scope,
            service_account: spec.service_account,
            refs,
            ttl_seconds_after_finished: spec.ttl_seconds_after_finished,
            active_deadline_seconds: spec.active_deadline_seconds,
            secret_name: spec.secret_name,
            target_name: spec.target_name,
            in_list,
            being_deleted: meta.being_deleted,
        });
    }

    /// Reports an identity field that YAML 1.2 reads as a string but Go's YAML 1.1 does not (`name: yes`,
    /// `namespace: no`, `kind: on`): Go cannot decode the object, as for any identity field that is not a string.
    fn not_strings_in_go(
        &self,
        [api_version, kind]: [Option<&str>; 2],
        meta: &MetaFields,
        region: &Region,
        location: &Location,
        out: &mut ReadOutput,
    ) -> bool {
        let candidates = [
            (&["apiVersion"][..], api_version),
            (&["kind"][..], kind),
            (&["metadata", "name"][..], meta.name.as_deref()),
            (&["metadata", "generateName"][..], meta.generate_name.as_deref()),
            (&["metadata", "namespace"][..], meta.namespace.as_deref()),
        ];
        for (path, value) in candidates {
            let Some(go) = value.and_then(yaml11::go_type) else { continue };
            let Some((offset, _)) = self.locate(region, path) else { continue };
            if !yaml11::value_is_plain(self.text, offset) {
                continue;
            }
            let at = self.at(offset);
            out.diagnostics.push(Diagnostic::new(
                &rules::UNREADABLE_DOCUMENT,
                format!(
                    "cannot read document {}: {}: {go} in Go's YAML 1.1 (unquoted `{}`), expected a string",
                    self.index,
                    path.join("."),
                    value.unwrap_or_default()
                ),
                Some(format!("quote the value: `{}: \"{}\"`", path[path.len() - 1], value.unwrap_or_default())),
                Location { item: location.item, ..at },
            ));
            return true;
        }
        false
    }

    /// Applies the name and annotation limits: a name over its limit is reported and the object is not read
    /// (true); annotations over theirs are reported and dropped.
    fn over_limits(&self, meta: &mut MetaFields, region: &Region, location: &Location, out: &mut ReadOutput) -> bool {
        let long_name =
            [("name", &meta.name), ("generateName", &meta.generate_name)].into_iter().find_map(|(field, value)| {
                value.as_ref().filter(|v| v.len() > self.limits.max_name_bytes).map(|v| (field, v.len()))
            });
        if let Some((field, bytes)) = long_name {
            let at = self
                .locate(region, &["metadata", field])
                .map_or_else(|| location.clone(), |(offset, _)| self.at(offset));
            out.diagnostics.push(Diagnostic::new(
                &rules::UNREADABLE_DOCUMENT,
                format!(
                    "metadata.{field} is {bytes} bytes, over the limit of {}: the object is not read (Kubernetes \
                     allows at most 253)",
                    self.limits.max_name_bytes
                ),
                Some("shorten the name, or raise the limit (`hookplan --max-name-size`; hookplan::Limits)".into()),
                Location { item: location.item, ..at },
            ));
            return true;
        }
        let annotation_bytes: usize = meta.annotations.as_ref().map_or(0, |map| {
            map.entries.iter().map(|(k, v)| k.len() + if let RawValue::Str(v) = v { v.len() } else { 0 }).sum()
        });
        if annotation_bytes > self.limits.max_annotation_bytes {
            let at = self
                .locate(region, &["metadata", "annotations"])
                .map_or_else(|| location.clone(), |(offset, _)| self.at(offset));
            out.diagnostics.push(Diagnostic::new(
                &rules::UNREADABLE_DOCUMENT,
                format!(
                    "the annotations of this object total {annotation_bytes} bytes, over the limit of {} bytes: \
                     they are not read (the Kubernetes API server refuses an object whose annotations pass 262144 \
                     bytes)",
                    self.limits.max_annotation_bytes
                ),
                Some("move large data out of annotations, or raise the limit (`hookplan --max-annotation-size`; hookplan::Limits)".into()),
                Location { item: location.item, ..at },
            ));
            meta.annotations = None;
        }
        false
    }

    /// The items of a List, each decoded on its own (a bad item costs only itself) and unpacked where it stands.
    fn list_items(
        &self,
        items: Vec<serde_yaml::Value>,
        region: &Region,
        location: &Location,
        items_seen: &mut usize,
        out: &mut ReadOutput,
    ) {
        let found = self.locate(region, &["items"]).map(|(_, child)| child);
        let entries = found.map(|child| child.entries(self.text)).unwrap_or_default();
        for (n, item) in items.into_iter().enumerate() {
            let item_region = entries.get(n).cloned();
            if *items_seen >= self.limits.max_list_items {
                let at = item_region.as_ref().map_or_else(|| location.clone(), |r| self.at(r.start));
                out.diagnostics.push(Diagnostic::new(
                    &rules::UNREADABLE_DOCUMENT,
                    format!(
                        "over the limit of {} List items: item {n} of the List in document {} and every item \
                         after it are not read",
                        self.limits.max_list_items, self.index
                    ),
                    Some("split the List, or raise the limit (`hookplan --max-list-items`; hookplan::Limits)".into()),
                    at,
                ));
                *items_seen = usize::MAX; // reported once per input
                return;
            }
            let item_location =
                item_region.as_ref().map_or_else(|| location.clone(), |r| self.at(r.start)).in_item(*items_seen);
            *items_seen += 1;
            // The List's root mapping is level 1, `items` level 2, so an item's mapping is level 3.
            let (rule, message) = match HeadSeed(Depth { level: 2, max: self.limits.max_nesting }).deserialize(item) {
                Ok(Head::Object(head)) => {
                    let item_region = item_region.unwrap_or_else(|| Region::empty(region.start));
                    self.object(*head, &item_region, item_location, items_seen, out);
                    continue;
                }
                Ok(Head::Null) => continue,
                Ok(Head::NotObject(what)) => (
                    &rules::NOT_AN_OBJECT,
                    format!("item {n} of the List in document {} is {what}, not a Kubernetes object", self.index),
                ),
                Err(err) => {
                    let err = err.to_string();
                    let err = err.find("nesting deeper than").map_or(err.as_str(), |i| &err[i..]);
                    (
                        &rules::UNREADABLE_DOCUMENT,
                        format!("cannot read item {n} of the List in document {}: {err}", self.index),
                    )
                }
            };
            out.diagnostics.push(Diagnostic::new(rule, message, None, item_location));
        }
    }

    /// Where `key: value` first stands within `region` (block or flow style, either quoted or not): the key's
    /// position. Used to point at the line of a reference in a pod template.
    fn value_location(&self, region: &Region, key: &str, value: &str) -> Option<Location> {
        let text = &self.text[region.start..region.end.min(self.text.len())];
        let mut from = 0;
        while let Some(found) = text[from..].find(value) {
            let at = from + found;
            from = at + value.len();
            let after = text[from..].trim_start_matches(['"', '\'']);
            if !matches!(after.chars().next(), None | Some('\n' | '\r' | ',' | '}' | ' ' | '\t' | '#')) {
                continue;
            }
            let before = text[..at].trim_end_matches(['"', '\'']).trim_end_matches([' ', '\t']);
            let Some(before) = before.strip_suffix(':') else { continue };
            let before = before.trim_end_matches(['"', '\'']);
            if let Some(key_start) = before.strip_suffix(key).map(str::len) {
                let boundary = before[..key_start].chars().next_back();
                if matches!(boundary, None | Some(' ' | '\t' | '\n' | '{' | ',' | '"' | '\'' | '-')) {
                    let quoted = before[..key_start].ends_with(['"', '\'']);
                    return Some(self.at(region.start + key_start - usize::from(quoted)));
                }
            }
        }
        None
    }

    /// Finds a path of keys below a region; returns the last key's (byte offset, child region).
    pub(super) fn locate(&self, region: &Region, path: &[&str]) -> Option<(usize, Region)> {
        let mut current = region.clone();
        let mut found = None;
        for key in path {
            let (offset, child) = current.find_key(self.text, key)?;
            found = Some(offset);
            current = child;
        }
        found.map(|offset| (offset, current))
    }

    /// The object's own fields (top level and `metadata`) given more than once, each where it is given again.
    fn duplicate_fields(
        &self,
        region: &Region,
        head: &[&'static str],
        meta: &[&'static str],
        location: &Location,
        out: &mut Vec<(String, &'static str, Location)>,
    ) {
        if head.is_empty() && meta.is_empty() {
            return;
        }
        let root = (region.start, region.clone());
        let metadata = self.locate(region, &["metadata"]);
        for (parent, fields, prefix) in [(Some(&root), head, ""), (metadata.as_ref(), meta, "metadata.")] {
            let last = parent.and_then(|(_, mapping)| mapping.key_offsets(self.text, true));
            for field in fields {
                let at = self.key_location(parent, last.as_ref(), field, location);
                out.push((format!("{prefix}{field}"), "field", at));
            }
        }
    }

    /// An annotation or label value as Go's YAML reads it where YAML 1.2 differs: an unquoted YAML 1.1 boolean or
    /// number is not a string, a custom-tagged scalar is the string written, `!!binary` is decoded.
    fn as_go_reads_it(
        &self,
        value: RawValue,
        parent: Option<&(usize, Region)>,
        offsets: Option<&foldhash::HashMap<String, usize>>,
        key: &str,
    ) -> RawValue {
        let maybe_go = match &value {
            RawValue::Str(text) => yaml11::go_type(text).is_some() || self.has_binary,
            RawValue::NonString(what) => *what == TAGGED_SCALAR,
            RawValue::Coerced(..) => false,
        };
        if !maybe_go {
            return value;
        }
        let Some((_, region)) = parent else { return value };
        let offset = match offsets {
            Some(offsets) => offsets.get(key).copied(),
            None => region.find_key(self.text, key).map(|(offset, _)| offset),
        };
        let Some(offset) = offset else { return value };
        match (value, yaml11::tagged_value(self.text, offset)) {
            (RawValue::Str(text), Some(("!!binary", _))) => match yaml11::decode_binary(&text) {
                Some(decoded) => RawValue::Str(decoded),
                None => RawValue::NonString("invalid !!binary data (Go's YAML refuses it)"),
            },
            (RawValue::NonString(_), Some((_, written))) => RawValue::Str(written.to_string()),
            (RawValue::Str(text), _) => match yaml11::go_type(&text) {
                Some(go) if yaml11::value_is_plain(self.text, offset) => {
                    let what = match go {
                        "a boolean" => "a boolean in Go's YAML 1.1 (unquoted yes, no, on, off, y and n are booleans)",
                        _ => "a number in Go's YAML 1.1 (unquoted 010, 08, 1_000 and 0b1 are numbers)",
                    };
                    RawValue::Coerced(what, yaml11::go_string(&text))
                }
                _ => RawValue::Str(text),
            },
            (value, _) => value,
        }
    }

    /// Where `key` of the mapping `parent` is: looked up in `offsets` (the mapping's keys, found once) when
    /// given, else searched; the parent's key when not found; `fallback` without a parent.
    pub(super) fn key_location(
        &self,
        parent: Option<&(usize, Region)>,
        offsets: Option<&foldhash::HashMap<String, usize>>,
        key: &str,
        fallback: &Location,
    ) -> Location {
        let Some((parent_offset, region)) = parent else { return fallback.clone() };
        let offset = match offsets {
            Some(offsets) => offsets.get(key).copied(),
            None => region.find_key(self.text, key).map(|(offset, _)| offset),
        };
        self.at(offset.unwrap_or(*parent_offset))
    }
}
