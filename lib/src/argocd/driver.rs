//! The driver of an Argo CD sync plan.

use std::fmt::Write;
use std::sync::Arc;

use crate::argocd::{ArgocdVersion, DeletePolicy};
use crate::driver::error::DriverError;
use crate::driver::instruction::{Health, Next, Outcome, TaskId, WaitFor};
use crate::driver::table::{Status, TaskTable, ids, report_before_create};
use crate::plan::{Action, Engine, Operation, Plan, Task};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Prune,
    DeleteBeforeCreate,
    /// The index of the next kind group to apply.
    Apply(usize),
    Wait,
}

/// The driver of one Argo CD sync over a plan of [`crate::plan_sync`] (or [`crate::plan_sync_with_live`]).
///
/// It follows gitops-engine's `Sync` and `runTasks` (argo-cd@37ee009
/// `gitops-engine/pkg/sync/sync_context.go`):
/// - one (phase, wave) step at a time; within it, prune tasks first (all at once), then the deletion of previous
///   hook instances with BeforeHookCreation (waiting until they are gone), then the applies, one group of
///   consecutive tasks of the same kind at a time; a failed group does not stop the later groups of the step;
/// - a step completes when every task has completed; when the sync has more than one step, or a task is a hook,
///   running tasks are waited for, so PostSync starts only once the Sync phase is healthy; in a single-step sync,
///   plain resources are not waited for (`Sync`: `multiStep` and the `syncPhaseLastWave` check);
/// - before the next step, objects pruned by this one must be gone (`waiting for deletion of ...`, the wait on
///   pruned tasks in `Sync`, Argo CD v2.11+);
/// - any failure ends the sync: every SyncFail hook runs, all at once; once they completed, the hooks with
///   HookFailed are deleted and the operation ends Failed (`executeSyncFailPhase`; test
///   `TestSync_FailedSyncWithSyncFailHook_ApplyFailed`);
/// - on success the hooks with HookSucceeded are deleted and the operation ends Succeeded (`Sync`,
///   `deleteHooks`): `successfully synced (all tasks run)` as soon as the last step's applies and prunes went
///   through when that step holds no hook (its health and its pruned objects' deletion are not waited for),
///   otherwise `successfully synced (no more tasks)` once every task completed.
///
/// It follows the release in the plan's `engineVersion` ([`crate::argocd::ArgocdVersion`]): before v2.11 a prune
/// completes when its delete call returns; before v3.4 the SyncFail phase starts at once after a failure, an object
/// reported `Gone` while its task runs leaves the task running (from v3.4 the task fails: `Resource G/K/N is
/// missing, it might have been deleted`), and the messages are the older ones.
///
/// Not modelled: finalizers, the dry-run, the wave delay, Terminate, and SyncWaveHook errors.
///
/// See [`crate::driver`] for ids, ownership and replay.
#[derive(Clone, Debug)]
pub struct SyncDriver {
    table: TaskTable,
    status: Vec<Status>,
    /// Whether a previous hook instance is still to be deleted (BeforeHookCreation).
    before_create: Vec<Status>,
    step: usize,
    stage: Stage,
    multi_step: bool,
    approved: bool,
    sync_fail_started: bool,
    deletions_sent: bool,
    done: Option<Next>,
    /// The Argo CD release the plan follows.
    version: ArgocdVersion,
    /// How many tasks of the steps, and previous-instance deletions, have failed: the sync has failed when one
    /// has (counted as they fail, so that each `what_next` does not scan every task).
    failures: usize,
}

impl SyncDriver {
    /// A driver at the start of the sync.
    ///
    /// # Errors
    ///
    /// If `plan` is not an Argo CD sync plan: a Helm plan, or an Application deletion (use
    /// [`crate::driver::DeleteDriver`]); or its `engine_version` is not an Argo CD release hookplan follows.
    pub fn new(plan: impl Into<Arc<Plan>>) -> Result<SyncDriver, DriverError> {
        let plan = plan.into();
        if plan.engine != Engine::Argocd || plan.operation != Operation::Sync {
            return Err(DriverError::wrong_plan("SyncDriver", "Argo CD sync plans", &plan));
        }
        let version =
            plan.argocd_version().map_err(|e| DriverError::unknown_version(e.to_string()))?.unwrap_or_default();
        // Pending SyncFail hooks count: they make the sync multi-step (`Sync`: `multiStep`).
        let multi_step = plan.steps.len() > 1 || !plan.sync_fail.is_empty();
        let table = TaskTable::new(plan);
        let before_create = table.before_create();
        Ok(SyncDriver {
            status: vec![Status::Pending; table.len()],
            table,
            before_create,
            step: 0,
            stage: Stage::Prune,
            multi_step,
            approved: false,
            sync_fail_started: false,
            deletions_sent: false,
            done: None,
            version,
            failures: 0,
        })
    }

    /// The plan.
    pub fn plan(&self) -> &Plan {
        self.table.plan()
    }

    /// The task behind an id, `None` for an id this driver never handed out.
    pub fn task(&self, id: TaskId) -> Option<&Task> {
        self.table.task(id)
    }

    fn at(&self, ix: usize) -> &Task {
        self.table.get(ix)
    }

    /// The Application's deletion approval arrived: `confirm` prunes may go ahead.
    pub fn approve(&mut self) {
        self.approved = true;
    }

    /// Records what the caller observed about task `id`.
    ///
    /// # Errors
    ///
    /// If `id` was never handed out by this driver.
    pub fn report(&mut self, id: TaskId, outcome: Outcome) -> Result<(), DriverError> {
        let ix = self.table.index(id)?;
        let failed_before = matches!(self.before_create[ix], Status::Failed(_));
        let Some(outcome) = report_before_create(&mut self.before_create[ix], outcome, true) else {
            if !failed_before && matches!(self.before_create[ix], Status::Failed(_)) {
                self.failures += 1;
            }
            return Ok(());
        };
        let task = self.at(ix);
        let deleting = matches!(task.action, Action::Prune | Action::Delete);
        let hook = task.hook;
        let status = match outcome {
            Outcome::Failed(message) => Status::Failed(message),
            Outcome::Gone if deleting => Status::Succeeded,
            // A running task whose object disappeared: from v3.4 it fails when it is waited for; before, it stays
            // running and the sync waits for ever.
            Outcome::Gone => {
                let waited_for = self.multi_step || hook;
                if self.version.sync_engine_3_4() && waited_for && self.status[ix] == Status::Running {
                    Status::Failed(format!("Resource {} is missing, it might have been deleted", self.describe(ix)))
                } else {
                    return Ok(());
                }
            }
            // Before v2.11 a prune completes when its delete call returns: pruned objects are not waited for.
            Outcome::Applied if deleting && !self.version.prune_waves_mirrored() => Status::Succeeded,
            Outcome::Applied => Status::Running,
            Outcome::Health(health) if deleting => {
                if health == Health::Missing {
                    Status::Succeeded
                } else {
                    Status::Running
                }
            }
            Outcome::Health(health) => phase_of(hook, health),
        };
        if self.table.step(ix).is_some() {
            match (matches!(self.status[ix], Status::Failed(_)), matches!(status, Status::Failed(_))) {
                (false, true) => self.failures += 1,
                (true, false) => self.failures -= 1,
                _ => {}
            }
        }
        self.status[ix] = status;
        Ok(())
    }

    fn failed(&self) -> bool {
        self.failures > 0
    }

    /// What to do next. Calling it again without reporting anything gives the same answer (or a `Wait`).
    pub fn what_next(&mut self) -> Next {
        if let Some(done) = &self.done {
            return done.clone();
        }
        let next = if self.failed() { self.next_after_failure() } else { self.next_in_sync() };
        if matches!(next, Next::Done { .. }) {
            self.done = Some(next.clone());
        }
        next
    }

    fn next_in_sync(&mut self) -> Next {
        loop {
            if self.step >= self.table.plan().steps.len() {
                return self.finish(true, "successfully synced (no more tasks)".into());
            }
            let step: Vec<usize> = self.table.of_step(self.step).collect();
            let next = match self.stage {
                Stage::Prune => self.prune(&step),
                Stage::DeleteBeforeCreate => self.delete_before_create(&step),
                Stage::Apply(group) => self.apply(&step, group),
                Stage::Wait => self.wait(&step),
            };
            if let Some(next) = next {
                return next;
            }
        }
    }

    /// The prune tasks of the step, all at once, once the confirmation any of them needs arrived (whether or not
    /// it is then skipped: `runTasks` checks the confirmation first).
    fn prune(&mut self, step: &[usize]) -> Option<Next> {
        let prunes: Vec<usize> = step
            .iter()
            .copied()
            .filter(|&ix| self.at(ix).action == Action::Prune && self.status[ix] == Status::Pending)
            .collect();
        let waiting: Vec<usize> = prunes.iter().copied().filter(|&ix| self.at(ix).needs_confirmation).collect();
        if !waiting.is_empty() && !self.approved {
            return Some(Next::WaitForConfirmation { tasks: ids(&waiting), message: self.confirmation(&waiting) });
        }
        self.stage = Stage::DeleteBeforeCreate;
        let mut to_prune = Vec::new();
        for ix in prunes {
            if self.at(ix).skipped.is_some() {
                self.status[ix] = Status::Succeeded; // PruneSkipped counts as success
            } else {
                self.status[ix] = Status::Started;
                to_prune.push(ix);
            }
        }
        (!to_prune.is_empty()).then(|| Next::Prune(ids(&to_prune)))
    }

    /// The message of a pending prune confirmation: `waiting for pruning confirmation of G/K/N[ and N more
    /// resources]` from v3.4 (`setRunningPhase`); before, `Waiting for pruning confirmation of
    /// APIVERSION/KIND/NAME[ and N more resources]` (`runTasks` in argoproj/gitops-engine at `c19f8cf`).
    fn confirmation(&self, waiting: &[usize]) -> String {
        if self.version.sync_engine_3_4() {
            return format!("waiting for pruning confirmation of {}", self.describe_list(waiting));
        }
        let r = &self.at(waiting[0]).resource;
        let name = r.name.as_deref().unwrap_or_default();
        let mut message = format!("Waiting for pruning confirmation of {}/{}/{name}", r.api_version, r.kind);
        if waiting.len() > 1 {
            let _ = write!(message, " and {} more resources", waiting.len() - 1);
        }
        message
    }

    /// The deletion of previous hook instances (BeforeHookCreation), waiting until they are gone.
    fn delete_before_create(&mut self, step: &[usize]) -> Option<Next> {
        let pending: Vec<usize> =
            step.iter().copied().filter(|&ix| self.before_create[ix] == Status::Pending).collect();
        if !pending.is_empty() {
            for &ix in &pending {
                self.before_create[ix] = Status::Started;
            }
            return Some(Next::DeleteBeforeCreate(ids(&pending)));
        }
        let deleting: Vec<usize> =
            step.iter().copied().filter(|&ix| self.before_create[ix] == Status::Started).collect();
        if !deleting.is_empty() {
            let message = format!("waiting for deletion of {}", self.describe_list(&deleting));
            return Some(Next::Wait { tasks: ids(&deleting), wait_for: WaitFor::Deletion, message });
        }
        self.stage = Stage::Apply(0);
        None
    }

    /// The next kind group of the step, once the previous group's calls returned.
    fn apply(&mut self, step: &[usize], group: usize) -> Option<Next> {
        let groups = self.kind_groups(step);
        let Some(members) = groups.get(group) else {
            self.stage = Stage::Wait;
            return None;
        };
        if group > 0 {
            let previous = &groups[group - 1];
            let unanswered: Vec<usize> =
                previous.iter().copied().filter(|&ix| self.status[ix] == Status::Started).collect();
            if !unanswered.is_empty() {
                let message = format!("waiting for the apply of {}", self.describe_list(previous));
                return Some(Next::Wait { tasks: ids(&unanswered), wait_for: WaitFor::Response, message });
            }
        }
        for &ix in members {
            self.status[ix] = Status::Started;
        }
        self.stage = Stage::Apply(group + 1);
        Some(Next::Apply(ids(members)))
    }

    /// The end of the step: wait for what runs, or move on.
    fn wait(&mut self, step: &[usize]) -> Option<Next> {
        if self.ends_after_last_plain_batch(step) {
            return Some(self.finish(true, "successfully synced (all tasks run)".into()));
        }
        let waiting: Vec<usize> = step
            .iter()
            .copied()
            .filter(|&ix| match self.status[ix] {
                Status::Started => true,
                Status::Running => {
                    let task = self.at(ix);
                    self.multi_step || task.hook || matches!(task.action, Action::Prune | Action::Delete)
                }
                _ => false,
            })
            .collect();
        if !waiting.is_empty() {
            return Some(self.running(&waiting));
        }
        self.step += 1;
        self.stage = Stage::Prune;
        None
    }

    /// Whether the sync ends in the pass that ran this step: it is the last step, it holds no hook, and every
    /// apply and prune of it went through. Upstream then ends Succeeded `successfully synced (all tasks run)` at
    /// once, without waiting for the health of what it applied or for pruned objects to be gone.
    ///
    /// Upstream: `Sync` in argo-cd@37ee009 `gitops-engine/pkg/sync/sync_context.go` (the `successful` case after
    /// `runTasks`, `remainingTasks.Len() == 0` and no hook in the batch).
    fn ends_after_last_plain_batch(&self, step: &[usize]) -> bool {
        self.step + 1 == self.table.plan().steps.len()
            && step.iter().all(|&ix| !self.at(ix).hook && self.status[ix] != Status::Started)
    }

    fn next_after_failure(&mut self) -> Next {
        // Hooks of the batch that are still running are waited for (v3.4+; before, the SyncFail phase starts at
        // once).
        let running: Vec<usize> = (0..self.table.len())
            .filter(|&ix| {
                self.version.sync_engine_3_4()
                    && self.table.step(ix).is_some()
                    && self.at(ix).hook
                    && matches!(self.status[ix], Status::Started | Status::Running)
            })
            .collect();
        if !running.is_empty() {
            return self.running(&running);
        }
        let sync_fail: Vec<usize> = self.table.sync_fail().collect();
        if !self.sync_fail_started && !sync_fail.is_empty() {
            self.sync_fail_started = true;
            for &ix in &sync_fail {
                self.status[ix] = Status::Started;
            }
            return Next::RunSyncFail(ids(&sync_fail));
        }
        let running: Vec<usize> = sync_fail
            .iter()
            .copied()
            .filter(|&ix| matches!(self.status[ix], Status::Started | Status::Running))
            .collect();
        if !running.is_empty() {
            return self.running(&running);
        }
        let mut reasons: Vec<String> = Vec::new();
        for (ix, status) in self.status.iter().enumerate() {
            if let Status::Failed(message) = status
                && self.table.step(ix).is_some()
                && !message.is_empty()
                && !reasons.contains(message)
            {
                reasons.push(message.clone());
            }
        }
        let mut message = "one or more synchronization tasks completed unsuccessfully".to_string();
        if !reasons.is_empty() {
            let _ = write!(message, ", reason: {}", reasons.join(","));
        }
        let sync_fail_failures: Vec<&str> = sync_fail
            .iter()
            .filter_map(|&ix| if let Status::Failed(m) = &self.status[ix] { Some(m.as_str()) } else { None })
            .collect();
        if !sync_fail_failures.is_empty() {
            let _ = write!(message, "\none or more SyncFail hooks failed, reason: {}", sync_fail_failures.join(","));
        }
        self.finish(false, message)
    }

    /// Sends the policy deletions once, then the final answer.
    fn finish(&mut self, succeeded: bool, message: String) -> Next {
        if !self.deletions_sent {
            self.deletions_sent = true;
            let policy = if succeeded { DeletePolicy::HookSucceeded } else { DeletePolicy::HookFailed };
            let delete: Vec<usize> = (0..self.table.len())
                .filter(|&ix| {
                    let task = self.at(ix);
                    // Only hooks that exist: created in this sync (or left by an earlier one), not running.
                    let exists = self.status[ix] != Status::Pending || task.live_instance.is_some();
                    task.hook
                        && exists
                        && task.delete_policies.contains(policy)
                        && !(succeeded && self.table.step(ix).is_none())
                        && self.status[ix] != Status::Running
                })
                .collect();
            if !delete.is_empty() {
                return Next::DeleteHooks(ids(&delete));
            }
        }
        Next::Done { succeeded, message }
    }

    /// Consecutive applied tasks of the same kind, in step order.
    fn kind_groups(&self, step: &[usize]) -> Vec<Vec<usize>> {
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for &ix in step.iter().filter(|&&ix| self.at(ix).action != Action::Prune) {
            match groups.last_mut() {
                Some(group) if self.at(group[0]).resource.kind == self.at(ix).resource.kind => group.push(ix),
                _ => groups.push(vec![ix]),
            }
        }
        groups
    }

    /// `group/kind/name` as upstream writes it (`/Pod/x` for the core group).
    fn describe(&self, ix: usize) -> String {
        let r = &self.at(ix).resource;
        let name = r.name.as_deref().or(r.generate_name.as_deref()).unwrap_or_default();
        format!("{}/{}/{}", r.group, r.kind, name)
    }

    /// The first object and ` and N more hooks|resources`.
    fn describe_list(&self, list: &[usize]) -> String {
        let mut text = self.describe(list[0]);
        if list.len() > 1 {
            let hooks = list[1..].iter().all(|&ix| self.at(ix).hook);
            let _ = write!(text, " and {} more {}", list.len() - 1, if hooks { "hooks" } else { "resources" });
        }
        text
    }

    /// Upstream's running message (`setRunningPhase`), hooks first, as a wait. Before v3.4 the tasks keep their
    /// order and the first one chooses the wording: `completion of hook` and `hooks` for a hook, `healthy state
    /// of` and `resources` otherwise (argoproj/gitops-engine `setRunningPhase` at `7921242`).
    fn running(&self, list: &[usize]) -> Next {
        let mut ordered: Vec<usize> = list.iter().copied().filter(|&ix| self.at(ix).hook).collect();
        let hooks = ordered.len();
        ordered.extend(list.iter().copied().filter(|&ix| !self.at(ix).hook));
        let deleting = ordered.iter().all(|&ix| matches!(self.at(ix).action, Action::Prune | Action::Delete));
        let (wait_for, mut message) = if deleting {
            (WaitFor::Deletion, format!("waiting for deletion of {}", self.describe_list(&ordered)))
        } else if hooks > 0 {
            (WaitFor::HookCompletion, format!("waiting for completion of hook {}", self.describe_list(&ordered)))
        } else {
            (WaitFor::Health, format!("waiting for healthy state of {}", self.describe_list(&ordered)))
        };
        if !self.version.sync_engine_3_4() {
            let first = list[0];
            let hook = self.at(first).hook;
            let wording = if deleting {
                "deletion of"
            } else if hook {
                "completion of hook"
            } else {
                "healthy state of"
            };
            message = format!("waiting for {wording} {}", self.describe(first));
            if list.len() > 1 {
                let _ = write!(message, " and {} more {}", list.len() - 1, if hook { "hooks" } else { "resources" });
            }
        }
        // Calls not answered yet are waited for first; the message stays upstream's.
        let wait_for =
            if ordered.iter().all(|&ix| self.status[ix] == Status::Started) { WaitFor::Response } else { wait_for };
        Next::Wait { tasks: ids(&ordered), wait_for, message }
    }
}

/// A running task's phase from its health: `getOperationPhase` for hooks and the non-hook health refresh in
/// argo-cd@37ee009 `gitops-engine/pkg/sync/sync_context.go`.
fn phase_of(hook: bool, health: Health) -> Status {
    match (hook, health) {
        (_, Health::Healthy | Health::NoHealthCheck) => Status::Succeeded,
        (true, Health::Degraded | Health::Unknown) | (false, Health::Degraded) => Status::Failed(String::new()),
        _ => Status::Running,
    }
}

crate::driver::drive::impl_drive!(SyncDriver);
