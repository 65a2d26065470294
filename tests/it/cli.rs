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
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
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
        stdout
            .starts_with("Argo CD sync plan: 9 tasks in 5 steps, 1 SyncFail hook, 2 excluded, 0 errors, 0 warnings\n"),
        "{stdout}"
    );
    assert!(stdout.contains("\nStep 1  PreSync  wave -1\n"));
    assert!(stdout.contains("  Job         shop/db-migrate-*       hook  HookSucceeded                  examples/shop/db-migrate.yaml:3\n"), "{stdout}");
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
    let flat = hookplan(&["plan", "-o", "json", "examples"], None);
    let flat: serde_json::Value = serde_json::from_slice(&flat.stdout).unwrap();
    assert_eq!(flat["steps"].as_array().unwrap().len(), 0, "no manifests directly in examples/");
    let deep = hookplan(&["plan", "-o", "json", "-r", "examples"], None);
    let deep: serde_json::Value = serde_json::from_slice(&deep.stdout).unwrap();
    assert_eq!(deep["steps"].as_array().unwrap().len(), 5);
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
