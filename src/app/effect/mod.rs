//! I/O as plain data: what the app asks the effect runner to do. Tests compare these.

use std::path::PathBuf;

pub mod helmfile;
pub mod jenkins;
pub mod promotion;
pub mod repo;
pub mod stage_admin;

use crate::cluster::kubectl::exec::ShellTarget;
use crate::cluster::kubectl::port_forward::ForwardSpec;
use crate::cluster::workload_write::WorkloadOp;

use crate::cluster::msg::LogStreamId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Watch the cluster's namespaces (names only): stages appear and vanish with them.
    WatchNamespaces,
    /// Ask the API what the user may do in a team's namespaces, and read the RoleBindings of
    /// the team Jenkins' ServiceAccount (`account`: namespace, name); answered by `Msg::Access`.
    LoadAccess {
        team: String,
        namespaces: Vec<String>,
        account: (String, String),
    },
    /// Watch the nodes and every non-terminated pod's requests for the session (the headroom).
    WatchCapacity,
    /// Poll metrics.k8s.io for the nodes and these namespaces' pods while the headroom is on
    /// screen (the API has no watch).
    PollMetrics {
        namespaces: Vec<String>,
    },
    StopMetrics,
    /// Watch one team namespace's pods and Helm release Secrets.
    WatchStage {
        namespace: String,
    },
    StopStage {
        namespace: String,
    },
    /// Watch every pod and Helm release Secret of the cluster, keeping the stages in scope
    /// (all teams: two watches instead of two per stage).
    WatchAllStages {
        scope: crate::cluster::stage::StageNamespaces,
    },
    StopAllStages,
    /// Watch a stage's Deployments while a deploy of it is followed (rollout status).
    WatchDeployments {
        namespace: String,
    },
    StopDeployments {
        namespace: String,
    },
    /// Watch a stage's ReplicaSets while its timeline is on screen (pod rollouts).
    WatchReplicaSets {
        namespace: String,
    },
    StopReplicaSets {
        namespace: String,
    },
    /// Watch a resource list's objects (one kind in one namespace, or cluster-wide) while
    /// the list is on screen.
    WatchResources {
        key: crate::cluster::resource::ResourceKey,
    },
    StopResources {
        key: crate::cluster::resource::ResourceKey,
    },
    /// GET one object for its YAML or describe (answered by `ClusterMsg::ObjectFetched`).
    FetchObject {
        object: crate::cluster::resource::fetch::ObjectRef,
        what: crate::cluster::resource::fetch::FetchWhat,
        generation: u64,
    },
    /// Watch one pod in full, with its events and owner chain, while its detail is open.
    WatchPodDetail {
        namespace: String,
        name: String,
    },
    StopPodDetail,
    /// Stream a container's log (following unless `previous`), replacing any other stream.
    StreamLog {
        stream: LogStreamId,
        tail: Option<i64>,
    },
    StopLog,
    SaveText {
        path: PathBuf,
        text: String,
    },
    SwitchContext {
        context: String,
    },
    /// Poll, follow or write to a team's Jenkins (answered by `Msg::Jenkins`).
    Jenkins(jenkins::JenkinsEffect),
    /// Work with a team's config repo (answered by `Msg::Repo`).
    Repo(repo::RepoEffect),
    /// A config repo read a list of many teams wants (the matrix's DRIFT column: each visible
    /// team's clone opened and its Helmfile read). These take turns, a few at a time: a page of
    /// twenty teams would otherwise start twenty `git clone`s at once and take the cores from
    /// the keys the user is typing.
    RepoInTurn(repo::RepoEffect),
    /// Deploy or uninstall a stage with helmfile from the team's clone, or cancel that run
    /// (answered by `Msg::Helmfile`).
    Helmfile(helmfile::HelmfileEffect),
    /// Keep what the editor holds in the recovery journal (debounced; `now` writes at once,
    /// for a quit).
    Journal {
        team: String,
        file: String,
        text: String,
        now: bool,
    },
    /// The file was committed: its journal goes.
    DropJournal {
        team: String,
        file: String,
    },
    /// Read or promote a team's stage branches (answered by `Msg::Promotion`).
    Promotion(promotion::PromotionEffect),
    /// Create or delete an ad-hoc stage (answered by `Msg::StageAdmin`).
    StageAdmin(stage_admin::StageAdminEffect),
    /// Fetch one Helm release revision's Secret and decode it off the UI thread; answered by
    /// `HelmMsg::ReleaseDecoded` with the same generation.
    DecodeRelease {
        namespace: String,
        secret: String,
        generation: u64,
    },
    /// A shell in a pod's container: the loop hands the terminal to `kubectl exec -it`, then
    /// takes it back (answered by `Msg::ShellEnded`).
    Shell(ShellTarget),
    /// Start a `kubectl port-forward` as a managed child (answered by `Msg::Forward`).
    StartForward(ForwardSpec),
    /// Stop one (its child is killed).
    StopForward {
        id: u64,
    },
    /// Delete a pod, restart or scale a workload (answered by `Msg::Workload`); `confirmed` is
    /// the protected stage's namespace as typed.
    Workload {
        op: WorkloadOp,
        confirmed: Option<String>,
    },
}
