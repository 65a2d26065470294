//! The plan as a table a person reads at a glance.

use std::fmt::Write;

use hookplan::plan::{Action, Engine, LiveInstance, Operation, Skipped, Step, StepWait};
use hookplan::{Plan, ResourceRef, Severity, Task};

use crate::safe;

/// The longest a name or kind is shown, in characters; longer ones end in `…`.
const MAX_NAME: usize = 100;

/// `namespace/name`, or `name` for a cluster-scoped object; `generateName*` for an unnamed hook; made safe to
/// print and cut to [`MAX_NAME`].
fn object_name(resource: &ResourceRef) -> String {
    safe::cell(&raw_object_name(resource), MAX_NAME)
}

/// A kind made safe to print and cut to [`MAX_NAME`].
fn kind(resource: &ResourceRef) -> String {
    safe::cell(&resource.kind, MAX_NAME)
}

fn raw_object_name(resource: &ResourceRef) -> String {
    let name = match (&resource.name, &resource.generate_name) {
        (Some(name), _) => name.to_string(),
        (None, Some(generate_name)) => format!("{generate_name}*"),
        (None, None) => "<unnamed>".to_string(),
    };
    match &resource.namespace {
        Some(namespace) => format!("{namespace}/{name}"),
        None => name,
    }
}

/// What a person should know about a task beyond its columns.
fn notes(task: &Task) -> Vec<&'static str> {
    let mut notes = Vec::new();
    match task.skipped {
        Some(Skipped::NoPrune) => notes.push("skipped: Prune=false"),
        Some(Skipped::RequiresPruning) => notes.push("skipped: the sync does not prune"),
        _ => {}
    }
    match task.live_instance {
        Some(LiveInstance::DeleteBeforeCreate) => notes.push("previous instance deleted first"),
        Some(LiveInstance::ApplyOver) => notes.push("applied over the previous instance"),
        Some(LiveInstance::AlreadyRunning) => notes.push("already exists: not created again"),
        _ => {}
    }
    if task.needs_confirmation {
        notes.push("waits for deletion approval");
    }
    notes
}

fn action(task: &Task) -> &'static str {
    match task.action {
        Action::Prune => "prune",
        Action::Delete => "delete",
        Action::Create => "create",
        Action::Logs => "logs",
        _ => "apply",
    }
}

fn row(task: &Task) -> [String; 6] {
    let policies = if task.hook { task.delete_policies.to_string() } else { "-".to_string() };
    let source = task.source.as_ref().map_or_else(
        || "(added by CreateNamespace=true)".to_string(),
        |at| format!("{}:{}", safe::text(&at.file), at.line),
    );
    let notes = notes(task);
    let source = if notes.is_empty() { source } else { format!("{source}  ({})", notes.join("; ")) };
    [
        kind(&task.resource),
        object_name(&task.resource),
        action(task).to_string(),
        if task.hook { "hook".into() } else { "-".into() },
        policies,
        source,
    ]
}

fn write_rows(out: &mut impl Write, rows: &[[String; 6]], widths: &[usize; 6]) {
    for cells in rows {
        let mut line = String::from("  ");
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                line.push_str(cell);
            } else {
                let _ = write!(line, "{cell:<width$}  ", width = widths[i]);
            }
        }
        let _ = out.write_str(line.trim_end());
        let _ = out.write_char('\n');
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What the step heading adds: whether it waits for deletion approval, what a failure deletes.
fn step_note(plan: &Plan, step: &Step) -> String {
    let waits = if step.waits_for_confirmation { "  (waits for deletion approval)" } else { "" };
    if step.on_failure_delete.is_empty() {
        return waits.to_string();
    }
    let names: Vec<String> = step.on_failure_delete.iter().map(|r| format!("{}/{}", kind(r), object_name(r))).collect();
    if plan.engine == Engine::Helm {
        format!("{waits}  (if it fails, Helm deletes {})", names.join(", "))
    } else {
        format!("{waits}  (a Degraded hook is deleted, to run again: {})", names.join(", "))
    }
}

/// What Helm does after a failed operation (`--atomic`, `--cleanup-on-fail`), in words.
pub fn failure_text(on_failure: &hookplan::plan::OnFailure) -> String {
    use hookplan::plan::FailureAction;
    let hooks = if on_failure.hooks { "running its hooks" } else { "without hooks (--no-hooks)" };
    let steps: Vec<String> = on_failure
        .actions
        .iter()
        .map(|action| match action {
            FailureAction::DeleteCreated => {
                let names: Vec<String> =
                    on_failure.deletes.iter().map(|r| format!("{}/{}", kind(r), object_name(r))).collect();
                format!("Helm deletes what this upgrade created ({})", names.join(", "))
            }
            FailureAction::Uninstall => format!("Helm uninstalls the release, {hooks}"),
            FailureAction::Rollback => {
                format!("Helm rolls the release back to its last deployed revision, {hooks}")
            }
            _ => action.to_string(),
        })
        .collect();
    steps.join(", then ")
}

/// Helm: which hooks of the step have their pods' logs printed, from which namespace and when
/// (`outputLogs`, from `helm.sh/hook-output-log-policy`).
fn output_logs(step: &Step, out: &mut impl Write) {
    for task in step.tasks.iter().filter(|t| !t.output_logs.is_empty()) {
        let when = match task.output_logs.as_slice() {
            [one] if one == "hook-succeeded" => "when it succeeds",
            [one] if one == "hook-failed" => "when it fails",
            _ => "when it succeeds or fails",
        };
        let r = &task.resource;
        let namespace = r.namespace.as_deref().unwrap_or("the current namespace");
        let _ = writeln!(
            out,
            "  prints logs: the pods of {}/{} from namespace {}, {when} (helm.sh/hook-output-log-policy)",
            kind(r),
            safe::text(r.name.as_deref().unwrap_or_default()),
            safe::text(namespace)
        );
    }
}

/// The release, when it is not the default (the newest Argo CD, Helm 4); only as a version reads back.
fn release(plan: &Plan) -> String {
    match (plan.argocd_version(), plan.helm_version()) {
        (Ok(Some(v)), _) if v != hookplan::argocd::ArgocdVersion::NEWEST => format!(" v{v}"),
        (_, Ok(Some(v))) if v != hookplan::helm::HelmVersion::V4 => format!(" {v}"),
        _ => String::new(),
    }
}

/// Renders the whole plan (the fuzz target renders through it).
#[allow(dead_code)]
pub fn render(plan: &Plan) -> String {
    let mut out = String::new();
    write_table(&mut out, plan);
    out
}

/// Writes the whole plan to `out` as it is rendered. The column widths are measured in a first pass over the
/// rows, which are rendered again as they are written: no row is held.
pub fn write_table(out: &mut impl Write, plan: &Plan) {
    let task_count: usize = plan.steps.iter().map(|s| s.tasks.len()).sum();
    let errors = plan.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = plan.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    let (engine, operation) = match (plan.engine, plan.operation) {
        (Engine::Helm, Operation::Install) => ("Helm", "install"),
        (Engine::Helm, Operation::Upgrade) => ("Helm", "upgrade"),
        (Engine::Helm, Operation::Rollback) => ("Helm", "rollback"),
        (Engine::Helm, Operation::Uninstall) => ("Helm", "uninstall"),
        (Engine::Helm, _) => ("Helm", "test"),
        (_, Operation::Delete) => ("Argo CD", "Application deletion"),
        _ => ("Argo CD", "sync"),
    };
    let release = release(plan);
    let sync_fail = if plan.engine == Engine::Helm || plan.operation == Operation::Delete {
        String::new()
    } else {
        format!(", {}", plural(plan.sync_fail.len(), "SyncFail hook", "SyncFail hooks"))
    };
    let _ = writeln!(
        out,
        "{engine}{release} {operation} plan: {} in {}{sync_fail}, {} excluded, {}, {}",
        plural(task_count, "task", "tasks"),
        plural(plan.steps.len(), "step", "steps"),
        plan.excluded.len(),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
    );

    let header = ["KIND", "NAMESPACE/NAME", "ACTION", "HOOK", "DELETE POLICIES", "SOURCE"].map(String::from);
    let mut widths = [0usize; 6];
    let tasks = plan.steps.iter().flat_map(|step| &step.tasks).chain(&plan.sync_fail);
    for cells in std::iter::once(header.clone()).chain(tasks.map(row)) {
        for (i, cell) in cells.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }

    if plan.steps.is_empty() {
        let _ = out.write_str("\nNo tasks.\n");
    }
    for (n, step) in plan.steps.iter().enumerate() {
        let waits = step_note(plan, step);
        let wave = if plan.engine == Engine::Helm { "weight" } else { "wave" };
        if step.phase == hookplan::plan::Phase::TestLogs {
            // Not a batch of hooks: `helm test --logs` prints each test Pod's logs in turn, in execution order.
            let _ = writeln!(out, "\nStep {}  {}  (helm test --logs, one Pod after another){waits}", n + 1, step.phase);
        } else {
            let _ = writeln!(out, "\nStep {}  {}  {wave} {}{waits}", n + 1, step.phase, step.wave);
        }
        write_rows(out, std::slice::from_ref(&header), &widths);
        for task in &step.tasks {
            write_rows(out, &[row(task)], &widths);
        }
        // The previous instances go first; the rest is waited for together.
        let (before, together): (Vec<StepWait>, Vec<StepWait>) =
            step.waits_for.iter().partition(|w| **w == StepWait::PreviousInstanceDeletion);
        let together = together.iter().map(|w| w.describe()).collect::<Vec<_>>().join(" and ");
        let ends = match (before.is_empty(), together.is_empty()) {
            (true, true) => "nothing: the operation goes on at once".to_string(),
            (true, false) => together,
            (false, true) => StepWait::PreviousInstanceDeletion.describe().to_string(),
            (false, false) => format!("{}, then {together}", StepWait::PreviousInstanceDeletion.describe()),
        };
        let _ = writeln!(out, "  waits for: {ends}");
        output_logs(step, out);
    }

    if !plan.sync_fail.is_empty() {
        let _ = out.write_str("\nSyncFail hooks (run together, only if the sync fails)\n");
        write_rows(out, std::slice::from_ref(&header), &widths);
        for task in &plan.sync_fail {
            write_rows(out, &[row(task)], &widths);
        }
    }

    hook_deletion(plan, out);
    if let Some(on_failure) = &plan.on_failure {
        let _ = writeln!(out, "\nIf the operation fails\n  {}", failure_text(on_failure));
    }

    if !plan.excluded.is_empty() {
        let _ = out.write_str("\nExcluded\n");
        for excluded in &plan.excluded {
            let what = excluded
                .resource
                .as_ref()
                .map_or_else(|| "(document)".to_string(), |r| format!("{}/{}", kind(r), object_name(r)));
            let _ = writeln!(
                out,
                "  {what}  {}: {}  {}:{}",
                excluded.reason,
                excluded.reason.describe(),
                safe::text(&excluded.source.file),
                excluded.source.line
            );
        }
    }

    if !plan.diagnostics.is_empty() {
        let _ = out.write_str("\nDiagnostics\n");
        for diagnostic in &plan.diagnostics {
            let _ = writeln!(out, "  {}", safe::text(&diagnostic.to_string()));
            if let Some(help) = &diagnostic.help {
                let _ = writeln!(out, "    help: {}", safe::text(help));
            }
        }
    }
}

/// The hook deletion section: which hooks are deleted by policy, and when.
fn hook_deletion(plan: &Plan, out: &mut impl Write) {
    let _ = out.write_str("\nHook deletion\n");
    let (success, failure) = if plan.engine == Engine::Helm {
        ("after their event succeeds (hook-succeeded)", "when they fail (hook-failed)")
    } else if plan.operation == Operation::Delete {
        (
            "at cleanup, when every hook of their type is Healthy (HookSucceeded)",
            "at cleanup, when the worst hook of their type is Degraded (HookFailed)",
        )
    } else {
        ("when the sync succeeds (HookSucceeded)", "when the sync fails (HookFailed)")
    };
    for (when, list) in [(success, &plan.hook_deletion.on_success), (failure, &plan.hook_deletion.on_failure)] {
        let names: Vec<String> = list.iter().map(|r| format!("{}/{}", kind(r), object_name(r))).collect();
        let shown = if names.is_empty() { "none".to_string() } else { names.join(", ") };
        let _ = writeln!(out, "  {when}: {shown}");
    }
}
