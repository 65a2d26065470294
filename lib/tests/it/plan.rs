//! Building the sync plan.

use hookplan::{ExclusionReason, Manifests, SyncOperation, plan_sync};

use crate::support::{order, plan_yaml};

fn s(phase: &str, wave: i64, what: &str) -> (String, i64, String) {
    (phase.to_string(), wave, what.to_string())
}

#[test]
fn multi_phase_hook_gives_one_task_per_phase() {
    let plan = plan_yaml(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: h\n  annotations:\n    argocd.argoproj.io/hook: PostSync,PreSync\n    argocd.argoproj.io/hook-delete-policy: HookSucceeded\n",
    );
    assert_eq!(order(&plan), [s("PreSync", 0, "Pod/h"), s("PostSync", 0, "Pod/h")]);
    assert_eq!(plan.hook_deletion.on_success.len(), 1, "a named hook is one object");
}

#[test]
fn unnamed_hooks_are_named_per_phase_when_a_revision_is_given() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    argocd.argoproj.io/hook: PreSync,PostSync\n    argocd.argoproj.io/hook-delete-policy: HookSucceeded\n";
    let named =
        plan_sync(&Manifests::parse("a.yaml", text), &SyncOperation::new().revision("FooBarBaz", 1_700_000_000));
    assert_eq!(
        order(&named),
        [s("PreSync", 0, "Pod/foobarb-presync-1700000000"), s("PostSync", 0, "Pod/foobarb-postsync-1700000000")]
    );
    assert_eq!(named.hook_deletion.on_success.len(), 2, "each phase creates its own object");
    let unnamed = plan_yaml(text);
    assert_eq!(unnamed.steps[0].tasks[0].resource.name, None);
}

#[test]
fn destination_namespace_fills_empty_namespaces_including_cluster_scoped() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: other\n";
    let plan = plan_sync(&Manifests::parse("a.yaml", text), &SyncOperation::new().namespace("dest"));
    assert_eq!(
        order(&plan),
        [s("Sync", 0, "ConfigMap/dest/a"), s("Sync", 0, "ConfigMap/other/b"), s("Sync", 0, "ClusterRole/dest/r")]
    );
    let without_destination = plan_yaml(text);
    assert_eq!(without_destination.steps[0].tasks[0].resource.namespace, None, "null when nothing sets it");
}

#[test]
fn namespace_takes_phase_and_wave_of_first_dependent_and_is_not_moved_when_already_first() {
    let text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  annotations:\n    argocd.argoproj.io/sync-wave: \"5\"\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: shop\n  annotations:\n    argocd.argoproj.io/sync-wave: \"1\"\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: early\n  annotations:\n    argocd.argoproj.io/sync-wave: \"-3\"\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n  namespace: early\n";
    let plan = plan_yaml(text);
    assert_eq!(
        order(&plan),
        [
            s("Sync", -3, "Namespace/early"),
            s("Sync", 0, "ConfigMap/early/d"),
            s("Sync", 1, "Namespace/shop"),
            s("Sync", 1, "ConfigMap/shop/c")
        ]
    );
}

#[test]
fn crd_without_names_is_not_a_dependency() {
    let text = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n  annotations:\n    argocd.argoproj.io/sync-wave: \"1\"\n";
    let plan = plan_yaml(text);
    assert_eq!(order(&plan), [s("Sync", 0, "Widget/w"), s("Sync", 1, "CustomResourceDefinition/widgets.example.com")]);
    let with_names = format!("{text}spec:\n  group: example.com\n  names:\n    kind: Widget\n");
    assert_eq!(
        order(&plan_yaml(&with_names)),
        [s("Sync", 0, "CustomResourceDefinition/widgets.example.com"), s("Sync", 0, "Widget/w")]
    );
}

#[test]
fn kind_rank_ignores_the_group_and_unknown_kinds_tie() {
    let text = "apiVersion: example.com/v1\nkind: Service\nmetadata:\n  name: z\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\napiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: b\n---\napiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: c\n";
    let plan = plan_yaml(text);
    assert_eq!(
        order(&plan),
        [
            s("Sync", 0, "Service/z"),
            s("Sync", 0, "Pod/a"),
            s("Sync", 0, "Rollout/b"),
            s("Sync", 0, "AnalysisTemplate/c")
        ],
        "unknown kinds rank 0 and sort by name, not by kind"
    );
}

#[test]
fn ties_break_by_namespace_then_group_then_kind_then_source() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: b}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: a}\n---\napiVersion: z.io/v1\nkind: Thing\nmetadata: {name: w}\n---\napiVersion: a.io/v1\nkind: Thing\nmetadata: {name: w}\n";
    let plan = plan_yaml(text);
    assert_eq!(
        order(&plan),
        [
            s("Sync", 0, "ConfigMap/a/x"),
            s("Sync", 0, "ConfigMap/b/x"),
            s("Sync", 0, "Thing/w"),
            s("Sync", 0, "Thing/w")
        ]
    );
    assert_eq!(plan.steps[0].tasks[2].resource.group, "a.io");
}

#[test]
fn sync_fail_hooks_and_hook_deletion_lists() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: fail-ok\n  annotations:\n    argocd.argoproj.io/hook: SyncFail\n    argocd.argoproj.io/hook-delete-policy: HookSucceeded\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: fail-cleanup\n  annotations:\n    argocd.argoproj.io/hook: SyncFail\n    argocd.argoproj.io/hook-delete-policy: HookFailed\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: pre\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook-delete-policy: HookFailed,HookSucceeded\n";
    let plan = plan_yaml(text);
    assert_eq!(order(&plan), [s("PreSync", 0, "Pod/pre")]);
    let fail: Vec<_> = plan.sync_fail.iter().map(|t| t.resource.name.as_deref().unwrap().to_string()).collect();
    assert_eq!(fail, ["fail-cleanup", "fail-ok"]);
    let names = |list: &Vec<hookplan::ResourceRef>| {
        list.iter().map(|r| r.name.as_deref().unwrap().to_string()).collect::<Vec<_>>()
    };
    assert_eq!(names(&plan.hook_deletion.on_success), ["pre"], "SyncFail hooks never run on success");
    assert_eq!(names(&plan.hook_deletion.on_failure), ["pre", "fail-cleanup"]);
}

#[test]
fn excluded_reasons() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: skip\n  annotations:\n    argocd.argoproj.io/hook: Skip\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: typo\n  annotations:\n    argocd.argoproj.io/hook: Presync\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: test\n  annotations:\n    helm.sh/hook: test\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: backup\n  annotations:\n    argocd.argoproj.io/hook: PreDelete\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: both\n  annotations:\n    argocd.argoproj.io/hook: PostSync,PostDelete\n";
    let plan = plan_yaml(text);
    let got = crate::support::excluded_names(&plan);
    assert_eq!(
        got,
        [
            ("skip".to_string(), ExclusionReason::Skip),
            ("typo".to_string(), ExclusionReason::NoSyncPhase),
            ("test".to_string(), ExclusionReason::NoSyncPhase),
            ("backup".to_string(), ExclusionReason::DeleteHook),
        ]
    );
    assert_eq!(order(&plan), [s("PostSync", 0, "Pod/both")]);
}

#[test]
fn json_matches_the_contract() {
    let text = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: db-migrate-\n  namespace: shop\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/sync-wave: \"-1\"\nspec:\n  activeDeadlineSeconds: 60\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: s\n  annotations:\n    argocd.argoproj.io/hook: Skip\n";
    let plan = plan_sync(&Manifests::parse("app/migrate.yaml", text), &SyncOperation::new());
    let json = serde_json::to_value(&plan).unwrap();
    let expected = serde_json::json!({
        "schemaVersion": 1,
        "engine": "argocd",
        "operation": "sync",
        "engineVersion": "3.5",
        "steps": [{
            "phase": "PreSync",
            "wave": -1,
            "waitsForConfirmation": false,
            "waitsFor": ["hook-completion"],
            "onFailureDelete": [],
            "tasks": [{
                "action": "apply",
                "hook": true,
                "resource": {
                    "apiVersion": "batch/v1",
                    "group": "batch",
                    "kind": "Job",
                    "namespace": "shop",
                    "name": null,
                    "generateName": "db-migrate-"
                },
                "deletePolicies": ["BeforeHookCreation"],
                "syncOptions": [],
                "skipped": null,
                "liveInstance": null,
                "needsConfirmation": false,
                "source": {"file": "app/migrate.yaml", "document": 0, "item": null, "line": 1, "column": 1}
            }]
        }],
        "syncFail": [],
        "hookDeletion": {"onSuccess": [], "onFailure": []},
        "excluded": [{
            "resource": {"apiVersion": "v1", "group": "", "kind": "Pod", "namespace": null, "name": "s", "generateName": null},
            "reason": "skip",
            "source": {"file": "app/migrate.yaml", "document": 1, "item": null, "line": 12, "column": 1}
        }],
        "ruleConfiguration": "not-applied",
        "diagnostics": []
    });
    assert_eq!(json, expected);
}

#[test]
fn diagnostics_serialise_with_rule_code_and_source() {
    let plan = plan_yaml(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    argocd.argoproj.io/sync-wave: 5\n",
    );
    let json = serde_json::to_value(&plan.diagnostics[0]).unwrap();
    assert_eq!(json["rule"], "non-string-annotation");
    assert_eq!(json["code"], "HP0103");
    assert_eq!(json["severity"], "error");
    assert_eq!(json["help"], "quote the value of `argocd.argoproj.io/sync-wave`");
    assert_eq!(json["resource"]["name"], "p");
    assert_eq!(
        json["source"],
        serde_json::json!({"file": "app.yaml", "document": 0, "item": null, "line": 6, "column": 5})
    );
}

#[test]
fn plan_is_the_same_whatever_the_input_order() {
    let files = [
        ("a.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n"),
        ("b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: shop}\n"),
        (
            "c.yaml",
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  namespace: shop\n  annotations: {argocd.argoproj.io/hook: PreSync}\n",
        ),
        ("d.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: other}\n"),
    ];
    let plan_of = |order: &[usize]| {
        let mut m = Manifests::new();
        for &i in order {
            m.read(files[i].0, files[i].1.as_bytes());
        }
        serde_json::to_string(&plan_sync(&m, &SyncOperation::new())).unwrap()
    };
    let reference = plan_of(&[0, 1, 2, 3]);
    for permutation in [[3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]] {
        assert_eq!(plan_of(&permutation), reference);
    }
}

#[test]
fn a_namespace_hook_pulled_into_a_phase_it_already_runs_in_is_planned_once() {
    let text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  annotations:\n    argocd.argoproj.io/hook: PreSync,PostSync\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  namespace: shop\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n";
    // Sorted: Namespace(PreSync), Job(PreSync), Namespace(PostSync); adjustDeps pulls the PostSync task ahead of
    // the Job into PreSync, where the object already runs.
    assert_eq!(order(&plan_yaml(text)), [s("PreSync", 0, "Namespace/shop"), s("PreSync", 0, "Job/shop/j")]);
}

#[test]
fn crd_pass_can_overtake_a_namespace() {
    // Upstream runs the Namespace pass, then the CRD pass: a CRD pulled ahead of its first custom resource can land
    // before the Namespace its (meaningless, cluster-scoped) namespace names. Faithful, and harmless.
    let text = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: a\n  annotations:\n    helm.sh/hook: pre-install\n---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n  namespace: shop\nspec:\n  group: example.com\n  names:\n    kind: Widget\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n";
    let plan = plan_sync(&Manifests::parse("a.yaml", text), &SyncOperation::new().namespace("dest"));
    assert_eq!(
        order(&plan),
        [
            s("PreSync", 0, "CustomResourceDefinition/shop/widgets.example.com"),
            s("PreSync", 0, "Widget/dest/a"),
            s("Sync", 0, "Namespace/dest/shop"),
        ]
    );
}

#[test]
fn names_sort_by_their_bytes_past_sixteen_and_at_length_differences() {
    // Upstream compares names with Go's `<` on strings: byte order. The names share 16 bytes or end early.
    let names =
        ["config-map-long-prefix-b", "config-map-long-prefix-a", "config-map-long", "config-map-long-", "Z", "a"];
    let text = names.map(|name| format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n")).join("---\n");
    let plan = plan_yaml(&text);
    let got: Vec<_> = plan.tasks().map(|(_, t)| t.resource.name.as_deref().unwrap().to_string()).collect();
    assert_eq!(
        got,
        ["Z", "a", "config-map-long", "config-map-long-", "config-map-long-prefix-a", "config-map-long-prefix-b"]
    );
}
