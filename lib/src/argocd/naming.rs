//! Names of unnamed hooks.

use crate::argocd::SyncPhase;

/// The name Argo CD gives an unnamed hook task: `generateName` (as written, possibly empty) followed by the
/// lowercased postfix `rev-phase-unixtime`, where `rev` is the sync revision cut to its first 7 bytes when it
/// has 8 or more, and `unixtime` is the operation start in Unix seconds. Each phase of a multi-phase hook gets
/// its own name; two unnamed hooks with the same generateName, kind and phase get the same name (argo-cd #9184).
///
/// Upstream (argo-cd@37ee009): `getSyncTasks` in `gitops-engine/pkg/sync/sync_context.go`; upstream test `TestUnnamedHooksGetUniqueNames`.
///
/// ```
/// use hookplan::argocd::{naming::hook_name, SyncPhase};
/// assert_eq!(hook_name("", "FooBarBaz", SyncPhase::PreSync, 1_700_000_000), "foobarb-presync-1700000000");
/// assert_eq!(hook_name("Migrate-", "foobar", SyncPhase::PostSync, 7), "Migrate-foobar-postsync-7");
/// ```
pub fn hook_name(generate_name: &str, revision: &str, phase: SyncPhase, started_at_unix: i64) -> String {
    let rev = if revision.len() >= 8 {
        let mut cut = 7;
        while !revision.is_char_boundary(cut) {
            cut -= 1;
        }
        &revision[..cut]
    } else {
        revision
    };
    let postfix = format!("{rev}-{phase}-{started_at_unix}").to_lowercase();
    format!("{generate_name}{postfix}")
}
