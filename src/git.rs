//! One side of `hookplan diff` read from git (`REV:PATH`), as the same tree on disk would be read.
//!
//! One `git cat-file --batch` process reads the whole side: the named object, every tree below it (names as git
//! stores them, any bytes, never quoted, so that no name can be dropped), then the blobs of the manifests. What is
//! read, and how, is what `input` does on disk:
//!
//! - a directory's `.yaml`, `.yml` and `.json` files, sorted by path, subdirectories with `--recursive`; its
//!   `.hookplan.yaml` is the configuration, not a manifest; a file named by `REV:PATH` is read whatever its name;
//! - a symbolic link is followed to its target in the tree (links to links too); a link that leaves the tree
//!   (the directory named, or a named file's own directory) is reported and not read; a link to a directory is
//!   not followed; a submodule is not read (its files are not in this repository);
//! - each blob is read up to the input limit plus one byte, the rest discarded as it streams and never held, so
//!   that every limit reports as it does from disk (the size `cat-file` announces is checked first); bytes that
//!   are not UTF-8 are the reader's to report, document by document.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use crate::input::{ReadResult, Reading};

/// Tree entry modes (git's `tree.c`): a directory, a symbolic link, a submodule; anything else is a file.
const TREE: &[u8] = b"40000";
const LINK: &[u8] = b"120000";
const SUBMODULE: &[u8] = b"160000";

/// How many links are followed in a row before giving up, as Linux's `ELOOP` does.
const MAX_LINKS: usize = 40;

/// Reads `REV:PATH` (`inner` is PATH, relative to the current directory) from the current directory's repository.
///
/// # Errors
///
/// git cannot run, the revision or path does not exist, or git's output is not what `cat-file --batch` prints.
/// A file that cannot be read (a link out of the tree) is not an error here: it is in the result's failures, as
/// on disk.
pub fn read_side(rev: &str, inner: &str, reading: &Reading) -> Result<ReadResult, String> {
    if rev.starts_with('-') || inner.contains(['\n', '\r']) || rev.contains(['\n', '\r']) {
        return Err("not a revision and path that git can be asked for".to_string());
    }
    let inner = if inner.is_empty() { "." } else { inner };
    let relative = inner.trim_start_matches("./");
    let mut batch = Batch::start()?;
    let object = format!("{rev}:./{relative}");
    let named = batch
        .object(object.as_bytes(), 0)?
        .ok_or_else(|| format!("git has no {object} (no such revision, or no such path in it)"))?;
    let shown = Path::new(inner);
    // The tree this side reads in, and the files it reads: (label path, path in the tree).
    let (root, files): (Object, Vec<(PathBuf, PathBuf)>) = if named.kind == "tree" {
        let entries = batch.walk(&named)?;
        let files = entries
            .iter()
            .filter(|(path, entry)| {
                entry.mode != TREE
                    && (reading.recursive || path.components().count() == 1)
                    && is_manifest(path)
                    && path.file_name() != Some(OsStr::new(crate::rules::CONFIG_FILE))
            })
            .map(|(path, _)| (shown.join(path), path.clone()))
            .collect();
        (Object { entries, ..named }, files)
    } else {
        // A file: its own directory is its tree, as on disk, so that a link is followed only inside it.
        let (parent, name) = relative.rsplit_once('/').unwrap_or(("", relative));
        let parent_object = format!("{rev}:./{parent}");
        let parent = batch
            .object(parent_object.as_bytes(), 0)?
            .ok_or_else(|| format!("{parent_object}: no such directory in git"))?;
        let entries = batch.walk(&parent)?;
        (Object { entries, ..parent }, vec![(shown.to_path_buf(), PathBuf::from(name))])
    };
    let mut result = ReadResult::new(reading.limits);
    let mut files = files;
    files.sort();
    for (label, path) in files {
        let label = format!("{rev}:{}", label.display());
        match resolve(&mut batch, &root.entries, &path)? {
            Ok(Some(oid)) => {
                let blob = batch.object(oid.as_bytes(), reading.limits.max_input_bytes)?;
                result.add(label, blob.map(|blob| blob.content).unwrap_or_default());
            }
            Ok(None) => {}
            Err(why) => result.failures.push(format!("{label}: {why}")),
        }
    }
    batch.finish()?;
    Ok(result)
}

fn is_manifest(path: &Path) -> bool {
    matches!(path.extension().and_then(OsStr::to_str), Some("yaml" | "yml" | "json"))
}

/// One entry of a tree: its mode and object id.
struct Entry {
    mode: Vec<u8>,
    oid: String,
}

/// An object as `cat-file --batch` gives it, and for a tree walked, its entries by path.
struct Object {
    /// The object id in hex (its length tells SHA-1 from SHA-256).
    oid: String,
    kind: String,
    content: Vec<u8>,
    entries: BTreeMap<PathBuf, Entry>,
}

/// The blob `path` leads to: `Ok(Some(oid))` a file, `Ok(None)` nothing to read (a link to a directory, a
/// submodule), `Err` why it is not read (a link out of the tree, to nothing, or in a loop).
fn resolve(
    batch: &mut Batch,
    entries: &BTreeMap<PathBuf, Entry>,
    path: &Path,
) -> Result<Result<Option<String>, String>, String> {
    let mut at = path.to_path_buf();
    for hop in 0..=MAX_LINKS {
        let Some(entry) = entries.get(&at) else {
            return Ok(Err(format!("a symbolic link to {}, which is not in the tree: not read", at.display())));
        };
        if entry.mode == TREE && hop > 0 || entry.mode == SUBMODULE {
            return Ok(Ok(None));
        }
        if entry.mode != LINK {
            return Ok(Ok(Some(entry.oid.clone())));
        }
        let link = batch.object(entry.oid.as_bytes(), 4096)?.map(|o| o.content).unwrap_or_default();
        let target = path_of(&link);
        match inside(at.parent().unwrap_or(Path::new("")), &target) {
            Some(next) => at = next,
            None => {
                return Ok(Err(format!(
                    "a symbolic link to {}, outside the input: not read (from git, a link is followed only inside \
                     the tree)",
                    target.display()
                )));
            }
        }
    }
    Ok(Err(format!("more than {MAX_LINKS} symbolic links in a row: not read")))
}

/// `target` (a link's text) taken from `dir`, `.` and `..` resolved by name; `None` when it leaves the tree.
fn inside(dir: &Path, target: &Path) -> Option<PathBuf> {
    let mut out = dir.to_path_buf();
    for part in target.components() {
        match part {
            Component::Normal(name) => out.push(name),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// A path from git's bytes: as they are on Unix, as text elsewhere.
fn path_of(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// A running `git cat-file --batch`, asked one object at a time.
struct Batch {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Batch {
    fn start() -> Result<Batch, String> {
        let mut child = Command::new("git")
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|err| format!("cannot run git: {err}"))?;
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().ok_or("cannot read git's output")?);
        Ok(Batch { child, stdin, stdout })
    }

    /// git's complaint, once it has stopped.
    fn failure(&mut self, what: &str) -> String {
        self.stdin = None;
        let mut stderr = String::new();
        if let Some(err) = self.child.stderr.take() {
            let _ = err.take(4096).read_to_string(&mut stderr);
        }
        let _ = self.child.wait();
        match stderr.trim() {
            "" => format!("git cat-file: {what}"),
            said => format!("git cat-file: {said}"),
        }
    }

    /// The object `name` (`REV:./PATH` or an id): a tree whole, anything else with at most `limit + 1` bytes of
    /// its content kept (the rest read and dropped as it streams, never held); `None` when git has no such object.
    fn object(&mut self, name: &[u8], limit: usize) -> Result<Option<Object>, String> {
        let asked = self
            .stdin
            .as_mut()
            .map(|stdin| stdin.write_all(name).and_then(|()| stdin.write_all(b"\n")).and_then(|()| stdin.flush()));
        if !matches!(asked, Some(Ok(()))) {
            return Err(self.failure("it stopped"));
        }
        let mut header = Vec::new();
        if self.stdout.read_until(b'\n', &mut header).map_err(|err| err.to_string())? == 0 {
            return Err(self.failure("it stopped"));
        }
        let header = String::from_utf8_lossy(&header);
        let fields: Vec<&str> = header.trim_end().split(' ').collect();
        let (oid, kind, size) = match fields[..] {
            [_, "missing" | "ambiguous"] => return Ok(None),
            [oid, kind, size] => {
                (oid.to_string(), kind.to_string(), size.parse::<u64>().map_err(|_| self.failure("a bad header"))?)
            }
            _ => return Err(self.failure("a bad header")),
        };
        let limit = if kind == "tree" { u64::MAX } else { u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1) };
        let keep = size.min(limit);
        let mut content = Vec::new();
        (&mut self.stdout).take(keep).read_to_end(&mut content).map_err(|err| err.to_string())?;
        let rest = size - keep + 1; // and the line feed after the content
        let dropped =
            std::io::copy(&mut (&mut self.stdout).take(rest), &mut std::io::sink()).map_err(|e| e.to_string())?;
        if content.len() as u64 != keep || dropped != rest {
            return Err(self.failure("the output ended early"));
        }
        Ok(Some(Object { oid, kind, content, entries: BTreeMap::new() }))
    }

    /// Every entry below the tree `tree`, by path, subtrees read too.
    fn walk(&mut self, tree: &Object) -> Result<BTreeMap<PathBuf, Entry>, String> {
        let id_len = tree.oid.len() / 2;
        let mut entries = BTreeMap::new();
        let mut trees = vec![(PathBuf::new(), tree.content.clone())];
        while let Some((dir, content)) = trees.pop() {
            let Some(found) = tree_entries(&content, id_len) else { return Err(self.failure("a tree it cannot read")) };
            for (mode, name, oid) in found {
                let path = dir.join(path_of(name));
                if mode == TREE {
                    let tree = self.object(oid.as_bytes(), 0)?.ok_or_else(|| self.failure("a missing tree"))?;
                    trees.push((path.clone(), tree.content));
                }
                entries.insert(path, Entry { mode: mode.to_vec(), oid });
            }
        }
        Ok(entries)
    }

    /// Waits for git; its error when it failed.
    fn finish(mut self) -> Result<(), String> {
        self.stdin = None;
        match self.child.wait() {
            Ok(status) if status.success() => Ok(()),
            _ => Err(self.failure("it failed")),
        }
    }
}

/// A tree entry as stored: mode, name, and object id in hex.
type TreeEntry<'a> = (&'a [u8], &'a [u8], String);

/// The entries of a tree object (`<mode> <name>\0<raw id>` each; the id `id_len` bytes: 20 in a SHA-1
/// repository, 32 in a SHA-256 one): mode, name and id in hex.
fn tree_entries(mut content: &[u8], id_len: usize) -> Option<Vec<TreeEntry<'_>>> {
    let mut out = Vec::new();
    while !content.is_empty() {
        let space = content.iter().position(|&b| b == b' ')?;
        let nul = space + content[space..].iter().position(|&b| b == 0)?;
        let (mode, name) = (&content[..space], &content[space + 1..nul]);
        let rest = &content[nul + 1..];
        let id = rest.get(..id_len)?;
        let mut hex = String::with_capacity(2 * id_len);
        for byte in id {
            let _ = write!(hex, "{byte:02x}");
        }
        out.push((mode, name, hex));
        content = &rest[id_len..];
    }
    Some(out)
}
