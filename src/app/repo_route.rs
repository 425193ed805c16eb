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
            RepoMsg::JcascPushed { .. }
            | RepoMsg::FileRead { .. }
            | RepoMsg::StageLogged { .. }
            | RepoMsg::CommitShown { .. } => None,
        };
        for s in &mut self.stack {
            s.on_repo(&m);
        }
        let committed = match &m {
            RepoMsg::Finished {
                team,
                op: RepoOp::Commit,
                result: Ok(_),
            } => self
                .world
                .repos
                .get(team)
                .map(|d| d.committing.clone())
                .unwrap_or_default(),
            _ => Vec::new(),
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
        // A committed file's journal is no longer needed.
        if let Some(team) = &team {
            for file in committed {
                self.world
                    .repos
                    .recoveries
                    .retain(|r| !(r.team == *team && r.file == file));
                effects.push(Effect::DropJournal {
                    team: team.clone(),
                    file,
                });
            }
        }
        if first_status {
            let (mut cx, top) = self.cx();
            effects.extend(top.on_enter(&mut cx));
        }
        effects.extend(self.run_pending_edit());
        if let (Some(team), Some((op, result))) = (team, outcome) {
            // Writes say how they ended; a routine open or fetch speaks only when it fails.
            let write = matches!(op, RepoOp::Save | RepoOp::Commit | RepoOp::Push);
            let reload = match self
                .world
                .repos
                .get(&team)
                .and_then(|d| d.jcasc_pushed.clone())
            {
                Some(c) if op == RepoOp::Push => {
                    format!(" — {c} changes the JCasC: U runs Update configuration")
                }
                _ => String::new(),
            };
            // What the values and agents screens show is read again once the clone changed
            // (a first clone may land after they read, a pull or a save changes the files).
            if matches!(op, RepoOp::Open | RepoOp::Fetch | RepoOp::Save) && result.is_ok() {
                if let Some(d) = self.world.repos.get(&team) {
                    if d.agents.is_some() {
                        effects.push(Effect::Repo(RepoEffect::LoadAgents { team: team.clone() }));
                    }
                    if d.landscape.is_some() {
                        effects.push(Effect::Repo(RepoEffect::LoadLandscape {
                            team: team.clone(),
                        }));
                    }
                }
            }
            let notice = match result {
                Ok(text) if write => {
                    Some(Notice::info(format!("{team} config repo: {text}{reload}")))
                }
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

    /// Opens a file of the team's repo in the external editor the user named (`$VISUAL`,
    /// `$EDITOR`: the runtime hands it the terminal), else in the built-in one — with the
    /// unsaved edits of an earlier session if the journal holds some.
    pub(super) fn edit_file(&mut self, team: &str, file: &str) -> Vec<Effect> {
        let status = self.world.repos.get(team).and_then(|d| d.status.as_ref());
        let Some(status) = status else {
            return self.edit_once_open(team, Some(file));
        };
        let recovered = self
            .world
            .repos
            .recoveries
            .iter()
            .rev()
            .find(|r| r.team == team && r.file == file)
            .cloned();
        if self.external_editor.is_some() && recovered.is_none() {
            self.external_edit = Some(ExternalEdit {
                team: team.to_string(),
                path: std::path::Path::new(&status.path).join(file),
            });
            return Vec::new();
        }
        let jcasc = status.jcasc == file;
        self.push(crate::views::Screen::Editor(
            crate::views::editor::EditorState::new(team, file, jcasc, recovered),
        ))
    }

    /// Back from `$EDITOR`: what the screens show of the repo is read again.
    pub(super) fn editor_closed(&mut self, team: &str, result: Result<(), String>) -> Vec<Effect> {
        if let Err(e) = result {
            self.notice = Some((Notice::error(e), self.now));
        }
        let team = team.to_string();
        let mut effects = vec![Effect::Repo(RepoEffect::Refresh { team: team.clone() })];
        if let Some(d) = self.world.repos.get(&team) {
            if d.landscape.is_some() {
                effects.push(Effect::Repo(RepoEffect::LoadLandscape {
                    team: team.clone(),
                }));
            }
            if d.agents.is_some() {
                effects.push(Effect::Repo(RepoEffect::LoadAgents { team: team.clone() }));
            }
            if d.diff.is_some() {
                effects.push(Effect::Repo(RepoEffect::Diff { team }));
            }
        }
        effects
    }

    /// `:recover`: the newest unsaved edits a previous session left, in the editor.
    pub(super) fn recover(&mut self) -> Vec<Effect> {
        match self.world.repos.recoveries.last().cloned() {
            Some(r) => self.edit_file(&r.team, &r.file),
            None => {
                self.notice = Some((Notice::info("no unsaved edits to recover"), self.now));
                Vec::new()
            }
        }
    }
}

/// An `:edit` typed before the team's clone was open: run once it is, if the user is still
/// where they typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingEdit {
    pub team: String,
    /// `None`: the JCasC file, whose path the clone's status names.
    pub file: Option<String>,
    /// The screen it was typed on (its depth and title): moving elsewhere drops it.
    pub at: (usize, String),
}

impl App {
    /// The clone is not open yet: keep the edit for when it is (opening the clone if nothing
    /// does), instead of dropping what the user asked for.
    pub(super) fn edit_once_open(&mut self, team: &str, file: Option<&str>) -> Vec<Effect> {
        if !self.world.repo_teams.contains(team) {
            self.notice = Some((
                Notice::error(super::repo_data::no_repo_text(team)),
                self.now,
            ));
            return Vec::new();
        }
        let what = file.unwrap_or("the JCasC file");
        self.pending_edit = Some(PendingEdit {
            team: team.to_string(),
            file: file.map(str::to_string),
            at: (self.stack.len(), self.top().title()),
        });
        self.notice = Some((
            Notice::info(format!(
                "the config repo is still opening… {what} opens in the editor once it is"
            )),
            self.now,
        ));
        let opening = self.world.repos.get(team).is_some_and(|d| d.busy.is_some());
        if opening {
            Vec::new()
        } else {
            vec![Effect::Repo(RepoEffect::Open {
                team: team.to_string(),
            })]
        }
    }

    /// After a repo message: the kept edit runs once its clone is open, or is dropped if the
    /// open failed (its error is on the status line) or the user went elsewhere.
    fn run_pending_edit(&mut self) -> Vec<Effect> {
        let Some(p) = &self.pending_edit else {
            return Vec::new();
        };
        let here = (self.stack.len(), self.top().title());
        if p.at != here {
            self.pending_edit = None;
            return Vec::new();
        }
        let Some(d) = self.world.repos.get(&p.team) else {
            return Vec::new();
        };
        match (&d.status, &d.last) {
            (Some(status), _) => {
                let p = self.pending_edit.take().expect("checked above");
                let file = p.file.unwrap_or_else(|| status.jcasc.clone());
                self.edit_file(&p.team, &file)
            }
            (None, Some((crate::repo::RepoOp::Open, Err(_), _))) if d.busy.is_none() => {
                self.pending_edit = None;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }
}

/// A file to hand to `$VISUAL`/`$EDITOR` (the runtime suspends the screen for it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalEdit {
    pub team: String,
    pub path: std::path::PathBuf,
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
