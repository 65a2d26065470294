//! An object's Helm metadata in one call.

use serde::{Deserialize, Serialize};

use crate::annotations::{Annotations, HELM_RESOURCE_POLICY};
use crate::helm::hook::{HelmHook, HookEvent, hook_events, weight};
use crate::helm::policy::{delete_policies, effective_delete_policies, output_log_policies};

/// What Helm reads from one object's annotations: each field is the answer of the rule function named in its
/// doc, so this is a view of those rules, never a second implementation.
///
/// ```
/// use hookplan::Annotations;
/// use hookplan::helm::{metadata, HookEvent};
/// let a: Annotations = [("helm.sh/hook", "Pre-Install"), ("helm.sh/hook-weight", "-5")].into_iter().collect();
/// let m = metadata(&a);
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
}

/// The Helm metadata of an object with these annotations. See [`HelmMetadata`].
pub fn metadata(annotations: &Annotations) -> HelmMetadata {
    let (events, dropped_for) = match hook_events(annotations) {
        HelmHook::NotAHook => (None, None),
        HelmHook::Events(events) => (Some(events), None),
        HelmHook::Dropped(token) => (None, Some(token)),
    };
    HelmMetadata {
        events,
        dropped_for,
        weight: weight(annotations),
        delete_policy_set: delete_policies(annotations).is_some(),
        delete_policies: effective_delete_policies(annotations),
        resource_policy: annotations.get(HELM_RESOURCE_POLICY).map(str::to_string),
        output_log_policies: output_log_policies(annotations),
    }
}
