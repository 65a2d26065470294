//! The driver of an Argo CD Application deletion plan.

use std::sync::Arc;

use crate::argocd::DeletePolicy;
use crate::driver::error::DriverError;
use crate::driver::instruction::{Health, Next, Outcome, TaskId, WaitFor};
use crate::driver::table::{Status, TaskTable, ids};
use crate::plan::{Engine, LiveInstance, Operation, Phase, Plan, Task};
use crate::resource::ResourceRef;

/// Where the deletion is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// Running the steps (PreDelete hooks, the Delete waves, PostDelete hooks).
    Steps,
    /// Deleting the hooks of this phase by policy (PreDelete, then PostDelete).
    Cleanup(Phase),
    Finished,
}

/// The driver of an Argo CD Application deletion over a plan of [`crate::plan_delete`].
///
/// It follows the controller (argo-cd@37ee009 `controller/appcontroller.go` `finalizeApplicationDeletion`,
/// `controller/hook.go` `executeHooks` and `cleanupHooks`), one step at a time:
/// - **PreDelete** and **PostDelete** steps: every hook not yet live is created at once ([`Next::Apply`]; the
///   task's action is `create`), then every hook of the step is waited for until none is Progressing. A
///   Degraded hook is deleted ([`Next::DeleteHooks`]) so that a retry can create it again, and this attempt
///   ends failed with upstream's error `PreDelete hook(s) failed: NAMESPACE/NAME` (the controller retries the
///   deletion on its next pass: build a new driver). Any other health (Healthy, no health check, Suspended,
///   Unknown, Missing) lets the step complete, as upstream counts only Progressing and Degraded. Before Argo CD
///   v3.3.0 a Degraded hook lets the step complete too (only Progressing is waited for).
/// - **Delete** steps, highest wave first: while any object still to delete, in any wave, needs confirmation and
///   [`DeleteDriver::approve`] was not called, [`Next::WaitForConfirmation`] (before the first wave: upstream
///   deletes nothing until then); then every object of the wave is deleted at once ([`Next::Delete`])
///   and waited for until it is gone (report `Gone`). A failed delete call ends the attempt failed.
/// - **Cleanup**: the PreDelete hooks, then the PostDelete hooks, are deleted by the aggregate (worst) health of
///   the hooks of their type: those with HookSucceeded when it is Healthy, those with HookFailed when it is
///   Degraded; the driver waits until they are gone. A hook with neither policy stays.
///
/// See [`crate::driver`] for ids, ownership and replay.
///
/// ```
/// use hookplan::driver::{DeleteDriver, Next, Outcome, WaitFor};
/// use hookplan::{Manifests, SyncOperation, plan_delete};
/// let live = Manifests::parse("live.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n");
/// let mut driver = DeleteDriver::new(plan_delete(&Manifests::new(), &live, &SyncOperation::new()))?;
/// let Next::Delete(ids) = driver.what_next() else { panic!() };
/// driver.report(ids[0], Outcome::Applied)?;
/// assert!(matches!(driver.what_next(), Next::Wait { wait_for: WaitFor::Deletion, .. }));
/// driver.report(ids[0], Outcome::Gone)?;
/// assert_eq!(driver.what_next(), Next::Done { succeeded: true, message: "application deleted".into() });
/// # Ok::<(), hookplan::driver::DriverError>(())
/// ```
#[derive(Clone, Debug)]
pub struct DeleteDriver {
    table: TaskTable,
    status: Vec<Status>,
    /// The health last reported for each hook.
    health: Vec<Option<Health>>,
    /// Hooks whose policy deletion was handed out (by cleanup or after a failure).
    deleting: Vec<bool>,
    step: usize,
    stage: Stage,
    approved: bool,
    failure: Option<String>,
    done: Option<Next>,
    /// The Argo CD release the plan follows.
    version: crate::argocd::ArgocdVersion,
}

impl DeleteDriver {
    /// A driver at the start of the Application deletion.
    ///
    /// # Errors
    ///
    /// If `plan` is not an Argo CD Application deletion plan (a sync plan, or a Helm plan), or its
    /// `engine_version` is not an Argo CD release hookplan follows.
    pub fn new(plan: impl Into<Arc<Plan>>) -> Result<DeleteDriver, DriverError> {
        let plan = plan.into();
        if plan.engine != Engine::Argocd || plan.operation != Operation::Delete {
            return Err(DriverError::wrong_plan("DeleteDriver", "Argo CD Application deletion plans", &plan));
        }
        let version =
            plan.argocd_version().map_err(|e| DriverError::unknown_version(e.to_string()))?.unwrap_or_default();
        let table = TaskTable::new(plan);
        let status = (0..table.len())
            .map(|ix| {
                // A hook that is already live is not created again, only waited for.
                if table.get(ix).live_instance == Some(LiveInstance::AlreadyRunning) {
                    Status::Running
                } else {
                    Status::Pending
                }
            })
            .collect();
        Ok(DeleteDriver {
            status,
            health: vec![None; table.len()],
            deleting: vec![false; table.len()],
            table,
            step: 0,
            stage: Stage::Steps,
            approved: false,
            failure: None,
            done: None,
            version,
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

    fn phase_of(&self, ix: usize) -> Option<Phase> {
        self.table.step(ix).map(|s| self.table.plan().steps[s].phase)
    }

    /// The Application's deletion approval (`argocd.argoproj.io/deletion-approved`) arrived.
    pub fn approve(&mut self) {
        self.approved = true;
    }

    /// Records what the caller observed about task `id`: `Applied` or `Failed` for a create or delete call,
    /// a hook's `Health`, `Gone` once a deleted object is gone.
    ///
    /// # Errors
    ///
    /// If `id` was never handed out by this driver.
    pub fn report(&mut self, id: TaskId, outcome: Outcome) -> Result<(), DriverError> {
        let ix = self.table.index(id)?;
        if self.deleting[ix] {
            // A policy deletion: only its end matters.
            if outcome == Outcome::Gone {
                self.deleting[ix] = false;
            }
            return Ok(());
        }
        match outcome {
            Outcome::Failed(message) => {
                self.status[ix] = Status::Failed(message.clone());
                if self.failure.is_none() {
                    self.failure = Some(message);
                }
            }
            Outcome::Applied => self.status[ix] = Status::Running,
            Outcome::Gone => self.status[ix] = Status::Succeeded,
            Outcome::Health(health) => {
                self.health[ix] = Some(health);
                if self.at(ix).hook && self.at(ix).action != crate::plan::Action::Delete {
                    self.status[ix] = match health {
                        Health::Progressing => Status::Running,
                        // Before v3.3.0 only Progressing is waited for: a Degraded hook counts as finished
                        // (argo-cd v3.2.0 `executePostDeleteHooks` in `controller/hook.go`).
                        Health::Degraded if self.version.pre_delete_hooks() => Status::Failed(String::new()),
                        _ => Status::Succeeded,
                    };
                }
            }
        }
        Ok(())
    }

    /// What to do next. Calling it again without reporting anything gives the same answer (or a `Wait`).
    pub fn what_next(&mut self) -> Next {
        if let Some(done) = &self.done {
            return done.clone();
        }
        let next = loop {
            let next = match self.stage {
                Stage::Steps => self.next_in_steps(),
                Stage::Cleanup(phase) => self.cleanup(phase),
                Stage::Finished => Some(Next::Done { succeeded: true, message: "application deleted".into() }),
            };
            if let Some(next) = next {
                break next;
            }
        };
        if matches!(next, Next::Done { .. }) {
            self.done = Some(next.clone());
        }
        next
    }

    fn next_in_steps(&mut self) -> Option<Next> {
        if let Some(message) = self.failure.clone() {
            return Some(Next::Done { succeeded: false, message });
        }
        let Some(step) = self.table.plan().steps.get(self.step) else {
            self.stage = Stage::Cleanup(Phase::PreDelete);
            return None;
        };
        let phase = step.phase;
        let tasks: Vec<usize> = self.table.of_step(self.step).collect();
        if phase == Phase::Delete { self.delete_wave(&tasks) } else { self.hooks(phase, &tasks) }
    }

    /// `executeHooks`: create what is not live, wait while any is Progressing, fail on Degraded.
    fn hooks(&mut self, phase: Phase, tasks: &[usize]) -> Option<Next> {
        let pending: Vec<usize> = tasks.iter().copied().filter(|&ix| self.status[ix] == Status::Pending).collect();
        if !pending.is_empty() {
            for &ix in &pending {
                self.status[ix] = Status::Started;
            }
            return Some(Next::Apply(ids(&pending)));
        }
        let degraded: Vec<usize> =
            tasks.iter().copied().filter(|&ix| self.status[ix] == Status::Failed(String::new())).collect();
        let waiting: Vec<usize> =
            tasks.iter().copied().filter(|&ix| matches!(self.status[ix], Status::Started | Status::Running)).collect();
        if !degraded.is_empty() && waiting.iter().all(|&ix| self.status[ix] != Status::Started) {
            let names: Vec<String> = degraded.iter().map(|&ix| self.namespaced_name(ix)).collect();
            self.failure = Some(format!("{phase} hook(s) failed: {}", names.join(", ")));
            for &ix in &degraded {
                self.deleting[ix] = true;
            }
            return Some(Next::DeleteHooks(ids(&degraded)));
        }
        if !waiting.is_empty() {
            let started = waiting.iter().any(|&ix| self.status[ix] == Status::Started);
            let wait_for = if started { WaitFor::Response } else { WaitFor::HookCompletion };
            let message = format!("waiting for {} {phase} hooks to complete", waiting.len());
            return Some(Next::Wait { tasks: ids(&waiting), wait_for, message });
        }
        self.step += 1;
        None
    }

    /// One wave of live objects: confirmation, the deletion, and the wait until they are gone.
    fn delete_wave(&mut self, tasks: &[usize]) -> Option<Next> {
        let pending: Vec<usize> = tasks.iter().copied().filter(|&ix| self.status[ix] == Status::Pending).collect();
        if !pending.is_empty() {
            // Every object still to delete, in any wave: one that needs confirmation holds the whole deletion
            // (`finalizeApplicationDeletion` returns before deleting anything while one is unapproved).
            let unconfirmed: Vec<usize> = (0..self.table.len())
                .filter(|&ix| {
                    self.phase_of(ix) == Some(Phase::Delete)
                        && self.status[ix] == Status::Pending
                        && self.at(ix).needs_confirmation
                })
                .collect();
            if !unconfirmed.is_empty() && !self.approved {
                let names: Vec<String> = unconfirmed.iter().map(|&ix| self.at(ix).resource.to_string()).collect();
                let message = format!("waiting for deletion confirmation of {}", names.join(", "));
                return Some(Next::WaitForConfirmation { tasks: ids(&unconfirmed), message });
            }
            for &ix in &pending {
                self.status[ix] = Status::Started;
            }
            return Some(Next::Delete(ids(&pending)));
        }
        let waiting: Vec<usize> =
            tasks.iter().copied().filter(|&ix| matches!(self.status[ix], Status::Started | Status::Running)).collect();
        if !waiting.is_empty() {
            let message = format!("waiting for deletion of {} resources", waiting.len());
            return Some(Next::Wait { tasks: ids(&waiting), wait_for: WaitFor::Deletion, message });
        }
        self.step += 1;
        None
    }

    /// `cleanupHooks(phase)`: delete the hooks of the phase whose policy matches the aggregate health, wait until
    /// they are gone, then go on (PreDelete, then PostDelete, then done).
    fn cleanup(&mut self, phase: Phase) -> Option<Next> {
        // A hook the cascade deleted (a PreDelete hook this deletion created) is gone: its cleanup finds nothing.
        let deletes: std::collections::HashSet<&ResourceRef> = (0..self.table.len())
            .filter(|&ix| self.phase_of(ix) == Some(Phase::Delete))
            .map(|ix| &self.at(ix).resource)
            .collect();
        let hooks: Vec<usize> = (0..self.table.len())
            .filter(|&ix| self.phase_of(ix) == Some(phase) && !deletes.contains(&&self.at(ix).resource))
            .collect();
        let in_progress: Vec<usize> = hooks.iter().copied().filter(|&ix| self.deleting[ix]).collect();
        if !in_progress.is_empty() {
            let message = format!("Waiting for {} {phase} hooks to be deleted", in_progress.len());
            return Some(Next::Wait { tasks: ids(&in_progress), wait_for: WaitFor::Deletion, message });
        }
        let unhandled: Vec<usize> = hooks.iter().copied().filter(|&ix| self.status[ix] == Status::Succeeded).collect();
        if !unhandled.is_empty() {
            let aggregate = unhandled.iter().filter_map(|&ix| self.health[ix]).fold(Health::Healthy, worse);
            let delete: Vec<usize> = unhandled
                .iter()
                .copied()
                .filter(|&ix| {
                    let policies = &self.at(ix).delete_policies;
                    (policies.contains(DeletePolicy::HookFailed) && aggregate == Health::Degraded)
                        || (policies.contains(DeletePolicy::HookSucceeded) && aggregate == Health::Healthy)
                })
                .collect();
            for &ix in &unhandled {
                self.status[ix] = Status::Pending; // handled: not looked at again
            }
            if !delete.is_empty() {
                for &ix in &delete {
                    self.deleting[ix] = true;
                }
                return Some(Next::DeleteHooks(ids(&delete)));
            }
        }
        self.stage = if phase == Phase::PreDelete { Stage::Cleanup(Phase::PostDelete) } else { Stage::Finished };
        None
    }

    /// `namespace/name` as upstream's failure message writes it.
    fn namespaced_name(&self, ix: usize) -> String {
        let r = &self.at(ix).resource;
        format!("{}/{}", r.namespace.as_deref().unwrap_or_default(), r.name.as_deref().unwrap_or_default())
    }
}

/// The worse of two health statuses in gitops-engine's order (argo-cd@37ee009 `gitops-engine/pkg/health/health.go`
/// `healthOrder`, `IsWorse`): Healthy, Suspended, Progressing, Missing, Degraded, Unknown. A kind without a
/// health check counts as Healthy (`cleanupHooks`).
fn worse(a: Health, b: Health) -> Health {
    let rank = |h: Health| match h {
        Health::Healthy | Health::NoHealthCheck => 0,
        Health::Suspended => 1,
        Health::Progressing => 2,
        Health::Missing => 3,
        Health::Degraded => 4,
        Health::Unknown => 5,
    };
    let a = if a == Health::NoHealthCheck { Health::Healthy } else { a };
    if rank(b) > rank(a) { b } else { a }
}

crate::driver::drive::impl_drive!(DeleteDriver);
