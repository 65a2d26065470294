//! The text as Go's YAML reader sees it, for a YAML 1.2 parser: the line breaks of YAML 1.1, no indentation inside
//! flow collections, and the byte offsets of the parser's character positions in the original text.

use std::borrow::Cow;

/// A document's text as the parser is given it, and how its offsets map to the original's.
pub(super) struct GoText<'a> {
    pub(super) text: Cow<'a, str>,
    /// (offset in `text` from which, bytes removed before it): see [`line_breaks_as_go`].
    pub(super) removed: Vec<(usize, usize)>,
}

/// The text with each line break of YAML 1.1 that YAML 1.2 dropped (U+0085, U+2028, U+2029) written as a carriage
/// return and line feed. Go's YAML breaks lines at them (kubernetes-sigs/yaml@742f5e6 goyaml.v2/yamlprivateh.go
/// `is_break`); saphyr-parser (YAML 1.2) reads them as content. A CRLF is one line break to both parsers, and never
/// merges with a break before or after it (a CR before it is a break of its own, as is a line feed after it), so
/// the parser sees Go's lines: no more, no fewer, and no character added to any line. (Spaces before a line feed,
/// to keep the length, made a line holding only the break an indented one, which changes how a block scalar
/// finds its indentation: found by the `read` fuzz target.) U+0085 is two bytes, as CRLF is; U+2028 and U+2029
/// are three, and each removes one byte, which `removed` records.
pub(super) fn line_breaks_as_go(text: &str) -> GoText<'_> {
    // U+0085 is 0xC2 0x85 in UTF-8, U+2028 and U+2029 start with 0xE2: a text without either lead byte (nearly
    // every one) is looked at once, in a pass without an early exit that the compiler vectorises.
    let plain = || GoText { text: Cow::Borrowed(text), removed: Vec::new() };
    if !text.as_bytes().iter().fold(false, |found, &b| found | (b == 0xC2) | (b == 0xE2)) {
        return plain();
    }
    if !(text.contains('\u{85}') || text.contains('\u{2028}') || text.contains('\u{2029}')) {
        return plain();
    }
    let mut out = String::with_capacity(text.len());
    let mut removed = Vec::new();
    let mut from = 0;
    for (at, c) in text.match_indices(['\u{85}', '\u{2028}', '\u{2029}']) {
        out.push_str(&text[from..at]);
        out.push_str("\r\n");
        from = at + c.len();
        if c.len() > 2 {
            removed.push((out.len(), from - out.len()));
        }
    }
    out.push_str(&text[from..]);
    GoText { text: Cow::Owned(out), removed }
}

/// Whether Go's YAML reader sees the text as it is written: ASCII without control characters other than tab, line
/// feed and carriage return. Then it refuses no character of it (`Doc::control_character`), it holds no line break
/// of YAML 1.1 ([`line_breaks_as_go`]), and the parser's character indexes are byte offsets. Nearly every
/// document is: one pass without an early exit (vectorised) spares it the three checks.
pub(super) fn plain_ascii(bytes: &[u8]) -> bool {
    !bytes.iter().fold(false, |odd, &b| odd | (b >= 0x7F) | ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')))
}

/// Byte offsets of saphyr-parser's character indexes. Positions are asked for mostly in increasing order, so each is
/// counted from the last: linear in the text, whatever its characters.
pub(super) struct Positions<'a> {
    text: &'a str,
    ascii: bool,
    /// The last (character index, byte offset) converted.
    last: (usize, usize),
    /// For a padded text: see [`Padded::shifts`].
    shifts: &'a [(usize, usize)],
    /// For a text with YAML 1.1 line breaks rewritten, the text before padding: see [`GoText::removed`].
    removed: &'a [(usize, usize)],
}

impl<'a> Positions<'a> {
    /// The positions in `text`, padded by `shifts` from a text that `removed` maps to the original.
    pub(super) fn new(text: &'a str, shifts: &'a [(usize, usize)], removed: &'a [(usize, usize)]) -> Self {
        Positions { text, ascii: text.is_ascii(), last: (0, 0), shifts, removed }
    }

    /// The positions in a text known to be ASCII.
    pub(super) fn ascii(text: &'a str) -> Self {
        Positions { text, ascii: true, last: (0, 0), shifts: &[], removed: &[] }
    }

    /// The text the parser reads.
    pub(super) fn text(&self) -> &'a str {
        self.text
    }

    /// The byte offset, in the text the parser reads, of a character index.
    pub(super) fn byte(&mut self, index: usize) -> usize {
        if self.ascii {
            return index.min(self.text.len());
        }
        if index < self.last.0 {
            self.last = (0, 0);
        }
        let (from_index, from_byte) = self.last;
        let byte = self.text[from_byte..]
            .char_indices()
            .nth(index - from_index)
            .map_or(self.text.len(), |(offset, _)| from_byte + offset);
        self.last = (index, byte);
        byte
    }

    /// The offset in the original text of an offset in the text the parser reads.
    pub(super) fn original(&self, byte: usize) -> usize {
        let unpadded = match self.shifts.partition_point(|&(at, _)| at <= byte) {
            0 => byte,
            n => byte - self.shifts[n - 1].1,
        };
        match self.removed.partition_point(|&(at, _)| at <= unpadded) {
            0 => unpadded,
            n => unpadded + self.removed[n - 1].1,
        }
    }
}

/// A copy of a document's text whose lines inside flow collections are indented further.
///
/// Go's YAML (a port of libyaml) ignores indentation inside a flow collection (kubernetes-sigs/yaml@742f5e6
/// goyaml.v2/scannerc.go `yaml_parser_unroll_indent`: "In the flow context, do nothing"); saphyr-parser follows
/// YAML 1.2, which wants every line of a flow collection indented past the block around it, and refuses
/// ```yaml
/// key: [
/// a, b
/// ]
/// ```
/// which Helm charts render and Argo CD reads. Indenting such lines changes no value (a line break in a flow
/// scalar folds the indentation away), so a document the parser refuses for its indentation is read again padded.
pub(super) struct Padded {
    pub(super) text: String,
    /// (offset in the padded text where a run of inserted spaces ends, bytes inserted up to there).
    pub(super) shifts: Vec<(usize, usize)>,
}

/// Pads the lines that start inside a flow collection with the indentation of the line that opened it plus two
/// spaces; `None` when no line does. Quoted scalars and comments are looked past; a bracket opens a collection only
/// where a value can start.
pub(super) fn pad_flow_lines(text: &str) -> Option<Padded> {
    let mut out = String::with_capacity(text.len() + 256);
    let mut shifts = Vec::new();
    let mut inserted = 0;
    let mut depth = 0usize;
    let mut pad = 0;
    let mut quote: Option<u8> = None;
    for line in text.split_inclusive('\n') {
        if depth > 0 {
            out.extend(std::iter::repeat_n(' ', pad));
            inserted += pad;
            shifts.push((out.len(), inserted));
        }
        let bytes = line.as_bytes();
        let indentation = bytes.iter().take_while(|&&b| b == b' ').count();
        let blank = |b: u8| matches!(b, b' ' | b'\t');
        // The last byte before `i` that is not a blank, kept as the scan goes (looking back would be quadratic on
        // a long run of blanks).
        let mut before: Option<u8> = None;
        let mut i = 0;
        while i < bytes.len() {
            let start = i;
            let b = bytes[i];
            if let Some(q) = quote {
                if b == b'\\' && q == b'"' {
                    i += 1;
                } else if b == q {
                    if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                        i += 1;
                    } else {
                        quote = None;
                    }
                }
                i += 1;
            } else {
                let spaced = i == 0 || blank(bytes[i - 1]);
                let token_start = match bytes[..i].last() {
                    None => true,
                    Some(b'[' | b'{' | b',' | b':') => depth > 0,
                    Some(_) => spaced && matches!(before, None | Some(b':' | b'-' | b',' | b'?' | b'[' | b'{')),
                };
                match b {
                    b'#' if spaced => break,
                    b'"' | b'\'' if token_start => quote = Some(b),
                    b'[' | b'{' if token_start || depth > 0 => {
                        if depth == 0 {
                            pad = indentation + 2;
                        }
                        depth += 1;
                    }
                    b']' | b'}' if depth > 0 => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            if let Some(&last) = bytes[start..i.min(bytes.len())].iter().rev().find(|&&b| !blank(b)) {
                before = Some(last);
            }
        }
        out.push_str(line);
    }
    (!shifts.is_empty()).then_some(Padded { text: out, shifts })
}

#[cfg(test)]
mod tests {
    use super::{line_breaks_as_go, pad_flow_lines, plain_ascii};

    #[test]
    fn plain_ascii_is_printable_ascii_tab_and_line_ends() {
        assert!(plain_ascii(b"a: 1\r\n\tb: ~ '}'\n"));
        assert!(plain_ascii(b""));
        for odd in [0x00, 0x08, 0x0B, 0x0C, 0x1F, 0x7F, 0x80, 0xC2, 0xEF, 0xFF] {
            let mut bytes = b"a: 1\n".repeat(20);
            bytes.insert(37, odd);
            assert!(!plain_ascii(&bytes), "{odd:#04x}");
        }
    }

    #[test]
    fn padding_indents_only_lines_inside_flow_collections() {
        let text = "a:\n  b: [\n1, '[x',\n]\n  c: \"{\"\n  d: x[y\ne: 1\n";
        let padded = pad_flow_lines(text).expect("two lines in a flow sequence");
        assert_eq!(padded.text, "a:\n  b: [\n    1, '[x',\n    ]\n  c: \"{\"\n  d: x[y\ne: 1\n");
        let mut reader = super::super::yaml::Reader::padded(&padded, &[], 10);
        let root = reader.document(super::super::keep::Keep::All).expect("valid").expect("a document");
        let b = root.value.get("a").and_then(|a| a.value.get("b")).expect("a.b");
        let first = &b.value.items()[0];
        assert_eq!(first.at, text.find("1,").unwrap(), "offsets are the original's");
        assert!(pad_flow_lines("a: [1, 2]\nb: {c: d}\n").is_none());
    }

    #[test]
    fn yaml_1_1_line_breaks_keep_offsets() {
        let text = "a: 1\u{85}b: 2\u{2028}c: 3\u{2029}d: 4\n";
        let go = line_breaks_as_go(text);
        assert_eq!(go.text, "a: 1\r\nb: 2\r\nc: 3\r\nd: 4\n");
        assert_eq!(go.removed, [(12, 1), (18, 2)]);
        let mut reader = super::super::yaml::Reader::go(&go, 10);
        let root = reader.document(super::super::keep::Keep::All).expect("valid").expect("a document");
        let keys: Vec<_> = root.value.map().unwrap().entries.iter().map(|e| (e.key.to_string(), e.at)).collect();
        assert_eq!(keys, [("a".into(), 0), ("b".into(), 6), ("c".into(), 13), ("d".into(), 20)]);
        assert_eq!([&text[13..14], &text[20..21]], ["c", "d"]);
    }
}
