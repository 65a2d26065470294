//! The `hookplan` binary, run as a user runs it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn hookplan(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hookplan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // hookplan stops reading at its input limit, so the rest of a long input may meet a closed pipe.
    if let Err(err) = input.write_all(stdin.unwrap_or("").as_bytes()) {
        assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe, "{err}");
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn plans_the_bundled_example_as_a_table() {
    let out = hookplan(&["plan", "examples/shop"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("Argo CD sync plan: 9 tasks in 5 steps, 1 SyncFail hook, 2 excluded, 0 errors, 1 warning\n"),
        "{stdout}"
    );
    assert!(stdout.contains("\nStep 1  PreSync  wave -1\n"));
    assert!(stdout.contains("  Job         shop/db-migrate-*       apply   hook  HookSucceeded                  examples/shop/db-migrate.yaml:5\n"), "{stdout}");
    assert!(stdout.contains("  when the sync fails (HookFailed): Job/shop/sync-failed-alert\n"));
    assert!(stdout.contains(
        "  Ingress/shop/legacy-shop  skip: Argo CD Skip: never applied, never pruned  examples/shop/skip.yaml:2\n"
    ));
}

#[test]
fn json_output_parses_and_reads_stdin() {
    let out = hookplan(
        &["plan", "--output", "json", "--namespace", "dest", "-"],
        Some("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"),
    );
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schemaVersion"], 1);
    assert_eq!(json["steps"][0]["tasks"][0]["resource"]["namespace"], "dest");
    assert_eq!(json["steps"][0]["tasks"][0]["source"]["file"], "-");
}

#[test]
fn recursive_directories() {
    // No manifest directly in examples/: nothing to plan is an error that says so, not an empty plan.
    let flat = hookplan(&["plan", "-o", "json", "examples"], None);
    assert_eq!(flat.status.code(), Some(2));
    assert_eq!(text(&flat.stderr), "error: nothing to check: no .yaml, .yml or .json file was found\n");
    let deep = hookplan(&["plan", "-o", "json", "-r", "examples"], None);
    let deep: serde_json::Value = serde_json::from_slice(&deep.stdout).unwrap();
    let mut files: Vec<&str> = deep["steps"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["tasks"].as_array().unwrap())
        .map(|t| t["source"]["file"].as_str().unwrap())
        .collect();
    files.sort_unstable();
    files.dedup();
    assert!(
        files.contains(&"examples/chart/rendered.yaml") && files.contains(&"examples/shop/backend.yaml"),
        "{files:?}"
    );
}

#[test]
fn unreadable_input_exits_2_naming_file_and_line() {
    let out = hookplan(&["plan", "-"], Some("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [a\n"));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("error: -:4:"), "{}", text(&out.stderr));
    let missing = hookplan(&["plan", "no/such/file.yaml"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).starts_with("error: no/such/file.yaml: cannot read: "), "{}", text(&missing.stderr));
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(hookplan(&["plan"], None).status.code(), Some(2));
    assert_eq!(hookplan(&["plan", "--output", "yaml", "x"], None).status.code(), Some(2));
    assert_eq!(
        hookplan(&["plan", "--revision", "abc", "x"], None).status.code(),
        Some(2),
        "--revision needs --started-at"
    );
}

const BAD: &str = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    argocd.argoproj.io/hook: Presync\n    argocd.argoproj.io/sync-options: Prune = false\n";
const WARNING_ONLY: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    argocd.argoproj.io/sync-options: PruneLast=yes\n";

#[test]
fn lint_text_is_rustc_style() {
    let out = hookplan(&["lint", "-"], Some(BAD));
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let expected_first = "\
error[unknown-hook-type]: `Presync` is not an Argo CD hook type (matching is case-sensitive): no usable hook type is left, so Argo CD drops the object: it is never applied
 --> -:6:5
  |
6 |     argocd.argoproj.io/hook: Presync
  |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |
  = help: did you mean `PreSync`?
  = note: HP0001 unknown-hook-type; `hookplan explain unknown-hook-type` says why
";
    assert!(stdout.starts_with(expected_first), "{stdout}");
    assert!(stdout.ends_with("hookplan: 1 error, 1 warning, 0 notes in 1 file (1 resource checked)\n"), "{stdout}");
}

#[test]
fn lint_exit_codes() {
    assert_eq!(hookplan(&["lint", "-"], Some(WARNING_ONLY)).status.code(), Some(0));
    assert_eq!(hookplan(&["lint", "--deny", "warnings", "-"], Some(WARNING_ONLY)).status.code(), Some(1));
    assert_eq!(hookplan(&["lint", "-"], Some("kind: [\n")).status.code(), Some(2));
    assert_eq!(hookplan(&["lint", "missing.yaml"], None).status.code(), Some(2));
    let clean = hookplan(&["lint", "-"], Some("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"));
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(text(&clean.stdout), "hookplan: no problems found in 1 file (1 resource)\n");
}

#[test]
fn lint_json_is_the_diagnostics_with_a_schema_version() {
    let out = hookplan(&["lint", "-o", "json", "-"], Some(BAD));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schemaVersion"], 1);
    let array = json["diagnostics"].as_array().unwrap();
    assert_eq!(array.len(), 2);
    assert_eq!(array[0]["rule"], "unknown-hook-type");
    assert_eq!(array[0]["code"], "HP0001");
    assert_eq!(array[0]["source"]["line"], 6);
    assert_eq!(array[0]["resource"]["name"], "migrate");
}

#[test]
fn sarif_has_the_required_2_1_0_shape() {
    let out = hookplan(&["lint", "-o", "sarif", "-"], Some(BAD));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "hookplan");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), hookplan::rules::ALL.len());
    for rule in rules {
        assert!(rule["id"].as_str().unwrap().starts_with("HP"));
        assert!(!rule["name"].as_str().unwrap().is_empty());
        assert!(!rule["shortDescription"]["text"].as_str().unwrap().is_empty());
        assert!(!rule["fullDescription"]["text"].as_str().unwrap().is_empty());
        assert!(["error", "warning", "note"].contains(&rule["defaultConfiguration"]["level"].as_str().unwrap()));
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(["error", "warning", "note", "none"].contains(&result["level"].as_str().unwrap()));
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "stdin");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(location["region"]["startColumn"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn explain_prints_the_rule() {
    let out = hookplan(&["explain", "HP0002"], None);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("invalid-sync-wave (HP0002, error by default): argocd.argoproj.io/sync-wave is not an integer as Go reads it\n\n"), "{stdout}");
    assert!(stdout.contains("\n\nFix: Write the wave as a quoted decimal integer"), "{stdout}");
    assert_eq!(hookplan(&["explain", "no-such-rule"], None).status.code(), Some(2));
    let list = text(&hookplan(&["explain", "--list"], None).stdout);
    assert_eq!(list.lines().count(), hookplan::rules::ALL.len());
    assert!(list.starts_with("HP0001  unknown-hook-type"));
}

#[test]
fn readme_sample_output_is_the_real_output() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("It prints:\n\n```text\n").expect("the README shows the example's output")
        + "It prints:\n\n```text\n".len();
    let sample = &readme[start..start + readme[start..].find("```\n").unwrap()];
    let out = hookplan(&["plan", "examples/shop"], None);
    assert_eq!(text(&out.stdout), sample, "README.md's sample output is stale");
}

#[test]
fn readme_lint_sample_is_the_real_output() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("$ printf '").expect("the README shows a lint run") + "$ printf '".len();
    let input_end = start + readme[start..].find("' | hookplan lint -\n").unwrap();
    let input = readme[start..input_end].replace("\\n", "\n");
    let output_start = input_end + "' | hookplan lint -\n".len();
    let sample = &readme[output_start..output_start + readme[output_start..].find("```\n").unwrap()];
    assert_eq!(text(&hookplan(&["lint", "-"], Some(&input)).stdout), sample, "README.md's lint sample is stale");
}

#[test]
fn plan_with_live_state_and_operation_options() {
    let dir = std::env::temp_dir().join(format!("hookplan-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let live = dir.join("live.yaml");
    std::fs::write(&live, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leftover\n  namespace: shop\n  annotations:\n    argocd.argoproj.io/sync-options: Prune=confirm\n").unwrap();
    let live = live.display().to_string();
    let out = hookplan(
        &["plan", "-o", "json", "--live", &live, "--prune", "--sync-option", "PruneLast=true", "examples/shop"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let steps = json["steps"].as_array().unwrap();
    let prune_step = steps.iter().find(|s| s["tasks"][0]["action"] == "prune").expect("a prune step");
    assert_eq!(prune_step["wave"], 3, "PruneLast: after the last Sync wave (2)");
    assert_eq!(prune_step["waitsForConfirmation"], true);
    let approved =
        hookplan(&["plan", "-o", "json", "--live", &live, "--prune", "--deletion-approved", "examples/shop"], None);
    let json: serde_json::Value = serde_json::from_slice(&approved.stdout).unwrap();
    assert!(json["steps"].as_array().unwrap().iter().all(|s| s["waitsForConfirmation"] == false));
    let table = text(&hookplan(&["plan", "--live", &live, "examples/shop"], None).stdout);
    assert!(table.contains("prune   -     -"), "{table}");
    // The confirmation comes first, whatever the prune flag (`runTasks`): the skipped prune still holds its step.
    assert!(table.contains("(skipped: the sync does not prune; waits for deletion approval)"), "{table}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn plan_the_application_deletion() {
    let out =
        hookplan(&["plan", "-o", "json", "--operation", "delete", "--live", "examples/shop", "examples/shop"], None);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["operation"], "delete");
    let phases: Vec<&str> = json["steps"].as_array().unwrap().iter().map(|s| s["phase"].as_str().unwrap()).collect();
    assert_eq!(phases.first(), Some(&"PreDelete"));
    assert!(phases.iter().skip(1).all(|p| *p == "Delete"));
    let waves: Vec<i64> =
        json["steps"].as_array().unwrap().iter().skip(1).map(|s| s["wave"].as_i64().unwrap()).collect();
    assert_eq!(waves, [2, 1, 0, -1], "highest wave first");
}

#[test]
fn selecting_needs_a_well_formed_key() {
    let out = hookplan(&["plan", "--select", "Pod/web", "examples/shop"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("is not a resource key"), "{}", text(&out.stderr));
    let ok = hookplan(&["plan", "-o", "json", "--select", "apps/Deployment/shop/web", "examples/shop"], None);
    let json: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    let names: Vec<&str> = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["tasks"].as_array().unwrap())
        .map(|t| t["resource"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["web"]);
}

#[test]
fn mermaid_output_is_a_flowchart() {
    let out = text(&hookplan(&["plan", "-o", "mermaid", "examples/shop"], None).stdout);
    assert!(out.starts_with("flowchart TD\n  subgraph PreSync[\"PreSync\"]\n"), "{out}");
    assert!(
        out.contains("  step0 --> step1\n  step1 --> step2\n  step2 --> step3\n  step3 --> step4\n  step4 --> done\n")
    );
    assert!(out.contains("syncfail[\"Job sync-failed-alert ⚓ hook\"]"));
    assert!(
        out.contains("done -. deletes HookSucceeded .-> deletedOnSuccess[\"Job db-migrate-*<br/>Job smoke-test-*\"]")
    );
}

/// A Mermaid line stays short whatever the plan: a label is at most 60 characters as written (the entities that
/// replace quotes and brackets counted), a node lists 9 tasks and says how many more, one edge a line. Found by the
/// `render_mermaid` fuzz target: a name of quotes grew six times when escaped.
#[test]
fn mermaid_lines_stay_short() {
    let cm = |name: &str, wave: usize| {
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: '{name}'\n  annotations:\n    argocd.argoproj.io/sync-wave: \"{wave}\"\n"
        )
    };
    let mut docs: Vec<String> = (0..12).map(|i| cm(&format!("cm-{i:02}"), 0)).collect();
    docs.extend((1..150).map(|wave| cm(&format!("w-{wave}"), wave)));
    let out = text(&hookplan(&["plan", "-o", "mermaid", "-"], Some(&docs.join("---\n"))).stdout);
    let first = out.lines().find(|l| l.starts_with("    step0[")).expect("the first step");
    assert_eq!(
        first,
        format!(
            "    step0[\"<b>wave 0</b><br/>{}<br/>… and 3 more\"]",
            (0..9).map(|i| format!("ConfigMap cm-{i:02}")).collect::<Vec<_>>().join("<br/>")
        )
    );
    assert!(out.lines().all(|l| l.chars().count() <= 1000), "150 steps and a node of 12 tasks");
    let out = text(&hookplan(&["plan", "-o", "mermaid", "-"], Some(&cm(&"\"".repeat(200), 0))).stdout);
    assert!(out.contains(&format!("step0[\"<b>wave 0</b><br/>ConfigMap {}…\"]", "#quot;".repeat(8))), "{out}");
    assert!(out.lines().all(|l| l.chars().count() <= 1000));
}

#[test]
fn simulate_the_success_path_and_a_failed_migration() {
    let ok = text(&hookplan(&["simulate", "examples/shop"], None).stdout);
    assert!(
        ok.starts_with(
            "Simulated Argo CD sync (every task succeeds):\n\n  1. apply    PreSync wave -1: Namespace/shop\n"
        ),
        "{ok}"
    );
    assert!(ok.contains(" 13. apply    PostSync wave 0: Job/shop/smoke-test-*\n"), "{ok}");
    assert!(ok.contains(" 15. delete   hooks by policy: Job/shop/db-migrate-*, Job/shop/smoke-test-*\n"), "{ok}");
    assert!(ok.ends_with("\nSucceeded: successfully synced (no more tasks)\n"));
    assert!(!ok.contains("SyncFail"), "the SyncFail hook never runs on success");

    let failed = text(&hookplan(&["simulate", "--fail", "Job/db-migrate", "examples/shop"], None).stdout);
    let expected = "\
Simulated Argo CD sync (failing Job/db-migrate):

  1. apply    PreSync wave -1: Namespace/shop
  2. apply    PreSync wave -1: Job/shop/db-migrate-*
  3. wait     waiting for completion of hook batch/Job/db-migrate- and 1 more resources
              -> Namespace/shop Healthy, Job/shop/db-migrate-* Degraded
  4. run      SyncFail hooks: Job/shop/sync-failed-alert
  5. wait     waiting for completion of hook batch/Job/sync-failed-alert
              -> Job/shop/sync-failed-alert Healthy
  6. delete   hooks by policy: Job/shop/sync-failed-alert

Failed: one or more synchronization tasks completed unsuccessfully
";
    assert_eq!(failed, expected, "no Sync-phase object is applied after the PreSync hook fails");
}

#[test]
fn guide_simulations_and_picture_are_the_real_output() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/guide.md")).unwrap();
    let block_after = |marker: &str| {
        let start = readme.find(marker).unwrap_or_else(|| panic!("README shows {marker:?}")) + marker.len();
        readme[start..start + readme[start..].find("```\n").unwrap()].to_string()
    };
    let ok = text(&hookplan(&["simulate", "examples/shop"], None).stdout);
    assert_eq!(block_after("$ hookplan simulate examples/shop\n"), ok, "the guide's simulation is stale");
    let failed = text(&hookplan(&["simulate", "--fail", "Job/db-migrate", "examples/shop"], None).stdout);
    assert_eq!(block_after("$ hookplan simulate --fail Job/db-migrate examples/shop\n"), failed);
    let picture = text(&hookplan(&["plan", "--output", "mermaid", "examples/shop"], None).stdout);
    assert_eq!(block_after("```mermaid\n"), picture, "the guide's Mermaid picture is stale");
}

#[test]
fn guide_helm_samples_are_the_real_output() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/guide.md")).unwrap();
    let block_after = |marker: &str| {
        let start = readme.find(marker).unwrap_or_else(|| panic!("README shows {marker:?}")) + marker.len();
        readme[start..start + readme[start..].find("```\n").unwrap()].to_string()
    };
    let helm = text(&hookplan(&["plan", "--engine", "helm", "examples/chart"], None).stdout);
    assert_eq!(block_after("$ hookplan plan --engine helm examples/chart\n"), helm, "the guide's Helm plan is stale");
    let both = text(&hookplan(&["plan", "--engine", "both", "examples/chart"], None).stdout);
    let differences = &both[both.find("Where Helm and Argo CD differ").unwrap()..];
    assert_eq!(block_after("$ hookplan plan --engine both examples/chart\n...\n"), differences);
}

/// `simulate --output json`: one object per instruction, with its tasks; the failed migration's path.
#[test]
fn simulate_prints_instructions_as_json() {
    let out = hookplan(&["simulate", "--output", "json", "--fail", "Job/db-migrate", "examples/shop"], None);
    assert_eq!(out.status.code(), Some(1), "the simulated sync fails: {}", text(&out.stderr));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["schemaVersion"], 1);
    let instructions = value["instructions"].as_array().unwrap();
    let names: Vec<&str> = instructions.iter().map(|i| i["instruction"].as_str().unwrap()).collect();
    assert_eq!(names, ["apply", "apply", "wait", "run-sync-fail", "wait", "delete-hooks", "done"]);
    assert_eq!(instructions[1]["tasks"][0]["resource"]["generateName"], "db-migrate-");
    assert_eq!(instructions[2]["waitFor"], "hook-completion");
    assert_eq!(instructions[2]["message"], "waiting for completion of hook batch/Job/db-migrate- and 1 more resources");
    assert_eq!(instructions[2]["reported"][1]["outcome"], "Degraded");
    assert_eq!(instructions[6]["succeeded"], false);
    // The document, written as the walk goes, is the library's `Transcript`, byte for byte.
    let transcript: hookplan::report::Transcript = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(transcript.succeeded(), Some(false));
    assert_eq!(serde_json::to_string_pretty(&transcript).unwrap() + "\n", text(&out.stdout));
}

/// `simulate --operation delete` walks the Application deletion, and `--engine helm --operation uninstall` the
/// uninstall: objects are deleted, never applied.
#[test]
fn simulate_walks_deletions_and_uninstalls() {
    let out =
        hookplan(&["simulate", "--operation", "delete", "--live", "examples/shop/backend.yaml", "examples/shop"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "Simulated Argo CD Application deletion (every task succeeds):\n\n\
         \x20 1. apply    PreDelete: Job/shop/final-backup\n\
         \x20 2. wait     waiting for 1 PreDelete hooks to complete\n\
         \x20             -> Job/shop/final-backup Healthy\n\
         \x20 3. delete   Delete wave 1: Service/shop/api, Deployment/shop/api\n\
         \x20 4. delete   Delete wave 0: Job/shop/final-backup\n\
         \nSucceeded: application deleted\n"
    );
    let out = hookplan(&["simulate", "--engine", "helm", "--operation", "uninstall", "examples/chart"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("Simulated Helm uninstall (every task succeeds):\n"), "{stdout}");
    assert!(stdout.contains(". delete   uninstall weight 0: "), "{stdout}");
    assert!(!stdout.contains("apply    uninstall"), "{stdout}");
}

/// A `--fail` that names no task, and `--engine both`, are errors rather than a silent success.
#[test]
fn simulate_refuses_what_it_cannot_do() {
    let out = hookplan(&["simulate", "--fail", "Job/nope", "examples/shop"], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: --fail Job/nope names no task of the plan (write KIND/NAME, e.g. Job/db-migrate)\n"
    );
    let out = hookplan(&["simulate", "--engine", "both", "examples/shop"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("simulate walks one engine at a time"));
}

/// What `plan --output json` prints reads back into `hookplan::Plan` and writes back identically, for every
/// engine and operation.
#[test]
fn plan_json_reads_back_into_the_library_type() {
    for (engine, operation, path) in [
        ("argocd", "sync", "examples/shop"),
        ("argocd", "delete", "examples/shop"),
        ("helm", "install", "examples/chart"),
        ("helm", "upgrade", "examples/chart"),
        ("helm", "rollback", "examples/chart"),
        ("helm", "uninstall", "examples/chart"),
        ("helm", "test", "examples/chart"),
    ] {
        // Live state is Argo CD's: Helm refuses `--live`.
        let live: &[&str] = if engine == "argocd" { &["--live", path] } else { &[] };
        let out = hookplan(
            &[&["plan", "-o", "json", "--engine", engine, "--operation", operation], live, &[path]].concat(),
            None,
        );
        assert!(matches!(out.status.code(), Some(0 | 1)), "{engine} {operation}: {}", text(&out.stderr));
        let printed = text(&out.stdout);
        let plan: hookplan::Plan = serde_json::from_str(&printed).unwrap();
        assert_eq!(plan.operation.as_str(), operation);
        // Each plan speaks its engine's words.
        if engine == "helm" && operation == "install" {
            assert!(printed.contains("\"before-hook-creation\"") && !printed.contains("BeforeHookCreation"));
        }
        assert_eq!(serde_json::to_string_pretty(&plan).unwrap() + "\n", printed, "{engine} {operation}");
    }
}

/// `--application FILE` for plan, simulate and lint: the destination namespace and options apply, explicit flags
/// win, retries are simulated with their backoff, and a file that is not one Application is an error.
#[test]
fn the_application_as_input() {
    let dir = std::env::temp_dir().join(format!("hookplan-app-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let app = dir.join("app.yaml");
    std::fs::write(
        &app,
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: shop}\nspec:\n  destination: {namespace: elsewhere}\n  syncPolicy:\n    automated: {prune: true, selfHeal: true}\n    retry: {limit: 2, backoff: {duration: 10s, factor: 3}}\n",
    )
    .unwrap();
    let app = app.display().to_string();
    let manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";
    let out = hookplan(&["plan", "--application", &app, "-o", "json", "-"], Some(manifest));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["steps"][0]["tasks"][0]["resource"]["namespace"], "elsewhere");
    let out = hookplan(&["plan", "--application", &app, "--namespace", "flag", "-o", "json", "-"], Some(manifest));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["steps"][0]["tasks"][0]["resource"]["namespace"], "flag", "an explicit flag wins");
    let out = hookplan(&["simulate", "--application", &app, "--fail", "Job/smoke-test", "examples/shop"], None);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("\nRetry 1 of 2, after 10s (spec.syncPolicy.retry):\n"), "{stdout}");
    assert!(stdout.contains("\nRetry 2 of 2, after 30s (spec.syncPolicy.retry):\n"), "{stdout}");
    assert_eq!(stdout.matches("\nFailed: ").count(), 3);
    let out = hookplan(&["lint", "--application", &app, "examples/shop"], None);
    assert!(text(&out.stdout).contains("note[self-heal-reruns-hooks]: PostSync hook Job `smoke-test-`"));
    let out = hookplan(&["plan", "--application", "examples/shop/config.yaml", "examples/shop"], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: examples/shop/config.yaml: holds more than one document; give a file with one Application\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `hookplan diff`: exit 0 for the same plans, 1 when they differ, 2 when a side cannot be read (named); a side
/// read from git as REV:PATH; the Markdown comment; one diff per engine with `--engine both`.
#[test]
fn diff_compares_two_versions() {
    let dir = std::env::temp_dir().join(format!("hookplan-diff-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("deploy")).unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    };
    let job = |hook: &str| {
        format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    argocd.argoproj.io/hook: {hook}\nspec:\n  activeDeadlineSeconds: 60\n"
        )
    };
    std::fs::write(dir.join("deploy/job.yaml"), job("PreSync")).unwrap();
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "base"]);
    std::fs::write(dir.join("deploy/job.yaml"), job("PostSync")).unwrap();
    let run =
        |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_hookplan")).args(args).current_dir(&dir).output().unwrap();
    let same = run(&["diff", "HEAD:deploy", "HEAD:deploy/job.yaml"]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same.stderr));
    assert_eq!(text(&same.stdout), "The Argo CD sync plan is the same.\n");
    let out = run(&["diff", "HEAD:deploy", "deploy"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "The Argo CD sync plan changes: 1 change (1 risky); 0 new diagnostics, 0 fixed.\n\
         ! moved            Job/migrate moves from PreSync wave 0 to PostSync wave 0\n\
         \x20                  risk: a hook that changes phase runs at another time: in PostSync it runs only after every Sync-phase object is healthy\n"
    );
    let markdown = text(&run(&["diff", "--output", "markdown", "HEAD:deploy", "deploy"]).stdout);
    assert!(
        markdown.starts_with("### hookplan: Argo CD sync plan\n\n**The Argo CD sync plan changes: 1 change (1 risky)")
    );
    assert!(markdown.contains("| moved | `Job/migrate` | PreSync wave 0 (step 1) [BeforeHookCreation] | PostSync wave 0 (step 1) [BeforeHookCreation] |"), "{markdown}");
    assert!(markdown.contains("<details><summary>The new plan</summary>\n\n```mermaid\nflowchart TD\n"));
    let both: serde_json::Value =
        serde_json::from_slice(&run(&["diff", "--engine", "both", "-o", "json", "HEAD:deploy", "deploy"]).stdout)
            .unwrap();
    assert_eq!(both["argocd"]["changes"][0]["change"], "moved");
    assert_eq!(both["helm"]["changes"], serde_json::json!([]), "Helm does not read the Argo CD hook");
    let missing = run(&["diff", "HEAD:nowhere", "deploy"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        text(&missing.stderr).starts_with("error: BASE HEAD:nowhere: git has no HEAD:./nowhere"),
        "{}",
        text(&missing.stderr)
    );
    let missing = run(&["diff", "deploy", "absent"]);
    assert_eq!(
        text(&missing.stderr),
        "error: HEAD absent: no such file or directory (write REV:PATH to read it from git)\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Output that cannot be forged or blown up: control characters in names and values are shown as escapes in
/// every format, a 64 KiB name is cut instead of panicking or padding every row, and a one-line JSON file is
/// quoted as a window.
#[test]
fn output_cannot_be_forged() {
    let evil = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"a\\u001b[2K\\rforged\"\n  annotations:\n    argocd.argoproj.io/sync-wave: \"x\\n::error::owned\"\n";
    let plan = text(&hookplan(&["plan", "-"], Some(evil)).stdout);
    assert!(plan.contains("a\\u{1b}[2K\\rforged"), "{plan}");
    assert!(!plan.contains('\u{1b}') && !plan.contains("\rforged"));
    let lint = text(&hookplan(&["lint", "-"], Some(evil)).stdout);
    assert!(lint.contains("x\\\\n::error::owned") || lint.contains("x\\n::error::owned"), "{lint}");
    assert!(!lint.lines().any(|line| line.starts_with("::error::")), "{lint}");
    let mermaid = text(&hookplan(&["plan", "-o", "mermaid", "-"], Some(&evil.replace("forged", "%%{init}%%"))).stdout);
    assert!(!mermaid.contains("%%{init}") && !mermaid.contains('\u{1b}'), "{mermaid}");
    // A 64 KiB name: no panic, a cut cell.
    let long = format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {}\n", "n".repeat(65_536));
    let out = hookplan(&["plan", "--max-name-size", "1MiB", "-"], Some(&long));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let longest = text(&out.stdout).lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 300, "a row of {longest} characters");
    // A finding in a one-line JSON List of many items quotes a window of the line, not the whole line.
    let items: Vec<String> = (0..500)
        .map(|i| format!(r#"{{"apiVersion":"v1","kind":"ConfigMap","metadata":{{"name":"c{i}","annotations":{{"argocd.argoproj.io/hook":"Presync"}}}}}}"#))
        .collect();
    let one_line = format!(r#"{{"apiVersion":"v1","kind":"List","items":[{}]}}"#, items.join(","));
    let out = text(&hookplan(&["lint", "-"], Some(&one_line)).stdout);
    assert!(
        out.lines().all(|l| l.chars().count() < 300),
        "a line of {} characters",
        out.lines().map(str::len).max().unwrap()
    );
}

/// Honest exits: a write error fails, empty input and missing files say so.
#[test]
fn exits_are_honest() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    if let Ok(full) = full {
        let out = Command::new(env!("CARGO_BIN_EXE_hookplan"))
            .args(["plan", "examples/shop"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out.stderr).starts_with("error: cannot write the output:"));
    }
    let out = hookplan(&["lint", "-"], Some(""));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), "error: nothing to check: the input holds no document (1 input read)\n");
    assert!(out.stdout.is_empty());
    let out = hookplan(&["lint", "missing.yaml"], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), "error: missing.yaml: cannot read: No such file or directory (os error 2)\n");
    assert!(out.stdout.is_empty(), "no 'no problems found in 0 files'");
}

#[test]
fn reading_stops_at_the_input_limit() {
    // Past the limit nothing more is read or held: an endless input ends like a long one.
    let first = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n";
    let input = format!("{first}{}", "# padding\n".repeat(1000));
    let out = hookplan(&["plan", "--max-input-size", "1KiB", "-"], Some(&input));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: -:5:1: the input goes past the limit of 1024 bytes: document 1 (line 5) and every document after it \
         are not read\n"
    );
    assert!(text(&out.stdout).contains("  ConfigMap  a "), "the document within the limit is planned");
    if std::path::Path::new("/dev/zero").exists() {
        let out = hookplan(&["lint", "--max-input-size", "64KiB", "/dev/zero"], None);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("the input goes past the limit of 65536 bytes"), "{}", text(&out.stdout));
    }
    let out = hookplan(&["lint", "--max-input-size", "12X", "-"], Some(first));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown unit `X` (use KiB, MiB or GiB)"));
}

#[test]
fn an_unreadable_subdirectory_is_named_and_the_rest_is_read() {
    let dir = std::env::temp_dir().join(format!("hookplan-unreadable-{}", std::process::id()));
    let locked = dir.join("b-locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::write(dir.join("a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n").unwrap();
    std::fs::create_dir_all(dir.join("c")).unwrap();
    std::fs::write(dir.join("c/c.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let path = dir.display().to_string();
    let out = hookplan(&["plan", "-r", &path], None);
    let locked_readable = std::fs::read_dir(&locked).is_ok(); // root reads it anyway
    let stdout = text(&out.stdout);
    assert!(stdout.contains("  ConfigMap  a "), "{stdout}");
    assert!(stdout.contains("  ConfigMap  c "), "{stdout}");
    if locked_readable {
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    } else {
        assert_eq!(out.status.code(), Some(2));
        assert!(
            text(&out.stderr).starts_with(&format!("error: {}: cannot read directory: ", locked.display())),
            "{}",
            text(&out.stderr)
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The hostile inputs of issue 15, the fuzz seeds and the fuzz regressions, through every output format of the
/// binary: the same checks as the `render_*` fuzz targets.
#[test]
fn hostile_inputs_render_safely() {
    use crate::render_checks::{
        check_github, check_junit, check_lint_outputs, check_mermaid, check_simulation, check_table_counts, check_text,
    };
    let dir = std::env::temp_dir().join(format!("hookplan-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cm = |name: &str| format!(r#"{{"apiVersion":"v1","kind":"ConfigMap","metadata":{{"name":"{name}"}}}}"#);
    let hostile: Vec<(&str, String)> = vec![
        ("escapes.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"a\\u001b[2K\\rforged\\u2028x\\u202ey\"\n  annotations:\n    argocd.argoproj.io/sync-wave: \"x\\n::error::owned\"\n    argocd.argoproj.io/hook: \"%%{init}%%\"\n".into()),
        ("lines.json", format!("{}\n{}\n{}\n", cm("a"), cm("b"), cm("c"))),
        ("cr.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\r---\r\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n".into()),
        ("long.yaml", format!("apiVersion: v1\nkind: {}\nmetadata:\n  name: {}\n  annotations:\n    argocd.argoproj.io/hook: {}\n", "K".repeat(5000), "n".repeat(1000), "P".repeat(5000))),
        ("nested.yaml", format!("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: x}}\ndata: {}\n", "[".repeat(5000))),
        ("yes.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    example.com/backup: yes\n".into()),
        ("dir with space#1.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    argocd.argoproj.io/hook: Presync\n".into()),
    ];
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for (name, text) in &hostile {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        files.push(path);
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in [
        "lib/fuzz/seeds/read",
        "lib/fuzz/seeds/plan",
        "lib/fuzz/seeds/lint",
        "lib/fuzz/regressions",
        "fuzz/regressions",
    ] {
        let mut found: Vec<_> = std::fs::read_dir(root.join(sub)).unwrap().map(|e| e.unwrap().path()).collect();
        found.sort();
        files.extend(found.into_iter().filter(|p| p.is_file()));
    }
    assert!(files.len() > 20, "the seeds and regressions are there");
    for file in &files {
        let path = file.display().to_string();
        let run = |args: &[&str]| text(&hookplan(&[args, &[path.as_str()]].concat(), None).stdout);
        let table = run(&["plan"]);
        let what = |format: &str| format!("{format} of {path}");
        if !table.is_empty() {
            check_text(&what("table"), &table, 1000);
            check_table_counts(&table, &run(&["plan", "-o", "json"]));
            let mermaid = run(&["plan", "-o", "mermaid"]);
            check_text(&what("mermaid"), &mermaid, 1000);
            check_mermaid(&mermaid);
            check_simulation(&run(&["simulate"]), &run(&["simulate", "-o", "json"]), &run(&["plan", "-o", "json"]));
        }
        let lint = run(&["lint"]);
        check_text(&what("lint text"), &lint, 1000);
        let json = run(&["lint", "-o", "json"]);
        check_lint_outputs(&lint, &json, &run(&["lint", "-o", "sarif"]));
        let findings =
            serde_json::from_str::<serde_json::Value>(&json).unwrap()["diagnostics"].as_array().unwrap().len();
        check_github(&run(&["lint", "-o", "github"]), findings);
        let failing = serde_json::from_str::<serde_json::Value>(&json).unwrap()["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] != "note")
            .count();
        check_junit(&run(&["lint", "-o", "junit"]), findings, failing);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Lint text for many findings: each finding quoted at its own line (the line starts are computed once a file;
/// they were once rescanned for each finding's line). The growth from n to 4n findings is measured by the
/// criterion bench `benches/lint_text.rs`, not here.
#[test]
fn lint_text_places_every_one_of_many_findings() {
    let n = 2000;
    let input = (0..n)
        .map(|i| format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\n  annotations:\n    argocd.argoproj.io/hook: Presync\n"))
        .collect::<Vec<_>>()
        .join("---\n");
    let out = hookplan(&["lint", "-"], Some(&input));
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    // Document i starts at line 1 + 7i; its hook annotation is its sixth line, at column 5 (standard input is `-`).
    let places: Vec<&str> = stdout.lines().filter_map(|l| l.trim_start().strip_prefix("--> ")).collect();
    let expected: Vec<String> = (0..n).map(|i| format!("-:{}:5", 7 * i + 6)).collect();
    assert_eq!(places, expected);
    let quoted = stdout.lines().filter(|l| l.ends_with("|     argocd.argoproj.io/hook: Presync")).count();
    assert_eq!(quoted, n, "the source line under each finding");
}

#[test]
fn standard_input_can_be_named() {
    let input =
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    argocd.argoproj.io/hook: Presync\n";
    let out = hookplan(&["lint", "--output", "github", "--stdin-filename", "chart/rendered.yaml", "-"], Some(input));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).starts_with("::error file=chart/rendered.yaml,line=6,col=5,"), "{}", text(&out.stdout));
    let out = hookplan(&["lint", "--stdin-filename", "chart/rendered.yaml", "-"], Some(input));
    assert!(text(&out.stdout).contains(" --> chart/rendered.yaml:6:5\n"), "{}", text(&out.stdout));
}

/// A control character that a message quotes (here the content after a `---`) is an escape in GitHub commands, as in
/// every text output. Found by the `render_lint` fuzz target.
#[test]
fn github_commands_escape_control_characters_in_messages() {
    let input = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---x\u{1}y: 1\n";
    let out = text(&hookplan(&["lint", "--output", "github", "-"], Some(input)).stdout);
    assert!(!out.contains('\u{1}'), "{out:?}");
    assert!(out.contains("goes on after `---` with `x\\u{1}y: 1`"), "{out}");
}

#[test]
fn a_chart_directory_gets_a_hint_to_render_it_first() {
    let dir = std::env::temp_dir().join(format!("hookplan-chart-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(dir.join("Chart.yaml"), "apiVersion: v2\nname: shop\nversion: 0.1.0\n").unwrap();
    std::fs::write(dir.join("templates/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n").unwrap();
    let path = dir.display().to_string();
    let out = hookplan(&["lint", "-r", &path], None);
    assert!(
        text(&out.stderr).starts_with(&format!(
            "hint: {path} is a Helm chart: its templates are not manifests until Helm renders them; check what Helm \
             renders: `helm template {path} | hookplan lint -`\n"
        )),
        "{}",
        text(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Mermaid names Helm's order by hook weight, and the `helm test --logs` step by what it is.
#[test]
fn mermaid_speaks_helm_words() {
    let out = hookplan(
        &["plan", "-o", "mermaid", "--engine", "helm", "--operation", "test", "--logs", "examples/chart"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let chart = text(&out.stdout);
    assert!(chart.contains("step0[\"<b>weight 0</b><br/>create Pod web-connection-test ⚓ hook\"]"), "{chart}");
    assert!(
        chart.contains("step1[\"<b>helm test --logs</b><br/>logs of Pod web-connection-test ⚓ hook\"]"),
        "{chart}"
    );
}

/// `--argocd-version` on the command line: the plan says which release it follows, bad releases and Helm are
/// refused.
#[test]
fn the_cli_plans_for_a_release() {
    let dir = std::env::temp_dir().join(format!("hookplan-versions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("hook.yaml");
    std::fs::write(&file, "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: backup\n  annotations:\n    argocd.argoproj.io/hook: PreDelete\n").unwrap();
    let file = file.display().to_string();
    let run = |args: &[&str]| std::process::Command::new(env!("CARGO_BIN_EXE_hookplan")).args(args).output().unwrap();
    let out = run(&["plan", "-o", "json", "--argocd-version", "v3.2.12", &file]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["engineVersion"], "3.2.12");
    assert_eq!(json["excluded"][0]["reason"], "no-sync-phase");
    let lint = run(&["lint", "--argocd-version", "3.2", &file]);
    assert_eq!(lint.status.code(), Some(1));
    let text = String::from_utf8_lossy(&lint.stdout);
    assert!(
        text.contains("`PreDelete` hooks are new in Argo CD v3.3.0; v3.2 does not know them: no usable hook type is left, so Argo CD drops the object: it is never applied"),
        "{text}"
    );
    assert_eq!(
        run(&["lint", &file]).status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run(&["lint", &file]).stdout)
    );
    let bad = run(&["plan", "--argocd-version", "2.9", &file]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("`2.9`: hookplan follows Argo CD v2.10 to v3.5"));
    let helm = run(&["plan", "--engine", "helm", "--argocd-version", "3.4", &file]);
    assert_eq!(helm.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&helm.stderr).contains("--argocd-version is an Argo CD option"));
    let _ = std::fs::remove_dir_all(&dir);
}
