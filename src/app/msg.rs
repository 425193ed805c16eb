//! Everything that arrives at the app: keys, time, and facts reported by the effect runner.
//! Backend variants are in the past tense: they say what happened.

use jiff::Timestamp;

use super::action::Action;
use crate::cluster::event_row::EventRow;
use crate::cluster::pod_detail::PodDetail;
use crate::cluster::pod_row::PodRow;
use crate::helm::{Release, ReleaseError, ReleaseRow};
use crate::keymap::Key;

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(Key),
    Paste(String),
    /// The terminal's size changed (coalesced by the runtime).
    Resized {
        width: u16,
        height: u16,
    },
    /// Time passes; views never read the wall clock.
    Clock(Timestamp),
    Action(Action),
    Cluster(ClusterMsg),
    Log(LogMsg),
    Jenkins(super::jenkins::JenkinsMsg),
    Helm(HelmMsg),
    /// A short message for the status line, e.g. the result of saving a file.
    Notice(Notice),
    /// SIGTERM/SIGHUP/SIGINT: leave now.
    Terminated,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Notice {
        Notice {
            text: crate::text::sanitize::sanitize_line(&text.into()),
            error: false,
        }
    }

    pub fn error(text: impl Into<String>) -> Notice {
        Notice {
            text: crate::text::sanitize::sanitize_line(&text.into()),
            error: true,
        }
    }
}

/// Which long-lived watch a message is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WatchId {
    Namespaces,
    Pods(String),
    Releases(String),
    PodDetail {
        namespace: String,
        name: String,
    },
    /// The events of the pod whose detail is open.
    PodEvents {
        namespace: String,
        name: String,
    },
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
    ReleasesSynced {
        namespace: String,
        rows: Vec<ReleaseRow>,
    },
    ReleasesChanged {
        namespace: String,
        applied: Vec<ReleaseRow>,
        deleted: Vec<String>,
    },
    /// A watch broke; the runner is retrying with back-off.
    WatchFailed {
        id: WatchId,
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

/// Helm release payloads, fetched and decoded by the runner.
#[derive(Debug, Clone, PartialEq)]
pub enum HelmMsg {
    /// One revision's Secret was fetched and decoded (or could not be); `generation` is the
    /// one of the `DecodeRelease` effect it answers.
    ReleaseDecoded {
        namespace: String,
        secret: String,
        generation: u64,
        result: Result<std::sync::Arc<Release>, ReleaseError>,
    },
}

impl From<HelmMsg> for Msg {
    fn from(m: HelmMsg) -> Msg {
        Msg::Helm(m)
    }
}

impl From<super::jenkins::JenkinsMsg> for Msg {
    fn from(m: super::jenkins::JenkinsMsg) -> Msg {
        Msg::Jenkins(m)
    }
}

impl From<ClusterMsg> for Msg {
    fn from(m: ClusterMsg) -> Msg {
        Msg::Cluster(m)
    }
}

impl From<LogMsg> for Msg {
    fn from(m: LogMsg) -> Msg {
        Msg::Log(m)
    }
}
