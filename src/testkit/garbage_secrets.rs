//! Broken release Secrets, one per way real clusters break them: a payload that is not base64,
//! not gzip, not JSON, a gzip bomb, a missing data key, missing labels. Each is revision 1 of a
//! release named `garbage-<what>`.

use std::io::Write;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use flate2::write::GzEncoder;
use flate2::Compression;
use k8s_openapi::api::core::v1::Secret;

use super::helm_secret::{gzip, secret};

fn labels(name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", name.into()),
        ("owner", "helm".into()),
        ("status", "deployed".into()),
        ("version", "1".into()),
    ]
}

fn b64(bytes: &[u8]) -> Vec<u8> {
    STANDARD.encode(bytes).into_bytes()
}

pub fn garbage_release_secrets(namespace: &str) -> Vec<Secret> {
    // 33 MiB of zeros: some 33 KiB of gzip, small enough for a Secret, over the 32 MiB cap.
    let bomb = {
        let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
        let chunk = vec![0u8; 1024 * 1024];
        for _ in 0..33 {
            enc.write_all(&chunk).expect("writing to a Vec");
        }
        enc.finish().expect("writing to a Vec")
    };
    // The gzip magic, then no deflate stream.
    let mut not_deflate = vec![0x1f, 0x8b, 0x08, 0x00];
    not_deflate.extend_from_slice(b"certainly not deflate data");
    let cut_json = br#"{"name":"garbage-json","info":{"status":"deployed","#;
    let one = |name: &str, payload: Option<Vec<u8>>| {
        secret(namespace, name, 1, &labels(name), payload, None)
    };
    vec![
        one("garbage-base64", Some(b"this is *not* base64!".to_vec())),
        one("garbage-gzip", Some(b64(&not_deflate))),
        one(
            "garbage-json",
            Some(b64(&gzip(cut_json, Compression::best()))),
        ),
        one("garbage-oversized", Some(b64(&bomb))),
        one("garbage-nodata", None),
        secret(
            namespace,
            "garbage-labels",
            1,
            &[("name", "garbage-labels".into()), ("owner", "helm".into())],
            Some(b64(&gzip(b"{}", Compression::best()))),
            None,
        ),
    ]
}
