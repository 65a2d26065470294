//! The real third-party manifests of `../shared/corpus`: every file planned, every document accounted for,
//! and hand-checked expectations on a few of them. The corpus is never copied into this repository.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use hookplan::{ExclusionReason, Location, Manifests, Plan, SyncOperation, plan_sync};
use serde::Deserialize;

use crate::support::{corpus, corpus_files, order};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    out.extend(corpus_files(dir));
}

fn plan_file(path: &Path) -> Plan {
    let mut manifests = Manifests::new();
    manifests.read(&path.display().to_string(), &std::fs::read(path).unwrap());
    plan_sync(&manifests, &SyncOperation::new())
}

/// Just enough of a document to count its objects: whether it is null, and a List's items.
#[derive(Deserialize)]
struct CountedDoc {
    #[serde(default)]
    items: Option<Vec<Option<CountedDoc>>>,
}

/// Objects in a YAML stream, counted independently of hookplan's reader: serde_yaml's own multi-document
/// iterator, null documents skipped, Lists unpacked. (Not `serde_yaml::Value`: it rejects duplicate keys deep in
/// a spec, which Go's YAML and hookplan accept; one corpus file has one.)
fn count_objects(text: &str) -> usize {
    fn count(doc: Option<&CountedDoc>) -> usize {
        match doc {
            None => 0,
            Some(CountedDoc { items: Some(items) }) => items.iter().map(|item| count(item.as_ref())).sum(),
            Some(_) => 1,
        }
    }
    serde_yaml::Deserializer::from_str(text)
        .map(|doc| count(Option::<CountedDoc>::deserialize(doc).expect("corpus files are valid YAML").as_ref()))
        .sum()
}

#[test]
fn every_corpus_file_is_planned_and_every_document_accounted_for() {
    let Some(dir) = corpus() else { return };
    let mut all = Vec::new();
    files(&dir, &mut all);
    assert!(all.len() >= 133, "expected the 133 corpus manifests, found {}", all.len());
    for path in &all {
        let text = std::fs::read_to_string(path).unwrap();
        let plan = plan_file(path);
        let mut accounted: HashSet<Location> = HashSet::new();
        for task in plan.tasks().map(|(_, t)| t).chain(&plan.sync_fail) {
            accounted.extend(task.source.clone());
        }
        for excluded in &plan.excluded {
            assert!(accounted.insert(excluded.source.clone()), "{}: excluded and planned", path.display());
        }
        for diagnostic in &plan.diagnostics {
            if matches!(diagnostic.rule.name, "unreadable-document" | "not-an-object") {
                accounted.insert(diagnostic.location.clone());
            }
        }
        assert_eq!(accounted.len(), count_objects(&text), "{}: documents lost or double-counted", path.display());
        assert!(
            plan.diagnostics.iter().all(|d| d.rule.name != "unreadable-document"),
            "{}: {:?}",
            path.display(),
            plan.diagnostics
        );
    }
}

fn s(phase: &str, wave: i64, what: &str) -> (String, i64, String) {
    (phase.to_string(), wave, what.to_string())
}

#[test]
fn acend_sync_wave_order() {
    let Some(dir) = corpus() else { return };
    let plan = plan_file(&dir.join("acend-argocd-training-examples/sync-wave/manifests.yaml"));
    assert_eq!(
        order(&plan),
        [
            s("PreSync", 0, "Job/upgrade-sql-schema*"),
            s("Sync", 0, "Service/backend"),
            s("Sync", 0, "Deployment/backend"),
            s("Sync", 1, "Job/maintenance-page-up"),
            s("Sync", 2, "Service/frontend"),
            s("Sync", 2, "Deployment/frontend"),
            s("Sync", 3, "Job/maintenance-page-down"),
        ]
    );
    assert!(plan.excluded.is_empty());
    // The three hook Jobs have no deadline: notes only.
    let rules: Vec<&str> = plan.diagnostics.iter().map(|d| d.rule.name).collect();
    assert_eq!(rules, ["hook-without-deadline"; 3]);
}

#[test]
fn ingress_nginx_admission_hooks_run_in_presync_and_postsync() {
    let Some(dir) = corpus() else { return };
    let plan = plan_file(&dir.join("ingress-nginx/controller-v1.1.0/cloud-deploy.yaml"));
    let presync: Vec<_> = order(&plan).into_iter().filter(|(p, _, _)| p == "PreSync").map(|(_, _, w)| w).collect();
    assert_eq!(
        presync,
        [
            "Namespace/ingress-nginx",
            "ServiceAccount/ingress-nginx/ingress-nginx-admission",
            "ClusterRole/ingress-nginx-admission",
            "ClusterRoleBinding/ingress-nginx-admission",
            "Role/ingress-nginx/ingress-nginx-admission",
            "RoleBinding/ingress-nginx/ingress-nginx-admission",
            "Job/ingress-nginx/ingress-nginx-admission-create",
        ],
        "the Namespace is pulled into PreSync ahead of the first hook that lives in it"
    );
    let postsync = order(&plan).into_iter().filter(|(p, _, _)| p == "PostSync").count();
    assert_eq!(postsync, 6);
    assert_eq!(plan.hook_deletion.on_success.len(), 7, "the five RBAC hooks once each, and both Jobs");
    // Without hook annotations (the main branch) the same Jobs are plain Sync resources.
    let main = plan_file(&dir.join("ingress-nginx/main/cloud-deploy.yaml"));
    assert!(main.steps.iter().all(|step| step.phase.as_str() == "Sync"));
}

#[test]
fn same_hook_name_in_two_namespaces() {
    let Some(dir) = corpus() else { return };
    let plan = plan_file(&dir.join("argo-cd-e2e/multi-namespace-hook/multi-namespace-hook.yaml"));
    let post: Vec<_> = order(&plan).into_iter().filter(|(p, _, _)| p == "PostSync").map(|(_, _, w)| w).collect();
    assert_eq!(post, ["Pod/my-hook", "Pod/test-multi-ns-hook-second/my-hook"]);
    assert_eq!(plan.hook_deletion.on_success.len(), 2);
}

#[test]
fn non_manifests_and_delete_hooks_are_excluded() {
    let Some(dir) = corpus() else { return };
    let values = plan_file(&dir.join("argo-cd-docs/sync-waves-05.yaml"));
    assert_eq!(values.excluded[0].reason, ExclusionReason::NotAResource);
    assert!(values.steps.is_empty());
    let pre_delete = plan_file(&dir.join("argo-cd-e2e/pre-delete-hook/hook.yaml"));
    assert_eq!(pre_delete.excluded[0].reason, ExclusionReason::DeleteHook);
    assert_eq!(order(&pre_delete), [s("Sync", 0, "ConfigMap/guestbook-ui")]);
    let empty = plan_file(&dir.join("opentelemetry-helm-charts/kube-stack-default-rendered/opentelemetry-operator/admission-webhooks/operator-webhook.yaml"));
    assert!(empty.steps.is_empty() && empty.excluded.is_empty() && empty.diagnostics.is_empty());
}

#[test]
fn helm_hook_job_without_name() {
    let Some(dir) = corpus() else { return };
    let plan = plan_file(&dir.join("helm-golden/get-hooks.yaml"));
    assert_eq!(order(&plan), [s("PreSync", 0, "Job/<unnamed>")]);
    assert_eq!(plan.steps[0].tasks[0].resource.group, "", "apiVersion v1 is the core group");
    assert_eq!(plan.steps[0].tasks[0].source.as_ref().unwrap().line, 3, "after the marker and the `# Source:` comment");
}

/// Every invariant the fuzz targets check, on every corpus file: the Argo CD sync, the Application deletion
/// (the file as targets and as live objects) and every Helm command under Helm 3 and 4 lose nothing.
#[test]
fn every_corpus_file_holds_every_invariant() {
    let Some(dir) = corpus() else { return };
    let mut all = Vec::new();
    files(&dir, &mut all);
    for path in all {
        let inputs = vec![(path.display().to_string(), std::fs::read(&path).unwrap())];
        crate::invariants::check_all(&inputs);
    }
}
