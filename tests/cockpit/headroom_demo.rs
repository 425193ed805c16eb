//! The headroom's I/O half against the demo world: the nodes' and the non-terminated pods'
//! watches give a headroom equal to what the world holds, and metrics.k8s.io answers when the
//! world serves it and says it is not served when it does not.

use crate::common;

use std::sync::atomic::Ordering;
use std::time::Duration;

use k8s_openapi::api::core::v1::{Node, Pod};
use kube::api::ListParams;
use kube::Api;
use stagecoach::app::capacity::Capacity;
use stagecoach::app::msg::{ClusterMsg, Msg};
use stagecoach::cluster::headroom::{metrics, watch, Amounts, MetricsError};
use stagecoach::cluster::liveness::Liveness;
use stagecoach::outbox::Outbox;
use tokio::sync::mpsc;

#[tokio::test]
async fn the_capacity_watches_and_metrics_agree_with_the_world() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let (tx, mut rx) = mpsc::channel(256);
    let nodes = tokio::spawn(watch::watch_nodes(
        client.clone(),
        Liveness::default(),
        Outbox::new(tx.clone()),
    ));
    let pods = tokio::spawn(watch::watch_pod_requests(
        client.clone(),
        Liveness::default(),
        Outbox::new(tx),
    ));
    let mut cap = Capacity::default();
    tokio::time::timeout(Duration::from_secs(30), async {
        while !cap.synced() {
            if let Some(Msg::Cluster(ClusterMsg::Capacity(m))) = rx.recv().await {
                cap.apply(m);
            }
        }
    })
    .await
    .expect("both watches list");
    nodes.abort();
    pods.abort();

    // The same sums from a plain list of the world's objects.
    let all: Vec<Pod> = Api::<Pod>::all(client.clone())
        .list(&ListParams::default())
        .await
        .unwrap()
        .items;
    let scheduled: Vec<&Pod> = all
        .iter()
        .filter(|p| {
            let phase = p.status.as_ref().and_then(|s| s.phase.as_deref());
            !matches!(phase, Some("Succeeded" | "Failed"))
                && p.spec.as_ref().is_some_and(|s| s.node_name.is_some())
        })
        .collect();
    let want = scheduled
        .iter()
        .map(|p| Amounts::pod_requests(p))
        .fold(Amounts::default(), Amounts::plus);
    let node_list: Vec<Node> = Api::<Node>::all(client.clone())
        .list(&ListParams::default())
        .await
        .unwrap()
        .items;
    let alloc = node_list
        .iter()
        .map(Amounts::allocatable)
        .fold(Amounts::default(), Amounts::plus);
    let h = cap.headroom(&["payments-qa".to_string()]);
    assert_eq!(h.requested, want);
    assert_eq!(h.allocatable, alloc);
    assert!(h.allocatable.cpu_milli > 0 && h.requested.cpu_milli > 0);
    assert_eq!(h.nodes.len(), node_list.len());
    let qa = &h.namespaces[0];
    assert!(qa.pods > 0 && qa.requested.memory > 0, "{qa:?}");

    // No metrics-server: said so, not an error.
    let none = metrics::fetch(&client, &["payments-qa".into()]).await;
    assert_eq!(none, Err(MetricsError::NotServed));
    // One comes up: node and pod usage.
    sim.state.metrics.store(true, Ordering::Relaxed);
    let usage = metrics::fetch(&client, &["payments-qa".into()])
        .await
        .expect("metrics answer");
    assert_eq!(usage.nodes.len(), node_list.len());
    assert!(usage.pods.keys().all(|k| k.starts_with("payments-qa/")));
    assert!(!usage.pods.is_empty());
    assert!(usage
        .nodes
        .values()
        .all(|a| a.cpu_milli > 0 && a.memory > 0));
}
