//! The lint rules: every silent fallback of Argo CD and Helm, reported with a stable rule, a location and a fix.
//!
//! Each rule of [`crate::rules`] that looks at resources is one function named after the rule, in the file of what
//! it reads: `shared.rs` the rules that hold for either engine, `argocd.rs` Argo CD's rules on one object,
//! `helm.rs` Helm's, `cross_engine.rs` the rules that compare the two engines, `argocd_cross_object.rs` Argo CD's
//! rules that read several objects or the plan. The rules read the engines' behaviour from the engine modules
//! ([`crate::argocd`], [`crate::helm`]) and the order of an operation from its [`Plan`], which they are given:
//! nothing here plans. Linting never stops at the first problem: every rule runs over every resource.
//!
//! Per-object rules see one resource at a time ([`ObjectContext`]); the rules that read several objects or a plan
//! index what they need once (by location, by name), so the whole lint stays linear in the number of objects.

mod argocd;
mod argocd_cross_object;
mod cross_engine;
mod helm;
mod shared;
pub(crate) mod text;

use std::ops::Deref;

use crate::annotations::{Annotations, KEYS as KNOWN_KEYS};
use crate::argocd::{ArgocdMetadata, ArgocdVersion};
use crate::diagnostic::{Diagnostic, Rule};
use crate::helm::{HelmMetadata, HelmOperation};
use crate::manifests::Manifests;
use crate::metadata::Objects;
use crate::plan::Plan;
use crate::resource::{Identities, Resource};

/// Which engines' rules run (the shared rules always do).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Engines {
    pub(crate) argocd: bool,
    pub(crate) helm: bool,
}

impl Engines {
    pub(crate) const ALL: Engines = Engines { argocd: true, helm: true };
    pub(crate) const ARGOCD: Engines = Engines { argocd: true, helm: false };
    pub(crate) const HELM: Engines = Engines { argocd: false, helm: true };
}

/// What the rules are told about the operation: the destination namespace, the Argo CD release, whether the
/// Application self-heals, and the plans the plan-reading rules read (`uses-object-applied-later`,
/// `application-health-not-assessed`, `test-logs-unavailable`), each planned once by the caller.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct LintContext<'p> {
    /// The Application's (or release's) namespace, given to objects without one when identities are compared.
    pub(crate) destination_namespace: Option<&'p str>,
    /// The Argo CD release the Argo CD rules judge by.
    pub(crate) argocd_version: ArgocdVersion,
    /// The Application self-heals (rule `self-heal-reruns-hooks`).
    pub(crate) self_heal: bool,
    /// The Argo CD sync whose order the rules read.
    pub(crate) argocd_plan: Option<&'p Plan>,
    /// The Helm operation's plan whose order the rules read, with the operation (for `helm test --logs`).
    pub(crate) helm_plan: Option<(&'p Plan, &'p HelmOperation)>,
}

/// Whether the rules that read a plan's order have anything to read: an Application, or an object that references
/// another. When not, the caller need not plan for the lint.
pub(crate) fn reads_plans(manifests: &Manifests) -> bool {
    let resources = manifests.resources();
    resources.iter().any(|r| (r.group == "argoproj.io" && r.kind == "Application") || !r.references.is_empty())
}

/// Runs the rules of `engines` over `objects` with what `context` tells, and returns the reading diagnostics
/// together with the new ones, ordered by source position (then code). The objects' metadata is read as the
/// context's Argo CD release reads it (read again when it was read for another).
pub(crate) fn lint(objects: &Objects<'_>, engines: Engines, context: &LintContext<'_>) -> Vec<Diagnostic> {
    if objects.argocd_version() != context.argocd_version {
        return lint(&Objects::new(objects.manifests(), context.argocd_version), engines, context);
    }
    let manifests = objects.manifests();
    let mut diagnostics = manifests.diagnostics().to_vec();
    let all = all_objects(objects);
    let namespace = context.destination_namespace;
    diagnostics.extend(object_and_set_rules(&all, manifests, namespace, engines, context.argocd_version));
    plan_rules(&all, manifests, engines, context, &mut diagnostics);
    diagnostics.sort_by(|a, b| a.location.cmp(&b.location).then_with(|| a.code.cmp(b.code)));
    diagnostics
}

/// The rules that read one object, then those that read the set of objects, over `objects` (not the plans, not
/// the reading diagnostics).
pub(crate) fn object_rules(
    objects: &Objects<'_>,
    destination_namespace: Option<&str>,
    engines: Engines,
) -> Vec<Diagnostic> {
    let all = all_objects(objects);
    object_and_set_rules(&all, objects.manifests(), destination_namespace, engines, objects.argocd_version())
}

/// The rules that read one object, then those that read the set of objects (not the plans, not the reading
/// diagnostics).
fn object_and_set_rules(
    all: &[Object<'_>],
    manifests: &Manifests,
    destination_namespace: Option<&str>,
    engines: Engines,
    argocd_version: ArgocdVersion,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for &Object { resource, argocd, helm } in all {
        let present = resource
            .annotations
            .iter()
            .filter_map(|(key, _)| known_key_index(key))
            .fold(0u16, |bits, i| bits | (1 << i));
        let mut object = ObjectContext { resource, present, argocd, helm, argocd_version, out: &mut out };
        shared::check(&mut object);
        cross_engine::hook_recreated_every_sync(&mut object, engines);
        if engines.argocd {
            argocd::check(&mut object);
            cross_engine::upgrade_hook_runs_on_install(&mut object);
        }
        if engines.helm {
            helm::check(&mut object);
        }
    }
    // The cross-object rules see resources in source order, so that which of two copies is reported does not
    // depend on the order the inputs were read in.
    let mut by_position: Vec<Object<'_>> = all.to_vec();
    if !manifests.in_source_order() {
        by_position.sort_by(|a, b| a.location.cmp(&b.location));
    }
    let resources: Vec<&Resource> = by_position.iter().map(|object| object.resource).collect();
    shared::duplicate_resource(&resources, &Identities::new(destination_namespace, manifests.resources()), &mut out);
    if engines.argocd {
        argocd_cross_object::generate_name_collision(&by_position, destination_namespace, &mut out);
    }
    if engines.helm {
        cross_engine::helm_hook_deleted_before_use(&by_position, &mut out);
    }
    out
}

/// The rules that read how the operation runs: self-heal, and the order of the plans given.
fn plan_rules(
    resources: &[Object<'_>],
    manifests: &Manifests,
    engines: Engines,
    context: &LintContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    if context.self_heal && engines.argocd {
        argocd_cross_object::self_heal_reruns_hooks(resources, out);
    }
    let helm_plan = context.helm_plan.filter(|_| engines.helm);
    if let Some((plan, operation)) = helm_plan {
        helm::test_logs_unavailable(resources, plan, operation, out);
    }
    if !reads_plans(manifests) {
        return; // nothing to order
    }
    let argocd_plan = context.argocd_plan.filter(|_| engines.argocd);
    cross_engine::uses_object_applied_later(resources, argocd_plan, helm_plan.map(|(plan, _)| plan), out);
    if let Some(plan) = argocd_plan {
        argocd_cross_object::application_health_not_assessed(resources, plan, out);
    }
}

/// A resource with its metadata, as the rules read it (it derefs to the resource).
#[derive(Clone, Copy)]
pub(crate) struct Object<'a> {
    pub(crate) resource: &'a Resource,
    pub(crate) argocd: &'a ArgocdMetadata,
    pub(crate) helm: &'a HelmMetadata,
}

impl Deref for Object<'_> {
    type Target = Resource;

    fn deref(&self) -> &Resource {
        self.resource
    }
}

/// Every resource of `objects` with its metadata, in the order of the manifests.
fn all_objects<'a>(objects: &'a Objects<'_>) -> Vec<Object<'a>> {
    objects
        .resources()
        .iter()
        .zip(objects.argocd_all())
        .zip(objects.helm_all())
        .map(|((resource, argocd), helm)| Object { resource, argocd, helm })
        .collect()
}

/// The resource under check, its metadata, which known annotation keys it has, and where its findings go: what
/// every per-object rule is given.
pub(crate) struct ObjectContext<'a, 'o> {
    pub(crate) resource: &'a Resource,
    /// Bit `i` set when `KNOWN_KEYS[i]` is an annotation of the resource (so rules skip absent keys cheaply).
    present: u16,
    /// The resource's Argo CD metadata, as the lint's Argo CD release reads it.
    pub(crate) argocd: &'a ArgocdMetadata,
    /// The resource's Helm metadata.
    pub(crate) helm: &'a HelmMetadata,
    /// The Argo CD release the Argo CD rules judge by.
    pub(crate) argocd_version: ArgocdVersion,
    pub(crate) out: &'o mut Vec<Diagnostic>,
}

impl<'a> ObjectContext<'a, '_> {
    /// Whether the resource has the annotation of `bit` (one of the `HAS_*` constants).
    pub(crate) fn has(&self, bit: u16) -> bool {
        self.present & bit != 0
    }

    /// The annotations as Argo CD reads them (empty when a value is not a string).
    pub(crate) fn annotations(&self) -> &'a Annotations {
        &self.resource.annotations
    }

    /// The annotations as Helm reads them (numbers and booleans as strings): [`Resource::helm_annotations`].
    pub(crate) fn helm_annotations(&self) -> &'a Annotations {
        self.resource.helm_annotations()
    }

    /// Whether the resource is a PreDelete hook for the Argo CD release of the lint.
    pub(crate) fn pre_delete(&self) -> bool {
        self.argocd.pre_delete
    }

    /// Whether the resource is a PostDelete hook for the Argo CD release of the lint.
    pub(crate) fn post_delete(&self) -> bool {
        self.argocd.post_delete
    }

    /// Reports a finding of `rule` at the annotation `key` of the resource (at the resource when it has none).
    pub(crate) fn report(&mut self, rule: &'static Rule, key: &str, message: String, help: Option<String>) {
        let at = self.resource.annotation_location(key).clone();
        self.out.push(Diagnostic::new(rule, message, help, at).with_resource(self.resource.to_ref()));
    }
}

/// Bits of `ObjectContext::present`, in the order of `KNOWN_KEYS` (`annotations::KEYS`): annotation keys hookplan reads,
/// which also do nothing as labels.
pub(crate) const HAS_ARGOCD_HOOK: u16 = 1 << 0;
pub(crate) const HAS_ARGOCD_HOOK_DELETE_POLICY: u16 = 1 << 1;
pub(crate) const HAS_ARGOCD_SYNC_WAVE: u16 = 1 << 2;
pub(crate) const HAS_ARGOCD_SYNC_OPTIONS: u16 = 1 << 3;
// Bit 4, `argocd.argoproj.io/compare-options`, is tracked but no rule reads it yet.
pub(crate) const HAS_HELM_HOOK: u16 = 1 << 5;
pub(crate) const HAS_HELM_HOOK_WEIGHT: u16 = 1 << 6;
pub(crate) const HAS_HELM_HOOK_DELETE_POLICY: u16 = 1 << 7;
pub(crate) const HAS_HELM_RESOURCE_POLICY: u16 = 1 << 8;

/// The index of `key` in `KNOWN_KEYS`. Most annotations of real objects are neither Argo CD's nor Helm's: one
/// prefix test rejects those without comparing them to every known key.
fn known_key_index(key: &str) -> Option<usize> {
    if !key.starts_with("argocd.argoproj.io/") && !key.starts_with("helm.sh/") {
        return None;
    }
    KNOWN_KEYS.iter().position(|known| known.len() == key.len() && *known == key)
}
