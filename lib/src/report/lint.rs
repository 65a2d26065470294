//! The lint report: what `hookplan lint --output json` writes.

use serde::{Deserialize, Serialize};

use crate::config::{Findings, Suppressed};
use crate::diagnostic::{Diagnostic, RuleConfiguration};
use crate::plan::SCHEMA_VERSION;

/// The findings of a lint run, after the rule configuration: `{"schemaVersion": 1, "ruleConfiguration":
/// "applied", "diagnostics": [...], "suppressed": [...]}`. The diagnostics are the plan JSON contract's; each
/// suppressed one is `{"diagnostic": ..., "suppression": {"kind": "disabled"} | {"kind": "annotation",
/// "reason": ..., "source": ...}}`.
///
/// ```
/// use hookplan::config::LintConfig;
/// use hookplan::report::{LintReport, RuleConfiguration};
/// use hookplan::{Manifests, check};
/// let manifests = Manifests::parse("job.yaml", "\
/// apiVersion: batch/v1
/// kind: Job
/// metadata:
///   name: migrate
///   annotations: {argocd.argoproj.io/sync-wave: one}
/// ");
/// let findings = LintConfig::new().apply(&manifests, check::lint(&manifests, None));
/// let report = LintReport::new(findings);
/// assert_eq!(report.rule_configuration, RuleConfiguration::Applied);
/// assert_eq!(report.diagnostics[0].rule.name, "invalid-sync-wave");
/// let json = serde_json::to_string(&report).unwrap();
/// assert!(json.starts_with(r#"{"schemaVersion":1,"ruleConfiguration":"applied","diagnostics":[{"rule":"invalid-sync-wave""#));
/// assert_eq!(serde_json::from_str::<LintReport>(&json).unwrap(), report);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LintReport {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Always [`RuleConfiguration::Applied`]: the diagnostics report at their configured severity.
    pub rule_configuration: RuleConfiguration,
    /// The diagnostics that report, in the order [`crate::config::LintConfig::apply`] gives them.
    pub diagnostics: Vec<Diagnostic>,
    /// The diagnostics the configuration or an annotation silenced, with why.
    pub suppressed: Vec<Suppressed>,
}

impl LintReport {
    /// The report of `findings` (what [`crate::config::LintConfig::apply`] returns).
    pub fn new(findings: Findings) -> LintReport {
        LintReport {
            schema_version: SCHEMA_VERSION,
            rule_configuration: RuleConfiguration::Applied,
            diagnostics: findings.diagnostics,
            suppressed: findings.suppressed,
        }
    }
}
