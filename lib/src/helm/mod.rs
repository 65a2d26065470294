//! Everything Helm does with the annotations, in one folder, as Helm 3 and Helm 4 read them: hook events, hook
//! weights, delete, resource and output-log policies, kind orders, an object's metadata, the planner of every
//! command (which returns a plan and never lints: [`crate::plan_helm`] gives the plan with its diagnostics), and
//! its driver. Helm differs from Argo CD: it lowercases, it drops a whole object for one unknown
//! event, and it does not validate delete policies.
//!
//! Upstream is helm/helm at commit `e9b85e4de16a` (written `helm@e9b85e4`, Helm 4) and tag v3.21.4 (Helm 3).
//!
//! | rule | function | upstream |
//! |---|---|---|
//! | hook events and their parse | [`hook_events`] | `pkg/release/v1/util/manifest_sorter.go` `SortManifests` |
//! | hook weight | [`weight`] | `manifest_sorter.go` `calculateHookWeight` |
//! | delete policies | [`delete_policies`], [`effective_delete_policies`] | `manifest_sorter.go` `operateAnnotationValues`, `pkg/action/hooks.go` `hookSetDeletePolicy` |
//! | resource policy on uninstall and upgrade | [`keeps_on_uninstall`], [`keeps_on_upgrade_prune`] | `pkg/action/resource_policy.go`, `pkg/kube/client.go` |
//! | kind orders | [`kind_rank`], [`compare_kinds`] | `pkg/release/v1/util/kind_sorter.go` |
//! | hooks of an event, deleted by policy | [`operation_plan`], [`HelmDriver`] | `pkg/action/hooks.go` `execHook`, `deleteHooksByPolicy` |
//! | an object's metadata in one call | [`metadata()`] | the rules above |

mod driver;
pub mod hook;
pub mod kind_order;
mod metadata;
mod operation;
mod operation_flags;
mod plan;
pub mod policy;
mod task;
pub(crate) mod test_logs;
mod version;

pub use driver::HelmDriver;
pub use hook::{HelmHook, HookEvent, hook_events, hook_of, weight};
pub use kind_order::{KindOrder, compare_kinds, kind_rank};
pub use metadata::{HelmLocations, HelmMetadata, metadata};
pub use operation::{HelmCommand, HelmOperation};
pub use plan::{operation_plan, operation_plan_of};
pub use policy::{
    HookDeletePolicy, deletable_hook_kind, delete_policies, effective_delete_policies, hook_logs_namespace,
    keeps_on_uninstall, keeps_on_upgrade_prune, output_log_policies,
};
pub use version::HelmVersion;
