//! What the pod detail view shows, built from the full Pod (fetched only while the view is
//! open): containers with state, last state, restarts, image and probes; conditions; owners.
//! Every string is sanitised here, once.

use jiff::Timestamp;
use k8s_openapi::api::core::v1::{Container, ContainerState, ContainerStatus, Pod, Probe};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::pod_row::PodRow;
use crate::text::sanitize::{word, Sanitize};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerStateRow {
    /// `Running`, `Waiting` or `Terminated`.
    pub state: String,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub exit_code: Option<i32>,
    pub started_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerDetail {
    pub name: String,
    pub init: bool,
    pub image: String,
    pub ready: bool,
    pub restarts: i32,
    pub state: Option<ContainerStateRow>,
    pub last_state: Option<ContainerStateRow>,
    /// `liveness: http-get :8080/healthz delay=10s period=10s #failure=3`, as describe prints.
    pub probes: Vec<String>,
    pub limits: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionRow {
    pub type_: String,
    pub status: String,
    pub reason: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerRef {
    pub kind: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodDetail {
    pub row: PodRow,
    pub phase: String,
    pub ip: Option<String>,
    pub qos: Option<String>,
    pub containers: Vec<ContainerDetail>,
    pub conditions: Vec<ConditionRow>,
    /// Nearest first: the pod's controller, then its controller (ReplicaSet → Deployment).
    pub owners: Vec<OwnerRef>,
    /// The pod's own `status.reason` and `status.message`: an eviction says why here.
    pub reason: Option<String>,
    pub message: Option<String>,
    /// When deletion was asked for; with finalizers left the pod stays Terminating.
    pub deleting: Option<Timestamp>,
    pub finalizers: Vec<String>,
}

/// The controller among an object's owners (the first owner if none is marked controller).
pub fn controller_of(meta: &ObjectMeta) -> Option<OwnerRef> {
    let owners = meta.owner_references.as_deref()?;
    owners
        .iter()
        .find(|o| o.controller == Some(true))
        .or(owners.first())
        .map(|o| OwnerRef {
            kind: o.kind.clone().sanitize(),
            name: o.name.clone().sanitize(),
        })
}

impl Sanitize for ContainerStateRow {
    fn sanitize(self) -> Self {
        let ContainerStateRow {
            state,
            reason,
            message,
            exit_code,
            started_at,
            finished_at,
        } = self;
        ContainerStateRow {
            state: word(state),
            reason: reason.map(word),
            message: message.sanitize(),
            exit_code,
            started_at,
            finished_at,
        }
    }
}

impl Sanitize for ContainerDetail {
    fn sanitize(self) -> Self {
        let ContainerDetail {
            name,
            init,
            image,
            ready,
            restarts,
            state,
            last_state,
            probes,
            limits,
        } = self;
        ContainerDetail {
            name: name.sanitize(),
            init,
            image: image.sanitize(),
            ready,
            restarts,
            state: state.sanitize(),
            last_state: last_state.sanitize(),
            probes: probes.sanitize(),
            limits: limits.sanitize(),
        }
    }
}

impl Sanitize for ConditionRow {
    fn sanitize(self) -> Self {
        let ConditionRow {
            type_,
            status,
            reason,
            message,
        } = self;
        ConditionRow {
            type_: type_.sanitize(),
            status: status.sanitize(),
            reason: reason.map(word),
            message: message.sanitize(),
        }
    }
}

impl Sanitize for PodDetail {
    /// The row is clean already ([`PodRow::from_pod`]); owners are cleaned by [`controller_of`].
    fn sanitize(self) -> Self {
        let PodDetail {
            row,
            phase,
            ip,
            qos,
            containers,
            conditions,
            owners,
            reason,
            message,
            deleting,
            finalizers,
        } = self;
        PodDetail {
            row,
            phase: word(phase),
            ip: ip.sanitize(),
            qos: qos.sanitize(),
            containers: containers.sanitize(),
            conditions: conditions.sanitize(),
            owners,
            reason: reason.map(word),
            message: message.sanitize(),
            deleting,
            finalizers: finalizers.sanitize(),
        }
    }
}

impl PodDetail {
    /// The pod's own part, every string sanitised; the runner appends the owners it looks up
    /// (through [`controller_of`], which sanitises them).
    pub fn from_pod(pod: &Pod) -> PodDetail {
        let spec = pod.spec.as_ref();
        let status = pod.status.as_ref();
        let statuses = |init: bool| -> &[ContainerStatus] {
            status
                .and_then(|s| {
                    if init {
                        s.init_container_statuses.as_deref()
                    } else {
                        s.container_statuses.as_deref()
                    }
                })
                .unwrap_or(&[])
        };
        let mut containers = Vec::new();
        for (init, list) in [
            (
                true,
                spec.and_then(|s| s.init_containers.as_deref())
                    .unwrap_or(&[]),
            ),
            (false, spec.map_or(&[][..], |s| s.containers.as_slice())),
        ] {
            for c in list {
                let cs = statuses(init).iter().find(|cs| cs.name == c.name);
                containers.push(container_detail(c, cs, init));
            }
        }
        PodDetail {
            row: PodRow::from_pod(pod),
            phase: status.and_then(|s| s.phase.clone()).unwrap_or_default(),
            ip: status.and_then(|s| s.pod_ip.clone()),
            qos: status.and_then(|s| s.qos_class.clone()),
            containers,
            conditions: status
                .and_then(|s| s.conditions.as_ref())
                .map(|cs| {
                    cs.iter()
                        .map(|c| ConditionRow {
                            type_: c.type_.clone(),
                            status: c.status.clone(),
                            reason: c.reason.clone(),
                            message: c.message.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            owners: controller_of(&pod.metadata).into_iter().collect(),
            reason: status.and_then(|s| s.reason.clone()),
            message: status.and_then(|s| s.message.clone()),
            deleting: pod.metadata.deletion_timestamp.as_ref().map(|t| t.0),
            finalizers: pod.metadata.finalizers.clone().unwrap_or_default(),
        }
        .sanitize()
    }
}

fn container_detail(c: &Container, cs: Option<&ContainerStatus>, init: bool) -> ContainerDetail {
    let mut probes = Vec::new();
    for (kind, p) in [
        ("liveness", c.liveness_probe.as_ref()),
        ("readiness", c.readiness_probe.as_ref()),
        ("startup", c.startup_probe.as_ref()),
    ] {
        if let Some(p) = p {
            probes.push(format!("{kind}: {}", probe_text(p)));
        }
    }
    let limits = c
        .resources
        .as_ref()
        .and_then(|r| r.limits.as_ref())
        .map(|l| {
            l.iter()
                .map(|(k, v)| format!("{k}={}", v.0))
                .collect::<Vec<_>>()
                .join(" ")
        });
    ContainerDetail {
        name: c.name.clone(),
        init,
        image: c.image.clone().unwrap_or_default(),
        ready: cs.is_some_and(|s| s.ready),
        restarts: cs.map_or(0, |s| s.restart_count),
        state: cs.and_then(|s| s.state.as_ref()).and_then(state_of),
        last_state: cs.and_then(|s| s.last_state.as_ref()).and_then(state_of),
        probes,
        limits,
    }
}

fn state_of(s: &ContainerState) -> Option<ContainerStateRow> {
    if let Some(r) = &s.running {
        return Some(ContainerStateRow {
            state: "Running".into(),
            reason: None,
            message: None,
            exit_code: None,
            started_at: r.started_at.as_ref().map(|t| t.0),
            finished_at: None,
        });
    }
    if let Some(w) = &s.waiting {
        return Some(ContainerStateRow {
            state: "Waiting".into(),
            reason: w.reason.clone(),
            message: w.message.clone(),
            exit_code: None,
            started_at: None,
            finished_at: None,
        });
    }
    s.terminated.as_ref().map(|t| ContainerStateRow {
        state: "Terminated".into(),
        reason: t.reason.clone(),
        message: t.message.clone(),
        exit_code: Some(t.exit_code),
        started_at: t.started_at.as_ref().map(|t| t.0),
        finished_at: t.finished_at.as_ref().map(|t| t.0),
    })
}

/// The probe line `kubectl describe` prints.
fn probe_text(p: &Probe) -> String {
    let how = if let Some(h) = &p.http_get {
        let port = match &h.port {
            k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(i) => i.to_string(),
            k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::String(s) => s.clone(),
        };
        format!(
            "http-get {}://:{}{}",
            h.scheme.as_deref().unwrap_or("HTTP").to_lowercase(),
            port,
            h.path.as_deref().unwrap_or("/")
        )
    } else if let Some(t) = &p.tcp_socket {
        let port = match &t.port {
            k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(i) => i.to_string(),
            k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::String(s) => s.clone(),
        };
        format!("tcp-socket :{port}")
    } else if let Some(e) = &p.exec {
        format!("exec {:?}", e.command.clone().unwrap_or_default())
    } else if p.grpc.is_some() {
        "grpc".to_string()
    } else {
        "unknown".to_string()
    };
    format!(
        "{how} delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds.unwrap_or(0),
        p.timeout_seconds.unwrap_or(1),
        p.period_seconds.unwrap_or(10),
        p.success_threshold.unwrap_or(1),
        p.failure_threshold.unwrap_or(3)
    )
}
