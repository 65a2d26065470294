//! Validation: every silent fallback of Argo CD and Helm, reported with a stable rule, a location and a fix.
//!
//! Each rule of [`crate::rules`] that looks at resources is one function named after the rule, in the home of
//! the engine it is about: Argo CD's rules in `argocd/lint.rs` and `argocd/lint_set.rs`, Helm's in `helm/lint.rs`,
//! the rules that need both engines in `compare_lint.rs`, and here the rules that hold for either engine (names,
//! duplicates, labels, delete policy and hook weight values, the keep policy). Validation never stops at the first
//! problem: [`validate`] runs every rule over every resource and returns everything it found, in source order. The rules read the
//! engines' behaviour from the engine modules ([`crate::argocd`], [`crate::helm`]) instead of restating it.
//!
//! A plan carries the rules of its engine only: an Argo CD plan the shared and Argo CD rules (and
//! `upgrade-hook-runs-on-install`), a Helm plan the shared and Helm rules (and `helm-hook-deleted-before-use`);
//! [`lint`] runs them all.

use foldhash::{HashMap, HashMapExt};

use crate::annotations::{
    ARGOCD_HOOK_DELETE_POLICY, Annotations, HELM_HOOK_DELETE_POLICY, HELM_HOOK_WEIGHT, HELM_RESOURCE_POLICY,
    KEYS as KNOWN_KEYS, csv,
};
use crate::argocd::delete_policy::delete_policies;
use crate::argocd::hook::{HookClass, is_hook, is_skip};
use crate::argocd::{DeletePolicy, SyncPhase};
use crate::diagnostic::{Diagnostic, Rule, rules};
use crate::goconv::{AtoiError, atoi};
use crate::helm::{self, HookDeletePolicy};
use crate::manifests::Manifests;
use crate::plan::Plan;
use crate::resource::{Identities, Resource};

/// Which engines' rules run.
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

/// The plans the order-aware rules read (`uses-object-applied-later`, `application-health-not-assessed`): the
/// Argo CD sync and the Helm command being planned, or `None` to have them planned when needed.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Orders<'p> {
    pub(crate) argocd: Option<&'p Plan>,
    pub(crate) helm: Option<&'p Plan>,
    /// The Application self-heals (rule `self-heal-reruns-hooks`).
    pub(crate) self_heal: bool,
    /// The Argo CD release the Argo CD rules judge by.
    pub(crate) argocd_version: crate::argocd::ArgocdVersion,
}

/// Runs every validation rule over `manifests` and returns the reading diagnostics together with the new ones,
/// ordered by source position (then code). `destination_namespace` is the Application's namespace, given to
/// objects without one when identities are compared.
///
/// ```
/// use hookplan::{Manifests, validate};
/// let manifests = Manifests::parse("job.yaml", "\
/// apiVersion: batch/v1
/// kind: Job
/// metadata:
///   generateName: migrate-
///   annotations:
///     argocd.argoproj.io/hook: Presync
/// ");
/// let diagnostics = validate::lint(&manifests, None);
/// assert_eq!(diagnostics[0].rule.name, "unknown-hook-type");
/// assert_eq!(diagnostics[0].help.as_deref(), Some("did you mean `PreSync`?"));
/// ```
pub fn lint(manifests: &Manifests, destination_namespace: Option<&str>) -> Vec<Diagnostic> {
    lint_for(manifests, destination_namespace, Engines::ALL, Orders::default())
}

/// [`lint`] for the manifests of an Argo CD Application synced with `operation`: its destination namespace, and
/// the rules that depend on how it syncs (`self-heal-reruns-hooks` with self-heal).
///
/// ```
/// use hookplan::{Manifests, SyncOperation, validate};
/// use hookplan::argocd::Application;
/// let app = Application::parse("app.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: Application\n\
///     spec: {syncPolicy: {automated: {selfHeal: true}}}\n")?;
/// let hook = Manifests::parse("hook.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: notify-\n\
///     \x20 annotations: {argocd.argoproj.io/hook: PostSync}\nspec: {activeDeadlineSeconds: 60}\n");
/// let rules: Vec<&str> = validate::lint_with(&hook, &SyncOperation::new().application(&app))
///     .iter().map(|d| d.rule.name).collect();
/// assert_eq!(rules, ["self-heal-reruns-hooks"]);
/// # Ok::<(), hookplan::argocd::ApplicationError>(())
/// ```
pub fn lint_with(manifests: &Manifests, operation: &crate::argocd::SyncOperation) -> Vec<Diagnostic> {
    let orders =
        Orders { self_heal: operation.self_heal, argocd_version: operation.argocd_version, ..Orders::default() };
    lint_for(manifests, operation.destination_namespace.as_deref(), Engines::ALL, orders)
}

/// [`lint`] with the rules of `engines` only (and the shared ones).
pub(crate) fn lint_for(
    manifests: &Manifests,
    destination_namespace: Option<&str>,
    engines: Engines,
    orders: Orders<'_>,
) -> Vec<Diagnostic> {
    let mut diagnostics = manifests.diagnostics().to_vec();
    diagnostics.extend(validate_for(manifests, destination_namespace, engines, orders.argocd_version));
    ordered_rules(manifests, destination_namespace, engines, orders, &mut diagnostics);
    diagnostics.sort_by(|a, b| a.location.cmp(&b.location).then_with(|| a.code.cmp(b.code)));
    diagnostics
}

/// Runs every validation rule over the resources of `manifests` (not the reading diagnostics; see [`lint`]).
pub fn validate(manifests: &Manifests, destination_namespace: Option<&str>) -> Vec<Diagnostic> {
    validate_for(manifests, destination_namespace, Engines::ALL, crate::argocd::ArgocdVersion::NEWEST)
}

fn validate_for(
    manifests: &Manifests,
    destination_namespace: Option<&str>,
    engines: Engines,
    argocd_version: crate::argocd::ArgocdVersion,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for resource in manifests.resources() {
        let present = resource
            .annotations
            .iter()
            .filter_map(|(key, _)| known_key_index(key))
            .fold(0u16, |bits, i| bits | (1 << i));
        let mut found = Found { resource, present, class: std::cell::OnceCell::new(), argocd_version, out: &mut out };
        unknown_delete_policy(&mut found);
        invalid_hook_weight(&mut found);
        missing_name(&mut found);
        annotation_in_labels(&mut found);
        helm_keep_policy_value(&mut found);
        misspelled_annotation_key(&mut found);
        crate::compare_lint::hook_recreated_every_sync(&mut found, engines);
        if engines.argocd {
            crate::argocd::lint::check(&mut found);
            crate::compare_lint::upgrade_hook_runs_on_install(&mut found);
        }
        if engines.helm {
            crate::helm::lint::check(&mut found);
        }
    }
    // The cross-resource rules see resources in source order, so that which of two copies is reported does not
    // depend on the order the inputs were read in.
    let mut by_position: Vec<&Resource> = manifests.resources().iter().collect();
    if !manifests.in_source_order() {
        by_position.sort_by(|a, b| a.location.cmp(&b.location));
    }
    duplicate_resource(&by_position, &Identities::new(destination_namespace, manifests.resources()), &mut out);
    if engines.argocd {
        crate::argocd::lint_set::generate_name_collision(&by_position, destination_namespace, &mut out);
    }
    if engines.helm {
        crate::compare_lint::helm_hook_deleted_before_use(&by_position, &mut out);
    }
    out
}

/// The rules that read the order of a plan, which they plan themselves when not given it.
fn ordered_rules(
    manifests: &Manifests,
    destination_namespace: Option<&str>,
    engines: Engines,
    orders: Orders<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let resources = manifests.resources();
    if orders.self_heal && engines.argocd {
        crate::argocd::lint_set::self_heal_reruns_hooks(resources, out);
    }
    let applications = resources.iter().any(|r| r.group == "argoproj.io" && r.kind == "Application");
    if !applications && resources.iter().all(|r| r.references.is_empty()) {
        return; // nothing to order: no planning needed
    }
    let (argocd_plan, helm_plan);
    let argocd = match (engines.argocd, orders.argocd) {
        (false, _) => None,
        (true, Some(plan)) => Some(plan),
        (true, None) => {
            let mut operation = crate::argocd::SyncOperation::new().argocd_version(orders.argocd_version);
            if let Some(namespace) = destination_namespace {
                operation = operation.namespace(namespace);
            }
            argocd_plan = crate::argocd::sync::plan_sync_bare(manifests, &Manifests::new(), &operation);
            Some(&argocd_plan)
        }
    };
    let helm = match (engines.helm, orders.helm) {
        (false, _) => None,
        (true, Some(plan)) => Some(plan),
        (true, None) => {
            let mut operation = crate::helm::HelmOperation::new(crate::helm::HelmCommand::Install);
            if let Some(namespace) = destination_namespace {
                operation = operation.namespace(namespace);
            }
            helm_plan = crate::helm::plan_helm_bare(manifests, &operation);
            Some(&helm_plan)
        }
    };
    crate::compare_lint::uses_object_applied_later(resources, argocd, helm, out);
    if let Some(plan) = argocd {
        crate::argocd::lint_set::application_health_not_assessed(resources, plan, out);
    }
}

/// The resource under check, which known annotation keys it has, and where its findings go.
pub(crate) struct Found<'a, 'o> {
    pub(crate) resource: &'a Resource,
    /// Bit `i` set when `KNOWN_KEYS[i]` is an annotation of the resource (so rules skip absent keys cheaply).
    present: u16,
    /// The resource's hook classification, computed once when a rule first asks.
    class: std::cell::OnceCell<HookClass>,
    /// The Argo CD release the Argo CD rules judge by.
    pub(crate) argocd_version: crate::argocd::ArgocdVersion,
    pub(crate) out: &'o mut Vec<Diagnostic>,
}

impl<'a> Found<'a, '_> {
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

    /// The resource's [`HookClass`] (what `is_hook`, `is_skip`, `is_ignored` and `sync_phases` answer).
    pub(crate) fn class(&self) -> HookClass {
        *self.class.get_or_init(|| HookClass::of_version(&self.resource.annotations, self.argocd_version))
    }

    /// Whether the resource is a PreDelete hook for the Argo CD release of the lint.
    pub(crate) fn pre_delete(&self) -> bool {
        crate::argocd::hook::is_pre_delete_hook_in(&self.resource.annotations, self.argocd_version)
    }

    /// Whether the resource is a PostDelete hook for the Argo CD release of the lint.
    pub(crate) fn post_delete(&self) -> bool {
        crate::argocd::hook::is_post_delete_hook_in(&self.resource.annotations, self.argocd_version)
    }

    pub(crate) fn report(&mut self, rule: &'static Rule, key: &str, message: String, help: Option<String>) {
        let at = self.resource.annotation_location(key).clone();
        self.out.push(Diagnostic::new(rule, message, help, at).with_resource(self.resource.to_ref()));
    }
}

/// A value as messages show it: cut to 60 characters, so that a huge annotation gives a readable message.
pub(crate) fn shown(value: &str) -> String {
    const MAX: usize = 60;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        format!("{}… ({} bytes)", value.chars().take(MAX).collect::<String>(), value.len())
    }
}

pub(crate) fn phase_list(phases: &[SyncPhase]) -> String {
    phases.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// The policies as a message shows them: each once, in order (the merged Argo CD and Helm lists may repeat one).
pub(crate) fn policy_list(policies: &[DeletePolicy]) -> String {
    let mut shown: Vec<&str> = Vec::new();
    for policy in policies {
        if !shown.contains(&policy.as_str()) {
            shown.push(policy.as_str());
        }
    }
    shown.join(", ")
}

/// The closest spelling among `candidates`: the same ignoring case, spaces, `-` and `_`, or within edit
/// distance 2.
pub(crate) fn suggest<'c>(
    value: &str,
    candidates: impl IntoIterator<Item = &'c str, IntoIter: Clone>,
) -> Option<&'c str> {
    let squash = |s: &str| s.chars().filter(|c| !matches!(c, ' ' | '-' | '_')).collect::<String>().to_lowercase();
    let target = squash(value);
    let candidates = candidates.into_iter();
    if let Some(found) = candidates.clone().find(|c| squash(c) == target) {
        return Some(found);
    }
    candidates
        .map(|c| (edit_distance(&target, &squash(c)), c))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// Levenshtein distance, in characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// Why Go's `Atoi` rejects a value, in words.
pub(crate) fn atoi_problem(value: &str, error: AtoiError) -> &'static str {
    if error == AtoiError::Range {
        "is outside the 64-bit integer range"
    } else if value.is_empty() {
        "is empty"
    } else if value.trim() != value {
        "has white space around it, which Go's Atoi does not trim"
    } else if value.contains('.') {
        "is not a whole number"
    } else if value.starts_with("0x") || value.starts_with("0X") {
        "is hexadecimal"
    } else if value.contains('_') {
        "has an underscore"
    } else {
        "is not a decimal integer"
    }
}

/// Rule `unknown-delete-policy`, for both engines. Upstream: `DeletePolicies` in argo-cd@37ee009
/// `gitops-engine/pkg/sync/hook/delete_policy.go` and `hook/helm/delete_policy.go`; `operateAnnotationValues` in
/// helm@e9b85e4 `pkg/release/v1/util/manifest_sorter.go` and `hookSetDeletePolicy` in `pkg/action/hooks.go`.
fn unknown_delete_policy(found: &mut Found<'_, '_>) {
    if !found.has(HAS_ARGOCD_HOOK_DELETE_POLICY) && !found.has(HAS_HELM_HOOK_DELETE_POLICY) {
        return;
    }
    // Described only in messages: computed only when there is one.
    let annotations = found.annotations();
    // Computed once, when the first message needs it (a value with thousands of unknown items asks each time).
    let effective_once = std::cell::OnceCell::new();
    let effective = || effective_once.get_or_init(|| policy_list(&delete_policies(annotations))).clone();
    if let Some(value) = found.annotations().get(ARGOCD_HOOK_DELETE_POLICY) {
        for item in csv(value) {
            if DeletePolicy::parse(item).is_some() {
                continue;
            }
            let help = suggest(item, DeletePolicy::ALL.into_iter().map(DeletePolicy::as_str))
                .or_else(|| {
                    let helm = suggest(item, HookDeletePolicy::ALL.into_iter().map(HookDeletePolicy::as_str))?;
                    helm.parse::<HookDeletePolicy>().ok().map(|p| DeletePolicy::from(p).as_str())
                })
                .map(|spelling| format!("did you mean `{spelling}`?"));
            let message = format!(
                "`{}` is not an Argo CD delete policy: Argo CD drops it; the effective policies are [{}]",
                shown(item),
                effective()
            );
            found.report(&rules::UNKNOWN_DELETE_POLICY, ARGOCD_HOOK_DELETE_POLICY, message, help);
        }
    }
    if let Some(value) = found.annotations().get(HELM_HOOK_DELETE_POLICY) {
        let tokens = helm::delete_policies(found.annotations()).unwrap_or_default();
        let known = |token: &str| token.parse::<HookDeletePolicy>().is_ok();
        let helm_matches_none = tokens.iter().all(|t| !known(t));
        for (raw, lowered) in value.split(',').map(str::trim).zip(&tokens) {
            if known(raw) || (raw.is_empty() && !helm_matches_none) {
                continue;
            }
            let (raw, lowered, effective) = (shown(raw), shown(lowered), effective());
            let message = if known(&lowered) {
                format!(
                    "Helm reads `{raw}` as `{lowered}`, but Argo CD matches case-sensitively and drops it; \
                     Argo CD's effective policies are [{effective}]"
                )
            } else {
                let never = if helm_matches_none {
                    "; with no known value Helm never deletes this hook (its default applies only when the annotation is absent)"
                } else {
                    ""
                };
                format!(
                    "`{raw}` is not a Helm delete policy: Argo CD drops it (effective policies [{effective}]) and Helm \
                     never matches it{never}"
                )
            };
            let all_values = DeletePolicy::ALL
                .into_iter()
                .map(DeletePolicy::as_str)
                .chain(HookDeletePolicy::ALL.into_iter().map(HookDeletePolicy::as_str));
            let help = suggest(&raw, all_values)
                .map(|s| s.parse::<DeletePolicy>().map_or(s, |p| HookDeletePolicy::from(p).as_str()))
                .map(|spelling| format!("did you mean `{spelling}`?"));
            found.report(&rules::UNKNOWN_DELETE_POLICY, HELM_HOOK_DELETE_POLICY, message, help);
        }
    }
}

/// Rule `invalid-hook-weight`, for both engines. Upstream: `calculateHookWeight` in helm@e9b85e4
/// `pkg/release/v1/util/manifest_sorter.go`; `Weight` in argo-cd@37ee009 `gitops-engine/pkg/sync/hook/helm/weight.go`.
fn invalid_hook_weight(found: &mut Found<'_, '_>) {
    if !found.has(HAS_HELM_HOOK_WEIGHT) {
        return;
    }
    let Some(value) = found.annotations().get(HELM_HOOK_WEIGHT) else { return };
    let Err(error) = atoi(value) else { return };
    let message =
        format!("hook weight {:?} {}: Helm and Argo CD use weight 0", shown(value), atoi_problem(value, error));
    let help = atoi(value.trim()).ok().map(|n| format!("write `{HELM_HOOK_WEIGHT}: \"{n}\"`"));
    found.report(&rules::INVALID_HOOK_WEIGHT, HELM_HOOK_WEIGHT, message, help);
}

/// Rule `missing-name`, for both engines: the API server rejects an object with neither name nor generateName.
fn missing_name(found: &mut Found<'_, '_>) {
    let r = found.resource;
    let named = |s: &Option<smol_str::SmolStr>| s.as_deref().is_some_and(|n| !n.is_empty());
    if named(&r.name) || named(&r.generate_name) || is_skip(&r.annotations) {
        return;
    }
    let message = if is_hook(&r.annotations) {
        format!(
            "hook {} has neither metadata.name nor metadata.generateName: Argo CD names it with the bare \
             `<revision>-<phase>-<time>` postfix, and Helm cannot create it",
            r.kind
        )
    } else {
        format!("{} has neither metadata.name nor metadata.generateName: the API server rejects it", r.kind)
    };
    let at = r.location.clone();
    found.out.push(
        Diagnostic::new(&rules::MISSING_NAME, message, Some("set metadata.name".into()), at).with_resource(r.to_ref()),
    );
}

/// Rule `helm-keep-policy-value`, for both engines. Upstream: `filterManifestsToKeep` in helm@e9b85e4
/// `pkg/action/resource_policy.go`, `Client.update` in `pkg/kube/client.go`; `shouldBeDeleted` in argo-cd@37ee009
/// `controller/appcontroller.go`.
fn helm_keep_policy_value(found: &mut Found<'_, '_>) {
    if !found.has(HAS_HELM_RESOURCE_POLICY) {
        return;
    }
    let Some(value) = found.annotations().get(HELM_RESOURCE_POLICY) else { return };
    if value == "keep" {
        return;
    }
    let argocd = if csv(value).contains(&"keep") { "Argo CD keeps it" } else { "Argo CD deletes it" };
    let keeps_on_uninstall = helm::keeps_on_uninstall(value);
    let value = shown(value);
    let message = if keeps_on_uninstall {
        format!(
            "`helm.sh/resource-policy: {value}` is not exactly `keep`: Helm's uninstall keeps the object, but Helm's \
             upgrade prune deletes it, and on Application deletion {argocd}"
        )
    } else {
        format!(
            "`helm.sh/resource-policy: {value}` is not `keep`: Helm's uninstall silently neither deletes nor reports \
             the object, and on Application deletion {argocd}"
        )
    };
    found.report(&rules::HELM_KEEP_POLICY_VALUE, HELM_RESOURCE_POLICY, message, Some("write exactly `keep`".into()));
}

/// Annotation keys Argo CD or Helm read that no rule of hookplan is about: never reported as misspelled.
/// Upstream: the `argocd.argoproj.io/` keys of argo-cd@37ee009 (`common/common.go`, `gitops-engine/pkg/sync/common`,
/// `controller/`) and the `helm.sh/` keys of helm@e9b85e4.
const OTHER_KNOWN_KEYS: [&str; 26] = [
    "argocd.argoproj.io/tracking-id",
    "argocd.argoproj.io/manifest-generate-paths",
    "argocd.argoproj.io/refresh",
    "argocd.argoproj.io/refresh-timestamp",
    "argocd.argoproj.io/managed-by",
    "argocd.argoproj.io/managed-by-url",
    "argocd.argoproj.io/instance",
    "argocd.argoproj.io/skip-reconcile",
    "argocd.argoproj.io/secret-type",
    "argocd.argoproj.io/kubernetes-version",
    "argocd.argoproj.io/auto-label-cluster-info",
    "argocd.argoproj.io/ignore-resource-updates",
    "argocd.argoproj.io/client-side-apply-migration-manager",
    "argocd.argoproj.io/installation-id",
    "argocd.argoproj.io/ignore-restart-policy",
    "argocd.argoproj.io/ignore-healthcheck",
    "argocd.argoproj.io/ignore-default-links",
    "argocd.argoproj.io/hydrate",
    "argocd.argoproj.io/hydrate-timestamp",
    "argocd.argoproj.io/hook-finalizer",
    "argocd.argoproj.io/deletion-approved",
    "argocd.argoproj.io/application-set-refresh",
    "helm.sh/chart",
    "helm.sh/hook-output-log-policy",
    "helm.sh/release-name",
    "helm.sh/release-namespace",
];

/// The keys a misspelling is compared with: the ones hookplan reads, and Helm's output-log policy.
fn misspelling_targets() -> impl Iterator<Item = &'static str> {
    KNOWN_KEYS.iter().copied().chain(["helm.sh/hook-output-log-policy"])
}

/// Whether `prefix` is a near miss of `target`'s: equal, a small edit away, or a part of it left off
/// (`argoproj.io` for `argocd.argoproj.io`).
fn near_prefix(prefix: &str, target: &str) -> bool {
    if prefix.eq_ignore_ascii_case(target) {
        return true;
    }
    // A part left off the front: `argoproj.io` for `argocd.argoproj.io`.
    let tail = target.len().checked_sub(prefix.len() + 1).map(|cut| &target[cut..]);
    if prefix.len() >= 4 && tail.is_some_and(|t| t.starts_with('.') && t[1..].eq_ignore_ascii_case(prefix)) {
        return true;
    }
    // Most prefixes are another tool's: a length two away or more rules out a small edit without computing it.
    prefix.len().abs_diff(target.len()) <= 2 && edit_distance(&prefix.to_lowercase(), target) <= 2
}

/// Whether `name` is a near miss of `target`: the same ignoring case, `-` and `_`, a plural or singular, or
/// (for names of six characters or more) a few edits away: two, or one per five characters of the name.
fn near_name(name: &str, target: &str) -> bool {
    let squash = |s: &str| s.chars().filter(|c| !matches!(c, '-' | '_' | ' ')).collect::<String>().to_lowercase();
    let (name, target) = (squash(name), squash(target));
    name == target
        || name.strip_suffix('s') == Some(target.as_str())
        || target.strip_suffix('s') == Some(name.as_str())
        || (name.strip_suffix("ies").is_some_and(|stem| target.strip_suffix('y') == Some(stem)))
        || (target.len() >= 6 && edit_distance(&name, &target) <= (target.len() / 5).max(2))
}

/// Rule `misspelled-annotation-key`, for both engines: a key neither reads that is close to one they do.
/// Upstream: the keys of argo-cd@37ee009 `gitops-engine/pkg/sync/common/types.go` and helm@e9b85e4
/// `pkg/release/v1/hook.go`, looked up exactly; helm issue #2995.
fn misspelled_annotation_key(found: &mut Found<'_, '_>) {
    for (key, _) in found.annotations().iter() {
        let Some((prefix, name)) = key.split_once('/') else { continue };
        // Cheap first: only keys whose prefix is near Argo CD's or Helm's are looked at further.
        if !near_prefix(prefix, "argocd.argoproj.io") && !near_prefix(prefix, "helm.sh") {
            continue;
        }
        if known_key_index(key).is_some() || OTHER_KNOWN_KEYS.contains(&key) {
            continue;
        }
        let close = misspelling_targets().find(|target| {
            let (target_prefix, target_name) = target.split_once('/').unwrap_or_default();
            near_prefix(prefix, target_prefix) && near_name(name, target_name)
        });
        let Some(target) = close else { continue };
        let message = format!("`{}` is not an annotation Argo CD or Helm reads: it is ignored", shown(key));
        let key = key.to_string();
        found.report(&rules::MISSPELLED_ANNOTATION_KEY, &key, message, Some(format!("did you mean `{target}`?")));
    }
}

/// Bits of `Found::present`, in the order of `KNOWN_KEYS` (`annotations::KEYS`): annotation keys hookplan reads,
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

/// Rule `annotation-in-labels`, for both engines: both read these keys only from `metadata.annotations`.
fn annotation_in_labels(found: &mut Found<'_, '_>) {
    let r = found.resource;
    for key in r.label_locations.keys().filter(|key| KNOWN_KEYS.contains(&key.as_str())) {
        let message = format!("`{key}` is a label here; Argo CD and Helm read it only from metadata.annotations");
        let at = r.label_locations[key].clone();
        found.out.push(
            Diagnostic::new(
                &rules::ANNOTATION_IN_LABELS,
                message,
                Some("move it under metadata.annotations".into()),
                at,
            )
            .with_resource(r.to_ref()),
        );
    }
}

/// Rule `duplicate-resource`, for both engines: `kube.ResourceKey` identity (argo-cd@37ee009
/// `gitops-engine/pkg/utils/kube`), namespaces defaulted as `getSyncTasks` does.
fn duplicate_resource(resources: &[&Resource], identities: &Identities, out: &mut Vec<Diagnostic>) {
    // Hash the name and namespace (borrowed, cheap); only objects that share both compare group and kind, along
    // the chain of the earlier objects with that name and namespace (each link: an index into `resources` and
    // the next link). The same name in many namespaces stays linear; a 100,000-object plan hashes little.
    let mut head: HashMap<(&str, Option<&str>), usize> = HashMap::with_capacity(resources.len());
    let mut chain: Vec<(usize, Option<usize>)> = Vec::new();
    for (index, &r) in resources.iter().enumerate() {
        let Some(name) = r.name.as_deref().filter(|n| !n.is_empty()) else { continue };
        let bucket = (name, identities.namespace(r));
        let previous = head.get(&bucket).copied();
        let mut earlier = None;
        if previous.is_some() {
            let mut cursor = previous;
            while let Some(link) = cursor {
                let (other, next) = chain[link];
                let other_resource = resources[other];
                if other_resource.group == r.group && other_resource.kind == r.kind {
                    earlier = Some(resources[other]);
                    break;
                }
                cursor = next;
            }
        }
        if let Some(earlier) = earlier {
            let message = format!("{} `{name}` is defined twice; the other is at {}", r.kind, earlier.location);
            out.push(
                Diagnostic::new(&rules::DUPLICATE_RESOURCE, message, None, r.location.clone())
                    .with_resource(r.to_ref()),
            );
        } else {
            head.insert(bucket, chain.len());
            chain.push((index, previous));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let values = crate::argocd::hook::hook_values;
        assert_eq!(suggest("presync", values()), Some("PreSync"));
        assert_eq!(suggest("Pre-Sync", values()), Some("PreSync"));
        assert_eq!(suggest("PostSyn", values()), Some("PostSync"));
        assert_eq!(suggest("Garbage", values()), None);
        let options = crate::argocd::sync_option::RECOGNISED_ITEMS;
        assert_eq!(suggest("Prune = false", options), Some("Prune=false"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
