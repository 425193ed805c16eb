//! The real binary is not installed here: the JSON fixture follows Helmfile's documented
//! `list --output json` format, and stand-in scripts exercise running it with a deadline.

use std::collections::BTreeMap;
use std::time::Duration;

use tempfile::TempDir;

use super::binary::{parse_list_json, parse_version, BinaryError, HelmfileBinary, Renderer};
use super::ReleaseSummary;

const LIST_JSON: &str = r#"[{"name":"payments-api","namespace":"payments-qa","enabled":true,"installed":false,"labels":"tier:backend,team:payments","chart":"payments/api","version":"1.2.0"},{"name":"payments-db","namespace":"payments-qa","enabled":true,"installed":true,"labels":"","chart":"payments/db","version":"2.0.1"}]"#;

#[test]
fn parses_the_documented_list_json() {
    let rows = parse_list_json(LIST_JSON).unwrap();
    assert_eq!(
        rows[0],
        ReleaseSummary {
            name: "payments-api".into(),
            namespace: "payments-qa".into(),
            enabled: true,
            installed: false,
            labels: BTreeMap::from([
                ("team".to_string(), "payments".to_string()),
                ("tier".to_string(), "backend".to_string())
            ]),
            chart: "payments/api".into(),
            version: "1.2.0".into(),
        }
    );
    assert_eq!(rows[1].labels, BTreeMap::new());
    assert!(matches!(
        parse_list_json("no releases"),
        Err(BinaryError::Json { .. })
    ));
}

#[test]
fn reads_the_version_line() {
    assert_eq!(
        parse_version("helmfile version v1.1.7\n").as_deref(),
        Some("v1.1.7")
    );
    assert_eq!(
        parse_version("helmfile version 0.169.2").as_deref(),
        Some("v0.169.2")
    );
    assert_eq!(parse_version("oops"), None);
}

#[test]
fn without_helmfile_on_path_the_built_in_renderer_is_used() {
    let empty = TempDir::new().unwrap();
    let path = empty.path().as_os_str();
    assert_eq!(
        HelmfileBinary::locate(Some(path), Duration::from_secs(5)),
        Err(BinaryError::NotOnPath)
    );
    assert_eq!(
        Renderer::detect(Some(path), Duration::from_secs(5)),
        Renderer::BuiltIn
    );
}

#[cfg(unix)]
fn fake_helmfile(body: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("helmfile");
    crate::testkit::script::write_script(&path, &format!("#!/bin/sh\n{body}\n"));
    dir
}

#[cfg(unix)]
#[test]
fn a_helmfile_on_path_is_asked_for_its_version_and_its_list() {
    let bin = fake_helmfile(&format!(
        "case \"$1\" in --version) echo 'helmfile version v1.1.7';; \
         -e) [ \"$2 $3 $4 $5\" = 'qa list --output json' ] && [ -f marker ] && echo '{LIST_JSON}';; esac"
    ));
    let checkout = TempDir::new().unwrap();
    std::fs::write(checkout.path().join("marker"), "").unwrap();
    let hf = HelmfileBinary::locate(Some(bin.path().as_os_str()), Duration::from_secs(5)).unwrap();
    assert_eq!(
        hf.renderer(),
        Renderer::Helmfile {
            version: "v1.1.7".into()
        }
    );
    let rows = hf
        .list(checkout.path(), "qa", Duration::from_secs(5))
        .unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, vec!["payments-api", "payments-db"]);
}

#[cfg(unix)]
#[test]
fn a_helmfile_that_hangs_is_stopped_at_the_deadline() {
    let bin = fake_helmfile(
        "case \"$1\" in --version) echo 'helmfile version v1.1.7';; *) sleep 30;; esac",
    );
    let hf = HelmfileBinary::locate(Some(bin.path().as_os_str()), Duration::from_secs(5)).unwrap();
    let err = hf
        .list(bin.path(), "qa", Duration::from_millis(300))
        .unwrap_err();
    assert!(matches!(err, BinaryError::TimedOut { .. }), "{err:?}");
}
