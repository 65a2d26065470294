//! `hookplan lint` output: rustc-style text, the diagnostics JSON array, and SARIF 2.1.0.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

use hookplan::{Diagnostic, Rule, Severity, rules};
use serde_json::{Value, json};

use crate::safe;

/// The start of every line of the inputs, computed once per file (so that many findings do not rescan it).
#[derive(Default)]
struct LineStarts<'s> {
    by_file: HashMap<&'s str, Vec<usize>>,
}

impl<'s> LineStarts<'s> {
    /// Line `line` (1-based) of `file`, without its line break; `None` when there is no such line.
    fn line(&mut self, sources: &'s HashMap<String, Vec<u8>>, file: &str, line: usize) -> Option<String> {
        let (name, bytes) = sources.get_key_value(file)?;
        let starts = self.by_file.entry(name.as_str()).or_insert_with(|| {
            std::iter::once(0)
                .chain(bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1))
                .collect()
        });
        let start = *starts.get(line.checked_sub(1)?)?;
        let end = starts.get(line).map_or(bytes.len(), |next| next - 1);
        let text = String::from_utf8_lossy(&bytes[start..end.max(start)]);
        Some(text.trim_end_matches('\r').to_string())
    }
}

/// The most of a source line shown, in characters: a finding in a huge one-line JSON file quotes a window.
const SNIPPET: usize = 100;

/// One diagnostic as rustc prints one: header, location, the source line with a caret under the annotation,
/// the help, and a pointer to `hookplan explain`. Every piece of the input is made safe to print.
fn render_one<'s>(
    out: &mut String,
    diagnostic: &Diagnostic,
    sources: &'s HashMap<String, Vec<u8>>,
    lines: &mut LineStarts<'s>,
) {
    let at = &diagnostic.location;
    let _ = writeln!(out, "{}[{}]: {}", diagnostic.severity, diagnostic.rule.name, safe::text(&diagnostic.message));
    let gutter = " ".repeat(at.line.to_string().len());
    let _ = writeln!(out, "{gutter}--> {}", safe::text(&at.to_string()));
    if let Some(line) = lines.line(sources, &at.file, at.line) {
        let chars: Vec<char> = line.chars().map(|c| if c == '\t' { ' ' } else { c }).collect();
        let column = at.column.saturating_sub(1).min(chars.len());
        // A window of at most SNIPPET characters around the column.
        let from = column.saturating_sub(SNIPPET / 3);
        let to = (from + SNIPPET).min(chars.len());
        let shown: String = chars[from..to].iter().collect();
        let (lead, tail) = (if from > 0 { "…" } else { "" }, if to < chars.len() { "…" } else { "" });
        let marked = chars[column..to].iter().collect::<String>().trim_end().chars().count();
        let _ = writeln!(out, "{gutter} |");
        let _ = writeln!(out, "{} | {lead}{}{tail}", at.line, safe::text(&shown));
        let _ = writeln!(
            out,
            "{gutter} | {}{}",
            " ".repeat(column - from + lead.chars().count()),
            "^".repeat(marked.max(1))
        );
        let _ = writeln!(out, "{gutter} |");
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "{gutter} = help: {}", safe::text(help));
    }
    let _ = writeln!(
        out,
        "{gutter} = note: {} {}; `hookplan explain {}` says why\n",
        diagnostic.code, diagnostic.rule.name, diagnostic.rule.name
    );
}

fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics.iter().filter(|d| d.severity == severity).count()
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The text report: every diagnostic, then a summary line.
pub fn text(diagnostics: &[Diagnostic], sources: &HashMap<String, Vec<u8>>, resources: usize) -> String {
    let mut out = String::new();
    let mut lines = LineStarts::default();
    for diagnostic in diagnostics {
        render_one(&mut out, diagnostic, sources, &mut lines);
    }
    let files = diagnostics.iter().map(|d| d.location.file.as_ref()).collect::<BTreeSet<_>>().len();
    if diagnostics.is_empty() {
        let _ = writeln!(
            out,
            "hookplan: no problems found in {} ({})",
            plural(sources.len(), "file"),
            plural(resources, "resource")
        );
    } else {
        let _ = writeln!(
            out,
            "hookplan: {}, {}, {} in {} ({} checked)",
            plural(count(diagnostics, Severity::Error), "error"),
            plural(count(diagnostics, Severity::Warning), "warning"),
            plural(count(diagnostics, Severity::Note), "note"),
            plural(files, "file"),
            plural(resources, "resource"),
        );
    }
    out
}

/// `{"schemaVersion": 1, "diagnostics": [...]}`: the diagnostics as in the plan JSON contract, under the same
/// schema version, so that a consumer can tell a format it knows.
pub fn json(diagnostics: &[Diagnostic]) -> String {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Document<'a> {
        schema_version: u32,
        diagnostics: &'a [Diagnostic],
    }
    let document = Document { schema_version: hookplan::plan::SCHEMA_VERSION, diagnostics };
    serde_json::to_string_pretty(&document).expect("diagnostics always serialise") + "\n"
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        _ => "note",
    }
}

fn sarif_rule(rule: &Rule) -> Value {
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": rule.explanation },
        "help": { "text": rule.fix },
        "defaultConfiguration": { "level": sarif_level(rule.severity) },
        "properties": { "tags": ["argocd", "helm", "kubernetes"] }
    })
}

/// A SARIF 2.1.0 log that GitHub code scanning accepts: the whole rule catalogue in the tool driver, one result
/// per diagnostic with its rule index, level, message and region.
pub fn sarif(diagnostics: &[Diagnostic]) -> String {
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let index = rules::ALL.iter().position(|r| r.code == d.code).unwrap_or(0);
            let uri =
                if d.location.file.as_ref() == "-" { "stdin".to_string() } else { uri_reference(&d.location.file) };
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                let _ = write!(message, " (help: {help})");
            }
            json!({
                "ruleId": d.code,
                "ruleIndex": index,
                "level": sarif_level(d.severity),
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": { "startLine": d.location.line, "startColumn": d.location.column }
                    }
                }]
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "hookplan",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://crates.io/crates/hookplan",
                    "rules": rules::ALL.iter().map(|r| sarif_rule(r)).collect::<Vec<_>>()
                }
            },
            "results": results
        }]
    });
    serde_json::to_string_pretty(&log).expect("SARIF always serialises") + "\n"
}

/// `hookplan explain RULE`: the rule's explanation, as `rustc --explain` prints one.
pub fn explain(rule: &Rule) -> String {
    let mut out = format!("{} ({}, {} by default): {}\n\n", rule.name, rule.code, rule.severity, rule.summary);
    let mut line = String::new();
    for word in rule.explanation.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > 100 {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    let _ = write!(out, "\n\nFix: {}\n", rule.fix);
    out
}

/// `hookplan explain --list`: one line per rule.
pub fn list() -> String {
    let mut out = String::new();
    for rule in rules::ALL {
        let _ = writeln!(out, "{}  {:<28} {:<8} {}", rule.code, rule.name, rule.severity, rule.summary);
    }
    out
}

/// GitHub Actions workflow commands, one line a finding: `::error file=F,line=L,col=C,title=hookplan RULE (CODE)::message`
/// (`warning` and `notice` for the other severities). Everything taken from the input is escaped as the runner
/// expects (`%`, CR and LF in the message; also `:` and `,` in properties), so no value can end the command early
/// or start another (actions/toolkit `packages/core/src/command.ts`, `escapeData` and `escapeProperty`).
pub fn github(diagnostics: &[Diagnostic]) -> String {
    let data = |text: &str| text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    let property = |text: &str| data(text).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            _ => "notice",
        };
        let file = if d.location.file.as_ref() == "-" { "stdin" } else { d.location.file.as_ref() };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            let _ = write!(message, " (help: {help})");
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},title={}::{}",
            property(file),
            d.location.line,
            d.location.column,
            property(&format!("hookplan {} ({})", d.rule.name, d.code)),
            data(&message)
        );
    }
    out
}

/// JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines): one test case a finding,
/// named by rule and place, in a `hookplan lint` suite; errors and warnings are failures (`type` says which), notes
/// pass with their text in `system-out`; no finding is one passing case. Input text is shown with control
/// characters escaped (XML 1.0 cannot carry most of them, even as references) and XML-escaped.
pub fn junit(diagnostics: &[Diagnostic]) -> String {
    let xml = |text: &str| {
        safe::text(text)
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&apos;")
    };
    let failures = diagnostics.iter().filter(|d| matches!(d.severity, Severity::Error | Severity::Warning)).count();
    let tests = diagnostics.len().max(1);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"hookplan\" tests=\"{tests}\" failures=\"{failures}\">");
    let _ = writeln!(
        out,
        "  <testsuite name=\"hookplan lint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">"
    );
    if diagnostics.is_empty() {
        out.push_str("    <testcase classname=\"hookplan\" name=\"no problems found\"/>\n");
    }
    for d in diagnostics {
        let at = &d.location;
        let name = format!("{} ({}) at {}:{}:{}", d.rule.name, d.code, at.file, at.line, at.column);
        let _ = writeln!(out, "    <testcase classname=\"{}\" name=\"{}\">", xml(&at.file), xml(&name));
        let mut body = d.message.clone();
        if let Some(help) = &d.help {
            let _ = write!(body, "\nhelp: {help}");
        }
        match d.severity {
            Severity::Error | Severity::Warning => {
                let _ = writeln!(
                    out,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    d.severity,
                    xml(&d.message),
                    xml(&body)
                );
            }
            _ => {
                let _ = writeln!(out, "      <system-out>{}: {}</system-out>", d.severity, xml(&body));
            }
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// A path as a URI reference (RFC 3986), as SARIF's `artifactLocation.uri` must be: every byte but the unreserved
/// ones and `/` is percent-encoded, so a space, `#`, `?`, `%`, `:` or a non-ASCII name cannot change its meaning.
fn uri_reference(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{github, junit, uri_reference};
    use hookplan::{Diagnostic, Location, rules};

    #[test]
    fn junit_escapes_and_counts() {
        let at = Location::new("a&b.yaml", 0, 3, 5);
        let d = Diagnostic::new(&rules::INVALID_SYNC_WAVE, "wave \"<x>\u{1b}\"".into(), None, at);
        let xml = junit(&[d]);
        assert!(xml.contains("<testsuite name=\"hookplan lint\" tests=\"1\" failures=\"1\""), "{xml}");
        assert!(
            xml.contains(
                "<testcase classname=\"a&amp;b.yaml\" name=\"invalid-sync-wave (HP0002) at a&amp;b.yaml:3:5\">"
            )
        );
        assert!(xml.contains("<failure type=\"error\" message=\"wave &quot;&lt;x&gt;\\u{1b}&quot;\">"), "{xml}");
        assert!(!xml.contains('\u{1b}'));
        assert!(junit(&[]).contains("<testcase classname=\"hookplan\" name=\"no problems found\"/>"));
    }

    #[test]
    fn github_commands_escape_what_they_quote() {
        let at = Location::new("a,b:c%.yaml", 0, 3, 5);
        let d = Diagnostic::new(&rules::INVALID_SYNC_WAVE, "wave \"x\n::error::owned\" 100%".into(), None, at);
        assert_eq!(
            github(&[d]),
            "::error file=a%2Cb%3Ac%25.yaml,line=3,col=5,title=hookplan invalid-sync-wave (HP0002)::wave \"x%0A::error::owned\" 100%25\n"
        );
    }

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(uri_reference("charts/app/templates/job.yaml"), "charts/app/templates/job.yaml");
        assert_eq!(uri_reference("my dir/a#1?.yaml"), "my%20dir/a%231%3F.yaml");
        assert_eq!(uri_reference("c:\\x/100%.yaml"), "c%3A%5Cx/100%25.yaml");
        assert_eq!(uri_reference("é.yaml"), "%C3%A9.yaml");
    }
}
