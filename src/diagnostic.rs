//! Diagnostics: what hookplan reports, and the catalogue of rules it reports under.
//!
//! Every diagnostic belongs to a [`Rule`] with a stable kebab-case name and a stable code (`HP0001`...). Names
//! and codes are never reused or renumbered; the catalogue only grows. [`rules::ALL`] lists every rule.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::location::Location;
use crate::resource::ResourceRef;

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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Note,
    /// Works, but is a known trap.
    Warning,
    /// The engine will not do what the author wrote.
    Error,
}

impl Severity {
    /// The lowercase name used in JSON and text output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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
    pub fn new(rule: &'static Rule, message: String, help: Option<String>, location: Location) -> Self {
        Diagnostic { rule, code: rule.code, severity: rule.severity, message, help, resource: None, location }
    }

    /// The same diagnostic, naming the resource concerned.
    pub fn with_resource(mut self, resource: ResourceRef) -> Self {
        self.resource = Some(resource);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}[{}]: {}", self.location, self.severity, self.rule.name, self.message)
    }
}

/// The rule catalogue.
pub mod rules {
    use super::{Rule, Severity};

    /// A document that cannot be read: a YAML syntax error, invalid UTF-8, or a field of the wrong type.
    pub static UNREADABLE_DOCUMENT: Rule = Rule {
        name: "unreadable-document",
        code: "HP0100",
        severity: Severity::Error,
        summary: "a document cannot be read as YAML",
        explanation: "The document has a YAML syntax error, is not valid UTF-8, or has a field of the wrong type \
            (for example `kind` or `metadata.name` that is not a string, or a duplicate top-level field). Argo CD's \
            repo server fails manifest generation for the whole application with `Failed to unmarshal` when a file \
            that looks like a manifest does not parse (reposerver/repository/repository.go, findManifests). \
            hookplan reports the document and still reads the documents before and after it.",
        fix: "Fix the YAML at the reported line and column; `yq` or `kubectl apply --dry-run=client` show the same error.",
    };

    /// A document that is a scalar or a sequence rather than a mapping.
    pub static NOT_AN_OBJECT: Rule = Rule {
        name: "not-an-object",
        code: "HP0101",
        severity: Severity::Error,
        summary: "a document is not a mapping",
        explanation: "A Kubernetes manifest document must be a mapping. A scalar or a sequence cannot be decoded \
            into an object; Argo CD's repo server fails with `Failed to unmarshal` (reposerver/repository/repository.go, \
            findManifests).",
        fix: "Remove the document, or turn it into an object with apiVersion, kind and metadata.",
    };

    /// A mapping without `apiVersion` or `kind`: a values file, a documentation fragment, a config file.
    pub static NOT_A_RESOURCE: Rule = Rule {
        name: "not-a-resource",
        code: "HP0102",
        severity: Severity::Warning,
        summary: "a document has no apiVersion or kind",
        explanation: "The document is a mapping but not a Kubernetes object: it lacks `apiVersion` or `kind` (a Helm \
            values file, a documentation fragment, a tool's config). Argo CD's repo server silently ignores a file \
            that fails to decode and does not contain all of `apiVersion:`, `kind:` and `metadata:`; otherwise it \
            fails the whole application (reposerver/repository/repository.go, findManifests). hookplan excludes \
            the document with reason `not-a-resource`. Annotations inside such a document do nothing.",
        fix: "Leave non-manifest files out of the input, or add apiVersion and kind if this is meant to be an object.",
    };

    /// An annotation whose value is not a YAML string.
    pub static NON_STRING_ANNOTATION: Rule = Rule {
        name: "non-string-annotation",
        code: "HP0103",
        severity: Severity::Error,
        summary: "an annotation value is not a string",
        explanation: "Kubernetes annotations are a map of strings. An unquoted `argocd.argoproj.io/sync-wave: 5` is a \
            YAML number. Argo CD reads annotations through `Unstructured.GetAnnotations`, which uses \
            `NestedStringMap` (k8s.io/apimachinery, unstructured/helpers.go): one non-string value makes it return \
            no annotations at all, so every hook, wave and option annotation of the object is ignored; the API \
            server then rejects the object. hookplan plans the object as Argo CD sees it: with no annotations.",
        fix: "Quote the value: `argocd.argoproj.io/sync-wave: \"5\"`.",
    };

    /// The same key twice under `metadata.annotations` or `metadata.labels`.
    pub static DUPLICATE_KEY: Rule = Rule {
        name: "duplicate-key",
        code: "HP0104",
        severity: Severity::Error,
        summary: "an annotation or label key appears twice",
        explanation: "Go's YAML decoder used by Argo CD and Helm (sigs.k8s.io/yaml) keeps the last of two equal keys \
            without a word; kubectl's strict decoding reports it. Which value the author meant is unclear, so \
            hookplan uses the last one, as the engines do, and reports it.",
        fix: "Remove one of the two entries.",
    };

    /// A Kustomize file in the input.
    pub static KUSTOMIZATION_FILE: Rule = Rule {
        name: "kustomization-file",
        code: "HP0105",
        severity: Severity::Warning,
        summary: "a Kustomization is not a manifest",
        explanation: "A `kustomize.config.k8s.io` Kustomization or Component is a build instruction, not an object \
            Argo CD applies: Argo CD runs `kustomize build` on the directory and plans its output. Annotations under \
            `commonAnnotations` or `generatorOptions` reach the objects only through that build. hookplan excludes \
            the document with reason `kustomization`.",
        fix: "Plan the rendered output: `kustomize build DIR | hookplan plan -`.",
    };

    /// Every rule, in code order.
    pub static ALL: &[&Rule] = &[
        &UNREADABLE_DOCUMENT,
        &NOT_AN_OBJECT,
        &NOT_A_RESOURCE,
        &NON_STRING_ANNOTATION,
        &DUPLICATE_KEY,
        &KUSTOMIZATION_FILE,
    ];

    /// Finds a rule by name (`unknown-hook-type`) or code (`HP0001`, case-insensitive).
    pub fn find(name_or_code: &str) -> Option<&'static Rule> {
        ALL.iter().copied().find(|rule| rule.name == name_or_code || rule.code.eq_ignore_ascii_case(name_or_code))
    }
}

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
