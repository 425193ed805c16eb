use jiff::Timestamp;

use crate::app::view::View;
use crate::app::filter::ListFilter;
use crate::keymap::Section;
use crate::app::view::DIALOG_SECTIONS;
use crate::app::confirm::Confirm;
use crate::app::cursor::Cursor;
use crate::app::effect::Effect;
use crate::app::jenkins::{JenkinsEffect, JenkinsMsg, JenkinsSlot};
use crate::app::nav::{Flow, Screen, ViewCx};
use crate::jenkins::fetched::Fetched;
use crate::jenkins::tree::HISTORY_BUILDS;
use crate::jenkins::{BuildRow, JobDetail, JobPath};
use crate::keymap::Action;
use crate::views::build::BuildState;
use crate::views::console::ConsoleState;
use crate::views::jenkins_writes::{confirm_flow, nothing_to_stop, stop_dialog, JobsWrite};
use crate::views::trigger::TriggerState;

#[derive(Debug, Clone)]
pub struct BuildsState {
    pub team: String,
    pub job: JobPath,
    pub generation: u64,
    pub detail: Fetched<JobDetail>,
    pub cursor: Cursor,
    /// The selected build by number, so that new builds do not move the selection.
    pub selected: Option<u32>,
    pub filter: ListFilter,
    pub confirm: Option<Confirm<JobsWrite>>,
    /// How many of the newest builds are asked for: a page more each time the cursor moves
    /// past the last one while Jenkins keeps older builds.
    pub limit: usize,
}

impl BuildsState {
    pub fn new(team: &str, job: JobPath) -> BuildsState {
        BuildsState {
            team: team.to_string(),
            job,
            generation: 0,
            detail: Fetched::default(),
            cursor: Cursor::default(),
            selected: None,
            filter: ListFilter::default(),
            confirm: None,
            limit: HISTORY_BUILDS,
        }
    }

    pub fn rows(&self) -> Vec<&BuildRow> {
        let Some(d) = &self.detail.data else {
            return Vec::new();
        };
        d.builds
            .iter()
            .filter(|b| {
                self.filter.active().is_none_or(|f| {
                    let result = b.result.map_or("running", |r| r.as_str());
                    f.matches(&format!(
                        "#{} {result} {}",
                        b.number,
                        b.cause.as_deref().unwrap_or("")
                    ))
                })
            })
            .collect()
    }

    /// Jenkins keeps builds older than those loaded, and the last answer had all it asked for
    /// (a page still loading is not asked for twice).
    pub fn older_builds(&self) -> bool {
        self.detail
            .data
            .as_ref()
            .is_some_and(|d| d.has_older_builds() && d.builds.len() >= self.limit)
    }

    pub fn selected_index(&self, rows: &[&BuildRow]) -> usize {
        self.selected
            .and_then(|n| rows.iter().position(|b| b.number == n))
            .unwrap_or(self.cursor.selected.min(rows.len().saturating_sub(1)))
    }

}

impl View for BuildsState {
    fn title(&self) -> String {
        format!("builds {}", self.job)
    }

    fn sections(&self) -> &'static [Section] {
        if self.confirm.is_some() {
            DIALOG_SECTIONS
        } else {
            &[Section::Jenkins, Section::Table, Section::Global]
        }
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::Drill, Action::Console, Action::TriggerBuild, Action::StopBuild]
    }

    fn has_dialog(&self) -> bool {
        self.confirm.is_some()
    }

    fn list_filter(&self) -> Option<&ListFilter> {
        Some(&self.filter)
    }

    fn list_filter_mut(&mut self) -> Option<&mut ListFilter> {
        Some(&mut self.filter)
    }

    fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        self.generation = cx.generation();
        vec![Effect::Jenkins(JenkinsEffect::PollJob {
            team: self.team.clone(),
            job: self.job.clone(),
            limit: self.limit,
            generation: self.generation,
        })]
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        vec![Effect::Jenkins(JenkinsEffect::Stop(JenkinsSlot::Job))]
    }

    fn on_jenkins(&mut self, m: &JenkinsMsg, now: Timestamp) -> bool {
        match m {
            JenkinsMsg::JobPolled { generation, result } if *generation == self.generation => {
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
        let rows: Vec<(u32, bool)> = self.rows().iter().map(|b| (b.number, b.building)).collect();
        self.cursor.selected = self
            .selected
            .and_then(|n| rows.iter().position(|r| r.0 == n))
            .unwrap_or(self.cursor.selected.min(rows.len().saturating_sub(1)));
        let page = cx.page.saturating_sub(1).max(1);
        // Moving down past the last loaded build asks Jenkins for the next page of history.
        let at_end = self.cursor.selected + 1 >= rows.len();
        let onward = matches!(a, Action::Down | Action::PageDown | Action::Bottom);
        if at_end && onward && self.older_builds() {
            self.limit += HISTORY_BUILDS;
            return Flow::Done(self.on_enter(cx));
        }
        if self.cursor.on_action(a, rows.len(), page) {
            self.selected = rows.get(self.cursor.selected).map(|b| b.0);
            return Flow::Done(Vec::new());
        }
        let sel = rows.get(self.cursor.selected).copied();
        match (a, sel) {
            (Action::Drill | Action::Describe, Some((n, _))) => Flow::Push(Screen::Build(
                BuildState::new(&self.team, self.job.clone(), n),
            )),
            (Action::Console | Action::Logs, Some((n, _))) => Flow::Push(Screen::Console(
                ConsoleState::new(&self.team, self.job.clone(), n, cx.log_capacity),
            )),
            (Action::StopBuild, Some((n, true))) => {
                self.confirm = Some(stop_dialog(&self.job, n));
                Flow::Done(Vec::new())
            }
            (Action::StopBuild, Some((n, false))) => Flow::Say(nothing_to_stop(&self.job, n)),
            (Action::TriggerBuild, _) => Flow::Push(Screen::Trigger(TriggerState::new(
                &self.team,
                self.job.clone(),
            ))),
            _ => Flow::Ignored,
        }
    }
}
