//! # hookplan
//!
//! What exactly will Argo CD do with these manifests, in what order, and what will it delete? hookplan
//! answers offline, without a cluster. It reads Kubernetes manifests annotated with `argocd.argoproj.io/hook`,
//! `hook-delete-policy`, `sync-wave`, `sync-options` and Helm's `helm.sh/hook`, `hook-weight`,
//! `hook-delete-policy` and `resource-policy`, applies the engine's rules exactly as upstream does, and returns
//! the plan: phases, waves and tasks in order, the hooks deleted by policy, what is not planned and why, and
//! every silent fallback as a diagnostic.
//!
//! ```
//! use hookplan::{Manifests, SyncOperation, plan_sync};
//!
//! let manifests = Manifests::parse("app.yaml", r#"
//! apiVersion: batch/v1
//! kind: Job
//! metadata:
//!   name: db-migrate
//!   annotations:
//!     argocd.argoproj.io/hook: PreSync
//!     argocd.argoproj.io/hook-delete-policy: HookSucceeded
//! ---
//! apiVersion: apps/v1
//! kind: Deployment
//! metadata:
//!   name: web
//!   annotations:
//!     argocd.argoproj.io/sync-wave: " 1"   # not an integer to Go's Atoi: wave 0
//! "#);
//! let plan = plan_sync(&manifests, &SyncOperation::new().namespace("shop"));
//! let order: Vec<(String, i64, String)> = plan
//!     .tasks()
//!     .map(|(step, task)| (step.phase.to_string(), step.wave, task.resource.to_string()))
//!     .collect();
//! assert_eq!(order, [
//!     ("PreSync".to_string(), 0, "Job/shop/db-migrate".to_string()),
//!     ("Sync".to_string(), 0, "Deployment/shop/web".to_string()),
//! ]);
//! assert_eq!(plan.hook_deletion.on_success[0].name.as_deref(), Some("db-migrate"));
//! ```
//!
//! ## The house
//!
//! Data flows one way: bytes, resources, typed metadata, plans, lint, then what reads plans. Each layer imports
//! only the layers below it (`python3 ../shared/tools/layers.py lib/src` finds none importing each other in a
//! loop), bottom to top:
//!
//! ```text
//! 1 reading     source/ (bytes -> documents; private, the only YAML code), limits, location, goconv, vocabulary,
//!               version_error, annotations, diagnostic (the rule catalogue as data), resource, manifests
//!               (Resource | Excluded | Diagnostic)
//! 2 metadata    each engine's rules on one object, one place per upstream rule, and the object's metadata in
//!               one call: argocd/{annotation_values, helm_hook, hook, delete_policy, wave, sync_option,
//!               kind_order, naming, version, metadata, application, sync_operation}; helm/{hook, policy,
//!               kind_order, version, metadata, operation}. Argo CD's reading of Helm's annotations
//!               (argocd/helm_hook) imports helm's, never the reverse.
//!   plan model  plan: Plan, Step, Task, Excluded, the vocabulary of plans; data and serde only
//! 3 planners    argocd::sync_plan (sync, order, task_draft), argocd::delete_plan (delete),
//!               helm::operation_plan (plan, task, operation_flags, test_logs): manifests and an operation in,
//!               a plan out, with no diagnostics; never lint
//! 4 lint/       per-object rules (one object's annotations) and cross-object rules (the set of objects, and the
//!               plans they are given); never plan. Beside it, reading plans too: driver and the engine drivers,
//!               compare, diff
//! 5 check       the orchestrator: plans each engine a request needs once, lints with those plans
//!               (plan_sync, plan_sync_with_live, plan_delete, plan_helm, lint, lint_with; re-exported at the
//!               root and, for lint, under validate::); config applies the rule configuration and suppressions
//!               to the diagnostics
//! ```
//!
//! Each engine has one home for its rules, metadata and planners: [`argocd`] and [`helm`]. The lint rules about
//! them live in the lint layer, above every planner, so that a rule can read a plan and no planner calls a rule.
//!
//! ## Invariants
//!
//! - **Nothing lost**: every input document is a task (or one per phase), an `excluded` entry with a reason,
//!   or an error diagnostic. Empty and null documents, and empty Lists, hold no object and are skipped.
//! - **Deterministic**: after upstream's comparator keys (phase, wave, kind rank, name), ties break by namespace,
//!   API group, kind and source position, a choice Argo CD does not make (its `sort.Sort` is unstable).
//!   Excluded entries and diagnostics are ordered by source position.
//! - **Side-effect free**: the library reads no files, clock, environment or network and starts no threads.
//!   The `hookplan` CLI does the I/O.
//! - `source` is the only module that parses YAML (saphyr-parser's events, for manifests, an Application file and a
//!   lint configuration); none of the parser's types is public, so it can be swapped in one place.
//!
//! ## Reading decisions
//!
//! - YAML streams are split at column-0 `---` lines, as the engines split them, so a syntax error costs only its
//!   document; what follows a `...` in a piece is never applied by the engines and is reported.
//!   Document indices count as `yq` does; a List's items share its index and carry their own line.
//! - Tabs after values are accepted (as Go's YAML does); quoted and bare keys are the same.
//! - An annotation value that is not a string (`sync-wave: 5`) is an error (`non-string-annotation`), and the
//!   object is planned as Argo CD sees it: with **no annotations at all**, because Kubernetes'
//!   `GetAnnotations` returns nothing when one value is not a string.
//! - YAML is read as Go's YAML (go-yaml v2 through sigs.k8s.io/yaml, which Argo CD, kubectl and Helm use) reads
//!   it: YAML 1.1 scalars (`yes` is a boolean, `010` is 8), merge keys, tags, and its line breaks.
//! - A duplicate annotation or label key keeps the last value, as Go's YAML does, and is an error
//!   (`duplicate-key`); so is a duplicate top-level or `metadata` field, whose last value is kept too.
//! - A document that is not a mapping is an error (`not-an-object`). A mapping without `apiVersion` or `kind`
//!   (values files, doc fragments) is excluded as `not-a-resource` with a warning; a Kustomization as
//!   `kustomization`. An object without `metadata` or a name is planned (and fails in Argo CD).
//!
//! ## Feature flags
//!
//! The library has no dependencies of the `hookplan` command-line tool: that is its own package, `hookplan-cli`
//! (`cargo install --path .` in a clone).
//!
//! - `proptest`: `hookplan::proptest`, proptest strategies for annotation values (valid and near misses), resources,
//!   manifest sets and YAML rendered from them, so that embedders can property-test their own code against
//!   hookplan. See the module for an example property.
//!
//! ## Limits
//!
//! Reading is bounded by [`Limits`] (input size, document size, documents, nesting depth), each with a
//! documented default and behaviour: what exceeds a limit is reported as an error, and the rest is read.
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

pub mod annotations;
pub mod argocd;
pub mod check;
pub mod compare;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod driver;
pub mod goconv;
pub mod helm;
mod limits;
mod lint;
mod location;
mod manifests;
pub mod plan;
#[cfg(feature = "proptest")]
#[cfg_attr(docsrs, doc(cfg(feature = "proptest")))]
pub mod proptest;
pub mod report;
mod resource;
mod source;
pub mod validate;
mod version_error;
mod vocabulary;

pub use annotations::Annotations;
pub use argocd::SyncOperation;
pub use check::{plan_delete, plan_helm, plan_sync, plan_sync_with_live};
pub use diagnostic::{Diagnostic, Rule, Severity, rules};
pub use limits::Limits;
pub use location::Location;
pub use manifests::Manifests;
pub use plan::{Plan, Step, Task};
pub use resource::{
    ApiVersion, Excluded, ExclusionReason, ObjectReference, ParseKeyError, Resource, ResourceKey, ResourceRef,
};
/// The string type of object identities ([`Resource`], [`ResourceRef`], [`ResourceKey`]): immutable, compares with
/// `&str` and `String`, derefs to `str`, and copies without allocating (up to 23 bytes inline, longer ones shared).
///
/// ```
/// use hookplan::{Location, Resource};
/// let job = Resource::new("batch/v1", "Job", Some("migrate"), Location::new("job.yaml", 0, 1, 1));
/// assert_eq!(job.kind, "Job");
/// assert_eq!(job.name.as_deref(), Some("migrate"));
/// let owned: String = job.kind.to_string();
/// assert_eq!(owned, "Job");
/// ```
pub use smol_str::SmolStr;
pub use version_error::{ParseVersionError, VersionErrorKind};
pub use vocabulary::ParseValueError;

/// The library README's examples, compiled and run as doctests (one of them needs the `proptest` feature).
#[cfg(all(doctest, feature = "proptest"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The guide's examples, compiled and run as doctests (one of them needs the `proptest` feature).
#[cfg(all(doctest, feature = "proptest"))]
#[doc = include_str!("../../docs/guide.md")]
pub struct GuideDoctests;
