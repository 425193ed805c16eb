//! The compact record the headroom keeps per non-terminated pod of the cluster: where it runs
//! and what it reserves (about 100 bytes; no spec, no status).

use k8s_openapi::api::core::v1::Pod;

use super::amounts::Amounts;
use crate::text::sanitize::sanitize_line;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodRequest {
    pub namespace: String,
    pub name: String,
    /// Not yet scheduled: `None` (it reserves nothing on a node yet).
    pub node: Option<String>,
    pub requests: Amounts,
}

impl PodRequest {
    pub fn from_pod(p: &Pod) -> PodRequest {
        PodRequest {
            namespace: sanitize_line(p.metadata.namespace.as_deref().unwrap_or_default()),
            name: sanitize_line(p.metadata.name.as_deref().unwrap_or_default()),
            node: p
                .spec
                .as_ref()
                .and_then(|s| s.node_name.as_deref())
                .filter(|n| !n.is_empty())
                .map(sanitize_line),
            requests: Amounts::pod_requests(p),
        }
    }

    /// The key the app keeps it by (the watch spans namespaces).
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}
