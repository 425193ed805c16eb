use std::collections::BTreeSet;

use crate::app::cursor::Cursor;
use crate::app::drift::{drift_of, drift_wants, landscape_asks, DriftView};
use crate::app::effect::Effect;
use crate::app::msg::Notice;
use crate::app::nav::{Flow, Screen, View, ViewCx};
use crate::app::release_cache::RevisionKey;
use crate::app::world::World;
use crate::keymap::Action;
use crate::repo::drift::DriftState as RowState;
use crate::views::release::ReleaseState;

/// Lines above the release rows: the headline and the column titles.
pub const HEAD_LINES: usize = 2;

/// Releases of one stage whose payloads the screen asks for at most.
const DECODES: usize = 64;

#[derive(Debug, Clone)]
pub struct DriftState {
    pub team: String,
    /// `None`: the team's first stage the Helmfile describes, once it is read.
    pub stage_namespace: Option<String>,
    pub cursor: Cursor,
    /// (team, step) already asked of the repo (see `landscape_asks`).
    asked: BTreeSet<(String, u8)>,
}

impl DriftState {
    pub fn new(team: &str, namespace: Option<&str>) -> DriftState {
        DriftState {
            team: team.to_string(),
            stage_namespace: namespace.map(str::to_string),
            cursor: Cursor::default(),
            asked: BTreeSet::new(),
        }
    }

    /// The stage shown: the one named, else the team's first (pipeline order) that the
    /// Helmfile describes, else its first.
    pub fn namespace(&self, world: &World) -> Option<String> {
        if let Some(ns) = &self.stage_namespace {
            return Some(ns.clone());
        }
        let landscape = world
            .repos
            .get(&self.team)
            .and_then(|d| d.landscape.as_ref());
        let stages: Vec<_> = world.stages_of(&self.team).collect();
        stages
            .iter()
            .find(|s| landscape.is_some_and(|l| l.stage(&s.stage).is_some()))
            .or(stages.first())
            .map(|s| s.namespace.clone())
    }

    pub fn view(&self, world: &World) -> (Option<String>, DriftView) {
        match self.namespace(world) {
            Some(ns) => {
                let v = drift_of(world, &ns);
                (Some(ns), v)
            }
            None => (None, DriftView::NotInHelmfile),
        }
    }
}

impl View for DriftState {
    fn title(&self) -> String {
        match &self.stage_namespace {
            Some(ns) => format!("drift {ns}"),
            None => format!("drift {}", self.team),
        }
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::Drill, Action::Deploy, Action::GoValues]
    }

    fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        // The Helmfile is read once per clone change (the repo route reads it again after a
        // fetch, pull or save); entering again asks only for what is still missing.
        self.asked.clear();
        self.world_polls(cx)
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        Vec::new()
    }

    fn world_polls(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        let teams = BTreeSet::from([self.team.clone()]);
        landscape_asks(cx.world, &teams, &mut self.asked)
    }

    fn wanted_releases(&self, world: &World, _page: usize) -> Vec<RevisionKey> {
        match self.namespace(world) {
            Some(ns) => drift_wants(world, &[ns.as_str()], DECODES),
            None => Vec::new(),
        }
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let (ns, view) = self.view(cx.world);
        let rows = match &view {
            DriftView::Known(d) => d.rows.clone(),
            _ => Vec::new(),
        };
        let page = cx.page.saturating_sub(HEAD_LINES);
        if self.cursor.on_action(a, rows.len(), page) {
            return Flow::Done(Vec::new());
        }
        match (a, rows.get(self.cursor.selected), ns) {
            (Action::Drill, Some(r), Some(ns)) => match r.state {
                RowState::Missing => Flow::Say(Notice::info(format!(
                    "{} is not deployed in {ns}: I deploys the stage",
                    r.release
                ))),
                _ if r.revision.is_none() => Flow::Say(Notice::info(format!(
                    "{} is not deployed in {ns}",
                    r.release
                ))),
                _ => Flow::Push(Screen::Release(ReleaseState::new(&ns, &r.release))),
            },
            _ => Flow::Ignored,
        }
    }
}
