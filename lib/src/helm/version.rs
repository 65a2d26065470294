//! The Helm release a plan follows: Helm 4, or a Helm 3 minor release.

use crate::version_error::{ParseVersionError, VersionErrorKind};

/// The Helm version whose rules apply where Helm versions differ.
///
/// - `V4`, the default: current Helm 4 (helm@e9b85e4).
/// - `V3`: the newest Helm 3 (v3.21.4).
/// - `V3Minor(m)`: Helm 3.m, for m from 1 to 21, where older 3.x releases plan differently: before 3.19 a failing
///   hook deletes only itself (with `hook-failed`), not the earlier successful hooks of its event with
///   `hook-succeeded` (helm PR #30764, backport of #30673, commit `0a800e84`); before 3.17 the successful hooks of
///   an event are deleted in execution order, not reverse (PR #13365, commit `f4f4a6b8`); before 3.14 the deletion
///   of a hook's previous instance is not waited for (PR #11387); the kind orders lack `PriorityClass` before 3.13
///   (commit `f46eaf2f`), `IngressClass` before 3.9 and `SecretList` before 3.3 (Helm then orders them as kinds
///   it does not know). `V3Minor(21)` is `V3`.
///
/// ```
/// use hookplan::helm::HelmVersion;
/// assert_eq!("3.12".parse::<HelmVersion>(), Ok(HelmVersion::V3Minor(12)));
/// assert_eq!("3".parse::<HelmVersion>(), Ok(HelmVersion::V3));
/// assert_eq!(HelmVersion::V3Minor(21).v3_minor(), HelmVersion::V3.v3_minor());
/// assert!("3.0".parse::<HelmVersion>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum HelmVersion {
    /// The newest Helm 3 (3.21).
    V3,
    /// Helm 3.m, 1 <= m <= 21.
    V3Minor(u16),
    /// Helm 4 (the default: current Helm).
    #[default]
    V4,
}

/// The newest Helm 3 minor version hookplan follows (v3.21.4).
const NEWEST_3: u16 = 21;

impl HelmVersion {
    /// The newest release hookplan follows: Helm 4 (helm@e9b85e4), the default. As
    /// [`ArgocdVersion::NEWEST`](crate::argocd::ArgocdVersion::NEWEST).
    ///
    /// ```
    /// use hookplan::helm::HelmVersion;
    /// assert_eq!(HelmVersion::NEWEST, HelmVersion::default());
    /// assert_eq!(HelmVersion::NEWEST.to_string(), "4");
    /// ```
    pub const NEWEST: HelmVersion = HelmVersion::V4;

    /// The oldest release hookplan follows: Helm 3.1. As
    /// [`ArgocdVersion::OLDEST`](crate::argocd::ArgocdVersion::OLDEST).
    ///
    /// ```
    /// use hookplan::helm::HelmVersion;
    /// assert_eq!(HelmVersion::OLDEST.to_string(), "3.1");
    /// assert_eq!("3.1".parse::<HelmVersion>(), Ok(HelmVersion::OLDEST));
    /// ```
    pub const OLDEST: HelmVersion = HelmVersion::V3Minor(1);

    /// The major version: 3 or 4. As [`ArgocdVersion::major`](crate::argocd::ArgocdVersion::major).
    ///
    /// ```
    /// use hookplan::helm::HelmVersion;
    /// assert_eq!((HelmVersion::V4.major(), HelmVersion::V3.major(), HelmVersion::V3Minor(12).major()), (4, 3, 3));
    /// ```
    pub fn major(self) -> u16 {
        match self {
            HelmVersion::V4 => 4,
            HelmVersion::V3 | HelmVersion::V3Minor(_) => 3,
        }
    }

    /// The Helm 3 minor version, `None` for Helm 4.
    ///
    /// ```
    /// use hookplan::helm::HelmVersion;
    /// assert_eq!(HelmVersion::V3.v3_minor(), Some(21));
    /// assert_eq!(HelmVersion::V3Minor(12).v3_minor(), Some(12));
    /// assert_eq!(HelmVersion::V4.v3_minor(), None);
    /// ```
    pub fn v3_minor(self) -> Option<u16> {
        match self {
            HelmVersion::V3 => Some(NEWEST_3),
            HelmVersion::V3Minor(minor) => Some(minor),
            HelmVersion::V4 => None,
        }
    }

    /// Whether this version has a behaviour that Helm 3 gained in 3.`minor` (Helm 4 has them all).
    pub(crate) fn since_3(self, minor: u16) -> bool {
        self.v3_minor().is_none_or(|m| m >= minor)
    }
}

impl std::fmt::Display for HelmVersion {
    /// `4`, `3` or `3.MINOR`, as [`HelmVersion`]'s `FromStr` reads it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HelmVersion::V4 => f.write_str("4"),
            HelmVersion::V3 => f.write_str("3"),
            HelmVersion::V3Minor(minor) => write!(f, "3.{minor}"),
        }
    }
}

impl std::str::FromStr for HelmVersion {
    type Err = ParseVersionError;

    /// `4`, `3` (the newest 3.x) or `3.m` (m from 1 to 21; a patch number, `3.12.3`, is accepted and ignored).
    ///
    /// # Errors
    ///
    /// [`ParseVersionError`] naming the text: `2`, `3.0`, `3.99`, `latest`.
    fn from_str(text: &str) -> Result<Self, ParseVersionError> {
        let mut parts = text.trim().trim_start_matches('v').split('.');
        let major = parts.next().unwrap_or_default();
        let minor = parts.next();
        match (major, minor) {
            ("4", _) => Ok(HelmVersion::V4),
            ("3", None) => Ok(HelmVersion::V3),
            ("3", Some(minor)) => match minor.parse::<u16>() {
                Ok(m) if (1..=NEWEST_3).contains(&m) => {
                    Ok(if m == NEWEST_3 { HelmVersion::V3 } else { HelmVersion::V3Minor(m) })
                }
                _ => Err(ParseVersionError::new(
                    VersionErrorKind::HelmMinorUnsupported,
                    text,
                    format!("`{text}`: hookplan follows Helm 3.1 to 3.{NEWEST_3} and Helm 4"),
                )),
            },
            _ => Err(ParseVersionError::new(
                VersionErrorKind::HelmUnsupported,
                text,
                format!("`{text}` is not a Helm version hookplan follows (4, 3, or 3.1 to 3.{NEWEST_3})"),
            )),
        }
    }
}
