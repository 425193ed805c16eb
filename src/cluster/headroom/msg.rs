//! What the headroom's I/O half reports.

use super::metrics::{MetricsError, Usage};
use super::pod_request::PodRequest;
use crate::cluster::resource::ResourceRow;

#[derive(Debug, Clone, PartialEq)]
pub enum CapacityMsg {
    /// The nodes (re)synced, as the Node list's rows (with their allocatable).
    NodesSynced(Vec<ResourceRow>),
    NodesChanged {
        applied: Vec<ResourceRow>,
        deleted: Vec<String>,
    },
    /// The non-terminated pods' requests (re)synced: the full set.
    PodsSynced(Vec<PodRequest>),
    /// Deleted by `namespace/name`.
    PodsChanged {
        applied: Vec<PodRequest>,
        deleted: Vec<String>,
    },
    /// One poll of metrics.k8s.io.
    Metrics(Result<Usage, MetricsError>),
}
