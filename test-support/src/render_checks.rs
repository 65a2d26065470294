//! What every rendered output must hold, whatever the input: shared by the `render_*` fuzz targets (`fuzz/`, which
//! call the CLI's renderers directly) and by the CLI's tests over the hostile inputs of issue 15 and the corpus.

/// Whether a character would act on a terminal or a log rather than show (C0 and C1 controls but `\n`, DEL, the
/// line and paragraph separators, the bidirectional overrides and isolates).
fn acts(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A text output (table, lint text, Mermaid, simulation): no acting character, no line that GitHub Actions would
/// run as a workflow command, no line longer than `max_line` characters.
pub fn check_text(what: &str, out: &str, max_line: usize) {
    if let Some(c) = out.chars().find(|&c| acts(c)) {
        panic!("{what}: prints {c:?} raw");
    }
    for line in out.lines() {
        assert!(!line.trim_start().starts_with("::"), "{what}: a line GitHub Actions would run: {line}");
        let width = line.chars().count();
        assert!(width <= max_line, "{what}: a line of {width} characters");
    }
}

/// The lint outputs agree on the findings: as many text headers as JSON entries as SARIF results.
pub fn check_lint_outputs(text: &str, json: &str, sarif: &str) {
    let document = serde_json::from_str::<serde_json::Value>(json).expect("lint JSON parses");
    assert_eq!(document["schemaVersion"], 1, "lint JSON has its schema version");
    let count = document["diagnostics"].as_array().expect("lint JSON has a diagnostics array").len();
    let headers =
        text.lines().filter(|l| l.starts_with("error[") || l.starts_with("warning[") || l.starts_with("note[")).count();
    assert_eq!(headers, count, "lint text shows {headers} findings, JSON {count}");
    let sarif: serde_json::Value = serde_json::from_str(sarif).expect("SARIF parses");
    let results = sarif["runs"][0]["results"].as_array().expect("SARIF results").len();
    assert_eq!(results, count, "SARIF has {results} results, JSON {count}");
    for result in sarif["runs"][0]["results"].as_array().into_iter().flatten() {
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap_or("");
        assert!(
            uri.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~/%".contains(&b)),
            "SARIF URI is not percent-encoded: {uri}"
        );
    }
}

/// The table's header counts the tasks the plan JSON holds.
pub fn check_table_counts(table: &str, plan_json: &str) {
    let plan: serde_json::Value = serde_json::from_str(plan_json).expect("plan JSON parses");
    let tasks: usize =
        plan["steps"].as_array().into_iter().flatten().map(|s| s["tasks"].as_array().map_or(0, Vec::len)).sum();
    let header = table.lines().next().unwrap_or_default();
    assert!(header.contains(&format!(": {tasks} task")), "table header {header:?}, plan JSON {tasks} tasks");
}

/// Mermaid: nothing from the input can open a directive.
pub fn check_mermaid(out: &str) {
    assert!(!out.contains("%%{"), "Mermaid output holds a directive");
}

/// GitHub workflow commands: one command line a finding, nothing raw that could end one early or start another.
pub fn check_github(out: &str, findings: usize) {
    if let Some(c) = out.chars().find(|&c| acts(c)) {
        panic!("github output prints {c:?} raw");
    }
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), findings, "one command a finding");
    for line in lines {
        assert!(
            ["::error file=", "::warning file=", "::notice file="].iter().any(|p| line.starts_with(p)),
            "not a workflow command: {line}"
        );
    }
}

/// JUnit XML: well-formed, one test case a finding (one passing case when there is none), the failures counted.
pub fn check_junit(out: &str, findings: usize, failures: usize) {
    let document = roxmltree::Document::parse(out).unwrap_or_else(|e| panic!("JUnit output is not XML: {e}\n{out}"));
    let cases = document.descendants().filter(|n| n.has_tag_name("testcase")).count();
    assert_eq!(cases, findings.max(1), "one test case a finding");
    let failed = document.descendants().filter(|n| n.has_tag_name("failure")).count();
    assert_eq!(failed, failures, "errors and warnings fail");
    let suite = document.descendants().find(|n| n.has_tag_name("testsuite")).expect("a test suite");
    assert_eq!(suite.attribute("failures"), Some(failures.to_string().as_str()));
}

/// A simulation in which every task succeeds: safe text, JSON that parses, a last instruction `done` that
/// succeeded, and every task of the plan's steps named by some instruction (nothing lost on the way).
pub fn check_simulation(text: &str, json: &str, plan_json: &str) {
    check_text("simulation", text, 1000);
    let simulation: serde_json::Value = serde_json::from_str(json).expect("simulation JSON parses");
    assert_eq!(simulation["schemaVersion"], 1, "simulation JSON has its schema version");
    let instructions = simulation["instructions"].as_array().expect("simulation JSON has instructions");
    let last = instructions.last().expect("at least `done`");
    assert_eq!(last["instruction"], "done", "the simulation ends with `done`");
    assert_eq!(last["succeeded"], true, "every task succeeds, so does the operation: {json}");
    let named: std::collections::BTreeSet<u64> = instructions
        .iter()
        .flat_map(|i| i["tasks"].as_array().into_iter().flatten())
        .filter_map(|t| t["id"].as_u64())
        .collect();
    let plan: serde_json::Value = serde_json::from_str(plan_json).expect("plan JSON parses");
    let tasks: usize =
        plan["steps"].as_array().into_iter().flatten().map(|s| s["tasks"].as_array().map_or(0, Vec::len)).sum();
    assert!(named.len() >= tasks, "the simulation names {} tasks of the plan's {tasks}", named.len());
}
