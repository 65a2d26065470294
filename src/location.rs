//! Where a document, a List item or an annotation sits in the input.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// A position in one input file: the file name as the caller gave it, the 0-based document index within the
/// file, and the 1-based line and column (in characters) of the first content of the thing located.
///
/// Document indices count YAML documents as YAML tools do (`yq`'s `documentIndex`, PyYAML's `load_all`): every
/// `---` starts a document, and so does content before the first `---`; a comment-only header is not one.
/// The items of a `kind: List` share their List's document index and carry their own line.
///
/// Locations order by file, document, line and column, which is the "source position" tie-break of the plan.
///
/// ```
/// use hookplan::Location;
/// let at = Location::new("app/job.yaml", 2, 14, 5);
/// assert_eq!(at.to_string(), "app/job.yaml:14:5");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// The file name as given (`-` for standard input).
    pub file: Arc<str>,
    /// 0-based index of the YAML document within the file.
    pub document: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl Location {
    /// Builds a location from its parts. `line` and `column` are 1-based.
    pub fn new(file: impl Into<Arc<str>>, document: usize, line: usize, column: usize) -> Self {
        Location { file: file.into(), document, line, column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}
