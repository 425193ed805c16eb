//! Everything that arrives at the app: keys, time, and facts reported by the effect runner.
//! Backend variants are in the past tense: they say what happened.

use jiff::Timestamp;

use crate::keymap::{Action, Key};

pub use crate::cluster::msg::{ClusterMsg, LogLine, LogMsg, LogStreamId, WatchId};
pub use crate::helm::msg::HelmMsg;
pub use crate::jenkins::msg::JenkinsMsg;
pub use crate::repo::helmfile::run::HelmfileMsg;
pub use crate::repo::msg::RepoMsg;

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
    Jenkins(JenkinsMsg),
    Helm(HelmMsg),
    Repo(RepoMsg),
    /// A helmfile deploy or uninstall run reported (`app::deploy_helmfile`).
    Helmfile(HelmfileMsg),
    /// A team's stage branches were read, or a promotion moved on or ended.
    Promotion(crate::repo::promotion::PromotionMsg),
    /// An ad-hoc stage was created or deleted (or refused).
    StageAdmin(crate::cluster::stage_admin::StageAdminMsg),
    /// A short message for the status line, e.g. the result of saving a file.
    Notice(Notice),
    /// SIGTERM/SIGHUP/SIGINT: leave now.
    Terminated,
    /// The external editor the user edited a repo file in has ended.
    EditorClosed {
        team: String,
        result: Result<(), String>,
    },
    /// The shell `s` opened has ended (the screen is back).
    ShellEnded {
        pod: String,
        result: Result<(), String>,
    },
    /// A port-forward's kubectl listened, said something or died.
    Forward(crate::cluster::kubectl::port_forward::ForwardMsg),
    /// A pod delete, a restart or a scale was made (or refused).
    Workload(crate::cluster::workload_write::WorkloadMsg),
    /// A team's access was read (`Effect::LoadAccess`).
    Access(Box<crate::cluster::access::TeamAccess>),
}

impl Msg {
    /// The variant's name, for the log (`runtime::turn`).
    pub fn kind(&self) -> &'static str {
        match self {
            Msg::Key(_) => "Key",
            Msg::Paste(_) => "Paste",
            Msg::Resized { .. } => "Resized",
            Msg::Clock(_) => "Clock",
            Msg::Action(_) => "Action",
            Msg::Cluster(m) => m.kind(),
            Msg::Log(_) => "Log",
            Msg::Jenkins(_) => "Jenkins",
            Msg::Helm(_) => "Helm",
            Msg::Repo(_) => "Repo",
            Msg::Helmfile(_) => "Helmfile",
            Msg::Promotion(_) => "Promotion",
            Msg::StageAdmin(_) => "StageAdmin",
            Msg::Notice(_) => "Notice",
            Msg::Terminated => "Terminated",
            Msg::EditorClosed { .. } => "EditorClosed",
            Msg::ShellEnded { .. } => "ShellEnded",
            Msg::Forward(_) => "Forward",
            Msg::Workload(_) => "Workload",
            Msg::Access(_) => "Access",
        }
    }
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

impl From<HelmMsg> for Msg {
    fn from(m: HelmMsg) -> Msg {
        Msg::Helm(m)
    }
}

impl From<JenkinsMsg> for Msg {
    fn from(m: JenkinsMsg) -> Msg {
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

impl From<RepoMsg> for Msg {
    fn from(m: RepoMsg) -> Msg {
        Msg::Repo(m)
    }
}

impl From<HelmfileMsg> for Msg {
    fn from(m: HelmfileMsg) -> Msg {
        Msg::Helmfile(m)
    }
}

impl From<crate::cluster::stage_admin::StageAdminMsg> for Msg {
    fn from(m: crate::cluster::stage_admin::StageAdminMsg) -> Msg {
        Msg::StageAdmin(m)
    }
}

impl From<crate::repo::promotion::PromotionMsg> for Msg {
    fn from(m: crate::repo::promotion::PromotionMsg) -> Msg {
        Msg::Promotion(m)
    }
}

impl From<crate::cluster::kubectl::port_forward::ForwardMsg> for Msg {
    fn from(m: crate::cluster::kubectl::port_forward::ForwardMsg) -> Msg {
        Msg::Forward(m)
    }
}

impl From<crate::cluster::workload_write::WorkloadMsg> for Msg {
    fn from(m: crate::cluster::workload_write::WorkloadMsg) -> Msg {
        Msg::Workload(m)
    }
}
