//! Reading a stream that starts with `{` the way Argo CD's and kubectl's reader does: as a sequence of JSON values.
//!
//! Argo CD splits manifests with `YAMLOrJSONDecoder` (kubernetes/apimachinery@eed236c pkg/util/yaml/decoder.go,
//! called from gitops-engine `pkg/utils/kube/kube.go` `SplitYAMLToString`). When the first non-space byte of a
//! stream is `{`, it decodes JSON values one after another, with or without whitespace between them: JSON Lines
//! (`jq -c` output) and concatenated JSON are several documents. If the first or second value is not valid JSON,
//! the decoder goes back to the end of the last value it read, skips whitespace up to and including one line
//! feed, and reads the rest as a YAML stream. After two or more values, a value that is not JSON is an error and
//! nothing after it is read.

use super::split::{Segment, split};

/// How a stream that starts with `{` splits into documents.
pub(super) fn split_json_stream(bytes: &[u8], body_start: usize) -> Vec<Segment> {
    let mut segments: Vec<Segment> = Vec::new();
    // The end of the last value read (the point the decoder goes back to) and its 1-based line.
    let mut pos = body_start;
    let mut pos_line = 1;
    loop {
        let start = skip_space(bytes, pos);
        let line = pos_line + count_newlines(&bytes[pos..start]);
        if start == bytes.len() {
            return segments;
        }
        match value_end(bytes, start) {
            Ok(end) => {
                segments.push(Segment { start, end, line, error: None, column: 0, separator: None });
                pos_line = line + count_newlines(&bytes[start..end]);
                pos = end;
            }
            Err(at) if segments.len() >= 2 => {
                let message = if at >= bytes.len() {
                    "the JSON value is not closed".to_string()
                } else {
                    format!("`{}` is not JSON", char_at(bytes, at))
                };
                segments.push(Segment {
                    start,
                    end: bytes.len(),
                    line,
                    error: Some((at, message)),
                    column: 0,
                    separator: None,
                });
                return segments;
            }
            Err(_) => {
                // Back to the end of the last value (or the start); whitespace up to one line feed is eaten.
                while let Some(&b) = bytes.get(pos) {
                    if !is_space(b) {
                        break;
                    }
                    pos += 1;
                    if b == b'\n' {
                        pos_line += 1;
                        break;
                    }
                }
                segments.extend(split(bytes, pos, pos_line));
                return segments;
            }
        }
    }
}

fn char_at(bytes: &[u8], at: usize) -> char {
    String::from_utf8_lossy(&bytes[at..(at + 4).min(bytes.len())]).chars().next().unwrap_or('?')
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// JSON's whitespace; Go's `unicode.IsSpace` also takes `\v` and `\f` before the first value.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn skip_space(bytes: &[u8], mut pos: usize) -> usize {
    while bytes.get(pos).is_some_and(|&b| is_space(b)) {
        pos += 1;
    }
    pos
}

/// Where the JSON value starting at `start` ends, or the offset of the first byte that makes it invalid
/// (`bytes.len()` when the input ends inside it). serde_json does the parsing.
pub(super) fn value_end(bytes: &[u8], start: usize) -> Result<usize, usize> {
    let slice = &bytes[start..];
    let mut values = serde_json::Deserializer::from_slice(slice).into_iter::<serde::de::IgnoredAny>();
    match values.next() {
        Some(Ok(_)) => Ok(start + values.byte_offset()),
        Some(Err(err)) if err.is_eof() => Err(bytes.len()),
        Some(Err(err)) => Err(start + offset_of(slice, err.line(), err.column())),
        None => Err(bytes.len()),
    }
}

/// The byte offset of serde_json's 1-based line and column (a column of 0 is the line's end).
fn offset_of(slice: &[u8], line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        slice.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(line - 2).map_or(slice.len(), |(i, _)| i + 1)
    };
    (line_start + column.saturating_sub(1)).min(slice.len())
}

/// Whether a stream is read as JSON: its first non-space byte is `{` (apimachinery `GuessJSONStream`).
pub(super) fn is_json_stream(bytes: &[u8]) -> bool {
    bytes.iter().find(|&&b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)) == Some(&b'{')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end(text: &str) -> Result<usize, usize> {
        value_end(text.as_bytes(), 0)
    }

    #[test]
    fn finds_the_end_of_valid_json_values() {
        assert_eq!(end(r#"{"a": [1, -2.5e+3, true, null, {"b": "\u00e9\n"}]} tail"#), Ok(50));
        assert_eq!(end("[]"), Ok(2));
        assert_eq!(end("{}{}"), Ok(2));
        assert_eq!(end("0"), Ok(1));
    }

    #[test]
    fn points_at_what_is_not_json() {
        assert_eq!(end("{a: 1}"), Err(1), "a bare key is YAML, not JSON");
        assert_eq!(end(r#"{"a": 1,}"#), Err(8), "a trailing comma");
        assert_eq!(end(r#"{"a": 01}"#), Err(7), "a leading zero");
        assert_eq!(end(r#"{"a": "x"#), Err(8), "unclosed");
        assert_eq!(end("[[[["), Err(4));
        assert_eq!(end(r#"{"a": 'x'}"#), Err(6));
        assert_eq!(end("{\"a\": \"\t\"}"), Err(6), "a raw tab in a string: serde_json points at its string");
    }

    #[test]
    fn deep_nesting_needs_no_stack() {
        // serde_json skips a value it ignores without recursing, so depth costs no stack.
        let text = "[".repeat(200_000) + &"]".repeat(200_000);
        assert_eq!(end(&text), Ok(400_000));
    }
}
