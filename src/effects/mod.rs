//! The effect runner: the only place that does I/O for the app. It owns the long-lived tasks
//! (one per watch or stream, keyed, the latest replacing the old) and sends their results back
//! as messages.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use kube::Client;
use tokio::sync::mpsc::{self, Sender};
use tokio::sync::Semaphore;
use tokio::task::AbortHandle;

use crate::app::effect::Effect;
use crate::app::msg::{ClusterMsg, Msg, Notice};
use crate::cluster::connect::KubeTarget;
use crate::cluster::{detail_watch, log_stream, watch};
use crate::outbox::Outbox;

mod helmfile;
mod jenkins;
mod kubectl;
#[cfg(test)]
mod log_effect_tests;
mod promotion;
mod repo;
mod stage_admin;
use crate::helm::release_fetch;
pub use kubectl::ShellHandoff;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum TaskKey {
    Namespaces,
    Pods(String),
    Releases(String),
    /// The cluster-wide pod and release watches (all teams).
    AllPods,
    AllReleases,
    PodDetail,
    Log,
    Jenkins(crate::app::jenkins::JenkinsSlot),
    /// A stage's Deployments, while a deploy of it is followed.
    Deployments(String),
    /// A stage's ReplicaSets, while its timeline is on screen.
    ReplicaSets(String),
    /// A resource list's watch.
    Resources(crate::cluster::resource::ResourceKey),
    /// A deploy of a stage: its queue item, then its build and console.
    Deploy(String),
    /// The editor's recovery journal of one file (team, path).
    Journal(String, String),
    /// The headroom's node and pod-requests watches, and its metrics poll.
    CapacityNodes,
    PodRequests,
    Metrics,
    /// A port-forward's kubectl, by the app's id.
    Forward(u64),
}

pub struct Runner {
    client: Client,
    /// The client of followed logs (no read deadline); the watches' client when not set.
    stream_client: Option<Client>,
    /// The watches' timeout and the deadlines their client was built with.
    liveness: crate::cluster::liveness::Liveness,
    target: Option<KubeTarget>,
    tx: Sender<Msg>,
    tasks: HashMap<TaskKey, AbortHandle>,
    /// Clients for a context the user switched to, built off the loop (exec auth may run).
    switched_tx: mpsc::Sender<(Client, Client, String)>,
    switched_rx: mpsc::Receiver<(Client, Client, String)>,
    /// Each team's Jenkins, from the config (`effects/jenkins.rs`).
    jenkins: HashMap<String, crate::jenkins::JenkinsClient>,
    /// `--readonly`: every write is refused here, whatever the view asked.
    readonly: bool,
    /// Namespaces of protected stages: a job that changes one runs only with its name typed.
    protected: std::collections::BTreeSet<String>,
    /// Namespaces of the teams' standard stages: never deleted from the cockpit.
    standard: std::collections::BTreeSet<String>,
    /// Each team's deploy jobs: which stage a triggered job changes.
    deploy_jobs: std::collections::BTreeMap<String, crate::config::DeployJobs>,
    /// Where the editor's recovery journal goes.
    recovery_dir: Option<PathBuf>,
    /// Each team's config repo: its URL, branch and working clone.
    repos: HashMap<String, crate::repo::tasks::RepoTarget>,
    /// Each team's chain of stage branches (a branch per stage).
    promotions: HashMap<String, crate::repo::promotion::PromotionTarget>,
    /// Per team: changes to its working clone take turns (see `run_repo`).
    repo_locks: HashMap<String, std::sync::Arc<tokio::sync::RwLock<()>>>,
    /// Release payload fetches at once at most (a screen of rows asks for a few dozen).
    decode_permits: Arc<Semaphore>,
    /// The lists' config repo reads at once at most (`Effect::RepoInTurn`).
    repo_turns: Arc<Semaphore>,
    /// Helmfile mode (`effects/helmfile.rs`): the PATH the tools are looked up on, the grace
    /// period of a cancel, and each running stage's cancel switch.
    tool_path: Option<std::ffi::OsString>,
    helmfile_grace: std::time::Duration,
    helmfile_cancel: HashMap<String, tokio::sync::oneshot::Sender<()>>,
    /// What kubectl is told about the cluster (`effects/kubectl.rs`), and a shell waiting for
    /// the loop to hand it the terminal.
    kubectl: crate::cluster::kubectl::KubectlTarget,
    pending_shell: Option<ShellHandoff>,
}

impl Drop for Runner {
    fn drop(&mut self) {
        for t in self.tasks.values() {
            t.abort();
        }
    }
}

impl Runner {
    /// The long-lived tasks it holds, and how many of them still run (SIGUSR1's report).
    pub fn task_count(&self) -> (usize, usize) {
        let running = self.tasks.values().filter(|h| !h.is_finished()).count();
        (self.tasks.len(), running)
    }

    pub fn new(client: Client, target: Option<KubeTarget>, tx: Sender<Msg>) -> Runner {
        let (switched_tx, switched_rx) = mpsc::channel(1);
        let kubectl = crate::cluster::kubectl::KubectlTarget {
            kubeconfig: None,
            context: target.as_ref().map(|t| t.context.clone()),
        };
        Runner {
            client,
            stream_client: None,
            liveness: target.as_ref().map(|t| t.liveness).unwrap_or_default(),
            target,
            tx,
            tasks: HashMap::new(),
            switched_tx,
            switched_rx,
            jenkins: HashMap::new(),
            repos: HashMap::new(),
            promotions: HashMap::new(),
            repo_locks: HashMap::new(),
            recovery_dir: None,
            readonly: false,
            protected: Default::default(),
            standard: Default::default(),
            deploy_jobs: Default::default(),
            decode_permits: Arc::new(Semaphore::new(release_fetch::CONCURRENT_FETCHES)),
            repo_turns: Arc::new(Semaphore::new(repo::REPO_READS_IN_TURN)),
            tool_path: std::env::var_os("PATH"),
            helmfile_grace: helmfile::GRACE,
            helmfile_cancel: HashMap::new(),
            kubectl,
            pending_shell: None,
        }
    }

    /// The client of followed log streams, which must not have the watches' read deadline.
    pub fn set_stream_client(&mut self, client: Client) {
        self.stream_client = Some(client);
    }

    fn spawn<F>(&mut self, key: TaskKey, fut: F)
    where
        F: std::future::Future<Output = ()> + Send + 'static,
    {
        let handle = tokio::spawn(fut).abort_handle();
        if let Some(old) = self.tasks.insert(key, handle) {
            old.abort();
        }
    }

    fn stop(&mut self, key: &TaskKey) {
        if let Some(h) = self.tasks.remove(key) {
            h.abort();
        }
    }

    pub fn run(&mut self, effects: Vec<Effect>) {
        for e in effects {
            self.run_one(e);
        }
    }

    fn run_one(&mut self, effect: Effect) {
        log_effect(&effect);
        let client = self.client.clone();
        let tx = self.tx.clone();
        let l = self.liveness;
        match effect {
            Effect::WatchNamespaces => {
                self.spawn(
                    TaskKey::Namespaces,
                    watch::watch_namespaces(client, l, Outbox::new(tx)),
                );
            }
            Effect::LoadAccess {
                team,
                namespaces,
                account,
            } => {
                tokio::spawn(async move {
                    let a = crate::cluster::access::fetch::team_access(
                        client, team, namespaces, account,
                    )
                    .await;
                    let _ = tx.send(Msg::Access(Box::new(a))).await;
                });
            }
            Effect::WatchCapacity => {
                use crate::cluster::headroom::watch as hw;
                self.spawn(
                    TaskKey::CapacityNodes,
                    hw::watch_nodes(client.clone(), l, Outbox::new(tx.clone())),
                );
                self.spawn(
                    TaskKey::PodRequests,
                    hw::watch_pod_requests(client, l, Outbox::new(tx)),
                );
            }
            Effect::PollMetrics { namespaces } => self.spawn(
                TaskKey::Metrics,
                crate::cluster::headroom::metrics::poll(client, namespaces, Outbox::new(tx)),
            ),
            Effect::StopMetrics => self.stop(&TaskKey::Metrics),
            Effect::WatchStage { namespace } => {
                self.spawn(
                    TaskKey::Pods(namespace.clone()),
                    watch::watch_pods(
                        client.clone(),
                        l,
                        namespace.clone(),
                        Outbox::new(tx.clone()),
                    ),
                );
                self.spawn(
                    TaskKey::Releases(namespace.clone()),
                    watch::watch_releases(client, l, namespace, Outbox::new(tx)),
                );
            }
            Effect::StopStage { namespace } => {
                self.stop(&TaskKey::Pods(namespace.clone()));
                self.stop(&TaskKey::Releases(namespace));
            }
            Effect::WatchAllStages { scope } => {
                use crate::cluster::all_stages_watch as all;
                self.spawn(
                    TaskKey::AllPods,
                    all::watch_all_pods(client.clone(), l, scope.clone(), Outbox::new(tx.clone())),
                );
                self.spawn(
                    TaskKey::AllReleases,
                    all::watch_all_releases(client, l, scope, Outbox::new(tx)),
                );
            }
            Effect::StopAllStages => {
                self.stop(&TaskKey::AllPods);
                self.stop(&TaskKey::AllReleases);
            }
            Effect::WatchDeployments { namespace } => self.spawn(
                TaskKey::Deployments(namespace.clone()),
                watch::watch_deployments(client, l, namespace, Outbox::new(tx)),
            ),
            Effect::StopDeployments { namespace } => self.stop(&TaskKey::Deployments(namespace)),
            Effect::WatchReplicaSets { namespace } => self.spawn(
                TaskKey::ReplicaSets(namespace.clone()),
                watch::watch_replica_sets(client, l, namespace, Outbox::new(tx)),
            ),
            Effect::StopReplicaSets { namespace } => self.stop(&TaskKey::ReplicaSets(namespace)),
            Effect::WatchPodDetail { namespace, name } => self.spawn(
                TaskKey::PodDetail,
                detail_watch::watch_pod_detail(client, l, namespace, name, Outbox::new(tx)),
            ),
            Effect::StopPodDetail => self.stop(&TaskKey::PodDetail),
            Effect::WatchResources { key } => self.spawn(
                TaskKey::Resources(key.clone()),
                crate::cluster::resource::watch::watch_resources(client, l, key, Outbox::new(tx)),
            ),
            Effect::StopResources { key } => self.stop(&TaskKey::Resources(key)),
            Effect::FetchObject {
                object,
                what,
                generation,
            } => {
                tokio::spawn(crate::cluster::resource::fetch::fetch_object(
                    client,
                    object,
                    what,
                    generation,
                    Outbox::new(tx),
                ));
            }
            Effect::StreamLog { stream, tail } => self.spawn(
                TaskKey::Log,
                log_stream::stream_log(
                    self.stream_client.clone().unwrap_or(client),
                    stream,
                    tail,
                    Outbox::new(tx),
                ),
            ),
            Effect::StopLog => self.stop(&TaskKey::Log),
            Effect::SaveText { path, text } => {
                tokio::spawn(async move {
                    let path = expand_home(path);
                    let notice = match write_atomically(&path, text.as_bytes()).await {
                        Ok(()) => Notice::info(format!("saved {}", path.display())),
                        Err(e) => Notice::error(format!("cannot save {}: {e}", path.display())),
                    };
                    let _ = tx.send(Msg::Notice(notice)).await;
                });
            }
            Effect::SwitchContext { context } => self.switch_context(context),
            Effect::Jenkins(e) => self.run_jenkins(e),
            Effect::Repo(e) => self.run_repo(e, None),
            Effect::RepoInTurn(e) => self.run_repo(e, Some(self.repo_turns.clone())),
            Effect::Promotion(e) => self.run_promotion(e),
            Effect::Helmfile(e) => self.run_helmfile(e),
            Effect::StageAdmin(e) => self.run_stage_admin(e),
            Effect::Shell(target) => self.shell(target),
            Effect::StartForward(spec) => self.start_forward(spec),
            Effect::StopForward { id } => self.stop_forward(id),
            Effect::Workload { op, confirmed } => self.workload(op, confirmed),
            Effect::Journal {
                team,
                file,
                text,
                now,
            } => self.journal(team, file, text, now),
            Effect::DropJournal { team, file } => self.drop_journal(team, file),
            Effect::DecodeRelease {
                namespace,
                secret,
                generation,
            } => {
                let permits = self.decode_permits.clone();
                tokio::spawn(async move {
                    let _permit = permits.acquire_owned().await;
                    release_fetch::decode_to(
                        client,
                        namespace,
                        secret,
                        generation,
                        Outbox::new(tx),
                    )
                    .await;
                });
            }
        }
    }

    fn switch_context(&mut self, context: String) {
        let Some(target) = self.target.clone() else {
            return;
        };
        // The port-forwards keep forwarding from the context they were started in.
        self.tasks.retain(|k, h| {
            let keep = matches!(k, TaskKey::Forward(_));
            if !keep {
                h.abort();
            }
            keep
        });
        let tx = self.tx.clone();
        let switched = self.switched_tx.clone();
        tokio::spawn(async move {
            let clients = match target.client(&context).await {
                Ok(c) => target.stream_client(&context).await.map(|s| (c, s)),
                Err(e) => Err(e),
            };
            match clients {
                Ok((client, streams)) => {
                    let _ = switched.send((client, streams, context)).await;
                }
                Err(e) => {
                    let _ = tx.send(Msg::Notice(Notice::error(e.to_string()))).await;
                }
            }
        });
    }

    /// Waits for a context switch to complete, installs its client and returns the message
    /// that tells the app (which then restarts its watches).
    pub async fn context_switched(&mut self) -> Msg {
        match self.switched_rx.recv().await {
            Some((client, streams, context)) => {
                self.client = client;
                self.stream_client = Some(streams);
                self.kubectl.context = Some(context.clone());
                Msg::Cluster(ClusterMsg::ContextSwitched { context })
            }
            // Never closes: the runner holds a sender.
            None => std::future::pending().await,
        }
    }
}

fn expand_home(p: PathBuf) -> PathBuf {
    match (p.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => p,
    }
}

/// Writes to a temp file beside the target, then renames: a crash never leaves half a file.
async fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("stagecoach-tmp");
    tokio::fs::write(&tmp, bytes).await?;
    tokio::fs::rename(&tmp, path).await
}

/// Logs an effect without what the user typed or saved (a buffer's text never reaches the log).
fn log_effect(effect: &Effect) {
    use crate::app::effect::repo::RepoEffect;
    match effect {
        Effect::SaveText { path, text } => {
            tracing::debug!(path = %path.display(), bytes = text.len(), "effect SaveText");
        }
        Effect::Journal {
            team, file, text, ..
        } => tracing::debug!(team, file, bytes = text.len(), "effect Journal"),
        Effect::Repo(RepoEffect::Save {
            team, path, text, ..
        }) => tracing::debug!(team, path, bytes = text.len(), "effect Repo::Save"),
        Effect::Repo(RepoEffect::Edit { team, edit }) => {
            tracing::debug!(
                team,
                file = edit.file,
                path = edit.path,
                "effect Repo::Edit"
            );
        }
        other => tracing::debug!(effect = ?other, "effect"),
    }
}
