//! Hook delete policies.

use crate::annotations::{ARGOCD_HOOK_DELETE_POLICY, Annotations, csv};
pub use crate::argocd::annotation_values::DeletePolicy;
use crate::argocd::helm_hook as helm;

/// The effective delete policies of a hook: the valid values of `argocd.argoproj.io/hook-delete-policy` in
/// CSV order, then the Helm policies appended (always merged, even on an Argo CD hook, and not de-duplicated
/// across the two lists); when the result is empty (absent, empty or all-unknown values), `[BeforeHookCreation]`.
///
/// The policies matter only for hooks; on a plain resource they have no effect.
/// Upstream (argo-cd@37ee009): `DeletePolicies` in `gitops-engine/pkg/sync/hook/delete_policy.go`; upstream test `hook/delete_policy_test.go`.
///
/// ```
/// use hookplan::Annotations;
/// use hookplan::argocd::{delete_policy::delete_policies, DeletePolicy};
/// assert_eq!(delete_policies(&Annotations::new()), vec![DeletePolicy::BeforeHookCreation]);
/// let a: Annotations = [
///     ("argocd.argoproj.io/hook-delete-policy", "BeforeHookCreation"),
///     ("helm.sh/hook-delete-policy", "hook-succeeded"),
/// ].into_iter().collect();
/// assert_eq!(delete_policies(&a), vec![DeletePolicy::BeforeHookCreation, DeletePolicy::HookSucceeded]);
/// ```
pub fn delete_policies(annotations: &Annotations) -> Vec<DeletePolicy> {
    let mut policies: Vec<DeletePolicy> = annotations
        .get(ARGOCD_HOOK_DELETE_POLICY)
        .map(csv)
        .unwrap_or_default()
        .into_iter()
        .filter_map(DeletePolicy::parse)
        .collect();
    policies.extend(helm::delete_policies(annotations));
    if policies.is_empty() {
        policies.push(DeletePolicy::BeforeHookCreation);
    }
    policies
}
