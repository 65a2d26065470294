//! Cases ported from Argo CD's own tests at argo-cd@37ee009 (`gitops-engine/pkg/sync/...`), as data: each table
//! names the upstream test it comes from.
#![allow(clippy::type_complexity)] // the vector tables read best as literal tuples

use hookplan::argocd::delete_policy::delete_policies;
use hookplan::argocd::hook::{hook_types, is_hook, is_ignored, is_skip, sync_phases};
use hookplan::argocd::wave::sync_wave;
use hookplan::argocd::{DeletePolicy, HookType, SyncPhase, helm_hook as helm};
use hookplan::{Manifests, SyncOperation, plan_sync};

use crate::support::{names, pod, resource};

const HOOK: &str = "argocd.argoproj.io/hook";
const DP: &str = "argocd.argoproj.io/hook-delete-policy";
const WAVE: &str = "argocd.argoproj.io/sync-wave";
const HELM: &str = "helm.sh/hook";
const HW: &str = "helm.sh/hook-weight";
const HDP: &str = "helm.sh/hook-delete-policy";

use HookType::{PostSync as TPost, PreSync as TPre, Skip as TSkip, Sync as TSync, SyncFail as TFail};
use SyncPhase::{PostSync, PreSync, Sync, SyncFail};

/// One classification case: the annotations, and what each upstream function answers.
struct Classification {
    /// The upstream tests the case comes from (or the code it is read from).
    upstream: &'static str,
    annotations: &'static [(&'static str, &'static str)],
    is_hook: bool,
    skip: bool,
    types: &'static [HookType],
    ignored: bool,
    phases: &'static [SyncPhase],
}

/// The classification cases, each naming the upstream tests it comes from.
const CLASSIFICATION: [Classification; 16] = [
    Classification {
        upstream: "TestNoHooks, TestSyncPhaseNone",
        annotations: &[],
        is_hook: false,
        skip: false,
        types: &[],
        ignored: false,
        phases: &[Sync],
    },
    Classification {
        upstream: "TestOneHook, TestSyncPhasePreSync",
        annotations: &[(HOOK, "PreSync")],
        is_hook: true,
        skip: false,
        types: &[TPre],
        ignored: false,
        phases: &[PreSync],
    },
    Classification {
        upstream: "TestSyncPhaseSync",
        annotations: &[(HOOK, "Sync")],
        is_hook: true,
        skip: false,
        types: &[TSync],
        ignored: false,
        phases: &[Sync],
    },
    Classification {
        upstream: "TestSyncPhasePost",
        annotations: &[(HOOK, "PostSync")],
        is_hook: true,
        skip: false,
        types: &[TPost],
        ignored: false,
        phases: &[PostSync],
    },
    Classification {
        upstream: "TestSyncPhaseFail",
        annotations: &[(HOOK, "SyncFail")],
        is_hook: true,
        skip: false,
        types: &[TFail],
        ignored: false,
        phases: &[SyncFail],
    },
    Classification {
        upstream: "TestSkipHook, TestSyncPhaseSkip",
        annotations: &[(HOOK, "Skip")],
        is_hook: false,
        skip: true,
        types: &[TSkip],
        ignored: false,
        phases: &[],
    },
    Classification {
        upstream: "TestGarbageHook, TestSyncPhaseGarbage",
        annotations: &[(HOOK, "Garbage")],
        is_hook: true,
        skip: false,
        types: &[],
        ignored: true,
        phases: &[],
    },
    Classification {
        upstream: "TestTwoHooks, TestSyncPhaseTwoPhases",
        annotations: &[(HOOK, "PreSync,PostSync")],
        is_hook: true,
        skip: false,
        types: &[TPre, TPost],
        ignored: false,
        phases: &[PreSync, PostSync],
    },
    Classification {
        upstream: "TestDupHookTypes, TestSyncDuplicatedPhases",
        annotations: &[(HOOK, "Sync,Sync")],
        is_hook: true,
        skip: false,
        types: &[TSync],
        ignored: false,
        phases: &[Sync],
    },
    Classification {
        upstream: "TestSkipAndHook",
        annotations: &[(HOOK, "Skip,PreSync,PostSync")],
        is_hook: true,
        skip: false,
        types: &[TSkip, TPre, TPost],
        ignored: false,
        phases: &[PreSync, PostSync],
    },
    Classification {
        upstream: "TestGarbageAndHook",
        annotations: &[(HOOK, "Sync,Garbage")],
        is_hook: true,
        skip: false,
        types: &[TSync],
        ignored: false,
        phases: &[Sync],
    },
    Classification {
        upstream: "TestHelmHook",
        annotations: &[(HELM, "pre-install")],
        is_hook: true,
        skip: false,
        types: &[TPre],
        ignored: false,
        phases: &[PreSync],
    },
    Classification {
        upstream: "TestGarbageHelmHook",
        annotations: &[(HELM, "garbage")],
        is_hook: true,
        skip: false,
        types: &[],
        ignored: true,
        phases: &[],
    },
    Classification {
        upstream: "TestBothHooks",
        annotations: &[(HOOK, "Sync"), (HELM, "pre-install")],
        is_hook: true,
        skip: false,
        types: &[TSync],
        ignored: false,
        phases: &[Sync],
    },
    Classification {
        upstream: "code: hook/helm/type.go keeps duplicates",
        annotations: &[(HELM, "pre-install,pre-upgrade")],
        is_hook: true,
        skip: false,
        types: &[TPre, TPre],
        ignored: false,
        phases: &[PreSync],
    },
    Classification {
        upstream: "code: hook/helm/hook.go IsHook excludes crd-install",
        annotations: &[(HELM, "crd-install")],
        is_hook: false,
        skip: false,
        types: &[],
        ignored: false,
        phases: &[Sync],
    },
];

/// Hook classification: the tests of argo-cd@37ee009 `gitops-engine/pkg/sync/hook/hook_test.go`,
/// `ignore/ignore_test.go` (`TestIgnore`) and `sync_phase_test.go`, each case naming its tests.
#[test]
fn v1_hook_classification() {
    for Classification { upstream, annotations, is_hook: hook, skip, types, ignored, phases } in CLASSIFICATION {
        let a = pod(annotations);
        assert_eq!(is_hook(&a), hook, "IsHook {annotations:?} ({upstream})");
        assert_eq!(is_skip(&a), skip, "Skip {annotations:?} ({upstream})");
        assert_eq!(hook_types(&a), types, "Types {annotations:?} ({upstream})");
        assert_eq!(is_ignored(&a), ignored, "Ignore {annotations:?} ({upstream})");
        assert_eq!(sync_phases(&a), phases, "syncPhases {annotations:?} ({upstream})");
    }
}

/// V2, Helm type mapping (helm/type_test.go).
#[test]
fn v2_helm_type_mapping() {
    for (event, expected) in [
        ("pre-install", Some(TPre)),
        ("pre-upgrade", Some(TPre)),
        ("post-upgrade", Some(TPost)),
        ("post-install", Some(TPost)),
        ("crd-install", None),
        ("pre-rollback", None),
        ("post-rollback", None),
        ("test-success", None),
        ("test-failure", None),
    ] {
        assert_eq!(helm::hook_types(&pod(&[(HELM, event)])), expected.into_iter().collect::<Vec<_>>(), "{event}");
    }
}

/// V3, delete policies (delete_policy_test.go), plus the code-derived merge.
#[test]
fn v3_delete_policies() {
    use DeletePolicy::{BeforeHookCreation as Bhc, HookFailed, HookSucceeded};
    let rows: &[(&[(&str, &str)], &[DeletePolicy])] = &[
        (&[], &[Bhc]),
        (&[(DP, "garbage")], &[Bhc]),
        (&[(DP, "BeforeHookCreation")], &[Bhc]),
        (&[(DP, "HookSucceeded")], &[HookSucceeded]),
        (&[(DP, "HookFailed")], &[HookFailed]),
        (&[(HDP, "hook-succeeded")], &[HookSucceeded]),
        (&[(DP, "BeforeHookCreation"), (HDP, "hook-succeeded")], &[Bhc, HookSucceeded]),
    ];
    for (annotations, expected) in rows {
        assert_eq!(delete_policies(&pod(annotations)), *expected, "{annotations:?}");
    }
    // A non-hook's policies have no effect: the plan shows none.
    let plan = crate::support::plan_yaml(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: my-pod\n  annotations:\n    argocd.argoproj.io/hook-delete-policy: BeforeHookCreation\n",
    );
    let (_, task) = plan.tasks().next().unwrap();
    assert!(!task.hook);
    assert!(task.delete_policies.is_empty());
}

/// V4, waves (waves_test.go, sync_task_test.go), plus the code-derived fallbacks.
#[test]
fn v4_waves() {
    let rows: &[(&[(&str, &str)], i64)] = &[
        (&[], 0),
        (&[(WAVE, "1")], 1),
        (&[(HW, "1")], 1),
        (&[(WAVE, "x"), (HW, "3")], 3),
        (&[(WAVE, " 2")], 0),
        (&[(WAVE, "-5"), (HW, "9")], -5),
    ];
    for (annotations, expected) in rows {
        assert_eq!(sync_wave(&pod(annotations)), *expected, "{annotations:?}");
    }
}

/// V5, CSV options (annotations_test.go, key `foo`).
#[test]
fn v5_csv_options() {
    use hookplan::annotations::{csv, option_value};
    assert_eq!(csv("bar,bar"), ["bar"]);
    assert_eq!(csv("bar,baz"), ["bar", "baz"]);
    assert_eq!(csv("bar "), ["bar"]);
    assert_eq!(option_value(&csv("bar=baz1,bar=baz2"), "bar"), Some("baz1"));
    assert_eq!(option_value(&csv("bar"), "bar"), None);
}

/// V6, full sort (TestSortSyncTask): the input in reverse order comes out as 1..12.
#[test]
fn v6_full_sort() {
    let mut items = vec![
        resource("v1", "", None, 1).with_annotation(HOOK, "PreSync"),
        resource("v1", "", Some("2"), 2).with_annotation(WAVE, "-1"),
        resource("v1", "ConfigMap", None, 3),
        resource("v1", "PersistentVolume", None, 4),
        resource("v1", "Service", None, 5),
        resource("v1", "Pod", None, 6),
        resource("v1", "", None, 7),
        resource("v1", "", Some("a"), 8),
        resource("v1", "", Some("b"), 9),
        resource("v1", "", Some("10"), 10).with_annotation(WAVE, "1"),
        resource("v1", "", Some("11"), 11).with_annotation(HOOK, "PostSync"),
        resource("v1", "", Some("12"), 12).with_annotation(HOOK, "SyncFail"),
    ];
    items.reverse();
    let mut manifests = Manifests::new();
    for item in items {
        manifests.push(item);
    }
    let plan = plan_sync(&manifests, &SyncOperation::new());
    let lines: Vec<usize> = plan
        .tasks()
        .map(|(_, t)| t.source.as_ref().unwrap().line)
        .chain(plan.sync_fail.iter().map(|t| t.source.as_ref().unwrap().line))
        .collect();
    assert_eq!(lines, (1..=12).collect::<Vec<_>>());
}

/// V7, Namespace before an unknown kind (TestSyncNamespaceAgainstCRD).
#[test]
fn v7_namespace_before_unknown_kind() {
    let mut manifests = Manifests::new();
    manifests.push(resource("argoproj.io/v1alpha1", "Workflow", None, 1));
    manifests.push(resource("v1", "Namespace", None, 2));
    let plan = plan_sync(&manifests, &SyncOperation::new());
    assert_eq!(names(&plan), ["Namespace", "Workflow"]);
}

/// V8, Namespace pulled into PreSync (TestSyncTasksSort_NamespaceAndObjectInNamespace).
#[test]
fn v8_namespace_pulled_into_presync() {
    let mut manifests = Manifests::new();
    manifests.push(
        resource("batch/v1", "Job", Some("mySyncHookJob1"), 1)
            .with_namespace("myNamespace1")
            .with_annotation(HOOK, "PreSync"),
    );
    manifests.push(
        resource("batch/v1", "Job", Some("mySyncHookJob2"), 2)
            .with_namespace("myNamespace2")
            .with_annotation(HOOK, "PreSync"),
    );
    manifests.push(resource("v1", "Namespace", Some("myNamespace1"), 3).with_annotation(WAVE, "1"));
    manifests.push(resource("v1", "Namespace", Some("myNamespace2"), 4).with_annotation(WAVE, "2"));
    let plan = plan_sync(&manifests, &SyncOperation::new());
    assert_eq!(names(&plan), ["myNamespace1", "mySyncHookJob1", "myNamespace2", "mySyncHookJob2"]);
    assert_eq!(plan.steps.len(), 1);
    assert_eq!((plan.steps[0].phase.as_str(), plan.steps[0].wave), ("PreSync", 0));
}

/// V9, CRD before CR (TestSyncTasksSort_CRDAndCR).
#[test]
fn v9_crd_before_cr() {
    let mut manifests = Manifests::new();
    manifests.push(resource("argoproj.io/v1", "Workflow", Some("cr"), 1).with_annotation(HOOK, "PreSync"));
    manifests.push(
        resource("apiextensions.k8s.io/v1", "CustomResourceDefinition", Some("crd"), 2)
            .with_defines("argoproj.io", "Workflow"),
    );
    let plan = plan_sync(&manifests, &SyncOperation::new());
    assert_eq!(names(&plan), ["crd", "cr"]);
    assert_eq!(plan.steps[0].phase.as_str(), "PreSync");
}
