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
        // The values screen entered before the clone existed asks again once it does.
        let first_status = match &m {
            RepoMsg::Status { team, .. } => {
                self.world
                    .repos
                    .get(team)
                    .is_none_or(|d| d.status.is_none())
                    && matches!(self.top(), crate::views::Screen::Values(v) if &v.team == team)
            }
            _ => false,
        };
        let outcome = self.world.repos.apply(m, self.now);
        let mut effects = Vec::new();
        if first_status {
            let (mut cx, top) = self.cx();
            effects.extend(top.on_enter(&mut cx));
        }
        if let (Some(team), Some((op, result))) = (team, outcome) {
            // Writes say how they ended; a routine open or fetch speaks only when it fails.
            let write = matches!(op, RepoOp::Save | RepoOp::Commit | RepoOp::Push);
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
}

impl App {
    /// `:values [team|stage]` and `v`: the Helmfile's values of the named team (a stage or a
    /// namespace also picks that stage), or of the team in view.
    pub(super) fn go_values(&mut self, arg: Option<&str>) -> Vec<Effect> {
        let Some(team) = self.team_for(arg) else {
            return Vec::new();
        };
        let stage = arg
            .and_then(|a| {
                let ns = if self.world.stages.contains_key(a) {
                    a.to_string()
                } else {
                    format!("{team}-{a}")
                };
                self.world.team_of(&ns).map(|(_, s)| s.to_string())
            })
            .filter(|_| arg != Some(team.as_str()));
        self.push(crate::views::Screen::Values(
            crate::views::values::ValuesState::new(&team, stage.as_deref()),
        ))
    }
}
