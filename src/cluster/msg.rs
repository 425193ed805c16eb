//! What the cluster area's I/O half reports: watch results, pod detail, log lines. The app
//! wraps these in its own message; this area knows no cockpit.

use jiff::Timestamp;

use super::event_row::EventRow;
use super::pod_detail::PodDetail;
use super::pod_row::PodRow;
use super::replica_set_row::ReplicaSetRow;
use super::rollout::DeploymentRow;
use super::watch_failure::FailureKind;
use crate::helm::ReleaseRow;

/// Which long-lived watch a message is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WatchId {
    Namespaces,
    Pods(String),
    Releases(String),
    /// Every pod of the cluster, kept for the teams' stages (all teams, issue 15).
    AllPods,
    /// Every Helm release Secret of the cluster, kept for the teams' stages.
    AllReleases,
    /// A stage's Deployments, watched while a deploy of the stage is followed.
    Deployments(String),
    /// A stage's ReplicaSets, watched while its timeline is on screen (pod rollouts).
    ReplicaSets(String),
    PodDetail {
        namespace: String,
        name: String,
    },
    /// The events of the pod whose detail is open.
    PodEvents {
        namespace: String,
        name: String,
    },
    /// A resource list's watch (one kind in one namespace, or cluster-wide).
    Resources(super::resource::ResourceKey),
    /// Every non-terminated pod's requests, cluster-wide (the headroom).
    PodRequests,
    /// The nodes' allocatable (the headroom's own node watch).
    CapacityNodes,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ClusterMsg {
    /// The namespace list (re)synced: the full set of names.
    NamespacesSynced(Vec<String>),
    NamespaceApplied(String),
    NamespaceDeleted(String),
    /// A namespace's pods (re)synced: the full set.
    PodsSynced {
        namespace: String,
        rows: Vec<PodRow>,
    },
    PodsChanged {
        namespace: String,
        applied: Vec<PodRow>,
        deleted: Vec<String>,
    },
    /// The cluster-wide pod watch (re)synced: every stage's pods.
    AllPodsSynced(Vec<PodRow>),
    /// Deleted: (namespace, name).
    AllPodsChanged {
        applied: Vec<PodRow>,
        deleted: Vec<(String, String)>,
    },
    /// The cluster-wide release watch (re)synced: every stage's release Secrets.
    AllReleasesSynced(Vec<ReleaseRow>),
    AllReleasesChanged {
        applied: Vec<ReleaseRow>,
        deleted: Vec<(String, String)>,
    },
    ReleasesSynced {
        namespace: String,
        rows: Vec<ReleaseRow>,
    },
    ReleasesChanged {
        namespace: String,
        applied: Vec<ReleaseRow>,
        deleted: Vec<String>,
    },
    DeploymentsSynced {
        namespace: String,
        rows: Vec<DeploymentRow>,
    },
    DeploymentsChanged {
        namespace: String,
        applied: Vec<DeploymentRow>,
        deleted: Vec<String>,
    },
    ReplicaSetsSynced {
        namespace: String,
        rows: Vec<ReplicaSetRow>,
    },
    ReplicaSetsChanged {
        namespace: String,
        applied: Vec<ReplicaSetRow>,
        deleted: Vec<String>,
    },
    /// A watch broke; the runner is retrying with back-off.
    WatchFailed {
        id: WatchId,
        kind: FailureKind,
        error: String,
    },
    PodDetailLoaded {
        namespace: String,
        name: String,
        detail: Box<PodDetail>,
    },
    PodGone {
        namespace: String,
        name: String,
    },
    PodEventsLoaded {
        namespace: String,
        name: String,
        events: Vec<EventRow>,
    },
    ContextSwitched {
        context: String,
    },
    /// A resource list's watch (re)synced: the full set.
    ResourcesSynced {
        key: super::resource::ResourceKey,
        rows: Vec<super::resource::ResourceRow>,
    },
    ResourcesChanged {
        key: super::resource::ResourceKey,
        applied: Vec<super::resource::ResourceRow>,
        deleted: Vec<String>,
    },
    /// The headroom's watches (nodes, pods' requests) and metrics polls.
    Capacity(super::headroom::CapacityMsg),
    /// The object a YAML or describe screen asked for (a GET, and its events for describe).
    ObjectFetched {
        object: super::resource::fetch::ObjectRef,
        generation: u64,
        result: Result<Box<super::resource::fetch::Fetched>, String>,
    },
}

/// One log stream: a container of a pod, current or previous, and a generation so that lines
/// of a stream the user has left are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LogStreamId {
    pub namespace: String,
    pub pod: String,
    pub container: String,
    pub previous: bool,
    pub generation: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub time: Option<Timestamp>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LogMsg {
    Lines {
        stream: LogStreamId,
        lines: Vec<LogLine>,
    },
    /// The stream is open (again, after `Reconnecting`), even if no line has come yet.
    Connected {
        stream: LogStreamId,
        at: Timestamp,
    },
    /// The stream broke and is being reopened from the last line seen.
    Reconnecting {
        stream: LogStreamId,
        error: String,
    },
    /// The followed container stopped (`reason`: it exited, or waits in back-off); the stream
    /// goes on with its next run.
    AwaitingRestart {
        stream: LogStreamId,
        reason: String,
    },
    /// The server closed the stream for good (a previous log is complete, the pod is gone).
    Ended {
        stream: LogStreamId,
        reason: String,
    },
    Failed {
        stream: LogStreamId,
        error: String,
    },
}

impl ClusterMsg {
    /// The same message with its pod and release rows copied afresh, on the thread that
    /// keeps them. A watch task parses thousands of full objects on a worker thread and keeps
    /// a small row of each: the rows' strings lie scattered among the freed objects, and the
    /// allocator can give none of those pages back. Copied, the rows sit together in the
    /// loop's heap and the workers' heap holds only garbage, which `memory::release_freed`
    /// returns (issue 15: RSS at 10k pods).
    pub fn rehomed(mut self) -> Self {
        match &mut self {
            ClusterMsg::PodsSynced { rows, .. }
            | ClusterMsg::PodsChanged { applied: rows, .. }
            | ClusterMsg::AllPodsSynced(rows)
            | ClusterMsg::AllPodsChanged { applied: rows, .. } => copy_rows(rows),
            ClusterMsg::ReleasesSynced { rows, .. }
            | ClusterMsg::ReleasesChanged { applied: rows, .. }
            | ClusterMsg::AllReleasesSynced(rows)
            | ClusterMsg::AllReleasesChanged { applied: rows, .. } => copy_rows(rows),
            _ => {}
        }
        self
    }

    /// The variant's name, for the log (the rows themselves can be 100k pods long).
    pub fn kind(&self) -> &'static str {
        match self {
            ClusterMsg::NamespacesSynced(_) => "NamespacesSynced",
            ClusterMsg::NamespaceApplied(_) => "NamespaceApplied",
            ClusterMsg::NamespaceDeleted(_) => "NamespaceDeleted",
            ClusterMsg::PodsSynced { .. } => "PodsSynced",
            ClusterMsg::PodsChanged { .. } => "PodsChanged",
            ClusterMsg::AllPodsSynced(_) => "AllPodsSynced",
            ClusterMsg::AllPodsChanged { .. } => "AllPodsChanged",
            ClusterMsg::AllReleasesSynced(_) => "AllReleasesSynced",
            ClusterMsg::AllReleasesChanged { .. } => "AllReleasesChanged",
            ClusterMsg::ReleasesSynced { .. } => "ReleasesSynced",
            ClusterMsg::ReleasesChanged { .. } => "ReleasesChanged",
            ClusterMsg::DeploymentsSynced { .. } => "DeploymentsSynced",
            ClusterMsg::DeploymentsChanged { .. } => "DeploymentsChanged",
            ClusterMsg::ReplicaSetsSynced { .. } => "ReplicaSetsSynced",
            ClusterMsg::ReplicaSetsChanged { .. } => "ReplicaSetsChanged",
            ClusterMsg::WatchFailed { .. } => "WatchFailed",
            ClusterMsg::PodDetailLoaded { .. } => "PodDetailLoaded",
            ClusterMsg::PodGone { .. } => "PodGone",
            ClusterMsg::PodEventsLoaded { .. } => "PodEventsLoaded",
            ClusterMsg::ContextSwitched { .. } => "ContextSwitched",
            ClusterMsg::ResourcesSynced { .. } => "ResourcesSynced",
            ClusterMsg::ResourcesChanged { .. } => "ResourcesChanged",
            ClusterMsg::Capacity(_) => "Capacity",
            ClusterMsg::ObjectFetched { .. } => "ObjectFetched",
        }
    }
}

/// Each row copied in place, its original freed at once: 100k pods' rows are not held twice.
fn copy_rows<T: Clone>(rows: &mut [T]) {
    for row in rows.iter_mut() {
        let copy = row.clone();
        *row = copy;
    }
}
