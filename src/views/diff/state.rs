use crate::app::effect::repo::RepoEffect;
use crate::app::effect::Effect;
use crate::app::nav::{Flow, ViewCx};
use crate::app::view::View;
use crate::app::world::World;
use crate::keymap::{Action, Section};
use crate::repo::FileDiff;
use crate::text::diff::{unified, DiffLine};

/// Unchanged lines around each change.
const CONTEXT: usize = 3;

#[derive(Debug, Clone)]
pub struct DiffState {
    pub team: String,
    /// The file to show first (the one selected on the repo screen).
    pub wanted: Option<String>,
    pub file: usize,
    pub scroll: usize,
    /// A commit against its parent (from the timeline) instead of the working tree.
    pub commit: Option<String>,
}

impl DiffState {
    pub fn new(team: &str, wanted: Option<&str>) -> DiffState {
        DiffState {
            team: team.to_string(),
            wanted: wanted.map(str::to_string),
            file: 0,
            scroll: 0,
            commit: None,
        }
    }

    /// One commit's changes against its first parent.
    pub fn commit(team: &str, id: &str) -> DiffState {
        DiffState {
            commit: Some(id.to_string()),
            ..DiffState::new(team, None)
        }
    }

    /// The commit shown and its files, or why it cannot be shown (`None` while it is read).
    pub fn commit_shown<'a>(
        &self,
        world: &'a World,
    ) -> Option<&'a Result<(crate::repo::CommitRow, Vec<FileDiff>), String>> {
        let id = self.commit.as_ref()?;
        world.repos.get(&self.team)?.commits.get(id)
    }

    pub fn files<'a>(&self, world: &'a World) -> Option<&'a [FileDiff]> {
        if self.commit.is_some() {
            return match self.commit_shown(world)? {
                Ok((_, files)) => Some(files.as_slice()),
                Err(_) => None,
            };
        }
        world
            .repos
            .get(&self.team)
            .and_then(|d| d.diff.as_deref())
    }

    /// The file shown: the wanted one while it is there, else by position.
    pub fn current<'a>(&self, world: &'a World) -> Option<(usize, &'a FileDiff)> {
        let files = self.files(world)?;
        if let Some(w) = &self.wanted {
            if let Some(i) = files.iter().position(|f| &f.path == w) {
                return Some((i, &files[i]));
            }
        }
        let i = self.file.min(files.len().checked_sub(1)?);
        Some((i, &files[i]))
    }
}

/// A file's diff lines (a new file: all added; a deleted one: all removed).
pub fn file_lines(f: &FileDiff) -> Vec<DiffLine> {
    unified(
        f.old.as_deref().unwrap_or(""),
        f.new.as_deref().unwrap_or(""),
        CONTEXT,
    )
}

impl View for DiffState {
    fn title(&self) -> String {
        match &self.commit {
            Some(id) => format!("commit {}", crate::app::timeline::short(id)),
            None => format!("diff {}", self.team),
        }
    }

    fn sections(&self) -> &'static [Section] {
        &[Section::Repo, Section::Global]
    }

    fn hint_actions(&self) -> Vec<Action> {
        if self.commit.is_some() {
            return vec![Action::NextFile, Action::PrevFile];
        }
        vec![Action::NextFile, Action::PrevFile, Action::RepoCommit]
    }

    fn on_enter(&mut self, _cx: &mut ViewCx) -> Vec<Effect> {
        if let Some(id) = &self.commit {
            return vec![Effect::Repo(RepoEffect::ShowCommit {
                team: self.team.clone(),
                id: id.clone(),
            })];
        }
        vec![Effect::Repo(RepoEffect::Diff {
            team: self.team.clone(),
        })]
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        Vec::new()
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let count = self.files(cx.world).map_or(0, <[FileDiff]>::len);
        let shown = self.current(cx.world).map_or(0, |(i, _)| i);
        match a {
            Action::NextFile | Action::PrevFile if count > 0 => {
                let next = if a == Action::NextFile {
                    (shown + 1) % count
                } else {
                    (shown + count - 1) % count
                };
                self.wanted = None;
                self.file = next;
                self.scroll = 0;
            }
            Action::Down => self.scroll += 1,
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll += cx.page,
            Action::PageUp => self.scroll = self.scroll.saturating_sub(cx.page),
            Action::Top => self.scroll = 0,
            Action::Bottom => self.scroll = usize::MAX / 2,
            Action::RepoCommit if self.commit.is_none() => {
                return crate::views::commit::commit_form(cx, &self.team)
            }
            _ => return Flow::Ignored,
        }
        Flow::Done(Vec::new())
    }
}
