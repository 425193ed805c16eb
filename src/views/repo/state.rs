use crate::app::cursor::Cursor;
use crate::app::effect::repo::RepoEffect;
use crate::app::effect::Effect;
use crate::app::msg::Notice;
use crate::app::nav::{Flow, ViewCx};
use crate::app::view::View;
use crate::app::world::World;
use crate::keymap::{Action, Section};
use crate::repo::{CommitRow, FileChange};
use crate::views::commit::commit_form;
use crate::views::diff::DiffState;
use crate::views::jobs::JobsState;

#[derive(Debug, Clone)]
pub struct RepoState {
    pub team: String,
    pub cursor: Cursor,
}

/// A row of the screen: a changed file, then the recent commits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepoLine<'a> {
    Change(&'a FileChange),
    Commit(&'a CommitRow),
}

impl RepoState {
    pub fn new(team: &str) -> RepoState {
        RepoState {
            team: team.to_string(),
            cursor: Cursor::default(),
        }
    }

    pub fn lines<'a>(&self, world: &'a World) -> Vec<RepoLine<'a>> {
        let Some(status) = world.repos.get(&self.team).and_then(|d| d.status.as_ref()) else {
            return Vec::new();
        };
        status
            .changes
            .iter()
            .map(RepoLine::Change)
            .chain(status.recent.iter().map(RepoLine::Commit))
            .collect()
    }

    /// A write, or in read-only mode the reason it is refused, at the key.
    fn write(&self, cx: &ViewCx, what: &str, e: RepoEffect) -> Flow {
        if cx.readonly {
            return Flow::Say(readonly_notice(what));
        }
        Flow::Done(vec![Effect::Repo(e)])
    }
}

/// The clone has reported its status (until then the files cannot be read).
pub fn is_open(cx: &ViewCx, team: &str) -> bool {
    cx.world.repos.get(team).is_some_and(|d| d.status.is_some())
}

/// The quick edits since the last commit (the commit message is made from them).
pub fn edits_of<'a>(cx: &'a ViewCx, team: &str) -> &'a [crate::repo::commit_message::Edit] {
    cx.world.repos.get(team).map_or(&[], |d| d.edits.as_slice())
}

/// What a write key does in read-only mode: nothing, and the status line says why.
pub fn readonly_notice(what: &str) -> Notice {
    Notice::error(format!(
        "read-only mode: {what} refused (started with --readonly or readonly: true)"
    ))
}

impl View for RepoState {
    fn title(&self) -> String {
        format!("repo {}", self.team)
    }

    fn sections(&self) -> &'static [Section] {
        // Jenkins' keys too: `U` runs Update configuration after a JCasC push.
        &[Section::Repo, Section::Table, Section::Jenkins, Section::Global]
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![
            Action::RepoDiff,
            Action::RepoCommit,
            Action::RepoPush,
            Action::RepoPull,
            Action::RepoFetch,
        ]
    }

    fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        let team = self.team.clone();
        vec![Effect::Repo(if is_open(cx, &team) {
            RepoEffect::Refresh { team }
        } else {
            RepoEffect::Open { team }
        })]
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        // A push or a fetch goes on when the user leaves: nothing to stop.
        Vec::new()
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let lines = self.lines(cx.world);
        if self.cursor.on_action(a, lines.len(), cx.page.saturating_sub(2)) {
            return Flow::Done(Vec::new());
        }
        let team = self.team.clone();
        match a {
            Action::Drill => match lines.get(self.cursor.selected) {
                Some(RepoLine::Change(c)) => {
                    Flow::Push(DiffState::new(&team, Some(&c.path)).into())
                }
                _ => Flow::Done(Vec::new()),
            },
            Action::RepoDiff => Flow::Push(DiffState::new(&team, None).into()),
            Action::EditFile => match lines.get(self.cursor.selected) {
                Some(RepoLine::Change(c)) if c.kind != crate::repo::ChangeKind::Deleted => {
                    Flow::Edit {
                        team,
                        file: c.path.clone(),
                    }
                }
                _ => Flow::Say(Notice::info(
                    "E edits a changed file; :edit FILE any file (default: the JCasC file)",
                )),
            },
            Action::RepoCommit => commit_form(cx, &team),
            Action::RepoPush => self.write(cx, "a push", RepoEffect::Push { team }),
            Action::RepoPull => self.write(cx, "a pull", RepoEffect::Pull { team }),
            Action::RepoFetch => Flow::Done(vec![Effect::Repo(RepoEffect::Fetch { team })]),
            Action::ReloadJenkins => {
                if cx.readonly {
                    return Flow::Say(readonly_notice("Update configuration"));
                }
                let commit = cx
                    .world
                    .repos
                    .get(&team)
                    .and_then(|d| d.jcasc_pushed.clone());
                Flow::Push(JobsState::reload_asked(&team, commit).into())
            }
            _ => Flow::Ignored,
        }
    }
}
