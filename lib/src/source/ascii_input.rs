//! saphyr-parser's input for a document that is plain ASCII (`go_text::plain_ascii`), nearly every document.
//!
//! The parser reads its text through the [`Input`] trait. Its own `StrInput` decodes UTF-8 at every look and
//! every step (`peek`, `peek_nth`, `skip` each walk the characters again); here a character is a byte, so each of
//! these is one load, and a smaller lookahead spares every plain scalar a reallocation ([`BUFFER_LEN`]): reading
//! argo-cd-install executes a fifth fewer instructions. The events, spans and errors are those of `StrInput` on
//! the same text, method by method (saphyr-parser 0.3.4 `src/input/str.rs`, whose shape this follows): a test
//! compares the two on a table of YAML's constructs, on generated text and on every ASCII file of the corpus.
//!
//! The text must be ASCII: a byte of a multi-byte character would be read as a character of its own. The reader
//! uses this input only for documents `plain_ascii` accepts, which excludes NUL as well (the parser reads NUL as
//! the end of the input, as `StrInput` does).

use saphyr_parser::input::SkipTabs;
use saphyr_parser::{Event, Input, Parser, ScanError, Span, StrInput};

/// saphyr-parser over a document's text: through [`AsciiInput`] when the text is plain ASCII, else `StrInput`.
pub(super) enum Events<'a> {
    Ascii(Parser<'a, AsciiInput<'a>>),
    Text(Parser<'a, StrInput<'a>>),
}

impl<'a> Events<'a> {
    /// The events of a text known to be plain ASCII (`go_text::plain_ascii`).
    pub(super) fn ascii(text: &'a str) -> Self {
        Events::Ascii(Parser::new(AsciiInput::new(text)))
    }

    /// The events of any text.
    pub(super) fn text(text: &'a str) -> Self {
        Events::Text(Parser::new_from_str(text))
    }

    #[inline]
    pub(super) fn next_event(&mut self) -> Option<Result<(Event<'a>, Span), ScanError>> {
        match self {
            Events::Ascii(parser) => parser.next_event(),
            Events::Text(parser) => parser.next_event(),
        }
    }
}

/// A document's text, known to be ASCII, as saphyr-parser's input.
#[derive(Clone, Copy)]
pub(super) struct AsciiInput<'a> {
    /// What is left to read.
    buffer: &'a [u8],
    /// How many characters the parser asked to look ahead: all of them are there, but the parser expects
    /// [`Input::buflen`] to give back what it asked for.
    lookahead: usize,
}

/// The lookahead the parser is told it may ask for. The whole text is there whatever it asks, so this changes no
/// event (saphyr-parser 0.3.4 `src/scanner.rs` reads it in `skip_block_scalar_indent`, where either branch skips
/// the same spaces, and in `scan_plain_scalar`, where it sizes the chunks of a loop that runs to the scalar's end);
/// but `scan_plain_scalar` reserves this much more room in every plain scalar's new string of 32 bytes. `StrInput`
/// says 128, and every plain scalar then grew to 160 bytes at once (a `realloc` per scalar: a tenth of the read's
/// instructions); 16 is `BufferedInput`'s, and fits.
const BUFFER_LEN: usize = 16;

impl<'a> AsciiInput<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        debug_assert!(text.is_ascii(), "AsciiInput reads ASCII text only");
        AsciiInput { buffer: text.as_bytes(), lookahead: 0 }
    }

    /// The byte `n` ahead, or NUL past the end (the parser's end of input).
    #[inline]
    fn at(&self, n: usize) -> u8 {
        self.buffer.get(n).copied().unwrap_or(0)
    }

    /// Consumes `n` bytes, at most what is left.
    #[inline]
    fn advance(&mut self, n: usize) {
        self.buffer = self.buffer.get(n..).unwrap_or_default();
    }

    /// How many bytes from the start satisfy `keep`.
    #[inline]
    fn count_while(&self, keep: impl Fn(u8) -> bool) -> usize {
        self.buffer.iter().position(|&b| !keep(b)).unwrap_or(self.buffer.len())
    }

    /// Moves the first `n` bytes to `out`.
    fn take_into(&mut self, n: usize, out: &mut String) {
        out.extend(self.buffer[..n].iter().map(|&b| char::from(b)));
        self.advance(n);
    }
}

// saphyr-parser's character classes (`src/char_traits.rs`), on bytes.
#[inline]
fn blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}
#[inline]
fn line_break(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}
#[inline]
fn breakz(b: u8) -> bool {
    line_break(b) || b == 0
}
#[inline]
fn flow(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}
#[inline]
fn alpha(b: u8) -> bool {
    matches!(b, b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'-')
}

impl Input for AsciiInput<'_> {
    #[inline]
    fn lookahead(&mut self, count: usize) {
        self.lookahead = self.lookahead.max(count);
    }

    #[inline]
    fn buflen(&self) -> usize {
        self.lookahead
    }

    #[inline]
    fn bufmaxlen(&self) -> usize {
        BUFFER_LEN
    }

    #[inline]
    fn buf_is_empty(&self) -> bool {
        self.lookahead == 0
    }

    #[inline]
    fn raw_read_ch(&mut self) -> char {
        let c = self.peek();
        self.advance(1);
        c
    }

    #[inline]
    fn raw_read_non_breakz_ch(&mut self) -> Option<char> {
        let b = self.at(0);
        if breakz(b) {
            None
        } else {
            self.advance(1);
            Some(char::from(b))
        }
    }

    #[inline]
    fn skip(&mut self) {
        self.advance(1);
    }

    #[inline]
    fn skip_n(&mut self, count: usize) {
        self.advance(count);
    }

    #[inline]
    fn peek(&self) -> char {
        char::from(self.at(0))
    }

    #[inline]
    fn peek_nth(&self, n: usize) -> char {
        char::from(self.at(n))
    }

    #[inline]
    fn peek_opt(&self) -> Option<char> {
        self.buffer.first().map(|&b| char::from(b))
    }

    #[inline]
    fn look_ch(&mut self) -> char {
        self.lookahead(1);
        self.peek()
    }

    #[inline]
    fn next_char_is(&self, c: char) -> bool {
        self.peek() == c
    }

    #[inline]
    fn nth_char_is(&self, n: usize, c: char) -> bool {
        self.peek_nth(n) == c
    }

    // Past the end there is no character (`StrInput` compares `Option`s): NUL compares equal to nothing there.
    #[inline]
    fn next_2_are(&self, c1: char, c2: char) -> bool {
        matches!(self.buffer, [a, b, ..] if char::from(*a) == c1 && char::from(*b) == c2)
    }

    #[inline]
    fn next_3_are(&self, c1: char, c2: char, c3: char) -> bool {
        matches!(self.buffer, [a, b, c, ..] if char::from(*a) == c1 && char::from(*b) == c2 && char::from(*c) == c3)
    }

    #[inline]
    fn next_is_document_indicator(&self) -> bool {
        matches!(self.buffer, [b'-', b'-', b'-', ..] | [b'.', b'.', b'.', ..])
            && (self.buffer.len() == 3 || blank(self.at(3)) || breakz(self.at(3)))
    }

    #[inline]
    fn next_is_document_start(&self) -> bool {
        matches!(self.buffer, [b'-', b'-', b'-', ..])
            && (self.buffer.len() == 3 || blank(self.at(3)) || breakz(self.at(3)))
    }

    #[inline]
    fn next_is_document_end(&self) -> bool {
        matches!(self.buffer, [b'.', b'.', b'.', ..])
            && (self.buffer.len() == 3 || blank(self.at(3)) || breakz(self.at(3)))
    }

    fn skip_ws_to_eol(&mut self, skip_tabs: SkipTabs) -> (usize, Result<SkipTabs, &'static str>) {
        let mut has_yaml_ws = false;
        let mut encountered_tab = false;
        let mut n = 0;
        loop {
            match self.at(n) {
                b' ' => has_yaml_ws = true,
                b'\t' if skip_tabs == SkipTabs::Yes => encountered_tab = true,
                _ => break,
            }
            n += 1;
        }
        if self.at(n) == b'#' {
            if !encountered_tab && !has_yaml_ws {
                // Nothing was skipped: `StrInput` returns before it moves.
                return (n, Err("comments must be separated from other tokens by whitespace"));
            }
            while !breakz(self.at(n)) {
                n += 1;
            }
        }
        self.advance(n);
        (n, Ok(SkipTabs::Result(encountered_tab, has_yaml_ws)))
    }

    #[inline]
    fn next_can_be_plain_scalar(&self, in_flow: bool) -> bool {
        let next = self.at(1);
        match self.at(0) {
            b':' if blank(next) || breakz(next) || (in_flow && flow(next)) => false,
            c if in_flow && flow(c) => false,
            _ => true,
        }
    }

    #[inline]
    fn next_is_blank_or_break(&self) -> bool {
        let b = self.at(0);
        blank(b) || line_break(b)
    }

    #[inline]
    fn next_is_blank_or_breakz(&self) -> bool {
        let b = self.at(0);
        blank(b) || breakz(b)
    }

    #[inline]
    fn next_is_blank(&self) -> bool {
        blank(self.at(0))
    }

    #[inline]
    fn next_is_break(&self) -> bool {
        line_break(self.at(0))
    }

    #[inline]
    fn next_is_breakz(&self) -> bool {
        breakz(self.at(0))
    }

    #[inline]
    fn next_is_z(&self) -> bool {
        self.at(0) == 0
    }

    #[inline]
    fn next_is_flow(&self) -> bool {
        flow(self.at(0))
    }

    #[inline]
    fn next_is_digit(&self) -> bool {
        self.at(0).is_ascii_digit()
    }

    #[inline]
    fn next_is_alpha(&self) -> bool {
        alpha(self.at(0))
    }

    fn skip_while_non_breakz(&mut self) -> usize {
        let n = self.count_while(|b| !breakz(b));
        self.advance(n);
        n
    }

    fn skip_while_blank(&mut self) -> usize {
        let n = self.count_while(blank);
        self.advance(n);
        n
    }

    fn fetch_while_is_alpha(&mut self, out: &mut String) -> usize {
        let n = self.count_while(alpha);
        self.take_into(n, out);
        n
    }

    fn fetch_while_is_yaml_non_space(&mut self, out: &mut String) -> usize {
        let n = self.count_while(|b| !breakz(b) && !blank(b));
        self.take_into(n, out);
        n
    }
}

/// Every event with its span, and the error that ends the stream if there is one, as text: what the tests and the
/// `ascii_input` fuzz target (`lib/fuzz/`, which includes this file) compare between this input and `StrInput`.
#[cfg_attr(not(test), allow(dead_code, reason = "the unit tests and the ascii_input fuzz target call it"))]
pub(super) fn events<T: Input>(mut parser: Parser<'_, T>) -> Vec<String> {
    let mut out = Vec::new();
    while let Some(next) = parser.next_event() {
        let stop = next.is_err();
        out.push(format!("{next:?}"));
        if stop {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use proptest::prelude::*;
    use saphyr_parser::{Parser, StrInput};

    use super::{AsciiInput, events};

    fn assert_same(text: &str) {
        assert!(text.is_ascii());
        let expected = events(Parser::new_from_str(text));
        let actual = events(Parser::new(AsciiInput::new(text)));
        assert_eq!(actual, expected, "events differ on {text:?}");
    }

    /// Each of YAML's constructs, and the errors the parser reports, read through both inputs.
    #[test]
    fn reads_every_construct_as_the_parsers_own_input() {
        let cases = [
            "",
            "a",
            "a: 1\nb: [x, y, {c: d}]\n",
            "---\na: 1\n...\n--- b\n---\n",
            "--- |\n  literal\n   more\n\n...\n",
            "k: >-\n  folded\n  text\n\nz: |+\n  keep\n\n",
            "'single ''quoted''': \"double \\t \\x41 \\u00e9 \\\n  folded\"\n",
            "a:\n  - b\n  -   c: d\n      e: f\n  - - nested\n",
            "? complex key\n: value\n? [a, b]\n: {c: d}\n",
            "anchor: &a {x: 1}\nalias: *a\nmerge:\n  <<: *a\n",
            "%YAML 1.1\n%TAG !e! tag:example.com,2000:\n--- !e!foo\n!!str a: !local b\n",
            "tabs:\t1\t# comment\n\t\n",
            "crlf: 1\r\nnext: 2\r\n",
            "cr: 1\rnext: 2\r",
            "plain: a b  c\n  continued\n# comment\nafter: x",
            "flow: [a,\n  b, c: d, ? e,\n ]\n",
            "key: value # comment\nkey2: value#not comment\n",
            "url: http://example.com:8080/a?b=c#d\n",
            "empty:\nnull: ~\n-dash: -x\n",
            "- a\n- ? b\n  : c\n-\n",
            "a: 'unterminated\n",
            "a: \"bad \\q escape\"\n",
            "a: [1, 2\n",
            "a: b: c\n",
            "a:\n- b\n c\n",
            "key: x#y\n  #comment\n",
            "- -\n-",
            "{a: 1}}",
            "&anchor",
            "*undefined",
            "!tag",
            "@reserved",
            "`backtick",
            "a:\n\t- tab indented\n",
            "--- >\n folded\n more\n---\n|1\n  explicit\n",
            "x: |2-\n   a\n  b\n",
            "a:\n  b:\n    c:\n      d:\n        e:\n          f:\n            g:\n              h:\n                i: |\n                  deep\n\n                   deeper\n                  x\n",
            "plain: a scalar longer than sixteen characters and than thirty-two, on one line\n",
            "folded: a scalar longer than sixteen characters\n  that goes on over lines longer than sixteen characters\n",
            "...\n---\n...",
            "%YAML 1.2\n%YAML 1.2\n---\n",
            "%FOO\tbar baz\tqux\n--- x\n",
            "%YAML\t1.1\n---\n",
            // Found by the generated texts against deliberately broken copies of this input.
            "[a,- key: ",
            "'q'# c",
            "%\t",
            "!e-_9!x ",
            "a: !!binary aGVsbG8=\n",
            "%TAG !my-e! tag:x,1:\n--- !my-e!foo x\n",
            "a: !a_b-c!d e\n",
            "a:\t-x\nb:\tc\nd:\t\t# c\n",
            "-\t- a\n-\t# c\n",
            "[a, [b, [c, [d]]]]",
            "{ ? a : b , c : }",
            "a: -\n",
            "- 'a'b\n",
            "\"a\"\n",
            "\x01: control\n",
            "nul\0inside: x\n",
        ];
        for case in cases {
            assert_same(case);
        }
    }

    fn token() -> impl Strategy<Value = String> {
        const FIXED: [&str; 43] = [
            "key: ",
            "- ",
            "? ",
            ": ",
            ":",
            "\n",
            "\r\n",
            "\r",
            "  ",
            " ",
            "\t",
            "'q'",
            "'it''s'",
            "\"a\\tb\"",
            "\"\\",
            "[",
            "]",
            "{",
            "}",
            ",",
            "[a, b]",
            "{a: 1}",
            "# c",
            "#",
            "---",
            "...",
            "--- ",
            "|\n",
            "|-\n",
            ">+\n",
            "|2\n",
            "&x ",
            "*x",
            "!t ",
            "!!str ",
            "!e!x ",
            "!e-_9!x ",
            "%YAML 1.1\n",
            "%TAG !e! tag:x,1:\n",
            "x",
            "-",
            ".",
            "<<: ",
        ];
        prop_oneof![
            4 => prop::sample::select(FIXED.as_slice()).prop_map(str::to_owned),
            1 => "[a-z0-9@`%~=]{1,6}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Text made of YAML's indicators, breaks and words, well formed or not, read through both inputs.
        #[test]
        fn reads_generated_text_as_the_parsers_own_input(tokens in prop::collection::vec(token(), 0..80)) {
            let text = tokens.concat();
            let expected = events(Parser::new_from_str(&text));
            let actual = events(Parser::new(AsciiInput::new(&text)));
            prop_assert_eq!(actual, expected, "events differ on {:?}", text);
        }
    }

    fn files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for path in entries.map(|entry| entry.unwrap().path()) {
            if path.is_dir() {
                files(&path, out);
            } else {
                out.push(path);
            }
        }
    }

    /// Every ASCII file of the corpus of real manifests (`../shared/corpus`, which CI has), of the fuzzers'
    /// regressions and of the examples, read whole through both inputs.
    #[test]
    fn reads_the_corpus_as_the_parsers_own_input() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        // Fails under CI without the corpus; outside CI, says it is skipped.
        let corpus = hookplan_test_support::corpus::corpus();
        let mut paths = Vec::new();
        if let Some(corpus) = &corpus {
            files(corpus, &mut paths);
        }
        files(&root.join("lib/fuzz/regressions"), &mut paths);
        files(&root.join("fuzz/regressions"), &mut paths);
        files(&root.join("examples"), &mut paths);
        let mut read = 0;
        for path in paths {
            let bytes = std::fs::read(&path).unwrap();
            if let Ok(text) = std::str::from_utf8(&bytes).map(str::to_owned)
                && text.is_ascii()
            {
                let expected = events(Parser::new(StrInput::new(&text)));
                let actual = events(Parser::new(AsciiInput::new(&text)));
                assert_eq!(actual, expected, "events differ on {}", path.display());
                read += 1;
            }
        }
        assert!(read > 0);
    }
}
