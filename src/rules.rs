//! Rule configuration on the command line: the `.hookplan.yaml` file (given, or found from the current directory
//! upward to the repository root), clippy-style `--allow`/`--warn`/`--deny` flags applied after it in the order
//! given, and the paths the file excludes.

use std::path::{Path, PathBuf};

use clap::ArgMatches;
use globset::{Glob, GlobSet, GlobSetBuilder};
use hookplan::config::{Findings, LintConfig};
use hookplan::{Diagnostic, Manifests, Severity};

use crate::cli::RuleArgs;

/// The configuration file's name, looked for in the current directory and its parents.
pub const CONFIG_FILE: &str = ".hookplan.yaml";

/// The rule configuration of one run.
pub struct Rules {
    pub config: LintConfig,
    /// `--deny warnings`: warnings fail the run too.
    pub deny_warnings: bool,
    /// `paths.exclude`.
    pub exclude: Option<Exclude>,
}

/// The `paths.exclude` patterns of a configuration file, and the directory they are relative to.
#[derive(Clone)]
pub struct Exclude {
    set: GlobSet,
    base: PathBuf,
}

impl Exclude {
    /// Whether `path` (a file named on the command line or found in a directory) is excluded: matched relative to
    /// the configuration file's directory, and as given.
    pub fn matches(&self, path: &Path) -> bool {
        let absolute = absolute(path);
        let relative = absolute.strip_prefix(&self.base).unwrap_or(path);
        self.set.is_match(relative) || self.set.is_match(path)
    }
}

impl Rules {
    /// The configuration the flags ask for. `matches` are the subcommand's, to order the flags as given.
    ///
    /// # Errors
    ///
    /// A configuration file that cannot be read or is malformed, an unknown rule in a flag, a bad glob.
    pub fn from_args(args: &RuleArgs, matches: &ArgMatches) -> Result<Rules, String> {
        let file = if args.no_config {
            None
        } else if let Some(path) = &args.config {
            Some(path.clone())
        } else {
            std::env::current_dir().ok().and_then(|dir| find_config(&dir))
        };
        let mut config = LintConfig::new();
        let mut exclude = None;
        if let Some(path) = &file {
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|err| format!("{shown}: cannot read: {err}"))?;
            config = LintConfig::parse(&shown, &text).map_err(|err| err.to_string())?;
            if !config.exclude().is_empty() {
                let mut set = GlobSetBuilder::new();
                for pattern in config.exclude() {
                    let glob = Glob::new(pattern)
                        .map_err(|err| format!("{shown}: `paths.exclude` pattern `{pattern}`: {err}"))?;
                    set.add(glob);
                }
                let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
                let base = if base.as_os_str().is_empty() { PathBuf::from(".") } else { base };
                let set = set.build().map_err(|err| format!("{shown}: {err}"))?;
                exclude = Some(Exclude { set, base: absolute(&base) });
            }
        }
        // The flags, in the order given: as with clippy, the last setting of a rule wins.
        let mut flags: Vec<(usize, &str, &str)> = Vec::new();
        for (id, values) in [("allow", &args.allow), ("warn", &args.warn), ("deny", &args.deny)] {
            let indices = matches.indices_of(id).into_iter().flatten();
            flags.extend(indices.zip(values).map(|(index, value)| (index, id, value.as_str())));
        }
        flags.sort_by_key(|(index, _, _)| *index);
        let mut deny_warnings = false;
        for (_, flag, rule) in flags {
            let result = match (flag, rule) {
                ("deny", "warnings") => {
                    deny_warnings = true;
                    continue;
                }
                ("allow", _) => config.disable(rule).map(|_| ()),
                ("warn", _) => config.severity(rule, Severity::Warning).map(|_| ()),
                _ => config.severity(rule, Severity::Error).map(|_| ()),
            };
            result.map_err(|err| format!("--{flag} {rule}: {err}"))?;
        }
        Ok(Rules { config, deny_warnings, exclude })
    }

    /// The findings: configuration and suppression annotations applied to `diagnostics`.
    pub fn apply(&self, manifests: &Manifests, diagnostics: Vec<Diagnostic>) -> Findings {
        self.config.apply(manifests, diagnostics)
    }

    /// The severity from which a finding fails the run.
    pub fn failing(&self) -> Severity {
        if self.deny_warnings { Severity::Warning } else { Severity::Error }
    }
}

/// `.hookplan.yaml` in `dir` (the current directory) or the nearest parent, stopping at the repository root (a
/// directory holding `.git`); as a path relative to `dir` (`.hookplan.yaml`, `../../.hookplan.yaml`), which is
/// how errors name it.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    for (up, dir) in dir.ancestors().enumerate() {
        if dir.join(CONFIG_FILE).is_file() {
            return Some(PathBuf::from(format!("{}{CONFIG_FILE}", "../".repeat(up))));
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

/// `path` made absolute against the current directory, `.` and `..` resolved by name (no symbolic links
/// followed, nothing needs to exist).
fn absolute(path: &Path) -> PathBuf {
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
