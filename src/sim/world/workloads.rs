//! Deployments, ReplicaSets, Services, Namespaces and Nodes, rendered to the JSON the API serves.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde_json::{json, Value};

use super::catalog::Behaviour;
use super::logs::Lang;

fn ts(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[derive(Debug, Clone)]
pub struct SimDeployment {
    pub ns: String,
    pub name: String,
    pub uid: String,
    pub release: String,
    pub labels: BTreeMap<String, String>,
    pub replicas: u32,
    pub revision: u32,
    pub created: Timestamp,
    pub rs_name: String,
    pub rs_uid: String,
    pub rs_hash: String,
    pub rs_created: Timestamp,
    /// The ReplicaSet of the previous rollout, scaled to zero.
    pub old_rs: Option<(String, String, String, Timestamp)>,
    /// `spec.template.spec.containers`, as the pods have them.
    pub containers: Value,
    pub behaviour: Behaviour,
    /// What its pods run (their language, a log-shipper next to the app).
    pub lang: Lang,
    pub sidecar: bool,
    /// A rollout is under way: the old ReplicaSet still scales down.
    pub rolling: bool,
    /// ReplicaSets of rollouts before the previous one (scaled to zero, still stored).
    pub retired_rs: Vec<String>,
    /// Pod template annotations written through the API (`kubectl rollout restart`'s
    /// `restartedAt`), beside the default-container one.
    pub template_annotations: BTreeMap<String, String>,
}

/// Pod counts for a Deployment's status, from its pods (those being deleted or failed do not
/// count, as for the ReplicaSet controller).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Pods of the current ReplicaSet.
    pub replicas: u32,
    /// Of which ready.
    pub ready: u32,
    /// Pods of older ReplicaSets (a rollout in progress), and how many of them are ready.
    pub old: u32,
    pub old_ready: u32,
}

impl SimDeployment {
    pub fn selector(&self) -> Value {
        json!({"app.kubernetes.io/name": self.labels["app.kubernetes.io/name"], "app.kubernetes.io/instance": self.release})
    }

    fn template(&self, hash: Option<&str>) -> Value {
        let mut labels = self.selector();
        if let Some(h) = hash {
            labels["pod-template-hash"] = h.into();
        }
        let mut annotations = json!({"kubectl.kubernetes.io/default-container": self.labels["app.kubernetes.io/name"]});
        for (k, v) in &self.template_annotations {
            annotations[k] = v.clone().into();
        }
        json!({
            "metadata": {"labels": labels, "annotations": annotations},
            "spec": {"containers": self.containers, "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst", "schedulerName": "default-scheduler"}
        })
    }

    pub fn to_json(&self, c: Counts, now: Timestamp) -> Value {
        let available = c.ready + c.old_ready;
        let all = available >= self.replicas;
        let rolled = c.replicas >= self.replicas && c.ready >= self.replicas && c.old == 0;
        // The controller gives up on a rollout after progressDeadlineSeconds.
        let stuck = !rolled
            && self.behaviour != Behaviour::Healthy
            && now.duration_since(self.rs_created).as_secs() >= 600;
        let progressing = if stuck {
            json!({"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded",
                   "message": format!("ReplicaSet \"{}\" has timed out progressing.", self.rs_name),
                   "lastUpdateTime": ts(self.rs_created), "lastTransitionTime": ts(self.rs_created)})
        } else if !rolled {
            json!({"type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated",
                   "message": format!("ReplicaSet \"{}\" is progressing.", self.rs_name),
                   "lastUpdateTime": ts(self.rs_created), "lastTransitionTime": ts(self.rs_created)})
        } else {
            json!({"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
                   "message": format!("ReplicaSet \"{}\" has successfully progressed.", self.rs_name),
                   "lastUpdateTime": ts(self.rs_created), "lastTransitionTime": ts(self.created)})
        };
        let available_c = if all {
            json!({"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable", "message": "Deployment has minimum availability.",
                   "lastUpdateTime": ts(self.rs_created), "lastTransitionTime": ts(self.rs_created)})
        } else {
            json!({"type": "Available", "status": "False", "reason": "MinimumReplicasUnavailable", "message": "Deployment does not have minimum availability.",
                   "lastUpdateTime": ts(self.rs_created), "lastTransitionTime": ts(self.rs_created)})
        };
        let total = c.replicas + c.old;
        let mut status = json!({
            "observedGeneration": self.revision,
            "replicas": total,
            "updatedReplicas": c.replicas,
            "readyReplicas": c.ready + c.old_ready,
            "availableReplicas": available,
            "conditions": [available_c, progressing],
        });
        let wanted = total.max(self.replicas);
        if wanted > available {
            status["unavailableReplicas"] = (wanted - available).into();
        }
        json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {
                "name": self.name, "namespace": self.ns, "uid": self.uid, "generation": self.revision,
                "creationTimestamp": ts(self.created), "labels": self.labels,
                "annotations": {
                    "deployment.kubernetes.io/revision": self.revision.to_string(),
                    "meta.helm.sh/release-name": self.release,
                    "meta.helm.sh/release-namespace": self.ns,
                }
            },
            "spec": {
                "replicas": self.replicas,
                "selector": {"matchLabels": self.selector()},
                "template": self.template(None),
                "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
                "revisionHistoryLimit": 10,
                "progressDeadlineSeconds": 600,
            },
            "status": status,
        })
    }

    fn rs_json(
        &self,
        (name, uid, hash, created): (&str, &str, &str, Timestamp),
        replicas: u32,
        c: Counts,
        revision: u32,
    ) -> Value {
        let mut sel = self.selector();
        sel["pod-template-hash"] = hash.into();
        let mut labels = sel.clone();
        labels["app.kubernetes.io/managed-by"] = "Helm".into();
        json!({
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {
                "name": name, "namespace": self.ns, "uid": uid, "generation": 1,
                "creationTimestamp": ts(created), "labels": labels,
                "annotations": {"deployment.kubernetes.io/revision": revision.to_string(), "deployment.kubernetes.io/desired-replicas": self.replicas.to_string()},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": self.name, "uid": self.uid, "controller": true, "blockOwnerDeletion": true}]
            },
            "spec": {"replicas": replicas, "selector": {"matchLabels": sel}, "template": self.template(Some(hash))},
            "status": {"replicas": c.replicas, "fullyLabeledReplicas": c.replicas, "readyReplicas": c.ready, "availableReplicas": c.ready, "observedGeneration": 1},
        })
    }

    pub fn replica_sets(&self, c: Counts) -> Vec<Value> {
        let mut out = vec![self.rs_json(
            (&self.rs_name, &self.rs_uid, &self.rs_hash, self.rs_created),
            self.replicas,
            c,
            self.revision,
        )];
        if let Some((name, uid, hash, created)) = &self.old_rs {
            let old = Counts {
                replicas: c.old,
                ready: c.old_ready,
                ..Counts::default()
            };
            out.push(self.rs_json(
                (name, uid, hash, *created),
                c.old,
                old,
                self.revision.saturating_sub(1),
            ));
        }
        out
    }

    /// Whether a pod's owner is one of this Deployment's ReplicaSets.
    pub fn owns_rs(&self, rs_name: &str) -> bool {
        rs_name
            .rsplit_once('-')
            .is_some_and(|(dep, _)| dep == self.name)
    }

    pub fn service(&self, cluster_ip: &str) -> Value {
        json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": self.name, "namespace": self.ns, "creationTimestamp": ts(self.created), "labels": self.labels,
                         "annotations": {"meta.helm.sh/release-name": self.release, "meta.helm.sh/release-namespace": self.ns}},
            "spec": {
                "type": "ClusterIP", "clusterIP": cluster_ip, "clusterIPs": [cluster_ip],
                "ports": [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}],
                "selector": self.selector(), "sessionAffinity": "None",
                "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack", "internalTrafficPolicy": "Cluster"
            },
            "status": {"loadBalancer": {}}
        })
    }
}

impl SimDeployment {
    /// The app's Ingress: `<app>.<namespace>.example.com` to its Service's `http` port.
    pub fn ingress(&self) -> Value {
        let app = self.labels["app.kubernetes.io/name"].as_str();
        let host = format!("{app}.{}.example.com", self.ns);
        json!({
            "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": {"name": self.name, "namespace": self.ns, "creationTimestamp": ts(self.created),
                         "labels": self.labels, "generation": 1,
                         "annotations": {"meta.helm.sh/release-name": self.release, "meta.helm.sh/release-namespace": self.ns}},
            "spec": {
                "ingressClassName": "nginx",
                "rules": [{"host": host, "http": {"paths": [{"path": "/", "pathType": "Prefix",
                    "backend": {"service": {"name": self.name, "port": {"name": "http"}}}}]}}]
            },
            "status": {"loadBalancer": {"ingress": [{"ip": "192.0.2.10"}]}}
        })
    }
}

pub fn namespace(name: &str, team: Option<&str>, stage: Option<&str>, created: Timestamp) -> Value {
    let mut labels = json!({"kubernetes.io/metadata.name": name});
    if let (Some(t), Some(s)) = (team, stage) {
        labels["team"] = t.into();
        labels["stage"] = s.into();
    }
    json!({
        "apiVersion": "v1", "kind": "Namespace",
        "metadata": {"name": name, "creationTimestamp": ts(created), "labels": labels},
        "spec": {"finalizers": ["kubernetes"]},
        "status": {"phase": "Active"}
    })
}

#[derive(Debug, Clone)]
pub struct SimNode {
    pub name: String,
    pub ip: String,
    pub created: Timestamp,
    pub pool: &'static str,
    pub pod_cidr: String,
}

impl SimNode {
    pub fn to_json(&self) -> Value {
        let hb = ts(self.created);
        let cond = |t: &str, status: &str, reason: &str, msg: &str| json!({"type": t, "status": status, "reason": reason, "message": msg, "lastHeartbeatTime": hb, "lastTransitionTime": hb});
        let mut labels = json!({
            "kubernetes.io/hostname": self.name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
            "node.kubernetes.io/instance-type": "m6i.2xlarge", "pool": self.pool,
        });
        if self.pool == "system" {
            labels["node-role.kubernetes.io/control-plane"] = "".into();
        } else {
            labels["node-role.kubernetes.io/worker"] = "".into();
        }
        json!({
            "apiVersion": "v1", "kind": "Node",
            "metadata": {"name": self.name, "creationTimestamp": ts(self.created), "labels": labels},
            "spec": {"podCIDR": self.pod_cidr, "podCIDRs": [self.pod_cidr], "providerID": format!("sim://{}", self.name)},
            "status": {
                "capacity": {"cpu": "8", "memory": "32574424Ki", "pods": "110", "ephemeral-storage": "101430960Ki"},
                "allocatable": {"cpu": "7910m", "memory": "31423448Ki", "pods": "110", "ephemeral-storage": "93478772582"},
                "conditions": [
                    cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                    cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                    cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                    cond("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
                ],
                "addresses": [{"type": "InternalIP", "address": self.ip}, {"type": "Hostname", "address": self.name}],
                "nodeInfo": {
                    "machineID": format!("{:032x}", self.name.len() as u128 * 0x1234_5678_9abc_def1),
                    "systemUUID": "ec2b7a4e-1c0a-4f0b-9d7e-000000000000",
                    "bootID": "8c1c5b1e-3c2f-4f4f-8a57-000000000000",
                    "kernelVersion": "6.8.0-1021-aws", "osImage": "Ubuntu 24.04.1 LTS",
                    "containerRuntimeVersion": "containerd://2.0.5", "kubeletVersion": "v1.33.2",
                    "kubeProxyVersion": "v1.33.2", "operatingSystem": "linux", "architecture": "amd64"
                }
            }
        })
    }
}
