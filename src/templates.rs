//! Findings on the chart's own files: a document of `helm template` output names its template in a `# Source:
//! <chart>/templates/<file>` comment (the library puts it in `Location::template`); this maps it to a path in the
//! repository (`--chart-dir`) and, when the template is there to read, to the template's line.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Template paths and lines, read once each.
#[derive(Default)]
pub struct Templates {
    /// `--chart-dir`: the chart directory `helm template` rendered, standing for the `<chart>` part of the path.
    chart_dir: Option<PathBuf>,
    /// The lines of each template read (`None`: not readable).
    read: RefCell<HashMap<PathBuf, Option<Vec<String>>>>,
}

impl Templates {
    /// Paths resolved against `chart_dir` when given.
    pub fn new(chart_dir: Option<PathBuf>) -> Self {
        Templates { chart_dir, read: RefCell::default() }
    }

    /// The template's path as the repository has it: with `--chart-dir DIR`, `DIR/templates/x.yaml` for
    /// `chart/templates/x.yaml` (Helm names the chart by its `Chart.yaml` name, which need not be the directory's);
    /// otherwise as written.
    pub fn path(&self, template: &str) -> PathBuf {
        match &self.chart_dir {
            Some(dir) => match template.split_once('/') {
                Some((_, rest)) => dir.join(rest),
                None => dir.join(template),
            },
            None => PathBuf::from(template),
        }
    }

    /// The line of the template that rendered `rendered` (a line of the output), when the template can be read and
    /// exactly one of its lines is that line, or else exactly one starts with the same `key:`. Templated lines
    /// (`{{ ... }}`) seldom match, and then there is no line.
    pub fn line(&self, template: &str, rendered: &str) -> Option<usize> {
        let path = self.path(template);
        let mut read = self.read.borrow_mut();
        let lines = read.entry(path.clone()).or_insert_with(|| read_lines(&path)).as_ref()?;
        let wanted = rendered.trim();
        if wanted.is_empty() {
            return None;
        }
        let only = |matches: &dyn Fn(&str) -> bool| {
            let mut found = lines.iter().enumerate().filter(|(_, line)| matches(line.trim()));
            match (found.next(), found.next()) {
                (Some((index, _)), None) => Some(index + 1),
                _ => None,
            }
        };
        only(&|line| line == wanted).or_else(|| {
            let key = wanted.split_once(':').map(|(key, _)| format!("{}:", key.trim_start_matches("- ")))?;
            only(&|line| line.trim_start_matches("- ").starts_with(&key))
        })
    }
}

fn read_lines(path: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(text.lines().map(str::to_string).collect())
}

#[cfg(test)]
mod tests {
    use super::Templates;
    use std::path::PathBuf;

    #[test]
    fn paths_resolve_against_the_chart_dir() {
        let templates = Templates::new(Some(PathBuf::from("charts/shop")));
        assert_eq!(templates.path("shop-app/templates/job.yaml"), PathBuf::from("charts/shop/templates/job.yaml"));
        assert_eq!(
            templates.path("shop-app/charts/redis/templates/sts.yaml"),
            PathBuf::from("charts/shop/charts/redis/templates/sts.yaml")
        );
        assert_eq!(Templates::default().path("shop/templates/job.yaml"), PathBuf::from("shop/templates/job.yaml"));
    }

    #[test]
    fn lines_are_found_when_they_are_unambiguous() {
        let dir = std::env::temp_dir().join(format!("hookplan-templates-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("templates")).unwrap();
        std::fs::write(
            dir.join("templates/job.yaml"),
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-seed\n  annotations:\n    \
             argocd.argoproj.io/hook: {{ .Values.hook }}\n    argocd.argoproj.io/hook-delete-policy: HookSucceeded\n",
        )
        .unwrap();
        let templates = Templates::new(Some(dir.clone()));
        let line = |rendered: &str| templates.line("app/templates/job.yaml", rendered);
        assert_eq!(line("    argocd.argoproj.io/hook-delete-policy: HookSucceeded"), Some(7), "the same line");
        assert_eq!(line("    argocd.argoproj.io/hook: Presync"), Some(6), "the same key");
        assert_eq!(line("  name: shop-seed"), Some(4));
        assert_eq!(line("kind: Pod"), Some(2));
        assert_eq!(line("  labels: {}"), None, "not in the template");
        assert_eq!(templates.line("app/templates/missing.yaml", "kind: Job"), None);
    }
}
