//! Helm releases of the world: one per application and stage, installed when its Deployment
//! was created and upgraded since, written as Helm writes its release Secrets (see
//! `sim::helm_store`). One upgrade per team has failed, in QA, as happens.

use jiff::Timestamp;
use rand::Rng;
use serde_json::json;

use super::catalog::{App, Team};
use super::logs::Lang;
use super::pod::secs;
use super::{Inner, Writes};
use crate::sim::helm_store::{ChartSpec, OpTimes, Outcome, ReleaseHistory};
use crate::sim::kinds::Kind;

pub(super) fn chart_for(app: &App) -> ChartSpec {
    let spec = ChartSpec::new(
        app.short,
        app.chart_version,
        app.app_version,
        json!({
            "replicaCount": 1,
            "image": {"repository": format!("registry.example.com/{}", app.short), "tag": app.app_version, "pullPolicy": "IfNotPresent"},
            "service": {"type": "ClusterIP", "port": 80},
            "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "256Mi"}},
            "probes": {"readiness": {"path": "/healthz/ready"}, "liveness": {"path": "/healthz/live"}},
            "database": {"existingSecret": ""},
            "featureFlags": {},
        }),
    )
    .with_description(format!("{} service", app.short));
    match app.lang {
        Lang::Java | Lang::Go => spec.with_migration_hook(),
        _ => spec,
    }
}

/// The user-supplied values of a seeded revision: the Helmfile's values for the stage, with
/// an older image tag for the revisions before the last.
pub(super) fn values(
    team: &Team,
    app_index: usize,
    stage: &str,
    tag: Option<&str>,
) -> serde_json::Value {
    let mut v = crate::sim::config_repo::seeded_values(team, app_index, stage);
    if let Some(t) = tag {
        v["image"]["tag"] = t.into();
    }
    v
}

/// Installs `release` at `installed` and upgrades it `upgrades` times up to `last`; `fail_last`
/// adds a failed upgrade after that.
#[allow(clippy::too_many_arguments)]
pub(super) fn seed_release(
    inner: &mut Inner,
    team: &Team,
    app_index: usize,
    stage: &str,
    (installed, last): (Timestamp, Timestamp),
    upgrades: u32,
    fail_last: bool,
    w: &mut Writes,
) {
    let app = &team.apps[app_index];
    let ns = team.namespace(stage);
    let release = format!("{}-{}", team.name, app.short);
    let chart = chart_for(app);
    let mut h = ReleaseHistory::new(&release, &ns);
    let op = |t: Timestamp, d: i64| OpTimes::new(t, t + secs(d));
    let tag = |r: u32| (r < upgrades).then(|| format!("{}-b{}", app.app_version, 100 + r));
    // Only the end state is written (the world starts after all of it happened), so the
    // operations' individual Secret writes are not needed here.
    h.install(
        &chart,
        values(team, app_index, stage, tag(0).as_deref()),
        op(installed, 40),
        Outcome::Succeeded,
    )
    .expect("a fresh release installs");
    let span = last
        .duration_since(installed)
        .as_secs()
        .max(upgrades as i64 + 1);
    for r in 1..=upgrades {
        let at = installed + secs(span * r as i64 / upgrades.max(1) as i64);
        let dur = inner.rng.random_range(30..120);
        h.upgrade(
            &chart,
            values(team, app_index, stage, tag(r).as_deref()),
            op(at, dur),
            Outcome::Succeeded,
        )
        .expect("a deployed release upgrades");
    }
    if fail_last {
        let at = last + secs(inner.rng.random_range(600..3_600));
        // A release candidate that never reached the registry: the pods could not pull it
        // and `--wait` gave up.
        let rc = format!("{}-rc9", app.app_version);
        let broken = values(team, app_index, stage, Some(&rc));
        let failure = Outcome::Failed("context deadline exceeded".into());
        h.upgrade(&chart, broken, op(at, 300), failure)
            .expect("a deployed release upgrades");
    }
    for s in h.secrets() {
        w.put(Kind::Secret, serde_json::to_value(s).unwrap_or_default());
    }
    inner.releases.insert((ns, release), h);
}
