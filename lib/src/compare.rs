//! Where Helm and Argo CD do different things with the same manifests, in words a chart author understands.

use std::collections::HashMap;
use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::location::Location;
use crate::plan::{Action, Phase, Plan, Task};
use crate::resource::{ExclusionReason, ResourceRef};

/// What kind of difference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DifferenceKind {
    /// One engine runs the object, the other does not.
    RunByOneEngine,
    /// Helm runs the hook only for some operations; Argo CD on every sync (pre-install and pre-upgrade merge
    /// into PreSync, post-install and post-upgrade into PostSync).
    PhasesMerge,
    /// The hook is deleted at a different time: Helm after its event, Argo CD after the whole sync.
    DeletedAtDifferentTimes,
    /// The hooks run in a different order: Helm by weight then name, Argo CD by wave, kind, then name.
    Order,
}

/// One difference between the Helm plan and the Argo CD plan of the same manifests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Difference {
    /// What kind of difference.
    pub kind: DifferenceKind,
    /// The object concerned.
    pub resource: ResourceRef,
    /// The difference, in a sentence.
    pub message: String,
}

fn name(r: &ResourceRef) -> String {
    let object = r
        .name
        .as_ref()
        .map(ToString::to_string)
        .or_else(|| r.generate_name.as_ref().map(|g| format!("{g}*")))
        .unwrap_or_default();
    format!("{}/{object}", r.kind)
}

/// The (phase, position, task) of every task with a source, by source.
fn by_source(plan: &Plan) -> HashMap<&Location, Vec<(Phase, usize, &Task)>> {
    let mut map: HashMap<&Location, Vec<(Phase, usize, &Task)>> = HashMap::new();
    let tasks = plan.tasks().map(|(s, t)| (s.phase, t)).chain(plan.sync_fail.iter().map(|t| (Phase::SyncFail, t)));
    for (position, (phase, task)) in tasks.enumerate() {
        if let Some(source) = &task.source {
            map.entry(source).or_default().push((phase, position, task));
        }
    }
    map
}

fn is_pre(phase: Phase) -> bool {
    matches!(phase, Phase::PreInstall | Phase::PreUpgrade | Phase::PreRollback | Phase::HelmPreDelete)
}

/// Compares the plans of the same manifests under Argo CD (a sync) and Helm (typically an install): objects
/// one engine runs and the other does not, hooks whose Helm events merge into one Argo CD phase, hooks deleted at
/// different times, and hooks whose relative order differs. Objects are matched by source position.
///
/// Upstream: Helm's `pkg/action/hooks.go` `execHook` (helm@e9b85e4) and Argo CD's treatment of the Helm annotations
/// (argo-cd@37ee009 `gitops-engine/pkg/sync/hook/helm/`).
///
/// ```
/// use hookplan::{Manifests, SyncOperation, compare, plan_sync};
/// use hookplan::plan_helm;
/// use hookplan::helm::{HelmCommand, HelmOperation};
/// let chart = Manifests::parse("chart.yaml", "\
/// apiVersion: v1
/// kind: Pod
/// metadata:
///   name: connection-test
///   annotations: {helm.sh/hook: test}
/// ");
/// let helm = plan_helm(&chart, &HelmOperation::new(HelmCommand::Test));
/// let argocd = plan_sync(&chart, &SyncOperation::new());
/// let differences = compare::differences(&argocd, &helm);
/// assert_eq!(differences[0].message, "Helm runs Pod/connection-test as a test hook; Argo CD never applies it");
/// ```
pub fn differences(argocd: &Plan, helm: &Plan) -> Vec<Difference> {
    let argocd_tasks = by_source(argocd);
    let helm_tasks = by_source(helm);
    let argocd_excluded: HashMap<&Location, ExclusionReason> =
        argocd.excluded.iter().map(|e| (&e.source, e.reason)).collect();
    let helm_excluded: HashMap<&Location, ExclusionReason> =
        helm.excluded.iter().map(|e| (&e.source, e.reason)).collect();
    let mut out = Vec::new();
    let mut sources: Vec<&Location> = helm_tasks.keys().chain(argocd_tasks.keys()).copied().collect();
    sources.sort();
    sources.dedup();
    for source in &sources {
        let h = helm_tasks.get(source);
        let a = argocd_tasks.get(source);
        let Some(resource) = h.or(a).map(|tasks| tasks[0].2.resource.clone()) else { continue };
        match (h, a) {
            (Some(h), None) => {
                let hook = h.iter().find(|(_, _, t)| t.hook);
                if let Some((phase, _, _)) = hook {
                    let why = match argocd_excluded.get(source) {
                        Some(ExclusionReason::DeleteHook) => "; Argo CD runs it only when the Application is deleted",
                        Some(ExclusionReason::Skip) => "; Argo CD skips it (Skip)",
                        _ => "; Argo CD never applies it",
                    };
                    out.push(Difference {
                        kind: DifferenceKind::RunByOneEngine,
                        message: format!("Helm runs {} as a {phase} hook{why}", name(&resource)),
                        resource,
                    });
                }
            }
            (None, Some(a)) => {
                let (phase, _, task) = a[0];
                let helm_says = match helm_excluded.get(source) {
                    Some(ExclusionReason::DroppedByHelm) => "Helm drops it (an unknown helm.sh/hook event)",
                    Some(ExclusionReason::OtherEvent) => {
                        "Helm does not run it in this operation (a hook of another event)"
                    }
                    _ => "Helm does not run it",
                };
                let what = if task.hook { format!("as a {phase} hook") } else { format!("in {phase}") };
                let kind = if matches!(helm_excluded.get(source), Some(ExclusionReason::OtherEvent)) {
                    DifferenceKind::PhasesMerge
                } else {
                    DifferenceKind::RunByOneEngine
                };
                out.push(Difference {
                    kind,
                    message: format!("Argo CD runs {} {what} on every sync; {helm_says}", name(&resource)),
                    resource,
                });
            }
            (Some(h), Some(a)) => both_run(h, a, resource, argocd, &mut out),
            (None, None) => {}
        }
    }
    out.extend(order_differences(argocd, helm));
    out
}

/// An object both engines run: is it a hook to both, and is it deleted at the same time?
fn both_run(
    h: &[(Phase, usize, &Task)],
    a: &[(Phase, usize, &Task)],
    resource: ResourceRef,
    argocd: &Plan,
    out: &mut Vec<Difference>,
) {
    let helm_hook = h.iter().any(|(_, _, t)| t.hook && t.action == Action::Create);
    let argocd_hook = a.iter().any(|(_, _, t)| t.hook);
    if helm_hook && !argocd_hook {
        out.push(Difference {
            kind: DifferenceKind::RunByOneEngine,
            message: format!("Helm runs {} as a hook; Argo CD applies it as a plain resource", name(&resource)),
            resource: resource.clone(),
        });
    } else if argocd_hook && !helm_hook {
        out.push(Difference {
            kind: DifferenceKind::RunByOneEngine,
            message: format!("Argo CD runs {} as a hook; Helm applies it as a regular manifest", name(&resource)),
            resource: resource.clone(),
        });
    }
    // Deleted after a pre-* event and not created again by a later event of the operation.
    let last_delete =
        h.iter().filter(|(phase, _, t)| t.action == Action::Delete && is_pre(*phase)).map(|(_, p, _)| *p).max();
    let created_again = last_delete.is_some_and(|d| h.iter().any(|(_, p, t)| t.action == Action::Create && *p > d));
    let argocd_deletes = argocd
        .hook_deletion
        .on_success
        .iter()
        .any(|r| *r == resource || (r.kind == resource.kind && r.name == resource.name && r.name.is_some()));
    if last_delete.is_some() && !created_again && argocd_deletes {
        let event = h[0].0;
        out.push(Difference {
            kind: DifferenceKind::DeletedAtDifferentTimes,
            message: format!(
                "{} is deleted when its {event} hooks succeed under Helm, but only after the whole sync under Argo CD: \
                 what runs later and needs it works under Argo CD and fails under Helm",
                name(&resource)
            ),
            resource,
        });
    }
}

/// Pairs of hooks that both engines run before the manifests (Helm pre-* hooks, Argo CD PreSync hooks) in
/// opposite orders.
fn order_differences(argocd: &Plan, helm: &Plan) -> Vec<Difference> {
    let first_position = |plan: &Plan, pre: fn(Phase) -> bool| -> HashMap<Location, (usize, ResourceRef)> {
        let mut map = HashMap::new();
        for (position, (step, task)) in plan.tasks().enumerate() {
            if pre(step.phase)
                && task.hook
                && task.action != Action::Delete
                && let Some(source) = &task.source
            {
                map.entry(source.clone()).or_insert((position, task.resource.clone()));
            }
        }
        map
    };
    let helm_pre = first_position(helm, is_pre);
    let argocd_pre = first_position(argocd, |p| p == Phase::PreSync);
    let mut common: Vec<(&Location, usize, usize, &ResourceRef)> = helm_pre
        .iter()
        .filter_map(|(source, (h, r))| argocd_pre.get(source).map(|(a, _)| (source, *h, *a, r)))
        .collect();
    common.sort_by_key(|(_, h, _, _)| *h);
    let mut out = Vec::new();
    for (i, first) in common.iter().enumerate() {
        for second in &common[i + 1..] {
            // `first` runs before `second` under Helm; under Argo CD the other way round.
            if first.2 > second.2 {
                let mut message = String::new();
                let _ = write!(
                    message,
                    "Helm runs {} before {} (weight, then name); Argo CD applies {} first (wave, kind, then name)",
                    name(first.3),
                    name(second.3),
                    name(second.3)
                );
                out.push(Difference { kind: DifferenceKind::Order, resource: second.3.clone(), message });
            }
        }
    }
    out
}

/// The differences as text: one line each, grouped by kind.
pub fn render(differences: &[Difference]) -> String {
    if differences.is_empty() {
        return "Helm and Argo CD: no differences found.\n".to_string();
    }
    let mut out = format!("Where Helm and Argo CD differ ({}):\n", differences.len());
    for d in differences {
        let _ = writeln!(out, "  - {}", d.message);
    }
    out
}
