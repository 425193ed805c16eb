//! I/O half: the headroom's two watches, for the whole session (the matrix warns when the
//! free share is short): the nodes, as the Node list's rows (which carry allocatable), and
//! every non-terminated pod's requests across the cluster, as `kubectl describe node` counts
//! them (`status.phase!=Succeeded,status.phase!=Failed`), kept as compact `PodRequest`s (about
//! 100 bytes each, listed in pages of 500 by the watcher).

use k8s_openapi::api::core::v1::{Node, Pod};
use kube::{Api, Client};

use super::msg::CapacityMsg;
use super::pod_request::PodRequest;
use crate::cluster::liveness::Liveness;
use crate::cluster::msg::{ClusterMsg, WatchId};
use crate::cluster::resource::watch::build;
use crate::cluster::resource::ResourceRow;
use crate::cluster::watch::{config, run, RowWatch};
use crate::outbox::Outbox;

/// The pods that hold their requests on a node (the scheduler's and kubectl's rule).
pub const NON_TERMINATED: &str = "status.phase!=Succeeded,status.phase!=Failed";

struct PodRequests;

impl RowWatch for PodRequests {
    type K = Pod;
    type Row = PodRequest;
    fn id(&self) -> WatchId {
        WatchId::PodRequests
    }
    fn row(&self, o: &Pod) -> PodRequest {
        PodRequest::from_pod(o)
    }
    fn name(o: &Pod) -> String {
        format!(
            "{}/{}",
            o.metadata.namespace.as_deref().unwrap_or_default(),
            o.metadata.name.as_deref().unwrap_or_default()
        )
    }
    fn synced(&self, rows: Vec<PodRequest>) -> ClusterMsg {
        ClusterMsg::Capacity(CapacityMsg::PodsSynced(rows))
    }
    fn changed(&self, applied: Vec<PodRequest>, deleted: Vec<String>) -> Vec<ClusterMsg> {
        vec![ClusterMsg::Capacity(CapacityMsg::PodsChanged {
            applied,
            deleted,
        })]
    }
}

struct Nodes;

impl RowWatch for Nodes {
    type K = Node;
    type Row = ResourceRow;
    fn id(&self) -> WatchId {
        WatchId::CapacityNodes
    }
    fn row(&self, o: &Node) -> ResourceRow {
        build::node(o)
    }
    fn name(o: &Node) -> String {
        o.metadata.name.clone().unwrap_or_default()
    }
    fn synced(&self, rows: Vec<ResourceRow>) -> ClusterMsg {
        ClusterMsg::Capacity(CapacityMsg::NodesSynced(rows))
    }
    fn changed(&self, applied: Vec<ResourceRow>, deleted: Vec<String>) -> Vec<ClusterMsg> {
        vec![ClusterMsg::Capacity(CapacityMsg::NodesChanged {
            applied,
            deleted,
        })]
    }
}

/// Watches until aborted, sending `ClusterMsg::Capacity` and `WatchFailed`.
pub async fn watch_pod_requests(client: Client, l: Liveness, tx: Outbox<ClusterMsg>) {
    let cfg = config(l).fields(NON_TERMINATED);
    run(PodRequests, Api::<Pod>::all(client), cfg, tx).await
}

/// Watches until aborted, sending `ClusterMsg::Capacity` and `WatchFailed`.
pub async fn watch_nodes(client: Client, l: Liveness, tx: Outbox<ClusterMsg>) {
    run(Nodes, Api::<Node>::all(client), config(l), tx).await
}
