//! Diagnostics: what hookplan reports, and the catalogue of rules it reports under.
//!
//! Every diagnostic belongs to a [`Rule`] with a stable kebab-case name and a stable code (`HP0001`...). Names
//! and codes are never reused or renumbered; the catalogue only grows. [`rules::ALL`] lists every rule.

use std::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::location::Location;
use crate::resource::ResourceRef;

mod stage;
pub use stage::RuleConfiguration;

crate::vocabulary::vocabulary! {
/// How bad a diagnostic is.
///
/// - `Error`: the engine will not do what the author wrote (or cannot read it at all).
/// - `Warning`: it works, but it is a known trap.
/// - `Note`: worth knowing.
///
/// Severities order from least to most severe: `Note < Warning < Error`.
///
/// ```
/// use hookplan::Severity;
/// assert!(Severity::Error > Severity::Warning);
/// assert_eq!(Severity::Warning.to_string(), "warning");
/// ```
pub enum Severity("severity") {
    /// Worth knowing.
    Note = "note",
    /// Works, but is a known trap.
    Warning = "warning",
    /// The engine will not do what the author wrote.
    Error = "error",
}
}

/// A rule of the catalogue: its stable name and code, its default severity, what it means and how to fix it.
///
/// ```
/// use hookplan::rules;
/// let rule = rules::find("unreadable-document").unwrap();
/// assert_eq!(rule.code, "HP0100");
/// assert!(rules::find("HP0100").is_some());
/// ```
#[derive(Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Rule {
    /// Stable kebab-case name, e.g. `unknown-hook-type`.
    pub name: &'static str,
    /// Stable code, e.g. `HP0001`.
    pub code: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line: what the rule catches.
    pub summary: &'static str,
    /// A paragraph: why it matters, with the upstream reference.
    pub explanation: &'static str,
    /// How to fix it.
    pub fix: &'static str,
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name)
    }
}

/// One finding: a rule, a message about this input, an optional help line, the resource concerned (if the
/// document was readable as one) and where it is.
///
/// Serialises as the `diagnostics[]` entries of the plan JSON contract: `rule`, `code`, `severity`, `message`,
/// `help`, `resource`, `source` (file, document, line, column).
///
/// ```
/// use hookplan::{Manifests, Severity, SyncOperation, plan_sync};
/// let manifests = Manifests::parse("web.yaml", "\
/// apiVersion: apps/v1
/// kind: Deployment
/// metadata:
///   name: web
///   annotations:
///     argocd.argoproj.io/sync-wave: \"1.5\"
/// ");
/// let plan = plan_sync(&manifests, &SyncOperation::new());
/// let found = &plan.diagnostics[0];
/// assert_eq!((found.rule.name, found.code, found.severity), ("invalid-sync-wave", "HP0002", Severity::Error));
/// assert_eq!(found.resource.as_ref().unwrap().to_string(), "Deployment/web");
/// assert_eq!((found.location.line, found.location.column), (6, 5));
/// assert!(found.to_string().starts_with("web.yaml:6:5: error[invalid-sync-wave]: "));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Diagnostic {
    /// The rule (serialised as its name).
    pub rule: &'static Rule,
    /// The rule's code, e.g. `HP0001`.
    pub code: &'static str,
    /// The severity (the rule's default).
    pub severity: Severity,
    /// What is wrong with this input, in one sentence.
    pub message: String,
    /// How to fix it here, if there is something specific to say.
    pub help: Option<String>,
    /// The resource concerned, when the document could be read as one.
    pub resource: Option<ResourceRef>,
    /// Where: the offending annotation when known, else the document.
    #[serde(rename = "source")]
    pub location: Location,
}

impl Diagnostic {
    /// A diagnostic of `rule` at `location`, with the rule's default severity.
    ///
    /// ```
    /// use hookplan::{Diagnostic, Location, Severity, rules};
    /// let d = Diagnostic::new(&rules::UNKNOWN_HOOK_TYPE, "`Presync` is not a hook type".into(), None, Location::new("a.yaml", 0, 5, 5));
    /// assert_eq!((d.code, d.severity), ("HP0001", Severity::Error));
    /// assert_eq!(d.to_string(), "a.yaml:5:5: error[unknown-hook-type]: `Presync` is not a hook type");
    /// ```
    pub fn new(rule: &'static Rule, message: String, help: Option<String>, location: Location) -> Self {
        Diagnostic { rule, code: rule.code, severity: rule.severity, message, help, resource: None, location }
    }

    /// The same diagnostic, naming the resource concerned.
    ///
    /// ```
    /// use hookplan::{Diagnostic, Location, Resource, rules};
    /// let at = Location::new("job.yaml", 0, 1, 1);
    /// let job = Resource::new("batch/v1", "Job", Some("migrate"), at.clone());
    /// let d = Diagnostic::new(&rules::UNKNOWN_HOOK_TYPE, "unknown".into(), None, at).with_resource(job.to_ref());
    /// assert_eq!(serde_json::to_value(&d).unwrap()["resource"]["name"], "migrate");
    /// ```
    pub fn with_resource(mut self, resource: ResourceRef) -> Self {
        self.resource = Some(resource);
        self
    }
}

/// The serialised form of a [`Diagnostic`], read back with the rule resolved through the catalogue.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DiagnosticFields {
    rule: String,
    code: String,
    severity: Severity,
    message: String,
    help: Option<String>,
    resource: Option<ResourceRef>,
    source: Location,
}

impl<'de> Deserialize<'de> for Diagnostic {
    /// Reads the `diagnostics[]` entries of the plan JSON contract. The rule is looked up by name in
    /// [`rules::ALL`]; an unknown rule name, or a code that is not that rule's, is an error.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let fields = DiagnosticFields::deserialize(deserializer)?;
        let rule = rules::ALL
            .iter()
            .copied()
            .find(|rule| rule.name == fields.rule)
            .ok_or_else(|| D::Error::custom(format!("unknown rule `{}`", fields.rule)))?;
        if rule.code != fields.code {
            return Err(D::Error::custom(format!("rule `{}` has code {}, not {}", rule.name, rule.code, fields.code)));
        }
        Ok(Diagnostic {
            rule,
            code: rule.code,
            severity: fields.severity,
            message: fields.message,
            help: fields.help,
            resource: fields.resource,
            location: fields.source,
        })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}[{}]: {}", self.location, self.severity, self.rule.name, self.message)
    }
}

pub mod rules;

#[cfg(test)]
mod tests {
    use super::rules;
    use std::collections::HashSet;

    #[test]
    fn names_and_codes_are_unique_and_well_formed() {
        let mut names = HashSet::new();
        let mut codes = HashSet::new();
        for rule in rules::ALL {
            assert!(names.insert(rule.name), "duplicate name {}", rule.name);
            assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
            assert!(rule.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", rule.name);
            assert!(rule.code.len() == 6 && rule.code.starts_with("HP"), "{}", rule.code);
            assert!(!rule.explanation.is_empty() && !rule.fix.is_empty());
        }
    }
}
