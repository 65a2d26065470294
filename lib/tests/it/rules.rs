//! The Argo CD rules one by one, with the edge values the fact sheet lists.

use hookplan::argocd::hook::{
    argocd_hook_types, hook_types, is_delete_only_hook, is_hook, is_ignored, is_post_delete_hook, is_pre_delete_hook,
    is_skip, sync_phases,
};
use hookplan::argocd::kind_order::{KIND_ORDER, kind_rank};
use hookplan::argocd::naming::hook_name;
use hookplan::argocd::sync_option::ResourceSyncOptions;
use hookplan::argocd::wave::sync_wave;
use hookplan::argocd::{HookType, SyncPhase, helm_hook as helm};

use crate::support::pod;

const HOOK: &str = "argocd.argoproj.io/hook";
const WAVE: &str = "argocd.argoproj.io/sync-wave";
const HELM: &str = "helm.sh/hook";
const HW: &str = "helm.sh/hook-weight";
const SO: &str = "argocd.argoproj.io/sync-options";

#[test]
fn hook_types_are_exact_and_case_sensitive() {
    for wrong in ["presync", "Presync", "PRESYNC", "pre-sync", " ", "", "PreDelete", "PostDelete"] {
        let a = pod(&[(HOOK, wrong)]);
        assert!(argocd_hook_types(&a).is_empty(), "{wrong:?}");
        assert!(is_hook(&a), "the key is present, so it is a hook: {wrong:?}");
        assert!(is_ignored(&a), "no usable type and no Helm fallback: {wrong:?}");
        assert!(sync_phases(&a).is_empty());
    }
    assert_eq!(hook_types(&pod(&[(HOOK, " PreSync , PostSync ")])), [HookType::PreSync, HookType::PostSync]);
}

#[test]
fn argocd_garbage_falls_back_to_helm_per_object() {
    let a = pod(&[(HOOK, "PreDelete"), (HELM, "post-install")]);
    assert_eq!(hook_types(&a), [HookType::PostSync]);
    assert!(!is_ignored(&a));
    assert_eq!(sync_phases(&a), [SyncPhase::PostSync]);
}

#[test]
fn skip_only_when_alone() {
    assert!(is_skip(&pod(&[(HOOK, "Skip")])));
    assert!(is_skip(&pod(&[(HOOK, "Skip,Skip")])));
    assert!(is_skip(&pod(&[(HOOK, "Skip, Garbage")])), "garbage is dropped before the length check");
    assert!(!is_skip(&pod(&[(HOOK, "Skip,Sync")])));
    assert!(!is_skip(&pod(&[(HOOK, "skip")])));
    assert!(is_ignored(&pod(&[(HOOK, "skip")])));
}

#[test]
fn helm_is_hook_unless_the_whole_value_is_crd_install() {
    assert!(!helm::is_hook(&pod(&[(HELM, "crd-install")])));
    assert!(helm::is_hook(&pod(&[(HELM, "crd-install,pre-install")])));
    assert!(helm::is_hook(&pod(&[(HELM, " crd-install")])), "the raw value is compared, untrimmed");
    assert_eq!(hook_types(&pod(&[(HELM, "crd-install,pre-install")])), [HookType::PreSync]);
    for unsupported in ["test", "test-success", "pre-rollback", "post-rollback", "pre-delete", "post-delete"] {
        assert!(is_ignored(&pod(&[(HELM, unsupported)])), "{unsupported}");
    }
    assert!(is_ignored(&pod(&[(HELM, "Pre-Install")])), "Argo CD matches Helm events case-sensitively");
}

#[test]
fn helm_weight_is_go_atoi_or_zero() {
    assert_eq!(helm::weight(&pod(&[(HW, "-5")])), -5);
    assert_eq!(helm::weight(&pod(&[(HW, " 5")])), 0);
    assert_eq!(helm::weight(&pod(&[(HW, "5.0")])), 0);
    assert_eq!(helm::weight(&pod(&[])), 0);
}

#[test]
fn wave_edges() {
    assert_eq!(sync_wave(&pod(&[(WAVE, "+3")])), 3);
    assert_eq!(sync_wave(&pod(&[(WAVE, "5000000000")])), 5_000_000_000, "64-bit range");
    assert_eq!(sync_wave(&pod(&[(WAVE, "99999999999999999999"), (HW, "7")])), 7, "overflow falls back");
    for invalid in ["", " 1", "1 ", "1.5", "0x10", "1_000", "one"] {
        assert_eq!(sync_wave(&pod(&[(WAVE, invalid)])), 0, "{invalid:?}");
    }
    assert_eq!(sync_wave(&pod(&[(HW, "2")])), 2, "the Helm weight is the wave of any object");
}

#[test]
fn delete_hook_detection_on_both_annotations() {
    // Vector V18 (TestPartitionTargetObjsForSync).
    let both = pod(&[(HOOK, "PostSync,PreDelete,PostDelete")]);
    assert!(is_pre_delete_hook(&both) && is_post_delete_hook(&both) && !is_delete_only_hook(&both));
    let pre = pod(&[(HOOK, "PreDelete")]);
    assert!(is_pre_delete_hook(&pre) && !is_post_delete_hook(&pre) && is_delete_only_hook(&pre));
    let post = pod(&[(HOOK, "PostDelete")]);
    assert!(is_post_delete_hook(&post) && is_delete_only_hook(&post));
    let helm_pre = pod(&[(HELM, "pre-delete")]);
    assert!(is_pre_delete_hook(&helm_pre) && is_delete_only_hook(&helm_pre));
    let helm_mixed = pod(&[(HELM, "pre-install,pre-delete")]);
    assert!(is_pre_delete_hook(&helm_mixed) && !is_delete_only_hook(&helm_mixed));
    let plain = pod(&[]);
    assert!(!is_pre_delete_hook(&plain) && !is_post_delete_hook(&plain) && !is_delete_only_hook(&plain));
    // Checked independently: the Argo CD annotation does not hide the Helm one here.
    assert!(is_post_delete_hook(&pod(&[(HOOK, "Sync"), (HELM, "post-delete")])));
    assert!(!is_pre_delete_hook(&pod(&[(HOOK, "predelete")])), "exact match");
}

#[test]
fn sync_options() {
    let o = ResourceSyncOptions::from_annotations(&pod(&[(SO, "Prune=false,Prune=true")]));
    assert!(o.prune_disabled(), "the first Prune= wins");
    let o = ResourceSyncOptions::from_annotations(&pod(&[(SO, "Prune=False")]));
    assert!(!o.prune_disabled(), "values are case-sensitive");
    let o = ResourceSyncOptions::from_annotations(&pod(&[(SO, "Prune = false")]));
    assert_eq!(o.prune, None, "spaces inside an item do not match");
    let o = ResourceSyncOptions::from_annotations(&pod(&[(SO, "Prune=confirm")]));
    assert!(o.prune_requires_confirmation() && o.delete_requires_confirmation());
    let o = ResourceSyncOptions::from_annotations(&pod(&[(SO, "Delete=false")]));
    assert!(o.delete_disabled() && !o.prune_disabled());
    let o = ResourceSyncOptions::from_annotations(&pod(&[(SO, "Delete=confirm")]));
    assert!(o.delete_requires_confirmation() && !o.delete_disabled());
    let o = ResourceSyncOptions::from_annotations(&pod(&[(SO, "PruneLast=true, Replace=true,Force=true")]));
    assert!(o.prune_last && o.replace && o.force);
    let o = ResourceSyncOptions::from_annotations(&pod(&[(SO, "PruneLast=yes,Replace=True")]));
    assert!(!o.prune_last && !o.replace);
    let o = ResourceSyncOptions::from_annotations(&pod(&[(SO, "ServerSideApply=true,ServerSideApply=false")]));
    assert_eq!(o.server_side_apply, Some(false), "false wins");
    let o = ResourceSyncOptions::from_annotations(&pod(&[(SO, "ServerSideApply=true")]));
    assert_eq!(o.server_side_apply, Some(true));
    let o = ResourceSyncOptions::from_annotations(&pod(&[(SO, "Validate=false,SkipDryRunOnMissingResource=true")]));
    assert!(o.validate_false && o.skip_dry_run_on_missing_resource);
    let o = ResourceSyncOptions::from_annotations(&pod(&[("helm.sh/resource-policy", "keep")]));
    assert!(o.delete_disabled() && !o.prune_disabled(), "keep protects on deletion, not on prune");
    let o = ResourceSyncOptions::from_annotations(&pod(&[("helm.sh/resource-policy", "Keep")]));
    assert!(!o.delete_disabled());
    assert_eq!(
        ResourceSyncOptions::recognised_items(&pod(&[(SO, "Replace=true, Bogus=1 ,Validate=false")])),
        ["Replace=true", "Validate=false"]
    );
}

#[test]
fn kind_order_matches_upstream() {
    // Test_syncTasks_kindOrder.
    assert_eq!(kind_rank("Namespace"), -35);
    assert_eq!(kind_rank("APIService"), -1);
    assert_eq!(kind_rank("MyCRD"), 0);
    assert_eq!(KIND_ORDER.len(), 35);
    assert_eq!(kind_rank("IngressClass") + 1, kind_rank("Ingress"));
    for unlisted in ["PriorityClass", "ValidatingWebhookConfiguration", "Endpoints", "namespace"] {
        assert_eq!(kind_rank(unlisted), 0, "{unlisted}");
    }
}

#[test]
fn hook_names_v13() {
    // TestUnnamedHooksGetUniqueNames.
    assert_eq!(hook_name("", "FooBarBaz", SyncPhase::PreSync, 1_700_000_000), "foobarb-presync-1700000000");
    assert_eq!(hook_name("", "FooBarBaz", SyncPhase::PostSync, 1_700_000_000), "foobarb-postsync-1700000000");
    assert_eq!(hook_name("", "foobar", SyncPhase::PreSync, 1), "foobar-presync-1");
    assert_eq!(hook_name("", "abcdefg", SyncPhase::Sync, 1), "abcdefg-sync-1", "7 characters stay 7");
    assert_eq!(hook_name("", "abcdefgh", SyncPhase::Sync, 1), "abcdefg-sync-1");
    assert_eq!(hook_name("", "", SyncPhase::Sync, 1), "-sync-1");
    assert_eq!(
        hook_name("DB-", "ABCDEF0123", SyncPhase::SyncFail, 2),
        "DB-abcdef0-syncfail-2",
        "only the postfix is lowercased"
    );
}
