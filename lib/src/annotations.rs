//! Annotation keys and the comma-separated-value rule shared by hook types, delete policies and sync options.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

/// `argocd.argoproj.io/hook`: the Argo CD hook types of an object (`ge:/pkg/sync/common/types.go`).
///
/// ```
/// use hookplan::annotations::{ARGOCD_HOOK, ARGOCD_HOOK_DELETE_POLICY, ARGOCD_SYNC_WAVE, ARGOCD_SYNC_OPTIONS};
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// let job = format!("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    {ARGOCD_HOOK}: PostSync\n    \
///     {ARGOCD_HOOK_DELETE_POLICY}: HookSucceeded\n    {ARGOCD_SYNC_WAVE}: \"3\"\n    {ARGOCD_SYNC_OPTIONS}: Replace=true\n");
/// let plan = plan_sync(&Manifests::parse("job.yaml", &job), &SyncOperation::new());
/// let (step, task) = plan.tasks().next().unwrap();
/// assert_eq!((step.phase.as_str(), step.wave, task.sync_options.as_slice()), ("PostSync", 3, &["Replace=true".to_string()][..]));
/// assert_eq!(plan.hook_deletion.on_success.len(), 1);
/// ```
pub const ARGOCD_HOOK: &str = "argocd.argoproj.io/hook";
/// `argocd.argoproj.io/hook-delete-policy`: the Argo CD delete policies of a hook.
///
/// ```
/// use hookplan::annotations::{ARGOCD_HOOK, ARGOCD_HOOK_DELETE_POLICY, ARGOCD_SYNC_WAVE, ARGOCD_SYNC_OPTIONS};
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// let job = format!("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    {ARGOCD_HOOK}: PostSync\n    \
///     {ARGOCD_HOOK_DELETE_POLICY}: HookSucceeded\n    {ARGOCD_SYNC_WAVE}: \"3\"\n    {ARGOCD_SYNC_OPTIONS}: Replace=true\n");
/// let plan = plan_sync(&Manifests::parse("job.yaml", &job), &SyncOperation::new());
/// let (step, task) = plan.tasks().next().unwrap();
/// assert_eq!((step.phase.as_str(), step.wave, task.sync_options.as_slice()), ("PostSync", 3, &["Replace=true".to_string()][..]));
/// assert_eq!(plan.hook_deletion.on_success.len(), 1);
/// ```
pub const ARGOCD_HOOK_DELETE_POLICY: &str = "argocd.argoproj.io/hook-delete-policy";
/// `argocd.argoproj.io/sync-wave`: the sync wave of an object.
///
/// ```
/// use hookplan::annotations::{ARGOCD_HOOK, ARGOCD_HOOK_DELETE_POLICY, ARGOCD_SYNC_WAVE, ARGOCD_SYNC_OPTIONS};
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// let job = format!("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    {ARGOCD_HOOK}: PostSync\n    \
///     {ARGOCD_HOOK_DELETE_POLICY}: HookSucceeded\n    {ARGOCD_SYNC_WAVE}: \"3\"\n    {ARGOCD_SYNC_OPTIONS}: Replace=true\n");
/// let plan = plan_sync(&Manifests::parse("job.yaml", &job), &SyncOperation::new());
/// let (step, task) = plan.tasks().next().unwrap();
/// assert_eq!((step.phase.as_str(), step.wave, task.sync_options.as_slice()), ("PostSync", 3, &["Replace=true".to_string()][..]));
/// assert_eq!(plan.hook_deletion.on_success.len(), 1);
/// ```
pub const ARGOCD_SYNC_WAVE: &str = "argocd.argoproj.io/sync-wave";
/// `argocd.argoproj.io/sync-options`: per-resource sync options.
///
/// ```
/// use hookplan::annotations::{ARGOCD_HOOK, ARGOCD_HOOK_DELETE_POLICY, ARGOCD_SYNC_WAVE, ARGOCD_SYNC_OPTIONS};
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// let job = format!("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    {ARGOCD_HOOK}: PostSync\n    \
///     {ARGOCD_HOOK_DELETE_POLICY}: HookSucceeded\n    {ARGOCD_SYNC_WAVE}: \"3\"\n    {ARGOCD_SYNC_OPTIONS}: Replace=true\n");
/// let plan = plan_sync(&Manifests::parse("job.yaml", &job), &SyncOperation::new());
/// let (step, task) = plan.tasks().next().unwrap();
/// assert_eq!((step.phase.as_str(), step.wave, task.sync_options.as_slice()), ("PostSync", 3, &["Replace=true".to_string()][..]));
/// assert_eq!(plan.hook_deletion.on_success.len(), 1);
/// ```
pub const ARGOCD_SYNC_OPTIONS: &str = "argocd.argoproj.io/sync-options";
/// `argocd.argoproj.io/compare-options`: per-resource compare options (no effect on the plan).
///
/// ```
/// use hookplan::annotations::ARGOCD_COMPARE_OPTIONS;
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// let cm = format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: {{{ARGOCD_COMPARE_OPTIONS}: IgnoreExtraneous}}\n");
/// let plan = plan_sync(&Manifests::parse("cm.yaml", &cm), &SyncOperation::new());
/// assert_eq!((plan.tasks().count(), plan.diagnostics.len()), (1, 0));
/// ```
pub const ARGOCD_COMPARE_OPTIONS: &str = "argocd.argoproj.io/compare-options";
/// `helm.sh/hook`: the Helm hook events of an object.
///
/// ```
/// use hookplan::annotations::{HELM_HOOK, HELM_HOOK_WEIGHT, HELM_HOOK_DELETE_POLICY};
/// use hookplan::{Manifests, plan_helm};
/// use hookplan::helm::{HelmCommand, HelmOperation};
/// let job = format!("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    {HELM_HOOK}: pre-install\n    \
///     {HELM_HOOK_WEIGHT}: \"-1\"\n    {HELM_HOOK_DELETE_POLICY}: hook-succeeded\n");
/// let plan = plan_helm(&Manifests::parse("job.yaml", &job), &HelmOperation::new(HelmCommand::Install));
/// let (step, task) = plan.tasks().next().unwrap();
/// assert_eq!((step.phase.as_str(), step.wave, task.hook), ("pre-install", -1, true));
/// assert_eq!(task.delete_policies.to_string(), "hook-succeeded");
/// ```
pub const HELM_HOOK: &str = "helm.sh/hook";
/// `helm.sh/hook-weight`: the Helm hook weight (Argo CD's sync-wave fallback).
///
/// ```
/// use hookplan::annotations::{HELM_HOOK, HELM_HOOK_WEIGHT, HELM_HOOK_DELETE_POLICY};
/// use hookplan::{Manifests, plan_helm};
/// use hookplan::helm::{HelmCommand, HelmOperation};
/// let job = format!("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    {HELM_HOOK}: pre-install\n    \
///     {HELM_HOOK_WEIGHT}: \"-1\"\n    {HELM_HOOK_DELETE_POLICY}: hook-succeeded\n");
/// let plan = plan_helm(&Manifests::parse("job.yaml", &job), &HelmOperation::new(HelmCommand::Install));
/// let (step, task) = plan.tasks().next().unwrap();
/// assert_eq!((step.phase.as_str(), step.wave, task.hook), ("pre-install", -1, true));
/// assert_eq!(task.delete_policies.to_string(), "hook-succeeded");
/// ```
pub const HELM_HOOK_WEIGHT: &str = "helm.sh/hook-weight";
/// `helm.sh/hook-delete-policy`: the Helm hook delete policies.
///
/// ```
/// use hookplan::annotations::{HELM_HOOK, HELM_HOOK_WEIGHT, HELM_HOOK_DELETE_POLICY};
/// use hookplan::{Manifests, plan_helm};
/// use hookplan::helm::{HelmCommand, HelmOperation};
/// let job = format!("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    {HELM_HOOK}: pre-install\n    \
///     {HELM_HOOK_WEIGHT}: \"-1\"\n    {HELM_HOOK_DELETE_POLICY}: hook-succeeded\n");
/// let plan = plan_helm(&Manifests::parse("job.yaml", &job), &HelmOperation::new(HelmCommand::Install));
/// let (step, task) = plan.tasks().next().unwrap();
/// assert_eq!((step.phase.as_str(), step.wave, task.hook), ("pre-install", -1, true));
/// assert_eq!(task.delete_policies.to_string(), "hook-succeeded");
/// ```
pub const HELM_HOOK_DELETE_POLICY: &str = "helm.sh/hook-delete-policy";
/// `helm.sh/resource-policy`: `keep` protects an object from deletion.
///
/// ```
/// use hookplan::annotations::HELM_RESOURCE_POLICY;
/// use hookplan::{ExclusionReason, Manifests, plan_helm};
/// use hookplan::helm::{HelmCommand, HelmOperation};
/// let cm = format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: {{{HELM_RESOURCE_POLICY}: keep}}\n");
/// let plan = plan_helm(&Manifests::parse("cm.yaml", &cm), &HelmOperation::new(HelmCommand::Uninstall));
/// assert_eq!(plan.excluded[0].reason, ExclusionReason::ResourcePolicyKeep);
/// ```
pub const HELM_RESOURCE_POLICY: &str = "helm.sh/resource-policy";

/// The annotations of an object as the engines see them: string keys to string values, in document order.
///
/// ```
/// use hookplan::Annotations;
/// let annotations: Annotations = [("argocd.argoproj.io/hook", "PreSync")].into_iter().collect();
/// assert_eq!(annotations.get("argocd.argoproj.io/hook"), Some("PreSync"));
/// assert_eq!(annotations.get("helm.sh/hook"), None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotations(IndexMap<SmolStr, SmolStr, foldhash::fast::RandomState>);

/// The keys hookplan reads: stored without allocating (and shared by every object), and, in this order, the bits of
/// the validation's per-object key set.
pub(crate) const KEYS: [&str; 9] = [
    ARGOCD_HOOK,
    ARGOCD_HOOK_DELETE_POLICY,
    ARGOCD_SYNC_WAVE,
    ARGOCD_SYNC_OPTIONS,
    ARGOCD_COMPARE_OPTIONS,
    HELM_HOOK,
    HELM_HOOK_WEIGHT,
    HELM_HOOK_DELETE_POLICY,
    HELM_RESOURCE_POLICY,
];

/// An annotation key as stored: one of [`KEYS`] points at the constant, any other key is copied. Values and keys up
/// to 23 bytes sit inline, so reading an object's annotations touches its entries and nothing else.
fn stored_key(key: String) -> SmolStr {
    match KEYS.iter().find(|known| **known == key) {
        Some(known) => SmolStr::new_static(known),
        None => SmolStr::from(key),
    }
}

impl Annotations {
    /// No annotations.
    ///
    /// ```
    /// use hookplan::Annotations;
    /// assert!(Annotations::new().is_empty());
    /// assert_eq!(Annotations::new(), Annotations::default());
    /// ```
    pub fn new() -> Self {
        Annotations(IndexMap::default())
    }

    /// An empty map with room for `capacity` annotations.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Annotations(IndexMap::with_capacity_and_hasher(capacity, foldhash::fast::RandomState::default()))
    }

    /// The value of `key`, if present.
    ///
    /// ```
    /// use hookplan::Annotations;
    /// let annotations: Annotations = [("helm.sh/hook-weight", "5")].into_iter().collect();
    /// assert_eq!(annotations.get("helm.sh/hook-weight"), Some("5"));
    /// assert_eq!(annotations.get("Helm.sh/hook-weight"), None, "keys are exact");
    /// ```
    pub fn get(&self, key: &str) -> Option<&str> {
        // Objects carry a handful of annotations, and every rule looks one up: a scan beats hashing there.
        if self.0.len() <= 16 {
            return self.0.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v.as_str());
        }
        self.0.get(key).map(SmolStr::as_str)
    }

    /// Whether `key` is present (whatever its value, even empty).
    ///
    /// ```
    /// use hookplan::Annotations;
    /// let annotations: Annotations = [("argocd.argoproj.io/hook", "")].into_iter().collect();
    /// assert!(annotations.contains("argocd.argoproj.io/hook"));
    /// assert!(!annotations.contains("helm.sh/hook"));
    /// ```
    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key` to `value`, keeping the key's first position; returns the previous value.
    ///
    /// ```
    /// use hookplan::Annotations;
    /// let mut annotations = Annotations::new();
    /// assert_eq!(annotations.insert("a", "1"), None);
    /// annotations.insert("b", "2");
    /// assert_eq!(annotations.insert("a", "3"), Some("1".to_string()));
    /// assert_eq!(annotations.iter().collect::<Vec<_>>(), [("a", "3"), ("b", "2")]);
    /// ```
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) -> Option<String> {
        self.0.insert(stored_key(key.into()), SmolStr::from(value.into())).map(|old| old.to_string())
    }

    /// The entries in document order.
    ///
    /// ```
    /// use hookplan::Manifests;
    /// let m = Manifests::parse("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: {z: '1', a: '2'}\n");
    /// let keys: Vec<&str> = m.resources()[0].annotations.iter().map(|(key, _)| key).collect();
    /// assert_eq!(keys, ["z", "a"]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The number of entries.
    ///
    /// ```
    /// use hookplan::Annotations;
    /// let annotations: Annotations = [("a", "1"), ("b", "2"), ("a", "3")].into_iter().collect();
    /// assert_eq!(annotations.len(), 2, "a repeated key keeps the last value");
    /// assert_eq!(annotations.get("a"), Some("3"));
    /// ```
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Annotations {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Annotations(iter.into_iter().map(|(k, v)| (stored_key(k.into()), SmolStr::from(v.into()))).collect())
    }
}

/// Splits an annotation value into its items: split on `,`, trim each item, drop empty items, and de-duplicate
/// keeping the first occurrence in order. There is no quoting and no other separator; matching the items
/// against known values is exact and case-sensitive, which is the callers' business.
///
/// Upstream (argo-cd@37ee009): `GetAnnotationCSVs` in `gitops-engine/pkg/sync/resource/annotations.go` (Argo CD v3.4+ keeps order,
/// #23370); upstream test `resource/annotations_test.go`. Go's `strings.TrimSpace` trims Unicode white space, as
/// [`str::trim`] does.
///
/// ```
/// use hookplan::annotations::csv;
/// assert_eq!(csv("PreSync, PostSync,,PreSync"), vec!["PreSync", "PostSync"]);
/// assert_eq!(csv(""), Vec::<&str>::new());
/// ```
pub fn csv(value: &str) -> Vec<&str> {
    let mut items: Vec<&str> = Vec::new();
    // A handful of items is the rule: compare directly. A value with thousands of items (hostile or generated)
    // is de-duplicated through a set, so that the cost stays linear.
    let mut seen: Option<foldhash::HashSet<&str>> = None;
    for item in value.split(',').map(str::trim) {
        if item.is_empty() {
            continue;
        }
        let new = match &mut seen {
            Some(seen) => seen.insert(item),
            None if items.len() < 16 => !items.contains(&item),
            None => {
                let mut set: foldhash::HashSet<&str> = items.iter().copied().collect();
                let new = set.insert(item);
                seen = Some(set);
                new
            }
        };
        if new {
            items.push(item);
        }
    }
    items
}

/// The value of the first `key=value` item among CSV `items` whose key is `key`; a bare `key` item does not
/// count.
///
/// Upstream (argo-cd@37ee009): `GetAnnotationOptionValue` in `gitops-engine/pkg/sync/resource/annotations.go`;
/// upstream test `resource/annotations_test.go`.
///
/// ```
/// use hookplan::annotations::{csv, option_value};
/// assert_eq!(option_value(&csv("bar=baz1,bar=baz2"), "bar"), Some("baz1"));
/// assert_eq!(option_value(&csv("bar"), "bar"), None);
/// ```
pub fn option_value<'a>(items: &[&'a str], key: &str) -> Option<&'a str> {
    items.iter().find_map(|item| item.strip_prefix(key).and_then(|rest| rest.strip_prefix('=')))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Restated from argo-cd@37ee009 gitops-engine/pkg/sync/resource/annotations_test.go.
    #[test]
    fn csv_vectors() {
        assert_eq!(csv("bar,bar"), vec!["bar"]);
        assert_eq!(csv("bar,baz"), vec!["bar", "baz"]);
        assert_eq!(csv("bar "), vec!["bar"]);
        assert_eq!(csv(" , ,"), Vec::<&str>::new());
        assert_eq!(csv("b,a,b,a"), vec!["b", "a"], "first occurrence wins, order kept");
        assert_eq!(csv("PreSync;PostSync"), vec!["PreSync;PostSync"], "only commas separate");
    }

    #[test]
    fn option_value_vectors() {
        assert_eq!(option_value(&csv("bar=baz1,bar=baz2"), "bar"), Some("baz1"));
        assert_eq!(option_value(&csv("bar"), "bar"), None);
        assert_eq!(option_value(&csv("barx=1"), "bar"), None);
        assert_eq!(option_value(&csv("bar="), "bar"), Some(""));
        assert_eq!(option_value(&csv("Prune = false"), "Prune"), None, "spaces inside do not match");
    }
}
