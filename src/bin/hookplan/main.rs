//! The `hookplan` command-line tool: reads manifests from files, directories or standard input and prints
//! what Argo CD will do with them.

mod input;
mod table;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use hookplan::{SyncOperation, plan_sync};

/// Plan what Argo CD will do with annotated Kubernetes manifests, offline.
#[derive(Parser)]
#[command(name = "hookplan", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the Argo CD sync plan: phases, waves and tasks in order, hook deletions, excluded documents.
    Plan(PlanArgs),
}

#[derive(clap::Args)]
struct PlanArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Output::Table)]
    output: Output,
    /// The Application's destination namespace, given to objects without one.
    #[arg(long, short = 'n', value_name = "NS")]
    namespace: Option<String>,
    /// Name unnamed hooks as Argo CD does for this sync revision (needs --started-at).
    #[arg(long, requires = "started_at", value_name = "REV")]
    revision: Option<String>,
    /// Operation start time in Unix seconds, for hook names (needs --revision).
    #[arg(long, requires = "revision", value_name = "UNIX")]
    started_at: Option<i64>,
    /// Read directories recursively.
    #[arg(long, short)]
    recursive: bool,
    /// Files (`.yaml`, `.yml`, `.json`), directories of them (sorted), or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Output {
    /// A table for people.
    Table,
    /// The plan JSON contract, version 1.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Plan(args) => plan(&args),
    }
}

fn plan(args: &PlanArgs) -> ExitCode {
    let read = input::read_paths(&args.paths, args.recursive);
    let mut operation = SyncOperation::new();
    if let Some(namespace) = &args.namespace {
        operation = operation.namespace(namespace);
    }
    if let (Some(revision), Some(started_at)) = (&args.revision, args.started_at) {
        operation = operation.revision(revision, started_at);
    }
    let plan = plan_sync(&read.manifests, &operation);
    let text = match args.output {
        Output::Table => table::render(&plan),
        Output::Json => serde_json::to_string_pretty(&plan).expect("a plan always serialises") + "\n",
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`hookplan plan . | head`) is not an error worth a panic.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    input::report_unreadable(&read, &plan.diagnostics)
}
