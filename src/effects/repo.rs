//! The runner's config-repo half: one working clone per team (from the config), one task per
//! team at a time for writes (a second push while one runs waits its turn), the read-only guard
//! and the protected-stage check made here, whatever a view asked.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::Semaphore;

use super::Runner;
use crate::app::effect::repo::RepoEffect;
use crate::outbox::Outbox;
use crate::repo::msg::{RepoMsg, RepoOp};
use crate::repo::stage_path::stage_of;
use crate::repo::tasks::{self, RepoTarget};
use crate::repo::RepoError;

/// The lists' config repo reads (`Effect::RepoInTurn`) at once at most: one a core of the
/// machines we measure on, so a page of teams' clones never outnumbers the cores the loop needs.
pub(super) const REPO_READS_IN_TURN: usize = 2;

impl Runner {
    /// The teams' config repos (launch builds them from the config).
    pub fn set_repos(&mut self, repos: HashMap<String, RepoTarget>) {
        self.repos = repos;
    }

    /// A commit that touches a protected stage's values without its name typed.
    fn unconfirmed_stage(&self, effect: &RepoEffect) -> Option<String> {
        let RepoEffect::Commit {
            team,
            paths,
            confirmed,
            ..
        } = effect
        else {
            return None;
        };
        paths
            .iter()
            .filter_map(|p| stage_of(p))
            .find(|stage| {
                self.protected.contains(&format!("{team}-{stage}"))
                    && confirmed.as_deref() != Some(*stage)
            })
            .map(str::to_string)
    }

    /// `turns`: a list's read waits for one of its few slots first (`Effect::RepoInTurn`).
    pub(super) fn run_repo(&mut self, effect: RepoEffect, turns: Option<Arc<Semaphore>>) {
        let out: Outbox<RepoMsg> = Outbox::new(self.tx.clone());
        let team = effect.team().to_string();
        // A refused read is reported as a failed fetch.
        let op = effect.op().unwrap_or(RepoOp::Fetch);
        let refuse = |result: RepoError| {
            let out = out.clone();
            let team = team.clone();
            tokio::spawn(async move {
                out.send(RepoMsg::Finished {
                    team,
                    op,
                    result: Err(result),
                })
                .await;
            });
        };
        if effect.is_write() && self.readonly {
            refuse(RepoError::ReadOnly(format!(
                "{} in the {team} config repo",
                op.verb().to_lowercase()
            )));
            return;
        }
        if let Some(stage) = self.unconfirmed_stage(&effect) {
            refuse(RepoError::Protected { stage });
            return;
        }
        let Some(t) = self.repos.get(&team).cloned() else {
            refuse(RepoError::Io(format!(
                "no config repo for team {team}: add teams[{team}].repo (url, branch, path) to the config"
            )));
            return;
        };
        // Two tasks on one clone at once break it (two clones into one directory make git
        // abort with "initial ref transaction called with existing refs"; a read during a
        // clone finds no checkout), so changes to a team's clone take turns and reads wait
        // for the change in progress.
        let lock = self.repo_locks.entry(team).or_default().clone();
        let writes = effect.changes_clone();
        let task: std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> = match effect {
            RepoEffect::Open { .. } => Box::pin(tasks::open(t, out)),
            RepoEffect::Fetch { .. } => Box::pin(tasks::fetch(t, out)),
            RepoEffect::Pull { .. } => Box::pin(tasks::pull(t, out)),
            RepoEffect::Refresh { .. } => Box::pin(tasks::refresh(t, out)),
            RepoEffect::Diff { .. } => Box::pin(tasks::diff(t, out)),
            RepoEffect::Save { path, text, .. } => Box::pin(tasks::save(t, path, text, out)),
            RepoEffect::Commit { paths, message, .. } => {
                Box::pin(tasks::commit(t, paths, message, out))
            }
            RepoEffect::Push { .. } => Box::pin(tasks::push(t, out)),
            RepoEffect::LoadLandscape { .. } => Box::pin(tasks::load_landscape(t, out)),
            RepoEffect::LoadAgents { .. } => Box::pin(tasks::load_agents(t, out)),
            RepoEffect::Edit { edit, .. } => Box::pin(tasks::edit(t, edit, out)),
            RepoEffect::ReadFile { path, .. } => Box::pin(tasks::read_file(t, path, out)),
            RepoEffect::AddEnvironment { stage, .. } => {
                Box::pin(tasks::add_environment(t, stage, out))
            }
            RepoEffect::StageLog {
                files, deployed, ..
            } => Box::pin(tasks::stage_log(t, files, deployed, out)),
            RepoEffect::ShowCommit { id, .. } => Box::pin(tasks::show_commit(t, id, out)),
        };
        tokio::spawn(async move {
            let _slot = match turns {
                Some(t) => t.acquire_owned().await.ok(),
                None => None,
            };
            if writes {
                let _turn = lock.write().await;
                task.await;
            } else {
                let _turn = lock.read().await;
                task.await;
            }
        });
    }
}

impl Runner {
    /// Where the editor's recovery journal goes (`$XDG_STATE_HOME/stagecoach/recovery/<context>`).
    pub fn set_recovery_dir(&mut self, dir: Option<std::path::PathBuf>) {
        self.recovery_dir = dir;
    }

    /// Writes the journal 300 ms after the last keystroke (a newer text replaces the waiting
    /// one), or at once when the app is leaving.
    pub(super) fn journal(&mut self, team: String, file: String, text: String, now: bool) {
        let Some(dir) = self.recovery_dir.clone() else {
            return;
        };
        let clone = self
            .repos
            .get(&team)
            .map(|t| t.dir.display().to_string())
            .unwrap_or_default();
        let r = crate::repo::recovery::Recovery {
            team: team.clone(),
            file: file.clone(),
            text,
            saved_at: jiff::Timestamp::now(),
            clone,
        };
        if now {
            self.stop(&super::TaskKey::Journal(team, file));
            if let Err(e) = crate::repo::recovery::write(&dir, &r) {
                tracing::warn!("recovery journal: {e}");
            }
            return;
        }
        self.spawn(super::TaskKey::Journal(team, file), async move {
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            let _ = tokio::task::spawn_blocking(move || {
                if let Err(e) = crate::repo::recovery::write(&dir, &r) {
                    tracing::warn!("recovery journal: {e}");
                }
            })
            .await;
        });
    }

    pub(super) fn drop_journal(&mut self, team: String, file: String) {
        self.stop(&super::TaskKey::Journal(team.clone(), file.clone()));
        if let Some(dir) = self.recovery_dir.clone() {
            tokio::task::spawn_blocking(move || crate::repo::recovery::remove(&dir, &team, &file));
        }
    }
}
