//! Argo CD's kind order (copied from Helm's install order).

/// The 35 kinds Argo CD orders within a (phase, wave), first to last.
///
/// ```
/// use hookplan::argocd::kind_order::KIND_ORDER;
/// assert_eq!((KIND_ORDER[0], KIND_ORDER[34]), ("Namespace", "APIService"));
/// assert!(!KIND_ORDER.contains(&"PriorityClass"));
/// ```
///
/// Upstream (argo-cd@37ee009): `kindOrder` in `gitops-engine/pkg/sync/sync_tasks.go` (citing Helm's `kind_sorter.go`);
/// Deliberately not derived from Helm's install order (`helm` module): gitops-engine keeps its
/// own frozen copy, without `PriorityClass` and the webhook configurations, and the two evolve separately.
pub const KIND_ORDER: [&str; 35] = [
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
];

/// The kind rank: index − 35 for a listed kind (Namespace −35 … APIService −1), 0 for any other kind (custom
/// resources, PriorityClass, webhook configurations...), which therefore sort after every listed kind. Only the
/// bare kind counts, not the API group.
///
/// Upstream (argo-cd@37ee009): `kindOrder` lookup in `syncTasks.Less`, `gitops-engine/pkg/sync/sync_tasks.go`
/// (`Test_syncTasks_kindOrder`).
///
/// ```
/// use hookplan::argocd::kind_rank;
/// assert_eq!(kind_rank("Namespace"), -35);
/// assert_eq!(kind_rank("APIService"), -1);
/// assert_eq!(kind_rank("MyCRD"), 0);
/// ```
pub fn kind_rank(kind: &str) -> i64 {
    // A `match` rather than a scan of KIND_ORDER: this runs once per task. A test keeps the two in step.
    match kind {
        "Namespace" => -35,
        "NetworkPolicy" => -34,
        "ResourceQuota" => -33,
        "LimitRange" => -32,
        "PodSecurityPolicy" => -31,
        "PodDisruptionBudget" => -30,
        "ServiceAccount" => -29,
        "Secret" => -28,
        "SecretList" => -27,
        "ConfigMap" => -26,
        "StorageClass" => -25,
        "PersistentVolume" => -24,
        "PersistentVolumeClaim" => -23,
        "CustomResourceDefinition" => -22,
        "ClusterRole" => -21,
        "ClusterRoleList" => -20,
        "ClusterRoleBinding" => -19,
        "ClusterRoleBindingList" => -18,
        "Role" => -17,
        "RoleList" => -16,
        "RoleBinding" => -15,
        "RoleBindingList" => -14,
        "Service" => -13,
        "DaemonSet" => -12,
        "Pod" => -11,
        "ReplicationController" => -10,
        "ReplicaSet" => -9,
        "Deployment" => -8,
        "HorizontalPodAutoscaler" => -7,
        "StatefulSet" => -6,
        "Job" => -5,
        "CronJob" => -4,
        "IngressClass" => -3,
        "Ingress" => -2,
        "APIService" => -1,
        _ => 0,
    }
}

/// Argo CD's kind comparator: by [`kind_rank`], so a listed kind before any unlisted one and two unlisted kinds
/// equal (Argo CD then compares names, as [`crate::argocd::sync_plan`] does). The same shape as Helm's
/// [`crate::helm::compare_kinds`], which also takes the order and the release.
///
/// Upstream (argo-cd@37ee009): the kind step of `syncTasks.Less`, `gitops-engine/pkg/sync/sync_tasks.go`.
///
/// ```
/// use hookplan::argocd::compare_kinds;
/// use std::cmp::Ordering;
/// assert_eq!(compare_kinds("Namespace", "Deployment"), Ordering::Less);
/// assert_eq!(compare_kinds("MyCRD", "APIService"), Ordering::Greater);
/// // Unlike Helm, Argo CD does not order unlisted kinds among themselves.
/// assert_eq!(compare_kinds("AlphaCR", "ZetaCR"), Ordering::Equal);
/// ```
pub fn compare_kinds(a: &str, b: &str) -> std::cmp::Ordering {
    kind_rank(a).cmp(&kind_rank(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_agrees_with_the_list() {
        for (i, kind) in KIND_ORDER.iter().enumerate() {
            assert_eq!(kind_rank(kind), i64::try_from(i).unwrap() - 35, "{kind}");
        }
    }
}
