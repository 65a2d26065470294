//! Input text made safe to print: a name or an annotation value must not move the terminal's cursor, start a new
//! line (forging a table row, or a `::error::` workflow command in GitHub Actions), or widen a table past reason.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether a character would act rather than show: C0 and C1 controls, DEL, the line and paragraph separators,
/// and the bidirectional overrides and isolates that reorder what follows them.
fn acts(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every acting character shown as an escape (`\n`, `\r`, `\t`, else `\u{1b}`); borrowed when there
/// is none.
pub fn text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if acts(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// [`text`], cut to at most `max` characters (the last one `…`) so that one huge value cannot widen every row.
pub fn cell(value: &str, max: usize) -> String {
    let safe = text(value);
    if safe.chars().count() <= max {
        return safe.into_owned();
    }
    let mut cut: String = safe.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_acted_on() {
        assert_eq!(text("web"), "web");
        assert_eq!(
            text("a\nb\r\u{1b}[31m\u{7f}\u{85}\u{2028}\u{202e}"),
            "a\\nb\\r\\u{1b}[31m\\u{7f}\\u{85}\\u{2028}\\u{202e}"
        );
        assert_eq!(cell("abcdef", 4), "abc…");
        assert_eq!(cell("abc", 4), "abc");
        assert_eq!(cell(&"x".repeat(70_000), 60).chars().count(), 60);
    }
}
