//! Hostile input: each case answered with a clear error, and nothing else lost. The limits are documented on
//! `hookplan::Limits`.

use std::fmt::Write;

use hookplan::{Limits, Manifests, SyncOperation, check, plan_sync};

const GOOD: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: good\n";

/// Reads `bad` between two good documents; returns the manifests.
fn sandwich(bad: &str) -> Manifests {
    let mut m = Manifests::new();
    m.read("in.yaml", format!("{GOOD}---\n{bad}\n---\n{GOOD}").as_bytes());
    m
}

fn messages(m: &Manifests) -> Vec<String> {
    m.diagnostics().iter().map(|d| format!("{}: {}", d.rule.name, d.message)).collect()
}

#[test]
fn billion_laughs() {
    let mut bomb = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (p, c) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().zip(["b", "c", "d", "e", "f", "g", "h", "i"]) {
        let _ = writeln!(bomb, "{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]");
    }
    // Anywhere in a document, the expansion is refused as Go refuses it (kubernetes-sigs/yaml@742f5e6
    // goyaml.v2/decode.go `allowedAliasRatio`): the document is reported, the others read.
    let m = sandwich(&format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n{}", indent(&bomb)));
    assert_eq!(m.resources().len(), 2);
    assert_eq!(messages(&m), [BOMB]);
    // Inside a List too.
    let m = sandwich(&format!(
        "apiVersion: v1\nkind: List\nitems:\n- kind: ConfigMap\n  data:\n{}",
        indent(&indent(&bomb))
    ));
    assert_eq!(m.resources().len(), 2);
    assert_eq!(messages(&m), [BOMB]);
}

const BOMB: &str = "unreadable-document: cannot read document 1: the document contains excessive aliasing (an alias \
                    expansion bomb), which Go's YAML refuses";

fn indent(text: &str) -> String {
    text.lines().fold(String::new(), |mut out, line| {
        let _ = writeln!(out, "  {line}");
        out
    })
}

#[test]
fn nesting_ten_thousand_levels() {
    let deep = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\nspec: {}1{}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let m = sandwich(&deep);
    assert_eq!(m.resources().len(), 2);
    assert_eq!(messages(&m), ["unreadable-document: cannot read document 1: nesting deeper than 100 levels"]);
    assert_eq!(m.diagnostics()[0].location.line, 10, "the `spec:` line");
    // Inside a List. The parser's scanner runs ahead of its events and refuses the 256th flow level (column 9 +
    // 255) before the nesting limit counts the 101st level: the same error, on the same line.
    let list = format!(
        "apiVersion: v1\nkind: List\nitems:\n- kind: ConfigMap\n  data: {}1{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let m = sandwich(&list);
    assert_eq!(m.resources().len(), 2);
    assert_eq!(messages(&m), ["unreadable-document: cannot read document 1: nesting deeper than 100 levels"]);
    assert_eq!((m.diagnostics()[0].location.line, m.diagnostics()[0].location.column), (10, 264));
    // Block style, 1,000 levels (10,000 would be 50 MB of indentation, over the document size limit).
    let mut block = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n");
    for level in 0..1_000 {
        let _ = writeln!(block, "{}k:", " ".repeat(2 + level));
    }
    let m = sandwich(&block);
    assert_eq!(m.resources().len(), 2);
    assert_eq!(messages(&m), ["unreadable-document: cannot read document 1: nesting deeper than 100 levels"]);
    // Past 255 flow levels, a limit above them cannot be honoured: the parser's own limit is named.
    let mut high = Manifests::with_limits(Limits::default().max_nesting(1_000));
    high.read("in.yaml", deep.as_bytes());
    assert_eq!(
        messages(&high),
        ["unreadable-document: cannot read document 0: flow collections nested deeper than 255 levels (the YAML \
          parser's limit)"]
    );
    // The limit is the option's: 3 levels allow a root mapping with metadata and annotations.
    let mut shallow = Manifests::with_limits(Limits::default().max_nesting(3));
    shallow.read("in.yaml", b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  annotations: {x: z}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec: {a: {b: {c: d}}}\n");
    assert_eq!(shallow.resources().len(), 1);
    assert_eq!(messages(&shallow), ["unreadable-document: cannot read document 1: nesting deeper than 3 levels"]);
}

#[test]
fn document_over_the_size_limit() {
    // The default limit: 32 MiB per document.
    let big = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: \"{}\"\n",
        "x".repeat(33 << 20)
    );
    let m = sandwich(&big);
    assert_eq!(m.resources().len(), 2);
    assert_eq!(m.diagnostics().len(), 1);
    assert!(m.diagnostics()[0].message.starts_with("document 1 is 346"), "{:?}", messages(&m));
    assert!(m.diagnostics()[0].message.ends_with("bytes, over the limit of 33554432 bytes: it is not read"));
    // The input limit: what ends past it is not read, in one error.
    let mut limited = Manifests::with_limits(Limits::default().max_input_bytes(100));
    limited.read("in.yaml", format!("{GOOD}---\n{GOOD}---\n{GOOD}").as_bytes());
    assert_eq!(limited.resources().len(), 1);
    assert_eq!(
        messages(&limited),
        [
            "unreadable-document: the input goes past the limit of 100 bytes: document 1 (line 5) and every document after it are not read"
        ]
    );
}

#[test]
fn a_hundred_thousand_small_documents() {
    let text = (0..100_000)
        .map(|i| format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\n"))
        .collect::<Vec<_>>()
        .join("---\n");
    let mut m = Manifests::new();
    m.read("many.yaml", text.as_bytes());
    assert_eq!(m.resources().len(), 100_000);
    assert!(m.diagnostics().is_empty());
    let plan = plan_sync(&m, &SyncOperation::new());
    assert_eq!(plan.steps[0].tasks.len(), 100_000);
    // One more is over the default limit: it is reported, the first 100,000 are kept.
    let mut over = Manifests::new();
    over.read("many.yaml", format!("{text}---\n{GOOD}").as_bytes());
    assert_eq!(over.resources().len(), 100_000);
    assert_eq!(
        messages(&over),
        [
            "unreadable-document: over the limit of 100000 documents: document 100000 (line 500000) and every document after it are not read"
        ]
    );
}

#[test]
fn invalid_utf8_and_nul() {
    let mut m = Manifests::new();
    m.read("in.yaml", &[GOOD.as_bytes(), b"---\nkind: \xc3\x28\n---\n", GOOD.as_bytes()].concat());
    assert_eq!(m.resources().len(), 2);
    assert_eq!(messages(&m), ["unreadable-document: document 1 is not valid UTF-8 (invalid byte at line 6, column 7)"]);
    let m = sandwich("apiVersion: v1\nkind: Con\0figMap\n");
    assert_eq!(m.resources().len(), 2);
    assert_eq!(
        messages(&m),
        [
            "unreadable-document: cannot read document 1: the control character U+0000 at line 7, column 10 is not allowed in YAML"
        ]
    );
    assert_eq!((m.diagnostics()[0].location.line, m.diagnostics()[0].location.column), (7, 10));
}

#[test]
fn scalar_document() {
    let m = sandwich("just words");
    assert_eq!(m.resources().len(), 2);
    assert_eq!(messages(&m), ["not-an-object: document 1 is a string, not a Kubernetes object (a mapping)"]);
}

#[test]
fn annotations_that_are_maps_or_lists() {
    let m = sandwich(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    argocd.argoproj.io/hook: {PreSync: true}\n    helm.sh/hook: [pre-install]\n",
    );
    assert_eq!(m.resources().len(), 3);
    assert_eq!(
        messages(&m).iter().map(|s| s.split(':').next().unwrap()).collect::<Vec<_>>(),
        ["non-string-annotation", "non-string-annotation"]
    );
    let m = sandwich("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations: [a, b]\n");
    assert_eq!(m.resources().len(), 2);
    assert_eq!(
        messages(&m),
        [
            "unreadable-document: cannot read document 1: metadata.annotations: a sequence, expected a mapping of string keys to string values"
        ]
    );
}

#[test]
fn one_megabyte_annotation_value() {
    let value = "x".repeat(1 << 20);
    // Past the API server's annotation limit, so the limit is raised to see what the messages do with it.
    let mut m = Manifests::with_limits(Limits::default().max_annotation_bytes(4 << 20));
    m.read("in.yaml", format!(
        "{GOOD}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    argocd.argoproj.io/sync-wave: \"{value}\"\n    argocd.argoproj.io/hook: \"{value}\"\n---\n{GOOD}"
    ).as_bytes());
    assert_eq!(m.resources().len(), 3);
    let diagnostics = check::lint(&m, None);
    let longest = diagnostics.iter().map(|d| d.message.len()).max().unwrap();
    assert!(longest < 400, "messages quote a bounded part of the value: {longest} bytes");
    assert!(diagnostics.iter().any(|d| d.message.contains("… (1048576 bytes)")));
}

#[test]
fn huge_sync_wave() {
    let m = sandwich(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    argocd.argoproj.io/sync-wave: \"99999999999999999999\"\n",
    );
    let plan = plan_sync(&m, &SyncOperation::new());
    assert!(plan.steps.iter().all(|s| s.wave == 0));
    let d = plan.diagnostics.iter().find(|d| d.rule.name == "invalid-sync-wave").unwrap();
    assert_eq!(
        d.message,
        "sync wave \"99999999999999999999\" is outside the 64-bit integer range: Argo CD uses wave 0"
    );
}

/// Shapes that once took quadratic time or worse: each is read, validated and planned at n and 4n, and the time
/// must grow about linearly (a ratio under 10, where quadratic growth gives 16 and linear 4). A ratio, never an
/// absolute time; each side is the best of five runs.
/// Shapes that once took quadratic time, at the sizes that showed it: read in full, nothing lost. Their growth
/// from n to 4n is measured by the criterion bench `lib/benches/hostile.rs` (BENCHMARKS.md), not here.
mod growth {
    use hookplan::{Manifests, SyncOperation, plan_sync};
    use std::fmt::Write;

    /// The names of the resources read, in order.
    fn names(m: &Manifests) -> Vec<&str> {
        m.resources().iter().map(|r| r.name.as_deref().unwrap_or("")).collect()
    }

    fn numbered(prefix: &str, n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{prefix}{i}")).collect()
    }

    #[test]
    fn one_line_json_list() {
        let item = |i: usize| format!(r#"{{"apiVersion":"v1","kind":"ConfigMap","metadata":{{"name":"c{i}"}}}}"#);
        let text = format!(
            r#"{{"apiVersion":"v1","kind":"List","items":[{}]}}"#,
            (0..400).map(item).collect::<Vec<_>>().join(",")
        );
        let m = Manifests::parse("x.json", &text);
        assert_eq!(names(&m), numbered("c", 400));
        assert!(m.diagnostics().is_empty(), "{:?}", m.diagnostics());
    }

    #[test]
    fn many_annotations_on_one_object() {
        let keys = (0..1000).fold(String::new(), |mut keys, i| {
            let _ = writeln!(keys, "    example.com/k{i}: \"v\"");
            keys
        });
        let m = Manifests::parse(
            "x.yaml",
            &format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n{keys}"),
        );
        assert!(m.diagnostics().is_empty(), "{:?}", m.diagnostics());
        let annotations = &m.resources()[0].annotations;
        assert_eq!(annotations.len(), 1000);
        assert!((0..1000).all(|i| annotations.get(&format!("example.com/k{i}")) == Some("v")));
    }

    /// Merged annotations stand where their anchor is: written in reverse order, their positions run backwards,
    /// and were once each counted from the start of the document. As in Go's YAML (kubernetes-sigs/yaml@742f5e6
    /// goyaml.v2/decode.go `merge`), the merge overrides the keys before it.
    #[test]
    fn merged_annotations_in_reverse_order() {
        let n = 1000;
        let (mut anchor, mut before) = (String::new(), String::new());
        for i in 0..n {
            let _ = writeln!(anchor, "    example.com/k{}: v", n - 1 - i);
            if i % 2 == 0 {
                let _ = writeln!(before, "    example.com/k{i}: w");
            }
        }
        let m = Manifests::parse(
            "x.yaml",
            &format!(
                "apiVersion: v1\nkind: ConfigMap\nx: &a\n{anchor}metadata:\n  name: a\n  annotations:\n{before}    <<: *a\n"
            ),
        );
        assert!(m.diagnostics().is_empty(), "{:?}", m.diagnostics());
        let annotations = &m.resources()[0].annotations;
        assert_eq!(annotations.len(), n);
        assert!((0..n).all(|i| annotations.get(&format!("example.com/k{i}")) == Some("v")));
    }

    /// A flow collection closed at column 0 is read again with its lines padded (Go does not check indentation
    /// there); a long run of blanks on one of its lines was once scanned back over for every byte.
    #[test]
    fn blanks_in_a_flow_collection_read_again_padded() {
        for blanks in [10, 20_000] {
            let m = Manifests::parse(
                "x.yaml",
                &format!(
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations: {{\n{}\"x\": \"y\"\n}}\n",
                    " ".repeat(blanks)
                ),
            );
            assert_eq!(names(&m), ["a"]);
            assert_eq!(m.resources()[0].annotations.get("x"), Some("y"), "{:?}", m.diagnostics());
            assert!(m.diagnostics().is_empty(), "{:?}", m.diagnostics());
        }
    }

    #[test]
    fn deep_flow_nesting() {
        // Answered at the nesting limit (`Limits::max_nesting`, 100 levels), whatever the length after it: the
        // document is not read, and says so.
        let text = format!("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: x}}\ndata: {}", "[".repeat(20_000));
        let m = Manifests::parse("x.yaml", &text);
        assert!(m.resources().is_empty());
        assert_eq!(messages(&m), ["unreadable-document: cannot read document 0: nesting deeper than 100 levels"]);
        assert_eq!(m.diagnostics()[0].location.line, 4);
    }

    #[test]
    fn json_lines() {
        let text = (0..500).fold(String::new(), |mut text, i| {
            let _ = writeln!(text, r#"{{"apiVersion":"v1","kind":"ConfigMap","metadata":{{"name":"c{i}"}}}}"#);
            text
        });
        let m = Manifests::parse("x.json", &text);
        assert_eq!(names(&m), numbered("c", 500));
        assert!(m.diagnostics().is_empty(), "{:?}", m.diagnostics());
    }

    #[test]
    fn many_csv_items() {
        let items = numbered("p", 500).join(",");
        let text = format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook-delete-policy: \"{items}\"\n    argocd.argoproj.io/sync-options: \"{items}\"\n"
        );
        let m = Manifests::parse("x.yaml", &text);
        assert_eq!(names(&m), ["x"]);
        // Every item is answered: each unknown delete policy and each unknown sync option once, in order.
        let lint = hookplan::check::lint(&m, Some("d"));
        let quoted = |rule: &str| -> Vec<String> {
            lint.iter()
                .filter(|d| d.rule.name == rule)
                .map(|d| d.message.split('`').nth(1).unwrap().to_string())
                .collect()
        };
        assert_eq!(quoted("unknown-delete-policy"), numbered("p", 500));
        assert_eq!(quoted("unknown-sync-option"), numbered("p", 500));
        let plan = plan_sync(&m, &SyncOperation::new().namespace("d"));
        assert_eq!(plan.steps.iter().map(|s| s.tasks.len()).sum::<usize>(), 1);
    }

    #[test]
    fn one_name_in_many_namespaces() {
        let text = (0..500)
            .map(|i| format!("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: same, namespace: ns{i}}}\n"))
            .collect::<Vec<_>>()
            .join("---\n");
        let m = Manifests::parse("x.yaml", &text);
        assert_eq!(m.resources().len(), 500);
        let plan = plan_sync(&m, &SyncOperation::new().namespace("d"));
        assert!(plan.diagnostics.is_empty(), "{:?}", plan.diagnostics);
        let mut namespaces: Vec<_> =
            plan.steps.iter().flat_map(|s| &s.tasks).map(|t| t.resource.namespace.as_deref().unwrap_or("")).collect();
        namespaces.sort_unstable();
        let mut expected = numbered("ns", 500);
        expected.sort_unstable();
        assert_eq!(namespaces, expected, "every object planned once");
    }

    fn messages(m: &Manifests) -> Vec<String> {
        super::messages(m)
    }
}

#[test]
fn list_items_annotations_and_names_over_their_limits() {
    // List items past the limit: one error naming the first; the items before it are planned.
    let list = "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n";
    let mut m = Manifests::with_limits(Limits::default().max_list_items(2));
    m.read("in.yaml", list.as_bytes());
    assert_eq!(m.resources().iter().map(|r| r.name.as_deref().unwrap()).collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(
        messages(&m),
        [
            "unreadable-document: over the limit of 2 List items: item 2 of the List in document 0 and every item after it are not read"
        ]
    );
    assert_eq!(m.diagnostics()[0].location.line, 6);
    // Annotations past the API server's 256 KiB: the object is read without them.
    let big = format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/sync-options: \"{}\"\n",
        vec!["Validate=false"; 20_000].join(",")
    );
    let m = sandwich(&big);
    assert_eq!(m.resources().len(), 3);
    assert!(m.resources()[1].annotations.is_empty());
    assert_eq!(
        messages(&m),
        [
            "unreadable-document: the annotations of this object total 300060 bytes, over the limit of 262144 bytes: they \
          are not read (the Kubernetes API server refuses an object whose annotations pass 262144 bytes)"
        ]
    );
    assert_eq!(m.diagnostics()[0].location.line, 10, "the `annotations:` line");
    // A name past the limit: the object is not read, its neighbours are.
    let m = sandwich(&format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {}\n", "n".repeat(2000)));
    assert_eq!(m.resources().len(), 2);
    assert_eq!(
        messages(&m),
        [
            "unreadable-document: metadata.name is 2000 bytes, over the limit of 1024: the object is not read (Kubernetes \
          allows at most 253)"
        ]
    );
    assert_eq!(m.diagnostics()[0].location.line, 9);
}
