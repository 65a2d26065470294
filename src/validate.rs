//! Validation: every silent fallback of Argo CD and Helm, reported with a stable rule, a location and a fix.
//!
//! Each rule of [`crate::rules`] that looks at resources is one function here, named after the rule. Validation
//! never stops at the first problem: [`validate`] runs every rule over every resource and returns everything
//! it found, in source order. The rules read the engines' behaviour from the dialect modules
//! ([`crate::argocd`], [`crate::helm`]) instead of restating it.

use foldhash::{HashMap, HashMapExt};
use smol_str::SmolStr;

use crate::annotations::{
    ARGOCD_HOOK, ARGOCD_HOOK_DELETE_POLICY, ARGOCD_SYNC_OPTIONS, ARGOCD_SYNC_WAVE, Annotations, HELM_HOOK,
    HELM_HOOK_DELETE_POLICY, HELM_HOOK_WEIGHT, HELM_RESOURCE_POLICY, KEYS as KNOWN_KEYS, csv,
};
use crate::argocd::delete_policy::delete_policies;
use crate::argocd::hook::{
    argocd_hook_types, hook_types, is_delete_only_hook, is_hook, is_ignored, is_post_delete_hook, is_pre_delete_hook,
    is_skip, sync_phases,
};
use crate::argocd::sync_option::{RECOGNISED_ITEMS, ResourceSyncOptions};
use crate::argocd::wave::sync_wave;
use crate::argocd::{DeletePolicy, HookType, SyncPhase, helm_hook as argocd_helm};
use crate::diagnostic::{Diagnostic, Rule, rules};
use crate::goconv::{AtoiError, atoi};
use crate::helm::{self, HelmHook, HookEvent};
use crate::manifests::Manifests;
use crate::resource::{Resource, is_cluster_scoped};

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
    let mut diagnostics = manifests.diagnostics().to_vec();
    diagnostics.extend(validate(manifests, destination_namespace));
    diagnostics.sort_by(|a, b| a.location.cmp(&b.location).then_with(|| a.code.cmp(b.code)));
    diagnostics
}

/// Runs every validation rule over the resources of `manifests` (not the reading diagnostics; see [`lint`]).
pub fn validate(manifests: &Manifests, destination_namespace: Option<&str>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for resource in manifests.resources() {
        let present = resource
            .annotations
            .iter()
            .filter_map(|(key, _)| known_key_index(key))
            .fold(0u16, |bits, i| bits | (1 << i));
        let mut found = Found { resource, present, out: &mut out };
        unknown_hook_type(&mut found);
        invalid_sync_wave(&mut found);
        unknown_delete_policy(&mut found);
        unknown_sync_option(&mut found);
        skip_with_other_types(&mut found);
        helm_hook_ignored(&mut found);
        helm_delete_policy_merged(&mut found);
        unsupported_helm_hook(&mut found);
        unknown_helm_hook(&mut found);
        invalid_hook_weight(&mut found);
        delete_policy_without_hook(&mut found);
        named_hook_can_wedge(&mut found);
        generate_name_on_resource(&mut found);
        missing_name(&mut found);
        annotation_in_labels(&mut found);
        keep_policy_still_pruned(&mut found);
        delete_hook_not_synced(&mut found);
        post_delete_hook_kept(&mut found);
        helm_keep_policy_value(&mut found);
        annotation_in_list_item(&mut found);
        hook_weight_is_sync_wave(&mut found);
        upgrade_hook_runs_on_install(&mut found);
    }
    // The cross-resource rules see resources in source order, so that which of two copies is reported does not
    // depend on the order the inputs were read in.
    let mut by_position: Vec<&Resource> = manifests.resources().iter().collect();
    if !manifests.in_source_order() {
        by_position.sort_by(|a, b| a.location.cmp(&b.location));
    }
    duplicate_resource(&by_position, destination_namespace, &mut out);
    generate_name_collision(&by_position, destination_namespace, &mut out);
    helm_hook_deleted_before_use(&by_position, &mut out);
    out
}

/// The resource under check, which known annotation keys it has, and where its findings go.
struct Found<'a, 'o> {
    resource: &'a Resource,
    /// Bit `i` set when `KNOWN_KEYS[i]` is an annotation of the resource (so rules skip absent keys cheaply).
    present: u16,
    out: &'o mut Vec<Diagnostic>,
}

impl<'a> Found<'a, '_> {
    /// Whether the resource has the annotation of `bit` (one of the `HAS_*` constants).
    fn has(&self, bit: u16) -> bool {
        self.present & bit != 0
    }

    fn annotations(&self) -> &'a Annotations {
        &self.resource.annotations
    }

    fn report(&mut self, rule: &'static Rule, key: &str, message: String, help: Option<String>) {
        let at = self.resource.annotation_location(key).clone();
        self.out.push(Diagnostic::new(rule, message, help, at).with_resource(self.resource.to_ref()));
    }
}

/// A value as messages show it: cut to 60 characters, so that a huge annotation gives a readable message.
fn shown(value: &str) -> String {
    const MAX: usize = 60;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        format!("{}… ({} bytes)", value.chars().take(MAX).collect::<String>(), value.len())
    }
}

fn phase_list(phases: &[SyncPhase]) -> String {
    phases.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

fn policy_list(policies: &[DeletePolicy]) -> String {
    policies.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// The closest spelling among `candidates`: the same ignoring case, spaces, `-` and `_`, or within edit
/// distance 2.
fn suggest<'c>(value: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let squash = |s: &str| s.chars().filter(|c| !matches!(c, ' ' | '-' | '_')).collect::<String>().to_lowercase();
    let target = squash(value);
    if let Some(found) = candidates.iter().find(|c| squash(c) == target) {
        return Some(found);
    }
    candidates
        .iter()
        .map(|c| (edit_distance(&target, &squash(c)), *c))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
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

/// What Argo CD does with the object once unknown hook values are dropped.
fn hook_outcome(annotations: &Annotations) -> String {
    if is_delete_only_hook(annotations) {
        "the object runs only when the Application is deleted".to_string()
    } else if is_ignored(annotations) {
        "no usable hook type is left, so Argo CD drops the object: it is never applied".to_string()
    } else if argocd_hook_types(annotations).is_empty() {
        format!("Argo CD falls back to `helm.sh/hook` and runs the object in {}", phase_list(&sync_phases(annotations)))
    } else if is_skip(annotations) {
        "the object stays Skip".to_string()
    } else {
        format!("the object still runs in {}", phase_list(&sync_phases(annotations)))
    }
}

const ARGOCD_HOOK_VALUES: [&str; 7] = ["PreSync", "Sync", "PostSync", "SyncFail", "Skip", "PreDelete", "PostDelete"];

/// Rule `unknown-hook-type`: argocd.md.3 (`Types`, `Ignore`).
fn unknown_hook_type(found: &mut Found<'_, '_>) {
    if !found.has(HAS_ARGOCD_HOOK) {
        return;
    }
    let Some(value) = found.annotations().get(ARGOCD_HOOK) else { return };
    let items = csv(value);
    if items.is_empty() {
        let message = format!("`{ARGOCD_HOOK}` is empty: {}", hook_outcome(found.annotations()));
        found.report(&rules::UNKNOWN_HOOK_TYPE, ARGOCD_HOOK, message, Some(valid_hook_types()));
        return;
    }
    if items.iter().all(|item| ARGOCD_HOOK_VALUES.contains(item)) {
        return; // the common case: nothing to say, so no outcome to describe
    }
    let outcome = hook_outcome(found.annotations());
    for item in items {
        if ARGOCD_HOOK_VALUES.contains(&item) {
            continue;
        }
        let help = suggest(item, &ARGOCD_HOOK_VALUES)
            .map_or_else(valid_hook_types, |spelling| format!("did you mean `{spelling}`?"));
        let message = format!("`{}` is not an Argo CD hook type (matching is case-sensitive): {outcome}", shown(item));
        found.report(&rules::UNKNOWN_HOOK_TYPE, ARGOCD_HOOK, message, Some(help));
    }
}

fn valid_hook_types() -> String {
    format!("valid hook types: {}", ARGOCD_HOOK_VALUES.join(", "))
}

/// Why Go's `Atoi` rejects a value, in words.
fn atoi_problem(value: &str, error: AtoiError) -> &'static str {
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

/// Rule `invalid-sync-wave`: argocd.md §3 (`Wave`).
fn invalid_sync_wave(found: &mut Found<'_, '_>) {
    if !found.has(HAS_ARGOCD_SYNC_WAVE) {
        return;
    }
    let Some(value) = found.annotations().get(ARGOCD_SYNC_WAVE) else { return };
    let Err(error) = atoi(value) else { return };
    let wave = sync_wave(found.annotations());
    let fallback = match found.annotations().get(HELM_HOOK_WEIGHT).map(atoi) {
        Some(Ok(weight)) => format!("Argo CD uses wave {weight} from `helm.sh/hook-weight`"),
        _ => format!("Argo CD uses wave {wave}"),
    };
    let message = format!("sync wave {:?} {}: {fallback}", shown(value), atoi_problem(value, error));
    let help = atoi(value.trim()).ok().map(|n| format!("write `{ARGOCD_SYNC_WAVE}: \"{n}\"`"));
    found.report(&rules::INVALID_SYNC_WAVE, ARGOCD_SYNC_WAVE, message, help);
}

const ARGOCD_POLICY_VALUES: [&str; 3] = ["HookSucceeded", "HookFailed", "BeforeHookCreation"];

/// Rule `unknown-delete-policy`: argocd.md.
fn unknown_delete_policy(found: &mut Found<'_, '_>) {
    if !found.has(HAS_ARGOCD_HOOK_DELETE_POLICY) && !found.has(HAS_HELM_HOOK_DELETE_POLICY) {
        return;
    }
    // Described only in messages: computed only when there is one.
    let annotations = found.annotations();
    let effective = || policy_list(&delete_policies(annotations));
    if let Some(value) = found.annotations().get(ARGOCD_HOOK_DELETE_POLICY) {
        for item in csv(value) {
            if DeletePolicy::parse(item).is_some() {
                continue;
            }
            let help = suggest(item, &ARGOCD_POLICY_VALUES)
                .or_else(|| suggest(item, &helm::DELETE_POLICY_VALUES).and_then(helm_to_argocd_policy))
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
        let helm_matches_none = tokens.iter().all(|t| !helm::DELETE_POLICY_VALUES.contains(&t.as_str()));
        for (raw, lowered) in value.split(',').map(str::trim).zip(&tokens) {
            if helm::DELETE_POLICY_VALUES.contains(&raw) || (raw.is_empty() && !helm_matches_none) {
                continue;
            }
            let (raw, lowered, effective) = (shown(raw), shown(lowered), effective());
            let message = if helm::DELETE_POLICY_VALUES.contains(&lowered.as_str()) {
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
            let all_values: Vec<&str> =
                ARGOCD_POLICY_VALUES.iter().chain(&helm::DELETE_POLICY_VALUES).copied().collect();
            let help = suggest(&raw, &all_values)
                .map(|s| argocd_to_helm_policy(s).unwrap_or(s))
                .map(|spelling| format!("did you mean `{spelling}`?"));
            found.report(&rules::UNKNOWN_DELETE_POLICY, HELM_HOOK_DELETE_POLICY, message, help);
        }
    }
}

fn helm_to_argocd_policy(helm_value: &str) -> Option<&'static str> {
    match helm_value {
        "hook-succeeded" => Some("HookSucceeded"),
        "hook-failed" => Some("HookFailed"),
        "before-hook-creation" => Some("BeforeHookCreation"),
        _ => None,
    }
}

fn argocd_to_helm_policy(argocd_value: &str) -> Option<&'static str> {
    match argocd_value {
        "HookSucceeded" => Some("hook-succeeded"),
        "HookFailed" => Some("hook-failed"),
        "BeforeHookCreation" => Some("before-hook-creation"),
        _ => None,
    }
}

/// Sync options that only an Application (`spec.syncPolicy.syncOptions`) sets.
const APPLICATION_ONLY_OPTIONS: [&str; 7] = [
    "CreateNamespace",
    "ApplyOutOfSyncOnly",
    "PrunePropagationPolicy",
    "FailOnSharedResource",
    "RespectIgnoreDifferences",
    "ClientSideApplyMigration",
    "ServerSideDiff",
];

/// Rule `unknown-sync-option`: argocd.md.
fn unknown_sync_option(found: &mut Found<'_, '_>) {
    if !found.has(HAS_ARGOCD_SYNC_OPTIONS) {
        return;
    }
    let Some(value) = found.annotations().get(ARGOCD_SYNC_OPTIONS) else { return };
    for item in csv(value) {
        if RECOGNISED_ITEMS.contains(&item) {
            continue;
        }
        let key = item.split('=').next().unwrap_or_default().trim();
        let item = shown(item);
        let (message, help) = if APPLICATION_ONLY_OPTIONS.iter().any(|o| o.eq_ignore_ascii_case(key)) {
            (
                format!("`{item}` is an Application-level sync option: Argo CD never reads it from a resource"),
                Some("set it in the Application's spec.syncPolicy.syncOptions".to_string()),
            )
        } else {
            let same_key: Vec<&str> = RECOGNISED_ITEMS
                .iter()
                .copied()
                .filter(|r| r.split('=').next().is_some_and(|k| k.eq_ignore_ascii_case(key)))
                .collect();
            let help = suggest(&item, &RECOGNISED_ITEMS)
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| (!same_key.is_empty()).then(|| format!("recognised values: {}", same_key.join(", "))));
            (
                format!(
                    "`{item}` is not a sync option Argo CD recognises (items match exactly and case-sensitively): it \
                     has no effect"
                ),
                help,
            )
        };
        found.report(&rules::UNKNOWN_SYNC_OPTION, ARGOCD_SYNC_OPTIONS, message, help);
    }
}

/// Rule `skip-with-other-types`: argocd.md.
fn skip_with_other_types(found: &mut Found<'_, '_>) {
    if !found.has(HAS_ARGOCD_HOOK) {
        return;
    }
    let types = hook_types(found.annotations());
    if types.len() > 1 && types.contains(&HookType::Skip) {
        let message = format!(
            "`Skip` has no effect next to other hook types: Argo CD runs the object as a hook in {}",
            phase_list(&sync_phases(found.annotations()))
        );
        found.report(&rules::SKIP_WITH_OTHER_TYPES, ARGOCD_HOOK, message, None);
    }
}

/// Rule `helm-hook-ignored`: argocd.md.
fn helm_hook_ignored(found: &mut Found<'_, '_>) {
    if !found.has(HAS_HELM_HOOK) {
        return;
    }
    let Some(events) = found.annotations().get(HELM_HOOK) else { return };
    let types = argocd_hook_types(found.annotations());
    if types.is_empty() {
        return;
    }
    let names = types.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    let events = shown(events);
    let message = format!(
        "Argo CD uses the Argo CD hook type ({names}) and ignores `helm.sh/hook: {events}`; Helm does the opposite"
    );
    found.report(&rules::HELM_HOOK_IGNORED, HELM_HOOK, message, None);
}

/// Rule `helm-delete-policy-merged`: argocd.md.
fn helm_delete_policy_merged(found: &mut Found<'_, '_>) {
    if !found.has(HAS_ARGOCD_HOOK) || !found.has(HAS_HELM_HOOK_DELETE_POLICY) {
        return;
    }
    if argocd_hook_types(found.annotations()).is_empty() || !found.annotations().contains(HELM_HOOK_DELETE_POLICY) {
        return;
    }
    let message = format!(
        "Argo CD merges `helm.sh/hook-delete-policy` into this Argo CD hook's policies: [{}]",
        policy_list(&delete_policies(found.annotations()))
    );
    found.report(&rules::HELM_DELETE_POLICY_MERGED, HELM_HOOK_DELETE_POLICY, message, None);
}

/// Rule `unsupported-helm-hook`: argocd.md.
fn unsupported_helm_hook(found: &mut Found<'_, '_>) {
    if !found.has(HAS_HELM_HOOK) {
        return;
    }
    let annotations = found.annotations();
    let Some(value) = annotations.get(HELM_HOOK) else { return };
    if !argocd_hook_types(annotations).is_empty()
        || !argocd_helm::hook_types(annotations).is_empty()
        || is_pre_delete_hook(annotations)
        || is_post_delete_hook(annotations)
        || !is_ignored(annotations)
    {
        return;
    }
    let unsupported: Vec<&str> = csv(value)
        .into_iter()
        .filter(|event| matches!(*event, "test" | "test-success" | "pre-rollback" | "post-rollback"))
        .collect();
    if unsupported.is_empty() {
        return;
    }
    let tests_only = unsupported.iter().all(|event| matches!(*event, "test" | "test-success"));
    let message = if tests_only {
        "Argo CD does not run Helm test hooks: it never deploys this test object (run `helm test` separately)"
            .to_string()
    } else {
        format!(
            "Argo CD does not run Helm `{}` hooks and this object has no other usable hook type: Argo CD never \
             deploys it",
            unsupported.join("`, `")
        )
    };
    found.report(&rules::UNSUPPORTED_HELM_HOOK, HELM_HOOK, message, None);
    if tests_only {
        // A chart's test object that Argo CD skips is documented, intended behaviour: worth a note, not an error.
        if let Some(last) = found.out.last_mut() {
            last.severity = crate::diagnostic::Severity::Note;
        }
    }
}

const HELM_EVENT_VALUES: [&str; 10] = [
    "pre-install",
    "post-install",
    "pre-delete",
    "post-delete",
    "pre-upgrade",
    "post-upgrade",
    "pre-rollback",
    "post-rollback",
    "test",
    "test-success",
];

/// Rule `unknown-helm-hook`: helm.md.
fn unknown_helm_hook(found: &mut Found<'_, '_>) {
    if !found.has(HAS_HELM_HOOK) {
        return;
    }
    let HelmHook::Dropped(token) = helm::hook_events(found.annotations()) else { return };
    let (what, help) = match token.as_str() {
        "" => {
            ("an empty event (an empty value or a stray comma)".to_string(), Some("remove the empty item".to_string()))
        }
        "crd-install" => (
            "Helm 2's `crd-install`, which Helm 3 removed".to_string(),
            Some("put CRDs in the chart's crds/ directory".to_string()),
        ),
        "test-failure" => ("Helm 2's `test-failure`, which Helm 3 removed".to_string(), Some("use `test`".to_string())),
        other => (
            format!("`{}`, which is not a Helm hook event", shown(other)),
            suggest(other, &HELM_EVENT_VALUES).map(|s| format!("did you mean `{s}`?")),
        ),
    };
    let message = format!("`helm.sh/hook` holds {what}: Helm drops the whole object (neither a hook nor a manifest)");
    found.report(&rules::UNKNOWN_HELM_HOOK, HELM_HOOK, message, help);
}

/// Rule `invalid-hook-weight`: helm.md.
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

/// Rule `delete-policy-without-hook`: argocd.md.
fn delete_policy_without_hook(found: &mut Found<'_, '_>) {
    if !found.has(HAS_ARGOCD_HOOK_DELETE_POLICY) && !found.has(HAS_HELM_HOOK_DELETE_POLICY) {
        return;
    }
    let annotations = found.annotations();
    if is_hook(annotations) {
        return;
    }
    let skip = if is_skip(annotations) { " (a Skip object is not a hook)" } else { "" };
    for key in [ARGOCD_HOOK_DELETE_POLICY, HELM_HOOK_DELETE_POLICY] {
        if found.annotations().contains(key) {
            let message = format!("`{key}` has no effect: the object is not a hook{skip}");
            found.report(&rules::DELETE_POLICY_WITHOUT_HOOK, key, message, None);
        }
    }
}

/// Rule `named-hook-can-wedge`: argocd.md.
fn named_hook_can_wedge(found: &mut Found<'_, '_>) {
    if !found.has(HAS_ARGOCD_HOOK) && !found.has(HAS_HELM_HOOK) {
        return;
    }
    let annotations = found.annotations();
    let Some(name) = found.resource.name.as_deref().filter(|n| !n.is_empty()) else { return };
    if !is_hook(annotations) || sync_phases(annotations).is_empty() {
        return;
    }
    let policies = delete_policies(annotations);
    if policies.contains(&DeletePolicy::BeforeHookCreation) {
        return;
    }
    let kind = &found.resource.kind;
    let effect = if matches!(kind.as_str(), "Job" | "Pod") {
        format!("a completed {kind} is not run again, and a changed spec is rejected as immutable, wedging the sync")
    } else {
        "the next sync applies over the old object instead of re-creating it".to_string()
    };
    let message = format!(
        "hook {kind} `{name}` has a fixed name and policies [{}] without BeforeHookCreation: when an instance is \
         left behind (a failed sync keeps it), {effect}",
        policy_list(&policies)
    );
    let key = if annotations.contains(ARGOCD_HOOK_DELETE_POLICY) { ARGOCD_HOOK_DELETE_POLICY } else { ARGOCD_HOOK };
    let key = if annotations.contains(key) { key } else { HELM_HOOK };
    found.report(
        &rules::NAMED_HOOK_CAN_WEDGE,
        key,
        message,
        Some("use `metadata.generateName`, or add BeforeHookCreation to the delete policies".into()),
    );
}

/// Rule `generate-name-on-resource`: argocd.md.
fn generate_name_on_resource(found: &mut Found<'_, '_>) {
    let r = found.resource;
    if r.name.as_deref().is_some_and(|n| !n.is_empty()) {
        return;
    }
    let Some(generate_name) = r.generate_name.as_deref().filter(|g| !g.is_empty()) else { return };
    if is_hook(&r.annotations) || is_skip(&r.annotations) {
        return;
    }
    let message = format!(
        "{} has `generateName: {generate_name}` but no name and is not a hook: Argo CD names only hooks, so its sync fails",
        r.kind
    );
    let at = r.location.clone();
    found.out.push(
        Diagnostic::new(&rules::GENERATE_NAME_ON_RESOURCE, message, Some("set metadata.name".into()), at)
            .with_resource(r.to_ref()),
    );
}

/// Rule `missing-name`: argocd.md.
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

/// Bits of `Found::present`, in the order of `KNOWN_KEYS` (`annotations::KEYS`): annotation keys hookplan reads,
/// which also do nothing as labels.
const HAS_ARGOCD_HOOK: u16 = 1 << 0;
const HAS_ARGOCD_HOOK_DELETE_POLICY: u16 = 1 << 1;
const HAS_ARGOCD_SYNC_WAVE: u16 = 1 << 2;
const HAS_ARGOCD_SYNC_OPTIONS: u16 = 1 << 3;
// Bit 4, `argocd.argoproj.io/compare-options`, is tracked but no rule reads it yet.
const HAS_HELM_HOOK: u16 = 1 << 5;
const HAS_HELM_HOOK_WEIGHT: u16 = 1 << 6;
const HAS_HELM_HOOK_DELETE_POLICY: u16 = 1 << 7;
const HAS_HELM_RESOURCE_POLICY: u16 = 1 << 8;

/// The index of `key` in `KNOWN_KEYS`. Most annotations of real objects are neither Argo CD's nor Helm's: one
/// prefix test rejects those without comparing them to every known key.
fn known_key_index(key: &str) -> Option<usize> {
    if !key.starts_with("argocd.argoproj.io/") && !key.starts_with("helm.sh/") {
        return None;
    }
    KNOWN_KEYS.iter().position(|known| known.len() == key.len() && *known == key)
}

/// Rule `annotation-in-labels`.
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

/// Rule `keep-policy-still-pruned`: argocd.md.
fn keep_policy_still_pruned(found: &mut Found<'_, '_>) {
    if !found.has(HAS_HELM_RESOURCE_POLICY) {
        return;
    }
    let options = ResourceSyncOptions::from_annotations(found.annotations());
    if options.resource_policy_keep && !options.prune_disabled() {
        let message = "`helm.sh/resource-policy: keep` protects the object when the Application is deleted, but \
                       Argo CD still prunes it during a sync"
            .to_string();
        found.report(
            &rules::KEEP_POLICY_STILL_PRUNED,
            HELM_RESOURCE_POLICY,
            message,
            Some("add `argocd.argoproj.io/sync-options: Prune=false` to keep it on prune too".into()),
        );
    }
}

/// Rule `delete-hook-not-synced`: argocd.md.
fn delete_hook_not_synced(found: &mut Found<'_, '_>) {
    if !found.has(HAS_ARGOCD_HOOK) && !found.has(HAS_HELM_HOOK) {
        return;
    }
    let annotations = found.annotations();
    let kinds: Vec<&str> =
        [(is_pre_delete_hook(annotations), "PreDelete"), (is_post_delete_hook(annotations), "PostDelete")]
            .into_iter()
            .filter_map(|(is, name)| is.then_some(name))
            .collect();
    if kinds.is_empty() {
        return;
    }
    let what = kinds.join(" and ");
    let message = if is_delete_only_hook(annotations) {
        format!("{what} hook: it runs only when the Application is deleted, never during a sync")
    } else {
        format!(
            "{what} hook: it runs in {} during syncs, and again when the Application is deleted",
            phase_list(&sync_phases(annotations))
        )
    };
    let key = if annotations.get(ARGOCD_HOOK).is_some_and(|v| v.contains("Delete")) { ARGOCD_HOOK } else { HELM_HOOK };
    found.report(&rules::DELETE_HOOK_NOT_SYNCED, key, message, None);
}

/// Rule `post-delete-hook-kept`: argocd.md.7 (`cleanupHooks`).
fn post_delete_hook_kept(found: &mut Found<'_, '_>) {
    if !found.has(HAS_ARGOCD_HOOK) && !found.has(HAS_HELM_HOOK) {
        return;
    }
    let annotations = found.annotations();
    if !is_post_delete_hook(annotations) {
        return;
    }
    let policies = delete_policies(annotations);
    if policies.contains(&DeletePolicy::HookSucceeded) || policies.contains(&DeletePolicy::HookFailed) {
        return;
    }
    let message = format!(
        "PostDelete hook with policies [{}] stays in the cluster after the Application is deleted: cleanup deletes only \
         HookSucceeded or HookFailed hooks",
        policy_list(&policies)
    );
    let key = if annotations.contains(ARGOCD_HOOK_DELETE_POLICY) { ARGOCD_HOOK_DELETE_POLICY } else { ARGOCD_HOOK };
    let key = if annotations.contains(key) { key } else { HELM_HOOK };
    found.report(
        &rules::POST_DELETE_HOOK_KEPT,
        key,
        message,
        Some(format!("add `{ARGOCD_HOOK_DELETE_POLICY}: HookSucceeded`")),
    );
}

/// Rule `helm-keep-policy-value`: helm.md.
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

/// Rule `annotation-in-list-item`: helm.md.
fn annotation_in_list_item(found: &mut Found<'_, '_>) {
    if !found.resource.in_list {
        return;
    }
    for key in [HELM_HOOK, HELM_HOOK_WEIGHT, HELM_HOOK_DELETE_POLICY, HELM_RESOURCE_POLICY] {
        if found.annotations().contains(key) {
            let message = format!("`{key}` on an item of a List: Helm does not see it (Argo CD does)");
            found.report(
                &rules::ANNOTATION_IN_LIST_ITEM,
                key,
                message,
                Some("give the object its own document".into()),
            );
        }
    }
}

/// Rule `hook-weight-is-sync-wave`: argocd.md.
fn hook_weight_is_sync_wave(found: &mut Found<'_, '_>) {
    if !found.has(HAS_HELM_HOOK_WEIGHT) {
        return;
    }
    let annotations = found.annotations();
    if annotations.get(ARGOCD_SYNC_WAVE).is_some_and(|v| atoi(v).is_ok()) || is_ignored(annotations) {
        return;
    }
    let weight = argocd_helm::weight(annotations);
    if weight == 0 || sync_phases(annotations).is_empty() {
        return;
    }
    let message = format!(
        "Argo CD syncs this object in wave {weight}, taken from `helm.sh/hook-weight` (Helm uses the weight only to \
         order hooks of one event)"
    );
    found.report(&rules::HOOK_WEIGHT_IS_SYNC_WAVE, HELM_HOOK_WEIGHT, message, None);
}

/// Rule `duplicate-resource`: `kube.ResourceKey` identity, namespaces defaulted as.3 says.
fn duplicate_resource(resources: &[&Resource], destination_namespace: Option<&str>, out: &mut Vec<Diagnostic>) {
    let cluster_scoped_crds: Vec<(&str, &str)> = resources
        .iter()
        .filter(|r| r.is_crd() && r.crd_scope.as_deref() == Some("Cluster"))
        .filter_map(|r| r.defines.as_ref().map(|(g, k)| (g.as_str(), k.as_str())))
        .collect();
    let identity = |r: &Resource| -> (SmolStr, SmolStr, SmolStr) {
        let cluster_scoped = is_cluster_scoped(&r.group, &r.kind)
            || (!cluster_scoped_crds.is_empty() && cluster_scoped_crds.contains(&(r.group.as_str(), r.kind.as_str())));
        let namespace =
            if cluster_scoped { "" } else { r.namespace.as_deref().or(destination_namespace).unwrap_or_default() };
        (r.group.clone(), r.kind.clone(), SmolStr::new(namespace))
    };
    // Hash the name alone (cheap, and nearly unique); only objects that share a name compare whole identities,
    // along the chain of the earlier objects with that name (each link: an index into `resources` and the next
    // link). A 100,000-object plan hashes little and touches little memory.
    let mut head: HashMap<&str, usize> = HashMap::with_capacity(resources.len());
    let mut chain: Vec<(usize, Option<usize>)> = Vec::new();
    for (index, &r) in resources.iter().enumerate() {
        let Some(name) = r.name.as_deref().filter(|n| !n.is_empty()) else { continue };
        let previous = head.get(name).copied();
        let mut earlier = None;
        if previous.is_some() {
            let own = identity(r);
            let mut cursor = previous;
            while let Some(link) = cursor {
                let (other, next) = chain[link];
                if identity(resources[other]) == own {
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
            head.insert(name, chain.len());
            chain.push((index, previous));
        }
    }
}

/// Rule `generate-name-collision`: argocd.md.1 (argo-cd #9184).
fn generate_name_collision(resources: &[&Resource], destination_namespace: Option<&str>, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<(&str, &str, &str, &str, SyncPhase), &Resource> = HashMap::new();
    for &r in resources {
        if r.name.as_deref().is_some_and(|n| !n.is_empty()) || !is_hook(&r.annotations) {
            continue;
        }
        let Some(generate_name) = r.generate_name.as_deref() else { continue };
        let namespace = r.namespace.as_deref().or(destination_namespace).unwrap_or_default();
        for phase in sync_phases(&r.annotations) {
            let key = (r.group.as_str(), r.kind.as_str(), namespace, generate_name, phase);
            if let Some(earlier) = first.get(&key) {
                let message = format!(
                    "unnamed {phase} hook {} `{generate_name}` gets the same generated name as the one at {}: they \
                     collide in every sync",
                    r.kind, earlier.location
                );
                out.push(
                    Diagnostic::new(
                        &rules::GENERATE_NAME_COLLISION,
                        message,
                        Some("give each hook its own generateName".into()),
                        r.location.clone(),
                    )
                    .with_resource(r.to_ref()),
                );
            } else {
                first.insert(key, r);
            }
        }
    }
}

/// Rule `upgrade-hook-runs-on-install`: argocd.md.
fn upgrade_hook_runs_on_install(found: &mut Found<'_, '_>) {
    if !found.has(HAS_HELM_HOOK) || !argocd_hook_types(found.annotations()).is_empty() {
        return;
    }
    let HelmHook::Events(events) = helm::hook_events(found.annotations()) else { return };
    for (upgrade, install, phase) in [
        (HookEvent::PreUpgrade, HookEvent::PreInstall, "PreSync"),
        (HookEvent::PostUpgrade, HookEvent::PostInstall, "PostSync"),
    ] {
        if events.contains(&upgrade) && !events.contains(&install) {
            let message = format!(
                "`{upgrade}` hook without `{install}`: Helm runs it only on upgrades, Argo CD in {phase} of every sync, \
                 the first one included"
            );
            found.report(&rules::UPGRADE_HOOK_RUNS_ON_INSTALL, HELM_HOOK, message, None);
        }
    }
}

/// Rule `helm-hook-deleted-before-use`: helm.md.
fn helm_hook_deleted_before_use(resources: &[&Resource], out: &mut Vec<Diagnostic>) {
    let events_of = |r: &Resource| if r.in_list { HelmHook::NotAHook } else { helm::hook_events(&r.annotations) };
    for account in resources.iter().filter(|r| r.kind == "ServiceAccount" && r.group.is_empty()) {
        let HelmHook::Events(events) = events_of(account) else { continue };
        if !helm::effective_delete_policies(&account.annotations).iter().any(|p| p == "hook-succeeded") {
            continue;
        }
        let Some(name) = account.name.as_deref() else { continue };
        for (pre, post) in
            [(HookEvent::PreInstall, HookEvent::PostInstall), (HookEvent::PreUpgrade, HookEvent::PostUpgrade)]
        {
            if !events.contains(&pre) || events.contains(&post) {
                continue;
            }
            let users = resources.iter().filter(|user| {
                user.service_account.as_deref() == Some(name)
                    && user.namespace == account.namespace
                    && match events_of(user) {
                        HelmHook::NotAHook => true,
                        HelmHook::Events(user_events) => user_events.contains(&post),
                        HelmHook::Dropped(_) => false,
                    }
            });
            for user in users {
                let what = if matches!(events_of(user), HelmHook::NotAHook) {
                    "the manifest".to_string()
                } else {
                    format!("{post} hook")
                };
                let user_name = user.name.as_deref().or(user.generate_name.as_deref()).unwrap_or_default();
                let message = format!(
                    "ServiceAccount `{name}` is a {pre} hook with hook-succeeded, and {what} {} `{user_name}` runs as it: \
                     Helm deletes the ServiceAccount when the {pre} hooks succeed, so `{user_name}` fails under Helm; Argo \
                     CD keeps it until the whole sync succeeded, so it works there",
                    user.kind
                );
                let key = if account.annotations.contains(HELM_HOOK_DELETE_POLICY) {
                    HELM_HOOK_DELETE_POLICY
                } else {
                    HELM_HOOK
                };
                out.push(
                    Diagnostic::new(
                        &rules::HELM_HOOK_DELETED_BEFORE_USE,
                        message,
                        Some(format!("add `{post}` to its helm.sh/hook, or drop hook-succeeded")),
                        account.annotation_location(key).clone(),
                    )
                    .with_resource(account.to_ref()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(suggest("presync", &ARGOCD_HOOK_VALUES), Some("PreSync"));
        assert_eq!(suggest("Pre-Sync", &ARGOCD_HOOK_VALUES), Some("PreSync"));
        assert_eq!(suggest("PostSyn", &ARGOCD_HOOK_VALUES), Some("PostSync"));
        assert_eq!(suggest("Garbage", &ARGOCD_HOOK_VALUES), None);
        assert_eq!(suggest("Prune = false", &RECOGNISED_ITEMS), Some("Prune=false"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
