//! Reading a lint configuration file (`.hookplan.yaml`): its entries as written, each with its line and column.
//! What the entries mean (which rule a name is) is `crate::config`'s business.

use super::keep::Keep;
use super::node::{Node, Value};
use super::yaml::Reader;

/// A value as written, and its 1-based line and column.
pub(crate) type Spanned = (String, (usize, usize));

/// The entries of a configuration file.
#[derive(Debug, Default)]
pub(crate) struct RawConfig {
    /// `rules.disable`: rule names or codes.
    pub disable: Vec<Spanned>,
    /// `rules.severity`: (rule name or code, severity as written).
    pub severity: Vec<(Spanned, Spanned)>,
    /// `paths.exclude`: glob patterns.
    pub exclude: Vec<Spanned>,
}

/// A configuration file that cannot be read: the message and, when known, the 1-based line and column.
pub(crate) type ConfigFault = (String, Option<(usize, usize)>);

/// Reads the configuration `text`. Unknown keys are errors (a misspelt `disable` would silently do nothing), so are
/// values of the wrong shape; an empty file is an empty configuration.
pub(crate) fn read_config(text: &str) -> Result<RawConfig, ConfigFault> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let positions = Positions::new(text);
    let at = |offset: usize| positions.at(offset);
    let mut reader = Reader::new(text, 32);
    let root = reader.document(Keep::All).map_err(|err| (err.message, Some(at(err.offset))))?;
    if let Ok(Some(next)) = reader.document(Keep::Nothing)
        && !matches!(next.value, Value::Null)
    {
        return Err(("holds more than one YAML document; give one mapping".into(), Some(at(next.at))));
    }
    let mut config = RawConfig::default();
    let Some(root) = root else { return Ok(config) };
    if matches!(root.value, Value::Null) {
        return Ok(config);
    }
    for (key, _, value) in entries(&root, "the file", &["rules", "paths"], &at)? {
        match key {
            "rules" => {
                for (key, _, value) in entries(value, "`rules`", &["disable", "severity"], &at)? {
                    if key == "disable" {
                        config.disable = strings(value, "`rules.disable`", &at)?;
                    } else {
                        for (rule, rule_at, severity) in entries(value, "`rules.severity`", &[], &at)? {
                            let level = string(severity, &format!("`rules.severity.{rule}`"), &at)?;
                            config.severity.push(((rule.to_string(), at(rule_at)), level));
                        }
                    }
                }
            }
            _ => {
                for (_, _, value) in entries(value, "`paths`", &["exclude"], &at)? {
                    config.exclude = strings(value, "`paths.exclude`", &at)?;
                }
            }
        }
    }
    Ok(config)
}

/// The entries of a mapping (key, where the key is, value); `known` lists the keys allowed (empty: any key).
fn entries<'n, 'a>(
    node: &'n Node<'a>,
    what: &str,
    known: &[&str],
    at: &impl Fn(usize) -> (usize, usize),
) -> Result<Vec<(&'n str, usize, &'n Node<'a>)>, ConfigFault> {
    if matches!(node.value, Value::Null) {
        return Ok(Vec::new());
    }
    let Some(map) = node.value.map() else {
        return Err((format!("{what} must be a mapping, not {}", node.value.what()), Some(at(node.at))));
    };
    if let Some((key, where_)) = map.duplicates.first() {
        return Err((format!("`{key}` is given twice in {what}"), Some(at(*where_))));
    }
    let mut out = Vec::new();
    for entry in &map.entries {
        if !known.is_empty() && !known.contains(&entry.key.as_ref()) {
            let expected = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" or ");
            return Err((format!("unknown key `{}` in {what} (expected {expected})", entry.key), Some(at(entry.at))));
        }
        out.push((entry.key.as_ref(), entry.at, &entry.value));
    }
    Ok(out)
}

/// A sequence of strings.
fn strings(node: &Node<'_>, what: &str, at: &impl Fn(usize) -> (usize, usize)) -> Result<Vec<Spanned>, ConfigFault> {
    match &node.value {
        Value::Null => Ok(Vec::new()),
        Value::Seq(items) => items.iter().map(|item| string(item, &format!("an entry of {what}"), at)).collect(),
        other => Err((format!("{what} must be a list, not {}", other.what()), Some(at(node.at)))),
    }
}

/// A string (a plain scalar that YAML would read as a number or boolean counts as its text).
fn string(node: &Node<'_>, what: &str, at: &impl Fn(usize) -> (usize, usize)) -> Result<Spanned, ConfigFault> {
    match &node.value {
        Value::Str(s) | Value::Bool(s) | Value::Number(s) => Ok((s.to_string(), at(node.at))),
        other => Err((format!("{what} must be a string, not {}", other.what()), Some(at(node.at)))),
    }
}

/// The 1-based line and column (in characters) of byte offsets of one text, each found in time linear in the
/// distance from the offset asked before on the same line (the entries of a file are asked in order), or from its
/// line's start: a file of many entries is not rescanned for each.
struct Positions<'t> {
    text: &'t str,
    /// The offset at which each line starts.
    starts: Vec<usize>,
    /// The last offset asked, its line and column.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'t> Positions<'t> {
    fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Positions { text, starts, last: std::cell::Cell::new((0, 1, 1)) }
    }

    fn at(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        let (last_offset, last_line, last_column) = self.last.get();
        let (from, column) = if last_line == line && (line_start..=offset).contains(&last_offset) {
            (last_offset, last_column)
        } else {
            (line_start, 1)
        };
        let column = column + self.text[from..offset].chars().count();
        self.last.set((offset, line, column));
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_entry_with_its_position() {
        let text = "rules:\n  disable: [HP0032, hook-without-deadline]\n  severity:\n    not-a-resource: note\npaths:\n  exclude:\n    - 'charts/**'\n";
        let config = read_config(text).unwrap();
        assert_eq!(config.disable, [("HP0032".to_string(), (2, 13)), ("hook-without-deadline".to_string(), (2, 21))]);
        assert_eq!(config.severity, [(("not-a-resource".to_string(), (4, 5)), ("note".to_string(), (4, 21)))]);
        assert_eq!(config.exclude, [("charts/**".to_string(), (7, 7))]);
    }

    #[test]
    fn faults_name_the_line() {
        let fault = |text: &str| read_config(text).unwrap_err();
        assert_eq!(
            fault("rules:\n  disabled: [x]\n"),
            ("unknown key `disabled` in `rules` (expected `disable` or `severity`)".into(), Some((2, 3)))
        );
        assert_eq!(
            fault("rules:\n  disable: x\n"),
            ("`rules.disable` must be a list, not a string".into(), Some((2, 12)))
        );
        assert_eq!(fault("- a\n"), ("the file must be a mapping, not a sequence".into(), Some((1, 1))));
        assert_eq!(fault("rules: {disable: [a}\n").1, Some((1, 20)));
        assert!(read_config("").unwrap().disable.is_empty());
        let columns: Vec<(usize, usize)> =
            read_config("rules:\n  disable: [é, ü, x]\n").unwrap().disable.into_iter().map(|(_, at)| at).collect();
        assert_eq!(columns, [(2, 13), (2, 16), (2, 19)], "columns in characters");
        assert!(read_config("# nothing yet\n").unwrap().disable.is_empty());
    }
}
