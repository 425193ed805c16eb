//! Seeding: the world as it stands when the demo starts — months of history laid out before
//! the clock's start, failing pods mid-crash, and the schedule that keeps them going.

use std::collections::BTreeMap;

use jiff::Timestamp;
use rand::Rng;
use serde_json::json;

use super::catalog::{self, Behaviour, Team};
use super::dynamics::{kubelet_event, oom_message};
use super::logs::Lang;
use super::pod::{secs, suffix, CState, Owner, SimContainer, SimPod, Term};
use super::workloads::{self, SimDeployment, SimNode};
use super::{Action, Inner, Writes};
use crate::sim::kinds::Kind;

const PODS_PER_NODE: usize = 40;

pub(super) fn uid(inner: &mut Inner) -> String {
    let a: u64 = inner.rng.random();
    let b: u64 = inner.rng.random();
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | (b >> 48) & 0x3fff,
        b & 0xffff_ffff_ffff
    )
}

fn container(app_name: &str, short: &str, lang: Lang, image: String, b: Behaviour) -> SimContainer {
    let (req, limit) = match (b, lang) {
        (Behaviour::Unschedulable, _) => ("48Gi", "48Gi"),
        (_, Lang::Java) => ("512Mi", "768Mi"),
        (_, Lang::Python) => ("384Mi", "1Gi"),
        _ => ("128Mi", "256Mi"),
    };
    SimContainer {
        name: short.to_string(),
        image,
        lang,
        app: app_name.to_string(),
        restarts: 0,
        state: CState::Waiting {
            reason: "ContainerCreating".into(),
            message: None,
        },
        last: None,
        ready: false,
        instance: 0,
        planned_end: None,
        memory_limit: limit.into(),
        memory_request: req.into(),
        cpu_request: "100m".into(),
        probes: true,
        env_secret: Some(format!("{app_name}-db-credentials")),
        log_rate: None,
    }
}

fn sidecar(app_name: &str) -> SimContainer {
    let mut c = container(
        app_name,
        "log-shipper",
        Lang::Go,
        "cr.fluentbit.io/fluent/fluent-bit:3.2.4".into(),
        Behaviour::Healthy,
    );
    c.probes = false;
    c.env_secret = None;
    c.memory_request = "32Mi".into();
    c.memory_limit = "64Mi".into();
    c
}

fn place(inner: &mut Inner, p: &mut SimPod) {
    let n = inner.nodes.len();
    let i = (p.seed as usize) % (n - 1) + 1; // node 0 is the system node
    let node = &inner.nodes[i];
    p.node = Some(node.name.clone());
    p.host_ip = Some(node.ip.clone());
    inner.serial += 1;
    p.ip = Some(format!("10.244.{}.{}", i, 2 + inner.serial % 250));
}

/// A pod as its ReplicaSet would create it, in the state its behaviour gives it at `at`.
/// `age` is how long before `at` it was created.
fn new_pod(
    inner: &mut Inner,
    d: &SimDeployment,
    app_lang: Lang,
    sidecar_on: bool,
    at: Timestamp,
    age: i64,
    w: &mut Writes,
) -> (String, String) {
    let seed: u64 = inner.rng.random();
    let name = format!("{}-{}", d.rs_name, suffix(seed, 5));
    let short = d.labels["app.kubernetes.io/name"].clone();
    let image = d.containers[0]["image"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mut containers = vec![container(&d.release, &short, app_lang, image, d.behaviour)];
    let res = &d.containers[0]["resources"];
    let field = |v: &serde_json::Value| v.as_str().map(str::to_string);
    if let Some(m) = field(&res["limits"]["memory"]) {
        containers[0].memory_limit = m;
    }
    if let Some(m) = field(&res["requests"]["memory"]) {
        containers[0].memory_request = m;
    }
    if let Some(c) = field(&res["requests"]["cpu"]) {
        containers[0].cpu_request = c;
    }
    if d.behaviour == Behaviour::ConfigError {
        containers[0].env_secret = Some(format!("{}-db-credentials-v2", d.release));
    }
    if sidecar_on {
        containers.push(sidecar(&d.release));
    }
    let mut labels: BTreeMap<String, String> = BTreeMap::new();
    labels.insert("app.kubernetes.io/name".into(), short.clone());
    labels.insert("app.kubernetes.io/instance".into(), d.release.clone());
    labels.insert("pod-template-hash".into(), d.rs_hash.clone());
    let created = at - secs(age);
    let mut p = SimPod {
        ns: d.ns.clone(),
        name,
        uid: uid(inner),
        labels,
        owner: Some(Owner {
            kind: "ReplicaSet",
            api_version: "apps/v1",
            name: d.rs_name.clone(),
            uid: d.rs_uid.clone(),
        }),
        node: None,
        ip: None,
        host_ip: None,
        created,
        started: None,
        behaviour: d.behaviour,
        restart_policy: "Always",
        containers,
        phase: "Pending",
        reason: None,
        message: None,
        unschedulable: None,
        deletion: None,
        finalizers: vec![],
        seed,
        service_account: "default".into(),
    };
    let key = p.key();
    let fresh = age < 5;
    if d.behaviour == Behaviour::Unschedulable {
        let nodes = inner.nodes.len();
        p.unschedulable = Some(format!("0/{nodes} nodes are available: {nodes} Insufficient memory. preemption: 0/{nodes} nodes are available: {nodes} No preemption victims found for incoming pod."));
        inner.pods.insert(key.clone(), p);
        kubelet_event(
            inner,
            &key,
            None,
            "FailedScheduling",
            inner.pods[&key].unschedulable.clone().unwrap_or_default(),
            created,
            w,
        );
        let wait = inner.rng.random_range(5..60);
        inner.at(
            at + secs(wait),
            Action::Nag {
                ns: key.0.clone(),
                pod: key.1.clone(),
            },
        );
        w.pod(&inner.pods[&key]);
        return key;
    }
    place(inner, &mut p);
    p.started = Some(created + secs(2));
    if !fresh {
        p.phase = "Running";
    }
    let up = created + secs(inner.rng.random_range(4..12));
    for c in p.containers.iter_mut().skip(1) {
        if !fresh {
            c.state = CState::Running { started: up };
            c.ready = true;
        }
        c.instance = 1;
    }
    let main = &mut p.containers[0];
    let mut next: Option<(Timestamp, Action)> = None;
    match d.behaviour {
        _ if fresh => {
            next = Some((
                at + secs(3),
                Action::Start {
                    ns: key.0.clone(),
                    pod: key.1.clone(),
                },
            ));
        }
        Behaviour::Healthy | Behaviour::Unschedulable => {
            main.state = CState::Running { started: up };
            main.ready = true;
            main.instance = 1;
            // Some long-lived pods restarted once, days ago: "1 (3d ago)".
            if age > 86_400 * 2 && seed.is_multiple_of(5) {
                main.restarts = 1;
                main.instance = 2;
                let died = created + secs(age / 3);
                main.last = Some(Term {
                    exit_code: 137,
                    reason: "Error".into(),
                    started: up,
                    finished: died,
                    container_id: main.container_id(seed, 1),
                });
                main.state = CState::Running {
                    started: died + secs(1),
                };
            }
        }
        Behaviour::NotReady => {
            main.state = CState::Running { started: up };
            main.instance = 1;
            next = Some((
                at + secs(inner.rng.random_range(1..10)),
                Action::Nag {
                    ns: key.0.clone(),
                    pod: key.1.clone(),
                },
            ));
        }
        Behaviour::CrashLoop { oom } => {
            let restarts = inner.rng.random_range(12..48);
            main.restarts = restarts;
            main.instance = restarts as u32 + 1;
            let finished = at - secs(inner.rng.random_range(5..40));
            let started = finished - secs(inner.rng.random_range(15..35));
            main.last = Some(Term {
                exit_code: if oom { 137 } else { 1 },
                reason: if oom { "OOMKilled" } else { "Error" }.into(),
                started,
                finished,
                container_id: main.container_id(seed, restarts as u32),
            });
            main.state = CState::Waiting {
                reason: "CrashLoopBackOff".into(),
                message: Some(format!(
                    "back-off 5m0s restarting failed container={short} pod={}_{}({})",
                    key.1, key.0, p.uid
                )),
            };
            next = Some((
                at + secs(inner.rng.random_range(3..20)),
                Action::Restart {
                    ns: key.0.clone(),
                    pod: key.1.clone(),
                    c: 0,
                },
            ));
        }
        Behaviour::ImagePull => {
            let img = main.image.clone();
            main.state = CState::Waiting {
                reason: "ImagePullBackOff".into(),
                message: Some(format!("Back-off pulling image \"{img}\"")),
            };
            next = Some((
                at + secs(inner.rng.random_range(2..25)),
                Action::PullRetry {
                    ns: key.0.clone(),
                    pod: key.1.clone(),
                },
            ));
        }
        Behaviour::ConfigError => {
            let secret = main.env_secret.clone().unwrap_or_default();
            main.state = CState::Waiting {
                reason: "CreateContainerConfigError".into(),
                message: Some(format!("secret \"{secret}\" not found")),
            };
            next = Some((
                at + secs(inner.rng.random_range(1..30)),
                Action::Nag {
                    ns: key.0.clone(),
                    pod: key.1.clone(),
                },
            ));
        }
    }
    inner.pods.insert(key.clone(), p);
    if !fresh && d.behaviour != Behaviour::Healthy {
        let node = inner.pods[&key].node.clone().unwrap_or_default();
        kubelet_event(
            inner,
            &key,
            None,
            "Scheduled",
            format!("Successfully assigned {}/{} to {node}", key.0, key.1),
            created,
            w,
        );
        let image = inner.pods[&key].containers[0].image.clone();
        kubelet_event(
            inner,
            &key,
            Some(0),
            "Pulling",
            format!("Pulling image \"{image}\""),
            created + secs(1),
            w,
        );
        if let Behaviour::CrashLoop { oom } = d.behaviour {
            kubelet_event(
                inner,
                &key,
                Some(0),
                "Pulled",
                format!("Container image \"{image}\" already present on machine"),
                created + secs(3),
                w,
            );
            let last = inner.pods[&key].containers[0]
                .last
                .clone()
                .expect("crash-looping");
            // One BackOff event whose count tells how long this has gone on.
            let restarts = inner.pods[&key].containers[0].restarts.max(1);
            let span = last.finished.duration_since(created).as_secs().max(1);
            let first = created + secs(span / restarts as i64);
            let msg = format!(
                "Back-off restarting failed container {short} in pod {}_{}({})",
                key.1, key.0, inner.pods[&key].uid
            );
            kubelet_event(inner, &key, Some(0), "BackOff", msg, first, w);
            if let Some(e) = inner.events.repeat_last(restarts - 1, last.finished) {
                w.put(Kind::Event, e.to_json());
            }
            if oom {
                let host = inner.pods[&key].node.clone().unwrap_or_default();
                kubelet_event(
                    inner,
                    &key,
                    None,
                    "OOMKilling",
                    oom_message(2841, &short, &host),
                    last.finished,
                    w,
                );
            }
        }
    }
    if let Some((t, a)) = next {
        inner.at(t, a);
    }
    w.pod(&inner.pods[&key]);
    key
}

/// A new pod of the Deployment's current ReplicaSet (a rollout's or a scale-up's), scheduled
/// at once.
pub(super) fn spawn_pod(inner: &mut Inner, d: &SimDeployment, at: Timestamp, w: &mut Writes) {
    let key = new_pod(inner, d, d.lang, d.sidecar, at, 0, w);
    let node = inner.pods[&key].node.clone().unwrap_or_default();
    kubelet_event(
        inner,
        &key,
        None,
        "Scheduled",
        format!("Successfully assigned {}/{} to {node}", key.0, key.1),
        at,
        w,
    );
}

/// The ReplicaSet's replacement for a deleted pod.
pub(super) fn replace_pod(
    inner: &mut Inner,
    d: &SimDeployment,
    old: &SimPod,
    at: Timestamp,
    w: &mut Writes,
) {
    let sidecar_on = old.containers.len() > 1;
    let lang = old.containers[0].lang;
    let key = new_pod(inner, d, lang, sidecar_on, at, 0, w);
    let node = inner.pods[&key].node.clone().unwrap_or_default();
    kubelet_event(
        inner,
        &key,
        None,
        "Scheduled",
        format!("Successfully assigned {}/{} to {node}", key.0, key.1),
        at,
        w,
    );
}

fn job_pod(
    inner: &mut Inner,
    ns: &str,
    job: &str,
    (image, lang, app): (String, Lang, &str),
    created: Timestamp,
    outcome: Option<Term>,
) -> (String, String) {
    let seed: u64 = inner.rng.random();
    let name = format!("{job}-{}", suffix(seed, 5));
    let mut c = container(app, "job", lang, image, Behaviour::Healthy);
    c.probes = false;
    c.instance = 1;
    let mut labels = BTreeMap::new();
    labels.insert("batch.kubernetes.io/job-name".to_string(), job.to_string());
    labels.insert("job-name".to_string(), job.to_string());
    let mut p = SimPod {
        ns: ns.into(),
        name,
        uid: uid(inner),
        labels,
        owner: Some(Owner {
            kind: "Job",
            api_version: "batch/v1",
            name: job.into(),
            uid: uid(inner),
        }),
        node: None,
        ip: None,
        host_ip: None,
        created,
        started: None,
        behaviour: Behaviour::Healthy,
        restart_policy: "Never",
        containers: vec![c],
        phase: "Pending",
        reason: None,
        message: None,
        unschedulable: None,
        deletion: None,
        finalizers: vec![],
        seed,
        service_account: "default".into(),
    };
    place(inner, &mut p);
    p.started = Some(created + secs(1));
    if let Some(t) = outcome {
        p.phase = if t.exit_code == 0 {
            "Succeeded"
        } else {
            "Failed"
        };
        let mut t = t;
        t.container_id = p.containers[0].container_id(seed, 1);
        p.containers[0].state = CState::Terminated(t);
    }
    let key = p.key();
    inner.pods.insert(key.clone(), p);
    key
}

/// The periodic report job of a team's dev stage: a new pod, and the oldest beyond three go.
pub(super) fn start_report_job(
    inner: &mut Inner,
    team: &Team,
    ti: usize,
    at: Timestamp,
    w: &mut Writes,
) {
    let ns = team.namespace("dev");
    inner.serial += 1;
    let job = format!("{}-nightly-report-{}", team.name, 29_000_000 + inner.serial);
    let image = format!(
        "registry.example.com/{}/reports-job:1.0.{}",
        team.name,
        ti % 7
    );
    let key = job_pod(
        inner,
        &ns,
        &job,
        (image, Lang::Python, &format!("{}-reports", team.name)),
        at,
        None,
    );
    w.pod(&inner.pods[&key]);
    if let Some(created) = inner.cron_created.get(&ns) {
        let cron = format!("{}-nightly-report", team.name);
        w.put(
            Kind::CronJob,
            super::batch::cron_job_json(
                &ns,
                &cron,
                &image_of(inner, &key),
                *created,
                Some((&job, at, true)),
            ),
        );
    }
    let node = inner.pods[&key].node.clone().unwrap_or_default();
    kubelet_event(
        inner,
        &key,
        None,
        "Scheduled",
        format!("Successfully assigned {}/{} to {node}", key.0, key.1),
        at,
        w,
    );
    inner.at(
        at + secs(2),
        Action::JobStep {
            ns: key.0.clone(),
            pod: key.1.clone(),
        },
    );
    let prefix = format!("{}-nightly-report-", team.name);
    let lo = (ns.clone(), prefix.clone());
    let mut reports: Vec<(String, String)> = inner
        .pods
        .range(lo..)
        .take_while(|((n, p), _)| *n == ns && p.starts_with(&prefix))
        .map(|(k, _)| k.clone())
        .collect();
    reports.sort_by_key(|k| inner.pods[k].created);
    while reports.len() > 3 {
        let old = reports.remove(0);
        inner.at(
            at,
            Action::FinishDelete {
                ns: old.0,
                pod: old.1,
            },
        );
    }
    inner.at(at + secs(180), Action::JobCycle { team: ti });
}

/// A team's finished job pod, its image `registry.example.com/<team>/<tool>:<version>`.
struct FinishedJob<'a> {
    name: String,
    tool: &'a str,
    version: &'a str,
    lang: Lang,
    created: Timestamp,
    end: Term,
}

fn finished_job(
    inner: &mut Inner,
    w: &mut Writes,
    ns: &str,
    team: &str,
    j: FinishedJob,
) -> (String, String) {
    let image = format!("registry.example.com/{team}/{}:{}", j.tool, j.version);
    let app = format!("{team}-{}", j.tool);
    let key = job_pod(
        inner,
        ns,
        &j.name,
        (image, j.lang, &app),
        j.created,
        Some(j.end),
    );
    w.pod(&inner.pods[&key]);
    key
}

fn terminated(code: i32, reason: &str, started: Timestamp, run: i64) -> Term {
    Term {
        exit_code: code,
        reason: reason.into(),
        started,
        finished: started + secs(run),
        container_id: String::new(),
    }
}

/// The cluster itself: nodes sized for the teams' pods, and the system namespaces.
pub(super) fn populate_cluster(
    inner: &mut Inner,
    teams: &[Team],
    start: Timestamp,
    w: &mut Writes,
) {
    let expected_pods: usize = teams
        .iter()
        .map(|t| {
            t.apps.len()
                * t.stages()
                    .iter()
                    .map(|s| catalog::replicas(s) as usize)
                    .sum::<usize>()
                + 12
        })
        .sum();
    let node_count = (expected_pods / PODS_PER_NODE).max(4) + 1;
    for i in 0..node_count {
        let pool = if i == 0 {
            "system"
        } else if i % 3 == 0 {
            "highmem"
        } else {
            "general"
        };
        let node = SimNode {
            name: format!("{pool}-{}", suffix(inner.seed ^ (i as u64 * 7919), 5)),
            ip: format!("10.0.{}.{}", i / 200, 10 + i % 200),
            created: start - secs(86_400 * (30 + (i as i64 % 50))),
            pool,
            pod_cidr: format!("10.244.{i}.0/24"),
        };
        w.put(Kind::Node, node.to_json());
        inner.nodes.push(node);
    }
    for ns in ["default", "kube-system"] {
        w.put(
            Kind::Namespace,
            workloads::namespace(ns, None, None, start - secs(86_400 * 400)),
        );
    }
}

pub(super) fn populate_team(
    inner: &mut Inner,
    team: &Team,
    ti: usize,
    (start, commits, runs): (
        Timestamp,
        &[crate::sim::config_repo::ValuesCommit],
        &[crate::sim::jenkins::engine::HistoryRun],
    ),
    w: &mut Writes,
) {
    let build_ns = team.namespace("build");
    w.put(
        Kind::Namespace,
        workloads::namespace(
            &build_ns,
            Some(&team.name),
            Some("build"),
            start - secs(86_400 * 380),
        ),
    );
    populate_build(inner, team, &build_ns, start, w);
    for stage in team.stages() {
        let ns = team.namespace(&stage);
        // Advisory's presentation stage was made for one afternoon weeks ago and left up,
        // nobody deploying to it since: the idle stage `:cost` finds.
        let left_up = stage == super::catalog::IDLE_STAGE;
        let ns_age = if left_up {
            24
        } else if stage.starts_with("stage-") {
            inner.rng.random_range(2..9)
        } else {
            inner.rng.random_range(120..360)
        };
        w.put(
            Kind::Namespace,
            workloads::namespace(
                &ns,
                Some(&team.name),
                Some(&stage),
                start - secs(86_400 * ns_age),
            ),
        );
        w.put(Kind::ConfigMap, json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "kube-root-ca.crt", "namespace": ns}, "data": {"ca.crt": "-----BEGIN CERTIFICATE-----\nMIIC/jCCAeagAwIBAgIBADANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJl\n-----END CERTIFICATE-----\n"}}));
        let created = start - secs(86_400 * ns_age);
        let until = if left_up {
            created + secs(3_600)
        } else {
            start
        };
        let mut replay = super::history::replay(team, &stage, (created, until), commits, runs);
        for ((job, number), run, ok) in replay.runs {
            inner
                .history_runs
                .insert((team.name.clone(), job, number), (run, ok));
        }
        for ai in 0..team.apps.len() {
            if let Some(r) = replay.releases.remove(&ai) {
                populate_app(inner, team, ai, (&stage, &ns), r, start, ns_age, w);
            }
        }
        if stage == "dev" {
            let created = start - secs(inner.rng.random_range(3_600..40_000));
            finished_job(
                inner,
                w,
                &ns,
                &team.name,
                FinishedJob {
                    name: format!("{}-db-migrate-{}", team.name, 17 + ti),
                    tool: "db-migrate",
                    version: "4.1.0",
                    lang: Lang::Java,
                    created,
                    end: terminated(0, "Completed", created + secs(3), 41),
                },
            );
            let created = start - secs(inner.rng.random_range(600..3_000));
            finished_job(
                inner,
                w,
                &ns,
                &team.name,
                FinishedJob {
                    name: format!("{}-seed-data", team.name),
                    tool: "seed-data",
                    version: "0.3.1",
                    lang: Lang::Python,
                    created,
                    end: terminated(1, "Error", created + secs(2), 12),
                },
            );
            let image = format!(
                "registry.example.com/{}/reports-job:1.0.{}",
                team.name,
                ti % 7
            );
            let cron = format!("{}-nightly-report", team.name);
            inner
                .cron_created
                .insert(ns.clone(), created_ns(start, ns_age));
            w.put(
                Kind::CronJob,
                super::batch::cron_job_json(&ns, &cron, &image, created_ns(start, ns_age), None),
            );
            let wait = inner.rng.random_range(20..180);
            inner.at(start + secs(wait), Action::JobCycle { team: ti });
        }
        if stage == "qa" {
            // A claim of the statements export on a storage class that does not exist.
            let (claim, event) = super::batch::pending_claim(
                &ns,
                &format!("{}-statements", team.name),
                start - secs(86_400 * 3),
            );
            w.put(Kind::PersistentVolumeClaim, claim);
            w.put(Kind::Event, event);
            let created = start - secs(inner.rng.random_range(900..7_200));
            let key = finished_job(
                inner,
                w,
                &ns,
                &team.name,
                FinishedJob {
                    name: format!("{}-statement-export-28911", team.name),
                    tool: "statement-export",
                    version: "2.0.0",
                    lang: Lang::Java,
                    created,
                    end: terminated(137, "OOMKilled", created + secs(2), 95),
                },
            );
            kubelet_event(inner, &key, None, "OOMKilling", "Memory cgroup out of memory: Killed process 31337 (java) total-vm:4012340kB, anon-rss:786432kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:2820kB oom_score_adj:984".into(), created + secs(97), w);
        }
        if stage == "prod" {
            prod_oddities(inner, &ns, start, w);
        }
    }
}

/// Production's usual scars: a pod evicted under memory pressure, one stuck Terminating.
fn prod_oddities(inner: &mut Inner, ns: &str, start: Timestamp, w: &mut Writes) {
    let Some(d) = inner
        .deployments
        .range((ns.to_string(), String::new())..)
        .take_while(|((n, _), _)| n == ns)
        .map(|(_, d)| d.clone())
        .next()
    else {
        return;
    };
    let lang = Lang::Java;
    let ev = new_pod(inner, &d, lang, false, start, 86_400 + 3_600, w);
    if let Some(p) = inner.pods.get_mut(&ev) {
        p.phase = "Failed";
        p.reason = Some("Evicted".into());
        p.message = Some("The node was low on resource: memory. Threshold quantity: 100Mi, available: 91344Ki. Container app was using 1289440Ki, request is 512Mi, has larger consumption of memory.".into());
        let c = &mut p.containers[0];
        let started = p.created + secs(5);
        c.state = CState::Terminated(Term {
            exit_code: 137,
            reason: "ContainerStatusUnknown".into(),
            started,
            finished: started + secs(3_000),
            container_id: String::new(),
        });
        c.ready = false;
        c.last = None;
        if let Some((name, uid, hash, _)) = &d.old_rs {
            p.owner = Some(Owner {
                kind: "ReplicaSet",
                api_version: "apps/v1",
                name: name.clone(),
                uid: uid.clone(),
            });
            p.labels.insert("pod-template-hash".into(), hash.clone());
        }
        w.pod(p);
    }
    kubelet_event(
        inner,
        &ev,
        None,
        "Evicted",
        "The node was low on resource: memory. Threshold quantity: 100Mi, available: 91344Ki."
            .into(),
        start - secs(86_400),
        w,
    );
    let stuck = new_pod(inner, &d, lang, false, start, 7_200, w);
    if let Some(p) = inner.pods.get_mut(&stuck) {
        p.deletion = Some(start - secs(1_500));
        p.finalizers = vec!["example.com/drain-connections".into()];
        p.containers[0].ready = false;
        w.pod(p);
    }
}

fn populate_build(inner: &mut Inner, team: &Team, ns: &str, start: Timestamp, w: &mut Writes) {
    let seed: u64 = inner.rng.random();
    let created = start - secs(86_400 * 12 + 3_600);
    let mut labels = BTreeMap::new();
    labels.insert("app.kubernetes.io/name".to_string(), "jenkins".to_string());
    labels.insert(
        "app.kubernetes.io/instance".to_string(),
        "jenkins".to_string(),
    );
    labels.insert(
        "statefulset.kubernetes.io/pod-name".to_string(),
        "jenkins-0".to_string(),
    );
    let mut jenkins = container(
        "jenkins",
        "jenkins",
        Lang::Java,
        "jenkins/jenkins:2.528.1-lts-jdk21".into(),
        Behaviour::Healthy,
    );
    jenkins.env_secret = None;
    jenkins.memory_request = "2Gi".into();
    jenkins.memory_limit = "4Gi".into();
    let mut reload = sidecar("jenkins");
    reload.name = "config-reload".into();
    reload.image = "kiwigrid/k8s-sidecar:1.28.0".into();
    let mut p = SimPod {
        ns: ns.into(),
        name: "jenkins-0".into(),
        uid: uid(inner),
        labels,
        owner: Some(Owner {
            kind: "StatefulSet",
            api_version: "apps/v1",
            name: "jenkins".into(),
            uid: uid(inner),
        }),
        node: None,
        ip: None,
        host_ip: None,
        created,
        started: Some(created + secs(2)),
        behaviour: Behaviour::Healthy,
        restart_policy: "Always",
        containers: vec![jenkins, reload],
        phase: "Running",
        reason: None,
        message: None,
        unschedulable: None,
        deletion: None,
        finalizers: vec![],
        seed,
        service_account: "jenkins".into(),
    };
    place(inner, &mut p);
    for c in &mut p.containers {
        c.state = CState::Running {
            started: created + secs(20),
        };
        c.ready = true;
        c.instance = 1;
    }
    w.pod(&p);
    // Its StatefulSet and the claim of its one replica (uids from the pod's owner: seeding
    // draws nothing more from the world's random numbers).
    let sts_uid = p.owner.as_ref().map(|o| o.uid.clone()).unwrap_or_default();
    w.put(
        Kind::StatefulSet,
        super::batch::jenkins_stateful_set(ns, &sts_uid, created, &p.containers[0].image),
    );
    w.put(
        Kind::PersistentVolumeClaim,
        super::batch::jenkins_home_claim(ns, &sts_uid, created),
    );
    inner.pods.insert(p.key(), p);
    for i in 0..2 {
        let created = start - secs(inner.rng.random_range(60..900));
        let agent = format!("{}-agent", team.name);
        let key = job_pod(
            inner,
            ns,
            &agent,
            (
                "jenkins/inbound-agent:3307.v632ed11b_3a_c7-2".into(),
                Lang::Java,
                &agent,
            ),
            created,
            None,
        );
        if let Some(p) = inner.pods.get_mut(&key) {
            p.owner = None;
            p.labels
                .insert("jenkins/label".into(), format!("{}-build-pod", team.name));
            p.phase = "Running";
            let c = &mut p.containers[0];
            c.name = "jnlp".into();
            c.state = CState::Running {
                started: created + secs(4 + i),
            };
            c.ready = true;
            c.planned_end = None;
            w.pod(p);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn populate_app(
    inner: &mut Inner,
    team: &Team,
    ai: usize,
    (stage, ns): (&str, &str),
    replayed: super::history::Replayed,
    start: Timestamp,
    ns_age: i64,
    w: &mut Writes,
) {
    let app = &team.apps[ai];
    let release = format!("{}-{}", team.name, app.short);
    // The pods are what the release's latest revision describes.
    let spec = replayed.spec;
    let behaviour = spec.behaviour;
    let hash = |inner: &mut Inner| suffix(inner.rng.random(), 10);
    let rs_hash = hash(inner);
    let rs_created = replayed.rolled_at;
    let deployed_ago = start.duration_since(rs_created).as_secs().max(60);
    let created = start - secs(86_400 * ns_age.min(inner.rng.random_range(20..200)) + 600);
    let created = created.min(rs_created);
    let old_hash = hash(inner);
    let image = spec.image.clone();
    let mut labels = BTreeMap::new();
    labels.insert("app.kubernetes.io/name".to_string(), app.short.to_string());
    labels.insert("app.kubernetes.io/instance".to_string(), release.clone());
    labels.insert(
        "app.kubernetes.io/version".to_string(),
        image.rsplit(':').next().unwrap_or_default().to_string(),
    );
    labels.insert(
        "app.kubernetes.io/managed-by".to_string(),
        "Helm".to_string(),
    );
    labels.insert(
        "helm.sh/chart".to_string(),
        format!("{}-{}", app.short, app.chart_version),
    );
    let mut proto = container(&release, app.short, app.lang, image, behaviour);
    proto.env_secret = Some(spec.secret.clone());
    proto.memory_limit = spec.memory_limit.clone();
    proto.memory_request = spec.memory_request.clone();
    proto.cpu_request = spec.cpu_request.clone();
    let d = SimDeployment {
        ns: ns.into(),
        name: release.clone(),
        uid: uid(inner),
        release: release.clone(),
        labels,
        replicas: spec.replicas,
        revision: 2 + (inner.rng.random_range(0..5)),
        created,
        rs_name: format!("{release}-{rs_hash}"),
        rs_uid: uid(inner),
        rs_hash,
        rs_created,
        old_rs: Some((
            format!("{release}-{old_hash}"),
            uid(inner),
            old_hash,
            created,
        )),
        // As a live deploy writes it, so that a deploy that changes no pod value rolls nothing.
        containers: super::rollout::containers_json(app, &spec),
        behaviour,
        lang: app.lang,
        sidecar: app.sidecar,
        rolling: false,
        retired_rs: Vec::new(),
        template_annotations: Default::default(),
    };
    inner
        .deployments
        .insert((ns.to_string(), release.clone()), d.clone());
    let ip = format!(
        "10.96.{}.{}",
        (inner.serial / 250) % 250,
        inner.serial % 250 + 1
    );
    inner.serial += 1;
    w.put(Kind::Service, d.service(&ip));
    w.put(Kind::Ingress, d.ingress());
    w.put(Kind::Secret, db_credentials(ns, &release));
    for (i, _) in (0..d.replicas).enumerate() {
        let age = deployed_ago - i as i64 * 7;
        let age = if matches!(behaviour, Behaviour::CrashLoop { .. }) {
            age.min(inner.rng.random_range(3_600..14_400))
        } else {
            age
        };
        new_pod(inner, &d, app.lang, app.sidecar, start, age.max(30), w);
    }
    for s in replayed.history.secrets() {
        w.put(Kind::Secret, serde_json::to_value(s).unwrap_or_default());
    }
    inner
        .releases
        .insert((ns.to_string(), release.clone()), replayed.history);
    let _ = stage;
    w.touched.push((ns.to_string(), release));
}

/// A release's database credentials: they come from outside the chart (a secrets operator
/// writes them into every namespace of the team).
pub(super) fn db_credentials(ns: &str, release: &str) -> serde_json::Value {
    json!({"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
        "metadata": {"name": format!("{release}-db-credentials"), "namespace": ns, "labels": {"app.kubernetes.io/instance": release}},
        "data": {"username": "YXBw", "password": "c2ltdWxhdGVkLW5vdC1hLXJlYWwtc2VjcmV0"}})
}

fn created_ns(start: Timestamp, ns_age: i64) -> Timestamp {
    start - secs(86_400 * ns_age)
}

fn image_of(inner: &Inner, key: &(String, String)) -> String {
    inner.pods[key].containers[0].image.clone()
}
