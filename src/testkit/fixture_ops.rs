//! A pod for the shell, port-forward and delete tests: a log shipper listed before the app
//! container, the `kubectl.kubernetes.io/default-container` annotation naming the app, and
//! two declared ports — sent as the pod watch would.

use k8s_openapi::api::core::v1::Pod;
use serde_json::json;

use crate::app::msg::{ClusterMsg, Msg};
use crate::cluster::pod_row::PodRow;

pub const OPS_POD: &str = "payments-api-7f9c8d6b5-qx2lp";

pub fn ops_pod_message(namespace: &str) -> Msg {
    let pod: Pod = serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {
            "name": OPS_POD, "namespace": namespace,
            "creationTimestamp": "2026-11-20T09:00:00Z",
            "annotations": {"kubectl.kubernetes.io/default-container": "api"},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                "name": "payments-api-7f9c8d6b5", "uid": "u1", "controller": true}]
        },
        "spec": {"containers": [
            {"name": "log-shipper", "image": "fluent-bit:3"},
            {"name": "api", "image": "payments-api:2.7.0", "ports": [
                {"name": "http", "containerPort": 8080, "protocol": "TCP"},
                {"name": "metrics", "containerPort": 9090, "protocol": "TCP"}
            ]}
        ]},
        "status": {"phase": "Running"}
    }))
    .expect("a pod");
    Msg::Cluster(ClusterMsg::PodsChanged {
        namespace: namespace.into(),
        applied: vec![PodRow::from_pod(&pod)],
        deleted: Vec::new(),
    })
}
