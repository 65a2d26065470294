//! The [`Drive`] trait every driver implements, sealed.

use std::fmt;

use super::error::DriverError;
use super::instruction::{Next, Outcome, TaskId};
use crate::plan::{Plan, Task};

/// The seal: only the drivers' own files implement it (through [`impl_drive`]).
pub(crate) mod sealed {
    /// Implemented by hookplan's drivers only.
    pub trait Sealed {}
}

/// What every driver offers, so that an executor can walk any plan with one loop. Sealed: only hookplan's
/// drivers implement it.
pub trait Drive: sealed::Sealed + Send + Sync + fmt::Debug {
    /// The plan the driver walks.
    fn plan(&self) -> &Plan;
    /// What to do next. Calling it again without reporting anything gives the same answer (or a `Wait`).
    fn what_next(&mut self) -> Next;
    /// Records what the caller observed about task `id`.
    ///
    /// # Errors
    ///
    /// If `id` was never handed out by this driver (an id from another plan, or made up).
    fn report(&mut self, id: TaskId, outcome: Outcome) -> Result<(), DriverError>;
    /// The task behind an id, `None` for an id the driver never handed out.
    fn task(&self, id: TaskId) -> Option<&Task>;
    /// A confirmation the operation waits for arrived (`argocd.argoproj.io/deletion-approved`). Helm has none.
    fn approve(&mut self);
}

/// Implements [`Drive`] for a driver through its inherent methods of the same names.
macro_rules! impl_drive {
    ($driver:ty) => {
        impl $crate::driver::drive::sealed::Sealed for $driver {}

        impl $crate::driver::Drive for $driver {
            fn plan(&self) -> &$crate::plan::Plan {
                <$driver>::plan(self)
            }
            fn what_next(&mut self) -> $crate::driver::Next {
                <$driver>::what_next(self)
            }
            fn report(
                &mut self,
                id: $crate::driver::TaskId,
                outcome: $crate::driver::Outcome,
            ) -> Result<(), $crate::driver::DriverError> {
                <$driver>::report(self, id, outcome)
            }
            fn task(&self, id: $crate::driver::TaskId) -> Option<&$crate::plan::Task> {
                <$driver>::task(self, id)
            }
            fn approve(&mut self) {
                <$driver>::approve(self);
            }
        }
    };
}

pub(crate) use impl_drive;
