use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Secret, Service};
use serde_json::json;

use super::describe::describe;
use super::fetch::mask_secret;
use super::watch::build;
use super::yaml_doc::{highlight, line_text, yaml_lines, Tok};
use super::{Cell, ResourceKind};
use crate::cluster::health::Health;

fn now() -> jiff::Timestamp {
    "2026-11-20T10:00:00Z".parse().unwrap()
}

fn secret() -> serde_json::Value {
    json!({
        "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
        "metadata": {"name": "db", "namespace": "payments-qa", "creationTimestamp": "2026-11-19T10:00:00Z",
                     "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{\"data\":{\"password\":\"aHVudGVyMg==\"}}"}},
        "data": {"password": "aHVudGVyMg==", "blob": "AAEC/w=="}
    })
}

#[test]
fn a_secrets_row_has_keys_and_sizes_and_no_value_anywhere() {
    let s: Secret = serde_json::from_value(secret()).unwrap();
    let row = build::secret(&s);
    assert_eq!(
        row.texts(now()),
        ["db", "Opaque", "2", "24h", "blob 4B, password 7B"]
    );
    // Nothing of the value survives in the row, its Debug (logs) or a message carrying it.
    let debug = format!("{row:?}");
    assert!(
        !debug.contains("hunter2") && !debug.contains("aHVudGVy"),
        "{debug}"
    );
}

#[test]
fn masking_hides_values_and_the_last_applied_copy_and_reveal_decodes_text() {
    let mut masked = secret();
    mask_secret(&mut masked, false);
    let text = serde_json::to_string(&masked).unwrap();
    assert!(
        !text.contains("hunter2") && !text.contains("aHVudGVy"),
        "{text}"
    );
    assert_eq!(masked["data"]["password"], "<hidden: 7B>");
    let mut shown = secret();
    mask_secret(&mut shown, true);
    assert_eq!(shown["data"]["password"], "hunter2");
    // Not text: kept as base64.
    assert_eq!(shown["data"]["blob"], "AAEC/w==");
    let lines = describe(ResourceKind::Secret, &masked, &[], now());
    assert!(lines.iter().any(|l| l == "password:  7 bytes"), "{lines:?}");
}

#[test]
fn jobs_read_as_kubectl_prints_them() {
    let job = |status: serde_json::Value, spec: serde_json::Value| -> Job {
        serde_json::from_value(json!({
            "metadata": {"name": "j", "namespace": "payments-dev", "creationTimestamp": "2026-11-20T09:00:00Z"},
            "spec": spec, "status": status
        }))
        .unwrap()
    };
    let done = build::job(&job(
        json!({"startTime": "2026-11-20T09:00:00Z", "completionTime": "2026-11-20T09:00:44Z", "succeeded": 1,
               "conditions": [{"type": "Complete", "status": "True"}]}),
        json!({"completions": 1}),
    ));
    assert_eq!(done.texts(now())[1..4], ["Complete", "1/1", "44s"]);
    assert_eq!(done.health, Health::Done);
    let running = build::job(&job(
        json!({"startTime": "2026-11-20T09:58:00Z", "active": 1}),
        json!({"parallelism": 3}),
    ));
    assert_eq!(running.texts(now())[1..4], ["Running", "0/1 of 3", "2m"]);
    assert_eq!(
        running.cells[2],
        Cell::Span(Some("2026-11-20T09:58:00Z".parse().unwrap()), None)
    );
    let failed = build::job(&job(
        json!({"startTime": "2026-11-20T09:00:00Z", "failed": 1,
               "conditions": [{"type": "Failed", "status": "True"}]}),
        json!({"completions": 1}),
    ));
    assert_eq!(failed.texts(now())[1], "Failed");
    assert_eq!(failed.health, Health::Failed);
}

#[test]
fn a_pending_claim_shows_no_capacity_and_is_pending() {
    let pvc: PersistentVolumeClaim = serde_json::from_value(json!({
        "metadata": {"name": "data-0", "namespace": "payments-qa", "creationTimestamp": "2026-11-20T09:00:00Z"},
        "spec": {"storageClassName": "fast", "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}},
        "status": {"phase": "Pending"}
    }))
    .unwrap();
    let row = build::pvc(&pvc);
    assert_eq!(
        row.texts(now()),
        ["data-0", "Pending", "", "", "", "fast", "<unset>", "60m"]
    );
    assert_eq!(row.health, Health::Pending);
}

#[test]
fn services_print_ports_and_external_ips_as_kubectl() {
    let svc: Service = serde_json::from_value(json!({
        "metadata": {"name": "web", "namespace": "payments-qa"},
        "spec": {"type": "LoadBalancer", "clusterIP": "10.96.0.9",
                 "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"}, {"port": 443, "protocol": "TCP"}]},
        "status": {"loadBalancer": {}}
    }))
    .unwrap();
    let t = build::service(&svc).texts(now());
    assert_eq!(
        t[1..5],
        [
            "LoadBalancer",
            "10.96.0.9",
            "<pending>",
            "80:30080/TCP,443/TCP"
        ]
    );
}

#[test]
fn yaml_leaves_managed_fields_out_unless_asked_and_tokenises_lines() {
    let obj = json!({"apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "c", "managedFields": [{"manager": "kubectl"}]}, "data": {"a": "1"}});
    let hidden: Vec<String> = yaml_lines(&obj, false).iter().map(line_text).collect();
    assert!(
        !hidden.iter().any(|l| l.contains("managedFields")),
        "{hidden:?}"
    );
    let shown: Vec<String> = yaml_lines(&obj, true).iter().map(line_text).collect();
    assert!(
        shown.iter().any(|l| l.contains("manager: kubectl")),
        "{shown:?}"
    );
    assert_eq!(
        highlight("  - name: app"),
        vec![
            ("  ".to_string(), Tok::Plain),
            ("- ".to_string(), Tok::Punct),
            ("name".to_string(), Tok::Key),
            (":".to_string(), Tok::Punct),
            (" ".to_string(), Tok::Plain),
            ("app".to_string(), Tok::Str),
        ]
    );
    assert_eq!(highlight("replicas: 2")[3], ("2".to_string(), Tok::Scalar));
    assert_eq!(highlight("url: http://x:80")[3].0, "http://x:80");
}

#[test]
fn hostile_text_in_an_object_is_sanitised_in_rows_yaml_and_describe() {
    let evil = "bad\u{1b}]52;c;aGk=\u{7}\u{202e}name";
    let cm: k8s_openapi::api::core::v1::ConfigMap = serde_json::from_value(json!({
        "metadata": {"name": evil, "namespace": "payments-qa", "labels": {"x": evil}}
    }))
    .unwrap();
    let row = build::config_map(&cm);
    assert!(
        !row.name.contains('\u{1b}') && !row.name.contains('\u{202e}'),
        "{:?}",
        row.name
    );
    let v = serde_json::to_value(&cm).unwrap();
    for l in yaml_lines(&v, false).iter().map(line_text) {
        assert!(!l.contains('\u{1b}') && !l.contains('\u{7}'), "{l:?}");
    }
    for l in describe(ResourceKind::ConfigMap, &v, &[], now()) {
        assert!(!l.contains('\u{1b}') && !l.contains('\u{202e}'), "{l:?}");
    }
}
