//! The plan as a Mermaid flowchart, which GitHub renders: phases as subgraphs, one node per step in order,
//! hooks marked, the SyncFail hooks and the hook deletions at the side.

use std::fmt::Write;

use hookplan::plan::{Action, Operation};
use hookplan::{Plan, ResourceRef, Task};

/// Text safe inside a Mermaid `"..."` label: no line breaks or other control characters (shown as escapes), no
/// quote or angle bracket, and no `%` (so nothing reads as a `%%{init}%%` directive or a comment); cut to 100
/// characters.
fn label(text: &str) -> String {
    crate::safe::cell(text, 100).replace('"', "#quot;").replace('<', "#lt;").replace('>', "#gt;").replace('%', "#37;")
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
        let tasks: Vec<String> = step.tasks.iter().map(line).collect();
        // Helm steps are ordered by hook weight; `helm test --logs` has neither.
        let order = match (plan.engine, step.phase) {
            (_, hookplan::plan::Phase::TestLogs) => "helm test --logs".to_string(),
            (hookplan::plan::Engine::Helm, _) => format!("weight {}", step.wave),
            _ => format!("wave {}", step.wave),
        };
        let _ = writeln!(out, "    step{i}[\"<b>{order}</b>{waits}<br/>{}\"]", tasks.join("<br/>"));
    }
    if previous_phase.is_some() {
        out.push_str("  end\n");
    }
    let done = if plan.operation == Operation::Delete { "Application deleted" } else { "Succeeded" };
    let _ = writeln!(out, "  done([\"{done}\"])");
    let mut chain: Vec<String> = (0..plan.steps.len()).map(|i| format!("step{i}")).collect();
    chain.push("done".to_string());
    let _ = writeln!(out, "  {}", chain.join(" --> "));
    if !plan.sync_fail.is_empty() {
        let hooks: Vec<String> = plan.sync_fail.iter().map(line).collect();
        let _ = writeln!(
            out,
            "  subgraph SyncFail[\"SyncFail: only if the sync fails\"]\n    syncfail[\"{}\"]\n  end",
            hooks.join("<br/>")
        );
        for i in 0..plan.steps.len() {
            let _ = writeln!(out, "  step{i} -. fails .-> syncfail");
        }
        let _ = writeln!(out, "  syncfail --> failed([\"Failed\"])");
    }
    let deletions = |list: &[ResourceRef]| list.iter().map(object).collect::<Vec<_>>().join("<br/>");
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
