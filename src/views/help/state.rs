use crate::app::nav::{Flow, ViewCx};
use crate::app::view::View;
use crate::app::effect::Effect;
use crate::keymap::Section;
use crate::keymap::Action;

#[derive(Debug, Clone, Default)]
pub struct HelpState {
    pub scroll: usize,
}

impl HelpState {
}

impl View for HelpState {
    fn title(&self) -> String {
        "help".into()
    }

    fn sections(&self) -> &'static [Section] {
        &[Section::Global]
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![]
    }

    fn on_enter(&mut self, _cx: &mut ViewCx) -> Vec<Effect> {
        Vec::new()
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        Vec::new()
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        match a {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll += 1,
            Action::PageUp => self.scroll = self.scroll.saturating_sub(cx.page),
            Action::PageDown => self.scroll += cx.page,
            Action::Top => self.scroll = 0,
            _ => return Flow::Ignored,
        }
        Flow::Done(Vec::new())
    }
}
