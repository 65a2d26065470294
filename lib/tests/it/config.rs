//! Rule configuration and suppressions: `.hookplan.yaml`, clippy-style settings, and the
//! `ignore-check.hookplan.io/<rule>` annotation.

use hookplan::config::{LintConfig, Suppression};
use hookplan::{Manifests, Severity, check, rules};

/// Two hook Jobs without a deadline; the first silences `hook-without-deadline` with `annotation` (key suffix and
/// value), the second does not.
fn two_jobs(suffix: &str, reason: &str) -> Manifests {
    let job = |name: &str, extra: &str| {
        format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\n  annotations:\n    argocd.argoproj.io/hook: \
             PreSync\n    argocd.argoproj.io/hook-delete-policy: BeforeHookCreation\n{extra}"
        )
    };
    let first = job("seed", &format!("    ignore-check.hookplan.io/{suffix}: {reason:?}\n"));
    Manifests::parse("jobs.yaml", &format!("{first}---\n{}", job("smoke", "")))
}

fn reporting(findings: &hookplan::config::Findings) -> Vec<(&'static str, &str)> {
    findings
        .diagnostics
        .iter()
        .map(|d| (d.rule.name, d.resource.as_ref().and_then(|r| r.name.as_deref()).unwrap_or("-")))
        .collect()
}

#[test]
fn an_annotation_silences_its_rule_on_its_object_only() {
    let manifests = two_jobs("hook-without-deadline", "seeds 40 GB; the script has its own timeout");
    let findings = LintConfig::new().apply(&manifests, check::lint(&manifests, None));
    assert_eq!(reporting(&findings), [("hook-without-deadline", "smoke")]);
    assert_eq!(findings.suppressed.len(), 1);
    let suppressed = &findings.suppressed[0];
    assert_eq!(suppressed.diagnostic.rule.name, "hook-without-deadline");
    let Suppression::Annotation { reason, location } = &suppressed.suppression else { panic!("{suppressed:?}") };
    assert_eq!(reason, "seeds 40 GB; the script has its own timeout");
    assert_eq!((location.line, location.column), (8, 5), "the annotation's own line");
    // By code too.
    let manifests = two_jobs("HP0029", "a reason");
    let findings = LintConfig::new().apply(&manifests, check::lint(&manifests, None));
    assert_eq!(reporting(&findings), [("hook-without-deadline", "smoke")]);
}

#[test]
fn an_unknown_rule_or_an_empty_reason_is_a_warning() {
    let manifests = two_jobs("hook-without-deadlin", "typo");
    let findings = LintConfig::new().apply(&manifests, check::lint(&manifests, None));
    assert!(findings.suppressed.is_empty(), "a misspelt rule silences nothing");
    let invalid = findings.diagnostics.iter().find(|d| d.rule.name == "invalid-ignore-check").expect("a warning");
    assert_eq!(
        invalid.message,
        "`ignore-check.hookplan.io/hook-without-deadlin` names no hookplan rule, so it silences nothing"
    );
    assert_eq!(
        invalid.help.as_deref(),
        Some(
            "no rule named `hook-without-deadlin` (did you mean `hook-without-deadline`?); `hookplan explain --list` lists them"
        )
    );
    assert_eq!((invalid.severity, invalid.location.line), (Severity::Warning, 8));
    // An empty reason still silences, and says so.
    let manifests = two_jobs("hook-without-deadline", " ");
    let findings = LintConfig::new().apply(&manifests, check::lint(&manifests, None));
    assert_eq!(findings.suppressed.len(), 1);
    assert_eq!(reporting(&findings), [("hook-without-deadline", "smoke"), ("invalid-ignore-check", "seed")]);
    assert_eq!(
        findings.diagnostics[1].message,
        "`ignore-check.hookplan.io/hook-without-deadline` gives no reason for silencing `hook-without-deadline`"
    );
}

#[test]
fn list_items_are_objects_of_their_own() {
    let list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: batch/v1\n  kind: Job\n  metadata:\n    name: a\n    annotations:\n      argocd.argoproj.io/hook: PreSync\n      argocd.argoproj.io/hook-delete-policy: BeforeHookCreation\n      ignore-check.hookplan.io/hook-without-deadline: ok\n- apiVersion: batch/v1\n  kind: Job\n  metadata:\n    name: b\n    annotations:\n      argocd.argoproj.io/hook: PreSync\n      argocd.argoproj.io/hook-delete-policy: BeforeHookCreation\n";
    let manifests = Manifests::parse("list.yaml", list);
    let findings = LintConfig::new().apply(&manifests, check::lint(&manifests, None));
    let deadline: Vec<_> =
        reporting(&findings).into_iter().filter(|(rule, _)| *rule == "hook-without-deadline").collect();
    assert_eq!(deadline, [("hook-without-deadline", "b")]);
}

#[test]
fn settings_disable_and_relevel_the_last_one_winning() {
    let manifests = two_jobs("unrelated-key", "x");
    let lint = || check::lint(&manifests, None);
    let mut config = LintConfig::new();
    config.disable("hook-without-deadline").unwrap().disable("invalid-ignore-check").unwrap();
    let findings = config.apply(&manifests, lint());
    assert!(findings.diagnostics.is_empty(), "{:?}", findings.diagnostics);
    assert!(findings.suppressed.iter().all(|s| s.suppression == Suppression::Disabled));
    assert_eq!(findings.suppressed.len(), 3);
    // As clippy's -A then -D: the rule reports again, as an error.
    config.severity("HP0029", Severity::Error).unwrap();
    let findings = config.apply(&manifests, lint());
    assert_eq!(
        findings.diagnostics.iter().map(|d| (d.rule.name, d.severity)).collect::<Vec<_>>(),
        [("hook-without-deadline", Severity::Error), ("hook-without-deadline", Severity::Error)]
    );
}

#[test]
fn a_config_file_is_read_with_its_errors_located() {
    let config = LintConfig::parse(
        ".hookplan.yaml",
        "# team defaults\nrules:\n  disable: [self-heal-reruns-hooks]\n  severity:\n    HP0029: error\npaths:\n  exclude: ['charts/**']\n",
    )
    .unwrap();
    assert_eq!(config.setting(&rules::SELF_HEAL_RERUNS_HOOKS), Some(None));
    assert_eq!(config.setting(&rules::HOOK_WITHOUT_DEADLINE), Some(Some(Severity::Error)));
    assert_eq!(config.setting(&rules::UNKNOWN_HOOK_TYPE), None);
    assert_eq!(config.exclude(), ["charts/**"]);
    let error = |text: &str| LintConfig::parse("ci/hookplan.yaml", text).unwrap_err().to_string();
    assert_eq!(
        error("rules:\n  disabled: [x]\n"),
        "ci/hookplan.yaml:2:3: unknown key `disabled` in `rules` (expected `disable` or `severity`)"
    );
    assert_eq!(
        error("rule: {}\n"),
        "ci/hookplan.yaml:1:1: unknown key `rule` in the file (expected `rules` or `paths`)"
    );
    assert_eq!(
        error("rules:\n  severity:\n    unknown-hook-type: fatal\n"),
        "ci/hookplan.yaml:3:24: `fatal` is not a severity (expected `error`, `warning` or `note`)"
    );
    assert_eq!(
        error("rules:\n  disable:\n    - unreadable-document\n"),
        "ci/hookplan.yaml:3:7: `unreadable-document` cannot be disabled or lowered: it reports a document that was \
         not read at all"
    );
    assert_eq!(
        error("rules:\n  disable: [a, [b]]\n"),
        "ci/hookplan.yaml:2:16: an entry of `rules.disable` must be a string, not a sequence"
    );
    assert_eq!(
        error("rules: {disable: [a}\n"),
        "ci/hookplan.yaml:1:20: while parsing a flow sequence, expected ',' or ']'"
    );
    assert_eq!(
        error("rules: {}\n---\npaths: {}\n"),
        "ci/hookplan.yaml:3:1: holds more than one YAML document; give one mapping"
    );
    assert_eq!(LintConfig::parse("empty.yaml", "").unwrap(), LintConfig::new());
}

#[test]
fn the_reading_rules_cannot_be_configured_away() {
    let manifests = Manifests::parse("bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: [\n---\n- a list\n");
    let mut config = LintConfig::new();
    assert!(config.disable("not-an-object").is_err());
    assert!(config.severity("HP0100", Severity::Note).is_err());
    config.disable("HP0102").unwrap();
    let findings = config.apply(&manifests, check::lint(&manifests, None));
    assert_eq!(
        findings.diagnostics.iter().map(|d| d.rule.name).collect::<Vec<_>>(),
        ["unreadable-document", "not-an-object"]
    );
}

#[test]
fn no_corpus_object_carries_a_suppression() {
    // Precision: on real charts the suppression pass finds nothing to report and changes nothing.
    let Some(dir) = crate::support::corpus() else { return };
    for path in crate::support::corpus_files(&dir) {
        let text = std::fs::read(&path).unwrap();
        let mut manifests = Manifests::new();
        manifests.read(&path.display().to_string(), &text);
        let diagnostics = check::lint(&manifests, None);
        let findings = LintConfig::new().apply(&manifests, diagnostics.clone());
        assert_eq!(findings.diagnostics, diagnostics, "{}", path.display());
        assert!(findings.suppressed.is_empty());
    }
}

/// Every object silencing a rule that fires on it: each finding is suppressed by its own object's annotation,
/// none is left and none is lost. (One lookup a diagnostic, not a scan of the suppressions: the growth from n to
/// 4n is measured by the criterion bench `lib/benches/hostile.rs`, group `suppressions`.)
#[test]
fn every_object_silences_its_own_finding() {
    let n = 2_000;
    let job = |i: usize| {
        format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j{i}\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook-delete-policy: BeforeHookCreation\n    ignore-check.hookplan.io/hook-without-deadline: known\n"
        )
    };
    let manifests = Manifests::parse("jobs.yaml", &(0..n).map(job).collect::<Vec<_>>().join("---\n"));
    let diagnostics = check::lint(&manifests, None);
    assert_eq!(diagnostics.len(), n);
    let findings = LintConfig::new().apply(&manifests, diagnostics);
    assert!(findings.diagnostics.is_empty(), "{:?}", findings.diagnostics.first());
    assert_eq!(findings.suppressed.len(), n);
    for (i, s) in findings.suppressed.iter().enumerate() {
        assert_eq!(s.diagnostic.rule.name, "hook-without-deadline");
        // Document i starts at line 1 + 9i; its annotation is its eighth line.
        match &s.suppression {
            hookplan::config::Suppression::Annotation { reason, location } => {
                assert_eq!((reason.as_str(), location.line), ("known", 9 * i + 8), "finding {i}");
            }
            other => panic!("finding {i} silenced by {other:?}"),
        }
    }
}
