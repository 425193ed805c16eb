//! The compact record the cockpit keeps per pod: only what its views show, built from the API
//! object by the watch task so that the app never holds `managedFields` or specs, and with
//! every string sanitised there (a container's waiting message is anyone's text).

use jiff::Timestamp;
use k8s_openapi::api::core::v1::{ContainerStatus, Pod};

use super::health::Health;
use super::pod_status::pod_summary;
use crate::text::sanitize::{word, Sanitize};

/// The last time a container died, as `kubectl describe` shows it under "Last State".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastTermination {
    pub container: String,
    pub reason: String,
    pub exit_code: i32,
    pub finished_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodRow {
    pub namespace: String,
    pub name: String,
    pub ready: u32,
    pub total: u32,
    /// Exactly kubectl's STATUS text.
    pub status: String,
    pub restarts: i64,
    pub last_restart: Option<Timestamp>,
    pub created: Option<Timestamp>,
    pub node: Option<String>,
    pub health: Health,
    /// The `app.kubernetes.io/instance` label: the Helm release that made it.
    pub instance: Option<String>,
    /// The ReplicaSet (or other controller) that owns it.
    pub owner: Option<String>,
    /// The waiting message of the container that decides STATUS, e.g. the image pull error.
    pub message: Option<String>,
    pub last_termination: Option<LastTermination>,
    /// Container names, app containers first: the log view's choices.
    pub containers: Vec<String>,
    /// The PersistentVolumeClaims its volumes mount (the storage screen).
    pub claims: Vec<String>,
    /// The `kubectl.kubernetes.io/default-container` annotation: where `s` opens a shell.
    pub default_container: Option<String>,
    /// The ports the app containers declare: what `shift-f` offers to forward.
    pub ports: Vec<PodPort>,
}

/// A container port a pod declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodPort {
    pub container: String,
    /// Its name (`http`), empty when it has none.
    pub name: String,
    pub port: u16,
    pub protocol: String,
}

impl Sanitize for PodPort {
    fn sanitize(self) -> Self {
        PodPort {
            container: self.container.sanitize(),
            name: self.name.sanitize(),
            port: self.port,
            protocol: word(self.protocol),
        }
    }
}

impl Sanitize for LastTermination {
    fn sanitize(self) -> Self {
        let LastTermination {
            container,
            reason,
            exit_code,
            finished_at,
        } = self;
        LastTermination {
            container: container.sanitize(),
            reason: word(reason),
            exit_code,
            finished_at,
        }
    }
}

impl Sanitize for PodRow {
    fn sanitize(self) -> Self {
        let PodRow {
            namespace,
            name,
            ready,
            total,
            status,
            restarts,
            last_restart,
            created,
            node,
            health,
            instance,
            owner,
            message,
            last_termination,
            containers,
            claims,
            default_container,
            ports,
        } = self;
        PodRow {
            namespace: namespace.sanitize(),
            name: name.sanitize(),
            ready,
            total,
            status: word(status),
            restarts,
            last_restart,
            created,
            node: node.map(word),
            health,
            instance: instance.sanitize(),
            owner: owner.sanitize(),
            message: message.sanitize(),
            last_termination: last_termination.sanitize(),
            containers: containers.sanitize(),
            claims: claims.sanitize(),
            default_container: default_container.sanitize(),
            ports: ports.into_iter().map(Sanitize::sanitize).collect(),
        }
    }
}

impl PodRow {
    /// The row of a pod, every string sanitised.
    pub fn from_pod(pod: &Pod) -> PodRow {
        let s = pod_summary(pod);
        let meta = &pod.metadata;
        let status = pod.status.as_ref();
        let statuses: &[ContainerStatus] = status
            .and_then(|s| s.container_statuses.as_deref())
            .unwrap_or(&[]);
        let mut message = statuses.iter().find_map(|cs| {
            let w = cs.state.as_ref()?.waiting.as_ref()?;
            w.message.clone().filter(|m| !m.is_empty())
        });
        if message.is_none() {
            // An unschedulable pod says why in its PodScheduled condition.
            message = status
                .and_then(|s| s.conditions.as_ref())
                .and_then(|cs| {
                    cs.iter()
                        .find(|c| c.type_ == "PodScheduled" && c.status == "False")
                })
                .and_then(|c| c.message.clone());
        }
        if message.is_none() {
            message = status.and_then(|s| s.message.clone());
        }
        let last_termination = statuses
            .iter()
            .filter_map(|cs| {
                let t = cs.last_state.as_ref()?.terminated.as_ref()?;
                Some(LastTermination {
                    container: cs.name.clone(),
                    reason: t.reason.clone().unwrap_or_default(),
                    exit_code: t.exit_code,
                    finished_at: t.finished_at.as_ref().map(|t| t.0),
                })
            })
            .max_by_key(|t| t.finished_at);
        let containers = pod
            .spec
            .as_ref()
            .map(|s| {
                s.containers
                    .iter()
                    .chain(s.init_containers.iter().flatten())
                    .map(|c| c.name.clone())
                    .collect()
            })
            .unwrap_or_default();
        PodRow {
            namespace: meta.namespace.clone().unwrap_or_default(),
            name: meta.name.clone().unwrap_or_default(),
            health: Health::classify(&s.status, s.ready, s.total),
            ready: s.ready,
            total: s.total,
            status: s.status,
            restarts: s.restarts,
            last_restart: s.last_restart,
            created: meta.creation_timestamp.as_ref().map(|t| t.0),
            node: pod.spec.as_ref().and_then(|s| s.node_name.clone()),
            instance: meta
                .labels
                .as_ref()
                .and_then(|l| l.get("app.kubernetes.io/instance").cloned()),
            owner: meta
                .owner_references
                .as_ref()
                .and_then(|o| o.iter().find(|o| o.controller == Some(true)).or(o.first()))
                .map(|o| o.name.clone()),
            message,
            last_termination,
            containers,
            claims: pod
                .spec
                .iter()
                .flat_map(|s| s.volumes.iter().flatten())
                .filter_map(|v| v.persistent_volume_claim.as_ref())
                .map(|c| c.claim_name.clone())
                .collect(),
            default_container: meta
                .annotations
                .as_ref()
                .and_then(|a| a.get("kubectl.kubernetes.io/default-container").cloned()),
            ports: declared_ports(pod),
        }
        .sanitize()
    }

    /// The container a shell opens in: the one named, if the pod has it; else the default
    /// container the pod's annotation names; else its first app container.
    pub fn shell_container(&self, wanted: Option<&str>) -> Option<String> {
        let has = |c: &str| self.containers.iter().any(|x| x == c);
        wanted
            .filter(|c| has(c))
            .or(self.default_container.as_deref().filter(|c| has(c)))
            .or(self.containers.first().map(String::as_str))
            .map(str::to_string)
    }

    pub fn ready_text(&self) -> String {
        format!("{}/{}", self.ready, self.total)
    }

    /// The RESTARTS column as kubectl prints it, e.g. `5 (3m12s ago)`.
    pub fn restarts_text(&self, now: Timestamp) -> String {
        match self.last_restart {
            Some(t) if self.restarts != 0 => format!(
                "{} ({} ago)",
                self.restarts,
                super::human_duration::age_since(Some(t), now)
            ),
            _ => self.restarts.to_string(),
        }
    }

    pub fn age_text(&self, now: Timestamp) -> String {
        super::human_duration::age_since(self.created, now)
    }

    /// When this pod last changed in a way a user would call "a change": its creation (a
    /// rollout, a scale-up). Crash-loop restarts are not changes; they are the symptom.
    pub fn last_change(&self) -> Option<Timestamp> {
        self.created
    }
}

/// The ports the pod's app containers declare, in spec order.
fn declared_ports(pod: &Pod) -> Vec<PodPort> {
    let Some(spec) = pod.spec.as_ref() else {
        return Vec::new();
    };
    spec.containers
        .iter()
        .flat_map(|c| {
            c.ports.iter().flatten().filter_map(move |p| {
                Some(PodPort {
                    container: c.name.clone(),
                    name: p.name.clone().unwrap_or_default(),
                    port: u16::try_from(p.container_port).ok()?,
                    protocol: p.protocol.clone().unwrap_or_else(|| "TCP".into()),
                })
            })
        })
        .collect()
}
