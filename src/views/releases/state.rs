use super::lines::{release_lines, ReleaseLine};
use crate::app::view::View;
use crate::app::effect::Effect;
use crate::app::filter::ListFilter;
use crate::app::cursor::Cursor;
use crate::app::nav::{Flow, Screen, ViewCx};
use crate::app::release_cache::RevisionKey;
use crate::app::world::World;
use crate::keymap::Action;
use crate::views::pods::PodScope;
use crate::views::release::ReleaseState;

/// The columns a release list sorts by, in the order `<`/`>` walk them (CHART and APP VERSION
/// come from payloads decoded for the visible rows only, so they cannot order the list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseSort {
    Name,
    Stage,
    Revision,
    Status,
    Updated,
}

const SORT_ORDER: [ReleaseSort; 5] = [
    ReleaseSort::Name,
    ReleaseSort::Stage,
    ReleaseSort::Revision,
    ReleaseSort::Status,
    ReleaseSort::Updated,
];

impl ReleaseSort {
    /// Its column in the full table (NAME STAGE REVISION STATUS CHART APP VERSION UPDATED).
    pub fn column(self) -> usize {
        match self {
            ReleaseSort::Name => 0,
            ReleaseSort::Stage => 1,
            ReleaseSort::Revision => 2,
            ReleaseSort::Status => 3,
            ReleaseSort::Updated => 6,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ReleasesState {
    pub scope: PodScope,
    pub cursor: Cursor,
    pub filter: ListFilter,
    /// The selected line by identity (see [`ReleaseLine::key`]).
    pub selected: Option<(String, String)>,
    pub sort: ReleaseSort,
    pub descending: bool,
}

impl ReleasesState {
    pub fn new(scope: PodScope) -> ReleasesState {
        ReleasesState {
            scope,
            cursor: Cursor::default(),
            filter: ListFilter::default(),
            selected: None,
            sort: ReleaseSort::Name,
            descending: false,
        }
    }

    /// Sorts by `by`; the same key again reverses. Newest first is what UPDATED is for.
    fn sort_by(&mut self, by: ReleaseSort) {
        if self.sort == by {
            self.descending = !self.descending;
        } else {
            self.sort = by;
            self.descending = matches!(by, ReleaseSort::Updated | ReleaseSort::Revision);
        }
    }

    fn sort_step(&mut self, forward: bool) {
        let i = SORT_ORDER.iter().position(|s| *s == self.sort).unwrap_or(0);
        let n = SORT_ORDER.len();
        let next = if forward { (i + 1) % n } else { (i + n - 1) % n };
        self.sort = SORT_ORDER[next];
        self.descending = matches!(self.sort, ReleaseSort::Updated | ReleaseSort::Revision);
    }

    /// The lines in view: in scope, filtered, sorted (ties by stage and name).
    pub fn rows<'a>(&self, world: &'a World) -> Vec<ReleaseLine<'a>> {
        let mut rows = release_lines(world, &self.scope);
        if let Some(f) = self.filter.active() {
            rows.retain(|l| f.matches(&l.haystack(world)));
        }
        let stage = |l: &ReleaseLine| {
            world
                .team_of(&l.row.namespace)
                .map_or(l.row.namespace.clone(), |(_, s)| s.to_string())
        };
        rows.sort_by(|a, b| {
            let ord = match self.sort {
                ReleaseSort::Name => a.row.name.cmp(&b.row.name),
                ReleaseSort::Stage => stage(a).cmp(&stage(b)),
                ReleaseSort::Revision => a.row.revision.cmp(&b.row.revision),
                ReleaseSort::Status => a.row.status.to_string().cmp(&b.row.status.to_string()),
                ReleaseSort::Updated => a.row.modified.cmp(&b.row.modified),
            };
            let ord = if self.descending { ord.reverse() } else { ord };
            ord.then_with(|| stage(a).cmp(&stage(b)))
                .then_with(|| a.row.name.cmp(&b.row.name))
        });
        rows
    }

    pub fn selected_index(&self, rows: &[ReleaseLine]) -> usize {
        let fallback = self.cursor.selected.min(rows.len().saturating_sub(1));
        match &self.selected {
            Some(k) => rows.iter().position(|l| l.key() == *k).unwrap_or(fallback),
            None => fallback,
        }
    }

    /// The cursor as drawn for a table of `page` rows: selection and offset clamped.
    pub fn visible_cursor(&self, rows: &[ReleaseLine], page: usize) -> Cursor {
        let mut c = self.cursor;
        c.selected = self.selected_index(rows);
        c.clamp(rows.len(), page);
        c
    }

    fn rescope(&mut self, scope: PodScope) {
        self.scope = scope;
        self.cursor = Cursor::default();
        self.selected = None;
    }

}

impl View for ReleasesState {
    fn title(&self) -> String {
        format!("releases {}", self.scope.label)
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::Drill, Action::AllStages]
    }

    fn on_enter(&mut self, _cx: &mut ViewCx) -> Vec<Effect> {
        Vec::new()
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        Vec::new()
    }

    fn stage_scope(&self) -> Option<&crate::views::pods::PodScope> {
        Some(&self.scope)
    }

    fn list_filter(&self) -> Option<&ListFilter> {
        Some(&self.filter)
    }

    fn list_filter_mut(&mut self) -> Option<&mut ListFilter> {
        Some(&mut self.filter)
    }

    /// The latest revisions of the lines on screen: the only payloads the list decodes.
    fn wanted_releases(&self, world: &World, page: usize) -> Vec<RevisionKey> {
        let rows = self.rows(world);
        let c = self.visible_cursor(&rows, page);
        rows.iter()
            .skip(c.offset)
            .take(page)
            .filter(|l| !l.is_problem())
            .map(|l| (l.row.namespace.clone(), l.row.secret.clone()))
            .collect()
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let rows = self.rows(cx.world);
        self.cursor.selected = self.selected_index(&rows);
        if self.cursor.on_action(a, rows.len(), cx.page) {
            self.selected = rows.get(self.cursor.selected).map(ReleaseLine::key);
            return Flow::Done(Vec::new());
        }
        match self.scope.after(a, cx.world) {
            Some(Some(s)) => {
                self.rescope(s);
                return Flow::Done(Vec::new());
            }
            Some(None) => return Flow::Say(self.scope.missing_stage(a, cx.world)),
            None => {}
        }
        let sort = match a {
            Action::SortName => Some(ReleaseSort::Name),
            Action::SortStatus => Some(ReleaseSort::Status),
            Action::SortAge => Some(ReleaseSort::Updated),
            Action::SortRestarts => Some(ReleaseSort::Revision),
            _ => None,
        };
        if let Some(by) = sort {
            self.sort_by(by);
            return Flow::Done(Vec::new());
        }
        match a {
            Action::SortNextColumn => self.sort_step(true),
            Action::SortPrevColumn => self.sort_step(false),
            Action::SortFlip => self.descending = !self.descending,
            _ => {}
        }
        if matches!(
            a,
            Action::SortNextColumn | Action::SortPrevColumn | Action::SortFlip
        ) {
            return Flow::Done(Vec::new());
        }
        match (a, rows.get(self.cursor.selected)) {
            (Action::Drill | Action::Describe, Some(l)) => Flow::Push(Screen::Release(
                ReleaseState::new(&l.row.namespace, &l.row.name),
            )),
            // Already here.
            (Action::GoReleases, _) => Flow::Done(Vec::new()),
            _ => Flow::Ignored,
        }
    }
}
