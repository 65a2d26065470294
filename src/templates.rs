//! Findings on the chart's own files: a document of `helm template` output names its template in a `# Source:
//! <chart>/templates/<file>` comment (the library puts it in `Location::template`); this maps it to a path in the
//! repository (`--chart-dir`) and, when the template is there to read, to the template's line.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// Template paths and lines, read once each.
#[derive(Default)]
pub struct Templates {
    /// `--chart-dir`: the chart directory `helm template` rendered, standing for the `<chart>` part of the path.
    chart_dir: Option<PathBuf>,
    /// The most bytes read of one template (`--max-input-size`); a longer template is not read.
    max_bytes: usize,
    /// The lines of each template read (`None`: not readable, or not inside the chart directory).
    read: RefCell<HashMap<PathBuf, Option<Vec<String>>>>,
}

impl Templates {
    /// Paths resolved against `chart_dir` when given; templates read up to `max_bytes` bytes.
    pub fn new(chart_dir: Option<PathBuf>, max_bytes: usize) -> Self {
        Templates { chart_dir, max_bytes, read: RefCell::default() }
    }

    /// The template's path as the repository has it, when it is a regular file inside its root: with
    /// `--chart-dir DIR`, `DIR/templates/x.yaml` for `chart/templates/x.yaml` (Helm names the chart by its
    /// `Chart.yaml` name, which need not be the directory's), inside DIR; otherwise the path as written, taken
    /// from the directory of `input` (the rendered file; the current directory for standard input), inside it.
    ///
    /// A `# Source:` comment is input text: an absolute path, a `..` component or a symbolic link leading out of
    /// the root gives `None`, so that nothing outside is read, and no annotation points outside the repository.
    pub fn path(&self, template: &str, input: &str) -> Option<PathBuf> {
        let (root, rest) = if let Some(dir) = &self.chart_dir {
            (dir.clone(), template.split_once('/').map_or(template, |(_, rest)| rest))
        } else {
            let parent = Path::new(input).parent().filter(|_| input != "-").unwrap_or(Path::new(""));
            (parent.to_path_buf(), template)
        };
        let rest = Path::new(rest);
        if rest.as_os_str().is_empty() || !rest.components().all(|part| matches!(part, Component::Normal(_))) {
            return None;
        }
        let path = root.join(rest);
        let canonical_root = std::fs::canonicalize(if root.as_os_str().is_empty() { Path::new(".") } else { &root });
        let inside = canonical_root.ok().and_then(|root| {
            let target = std::fs::canonicalize(&path).ok()?;
            (target.starts_with(&root) && std::fs::metadata(&target).ok()?.is_file()).then_some(())
        });
        inside.map(|()| path)
    }

    /// The line of the template that rendered `rendered` (a line of the output of `input`), when the template can
    /// be read and exactly one of its lines is that line, or else exactly one starts with the same `key:`.
    /// Templated lines (`{{ ... }}`) seldom match, and then there is no line.
    pub fn line(&self, template: &str, input: &str, rendered: &str) -> Option<usize> {
        let path = self.path(template, input)?;
        let mut read = self.read.borrow_mut();
        let lines = read.entry(path.clone()).or_insert_with(|| self.read_lines(&path)).as_ref()?;
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

    /// The lines of a template `path` resolved to, read as an input is: a regular file (checked again as it is
    /// opened, which never waits on a FIFO), at most `max_bytes` bytes, UTF-8.
    fn read_lines(&self, path: &Path) -> Option<Vec<String>> {
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let root = std::fs::canonicalize(parent).ok()?;
        let file = crate::input::open_inside(path, &root, true).ok()?;
        let bytes = crate::input::read_bounded(file, self.max_bytes).ok()?;
        if bytes.len() > self.max_bytes {
            return None;
        }
        let text = String::from_utf8(bytes).ok()?;
        Some(text.lines().map(str::to_string).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::Templates;

    #[test]
    fn paths_resolve_against_the_chart_dir() {
        let dir = std::env::temp_dir().join(format!("hookplan-template-paths-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("shop/templates")).unwrap();
        std::fs::create_dir_all(dir.join("shop/charts/redis/templates")).unwrap();
        std::fs::write(dir.join("shop/templates/job.yaml"), "kind: Job\n").unwrap();
        std::fs::write(dir.join("shop/charts/redis/templates/sts.yaml"), "kind: StatefulSet\n").unwrap();
        std::fs::write(dir.join("secret.txt"), "outside the chart\n").unwrap();
        let templates = Templates::new(Some(dir.join("shop")), 1 << 20);
        assert_eq!(templates.path("shop-app/templates/job.yaml", "-"), Some(dir.join("shop/templates/job.yaml")));
        assert_eq!(
            templates.path("shop-app/charts/redis/templates/sts.yaml", "-"),
            Some(dir.join("shop/charts/redis/templates/sts.yaml"))
        );
        assert_eq!(templates.path("shop-app/templates/missing.yaml", "-"), None, "not there");
        assert_eq!(templates.path("shop-app/../secret.txt", "-"), None, "`..` leaves the chart");
        assert_eq!(templates.path("shop-app/templates", "-"), None, "a directory");
        assert_eq!(templates.path("shop-app//etc/passwd", "-"), None, "absolute");
        let rendered = dir.join("rendered.yaml").display().to_string();
        let plain = Templates::new(None, 1 << 20);
        assert_eq!(plain.path("shop/templates/job.yaml", &rendered), Some(dir.join("shop/templates/job.yaml")));
        assert_eq!(plain.path("../secret.txt", &dir.join("shop/x.yaml").display().to_string()), None);
        assert_eq!(plain.path("/etc/passwd", &rendered), None);
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
        let templates = Templates::new(Some(dir.clone()), 1 << 20);
        let line = |rendered: &str| templates.line("app/templates/job.yaml", "-", rendered);
        assert_eq!(line("    argocd.argoproj.io/hook-delete-policy: HookSucceeded"), Some(7), "the same line");
        assert_eq!(line("    argocd.argoproj.io/hook: Presync"), Some(6), "the same key");
        assert_eq!(line("  name: shop-seed"), Some(4));
        assert_eq!(line("kind: Pod"), Some(2));
        assert_eq!(line("  labels: {}"), None, "not in the template");
        assert_eq!(templates.line("app/templates/missing.yaml", "-", "kind: Job"), None);
    }
}
