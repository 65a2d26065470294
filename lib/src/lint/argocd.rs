//! Argo CD's lint rules on one object (those that read the whole set or the plan are in
//! `argocd_cross_object.rs`): each a function named after its rule, reading Argo CD's behaviour from the rule
//! functions of [`crate::argocd`] instead of restating it.

use super::text::{atoi_problem, phase_list, policy_list, shown, suggest};
use super::{
    HAS_ARGOCD_HOOK, HAS_ARGOCD_HOOK_DELETE_POLICY, HAS_ARGOCD_SYNC_OPTIONS, HAS_ARGOCD_SYNC_WAVE, HAS_HELM_HOOK,
    HAS_HELM_HOOK_DELETE_POLICY, HAS_HELM_HOOK_WEIGHT, HAS_HELM_RESOURCE_POLICY, ObjectContext,
};
use crate::annotations::{
    ARGOCD_HOOK, ARGOCD_HOOK_DELETE_POLICY, ARGOCD_SYNC_OPTIONS, ARGOCD_SYNC_WAVE, HELM_HOOK, HELM_HOOK_DELETE_POLICY,
    HELM_HOOK_WEIGHT, HELM_RESOURCE_POLICY,
};
use crate::argocd::hook::{POST_DELETE, PRE_DELETE, hook_values};
use crate::argocd::sync_option::RECOGNISED_ITEMS;
use crate::argocd::{DeletePolicy, HookType};
use crate::diagnostic::{Diagnostic, rules};
use crate::goconv::atoi;

/// Runs every Argo CD rule on one resource.
pub(super) fn check(found: &mut ObjectContext<'_, '_>) {
    unknown_hook_type(found);
    invalid_sync_wave(found);
    unknown_sync_option(found);
    skip_with_other_types(found);
    helm_hook_ignored(found);
    helm_delete_policy_merged(found);
    unsupported_helm_hook(found);
    delete_policy_without_hook(found);
    named_hook_can_wedge(found);
    generate_name_on_resource(found);
    keep_policy_still_pruned(found);
    delete_hook_not_synced(found);
    post_delete_hook_kept(found);
    post_delete_hook_without_health_check(found);
    hook_weight_is_sync_wave(found);
    hook_ttl_after_finished(found);
    hook_without_deadline(found);
}

/// What Argo CD does with the object once unknown hook values are dropped.
fn hook_outcome(found: &ObjectContext<'_, '_>) -> String {
    let metadata = found.argocd;
    if metadata.delete_only {
        "the object runs only when the Application is deleted".to_string()
    } else if metadata.ignored {
        "no usable hook type is left, so Argo CD drops the object: it is never applied".to_string()
    } else if metadata.argocd_hook_types.is_empty() {
        format!("Argo CD falls back to `helm.sh/hook` and runs the object in {}", phase_list(&metadata.phases))
    } else if metadata.skip {
        "the object stays Skip".to_string()
    } else {
        format!("the object still runs in {}", phase_list(&metadata.phases))
    }
}

/// Rule `unknown-hook-type`. Upstream (argo-cd@37ee009): `Types` in `gitops-engine/pkg/sync/hook/hook.go`, `Ignore` in
/// `gitops-engine/pkg/sync/ignore/ignore.go`.
fn unknown_hook_type(found: &mut ObjectContext<'_, '_>) {
    if !found.has(HAS_ARGOCD_HOOK) {
        return;
    }
    // The whole value as written: before v3.3.3 the controller compares it, not its items.
    let Some(value) = found.annotations().get(ARGOCD_HOOK) else { return };
    let items: Vec<&str> = found.argocd.hook_items.iter().map(|item| item.text.as_str()).collect();
    if items.is_empty() {
        let message = format!("`{ARGOCD_HOOK}` is empty: {}", hook_outcome(found));
        found.report(&rules::UNKNOWN_HOOK_TYPE, ARGOCD_HOOK, message, Some(valid_hook_types()));
        return;
    }
    let version = found.argocd_version;
    // `PreDelete` before v3.3.0, and a PreDelete or PostDelete item among others before v3.3.3, are values this
    // release of Argo CD does not act on, though later ones do.
    // Before v3.3.3 the controller compares the raw value (`val == v`), so even ` PostDelete` is not found.
    let unread = |item: &str| match item {
        PRE_DELETE => !version.pre_delete_hooks() || (value != PRE_DELETE && !version.delete_hook_items()),
        POST_DELETE => value != POST_DELETE && !version.delete_hook_items(),
        _ => false,
    };
    if items.iter().all(|item| hook_values().any(|v| v == *item) && !unread(item)) {
        return; // the common case: nothing to say, so no outcome to describe
    }
    let outcome = hook_outcome(found);
    for item in items {
        if unread(item) {
            let (message, help) = if item == PRE_DELETE && !version.pre_delete_hooks() {
                (
                    format!("`PreDelete` hooks are new in Argo CD v3.3.0; v{version} does not know them: {outcome}"),
                    "PreDelete needs Argo CD v3.3.0 or later".to_string(),
                )
            } else {
                (
                    format!(
                        "before Argo CD v3.3.3 the controller finds `{item}` only as the whole value, so v{version} \
                         does not run this object when the Application is deleted: {outcome}"
                    ),
                    format!(
                        "make `{item}` the only value (and move the other types to a copy of the object), or use Argo CD v3.3.3 or later"
                    ),
                )
            };
            found.report(&rules::UNKNOWN_HOOK_TYPE, ARGOCD_HOOK, message, Some(help));
            continue;
        }
        if hook_values().any(|v| v == item) {
            continue;
        }
        let help = suggest(item, hook_values())
            .map_or_else(valid_hook_types, |spelling| format!("did you mean `{spelling}`?"));
        let message = format!("`{}` is not an Argo CD hook type (matching is case-sensitive): {outcome}", shown(item));
        found.report(&rules::UNKNOWN_HOOK_TYPE, ARGOCD_HOOK, message, Some(help));
    }
}

fn valid_hook_types() -> String {
    format!("valid hook types: {}", hook_values().collect::<Vec<_>>().join(", "))
}

/// Rule `invalid-sync-wave`. Upstream (argo-cd@37ee009): `Wave` in `gitops-engine/pkg/sync/syncwaves/waves.go`.
fn invalid_sync_wave(found: &mut ObjectContext<'_, '_>) {
    if !found.has(HAS_ARGOCD_SYNC_WAVE) {
        return;
    }
    if found.argocd.wave_valid {
        return;
    }
    // The value as written, which the finding quotes and explains.
    let Some(value) = found.annotations().get(ARGOCD_SYNC_WAVE) else { return };
    let Err(error) = atoi(value) else { return };
    let fallback = match found.argocd.helm_weight {
        Some(weight) => format!("Argo CD uses wave {weight} from `helm.sh/hook-weight`"),
        None => format!("Argo CD uses wave {}", found.argocd.wave),
    };
    let message = format!("sync wave {:?} {}: {fallback}", shown(value), atoi_problem(value, &error));
    let help = atoi(value.trim()).ok().map(|n| format!("write `{ARGOCD_SYNC_WAVE}: \"{n}\"`"));
    found.report(&rules::INVALID_SYNC_WAVE, ARGOCD_SYNC_WAVE, message, help);
}

/// Sync options that only an Application (`spec.syncPolicy.syncOptions`) sets.
const APPLICATION_ONLY_OPTIONS: [&str; 7] = [
    "CreateNamespace",
    "ApplyOutOfSyncOnly",
    "PrunePropagationPolicy",
    "FailOnSharedResource",
    "RespectIgnoreDifferences",
    "ClientSideApplyMigration",
    "ServerSideDiff",
];

/// Rule `unknown-sync-option`. Upstream (argo-cd@37ee009): `HasAnnotationOption` in
/// `gitops-engine/pkg/sync/resource/annotations.go` and its readers in `gitops-engine/pkg/sync/sync_context.go`.
fn unknown_sync_option(found: &mut ObjectContext<'_, '_>) {
    if !found.has(HAS_ARGOCD_SYNC_OPTIONS) {
        return;
    }
    let version = found.argocd_version;
    let metadata = found.argocd;
    for item in metadata.sync_option_items.iter().map(|item| item.text.as_str()) {
        if RECOGNISED_ITEMS.contains(&item) {
            if let Some(since) = version.sync_option_release(item).filter(|_| !version.reads_sync_option(item)) {
                let effect = match item {
                    "Force=true" => "the object is applied without force",
                    "Prune=confirm" => "the object is pruned without waiting for approval",
                    "Delete=confirm" => "the Application's deletion deletes it without waiting for approval",
                    _ => "the object is applied as the Application's ServerSideApply option says",
                };
                let message = format!("`{item}` is new in Argo CD v{since}; v{version} ignores it: {effect}");
                let help = format!("`{item}` needs Argo CD v{since} or later");
                found.report(&rules::UNKNOWN_SYNC_OPTION, ARGOCD_SYNC_OPTIONS, message, Some(help));
            }
            continue;
        }
        let key = item.split('=').next().unwrap_or_default().trim();
        let item = shown(item);
        let (message, help) = if APPLICATION_ONLY_OPTIONS.iter().any(|o| o.eq_ignore_ascii_case(key)) {
            (
                format!("`{item}` is an Application-level sync option: Argo CD never reads it from a resource"),
                Some("set it in the Application's spec.syncPolicy.syncOptions".to_string()),
            )
        } else {
            let same_key: Vec<&str> = RECOGNISED_ITEMS
                .iter()
                .copied()
                .filter(|r| r.split('=').next().is_some_and(|k| k.eq_ignore_ascii_case(key)))
                .collect();
            let help = suggest(&item, RECOGNISED_ITEMS)
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| (!same_key.is_empty()).then(|| format!("recognised values: {}", same_key.join(", "))));
            (
                format!(
                    "`{item}` is not a sync option Argo CD recognises (items match exactly and case-sensitively): it \
                     has no effect"
                ),
                help,
            )
        };
        found.report(&rules::UNKNOWN_SYNC_OPTION, ARGOCD_SYNC_OPTIONS, message, help);
    }
}

/// Rule `skip-with-other-types`. Upstream (argo-cd@37ee009): `Skip` in `gitops-engine/pkg/sync/hook/hook.go`.
fn skip_with_other_types(found: &mut ObjectContext<'_, '_>) {
    if !found.has(HAS_ARGOCD_HOOK) {
        return;
    }
    let types = &found.argocd.hook_types;
    if types.len() > 1 && types.contains(&HookType::Skip) {
        let message = format!(
            "`Skip` has no effect next to other hook types: Argo CD runs the object as a hook in {}",
            phase_list(&found.argocd.phases)
        );
        found.report(&rules::SKIP_WITH_OTHER_TYPES, ARGOCD_HOOK, message, None);
    }
}

/// Rule `helm-hook-ignored`. Upstream (argo-cd@37ee009): `Types` in `gitops-engine/pkg/sync/hook/hook.go` (the Helm
/// events are read only when no Argo CD type is).
fn helm_hook_ignored(found: &mut ObjectContext<'_, '_>) {
    if !found.has(HAS_HELM_HOOK) {
        return;
    }
    // The value as written, which the finding quotes.
    let Some(events) = found.annotations().get(HELM_HOOK) else { return };
    let types = &found.argocd.argocd_hook_types;
    if types.is_empty() {
        return;
    }
    let names = types.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    let events = shown(events);
    let message = format!(
        "Argo CD uses the Argo CD hook type ({names}) and ignores `helm.sh/hook: {events}`; Helm does the opposite"
    );
    found.report(&rules::HELM_HOOK_IGNORED, HELM_HOOK, message, None);
}

/// Rule `helm-delete-policy-merged`. Upstream (argo-cd@37ee009): `DeletePolicies` in
/// `gitops-engine/pkg/sync/hook/delete_policy.go`.
fn helm_delete_policy_merged(found: &mut ObjectContext<'_, '_>) {
    if !found.has(HAS_ARGOCD_HOOK) || !found.has(HAS_HELM_HOOK_DELETE_POLICY) {
        return;
    }
    if found.argocd.argocd_hook_types.is_empty() || !found.annotations().contains(HELM_HOOK_DELETE_POLICY) {
        return;
    }
    let message = format!(
        "Argo CD merges `helm.sh/hook-delete-policy` into this Argo CD hook's policies: [{}]",
        policy_list(&found.argocd.delete_policies)
    );
    found.report(&rules::HELM_DELETE_POLICY_MERGED, HELM_HOOK_DELETE_POLICY, message, None);
}

/// Rule `unsupported-helm-hook`. Upstream (argo-cd@37ee009): `Types` in `gitops-engine/pkg/sync/hook/helm/type.go`,
/// `Ignore` in `gitops-engine/pkg/sync/ignore/ignore.go`.
fn unsupported_helm_hook(found: &mut ObjectContext<'_, '_>) {
    if !found.has(HAS_HELM_HOOK) {
        return;
    }
    let annotations = found.annotations();
    // The whole value as written: before v3.3.3 the controller compares it, not its items.
    let Some(value) = annotations.get(HELM_HOOK) else { return };
    let has_item = |event: &str| found.argocd.helm_hook_items.iter().any(|item| item.text == event);
    // Before v3.3.3 the controller finds `pre-delete` and `post-delete` only as the whole raw value, so among
    // other events they are silently unused (the object still runs in the sync phases of the others).
    let version = found.argocd_version;
    for event in ["pre-delete", "post-delete"] {
        let known = event == "post-delete" || version.pre_delete_hooks();
        if known && !version.delete_hook_items() && value != event && has_item(event) {
            let message = format!(
                "before Argo CD v3.3.3 the controller finds Helm's `{event}` only as the whole `helm.sh/hook` value, \
                 so v{version} does not run this object when the Application is deleted"
            );
            let help = format!("give the {event} hook an object of its own, or use Argo CD v3.3.3 or later");
            found.report(&rules::UNSUPPORTED_HELM_HOOK, HELM_HOOK, message, Some(help));
        }
    }
    if !found.argocd.argocd_hook_types.is_empty()
        || !found.argocd.helm_hook_types.is_empty()
        || found.pre_delete()
        || found.post_delete()
        || !found.argocd.ignored
    {
        return;
    }
    // `pre-delete` is run by the controller from v3.3.0; before, nothing reads it.
    let pre_delete_unknown = !found.argocd_version.pre_delete_hooks();
    let unsupported: Vec<&str> = found
        .argocd
        .helm_hook_items
        .iter()
        .map(|item| item.text.as_str())
        .filter(|event| {
            matches!(*event, "test" | "test-success" | "pre-rollback" | "post-rollback")
                || (pre_delete_unknown && *event == "pre-delete")
        })
        .collect();
    if unsupported.is_empty() {
        return;
    }
    let tests_only = unsupported.iter().all(|event| matches!(*event, "test" | "test-success"));
    let message = if tests_only {
        "Argo CD does not run Helm test hooks: it never deploys this test object (run `helm test` separately)"
            .to_string()
    } else if pre_delete_unknown && unsupported.contains(&"pre-delete") {
        format!(
            "Argo CD v{} does not run Helm `{}` hooks (it runs `pre-delete` from v3.3.0) and this object has no other \
             usable hook type: Argo CD never deploys it",
            found.argocd_version,
            unsupported.join("`, `")
        )
    } else {
        format!(
            "Argo CD does not run Helm `{}` hooks and this object has no other usable hook type: Argo CD never \
             deploys it",
            unsupported.join("`, `")
        )
    };
    found.report(&rules::UNSUPPORTED_HELM_HOOK, HELM_HOOK, message, None);
    if tests_only {
        // A chart's test object that Argo CD skips is documented, intended behaviour: worth a note, not an error.
        if let Some(last) = found.out.last_mut() {
            last.severity = crate::diagnostic::Severity::Note;
        }
    }
}

/// Rule `delete-policy-without-hook`. Upstream (argo-cd@37ee009): `hasHookDeletePolicy` in
/// `gitops-engine/pkg/sync/sync_task.go` (policies are read only for hooks).
fn delete_policy_without_hook(found: &mut ObjectContext<'_, '_>) {
    if !found.has(HAS_ARGOCD_HOOK_DELETE_POLICY) && !found.has(HAS_HELM_HOOK_DELETE_POLICY) {
        return;
    }
    if found.argocd.hook {
        return;
    }
    let skip = if found.argocd.skip { " (a Skip object is not a hook)" } else { "" };
    for key in [ARGOCD_HOOK_DELETE_POLICY, HELM_HOOK_DELETE_POLICY] {
        if found.annotations().contains(key) {
            let message = format!("`{key}` has no effect: the object is not a hook{skip}");
            found.report(&rules::DELETE_POLICY_WITHOUT_HOOK, key, message, None);
        }
    }
}

/// Rule `named-hook-can-wedge`. Upstream (argo-cd@37ee009): `getSyncTasks` and `runTasks` in
/// `gitops-engine/pkg/sync/sync_context.go` (a named hook is applied over its live instance).
fn named_hook_can_wedge(found: &mut ObjectContext<'_, '_>) {
    if !found.has(HAS_ARGOCD_HOOK) && !found.has(HAS_HELM_HOOK) {
        return;
    }
    let annotations = found.annotations();
    let Some(name) = found.resource.name.as_deref().filter(|n| !n.is_empty()) else { return };
    if !found.argocd.hook || found.argocd.phases.is_empty() {
        return;
    }
    let policies = &found.argocd.delete_policies;
    if policies.contains(&DeletePolicy::BeforeHookCreation) {
        return;
    }
    let kind = &found.resource.kind;
    // Only a Job or a Pod wedges: applying over a completed one does not run it again, and a changed spec is
    // rejected as immutable. Other kinds (ServiceAccounts, Roles, ConfigMaps) apply over cleanly.
    let runs = matches!((found.resource.group.as_str(), kind.as_str()), ("batch", "Job") | ("", "Pod"));
    if !runs {
        return;
    }
    let effect =
        format!("a completed {kind} is not run again, and a changed spec is rejected as immutable, wedging the sync");
    let message = format!(
        "hook {kind} `{name}` has a fixed name and policies [{}] without BeforeHookCreation: when an instance is \
         left behind (a failed sync keeps it), {effect}",
        policy_list(policies)
    );
    let key = if annotations.contains(ARGOCD_HOOK_DELETE_POLICY) { ARGOCD_HOOK_DELETE_POLICY } else { ARGOCD_HOOK };
    let key = if annotations.contains(key) { key } else { HELM_HOOK };
    found.report(
        &rules::NAMED_HOOK_CAN_WEDGE,
        key,
        message,
        Some("use `metadata.generateName`, or add BeforeHookCreation to the delete policies".into()),
    );
}

/// Rule `generate-name-on-resource`. Upstream (argo-cd@37ee009): `getSyncTasks` in `gitops-engine/pkg/sync/sync_context.go`
/// names only hooks; tests `TestManagedResourceAreNotNamed`, `TestNamingNonHookResource`.
fn generate_name_on_resource(found: &mut ObjectContext<'_, '_>) {
    let r = found.resource;
    if r.name.as_deref().is_some_and(|n| !n.is_empty()) {
        return;
    }
    let Some(generate_name) = r.generate_name.as_deref().filter(|g| !g.is_empty()) else { return };
    if found.argocd.hook || found.argocd.skip {
        return;
    }
    let message = format!(
        "{} has `generateName: {generate_name}` but no name and is not a hook: Argo CD names only hooks, so its sync fails",
        r.kind
    );
    let at = r.location.clone();
    found.out.push(
        Diagnostic::new(&rules::GENERATE_NAME_ON_RESOURCE, message, Some("set metadata.name".into()), at)
            .with_resource(r.to_ref()),
    );
}

/// Rule `keep-policy-still-pruned`. Upstream (argo-cd@37ee009): `shouldBeDeleted` in `controller/appcontroller.go`
/// reads the keep policy only on Application deletion; the sync prunes by `Prune=` alone.
fn keep_policy_still_pruned(found: &mut ObjectContext<'_, '_>) {
    if !found.has(HAS_HELM_RESOURCE_POLICY) {
        return;
    }
    let options = &found.argocd.options;
    if options.resource_policy_keep && !options.prune_disabled() {
        let message = "`helm.sh/resource-policy: keep` protects the object when the Application is deleted, but \
                       Argo CD still prunes it during a sync"
            .to_string();
        found.report(
            &rules::KEEP_POLICY_STILL_PRUNED,
            HELM_RESOURCE_POLICY,
            message,
            Some("add `argocd.argoproj.io/sync-options: Prune=false` to keep it on prune too".into()),
        );
    }
}

/// Rule `delete-hook-not-synced`. Upstream (argo-cd@37ee009): `isHookOfType` in `controller/hook.go`,
/// `partitionTargetObjsForSync` in `controller/state.go`.
fn delete_hook_not_synced(found: &mut ObjectContext<'_, '_>) {
    if !found.has(HAS_ARGOCD_HOOK) && !found.has(HAS_HELM_HOOK) {
        return;
    }
    let kinds: Vec<&str> = [(found.pre_delete(), "PreDelete"), (found.post_delete(), "PostDelete")]
        .into_iter()
        .filter_map(|(is, name)| is.then_some(name))
        .collect();
    if kinds.is_empty() {
        return;
    }
    let what = kinds.join(" and ");
    let message = if found.argocd.delete_only {
        format!("{what} hook: it runs only when the Application is deleted, never during a sync")
    } else {
        format!(
            "{what} hook: it runs in {} during syncs, and again when the Application is deleted",
            phase_list(&found.argocd.phases)
        )
    };
    let argocd_delete_hook = found.argocd.hook_items.iter().any(|item| item.text.contains("Delete"));
    let key = if argocd_delete_hook { ARGOCD_HOOK } else { HELM_HOOK };
    found.report(&rules::DELETE_HOOK_NOT_SYNCED, key, message, None);
}

/// Rule `post-delete-hook-kept`. Upstream (argo-cd@37ee009): `cleanupHooks` in `controller/hook.go`; e2e `TestPostDeleteHook`.
fn post_delete_hook_kept(found: &mut ObjectContext<'_, '_>) {
    if !found.has(HAS_ARGOCD_HOOK) && !found.has(HAS_HELM_HOOK) {
        return;
    }
    let annotations = found.annotations();
    if !found.post_delete() {
        return;
    }
    let policies = &found.argocd.delete_policies;
    if policies.contains(&DeletePolicy::HookSucceeded) || policies.contains(&DeletePolicy::HookFailed) {
        return;
    }
    let message = format!(
        "PostDelete hook with policies [{}] stays in the cluster after the Application is deleted: cleanup deletes only \
         HookSucceeded or HookFailed hooks",
        policy_list(policies)
    );
    let key = if annotations.contains(ARGOCD_HOOK_DELETE_POLICY) { ARGOCD_HOOK_DELETE_POLICY } else { ARGOCD_HOOK };
    let key = if annotations.contains(key) { key } else { HELM_HOOK };
    found.report(
        &rules::POST_DELETE_HOOK_KEPT,
        key,
        message,
        Some(format!("add `{ARGOCD_HOOK_DELETE_POLICY}: HookSucceeded`")),
    );
}

/// Rule `post-delete-hook-without-health-check`: on Argo CD v2.10 and v2.11
/// ([`crate::argocd::ArgocdVersion::nil_health_of_delete_hooks_handled`]), a PostDelete hook of a kind gitops-engine
/// has no health check for. Upstream: argo-cd v2.11.14 `controller/hook.go` (`hookHealth.Status` on a nil health),
/// fixed by pull request #18767 in v2.12.0; `GetHealthCheckFunc` in argoproj/gitops-engine `pkg/health/health.go`
/// at `792124280fcc` (the kinds with a health check).
fn post_delete_hook_without_health_check(found: &mut ObjectContext<'_, '_>) {
    if (!found.has(HAS_ARGOCD_HOOK) && !found.has(HAS_HELM_HOOK))
        || found.argocd_version.nil_health_of_delete_hooks_handled()
        || !found.post_delete()
    {
        return;
    }
    let r = found.resource;
    let healthless = match r.group.as_str() {
        "" => !matches!(r.kind.as_str(), "Service" | "PersistentVolumeClaim" | "Pod"),
        "rbac.authorization.k8s.io" => true,
        _ => false,
    };
    if !healthless {
        return;
    }
    let name = r.name.as_deref().or(r.generate_name.as_deref()).unwrap_or_default();
    let message = format!(
        "PostDelete hook {} `{name}` has no health check: Argo CD v{} panics reading its health on every pass, so \
         the Application's deletion never finishes",
        r.kind, found.argocd_version
    );
    let help = "upgrade to Argo CD v2.12 or later, or create the object from a PostDelete Job".to_string();
    found.report(&rules::POST_DELETE_HOOK_WITHOUT_HEALTH_CHECK, hook_key(found), message, Some(help));
}

/// Rule `hook-weight-is-sync-wave`. Upstream (argo-cd@37ee009): `Wave` in `gitops-engine/pkg/sync/syncwaves/waves.go`;
/// e2e `TestHelmHookWeight`.
fn hook_weight_is_sync_wave(found: &mut ObjectContext<'_, '_>) {
    if !found.has(HAS_HELM_HOOK_WEIGHT) {
        return;
    }
    if found.argocd.wave_valid || found.argocd.ignored {
        return;
    }
    let weight = found.argocd.helm_weight.unwrap_or(0);
    if weight == 0 || found.argocd.phases.is_empty() {
        return;
    }
    let message = format!(
        "Argo CD syncs this object in wave {weight}, taken from `helm.sh/hook-weight` (Helm uses the weight only to \
         order hooks of one event)"
    );
    found.report(&rules::HOOK_WEIGHT_IS_SYNC_WAVE, HELM_HOOK_WEIGHT, message, None);
}

/// Whether Argo CD runs the object as a hook Job: in a sync phase, or on Application deletion.
fn is_hook_job(found: &ObjectContext<'_, '_>) -> bool {
    let r = found.resource;
    r.group == "batch"
        && r.kind == "Job"
        && ((found.argocd.hook && !found.argocd.phases.is_empty()) || found.pre_delete() || found.post_delete())
}

/// The annotation that makes the object a hook, to point findings at.
fn hook_key(found: &ObjectContext<'_, '_>) -> &'static str {
    if found.annotations().contains(ARGOCD_HOOK) { ARGOCD_HOOK } else { HELM_HOOK }
}

/// Rule `hook-ttl-after-finished`: a hook Job with `spec.ttlSecondsAfterFinished` that Kubernetes can delete before
/// Argo CD sees it complete. From v3.0 the engine puts its hook finalizer on every sync-phase hook
/// ([`crate::argocd::ArgocdVersion::hook_finalizer`]), so only PreDelete and PostDelete hook Jobs are at risk: the
/// controller creates them without it, and creates one again when it finds it gone. Before v3.0 a sync-phase hook
/// whose Job is gone never completes and the sync hangs.
///
/// Upstream (argo-cd@37ee009): `getSyncTasks` in `gitops-engine/pkg/sync/sync_context.go` (the finalizer;
/// argoproj/gitops-engine pull request #646, "stuck hook issue when a Job resource has a ttlSecondsAfterFinished
/// field set"), `executeHooks` in `controller/hook.go`; issues #21055, #8586.
fn hook_ttl_after_finished(found: &mut ObjectContext<'_, '_>) {
    let Some(ttl) = found.resource.ttl_seconds_after_finished else { return };
    if (!found.has(HAS_ARGOCD_HOOK) && !found.has(HAS_HELM_HOOK)) || !is_hook_job(found) {
        return;
    }
    let name = found.resource.name.as_deref().or(found.resource.generate_name.as_deref()).unwrap_or_default();
    let version = found.argocd_version;
    let delete_hook = match (found.pre_delete(), found.post_delete()) {
        (true, true) => Some("PreDelete and PostDelete"),
        (true, false) => Some("PreDelete"),
        (false, true) => Some("PostDelete"),
        (false, false) => None,
    };
    let message = if let Some(kind) = delete_hook {
        format!(
            "hook Job `{name}` has `spec.ttlSecondsAfterFinished: {ttl}`: Argo CD creates {kind} hooks without its \
             hook finalizer, so Kubernetes may delete the finished Job before the controller's next pass sees it, and \
             the controller then creates it and runs it again"
        )
    } else if !version.hook_finalizer() && !found.argocd.phases.is_empty() {
        format!(
            "hook Job `{name}` has `spec.ttlSecondsAfterFinished: {ttl}`: Argo CD v{version} puts no finalizer on \
             hooks, so Kubernetes may delete the Job before Argo CD sees it finish, and then the sync hangs"
        )
    } else {
        return;
    };
    let help = "remove ttlSecondsAfterFinished; the hook delete policy removes the Job".to_string();
    found.report(&rules::HOOK_TTL_AFTER_FINISHED, hook_key(found), message, Some(help));
}

/// Rule `hook-without-deadline`. Upstream (argo-cd@37ee009): `Sync` in `gitops-engine/pkg/sync/sync_context.go`
/// waits for hooks without a timeout; issues #6055, #15932.
fn hook_without_deadline(found: &mut ObjectContext<'_, '_>) {
    if found.resource.active_deadline_seconds.is_some()
        || (!found.has(HAS_ARGOCD_HOOK) && !found.has(HAS_HELM_HOOK))
        || !is_hook_job(found)
    {
        return;
    }
    let name = found.resource.name.as_deref().or(found.resource.generate_name.as_deref()).unwrap_or_default();
    let message = format!(
        "hook Job `{name}` has no `spec.activeDeadlineSeconds`: Argo CD waits for a hook without a timeout, so if it \
         never finishes the sync waits forever"
    );
    let help = "set `spec.activeDeadlineSeconds` (for example 600)".to_string();
    found.report(&rules::HOOK_WITHOUT_DEADLINE, hook_key(found), message, Some(help));
}
