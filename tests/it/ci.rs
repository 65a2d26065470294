//! The CLI as a CI step runs it: the rule configuration file and flags, suppressions, colour, `--quiet`, and the
//! exit statuses of `lint`, `plan` and `simulate`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh directory holding `files` (path, content), with a `.git` so that the configuration search stops there.
fn repo(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hookplan-ci-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    for (path, content) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hookplan"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// A PreSync Job without a deadline (`hook-without-deadline`, a note) and with a fixed name and no
/// BeforeHookCreation (`named-hook-can-wedge`, a warning).
const JOB: &str = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: seed\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook-delete-policy: HookSucceeded\n";

/// The same with a typo in the hook type: an error.
const TYPO: &str =
    "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: seed\n  annotations:\n    argocd.argoproj.io/hook: Presync\n";

#[test]
fn the_config_file_is_found_upward_and_applied() {
    let dir = repo(
        "found",
        &[
            (
                ".hookplan.yaml",
                "rules:\n  disable: [hook-without-deadline]\n  severity: {named-hook-can-wedge: error}\n",
            ),
            ("deploy/job.yaml", JOB),
        ],
    );
    let out = run(&dir.join("deploy"), &["lint", "job.yaml"]);
    assert_eq!(out.status.code(), Some(1), "the warning is an error now: {}", stdout(&out));
    let text = stdout(&out);
    assert!(text.starts_with("error[named-hook-can-wedge]:"), "{text}");
    assert!(!text.contains("hook-without-deadline"), "{text}");
    assert!(
        text.ends_with(
            "hookplan: 1 error, 0 warnings, 0 notes in 1 file (1 resource checked); 1 suppressed (--show-suppressed \
             lists them)\n"
        ),
        "{text}"
    );
    // --no-config: the rules' own severities.
    let out = run(&dir, &["lint", "--no-config", "deploy/job.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).ends_with("hookplan: 0 errors, 1 warning, 1 note in 1 file (1 resource checked)\n"));
    // The search stops at the repository root: a configuration above it is not read.
    let outer = repo("outer", &[(".hookplan.yaml", "rules: {disable: [named-hook-can-wedge]}\n")]);
    let inner = outer.join("inner");
    std::fs::create_dir_all(inner.join(".git")).unwrap();
    std::fs::write(inner.join("job.yaml"), JOB).unwrap();
    assert!(stdout(&run(&inner, &["lint", "job.yaml"])).contains("warning[named-hook-can-wedge]"));
}

#[test]
fn flags_apply_after_the_file_in_the_order_given() {
    let dir = repo("flags", &[(".hookplan.yaml", "rules: {disable: [named-hook-can-wedge]}\n"), ("job.yaml", JOB)]);
    let rules = |args: &[&str]| {
        let out = run(&dir, &[&["lint", "--output", "json"], args, &["job.yaml"]].concat());
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let found: Vec<String> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| format!("{} {}", d["rule"].as_str().unwrap(), d["severity"].as_str().unwrap()))
            .collect();
        (out.status.code(), found)
    };
    assert_eq!(rules(&[]), (Some(0), vec!["hook-without-deadline note".to_string()]));
    assert_eq!(
        rules(&["-D", "named-hook-can-wedge"]),
        (Some(1), vec!["hook-without-deadline note".into(), "named-hook-can-wedge error".into()])
    );
    assert_eq!(
        rules(&["-D", "HP0012", "--allow", "HP0012"]),
        (Some(0), vec!["hook-without-deadline note".to_string()])
    );
    assert_eq!(
        rules(&["--warn", "hook-without-deadline", "--deny", "warnings"]),
        (Some(1), vec!["hook-without-deadline warning".to_string()])
    );
    let out = run(&dir, &["lint", "--allow", "hook-without-deadlin", "job.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: --allow hook-without-deadlin: no rule named `hook-without-deadlin` (did you mean \
         `hook-without-deadline`?); `hookplan explain --list` lists them\n"
    );
}

#[test]
fn a_malformed_config_is_an_error_naming_file_and_line() {
    let dir = repo("malformed", &[("ci/hookplan.yaml", "rules:\n  disable: [a]\n"), ("job.yaml", JOB)]);
    let out = run(&dir, &["lint", "--config", "ci/hookplan.yaml", "job.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "error: ci/hookplan.yaml:2:13: no rule named `a`; `hookplan explain --list` lists them\n");
    assert!(stdout(&out).is_empty());
    let dir = repo("malformed2", &[(".hookplan.yaml", "rules:\n  severty: {}\n"), ("job.yaml", JOB)]);
    let out = run(&dir, &["plan", "job.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: .hookplan.yaml:2:3: unknown key `severty` in `rules` (expected `disable` or `severity`)\n"
    );
    let out = run(&dir, &["lint", "--config", "missing.yaml", "job.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: missing.yaml: cannot read: "), "{}", stderr(&out));
}

#[test]
fn suppressions_are_counted_listed_and_carried_to_sarif() {
    let silenced = JOB.replace(
        "    argocd.argoproj.io/hook-delete-policy: HookSucceeded\n",
        "    argocd.argoproj.io/hook-delete-policy: HookSucceeded\n    ignore-check.hookplan.io/named-hook-can-wedge: \"a fresh name every run, set by the pipeline\"\n",
    );
    let dir = repo("suppressed", &[("job.yaml", &silenced)]);
    let out = run(&dir, &["lint", "--show-suppressed", "job.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("suppressed[named-hook-can-wedge]: hook Job `seed` has a fixed name"), "{text}");
    assert!(
        text.contains(
            "= help: silenced by `ignore-check.hookplan.io/named-hook-can-wedge` at job.yaml:8:5: a fresh name every \
             run, set by the pipeline"
        ),
        "{text}"
    );
    assert!(text.ends_with("hookplan: 0 errors, 0 warnings, 1 note in 1 file (1 resource checked); 1 suppressed\n"));
    let json: serde_json::Value =
        serde_json::from_slice(&run(&dir, &["lint", "-o", "json", "job.yaml"]).stdout).unwrap();
    assert_eq!(json["suppressed"][0]["diagnostic"]["rule"], "named-hook-can-wedge");
    assert_eq!(json["suppressed"][0]["suppression"]["kind"], "annotation");
    assert_eq!(json["suppressed"][0]["suppression"]["source"]["line"], 8);
    let sarif: serde_json::Value =
        serde_json::from_slice(&run(&dir, &["lint", "-o", "sarif", "job.yaml"]).stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "the note, and the suppressed warning marked as such");
    assert_eq!(results[1]["ruleId"], "HP0012");
    assert_eq!(results[1]["suppressions"][0]["kind"], "inSource");
    assert_eq!(results[1]["suppressions"][0]["justification"], "a fresh name every run, set by the pipeline");
    let github = stdout(&run(&dir, &["lint", "-o", "github", "job.yaml"]));
    assert_eq!(github.lines().count(), 1, "a suppressed finding is no annotation: {github}");
}

#[test]
fn excluded_paths_are_not_read() {
    let dir = repo(
        "exclude",
        &[
            (".hookplan.yaml", "paths:\n  exclude: ['charts/*/templates/**', '**/*.generated.yaml']\n"),
            ("charts/shop/templates/job.yaml", "metadata:\n  name: {{ .Release.Name }}\n"),
            ("deploy/a.generated.yaml", TYPO),
            ("deploy/job.yaml", JOB),
        ],
    );
    let out = run(&dir, &["lint", "--recursive", "."]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).ends_with("hookplan: 0 errors, 1 warning, 1 note in 1 file (1 resource checked)\n"),
        "the templates, the generated file and the configuration are not read: {}",
        stdout(&out)
    );
    // Named on the command line (pre-commit passes every changed file): excluded too; the report is empty (the
    // other formats: tests/it/boundary.rs).
    let out = run(&dir, &["lint", "deploy/a.generated.yaml"]);
    assert_eq!(
        (out.status.code(), stdout(&out).as_str()),
        (Some(0), "hookplan: no problems found in 0 files (0 resources)\n")
    );
    // plan plans nothing then: an empty plan.
    let out = run(&dir, &["plan", "-o", "json", "deploy/a.generated.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["steps"], serde_json::json!([]), "{plan}");
    // From a subdirectory the patterns stay relative to the configuration file.
    let out = run(&dir.join("deploy"), &["lint", "a.generated.yaml", "job.yaml"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = repo("colour", &[("job.yaml", TYPO)]);
    let plain = stdout(&run(&dir, &["lint", "job.yaml"]));
    assert!(!plain.contains('\u{1b}'), "not a terminal: no colour");
    let coloured = stdout(&run(&dir, &["lint", "--color", "always", "job.yaml"]));
    assert!(coloured.starts_with("\u{1b}[1m\u{1b}[31merror\u{1b}[0m[unknown-hook-type]"), "{coloured:?}");
    let never = Command::new(env!("CARGO_BIN_EXE_hookplan"))
        .args(["lint", "--color", "auto", "job.yaml"])
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(!stdout(&never).contains('\u{1b}'), "NO_COLOR wins over CLICOLOR_FORCE");
    assert_eq!(stdout(&run(&dir, &["lint", "--color", "never", "job.yaml"])), plain);
}

#[test]
fn quiet_prints_one_line_a_finding() {
    let dir = repo("quiet", &[("job.yaml", TYPO)]);
    let out = run(&dir, &["lint", "--quiet", "job.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.starts_with("job.yaml:6:5: error[unknown-hook-type]: `Presync` is not an Argo CD hook type"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 1, "the finding, nothing else: {text}");
    let out = run(&dir, &["plan", "-q", "job.yaml"]);
    assert_eq!((out.status.code(), stdout(&out).as_str()), (Some(1), ""));
}

#[test]
fn exit_statuses_a_ci_step_can_gate_on() {
    let dir = repo("exits", &[("ok.yaml", JOB), ("typo.yaml", TYPO), ("broken.yaml", "kind: [\n")]);
    let status = |args: &[&str]| run(&dir, args).status.code();
    // plan: 0 made without errors, 1 with error diagnostics (or warnings with --deny warnings), 2 unreadable.
    assert_eq!(status(&["plan", "ok.yaml"]), Some(0));
    assert_eq!(status(&["plan", "--deny", "warnings", "ok.yaml"]), Some(1));
    assert_eq!(status(&["plan", "typo.yaml"]), Some(1));
    assert_eq!(status(&["plan", "broken.yaml"]), Some(2));
    assert_eq!(status(&["plan", "missing.yaml"]), Some(2));
    // simulate: 0 when the simulated operation succeeds, 1 when it fails, 2 when it cannot run.
    assert_eq!(status(&["simulate", "ok.yaml"]), Some(0));
    assert_eq!(status(&["simulate", "--fail", "Job/seed", "ok.yaml"]), Some(1));
    assert_eq!(status(&["simulate", "--fail", "Job/nope", "ok.yaml"]), Some(2));
    // lint: 0 clean, 1 findings at the failing severity, 2 unreadable.
    assert_eq!(status(&["lint", "ok.yaml"]), Some(0));
    assert_eq!(status(&["lint", "-D", "warnings", "ok.yaml"]), Some(1));
    assert_eq!(status(&["lint", "typo.yaml"]), Some(1));
    assert_eq!(status(&["lint", "broken.yaml"]), Some(2));
}

#[test]
fn findings_in_helm_output_point_at_the_chart_templates() {
    let template = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-seed\n  annotations:\n    argocd.argoproj.io/hook: {{ .Values.hookType }}\n";
    let dir = repo(
        "chart",
        &[
            ("charts/shop/Chart.yaml", "apiVersion: v2\nname: shop-app\nversion: 1.0.0\n"),
            ("charts/shop/templates/job.yaml", template),
        ],
    );
    let rendered = "---\n# Source: shop-app/templates/job.yaml\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: rel-seed\n  annotations:\n    argocd.argoproj.io/hook: Presync\n";
    let lint = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hookplan"))
            .args(args)
            .current_dir(&dir)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), rendered.as_bytes()).unwrap();
        String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
    };
    let github = lint(&["lint", "-o", "github", "--chart-dir", "charts/shop", "-"]);
    assert!(
        github.starts_with(
            "::error file=charts/shop/templates/job.yaml,line=6,title=hookplan unknown-hook-type (HP0001)::`Presync`"
        ),
        "the template's own line, found by its key: {github}"
    );
    assert!(github.contains("(rendered from shop-app/templates/job.yaml, at -:8:5)"), "{github}");
    let sarif: serde_json::Value =
        serde_json::from_str(&lint(&["lint", "-o", "sarif", "--chart-dir", "charts/shop", "-"])).unwrap();
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "charts/shop/templates/job.yaml");
    assert_eq!(location["region"]["startLine"], 6);
    let json: serde_json::Value = serde_json::from_str(&lint(&["lint", "-o", "json", "-"])).unwrap();
    assert_eq!(json["diagnostics"][0]["source"]["template"], "shop-app/templates/job.yaml");
    assert_eq!(json["diagnostics"][0]["source"]["line"], 8);
    let text = lint(&["lint", "-"]);
    assert!(text.contains(" --> -:8:5 (rendered from shop-app/templates/job.yaml)\n"), "{text}");
    // Without --chart-dir the template is not there to read from the repository root: the rendered position stays.
    let github = lint(&["lint", "-o", "github", "-"]);
    assert!(github.starts_with("::error file=stdin,line=8,col=5,"), "{github}");
}

#[test]
fn the_docs_show_the_files_ci_validates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap();
    let (readme, guide) = (read("README.md"), read("docs/guide.md"));
    assert!(
        readme.contains(&read("docs/workflows/hookplan-lint.yml")),
        "README shows docs/workflows/hookplan-lint.yml"
    );
    assert!(guide.contains(&read("docs/workflows/plan-diff.yml")), "the guide shows docs/workflows/plan-diff.yml");
    // The README's configuration example is a configuration hookplan reads.
    let start = readme.find("```yaml\nrules:\n").expect("README shows a .hookplan.yaml") + "```yaml\n".len();
    let example = &readme[start..start + readme[start..].find("```").unwrap()];
    let config = hookplan::config::LintConfig::parse("README.md", example).unwrap();
    assert_eq!(config.exclude(), ["charts/*/templates/**"]);
    assert_eq!(config.setting(&hookplan::rules::SELF_HEAL_RERUNS_HOOKS), Some(None));
}

#[test]
fn every_lint_format_on_the_whole_corpus() {
    // Every output format, on every real manifest at once: the same findings in each, nothing that acts on a
    // terminal or a log, well-formed XML and JSON.
    let Some(corpus) = crate::support::corpus() else { return };
    let lint = |format: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_hookplan"))
            .args(["lint", "--no-config", "--recursive", "--output", format])
            .arg(&corpus)
            .output()
            .unwrap();
        assert!(matches!(out.status.code(), Some(0..=2)), "{format}: {:?}", out.status);
        String::from_utf8(out.stdout).unwrap()
    };
    let (text, json, sarif) = (lint("text"), lint("json"), lint("sarif"));
    crate::render_checks::check_text("lint text", &text, 1000);
    crate::render_checks::check_lint_outputs(&text, &json, &sarif);
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    let diagnostics = document["diagnostics"].as_array().unwrap();
    assert!(diagnostics.len() > 100, "the corpus has findings: {}", diagnostics.len());
    let failing = diagnostics.iter().filter(|d| d["severity"] != "note").count();
    crate::render_checks::check_github(&lint("github"), diagnostics.len());
    crate::render_checks::check_junit(&lint("junit"), diagnostics.len(), failing);
    let quiet = Command::new(env!("CARGO_BIN_EXE_hookplan"))
        .args(["lint", "--no-config", "--recursive", "--quiet"])
        .arg(&corpus)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(quiet.stdout).unwrap().lines().count(), diagnostics.len(), "one line a finding");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // `hookplan plan ... | head -1`: the reader goes away early; hookplan stops without an error.
    let big = (0..3000).fold(String::new(), |mut text, i| {
        let _ = std::fmt::Write::write_fmt(
            &mut text,
            format_args!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\n---\n"),
        );
        text
    });
    let dir = repo("pipe", &[("big.yaml", &big)]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_hookplan"))
        .args(["plan", "big.yaml"])
        .current_dir(&dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
}

#[test]
fn options_the_engine_does_not_have_are_errors() {
    let dir = repo("engine-options", &[("job.yaml", JOB)]);
    let refused = |args: &[&str]| {
        let out = run(&dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
        assert!(stdout(&out).is_empty());
        stderr(&out)
    };
    assert_eq!(
        refused(&["plan", "--engine", "helm", "--prune", "job.yaml"]),
        "error: --prune is an Argo CD option: Helm has no such thing (drop it, or use --engine argocd)\n"
    );
    assert!(
        refused(&["plan", "--engine", "helm", "--live", "job.yaml", "job.yaml"])
            .starts_with("error: --live is an Argo CD option")
    );
    assert!(
        refused(&["simulate", "--engine", "helm", "--sync-option", "PruneLast=true", "job.yaml"])
            .starts_with("error: --sync-option is an Argo CD option")
    );
    assert_eq!(
        refused(&["plan", "--engine", "helm", "--operation", "sync", "job.yaml"]),
        "error: --operation sync is an Argo CD operation; Helm's are install, upgrade, rollback, uninstall and test \
         (here: install or upgrade)\n"
    );
    assert_eq!(
        refused(&["plan", "--operation", "upgrade", "job.yaml"]),
        "error: --operation upgrade is a Helm operation; Argo CD's are sync and delete (use --engine helm)\n"
    );
    assert_eq!(
        refused(&["plan", "--helm-version", "3", "job.yaml"]),
        "error: --helm-version is a Helm option: Argo CD has no such thing (use --engine helm or both)\n"
    );
    assert!(
        refused(&["plan", "--engine", "both", "--operation", "test", "job.yaml"])
            .starts_with("error: --operation test has no counterpart in Argo CD")
    );
    assert!(
        refused(&["diff", "--engine", "helm", "--prune", "job.yaml", "job.yaml"])
            .starts_with("error: --prune is an Argo CD option")
    );
    assert_eq!(
        refused(&["plan", "--non-cascading", "job.yaml"]),
        "error: --non-cascading is a way to delete the Application: give it with --operation delete\n"
    );
    assert!(
        refused(&["plan", "--operation", "delete", "--strategy", "apply", "job.yaml"])
            .starts_with("error: --strategy is a way to sync")
    );
    assert!(
        refused(&["plan", "--engine", "helm", "--strategy", "apply", "job.yaml"])
            .starts_with("error: --strategy is an Argo CD option")
    );
    let apply = run(&dir, &["plan", "--strategy", "apply", "job.yaml"]);
    assert!(stdout(&apply).contains("the apply sync strategy runs no hooks"), "{}", stdout(&apply));
    assert!(
        refused(&["plan", "--engine", "helm", "--filter", "name=x", "job.yaml"])
            .starts_with("error: --filter selects the hooks of `helm test`")
    );
    assert!(
        refused(&["plan", "--engine", "helm", "--operation", "test", "--filter", "nom=x", "job.yaml"])
            .starts_with("error: --filter nom=x: write name=NAME")
    );
    assert!(refused(&["plan", "--wait", "job.yaml"]).starts_with("error: --wait is a Helm option"));
    assert!(
        refused(&["plan", "--engine", "helm", "--operation", "upgrade", "--create-namespace", "job.yaml"])
            .starts_with("error: --create-namespace is an option of `helm install`")
    );
    // What both engines have is accepted.
    assert_eq!(run(&dir, &["plan", "--engine", "both", "--operation", "uninstall", "job.yaml"]).status.code(), Some(0));
    assert_eq!(run(&dir, &["plan", "--engine", "helm", "--helm-version", "3", "job.yaml"]).status.code(), Some(0));
}

#[test]
fn plan_and_simulate_show_which_hook_logs_helm_prints() {
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-output-log-policy: hook-failed\n";
    let dir = repo("output-logs", &[("chart.yaml", job)]);
    let plan = stdout(&run(&dir, &["plan", "--engine", "helm", "-n", "shop", "chart.yaml"]));
    assert!(
        plan.contains(
            "  prints logs: the pods of Job/migrate from namespace shop, when it fails (helm.sh/hook-output-log-policy)\n"
        ),
        "{plan}"
    );
    let failing =
        stdout(&run(&dir, &["simulate", "--engine", "helm", "-n", "shop", "--fail", "Job/migrate", "chart.yaml"]));
    assert!(failing.contains("              logs printed: the pods of Job/shop/migrate (hook-failed)\n"), "{failing}");
    let passing = stdout(&run(&dir, &["simulate", "--engine", "helm", "-n", "shop", "chart.yaml"]));
    assert!(!passing.contains("logs printed"), "{passing}");
}

#[test]
fn what_helm_does_after_a_failure_is_shown() {
    let job =
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    helm.sh/hook: pre-install\n";
    let dir = repo("on-failure", &[("chart.yaml", job)]);
    let plan = stdout(&run(&dir, &["plan", "--engine", "helm", "--atomic", "chart.yaml"]));
    assert!(plan.contains("\nIf the operation fails\n  Helm uninstalls the release, running its hooks\n"), "{plan}");
    let failed = stdout(&run(
        &dir,
        &["simulate", "--engine", "helm", "--rollback-on-failure", "--fail", "Job/migrate", "chart.yaml"],
    ));
    assert!(failed.contains("\nthen: Helm uninstalls the release, running its hooks\n"), "{failed}");
    let out = run(&dir, &["plan", "--engine", "helm", "--cleanup-on-fail", "chart.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: --cleanup-on-fail is an option of `helm upgrade`"));
}
