//! Argo CD's rules, each a pure function of one object's annotations, each in one place with its upstream
//! reference (argo-cd @ `37ee009`, engine under `gitops-engine/`; fact sheet `argocd.md`).
//!
//! | rule | function | upstream | fact sheet |
//! |---|---|---|---|
//! | CSV items | [`crate::annotations::csv`] | `resource/annotations.go` `GetAnnotationCSVs` | §1.2 |
//! | hook types | [`hook::hook_types`] | `hook/hook.go` `Types` | §1.3 |
//! | is a hook | [`hook::is_hook`] | `hook/hook.go` `IsHook` | §1.4 |
//! | Skip | [`hook::is_skip`] | `hook/hook.go` `Skip` | §1.5 |
//! | ignored ("garbage") hooks | [`hook::is_ignored`] | `ignore/ignore.go` `Ignore` | §1.6 |
//! | hook to phases | [`hook::sync_phases`] | `sync_phase.go` `syncPhases` | §1.7 |
//! | Helm events as Argo CD reads them | [`helm`] | `hook/helm/{hook,type,weight,delete_policy}.go` | §2 |
//! | PreDelete / PostDelete | [`hook::is_pre_delete_hook`], [`hook::is_post_delete_hook`], [`hook::is_delete_only_hook`] | `controller/hook.go` `isHookOfType`, `controller/state.go` `partitionTargetObjsForSync` | §8.7 |
//! | delete policies | [`delete_policy::delete_policies`] | `hook/delete_policy.go` `DeletePolicies` | §5.1, §2.3 |
//! | sync wave | [`wave::sync_wave`] | `syncwaves/waves.go` `Wave` | §3 |
//! | sync options | [`sync_option::ResourceSyncOptions`] | `common/types.go`, `sync_context.go` | §7.1, §2.4 |
//! | kind order | [`kind_order::kind_rank`] | `sync_tasks.go` `kindOrder` | §4.2 |
//! | task order and dependencies | [`crate::plan::plan_sync`] | `sync_tasks.go` `Less`, `Sort`, `adjustDeps` | §4.1, §4.4 |
//! | hook names | [`naming::hook_name`] | `sync_context.go` `getSyncTasks` | §6.1 |
//! | namespace defaulting | [`crate::plan::plan_sync`] | `sync_context.go` `getSyncTasks` | §6.3 |

mod delete;
pub(crate) mod delete_driver;
pub mod delete_policy;
pub(crate) mod driver;
pub mod helm_hook;
pub mod hook;
pub mod kind_order;
pub(crate) mod lint;
mod metadata;
pub mod naming;
mod sync;
pub mod sync_option;
pub mod wave;

pub use delete::plan_delete;
pub use delete_policy::DeletePolicy;
pub use hook::{HookType, SyncPhase};
pub use metadata::{ArgocdMetadata, metadata};
pub use sync::{SyncOperation, plan_sync, plan_sync_with_live};
