//! A small builder for the fixture's Pods: the few facts a test world needs (containers and
//! their states, owner, node, phase), written out as the Pod JSON the API server returns, so
//! the product's own row builders read them exactly as they read a cluster's.

use jiff::{SignedDuration, Timestamp};
use k8s_openapi::api::core::v1::Pod;
use serde_json::{json, Value};

use super::start;

/// `n` seconds before the fixture's clock.
pub fn secs_ago(n: i64) -> Timestamp {
    start() - SignedDuration::from_secs(n)
}

pub fn mins_ago(n: i64) -> Timestamp {
    secs_ago(n * 60)
}

pub fn hours_ago(n: i64) -> Timestamp {
    secs_ago(n * 3600)
}

pub fn days_ago(n: i64) -> Timestamp {
    secs_ago(n * 86_400)
}

/// A pod's IP, stable for its name (pods on one node share its /24).
pub fn pod_ip(ns: &str, name: &str) -> String {
    let h = name
        .bytes()
        .fold(ns.len(), |h, b| (h * 31 + usize::from(b)) % 251);
    format!("10.42.{}.{}", ns.len(), h + 2)
}

fn ts(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// How a container run ended.
#[derive(Debug, Clone)]
pub struct Term {
    pub exit_code: i32,
    pub reason: &'static str,
    pub started: Timestamp,
    pub finished: Timestamp,
}

impl Term {
    pub fn oom_killed(started: Timestamp, finished: Timestamp) -> Term {
        Term {
            exit_code: 137,
            reason: "OOMKilled",
            started,
            finished,
        }
    }

    pub fn error(exit_code: i32, started: Timestamp, finished: Timestamp) -> Term {
        Term {
            exit_code,
            reason: "Error",
            started,
            finished,
        }
    }

    pub fn completed(started: Timestamp, finished: Timestamp) -> Term {
        Term {
            exit_code: 0,
            reason: "Completed",
            started,
            finished,
        }
    }

    fn to_json(&self) -> Value {
        json!({
            "exitCode": self.exit_code,
            "reason": self.reason,
            "startedAt": ts(self.started),
            "finishedAt": ts(self.finished),
            "containerID": format!("containerd://{:x}", self.started.as_second()),
        })
    }
}

#[derive(Debug, Clone)]
enum State {
    Running(Timestamp),
    Waiting {
        reason: String,
        message: Option<String>,
    },
    Terminated(Term),
    /// No status at all: the kubelet lost track of it (an evicted pod's containers).
    Unknown,
}

/// One container of a fixture pod and its status.
#[derive(Debug, Clone)]
pub struct Ctr {
    name: String,
    image: String,
    state: State,
    ready: bool,
    restarts: i32,
    last: Option<Term>,
    http_probes: bool,
    memory_limit: &'static str,
}

impl Ctr {
    /// A container running and ready since `since`.
    pub fn running(name: &str, image: &str, since: Timestamp) -> Ctr {
        Ctr {
            name: name.into(),
            image: image.into(),
            state: State::Running(since),
            ready: true,
            restarts: 0,
            last: None,
            http_probes: false,
            memory_limit: "512Mi",
        }
    }

    pub fn waiting(name: &str, image: &str, reason: &str, message: Option<&str>) -> Ctr {
        Ctr {
            state: State::Waiting {
                reason: reason.into(),
                message: message.map(Into::into),
            },
            ready: false,
            ..Ctr::running(name, image, start())
        }
    }

    pub fn terminated(name: &str, image: &str, term: Term) -> Ctr {
        Ctr {
            state: State::Terminated(term),
            ready: false,
            ..Ctr::running(name, image, start())
        }
    }

    /// Its status was lost with its node (`ContainerStatusUnknown`).
    pub fn unknown(name: &str, image: &str) -> Ctr {
        Ctr {
            state: State::Unknown,
            ready: false,
            ..Ctr::running(name, image, start())
        }
    }

    /// Crash-looping: waiting out the back-off after `restarts` restarts, the last one `last`.
    pub fn crash_loop(name: &str, image: &str, pod: &str, restarts: i32, last: Term) -> Ctr {
        let message = format!("back-off 5m0s restarting failed container={name} pod={pod}");
        Ctr {
            restarts,
            last: Some(last),
            ..Ctr::waiting(name, image, "CrashLoopBackOff", Some(&message))
        }
    }

    /// Restarted `restarts` times before, the last run ending as `last`.
    pub fn restarted(mut self, restarts: i32, last: Term) -> Ctr {
        self.restarts = restarts;
        self.last = Some(last);
        self
    }

    /// Running but failing its readiness probe.
    pub fn not_ready(mut self) -> Ctr {
        self.ready = false;
        self
    }

    /// Has HTTP liveness and readiness probes on port `http`.
    pub fn probed(mut self) -> Ctr {
        self.http_probes = true;
        self
    }

    pub fn memory_limit(mut self, limit: &'static str) -> Ctr {
        self.memory_limit = limit;
        self
    }

    fn spec_json(&self) -> Value {
        let mut c = json!({
            "name": self.name,
            "image": self.image,
            "imagePullPolicy": "IfNotPresent",
            "resources": {
                "limits": {"memory": self.memory_limit},
                "requests": {"cpu": "100m", "memory": self.memory_limit},
            },
        });
        if self.http_probes {
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
        c
    }

    fn status_json(&self) -> Value {
        let state = match &self.state {
            State::Running(t) => json!({"running": {"startedAt": ts(*t)}}),
            State::Waiting { reason, message } => {
                let mut w = json!({"reason": reason});
                if let Some(m) = message {
                    w["message"] = m.clone().into();
                }
                json!({"waiting": w})
            }
            State::Terminated(t) => json!({"terminated": t.to_json()}),
            State::Unknown => json!({"terminated": {
                "exitCode": 137,
                "reason": "ContainerStatusUnknown",
                "message": "The container could not be located when the pod was terminated",
            }}),
        };
        json!({
            "name": self.name,
            "image": self.image,
            "imageID": "",
            "ready": self.ready,
            "started": matches!(self.state, State::Running(_)),
            "restartCount": self.restarts,
            "state": state,
            "lastState": self.last.as_ref().map_or(json!({}), |t| json!({"terminated": t.to_json()})),
        })
    }
}

/// What owns a pod: a Deployment's ReplicaSet, or a Job.
#[derive(Debug, Clone)]
pub enum Owner {
    ReplicaSet { deployment: String, hash: String },
    Job(String),
}

/// A fixture pod, built up and then turned into a [`Pod`].
#[derive(Debug, Clone)]
pub struct PodB {
    ns: String,
    name: String,
    app: String,
    owner: Option<Owner>,
    created: Timestamp,
    node: Option<String>,
    init: Vec<Ctr>,
    containers: Vec<Ctr>,
    phase: &'static str,
    reason: Option<String>,
    message: Option<String>,
    unschedulable: Option<String>,
    deleting: Option<Timestamp>,
    finalizers: Vec<String>,
    restart_policy: &'static str,
    statuses_lost: bool,
}

impl PodB {
    /// A pod of Deployment `app` (also the Helm release that made it), from its ReplicaSet
    /// `<app>-<hash>`, named `<app>-<hash>-<suffix>`.
    pub fn deployment(ns: &str, app: &str, hash: &str, suffix: &str) -> PodB {
        PodB {
            ns: ns.into(),
            name: format!("{app}-{hash}-{suffix}"),
            app: app.into(),
            owner: Some(Owner::ReplicaSet {
                deployment: app.into(),
                hash: hash.into(),
            }),
            created: start(),
            node: None,
            init: Vec::new(),
            containers: Vec::new(),
            phase: "Running",
            reason: None,
            message: None,
            unschedulable: None,
            deleting: None,
            finalizers: Vec::new(),
            restart_policy: "Always",
            statuses_lost: false,
        }
    }

    /// A pod of Job `job` (of release `app`), named `<job>-<suffix>`.
    pub fn job(ns: &str, app: &str, job: &str, suffix: &str) -> PodB {
        PodB {
            name: format!("{job}-{suffix}"),
            owner: Some(Owner::Job(job.into())),
            restart_policy: "Never",
            ..PodB::deployment(ns, app, "", "")
        }
    }

    pub fn created(mut self, t: Timestamp) -> PodB {
        self.created = t;
        self
    }

    pub fn node(mut self, node: &str) -> PodB {
        self.node = Some(node.into());
        self
    }

    pub fn init(mut self, c: Ctr) -> PodB {
        self.init.push(c);
        self
    }

    pub fn container(mut self, c: Ctr) -> PodB {
        self.containers.push(c);
        self
    }

    pub fn phase(mut self, phase: &'static str) -> PodB {
        self.phase = phase;
        self
    }

    /// The pod's own `status.reason` and `status.message` (an eviction says why there).
    pub fn status_reason(mut self, reason: &str, message: &str) -> PodB {
        self.reason = Some(reason.into());
        self.message = Some(message.into());
        self
    }

    /// Not scheduled: no node, no container statuses, the scheduler's `message`.
    pub fn unschedulable(mut self, message: &str) -> PodB {
        self.unschedulable = Some(message.into());
        self.phase = "Pending";
        self
    }

    pub fn deleting(mut self, since: Timestamp, finalizer: &str) -> PodB {
        self.deleting = Some(since);
        self.finalizers.push(finalizer.into());
        self
    }

    /// The kubelet never reported its containers (evicted before they started).
    pub fn statuses_lost(mut self) -> PodB {
        self.statuses_lost = true;
        self
    }

    pub fn owner(&self) -> Option<&Owner> {
        self.owner.as_ref()
    }

    fn conditions(&self) -> Value {
        let created = ts(self.created);
        if let Some(msg) = &self.unschedulable {
            return json!([{
                "type": "PodScheduled", "status": "False", "reason": "Unschedulable",
                "message": msg, "lastProbeTime": null, "lastTransitionTime": created
            }]);
        }
        let b = |x: bool| if x { "True" } else { "False" };
        let initialized = self
            .init
            .iter()
            .all(|c| matches!(&c.state, State::Terminated(t) if t.exit_code == 0));
        let ready = initialized && self.containers.iter().all(|c| c.ready);
        let finished = matches!(self.phase, "Succeeded" | "Failed");
        let mut ready_c = json!({"type": "Ready", "status": b(ready), "lastProbeTime": null, "lastTransitionTime": created});
        if !ready {
            let unready: Vec<&str> = self
                .containers
                .iter()
                .filter(|c| !c.ready)
                .map(|c| c.name.as_str())
                .collect();
            ready_c["reason"] = if finished {
                "PodCompleted"
            } else {
                "ContainersNotReady"
            }
            .into();
            if !finished {
                ready_c["message"] =
                    format!("containers with unready status: [{}]", unready.join(" ")).into();
            }
        }
        json!([
            {"type": "Initialized", "status": b(initialized), "lastProbeTime": null, "lastTransitionTime": created},
            ready_c,
            {"type": "PodScheduled", "status": "True", "lastProbeTime": null, "lastTransitionTime": created},
        ])
    }

    pub fn build(&self) -> Pod {
        let mut labels = json!({
            "app.kubernetes.io/name": self.app,
            "app.kubernetes.io/instance": self.app,
        });
        let mut meta = json!({
            "name": self.name,
            "namespace": self.ns,
            "uid": format!("{}-{}", self.ns, self.name),
            "creationTimestamp": ts(self.created),
        });
        match &self.owner {
            Some(Owner::ReplicaSet { deployment, hash }) => {
                labels["pod-template-hash"] = hash.clone().into();
                meta["ownerReferences"] = json!([{
                    "apiVersion": "apps/v1", "kind": "ReplicaSet",
                    "name": format!("{deployment}-{hash}"), "uid": format!("rs-{deployment}-{hash}"),
                    "controller": true, "blockOwnerDeletion": true
                }]);
            }
            Some(Owner::Job(job)) => {
                labels["job-name"] = job.clone().into();
                meta["ownerReferences"] = json!([{
                    "apiVersion": "batch/v1", "kind": "Job", "name": job, "uid": format!("job-{job}"),
                    "controller": true, "blockOwnerDeletion": true
                }]);
            }
            None => {}
        }
        meta["labels"] = labels;
        if let Some(d) = self.deleting {
            meta["deletionTimestamp"] = ts(d).into();
            meta["deletionGracePeriodSeconds"] = 30.into();
            meta["finalizers"] = json!(self.finalizers);
        }
        let mut spec = json!({
            "containers": self.containers.iter().map(Ctr::spec_json).collect::<Vec<_>>(),
            "restartPolicy": self.restart_policy,
            "serviceAccountName": "default",
        });
        if !self.init.is_empty() {
            spec["initContainers"] = self.init.iter().map(Ctr::spec_json).collect();
        }
        if let Some(n) = &self.node {
            spec["nodeName"] = n.clone().into();
        }
        let mut status = json!({
            "phase": self.phase,
            "conditions": self.conditions(),
            "qosClass": "Burstable",
        });
        if self.unschedulable.is_none() && !self.statuses_lost {
            status["containerStatuses"] = self.containers.iter().map(Ctr::status_json).collect();
            if !self.init.is_empty() {
                status["initContainerStatuses"] = self.init.iter().map(Ctr::status_json).collect();
            }
            status["startTime"] = ts(self.created).into();
            status["podIP"] = pod_ip(&self.ns, &self.name).into();
        }
        if let Some(r) = &self.reason {
            status["reason"] = r.clone().into();
        }
        if let Some(m) = &self.message {
            status["message"] = m.clone().into();
        }
        serde_json::from_value(json!({
            "apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec, "status": status
        }))
        .expect("a fixture Pod")
    }
}
