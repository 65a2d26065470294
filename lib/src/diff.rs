//! What changes between two plans of the same engine and operation: the comparison a pull request review needs
//! ("what will Argo CD now do differently, in what order, and what will it delete?").
//!
//! Objects are matched by API group, kind, namespace and name (an unnamed hook by its generateName). Each change
//! is one [`Change`]: an object `added` to or `removed` from the plan, `moved` (its phase or wave changed, or
//! its Helm event or weight; a change of hook type is a move), its `delete-policies` changed, `excluded` (no
//! longer planned, with the reason) or `included` (planned again). An unchanged object has no entry; an object
//! with several changes has one entry per change. Changes that can break a sync carry a risk with its reason.
//!
//! ```
//! use hookplan::{Manifests, SyncOperation, plan_sync};
//! use hookplan::diff::{diff, ChangeKind};
//! let job = |wave: &str| format!("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    \
//!     argocd.argoproj.io/hook: {wave}\nspec: {{activeDeadlineSeconds: 60}}\n");
//! let base = plan_sync(&Manifests::parse("a.yaml", &job("PreSync")), &SyncOperation::new());
//! let head = plan_sync(&Manifests::parse("a.yaml", &job("Sync")), &SyncOperation::new());
//! let changes = diff(&base, &head);
//! assert_eq!(changes.changes.len(), 1);
//! assert_eq!(changes.changes[0].change, ChangeKind::Moved);
//! assert_eq!(changes.changes[0].summary, "Job/migrate moves from PreSync wave 0 to Sync wave 0");
//! assert!(changes.changes[0].risk.is_some(), "a hook that changes phase now runs at another time");
//! ```

use foldhash::{HashMap, HashMapExt};
use serde::{Deserialize, Serialize};
use std::collections::hash_map::Entry;

use crate::argocd::DeletePolicy;
use crate::diagnostic::{Diagnostic, RuleConfiguration, Severity};
use crate::plan::{Action, DeletePolicies, Engine, Operation, Phase, Plan};
use crate::resource::{ExclusionReason, ResourceRef};

/// The version of the diff JSON contract: the one `schemaVersion` of every hookplan JSON document.
pub use crate::plan::SCHEMA_VERSION;

crate::vocabulary::vocabulary! {
/// What changed about one object.
pub enum ChangeKind("change") {
    /// Planned now, not before.
    Added = "added",
    /// Planned before, not any more (and not excluded either: gone from the input).
    Removed = "removed",
    /// Its phase or wave (Helm: event or weight) changed; a change of hook type is a move.
    Moved = "moved",
    /// Its delete policies changed.
    DeletePolicies = "delete-policies",
    /// Planned before, excluded now (with the reason).
    Excluded = "excluded",
    /// Excluded before, planned now.
    Included = "included",
}
}

/// Where an object stands in one plan: its first step (phase, wave and 1-based step number), whether it is a
/// hook, its delete policies; or the reason it is excluded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Placement {
    /// The phase of its first task (Helm: the hook event, or the manifests step), `null` when excluded.
    pub phase: Option<Phase>,
    /// The wave (Helm: the hook weight) of its first task, `null` when excluded.
    pub wave: Option<i64>,
    /// The 1-based number of its first step, `null` when excluded or a SyncFail hook.
    pub step: Option<usize>,
    /// Every (phase, wave) it runs in, in order (a hook of several phases has several).
    pub runs_in: Vec<(Phase, i64)>,
    /// Whether the engine treats it as a hook.
    pub hook: bool,
    /// Its delete policies, in the engine's words.
    pub delete_policies: DeletePolicies,
    /// Why it is excluded, `null` when it is planned.
    pub reason: Option<ExclusionReason>,
}

/// One change of one object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Change {
    /// What changed.
    pub change: ChangeKind,
    /// The object (as the head plan shows it, else the base plan).
    pub resource: ResourceRef,
    /// Where it stood in the base plan, `null` when it was not there.
    pub before: Option<Placement>,
    /// Where it stands in the head plan, `null` when it is not there.
    pub after: Option<Placement>,
    /// One sentence for people.
    pub summary: String,
    /// Why the change can break a sync or lose something, when it can.
    pub risk: Option<String>,
}

/// The diagnostics that appear or disappear between two plans, matched by rule, object and message (not by
/// line: edits move lines).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DiagnosticChanges {
    /// In the head plan only.
    pub new: Vec<Diagnostic>,
    /// In the base plan only.
    pub fixed: Vec<Diagnostic>,
}

/// What changes from a base plan to a head plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PlanDiff {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Always [`RuleConfiguration::NotApplied`]: the diagnostics compared are the plans', each at its rule's
    /// default severity.
    #[serde(default)]
    pub rule_configuration: RuleConfiguration,
    /// The engine of both plans.
    pub engine: Engine,
    /// The operation of both plans.
    pub operation: Operation,
    /// The changes, risky ones first, then in the head plan's order (removed objects in the base plan's).
    pub changes: Vec<Change>,
    /// The diagnostics that appear and disappear.
    pub diagnostics: DiagnosticChanges,
}

impl PlanDiff {
    /// Whether the two plans are the same: no change and no diagnostic that appears or disappears.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.diagnostics.new.is_empty() && self.diagnostics.fixed.is_empty()
    }

    /// The new diagnostics that are errors: each is a risk of its own.
    pub fn new_errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.new.iter().filter(|d| d.severity == Severity::Error)
    }

    /// The changes that carry a risk.
    pub fn risky(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.risk.is_some())
    }
}

/// An object's identity across two plans, borrowed from a plan: API group, kind, namespace, and name (or
/// generateName, marked as such).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Key<'a> {
    group: &'a str,
    kind: &'a str,
    namespace: Option<&'a str>,
    name: &'a str,
    generated: bool,
}

impl std::hash::Hash for Key<'_> {
    /// The name alone (nearly unique within a plan): equal keys have equal names, and hashing one string is a
    /// third of the cost of hashing all four.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write(self.name.as_bytes());
    }
}

fn key(resource: &ResourceRef) -> Key<'_> {
    let (name, generated) = match (&resource.name, &resource.generate_name) {
        (Some(name), _) => (name.as_str(), false),
        (None, Some(generate_name)) => (generate_name.as_str(), true),
        (None, None) => ("", false),
    };
    Key { group: &resource.group, kind: &resource.kind, namespace: resource.namespace.as_deref(), name, generated }
}

/// Whether two keys name the same object; a key without a namespace (a diagnostic's, an excluded object's: the
/// manifest's own) matches any namespace.
fn same_key(a: Key<'_>, b: Key<'_>) -> bool {
    a.group == b.group
        && a.kind == b.kind
        && a.name == b.name
        && a.generated == b.generated
        && (a.namespace == b.namespace || a.namespace.is_none() || b.namespace.is_none())
}

fn same_object(a: &ResourceRef, b: &ResourceRef) -> bool {
    same_key(key(a), key(b))
}

/// Where an object stands in one plan, borrowed from it; made into a [`Placement`] only for a change.
struct Spot<'a> {
    resource: &'a ResourceRef,
    /// (phase, wave, 1-based step) of its first task, `None` when excluded.
    first: Option<(Phase, i64, Option<usize>)>,
    /// The further (phase, wave) it runs in (a hook of several phases).
    more: Vec<(Phase, i64)>,
    hook: bool,
    delete_policies: &'a DeletePolicies,
    reason: Option<ExclusionReason>,
}

impl Spot<'_> {
    fn runs_in(&self) -> Vec<(Phase, i64)> {
        self.first.iter().map(|&(phase, wave, _)| (phase, wave)).chain(self.more.iter().copied()).collect()
    }

    fn same_runs(&self, other: &Spot<'_>) -> bool {
        self.first.map(|(p, w, _)| (p, w)) == other.first.map(|(p, w, _)| (p, w)) && self.more == other.more
    }

    fn placement(&self) -> Placement {
        Placement {
            phase: self.first.map(|(phase, _, _)| phase),
            wave: self.first.map(|(_, wave, _)| wave),
            step: self.first.and_then(|(_, _, step)| step),
            runs_in: self.runs_in(),
            hook: self.hook,
            delete_policies: self.delete_policies.clone(),
            reason: self.reason,
        }
    }
}

static NO_POLICIES: DeletePolicies = DeletePolicies::NONE;

/// Every object of a plan with where it stands, in plan order (steps, then SyncFail hooks, then excluded), and
/// the index of each by its key.
fn spots(plan: &Plan) -> (Vec<Spot<'_>>, HashMap<Key<'_>, usize>) {
    let capacity = plan.excluded.len() + plan.sync_fail.len() + plan.steps.iter().map(|s| s.tasks.len()).sum::<usize>();
    let mut spots: Vec<Spot<'_>> = Vec::with_capacity(capacity);
    let mut index: HashMap<Key<'_>, usize> = HashMap::with_capacity(capacity);
    let tasks = plan
        .steps
        .iter()
        .enumerate()
        .flat_map(|(i, step)| step.tasks.iter().map(move |task| (task, step.phase, step.wave, Some(i + 1))))
        .chain(plan.sync_fail.iter().map(|task| (task, Phase::SyncFail, 0, None)));
    for (task, phase, wave, step) in tasks {
        if matches!(task.action, Action::Delete) && task.hook && plan.engine == Engine::Helm {
            continue; // Helm's policy deletion of a hook: not a placement of its own
        }
        match index.entry(key(&task.resource)) {
            Entry::Occupied(at) => {
                let spot = &mut spots[*at.get()];
                let known =
                    spot.first.is_some_and(|(p, w, _)| (p, w) == (phase, wave)) || spot.more.contains(&(phase, wave));
                if !known {
                    spot.more.push((phase, wave));
                }
            }
            Entry::Vacant(at) => {
                at.insert(spots.len());
                spots.push(Spot {
                    resource: &task.resource,
                    first: Some((phase, wave, step)),
                    more: Vec::new(),
                    hook: task.hook,
                    delete_policies: &task.delete_policies,
                    reason: None,
                });
            }
        }
    }
    for excluded in &plan.excluded {
        let Some(resource) = &excluded.resource else { continue };
        // An object excluded in one role (a live hook) and planned in another keeps its planned place.
        if let Entry::Vacant(at) = index.entry(key(resource)) {
            at.insert(spots.len());
            spots.push(Spot {
                resource,
                first: None,
                more: Vec::new(),
                hook: false,
                delete_policies: &NO_POLICIES,
                reason: Some(excluded.reason),
            });
        }
    }
    (spots, index)
}

/// Compares a base plan with a head plan of the same engine and operation. Pure: it reads the two plans only.
/// Plans of different engines or operations are compared all the same (every object then tends to move).
///
/// ```
/// use hookplan::{Manifests, SyncOperation, plan_sync};
/// use hookplan::diff::diff;
/// let job = |wave: &str| format!("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  \
///     annotations: {{argocd.argoproj.io/sync-wave: \"{wave}\"}}\n");
/// let base = plan_sync(&Manifests::parse("job.yaml", &job("1")), &SyncOperation::new());
/// let head = plan_sync(&Manifests::parse("job.yaml", &job("2")), &SyncOperation::new());
/// assert!(diff(&base, &base).is_empty());
/// assert!(!diff(&base, &head).is_empty());
/// ```
pub fn diff(base: &Plan, head: &Plan) -> PlanDiff {
    let (base_spots, base_index) = spots(base);
    let (head_spots, head_index) = spots(head);
    let engine = head.engine;
    let new = new_diagnostics(&base.diagnostics, &head.diagnostics);
    let fixed = new_diagnostics(&head.diagnostics, &base.diagnostics);
    let mut matched = vec![false; base_spots.len()];
    // Base objects by identity without namespace, built only when an object has no exact counterpart.
    let mut by_name: Option<HashMap<Key<'_>, Vec<usize>>> = None;
    let mut changes = Vec::new();
    let (new_uses_later, base_uses_later) = (uses_later_index(&new), uses_later_index(&base.diagnostics));
    for after in &head_spots {
        let k = key(after.resource);
        let found = base_index.get(&k).copied().or_else(|| {
            // An excluded object carries the namespace its manifest wrote, a planned one the defaulted
            // namespace: an object without a namespace on one side is the object of the same group, kind and
            // name on the other, when that one has no counterpart of its own.
            let by_name = by_name.get_or_insert_with(|| {
                let mut by_name: HashMap<Key<'_>, Vec<usize>> = HashMap::new();
                for (i, b) in base_spots.iter().enumerate() {
                    by_name.entry(Key { namespace: None, ..key(b.resource) }).or_default().push(i);
                }
                by_name
            });
            by_name.get(&Key { namespace: None, ..k })?.iter().copied().find(|&i| {
                let bk = key(base_spots[i].resource);
                !matched[i] && same_key(bk, k) && !head_index.contains_key(&bk)
            })
        });
        if let Some(i) = found {
            matched[i] = true;
        }
        let before = found.map(|i| &base_spots[i]);
        // Show the object with its namespace when one side knows it.
        let resource = match before {
            Some(before) if after.resource.namespace.is_none() => before.resource,
            _ => after.resource,
        };
        changes.extend(changes_of(engine, resource, before, Some(after), &new_uses_later, &base_uses_later));
    }
    for (before, _) in base_spots.iter().zip(&matched).filter(|(_, matched)| !**matched) {
        changes.extend(changes_of(engine, before.resource, Some(before), None, &new_uses_later, &base_uses_later));
    }
    // Risky changes first; otherwise the order above (stable).
    changes.sort_by_key(|change| change.risk.is_none());
    PlanDiff {
        schema_version: SCHEMA_VERSION,
        rule_configuration: RuleConfiguration::NotApplied,
        engine,
        operation: head.operation,
        changes,
        diagnostics: DiagnosticChanges { new, fixed },
    }
}

/// The diagnostics of `after` that `before` does not have, by rule, object and message.
fn new_diagnostics(before: &[Diagnostic], after: &[Diagnostic]) -> Vec<Diagnostic> {
    let identity = |d| -> (&str, Option<Key<'_>>, &str) {
        let d: &Diagnostic = d;
        (d.rule.name, d.resource.as_ref().map(key), d.message.as_str())
    };
    let mut seen: HashMap<(&str, Option<Key<'_>>, &str), usize> = HashMap::new();
    for d in before {
        *seen.entry(identity(d)).or_default() += 1;
    }
    let mut new = Vec::new();
    for d in after {
        match seen.get_mut(&identity(d)) {
            Some(count) if *count > 0 => *count -= 1,
            _ => new.push(d.clone()),
        }
    }
    new
}

/// `Kind/namespace/name` with `*` for an unnamed hook.
fn object(resource: &ResourceRef) -> String {
    resource.to_string()
}

fn position(placement: &Placement, engine: Engine) -> String {
    let unit = if engine == Engine::Helm { "weight" } else { "wave" };
    let runs: Vec<String> = placement.runs_in.iter().map(|(phase, wave)| format!("{phase} {unit} {wave}")).collect();
    runs.join(" and ")
}

/// The `uses-object-applied-later` diagnostics of a list, by the name (or generateName) of their object: a
/// moved object finds its own without a scan of every diagnostic.
type UsesLater<'a> = HashMap<&'a str, Vec<&'a Diagnostic>>;

fn uses_later_index(diagnostics: &[Diagnostic]) -> UsesLater<'_> {
    let mut index: UsesLater<'_> = HashMap::new();
    for d in diagnostics.iter().filter(|d| d.rule.name == "uses-object-applied-later") {
        if let Some(resource) = &d.resource {
            index.entry(key(resource).name).or_default().push(d);
        }
    }
    index
}

/// The `uses-object-applied-later` diagnostic of `resource` in an index, if any.
fn uses_later<'d>(index: &UsesLater<'d>, resource: &ResourceRef) -> Option<&'d Diagnostic> {
    let found = index.get(key(resource).name)?.iter();
    found.copied().find(|d| d.resource.as_ref().is_some_and(|r| same_object(r, resource)))
}

/// The changes of one object between its two placements.
fn changes_of(
    engine: Engine,
    resource: &ResourceRef,
    before: Option<&Spot<'_>>,
    after: Option<&Spot<'_>>,
    new_diagnostics: &UsesLater<'_>,
    base_diagnostics: &UsesLater<'_>,
) -> Vec<Change> {
    // Most objects do not change: say so before building anything.
    if let (Some(b), Some(a)) = (before, after) {
        let same_policies = b.delete_policies == a.delete_policies || !(b.hook || a.hook);
        if b.reason == a.reason && (b.reason.is_some() || (b.same_runs(a) && b.hook == a.hook && same_policies)) {
            return Vec::new();
        }
    }
    let (before, after) = (before.map(Spot::placement), after.map(Spot::placement));
    let (before, after) = (before.as_ref(), after.as_ref());
    let change = |kind: ChangeKind, summary: String, risk: Option<String>| Change {
        change: kind,
        resource: resource.clone(),
        before: before.cloned(),
        after: after.cloned(),
        summary,
        risk,
    };
    let name = object(resource);
    let (before_reason, after_reason) = (before.and_then(|p| p.reason), after.and_then(|p| p.reason));
    match (before, after) {
        (None, None) => Vec::new(),
        (None, Some(after)) => {
            let summary = match after.reason {
                Some(reason) => format!("{name} is added, excluded: {}", reason.describe()),
                None => format!("{name} is added in {}", position(after, engine)),
            };
            vec![change(ChangeKind::Added, summary, None)]
        }
        (Some(before), None) => {
            let risk = before.reason.is_none().then(|| match engine {
                Engine::Helm => "it leaves the release: Helm deletes it on upgrade".to_string(),
                _ => "it leaves the plan: Argo CD prunes it if pruning is on (else it stays, out of sync)".to_string(),
            });
            vec![change(ChangeKind::Removed, format!("{name} is removed"), risk)]
        }
        (Some(_), Some(after)) if before_reason.is_none() && after_reason.is_some() => {
            let reason = after.reason.map_or("", ExclusionReason::describe);
            vec![change(ChangeKind::Excluded, format!("{name} is no longer planned: {reason}"), None)]
        }
        (Some(_), Some(after)) if before_reason.is_some() && after_reason.is_none() => {
            let summary = format!("{name} is planned again, in {}", position(after, engine));
            vec![change(ChangeKind::Included, summary, None)]
        }
        (Some(_), Some(after)) if before_reason.is_some() => {
            if before_reason == after_reason {
                return Vec::new();
            }
            let reason = after.reason.map_or("", ExclusionReason::describe);
            vec![change(ChangeKind::Excluded, format!("{name} is still not planned, now: {reason}"), None)]
        }
        (Some(before), Some(after)) => {
            let mut out = Vec::new();
            if before.runs_in != after.runs_in || before.hook != after.hook {
                let summary = format!("{name} moves from {} to {}", position(before, engine), position(after, engine));
                let risk = move_risk(engine, resource, before, after, new_diagnostics, base_diagnostics);
                out.push(change(ChangeKind::Moved, summary, risk));
            }
            if before.delete_policies != after.delete_policies && (before.hook || after.hook) {
                let shown = |p: &DeletePolicies| if p.is_empty() { "none".to_string() } else { p.to_string() };
                let summary = format!(
                    "{name}'s delete policies change from [{}] to [{}]",
                    shown(&before.delete_policies),
                    shown(&after.delete_policies)
                );
                let loses = before.delete_policies.contains(DeletePolicy::BeforeHookCreation)
                    && !after.delete_policies.contains(DeletePolicy::BeforeHookCreation)
                    && resource.name.is_some()
                    && after.hook;
                let risk = loses.then(|| {
                    "a named hook without BeforeHookCreation is applied over its previous instance: a completed Job \
                     does not run again and a changed spec is rejected, which can wedge the sync"
                        .to_string()
                });
                out.push(change(ChangeKind::DeletePolicies, summary, risk));
            }
            out
        }
    }
}

/// Why a move is risky, if it is.
fn move_risk(
    engine: Engine,
    resource: &ResourceRef,
    before: &Placement,
    after: &Placement,
    new_diagnostics: &UsesLater<'_>,
    base_diagnostics: &UsesLater<'_>,
) -> Option<String> {
    let mut risks = Vec::new();
    if engine == Engine::Helm && !before.hook && after.hook {
        risks.push(
            "a regular object becomes a Helm hook: Helm deletes it from the release on upgrade and creates it again \
             as a hook"
                .to_string(),
        );
    }
    let phases = |p: &Placement| p.runs_in.iter().map(|(phase, _)| *phase).collect::<Vec<_>>();
    if engine != Engine::Helm && (before.hook || after.hook) && phases(before) != phases(after) {
        risks.push(format!(
            "a hook that changes phase runs at another time: in {} it runs {}",
            after.phase.map_or_else(String::new, |p| p.to_string()),
            match after.phase {
                Some(Phase::Sync) => "alongside the rollout, not before it",
                Some(Phase::PreSync) => "before anything else is applied",
                Some(Phase::PostSync) => "only after every Sync-phase object is healthy",
                _ => "at another point of the operation",
            }
        ));
    }
    // Only when the base had no such finding for the object: otherwise it already came before what it uses.
    if let Some(d) = uses_later(new_diagnostics, resource).filter(|_| uses_later(base_diagnostics, resource).is_none())
    {
        risks.push(format!("it now comes before an object it uses ({})", d.message));
    }
    (!risks.is_empty()).then(|| risks.join("; "))
}
