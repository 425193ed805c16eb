//! Jenkins effects: what the app asks the runner to poll, follow and write on a team's Jenkins.

use crate::jenkins::JobPath;

/// The runner's long-lived Jenkins tasks: one per kind of screen (only the top screen polls).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JenkinsSlot {
    Jobs,
    Job,
    Build,
    Console,
    /// Loading a form's parameters, then following the queue item it triggered.
    Trigger,
    Reload,
    /// Whether pod templates' labels can be provisioned (the agents screen).
    Labels,
    /// A stage's deploy and uninstall builds (the timeline).
    StageBuilds,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JenkinsEffect {
    /// Poll a team's jobs (the root's, and those of the expanded folders) and its queue.
    PollJobs {
        team: String,
        expanded: Vec<JobPath>,
        generation: u64,
    },
    /// Poll whether each label can be provisioned by the team's Jenkins (a cloud of its
    /// running configuration).
    PollLabels {
        team: String,
        labels: Vec<String>,
        generation: u64,
    },
    /// Poll the recent builds of a stage's deploy and uninstall jobs (the timeline).
    PollStageBuilds {
        team: String,
        jobs: Vec<JobPath>,
        generation: u64,
    },
    /// Poll a job's build history: its `limit` newest builds.
    PollJob {
        team: String,
        job: JobPath,
        limit: usize,
        generation: u64,
    },
    /// Poll one build (until it has finished).
    PollBuild {
        team: String,
        job: JobPath,
        number: u32,
        generation: u64,
    },
    /// Follow a build's console from its start (`progressiveText`).
    FollowConsole {
        team: String,
        job: JobPath,
        number: u32,
        generation: u64,
    },
    /// Load a job's parameter definitions for the build form.
    LoadParams {
        team: String,
        job: JobPath,
        generation: u64,
    },
    /// Queue a build (a write), then follow its queue item until the build starts.
    TriggerBuild {
        team: String,
        job: JobPath,
        params: Vec<(String, String)>,
        parameterized: bool,
        generation: u64,
        /// The namespace the user typed to confirm a job that changes a protected stage.
        confirmed: Option<String>,
        /// A deploy or uninstall of this namespace started from the deploy flow: the runner
        /// follows it in the stage's own task (it outlives the form) and counts the namespace
        /// among the stages the build changes.
        deploy: Option<String>,
    },
    /// Follow a deploy's build and console until it ends, whatever screen is on top (the
    /// stage matrix shows its progress).
    FollowDeploy {
        team: String,
        namespace: String,
        job: JobPath,
        number: u32,
        generation: u64,
    },
    /// Abort a running build (a write).
    StopBuild {
        team: String,
        job: JobPath,
        number: u32,
    },
    /// "Update configuration": reload JCasC (a write), then watch Jenkins come back.
    ReloadJcasc { team: String, generation: u64 },
    /// End a slot's task.
    Stop(JenkinsSlot),
}

impl JenkinsEffect {
    /// Effects that change something on the server: refused by the runner when read-only.
    pub fn is_write(&self) -> bool {
        matches!(
            self,
            JenkinsEffect::TriggerBuild { .. }
                | JenkinsEffect::StopBuild { .. }
                | JenkinsEffect::ReloadJcasc { .. }
        )
    }
}
