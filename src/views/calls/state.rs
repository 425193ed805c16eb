use crate::app::cursor::Cursor;
use crate::app::effect::Effect;
use crate::app::nav::{Flow, ViewCx};
use crate::app::view::View;
use crate::keymap::Action;

#[derive(Debug, Clone, Default)]
pub struct CallsState {
    pub cursor: Cursor,
}

impl View for CallsState {
    fn title(&self) -> String {
        "@ writes".into()
    }

    fn hint_actions(&self) -> Vec<Action> {
        Vec::new()
    }

    fn on_enter(&mut self, _cx: &mut ViewCx) -> Vec<Effect> {
        Vec::new()
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        Vec::new()
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let len = cx.world.repos.calls.len();
        if self.cursor.on_action(a, len, cx.page.saturating_sub(3)) {
            return Flow::Done(Vec::new());
        }
        Flow::Ignored
    }
}
