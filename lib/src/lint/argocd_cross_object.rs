//! Argo CD's lint rules that read the set of objects or the plan rather than one object: each a function named
//! after its rule.

use foldhash::{HashMap, HashMapExt};

use super::Object;
use super::text::phase_list;
use crate::annotations::{ARGOCD_HOOK, ARGOCD_SYNC_WAVE, HELM_HOOK};
use crate::argocd::SyncPhase;
use crate::diagnostic::{Diagnostic, rules};
use crate::location::Location;
use crate::plan::{Action, Plan, Task};
use crate::resource::Resource;

/// Rule `generate-name-collision`. Upstream (argo-cd@37ee009): `getSyncTasks` in `gitops-engine/pkg/sync/sync_context.go`
/// (argo-cd issue #9184).
pub(super) fn generate_name_collision(
    resources: &[Object<'_>],
    destination_namespace: Option<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let mut first: HashMap<(&str, &str, &str, &str, SyncPhase), &Resource> = HashMap::new();
    for object in resources {
        let r = object.resource;
        if r.name.as_deref().is_some_and(|n| !n.is_empty()) || !object.argocd.hook {
            continue;
        }
        let Some(generate_name) = r.generate_name.as_deref() else { continue };
        let namespace = r.namespace.as_deref().or(destination_namespace).unwrap_or_default();
        for &phase in &object.argocd.phases {
            let key = (r.group.as_str(), r.kind.as_str(), namespace, generate_name, phase);
            if let Some(earlier) = first.get(&key) {
                let message = format!(
                    "unnamed {phase} hook {} `{generate_name}` gets the same generated name as the one at {}: they \
                     collide in every sync",
                    r.kind, earlier.location
                );
                out.push(
                    Diagnostic::new(
                        &rules::GENERATE_NAME_COLLISION,
                        message,
                        Some("give each hook its own generateName".into()),
                        r.location.clone(),
                    )
                    .with_resource(r.to_ref()),
                );
            } else {
                first.insert(key, r);
            }
        }
    }
}

/// Rule `application-health-not-assessed`: each Argo CD Application of the sync that a later step follows.
/// Upstream: Argo CD docs `operator-manual/health.md` ("Argo CD App": no health assessment since v1.8) and
/// `Sync` in argo-cd@37ee009 `gitops-engine/pkg/sync/sync_context.go` (a step waits for the health of its objects).
pub(super) fn application_health_not_assessed(resources: &[Object<'_>], plan: &Plan, out: &mut Vec<Diagnostic>) {
    let is_application = |task: &Task| task.resource.group == "argoproj.io" && task.resource.kind == "Application";
    let last_step = plan.steps.len();
    // Indexed once, and only when the plan holds an Application: a lookup per Application task, not a scan.
    let mut by_location: Option<HashMap<&Location, &Resource>> = None;
    for (index, step) in plan.steps.iter().enumerate() {
        let Some(later) = plan.steps.get(index + 1).filter(|_| index + 1 < last_step) else { continue };
        for task in step.tasks.iter().filter(|t| is_application(t) && t.action == Action::Apply) {
            let by_location = by_location
                .get_or_insert_with(|| resources.iter().map(|r| (&r.resource.location, r.resource)).collect());
            let Some(&resource) = task.source.as_ref().and_then(|at| by_location.get(at)) else { continue };
            let name = task.resource.name.as_deref().unwrap_or_default();
            let message = format!(
                "Application `{name}` is in {} wave {}, and {} wave {} comes after it: Argo CD does not assess an \
                 Application's health by default, so the next wave starts before `{name}` has synced",
                step.phase, step.wave, later.phase, later.wave
            );
            let at = resource
                .annotation_locations
                .get(ARGOCD_SYNC_WAVE)
                .cloned()
                .unwrap_or_else(|| resource.location.clone());
            out.push(
                Diagnostic::new(
                    &rules::APPLICATION_HEALTH_NOT_ASSESSED,
                    message,
                    Some(
                        "add the `argoproj.io/Application` health check to argocd-cm's resource.customizations".into(),
                    ),
                    at,
                )
                .with_resource(resource.to_ref()),
            );
        }
    }
}

/// Rule `self-heal-reruns-hooks`: each Sync and PostSync hook of an Application with self-heal. Upstream
/// (argo-cd@37ee009): `autoSync` in `controller/appcontroller.go` (a self-heal sync is a full sync, hooks
/// included); Argo CD docs `user-guide/auto_sync.md`.
pub(super) fn self_heal_reruns_hooks(resources: &[Object<'_>], out: &mut Vec<Diagnostic>) {
    for object in resources {
        let (r, phases) = (object.resource, &object.argocd.phases);
        if !object.argocd.hook || !phases.iter().any(|p| matches!(p, SyncPhase::Sync | SyncPhase::PostSync)) {
            continue;
        }
        let name = r.name.as_deref().or(r.generate_name.as_deref()).unwrap_or_default();
        let message = format!(
            "{} hook {} `{name}` runs on every sync, and with self-heal every drift correction is a sync: it runs \
             far more often than deploys do",
            phase_list(phases),
            r.kind
        );
        let key = if r.annotations.contains(ARGOCD_HOOK) { ARGOCD_HOOK } else { HELM_HOOK };
        out.push(
            Diagnostic::new(
                &rules::SELF_HEAL_RERUNS_HOOKS,
                message,
                Some("make the hook cheap and idempotent".into()),
                r.annotation_location(key).clone(),
            )
            .with_resource(r.to_ref()),
        );
    }
}
