//! The simulation transcript: a plan's driver walked with every task succeeding except the ones named, each
//! instruction recorded with the outcomes reported. What `hookplan simulate --output json` writes.

use std::collections::HashSet;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::argocd::Retry;
use crate::driver::{DriverError, Health, Next, Outcome, TaskId, WaitFor, for_plan};
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
    let plan: Arc<Plan> = plan.into();
    let mut driver = for_plan(plan.clone())?;
    let tasks: Vec<(Phase, i64, &Task)> = tasks_in_id_order(&plan).collect();
    let entry = |id: TaskId| {
        let (phase, wave, task) = tasks[id.index()];
        TaskEntry { id, phase, wave, resource: task.resource.clone() }
    };
    let fails = |id: TaskId| failing.iter().any(|f| names(&tasks[id.index()].2.resource, f));
    let mut transcript = Transcript {
        schema_version: SCHEMA_VERSION,
        engine: plan.engine,
        operation: plan.operation,
        failing: failing.to_vec(),
        instructions: Vec::new(),
        retries: Vec::new(),
        not_waited_for: Vec::new(),
    };
    // Applied and not yet waited for, in apply order; and the same as a set.
    let mut running: Vec<TaskId> = Vec::new();
    let mut is_running: HashSet<TaskId> = HashSet::new();
    // The Pods that exist in the simulated cluster (`helm test --logs` reads only Pods that exist).
    let mut alive: HashSet<ResourceRef> = HashSet::new();
    let helm3 = plan.helm_version().ok().flatten().and_then(HelmVersion::v3_minor).is_some();
    let mut attempt = 0;
    while transcript.instructions.len() < MAX_INSTRUCTIONS {
        let next = driver.what_next();
        let mut reported: Vec<Reported> = Vec::new();
        match &next {
            Next::Prune(ids) | Next::Delete(ids) | Next::DeleteBeforeCreate(ids) | Next::DeleteHooks(ids) => {
                for &id in ids {
                    alive.remove(&tasks[id.index()].2.resource);
                    driver.report(id, Outcome::Gone)?;
                }
            }
            Next::Apply(ids) | Next::RunSyncFail(ids) => {
                for &id in ids {
                    let resource = &tasks[id.index()].2.resource;
                    if resource.kind == "Pod" {
                        alive.insert(resource.clone());
                    }
                    driver.report(id, Outcome::Applied)?;
                    if is_running.insert(id) {
                        running.push(id);
                    }
                }
            }
            Next::Logs(ids) => {
                for &id in ids {
                    let outcome = read_logs(&tasks[id.index()].2.resource, &alive, helm3);
                    let shown = if outcome == Outcome::Applied { "printed" } else { "not found" };
                    reported.push(Reported { task: entry(id), outcome: shown.to_string() });
                    driver.report(id, outcome)?;
                }
            }
            Next::Wait { tasks: waited, wait_for, .. } => {
                // What was applied reports its health (in apply order), then whatever else the wait names: health,
                // or for objects being deleted, that they are gone.
                let named: HashSet<TaskId> = waited.iter().copied().collect();
                let mut order: Vec<TaskId> = std::mem::take(&mut running);
                order.extend(waited.iter().copied().filter(|id| !is_running.contains(id)));
                is_running.clear();
                for id in order {
                    if *wait_for == WaitFor::Deletion && named.contains(&id) {
                        driver.report(id, Outcome::Gone)?;
                        reported.push(Reported { task: entry(id), outcome: "Gone".to_string() });
                        continue;
                    }
                    let health = if fails(id) { Health::Degraded } else { Health::Healthy };
                    driver.report(id, Outcome::Health(health))?;
                    reported.push(Reported { task: entry(id), outcome: format!("{health:?}") });
                }
            }
            Next::WaitForConfirmation { .. } => driver.approve(),
            Next::Done { succeeded, .. } => {
                let failed = !*succeeded;
                transcript.instructions.push(Instruction::new(attempt, &next, &entry, reported));
                let retry =
                    retry.filter(|r| failed && (r.limit < 0 || i64::from(attempt) < r.limit) && attempt < MAX_RETRIES);
                if let Some(retry) = retry {
                    attempt += 1;
                    transcript.retries.push(RetryAttempt {
                        attempt,
                        limit: retry.limit,
                        delay_seconds: retry.delay(attempt - 1).as_secs_f64(),
                    });
                    running.clear();
                    is_running.clear();
                    driver = for_plan(plan.clone())?;
                    continue;
                }
                transcript.not_waited_for = running.iter().map(|&id| entry(id)).collect();
                return Ok(transcript);
            }
        }
        transcript.instructions.push(Instruction::new(attempt, &next, &entry, reported));
    }
    Ok(transcript)
}
