//! `hookplan simulate` output: the library's [`Walk`] (a plan's driver walked with every task succeeding except
//! the ones the user names) written as each instruction comes, as text for people or as the JSON of its
//! [`hookplan::report::Transcript`]; no instruction is held.

use std::cell::RefCell;
use std::io::{self, Write};
use std::time::Duration;

use hookplan::driver::{DriverError, Next};
use hookplan::plan::{Engine, Operation, Phase};
use hookplan::report::{Instruction, SCHEMA_VERSION, TaskEntry, Walk};
use serde::ser::{Error as _, SerializeStruct};
use serde::{Serialize, Serializer};

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

/// The walk as text for people, each instruction written as it comes (with the output-log policies of Helm hooks
/// and what happens after a failure, from the plan walked). A driver error stops the walk and is kept in `failure`.
///
/// # Errors
///
/// Write errors.
pub fn text(out: &mut dyn Write, walk: &mut Walk, failure: &mut Option<DriverError>) -> io::Result<()> {
    let plan = walk.plan().clone();
    let engine = plan.engine;
    let title = match (engine, plan.operation) {
        (Engine::Argocd, Operation::Sync) => "Argo CD sync".to_string(),
        (Engine::Argocd, _) => "Argo CD Application deletion".to_string(),
        (_, operation) => format!("Helm {operation}"),
    };
    let failing = if walk.failing().is_empty() {
        "every task succeeds".to_string()
    } else {
        format!("failing {}", walk.failing().join(", "))
    };
    writeln!(out, "Simulated {title} ({failing}):\n")?;
    // Each task's output-log policies, by id (Helm: when its pods' logs are printed).
    let output_logs: Vec<&[String]> =
        plan.steps.iter().flat_map(|s| &s.tasks).chain(&plan.sync_fail).map(|t| t.output_logs.as_slice()).collect();
    let (mut n, mut attempt) = (0, 0);
    while let Some(record) = walk.next() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                *failure = Some(error);
                return Ok(());
            }
        };
        if record.attempt != attempt {
            attempt = record.attempt;
            if let Some(retry) = walk.retries().iter().find(|r| r.attempt == attempt) {
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
            Next::Prune(_) if engine == Engine::Helm => format!("delete   {}: {}", at(engine, tasks), list(tasks)),
            Next::Prune(_) => format!("prune    {}: {}", at(engine, tasks), list(tasks)),
            Next::Delete(_) => format!("delete   {}: {}", at(engine, tasks), list(tasks)),
            Next::DeleteBeforeCreate(_) => format!("delete   previous instances (BeforeHookCreation): {}", list(tasks)),
            Next::Apply(_) => format!("apply    {}: {}", at(engine, tasks), list(tasks)),
            Next::RunSyncFail(_) => format!("run      SyncFail hooks: {}", list(tasks)),
            Next::Wait { message, .. } => format!("wait     {}", crate::safe::text(message)),
            Next::WaitForConfirmation { message, .. } => {
                format!("wait     {} (simulated: approved)", crate::safe::text(message))
            }
            Next::DeleteHooks(_) => format!("delete   hooks by policy: {}", list(tasks)),
            Next::Logs(_) => format!("logs     of the test pods (helm test --logs): {}", list(tasks)),
            Next::Done { succeeded, message } => {
                if !walk.not_waited_for().is_empty() {
                    writeln!(out, "              (not waited for: {})", list(walk.not_waited_for()))?;
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
        reported(out, &record, &output_logs)?;
    }
    if walk.succeeded().is_none() {
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

/// The walk as the JSON of its transcript, written as each instruction comes: `schemaVersion`, `engine`,
/// `operation`, `failing`, then the instructions, then `retries` and `notWaitedFor`, which the end of the walk
/// completes. A driver error stops the document (an error of the serialiser) and is kept in `failure`.
pub struct Json<'w> {
    walk: RefCell<&'w mut Walk>,
    failure: RefCell<Option<DriverError>>,
}

impl<'w> Json<'w> {
    /// The document of `walk`.
    pub fn new(walk: &'w mut Walk) -> Self {
        Json { walk: RefCell::new(walk), failure: RefCell::new(None) }
    }

    /// Whether a driver error stopped the walk.
    pub fn failed(&self) -> bool {
        self.failure.borrow().is_some()
    }

    /// The driver error that stopped the walk, if one did.
    pub fn failure(self) -> Option<DriverError> {
        self.failure.into_inner()
    }
}

/// The instructions of a walk, as a JSON array filled as they come.
struct Instructions<'a, 'w>(&'a Json<'w>);

impl Serialize for Instructions<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut walk = self.0.walk.borrow_mut();
        let failure = &self.0.failure;
        serializer.collect_seq(walk.by_ref().map_while(|instruction: Result<Instruction, DriverError>| {
            instruction.map_err(|error| *failure.borrow_mut() = Some(error)).ok()
        }))
    }
}

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut document = serializer.serialize_struct("Transcript", 7)?;
        {
            let walk = self.walk.borrow();
            document.serialize_field("schemaVersion", &SCHEMA_VERSION)?;
            document.serialize_field("engine", &walk.plan().engine)?;
            document.serialize_field("operation", &walk.plan().operation)?;
            document.serialize_field("failing", walk.failing())?;
        }
        document.serialize_field("instructions", &Instructions(self))?;
        if let Some(error) = self.failure.borrow().as_ref() {
            return Err(S::Error::custom(error));
        }
        let walk = self.walk.borrow();
        document.serialize_field("retries", walk.retries())?;
        document.serialize_field("notWaitedFor", walk.not_waited_for())?;
        document.end()
    }
}
