//! `hookplan diff BASE HEAD`: the plans of two versions of the manifests compared, for a terminal, a pull request
//! comment or a tool. Either side may be `REV:PATH`, read from the git repository of the current directory.

use std::collections::HashMap;
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use hookplan::diff::{Change, Placement, PlanDiff, diff};
use hookplan::plan::Engine;
use hookplan::report::DiffReport;
use hookplan::{Diagnostic, Plan};

use super::cli::{DiffArgs, DiffOutput, EngineKind};
use super::input::{self, ReadResult};
use super::stream::Chunked;
use super::{Read, argocd_plan, emit, emit_json, helm_plan, mermaid, read_application};

/// Runs the command: 0 when the plans are the same, 1 when they differ, 2 when a side cannot be read.
pub fn run(args: &DiffArgs) -> ExitCode {
    let reading = args.plan.inputs.reading();
    if args.base == "-" && args.head == "-" {
        eprintln!("error: {}", input::STDIN_TWICE);
        return ExitCode::from(2);
    }
    // One side is read and planned, and what was read dropped, before the other side is read: the two sides'
    // inputs and their resources are never held at once.
    let read_one = |which: &str, spec: &str| match read_side(spec, &reading) {
        Ok(mut targets) if targets.failures.is_empty() => {
            targets.sources = HashMap::default(); // source lines are not shown
            Ok(targets)
        }
        Ok(targets) => {
            for failure in &targets.failures {
                eprintln!("error: {which} {spec}: {failure}");
            }
            Err(ExitCode::from(2))
        }
        Err(error) => {
            eprintln!("error: {which} {spec}: {error}");
            Err(ExitCode::from(2))
        }
    };
    let base_targets = match read_one("BASE", &args.base) {
        Ok(targets) => targets,
        Err(code) => return code,
    };
    let application = match read_application(&args.plan.inputs) {
        Ok(application) => application,
        Err(code) => return code,
    };
    let live = input::read_paths(&args.plan.state.live, &reading);
    let previous = input::read_paths(&args.plan.previous, &reading);
    let side = |targets: ReadResult| Read {
        targets,
        live: ReadResult {
            manifests: live.manifests.clone(),
            failures: Vec::new(),
            sources: HashMap::default(),
            excluded: 0,
        },
        previous: ReadResult {
            manifests: previous.manifests.clone(),
            failures: Vec::new(),
            sources: HashMap::default(),
            excluded: 0,
        },
        application: application.clone(),
    };
    let engines: &[Engine] = match args.plan.engine {
        EngineKind::Argocd => &[Engine::Argocd],
        EngineKind::Helm => &[Engine::Helm],
        EngineKind::Both => &[Engine::Argocd, Engine::Helm],
    };
    let plans = |read: Read| -> Vec<Plan> {
        engines
            .iter()
            .map(|engine| match engine {
                Engine::Helm => helm_plan(&args.plan, &read),
                _ => argocd_plan(&args.plan, &read),
            })
            .collect()
    };
    let base_plans = plans(side(base_targets));
    let head_plans = match read_one("HEAD", &args.head) {
        Ok(targets) => plans(side(targets)),
        Err(code) => return code,
    };
    let diffs: Vec<(PlanDiff, Plan)> =
        base_plans.into_iter().zip(head_plans).map(|(base, head)| (diff(&base, &head), head)).collect();
    let same = diffs.iter().all(|(d, _)| d.is_empty());
    match args.output {
        DiffOutput::Json => emit_json(&json(diffs)),
        output => emit(|out| {
            let mut out = Chunked::new(out);
            for (n, (diff, head)) in diffs.iter().enumerate() {
                if n > 0 {
                    out.push_str("\n");
                }
                if output == DiffOutput::Markdown {
                    markdown(&mut out, diff, head);
                } else {
                    text(&mut out, diff);
                }
            }
            out.finish()
        }),
    }
    if same { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// Reads one side: a path (file, directory, `-`), or `REV:PATH` from git when no such path exists.
fn read_side(spec: &str, reading: &input::Reading) -> Result<ReadResult, String> {
    let path = PathBuf::from(spec);
    if spec == "-" || path.exists() {
        return Ok(input::read_paths(&[path], reading));
    }
    let Some((rev, inner)) = spec.split_once(':').filter(|(rev, _)| !rev.is_empty()) else {
        return Err("no such file or directory (write REV:PATH to read it from git)".to_string());
    };
    super::git::read_side(rev, inner, reading)
}

fn title(diff: &PlanDiff) -> String {
    let engine = if diff.engine == Engine::Helm { "Helm" } else { "Argo CD" };
    format!("{engine} {} plan", diff.operation)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The one-line verdict.
fn verdict(diff: &PlanDiff) -> String {
    if diff.is_empty() {
        return format!("The {} is the same.", title(diff));
    }
    let risky = diff.risky().count() + diff.new_errors().count();
    format!(
        "The {} changes: {}{}; {}, {} fixed.",
        title(diff),
        plural(diff.changes.len(), "change", "changes"),
        if risky > 0 { format!(" ({risky} risky)") } else { String::new() },
        plural(diff.diagnostics.new.len(), "new diagnostic", "new diagnostics"),
        diff.diagnostics.fixed.len()
    )
}

fn placement(placement: Option<&Placement>, engine: Engine) -> String {
    let Some(p) = placement else { return "-".to_string() };
    if let Some(reason) = p.reason {
        return format!("excluded: {reason}");
    }
    let unit = if engine == Engine::Helm { "weight" } else { "wave" };
    let runs: Vec<String> = p.runs_in.iter().map(|(phase, wave)| format!("{phase} {unit} {wave}")).collect();
    let step = p.step.map_or_else(String::new, |s| format!(" (step {s})"));
    let policies = if p.delete_policies.is_empty() { String::new() } else { format!(" [{}]", p.delete_policies) };
    format!("{}{step}{policies}", runs.join(", "))
}

fn diagnostic_line(d: &Diagnostic) -> String {
    format!("{}[{}]: {} ({})", d.severity, d.rule.name, d.message, d.location)
}

/// For a terminal.
fn text(out: &mut Chunked<'_>, diff: &PlanDiff) {
    let _ = writeln!(out, "{}", verdict(diff));
    for change in &diff.changes {
        let mark = if change.risk.is_some() { "!" } else { " " };
        let _ = writeln!(out, "{mark} {:<16} {}", change.change.as_str(), crate::safe::text(&change.summary));
        if let Some(risk) = &change.risk {
            let _ = writeln!(out, "                   risk: {}", crate::safe::text(risk));
        }
    }
    for (heading, list) in [("New diagnostics", &diff.diagnostics.new), ("Fixed diagnostics", &diff.diagnostics.fixed)]
    {
        if !list.is_empty() {
            let _ = writeln!(out, "{heading}:");
            for d in list {
                let _ = writeln!(out, "  {}", crate::safe::text(&diagnostic_line(d)));
            }
        }
    }
}

/// Text safe in a Markdown table cell: control characters shown as escapes, `|` escaped, HTML not opened.
fn cell(text: &str) -> String {
    crate::safe::text(text).replace('|', "\\|").replace('<', "&lt;")
}

/// A pull request comment: verdict, risky changes, the table, diagnostics, and the new plan as a picture.
fn markdown(out: &mut Chunked<'_>, diff: &PlanDiff, head: &Plan) {
    let _ = write!(out, "### hookplan: {}\n\n**{}**\n", title(diff), verdict(diff));
    if diff.is_empty() {
        return;
    }
    let risky: Vec<&Change> = diff.risky().collect();
    let errors: Vec<&Diagnostic> = diff.new_errors().collect();
    if !risky.is_empty() || !errors.is_empty() {
        out.push_str("\n#### Risky changes\n\n");
        for change in &risky {
            let _ = writeln!(
                out,
                "- :warning: {}: {}",
                cell(&change.summary),
                cell(change.risk.as_deref().unwrap_or_default())
            );
        }
        for d in &errors {
            let _ = writeln!(out, "- :x: new error {}", cell(&diagnostic_line(d)));
        }
    }
    if !diff.changes.is_empty() {
        out.push_str("\n#### Changes\n\n| change | object | before | after |\n|---|---|---|---|\n");
        for change in &diff.changes {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} |",
                change.change,
                cell(&change.resource.to_string()),
                cell(&placement(change.before.as_ref(), diff.engine)),
                cell(&placement(change.after.as_ref(), diff.engine))
            );
        }
    }
    for (heading, list) in [("New diagnostics", &diff.diagnostics.new), ("Fixed diagnostics", &diff.diagnostics.fixed)]
    {
        if !list.is_empty() {
            let _ = writeln!(out, "\n#### {heading}\n");
            for d in list {
                let _ = writeln!(out, "- {}", cell(&diagnostic_line(d)));
            }
        }
    }
    let _ = write!(
        out,
        "\n<details><summary>The new plan</summary>\n\n```mermaid\n{}```\n\n</details>\n",
        mermaid::render(head)
    );
}

/// For tools: the `PlanDiff` contract, or one per engine with `--engine both`.
fn json(diffs: Vec<(PlanDiff, Plan)>) -> DiffReport {
    let mut diffs = diffs.into_iter().map(|(d, _)| d);
    match (diffs.next(), diffs.next()) {
        (Some(argocd), Some(helm)) => DiffReport::Both { argocd, helm },
        (Some(one), None) => DiffReport::One(one),
        _ => unreachable!("one diff per engine asked for"),
    }
}
