//! The payments team's Helmfile as the runner would report it, built by hand: four stages in
//! the Helmfile's order (dev, qa, e2e, prod), e2e failing to render, two releases layered
//! `values/common/<app>.yaml` then `values/<stage>/<app>.yaml`, dev's web file missing (skipped
//! by `missingFileHandler: Warn`), and web not installed in prod.

use std::collections::BTreeMap;

use serde_yaml::Value;

use crate::app::msg::Msg;
use crate::repo::helmfile::{
    split_set_path, Leaf, Overridden, ReleaseSummary, ReleaseValues, RenderNote, Renderer,
    ValueNode, ValueSource,
};
use crate::repo::landscape::{DesiredRelease, Landscape, ScalarAt, StageDesired};
use crate::repo::RepoMsg;

const HELMFILE: &str = "helmfile.yaml.gotmpl";

fn src(at: &str) -> ValueSource {
    let (file, line) = at.rsplit_once(':').expect("file:line");
    ValueSource {
        file: file.into(),
        line: line.parse().expect("a line"),
    }
}

fn scalar(v: &str) -> Value {
    serde_yaml::from_str(v).expect("a YAML scalar")
}

/// A leaf `value` from `at`, over earlier definitions `(value, at)`, oldest first.
fn leaf(value: &str, at: &str, over: &[(&str, &str)]) -> Leaf {
    Leaf {
        value: scalar(value),
        source: src(at),
        overrides: over
            .iter()
            .map(|(v, a)| Overridden {
                value: scalar(v),
                source: src(a),
            })
            .collect(),
    }
}

fn tree(leaves: Vec<(&str, Leaf)>) -> BTreeMap<String, ValueNode> {
    fn put(t: &mut BTreeMap<String, ValueNode>, keys: &[String], l: Leaf) {
        match keys {
            [last] => {
                t.insert(last.clone(), ValueNode::Leaf(l));
            }
            [first, rest @ ..] => {
                let node = t
                    .entry(first.clone())
                    .or_insert_with(|| ValueNode::Map(BTreeMap::new()));
                if let ValueNode::Map(m) = node {
                    put(m, rest, l);
                }
            }
            [] => {}
        }
    }
    let mut t = BTreeMap::new();
    for (path, l) in leaves {
        put(&mut t, &split_set_path(path), l);
    }
    t
}

/// `values/common/api.yaml`, as every stage reads it before its own file.
fn api_common() -> Vec<(&'static str, Leaf)> {
    vec![
        (
            "image.repository",
            leaf(
                "registry.example.com/payments/api",
                "values/common/api.yaml:3",
                &[],
            ),
        ),
        (
            "image.pullPolicy",
            leaf("IfNotPresent", "values/common/api.yaml:5", &[]),
        ),
        ("service.port", leaf("80", "values/common/api.yaml:7", &[])),
        (
            "resources.requests.cpu",
            leaf("100m", "values/common/api.yaml:10", &[]),
        ),
    ]
}

fn api_values(stage: &str, replicas: &str, tag: &str, memory: Option<&str>) -> ReleaseValues {
    let file = format!("values/{stage}/api.yaml");
    let at = |line: usize| format!("{file}:{line}");
    let mut leaves = api_common();
    leaves.push(("replicaCount", leaf(replicas, &at(4), &[])));
    leaves.push((
        "image.tag",
        leaf(tag, &at(3), &[("\"1.4.0\"", "values/common/api.yaml:4")]),
    ));
    leaves.push(("env.STAGE", leaf(stage, &at(6), &[])));
    leaves.push(match memory {
        Some(m) => (
            "resources.limits.memory",
            leaf(m, &at(9), &[("256Mi", "values/common/api.yaml:12")]),
        ),
        None => (
            "resources.limits.memory",
            leaf("256Mi", "values/common/api.yaml:12", &[]),
        ),
    });
    ReleaseValues {
        environment: stage.into(),
        release: "payments-api".into(),
        chart_version: None,
        tree: tree(leaves),
        skipped_files: Vec::new(),
        notes: Vec::new(),
    }
}

fn web_values(stage: &str, replicas: Option<&str>) -> ReleaseValues {
    let mut leaves = vec![
        (
            "image.tag",
            leaf("\"0.9.0\"", "values/common/web.yaml:4", &[]),
        ),
        (
            "ingress.enabled",
            leaf("true", "values/common/web.yaml:6", &[]),
        ),
    ];
    let mut skipped = Vec::new();
    match replicas {
        Some(r) => leaves.push((
            "replicaCount",
            leaf(
                r,
                &format!("values/{stage}/web.yaml:1"),
                &[("1", "values/common/web.yaml:2")],
            ),
        )),
        None => {
            leaves.push(("replicaCount", leaf("1", "values/common/web.yaml:2", &[])));
            skipped.push(format!("values/{stage}/web.yaml"));
        }
    }
    ReleaseValues {
        environment: stage.into(),
        release: "payments-web".into(),
        chart_version: None,
        tree: tree(leaves),
        skipped_files: skipped,
        notes: Vec::new(),
    }
}

fn release(
    name: &str,
    stage: &str,
    version: &str,
    installed: bool,
    values: ReleaseValues,
) -> DesiredRelease {
    let app = name.trim_start_matches("payments-");
    DesiredRelease {
        summary: ReleaseSummary {
            name: name.into(),
            namespace: format!("payments-{stage}"),
            enabled: true,
            installed,
            labels: BTreeMap::new(),
            chart: format!("payments/{app}"),
            version: version.into(),
        },
        values_files: vec![
            format!("values/common/{app}.yaml"),
            format!("values/{stage}/{app}.yaml"),
        ],
        values: Ok(ReleaseValues {
            chart_version: Some(version.into()),
            ..values
        }),
        // api's version is written plainly; web's comes from a state value.
        version_at: if app == "api" {
            Ok(ScalarAt {
                file: HELMFILE.into(),
                line: 21,
                path: "releases[0].version".into(),
            })
        } else {
            Err(format!(
                "{name}'s chart version is computed by a template at {HELMFILE}:31 \
                 (`version: {{{{ .Values.web.chart }}}}`): edit the file with E"
            ))
        },
    }
}

fn stage(name: &str, releases: Vec<DesiredRelease>) -> StageDesired {
    StageDesired {
        environment: name.into(),
        releases,
        notes: Vec::new(),
        error: None,
    }
}

pub fn landscape() -> Landscape {
    let mut dev = stage(
        "dev",
        vec![
            release(
                "payments-api",
                "dev",
                "1.2.0",
                true,
                api_values("dev", "1", "\"1.4.3\"", None),
            ),
            release(
                "payments-web",
                "dev",
                "0.9.2",
                true,
                web_values("dev", None),
            ),
        ],
    );
    dev.notes.push(RenderNote {
        file: HELMFILE.into(),
        line: 1,
        what: "`bases:` is not followed by the built-in renderer".into(),
    });
    let qa = stage(
        "qa",
        vec![
            release(
                "payments-api",
                "qa",
                "1.2.0",
                true,
                api_values("qa", "2", "\"1.4.2\"", None),
            ),
            release(
                "payments-web",
                "qa",
                "0.9.1",
                true,
                web_values("qa", Some("2")),
            ),
        ],
    );
    let e2e = StageDesired {
        environment: "e2e".into(),
        releases: Vec::new(),
        notes: Vec::new(),
        error: Some(
            "environments/e2e.yaml:3:9: did not find expected key while parsing a block mapping"
                .into(),
        ),
    };
    let prod = stage(
        "prod",
        vec![
            release(
                "payments-api",
                "prod",
                "1.2.0",
                true,
                api_values("prod", "3", "\"1.4.0\"", Some("512Mi")),
            ),
            release(
                "payments-web",
                "prod",
                "0.9.1",
                false,
                web_values("prod", Some("2")),
            ),
        ],
    );
    Landscape {
        renderer: Renderer::BuiltIn,
        files: vec![HELMFILE.into()],
        stages: vec![dev, qa, e2e, prod],
        error: None,
    }
}

/// The runner's answer to `LoadLandscape` for payments.
pub fn landscape_message(landscape: Landscape) -> Msg {
    Msg::Repo(RepoMsg::Landscape {
        team: "payments".into(),
        landscape: Box::new(landscape),
    })
}
