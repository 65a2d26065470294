//! Reading manifests: the decisions listed in the crate docs, each pinned.

use hookplan::{ExclusionReason, Manifests};

fn read(text: &str) -> Manifests {
    Manifests::parse("in.yaml", text)
}

fn rules(manifests: &Manifests) -> Vec<&'static str> {
    manifests.diagnostics().iter().map(|d| d.rule.name).collect()
}

#[test]
fn documents_have_index_line_and_span() {
    let text = "# header\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n\n# c\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n";
    let m = read(text);
    let found: Vec<(usize, usize, usize)> =
        m.resources().iter().map(|r| (r.location.document, r.location.line, r.location.column)).collect();
    assert_eq!(found, [(0, 3, 1), (1, 10, 1)]);
    assert_eq!(&text[m.resources()[0].span.clone()], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
    assert_eq!(&text[m.resources()[1].span.clone()], "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
    assert_eq!(m.resources()[0].location.file.as_ref(), "in.yaml");
}

#[test]
fn markers_comments_and_bom() {
    let m = read(
        "\u{feff}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a # trailing comment\n...\n---\n---\n~\n--- # c\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n",
    );
    let names: Vec<_> = m.resources().iter().map(|r| r.name.as_deref().unwrap().to_string()).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(m.resources()[1].location.document, 3, "empty and null documents count but are skipped");
    assert!(m.diagnostics().is_empty(), "{:?}", m.diagnostics());
}

#[test]
fn syntax_error_costs_only_its_document() {
    let m = read(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: [b\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: c\n",
    );
    let names: Vec<_> = m.resources().iter().map(|r| r.name.as_deref().unwrap().to_string()).collect();
    assert_eq!(names, ["a", "c"]);
    let d = &m.diagnostics()[0];
    assert_eq!(d.rule.name, "unreadable-document");
    assert_eq!((d.location.document, d.location.line), (1, 9));
    assert!(d.message.starts_with("cannot read document 1: "), "{}", d.message);
}

#[test]
fn tabs_after_values_and_crlf_are_accepted() {
    let m = read(
        "apiVersion: v1\t\r\nkind: Pod\t\t\r\nmetadata:\r\n  name: a\t\r\n  annotations:\r\n    argocd.argoproj.io/sync-wave: \"3\"\t\r\n",
    );
    assert!(m.diagnostics().is_empty(), "{:?}", m.diagnostics());
    assert_eq!(m.resources()[0].name.as_deref(), Some("a"));
    assert_eq!(m.resources()[0].annotations.get("argocd.argoproj.io/sync-wave"), Some("3"));
}

#[test]
fn quoted_and_bare_keys_are_the_same() {
    let m = read(
        "\"apiVersion\": v1\n'kind': Pod\nmetadata:\n  name: a\n  annotations:\n    \"helm.sh/hook\": pre-install\n    'helm.sh/hook-weight': \"-1\"\n",
    );
    let r = &m.resources()[0];
    assert_eq!(r.annotations.get("helm.sh/hook"), Some("pre-install"));
    assert_eq!(r.annotations.get("helm.sh/hook-weight"), Some("-1"));
    assert_eq!(r.annotation_location("helm.sh/hook").line, 6);
    assert_eq!(r.annotation_location("helm.sh/hook-weight").column, 5);
}

#[test]
fn non_string_annotation_drops_every_annotation() {
    let m = read(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/sync-wave: 5\n",
    );
    let r = &m.resources()[0];
    assert!(r.annotations.is_empty(), "Argo CD's GetAnnotations returns nothing");
    let d = &m.diagnostics()[0];
    assert_eq!(d.rule.name, "non-string-annotation");
    assert_eq!((d.location.line, d.location.column), (7, 5));
    assert_eq!(
        d.message,
        "annotation `argocd.argoproj.io/sync-wave` is a number, not a string: Argo CD then reads none of this \
         object's annotations, and the API server rejects it"
    );
    for (value, what) in [("true", "a boolean"), ("null", "null"), ("{a: b}", "a mapping"), ("[a]", "a sequence")] {
        let m = read(&format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  annotations:\n    x: {value}\n"));
        assert!(m.diagnostics()[0].message.contains(&format!("is {what},")), "{value}");
    }
}

/// Go's YAML 1.1 (kubernetes-sigs/yaml@742f5e6 goyaml.v2/resolve.go): an unquoted `yes` is a boolean, `010` a
/// number; quoted, they are strings. The hook below is therefore not a hook for Argo CD.
#[test]
fn yaml_1_1_scalars_are_read_as_go_reads_them() {
    let job = |backup: &str| {
        format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    example.com/backup: {backup}\n"
        )
    };
    let m = read(&job("yes"));
    assert!(m.resources()[0].annotations.is_empty(), "Argo CD reads no annotation of the object");
    let d = &m.diagnostics()[0];
    assert_eq!((d.rule.name, d.location.line, d.location.column), ("non-string-annotation", 7, 5));
    assert_eq!(
        d.message,
        "annotation `example.com/backup` is a boolean in Go's YAML 1.1 (unquoted yes, no, on, off, y and n are \
         booleans), not a string: Argo CD then reads none of this object's annotations, and the API server rejects it"
    );
    let plan = hookplan::plan_sync(&m, &hookplan::SyncOperation::new());
    assert_eq!(plan.steps[0].phase, hookplan::plan::Phase::Sync, "the PreSync hook is a plain resource");
    for value in ["on", "N", "off", "010", "08", "1_000", "0b11", ".5"] {
        let m = read(&job(value));
        assert_eq!(rules(&m), ["non-string-annotation"], "{value}");
    }
    for value in ["'yes'", "\"on\"", "|\n      yes", "!!str yes", "yess", "2001-12-14", "v1.0", "1:20"] {
        let m = read(&job(value));
        assert!(m.diagnostics().is_empty(), "{value}: {:?}", m.diagnostics());
        assert_eq!(m.resources()[0].annotations.get("argocd.argoproj.io/hook"), Some("PreSync"), "{value}");
    }
}

/// An identity field that Go's YAML 1.1 does not read as a string makes the object unreadable, as any non-string
/// identity field does (kubernetes-sigs/yaml@742f5e6 goyaml.v2/resolve.go).
#[test]
fn identity_fields_are_strings_in_go_or_unreadable() {
    let m = read(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: no\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: \"no\"\n",
    );
    assert_eq!(m.resources().len(), 1, "the quoted one is read");
    let d = &m.diagnostics()[0];
    assert_eq!(
        d.message,
        "cannot read document 0: metadata.name: a boolean in Go's YAML 1.1 (unquoted `no`), expected a string"
    );
    assert_eq!((d.rule.name, d.location.line, d.location.column), ("unreadable-document", 4, 3));
    assert_eq!(d.help.as_deref(), Some("quote the value: `name: \"no\"`"));
    let m = read("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: 010\n");
    assert_eq!(rules(&m), ["unreadable-document"]);
}

/// Tags as Go's YAML reads them (kubernetes-sigs/yaml@742f5e6 goyaml.v2/resolve.go `resolve`, decode.go
/// `scalar`): a custom tag on a scalar leaves the string as written, `!!binary` is decoded, `!!str` is a string.
#[test]
fn tags_are_read_as_go_reads_them() {
    let m = read(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    argocd.argoproj.io/hook: !!binary UHJlU3luYw==\n    argocd.argoproj.io/sync-wave: !custom 5\n    example.com/a: !!str yes\n    example.com/b: !custom text\n",
    );
    assert!(m.diagnostics().is_empty(), "{:?}", m.diagnostics());
    let a = &m.resources()[0].annotations;
    assert_eq!(a.get("argocd.argoproj.io/hook"), Some("PreSync"));
    assert_eq!(a.get("argocd.argoproj.io/sync-wave"), Some("5"));
    assert_eq!(a.get("example.com/a"), Some("yes"));
    assert_eq!(a.get("example.com/b"), Some("text"));
    let m = read("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    b: !custom {x: y}\n");
    let found: Vec<_> = m.diagnostics().iter().map(|d| (d.rule.name, d.location.line)).collect();
    assert_eq!(found, [("non-string-annotation", 6)]);
}

/// A scalar whose core tag Go's decoder refuses makes it refuse the whole document, wherever the scalar stands
/// (kubernetes-sigs/yaml@742f5e6 goyaml.v2/decode.go `scalar`: "!!binary value contains invalid base64 data";
/// resolve.go `resolve`: "cannot decode !!str `abc` as a !!int"; an integer is taken as a float).
#[test]
fn a_tag_go_refuses_makes_the_document_unreadable() {
    let pod = |annotation: &str, spec: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    a: {annotation}\nspec:\n  x: {spec}\n"
        )
    };
    let refused = [
        ("!!binary not*base64", "1", 6, "!!binary value contains invalid base64 data"),
        // A plain scalar folds its line break into a space, which Go's base64 does not skip.
        ("!!binary aGVs\n      bG8h", "1", 6, "!!binary value contains invalid base64 data"),
        ("!!int abc", "1", 6, "cannot decode !!str `abc` as a !!int"),
        ("!!int 1.5", "1", 6, "cannot decode !!float `1.5` as a !!int"),
        ("!!bool 1", "1", 6, "cannot decode !!int `1` as a !!bool"),
        ("!!null no", "1", 6, "cannot decode !!bool `no` as a !!null"),
        ("!!float yes", "1", 6, "cannot decode !!bool `yes` as a !!float"),
        // In a part hookplan does not read, directly under a kept mapping and inside a skipped one.
        ("x", "!!int abc", 8, "cannot decode !!str `abc` as a !!int"),
        ("x", "[1, {y: !!binary ?}]", 8, "!!binary value contains invalid base64 data"),
    ];
    for (annotation, spec, line, message) in refused {
        let m = read(&pod(annotation, spec));
        assert!(m.resources().is_empty(), "{annotation} {spec}");
        let found: Vec<_> =
            m.diagnostics().iter().map(|d| (d.rule.name, d.location.line, d.message.as_str())).collect();
        let expected = format!("cannot read document 0: {message}");
        assert_eq!(found, [("unreadable-document", line, expected.as_str())], "{annotation} {spec}");
    }
    let accepted = [
        ("!!str 5", "!!float 1"),
        ("!!binary YQ==", "!!int 0x1F"),
        ("!!binary |\n      aGVs\n      bG8h", "1"),
        ("'x'", "!!bool yes"),
        ("!!str yes", "[!!null ~, !!null '', !!int 1_000, !!float .inf, !!timestamp 2001-01-01, !custom 1]"),
    ];
    for (annotation, spec) in accepted {
        let m = read(&pod(annotation, spec));
        assert_eq!(m.resources().len(), 1, "{annotation} {spec}: {:?}", m.diagnostics());
        assert!(m.diagnostics().iter().all(|d| d.rule.name != "unreadable-document"), "{:?}", m.diagnostics());
    }
}

/// Merge keys, applied as Go's YAML applies them (kubernetes-sigs/yaml@742f5e6 goyaml.v2/decode.go `merge`; go-yaml
/// v2 `decode_test.go` "merge" cases): shallow, the mapping's own keys win, and of several merged mappings the first.
#[test]
fn merge_keys_are_applied() {
    let m = read(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    <<: &hook\n      argocd.argoproj.io/hook: PreSync\n      argocd.argoproj.io/hook-delete-policy: BeforeHookCreation\n    argocd.argoproj.io/hook-delete-policy: HookSucceeded\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  <<: [{name: first, annotations: {argocd.argoproj.io/hook: PreSync}}, {name: second, namespace: ns}]\n  name: own\n",
    );
    assert!(m.diagnostics().is_empty(), "{:?}", m.diagnostics());
    let [a, b] = m.resources() else { panic!("two resources") };
    assert_eq!(a.annotations.get("argocd.argoproj.io/hook"), Some("PreSync"));
    assert_eq!(a.annotations.get("argocd.argoproj.io/hook-delete-policy"), Some("HookSucceeded"), "own key wins");
    assert_eq!(b.name.as_deref(), Some("own"));
    assert_eq!(b.namespace.as_deref(), Some("ns"), "from the second merged mapping");
    assert_eq!(b.annotations.get("argocd.argoproj.io/hook"), Some("PreSync"), "from the first");
    // Anchors do not cross documents: the error names the alias.
    let unknown = read("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations: {<<: *hook}\n");
    assert_eq!(
        unknown.diagnostics()[0].message,
        "cannot read document 0: unknown anchor: the alias `*hook` refers to no anchor before it in its document \
         (anchors do not cross `---`)"
    );
    assert_eq!((unknown.diagnostics()[0].location.line, unknown.diagnostics()[0].location.column), (5, 21));
    let bad = read("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n    <<: 5\n");
    assert_eq!(rules(&bad), ["unreadable-document"]);
    assert!(bad.diagnostics()[0].message.contains("a mapping or a sequence of mappings after the merge key `<<`"));
}

#[test]
fn duplicate_annotation_keeps_last_and_is_reported() {
    let m = read(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook: PostSync\n",
    );
    assert_eq!(m.resources()[0].annotations.get("argocd.argoproj.io/hook"), Some("PostSync"));
    assert_eq!(rules(&m), ["duplicate-key"]);
    assert_eq!(m.diagnostics()[0].location.line, 7, "where the key is given again");
    // The object's own fields too: Go's YAML keeps the last (kubernetes-sigs/yaml@742f5e6 goyaml.v2 decode.go
    // `mapping` sets each key in turn).
    let m = read("apiVersion: v1\nkind: Pod\nkind: Job\nmetadata:\n  name: a\n  name: b\n");
    assert_eq!((m.resources()[0].kind.as_str(), m.resources()[0].name.as_deref()), ("Job", Some("b")));
    let found: Vec<_> = m.diagnostics().iter().map(|d| (d.rule.name, d.message.as_str(), d.location.line)).collect();
    assert_eq!(
        found,
        [
            ("duplicate-key", "field `kind` appears more than once; the engines use the last value", 3),
            ("duplicate-key", "field `metadata.name` appears more than once; the engines use the last value", 6),
        ]
    );
}

#[test]
fn a_control_character_is_pointed_at() {
    let m = read("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    x: \"ab\u{0}c\"\n");
    let d = &m.diagnostics()[0];
    assert_eq!(
        d.message,
        "cannot read document 0: the control character U+0000 at line 6, column 11 is not allowed in YAML"
    );
    assert_eq!((d.rule.name, d.location.line, d.location.column), ("unreadable-document", 6, 11));
}

/// Which characters Go's YAML reader refuses, restated from kubernetes-sigs/yaml@742f5e6 goyaml.v2/readerc.go
/// `yaml_parser_update_buffer`: it accepts tab, line feed, carriage return, 0x20-0x7E, 0x85, 0xA0-0xD7FF,
/// 0xE000-0xFFFD and 0x10000 up. Checked over the ranges where UTF-8 lead bytes change, so that hookplan's byte-level
/// pre-filter cannot miss a character.
#[test]
fn control_characters_are_those_go_refuses() {
    let refused_by_go = |c: u32| {
        !(matches!(c, 0x09 | 0x0A | 0x0D | 0x85)
            || (0x20..=0x7E).contains(&c)
            || (0xA0..=0xD7FF).contains(&c)
            || (0xE000..=0xFFFD).contains(&c)
            || c >= 0x10000)
    };
    let ranges = [0x01..=0x800, 0xD700..=0xD7FF, 0xE000..=0xE0FF, 0xEFF0..=0xF0FF, 0xFE00..=0xFFFF, 0x10000..=0x10100];
    for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
        let m =
            read(&format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    x: \"a{c}b\"\n"));
        let refused = m.diagnostics().iter().any(|d| d.message.contains("is not allowed in YAML"));
        assert_eq!(refused, refused_by_go(u32::from(c)), "U+{:04X}", u32::from(c));
    }
}

#[test]
fn documents_that_are_not_mappings() {
    let m = read("just a scalar\n---\n- a\n- b\n---\n42\n");
    assert_eq!(rules(&m), ["not-an-object", "not-an-object", "not-an-object"]);
    assert_eq!(m.diagnostics()[1].message, "document 1 is a sequence, not a Kubernetes object (a mapping)");
    assert_eq!(m.diagnostics()[1].location.line, 3);
}

#[test]
fn missing_api_version_or_kind_is_not_a_resource() {
    let m = read(
        "metadata:\n  annotations:\n    argocd.argoproj.io/sync-wave: \"5\"\n---\nkind: Pod\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\n",
    );
    assert_eq!(m.excluded().len(), 2);
    assert!(m.excluded().iter().all(|e| e.reason == ExclusionReason::NotAResource));
    assert_eq!(rules(&m), ["not-a-resource", "not-a-resource"]);
    assert_eq!(m.diagnostics()[0].message, "document 0 has no apiVersion and kind; it is not a Kubernetes object");
    // An object without metadata is still a resource (Argo CD fails to apply it; lint reports it).
    assert_eq!(m.resources().len(), 1);
    assert_eq!(m.resources()[0].name, None);
}

#[test]
fn kustomization_is_excluded() {
    let m = read("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n");
    assert!(m.resources().is_empty());
    assert_eq!(m.excluded()[0].reason, ExclusionReason::Kustomization);
    assert_eq!(rules(&m), ["kustomization-file"]);
}

#[test]
fn lists_are_unpacked_with_item_lines() {
    let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n    annotations:\n      argocd.argoproj.io/sync-wave: \"2\"\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: b\n- 42\n";
    let m = read(text);
    let found: Vec<_> = m
        .resources()
        .iter()
        .map(|r| (r.name.as_deref().unwrap().to_string(), r.location.line, r.location.column, r.in_list))
        .collect();
    assert_eq!(found, [("a".to_string(), 4, 3, true), ("b".to_string(), 10, 3, true)]);
    assert_eq!(m.resources()[0].annotation_location("argocd.argoproj.io/sync-wave").line, 9);
    assert_eq!(rules(&m), ["not-an-object"]);
    assert_eq!(m.diagnostics()[0].location.line, 14);
    // A null `items` is an empty List; any object with an items sequence is unpacked, whatever its kind.
    assert!(read("apiVersion: v1\nkind: List\nitems: null\n").resources().is_empty());
    assert!(read("apiVersion: v1\nkind: List\nitems: null\n").diagnostics().is_empty());
    let m = read(
        "apiVersion: v1\nkind: ConfigMapList\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}\n",
    );
    assert_eq!(m.resources()[0].name.as_deref(), Some("x"));
    assert_eq!(m.resources()[0].location.line, 4);
}

/// A List's own fields: Argo CD reads only its kind and applies its items (argo-cd@37ee009
/// reposerver/repository/repository.go `GenerateManifests`, `EachListItem`); Helm decodes apiVersion, kind,
/// metadata.name and metadata.annotations of every document (`SimpleHead`) and fails on them. Found by the `read`
/// fuzz target: a List whose own annotations were a string lost its items.
#[test]
fn a_list_s_own_head_does_not_stop_its_items() {
    let items = "items:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n";
    let names = |m: &Manifests| -> Vec<String> {
        m.resources().iter().map(|r| r.name.as_deref().unwrap().to_string()).collect()
    };
    let m = read(&format!("apiVersion: v1\nkind: List\nmetadata:\n  annotations: oops\n{items}"));
    assert_eq!(names(&m), ["a", "b"]);
    let found: Vec<_> = m.diagnostics().iter().map(|d| (d.rule.name, d.location.line, d.message.as_str())).collect();
    assert_eq!(
        found,
        [(
            "unreadable-document",
            4,
            "cannot read the head of the List in document 0: metadata.annotations: a string, expected a mapping of \
             string keys to string values; Helm fails on it (`helm template` too), while Argo CD does not read a \
             List's own fields and applies its items"
        )]
    );
    let m = read(&format!("apiVersion: 1\nkind: List\nmetadata: {{name: yes}}\n{items}"));
    assert_eq!(names(&m), ["a", "b"]);
    assert_eq!(rules(&m), ["unreadable-document"]);
    assert_eq!(m.diagnostics()[0].location.line, 1, "the first field in document order");
    // Fields of a List's own head that no engine reads are not reported.
    let m = read(&format!("apiVersion: v1\nkind: List\nmetadata: {{namespace: [x], labels: 1}}\n{items}"));
    assert_eq!(names(&m), ["a", "b"]);
    assert!(m.diagnostics().is_empty(), "{:?}", m.diagnostics());
    // Without a kind Argo CD cannot decode the List ("Object 'Kind' is missing"): the document is unreadable.
    for head in ["apiVersion: v1\nkind: [List]\n", "apiVersion: [v1]\nkind: [List]\n"] {
        let m = read(&format!("{head}{items}"));
        assert!(m.resources().is_empty(), "{head}");
        assert_eq!(rules(&m), ["unreadable-document"], "{head}");
    }
    // An object that is not a List is unreadable as before.
    let m = read("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: oops\n");
    assert!(m.resources().is_empty());
    assert_eq!(rules(&m), ["unreadable-document"]);
}

#[test]
fn json_documents_and_json_lists() {
    let text = r#"{
  "apiVersion": "v1",
  "kind": "List",
  "items": [
    {
      "apiVersion": "batch/v1",
      "kind": "Job",
      "metadata": {
        "name": "migrate",
        "annotations": {
          "argocd.argoproj.io/hook": "PreSync"
        }
      }
    },
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}}
  ]
}"#;
    let m = Manifests::parse("in.json", text);
    assert!(m.diagnostics().is_empty(), "{:?}", m.diagnostics());
    let found: Vec<_> =
        m.resources().iter().map(|r| (r.name.as_deref().unwrap().to_string(), r.location.line)).collect();
    assert_eq!(found, [("migrate".to_string(), 5), ("web".to_string(), 15)]);
    let hook = m.resources()[0].annotation_location("argocd.argoproj.io/hook");
    assert_eq!((hook.line, hook.column), (11, 11));
}

#[test]
fn invalid_utf8_costs_only_its_document() {
    let mut bytes = b"apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: \xff}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: c}\n".to_vec();
    bytes.extend_from_slice(b"");
    let mut m = Manifests::new();
    m.read("bad.yaml", &bytes);
    assert_eq!(m.resources().len(), 2);
    assert_eq!(rules(&m), ["unreadable-document"]);
    assert_eq!(m.diagnostics()[0].location.line, 7);
    assert!(m.diagnostics()[0].message.contains("not valid UTF-8"));
}

#[test]
fn annotations_elsewhere_are_not_annotations() {
    // Values files and specs mention hook keys at other paths (corpus edge cases 5, 6, 7).
    let m = read(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  annotations: |\n    argocd.argoproj.io/hook: Skip\nspec:\n  template:\n    metadata:\n      annotations:\n        argocd.argoproj.io/hook: Skip\n",
    );
    assert!(m.resources()[0].annotations.is_empty());
}

#[test]
fn crd_names_are_read_from_spec() {
    let m = read(
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: workflows.argoproj.io\nspec:\n  group: argoproj.io\n  names:\n    kind: Workflow\n    plural: workflows\n  versions: [{name: v1}]\n",
    );
    assert_eq!(m.resources()[0].defines, Some(("argoproj.io".to_string(), "Workflow".to_string())));
    assert!(m.resources()[0].is_crd());
}

#[test]
fn unusual_keys_are_located_without_panicking() {
    let m = read(
        "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"é\", \"annotations\": {\"\": \"x\", \"ключ\": \"y\", \"ключ2\": \"z\"}}}\n",
    );
    let r = &m.resources()[0];
    assert_eq!(r.annotations.get("ключ2"), Some("z"));
    assert_eq!(r.annotation_location("ключ2").line, 1);
    let m = read("apiVersion: v1\nkind: Pod\nmetadata:\n  name: é\n  annotations:\n    \"\": x\n    ключ: y\n");
    assert_eq!(m.resources()[0].annotation_location("ключ").line, 7);
    assert_eq!(m.resources()[0].annotation_location("ключ").column, 5);
}

#[test]
fn list_items_are_told_apart_when_their_lines_cannot_be_found() {
    // A flow mapping continued at column 0 hides the items' own lines; the item index keeps them apart.
    let m = read(
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name:\nx}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: x}\n",
    );
    let items: Vec<_> = m.resources().iter().map(|r| r.location.item).collect();
    assert_eq!(items, [Some(0), Some(1)]);
    assert_ne!(m.resources()[0].location, m.resources()[1].location);
    // Nested Lists count depth-first.
    let m = read(
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n",
    );
    let found: Vec<_> =
        m.resources().iter().map(|r| (r.name.as_deref().unwrap().to_string(), r.location.item)).collect();
    assert_eq!(found, [("a".to_string(), Some(1)), ("b".to_string(), Some(2)), ("c".to_string(), Some(3))]);
}

/// Go's YAML 1.1 in the fields of `spec` hookplan reads too (kubernetes-sigs/yaml@742f5e6 goyaml.v2/resolve.go):
/// an octal deadline is the number Go reads, `optional: yes` makes a reference optional, and a name that Go reads
/// as a boolean is no name.
#[test]
fn spec_fields_are_read_as_go_reads_them() {
    let m = read(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  ttlSecondsAfterFinished: 010\n  activeDeadlineSeconds: 1_000\n  template:\n    spec:\n      serviceAccountName: yes\n      volumes:\n      - name: a\n        secret: {secretName: kept, optional: yes}\n      - name: b\n        secret: {secretName: used, optional: \"true\"}\n",
    );
    let r = &m.resources()[0];
    assert_eq!(r.ttl_seconds_after_finished, Some(8), "010 is octal in YAML 1.1");
    assert_eq!(r.active_deadline_seconds, Some(1000));
    assert_eq!(r.service_account, None, "`yes` is a boolean, not a name");
    let used: Vec<_> = r.references.iter().map(|x| (x.kind.as_str(), x.name.as_str(), x.location.line)).collect();
    assert_eq!(used, [("Secret", "used", 15)], "optional: yes is optional; a quoted \"true\" is not a boolean");
}

/// Merge keys wherever they stand, in Go's order (kubernetes-sigs/yaml@742f5e6 goyaml.v2/decode.go `mapping` assigns
/// entries in turn and `merge` assigns the merged mapping's entries where the merge key stands): a merge after an
/// own key overrides it, as go-yaml v2 does (v3 would not). A quoted `"<<"` is an ordinary key.
#[test]
fn merge_keys_anywhere_in_go_order() {
    let m = read(
        "base: &base\n  apiVersion: batch/v1\n  kind: Job\n  metadata:\n    name: from-base\n<<: *base\nspec:\n  <<: {ttlSecondsAfterFinished: 5}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: own\n  <<: {name: merged, namespace: ns}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: quoted\n  annotations:\n    \"<<\": {a: b}\n",
    );
    let found: Vec<_> = m.resources().iter().map(|r| (r.kind.as_str(), r.name.as_deref())).collect();
    assert_eq!(found, [("Job", Some("from-base")), ("ConfigMap", Some("merged")), ("ConfigMap", Some("quoted"))]);
    assert_eq!(m.resources()[0].ttl_seconds_after_finished, Some(5));
    assert_eq!(m.resources()[1].namespace.as_deref(), Some("ns"));
    assert_eq!(rules(&m), ["non-string-annotation"], "the quoted key `<<` holds a mapping");
}

/// Keys that are not strings become the strings sigs.k8s.io/yaml makes of them (kubernetes-sigs/yaml@742f5e6
/// yaml.go `convertToJSONableObject`); a null key is an error there and here.
#[test]
fn keys_as_go_makes_strings_of_them() {
    let m = read("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    yes: x\n    010: z\n");
    let labels: Vec<_> = m.resources()[0].labels.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(labels, [("true", "x"), ("8", "z")]);
    let m = read("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    ~: x\n");
    assert_eq!(
        m.diagnostics()[0].message,
        "cannot read document 0: a mapping key is null, which Go's YAML cannot turn into a JSON key"
    );
    assert_eq!((m.diagnostics()[0].location.line, m.diagnostics()[0].location.column), (6, 5));
}

/// The keys and merge values Go refuses are refused wherever they stand, also in the parts hookplan does not keep
/// (a pod template's labels, a CRD's schema): a Helm template whose key renders empty writes `: value`, and Argo CD
/// and Helm refuse the whole document (kubernetes-sigs/yaml@742f5e6 yaml.go `convertToJSONableObject`,
/// goyaml.v2/decode.go `merge`). What Go accepts there is not reported.
#[test]
fn keys_go_refuses_are_refused_in_the_parts_not_kept() {
    let job = |body: &str| {
        format!("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    metadata:\n{body}")
    };
    let refused = [
        (
            "      labels:\n        : migrate\n",
            9,
            9,
            "a mapping key is null, which Go's YAML cannot turn into a JSON key",
        ),
        ("      labels:\n        ~: x\n", 9, 9, "a mapping key is null, which Go's YAML cannot turn into a JSON key"),
        // Go decodes the key before it looks at it: `x` is no null.
        ("      labels:\n        !!null x: y\n", 9, 9, "cannot decode !!str `x` as a !!null"),
        (
            "      labels:\n        !!null ~: y\n",
            9,
            9,
            "a mapping key is null, which Go's YAML cannot turn into a JSON key",
        ),
        (
            "      labels:\n        ? [a]\n        : x\n",
            9,
            11,
            "a mapping key is a sequence, which Go's YAML cannot turn into a JSON key",
        ),
        (
            "      labels: {{a: b}: c}\n",
            8,
            16,
            "a mapping key is a mapping, which Go's YAML cannot turn into a JSON key",
        ),
        (
            "      labels:\n        <<: 1\n",
            9,
            13,
            "Go's YAML wants a mapping or a sequence of mappings after the merge key `<<` (\"map merge requires map or sequence of maps as the value\")",
        ),
        (
            "      labels:\n        <<: [{a: b}, c]\n",
            9,
            22,
            "Go's YAML wants a mapping or a sequence of mappings after the merge key `<<` (\"map merge requires map or sequence of maps as the value\")",
        ),
        (
            "      labels:\n        <<: [[a]]\n",
            9,
            14,
            "Go's YAML wants a mapping or a sequence of mappings after the merge key `<<` (\"map merge requires map or sequence of maps as the value\")",
        ),
        (
            "      a: &n ~\n      labels:\n        *n : x\n",
            10,
            9,
            "a mapping key is null, which Go's YAML cannot turn into a JSON key",
        ),
        (
            "      a: &s x\n      labels:\n        <<: *s\n",
            10,
            13,
            "Go's YAML wants a mapping or a sequence of mappings after the merge key `<<` (\"map merge requires map or sequence of maps as the value\")",
        ),
    ];
    for (body, line, column, message) in refused {
        let m = read(&job(body));
        assert!(m.resources().is_empty(), "{body}");
        let found: Vec<_> = m
            .diagnostics()
            .iter()
            .map(|d| (d.rule.name, d.location.line, d.location.column, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [("unreadable-document", line, column, format!("cannot read document 0: {message}").as_str())],
            "{body}"
        );
    }
    let accepted = [
        "      labels:\n        \"\": quoted\n        '~': quoted\n        !!str null: tagged\n        a: ~\n        b: \"<<\"\n",
        "      labels:\n        yes: 1\n        010: 2\n        1.5: 3\n",
        "      labels:\n        <<: {a: b}\n        c: d\n",
        "      labels:\n        <<: [{a: b}, {c: d}]\n",
        "      a: &m {x: y}\n      labels:\n        <<: *m\n        <<: [*m]\n",
        "      a: &k key\n      labels:\n        *k : v\n      items: [~, {}, [], <<]\n",
    ];
    for body in accepted {
        let m = read(&job(body));
        assert_eq!(m.resources().len(), 1, "{body}: {:?}", m.diagnostics());
        assert!(m.diagnostics().iter().all(|d| d.rule.name != "unreadable-document"), "{body}: {:?}", m.diagnostics());
    }
}

/// Go's YAML (libyaml's scanner) ignores indentation inside a flow collection; a YAML 1.2 parser refuses a closing
/// bracket at column 0 below an indented key. Helm renders such charts (two corpus files) and Argo CD reads them.
#[test]
fn flow_collections_ignore_indentation_as_go_does() {
    let m = read(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations: {\n\"x\": \"y\",\n  example.com/z: \"it's\"\n}\n  labels: {a: b}\n",
    );
    assert!(m.diagnostics().is_empty(), "{:?}", m.diagnostics());
    let r = &m.resources()[0];
    assert_eq!(r.annotations.get("x"), Some("y"));
    assert_eq!(r.annotations.get("example.com/z"), Some("it's"));
    assert_eq!((r.annotation_location("x").line, r.annotation_location("x").column), (6, 1));
    assert_eq!(r.labels.get("a").map(String::as_str), Some("b"));
}

/// `helm template` names each document's template in a `# Source:` comment (helm pkg/action/action.go
/// `renderResources`): every location in the document carries it; a comment after the content does not count.
#[test]
fn helm_source_comments_name_the_template() {
    let m = read(
        "---\n# Source: shop/templates/job.yaml\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: seed\n  annotations:\n    argocd.argoproj.io/hook: Presync\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n# Source: not/this.yaml\n",
    );
    let job = &m.resources()[0];
    assert_eq!(job.location.template.as_deref(), Some("shop/templates/job.yaml"));
    assert_eq!(job.annotation_location("argocd.argoproj.io/hook").template.as_deref(), Some("shop/templates/job.yaml"));
    assert_eq!(m.resources()[1].location.template, None);
    let lint = hookplan::check::lint(&m, None);
    assert_eq!(lint[0].location.template.as_deref(), Some("shop/templates/job.yaml"));
    let json = serde_json::to_value(&lint[0]).unwrap();
    assert_eq!(json["source"]["template"], "shop/templates/job.yaml");
    assert!(serde_json::to_value(&m.resources()[1].location).unwrap().get("template").is_none());
}
