//! The fixture world's capacity: a node for each node its pods run on (and the system node),
//! sized so that the cluster is short of the 40 % rule, the pods' requests as the capacity
//! watch sends them, and one metrics poll.

use k8s_openapi::api::core::v1::Node;
use serde_json::json;

use super::Fixture;
use crate::app::msg::{ClusterMsg, Msg};
use crate::cluster::headroom::{Amounts, CapacityMsg, MetricsError, PodRequest, Usage};
use crate::cluster::resource::watch::build;

fn node(name: &str, role: &str, ready: &str, cpu: &str, memory: &str) -> Node {
    serde_json::from_value(json!({
        "metadata": {"name": name, "creationTimestamp": "2026-09-01T00:00:00Z",
                     "labels": {format!("node-role.kubernetes.io/{role}"): ""}},
        "status": {"conditions": [{"type": "Ready", "status": ready}],
                   "allocatable": {"cpu": cpu, "memory": memory, "pods": "110"},
                   "capacity": {"cpu": "1", "memory": "4Gi", "pods": "110"}}
    }))
    .expect("a fixture node")
}

impl Fixture {
    /// The nodes the fixture's pods run on, and a system node.
    fn capacity_nodes(&self) -> Vec<Node> {
        let mut names: Vec<String> = self
            .pods
            .iter()
            .filter_map(|p| p.spec.as_ref()?.node_name.clone())
            .collect();
        names.sort();
        names.dedup();
        let mut nodes = vec![node(
            "system-k2x9q",
            "control-plane",
            "True",
            "1700m",
            "7Gi",
        )];
        nodes.extend(names.iter().map(|n| {
            let memory = if n.starts_with("highmem") {
                "15Gi"
            } else {
                "7Gi"
            };
            node(n, "worker", "True", "1700m", memory)
        }));
        nodes
    }

    /// What the pods' requests watch sends: the fixture's pods and a system pod.
    pub fn pod_requests(&self) -> Vec<PodRequest> {
        let dns: k8s_openapi::api::core::v1::Pod = serde_json::from_value(json!({
            "metadata": {"name": "coredns-5d78c9869d-x2x9q", "namespace": "kube-system"},
            "spec": {"nodeName": "system-k2x9q", "containers": [{"name": "coredns", "image": "coredns",
                     "resources": {"requests": {"cpu": "600m", "memory": "1Gi"}}}]}
        }))
        .expect("a fixture pod");
        self.pods
            .iter()
            .chain(std::iter::once(&dns))
            .map(PodRequest::from_pod)
            .collect()
    }

    /// The capacity watches' first lists, and one metrics poll (`None`: no metrics-server).
    pub fn capacity_messages(&self, metrics: bool) -> Vec<Msg> {
        let nodes: Vec<Node> = self.capacity_nodes();
        let usage = if metrics {
            let mut u = Usage::default();
            for (i, n) in nodes.iter().enumerate() {
                let name = n.metadata.name.clone().unwrap_or_default();
                u.nodes.insert(
                    name,
                    Amounts {
                        cpu_milli: 150 + 60 * i as i64,
                        memory: (700 + 90 * i as i64) * 1024 * 1024,
                    },
                );
            }
            for (i, p) in self.pod_requests().iter().enumerate() {
                if p.node.is_some() {
                    u.namespaces.insert(p.namespace.clone());
                    u.pods.insert(
                        p.key(),
                        Amounts {
                            cpu_milli: 5 + 7 * (i as i64 % 5),
                            memory: (60 + 25 * (i as i64 % 4)) * 1024 * 1024,
                        },
                    );
                }
            }
            Ok(u)
        } else {
            Err(MetricsError::NotServed)
        };
        vec![
            Msg::Cluster(ClusterMsg::Capacity(CapacityMsg::NodesSynced(
                nodes.iter().map(build::node).collect(),
            ))),
            Msg::Cluster(ClusterMsg::Capacity(CapacityMsg::PodsSynced(
                self.pod_requests(),
            ))),
            Msg::Cluster(ClusterMsg::Capacity(CapacityMsg::Metrics(usage))),
        ]
    }
}
