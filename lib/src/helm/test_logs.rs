//! `helm test --logs`: which test hooks' logs Helm prints, when, and when printing them fails the command.

use super::plan::{HelmOperation, Hook, hook_task, runs_of};
use crate::annotations::HELM_HOOK;
use crate::diagnostic::{Diagnostic, rules};
use crate::helm::HookEvent;
use crate::plan::{Action, DeletePolicies, Phase, Step, Task};

/// Whether this Helm prints the `--logs` before deleting the test hooks by policy. Helm 4 runs the deletions in a
/// shutdown function deferred until after the logs (helm@e9b85e4 `execHookWithDelayedShutdown` in
/// `pkg/action/hooks.go`, `newReleaseTestCmd` in `pkg/cmd/release_testing.go`; released in v4.0.5, commit
/// `7a557580e`); Helm 3 deletes them inside `execHook`, before (v3.21.4 `cmd/helm/release_testing.go`).
fn logs_before_cleanup(operation: &HelmOperation) -> bool {
    operation.version.v3_minor().is_none()
}

/// The `helm test --logs` step: one `logs` task for each run of a test hook, in execution order (weight, then
/// name), as `GetPodLogs` walks them: every test hook in Helm 3, the Pods only in Helm 4 (helm@e9b85e4 skips
/// other kinds; Helm 4.0.x to 4.2.x still read them, which fails as in Helm 3). Helm reads each Pod by the hook's
/// name from the release namespace. The step goes before the test hooks' `hook-succeeded` cleanup in Helm 4 and
/// after it in Helm 3.
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `GetPodLogs` in `pkg/action/release_testing.go`.
pub(super) fn add_step(hooks: &[Hook<'_>], operation: &HelmOperation, steps: &mut Vec<Step>) {
    let tasks: Vec<Task> = runs_of(hooks, HookEvent::Test)
        .into_iter()
        .filter(|hook| hook.resource.kind == "Pod" || !logs_before_cleanup(operation))
        .map(|hook| hook_task(hook, operation, Action::Logs, DeletePolicies::NONE))
        .collect();
    if tasks.is_empty() {
        return;
    }
    let step = Step {
        phase: Phase::TestLogs,
        wave: 0,
        waits_for_confirmation: false,
        waits_for: Vec::new(),
        on_failure_delete: Vec::new(),
        tasks,
    };
    let cleanup =
        steps.last().is_some_and(|s| s.phase == Phase::Test && s.tasks.iter().all(|t| t.action == Action::Delete));
    if logs_before_cleanup(operation) && cleanup {
        steps.insert(steps.len() - 1, step);
    } else {
        steps.push(step);
    }
}

/// Rule `test-logs-unavailable`: the test hooks whose logs `helm test --logs` cannot read, which fails the command
/// (`unable to get pod logs for NAME`, Helm 3; `unable to get pod NAME`, Helm 4): in Helm 3 a test hook that is not
/// a Pod (no Pod has its name), and a test Pod with `hook-succeeded` (deleted before the logs are read); in both, a
/// test Pod in a namespace other than the release namespace, where Helm looks.
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `GetPodLogs` in `pkg/action/release_testing.go`, `execHook` in
/// `pkg/action/hooks.go`.
pub(super) fn diagnostics(hooks: &[Hook<'_>], operation: &HelmOperation) -> Vec<Diagnostic> {
    let helm3 = !logs_before_cleanup(operation);
    let mut out = Vec::new();
    // A hook listing `test` twice runs twice, next to itself in the run order: reported once.
    let mut runs = runs_of(hooks, HookEvent::Test);
    runs.dedup_by(|a, b| std::ptr::eq(*a, *b));
    for hook in runs {
        let r = hook.resource;
        let name = r.name.as_deref().unwrap_or_default();
        let pod = r.kind == "Pod";
        let problem = if helm3 && !pod {
            Some(format!(
                "`helm test --logs` reads the logs of a Pod named `{name}`, and test hook {} `{name}` is not a Pod: Helm 3 \
                 fails the test command with `unable to get pod logs for {name}`",
                r.kind
            ))
        } else if helm3 && hook.policies.iter().any(|p| p == "hook-succeeded") {
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
        } else if helm3 && pod && hook.policies.iter().any(|p| p == "hook-succeeded") {
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
    out
}
