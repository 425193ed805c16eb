//! Jenkins in the app: routing the area's messages to the screens that asked, the notices of
//! writes, and the commands that open Jenkins screens. The types live with their owners:
//! messages in `crate::jenkins::msg`, effects in `app::effect::jenkins`.

pub use super::effect::jenkins::{JenkinsEffect, JenkinsSlot};
use super::effect::Effect;
use super::msg::Notice;
use super::nav::{Screen, ViewCx};
use super::App;
pub use crate::jenkins::msg::{ConsoleChunk, JenkinsMsg, JobsSnapshot, TriggerProgress};
use crate::jenkins::ErrorKind;
use crate::views::console::ConsoleState;
use crate::views::jobs::JobsState;

impl App {
    pub(super) fn on_jenkins(&mut self, m: JenkinsMsg) -> Vec<Effect> {
        let now = self.now;
        if let JenkinsMsg::Called(c) = m {
            self.world.repos.record(c);
            self.dirty = true;
            return Vec::new();
        }
        let deploy_effects = self.on_deploy_jenkins(&m);
        if !deploy_effects.is_empty() {
            return deploy_effects;
        }
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
        // Jenkins now runs what was pushed: the repo screen stops offering the reload.
        if let JenkinsMsg::Reload {
            team,
            phase: crate::jenkins::reload::ReloadPhase::Applied { .. },
            ..
        } = &m
        {
            if let Some(d) = self.world.repos.by_team.get_mut(team) {
                d.jcasc_pushed = None;
            }
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

    /// The top screen's polls that follow the world (`View::world_polls`).
    pub(super) fn want_polls(&mut self) -> Vec<Effect> {
        let page = self.page();
        let Some(screen) = self.stack.last_mut() else {
            return Vec::new();
        };
        let mut cx = ViewCx {
            world: &self.world,
            now: self.now,
            page,
            width: self.width,
            log_capacity: self.log_capacity,
            readonly: self.readonly,
            next_generation: &mut self.next_generation,
        };
        screen.world_polls(&mut cx)
    }

    /// `:jobs [team|stage]` and `J`: the jobs of the named team, or of the team in view.
    pub(super) fn go_jobs(&mut self, arg: Option<&str>) -> Vec<Effect> {
        let Some(team) = self.team_for(arg) else {
            return Vec::new();
        };
        self.push(Screen::Jobs(JobsState::new(&team)))
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
        } if matches!(e.kind, ErrorKind::ReadOnly | ErrorKind::Protected) => {
            Some(Notice::error(e.message.clone()))
        }
        _ => None,
    }
}
