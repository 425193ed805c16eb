//! All teams with two watches (issue 15): when the scope is every team (no `--team`) or more
//! than [`CLUSTER_WIDE_FROM`] stage namespaces, one cluster-wide pod watch and one cluster-wide
//! release-Secret watch feed every stage instead of two watches per namespace (1,440 at
//! `--scale 40`). Their rows land in the same `Stage`s the per-namespace watches fill, so the
//! views do not know which design fed them. Where listing cluster-wide is forbidden, the
//! per-namespace watches take over and the status line says so.

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::effect::Effect;
use super::msg::{ClusterMsg, WatchId};
use super::world::{mark_lost, Stage, WatchState, World};
use crate::cluster::pod_row::PodRow;
use crate::cluster::stage::StageNamespaces;
use crate::cluster::watch_failure::FailureKind;
use crate::helm::ReleaseRow;

/// More stage namespaces than this in scope: two cluster-wide watches instead of two each.
pub const CLUSTER_WIDE_FROM: usize = 20;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WatchDesign {
    /// Not chosen yet: chosen when the namespaces are first listed.
    #[default]
    Undecided,
    PerNamespace,
    ClusterWide,
}

/// The cluster-wide watches' state and the rows of namespaces that are not stages yet.
#[derive(Debug, Clone, Default)]
pub struct AllStages {
    /// The scope is every team (no `--team`): watch cluster-wide from the start.
    pub all_teams: bool,
    pub design: WatchDesign,
    pub pods_watch: Option<WatchState>,
    pub releases_watch: Option<WatchState>,
    /// Cluster-wide listing was forbidden: per-namespace watches instead (said once).
    pub fell_back: bool,
    /// What the status line should say, taken by `App` when it is set.
    pub note: Option<String>,
    /// A pod's or release's namespace may arrive after its rows (two connections): the rows
    /// wait here, by namespace, until the namespace becomes a stage.
    waiting_pods: BTreeMap<String, BTreeMap<String, PodRow>>,
    waiting_releases: BTreeMap<String, BTreeMap<String, ReleaseRow>>,
    /// The cluster-wide watches were replaced: the runner stops them.
    stop: bool,
}

impl AllStages {
    /// The settings that outlive a context switch.
    pub fn settings(&self) -> AllStages {
        AllStages {
            all_teams: self.all_teams,
            ..AllStages::default()
        }
    }
}

impl World {
    /// The namespaces the cluster-wide watches keep: the teams' stages.
    pub fn stage_namespaces(&self) -> StageNamespaces {
        if self.discover {
            StageNamespaces::new(&[])
        } else {
            StageNamespaces::new(&self.teams)
        }
    }

    /// Starts the cluster-wide design (at launch for all teams, else at the first namespace
    /// list with many stages).
    pub fn start_all_stages(&mut self) -> Vec<Effect> {
        let a = &mut self.all_stages;
        a.design = WatchDesign::ClusterWide;
        a.pods_watch = Some(WatchState::Syncing);
        a.releases_watch = Some(WatchState::Syncing);
        vec![Effect::WatchAllStages {
            scope: self.stage_namespaces(),
        }]
    }

    /// The watches for stages that just appeared: their own (per namespace), or none (the
    /// cluster-wide watches already carry them: their waiting rows are claimed). Decides the
    /// design at the first namespace list.
    pub fn stage_watch_effects(&mut self, added: Vec<String>) -> Vec<Effect> {
        let mut effects = Vec::new();
        if std::mem::take(&mut self.all_stages.stop) {
            effects.push(Effect::StopAllStages);
        }
        if self.all_stages.design == WatchDesign::Undecided && self.namespaces_seen {
            if self.all_stages.all_teams || self.stages.len() > CLUSTER_WIDE_FROM {
                effects.extend(self.start_all_stages());
            } else {
                self.all_stages.design = WatchDesign::PerNamespace;
            }
        }
        match self.all_stages.design {
            WatchDesign::ClusterWide => {
                for ns in &added {
                    self.claim(ns);
                }
            }
            WatchDesign::PerNamespace | WatchDesign::Undecided => effects.extend(
                added
                    .into_iter()
                    .map(|namespace| Effect::WatchStage { namespace }),
            ),
        }
        effects
    }

    /// A new stage takes the rows that came before it, and the watches' state.
    fn claim(&mut self, ns: &str) {
        let a = &mut self.all_stages;
        let pods = a.waiting_pods.remove(ns).unwrap_or_default();
        let releases = a.waiting_releases.remove(ns).unwrap_or_default();
        let (pw, rw) = (a.pods_watch.clone(), a.releases_watch.clone());
        if let Some(s) = self.stages.get_mut(ns) {
            s.pods = pods;
            s.releases = releases;
            s.pods_watch = pw.unwrap_or(WatchState::Syncing);
            s.releases_watch = rw.unwrap_or(WatchState::Syncing);
            s.summarise();
        }
    }

    /// A cluster-wide watch's message (the others are `World::apply`'s). Returns the stages
    /// that must now be watched on their own (after a refusal to list cluster-wide).
    pub(super) fn apply_all_stages(&mut self, msg: ClusterMsg, now: Timestamp) -> Vec<String> {
        // What the replaced watches sent before they were stopped.
        if self.all_stages.design != WatchDesign::ClusterWide {
            return Vec::new();
        }
        match msg {
            ClusterMsg::AllPodsSynced(rows) => {
                let mut by_ns = group(rows);
                for s in self.stages.values_mut() {
                    s.pods = by_ns.remove(&s.namespace).unwrap_or_default();
                    s.pods_watch = WatchState::Synced;
                    s.summarise();
                }
                self.all_stages.waiting_pods = by_ns;
                self.all_stages.pods_watch = Some(WatchState::Synced);
            }
            ClusterMsg::AllReleasesSynced(rows) => {
                let mut by_ns = group(rows);
                for s in self.stages.values_mut() {
                    s.releases = by_ns.remove(&s.namespace).unwrap_or_default();
                    s.releases_watch = WatchState::Synced;
                    s.summarise();
                }
                self.all_stages.waiting_releases = by_ns;
                self.all_stages.releases_watch = Some(WatchState::Synced);
            }
            ClusterMsg::AllPodsChanged { applied, deleted } => {
                let waiting = &mut self.all_stages.waiting_pods;
                let touched = change(&mut self.stages, waiting, applied, deleted, |s| &mut s.pods);
                self.resynced(touched, true);
            }
            ClusterMsg::AllReleasesChanged { applied, deleted } => {
                let waiting = &mut self.all_stages.waiting_releases;
                let touched = change(&mut self.stages, waiting, applied, deleted, |s| {
                    &mut s.releases
                });
                self.resynced(touched, false);
            }
            ClusterMsg::WatchFailed { id, kind, error } => {
                if kind == FailureKind::Forbidden {
                    return self.fall_back(&id, &error);
                }
                let pods = id == WatchId::AllPods;
                let a = &mut self.all_stages;
                let w = if pods {
                    &mut a.pods_watch
                } else {
                    &mut a.releases_watch
                };
                let w = w.get_or_insert(WatchState::Syncing);
                mark_lost(w, error, now);
                let state = w.clone();
                for s in self.stages.values_mut() {
                    *if pods {
                        &mut s.pods_watch
                    } else {
                        &mut s.releases_watch
                    } = state.clone();
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// After changes: the touched stages' summaries, and every stage current again if the
    /// watch had been lost (a change arrives only on a live watch).
    fn resynced(&mut self, touched: Vec<String>, pods: bool) {
        for ns in touched {
            if let Some(s) = self.stages.get_mut(&ns) {
                s.summarise();
            }
        }
        let a = &mut self.all_stages;
        let w = if pods {
            &mut a.pods_watch
        } else {
            &mut a.releases_watch
        };
        if w.as_ref() != Some(&WatchState::Synced) {
            *w = Some(WatchState::Synced);
            for s in self.stages.values_mut() {
                if pods {
                    s.pods_watch = WatchState::Synced;
                } else {
                    s.releases_watch = WatchState::Synced;
                }
            }
        }
    }

    /// Listing cluster-wide is forbidden (RBAC grants the teams' namespaces only): every
    /// stage gets its own watches, as without the cluster-wide design.
    fn fall_back(&mut self, id: &WatchId, error: &str) -> Vec<String> {
        tracing::warn!("cluster-wide watch refused, watching each namespace: {error}");
        let n = self.stages.len();
        let a = &mut self.all_stages;
        a.design = WatchDesign::PerNamespace;
        a.fell_back = true;
        a.stop = true;
        a.pods_watch = None;
        a.releases_watch = None;
        a.waiting_pods.clear();
        a.waiting_releases.clear();
        let what = if *id == WatchId::AllPods {
            "pods"
        } else {
            "Helm release Secrets"
        };
        a.note = Some(format!(
            "may not list {what} in all namespaces: watching each of the {n} stage namespaces instead"
        ));
        for s in self.stages.values_mut() {
            s.pods_watch = WatchState::Syncing;
            s.releases_watch = WatchState::Syncing;
        }
        self.stages.keys().cloned().collect()
    }
}

/// A row the cluster-wide watches carry: its namespace and its key within it.
trait Keyed {
    fn namespace(&self) -> &String;
    fn key(&self) -> &String;
}

impl Keyed for PodRow {
    fn namespace(&self) -> &String {
        &self.namespace
    }
    fn key(&self) -> &String {
        &self.name
    }
}

impl Keyed for ReleaseRow {
    fn namespace(&self) -> &String {
        &self.namespace
    }
    fn key(&self) -> &String {
        &self.secret
    }
}

/// Rows by namespace, then by key.
fn group<R: Keyed>(rows: Vec<R>) -> BTreeMap<String, BTreeMap<String, R>> {
    let mut out: BTreeMap<String, BTreeMap<String, R>> = BTreeMap::new();
    for r in rows {
        let inner = out.entry(r.namespace().clone()).or_default();
        inner.insert(r.key().clone(), r);
    }
    out
}

/// Applies a batch to the stages (or to the waiting rows of namespaces that are not stages
/// yet); returns the stages touched.
fn change<R: Keyed>(
    stages: &mut BTreeMap<String, Stage>,
    waiting: &mut BTreeMap<String, BTreeMap<String, R>>,
    applied: Vec<R>,
    deleted: Vec<(String, String)>,
    rows_of: fn(&mut Stage) -> &mut BTreeMap<String, R>,
) -> Vec<String> {
    let mut touched: Vec<String> = Vec::new();
    for (ns, name) in deleted {
        match stages.get_mut(&ns) {
            Some(s) => {
                rows_of(s).remove(&name);
                touched.push(ns);
            }
            None => {
                if let Some(w) = waiting.get_mut(&ns) {
                    w.remove(&name);
                }
            }
        }
    }
    for r in applied {
        let ns = r.namespace().clone();
        let rows = match stages.get_mut(&ns) {
            Some(s) => {
                touched.push(ns.clone());
                rows_of(s)
            }
            None => waiting.entry(ns).or_default(),
        };
        rows.insert(r.key().clone(), r);
    }
    touched.sort();
    touched.dedup();
    touched
}

#[cfg(test)]
#[path = "all_stages_tests.rs"]
mod tests;
