//! Reading the command line's paths: files, directories and standard input.
//!
//! The inputs named on the command line are the boundary of what is read. A directory's files are read when they
//! are regular files inside that directory; a file named on its own, when it is a regular file inside its own
//! directory. A symbolic link whose target leaves that tree, and anything that is not a regular file (a FIFO, a
//! device, a socket), is reported by its path and not read: nothing outside the inputs is ever read, so nothing
//! outside them can be quoted in a snippet. `--follow-symlinks-outside` lets links leave the tree (to regular files
//! still). Standard input (`-`) is read as it comes, once.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hookplan::{Diagnostic, Limits, Manifests, Severity};

pub use crate::files::{Refusal, open_inside, read_bounded, read_option_file};

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
    /// `--follow-symlinks-outside`: symbolic links may lead out of the input's tree (to regular files only).
    pub follow_outside: bool,
}

/// What reading the paths produced.
pub struct ReadResult {
    pub manifests: Manifests,
    /// Paths that could not be read at all, or were not read because they leave the inputs, with the reason.
    pub failures: Vec<String>,
    /// The bytes of every input read, by the name used in locations (for source snippets).
    pub sources: HashMap<String, Vec<u8>>,
    /// Files not read because the configuration excludes them.
    pub excluded: usize,
}

impl ReadResult {
    /// Nothing read yet, with `limits`.
    pub fn new(limits: Limits) -> Self {
        ReadResult {
            manifests: Manifests::with_limits(limits),
            failures: Vec::new(),
            sources: HashMap::new(),
            excluded: 0,
        }
    }

    /// Reads `bytes` as the input `name`, keeping them for source snippets.
    pub fn add(&mut self, name: String, bytes: Vec<u8>) {
        self.manifests.read(&name, &bytes);
        self.sources.insert(name, bytes);
    }
}

/// Standard input named more than once: it can be read only once, so the second would read nothing.
pub const STDIN_TWICE: &str = "-: standard input is named more than once; it can be read only once";

/// Reads every path in order. Directories give their `.yaml`, `.yml` and `.json` files sorted by path;
/// with `recursive`, subdirectories too (symbolic links to directories are not followed). A `.git` directory and
/// a `.hookplan.yaml` file found in a directory are skipped; so is every file the configuration excludes.
/// A directory that cannot be read is reported by its own path and the rest of the tree is still read. A file that
/// leaves the input's tree or is not a regular file is reported and not read (see the module's documentation).
/// `-` named twice reads nothing and fails with [`STDIN_TWICE`].
pub fn read_paths(paths: &[PathBuf], reading: &Reading) -> ReadResult {
    let mut result = ReadResult::new(reading.limits);
    if paths.iter().filter(|path| path.as_os_str() == "-").count() > 1 {
        result.failures.push(STDIN_TWICE.to_string());
        return result;
    }
    for path in paths {
        if path.as_os_str() == "-" {
            match read_bounded(std::io::stdin().lock(), reading.limits.max_input_bytes) {
                Ok(bytes) => result.add(reading.stdin_name.clone(), bytes),
                Err(err) => result.failures.push(format!("-: cannot read standard input: {err}")),
            }
        } else if path.is_dir() {
            let root = match std::fs::canonicalize(path) {
                Ok(root) => root,
                Err(err) => {
                    result.failures.push(format!("{}: cannot read directory: {err}", path.display()));
                    continue;
                }
            };
            let mut files = Vec::new();
            collect(path, reading.recursive, &mut files, &mut result.failures);
            files.sort();
            for file in files {
                read_file(&file, Some(&root), reading, &mut result);
            }
        } else {
            let named_link = std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink());
            if named_link {
                let parent = path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
                match std::fs::canonicalize(parent) {
                    Ok(root) => read_file(path, Some(&root), reading, &mut result),
                    Err(err) => result.failures.push(format!("{}: cannot read: {err}", path.display())),
                }
            } else {
                // Named on the command line and not a link: read whatever it is (a device or a FIFO as a stream,
                // like standard input), never past the input limit.
                read_file(path, None, reading, &mut result);
            }
        }
    }
    result
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
            // A symbolic link to a directory is not followed; every other manifest-named entry is read or
            // reported by `read_file` (a link out of the tree, a FIFO, a device).
            Ok(file_type) if file_type.is_symlink() && path.is_dir() => {}
            Ok(_) => {
                if is_manifest(&path) {
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

/// Reads one file: inside `root` and regular (see [`open_inside`]), or with no root (a path named on the command
/// line that is not a link) whatever it is.
fn read_file(path: &Path, root: Option<&Path>, reading: &Reading, result: &mut ReadResult) {
    if reading.exclude.as_ref().is_some_and(|exclude| exclude.matches(path)) {
        result.excluded += 1;
        return;
    }
    let file = match root {
        Some(root) => open_inside(path, root, reading.follow_outside),
        None => File::open(path).map_err(Refusal::Unreadable),
    };
    match file.and_then(|file| read_bounded(file, reading.limits.max_input_bytes).map_err(Refusal::Unreadable)) {
        Ok(bytes) => result.add(path.display().to_string(), bytes),
        Err(refusal) => result.failures.push(refusal.describe(path)),
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
///
/// Inputs that the configuration's `paths.exclude` leaves out entirely are not "nothing": the run goes on with no
/// object, so that every command prints its empty document (an empty plan, a SARIF run without results, JUnit
/// with no test) and exits 0, as pre-commit expects of a file it was told to skip.
pub fn nothing_read(read: &ReadResult) -> Option<ExitCode> {
    let manifests = &read.manifests;
    if !manifests.resources().is_empty() || !manifests.excluded().is_empty() || !manifests.diagnostics().is_empty() {
        return None;
    }
    if read.excluded > 0 && read.sources.is_empty() && read.failures.is_empty() {
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

/// The reading options of a command (`--recursive`, `--stdin-filename`, the limits).
impl crate::cli::Inputs {
    /// How to read the paths.
    pub fn reading(&self) -> Reading {
        Reading {
            recursive: self.recursive,
            stdin_name: self.stdin_filename.clone(),
            exclude: None,
            follow_outside: self.follow_symlinks_outside,
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
