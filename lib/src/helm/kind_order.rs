//! Helm's kind orders (install and uninstall), which differ between Helm 3 and Helm 4.

use super::version::HelmVersion;

/// Helm's `InstallOrder` (Helm 4: `pkg/release/v1/util/kind_sorter.go`; Helm 3: `pkg/releaseutil/kind_sorter.go`,
/// without the two webhook configurations).
const INSTALL_ORDER: [&str; 38] = [
    "PriorityClass",
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
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// Helm's `UninstallOrder` (Helm 4; Helm 3 without the two webhook configurations). Not the
/// reverse of the install order: `Service` comes right after `IngressClass`.
const UNINSTALL_ORDER: [&str; 38] = [
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "APIService",
    "Ingress",
    "IngressClass",
    "Service",
    "CronJob",
    "Job",
    "StatefulSet",
    "HorizontalPodAutoscaler",
    "Deployment",
    "ReplicaSet",
    "ReplicationController",
    "Pod",
    "DaemonSet",
    "RoleBindingList",
    "RoleBinding",
    "RoleList",
    "Role",
    "ClusterRoleBindingList",
    "ClusterRoleBinding",
    "ClusterRoleList",
    "ClusterRole",
    "CustomResourceDefinition",
    "PersistentVolumeClaim",
    "PersistentVolume",
    "StorageClass",
    "ConfigMap",
    "SecretList",
    "Secret",
    "ServiceAccount",
    "PodDisruptionBudget",
    "PodSecurityPolicy",
    "LimitRange",
    "ResourceQuota",
    "NetworkPolicy",
    "Namespace",
    "PriorityClass",
];

/// Which of Helm's two kind orders.
///
/// ```
/// use hookplan::helm::{compare_kinds, HelmVersion, KindOrder};
/// use std::cmp::Ordering;
/// // Installed before, uninstalled after.
/// assert_eq!(compare_kinds("Namespace", "Deployment", KindOrder::Install, HelmVersion::V4), Ordering::Less);
/// assert_eq!(compare_kinds("Namespace", "Deployment", KindOrder::Uninstall, HelmVersion::V4), Ordering::Greater);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KindOrder {
    /// `InstallOrder`: install, upgrade, rollback, and hooks of every event.
    Install,
    /// `UninstallOrder`: the regular manifests on uninstall.
    Uninstall,
}

/// The position of `kind` in Helm's order, `None` for a kind the order does not list (exact, case-sensitive,
/// the API group ignored). Helm 3 does not list the webhook configurations, nor older 3.x releases the kinds
/// added since (see [`HelmVersion`]).
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `InstallOrder`, `UninstallOrder` in Helm's `kind_sorter.go`.
///
/// ```
/// use hookplan::helm::{kind_rank, HelmVersion, KindOrder};
/// assert_eq!(kind_rank("PriorityClass", KindOrder::Install, HelmVersion::V4), Some(0));
/// assert_eq!(kind_rank("Namespace", KindOrder::Install, HelmVersion::V4), Some(1));
/// // Helm 3.12 does not know PriorityClass yet, and Helm 3 no webhook configuration.
/// assert_eq!(kind_rank("PriorityClass", KindOrder::Install, HelmVersion::V3Minor(12)), None);
/// assert_eq!(kind_rank("MutatingWebhookConfiguration", KindOrder::Install, HelmVersion::V3), None);
/// assert_eq!(kind_rank("MyCRD", KindOrder::Uninstall, HelmVersion::V4), None);
/// ```
pub fn kind_rank(kind: &str, order: KindOrder, version: HelmVersion) -> Option<usize> {
    let list: &[&str] = match order {
        KindOrder::Install => &INSTALL_ORDER,
        KindOrder::Uninstall => &UNINSTALL_ORDER,
    };
    let webhook = matches!(kind, "MutatingWebhookConfiguration" | "ValidatingWebhookConfiguration");
    let v3 = version.v3_minor().is_some();
    let added_in_3 = match kind {
        "PriorityClass" => 13,
        "IngressClass" => 9,
        "SecretList" => 3,
        _ => 0,
    };
    if (v3 && webhook) || !version.since_3(added_in_3) {
        return None;
    }
    let index = list.iter().position(|k| *k == kind)?;
    // Helm 3's lists are Helm 4's without the webhook configurations, which come first on uninstall.
    Some(if v3 && order == KindOrder::Uninstall { index - 2 } else { index })
}

/// Helm's kind comparator: listed kinds by their position; a listed kind before any unlisted one; two unlisted
/// kinds alphabetically (byte-wise) by kind, equal kinds equal (the sort is stable, so input order decides).
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `lessByKind` in Helm's `kind_sorter.go`; upstream tests `TestKindSorter`, `TestKindSorterKeepOriginalOrder`, `TestKindSorterNamespaceAgainstUnknown`, `TestKindSorterForHooks`.
///
/// ```
/// use hookplan::helm::{compare_kinds, HelmVersion, KindOrder};
/// use std::cmp::Ordering;
/// assert_eq!(compare_kinds("Namespace", "Deployment", KindOrder::Install, HelmVersion::V4), Ordering::Less);
/// assert_eq!(compare_kinds("ZetaCR", "Deployment", KindOrder::Uninstall, HelmVersion::V4), Ordering::Greater);
/// assert_eq!(compare_kinds("AlphaCR", "ZetaCR", KindOrder::Uninstall, HelmVersion::V4), Ordering::Less);
/// ```
pub fn compare_kinds(a: &str, b: &str, order: KindOrder, version: HelmVersion) -> std::cmp::Ordering {
    match (kind_rank(a, order, version), kind_rank(b, order, version)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.as_bytes().cmp(b.as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(input: &str, order: KindOrder, version: HelmVersion) -> String {
        let mut items: Vec<(&str, &str)> = input.split(", ").filter_map(|item| item.split_once(':')).collect();
        items.sort_by(|a, b| compare_kinds(a.1, b.1, order, version));
        items.into_iter().map(|(name, _)| name).collect()
    }

    const V1_INPUT: &str = "U:IngressClass, E:SecretList, i:ClusterRole, I:ClusterRoleList, j:ClusterRoleBinding, \
        J:ClusterRoleBindingList, f:ConfigMap, u:CronJob, 2:CustomResourceDefinition, n:DaemonSet, r:Deployment, \
        !:HonkyTonkSet, v:Ingress, t:Job, c:LimitRange, a:Namespace, A:NetworkPolicy, g:PersistentVolume, \
        h:PersistentVolumeClaim, o:Pod, 3:PodDisruptionBudget, C:PodSecurityPolicy, q:ReplicaSet, \
        p:ReplicationController, b:ResourceQuota, k:Role, K:RoleList, l:RoleBinding, L:RoleBindingList, e:Secret, \
        m:Service, d:ServiceAccount, s:StatefulSet, 1:StorageClass, w:APIService, x:HorizontalPodAutoscaler, \
        F:PriorityClass, M:MutatingWebhookConfiguration, V:ValidatingWebhookConfiguration";

    /// V1 and V2 (TestKindSorter), install and uninstall, Helm 4 and Helm 3.
    #[test]
    fn v1_v2_kind_sorter() {
        assert_eq!(sorted(V1_INPUT, KindOrder::Install, HelmVersion::V4), "FaAbcC3deEf1gh2iIjJkKlLmnopqrxstuUvwMV!");
        assert_eq!(sorted(V1_INPUT, KindOrder::Uninstall, HelmVersion::V4), "VMwvUmutsxrqponLlKkJjIi2hg1fEed3CcbAaF!");
        let h3_input = V1_INPUT.replace(", M:MutatingWebhookConfiguration, V:ValidatingWebhookConfiguration", "");
        assert_eq!(sorted(&h3_input, KindOrder::Install, HelmVersion::V3), "FaAbcC3deEf1gh2iIjJkKlLmnopqrxstuUvw!");
        assert_eq!(sorted(&h3_input, KindOrder::Uninstall, HelmVersion::V3), "wvUmutsxrqponLlKkJjIi2hg1fEed3CcbAaF!");
    }

    /// V3 (TestKindSorterKeepOriginalOrder), V4 (…NamespaceAgainstUnknown), V5 (…ForHooks), D15.
    #[test]
    fn v3_v4_v5_d15() {
        let v3 = "a:ClusterRole, A:ClusterRole, 0:ConfigMap, 1:ConfigMap, z:ClusterRoleBinding, !:ClusterRoleBinding, u2:Unknown, u1:Unknown, t3:Unknown2";
        assert_eq!(sorted(v3, KindOrder::Install, HelmVersion::V4), "01aAz!u2u1t3");
        assert_eq!(sorted("a:Unknown, b:Namespace", KindOrder::Install, HelmVersion::V4), "ba");
        let v5 = "i:ClusterRole, j:ClusterRoleBinding, c:LimitRange, a:Namespace";
        assert_eq!(sorted(v5, KindOrder::Install, HelmVersion::V4), "acij");
        assert_eq!(sorted(v5, KindOrder::Uninstall, HelmVersion::V4), "jica");
        let d15 = "d:Deployment, z:ZetaCR, a:AlphaCR";
        assert_eq!(sorted(d15, KindOrder::Install, HelmVersion::V4), "daz");
        assert_eq!(sorted(d15, KindOrder::Uninstall, HelmVersion::V4), "daz");
    }
}
