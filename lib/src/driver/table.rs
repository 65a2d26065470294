//! A driver's plan and its tasks as the drivers number them, and the task states the drivers share.

use std::sync::Arc;

use super::error::DriverError;
use super::instruction::{Outcome, TaskId};
use crate::plan::{LiveInstance, Plan, Task};

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
    /// The index of each step's first task, then one past the last step's (so that a step's tasks are found
    /// without a search).
    step_starts: Vec<usize>,
}

impl TaskTable {
    pub(crate) fn new(plan: Arc<Plan>) -> TaskTable {
        let mut entries: Vec<(Option<usize>, usize)> = plan
            .steps
            .iter()
            .enumerate()
            .flat_map(|(s, step)| (0..step.tasks.len()).map(move |i| (Some(s), i)))
            .collect();
        let mut step_starts = Vec::with_capacity(plan.steps.len() + 1);
        let mut start = 0;
        for step in &plan.steps {
            step_starts.push(start);
            start += step.tasks.len();
        }
        step_starts.push(start);
        entries.extend((0..plan.sync_fail.len()).map(|i| (None, i)));
        TaskTable { plan, entries, step_starts }
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
    pub(crate) fn of_step(&self, step: usize) -> std::ops::Range<usize> {
        match (self.step_starts.get(step), self.step_starts.get(step + 1)) {
            (Some(&start), Some(&end)) => start..end,
            _ => 0..0,
        }
    }

    /// The indices of the SyncFail hooks, in order.
    pub(crate) fn sync_fail(&self) -> std::ops::Range<usize> {
        self.step_starts.last().copied().unwrap_or(0)..self.entries.len()
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
