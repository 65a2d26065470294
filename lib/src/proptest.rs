//! [proptest](https://docs.rs/proptest) strategies for property-testing code that embeds hookplan (feature
//! `proptest`).
//!
//! The value strategies produce annotation values Argo CD and Helm accept *and* the near misses that trip them
//! up: wrong case, stray spaces, typos, trailing commas, decimals, hexadecimal, numbers past 64 bits. The
//! resource and manifest strategies combine them into objects, sets of objects, and YAML text rendered from
//! them ([`render_yaml`]), so a property can start from bytes, as hookplan's users do.
//!
//! ```
//! use hookplan::proptest::manifest_yaml;
//! use hookplan::{Manifests, SyncOperation, plan_sync};
//! use proptest::prelude::*;
//! use proptest::test_runner::TestRunner;
//!
//! // A property a user would write: whatever the manifests, every PreSync step comes before every Sync step.
//! let mut runner = TestRunner::default();
//! runner.run(&manifest_yaml(8), |(_, yaml)| {
//!     let plan = plan_sync(&Manifests::parse("app.yaml", &yaml), &SyncOperation::new());
//!     let phases: Vec<_> = plan.steps.iter().map(|step| step.phase).collect();
//!     let mut sorted = phases.clone();
//!     sorted.sort();
//!     prop_assert_eq!(phases, sorted);
//!     Ok(())
//! }).unwrap();
//! ```

use std::fmt::Write;

use ::proptest::prelude::*;
use ::proptest::sample::select;

use crate::annotations::{
    ARGOCD_HOOK, ARGOCD_HOOK_DELETE_POLICY, ARGOCD_SYNC_OPTIONS, ARGOCD_SYNC_WAVE, Annotations, HELM_HOOK,
    HELM_HOOK_DELETE_POLICY, HELM_HOOK_WEIGHT, HELM_RESOURCE_POLICY,
};
use crate::location::Location;
use crate::resource::Resource;

/// A near miss of `word`: lowercased, uppercased, with a space before or after, a character dropped, or two
/// characters swapped.
fn near_miss(word: &'static str) -> impl Strategy<Value = String> {
    let len = word.chars().count().max(1);
    prop_oneof![
        Just(word.to_lowercase()),
        Just(word.to_uppercase()),
        Just(format!(" {word}")),
        Just(format!("{word} ")),
        (0..len).prop_map(move |i| word.chars().enumerate().filter(|(j, _)| *j != i).map(|(_, c)| c).collect()),
        (0..len.saturating_sub(1).max(1)).prop_map(move |i| {
            let mut chars: Vec<char> = word.chars().collect();
            if i + 1 < chars.len() {
                chars.swap(i, i + 1);
            }
            chars.into_iter().collect()
        }),
    ]
}

/// A comma-separated value of 1 to 3 items drawn from `valid` (mostly) and their near misses, sometimes with a
/// trailing comma or spaces after the commas.
fn csv_of(valid: &'static [&'static str]) -> impl Strategy<Value = String> {
    let item = prop_oneof![3 => select(valid).prop_map(str::to_string), 1 => select(valid).prop_flat_map(near_miss)];
    (prop::collection::vec(item, 1..=3), any::<bool>(), any::<bool>()).prop_map(|(items, spaced, trailing)| {
        let mut value = items.join(if spaced { ", " } else { "," });
        if trailing {
            value.push(',');
        }
        value
    })
}

/// The Argo CD releases hookplan follows: every minor release from v2.10 to v3.5, without a patch number (the
/// newest patch) or with one up to 12 (which covers the patch releases whose behaviour differs, v2.14.3 and v3.3.0
/// to v3.3.5).
///
/// ```
/// use hookplan::proptest::argocd_version;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let version = argocd_version().new_tree(&mut TestRunner::default()).unwrap().current();
/// assert!(version >= hookplan::argocd::ArgocdVersion::OLDEST);
/// ```
pub fn argocd_version() -> impl Strategy<Value = crate::argocd::ArgocdVersion> {
    const MINORS: [&str; 11] = ["2.10", "2.11", "2.12", "2.13", "2.14", "3.0", "3.1", "3.2", "3.3", "3.4", "3.5"];
    (select(&MINORS[..]), prop::option::of(0u16..=12)).prop_map(|(minor, patch)| {
        let text = match patch {
            Some(patch) => format!("{minor}.{patch}"),
            None => minor.to_string(),
        };
        text.parse().unwrap_or_default()
    })
}

/// Values of `argocd.argoproj.io/hook`: valid types (including the controller's PreDelete and PostDelete),
/// combinations, and near misses such as `presync`, `Pre Sync` or `PreSyc`.
pub fn hook_type_value() -> impl Strategy<Value = String> {
    csv_of(&["PreSync", "Sync", "PostSync", "SyncFail", "Skip", "PreDelete", "PostDelete"])
}

/// Values of `argocd.argoproj.io/hook-delete-policy`, near misses included.
pub fn delete_policy_value() -> impl Strategy<Value = String> {
    csv_of(&["HookSucceeded", "HookFailed", "BeforeHookCreation"])
}

/// Values of `argocd.argoproj.io/sync-options`, near misses included (`Prune=False`, `PruneLast=true `...).
pub fn sync_options_value() -> impl Strategy<Value = String> {
    csv_of(&[
        "Prune=false",
        "Prune=confirm",
        "Delete=false",
        "PruneLast=true",
        "Replace=true",
        "Force=true",
        "ServerSideApply=true",
        "Validate=false",
        "SkipDryRunOnMissingResource=true",
    ])
}

/// Values of `helm.sh/hook`: Helm's events, Helm 2 leftovers (`crd-install`, `test-failure`) and near misses.
pub fn helm_hook_value() -> impl Strategy<Value = String> {
    csv_of(&[
        "pre-install",
        "post-install",
        "pre-upgrade",
        "post-upgrade",
        "pre-delete",
        "post-delete",
        "pre-rollback",
        "post-rollback",
        "test",
        "test-success",
        "crd-install",
        "test-failure",
    ])
}

/// Values of `helm.sh/hook-delete-policy`, near misses included.
pub fn helm_delete_policy_value() -> impl Strategy<Value = String> {
    csv_of(&["before-hook-creation", "hook-succeeded", "hook-failed"])
}

/// Integer-like values as waves and weights are written: small integers, signs, and the values Go's `Atoi`
/// rejects (spaces, decimals, hexadecimal, underscores, numbers past 64 bits, empty).
pub fn integer_value() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (-5i64..=5).prop_map(|n| n.to_string()),
        1 => (0i64..=5).prop_map(|n| format!("+{n}")),
        1 => (-5i64..=5).prop_map(|n| format!(" {n}")),
        1 => (-5i64..=5).prop_map(|n| format!("{n}.0")),
        1 => Just("0x10".to_string()),
        1 => Just("1_000".to_string()),
        1 => Just("99999999999999999999".to_string()),
        1 => Just("9223372036854775807".to_string()),
        1 => Just(String::new()),
    ]
}

/// Values of `helm.sh/resource-policy`: `keep` and its near misses.
pub fn resource_policy_value() -> impl Strategy<Value = String> {
    prop_oneof![3 => Just("keep".to_string()), 1 => near_miss("keep")]
}

/// A set of annotations: each hook, wave, policy and option key present or not, with values from the
/// strategies above; sometimes an unrelated annotation.
pub fn annotations() -> impl Strategy<Value = Annotations> {
    (
        prop::option::weighted(0.4, hook_type_value()),
        prop::option::weighted(0.3, integer_value()),
        prop::option::weighted(0.2, delete_policy_value()),
        prop::option::weighted(0.15, sync_options_value()),
        prop::option::weighted(0.2, helm_hook_value()),
        prop::option::weighted(0.15, integer_value()),
        prop::option::weighted(0.1, helm_delete_policy_value()),
        prop::option::weighted(0.05, resource_policy_value()),
        prop::option::weighted(0.2, Just("example.com/owner: team-a")),
    )
        .prop_map(|(hook, wave, policy, options, helm, weight, helm_policy, keep, other)| {
            let mut a = Annotations::new();
            let pairs = [
                (ARGOCD_HOOK, hook),
                (ARGOCD_SYNC_WAVE, wave),
                (ARGOCD_HOOK_DELETE_POLICY, policy),
                (ARGOCD_SYNC_OPTIONS, options),
                (HELM_HOOK, helm),
                (HELM_HOOK_WEIGHT, weight),
                (HELM_HOOK_DELETE_POLICY, helm_policy),
                (HELM_RESOURCE_POLICY, keep),
            ];
            for (key, value) in pairs {
                if let Some(value) = value {
                    a.insert(key, value);
                }
            }
            if let Some(other) = other {
                let (key, value) = other.split_once(": ").unwrap_or_default();
                a.insert(key, value);
            }
            a
        })
}

/// (apiVersion, kind) pairs a resource is drawn from: core and apps kinds, a Namespace, a CRD and its custom
/// resource, an unknown kind.
const KINDS: [(&str, &str); 10] = [
    ("v1", "Namespace"),
    ("v1", "ConfigMap"),
    ("v1", "Secret"),
    ("v1", "Service"),
    ("v1", "Pod"),
    ("apps/v1", "Deployment"),
    ("batch/v1", "Job"),
    ("rbac.authorization.k8s.io/v1", "ClusterRole"),
    ("apiextensions.k8s.io/v1", "CustomResourceDefinition"),
    ("example.com/v1", "Widget"),
];

/// One resource: a kind from a small pool, a name or a generateName (or, rarely, neither), a namespace from a
/// small pool (or none), and [`annotations`]. A CustomResourceDefinition defines `example.com/Widget`. The
/// location is a placeholder; [`manifest_yaml`] gives real ones.
pub fn resource() -> impl Strategy<Value = Resource> {
    (
        select(&KINDS[..]),
        prop_oneof![6 => select(&["a", "b", "c", "web", "db-migrate", "shop"][..]).prop_map(|n| (Some(n), None)),
                    2 => select(&["migrate-", "hook-"][..]).prop_map(|g| (None, Some(g))),
                    1 => Just((None, None))],
        prop::option::weighted(0.6, select(&["shop", "dest", "other"][..])),
        annotations(),
    )
        .prop_map(|((api_version, kind), (name, generate_name), namespace, annotations)| {
            let name = if kind == "CustomResourceDefinition" { Some("widgets.example.com") } else { name };
            let mut r = Resource::new(api_version, kind, name, Location::new("generated.yaml", 0, 1, 1));
            if let Some(generate_name) = generate_name {
                r = r.with_generate_name(generate_name);
            }
            if let Some(namespace) = namespace.filter(|_| kind != "Namespace") {
                r = r.with_namespace(namespace);
            }
            if r.is_crd() {
                r = r.with_defines("example.com", "Widget");
            }
            for (key, value) in annotations.iter() {
                r = r.with_annotation(key, value);
            }
            r
        })
}

/// A set of up to `max` resources.
pub fn manifest_set(max: usize) -> impl Strategy<Value = Vec<Resource>> {
    prop::collection::vec(resource(), 0..=max)
}

/// A set of up to `max` resources and the YAML stream rendered from it ([`render_yaml`]).
pub fn manifest_yaml(max: usize) -> impl Strategy<Value = (Vec<Resource>, String)> {
    manifest_set(max).prop_map(|resources| {
        let yaml = render_yaml(&resources);
        (resources, yaml)
    })
}

/// A string as a double-quoted YAML scalar (valid for any content).
fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Renders resources as a YAML stream, one document each: `apiVersion`, `kind`, `metadata` (name,
/// generateName, namespace, labels, annotations, every value double-quoted) and, for a CRD, `spec.group`,
/// `spec.names.kind` and `spec.scope`. Reading the text back gives the same resources.
///
/// ```
/// use hookplan::{Location, Manifests, Resource};
/// use hookplan::proptest::render_yaml;
/// let job = Resource::new("batch/v1", "Job", Some("migrate"), Location::new("x", 0, 1, 1))
///     .with_annotation("argocd.argoproj.io/hook", "PreSync");
/// let text = render_yaml(&[job]);
/// let back = Manifests::parse("x.yaml", &text);
/// assert_eq!(back.resources()[0].annotations.get("argocd.argoproj.io/hook"), Some("PreSync"));
/// ```
pub fn render_yaml(resources: &[Resource]) -> String {
    let mut out = String::new();
    for r in resources {
        out.push_str("---\n");
        let _ = writeln!(out, "apiVersion: {}\nkind: {}\nmetadata:", quoted(&r.api_version), quoted(&r.kind));
        for (field, value) in [("name", &r.name), ("generateName", &r.generate_name), ("namespace", &r.namespace)] {
            if let Some(value) = value {
                let _ = writeln!(out, "  {field}: {}", quoted(value));
            }
        }
        if !r.labels.is_empty() {
            out.push_str("  labels:\n");
            for (key, value) in &r.labels {
                let _ = writeln!(out, "    {}: {}", quoted(key), quoted(value));
            }
        }
        if !r.annotations.is_empty() {
            out.push_str("  annotations:\n");
            for (key, value) in r.annotations.iter() {
                let _ = writeln!(out, "    {}: {}", quoted(key), quoted(value));
            }
        }
        if let Some((group, kind)) = &r.defines {
            let _ = writeln!(out, "spec:\n  group: {}\n  names:\n    kind: {}", quoted(group), quoted(kind));
            if let Some(scope) = &r.crd_scope {
                let _ = writeln!(out, "  scope: {}", quoted(scope));
            }
        }
    }
    out
}
