//! `hookplan simulate`: walks the operation driver over a plan, with every task succeeding except the ones the
//! user names, and prints what Argo CD would do, step by step.

use std::fmt::Write;

use hookplan::operation::{Drive, Health, Next, Outcome, TaskId};
use hookplan::plan::{Engine, Phase};
use hookplan::{Plan, ResourceRef};

/// `Kind/namespace/name` (or `generateName*`) as the table shows it.
fn object(resource: &ResourceRef) -> String {
    let name = match (&resource.name, &resource.generate_name) {
        (Some(name), _) => name.to_string(),
        (None, Some(generate_name)) => format!("{generate_name}*"),
        (None, None) => "<unnamed>".to_string(),
    };
    match &resource.namespace {
        Some(namespace) => format!("{}/{namespace}/{name}", resource.kind),
        None => format!("{}/{name}", resource.kind),
    }
}

/// Whether `Kind/name` names this object: its name, or its generateName with or without the trailing `-`.
fn named(resource: &ResourceRef, wanted: &[String]) -> bool {
    wanted.iter().any(|w| {
        let Some((kind, name)) = w.split_once('/') else { return false };
        kind == resource.kind
            && (resource.name.as_deref() == Some(name)
                || resource.generate_name.as_deref().is_some_and(|g| g == name || g.trim_end_matches('-') == name))
    })
}

/// The (phase, wave) of each task id, as the driver numbers them: the steps' tasks, then the SyncFail hooks.
fn positions(plan: &Plan) -> Vec<(Phase, i64)> {
    let mut out: Vec<(Phase, i64)> =
        plan.steps.iter().flat_map(|s| s.tasks.iter().map(move |_| (s.phase, s.wave))).collect();
    out.extend(plan.sync_fail.iter().map(|_| (Phase::SyncFail, 0)));
    out
}

/// Runs the simulation with `driver` over `plan`; `fail` lists `Kind/name` of the tasks that fail (their apply is
/// accepted, then they turn Degraded).
pub fn run<D: Drive>(plan: &Plan, mut driver: D, title: &str, fail: &[String]) -> String {
    let mut out = String::new();
    let failing =
        if fail.is_empty() { "every task succeeds".to_string() } else { format!("failing {}", fail.join(", ")) };
    let _ = writeln!(out, "Simulated {title} ({failing}):\n");
    let positions = positions(plan);
    let mut running: Vec<TaskId> = Vec::new();
    let mut n = 0;
    let mut line = |out: &mut String, text: String| {
        n += 1;
        let _ = writeln!(out, "{n:>3}. {text}");
    };
    let list = |driver: &D, ids: &[TaskId]| {
        ids.iter().map(|&id| object(&driver.task(id).resource)).collect::<Vec<_>>().join(", ")
    };
    for _ in 0..100_000 {
        match driver.what_next() {
            Next::Prune(ids) => {
                let (phase, wave) = positions[ids[0]];
                let verb = if plan.engine == Engine::Helm { "delete  " } else { "prune   " };
                let unit = if plan.engine == Engine::Helm { "weight" } else { "wave" };
                line(&mut out, format!("{verb} {phase} {unit} {wave}: {}", list(&driver, &ids)));
                for id in ids {
                    driver.report(id, Outcome::Gone);
                }
            }
            Next::DeleteBeforeCreate(ids) => {
                line(&mut out, format!("delete   previous instances (BeforeHookCreation): {}", list(&driver, &ids)));
                for id in ids {
                    driver.report(id, Outcome::Gone);
                }
            }
            Next::Apply(ids) => {
                let (phase, wave) = positions[ids[0]];
                let unit = if plan.engine == Engine::Helm { "weight" } else { "wave" };
                line(&mut out, format!("apply    {phase} {unit} {wave}: {}", list(&driver, &ids)));
                for &id in &ids {
                    driver.report(id, Outcome::Applied);
                }
                running.extend(ids);
            }
            Next::RunSyncFail(ids) => {
                line(&mut out, format!("run      SyncFail hooks: {}", list(&driver, &ids)));
                for &id in &ids {
                    driver.report(id, Outcome::Applied);
                }
                running.extend(ids);
            }
            Next::Wait { message } => {
                line(&mut out, format!("wait     {message}"));
                let mut outcomes = Vec::new();
                for id in running.drain(..) {
                    let task = driver.task(id);
                    let health = if named(&task.resource, fail) { Health::Degraded } else { Health::Healthy };
                    outcomes.push(format!("{} {health:?}", object(&task.resource)));
                    driver.report(id, Outcome::Health(health));
                }
                if !outcomes.is_empty() {
                    let _ = writeln!(out, "              -> {}", outcomes.join(", "));
                }
            }
            Next::WaitForConfirmation { message } => {
                line(&mut out, format!("wait     {message} (simulated: approved)"));
                driver.approve();
            }
            Next::DeleteHooks(ids) => {
                line(&mut out, format!("delete   hooks by policy: {}", list(&driver, &ids)));
                for id in ids {
                    driver.report(id, Outcome::Gone);
                }
            }
            Next::Done { succeeded, message } => {
                let phase = if succeeded { "Succeeded" } else { "Failed" };
                if !running.is_empty() {
                    let _ = writeln!(out, "              (not waited for: {})", list(&driver, &running));
                }
                let _ = writeln!(out, "\n{phase}: {message}");
                return out;
            }
            _ => {}
        }
    }
    out.push_str("\nstopped after 100,000 instructions\n");
    out
}
