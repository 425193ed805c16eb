use std::collections::BTreeSet;

use crate::app::view::View;
use crate::app::filter::ListFilter;
use crate::keymap::Section;
use crate::app::view::DIALOG_SECTIONS;
use jiff::Timestamp;

use crate::app::confirm::{Answer, Confirm};
use crate::app::msg::Notice;
use crate::views::jenkins_writes::{
    nothing_to_stop, reload_dialog, stop_dialog, write_effect, JobsWrite,
};
use crate::app::cursor::Cursor;
use crate::app::effect::Effect;
use crate::app::jenkins::{JenkinsEffect, JenkinsMsg, JenkinsSlot, JobsSnapshot};
use crate::app::nav::{Flow, Screen, ViewCx};
use crate::jenkins::fetched::Fetched;
use crate::jenkins::reload::ReloadPhase;
use crate::jenkins::{JobPath, JobRow};
use crate::keymap::Action;
use crate::views::builds::BuildsState;
use crate::views::console::ConsoleState;
use crate::views::trigger::TriggerState;

/// "Update configuration" as the view shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReloadView {
    pub phase: ReloadPhase,
    pub started: Timestamp,
    /// When the phase last changed.
    pub at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct JobsState {
    pub team: String,
    pub generation: u64,
    pub jobs: Fetched<JobsSnapshot>,
    pub expanded: BTreeSet<JobPath>,
    pub cursor: Cursor,
    /// The selected row by path, so that polls do not move the selection.
    pub selected: Option<JobPath>,
    pub filter: ListFilter,
    pub reload: Option<ReloadView>,
    pub confirm: Option<Confirm<JobsWrite>>,
    /// The pushed commit an Update configuration asked from the repo screen is for.
    pub for_commit: Option<String>,
}

/// A row on screen: a job or folder at its depth.
#[derive(Debug, Clone, Copy)]
pub struct JobLine<'a> {
    pub row: &'a JobRow,
    pub depth: usize,
    pub expanded: bool,
}

fn walk<'a>(
    rows: &'a [JobRow],
    depth: usize,
    expanded: &BTreeSet<JobPath>,
    all: bool,
    out: &mut Vec<JobLine<'a>>,
) {
    for r in rows {
        let open = r.kind.is_folder() && expanded.contains(&r.path);
        out.push(JobLine {
            row: r,
            depth,
            expanded: open,
        });
        if open || all {
            walk(&r.children, depth + 1, expanded, all, out);
        }
    }
}

impl JobsState {
    pub fn new(team: &str) -> JobsState {
        JobsState {
            team: team.to_string(),
            generation: 0,
            jobs: Fetched::default(),
            expanded: BTreeSet::new(),
            cursor: Cursor::default(),
            selected: None,
            filter: ListFilter::default(),
            reload: None,
            confirm: None,
            for_commit: None,
        }
    }

    /// The jobs screen with the Update configuration dialog open, for a pushed JCasC commit.
    pub fn reload_asked(team: &str, commit: Option<String>) -> JobsState {
        JobsState {
            confirm: Some(reload_dialog(team)),
            for_commit: commit,
            ..JobsState::new(team)
        }
    }

    /// The rows in view: the tree with expanded folders open, or every known job matching
    /// the filter.
    pub fn lines(&self) -> Vec<JobLine<'_>> {
        let Some(data) = &self.jobs.data else {
            return Vec::new();
        };
        let mut out = Vec::new();
        walk(
            &data.jobs,
            0,
            &self.expanded,
            self.filter.active().is_some(),
            &mut out,
        );
        if let Some(f) = self.filter.active() {
            out.retain(|l| f.matches(&l.row.path.to_string()));
        }
        out
    }

    pub fn selected_index(&self, lines: &[JobLine]) -> usize {
        self.selected
            .as_ref()
            .and_then(|p| lines.iter().position(|l| l.row.path == *p))
            .unwrap_or(self.cursor.selected.min(lines.len().saturating_sub(1)))
    }

    fn selected_row(&self) -> Option<&JobRow> {
        let lines = self.lines();
        let i = self.selected_index(&lines);
        lines.get(i).map(|l| l.row)
    }

    fn poll(&self) -> Effect {
        Effect::Jenkins(JenkinsEffect::PollJobs {
            team: self.team.clone(),
            expanded: self.expanded.iter().cloned().collect(),
            generation: self.generation,
        })
    }

    fn on_confirm(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let Some(c) = &mut self.confirm else {
            return Flow::Ignored;
        };
        match c.on_action(a) {
            Answer::Open => Flow::Done(Vec::new()),
            Answer::Cancelled => {
                self.confirm = None;
                Flow::Done(Vec::new())
            }
            Answer::Confirmed(w) => {
                self.confirm = None;
                if w == JobsWrite::Reload {
                    self.reload = Some(ReloadView {
                        phase: ReloadPhase::Sent,
                        started: cx.now,
                        at: cx.now,
                    });
                }
                Flow::Done(vec![write_effect(w, &self.team, self.generation)])
            }
        }
    }

}

impl View for JobsState {
    fn title(&self) -> String {
        format!("jobs {}", self.team)
    }

    fn sections(&self) -> &'static [Section] {
        if self.confirm.is_some() {
            DIALOG_SECTIONS
        } else {
            &[Section::Jenkins, Section::Table, Section::Global]
        }
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::Drill, Action::Console, Action::TriggerBuild, Action::StopBuild, Action::ReloadJenkins]
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
        vec![self.poll()]
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        vec![Effect::Jenkins(JenkinsEffect::Stop(JenkinsSlot::Jobs))]
    }

    /// Returns true if anything visible changed.
    fn on_jenkins(&mut self, m: &JenkinsMsg, now: Timestamp) -> bool {
        match m {
            JenkinsMsg::JobsPolled {
                team,
                generation,
                result,
            } if *team == self.team && *generation == self.generation => {
                self.jobs.apply(result.clone(), now);
                true
            }
            JenkinsMsg::Reload { team, phase, .. } if *team == self.team => {
                let started = self.reload.as_ref().map_or(now, |r| r.started);
                self.reload = Some(ReloadView {
                    phase: phase.clone(),
                    started,
                    at: now,
                });
                true
            }
            _ => false,
        }
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        if self.confirm.is_some() {
            return self.on_confirm(a, cx);
        }
        let lines = self.lines();
        let index = self.selected_index(&lines);
        let paths: Vec<JobPath> = lines.iter().map(|l| l.row.path.clone()).collect();
        self.cursor.selected = index;
        let page = cx.page.saturating_sub(1).max(1);
        if self.cursor.on_action(a, paths.len(), page) {
            self.selected = paths.get(self.cursor.selected).cloned();
            return Flow::Done(Vec::new());
        }
        let row = self.selected_row().cloned();
        match (a, row) {
            (Action::Drill, Some(r)) if r.kind.is_folder() => {
                if !self.expanded.remove(&r.path) {
                    self.expanded.insert(r.path.clone());
                }
                Flow::Done(vec![self.poll()])
            }
            (Action::Drill, Some(r)) => {
                Flow::Push(Screen::Builds(BuildsState::new(&self.team, r.path.clone())))
            }
            (Action::Console | Action::TriggerBuild | Action::StopBuild, Some(r))
                if r.kind.is_folder() =>
            {
                Flow::Say(Notice::info(format!(
                    "{} is a folder: it has no builds of its own (enter opens it)",
                    r.path
                )))
            }
            (Action::Console, Some(r)) => match &r.last {
                Some(b) => Flow::Push(Screen::Console(ConsoleState::new(
                    &self.team,
                    r.path.clone(),
                    b.number,
                    cx.log_capacity,
                ))),
                None => Flow::Say(Notice::info(format!(
                    "{} has no build yet, so no console (b builds it)",
                    r.path
                ))),
            },
            (Action::TriggerBuild, Some(r)) => Flow::Push(Screen::Trigger(TriggerState::new(
                &self.team,
                r.path.clone(),
            ))),
            (Action::StopBuild, Some(r)) => match &r.last {
                Some(b) if b.building => {
                    self.confirm = Some(stop_dialog(&r.path, b.number));
                    Flow::Done(Vec::new())
                }
                Some(b) => Flow::Say(nothing_to_stop(&r.path, b.number)),
                None => Flow::Say(Notice::info(format!(
                    "{} has no build yet: nothing to stop",
                    r.path
                ))),
            },
            (Action::ReloadJenkins, _) => {
                self.confirm = Some(reload_dialog(&self.team));
                Flow::Done(Vec::new())
            }
            _ => Flow::Ignored,
        }
    }
}
