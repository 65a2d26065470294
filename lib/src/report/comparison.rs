//! The engine comparison: what `hookplan plan --engine both --output json` writes.

use serde::{Deserialize, Serialize};

use crate::compare::{Difference, differences};
use crate::plan::{Plan, SCHEMA_VERSION};

/// The Argo CD plan and the Helm plan of the same manifests, and where they differ
/// ([`crate::compare::differences`]): `{"schemaVersion": 1, "argocd": PLAN, "helm": PLAN, "differences": [...]}`.
/// Each plan carries its own diagnostics, before the rule configuration (its `ruleConfiguration` says so).
///
/// ```
/// use hookplan::helm::{HelmCommand, HelmOperation};
/// use hookplan::plan_helm;
/// use hookplan::report::EngineComparison;
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// let chart = Manifests::parse("chart.yaml", "\
/// apiVersion: v1
/// kind: Pod
/// metadata:
///   name: connection-test
///   annotations: {helm.sh/hook: test}
/// ");
/// let comparison = EngineComparison::new(
///     plan_sync(&chart, &SyncOperation::new()),
///     plan_helm(&chart, &HelmOperation::new(HelmCommand::Test)),
/// );
/// assert_eq!(comparison.differences.len(), 1);
/// let json = serde_json::to_string(&comparison).unwrap();
/// assert_eq!(serde_json::from_str::<EngineComparison>(&json).unwrap(), comparison);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EngineComparison {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The Argo CD plan (a sync, or an Application deletion).
    pub argocd: Plan,
    /// The Helm plan (an install, or an uninstall).
    pub helm: Plan,
    /// Where they differ.
    pub differences: Vec<Difference>,
}

impl EngineComparison {
    /// The comparison of two plans of the same manifests.
    pub fn new(argocd: Plan, helm: Plan) -> EngineComparison {
        let differences = differences(&argocd, &helm);
        EngineComparison { schema_version: SCHEMA_VERSION, argocd, helm, differences }
    }
}
