//! The team's Helmfile landscape (reference/helmfile.md): `helmfile.yaml.gotmpl` with one
//! environment per stage in its first part and the releases after `---`, values layered
//! `values/common/<app>.yaml` then `values/<stage>/<app>.yaml` (the stage wins). The values match
//! what the world's seeded Helm releases were installed with.
//!
//! The file ends in `.gotmpl` because Helmfile v1 renders templates only in such files: a
//! plain `helmfile.yaml` using `{{ .Environment.Name }}` would not load with the real binary.

use std::collections::BTreeMap;

use super::HELMFILE_PATH;
use crate::sim::world::catalog::{behaviour, memory_profile, replicas, App, Behaviour, Team};

fn helmfile(team: &Team) -> String {
    let t = &team.name;
    let mut out = format!(
        "# {t}'s landscape: one environment per stage. Deploy a stage with\n\
         #   helmfile -e <stage> apply      (or the Jenkins job deploy-<stage>)\n\
         environments:\n"
    );
    for stage in team.stages() {
        out.push_str(&format!(
            "  {stage}:\n    values:\n      - environments/common.yaml\n      - environments/{stage}.yaml\n"
        ));
    }
    out.push_str(&format!(
        "---\nrepositories:\n  - name: {t}\n    url: https://charts.{t}.example.com\n\
         helmDefaults:\n  wait: true\n  timeout: 120\n  historyMax: 10\n\
         releases:\n"
    ));
    for app in &team.apps {
        let a = app.short;
        out.push_str(&format!(
            "  - name: {t}-{a}\n    namespace: {t}-{{{{ .Environment.Name }}}}\n    chart: {t}/{a}\n    version: \"{ver}\"\n    installed: {{{{ .Values | get \"{a}.enabled\" true }}}}\n    values:\n      - values/common/{a}.yaml\n      - values/{{{{ .Environment.Name }}}}/{a}.yaml\n    missingFileHandler: Warn\n",
            ver = app.chart_version,
        ));
    }
    out
}

fn common_values(team: &Team, app: &App) -> String {
    let (request, limit, _, _) = memory_profile(app.lang);
    format!(
        "# {t}-{short}: values shared by every stage; values/<stage>/{short}.yaml overrides them.\n\
         image:\n  repository: registry.example.com/{t}/{short}\n  pullPolicy: IfNotPresent\n\
         service:\n  type: ClusterIP\n  port: 80\n\
         resources:\n  requests:\n    cpu: 100m\n    memory: {request}\n  limits:\n    memory: {limit}\n\
         probes:\n  readiness:\n    path: /healthz/ready\n\
         database:\n  existingSecret: {t}-{short}-db-credentials\n\
         env:\n  TEAM: {t}\n",
        t = team.name,
        short = app.short,
    )
}

/// The stage's values for an app; where the world's plan has the app misbehave in this stage
/// (see `catalog::behaviour`), a value here is the cause, so that fixing it fixes the stage.
fn stage_values(team: &Team, app_index: usize, stage: &str) -> String {
    let app = &team.apps[app_index];
    stage_values_at(team, app_index, stage, app.app_version, true)
}

/// The stage's values file with image tag `tag` (`{tag}-rc1` where the plan breaks the image),
/// and the value that breaks the app in this stage only if `broken`.
pub(super) fn stage_values_at(
    team: &Team,
    app_index: usize,
    stage: &str,
    tag: &str,
    broken: bool,
) -> String {
    let t = &team.name;
    let app = &team.apps[app_index];
    let short = app.short;
    let mut tag = tag.to_string();
    let mut extra = String::new();
    let plan = if broken {
        behaviour(team.index, app_index, stage)
    } else {
        Behaviour::Healthy
    };
    match plan {
        Behaviour::Healthy => {}
        Behaviour::CrashLoop { oom: true } => {
            let oom_limit = memory_profile(app.lang).3;
            extra = format!("resources:\n  limits:\n    memory: {oom_limit}\n");
        }
        Behaviour::CrashLoop { oom: false } => {
            extra = "featureFlags:\n  experimental: true\n".into();
        }
        Behaviour::ImagePull => tag = format!("{tag}-rc1"),
        Behaviour::Unschedulable => {
            extra =
                "resources:\n  requests:\n    memory: 48Gi\n  limits:\n    memory: 48Gi\n".into();
        }
        Behaviour::ConfigError => {
            extra = format!("database:\n  existingSecret: {t}-{short}-db-credentials-v2\n");
        }
        Behaviour::NotReady => {
            extra = "probes:\n  readiness:\n    path: /ready\n".into();
        }
    }
    format!(
        "# {t}-{short} in {stage}\n\
         replicaCount: {replicas}\n\
         image:\n  tag: \"{tag}\"\n\
         env:\n  STAGE: {stage}\n  LOG_LEVEL: {level}\n\
         ingress:\n  enabled: {ingress}\n  host: {short}.{stage}.{t}.example.com\n{extra}",
        replicas = replicas(stage),
        level = if stage == "prod" { "info" } else { "debug" },
        ingress = stage != "e2e",
    )
}

/// The values a commit of the stage's `broken` change says it does, for its subject.
pub(super) fn breaking_change(team: &Team, app_index: usize, stage: &str) -> Option<String> {
    let app = &team.apps[app_index];
    let a = app.short;
    Some(match behaviour(team.index, app_index, stage) {
        Behaviour::Healthy => return None,
        Behaviour::CrashLoop { oom: true } => format!(
            "{stage}: {a} memory limit {} (leaner nodes)",
            memory_profile(app.lang).3
        ),
        Behaviour::CrashLoop { oom: false } => {
            format!("{stage}: enable {a}'s experimental features")
        }
        Behaviour::ImagePull => format!("{stage}: try {a} {}-rc1", app.app_version),
        Behaviour::Unschedulable => format!("{stage}: give {a} 48Gi for the bulk import"),
        Behaviour::ConfigError => format!("{stage}: {a} reads the rotated database secret"),
        Behaviour::NotReady => format!("{stage}: {a} readiness probe on /ready"),
    })
}

/// Helmfile's layering of values files: maps merge key by key, the later file wins.
fn merge(base: &mut serde_json::Value, over: serde_json::Value) {
    match (base, over) {
        (serde_json::Value::Object(b), serde_json::Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

/// The user-supplied values the Helmfile gives `app` in `stage` as seeded (common, then the
/// stage's file): what the seeded releases were installed with.
pub fn seeded_values(team: &Team, app_index: usize, stage: &str) -> serde_json::Value {
    let app = &team.apps[app_index];
    let mut files = BTreeMap::new();
    files.insert(
        format!("values/common/{}.yaml", app.short),
        common_values(team, app),
    );
    files.insert(
        format!("values/{stage}/{}.yaml", app.short),
        stage_values(team, app_index, stage),
    );
    values_in(&files, team, app_index, stage)
}

/// The user-supplied values of `app` in `stage` from a snapshot of the repo's files (path →
/// text): its common file, then its stage's file, merged as Helmfile layers them.
pub fn values_in(
    files: &BTreeMap<String, String>,
    team: &Team,
    app_index: usize,
    stage: &str,
) -> serde_json::Value {
    let short = team.apps[app_index].short;
    let parse = |path: String| -> serde_json::Value {
        files
            .get(&path)
            .and_then(|text| serde_yaml::from_str(text).ok())
            .unwrap_or(serde_json::Value::Null)
    };
    let mut out = parse(format!("values/common/{short}.yaml"));
    if out.is_null() {
        out = serde_json::json!({});
    }
    merge(&mut out, parse(format!("values/{stage}/{short}.yaml")));
    out
}

/// Every file of the landscape, path → content.
pub fn files(team: &Team) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    out.insert(HELMFILE_PATH.to_string(), helmfile(team));
    out.insert(
        "environments/common.yaml".to_string(),
        format!(
            "# State values for every stage of {}.\nteam: {}\n",
            team.name, team.name
        ),
    );
    for stage in team.stages() {
        out.insert(
            format!("environments/{stage}.yaml"),
            format!("# State values for {stage}; `<app>.enabled: false` leaves an app out.\nstage: {stage}\n"),
        );
        for (i, app) in team.apps.iter().enumerate() {
            out.insert(
                format!("values/{stage}/{}.yaml", app.short),
                stage_values(team, i, &stage),
            );
        }
    }
    for app in &team.apps {
        out.insert(
            format!("values/common/{}.yaml", app.short),
            common_values(team, app),
        );
    }
    out.insert(
        "README.md".to_string(),
        format!(
            "# {t}-config\n\nConfiguration of team {t}: `jenkins/jenkins.yaml` (JCasC of the team's Jenkins) \
             and `helmfile.yaml.gotmpl` (the stages, with per-stage values under `values/<stage>/`).\n",
            t = team.name
        ),
    );
    out
}
