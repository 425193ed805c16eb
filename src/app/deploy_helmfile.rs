//! Helmfile mode of a deploy run (`deploy: helmfile`): the command the runner started in the
//! team's clone, its output (bounded, colours as styles), the signals sent to cancel it and
//! how it ended; and the app routing the runner's reports to the run. The verdict is made in
//! `app::deploy` with the Jenkins runs' rules for the stage's releases and rollouts.

use std::collections::VecDeque;

use super::deploy::{DeployRun, Ended};
use super::effect::helmfile::HelmfileEffect;
use super::effect::Effect;
use super::App;
use crate::jenkins::ansi::ConsoleLine;
use crate::repo::helmfile::run::{first_failure, HelmfileEvent, HelmfileMsg, RunEnd};
use crate::text::sanitize::sanitize_line;

/// Output lines kept per run (the oldest go first, and the screen says how many went).
pub const OUTPUT_TAIL: usize = 2000;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct HelmfileRun {
    /// `cd <clone> && helmfile -e qa apply`, once started.
    pub command: Option<String>,
    /// The commit deployed (`a1b2c3d subject`).
    pub commit: String,
    pub output: VecDeque<ConsoleLine>,
    /// Lines dropped from the front of `output`.
    pub dropped: usize,
    /// Signals sent to cancel it, in order.
    pub signals: Vec<&'static str>,
    /// Refused before it started (a missing tool, the clone not at the pushed commit, …).
    pub refused: Option<String>,
    pub end: Option<RunEnd>,
    /// From the output: the first release that failed and the first `Error:` line.
    pub failed_release: Option<String>,
    pub error_line: Option<String>,
}

impl HelmfileRun {
    fn on_event(&mut self, e: HelmfileEvent) {
        match e {
            HelmfileEvent::Refused(why) => self.refused = Some(sanitize_line(&why)),
            HelmfileEvent::Started { command, commit } => {
                self.command = Some(sanitize_line(&command));
                self.commit = sanitize_line(&commit);
            }
            HelmfileEvent::Lines(lines) => {
                let (release, error) = first_failure(lines.iter().map(|l| l.text.as_str()));
                self.failed_release = self.failed_release.take().or(release);
                self.error_line = self.error_line.take().or(error);
                for l in lines {
                    self.output.push_back(l);
                    if self.output.len() > OUTPUT_TAIL {
                        self.output.pop_front();
                        self.dropped += 1;
                    }
                }
            }
            HelmfileEvent::Signalled(s) => self.signals.push(s),
            HelmfileEvent::Ended(end) => self.end = Some(end),
            HelmfileEvent::Called(_) => {}
        }
    }

    pub fn is_cancelling(&self) -> bool {
        self.end.is_none() && !self.signals.is_empty()
    }

    /// How the process's end decides the run before the stage is looked at: `None` while it
    /// runs, `Some(None)` when it exited 0 (the releases and rollouts decide).
    pub fn verdict(&self, run: &DeployRun, failed_release: Option<&str>) -> Option<Option<Ended>> {
        if let Some(why) = &self.refused {
            return Some(Some(Ended::Failed {
                release: None,
                step: None,
                what: why.clone(),
            }));
        }
        let end = self.end.as_ref()?;
        let cmd = format!("helmfile {}", run.kind.helmfile_verb());
        if end.is_cancelled() {
            return Some(Some(Ended::Aborted(format!("{cmd} {}", end.text()))));
        }
        if end.is_success() {
            return Some(None);
        }
        let release = self
            .failed_release
            .clone()
            .or_else(|| failed_release.map(str::to_string));
        let mut what = format!("{cmd} {}", end.text());
        if let Some(r) = &release {
            what.push_str(&format!(", release {r}"));
        }
        if let Some(e) = &self.error_line {
            what.push_str(&format!(": {e}"));
        }
        Some(Some(Ended::Failed {
            release,
            step: None,
            what,
        }))
    }
}

impl App {
    pub(super) fn on_helmfile(&mut self, m: HelmfileMsg) -> Vec<Effect> {
        self.dirty = true;
        if let HelmfileEvent::Called(c) = m.event {
            self.world.repos.record(c);
            return Vec::new();
        }
        if let Some(h) = self
            .world
            .deploys
            .get_mut(&m.namespace)
            .and_then(|r| r.helmfile.as_mut())
        {
            h.on_event(m.event);
        }
        Vec::new()
    }

    /// A confirmed helmfile run: it is followed from now on (its screen is already on top).
    pub(super) fn helmfile_started(&mut self, effects: &[Effect]) {
        for e in effects {
            let Effect::Helmfile(HelmfileEffect::Run {
                team,
                namespace,
                stage,
                kind,
                ..
            }) = e
            else {
                continue;
            };
            let run = DeployRun::for_helmfile(
                team,
                namespace,
                stage,
                *kind,
                self.now,
                self.world.stages.get(namespace),
            );
            self.world.deploys.insert(namespace.clone(), run);
            self.dirty = true;
        }
    }
}
