//! The lint rules that need both engines: a chart that works under one and not the other.

use crate::annotations::{HELM_HOOK, HELM_HOOK_DELETE_POLICY};
use crate::argocd::hook::argocd_hook_types;
use crate::diagnostic::{Diagnostic, rules};
use crate::helm::{self, HelmHook, HookEvent};
use crate::resource::Resource;
use crate::validate::{Found, HAS_HELM_HOOK};

/// Rule `upgrade-hook-runs-on-install`, Argo CD against Helm. Upstream: `Types` in argo-cd@37ee009
/// `gitops-engine/pkg/sync/hook/helm/type.go` (pre-upgrade is PreSync of every sync); Helm runs it only on
/// upgrade (helm@e9b85e4 `pkg/action/upgrade.go`).
pub(crate) fn upgrade_hook_runs_on_install(found: &mut Found<'_, '_>) {
    if !found.has(HAS_HELM_HOOK) || !argocd_hook_types(found.annotations()).is_empty() {
        return;
    }
    let HelmHook::Events(events) = helm::hook_events(found.annotations()) else { return };
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

/// Rule `helm-hook-deleted-before-use`, Helm against Argo CD. Upstream: `execHook` in helm@e9b85e4
/// `pkg/action/hooks.go` deletes hook-succeeded hooks when their event succeeds; argo-cd@37ee009
/// `gitops-engine/pkg/sync/sync_context.go` `Sync` only after the whole sync.
pub(crate) fn helm_hook_deleted_before_use(resources: &[&Resource], out: &mut Vec<Diagnostic>) {
    let events_of = |r: &Resource| if r.in_list { HelmHook::NotAHook } else { helm::hook_events(&r.annotations) };
    for account in resources.iter().filter(|r| r.kind == "ServiceAccount" && r.group.is_empty()) {
        let HelmHook::Events(events) = events_of(account) else { continue };
        if !helm::effective_delete_policies(&account.annotations).iter().any(|p| p == "hook-succeeded") {
            continue;
        }
        let Some(name) = account.name.as_deref() else { continue };
        for (pre, post) in
            [(HookEvent::PreInstall, HookEvent::PostInstall), (HookEvent::PreUpgrade, HookEvent::PostUpgrade)]
        {
            if !events.contains(&pre) || events.contains(&post) {
                continue;
            }
            let users = resources.iter().filter(|user| {
                user.service_account.as_deref() == Some(name)
                    && user.namespace == account.namespace
                    && match events_of(user) {
                        HelmHook::NotAHook => true,
                        HelmHook::Events(user_events) => user_events.contains(&post),
                        HelmHook::Dropped(_) => false,
                    }
            });
            for user in users {
                let what = if matches!(events_of(user), HelmHook::NotAHook) {
                    "the manifest".to_string()
                } else {
                    format!("{post} hook")
                };
                let user_name = user.name.as_deref().or(user.generate_name.as_deref()).unwrap_or_default();
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
