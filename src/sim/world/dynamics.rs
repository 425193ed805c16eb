//! The world's clockwork: what each scheduled action does to the model, and the store writes
//! (pods, events, deployment status) that follow from it.

use jiff::Timestamp;
use rand::Rng;

use super::catalog::{Behaviour, Team};
use super::events::{Involved, Record};
use super::logs::Ending;
use super::pod::{secs, CState, SimPod, Term};
use super::{Action, Inner, Writes};
use crate::sim::kinds::Kind;

fn involved(p: &SimPod, container: Option<&str>) -> Involved {
    Involved {
        kind: "Pod",
        api_version: "v1",
        name: p.name.clone(),
        uid: p.uid.clone(),
        field_path: container.map(|c| format!("spec.containers{{{c}}}")),
    }
}

/// Records a kubelet event about a pod (or one of its containers).
pub(super) fn kubelet_event(
    inner: &mut Inner,
    key: &(String, String),
    container: Option<usize>,
    reason: &str,
    message: String,
    at: Timestamp,
    w: &mut Writes,
) {
    // What the kubelet reports as a Warning; a back-off on pulling is only Normal.
    let warning = matches!(
        reason,
        "BackOff" | "Failed" | "FailedScheduling" | "Unhealthy" | "OOMKilling" | "Evicted"
    ) && !message.starts_with("Back-off pulling");
    let Some(p) = inner.pods.get(key) else { return };
    let cname = container.map(|i| p.containers[i].name.clone());
    let component = if p.node.is_some() {
        "kubelet"
    } else {
        "default-scheduler"
    };
    let r = Record {
        ns: &key.0,
        involved: involved(p, cname.as_deref()),
        reason,
        message,
        warning,
        component,
        host: p.node.clone(),
    };
    let seed = inner.seed;
    let e = inner.events.record(r, at, seed);
    w.put(Kind::Event, e.to_json());
}

fn run_length(inner: &mut Inner) -> i64 {
    inner.rng.random_range(15..35)
}

fn backoff(inner: &mut Inner) -> i64 {
    inner.rng.random_range(10..30)
}

pub(super) fn apply(
    inner: &mut Inner,
    teams: &[Team],
    action: Action,
    at: Timestamp,
    w: &mut Writes,
) {
    match action {
        Action::Start { ns, pod } => start(inner, (ns, pod), at, w),
        Action::Ready { ns, pod } => ready(inner, (ns, pod), at, w),
        Action::Crash { ns, pod, c } => crash(inner, (ns, pod), c, at, w),
        Action::Restart { ns, pod, c } => restart(inner, (ns, pod), c, at, w),
        Action::PullRetry { ns, pod } => pull_retry(inner, (ns, pod), at, w),
        Action::Nag { ns, pod } => nag(inner, (ns, pod), at, w),
        // A report job's namespace deleted through the API gets no more jobs.
        Action::JobCycle { team } if inner.closed.contains(&teams[team].namespace("dev")) => {}
        Action::JobCycle { team } => {
            super::seed::start_report_job(inner, &teams[team], team, at, w)
        }
        Action::JobStep { ns, pod } => job_step(inner, (ns, pod), at, w),
        Action::FinishDelete { ns, pod } => finish_delete(inner, (ns, pod), at, w),
    }
}

fn start(inner: &mut Inner, key: (String, String), at: Timestamp, w: &mut Writes) {
    let run = run_length(inner);
    let Some(p) = inner.pods.get_mut(&key) else {
        return;
    };
    if p.deletion.is_some() {
        return;
    }
    p.phase = "Running";
    p.started = Some(at);
    for c in p.containers.iter_mut() {
        c.state = CState::Running { started: at };
        c.ready = true;
        c.instance = 1;
    }
    let (ns, pod) = key.clone();
    let main = &mut p.containers[0];
    let image = main.image.clone();
    let name = main.name.clone();
    let next = match p.behaviour {
        // The readiness probe's first success comes a few seconds after the start.
        Behaviour::Healthy => {
            main.ready = false;
            Some((
                at + secs(2 + (p.seed % 4) as i64),
                Action::Ready { ns, pod },
            ))
        }
        Behaviour::NotReady => {
            main.ready = false;
            Some((at + secs(8), Action::Nag { ns, pod }))
        }
        Behaviour::CrashLoop { oom } => {
            main.ready = false;
            let end = at + secs(run);
            main.planned_end = Some((
                end,
                if oom {
                    Ending::OomKilled
                } else {
                    Ending::Error
                },
            ));
            Some((end, Action::Crash { ns, pod, c: 0 }))
        }
        Behaviour::ImagePull => {
            main.state = CState::Waiting {
                reason: "ContainerCreating".into(),
                message: None,
            };
            main.ready = false;
            main.instance = 0;
            Some((at, Action::PullRetry { ns, pod }))
        }
        Behaviour::ConfigError | Behaviour::Unschedulable => {
            let secret = main.env_secret.clone().unwrap_or_default();
            main.state = CState::Waiting {
                reason: "CreateContainerConfigError".into(),
                message: Some(format!("secret \"{secret}\" not found")),
            };
            main.ready = false;
            main.instance = 0;
            Some((at, Action::Nag { ns, pod }))
        }
    };
    w.pod(p);
    if main_started(&inner.pods[&key]) {
        container_started(inner, &key, 0, (&image, &name), at, w);
    }
    if let Some((t, a)) = next {
        inner.at(t, a);
    }
}

fn ready(inner: &mut Inner, key: (String, String), at: Timestamp, w: &mut Writes) {
    let Some(p) = inner.pods.get_mut(&key) else {
        return;
    };
    if p.deletion.is_some() || !matches!(p.containers[0].state, CState::Running { .. }) {
        return;
    }
    p.containers[0].ready = true;
    w.pod(p);
    let owner = p.owner.clone();
    if let Some(o) = owner.filter(|o| o.kind == "ReplicaSet") {
        super::rollout::progress(inner, &key.0, &o.name, at, w);
    }
}

/// What the kubelet reports each time it (re)starts a container.
fn container_started(
    inner: &mut Inner,
    key: &(String, String),
    ci: usize,
    (image, name): (&str, &str),
    at: Timestamp,
    w: &mut Writes,
) {
    let pulled = format!("Container image \"{image}\" already present on machine");
    kubelet_event(inner, key, Some(ci), "Pulled", pulled, at, w);
    kubelet_event(
        inner,
        key,
        Some(ci),
        "Created",
        format!("Created container: {name}"),
        at,
        w,
    );
    kubelet_event(
        inner,
        key,
        Some(ci),
        "Started",
        format!("Started container {name}"),
        at,
        w,
    );
}

/// The kernel's OOM-killer line as the kubelet relays it in an `OOMKilling` event.
pub(super) fn oom_message(pid: u64, process: &str, host: &str) -> String {
    format!("Memory cgroup out of memory: Killed process {pid} ({process}) total-vm:2514340kB, anon-rss:786432kB, file-rss:20480kB, shmem-rss:0kB, UID:1000 pgtables:1820kB oom_score_adj:984 on {host}")
}

fn main_started(p: &SimPod) -> bool {
    matches!(p.containers[0].state, CState::Running { .. })
}

fn crash(inner: &mut Inner, key: (String, String), ci: usize, at: Timestamp, w: &mut Writes) {
    let Some(p) = inner.pods.get_mut(&key) else {
        return;
    };
    if p.deletion.is_some() {
        return;
    }
    let seed = p.seed;
    let c = &mut p.containers[ci];
    let CState::Running { started } = c.state else {
        return;
    };
    let oom = matches!(c.planned_end, Some((_, Ending::OomKilled)));
    let term = Term {
        exit_code: if oom { 137 } else { 1 },
        reason: if oom { "OOMKilled" } else { "Error" }.into(),
        started,
        finished: at,
        container_id: c.container_id(seed, c.instance),
    };
    c.state = CState::Terminated(term);
    c.ready = false;
    c.planned_end = None;
    let name = c.name.clone();
    w.pod(p);
    if oom {
        let host = p.node.clone().unwrap_or_default();
        let pid = 1000 + (seed % 60000);
        kubelet_event(
            inner,
            &key,
            None,
            "OOMKilling",
            oom_message(pid, &name, &host),
            at,
            w,
        );
    }
    // The kubelet notices within a second and puts the container into back-off.
    let delay = backoff(inner);
    let Some(p) = inner.pods.get_mut(&key) else {
        return;
    };
    let uid = p.uid.clone();
    let pod_name = p.name.clone();
    let c = &mut p.containers[ci];
    if let CState::Terminated(t) = std::mem::replace(
        &mut c.state,
        CState::Waiting {
            reason: "CrashLoopBackOff".into(),
            message: Some(format!(
                "back-off {delay}s restarting failed container={name} pod={pod_name}_{}({uid})",
                key.0
            )),
        },
    ) {
        c.last = Some(t);
    }
    w.pod(p);
    kubelet_event(
        inner,
        &key,
        Some(ci),
        "BackOff",
        "Back-off restarting failed container ".to_string()
            + &name
            + " in pod "
            + &key.1
            + "_"
            + &key.0
            + "("
            + &uid
            + ")",
        at,
        w,
    );
    inner.at(
        at + secs(delay),
        Action::Restart {
            ns: key.0,
            pod: key.1,
            c: ci,
        },
    );
}

fn restart(inner: &mut Inner, key: (String, String), ci: usize, at: Timestamp, w: &mut Writes) {
    let run = run_length(inner);
    let Some(p) = inner.pods.get_mut(&key) else {
        return;
    };
    if p.deletion.is_some() {
        return;
    }
    let oom = matches!(p.behaviour, Behaviour::CrashLoop { oom: true });
    let c = &mut p.containers[ci];
    c.restarts += 1;
    c.instance += 1;
    c.state = CState::Running { started: at };
    let end = at + secs(run);
    c.planned_end = Some((
        end,
        if oom {
            Ending::OomKilled
        } else {
            Ending::Error
        },
    ));
    let image = c.image.clone();
    let name = c.name.clone();
    w.pod(p);
    container_started(inner, &key, ci, (&image, &name), at, w);
    inner.at(
        end,
        Action::Crash {
            ns: key.0,
            pod: key.1,
            c: ci,
        },
    );
}

fn pull_retry(inner: &mut Inner, key: (String, String), at: Timestamp, w: &mut Writes) {
    let Some(p) = inner.pods.get_mut(&key) else {
        return;
    };
    if p.deletion.is_some() {
        return;
    }
    let c = &mut p.containers[0];
    let image = c.image.clone();
    let back_off = matches!(&c.state, CState::Waiting { reason, .. } if reason == "ErrImagePull");
    let repo = image.split(':').next().unwrap_or_default().to_string();
    let pull_err = format!("failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": {repo}: not found");
    c.state = if back_off {
        CState::Waiting {
            reason: "ImagePullBackOff".into(),
            message: Some(format!(
                "Back-off pulling image \"{image}\": ErrImagePull: {pull_err}"
            )),
        }
    } else {
        CState::Waiting {
            reason: "ErrImagePull".into(),
            message: Some(format!("rpc error: code = NotFound desc = {pull_err}")),
        }
    };
    w.pod(p);
    if back_off {
        kubelet_event(
            inner,
            &key,
            Some(0),
            "BackOff",
            format!("Back-off pulling image \"{image}\""),
            at,
            w,
        );
    } else {
        kubelet_event(
            inner,
            &key,
            Some(0),
            "Pulling",
            format!("Pulling image \"{image}\""),
            at,
            w,
        );
        kubelet_event(
            inner,
            &key,
            Some(0),
            "Failed",
            format!("Failed to pull image \"{image}\": {pull_err}"),
            at,
            w,
        );
        kubelet_event(
            inner,
            &key,
            Some(0),
            "Failed",
            "Error: ErrImagePull".into(),
            at,
            w,
        );
    }
    let next = if back_off {
        inner.rng.random_range(20..40)
    } else {
        2
    };
    inner.at(
        at + secs(next),
        Action::PullRetry {
            ns: key.0,
            pod: key.1,
        },
    );
}

/// The kubelet (or scheduler) repeating a complaint: the event's count climbs.
fn nag(inner: &mut Inner, key: (String, String), at: Timestamp, w: &mut Writes) {
    let Some(p) = inner.pods.get(&key) else {
        return;
    };
    if p.deletion.is_some() {
        return;
    }
    let (reason, msg, container, every) = match p.behaviour {
        Behaviour::NotReady => (
            "Unhealthy",
            "Readiness probe failed: HTTP probe failed with statuscode: 503".to_string(),
            Some(0),
            10,
        ),
        Behaviour::Unschedulable => (
            "FailedScheduling",
            p.unschedulable.clone().unwrap_or_default(),
            None,
            60,
        ),
        Behaviour::ConfigError => {
            let secret = p.containers[0].env_secret.clone().unwrap_or_default();
            (
                "Failed",
                format!("Error: secret \"{secret}\" not found"),
                Some(0),
                30,
            )
        }
        _ => return,
    };
    kubelet_event(inner, &key, container, reason, msg, at, w);
    inner.at(
        at + secs(every),
        Action::Nag {
            ns: key.0,
            pod: key.1,
        },
    );
}

fn job_step(inner: &mut Inner, key: (String, String), at: Timestamp, w: &mut Writes) {
    let run = inner.rng.random_range(15..30);
    let Some(p) = inner.pods.get_mut(&key) else {
        return;
    };
    let seed = p.seed;
    let c = &mut p.containers[0];
    match c.state.clone() {
        CState::Waiting { .. } => {
            c.state = CState::Running { started: at };
            c.ready = true;
            c.planned_end = Some((at + secs(run), Ending::Completed));
            p.phase = "Running";
            p.started = Some(at);
            let name = c.name.clone();
            w.pod(p);
            kubelet_event(
                inner,
                &key,
                Some(0),
                "Started",
                format!("Started container {name}"),
                at,
                w,
            );
            inner.at(
                at + secs(run),
                Action::JobStep {
                    ns: key.0.clone(),
                    pod: key.1.clone(),
                },
            );
        }
        CState::Running { started } => {
            c.state = CState::Terminated(Term {
                exit_code: 0,
                reason: "Completed".into(),
                started,
                finished: at,
                container_id: c.container_id(seed, c.instance),
            });
            c.ready = false;
            c.planned_end = None;
            p.phase = "Succeeded";
            w.pod(p);
        }
        CState::Terminated(_) => {}
    }
    // A report job's CronJob says whether it still runs.
    let Some(p) = inner.pods.get(&key) else {
        return;
    };
    let job = p.owner.as_ref().map(|o| o.name.clone()).unwrap_or_default();
    if let (Some(cron), Some(created)) =
        (super::batch::cron_of(&job), inner.cron_created.get(&key.0))
    {
        let running = p.phase != "Succeeded" && p.phase != "Failed";
        w.put(
            Kind::CronJob,
            super::batch::cron_job_json(
                &key.0,
                cron,
                &p.containers[0].image,
                *created,
                Some((&job, p.created, running)),
            ),
        );
    }
}

/// DELETE: the pod turns Terminating; after its grace period it is gone, and a ReplicaSet
/// replaces it.
pub(super) fn begin_delete(
    inner: &mut Inner,
    ns: &str,
    name: &str,
    now: Timestamp,
    w: &mut Writes,
) -> bool {
    let key = (ns.to_string(), name.to_string());
    let Some(p) = inner.pods.get_mut(&key) else {
        return false;
    };
    if p.deletion.is_none() {
        p.deletion = Some(now + secs(30));
        w.pod(p);
        let stuck = !p.finalizers.is_empty();
        for (i, c) in p.containers.clone().iter().enumerate() {
            if matches!(c.state, CState::Running { .. }) {
                kubelet_event(
                    inner,
                    &key,
                    Some(i),
                    "Killing",
                    format!("Stopping container {}", c.name),
                    now,
                    w,
                );
            }
        }
        if !stuck {
            inner.at(
                now + secs(3),
                Action::FinishDelete {
                    ns: key.0,
                    pod: key.1,
                },
            );
        }
    }
    true
}

fn finish_delete(inner: &mut Inner, key: (String, String), at: Timestamp, w: &mut Writes) {
    let Some(p) = inner.pods.remove(&key) else {
        return;
    };
    w.deletes.push((Kind::Pod, key.0.clone(), key.1.clone()));
    // A Job goes with its pod (the CronJob's history limit deletes the Job, and the pod with it).
    if let Some(job) = p.owner.as_ref().filter(|o| o.kind == "Job") {
        w.deletes.push((Kind::Job, key.0.clone(), job.name.clone()));
    }
    for (ns, name) in inner.events.forget(&p.uid) {
        w.deletes.push((Kind::Event, ns, name));
    }
    if p.owner.as_ref().is_some_and(|o| o.kind == "StatefulSet") && !inner.closed.contains(&key.0) {
        stateful_replacement(inner, p, at, w);
        return;
    }
    let Some(owner) = p.owner.clone().filter(|o| o.kind == "ReplicaSet") else {
        return;
    };
    let dep_key = (
        key.0.clone(),
        owner
            .name
            .rsplit_once('-')
            .map(|(d, _)| d.to_string())
            .unwrap_or_default(),
    );
    if let Some(d) = inner.deployments.get(&dep_key).cloned() {
        w.touched.push(dep_key);
        // The ReplicaSet replaces its own pods; a rollout's old pods are not replaced.
        if owner.name == d.rs_name && inner.counts(&d).replicas < d.replicas {
            super::seed::replace_pod(inner, &d, &p, at, w);
        }
    }
}

/// The StatefulSet controller brings a deleted replica back under the same name (a new uid,
/// its containers created afresh).
fn stateful_replacement(inner: &mut Inner, old: SimPod, at: Timestamp, w: &mut Writes) {
    let mut p = old;
    p.uid = super::seed::uid(inner);
    p.created = at;
    p.started = None;
    p.deletion = None;
    p.phase = "Pending";
    for c in &mut p.containers {
        c.state = CState::Waiting {
            reason: "ContainerCreating".into(),
            message: None,
        };
        c.ready = false;
        c.restarts = 0;
        c.last = None;
        c.instance = 0;
    }
    let key = p.key();
    w.pod(&p);
    inner.pods.insert(key.clone(), p);
    inner.at(
        at + secs(3),
        Action::Start {
            ns: key.0,
            pod: key.1,
        },
    );
}
