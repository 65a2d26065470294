//! The library's errors: one style (an opaque struct, `kind()` returning a `#[non_exhaustive]` enum, accessors
//! for what was read, a message naming it), each message exact, each error `Send + Sync + 'static` and a
//! `std::error::Error` (as dtolnay/semver tests its `Error`).

use hookplan::argocd::{Application, ApplicationError, ApplicationErrorKind, ArgocdVersion, HookType};
use hookplan::config::{ConfigError, ConfigErrorKind, LintConfig};
use hookplan::goconv::{AtoiError, AtoiErrorKind, atoi};
use hookplan::helm::{HelmVersion, HookEvent};
use hookplan::{KeyErrorKind, ParseKeyError, ParseValueError, ParseVersionError, ResourceKey, VersionErrorKind};

fn assert_error<E: std::error::Error + Send + Sync + 'static + Clone + PartialEq>() {}

#[test]
fn every_error_is_send_sync_static_and_an_error() {
    assert_error::<ParseVersionError>();
    assert_error::<ParseValueError>();
    assert_error::<ParseKeyError>();
    assert_error::<ApplicationError>();
    assert_error::<ConfigError>();
    assert_error::<AtoiError>();
    // Boxed as callers box them.
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new("3.x".parse::<ArgocdVersion>().unwrap_err());
    assert_eq!(boxed.to_string(), "`3.x`: hookplan follows Argo CD v2.10 to v3.5 (MAJOR.MINOR or MAJOR.MINOR.PATCH)");
}

#[test]
fn parse_version_error() {
    let argocd = |text: &str| text.parse::<ArgocdVersion>().unwrap_err();
    let helm = |text: &str| text.parse::<HelmVersion>().unwrap_err();
    for text in ["3", "2.9", "3.6", "3.4.0-rc1", "3.x", "03.4"] {
        let error = argocd(text);
        assert_eq!((error.kind(), error.text()), (VersionErrorKind::ArgocdUnsupported, text));
        assert_eq!(
            error.to_string(),
            format!("`{text}`: hookplan follows Argo CD v2.10 to v3.5 (MAJOR.MINOR or MAJOR.MINOR.PATCH)")
        );
    }
    assert_eq!(helm("3.0").kind(), VersionErrorKind::HelmMinorUnsupported);
    assert_eq!(helm("3.99").kind(), VersionErrorKind::HelmMinorUnsupported);
    assert_eq!(helm("2").kind(), VersionErrorKind::HelmUnsupported);
    assert_eq!(helm("latest").kind(), VersionErrorKind::HelmUnsupported);
    assert_eq!(helm("latest").text(), "latest");
    assert_eq!(helm("2").to_string(), "`2` is not a Helm version hookplan follows (4, 3, or 3.1 to 3.21)");
    assert_eq!(helm("3.0").to_string(), "`3.0`: hookplan follows Helm 3.1 to 3.21 and Helm 4");
}

#[test]
fn parse_value_error() {
    let error = "presync".parse::<HookType>().unwrap_err();
    assert_eq!(error.text(), "presync");
    assert_eq!(error.expected(), ["PreSync", "Sync", "PostSync", "SyncFail", "Skip"]);
    assert_eq!(
        error.to_string(),
        "`presync` is not a hook type (expected one of PreSync, Sync, PostSync, SyncFail, Skip)"
    );
    let error = "PreInstall".parse::<HookEvent>().unwrap_err();
    assert_eq!(error.text(), "PreInstall");
    assert!(error.to_string().starts_with("`PreInstall` is not a "), "{error}");
}

#[test]
fn parse_key_error() {
    let refused = |text: &str| text.parse::<ResourceKey>().unwrap_err();
    for (text, kind) in [
        ("Pod/web", KeyErrorKind::Parts),
        ("apps/Deployment/shop", KeyErrorKind::Parts),
        ("a/b/c/d/e", KeyErrorKind::Parts),
        ("", KeyErrorKind::Parts),
        ("//shop/web", KeyErrorKind::MissingKind),
        ("/Pod/shop/", KeyErrorKind::MissingName),
    ] {
        let error = refused(text);
        assert_eq!((error.kind(), error.text()), (kind, text), "{text:?}");
        assert_eq!(
            error.to_string(),
            format!(
                "`{text}` is not a resource key: write group/Kind/namespace/name (group and namespace may be empty, e.g. /Pod/shop/web)"
            )
        );
    }
    assert_eq!("/Pod//web".parse::<ResourceKey>(), Ok(ResourceKey::new("", "Pod", None, Some("web"))));
}

#[test]
fn application_error() {
    let refused = |text: &str| Application::parse("app.yaml", text).unwrap_err();
    let error = refused("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    assert_eq!(
        (error.kind(), error.file(), error.line_column()),
        (ApplicationErrorKind::NotAnApplication, "app.yaml", None)
    );
    assert_eq!(error.to_string(), "app.yaml: a ConfigMap (v1), not an Argo CD Application (argoproj.io/v1alpha1)");

    let error = refused("apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\n");
    assert_eq!(error.kind(), ApplicationErrorKind::NotAnApplication);
    assert_eq!(
        error.to_string(),
        "app.yaml: an ApplicationSet (argoproj.io/v1alpha1), not an Argo CD Application (argoproj.io/v1alpha1)"
    );

    let error = refused(
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  syncPolicy:\n    syncOptions: Prune=false\n",
    );
    assert_eq!((error.kind(), error.line_column()), (ApplicationErrorKind::Unreadable, Some((5, 18))));
    assert_eq!(
        error.to_string(),
        "app.yaml:5:18: spec.syncPolicy.syncOptions: invalid type: a string, expected a sequence"
    );

    let error = refused("apiVersion: v1\n---\nkind: Application\n");
    assert_eq!(error.kind(), ApplicationErrorKind::Unreadable);
    assert_eq!(error.to_string(), "app.yaml: holds more than one document; give a file with one Application");

    let error = refused(
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  syncPolicy:\n    retry:\n      backoff: {duration: soon}\n",
    );
    assert_eq!((error.kind(), error.line_column()), (ApplicationErrorKind::InvalidRetry, None));
    assert!(error.to_string().starts_with("app.yaml: "), "{error}");
    assert!(error.to_string().contains("soon"), "{error}");
}

#[test]
fn config_error() {
    let refused = |text: &str| LintConfig::parse(".hookplan.yaml", text).unwrap_err();
    let error = refused("rules:\n  disable: [unknown-hook-typ]\n");
    assert_eq!(
        (error.kind(), error.file(), error.line_column()),
        (ConfigErrorKind::UnknownRule, Some(".hookplan.yaml"), Some((2, 13)))
    );
    assert_eq!(
        error.to_string(),
        ".hookplan.yaml:2:13: no rule named `unknown-hook-typ` (did you mean `unknown-hook-type`?); `hookplan explain --list` lists them"
    );

    let error = refused("rules:\n  disabled: []\n");
    assert_eq!((error.kind(), error.line_column()), (ConfigErrorKind::Unreadable, Some((2, 3))));
    assert_eq!(
        error.to_string(),
        ".hookplan.yaml:2:3: unknown key `disabled` in `rules` (expected `disable` or `severity`)"
    );

    let error = refused("rules:\n  severity: {unknown-hook-type: fatal}\n");
    assert_eq!(error.kind(), ConfigErrorKind::InvalidSeverity);

    let error = refused("rules:\n  disable: [unreadable-document]\n");
    assert_eq!(error.kind(), ConfigErrorKind::NotConfigurable);
    assert_eq!(
        error.to_string(),
        ".hookplan.yaml:2:13: `unreadable-document` cannot be disabled or lowered: it reports a document that was not read at all"
    );

    // A setting made in code names no file.
    let error = LintConfig::new().disable("nope").unwrap_err();
    assert_eq!((error.kind(), error.file(), error.line_column()), (ConfigErrorKind::UnknownRule, None, None));
    assert!(error.to_string().starts_with("no rule named `nope`"), "{error}");
}

#[test]
fn atoi_error() {
    let error = atoi(" 1").unwrap_err();
    assert_eq!((error.kind(), error.text()), (AtoiErrorKind::Syntax, " 1"));
    assert_eq!(error.to_string(), r#"strconv.Atoi: parsing " 1": invalid syntax"#);
    let error = atoi("9223372036854775808").unwrap_err();
    assert_eq!(error.kind(), AtoiErrorKind::Range);
    assert_eq!(error.to_string(), r#"strconv.Atoi: parsing "9223372036854775808": value out of range"#);
    assert_eq!(atoi("-9223372036854775808"), Ok(i64::MIN));
}
