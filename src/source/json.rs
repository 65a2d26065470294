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
                segments.push(Segment { start, end, line, error: None });
                pos_line = line + count_newlines(&bytes[start..end]);
                pos = end;
            }
            Err(at) if segments.len() >= 2 => {
                let message = if at >= bytes.len() {
                    "the JSON value is not closed".to_string()
                } else {
                    format!("`{}` is not JSON", char_at(bytes, at))
                };
                segments.push(Segment { start, end: bytes.len(), line, error: Some((at, message)) });
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
/// (`bytes.len()` when the input ends inside it). Iterative, so nesting costs no stack.
pub(super) fn value_end(bytes: &[u8], start: usize) -> Result<usize, usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Expect {
        Value,
        ValueOrClose,
        Key,
        KeyOrClose,
        Colon,
        CommaOrClose,
    }
    let mut stack: Vec<u8> = Vec::new();
    let mut expect = Expect::Value;
    let mut pos = start;
    loop {
        pos = skip_space(bytes, pos);
        let Some(&b) = bytes.get(pos) else { return Err(bytes.len()) };
        match expect {
            Expect::Value | Expect::ValueOrClose => {
                if expect == Expect::ValueOrClose && b == b']' {
                    stack.pop();
                    pos += 1;
                } else {
                    match b {
                        b'{' => {
                            stack.push(b'}');
                            expect = Expect::KeyOrClose;
                            pos += 1;
                            continue;
                        }
                        b'[' => {
                            stack.push(b']');
                            expect = Expect::ValueOrClose;
                            pos += 1;
                            continue;
                        }
                        b'"' => pos = string_end(bytes, pos)?,
                        b't' => pos = literal_end(bytes, pos, b"true")?,
                        b'f' => pos = literal_end(bytes, pos, b"false")?,
                        b'n' => pos = literal_end(bytes, pos, b"null")?,
                        b'-' | b'0'..=b'9' => pos = number_end(bytes, pos)?,
                        _ => return Err(pos),
                    }
                }
            }
            Expect::Key | Expect::KeyOrClose => {
                if expect == Expect::KeyOrClose && b == b'}' {
                    stack.pop();
                    pos += 1;
                } else if b == b'"' {
                    pos = string_end(bytes, pos)?;
                    expect = Expect::Colon;
                    continue;
                } else {
                    return Err(pos);
                }
            }
            Expect::Colon => {
                if b != b':' {
                    return Err(pos);
                }
                pos += 1;
                expect = Expect::Value;
                continue;
            }
            Expect::CommaOrClose => match (b, stack.last()) {
                (b',', Some(b'}')) => {
                    pos += 1;
                    expect = Expect::Key;
                    continue;
                }
                (b',', Some(_)) => {
                    pos += 1;
                    expect = Expect::Value;
                    continue;
                }
                (close, Some(&open)) if close == open => {
                    stack.pop();
                    pos += 1;
                }
                _ => return Err(pos),
            },
        }
        // A value (or a container) just ended.
        if stack.is_empty() {
            return Ok(pos);
        }
        expect = Expect::CommaOrClose;
    }
}

fn string_end(bytes: &[u8], start: usize) -> Result<usize, usize> {
    let mut pos = start + 1;
    loop {
        match bytes.get(pos) {
            None => return Err(bytes.len()),
            Some(b'"') => return Ok(pos + 1),
            Some(b'\\') => match bytes.get(pos + 1) {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => pos += 2,
                Some(b'u') if bytes.len() >= pos + 6 && bytes[pos + 2..pos + 6].iter().all(u8::is_ascii_hexdigit) => {
                    pos += 6;
                }
                _ => return Err(pos),
            },
            Some(&b) if b < 0x20 => return Err(pos),
            Some(_) => pos += 1,
        }
    }
}

fn literal_end(bytes: &[u8], start: usize, literal: &[u8]) -> Result<usize, usize> {
    if bytes[start..].starts_with(literal) { Ok(start + literal.len()) } else { Err(start) }
}

fn number_end(bytes: &[u8], start: usize) -> Result<usize, usize> {
    let digits = |mut pos: usize| {
        let from = pos;
        while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        if pos == from { Err(pos) } else { Ok(pos) }
    };
    let mut pos = start + usize::from(bytes[start] == b'-');
    pos = if bytes.get(pos) == Some(&b'0') { pos + 1 } else { digits(pos)? };
    if bytes.get(pos) == Some(&b'.') {
        pos = digits(pos + 1)?;
    }
    if matches!(bytes.get(pos), Some(b'e' | b'E')) {
        pos += 1;
        if matches!(bytes.get(pos), Some(b'+' | b'-')) {
            pos += 1;
        }
        pos = digits(pos)?;
    }
    Ok(pos)
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
        assert_eq!(end("{\"a\": \"\t\"}"), Err(7), "a raw tab in a string");
    }

    #[test]
    fn deep_nesting_needs_no_stack() {
        let text = "[".repeat(200_000) + &"]".repeat(200_000);
        assert_eq!(end(&text), Ok(400_000));
    }
}
