//! The corpus of real third-party manifests, `../shared/corpus` beside the repository. Every test, unit test and
//! bench that reads it finds it here. A missing corpus fails the test under CI (`CI` set, as CI services and
//! `.ci/run` set it), so that a corpus test never passes without checking anything there; outside CI it is
//! skipped, and says so.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the corpus is: `../shared/corpus` from the repository's root.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
}

/// What a corpus test does.
#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    /// Read the corpus in this directory.
    Run(PathBuf),
    /// Skip, outside CI, after printing this note.
    Skip(String),
    /// Fail, under CI, with this message.
    Fail(String),
}

/// What a corpus test does when the corpus is at `dir` or not, under CI or not.
pub fn decide(dir: &Path, ci: bool) -> Decision {
    let shown = dir.display();
    if dir.is_dir() {
        Decision::Run(dir.to_path_buf())
    } else if ci {
        Decision::Fail(format!("{shown} is missing under CI: the corpus tests cannot run, and must not pass"))
    } else {
        Decision::Skip(format!("NOTE: {shown} is absent: the corpus tests are skipped (they check nothing without it)"))
    }
}

/// Whether a value of the `CI` variable means CI: set to anything but empty, `false` or `0` (GitHub Actions,
/// GitLab and most CI services set `CI=true`).
pub fn is_ci(value: Option<&str>) -> bool {
    value.is_some_and(|value| !matches!(value.trim(), "" | "false" | "0"))
}

/// The corpus directory, or `None` when it is missing outside CI (after a note on standard error that the test is
/// skipped).
///
/// # Panics
///
/// The corpus is missing under CI.
pub fn corpus() -> Option<PathBuf> {
    match decide(&corpus_dir(), is_ci(std::env::var("CI").ok().as_deref())) {
        Decision::Run(dir) => Some(dir),
        Decision::Skip(note) => {
            // Written straight to the terminal, past the test harness's output capture, so that it is seen.
            let _ = writeln!(std::io::stderr(), "\n{note}\n");
            None
        }
        Decision::Fail(message) => panic!("{message}"),
    }
}

/// The `.yaml`, `.yml` and `.json` files under `dir`, recursively, sorted.
///
/// # Panics
///
/// A directory under `dir` cannot be read.
pub fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")) {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::{Decision, decide, is_ci};
    use std::path::Path;

    #[test]
    fn a_missing_corpus_fails_under_ci_and_is_skipped_outside() {
        let missing = Path::new(env!("CARGO_MANIFEST_DIR")).join("no-such-corpus");
        let shown = missing.display();
        assert_eq!(
            decide(&missing, true),
            Decision::Fail(format!("{shown} is missing under CI: the corpus tests cannot run, and must not pass"))
        );
        assert_eq!(
            decide(&missing, false),
            Decision::Skip(format!(
                "NOTE: {shown} is absent: the corpus tests are skipped (they check nothing without it)"
            ))
        );
        // A corpus that is there runs, under CI or not.
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(decide(here, true), Decision::Run(here.to_path_buf()));
        assert_eq!(decide(here, false), Decision::Run(here.to_path_buf()));
    }

    #[test]
    fn ci_is_any_value_but_empty_false_or_zero() {
        assert!(is_ci(Some("true")) && is_ci(Some("1")) && is_ci(Some("yes")));
        assert!(!is_ci(None) && !is_ci(Some("false")) && !is_ci(Some("0")) && !is_ci(Some("")));
    }
}
