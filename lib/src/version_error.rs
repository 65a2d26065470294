//! The error of reading an engine release: [`ParseVersionError`], which both version parsers
//! ([`crate::argocd::ArgocdVersion`] and [`crate::helm::HelmVersion`]) return.

use std::fmt;

/// A text that is not an engine release hookplan follows: the error of `"...".parse::<ArgocdVersion>()` and
/// `"...".parse::<HelmVersion>()`. Its message names the text and the releases hookplan follows; [`kind`](Self::kind)
/// says which engine's version it was and why it was refused.
///
/// ```
/// use hookplan::{ParseVersionError, VersionErrorKind};
/// use hookplan::argocd::ArgocdVersion;
/// let error: ParseVersionError = "2.9".parse::<ArgocdVersion>().unwrap_err();
/// assert_eq!(error.kind(), VersionErrorKind::ArgocdUnsupported);
/// assert_eq!(error.text(), "2.9");
/// assert_eq!(error.to_string(), "`2.9`: hookplan follows Argo CD v2.10 to v3.5 (MAJOR.MINOR or MAJOR.MINOR.PATCH)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseVersionError {
    kind: VersionErrorKind,
    text: String,
    message: String,
}

/// Which engine's release a [`ParseVersionError`] was about, and why it was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum VersionErrorKind {
    /// An Argo CD release: not `MAJOR.MINOR[.PATCH]` (`3.x`, `3.4.0-rc1`), or outside v2.10 to v3.5.
    ArgocdUnsupported,
    /// A Helm 3 minor release hookplan does not follow (`3.0`, `3.99`).
    HelmMinorUnsupported,
    /// Not a Helm major version hookplan follows (`2`, `latest`).
    HelmUnsupported,
}

impl ParseVersionError {
    pub(crate) fn new(kind: VersionErrorKind, text: &str, message: String) -> Self {
        ParseVersionError { kind, text: text.to_string(), message }
    }

    /// Which engine's release, and why it was refused.
    pub fn kind(&self) -> VersionErrorKind {
        self.kind
    }

    /// The text that was read.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for ParseVersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseVersionError {}
