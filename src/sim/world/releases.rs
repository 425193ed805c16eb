//! The charts of the world's applications, as their Helm releases store them (see
//! `sim::helm_store`); the releases' history is replayed in `history`.

use serde_json::json;

use super::catalog::App;
use super::logs::Lang;
use crate::sim::helm_store::ChartSpec;

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
