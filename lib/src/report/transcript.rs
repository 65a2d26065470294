//! The simulation transcript: a plan's driver walked with every task succeeding except the ones named, each
//! instruction recorded with the outcomes reported. What `hookplan simulate --output json` writes.

use std::collections::HashSet;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::argocd::Retry;
use crate::driver::{Drive, DriverError, Health, Next, Outcome, TaskId, WaitFor, for_plan};
use crate::helm::HelmVersion;
use crate::plan::{Engine, Operation, Phase, Plan, SCHEMA_VERSION, Task};
use crate::resource::ResourceRef;

/// The most instructions a walk records before it stops (a driver always ends far sooner; the bound keeps a
/// malformed plan from walking for ever).
pub const MAX_INSTRUCTIONS: usize = 100_000;

/// The most retries of a failed sync a walk shows when the Application retries without end.
const MAX_RETRIES: u32 = 10;

/// One task as a transcript names it: its id, where it runs (phase and wave; Helm: the hook event and weight),
/// and its object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TaskEntry {
    /// The id the driver handed out.
    pub id: TaskId,
    /// Its phase (`SyncFail` for a SyncFail hook).
    pub phase: Phase,
    /// Its wave (Helm: weight; 0 for a SyncFail hook).
    pub wave: i64,
    /// Its object.
    pub resource: ResourceRef,
}

/// What the simulation reported for one task while a [`Next::Wait`] or [`Next::Logs`] waited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Reported {
    /// The task.
    pub task: TaskEntry,
    /// What was reported: a health (`Healthy`, `Degraded`), `Gone`, or for a test Pod's logs `printed` or
    /// `not found`.
    pub outcome: String,
}

/// One instruction of the driver, as the transcript records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Instruction {
    /// The attempt it belongs to: 0, then one more for each retry of a failed sync.
    pub attempt: u32,
    /// Its name ([`Next::name`]): `apply`, `wait`, `done`, ...
    pub instruction: String,
    /// The tasks it names.
    pub tasks: Vec<TaskEntry>,
    /// What the simulation reported while it waited.
    pub reported: Vec<Reported>,
    /// What a `wait` waits for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_for: Option<WaitFor>,
    /// The driver's message (`wait`, `wait-for-confirmation`, `done`), `null` otherwise.
    pub message: Option<String>,
    /// Whether the operation succeeded (`done` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub succeeded: Option<bool>,
}

impl Instruction {
    fn new(attempt: u32, next: &Next, entry: &impl Fn(TaskId) -> TaskEntry, reported: Vec<Reported>) -> Self {
        let (wait_for, message, succeeded) = match next {
            Next::Wait { wait_for, message, .. } => (Some(*wait_for), Some(message.clone()), None),
            Next::WaitForConfirmation { message, .. } => (None, Some(message.clone()), None),
            Next::Done { succeeded, message } => (None, Some(message.clone()), Some(*succeeded)),
            _ => (None, None, None),
        };
        Instruction {
            attempt,
            instruction: next.name().to_string(),
            tasks: next.tasks().iter().map(|&id| entry(id)).collect(),
            reported,
            wait_for,
            message,
            succeeded,
        }
    }

    /// The driver's instruction, rebuilt; `None` for a name that is not an instruction.
    ///
    /// ```
    /// use hookplan::driver::Next;
    /// use hookplan::report::simulate;
    /// use hookplan::{Manifests, SyncOperation, plan_sync};
    /// let plan = plan_sync(&Manifests::parse("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"),
    ///     &SyncOperation::new());
    /// let transcript = simulate(plan, &[], None)?;
    /// assert!(matches!(transcript.instructions[0].next(), Some(Next::Apply(_))));
    /// # Ok::<(), hookplan::driver::DriverError>(())
    /// ```
    pub fn next(&self) -> Option<Next> {
        let ids: Vec<TaskId> = self.tasks.iter().map(|t| t.id).collect();
        let message = || self.message.clone().unwrap_or_default();
        Some(match self.instruction.as_str() {
            "apply" => Next::Apply(ids),
            "delete" => Next::Delete(ids),
            "prune" => Next::Prune(ids),
            "delete-before-create" => Next::DeleteBeforeCreate(ids),
            "run-sync-fail" => Next::RunSyncFail(ids),
            "delete-hooks" => Next::DeleteHooks(ids),
            "logs" => Next::Logs(ids),
            "wait" => Next::Wait { tasks: ids, wait_for: self.wait_for?, message: message() },
            "wait-for-confirmation" => Next::WaitForConfirmation { tasks: ids, message: message() },
            "done" => Next::Done { succeeded: self.succeeded?, message: message() },
            _ => return None,
        })
    }
}

/// One retry of a failed sync (`spec.syncPolicy.retry` of the Application).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RetryAttempt {
    /// The attempt it starts, from 1.
    pub attempt: u32,
    /// The retry limit (negative: without end).
    pub limit: i64,
    /// The wait before it, in seconds.
    pub delay_seconds: f64,
}

/// A simulated operation: every instruction of the plan's driver until `done`, with what was reported.
///
/// `{"schemaVersion": 1, "engine": ..., "operation": ..., "failing": ["Kind/name", ...], "instructions": [...],
/// "retries": [...], "notWaitedFor": [...]}`; see [`simulate`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Transcript {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The plan's engine.
    pub engine: Engine,
    /// The plan's operation.
    pub operation: Operation,
    /// The tasks made to fail, as given (`Kind/name`).
    pub failing: Vec<String>,
    /// Every instruction, in order.
    pub instructions: Vec<Instruction>,
    /// The retries of a failed sync, in order.
    pub retries: Vec<RetryAttempt>,
    /// The tasks applied in the last attempt whose health the driver never asked for (a single-step sync does
    /// not wait for plain resources).
    pub not_waited_for: Vec<TaskEntry>,
}

impl Transcript {
    /// Whether the simulated operation succeeded: `None` when the walk stopped before the driver was done.
    pub fn succeeded(&self) -> Option<bool> {
        self.instructions.last().filter(|i| i.instruction == "done").and_then(|i| i.succeeded)
    }
}

/// Whether `Kind/name` names this object: its name, or its generateName with or without the trailing `-`.
pub fn names(resource: &ResourceRef, wanted: &str) -> bool {
    let Some((kind, name)) = wanted.split_once('/') else { return false };
    kind == resource.kind
        && (resource.name.as_deref() == Some(name)
            || resource.generate_name.as_deref().is_some_and(|g| g == name || g.trim_end_matches('-') == name))
}

/// The tasks of a plan in id order: the steps' tasks, then the SyncFail hooks, each with its phase and wave.
fn tasks_in_id_order(plan: &Plan) -> impl Iterator<Item = (Phase, i64, &Task)> {
    let steps = plan.steps.iter().flat_map(|s| s.tasks.iter().map(move |t| (s.phase, s.wave, t)));
    steps.chain(plan.sync_fail.iter().map(|t| (Phase::SyncFail, 0, t)))
}

/// The `failing` values (`Kind/name`) that name no task of `plan`.
///
/// ```
/// use hookplan::report::unmatched_failures;
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// let plan = plan_sync(&Manifests::parse("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"),
///     &SyncOperation::new());
/// assert_eq!(unmatched_failures(&plan, &["ConfigMap/a".into(), "Job/b".into()]), ["Job/b"]);
/// ```
pub fn unmatched_failures(plan: &Plan, failing: &[String]) -> Vec<String> {
    let mut unmatched: Vec<&String> = failing.iter().collect();
    for (_, _, task) in tasks_in_id_order(plan) {
        unmatched.retain(|f| !names(&task.resource, f));
        if unmatched.is_empty() {
            break;
        }
    }
    unmatched.into_iter().cloned().collect()
}

/// `helm test --logs` on one test hook: Helm reads it as a Pod of its name, so a Pod that exists prints its logs
/// and anything else is an error (Helm 3 `unable to get pod logs for NAME`, Helm 4 `unable to get pod NAME`).
///
/// Upstream: helm@e9b85e4 `pkg/action/release_testing.go` `GetPodLogs`; Helm 3: helm@v3.19.0, same file.
fn read_logs(r: &ResourceRef, alive: &HashSet<ResourceRef>, helm3: bool) -> Outcome {
    let name = r.name.as_deref().unwrap_or_default();
    if r.kind == "Pod" && alive.contains(r) {
        Outcome::Applied
    } else if helm3 {
        Outcome::Failed(format!("unable to get pod logs for {name}: pods \"{name}\" not found"))
    } else {
        Outcome::Failed(format!("unable to get pod {name}: pods \"{name}\" not found"))
    }
}

/// Walks `plan` with its driver ([`for_plan`]) and records every instruction. Every task succeeds except those
/// `failing` names (`Kind/name`: their apply is accepted, then they report `Degraded`); objects being deleted
/// report `Gone`; a deletion approval is given when asked for. With a `retry` strategy (Argo CD), a failed sync
/// is walked again after each backoff, up to the limit (at most ten retries for an unlimited one). The walk stops
/// after [`MAX_INSTRUCTIONS`].
///
/// Each instruction costs time in proportion to the tasks it names: the walk is linear in the plan's size.
///
/// # Errors
///
/// If the plan has no driver ([`for_plan`]'s errors).
///
/// ```
/// use hookplan::report::simulate;
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// let plan = plan_sync(&Manifests::parse("job.yaml", "\
/// apiVersion: batch/v1
/// kind: Job
/// metadata:
///   name: migrate
///   annotations: {argocd.argoproj.io/hook: PreSync}
/// "), &SyncOperation::new());
/// let transcript = simulate(plan, &["Job/migrate".to_string()], None)?;
/// let names: Vec<&str> = transcript.instructions.iter().map(|i| i.instruction.as_str()).collect();
/// assert_eq!(names, ["apply", "wait", "done"]);
/// assert_eq!(transcript.instructions[1].reported[0].outcome, "Degraded");
/// assert_eq!(transcript.succeeded(), Some(false));
/// let json = serde_json::to_string(&transcript).unwrap();
/// assert_eq!(serde_json::from_str::<hookplan::report::Transcript>(&json).unwrap(), transcript);
/// # Ok::<(), hookplan::driver::DriverError>(())
/// ```
pub fn simulate(
    plan: impl Into<Arc<Plan>>,
    failing: &[String],
    retry: Option<Retry>,
) -> Result<Transcript, DriverError> {
    let mut walk = Walk::new(plan, failing, retry)?;
    let instructions = walk.by_ref().collect::<Result<Vec<Instruction>, DriverError>>()?;
    Ok(walk.into_transcript(instructions))
}

/// The walk of [`simulate`], one instruction at a time: an iterator of the transcript's instructions, so that a
/// caller can write each as it comes and hold none (`hookplan simulate` does). After the last one,
/// [`Walk::retries`] and [`Walk::not_waited_for`] complete the transcript.
///
/// ```
/// use hookplan::report::Walk;
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// let plan = plan_sync(&Manifests::parse("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"),
///     &SyncOperation::new());
/// let mut walk = Walk::new(plan, &[], None)?;
/// let names: Vec<String> = walk.by_ref().map(|i| i.map(|i| i.instruction)).collect::<Result<_, _>>()?;
/// assert_eq!(names, ["apply", "done"]);
/// assert_eq!(walk.not_waited_for().len(), 1, "a single-step sync does not wait for the ConfigMap");
/// # Ok::<(), hookplan::driver::DriverError>(())
/// ```
pub struct Walk {
    plan: Arc<Plan>,
    driver: Box<dyn Drive>,
    /// (phase, wave) of each task, by id.
    positions: Vec<(Phase, i64)>,
    failing: Vec<String>,
    retry: Option<Retry>,
    /// Applied and not yet waited for, in apply order; and the same as a set.
    running: Vec<TaskId>,
    is_running: HashSet<TaskId>,
    /// The Pods that exist in the simulated cluster (`helm test --logs` reads only Pods that exist).
    alive: HashSet<ResourceRef>,
    helm3: bool,
    attempt: u32,
    retries: Vec<RetryAttempt>,
    not_waited_for: Vec<TaskEntry>,
    /// Instructions given so far.
    given: usize,
    /// Whether the driver said `done` for the last time.
    finished: bool,
    /// Whether the operation succeeded, once the last `done` is given.
    succeeded: Option<bool>,
}

impl std::fmt::Debug for Walk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Walk").field("attempt", &self.attempt).field("given", &self.given).finish_non_exhaustive()
    }
}

impl Walk {
    /// The start of the walk of `plan`; see [`simulate`].
    ///
    /// # Errors
    ///
    /// If the plan has no driver ([`for_plan`]'s errors).
    pub fn new(plan: impl Into<Arc<Plan>>, failing: &[String], retry: Option<Retry>) -> Result<Walk, DriverError> {
        let plan: Arc<Plan> = plan.into();
        let driver = for_plan(plan.clone())?;
        let positions = tasks_in_id_order(&plan).map(|(phase, wave, _)| (phase, wave)).collect();
        let helm3 = plan.helm_version().ok().flatten().and_then(HelmVersion::v3_minor).is_some();
        Ok(Walk {
            plan,
            driver,
            positions,
            failing: failing.to_vec(),
            retry,
            running: Vec::new(),
            is_running: HashSet::new(),
            alive: HashSet::new(),
            helm3,
            attempt: 0,
            retries: Vec::new(),
            not_waited_for: Vec::new(),
            given: 0,
            finished: false,
            succeeded: None,
        })
    }

    /// The plan walked (shared: clone the `Arc` to keep it beside the walk).
    pub fn plan(&self) -> &Arc<Plan> {
        &self.plan
    }

    /// The retries so far (all of them once the walk is over).
    pub fn retries(&self) -> &[RetryAttempt] {
        &self.retries
    }

    /// The tasks applied in the last attempt that were never waited for: known once the last `done` is given.
    pub fn not_waited_for(&self) -> &[TaskEntry] {
        &self.not_waited_for
    }

    /// Whether the simulated operation succeeded: `None` until the last `done` is given (and when the walk stopped
    /// after [`MAX_INSTRUCTIONS`]).
    pub fn succeeded(&self) -> Option<bool> {
        self.succeeded
    }

    /// The tasks made to fail, as given.
    pub fn failing(&self) -> &[String] {
        &self.failing
    }

    /// The transcript of the walk, given the instructions it gave.
    pub fn into_transcript(self, instructions: Vec<Instruction>) -> Transcript {
        Transcript {
            schema_version: SCHEMA_VERSION,
            engine: self.plan.engine,
            operation: self.plan.operation,
            failing: self.failing,
            instructions,
            retries: self.retries,
            not_waited_for: self.not_waited_for,
        }
    }

    fn entry(&self, id: TaskId) -> TaskEntry {
        let (phase, wave) = self.positions[id.index()];
        let resource = self.resource(id).clone();
        TaskEntry { id, phase, wave, resource }
    }

    fn resource(&self, id: TaskId) -> &ResourceRef {
        &self.driver.task(id).expect("an id the driver handed out").resource
    }

    /// One instruction, carried out.
    fn step(&mut self) -> Result<Instruction, DriverError> {
        let next = self.driver.what_next();
        let mut reported: Vec<Reported> = Vec::new();
        match &next {
            Next::Prune(ids) | Next::Delete(ids) | Next::DeleteBeforeCreate(ids) | Next::DeleteHooks(ids) => {
                for &id in ids {
                    let resource = self.resource(id).clone();
                    self.alive.remove(&resource);
                    self.driver.report(id, Outcome::Gone)?;
                }
            }
            Next::Apply(ids) | Next::RunSyncFail(ids) => {
                for &id in ids {
                    let resource = self.resource(id);
                    if resource.kind == "Pod" {
                        let resource = resource.clone();
                        self.alive.insert(resource);
                    }
                    self.driver.report(id, Outcome::Applied)?;
                    if self.is_running.insert(id) {
                        self.running.push(id);
                    }
                }
            }
            Next::Logs(ids) => {
                for &id in ids {
                    let outcome = read_logs(self.resource(id), &self.alive, self.helm3);
                    let shown = if outcome == Outcome::Applied { "printed" } else { "not found" };
                    reported.push(Reported { task: self.entry(id), outcome: shown.to_string() });
                    self.driver.report(id, outcome)?;
                }
            }
            Next::Wait { tasks: waited, wait_for, .. } => {
                // What was applied reports its health (in apply order), then whatever else the wait names: health,
                // or for objects being deleted, that they are gone.
                let named: HashSet<TaskId> = waited.iter().copied().collect();
                let mut order: Vec<TaskId> = std::mem::take(&mut self.running);
                order.extend(waited.iter().copied().filter(|id| !self.is_running.contains(id)));
                self.is_running.clear();
                for id in order {
                    if *wait_for == WaitFor::Deletion && named.contains(&id) {
                        self.driver.report(id, Outcome::Gone)?;
                        reported.push(Reported { task: self.entry(id), outcome: "Gone".to_string() });
                        continue;
                    }
                    let fails = self.failing.iter().any(|f| names(self.resource(id), f));
                    let health = if fails { Health::Degraded } else { Health::Healthy };
                    self.driver.report(id, Outcome::Health(health))?;
                    reported.push(Reported { task: self.entry(id), outcome: format!("{health:?}") });
                }
            }
            Next::WaitForConfirmation { .. } => self.driver.approve(),
            Next::Done { succeeded, .. } => {
                let attempt = self.attempt;
                let retry = self
                    .retry
                    .filter(|r| !*succeeded && (r.limit < 0 || i64::from(attempt) < r.limit) && attempt < MAX_RETRIES);
                if let Some(retry) = retry {
                    self.attempt += 1;
                    self.retries.push(RetryAttempt {
                        attempt: self.attempt,
                        limit: retry.limit,
                        delay_seconds: retry.delay(attempt).as_secs_f64(),
                    });
                    self.running.clear();
                    self.is_running.clear();
                    self.driver = for_plan(self.plan.clone())?;
                } else {
                    self.not_waited_for = self.running.iter().map(|&id| self.entry(id)).collect();
                    self.finished = true;
                    self.succeeded = Some(*succeeded);
                }
                let entry = |id| self.entry(id);
                return Ok(Instruction::new(attempt, &next, &entry, reported));
            }
        }
        let entry = |id| self.entry(id);
        Ok(Instruction::new(self.attempt, &next, &entry, reported))
    }
}

impl Iterator for Walk {
    type Item = Result<Instruction, DriverError>;

    /// The next instruction, carried out; `None` after the last `done`, or after [`MAX_INSTRUCTIONS`].
    fn next(&mut self) -> Option<Self::Item> {
        if self.finished || self.given >= MAX_INSTRUCTIONS {
            return None;
        }
        self.given += 1;
        let instruction = self.step();
        if instruction.is_err() {
            self.finished = true;
        }
        Some(instruction)
    }
}
