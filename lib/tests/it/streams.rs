//! Every document of a stream is read, split where Argo CD's reader splits it (kubernetes/apimachinery@eed236c
//! pkg/util/yaml/decoder.go `YAMLOrJSONDecoder`, `YAMLReader`; Helm: helm@e9b85e4 pkg/releaseutil/manifest.go
//! `SplitManifests`), and what the engines never read is reported rather than lost.

use hookplan::Manifests;

fn cm(name: &str) -> String {
    format!(r#"{{"apiVersion":"v1","kind":"ConfigMap","metadata":{{"name":"{name}"}}}}"#)
}

fn names(m: &Manifests) -> Vec<String> {
    m.resources().iter().map(|r| r.name.as_deref().unwrap_or("?").to_string()).collect()
}

/// (rule, line) of every diagnostic.
fn found(m: &Manifests) -> Vec<(&'static str, usize)> {
    m.diagnostics().iter().map(|d| (d.rule.name, d.location.line)).collect()
}

#[test]
fn json_lines_are_one_document_each() {
    // `jq -c` output: apimachinery's JSON decoder reads value after value.
    let text = format!("{}\n{}\n{}\n", cm("a"), cm("b"), cm("c"));
    let m = Manifests::parse("in.json", &text);
    assert_eq!(names(&m), ["a", "b", "c"]);
    let lines: Vec<_> = m.resources().iter().map(|r| (r.location.document, r.location.line)).collect();
    assert_eq!(lines, [(0, 1), (1, 2), (2, 3)]);
    assert!(m.diagnostics().is_empty(), "{:?}", m.diagnostics());
}

#[test]
fn concatenated_json_needs_no_separator() {
    let text = format!("  {}{} \n\n{}", cm("a"), cm("b"), cm("c"));
    let m = Manifests::parse("in.json", &text);
    assert_eq!(names(&m), ["a", "b", "c"]);
    assert_eq!(m.resources()[2].location.line, 3);
}

#[test]
fn after_one_json_value_the_rest_is_read_as_yaml() {
    // The decoder goes back to the end of the first value, eats one line of whitespace and reads YAML.
    let text = format!("{}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n---\n{}\n", cm("a"), cm("c"));
    let m = Manifests::parse("in.yaml", &text);
    assert_eq!(names(&m), ["a", "b", "c"]);
    let lines: Vec<_> = m.resources().iter().map(|r| r.location.line).collect();
    assert_eq!(lines, [1, 2, 7]);
}

#[test]
fn after_two_json_values_something_else_stops_the_stream() {
    let text = format!("{}\n{}\nkind: ConfigMap\n{}\n", cm("a"), cm("b"), cm("c"));
    let m = Manifests::parse("in.json", &text);
    assert_eq!(names(&m), ["a", "b"]);
    assert_eq!(found(&m), [("unreadable-document", 3)]);
    assert_eq!(
        m.diagnostics()[0].message,
        "cannot read document 2: `k` is not JSON; after 2 JSON documents the input must go on as JSON, so Argo CD \
         stops here and this document and everything after it are not read"
    );
}

#[test]
fn a_json_value_that_is_not_valid_json_is_read_as_yaml() {
    // `{a: 1}` is not JSON, so the decoder reads the whole stream as YAML from the start.
    let text = "{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n---\n{apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n";
    let m = Manifests::parse("in.yaml", text);
    assert_eq!(names(&m), ["a", "b"]);
    assert!(m.diagnostics().is_empty(), "{:?}", m.diagnostics());
}

#[test]
fn a_marker_after_a_lone_line_break_is_reported_not_lost() {
    let doc = |name: &str| format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}");
    for (what, brk) in [("CR", "\r"), ("NEL", "\u{85}"), ("LS", "\u{2028}"), ("PS", "\u{2029}")] {
        let text = format!("{}{brk}---\n{}\n", doc("a"), doc("b"));
        let m = Manifests::parse("in.yaml", &text);
        assert_eq!(names(&m), ["a"], "{what}: the engines read only the first document of the piece");
        assert_eq!(found(&m), [("unsplit-document", 4)], "{what}");
        assert_eq!((m.diagnostics()[0].location.document, m.diagnostics()[0].location.column), (0, 11), "{what}");
        assert!(
            m.diagnostics()[0].message.starts_with("document 0 goes on after its end at line 4: "),
            "{what}: {}",
            m.diagnostics()[0].message
        );
    }
    // Carriage returns before it that end CRLF lines, and a `...` marker: the document is pointed at the marker.
    let text = format!("{}\r...\n{}\n", doc("a").replace('\n', "\r\n"), doc("b"));
    let m = Manifests::parse("in.yaml", &text);
    assert_eq!(found(&m), [("unsplit-document", 4)]);
    assert_eq!((m.diagnostics()[0].location.document, m.diagnostics()[0].location.column), (0, 11));
    // A CRLF line end is a line feed: an ordinary marker.
    let m = Manifests::parse("in.yaml", &format!("{}\r\n---\r\n{}\r\n", doc("a"), doc("b")));
    assert_eq!(names(&m), ["a", "b"]);
    assert!(m.diagnostics().is_empty());
}

#[test]
fn content_after_a_flow_mapping_is_reported() {
    let text = "{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n{apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n";
    let m = Manifests::parse("in.yaml", text);
    assert_eq!(names(&m), ["a"]);
    assert_eq!(found(&m), [("unsplit-document", 2)]);
}

#[test]
fn a_bom_after_a_marker_starts_the_next_piece() {
    // The piece after `---` is decoded on its own, and go-yaml skips a byte-order mark at the start of its input.
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n\u{feff}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n";
    let m = Manifests::parse("in.yaml", text);
    assert_eq!(names(&m), ["a", "b"]);
    assert_eq!(m.resources()[1].location.line, 6);
    assert!(m.diagnostics().is_empty(), "{:?}", m.diagnostics());
}

#[test]
fn json_with_a_trailing_comma_is_read_as_yaml() {
    // Not JSON, so apimachinery's decoder falls back to YAML, whose flow mappings allow a trailing comma.
    let m = Manifests::parse("in.json", r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a",},}"#);
    assert_eq!(names(&m), ["a"]);
    assert!(m.diagnostics().is_empty(), "{:?}", m.diagnostics());
}

/// A `---` line that goes on with content: apimachinery's `YAMLReader` (kubernetes/apimachinery@eed236c
/// pkg/util/yaml/decoder.go `Read`, test `TestYAMLReader` "invalid document separator" cases) fails, so Argo CD
/// refuses the whole input; Helm cuts there (helm@e9b85e4 pkg/release/v1/util/manifest.go, `TestSplitManifests`),
/// and hookplan reads what follows as Helm does, so that no object is lost.
#[test]
fn content_after_a_separator_is_refused_by_argo_cd_and_read_as_helm_reads_it() {
    let cm = |name: &str| format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n");
    let text = format!(
        "{}--- {{apiVersion: v1, kind: ConfigMap, metadata: {{name: b}}}}\n---{}----\n{}--- # a comment\n{}---\t\n{}",
        cm("a"),
        cm("c"),
        cm("d"),
        cm("e"),
        cm("f")
    );
    let m = Manifests::parse("in.yaml", &text);
    // `----` leaves `-` at the start of the next document, which then does not parse (in Helm either).
    assert_eq!(names(&m), ["a", "b", "c", "e", "f"]);
    let separators: Vec<_> = m
        .diagnostics()
        .iter()
        .filter(|d| d.rule.name == "invalid-document-separator")
        .map(|d| (d.location.line, d.location.column))
        .collect();
    assert_eq!(separators, [(5, 4), (6, 4), (10, 4)]);
    let first = m.diagnostics().iter().find(|d| d.rule.name == "invalid-document-separator").unwrap();
    assert_eq!(
        first.message,
        "line 5 goes on after `---` with `{apiVersion: v1, kind: ConfigMap, metadata: {name: b}}`: Argo CD refuses the \
         whole input (\"invalid Yaml document separator\") and syncs nothing of the application; Helm reads it as the \
         start of document 1, and so does hookplan"
    );
    // The glued document is located where its text stands, past the `---`.
    let c = m.resources().iter().find(|r| r.name.as_deref() == Some("c")).unwrap();
    assert_eq!((c.location.line, c.location.column), (6, 4));
}

/// `...` ends a document but cuts nothing: Argo CD's and Helm's splitters cut only at `---` (apimachinery@eed236c
/// `YAMLReader.Read`) and decode the first document of each piece, so a document after `...` is never applied.
/// Found by the `read` fuzz target (`fuzz/regressions/read-document-after-a-document-end-marker`).
#[test]
fn a_document_after_a_document_end_marker_is_reported_not_read() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n...\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n...\n# only a comment\n";
    let m = Manifests::parse("in.yaml", text);
    assert_eq!(names(&m), ["a", "c"]);
    assert_eq!(found(&m), [("unsplit-document", 6)]);
    // Whatever follows, a scalar too; a null document is nothing.
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n";
    assert_eq!(found(&Manifests::parse("in.yaml", &format!("{cm}...\nfoo\n"))), [("unsplit-document", 5)]);
    assert_eq!(found(&Manifests::parse("in.yaml", &format!("{cm}...\n~\n"))), []);
    // Each document that follows is reported, up to a syntax error (where the parser finds it). Found by the
    // `read` fuzz target.
    let m = Manifests::parse("in.yaml", &format!("{cm}...\nb\n...\n~\n...\n{{c: 1}}\n...\nd: [\n...\ne\n"));
    assert_eq!(found(&m), [("unsplit-document", 5), ("unsplit-document", 9), ("unsplit-document", 12)]);
}

/// A key Go's YAML refuses (null, a collection, a bad merge) is found once its node is parsed, with the parser in
/// step: the rest of the document is parsed, and what follows it is still reported. Found by the `read` fuzz
/// target: the document after `...` was lost behind the first error.
#[test]
fn what_follows_a_document_with_a_refused_key_is_reported() {
    let m = Manifests::parse("in.yaml", "   : x\n...\nkind: Pod\n");
    assert_eq!(found(&m), [("unreadable-document", 1), ("unsplit-document", 3)]);
    let m = Manifests::parse("in.yaml", "kind: Pod\n<<: 1\n...\n- b\n");
    assert_eq!(found(&m), [("unreadable-document", 2), ("unsplit-document", 4)]);
    // In a document that follows too.
    let m = Manifests::parse("in.yaml", "kind: Pod\n...\nb: 1\n: x\n...\nc\n");
    assert_eq!(found(&m), [("unsplit-document", 4), ("unsplit-document", 6), ("not-a-resource", 1)]);
    // A syntax error after the refused key: the document is unreadable, and nothing after it is looked at.
    let m = Manifests::parse("in.yaml", "? [a]\n: x\nb: [\n...\nkind: Pod\n");
    assert_eq!(found(&m).len(), 1, "{:?}", m.diagnostics());
    assert_eq!(found(&m)[0].0, "unreadable-document");
}

#[test]
fn a_comment_ends_at_any_line_break_of_go_s_yaml() {
    // Go's YAML ends a comment at a carriage return, a next-line or a line or paragraph separator as at a line
    // feed (kubernetes-sigs/yaml@742f5e6 goyaml.v2/yamlprivateh.go `is_break`), so what follows on the same
    // line-feed line is content: an object, or here a scalar that Argo CD fails to decode as an object.
    for brk in ["\r", "\u{85}", "\u{2028}", "\u{2029}"] {
        let m = Manifests::parse(
            "in.yaml",
            &format!("# licence{brk}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"),
        );
        assert_eq!(names(&m), ["a"], "{brk:?}");
        assert_eq!((m.resources()[0].location.line, m.resources()[0].location.column), (1, 11), "{brk:?}");
        // Found by the `read` fuzz target: a lone scalar after a comment ended by CR was no document at all.
        let m = Manifests::parse("in.yaml", &format!("# Managed by{brk}d du{brk}psr/"));
        assert_eq!(found(&m), [("not-an-object", 1)], "{brk:?}");
        let m = Manifests::parse("in.yaml", &format!("---\n# c{brk}x: 1\n"));
        assert_eq!(found(&m), [("not-a-resource", 2)], "{brk:?}");
    }
    // A template name is read off a comment line up to its end.
    let m = Manifests::parse(
        "in.yaml",
        "# Source: chart/templates/cm.yaml\rkind: ConfigMap\napiVersion: v1\nmetadata:\n  name: a\n",
    );
    assert_eq!(m.resources()[0].location.template.as_deref(), Some("chart/templates/cm.yaml"));
}

#[test]
fn a_yaml_1_1_line_break_is_one_line_break_wherever_it_stands() {
    // Go's YAML breaks lines at NEL, LS and PS (kubernetes-sigs/yaml@742f5e6 goyaml.v2/yamlprivateh.go `is_break`),
    // each a break of its own, also right after a carriage return. Found by the `read` fuzz target: a NEL after a
    // CR in the leading lines of a block scalar was read as an indented line, and the document as unreadable.
    for brk in ["\u{85}", "\u{2028}", "\u{2029}"] {
        let m = Manifests::parse("in.yaml", &format!("|\r{brk}e\n...\r\nx: 1\n"));
        assert_eq!(found(&m), [("not-an-object", 1), ("unsplit-document", 3)], "{brk:?}");
        // What comes after each break is where the original has it.
        let text = format!(
            "apiVersion: v1{brk}kind: ConfigMap{brk}metadata:{brk}  name: a{brk}  annotations:{brk}    argocd.argoproj.io/sync-wave: x\n"
        );
        let m = Manifests::parse("in.yaml", &text);
        assert_eq!(names(&m), ["a"], "{brk:?}");
        let wave = m.resources()[0].annotation_location("argocd.argoproj.io/sync-wave");
        let column = text[..text.find("argocd.argoproj.io/sync-wave").unwrap()].chars().count() + 1;
        assert_eq!((wave.line, wave.column), (1, column), "{brk:?}");
    }
}
