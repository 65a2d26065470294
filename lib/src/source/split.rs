//! Splitting a YAML stream into documents at column-0 `---` lines, as Argo CD's and Helm's splitters do.

/// A document's raw extent: from its `---` marker (if any) to the next marker.
#[derive(Debug)]
pub(super) struct Segment {
    pub(super) start: usize,
    pub(super) end: usize,
    /// 1-based line of `start`.
    pub(super) line: usize,
    /// Where the stream stops being readable, and why (a JSON stream that goes on with something else): this
    /// segment and everything after it are not read.
    pub(super) error: Option<(usize, String)>,
    /// Characters of the first line before `start` (a document that starts on its `---` line, as Helm cuts it).
    pub(super) column: usize,
    /// The text after the `---` that opens this segment, when it is not blanks or a comment: Argo CD refuses the
    /// input there.
    pub(super) separator: Option<String>,
}

/// Splits a stream at column-0 document markers. Returns only segments that are YAML documents: those opened by
/// `---`, and those with content.
/// `start` is where to begin and `first_line` its 1-based line.
pub(super) fn split(bytes: &[u8], start: usize, first_line: usize) -> Vec<Segment> {
    let mut segments = Vec::new();
    let segment =
        |start: usize, line: usize| Segment { start, end: start, line, error: None, column: 0, separator: None };
    let mut current = segment(start, first_line);
    let mut explicit = false;
    let push = |segment: Segment, explicit: bool, segments: &mut Vec<Segment>| {
        if explicit || has_content(&bytes[segment.start..segment.end]) {
            segments.push(segment);
        }
    };
    // Only lines that start with `---` matter: the stream is searched for them (`next_marker`) and lines are
    // counted between them, both in passes the compiler vectorises.
    let next_marker = |from: usize| next_marker(bytes, from);
    let mut candidate = if bytes[start..].starts_with(b"---") { Some(start) } else { next_marker(start) };
    let mut counted = start;
    let mut line = first_line;
    while let Some(pos) = candidate {
        line += count_newlines(&bytes[counted..pos]);
        counted = pos;
        let line_end = bytes[pos..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| pos + i + 1);
        let text = &bytes[pos..line_end];
        current.end = pos;
        let mut next = segment(pos, line);
        if !bare_marker(text) {
            let rest = String::from_utf8_lossy(&text[3..]);
            next.separator = Some(rest.trim().chars().take(60).collect());
        }
        if !is_marker(text, b"---") {
            // Glued to the marker (`---apiVersion: v1`, `----`): not a YAML marker, but Helm cuts there and
            // reads the rest of the line as the start of the next document.
            next.start = pos + 3;
            next.end = pos + 3;
            next.column = 3;
        } else if pos > start && bare_marker(text) && bytes[line_end..].starts_with(b"\xEF\xBB\xBF") {
            // Argo CD's reader starts a new piece after the marker line and decodes it on its own, so a
            // byte-order mark at the start of the next line is the piece's own and is skipped (go-yaml reads a
            // BOM at the start of its input). Not for a stream that opens with `---`: there the marker is in the
            // piece.
            next = segment(line_end + 3, line + 1);
        }
        push(std::mem::replace(&mut current, next), explicit, &mut segments);
        explicit = true;
        // A `...` line is no cut: Argo CD's and Helm's splitters cut only at `---`, and decode the first document
        // of each piece, so what follows `...` in a piece is never read (the reader reports it: `unsplit-document`).
        candidate = if bytes[..line_end].ends_with(b"\n") { next_marker(line_end - 1) } else { None };
    }
    current.end = bytes.len();
    push(current, explicit, &mut segments);
    segments
}

/// The first line start after a line feed at or after `from` that begins with `---`.
fn next_marker(bytes: &[u8], from: usize) -> Option<usize> {
    // Blocks of 64 line-feed-and-dash pairs are looked at without an early exit (vectorised); only a block that has
    // one (rare: YAML lists are mostly indented) is searched pair by pair.
    const BLOCK: usize = 64;
    let mut at = from;
    while at + 1 < bytes.len() {
        let end = (at + BLOCK + 1).min(bytes.len());
        let block = &bytes[at..end];
        if block.iter().zip(&block[1..]).fold(false, |hit, (&a, &b)| hit | ((a == b'\n') & (b == b'-')))
            && let Some(i) = (at..end - 1).find(|&i| bytes[i] == b'\n' && bytes[i + 1..].starts_with(b"---"))
        {
            return Some(i + 1);
        }
        at = end - 1;
    }
    None
}

/// Line feeds in `bytes`, counted in runs of 255 bytes so that the count fits a byte lane.
fn count_newlines(bytes: &[u8]) -> usize {
    bytes.chunks(255).map(|run| usize::from(run.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n')))).sum()
}

/// A `---` line with nothing after the marker but blanks or a comment.
fn bare_marker(line: &[u8]) -> bool {
    line[3..].iter().position(|&b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n')).is_none_or(|i| line[3 + i] == b'#')
}

pub(super) fn is_marker(line: &[u8], marker: &[u8]) -> bool {
    line.starts_with(marker) && matches!(line.get(3), None | Some(b' ' | b'\t' | b'\r' | b'\n'))
}

/// Whether a segment holds anything but blank lines, comments, directives and a bare `---` marker.
pub(super) fn has_content(segment: &[u8]) -> bool {
    content_offset(segment).is_some()
}

/// The byte offset of a segment's first content: past blank lines, comments, directives and a `---` marker.
pub(super) fn content_offset(segment: &[u8]) -> Option<usize> {
    yaml_lines(segment).find_map(|(start, line)| Some(start + first_content(line)?))
}

/// The lines of a segment as Go's YAML breaks them, each with its byte offset: at a line feed, a carriage return,
/// a next-line (U+0085), a line separator (U+2028) or a paragraph separator (U+2029)
/// (kubernetes-sigs/yaml@742f5e6 goyaml.v2/yamlprivateh.go `is_break`). A comment ends at any of them, so
/// `# licence\rkind: Pod` holds content; the splitters of Argo CD and Helm look at line feeds only, which is where
/// the segments are cut.
pub(super) fn yaml_lines(segment: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        let rest = &segment[from..];
        let mut i = 0;
        while i < rest.len() {
            let width = match rest[i] {
                b'\n' | b'\r' => 1,
                0xC2 if rest.get(i + 1) == Some(&0x85) => 2,
                0xE2 if rest.get(i + 1) == Some(&0x80) && matches!(rest.get(i + 2), Some(0xA8 | 0xA9)) => 3,
                _ => {
                    i += 1;
                    continue;
                }
            };
            start = Some(from + i + width);
            return Some((from, &rest[..i]));
        }
        start = None;
        Some((from, rest))
    })
}

/// Byte offset of the first content character of a line, skipping a leading `---` marker.
pub(super) fn first_content(line: &[u8]) -> Option<usize> {
    let mut from = 0;
    if is_marker(line, b"---") {
        from = 3;
    } else if line.first() == Some(&b'%') {
        return None;
    }
    let offset = line[from..].iter().position(|&b| !matches!(b, b' ' | b'\t' | b'\r'))? + from;
    (line[offset] != b'#').then_some(offset)
}

/// The offset of a `---` or `...` marker that YAML sees as starting a line but a line-feed splitter does not: one
/// after a lone carriage return, a next-line (U+0085), a line separator (U+2028) or a paragraph separator (U+2029).
/// YAML 1.1 breaks lines at all of these (go-yaml and libyaml alike); Argo CD's and Helm's splitters look for `---`
/// after `\n` only.
pub(super) fn hidden_marker(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let breaks: [&[u8]; 4] = [b"\r", b"\xC2\x85", "\u{2028}".as_bytes(), "\u{2029}".as_bytes()];
    // Looked for from the last byte of each break, which are rare, rather than at every `-` and `.`.
    (0..bytes.len()).filter(|&i| matches!(bytes[i], b'\r' | 0x85 | 0xA8 | 0xA9)).find_map(|i| {
        let (before, after) = bytes.split_at(i + 1);
        let marker = is_marker(after, b"---") || is_marker(after, b"...");
        (marker && breaks.iter().any(|b| before.ends_with(b))).then_some(i + 1)
    })
}

/// 1-based (line, column in chars) of a byte offset.
pub(super) fn line_col(raw: &[u8], offset: usize) -> (usize, usize) {
    let before = &raw[..offset.min(raw.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    (line, String::from_utf8_lossy(&before[line_start..]).chars().count() + 1)
}
