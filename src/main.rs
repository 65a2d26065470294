//! The `hookplan` command-line tool: reads manifests from files, directories or standard input and prints
//! what Argo CD will do with them (`plan`), or what it will silently get wrong (`lint`).

/// `eprintln!` that cannot fail the run: a failed write to standard error (closed, full) is dropped instead of
/// panicking, and the exit status still tells what happened. Defined before the modules, it stands for the
/// standard macro in every one of them.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod diff;
mod git;

use hookplan_cli::{cli, input, lint, mermaid, rules, safe, simulate, stream, table, templates};

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgMatches, CommandFactory, FromArgMatches};

use crate::cli::{
    Cli, ColorWhen, Command, EngineKind, ExplainArgs, Inputs, LintArgs, LintOutput, OperationKind, PlanArgs,
    PlanCommand, PlanOutput, RuleArgs, SimulateArgs, SimulateOutput,
};
use hookplan::argocd::Application;
use hookplan::helm::{HelmCommand, HelmOperation};
use hookplan::plan_helm;
use hookplan::report::{EngineComparison, LintReport};
use hookplan::{Manifests, Plan, SyncOperation, check, plan_delete, plan_sync_with_live};

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    anstream::ColorChoice::write_global(match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    });
    QUIET.store(cli.quiet, std::sync::atomic::Ordering::Relaxed);
    let sub = matches.subcommand().map_or(&matches, |(_, sub)| sub);
    match cli.command {
        Command::Plan(args) => match engine_options(&args.plan, sub) {
            Ok(()) => plan(&args, sub),
            Err(code) => code,
        },
        Command::Lint(args) => lint(&args, sub),
        Command::Explain(args) => explain(&args),
        Command::Simulate(args) => match engine_options(&args.plan, sub) {
            Ok(()) => simulate(&args, sub),
            Err(code) => code,
        },
        Command::Diff(args) => match engine_options(&args.plan, sub) {
            Ok(()) => diff::run(&args),
            Err(code) => code,
        },
    }
}

/// The options of `plan` that only Argo CD has (clap id, flag).
const ARGOCD_ONLY: [(&str, &str); 12] = [
    ("live", "--live"),
    ("prune", "--prune"),
    ("sync_options", "--sync-option"),
    ("select", "--select"),
    ("unchanged", "--unchanged"),
    ("deletion_approved", "--deletion-approved"),
    ("revision", "--revision"),
    ("started_at", "--started-at"),
    ("application", "--application"),
    ("strategy", "--strategy"),
    ("non_cascading", "--non-cascading"),
    ("argocd_version", "--argocd-version"),
];

/// The options of `plan` that only Helm has (clap id, flag).
const HELM_ONLY: [(&str, &str); 11] = [
    ("previous", "--previous"),
    ("helm_version", "--helm-version"),
    ("skip_crds", "--skip-crds"),
    ("no_hooks", "--no-hooks"),
    ("wait", "--wait"),
    ("wait_for_jobs", "--wait-for-jobs"),
    ("create_namespace", "--create-namespace"),
    ("filter", "--filter"),
    ("rollback_on_failure", "--rollback-on-failure"),
    ("cleanup_on_fail", "--cleanup-on-fail"),
    ("logs", "--logs"),
];

/// Options that the chosen engine does not have are errors (exit 2), not silently ignored: Argo CD's live state,
/// prune, sync options, selective sync and hook naming mean nothing to Helm; Helm's previous release and version
/// nothing to Argo CD; each engine has its own operations. With `--engine both`, the operations are those both
/// have: a sync and an install (the default), or a deletion and an uninstall.
fn engine_options(args: &PlanArgs, matches: &ArgMatches) -> Result<(), ExitCode> {
    let given = |id: &str| matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine);
    let refuse = |message: String| {
        eprintln!("error: {message}");
        Err(ExitCode::from(2))
    };
    let operation = args.operation;
    if given("non_cascading") && operation != Some(OperationKind::Delete) {
        return refuse("--non-cascading is a way to delete the Application: give it with --operation delete".into());
    }
    if given("strategy") && matches!(operation, Some(OperationKind::Delete | OperationKind::Uninstall)) {
        return refuse("--strategy is a way to sync: an Application deletion has none".into());
    }
    if given("filter") && operation != Some(OperationKind::Test) {
        return refuse("--filter selects the hooks of `helm test`: give it with --operation test".into());
    }
    if given("logs") && operation != Some(OperationKind::Test) {
        return refuse("--logs prints the logs of `helm test`: give it with --operation test".into());
    }
    if given("create_namespace") && !matches!(operation, None | Some(OperationKind::Install)) {
        return refuse("--create-namespace is an option of `helm install`".into());
    }
    if given("rollback_on_failure")
        && !matches!(operation, None | Some(OperationKind::Install | OperationKind::Upgrade))
    {
        return refuse("--rollback-on-failure (--atomic) is an option of `helm install` and `helm upgrade`".into());
    }
    if given("cleanup_on_fail") && operation != Some(OperationKind::Upgrade) {
        return refuse("--cleanup-on-fail is an option of `helm upgrade`: give it with --operation upgrade".into());
    }
    if given("no_hooks") && operation == Some(OperationKind::Test) {
        return refuse("--no-hooks: `helm test` runs only hooks".into());
    }
    if let Some(bad) = args.filter.iter().find(|f| !(f.starts_with("name=") || f.starts_with("!name="))) {
        return refuse(format!("--filter {bad}: write name=NAME or !name=NAME, as helm test does"));
    }
    match args.engine {
        EngineKind::Helm => {
            if let Some((_, flag)) = ARGOCD_ONLY.iter().find(|(id, _)| given(id)) {
                return refuse(format!(
                    "{flag} is an Argo CD option: Helm has no such thing (drop it, or use --engine argocd)"
                ));
            }
            if let Some(op @ (OperationKind::Sync | OperationKind::Delete)) = operation {
                let instead = if op == OperationKind::Sync { "install or upgrade" } else { "uninstall" };
                return refuse(format!(
                    "--operation {} is an Argo CD operation; Helm's are install, upgrade, rollback, uninstall and test (here: {instead})",
                    operation_name(op)
                ));
            }
        }
        EngineKind::Argocd => {
            if let Some((_, flag)) = HELM_ONLY.iter().find(|(id, _)| given(id)) {
                return refuse(format!(
                    "{flag} is a Helm option: Argo CD has no such thing (use --engine helm or both)"
                ));
            }
            if let Some(op) = operation.filter(|op| !matches!(op, OperationKind::Sync | OperationKind::Delete)) {
                return refuse(format!(
                    "--operation {} is a Helm operation; Argo CD's are sync and delete (use --engine helm)",
                    operation_name(op)
                ));
            }
        }
        EngineKind::Both => {
            if let Some(op) = operation.filter(|op| {
                !matches!(
                    op,
                    OperationKind::Sync | OperationKind::Install | OperationKind::Delete | OperationKind::Uninstall
                )
            }) {
                return refuse(format!(
                    "--operation {} has no counterpart in Argo CD: --engine both compares a sync with an install (sync, install) or an Application deletion with an uninstall (delete, uninstall)",
                    operation_name(op)
                ));
            }
        }
    }
    Ok(())
}

/// An operation as the command line writes it.
fn operation_name(operation: OperationKind) -> String {
    clap::ValueEnum::to_possible_value(&operation).map(|v| v.get_name().to_string()).unwrap_or_default()
}

/// `--quiet`, for the printers.
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// Whether standard output is coloured: `--color`, then NO_COLOR and CLICOLOR_FORCE, then whether it is a terminal
/// (anstream decides, as it does for clap's help).
fn color() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

/// The rule configuration the flags ask for, for the inputs `paths`; an unusable one is an error (exit 2).
fn rules_of(
    args: &RuleArgs,
    matches: &ArgMatches,
    paths: &[PathBuf],
    inputs: &Inputs,
) -> Result<rules::Rules, ExitCode> {
    rules::Rules::from_args(args, matches, paths, inputs.reading().limits).map_err(|error| {
        eprintln!("error: {error}");
        ExitCode::from(2)
    })
}

/// Whether standard output was found closed (`hookplan lint . | head -1`): nothing more is written to it.
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Writes to standard output. A closed pipe (`hookplan plan . | head`) stops the output quietly, as ripgrep does,
/// but not the run: the exit status is the one the run has (1 with failing findings), so that a CI script with
/// `set -o pipefail` still fails on them. Any other write error (a full disk, `> /dev/full`) is reported and
/// exits 2, as an output that was not written is not a success.
///
/// Text may carry ANSI styles (`anstyle`); they are stripped unless colour is wanted (`--color`, NO_COLOR, a
/// terminal). Input text never carries any: `safe` escapes control characters before anything is printed.
fn print(text: &str) {
    emit(|out| out.write_all(text.as_bytes()));
}

/// Writes to standard output as `write` produces the output, through one buffer (nothing is held whole), with
/// [`print`]'s handling of colour and of write errors.
fn emit(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
    if STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::BufWriter::with_capacity(1 << 16, anstream::stdout().lock());
    if let Err(error) = write(&mut out).and_then(|()| out.flush()) {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            STDOUT_CLOSED.store(true, std::sync::atomic::Ordering::Relaxed);
            return;
        }
        eprintln!("error: cannot write the output: {error}");
        std::process::exit(2);
    }
}

/// A JSON document, pretty-printed and streamed to standard output as it is serialised, then a line break.
fn emit_json<T: serde::Serialize>(document: &T) {
    emit(|out| {
        serde_json::to_writer_pretty(&mut *out, document).map_err(std::io::Error::from)?;
        out.write_all(b"\n")
    });
}

/// The sync operation the flags describe.
fn operation_of(args: &PlanArgs, application: Option<&Application>) -> SyncOperation {
    let mut operation = SyncOperation::new().argocd_version(args.argocd_version);
    if let Some(application) = application {
        operation = operation.application(application);
    }
    if args.state.prune {
        operation = operation.prune(true);
    }
    operation = operation.deletion_approved(args.state.deletion_approved);
    operation = operation.apply_strategy(args.state.strategy == crate::cli::Strategy::Apply);
    operation = operation.non_cascading(args.state.non_cascading);
    if let Some(namespace) = &args.inputs.namespace {
        operation = operation.namespace(namespace);
    }
    if let (Some(revision), Some(started_at)) = (&args.revision, args.started_at) {
        operation = operation.revision(revision, started_at);
    }
    for option in &args.state.sync_options {
        operation = operation.option(option);
    }
    if !args.state.select.is_empty() {
        operation = operation.select(args.state.select.clone());
    }
    operation.unchanged(args.state.unchanged.clone())
}

/// The Helm operation the flags describe.
fn helm_operation_of(args: &PlanArgs, command: HelmCommand, previous: Manifests) -> HelmOperation {
    let version = args.helm_version;
    let mut operation = HelmOperation::new(command)
        .version(version)
        .previous(previous)
        .skip_crds(args.skip_crds)
        .no_hooks(args.no_hooks)
        .wait(args.wait || args.wait_for_jobs)
        .create_namespace(args.create_namespace)
        .test_filter(args.filter.clone())
        .logs(args.logs)
        .rollback_on_failure(args.rollback_on_failure)
        .cleanup_on_fail(args.cleanup_on_fail);
    if let Some(namespace) = &args.inputs.namespace {
        operation = operation.namespace(namespace);
    }
    operation
}

/// Writes a plan as a table or a Mermaid chart, as it is rendered.
fn render(out: &mut stream::Chunked<'_>, plan: &Plan, output: PlanOutput) {
    match output {
        PlanOutput::Table | PlanOutput::Json => table::write_table(out, plan),
        PlanOutput::Mermaid => out.push_str(&mermaid::render(plan)),
    }
}

/// Writes a plan in the output format asked for (JSON streamed as it is serialised).
fn print_plan(plan: &Plan, output: PlanOutput) {
    match output {
        PlanOutput::Json => emit_json(plan),
        output => emit(|out| {
            let mut out = stream::Chunked::new(out);
            render(&mut out, plan, output);
            out.finish()
        }),
    }
}

/// The inputs a plan is built from.
struct Read {
    targets: input::ReadResult,
    live: input::ReadResult,
    previous: input::ReadResult,
    application: Option<Application>,
}

/// Reads everything the flags name; an Application file that cannot be read is an error (exit 2).
fn read_all(args: &PlanArgs, paths: &[PathBuf], rules: &rules::Rules) -> Result<Read, ExitCode> {
    let mut reading = args.inputs.reading();
    reading.exclude.clone_from(&rules.exclude);
    let targets = input::read_paths(paths, &reading);
    if let Some(code) = input::nothing_read(&targets) {
        return Err(code);
    }
    // `plan` and `simulate` show no source lines: the bytes read are not kept.
    let mut targets = targets;
    targets.sources = std::collections::HashMap::default();
    Ok(Read {
        targets,
        live: input::read_paths(&args.state.live, &args.inputs.reading()),
        previous: input::read_paths(&args.previous, &args.inputs.reading()),
        application: read_application(&args.inputs)?,
    })
}

/// The `--application` file, read and checked.
fn read_application(inputs: &Inputs) -> Result<Option<Application>, ExitCode> {
    let Some(path) = &inputs.application else { return Ok(None) };
    let file = path.display().to_string();
    let text = input::read_option_file(path, inputs.reading().limits).map_err(|error| {
        eprintln!("error: the Application {error}");
        ExitCode::from(2)
    })?;
    Application::parse(&file, &text).map(Some).map_err(|error| {
        eprintln!("error: {error}");
        ExitCode::from(2)
    })
}

/// The Argo CD plan the flags ask for: a sync, or with `--operation delete` the Application deletion.
fn argocd_plan(args: &PlanArgs, read: &Read) -> Plan {
    let operation = operation_of(args, read.application.as_ref());
    if matches!(args.operation, Some(OperationKind::Delete | OperationKind::Uninstall)) {
        plan_delete(&read.targets.manifests, &read.live.manifests, &operation)
    } else {
        plan_sync_with_live(&read.targets.manifests, &read.live.manifests, &operation)
    }
}

/// The Helm plan the flags ask for (install unless `--operation` names another command).
fn helm_plan(args: &PlanArgs, read: &Read) -> Plan {
    let command = match args.operation {
        Some(OperationKind::Upgrade) => HelmCommand::Upgrade,
        Some(OperationKind::Rollback) => HelmCommand::Rollback,
        Some(OperationKind::Uninstall | OperationKind::Delete) => HelmCommand::Uninstall,
        Some(OperationKind::Test) => HelmCommand::Test,
        _ => HelmCommand::Install,
    };
    plan_helm(&read.targets.manifests, &helm_operation_of(args, command, read.previous.manifests.clone()))
}

fn plan(command: &PlanCommand, matches: &ArgMatches) -> ExitCode {
    let args = &command.plan;
    let rules = match rules_of(&command.rules, matches, &command.paths.paths, &command.plan.inputs) {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    let read = match read_all(args, &command.paths.paths, &rules) {
        Ok(read) => read,
        Err(code) => return code,
    };
    let mut diagnostics = match args.engine {
        EngineKind::Argocd | EngineKind::Helm => {
            let plan = if args.engine == EngineKind::Helm { helm_plan(args, &read) } else { argocd_plan(args, &read) };
            if !quiet() {
                print_plan(&plan, command.output);
            }
            plan.diagnostics
        }
        EngineKind::Both => {
            let comparison = EngineComparison::new(argocd_plan(args, &read), helm_plan(args, &read));
            if !quiet() {
                match command.output {
                    PlanOutput::Json => emit_json(&comparison),
                    output => emit(|out| {
                        let mut out = stream::Chunked::new(out);
                        render(&mut out, &comparison.helm, output);
                        out.push_str("\n");
                        render(&mut out, &comparison.argocd, output);
                        out.push_str("\n");
                        out.push_str(&hookplan::compare::render(&comparison.differences));
                        out.finish()
                    }),
                }
            }
            comparison.argocd.diagnostics
        }
    };
    diagnostics = rules.apply(&read.targets.manifests, diagnostics).diagnostics;
    let targets = input::report_unreadable(&read.targets, &diagnostics);
    let live_state = input::report_unreadable(&read.live, read.live.manifests.diagnostics());
    if targets != ExitCode::SUCCESS {
        return targets;
    }
    if live_state != ExitCode::SUCCESS {
        return live_state;
    }
    exit_for(&diagnostics, &rules)
}

/// Exit 1 when a diagnostic reaches the failing severity (errors; warnings too with `--deny warnings`), else 0.
fn exit_for(diagnostics: &[hookplan::Diagnostic], rules: &rules::Rules) -> ExitCode {
    if diagnostics.iter().any(|d| d.severity >= rules.failing()) { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn simulate(args: &SimulateArgs, matches: &ArgMatches) -> ExitCode {
    let rules = match rules_of(&args.rules, matches, &args.paths.paths, &args.plan.inputs) {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    let read = match read_all(&args.plan, &args.paths.paths, &rules) {
        Ok(read) => read,
        Err(code) => return code,
    };
    let plan = match args.plan.engine {
        EngineKind::Argocd => argocd_plan(&args.plan, &read),
        EngineKind::Helm => helm_plan(&args.plan, &read),
        EngineKind::Both => {
            eprintln!("error: simulate walks one engine at a time: use --engine argocd or --engine helm");
            return ExitCode::from(2);
        }
    };
    let unmatched = hookplan::report::unmatched_failures(&plan, &args.fail);
    if !unmatched.is_empty() {
        eprintln!(
            "error: --fail {} names no task of the plan (write KIND/NAME, e.g. Job/db-migrate)",
            unmatched.join(", ")
        );
        return ExitCode::from(2);
    }
    let diagnostics = rules.apply(&read.targets.manifests, plan.diagnostics.clone()).diagnostics;
    let retry =
        if args.plan.engine == EngineKind::Argocd { read.application.as_ref().and_then(|a| a.retry) } else { None };
    let mut walk = match hookplan::report::Walk::new(plan, &args.fail, retry) {
        Ok(walk) => walk,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let mut failure = None;
    if quiet() {
        failure = walk.by_ref().find_map(Result::err);
    } else {
        match args.output {
            SimulateOutput::Text => emit(|out| simulate::text(out, &mut walk, &mut failure)),
            SimulateOutput::Json => {
                let document = simulate::Json::new(&mut walk);
                emit(|out| {
                    let written = serde_json::to_writer_pretty(&mut *out, &document);
                    if document.failed() {
                        return Ok(()); // the driver error is reported below
                    }
                    written.map_err(std::io::Error::from)?;
                    out.write_all(b"\n")
                });
                failure = document.failure();
            }
        }
    }
    if let Some(error) = failure {
        eprintln!("error: {error}");
        return ExitCode::from(2);
    }
    let succeeded = walk.succeeded();
    let unreadable = input::report_unreadable(&read.targets, &diagnostics);
    if unreadable != ExitCode::SUCCESS {
        return unreadable;
    }
    if succeeded == Some(true) { exit_for(&diagnostics, &rules) } else { ExitCode::from(1) }
}

fn lint(args: &LintArgs, matches: &ArgMatches) -> ExitCode {
    let rules = match rules_of(&args.rules, matches, &args.paths.paths, &args.inputs) {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    let mut reading = args.inputs.reading();
    reading.exclude.clone_from(&rules.exclude);
    let mut read = input::read_paths(&args.paths.paths, &reading);
    if let Some(code) = input::nothing_read(&read) {
        return code;
    }
    let application = match read_application(&args.inputs) {
        Ok(application) => application,
        Err(code) => return code,
    };
    let mut operation = SyncOperation::new().argocd_version(args.argocd_version);
    if let Some(application) = &application {
        operation = operation.application(application);
    }
    if let Some(namespace) = &args.inputs.namespace {
        operation = operation.namespace(namespace);
    }
    let diagnostics = check::lint_with(&read.manifests, &operation);
    let findings = LintReport::new(rules.apply(&read.manifests, diagnostics));
    // What was read is not needed to write the findings (only its count, and the source lines that text,
    // SARIF, GitHub and JUnit output show): freed before the output is built.
    let resources = read.manifests.resources().len();
    drop(std::mem::take(&mut read.manifests));
    if matches!(args.output, LintOutput::Json) {
        read.sources = std::collections::HashMap::default();
    }
    let templates = templates::Templates::new(args.inputs.chart_dir.clone(), args.inputs.max_input_size);
    let report = lint::Report {
        templates: &templates,
        findings: &findings,
        sources: &read.sources,
        resources,
        show_suppressed: args.show_suppressed,
        quiet: quiet(),
        color: color(),
    };
    match args.output {
        LintOutput::Text => emit(|out| report.text(out)),
        LintOutput::Json => emit_json(&findings),
        LintOutput::Sarif => emit(|out| report.sarif(out)),
        LintOutput::Github => emit(|out| report.github(out)),
        LintOutput::Junit => emit(|out| report.junit(out)),
    }
    for failure in &read.failures {
        eprintln!("error: {failure}");
    }
    if !read.failures.is_empty() || findings.diagnostics.iter().any(input::is_unreadable) {
        return ExitCode::from(2);
    }
    exit_for(&findings.diagnostics, &rules)
}

fn explain(args: &ExplainArgs) -> ExitCode {
    if args.list {
        print(&lint::list());
        return ExitCode::SUCCESS;
    }
    let name = args.rule.as_deref().unwrap_or_default();
    if let Some(rule) = hookplan::rules::find(name) {
        print(&lint::explain(rule));
        ExitCode::SUCCESS
    } else {
        eprintln!("error: no rule named `{name}`; `hookplan explain --list` lists them");
        ExitCode::from(2)
    }
}
