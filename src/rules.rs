//! Rule configuration on the command line: the `.hookplan.yaml` file (given, or found from each input's
//! directory upward to the repository root), clippy-style `--allow`/`--warn`/`--deny` flags applied after it in
//! the order given, and the paths the file excludes.

use std::path::{Path, PathBuf};

use clap::ArgMatches;
use globset::{Glob, GlobSet, GlobSetBuilder};
use hookplan::config::{Findings, LintConfig};
use hookplan::{Diagnostic, Manifests, Severity};

use crate::cli::RuleArgs;

/// The configuration file's name, looked for in each input's directory and its parents.
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
    /// The configuration the flags ask for, for the inputs `paths` (see [`config_for`]); the file is read with the
    /// input `limits`. `matches` are the subcommand's, to order the flags as given.
    ///
    /// # Errors
    ///
    /// A configuration file that cannot be read, is over a limit or is malformed; inputs with different
    /// configuration files; an unknown rule in a flag; a bad glob.
    pub fn from_args(
        args: &RuleArgs,
        matches: &ArgMatches,
        paths: &[PathBuf],
        limits: hookplan::Limits,
    ) -> Result<Rules, String> {
        let file = if args.no_config {
            None
        } else if let Some(path) = &args.config {
            Some(path.clone())
        } else {
            config_for(paths)?
        };
        let mut config = LintConfig::new();
        let mut exclude = None;
        if let Some(path) = &file {
            let shown = path.display().to_string();
            let text = crate::files::read_option_file(path, limits)?;
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

/// The configuration file of the inputs `paths`: each input's own (see [`find_config`]), from the directory named,
/// or the directory of the file named, or the current directory for standard input (and when no path is given).
/// Inputs with different configuration files (or one with a file and one without) are an error, since one run has
/// one configuration: give `--config`, or run once per tree.
///
/// # Errors
///
/// The inputs' configuration files differ: the message names two inputs and their files.
pub fn config_for(paths: &[PathBuf]) -> Result<Option<PathBuf>, String> {
    let here = PathBuf::from(".");
    let starts: Vec<(&Path, PathBuf)> = if paths.is_empty() {
        vec![(here.as_path(), here.clone())]
    } else {
        paths
            .iter()
            .map(|path| {
                let start = if path.as_os_str() == "-" || path.is_dir() {
                    if path.as_os_str() == "-" { here.clone() } else { path.clone() }
                } else {
                    path.parent().filter(|p| !p.as_os_str().is_empty()).map_or_else(|| here.clone(), Path::to_path_buf)
                };
                (path.as_path(), start)
            })
            .collect()
    };
    let mut chosen: Option<(&Path, Option<PathBuf>)> = None;
    for (input, start) in starts {
        let found = find_config(&start);
        match &chosen {
            None => chosen = Some((input, found)),
            Some((first, config)) if config.as_deref().map(absolute) != found.as_deref().map(absolute) => {
                let name = |config: &Option<PathBuf>| {
                    config.as_ref().map_or_else(|| "no configuration file".to_string(), |c| c.display().to_string())
                };
                return Err(format!(
                    "the inputs {} and {} have different configuration files ({} and {}): give --config, or run \
                     hookplan once per tree",
                    first.display(),
                    input.display(),
                    name(config),
                    name(&found)
                ));
            }
            Some(_) => {}
        }
    }
    Ok(chosen.and_then(|(_, config)| config))
}

/// `.hookplan.yaml` in `dir` or the nearest parent, stopping at the repository root (a directory holding `.git`)
/// and never going above it. Outside any repository only `dir` itself is looked in, so that a file in a home or
/// temporary directory never configures a run by accident. A directory that cannot be looked in is skipped.
/// The path is relative to the current directory when it is below it or above it (`.hookplan.yaml`,
/// `../../.hookplan.yaml`), which is how errors name it; absolute otherwise.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    let start = absolute(dir);
    let in_repository = start.ancestors().any(|dir| dir.join(".git").try_exists().unwrap_or(false));
    for dir in start.ancestors() {
        let candidate = dir.join(CONFIG_FILE);
        if std::fs::metadata(&candidate).is_ok_and(|meta| meta.is_file()) {
            return Some(shown(&candidate));
        }
        if !in_repository || dir.join(".git").try_exists().unwrap_or(false) {
            return None;
        }
    }
    None
}

/// An absolute path as errors show it: relative to the current directory when below it, `../` steps when above.
fn shown(path: &Path) -> PathBuf {
    let Ok(here) = std::env::current_dir().map(|dir| absolute(&dir)) else { return path.to_path_buf() };
    for (up, dir) in here.ancestors().enumerate() {
        if let Ok(rest) = path.strip_prefix(dir) {
            if up > 0 && dir.parent().is_none() {
                break;
            }
            return PathBuf::from("../".repeat(up)).join(rest);
        }
    }
    path.to_path_buf()
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
