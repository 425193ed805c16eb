use std::io::Read;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use flate2::read::GzDecoder;
use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};
use serde_json::json;

use super::*;
use crate::helm::{decode_release_secret, ReleaseStatus};

const NAME: &str = "payments-api";
const NS: &str = "payments-qa";

fn t0() -> Timestamp {
    "2026-08-20T12:03:11.52834912Z".parse().unwrap()
}

/// Operation `i`: starts `i` hours after t0 and takes 42.5 s.
fn op(i: i64) -> OpTimes {
    let start = t0() + SignedDuration::from_hours(i);
    OpTimes::new(start, start + SignedDuration::from_millis(42_500))
}

fn chart(version: &str, app: &str) -> ChartSpec {
    ChartSpec::new(
        NAME,
        version,
        app,
        json!({
            "replicaCount": 1,
            "image": {"repository": "registry.example.com/payments/payments-api", "tag": "", "pullPolicy": "IfNotPresent"},
            "service": {"type": "ClusterIP", "port": 80},
            "resources": {}
        }),
    )
    .with_description("Payments API for the storefront")
}

fn history() -> ReleaseHistory {
    ReleaseHistory::new(NAME, NS).with_offset(Offset::constant(2))
}

/// The inner release JSON text of a written Secret (undoing Helm's base64 + gzip by hand).
fn inner_json(secret: &Secret) -> String {
    let helm_b64 = &secret.data.as_ref().unwrap()["release"].0;
    let gz = STANDARD.decode(helm_b64).unwrap();
    assert_eq!(&gz[..3], &[0x1f, 0x8b, 0x08], "gzip magic");
    let mut s = String::new();
    GzDecoder::new(&gz[..]).read_to_string(&mut s).unwrap();
    s
}

/// Keys of a JSON object text, in the order they appear (serde_json's Value would sort them).
fn keys_in_order(obj: &str) -> Vec<String> {
    fields_in_order(obj).into_iter().map(|(k, _)| k).collect()
}

/// (key, raw value text) of each top-level member of a JSON object text, in order.
fn fields_in_order(obj: &str) -> Vec<(String, &str)> {
    let b = obj.as_bytes();
    assert_eq!(b[0], b'{');
    let mut out = Vec::new();
    let mut depth = 0;
    let mut in_str = false;
    let mut esc = false;
    let mut key_start = None;
    let mut key: Option<String> = None;
    let mut val_start = 0;
    for (i, &c) in b.iter().enumerate() {
        if in_str {
            if esc {
                esc = false;
            } else if c == b'\\' {
                esc = true;
            } else if c == b'"' {
                in_str = false;
                if let Some(ks) = key_start.take() {
                    key = Some(obj[ks..i].to_string());
                }
            }
            continue;
        }
        match c {
            b'"' => {
                in_str = true;
                if depth == 1 && key.is_none() {
                    key_start = Some(i + 1);
                }
            }
            b':' if depth == 1 => val_start = i + 1,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    if let Some(k) = key.take() {
                        out.push((k, &obj[val_start..i]));
                    }
                }
            }
            b',' if depth == 1 => {
                let k = key.take().expect("a key before each comma");
                out.push((k, &obj[val_start..i]));
            }
            _ => {}
        }
    }
    out
}

fn field<'a>(obj: &'a str, key: &str) -> &'a str {
    fields_in_order(obj)
        .into_iter()
        .find(|(k, _)| k == key)
        .unwrap_or_else(|| panic!("no key {key} in {obj}"))
        .1
}

/// The raw text of the first element of a JSON array of objects.
fn first_array_elem(arr: &str) -> &str {
    assert!(arr.starts_with("[{"), "{arr}");
    let (mut depth, mut in_str, mut esc) = (0, false, false);
    for (i, c) in arr.char_indices().skip(1) {
        if in_str {
            match (esc, c) {
                (true, _) => esc = false,
                (false, '\\') => esc = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth -= 1;
                if depth == 0 {
                    return &arr[1..=i];
                }
            }
            _ => {}
        }
    }
    panic!("unterminated array {arr}")
}

fn kinds(writes: &[SecretWrite]) -> Vec<String> {
    writes
        .iter()
        .map(|w| {
            let what = match w {
                SecretWrite::Create(_) => "create",
                SecretWrite::Update(_) => "update",
                SecretWrite::Delete { .. } => "delete",
            };
            let status = w
                .secret()
                .map(|s| format!(" {}", s.metadata.labels.as_ref().unwrap()["status"]))
                .unwrap_or_default();
            let rev = w.name().rsplit('.').next().unwrap().to_string();
            format!("{what} {rev}{status}")
        })
        .collect()
}

fn status_of(h: &ReleaseHistory, rev: u32) -> ReleaseStatus {
    h.get(rev).unwrap().info.status
}

// ------------------------------------------------------------------------------------------

#[test]
fn helm_rfc3339_nano_matches_go() {
    let ts: Timestamp = "2026-08-20T12:03:11.52834912Z".parse().unwrap();
    assert_eq!(
        rfc3339_nano(ts, Offset::constant(2)),
        "2026-08-20T14:03:11.52834912+02:00"
    );
    assert_eq!(
        rfc3339_nano(ts, Offset::UTC),
        "2026-08-20T12:03:11.52834912Z"
    );
    let whole: Timestamp = "2026-01-02T03:04:05Z".parse().unwrap();
    assert_eq!(rfc3339_nano(whole, Offset::UTC), "2026-01-02T03:04:05Z");
    let half: Timestamp = "2026-01-02T03:04:05.5Z".parse().unwrap();
    assert_eq!(
        rfc3339_nano(half, Offset::from_seconds(-(5 * 3600 + 30 * 60)).unwrap()),
        "2026-01-01T21:34:05.5-05:30"
    );
    let nano: Timestamp = "2026-01-02T03:04:05.000000001Z".parse().unwrap();
    assert_eq!(
        rfc3339_nano(nano, Offset::UTC),
        "2026-01-02T03:04:05.000000001Z"
    );
}

#[test]
fn helm_release_json_is_byte_exact_go_output() {
    let at: Timestamp = "2026-08-20T12:03:11.5Z".parse().unwrap();
    let rel = ReleaseJson {
        name: "demo".into(),
        info: InfoJson {
            first_deployed: GoTime::new(at, Offset::constant(2)),
            last_deployed: GoTime::new(at, Offset::constant(2)),
            deleted: GoTime::ZERO,
            description: "Install complete".into(),
            status: ReleaseStatus::Deployed,
            notes: String::new(),
        },
        chart: std::sync::Arc::new(ChartJson {
            metadata: MetadataJson {
                name: "demo".into(),
                version: "0.1.0".into(),
                api_version: "v2".into(),
                app_version: "1.0".into(),
                chart_type: "application".into(),
                ..Default::default()
            },
            lock: None,
            templates: vec![FileJson {
                name: "templates/cm.yaml".into(),
                data: b"kind: ConfigMap\n".to_vec(),
            }],
            values: serde_json::from_value(json!({"b": 1, "a": {"z": true, "y": null}})).unwrap(),
            schema: None,
            files: Vec::new(),
        }),
        config: serde_json::from_value(json!({"msg": "a<b && c>d\u{2028}\u{8}"})).unwrap(),
        manifest: "---\n# Source: demo/templates/cm.yaml\nkind: ConfigMap\n".into(),
        hooks: Vec::new(),
        version: 1,
        namespace: "default".into(),
        labels: BTreeMap::from([("team".into(), "x".into())]),
    };
    let got = String::from_utf8(release_json(&rel)).unwrap();
    let want = concat!(
        r#"{"name":"demo","info":{"first_deployed":"2026-08-20T14:03:11.5+02:00","#,
        r#""last_deployed":"2026-08-20T14:03:11.5+02:00","deleted":"","#,
        r#""description":"Install complete","status":"deployed"},"#,
        r#""chart":{"metadata":{"name":"demo","version":"0.1.0","apiVersion":"v2","#,
        r#""appVersion":"1.0","type":"application"},"lock":null,"#,
        r#""templates":[{"name":"templates/cm.yaml","data":"a2luZDogQ29uZmlnTWFwCg=="}],"#,
        r#""values":{"a":{"y":null,"z":true},"b":1},"schema":null,"files":null},"#,
        r#""config":{"msg":"a\u003cb \u0026\u0026 c\u003ed\u2028\u0008"},"#,
        r#""manifest":"---\n# Source: demo/templates/cm.yaml\nkind: ConfigMap\n","#,
        r#""version":1,"namespace":"default"}"#
    );
    assert_eq!(got, want);
    // And it is still JSON meaning the same thing.
    let v: Value = serde_json::from_str(&got).unwrap();
    assert_eq!(v["config"]["msg"], "a<b && c>d\u{2028}\u{8}");

    // The encoded payload is base64(gzip(that JSON)).
    let gz = STANDARD.decode(encode_release(&rel)).unwrap();
    let mut s = String::new();
    GzDecoder::new(&gz[..]).read_to_string(&mut s).unwrap();
    assert_eq!(s, want);
}

#[test]
fn helm_release_secret_shape_and_labels() {
    let mut h = history().with_labels(BTreeMap::from([
        ("team".to_string(), "payments".to_string()),
        ("status".to_string(), "spoofed".to_string()),
    ]));
    let writes = h
        .install(
            &chart("1.4.2", "2.7.0"),
            json!({}),
            op(0),
            Outcome::Succeeded,
        )
        .unwrap();
    let SecretWrite::Create(created) = &writes[0] else {
        panic!("first write is a create")
    };
    assert_eq!(
        created.metadata.name.as_deref(),
        Some("sh.helm.release.v1.payments-api.v1")
    );
    assert_eq!(created.metadata.namespace.as_deref(), Some(NS));
    assert_eq!(created.type_.as_deref(), Some("helm.sh/release.v1"));
    assert_eq!(created.data.as_ref().unwrap().len(), 1);
    let labels = created.metadata.labels.as_ref().unwrap();
    let expect_created = op(0).started.as_second().to_string();
    assert_eq!(labels["createdAt"], expect_created);
    assert!(!labels.contains_key("modifiedAt"));
    assert_eq!(labels["name"], NAME);
    assert_eq!(labels["owner"], "helm");
    assert_eq!(labels["status"], "pending-install");
    assert_eq!(labels["version"], "1");
    assert_eq!(labels["team"], "payments");

    let SecretWrite::Update(updated) = writes.last().unwrap() else {
        panic!("last write is an update")
    };
    let labels = updated.metadata.labels.as_ref().unwrap();
    assert_eq!(labels["status"], "deployed");
    assert_eq!(labels["modifiedAt"], op(0).finished.as_second().to_string());
    assert!(
        !labels.contains_key("createdAt"),
        "Helm's Update drops createdAt"
    );
    assert_eq!(
        updated.metadata.creation_timestamp,
        created.metadata.creation_timestamp
    );

    // On the wire, data.release is double base64 of a gzip stream.
    let wire = serde_json::to_value(updated).unwrap();
    let outer = wire["data"]["release"].as_str().unwrap();
    let helm_layer = STANDARD.decode(outer).unwrap();
    let gz = STANDARD.decode(helm_layer).unwrap();
    assert_eq!(&gz[..3], &[0x1f, 0x8b, 0x08]);
    assert_eq!(wire["type"], "helm.sh/release.v1");
}

#[test]
fn helm_sim_secrets_decode_with_product_decoder_and_have_helm_field_names() {
    let mut h = history();
    let c = chart("1.4.2", "2.7.0").with_migration_hook();
    h.install(&c, json!({"replicaCount": 2}), op(0), Outcome::Succeeded)
        .unwrap();
    let writes = h
        .upgrade(
            &c,
            json!({"replicaCount": 3, "image": {"tag": "2.7.1"}, "env": {"LOG_LEVEL": "info"}}),
            op(1),
            Outcome::Succeeded,
        )
        .unwrap();
    let SecretWrite::Update(secret) = writes.last().unwrap() else {
        panic!()
    };

    // Product decoder.
    let rel = decode_release_secret(secret).unwrap();
    assert_eq!(rel.name, NAME);
    assert_eq!(rel.namespace, NS);
    assert_eq!(rel.version, 2);
    assert_eq!(rel.info.status, ReleaseStatus::Deployed);
    assert_eq!(rel.info.description, "Upgrade complete");
    assert_eq!(rel.info.first_deployed, Some(op(0).started));
    assert_eq!(rel.info.last_deployed, Some(op(1).started));
    assert_eq!(rel.info.deleted, None);
    assert_eq!(rel.chart_label(), "payments-api-1.4.2");
    assert_eq!(rel.app_version(), "2.7.0");
    assert_eq!(rel.config["image"]["tag"], "2.7.1");
    assert_eq!(rel.chart.values["replicaCount"], 1);
    assert_eq!(rel.chart.templates.len(), 5);
    assert!(rel.manifest.starts_with(
        "---\n# Source: payments-api/templates/service.yaml\napiVersion: v1\nkind: Service\n"
    ));
    assert!(rel.manifest.contains(
        "\n---\n# Source: payments-api/templates/deployment.yaml\napiVersion: apps/v1\n"
    ));
    assert!(rel.manifest.contains("  replicas: 3\n"));
    assert!(rel
        .manifest
        .contains("image: \"registry.example.com/payments/payments-api:2.7.1\""));
    assert!(rel
        .manifest
        .contains("- name: LOG_LEVEL\n              value: \"info\""));
    assert!(rel
        .manifest
        .contains("          resources:\n            {}\n"));
    assert!(rel
        .info
        .notes
        .contains("--namespace payments-qa port-forward"));
    let hook = &rel.hooks[0];
    assert_eq!(hook.name, "payments-api-db-migrate");
    assert_eq!(hook.path, "payments-api/templates/db-migrate-job.yaml");
    assert_eq!(hook.last_run.phase, "Succeeded");
    assert!(hook.last_run.started_at.unwrap() > op(1).started);
    assert!(hook.last_run.completed_at.unwrap() < op(1).finished);

    // Raw JSON: Helm's field names in Go's order.
    let raw = inner_json(secret);
    assert_eq!(
        keys_in_order(&raw),
        [
            "name",
            "info",
            "chart",
            "config",
            "manifest",
            "hooks",
            "version",
            "namespace"
        ]
    );
    let info = field(&raw, "info");
    assert_eq!(
        keys_in_order(info),
        [
            "first_deployed",
            "last_deployed",
            "deleted",
            "description",
            "status",
            "notes"
        ]
    );
    assert_eq!(field(info, "deleted"), r#""""#);
    assert_eq!(
        field(info, "first_deployed"),
        r#""2026-08-20T14:03:11.52834912+02:00""#
    );
    let chart_raw = field(&raw, "chart");
    assert_eq!(
        keys_in_order(chart_raw),
        ["metadata", "lock", "templates", "values", "schema", "files"]
    );
    assert_eq!(field(chart_raw, "lock"), "null");
    assert_eq!(field(chart_raw, "schema"), "null");
    assert_eq!(
        keys_in_order(field(chart_raw, "metadata")),
        [
            "name",
            "version",
            "description",
            "apiVersion",
            "appVersion",
            "type"
        ]
    );
    assert_eq!(
        keys_in_order(field(chart_raw, "values")),
        ["image", "replicaCount", "resources", "service"]
    );
    assert_eq!(
        keys_in_order(field(&raw, "config")),
        ["env", "image", "replicaCount"]
    );
    let hook_raw = first_array_elem(field(&raw, "hooks"));
    assert_eq!(
        keys_in_order(hook_raw),
        [
            "name",
            "kind",
            "path",
            "manifest",
            "events",
            "last_run",
            "weight",
            "delete_policies"
        ]
    );
    assert_eq!(
        keys_in_order(field(hook_raw, "last_run")),
        ["started_at", "completed_at", "phase"]
    );
    assert_eq!(field(&raw, "version"), "2");
    assert!(raw.starts_with(r#"{"name":"payments-api","info":{"first_deployed":""#));
}

#[test]
fn helm_install_writes_in_helm_order() {
    let mut h = history();
    let c = chart("1.4.2", "2.7.0").with_migration_hook();
    let writes = h.install(&c, json!({}), op(0), Outcome::Succeeded).unwrap();
    assert_eq!(
        kinds(&writes),
        [
            "create v1 pending-install",
            "update v1 pending-install", // execHook records the hook start
            "update v1 deployed"
        ]
    );
    let rel = h.get(1).unwrap();
    assert_eq!(rel.info.description, "Install complete");
    let pending = decode_release_secret(writes[0].secret().unwrap()).unwrap();
    assert_eq!(pending.info.description, "Initial install underway");
    assert_eq!(pending.hooks[0].last_run.phase, "");
    let running = decode_release_secret(writes[1].secret().unwrap()).unwrap();
    assert_eq!(running.hooks[0].last_run.phase, "Running");
    assert_eq!(running.hooks[0].last_run.completed_at, None);
    // Config omitted when no user values.
    assert!(!inner_json(writes[2].secret().unwrap()).contains("\"config\""));
    assert_eq!(
        h.install(&c, json!({}), op(1), Outcome::Succeeded),
        Err(HelmOpError::NameInUse)
    );
}

#[test]
fn helm_install_failure_descriptions() {
    let mut h = history();
    let writes = h
        .install(
            &chart("1.4.2", "2.7.0"),
            json!({}),
            op(0),
            Outcome::Failed("context deadline exceeded".into()),
        )
        .unwrap();
    assert_eq!(
        kinds(&writes),
        ["create v1 pending-install", "update v1 failed"]
    );
    assert_eq!(
        h.get(1).unwrap().info.description,
        "Release \"payments-api\" failed: context deadline exceeded"
    );

    let mut h = history();
    h.install(
        &chart("1.4.2", "2.7.0").with_migration_hook(),
        json!({}),
        op(0),
        Outcome::HookFailed("job failed: BackoffLimitExceeded".into()),
    )
    .unwrap();
    let rel = h.get(1).unwrap();
    assert_eq!(rel.info.status, ReleaseStatus::Failed);
    assert_eq!(
        rel.info.description,
        "Release \"payments-api\" failed: failed pre-install: warning: Hook pre-install \
         payments-api/templates/db-migrate-job.yaml failed: job failed: BackoffLimitExceeded"
    );
    assert_eq!(rel.hooks[0].last_run.phase, "Failed");
}

#[test]
fn helm_upgrade_supersedes_previous() {
    let mut h = history();
    let c = chart("1.4.2", "2.7.0");
    h.install(&c, json!({}), op(0), Outcome::Succeeded).unwrap();
    let writes = h
        .upgrade(
            &chart("1.4.3", "2.7.1"),
            json!({}),
            op(1),
            Outcome::Succeeded,
        )
        .unwrap();
    assert_eq!(
        kinds(&writes),
        [
            "create v2 pending-upgrade",
            "update v1 superseded",
            "update v2 deployed"
        ]
    );
    let pending = decode_release_secret(writes[0].secret().unwrap()).unwrap();
    assert_eq!(pending.info.description, "Preparing upgrade");
    assert_eq!(status_of(&h, 1), ReleaseStatus::Superseded);
    assert_eq!(h.get(1).unwrap().info.description, "Install complete");
    assert_eq!(status_of(&h, 2), ReleaseStatus::Deployed);
    assert_eq!(h.get(2).unwrap().info.description, "Upgrade complete");
    assert_eq!(h.get(2).unwrap().chart.metadata.version, "1.4.3");
    // first_deployed carries over; last_deployed is the upgrade's.
    assert_eq!(
        h.get(2).unwrap().info.first_deployed,
        h.get(1).unwrap().info.first_deployed
    );
    assert_eq!(
        h.get(2).unwrap().info.last_deployed.instant,
        Some(op(1).started)
    );
    // Secrets as they stand carry the labels of their last write.
    let secrets = h.secrets();
    assert_eq!(secrets.len(), 2);
    assert_eq!(
        secrets[0].metadata.labels.as_ref().unwrap()["status"],
        "superseded"
    );
}

#[test]
fn helm_failed_upgrade_keeps_previous_deployed() {
    let mut h = history();
    let c = chart("1.4.2", "2.7.0").with_migration_hook();
    h.install(&c, json!({}), op(0), Outcome::Succeeded).unwrap();
    let writes = h
        .upgrade(
            &c,
            json!({"image": {"tag": "broken"}}),
            op(1),
            Outcome::Failed("context deadline exceeded".into()),
        )
        .unwrap();
    assert_eq!(
        kinds(&writes),
        [
            "create v2 pending-upgrade",
            "update v2 pending-upgrade",
            "update v2 failed"
        ]
    );
    assert_eq!(status_of(&h, 1), ReleaseStatus::Deployed);
    assert_eq!(status_of(&h, 2), ReleaseStatus::Failed);
    assert_eq!(
        h.get(2).unwrap().info.description,
        "Upgrade \"payments-api\" failed: context deadline exceeded"
    );

    // A hook failure: the hook's last run is Failed and the description says so.
    let writes = h
        .upgrade(
            &c,
            json!({}),
            op(2),
            Outcome::HookFailed("job failed: BackoffLimitExceeded".into()),
        )
        .unwrap();
    assert_eq!(
        kinds(&writes),
        [
            "create v3 pending-upgrade",
            "update v3 pending-upgrade",
            "update v3 failed"
        ]
    );
    let v3 = h.get(3).unwrap();
    assert_eq!(
        v3.info.description,
        "Upgrade \"payments-api\" failed: pre-upgrade hooks failed: warning: Hook pre-upgrade \
         payments-api/templates/db-migrate-job.yaml failed: job failed: BackoffLimitExceeded"
    );
    assert_eq!(v3.hooks[0].last_run.phase, "Failed");
    assert_eq!(status_of(&h, 1), ReleaseStatus::Deployed);

    // The next good upgrade supersedes the still-deployed v1, not the failed v3.
    let writes = h.upgrade(&c, json!({}), op(3), Outcome::Succeeded).unwrap();
    assert_eq!(
        kinds(&writes),
        [
            "create v4 pending-upgrade",
            "update v4 pending-upgrade",
            "update v1 superseded",
            "update v4 deployed"
        ]
    );
    assert_eq!(status_of(&h, 3), ReleaseStatus::Failed);
}

#[test]
fn helm_rollback_copies_target_and_supersedes() {
    let mut h = history();
    h.install(
        &chart("1.4.2", "2.7.0"),
        json!({"replicaCount": 2}),
        op(0),
        Outcome::Succeeded,
    )
    .unwrap();
    h.upgrade(
        &chart("1.5.0", "2.8.0"),
        json!({"replicaCount": 4}),
        op(1),
        Outcome::Succeeded,
    )
    .unwrap();
    let writes = h.rollback(0, op(2), Outcome::Succeeded).unwrap();
    assert_eq!(
        kinds(&writes),
        [
            "create v3 pending-rollback",
            "update v2 superseded",
            "update v3 deployed"
        ]
    );
    let v3 = h.get(3).unwrap();
    let v1 = h.get(1).unwrap();
    assert_eq!(v3.info.description, "Rollback to 1");
    assert_eq!(v3.config, v1.config);
    assert_eq!(v3.manifest, v1.manifest);
    assert_eq!(v3.chart.metadata.version, "1.4.2");
    assert_eq!(v3.info.first_deployed, v1.info.first_deployed);
    assert_eq!(v3.info.last_deployed.instant, Some(op(2).started));

    let writes = h
        .rollback(
            2,
            op(3),
            Outcome::Failed("timed out waiting for the condition".into()),
        )
        .unwrap();
    assert_eq!(
        kinds(&writes),
        [
            "create v4 pending-rollback",
            "update v3 superseded",
            "update v4 failed"
        ]
    );
    assert_eq!(
        h.get(4).unwrap().info.description,
        "Rollback \"payments-api\" failed: timed out waiting for the condition"
    );
    assert_eq!(
        h.rollback(9, op(4), Outcome::Succeeded),
        Err(HelmOpError::NoSuchRevision(9))
    );
}

#[test]
fn helm_uninstall_deletes_every_revision() {
    let mut h = history();
    let c = chart("1.4.2", "2.7.0");
    h.install(&c, json!({}), op(0), Outcome::Succeeded).unwrap();
    h.upgrade(&c, json!({}), op(1), Outcome::Succeeded).unwrap();
    h.upgrade(&c, json!({}), op(2), Outcome::Failed("boom".into()))
        .unwrap();
    let writes = h.uninstall(false, op(3)).unwrap();
    assert_eq!(
        kinds(&writes),
        [
            "update v3 uninstalling",
            "delete v1",
            "delete v2",
            "delete v3"
        ]
    );
    let uninstalling = decode_release_secret(writes[0].secret().unwrap()).unwrap();
    assert_eq!(
        uninstalling.info.description,
        "Deletion in progress (or silently failed)"
    );
    assert_eq!(uninstalling.info.deleted, Some(op(3).started));
    assert!(writes[1..].iter().all(|w| w.namespace() == NS));
    assert_eq!(writes[1].name(), "sh.helm.release.v1.payments-api.v1");
    assert_eq!(h.revisions().count(), 0);
    assert_eq!(h.uninstall(false, op(4)), Err(HelmOpError::NotFound));
    // The name is free again.
    let writes = h.install(&c, json!({}), op(5), Outcome::Succeeded).unwrap();
    assert_eq!(writes[0].name(), "sh.helm.release.v1.payments-api.v1");
}

#[test]
fn helm_uninstall_keep_history() {
    let mut h = history();
    let c = chart("1.4.2", "2.7.0");
    h.install(&c, json!({}), op(0), Outcome::Succeeded).unwrap();
    h.upgrade(&c, json!({}), op(1), Outcome::Failed("boom".into()))
        .unwrap();
    let writes = h.uninstall(true, op(2)).unwrap();
    assert_eq!(
        kinds(&writes),
        [
            "update v2 uninstalling",
            "update v2 uninstalled",
            "update v1 superseded"
        ]
    );
    let v2 = h.get(2).unwrap();
    assert_eq!(v2.info.description, "Uninstallation complete");
    assert_eq!(v2.info.deleted.instant, Some(op(2).started));
    assert_eq!(
        h.uninstall(true, op(3)),
        Err(HelmOpError::AlreadyDeleted(NAME.into()))
    );
    assert_eq!(
        h.upgrade(&c, json!({}), op(3), Outcome::Succeeded),
        Err(HelmOpError::NoDeployedReleases(NAME.into()))
    );
    // A later plain uninstall purges the kept history.
    let writes = h.uninstall(false, op(4)).unwrap();
    assert_eq!(kinds(&writes), ["delete v1", "delete v2"]);
}

#[test]
fn helm_history_pruned_to_ten() {
    let mut h = history();
    let c = chart("1.4.2", "2.7.0");
    h.install(&c, json!({}), op(0), Outcome::Succeeded).unwrap();
    for i in 1..=9 {
        let w = h.upgrade(&c, json!({}), op(i), Outcome::Succeeded).unwrap();
        assert!(!kinds(&w).iter().any(|k| k.starts_with("delete")));
    }
    assert_eq!(h.revisions().count(), 10);
    let writes = h
        .upgrade(&c, json!({}), op(10), Outcome::Succeeded)
        .unwrap();
    assert_eq!(
        kinds(&writes),
        [
            "delete v1",
            "create v11 pending-upgrade",
            "update v10 superseded",
            "update v11 deployed"
        ]
    );
    let revs: Vec<u32> = h.revisions().map(|r| r.version).collect();
    assert_eq!(revs, (2..=11).collect::<Vec<_>>());
}

#[test]
fn helm_prune_never_deletes_last_deployed() {
    let mut h = history();
    let c = chart("1.4.2", "2.7.0");
    h.install(&c, json!({}), op(0), Outcome::Succeeded).unwrap();
    for i in 1..=12 {
        h.upgrade(&c, json!({}), op(i), Outcome::Failed("boom".into()))
            .unwrap();
    }
    let revs: Vec<u32> = h.revisions().map(|r| r.version).collect();
    assert_eq!(revs, [1, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    assert_eq!(status_of(&h, 1), ReleaseStatus::Deployed);
    assert_eq!(h.last_deployed().unwrap().version, 1);

    // Unlimited history keeps everything.
    let mut h = history().with_max_history(0);
    h.install(&c, json!({}), op(0), Outcome::Succeeded).unwrap();
    for i in 1..=12 {
        h.upgrade(&c, json!({}), op(i), Outcome::Succeeded).unwrap();
    }
    assert_eq!(h.revisions().count(), 13);
}

#[test]
fn helm_lifecycle_is_deterministic() {
    let run = || {
        let mut h = history();
        let c = chart("1.4.2", "2.7.0").with_migration_hook();
        let mut all = h
            .install(&c, json!({"a": 1}), op(0), Outcome::Succeeded)
            .unwrap();
        all.extend(
            h.upgrade(&c, json!({"a": 2}), op(1), Outcome::Succeeded)
                .unwrap(),
        );
        all.extend(h.rollback(1, op(2), Outcome::Succeeded).unwrap());
        all.extend(h.uninstall(false, op(3)).unwrap());
        all
    };
    assert_eq!(run(), run());
}

#[test]
fn helm_every_written_secret_status_label_matches_payload() {
    let mut h = history();
    let c = chart("1.4.2", "2.7.0").with_migration_hook();
    let mut all = h.install(&c, json!({}), op(0), Outcome::Succeeded).unwrap();
    all.extend(
        h.upgrade(&c, json!({}), op(1), Outcome::Failed("x".into()))
            .unwrap(),
    );
    all.extend(h.upgrade(&c, json!({}), op(2), Outcome::Succeeded).unwrap());
    all.extend(h.rollback(1, op(3), Outcome::Succeeded).unwrap());
    all.extend(h.uninstall(true, op(4)).unwrap());
    for w in &all {
        let Some(secret) = w.secret() else { continue };
        let rel = decode_release_secret(secret).unwrap();
        let labels = secret.metadata.labels.as_ref().unwrap();
        assert_eq!(
            ReleaseStatus::from_label(&labels["status"]),
            rel.info.status
        );
        assert_eq!(labels["version"], rel.version.to_string());
        assert_eq!(rel.secret_name(), w.name());
    }
}
