//! Go's `strconv.Atoi`, which both Argo CD and Helm use to read waves and weights.

/// Why [`atoi`] rejected a value, in Go's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AtoiError {
    /// Not an optionally signed base-10 integer (Go's `strconv.ErrSyntax`).
    Syntax,
    /// An integer outside the 64-bit range (Go's `strconv.ErrRange`).
    Range,
}

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
/// [`AtoiError::Syntax`] for `""`, `"+"`, `" 1"`, `"1.5"`, `"0x10"`, `"1_000"`; [`AtoiError::Range`] for
/// `"9223372036854775808"` and `"99999999999999999999"`.
///
/// ```
/// use hookplan::goconv::{atoi, AtoiError};
/// assert_eq!(atoi("-5"), Ok(-5));
/// assert_eq!(atoi("+7"), Ok(7));
/// assert_eq!(atoi(" 1"), Err(AtoiError::Syntax));
/// assert_eq!(atoi("99999999999999999999"), Err(AtoiError::Range));
/// ```
pub fn atoi(s: &str) -> Result<i64, AtoiError> {
    // Rust's integer parser accepts exactly Go's base-10 grammar (optional sign, ASCII digits) and
    // distinguishes overflow from bad digits, so only the error kinds need mapping.
    s.parse::<i64>().map_err(|err| match err.kind() {
        std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => AtoiError::Range,
        _ => AtoiError::Syntax,
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
            assert_eq!(atoi(bad), Err(AtoiError::Syntax), "{bad:?}");
        }
        for big in ["9223372036854775808", "-9223372036854775809", "99999999999999999999"] {
            assert_eq!(atoi(big), Err(AtoiError::Range), "{big:?}");
        }
    }
}
