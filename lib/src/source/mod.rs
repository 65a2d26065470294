//! Reading manifests: bytes to documents with locations. The only module that parses YAML.
//!
//! The reader never stops at the first problem. It splits a YAML stream into documents itself, at column-0
//! `---` lines, as Argo CD's and Helm's splitters do (not at `...`: what follows it in a piece is reported), and
//! parses each document on its own with saphyr-parser (`yaml`; a plain-ASCII document through the byte input of
//! `ascii_input`), building only the parts of the tree that the head of an object needs. A broken document
//! therefore costs only itself: it becomes an error diagnostic naming file, document, line and column, and the
//! documents before and after it are read. The files of an Argo CD Application (`application`) and of a lint
//! configuration (`config`) are read with the same reader.
//!
//! The files read one way, each importing only the ones above it:
//!
//! ```text
//! input   split (documents of a stream, text positions), json (JSON streams), go_text (Go's line breaks),
//!         ascii_input (the parser's byte input), yaml11 (Go's YAML 1.1 scalars)
//! events  keep (which parts are kept), node (Node, Value, Mapping, Error), mapping (Go's assignments and keys),
//!         unkept_checks (what Go refuses in the parts not kept), yaml (Reader: events to nodes)
//! nodes   pod (a pod spec's references), raw (what reading produces), head (an object's head from its nodes)
//! docs    doc (one document: locations, diagnostics), mod.rs (`read`: a stream), config, application (files)
//! ```
//!
//! Decisions (each pinned by a test in `lib/tests/it/source.rs`):
//! - A stream whose first non-space byte is `{` is read as Argo CD's reader (kubernetes/apimachinery@eed236c
//!   pkg/util/yaml/decoder.go `YAMLOrJSONDecoder`) reads it: JSON value after JSON value (JSON Lines, concatenated
//!   JSON); when the first or second value is not JSON, the rest is read as YAML from the end of the last value;
//!   after two values, something else is an error and nothing after it is read.
//! - Like the engines, only the first YAML document between two `---` lines is read; a second one (after a `---`
//!   that follows a lone carriage return or a Unicode line break, or after a flow mapping) is reported
//!   (`unsplit-document`). Helm reads rendered JSON Lines the same way, as one document: hookplan reads such a
//!   stream as Argo CD does.
//! - A leading UTF-8 byte-order mark is skipped, and so is one at the start of the line after a `---` marker (the
//!   engines decode each piece on its own, and go-yaml skips a BOM at the start of its input). Invalid UTF-8 is an
//!   error for the document that holds it only.
//! - Tabs after values are accepted, as Go's YAML (kubectl, Argo CD) accepts them.
//! - Quoted and bare keys are the same key.
//! - Only the head of each document is kept: `apiVersion`, `kind`, `metadata.{name, generateName, namespace,
//!   annotations, labels, deletionTimestamp}`, what `spec` says that the rules read (a CRD's names, a Job's
//!   deadlines, a pod template's references), and a List's `items`. The rest is parsed and dropped.
//! - An annotation (or label) value that is not a string (`sync-wave: 5`, `true`, `null`, a map) is kept as a
//!   non-string value; the resource stage reports it, because Argo CD then reads no annotations at all.
//! - Every scalar is read as Go's YAML 1.1 reads it (sigs.k8s.io/yaml decodes with go-yaml v2; see `yaml`): an
//!   unquoted annotation or label value such as `yes`, `on`, `010`, `1_000` is a non-string value, as Argo CD and
//!   kubectl see it; in `apiVersion`, `kind`, `metadata.name`, `generateName` or `namespace` it makes the object
//!   unreadable; in `spec` a deadline of `010` is 8 and `optional: yes` is true.
//! - Tags as Go reads them: a custom tag on a scalar (`!foo 5`) leaves the string as written, `!!binary` is
//!   decoded, `!!str` makes a string; a tagged mapping or sequence is one. A scalar whose core tag Go refuses
//!   (`!!int abc`, `!!binary` that is not base64) makes the document unreadable wherever it stands, as Go's
//!   decoder then refuses the whole document.
//! - Merge keys (`<<: *anchor`) are applied wherever they stand, as Go's YAML applies them: entries are assigned
//!   in document order, so a merge overrides the keys before it and the keys after it override the merge; of a
//!   sequence of merged mappings the first wins.
//! - Line breaks and leniency as Go's: NEL, LS and PS break lines (YAML 1.1), indentation inside flow
//!   collections is not checked, control characters are refused, alias expansion past Go's ratio is refused.
//! - A duplicate annotation or label key keeps the last value, as Go's YAML does, and is reported.
//!   So does a duplicate top-level or `metadata` field (`kind` twice): Argo CD and Helm keep the last value.
//! - A document that is not a mapping (a scalar, a sequence) is reported and not planned.
//! - Empty and null documents are skipped. An object whose `items` is a sequence is unpacked into its items,
//!   recursively (Argo CD's repo server unpacks `IsList()` objects, whatever their kind); `items: null` is an
//!   empty List and yields nothing. Of a List's own fields only `kind` must be readable for its items to be read
//!   (Argo CD reads nothing else of it); one that Helm's head decoder reads and cannot (`apiVersion`, `metadata`,
//!   `metadata.name`, `metadata.annotations`) is reported, the items still read.

pub(crate) mod application;
mod ascii_input;
pub(crate) mod config;
mod doc;
mod go_text;
mod head;
mod json;
mod keep;
mod mapping;
mod node;
pub(crate) mod pod;
mod raw;
mod split;
mod unkept_checks;
mod yaml;
mod yaml11;

use std::borrow::Cow;
use std::sync::Arc;

pub(crate) use self::raw::{RawEntry, RawObject, RawValue, ReadOutput};

use self::doc::Doc;
use self::keep::Keep;
use self::split::{Segment, content_offset, first_content, hidden_marker, line_col, split, yaml_lines};
use self::yaml::Reader;
use crate::diagnostic::{Diagnostic, rules};
use crate::limits::Limits;
use crate::location::Location;

/// Reads one input (a YAML stream or a JSON document) into objects and diagnostics, within `limits`.
pub(crate) fn read(
    file: &Arc<str>,
    bytes: &[u8],
    limits: &Limits,
    out: &mut ReadOutput,
    each: &mut dyn FnMut(RawObject),
) {
    let body_start = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    // Nearly every input is valid UTF-8 as a whole: then no document needs checking on its own.
    let whole = std::str::from_utf8(bytes).ok();
    let segments = if json::is_json_stream(bytes) {
        json::split_json_stream(bytes, body_start)
    } else {
        split(bytes, body_start, 1)
    };
    // The objects of one document are handed on before the next document is read, so that the decoded heads of
    // the whole input never live at the same time as the resources built from them.
    for (index, segment) in segments.into_iter().enumerate() {
        if let Some((offset, why)) = &segment.error {
            let (line, column) = line_col(&bytes[segment.start..], offset - segment.start);
            let at = Location::new(file.clone(), index, segment.line + line - 1, column);
            out.diagnostics.push(Diagnostic::new(
                &rules::UNREADABLE_DOCUMENT,
                format!(
                    "cannot read document {index}: {why}; after {index} JSON documents the input must go on as JSON, \
                     so Argo CD stops here and this document and everything after it are not read"
                ),
                None,
                at,
            ));
            return;
        }
        let over = if index >= limits.max_documents {
            Some(format!("over the limit of {} documents", limits.max_documents))
        } else if segment.end > limits.max_input_bytes {
            Some(format!("the input goes past the limit of {} bytes", limits.max_input_bytes))
        } else {
            None
        };
        if let Some(why) = over {
            let at = Location::new(file.clone(), index, segment.line, 1);
            out.diagnostics.push(Diagnostic::new(
                &rules::UNREADABLE_DOCUMENT,
                format!("{why}: document {index} (line {}) and every document after it are not read", segment.line),
                Some(
                    "split the input, or raise the limit (`hookplan --max-input-size`, `--max-documents`; \
                     hookplan::Limits)"
                        .into(),
                ),
                at,
            ));
            return;
        }
        if let Some(rest) = &segment.separator {
            let at = Location::new(file.clone(), index, segment.line, 4);
            out.diagnostics.push(Diagnostic::new(
                &rules::INVALID_DOCUMENT_SEPARATOR,
                format!(
                    "line {} goes on after `---` with `{rest}`: Argo CD refuses the whole input (\"invalid Yaml \
                     document separator\") and syncs nothing of the application; Helm reads it as the start of \
                     document {index}, and so does hookplan",
                    segment.line
                ),
                None,
                at,
            ));
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
                Some(
                    "split the document, or raise the limit (`hookplan --max-document-size`; hookplan::Limits)".into(),
                ),
                at,
            ));
            continue;
        }
        read_segment(file, bytes, whole, index, &segment, limits, out);
        for object in out.objects.drain(..) {
            each(object);
        }
    }
}

fn read_segment(
    file: &Arc<str>,
    bytes: &[u8],
    whole: Option<&str>,
    index: usize,
    segment: &Segment,
    limits: &Limits,
    out: &mut ReadOutput,
) {
    let raw = &bytes[segment.start..segment.end];
    let Some((content_line, content_col)) = content_start(raw) else {
        return; // an explicit but empty document
    };
    let content_col = if content_line == 0 { content_col + segment.column } else { content_col };
    let template = helm_source(raw);
    let mut doc_location = Location::new(file.clone(), index, segment.line + content_line, content_col + 1);
    if let Some(template) = &template {
        doc_location = doc_location.with_template(template.clone());
    }
    let span = segment.start + line_offset(raw, content_line)..segment.end;
    // Segments start and end at line starts (or past a byte-order mark): character boundaries.
    let text = match whole
        .and_then(|whole| whole.get(segment.start..segment.end))
        .map_or_else(|| std::str::from_utf8(raw), Ok)
    {
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
    let doc = Doc {
        file,
        index,
        text,
        first_line: segment.line,
        first_column: segment.column,
        span,
        limits,
        last: std::cell::Cell::new((0, 0, 0)),
        template,
    };
    // Nearly every document is plain ASCII: then it needs none of Go's character checks.
    let plain = go_text::plain_ascii(raw);
    if !plain && let Some(diagnostic) = doc.control_character() {
        out.diagnostics.push(diagnostic);
        return;
    }
    let source = if plain {
        go_text::GoText { text: Cow::Borrowed(text), removed: Vec::new() }
    } else {
        go_text::line_breaks_as_go(text)
    };
    let mut reader =
        if plain { Reader::new_ascii(text, limits.max_nesting) } else { Reader::go(&source, limits.max_nesting) };
    let mut first = reader.document(Keep::Object);
    // Go ignores indentation inside flow collections; the parser does not: read such a document again, padded.
    let padded;
    if let Err(err) = &first
        && err.message.starts_with("invalid indentation")
        && let Some(copy) = go_text::pad_flow_lines(&source.text)
    {
        padded = copy;
        reader = Reader::padded(&padded, &source.removed, limits.max_nesting);
        first = reader.document(Keep::Object);
    }
    match first {
        Ok(None) => {}
        Ok(Some(root)) => doc.root(&root, doc_location, out),
        Err(err) => {
            out.diagnostics.push(doc.error(&err));
            // A key Go refuses leaves the parser in step: what follows the document is still looked at.
            if !(err.resumable && reader.finish_document()) {
                return;
            }
        }
    }
    unsplit_document(&doc, &mut reader, out);
}

/// The chart template a document of `helm template` output was rendered from: Helm writes `# Source:
/// <chart>/templates/<file>` before each document (helm@e9b85e4 pkg/action/action.go `renderResources`, and v3.21.4
/// alike), on a comment line before the content.
fn helm_source(segment: &[u8]) -> Option<Arc<str>> {
    for (_, line) in yaml_lines(segment) {
        if first_content(line).is_some() {
            return None;
        }
        let line = std::str::from_utf8(line).ok()?.trim();
        if let Some(path) = line.strip_prefix("# Source:").map(str::trim).filter(|p| !p.is_empty()) {
            return Some(Arc::from(path));
        }
    }
    None
}

/// Reports what follows the first YAML document of a segment. Argo CD's and Helm's readers split a stream only at
/// `---` after a line feed and decode the first document of each piece (sigs.k8s.io/yaml `Unmarshal`), so a second
/// document in the same piece (after a `---` that follows a lone carriage return or a Unicode line break, or after
/// a flow mapping) is never read.
fn unsplit_document(doc: &Doc<'_>, reader: &mut Reader<'_>, out: &mut ReadOutput) {
    // Each document that follows is reported, null ones aside, up to the end of the piece or a syntax error. The
    // first is pointed at where YAML starts it, a `---` after a lone line break if there is one. Each counts as a
    // document: its own errors (a key Go refuses) are not reported apart, as no engine reads it.
    // Looked for only once a document follows (nearly never), not in every document.
    let mut first = true;
    let mut start = |offset: usize| {
        if std::mem::take(&mut first) { hidden_marker(doc.text).unwrap_or(offset) } else { offset }
    };
    loop {
        // Read as an object is (a root scalar not kept would look null).
        let (offset, go_on) = match reader.document(Keep::Object) {
            Ok(None) => return,
            Ok(Some(node)) if matches!(node.value, node::Value::Null) => continue,
            Ok(Some(node)) => (start(node.at), true),
            // A key Go refuses leaves the parser in step (see `read_segment`): the documents after it still count.
            Err(err) => (start(err.offset), err.resumable && reader.finish_document()),
        };
        let at = doc.at(offset);
        out.diagnostics.push(Diagnostic::new(
            &rules::UNSPLIT_DOCUMENT,
            format!(
                "document {} goes on after its end at line {}: Argo CD and Helm read only the first YAML document \
                 of each piece between `---` lines, so what follows is never applied",
                doc.index, at.line
            ),
            None,
            at,
        ));
        if !go_on {
            return;
        }
    }
}

/// (0-based line, 0-based column in chars) of the first content of a segment; lines are counted at line feeds.
fn content_start(raw: &[u8]) -> Option<(usize, usize)> {
    let (line, column) = line_col(raw, content_offset(raw)?);
    Some((line - 1, column - 1))
}

fn line_offset(raw: &[u8], line: usize) -> usize {
    if line == 0 {
        return 0;
    }
    raw.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(line - 1).map_or(raw.len(), |(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(text: &str) -> Vec<(usize, String)> {
        split(text.as_bytes(), 0, 1).iter().map(|s| (s.line, text[s.start..s.end].to_string())).collect()
    }

    #[test]
    fn splits_at_column_zero_markers_only() {
        let got = segments("# header\n---\na: 1\n---\n  --- not a marker\n...\n---\nb: 2\n");
        assert_eq!(
            got,
            vec![
                (2, "---\na: 1\n".to_string()),
                (4, "---\n  --- not a marker\n...\n".to_string()),
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
        // Glued to the marker: no YAML marker, but Helm cuts there, and so does hookplan (Argo CD refuses it).
        assert_eq!(segments("a: 1\n----\nb: 2\n"), vec![(1, "a: 1\n".to_string()), (2, "-\nb: 2\n".to_string())]);
        let glued = split(b"---apiVersion: v1\nkind: Pod\n", 0, 1);
        assert_eq!((glued[0].start, glued[0].column, glued[0].separator.as_deref()), (3, 3, Some("apiVersion: v1")));
        assert_eq!(segments("a: 1\n--- # c\nb: 2\n").len(), 2);
        assert_eq!(segments("a: 1\r\n---\r\nb: 2\r\n").len(), 2);
    }

    /// Where the splitter cuts and which line it says, against a line-by-line reading that looks at every line
    /// (the splitter jumps from marker to marker in blocks): markers at block edges, at the start and the end,
    /// after CRs and multi-byte characters, in text that is not UTF-8.
    #[test]
    fn markers_are_found_wherever_they_are() {
        fn by_lines(bytes: &[u8]) -> Vec<(usize, usize)> {
            let mut cuts = Vec::new();
            let mut pos = 0;
            for (n, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
                if line.starts_with(b"---") {
                    cuts.push((pos, n + 1));
                }
                pos += line.len();
            }
            cuts
        }
        let pieces: [&[u8]; 9] = [b"---", b"\n", b"-", b"a", b" ", b"\r", "\u{e9}".as_bytes(), b"\xff", b"x: 1\n"];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..3000 {
            let mut bytes = Vec::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 400) as usize;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                bytes.extend_from_slice(pieces[(state % 9) as usize]);
            }
            // A segment opened by a marker starts at it, or just after it when text is glued to it (`column`).
            let got: Vec<(usize, usize)> = split(&bytes, 0, 1)
                .iter()
                .map(|s| (s.start - s.column, s.line))
                .filter(|&(at, _)| bytes[at..].starts_with(b"---"))
                .collect();
            assert_eq!(got, by_lines(&bytes), "{:?}", String::from_utf8_lossy(&bytes));
        }
    }
}
