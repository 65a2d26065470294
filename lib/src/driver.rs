//! Sans-IO drivers: each walks one kind of [`Plan`] and answers "what next?" with instructions the caller
//! executes, taking the outcomes the caller observes. A driver never performs I/O, never blocks and never reads
//! a clock.
//!
//! | plan | driver | semantics |
//! |---|---|---|
//! | Argo CD sync ([`crate::plan_sync`]) | [`SyncDriver`] | gitops-engine's `Sync` and `runTasks` |
//! | Argo CD Application deletion ([`crate::plan_delete`]) | [`DeleteDriver`] | the controller's `finalizeApplicationDeletion`, `executeHooks`, `cleanupHooks` |
//! | every Helm command ([`crate::plan_helm`]) | [`HelmDriver`] | Helm's `execHook` and the actions |
//!
//! Building a driver for a plan of another engine or operation is an [`Err`]; [`for_plan`] picks the right one.
//!
//! # Ids, ownership and replay
//!
//! A [`TaskId`] names one task of the plan: the tasks of the steps in order, then the SyncFail hooks. A driver
//! owns its plan (it keeps an [`Arc<Plan>`]), so it is `Send + Sync + 'static` and can live in a controller's
//! state or move into a task. A driver's state is a pure function of its plan and of the calls made on it:
//! to rebuild a driver after a restart, build a new one over the same plan and replay, in order, the
//! `what_next` calls and the outcomes reported between them. The rebuilt driver answers exactly as the first
//! one would have (a property test checks this over generated plans).
//!
//! ```
//! use hookplan::driver::{Health, Next, Outcome, SyncDriver, WaitFor};
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
//! let mut driver = SyncDriver::new(plan)?;
//! let Next::Apply(ids) = driver.what_next() else { panic!() };      // the PreSync hook
//! driver.report(ids[0], Outcome::Applied)?;
//! let Next::Wait { tasks, waiting_for, message } = driver.what_next() else { panic!() };
//! assert_eq!((tasks, waiting_for), (ids.clone(), WaitFor::HookCompletion));
//! assert_eq!(message, "waiting for completion of hook batch/Job/migrate");
//! driver.report(ids[0], Outcome::Health(Health::Degraded))?;       // the migration fails
//! assert_eq!(
//!     driver.what_next(),
//!     Next::Done { succeeded: false, message: "one or more synchronization tasks completed unsuccessfully".into() }
//! );
//! # Ok::<(), hookplan::driver::DriverError>(())
//! ```

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use crate::argocd::delete_driver::DeleteDriver;
pub use crate::argocd::driver::SyncDriver;
pub use crate::helm::HelmDriver;
use crate::plan::{Engine, LiveInstance, Operation, Plan, Task};

/// The id of one task of a plan, handed out by a driver in its [`Next`] instructions.
///
/// Ids number the tasks of the steps in execution order, then the SyncFail hooks, from 0; [`TaskId::index`]
/// gives that number. Serialises as the number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TaskId(u32);

impl TaskId {
    /// The position of the task: the tasks of the plan's steps in order, then its SyncFail hooks.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub(crate) fn new(index: usize) -> TaskId {
        // A plan holds at most a few million tasks (the input limits bound it far below u32::MAX).
        TaskId(u32::try_from(index).unwrap_or(u32::MAX))
    }
}

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// The health of a live object, as Argo CD's health checks report it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Outcome {
    /// The apply, create, prune or delete call succeeded (a deleted object may still be terminating).
    Applied,
    /// The call failed, with the error message.
    Failed(String),
    /// The live object's current health.
    Health(Health),
    /// The object is gone (a pruned or deleted object, or a hook's previous instance).
    Gone,
}

/// What a [`Next::Wait`] waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum WaitFor {
    /// The answer to calls already handed out (report `Applied`, `Gone` or `Failed`).
    Response,
    /// Hooks to complete (report their health).
    HookCompletion,
    /// Objects to become healthy (report their health).
    Health,
    /// Objects being deleted to be gone (report `Gone`).
    Deletion,
}

impl WaitFor {
    /// The kebab-case name, as it serialises.
    pub fn as_str(self) -> &'static str {
        match self {
            WaitFor::Response => "response",
            WaitFor::HookCompletion => "hook-completion",
            WaitFor::Health => "health",
            WaitFor::Deletion => "deletion",
        }
    }
}

impl fmt::Display for WaitFor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the caller should do next.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Next {
    /// Apply, or create (when the task's action is `create`), these tasks, all at once; report `Applied` or
    /// `Failed` for each.
    Apply(Vec<TaskId>),
    /// Delete these live objects (an Application deletion's wave, a Helm uninstall), all at once; report
    /// `Applied` (or `Gone`) or `Failed` for each, then `Gone` once each is gone.
    Delete(Vec<TaskId>),
    /// Delete these live objects that have no target any more (prune tasks), all at once; report `Applied` (or
    /// `Gone`) or `Failed` for each.
    Prune(Vec<TaskId>),
    /// Delete the previous instances of these hooks (BeforeHookCreation); report `Gone` (or `Failed`) for each.
    DeleteBeforeCreate(Vec<TaskId>),
    /// Wait for these tasks.
    Wait {
        /// The tasks waited for, in the order upstream's message lists them.
        tasks: Vec<TaskId>,
        /// What they are waited for.
        waiting_for: WaitFor,
        /// Upstream's message, e.g. `waiting for completion of hook batch/Job/migrate`.
        message: String,
    },
    /// Deleting these tasks' objects waits for the Application's deletion approval
    /// (`argocd.argoproj.io/deletion-approved`); call the driver's `approve`.
    WaitForConfirmation {
        /// The tasks that need the approval.
        tasks: Vec<TaskId>,
        /// Upstream's message, e.g. `waiting for pruning confirmation of /ConfigMap/old`.
        message: String,
    },
    /// The sync failed: run these SyncFail hooks, all at once; report `Applied` or `Failed`, then their health.
    RunSyncFail(Vec<TaskId>),
    /// Delete these hooks, by their delete policy; report `Gone` (or `Failed`) for each.
    DeleteHooks(Vec<TaskId>),
    /// Print the logs of these test Pods, one after another (`helm test --logs`); report `Applied` when printed, or
    /// `Failed` with the error (the command then fails once the rest has run).
    FetchLogs(Vec<TaskId>),
    /// The operation is over.
    Done {
        /// Whether it succeeded.
        succeeded: bool,
        /// Upstream's message.
        message: String,
    },
}

impl Next {
    /// The instruction's name as `hookplan simulate --output json` prints it: `apply`, `delete`, `prune`,
    /// `delete-before-create`, `wait`, `wait-for-confirmation`, `run-sync-fail`, `delete-hooks`, `fetch-logs` or
    /// `done`.
    pub fn name(&self) -> &'static str {
        match self {
            Next::Apply(_) => "apply",
            Next::Delete(_) => "delete",
            Next::Prune(_) => "prune",
            Next::DeleteBeforeCreate(_) => "delete-before-create",
            Next::Wait { .. } => "wait",
            Next::WaitForConfirmation { .. } => "wait-for-confirmation",
            Next::RunSyncFail(_) => "run-sync-fail",
            Next::DeleteHooks(_) => "delete-hooks",
            Next::FetchLogs(_) => "fetch-logs",
            Next::Done { .. } => "done",
        }
    }

    /// The tasks the instruction names (none for `Done`).
    pub fn tasks(&self) -> &[TaskId] {
        match self {
            Next::Apply(ids)
            | Next::Delete(ids)
            | Next::Prune(ids)
            | Next::DeleteBeforeCreate(ids)
            | Next::RunSyncFail(ids)
            | Next::DeleteHooks(ids)
            | Next::FetchLogs(ids) => ids,
            Next::Wait { tasks, .. } | Next::WaitForConfirmation { tasks, .. } => tasks,
            Next::Done { .. } => &[],
        }
    }
}

/// Why a driver refused a plan or a report.
///
/// ```
/// use hookplan::driver::SyncDriver;
/// use hookplan::plan_helm;
/// use hookplan::helm::{HelmCommand, HelmOperation};
/// use hookplan::Manifests;
/// let plan = plan_helm(&Manifests::new(), &HelmOperation::new(HelmCommand::Install));
/// let error = SyncDriver::new(plan).unwrap_err();
/// assert_eq!(error.to_string(), "SyncDriver drives Argo CD sync plans, not a Helm install plan");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DriverError(ErrorKind);

#[derive(Clone, Debug, PartialEq, Eq)]
enum ErrorKind {
    WrongPlan { driver: &'static str, expected: &'static str, engine: Engine, operation: Operation },
    UnknownTask(TaskId),
    UnknownVersion(String),
}

impl DriverError {
    pub(crate) fn wrong_plan(driver: &'static str, expected: &'static str, plan: &Plan) -> DriverError {
        DriverError(ErrorKind::WrongPlan { driver, expected, engine: plan.engine, operation: plan.operation })
    }

    pub(crate) fn unknown_task(id: TaskId) -> DriverError {
        DriverError(ErrorKind::UnknownTask(id))
    }

    pub(crate) fn unknown_version(message: String) -> DriverError {
        DriverError(ErrorKind::UnknownVersion(message))
    }
}

impl fmt::Display for DriverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            ErrorKind::WrongPlan { driver, expected, engine, operation } => {
                let engine = match engine {
                    Engine::Argocd => "Argo CD",
                    Engine::Helm => "Helm",
                };
                write!(
                    f,
                    "{driver} drives {expected}, not a{} {engine} {operation} plan",
                    if engine == "Argo CD" { "n" } else { "" }
                )
            }
            ErrorKind::UnknownTask(id) => write!(f, "task {id} was never handed out by this driver"),
            ErrorKind::UnknownVersion(message) => write!(f, "the plan's engine version {message}"),
        }
    }
}

impl std::error::Error for DriverError {}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::SyncDriver {}
    impl Sealed for super::DeleteDriver {}
    impl Sealed for super::HelmDriver {}
}

/// What every driver offers, so that an executor can walk any plan with one loop. Sealed: only hookplan's
/// drivers implement it.
pub trait Drive: sealed::Sealed + Send + Sync + fmt::Debug {
    /// The plan the driver walks.
    fn plan(&self) -> &Plan;
    /// What to do next. Calling it again without reporting anything gives the same answer (or a `Wait`).
    fn what_next(&mut self) -> Next;
    /// Records what the caller observed about task `id`.
    ///
    /// # Errors
    ///
    /// If `id` was never handed out by this driver (an id from another plan, or made up).
    fn report(&mut self, id: TaskId, outcome: Outcome) -> Result<(), DriverError>;
    /// The task behind an id, `None` for an id the driver never handed out.
    fn task(&self, id: TaskId) -> Option<&Task>;
    /// A confirmation the operation waits for arrived (`argocd.argoproj.io/deletion-approved`). Helm has none.
    fn approve(&mut self);
}

/// The driver for `plan`: a [`SyncDriver`] for an Argo CD sync, a [`DeleteDriver`] for an Argo CD Application
/// deletion, a [`HelmDriver`] for any Helm command.
///
/// # Errors
///
/// None today: every plan hookplan builds has a driver. The `Result` keeps room for plans of later engines.
///
/// ```
/// use hookplan::driver::{for_plan, Next};
/// use hookplan::{Manifests, SyncOperation, plan_delete};
/// let live = Manifests::parse("live.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: old}\n");
/// let mut driver = for_plan(plan_delete(&Manifests::new(), &live, &SyncOperation::new()))?;
/// assert!(matches!(driver.what_next(), Next::Delete(_)));
/// # Ok::<(), hookplan::driver::DriverError>(())
/// ```
pub fn for_plan(plan: impl Into<Arc<Plan>>) -> Result<Box<dyn Drive>, DriverError> {
    let plan = plan.into();
    Ok(match (plan.engine, plan.operation) {
        (Engine::Argocd, Operation::Delete) => Box::new(DeleteDriver::new(plan)?),
        (Engine::Argocd, _) => Box::new(SyncDriver::new(plan)?),
        (Engine::Helm, _) => Box::new(HelmDriver::new(plan)?),
    })
}

/// The state of one task (or of one before-hook-creation deletion) inside a driver.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    Pending,
    /// An instruction for it was given; no outcome yet.
    Started,
    Running,
    Succeeded,
    Failed(String),
}

/// A driver's plan and its tasks as the driver numbers them: (step index, or `None` for a SyncFail hook; index
/// in the list).
#[derive(Clone, Debug)]
pub(crate) struct TaskTable {
    plan: Arc<Plan>,
    entries: Vec<(Option<usize>, usize)>,
}

impl TaskTable {
    pub(crate) fn new(plan: Arc<Plan>) -> TaskTable {
        let mut entries: Vec<(Option<usize>, usize)> = plan
            .steps
            .iter()
            .enumerate()
            .flat_map(|(s, step)| (0..step.tasks.len()).map(move |i| (Some(s), i)))
            .collect();
        entries.extend((0..plan.sync_fail.len()).map(|i| (None, i)));
        TaskTable { plan, entries }
    }

    pub(crate) fn plan(&self) -> &Plan {
        &self.plan
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The step of task `ix`, `None` for a SyncFail hook.
    pub(crate) fn step(&self, ix: usize) -> Option<usize> {
        self.entries[ix].0
    }

    /// The task at index `ix` (an index the driver made).
    pub(crate) fn get(&self, ix: usize) -> &Task {
        match self.entries[ix] {
            (Some(step), i) => &self.plan.steps[step].tasks[i],
            (None, i) => &self.plan.sync_fail[i],
        }
    }

    /// The task behind `id`, `None` for an id that names no task of the plan.
    pub(crate) fn task(&self, id: TaskId) -> Option<&Task> {
        self.index(id).ok().map(|ix| self.get(ix))
    }

    /// The index behind `id`, if the id names a task of this plan.
    pub(crate) fn index(&self, id: TaskId) -> Result<usize, DriverError> {
        let ix = id.index();
        if ix < self.entries.len() { Ok(ix) } else { Err(DriverError::unknown_task(id)) }
    }

    /// The indices of the tasks of step `step`, in order.
    pub(crate) fn of_step(&self, step: usize) -> impl Iterator<Item = usize> + '_ {
        self.entries.iter().enumerate().filter(move |(_, (s, _))| *s == Some(step)).map(|(ix, _)| ix)
    }

    /// The status of each task's before-hook-creation deletion: pending where a previous instance must be
    /// deleted first, already done otherwise.
    pub(crate) fn before_create(&self) -> Vec<Status> {
        (0..self.len())
            .map(|ix| {
                if self.get(ix).live_instance == Some(LiveInstance::DeleteBeforeCreate) {
                    Status::Pending
                } else {
                    Status::Succeeded
                }
            })
            .collect()
    }
}

/// Implements [`Drive`] for a driver through its inherent methods of the same names.
macro_rules! impl_drive {
    ($driver:ty) => {
        impl $crate::driver::Drive for $driver {
            fn plan(&self) -> &$crate::plan::Plan {
                <$driver>::plan(self)
            }
            fn what_next(&mut self) -> $crate::driver::Next {
                <$driver>::what_next(self)
            }
            fn report(
                &mut self,
                id: $crate::driver::TaskId,
                outcome: $crate::driver::Outcome,
            ) -> Result<(), $crate::driver::DriverError> {
                <$driver>::report(self, id, outcome)
            }
            fn task(&self, id: $crate::driver::TaskId) -> Option<&$crate::plan::Task> {
                <$driver>::task(self, id)
            }
            fn approve(&mut self) {
                <$driver>::approve(self);
            }
        }
    };
}

pub(crate) use impl_drive;

/// Task ids from internal indices.
pub(crate) fn ids(indices: &[usize]) -> Vec<TaskId> {
    indices.iter().map(|&ix| TaskId::new(ix)).collect()
}

/// Records `outcome` against a before-hook-creation deletion in progress (`Gone` ends it, and so does `Applied`
/// when the engine does not wait until the object is gone; `Failed` fails it); hands the outcome back when no such
/// deletion is in progress, as it is then the task's own.
pub(crate) fn report_before_create(status: &mut Status, outcome: Outcome, waits_until_gone: bool) -> Option<Outcome> {
    if *status != Status::Started {
        return Some(outcome);
    }
    *status = match outcome {
        Outcome::Failed(message) => Status::Failed(message),
        Outcome::Gone => Status::Succeeded,
        Outcome::Applied if !waits_until_gone => Status::Succeeded,
        _ => Status::Started,
    };
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drivers_are_send_sync_static() {
        fn check<T: Send + Sync + 'static>() {}
        check::<SyncDriver>();
        check::<DeleteDriver>();
        check::<HelmDriver>();
        check::<Box<dyn Drive>>();
        check::<DriverError>();
    }
}
