//! I/O half: all teams' stages with two watches instead of two per namespace — every pod of
//! the cluster, and every Helm release Secret (`owner=helm`, metadata only). Objects of
//! namespaces that are not the teams' stages are dropped as they arrive (their parse is all
//! they cost); the rest become the same compact rows the per-namespace watches build.
//! Called only from `effects/`.

use k8s_openapi::api::core::v1::{Pod, Secret};
use kube::core::PartialObjectMeta;
use kube::{Api, Client};

use super::msg::{ClusterMsg, WatchId};
use super::pod_row::PodRow;
use super::stage::StageNamespaces;
use super::watch::{config, run, Liveness, RowWatch};
use crate::helm::ReleaseRow;
use crate::outbox::Outbox;

/// Rows are keyed `namespace/name` while a batch is folded: names repeat across namespaces,
/// and no namespace name holds a `/`.
fn key(namespace: Option<&str>, name: Option<&str>) -> String {
    format!("{}/{}", namespace.unwrap_or(""), name.unwrap_or(""))
}

/// `namespace/name` back into its halves.
fn split_key(key: String) -> (String, String) {
    match key.split_once('/') {
        Some((ns, name)) => (ns.to_string(), name.to_string()),
        None => (String::new(), key),
    }
}

pub(super) struct AllPods(pub(super) StageNamespaces);

impl RowWatch for AllPods {
    type K = Pod;
    type Row = PodRow;
    fn id(&self) -> WatchId {
        WatchId::AllPods
    }
    fn keep(&self, o: &Pod) -> bool {
        self.0.keeps(o.metadata.namespace.as_deref().unwrap_or(""))
    }
    fn row(&self, o: &Pod) -> PodRow {
        PodRow::from_pod(o)
    }
    fn name(o: &Pod) -> String {
        key(o.metadata.namespace.as_deref(), o.metadata.name.as_deref())
    }
    fn synced(&self, rows: Vec<PodRow>) -> ClusterMsg {
        ClusterMsg::AllPodsSynced(rows)
    }
    fn changed(&self, applied: Vec<PodRow>, deleted: Vec<String>) -> Vec<ClusterMsg> {
        vec![ClusterMsg::AllPodsChanged {
            applied,
            deleted: deleted.into_iter().map(split_key).collect(),
        }]
    }
}

pub(super) struct AllReleases(pub(super) StageNamespaces);

impl RowWatch for AllReleases {
    type K = PartialObjectMeta<Secret>;
    type Row = ReleaseRow;
    fn id(&self) -> WatchId {
        WatchId::AllReleases
    }
    fn keep(&self, o: &PartialObjectMeta<Secret>) -> bool {
        self.0.keeps(o.metadata.namespace.as_deref().unwrap_or(""))
    }
    fn row(&self, o: &PartialObjectMeta<Secret>) -> ReleaseRow {
        ReleaseRow::from_meta(&o.metadata)
    }
    fn name(o: &PartialObjectMeta<Secret>) -> String {
        key(o.metadata.namespace.as_deref(), o.metadata.name.as_deref())
    }
    fn synced(&self, rows: Vec<ReleaseRow>) -> ClusterMsg {
        ClusterMsg::AllReleasesSynced(rows)
    }
    fn changed(&self, applied: Vec<ReleaseRow>, deleted: Vec<String>) -> Vec<ClusterMsg> {
        vec![ClusterMsg::AllReleasesChanged {
            applied,
            deleted: deleted.into_iter().map(split_key).collect(),
        }]
    }
}

/// Every pod of the cluster, full objects reduced at ingest to the rows of the stages in scope.
pub async fn watch_all_pods(
    client: Client,
    l: Liveness,
    scope: StageNamespaces,
    tx: Outbox<ClusterMsg>,
) {
    run(AllPods(scope), Api::all(client), config(l), tx).await
}

/// Every Helm release Secret of the cluster, metadata only (see `watch::watch_releases`).
pub async fn watch_all_releases(
    client: Client,
    l: Liveness,
    scope: StageNamespaces,
    tx: Outbox<ClusterMsg>,
) {
    let api: Api<PartialObjectMeta<Secret>> = Api::all(client);
    run(AllReleases(scope), api, config(l).labels("owner=helm"), tx).await
}

#[cfg(test)]
#[path = "all_stages_watch_tests.rs"]
mod tests;
