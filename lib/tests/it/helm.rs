//! Helm plans: cases ported from Helm's `pkg/action` and release-util tests (helm@e9b85e4, v3.21.4), cases derived
//! from its code, and hand-checked plans of rendered charts.

use std::fmt::Write;

use hookplan::helm::HelmVersion;
use hookplan::helm::{HelmCommand, HelmOperation};
use hookplan::plan::{Action, LiveInstance};
use hookplan::plan_helm;
use hookplan::{ExclusionReason, Manifests, Plan};

fn doc(kind: &str, name: &str, annotations: &[(&str, &str)]) -> String {
    let api = match kind {
        "Job" => "batch/v1",
        "Deployment" | "ReplicaSet" => "apps/v1",
        "ServiceAccount" | "ConfigMap" | "Pod" | "Secret" => "v1",
        "CustomResourceDefinition" => "apiextensions.k8s.io/v1",
        _ => "example.com/v1",
    };
    let mut text = format!("apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {name}\n");
    if !annotations.is_empty() {
        text.push_str("  annotations:\n");
        for (k, v) in annotations {
            let _ = writeln!(text, "    {k}: {v:?}");
        }
    }
    text
}

fn plan(docs: &[String], command: HelmCommand) -> Plan {
    plan_helm(&Manifests::parse("chart.yaml", &docs.join("---\n")), &HelmOperation::new(command))
}

/// (phase, action, name) of every task.
fn order(plan: &Plan) -> Vec<(String, String, String)> {
    plan.tasks()
        .map(|(s, t)| {
            (
                s.phase.to_string(),
                format!("{:?}", t.action).to_lowercase(),
                t.resource.name.as_deref().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn t(phase: &str, action: &str, name: &str) -> (String, String, String) {
    (phase.to_string(), action.to_string(), name.to_string())
}

const HOOK: &str = "helm.sh/hook";
const WEIGHT: &str = "helm.sh/hook-weight";
const POLICY: &str = "helm.sh/hook-delete-policy";

/// V6 (TestSortManifests): hooks, a dropped document, regular manifests in install order.
#[test]
fn v6_sort_manifests() {
    // Template files in Go's sort order: eight, five, four, one, three, two (partials and empty files skipped).
    let mut manifests = Manifests::new();
    let files = [
        ("eight", format!("{}---\n{}", doc("ConfigMap", "eighth", &[]), doc("Pod", "example-test", &[(HOOK, "test")]))),
        ("five", doc("ReplicaSet", "fifth", &[(HOOK, "post-delete, post-install")])),
        ("four", doc("Pod", "fourth", &[("nothing", "here")])),
        ("one", doc("Job", "first", &[(HOOK, "pre-install")])),
        ("three", doc("ReplicaSet", "third", &[(HOOK, "no-such-hook")])),
        ("two", doc("ReplicaSet", "second", &[(HOOK, "post-install")])),
    ];
    for (name, text) in &files {
        manifests.read(name, text.as_bytes());
    }
    let install = plan_helm(&manifests, &HelmOperation::new(HelmCommand::Install));
    assert_eq!(
        order(&install),
        [
            t("pre-install", "create", "first"),
            t("install", "apply", "eighth"),
            t("install", "apply", "fourth"),
            t("post-install", "create", "fifth"),
            t("post-install", "create", "second"),
        ]
    );
    let dropped: Vec<_> = install.excluded.iter().filter(|e| e.reason == ExclusionReason::DroppedByHelm).collect();
    assert_eq!(dropped.len(), 1);
    assert_eq!(dropped[0].resource.as_ref().unwrap().name.as_deref(), Some("third"));
    let test = plan_helm(&manifests, &HelmOperation::new(HelmCommand::Test));
    assert_eq!(order(&test), [t("test", "create", "example-test")]);
}

/// V8 (TestHooksCleanUp): before-hook-creation for each hook; when hook-2 fails, hook-2 (hook-failed) then
/// hook-1 (hook-succeeded cleanup of an earlier success) are deleted.
#[test]
fn v8_hooks_clean_up() {
    let all = "before-hook-creation,hook-succeeded,hook-failed";
    let p = plan(
        &[
            doc("ConfigMap", "build-config-1", &[(HOOK, "pre-install"), (WEIGHT, "-5"), (POLICY, all)]),
            doc("ConfigMap", "build-config-2", &[(HOOK, "pre-install"), (WEIGHT, "0"), (POLICY, all)]),
        ],
        HelmCommand::Install,
    );
    assert_eq!(p.steps[0].tasks[0].live_instance, Some(LiveInstance::DeleteBeforeCreate));
    assert_eq!(p.steps[1].tasks[0].live_instance, Some(LiveInstance::DeleteBeforeCreate));
    let on_failure: Vec<_> =
        p.steps[1].on_failure_delete.iter().map(|r| r.name.as_deref().unwrap().to_string()).collect();
    assert_eq!(on_failure, ["build-config-2", "build-config-1"]);
    assert_eq!((p.steps[0].wave, p.steps[1].wave), (-5, 0));
}

/// V10 (TestUninstallRelease_deleteRelease) and D12: keep on uninstall.
#[test]
fn v10_d12_resource_policy_on_uninstall() {
    let p = plan(
        &[
            doc("Secret", "secret", &[("helm.sh/resource-policy", "keep")]),
            doc("Secret", "shouting", &[("helm.sh/resource-policy", " KEEP ")]),
            doc("Secret", "other", &[("helm.sh/resource-policy", "delete")]),
            doc("Secret", "plain", &[]),
        ],
        HelmCommand::Uninstall,
    );
    assert_eq!(order(&p), [t("uninstall", "delete", "plain")]);
    let kept = crate::support::excluded_names(&p);
    assert_eq!(
        kept,
        [
            ("secret".to_string(), ExclusionReason::ResourcePolicyKeep),
            ("shouting".to_string(), ExclusionReason::ResourcePolicyKeep),
            ("other".to_string(), ExclusionReason::ResourcePolicyOther),
        ]
    );
}

/// D1, D2, D3: weight, then name, then kind, then source.
#[test]
fn d1_d2_d3_hook_order() {
    let p = plan(
        &[
            doc("Job", "a-job", &[(HOOK, "pre-install")]),
            doc("ServiceAccount", "z-sa", &[(HOOK, "pre-install")]),
            doc("ConfigMap", "m-cm", &[(HOOK, "pre-install"), (WEIGHT, "-1")]),
        ],
        HelmCommand::Install,
    );
    assert_eq!(
        order(&p),
        [t("pre-install", "create", "m-cm"), t("pre-install", "create", "a-job"), t("pre-install", "create", "z-sa")]
    );
    let p = plan(
        &[doc("Job", "migrate", &[(HOOK, "pre-install")]), doc("ServiceAccount", "migrate", &[(HOOK, "pre-install")])],
        HelmCommand::Install,
    );
    let kinds: Vec<_> = p.tasks().map(|(_, t)| t.resource.kind.to_string()).collect();
    assert_eq!(kinds, ["ServiceAccount", "Job"]);
    let p = plan(
        &[
            doc("Job", "same", &[(HOOK, "pre-install"), ("x", "first")]),
            doc("Job", "same", &[(HOOK, "pre-install"), ("x", "second")]),
        ],
        HelmCommand::Install,
    );
    let lines: Vec<_> = p.tasks().map(|(_, t)| t.source.as_ref().unwrap().line).collect();
    assert_eq!(lines, [1, 9]);
}

/// D4: events listed twice run twice.
#[test]
fn d4_duplicate_events_run_twice() {
    let p = plan(&[doc("Pod", "t", &[(HOOK, "test,test-success")])], HelmCommand::Test);
    assert_eq!(order(&p).len(), 2);
    let p = plan(&[doc("Job", "j", &[(HOOK, "pre-install,pre-install")])], HelmCommand::Install);
    assert_eq!(order(&p).iter().filter(|(_, a, _)| a == "create").count(), 2);
}

/// D7 and D8: reverse-order cleanup on success; on failure the failed hook, then earlier successes, forward.
#[test]
fn d7_d8_deletion_on_success_and_failure() {
    let p = plan(
        &[
            doc("Job", "a", &[(HOOK, "post-install"), (WEIGHT, "-1"), (POLICY, "hook-succeeded")]),
            doc("Job", "b", &[(HOOK, "post-install"), (WEIGHT, "0"), (POLICY, "hook-succeeded")]),
        ],
        HelmCommand::Install,
    );
    let cleanup = p.steps.last().unwrap();
    assert!(cleanup.tasks.iter().all(|t| t.action == Action::Delete));
    let names: Vec<_> = cleanup.tasks.iter().map(|t| t.resource.name.as_deref().unwrap().to_string()).collect();
    assert_eq!(names, ["b", "a"], "reverse execution order (Helm 3.17+)");
    let p = plan(
        &[
            doc("Job", "a", &[(HOOK, "pre-install"), (WEIGHT, "-2"), (POLICY, "hook-succeeded")]),
            doc("Job", "b", &[(HOOK, "pre-install"), (WEIGHT, "-1"), (POLICY, "hook-failed")]),
            doc("Job", "c", &[(HOOK, "pre-install"), (WEIGHT, "0"), (POLICY, "hook-failed")]),
            doc("Job", "d", &[(HOOK, "pre-install"), (WEIGHT, "1"), (POLICY, "hook-succeeded")]),
        ],
        HelmCommand::Install,
    );
    let c = p.steps.iter().find(|s| s.tasks[0].resource.name.as_deref() == Some("c")).unwrap();
    let names: Vec<_> = c.on_failure_delete.iter().map(|r| r.name.as_deref().unwrap().to_string()).collect();
    assert_eq!(names, ["c", "a"], "b keeps (hook-failed only, it succeeded); d never ran");
}

/// D10 and D11: CRD hooks are never deleted; a multi-event hook is re-created in each event.
#[test]
fn d10_d11() {
    let p = plan(
        &[doc(
            "CustomResourceDefinition",
            "widgets.example.com",
            &[(HOOK, "pre-install"), (POLICY, "before-hook-creation,hook-succeeded")],
        )],
        HelmCommand::Install,
    );
    assert_eq!(order(&p), [t("pre-install", "create", "widgets.example.com")]);
    assert_eq!(p.steps[0].tasks[0].live_instance, None);
    assert!(p.hook_deletion.on_success.is_empty());
    let p = plan(&[doc("ConfigMap", "cm", &[(HOOK, "pre-install,post-install")])], HelmCommand::Install);
    assert_eq!(order(&p), [t("pre-install", "create", "cm"), t("post-install", "create", "cm")]);
    assert!(p.tasks().all(|(_, t)| t.live_instance == Some(LiveInstance::DeleteBeforeCreate)));
}

/// D13: upgrade prune keeps only an exact `keep`.
#[test]
fn d13_upgrade_prune() {
    let previous = Manifests::parse(
        "previous.yaml",
        &[
            doc("ConfigMap", "stays", &[]),
            doc("ConfigMap", "kept", &[("helm.sh/resource-policy", "keep")]),
            doc("ConfigMap", "gone", &[("helm.sh/resource-policy", "Keep")]),
        ]
        .join("---\n"),
    );
    let chart = Manifests::parse("chart.yaml", &doc("ConfigMap", "stays", &[]));
    let p = plan_helm(&chart, &HelmOperation::new(HelmCommand::Upgrade).previous(previous));
    assert_eq!(order(&p), [t("upgrade", "apply", "stays"), t("upgrade", "prune", "gone")]);
    assert_eq!(p.excluded[0].reason, ExclusionReason::ResourcePolicyKeep);
}

/// D14 and D16: regular manifests are never sorted by name; uninstall reads `manifest-N` in string order.
#[test]
fn d14_d16_manifest_order() {
    let p = plan(&[doc("ConfigMap", "zz", &[]), doc("ConfigMap", "aa", &[])], HelmCommand::Install);
    assert_eq!(order(&p), [t("install", "apply", "zz"), t("install", "apply", "aa")]);
    let docs: Vec<String> = (0..12).map(|i| doc("ConfigMap", &format!("cm{i}"), &[])).collect();
    let p = plan(&docs, HelmCommand::Uninstall);
    let names: Vec<_> = order(&p).into_iter().map(|(_, _, n)| n).collect();
    assert_eq!(names, ["cm0", "cm1", "cm10", "cm11", "cm2", "cm3", "cm4", "cm5", "cm6", "cm7", "cm8", "cm9"]);
    // N counts in the stored release manifest's order, which is install order, not the order given: a Deployment
    // written first is stored after the ConfigMaps (helm@e9b85e4 `uninstall.go`, `SplitManifests`,
    // `manifest_sorter.go`), so the ConfigMaps are manifest-0 to manifest-10 and the Deployment manifest-11.
    let mut docs = vec![doc("Deployment", "web", &[])];
    docs.extend((0..11).map(|i| doc("ConfigMap", &format!("cm{i}"), &[])));
    let p = plan(&docs, HelmCommand::Uninstall);
    let names: Vec<_> = order(&p).into_iter().map(|(_, _, n)| n).collect();
    assert_eq!(names, ["web", "cm0", "cm1", "cm10", "cm2", "cm3", "cm4", "cm5", "cm6", "cm7", "cm8", "cm9"]);
}

/// D17: hook annotations on List items are invisible to Helm.
#[test]
fn d17_hook_in_list() {
    let list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: batch/v1\n  kind: Job\n  metadata:\n    name: j\n    annotations:\n      helm.sh/hook: pre-install\n";
    let p = plan_helm(&Manifests::parse("chart.yaml", list), &HelmOperation::new(HelmCommand::Install));
    assert_eq!(order(&p), [t("install", "apply", "j")]);
}

/// Helm 3 and Helm 4 order webhook configurations differently.
#[test]
fn helm_3_and_4_kind_orders() {
    let docs = [doc("ValidatingWebhookConfiguration", "v", &[]), doc("Deployment", "d", &[]), doc("ZetaCR", "z", &[])];
    let chart = Manifests::parse("chart.yaml", &docs.join("---\n"));
    let names = |version, command| {
        order(&plan_helm(&chart, &HelmOperation::new(command).version(version)))
            .into_iter()
            .map(|(_, _, n)| n)
            .collect::<Vec<_>>()
    };
    assert_eq!(names(HelmVersion::V4, HelmCommand::Install), ["d", "v", "z"]);
    assert_eq!(names(HelmVersion::V3, HelmCommand::Install), ["d", "v", "z"], "unknown to Helm 3: alphabetical");
    assert_eq!(names(HelmVersion::V4, HelmCommand::Uninstall), ["v", "d", "z"]);
    assert_eq!(names(HelmVersion::V3, HelmCommand::Uninstall), ["d", "v", "z"]);
}

/// Rendered charts of the corpus, install and uninstall, checked by hand against Helm's code (helm@e9b85e4 `pkg/action`).
#[test]
fn corpus_rendered_charts() {
    let Some(dir) = crate::support::corpus() else { return };
    let read = |path: &str| {
        let mut m = Manifests::new();
        m.read(path, &std::fs::read(dir.join(path)).unwrap());
        m
    };
    // ingress-nginx v1.1.0: the admission RBAC hooks are pre-install and post-install; equal names, so kind order
    // breaks the tie; then the create Job; a cleanup step deletes them in reverse; the webhook configuration is
    // installed last under Helm 4.
    let ingress = read("ingress-nginx/controller-v1.1.0/cloud-deploy.yaml");
    let p = plan_helm(&ingress, &HelmOperation::new(HelmCommand::Install));
    let pre: Vec<_> = p
        .tasks()
        .filter(|(s, t)| s.phase.as_str() == "pre-install" && t.action == Action::Create)
        .map(|(_, t)| t.resource.kind.to_string())
        .collect();
    assert_eq!(pre, ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Job"]);
    let install: Vec<_> =
        p.tasks().filter(|(s, _)| s.phase.as_str() == "install").map(|(_, t)| t.resource.kind.to_string()).collect();
    assert_eq!(install.first().map(String::as_str), Some("Namespace"));
    assert_eq!(install.last().map(String::as_str), Some("ValidatingWebhookConfiguration"));
    let uninstall = plan_helm(&ingress, &HelmOperation::new(HelmCommand::Uninstall));
    let kinds: Vec<_> = uninstall.tasks().map(|(_, t)| t.resource.kind.to_string()).collect();
    assert_eq!(kinds.first().map(String::as_str), Some("ValidatingWebhookConfiguration"));
    assert_eq!(kinds.last().map(String::as_str), Some("Namespace"));
    assert!(uninstall.excluded.iter().all(|e| e.reason == ExclusionReason::OtherEvent), "the install hooks do not run");
    // kyverno: CRDs with resource-policy keep are kept on uninstall; no hooks.
    let kyverno = plan_helm(&read("kyverno/install-latest-testing.yaml"), &HelmOperation::new(HelmCommand::Uninstall));
    assert!(kyverno.excluded.iter().any(|e| e.reason == ExclusionReason::ResourcePolicyKeep));
    // helm-golden: the test hooks run only under `helm test`.
    let golden = read("helm-golden/template.yaml");
    assert!(plan_helm(&golden, &HelmOperation::new(HelmCommand::Install)).tasks().all(|(_, t)| !t.hook));
    let test = plan_helm(&golden, &HelmOperation::new(HelmCommand::Test));
    let names: Vec<_> = test.tasks().map(|(_, t)| t.resource.name.as_deref().unwrap().to_string()).collect();
    assert_eq!(names, ["release-name-test", "release-name-testconfig"], "weight 0, then name");
}

fn corpus_dir() -> Option<std::path::PathBuf> {
    crate::support::corpus()
}

#[test]
fn corpus_k2s_admission_hooks() {
    let Some(dir) = corpus_dir() else { return };
    // k2s monitoring: the admission RBAC and Jobs are pre-install and post-install hooks with
    // before-hook-creation,hook-succeeded; each event creates them one by one, then deletes them in reverse.
    let job_patch = "k2s/monitoring/manifests/monitoring/prometheus-operator/admission-webhooks/job-patch/";
    let mut k2s = Manifests::new();
    for file in [
        "serviceaccount",
        "clusterrole",
        "clusterrolebinding",
        "role",
        "rolebinding",
        "job-createSecret",
        "job-patchWebhook",
    ] {
        let path = format!("{job_patch}{file}.yaml");
        k2s.read(&path, &std::fs::read(dir.join(&path)).unwrap());
    }
    let p = plan_helm(&k2s, &HelmOperation::new(HelmCommand::Install));
    let event = |phase: &str, action: Action| -> Vec<String> {
        p.tasks()
            .filter(|(s, t)| s.phase.as_str() == phase && t.action == action)
            .map(|(_, t)| format!("{}/{}", t.resource.kind, t.resource.name.as_deref().unwrap()))
            .collect()
    };
    let rbac = ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"]
        .map(|kind| format!("{kind}/kube-prometheus-stack-admission"));
    let with_job = |job: &str| rbac.iter().cloned().chain([format!("Job/{job}")]).collect::<Vec<_>>();
    assert_eq!(event("pre-install", Action::Create), with_job("kube-prometheus-stack-admission-create"));
    assert_eq!(event("post-install", Action::Create), with_job("kube-prometheus-stack-admission-patch"));
    let mut reversed = with_job("kube-prometheus-stack-admission-create");
    reversed.reverse();
    assert_eq!(event("pre-install", Action::Delete), reversed, "hook-succeeded cleanup runs in reverse");
    assert!(
        p.tasks()
            .filter(|(_, t)| t.action == Action::Create)
            .all(|(_, t)| t.live_instance == Some(LiveInstance::DeleteBeforeCreate)),
        "before-hook-creation deletes any previous instance first"
    );
    let uninstall = plan_helm(&k2s, &HelmOperation::new(HelmCommand::Uninstall));
    assert_eq!(uninstall.tasks().count(), 0, "install hooks are not release resources, so uninstall leaves them");
    assert_eq!(uninstall.excluded.len(), 7);
    assert!(uninstall.excluded.iter().all(|e| e.reason == ExclusionReason::OtherEvent));
}

#[test]
fn corpus_opentelemetry_kube_stack() {
    let Some(dir) = corpus_dir() else { return };
    // opentelemetry kube-stack: objects with only a hook-delete-policy are regular resources; the pre-delete Job
    // runs only on uninstall, first; the test Pods run only under `helm test`, one at a time, in name order.
    let otel_dir = "opentelemetry-helm-charts/kube-stack-default-rendered";
    let mut files: Vec<_> = walk(&dir.join(otel_dir));
    files.sort();
    let mut otel = Manifests::new();
    for file in &files {
        otel.read(&file.display().to_string(), &std::fs::read(file).unwrap());
    }
    let install = plan_helm(&otel, &HelmOperation::new(HelmCommand::Install));
    assert_eq!(install.steps.len(), 1);
    assert_eq!(install.tasks().count(), 19);
    assert!(install.tasks().any(|(_, t)| t.resource.name.as_deref() == Some("delete-resources-sa") && !t.hook));
    assert!(install.excluded.iter().all(|e| e.reason == ExclusionReason::OtherEvent));
    assert_eq!(install.excluded.len(), 4);
    let uninstall = plan_helm(&otel, &HelmOperation::new(HelmCommand::Uninstall));
    let first = &uninstall.steps[0];
    assert_eq!(first.phase.as_str(), "pre-delete");
    assert_eq!(first.tasks[0].resource.name.as_deref(), Some("opentelemetry-kube-stack-pre-delete-job"));
    let test = plan_helm(&otel, &HelmOperation::new(HelmCommand::Test));
    let pods: Vec<_> = test.tasks().map(|(_, t)| t.resource.name.as_deref().unwrap().to_string()).collect();
    assert_eq!(
        pods,
        [
            "example-opentelemetry-operator-cert-manager",
            "example-opentelemetry-operator-metrics-test",
            "example-opentelemetry-operator-webhook-test"
        ]
    );
    assert_eq!(test.steps.len(), 3, "Helm runs test hooks one at a time");
    let release_manifests = test.excluded.iter().filter(|e| e.reason == ExclusionReason::ReleaseManifest).count();
    assert_eq!(release_manifests, 19, "`helm test` leaves the 19 release manifests as they are, and says so");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
    out
}

mod driver {
    use super::*;
    use hookplan::driver::{Health, HelmDriver, Next, Outcome, TaskId};

    fn names(d: &HelmDriver, ids: &[TaskId]) -> Vec<String> {
        ids.iter().map(|&id| d.task(id).unwrap().resource.name.as_deref().unwrap().to_string()).collect()
    }

    /// Walks a Helm plan; `fail` names hooks that turn Degraded, `create_error` ones whose create call fails.
    /// Returns the instructions, as `verb names`.
    fn walk(plan: &Plan, fail: &[&str], create_error: &[&str]) -> Vec<String> {
        let mut d = HelmDriver::new(plan.clone()).unwrap();
        let mut seen = Vec::new();
        let mut running: Vec<TaskId> = Vec::new();
        for _ in 0..1000 {
            match d.what_next() {
                Next::DeleteBeforeCreate(ids) => {
                    seen.push(format!("delete-before-create {}", names(&d, &ids).join(",")));
                    for id in ids {
                        d.report(id, Outcome::Gone).unwrap();
                    }
                }
                Next::Apply(ids) => {
                    seen.push(format!("create {}", names(&d, &ids).join(",")));
                    for id in ids {
                        let name = d.task(id).unwrap().resource.name.as_deref().unwrap().to_string();
                        if create_error.contains(&name.as_str()) {
                            d.report(id, Outcome::Failed("already exists".into())).unwrap();
                        } else {
                            d.report(id, Outcome::Applied).unwrap();
                            running.push(id);
                        }
                    }
                }
                Next::Prune(ids) | Next::Delete(ids) => {
                    seen.push(format!("delete {}", names(&d, &ids).join(",")));
                    for id in ids {
                        d.report(id, Outcome::Gone).unwrap();
                    }
                }
                Next::DeleteHooks(ids) => {
                    seen.push(format!("delete-hooks {}", names(&d, &ids).join(",")));
                    for id in ids {
                        d.report(id, Outcome::Gone).unwrap();
                    }
                }
                Next::Wait { .. } => {
                    for id in running.drain(..) {
                        let name = d.task(id).unwrap().resource.name.as_deref().unwrap().to_string();
                        let health = if fail.contains(&name.as_str()) { Health::Degraded } else { Health::Healthy };
                        d.report(id, Outcome::Health(health)).unwrap();
                    }
                }
                Next::Done { succeeded, message } => {
                    seen.push(if succeeded { format!("succeeded {message}") } else { message });
                    return seen;
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        panic!("the Helm driver did not terminate")
    }

    /// V8 (TestHooksCleanUp): the exact delete calls, in order, when build-config-2 fails.
    #[test]
    fn v8_delete_calls_in_order() {
        let all = "before-hook-creation,hook-succeeded,hook-failed";
        let p = plan(
            &[
                doc("ConfigMap", "build-config-1", &[(HOOK, "pre-install"), (WEIGHT, "-5"), (POLICY, all)]),
                doc("ConfigMap", "build-config-2", &[(HOOK, "pre-install"), (WEIGHT, "0"), (POLICY, all)]),
            ],
            HelmCommand::Install,
        );
        assert_eq!(
            walk(&p, &["build-config-2"], &[]),
            [
                "delete-before-create build-config-1",
                "create build-config-1",
                "delete-before-create build-config-2",
                "create build-config-2",
                "delete-hooks build-config-2,build-config-1",
                "failed pre-install: build-config-2",
            ]
        );
    }

    /// V9 (TestInstallRelease_FailedHooks): a failing post-install hook fails the install after the manifests.
    #[test]
    fn v9_failed_post_install_hook() {
        let p = plan(
            &[
                doc("ConfigMap", "hello", &[]),
                doc("ConfigMap", "test-cm", &[(HOOK, "post-install,pre-delete,post-upgrade")]),
            ],
            HelmCommand::Install,
        );
        let seen = walk(&p, &["test-cm"], &[]);
        assert_eq!(
            seen,
            ["create hello", "delete-before-create test-cm", "create test-cm", "failed post-install: test-cm"]
        );
    }

    /// D7 (success deletes in reverse) and D9 (a create error skips every deletion).
    #[test]
    fn d7_d9() {
        let p = plan(
            &[
                doc("Job", "a", &[(HOOK, "post-install"), (WEIGHT, "-1"), (POLICY, "hook-succeeded")]),
                doc("Job", "b", &[(HOOK, "post-install"), (WEIGHT, "0"), (POLICY, "hook-succeeded")]),
            ],
            HelmCommand::Install,
        );
        assert_eq!(walk(&p, &[], &[]), ["create a", "create b", "delete-hooks b,a", "succeeded Install complete"]);
        let p = plan(
            &[
                doc("Job", "a", &[(HOOK, "pre-install"), (WEIGHT, "-1"), (POLICY, "hook-succeeded")]),
                doc("Job", "b", &[(HOOK, "pre-install"), (WEIGHT, "0"), (POLICY, "hook-failed")]),
            ],
            HelmCommand::Install,
        );
        assert_eq!(walk(&p, &[], &["b"]), ["create a", "create b", "failed pre-install: already exists"]);
    }

    /// A post-delete failure is collected: the uninstall completes, the rest of the event does not run.
    #[test]
    fn post_delete_failures_are_collected() {
        let p = plan(
            &[
                doc("Job", "cleanup-a", &[(HOOK, "post-delete"), (POLICY, "hook-failed")]),
                doc("Job", "cleanup-b", &[(HOOK, "post-delete"), (WEIGHT, "5")]),
                doc("ConfigMap", "data", &[]),
            ],
            HelmCommand::Uninstall,
        );
        assert_eq!(
            walk(&p, &["cleanup-a"], &[]),
            [
                "delete data",
                "delete-before-create cleanup-b",
                "create cleanup-a",
                "delete-hooks cleanup-a",
                "succeeded uninstallation completed with 1 error(s): failed post-delete: cleanup-a",
            ]
            .map(str::to_string)
            .into_iter()
            .filter(|s| !s.starts_with("delete-before-create"))
            .collect::<Vec<_>>()
        );
    }
}

/// Each plan carries the lint rules of its own engine: a Helm plan no Argo CD-only note, an Argo CD plan no
/// Helm-only finding; `lint` runs them all.
#[test]
fn plans_carry_their_own_engines_rules() {
    let text = include_str!("../../../examples/chart/rendered.yaml");
    let manifests = Manifests::parse("rendered.yaml", text);
    let rules_of = |diagnostics: &[hookplan::Diagnostic]| -> Vec<&str> {
        let mut names: Vec<&str> = diagnostics.iter().map(|d| d.rule.name).collect();
        names.dedup();
        names
    };
    let helm = plan_helm(&manifests, &HelmOperation::new(HelmCommand::Install));
    assert_eq!(rules_of(&helm.diagnostics), ["helm-hook-deleted-before-use"]);
    let argocd = hookplan::plan_sync(&manifests, &hookplan::SyncOperation::new());
    assert_eq!(
        rules_of(&argocd.diagnostics),
        [
            "keep-policy-still-pruned",
            "hook-weight-is-sync-wave",
            "hook-without-deadline",
            "named-hook-can-wedge",
            "hook-without-deadline",
            "unsupported-helm-hook"
        ]
    );
    let all = hookplan::check::lint(&manifests, None);
    assert_eq!(
        rules_of(&all),
        [
            "keep-policy-still-pruned",
            "hook-weight-is-sync-wave",
            "helm-hook-deleted-before-use",
            "hook-without-deadline",
            "named-hook-can-wedge",
            "hook-without-deadline",
            "unsupported-helm-hook"
        ]
    );
}

/// Helm's head parser turns a number or a boolean annotation value into a string (helm@e9b85e4
/// pkg/release/v1/util/manifest_sorter.go reads `SimpleHead` with sigs.k8s.io/yaml, whose
/// `convertToJSONableObject` coerces into string fields): an unquoted weight is a weight for Helm, while Argo CD
/// reads none of the object's annotations.
#[test]
fn unquoted_numbers_and_booleans_are_strings_for_helm() {
    let chart = [
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: late\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: 010\n".to_string(),
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: early\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: 5\n    example.com/enabled: yes\n".to_string(),
        doc("ConfigMap", "config", &[]),
    ];
    let plan = plan(&chart, HelmCommand::Install);
    assert_eq!(
        order(&plan),
        [t("pre-install", "create", "early"), t("pre-install", "create", "late"), t("install", "apply", "config")],
        "weights 5 and 8 (010 is octal in YAML 1.1)"
    );
    let manifests = Manifests::parse("chart.yaml", &chart.join("---\n"));
    let early = &manifests.resources()[1];
    assert!(early.annotations.is_empty());
    assert_eq!(early.helm_annotations().get("example.com/enabled"), Some("true"));
    assert_eq!(manifests.resources()[0].helm_annotations().get(WEIGHT), Some("8"));
}

/// The chart's `crds/` directory (`helm template --include-crds` prints it under `# Source: <chart>/crds/...`):
/// created on install before anything else, pre-install hooks included; never on upgrade, never deleted;
/// `--skip-crds` leaves it out (helm@e9b85e4 `pkg/action/install.go` `installCRDs`; `upgrade.go` and
/// `uninstall.go` do not read it).
#[test]
fn the_crds_directory_is_created_first_on_install_only() {
    let rendered = "---\n# Source: shop/crds/widgets.yaml\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n---\n# Source: shop/charts/db/crds/backups.yaml\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: backups.example.com\n---\n# Source: shop/templates/migrate.yaml\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\n---\n# Source: shop/templates/crds/not-the-directory.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n";
    let chart = Manifests::parse("rendered.yaml", rendered);
    let phases = |operation: HelmOperation| -> Vec<(String, String)> {
        plan_helm(&chart, &operation)
            .tasks()
            .map(|(step, task)| (step.phase.to_string(), task.resource.name.as_deref().unwrap().to_string()))
            .collect()
    };
    let pair = |phase: &str, name: &str| (phase.to_string(), name.to_string());
    assert_eq!(
        phases(HelmOperation::new(HelmCommand::Install)),
        [
            pair("crds", "widgets.example.com"),
            pair("crds", "backups.example.com"),
            pair("pre-install", "migrate"),
            pair("install", "cfg"),
        ]
    );
    assert_eq!(
        phases(HelmOperation::new(HelmCommand::Install).skip_crds(true)),
        [pair("pre-install", "migrate"), pair("install", "cfg")]
    );
    assert_eq!(
        phases(HelmOperation::new(HelmCommand::Upgrade)),
        [pair("pre-upgrade", "migrate"), pair("upgrade", "cfg")]
    );
    let uninstall = plan_helm(&chart, &HelmOperation::new(HelmCommand::Uninstall));
    assert_eq!(uninstall.tasks().map(|(_, t)| t.resource.name.as_deref().unwrap()).collect::<Vec<_>>(), ["cfg"]);
    let kept: Vec<_> = uninstall.excluded.iter().filter(|e| e.reason == ExclusionReason::ChartCrd).collect();
    assert_eq!(kept.len(), 2, "never deleted: {:?}", uninstall.excluded);
    // The driver creates them first, together, before the pre-install hook.
    let mut driver =
        hookplan::helm::HelmDriver::new(plan_helm(&chart, &HelmOperation::new(HelmCommand::Install))).unwrap();
    let hookplan::driver::Next::Apply(first) = driver.what_next() else { panic!("the CRDs first") };
    assert_eq!(first.len(), 2);
}

/// A `kind: List` as Helm sees it: by its head only (helm@e9b85e4). Its own `helm.sh/resource-policy: keep` keeps
/// all its items on uninstall, an item's is ignored (`pkg/action/resource_policy.go` `filterManifestsToKeep` reads
/// the manifest's head; Helm's lint says "annotation 'helm.sh/resource-policy' within List objects are ignored");
/// it is ordered by its own kind, which Helm does not know, so after every known kind, its items where it stands
/// (`kind_sorter.go`; `pkg/kube/client.go` `Build` flattens it).
#[test]
fn a_list_is_seen_by_its_head() {
    let list = |own: &str, item: &str| {
        format!(
            "apiVersion: v1\nkind: List\nmetadata:\n  annotations:\n{own}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: in-list\n    annotations:\n{item}- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web-in-list\n    annotations: {{}}\n"
        )
    };
    let names = |text: &str, command| -> (Vec<String>, Vec<String>) {
        let p = plan_helm(&Manifests::parse("chart.yaml", text), &HelmOperation::new(command));
        (
            p.tasks().map(|(_, t)| t.resource.name.as_deref().unwrap().to_string()).collect(),
            p.excluded
                .iter()
                .filter(|e| e.reason == ExclusionReason::ResourcePolicyKeep)
                .map(|e| e.resource.as_ref().unwrap().name.as_deref().unwrap().to_string())
                .collect(),
        )
    };
    // The List's own keep: every item kept.
    let own = list("    helm.sh/resource-policy: keep\n", "      x: y\n");
    let (deleted, kept) = names(&own, HelmCommand::Uninstall);
    assert!(deleted.is_empty(), "{deleted:?}");
    assert_eq!(kept, ["in-list", "web-in-list"]);
    // An item's own keep: ignored, the item is deleted.
    let item = list("    x: y\n", "      helm.sh/resource-policy: keep\n");
    let (deleted, kept) = names(&item, HelmCommand::Uninstall);
    assert_eq!(deleted, ["in-list", "web-in-list"]);
    assert!(kept.is_empty());
    // Ordered as a List (unknown: last), its items where it stands: the Deployment item after a Service.
    let text = format!("{item}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n");
    assert_eq!(names(&text, HelmCommand::Install).0, ["svc", "in-list", "web-in-list"]);
}

/// Older Helm 3 releases, as `--helm-version 3.MINOR` plans them (the release each change shipped in is in
/// `HelmVersion`'s docs): V8's failure cleanup only since 3.19 (Helm 3's `TestHooksCleanUp` expects it from
/// v3.19.0, helm PR #30764), the success cleanup in reverse order only since 3.17 (PR #13365), the previous
/// instance's deletion waited for only since 3.14 (PR #11387), and PriorityClass in the kind orders only since
/// 3.13 (commit f46eaf2f).
#[test]
fn older_helm_3_releases() {
    use hookplan::plan::StepWait;
    let all = "before-hook-creation,hook-succeeded,hook-failed";
    let hooks = [
        doc("ConfigMap", "build-config-1", &[(HOOK, "pre-install"), (WEIGHT, "-5"), (POLICY, all)]),
        doc("ConfigMap", "build-config-2", &[(HOOK, "pre-install"), (WEIGHT, "0"), (POLICY, all)]),
    ];
    let chart = Manifests::parse("chart.yaml", &hooks.join("---\n"));
    let at =
        |version: &str| plan_helm(&chart, &HelmOperation::new(HelmCommand::Install).version(version.parse().unwrap()));
    let names = |refs: &[hookplan::ResourceRef]| -> Vec<String> {
        refs.iter().map(|r| r.name.as_deref().unwrap().to_string()).collect()
    };
    assert_eq!(names(&at("3.19").steps[1].on_failure_delete), ["build-config-2", "build-config-1"]);
    assert_eq!(names(&at("3.18").steps[1].on_failure_delete), ["build-config-2"], "only the failed hook");
    let cleanup = |version: &str| -> Vec<String> {
        let p = at(version);
        p.steps.last().unwrap().tasks.iter().map(|t| t.resource.name.as_deref().unwrap().to_string()).collect()
    };
    assert_eq!(cleanup("3.17"), ["build-config-2", "build-config-1"], "reverse execution order");
    assert_eq!(cleanup("3.16"), ["build-config-1", "build-config-2"], "execution order");
    assert_eq!(at("3.14").steps[0].waits_for, [StepWait::PreviousInstanceDeletion, StepWait::HookCompletion]);
    assert_eq!(at("3.13").steps[0].waits_for, [StepWait::HookCompletion]);
    // The driver follows the plan's version: before 3.14 it goes on once the delete call returned.
    for (version, waits) in [("3.13", false), ("3.14", true), ("4", true)] {
        use hookplan::driver::{HelmDriver, Next, Outcome, WaitFor};
        let mut driver = HelmDriver::new(at(version)).unwrap();
        let Next::DeleteBeforeCreate(ids) = driver.what_next() else {
            panic!("{version}: the previous instance first")
        };
        driver.report(ids[0], Outcome::Applied).unwrap();
        let next = driver.what_next();
        if waits {
            assert!(matches!(next, Next::Wait { wait_for: WaitFor::Deletion, .. }), "{version}: {next:?}");
        } else {
            assert!(matches!(next, Next::Apply(_)), "{version}: {next:?}");
        }
    }
    // PriorityClass: first of every kind since 3.13, a kind Helm does not know (last) before.
    let docs = [doc("Deployment", "web", &[]), doc("PriorityClass", "high", &[])];
    let chart = Manifests::parse("chart.yaml", &docs.join("---\n"));
    let install = |version: &str| -> Vec<String> {
        order(&plan_helm(&chart, &HelmOperation::new(HelmCommand::Install).version(version.parse().unwrap())))
            .into_iter()
            .map(|(_, _, name)| name)
            .collect()
    };
    assert_eq!(install("3.13"), ["high", "web"]);
    assert_eq!(install("3.12"), ["web", "high"]);
    assert_eq!(install("3"), install("3.21"));
}

/// Helm command flags that change the plan (helm@e9b85e4; Helm 3: v3.21.4): `--no-hooks` runs no hook
/// (`DisableHooks`; `TestInstallRelease_NoHooks`: the hook never runs), `--wait`/`--wait-for-jobs` make the
/// post-install hooks wait for the manifests to be ready (`install.go` step "wait"), `--create-namespace` creates
/// the release namespace before the pre-install hooks, and `helm test --filter` selects test hooks by name
/// (`release_testing.go`).
#[test]
fn command_flags_that_change_the_plan() {
    let chart = Manifests::parse(
        "chart.yaml",
        &[
            doc("Job", "migrate", &[(HOOK, "pre-install")]),
            doc("ConfigMap", "cfg", &[]),
            doc("Job", "notify", &[(HOOK, "post-install")]),
            doc("Pod", "smoke", &[(HOOK, "test")]),
            doc("Pod", "slow", &[(HOOK, "test")]),
        ]
        .join("---\n"),
    );
    let tasks = |operation: HelmOperation| -> Vec<String> {
        plan_helm(&chart, &operation)
            .tasks()
            .map(|(step, t)| format!("{} {}", step.phase, t.resource.name.as_deref().unwrap()))
            .collect()
    };
    let install = || HelmOperation::new(HelmCommand::Install).namespace("shop");
    assert_eq!(tasks(install()), ["pre-install migrate", "install cfg", "post-install notify"]);
    assert_eq!(tasks(install().no_hooks(true)), ["install cfg"]);
    let no_hooks = plan_helm(&chart, &install().no_hooks(true));
    assert_eq!(no_hooks.excluded.iter().filter(|e| e.reason == ExclusionReason::NoHooks).count(), 4);
    // --wait: the manifests' step waits until they are ready; without it Helm 4 goes on at once.
    let manifests_step = |operation: HelmOperation| {
        plan_helm(&chart, &operation).steps.into_iter().find(|s| s.phase.as_str() == "install").unwrap().waits_for
    };
    assert!(manifests_step(install()).is_empty());
    assert_eq!(manifests_step(install().wait(true)), [hookplan::plan::StepWait::Health]);
    // --create-namespace: the Namespace first, before the pre-install hook; not when the chart has it.
    let created = tasks(install().create_namespace(true));
    assert_eq!(created, ["install shop", "pre-install migrate", "install cfg", "post-install notify"]);
    let with_namespace = Manifests::parse("chart.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");
    let steps = plan_helm(&with_namespace, &install().create_namespace(true)).steps;
    assert_eq!(steps.len(), 1, "the chart's own Namespace, in its place: {steps:?}");
    // helm test --filter.
    let test = |filter: &[&str]| {
        tasks(HelmOperation::new(HelmCommand::Test).test_filter(filter.iter().map(ToString::to_string).collect()))
    };
    assert_eq!(test(&[]), ["test slow", "test smoke"]);
    assert_eq!(test(&["name=smoke"]), ["test smoke"]);
    assert_eq!(test(&["!name=slow"]), ["test smoke"]);
}

/// `helm.sh/hook-output-log-policy` (V11; helm@e9b85e4 `hooks.go` `outputLogsByPolicy`,
/// `TestInstallRelease_HookOutputLogsOnFailure` and `...OnSuccess`): a `Job` or `Pod` hook says when Helm prints its
/// pods' logs, from its namespace; other kinds print nothing, and Helm 3 before 3.18 knows no such policy.
#[test]
fn hook_output_log_policy() {
    let docs = [
        doc("Job", "migrate", &[(HOOK, "pre-install"), ("helm.sh/hook-output-log-policy", "hook-failed")]),
        doc(
            "Pod",
            "probe",
            &[(HOOK, "post-install"), ("helm.sh/hook-output-log-policy", "hook-succeeded,HOOK-FAILED")],
        ),
        doc("ConfigMap", "cfg", &[(HOOK, "pre-install"), ("helm.sh/hook-output-log-policy", "hook-failed")]),
    ];
    let chart = Manifests::parse("chart.yaml", &docs.join("---\n"));
    let logs = |version: &str| -> Vec<(String, Vec<String>)> {
        plan_helm(&chart, &HelmOperation::new(HelmCommand::Install).namespace("shop").version(version.parse().unwrap()))
            .tasks()
            .map(|(_, t)| (t.resource.name.as_deref().unwrap().to_string(), t.output_logs.clone()))
            .collect()
    };
    let s = |v: &[&str]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
    assert_eq!(
        logs("4"),
        [
            ("cfg".to_string(), s(&[])),
            ("migrate".to_string(), s(&["hook-failed"])),
            ("probe".to_string(), s(&["hook-succeeded", "hook-failed"])),
        ]
    );
    assert_eq!(logs("3.18"), logs("4"));
    assert!(logs("3.17").iter().all(|(_, l)| l.is_empty()), "before 3.18 Helm prints no hook logs");
}

/// What Helm does after a failed operation (helm@e9b85e4 `failRelease` in `install.go` and `upgrade.go`):
/// `--rollback-on-failure` (Helm 3 `--atomic`) uninstalls a failed install (with its hooks unless `--no-hooks`) and
/// rolls back a failed upgrade; `--cleanup-on-fail` first deletes what the upgrade created.
#[test]
fn what_a_failure_leads_to() {
    use hookplan::plan::FailureAction;
    let chart =
        Manifests::parse("chart.yaml", &[doc("ConfigMap", "kept", &[]), doc("ConfigMap", "new", &[])].join("---\n"));
    let previous = Manifests::parse("old.yaml", &doc("ConfigMap", "kept", &[]));
    assert_eq!(plan_helm(&chart, &HelmOperation::new(HelmCommand::Install)).on_failure, None);
    let install =
        plan_helm(&chart, &HelmOperation::new(HelmCommand::Install).rollback_on_failure(true)).on_failure.unwrap();
    assert_eq!((install.actions.as_slice(), install.hooks), ([FailureAction::Uninstall].as_slice(), true));
    let no_hooks =
        plan_helm(&chart, &HelmOperation::new(HelmCommand::Install).rollback_on_failure(true).no_hooks(true))
            .on_failure
            .unwrap();
    assert!(!no_hooks.hooks);
    let upgrade = plan_helm(
        &chart,
        &HelmOperation::new(HelmCommand::Upgrade).previous(previous).rollback_on_failure(true).cleanup_on_fail(true),
    )
    .on_failure
    .unwrap();
    assert_eq!(upgrade.actions, [FailureAction::DeleteCreated, FailureAction::Rollback]);
    assert_eq!(upgrade.deletes.iter().map(|r| r.name.as_deref().unwrap()).collect::<Vec<_>>(), ["new"]);
}
