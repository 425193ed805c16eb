use jiff::Timestamp;

use crate::app::view::View;
use crate::keymap::Section;
use crate::app::view::DIALOG_SECTIONS;
use crate::app::confirm::Confirm;
use crate::app::effect::Effect;
use crate::app::jenkins::{JenkinsEffect, JenkinsMsg, JenkinsSlot};
use crate::app::nav::{Flow, Screen, ViewCx};
use crate::jenkins::fetched::Fetched;
use crate::jenkins::{BuildDetail, JobPath};
use crate::keymap::Action;
use crate::views::console::ConsoleState;
use crate::views::jenkins_writes::{confirm_flow, nothing_to_stop, stop_dialog, JobsWrite};

#[derive(Debug, Clone)]
pub struct BuildState {
    pub team: String,
    pub job: JobPath,
    pub number: u32,
    pub generation: u64,
    pub detail: Fetched<BuildDetail>,
    /// First document line on screen.
    pub scroll: usize,
    pub confirm: Option<Confirm<JobsWrite>>,
}

impl BuildState {
    pub fn new(team: &str, job: JobPath, number: u32) -> BuildState {
        BuildState {
            team: team.to_string(),
            job,
            number,
            generation: 0,
            detail: Fetched::default(),
            scroll: 0,
            confirm: None,
        }
    }

}

impl View for BuildState {
    fn sections(&self) -> &'static [Section] {
        if self.confirm.is_some() {
            DIALOG_SECTIONS
        } else {
            &[Section::Jenkins, Section::Table, Section::Global]
        }
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::Console, Action::StopBuild]
    }

    fn has_dialog(&self) -> bool {
        self.confirm.is_some()
    }


    fn title(&self) -> String {
        format!("{} #{}", self.job, self.number)
    }

    fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        self.generation = cx.generation();
        vec![Effect::Jenkins(JenkinsEffect::PollBuild {
            team: self.team.clone(),
            job: self.job.clone(),
            number: self.number,
            generation: self.generation,
        })]
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        vec![Effect::Jenkins(JenkinsEffect::Stop(JenkinsSlot::Build))]
    }

    fn on_jenkins(&mut self, m: &JenkinsMsg, now: Timestamp) -> bool {
        match m {
            JenkinsMsg::BuildPolled { generation, result } if *generation == self.generation => {
                self.detail.apply(result.clone(), now);
                true
            }
            _ => false,
        }
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        if let Some(flow) = confirm_flow(&mut self.confirm, a, &self.team, self.generation) {
            return flow;
        }
        let page = cx.page.max(1);
        match a {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll += 1,
            Action::PageUp => self.scroll = self.scroll.saturating_sub(page),
            Action::PageDown => self.scroll += page,
            Action::Top => self.scroll = 0,
            Action::Bottom => self.scroll = usize::MAX / 2,
            Action::Console | Action::Logs | Action::Drill => {
                return Flow::Push(Screen::Console(ConsoleState::new(
                    &self.team,
                    self.job.clone(),
                    self.number,
                    cx.log_capacity,
                )))
            }
            Action::StopBuild => {
                let running = self.detail.data.as_ref().is_some_and(|d| d.row.building);
                if !running {
                    return Flow::Say(nothing_to_stop(&self.job, self.number));
                }
                self.confirm = Some(stop_dialog(&self.job, self.number));
            }
            _ => return Flow::Ignored,
        }
        Flow::Done(Vec::new())
    }
}
