//! Reading the command line's paths: files, directories and standard input.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hookplan::{Diagnostic, Manifests, Severity};

/// What reading the paths produced.
pub struct ReadResult {
    pub manifests: Manifests,
    /// Paths that could not be read at all, with the reason.
    pub failures: Vec<String>,
    /// The bytes of every input read, by the name used in locations (for source snippets).
    pub sources: HashMap<String, Vec<u8>>,
}

/// Reads every path in order. Directories give their `.yaml`, `.yml` and `.json` files sorted by path;
/// with `recursive`, subdirectories too (symbolic links to directories are not followed).
pub fn read_paths(paths: &[PathBuf], recursive: bool) -> ReadResult {
    let mut result = ReadResult { manifests: Manifests::new(), failures: Vec::new(), sources: HashMap::new() };
    for path in paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            match std::io::stdin().lock().read_to_end(&mut bytes) {
                Ok(_) => {
                    result.manifests.read("-", &bytes);
                    result.sources.insert("-".to_string(), bytes);
                }
                Err(err) => result.failures.push(format!("-: cannot read standard input: {err}")),
            }
        } else if path.is_dir() {
            let mut files = Vec::new();
            if let Err(err) = collect(path, recursive, &mut files) {
                result.failures.push(format!("{}: cannot read directory: {err}", path.display()));
            }
            files.sort();
            for file in files {
                read_file(&file, &mut result);
            }
        } else {
            read_file(path, &mut result);
        }
    }
    result
}

fn collect(dir: &Path, recursive: bool, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            if recursive {
                collect(&path, recursive, files)?;
            }
        } else if is_manifest(&path) && !file_type.is_dir() && path.is_file() {
            files.push(path);
        }
    }
    Ok(())
}

fn is_manifest(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json"))
}

fn read_file(path: &Path, result: &mut ReadResult) {
    match std::fs::read(path) {
        Ok(bytes) => {
            let name = path.display().to_string();
            result.manifests.read(&name, &bytes);
            result.sources.insert(name, bytes);
        }
        Err(err) => result.failures.push(format!("{}: cannot read: {err}", path.display())),
    }
}

/// Whether a diagnostic means a document could not be read at all.
pub fn is_unreadable(diagnostic: &Diagnostic) -> bool {
    diagnostic.severity == Severity::Error && matches!(diagnostic.rule.name, "unreadable-document" | "not-an-object")
}

/// Prints unreadable inputs and documents to standard error; exit 2 if there were any, else 0.
pub fn report_unreadable(read: &ReadResult, diagnostics: &[Diagnostic]) -> ExitCode {
    let mut unreadable = false;
    for failure in &read.failures {
        eprintln!("error: {failure}");
        unreadable = true;
    }
    for diagnostic in diagnostics {
        if is_unreadable(diagnostic) {
            eprintln!("error: {}: {}", diagnostic.location, diagnostic.message);
            unreadable = true;
        }
    }
    if unreadable { ExitCode::from(2) } else { ExitCode::SUCCESS }
}

/// When the inputs hold nothing to work on, says why on standard error and gives exit status 2: every path failed
/// to read (`lint missing.yaml`), or what was read holds no document at all (empty standard input, an empty
/// directory: often a `helm template` that failed upstream of the pipe).
pub fn nothing_read(read: &ReadResult) -> Option<ExitCode> {
    let manifests = &read.manifests;
    if !manifests.resources().is_empty() || !manifests.excluded().is_empty() || !manifests.diagnostics().is_empty() {
        return None;
    }
    for failure in &read.failures {
        eprintln!("error: {failure}");
    }
    if read.failures.is_empty() {
        let what = if read.sources.is_empty() {
            "no .yaml, .yml or .json file was found".to_string()
        } else {
            format!("the input holds no document ({} read)", plural(read.sources.len(), "input", "inputs"))
        };
        eprintln!("error: nothing to check: {what}");
    }
    Some(ExitCode::from(2))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
