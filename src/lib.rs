//! The `hookplan` command's code, as a library internal to this repository (`hookplan_cli`): the binary
//! (`src/main.rs`), its tests (`tests/it/`) and the render fuzz targets (`fuzz/`) share it. It is no API: nothing
//! here is stable, and library users depend on the `hookplan` package instead.
//!
//! The modules, each importing only the ones above it: `cli` (the command line's definitions), `safe` (text made
//! safe to print), `files` (one file read inside the boundary, up to a limit), `templates` (Helm chart sources),
//! `rules` (the rule configuration), `input` (reading files and standard input), `stream` (writing outputs as
//! they are rendered), `table`, `mermaid`, `lint`, `simulate` (the outputs).

/// `eprintln!` that cannot fail the run: a failed write to standard error (closed, full) is dropped instead of
/// panicking, and the exit status still tells what happened. Defined before the modules, it stands for the
/// standard macro in every one of them.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

#[doc(hidden)]
pub mod cli;
#[doc(hidden)]
pub mod files;
#[doc(hidden)]
pub mod input;
#[doc(hidden)]
pub mod lint;
#[doc(hidden)]
pub mod mermaid;
#[doc(hidden)]
pub mod rules;
#[doc(hidden)]
pub mod safe;
#[doc(hidden)]
pub mod simulate;
#[doc(hidden)]
pub mod stream;
#[doc(hidden)]
pub mod table;
#[doc(hidden)]
pub mod templates;
