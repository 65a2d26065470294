//! Sync waves.

use crate::annotations::{ARGOCD_SYNC_WAVE, Annotations};
use crate::argocd::helm_hook as helm;
use crate::goconv::atoi;

/// The sync wave of an object: `argocd.argoproj.io/sync-wave` read with Go's `Atoi` (no trimming, optional sign,
/// 64-bit range); if it is missing or invalid, `helm.sh/hook-weight` read the same way; otherwise 0. The fallback
/// applies to any object, hook or not, and is silent upstream.
///
/// Waves are `i64` because Argo CD reads them as Go `int` (64-bit): `"5000000000"` is a valid wave.
/// Upstream (argo-cd@37ee009): `Wave` in `gitops-engine/pkg/sync/syncwaves/waves.go`; upstream test `syncwaves/waves_test.go`.
///
/// ```
/// use hookplan::Annotations;
/// use hookplan::argocd::wave::sync_wave;
/// let a: Annotations = [("argocd.argoproj.io/sync-wave", " 2"), ("helm.sh/hook-weight", "3")]
///     .into_iter().collect();
/// assert_eq!(sync_wave(&a), 3);
/// ```
pub fn sync_wave(annotations: &Annotations) -> i64 {
    annotations.get(ARGOCD_SYNC_WAVE).and_then(|value| atoi(value).ok()).unwrap_or_else(|| helm::weight(annotations))
}
