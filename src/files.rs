//! One file read inside the boundary: opened only when it is a regular file inside its tree (unless the caller
//! allows leaving it), never blocking on a FIFO or a device, and read up to a limit. The inputs (`input`), the
//! option files (`--application`, `--project`, `.hookplan.yaml`: `rules`) and the chart's templates all read
//! through it.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};

use hookplan::{Diagnostic, Limits, Manifests};

/// Reads at most `limit + 1` bytes: one past the limit is how the library knows the input goes on.
pub fn read_bounded(reader: impl Read, limit: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Why a file inside an input's tree was not opened.
#[derive(Debug)]
pub enum Refusal {
    /// It could not be read (missing, permissions, a link that leads nowhere).
    Unreadable(std::io::Error),
    /// It leads, through symbolic links, to this path outside the tree.
    Outside(PathBuf),
    /// It is not a regular file: what it is.
    NotRegular(&'static str),
}

impl Refusal {
    /// The failure line for `path`.
    pub fn describe(&self, path: &Path) -> String {
        let shown = path.display();
        match self {
            Refusal::Unreadable(err) => format!("{shown}: cannot read: {err}"),
            Refusal::Outside(target) => format!(
                "{shown}: a symbolic link to {}, outside the input: not read (--follow-symlinks-outside reads it)",
                target.display()
            ),
            Refusal::NotRegular(what) => format!("{shown}: {what}, not a regular file: not read"),
        }
    }
}

/// Opens `path` when it is a regular file whose real path (symbolic links followed) is inside `root` (a canonical
/// directory), or anywhere with `follow_outside`. The type is checked before opening, so a FIFO or a device is
/// never opened (opening a FIFO waits for a writer; reading `/proc/kmsg` never ends); the file is opened without
/// blocking and checked again once open, so that swapping it for a FIFO in between gains nothing.
///
/// # Errors
///
/// The [`Refusal`]: unreadable, outside the tree, or not a regular file.
pub fn open_inside(path: &Path, root: &Path, follow_outside: bool) -> Result<File, Refusal> {
    let target = std::fs::canonicalize(path).map_err(Refusal::Unreadable)?;
    if !follow_outside && !target.starts_with(root) {
        return Err(Refusal::Outside(target));
    }
    let meta = std::fs::metadata(&target).map_err(Refusal::Unreadable)?;
    if !meta.is_file() {
        return Err(Refusal::NotRegular(kind(&meta)));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(&target).map_err(Refusal::Unreadable)?;
    let opened = file.metadata().map_err(Refusal::Unreadable)?;
    if !opened.is_file() {
        return Err(Refusal::NotRegular(kind(&opened)));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if (opened.dev(), opened.ino()) != (meta.dev(), meta.ino()) {
            return Err(Refusal::Unreadable(std::io::Error::other("the file changed while it was opened")));
        }
    }
    Ok(file)
}

/// What a file that is not a regular file is.
fn kind(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let file_type = meta.file_type();
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() { "a directory" } else { "not a file" }
}

/// Reads one file given by an option (`--application`, `--config`) with the input limits, as a manifest would be:
/// bounded in size, and refused when a document is not readable within the limits (too deep, too many items, ...).
/// A path that is a symbolic link is followed (it is named on the command line) but must lead to a regular file.
///
/// # Errors
///
/// The file cannot be read, is not a regular file, or goes past a limit: the message names the file, and the line
/// for a limit.
pub fn read_option_file(path: &Path, limits: Limits) -> Result<String, String> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|err| format!("{shown}: cannot read: {err}"))?;
    if !meta.is_file() {
        return Err(Refusal::NotRegular(kind(&meta)).describe(path));
    }
    let root = std::fs::canonicalize(path).map_err(|err| format!("{shown}: cannot read: {err}"))?;
    let file = open_inside(path, &root, false).map_err(|refusal| refusal.describe(path))?;
    let bytes = read_bounded(file, limits.max_input_bytes).map_err(|err| format!("{shown}: cannot read: {err}"))?;
    let mut check = Manifests::with_limits(limits);
    check.read(&shown, &bytes);
    // The limits only: what the file means (and its syntax errors) is for its own parser to say.
    let over_a_limit = |d: &&Diagnostic| {
        d.rule.name == "unreadable-document" && (d.message.contains("limit") || d.message.contains("deeper than"))
    };
    if let Some(refused) = check.diagnostics().iter().find(over_a_limit) {
        return Err(format!("{}: {}", refused.location, refused.message));
    }
    String::from_utf8(bytes).map_err(|err| format!("{shown}: not UTF-8 text: {err}"))
}
