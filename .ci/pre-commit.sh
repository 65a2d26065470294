#!/usr/bin/env bash
# Runs the hooks of .pre-commit-hooks.yaml as a user's repository would (`pre-commit try-repo`, which builds the
# binary with pre-commit's Rust support), on a sample repository: a clean manifest passes, a `Presync` typo fails
# with its finding; the diff hook reports what a change does to the plan. Usage: .ci/pre-commit.sh PRE_COMMIT_BINARY
set -euo pipefail
pre_commit="$1"
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
mkdir -p "$work/sample/deploy" "$work/sample/chart/templates"
cd "$work/sample"
git init -q
git config user.email ci@example.invalid
git config user.name ci
cat > deploy/migrate.yaml <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  annotations:
    argocd.argoproj.io/hook: PreSync
    argocd.argoproj.io/hook-delete-policy: BeforeHookCreation
spec:
  activeDeadlineSeconds: 600
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: example.invalid/migrate:1
YAML
# A chart template is not YAML until rendered: the hook's default `exclude` leaves it alone.
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n  labels: {{ toYaml .Values.labels }}\n' > chart/templates/cm.yaml
git add -A
git commit -qm sample
"$pre_commit" try-repo "$repo" hookplan-lint --all-files
sed -i 's/hook: PreSync/hook: Presync/' deploy/migrate.yaml
git add -A
if "$pre_commit" try-repo "$repo" hookplan-lint --all-files > "$work/out.txt" 2>&1; then
    cat "$work/out.txt"
    echo "the hook passed a manifest with a Presync typo" >&2
    exit 1
fi
grep -q 'error\[unknown-hook-type\]' "$work/out.txt" || { cat "$work/out.txt"; echo "no unknown-hook-type finding" >&2; exit 1; }
grep -q 'deploy/migrate.yaml:6:5' "$work/out.txt" || { cat "$work/out.txt"; echo "the finding does not point at the file" >&2; exit 1; }
echo "pre-commit: hookplan-lint passes a clean manifest and fails a typo"

# hookplan-diff, configured as a user configures it: what the staged change does to the plan against HEAD.
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $(git -C "$repo" rev-parse HEAD)
    hooks:
      - id: hookplan-diff
        args: [HEAD:deploy, deploy]
YAML
git add -A
if "$pre_commit" run --hook-stage manual hookplan-diff > "$work/diff.txt" 2>&1; then
    cat "$work/diff.txt"
    echo "the diff hook passed a change that drops the migration from the plan" >&2
    exit 1
fi
grep -q 'Job/migrate' "$work/diff.txt" || { cat "$work/diff.txt"; echo "the diff does not name the Job" >&2; exit 1; }
echo "pre-commit: hookplan-diff reports what a change does to the plan"
