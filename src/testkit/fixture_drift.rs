//! A payments Helmfile that matches the fixture world's release Secrets (`fixture_releases`),
//! so that drift has every case to show: prod in sync; in qa a chart bump not deployed
//! (gateway), a values change (notifications), a release removed from the Helmfile
//! (statements: extra), one added (search: missing), one failed (ledger), one not installed
//! and not deployed (legacy: in sync), and the rest in sync; e2e fails to render.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::repo::helmfile::{
    Leaf, ReleaseSummary, ReleaseValues, Renderer, ValueNode, ValueSource,
};
use crate::repo::landscape::{DesiredRelease, Landscape, StageDesired};

fn tree(v: &Value, file: &str) -> BTreeMap<String, ValueNode> {
    let Some(m) = v.as_object() else {
        return BTreeMap::new();
    };
    m.iter()
        .map(|(k, v)| {
            let node = match v {
                Value::Object(_) => ValueNode::Map(tree(v, file)),
                leaf => ValueNode::Leaf(Leaf {
                    value: serde_yaml::to_value(leaf).expect("JSON is YAML"),
                    source: ValueSource {
                        file: file.into(),
                        line: 1,
                    },
                    overrides: Vec::new(),
                }),
            };
            (k.clone(), node)
        })
        .collect()
}

/// A release of `payments-<stage>` as the Helmfile wants it, its merged values `values`.
pub fn desired(
    stage: &str,
    name: &str,
    chart_version: &str,
    installed: bool,
    values: Value,
) -> DesiredRelease {
    let app = name.trim_start_matches("payments-");
    let file = format!("values/{stage}/{app}.yaml");
    DesiredRelease {
        summary: ReleaseSummary {
            name: name.into(),
            namespace: format!("payments-{stage}"),
            enabled: true,
            installed,
            labels: BTreeMap::new(),
            chart: format!("payments/{app}"),
            version: chart_version.into(),
        },
        values_files: vec![file.clone()],
        values: Ok(ReleaseValues {
            environment: stage.into(),
            release: name.into(),
            chart_version: Some(chart_version.into()),
            tree: tree(&values, &file),
            skipped_files: Vec::new(),
            notes: Vec::new(),
        }),
        version_at: Err("not needed here".into()),
    }
}

fn app(tag: &str, replicas: u32) -> Value {
    json!({"image": {"tag": tag}, "replicaCount": replicas})
}

pub fn drift_landscape() -> Landscape {
    let qa = StageDesired {
        environment: "qa".into(),
        releases: vec![
            desired("qa", "payments-api", "1.4.2", true, app("2.7.0", 2)),
            desired("qa", "payments-gateway", "3.0.5", true, app("3.0.4", 2)),
            desired(
                "qa",
                "payments-ledger",
                "0.10.0",
                true,
                json!({"image": {"tag": "0.10.0"}, "replicaCount": 2,
                       "migrations": {"timeoutSeconds": 600}}),
            ),
            desired(
                "qa",
                "payments-notifications",
                "1.1.7",
                true,
                json!({"image": {"tag": "1.12.4"}, "replicaCount": 1,
                       "probes": {"readiness": {"path": "/ready"}}}),
            ),
            desired("qa", "payments-web", "4.2.0", true, app("4.2.0", 2)),
            desired("qa", "payments-search", "0.1.0", true, app("0.1.0", 1)),
            desired("qa", "payments-legacy", "2.0.0", false, app("2.0.0", 1)),
        ],
        notes: Vec::new(),
        error: None,
    };
    let prod = StageDesired {
        environment: "prod".into(),
        releases: vec![
            desired("prod", "payments-api", "1.4.1", true, app("2.6.4", 3)),
            desired("prod", "payments-ledger", "0.9.0", true, app("0.9.0", 2)),
            desired(
                "prod",
                "payments-notifications",
                "1.1.7",
                true,
                app("1.12.3", 1),
            ),
            desired("prod", "payments-web", "4.2.0", true, app("4.2.0", 1)),
        ],
        notes: Vec::new(),
        error: None,
    };
    let e2e = StageDesired {
        environment: "e2e".into(),
        releases: Vec::new(),
        notes: Vec::new(),
        error: Some("environments/e2e.yaml:3:9: did not find expected key".into()),
    };
    Landscape {
        renderer: Renderer::BuiltIn,
        files: vec!["helmfile.yaml.gotmpl".into()],
        stages: vec![qa, e2e, prod],
        error: None,
    }
}
