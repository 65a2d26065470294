//! The driver vocabulary, shared by every driver: task ids, the outcomes a caller reports, the instructions a
//! driver gives ([`Next`], serialisable as in `hookplan simulate --output json`) and what a wait waits for.
//! The bottom of the `driver` folder: it knows the plan types and nothing of any driver.

use std::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The id of one task of a plan, handed out by a driver in its [`Next`] instructions.
///
/// Ids number the tasks of the steps in execution order, then the SyncFail hooks, from 0; [`TaskId::index`]
/// gives that number. Serialises as the number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TaskId(u32);

impl TaskId {
    /// The position of the task: the tasks of the plan's steps in order, then its SyncFail hooks.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub(crate) fn new(index: usize) -> TaskId {
        // A plan holds at most a few million tasks (the input limits bound it far below u32::MAX).
        TaskId(u32::try_from(index).unwrap_or(u32::MAX))
    }
}

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// The health of a live object, as Argo CD's health checks report it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Health {
    /// Healthy.
    Healthy,
    /// Progressing.
    Progressing,
    /// Suspended.
    Suspended,
    /// Degraded.
    Degraded,
    /// Missing.
    Missing,
    /// Unknown.
    Unknown,
    /// The kind has no health check.
    NoHealthCheck,
}

/// What the caller observed about a task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Outcome {
    /// The apply, create, prune or delete call succeeded (a deleted object may still be terminating).
    Applied,
    /// The call failed, with the error message.
    Failed(String),
    /// The live object's current health.
    Health(Health),
    /// The object is gone (a pruned or deleted object, or a hook's previous instance).
    Gone,
}

/// What a [`Next::Wait`] waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum WaitFor {
    /// The answer to calls already handed out (report `Applied`, `Gone` or `Failed`).
    Response,
    /// Hooks to complete (report their health).
    HookCompletion,
    /// Objects to become healthy (report their health).
    Health,
    /// Objects being deleted to be gone (report `Gone`).
    Deletion,
}

impl WaitFor {
    /// The kebab-case name, as it serialises.
    pub fn as_str(self) -> &'static str {
        match self {
            WaitFor::Response => "response",
            WaitFor::HookCompletion => "hook-completion",
            WaitFor::Health => "health",
            WaitFor::Deletion => "deletion",
        }
    }
}

impl fmt::Display for WaitFor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the caller should do next.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Next {
    /// Apply, or create (when the task's action is `create`), these tasks, all at once; report `Applied` or
    /// `Failed` for each.
    Apply(Vec<TaskId>),
    /// Delete these live objects (an Application deletion's wave, a Helm uninstall), all at once; report
    /// `Applied` (or `Gone`) or `Failed` for each, then `Gone` once each is gone.
    Delete(Vec<TaskId>),
    /// Delete these live objects that have no target any more (prune tasks), all at once; report `Applied` (or
    /// `Gone`) or `Failed` for each.
    Prune(Vec<TaskId>),
    /// Delete the previous instances of these hooks (BeforeHookCreation); report `Gone` (or `Failed`) for each.
    DeleteBeforeCreate(Vec<TaskId>),
    /// Wait for these tasks.
    Wait {
        /// The tasks waited for, in the order upstream's message lists them.
        tasks: Vec<TaskId>,
        /// What they are waited for.
        wait_for: WaitFor,
        /// Upstream's message, e.g. `waiting for completion of hook batch/Job/migrate`.
        message: String,
    },
    /// Deleting these tasks' objects waits for the Application's deletion approval
    /// (`argocd.argoproj.io/deletion-approved`); call the driver's `approve`.
    WaitForConfirmation {
        /// The tasks that need the approval.
        tasks: Vec<TaskId>,
        /// Upstream's message, e.g. `waiting for pruning confirmation of /ConfigMap/old`.
        message: String,
    },
    /// The sync failed: run these SyncFail hooks, all at once; report `Applied` or `Failed`, then their health.
    RunSyncFail(Vec<TaskId>),
    /// Delete these hooks, by their delete policy; report `Gone` (or `Failed`) for each.
    DeleteHooks(Vec<TaskId>),
    /// Print the logs of these test Pods, one after another (`helm test --logs`); report `Applied` when printed, or
    /// `Failed` with the error (the command then fails once the rest has run).
    Logs(Vec<TaskId>),
    /// The operation is over.
    Done {
        /// Whether it succeeded.
        succeeded: bool,
        /// Upstream's message.
        message: String,
    },
}

impl Next {
    /// The instruction's name as `hookplan simulate --output json` prints it: `apply`, `delete`, `prune`,
    /// `delete-before-create`, `wait`, `wait-for-confirmation`, `run-sync-fail`, `delete-hooks`, `logs` or
    /// `done`.
    pub fn name(&self) -> &'static str {
        match self {
            Next::Apply(_) => "apply",
            Next::Delete(_) => "delete",
            Next::Prune(_) => "prune",
            Next::DeleteBeforeCreate(_) => "delete-before-create",
            Next::Wait { .. } => "wait",
            Next::WaitForConfirmation { .. } => "wait-for-confirmation",
            Next::RunSyncFail(_) => "run-sync-fail",
            Next::DeleteHooks(_) => "delete-hooks",
            Next::Logs(_) => "logs",
            Next::Done { .. } => "done",
        }
    }

    /// The tasks the instruction names (none for `Done`).
    pub fn tasks(&self) -> &[TaskId] {
        match self {
            Next::Apply(ids)
            | Next::Delete(ids)
            | Next::Prune(ids)
            | Next::DeleteBeforeCreate(ids)
            | Next::RunSyncFail(ids)
            | Next::DeleteHooks(ids)
            | Next::Logs(ids) => ids,
            Next::Wait { tasks, .. } | Next::WaitForConfirmation { tasks, .. } => tasks,
            Next::Done { .. } => &[],
        }
    }
}

/// The serialised form of a [`Next`], borrowed from it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NextRef<'a> {
    instruction: &'static str,
    tasks: &'a [TaskId],
    #[serde(skip_serializing_if = "Option::is_none")]
    wait_for: Option<WaitFor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    succeeded: Option<bool>,
}

/// The serialised form of a [`Next`], read back.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NextFields {
    instruction: String,
    #[serde(default)]
    tasks: Vec<TaskId>,
    wait_for: Option<WaitFor>,
    message: Option<String>,
    succeeded: Option<bool>,
}

impl Serialize for Next {
    /// `{"instruction": NAME, "tasks": [ID, ...]}` with [`Next::name`], plus `waitFor` and `message` for a
    /// wait, `message` for a confirmation, `succeeded` and `message` for `done`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (wait_for, message, succeeded) = match self {
            Next::Wait { wait_for, message, .. } => (Some(*wait_for), Some(message.as_str()), None),
            Next::WaitForConfirmation { message, .. } => (None, Some(message.as_str()), None),
            Next::Done { succeeded, message } => (None, Some(message.as_str()), Some(*succeeded)),
            _ => (None, None, None),
        };
        NextRef { instruction: self.name(), tasks: self.tasks(), wait_for, message, succeeded }.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Next {
    /// Reads what [`Next`]'s `Serialize` writes; an unknown instruction, or one without the fields its kind
    /// needs, is an error.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let fields = NextFields::deserialize(deserializer)?;
        let missing = |field: &'static str| D::Error::custom(format!("`{}` needs `{field}`", fields.instruction));
        Ok(match fields.instruction.as_str() {
            "apply" => Next::Apply(fields.tasks),
            "delete" => Next::Delete(fields.tasks),
            "prune" => Next::Prune(fields.tasks),
            "delete-before-create" => Next::DeleteBeforeCreate(fields.tasks),
            "run-sync-fail" => Next::RunSyncFail(fields.tasks),
            "delete-hooks" => Next::DeleteHooks(fields.tasks),
            "logs" => Next::Logs(fields.tasks),
            "wait" => Next::Wait {
                wait_for: fields.wait_for.ok_or_else(|| missing("waitFor"))?,
                message: fields.message.clone().ok_or_else(|| missing("message"))?,
                tasks: fields.tasks,
            },
            "wait-for-confirmation" => Next::WaitForConfirmation {
                message: fields.message.clone().ok_or_else(|| missing("message"))?,
                tasks: fields.tasks,
            },
            "done" => Next::Done {
                succeeded: fields.succeeded.ok_or_else(|| missing("succeeded"))?,
                message: fields.message.clone().ok_or_else(|| missing("message"))?,
            },
            other => return Err(D::Error::custom(format!("unknown instruction `{other}`"))),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(next: &Next) -> String {
        let json = serde_json::to_string(next).unwrap();
        assert_eq!(&serde_json::from_str::<Next>(&json).unwrap(), next, "{json}");
        json
    }

    #[test]
    fn every_instruction_round_trips() {
        let ids = vec![TaskId(0), TaskId(2)];
        assert_eq!(round_trip(&Next::Apply(ids.clone())), r#"{"instruction":"apply","tasks":[0,2]}"#);
        for next in [
            Next::Delete(ids.clone()),
            Next::Prune(ids.clone()),
            Next::DeleteBeforeCreate(ids.clone()),
            Next::RunSyncFail(ids.clone()),
            Next::DeleteHooks(ids.clone()),
            Next::Logs(ids.clone()),
        ] {
            round_trip(&next);
        }
        assert_eq!(
            round_trip(&Next::Wait { tasks: ids.clone(), wait_for: WaitFor::HookCompletion, message: "m".into() }),
            r#"{"instruction":"wait","tasks":[0,2],"waitFor":"hook-completion","message":"m"}"#
        );
        round_trip(&Next::WaitForConfirmation { tasks: ids, message: "waiting for pruning confirmation".into() });
        assert_eq!(
            round_trip(&Next::Done { succeeded: false, message: "failed".into() }),
            r#"{"instruction":"done","tasks":[],"message":"failed","succeeded":false}"#
        );
    }

    #[test]
    fn malformed_instructions_are_errors() {
        let error = |json: &str| serde_json::from_str::<Next>(json).unwrap_err().to_string();
        assert_eq!(error(r#"{"instruction":"jump","tasks":[]}"#), "unknown instruction `jump`");
        assert_eq!(error(r#"{"instruction":"done","tasks":[]}"#), "`done` needs `succeeded`");
        assert_eq!(error(r#"{"instruction":"wait","tasks":[1],"message":"m"}"#), "`wait` needs `waitFor`");
    }
}
