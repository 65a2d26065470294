//! Validation: every rule fires on its case and stays quiet on a near miss; exact messages; the corpus.

use std::fmt::Write;

use hookplan::{Diagnostic, Manifests, Severity, check};

const HOOK: &str = "argocd.argoproj.io/hook";

/// Lints one Pod named `p` (or `metadata` as given) with the given annotations.
fn lint_pod(annotations: &[(&str, &str)]) -> Vec<Diagnostic> {
    let mut text = String::from("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n");
    for (key, value) in annotations {
        let _ = writeln!(text, "    {key}: {value:?}");
    }
    check::lint(&Manifests::parse("t.yaml", &text), None)
}

fn lint_text(text: &str) -> Vec<Diagnostic> {
    check::lint(&Manifests::parse("t.yaml", text), None)
}

fn rules_of(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    diagnostics.iter().map(|d| d.rule.name).collect()
}

#[track_caller]
fn fires(diagnostics: &[Diagnostic], rule: &str) -> Diagnostic {
    diagnostics
        .iter()
        .find(|d| d.rule.name == rule)
        .cloned()
        .unwrap_or_else(|| panic!("{rule} did not fire: {diagnostics:#?}"))
}

#[track_caller]
fn quiet(diagnostics: &[Diagnostic], rule: &str) {
    assert!(!rules_of(diagnostics).contains(&rule), "{rule} fired: {diagnostics:#?}");
}

#[test]
fn unknown_hook_type() {
    let d = fires(&lint_pod(&[(HOOK, "presync")]), "unknown-hook-type");
    assert_eq!(
        d.message,
        "`presync` is not an Argo CD hook type (matching is case-sensitive): no usable hook type is left, so Argo CD \
         drops the object: it is never applied"
    );
    assert_eq!(d.help.as_deref(), Some("did you mean `PreSync`?"));
    assert_eq!((d.location.line, d.location.column), (6, 5));
    let d = fires(&lint_pod(&[(HOOK, "")]), "unknown-hook-type");
    assert!(d.message.starts_with("`argocd.argoproj.io/hook` is empty: "), "{}", d.message);
    let d = fires(&lint_pod(&[(HOOK, "PreSync,Postsync")]), "unknown-hook-type");
    assert!(d.message.ends_with("the object still runs in PreSync"), "{}", d.message);
    let d = fires(&lint_pod(&[(HOOK, "Garbage")]), "unknown-hook-type");
    assert!(d.help.unwrap().starts_with("valid hook types: PreSync, Sync"));
    quiet(&lint_pod(&[(HOOK, "PreSync, PostSync")]), "unknown-hook-type");
    quiet(&lint_pod(&[(HOOK, "PreDelete")]), "unknown-hook-type");
}

#[test]
fn invalid_sync_wave() {
    const WAVE: &str = "argocd.argoproj.io/sync-wave";
    let d = fires(&lint_pod(&[(WAVE, " 1")]), "invalid-sync-wave");
    assert_eq!(
        d.message,
        "sync wave \" 1\" has white space around it, which Go's Atoi does not trim: Argo CD uses wave 0"
    );
    assert_eq!(d.help.as_deref(), Some("write `argocd.argoproj.io/sync-wave: \"1\"`"));
    let d = fires(&lint_pod(&[(WAVE, "1.5"), ("helm.sh/hook-weight", "4")]), "invalid-sync-wave");
    assert!(
        d.message.ends_with("is not a whole number: Argo CD uses wave 4 from `helm.sh/hook-weight`"),
        "{}",
        d.message
    );
    for bad in ["0x10", "1_000", "99999999999999999999", ""] {
        fires(&lint_pod(&[(WAVE, bad)]), "invalid-sync-wave");
    }
    quiet(&lint_pod(&[(WAVE, "-3")]), "invalid-sync-wave");
    quiet(&lint_pod(&[(WAVE, "+1")]), "invalid-sync-wave");
}

#[test]
fn unknown_delete_policy() {
    const DP: &str = "argocd.argoproj.io/hook-delete-policy";
    const HDP: &str = "helm.sh/hook-delete-policy";
    let d = fires(&lint_pod(&[(HOOK, "PreSync"), (DP, "HookSucceed")]), "unknown-delete-policy");
    assert_eq!(
        d.message,
        "`HookSucceed` is not an Argo CD delete policy: Argo CD drops it; the effective policies are [BeforeHookCreation]"
    );
    assert_eq!(d.help.as_deref(), Some("did you mean `HookSucceeded`?"));
    let d = fires(&lint_pod(&[(HOOK, "PreSync"), (DP, "hook-succeeded")]), "unknown-delete-policy");
    assert_eq!(d.help.as_deref(), Some("did you mean `HookSucceeded`?"), "Helm spelling in the Argo CD key");
    let d = fires(&lint_pod(&[("helm.sh/hook", "pre-install"), (HDP, "Hook-Succeeded")]), "unknown-delete-policy");
    assert!(d.message.starts_with("Helm reads `Hook-Succeeded` as `hook-succeeded`, but Argo CD"), "{}", d.message);
    let d = fires(&lint_pod(&[("helm.sh/hook", "pre-install"), (HDP, "never")]), "unknown-delete-policy");
    assert!(d.message.contains("Helm never deletes this hook"), "{}", d.message);
    quiet(&lint_pod(&[(HOOK, "PreSync"), (DP, "HookSucceeded, HookFailed")]), "unknown-delete-policy");
    quiet(
        &lint_pod(&[("helm.sh/hook", "pre-install"), (HDP, "before-hook-creation,hook-succeeded,")]),
        "unknown-delete-policy",
    );
}

#[test]
fn unknown_sync_option() {
    const SO: &str = "argocd.argoproj.io/sync-options";
    let d = fires(&lint_pod(&[(SO, "Prune=False")]), "unknown-sync-option");
    assert_eq!(d.help.as_deref(), Some("did you mean `Prune=false`?"));
    assert_eq!(
        fires(&lint_pod(&[(SO, "Prune = false")]), "unknown-sync-option").help.as_deref(),
        Some("did you mean `Prune=false`?")
    );
    assert_eq!(
        fires(&lint_pod(&[(SO, "PruneLast=yes")]), "unknown-sync-option").help.as_deref(),
        Some("recognised values: PruneLast=true")
    );
    let d = fires(&lint_pod(&[(SO, "CreateNamespace=true")]), "unknown-sync-option");
    assert!(d.message.contains("Application-level"), "{}", d.message);
    quiet(
        &lint_pod(&[(SO, "ServerSideApply=true, Validate=false, SkipDryRunOnMissingResource=true")]),
        "unknown-sync-option",
    );
}

#[test]
fn skip_with_other_types() {
    fires(&lint_pod(&[(HOOK, "Skip,PreSync")]), "skip-with-other-types");
    quiet(&lint_pod(&[(HOOK, "Skip")]), "skip-with-other-types");
}

#[test]
fn helm_hook_ignored() {
    let d = fires(&lint_pod(&[(HOOK, "Sync"), ("helm.sh/hook", "pre-install")]), "helm-hook-ignored");
    assert_eq!(d.location.line, 7);
    quiet(&lint_pod(&[(HOOK, "Presync"), ("helm.sh/hook", "pre-install")]), "helm-hook-ignored");
    quiet(&lint_pod(&[("helm.sh/hook", "pre-install")]), "helm-hook-ignored");
}

#[test]
fn helm_delete_policy_merged() {
    let d = fires(
        &lint_pod(&[(HOOK, "PreSync"), ("helm.sh/hook-delete-policy", "hook-succeeded")]),
        "helm-delete-policy-merged",
    );
    assert!(d.message.ends_with("[HookSucceeded]"), "{}", d.message);
    quiet(
        &lint_pod(&[("helm.sh/hook", "pre-install"), ("helm.sh/hook-delete-policy", "hook-succeeded")]),
        "helm-delete-policy-merged",
    );
}

#[test]
fn unsupported_helm_hook() {
    let d = fires(&lint_pod(&[("helm.sh/hook", "pre-rollback")]), "unsupported-helm-hook");
    assert_eq!(d.severity, Severity::Error);
    let d = fires(&lint_pod(&[("helm.sh/hook", "test")]), "unsupported-helm-hook");
    assert_eq!(d.severity, Severity::Note, "a skipped chart test is worth a note, not an error");
    quiet(&lint_pod(&[("helm.sh/hook", "test,pre-install")]), "unsupported-helm-hook");
    quiet(&lint_pod(&[("helm.sh/hook", "pre-delete")]), "unsupported-helm-hook");
}

#[test]
fn unknown_helm_hook() {
    let d = fires(&lint_pod(&[("helm.sh/hook", "crd-install")]), "unknown-helm-hook");
    assert_eq!(
        d.message,
        "`helm.sh/hook` holds Helm 2's `crd-install`, which Helm 3 removed: Helm drops the whole object (neither a hook nor a manifest)"
    );
    fires(&lint_pod(&[("helm.sh/hook", "pre-install,")]), "unknown-helm-hook");
    fires(&lint_pod(&[("helm.sh/hook", "test-failure")]), "unknown-helm-hook");
    assert_eq!(
        fires(&lint_pod(&[("helm.sh/hook", "pre_install")]), "unknown-helm-hook").help.as_deref(),
        Some("did you mean `pre-install`?")
    );
    quiet(&lint_pod(&[("helm.sh/hook", " Pre-Install ,POST-UPGRADE")]), "unknown-helm-hook");
}

#[test]
fn invalid_hook_weight() {
    fires(&lint_pod(&[("helm.sh/hook", "pre-install"), ("helm.sh/hook-weight", "1.5")]), "invalid-hook-weight");
    quiet(&lint_pod(&[("helm.sh/hook", "pre-install"), ("helm.sh/hook-weight", "-5")]), "invalid-hook-weight");
}

#[test]
fn delete_policy_without_hook() {
    fires(&lint_pod(&[("argocd.argoproj.io/hook-delete-policy", "HookSucceeded")]), "delete-policy-without-hook");
    let d = fires(
        &lint_pod(&[(HOOK, "Skip"), ("helm.sh/hook-delete-policy", "hook-succeeded")]),
        "delete-policy-without-hook",
    );
    assert!(d.message.ends_with("(a Skip object is not a hook)"));
    quiet(
        &lint_pod(&[(HOOK, "PreSync"), ("argocd.argoproj.io/hook-delete-policy", "HookSucceeded")]),
        "delete-policy-without-hook",
    );
}

#[test]
fn named_hook_can_wedge() {
    let d = fires(
        &lint_pod(&[(HOOK, "PreSync"), ("argocd.argoproj.io/hook-delete-policy", "HookSucceeded")]),
        "named-hook-can-wedge",
    );
    assert!(d.message.contains("a completed Pod is not run again"), "{}", d.message);
    quiet(&lint_pod(&[(HOOK, "PreSync")]), "named-hook-can-wedge");
    quiet(
        &lint_pod(&[(HOOK, "PreSync"), ("argocd.argoproj.io/hook-delete-policy", "BeforeHookCreation,HookSucceeded")]),
        "named-hook-can-wedge",
    );
    quiet(
        &lint_text(
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: j-\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook-delete-policy: HookSucceeded\n",
        ),
        "named-hook-can-wedge",
    );
}

#[test]
fn generate_name_on_resource_and_missing_name() {
    let plain = lint_text("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  generateName: web-\n");
    fires(&plain, "generate-name-on-resource");
    quiet(&plain, "missing-name");
    let hook = lint_text(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: j-\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n",
    );
    quiet(&hook, "generate-name-on-resource");
    quiet(&hook, "missing-name");
    let unnamed = lint_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n");
    assert_eq!(
        fires(&unnamed, "missing-name").message,
        "ConfigMap has neither metadata.name nor metadata.generateName: the API server rejects it"
    );
}

#[test]
fn duplicate_resource() {
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n";
    let d = fires(&lint_text(&format!("{cm}---\n{cm}")), "duplicate-resource");
    assert_eq!(d.message, "ConfigMap `a` is defined twice; the other is at t.yaml:1:1");
    assert_eq!(d.location.line, 6);
    quiet(&lint_text(&format!("{cm}  namespace: x\n---\n{cm}  namespace: y\n")), "duplicate-resource");
    let defaulted = format!("{cm}---\n{cm}  namespace: dest\n");
    quiet(&lint_text(&defaulted), "duplicate-resource");
    fires(&check::lint(&Manifests::parse("t.yaml", &defaulted), Some("dest")), "duplicate-resource");
    let role = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\n";
    fires(&lint_text(&format!("{role}  namespace: x\n---\n{role}")), "duplicate-resource");
    // Objects that share a name but not an identity: each copy is matched with its own earlier twin.
    let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\n";
    let four = lint_text(&format!("{cm}---\n{secret}---\n{cm}---\n{secret}"));
    let messages: Vec<_> = four
        .iter()
        .filter(|d| d.rule.name == "duplicate-resource")
        .map(|d| (d.location.line, d.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (11, "ConfigMap `a` is defined twice; the other is at t.yaml:1:1"),
            (16, "Secret `a` is defined twice; the other is at t.yaml:6:1"),
        ]
    );
}

#[test]
fn generate_name_collision() {
    let job = |hook: &str| {
        format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: m-\n  annotations:\n    argocd.argoproj.io/hook: {hook}\n"
        )
    };
    fires(&lint_text(&format!("{}---\n{}", job("PreSync"), job("PreSync,PostSync"))), "generate-name-collision");
    quiet(&lint_text(&format!("{}---\n{}", job("PreSync"), job("PostSync"))), "generate-name-collision");
}

#[test]
fn annotation_in_labels() {
    let d = fires(
        &lint_text(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    argocd.argoproj.io/hook: PreSync\n",
        ),
        "annotation-in-labels",
    );
    assert_eq!((d.location.line, d.location.column), (6, 5));
    quiet(
        &lint_text(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    argocd.argoproj.io/hook-type: PreDelete\n",
        ),
        "annotation-in-labels",
    );
}

#[test]
fn keep_policy_still_pruned() {
    fires(&lint_pod(&[("helm.sh/resource-policy", "keep")]), "keep-policy-still-pruned");
    quiet(
        &lint_pod(&[("helm.sh/resource-policy", "keep"), ("argocd.argoproj.io/sync-options", "Prune=false")]),
        "keep-policy-still-pruned",
    );
}

#[test]
fn delete_hooks() {
    let pre = lint_pod(&[(HOOK, "PreDelete")]);
    assert_eq!(
        fires(&pre, "delete-hook-not-synced").message,
        "PreDelete hook: it runs only when the Application is deleted, never during a sync"
    );
    quiet(&pre, "post-delete-hook-kept");
    let both = lint_pod(&[(HOOK, "PostSync,PostDelete")]);
    assert!(fires(&both, "delete-hook-not-synced").message.contains("it runs in PostSync during syncs"));
    fires(&both, "post-delete-hook-kept");
    quiet(
        &lint_pod(&[(HOOK, "PostDelete"), ("argocd.argoproj.io/hook-delete-policy", "HookSucceeded")]),
        "post-delete-hook-kept",
    );
    quiet(&lint_pod(&[(HOOK, "PreSync")]), "delete-hook-not-synced");
}

#[test]
fn helm_keep_policy_value() {
    let d = fires(&lint_pod(&[("helm.sh/resource-policy", "Keep")]), "helm-keep-policy-value");
    assert!(d.message.contains("Helm's uninstall keeps the object, but Helm's upgrade prune deletes it, and on Application deletion Argo CD deletes it"), "{}", d.message);
    let d = fires(&lint_pod(&[("helm.sh/resource-policy", "retain")]), "helm-keep-policy-value");
    assert!(d.message.contains("silently neither deletes nor reports"), "{}", d.message);
    quiet(&lint_pod(&[("helm.sh/resource-policy", "keep")]), "helm-keep-policy-value");
}

#[test]
fn annotation_in_list_item() {
    let list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n    annotations:\n      helm.sh/hook: pre-install\n      argocd.argoproj.io/hook: PreSync\n";
    let d = fires(&lint_text(list), "annotation-in-list-item");
    assert_eq!(d.location.line, 9);
    assert_eq!(rules_of(&lint_text(list)).iter().filter(|r| **r == "annotation-in-list-item").count(), 1);
    quiet(&lint_pod(&[("helm.sh/hook", "pre-install")]), "annotation-in-list-item");
}

#[test]
fn hook_weight_is_sync_wave() {
    let d = fires(&lint_pod(&[("helm.sh/hook-weight", "5")]), "hook-weight-is-sync-wave");
    assert!(d.message.starts_with("Argo CD syncs this object in wave 5"));
    quiet(
        &lint_pod(&[("helm.sh/hook-weight", "5"), ("argocd.argoproj.io/sync-wave", "1")]),
        "hook-weight-is-sync-wave",
    );
    quiet(&lint_pod(&[("helm.sh/hook-weight", "0")]), "hook-weight-is-sync-wave");
}

#[test]
fn validation_collects_everything_in_source_order() {
    let diagnostics = lint_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  annotations:\n    argocd.argoproj.io/hook: presync\n    argocd.argoproj.io/sync-wave: x\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    helm.sh/hook: crd-install\n",
    );
    let found: Vec<(usize, &str)> = diagnostics.iter().map(|d| (d.location.line, d.rule.name)).collect();
    assert_eq!(
        found,
        [(6, "unknown-hook-type"), (7, "invalid-sync-wave"), (9, "missing-name"), (13, "unknown-helm-hook")]
    );
}

#[test]
fn every_rule_is_exercised_by_these_tests() {
    let source = include_str!("lint.rs");
    for rule in hookplan::rules::ALL {
        assert!(
            source.contains(&format!("\"{}\"", rule.name))
                || include_str!("source.rs").contains(&format!("\"{}\"", rule.name))
                || include_str!("wedge.rs").contains(&format!("\"{}\"", rule.name))
                || include_str!("streams.rs").contains(&format!("\"{}\"", rule.name))
                || include_str!("config.rs").contains(&format!("\"{}\"", rule.name)),
            "no test names {}",
            rule.name
        );
    }
}

/// The rule catalogue (`docs/rules.md`), generated from `rules::ALL`.
fn catalogue_markdown() -> String {
    let mut out = String::from("| code | rule | default | what it catches | fix |\n|---|---|---|---|---|\n");
    for rule in hookplan::rules::ALL {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} |",
            rule.code,
            rule.name,
            rule.severity,
            rule.summary.replace('|', "\\|"),
            rule.fix.replace('|', "\\|")
        );
    }
    // A section a rule, whose heading is the anchor SARIF help links point at (`docs/rules.md#<rule-name>`).
    for rule in hookplan::rules::ALL {
        let _ = write!(
            out,
            "\n### {}\n\n{}, {} by default: {}\n\n{}\n\n**Fix:** {}\n",
            rule.name, rule.code, rule.severity, rule.summary, rule.explanation, rule.fix
        );
    }
    out
}

#[test]
fn rule_catalogue_is_generated_from_the_library() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/rules.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let (begin, end) = ("<!-- rules:begin -->\n", "<!-- rules:end -->");
    let start = readme.find(begin).expect("docs/rules.md has the rules:begin marker") + begin.len();
    let stop = readme.find(end).expect("docs/rules.md has the rules:end marker");
    let generated = catalogue_markdown();
    if std::env::var_os("HOOKPLAN_BLESS").is_some() {
        std::fs::write(path, format!("{}{generated}{}", &readme[..start], &readme[stop..])).unwrap();
        return;
    }
    assert_eq!(
        &readme[start..stop],
        generated,
        "run `HOOKPLAN_BLESS=1 cargo test --workspace --all-features` to regenerate"
    );
}

#[test]
fn helm_hook_deleted_before_use() {
    let sa = |events: &str, policy: &str| {
        format!(
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: migrator\n  namespace: shop\n  annotations:\n    helm.sh/hook: {events}\n    helm.sh/hook-delete-policy: {policy}\n"
        )
    };
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: seed\n  namespace: shop\n  annotations:\n    helm.sh/hook: post-install\nspec:\n  template:\n    spec:\n      serviceAccountName: migrator\n";
    let d = fires(
        &lint_text(&format!("{}---\n{job}", sa("pre-install", "hook-succeeded"))),
        "helm-hook-deleted-before-use",
    );
    assert_eq!(
        d.message,
        "ServiceAccount `migrator` is a pre-install hook with hook-succeeded, and post-install hook Job `seed` runs as it: \
         Helm deletes the ServiceAccount when the pre-install hooks succeed, so `seed` fails under Helm; Argo CD keeps it \
         until the whole sync succeeded, so it works there"
    );
    assert_eq!(d.location.line, 8);
    // Near misses: the ServiceAccount is also a post-install hook, or Helm does not delete it on success.
    quiet(
        &lint_text(&format!("{}---\n{job}", sa("pre-install,post-install", "before-hook-creation,hook-succeeded"))),
        "helm-hook-deleted-before-use",
    );
    quiet(
        &lint_text(&format!("{}---\n{job}", sa("pre-install", "before-hook-creation"))),
        "helm-hook-deleted-before-use",
    );
}

#[test]
fn upgrade_hook_runs_on_install() {
    let d = fires(&lint_pod(&[("helm.sh/hook", "pre-upgrade")]), "upgrade-hook-runs-on-install");
    assert_eq!(d.severity, Severity::Note);
    assert!(d.message.contains("Argo CD in PreSync of every sync"), "{}", d.message);
    quiet(&lint_pod(&[("helm.sh/hook", "pre-install,pre-upgrade")]), "upgrade-hook-runs-on-install");
    quiet(&lint_pod(&[("helm.sh/hook", "pre-upgrade"), (HOOK, "PreSync")]), "upgrade-hook-runs-on-install");
}
