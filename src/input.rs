//! Reading the command line's paths: files, directories and standard input.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hookplan::{Diagnostic, Limits, Manifests, Severity};

/// How to read the command line's paths.
pub struct Reading {
    /// Whether directories are read recursively.
    pub recursive: bool,
    /// The limits of each input; reading an input stops one byte past `max_input_bytes`, so no more than that is
    /// ever held, whatever the input (`/dev/zero`, an endless pipe).
    pub limits: Limits,
    /// The name standard input goes by in locations and outputs (`-` unless `--stdin-filename` says otherwise).
    pub stdin_name: String,
    /// The configuration's `paths.exclude`: files not read, whether named or found in a directory.
    pub exclude: Option<crate::rules::Exclude>,
}

/// What reading the paths produced.
pub struct ReadResult {
    pub manifests: Manifests,
    /// Paths that could not be read at all, with the reason.
    pub failures: Vec<String>,
    /// The bytes of every input read, by the name used in locations (for source snippets).
    pub sources: HashMap<String, Vec<u8>>,
    /// Files not read because the configuration excludes them.
    pub excluded: usize,
}

/// Reads every path in order. Directories give their `.yaml`, `.yml` and `.json` files sorted by path;
/// with `recursive`, subdirectories too (symbolic links to directories are not followed). A `.git` directory and
/// a `.hookplan.yaml` file found in a directory are skipped; so is every file the configuration excludes.
/// A directory that cannot be read is reported by its own path and the rest of the tree is still read.
pub fn read_paths(paths: &[PathBuf], reading: &Reading) -> ReadResult {
    let mut result = ReadResult {
        manifests: Manifests::with_limits(reading.limits),
        failures: Vec::new(),
        sources: HashMap::new(),
        excluded: 0,
    };
    for path in paths {
        if path.as_os_str() == "-" {
            match read_bounded(std::io::stdin().lock(), reading.limits.max_input_bytes, None) {
                Ok(bytes) => {
                    result.manifests.read(&reading.stdin_name, &bytes);
                    result.sources.insert(reading.stdin_name.clone(), bytes);
                }
                Err(err) => result.failures.push(format!("-: cannot read standard input: {err}")),
            }
        } else if path.is_dir() {
            let mut files = Vec::new();
            collect(path, reading.recursive, &mut files, &mut result.failures);
            files.sort();
            for file in files {
                read_file(&file, reading, &mut result);
            }
        } else {
            read_file(path, reading, &mut result);
        }
    }
    result
}

/// Reads at most `limit + 1` bytes: one past the limit is how the library knows the input goes on.
fn read_bounded(reader: impl Read, limit: usize, size_hint: Option<u64>) -> std::io::Result<Vec<u8>> {
    // A file's size is known: read it into a buffer of that size (plus the byte that tells it grew), instead of
    // doubling one up to twice its size.
    let hint = size_hint.map_or(0, |size| usize::try_from(size).unwrap_or(usize::MAX).min(limit).saturating_add(1));
    let mut bytes = Vec::with_capacity(hint);
    reader.take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// What to say, on standard error, of a directory that holds sources rather than manifests: a Helm chart
/// (`Chart.yaml`) or a Kustomization, whose files are not what the engines apply until rendered.
pub fn render_first_hint(dir: &Path) -> Option<String> {
    let shown = dir.display();
    if dir.join("Chart.yaml").is_file() {
        return Some(format!(
            "hint: {shown} is a Helm chart: its templates are not manifests until Helm renders them; check what \
             Helm renders: `helm template {shown} | hookplan lint -`"
        ));
    }
    ["kustomization.yaml", "kustomization.yml", "Kustomization"].iter().any(|name| dir.join(name).is_file()).then(|| {
        format!(
            "hint: {shown} holds a Kustomization: Argo CD applies what it builds; check that: `kustomize build {shown} \
             | hookplan lint -`"
        )
    })
}

fn collect(dir: &Path, recursive: bool, files: &mut Vec<PathBuf>, failures: &mut Vec<String>) {
    if let Some(hint) = render_first_hint(dir) {
        eprintln!("{hint}");
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            failures.push(format!("{}: cannot read directory: {err}", dir.display()));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                failures.push(format!("{}: cannot read directory: {err}", dir.display()));
                continue;
            }
        };
        let path = entry.path();
        // A repository's own metadata and hookplan's configuration file are never manifests.
        if entry.file_name() == ".git" || entry.file_name() == crate::rules::CONFIG_FILE {
            continue;
        }
        match entry.file_type() {
            Ok(file_type) if file_type.is_dir() => {
                if recursive {
                    collect(&path, recursive, files, failures);
                }
            }
            Ok(_) => {
                if is_manifest(&path) && path.is_file() {
                    files.push(path);
                }
            }
            Err(err) => failures.push(format!("{}: cannot read: {err}", path.display())),
        }
    }
}

fn is_manifest(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json"))
}

fn read_file(path: &Path, reading: &Reading, result: &mut ReadResult) {
    if reading.exclude.as_ref().is_some_and(|exclude| exclude.matches(path)) {
        result.excluded += 1;
        return;
    }
    match std::fs::File::open(path).and_then(|file| {
        let size = file.metadata().ok().map(|metadata| metadata.len());
        read_bounded(file, reading.limits.max_input_bytes, size)
    }) {
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
        let what = if read.sources.is_empty() && read.excluded > 0 {
            format!(
                "the configuration's paths.exclude leaves out every file ({} excluded)",
                plural(read.excluded, "file", "files")
            )
        } else if read.sources.is_empty() {
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

/// The reading options of a command (`--recursive`, `--stdin-filename`, the limits).
impl crate::cli::Inputs {
    /// How to read the paths.
    pub fn reading(&self) -> Reading {
        Reading {
            recursive: self.recursive,
            stdin_name: self.stdin_filename.clone(),
            exclude: None,
            limits: hookplan::Limits::default()
                .max_input_bytes(self.max_input_size)
                .max_document_bytes(self.max_document_size)
                .max_documents(self.max_documents)
                .max_nesting(self.max_nesting)
                .max_list_items(self.max_list_items)
                .max_annotation_bytes(self.max_annotation_size)
                .max_name_bytes(self.max_name_size),
        }
    }
}
