//! "Nothing lost", checked against documents counted by parsers hookplan does not use: yaml-rust2 for YAML
//! streams and serde_json for JSON streams. Every object they find must end up in hookplan as a resource, an
//! exclusion or an error diagnostic.

use crate::invariants::{check_independent_count, count_objects};

fn check(name: &str, bytes: &[u8]) {
    let inputs = [(name.to_string(), bytes.to_vec())];
    check_independent_count(&inputs, &crate::invariants::read_all(&inputs));
}

#[test]
fn the_corpus_loses_nothing() {
    let Some(dir) = crate::support::corpus() else { return };
    let mut checked = 0;
    for path in crate::support::corpus_files(&dir) {
        let bytes = std::fs::read(&path).unwrap();
        check(&path.display().to_string(), &bytes);
        checked += usize::from(count_objects(&bytes).is_some());
    }
    assert!(checked >= 100, "the second parser reads most of the corpus: {checked}");
}

#[test]
fn streams_lose_nothing() {
    let cm = |name: &str| format!(r#"{{"apiVersion":"v1","kind":"ConfigMap","metadata":{{"name":"{name}"}}}}"#);
    let doc = |name: &str| format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}");
    let cases = [
        format!("{}\n{}\n{}\n", cm("a"), cm("b"), cm("c")),
        format!("{}{}", cm("a"), cm("b")),
        format!("{}\r---\n{}\n", doc("a"), doc("b")),
        format!("{}\n...\n{}\n", doc("a"), doc("b")),
        format!("apiVersion: v1\nkind: List\nitems:\n- {}\n- {}\n- null\n", cm("a"), cm("b")),
        "just a scalar\n---\n- a\n---\n~\n".to_string(),
    ];
    for (n, text) in cases.iter().enumerate() {
        assert!(count_objects(text.as_bytes()).is_some(), "case {n}: the second parser reads it");
        check(&format!("case-{n}.yaml"), text.as_bytes());
    }
}
