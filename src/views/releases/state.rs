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

#[derive(Debug, Clone)]
pub struct ReleasesState {
    pub scope: PodScope,
    pub cursor: Cursor,
    pub filter: ListFilter,
    /// The selected line by identity (see [`ReleaseLine::key`]).
    pub selected: Option<(String, String)>,
}

impl ReleasesState {
    pub fn new(scope: PodScope) -> ReleasesState {
        ReleasesState {
            scope,
            cursor: Cursor::default(),
            filter: ListFilter::default(),
            selected: None,
        }
    }

    /// The lines in view: in scope, filtered, by name.
    pub fn rows<'a>(&self, world: &'a World) -> Vec<ReleaseLine<'a>> {
        let mut rows = release_lines(world, &self.scope);
        if let Some(f) = self.filter.active() {
            rows.retain(|l| f.matches(&l.haystack(world)));
        }
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
        if let Some(scope) = self.scope.after(a, cx.world) {
            if let Some(s) = scope {
                self.rescope(s);
            }
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
