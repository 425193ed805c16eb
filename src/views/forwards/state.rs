use crate::app::cursor::Cursor;
use crate::app::effect::Effect;
use crate::app::msg::Notice;
use crate::app::nav::{Flow, ViewCx};
use crate::app::view::View;
use crate::keymap::{Action, Section};

#[derive(Debug, Clone, Default)]
pub struct ForwardsState {
    pub cursor: Cursor,
}

impl View for ForwardsState {
    fn title(&self) -> String {
        "port-forwards".into()
    }

    fn sections(&self) -> &'static [Section] {
        &[Section::Forwards, Section::Table, Section::Global]
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::StopForward]
    }

    fn on_enter(&mut self, _cx: &mut ViewCx) -> Vec<Effect> {
        Vec::new()
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        Vec::new()
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let rows = cx.world.forwards.newest_first();
        if self.cursor.on_action(a, rows.len(), cx.page) {
            return Flow::Done(Vec::new());
        }
        if a != Action::StopForward {
            return Flow::Ignored;
        }
        let Some(f) = rows.get(self.cursor.selected) else {
            return Flow::Done(Vec::new());
        };
        if !f.state.is_alive() {
            return Flow::Say(Notice::info(format!(
                "the forward to {} is {} already",
                f.spec.pod,
                f.state.text()
            )));
        }
        Flow::Done(vec![Effect::StopForward { id: f.spec.id }])
    }
}
