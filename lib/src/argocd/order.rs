//! The order of an Argo CD sync's tasks: upstream's comparator over compact slots, with hookplan's deterministic
//! tie-break, and the dependency passes that pull Namespaces and CRDs ahead of what needs them.

use foldhash::{HashMap, HashMapExt};
use smol_str::SmolStr;

use super::task_draft::Draft;
use crate::argocd::SyncPhase;

/// "No id". Ids and draft indices are `u32`: a plan of 2^32 tasks would need terabytes of memory before it got
/// here, and ids saturate rather than wrap.
pub(super) const NONE: u32 = u32::MAX;

/// What a dependency pass moves: a Namespace (keyed by its name) or a CRD (keyed by the group and kind it
/// defines).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Dependency {
    Namespace(u32),
    Crd(u32),
}

/// A task's place in the order: what the sort and the dependency passes read, kept small (48 bytes) so that they
/// move little memory; the rest of the task is its [`Draft`]. Strings the passes compare are replaced by ids
/// ([`Ids`]).
#[derive(Clone, Copy, Debug)]
pub(super) struct Slot {
    /// The sort name's first 16 bytes, big-endian: they order like the bytes themselves (shorter names pad with
    /// zeros, and a zero byte sorts first as the end of a shorter name does), so most name comparisons are one
    /// integer compare; the full names decide only between names that share those 16 bytes.
    pub(super) name_prefix: u128,
    pub(super) wave: i64,
    /// The index of the draft.
    pub(super) draft: u32,
    /// The id of the (defaulted) namespace, [`NONE`] when there is none or it is empty.
    pub(super) namespace: u32,
    /// The id of the object's (API group, kind).
    pub(super) group_kind: u32,
    pub(super) dependency: Option<Dependency>,
    pub(super) phase: SyncPhase,
    pub(super) kind_rank: i8,
    /// Whether this is a prune task (a live object without a target).
    pub(super) prune: bool,
}

const _: () = assert!(std::mem::size_of::<Slot>() <= 48);

/// Small integer ids of the strings the dependency passes compare: namespace names, and (API group, kind) pairs.
#[derive(Default)]
pub(super) struct Ids<'a> {
    pub(super) namespaces: HashMap<SmolStr, u32>,
    pub(super) group_kinds: HashMap<(&'a str, &'a str), u32>,
}

impl<'a> Ids<'a> {
    pub(super) fn namespace(&mut self, name: &SmolStr) -> u32 {
        if let Some(&id) = self.namespaces.get(name.as_str()) {
            return id;
        }
        let id = u32::try_from(self.namespaces.len()).unwrap_or(NONE - 1);
        self.namespaces.insert(name.clone(), id);
        id
    }

    pub(super) fn group_kind(&mut self, group: &'a str, kind: &'a str) -> u32 {
        let next = u32::try_from(self.group_kinds.len()).unwrap_or(NONE - 1);
        *self.group_kinds.entry((group, kind)).or_insert(next)
    }
}

/// Upstream's order (`syncTasks.Less`: phase rank, wave, kind rank, name), then hookplan's tie-break: namespace,
/// API group, kind, source position.
pub(super) fn sorted(slots: Vec<Slot>, drafts: &[Draft<'_>]) -> Vec<Slot> {
    // Plans have few distinct (phase, wave, kind rank) groups and many names: place each slot in its group (a
    // counting sort), then sort each group by name. Each group is small and its names mostly differ in their
    // first 16 bytes, which is far less work than comparing whole keys across the plan.
    let group = |slot: &Slot| (slot.phase.rank(), slot.wave, slot.kind_rank);
    let mut starts: HashMap<(i32, i64, i8), usize> = HashMap::new();
    for slot in &slots {
        *starts.entry(group(slot)).or_insert(0) += 1;
    }
    let mut groups: Vec<((i32, i64, i8), usize)> = starts.iter().map(|(&key, &len)| (key, len)).collect();
    groups.sort_unstable_by_key(|&(key, _)| key);
    let mut start = 0;
    let mut ranges = Vec::with_capacity(groups.len());
    for (key, len) in groups {
        starts.insert(key, start);
        ranges.push(start..start + len);
        start += len;
    }
    let mut out = slots.clone();
    for slot in slots {
        if let Some(next) = starts.get_mut(&group(&slot)) {
            out[*next] = slot;
            *next += 1;
        }
    }
    // Within a group the order is total (the source position breaks every tie, and an object has one task per
    // phase), so an unstable sort is as deterministic as a stable one.
    for range in ranges {
        out[range].sort_unstable_by(|a, b| {
            a.name_prefix.cmp(&b.name_prefix).then_with(|| {
                let (da, db) = (&drafts[a.draft as usize], &drafts[b.draft as usize]);
                da.sort_name()
                    .as_bytes()
                    .cmp(db.sort_name().as_bytes())
                    .then_with(|| da.namespace.as_deref().unwrap_or("").cmp(db.namespace.as_deref().unwrap_or("")))
                    .then_with(|| da.resource.group.cmp(&db.resource.group))
                    .then_with(|| da.resource.kind.cmp(&db.resource.kind))
                    .then_with(|| da.resource.location.cmp(&db.resource.location))
                    .then_with(|| a.prune.cmp(&b.prune))
            })
        });
    }
    out
}

/// A Namespace of the core group is a dependency, keyed by its name.
pub(super) fn namespace_dependency(slot: &Slot) -> Option<u32> {
    match slot.dependency {
        Some(Dependency::Namespace(name)) => Some(name),
        _ => None,
    }
}

/// Any object with a (defaulted, non-empty) namespace refers to that Namespace.
pub(super) fn namespace_referrer(slot: &Slot) -> Option<u32> {
    (slot.namespace != NONE).then_some(slot.namespace)
}

/// A CRD with `spec.group` and `spec.names.kind` is a dependency, keyed (group, kind).
pub(super) fn crd_dependency(slot: &Slot) -> Option<u32> {
    match slot.dependency {
        Some(Dependency::Crd(group_kind)) => Some(group_kind),
        _ => None,
    }
}

/// Every object refers to the CRD of its own (group, kind).
#[allow(clippy::unnecessary_wraps)] // the shape adjust_deps takes for both passes
pub(super) fn crd_referrer(slot: &Slot) -> Option<u32> {
    Some(slot.group_kind)
}

/// Moves each dependency that comes after its first referrer to just before it, copying the referrer's phase
/// and wave; returns the new order and whether anything moved. A dependency is never itself a referrer.
///
/// Upstream (argo-cd@37ee009): `syncTasks.adjustDeps` in `gitops-engine/pkg/sync/sync_tasks.go`; upstream tests `TestSyncNamespaceAgainstCRD`, `TestSyncTasksSort_NamespaceAndObjectInNamespace`, `TestSyncTasksSort_CRDAndCR`.
/// Upstream moves each dependency in place (`O(n)` per move) and shifts the remembered referrer indices; the
/// result is the same as this single pass: a moved dependency always lands immediately before the same
/// referrer element, after the dependencies attached to it earlier in the scan.
pub(super) fn adjust_deps(
    mut slots: Vec<Slot>,
    is_dependency: fn(&Slot) -> Option<u32>,
    refers_to: fn(&Slot) -> Option<u32>,
) -> (Vec<Slot>, bool) {
    // Keys are small ids: the first referrer of each is a plain vector lookup.
    let mut first_referrer: Vec<usize> = Vec::new();
    let mut attached: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut moved = vec![false; slots.len()];
    for i in 0..slots.len() {
        if slots[i].prune {
            continue; // prune tasks have no target object: upstream skips them
        }
        if let Some(key) = is_dependency(&slots[i]) {
            if let Some(&referrer) = first_referrer.get(key as usize).filter(|&&r| r != usize::MAX) {
                slots[i].phase = slots[referrer].phase;
                slots[i].wave = slots[referrer].wave;
                attached.entry(referrer).or_default().push(i);
                moved[i] = true;
            }
        } else if let Some(key) = refers_to(&slots[i]) {
            let key = key as usize;
            if key >= first_referrer.len() {
                first_referrer.resize(key + 1, usize::MAX);
            }
            if first_referrer[key] == usize::MAX {
                first_referrer[key] = i;
            }
        }
    }
    if attached.is_empty() {
        return (slots, false);
    }
    let mut ordered = Vec::with_capacity(slots.len());
    for i in 0..slots.len() {
        if moved[i] {
            continue;
        }
        for &dependency in attached.get(&i).into_iter().flatten() {
            ordered.push(slots[dependency]);
        }
        ordered.push(slots[i]);
    }
    (ordered, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Upstream's `adjustDeps`, ported literally: move in place, shift the remembered indices.
    fn adjust_deps_in_place(
        mut s: Vec<Slot>,
        is_dependency: fn(&Slot) -> Option<u32>,
        refers_to: fn(&Slot) -> Option<u32>,
    ) -> Vec<Slot> {
        let mut first: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
        for i in 0..s.len() {
            if let Some(key) = is_dependency(&s[i]) {
                if let Some(&index) = first.get(&key) {
                    let mut t = s.remove(i);
                    t.wave = s[index].wave;
                    t.phase = s[index].phase;
                    s.insert(index, t);
                    for value in first.values_mut() {
                        if *value >= index {
                            *value += 1;
                        }
                    }
                }
            } else if let Some(key) = refers_to(&s[i]) {
                first.entry(key).or_insert(i);
            }
        }
        s
    }

    proptest! {
        /// Namespaces `ns0`..`ns3` and objects in them (ids 0..4), CRDs of kinds 0..3 and objects of those kinds,
        /// in any order, phase and wave.
        #[test]
        fn single_pass_equals_upstream_in_place_moves(
            items in prop::collection::vec((0..3u8, 0..4u32, 0..4u32, 0..3u8, -1i64..2), 0..40)
        ) {
            let phases = [SyncPhase::PreSync, SyncPhase::Sync, SyncPhase::PostSync];
            let slots: Vec<Slot> = items
                .iter()
                .enumerate()
                .map(|(i, &(what, key, namespace, phase, wave))| Slot {
                    name_prefix: 0,
                    wave,
                    draft: u32::try_from(i).unwrap(),
                    namespace: if what == 2 { namespace } else { NONE },
                    group_kind: key + 10,
                    dependency: match what {
                        0 => Some(Dependency::Namespace(key)),
                        1 => Some(Dependency::Crd(key + 10)),
                        _ => None,
                    },
                    phase: phases[usize::from(phase)],
                    kind_rank: 0,
                    prune: false,
                })
                .collect();
            let view = |v: &[Slot]| v.iter().map(|s| (s.draft, s.phase, s.wave)).collect::<Vec<_>>();
            for (dependency, referrer) in [
                (namespace_dependency as fn(&Slot) -> Option<u32>, namespace_referrer as fn(&Slot) -> Option<u32>),
                (crd_dependency, crd_referrer),
            ] {
                let (ours, _) = adjust_deps(slots.clone(), dependency, referrer);
                let upstream = adjust_deps_in_place(slots.clone(), dependency, referrer);
                prop_assert_eq!(view(&ours), view(&upstream));
            }
        }
    }
}
