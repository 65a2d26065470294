//! The lint rules that need both engines: a chart that works under one and not the other.

use super::{HAS_HELM_HOOK, Object, ObjectContext};
use crate::annotations::{HELM_HOOK, HELM_HOOK_DELETE_POLICY};
use crate::diagnostic::{Diagnostic, rules};
use crate::helm::{HelmHook, HookEvent};
use crate::location::Location;
use crate::plan::{Action, Engine, Plan};
use crate::resource::{ObjectReference, Resource};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use smol_str::SmolStr;

/// Rule `upgrade-hook-runs-on-install`, Argo CD against Helm. Upstream: `Types` in argo-cd@37ee009
/// `gitops-engine/pkg/sync/hook/helm/type.go` (pre-upgrade is PreSync of every sync); Helm runs it only on
/// upgrade (helm@e9b85e4 `pkg/action/upgrade.go`).
pub(super) fn upgrade_hook_runs_on_install(found: &mut ObjectContext<'_, '_>) {
    if !found.has(HAS_HELM_HOOK) || !found.argocd.argocd_hook_types.is_empty() {
        return;
    }
    let Some(events) = &found.helm.events else { return };
    for (upgrade, install, phase) in [
        (HookEvent::PreUpgrade, HookEvent::PreInstall, "PreSync"),
        (HookEvent::PostUpgrade, HookEvent::PostInstall, "PostSync"),
    ] {
        if events.contains(&upgrade) && !events.contains(&install) {
            let message = format!(
                "`{upgrade}` hook without `{install}`: Helm runs it only on upgrades, Argo CD in {phase} of every sync, \
                 the first one included"
            );
            found.report(&rules::UPGRADE_HOOK_RUNS_ON_INSTALL, HELM_HOOK, message, None);
        }
    }
}

/// The objects that run as a ServiceAccount, by its (name, namespace).
type AccountUsers<'r> = HashMap<(&'r str, Option<&'r str>), Vec<Object<'r>>>;

/// Rule `helm-hook-deleted-before-use`, Helm against Argo CD. Upstream: `execHook` in helm@e9b85e4
/// `pkg/action/hooks.go` deletes hook-succeeded hooks when their event succeeds; argo-cd@37ee009
/// `gitops-engine/pkg/sync/sync_context.go` `Sync` only after the whole sync.
pub(super) fn helm_hook_deleted_before_use(resources: &[Object<'_>], out: &mut Vec<Diagnostic>) {
    let events_of = |r: &Object<'_>| r.helm.hook();
    // The objects that run as each (ServiceAccount name, namespace), in source order, indexed once (when a
    // ServiceAccount is first found to need them): each account then reads its own users, not every object.
    let mut users_of: Option<AccountUsers<'_>> = None;
    for account in resources.iter().filter(|r| r.kind == "ServiceAccount" && r.group.is_empty()) {
        let HelmHook::Events(events) = events_of(account) else { continue };
        if !account.helm.delete_policies.iter().any(|p| p == "hook-succeeded") {
            continue;
        }
        let Some(name) = account.name.as_deref() else { continue };
        for (pre, post) in
            [(HookEvent::PreInstall, HookEvent::PostInstall), (HookEvent::PreUpgrade, HookEvent::PostUpgrade)]
        {
            if !events.contains(&pre) || events.contains(&post) {
                continue;
            }
            let index = users_of.get_or_insert_with(|| {
                let mut index: AccountUsers<'_> = HashMap::new();
                for &user in resources {
                    let resource = user.resource;
                    if let Some(account) = resource.service_account.as_deref() {
                        index.entry((account, resource.namespace.as_deref())).or_default().push(user);
                    }
                }
                index
            });
            let candidates = index.get(&(name, account.namespace.as_deref())).map_or(&[][..], Vec::as_slice);
            let users = candidates.iter().filter(|user| match events_of(user) {
                HelmHook::NotAHook => true,
                HelmHook::Events(user_events) => user_events.contains(&post),
                HelmHook::Dropped(_) => false,
            });
            for user in users {
                let what = if matches!(events_of(user), HelmHook::NotAHook) {
                    "the manifest".to_string()
                } else {
                    format!("{post} hook")
                };
                let user_name = display_name(user);
                let message = format!(
                    "ServiceAccount `{name}` is a {pre} hook with hook-succeeded, and {what} {} `{user_name}` runs as it: \
                     Helm deletes the ServiceAccount when the {pre} hooks succeed, so `{user_name}` fails under Helm; Argo \
                     CD keeps it until the whole sync succeeded, so it works there",
                    user.kind
                );
                let key = if account.annotations.contains(HELM_HOOK_DELETE_POLICY) {
                    HELM_HOOK_DELETE_POLICY
                } else {
                    HELM_HOOK
                };
                out.push(
                    Diagnostic::new(
                        &rules::HELM_HOOK_DELETED_BEFORE_USE,
                        message,
                        Some(format!("add `{post}` to its helm.sh/hook, or drop hook-succeeded")),
                        account.annotation_location(key).clone(),
                    )
                    .with_resource(account.to_ref()),
                );
            }
        }
    }
}

/// An object's identity as a pod references it: (namespace, kind, name), the namespace defaulted as the plan did.
type Key = (Option<SmolStr>, SmolStr, SmolStr);

/// Where each target of a plan is first applied or created: the index of its step and its defaulted namespace,
/// by source location; and the first step that makes each object, counting the Secret a producer makes.
struct Order<'r> {
    first: HashMap<&'r Location, (usize, Option<SmolStr>)>,
    made_at: HashMap<Key, (usize, &'r Resource)>,
}

impl<'r> Order<'r> {
    fn of(plan: &Plan, by_location: &HashMap<&Location, &'r Resource>) -> Order<'r> {
        let mut first = HashMap::new();
        let mut made_at: HashMap<Key, (usize, &'r Resource)> = HashMap::new();
        for (index, step) in plan.steps.iter().enumerate() {
            for task in step.tasks.iter().filter(|t| matches!(t.action, Action::Apply | Action::Create)) {
                let Some(&resource) = task.source.as_ref().and_then(|at| by_location.get(at)) else { continue };
                let namespace = task.resource.namespace.clone();
                first.entry(&resource.location).or_insert((index, namespace.clone()));
                if let Some(name) = &resource.name {
                    made_at
                        .entry((namespace.clone(), resource.kind.clone(), name.clone()))
                        .or_insert((index, resource));
                }
                if let Some(secret) = &resource.produces_secret {
                    made_at.entry((namespace, SmolStr::new("Secret"), secret.clone())).or_insert((index, resource));
                }
            }
        }
        Order { first, made_at }
    }

    /// For each reference of `user` to an object the plan makes in a later step: (reference, user's step,
    /// maker's step, maker).
    fn later(&self, user: &'r Resource) -> Vec<(&'r ObjectReference, usize, usize, &'r Resource)> {
        let Some((step, namespace)) = self.first.get(&user.location) else { return Vec::new() };
        user.references
            .iter()
            .filter_map(|reference| {
                let key = (namespace.clone(), reference.kind.clone(), reference.name.clone());
                let &(made, maker) = self.made_at.get(&key)?;
                (made > *step).then_some((reference, *step, made, maker))
            })
            .collect()
    }
}

/// Rule `uses-object-applied-later`, in Argo CD's sync order and in Helm's order (either or both).
///
/// Upstream: `Sync` in argo-cd@37ee009 `gitops-engine/pkg/sync/sync_context.go` (one step at a time, waiting for
/// its hooks and health); `execHook` in helm@e9b85e4 `pkg/action/hooks.go` (one hook at a time, waiting for
/// each, before the release's manifests). Under Helm only hooks wait: the manifests are not waited for.
pub(super) fn uses_object_applied_later(
    resources: &[Object<'_>],
    argocd: Option<&Plan>,
    helm: Option<&Plan>,
    out: &mut Vec<Diagnostic>,
) {
    // Every index is built once, so each reference costs a few hash lookups: linear in objects and references.
    let by_location: HashMap<&Location, &Resource> =
        resources.iter().map(|r| (&r.resource.location, r.resource)).collect();
    let argocd = argocd.map(|plan| (plan, Order::of(plan, &by_location)));
    let helm = helm.map(|plan| (plan, Order::of(plan, &by_location)));
    // The objects Helm creates as hooks, by location.
    let helm_hooks: HashSet<&Location> = helm.as_ref().map_or_else(HashSet::new, |(plan, _)| {
        plan.tasks().filter(|(_, t)| t.action == Action::Create).filter_map(|(_, t)| t.source.as_ref()).collect()
    });
    for user in resources.iter().filter(|r| !r.references.is_empty()) {
        // (reference, what Argo CD does, what Helm does), merged by reference.
        let mut findings: Vec<(&ObjectReference, Option<String>, Option<String>, &Resource)> = Vec::new();
        if let Some((plan, order)) = &argocd {
            for (reference, used, made, maker) in order.later(user) {
                let text = format!(
                    "Argo CD applies it in {}, but first waits in {} for `{}` to {}",
                    step_name(plan, made),
                    step_name(plan, used),
                    display_name(user),
                    if user.argocd.hook { "complete" } else { "become healthy" }
                );
                findings.push((reference, Some(text), None, maker));
            }
        }
        if let Some((plan, order)) = &helm {
            let user_is_hook = helm_hooks.contains(&user.location);
            for (reference, used, made, maker) in order.later(user).into_iter().filter(|_| user_is_hook) {
                let text = format!(
                    "Helm creates it with {}, but first waits for {} to finish",
                    step_name(plan, made),
                    step_name(plan, used)
                );
                match findings.iter_mut().find(|f| std::ptr::eq(f.0, reference)) {
                    Some(found) => found.2 = Some(text),
                    None => findings.push((reference, None, Some(text), maker)),
                }
            }
        }
        for (reference, argocd, helm, maker) in findings {
            let user_name = user.name.as_deref().or(user.generate_name.as_deref()).unwrap_or_default();
            let made = if maker.kind == reference.kind {
                String::new()
            } else {
                format!(" (made by {} `{}`)", maker.kind, maker.name.as_deref().unwrap_or_default())
            };
            let engines: Vec<String> = [argocd, helm].into_iter().flatten().collect();
            let message = format!(
                "{} `{user_name}` uses {} `{}`{made}, which comes later: {}. Its pods cannot start without it, so \
                 the operation waits forever",
                user.kind,
                reference.kind,
                reference.name,
                engines.join("; ")
            );
            out.push(
                Diagnostic::new(
                    &rules::USES_OBJECT_APPLIED_LATER,
                    message,
                    Some(format!(
                        "move {} `{}` to an earlier step, or `{user_name}` to a later one",
                        reference.kind, reference.name
                    )),
                    reference.location.clone(),
                )
                .with_resource(user.to_ref()),
            );
        }
    }
}

/// `PreSync wave -1` for an Argo CD step, `pre-install weight 0 (hook Job migrate)` for a Helm hook step.
fn step_name(plan: &Plan, index: usize) -> String {
    let step = &plan.steps[index];
    match plan.engine {
        Engine::Helm => match step.tasks.first() {
            Some(task) if task.hook => format!(
                "the {} hook {} `{}`",
                step.phase,
                task.resource.kind,
                task.resource.name.as_deref().unwrap_or_default()
            ),
            _ => format!("the release's manifests ({})", step.phase),
        },
        _ => format!("{} wave {}", step.phase, step.wave),
    }
}

/// The name of an object, or its generateName.
fn display_name(resource: &Resource) -> &str {
    resource.name.as_deref().or(resource.generate_name.as_deref()).unwrap_or_default()
}

/// Rule `hook-recreated-every-sync`, in each engine that runs the rule (Argo CD, Helm, or both).
///
/// Upstream: `DeletePolicies` in argo-cd@37ee009 `gitops-engine/pkg/sync/hook/delete_policy.go` (BeforeHookCreation
/// by default) and the deletion before creation in `gitops-engine/pkg/sync/sync_context.go`; `hookSetDeletePolicy`
/// and `execHook` in helm@e9b85e4 `pkg/action/hooks.go`. Issues argo-cd #3837, #13429, helm #9590.
pub(super) fn hook_recreated_every_sync(found: &mut ObjectContext<'_, '_>, engines: super::Engines) {
    let r = found.resource;
    if !r.group.is_empty() || !matches!(r.kind.as_str(), "PersistentVolumeClaim" | "ConfigMap" | "Secret") {
        return;
    }
    let annotations = found.annotations();
    let argocd = engines.argocd
        && found.argocd.hook
        && !found.argocd.phases.is_empty()
        && found.argocd.delete_policies.contains(&crate::argocd::DeletePolicy::BeforeHookCreation);
    let helm = engines.helm
        // Test hooks run only on `helm test`: re-creating their data there is intended.
        && found.helm.events.as_ref().is_some_and(|events| events.iter().any(|e| *e != HookEvent::Test))
        && found.helm.delete_policies.iter().any(|p| p == "before-hook-creation");
    let who = match (argocd, helm) {
        (true, true) => "Argo CD deletes it and creates it anew on every sync, Helm on every install or upgrade",
        (true, false) => "Argo CD deletes it and creates it anew on every sync",
        (false, true) => "Helm deletes it and creates it anew on every install or upgrade",
        (false, false) => return,
    };
    let loss = if r.kind == "PersistentVolumeClaim" {
        ", and the volume's data with it"
    } else {
        ": what was written into it is lost, and the pods that use it see it vanish"
    };
    let name = r.name.as_deref().or(r.generate_name.as_deref()).unwrap_or_default();
    let message = format!("{} `{name}` is a hook with BeforeHookCreation (the default): {who}{loss}", r.kind);
    let key = if annotations.contains(crate::annotations::ARGOCD_HOOK) && argocd {
        crate::annotations::ARGOCD_HOOK
    } else {
        HELM_HOOK
    };
    let fix =
        "make it a regular resource (ordered by a sync wave), or give it a delete policy without BeforeHookCreation";
    found.report(&rules::HOOK_RECREATED_EVERY_SYNC, key, message, Some(fix.to_string()));
}
