//! The orchestrator: for each request, plans every engine it names once, lints the manifests with those plans,
//! and returns the plan with its diagnostics (or the diagnostics alone).
//!
//! This is the one layer that calls both the planners ([`crate::argocd::sync_plan`],
//! [`crate::argocd::delete_plan`], [`crate::helm::operation_plan`], which return a plan without diagnostics) and the
//! lint rules (which read the plans they are given and never plan). A plan's diagnostics are those of its engine:
//! an Argo CD plan carries the reading diagnostics, the shared rules, the Argo CD rules and
//! `upgrade-hook-runs-on-install`; a Helm plan the reading diagnostics, the shared rules, the Helm rules and
//! `helm-hook-deleted-before-use`; [`lint`] runs them all. The rule configuration (`.hookplan.yaml`) and the
//! `ignore-check.hookplan.io/` suppressions apply to these diagnostics afterwards:
//! [`crate::config::LintConfig::apply`].

use crate::argocd::{self, SyncOperation};
use crate::diagnostic::Diagnostic;
use crate::helm::{self, HelmCommand, HelmOperation};
use crate::lint::{Engines, LintContext, lint as run_rules, object_rules, reads_plans};
use crate::manifests::Manifests;
use crate::metadata::Objects;
use crate::plan::Plan;

/// Plans an Argo CD sync of `manifests` with no live state (no prune tasks, no previous hook instances), with
/// its diagnostics: [`plan_sync_with_live`] with no live objects.
///
/// ```
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// let manifests = Manifests::parse("job.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  \
///     annotations: {argocd.argoproj.io/hook: Presync}\n");
/// let plan = plan_sync(&manifests, &SyncOperation::new());
/// assert!(plan.steps.is_empty(), "an unknown hook type leaves no phase");
/// assert_eq!(plan.diagnostics[0].rule.name, "unknown-hook-type");
/// ```
pub fn plan_sync(manifests: &Manifests, operation: &SyncOperation) -> Plan {
    plan_sync_with_live(manifests, &Manifests::new(), operation)
}

/// Plans an Argo CD sync of `manifests` against the `live` objects of the Application
/// ([`crate::argocd::sync_plan`], which describes each step of the planning), then lints the manifests with that
/// plan: the diagnostics are those of reading both inputs and of the shared and Argo CD rules, ordered by source
/// position.
///
/// ```
/// use hookplan::{Manifests, SyncOperation, plan_sync_with_live};
/// let target = Manifests::parse("app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kept}\n");
/// let live = Manifests::parse("live.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: gone}\n");
/// let plan = plan_sync_with_live(&target, &live, &SyncOperation::new().prune(true));
/// let actions: Vec<String> = plan.tasks().map(|(_, t)| format!("{} {}", t.action, t.resource)).collect();
/// assert_eq!(actions, ["prune ConfigMap/gone", "apply ConfigMap/kept"]);
/// ```
pub fn plan_sync_with_live(manifests: &Manifests, live: &Manifests, operation: &SyncOperation) -> Plan {
    // Each resource's metadata is read once, for the planner and the rules.
    let targets = Objects::new(manifests, operation.argocd_version);
    let mut plan = argocd::sync_plan_of(&targets, &Objects::new(live, operation.argocd_version), operation);
    let context = LintContext {
        destination_namespace: operation.destination_namespace.as_deref(),
        argocd_version: operation.argocd_version,
        self_heal: operation.self_heal,
        argocd_plan: Some(&plan),
        helm_plan: None,
    };
    let diagnostics = run_rules(&targets, Engines::ARGOCD, &context);
    plan.diagnostics = with_live_reading_errors(diagnostics, live);
    plan
}

/// Plans the cascade deletion of an Application ([`crate::argocd::delete_plan`], which describes the passes),
/// with the diagnostics of reading both inputs and of the shared and Argo CD rules (the order-reading rules read
/// the sync of the same manifests, planned once when they have something to read).
///
/// ```
/// use hookplan::{Manifests, SyncOperation, plan_delete};
/// let live = Manifests::parse("live.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
/// let plan = plan_delete(&Manifests::new(), &live, &SyncOperation::new());
/// assert_eq!((plan.steps.len(), plan.diagnostics.len()), (1, 0));
/// ```
pub fn plan_delete(manifests: &Manifests, live: &Manifests, operation: &SyncOperation) -> Plan {
    let targets = Objects::new(manifests, operation.argocd_version);
    let mut plan = argocd::delete_plan_of(&targets, &Objects::new(live, operation.argocd_version), operation);
    let namespace = operation.destination_namespace.as_deref();
    let sync = reads_plans(manifests).then(|| order_sync(&targets, namespace));
    let context = LintContext {
        destination_namespace: namespace,
        argocd_version: operation.argocd_version,
        self_heal: false,
        argocd_plan: sync.as_ref(),
        helm_plan: None,
    };
    plan.diagnostics = with_live_reading_errors(run_rules(&targets, Engines::ARGOCD, &context), live);
    plan
}

/// Plans a Helm operation on the rendered manifests ([`crate::helm::operation_plan`], which describes the
/// planning), then lints them with that plan: the diagnostics are those of reading and of the shared and Helm
/// rules (with `helm test --logs`, the test hooks whose logs cannot be read), ordered by source position.
///
/// ```
/// use hookplan::{Manifests, plan_helm};
/// use hookplan::helm::{HelmCommand, HelmOperation};
/// let chart = Manifests::parse("chart.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  \
///     annotations: {helm.sh/hook: pre-instal}\n");
/// let plan = plan_helm(&chart, &HelmOperation::new(HelmCommand::Install));
/// assert_eq!(plan.excluded[0].reason.as_str(), "dropped-by-helm");
/// assert_eq!(plan.diagnostics[0].rule.name, "unknown-helm-hook");
/// ```
pub fn plan_helm(manifests: &Manifests, operation: &HelmOperation) -> Plan {
    let context = LintContext::default();
    let objects = Objects::new(manifests, context.argocd_version);
    let mut plan = helm::operation_plan_of(&objects, operation);
    let context = LintContext {
        destination_namespace: operation.namespace.as_deref(),
        helm_plan: Some((&plan, operation)),
        ..context
    };
    plan.diagnostics = run_rules(&objects, Engines::HELM, &context);
    plan
}

/// Runs every lint rule, of both engines, over `manifests` and returns the reading diagnostics together with the
/// new ones, ordered by source position (then code). `destination_namespace` is the Application's namespace, given
/// to objects without one when identities are compared. The rules that read an operation's order read an Argo CD
/// sync and a Helm install of the manifests, each planned once, and only when there is something to order.
///
/// ```
/// use hookplan::{Manifests, check};
/// let manifests = Manifests::parse("job.yaml", "\
/// apiVersion: batch/v1
/// kind: Job
/// metadata:
///   generateName: migrate-
///   annotations:
///     argocd.argoproj.io/hook: Presync
/// ");
/// let diagnostics = check::lint(&manifests, None);
/// assert_eq!(diagnostics[0].rule.name, "unknown-hook-type");
/// assert_eq!(diagnostics[0].help.as_deref(), Some("did you mean `PreSync`?"));
/// ```
pub fn lint(manifests: &Manifests, destination_namespace: Option<&str>) -> Vec<Diagnostic> {
    lint_all(manifests, destination_namespace, argocd::ArgocdVersion::NEWEST, false)
}

/// [`lint`] for the manifests of an Argo CD Application synced with `operation`: its destination namespace, its
/// Argo CD release, and the rules that depend on how it syncs (`self-heal-reruns-hooks` with self-heal).
///
/// ```
/// use hookplan::{Manifests, SyncOperation, check};
/// use hookplan::argocd::Application;
/// let app = Application::parse("app.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: Application\n\
///     spec: {syncPolicy: {automated: {selfHeal: true}}}\n")?;
/// let hook = Manifests::parse("hook.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: notify-\n\
///     \x20 annotations: {argocd.argoproj.io/hook: PostSync}\nspec: {activeDeadlineSeconds: 60}\n");
/// let rules: Vec<&str> = check::lint_with(&hook, &SyncOperation::new().application(&app))
///     .iter().map(|d| d.rule.name).collect();
/// assert_eq!(rules, ["self-heal-reruns-hooks"]);
/// # Ok::<(), hookplan::argocd::ApplicationError>(())
/// ```
pub fn lint_with(manifests: &Manifests, operation: &SyncOperation) -> Vec<Diagnostic> {
    let namespace = operation.destination_namespace.as_deref();
    lint_all(manifests, namespace, operation.argocd_version, operation.self_heal)
}

/// Runs the rules that read objects (one at a time, or the set) over the resources of `manifests`: not the
/// reading diagnostics, not the rules that read an operation's order (see [`lint`]).
///
/// ```
/// use hookplan::{Manifests, check};
/// let m = Manifests::parse("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n");
/// assert_eq!(check::validate(&m, None)[0].rule.name, "missing-name");
/// ```
pub fn validate(manifests: &Manifests, destination_namespace: Option<&str>) -> Vec<Diagnostic> {
    object_rules(&Objects::new(manifests, argocd::ArgocdVersion::NEWEST), destination_namespace, Engines::ALL)
}

/// Both engines' rules, the order-reading ones given a sync and a Helm install planned once each (when needed).
fn lint_all(
    manifests: &Manifests,
    destination_namespace: Option<&str>,
    argocd_version: argocd::ArgocdVersion,
    self_heal: bool,
) -> Vec<Diagnostic> {
    let objects = Objects::new(manifests, argocd_version);
    let plans = reads_plans(manifests).then(|| {
        let sync = order_sync(&objects, destination_namespace);
        let mut operation = HelmOperation::new(HelmCommand::Install);
        if let Some(namespace) = destination_namespace {
            operation = operation.namespace(namespace);
        }
        let install = helm::operation_plan_of(&objects, &operation);
        (sync, install, operation)
    });
    let context = LintContext {
        destination_namespace,
        argocd_version,
        self_heal,
        argocd_plan: plans.as_ref().map(|(sync, _, _)| sync),
        helm_plan: plans.as_ref().map(|(_, install, operation)| (install, operation)),
    };
    run_rules(&objects, Engines::ALL, &context)
}

/// The sync whose order the rules read when the request is not itself a sync: the objects alone, into the
/// destination namespace, as the Argo CD release their metadata is read for plans it.
fn order_sync(objects: &Objects<'_>, destination_namespace: Option<&str>) -> Plan {
    let version = objects.argocd_version();
    let mut operation = SyncOperation::new().argocd_version(version);
    if let Some(namespace) = destination_namespace {
        operation = operation.namespace(namespace);
    }
    let no_live = Manifests::new();
    argocd::sync_plan_of(objects, &Objects::new(&no_live, version), &operation)
}

/// The diagnostics of the targets, with those of reading the live objects (a live file that cannot be read is
/// reported, not lost; the rules themselves speak of the targets only), in source order.
fn with_live_reading_errors(mut diagnostics: Vec<Diagnostic>, live: &Manifests) -> Vec<Diagnostic> {
    if !live.diagnostics().is_empty() {
        diagnostics.extend(live.diagnostics().iter().cloned());
        diagnostics.sort_by(|a, b| a.location.cmp(&b.location).then_with(|| a.code.cmp(b.code)));
    }
    diagnostics
}
