//! `hookplan lint` output: rustc-style text, the diagnostics JSON, SARIF 2.1.0, GitHub workflow commands and JUnit.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

use anstyle::{AnsiColor, Style};
use hookplan::config::{IGNORE_CHECK_PREFIX, Suppression};
use hookplan::report::LintReport;
use hookplan::{Diagnostic, Rule, Severity, rules};
use serde_sarif::sarif::{
    ArtifactLocation, Location as SarifLocation, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Suppression as Suppression_, Tool, ToolComponent,
};

use crate::safe;
use crate::stream::Chunked;
use crate::templates::Templates;

/// The start of every line of the inputs, computed once per file (so that many findings do not rescan it), and
/// each line a finding quotes, decoded once (so that many findings on one huge line do not decode it again each).
#[derive(Default)]
struct LineStarts<'s> {
    by_file: HashMap<&'s str, Vec<usize>>,
    decoded: HashMap<(&'s str, usize), Line>,
}

/// A source line as text, and where each of its characters starts when they are not all one byte.
struct Line {
    text: String,
    /// The byte offset of each character, and the text's length last; `None` when the text is ASCII.
    offsets: Option<Vec<usize>>,
}

impl Line {
    fn new(text: String) -> Self {
        let offsets = (!text.is_ascii())
            .then(|| text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect());
        Line { text, offsets }
    }

    /// The number of characters.
    fn chars(&self) -> usize {
        self.offsets.as_ref().map_or(self.text.len(), |offsets| offsets.len() - 1)
    }

    /// Characters `from..to`.
    fn slice(&self, from: usize, to: usize) -> &str {
        match &self.offsets {
            Some(offsets) => &self.text[offsets[from]..offsets[to]],
            None => &self.text[from..to],
        }
    }
}

impl<'s> LineStarts<'s> {
    /// Line `line` (1-based) of `file`, without its line break; `None` when there is no such line.
    fn line(&mut self, sources: &'s HashMap<String, Vec<u8>>, file: &str, line: usize) -> Option<&Line> {
        let (name, bytes) = sources.get_key_value(file)?;
        let starts = self.by_file.entry(name.as_str()).or_insert_with(|| {
            std::iter::once(0)
                .chain(bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1))
                .collect()
        });
        let start = *starts.get(line.checked_sub(1)?)?;
        let end = starts.get(line).map_or(bytes.len(), |next| next - 1);
        Some(self.decoded.entry((name.as_str(), line)).or_insert_with(|| {
            let text = String::from_utf8_lossy(&bytes[start..end.max(start)]);
            Line::new(text.trim_end_matches('\r').to_string())
        }))
    }
}

/// The most of a source line shown, in characters: a finding in a huge one-line JSON file quotes a window.
const SNIPPET: usize = 100;

/// The longest rendered line, in bytes, looked for in a template (see `Report::place`).
const TEMPLATE_LINE: usize = 4096;

/// One diagnostic as rustc prints one: header, location, the source line with a caret under the annotation,
/// the help, and a pointer to `hookplan explain`. Every piece of the input is made safe to print.
fn render_one<'s>(
    out: &mut Chunked<'_>,
    diagnostic: &Diagnostic,
    severity: &str,
    sources: &'s HashMap<String, Vec<u8>>,
    lines: &mut LineStarts<'s>,
) {
    let at = &diagnostic.location;
    let _ = writeln!(out, "{severity}[{}]: {}", diagnostic.rule.name, safe::text(&diagnostic.message));
    let gutter = " ".repeat(at.line.to_string().len());
    match &at.template {
        Some(template) => {
            let _ =
                writeln!(out, "{gutter}--> {} (rendered from {})", safe::text(&at.to_string()), safe::text(template));
        }
        None => {
            let _ = writeln!(out, "{gutter}--> {}", safe::text(&at.to_string()));
        }
    }
    if let Some(line) = lines.line(sources, &at.file, at.line) {
        let length = line.chars();
        let column = at.column.saturating_sub(1).min(length);
        // A window of at most SNIPPET characters around the column: the work is the window's, not the line's.
        let from = column.saturating_sub(SNIPPET / 3);
        let to = (from + SNIPPET).min(length);
        let shown = line.slice(from, to).replace('\t', " ");
        let (lead, tail) = (if from > 0 { "…" } else { "" }, if to < length { "…" } else { "" });
        let marked = line.slice(column, to).trim_end().chars().count();
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

/// Where the rules are documented, one section a rule (`docs/rules.md#<rule-name>`).
const RULES_URL: &str = "https://github.com/hookplan/hookplan/blob/main/docs/rules.md";

/// A rule's documentation link.
pub fn rule_url(rule: &Rule) -> String {
    format!("{RULES_URL}#{}", rule.name)
}

/// What `hookplan lint` prints, in each output format.
pub struct Report<'a> {
    /// The findings after the rule configuration and suppressions.
    pub findings: &'a LintReport,
    /// The bytes of every input, by the name used in locations (source lines for the text output).
    pub sources: &'a HashMap<String, Vec<u8>>,
    /// How many resources were checked.
    pub resources: usize,
    /// `--show-suppressed`: list the suppressed findings in the text output too.
    pub show_suppressed: bool,
    /// `--quiet`: the text output is one line a finding, without snippets or summary.
    pub quiet: bool,
    /// Colour the text output (ANSI styles).
    pub color: bool,
    /// Where `# Source:` templates are (`--chart-dir`), for SARIF and GitHub output.
    pub templates: &'a Templates,
}

impl Report<'_> {
    /// The text report: every finding as rustc prints one (one line each with `--quiet`), the suppressed ones with
    /// `--show-suppressed`, then one summary line.
    ///
    /// # Errors
    ///
    /// Write errors.
    pub fn text(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let diagnostics = &self.findings.diagnostics;
        let mut out = Chunked::new(out);
        if self.quiet {
            for d in diagnostics {
                let _ = writeln!(
                    out,
                    "{}: {}[{}]: {}",
                    safe::text(&d.location.to_string()),
                    self.styled(d.severity),
                    d.rule.name,
                    safe::text(&d.message)
                );
            }
            return out.finish();
        }
        let mut lines = LineStarts::default();
        for diagnostic in diagnostics {
            render_one(&mut out, diagnostic, &self.styled(diagnostic.severity), self.sources, &mut lines);
        }
        let suppressed = &self.findings.suppressed;
        if self.show_suppressed {
            for s in suppressed {
                let why = match &s.suppression {
                    Suppression::Annotation { reason, location } => format!(
                        "silenced by `{IGNORE_CHECK_PREFIX}{}` at {}: {}",
                        s.diagnostic.rule.name,
                        safe::text(&location.to_string()),
                        if reason.trim().is_empty() { "(no reason given)".into() } else { safe::text(reason) }
                    ),
                    _ => "silenced: the rule is disabled by the configuration".to_string(),
                };
                let mut shown = s.diagnostic.clone();
                shown.help = Some(why);
                render_one(&mut out, &shown, "suppressed", self.sources, &mut lines);
            }
        }
        let files = diagnostics.iter().map(|d| d.location.file.as_ref()).collect::<BTreeSet<_>>().len();
        let mut summary = if diagnostics.is_empty() {
            format!(
                "hookplan: no problems found in {} ({})",
                plural(self.sources.len(), "file"),
                plural(self.resources, "resource")
            )
        } else {
            format!(
                "hookplan: {}, {}, {} in {} ({} checked)",
                plural(count(diagnostics, Severity::Error), "error"),
                plural(count(diagnostics, Severity::Warning), "warning"),
                plural(count(diagnostics, Severity::Note), "note"),
                plural(files, "file"),
                plural(self.resources, "resource"),
            )
        };
        if !suppressed.is_empty() {
            let hint = if self.show_suppressed { "" } else { " (--show-suppressed lists them)" };
            let _ = write!(summary, "; {} suppressed{hint}", suppressed.len());
        }
        let bold = if self.color { Style::new().bold() } else { Style::new() };
        let _ = writeln!(out, "{bold}{summary}{bold:#}");
        out.finish()
    }

    /// A severity as the text output shows it: coloured when wanted.
    fn styled(&self, severity: Severity) -> String {
        if !self.color {
            return severity.to_string();
        }
        let color = match severity {
            Severity::Error => AnsiColor::Red,
            Severity::Warning => AnsiColor::Yellow,
            _ => AnsiColor::Cyan,
        };
        let style = Style::new().bold().fg_color(Some(color.into()));
        format!("{style}{severity}{style:#}")
    }

    /// SARIF 2.1.0 for GitHub code scanning (see [`sarif_log`]), with the findings silenced by an annotation as
    /// suppressed results (`kind: inSource`, the reason as justification), so that code scanning closes them.
    pub fn sarif(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let silenced = self.findings.suppressed.iter().filter_map(|s| match &s.suppression {
            Suppression::Annotation { reason, .. } => Some((&s.diagnostic, reason.as_str())),
            _ => None,
        });
        let mut lines = LineStarts::default();
        let results: Vec<(&Diagnostic, Option<&str>, Place)> = self
            .findings
            .diagnostics
            .iter()
            .map(|d| (d, None))
            .chain(silenced.map(|(d, r)| (d, Some(r))))
            .map(|(d, r)| (d, r, self.place(d, &mut lines)))
            .collect();
        sarif_log(out, &results)
    }

    /// GitHub Actions workflow commands (see [`github_at`]); suppressed findings are not shown. A finding in a
    /// rendered chart points at its template, on the template's line when it can be found.
    ///
    /// # Errors
    ///
    /// Write errors.
    pub fn github(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut lines = LineStarts::default();
        let findings = self.findings.diagnostics.iter().map(|d| (d, self.place(d, &mut lines)));
        github_at(out, findings)
    }

    /// Where a finding is shown in SARIF and GitHub output: the input file and position, or for a document of
    /// `helm template` output its template (with `--chart-dir`, as a repository path) and the template's line when
    /// it can be found. A template that is not there to read (no `--chart-dir`, run elsewhere) is not pointed at:
    /// the finding stays on the rendered input, and its message names the template.
    fn place<'s>(&'s self, d: &Diagnostic, lines: &mut LineStarts<'s>) -> Place {
        let at = &d.location;
        if let Some((template, path)) =
            at.template.as_deref().and_then(|t| Some((t, self.templates.path(t, &at.file)?)))
        {
            // A line past a template line's plausible length matches none: it is not copied for each finding.
            let rendered = lines
                .line(self.sources, &at.file, at.line)
                .filter(|line| line.text.len() <= TEMPLATE_LINE)
                .map(|line| line.text.clone())
                .unwrap_or_default();
            let line = self.templates.line(template, &at.file, &rendered);
            return Place { file: path.to_string_lossy().into_owned(), line, column: None };
        }
        let file = if at.file.as_ref() == "-" { "stdin".to_string() } else { at.file.to_string() };
        Place { file, line: Some(at.line), column: Some(at.column) }
    }

    /// JUnit XML (see [`junit`]); suppressed findings are not shown.
    ///
    /// # Errors
    ///
    /// Write errors.
    pub fn junit(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        junit(out, &self.findings.diagnostics)
    }
}

fn sarif_level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        _ => ResultLevel::Note,
    }
}

fn sarif_rule(rule: &Rule) -> ReportingDescriptor {
    let markdown = format!(
        "{}\n\n**Fix:** {}\n\n`hookplan explain {}` prints this; [the rule catalogue]({}) lists every rule.",
        rule.explanation,
        rule.fix,
        rule.name,
        rule_url(rule)
    );
    ReportingDescriptor::builder()
        .id(rule.code)
        .name(rule.name)
        .short_description(MultiformatMessageString::builder().text(rule.summary).build())
        .full_description(MultiformatMessageString::builder().text(rule.explanation).build())
        .help(MultiformatMessageString::builder().text(rule.fix).markdown(markdown).build())
        .help_uri(rule_url(rule))
        .default_configuration(
            ReportingConfiguration::builder().level(serde_json::to_value(sarif_level(rule.severity)).unwrap()).build(),
        )
        .properties(PropertyBag::builder().tags(vec!["argocd".into(), "helm".into(), "kubernetes".into()]).build())
        .build()
}

/// A SARIF 2.1.0 log that GitHub code scanning accepts, built on serde-sarif's typed model: the whole rule
/// catalogue in the tool driver (each rule with its help text and link), one result per diagnostic with its rule
/// index, level, message and region, and the justification of its suppression when it is suppressed. A template's
/// findings whose line cannot be found point at its first line (code scanning wants a region).
fn sarif_log(out: &mut dyn std::io::Write, results: &[(&Diagnostic, Option<&str>, Place)]) -> std::io::Result<()> {
    let results: Vec<SarifResult> = results
        .iter()
        .map(|(d, suppression, place)| {
            let index = rules::ALL.iter().position(|r| r.code == d.code).unwrap_or(0);
            let uri = uri_reference(&place.file);
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                let _ = write!(message, " (help: {help})");
            }
            if let Some(template) = &d.location.template {
                let _ = write!(message, " (rendered from {template}, at {})", d.location);
            }
            let line = i64::try_from(place.line.unwrap_or(1)).unwrap_or(i64::MAX);
            let region = match place.column {
                Some(column) => {
                    Region::builder().start_line(line).start_column(i64::try_from(column).unwrap_or(i64::MAX)).build()
                }
                None => Region::builder().start_line(line).build(),
            };
            let location = SarifLocation::builder()
                .physical_location(
                    PhysicalLocation::builder()
                        .artifact_location(ArtifactLocation::builder().uri(uri).build())
                        .region(region)
                        .build(),
                )
                .build();
            let result = SarifResult::builder()
                .rule_id(d.code)
                .rule_index(i64::try_from(index).unwrap_or(0))
                .level(sarif_level(d.severity))
                .message(Message::builder().text(message).build())
                .locations(vec![location]);
            match suppression {
                Some(reason) => result
                    .suppressions(vec![
                        Suppression_::builder()
                            .kind(serde_json::json!("inSource"))
                            .justification((*reason).to_string())
                            .build(),
                    ])
                    .build(),
                None => result.build(),
            }
        })
        .collect();
    let driver = ToolComponent::builder()
        .name("hookplan")
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri("https://github.com/hookplan/hookplan")
        .rules(rules::ALL.iter().map(|r| sarif_rule(r)).collect::<Vec<_>>())
        .build();
    let run = Run::builder().tool(Tool::builder().driver(driver).build()).results(results).build();
    let log = Sarif::builder()
        .schema("https://json.schemastore.org/sarif-2.1.0.json")
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_writer_pretty(&mut *out, &log).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
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

/// [`github_at`] with every finding at its own input position.
#[cfg(test)]
pub fn github(diagnostics: &[Diagnostic]) -> String {
    let findings = diagnostics.iter().map(|d| {
        let file = if d.location.file.as_ref() == "-" { "stdin".to_string() } else { d.location.file.to_string() };
        (d, Place { file, line: Some(d.location.line), column: Some(d.location.column) })
    });
    crate::stream::to_string(|out| github_at(out, findings))
}

/// Where a finding is shown in SARIF and GitHub output.
struct Place {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
}

/// GitHub Actions workflow commands, one line a finding: `::error file=F,line=L,col=C,title=hookplan RULE (CODE)::message`
/// (`warning` and `notice` for the other severities). Everything taken from the input is escaped as the runner
/// expects (`%`, CR and LF in the message; also `:` and `,` in properties), so no value can end the command early
/// or start another (actions/toolkit `packages/core/src/command.ts`, `escapeData` and `escapeProperty`), and
/// every other character that acts on a log (controls, bidirectional overrides) is then written as an escape
/// ([`safe::text`]). `places` says where each finding is shown (its template for a rendered chart).
fn github_at<'d>(
    out: &mut dyn std::io::Write,
    findings: impl Iterator<Item = (&'d Diagnostic, Place)>,
) -> std::io::Result<()> {
    let data = |text: &str| text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    let property = |text: &str| data(text).replace(':', "%3A").replace(',', "%2C");
    let mut out = Chunked::new(out);
    for (d, place) in findings {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            _ => "notice",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            let _ = write!(message, " (help: {help})");
        }
        if let Some(template) = &d.location.template {
            let _ = write!(message, " (rendered from {template}, at {})", d.location);
        }
        let mut position = String::new();
        if let Some(line) = place.line {
            let _ = write!(position, ",line={line}");
        }
        if let Some(column) = place.column {
            let _ = write!(position, ",col={column}");
        }
        let _ = writeln!(
            out,
            "::{command} file={}{position},title={}::{}",
            safe::text(&property(&place.file)),
            property(&format!("hookplan {} ({})", d.rule.name, d.code)),
            safe::text(&data(&message))
        );
    }
    out.finish()
}

/// JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines): one test case a finding,
/// named by rule and place, in a `hookplan lint` suite; errors and warnings are failures (`type` says which), notes
/// pass with their text in `system-out`; no finding is one passing case. Input text is shown with control
/// characters escaped (XML 1.0 cannot carry most of them, even as references) and XML-escaped.
pub fn junit(out: &mut dyn std::io::Write, diagnostics: &[Diagnostic]) -> std::io::Result<()> {
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
    let mut out = Chunked::new(out);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
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
    out.finish()
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
        let xml = crate::stream::to_string(|out| junit(out, &[d]));
        assert!(xml.contains("<testsuite name=\"hookplan lint\" tests=\"1\" failures=\"1\""), "{xml}");
        assert!(
            xml.contains(
                "<testcase classname=\"a&amp;b.yaml\" name=\"invalid-sync-wave (HP0002) at a&amp;b.yaml:3:5\">"
            )
        );
        assert!(xml.contains("<failure type=\"error\" message=\"wave &quot;&lt;x&gt;\\u{1b}&quot;\">"), "{xml}");
        assert!(!xml.contains('\u{1b}'));
        assert!(
            crate::stream::to_string(|out| junit(out, &[]))
                .contains("<testcase classname=\"hookplan\" name=\"no problems found\"/>")
        );
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
