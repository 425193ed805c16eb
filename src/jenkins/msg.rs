//! What the Jenkins area's polling tasks report. Every message carries the generation of the
//! screen that asked (a fresh one each time a screen is entered), so answers for a screen the
//! user has left are dropped. The app wraps these in its own message.

use super::ansi::ConsoleLine;
use super::reload::ReloadPhase;
use super::{BuildDetail, JenkinsError, JobDetail, JobPath, JobRow, ParamDef, QueueRow};

/// A team's jobs and queue as one poll saw them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JobsSnapshot {
    /// The root's items; expanded folders have their children with last builds.
    pub jobs: Vec<JobRow>,
    pub queue: Vec<QueueRow>,
}

/// Where a triggered build is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TriggerProgress {
    /// Queued (or merged into an identical waiting item).
    Queued {
        queue_id: Option<u64>,
        merged: bool,
    },
    /// Still waiting, and why ("In the quiet period. Expires in 4 sec").
    Waiting {
        why: Option<String>,
    },
    Started {
        number: u32,
    },
    /// The item was cancelled, or left the queue without a build we could find.
    Cancelled,
    Failed(JenkinsError),
}

/// A chunk of console: lines added, whether the server sent the log from the start again,
/// whether more will come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleChunk {
    pub reset: bool,
    pub lines: Vec<ConsoleLine>,
    pub more: bool,
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum JenkinsMsg {
    /// A write was made (for the `@` screen): a build queued, a build stopped, a reload.
    Called(crate::call_log::Call),
    JobsPolled {
        team: String,
        generation: u64,
        result: Result<JobsSnapshot, JenkinsError>,
    },
    JobPolled {
        generation: u64,
        result: Result<JobDetail, JenkinsError>,
    },
    BuildPolled {
        generation: u64,
        result: Result<BuildDetail, JenkinsError>,
    },
    /// The recent builds of a stage's deploy and uninstall jobs (a job Jenkins does not have:
    /// none), for the timeline.
    StageBuildsPolled {
        generation: u64,
        result: Result<Vec<(JobPath, Vec<BuildDetail>)>, JenkinsError>,
    },
    ConsoleRead {
        generation: u64,
        chunk: ConsoleChunk,
    },
    /// The console could not be read; the task retries with back-off when `retrying`.
    ConsoleFailed {
        generation: u64,
        error: JenkinsError,
        retrying: bool,
    },
    ParamsLoaded {
        generation: u64,
        result: Result<Vec<ParamDef>, JenkinsError>,
    },
    Trigger {
        generation: u64,
        progress: TriggerProgress,
    },
    BuildStopped {
        team: String,
        job: JobPath,
        number: u32,
        result: Result<(), JenkinsError>,
    },
    Reload {
        team: String,
        generation: u64,
        phase: ReloadPhase,
    },
    /// Whether the team's Jenkins can provision each label now (a cloud of the applied
    /// configuration can), in the order asked.
    LabelsPolled {
        team: String,
        generation: u64,
        result: Result<Vec<(String, bool)>, JenkinsError>,
    },
}
