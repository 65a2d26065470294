//! Why a driver refuses a plan or a report: an opaque error with a kind callers can match.

use std::fmt;

use super::instruction::TaskId;
use crate::plan::{Engine, Operation, Plan};

/// Why a driver refused a plan or a report.
///
/// ```
/// use hookplan::driver::{DriverErrorKind, SyncDriver};
/// use hookplan::helm::{HelmCommand, HelmOperation};
/// use hookplan::plan_helm;
/// use hookplan::Manifests;
/// let plan = plan_helm(&Manifests::new(), &HelmOperation::new(HelmCommand::Install));
/// let error = SyncDriver::new(plan).unwrap_err();
/// assert_eq!(error.to_string(), "SyncDriver drives Argo CD sync plans, not a Helm install plan");
/// assert_eq!(error.kind(), DriverErrorKind::WrongPlan);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DriverError(Repr);

/// What kind of [`DriverError`] it is, for callers that handle kinds differently. More kinds may come in a
/// minor release: match with a wildcard arm.
///
/// ```
/// use hookplan::driver::{DriverErrorKind, Outcome, SyncDriver, TaskId};
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// let plan = plan_sync(&Manifests::new(), &SyncOperation::new());
/// let mut driver = SyncDriver::new(plan)?;
/// let made_up: TaskId = serde_json::from_str("7").unwrap();
/// let error = driver.report(made_up, Outcome::Applied).unwrap_err();
/// match error.kind() {
///     DriverErrorKind::UnknownTask => assert_eq!(error.to_string(), "task #7 was never handed out by this driver"),
///     _ => unreachable!(),
/// }
/// # Ok::<(), hookplan::driver::DriverError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DriverErrorKind {
    /// The driver walks plans of another engine or operation (use [`super::for_plan`]).
    WrongPlan,
    /// A report names a task id the driver never handed out.
    UnknownTask,
    /// The plan's `engineVersion` is not a release hookplan follows.
    UnknownVersion,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Repr {
    WrongPlan { driver: &'static str, expected: &'static str, engine: Engine, operation: Operation },
    UnknownTask(TaskId),
    UnknownVersion(String),
}

impl DriverError {
    /// What kind of error it is.
    pub fn kind(&self) -> DriverErrorKind {
        match self.0 {
            Repr::WrongPlan { .. } => DriverErrorKind::WrongPlan,
            Repr::UnknownTask(_) => DriverErrorKind::UnknownTask,
            Repr::UnknownVersion(_) => DriverErrorKind::UnknownVersion,
        }
    }

    pub(crate) fn wrong_plan(driver: &'static str, expected: &'static str, plan: &Plan) -> DriverError {
        DriverError(Repr::WrongPlan { driver, expected, engine: plan.engine, operation: plan.operation })
    }

    pub(crate) fn unknown_task(id: TaskId) -> DriverError {
        DriverError(Repr::UnknownTask(id))
    }

    pub(crate) fn unknown_version(message: String) -> DriverError {
        DriverError(Repr::UnknownVersion(message))
    }
}

impl fmt::Display for DriverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::WrongPlan { driver, expected, engine, operation } => {
                let engine = match engine {
                    Engine::Argocd => "Argo CD",
                    Engine::Helm => "Helm",
                };
                write!(
                    f,
                    "{driver} drives {expected}, not a{} {engine} {operation} plan",
                    if engine == "Argo CD" { "n" } else { "" }
                )
            }
            Repr::UnknownTask(id) => write!(f, "task {id} was never handed out by this driver"),
            Repr::UnknownVersion(message) => write!(f, "the plan's engine version {message}"),
        }
    }
}

impl std::error::Error for DriverError {}
