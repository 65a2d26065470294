//! Reading an Argo CD Application manifest: the fields that change a plan, with hookplan's own YAML reader (the
//! reader of manifests, within the same [`Limits`]), as Argo CD decodes them: YAML 1.1 scalars through
//! sigs.k8s.io/yaml into JSON, then into the Go structs of argo-cd@37ee009
//! `pkg/apis/application/v1alpha1/types.go`. A field of the wrong type is an error naming the field (Go's JSON
//! decoder refuses `syncOptions: Prune=false`, and `name: yes`, which YAML 1.1 reads as a boolean); `null` is an
//! absent field; unknown fields are ignored.

use super::keep::Keep;
use super::node::{Node, Value};
use super::split::line_col;
use super::yaml::Reader;
use crate::limits::Limits;

/// The fields of an Application that hookplan reads; everything else is ignored.
#[derive(Debug, Default)]
pub(crate) struct RawApplication {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub metadata: RawMeta,
    pub spec: RawSpec,
}

#[derive(Debug, Default)]
pub(crate) struct RawMeta {
    pub name: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct RawSpec {
    pub destination: RawDestination,
    pub sync_policy: Option<RawSyncPolicy>,
}

#[derive(Debug, Default)]
pub(crate) struct RawDestination {
    pub namespace: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct RawSyncPolicy {
    pub automated: Option<RawAutomated>,
    pub sync_options: Vec<String>,
    pub retry: Option<RawRetry>,
}

#[derive(Debug, Default)]
pub(crate) struct RawAutomated {
    pub prune: Option<bool>,
    pub self_heal: Option<bool>,
    pub enabled: Option<bool>,
}

#[derive(Debug, Default)]
pub(crate) struct RawRetry {
    pub limit: Option<i64>,
    pub backoff: Option<RawBackoff>,
}

#[derive(Debug, Default)]
pub(crate) struct RawBackoff {
    pub duration: Option<String>,
    pub factor: Option<i64>,
    pub max_duration: Option<String>,
}

/// An Application that cannot be read: the message and, when known, the 1-based line and column.
pub(crate) type ApplicationFault = (String, Option<(usize, usize)>);

/// Reads one Application document within the default [`Limits`]. Errors carry the message and, when known, the
/// 1-based line and column.
pub(crate) fn read_application(text: &str) -> Result<RawApplication, ApplicationFault> {
    let limits = Limits::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > limits.max_document_bytes {
        return Err((
            format!("is {} bytes, over the limit of {} bytes for a document", text.len(), limits.max_document_bytes),
            None,
        ));
    }
    let at = |offset: usize| line_col(text.as_bytes(), offset);
    let mut reader = Reader::new(text, limits.max_nesting);
    let root = reader.document(Keep::All).map_err(|err| (err.message, Some(at(err.offset))))?;
    match reader.document(Keep::Nothing) {
        Ok(Some(next)) if !matches!(next.value, Value::Null) => {
            return Err(("holds more than one document; give a file with one Application".into(), None));
        }
        Err(err) => return Err((err.message, Some(at(err.offset)))),
        Ok(_) => {}
    }
    let fields = Fields { at: &at };
    let Some(root) = root.filter(|root| !matches!(root.value, Value::Null)) else {
        return Ok(RawApplication::default());
    };
    let mut app = RawApplication::default();
    for (key, value) in fields.object(&root, "")? {
        match key {
            "apiVersion" => app.api_version = fields.string(value, key)?,
            "kind" => app.kind = fields.string(value, key)?,
            "metadata" => {
                for (key, value) in fields.object(value, "metadata")? {
                    if key == "name" {
                        app.metadata.name = fields.string(value, "metadata.name")?;
                    }
                }
            }
            "spec" => app.spec = fields.spec(value)?,
            _ => {}
        }
    }
    Ok(app)
}

/// Reads fields as Go's JSON decoder fills a struct from the JSON that sigs.k8s.io/yaml makes of the YAML.
struct Fields<'f> {
    at: &'f dyn Fn(usize) -> (usize, usize),
}

impl Fields<'_> {
    fn spec(&self, node: &Node<'_>) -> Result<RawSpec, ApplicationFault> {
        let mut spec = RawSpec::default();
        for (key, value) in self.object(node, "spec")? {
            match key {
                "destination" => {
                    for (key, value) in self.object(value, "spec.destination")? {
                        if key == "namespace" {
                            spec.destination.namespace = self.string(value, "spec.destination.namespace")?;
                        }
                    }
                }
                "syncPolicy" if !matches!(value.value, Value::Null) => {
                    spec.sync_policy = Some(self.sync_policy(value)?);
                }
                _ => {}
            }
        }
        Ok(spec)
    }

    fn sync_policy(&self, node: &Node<'_>) -> Result<RawSyncPolicy, ApplicationFault> {
        const AT: &str = "spec.syncPolicy";
        let mut policy = RawSyncPolicy::default();
        for (key, value) in self.object(node, AT)? {
            let null = matches!(value.value, Value::Null);
            match key {
                "automated" if !null => {
                    let mut automated = RawAutomated::default();
                    for (key, value) in self.object(value, "spec.syncPolicy.automated")? {
                        let field = |name: &str| format!("spec.syncPolicy.automated.{name}");
                        match key {
                            "prune" => automated.prune = self.bool(value, &field(key))?,
                            "selfHeal" => automated.self_heal = self.bool(value, &field(key))?,
                            "enabled" => automated.enabled = self.bool(value, &field(key))?,
                            _ => {}
                        }
                    }
                    policy.automated = Some(automated);
                }
                "syncOptions" => policy.sync_options = self.strings(value, "spec.syncPolicy.syncOptions")?,
                "retry" if !null => policy.retry = Some(self.retry(value)?),
                _ => {}
            }
        }
        Ok(policy)
    }

    fn retry(&self, node: &Node<'_>) -> Result<RawRetry, ApplicationFault> {
        let mut retry = RawRetry::default();
        for (key, value) in self.object(node, "spec.syncPolicy.retry")? {
            match key {
                "limit" => retry.limit = self.int(value, "spec.syncPolicy.retry.limit")?,
                "backoff" if !matches!(value.value, Value::Null) => {
                    let mut backoff = RawBackoff::default();
                    for (key, value) in self.object(value, "spec.syncPolicy.retry.backoff")? {
                        let field = |name: &str| format!("spec.syncPolicy.retry.backoff.{name}");
                        match key {
                            "duration" => backoff.duration = self.string(value, &field(key))?,
                            "factor" => backoff.factor = self.int(value, &field(key))?,
                            "maxDuration" => backoff.max_duration = self.string(value, &field(key))?,
                            _ => {}
                        }
                    }
                    retry.backoff = Some(backoff);
                }
                _ => {}
            }
        }
        Ok(retry)
    }

    /// The entries of a mapping (none for null), in order; a key given twice keeps its last value, as Go does.
    fn object<'n, 'a>(
        &self,
        node: &'n Node<'a>,
        field: &str,
    ) -> Result<Vec<(&'n str, &'n Node<'a>)>, ApplicationFault> {
        match &node.value {
            Value::Null => Ok(Vec::new()),
            Value::Map(map) => Ok(map.entries.iter().map(|entry| (entry.key.as_ref(), &entry.value)).collect()),
            _ => Err(self.invalid(node, field, "a mapping")),
        }
    }

    fn string(&self, node: &Node<'_>, field: &str) -> Result<Option<String>, ApplicationFault> {
        match &node.value {
            Value::Null => Ok(None),
            Value::Str(_) | Value::MergeKey => Ok(node.value.as_str().map(str::to_string)),
            _ => Err(self.invalid(node, field, "a string")),
        }
    }

    fn strings(&self, node: &Node<'_>, field: &str) -> Result<Vec<String>, ApplicationFault> {
        match &node.value {
            Value::Null => Ok(Vec::new()),
            Value::Seq(items) => items
                .iter()
                .map(|item| match &item.value {
                    Value::Str(_) | Value::MergeKey => Ok(item.value.as_str().unwrap_or_default().to_string()),
                    _ => Err(self.invalid(item, &format!("an item of {field}"), "a string")),
                })
                .collect(),
            _ => Err(self.invalid(node, field, "a sequence")),
        }
    }

    fn bool(&self, node: &Node<'_>, field: &str) -> Result<Option<bool>, ApplicationFault> {
        match &node.value {
            Value::Null => Ok(None),
            Value::Bool(_) => Ok(Some(node.value.is_true())),
            _ => Err(self.invalid(node, field, "a boolean")),
        }
    }

    fn int(&self, node: &Node<'_>, field: &str) -> Result<Option<i64>, ApplicationFault> {
        match &node.value {
            Value::Null => Ok(None),
            value => value.int().map(Some).ok_or_else(|| self.invalid(node, field, "an integer")),
        }
    }

    /// A field of the wrong type, where its value is.
    fn invalid(&self, node: &Node<'_>, field: &str, expected: &str) -> ApplicationFault {
        let field = if field.is_empty() { "the document" } else { field };
        (format!("{field}: invalid type: {}, expected {expected}", node.value.what()), Some((self.at)(node.at)))
    }
}

#[cfg(test)]
mod tests {
    use super::read_application;

    #[test]
    fn fields_as_go_decodes_them() {
        let app = read_application(
            "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: shop, labels: {a: b}}\nspec:\n  \
             destination: {namespace: shop, server: x}\n  syncPolicy:\n    automated: {prune: yes, selfHeal: false}\n    \
             syncOptions: [PruneLast=true]\n    retry: {limit: 010, backoff: {duration: 10s, factor: 3}}\n",
        )
        .unwrap();
        assert_eq!(app.metadata.name.as_deref(), Some("shop"));
        assert_eq!(app.spec.destination.namespace.as_deref(), Some("shop"));
        let policy = app.spec.sync_policy.unwrap();
        let automated = policy.automated.unwrap();
        // YAML 1.1, as Go's YAML reads it: `yes` is true, `010` is 8.
        assert_eq!((automated.prune, automated.self_heal, automated.enabled), (Some(true), Some(false), None));
        assert_eq!(policy.sync_options, ["PruneLast=true"]);
        let retry = policy.retry.unwrap();
        assert_eq!(retry.limit, Some(8));
        let backoff = retry.backoff.unwrap();
        assert_eq!((backoff.duration.as_deref(), backoff.factor, backoff.max_duration), (Some("10s"), Some(3), None));
    }

    #[test]
    fn faults_name_the_field_and_the_line() {
        let fault = |text: &str| read_application(text).unwrap_err();
        assert_eq!(
            fault("kind: Application\nmetadata:\n  name: yes\n"),
            ("metadata.name: invalid type: a boolean, expected a string".to_string(), Some((3, 9)))
        );
        assert_eq!(
            fault("spec:\n  syncPolicy:\n    retry: {limit: 1.5}\n"),
            ("spec.syncPolicy.retry.limit: invalid type: a number, expected an integer".to_string(), Some((3, 20)))
        );
        assert_eq!(
            fault("spec:\n  syncPolicy:\n    syncOptions: [a, {b: c}]\n"),
            (
                "an item of spec.syncPolicy.syncOptions: invalid type: a mapping, expected a string".to_string(),
                Some((3, 22))
            )
        );
        assert_eq!(
            fault("- a\n"),
            ("the document: invalid type: a sequence, expected a mapping".to_string(), Some((1, 1)))
        );
        assert_eq!(fault("spec: {\n").1.map(|(line, _)| line), Some(2));
        assert_eq!(fault("a: 1\n---\nb: 2\n").0, "holds more than one document; give a file with one Application");
        let deep = format!("{}1{}", "[".repeat(300), "]".repeat(300));
        // The nesting limit of manifests (`Limits::max_nesting`), on line 1.
        let (message, at) = fault(&format!("spec: {deep}\n"));
        assert_eq!((message.as_str(), at.map(|(line, _)| line)), ("nesting deeper than 100 levels", Some(1)));
    }

    #[test]
    fn an_empty_or_null_document_has_no_fields() {
        for text in ["", "# nothing\n", "null\n", "---\n"] {
            let app = read_application(text).unwrap();
            assert!(app.kind.is_none() && app.spec.sync_policy.is_none(), "{text:?}");
        }
    }
}
