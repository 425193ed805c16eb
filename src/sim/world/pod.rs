//! The world's model of a pod and how it renders to the Pod JSON the API serves.

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};
use serde_json::{json, Value};

use super::catalog::Behaviour;
use super::logs::{Ending, Instance, Lang};

#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub exit_code: i32,
    pub reason: String,
    pub started: Timestamp,
    pub finished: Timestamp,
    pub container_id: String,
}

impl Term {
    pub fn ending(&self) -> Ending {
        match (self.reason.as_str(), self.exit_code) {
            ("OOMKilled", _) => Ending::OomKilled,
            (_, 0) => Ending::Completed,
            _ => Ending::Error,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum CState {
    Waiting {
        reason: String,
        message: Option<String>,
    },
    Running {
        started: Timestamp,
    },
    Terminated(Term),
}

#[derive(Debug, Clone)]
pub struct SimContainer {
    pub name: String,
    pub image: String,
    pub lang: Lang,
    pub app: String,
    pub restarts: i32,
    pub state: CState,
    pub last: Option<Term>,
    pub ready: bool,
    /// Counts the runs of this container: the log seed of each run.
    pub instance: u32,
    /// When and how the current run will end, decided when it starts.
    pub planned_end: Option<(Timestamp, Ending)>,
    pub memory_limit: String,
    pub memory_request: String,
    pub cpu_request: String,
    pub probes: bool,
    pub env_secret: Option<String>,
    /// Bytes a second the container writes to its log (`demo serve --log-rate`), numbered
    /// lines instead of the app's own; None for the app's usual log.
    pub log_rate: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct Owner {
    pub kind: &'static str,
    pub api_version: &'static str,
    pub name: String,
    pub uid: String,
}

#[derive(Debug, Clone)]
pub struct SimPod {
    pub ns: String,
    pub name: String,
    pub uid: String,
    pub labels: BTreeMap<String, String>,
    pub owner: Option<Owner>,
    pub node: Option<String>,
    pub ip: Option<String>,
    pub host_ip: Option<String>,
    pub created: Timestamp,
    pub started: Option<Timestamp>,
    pub behaviour: Behaviour,
    pub restart_policy: &'static str,
    pub containers: Vec<SimContainer>,
    pub phase: &'static str,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub unschedulable: Option<String>,
    pub deletion: Option<Timestamp>,
    pub finalizers: Vec<String>,
    pub seed: u64,
    pub service_account: String,
}

fn ts(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn term_json(t: &Term) -> Value {
    json!({
        "exitCode": t.exit_code,
        "reason": t.reason,
        "startedAt": ts(t.started),
        "finishedAt": ts(t.finished),
        "containerID": t.container_id,
    })
}

impl SimContainer {
    fn state_json(&self) -> Value {
        match &self.state {
            CState::Waiting { reason, message } => {
                let mut w = json!({"reason": reason});
                if let Some(m) = message {
                    w["message"] = m.clone().into();
                }
                json!({"waiting": w})
            }
            CState::Running { started } => json!({"running": {"startedAt": ts(*started)}}),
            CState::Terminated(t) => json!({"terminated": term_json(t)}),
        }
    }

    pub fn container_id(&self, pod_seed: u64, instance: u32) -> String {
        format!(
            "containerd://{:016x}{:016x}{:016x}{:016x}",
            pod_seed,
            pod_seed.rotate_left(17) ^ instance as u64,
            pod_seed.rotate_left(31) ^ self.name.len() as u64,
            pod_seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ instance as u64
        )
    }

    fn status_json(&self, pod_seed: u64) -> Value {
        let started = matches!(self.state, CState::Running { .. });
        let mut s = json!({
            "name": self.name,
            "image": self.image,
            "imageID": if matches!(&self.state, CState::Waiting { reason, .. } if reason.contains("Image") || reason == "ErrImagePull") {
                String::new()
            } else {
                format!("{}@sha256:{:016x}{:016x}{:016x}{:016x}", self.image.split(':').next().unwrap_or_default(), pod_seed, pod_seed ^ 1, pod_seed ^ 2, pod_seed ^ 3)
            },
            "ready": self.ready,
            "started": started,
            "restartCount": self.restarts,
            "state": self.state_json(),
            "lastState": self.last.as_ref().map_or(json!({}), |t| json!({"terminated": term_json(t)})),
        });
        match &self.state {
            CState::Running { .. } | CState::Terminated(_) => {
                s["containerID"] = self.container_id(pod_seed, self.instance).into();
            }
            CState::Waiting { .. } => {}
        }
        s
    }

    fn spec_json(&self) -> Value {
        let mut c = json!({
            "name": self.name,
            "image": self.image,
            "imagePullPolicy": "IfNotPresent",
            "resources": {
                "limits": {"memory": self.memory_limit},
                "requests": {"cpu": self.cpu_request, "memory": self.memory_request},
            },
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
            "volumeMounts": [{"name": "kube-api-access", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": true}],
        });
        if self.probes {
            c["ports"] = json!([{"name": "http", "containerPort": 8080, "protocol": "TCP"}]);
            c["readinessProbe"] = json!({
                "httpGet": {"path": "/healthz/ready", "port": "http", "scheme": "HTTP"},
                "initialDelaySeconds": 5, "periodSeconds": 10, "timeoutSeconds": 1,
                "successThreshold": 1, "failureThreshold": 3
            });
            c["livenessProbe"] = json!({
                "httpGet": {"path": "/healthz/live", "port": "http", "scheme": "HTTP"},
                "initialDelaySeconds": 30, "periodSeconds": 10, "timeoutSeconds": 1,
                "successThreshold": 1, "failureThreshold": 3
            });
        }
        if let Some(secret) = &self.env_secret {
            c["envFrom"] = json!([{"secretRef": {"name": secret}}]);
        }
        c
    }

    /// The log of the current run, or of the previous one.
    pub fn instance(&self, pod_seed: u64, previous: bool) -> Option<Instance> {
        let seed = |n: u32| pod_seed ^ ((n as u64) << 32) ^ self.name.len() as u64;
        if previous {
            let t = self.last.as_ref()?;
            return Some(Instance {
                app: self.app.clone(),
                lang: self.lang,
                seed: seed(self.instance.saturating_sub(1)),
                start: t.started,
                end: Some((t.finished, t.ending())),
                rate: self.log_rate,
            });
        }
        match &self.state {
            CState::Running { started } => Some(Instance {
                app: self.app.clone(),
                lang: self.lang,
                seed: seed(self.instance),
                start: *started,
                end: self.planned_end,
                rate: self.log_rate,
            }),
            CState::Terminated(t) => Some(Instance {
                app: self.app.clone(),
                lang: self.lang,
                seed: seed(self.instance),
                start: t.started,
                end: Some((t.finished, t.ending())),
                rate: self.log_rate,
            }),
            CState::Waiting { .. } => None,
        }
    }
}

impl SimPod {
    pub fn all_ready(&self) -> bool {
        self.containers.iter().all(|c| c.ready)
    }

    pub fn key(&self) -> (String, String) {
        (self.ns.clone(), self.name.clone())
    }

    fn conditions(&self) -> Value {
        let created = ts(self.created);
        let since = ts(self.started.unwrap_or(self.created));
        if let Some(msg) = &self.unschedulable {
            return json!([{
                "type": "PodScheduled", "status": "False", "reason": "Unschedulable",
                "message": msg, "lastProbeTime": null, "lastTransitionTime": created
            }]);
        }
        let b = |x: bool| if x { "True" } else { "False" };
        let ready = self.all_ready();
        let succeeded = self.phase == "Succeeded" || self.phase == "Failed";
        let mut cs = vec![
            json!({"type": "PodReadyToStartContainers", "status": b(self.started.is_some()), "lastProbeTime": null, "lastTransitionTime": since}),
            json!({"type": "Initialized", "status": "True", "lastProbeTime": null, "lastTransitionTime": created}),
        ];
        let mut ready_c = json!({"type": "Ready", "status": b(ready), "lastProbeTime": null, "lastTransitionTime": since});
        let mut cready_c = json!({"type": "ContainersReady", "status": b(ready), "lastProbeTime": null, "lastTransitionTime": since});
        if !ready {
            let reason = if succeeded {
                "PodCompleted"
            } else {
                "ContainersNotReady"
            };
            let not_ready: Vec<&str> = self
                .containers
                .iter()
                .filter(|c| !c.ready)
                .map(|c| c.name.as_str())
                .collect();
            let msg = if succeeded {
                String::new()
            } else {
                format!("containers with unready status: [{}]", not_ready.join(" "))
            };
            for c in [&mut ready_c, &mut cready_c] {
                c["reason"] = reason.into();
                if !msg.is_empty() {
                    c["message"] = msg.clone().into();
                }
            }
        }
        cs.push(ready_c);
        cs.push(cready_c);
        cs.push(json!({"type": "PodScheduled", "status": "True", "lastProbeTime": null, "lastTransitionTime": created}));
        Value::Array(cs)
    }

    pub fn to_json(&self) -> Value {
        let mut meta = json!({
            "name": self.name,
            "namespace": self.ns,
            "uid": self.uid,
            "creationTimestamp": ts(self.created),
            "labels": self.labels,
        });
        if let Some(o) = &self.owner {
            meta["ownerReferences"] = json!([{
                "apiVersion": o.api_version, "kind": o.kind, "name": o.name, "uid": o.uid,
                "controller": true, "blockOwnerDeletion": true
            }]);
            if o.kind == "ReplicaSet" {
                meta["generateName"] = format!("{}-", o.name).into();
            }
        }
        if let Some(d) = self.deletion {
            meta["deletionTimestamp"] = ts(d).into();
            meta["deletionGracePeriodSeconds"] = 30.into();
        }
        if !self.finalizers.is_empty() {
            meta["finalizers"] = json!(self.finalizers);
        }
        let mut spec = json!({
            "containers": self.containers.iter().map(SimContainer::spec_json).collect::<Vec<_>>(),
            "restartPolicy": self.restart_policy,
            "terminationGracePeriodSeconds": 30,
            "dnsPolicy": "ClusterFirst",
            "serviceAccountName": self.service_account,
            "serviceAccount": self.service_account,
            "securityContext": {},
            "schedulerName": "default-scheduler",
            "enableServiceLinks": true,
            "preemptionPolicy": "PreemptLowerPriority",
            "priority": 0,
            "tolerations": [
                {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
                {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
            ],
            "volumes": [{"name": "kube-api-access", "projected": {"defaultMode": 420, "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}}
            ]}}],
        });
        if let Some(n) = &self.node {
            spec["nodeName"] = n.clone().into();
        }
        let mut status = json!({
            "phase": self.phase,
            "conditions": self.conditions(),
            "qosClass": "Burstable",
        });
        if self.unschedulable.is_none() {
            status["containerStatuses"] = self
                .containers
                .iter()
                .map(|c| c.status_json(self.seed))
                .collect::<Vec<_>>()
                .into();
            if let Some(st) = self.started {
                status["startTime"] = ts(st).into();
            }
        }
        if let Some(ip) = &self.ip {
            status["podIP"] = ip.clone().into();
            status["podIPs"] = json!([{"ip": ip}]);
        }
        if let Some(ip) = &self.host_ip {
            status["hostIP"] = ip.clone().into();
            status["hostIPs"] = json!([{"ip": ip}]);
        }
        if let Some(r) = &self.reason {
            status["reason"] = r.clone().into();
        }
        if let Some(m) = &self.message {
            status["message"] = m.clone().into();
        }
        json!({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec, "status": status})
    }
}

/// A short random-looking suffix as the ReplicaSet controller makes (`bcdfghjklmnpqrstvwxz2456789`).
pub fn suffix(seed: u64, len: usize) -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut x = seed;
    (0..len)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ALPHABET[((x >> 33) % ALPHABET.len() as u64) as usize] as char
        })
        .collect()
}

pub fn secs(n: i64) -> SignedDuration {
    SignedDuration::from_secs(n)
}
