//! The simulated world: teams, stages, workloads and their lives. It owns a model of every pod
//! and writes what changes into the [`Store`], from which the API serves lists and watches.

mod batch;
pub mod catalog;
mod deploys;
mod dynamics;
mod events;
mod history;
pub mod log_rate;
pub mod logs;
pub mod namespaces;
mod pod;
pub mod rbac;
pub(crate) mod releases;
mod rollout;
mod seed;
mod workload_spec;
mod workloads;

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::Timestamp;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::kinds::Kind;
use super::store::Store;
use catalog::Team;
use events::EventBook;
use logs::Instance;
use pod::{CState, SimPod};
use workloads::{Counts, SimDeployment, SimNode};

#[derive(Debug, Clone, Copy)]
pub struct WorldConfig {
    pub seed: u64,
    pub scale: u32,
}

/// Something the world will do at a moment.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Action {
    /// A new pod's containers start, each into the state its behaviour gives it.
    Start { ns: String, pod: String },
    /// A started container's readiness probe passes for the first time.
    Ready { ns: String, pod: String },
    /// A crash-looping container's run ends.
    Crash { ns: String, pod: String, c: usize },
    /// The kubelet restarts it after its back-off.
    Restart { ns: String, pod: String, c: usize },
    /// The kubelet retries a failing image pull.
    PullRetry { ns: String, pod: String },
    /// A failing readiness probe, or another condition the kubelet keeps reporting.
    Nag { ns: String, pod: String },
    /// A team's periodic report job starts.
    JobCycle { team: usize },
    /// A job pod moves on (ContainerCreating → Running → Completed).
    JobStep { ns: String, pod: String },
    /// A deleted pod's grace period ends.
    FinishDelete { ns: String, pod: String },
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Scheduled {
    at: Timestamp,
    seq: u64,
    action: Action,
}

struct Inner {
    pods: BTreeMap<(String, String), SimPod>,
    deployments: BTreeMap<(String, String), SimDeployment>,
    events: EventBook,
    schedule: BinaryHeap<Reverse<Scheduled>>,
    seq: u64,
    rng: ChaCha8Rng,
    nodes: Vec<SimNode>,
    /// Helm release histories per (namespace, release).
    releases: BTreeMap<(String, String), crate::sim::helm_store::ReleaseHistory>,
    /// Helm operations waiting for their pods (`--wait`), per (namespace, release).
    waits: BTreeMap<(String, String), deploys::Waiting>,
    /// Releases a planned run will change when its Apply stage starts (→ the run's name): a
    /// second run planned meanwhile finds them held, as Helm would once the first one writes.
    reserved: BTreeMap<(String, String), String>,
    /// What each deploy/uninstall build of the history did: (team, job, number) → its run
    /// and whether it succeeded.
    history_runs: BTreeMap<(String, String, u32), (Arc<crate::sim::deploy_plan::DeployRun>, bool)>,
    serial: u64,
    seed: u64,
    /// Namespaces deleted through the API (`namespaces.rs`): the world starts nothing there.
    closed: std::collections::BTreeSet<String>,
    /// The instant the world's model was last brought to (status fields that age use it).
    now: Timestamp,
    /// When each dev stage's report CronJob was created (it is rewritten as its Jobs run).
    cron_created: BTreeMap<String, Timestamp>,
}

impl Inner {
    fn at(&mut self, at: Timestamp, action: Action) {
        self.seq += 1;
        self.schedule.push(Reverse(Scheduled {
            at,
            seq: self.seq,
            action,
        }));
    }

    fn counts(&self, d: &SimDeployment) -> Counts {
        let mut c = Counts::default();
        let lo = (d.ns.clone(), String::new());
        for ((ns, _), p) in self.pods.range(lo..) {
            if *ns != d.ns {
                break;
            }
            if p.deletion.is_some() || p.phase == "Failed" {
                continue;
            }
            let Some(o) = p.owner.as_ref().filter(|o| d.owns_rs(&o.name)) else {
                continue;
            };
            let ready = p.all_ready() && p.phase == "Running";
            if o.name == d.rs_name {
                c.replicas += 1;
                c.ready += u32::from(ready);
            } else {
                c.old += 1;
                c.old_ready += u32::from(ready);
            }
        }
        c
    }
}

/// A pod's log cannot be served; the message is what the apiserver/kubelet would say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogError {
    PodNotFound,
    BadRequest(String),
}

pub struct World {
    store: Arc<Store>,
    inner: Mutex<Inner>,
    pub teams: Vec<Team>,
    /// Each team's values history (by team index), until its config repo is written from it.
    values_histories: Mutex<Vec<Vec<crate::sim::config_repo::ValuesCommit>>>,
}

impl World {
    /// Builds the world for a config and writes it to the store (history compacted afterwards,
    /// as if the world had been running for a long time).
    pub fn seed(store: Arc<Store>, cfg: WorldConfig) -> Arc<World> {
        let teams = catalog::teams(cfg.scale);
        let mut inner = Inner {
            pods: BTreeMap::new(),
            deployments: BTreeMap::new(),
            events: EventBook::default(),
            schedule: BinaryHeap::new(),
            seq: 0,
            rng: ChaCha8Rng::seed_from_u64(cfg.seed),
            nodes: Vec::new(),
            releases: BTreeMap::new(),
            waits: BTreeMap::new(),
            reserved: BTreeMap::new(),
            history_runs: BTreeMap::new(),
            serial: 0,
            seed: cfg.seed,
            closed: Default::default(),
            now: store.clock.start(),
            cron_created: BTreeMap::new(),
        };
        let start = store.clock.start();
        let mut writes = Writes::default();
        seed::populate_cluster(&mut inner, &teams, start, &mut writes);
        writes.apply(&store);
        // Team by team, so that a large world never holds all its JSON twice.
        let mut histories = Vec::with_capacity(teams.len());
        for (ti, team) in teams.iter().enumerate() {
            let runs = if team.deploys_by_jenkins() {
                crate::sim::jenkins::history_runs(team, true, start, cfg.seed)
            } else {
                Vec::new()
            };
            let commits = crate::sim::config_repo::values_history(team, start, &runs);
            let mut writes = Writes::default();
            seed::populate_team(&mut inner, team, ti, (start, &commits, &runs), &mut writes);
            histories.push(commits);
            for key in std::mem::take(&mut writes.touched) {
                if let Some(d) = inner.deployments.get(&key) {
                    let c = inner.counts(d);
                    writes.put(Kind::Deployment, d.to_json(c, start));
                    for rs in d.replica_sets(c) {
                        writes.put(Kind::ReplicaSet, rs);
                    }
                }
            }
            writes.apply(&store);
        }
        rbac::seed(&store, &teams, start);
        store.compact();
        Arc::new(World {
            store,
            inner: Mutex::new(inner),
            teams,
            values_histories: Mutex::new(histories),
        })
    }

    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    /// The values history of team `index` (its config repo is written from it); empty once
    /// taken.
    pub fn take_values_history(&self, index: usize) -> Vec<crate::sim::config_repo::ValuesCommit> {
        self.values_histories
            .lock()
            .expect("histories lock")
            .get_mut(index)
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// What a deploy or uninstall build of the history did, and whether it succeeded: handed
    /// over to the team's Jenkins, which starts each build once (kept here as well, a large
    /// world would hold every history run twice).
    pub fn take_history_run(
        &self,
        team: &str,
        job: &str,
        number: u32,
    ) -> Option<(Arc<crate::sim::deploy_plan::DeployRun>, bool)> {
        let mut inner = self.inner.lock().expect("world lock");
        inner
            .history_runs
            .remove(&(team.to_string(), job.to_string(), number))
    }

    /// Runs the world's clockwork on a thread of its own (a large world's steps are CPU work that
    /// must not stall the async server), until the returned handle is dropped.
    pub fn start_clockwork(self: &Arc<Self>) -> Clockwork {
        let stop = Arc::new(AtomicBool::new(false));
        let world = self.clone();
        let flag = stop.clone();
        std::thread::Builder::new()
            .name("world-clockwork".into())
            .spawn(move || {
                while !flag.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(250));
                    world.step(world.store.clock.now());
                }
            })
            .expect("a thread for the world's clockwork");
        Clockwork { stop }
    }

    /// Does everything due up to `now`, a bounded batch at a time: a large world catching up
    /// (its first step comes after minutes of seeding) would otherwise hold millions of pending
    /// writes at once, and the API would wait on the world's lock all that while.
    pub fn step(&self, now: Timestamp) {
        const BATCH: usize = 2_000;
        loop {
            let mut inner = self.inner.lock().expect("world lock");
            inner.now = inner.now.max(now);
            let mut writes = Writes::default();
            let mut done = 0;
            while done < BATCH && inner.schedule.peek().is_some_and(|Reverse(s)| s.at <= now) {
                let Reverse(s) = inner.schedule.pop().expect("peeked");
                dynamics::apply(&mut inner, &self.teams, s.action, s.at, &mut writes);
                done += 1;
            }
            writes.flush_deployments(&mut inner);
            drop(inner);
            writes.apply(&self.store);
            if done < BATCH {
                break;
            }
        }
        self.finish_namespaces();
    }

    /// Starts a pod's graceful deletion (the API's DELETE). Returns false if there is no such pod.
    pub fn delete_pod(&self, ns: &str, name: &str) -> bool {
        let now = self.store.clock.now();
        let mut inner = self.inner.lock().expect("world lock");
        let mut writes = Writes::default();
        let ok = dynamics::begin_delete(&mut inner, ns, name, now, &mut writes);
        writes.flush_deployments(&mut inner);
        drop(inner);
        writes.apply(&self.store);
        ok
    }

    /// A Deployment's object as a PATCH or a scale left it: the world takes its replica count
    /// and pod template annotations (and rolls or scales as the controllers would). False if
    /// the world does not run such a Deployment (the store then keeps the object as written).
    pub fn deployment_patched(&self, ns: &str, name: &str, v: &serde_json::Value) -> bool {
        let replicas = v["spec"]["replicas"]
            .as_u64()
            .and_then(|r| u32::try_from(r).ok());
        let annotations = v["spec"]["template"]["metadata"]["annotations"]
            .as_object()
            .map(|m| {
                m.iter()
                    .filter(|(k, _)| *k != "kubectl.kubernetes.io/default-container")
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                    .collect()
            });
        let now = self.store.clock.now();
        let mut inner = self.inner.lock().expect("world lock");
        let mut writes = Writes::default();
        let ok = rollout::patched(
            &mut inner,
            (ns, name),
            replicas,
            annotations,
            now,
            &mut writes,
        );
        writes.flush_deployments(&mut inner);
        drop(inner);
        writes.apply(&self.store);
        ok
    }

    /// A StatefulSet's pod template changed (a restart): its controller replaces the pods —
    /// each is deleted and comes back under its name (the world's StatefulSets have one replica,
    /// so one at a time is all at once).
    pub fn stateful_set_template_changed(&self, ns: &str, name: &str) {
        let now = self.store.clock.now();
        let mut inner = self.inner.lock().expect("world lock");
        let pods: Vec<String> = inner
            .pods
            .values()
            .filter(|p| {
                p.ns == ns
                    && p.deletion.is_none()
                    && p.owner
                        .as_ref()
                        .is_some_and(|o| o.kind == "StatefulSet" && o.name == name)
            })
            .map(|p| p.name.clone())
            .collect();
        let mut writes = Writes::default();
        for pod in pods {
            dynamics::begin_delete(&mut inner, ns, &pod, now, &mut writes);
        }
        drop(inner);
        writes.apply(&self.store);
    }

    /// The run whose log `kubectl logs` would show, following kubelet's `validateContainerLogStatus`.
    pub fn log_instance(
        &self,
        ns: &str,
        pod: &str,
        container: Option<&str>,
        previous: bool,
    ) -> Result<(String, Instance), LogError> {
        let inner = self.inner.lock().expect("world lock");
        let p = inner
            .pods
            .get(&(ns.to_string(), pod.to_string()))
            .ok_or(LogError::PodNotFound)?;
        let names: Vec<&str> = p.containers.iter().map(|c| c.name.as_str()).collect();
        let c = match container {
            Some(name) => p
                .containers
                .iter()
                .find(|c| c.name == name)
                .ok_or_else(|| {
                    LogError::BadRequest(format!("container {name} is not valid for pod {pod}"))
                })?,
            None if p.containers.len() == 1 => &p.containers[0],
            None => {
                return Err(LogError::BadRequest(format!(
                    "a container name must be specified for pod {pod}, choose one of: [{}]",
                    names.join(" ")
                )))
            }
        };
        if p.node.is_none() {
            return Err(LogError::BadRequest(format!(
                "pod {pod} does not have a host assigned"
            )));
        }
        let name = c.name.clone();
        if previous {
            return c
                .instance(p.seed, true)
                .map(|i| (name.clone(), i))
                .ok_or_else(|| {
                    LogError::BadRequest(format!(
                        "previous terminated container \"{name}\" in pod \"{pod}\" not found"
                    ))
                });
        }
        match &c.state {
            // A container that never got an ID (evicted before the runtime knew it).
            CState::Terminated(t) if t.container_id.is_empty() => match &c.last {
                Some(_) => Ok((name, c.instance(p.seed, true).expect("has a last state"))),
                None => Err(LogError::BadRequest(format!(
                    "container \"{name}\" in pod \"{pod}\" is terminated"
                ))),
            },
            CState::Running { .. } | CState::Terminated(_) => Ok((
                name,
                c.instance(p.seed, false).expect("running or terminated"),
            )),
            CState::Waiting { .. } if c.last.is_some() => {
                Ok((name, c.instance(p.seed, true).expect("has a last state")))
            }
            CState::Waiting { reason, .. } => {
                let why = match reason.as_str() {
                    "ErrImagePull" => "image can't be pulled".to_string(),
                    "ImagePullBackOff" => "trying and failing to pull image".to_string(),
                    other => other.to_string(),
                };
                Err(LogError::BadRequest(format!(
                    "container \"{name}\" in pod \"{pod}\" is waiting to start: {why}"
                )))
            }
        }
    }

    /// Whether `inst` is still a run of that container that may write more (for `follow`).
    pub fn log_is_live(&self, ns: &str, pod: &str, container: &str, inst: &Instance) -> bool {
        let inner = self.inner.lock().expect("world lock");
        inner
            .pods
            .get(&(ns.to_string(), pod.to_string()))
            .and_then(|p| {
                let c = p.containers.iter().find(|c| c.name == container)?;
                c.instance(p.seed, false)
            })
            .is_some_and(|cur| cur.seed == inst.seed && cur.start == inst.start)
    }

    pub fn pod_count(&self) -> usize {
        self.inner.lock().expect("world lock").pods.len()
    }
}

/// Stops the clockwork thread when dropped.
pub struct Clockwork {
    stop: Arc<AtomicBool>,
}

impl Drop for Clockwork {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Store writes collected while the world's lock is held, applied in order afterwards.
#[derive(Default)]
struct Writes {
    puts: Vec<(Kind, serde_json::Value)>,
    deletes: Vec<(Kind, String, String)>,
    /// Deployments whose status may have changed.
    touched: Vec<(String, String)>,
}

impl Writes {
    fn put(&mut self, kind: Kind, v: serde_json::Value) {
        self.puts.push((kind, v));
    }

    fn pod(&mut self, p: &SimPod) {
        self.puts.push((Kind::Pod, p.to_json()));
        // A Job's status is its pod's.
        if let Some(job) = batch::job_json(p) {
            self.puts.push((Kind::Job, job));
        }
        if let Some(o) = &p.owner {
            if o.kind == "ReplicaSet" {
                if let Some(dep) = o.name.rsplit_once('-').map(|(d, _)| d.to_string()) {
                    self.touched.push((p.ns.clone(), dep));
                }
            }
        }
    }

    fn flush_deployments(&mut self, inner: &mut Inner) {
        self.touched.sort();
        self.touched.dedup();
        for key in std::mem::take(&mut self.touched) {
            let Some(d) = inner.deployments.get(&key) else {
                continue;
            };
            let c = inner.counts(d);
            self.puts.push((Kind::Deployment, d.to_json(c, inner.now)));
            // The old ReplicaSet changes only during a rollout, until its last pod is gone.
            let n = if d.rolling { 2 } else { 1 };
            for rs in d.replica_sets(c).into_iter().take(n) {
                self.puts.push((Kind::ReplicaSet, rs));
            }
            if c.old == 0 {
                if let Some(d) = inner.deployments.get_mut(&key) {
                    d.rolling = false;
                }
            }
        }
    }

    fn apply(self, store: &Store) {
        for (kind, v) in self.puts {
            store.put(kind, v);
        }
        for (kind, ns, name) in self.deletes {
            let _ = store.delete(kind, &ns, &name);
        }
    }
}
