//! The READY / STATUS / RESTARTS columns of `kubectl get pods`, ported from
//! `printPod` in kubernetes `pkg/printers/internalversion/printers.go`.
//!
//! Users compare this view with kubectl side by side, so every quirk is kept:
//! the first failing init container hides everything else, the *first*
//! regular container with a reason wins (the walk runs last to first), and a
//! pod being deleted says `Terminating` unless it already finished.

use jiff::Timestamp;
use k8s_openapi::api::core::v1::{
    Container, ContainerStateTerminated, ContainerStatus, Pod, PodCondition,
};

use super::human_duration::{age_since, GO_ZERO_TIME};

/// What `printPod` derives from a pod, before it is turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodSummary {
    pub ready: u32,
    pub total: u32,
    pub status: String,
    pub restarts: i64,
    /// When the most recent counted restart happened; `None` where kubectl
    /// would hold a zero time and therefore print no "(… ago)" suffix.
    pub last_restart: Option<Timestamp>,
}

impl PodSummary {
    /// The READY column, e.g. `1/2`.
    pub fn ready_text(&self) -> String {
        format!("{}/{}", self.ready, self.total)
    }

    /// The RESTARTS column, e.g. `0` or `5 (3m12s ago)`.
    pub fn restarts_text(&self, now: Timestamp) -> String {
        match self.last_restart {
            Some(t) if self.restarts != 0 => {
                format!("{} ({} ago)", self.restarts, age_since(Some(t), now))
            }
            _ => self.restarts.to_string(),
        }
    }
}

// Well-known strings from k8s.io/api and pkg/util/node.
const POD_SCHEDULED: &str = "PodScheduled";
const POD_INITIALIZED: &str = "Initialized";
const POD_READY: &str = "Ready";
const REASON_SCHEDULING_GATED: &str = "SchedulingGated";
const REASON_POD_INITIALIZING: &str = "PodInitializing";
const NODE_UNREACHABLE_POD_REASON: &str = "NodeLost";

pub fn pod_summary(pod: &Pod) -> PodSummary {
    let spec = pod.spec.as_ref();
    let containers: &[Container] = spec.map_or(&[], |s| s.containers.as_slice());
    let init_containers: &[Container] = spec
        .and_then(|s| s.init_containers.as_deref())
        .unwrap_or(&[]);
    let status = pod.status.as_ref();
    let phase = status.and_then(|s| s.phase.as_deref()).unwrap_or("");
    let pod_reason = status.and_then(|s| s.reason.as_deref()).unwrap_or("");
    let conditions: &[PodCondition] = status.and_then(|s| s.conditions.as_deref()).unwrap_or(&[]);
    let init_statuses: &[ContainerStatus] = status
        .and_then(|s| s.init_container_statuses.as_deref())
        .unwrap_or(&[]);
    let container_statuses: &[ContainerStatus] = status
        .and_then(|s| s.container_statuses.as_deref())
        .unwrap_or(&[]);

    let mut reason = if pod_reason.is_empty() {
        phase
    } else {
        pod_reason
    }
    .to_string();
    if conditions
        .iter()
        .any(|c| c.type_ == POD_SCHEDULED && c.reason.as_deref() == Some(REASON_SCHEDULING_GATED))
    {
        reason = REASON_SCHEDULING_GATED.to_string();
    }

    // Sidecars (restartable init containers) run for the pod's whole life, so
    // they count towards READY like regular containers.
    let sidecar_count = init_containers.iter().filter(|c| is_restartable(c)).count();
    let total = to_u32(containers.len().saturating_add(sidecar_count));

    let mut ready: u32 = 0;
    let mut restarts: i64 = 0;
    let mut last_restart: Option<Timestamp> = None;
    let mut sidecar_restarts: i64 = 0;
    let mut last_sidecar_restart: Option<Timestamp> = None;

    let mut initializing = false;
    for (i, cs) in init_statuses.iter().enumerate() {
        restarts += i64::from(cs.restart_count);
        keep_latest(&mut last_restart, last_finished_at(cs));
        // Statuses can name containers the spec lacks; those are not sidecars.
        let sidecar = init_containers
            .iter()
            .rev() // Go builds a name->container map, so the last duplicate wins.
            .find(|c| c.name == cs.name)
            .is_some_and(is_restartable);
        if sidecar {
            sidecar_restarts += i64::from(cs.restart_count);
            keep_latest(&mut last_sidecar_restart, last_finished_at(cs));
        }

        let state = cs.state.as_ref();
        let terminated = state.and_then(|s| s.terminated.as_ref());
        let waiting_reason = state
            .and_then(|s| s.waiting.as_ref())
            .and_then(|w| w.reason.as_deref())
            .unwrap_or("");

        if terminated.is_some_and(|t| t.exit_code == 0) {
            continue;
        }
        if sidecar && cs.started == Some(true) {
            if cs.ready {
                ready = ready.saturating_add(1);
            }
            continue;
        }
        reason = if let Some(t) = terminated {
            format!("Init:{}", terminated_reason(t))
        } else if !waiting_reason.is_empty() && waiting_reason != REASON_POD_INITIALIZING {
            format!("Init:{waiting_reason}")
        } else {
            format!("Init:{i}/{}", init_containers.len())
        };
        initializing = true;
        break;
    }

    // Once the pod is initialized, init-container restarts are history:
    // only sidecars (still running) keep contributing to RESTARTS.
    if !initializing || is_pod_initialized(conditions) {
        restarts = sidecar_restarts;
        last_restart = last_sidecar_restart;
        let mut has_running = false;
        for cs in container_statuses.iter().rev() {
            restarts += i64::from(cs.restart_count);
            keep_latest(&mut last_restart, last_finished_at(cs));

            let state = cs.state.as_ref();
            let waiting_reason = state
                .and_then(|s| s.waiting.as_ref())
                .and_then(|w| w.reason.as_deref())
                .unwrap_or("");
            let terminated = state.and_then(|s| s.terminated.as_ref());
            if !waiting_reason.is_empty() {
                reason = waiting_reason.to_string();
            } else if let Some(t) = terminated {
                reason = terminated_reason(t);
            } else if cs.ready && state.is_some_and(|s| s.running.is_some()) {
                has_running = true;
                ready = ready.saturating_add(1);
            }
        }

        // A finished container must not make a pod that is still serving
        // look done.
        if reason == "Completed" && has_running {
            reason = if has_pod_ready_condition(conditions) {
                "Running"
            } else {
                "NotReady"
            }
            .to_string();
        }
    }

    if pod.metadata.deletion_timestamp.is_some() {
        if pod_reason == NODE_UNREACHABLE_POD_REASON {
            reason = "Unknown".to_string();
        } else if phase != "Succeeded" && phase != "Failed" {
            reason = "Terminating".to_string();
        }
    }

    PodSummary {
        ready,
        total,
        status: reason,
        restarts,
        last_restart,
    }
}

/// The terminated reason, or a synthetic one when the runtime gave none.
fn terminated_reason(t: &ContainerStateTerminated) -> String {
    match t.reason.as_deref() {
        Some(r) if !r.is_empty() => r.to_string(),
        _ => match t.signal {
            Some(sig) if sig != 0 => format!("Signal:{sig}"),
            _ => format!("ExitCode:{}", t.exit_code),
        },
    }
}

fn last_finished_at(cs: &ContainerStatus) -> Option<Timestamp> {
    cs.last_state
        .as_ref()?
        .terminated
        .as_ref()?
        .finished_at
        .as_ref()
        .map(|t| t.0)
}

/// Go starts from the zero time and keeps a strictly later one, so times at
/// or before year 1 never register.
fn keep_latest(slot: &mut Option<Timestamp>, candidate: Option<Timestamp>) {
    if let Some(t) = candidate {
        if t > slot.unwrap_or(GO_ZERO_TIME) {
            *slot = Some(t);
        }
    }
}

fn is_restartable(c: &Container) -> bool {
    c.restart_policy.as_deref() == Some("Always")
}

/// Only the first Initialized condition counts, as in printers.go.
fn is_pod_initialized(conditions: &[PodCondition]) -> bool {
    conditions
        .iter()
        .find(|c| c.type_ == POD_INITIALIZED)
        .is_some_and(|c| c.status == "True")
}

fn has_pod_ready_condition(conditions: &[PodCondition]) -> bool {
    conditions
        .iter()
        .any(|c| c.type_ == POD_READY && c.status == "True")
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
#[path = "pod_status_tests.rs"]
mod tests;
