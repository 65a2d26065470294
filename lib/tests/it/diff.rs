//! `hookplan::diff`: the plans of two versions compared, on real corpus manifests edited the way pull requests
//! edit them, for Argo CD and for Helm.

use hookplan::diff::{ChangeKind, PlanDiff, diff};
use hookplan::helm::{HelmCommand, HelmOperation};
use hookplan::plan_helm;
use hookplan::{Manifests, SyncOperation, plan_sync};

use crate::support::corpus;

fn argocd(file: &str, text: &str) -> hookplan::Plan {
    plan_sync(&Manifests::parse(file, text), &SyncOperation::new().namespace("shop"))
}

fn changes(d: &PlanDiff) -> Vec<(ChangeKind, String, bool)> {
    d.changes.iter().map(|c| (c.change, c.summary.clone(), c.risk.is_some())).collect()
}

fn read(path: &str) -> Option<String> {
    corpus().map(|dir| std::fs::read_to_string(dir.join(path)).unwrap())
}

#[test]
fn argocd_wave_bumped_hook_type_changed_policy_changed_object_removed() {
    let Some(base) = read("acend-argocd-training-examples/sync-wave/manifests.yaml") else { return };
    let file = "manifests.yaml";
    let before = argocd(file, &base);
    assert!(diff(&before, &before).is_empty(), "a plan compared with itself");

    // A wave bumped: the frontend Deployment and Service move from wave 2 to wave 4.
    let head = base.replace("argocd.argoproj.io/sync-wave: \"2\"", "argocd.argoproj.io/sync-wave: \"4\"");
    let d = diff(&before, &argocd(file, &head));
    assert_eq!(
        changes(&d),
        [
            (ChangeKind::Moved, "Service/shop/frontend moves from Sync wave 2 to Sync wave 4".to_string(), false),
            (ChangeKind::Moved, "Deployment/shop/frontend moves from Sync wave 2 to Sync wave 4".to_string(), false),
        ]
    );
    let moved = &d.changes[0];
    let (b, a) = (moved.before.as_ref().unwrap(), moved.after.as_ref().unwrap());
    assert_eq!((b.wave, b.step, a.wave, a.step), (Some(2), Some(4), Some(4), Some(5)));

    // A hook type changed: the schema upgrade moves from PreSync to Sync, which runs it alongside the rollout.
    let head = base.replacen("argocd.argoproj.io/hook: PreSync", "argocd.argoproj.io/hook: Sync", 1);
    let d = diff(&before, &argocd(file, &head));
    assert_eq!(d.changes.len(), 1);
    assert_eq!(d.changes[0].change, ChangeKind::Moved);
    assert_eq!(d.changes[0].summary, "Job/shop/upgrade-sql-schema* moves from PreSync wave 0 to Sync wave 0");
    assert_eq!(
        d.changes[0].risk.as_deref(),
        Some("a hook that changes phase runs at another time: in Sync it runs alongside the rollout, not before it")
    );

    // A delete policy changed: the named maintenance hook loses BeforeHookCreation, which can wedge it.
    let head = base.replacen(
        "argocd.argoproj.io/hook-delete-policy: BeforeHookCreation",
        "argocd.argoproj.io/hook-delete-policy: HookSucceeded",
        1,
    );
    let d = diff(&before, &argocd(file, &head));
    let policy = d.changes.iter().find(|c| c.change == ChangeKind::DeletePolicies).expect("a policy change");
    assert_eq!(
        policy.summary,
        "Job/shop/maintenance-page-up's delete policies change from [BeforeHookCreation] to [HookSucceeded]"
    );
    assert!(policy.risk.as_deref().unwrap().starts_with("a named hook without BeforeHookCreation"));
    assert!(d.diagnostics.new.iter().any(|x| x.rule.name == "named-hook-can-wedge"), "and its warning is new");

    // An object removed: Argo CD prunes it if pruning is on.
    let start = base.find("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: frontend").unwrap();
    let end = start + base[start..].find("---").unwrap() + 4;
    let head = format!("{}{}", &base[..start], &base[end..]);
    let d = diff(&before, &argocd(file, &head));
    assert_eq!(changes(&d), [(ChangeKind::Removed, "Deployment/shop/frontend is removed".to_string(), true)]);
    assert_eq!(
        d.changes[0].risk.as_deref(),
        Some("it leaves the plan: Argo CD prunes it if pruning is on (else it stays, out of sync)")
    );
    assert!(d.changes[0].after.is_none());
}

#[test]
fn argocd_excluded_included_and_uses_later() {
    let cm = |name: &str, annotations: &str| {
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  annotations: {{{annotations}}}\n")
    };
    let base = argocd("a.yaml", &cm("c", ""));
    let skip = argocd("a.yaml", &cm("c", "argocd.argoproj.io/hook: Skip"));
    let d = diff(&base, &skip);
    assert_eq!(
        changes(&d),
        [(
            ChangeKind::Excluded,
            "ConfigMap/shop/c is no longer planned: Argo CD Skip: never applied, never pruned".into(),
            false
        )]
    );
    assert_eq!(d.changes[0].after.as_ref().unwrap().reason.map(hookplan::ExclusionReason::as_str), Some("skip"));
    let d = diff(&skip, &base);
    assert_eq!(
        changes(&d),
        [(ChangeKind::Included, "ConfigMap/shop/c is planned again, in Sync wave 0".into(), false)]
    );

    // A wave change that puts a Deployment before the ConfigMap it mounts.
    let deployment = |wave: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations: {{argocd.argoproj.io/sync-wave: \"{wave}\"}}\nspec:\n  template:\n    spec:\n      volumes: [{{name: c, configMap: {{name: settings}}}}]\n      containers: [{{name: web}}]\n"
        )
    };
    let settings = cm("settings", "argocd.argoproj.io/sync-wave: \"1\"");
    let before = argocd("a.yaml", &[deployment("2"), settings.clone()].join("---\n"));
    let after = argocd("a.yaml", &[deployment("0"), settings].join("---\n"));
    let d = diff(&before, &after);
    assert_eq!(d.changes.len(), 1);
    assert!(
        d.changes[0]
            .risk
            .as_deref()
            .unwrap()
            .starts_with("it now comes before an object it uses (Deployment `web` uses ConfigMap `settings`"),
        "{:?}",
        d.changes[0].risk
    );
    assert_eq!(d.diagnostics.new.len(), 1);
}

#[test]
fn helm_regular_object_becomes_a_hook_and_weights_move() {
    let Some(base) = read("helm-golden/template.yaml") else { return };
    let op = HelmOperation::new(HelmCommand::Upgrade).namespace("default");
    let plan = |text: &str| plan_helm(&Manifests::parse("template.yaml", text), &op);
    let before = plan(&base);
    assert!(diff(&before, &before).is_empty());
    // The Service account becomes a pre-upgrade hook: Helm deletes it from the release and recreates it.
    let head = base.replacen(
        "  name: subchart-sa\n",
        "  name: subchart-sa\n  annotations:\n    helm.sh/hook: pre-upgrade\n",
        1,
    );
    let d = diff(&before, &plan(&head));
    let moved = d.changes.iter().find(|c| c.resource.name.as_deref() == Some("subchart-sa")).unwrap();
    assert_eq!(moved.change, ChangeKind::Moved);
    assert_eq!(moved.summary, "ServiceAccount/default/subchart-sa moves from upgrade weight 0 to pre-upgrade weight 0");
    assert!(moved.risk.as_deref().unwrap().starts_with("a regular object becomes a Helm hook"));
    // An object removed from the chart: Helm deletes it on upgrade.
    let start = base.find("# Source: subchart/charts/subchartb").unwrap();
    let end = start + base[start..].find("---").unwrap() + 4;
    let d = diff(&before, &plan(&format!("{}{}", &base[..start], &base[end..])));
    assert_eq!(changes(&d), [(ChangeKind::Removed, "Service/default/subchartb is removed".into(), true)]);
    assert_eq!(d.changes[0].risk.as_deref(), Some("it leaves the release: Helm deletes it on upgrade"));
}

#[test]
fn the_diff_reads_back_from_json() {
    let base = argocd("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    let head = argocd("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
    let d = diff(&base, &head);
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["schemaVersion"], 1);
    assert_eq!(json["engine"], "argocd");
    assert_eq!(json["operation"], "sync");
    // The risky removal first, then the addition.
    assert_eq!(json["changes"][0]["change"], "removed");
    assert_eq!(json["changes"][0]["after"], serde_json::Value::Null);
    assert_eq!(json["changes"][1]["change"], "added");
    assert_eq!(json["changes"][1]["before"], serde_json::Value::Null);
    assert_eq!(json["changes"][1]["after"]["phase"], "Sync");
    assert_eq!(json["changes"][1]["after"]["step"], 1);
    assert!(json["diagnostics"]["new"].is_array() && json["diagnostics"]["fixed"].is_array());
    let back: PlanDiff = serde_json::from_value(json).unwrap();
    assert_eq!(back, d);
}
