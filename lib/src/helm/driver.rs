//! The driver of a Helm plan.

use std::sync::Arc;

use crate::driver::error::DriverError;
use crate::driver::instruction::{Health, Next, Outcome, TaskId, WaitFor};
use crate::driver::table::{Status, TaskTable, ids, report_before_create};
use crate::plan::{Action, Engine, Phase, Plan, Task};

/// The driver of a Helm plan ([`crate::plan_helm`], any command), with Helm's semantics (helm@e9b85e4
/// `pkg/action/hooks.go` `execHook`, and the actions `install.go`, `upgrade.go`, `rollback.go`,
/// `uninstall.go`, `release_testing.go`):
/// - steps strictly one after another; a hook step deletes the hook's previous instance first
///   (`before-hook-creation`, waiting until it is gone), creates it, and waits for it (Helm watches Jobs and Pods;
///   report `Healthy` at once for other kinds);
/// - a hook that fails stops its event: the step's `onFailureDelete` hooks are deleted and the operation fails
///   (`failed pre-install: ...`); a hook whose create call fails stops it without any deletion;
/// - the manifests step applies its objects (or deletes them: [`Next::Delete`] on uninstall, [`Next::Prune`]
///   for what an upgrade removes), one kind group at a time, without waiting for readiness;
/// - a cleanup step deletes the event's `hook-succeeded` hooks ([`Next::DeleteHooks`]);
/// - on uninstall, a post-delete failure is collected and the uninstall still completes;
/// - `helm test --logs`: the `test-logs` step is handed out as [`Next::Logs`] where the plan puts it, and
///   after a failed test too (before the failure deletions in Helm 4, after them in Helm 3); a log that cannot be
///   read (`Failed`) fails the command once the rest has run.
///
/// Before Helm 3.14 Helm does not wait for a hook's previous instance to be gone: the driver follows the plan's
/// `engineVersion` and, for those versions, goes on once the delete call returned (`Applied`).
///
/// Not modelled: hook timeouts and `--wait`, create versus server-side apply, and the output-log policy.
/// See [`crate::driver`] for ids, ownership and replay.
///
/// ```
/// use hookplan::driver::{Health, HelmDriver, Next, Outcome};
/// use hookplan::plan_helm;
/// use hookplan::helm::{HelmCommand, HelmOperation};
/// use hookplan::Manifests;
/// let chart = Manifests::parse("chart.yaml", "\
/// apiVersion: batch/v1
/// kind: Job
/// metadata:
///   name: migrate
///   annotations: {helm.sh/hook: pre-install, helm.sh/hook-delete-policy: hook-failed}
/// ");
/// let plan = plan_helm(&chart, &HelmOperation::new(HelmCommand::Install));
/// let mut driver = HelmDriver::new(plan)?;
/// let Next::Apply(ids) = driver.what_next() else { panic!() };
/// driver.report(ids[0], Outcome::Applied)?;
/// driver.report(ids[0], Outcome::Health(Health::Degraded))?;
/// assert!(matches!(driver.what_next(), Next::DeleteHooks(_)));
/// assert_eq!(driver.what_next(), Next::Done { succeeded: false, message: "failed pre-install: migrate".into() });
/// # Ok::<(), hookplan::driver::DriverError>(())
/// ```
#[derive(Clone, Debug)]
pub struct HelmDriver {
    table: TaskTable,
    status: Vec<Status>,
    before_create: Vec<Status>,
    /// Whether the deletion of a hook's previous instance is waited for until it is gone (Helm 3.14 and later).
    waits_for_previous: bool,
    step: usize,
    /// Set once the failure's deletions were handed out: (reason, whether deletions follow).
    failure: Option<(String, bool)>,
    errors: Vec<String>,
    /// Whether `helm test --logs` comes before the failure deletions (Helm 4) or after them (Helm 3).
    logs_first: bool,
    /// Whether the failure deletions were handed out (or there were none to hand out).
    failure_deletions_sent: bool,
    /// The errors of `helm test --logs`: the command fails with them once everything else ran.
    log_errors: Vec<String>,
    done: Option<Next>,
}

impl HelmDriver {
    /// A driver at the start of the Helm command.
    ///
    /// # Errors
    ///
    /// If `plan` is not a Helm plan (an Argo CD plan), or its `engine_version` is not a Helm version hookplan
    /// follows.
    pub fn new(plan: impl Into<Arc<Plan>>) -> Result<HelmDriver, DriverError> {
        let plan = plan.into();
        if plan.engine != Engine::Helm {
            return Err(DriverError::wrong_plan("HelmDriver", "Helm plans", &plan));
        }
        // Since Helm 3.14 the deletion of a hook's previous instance is waited for (helm pull request #11387).
        let version = plan.helm_version().map_err(|e| DriverError::unknown_version(e.to_string()))?.unwrap_or_default();
        let waits_for_previous = version.since_3(14);
        let table = TaskTable::new(plan);
        let before_create = table.before_create();
        Ok(HelmDriver {
            waits_for_previous,
            logs_first: version.v3_minor().is_none(),
            failure_deletions_sent: false,
            log_errors: Vec::new(),
            status: vec![Status::Pending; table.len()],
            table,
            before_create,
            step: 0,
            failure: None,
            errors: Vec::new(),
            done: None,
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

    fn finish(&mut self, next: Next) -> Next {
        self.done = Some(next.clone());
        next
    }

    fn event(&self, step: usize) -> String {
        self.table.plan().steps[step].phase.to_string()
    }

    fn describe(&self, ix: usize) -> String {
        let r = &self.at(ix).resource;
        r.name.as_ref().or(r.generate_name.as_ref()).map(ToString::to_string).unwrap_or_default()
    }

    /// The task ids of the step's `onFailureDelete` objects: the latest create task of each.
    fn failure_deletions(&self, step: usize) -> Vec<usize> {
        let wanted = &self.table.plan().steps[step].on_failure_delete;
        if wanted.is_empty() {
            return Vec::new();
        }
        // The latest create task of each object, up to this step: one pass, then one look-up per object.
        let mut latest: std::collections::HashMap<&crate::resource::ResourceRef, usize> =
            std::collections::HashMap::new();
        for ix in 0..self.table.of_step(step).end {
            if self.at(ix).action == Action::Create {
                latest.insert(&self.at(ix).resource, ix);
            }
        }
        wanted.iter().filter_map(|r| latest.get(r).copied()).collect()
    }

    /// Helm has no deletion approval: a no-op.
    pub fn approve(&mut self) {}

    /// Records what the caller observed about task `id`.
    ///
    /// # Errors
    ///
    /// If `id` was never handed out by this driver.
    pub fn report(&mut self, id: TaskId, outcome: Outcome) -> Result<(), DriverError> {
        let ix = self.table.index(id)?;
        let Some(outcome) = report_before_create(&mut self.before_create[ix], outcome, self.waits_for_previous) else {
            return Ok(());
        };
        if outcome == Outcome::Gone && matches!(self.status[ix], Status::Succeeded | Status::Failed(_)) {
            return Ok(()); // the policy deletion of a hook that already ran: its outcome stands
        }
        if self.at(ix).action == Action::Logs {
            // A log that cannot be read fails the command, but only once the rest has run.
            if let Outcome::Failed(message) = outcome {
                self.log_errors.push(message);
            }
            self.status[ix] = Status::Succeeded;
            return Ok(());
        }
        self.status[ix] = match outcome {
            Outcome::Failed(message) if self.status[ix] == Status::Started => {
                // The create call itself failed: Helm returns at once, without any policy deletion.
                self.failure = Some((message.clone(), false));
                Status::Failed(message)
            }
            Outcome::Failed(message) => Status::Failed(message),
            Outcome::Gone | Outcome::Health(Health::Healthy | Health::NoHealthCheck) => Status::Succeeded,
            Outcome::Health(Health::Degraded | Health::Missing | Health::Unknown) => Status::Failed(String::new()),
            Outcome::Applied | Outcome::Health(_) => Status::Running,
        };
        Ok(())
    }

    /// What to do next. Calling it again without reporting anything gives the same answer (or a `Wait`).
    pub fn what_next(&mut self) -> Next {
        if let Some(done) = &self.done {
            return done.clone();
        }
        loop {
            if self.step >= self.table.plan().steps.len() {
                if !self.log_errors.is_empty() {
                    let message = self.log_errors.join("\n");
                    return self.finish(Next::Done { succeeded: false, message });
                }
                let message = if self.errors.is_empty() {
                    format!("{:?} complete", self.table.plan().operation)
                } else {
                    format!("uninstallation completed with {} error(s): {}", self.errors.len(), self.errors.join("; "))
                };
                return self.finish(Next::Done { succeeded: true, message });
            }
            let step: Vec<usize> = self.table.of_step(self.step).collect();
            let next = if let Some(&failed) = step.iter().find(|&&ix| matches!(self.status[ix], Status::Failed(_))) {
                self.on_failure(failed)
            } else {
                self.next_in_step(&step)
            };
            if let Some(next) = next {
                return next;
            }
        }
    }

    /// A failed task of the step: the step's failure deletions, then the end of the command; for a post-delete
    /// hook, `None`: the rest of the event is skipped and the error collected.
    fn on_failure(&mut self, failed: usize) -> Option<Next> {
        let reason = match &self.status[failed] {
            Status::Failed(message) if !message.is_empty() => message.clone(),
            _ => self.describe(failed),
        };
        let event = self.event(self.step);
        if self.failure.is_none() {
            self.failure = Some((reason.clone(), true));
        }
        // `helm test --logs` still runs after a failed test: before the deferred deletions in Helm 4, after the
        // deletions `execHook` made in Helm 3.
        if self.logs_first
            && let Some(next) = self.failure_logs()
        {
            return Some(next);
        }
        if !self.failure_deletions_sent {
            self.failure_deletions_sent = true;
            if self.failure.as_ref().is_some_and(|(_, deletions_follow)| *deletions_follow) {
                let deletions = self.failure_deletions(self.step);
                if !deletions.is_empty() {
                    return Some(Next::DeleteHooks(ids(&deletions)));
                }
            }
        }
        if !self.logs_first
            && let Some(next) = self.failure_logs()
        {
            return Some(next);
        }
        if event == "post-delete" {
            // Collected: the uninstall still completes. The rest of the event does not run.
            self.errors.push(format!("failed post-delete: {reason}"));
            self.failure = None;
            self.failure_deletions_sent = false;
            let phase = self.table.plan().steps[self.step].phase;
            while self.table.plan().steps.get(self.step).is_some_and(|s| s.phase == phase) {
                self.step += 1;
            }
            return None;
        }
        let mut message = format!("failed {event}: {reason}");
        for error in &self.log_errors {
            message.push('\n');
            message.push_str(error);
        }
        Some(self.finish(Next::Done { succeeded: false, message }))
    }

    /// After a failure: the `helm test --logs` step still to run, if any (its tasks handed out, then waited for).
    fn failure_logs(&mut self) -> Option<Next> {
        let logs = self.table.plan().steps.iter().position(|s| s.phase == Phase::TestLogs)?;
        if logs <= self.step {
            return None;
        }
        let tasks: Vec<usize> = self.table.of_step(logs).collect();
        let pending: Vec<usize> = tasks.iter().copied().filter(|&ix| self.status[ix] == Status::Pending).collect();
        if !pending.is_empty() {
            for &ix in &pending {
                self.status[ix] = Status::Started;
            }
            return Some(Next::Logs(ids(&pending)));
        }
        let unanswered: Vec<usize> = tasks.into_iter().filter(|&ix| self.status[ix] == Status::Started).collect();
        (!unanswered.is_empty()).then(|| Next::Wait {
            tasks: ids(&unanswered),
            wait_for: WaitFor::Response,
            message: "waiting for the test logs".to_string(),
        })
    }

    /// The next instruction of a step without failure; `None` moves to the next step.
    fn next_in_step(&mut self, step: &[usize]) -> Option<Next> {
        if let Some(&ix) = step.iter().find(|&&ix| self.before_create[ix] == Status::Pending) {
            self.before_create[ix] = Status::Started;
            return Some(Next::DeleteBeforeCreate(ids(&[ix])));
        }
        if let Some(&ix) =
            step.iter().find(|&&ix| matches!(self.before_create[ix], Status::Started | Status::Failed(_)))
        {
            if let Status::Failed(message) = &self.before_create[ix] {
                let message = format!("failed {}: {message}", self.event(self.step));
                return Some(self.finish(Next::Done { succeeded: false, message }));
            }
            if !self.waits_for_previous {
                let message = format!("waiting for the delete call of {}", self.describe(ix));
                return Some(Next::Wait { tasks: ids(&[ix]), wait_for: WaitFor::Response, message });
            }
            let message = format!("waiting for deletion of {}", self.describe(ix));
            return Some(Next::Wait { tasks: ids(&[ix]), wait_for: WaitFor::Deletion, message });
        }
        let pending: Vec<usize> = step.iter().copied().filter(|&ix| self.status[ix] == Status::Pending).collect();
        if let Some(&first) = pending.first() {
            for &ix in &pending {
                self.status[ix] = Status::Started;
            }
            let task = self.at(first);
            return Some(match task.action {
                Action::Delete if task.hook => Next::DeleteHooks(ids(&pending)),
                Action::Delete => Next::Delete(ids(&pending)),
                Action::Prune => Next::Prune(ids(&pending)),
                Action::Apply | Action::Create => Next::Apply(ids(&pending)),
                Action::Logs => Next::Logs(ids(&pending)),
            });
        }
        let hooks_step = step.iter().any(|&ix| self.at(ix).action == Action::Create);
        let waiting = step.iter().copied().find(|&ix| match self.status[ix] {
            Status::Started => !(self.at(ix).hook && self.at(ix).action == Action::Delete),
            Status::Running => hooks_step,
            _ => false,
        });
        if let Some(ix) = waiting {
            let wait_for = match (&self.status[ix], self.at(ix).action) {
                (Status::Running, _) => WaitFor::HookCompletion,
                (_, Action::Delete | Action::Prune) => WaitFor::Deletion,
                _ => WaitFor::Response,
            };
            let message = format!("waiting for {}", self.describe(ix));
            return Some(Next::Wait { tasks: ids(&[ix]), wait_for, message });
        }
        self.step += 1;
        None
    }
}

crate::driver::drive::impl_drive!(HelmDriver);
