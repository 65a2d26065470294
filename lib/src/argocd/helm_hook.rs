//! Helm's annotations as Argo CD reads them (not as Helm does: that is the Helm dialect's business).

use crate::annotations::{Annotations, HELM_HOOK, HELM_HOOK_DELETE_POLICY, HELM_HOOK_WEIGHT, csv};
use crate::argocd::annotation_values::{DeletePolicy, HookType};
use crate::goconv::atoi;
use crate::helm::HookDeletePolicy;

/// Whether Argo CD treats a Helm-annotated object as a hook: `helm.sh/hook` is present and its whole raw value is
/// not exactly `crd-install` (so `crd-install,pre-install` is a hook, and a lone `crd-install` is a plain
/// resource).
///
/// Upstream (argo-cd@37ee009): `IsHook` in `gitops-engine/pkg/sync/hook/helm/hook.go`.
pub fn is_hook(annotations: &Annotations) -> bool {
    annotations.get(HELM_HOOK).is_some_and(|value| value != "crd-install")
}

/// The Argo CD types of the Helm events: `pre-install` and `pre-upgrade` are PreSync, `post-install` and
/// `post-upgrade` are PostSync; every other event (`test`, `pre-rollback`, `pre-delete`, typos) has no type.
/// Duplicates are kept, as upstream keeps them (`pre-install,pre-upgrade` gives `[PreSync, PreSync]`).
///
/// Upstream (argo-cd@37ee009): `Types` and `Type.HookType` in `gitops-engine/pkg/sync/hook/helm/type.go`; upstream test `hook/helm/type_test.go`.
///
/// ```
/// use hookplan::Annotations;
/// use hookplan::argocd::{helm_hook, HookType};
/// let a: Annotations = [("helm.sh/hook", "pre-install, test")].into_iter().collect();
/// assert_eq!(helm_hook::hook_types(&a), vec![HookType::PreSync]);
/// ```
pub fn hook_types(annotations: &Annotations) -> Vec<HookType> {
    annotations
        .get(HELM_HOOK)
        .map(csv)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|event| match event {
            "pre-install" | "pre-upgrade" => Some(HookType::PreSync),
            "post-install" | "post-upgrade" => Some(HookType::PostSync),
            _ => None,
        })
        .collect()
}

/// `helm.sh/hook-weight` read with Go's `Atoi` (no trimming); 0 when missing or invalid.
///
/// Upstream (argo-cd@37ee009): `Weight` in `gitops-engine/pkg/sync/hook/helm/weight.go`.
pub fn weight(annotations: &Annotations) -> i64 {
    annotations.get(HELM_HOOK_WEIGHT).and_then(|value| atoi(value).ok()).unwrap_or(0)
}

/// The Helm delete policies Argo CD understands, in CSV order: `before-hook-creation`, `hook-succeeded`,
/// `hook-failed` (exact, case-sensitive); unknown values are dropped.
///
/// Upstream (argo-cd@37ee009): `DeletePolicies` in `gitops-engine/pkg/sync/hook/helm/delete_policy.go`.
pub fn delete_policies(annotations: &Annotations) -> Vec<DeletePolicy> {
    annotations
        .get(HELM_HOOK_DELETE_POLICY)
        .map(csv)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|value| value.parse::<HookDeletePolicy>().ok().map(DeletePolicy::from))
        .collect()
}
