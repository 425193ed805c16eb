//! The other kinds of the fixture world's `payments-qa` (and its nodes and namespaces), as the
//! resource watches would send them: typed objects through the product's row builders.

use k8s_openapi::api::apps::v1::{Deployment, StatefulSet};
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{
    ConfigMap, Event, Namespace, Node, PersistentVolumeClaim, Secret, Service,
};
use k8s_openapi::api::networking::v1::Ingress;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::app::msg::{ClusterMsg, Msg};
use crate::cluster::resource::watch::build;
use crate::cluster::resource::{ResourceKey, ResourceKind, ResourceRow};

const NS: &str = "payments-qa";

fn obj<K: DeserializeOwned>(v: Value) -> K {
    serde_json::from_value(v).expect("a fixture object")
}

fn meta(name: &str, created: &str) -> Value {
    json!({"name": name, "namespace": NS, "creationTimestamp": created,
           "labels": {"app.kubernetes.io/instance": name, "app.kubernetes.io/managed-by": "Helm"}})
}

/// A Deployment as the API serves it, managedFields and all (the YAML screen's fixture).
pub fn deployment_json(name: &str, want: i32, ready: i32, created: &str) -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {
            "name": name, "namespace": NS, "creationTimestamp": created, "generation": 3,
            "resourceVersion": "48121", "uid": "0b9e5a1c-5f0e-4b8e-9d67-3c1f1c2a7e10",
            "labels": {"app.kubernetes.io/instance": name, "app.kubernetes.io/managed-by": "Helm"},
            "annotations": {"deployment.kubernetes.io/revision": "3", "meta.helm.sh/release-name": name},
            "managedFields": [{"manager": "helm", "operation": "Update", "apiVersion": "apps/v1",
                               "time": created, "fieldsType": "FieldsV1",
                               "fieldsV1": {"f:spec": {"f:replicas": {}}}}]
        },
        "spec": {
            "replicas": want,
            "selector": {"matchLabels": {"app.kubernetes.io/instance": name}},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
            "template": {
                "metadata": {"labels": {"app.kubernetes.io/instance": name}},
                "spec": {"containers": [{
                    "name": "app", "image": format!("registry.example.com/payments/{name}:2.7.0"),
                    "ports": [{"containerPort": 8080, "protocol": "TCP"}],
                    "resources": {"limits": {"memory": "768Mi"}, "requests": {"cpu": "100m", "memory": "512Mi"}},
                    "env": [{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": format!("{name}-db-credentials"), "key": "password"}}}]
                }]}
            }
        },
        "status": {
            "replicas": want, "updatedReplicas": want, "readyReplicas": ready, "availableReplicas": ready,
            "unavailableReplicas": want - ready,
            "conditions": [
                {"type": "Available", "status": if ready == want { "True" } else { "False" }, "reason": if ready == want { "MinimumReplicasAvailable" } else { "MinimumReplicasUnavailable" }},
                {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"}
            ]
        }
    })
}

/// A Secret with values (the screens must never show them).
pub fn secret_json() -> Value {
    json!({
        "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
        "metadata": meta("payments-api-db-credentials", "2026-10-01T08:00:00Z"),
        "data": {"username": "YXBw", "password": "c3VwZXItc2VjcmV0LXBhc3N3b3JkLTQy"}
    })
}

fn rows() -> Vec<(ResourceKind, Vec<ResourceRow>)> {
    let d =
        |n: &str, w, r, c: &str| build::deployment(&obj::<Deployment>(deployment_json(n, w, r, c)));
    let deployments = vec![
        d("payments-api", 2, 2, "2026-09-14T10:00:00Z"),
        d("payments-fraud-check", 2, 0, "2026-09-14T10:00:00Z"),
        d("payments-ledger", 2, 2, "2026-10-02T12:30:00Z"),
        d("payments-web", 2, 1, "2026-11-20T09:12:00Z"),
    ];
    let services = vec![build::service(&obj::<Service>(json!({
        "metadata": meta("payments-api", "2026-09-14T10:00:00Z"),
        "spec": {"type": "ClusterIP", "clusterIP": "10.96.0.17", "ports": [{"port": 80, "protocol": "TCP"}]}
    })))];
    let ingresses = vec![build::ingress(&obj::<Ingress>(json!({
        "metadata": meta("payments-api", "2026-09-14T10:00:00Z"),
        "spec": {"ingressClassName": "nginx", "rules": [{"host": "api.payments-qa.example.com"}],
                 "tls": [{"hosts": ["api.payments-qa.example.com"], "secretName": "payments-qa-tls"}]},
        "status": {"loadBalancer": {"ingress": [{"ip": "192.0.2.10"}]}}
    })))];
    let config_maps = vec![build::config_map(&obj::<ConfigMap>(json!({
        "metadata": meta("kube-root-ca.crt", "2026-08-01T00:00:00Z"),
        "data": {"ca.crt": "-----BEGIN CERTIFICATE-----"}
    })))];
    let secrets = vec![build::secret(&obj::<Secret>(secret_json()))];
    let jobs = vec![
        build::job(&obj::<Job>(json!({
            "metadata": meta("payments-statement-export-28911", "2026-11-20T08:10:00Z"),
            "spec": {"completions": 1, "parallelism": 1, "backoffLimit": 0},
            "status": {"startTime": "2026-11-20T08:10:00Z", "failed": 1,
                       "conditions": [{"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded"}]}
        }))),
        build::job(&obj::<Job>(json!({
            "metadata": meta("payments-nightly-report-29000004", "2026-11-20T09:57:00Z"),
            "spec": {"completions": 1, "parallelism": 1},
            "status": {"startTime": "2026-11-20T09:57:00Z", "active": 1}
        }))),
    ];
    let cron_jobs = vec![build::cron_job(&obj::<CronJob>(json!({
        "metadata": meta("payments-nightly-report", "2026-08-01T00:00:00Z"),
        "spec": {"schedule": "*/3 * * * *", "suspend": false, "jobTemplate": {"spec": {"template": {"spec": {"containers": []}}}}},
        "status": {"lastScheduleTime": "2026-11-20T09:57:00Z", "active": [{"name": "payments-nightly-report-29000004"}]}
    })))];
    let pvcs = vec![
        build::pvc(&obj::<PersistentVolumeClaim>(json!({
            "metadata": meta("data-payments-ledger-0", "2026-09-14T10:00:00Z"),
            "spec": {"volumeName": "pvc-3f1c", "storageClassName": "standard", "accessModes": ["ReadWriteOnce"],
                     "resources": {"requests": {"storage": "10Gi"}}},
            "status": {"phase": "Bound", "capacity": {"storage": "10Gi"}, "accessModes": ["ReadWriteOnce"]}
        }))),
        build::pvc(&obj::<PersistentVolumeClaim>(json!({
            "metadata": meta("data-payments-ledger-1", "2026-11-20T09:50:00Z"),
            "spec": {"storageClassName": "fast-ssd", "accessModes": ["ReadWriteOnce"],
                     "resources": {"requests": {"storage": "10Gi"}}},
            "status": {"phase": "Pending"}
        }))),
    ];
    let stateful_sets = vec![build::stateful_set(&obj::<StatefulSet>(json!({
        "metadata": meta("payments-ledger", "2026-09-14T10:00:00Z"),
        "spec": {"replicas": 2, "serviceName": "payments-ledger", "selector": {}, "template": {}},
        "status": {"replicas": 2, "readyReplicas": 1}
    })))];
    let ev = |name: &str, ty: &str, reason: &str, obj_name: &str, last: &str, msg: &str| {
        build::event(&obj::<Event>(json!({
            "metadata": {"name": name, "namespace": NS, "creationTimestamp": last},
            "involvedObject": {"kind": "Pod", "name": obj_name, "namespace": NS},
            "type": ty, "reason": reason, "message": msg, "count": 1,
            "firstTimestamp": last, "lastTimestamp": last, "source": {"component": "kubelet"}
        })))
    };
    let events = vec![
        ev(
            "e1",
            "Normal",
            "Pulled",
            "payments-api-7f9c-x2",
            "2026-11-20T09:59:00Z",
            "Container image already present on machine",
        ),
        ev(
            "e2",
            "Warning",
            "BackOff",
            "payments-fraud-check-5d-kq",
            "2026-11-20T09:58:30Z",
            "Back-off restarting failed container app",
        ),
        ev(
            "e3",
            "Warning",
            "Unhealthy",
            "payments-web-6c-zz",
            "2026-11-20T09:40:00Z",
            "Readiness probe failed: HTTP probe failed with statuscode: 503",
        ),
        ev(
            "e4",
            "Normal",
            "Scheduled",
            "payments-web-6c-zz",
            "2026-11-20T09:12:00Z",
            "Successfully assigned payments-qa/payments-web-6c-zz to general-a1",
        ),
    ];
    vec![
        (ResourceKind::Deployment, deployments),
        (ResourceKind::StatefulSet, stateful_sets),
        (ResourceKind::Service, services),
        (ResourceKind::Ingress, ingresses),
        (ResourceKind::ConfigMap, config_maps),
        (ResourceKind::Secret, secrets),
        (ResourceKind::Job, jobs),
        (ResourceKind::CronJob, cron_jobs),
        (ResourceKind::PersistentVolumeClaim, pvcs),
        (ResourceKind::Event, events),
    ]
}

fn cluster_rows() -> Vec<(ResourceKind, Vec<ResourceRow>)> {
    let node = |name: &str, role: &str, ready: &str| {
        build::node(&obj::<Node>(json!({
            "metadata": {"name": name, "creationTimestamp": "2026-09-01T00:00:00Z",
                         "labels": {format!("node-role.kubernetes.io/{role}"): ""}},
            "status": {"conditions": [{"type": "Ready", "status": ready}],
                       "nodeInfo": {"kubeletVersion": "v1.33.2", "machineID": "", "systemUUID": "", "bootID": "",
                                    "kernelVersion": "", "osImage": "", "containerRuntimeVersion": "",
                                    "kubeProxyVersion": "", "operatingSystem": "linux", "architecture": "amd64"}}
        })))
    };
    let ns = |name: &str, team: &str, stage: &str| {
        build::namespace(&obj::<Namespace>(json!({
            "metadata": {"name": name, "creationTimestamp": "2026-06-01T00:00:00Z",
                         "labels": {"kubernetes.io/metadata.name": name, "team": team, "stage": stage}},
            "status": {"phase": "Active"}
        })))
    };
    vec![
        (
            ResourceKind::Node,
            vec![
                node("system-k2x9q", "control-plane", "True"),
                node("general-a1b2c", "worker", "True"),
                node("general-d3e4f", "worker", "False"),
            ],
        ),
        (
            ResourceKind::Namespace,
            vec![
                ns("payments-dev", "payments", "dev"),
                ns("payments-qa", "payments", "qa"),
                ns("advisory-qa", "advisory", "qa"),
                ns("kube-system", "", ""),
            ],
        ),
    ]
}

/// What the resource watches of `payments-qa` (and the cluster-wide ones) would send.
pub fn resource_messages() -> Vec<Msg> {
    let ns = rows()
        .into_iter()
        .map(|(kind, rows)| (ResourceKey::new(kind, Some(NS)), rows));
    let cl = cluster_rows()
        .into_iter()
        .map(|(kind, rows)| (ResourceKey::new(kind, None), rows));
    ns.chain(cl)
        .map(|(key, rows)| Msg::Cluster(ClusterMsg::ResourcesSynced { key, rows }))
        .collect()
}
