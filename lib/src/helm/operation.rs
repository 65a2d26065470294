//! The parameters of a Helm operation: the command and the flags that change its plan.

use crate::helm::HelmVersion;
use crate::manifests::Manifests;

/// Which Helm command.
///
/// ```
/// use hookplan::{Manifests, plan_helm};
/// use hookplan::helm::{HelmCommand, HelmOperation};
/// use hookplan::plan::Operation;
/// let plan = plan_helm(&Manifests::new(), &HelmOperation::new(HelmCommand::Uninstall));
/// assert_eq!(plan.operation, Operation::Uninstall);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HelmCommand {
    /// `helm install`: pre-install hooks, the manifests, post-install hooks.
    Install,
    /// `helm upgrade`: pre-upgrade hooks, the manifests and the prune of what left the chart, post-upgrade hooks.
    Upgrade,
    /// `helm rollback`: the target revision's pre-rollback hooks, manifests and post-rollback hooks.
    Rollback,
    /// `helm uninstall`: pre-delete hooks, the manifests in uninstall order, post-delete hooks.
    Uninstall,
    /// `helm test`: the test hooks.
    Test,
}

/// The parameters of a Helm operation that change the plan.
///
/// ```
/// use hookplan::helm::HelmVersion;
/// use hookplan::helm::{HelmCommand, HelmOperation};
/// let op = HelmOperation::new(HelmCommand::Install).version(HelmVersion::V3).namespace("shop");
/// assert_eq!(op.command, HelmCommand::Install);
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct HelmOperation {
    /// The command.
    pub command: HelmCommand,
    /// Helm 3 or Helm 4 (the kind orders differ).
    pub version: HelmVersion,
    /// The release namespace, given to objects without one.
    pub namespace: Option<String>,
    /// For an upgrade: the previous release's manifest, whose objects that left the chart are deleted.
    pub previous: Option<Manifests>,
    /// `--skip-crds`: an install does not create the chart's `crds/` directory.
    pub skip_crds: bool,
    /// `--no-hooks`: install, upgrade, rollback and uninstall run no hook.
    pub no_hooks: bool,
    /// `--wait` (Helm 3; Helm 4 `--wait=watcher|legacy`), or `--wait-for-jobs`: the regular manifests must be
    /// ready (and with `--wait-for-jobs` their Jobs complete) before the post-event hooks run. Without it (Helm 4's
    /// default `hookOnly`), Helm goes on at once.
    pub wait: bool,
    /// `--create-namespace` (install): the release namespace is created before the pre-install hooks.
    pub create_namespace: bool,
    /// `helm test --filter`: `name=NAME` keeps only the hooks named so, `!name=NAME` leaves them out (across every
    /// hook, then only the test hooks run).
    pub test_filter: Vec<String>,
    /// `--atomic` (Helm 3) / `--rollback-on-failure` (Helm 4): a failed install is uninstalled, a failed upgrade
    /// rolled back ([`crate::plan::Plan::on_failure`]).
    pub rollback_on_failure: bool,
    /// `--cleanup-on-fail` (upgrade): a failed upgrade deletes the objects it created.
    pub cleanup_on_fail: bool,
    /// `helm test --logs`: the test Pods' logs are printed once the tests ran (a `test-logs` step).
    pub logs: bool,
}

impl HelmOperation {
    /// A Helm 4 operation with no release namespace.
    ///
    /// ```
    /// use hookplan::helm::{HelmCommand, HelmOperation, HelmVersion};
    /// let op = HelmOperation::new(HelmCommand::Upgrade);
    /// assert_eq!((op.version, op.namespace, op.wait, op.no_hooks), (HelmVersion::V4, None, false, false));
    /// ```
    pub fn new(command: HelmCommand) -> Self {
        HelmOperation {
            command,
            version: HelmVersion::default(),
            namespace: None,
            previous: None,
            skip_crds: false,
            no_hooks: false,
            wait: false,
            create_namespace: false,
            test_filter: Vec::new(),
            rollback_on_failure: false,
            cleanup_on_fail: false,
            logs: false,
        }
    }

    /// `helm test --logs` (see [`HelmOperation::logs`]).
    ///
    /// ```
    /// use hookplan::Manifests;
    /// use hookplan::plan_helm;
    /// use hookplan::helm::{HelmCommand, HelmOperation};
    /// let test = Manifests::parse("t.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: check\n\
    ///     \x20 annotations: {helm.sh/hook: test, helm.sh/hook-delete-policy: hook-succeeded}\n");
    /// let phases = |version: &str| -> Vec<String> {
    ///     let op = HelmOperation::new(HelmCommand::Test).logs(true).version(version.parse().unwrap());
    ///     plan_helm(&test, &op).steps.iter().map(|s| s.phase.to_string()).collect()
    /// };
    /// // Helm 4 prints the logs before deleting the test Pod; Helm 3 deletes it first (and then fails).
    /// assert_eq!(phases("4"), ["test", "test-logs", "test"]);
    /// assert_eq!(phases("3"), ["test", "test", "test-logs"]);
    /// ```
    pub fn logs(mut self, logs: bool) -> Self {
        self.logs = logs;
        self
    }

    /// Sets the Helm version.
    ///
    /// ```
    /// use hookplan::{Manifests, plan_helm};
    /// use hookplan::helm::{HelmCommand, HelmOperation, HelmVersion};
    /// let plan = plan_helm(&Manifests::new(), &HelmOperation::new(HelmCommand::Install).version(HelmVersion::V3));
    /// assert_eq!(plan.engine_version, "3");
    /// ```
    pub fn version(mut self, version: HelmVersion) -> Self {
        self.version = version;
        self
    }

    /// Sets the release namespace.
    ///
    /// ```
    /// use hookplan::{Manifests, plan_helm};
    /// use hookplan::helm::{HelmCommand, HelmOperation};
    /// let chart = Manifests::parse("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
    /// let plan = plan_helm(&chart, &HelmOperation::new(HelmCommand::Install).namespace("shop"));
    /// assert_eq!(plan.tasks().next().unwrap().1.resource.to_string(), "ConfigMap/shop/c");
    /// ```
    pub fn namespace(mut self, namespace: &str) -> Self {
        self.namespace = Some(namespace.to_string());
        self
    }

    /// `--skip-crds`: an install does not create the chart's `crds/` directory.
    pub fn skip_crds(mut self, skip: bool) -> Self {
        self.skip_crds = skip;
        self
    }

    /// `--no-hooks`: no hook runs (see [`HelmOperation::no_hooks`]).
    ///
    /// ```
    /// use hookplan::{ExclusionReason, Manifests, plan_helm};
    /// use hookplan::helm::{HelmCommand, HelmOperation};
    /// let hook = Manifests::parse("hook.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n\
    ///     \x20 annotations: {helm.sh/hook: pre-install}\n");
    /// let plan = plan_helm(&hook, &HelmOperation::new(HelmCommand::Install).no_hooks(true));
    /// assert_eq!(plan.tasks().count(), 0);
    /// assert_eq!(plan.excluded[0].reason, ExclusionReason::NoHooks);
    /// ```
    pub fn no_hooks(mut self, no_hooks: bool) -> Self {
        self.no_hooks = no_hooks;
        self
    }

    /// `--wait` or `--wait-for-jobs` (see [`HelmOperation::wait`]).
    ///
    /// ```
    /// use hookplan::{Manifests, plan_helm};
    /// use hookplan::helm::{HelmCommand, HelmOperation};
    /// use hookplan::plan::StepWait;
    /// let chart = Manifests::parse("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
    /// let waits = |wait: bool| plan_helm(&chart, &HelmOperation::new(HelmCommand::Install).wait(wait)).steps[0].waits_for.clone();
    /// assert_eq!(waits(true), [StepWait::Health]);
    /// assert!(waits(false).is_empty());
    /// ```
    pub fn wait(mut self, wait: bool) -> Self {
        self.wait = wait;
        self
    }

    /// `--create-namespace` (see [`HelmOperation::create_namespace`]).
    ///
    /// ```
    /// use hookplan::{Manifests, plan_helm};
    /// use hookplan::helm::{HelmCommand, HelmOperation};
    /// let chart = Manifests::parse("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
    /// let op = HelmOperation::new(HelmCommand::Install).namespace("shop").create_namespace(true);
    /// let first = plan_helm(&chart, &op).tasks().next().unwrap().1.resource.to_string();
    /// assert_eq!(first, "Namespace/shop");
    /// ```
    pub fn create_namespace(mut self, create: bool) -> Self {
        self.create_namespace = create;
        self
    }

    /// `--atomic` / `--rollback-on-failure` (see [`HelmOperation::rollback_on_failure`]).
    pub fn rollback_on_failure(mut self, rollback: bool) -> Self {
        self.rollback_on_failure = rollback;
        self
    }

    /// `--cleanup-on-fail` (see [`HelmOperation::cleanup_on_fail`]).
    ///
    /// ```
    /// use hookplan::{Manifests, plan_helm};
    /// use hookplan::helm::{HelmCommand, HelmOperation};
    /// use hookplan::plan::FailureAction;
    /// let previous = Manifests::parse("old.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kept}\n");
    /// let chart = Manifests::parse("new.yaml", "{apiVersion: v1, kind: ConfigMap, metadata: {name: kept}}\n---\n{apiVersion: v1, kind: Secret, metadata: {name: added}}\n");
    /// let op = HelmOperation::new(HelmCommand::Upgrade).previous(previous).cleanup_on_fail(true);
    /// let on_failure = plan_helm(&chart, &op).on_failure.unwrap();
    /// assert_eq!(on_failure.actions, [FailureAction::DeleteCreated]);
    /// assert_eq!(on_failure.deletes.iter().map(|r| r.to_string()).collect::<Vec<_>>(), ["Secret/added"]);
    /// ```
    pub fn cleanup_on_fail(mut self, cleanup: bool) -> Self {
        self.cleanup_on_fail = cleanup;
        self
    }

    /// `helm test --filter` values, e.g. `name=smoke` or `!name=slow` (see [`HelmOperation::test_filter`]).
    pub fn test_filter(mut self, filter: Vec<String>) -> Self {
        self.test_filter = filter;
        self
    }

    /// Sets the previous release's manifest (for an upgrade).
    pub fn previous(mut self, previous: Manifests) -> Self {
        self.previous = Some(previous);
        self
    }
}
