//! Jenkins in the app: the effects that ask the runner to poll, follow and write, and the
//! messages its tasks send back. Every message carries the generation of the screen that asked
//! (a fresh one each time a screen is entered), so answers for a screen the user has left are
//! dropped.

use crate::jenkins::ansi::ConsoleLine;
use crate::jenkins::reload::ReloadPhase;
use crate::jenkins::{BuildDetail, JenkinsError, JobDetail, JobPath, JobRow, ParamDef, QueueRow};

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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JenkinsEffect {
    /// Poll a team's jobs (the root's, and those of the expanded folders) and its queue.
    PollJobs {
        team: String,
        expanded: Vec<JobPath>,
        generation: u64,
    },
    /// Poll a job's build history.
    PollJob {
        team: String,
        job: JobPath,
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
}

// ---- routing (the app's side of the Jenkins views) ----

use super::effect::Effect;
use super::msg::Notice;
use super::nav::Screen;
use super::App;
use crate::jenkins::ErrorKind;
use crate::views::console::ConsoleState;
use crate::views::jobs::JobsState;

impl Screen {
    /// A confirmation dialog is open over the view (it takes the keys).
    pub fn has_dialog(&self) -> bool {
        match self {
            Screen::Jobs(s) => s.confirm.is_some(),
            Screen::Builds(s) => s.confirm.is_some(),
            Screen::Build(s) => s.confirm.is_some(),
            Screen::Console(s) => s.confirm.is_some(),
            _ => false,
        }
    }

    /// Hands a Jenkins message to the screen it is for; true if it changed what is shown.
    pub fn on_jenkins(&mut self, m: &JenkinsMsg, now: jiff::Timestamp) -> bool {
        match self {
            Screen::Jobs(s) => s.on_jenkins(m, now),
            Screen::Builds(s) => s.on_jenkins(m, now),
            Screen::Build(s) => s.on_jenkins(m, now),
            Screen::Console(s) => s.on_jenkins(m, now),
            Screen::Trigger(s) => s.on_jenkins(m, now),
            _ => false,
        }
    }
}

impl App {
    pub(super) fn on_jenkins(&mut self, m: JenkinsMsg) -> Vec<Effect> {
        let now = self.now;
        let mut changed = false;
        for s in &mut self.stack {
            changed |= s.on_jenkins(&m, now);
        }
        if let Some(n) = notice_of(&m) {
            self.notice = Some((n, now));
            changed = true;
        }
        if changed {
            self.dirty = true;
        }
        // A build the form started: the form gives way to the build's console.
        if let JenkinsMsg::Trigger {
            generation,
            progress: TriggerProgress::Started { number },
        } = &m
        {
            if let Screen::Trigger(t) = self.top() {
                if t.generation == *generation {
                    let console =
                        ConsoleState::new(&t.team, t.job.clone(), *number, self.log_capacity);
                    return self.replace_top(Screen::Console(console));
                }
            }
        }
        Vec::new()
    }

    /// `:jobs [team|stage]` and `J`: the jobs of the named team, or of the team in view.
    pub(super) fn go_jobs(&mut self, arg: Option<&str>) -> Vec<Effect> {
        let team = match arg {
            None => self.default_scope().team,
            Some(a) if self.world.teams.iter().any(|t| t == a) => a.to_string(),
            Some(a) => match self.world.team_of(a) {
                Some((t, _)) => t.to_string(),
                None => {
                    self.notice = Some((
                        Notice::error(format!(
                            "no team {a:?} (teams: {})",
                            self.world.teams.join(", ")
                        )),
                        self.now,
                    ));
                    return Vec::new();
                }
            },
        };
        if team.is_empty() {
            self.notice = Some((Notice::error("no team to show the jobs of"), self.now));
            return Vec::new();
        }
        self.push(Screen::Jobs(JobsState::new(&team)))
    }

    /// A form field's new value from the input bar.
    /// The user typed a protected stage's name: the build goes only if it is exactly that.
    pub(super) fn confirm_typed_name(&mut self, text: &str) -> Vec<Effect> {
        let expected = match self.top() {
            Screen::Trigger(t) => t.protected_namespace(&self.world),
            _ => None,
        };
        let Some(ns) = expected else {
            return Vec::new();
        };
        if text.trim() != ns {
            self.notice = Some((
                Notice::error(format!("that is not {ns}: nothing was started")),
                self.now,
            ));
            return Vec::new();
        }
        if let Screen::Trigger(t) = self.top_mut() {
            t.typed = Some(ns);
        }
        self.on_action(crate::app::action::Action::TriggerBuild)
    }

    pub(super) fn set_field(&mut self, text: &str) -> Vec<Effect> {
        if let Screen::Trigger(t) = self.top_mut() {
            t.set_field(text);
        }
        Vec::new()
    }
}

/// What the status line says about a Jenkins message, if anything: the outcome of a write.
fn notice_of(m: &JenkinsMsg) -> Option<Notice> {
    use crate::jenkins::reload::ReloadPhase;
    match m {
        JenkinsMsg::BuildStopped {
            job,
            number,
            result,
            ..
        } => Some(match result {
            Ok(()) => Notice::info(format!("asked Jenkins to stop {job} #{number}")),
            Err(e) => Notice::error(e.message.clone()),
        }),
        JenkinsMsg::Reload { team, phase, .. } => match phase {
            ReloadPhase::Applied { .. } => Some(Notice::info(format!(
                "{team}'s Jenkins: configuration applied, Jenkins is back"
            ))),
            ReloadPhase::Failed(e) => Some(Notice::error(e.message.clone())),
            _ => None,
        },
        JenkinsMsg::Trigger {
            progress: TriggerProgress::Failed(e),
            ..
        } if e.kind == ErrorKind::ReadOnly => Some(Notice::error(e.message.clone())),
        _ => None,
    }
}
