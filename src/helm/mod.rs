//! Helm's rules for the same annotations, as Helm 3 and Helm 4 read them (fact sheet `helm.md`). Helm differs
//! from Argo CD: it lowercases, it drops a whole object for one unknown event, and it does not validate delete
//! policies.
//!
//! | rule | function | upstream | fact sheet |
//! |---|---|---|---|
//! | hook events and their parse | [`hook_events`] | `pkg/release/v1/util/manifest_sorter.go` `SortManifests` | §1.1, §1.3 |
//! | hook weight | [`weight`] | `manifest_sorter.go` `calculateHookWeight` | §2.1 |
//! | delete policies | [`delete_policies`] | `manifest_sorter.go` `operateAnnotationValues` | §3.1 |
//! | resource policy on uninstall and upgrade | [`keeps_on_uninstall`], [`keeps_on_upgrade_prune`] | `pkg/action/resource_policy.go`, `pkg/kube/client.go` | §4 |

use std::fmt;

use crate::annotations::{Annotations, HELM_HOOK, HELM_HOOK_DELETE_POLICY, HELM_HOOK_WEIGHT};
use crate::goconv::atoi;

/// The nine Helm 3/4 hook events.
///
/// Upstream: `HookPreInstall` … `HookTest` in `pkg/release/v1/hook.go` (Helm 3: `pkg/release/hook.go`);
/// helm.md §1.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum HookEvent {
    /// `pre-install`
    PreInstall,
    /// `post-install`
    PostInstall,
    /// `pre-delete`
    PreDelete,
    /// `post-delete`
    PostDelete,
    /// `pre-upgrade`
    PreUpgrade,
    /// `post-upgrade`
    PostUpgrade,
    /// `pre-rollback`
    PreRollback,
    /// `post-rollback`
    PostRollback,
    /// `test` (also written `test-success`)
    Test,
}

impl HookEvent {
    /// Every event.
    pub const ALL: [HookEvent; 9] = [
        HookEvent::PreInstall,
        HookEvent::PostInstall,
        HookEvent::PreDelete,
        HookEvent::PostDelete,
        HookEvent::PreUpgrade,
        HookEvent::PostUpgrade,
        HookEvent::PreRollback,
        HookEvent::PostRollback,
        HookEvent::Test,
    ];

    /// Helm's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            HookEvent::PreInstall => "pre-install",
            HookEvent::PostInstall => "post-install",
            HookEvent::PreDelete => "pre-delete",
            HookEvent::PostDelete => "post-delete",
            HookEvent::PreUpgrade => "pre-upgrade",
            HookEvent::PostUpgrade => "post-upgrade",
            HookEvent::PreRollback => "pre-rollback",
            HookEvent::PostRollback => "post-rollback",
            HookEvent::Test => "test",
        }
    }

    /// Looks up one already trimmed and lowercased token in Helm's `events` table, which also maps the legacy
    /// `test-success` to `test`.
    pub fn lookup(token: &str) -> Option<HookEvent> {
        if token == "test-success" {
            return Some(HookEvent::Test);
        }
        HookEvent::ALL.into_iter().find(|event| event.as_str() == token)
    }
}

impl fmt::Display for HookEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The result of Helm's `helm.sh/hook` parse for one object.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HelmHook {
    /// No `helm.sh/hook` key: a regular manifest.
    NotAHook,
    /// A hook with these events, in order, duplicates kept.
    Events(Vec<HookEvent>),
    /// A token Helm does not know (trimmed and lowercased as Helm compares it): Helm drops the whole object.
    Dropped(String),
}

/// How Helm classifies an object by `helm.sh/hook`: absent → a regular manifest; present (any value, even
/// empty) → split on `,`, each token trimmed and lowercased and looked up; if **any** token is unknown (the empty
/// token of `""` or of a trailing comma, `crd-install`, `test-failure`, a typo) the whole object is dropped.
/// Duplicates are kept.
///
/// Upstream: `SortManifests` in Helm `pkg/release/v1/util/manifest_sorter.go` (Helm 3
/// `pkg/releaseutil/manifest_sorter.go`); helm.md §1.3, vector V6.
///
/// ```
/// use hookplan::Annotations;
/// use hookplan::helm::{hook_events, HelmHook, HookEvent};
/// let a: Annotations = [("helm.sh/hook", " Pre-Install ,POST-UPGRADE")].into_iter().collect();
/// assert_eq!(hook_events(&a), HelmHook::Events(vec![HookEvent::PreInstall, HookEvent::PostUpgrade]));
/// let trailing: Annotations = [("helm.sh/hook", "pre-install,")].into_iter().collect();
/// assert_eq!(hook_events(&trailing), HelmHook::Dropped(String::new()));
/// ```
pub fn hook_events(annotations: &Annotations) -> HelmHook {
    let Some(value) = annotations.get(HELM_HOOK) else { return HelmHook::NotAHook };
    let mut events = Vec::new();
    for token in value.split(',') {
        let token = token.trim().to_lowercase();
        match HookEvent::lookup(&token) {
            Some(event) => events.push(event),
            None => return HelmHook::Dropped(token),
        }
    }
    HelmHook::Events(events)
}

/// `helm.sh/hook-weight` read with Go's `Atoi` on the raw value (no trimming); absent or invalid → 0.
///
/// Upstream: `calculateHookWeight` in Helm `manifest_sorter.go`; helm.md §2.1.
pub fn weight(annotations: &Annotations) -> i64 {
    annotations.get(HELM_HOOK_WEIGHT).and_then(|value| atoi(value).ok()).unwrap_or(0)
}

/// The delete policy values Helm recognises at run time; any other value is kept but never matches.
///
/// Upstream: `HookBeforeHookCreation`, `HookSucceeded`, `HookFailed` in `pkg/release/v1/hook.go` (Helm 4) and
/// `pkg/release/hook.go` (Helm 3); helm.md §3.1.
pub const DELETE_POLICY_VALUES: [&str; 3] = ["before-hook-creation", "hook-succeeded", "hook-failed"];

/// `helm.sh/hook-delete-policy` as Helm parses it: split on `,`, each token trimmed and lowercased, every token
/// kept (no validation, no de-duplication, empty tokens kept). `None` when the annotation is absent, in which
/// case Helm defaults to `[before-hook-creation]` at run time; a present annotation with only unknown values
/// gets no default, so Helm never deletes the hook.
///
/// Upstream: `operateAnnotationValues` in Helm `manifest_sorter.go`, `hookSetDeletePolicy` in
/// `pkg/action/hooks.go`; helm.md §3.1, §3.2, vector V7.
///
/// ```
/// use hookplan::Annotations;
/// use hookplan::helm::delete_policies;
/// let a: Annotations = [("helm.sh/hook-delete-policy", "Hook-Succeeded , never,")].into_iter().collect();
/// assert_eq!(delete_policies(&a), Some(vec!["hook-succeeded".to_string(), "never".into(), "".into()]));
/// ```
pub fn delete_policies(annotations: &Annotations) -> Option<Vec<String>> {
    annotations
        .get(HELM_HOOK_DELETE_POLICY)
        .map(|value| value.split(',').map(|token| token.trim().to_lowercase()).collect())
}

/// Whether Helm's uninstall keeps an object with this `helm.sh/resource-policy` value: trimmed and lowercased,
/// it equals `keep`. (Any other value: the object is neither deleted nor reported.)
///
/// Upstream: `filterManifestsToKeep` in Helm `pkg/action/resource_policy.go`; helm.md §4.
pub fn keeps_on_uninstall(value: &str) -> bool {
    value.trim().to_lowercase() == "keep"
}

/// Whether Helm's upgrade or rollback prune keeps a live object with this `helm.sh/resource-policy` value:
/// exactly `keep`, case-sensitive, untrimmed.
///
/// Upstream: `Client.update` in Helm `pkg/kube/client.go`; helm.md §4.
pub fn keeps_on_upgrade_prune(value: &str) -> bool {
    value == "keep"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(value: &str) -> HelmHook {
        hook_events(&[(HELM_HOOK, value)].into_iter().collect())
    }

    #[test]
    fn event_parse_vectors() {
        // helm.md §1.3 and vector V6.
        assert_eq!(hook(""), HelmHook::Dropped(String::new()));
        assert_eq!(hook("no-such-hook"), HelmHook::Dropped("no-such-hook".into()));
        assert_eq!(
            hook("post-delete, post-install"),
            HelmHook::Events(vec![HookEvent::PostDelete, HookEvent::PostInstall])
        );
        assert_eq!(hook("crd-install"), HelmHook::Dropped("crd-install".into()));
        assert_eq!(hook("test-failure"), HelmHook::Dropped("test-failure".into()));
        assert_eq!(hook("pre_install"), HelmHook::Dropped("pre_install".into()));
        assert_eq!(hook("test,test-success"), HelmHook::Events(vec![HookEvent::Test, HookEvent::Test]));
        assert_eq!(hook("pre-install,pre-install"), HelmHook::Events(vec![HookEvent::PreInstall; 2]));
        assert_eq!(hook_events(&Annotations::new()), HelmHook::NotAHook);
    }

    #[test]
    fn weights_and_resource_policy() {
        let w = |v: &str| weight(&[(HELM_HOOK_WEIGHT, v)].into_iter().collect());
        assert_eq!((w("5"), w("+5"), w("005"), w("-05")), (5, 5, 5, -5));
        assert_eq!(
            (w(" 5"), w("5 "), w("1.5"), w("0x10"), w("abc"), w("1e3"), w("9223372036854775808")),
            (0, 0, 0, 0, 0, 0, 0)
        );
        assert!(keeps_on_uninstall(" Keep ") && !keeps_on_upgrade_prune(" Keep "));
        assert!(keeps_on_uninstall("keep") && keeps_on_upgrade_prune("keep"));
        assert!(!keeps_on_uninstall("keep,other"));
    }
}

/// The Helm major version whose rules apply where Helm 3 and Helm 4 differ (the kind orders).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum HelmVersion {
    /// Helm 3.
    V3,
    /// Helm 4 (the default: current Helm).
    #[default]
    V4,
}

/// Helm's `InstallOrder` (Helm 4: `pkg/release/v1/util/kind_sorter.go`; Helm 3: `pkg/releaseutil/kind_sorter.go`,
/// without the two webhook configurations); helm.md §5.1.
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

/// Helm's `UninstallOrder` (Helm 4; Helm 3 without the two webhook configurations); helm.md §5.2. Not the
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KindOrder {
    /// `InstallOrder`: install, upgrade, rollback, and hooks of every event.
    Install,
    /// `UninstallOrder`: the regular manifests on uninstall.
    Uninstall,
}

/// The position of `kind` in Helm's order, `None` for a kind the order does not list (exact, case-sensitive,
/// the API group ignored). Helm 3 does not list the webhook configurations.
///
/// Upstream: `InstallOrder`, `UninstallOrder` in Helm's `kind_sorter.go`; helm.md §5.1, §5.2.
pub fn kind_index(kind: &str, order: KindOrder, version: HelmVersion) -> Option<usize> {
    let list: &[&str] = match order {
        KindOrder::Install => &INSTALL_ORDER,
        KindOrder::Uninstall => &UNINSTALL_ORDER,
    };
    let webhook = matches!(kind, "MutatingWebhookConfiguration" | "ValidatingWebhookConfiguration");
    if version == HelmVersion::V3 && webhook {
        return None;
    }
    let index = list.iter().position(|k| *k == kind)?;
    // Helm 3's lists are Helm 4's without the webhook configurations, which come first on uninstall.
    Some(if version == HelmVersion::V3 && order == KindOrder::Uninstall { index - 2 } else { index })
}

/// Helm's kind comparator: listed kinds by their position; a listed kind before any unlisted one; two unlisted
/// kinds alphabetically (byte-wise) by kind, equal kinds equal (the sort is stable, so input order decides).
///
/// Upstream: `lessByKind` in Helm's `kind_sorter.go`; helm.md §5.3, vectors V1-V5, D15.
///
/// ```
/// use hookplan::helm::{compare_kinds, HelmVersion, KindOrder};
/// use std::cmp::Ordering;
/// assert_eq!(compare_kinds("Namespace", "Deployment", KindOrder::Install, HelmVersion::V4), Ordering::Less);
/// assert_eq!(compare_kinds("ZetaCR", "Deployment", KindOrder::Uninstall, HelmVersion::V4), Ordering::Greater);
/// assert_eq!(compare_kinds("AlphaCR", "ZetaCR", KindOrder::Uninstall, HelmVersion::V4), Ordering::Less);
/// ```
pub fn compare_kinds(a: &str, b: &str, order: KindOrder, version: HelmVersion) -> std::cmp::Ordering {
    match (kind_index(a, order, version), kind_index(b, order, version)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.as_bytes().cmp(b.as_bytes()),
    }
}

/// The delete policies of a hook at run time: [`delete_policies`], defaulted to `[before-hook-creation]` only
/// when the annotation is absent (a present annotation with only unknown or empty values gets no default, so
/// the hook is never deleted).
///
/// Upstream: `hookSetDeletePolicy` in Helm's `pkg/action/hooks.go`; helm.md §3.2, vectors V7, D6.
pub fn effective_delete_policies(annotations: &Annotations) -> Vec<String> {
    delete_policies(annotations).unwrap_or_else(|| vec!["before-hook-creation".to_string()])
}

/// Whether Helm deletes a hook of this kind by policy at all: never a `CustomResourceDefinition`.
///
/// Upstream: `hookHasDeletePolicy` in Helm's `pkg/action/hooks.go`; helm.md §3.3 (CRD exception), vector D10.
pub fn deletable_hook_kind(kind: &str) -> bool {
    kind != "CustomResourceDefinition"
}

/// `helm.sh/hook-output-log-policy`, parsed like the delete policies (`hook-succeeded`, `hook-failed`); no
/// default. Helm 3.18+ and Helm 4 print the logs of a `Job` or `Pod` hook when its outcome matches.
///
/// Upstream: `operateAnnotationValues` in Helm's `manifest_sorter.go`, `outputLogsByPolicy` in
/// `pkg/action/hooks.go`; helm.md §3.5, vector V11.
pub fn output_log_policies(annotations: &Annotations) -> Vec<String> {
    annotations
        .get("helm.sh/hook-output-log-policy")
        .map(|value| value.split(',').map(|token| token.trim().to_lowercase()).collect())
        .unwrap_or_default()
}

/// Whether Helm prints a hook's logs after it ran, and from which namespace: only for a `Job` or a `Pod` whose
/// output-log policies include `hook-succeeded` (it succeeded) or `hook-failed` (it failed); from the hook
/// manifest's namespace, else the release namespace. `None` when no logs are printed.
///
/// Upstream: `outputLogsByPolicy` in Helm's `pkg/action/hooks.go` (Helm 3.18+ and Helm 4); helm.md §3.5, vector V11.
///
/// ```
/// use hookplan::Annotations;
/// use hookplan::helm::hook_logs_namespace;
/// let a: Annotations = [("helm.sh/hook-output-log-policy", "hook-failed")].into_iter().collect();
/// assert_eq!(hook_logs_namespace(&a, "Job", None, "spaced", false), Some("spaced".to_string()));
/// assert_eq!(hook_logs_namespace(&a, "Job", None, "spaced", true), None);
/// ```
pub fn hook_logs_namespace(
    annotations: &Annotations,
    kind: &str,
    manifest_namespace: Option<&str>,
    release_namespace: &str,
    succeeded: bool,
) -> Option<String> {
    if !matches!(kind, "Job" | "Pod") {
        return None;
    }
    let wanted = if succeeded { "hook-succeeded" } else { "hook-failed" };
    output_log_policies(annotations)
        .iter()
        .any(|p| p == wanted)
        .then(|| manifest_namespace.unwrap_or(release_namespace).to_string())
}

#[cfg(test)]
mod kind_order_tests {
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

    /// V11 (TestInstallRelease_HookOutputLogs*): which outcomes print logs, and from where.
    #[test]
    fn v11_output_logs() {
        let with = |policy: &str| -> Annotations { [("helm.sh/hook-output-log-policy", policy)].into_iter().collect() };
        for (policy, succeeded, expected) in [
            ("hook-failed", false, true),
            ("hook-succeeded", false, false),
            ("hook-succeeded", true, true),
            ("hook-failed", true, false),
            ("hook-succeeded,hook-failed", true, true),
            ("hook-succeeded,hook-failed", false, true),
        ] {
            for kind in ["Pod", "Job"] {
                let release = hook_logs_namespace(&with(policy), kind, None, "spaced", succeeded);
                assert_eq!(release, expected.then(|| "spaced".to_string()), "{policy} {succeeded} {kind}");
                let manifest = hook_logs_namespace(&with(policy), kind, Some("sneaky-namespace"), "spaced", succeeded);
                assert_eq!(manifest, expected.then(|| "sneaky-namespace".to_string()));
            }
        }
        assert_eq!(hook_logs_namespace(&with("hook-failed"), "ConfigMap", None, "spaced", false), None);
    }

    /// V7 (TestConfiguration_hookSetDeletePolicy) and D6.
    #[test]
    fn v7_d6_delete_policy_default() {
        let with = |value: &str| effective_delete_policies(&[(HELM_HOOK_DELETE_POLICY, value)].into_iter().collect());
        assert_eq!(effective_delete_policies(&Annotations::new()), ["before-hook-creation"]);
        assert_eq!(with("never"), ["never"]);
        assert_eq!(with("HOOK-SUCCEEDED "), ["hook-succeeded"]);
        assert_eq!(with(""), [""]);
        assert_eq!(with("hook-succeeded,"), ["hook-succeeded", ""]);
        assert!(!deletable_hook_kind("CustomResourceDefinition") && deletable_hook_kind("Job"));
    }
}
