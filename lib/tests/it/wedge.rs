//! The rules that catch what wedges real syncs: true positives with their exact messages and lines, and the near
//! misses that must stay quiet.

use hookplan::{Diagnostic, Manifests, SyncOperation, check};

fn lint(text: &str) -> Vec<Diagnostic> {
    check::lint(&Manifests::parse("t.yaml", text), None)
}

fn of<'d>(diagnostics: &'d [Diagnostic], rule: &str) -> Vec<&'d Diagnostic> {
    diagnostics.iter().filter(|d| d.rule.name == rule).collect()
}

/// A hook Job (Argo CD PreSync, Helm pre-install) whose pod uses `uses` (pod spec lines, indented for `spec:`).
fn hook_job(name: &str, extra_annotations: &str, pod_spec: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook-delete-policy: BeforeHookCreation\n{extra_annotations}spec:\n  activeDeadlineSeconds: 600\n  template:\n    spec:\n{pod_spec}"
    )
}

fn object(kind: &str, name: &str, annotations: &str) -> String {
    format!("apiVersion: v1\nkind: {kind}\nmetadata:\n  name: {name}\n  annotations: {{{annotations}}}\n")
}

#[test]
fn uses_object_applied_later_in_argocd_order() {
    let job = hook_job(
        "migrate",
        "",
        "      serviceAccountName: migrator\n      containers:\n      - name: m\n        envFrom:\n        - secretRef:\n            name: db\n",
    );
    let text = [
        job.as_str(),
        &object("ServiceAccount", "migrator", ""),
        &object("Secret", "db", "argocd.argoproj.io/sync-wave: \"2\""),
    ]
    .join("---\n");
    let d = lint(&text);
    let found = of(&d, "uses-object-applied-later");
    assert_eq!(found.len(), 2, "{d:#?}");
    assert_eq!(
        found[0].message,
        "Job `migrate` uses ServiceAccount `migrator`, which comes later: Argo CD applies it in Sync wave 0, but first \
         waits in PreSync wave 0 for `migrate` to complete. Its pods cannot start without it, so the operation waits \
         forever"
    );
    assert_eq!((found[0].location.line, found[0].location.column), (12, 7));
    assert_eq!(found[1].location.line, 17);
    assert!(found[1].message.contains("Secret `db`") && found[1].message.contains("Sync wave 2"));
}

#[test]
fn uses_object_applied_later_between_waves_and_under_helm() {
    // A Deployment of wave 0 using a ConfigMap of wave 1: Argo CD waits for the Deployment's health first.
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      volumes:\n      - name: c\n        configMap: {name: settings}\n      containers: [{name: web}]\n";
    let d = lint(&[deployment, &object("ConfigMap", "settings", "argocd.argoproj.io/sync-wave: \"1\"")].join("---\n"));
    let found = of(&d, "uses-object-applied-later");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("first waits in Sync wave 0 for `web` to become healthy"),
        "{}",
        found[0].message
    );
    assert!(!found[0].message.contains("Helm"), "Helm does not wait for the manifests");
    // Under Helm: a pre-install hook using a regular Secret (Argo CD: same PreSync? no, the Secret is in Sync).
    let hook = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: seed\n  annotations: {helm.sh/hook: pre-install}\nspec:\n  activeDeadlineSeconds: 9\n  template:\n    spec:\n      imagePullSecrets: [{name: registry}]\n      containers: [{name: s}]\n";
    let d = lint(&[hook, &object("Secret", "registry", "")].join("---\n"));
    let found = of(&d, "uses-object-applied-later");
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("Argo CD applies it in Sync wave 0, but first waits in PreSync wave 0"));
    assert!(found[0].message.contains(
        "Helm creates it with the release's manifests (install), but first waits for the pre-install hook Job `seed` to finish"
    ));
    // A producer counts as the Secret it makes: an ExternalSecret in a later wave.
    let external = "apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: creds\n  annotations: {argocd.argoproj.io/sync-wave: \"5\"}\nspec:\n  target: {name: registry}\n";
    let d = lint(&[hook, external].join("---\n"));
    let found = of(&d, "uses-object-applied-later");
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("Secret `registry` (made by ExternalSecret `creds`)"), "{}", found[0].message);
}

#[test]
fn uses_object_applied_later_near_misses() {
    // Same wave (applied together, kind order first), an earlier wave, an absent object, an optional reference,
    // another namespace, a CRD that is not a workload, and Helm's manifests using a post-install hook (not waited).
    let job = hook_job(
        "migrate",
        "",
        "      serviceAccountName: migrator\n      volumes:\n      - name: s\n        secret: {secretName: maybe, optional: true}\n      containers:\n      - name: m\n        env:\n        - name: X\n          valueFrom: {secretKeyRef: {name: absent, key: k}}\n",
    );
    let text = [
        job.as_str(),
        &object("ServiceAccount", "migrator", "argocd.argoproj.io/hook: PreSync, argocd.argoproj.io/sync-wave: \"-1\""),
        &object("Secret", "maybe", "argocd.argoproj.io/sync-wave: \"3\""),
    ]
    .join("---\n");
    assert!(of(&lint(&text), "uses-object-applied-later").is_empty(), "{:#?}", lint(&text));
    let workflow =
        "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: w}\nspec:\n  serviceAccountName: later\n";
    assert!(
        of(
            &lint(&[workflow, &object("ServiceAccount", "later", "argocd.argoproj.io/sync-wave: \"1\"")].join("---\n")),
            "uses-object-applied-later"
        )
        .is_empty()
    );
    let other_ns = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec:\n  serviceAccountName: sa\n";
    let sa = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa, namespace: b, annotations: {argocd.argoproj.io/sync-wave: \"1\"}}\n";
    assert!(of(&lint(&[other_ns, sa].join("---\n")), "uses-object-applied-later").is_empty());
}

#[test]
fn hook_ttl_after_finished() {
    let job = hook_job("migrate", "", "      containers: [{name: m}]\n")
        .replace("spec:\n  activeDeadlineSeconds", "spec:\n  ttlSecondsAfterFinished: 30\n  activeDeadlineSeconds");
    // From Argo CD v3.0 the engine's hook finalizer keeps the Job until Argo CD saw it complete: nothing to say.
    assert!(of(&lint(&job), "hook-ttl-after-finished").is_empty());
    let manifests = Manifests::parse("job.yaml", &job);
    let at = |version: &str| {
        let op = SyncOperation::new().argocd_version(version.parse().unwrap());
        hookplan::check::lint_with(&manifests, &op)
            .into_iter()
            .filter(|d| d.rule.name == "hook-ttl-after-finished")
            .collect::<Vec<_>>()
    };
    assert!(at("3.0.0").is_empty() && at("2.14.3").is_empty(), "the finalizer (and its leak into v2.14.3)");
    let found = at("2.14");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].message,
        "hook Job `migrate` has `spec.ttlSecondsAfterFinished: 30`: Argo CD v2.14 puts no finalizer on hooks, so \
         Kubernetes may delete the Job before Argo CD sees it finish, and then the sync hangs"
    );
    assert_eq!(found[0].location.line, 6);
    // A PostDelete hook is created by the controller without the finalizer, and created again when found gone.
    let post_delete = job.replace("argocd.argoproj.io/hook: PreSync", "argocd.argoproj.io/hook: PostDelete");
    assert_ne!(post_delete, job);
    let found: Vec<_> = lint(&post_delete).into_iter().filter(|d| d.rule.name == "hook-ttl-after-finished").collect();
    assert_eq!(
        found.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(),
        [
            "hook Job `migrate` has `spec.ttlSecondsAfterFinished: 30`: Argo CD creates PostDelete hooks without its hook \
          finalizer, so Kubernetes may delete the finished Job before the controller's next pass sees it, and the \
          controller then creates it and runs it again"
        ]
    );
    // A Job that is not a hook keeps its TTL quietly; so does a CronJob's job template.
    let plain = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  ttlSecondsAfterFinished: 30\n  template: {spec: {containers: [{name: m}]}}\n";
    assert!(of(&lint(plain), "hook-ttl-after-finished").is_empty());
}

#[test]
fn hook_recreated_every_sync() {
    let pvc = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n";
    let d = lint(pvc);
    let found = of(&d, "hook-recreated-every-sync");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].message,
        "PersistentVolumeClaim `data` is a hook with BeforeHookCreation (the default): Argo CD deletes it and creates \
         it anew on every sync, and the volume's data with it"
    );
    let helm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: {helm.sh/hook: pre-upgrade}\n";
    let found = lint(helm);
    let found = of(&found, "hook-recreated-every-sync");
    assert!(
        found[0]
            .message
            .contains("Argo CD deletes it and creates it anew on every sync, Helm on every install or upgrade")
    );
    // Near misses: a Job, a policy without BeforeHookCreation, a Helm test hook, a plain ConfigMap.
    for quiet in [
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j, annotations: {argocd.argoproj.io/hook: PreSync}}\n",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s, annotations: {argocd.argoproj.io/hook: PreSync, argocd.argoproj.io/hook-delete-policy: HookFailed}}\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t, annotations: {helm.sh/hook: test}}\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\n",
    ] {
        assert!(of(&lint(quiet), "hook-recreated-every-sync").is_empty(), "{quiet}");
    }
}

#[test]
fn hook_without_deadline() {
    let job = hook_job("migrate", "", "      containers: [{name: m}]\n").replace("  activeDeadlineSeconds: 600\n", "");
    let d = lint(&job);
    let found = of(&d, "hook-without-deadline");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity.as_str(), "note");
    // With a deadline, or not a hook, or a pod-level deadline only (it does not bound the Job): quiet, quiet, note.
    assert!(of(&lint(&hook_job("m", "", "      containers: [{name: m}]\n")), "hook-without-deadline").is_empty());
    assert!(of(&lint("apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\n"), "hook-without-deadline").is_empty());
    let pod_level = job.replace("    spec:\n", "    spec:\n      activeDeadlineSeconds: 60\n");
    assert_eq!(of(&lint(&pod_level), "hook-without-deadline").len(), 1);
}

#[test]
fn application_health_not_assessed() {
    let app = |name: &str, wave: &str| {
        format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: {name}\n  annotations:\n    argocd.argoproj.io/sync-wave: \"{wave}\"\n"
        )
    };
    let d = lint(&[app("infra", "0"), app("apps", "1")].join("---\n"));
    let found = of(&d, "application-health-not-assessed");
    assert_eq!(found.len(), 1, "only the Application that a later wave follows");
    assert_eq!(
        found[0].message,
        "Application `infra` is in Sync wave 0, and Sync wave 1 comes after it: Argo CD does not assess an \
         Application's health by default, so the next wave starts before `infra` has synced"
    );
    assert_eq!(found[0].location.line, 6);
    assert!(of(&lint(&[app("a", "0"), app("b", "0")].join("---\n")), "application-health-not-assessed").is_empty());
}

#[test]
fn misspelled_annotation_key() {
    for (key, meant) in [
        ("argocd.argoproj.io/sync-waves", "argocd.argoproj.io/sync-wave"),
        ("argocd.argoproj.io/hooks", "argocd.argoproj.io/hook"),
        ("argocd.argoproj.io/hook-deletion-policy", "argocd.argoproj.io/hook-delete-policy"),
        ("argocd.argoproj.io/sync-option", "argocd.argoproj.io/sync-options"),
        ("helm.sh/hookWeight", "helm.sh/hook-weight"),
        ("argoproj.io/hook", "argocd.argoproj.io/hook"),
        ("ArgoCD.argoproj.io/Sync-Wave", "argocd.argoproj.io/sync-wave"),
        ("helm.sh/resource-policies", "helm.sh/resource-policy"),
    ] {
        let d = lint(&object("ConfigMap", "c", &format!("{key}: x")));
        let found = of(&d, "misspelled-annotation-key");
        assert_eq!(found.len(), 1, "{key}: {d:#?}");
        assert_eq!(found[0].help.as_deref(), Some(format!("did you mean `{meant}`?").as_str()), "{key}");
    }
    for key in [
        "argocd.argoproj.io/tracking-id",
        "argocd.argoproj.io/compare-options",
        "argocd.argoproj.io/manifest-generate-paths",
        "argocd.argoproj.io/refresh",
        "argocd.argoproj.io/managed-by",
        "helm.sh/chart",
        "example.com/hook",
        "sync-wave",
        "argocd.argoproj.io/hook-type",
        "kubectl.kubernetes.io/last-applied-configuration",
    ] {
        let d = lint(&object("ConfigMap", "c", &format!("{key}: x")));
        assert!(of(&d, "misspelled-annotation-key").is_empty(), "{key}: {d:#?}");
    }
}

/// Only a Job or a Pod wedges when a named hook meets its previous instance: a ServiceAccount, Role and
/// RoleBinding hook set applies over cleanly. Merged policies print once.
#[test]
fn named_hook_can_wedge_only_for_jobs_and_pods() {
    for kind in ["ServiceAccount", "ConfigMap"] {
        let text = format!(
            "apiVersion: v1\nkind: {kind}\nmetadata:\n  name: x\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-delete-policy: hook-succeeded\n"
        );
        assert!(of(&lint(&text), "named-hook-can-wedge").is_empty(), "{kind}");
    }
    let rbac = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: x\n  annotations: {argocd.argoproj.io/hook: PreSync, argocd.argoproj.io/hook-delete-policy: HookSucceeded}\n";
    assert!(of(&lint(rbac), "named-hook-can-wedge").is_empty());
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook-delete-policy: HookSucceeded\n    helm.sh/hook-delete-policy: hook-succeeded\n";
    let d = lint(job);
    let found = of(&d, "named-hook-can-wedge");
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("policies [HookSucceeded] without"), "{}", found[0].message);
}

/// With the Application's self-heal, each Sync and PostSync hook is noted; PreSync hooks and plain objects are not.
#[test]
fn self_heal_reruns_hooks() {
    use hookplan::SyncOperation;
    use hookplan::argocd::Application;
    let app = Application::parse(
        "app.yaml",
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  syncPolicy:\n    automated: {selfHeal: true}\n",
    )
    .unwrap();
    let text = [
        hook_job("smoke", "", "      containers: [{name: m}]\n").replace("PreSync", "PostSync"),
        hook_job("migrate", "", "      containers: [{name: m}]\n"),
        object("ConfigMap", "c", ""),
    ]
    .join("---\n");
    let manifests = Manifests::parse("t.yaml", &text);
    let d = check::lint_with(&manifests, &SyncOperation::new().application(&app));
    let found = of(&d, "self-heal-reruns-hooks");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].message,
        "PostSync hook Job `smoke` runs on every sync, and with self-heal every drift correction is a sync: it runs far \
         more often than deploys do"
    );
    // Without self-heal (or without the Application) the rule is silent.
    assert!(of(&check::lint(&manifests, None), "self-heal-reruns-hooks").is_empty());
}

/// Reading an Application: the fields that change a plan, and clear errors for what is not one.
#[test]
fn application_manifests() {
    use hookplan::argocd::Application;
    let app = Application::parse(
        "app.yaml",
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: shop}\nspec:\n  destination: {namespace: shop}\n  syncPolicy:\n    syncOptions: [CreateNamespace=true]\n    retry: {limit: -1}\n",
    )
    .unwrap();
    assert_eq!(app.sync_options, ["CreateNamespace=true"]);
    assert!(app.automated.is_none());
    let retry = app.retry.unwrap();
    assert_eq!(retry.limit, -1);
    assert_eq!(
        (retry.delay(0).as_secs(), retry.delay(1).as_secs(), retry.delay(5).as_secs(), retry.delay(9).as_secs()),
        (5, 10, 160, 180),
        "5s doubling, capped at 3m (NextRetryAt's defaults)"
    );
    for (text, error) in [
        (
            "apiVersion: v1\nkind: ConfigMap\n",
            "x.yaml: a ConfigMap (v1), not an Argo CD Application (argoproj.io/v1alpha1)",
        ),
        (
            "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\n",
            "x.yaml: an ApplicationSet (argoproj.io/v1alpha1), not an Argo CD Application (argoproj.io/v1alpha1)",
        ),
        ("a: 1\n---\nb: 2\n", "x.yaml: holds more than one document; give a file with one Application"),
        (
            "apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  syncPolicy:\n    retry: {backoff: {duration: soon}}\n",
            "x.yaml: retry.backoff.duration `soon` is not a duration",
        ),
    ] {
        assert_eq!(Application::parse("x.yaml", text).unwrap_err().to_string(), error);
    }
    let error = Application::parse(
        "x.yaml",
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  syncPolicy:\n    syncOptions: Prune=false\n",
    )
    .unwrap_err();
    assert!(error.to_string().starts_with("x.yaml:5:18: spec.syncPolicy.syncOptions: invalid type"), "{error}");
}

#[test]
fn post_delete_hook_without_health_check() {
    let hooks = [
        object("ServiceAccount", "cleanup", "argocd.argoproj.io/hook: PostDelete"),
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: cleanup\n  annotations: {helm.sh/hook: post-delete}\n".to_string(),
        object("Pod", "notify", "argocd.argoproj.io/hook: PostDelete"),
        object("ConfigMap", "settings", "argocd.argoproj.io/hook: PostSync"),
    ]
    .join("---\n");
    let manifests = Manifests::parse("t.yaml", &hooks);
    let at = |version: &str| -> Vec<(String, usize)> {
        let op = SyncOperation::new().argocd_version(version.parse().unwrap());
        check::lint_with(&manifests, &op)
            .into_iter()
            .filter(|d| d.rule.name == "post-delete-hook-without-health-check")
            .map(|d| (d.message, d.location.line))
            .collect()
    };
    assert_eq!(
        at("2.11"),
        [
            (
                "PostDelete hook ServiceAccount `cleanup` has no health check: Argo CD v2.11 panics reading its health \
                 on every pass, so the Application's deletion never finishes"
                    .to_string(),
                5
            ),
            (
                "PostDelete hook Role `cleanup` has no health check: Argo CD v2.11 panics reading its health on every \
                 pass, so the Application's deletion never finishes"
                    .to_string(),
                11
            ),
        ]
    );
    assert_eq!(at("2.10").len(), 2);
    assert!(at("2.12.0").is_empty() && at("3.5").is_empty(), "v2.12 treats them as healthy");
}

/// `helm test --logs`: which test hooks' logs cannot be read (helm@e9b85e4 and v3.21.4
/// `pkg/action/release_testing.go` `GetPodLogs`, `pkg/action/hooks.go`).
#[test]
fn test_logs_unavailable() {
    use hookplan::helm::{HelmCommand, HelmOperation};
    use hookplan::plan_helm;
    let tests = [
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: check\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-delete-policy: hook-succeeded\n",
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: suite\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-weight: \"1\"\n",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: elsewhere\n  namespace: other\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-weight: \"2\"\n",
    ]
    .join("---\n");
    let manifests = Manifests::parse("t.yaml", &tests);
    let found = |version: &str, logs: bool| -> Vec<(String, usize)> {
        let op = HelmOperation::new(HelmCommand::Test).namespace("shop").logs(logs).version(version.parse().unwrap());
        plan_helm(&manifests, &op)
            .diagnostics
            .into_iter()
            .filter(|d| d.rule.name == "test-logs-unavailable")
            .map(|d| (d.message, d.location.line))
            .collect()
    };
    let elsewhere = (
        "`helm test --logs` reads test Pod `elsewhere` from the release namespace `shop`, but it runs in `other`: the \
         test command fails with `unable to get pod elsewhere`"
            .to_string(),
        23,
    );
    assert_eq!(
        found("3", true),
        [
            (
                "Helm 3 deletes test Pod `check` (hook-succeeded) before `helm test --logs` reads its logs, so a \
                 passing test fails the command with `unable to get pod logs for check`"
                    .to_string(),
                6
            ),
            (
                "`helm test --logs` reads the logs of a Pod named `suite`, and test hook Job `suite` is not a Pod: \
                 Helm 3 fails the test command with `unable to get pod logs for suite`"
                    .to_string(),
                14
            ),
            elsewhere.clone(),
        ]
    );
    assert_eq!(found("4", true), [elsewhere], "Helm 4 reads the logs before its cleanup and skips other kinds");
    assert!(found("3", false).is_empty(), "only with --logs");
}
