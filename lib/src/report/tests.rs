//! Every document survives a round trip: serialised, then read back, it is the value it was.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::*;
use crate::argocd::Retry;
use crate::config::LintConfig;
use crate::diff::diff;
use crate::helm::{HelmCommand, HelmOperation};
use crate::plan_helm;
use crate::{Manifests, SyncOperation, check, plan_sync};

/// Hooks of both engines, waves, generateName, a bad annotation, a suppressed finding and a test Pod.
const CHART: &str = "\
apiVersion: batch/v1
kind: Job
metadata:
  generateName: migrate-
  annotations:
    argocd.argoproj.io/hook: PreSync
    argocd.argoproj.io/hook-delete-policy: HookSucceeded
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: \"-1\"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  annotations:
    argocd.argoproj.io/sync-wave: one
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    argocd.argoproj.io/sync-wave: \"2\"
    ignore-check.hookplan.io/hook-without-delete-policy: on purpose
---
apiVersion: v1
kind: Pod
metadata:
  name: connection-test
  annotations: {helm.sh/hook: test, argocd.argoproj.io/hook: PostSync}
";

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) -> serde_json::Value {
    let json = serde_json::to_string_pretty(value).unwrap();
    let back: T = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, value, "{json}");
    serde_json::from_str(&json).unwrap()
}

fn chart() -> Manifests {
    Manifests::parse("chart.yaml", CHART)
}

#[test]
fn plans_round_trip() {
    let plan = round_trip(&plan_sync(&chart(), &SyncOperation::new().namespace("shop")));
    assert_eq!(plan["schemaVersion"], SCHEMA_VERSION);
    assert_eq!(plan["ruleConfiguration"], "not-applied");
    assert!(!plan["diagnostics"].as_array().unwrap().is_empty());
    round_trip(&plan_helm(&chart(), &HelmOperation::new(HelmCommand::Upgrade)));
}

#[test]
fn lint_reports_round_trip() {
    let manifests = chart();
    let findings = LintConfig::new().apply(&manifests, check::lint(&manifests, None));
    let report = LintReport::new(findings);
    let json = round_trip(&report);
    assert_eq!(json["schemaVersion"], SCHEMA_VERSION);
    assert_eq!(json["ruleConfiguration"], "applied");
    assert!(json["diagnostics"].as_array().unwrap().iter().any(|d| d["rule"] == "invalid-sync-wave"), "{json}");
}

#[test]
fn transcripts_round_trip() {
    let plan = plan_sync(&chart(), &SyncOperation::new());
    let five = std::time::Duration::from_secs(5);
    let retry = Retry { limit: 1, duration: five, factor: 2, max_duration: 36 * five };
    let transcript = simulate(plan, &["Job/migrate".to_string()], Some(retry)).unwrap();
    let json = round_trip(&transcript);
    assert_eq!(json["schemaVersion"], SCHEMA_VERSION);
    assert_eq!(json["retries"][0]["attempt"], 1);
    assert_eq!(transcript.succeeded(), Some(false));
    // Every recorded instruction is one the driver gives back.
    for instruction in &transcript.instructions {
        let next = instruction.next().unwrap();
        assert_eq!(next.name(), instruction.instruction);
        let ids: Vec<_> = instruction.tasks.iter().map(|t| t.id).collect();
        assert_eq!(next.tasks(), ids);
    }
    let helm = plan_helm(&chart(), &HelmOperation::new(HelmCommand::Test).logs(true));
    round_trip(&simulate(helm, &[], None).unwrap());
}

#[test]
fn comparisons_round_trip() {
    let comparison = EngineComparison::new(
        plan_sync(&chart(), &SyncOperation::new()),
        plan_helm(&chart(), &HelmOperation::new(HelmCommand::Install)),
    );
    assert!(!comparison.differences.is_empty());
    let json = round_trip(&comparison);
    assert_eq!(json["schemaVersion"], SCHEMA_VERSION);
    assert_eq!(json["argocd"]["ruleConfiguration"], "not-applied");
}

#[test]
fn diffs_round_trip() {
    let base = plan_sync(&chart(), &SyncOperation::new());
    let head = plan_sync(&Manifests::parse("chart.yaml", &CHART.replace("PreSync", "Sync")), &SyncOperation::new());
    let one = diff(&base, &head);
    assert!(!one.changes.is_empty());
    let json = round_trip(&DiffReport::One(one.clone()));
    assert_eq!(json["schemaVersion"], SCHEMA_VERSION);
    assert_eq!(json["ruleConfiguration"], "not-applied");
    let helm = |text: &str| plan_helm(&Manifests::parse("chart.yaml", text), &HelmOperation::new(HelmCommand::Install));
    let both = DiffReport::Both { argocd: one, helm: diff(&helm(CHART), &helm(&CHART.replace("\"-1\"", "\"3\""))) };
    let json = round_trip(&both);
    assert_eq!(json["helm"]["engine"], "helm");
}
