//! Go's `strconv.Atoi`, which both Argo CD and Helm use to read waves and weights.

/// A value Go's `strconv.Atoi` rejects: the error of [`atoi`]. Its message is Go's
/// (`strconv.Atoi: parsing "1.5": invalid syntax`); [`kind`](Self::kind) says which of Go's two errors it is.
///
/// ```
/// use hookplan::goconv::{atoi, AtoiErrorKind};
/// let error = atoi("1.5").unwrap_err();
/// assert_eq!(error.kind(), AtoiErrorKind::Syntax);
/// assert_eq!(error.text(), "1.5");
/// assert_eq!(error.to_string(), r#"strconv.Atoi: parsing "1.5": invalid syntax"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AtoiError {
    kind: AtoiErrorKind,
    text: String,
}

/// Which of Go's `strconv` errors an [`AtoiError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AtoiErrorKind {
    /// Not an optionally signed base-10 integer (Go's `strconv.ErrSyntax`).
    Syntax,
    /// An integer outside the 64-bit range (Go's `strconv.ErrRange`).
    Range,
}

impl AtoiError {
    /// Which of Go's errors.
    pub fn kind(&self) -> AtoiErrorKind {
        self.kind
    }

    /// The text that was read.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for AtoiError {
    /// Go's message: `strconv.Atoi: parsing "TEXT": invalid syntax` or `...: value out of range`, the text quoted
    /// as Go's `strconv.Quote` does for printable ASCII.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let reason = match self.kind {
            AtoiErrorKind::Syntax => "invalid syntax",
            AtoiErrorKind::Range => "value out of range",
        };
        write!(f, "strconv.Atoi: parsing {:?}: {reason}", self.text)
    }
}

impl std::error::Error for AtoiError {}

/// Reads a decimal integer exactly as Go's `strconv.Atoi` does on a 64-bit platform: an optional `+` or `-`,
/// then one or more ASCII digits, nothing else. No trimming (`" 1"` and `"1 "` are syntax errors), no
/// underscores, no base prefixes, no decimals; the value must fit in an `i64`.
///
/// Upstream: Go `src/strconv/atoi.go` (`Atoi`, which calls `ParseInt(s, 10, 0)`); used by
/// argo-cd@37ee009 `gitops-engine/pkg/sync/syncwaves/waves.go` and `hook/helm/weight.go`, and by helm@e9b85e4
/// `pkg/release/v1/util/manifest_sorter.go` (`calculateHookWeight`).
///
/// # Errors
///
/// [`AtoiError`] of kind [`AtoiErrorKind::Syntax`] for `""`, `"+"`, `" 1"`, `"1.5"`, `"0x10"`, `"1_000"`;
/// [`AtoiErrorKind::Range`] for `"9223372036854775808"` and `"99999999999999999999"`.
///
/// ```
/// use hookplan::goconv::{atoi, AtoiErrorKind};
/// assert_eq!(atoi("-5"), Ok(-5));
/// assert_eq!(atoi("+7"), Ok(7));
/// assert_eq!(atoi(" 1").unwrap_err().kind(), AtoiErrorKind::Syntax);
/// assert_eq!(atoi("99999999999999999999").unwrap_err().kind(), AtoiErrorKind::Range);
/// ```
pub fn atoi(s: &str) -> Result<i64, AtoiError> {
    // Rust's integer parser accepts exactly Go's base-10 grammar (optional sign, ASCII digits) and
    // distinguishes overflow from bad digits, so only the error kinds need mapping.
    s.parse::<i64>().map_err(|err| AtoiError {
        kind: match err.kind() {
            std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => AtoiErrorKind::Range,
            _ => AtoiErrorKind::Syntax,
        },
        text: s.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_go_integers() {
        assert_eq!(atoi("0"), Ok(0));
        assert_eq!(atoi("-0"), Ok(0));
        assert_eq!(atoi("007"), Ok(7));
        assert_eq!(atoi("9223372036854775807"), Ok(i64::MAX));
        assert_eq!(atoi("-9223372036854775808"), Ok(i64::MIN));
    }

    #[test]
    fn rejects_what_go_rejects() {
        for bad in ["", "+", "-", " 1", "1 ", "\t1", "1.5", "0x10", "1_000", "1e3", "١", "--1", "+-1"] {
            assert_eq!(atoi(bad).map_err(|e| e.kind()), Err(AtoiErrorKind::Syntax), "{bad:?}");
        }
        for big in ["9223372036854775808", "-9223372036854775809", "99999999999999999999"] {
            assert_eq!(atoi(big).map_err(|e| e.kind()), Err(AtoiErrorKind::Range), "{big:?}");
        }
    }
}
