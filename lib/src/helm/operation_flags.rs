//! What Helm's command flags and the chart's `crds/` directory change in a plan: `--skip-crds`,
//! `--create-namespace`, `--no-hooks`, `helm test --filter`, `--rollback-on-failure` (`--atomic`),
//! `--cleanup-on-fail`, and the hook output-log policy by Helm version.

use std::collections::HashSet;

use super::operation::{HelmCommand, HelmOperation};
use super::task::{Hook, key, plain_task, reference};
use crate::helm::HelmMetadata;
use crate::metadata::Objects;
use crate::plan::{Action, Phase, Step};
use crate::resource::{Excluded, ExclusionReason, Resource, ResourceKey};

/// What Helm does after the operation fails, as its flags say: on upgrade `--cleanup-on-fail` first deletes the
/// objects the upgrade created (those of the chart that the previous release did not have), then `--atomic` /
/// `--rollback-on-failure` rolls the release back; on install it uninstalls the release. The uninstall or
/// rollback runs its hooks unless `--no-hooks`.
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `failRelease` in `pkg/action/install.go` and `pkg/action/upgrade.go`.
pub(super) fn on_failure(
    regular: &[&Resource],
    previous: Option<&Objects<'_>>,
    operation: &HelmOperation,
) -> Option<crate::plan::OnFailure> {
    use crate::plan::FailureAction;
    let mut actions = Vec::new();
    let mut deletes = Vec::new();
    if operation.command == HelmCommand::Upgrade && operation.cleanup_on_fail {
        let before: HashSet<ResourceKey> = previous.map_or_else(HashSet::new, |previous| {
            previous.with_helm().filter(|(_, m)| m.is_regular()).map(|(r, _)| key(r, operation)).collect()
        });
        deletes =
            regular.iter().filter(|r| !before.contains(&key(r, operation))).map(|r| reference(r, operation)).collect();
        if !deletes.is_empty() {
            actions.push(FailureAction::DeleteCreated);
        }
    }
    if operation.rollback_on_failure {
        match operation.command {
            HelmCommand::Install => actions.push(FailureAction::Uninstall),
            HelmCommand::Upgrade => actions.push(FailureAction::Rollback),
            _ => {}
        }
    }
    (!actions.is_empty()).then_some(crate::plan::OnFailure { actions, hooks: !operation.no_hooks, deletes })
}

/// Whether a document of `helm template` output comes from a chart's `crds/` directory: its `# Source:` is
/// `<chart>/crds/...`, or `<chart>/charts/<subchart>/crds/...` for a subchart's.
///
/// Helm creates these before rendering the templates, on install only and unless `--skip-crds`, never as hooks,
/// never in the release, so never upgraded or deleted. Upstream (helm@e9b85e4; Helm 3: v3.21.4): `installCRDs`
/// in `pkg/action/install.go` (and its `Run`), `chart.CRDObjects`; `upgrade.go` and `uninstall.go` do not read
/// them; `helm template --include-crds` prints them first under their `crds/` path.
pub(super) fn in_crds_directory(template: Option<&str>) -> bool {
    let Some(template) = template else { return false };
    let parts: Vec<&str> = template.split('/').collect();
    parts
        .iter()
        .enumerate()
        .any(|(i, part)| *part == "crds" && i + 1 < parts.len() && (i == 1 || (i >= 3 && parts[i - 2] == "charts")))
}

/// The steps of an install before its pre-install hooks: the chart's `crds/` directory (on install only, unless
/// `--skip-crds`; listed as `chart-crd` otherwise), then with `--create-namespace` the release namespace.
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `installCRDs` and `Run` in `pkg/action/install.go`.
pub(super) fn first_steps(
    crds: &[&Resource],
    regular: &[&Resource],
    operation: &HelmOperation,
    excluded: &mut Vec<Excluded>,
) -> Vec<Step> {
    // `--create-namespace`: `install.go` creates the release namespace (ignoring "already exists") before the
    // pre-install hooks, unless the chart has that Namespace itself.
    let created_namespace = operation.namespace.as_deref().filter(|ns| {
        !regular.iter().any(|r| r.kind == "Namespace" && r.group.is_empty() && r.name.as_deref() == Some(*ns))
    });
    let created_namespace = created_namespace
        .map(|ns| Resource::new("v1", "Namespace", Some(ns), crate::Location::new("<--create-namespace>", 0, 1, 1)));
    let mut steps = Vec::new();
    if operation.command == HelmCommand::Install && !operation.skip_crds && !crds.is_empty() {
        steps.push(Step {
            phase: Phase::Crds,
            wave: 0,
            waits_for_confirmation: false,
            // Helm then waits (up to 60 s) until the CustomResourceDefinitions are established.
            waits_for: vec![crate::plan::StepWait::Health],
            on_failure_delete: Vec::new(),
            tasks: crds.iter().map(|crd| plain_task(crd, operation, Action::Apply)).collect(),
        });
    } else {
        excluded.extend(
            crds.iter().map(|crd| Excluded::new(Some(crd.to_ref()), ExclusionReason::ChartCrd, crd.location.clone())),
        );
    }
    if operation.command == HelmCommand::Install
        && operation.create_namespace
        && let Some(namespace) = &created_namespace
    {
        steps.push(Step {
            phase: Phase::Install,
            wave: 0,
            waits_for_confirmation: false,
            waits_for: Vec::new(),
            on_failure_delete: Vec::new(),
            tasks: vec![{
                let mut task = plain_task(namespace, operation, Action::Apply);
                // Added by the command, cluster-scoped.
                (task.source, task.resource.namespace) = (None, None);
                task
            }],
        });
    }
    steps
}

/// When Helm prints a hook's logs: its `helm.sh/hook-output-log-policy` values Helm acts on, for a `Job` or a
/// `Pod` only (the pods of the Job, by `job-name`, or the Pod itself, in the hook's namespace), since Helm 3.18
/// (backport PR #30570 of PR #10309) and in Helm 4.
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `outputLogsByPolicy` and `hookHasOutputLogPolicy` in
/// `pkg/action/hooks.go`; upstream tests `TestInstallRelease_HookOutputLogsOnFailure`, `...OnSuccess`.
pub(super) fn output_logs(resource: &Resource, metadata: &HelmMetadata, operation: &HelmOperation) -> Vec<String> {
    if !operation.version.since_3(18) || !matches!(resource.kind.as_str(), "Job" | "Pod") {
        return Vec::new();
    }
    let mut policies: Vec<String> = Vec::new();
    for policy in &metadata.output_log_policies {
        if (policy == "hook-succeeded" || policy == "hook-failed") && !policies.contains(policy) {
            policies.push(policy.clone());
        }
    }
    policies
}

/// The hooks a command runs at all: none with `--no-hooks` (install, upgrade, rollback, uninstall); for `helm
/// test`, those `--filter` keeps (by name, across every hook: `name=X` keeps those named, `!name=X` leaves them
/// out; then only the test hooks run).
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `DisableHooks` in `install.go`, `upgrade.go`, `rollback.go`,
/// `uninstall.go`; `Filters` in `pkg/action/release_testing.go` `Run`.
pub(super) fn without_skipped_hooks<'a>(
    hooks: Vec<Hook<'a>>,
    operation: &HelmOperation,
    excluded: &mut Vec<Excluded>,
) -> Vec<Hook<'a>> {
    let test = operation.command == HelmCommand::Test;
    let filters: Vec<(bool, &str)> = operation
        .test_filter
        .iter()
        .filter_map(|f| match f.strip_prefix('!') {
            Some(rest) => rest.strip_prefix("name=").map(|n| (false, n)),
            None => f.strip_prefix("name=").map(|n| (true, n)),
        })
        .collect();
    let mut kept = Vec::with_capacity(hooks.len());
    for hook in hooks {
        let name = hook.resource.name.as_deref().unwrap_or_default();
        let reason = if operation.no_hooks && !test {
            Some(ExclusionReason::NoHooks)
        } else if test && !filters.is_empty() {
            let includes: Vec<&str> = filters.iter().filter(|(keep, _)| *keep).map(|(_, n)| *n).collect();
            let left_out = (!includes.is_empty() && !includes.contains(&name))
                || filters.iter().any(|(keep, n)| !keep && *n == name);
            left_out.then_some(ExclusionReason::TestFilter)
        } else {
            None
        };
        match reason {
            Some(reason) => {
                excluded.push(Excluded::new(Some(hook.resource.to_ref()), reason, hook.resource.location.clone()));
            }
            None => kept.push(hook),
        }
    }
    kept
}
