//! An Argo CD Application manifest, as input to a plan: its destination namespace, sync options, automated
//! sync (prune, self-heal) and retry strategy.

use std::fmt;
use std::time::Duration;

use crate::goconv::atoi;
use crate::source::application::{RawApplication, RawRetry, read_application};

/// The parts of an Argo CD `Application` that change what a sync does.
///
/// Upstream (argo-cd@37ee009): `ApplicationSpec`, `SyncPolicy`, `SyncPolicyAutomated` and `RetryStrategy` in
/// `pkg/apis/application/v1alpha1/types.go`.
///
/// ```
/// use hookplan::argocd::Application;
/// use std::time::Duration;
/// let app = Application::parse("app.yaml", "\
/// apiVersion: argoproj.io/v1alpha1
/// kind: Application
/// metadata: {name: shop}
/// spec:
///   destination: {namespace: shop}
///   syncPolicy:
///     automated: {prune: true, selfHeal: true}
///     syncOptions: [PruneLast=true]
///     retry: {limit: 3, backoff: {duration: 10s, factor: 3, maxDuration: 1m}}
/// ")?;
/// assert_eq!(app.destination_namespace.as_deref(), Some("shop"));
/// assert!(app.automated.is_some_and(|a| a.prune && a.self_heal));
/// let retry = app.retry.unwrap();
/// assert_eq!((retry.limit, retry.delay(0), retry.delay(1), retry.delay(2)),
///            (3, Duration::from_secs(10), Duration::from_secs(30), Duration::from_secs(60)));
/// # Ok::<(), hookplan::argocd::ApplicationError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Application {
    /// `metadata.name`.
    pub name: Option<String>,
    /// `spec.destination.namespace`: given to objects without one.
    pub destination_namespace: Option<String>,
    /// `spec.syncPolicy.syncOptions`, as written.
    pub sync_options: Vec<String>,
    /// `spec.syncPolicy.automated`, when the Application syncs automatically.
    pub automated: Option<Automated>,
    /// `spec.syncPolicy.retry`, when failed syncs are retried.
    pub retry: Option<Retry>,
}

/// `spec.syncPolicy.automated`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Automated {
    /// `prune`: the automated sync deletes objects that left Git.
    pub prune: bool,
    /// `selfHeal`: the automated sync also runs when the live state drifts from Git.
    pub self_heal: bool,
}

/// `spec.syncPolicy.retry`: how often, and how long after each failure, a failed sync is retried.
///
/// Upstream (argo-cd@37ee009): `RetryStrategy.NextRetryAt` in `pkg/apis/application/v1alpha1/types.go`, the
/// defaults in `application_defaults.go`, and the retry check in `controller/appcontroller.go`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Retry {
    /// `limit`: retries after the first attempt; a negative limit retries without end. Default 0.
    pub limit: i64,
    /// `backoff.duration`: the wait before the first retry. Default 5 s.
    pub duration: Duration,
    /// `backoff.factor`: each wait is the previous one times this. Default 2.
    pub factor: i64,
    /// `backoff.maxDuration`: no wait is longer than this (zero: no cap). Default 3 min.
    pub max_duration: Duration,
}

impl Retry {
    /// The wait before retry number `retry` (0 for the first retry): `duration * factor^retry`, at most
    /// `max_duration`.
    pub fn delay(&self, retry: u32) -> Duration {
        #[allow(clippy::cast_precision_loss, clippy::cast_possible_wrap, clippy::cast_sign_loss)]
        let seconds = self.duration.as_secs_f64() * (self.factor as f64).powi(retry as i32);
        let wait = Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX);
        if self.max_duration.is_zero() { wait } else { wait.min(self.max_duration) }
    }

    fn from_raw(raw: RawRetry) -> Result<Retry, String> {
        let backoff = raw.backoff.unwrap_or_default();
        let duration = |value: Option<String>, default: Duration, field: &str| match value.filter(|v| !v.is_empty()) {
            None => Ok(default),
            Some(v) => parse_duration(&v).ok_or_else(|| format!("retry.backoff.{field} `{v}` is not a duration")),
        };
        Ok(Retry {
            limit: raw.limit.unwrap_or(0),
            duration: duration(backoff.duration, Duration::from_secs(5), "duration")?,
            factor: backoff.factor.unwrap_or(2),
            max_duration: duration(backoff.max_duration, Duration::from_secs(180), "maxDuration")?,
        })
    }
}

/// A duration as Argo CD reads it: a bare integer is seconds, else Go's `time.ParseDuration` (`5s`, `1m30s`,
/// `2h`, `250ms`, decimals allowed). Upstream: `parseStringToDuration` in argo-cd@37ee009
/// `pkg/apis/application/v1alpha1/types.go`.
fn parse_duration(text: &str) -> Option<Duration> {
    if let Ok(seconds) = atoi(text) {
        return u64::try_from(seconds).ok().map(Duration::from_secs);
    }
    let mut rest = text.strip_prefix('+').unwrap_or(text);
    if rest.is_empty() {
        return None;
    }
    let mut total = 0f64;
    while !rest.is_empty() {
        let number_end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let number: f64 = rest[..number_end].parse().ok()?;
        rest = &rest[number_end..];
        let unit_end = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let seconds_per = match &rest[..unit_end] {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 1e-3,
            "us" | "µs" => 1e-6,
            "ns" => 1e-9,
            _ => return None,
        };
        total += number * seconds_per;
        rest = &rest[unit_end..];
    }
    Duration::try_from_secs_f64(total).ok()
}

/// Why a text is not an Application hookplan can read: the error of [`Application::parse`]. Its message names
/// the file, and the line and column when they are known; [`kind`](Self::kind) says why it was refused.
///
/// ```
/// use hookplan::argocd::{Application, ApplicationErrorKind};
/// let error = Application::parse("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n").unwrap_err();
/// assert_eq!(error.kind(), ApplicationErrorKind::NotAnApplication);
/// assert_eq!((error.file(), error.line_column()), ("cm.yaml", None));
/// assert_eq!(error.to_string(), "cm.yaml: a ConfigMap (v1), not an Argo CD Application (argoproj.io/v1alpha1)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplicationError {
    kind: ApplicationErrorKind,
    file: String,
    at: Option<(usize, usize)>,
    message: String,
}

/// Why an [`ApplicationError`] refused the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApplicationErrorKind {
    /// Not one YAML or JSON document within the reading limits, or a field of the wrong type (`spec: [`,
    /// `syncOptions: Prune=false`, a second document).
    Unreadable,
    /// A document of another kind or group (a `ConfigMap`, an `ApplicationSet`).
    NotAnApplication,
    /// `spec.syncPolicy.retry.backoff` holds a duration Argo CD cannot read (`duration: soon`).
    InvalidRetry,
}

impl ApplicationError {
    /// Why the text was refused.
    pub fn kind(&self) -> ApplicationErrorKind {
        self.kind
    }

    /// The file name given to [`Application::parse`].
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The line and column (1-based) of the fault, when the reader knows them.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        self.at
    }
}

impl fmt::Display for ApplicationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ApplicationError {}

impl Application {
    /// Reads the Application manifest `text` (named `file` in errors): exactly one YAML or JSON document of
    /// kind `Application` in the `argoproj.io` group.
    ///
    /// # Errors
    ///
    /// Not YAML (`spec: [`), more than one document, another kind (a `ConfigMap`, an `ApplicationSet`), a field
    /// of the wrong type (`syncOptions: Prune=false`), or a backoff that is not a duration (`duration: soon`). The
    /// error names the file, and the line and column when the parser knows them.
    pub fn parse(file: &str, text: &str) -> Result<Application, ApplicationError> {
        let error = |kind: ApplicationErrorKind, message: String, at: Option<(usize, usize)>| ApplicationError {
            kind,
            file: file.to_string(),
            at,
            message,
        };
        let raw: RawApplication =
            read_application(text).map_err(|(message, at)| error(ApplicationErrorKind::Unreadable, message, at))?;
        let kind = raw.kind.as_deref().unwrap_or("document without kind");
        let api_version = raw.api_version.as_deref().unwrap_or("");
        if kind != "Application" || !api_version.starts_with("argoproj.io/") {
            let version = if api_version.is_empty() { String::new() } else { format!(" ({api_version})") };
            let article = if kind.starts_with(['A', 'E', 'I', 'O', 'U']) { "an" } else { "a" };
            return Err(error(
                ApplicationErrorKind::NotAnApplication,
                format!("{article} {kind}{version}, not an Argo CD Application (argoproj.io/v1alpha1)"),
                None,
            ));
        }
        let policy = raw.spec.sync_policy.unwrap_or_default();
        let automated = policy
            .automated
            .filter(|a| a.enabled != Some(false))
            .map(|a| Automated { prune: a.prune.unwrap_or(false), self_heal: a.self_heal.unwrap_or(false) });
        let retry = policy
            .retry
            .map(Retry::from_raw)
            .transpose()
            .map_err(|message| error(ApplicationErrorKind::InvalidRetry, message, None))?;
        Ok(Application {
            name: raw.metadata.name,
            destination_namespace: raw.spec.destination.namespace.filter(|n| !n.is_empty()),
            sync_options: policy.sync_options,
            automated,
            retry,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_as_argo_cd_reads_them() {
        let d = |s: &str| parse_duration(s);
        assert_eq!(d("30"), Some(Duration::from_secs(30)));
        assert_eq!(d("5s"), Some(Duration::from_secs(5)));
        assert_eq!(d("1m30s"), Some(Duration::from_secs(90)));
        assert_eq!(d("2h"), Some(Duration::from_secs(7200)));
        assert_eq!(d("1.5s"), Some(Duration::from_millis(1500)));
        assert_eq!(d("250ms"), Some(Duration::from_millis(250)));
        assert_eq!((d("soon"), d(""), d("5 s"), d("-5s")), (None, None, None, None));
    }
}
