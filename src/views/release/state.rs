use super::doc;
use crate::app::view::View;
use crate::app::effect::Effect;
use crate::keymap::Section;
use crate::app::cursor::Cursor;
use crate::app::nav::{Flow, Screen, ViewCx};
use crate::app::release_cache::{Decoded, RevisionKey};
use crate::app::world::World;
use crate::cluster::pod_row::PodRow;
use crate::helm::{Release, ReleaseRow};
use crate::keymap::Action;
use crate::views::pod::PodState;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tab {
    Status,
    History,
    Values,
    Computed,
    Manifest,
    Hooks,
    Diff,
    Pods,
}

impl Tab {
    pub const ALL: [Tab; 8] = [
        Tab::Status,
        Tab::History,
        Tab::Values,
        Tab::Computed,
        Tab::Manifest,
        Tab::Hooks,
        Tab::Diff,
        Tab::Pods,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Status => "Status",
            Tab::History => "History",
            Tab::Values => "Values",
            Tab::Computed => "Computed",
            Tab::Manifest => "Manifest",
            Tab::Hooks => "Hooks",
            Tab::Diff => "Diff",
            Tab::Pods => "Pods",
        }
    }

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    pub fn action(self) -> Action {
        match self {
            Tab::Status => Action::TabStatus,
            Tab::History => Action::TabHistory,
            Tab::Values => Action::TabValues,
            Tab::Computed => Action::TabComputed,
            Tab::Manifest => Action::TabManifest,
            Tab::Hooks => Action::TabHooks,
            Tab::Diff => Action::TabDiff,
            Tab::Pods => Action::TabPods,
        }
    }

    fn of_action(a: Action) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.action() == a)
    }

    /// Tabs that are tables with a selection rather than scrolling text.
    pub fn is_table(self) -> bool {
        matches!(self, Tab::History | Tab::Pods)
    }
}

/// What the diff compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffSubject {
    Values,
    Manifest,
}

/// Rows of the body above a tab's content: the release line and the tab bar.
pub const HEAD_ROWS: usize = 2;
/// Rows below the history table: the selected revision's description in full.
pub const HISTORY_FOOT_ROWS: usize = 3;
/// Columns `h`/`l` move text sideways.
const HSTEP: usize = 8;

#[derive(Debug, Clone)]
pub struct ReleaseState {
    pub namespace: String,
    pub name: String,
    pub tab: Tab,
    /// The revision the text tabs show; `None` follows the latest.
    pub revision: Option<u32>,
    /// The diff's left and right revisions; `None` is the default (the revision before the
    /// right one, and the revision shown).
    pub diff_base: Option<u32>,
    pub diff_target: Option<u32>,
    pub diff_subject: DiffSubject,
    /// First line on screen per tab (text tabs).
    pub scroll: [usize; 8],
    pub hscroll: usize,
    pub history: Cursor,
    pub pods: Cursor,
}

impl ReleaseState {
    pub fn new(namespace: &str, name: &str) -> ReleaseState {
        ReleaseState {
            namespace: namespace.to_string(),
            name: name.to_string(),
            tab: Tab::Status,
            revision: None,
            diff_base: None,
            diff_target: None,
            diff_subject: DiffSubject::Values,
            scroll: [0; 8],
            hscroll: 0,
            history: Cursor::default(),
            pods: Cursor::default(),
        }
    }

    pub fn at_tab(mut self, tab: Tab) -> ReleaseState {
        self.tab = tab;
        self
    }

    /// Every revision with sound labels, oldest first (as `helm history` prints them).
    pub fn revisions<'a>(&self, world: &'a World) -> Vec<&'a ReleaseRow> {
        let mut v: Vec<&ReleaseRow> = world
            .stages
            .get(&self.namespace)
            .map(|s| {
                s.releases
                    .values()
                    .filter(|r| r.name == self.name && r.problem.is_none())
                    .collect()
            })
            .unwrap_or_default();
        v.sort_by_key(|r| r.revision);
        v
    }

    /// This release's Secrets whose labels are broken.
    pub fn problems<'a>(&self, world: &'a World) -> Vec<&'a ReleaseRow> {
        world
            .stages
            .get(&self.namespace)
            .map(|s| {
                s.releases
                    .values()
                    .filter(|r| r.name == self.name && r.problem.is_some())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The revision the text tabs show: the chosen one while it exists, else the latest.
    pub fn shown<'a>(&self, world: &'a World) -> Option<&'a ReleaseRow> {
        let revs = self.revisions(world);
        self.revision
            .and_then(|n| revs.iter().find(|r| r.revision == n).copied())
            .or_else(|| revs.last().copied())
    }

    /// The diff's (left, right) revisions; `None` when there are none.
    pub fn diff_pair<'a>(&self, world: &'a World) -> Option<(&'a ReleaseRow, &'a ReleaseRow)> {
        let revs = self.revisions(world);
        let find = |n: Option<u32>| n.and_then(|n| revs.iter().position(|r| r.revision == n));
        let shown = self.shown(world).map(|r| r.revision);
        let right = find(self.diff_target).or(find(shown))?;
        let left = find(self.diff_base).unwrap_or(right.saturating_sub(1));
        Some((revs[left], revs[right]))
    }

    pub fn pods<'a>(&self, world: &'a World) -> Vec<&'a PodRow> {
        world
            .stages
            .get(&self.namespace)
            .map(|s| {
                s.pods
                    .values()
                    .filter(|p| p.instance.as_deref() == Some(self.name.as_str()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Rows of the history table on screen for a list page of `page` (see `App::page`).
    pub fn history_rows(page: usize) -> usize {
        // `page` is the body minus a table header; above it the head, below it the footer.
        page.saturating_sub(HEAD_ROWS + HISTORY_FOOT_ROWS).max(1)
    }

    /// Rows of text on screen for a list page of `page`.
    pub fn text_rows(page: usize) -> usize {
        (page + 1).saturating_sub(HEAD_ROWS).max(1)
    }

    pub fn pod_rows(page: usize) -> usize {
        page.saturating_sub(HEAD_ROWS).max(1)
    }

    /// The decoded payload of a revision, if it is there.
    pub fn decoded<'a>(world: &'a World, r: &ReleaseRow) -> Decoded<'a> {
        world.decoded.get(&r.namespace, &r.secret)
    }

    pub fn decoded_release<'a>(world: &'a World, r: &ReleaseRow) -> Option<&'a Release> {
        match Self::decoded(world, r) {
            Decoded::Ready(rel) => Some(rel),
            _ => None,
        }
    }

    fn switch(&mut self, tab: Tab, world: &World) {
        if tab == Tab::History && self.tab != Tab::History {
            // Open the history at the revision shown.
            let revs = self.revisions(world);
            if let Some(i) = self
                .shown(world)
                .and_then(|s| revs.iter().position(|r| r.revision == s.revision))
            {
                self.history.selected = i;
            }
        }
        self.tab = tab;
        self.hscroll = 0;
    }

    /// Moves a diff side to the next older/newer revision.
    fn move_diff(&mut self, world: &World, base: bool, newer: bool) {
        let revs = self.revisions(world);
        let Some((l, r)) = self.diff_pair(world) else {
            return;
        };
        let cur = if base { l.revision } else { r.revision };
        let i = revs
            .iter()
            .position(|x| x.revision == cur)
            .unwrap_or_default();
        let j = if newer {
            (i + 1).min(revs.len() - 1)
        } else {
            i.saturating_sub(1)
        };
        let (left, right) = if base {
            (revs[j].revision, r.revision)
        } else {
            (l.revision, revs[j].revision)
        };
        self.diff_base = Some(left);
        self.diff_target = Some(right);
        self.scroll[Tab::Diff.index()] = 0;
        self.tab = Tab::Diff;
    }

    fn on_history(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let revs = self.revisions(cx.world);
        if self
            .history
            .on_action(a, revs.len(), Self::history_rows(cx.page))
        {
            return Flow::Done(Vec::new());
        }
        match (
            a,
            revs.get(self.history.selected.min(revs.len().saturating_sub(1))),
        ) {
            (Action::Drill, Some(r)) => {
                let latest = revs.last().map(|l| l.revision);
                self.revision = (Some(r.revision) != latest).then_some(r.revision);
                self.diff_base = None;
                self.diff_target = None;
                self.scroll = [0; 8];
                self.tab = Tab::Status;
                Flow::Done(Vec::new())
            }
            _ => Flow::Ignored,
        }
    }

    fn on_pods(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let pods = self.pods(cx.world);
        if self.pods.on_action(a, pods.len(), Self::pod_rows(cx.page)) {
            return Flow::Done(Vec::new());
        }
        match (a, pods.get(self.pods.selected)) {
            (Action::Drill, Some(p)) => {
                Flow::Push(Screen::Pod(PodState::new(&p.namespace, &p.name)))
            }
            _ => Flow::Ignored,
        }
    }

    fn on_text(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let page = Self::text_rows(cx.page);
        let lines = doc::build(self, cx.world, cx.width, cx.now);
        let max = lines.len().saturating_sub(page);
        let widest = lines.iter().map(doc::line_width).max().unwrap_or(0);
        let hmax = widest.saturating_sub(usize::from(cx.width) / 2);
        let top = &mut self.scroll[self.tab.index()];
        *top = (*top).min(max);
        match a {
            Action::Up => *top = top.saturating_sub(1),
            Action::Down => *top = (*top + 1).min(max),
            Action::PageUp => *top = top.saturating_sub(page),
            Action::PageDown => *top = (*top + page).min(max),
            Action::Top => *top = 0,
            Action::Bottom => *top = max,
            Action::Left => self.hscroll = self.hscroll.saturating_sub(HSTEP),
            Action::Right => self.hscroll = (self.hscroll + HSTEP).min(hmax),
            _ => return Flow::Ignored,
        }
        Flow::Done(Vec::new())
    }
}

impl View for ReleaseState {
    fn title(&self) -> String {
        format!("release {}", self.name)
    }

    fn sections(&self) -> &'static [Section] {
        &[Section::Release, Section::Global]
    }

    fn on_enter(&mut self, _cx: &mut ViewCx) -> Vec<Effect> {
        Vec::new()
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        Vec::new()
    }

    /// The revisions this screen shows now: the one shown, those in the history table's
    /// window, and the two of the diff.
    fn wanted_releases(&self, world: &World, page: usize) -> Vec<RevisionKey> {
        let key = |r: &ReleaseRow| (r.namespace.clone(), r.secret.clone());
        let mut out: Vec<RevisionKey> = self.shown(world).map(key).into_iter().collect();
        match self.tab {
            Tab::History => {
                let revs = self.revisions(world);
                let rows = Self::history_rows(page);
                let mut c = self.history;
                c.clamp(revs.len(), rows);
                out.extend(revs.iter().skip(c.offset).take(rows).map(|r| key(r)));
            }
            Tab::Diff => {
                if let Some((a, b)) = self.diff_pair(world) {
                    out.extend([key(a), key(b)]);
                }
            }
            _ => {}
        }
        out
    }

    /// Actions worth a hint in the status line on this tab.
    fn hint_actions(&self) -> Vec<Action> {
        match self.tab {
            Tab::Diff => vec![
                Action::NextTab,
                Action::DiffBaseOlder,
                Action::DiffTargetNewer,
                Action::DiffToggleSubject,
            ],
            Tab::History | Tab::Pods => vec![Action::NextTab, Action::Drill],
            _ => vec![Action::NextTab],
        }
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        if let Some(tab) = Tab::of_action(a) {
            self.switch(tab, cx.world);
            return Flow::Done(Vec::new());
        }
        let n = Tab::ALL.len();
        match a {
            Action::NextTab => {
                self.switch(Tab::ALL[(self.tab.index() + 1) % n], cx.world);
                return Flow::Done(Vec::new());
            }
            Action::PrevTab => {
                self.switch(Tab::ALL[(self.tab.index() + n - 1) % n], cx.world);
                return Flow::Done(Vec::new());
            }
            Action::DiffBaseOlder | Action::DiffBaseNewer => {
                self.move_diff(cx.world, true, a == Action::DiffBaseNewer);
                return Flow::Done(Vec::new());
            }
            Action::DiffTargetOlder | Action::DiffTargetNewer => {
                self.move_diff(cx.world, false, a == Action::DiffTargetNewer);
                return Flow::Done(Vec::new());
            }
            Action::DiffToggleSubject => {
                self.diff_subject = match self.diff_subject {
                    DiffSubject::Values => DiffSubject::Manifest,
                    DiffSubject::Manifest => DiffSubject::Values,
                };
                self.scroll[Tab::Diff.index()] = 0;
                self.tab = Tab::Diff;
                return Flow::Done(Vec::new());
            }
            _ => {}
        }
        match self.tab {
            Tab::History => self.on_history(a, cx),
            Tab::Pods => self.on_pods(a, cx),
            _ => self.on_text(a, cx),
        }
    }
}
