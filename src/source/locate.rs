//! Locating keys in a document's text, in block or flow (JSON) style, to give every finding a line and column.

use super::split::is_marker;

/// A byte range of a document's text holding one YAML node, in block or flow (JSON) style.
#[derive(Clone, Debug)]
pub(super) struct Region {
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Region {
    pub(super) fn root(text: &str, start: usize) -> Region {
        Region { start, end: text.len() }
    }

    pub(super) fn empty(at: usize) -> Region {
        Region { start: at, end: at }
    }

    /// The lines of the region: (byte offset of the line start, the whole line, bytes of the first line that
    /// lie before the region and count as indentation).
    pub(super) fn lines<'t>(&self, text: &'t str) -> impl Iterator<Item = (usize, &'t str, usize)> {
        let first = line_start_near(text, self.start);
        let skip = self.start - first;
        let slice = if self.start >= self.end { "" } else { &text[first..self.end] };
        slice.split_inclusive('\n').scan((first, skip), |(offset, skip), line| {
            let item = (*offset, line.trim_end_matches(['\n', '\r']), *skip);
            *offset += line.len();
            *skip = 0;
            Some(item)
        })
    }

    pub(super) fn is_flow(&self, text: &str) -> bool {
        self.lines(text)
            .find_map(|(_, line, skip)| content_of(line, skip))
            .is_some_and(|(_, c)| c.starts_with(['{', '[']))
    }

    /// Finds `key` directly in this mapping; returns the key's byte offset and its value's region.
    pub(super) fn find_key(&self, text: &str, key: &str) -> Option<(usize, Region)> {
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

    /// The byte offset of every key directly in this block mapping (the first, for a key written twice), found
    /// in one pass: what [`Region::find_key`] answers key by key. `None` for a flow (JSON) mapping.
    /// Every key of a block mapping and where it stands: its first occurrence, or with `last` its last one.
    pub(super) fn key_offsets(&self, text: &str, last: bool) -> Option<foldhash::HashMap<String, usize>> {
        if self.start >= self.end || self.is_flow(text) {
            return None;
        }
        let mut offsets = foldhash::HashMap::default();
        let mut level = None;
        for (offset, line, skip) in self.lines(text) {
            let Some((indent, _)) = content_of(line, skip) else { continue };
            let (col, parsed) = parse_key(line, indent);
            let level = *level.get_or_insert(col);
            if indent < level && col < level {
                break;
            }
            if col == level
                && let Some(key) = parsed
            {
                if last {
                    offsets.insert(key, offset + col);
                } else {
                    offsets.entry(key).or_insert(offset + col);
                }
            }
        }
        Some(offsets)
    }

    pub(super) fn find_flow_key(&self, text: &str, key: &str) -> Option<(usize, Region)> {
        let slice = &text[self.start..self.end];
        let at = find_quoted_or_plain(slice, key)?;
        let after = slice[at..].find(':').map(|j| at + j + 1)?;
        Some((self.start + at, Region { start: self.start + after, end: self.end }))
    }

    /// The entries of a sequence held by this region, each as its own region (block `- ` entries or the
    /// elements of a JSON array).
    pub(super) fn entries(&self, text: &str) -> Vec<Region> {
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
pub(super) fn content_of(line: &str, skip: usize) -> Option<(usize, &str)> {
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

pub(super) fn is_seq_entry(content: &str) -> bool {
    content == "-" || content.starts_with("- ") || content.starts_with("-\t")
}

/// The byte column of the key on a block line (after any `- ` entry markers) and the key itself.
pub(super) fn parse_key(line: &str, indent: usize) -> (usize, Option<String>) {
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

pub(super) fn region_start_after(text: &str, key_offset: usize) -> usize {
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

pub(super) fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// How far back [`line_start_near`] looks for the start of a line, in bytes.
const LONG_LINE: usize = 4 * 1024;

/// The start of the line holding `offset`, looked for at most [`LONG_LINE`] bytes back; on a longer line (a
/// one-line JSON document, whose content is flow style, where indentation plays no part) `offset` itself. Keeps
/// locating the items of a long one-line List linear instead of quadratic.
fn line_start_near(text: &str, offset: usize) -> usize {
    let floor = offset.saturating_sub(LONG_LINE);
    match text.as_bytes()[floor..offset].iter().rposition(|&b| b == b'\n') {
        Some(i) => floor + i + 1,
        None if floor == 0 => 0,
        None => offset,
    }
}

/// Finds `"key"` (or a bare `key` followed by `:`) in flow text.
pub(super) fn find_quoted_or_plain(text: &str, key: &str) -> Option<usize> {
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
pub(super) fn flow_elements(text: &str, start: usize, end: usize) -> Vec<Region> {
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
