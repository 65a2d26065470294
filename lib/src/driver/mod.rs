//! Sans-IO drivers: each walks one kind of [`Plan`] and answers "what next?" with instructions the caller
//! executes, taking the outcomes the caller observes. A driver never performs I/O, never blocks and never reads
//! a clock.
//!
//! | plan | driver | semantics |
//! |---|---|---|
//! | Argo CD sync ([`crate::plan_sync`]) | [`SyncDriver`] | gitops-engine's `Sync` and `runTasks` |
//! | Argo CD Application deletion ([`crate::plan_delete`]) | [`DeleteDriver`] | the controller's `finalizeApplicationDeletion`, `executeHooks`, `cleanupHooks` |
//! | every Helm command ([`crate::plan_helm`]) | [`HelmDriver`] | Helm's `execHook` and the actions |
//!
//! Building a driver for a plan of another engine or operation is an [`Err`]; [`for_plan`] picks the right one.
//!
//! # Layers
//!
//! The folder reads bottom-up: `instruction` (ids, outcomes, [`Next`], [`WaitFor`]), `error` ([`DriverError`]),
//! `table` (the task numbering the drivers share) and `drive` (the [`Drive`] trait); the engine drivers above
//! them, each beside its engine's planner ([`crate::argocd`] and [`crate::helm`]); [`for_plan`], here, on top.
//!
//! # Ids, ownership and replay
//!
//! A [`TaskId`] names one task of the plan: the tasks of the steps in order, then the SyncFail hooks. A driver
//! owns its plan (it keeps an [`Arc<Plan>`]), so it is `Send + Sync + 'static` and can live in a controller's
//! state or move into a task. A driver's state is a pure function of its plan and of the calls made on it:
//! to rebuild a driver after a restart, build a new one over the same plan and replay, in order, the
//! `what_next` calls and the outcomes reported between them. The rebuilt driver answers exactly as the first
//! one would have (a property test checks this over generated plans).
//!
//! ```
//! use hookplan::driver::{Health, Next, Outcome, SyncDriver, WaitFor};
//! use hookplan::{Manifests, SyncOperation, plan_sync};
//!
//! let plan = plan_sync(&Manifests::parse("app.yaml", "\
//! apiVersion: batch/v1
//! kind: Job
//! metadata:
//!   name: migrate
//!   annotations: {argocd.argoproj.io/hook: PreSync}
//! ---
//! apiVersion: v1
//! kind: ConfigMap
//! metadata:
//!   name: settings
//! "), &SyncOperation::new());
//! let mut driver = SyncDriver::new(plan)?;
//! let Next::Apply(ids) = driver.what_next() else { panic!() };      // the PreSync hook
//! driver.report(ids[0], Outcome::Applied)?;
//! let Next::Wait { tasks, wait_for, message } = driver.what_next() else { panic!() };
//! assert_eq!((tasks, wait_for), (ids.clone(), WaitFor::HookCompletion));
//! assert_eq!(message, "waiting for completion of hook batch/Job/migrate");
//! driver.report(ids[0], Outcome::Health(Health::Degraded))?;       // the migration fails
//! assert_eq!(
//!     driver.what_next(),
//!     Next::Done { succeeded: false, message: "one or more synchronization tasks completed unsuccessfully".into() }
//! );
//! # Ok::<(), hookplan::driver::DriverError>(())
//! ```

use std::sync::Arc;

pub(crate) mod drive;
pub(crate) mod error;
pub(crate) mod instruction;
pub(crate) mod table;

pub use crate::argocd::delete_driver::DeleteDriver;
pub use crate::argocd::driver::SyncDriver;
pub use crate::helm::HelmDriver;
pub use drive::Drive;
pub use error::{DriverError, DriverErrorKind};
pub use instruction::{Health, Next, Outcome, TaskId, WaitFor};

use crate::plan::{Engine, Operation, Plan};

/// The driver for `plan`: a [`SyncDriver`] for an Argo CD sync, a [`DeleteDriver`] for an Argo CD Application
/// deletion, a [`HelmDriver`] for any Helm command.
///
/// # Errors
///
/// None today: every plan hookplan builds has a driver. The `Result` keeps room for plans of later engines.
///
/// ```
/// use hookplan::driver::{for_plan, Next};
/// use hookplan::{Manifests, SyncOperation, plan_delete};
/// let live = Manifests::parse("live.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: old}\n");
/// let mut driver = for_plan(plan_delete(&Manifests::new(), &live, &SyncOperation::new()))?;
/// assert!(matches!(driver.what_next(), Next::Delete(_)));
/// # Ok::<(), hookplan::driver::DriverError>(())
/// ```
pub fn for_plan(plan: impl Into<Arc<Plan>>) -> Result<Box<dyn Drive>, DriverError> {
    let plan = plan.into();
    Ok(match (plan.engine, plan.operation) {
        (Engine::Argocd, Operation::Delete) => Box::new(DeleteDriver::new(plan)?),
        (Engine::Argocd, _) => Box::new(SyncDriver::new(plan)?),
        (Engine::Helm, _) => Box::new(HelmDriver::new(plan)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drivers_are_send_sync_static() {
        fn check<T: Send + Sync + 'static>() {}
        check::<SyncDriver>();
        check::<DeleteDriver>();
        check::<HelmDriver>();
        check::<Box<dyn Drive>>();
        check::<DriverError>();
    }

    #[test]
    fn driver_errors_have_kinds_and_exact_messages() {
        use crate::helm::{HelmCommand, HelmOperation};
        use crate::plan_helm;
        use crate::{Manifests, SyncOperation, plan_sync};
        let helm = || plan_helm(&Manifests::new(), &HelmOperation::new(HelmCommand::Install));
        let sync = || plan_sync(&Manifests::new(), &SyncOperation::new());
        let error = SyncDriver::new(helm()).unwrap_err();
        assert_eq!(error.kind(), DriverErrorKind::WrongPlan);
        assert_eq!(error.to_string(), "SyncDriver drives Argo CD sync plans, not a Helm install plan");
        let error = DeleteDriver::new(sync()).unwrap_err();
        assert_eq!(error.kind(), DriverErrorKind::WrongPlan);
        assert_eq!(
            error.to_string(),
            "DeleteDriver drives Argo CD Application deletion plans, not an Argo CD sync plan"
        );
        let error = HelmDriver::new(sync()).unwrap_err();
        assert_eq!(
            (error.kind(), error.to_string().as_str()),
            (DriverErrorKind::WrongPlan, "HelmDriver drives Helm plans, not an Argo CD sync plan")
        );

        let mut driver = for_plan(sync()).unwrap();
        let error = driver.report(TaskId::new(3), Outcome::Applied).unwrap_err();
        assert_eq!(error.kind(), DriverErrorKind::UnknownTask);
        assert_eq!(error.to_string(), "task #3 was never handed out by this driver");

        let mut plan = sync();
        plan.engine_version = "1.0".into();
        let error = SyncDriver::new(plan).unwrap_err();
        assert_eq!(error.kind(), DriverErrorKind::UnknownVersion);
        assert_eq!(
            error.to_string(),
            "the plan's engine version `1.0`: hookplan follows Argo CD v2.10 to v3.5 (MAJOR.MINOR or MAJOR.MINOR.PATCH)"
        );
    }
}
