use k8s_openapi::api::core::v1::Pod;
use serde_json::json;

use super::*;

const MI: i64 = 1024 * 1024;

fn pod(ns: &str, name: &str, node: Option<&str>, containers: serde_json::Value) -> PodRequest {
    let mut spec = json!({"containers": containers});
    if let Some(n) = node {
        spec["nodeName"] = n.into();
    }
    let p: Pod = serde_json::from_value(json!({
        "metadata": {"name": name, "namespace": ns}, "spec": spec
    }))
    .unwrap();
    PodRequest::from_pod(&p)
}

fn c(cpu: &str, mem: &str) -> serde_json::Value {
    json!({"name": "c", "image": "x", "resources": {"requests": {"cpu": cpu, "memory": mem}}})
}

#[test]
fn a_pods_requests_count_as_the_scheduler_counts_them() {
    let p: Pod = serde_json::from_value(json!({
        "metadata": {"name": "p", "namespace": "n"},
        "spec": {
            "containers": [c("100m", "128Mi"), c("50m", "64Mi")],
            "initContainers": [
                c("1", "32Mi"),
                {"name": "sidecar", "image": "x", "restartPolicy": "Always",
                 "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}}
            ],
            "overhead": {"cpu": "5m", "memory": "1Mi"}
        }
    }))
    .unwrap();
    // Containers and the sidecar: 160m/208Mi; the init container alone peaks at 1 CPU.
    assert_eq!(
        Amounts::pod_requests(&p),
        Amounts {
            cpu_milli: 1005,
            memory: 209 * MI
        }
    );
}

#[test]
fn headroom_sums_requests_per_node_and_per_stage_and_finds_the_free_share() {
    let alloc = Amounts {
        cpu_milli: 2000,
        memory: 4096 * MI,
    };
    let nodes = [
        NodeInput {
            name: "n1",
            allocatable: alloc,
            status: "Ready",
        },
        NodeInput {
            name: "n2",
            allocatable: alloc,
            status: "Ready",
        },
    ];
    let pods = [
        pod("payments-qa", "a", Some("n1"), json!([c("1", "1Gi")])),
        pod("payments-qa", "b", Some("n2"), json!([c("500m", "512Mi")])),
        pod("payments-dev", "c", Some("n1"), json!([c("100m", "256Mi")])),
        pod("payments-dev", "pending", None, json!([c("4", "48Gi")])),
        pod("kube-system", "dns", Some("n2"), json!([c("1", "70Mi")])),
    ];
    let ns = vec!["payments-dev".to_string(), "payments-qa".to_string()];
    let h = Headroom::compute(nodes, pods.iter(), None, &ns);
    assert_eq!(
        h.nodes[0].requested,
        Amounts {
            cpu_milli: 1100,
            memory: 1280 * MI
        }
    );
    assert_eq!(h.nodes[1].pods, 2);
    assert_eq!(h.requested.cpu_milli, 2600);
    // 1400m of 4000m free: 35 %, under the 40 % rule; memory is plenty.
    assert!((h.free().cpu - 35.0).abs() < 0.01);
    assert!(h.short(40));
    assert!(!h.short(30));
    // qa reserves most; the pending pod reserves nothing yet but is counted.
    assert_eq!(h.namespaces[0].namespace, "payments-qa");
    assert_eq!(h.namespaces[1].unscheduled, 1);
    assert_eq!(h.namespaces[1].requested.cpu_milli, 100);
    assert_eq!(h.used, None);
}

#[test]
fn usage_fills_in_where_metrics_answered() {
    let nodes = [NodeInput {
        name: "n1",
        allocatable: Amounts {
            cpu_milli: 1000,
            memory: 1024 * MI,
        },
        status: "Ready",
    }];
    let pods = [pod(
        "payments-qa",
        "a",
        Some("n1"),
        json!([c("100m", "1Mi")]),
    )];
    let mut u = Usage::default();
    u.nodes.insert(
        "n1".into(),
        Amounts {
            cpu_milli: 300,
            memory: 200 * MI,
        },
    );
    u.pods.insert(
        "payments-qa/a".into(),
        Amounts {
            cpu_milli: 20,
            memory: 5 * MI,
        },
    );
    u.namespaces.insert("payments-qa".into());
    let ns = vec!["payments-qa".to_string(), "payments-dev".to_string()];
    let h = Headroom::compute(nodes, pods.iter(), Some(&u), &ns);
    assert_eq!(
        h.used,
        Some(Amounts {
            cpu_milli: 300,
            memory: 200 * MI
        })
    );
    let qa = h
        .namespaces
        .iter()
        .find(|n| n.namespace == "payments-qa")
        .unwrap();
    assert_eq!(
        qa.used,
        Some(Amounts {
            cpu_milli: 20,
            memory: 5 * MI
        })
    );
    let dev = h
        .namespaces
        .iter()
        .find(|n| n.namespace == "payments-dev")
        .unwrap();
    assert_eq!(dev.used, None);
}
