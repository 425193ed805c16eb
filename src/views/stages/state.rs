use crate::app::cursor::Cursor;
use crate::app::filter::Filter;
use crate::app::nav::{Flow, Screen, ViewCx};
use crate::app::world::{Stage, World};
use crate::keymap::Action;
use crate::views::diagnose::DiagnoseState;
use crate::views::pods::{PodScope, PodsState};

#[derive(Debug, Clone, Default)]
pub struct StagesState {
    pub cursor: Cursor,
    pub filter: Option<Filter>,
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
                self.filter.as_ref().is_none_or(|f| {
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

    pub fn selected_team(&self, world: &World) -> Option<String> {
        self.lines(world)
            .get(self.cursor.selected)
            .map(|l| l.stage.team.clone())
    }

    pub fn set_filter(&mut self, text: &str) {
        self.filter = Filter::from_text(text);
        self.cursor = Cursor::default();
    }

    pub fn filter_text(&self) -> String {
        Filter::text_of(&self.filter)
    }

    pub fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
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
