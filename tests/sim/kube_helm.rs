//! Helm release Secrets in the demo world, read as `helm list/history` read them (labels,
//! `owner=helm` selectors) and decoded by the product's decoder.

use crate::common;

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Secret;
use kube::api::{Api, ListParams};
use stagecoach::helm::{decode_release_secret, ReleaseStatus};

#[tokio::test(flavor = "multi_thread")]
async fn release_secrets_are_what_helm_writes() {
    let sim = common::world("").await;
    let api: Api<Secret> = Api::namespaced(common::client(&sim).await, "payments-qa");
    let secrets = api
        .list(&ListParams::default().labels("owner=helm"))
        .await
        .unwrap();
    assert!(secrets.items.len() >= 8, "{}", secrets.items.len());
    let mut latest: BTreeMap<String, (u32, ReleaseStatus)> = BTreeMap::new();
    for s in &secrets.items {
        assert_eq!(s.type_.as_deref(), Some("helm.sh/release.v1"));
        let labels = s.metadata.labels.as_ref().unwrap();
        let rel = decode_release_secret(s).unwrap();
        assert_eq!(
            s.metadata.name.as_deref(),
            Some(format!("sh.helm.release.v1.{}.v{}", rel.name, rel.version).as_str())
        );
        assert_eq!(labels["name"], rel.name);
        assert_eq!(labels["version"], rel.version.to_string());
        assert_eq!(
            labels["status"],
            rel.info.status.to_string(),
            "the status label follows the payload"
        );
        assert_eq!(rel.namespace, "payments-qa");
        assert!(rel.manifest.contains("# Source: "), "{}", rel.manifest);
        let e = latest
            .entry(rel.name.clone())
            .or_insert((0, ReleaseStatus::Unknown));
        if rel.version > e.0 {
            *e = (rel.version, rel.info.status);
        }
    }
    let failed: Vec<_> = latest
        .iter()
        .filter(|(_, (_, s))| *s == ReleaseStatus::Failed)
        .collect();
    // The releases whose qa values break their pods (a memory limit, a readiness path) failed
    // their last upgrade when --wait gave up.
    let names: Vec<&str> = failed.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["payments-gateway", "payments-statements"],
        "{latest:?}"
    );
    // `helm history` reads one release by `name=X,owner=helm`: its previous revision is still deployed.
    let name = failed[0].0;
    let history = api
        .list(&ListParams::default().labels(&format!("name={name},owner=helm")))
        .await
        .unwrap();
    let mut revs: Vec<_> = history
        .items
        .iter()
        .map(|s| decode_release_secret(s).unwrap())
        .collect();
    revs.sort_by_key(|r| r.version);
    let n = revs.len();
    assert!(n >= 2);
    assert_eq!(revs[n - 1].info.status, ReleaseStatus::Failed);
    assert!(revs[n - 1]
        .info
        .description
        .starts_with(&format!("Upgrade \"{name}\" failed")));
    assert_eq!(revs[n - 2].info.status, ReleaseStatus::Deployed);
    assert!(revs[..n - 2]
        .iter()
        .all(|r| r.info.status == ReleaseStatus::Superseded));
}
