//! Finding 9 of the reliability probe: the watch cache's 410 on a resumed watch is routine —
//! the watcher lists again — and is never reported as a failed watch (no "watch lost" badge, no
//! red "pod watch failed").

use crate::common;

use std::time::Duration;

use stagecoach::app::msg::{ClusterMsg, Msg, WatchId};
use stagecoach::cluster::liveness::Liveness;
use stagecoach::outbox::Outbox;
use tokio::sync::mpsc;

/// Watches the server ends after a second, so they resume (and meet the 410) every second.
fn short() -> Liveness {
    Liveness {
        watch_timeout_secs: 1,
        ..Liveness::default()
    }
}

/// Collects cluster messages until `enough` of them satisfied `counted`.
async fn collect(
    rx: &mut mpsc::Receiver<Msg>,
    enough: usize,
    counted: impl Fn(&ClusterMsg) -> bool,
) -> Vec<ClusterMsg> {
    let mut out = Vec::new();
    let mut n = 0;
    tokio::time::timeout(Duration::from_secs(60), async {
        while n < enough {
            if let Some(Msg::Cluster(m)) = rx.recv().await {
                n += usize::from(counted(&m));
                out.push(m);
            }
        }
    })
    .await
    .expect("the watch relists");
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_410_on_resume_relists_without_a_failure() {
    let sim = common::world("gone-on-resume=1").await;
    let client = common::client(&sim).await;
    let (tx, mut rx) = mpsc::channel(256);
    let pods = tokio::spawn(stagecoach::cluster::watch::watch_pods(
        client.clone(),
        short(),
        "payments-qa".into(),
        Outbox::new(tx.clone()),
    ));
    let msgs = collect(&mut rx, 3, |m| matches!(m, ClusterMsg::PodsSynced { .. })).await;
    pods.abort();
    assert!(
        !msgs
            .iter()
            .any(|m| matches!(m, ClusterMsg::WatchFailed { .. })),
        "{:?}",
        msgs.iter()
            .filter(|m| matches!(m, ClusterMsg::WatchFailed { .. }))
            .collect::<Vec<_>>()
    );

    // The pod detail's watches likewise: the pod arrives again, no failure is sent.
    let name = sim
        .state
        .store
        .snapshot(
            stagecoach::sim::kinds::Kind::Pod,
            Some("payments-qa"),
            None,
            |_| true,
        )
        .1[0]
        .name
        .clone();
    let detail = tokio::spawn(stagecoach::cluster::detail_watch::watch_pod_detail(
        client,
        short(),
        "payments-qa".into(),
        name,
        Outbox::new(tx),
    ));
    let msgs = collect(&mut rx, 3, |m| {
        matches!(m, ClusterMsg::PodDetailLoaded { .. })
    })
    .await;
    detail.abort();
    let failed: Vec<_> = msgs
        .iter()
        .filter(|m| {
            matches!(
                m,
                ClusterMsg::WatchFailed {
                    id: WatchId::PodDetail { .. } | WatchId::PodEvents { .. },
                    ..
                }
            )
        })
        .collect();
    assert!(failed.is_empty(), "{failed:?}");
}

/// The cluster-wide pod watch of all teams (issue 15) likewise.
#[tokio::test(flavor = "multi_thread")]
async fn a_410_on_the_cluster_wide_watch_relists_without_a_failure() {
    let sim = common::world("gone-on-resume=1").await;
    let client = common::client(&sim).await;
    let (tx, mut rx) = mpsc::channel(256);
    let scope = stagecoach::cluster::stage::StageNamespaces::new(&["payments".into()]);
    let pods = tokio::spawn(stagecoach::cluster::all_stages_watch::watch_all_pods(
        client,
        short(),
        scope,
        Outbox::new(tx),
    ));
    let msgs = collect(&mut rx, 3, |m| matches!(m, ClusterMsg::AllPodsSynced(_))).await;
    pods.abort();
    let failed: Vec<_> = msgs
        .iter()
        .filter(|m| matches!(m, ClusterMsg::WatchFailed { .. }))
        .collect();
    assert!(failed.is_empty(), "{failed:?}");
    // Only the team's stages are kept.
    let ClusterMsg::AllPodsSynced(rows) = msgs.last().unwrap() else {
        unreachable!()
    };
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.namespace.starts_with("payments-")));
}
