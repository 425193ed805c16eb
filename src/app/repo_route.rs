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
            RepoMsg::Called(_) => None,
        };
        let outcome = self.world.repos.apply(m, self.now);
        let mut effects = Vec::new();
        if let (Some(team), Some((op, result))) = (team, outcome) {
            let notice = match result {
                Ok(text) => Notice::info(format!("{team}'s config repo: {text}")),
                Err(e) => Notice::error(format!("{team}'s config repo: {e}")),
            };
            self.notice = Some((notice, self.now));
            // What the screen shows of the working tree is stale after a write.
            if matches!(op, RepoOp::Save | RepoOp::Commit | RepoOp::Push)
                && self.world.repos.get(&team).is_some_and(|d| d.diff.is_some())
            {
                effects.push(Effect::Repo(RepoEffect::Diff { team }));
            }
        }
        effects
    }

    /// Asks the runner for a repo operation, marking it busy at once (the row says so).
    pub fn repo_effect(&mut self, e: RepoEffect) -> Vec<Effect> {
        let op = match &e {
            RepoEffect::Open { .. } => Some(RepoOp::Open),
            RepoEffect::Fetch { .. } | RepoEffect::Pull { .. } => Some(RepoOp::Fetch),
            RepoEffect::Save { .. } => Some(RepoOp::Save),
            RepoEffect::Commit { .. } => Some(RepoOp::Commit),
            RepoEffect::Push { .. } => Some(RepoOp::Push),
            RepoEffect::Refresh { .. } | RepoEffect::Diff { .. } => None,
        };
        if let Some(op) = op {
            self.world.repos.started(e.team(), op);
        }
        vec![Effect::Repo(e)]
    }
}
