//! hookplan's input for plain-ASCII documents (`lib/src/source/ascii_input.rs`, included as it is) against
//! saphyr-parser's own `StrInput`: the same events, spans and errors on any ASCII text. Each byte is taken modulo
//! 128, so that every input is ASCII.
#![no_main]

use libfuzzer_sys::fuzz_target;
use saphyr_parser::{Input, Parser};

// The reader's choice of input (`Events`) is not compared here.
#[allow(dead_code)]
#[path = "../../lib/src/source/ascii_input.rs"]
mod ascii_input;

/// Every event with its span, and the error that ends the stream if there is one, as text.
fn events<T: Input>(mut parser: Parser<'_, T>) -> Vec<String> {
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

fuzz_target!(|data: &[u8]| {
    let text: String = data.iter().map(|&b| char::from(b & 0x7F)).collect();
    let expected = events(Parser::new_from_str(&text));
    let actual = events(Parser::new(ascii_input::AsciiInput::new(&text)));
    assert_eq!(actual, expected, "events differ on {text:?}");
});
