//! `hookplan simulate` output: the library's [`Transcript`] (a plan's driver walked with every task succeeding
//! except the ones the user names) written as text for people; the JSON is the transcript itself.

use std::io::{self, Write};
use std::time::Duration;

use hookplan::Plan;
use hookplan::driver::Next;
use hookplan::plan::{Engine, Operation, Phase};
use hookplan::report::{Instruction, TaskEntry, Transcript};

/// `Kind/namespace/name` (or `generateName*`) as the table shows it.
fn object(task: &TaskEntry) -> String {
    let resource = &task.resource;
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

fn list(tasks: &[TaskEntry]) -> String {
    tasks.iter().map(object).collect::<Vec<_>>().join(", ")
}

/// Where the instruction's first task runs: `PreSync wave 0`, `pre-install weight 5`.
fn at(engine: Engine, tasks: &[TaskEntry]) -> String {
    let Some(first) = tasks.first() else { return String::new() };
    match (engine, first.phase) {
        (Engine::Helm, phase) => format!("{phase} weight {}", first.wave),
        (_, phase @ (Phase::PreDelete | Phase::PostDelete)) => phase.to_string(),
        (_, phase) => format!("{phase} wave {}", first.wave),
    }
}

/// The transcript as text for people, written as it is rendered. `plan` is the plan it walked (for the output-log
/// policies of Helm hooks and what happens after a failure).
///
/// # Errors
///
/// Write errors.
pub fn text(out: &mut dyn Write, transcript: &Transcript, plan: &Plan) -> io::Result<()> {
    let title = match (transcript.engine, transcript.operation) {
        (Engine::Argocd, Operation::Sync) => "Argo CD sync".to_string(),
        (Engine::Argocd, _) => "Argo CD Application deletion".to_string(),
        (_, operation) => format!("Helm {operation}"),
    };
    let failing = if transcript.failing.is_empty() {
        "every task succeeds".to_string()
    } else {
        format!("failing {}", transcript.failing.join(", "))
    };
    writeln!(out, "Simulated {title} ({failing}):\n")?;
    // Each task's output-log policies, by id (Helm: when its pods' logs are printed).
    let output_logs: Vec<&[String]> =
        plan.steps.iter().flat_map(|s| &s.tasks).chain(&plan.sync_fail).map(|t| t.output_logs.as_slice()).collect();
    let (mut n, mut attempt) = (0, 0);
    for record in &transcript.instructions {
        if record.attempt != attempt {
            attempt = record.attempt;
            if let Some(retry) = transcript.retries.iter().find(|r| r.attempt == attempt) {
                let of = if retry.limit < 0 { "unlimited".to_string() } else { retry.limit.to_string() };
                let delay = Duration::try_from_secs_f64(retry.delay_seconds).unwrap_or(Duration::MAX);
                writeln!(
                    out,
                    "\nRetry {} of {of}, after {} (spec.syncPolicy.retry):\n",
                    retry.attempt,
                    seconds(delay)
                )?;
                n = 0;
            }
        }
        let Some(next) = record.next() else { continue };
        let tasks = &record.tasks;
        let line = match &next {
            Next::Prune(_) if transcript.engine == Engine::Helm => {
                format!("delete   {}: {}", at(transcript.engine, tasks), list(tasks))
            }
            Next::Prune(_) => format!("prune    {}: {}", at(transcript.engine, tasks), list(tasks)),
            Next::Delete(_) => format!("delete   {}: {}", at(transcript.engine, tasks), list(tasks)),
            Next::DeleteBeforeCreate(_) => format!("delete   previous instances (BeforeHookCreation): {}", list(tasks)),
            Next::Apply(_) => format!("apply    {}: {}", at(transcript.engine, tasks), list(tasks)),
            Next::RunSyncFail(_) => format!("run      SyncFail hooks: {}", list(tasks)),
            Next::Wait { message, .. } => format!("wait     {}", crate::safe::text(message)),
            Next::WaitForConfirmation { message, .. } => {
                format!("wait     {} (simulated: approved)", crate::safe::text(message))
            }
            Next::DeleteHooks(_) => format!("delete   hooks by policy: {}", list(tasks)),
            Next::Logs(_) => format!("logs     of the test pods (helm test --logs): {}", list(tasks)),
            Next::Done { succeeded, message } => {
                if !transcript.not_waited_for.is_empty() {
                    writeln!(out, "              (not waited for: {})", list(&transcript.not_waited_for))?;
                }
                let outcome = if *succeeded { "Succeeded" } else { "Failed" };
                writeln!(out, "\n{outcome}: {}", crate::safe::text(message))?;
                if let (false, Some(on_failure)) = (*succeeded, &plan.on_failure) {
                    writeln!(out, "then: {}", crate::table::failure_text(on_failure))?;
                }
                continue;
            }
            other => format!("{:<8} {}", other.name(), list(tasks)),
        };
        n += 1;
        writeln!(out, "{n:>3}. {line}")?;
        reported(out, record, &output_logs)?;
    }
    if transcript.succeeded().is_none() {
        out.write_all(b"\nstopped after 100,000 instructions\n")?;
    }
    Ok(())
}

/// The outcomes reported while an instruction waited, and the logs Helm prints for them.
fn reported(out: &mut dyn Write, record: &Instruction, output_logs: &[&[String]]) -> io::Result<()> {
    if !record.reported.is_empty() {
        let outcomes: Vec<String> =
            record.reported.iter().map(|r| format!("{} {}", object(&r.task), r.outcome)).collect();
        writeln!(out, "              -> {}", outcomes.join(", "))?;
    }
    // Helm prints a Job's or Pod's logs when its outcome matches its hook-output-log-policy.
    for r in &record.reported {
        let policy = match r.outcome.as_str() {
            "Healthy" => "hook-succeeded",
            "Degraded" => "hook-failed",
            _ => continue,
        };
        if output_logs.get(r.task.id.index()).is_some_and(|logs| logs.iter().any(|p| p == policy)) {
            writeln!(out, "              logs printed: the pods of {} ({policy})", object(&r.task))?;
        }
    }
    Ok(())
}
