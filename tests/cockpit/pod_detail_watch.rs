//! The pod detail's I/O half (`cluster::detail_watch::watch_pod_detail`) against the running
//! simulated world: the pod with its owner chain, its events, a delete, a missing pod, and
//! failures reported rather than swallowed.

use crate::common;

use std::time::Duration;

use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, DeleteParams, ListParams};
use stagecoach::app::msg::{ClusterMsg, Msg, WatchId};
use stagecoach::cluster::detail_watch::watch_pod_detail;
use stagecoach::cluster::pod_row::PodRow;
use tokio::sync::mpsc;

/// A bound on waiting, never a timing assertion: the world answers in milliseconds.
const WAIT: Duration = Duration::from_secs(30);
const NS: &str = "payments-qa";

async fn crash_looping_pod(client: &kube::Client) -> String {
    let api: Api<Pod> = Api::namespaced(client.clone(), NS);
    let pods = api.list(&ListParams::default()).await.unwrap();
    pods.items
        .iter()
        .map(PodRow::from_pod)
        .find(|r| r.status == "CrashLoopBackOff")
        .expect("a crash-looping pod in payments-qa")
        .name
}

/// Receives messages until `done` says so; panics after [`WAIT`].
async fn until(rx: &mut mpsc::Receiver<Msg>, mut done: impl FnMut(&ClusterMsg) -> bool) {
    tokio::time::timeout(WAIT, async {
        loop {
            match rx.recv().await.expect("the watch keeps running") {
                Msg::Cluster(m) if done(&m) => return,
                _ => {}
            }
        }
    })
    .await
    .expect("the message arrives");
}

#[tokio::test(flavor = "multi_thread")]
async fn sends_the_pod_with_its_owner_chain_and_its_events_then_its_deletion() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let name = crash_looping_pod(&client).await;
    let (tx, mut rx) = mpsc::channel(64);
    let task = tokio::spawn(watch_pod_detail(
        client.clone(),
        Default::default(),
        NS.into(),
        name.clone(),
        stagecoach::outbox::Outbox::new(tx),
    ));

    let (mut chain, mut events) = (None, None);
    until(&mut rx, |m| {
        match m {
            ClusterMsg::PodDetailLoaded {
                namespace,
                name: n,
                detail,
            } => {
                assert_eq!((namespace.as_str(), n), (NS, &name));
                assert_eq!(detail.row.status, "CrashLoopBackOff");
                assert!(!detail.containers.is_empty());
                if detail.owners.len() == 2 {
                    chain = Some(detail.owners.clone());
                }
            }
            ClusterMsg::PodEventsLoaded { events: e, .. } if !e.is_empty() => {
                events = Some(e.clone())
            }
            ClusterMsg::WatchFailed { id, error, .. } => panic!("{id:?}: {error}"),
            _ => {}
        }
        chain.is_some() && events.is_some()
    })
    .await;
    let chain = chain.unwrap();
    assert_eq!(chain[0].kind, "ReplicaSet");
    assert!(name.starts_with(&chain[0].name), "{chain:?}");
    assert_eq!(chain[1].kind, "Deployment");
    assert!(chain[0].name.starts_with(&chain[1].name), "{chain:?}");
    let events = events.unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.is_warning() && e.reason == "BackOff"),
        "{events:?}"
    );
    assert!(events.iter().all(|e| e.object == format!("pod/{name}")));
    assert!(
        events.windows(2).all(|w| w[0].last <= w[1].last),
        "newest last"
    );

    Api::<Pod>::namespaced(client, NS)
        .delete(&name, &DeleteParams::default())
        .await
        .unwrap();
    until(&mut rx, |m| {
        matches!(m, ClusterMsg::PodGone { namespace, name: n } if namespace == NS && *n == name)
    })
    .await;
    task.abort();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pod_that_does_not_exist_is_gone_with_no_events() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let (tx, mut rx) = mpsc::channel(64);
    let task = tokio::spawn(watch_pod_detail(
        client,
        Default::default(),
        NS.into(),
        "payments-api-nope".into(),
        stagecoach::outbox::Outbox::new(tx),
    ));
    let (mut gone, mut no_events) = (false, false);
    until(&mut rx, |m| {
        match m {
            ClusterMsg::PodGone { .. } => gone = true,
            ClusterMsg::PodEventsLoaded { events, .. } => no_events = events.is_empty(),
            ClusterMsg::PodDetailLoaded { .. } => panic!("no such pod"),
            _ => {}
        }
        gone && no_events
    })
    .await;
    task.abort();
}

#[tokio::test(flavor = "multi_thread")]
async fn failures_are_reported_for_the_pod_and_for_its_events() {
    let sim = common::world("error-rate=1").await;
    let client = common::client(&sim).await;
    let (tx, mut rx) = mpsc::channel(64);
    let task = tokio::spawn(watch_pod_detail(
        client,
        Default::default(),
        NS.into(),
        "payments-api-x".into(),
        stagecoach::outbox::Outbox::new(tx),
    ));
    let (mut pod, mut events) = (false, false);
    until(&mut rx, |m| {
        if let ClusterMsg::WatchFailed { id, error, .. } = m {
            assert!(!error.is_empty());
            match id {
                WatchId::PodDetail { namespace, name } => {
                    assert_eq!((namespace.as_str(), name.as_str()), (NS, "payments-api-x"));
                    pod = true;
                }
                WatchId::PodEvents { .. } => events = true,
                other => panic!("{other:?}"),
            }
        }
        pod && events
    })
    .await;
    task.abort();
}
