//! A deploy (or uninstall) of a stage that the cockpit started, followed to its end: the queue
//! item, the build and its console (the Pipeline's stages as progress), the stage's releases
//! and rollouts. The run lives in the world, not in its screen, so it goes on when the screen
//! is left and the stage matrix can show it. The verdict — done, failed, aborted — is made
//! here from the world's rows (no I/O); the deploy screen only draws it.

use std::collections::{BTreeMap, VecDeque};

use jiff::Timestamp;

use super::deploy_helmfile::HelmfileRun;
use super::world::Stage;
use crate::cluster::rollout::{rollout_status, Rollout};
use crate::config::DeployKind;
use crate::helm::ReleaseStatus;
use crate::jenkins::msg::{ConsoleChunk, TriggerProgress};
use crate::jenkins::{BuildResult, BuildRow, JenkinsError, JobPath};

/// Console lines kept per run (the whole console is one key away: `c`).
pub const CONSOLE_TAIL: usize = 400;

/// Where the queue item and the build are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildPhase {
    /// The POST is on its way.
    Submitting,
    Queued {
        id: Option<u64>,
        why: Option<String>,
    },
    Started(u32),
    /// The queue item was cancelled (or left without a build).
    Cancelled,
    /// Refused (read-only, an unconfirmed protected stage) or failed to queue.
    Refused(String),
}

/// A Pipeline stage as the console shows it (`[Pipeline] { (Apply)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineStage {
    pub name: String,
    pub state: StepState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    Running,
    Done,
    Failed,
    Skipped,
}

/// How it ended; kept once reached (a pod crashing an hour later does not undo "done").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    Done,
    Failed {
        /// The release whose new revision failed, if one did.
        release: Option<String>,
        /// The Pipeline stage that failed.
        step: Option<String>,
        /// What failed when it is neither (the build, the queue, a rollout).
        what: String,
    },
    Aborted(String),
}

#[derive(Debug, Clone)]
pub struct DeployRun {
    pub team: String,
    pub namespace: String,
    pub stage: String,
    pub kind: DeployKind,
    pub job: JobPath,
    /// Tags the Jenkins answers about this run (the form's generation).
    pub generation: u64,
    pub started_at: Timestamp,
    pub phase: BuildPhase,
    pub build: Option<BuildRow>,
    /// Reading the build or its console failed (the task retries while transient).
    pub poll_error: Option<JenkinsError>,
    pub steps: Vec<PipelineStage>,
    /// Steps still open (nested stages: the innermost last).
    open: Vec<usize>,
    pub console: VecDeque<String>,
    /// Each release's latest revision when the deploy was asked for: a higher one is new.
    pub baseline: BTreeMap<String, u32>,
    pub ended: Option<(Ended, Timestamp)>,
    /// Helmfile mode: the command in the team's clone instead of a Jenkins build.
    pub helmfile: Option<HelmfileRun>,
}

impl DeployRun {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        team: &str,
        namespace: &str,
        stage: &str,
        kind: DeployKind,
        job: JobPath,
        generation: u64,
        now: Timestamp,
        at_start: Option<&Stage>,
    ) -> DeployRun {
        let baseline = at_start
            .map(|s| {
                s.current_releases()
                    .into_iter()
                    .map(|(n, r)| (n.to_string(), r.revision))
                    .collect()
            })
            .unwrap_or_default();
        DeployRun {
            team: team.into(),
            namespace: namespace.into(),
            stage: stage.into(),
            kind,
            job,
            generation,
            started_at: now,
            phase: BuildPhase::Submitting,
            build: None,
            poll_error: None,
            steps: Vec::new(),
            open: Vec::new(),
            console: VecDeque::new(),
            baseline,
            ended: None,
            helmfile: None,
        }
    }

    /// A helmfile-mode run (`deploy: helmfile`), before the runner has said anything.
    pub fn for_helmfile(
        team: &str,
        namespace: &str,
        stage: &str,
        kind: DeployKind,
        now: Timestamp,
        at_start: Option<&Stage>,
    ) -> DeployRun {
        let job = JobPath::parse(&format!("helmfile -e {stage} {}", kind.helmfile_verb()));
        DeployRun {
            helmfile: Some(HelmfileRun::default()),
            ..DeployRun::new(team, namespace, stage, kind, job, 0, now, at_start)
        }
    }

    pub fn is_running(&self) -> bool {
        self.ended.is_none()
    }

    pub fn number(&self) -> Option<u32> {
        match self.phase {
            BuildPhase::Started(n) => Some(n),
            _ => None,
        }
    }

    /// The trigger's progress. Returns the build's number when it just started.
    pub fn on_trigger(&mut self, p: &TriggerProgress) -> Option<u32> {
        match p {
            TriggerProgress::Queued { queue_id, .. } => {
                self.phase = BuildPhase::Queued {
                    id: *queue_id,
                    why: None,
                }
            }
            TriggerProgress::Waiting { why } => {
                let id = match self.phase {
                    BuildPhase::Queued { id, .. } => id,
                    _ => None,
                };
                self.phase = BuildPhase::Queued {
                    id,
                    why: why.clone(),
                };
            }
            TriggerProgress::Started { number } => {
                self.phase = BuildPhase::Started(*number);
                return Some(*number);
            }
            TriggerProgress::Cancelled => self.phase = BuildPhase::Cancelled,
            TriggerProgress::Failed(e) => self.phase = BuildPhase::Refused(e.message.clone()),
        }
        None
    }

    pub fn on_build(&mut self, r: &Result<crate::jenkins::BuildDetail, JenkinsError>) {
        match r {
            Ok(b) => {
                self.build = Some(b.row.clone());
                self.poll_error = None;
                if !b.row.building {
                    self.close_steps(b.row.result);
                }
            }
            Err(e) => self.poll_error = Some(e.clone()),
        }
    }

    pub fn on_console(&mut self, chunk: &ConsoleChunk) {
        if chunk.reset {
            self.console.clear();
            self.steps.clear();
            self.open.clear();
        }
        for l in &chunk.lines {
            self.read_line(&l.text);
            self.console.push_back(l.text.clone());
            if self.console.len() > CONSOLE_TAIL {
                self.console.pop_front();
            }
        }
    }

    /// The Pipeline's markers, as Jenkins prints them: `[Pipeline] { (Name)` opens a stage,
    /// `[Pipeline] // stage` closes one; an error line marks the stage it is in.
    fn read_line(&mut self, text: &str) {
        let t = text.trim();
        if let Some(name) = t
            .strip_prefix("[Pipeline] { (")
            .and_then(|r| r.strip_suffix(')'))
        {
            let name = name.strip_prefix("Declarative: ").unwrap_or(name);
            self.steps.push(PipelineStage {
                name: name.to_string(),
                state: StepState::Running,
            });
            self.open.push(self.steps.len() - 1);
        } else if t == "[Pipeline] // stage" {
            if let Some(i) = self.open.pop() {
                if self.steps[i].state == StepState::Running {
                    self.steps[i].state = StepState::Done;
                }
            }
        } else if t.starts_with("Stage \"") && t.ends_with("skipped due to when conditional") {
            if let Some(&i) = self.open.last() {
                self.steps[i].state = StepState::Skipped;
            }
        } else if t.starts_with("Error:") || t.starts_with("ERROR:") || t.starts_with("error:") {
            if let Some(&i) = self.open.last() {
                self.steps[i].state = StepState::Failed;
            }
        }
    }

    /// The build ended: a failed build's failing step is the one that said so, else the last
    /// one that started.
    fn close_steps(&mut self, result: Option<BuildResult>) {
        let failed = matches!(result, Some(BuildResult::Failure | BuildResult::Aborted));
        if failed && !self.steps.iter().any(|s| s.state == StepState::Failed) {
            if let Some(s) = self
                .steps
                .iter_mut()
                .rev()
                .find(|s| s.state != StepState::Skipped)
            {
                s.state = StepState::Failed;
            }
        }
        for s in &mut self.steps {
            if s.state == StepState::Running {
                s.state = StepState::Done;
            }
        }
        self.open.clear();
    }

    pub fn failed_step(&self) -> Option<&str> {
        self.steps
            .iter()
            .find(|s| s.state == StepState::Failed)
            .map(|s| s.name.as_str())
    }

    /// Whether a release's revision was written since the deploy was asked for.
    pub fn is_new(&self, release: &str, revision: u32) -> bool {
        self.baseline.get(release).is_none_or(|b| revision > *b)
    }

    /// The build's result once it has ended.
    fn result(&self) -> Option<BuildResult> {
        self.build
            .as_ref()
            .filter(|b| !b.building)
            .and_then(|b| b.result)
    }

    /// How it ended, if it has, from the build and the stage's rows.
    pub fn verdict(&self, stage: Option<&Stage>) -> Option<Ended> {
        match &self.phase {
            BuildPhase::Refused(e) => {
                return Some(Ended::Failed {
                    release: None,
                    step: None,
                    what: e.clone(),
                })
            }
            BuildPhase::Cancelled => {
                return Some(Ended::Aborted(
                    "the queue item was cancelled before the build started".into(),
                ))
            }
            _ => {}
        }
        let failed_release = stage.and_then(|s| {
            s.current_releases()
                .into_iter()
                .find(|(n, r)| r.status == ReleaseStatus::Failed && self.is_new(n, r.revision))
                .map(|(n, r)| (n.to_string(), r.revision))
        });
        // Helmfile mode: the process decides first (it is followed to its end, so that the
        // cancel key works until then); exit 0 leaves it to the releases and rollouts.
        if let Some(h) = &self.helmfile {
            if let Some(e) = h.verdict(self, failed_release.as_ref().map(|(n, _)| n.as_str()))? {
                return Some(e);
            }
        }
        if let Some((name, rev)) = failed_release {
            return Some(Ended::Failed {
                what: format!("release {name} rev {rev} failed"),
                release: Some(name),
                step: self.failed_step().map(str::to_string),
            });
        }
        match self
            .helmfile
            .as_ref()
            .map_or(self.result(), |_| Some(BuildResult::Success))?
        {
            BuildResult::Aborted => {
                return Some(Ended::Aborted(format!(
                    "{} #{} was aborted",
                    self.job,
                    self.number().unwrap_or_default()
                )))
            }
            BuildResult::Failure | BuildResult::Unstable | BuildResult::NotBuilt => {
                let r = self.result().map_or("", BuildResult::as_str);
                return Some(Ended::Failed {
                    release: None,
                    step: self.failed_step().map(str::to_string),
                    what: format!(
                        "{} #{} ended {r}",
                        self.job,
                        self.number().unwrap_or_default()
                    ),
                });
            }
            BuildResult::Success => {}
        }
        let stage = stage?;
        match self.kind {
            DeployKind::Uninstall => {
                (stage.releases.is_empty() && stage.pods.is_empty()).then_some(Ended::Done)
            }
            DeployKind::Deploy => {
                // Not watched yet: no rollout can be said to have finished.
                stage.deployments_watch.as_ref()?;
                // Only what this deploy changed: a Deployment stuck before it is not its doing.
                let touched: Vec<String> = stage
                    .current_releases()
                    .iter()
                    .filter(|(n, r)| self.is_new(n, r.revision))
                    .map(|(n, _)| n.to_string())
                    .collect();
                let mine = stage.deployments.values().filter(|d| {
                    d.release
                        .as_ref()
                        .is_some_and(|r| touched.iter().any(|t| t == r))
                });
                for d in mine {
                    match rollout_status(d) {
                        Rollout::Failed(why) => {
                            return Some(Ended::Failed {
                                release: None,
                                step: None,
                                what: why,
                            })
                        }
                        Rollout::Waiting(_) => return None,
                        Rollout::Done(_) => {}
                    }
                }
                // What the deploy wrote must be deployed and nothing may be half-way; a release
                // it did not touch (APPS=api) keeps whatever state it had.
                let settled = stage.current_releases().iter().all(|(n, r)| {
                    !r.status.is_pending()
                        && (!self.is_new(n, r.revision) || r.status == ReleaseStatus::Deployed)
                });
                settled.then_some(Ended::Done)
            }
        }
    }
}
