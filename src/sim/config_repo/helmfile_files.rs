//! The team's Helmfile landscape (reference/helmfile.md): `helmfile.yaml.gotmpl` with one
//! environment per stage in its first part and the releases after `---`, values layered
//! `values/common/<app>.yaml` then `values/<stage>/<app>.yaml` (the stage wins). The values match
//! what the world's seeded Helm releases were installed with.
//!
//! The file ends in `.gotmpl` because Helmfile v1 renders templates only in such files: a
//! plain `helmfile.yaml` using `{{ .Environment.Name }}` would not load with the real binary.

use std::collections::BTreeMap;

use super::HELMFILE_PATH;
use crate::sim::world::catalog::{replicas, Team};

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
         helmDefaults:\n  wait: true\n  timeout: 300\n  historyMax: 10\n\
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

fn common_values(team: &Team, short: &str) -> String {
    format!(
        "# {t}-{short}: values shared by every stage; values/<stage>/{short}.yaml overrides them.\n\
         image:\n  repository: registry.example.com/{t}/{short}\n  pullPolicy: IfNotPresent\n\
         service:\n  type: ClusterIP\n  port: 80\n\
         resources:\n  requests:\n    cpu: 100m\n    memory: 128Mi\n  limits:\n    memory: 256Mi\n\
         env:\n  TEAM: {t}\n",
        t = team.name
    )
}

fn stage_values(team: &Team, short: &str, tag: &str, stage: &str) -> String {
    let t = &team.name;
    format!(
        "# {t}-{short} in {stage}\n\
         replicaCount: {replicas}\n\
         image:\n  tag: \"{tag}\"\n\
         env:\n  STAGE: {stage}\n  LOG_LEVEL: {level}\n\
         ingress:\n  enabled: {ingress}\n  host: {short}.{stage}.{t}.example.com\n",
        replicas = replicas(stage),
        level = if stage == "prod" { "info" } else { "debug" },
        ingress = stage != "e2e",
    )
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
        for app in &team.apps {
            out.insert(
                format!("values/{stage}/{}.yaml", app.short),
                stage_values(team, app.short, app.app_version, &stage),
            );
        }
    }
    for app in &team.apps {
        out.insert(
            format!("values/common/{}.yaml", app.short),
            common_values(team, app.short),
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
