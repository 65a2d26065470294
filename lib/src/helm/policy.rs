//! Helm's delete policies, resource policy and hook output-log policy.

use crate::annotations::{Annotations, HELM_HOOK_DELETE_POLICY};

crate::vocabulary::vocabulary! {
/// The hook delete policies Helm recognises at run time, as Helm spells them; any other value is kept but never
/// matches. Argo CD reads the same three values from `helm.sh/hook-delete-policy` (exactly, case-sensitively) as
/// its own `DeletePolicy` (`crate::argocd::DeletePolicy`): the conversions, written beside it, between the two are the one place the mapping is written.
///
/// Upstream: `HookBeforeHookCreation`, `HookSucceeded`, `HookFailed` in helm@e9b85e4 `pkg/release/v1/hook.go`
/// (v3.21.4: `pkg/release/hook.go`); the mapping in argo-cd@37ee009 `gitops-engine/pkg/sync/hook/helm/delete_policy.go`.
///
/// ```
/// use hookplan::argocd::DeletePolicy;
/// use hookplan::helm::HookDeletePolicy;
/// assert_eq!(DeletePolicy::from(HookDeletePolicy::HookSucceeded), DeletePolicy::HookSucceeded);
/// assert_eq!(HookDeletePolicy::from(DeletePolicy::BeforeHookCreation).as_str(), "before-hook-creation");
/// ```
pub enum HookDeletePolicy("Helm hook delete policy") {
    /// `before-hook-creation`: delete the previous instance before creating the hook.
    BeforeHookCreation = "before-hook-creation",
    /// `hook-succeeded`: delete the hook when it succeeded.
    HookSucceeded = "hook-succeeded",
    /// `hook-failed`: delete the hook when it failed.
    HookFailed = "hook-failed",
}
}

/// `helm.sh/hook-delete-policy` as Helm parses it: split on `,`, each token trimmed and lowercased, every token
/// kept (no validation, no de-duplication, empty tokens kept). `None` when the annotation is absent, in which
/// case Helm defaults to `[before-hook-creation]` at run time; a present annotation with only unknown values
/// gets no default, so Helm never deletes the hook.
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `operateAnnotationValues` in Helm `manifest_sorter.go`, `hookSetDeletePolicy` in
/// `pkg/action/hooks.go`; upstream test `TestConfiguration_hookSetDeletePolicy`.
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
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `filterManifestsToKeep` in Helm `pkg/action/resource_policy.go`.
pub fn keeps_on_uninstall(value: &str) -> bool {
    value.trim().to_lowercase() == "keep"
}

/// Whether Helm's upgrade or rollback prune keeps a live object with this `helm.sh/resource-policy` value:
/// exactly `keep`, case-sensitive, untrimmed.
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `Client.update` in Helm `pkg/kube/client.go`.
pub fn keeps_on_upgrade_prune(value: &str) -> bool {
    value == "keep"
}

/// The delete policies of a hook at run time: [`delete_policies`], defaulted to `[before-hook-creation]` only
/// when the annotation is absent (a present annotation with only unknown or empty values gets no default, so
/// the hook is never deleted).
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `hookSetDeletePolicy` in Helm's `pkg/action/hooks.go`; upstream test `TestConfiguration_hookSetDeletePolicy`.
pub fn effective_delete_policies(annotations: &Annotations) -> Vec<String> {
    with_default(delete_policies(annotations))
}

/// The default of [`effective_delete_policies`], given [`delete_policies`]' answer.
pub(crate) fn with_default(policies: Option<Vec<String>>) -> Vec<String> {
    policies.unwrap_or_else(|| vec!["before-hook-creation".to_string()])
}

/// `helm.sh/hook-output-log-policy`: which outcomes of a Job or Pod hook print its logs.
pub(crate) const HELM_HOOK_OUTPUT_LOG_POLICY: &str = "helm.sh/hook-output-log-policy";

/// Whether Helm deletes a hook of this kind by policy at all: never a `CustomResourceDefinition`.
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `hookHasDeletePolicy` in Helm's `pkg/action/hooks.go` (CRD exception).
pub fn deletable_hook_kind(kind: &str) -> bool {
    kind != "CustomResourceDefinition"
}

/// `helm.sh/hook-output-log-policy`, parsed like the delete policies (`hook-succeeded`, `hook-failed`); no
/// default. Helm 3.18+ and Helm 4 print the logs of a `Job` or `Pod` hook when its outcome matches.
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `operateAnnotationValues` in Helm's `manifest_sorter.go`, `outputLogsByPolicy` in
/// `pkg/action/hooks.go`; upstream test `TestInstallRelease_HookOutputLogs*`.
pub fn output_log_policies(annotations: &Annotations) -> Vec<String> {
    annotations
        .get(HELM_HOOK_OUTPUT_LOG_POLICY)
        .map(|value| value.split(',').map(|token| token.trim().to_lowercase()).collect())
        .unwrap_or_default()
}

/// Whether Helm prints a hook's logs after it ran, and from which namespace: only for a `Job` or a `Pod` whose
/// output-log policies include `hook-succeeded` (it succeeded) or `hook-failed` (it failed); from the hook
/// manifest's namespace, else the release namespace. `None` when no logs are printed.
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `outputLogsByPolicy` in Helm's `pkg/action/hooks.go` (Helm 3.18+ and Helm 4); upstream test `TestInstallRelease_HookOutputLogs*`.
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
mod tests {
    use super::*;

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
