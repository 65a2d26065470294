//! A guard against deep flow nesting, answered before the YAML parser sees the document.
//!
//! The YAML parser keeps state per open flow collection and slows down quadratically with their depth (100,000
//! `[` took 20 s before its recursion limit answered), so a document whose flow collections alone nest deeper than
//! the nesting limit is refused by this linear scan first. The scan only counts a `[` or `{` where YAML opens a
//! flow collection (at the start of a node, not inside a plain or quoted scalar, a comment or a block scalar), so
//! it never refuses a document the exact check would accept: the root of a document is level 1 and every flow
//! collection adds one level. Only documents with more than a thousand brackets are scanned (below that the
//! parser is quick and the head decoder's depth check answers), so ordinary manifests pay one counting pass.

/// Documents with fewer flow brackets than this are left to the parser: its cost grows with the square of the
/// depth, which is negligible below a thousand levels, and the head decoder's own depth check answers for them.
const SCAN_FROM: usize = 1024;

/// The byte offset where flow collections nest deeper than `max` levels, if they do and the document has enough
/// brackets for the parser's slowness to matter (see [`SCAN_FROM`]).
pub(super) fn flow_too_deep(text: &[u8], max: usize) -> Option<usize> {
    if text.iter().filter(|&&b| b == b'[' || b == b'{').count() <= max.max(SCAN_FROM) {
        return None;
    }
    scan(text, max)
}

/// The byte offset where flow collections nest deeper than `max` levels, if they do.
fn scan(text: &[u8], max: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut node_start = true;
    let mut line_indent = 0;
    let mut block_scalar: Option<usize> = None;
    let mut i = 0;
    let mut line_start = true;
    while i < text.len() {
        if line_start {
            line_start = false;
            let indent = text[i..].iter().take_while(|&&b| b == b' ').count();
            let rest = i + indent;
            if let Some(parent) = block_scalar {
                let blank = matches!(text.get(rest), None | Some(b'\n' | b'\r'));
                if blank || indent > parent {
                    i = next_line(text, rest);
                    line_start = true;
                    continue;
                }
                block_scalar = None;
            }
            line_indent = indent;
            if depth == 0 {
                node_start = true;
            }
            i = rest;
            continue;
        }
        if depth == 0 && !node_start {
            // Inside a plain scalar in block context only a line end, a `: ` or a comment can matter: skip to one.
            match text[i..].iter().position(|&b| matches!(b, b'\n' | b':' | b'#')) {
                Some(0) => {}
                Some(n) => {
                    i += n;
                    continue;
                }
                None => return None,
            }
        }
        let b = text[i];
        let next_is_space = matches!(text.get(i + 1), None | Some(b' ' | b'\t' | b'\n' | b'\r'));
        match b {
            b'\n' => line_start = true,
            b' ' | b'\t' | b'\r' => {}
            b'#' if i == 0 || matches!(text[i - 1], b' ' | b'\t' | b'\n') => {
                i = next_line(text, i);
                line_start = true;
                continue;
            }
            b'\'' | b'"' if node_start => {
                i = quoted_end(text, i);
                node_start = false;
                continue;
            }
            b'[' | b'{' if node_start || depth > 0 => {
                depth += 1;
                if depth > max {
                    return Some(i);
                }
                node_start = true;
            }
            b']' | b'}' if depth > 0 => {
                depth -= 1;
                node_start = false;
            }
            b',' if depth > 0 => node_start = true,
            b':' if next_is_space || depth > 0 => node_start = true,
            b'-' | b'?' if depth == 0 && node_start && next_is_space => {}
            b'|' | b'>' if depth == 0 && node_start => {
                block_scalar = Some(line_indent);
                i = next_line(text, i);
                line_start = true;
                continue;
            }
            _ => node_start = false,
        }
        i += 1;
    }
    None
}

fn next_line(text: &[u8], from: usize) -> usize {
    text[from..].iter().position(|&b| b == b'\n').map_or(text.len(), |n| from + n + 1)
}

/// The offset just past a quoted scalar starting at `start` (`''` escapes in single quotes, `\` in double).
fn quoted_end(text: &[u8], start: usize) -> usize {
    let quote = text[start];
    let mut i = start + 1;
    while i < text.len() {
        match text[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && text.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::{flow_too_deep, scan};

    fn deep(text: &str, max: usize) -> Option<usize> {
        scan(text.as_bytes(), max)
    }

    #[test]
    fn few_brackets_are_left_to_the_parser() {
        let text = "[".repeat(1000);
        assert_eq!(flow_too_deep(text.as_bytes(), 100), None);
        assert_eq!(flow_too_deep(format!("a: {}", "[".repeat(1100)).as_bytes(), 100), Some(103));
    }

    #[test]
    fn counts_flow_collections() {
        assert_eq!(deep(&format!("a: {}", "[".repeat(100_000)), 100), Some(103));
        assert_eq!(deep(&format!("{}{}", "[".repeat(5), "]".repeat(5)), 4), Some(4));
        assert_eq!(deep(&format!("{}{}", "[".repeat(5), "]".repeat(5)), 5), None);
        assert_eq!(deep("a: {b: [c, {d: [1]}]}", 3), Some(15));
        assert_eq!(deep("a: [[1], [2], [3], [4]]", 2), None, "siblings do not add up");
    }

    #[test]
    fn brackets_outside_flow_collections_do_not_count() {
        let many = "[".repeat(50);
        let cases = [
            format!("a: echo {many}\nb: x{many}\n"),
            format!("a: '{many}'\nb: \"{many}\\\" {many}\"\n"),
            format!("a: 1 # {many}\n# {many}\n"),
            format!("script: |\n  {many}\n\n  {many}\nnext: [1]\n- >-\n  {many}\n"),
            format!("- {{a: 'it''s {many}'}}\n"),
        ];
        for text in cases {
            assert_eq!(deep(&text, 20), None, "{text}");
        }
    }
}
