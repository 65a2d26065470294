//! hookplan's input for plain-ASCII documents (`lib/src/source/ascii_input.rs`, included as it is) against
//! saphyr-parser's own `StrInput`: the same events, spans and errors on any ASCII text. Each byte is taken modulo
//! 128, so that every input is ASCII.
#![no_main]

use libfuzzer_sys::fuzz_target;
use saphyr_parser::Parser;

// The reader's choice of input (`Events`) is not compared here.
#[allow(dead_code)]
#[path = "../../src/source/ascii_input.rs"]
mod ascii_input;

fuzz_target!(|data: &[u8]| {
    let text: String = data.iter().map(|&b| char::from(b & 0x7F)).collect();
    let expected = ascii_input::events(Parser::new_from_str(&text));
    let actual = ascii_input::events(Parser::new(ascii_input::AsciiInput::new(&text)));
    assert_eq!(actual, expected, "events differ on {text:?}");
});
