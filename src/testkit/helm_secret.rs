//! Helm 3 release Secrets written the way Helm's Secrets driver writes them: the release as
//! JSON, gzipped, base64'd into `data.release` (Kubernetes adds its own base64 on the wire,
//! which `ByteString` stands for), with the driver's labels and type. The JSON keys are
//! Helm's; their order is serde_json's, which the decoder does not care about (the committed
//! `tests/fixtures/helm` Secret checks Go's exact output).

use std::collections::BTreeMap;
use std::io::Write;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use flate2::write::GzEncoder;
use flate2::Compression;
use jiff::Timestamp;
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use k8s_openapi::ByteString;
use serde_json::Value;

pub const RELEASE_SECRET_TYPE: &str = "helm.sh/release.v1";

pub fn gzip(data: &[u8], level: Compression) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), level);
    enc.write_all(data).expect("writing to a Vec");
    enc.finish().expect("writing to a Vec")
}

/// `base64(gzip(json))`, Helm's `encodeRelease`.
pub fn encode_release(release: &Value) -> Vec<u8> {
    let json = serde_json::to_vec(release).expect("a release serializes");
    STANDARD
        .encode(gzip(&json, Compression::best()))
        .into_bytes()
}

/// A Secret named `sh.helm.release.v1.<name>.v<revision>` holding `payload` (`None`: no data
/// key) under `labels`.
pub fn secret(
    namespace: &str,
    name: &str,
    revision: u32,
    labels: &[(&str, String)],
    payload: Option<Vec<u8>>,
    created: Option<Timestamp>,
) -> Secret {
    Secret {
        metadata: ObjectMeta {
            name: Some(format!("sh.helm.release.v1.{name}.v{revision}")),
            namespace: Some(namespace.into()),
            labels: Some(
                labels
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
            ),
            creation_timestamp: created.map(Time),
            ..Default::default()
        },
        type_: Some(RELEASE_SECRET_TYPE.into()),
        data: payload.map(|p| BTreeMap::from([("release".to_string(), ByteString(p))])),
        ..Default::default()
    }
}

/// The Secret of one revision (`release` as Helm's JSON), created at `created`; a revision
/// Helm rewrote later (superseded, or its status changed) carries `modifiedAt` instead of
/// `createdAt`, as the driver's update does.
pub fn release_secret(release: &Value, created: Timestamp, modified: Option<Timestamp>) -> Secret {
    let text = |k: &str| release[k].as_str().expect("a string field").to_string();
    let version = release["version"].as_u64().expect("a version");
    let stamp = match modified {
        None => ("createdAt", created.as_second().to_string()),
        Some(m) => ("modifiedAt", m.as_second().to_string()),
    };
    let labels = [
        stamp,
        ("name", text("name")),
        ("owner", "helm".into()),
        (
            "status",
            release["info"]["status"]
                .as_str()
                .unwrap_or_default()
                .into(),
        ),
        ("version", version.to_string()),
    ];
    secret(
        &text("namespace"),
        &text("name"),
        u32::try_from(version).expect("a small version"),
        &labels,
        Some(encode_release(release)),
        Some(created),
    )
}
