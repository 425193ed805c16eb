use crate::app::cursor::Cursor;
use crate::app::effect::Effect;
use crate::app::nav::{Flow, ViewCx};
use crate::app::view::View;
use crate::app::world::World;
use crate::cluster::access::TeamAccess;
use crate::keymap::Action;

#[derive(Debug, Clone)]
pub struct AccessState {
    pub team: String,
    pub cursor: Cursor,
}

impl AccessState {
    pub fn new(team: &str) -> AccessState {
        AccessState {
            team: team.to_string(),
            cursor: Cursor::default(),
        }
    }

    pub fn access<'a>(&self, world: &'a World) -> Option<&'a TeamAccess> {
        world.access.get(&self.team)
    }
}

impl View for AccessState {
    fn title(&self) -> String {
        format!("access {}", self.team)
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::Refresh]
    }

    // RBAC is read, not watched (it changes seldom): on entering, and again on ctrl-r.
    fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        vec![cx.world.access_effect(&self.team)]
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        Vec::new()
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let rows = self.access(cx.world).map_or(0, |t| t.namespaces.len());
        if self.cursor.on_action(a, rows, cx.page) {
            return Flow::Done(Vec::new());
        }
        Flow::Ignored
    }
}
