//! An object's Helm metadata in one call.

use serde::{Deserialize, Serialize};

use crate::annotations::{HELM_HOOK, HELM_HOOK_DELETE_POLICY, HELM_HOOK_WEIGHT, HELM_RESOURCE_POLICY};
use crate::helm::hook::{HelmHook, HookEvent, hook_of, weight};
use crate::helm::policy::{HELM_HOOK_OUTPUT_LOG_POLICY, delete_policies, output_log_policies, with_default};
use crate::location::Location;
use crate::resource::Resource;

/// What Helm reads from one object's annotations: each field is the answer of the rule function named in its
/// doc, so this is a view of those rules, never a second implementation. The Helm planner classifies each
/// object by this metadata, so what it says is what the plan does.
///
/// ```
/// use hookplan::Manifests;
/// use hookplan::helm::{metadata, HookEvent};
/// let m = Manifests::parse("job.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    \
///     helm.sh/hook: Pre-Install\n    helm.sh/hook-weight: -5\n");
/// let m = metadata(&m.resources()[0]);
/// assert_eq!(m.events, Some(vec![HookEvent::PreInstall]));
/// assert_eq!((m.weight, m.delete_policies.as_slice()), (-5, &["before-hook-creation".to_string()][..]));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HelmMetadata {
    /// The hook events ([`crate::helm::hook_events`]): `None` for a regular manifest.
    pub events: Option<Vec<HookEvent>>,
    /// The unknown event for which Helm drops the whole object, if any.
    pub dropped_for: Option<String>,
    /// The hook weight ([`crate::helm::weight`]).
    pub weight: i64,
    /// Whether `helm.sh/hook-delete-policy` is present ([`crate::helm::delete_policies`]).
    pub delete_policy_set: bool,
    /// The delete policies at run time, defaulted ([`crate::helm::effective_delete_policies`]), lowercased as
    /// Helm compares them.
    pub delete_policies: Vec<String>,
    /// `helm.sh/resource-policy` as written.
    pub resource_policy: Option<String>,
    /// `helm.sh/hook-output-log-policy` ([`crate::helm::output_log_policies`]).
    pub output_log_policies: Vec<String>,
    /// Where each value came from, annotation by annotation.
    pub locations: HelmLocations,
}

/// Where the values of [`HelmMetadata`] came from: the location of the annotation each was read from (the line of
/// its entry), `None` when no annotation gave it.
///
/// ```
/// use hookplan::Manifests;
/// let m = Manifests::parse("job.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    \
///     helm.sh/hook: pre-install\n    helm.sh/hook-weight: \"-5\"\n");
/// let metadata = hookplan::helm::metadata(&m.resources()[0]);
/// assert_eq!((metadata.weight, metadata.locations.weight.map(|at| at.line)), (-5, Some(7)));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HelmLocations {
    /// `helm.sh/hook` (the events, or the token the object is dropped for); `None` for a List item, whose
    /// annotations Helm never reads.
    pub events: Option<Location>,
    /// `helm.sh/hook-weight`.
    pub weight: Option<Location>,
    /// `helm.sh/hook-delete-policy`.
    pub delete_policies: Option<Location>,
    /// `helm.sh/resource-policy`.
    pub resource_policy: Option<Location>,
    /// `helm.sh/hook-output-log-policy`.
    pub output_log_policies: Option<Location>,
}

impl HelmMetadata {
    /// Whether Helm reads the object as a regular manifest: no hook events, and not dropped for an unknown one.
    pub fn is_regular(&self) -> bool {
        self.events.is_none() && self.dropped_for.is_none()
    }

    /// The classification as [`crate::helm::hook_of`] gives it.
    pub fn hook(&self) -> HelmHook {
        match (&self.events, &self.dropped_for) {
            (Some(events), _) => HelmHook::Events(events.clone()),
            (None, Some(token)) => HelmHook::Dropped(token.clone()),
            (None, None) => HelmHook::NotAHook,
        }
    }
}

/// The Helm metadata of `resource`, read as Helm reads it: from [`Resource::helm_annotations`] (a value written
/// as a YAML number or boolean, `helm.sh/hook-weight: 5`, is text to Helm, as to the Helm planner), and with no
/// hook events for the item of a `kind: List` ([`crate::helm::hook_of`]). See [`HelmMetadata`].
///
/// Upstream (helm@e9b85e4): `SortManifests` and `calculateHookWeight` in `pkg/release/v1/util/manifest_sorter.go`
/// read the rendered YAML into strings before they look at an annotation.
pub fn metadata(resource: &Resource) -> HelmMetadata {
    let annotations = resource.helm_annotations();
    let (events, dropped_for) = match hook_of(resource) {
        HelmHook::NotAHook => (None, None),
        HelmHook::Events(events) => (Some(events), None),
        HelmHook::Dropped(token) => (None, Some(token)),
    };
    let at = |key: &str| annotations.contains(key).then(|| resource.annotation_location(key).clone());
    let set_policies = delete_policies(annotations);
    HelmMetadata {
        locations: HelmLocations {
            events: if resource.in_list { None } else { at(HELM_HOOK) },
            weight: at(HELM_HOOK_WEIGHT),
            delete_policies: at(HELM_HOOK_DELETE_POLICY),
            resource_policy: at(HELM_RESOURCE_POLICY),
            output_log_policies: at(HELM_HOOK_OUTPUT_LOG_POLICY),
        },
        events,
        dropped_for,
        weight: weight(annotations),
        delete_policy_set: set_policies.is_some(),
        delete_policies: with_default(set_policies),
        resource_policy: annotations.get(HELM_RESOURCE_POLICY).map(str::to_string),
        output_log_policies: output_log_policies(annotations),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::helm::{HelmCommand, HelmOperation, operation_plan};
    use crate::manifests::Manifests;

    /// An unquoted weight is a YAML integer: Argo CD reads no annotation of the object at all, Helm reads the
    /// text `5`. The metadata and the plan agree on weight 5 (before, the metadata read weight 0 and no hook).
    #[test]
    fn unquoted_weight_reads_as_the_plan_orders_it() {
        let manifests = Manifests::parse(
            "hooks.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  annotations:\n    helm.sh/hook: pre-install\n    \
             helm.sh/hook-weight: 5\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  annotations:\n    \
             helm.sh/hook: pre-install\n    helm.sh/hook-weight: \"1\"\n",
        );
        let a = metadata(&manifests.resources()[0]);
        assert_eq!((a.events, a.weight), (Some(vec![HookEvent::PreInstall]), 5));
        let plan = operation_plan(&manifests, &HelmOperation::new(HelmCommand::Install));
        let order: Vec<(&str, i64)> =
            plan.steps.iter().map(|s| (s.tasks[0].resource.name.as_deref().unwrap_or_default(), s.wave)).collect();
        assert_eq!(order, [("b", 1), ("a", 5)]);
    }

    /// Helm reads only a document's top-level annotations: a List's item is never a hook, in the metadata as in
    /// the plan.
    #[test]
    fn a_list_item_is_no_hook() {
        let manifests = Manifests::parse(
            "list.yaml",
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n    \
             annotations: {helm.sh/hook: pre-install}\n",
        );
        assert_eq!(metadata(&manifests.resources()[0]).events, None);
    }
}
