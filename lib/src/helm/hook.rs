//! Helm hook events and hook weights as Helm 3 and Helm 4 parse them.

use crate::annotations::{Annotations, HELM_HOOK, HELM_HOOK_WEIGHT};
use crate::goconv::atoi;
use crate::resource::Resource;

crate::vocabulary::vocabulary! {
/// The nine Helm 3/4 hook events.
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `HookPreInstall` … `HookTest` in `pkg/release/v1/hook.go` (Helm 3: `pkg/release/hook.go`);
///
pub enum HookEvent("Helm hook event") {
    /// `pre-install`
    PreInstall = "pre-install",
    /// `post-install`
    PostInstall = "post-install",
    /// `pre-delete`
    PreDelete = "pre-delete",
    /// `post-delete`
    PostDelete = "post-delete",
    /// `pre-upgrade`
    PreUpgrade = "pre-upgrade",
    /// `post-upgrade`
    PostUpgrade = "post-upgrade",
    /// `pre-rollback`
    PreRollback = "pre-rollback",
    /// `post-rollback`
    PostRollback = "post-rollback",
    /// `test` (also written `test-success`)
    Test = "test",
}
}

impl HookEvent {
    /// Looks up one already trimmed and lowercased token in Helm's `events` table, which also maps the legacy
    /// `test-success` to `test`.
    pub fn lookup(token: &str) -> Option<HookEvent> {
        if token == "test-success" {
            return Some(HookEvent::Test);
        }
        HookEvent::ALL.into_iter().find(|event| event.as_str() == token)
    }
}

/// The result of Helm's `helm.sh/hook` parse for one object.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HelmHook {
    /// No `helm.sh/hook` key: a regular manifest.
    NotAHook,
    /// A hook with these events, in order, duplicates kept.
    Events(Vec<HookEvent>),
    /// A token Helm does not know (trimmed and lowercased as Helm compares it): Helm drops the whole object.
    Dropped(String),
}

/// How Helm classifies an object by `helm.sh/hook`: absent → a regular manifest; present (any value, even
/// empty) → split on `,`, each token trimmed and lowercased and looked up; if **any** token is unknown (the empty
/// token of `""` or of a trailing comma, `crd-install`, `test-failure`, a typo) the whole object is dropped.
/// Duplicates are kept.
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `SortManifests` in Helm `pkg/release/v1/util/manifest_sorter.go` (Helm 3
/// `pkg/releaseutil/manifest_sorter.go`); upstream test `TestSortManifests`.
///
/// ```
/// use hookplan::Annotations;
/// use hookplan::helm::{hook_events, HelmHook, HookEvent};
/// let a: Annotations = [("helm.sh/hook", " Pre-Install ,POST-UPGRADE")].into_iter().collect();
/// assert_eq!(hook_events(&a), HelmHook::Events(vec![HookEvent::PreInstall, HookEvent::PostUpgrade]));
/// let trailing: Annotations = [("helm.sh/hook", "pre-install,")].into_iter().collect();
/// assert_eq!(hook_events(&trailing), HelmHook::Dropped(String::new()));
/// ```
pub fn hook_events(annotations: &Annotations) -> HelmHook {
    let Some(value) = annotations.get(HELM_HOOK) else { return HelmHook::NotAHook };
    let mut events = Vec::new();
    for token in value.split(',') {
        let token = token.trim().to_lowercase();
        match HookEvent::lookup(&token) {
            Some(event) => events.push(event),
            None => return HelmHook::Dropped(token),
        }
    }
    HelmHook::Events(events)
}

/// The hook events of `resource` as Helm reads them: [`hook_events`] of its annotations as Helm reads them
/// ([`Resource::helm_annotations`]: a number or boolean value is text), and [`HelmHook::NotAHook`] for the item
/// of a `kind: List`, whose annotations Helm never reads (it reads only a document's top-level metadata).
///
/// Upstream (helm@e9b85e4): `SortManifests` in `pkg/release/v1/util/manifest_sorter.go` (one document, one
/// head).
///
/// ```
/// use hookplan::Manifests;
/// use hookplan::helm::{hook_of, HelmHook, HookEvent};
/// let m = Manifests::parse("j.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    \
///     helm.sh/hook: pre-install\n    helm.sh/hook-weight: 5\n");
/// assert_eq!(hook_of(&m.resources()[0]), HelmHook::Events(vec![HookEvent::PreInstall]));
/// ```
pub fn hook_of(resource: &Resource) -> HelmHook {
    if resource.in_list { HelmHook::NotAHook } else { hook_events(resource.helm_annotations()) }
}

/// `helm.sh/hook-weight` read with Go's `Atoi` on the raw value (no trimming); absent or invalid → 0.
///
/// Upstream (helm@e9b85e4; Helm 3: v3.21.4): `calculateHookWeight` in Helm `manifest_sorter.go`.
pub fn weight(annotations: &Annotations) -> i64 {
    annotations.get(HELM_HOOK_WEIGHT).and_then(|value| atoi(value).ok()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::helm::policy::{keeps_on_uninstall, keeps_on_upgrade_prune};

    fn hook(value: &str) -> HelmHook {
        hook_events(&[(HELM_HOOK, value)].into_iter().collect())
    }

    #[test]
    fn event_parse_vectors() {
        // Upstream test `TestSortManifests`.
        assert_eq!(hook(""), HelmHook::Dropped(String::new()));
        assert_eq!(hook("no-such-hook"), HelmHook::Dropped("no-such-hook".into()));
        assert_eq!(
            hook("post-delete, post-install"),
            HelmHook::Events(vec![HookEvent::PostDelete, HookEvent::PostInstall])
        );
        assert_eq!(hook("crd-install"), HelmHook::Dropped("crd-install".into()));
        assert_eq!(hook("test-failure"), HelmHook::Dropped("test-failure".into()));
        assert_eq!(hook("pre_install"), HelmHook::Dropped("pre_install".into()));
        assert_eq!(hook("test,test-success"), HelmHook::Events(vec![HookEvent::Test, HookEvent::Test]));
        assert_eq!(hook("pre-install,pre-install"), HelmHook::Events(vec![HookEvent::PreInstall; 2]));
        assert_eq!(hook_events(&Annotations::new()), HelmHook::NotAHook);
    }

    #[test]
    fn weights_and_resource_policy() {
        let w = |v: &str| weight(&[(HELM_HOOK_WEIGHT, v)].into_iter().collect());
        assert_eq!((w("5"), w("+5"), w("005"), w("-05")), (5, 5, 5, -5));
        assert_eq!(
            (w(" 5"), w("5 "), w("1.5"), w("0x10"), w("abc"), w("1e3"), w("9223372036854775808")),
            (0, 0, 0, 0, 0, 0, 0)
        );
        assert!(keeps_on_uninstall(" Keep ") && !keeps_on_upgrade_prune(" Keep "));
        assert!(keeps_on_uninstall("keep") && keeps_on_upgrade_prune("keep"));
        assert!(!keeps_on_uninstall("keep,other"));
    }
}
