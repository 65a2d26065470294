//! The pieces of a Helm plan's tasks that every part of the planner builds on: a hook as the planner reads it,
//! the runs of an event's hooks in execution order, and a task on an object of the release.

use smol_str::SmolStr;

use super::operation::HelmOperation;
use crate::helm::{HelmMetadata, HookEvent};
use crate::plan::{Action, DeletePolicies, Task};
use crate::resource::{Resource, ResourceKey, ResourceRef};

/// A parsed hook.
pub(super) struct Hook<'a> {
    pub(super) resource: &'a Resource,
    pub(super) events: Vec<HookEvent>,
    pub(super) weight: i64,
    pub(super) policies: Vec<String>,
    /// The hook's Helm metadata, which `events`, `weight` and `policies` come from.
    pub(super) metadata: &'a HelmMetadata,
}

/// The runs of an event's hooks in execution order: a hook once for each time it lists the event, stably sorted by
/// weight, then name byte-wise (the kind pre-sort and document order break ties).
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `execHook` and `hookByWeight` in Helm's `pkg/action/hooks.go`.
pub(super) fn runs_of<'h, 'a>(hooks: &'h [Hook<'a>], event: HookEvent) -> Vec<&'h Hook<'a>> {
    let mut runs: Vec<&Hook<'_>> =
        hooks.iter().flat_map(|hook| hook.events.iter().filter(move |e| **e == event).map(move |_| hook)).collect();
    runs.sort_by(|a, b| {
        (a.weight, a.resource.name.as_deref().unwrap_or_default().as_bytes())
            .cmp(&(b.weight, b.resource.name.as_deref().unwrap_or_default().as_bytes()))
    });
    runs
}

/// A task on a hook (its deletion by policy, its logs), named as the release names it.
pub(super) fn hook_task(hook: &Hook<'_>, operation: &HelmOperation, action: Action, policies: DeletePolicies) -> Task {
    Task {
        action,
        hook: true,
        resource: reference(hook.resource, operation),
        delete_policies: policies,
        sync_options: Vec::new(),
        skipped: None,
        live_instance: None,
        needs_confirmation: false,
        source: Some(hook.resource.location.clone()),
        output_logs: Vec::new(),
    }
}

pub(super) fn reference(resource: &Resource, operation: &HelmOperation) -> ResourceRef {
    let mut r = resource.to_ref();
    if r.namespace.is_none() {
        r.namespace = operation.namespace.as_deref().map(SmolStr::from);
    }
    r
}

pub(super) fn key(resource: &Resource, operation: &HelmOperation) -> ResourceKey {
    let namespace = resource.namespace.as_deref().or(operation.namespace.as_deref());
    ResourceKey::new(&resource.group, &resource.kind, namespace, resource.name.as_deref())
}

pub(super) fn plain_task(resource: &Resource, operation: &HelmOperation, action: Action) -> Task {
    Task {
        action,
        hook: false,
        resource: reference(resource, operation),
        delete_policies: DeletePolicies::NONE,
        sync_options: Vec::new(),
        skipped: None,
        live_instance: None,
        needs_confirmation: false,
        source: Some(resource.location.clone()),
        output_logs: Vec::new(),
    }
}
