//! `hookplan simulate`: walks the plan's driver, with every task succeeding except the ones the user names, and
//! records each instruction and the outcomes reported, as text for people or JSON for tools.

use std::fmt::Write;
use std::sync::Arc;
use std::time::Duration;

use hookplan::argocd::Retry;
use hookplan::driver::{Drive, DriverError, Health, Next, Outcome, TaskId, WaitFor, for_plan};
use hookplan::plan::{Engine, Operation, Phase};
use hookplan::{Plan, ResourceRef};
use serde_json::json;

/// `Kind/namespace/name` (or `generateName*`) as the table shows it.
fn object(resource: &ResourceRef) -> String {
    let name = match (&resource.name, &resource.generate_name) {
        (Some(name), _) => name.to_string(),
        (None, Some(generate_name)) => format!("{generate_name}*"),
        (None, None) => "<unnamed>".to_string(),
    };
    let text = match &resource.namespace {
        Some(namespace) => format!("{}/{namespace}/{name}", resource.kind),
        None => format!("{}/{name}", resource.kind),
    };
    crate::safe::cell(&text, 200)
}

/// Whether `Kind/name` names this object: its name, or its generateName with or without the trailing `-`.
fn named(resource: &ResourceRef, wanted: &str) -> bool {
    let Some((kind, name)) = wanted.split_once('/') else { return false };
    kind == resource.kind
        && (resource.name.as_deref() == Some(name)
            || resource.generate_name.as_deref().is_some_and(|g| g == name || g.trim_end_matches('-') == name))
}

/// The `--fail` values that name no task of the plan.
pub fn unmatched_failures(plan: &Plan, fail: &[String]) -> Vec<String> {
    let resources: Vec<&ResourceRef> =
        plan.steps.iter().flat_map(|s| &s.tasks).chain(&plan.sync_fail).map(|t| &t.resource).collect();
    fail.iter().filter(|f| !resources.iter().any(|r| named(r, f))).cloned().collect()
}

/// One instruction of the driver, with the health the simulation reported while it waited.
struct Record {
    /// The attempt the instruction belongs to: 0, then one per retry of a failed sync.
    attempt: u32,
    next: Next,
    /// (task, health reported or `Gone`) for a wait.
    reported: Vec<(TaskId, String)>,
}

/// The simulation: the title and every instruction until `Done`.
pub struct Simulation {
    title: String,
    failing: Vec<String>,
    engine: Engine,
    records: Vec<Record>,
    positions: Vec<(Phase, i64)>,
    resources: Vec<ResourceRef>,
    /// Each task's `outputLogs` (Helm: when its pods' logs are printed).
    output_logs: Vec<Vec<String>>,
    /// Helm: what happens after a failure (`--atomic`, `--cleanup-on-fail`).
    on_failure: Option<hookplan::plan::OnFailure>,
    not_waited_for: Vec<TaskId>,
    /// For each retry: (its number from 1, the limit, the wait before it).
    retries: Vec<(u32, i64, Duration)>,
}

/// `helm test --logs` on one test hook: Helm reads it as a Pod of its name, so a Pod that exists prints its logs and
/// anything else is an error (Helm 3 `unable to get pod logs for NAME`, Helm 4 `unable to get pod NAME`).
fn read_logs(r: &ResourceRef, alive: &std::collections::HashSet<String>, helm3: bool) -> Outcome {
    let name = r.name.as_deref().unwrap_or_default();
    if r.kind == "Pod" && alive.contains(&r.to_string()) {
        Outcome::Applied
    } else if helm3 {
        Outcome::Failed(format!("unable to get pod logs for {name}: pods \"{name}\" not found"))
    } else {
        Outcome::Failed(format!("unable to get pod {name}: pods \"{name}\" not found"))
    }
}

/// Walks `plan` with its driver; `fail` lists `Kind/name` of the tasks that fail (their apply is accepted, then
/// they turn Degraded). With a retry strategy, a failed sync is walked again after each backoff, up to the
/// limit (at most ten retries are shown for an unlimited one).
///
/// # Errors
///
/// If the plan has no driver.
pub fn run(plan: Plan, fail: &[String], retry: Option<Retry>) -> Result<Simulation, DriverError> {
    let title = match (plan.engine, plan.operation) {
        (Engine::Argocd, Operation::Sync) => "Argo CD sync".to_string(),
        (Engine::Argocd, _) => "Argo CD Application deletion".to_string(),
        (_, operation) => format!("Helm {operation}"),
    };
    let mut positions: Vec<(Phase, i64)> =
        plan.steps.iter().flat_map(|s| s.tasks.iter().map(move |_| (s.phase, s.wave))).collect();
    positions.extend(plan.sync_fail.iter().map(|_| (Phase::SyncFail, 0)));
    let resources: Vec<ResourceRef> =
        plan.steps.iter().flat_map(|s| &s.tasks).chain(&plan.sync_fail).map(|t| t.resource.clone()).collect();
    let output_logs: Vec<Vec<String>> =
        plan.steps.iter().flat_map(|s| &s.tasks).chain(&plan.sync_fail).map(|t| t.output_logs.clone()).collect();
    let engine = plan.engine;
    let plan = Arc::new(plan);
    let mut driver = for_plan(plan.clone())?;
    let mut simulation = Simulation {
        title,
        failing: fail.to_vec(),
        engine,
        records: Vec::new(),
        positions,
        resources,
        output_logs,
        on_failure: plan.on_failure.clone(),
        not_waited_for: Vec::new(),
        retries: Vec::new(),
    };
    let mut running: Vec<TaskId> = Vec::new();
    // What exists in the simulated cluster, as `kind/namespace/name`: created by an apply, gone after a delete
    // (`helm test --logs` reads only Pods that exist).
    let mut alive: std::collections::HashSet<String> = std::collections::HashSet::new();
    let helm3 = plan.helm_version().ok().flatten().and_then(hookplan::helm::HelmVersion::v3_minor).is_some();
    let mut attempt = 0;
    for _ in 0..100_000 {
        let next = driver.what_next();
        let mut reported: Vec<(TaskId, String)> = Vec::new();
        match &next {
            Next::Prune(ids) | Next::Delete(ids) | Next::DeleteBeforeCreate(ids) | Next::DeleteHooks(ids) => {
                for &id in ids {
                    alive.remove(&simulation.resources[id.index()].to_string());
                    report(driver.as_mut(), id, Outcome::Gone)?;
                }
            }
            Next::Apply(ids) | Next::RunSyncFail(ids) => {
                for &id in ids {
                    alive.insert(simulation.resources[id.index()].to_string());
                    report(driver.as_mut(), id, Outcome::Applied)?;
                }
                running.extend(ids);
            }
            Next::FetchLogs(ids) => {
                for &id in ids {
                    let outcome = read_logs(&simulation.resources[id.index()], &alive, helm3);
                    reported.push((id, if outcome == Outcome::Applied { "printed" } else { "not found" }.to_string()));
                    report(driver.as_mut(), id, outcome)?;
                }
            }
            Next::Wait { tasks, waiting_for, .. } => {
                // What was applied reports its health (in apply order), then whatever else the wait names: health,
                // or for objects being deleted, that they are gone.
                let mut order: Vec<TaskId> = std::mem::take(&mut running);
                let rest: Vec<TaskId> = tasks.iter().copied().filter(|id| !order.contains(id)).collect();
                order.extend(rest);
                for id in order {
                    if *waiting_for == WaitFor::Deletion && tasks.contains(&id) {
                        report(driver.as_mut(), id, Outcome::Gone)?;
                        reported.push((id, "Gone".to_string()));
                        continue;
                    }
                    let failing = fail.iter().any(|f| named(&simulation.resources[id.index()], f));
                    let health = if failing { Health::Degraded } else { Health::Healthy };
                    report(driver.as_mut(), id, Outcome::Health(health))?;
                    reported.push((id, format!("{health:?}")));
                }
            }
            Next::WaitForConfirmation { .. } => driver.approve(),
            Next::Done { succeeded, .. } => {
                let failed = !*succeeded;
                simulation.records.push(Record { attempt, next, reported });
                let retry = retry.filter(|r| failed && (r.limit < 0 || i64::from(attempt) < r.limit) && attempt < 10);
                if let Some(retry) = retry {
                    attempt += 1;
                    simulation.retries.push((attempt, retry.limit, retry.delay(attempt - 1)));
                    running.clear();
                    driver = for_plan(plan.clone())?;
                    continue;
                }
                simulation.not_waited_for = running;
                return Ok(simulation);
            }
            _ => {}
        }
        simulation.records.push(Record { attempt, next, reported });
    }
    Ok(simulation)
}

/// A duration as Argo CD prints it: `5s`, `1m20s`.
fn seconds(delay: Duration) -> String {
    let total = delay.as_secs();
    let (minutes, seconds) = (total / 60, total % 60);
    match (minutes, seconds) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m{s}s"),
    }
}

fn report(driver: &mut dyn Drive, id: TaskId, outcome: Outcome) -> Result<(), DriverError> {
    driver.report(id, outcome)
}

impl Simulation {
    fn list(&self, ids: &[TaskId]) -> String {
        ids.iter().map(|id| object(&self.resources[id.index()])).collect::<Vec<_>>().join(", ")
    }

    fn at(&self, ids: &[TaskId]) -> String {
        let (phase, wave) = self.positions[ids[0].index()];
        match (self.engine, phase) {
            (Engine::Helm, _) => format!("{phase} weight {wave}"),
            (_, Phase::PreDelete | Phase::PostDelete) => phase.to_string(),
            _ => format!("{phase} wave {wave}"),
        }
    }

    /// The simulation as text for people.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let failing = if self.failing.is_empty() {
            "every task succeeds".to_string()
        } else {
            format!("failing {}", self.failing.join(", "))
        };
        let _ = writeln!(out, "Simulated {} ({failing}):\n", self.title);
        let mut n = 0;
        let mut attempt = 0;
        for record in &self.records {
            if record.attempt != attempt {
                attempt = record.attempt;
                if let Some((number, limit, delay)) = self.retries.iter().find(|r| r.0 == attempt) {
                    let of = if *limit < 0 { "unlimited".to_string() } else { limit.to_string() };
                    let _ =
                        writeln!(out, "\nRetry {number} of {of}, after {} (spec.syncPolicy.retry):\n", seconds(*delay));
                    n = 0;
                }
            }
            let ids: Vec<TaskId> = record.next.tasks().to_vec();
            let text = match &record.next {
                Next::Prune(_) if self.engine == Engine::Helm => {
                    format!("delete   {}: {}", self.at(&ids), self.list(&ids))
                }
                Next::Prune(_) => format!("prune    {}: {}", self.at(&ids), self.list(&ids)),
                Next::Delete(_) => format!("delete   {}: {}", self.at(&ids), self.list(&ids)),
                Next::DeleteBeforeCreate(_) => {
                    format!("delete   previous instances (BeforeHookCreation): {}", self.list(&ids))
                }
                Next::Apply(_) => format!("apply    {}: {}", self.at(&ids), self.list(&ids)),
                Next::RunSyncFail(_) => format!("run      SyncFail hooks: {}", self.list(&ids)),
                Next::Wait { message, .. } => format!("wait     {}", crate::safe::text(message)),
                Next::WaitForConfirmation { message, .. } => {
                    format!("wait     {} (simulated: approved)", crate::safe::text(message))
                }
                Next::DeleteHooks(_) => format!("delete   hooks by policy: {}", self.list(&ids)),
                Next::FetchLogs(_) => format!("logs     of the test pods (helm test --logs): {}", self.list(&ids)),
                Next::Done { succeeded, message } => {
                    if !self.not_waited_for.is_empty() {
                        let _ = writeln!(out, "              (not waited for: {})", self.list(&self.not_waited_for));
                    }
                    let outcome = if *succeeded { "Succeeded" } else { "Failed" };
                    let _ = writeln!(out, "\n{outcome}: {}", crate::safe::text(message));
                    if let (false, Some(on_failure)) = (*succeeded, &self.on_failure) {
                        let _ = writeln!(out, "then: {}", crate::table::failure_text(on_failure));
                    }
                    continue;
                }
                other => format!("{:<8} {}", other.name(), self.list(&ids)),
            };
            n += 1;
            let _ = writeln!(out, "{n:>3}. {text}");
            let outcomes: Vec<String> = record
                .reported
                .iter()
                .map(|(id, outcome)| format!("{} {outcome}", object(&self.resources[id.index()])))
                .collect();
            if !outcomes.is_empty() {
                let _ = writeln!(out, "              -> {}", outcomes.join(", "));
            }
            // Helm prints a Job's or Pod's logs when its outcome matches its hook-output-log-policy.
            for (id, outcome) in &record.reported {
                let policy = match outcome.as_str() {
                    "Healthy" => "hook-succeeded",
                    "Degraded" => "hook-failed",
                    _ => continue,
                };
                if self.output_logs[id.index()].iter().any(|p| p == policy) {
                    let _ = writeln!(
                        out,
                        "              logs printed: the pods of {} ({policy})",
                        object(&self.resources[id.index()])
                    );
                }
            }
        }
        if !matches!(self.records.last(), Some(Record { next: Next::Done { .. }, .. })) {
            out.push_str("\nstopped after 100,000 instructions\n");
        }
        out
    }

    /// Whether the simulated operation succeeded: `None` when the walk stopped before the driver was done.
    pub fn succeeded(&self) -> Option<bool> {
        match self.records.last() {
            Some(Record { next: Next::Done { succeeded, .. }, .. }) => Some(*succeeded),
            _ => None,
        }
    }

    /// The simulation as JSON: `{"schemaVersion":1,"instructions":[...]}`.
    pub fn json(&self) -> String {
        let instructions: Vec<serde_json::Value> = self
            .records
            .iter()
            .map(|record| {
                let task = |id: TaskId| {
                    let (phase, wave) = self.positions[id.index()];
                    json!({ "id": id, "phase": phase, "wave": wave, "resource": self.resources[id.index()] })
                };
                let tasks: Vec<serde_json::Value> = record.next.tasks().iter().map(|&id| task(id)).collect();
                let reported: Vec<serde_json::Value> = record
                    .reported
                    .iter()
                    .map(|(id, outcome)| json!({ "task": task(*id), "outcome": outcome }))
                    .collect();
                let mut value = json!({
                    "instruction": record.next.name(),
                    "attempt": record.attempt,
                    "tasks": tasks,
                    "reported": reported,
                });
                match &record.next {
                    Next::Wait { waiting_for, message, .. } => {
                        value["waitingFor"] = json!(waiting_for);
                        value["message"] = json!(message);
                    }
                    Next::WaitForConfirmation { message, .. } => value["message"] = json!(message),
                    Next::Done { succeeded, message } => {
                        value["succeeded"] = json!(succeeded);
                        value["message"] = json!(message);
                    }
                    _ => value["message"] = serde_json::Value::Null,
                }
                value
            })
            .collect();
        let retries: Vec<serde_json::Value> = self
            .retries
            .iter()
            .map(|(number, limit, delay)| json!({ "attempt": number, "limit": limit, "delaySeconds": delay.as_secs_f64() }))
            .collect();
        let document = json!({
            "schemaVersion": 1,
            "engine": self.engine,
            "failing": self.failing,
            "instructions": instructions,
            "retries": retries,
        });
        serde_json::to_string_pretty(&document).expect("a simulation always serialises") + "\n"
    }
}
