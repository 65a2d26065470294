//! How the lint rules' messages show values and suggest spellings.

use crate::argocd::{DeletePolicy, SyncPhase};
use crate::goconv::{AtoiError, AtoiErrorKind};

/// A value as messages show it: cut to 60 characters, so that a huge annotation gives a readable message.
pub(super) fn shown(value: &str) -> String {
    const MAX: usize = 60;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        format!("{}… ({} bytes)", value.chars().take(MAX).collect::<String>(), value.len())
    }
}

pub(super) fn phase_list(phases: &[SyncPhase]) -> String {
    phases.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// The policies as a message shows them: each once, in order (the merged Argo CD and Helm lists may repeat one).
pub(super) fn policy_list(policies: &[DeletePolicy]) -> String {
    let mut shown: Vec<&str> = Vec::new();
    for policy in policies {
        if !shown.contains(&policy.as_str()) {
            shown.push(policy.as_str());
        }
    }
    shown.join(", ")
}

/// The closest spelling among `candidates`: the same ignoring case, spaces, `-` and `_`, or within edit
/// distance 2.
pub(super) fn suggest<'c>(
    value: &str,
    candidates: impl IntoIterator<Item = &'c str, IntoIter: Clone>,
) -> Option<&'c str> {
    let squash = |s: &str| s.chars().filter(|c| !matches!(c, ' ' | '-' | '_')).collect::<String>().to_lowercase();
    let target = squash(value);
    let candidates = candidates.into_iter();
    if let Some(found) = candidates.clone().find(|c| squash(c) == target) {
        return Some(found);
    }
    candidates
        .map(|c| (edit_distance(&target, &squash(c)), c))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// Levenshtein distance, in characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// Why Go's `Atoi` rejects a value, in words.
pub(super) fn atoi_problem(value: &str, error: &AtoiError) -> &'static str {
    if error.kind() == AtoiErrorKind::Range {
        "is outside the 64-bit integer range"
    } else if value.is_empty() {
        "is empty"
    } else if value.trim() != value {
        "has white space around it, which Go's Atoi does not trim"
    } else if value.contains('.') {
        "is not a whole number"
    } else if value.starts_with("0x") || value.starts_with("0X") {
        "is hexadecimal"
    } else if value.contains('_') {
        "has an underscore"
    } else {
        "is not a decimal integer"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let values = crate::argocd::hook::hook_values;
        assert_eq!(suggest("presync", values()), Some("PreSync"));
        assert_eq!(suggest("Pre-Sync", values()), Some("PreSync"));
        assert_eq!(suggest("PostSyn", values()), Some("PostSync"));
        assert_eq!(suggest("Garbage", values()), None);
        let options = crate::argocd::sync_option::RECOGNISED_ITEMS;
        assert_eq!(suggest("Prune = false", options), Some("Prune=false"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
