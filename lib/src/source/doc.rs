//! Decoding one document: its objects (unpacking Lists), each field with where it is written.

use std::cell::Cell;
use std::ops::Range;
use std::sync::Arc;

use super::head::{Head, HeadFields, Items, MetaFields, Unreadable, head};
use super::node::{self, Mapping, Node};
use super::raw::{ListHead, RawEntry, RawObject, RawValue, ReadOutput};
use super::split::line_col;
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
    /// Characters before the text on its first line (a document Helm cuts after a glued `---`).
    pub(super) first_column: usize,
    pub(super) span: Range<usize>,
    /// The last position computed: (byte offset, 1-based line, 1-based column in characters). Positions are
    /// asked for mostly in increasing order (the items of a List, the keys of an object), so each is counted
    /// from the last one rather than from the start: linear, not quadratic, in a long one-line document.
    pub(super) last: Cell<(usize, usize, usize)>,
    /// The chart template the document was rendered from (its `# Source:` comment), given to every location.
    pub(super) template: Option<Arc<str>>,
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
        let column = if line == 1 { column + self.first_column } else { column };
        let at = Location::new(self.file.clone(), self.index, self.first_line + line - 1, column);
        match &self.template {
            Some(template) => at.with_template(template.clone()),
            None => at,
        }
    }

    /// A location within the object at `object` (its List item, if any).
    fn at_in(&self, offset: usize, object: &Location) -> Location {
        Location { item: object.item, ..self.at(offset) }
    }

    /// The locations of many offsets, computed in increasing order whatever the order given (merged entries stand
    /// where their anchor is, possibly in reverse), so that each is counted from the one before: n log n, not n².
    fn locations(&self, offsets: &[usize], object: &Location) -> Vec<Location> {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&i| offsets[i]);
        let mut found = vec![None; offsets.len()];
        for i in order {
            found[i] = Some(self.at_in(offsets[i], object));
        }
        found.into_iter().map(|at| at.unwrap_or_else(|| object.clone())).collect()
    }

    /// The first character Go's YAML reader refuses (goyaml.v2/readerc.go `yaml_parser_update_buffer`: "control
    /// characters are not allowed"): anything but tab, line feed, carriage return, printable ASCII, U+0085,
    /// U+00A0 to U+D7FF, U+E000 to U+FFFD and the planes above. saphyr-parser accepts them, Go does not.
    pub(super) fn control_character(&self) -> Option<Diagnostic> {
        let bad = |c: char| {
            !matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
                && c < '\u{10000}'
        };
        let bytes = self.text.as_bytes();
        // In UTF-8 a refused character starts with an ASCII control byte, DEL, 0xC2 (U+0080 to U+009F) or 0xEF
        // (U+FFFE, U+FFFF); text outside those bytes (most text, whatever its script) is never decoded.
        // Written as comparisons, not ranges, so that the pass below compiles to vector instructions.
        let suspect =
            |b: u8| ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0x7F) | (b == 0xC2) | (b == 0xEF);
        // Without an early exit the check is vectorised: most documents have nothing to look at further.
        if !bytes.iter().fold(false, |found, &b| found | suspect(b)) {
            return None;
        }
        let (offset, c) = bytes
            .iter()
            .enumerate()
            .filter(|&(_, &b)| suspect(b))
            .filter_map(|(i, _)| self.text[i..].chars().next().map(|c| (i, c)))
            .find(|&(_, c)| bad(c))?;
        let at = self.at(offset);
        Some(Diagnostic::new(
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
        ))
    }

    pub(super) fn error(&self, err: &node::Error) -> Diagnostic {
        // An error at the end of the input (an unclosed bracket) points at the end of the last content line.
        let end = self.text.trim_end().len();
        let at = self.at(err.offset.min(end));
        Diagnostic::new(
            &rules::UNREADABLE_DOCUMENT,
            format!("cannot read document {}: {}", self.index, err.message),
            None,
            at,
        )
    }

    fn unreadable(&self, err: Unreadable, what: &str, object: &Location) -> Diagnostic {
        Diagnostic::new(
            &rules::UNREADABLE_DOCUMENT,
            format!("cannot read {what}: {}", err.message),
            err.help,
            self.at_in(err.offset, object),
        )
    }

    /// Reads the root of the document.
    pub(super) fn root(&self, root: &Node<'_>, location: Location, out: &mut ReadOutput) {
        match head(root) {
            Ok(Head::Null) => {}
            Ok(Head::NotObject(what)) => out.diagnostics.push(Diagnostic::new(
                &rules::NOT_AN_OBJECT,
                format!("document {} is {what}, not a Kubernetes object (a mapping)", self.index),
                Some("a manifest document must be a mapping with apiVersion, kind and metadata".into()),
                location,
            )),
            Ok(Head::Object(fields)) => self.object(*fields, location, &mut 0, None, out),
            Err(err) => {
                let what = format!("document {}", self.index);
                out.diagnostics.push(self.unreadable(err, &what, &location));
            }
        }
    }

    fn object(
        &self,
        fields: HeadFields<'_, '_>,
        location: Location,
        items_seen: &mut usize,
        list: Option<&ListHead>,
        out: &mut ReadOutput,
    ) {
        let in_list = location.item.is_some();
        match fields.items {
            Items::Sequence(items) => {
                // Helm decodes these fields of every document's head, a List's too (`SimpleHead`), and fails on them;
                // Argo CD reads none of them. Other fields of a List's own head no engine reads.
                if let Some(err) = fields.list_error
                    && matches!(err.field, "apiVersion" | "metadata" | "metadata.name" | "metadata.annotations")
                {
                    out.diagnostics.push(Diagnostic::new(
                        &rules::UNREADABLE_DOCUMENT,
                        format!(
                            "cannot read the head of the List in document {}: {}; Helm fails on it (`helm template` \
                             too), while Argo CD does not read a List's own fields and applies its items",
                            self.index, err.message
                        ),
                        err.help,
                        self.at_in(err.offset, &location),
                    ));
                }
                // Helm sees the document's head only: the outermost List's kind and resource policy.
                let own = list.is_none().then(|| ListHead {
                    kind: fields.kind.clone().unwrap_or_default(),
                    resource_policy: fields.metadata.annotations.and_then(|map| {
                        map.entries.iter().rev().find(|e| e.key == crate::annotations::HELM_RESOURCE_POLICY).map(|e| {
                            match RawValue::of(&e.value.value) {
                                RawValue::Str(value) | RawValue::Coerced(_, value) => value,
                                RawValue::NonString(_) => String::new(),
                            }
                        })
                    }),
                });
                return self.list_items(items, &location, items_seen, list.or(own.as_ref()), out);
            }
            Items::Null => return, // an empty List
            Items::Absent | Items::Other => {}
        }
        let HeadFields { api_version, kind, mut metadata, spec, duplicates, .. } = fields;
        if self.over_limits(&mut metadata, &location, out) {
            return;
        }
        let mut duplicate_keys = Vec::new();
        let mut entries = |map: Option<&Mapping<'_>>, what: &'static str| -> Vec<RawEntry> {
            let Some(map) = map else { return Vec::new() };
            for (key, at) in &map.duplicates {
                duplicate_keys.push((key.clone(), what, self.at_in(*at, &location)));
            }
            let offsets: Vec<usize> = map.entries.iter().map(|entry| entry.at).collect();
            map.entries
                .iter()
                .zip(self.locations(&offsets, &location))
                .map(|(entry, at)| RawEntry { key: entry.key.to_string(), value: RawValue::of(&entry.value.value), at })
                .collect()
        };
        let annotations = entries(metadata.annotations, "annotation");
        let labels = entries(metadata.labels, "label");
        for (path, at) in duplicates {
            duplicate_keys.push((path, "field", self.at_in(at, &location)));
        }
        let refs = spec.refs.into_iter().map(|(r, at)| (r, self.at_in(at, &location))).collect();
        let crd_names = spec.group.zip(spec.names_kind);
        out.objects.push(RawObject {
            location,
            span: self.span.clone(),
            api_version,
            kind,
            name: metadata.name,
            generate_name: metadata.generate_name,
            namespace: metadata.namespace,
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
            list: list.cloned(),
            being_deleted: metadata.being_deleted,
        });
    }

    /// Applies the name and annotation limits: a name over its limit is reported and the object is not read
    /// (true); annotations over theirs are reported and dropped.
    fn over_limits(&self, meta: &mut MetaFields<'_, '_>, location: &Location, out: &mut ReadOutput) -> bool {
        let long_name =
            [("name", &meta.name), ("generateName", &meta.generate_name)].into_iter().find_map(|(field, value)| {
                value.as_ref().filter(|v| v.len() > self.limits.max_name_bytes).map(|v| (field, v.len()))
            });
        let place = |field: &str| meta.at(field).map_or_else(|| location.clone(), |at| self.at_in(at, location));
        if let Some((field, bytes)) = long_name {
            out.diagnostics.push(Diagnostic::new(
                &rules::UNREADABLE_DOCUMENT,
                format!(
                    "metadata.{field} is {bytes} bytes, over the limit of {}: the object is not read (Kubernetes \
                     allows at most 253)",
                    self.limits.max_name_bytes
                ),
                Some("shorten the name, or raise the limit (`hookplan --max-name-size`; hookplan::Limits)".into()),
                place(field),
            ));
            return true;
        }
        let annotation_bytes: usize = meta.annotations.map_or(0, |map| {
            map.entries.iter().map(|e| e.key.len() + e.value.value.as_str().map_or(0, str::len)).sum()
        });
        if annotation_bytes > self.limits.max_annotation_bytes {
            out.diagnostics.push(Diagnostic::new(
                &rules::UNREADABLE_DOCUMENT,
                format!(
                    "the annotations of this object total {annotation_bytes} bytes, over the limit of {} bytes: \
                     they are not read (the Kubernetes API server refuses an object whose annotations pass 262144 \
                     bytes)",
                    self.limits.max_annotation_bytes
                ),
                Some("move large data out of annotations, or raise the limit (`hookplan --max-annotation-size`; hookplan::Limits)".into()),
                place("annotations"),
            ));
            meta.annotations = None;
        }
        false
    }

    /// The items of a List, each read on its own (a bad item costs only itself) and unpacked where it stands.
    fn list_items(
        &self,
        items: &[Node<'_>],
        location: &Location,
        items_seen: &mut usize,
        list: Option<&ListHead>,
        out: &mut ReadOutput,
    ) {
        for (n, item) in items.iter().enumerate() {
            if *items_seen >= self.limits.max_list_items {
                out.diagnostics.push(Diagnostic::new(
                    &rules::UNREADABLE_DOCUMENT,
                    format!(
                        "over the limit of {} List items: item {n} of the List in document {} and every item \
                         after it are not read",
                        self.limits.max_list_items, self.index
                    ),
                    Some("split the List, or raise the limit (`hookplan --max-list-items`; hookplan::Limits)".into()),
                    self.at_in(item.at, location),
                ));
                *items_seen = usize::MAX; // reported once per input
                return;
            }
            let item_location = self.at(item.at).in_item(*items_seen);
            *items_seen += 1;
            match head(item) {
                Ok(Head::Object(fields)) => self.object(*fields, item_location, items_seen, list, out),
                Ok(Head::Null) => {}
                Ok(Head::NotObject(what)) => out.diagnostics.push(Diagnostic::new(
                    &rules::NOT_AN_OBJECT,
                    format!("item {n} of the List in document {} is {what}, not a Kubernetes object", self.index),
                    None,
                    item_location,
                )),
                Err(err) => {
                    let what = format!("item {n} of the List in document {}", self.index);
                    out.diagnostics.push(self.unreadable(err, &what, &item_location));
                }
            }
        }
    }
}
