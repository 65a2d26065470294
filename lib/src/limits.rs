//! Limits on what one input may hold, so that no input can make hookplan hang or exhaust memory.

/// Limits applied when reading one input ([`crate::Manifests::read`]). Each limit costs only what exceeds it:
/// the documents within the limits are still read, and what is left out is reported as one
/// `unreadable-document` error naming file, document and line.
///
/// | limit | default | at the limit |
/// |---|---|---|
/// | `max_input_bytes` | 256 MiB | documents that end past this many bytes of the input are not read; one error names the first |
/// | `max_document_bytes` | 32 MiB | a larger document is not read; one error for it |
/// | `max_documents` | 100,000 per input | documents past this count are not read; one error names the first |
/// | `max_nesting` | 100 levels | a document nesting mappings and sequences deeper is not read; one error for it |
/// | `max_list_items` | 100,000 per document | List items past this count are not read; one error names the first |
/// | `max_annotation_bytes` | 256 KiB per object | the object is read without its annotations; one error (the Kubernetes API server refuses such an object too) |
/// | `max_name_bytes` | 1,024 | an object whose `metadata.name` or `generateName` is longer is not read; one error |
///
/// Alias expansion ("billion laughs") needs no limit of its own: the YAML parser refuses a document whose aliases
/// expand past its repetition limit, and that document is reported as unreadable.
///
/// ```
/// use hookplan::{Limits, Manifests};
/// let limits = Limits::default().max_documents(1);
/// let mut manifests = Manifests::with_limits(limits);
/// manifests.read("two.yaml", b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
/// assert_eq!(manifests.resources().len(), 1);
/// assert!(manifests.diagnostics()[0].message.contains("over the limit of 1 documents"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Bytes read from one input.
    pub max_input_bytes: usize,
    /// Bytes of one document.
    pub max_document_bytes: usize,
    /// Documents read from one input.
    pub max_documents: usize,
    /// Levels of nested mappings and sequences in one document (the root mapping is level 1).
    pub max_nesting: usize,
    /// Items of the Lists of one document (nested Lists count too).
    pub max_list_items: usize,
    /// Bytes of one object's annotations, keys and values together. The default is the Kubernetes API server's own
    /// limit (kubernetes/apimachinery@eed236c pkg/api/validation/objectmeta.go `TotalAnnotationSizeLimitB`).
    pub max_annotation_bytes: usize,
    /// Bytes of one object's `metadata.name` or `metadata.generateName` (Kubernetes allows at most 253).
    pub max_name_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 256 << 20,
            max_document_bytes: 32 << 20,
            max_documents: 100_000,
            max_nesting: 100,
            max_list_items: 100_000,
            max_annotation_bytes: 256 << 10,
            max_name_bytes: 1024,
        }
    }
}

impl Limits {
    /// Sets `max_input_bytes`.
    ///
    /// ```
    /// use hookplan::{Limits, Manifests};
    /// let mut manifests = Manifests::with_limits(Limits::default().max_input_bytes(60));
    /// manifests.read("big.yaml", b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
    /// // The first document ends within 60 bytes and is read; the second is reported, not lost.
    /// assert_eq!(manifests.resources().len(), 1);
    /// assert_eq!(manifests.diagnostics()[0].rule.name, "unreadable-document");
    /// ```
    pub fn max_input_bytes(mut self, bytes: usize) -> Self {
        self.max_input_bytes = bytes;
        self
    }

    /// Sets `max_document_bytes`.
    ///
    /// ```
    /// use hookplan::{Limits, Manifests};
    /// let mut manifests = Manifests::with_limits(Limits::default().max_document_bytes(40));
    /// manifests.read("app.yaml", b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a-long-name}\n---\n{kind: Pod}\n");
    /// assert!(manifests.resources().is_empty());
    /// assert_eq!(manifests.diagnostics()[0].location.document, 0);
    /// ```
    pub fn max_document_bytes(mut self, bytes: usize) -> Self {
        self.max_document_bytes = bytes;
        self
    }

    /// Sets `max_documents`.
    ///
    /// ```
    /// use hookplan::Limits;
    /// let limits = Limits::default().max_documents(10);
    /// assert_eq!((limits.max_documents, Limits::default().max_documents), (10, 100_000));
    /// ```
    pub fn max_documents(mut self, documents: usize) -> Self {
        self.max_documents = documents;
        self
    }

    /// Sets `max_nesting`.
    ///
    /// ```
    /// use hookplan::{Limits, Manifests};
    /// let mut manifests = Manifests::with_limits(Limits::default().max_nesting(3));
    /// manifests.read("deep.yaml", b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: {y: {z: 1}}}\n");
    /// assert!(manifests.resources().is_empty());
    /// assert_eq!(manifests.diagnostics()[0].rule.name, "unreadable-document");
    /// ```
    pub fn max_nesting(mut self, levels: usize) -> Self {
        self.max_nesting = levels;
        self
    }

    /// Sets `max_list_items`.
    ///
    /// ```
    /// use hookplan::{Limits, Manifests};
    /// let mut manifests = Manifests::with_limits(Limits::default().max_list_items(1));
    /// manifests.read("list.yaml", b"apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n");
    /// assert_eq!(manifests.resources().len(), 1);
    /// assert_eq!(manifests.diagnostics().len(), 1);
    /// ```
    pub fn max_list_items(mut self, items: usize) -> Self {
        self.max_list_items = items;
        self
    }

    /// Sets `max_annotation_bytes`.
    ///
    /// ```
    /// use hookplan::{Limits, Manifests};
    /// let mut manifests = Manifests::with_limits(Limits::default().max_annotation_bytes(10));
    /// manifests.read("job.yaml", b"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations: {argocd.argoproj.io/hook: PreSync}\n");
    /// // Read without its annotations, and reported.
    /// assert!(manifests.resources()[0].annotations.is_empty());
    /// assert_eq!(manifests.diagnostics().len(), 1);
    /// ```
    pub fn max_annotation_bytes(mut self, bytes: usize) -> Self {
        self.max_annotation_bytes = bytes;
        self
    }

    /// Sets `max_name_bytes`.
    ///
    /// ```
    /// use hookplan::{Limits, Manifests};
    /// let mut manifests = Manifests::with_limits(Limits::default().max_name_bytes(3));
    /// manifests.read("cm.yaml", b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n");
    /// assert!(manifests.resources().is_empty());
    /// assert_eq!(manifests.diagnostics()[0].rule.name, "unreadable-document");
    /// ```
    pub fn max_name_bytes(mut self, bytes: usize) -> Self {
        self.max_name_bytes = bytes;
        self
    }
}
