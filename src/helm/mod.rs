//! Helm's rules for the same annotations, as Helm 3 and Helm 4 read them (fact sheet `helm.md`). Helm differs
//! from Argo CD: it lowercases, it drops a whole object for one unknown event, and it does not validate delete
//! policies.
//!
//! | rule | function | upstream | fact sheet |
//! |---|---|---|---|
//! | hook events and their parse | [`hook_events`] | `pkg/release/v1/util/manifest_sorter.go` `SortManifests` | §1.1, §1.3 |
//! | hook weight | [`weight`] | `manifest_sorter.go` `calculateHookWeight` | §2.1 |
//! | delete policies | [`delete_policies`] | `manifest_sorter.go` `operateAnnotationValues` | §3.1 |
//! | resource policy on uninstall and upgrade | [`keeps_on_uninstall`], [`keeps_on_upgrade_prune`] | `pkg/action/resource_policy.go`, `pkg/kube/client.go` | §4 |

mod driver;
pub mod hook;
pub mod kind_order;
pub(crate) mod lint;
mod metadata;
mod plan;
pub mod policy;

pub use driver::HelmDriver;
pub use hook::{HelmHook, HookEvent, hook_events, weight};
pub use kind_order::{HelmVersion, KindOrder, compare_kinds, kind_index};
pub use metadata::{HelmMetadata, metadata};
pub use plan::{HelmCommand, HelmOperation, plan_helm};
pub use policy::{
    DELETE_POLICY_VALUES, deletable_hook_kind, delete_policies, effective_delete_policies, hook_logs_namespace,
    keeps_on_uninstall, keeps_on_upgrade_prune, output_log_policies,
};
