//! A sans-IO driver of a sync plan: it answers "what next?" with instructions the caller executes, and takes the
//! outcomes the caller observes. It never performs I/O, never blocks, and never reads a clock.
//!
//! ```
//! use hookplan::operation::{Driver, Health, Next, Outcome};
//! use hookplan::{Manifests, SyncOperation, plan_sync};
//!
//! let plan = plan_sync(&Manifests::parse("app.yaml", "\
//! apiVersion: batch/v1
//! kind: Job
//! metadata:
//!   name: migrate
//!   annotations: {argocd.argoproj.io/hook: PreSync}
//! ---
//! apiVersion: v1
//! kind: ConfigMap
//! metadata:
//!   name: settings
//! "), &SyncOperation::new());
//! let mut driver = Driver::new(&plan);
//! let Next::Apply(ids) = driver.what_next() else { panic!() };      // the PreSync hook
//! driver.report(ids[0], Outcome::Applied);
//! assert_eq!(driver.what_next(), Next::Wait { message: "waiting for completion of hook batch/Job/migrate".into() });
//! driver.report(ids[0], Outcome::Health(Health::Degraded));       // the migration fails
//! assert_eq!(
//!     driver.what_next(),
//!     Next::Done { succeeded: false, message: "one or more synchronization tasks completed unsuccessfully".into() }
//! );
//! ```
//!
//! The driver follows argocd.md §8 (`gitops-engine/pkg/sync/sync_context.go`, `Sync` and `runTasks`):
//! - one (phase, wave) step at a time; within it, prune tasks first (all at once), then the deletion of previous
//!   hook instances with BeforeHookCreation (waiting until they are gone), then the applies, one group of
//!   consecutive tasks of the same kind at a time; a failed group does not stop the later groups of the step;
//! - a step completes when every task has completed; when the sync has more than one step, or a task is a hook,
//!   running tasks are waited for, so PostSync starts only once the Sync phase is healthy; in a single-step sync,
//!   plain resources are not waited for (§8.2 step 4);
//! - before the next step, objects pruned by this one must be gone (`waiting for deletion of ...`, vector V12);
//! - any failure ends the sync: every SyncFail hook runs, all at once; once they completed, the hooks with
//!   HookFailed are deleted and the operation ends Failed (§8.3, vector V16);
//! - on success the hooks with HookSucceeded are deleted and the operation ends Succeeded (§5.3, vector V14):
//!   `successfully synced (all tasks run)` as soon as the last step's applies and prunes went through when that
//!   step holds no hook (its health and its pruned objects' deletion are not waited for, §8.2 step 13), otherwise
//!   `successfully synced (no more tasks)` once every task completed.
//!
//! Not modelled: finalizers, the dry-run, the wave delay, Terminate, and SyncWaveHook errors.

use std::fmt::Write;

use crate::argocd::DeletePolicy;
use crate::plan::{Action, LiveInstance, Operation, Plan, Task};

/// The index of a task: the tasks of the steps in order, then the SyncFail hooks.
pub type TaskId = usize;

/// The health of a live object, as Argo CD's health checks report it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Health {
    /// Healthy.
    Healthy,
    /// Progressing.
    Progressing,
    /// Suspended.
    Suspended,
    /// Degraded.
    Degraded,
    /// Missing.
    Missing,
    /// Unknown.
    Unknown,
    /// The kind has no health check.
    NoHealthCheck,
}

/// What the caller observed about a task.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// The apply, create, prune or delete call succeeded (a deleted object may still be terminating).
    Applied,
    /// The call failed.
    Failed(String),
    /// The live object's current health.
    Health(Health),
    /// The object is gone (a pruned or deleted object, or a hook's previous instance).
    Gone,
}

/// What the caller should do next.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Next {
    /// Delete these live objects (prune tasks), all at once; report `Applied` (or `Gone`) or `Failed` for each.
    Prune(Vec<TaskId>),
    /// Delete the previous instances of these hooks (BeforeHookCreation); report `Gone` (or `Failed`) for each.
    DeleteBeforeCreate(Vec<TaskId>),
    /// Apply (or create) these tasks, all at once: one kind group; report `Applied` or `Failed` for each.
    Apply(Vec<TaskId>),
    /// Wait; report the health of the running tasks (or `Gone` for objects being deleted).
    Wait {
        /// Upstream's message, e.g. `waiting for completion of hook batch/Job/migrate`.
        message: String,
    },
    /// A `confirm` prune waits for the Application's deletion approval; call [`Driver::approve`].
    WaitForConfirmation {
        /// Upstream's message, e.g. `waiting for pruning confirmation of /ConfigMap/old`.
        message: String,
    },
    /// The sync failed: run these SyncFail hooks, all at once; report `Applied` or `Failed`, then their health.
    RunSyncFail(Vec<TaskId>),
    /// Delete these hooks, by their delete policy.
    DeleteHooks(Vec<TaskId>),
    /// The operation is over.
    Done {
        /// Whether it succeeded.
        succeeded: bool,
        /// Upstream's message.
        message: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Status {
    Pending,
    /// An instruction for it was given; no outcome yet.
    Started,
    Running,
    Succeeded,
    Failed(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Prune,
    DeleteBeforeCreate,
    /// The index of the next kind group to apply.
    Apply(usize),
    Wait,
}

/// The driver of one sync operation over a [`Plan`]. See the module documentation.
#[derive(Debug)]
pub struct Driver<'p> {
    plan: &'p Plan,
    /// (step index or `None` for a SyncFail hook, the task).
    tasks: Vec<(Option<usize>, &'p Task)>,
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
}

/// The status of each task's before-hook-creation deletion: pending where a previous instance must be deleted
/// first, already done otherwise. Shared by both drivers.
fn before_create<'p>(tasks: impl Iterator<Item = &'p Task>) -> Vec<Status> {
    tasks
        .map(|t| {
            if t.live_instance == Some(LiveInstance::DeleteBeforeCreate) { Status::Pending } else { Status::Succeeded }
        })
        .collect()
}

/// Records `outcome` against a before-hook-creation deletion in progress (`Gone` ends it, `Failed` fails it);
/// hands the outcome back when no such deletion is in progress, as it is then the task's own. Shared by both
/// drivers.
fn report_before_create(status: &mut Status, outcome: Outcome) -> Option<Outcome> {
    if *status != Status::Started {
        return Some(outcome);
    }
    *status = match outcome {
        Outcome::Failed(message) => Status::Failed(message),
        Outcome::Gone => Status::Succeeded,
        _ => Status::Started,
    };
    None
}

impl<'p> Driver<'p> {
    /// A driver at the start of the operation.
    pub fn new(plan: &'p Plan) -> Driver<'p> {
        let mut tasks: Vec<(Option<usize>, &Task)> =
            plan.steps.iter().enumerate().flat_map(|(i, s)| s.tasks.iter().map(move |t| (Some(i), t))).collect();
        tasks.extend(plan.sync_fail.iter().map(|t| (None, t)));
        let before_create = before_create(tasks.iter().map(|(_, t)| *t));
        Driver {
            plan,
            status: vec![Status::Pending; tasks.len()],
            tasks,
            before_create,
            step: 0,
            stage: Stage::Prune,
            // Pending SyncFail hooks count: they make the sync multi-step (argocd.md §8.2 step 4).
            multi_step: plan.steps.len() > 1 || !plan.sync_fail.is_empty(),
            approved: false,
            sync_fail_started: false,
            deletions_sent: false,
            done: None,
        }
    }

    /// The task behind an id.
    ///
    /// # Panics
    ///
    /// If `id` was not handed out by this driver (ids are indices, as with a slice, and come from [`Next`]).
    pub fn task(&self, id: TaskId) -> &'p Task {
        self.tasks[id].1
    }

    /// The Application's deletion approval arrived: `confirm` prunes may go ahead.
    pub fn approve(&mut self) {
        self.approved = true;
    }

    /// Records what the caller observed about task `id`; an id the driver never handed out is ignored.
    pub fn report(&mut self, id: TaskId, outcome: Outcome) {
        if id >= self.tasks.len() {
            return;
        }
        let Some(outcome) = report_before_create(&mut self.before_create[id], outcome) else { return };
        let task = self.tasks[id].1;
        let deleting = matches!(task.action, Action::Prune | Action::Delete);
        self.status[id] = match outcome {
            Outcome::Failed(message) => Status::Failed(message),
            Outcome::Gone => Status::Succeeded,
            Outcome::Applied if deleting => Status::Running,
            Outcome::Applied => Status::Running,
            Outcome::Health(health) if deleting => {
                if health == Health::Missing {
                    Status::Succeeded
                } else {
                    Status::Running
                }
            }
            Outcome::Health(health) => phase_of(task.hook, health),
        };
    }

    fn ids_of_step(&self, step: usize) -> impl Iterator<Item = TaskId> + '_ {
        (0..self.tasks.len()).filter(move |&id| self.tasks[id].0 == Some(step))
    }

    fn failed(&self) -> bool {
        self.tasks
            .iter()
            .zip(&self.status)
            .any(|((step, _), status)| step.is_some() && matches!(status, Status::Failed(_)))
            || self.before_create.iter().any(|s| matches!(s, Status::Failed(_)))
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
            if self.step >= self.plan.steps.len() {
                return self.finish(true, "successfully synced (no more tasks)".into());
            }
            let ids: Vec<TaskId> = self.ids_of_step(self.step).collect();
            match self.stage {
                Stage::Prune => {
                    let prunes: Vec<TaskId> =
                        ids.iter().copied().filter(|&id| self.task(id).action == Action::Prune).collect();
                    for &id in &prunes {
                        if self.task(id).skipped.is_some() {
                            self.status[id] = Status::Succeeded; // PruneSkipped counts as success
                        }
                    }
                    let to_prune: Vec<TaskId> =
                        prunes.into_iter().filter(|&id| self.status[id] == Status::Pending).collect();
                    if to_prune.is_empty() {
                        self.stage = Stage::DeleteBeforeCreate;
                        continue;
                    }
                    let waiting: Vec<TaskId> =
                        to_prune.iter().copied().filter(|&id| self.task(id).needs_confirmation).collect();
                    if !waiting.is_empty() && !self.approved {
                        return Next::WaitForConfirmation {
                            message: format!("waiting for pruning confirmation of {}", self.describe_list(&waiting)),
                        };
                    }
                    for &id in &to_prune {
                        self.status[id] = Status::Started;
                    }
                    self.stage = Stage::DeleteBeforeCreate;
                    return Next::Prune(to_prune);
                }
                Stage::DeleteBeforeCreate => {
                    let pending: Vec<TaskId> =
                        ids.iter().copied().filter(|&id| self.before_create[id] == Status::Pending).collect();
                    if !pending.is_empty() {
                        for &id in &pending {
                            self.before_create[id] = Status::Started;
                        }
                        return Next::DeleteBeforeCreate(pending);
                    }
                    let deleting: Vec<TaskId> =
                        ids.iter().copied().filter(|&id| self.before_create[id] == Status::Started).collect();
                    if !deleting.is_empty() {
                        return Next::Wait {
                            message: format!("waiting for deletion of {}", self.describe_list(&deleting)),
                        };
                    }
                    self.stage = Stage::Apply(0);
                }
                Stage::Apply(group) => {
                    let groups = self.kind_groups(&ids);
                    let Some(members) = groups.get(group) else {
                        self.stage = Stage::Wait;
                        continue;
                    };
                    if group > 0 && groups[group - 1].iter().any(|&id| self.status[id] == Status::Started) {
                        return Next::Wait {
                            message: format!("waiting for the apply of {}", self.describe_list(&groups[group - 1])),
                        };
                    }
                    for &id in members {
                        self.status[id] = Status::Started;
                    }
                    self.stage = Stage::Apply(group + 1);
                    return Next::Apply(members.clone());
                }
                Stage::Wait => {
                    if self.ends_after_last_plain_batch(&ids) {
                        return self.finish(true, "successfully synced (all tasks run)".into());
                    }
                    let waiting: Vec<TaskId> = ids
                        .iter()
                        .copied()
                        .filter(|&id| match self.status[id] {
                            Status::Started => true,
                            Status::Running => {
                                let task = self.task(id);
                                self.multi_step || task.hook || matches!(task.action, Action::Prune | Action::Delete)
                            }
                            _ => false,
                        })
                        .collect();
                    if !waiting.is_empty() {
                        return Next::Wait { message: self.running_message(&waiting) };
                    }
                    self.step += 1;
                    self.stage = Stage::Prune;
                }
            }
        }
    }

    /// Whether the sync ends in the pass that ran this step: it is the last step, it holds no hook, and every
    /// apply and prune of it went through. Upstream then ends Succeeded `successfully synced (all tasks run)` at
    /// once, without waiting for the health of what it applied or for pruned objects to be gone.
    ///
    /// Upstream: `Sync` in `gitops-engine/pkg/sync/sync_context.go` (the `successful` case after `runTasks`,
    /// `remainingTasks.Len() == 0` and no hook in the batch); argocd.md §8.2 step 13 and §5.3.
    fn ends_after_last_plain_batch(&self, ids: &[TaskId]) -> bool {
        self.plan.operation == Operation::Sync
            && self.step + 1 == self.plan.steps.len()
            && ids.iter().all(|&id| !self.task(id).hook && self.status[id] != Status::Started)
    }

    fn next_after_failure(&mut self) -> Next {
        // Hooks of the batch that are still running are waited for (v3.4+).
        let running: Vec<TaskId> = (0..self.tasks.len())
            .filter(|&id| {
                self.tasks[id].0.is_some()
                    && self.task(id).hook
                    && matches!(self.status[id], Status::Started | Status::Running)
            })
            .collect();
        if !running.is_empty() {
            return Next::Wait { message: self.running_message(&running) };
        }
        let sync_fail: Vec<TaskId> = (0..self.tasks.len()).filter(|&id| self.tasks[id].0.is_none()).collect();
        if !self.sync_fail_started && !sync_fail.is_empty() {
            self.sync_fail_started = true;
            for &id in &sync_fail {
                self.status[id] = Status::Started;
            }
            return Next::RunSyncFail(sync_fail);
        }
        let running: Vec<TaskId> = sync_fail
            .iter()
            .copied()
            .filter(|&id| matches!(self.status[id], Status::Started | Status::Running))
            .collect();
        if !running.is_empty() {
            return Next::Wait { message: self.running_message(&running) };
        }
        let mut reasons: Vec<String> = Vec::new();
        for (id, status) in self.status.iter().enumerate() {
            if let Status::Failed(message) = status
                && self.tasks[id].0.is_some()
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
            .filter_map(|&id| if let Status::Failed(m) = &self.status[id] { Some(m.as_str()) } else { None })
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
            let delete: Vec<TaskId> = (0..self.tasks.len())
                .filter(|&id| {
                    let (step, task) = self.tasks[id];
                    // Only hooks that exist: created in this sync (or left by an earlier one), not running.
                    let exists = self.status[id] != Status::Pending || task.live_instance.is_some();
                    task.hook
                        && exists
                        && task.delete_policies.contains(&policy)
                        && !(succeeded && step.is_none())
                        && self.status[id] != Status::Running
                })
                .collect();
            if !delete.is_empty() {
                return Next::DeleteHooks(delete);
            }
        }
        Next::Done { succeeded, message }
    }

    /// Consecutive applied tasks of the same kind, in step order.
    fn kind_groups(&self, ids: &[TaskId]) -> Vec<Vec<TaskId>> {
        let mut groups: Vec<Vec<TaskId>> = Vec::new();
        for &id in ids.iter().filter(|&&id| self.task(id).action != Action::Prune) {
            match groups.last_mut() {
                Some(group) if self.task(group[0]).resource.kind == self.task(id).resource.kind => group.push(id),
                _ => groups.push(vec![id]),
            }
        }
        groups
    }

    /// `group/kind/name` as upstream writes it (`/Pod/x` for the core group).
    fn describe(&self, id: TaskId) -> String {
        let r = &self.task(id).resource;
        let name = r.name.as_deref().or(r.generate_name.as_deref()).unwrap_or_default();
        format!("{}/{}/{}", r.group, r.kind, name)
    }

    /// The first object and ` and N more hooks|resources`.
    fn describe_list(&self, ids: &[TaskId]) -> String {
        let mut text = self.describe(ids[0]);
        if ids.len() > 1 {
            let hooks = ids[1..].iter().all(|&id| self.task(id).hook);
            let _ = write!(text, " and {} more {}", ids.len() - 1, if hooks { "hooks" } else { "resources" });
        }
        text
    }

    /// Upstream's running message (`setRunningPhase`): hooks first.
    fn running_message(&self, ids: &[TaskId]) -> String {
        let mut ordered: Vec<TaskId> = ids.iter().copied().filter(|&id| self.task(id).hook).collect();
        let hooks = ordered.len();
        ordered.extend(ids.iter().copied().filter(|&id| !self.task(id).hook));
        let deleting = ordered.iter().all(|&id| matches!(self.task(id).action, Action::Prune | Action::Delete));
        if deleting {
            format!("waiting for deletion of {}", self.describe_list(&ordered))
        } else if hooks > 0 {
            format!("waiting for completion of hook {}", self.describe_list(&ordered))
        } else {
            format!("waiting for healthy state of {}", self.describe_list(&ordered))
        }
    }
}

/// A running task's phase from its health (`getOperationPhase` and the non-hook refresh; argocd.md §8.1).
fn phase_of(hook: bool, health: Health) -> Status {
    match (hook, health) {
        (_, Health::Healthy | Health::NoHealthCheck) => Status::Succeeded,
        (true, Health::Degraded | Health::Unknown) | (false, Health::Degraded) => Status::Failed(String::new()),
        _ => Status::Running,
    }
}

/// What a driver of either engine offers: the next instruction, outcomes, and the tasks behind ids.
pub trait Drive {
    /// What to do next.
    fn what_next(&mut self) -> Next;
    /// Records what the caller observed about task `id`; an id the driver never handed out is ignored.
    fn report(&mut self, id: TaskId, outcome: Outcome);
    /// The task behind an id.
    ///
    /// # Panics
    ///
    /// If `id` was not handed out by this driver (ids are indices, as with a slice, and come from [`Next`]).
    fn task(&self, id: TaskId) -> &Task;
    /// A confirmation the operation waits for arrived.
    fn approve(&mut self);
}

impl Drive for Driver<'_> {
    fn what_next(&mut self) -> Next {
        Driver::what_next(self)
    }
    fn report(&mut self, id: TaskId, outcome: Outcome) {
        Driver::report(self, id, outcome);
    }
    fn task(&self, id: TaskId) -> &Task {
        Driver::task(self, id)
    }
    fn approve(&mut self) {
        Driver::approve(self);
    }
}

/// The driver of a Helm plan ([`crate::plan::plan_helm`]), with Helm's semantics (helm.md §3.3, §6):
/// - steps strictly one after another; a hook step deletes the hook's previous instance first
///   (`before-hook-creation`, waiting until it is gone), creates it, and waits for it (Helm watches Jobs and Pods;
///   report `Healthy` at once for other kinds);
/// - a hook that fails stops its event: the step's `onFailureDelete` hooks are deleted and the operation fails
///   (`failed pre-install: ...`); a hook whose create call fails stops it without any deletion;
/// - the manifests step applies (or, on uninstall and for the upgrade prune, deletes) its objects, one kind group
///   at a time, without waiting for readiness;
/// - a cleanup step deletes the event's `hook-succeeded` hooks;
/// - on uninstall, a post-delete failure is collected and the uninstall still completes.
///
/// Not modelled: hook timeouts and `--wait`, create versus server-side apply, and the output-log policy.
///
/// ```
/// use hookplan::operation::{Drive, HelmDriver, Health, Next, Outcome};
/// use hookplan::plan::{plan_helm, HelmCommand, HelmOperation};
/// use hookplan::Manifests;
/// let chart = Manifests::parse("chart.yaml", "\
/// apiVersion: batch/v1
/// kind: Job
/// metadata:
///   name: migrate
///   annotations: {helm.sh/hook: pre-install, helm.sh/hook-delete-policy: hook-failed}
/// ");
/// let plan = plan_helm(&chart, &HelmOperation::new(HelmCommand::Install));
/// let mut driver = HelmDriver::new(&plan);
/// let Next::Apply(ids) = driver.what_next() else { panic!() };
/// driver.report(ids[0], Outcome::Applied);
/// driver.report(ids[0], Outcome::Health(Health::Degraded));
/// assert!(matches!(driver.what_next(), Next::DeleteHooks(_)));
/// assert_eq!(driver.what_next(), Next::Done { succeeded: false, message: "failed pre-install: migrate".into() });
/// ```
#[derive(Debug)]
pub struct HelmDriver<'p> {
    plan: &'p Plan,
    tasks: Vec<(usize, &'p Task)>,
    status: Vec<Status>,
    before_create: Vec<Status>,
    step: usize,
    /// Set once the failure's deletions were handed out.
    failure: Option<(String, bool)>,
    errors: Vec<String>,
    done: Option<Next>,
}

impl<'p> HelmDriver<'p> {
    /// A driver at the start of the operation.
    pub fn new(plan: &'p Plan) -> HelmDriver<'p> {
        let tasks: Vec<(usize, &Task)> =
            plan.steps.iter().enumerate().flat_map(|(i, s)| s.tasks.iter().map(move |t| (i, t))).collect();
        let before_create = before_create(tasks.iter().map(|(_, t)| *t));
        HelmDriver {
            plan,
            status: vec![Status::Pending; tasks.len()],
            tasks,
            before_create,
            step: 0,
            failure: None,
            errors: Vec::new(),
            done: None,
        }
    }

    fn finish(&mut self, next: Next) -> Next {
        self.done = Some(next.clone());
        next
    }

    fn event(&self, step: usize) -> String {
        self.plan.steps[step].phase.to_string()
    }

    fn describe(&self, id: TaskId) -> String {
        let r = &self.tasks[id].1.resource;
        r.name.as_ref().or(r.generate_name.as_ref()).map(ToString::to_string).unwrap_or_default()
    }

    /// The task ids of the step's `onFailureDelete` objects: the latest create task of each.
    fn failure_deletions(&self, step: usize) -> Vec<TaskId> {
        self.plan.steps[step]
            .on_failure_delete
            .iter()
            .filter_map(|r| {
                (0..self.tasks.len())
                    .filter(|&id| {
                        self.tasks[id].0 <= step
                            && self.tasks[id].1.action == Action::Create
                            && self.tasks[id].1.resource == *r
                    })
                    .max()
            })
            .collect()
    }
}

impl Drive for HelmDriver<'_> {
    fn task(&self, id: TaskId) -> &Task {
        self.tasks[id].1
    }

    fn approve(&mut self) {}

    fn report(&mut self, id: TaskId, outcome: Outcome) {
        if id >= self.tasks.len() {
            return;
        }
        let Some(outcome) = report_before_create(&mut self.before_create[id], outcome) else { return };
        if outcome == Outcome::Gone && matches!(self.status[id], Status::Succeeded | Status::Failed(_)) {
            return; // the policy deletion of a hook that already ran: its outcome stands
        }
        self.status[id] = match outcome {
            Outcome::Failed(message) if self.status[id] == Status::Started => {
                // The create call itself failed: Helm returns at once, without any policy deletion (D9).
                self.failure = Some((message.clone(), false));
                Status::Failed(message)
            }
            Outcome::Failed(message) => Status::Failed(message),
            Outcome::Gone | Outcome::Health(Health::Healthy | Health::NoHealthCheck) => Status::Succeeded,
            Outcome::Health(Health::Degraded | Health::Missing | Health::Unknown) => Status::Failed(String::new()),
            Outcome::Applied | Outcome::Health(_) => Status::Running,
        };
    }

    fn what_next(&mut self) -> Next {
        if let Some(done) = &self.done {
            return done.clone();
        }
        loop {
            let Some(step) = self.plan.steps.get(self.step) else {
                let message = if self.errors.is_empty() {
                    format!("{:?} complete", self.plan.operation)
                } else {
                    format!("uninstallation completed with {} error(s): {}", self.errors.len(), self.errors.join("; "))
                };
                return self.finish(Next::Done { succeeded: true, message });
            };
            let ids: Vec<TaskId> = (0..self.tasks.len()).filter(|&id| self.tasks[id].0 == self.step).collect();
            let failed: Vec<TaskId> =
                ids.iter().copied().filter(|&id| matches!(self.status[id], Status::Failed(_))).collect();
            if let Some(&id) = failed.first() {
                let reason = match &self.status[id] {
                    Status::Failed(message) if !message.is_empty() => message.clone(),
                    _ => self.describe(id),
                };
                let event = self.event(self.step);
                let create_error = matches!(&self.failure, Some((_, false)));
                if !create_error && self.failure.is_none() {
                    self.failure = Some((reason.clone(), true));
                    let deletions = self.failure_deletions(self.step);
                    if !deletions.is_empty() {
                        return Next::DeleteHooks(deletions);
                    }
                }
                if event == "post-delete" {
                    // Collected: the uninstall still completes. The rest of the event does not run.
                    self.errors.push(format!("failed post-delete: {reason}"));
                    self.failure = None;
                    while self.plan.steps.get(self.step).is_some_and(|s| s.phase == step.phase) {
                        self.step += 1;
                    }
                    continue;
                }
                return self.finish(Next::Done { succeeded: false, message: format!("failed {event}: {reason}") });
            }
            if let Some(&id) = ids.iter().find(|&&id| self.before_create[id] == Status::Pending) {
                self.before_create[id] = Status::Started;
                return Next::DeleteBeforeCreate(vec![id]);
            }
            if let Some(&id) =
                ids.iter().find(|&&id| matches!(self.before_create[id], Status::Started | Status::Failed(_)))
            {
                if let Status::Failed(message) = &self.before_create[id] {
                    let message = format!("failed {}: {message}", self.event(self.step));
                    return self.finish(Next::Done { succeeded: false, message });
                }
                return Next::Wait { message: format!("waiting for deletion of {}", self.describe(id)) };
            }
            let pending: Vec<TaskId> = ids.iter().copied().filter(|&id| self.status[id] == Status::Pending).collect();
            if !pending.is_empty() {
                for &id in &pending {
                    self.status[id] = Status::Started;
                }
                let first = self.tasks[pending[0]].1.action;
                return match first {
                    Action::Delete if self.tasks[pending[0]].1.hook => Next::DeleteHooks(pending),
                    Action::Delete | Action::Prune => Next::Prune(pending),
                    _ => Next::Apply(pending),
                };
            }
            let hooks_step = ids.iter().any(|&id| self.tasks[id].1.action == Action::Create);
            let waiting: Vec<TaskId> = ids
                .iter()
                .copied()
                .filter(|&id| match self.status[id] {
                    Status::Started => !(self.tasks[id].1.hook && self.tasks[id].1.action == Action::Delete),
                    Status::Running => hooks_step,
                    _ => false,
                })
                .collect();
            if let Some(&id) = waiting.first() {
                return Next::Wait { message: format!("waiting for {}", self.describe(id)) };
            }
            self.step += 1;
        }
    }
}
