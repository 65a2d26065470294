//! Helm's lint rules: each a function named after its rule, reading Helm's behaviour from the rule functions of
//! [`crate::helm`] instead of restating it, and (`test-logs-unavailable`) the plan of a `helm test --logs`.

use crate::annotations::{HELM_HOOK, HELM_HOOK_DELETE_POLICY, HELM_HOOK_WEIGHT, HELM_RESOURCE_POLICY};
use std::collections::HashMap;

use super::text::{shown, suggest};
use super::{Object, ObjectContext};
use crate::diagnostic::{Diagnostic, rules};
use crate::helm::HookEvent;
use crate::helm::test_logs::logs_before_cleanup;
use crate::helm::{HelmCommand, HelmOperation};
use crate::location::Location;
use crate::plan::{Phase, Plan};

/// Runs every Helm rule on one resource.
pub(super) fn check(found: &mut ObjectContext<'_, '_>) {
    unknown_helm_hook(found);
    annotation_in_list_item(found);
}

/// Rule `unknown-helm-hook`. Upstream (helm@e9b85e4): `SortManifests` in `pkg/release/v1/util/manifest_sorter.go`.
fn unknown_helm_hook(found: &mut ObjectContext<'_, '_>) {
    if !found.helm_annotations().contains(HELM_HOOK) {
        return;
    }
    let Some(token) = &found.helm.dropped_for else { return };
    let (what, help) = match token.as_str() {
        "" => {
            ("an empty event (an empty value or a stray comma)".to_string(), Some("remove the empty item".to_string()))
        }
        "crd-install" => (
            "Helm 2's `crd-install`, which Helm 3 removed".to_string(),
            Some("put CRDs in the chart's crds/ directory".to_string()),
        ),
        "test-failure" => ("Helm 2's `test-failure`, which Helm 3 removed".to_string(), Some("use `test`".to_string())),
        other => (
            format!("`{}`, which is not a Helm hook event", shown(other)),
            suggest(other, HookEvent::ALL.into_iter().map(HookEvent::as_str).chain(["test-success"]))
                .map(|s| format!("did you mean `{s}`?")),
        ),
    };
    let message = format!("`helm.sh/hook` holds {what}: Helm drops the whole object (neither a hook nor a manifest)");
    found.report(&rules::UNKNOWN_HELM_HOOK, HELM_HOOK, message, help);
}

/// Rule `annotation-in-list-item`. Upstream (helm@e9b85e4): `SortManifests` in `pkg/release/v1/util/manifest_sorter.go`
/// reads each document's own head, never a List's items.
fn annotation_in_list_item(found: &mut ObjectContext<'_, '_>) {
    if !found.resource.in_list {
        return;
    }
    for key in [HELM_HOOK, HELM_HOOK_WEIGHT, HELM_HOOK_DELETE_POLICY, HELM_RESOURCE_POLICY] {
        if found.helm_annotations().contains(key) {
            let message = format!("`{key}` on an item of a List: Helm does not see it (Argo CD does)");
            found.report(
                &rules::ANNOTATION_IN_LIST_ITEM,
                key,
                message,
                Some("give the object its own document".into()),
            );
        }
    }
}

/// Rule `test-logs-unavailable`: the test hooks whose logs `helm test --logs` cannot read, which fails the command
/// (`unable to get pod logs for NAME`, Helm 3; `unable to get pod NAME`, Helm 4): in Helm 3 a test hook that is not
/// a Pod (no Pod has its name), and a test Pod with `hook-succeeded` (deleted before the logs are read); in both, a
/// test Pod in a namespace other than the release namespace, where Helm looks.
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `GetPodLogs` in `pkg/action/release_testing.go`, `execHook` in
/// `pkg/action/hooks.go`.
pub(super) fn test_logs_unavailable(
    resources: &[Object<'_>],
    plan: &Plan,
    operation: &HelmOperation,
    out: &mut Vec<Diagnostic>,
) {
    if operation.command != HelmCommand::Test || !operation.logs {
        return;
    }
    let helm3 = !logs_before_cleanup(operation);
    // The runs whose logs the command reads are the `logs` tasks of the plan's test-logs step, in execution order
    // (every test hook in Helm 3, the Pods in Helm 4); a hook listing `test` twice runs twice, next to itself in
    // the run order, and is reported once.
    let by_location: HashMap<&Location, &Object<'_>> = resources.iter().map(|r| (&r.resource.location, r)).collect();
    let mut runs: Vec<&Object<'_>> = plan
        .steps
        .iter()
        .filter(|step| step.phase == Phase::TestLogs)
        .flat_map(|step| &step.tasks)
        .filter_map(|task| task.source.as_ref().and_then(|at| by_location.get(at).copied()))
        .collect();
    runs.dedup_by(|a, b| std::ptr::eq(*a, *b));
    for r in runs {
        let policies = &r.helm.delete_policies;
        let name = r.name.as_deref().unwrap_or_default();
        let pod = r.kind == "Pod";
        let problem = if helm3 && !pod {
            Some(format!(
                "`helm test --logs` reads the logs of a Pod named `{name}`, and test hook {} `{name}` is not a Pod: Helm 3 \
                 fails the test command with `unable to get pod logs for {name}`",
                r.kind
            ))
        } else if helm3 && policies.iter().any(|p| p == "hook-succeeded") {
            Some(format!(
                "Helm 3 deletes test Pod `{name}` (hook-succeeded) before `helm test --logs` reads its logs, so a passing \
                 test fails the command with `unable to get pod logs for {name}`"
            ))
        } else {
            match (pod, r.namespace.as_deref(), operation.namespace.as_deref()) {
                (true, Some(own), Some(release)) if own != release => Some(format!(
                    "`helm test --logs` reads test Pod `{name}` from the release namespace `{release}`, but it runs in \
                     `{own}`: the test command fails with `unable to get pod {name}`"
                )),
                _ => None,
            }
        };
        let Some(message) = problem else { continue };
        let help = if helm3 && !pod {
            "make the test a Pod, or leave out --logs"
        } else if helm3 && pod && policies.iter().any(|p| p == "hook-succeeded") {
            "drop hook-succeeded from the test Pod (before-hook-creation removes it on the next run), or use Helm 4"
        } else {
            "leave the test Pod's namespace to the release"
        };
        out.push(
            Diagnostic::new(
                &rules::TEST_LOGS_UNAVAILABLE,
                message,
                Some(help.to_string()),
                r.annotation_location(HELM_HOOK).clone(),
            )
            .with_resource(r.to_ref()),
        );
    }
}
