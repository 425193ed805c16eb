//! Properties of the release decoder, the one parser fed by anyone who may write a Secret in
//! a team namespace: any payload is a release or a named error, never a panic; what Helm's
//! encoding wrote comes back field for field, cleaned of what a terminal acts on.
//! `PROPTEST_CASES=100000 cargo test --lib prop_tests` runs them at length.

use std::io::Write;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use flate2::write::GzEncoder;
use flate2::Compression;
use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::text::sanitize::acts_on_terminal;

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

fn payload(json: &[u8]) -> Vec<u8> {
    STANDARD.encode(gzip(json)).into_bytes()
}

proptest! {
    #[test]
    fn any_bytes_are_a_release_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = decode_release(&bytes);
        // The same bytes as base64, and as gzip inside base64: every layer is reached.
        let _ = decode_release(STANDARD.encode(&bytes).as_bytes());
        let _ = decode_release(&payload(&bytes));
    }

    #[test]
    fn a_release_comes_back_as_helm_wrote_it(
        name in "[a-z][a-z0-9-]{0,20}",
        namespace in "[a-z][a-z0-9-]{0,20}",
        version in 1u32..10_000,
        description in ".{0,60}",
        notes in ".{0,60}",
        key in "[a-zA-Z]{1,8}",
        value in any::<i64>(),
        manifest in ".{0,80}",
        status in prop::sample::select(vec!["deployed", "failed", "superseded", "pending-upgrade", "uninstalling"]),
    ) {
        let release = json!({
            "name": name,
            "namespace": namespace,
            "version": version,
            "info": {
                "first_deployed": "2026-11-20T10:00:00.123456789Z",
                "last_deployed": "2026-11-24T09:30:00Z",
                "deleted": "",
                "description": description,
                "status": status,
                "notes": notes,
            },
            "chart": {"metadata": {"name": "api", "version": "1.2.3", "appVersion": "2.0"}},
            "config": {key.clone(): value},
            "manifest": manifest,
            "hooks": null,
        });
        let r = decode_release(&payload(&serde_json::to_vec(&release).unwrap())).unwrap();
        prop_assert_eq!(&r.name, &name);
        prop_assert_eq!(&r.namespace, &namespace);
        prop_assert_eq!(r.version, version);
        prop_assert_eq!(r.info.status.as_str(), status);
        prop_assert_eq!(r.config.get(&key), Some(&json!(value)));
        prop_assert!(!r.info.description.chars().any(acts_on_terminal), "{:?}", r.info.description);
        prop_assert!(!r.manifest.chars().any(acts_on_terminal), "{:?}", r.manifest);
        if !description.chars().any(|c| c.is_control() || acts_on_terminal(c)) {
            prop_assert_eq!(&r.info.description, &description);
        }
    }
}
