//! Everything Argo CD does with the annotations, in one folder: each rule a pure function of one object's
//! annotations, in one place, with its upstream reference; an object's metadata; the planners of the sync and of
//! the Application deletion (which return plans and never lint: the rules about Argo CD are in the lint layer,
//! and [`crate::plan_sync`] and [`crate::plan_delete`] give a plan with its diagnostics); their drivers.
//!
//! Upstream is argoproj/argo-cd at commit `37ee0097cf85` (written `argo-cd@37ee009`; newest tag in it v3.5.1),
//! whose sync engine is vendored under `gitops-engine/`; engine paths below are under
//! `gitops-engine/pkg/sync/`.
//!
//! | rule | function | upstream |
//! |---|---|---|
//! | CSV items | [`crate::annotations::csv`] | `resource/annotations.go` `GetAnnotationCSVs` |
//! | hook types | [`hook::hook_types`] | `hook/hook.go` `Types` |
//! | is a hook | [`hook::is_hook`] | `hook/hook.go` `IsHook` |
//! | Skip | [`hook::is_skip`] | `hook/hook.go` `Skip` |
//! | ignored ("garbage") hooks | [`hook::is_ignored`] | `ignore/ignore.go` `Ignore` |
//! | hook to phases | [`hook::sync_phases`] | `sync_phase.go` `syncPhases` |
//! | Helm events as Argo CD reads them | [`helm_hook`] | `hook/helm/{hook,type,weight,delete_policy}.go` |
//! | PreDelete / PostDelete | [`hook::is_pre_delete_hook`], [`hook::is_post_delete_hook`], [`hook::is_delete_only_hook`] | `controller/hook.go` `isHookOfType`, `controller/state.go` `partitionTargetObjsForSync` |
//! | delete policies | [`delete_policy::delete_policies`] | `hook/delete_policy.go` `DeletePolicies` |
//! | sync wave | [`wave::sync_wave`] | `syncwaves/waves.go` `Wave` |
//! | sync options | [`sync_option::ResourceSyncOptions`] | `common/types.go`, `sync_context.go` |
//! | kind order | [`kind_rank`], [`compare_kinds`] | `sync_tasks.go` `kindOrder` |
//! | task order and dependencies | [`sync_plan`] | `sync_tasks.go` `Less`, `Sort`, `adjustDeps` |
//! | hook names | [`naming::hook_name`] | `sync_context.go` `getSyncTasks` |
//! | namespace defaulting | [`sync_plan`] | `sync_context.go` `getSyncTasks` |
//! | the sync, pass by pass | [`crate::driver::SyncDriver`] | `sync_context.go` `Sync`, `runTasks` |
//! | Application deletion | [`delete_plan`], [`crate::driver::DeleteDriver`] | `controller/appcontroller.go` `finalizeApplicationDeletion`, `controller/hook.go`, `controller/sort_delete.go` |
//! | what changed between releases (v2.10 to v3.5) | [`ArgocdVersion`] | the commits named on each method |
//! | an object's metadata in one call | [`metadata()`] | the rules above |

mod annotation_values;
mod application;
mod delete;
pub(crate) mod delete_driver;
pub mod delete_policy;
pub(crate) mod driver;
pub mod helm_hook;
pub mod hook;
pub mod kind_order;
mod metadata;
pub mod naming;
mod order;
pub(crate) mod sync;
mod sync_operation;
pub mod sync_option;
mod task_draft;
mod version;
pub mod wave;

pub use annotation_values::{DeletePolicy, HookType, SyncPhase};
pub use application::{Application, ApplicationError, ApplicationErrorKind, Automated, Retry};
pub use delete::{delete_plan, delete_plan_of};
pub use kind_order::{compare_kinds, kind_rank};
pub use metadata::{AnnotationItem, ArgocdLocations, ArgocdMetadata, metadata, metadata_in};
pub use sync::{sync_plan, sync_plan_of};
pub use sync_operation::SyncOperation;
pub use version::ArgocdVersion;
