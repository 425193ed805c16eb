//! The team-cockpit panels' commands (`:headroom`, …): which scope they open on.

use super::effect::Effect;
use super::App;
use crate::views::cost::CostState;
use crate::views::headroom::HeadroomState;
use crate::views::Screen;

impl App {
    /// `:headroom` (every team's stages), `:headroom payments` (a team's, or a stage's team).
    pub(super) fn go_headroom(&mut self, arg: Option<String>) -> Vec<Effect> {
        let team = match arg {
            None => None,
            Some(a) => match self.team_for(Some(&a)) {
                Some(t) => Some(t),
                None => return Vec::new(),
            },
        };
        self.push(Screen::Headroom(HeadroomState::new(team)))
    }

    /// `:cost [team|stage]`: the named team's stages, or the team in view.
    pub(super) fn go_cost(&mut self, arg: Option<String>) -> Vec<Effect> {
        let Some(team) = self.team_for(arg.as_deref()) else {
            return Vec::new();
        };
        self.push(Screen::Cost(CostState::new(&team)))
    }
}
