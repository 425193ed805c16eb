use serde_json::{json, Map, Value};

use super::*;
use crate::testkit::desired;

const NS: &str = "payments-qa";

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().expect("an object")
}

fn stage(releases: Vec<DesiredRelease>) -> StageDesired {
    StageDesired {
        environment: "qa".into(),
        releases,
        notes: Vec::new(),
        error: None,
    }
}

fn deployed<'a>(
    name: &'a str,
    revision: u32,
    status: ReleaseStatus,
    version: &'a str,
    config: &'a Map<String, Value>,
) -> Deployed<'a> {
    Deployed {
        name,
        revision,
        status,
        payload: Some(Ok(Payload {
            chart_version: version,
            config,
        })),
    }
}

fn api(values: Value) -> DesiredRelease {
    desired("qa", "payments-api", "1.4.2", true, values)
}

fn one(d: &StageDesired, have: &[Deployed]) -> DriftState {
    let s = stage_drift(d, NS, have);
    assert_eq!(s.rows.len(), 1, "{s:?}");
    s.rows[0].state.clone()
}

#[test]
fn equal_chart_and_values_are_in_sync() {
    let values = json!({"image": {"tag": "2.7.0"}, "replicaCount": 2, "ports": [80, 443]});
    let d = stage(vec![api(values.clone())]);
    let config = obj(values);
    let have = [deployed(
        "payments-api",
        3,
        ReleaseStatus::Deployed,
        "1.4.2",
        &config,
    )];
    assert_eq!(one(&d, &have), DriftState::InSync);
    let s = stage_drift(&d, NS, &have);
    assert_eq!(s.counts().cell(), "in sync");
    assert_eq!(s.counts().headline(), "in sync with the config repo");
    assert!(!s.counts().undeployed());
}

#[test]
fn a_chart_version_bump_pushed_but_not_deployed_drifts() {
    let values = json!({"image": {"tag": "2.7.0"}});
    let d = stage(vec![desired(
        "qa",
        "payments-api",
        "1.5.0",
        true,
        values.clone(),
    )]);
    let config = obj(values);
    let have = [deployed(
        "payments-api",
        3,
        ReleaseStatus::Deployed,
        "1.4.2",
        &config,
    )];
    assert_eq!(
        one(&d, &have),
        DriftState::Drifted(Drift {
            chart_version: Some(("1.4.2".into(), "1.5.0".into())),
            uninstall: false,
            values: Vec::new(),
        })
    );
}

#[test]
fn a_values_change_names_each_leaf_with_both_sides() {
    let d = stage(vec![api(json!({
        "image": {"tag": "2.7.1"},
        "replicaCount": 2,
        "probes": {"readiness": {"path": "/ready"}},
        "annotations": {"prometheus.io/port": "9090"}
    }))]);
    let config = obj(json!({
        "image": {"tag": "2.7.0"},
        "replicaCount": 2.0,
        "debug": true,
        "annotations": {"prometheus.io/port": "9090"}
    }));
    let have = [deployed(
        "payments-api",
        3,
        ReleaseStatus::Deployed,
        "1.4.2",
        &config,
    )];
    let DriftState::Drifted(drift) = one(&d, &have) else {
        panic!("drifted expected");
    };
    assert_eq!(drift.chart_version, None);
    // replicaCount 2 (YAML) and 2.0 (JSON) are one number; a dotted key stays one key.
    assert_eq!(
        drift.values,
        vec![
            ValueDiff {
                key: "debug".into(),
                deployed: Some("true".into()),
                desired: None,
            },
            ValueDiff {
                key: "image.tag".into(),
                deployed: Some("2.7.0".into()),
                desired: Some("2.7.1".into()),
            },
            ValueDiff {
                key: "probes.readiness.path".into(),
                deployed: None,
                desired: Some("/ready".into()),
            },
        ]
    );
    let counts = stage_drift(&d, NS, &have).counts();
    assert_eq!(counts.cell(), "1 drifted");
    assert_eq!(counts.headline(), "undeployed commits: 1 drifted");
}

#[test]
fn a_release_removed_from_the_helmfile_is_extra_and_one_added_is_missing() {
    let d = stage(vec![desired(
        "qa",
        "payments-search",
        "0.1.0",
        true,
        json!({}),
    )]);
    let config = obj(json!({}));
    let have = [
        deployed(
            "payments-statements",
            2,
            ReleaseStatus::Deployed,
            "0.5.0",
            &config,
        ),
        // Uninstalled with --keep-history: not running, so not extra.
        deployed(
            "payments-old",
            4,
            ReleaseStatus::Uninstalled,
            "0.1.0",
            &config,
        ),
    ];
    let s = stage_drift(&d, NS, &have);
    assert_eq!(
        s.rows,
        vec![
            DriftRow {
                release: "payments-search".into(),
                revision: None,
                state: DriftState::Missing,
            },
            DriftRow {
                release: "payments-statements".into(),
                revision: Some(2),
                state: DriftState::Extra,
            },
        ]
    );
    assert_eq!(s.counts().cell(), "1 missing +1");
    assert!(s.counts().undeployed());
    assert_eq!(
        s.counts().headline(),
        "undeployed commits: 1 missing, 1 extra"
    );
}

#[test]
fn a_failed_latest_revision_is_failed_whatever_its_values() {
    let d = stage(vec![api(json!({"image": {"tag": "9"}}))]);
    let config = obj(json!({}));
    let have = [deployed(
        "payments-api",
        4,
        ReleaseStatus::Failed,
        "1.4.2",
        &config,
    )];
    assert_eq!(one(&d, &have), DriftState::Failed { revision: 4 });
    let c = stage_drift(&d, NS, &have).counts();
    assert_eq!(c.cell(), "1 failed");
    assert!(!c.undeployed());
}

#[test]
fn installed_false_is_in_sync_when_absent_and_drifted_when_deployed() {
    let d = stage(vec![desired(
        "qa",
        "payments-api",
        "1.4.2",
        false,
        json!({}),
    )]);
    assert_eq!(one(&d, &[]), DriftState::InSync);
    let config = obj(json!({}));
    let have = [deployed(
        "payments-api",
        3,
        ReleaseStatus::Deployed,
        "1.4.2",
        &config,
    )];
    assert_eq!(
        one(&d, &have),
        DriftState::Drifted(Drift {
            uninstall: true,
            ..Drift::default()
        })
    );
}

#[test]
fn an_undecoded_payload_is_unknown_and_the_cell_waits() {
    let d = stage(vec![api(json!({}))]);
    let have = [Deployed {
        name: "payments-api",
        revision: 3,
        status: ReleaseStatus::Deployed,
        payload: None,
    }];
    assert_eq!(one(&d, &have), DriftState::Unknown(None));
    let c = stage_drift(&d, NS, &have).counts();
    assert_eq!(c.cell(), "…");
    assert_eq!(c.headline(), "reading the releases… (1 not read yet)");
    let bad = [Deployed {
        payload: Some(Err("payload not gzip".into())),
        ..have[0].clone()
    }];
    assert_eq!(
        one(&d, &bad),
        DriftState::Unknown(Some("payload not gzip".into()))
    );
}

#[test]
fn a_pending_upgrade_is_pending() {
    let d = stage(vec![api(json!({}))]);
    let config = obj(json!({}));
    let have = [deployed(
        "payments-api",
        5,
        ReleaseStatus::PendingUpgrade,
        "1.4.2",
        &config,
    )];
    assert_eq!(
        one(&d, &have),
        DriftState::Pending {
            revision: 5,
            status: ReleaseStatus::PendingUpgrade
        }
    );
}

#[test]
fn releases_of_another_namespace_are_not_this_stages() {
    let mut other = api(json!({}));
    other.summary.namespace = "payments-shared".into();
    let d = stage(vec![other]);
    assert!(stage_drift(&d, NS, &[]).rows.is_empty());
}
