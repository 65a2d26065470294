//! The rule catalogue: every rule hookplan reports, with its stable name and code, default severity,
//! explanation (citing upstream) and fix.

use super::{Rule, Severity};

/// An `argocd.argoproj.io/hook` value Argo CD does not know.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::UNKNOWN_HOOK_TYPE;
/// assert_eq!((rule.name, rule.code, rule.severity), ("unknown-hook-type", "HP0001", Severity::Error));
/// assert!(std::ptr::eq(rules::find("HP0001").unwrap(), rule) && std::ptr::eq(rules::find("unknown-hook-type").unwrap(), rule));
/// ```
pub static UNKNOWN_HOOK_TYPE: Rule = Rule {
    name: "unknown-hook-type",
    code: "HP0001",
    severity: Severity::Error,
    summary: "an argocd.argoproj.io/hook value Argo CD does not know",
    explanation: "Argo CD accepts exactly `PreSync`, `Sync`, `PostSync`, `SyncFail` and `Skip` (and the controller \
        `PreDelete` and `PostDelete`), case-sensitively, after splitting the value on commas and trimming. \
        Anything else (`presync`, `Presync`, `pre-sync`, an empty value) is dropped without a word \
        (argo-cd@37ee009 gitops-engine/pkg/sync/hook/hook.go `Types`). Because the key is present, the object is \
        still a hook (`IsHook`), so with no usable type left Argo CD drops it entirely: it is never applied \
        (pkg/sync/ignore/ignore.go `Ignore`). If `helm.sh/hook` holds a usable event, Argo CD falls back to \
        it instead. With `--argocd-version`, the release's own reading counts: `PreDelete` is unknown before \
        v3.3.0 (argo-cd pull request #22288), and before v3.3.3 the controller finds `PreDelete` or `PostDelete` \
        only as the whole value, so in `PostSync,PostDelete` it is silently unused (pull request #26420).",
    fix: "Spell the type exactly: PreSync, Sync, PostSync, SyncFail, Skip, PreDelete or PostDelete (PreDelete from \
        Argo CD v3.3.0).",
};

/// A sync wave that Go's `Atoi` rejects.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::INVALID_SYNC_WAVE;
/// assert_eq!((rule.name, rule.code, rule.severity), ("invalid-sync-wave", "HP0002", Severity::Error));
/// assert!(std::ptr::eq(rules::find("HP0002").unwrap(), rule) && std::ptr::eq(rules::find("invalid-sync-wave").unwrap(), rule));
/// ```
pub static INVALID_SYNC_WAVE: Rule = Rule {
    name: "invalid-sync-wave",
    code: "HP0002",
    severity: Severity::Error,
    summary: "argocd.argoproj.io/sync-wave is not an integer as Go reads it",
    explanation: "Argo CD reads the wave with Go's `strconv.Atoi`: an optional sign and decimal digits, nothing \
        else, within 64 bits. Spaces (`\" 1\"`), decimals, hex, `1_000` and overflow are errors, and Argo CD then \
        silently uses `helm.sh/hook-weight`, or wave 0 (argo-cd@37ee009 gitops-engine/pkg/sync/syncwaves/waves.go `Wave`).",
    fix: "Write the wave as a quoted decimal integer: `argocd.argoproj.io/sync-wave: \"1\"`.",
};

/// A delete policy value that is not recognised.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::UNKNOWN_DELETE_POLICY;
/// assert_eq!((rule.name, rule.code, rule.severity), ("unknown-delete-policy", "HP0003", Severity::Error));
/// assert!(std::ptr::eq(rules::find("HP0003").unwrap(), rule) && std::ptr::eq(rules::find("unknown-delete-policy").unwrap(), rule));
/// ```
pub static UNKNOWN_DELETE_POLICY: Rule = Rule {
    name: "unknown-delete-policy",
    code: "HP0003",
    severity: Severity::Error,
    summary: "a hook delete policy value is not recognised",
    explanation: "Argo CD accepts `HookSucceeded`, `HookFailed` and `BeforeHookCreation` in \
        `argocd.argoproj.io/hook-delete-policy`, and `hook-succeeded`, `hook-failed` and `before-hook-creation` \
        in `helm.sh/hook-delete-policy`, exactly; other values are dropped, and if nothing is left the policy is \
        BeforeHookCreation (argo-cd@37ee009 gitops-engine/pkg/sync/hook/delete_policy.go). Helm lowercases \
        its values and never matches unknown ones; an annotation with only unknown values disables Helm's \
        default, so Helm never deletes the hook.",
    fix: "Use the engine's spelling: HookSucceeded/HookFailed/BeforeHookCreation for Argo CD, \
        hook-succeeded/hook-failed/before-hook-creation for Helm.",
};

/// A sync option item that is not recognised.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::UNKNOWN_SYNC_OPTION;
/// assert_eq!((rule.name, rule.code, rule.severity), ("unknown-sync-option", "HP0004", Severity::Warning));
/// assert!(std::ptr::eq(rules::find("HP0004").unwrap(), rule) && std::ptr::eq(rules::find("unknown-sync-option").unwrap(), rule));
/// ```
pub static UNKNOWN_SYNC_OPTION: Rule = Rule {
    name: "unknown-sync-option",
    code: "HP0004",
    severity: Severity::Warning,
    summary: "an argocd.argoproj.io/sync-options item is not a recognised option and value",
    explanation: "Argo CD matches each comma-separated item of `argocd.argoproj.io/sync-options` exactly and \
        case-sensitively (`HasAnnotationOption`, `GetAnnotationOptionValue` in argo-cd@37ee009 gitops-engine/\
        pkg/sync/resource/annotations.go): `Prune=False`, `Prune = false` and `PruneLast=yes` do \
        nothing. Application-level options such as `CreateNamespace=true` or `ApplyOutOfSyncOnly=true` are \
        never read from a resource. With `--argocd-version`, an option newer than the release is reported too, \
        since the release ignores it: `Force=true` before v2.12, `Prune=confirm`, `Delete=confirm` and \
        `ServerSideApply=false` before v2.14.",
    fix: "Use a recognised item, e.g. `Prune=false`, `PruneLast=true`, `Replace=true`, `ServerSideApply=true`.",
};

/// `Skip` combined with other hook types.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::SKIP_WITH_OTHER_TYPES;
/// assert_eq!((rule.name, rule.code, rule.severity), ("skip-with-other-types", "HP0005", Severity::Warning));
/// assert!(std::ptr::eq(rules::find("HP0005").unwrap(), rule) && std::ptr::eq(rules::find("skip-with-other-types").unwrap(), rule));
/// ```
pub static SKIP_WITH_OTHER_TYPES: Rule = Rule {
    name: "skip-with-other-types",
    code: "HP0005",
    severity: Severity::Warning,
    summary: "Skip has no effect next to other hook types",
    explanation: "An object is Skip only when `Skip` is its only hook type (argo-cd@37ee009 gitops-engine/pkg/sync/hook/hook.go \
        `Skip`; test `TestSkipAndHook`). `Skip,PreSync` is a PreSync hook that Argo CD runs.",
    fix: "Use `Skip` alone to keep Argo CD away from the object, or drop it to run the hook.",
};

/// Both an Argo CD hook type and `helm.sh/hook`.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::HELM_HOOK_IGNORED;
/// assert_eq!((rule.name, rule.code, rule.severity), ("helm-hook-ignored", "HP0006", Severity::Warning));
/// assert!(std::ptr::eq(rules::find("HP0006").unwrap(), rule) && std::ptr::eq(rules::find("helm-hook-ignored").unwrap(), rule));
/// ```
pub static HELM_HOOK_IGNORED: Rule = Rule {
    name: "helm-hook-ignored",
    code: "HP0006",
    severity: Severity::Warning,
    summary: "Argo CD ignores helm.sh/hook when argocd.argoproj.io/hook is valid",
    explanation: "When `argocd.argoproj.io/hook` holds at least one valid type, Argo CD ignores the Helm events \
        of the object (argo-cd@37ee009 gitops-engine/pkg/sync/hook/hook.go `Types`; Argo CD's Helm user guide: \"If you define any Argo CD \
        hooks, all Helm hooks will be ignored\"). Helm, in turn, ignores the Argo CD annotation.",
    fix: "Make sure both annotations say the same thing, or keep only the one for the engine that deploys the chart.",
};

/// `helm.sh/hook-delete-policy` on an Argo CD hook.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::HELM_DELETE_POLICY_MERGED;
/// assert_eq!((rule.name, rule.code, rule.severity), ("helm-delete-policy-merged", "HP0007", Severity::Warning));
/// assert!(std::ptr::eq(rules::find("HP0007").unwrap(), rule) && std::ptr::eq(rules::find("helm-delete-policy-merged").unwrap(), rule));
/// ```
pub static HELM_DELETE_POLICY_MERGED: Rule = Rule {
    name: "helm-delete-policy-merged",
    code: "HP0007",
    severity: Severity::Warning,
    summary: "Argo CD merges helm.sh/hook-delete-policy into an Argo CD hook's policies",
    explanation: "Argo CD always appends the Helm delete policies to the Argo CD ones, even when the hook type \
        comes from `argocd.argoproj.io/hook` and the Helm events are ignored (gitops-engine \
        pkg/sync/hook/delete_policy.go; argo-cd issue #15613).",
    fix: "Move the policy into argocd.argoproj.io/hook-delete-policy, or accept that both apply.",
};

/// A Helm event Argo CD does not run, with nothing else.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::UNSUPPORTED_HELM_HOOK;
/// assert_eq!((rule.name, rule.code, rule.severity), ("unsupported-helm-hook", "HP0008", Severity::Error));
/// assert!(std::ptr::eq(rules::find("HP0008").unwrap(), rule) && std::ptr::eq(rules::find("unsupported-helm-hook").unwrap(), rule));
/// ```
pub static UNSUPPORTED_HELM_HOOK: Rule = Rule {
    name: "unsupported-helm-hook",
    code: "HP0008",
    severity: Severity::Error,
    summary: "a Helm hook event Argo CD does not run, so Argo CD never deploys the object",
    explanation: "Argo CD maps only `pre-install`, `pre-upgrade` (PreSync) and `post-install`, `post-upgrade` \
        (PostSync); its controller also runs `pre-delete` and `post-delete` on Application deletion. An object whose \
        only events are `test`, `test-success`, `pre-rollback` or `post-rollback` is a hook with no type, and Argo \
        CD drops it: it is never applied (argo-cd@37ee009 gitops-engine/pkg/sync/hook/helm/type.go, pkg/sync/ignore/ignore.go; \
        docs \"Unsupported hooks are ignored\"). An object whose only such events are `test` or \
        `test-success` is reported as a note: a chart's test that Argo CD skips is documented behaviour. With \
        `--argocd-version` before 3.3, `pre-delete` is such an event too (the controller runs it from v3.3.0); \
        before v3.3.3 a `pre-delete` or `post-delete` among other events is reported as well, since the controller \
        then finds it only as the whole value (argo-cd pull request #26420).",
    fix: "If Argo CD deploys this chart, run the check another way (a PostSync hook) or accept that it is skipped.",
};

/// A `helm.sh/hook` event Helm does not know.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::UNKNOWN_HELM_HOOK;
/// assert_eq!((rule.name, rule.code, rule.severity), ("unknown-helm-hook", "HP0009", Severity::Error));
/// assert!(std::ptr::eq(rules::find("HP0009").unwrap(), rule) && std::ptr::eq(rules::find("unknown-helm-hook").unwrap(), rule));
/// ```
pub static UNKNOWN_HELM_HOOK: Rule = Rule {
    name: "unknown-helm-hook",
    code: "HP0009",
    severity: Severity::Error,
    summary: "a helm.sh/hook event Helm does not know, so Helm drops the whole object",
    explanation: "Helm splits `helm.sh/hook` on commas, trims and lowercases each event and looks it up among \
        pre-install, post-install, pre-delete, post-delete, pre-upgrade, post-upgrade, pre-rollback, post-rollback, \
        test and test-success. If any event is unknown (an empty value, a trailing comma, Helm 2's `crd-install` or \
        `test-failure`, a typo) the whole document is dropped: neither a hook nor a manifest, with only an info log \
        (helm@e9b85e4 pkg/release/v1/util/manifest_sorter.go `SortManifests`).",
    fix: "Remove the unknown event (for CRDs use the chart's crds/ directory; for tests use `test`).",
};

/// `helm.sh/hook-weight` that is not an integer.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::INVALID_HOOK_WEIGHT;
/// assert_eq!((rule.name, rule.code, rule.severity), ("invalid-hook-weight", "HP0010", Severity::Error));
/// assert!(std::ptr::eq(rules::find("HP0010").unwrap(), rule) && std::ptr::eq(rules::find("invalid-hook-weight").unwrap(), rule));
/// ```
pub static INVALID_HOOK_WEIGHT: Rule = Rule {
    name: "invalid-hook-weight",
    code: "HP0010",
    severity: Severity::Error,
    summary: "helm.sh/hook-weight is not an integer as Go reads it",
    explanation: "Helm and Argo CD read the weight with Go's `strconv.Atoi` without trimming; any error gives \
        weight 0 silently (helm@e9b85e4 pkg/release/v1/util/manifest_sorter.go `calculateHookWeight`; gitops-engine \
        pkg/sync/hook/helm/weight.go).",
    fix: "Write the weight as a quoted decimal integer: `helm.sh/hook-weight: \"-5\"`.",
};

/// A delete policy on an object that is not a hook.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::DELETE_POLICY_WITHOUT_HOOK;
/// assert_eq!((rule.name, rule.code, rule.severity), ("delete-policy-without-hook", "HP0011", Severity::Warning));
/// assert!(std::ptr::eq(rules::find("HP0011").unwrap(), rule) && std::ptr::eq(rules::find("delete-policy-without-hook").unwrap(), rule));
/// ```
pub static DELETE_POLICY_WITHOUT_HOOK: Rule = Rule {
    name: "delete-policy-without-hook",
    code: "HP0011",
    severity: Severity::Warning,
    summary: "a delete policy on an object that is not a hook has no effect",
    explanation: "Delete policies apply only to hooks (argo-cd@37ee009 gitops-engine/pkg/sync/sync_task.go `hasHookDeletePolicy`, \
        Helm parses them only for hooks). On a plain resource they do nothing; \
        the author probably forgot the hook annotation.",
    fix: "Add the hook annotation, or remove the delete policy.",
};

/// A named hook that is not deleted before it is re-created.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::NAMED_HOOK_CAN_WEDGE;
/// assert_eq!((rule.name, rule.code, rule.severity), ("named-hook-can-wedge", "HP0012", Severity::Warning));
/// assert!(std::ptr::eq(rules::find("HP0012").unwrap(), rule) && std::ptr::eq(rules::find("named-hook-can-wedge").unwrap(), rule));
/// ```
pub static NAMED_HOOK_CAN_WEDGE: Rule = Rule {
    name: "named-hook-can-wedge",
    code: "HP0012",
    severity: Severity::Warning,
    summary: "a named hook without BeforeHookCreation is applied over its previous instance",
    explanation: "A hook with a fixed `metadata.name` finds the instance left by an earlier sync. Unless its \
        policies include BeforeHookCreation, Argo CD applies over it instead of re-creating it: a completed Job \
        reports success at once and does not run again, and a changed Job spec is rejected as immutable, which \
        wedges the sync (argo-cd@37ee009 gitops-engine/pkg/sync/sync_context.go). HookSucceeded alone does not help \
        when a sync fails, because the hook then stays.",
    fix: "Use `metadata.generateName`, or add BeforeHookCreation to the delete policies.",
};

/// `generateName` without `name` on a plain resource.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::GENERATE_NAME_ON_RESOURCE;
/// assert_eq!((rule.name, rule.code, rule.severity), ("generate-name-on-resource", "HP0013", Severity::Error));
/// assert!(std::ptr::eq(rules::find("HP0013").unwrap(), rule) && std::ptr::eq(rules::find("generate-name-on-resource").unwrap(), rule));
/// ```
pub static GENERATE_NAME_ON_RESOURCE: Rule = Rule {
    name: "generate-name-on-resource",
    code: "HP0013",
    severity: Severity::Error,
    summary: "generateName without name on an object that is not a hook",
    explanation: "Argo CD names only hooks; a plain resource keeps an empty name and its sync fails \
        (argo-cd@37ee009 gitops-engine/pkg/sync/sync_context.go; tests `TestManagedResourceAreNotNamed`, `TestNamingNonHookResource`).",
    fix: "Give the object a metadata.name, or make it a hook.",
};

/// Neither `name` nor `generateName`.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::MISSING_NAME;
/// assert_eq!((rule.name, rule.code, rule.severity), ("missing-name", "HP0014", Severity::Error));
/// assert!(std::ptr::eq(rules::find("HP0014").unwrap(), rule) && std::ptr::eq(rules::find("missing-name").unwrap(), rule));
/// ```
pub static MISSING_NAME: Rule = Rule {
    name: "missing-name",
    code: "HP0014",
    severity: Severity::Error,
    summary: "an object has neither metadata.name nor metadata.generateName",
    explanation: "The API server rejects an object without a name. Argo CD names an unnamed hook with the bare \
        postfix `<rev>-<phase>-<time>`, which is surely not what the author meant; Helm cannot \
        create it at all.",
    fix: "Set metadata.name (or metadata.generateName for a hook).",
};

/// Two documents with the same identity.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::DUPLICATE_RESOURCE;
/// assert_eq!((rule.name, rule.code, rule.severity), ("duplicate-resource", "HP0015", Severity::Error));
/// assert!(std::ptr::eq(rules::find("HP0015").unwrap(), rule) && std::ptr::eq(rules::find("duplicate-resource").unwrap(), rule));
/// ```
pub static DUPLICATE_RESOURCE: Rule = Rule {
    name: "duplicate-resource",
    code: "HP0015",
    severity: Severity::Error,
    summary: "two documents describe the same object",
    explanation: "Argo CD identifies objects by API group, kind, namespace and name (`kube.ResourceKey`); two \
        documents with the same key describe one object, and which one wins is unspecified (argo-cd e2e \
        `duplicated-resources`). Objects without a namespace get the Application's destination namespace; \
        for cluster-scoped kinds the namespace does not count.",
    fix: "Remove one of the documents, or give them different names or namespaces.",
};

/// Two unnamed hooks that get the same generated name.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::GENERATE_NAME_COLLISION;
/// assert_eq!((rule.name, rule.code, rule.severity), ("generate-name-collision", "HP0016", Severity::Warning));
/// assert!(std::ptr::eq(rules::find("HP0016").unwrap(), rule) && std::ptr::eq(rules::find("generate-name-collision").unwrap(), rule));
/// ```
pub static GENERATE_NAME_COLLISION: Rule = Rule {
    name: "generate-name-collision",
    code: "HP0016",
    severity: Severity::Warning,
    summary: "two unnamed hooks get the same generated name",
    explanation: "Argo CD names an unnamed hook `generateName` + `<rev>-<phase>-<time>`, the same for every \
        hook of one phase in one sync, so two hooks with the same generateName, kind, namespace and phase collide \
        (argo-cd issue #9184).",
    fix: "Give the hooks different generateName prefixes.",
};

/// A hook, wave, policy or option key under `metadata.labels`.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::ANNOTATION_IN_LABELS;
/// assert_eq!((rule.name, rule.code, rule.severity), ("annotation-in-labels", "HP0017", Severity::Warning));
/// assert!(std::ptr::eq(rules::find("HP0017").unwrap(), rule) && std::ptr::eq(rules::find("annotation-in-labels").unwrap(), rule));
/// ```
pub static ANNOTATION_IN_LABELS: Rule = Rule {
    name: "annotation-in-labels",
    code: "HP0017",
    severity: Severity::Warning,
    summary: "a hook, wave, policy or option key is a label, not an annotation",
    explanation: "Argo CD and Helm read these keys from `metadata.annotations` only; under `metadata.labels` \
        they do nothing (a real-world mistake, e.g. alphagov/govuk-helm-charts PR #77).",
    fix: "Move the key from metadata.labels to metadata.annotations.",
};

/// `helm.sh/resource-policy: keep` does not stop a prune.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::KEEP_POLICY_STILL_PRUNED;
/// assert_eq!((rule.name, rule.code, rule.severity), ("keep-policy-still-pruned", "HP0018", Severity::Note));
/// assert!(std::ptr::eq(rules::find("HP0018").unwrap(), rule) && std::ptr::eq(rules::find("keep-policy-still-pruned").unwrap(), rule));
/// ```
pub static KEEP_POLICY_STILL_PRUNED: Rule = Rule {
    name: "keep-policy-still-pruned",
    code: "HP0018",
    severity: Severity::Note,
    summary: "helm.sh/resource-policy: keep does not stop Argo CD from pruning the object",
    explanation: "Argo CD honours `keep` only when the Application is deleted with cascade (controller \
        appcontroller.go `shouldBeDeleted`); the sync engine ignores it, so the object is still pruned when it \
        leaves Git.",
    fix: "Add `argocd.argoproj.io/sync-options: Prune=false` to keep it on prune as well.",
};

/// A PreDelete or PostDelete hook.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::DELETE_HOOK_NOT_SYNCED;
/// assert_eq!((rule.name, rule.code, rule.severity), ("delete-hook-not-synced", "HP0019", Severity::Note));
/// assert!(std::ptr::eq(rules::find("HP0019").unwrap(), rule) && std::ptr::eq(rules::find("delete-hook-not-synced").unwrap(), rule));
/// ```
pub static DELETE_HOOK_NOT_SYNCED: Rule = Rule {
    name: "delete-hook-not-synced",
    code: "HP0019",
    severity: Severity::Note,
    summary: "a PreDelete or PostDelete hook runs only when the Application is deleted",
    explanation: "PreDelete (Argo CD v3.3+) and PostDelete (v2.10+) hooks are handled by the application \
        controller when the Application is deleted; they are kept out of every sync unless they also carry a \
        sync-phase type (argo-cd@37ee009 controller/hook.go, controller/state.go `partitionTargetObjsForSync`). \
        From v3.3.0 to v3.3.4 every PreDelete and PostDelete hook is kept out, sync-phase type or not; before \
        v3.3.0 none is, and the sync engine runs or drops the object by its own reading.",
    fix: "Nothing to fix if this is intended; add a sync-phase type to run it during syncs as well.",
};

/// A PostDelete hook that outlives the Application.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::POST_DELETE_HOOK_KEPT;
/// assert_eq!((rule.name, rule.code, rule.severity), ("post-delete-hook-kept", "HP0020", Severity::Warning));
/// assert!(std::ptr::eq(rules::find("HP0020").unwrap(), rule) && std::ptr::eq(rules::find("post-delete-hook-kept").unwrap(), rule));
/// ```
pub static POST_DELETE_HOOK_KEPT: Rule = Rule {
    name: "post-delete-hook-kept",
    code: "HP0020",
    severity: Severity::Warning,
    summary: "a PostDelete hook without HookSucceeded or HookFailed stays in the cluster",
    explanation: "After the Application is deleted, Argo CD deletes PostDelete hooks only if they carry \
        HookSucceeded (aggregate health Healthy) or HookFailed (Degraded). The default BeforeHookCreation \
        matches neither, so the hook stays in the cluster after the Application is gone (argo-cd@37ee009 controller/hook.go \
        `cleanupHooks`; e2e `TestPostDeleteHook`).",
    fix: "Add `argocd.argoproj.io/hook-delete-policy: HookSucceeded` (and HookFailed if failures should go too).",
};

/// `helm.sh/resource-policy` with a value other than `keep`.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::HELM_KEEP_POLICY_VALUE;
/// assert_eq!((rule.name, rule.code, rule.severity), ("helm-keep-policy-value", "HP0021", Severity::Warning));
/// assert!(std::ptr::eq(rules::find("HP0021").unwrap(), rule) && std::ptr::eq(rules::find("helm-keep-policy-value").unwrap(), rule));
/// ```
pub static HELM_KEEP_POLICY_VALUE: Rule = Rule {
    name: "helm-keep-policy-value",
    code: "HP0021",
    severity: Severity::Warning,
    summary: "helm.sh/resource-policy holds a value other than exactly `keep`",
    explanation: "Helm's uninstall keeps an object whose policy, trimmed and lowercased, is `keep`; with any other \
        value the object is silently neither deleted nor reported (pkg/action/resource_policy.go \
        `filterManifestsToKeep`). Helm's upgrade prune compares the live value with `keep` exactly, so `Keep` is \
        kept on uninstall but deleted on upgrade (pkg/kube/client.go). Argo CD matches `keep` as a CSV item, \
        case-sensitively (argo-cd@37ee009 controller/appcontroller.go `shouldBeDeleted`).",
    fix: "Write exactly `helm.sh/resource-policy: keep`, or remove the annotation.",
};

/// Hook or resource-policy annotations on a List item.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::ANNOTATION_IN_LIST_ITEM;
/// assert_eq!((rule.name, rule.code, rule.severity), ("annotation-in-list-item", "HP0022", Severity::Warning));
/// assert!(std::ptr::eq(rules::find("HP0022").unwrap(), rule) && std::ptr::eq(rules::find("annotation-in-list-item").unwrap(), rule));
/// ```
pub static ANNOTATION_IN_LIST_ITEM: Rule = Rule {
    name: "annotation-in-list-item",
    code: "HP0022",
    severity: Severity::Warning,
    summary: "Helm does not see hook or resource-policy annotations on an item of a List",
    explanation: "Helm reads only the top-level `metadata.annotations` of each document, so hook and \
        resource-policy annotations on the items of a `kind: List` are invisible to it (helm@e9b85e4 pkg/release/v1/util/manifest_sorter.go; \
        helm lint `validateListAnnotations`: \"annotation 'helm.sh/resource-policy' within List objects are \
        ignored\"). Argo CD unpacks Lists and does see them.",
    fix: "Put the object in its own document instead of a List item.",
};

/// `helm.sh/hook-weight` acting as an Argo CD sync wave.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::HOOK_WEIGHT_IS_SYNC_WAVE;
/// assert_eq!((rule.name, rule.code, rule.severity), ("hook-weight-is-sync-wave", "HP0023", Severity::Note));
/// assert!(std::ptr::eq(rules::find("HP0023").unwrap(), rule) && std::ptr::eq(rules::find("hook-weight-is-sync-wave").unwrap(), rule));
/// ```
pub static HOOK_WEIGHT_IS_SYNC_WAVE: Rule = Rule {
    name: "hook-weight-is-sync-wave",
    code: "HP0023",
    severity: Severity::Note,
    summary: "helm.sh/hook-weight sets the Argo CD sync wave of this object",
    explanation: "Without a valid `argocd.argoproj.io/sync-wave`, Argo CD uses `helm.sh/hook-weight` as the wave of \
        any object, hook or not (argo-cd@37ee009 gitops-engine/pkg/sync/syncwaves/waves.go; e2e `TestHelmHookWeight`). Helm uses the weight only to order hooks of one event, so the two engines order the \
        object differently.",
    fix: "Add an explicit argocd.argoproj.io/sync-wave if the Argo CD wave should differ.",
};

/// A pre-install or pre-upgrade ServiceAccount deleted by Helm before what runs as it.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::HELM_HOOK_DELETED_BEFORE_USE;
/// assert_eq!((rule.name, rule.code, rule.severity), ("helm-hook-deleted-before-use", "HP0024", Severity::Warning));
/// assert!(std::ptr::eq(rules::find("HP0024").unwrap(), rule) && std::ptr::eq(rules::find("helm-hook-deleted-before-use").unwrap(), rule));
/// ```
pub static HELM_HOOK_DELETED_BEFORE_USE: Rule = Rule {
    name: "helm-hook-deleted-before-use",
    code: "HP0024",
    severity: Severity::Warning,
    summary: "Helm deletes a hook ServiceAccount before what runs as it; Argo CD does not",
    explanation: "Helm deletes `hook-succeeded` hooks as soon as the hooks of their event succeed (Helm \
        pkg/action/hooks.go `execHook`), so a pre-install ServiceAccount is gone before the manifests \
        and the post-install hooks run, and a post-install Job or a Deployment that runs as it fails. Argo CD \
        deletes HookSucceeded hooks only when the whole sync succeeded (argo-cd@37ee009 gitops-engine/pkg/sync/sync_context.go), so the same chart works under Argo CD and fails under Helm.",
    fix: "Make the ServiceAccount a hook of the later event too (`pre-install,post-install`), drop hook-succeeded, \
        or make it a regular manifest.",
};

/// A pre-upgrade or post-upgrade hook without its install counterpart.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::UPGRADE_HOOK_RUNS_ON_INSTALL;
/// assert_eq!((rule.name, rule.code, rule.severity), ("upgrade-hook-runs-on-install", "HP0025", Severity::Note));
/// assert!(std::ptr::eq(rules::find("HP0025").unwrap(), rule) && std::ptr::eq(rules::find("upgrade-hook-runs-on-install").unwrap(), rule));
/// ```
pub static UPGRADE_HOOK_RUNS_ON_INSTALL: Rule = Rule {
    name: "upgrade-hook-runs-on-install",
    code: "HP0025",
    severity: Severity::Note,
    summary: "Argo CD runs an upgrade-only Helm hook on every sync, the first one included",
    explanation: "Argo CD cannot tell an install from an upgrade: it maps `pre-upgrade` to PreSync and `post-upgrade` to \
        PostSync and runs them on every sync, including the first one, where Helm would run only the install hooks \
        (argo-cd@37ee009 gitops-engine/pkg/sync/hook/helm/type.go; Argo CD docs; argo-cd issue #7536).",
    fix: "Make the hook safe to run on a fresh install, or give it an argocd.argoproj.io/hook annotation.",
};

/// A document that cannot be read: a YAML syntax error, invalid UTF-8, or a field of the wrong type.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::UNREADABLE_DOCUMENT;
/// assert_eq!((rule.name, rule.code, rule.severity), ("unreadable-document", "HP0100", Severity::Error));
/// assert!(std::ptr::eq(rules::find("HP0100").unwrap(), rule) && std::ptr::eq(rules::find("unreadable-document").unwrap(), rule));
/// ```
pub static UNREADABLE_DOCUMENT: Rule = Rule {
    name: "unreadable-document",
    code: "HP0100",
    severity: Severity::Error,
    summary: "a document cannot be read as YAML",
    explanation: "The document has a YAML syntax error, is not valid UTF-8, or has a field of the wrong type \
        (for example `kind` or `metadata.name` that is not a string, or a duplicate top-level field). Argo CD's \
        repo server fails manifest generation for the whole application with `Failed to unmarshal` when a file \
        that looks like a manifest does not parse (reposerver/repository/repository.go, findManifests). \
        hookplan reports the document and still reads the documents before and after it.",
    fix: "Fix the YAML at the reported line and column; `yq` or `kubectl apply --dry-run=client` show the same error.",
};

/// A document that is a scalar or a sequence rather than a mapping.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::NOT_AN_OBJECT;
/// assert_eq!((rule.name, rule.code, rule.severity), ("not-an-object", "HP0101", Severity::Error));
/// assert!(std::ptr::eq(rules::find("HP0101").unwrap(), rule) && std::ptr::eq(rules::find("not-an-object").unwrap(), rule));
/// ```
pub static NOT_AN_OBJECT: Rule = Rule {
    name: "not-an-object",
    code: "HP0101",
    severity: Severity::Error,
    summary: "a document is not a mapping",
    explanation: "A Kubernetes manifest document must be a mapping. A scalar or a sequence cannot be decoded \
        into an object; Argo CD's repo server fails with `Failed to unmarshal` (reposerver/repository/repository.go, \
        findManifests).",
    fix: "Remove the document, or turn it into an object with apiVersion, kind and metadata.",
};

/// A mapping without `apiVersion` or `kind`: a values file, a documentation fragment, a config file.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::NOT_A_RESOURCE;
/// assert_eq!((rule.name, rule.code, rule.severity), ("not-a-resource", "HP0102", Severity::Warning));
/// assert!(std::ptr::eq(rules::find("HP0102").unwrap(), rule) && std::ptr::eq(rules::find("not-a-resource").unwrap(), rule));
/// ```
pub static NOT_A_RESOURCE: Rule = Rule {
    name: "not-a-resource",
    code: "HP0102",
    severity: Severity::Warning,
    summary: "a document has no apiVersion or kind",
    explanation: "The document is a mapping but not a Kubernetes object: it lacks `apiVersion` or `kind` (a Helm \
        values file, a documentation fragment, a tool's config). Argo CD's repo server silently ignores a file \
        that fails to decode and does not contain all of `apiVersion:`, `kind:` and `metadata:`; otherwise it \
        fails the whole application (reposerver/repository/repository.go, findManifests). hookplan excludes \
        the document with reason `not-a-resource`. Annotations inside such a document do nothing.",
    fix: "Leave non-manifest files out of the input, or add apiVersion and kind if this is meant to be an object.",
};

/// An annotation whose value is not a YAML string.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::NON_STRING_ANNOTATION;
/// assert_eq!((rule.name, rule.code, rule.severity), ("non-string-annotation", "HP0103", Severity::Error));
/// assert!(std::ptr::eq(rules::find("HP0103").unwrap(), rule) && std::ptr::eq(rules::find("non-string-annotation").unwrap(), rule));
/// ```
pub static NON_STRING_ANNOTATION: Rule = Rule {
    name: "non-string-annotation",
    code: "HP0103",
    severity: Severity::Error,
    summary: "an annotation value is not a string",
    explanation: "Kubernetes annotations are a map of strings. An unquoted `argocd.argoproj.io/sync-wave: 5` is a \
        YAML number. Argo CD reads annotations through `Unstructured.GetAnnotations`, which uses \
        `NestedStringMap` (k8s.io/apimachinery, unstructured/helpers.go): one non-string value makes it return \
        no annotations at all, so every hook, wave and option annotation of the object is ignored; the API \
        server then rejects the object. Go's YAML 1.1 also makes an unquoted `yes`, `on` or `010` a boolean or a \
        number. hookplan plans the object as Argo CD sees it: with no annotations. Helm's head parser turns \
        numbers and booleans into strings (sigs.k8s.io/yaml `convertToJSONableObject`), so a Helm plan still \
        sees `helm.sh/hook-weight: 5` as weight 5 (`Resource::helm_annotations`), until the API server refuses \
        the object.",
    fix: "Quote the value: `argocd.argoproj.io/sync-wave: \"5\"`.",
};

/// The same key twice under `metadata.annotations` or `metadata.labels`, or an object's own field twice.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::DUPLICATE_KEY;
/// assert_eq!((rule.name, rule.code, rule.severity), ("duplicate-key", "HP0104", Severity::Error));
/// assert!(std::ptr::eq(rules::find("HP0104").unwrap(), rule) && std::ptr::eq(rules::find("duplicate-key").unwrap(), rule));
/// ```
pub static DUPLICATE_KEY: Rule = Rule {
    name: "duplicate-key",
    code: "HP0104",
    severity: Severity::Error,
    summary: "an annotation, label or field key appears twice",
    explanation: "Go's YAML decoder used by Argo CD and Helm (sigs.k8s.io/yaml, non-strict) keeps the last of two \
        equal keys without a word, for annotations and labels as for the object's own fields (`kind` twice); \
        kubectl's strict decoding refuses the document. Which value the author meant is unclear, so hookplan uses \
        the last one, as the engines do, and reports it where the key is given again.",
    fix: "Remove one of the two entries.",
};

/// A Kustomize file in the input.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::KUSTOMIZATION_FILE;
/// assert_eq!((rule.name, rule.code, rule.severity), ("kustomization-file", "HP0105", Severity::Warning));
/// assert!(std::ptr::eq(rules::find("HP0105").unwrap(), rule) && std::ptr::eq(rules::find("kustomization-file").unwrap(), rule));
/// ```
pub static KUSTOMIZATION_FILE: Rule = Rule {
    name: "kustomization-file",
    code: "HP0105",
    severity: Severity::Warning,
    summary: "a Kustomization is not a manifest",
    explanation: "A `kustomize.config.k8s.io` Kustomization or Component is a build instruction, not an object \
        Argo CD applies: Argo CD runs `kustomize build` on the directory and plans its output. Annotations under \
        `commonAnnotations` or `generatorOptions` reach the objects only through that build. hookplan excludes \
        the document with reason `kustomization`.",
    fix: "Plan the rendered output: `kustomize build DIR | hookplan plan -`.",
};

/// A second YAML document in a piece that the engines' splitters do not cut.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::UNSPLIT_DOCUMENT;
/// assert_eq!((rule.name, rule.code, rule.severity), ("unsplit-document", "HP0106", Severity::Error));
/// assert!(std::ptr::eq(rules::find("HP0106").unwrap(), rule) && std::ptr::eq(rules::find("unsplit-document").unwrap(), rule));
/// ```
pub static UNSPLIT_DOCUMENT: Rule = Rule {
    name: "unsplit-document",
    code: "HP0106",
    severity: Severity::Error,
    summary: "a document goes on after its end, and the engines never read the rest",
    explanation: "Argo CD (kubernetes/apimachinery@eed236c pkg/util/yaml/decoder.go `YAMLReader`) and Helm \
        (helm@e9b85e4 pkg/release/v1/util/manifest.go `SplitManifests`, pkg/releaseutil in Helm 3) cut a YAML stream only at a `---` that follows a line feed, \
        then decode the first YAML document of each piece with sigs.k8s.io/yaml and drop the rest without a word. \
        YAML itself also breaks lines at a lone carriage return and at U+0085, U+2028 and U+2029, so a `---` after \
        one of those, or a second mapping after a flow mapping (`{...}` then more), starts a document that is \
        never applied.",
    fix: "Put each `---` on its own line after a line feed (convert CR line ends with `dos2unix`), or remove what \
        follows the document.",
};

/// A line that starts with `---` and goes on with something other than blanks or a comment.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::INVALID_DOCUMENT_SEPARATOR;
/// assert_eq!((rule.name, rule.code, rule.severity), ("invalid-document-separator", "HP0107", Severity::Error));
/// assert!(std::ptr::eq(rules::find("HP0107").unwrap(), rule) && std::ptr::eq(rules::find("invalid-document-separator").unwrap(), rule));
/// ```
pub static INVALID_DOCUMENT_SEPARATOR: Rule = Rule {
    name: "invalid-document-separator",
    code: "HP0107",
    severity: Severity::Error,
    summary: "a `---` line goes on with content: Argo CD refuses the whole input",
    explanation: "Argo CD splits manifests with apimachinery's `YAMLReader` (kubernetes/apimachinery@eed236c \
        pkg/util/yaml/decoder.go `Read`), which allows only blanks and a comment after a `---` at the start of a line \
        and otherwise fails with \"invalid Yaml document separator\": manifest generation fails and nothing of the \
        application is synced. `--- {a: 1}`, `--- |`, `----` and `---apiVersion: v1` all do it. Helm splits there \
        and reads what follows as the next document (helm@e9b85e4 pkg/release/v1/util/manifest.go, pattern \
        `(?m)^---[ \\t]*`; Helm 3 v3.21.4 `(?:^|\\s*\\n)---\\s*`), and so does hookplan, so that no object is lost.",
    fix: "Put `---` on a line of its own and start the document on the next line.",
};

/// A hook, or an object of a wave, uses an object that the plan applies only in a later step.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::USES_OBJECT_APPLIED_LATER;
/// assert_eq!((rule.name, rule.code, rule.severity), ("uses-object-applied-later", "HP0026", Severity::Warning));
/// assert!(std::ptr::eq(rules::find("HP0026").unwrap(), rule) && std::ptr::eq(rules::find("uses-object-applied-later").unwrap(), rule));
/// ```
pub static USES_OBJECT_APPLIED_LATER: Rule = Rule {
    name: "uses-object-applied-later",
    code: "HP0026",
    severity: Severity::Warning,
    summary: "a pod uses a ServiceAccount, Secret, ConfigMap or PVC that is applied only in a later step",
    explanation: "A Pod whose ServiceAccount, Secret, ConfigMap or PersistentVolumeClaim does not exist yet stays in \
        ContainerCreating or CreateContainerConfigError. Argo CD applies one (phase, wave) step at a time and waits \
        for the hooks and the health of each step before the next (argo-cd@37ee009 \
        gitops-engine/pkg/sync/sync_context.go `Sync`), so a hook or a workload that uses an object of a later step \
        waits forever: \"waiting for completion of hook\" (argo-cd issues #9891, #4288, #7536). Helm runs the hooks \
        of an event one at a time by weight then name before the release's own objects and waits for each \
        (helm@e9b85e4 pkg/action/hooks.go `execHook`), so a pre-install hook that uses a regular object, or a hook \
        that uses a hook that runs after it, waits until the timeout (helm issues #10768, #12414). References are \
        read from the pod template (serviceAccountName, volumes, env and envFrom, imagePullSecrets; `optional: true` \
        ones are left out); a cert-manager Certificate, an ExternalSecret and a SealedSecret count as the Secret \
        they produce. An object that is not among the manifests is not reported: it may exist already. Not seen: \
        objects created at run time by a Job or an operator, and references made by a program rather than the pod \
        spec.",
    fix: "Move the used object to an earlier wave (or make it a hook of an earlier phase or lower weight), or the \
        user to a later one.",
};

/// A hook Job with `spec.ttlSecondsAfterFinished`.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::HOOK_TTL_AFTER_FINISHED;
/// assert_eq!((rule.name, rule.code, rule.severity), ("hook-ttl-after-finished", "HP0027", Severity::Warning));
/// assert!(std::ptr::eq(rules::find("HP0027").unwrap(), rule) && std::ptr::eq(rules::find("hook-ttl-after-finished").unwrap(), rule));
/// ```
pub static HOOK_TTL_AFTER_FINISHED: Rule = Rule {
    name: "hook-ttl-after-finished",
    code: "HP0027",
    severity: Severity::Warning,
    summary: "a hook Job with ttlSecondsAfterFinished can be deleted before Argo CD sees it finish",
    explanation: "Kubernetes' TTL controller deletes a finished Job after `ttlSecondsAfterFinished` seconds, \
        whatever Argo CD's delete policy says. From Argo CD v3.0 the sync engine puts the finalizer \
        `argocd.argoproj.io/hook-finalizer` on every PreSync, Sync, PostSync and SyncFail hook, so the Job stays \
        until Argo CD has seen it complete (argoproj/gitops-engine pull request #646; issue #21055): such hooks are \
        not reported. PreDelete and PostDelete hooks are created by the application controller without it, and a \
        hook the controller finds gone is created again (argo-cd@37ee009 controller/hook.go `executeHooks`): a \
        short TTL can make it run again and again. Before v3.0 (`--argocd-version`) a sync hook whose Job is gone \
        never completes and the sync hangs (issue #8586). The delete policies already remove hooks at the right \
        time.",
    fix: "Remove `spec.ttlSecondsAfterFinished` and let `argocd.argoproj.io/hook-delete-policy` delete the Job.",
};

/// A stateful or configuration hook deleted and re-created on every sync.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::HOOK_RECREATED_EVERY_SYNC;
/// assert_eq!((rule.name, rule.code, rule.severity), ("hook-recreated-every-sync", "HP0028", Severity::Warning));
/// assert!(std::ptr::eq(rules::find("HP0028").unwrap(), rule) && std::ptr::eq(rules::find("hook-recreated-every-sync").unwrap(), rule));
/// ```
pub static HOOK_RECREATED_EVERY_SYNC: Rule = Rule {
    name: "hook-recreated-every-sync",
    code: "HP0028",
    severity: Severity::Warning,
    summary: "a PersistentVolumeClaim, ConfigMap or Secret hook is deleted and re-created on every sync",
    explanation: "A hook is created anew each time its phase runs; with BeforeHookCreation (the default when no \
        policy is given, in Argo CD and in Helm) the previous instance is deleted first (argo-cd@37ee009 \
        gitops-engine/pkg/sync/hook/delete_policy.go `DeletePolicies`; helm@e9b85e4 pkg/action/hooks.go \
        `hookSetDeletePolicy`). For a PersistentVolumeClaim that deletes the volume's data on every sync; a \
        ConfigMap or Secret hook loses whatever was written into it and briefly disappears under the pods that use \
        it (argo-cd issues #3837, #13429; helm issue #9590). Jobs and Pods are meant to run again and are not \
        reported.",
    fix: "Make the object a regular resource (with a sync wave to order it), or give it a policy that keeps it.",
};

/// A hook Job without `spec.activeDeadlineSeconds`.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::HOOK_WITHOUT_DEADLINE;
/// assert_eq!((rule.name, rule.code, rule.severity), ("hook-without-deadline", "HP0029", Severity::Note));
/// assert!(std::ptr::eq(rules::find("HP0029").unwrap(), rule) && std::ptr::eq(rules::find("hook-without-deadline").unwrap(), rule));
/// ```
pub static HOOK_WITHOUT_DEADLINE: Rule = Rule {
    name: "hook-without-deadline",
    code: "HP0029",
    severity: Severity::Note,
    summary: "a hook Job without activeDeadlineSeconds can hold the sync forever",
    explanation: "Argo CD has no hook timeout: the sync waits until every hook of the step completes \
        (argo-cd@37ee009 gitops-engine/pkg/sync/sync_context.go `Sync`), so a Job that never finishes (a stuck \
        migration, a retry loop) holds the sync, and every later sync, until someone terminates the operation \
        (argo-cd issues #6055, #15932). `spec.activeDeadlineSeconds` makes Kubernetes fail the Job after that many \
        seconds, which fails the sync and runs the SyncFail hooks.",
    fix: "Set `spec.activeDeadlineSeconds` on the hook Job (for example 600).",
};

/// Applications (app of apps) followed by a later wave, whose health Argo CD does not assess.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::APPLICATION_HEALTH_NOT_ASSESSED;
/// assert_eq!((rule.name, rule.code, rule.severity), ("application-health-not-assessed", "HP0030", Severity::Note));
/// assert!(std::ptr::eq(rules::find("HP0030").unwrap(), rule) && std::ptr::eq(rules::find("application-health-not-assessed").unwrap(), rule));
/// ```
pub static APPLICATION_HEALTH_NOT_ASSESSED: Rule = Rule {
    name: "application-health-not-assessed",
    code: "HP0030",
    severity: Severity::Note,
    summary: "a later sync wave does not wait for a child Application, whose health is not assessed by default",
    explanation: "Since Argo CD v1.8 an Application's health is not assessed by default: the child Application is \
        healthy as soon as it is applied, so the next wave of an app of apps starts before the child has synced \
        (Argo CD docs, operator-manual/health.md \"Argo CD App\"; argo-cd issues #4577, #6411, #6708, #10550). \
        Waves order the children only when the health check is added back in `argocd-cm`.",
    fix: "Add the Application health check to argocd-cm: `resource.customizations.health.argoproj.io_Application` \
        with the Lua script of the Argo CD docs.",
};

/// An annotation key close to one Argo CD or Helm reads.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::MISSPELLED_ANNOTATION_KEY;
/// assert_eq!((rule.name, rule.code, rule.severity), ("misspelled-annotation-key", "HP0031", Severity::Warning));
/// assert!(std::ptr::eq(rules::find("HP0031").unwrap(), rule) && std::ptr::eq(rules::find("misspelled-annotation-key").unwrap(), rule));
/// ```
pub static MISSPELLED_ANNOTATION_KEY: Rule = Rule {
    name: "misspelled-annotation-key",
    code: "HP0031",
    severity: Severity::Warning,
    summary: "an annotation key is close to one Argo CD or Helm reads, but neither reads it",
    explanation: "Argo CD and Helm look up their annotations by exact key; a key with a typo, another case, a plural \
        or a missing prefix (`argocd.argoproj.io/sync-waves`, `helm.sh/hookWeight`, `argoproj.io/hook`) is \
        silently ignored and the object is planned as if it had no such annotation (argo-cd@37ee009 \
        gitops-engine/pkg/sync/common/types.go; helm@e9b85e4 pkg/release/v1/hook.go; Helm's maintainers asked for \
        this check in helm issue #2995). Keys those tools read for other purposes (`tracking-id`, \
        `compare-options`, `manifest-generate-paths`, `refresh`, ...) and other prefixes are not reported.",
    fix: "Spell the key exactly as the tool reads it.",
};

/// A Sync or PostSync hook of an Application with self-heal.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::SELF_HEAL_RERUNS_HOOKS;
/// assert_eq!((rule.name, rule.code, rule.severity), ("self-heal-reruns-hooks", "HP0032", Severity::Note));
/// assert!(std::ptr::eq(rules::find("HP0032").unwrap(), rule) && std::ptr::eq(rules::find("self-heal-reruns-hooks").unwrap(), rule));
/// ```
pub static SELF_HEAL_RERUNS_HOOKS: Rule = Rule {
    name: "self-heal-reruns-hooks",
    code: "HP0032",
    severity: Severity::Note,
    summary: "with self-heal, every drift correction runs the Sync and PostSync hooks again",
    explanation: "An automated Application with `selfHeal: true` syncs whenever the live state drifts from Git, and \
        every sync runs the hooks of its phases (argo-cd@37ee009 controller/appcontroller.go `autoSync`, \
        gitops-engine/pkg/sync/sync_context.go), so an expensive or non-idempotent Sync or PostSync hook runs far \
        more often than deploys do (Argo CD docs, user-guide/auto_sync.md).",
    fix: "Make the hook cheap and idempotent, or move the work to a PreSync hook guarded by a check, or to a regular \
        resource.",
};

/// An `ignore-check.hookplan.io/<rule>` annotation that names no rule or gives no reason.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::INVALID_IGNORE_CHECK;
/// assert_eq!((rule.name, rule.code, rule.severity), ("invalid-ignore-check", "HP0033", Severity::Warning));
/// assert!(std::ptr::eq(rules::find("HP0033").unwrap(), rule) && std::ptr::eq(rules::find("invalid-ignore-check").unwrap(), rule));
/// ```
pub static INVALID_IGNORE_CHECK: Rule = Rule {
    name: "invalid-ignore-check",
    code: "HP0033",
    severity: Severity::Warning,
    summary: "an `ignore-check.hookplan.io/` annotation names no hookplan rule, or gives no reason",
    explanation: "`ignore-check.hookplan.io/<rule-name>: \"<reason>\"` silences one hookplan rule on one object, \
        the convention of kube-linter's `ignore-check.kube-linter.io/<check>`. A misspelt rule name silences \
        nothing, so the finding it was meant for still reports and the annotation misleads the next reader; an \
        empty reason leaves no record of why the finding does not apply. Argo CD and Helm do not read the \
        annotation: it changes nothing in the cluster.",
    fix: "Name the rule as `hookplan explain --list` does (or its code), and give the reason as the value.",
};

/// A PostDelete hook of a kind without a health check, on Argo CD v2.10 or v2.11.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::POST_DELETE_HOOK_WITHOUT_HEALTH_CHECK;
/// assert_eq!((rule.name, rule.code, rule.severity), ("post-delete-hook-without-health-check", "HP0034", Severity::Error));
/// assert!(std::ptr::eq(rules::find("HP0034").unwrap(), rule) && std::ptr::eq(rules::find("post-delete-hook-without-health-check").unwrap(), rule));
/// ```
pub static POST_DELETE_HOOK_WITHOUT_HEALTH_CHECK: Rule = Rule {
    name: "post-delete-hook-without-health-check",
    code: "HP0034",
    severity: Severity::Error,
    summary: "on Argo CD v2.10 and v2.11, a PostDelete hook without a health check stops the Application's deletion",
    explanation: "Argo CD v2.10 and v2.11 read the health of every live PostDelete hook and use it without checking \
        that the kind has a health check (argo-cd v2.11.14 controller/hook.go `executePostDeleteHooks` and \
        `cleanupPostDeleteHooks`, `hookHealth.Status`). For a kind without one (a ConfigMap, Secret, \
        ServiceAccount, Role, RoleBinding, ...) the health is nil and the controller panics on every pass, so the \
        Application stays in deletion (issues #17191, #18270). v2.12.0 treats such a hook as healthy (pull request \
        #18767). Reported only with `--argocd-version 2.10` or `2.11`; kinds in the core and RBAC API groups \
        other than Service, PersistentVolumeClaim and Pod have no built-in health check.",
    fix: "Upgrade to Argo CD v2.12 or later, make the hook a Job or Pod that creates the object, or add a health \
        check for the kind in argocd-cm's resource.customizations.",
};

/// A test hook whose logs `helm test --logs` cannot read.
///
/// ```
/// use hookplan::{Severity, rules};
/// let rule = &rules::TEST_LOGS_UNAVAILABLE;
/// assert_eq!((rule.name, rule.code, rule.severity), ("test-logs-unavailable", "HP0035", Severity::Error));
/// assert!(std::ptr::eq(rules::find("HP0035").unwrap(), rule) && std::ptr::eq(rules::find("test-logs-unavailable").unwrap(), rule));
/// ```
pub static TEST_LOGS_UNAVAILABLE: Rule = Rule {
    name: "test-logs-unavailable",
    code: "HP0035",
    severity: Severity::Error,
    summary: "`helm test --logs` cannot read this test hook's logs, so the test command fails",
    explanation: "`helm test --logs` reads, for every test hook in execution order, the logs of the Pod named as \
        the hook, from the release namespace, after the tests ran; an error stops it and fails the command \
        (helm@e9b85e4 and v3.21.4 pkg/action/release_testing.go `GetPodLogs`). Helm 3 deletes the test hooks with \
        `hook-succeeded` before (inside `execHook`), so a passing test Pod with that policy is gone; and it reads a \
        Job or any other kind as a Pod of that name, which does not exist. Helm 4 reads the logs before its cleanup \
        (v4.0.5, commit 7a557580e) and skips kinds other than Pod (helm@e9b85e4). In both, a test Pod written into \
        another namespace is looked for in the release namespace. Reported only for `helm test` with `--logs`.",
    fix: "Make the test a Pod in the release namespace, and on Helm 3 without `hook-succeeded`; or leave out --logs.",
};

/// Every rule, in code order.
///
/// ```
/// use hookplan::rules;
/// assert_eq!(rules::ALL[0].name, "unknown-hook-type");
/// // Names and codes are never reused: each appears once.
/// let mut codes: Vec<&str> = rules::ALL.iter().map(|rule| rule.code).collect();
/// codes.dedup();
/// assert_eq!(codes.len(), rules::ALL.len());
/// assert!(codes.windows(2).all(|pair| pair[0] < pair[1]));
/// ```
pub static ALL: &[&Rule] = &[
    &UNKNOWN_HOOK_TYPE,
    &INVALID_SYNC_WAVE,
    &UNKNOWN_DELETE_POLICY,
    &UNKNOWN_SYNC_OPTION,
    &SKIP_WITH_OTHER_TYPES,
    &HELM_HOOK_IGNORED,
    &HELM_DELETE_POLICY_MERGED,
    &UNSUPPORTED_HELM_HOOK,
    &UNKNOWN_HELM_HOOK,
    &INVALID_HOOK_WEIGHT,
    &DELETE_POLICY_WITHOUT_HOOK,
    &NAMED_HOOK_CAN_WEDGE,
    &GENERATE_NAME_ON_RESOURCE,
    &MISSING_NAME,
    &DUPLICATE_RESOURCE,
    &GENERATE_NAME_COLLISION,
    &ANNOTATION_IN_LABELS,
    &KEEP_POLICY_STILL_PRUNED,
    &DELETE_HOOK_NOT_SYNCED,
    &POST_DELETE_HOOK_KEPT,
    &HELM_KEEP_POLICY_VALUE,
    &ANNOTATION_IN_LIST_ITEM,
    &HOOK_WEIGHT_IS_SYNC_WAVE,
    &HELM_HOOK_DELETED_BEFORE_USE,
    &UPGRADE_HOOK_RUNS_ON_INSTALL,
    &USES_OBJECT_APPLIED_LATER,
    &HOOK_TTL_AFTER_FINISHED,
    &HOOK_RECREATED_EVERY_SYNC,
    &HOOK_WITHOUT_DEADLINE,
    &APPLICATION_HEALTH_NOT_ASSESSED,
    &MISSPELLED_ANNOTATION_KEY,
    &SELF_HEAL_RERUNS_HOOKS,
    &INVALID_IGNORE_CHECK,
    &POST_DELETE_HOOK_WITHOUT_HEALTH_CHECK,
    &TEST_LOGS_UNAVAILABLE,
    &UNREADABLE_DOCUMENT,
    &NOT_AN_OBJECT,
    &NOT_A_RESOURCE,
    &NON_STRING_ANNOTATION,
    &DUPLICATE_KEY,
    &KUSTOMIZATION_FILE,
    &UNSPLIT_DOCUMENT,
    &INVALID_DOCUMENT_SEPARATOR,
];

/// Finds a rule by name (`unknown-hook-type`) or code (`HP0001`, case-insensitive).
///
/// ```
/// use hookplan::rules;
/// assert_eq!(rules::find("hp0001"), Some(&rules::UNKNOWN_HOOK_TYPE));
/// assert_eq!(rules::find("unknown-hook-type").map(|rule| rule.code), Some("HP0001"));
/// assert_eq!(rules::find("Unknown-Hook-Type"), None);
/// ```
pub fn find(name_or_code: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|rule| rule.name == name_or_code || rule.code.eq_ignore_ascii_case(name_or_code))
}
