use crate::app::cursor::Cursor;
use crate::app::view::View;
use crate::app::effect::Effect;
use crate::app::filter::ListFilter;
use crate::app::nav::{Flow, Screen, ViewCx};
use crate::app::world::{Stage, World};
use crate::keymap::Action;
use crate::views::diagnose::DiagnoseState;
use crate::views::pods::{PodScope, PodsState};

#[derive(Debug, Clone, Default)]
pub struct StagesState {
    pub cursor: Cursor,
    pub filter: ListFilter,
}

/// A row of the matrix: a stage, or a team's "all stages" line.
pub struct StageLine<'a> {
    pub stage: &'a Stage,
}

impl StagesState {
    pub fn lines<'a>(&self, world: &'a World) -> Vec<StageLine<'a>> {
        world
            .all_stages()
            .into_iter()
            .filter(|s| {
                self.filter.active().is_none_or(|f| {
                    f.matches(&format!(
                        "{} {} {}",
                        s.namespace,
                        s.summary.worst.as_ref().map_or("", |w| w.1.as_str()),
                        if s.summary.failing > 0 { "failing" } else { "" }
                    ))
                })
            })
            .map(|stage| StageLine { stage })
            .collect()
    }

    pub fn selected_namespace(&self, world: &World) -> Option<String> {
        self.lines(world)
            .get(self.cursor.selected)
            .map(|l| l.stage.namespace.clone())
    }

    pub fn selected_team(&self, world: &World) -> Option<String> {
        self.lines(world)
            .get(self.cursor.selected)
            .map(|l| l.stage.team.clone())
    }

}

impl View for StagesState {
    fn title(&self) -> String {
        "stages".into()
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![
            Action::Drill,
            Action::GoDiagnose,
            Action::GoReleases,
            Action::Deploy,
        ]
    }

    fn on_enter(&mut self, _cx: &mut ViewCx) -> Vec<Effect> {
        Vec::new()
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        Vec::new()
    }

    fn list_filter(&self) -> Option<&ListFilter> {
        Some(&self.filter)
    }

    fn list_filter_mut(&mut self) -> Option<&mut ListFilter> {
        Some(&mut self.filter)
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let lines = self.lines(cx.world);
        if self.cursor.on_action(a, lines.len(), cx.page) {
            return Flow::Done(Vec::new());
        }
        let selected = lines.get(self.cursor.selected).map(|l| l.stage);
        match (a, selected) {
            (Action::Drill, Some(s)) => Flow::Push(Screen::Pods(PodsState::new(
                PodScope::namespace(&s.namespace),
            ))),
            (Action::AllStages, Some(s)) => {
                Flow::Push(Screen::Pods(PodsState::new(PodScope::team(&s.team))))
            }
            (Action::GoDiagnose, Some(s)) => Flow::Push(Screen::Diagnose(DiagnoseState::new(
                PodScope::team(&s.team),
            ))),
            _ => Flow::Ignored,
        }
    }
}
