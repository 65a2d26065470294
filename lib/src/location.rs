//! Where a document, a List item or an annotation sits in the input.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A position in one input file: the file name as the caller gave it, the 0-based document index within the
/// file, and the 1-based line and column (in characters) of the first content of the thing located.
///
/// Document indices count YAML documents as YAML tools do (`yq`'s `documentIndex`, PyYAML's `load_all`): every
/// `---` starts a document, and so does content before the first `---`; a comment-only header is not one.
/// The objects unpacked from a `kind: List` share their List's document index, carry their own line (when it
/// can be found; else the List's), and are told apart by `item`, their 0-based index among the objects of that
/// document (nested Lists counted depth-first).
///
/// Locations order by file, document, line and column, which is the "source position" tie-break of the plan.
///
/// ```
/// use hookplan::Location;
/// let at = Location::new("app/job.yaml", 2, 14, 5);
/// assert_eq!(at.to_string(), "app/job.yaml:14:5");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Location {
    /// The file name as given (`-` for standard input).
    pub file: Arc<str>,
    /// 0-based index of the YAML document within the file.
    pub document: usize,
    /// For an object unpacked from a List: its 0-based index among the document's objects; `None` otherwise.
    pub item: Option<usize>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// For a document of `helm template` output: the chart template it was rendered from, as its
    /// `# Source: <chart>/templates/<file>` comment names it (`None` otherwise). Serialised only when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<Arc<str>>,
}

impl Location {
    /// Builds a location from its parts. `line` and `column` are 1-based.
    ///
    /// ```
    /// use hookplan::Location;
    /// let at = Location::new("job.yaml", 1, 7, 3);
    /// assert_eq!((at.document, at.line, at.column, at.item), (1, 7, 3, None));
    /// // Source positions order by file, document, line and column.
    /// assert!(Location::new("job.yaml", 0, 30, 1) < at);
    /// ```
    pub fn new(file: impl Into<Arc<str>>, document: usize, line: usize, column: usize) -> Self {
        Location { file: file.into(), document, item: None, line, column, template: None }
    }

    /// The same location, in a document rendered from the chart template `template` (see [`Location::template`]).
    ///
    /// ```
    /// use hookplan::Location;
    /// let at = Location::new("-", 0, 7, 5).with_template("shop/templates/job.yaml");
    /// assert_eq!(at.template.as_deref(), Some("shop/templates/job.yaml"));
    /// assert_eq!(at.to_string(), "-:7:5");
    /// ```
    pub fn with_template(mut self, template: impl Into<Arc<str>>) -> Self {
        self.template = Some(template.into());
        self
    }

    /// The same location, for the List item with 0-based index `item`.
    ///
    /// ```
    /// use hookplan::Location;
    /// let at = Location::new("list.yaml", 0, 4, 3).in_item(1);
    /// assert_eq!(at.item, Some(1));
    /// assert_eq!(at.to_string(), "list.yaml:4:3");
    /// ```
    pub fn in_item(mut self, item: usize) -> Self {
        self.item = Some(item);
        self
    }
}

impl Ord for Location {
    /// By file, document, item, line and column (then template, which one document shares). Locations of one
    /// input share their file name, so the names are compared only when they are different allocations.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let file =
            if Arc::ptr_eq(&self.file, &other.file) { std::cmp::Ordering::Equal } else { self.file.cmp(&other.file) };
        file.then_with(|| {
            (self.document, self.item, self.line, self.column).cmp(&(
                other.document,
                other.item,
                other.line,
                other.column,
            ))
        })
        .then_with(|| self.template.cmp(&other.template))
    }
}

impl PartialOrd for Location {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}
