//! The lint rules that hold for either engine (names, duplicates, labels, delete policy and hook weight values,
//! the keep policy, misspelled keys): each a function named after its rule.

use foldhash::{HashMap, HashMapExt};

use super::text::{atoi_problem, edit_distance, policy_list, shown, suggest};
use super::{
    HAS_ARGOCD_HOOK_DELETE_POLICY, HAS_HELM_HOOK_DELETE_POLICY, HAS_HELM_HOOK_WEIGHT, HAS_HELM_RESOURCE_POLICY,
    ObjectContext, known_key_index,
};
use crate::annotations::{
    ARGOCD_HOOK_DELETE_POLICY, HELM_HOOK_DELETE_POLICY, HELM_HOOK_WEIGHT, HELM_RESOURCE_POLICY, KEYS as KNOWN_KEYS, csv,
};
use crate::argocd::DeletePolicy;
use crate::diagnostic::{Diagnostic, rules};
use crate::goconv::atoi;
use crate::helm::{self, HookDeletePolicy};
use crate::resource::{Identities, Resource};

/// Runs the shared rules on one resource.
pub(super) fn check(found: &mut ObjectContext<'_, '_>) {
    unknown_delete_policy(found);
    invalid_hook_weight(found);
    missing_name(found);
    annotation_in_labels(found);
    helm_keep_policy_value(found);
    misspelled_annotation_key(found);
}

/// Rule `unknown-delete-policy`, for both engines. Upstream: `DeletePolicies` in argo-cd@37ee009
/// `gitops-engine/pkg/sync/hook/delete_policy.go` and `hook/helm/delete_policy.go`; `operateAnnotationValues` in
/// helm@e9b85e4 `pkg/release/v1/util/manifest_sorter.go` and `hookSetDeletePolicy` in `pkg/action/hooks.go`.
fn unknown_delete_policy(found: &mut ObjectContext<'_, '_>) {
    if !found.has(HAS_ARGOCD_HOOK_DELETE_POLICY) && !found.has(HAS_HELM_HOOK_DELETE_POLICY) {
        return;
    }
    // Described only in messages: computed only when there is one.
    // Computed once, when the first message needs it (a value with thousands of unknown items asks each time).
    let effective_once = std::cell::OnceCell::new();
    let policies = &found.argocd.delete_policies;
    let effective = || effective_once.get_or_init(|| policy_list(policies)).clone();
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
        // Helm's tokens of this value (the Argo CD annotations are Helm's when they are read at all).
        let tokens: &[String] = if found.helm.delete_policy_set { &found.helm.delete_policies } else { &[] };
        let known = |token: &str| token.parse::<HookDeletePolicy>().is_ok();
        let helm_matches_none = tokens.iter().all(|t| !known(t));
        for (raw, lowered) in value.split(',').map(str::trim).zip(tokens) {
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
fn invalid_hook_weight(found: &mut ObjectContext<'_, '_>) {
    if !found.has(HAS_HELM_HOOK_WEIGHT) {
        return;
    }
    let Some(value) = found.annotations().get(HELM_HOOK_WEIGHT) else { return };
    let Err(error) = atoi(value) else { return };
    let message =
        format!("hook weight {:?} {}: Helm and Argo CD use weight 0", shown(value), atoi_problem(value, &error));
    let help = atoi(value.trim()).ok().map(|n| format!("write `{HELM_HOOK_WEIGHT}: \"{n}\"`"));
    found.report(&rules::INVALID_HOOK_WEIGHT, HELM_HOOK_WEIGHT, message, help);
}

/// Rule `missing-name`, for both engines: the API server rejects an object with neither name nor generateName.
fn missing_name(found: &mut ObjectContext<'_, '_>) {
    let r = found.resource;
    let named = |s: &Option<smol_str::SmolStr>| s.as_deref().is_some_and(|n| !n.is_empty());
    if named(&r.name) || named(&r.generate_name) || found.argocd.skip {
        return;
    }
    let message = if found.argocd.hook {
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
fn helm_keep_policy_value(found: &mut ObjectContext<'_, '_>) {
    if !found.has(HAS_HELM_RESOURCE_POLICY) {
        return;
    }
    let Some(value) = found.annotations().get(HELM_RESOURCE_POLICY) else { return };
    if value == "keep" {
        return;
    }
    let argocd = if found.argocd.options.resource_policy_keep { "Argo CD keeps it" } else { "Argo CD deletes it" };
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
fn misspelled_annotation_key(found: &mut ObjectContext<'_, '_>) {
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

/// Rule `annotation-in-labels`, for both engines: both read these keys only from `metadata.annotations`.
fn annotation_in_labels(found: &mut ObjectContext<'_, '_>) {
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
pub(super) fn duplicate_resource(resources: &[&Resource], identities: &Identities, out: &mut Vec<Diagnostic>) {
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
