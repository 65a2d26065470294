//! Rule configuration and suppressions: which rules report, at what severity, and the findings an object's
//! author has silenced with a reason.
//!
//! A [`LintConfig`] is read from a `.hookplan.yaml` file ([`LintConfig::parse`]) and adjusted in code
//! ([`LintConfig::disable`], [`LintConfig::severity`], as clippy's `-A`/`-W`/`-D` do: the last setting of a rule
//! wins):
//!
//! ```yaml
//! rules:
//!   disable: [self-heal-reruns-hooks, HP0029]      # rule names or codes
//!   severity: {hook-without-deadline: error}       # error, warning or note
//! paths:
//!   exclude: ["charts/*/templates/**"]             # globs, for the tool that reads the files
//! ```
//!
//! Per object, the annotation `ignore-check.hookplan.io/<rule-name>: "<reason>"` silences that rule on that
//! object (kube-linter's `ignore-check.kube-linter.io/<check>` convention). The annotation is hookplan's own: Argo
//! CD and Helm do not read it, and it changes nothing in the cluster. A suppression naming no rule, or giving no
//! reason, is reported under `invalid-ignore-check`.
//!
//! [`LintConfig::apply`] takes the diagnostics of [`crate::check::lint`] (or of a plan) and returns the
//! [`Findings`]: the diagnostics that still report, with their configured severity, and the suppressed ones with
//! why. Two rules cannot be configured away: `unreadable-document` and `not-an-object` say that a document was not
//! read at all, and nothing read may be lost without a word.
//!
//! ```
//! use hookplan::{Manifests, Severity, config::LintConfig, check};
//!
//! let manifests = Manifests::parse("job.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: seed\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook-delete-policy: HookSucceeded\n    ignore-check.hookplan.io/hook-without-deadline: \"seeds 40 GB; the timeout is in the script\"\n");
//! let config = LintConfig::parse(".hookplan.yaml", "rules:\n  severity: {named-hook-can-wedge: error}\n")?;
//! let findings = config.apply(&manifests, check::lint(&manifests, None));
//! assert!(findings.diagnostics.iter().all(|d| d.rule.name != "hook-without-deadline"));
//! assert_eq!(findings.suppressed[0].diagnostic.rule.name, "hook-without-deadline");
//! assert!(findings.diagnostics.iter().any(|d| d.rule.name == "named-hook-can-wedge" && d.severity == Severity::Error));
//! # Ok::<(), hookplan::config::ConfigError>(())
//! ```

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Rule, Severity, rules};
use crate::location::Location;
use crate::manifests::Manifests;
use crate::source::config::{RawConfig, read_config};

/// An object (file, document, List item) and a rule code: what a suppression annotation silences.
type ObjectRule<'a> = (&'a str, usize, Option<usize>, &'static str);

/// The prefix of the suppression annotation: `ignore-check.hookplan.io/<rule-name>: "<reason>"`.
pub const IGNORE_CHECK_PREFIX: &str = "ignore-check.hookplan.io/";

/// Which rules report and at what severity, and which paths a tool should not read.
///
/// ```
/// use hookplan::{Severity, config::LintConfig};
/// let mut config = LintConfig::new();
/// config.disable("self-heal-reruns-hooks")?.severity("HP0029", Severity::Error)?;
/// assert_eq!(config.setting(hookplan::rules::find("HP0029").unwrap()), Some(Some(Severity::Error)));
/// assert!(config.disable("no-such-rule").is_err());
/// # Ok::<(), hookplan::config::ConfigError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LintConfig {
    /// Per rule, in the order set: `None` disabled, `Some(severity)` reported at that severity.
    settings: Vec<(&'static Rule, Option<Severity>)>,
    exclude: Vec<String>,
}

/// Why a configuration cannot be used: a file that is not YAML or has an unknown key, a rule that does not exist,
/// a severity that is not `error`, `warning` or `note`, a rule that cannot be configured. Names the file, line and
/// column when it comes from a file.
///
/// ```
/// use hookplan::config::LintConfig;
/// let error = LintConfig::parse(".hookplan.yaml", "rules:\n  disable: [unknown-hook-typ]\n").unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     ".hookplan.yaml:2:13: no rule named `unknown-hook-typ` (did you mean `unknown-hook-type`?); `hookplan explain --list` lists them"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    kind: ConfigErrorKind,
    file: Option<String>,
    at: Option<(usize, usize)>,
    message: String,
}

/// Why a [`ConfigError`] refused the configuration.
///
/// ```
/// use hookplan::config::{ConfigErrorKind, LintConfig};
/// let kind = |text: &str| LintConfig::parse(".hookplan.yaml", text).unwrap_err().kind();
/// assert_eq!(kind("rules: ["), ConfigErrorKind::Unreadable);
/// assert_eq!(kind("rules: {disabled: []}"), ConfigErrorKind::Unreadable);
/// assert_eq!(kind("rules: {disable: [nope]}"), ConfigErrorKind::UnknownRule);
/// assert_eq!(kind("rules: {severity: {unknown-hook-type: fatal}}"), ConfigErrorKind::InvalidSeverity);
/// assert_eq!(kind("rules: {disable: [unreadable-document]}"), ConfigErrorKind::NotConfigurable);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// Not YAML, or not the shape of a configuration: an unknown key, a value of the wrong type, a key given
    /// twice, a second document.
    Unreadable,
    /// A rule name or code that names no rule.
    UnknownRule,
    /// A severity other than `error`, `warning` or `note`.
    InvalidSeverity,
    /// A rule that cannot be disabled or lowered (`unreadable-document`).
    NotConfigurable,
}

impl ConfigError {
    /// Why the configuration was refused.
    pub fn kind(&self) -> ConfigErrorKind {
        self.kind
    }

    /// The file the configuration came from, `None` for a setting made in code ([`LintConfig::disable`]).
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// The line and column (1-based) of the fault in the file, when known.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        self.at
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.at) {
            (Some(file), Some((line, column))) => write!(f, "{file}:{line}:{column}: {}", self.message),
            (Some(file), None) => write!(f, "{file}: {}", self.message),
            (None, _) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Why a diagnostic does not report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[non_exhaustive]
pub enum Suppression {
    /// Its rule is disabled by the configuration.
    Disabled,
    /// The object carries `ignore-check.hookplan.io/<rule>`: the reason given, and where the annotation is.
    Annotation {
        /// The annotation's value.
        reason: String,
        /// Where the annotation is.
        #[serde(rename = "source")]
        location: Location,
    },
}

/// A diagnostic that does not report, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Suppressed {
    /// The diagnostic as it would have reported.
    pub diagnostic: Diagnostic,
    /// Why it does not.
    pub suppression: Suppression,
}

/// What a configuration makes of a set of diagnostics.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Findings {
    /// The diagnostics that report, at their configured severity, in the order given (suppression warnings last,
    /// by source position).
    pub diagnostics: Vec<Diagnostic>,
    /// The diagnostics that do not, with why.
    pub suppressed: Vec<Suppressed>,
}

impl LintConfig {
    /// The default: every rule at its own severity, no path excluded.
    pub fn new() -> Self {
        LintConfig::default()
    }

    /// Reads a `.hookplan.yaml` file (`file` names it in errors). An empty file is the default configuration.
    ///
    /// # Errors
    ///
    /// Not YAML (`rules: [`), an unknown key (`rules: {disabled: [...]}`), a value of the wrong shape
    /// (`disable: unknown-hook-type`, not a list), an unknown rule (`disable: [unknown-hook-typ]`), a severity
    /// other than `error`, `warning` or `note` (`severity: {unknown-hook-type: fatal}`), or a rule that cannot be
    /// configured (`disable: [unreadable-document]`). The error names the file, line and column.
    pub fn parse(file: &str, text: &str) -> Result<LintConfig, ConfigError> {
        let fault = |kind: ConfigErrorKind, message: String, at: Option<(usize, usize)>| ConfigError {
            kind,
            file: Some(file.into()),
            at,
            message,
        };
        let RawConfig { disable, severity, exclude } =
            read_config(text).map_err(|(message, at)| fault(ConfigErrorKind::Unreadable, message, at))?;
        let mut config = LintConfig::new();
        for (name, at) in disable {
            config.set(&name, None).map_err(|e| fault(e.kind, e.message, Some(at)))?;
        }
        for ((name, at), (level, level_at)) in severity {
            let level = parse_severity(&level)
                .map_err(|message| fault(ConfigErrorKind::InvalidSeverity, message, Some(level_at)))?;
            config.set(&name, Some(level)).map_err(|e| fault(e.kind, e.message, Some(at)))?;
        }
        config.exclude = exclude.into_iter().map(|(pattern, _)| pattern).collect();
        Ok(config)
    }

    /// Disables `rule` (a name or a code), as clippy's `-A`.
    ///
    /// # Errors
    ///
    /// `rule` names no rule (`unknown-hook-typ`), or a rule that cannot be disabled (`unreadable-document`).
    pub fn disable(&mut self, rule: &str) -> Result<&mut Self, ConfigError> {
        self.set(rule, None)?;
        Ok(self)
    }

    /// Reports `rule` (a name or a code) at `severity` (enabling it if it was disabled), as clippy's `-W` and `-D`.
    ///
    /// # Errors
    ///
    /// `rule` names no rule, or a rule whose severity cannot change (`unreadable-document`).
    pub fn severity(&mut self, rule: &str, severity: Severity) -> Result<&mut Self, ConfigError> {
        self.set(rule, Some(severity))?;
        Ok(self)
    }

    /// The setting of `rule`: `None` when unset (its own severity), `Some(None)` disabled, `Some(Some(s))` at
    /// severity `s`.
    pub fn setting(&self, rule: &Rule) -> Option<Option<Severity>> {
        self.settings.iter().rev().find(|(r, _)| *r == rule).map(|(_, s)| *s)
    }

    /// The glob patterns of `paths.exclude`, as written: files a tool reading a tree should skip (the `hookplan`
    /// CLI matches them, with `globset` syntax, against paths relative to the directory of the configuration
    /// file). The library reads no files, so it does not use them.
    pub fn exclude(&self) -> &[String] {
        &self.exclude
    }

    fn set(&mut self, name: &str, setting: Option<Severity>) -> Result<(), ConfigError> {
        let rule = rules::find(name).ok_or_else(|| ConfigError {
            kind: ConfigErrorKind::UnknownRule,
            file: None,
            at: None,
            message: unknown_rule(name),
        })?;
        if !configurable(rule) {
            return Err(ConfigError {
                kind: ConfigErrorKind::NotConfigurable,
                file: None,
                at: None,
                message: format!(
                    "`{}` cannot be disabled or lowered: it reports a document that was not read at all",
                    rule.name
                ),
            });
        }
        // The last setting of a rule wins: the earlier one goes, so that a long file keeps one entry a rule.
        self.settings.retain(|(r, _)| *r != rule);
        self.settings.push((rule, setting));
        Ok(())
    }

    /// Applies the configuration and the suppression annotations of `manifests`' objects to `diagnostics` (those
    /// of [`crate::check::lint`], or a plan's).
    ///
    /// A suppression annotation applies to the diagnostics located in its object (same file, document and List
    /// item). Each annotation that names no rule, or gives an empty reason, adds an `invalid-ignore-check`
    /// warning (which the configuration can disable too); an annotation with an empty reason still suppresses.
    pub fn apply(&self, manifests: &Manifests, diagnostics: Vec<Diagnostic>) -> Findings {
        let mut findings = Findings::default();
        // By object (file, document, List item) and rule code: one lookup a diagnostic, whatever the number of
        // suppressions (the first annotation of an object for a rule wins).
        let mut silencers: HashMap<ObjectRule<'_>, (&str, &Location)> = HashMap::new();
        let mut invalid = Vec::new();
        for resource in manifests.resources() {
            for (key, value) in resource.annotations.iter() {
                let Some(name) = key.strip_prefix(IGNORE_CHECK_PREFIX) else { continue };
                let at = resource.annotation_location(key);
                match rules::find(name) {
                    Some(rule) => {
                        if value.trim().is_empty() {
                            invalid.push(
                                Diagnostic::new(
                                    &rules::INVALID_IGNORE_CHECK,
                                    format!("`{key}` gives no reason for silencing `{}`", rule.name),
                                    Some("say why the finding does not apply to this object".into()),
                                    at.clone(),
                                )
                                .with_resource(resource.to_ref()),
                            );
                        }
                        let object = &resource.location;
                        silencers
                            .entry((&*object.file, object.document, object.item, rule.code))
                            .or_insert((value, at));
                    }
                    None => invalid.push(
                        Diagnostic::new(
                            &rules::INVALID_IGNORE_CHECK,
                            format!("`{key}` names no hookplan rule, so it silences nothing"),
                            Some(unknown_rule(name)),
                            at.clone(),
                        )
                        .with_resource(resource.to_ref()),
                    ),
                }
            }
        }
        invalid.sort_by(|a, b| a.location.cmp(&b.location));
        for mut diagnostic in diagnostics.into_iter().chain(invalid) {
            let setting = if configurable(diagnostic.rule) { self.setting(diagnostic.rule) } else { None };
            if setting == Some(None) {
                findings.suppressed.push(Suppressed { diagnostic, suppression: Suppression::Disabled });
                continue;
            }
            if let Some(Some(severity)) = setting {
                diagnostic.severity = severity;
            }
            let at = &diagnostic.location;
            let ignored = (diagnostic.rule != &rules::INVALID_IGNORE_CHECK && configurable(diagnostic.rule))
                .then(|| silencers.get(&(&*at.file, at.document, at.item, diagnostic.rule.code)).copied())
                .flatten();
            match ignored {
                Some((reason, at)) => findings.suppressed.push(Suppressed {
                    diagnostic,
                    suppression: Suppression::Annotation { reason: reason.to_string(), location: at.clone() },
                }),
                None => findings.diagnostics.push(diagnostic),
            }
        }
        findings
    }
}

/// Whether a rule may be disabled, re-levelled or suppressed: not those that report a document not read at all.
fn configurable(rule: &Rule) -> bool {
    rule != &rules::UNREADABLE_DOCUMENT && rule != &rules::NOT_AN_OBJECT
}

fn parse_severity(text: &str) -> Result<Severity, String> {
    match text {
        "error" => Ok(Severity::Error),
        "warning" => Ok(Severity::Warning),
        "note" => Ok(Severity::Note),
        other => Err(format!("`{other}` is not a severity (expected `error`, `warning` or `note`)")),
    }
}

/// "no rule named ...", with the closest rule name when there is one.
fn unknown_rule(name: &str) -> String {
    let closest = rules::ALL
        .iter()
        .filter(|_| name.len() <= 64)
        .map(|rule| (crate::lint::text::edit_distance(name, rule.name), rule.name))
        .filter(|(distance, _)| *distance <= 3)
        .min();
    match closest {
        Some((_, rule)) => {
            format!("no rule named `{name}` (did you mean `{rule}`?); `hookplan explain --list` lists them")
        }
        None => format!("no rule named `{name}`; `hookplan explain --list` lists them"),
    }
}
