//! Helm's lint rules: each a function named after its rule, reading Helm's behaviour from the rule functions of
//! this folder instead of restating it.

use crate::annotations::{HELM_HOOK, HELM_HOOK_DELETE_POLICY, HELM_HOOK_WEIGHT, HELM_RESOURCE_POLICY};
use crate::diagnostic::rules;
use crate::helm::{self, HelmHook, HookEvent};
use crate::validate::{Found, shown, suggest};

/// Runs every Helm rule on one resource.
pub(crate) fn check(found: &mut Found<'_, '_>) {
    unknown_helm_hook(found);
    annotation_in_list_item(found);
}

/// Rule `unknown-helm-hook`. Upstream (helm@e9b85e4): `SortManifests` in `pkg/release/v1/util/manifest_sorter.go`.
fn unknown_helm_hook(found: &mut Found<'_, '_>) {
    if !found.helm_annotations().contains(HELM_HOOK) {
        return;
    }
    let HelmHook::Dropped(token) = helm::hook_events(found.helm_annotations()) else { return };
    let (what, help) = match token.as_str() {
        "" => {
            ("an empty event (an empty value or a stray comma)".to_string(), Some("remove the empty item".to_string()))
        }
        "crd-install" => (
            "Helm 2's `crd-install`, which Helm 3 removed".to_string(),
            Some("put CRDs in the chart's crds/ directory".to_string()),
        ),
        "test-failure" => ("Helm 2's `test-failure`, which Helm 3 removed".to_string(), Some("use `test`".to_string())),
        other => (
            format!("`{}`, which is not a Helm hook event", shown(other)),
            suggest(other, HookEvent::ALL.into_iter().map(HookEvent::as_str).chain(["test-success"]))
                .map(|s| format!("did you mean `{s}`?")),
        ),
    };
    let message = format!("`helm.sh/hook` holds {what}: Helm drops the whole object (neither a hook nor a manifest)");
    found.report(&rules::UNKNOWN_HELM_HOOK, HELM_HOOK, message, help);
}

/// Rule `annotation-in-list-item`. Upstream (helm@e9b85e4): `SortManifests` in `pkg/release/v1/util/manifest_sorter.go`
/// reads each document's own head, never a List's items.
fn annotation_in_list_item(found: &mut Found<'_, '_>) {
    if !found.resource.in_list {
        return;
    }
    for key in [HELM_HOOK, HELM_HOOK_WEIGHT, HELM_HOOK_DELETE_POLICY, HELM_RESOURCE_POLICY] {
        if found.helm_annotations().contains(key) {
            let message = format!("`{key}` on an item of a List: Helm does not see it (Argo CD does)");
            found.report(
                &rules::ANNOTATION_IN_LIST_ITEM,
                key,
                message,
                Some("give the object its own document".into()),
            );
        }
    }
}
