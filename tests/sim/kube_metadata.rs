//! Metadata-only lists and watches (`Accept: …;as=PartialObjectMetadata…`): what the cockpit uses
//! for Helm's release Secrets, so that listing never carries payloads.

use crate::common;

use futures::StreamExt;
use k8s_openapi::api::core::v1::Secret;
use kube::api::ListParams;
use kube::core::PartialObjectMeta;
use kube::runtime::watcher::{self, Event};
use kube::Api;

#[tokio::test]
async fn lists_and_gets_release_secrets_as_metadata_only() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let api: Api<PartialObjectMeta<Secret>> = Api::namespaced(client, "payments-qa");
    let list = api
        .list(&ListParams::default().labels("owner=helm"))
        .await
        .expect("a metadata list");
    assert!(!list.items.is_empty());
    let first = &list.items[0];
    let labels = first.metadata.labels.clone().unwrap_or_default();
    assert_eq!(labels.get("owner").map(String::as_str), Some("helm"));
    assert!(labels.contains_key("status") && labels.contains_key("version"));
    let name = first.metadata.name.clone().unwrap();
    let got = api.get(&name).await.expect("a metadata get");
    assert_eq!(got.metadata.name.as_deref(), Some(name.as_str()));

    let (status, body) = common::raw_get(
        &sim,
        "/api/v1/namespaces/payments-qa/secrets?labelSelector=owner%3Dhelm",
        "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["kind"], "PartialObjectMetadataList");
    assert_eq!(body["apiVersion"], "meta.k8s.io/v1");
    assert_eq!(body["items"][0]["kind"], "PartialObjectMetadata");
    assert!(body["items"][0].get("data").is_none(), "no payload");
}

#[tokio::test]
async fn a_metadata_watcher_syncs() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let api: Api<PartialObjectMeta<Secret>> = Api::namespaced(client, "payments-dev");
    let stream = watcher::watcher(api, watcher::Config::default().labels("owner=helm"));
    futures::pin_mut!(stream);
    let mut seen = 0;
    while let Some(ev) = stream.next().await {
        match ev.expect("no watch error") {
            Event::InitApply(o) => {
                assert!(o.metadata.labels.unwrap_or_default().contains_key("name"));
                seen += 1;
            }
            Event::InitDone => break,
            _ => {}
        }
    }
    assert!(seen > 0);
}
