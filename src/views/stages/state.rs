use crate::app::cursor::Cursor;
use crate::app::view::View;
use crate::app::effect::Effect;
use crate::app::filter::ListFilter;
use crate::app::nav::{Flow, Screen, ViewCx};
use crate::app::release_cache::RevisionKey;
use crate::app::world::{Stage, World};
use crate::keymap::Action;
use crate::views::diagnose::DiagnoseState;
use crate::views::pods::{PodScope, PodsState};

#[derive(Debug, Clone, Default)]
pub struct StagesState {
    pub cursor: Cursor,
    pub filter: ListFilter,
    /// The config repos already asked for the DRIFT column: (team, step).
    drift_asked: std::collections::BTreeSet<(String, u8)>,
    /// The last filtered page read, until the next message: what the screen wants and the
    /// frame after a key read the same page, and with a filter each read matches every stage.
    memo: std::cell::RefCell<Option<PageMemo>>,
    /// The DRIFT cells drawn, kept while what they come from stays the same.
    pub drift: crate::app::drift::DriftCells,
}

/// A filtered page as read for a world revision, a filter, a cursor and a page size.
#[derive(Debug, Clone)]
struct PageMemo {
    rev: u64,
    filter: String,
    asked: Cursor,
    page: usize,
    cursor: Cursor,
    count: usize,
    namespaces: Vec<String>,
}

/// What the matrix draws of its rows.
pub struct Page<'a> {
    pub cursor: Cursor,
    /// All the rows the matrix has (the filter applied).
    pub count: usize,
    pub stages: Vec<&'a Stage>,
}

impl StagesState {
    /// The stages the matrix lists, in its order, as they are read: the page and the selected
    /// row are asked for after every message, and at 7,000 stages listing them all each time
    /// would be most of the cockpit's work.
    fn listed<'a>(&'a self, world: &'a World) -> impl Iterator<Item = &'a Stage> + 'a {
        // One buffer for every row's haystack, not one allocation per row.
        let mut haystack = String::new();
        world.stages_in_order().filter(move |s| {
            self.filter.active().is_none_or(|f| {
                use std::fmt::Write;
                haystack.clear();
                let _ = write!(
                    haystack,
                    "{} {} {}",
                    s.namespace,
                    s.summary.worst.as_ref().map_or("", |w| w.1.as_str()),
                    if s.summary.failing > 0 { "failing" } else { "" }
                );
                f.matches(&haystack)
            })
        })
    }

    /// How many rows the matrix has: every stage is one of a team's (`World::add_stage`), so
    /// without a filter that is counted without listing them.
    fn count(&self, world: &World) -> usize {
        match self.filter.active() {
            None => world.stages.len(),
            Some(_) => self.listed(world).count(),
        }
    }

    fn selected<'a>(&'a self, world: &'a World) -> Option<&'a Stage> {
        self.listed(world).nth(self.cursor.selected)
    }

    pub fn selected_namespace(&self, world: &World) -> Option<String> {
        self.selected(world).map(|s| s.namespace.clone())
    }

    /// The stages on screen (the DRIFT column is computed for those only).
    pub fn visible<'a>(&'a self, world: &'a World, page: usize) -> Vec<&'a Stage> {
        self.page(world, page).stages
    }

    /// A page of `page` rows: the cursor as it shows it, and its stages.
    pub fn page<'a>(&'a self, world: &'a World, page: usize) -> Page<'a> {
        if self.filter.active().is_none() {
            let mut cursor = self.cursor;
            let count = self.count(world);
            cursor.clamp(count, page);
            return Page {
                cursor,
                count,
                stages: self.listed(world).skip(cursor.offset).take(page).collect(),
            };
        }
        let filter = self.filter.text();
        if let Some(m) = self.memo.borrow().as_ref().filter(|m| {
            m.rev == world.rev && m.asked == self.cursor && m.page == page && m.filter == filter
        }) {
            let stages: Vec<&Stage> = m
                .namespaces
                .iter()
                .filter_map(|ns| world.stages.get(ns))
                .collect();
            if stages.len() == m.namespaces.len() {
                return Page {
                    cursor: m.cursor,
                    count: m.count,
                    stages,
                };
            }
        }
        let read = self.filtered_page(world, page);
        *self.memo.borrow_mut() = Some(PageMemo {
            rev: world.rev,
            filter,
            asked: self.cursor,
            page,
            cursor: read.cursor,
            count: read.count,
            namespaces: read.stages.iter().map(|s| s.namespace.clone()).collect(),
        });
        read
    }

    /// With a filter every stage is matched to count the rows: one pass counts them and keeps
    /// those of the page the cursor asks for.
    fn filtered_page<'a>(&'a self, world: &'a World, page: usize) -> Page<'a> {
        let mut asked = self.cursor;
        asked.clamp(usize::MAX, page);
        let mut count = 0;
        let mut stages = Vec::with_capacity(page);
        for s in self.listed(world) {
            if count >= asked.offset && stages.len() < page {
                stages.push(s);
            }
            count += 1;
        }
        let mut cursor = self.cursor;
        cursor.clamp(count, page);
        // The list shrank under the cursor: its page is an earlier one.
        if cursor.offset != asked.offset {
            stages = self.listed(world).skip(cursor.offset).take(page).collect();
        }
        Page {
            cursor,
            count,
            stages,
        }
    }

    pub fn selected_team(&self, world: &World) -> Option<String> {
        self.selected(world).map(|s| s.team.clone())
    }
}

impl View for StagesState {
    fn title(&self) -> String {
        "stages".into()
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![
            Action::Drill,
            Action::GoDiagnose,
            Action::GoReleases,
            Action::GoDrift,
            Action::Deploy,
        ]
    }

    fn on_enter(&mut self, _cx: &mut ViewCx) -> Vec<Effect> {
        Vec::new()
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        Vec::new()
    }

    /// The DRIFT column needs each visible team's Helmfile: its clone opened, then read.
    fn world_polls(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        let teams = self
            .visible(cx.world, cx.page)
            .iter()
            .map(|s| s.team.clone())
            .collect();
        let asks = crate::app::drift::landscape_asks(cx.world, &teams, &mut self.drift_asked);
        // A page of teams: their reads take turns (the user may be typing a filter).
        asks.into_iter()
            .map(|e| match e {
                Effect::Repo(r) => Effect::RepoInTurn(r),
                other => other,
            })
            .collect()
    }

    /// The DRIFT column compares the visible stages' latest revisions (a bounded number).
    fn wanted_releases(&self, world: &World, page: usize) -> Vec<RevisionKey> {
        let stages = self.visible(world, page);
        let namespaces: Vec<&str> = stages.iter().map(|s| s.namespace.as_str()).collect();
        crate::app::drift::drift_wants(world, &namespaces, crate::app::drift::MATRIX_DECODES)
    }

    fn list_filter(&self) -> Option<&ListFilter> {
        Some(&self.filter)
    }

    fn list_filter_mut(&mut self) -> Option<&mut ListFilter> {
        Some(&mut self.filter)
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let count = self.count(cx.world);
        if self.cursor.on_action(a, count, cx.page) {
            return Flow::Done(Vec::new());
        }
        let selected = self.selected(cx.world);
        match (a, selected) {
            (Action::Drill, Some(s)) => Flow::Push(Screen::Pods(PodsState::new(
                PodScope::namespace(&s.namespace),
            ))),
            (Action::AllStages, Some(s)) => {
                Flow::Push(Screen::Pods(PodsState::new(PodScope::team(&s.team))))
            }
            (Action::GoDiagnose, Some(s)) => Flow::Push(Screen::Diagnose(DiagnoseState::new(
                PodScope::team(&s.team),
            ))),
            // `1`–`9`: the selected team's stage of that number (the `#` column), as on lists.
            (a, Some(s)) if a.stage_number().is_some() => {
                let team = PodScope::team(&s.team);
                match team.after(a, cx.world) {
                    Some(Some(scope)) => Flow::Push(Screen::Pods(PodsState::new(scope))),
                    _ => Flow::Say(team.missing_stage(a, cx.world)),
                }
            }
            _ => Flow::Ignored,
        }
    }
}
