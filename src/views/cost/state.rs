use jiff::Timestamp;

use super::lines::{stage_lines, CostLine};
use crate::app::cursor::Cursor;
use crate::app::effect::Effect;
use crate::app::jenkins::{JenkinsEffect, JenkinsMsg, JenkinsSlot, JobsSnapshot};
use crate::app::nav::{Flow, Screen, ViewCx};
use crate::app::view::View;
use crate::app::world::World;
use crate::keymap::Action;
use crate::views::pods::{PodScope, PodsState};

#[derive(Debug, Clone)]
pub struct CostState {
    pub team: String,
    pub cursor: Cursor,
    pub generation: u64,
    /// The team's jobs as last polled (their deploy and uninstall jobs' last builds).
    pub jobs: Option<Result<JobsSnapshot, String>>,
}

impl CostState {
    pub fn new(team: &str) -> CostState {
        CostState {
            team: team.to_string(),
            cursor: Cursor::default(),
            generation: 0,
            jobs: None,
        }
    }

    pub fn lines(&self, world: &World, now: Timestamp) -> Vec<CostLine> {
        let c = &world.capacity;
        let jobs = self.jobs.as_ref().and_then(|j| j.as_ref().ok());
        stage_lines(world, Some(&self.team), jobs, &c.prices, c.idle_days, now)
    }

    /// The selected stage (`X` uninstalls it).
    pub fn selected_namespace(&self, world: &World, now: Timestamp) -> Option<String> {
        self.lines(world, now)
            .get(self.cursor.selected)
            .map(|l| l.namespace.clone())
    }

    fn uses_jenkins(world: &World, team: &str) -> bool {
        world.deploy_jobs_of(team).mode == crate::config::DeployMode::Jenkins
    }
}

impl View for CostState {
    fn title(&self) -> String {
        format!("cost {}", self.team)
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::Uninstall, Action::Drill]
    }

    fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        let mut effects: Vec<Effect> = cx.world.capacity.want().into_iter().collect();
        if !Self::uses_jenkins(cx.world, &self.team) {
            return effects;
        }
        self.generation = cx.generation();
        effects.push(Effect::Jenkins(JenkinsEffect::PollJobs {
            team: self.team.clone(),
            expanded: Vec::new(),
            generation: self.generation,
        }));
        effects
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        vec![Effect::Jenkins(JenkinsEffect::Stop(JenkinsSlot::Jobs))]
    }

    fn on_jenkins(&mut self, m: &JenkinsMsg, _now: Timestamp) -> bool {
        match m {
            JenkinsMsg::JobsPolled {
                team,
                generation,
                result,
            } if *team == self.team && *generation == self.generation => {
                self.jobs = Some(result.clone().map_err(|e| e.to_string()));
                true
            }
            _ => false,
        }
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let lines = self.lines(cx.world, cx.now);
        if self.cursor.on_action(a, lines.len(), cx.page) {
            return Flow::Done(Vec::new());
        }
        match a {
            Action::Drill => match lines.get(self.cursor.selected) {
                Some(l) => Flow::Push(Screen::Pods(PodsState::new(PodScope::namespace(
                    &l.namespace,
                )))),
                None => Flow::Ignored,
            },
            _ => Flow::Ignored,
        }
    }
}
