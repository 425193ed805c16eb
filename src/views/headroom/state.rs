use crate::app::capacity::stage_namespaces;
use crate::app::cursor::Cursor;
use crate::app::effect::Effect;
use crate::app::nav::{Flow, Screen, ViewCx};
use crate::app::view::View;
use crate::app::world::World;
use crate::cluster::headroom::Headroom;
use crate::keymap::Action;
use crate::views::pods::{PodScope, PodsState};

#[derive(Debug, Clone, Default)]
pub struct HeadroomState {
    /// One team's stages, or every team's (`None`).
    pub team: Option<String>,
    /// Moves over the stage lines (the node table above shows what fits).
    pub cursor: Cursor,
    /// The namespaces whose pod metrics are polled (fixed when entered).
    pub polled: Vec<String>,
}

impl HeadroomState {
    pub fn new(team: Option<String>) -> HeadroomState {
        HeadroomState {
            team,
            ..HeadroomState::default()
        }
    }

    pub fn namespaces(&self, world: &World) -> Vec<String> {
        stage_namespaces(world, self.team.as_deref())
    }

    pub fn headroom(&self, world: &World) -> Headroom {
        world.capacity.headroom(&self.namespaces(world))
    }
}

impl View for HeadroomState {
    fn title(&self) -> String {
        match &self.team {
            Some(t) => format!("headroom {t}"),
            None => "headroom".into(),
        }
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::Drill]
    }

    fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        self.polled = self.namespaces(cx.world);
        let mut effects: Vec<Effect> = cx.world.capacity.want().into_iter().collect();
        effects.push(Effect::PollMetrics {
            namespaces: self.polled.clone(),
        });
        effects
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        vec![Effect::StopMetrics]
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let lines = self.headroom(cx.world).namespaces;
        if self.cursor.on_action(a, lines.len(), cx.page) {
            return Flow::Done(Vec::new());
        }
        match a {
            // The stage's pods: what reserves it.
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
