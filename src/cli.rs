//! The command line: every subcommand, option and value, as clap reads them. Kept apart from what the commands
//! do, so that the CLI reference (`docs/cli.md`) and the man page (`docs/hookplan.1`) are generated from exactly
//! these definitions (a test keeps them in step).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Plan and lint what Argo CD will do with annotated Kubernetes manifests, offline.
#[derive(Parser)]
#[command(name = "hookplan", version, about, long_about = None, after_long_help = AFTER_HELP)]
pub struct Cli {
    /// When to colour the output: `auto` colours a terminal unless NO_COLOR is set (CLICOLOR_FORCE forces it).
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Print less: `lint` prints one line a finding and no summary; `plan`, `simulate` and `diff` print nothing
    /// but errors. The exit status still tells.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// What every command shares: what it reads, where its configuration comes from, how it ends.
const AFTER_HELP: &str = "\
Inputs: the paths named are the boundary of what is read. A directory gives its regular .yaml, .yml and .json
files; a symbolic link that leads out of the directory (or, for a file named as a link, out of the file's own
directory), or to anything but a regular file (a FIFO, a device, /proc), is reported and not read, unless
--follow-symlinks-outside allows links out. A path named that is not a link is read whatever it is (a device or a
FIFO as a stream, like `-`), up to --max-input-size. `-` (standard input) may be named once. A `# Source:` template
path is read only inside --chart-dir (or the rendered input's directory), as a regular file, within the same limits.

Configuration: without --config, `.hookplan.yaml` is looked for in each input's directory (the current directory
for `-`) and its parents up to the repository root (the directory holding `.git`), never above it; outside a
repository, in the input's directory only. Directories that cannot be read are skipped. Inputs with different
configuration files are an error. Inputs that `paths.exclude` leaves out entirely give an empty document in every
output format (an empty plan, a SARIF run without results, JUnit without tests), exit 0.

Endings: exit 0 (success), 1 (failing findings, error diagnostics, plans that differ), 2 (an input, option or
configuration that cannot be used, or an output that cannot be written). A closed pipe (`| head`) stops the output
quietly, as ripgrep does, but the exit status stays the run's, so `set -o pipefail` still sees failing findings. A
failed write to standard error never ends the run early.";

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour a terminal, unless NO_COLOR is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Which rules report, and at what severity: the configuration file and clippy-style flags.
#[derive(clap::Args)]
pub struct RuleArgs {
    /// The rule configuration file (default: `.hookplan.yaml` in each input's directory or the nearest parent, up
    /// to the repository root; outside a repository, in the input's directory only).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Use no configuration file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Disable RULE (name or code), as clippy's -A; repeatable, applied after the file in the order given.
    #[arg(long, short = 'A', value_name = "RULE")]
    pub allow: Vec<String>,
    /// Report RULE as a warning, as clippy's -W; repeatable.
    #[arg(long, short = 'W', value_name = "RULE")]
    pub warn: Vec<String>,
    /// Report RULE as an error, as clippy's -D; `--deny warnings` fails the run on warnings too; repeatable.
    #[arg(long, short = 'D', value_name = "RULE|warnings")]
    pub deny: Vec<String>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Print the Argo CD sync plan: phases, waves and tasks in order, hook deletions, excluded documents,
    /// and the diagnostics.
    Plan(PlanCommand),
    /// Report every silent fallback of Argo CD and Helm: unknown hook types, invalid waves, policies and options.
    Lint(LintArgs),
    /// Explain a lint rule (by name, e.g. `unknown-hook-type`, or code, e.g. `HP0001`).
    Explain(ExplainArgs),
    /// Walk the sync step by step, as Argo CD would, with the tasks you name failing.
    Simulate(SimulateArgs),
    /// Compare the plans of two versions of the manifests: what moves, what leaves, what is now risky.
    /// Exit 0 when the plans are the same, 1 when they differ, 2 when a side cannot be read.
    Diff(DiffArgs),
}

#[derive(clap::Args)]
pub struct SimulateArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = SimulateOutput::Text)]
    pub output: SimulateOutput,
    /// A task that fails (Kind/name; a generateName matches with or without its trailing `-`); repeatable.
    #[arg(long, value_name = "KIND/NAME")]
    pub fail: Vec<String>,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub paths: Paths,
}

#[derive(clap::Args)]
pub struct Inputs {
    /// An Argo CD Application manifest: its destination namespace, sync options, automated prune and self-heal,
    /// and retry strategy apply (explicit flags override them).
    #[arg(long, value_name = "FILE")]
    pub application: Option<PathBuf>,
    /// The Application's destination namespace, given to objects without one.
    #[arg(long, short = 'n', value_name = "NS")]
    pub namespace: Option<String>,
    /// Read directories recursively.
    #[arg(long, short)]
    pub recursive: bool,
    /// The file name standard input stands for in findings and outputs (`helm template . | hookplan lint
    /// --stdin-filename rendered.yaml -`); `-` otherwise, shown as `stdin` in SARIF and GitHub output.
    #[arg(long, value_name = "NAME", default_value = "-")]
    pub stdin_filename: String,
    /// The chart directory `helm template` rendered (`helm template charts/shop | hookplan lint --chart-dir
    /// charts/shop -`): findings in its output point at `charts/shop/templates/...` in SARIF and GitHub output, on
    /// the template's line when it can be found. Without it, the `# Source:` path as Helm writes it.
    #[arg(long, value_name = "DIR")]
    pub chart_dir: Option<PathBuf>,
    /// Read files that symbolic links lead to outside the input's tree (a directory named, or a file's own
    /// directory). Without it such a link is reported and not read, and so is a link to anything but a regular
    /// file (a FIFO, a device): nothing outside the inputs is read or quoted.
    #[arg(long)]
    pub follow_symlinks_outside: bool,
    /// The most bytes read from one input (suffixes KiB, MiB, GiB); reading stops there.
    #[arg(long, value_name = "SIZE", default_value = "256MiB", value_parser = parse_size)]
    pub max_input_size: usize,
    /// The most bytes of one document.
    #[arg(long, value_name = "SIZE", default_value = "32MiB", value_parser = parse_size)]
    pub max_document_size: usize,
    /// The most documents read from one input.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub max_documents: usize,
    /// The most levels of nested mappings and sequences in one document.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub max_nesting: usize,
    /// The most List items read from one document.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub max_list_items: usize,
    /// The most bytes of one object's annotations (the API server's own limit is 256KiB).
    #[arg(long, value_name = "SIZE", default_value = "256KiB", value_parser = parse_size)]
    pub max_annotation_size: usize,
    /// The most bytes of one object's name.
    #[arg(long, value_name = "SIZE", default_value = "1KiB", value_parser = parse_size)]
    pub max_name_size: usize,
}

/// The inputs to plan or lint.
#[derive(clap::Args)]
pub struct Paths {
    /// Files (`.yaml`, `.yml`, `.json`), directories of them (sorted), or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(clap::Args)]
pub struct PlanCommand {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = PlanOutput::Table)]
    pub output: PlanOutput,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub paths: Paths,
}

#[derive(clap::Args)]
pub struct DiffArgs {
    /// Output format: text for terminals, markdown for a pull request comment, json for tools.
    #[arg(long, short, value_enum, default_value_t = DiffOutput::Text)]
    pub output: DiffOutput,
    #[command(flatten)]
    pub plan: PlanArgs,
    /// The base: a file or directory, or REV:PATH read from the current directory's git repository
    /// (e.g. origin/main:deploy).
    #[arg(value_name = "BASE")]
    pub base: String,
    /// The head, like BASE (e.g. deploy).
    #[arg(value_name = "HEAD")]
    pub head: String,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffOutput {
    /// The changes for a terminal.
    Text,
    /// A pull request comment: verdict, risky changes, a table, diagnostics, the new plan as a picture.
    Markdown,
    /// `{"schemaVersion":1,"changes":[...],"diagnostics":{"new":[...],"fixed":[...]}}`.
    Json,
}

/// The options that choose and shape a plan, shared by `plan` and `simulate`.
#[derive(clap::Args)]
pub struct PlanArgs {
    /// The engine: Argo CD, Helm, or both side by side with their differences.
    #[arg(long, value_enum, default_value_t = EngineKind::Argocd)]
    pub engine: EngineKind,
    /// The operation: sync or delete (Argo CD); install, upgrade, rollback, uninstall or test (Helm).
    /// Defaults to sync for Argo CD and install for Helm.
    #[arg(long, value_enum)]
    pub operation: Option<OperationKind>,
    /// The Helm version, where versions differ: 4 (current), 3 (the newest 3.x) or 3.MINOR (3.1 to 3.21: older
    /// kind orders, hook cleanup on failure before 3.19, ...).
    #[arg(long, value_name = "4|3|3.MINOR", default_value = "4", value_parser = parse_helm_version)]
    pub helm_version: hookplan::helm::HelmVersion,
    /// The Argo CD release, where releases differ: MAJOR.MINOR or MAJOR.MINOR.PATCH, from 2.10 to 3.5 (the
    /// newest; without a patch, the newest patch of that minor). Older releases: no PreDelete before 3.3, prune
    /// waves not mirrored before 2.11, no `Prune=confirm` before 2.14, ...
    #[arg(long, value_name = "MAJOR.MINOR[.PATCH]", default_value = "3.5", value_parser = parse_argocd_version)]
    pub argocd_version: hookplan::argocd::ArgocdVersion,
    /// For a Helm upgrade: the previous release's manifest (objects that left the chart are pruned).
    #[arg(long, value_name = "PATH")]
    pub previous: Vec<PathBuf>,
    /// Helm: an install does not create the chart's `crds/` directory (`helm install --skip-crds`).
    #[arg(long)]
    pub skip_crds: bool,
    /// Helm: run no hook (`--no-hooks`; install, upgrade, rollback, uninstall).
    #[arg(long)]
    pub no_hooks: bool,
    /// Helm: wait until the manifests are ready before the post-event hooks (`--wait`; Helm 4 `--wait=watcher`).
    #[arg(long)]
    pub wait: bool,
    /// Helm: as --wait, and until their Jobs are complete (`--wait-for-jobs`).
    #[arg(long)]
    pub wait_for_jobs: bool,
    /// Helm install: create the release namespace (--namespace) before the pre-install hooks (`--create-namespace`).
    #[arg(long)]
    pub create_namespace: bool,
    /// Helm: a failed install is uninstalled, a failed upgrade rolled back (`--atomic` in Helm 3,
    /// `--rollback-on-failure` in Helm 4).
    #[arg(long, alias = "atomic")]
    pub rollback_on_failure: bool,
    /// Helm upgrade: a failed upgrade deletes the objects it created (`--cleanup-on-fail`).
    #[arg(long)]
    pub cleanup_on_fail: bool,
    /// Helm test: `name=NAME` runs only the hooks named so, `!name=NAME` leaves them out (`helm test --filter`);
    /// repeatable.
    #[arg(long, value_name = "FILTER")]
    pub filter: Vec<String>,
    /// Helm test: print the test Pods' logs once the tests ran (`helm test --logs`): before the hook-succeeded
    /// cleanup in Helm 4, after it in Helm 3.
    #[arg(long)]
    pub logs: bool,
    #[command(flatten)]
    pub state: StateArgs,
    /// Name unnamed hooks as Argo CD does for this sync revision (needs --started-at).
    #[arg(long, requires = "started_at", value_name = "REV")]
    pub revision: Option<String>,
    /// Operation start time in Unix seconds, for hook names (needs --revision).
    #[arg(long, requires = "revision", value_name = "UNIX")]
    pub started_at: Option<i64>,
    #[command(flatten)]
    pub inputs: Inputs,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PlanOutput {
    /// A table for people.
    Table,
    /// The plan JSON contract, version 1.
    Json,
    /// A Mermaid flowchart (renders on GitHub).
    Mermaid,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SimulateOutput {
    /// Numbered instructions for people.
    Text,
    /// `{"schemaVersion":1,"instructions":[...]}` for tools.
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OperationKind {
    /// An Argo CD sync.
    Sync,
    /// The Application's cascade deletion (Argo CD).
    Delete,
    /// helm install.
    Install,
    /// helm upgrade.
    Upgrade,
    /// helm rollback (the manifests given are the target revision's).
    Rollback,
    /// helm uninstall.
    Uninstall,
    /// helm test.
    Test,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineKind {
    /// Argo CD.
    Argocd,
    /// Helm.
    Helm,
    /// Both, and where they differ.
    Both,
}

/// The live state and the Application's sync options.
#[derive(clap::Args)]
pub struct StateArgs {
    /// Live objects of the Application (`kubectl get ... -o yaml`), read like PATH; repeatable.
    #[arg(long, value_name = "PATH")]
    pub live: Vec<PathBuf>,
    /// Prune live objects that have no target (the sync's prune flag).
    #[arg(long)]
    pub prune: bool,
    /// An Application sync option, e.g. PruneLast=true, CreateNamespace=true, ApplyOutOfSyncOnly=true; repeatable.
    #[arg(long = "sync-option", value_name = "OPTION")]
    pub sync_options: Vec<String>,
    /// Selective sync of this resource (group/Kind/namespace/name); repeatable. No hook runs.
    #[arg(long, value_name = "KEY")]
    pub select: Vec<hookplan::ResourceKey>,
    /// For ApplyOutOfSyncOnly: a resource already in sync (group/Kind/namespace/name); repeatable.
    #[arg(long, value_name = "KEY")]
    pub unchanged: Vec<hookplan::ResourceKey>,
    /// The Application's argocd.argoproj.io/deletion-approved confirms Prune=confirm and Delete=confirm.
    #[arg(long)]
    pub deletion_approved: bool,
    /// The sync strategy: `hook` (the default) or `apply`, which runs no hook (`argocd app sync --strategy`).
    #[arg(long, value_enum, value_name = "STRATEGY", default_value_t = Strategy::Hook)]
    pub strategy: Strategy,
    /// With --operation delete: a non-cascading deletion (`argocd app delete --cascade=false`): the PreDelete and
    /// PostDelete hooks run, the resources stay.
    #[arg(long)]
    pub non_cascading: bool,
}

/// An Argo CD sync strategy.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Strategy {
    /// Hooks run in their phases (the default).
    Hook,
    /// No hook runs.
    Apply,
}

#[derive(clap::Args)]
pub struct LintArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = LintOutput::Text)]
    pub output: LintOutput,
    /// The Argo CD release the Argo CD rules judge by: MAJOR.MINOR or MAJOR.MINOR.PATCH, from 2.10 to 3.5 (the
    /// newest). `PreDelete` is an unknown hook type before 3.3, for example.
    #[arg(long, value_name = "MAJOR.MINOR[.PATCH]", default_value = "3.5", value_parser = parse_argocd_version)]
    pub argocd_version: hookplan::argocd::ArgocdVersion,
    /// Also list the findings silenced by the configuration or by `ignore-check.hookplan.io/` annotations.
    #[arg(long)]
    pub show_suppressed: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub paths: Paths,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LintOutput {
    /// rustc-style messages with the source line.
    Text,
    /// `{"schemaVersion": 1, "diagnostics": [...]}`, the diagnostics as in the plan JSON contract.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=F,line=L,col=C,title=...::message`): annotations on the
    /// pull request without code scanning.
    Github,
    /// JUnit XML: a test case a finding, errors and warnings failing.
    Junit,
}

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// The rule's name or code.
    #[arg(required_unless_present = "list", value_name = "RULE")]
    pub rule: Option<String>,
    /// List every rule.
    #[arg(long)]
    pub list: bool,
}

/// Parses an Argo CD release: `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`, 2.10 to 3.5, with or without a `v`.
pub fn parse_argocd_version(text: &str) -> Result<hookplan::argocd::ArgocdVersion, String> {
    text.parse().map_err(|e: hookplan::ParseVersionError| e.to_string())
}

/// Parses a Helm version: `4`, `3` (the newest 3.x) or `3.MINOR` (3.1 to 3.21).
pub fn parse_helm_version(text: &str) -> Result<hookplan::helm::HelmVersion, String> {
    text.parse().map_err(|e: hookplan::ParseVersionError| e.to_string())
}

/// Parses a size: bytes, or a number with `KiB`, `MiB` or `GiB` (`K`, `M`, `G` too).
pub fn parse_size(text: &str) -> Result<usize, String> {
    let text = text.trim();
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (number, unit) = text.split_at(digits);
    let number: usize =
        number.parse().map_err(|_| format!("`{text}` is not a size (write 1048576, 512KiB or 64MiB)"))?;
    let shift = match unit.trim() {
        "" | "B" => 0,
        "K" | "KiB" | "k" => 10,
        "M" | "MiB" => 20,
        "G" | "GiB" => 30,
        other => return Err(format!("unknown unit `{other}` (use KiB, MiB or GiB)")),
    };
    number.checked_mul(1 << shift).ok_or_else(|| format!("`{text}` is too large"))
}
