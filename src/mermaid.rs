//! The plan as a Mermaid flowchart, which GitHub renders: phases as subgraphs, one node per step in order,
//! hooks marked, the SyncFail hooks and the hook deletions at the side.

use std::fmt::Write;

use hookplan::plan::{Action, Operation};
use hookplan::{Plan, ResourceRef, Task};

/// The characters of a label, its entities counted at their length.
const LABEL: usize = 60;

/// The tasks a step's node lists; then how many more there are (the table and JSON list them all).
const TASKS: usize = 9;

/// Text safe inside a Mermaid `"..."` label: no line breaks or other control characters (shown as escapes), no
/// quote or angle bracket, and no `%` (so nothing reads as a `%%{init}%%` directive or a comment), written as
/// entities; at most [`LABEL`] characters as written, the last one `…` when cut.
fn label(text: &str) -> String {
    let safe = crate::safe::text(text);
    let mut out = String::new();
    let mut width = 0;
    let mut chars = safe.chars().peekable();
    while let Some(c) = chars.next() {
        let entity = match c {
            '"' => Some("#quot;"),
            '<' => Some("#lt;"),
            '>' => Some("#gt;"),
            '%' => Some("#37;"),
            _ => None,
        };
        let w = entity.map_or(1, str::len);
        let room = if chars.peek().is_some() { LABEL - 1 } else { LABEL };
        if width + w > room {
            out.push('…');
            break;
        }
        match entity {
            Some(entity) => out.push_str(entity),
            None => out.push(c),
        }
        width += w;
    }
    out
}

/// At most [`TASKS`] lines, then how many more there are.
fn listed<T>(items: &[T], line: impl Fn(&T) -> String) -> String {
    let mut lines: Vec<String> = items.iter().take(TASKS).map(line).collect();
    if items.len() > TASKS {
        lines.push(format!("… and {} more", items.len() - TASKS));
    }
    lines.join("<br/>")
}

fn object(resource: &ResourceRef) -> String {
    let name = match (&resource.name, &resource.generate_name) {
        (Some(name), _) => name.to_string(),
        (None, Some(generate_name)) => format!("{generate_name}*"),
        (None, None) => "(unnamed)".to_string(),
    };
    label(&format!("{} {name}", resource.kind))
}

fn line(task: &Task) -> String {
    let verb = match task.action {
        Action::Prune => "prune ",
        Action::Delete => "delete ",
        Action::Create => "create ",
        Action::Logs => "logs of ",
        _ => "",
    };
    let hook = if task.hook { " ⚓ hook" } else { "" };
    let skipped = if task.skipped.is_some() { " (skipped)" } else { "" };
    format!("{verb}{}{hook}{skipped}", object(&task.resource))
}

/// Renders the whole plan.
pub fn render(plan: &Plan) -> String {
    let mut out = String::from("flowchart TD\n");
    let mut previous_phase = None;
    for (i, step) in plan.steps.iter().enumerate() {
        if previous_phase != Some(step.phase) {
            if previous_phase.is_some() {
                out.push_str("  end\n");
            }
            let _ = writeln!(out, "  subgraph {phase}[\"{phase}\"]", phase = step.phase);
            out.push_str("    direction TB\n");
            previous_phase = Some(step.phase);
        }
        let waits = if step.waits_for_confirmation { "<br/>⏸ waits for deletion approval" } else { "" };
        // Helm steps are ordered by hook weight; `helm test --logs` has neither.
        let order = match (plan.engine, step.phase) {
            (_, hookplan::plan::Phase::TestLogs) => "helm test --logs".to_string(),
            (hookplan::plan::Engine::Helm, _) => format!("weight {}", step.wave),
            _ => format!("wave {}", step.wave),
        };
        let _ = writeln!(out, "    step{i}[\"<b>{order}</b>{waits}<br/>{}\"]", listed(&step.tasks, line));
    }
    if previous_phase.is_some() {
        out.push_str("  end\n");
    }
    let done = if plan.operation == Operation::Delete { "Application deleted" } else { "Succeeded" };
    let _ = writeln!(out, "  done([\"{done}\"])");
    // One edge a line, so that no line grows with the number of steps.
    let mut chain: Vec<String> = (0..plan.steps.len()).map(|i| format!("step{i}")).collect();
    chain.push("done".to_string());
    for pair in chain.windows(2) {
        let _ = writeln!(out, "  {} --> {}", pair[0], pair[1]);
    }
    if !plan.sync_fail.is_empty() {
        let _ = writeln!(
            out,
            "  subgraph SyncFail[\"SyncFail: only if the sync fails\"]\n    syncfail[\"{}\"]\n  end",
            listed(&plan.sync_fail, line)
        );
        for i in 0..plan.steps.len() {
            let _ = writeln!(out, "  step{i} -. fails .-> syncfail");
        }
        let _ = writeln!(out, "  syncfail --> failed([\"Failed\"])");
    }
    let deletions = |list: &[ResourceRef]| listed(list, object);
    if !plan.hook_deletion.on_success.is_empty() {
        let _ = writeln!(
            out,
            "  done -. deletes HookSucceeded .-> deletedOnSuccess[\"{}\"]",
            deletions(&plan.hook_deletion.on_success)
        );
    }
    if !plan.hook_deletion.on_failure.is_empty() {
        let from = if plan.sync_fail.is_empty() { "step0" } else { "failed" };
        let _ = writeln!(
            out,
            "  {from} -. deletes HookFailed .-> deletedOnFailure[\"{}\"]",
            deletions(&plan.hook_deletion.on_failure)
        );
    }
    out
}
