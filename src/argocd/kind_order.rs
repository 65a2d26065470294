//! Argo CD's kind order (copied from Helm's install order).

/// The 35 kinds Argo CD orders within a (phase, wave), first to last.
///
/// Upstream: `kindOrder` in `gitops-engine/pkg/sync/sync_tasks.go` (citing Helm's `kind_sorter.go`);
/// argocd.md §4.2.
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
/// Upstream: `kindOrder` lookup in `syncTasks.Less`, `gitops-engine/pkg/sync/sync_tasks.go`; argocd.md §4.2
/// (`Test_syncTasks_kindOrder`).
///
/// ```
/// use hookplan::argocd::kind_order::kind_rank;
/// assert_eq!(kind_rank("Namespace"), -35);
/// assert_eq!(kind_rank("APIService"), -1);
/// assert_eq!(kind_rank("MyCRD"), 0);
/// ```
pub fn kind_rank(kind: &str) -> i64 {
    const LISTED: i64 = 35; // KIND_ORDER.len(), pinned by a test
    KIND_ORDER.iter().position(|k| *k == kind).and_then(|i| i64::try_from(i).ok()).map_or(0, |i| i - LISTED)
}
