//! Splitting a YAML stream into documents at column-0 `---` and `...` markers.

/// A document's raw extent: from its `---` marker (if any) to the next marker.
#[derive(Debug)]
pub(super) struct Segment {
    pub(super) start: usize,
    pub(super) end: usize,
    /// 1-based line of `start`.
    pub(super) line: usize,
}

/// Splits a stream at column-0 document markers. Returns only segments that are YAML documents: those opened by
/// `---`, and those with content.
pub(super) fn split(bytes: &[u8], body_start: usize) -> Vec<Segment> {
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

pub(super) fn is_marker(line: &[u8], marker: &[u8]) -> bool {
    line.starts_with(marker) && matches!(line.get(3), None | Some(b' ' | b'\t' | b'\r' | b'\n'))
}

/// Whether a segment holds anything but blank lines, comments, directives and a bare `---` marker.
pub(super) fn has_content(segment: &[u8]) -> bool {
    segment.split(|&b| b == b'\n').any(|line| first_content(line).is_some())
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
