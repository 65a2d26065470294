//! `helm test --logs`: which test hooks' logs Helm prints, when, and when printing them fails the command.

use super::operation::HelmOperation;
use super::task::{Hook, hook_task, runs_of};
use crate::helm::HookEvent;
use crate::plan::{Action, DeletePolicies, Phase, Step, Task};

/// Whether this Helm prints the `--logs` before deleting the test hooks by policy. Helm 4 runs the deletions in a
/// shutdown function deferred until after the logs (helm@e9b85e4 `execHookWithDelayedShutdown` in
/// `pkg/action/hooks.go`, `newReleaseTestCmd` in `pkg/cmd/release_testing.go`; released in v4.0.5, commit
/// `7a557580e`); Helm 3 deletes them inside `execHook`, before (v3.21.4 `cmd/helm/release_testing.go`).
pub(crate) fn logs_before_cleanup(operation: &HelmOperation) -> bool {
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
