//! The config repo in the app: repo messages into the world, outcomes onto the status line,
//! and the `:repo` command.

use super::effect::repo::RepoEffect;
use super::effect::Effect;
use super::msg::Notice;
use super::App;
use crate::repo::{RepoMsg, RepoOp};

impl App {
    pub(super) fn on_repo(&mut self, m: RepoMsg) -> Vec<Effect> {
        let team = match &m {
            RepoMsg::Status { team, .. }
            | RepoMsg::Diffed { team, .. }
            | RepoMsg::Progress { team, .. }
            | RepoMsg::Finished { team, .. } => Some(team.clone()),
            RepoMsg::Called(_)
            | RepoMsg::Landscape { .. }
            | RepoMsg::Agents { .. }
            | RepoMsg::Edited { .. } => None,
        };
        let outcome = self.world.repos.apply(m, self.now);
        let mut effects = Vec::new();
        if let (Some(team), Some((op, result))) = (team, outcome) {
            // Writes say how they ended; a routine open or fetch speaks only when it fails.
            let write = matches!(op, RepoOp::Save | RepoOp::Commit | RepoOp::Push);
            // The agents screen may have read its file before the first clone was there, and a
            // pull may change it: read it again once the clone is current.
            if matches!(op, RepoOp::Open | RepoOp::Fetch)
                && result.is_ok()
                && self
                    .world
                    .repos
                    .get(&team)
                    .is_some_and(|d| d.agents.is_some())
            {
                effects.push(Effect::Repo(RepoEffect::LoadAgents { team: team.clone() }));
            }
            let notice = match result {
                Ok(text) if write => Some(Notice::info(format!("{team} config repo: {text}"))),
                Ok(_) => None,
                Err(e) => Some(Notice::error(format!("{team} config repo: {e}"))),
            };
            if let Some(n) = notice {
                self.notice = Some((n, self.now));
            }
            // What the screen shows of the working tree is stale after a write.
            if matches!(op, RepoOp::Save | RepoOp::Commit | RepoOp::Push)
                && self
                    .world
                    .repos
                    .get(&team)
                    .is_some_and(|d| d.diff.is_some())
            {
                effects.push(Effect::Repo(RepoEffect::Diff { team }));
            }
        }
        effects
    }

    /// `:repo [team|stage]` and `C`: the config repo of the named team, or of the team in view.
    pub(super) fn go_repo(&mut self, arg: Option<&str>) -> Vec<Effect> {
        let Some(team) = self.team_for(arg) else {
            return Vec::new();
        };
        self.push(crate::views::Screen::Repo(
            crate::views::repo::RepoState::new(&team),
        ))
    }

    /// `:agents [team|stage]` and `a`: the JCasC pod templates of the named team, or of the
    /// team in view.
    pub(super) fn go_agents(&mut self, arg: Option<&str>) -> Vec<Effect> {
        let Some(team) = self.team_for(arg) else {
            return Vec::new();
        };
        if matches!(self.top(), crate::views::Screen::Agents(a) if a.team == team) {
            return Vec::new();
        }
        self.push(crate::views::Screen::Agents(
            crate::views::agents::AgentsState::new(&team),
        ))
    }
}
