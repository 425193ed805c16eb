//! Release Secrets for tests and benchmarks: broken ones (each the way real clusters break
//! them: a payload that is not base64, not gzip, not JSON, a gzip bomb, a missing data key,
//! missing labels), and a namespace full of releases with long histories.

use std::collections::BTreeMap;
use std::io::Write;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use flate2::write::GzEncoder;
use flate2::Compression;
use jiff::{SignedDuration, Timestamp};
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::ByteString;
use serde_json::json;

use super::helm_store::{
    secret_name, ChartSpec, OpTimes, Outcome, ReleaseHistory, RELEASE_SECRET_TYPE,
};

fn gzip(data: &[u8], level: Compression) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), level);
    enc.write_all(data).expect("writing to a Vec");
    enc.finish().expect("writing to a Vec")
}

/// A release Secret with Helm's labels and `payload` as the `release` data value (the bytes
/// after the Kubernetes base64 layer); `None` leaves the data key out.
fn secret(
    namespace: &str,
    release: &str,
    labels: &[(&str, &str)],
    payload: Option<Vec<u8>>,
) -> Secret {
    Secret {
        metadata: ObjectMeta {
            name: Some(secret_name(release, 1)),
            namespace: Some(namespace.into()),
            labels: Some(
                labels
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            ),
            ..Default::default()
        },
        type_: Some(RELEASE_SECRET_TYPE.into()),
        data: payload.map(|p| BTreeMap::from([("release".to_string(), ByteString(p))])),
        ..Default::default()
    }
}

/// Broken release Secrets, one per way of breaking, named `garbage-<what>` (revision 1).
pub fn garbage_release_secrets(namespace: &str) -> Vec<Secret> {
    let labels = |name: &'static str| -> Vec<(&'static str, &'static str)> {
        vec![
            ("name", name),
            ("owner", "helm"),
            ("status", "deployed"),
            ("version", "1"),
        ]
    };
    let b64 = |b: &[u8]| STANDARD.encode(b).into_bytes();
    // 33 MiB of zeros: ~33 KiB of gzip, fits a Secret, over the 32 MiB cap.
    let bomb = {
        let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
        let chunk = vec![0u8; 1024 * 1024];
        for _ in 0..33 {
            enc.write_all(&chunk).expect("writing to a Vec");
        }
        enc.finish().expect("writing to a Vec")
    };
    let mut gz_junk = vec![0x1f, 0x8b, 0x08, 0x00];
    gz_junk.extend_from_slice(b"certainly not deflate data");
    let half_json = br#"{"name":"garbage-json","info":{"status":"deployed","#;
    vec![
        secret(
            namespace,
            "garbage-base64",
            &labels("garbage-base64"),
            Some(b"this is *not* base64!".to_vec()),
        ),
        secret(
            namespace,
            "garbage-gzip",
            &labels("garbage-gzip"),
            Some(b64(&gz_junk)),
        ),
        secret(
            namespace,
            "garbage-json",
            &labels("garbage-json"),
            Some(b64(&gzip(half_json, Compression::best()))),
        ),
        secret(
            namespace,
            "garbage-oversized",
            &labels("garbage-oversized"),
            Some(b64(&bomb)),
        ),
        secret(namespace, "garbage-nodata", &labels("garbage-nodata"), None),
        secret(
            namespace,
            "garbage-labels",
            &[("name", "garbage-labels"), ("owner", "helm")],
            Some(b64(&gzip(b"{}", Compression::best()))),
        ),
    ]
}

/// `releases` releases (`bulk-0000`, …) in `namespace`, each installed and then upgraded until
/// it has `revisions` revisions, all finished before `now`: their Secrets, as Helm left them.
pub fn bulk_release_secrets(
    namespace: &str,
    releases: usize,
    revisions: u32,
    now: Timestamp,
) -> Vec<Secret> {
    let mut out = Vec::with_capacity(releases * revisions as usize);
    for i in 0..releases {
        let name = format!("bulk-{i:04}");
        let chart = ChartSpec::new(
            "bulk-app",
            "1.0.0",
            "1.0.0",
            json!({"replicaCount": 1, "image": {"repository": "registry.example.com/bulk-app", "tag": "1.0.0"}, "service": {"type": "ClusterIP", "port": 80}}),
        );
        let mut h = ReleaseHistory::new(&name, namespace).with_max_history(0);
        let step = SignedDuration::from_mins(37);
        let first = now - step * (i32::try_from(revisions).unwrap_or(i32::MAX) + 1);
        for r in 0..revisions {
            let at = first + step * i32::try_from(r).unwrap_or(0);
            let values = json!({"image": {"tag": format!("1.0.{r}")}, "replicaCount": 1 + r % 3});
            let times = OpTimes::new(at, at + SignedDuration::from_secs(40));
            let done = if r == 0 {
                h.install(&chart, values, times, Outcome::Succeeded)
            } else {
                h.upgrade(&chart, values, times, Outcome::Succeeded)
            };
            done.expect("a fresh history installs and upgrades");
        }
        out.extend(h.secrets());
    }
    out
}
