//! The diff document: what `hookplan diff --output json` writes.

use serde::{Deserialize, Serialize};

use crate::diff::PlanDiff;

/// The diff of one engine's plans, or of both engines' (`--engine both`): a [`PlanDiff`] (with its
/// `schemaVersion` and `ruleConfiguration`), or `{"argocd": DIFF, "helm": DIFF}`.
///
/// ```
/// use hookplan::diff::diff;
/// use hookplan::report::DiffReport;
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// let plan = plan_sync(&Manifests::parse("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"),
///     &SyncOperation::new());
/// let report = DiffReport::One(diff(&plan, &plan));
/// let json = serde_json::to_string(&report).unwrap();
/// assert!(json.starts_with(r#"{"schemaVersion":1,"ruleConfiguration":"not-applied","engine":"argocd""#));
/// assert_eq!(serde_json::from_str::<DiffReport>(&json).unwrap(), report);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum DiffReport {
    /// The diff of one engine's plans.
    One(PlanDiff),
    /// The diffs of both engines' plans.
    Both {
        /// The Argo CD plans' diff.
        argocd: PlanDiff,
        /// The Helm plans' diff.
        helm: PlanDiff,
    },
}
