use jiff::Timestamp;

use crate::app::view::View;
use crate::app::effect::Effect;
use crate::app::filter::ListFilter;
use super::findings::{self, Evidence, Finding, FindingKey, Tally};
use crate::app::cursor::Cursor;
use crate::app::nav::{Flow, Screen, ViewCx};
use crate::app::world::World;
use crate::keymap::Action;
use crate::views::logs::LogsState;
use crate::views::pod::PodState;
use crate::views::pods::PodScope;
use crate::views::release::{ReleaseState, Tab};

/// Rows of the body that are not list rows: the scope line, the table header and the detail
/// of the selected finding (a rule, up to three lines of why, the evidence line).
pub const CHROME_ROWS: usize = 2 + DETAIL_ROWS;
pub const DETAIL_ROWS: usize = 5;

#[derive(Debug, Clone)]
pub struct DiagnoseState {
    pub scope: PodScope,
    pub cursor: Cursor,
    pub filter: ListFilter,
    /// The selected finding by identity, so that live changes do not move the selection.
    pub selected: Option<FindingKey>,
    /// The stages' event watches this screen runs (the why of pods that are not ready).
    pub watching: Vec<crate::cluster::resource::ResourceKey>,
    /// Once the user moves in the list, the order as it was then: a crash-looping pod whose
    /// restarts count up does not jump past the row under the cursor. New findings go below,
    /// worst first; `0`–`9` (a new scope) sorts again.
    pub order: Vec<FindingKey>,
}

impl DiagnoseState {
    pub fn new(scope: PodScope) -> DiagnoseState {
        DiagnoseState {
            scope,
            cursor: Cursor::default(),
            filter: ListFilter::default(),
            selected: None,
            watching: Vec::new(),
            order: Vec::new(),
        }
    }

    /// The findings in view (in scope, filtered, worst first) and the scope's counts.
    pub fn rows<'a>(&self, world: &'a World, now: Timestamp) -> (Vec<Finding<'a>>, Tally) {
        let (mut rows, tally) = findings::findings(world, &self.scope, now);
        if !self.order.is_empty() {
            // Stable: rows the order does not know keep their worst-first order, below.
            let rank = self.rank();
            rows.sort_by_key(|r| rank.get(&r.key()).copied().unwrap_or(usize::MAX));
        }
        if let Some(f) = self.filter.active() {
            rows.retain(|r| f.matches(&r.haystack()));
        }
        (rows, tally)
    }

    /// Where the selected finding is now (it may have moved with a live change).
    pub fn selected_index(&self, rows: &[Finding]) -> usize {
        let fallback = self.cursor.selected.min(rows.len().saturating_sub(1));
        match &self.selected {
            Some(k) => rows.iter().position(|r| r.key() == *k).unwrap_or(fallback),
            None => fallback,
        }
    }

    /// List rows on screen for a body whose list page is `page` (see `App::page`).
    pub fn list_rows(page: usize) -> usize {
        // `page` is the body minus one header row; the view has CHROME_ROWS, header included.
        (page + 1).saturating_sub(CHROME_ROWS).max(1)
    }

    fn rank(&self) -> std::collections::HashMap<FindingKey, usize> {
        self.order
            .iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), i))
            .collect()
    }

    fn rescope(&mut self, scope: PodScope, world: &World) -> Vec<Effect> {
        self.scope = scope;
        self.cursor = Cursor::default();
        self.selected = None;
        self.order.clear();
        let mut effects = self.stop_watches();
        effects.extend(self.start_watches(world));
        effects
    }

    /// The event watches of the stages in scope, as they are now.
    fn event_keys(&self, world: &World) -> Vec<crate::cluster::resource::ResourceKey> {
        use crate::cluster::resource::{ResourceKey, ResourceKind};
        world
            .stages
            .values()
            .filter(|s| self.scope.covers(world, &s.namespace))
            .flat_map(|s| {
                [ResourceKind::Event, ResourceKind::PersistentVolumeClaim]
                    .map(|k| ResourceKey::new(k, Some(&s.namespace)))
            })
            .collect()
    }

    /// Watches the events and claims of each stage in scope.
    fn start_watches(&mut self, world: &World) -> Vec<Effect> {
        self.watching = self.event_keys(world);
        self.watching
            .iter()
            .map(|k| Effect::WatchResources { key: k.clone() })
            .collect()
    }

    fn stop_watches(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.watching)
            .into_iter()
            .map(|key| Effect::StopResources { key })
            .collect()
    }
}

/// `enter`: straight to what shows why.
fn evidence(f: &Finding) -> Flow {
    match (f.evidence(), f.pod()) {
        (Evidence::ClaimEvents, _) => Flow::Push(Screen::Object(
            crate::views::object::ObjectState::new(
                crate::cluster::resource::fetch::ObjectRef::new(
                    crate::cluster::resource::ResourceKind::PersistentVolumeClaim,
                    f.namespace,
                    f.name,
                ),
                crate::views::object::ObjectMode::Describe,
            ),
        )),
        (Evidence::PreviousLog, Some(p)) => Flow::Push(Screen::Logs(LogsState::for_pod(p, true))),
        (Evidence::Log, Some(p)) => Flow::Push(Screen::Logs(LogsState::for_pod(p, false))),
        (Evidence::Events, Some(p)) => {
            Flow::Push(Screen::Pod(PodState::at_events(&p.namespace, &p.name)))
        }
        // A failed or stuck release: its history says which revision and why.
        _ => Flow::Push(Screen::Release(
            ReleaseState::new(f.namespace, f.name).at_tab(Tab::History),
        )),
    }
}

impl View for DiagnoseState {
    fn title(&self) -> String {
        format!("diagnose {}", self.scope.label)
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::Drill, Action::Logs, Action::PreviousLogs, Action::Describe]
    }

    fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        self.start_watches(cx.world)
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        self.stop_watches()
    }

    /// A stage that appears in scope later (the cluster synced after the screen opened, an
    /// ad-hoc stage) gets its event watch too.
    fn world_polls(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        let mut new = self.event_keys(cx.world);
        new.retain(|k| !self.watching.contains(k));
        self.watching.extend(new.iter().cloned());
        new.into_iter()
            .map(|key| Effect::WatchResources { key })
            .collect()
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

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let (rows, _) = self.rows(cx.world, cx.now);
        self.cursor.selected = self.selected_index(&rows);
        if self
            .cursor
            .on_action(a, rows.len(), Self::list_rows(cx.page))
        {
            self.selected = rows.get(self.cursor.selected).map(Finding::key);
            // The order the user is looking at now holds (unfiltered, so that a filter
            // cleared later does not reorder either).
            let (all, _) = findings::findings(cx.world, &self.scope, cx.now);
            let rank = self.rank();
            let mut all: Vec<FindingKey> = all.iter().map(Finding::key).collect();
            all.sort_by_key(|k| rank.get(k).copied().unwrap_or(usize::MAX));
            self.order = all;
            return Flow::Done(Vec::new());
        }
        match self.scope.after(a, cx.world) {
            Some(Some(s)) => return Flow::Done(self.rescope(s, cx.world)),
            Some(None) => return Flow::Say(self.scope.missing_stage(a, cx.world)),
            None => {}
        }
        let Some(f) = rows.get(self.cursor.selected) else {
            return Flow::Ignored;
        };
        match (a, f.pod()) {
            (Action::Drill, _) => evidence(f),
            (Action::Logs, Some(p)) => Flow::Push(Screen::Logs(LogsState::for_pod(p, false))),
            (Action::PreviousLogs, Some(p)) => {
                Flow::Push(Screen::Logs(LogsState::for_pod(p, true)))
            }
            (Action::Describe, Some(p)) => {
                Flow::Push(Screen::Pod(PodState::new(&p.namespace, &p.name)))
            }
            (Action::Events, Some(p)) => {
                Flow::Push(Screen::Pod(PodState::at_events(&p.namespace, &p.name)))
            }
            (Action::Logs | Action::PreviousLogs | Action::Describe | Action::Events, None) => {
                Flow::Done(Vec::new())
            }
            _ => Flow::Ignored,
        }
    }
}
