use std::io::Write;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use flate2::write::GzEncoder;
use flate2::Compression;
use jiff::Timestamp;
use k8s_openapi::api::core::v1::Secret;

use super::*;
use crate::helm::ReleaseStatus;

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// What Helm stores as the Secret's data value: base64(gzip(json)).
fn helm_payload(json: &str) -> Vec<u8> {
    STANDARD.encode(gzip(json.as_bytes())).into_bytes()
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

const FIXTURE: &str =
    include_str!("../../tests/fixtures/helm/sh.helm.release.v1.payments-api.v3.json");

#[test]
fn helm_fixture_secret_decodes() {
    // Produced by tests/fixtures/helm/make_release_secret.py (Python's json/gzip/base64), not by
    // our encoder: the same chain Helm's encodeRelease + the API server apply.
    let secret: Secret = serde_json::from_str(FIXTURE).unwrap();
    assert_eq!(secret.type_.as_deref(), Some("helm.sh/release.v1"));
    let labels = secret.metadata.labels.as_ref().unwrap();
    assert_eq!(
        ReleaseStatus::from_label(&labels["status"]),
        ReleaseStatus::Deployed
    );

    let rel = decode_release_secret(&secret).unwrap();
    assert_eq!(rel.name, "payments-api");
    assert_eq!(rel.namespace, "payments-qa");
    assert_eq!(rel.version, 3);
    assert_eq!(rel.secret_name(), secret.metadata.name.clone().unwrap());

    let info = &rel.info;
    assert_eq!(info.status, ReleaseStatus::Deployed);
    assert_eq!(info.description, "Upgrade complete");
    assert_eq!(
        info.first_deployed,
        Some(ts("2026-08-18T07:12:44.10421833Z"))
    );
    assert_eq!(
        info.last_deployed,
        Some(ts("2026-08-20T12:03:11.52834912Z"))
    );
    assert_eq!(info.deleted, None);
    assert_eq!(info.rollback_revision, None);
    // Go's HTML escaping (\u003c, \u0026) is undone by the JSON decoder.
    assert!(info.notes.starts_with("1. Get the application URL"));
    assert!(info
        .notes
        .contains("&& open http://127.0.0.1:8080 <local only>"));

    let md = &rel.chart.metadata;
    assert_eq!(md.name, "payments-api");
    assert_eq!(md.version, "1.4.2");
    assert_eq!(md.app_version, "2.7.0");
    assert_eq!(md.api_version, "v2");
    assert_eq!(md.chart_type, "application");
    assert_eq!(md.description, "Payments API for the storefront");
    assert_eq!(rel.chart_label(), "payments-api-1.4.2");
    assert_eq!(rel.app_version(), "2.7.0");

    assert_eq!(rel.chart.values["replicaCount"], 1);
    assert_eq!(rel.chart.values["service"]["type"], "ClusterIP");
    assert_eq!(rel.chart.schema, None);
    let names: Vec<&str> = rel
        .chart
        .templates
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "templates/NOTES.txt",
            "templates/_helpers.tpl",
            "templates/db-migrate-job.yaml",
            "templates/deployment.yaml",
            "templates/service.yaml"
        ]
    );
    assert_eq!(
        rel.chart.templates[4].data,
        b"apiVersion: v1\nkind: Service\n"
    );
    assert_eq!(rel.chart.files[0].name, ".helmignore");

    assert_eq!(rel.config["image"]["tag"], "2.7.0");
    assert_eq!(rel.config["replicaCount"], 3);

    assert!(rel
        .manifest
        .starts_with("---\n# Source: payments-api/templates/service.yaml\napiVersion: v1\n"));
    assert!(rel
        .manifest
        .contains("---\n# Source: payments-api/templates/deployment.yaml\napiVersion: apps/v1\n"));

    assert_eq!(rel.hooks.len(), 1);
    let hook = &rel.hooks[0];
    assert_eq!(hook.name, "payments-api-db-migrate");
    assert_eq!(hook.kind, "Job");
    assert_eq!(hook.path, "payments-api/templates/db-migrate-job.yaml");
    assert_eq!(hook.events, ["pre-install", "pre-upgrade"]);
    assert_eq!(hook.weight, -5);
    assert_eq!(
        hook.delete_policies,
        ["before-hook-creation", "hook-succeeded"]
    );
    assert_eq!(hook.last_run.phase, "Succeeded");
    assert_eq!(
        hook.last_run.started_at,
        Some(ts("2026-08-20T12:03:12.001Z"))
    );
    assert_eq!(
        hook.last_run.completed_at,
        Some(ts("2026-08-20T12:03:19.87Z"))
    );
    assert!(hook
        .manifest
        .starts_with("apiVersion: batch/v1\nkind: Job\n"));
    assert_eq!(rel.apply_method, None);
}

#[test]
fn helm_decoder_rejects_non_base64() {
    assert_eq!(
        decode_release(b"this is not base64 at all!").unwrap_err(),
        DecodeError::NotBase64
    );
    assert_eq!(
        decode_release(b"\xff\xfe").unwrap_err(),
        DecodeError::NotBase64
    );
    assert_eq!(
        DecodeError::NotBase64.to_string(),
        "release payload is not valid base64"
    );
}

#[test]
fn helm_decoder_rejects_base64_of_neither_gzip_nor_json() {
    let payload = STANDARD.encode(b"\x00\x01binary garbage\x7f");
    let err = decode_release(payload.as_bytes()).unwrap_err();
    match &err {
        DecodeError::NotJson(msg) => assert!(!msg.is_empty()),
        other => panic!("expected NotJson, got {other:?}"),
    }
    assert!(err
        .to_string()
        .starts_with("release payload is not valid JSON: "));
}

#[test]
fn helm_decoder_rejects_truncated_gzip() {
    let gz = gzip(br#"{"name":"payments-api","version":1,"info":{"status":"deployed"}}"#);
    let truncated = &gz[..gz.len() - 12];
    let err = decode_release(STANDARD.encode(truncated).as_bytes()).unwrap_err();
    assert_eq!(err, DecodeError::NotGzip);
    assert_eq!(err.to_string(), "release payload is not valid gzip");
    // Only the magic, nothing after it.
    let err = decode_release(STANDARD.encode([0x1f, 0x8b, 0x08]).as_bytes()).unwrap_err();
    assert_eq!(err, DecodeError::NotGzip);
}

#[test]
fn helm_decoder_refuses_gzip_bomb() {
    // One gzip member holding 33 MiB of zeros compresses to ~33 KiB.
    let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
    let chunk = vec![0u8; 1024 * 1024];
    for _ in 0..33 {
        enc.write_all(&chunk).unwrap();
    }
    let bomb = enc.finish().unwrap();
    assert!(bomb.len() < 1024 * 1024, "bomb fits in a Secret");
    let err = decode_release(STANDARD.encode(&bomb).as_bytes()).unwrap_err();
    assert_eq!(err, DecodeError::TooLarge);
    assert_eq!(
        err.to_string(),
        "release payload is larger than 32 MiB when decompressed"
    );

    // The same via many small concatenated members (Go's reader is multistream, and so is ours).
    let member = gzip(&chunk);
    let many: Vec<u8> = std::iter::repeat_n(member.as_slice(), 33)
        .flatten()
        .copied()
        .collect();
    let err = decode_release(STANDARD.encode(&many).as_bytes()).unwrap_err();
    assert_eq!(err, DecodeError::TooLarge);
}

#[test]
fn helm_decoder_accepts_plain_json_payload() {
    // Releases written before Helm compressed them: base64(json), no gzip.
    let json = r#"{"name":"legacy","info":{"first_deployed":"2019-03-01T10:00:00Z","last_deployed":"2019-03-01T10:00:00Z","deleted":"","description":"Install complete","status":"deployed"},"chart":{"metadata":{"name":"legacy","version":"0.1.0"}},"version":1,"namespace":"old"}"#;
    let payload = STANDARD.encode(json);
    let rel = decode_release(payload.as_bytes()).unwrap();
    assert_eq!(rel.name, "legacy");
    assert_eq!(rel.namespace, "old");
    assert_eq!(rel.version, 1);
    assert_eq!(rel.info.status, ReleaseStatus::Deployed);
    assert_eq!(rel.info.last_deployed, Some(ts("2019-03-01T10:00:00Z")));
    assert_eq!(rel.chart_label(), "legacy-0.1.0");
    assert!(rel.config.is_empty());
    assert!(rel.hooks.is_empty());
}

#[test]
fn helm_decoder_tolerates_whitespace_and_missing_padding() {
    let json = r#"{"name":"x","version":2}"#;
    let mut payload = STANDARD.encode(gzip(json.as_bytes()));
    while payload.ends_with('=') {
        payload.pop();
    }
    payload.insert(10, '\n');
    let rel = decode_release(payload.as_bytes()).unwrap();
    assert_eq!((rel.name.as_str(), rel.version), ("x", 2));
}

#[test]
fn helm4_payload_with_omitted_times_and_extra_fields() {
    // Helm 4 (pkg/release/v1): zero times omitted, rollback_revision, apply_method, chart
    // modtimes, plus fields nobody knows yet.
    let json = r#"{
      "name":"payments-api",
      "info":{"first_deployed":"2026-08-18T09:12:44.5+02:00","last_deployed":"2026-08-21T08:00:00Z",
              "description":"Rollback to 2","status":"deployed","rollback_revision":2,
              "resources":{"v1/Pod":[]},"future_field":{"a":1}},
      "chart":{"metadata":{"name":"payments-api","version":"1.4.1","appVersion":"2.6.3",
                           "apiVersion":"v2","annotations":{"category":"payments"},
                           "maintainers":[{"name":"team-payments","email":"p@example.com"},null]},
               "lock":null,"templates":null,"values":null,"schema":null,"files":[],
               "schemamodtime":"2026-08-01T00:00:00Z","modtime":"2026-08-01T00:00:00Z"},
      "config":null,
      "hooks":[{"name":"migrate","kind":"Job","events":["pre-upgrade"],"last_run":{"phase":""}}],
      "version":4,
      "namespace":"payments-qa",
      "apply_method":"ssa",
      "something_new":[1,2,3]
    }"#;
    let rel = decode_release(helm_payload(json).as_slice()).unwrap();
    assert_eq!(rel.version, 4);
    assert_eq!(rel.info.first_deployed, Some(ts("2026-08-18T07:12:44.5Z")));
    assert_eq!(rel.info.deleted, None);
    assert_eq!(rel.info.rollback_revision, Some(2));
    assert_eq!(rel.info.description, "Rollback to 2");
    assert_eq!(rel.apply_method.as_deref(), Some("ssa"));
    assert_eq!(rel.chart.metadata.annotations["category"], "payments");
    assert_eq!(rel.chart.metadata.maintainers.len(), 1);
    assert!(rel.chart.values.is_empty());
    assert!(rel.chart.templates.is_empty());
    assert!(rel.config.is_empty());
    assert_eq!(rel.hooks[0].last_run.started_at, None);
    assert_eq!(rel.hooks[0].last_run.phase, "");
    assert_eq!(rel.hooks[0].weight, 0);
}

#[test]
fn helm_decoder_treats_empty_null_and_zero_times_as_unset() {
    let json = r#"{"name":"t","version":1,"info":{"first_deployed":"","last_deployed":null,
        "deleted":"0001-01-01T00:00:00Z","status":"uninstalled","rollback_revision":0}}"#;
    let rel = decode_release(helm_payload(json).as_slice()).unwrap();
    assert_eq!(rel.info.first_deployed, None);
    assert_eq!(rel.info.last_deployed, None);
    assert_eq!(rel.info.deleted, None);
    assert_eq!(rel.info.rollback_revision, None);
    assert_eq!(rel.info.status, ReleaseStatus::Uninstalled);

    // An unknown status string decodes as Unknown rather than failing the whole release.
    let rel = decode_release(helm_payload(r#"{"info":{"status":"exploded"}}"#).as_slice()).unwrap();
    assert_eq!(rel.info.status, ReleaseStatus::Unknown);
}

/// Finding 9 of the reliability probe: valid JSON of the wrong shape is not "not JSON".
#[test]
fn helm_decoder_reports_wrongly_typed_json() {
    let err = decode_release(helm_payload(r#"{"name":5}"#).as_slice()).unwrap_err();
    assert!(matches!(err, DecodeError::WrongShape(_)), "{err:?}");
    assert!(err
        .to_string()
        .starts_with("release payload is JSON but not a Helm release: "));
    let short = crate::helm::release_error::ReleaseError::decode(&err).short;
    assert_eq!(short, "not a Helm release");
    assert!(short.chars().count() <= 20);
    let err = decode_release(helm_payload("[1,2]").as_slice()).unwrap_err();
    assert!(matches!(err, DecodeError::WrongShape(_)), "{err:?}");
    let err = decode_release(helm_payload(r#"{"name": "x""#).as_slice()).unwrap_err();
    assert!(matches!(err, DecodeError::NotJson(_)), "{err:?}");
}

#[test]
fn helm_secret_without_release_key() {
    let secret = Secret::default();
    assert_eq!(
        decode_release_secret(&secret).unwrap_err(),
        DecodeError::MissingPayload
    );
}

#[test]
fn helm_release_status_round_trips_label_strings() {
    let strings = [
        "unknown",
        "deployed",
        "failed",
        "superseded",
        "uninstalling",
        "uninstalled",
        "pending-install",
        "pending-upgrade",
        "pending-rollback",
    ];
    for s in strings {
        let st: ReleaseStatus = s.parse().unwrap();
        assert_eq!(st.to_string(), s);
        assert_eq!(ReleaseStatus::from_label(s), st);
    }
    assert_eq!(ReleaseStatus::ALL.len(), strings.len());
    assert!("Deployed".parse::<ReleaseStatus>().is_err());
    assert_eq!(ReleaseStatus::from_label("nope"), ReleaseStatus::Unknown);
    assert!(ReleaseStatus::PendingRollback.is_pending());
    assert!(!ReleaseStatus::Failed.is_pending());
}
