//! API hygiene pinned as tests: the public types can cross threads.

fn send_sync<T: Send + Sync>() {}

#[test]
fn public_types_are_send_and_sync() {
    send_sync::<hookplan::Manifests>();
    send_sync::<hookplan::Plan>();
    send_sync::<hookplan::Step>();
    send_sync::<hookplan::Task>();
    send_sync::<hookplan::Resource>();
    send_sync::<hookplan::ResourceRef>();
    send_sync::<hookplan::ResourceKey>();
    send_sync::<hookplan::Excluded>();
    send_sync::<hookplan::Diagnostic>();
    send_sync::<hookplan::Rule>();
    send_sync::<hookplan::Location>();
    send_sync::<hookplan::Limits>();
    send_sync::<hookplan::Annotations>();
    send_sync::<hookplan::SyncOperation>();
    send_sync::<hookplan::argocd::sync_option::ResourceSyncOptions>();
    send_sync::<hookplan::helm::HelmHook>();
}
