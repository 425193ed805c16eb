//! Drift in the app: the pure comparison (`repo::drift`) fed from what the world holds — the
//! team's Helmfile read from its working clone, the release watch's latest revisions and the
//! decoded-revision cache — plus what the matrix and the drift screen ask for to get there
//! (the clone opened and read once per team, the payloads of the releases on screen).

use std::collections::BTreeSet;

use super::effect::repo::RepoEffect;
use super::effect::Effect;
use super::msg::Notice;
use super::nav::Screen;
use super::release_cache::{Decoded, RevisionKey};
use super::world::World;
use super::App;
use crate::helm::ReleaseStatus;
use crate::repo::drift::{stage_drift, Deployed, Payload, StageDrift};

/// Payload decodes the matrix asks for at most: well under the cache's capacity, so that the
/// rows on screen never evict each other (and leave room for the release screens).
pub const MATRIX_DECODES: usize = 120;

/// What can be said about a stage's drift now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DriftView {
    /// The team has no config repo in the config.
    NoRepo,
    /// The clone is being opened or its Helmfile read.
    Reading,
    /// The Helmfile could not be read at all, or not for this stage.
    Unrendered(String),
    /// The Helmfile has no environment for this stage (ad-hoc and build stages).
    NotInHelmfile,
    /// The API server refuses the stage's Helm release Secrets: who may not do what. Drift
    /// would otherwise call every release of the Helmfile missing.
    Unreadable(String),
    Known(StageDrift),
}

impl DriftView {
    /// The matrix's DRIFT cell.
    pub fn cell(&self) -> String {
        match self {
            DriftView::NoRepo | DriftView::NotInHelmfile => "-".into(),
            DriftView::Reading => "…".into(),
            DriftView::Unrendered(_) => "! helmfile".into(),
            DriftView::Unreadable(_) => "? 403".into(),
            DriftView::Known(d) => d.counts().cell(),
        }
    }
}

/// The matrix's DRIFT cells as last worked out, each with a fingerprint of what it was worked
/// out from: comparing a stage's Helmfile values with its releases' flattens both value trees,
/// and at 100k pods that, for every row on every frame, was a fifth of the loop's work while
/// the user typed a filter.
#[derive(Debug, Clone, Default)]
pub struct DriftCells(std::cell::RefCell<std::collections::HashMap<String, (u64, String)>>);

/// Cells kept at most (a few pages of the matrix; past it they are worked out again).
const DRIFT_CELLS_KEPT: usize = 512;

impl DriftCells {
    pub fn cell(&self, world: &World, namespace: &str) -> String {
        let key = drift_inputs(world, namespace);
        if let Some((k, cell)) = self.0.borrow().get(namespace) {
            if *k == key {
                return cell.clone();
            }
        }
        let cell = drift_of(world, namespace).cell();
        let mut cells = self.0.borrow_mut();
        if cells.len() >= DRIFT_CELLS_KEPT {
            cells.clear();
        }
        cells.insert(namespace.to_string(), (key, cell.clone()));
        cell
    }
}

/// A fingerprint of everything `drift_of` reads for the stage: the Helmfiles read, whether its
/// releases may be read, and its latest revisions with their payloads' state.
fn drift_inputs(world: &World, namespace: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    super::repo_data::landscapes_read().hash(&mut h);
    if let Some(stage) = world.stages.get(namespace) {
        stage.releases_refused.is_some().hash(&mut h);
        for r in stage.current_releases().values() {
            (&r.name, &r.secret, r.revision, r.status).hash(&mut h);
            let decoded: u8 = match world.decoded.get(&r.namespace, &r.secret) {
                Decoded::Pending => 0,
                Decoded::Ready(_) => 1,
                Decoded::Failed(_) => 2,
            };
            decoded.hash(&mut h);
        }
    }
    h.finish()
}

/// The drift of the stage in `namespace` from what the world holds.
pub fn drift_of(world: &World, namespace: &str) -> DriftView {
    let Some(stage) = world.stages.get(namespace) else {
        return DriftView::NotInHelmfile;
    };
    if !world.repo_teams.contains(&stage.team) {
        return DriftView::NoRepo;
    }
    let Some(l) = world
        .repos
        .get(&stage.team)
        .and_then(|d| d.landscape.as_ref())
    else {
        return DriftView::Reading;
    };
    if let Some(e) = &l.error {
        return DriftView::Unrendered(e.clone());
    }
    let Some(desired) = l.stage(&stage.stage) else {
        return DriftView::NotInHelmfile;
    };
    if let Some(e) = &desired.error {
        return DriftView::Unrendered(e.clone());
    }
    if let Some(who) = &stage.releases_refused {
        return DriftView::Unreadable(who.clone());
    }
    let latest = stage.current_releases();
    let deployed: Vec<Deployed> = latest
        .values()
        .map(|r| Deployed {
            name: &r.name,
            revision: r.revision,
            status: r.status,
            payload: match world.decoded.get(&r.namespace, &r.secret) {
                Decoded::Pending => None,
                Decoded::Ready(rel) => Some(Ok(Payload {
                    chart_version: &rel.chart.metadata.version,
                    config: &rel.config,
                })),
                Decoded::Failed(e) => Some(Err(e.to_string())),
            },
        })
        .collect();
    DriftView::Known(stage_drift(desired, namespace, &deployed))
}

/// The latest revisions whose payloads drift needs for these stages: only stages the team's
/// Helmfile describes, only releases still installed, at most `limit`.
pub fn drift_wants(world: &World, namespaces: &[&str], limit: usize) -> Vec<RevisionKey> {
    let mut keys = Vec::new();
    for ns in namespaces {
        let Some(stage) = world.stages.get(*ns) else {
            continue;
        };
        let described = world
            .repos
            .get(&stage.team)
            .and_then(|d| d.landscape.as_ref())
            .and_then(|l| l.stage(&stage.stage))
            .is_some_and(|s| s.error.is_none());
        if !described {
            continue;
        }
        for r in stage.current_releases().values() {
            if matches!(r.status, ReleaseStatus::Uninstalled | ReleaseStatus::Failed)
                || r.status.is_pending()
            {
                continue;
            }
            if keys.len() == limit {
                return keys;
            }
            keys.push((r.namespace.clone(), r.secret.clone()));
        }
    }
    keys
}

/// Opens the clone, then reads its Helmfile, once per team among `teams` (a team's failure is
/// said once; a later fetch, pull or save reads it again through the repo route). `asked`
/// remembers (team, step) so that nothing is asked twice.
pub fn landscape_asks(
    world: &World,
    teams: &BTreeSet<String>,
    asked: &mut BTreeSet<(String, u8)>,
) -> Vec<Effect> {
    let mut effects = Vec::new();
    for team in teams.iter().filter(|t| world.repo_teams.contains(*t)) {
        let data = world.repos.get(team);
        if data.is_some_and(|d| d.landscape.is_some() || d.busy.is_some()) {
            continue;
        }
        let (step, effect) = if data.is_some_and(|d| d.status.is_some()) {
            (1, RepoEffect::LoadLandscape { team: team.clone() })
        } else {
            (0, RepoEffect::Open { team: team.clone() })
        };
        if asked.insert((team.clone(), step)) {
            effects.push(Effect::Repo(effect));
        }
    }
    effects
}

impl App {
    /// `:drift [stage]` and `w`: the drift of the named stage, or of the stage in view; a team
    /// shows its first stage the Helmfile describes.
    pub(super) fn go_drift(&mut self, arg: Option<&str>) -> Vec<Effect> {
        let target = match arg {
            None => match self.stage_in_view() {
                Some(ns) => Some((None, Some(ns))),
                None => self.team_for(None).map(|t| (Some(t), None)),
            },
            Some(a) => match self.scope_for(Some(a)) {
                Some(s) if s.namespaces.len() == 1 => Some((None, Some(s.namespaces[0].clone()))),
                Some(s) if !s.team.is_empty() => Some((Some(s.team), None)),
                Some(_) => {
                    self.notice = Some((Notice::error("drift of which stage? name one"), self.now));
                    None
                }
                None => None,
            },
        };
        let screen = match target {
            Some((_, Some(ns))) => match self.world.team_of(&ns) {
                Some((team, _)) => crate::views::drift::DriftState::new(team, Some(&ns)),
                None => {
                    self.notice =
                        Some((Notice::error(format!("{ns} is no team's stage")), self.now));
                    return Vec::new();
                }
            },
            Some((Some(team), None)) => crate::views::drift::DriftState::new(&team, None),
            _ => return Vec::new(),
        };
        self.push(Screen::Drift(screen))
    }
}
