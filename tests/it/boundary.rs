//! The CLI's I/O boundary (issue #25): nothing outside the named inputs is read or quoted, diff's git side reads
//! what its disk side reads, every run ends honestly (empty documents, errors, exit statuses), and every input
//! given by an option passes the reader's limits.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// A fresh, empty directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hookplan-boundary-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, files: &[(&str, &[u8])]) {
    for (path, content) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
}

fn hookplan(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hookplan"));
    command.current_dir(dir).env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE").stdin(Stdio::null());
    command
}

fn run(dir: &Path, args: &[&str]) -> Output {
    finish(hookplan(dir).args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap())
}

/// Waits for the child and its output, failing the test (not hanging it) if it has not ended after a minute:
/// some inputs here are FIFOs and devices that a careless reader would wait on forever.
fn finish(child: Child) -> Output {
    let id = child.id();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || sender.send(child.wait_with_output()));
    let Ok(out) = receiver.recv_timeout(Duration::from_secs(60)) else {
        let _ = Command::new("kill").args(["-9", &id.to_string()]).status();
        panic!("hookplan hangs");
    };
    out.unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(unix)]
fn symlink(target: &str, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// A PreSync Job with a typo in its hook type: an error finding, with a snippet.
const TYPO: &str =
    "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: seed\n  annotations:\n    argocd.argoproj.io/hook: Presync\n";

fn config_map(name: &str) -> String {
    format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n")
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_input_is_reported_and_never_quoted() {
    let dir = scratch("outside");
    write(&dir, &[("deploy/job.yaml", TYPO.as_bytes()), ("shared.yaml", config_map("shared").as_bytes())]);
    symlink("/proc/self/environ", &dir.join("deploy/env.yaml"));
    symlink("../shared.yaml", &dir.join("deploy/shared.yaml"));
    let secret = "hookplan-boundary-secret-7f3a";
    let lint = |args: &[&str]| {
        finish(
            hookplan(&dir)
                .args(args)
                .env("HOOKPLAN_TEST_SECRET", secret)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap(),
        )
    };
    for args in [&["lint", "deploy"][..], &["lint", "deploy/env.yaml", "deploy/job.yaml"], &["plan", "deploy"]] {
        let out = lint(args);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert!(!stdout.contains(secret) && !stderr.contains(secret), "{args:?} quotes the environment: {stdout}");
        assert_eq!(out.status.code(), Some(2), "{args:?}: a file not read fails the run: {stderr}");
        assert!(
            stderr.contains("error: deploy/env.yaml: a symbolic link to /proc/")
                && stderr.contains("/environ, outside the input: not read (--follow-symlinks-outside reads it)\n"),
            "{args:?}: {stderr}"
        );
    }
    let out = lint(&["lint", "deploy"]);
    assert!(text(&out.stdout).contains("error[unknown-hook-type]"), "the rest is still read: {}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("error: deploy/shared.yaml: a symbolic link to "),
        "a link to a file beside the tree leaves it too: {}",
        text(&out.stderr)
    );
    // Allowed, a link out of the tree is read (to a regular file).
    let out = run(&dir, &["plan", "-o", "json", "--follow-symlinks-outside", "deploy/shared.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("\"name\": \"shared\""), "{}", text(&out.stdout));
    // A link inside the tree is followed, into a subdirectory too, without --recursive.
    std::fs::remove_file(dir.join("deploy/env.yaml")).unwrap();
    std::fs::remove_file(dir.join("deploy/shared.yaml")).unwrap();
    write(&dir, &[("deploy/base/inner.txt", config_map("inner").as_bytes())]);
    symlink("base/inner.txt", &dir.join("deploy/inner.yaml"));
    let out = run(&dir, &["plan", "-o", "json", "deploy"]);
    assert_eq!(out.status.code(), Some(1), "the typo is an error: {}", text(&out.stderr));
    assert!(text(&out.stdout).contains("\"name\": \"inner\""), "{}", text(&out.stdout));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_found_in_a_tree_are_reported_not_opened() {
    let dir = scratch("fifo");
    write(&dir, &[("deploy/a.yaml", config_map("a").as_bytes())]);
    let made = Command::new("mkfifo").arg(dir.join("deploy/pipe.yaml")).status().unwrap();
    assert!(made.success());
    symlink("pipe.yaml", &dir.join("deploy/to-pipe.yaml"));
    symlink("/dev/zero", &dir.join("deploy/zero.yaml"));
    let out = run(&dir, &["plan", "deploy"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("error: deploy/pipe.yaml: a FIFO, not a regular file: not read\n"), "{stderr}");
    assert!(stderr.contains("error: deploy/to-pipe.yaml: a FIFO, not a regular file: not read\n"), "{stderr}");
    assert!(
        stderr.contains(
            "error: deploy/zero.yaml: a symbolic link to /dev/zero, outside the input: not read \
             (--follow-symlinks-outside reads it)\n"
        ),
        "{stderr}"
    );
    let out = run(&dir, &["plan", "--follow-symlinks-outside", "deploy/zero.yaml"]);
    assert!(
        text(&out.stderr).contains("error: deploy/zero.yaml: a character device, not a regular file: not read\n"),
        "out of the tree allowed, a device still is not a file: {}",
        text(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `helm template` output whose `# Source:` comments name files out of the chart, and one of its own templates.
fn rendered(source: &str) -> String {
    format!("---\n# Source: {source}\n{TYPO}")
}

fn lint_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child =
        hookplan(dir).args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // hookplan may end without reading (`-` named twice): a closed pipe here is not the test's failure.
    if let Err(err) = std::io::Write::write_all(&mut child.stdin.take().unwrap(), input.as_bytes()) {
        assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe, "{err}");
    }
    finish(child)
}

#[test]
fn source_comments_resolve_only_inside_the_chart() {
    let dir = scratch("source");
    let template = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-seed\n  annotations:\n    argocd.argoproj.io/hook: {{ .Values.hookType }}\n";
    write(&dir, &[("repo/charts/shop/templates/job.yaml", template.as_bytes()), ("secret.yaml", TYPO.as_bytes())]);
    let repo = dir.join("repo");
    let uri = |args: &[&str], source: &str| {
        let out = lint_stdin(&repo, &[&["lint", "-o", "sarif"], args, &["-"]].concat(), &rendered(source));
        let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
        (location["artifactLocation"]["uri"].as_str().unwrap().to_string(), location["region"]["startLine"].clone())
    };
    let chart = ["--chart-dir", "charts/shop"];
    assert_eq!(uri(&chart, "shop-app/templates/job.yaml"), ("charts/shop/templates/job.yaml".into(), 6.into()));
    for hostile in [
        "shop-app/../../secret.yaml",
        "shop-app/../../../etc/passwd",
        "/etc/passwd",
        "../../etc/passwd",
        "shop-app//etc/passwd",
        "shop-app/templates",
    ] {
        assert_eq!(uri(&chart, hostile), ("stdin".into(), 8.into()), "--chart-dir, {hostile}: the rendered position");
        assert_eq!(uri(&[], hostile), ("stdin".into(), 8.into()), "{hostile}: the rendered position");
    }
    // A template past the input size limit is not read: the finding keeps the template, with no line in it.
    let big = format!("{template}#{}\n", "x".repeat(4096));
    write(&repo, &[("charts/shop/templates/job.yaml", big.as_bytes())]);
    assert_eq!(uri(&chart, "shop-app/templates/job.yaml"), ("charts/shop/templates/job.yaml".into(), 6.into()));
    assert_eq!(
        uri(&["--chart-dir", "charts/shop", "--max-input-size", "2KiB"], "shop-app/templates/job.yaml"),
        ("charts/shop/templates/job.yaml".into(), 1.into()),
        "over the limit: no line found, the first line"
    );
    #[cfg(unix)]
    {
        // A FIFO in the chart is not opened (opening it would wait for a writer).
        std::fs::remove_file(repo.join("charts/shop/templates/job.yaml")).unwrap();
        assert!(Command::new("mkfifo").arg(repo.join("charts/shop/templates/job.yaml")).status().unwrap().success());
        assert_eq!(uri(&chart, "shop-app/templates/job.yaml"), ("stdin".into(), 8.into()));
        // A template that is a link out of the chart is not read either.
        std::fs::remove_file(repo.join("charts/shop/templates/job.yaml")).unwrap();
        symlink("/etc/passwd", &repo.join("charts/shop/templates/job.yaml"));
        assert_eq!(uri(&chart, "shop-app/templates/job.yaml"), ("stdin".into(), 8.into()));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs git in `dir`, which must succeed.
fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", "-c", "core.quotepath=true"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
}

/// `diff -o json EMPTY SIDE`: every object of SIDE as an addition, and every diagnostic as new; from git, with the
/// `REV:` of its file names taken out, so that disk and git compare.
fn additions(dir: &Path, args: &[&str], side: &str) -> (Option<i32>, String, String) {
    let out = run(dir, &[&["diff", "-o", "json"], args, &["empty", side]].concat());
    (out.status.code(), text(&out.stdout).replace("HEAD:", ""), text(&out.stderr).replace("HEAD:", ""))
}

#[cfg(unix)]
#[test]
fn diff_reads_from_git_what_it_reads_from_disk() {
    let dir = scratch("git");
    let latin1 = b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n";
    let big = format!("{}data:\n  x: \"{}\"\n", config_map("big"), "x".repeat(3000));
    write(
        &dir,
        &[
            ("deploy/données.yaml", config_map("donnees").as_bytes()),
            ("deploy/tab\tname.yaml", config_map("tab").as_bytes()),
            ("deploy/quote\"d.yaml", config_map("quoted").as_bytes()),
            ("deploy/latin1.yaml", latin1),
            ("deploy/big.yaml", big.as_bytes()),
            ("deploy/job.yaml", TYPO.as_bytes()),
            ("deploy/notes.txt", b"not a manifest\n"),
            ("deploy/base/inner.txt", config_map("inner").as_bytes()),
            ("deploy/sub/deep.yaml", config_map("deep").as_bytes()),
            // The configuration: a manifest's text, so that reading it as one would add an object.
            ("deploy/.hookplan.yaml", config_map("configuration").as_bytes()),
            ("empty/.keep", b""),
        ],
    );
    symlink("base/inner.txt", &dir.join("deploy/inner.yaml"));
    symlink("sub", &dir.join("deploy/dir-link.yaml"));
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "tree"]);
    for args in [&[][..], &["--recursive"], &["--max-input-size", "2KiB"], &["--engine", "helm", "-r"]] {
        let disk = additions(&dir, args, "deploy");
        let from_git = additions(&dir, args, "HEAD:deploy");
        assert_eq!(disk.0, Some(1), "{args:?}: {}", disk.2);
        assert_eq!(from_git, disk, "{args:?}: git and disk differ");
        for name in ["donnees", "tab", "quoted", "inner"] {
            assert!(disk.1.contains(&format!("ConfigMap/{name}")), "{args:?}: {name} is read: {}", disk.1);
        }
        assert!(!disk.1.contains("configuration"), "the configuration file is not a manifest");
        assert_eq!(disk.1.contains("ConfigMap/deep"), args.contains(&"-r") || args.contains(&"--recursive"));
        assert!(disk.1.contains("latin1.yaml"), "the non-UTF-8 file is a diagnostic of its own: {}", disk.1);
    }
    let limited = additions(&dir, &["--max-input-size", "2KiB"], "HEAD:deploy").1;
    assert!(limited.contains("the input goes past the limit of 2048 bytes"), "{limited}");
    // The two sides of the same tree: the same plan.
    let out = run(&dir, &["diff", "-r", "deploy", "HEAD:deploy"]);
    assert_eq!((out.status.code(), text(&out.stdout)), (Some(0), "The Argo CD sync plan is the same.\n".into()));
    // A file named, from git and from disk.
    let named = additions(&dir, &[], "HEAD:deploy/données.yaml");
    assert_eq!(named, additions(&dir, &[], "deploy/données.yaml"));
    assert!(named.1.contains("ConfigMap/donnees"), "{}", named.1);
    let limited = ["--max-input-size", "2KiB"];
    let big_named = additions(&dir, &limited, "HEAD:deploy/big.yaml");
    assert_eq!(big_named, additions(&dir, &limited, "deploy/big.yaml"));
    assert!(big_named.1.contains("the input goes past the limit of 2048 bytes"), "{}", big_named.1);
    // A link out of the tree: reported by both sides, by path.
    symlink("../../etc/passwd", &dir.join("deploy/passwd.yaml"));
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "link out"]);
    let out = run(&dir, &["diff", "HEAD:deploy", "deploy"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with(
            "error: BASE HEAD:deploy: HEAD:deploy/passwd.yaml: a symbolic link to ../../etc/passwd, outside the input: \
             not read"
        ),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stderr).contains("deploy/passwd.yaml"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn diff_runs_one_git_process_a_side() {
    let dir = scratch("git-count");
    let files: Vec<(String, String)> =
        (0..50).map(|i| (format!("deploy/d{}/cm{i}.yaml", i % 5), config_map(&format!("cm{i}")))).collect();
    write(&dir, &files.iter().map(|(p, c)| (p.as_str(), c.as_bytes())).collect::<Vec<_>>());
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "tree"]);
    // A `git` first on PATH that logs each run, then runs the real one.
    let real = text(&Command::new("sh").args(["-c", "command -v git"]).output().unwrap().stdout).trim().to_string();
    let shim = dir.join("shim");
    let log = dir.join("git.log");
    write(
        &shim,
        &[("git", format!("#!/bin/sh\necho \"$*\" >> '{}'\nexec '{real}' \"$@\"\n", log.display()).as_bytes())],
    );
    assert!(Command::new("chmod").arg("+x").arg(shim.join("git")).status().unwrap().success());
    let path = format!("{}:{}", shim.display(), std::env::var("PATH").unwrap_or_default());
    let out = finish(
        hookplan(&dir)
            .args(["diff", "-r", "HEAD:deploy", "HEAD:deploy"])
            .env("PATH", path)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let runs = std::fs::read_to_string(&log).unwrap();
    assert_eq!(runs, "cat-file --batch\ncat-file --batch\n", "one process a side, whatever the number of files");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn standard_input_named_twice_is_an_error() {
    let dir = scratch("stdin");
    for args in [&["lint", "-", "-"][..], &["plan", "-", "-"], &["diff", "-", "-"]] {
        let out = lint_stdin(&dir, args, TYPO);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            text(&out.stderr),
            "error: -: standard input is named more than once; it can be read only once\n",
            "{args:?}"
        );
        assert_eq!(text(&out.stdout), "", "{args:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn inputs_all_excluded_give_an_empty_document_in_every_format() {
    let dir = scratch("excluded");
    write(&dir, &[(".hookplan.yaml", b"paths:\n  exclude: ['deploy/**']\n"), ("deploy/job.yaml", TYPO.as_bytes())]);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    let out = |args: &[&str]| {
        let out = run(&dir, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out.stderr));
        assert_eq!(text(&out.stderr), "", "{args:?}");
        text(&out.stdout)
    };
    let json = |args: &[&str]| serde_json::from_str::<serde_json::Value>(&out(args)).unwrap();
    for input in ["deploy", "deploy/job.yaml"] {
        assert_eq!(json(&["lint", "-o", "json", input])["diagnostics"], serde_json::json!([]));
        let sarif = json(&["lint", "-o", "sarif", input]);
        assert_eq!(sarif["version"], "2.1.0");
        assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]), "{sarif}");
        assert_eq!(out(&["lint", "-o", "github", input]), "");
        let junit = out(&["lint", "-o", "junit", input]);
        let xml = roxmltree::Document::parse(&junit).unwrap();
        assert_eq!(xml.root_element().attribute("failures"), Some("0"), "{junit}");
        assert_eq!(out(&["lint", input]), "hookplan: no problems found in 0 files (0 resources)\n");
        let plan = json(&["plan", "-o", "json", input]);
        assert_eq!((plan["steps"].clone(), plan["excluded"].clone()), (serde_json::json!([]), serde_json::json!([])));
        assert!(out(&["plan", "-o", "mermaid", input]).starts_with("flowchart"));
        assert!(json(&["simulate", "-o", "json", input])["instructions"].is_array());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A Job with a fixed name and no BeforeHookCreation: the `named-hook-can-wedge` warning.
const WEDGE: &str = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: seed\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook-delete-policy: HookSucceeded\nspec:\n  activeDeadlineSeconds: 60\n";

#[test]
fn the_configuration_is_each_inputs_own() {
    let dir = scratch("config");
    let disable = b"rules: {disable: [named-hook-can-wedge]}\n";
    write(
        &dir,
        &[
            ("repo/a/.hookplan.yaml", disable),
            ("repo/a/job.yaml", WEDGE.as_bytes()),
            ("repo/b/job.yaml", WEDGE.as_bytes()),
            (".hookplan.yaml", disable),
            ("norepo/sub/job.yaml", WEDGE.as_bytes()),
            ("norepo/.hookplan.yaml", disable),
        ],
    );
    std::fs::create_dir_all(dir.join("repo/.git")).unwrap();
    let repo = dir.join("repo");
    let wedges = |cwd: &Path, args: &[&str]| text(&run(cwd, args).stdout).contains("named-hook-can-wedge");
    assert!(!wedges(&repo, &["lint", "a/job.yaml"]), "a's own configuration, from the repository root");
    assert!(!wedges(&repo, &["lint", "a"]));
    assert!(wedges(&repo, &["lint", "b/job.yaml"]), "b has none: the search stops at the repository root");
    assert!(wedges(&repo.join("a"), &["lint", "../b/job.yaml"]), "not the current directory's");
    let out = run(&repo, &["lint", "a/job.yaml", "b/job.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: the inputs a/job.yaml and b/job.yaml have different configuration files (a/.hookplan.yaml and no \
         configuration file): give --config, or run hookplan once per tree\n"
    );
    assert!(!wedges(&repo, &["lint", "--config", "a/.hookplan.yaml", "a/job.yaml", "b/job.yaml"]));
    // Outside a repository, the input's own directory only.
    assert!(wedges(&dir, &["lint", "norepo/sub/job.yaml"]), "no parent's configuration outside a repository");
    std::fs::rename(dir.join("norepo/.hookplan.yaml"), dir.join("norepo/sub/.hookplan.yaml")).unwrap();
    assert!(!wedges(&dir, &["lint", "norepo/sub/job.yaml"]), "the input's own directory");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_failed_write_never_panics() {
    let dir = scratch("full");
    write(&dir, &[("job.yaml", TYPO.as_bytes())]);
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else { return };
    // Standard error full: the error cannot be told, the status still tells it.
    let out = finish(
        hookplan(&dir)
            .args(["lint", "missing.yaml"])
            .stdout(Stdio::piped())
            .stderr(Stdio::from(full.try_clone().unwrap()))
            .spawn()
            .unwrap(),
    );
    assert_eq!(out.status.code(), Some(2));
    // Both full: the output cannot be written.
    let out = finish(
        hookplan(&dir)
            .args(["lint", "job.yaml"])
            .stdout(Stdio::from(full.try_clone().unwrap()))
            .stderr(Stdio::from(full))
            .spawn()
            .unwrap(),
    );
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_closed_pipe_keeps_the_exit_status() {
    let dir = scratch("pipe");
    let many: String = (0..2000).map(|i| TYPO.replace("name: seed", &format!("name: seed-{i}")) + "---\n").collect();
    write(&dir, &[("jobs.yaml", many.as_bytes()), ("ok.yaml", config_map("ok").as_bytes())]);
    for (file, status) in [("jobs.yaml", Some(1)), ("ok.yaml", Some(0))] {
        let mut child =
            hookplan(&dir).args(["lint", file]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        drop(child.stdout.take()); // the reader is gone (`| head -0`)
        let out = finish(child);
        assert_eq!(out.status.code(), status, "{file}: the run's own status: {}", text(&out.stderr));
        assert_eq!(text(&out.stderr), "", "quietly");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn files_given_by_options_pass_the_reader_limits() {
    let dir = scratch("options");
    let deep = format!(
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {{name: a}}\nspec: {}{}\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    let deep_config = format!("rules: {}{}\n", "{a: ".repeat(200), "}".repeat(200));
    write(
        &dir,
        &[
            ("app.yaml", deep.as_bytes()),
            ("deep.hookplan.yaml", deep_config.as_bytes()),
            ("job.yaml", WEDGE.as_bytes()),
            ("live.yaml", deep.as_bytes()),
        ],
    );
    let out = run(&dir, &["plan", "--application", "app.yaml", "job.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with("error: the Application app.yaml:4:"), "{stderr}");
    assert!(stderr.ends_with(": cannot read document 0: nesting deeper than 100 levels\n"), "{stderr}");
    let out = run(&dir, &["lint", "--application", "app.yaml", "--max-nesting", "10", "job.yaml"]);
    assert!(text(&out.stderr).contains("nesting deeper than 10 levels"), "{}", text(&out.stderr));
    let out = run(&dir, &["lint", "--config", "deep.hookplan.yaml", "job.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("error: deep.hookplan.yaml:1:")
            && text(&out.stderr).contains("nesting deeper than 100 levels"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&dir, &["lint", "--application", "job.yaml", "--max-input-size", "16", "job.yaml"]);
    assert!(text(&out.stderr).contains("goes past the limit of 16 bytes"), "{}", text(&out.stderr));
    let out = run(&dir, &["plan", "--live", "live.yaml", "job.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read document 0: nesting deeper than 100 levels"));
    // A long configuration is read (its positions are found in one pass), its last setting winning.
    let long: String = "rules:\n  disable:\n".to_string()
        + &"    - named-hook-can-wedge\n".repeat(120_000)
        + "  severity: {HP0012: error}\n";
    write(&dir, &[("long.hookplan.yaml", long.as_bytes())]);
    let out = run(&dir, &["lint", "-o", "json", "--config", "long.hookplan.yaml", "job.yaml"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["rule"], "named-hook-can-wedge");
    assert_eq!(json["diagnostics"][0]["severity"], "error");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn snippets_of_a_one_line_list_quote_a_window() {
    let dir = scratch("one-line");
    let items: Vec<String> = (0..3000)
        .map(|i| {
            format!(
                r#"{{"apiVersion":"batch/v1","kind":"Job","metadata":{{"name":"j{i}","annotations":{{"argocd.argoproj.io/hook":"Presync"}}}}}}"#
            )
        })
        .collect();
    let list = format!(r#"{{"apiVersion":"v1","kind":"List","items":[{}]}}"#, items.join(","));
    write(&dir, &[("list.json", list.as_bytes())]);
    let out = run(&dir, &["lint", "list.json"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.matches("error[unknown-hook-type]").count(), 3000);
    let longest = stdout.lines().map(|line| line.chars().count()).max().unwrap();
    assert!(longest <= 200, "a line of {longest} characters");
    assert!(
        stdout
            .contains("\n1 | …\":{\"name\":\"j2999\",\"annotations\":{\"argocd.argoproj.io/hook\":\"Presync\"}}}]}\n")
    );
    let middle = stdout.lines().find(|line| line.contains("\"j1500\"")).unwrap();
    assert!(middle.starts_with("1 | …") && middle.ends_with('…'), "a window in the line: {middle}");
    std::fs::remove_dir_all(&dir).unwrap();
}
