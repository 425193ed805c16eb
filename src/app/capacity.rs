//! The headroom's data in the app: the nodes and the non-terminated pods' requests (watched for
//! the session), the last metrics poll, and the thresholds from the config.

use std::collections::BTreeMap;

use super::world::{WatchState, World};
use crate::cluster::headroom::{CapacityMsg, Headroom, MetricsError, NodeInput, PodRequest, Usage};
use crate::cluster::resource::ResourceRow;

/// `headroom.min_free_percent`: the seed article's rule, "at least 40 % free resources".
pub const DEFAULT_MIN_FREE_PERCENT: u8 = 40;

#[derive(Debug, Clone)]
pub struct Capacity {
    pub nodes: BTreeMap<String, ResourceRow>,
    pub nodes_watch: Option<WatchState>,
    /// By `namespace/name`.
    pub pods: BTreeMap<String, PodRequest>,
    pub pods_watch: Option<WatchState>,
    /// The last poll of metrics.k8s.io (only while the headroom screen is on screen).
    pub usage: Option<Result<Usage, MetricsError>>,
    /// Warn when the free share of CPU or memory is under this (0: never).
    pub min_free_percent: u8,
    /// `cost:` prices of what stages reserve.
    pub prices: crate::config::panel::CostConfig,
    /// `idle.days`.
    pub idle_days: u32,
    /// The watches were asked for (their first answer may not be in yet).
    pub asked: bool,
}

impl Default for Capacity {
    fn default() -> Capacity {
        Capacity {
            nodes: BTreeMap::new(),
            nodes_watch: None,
            pods: BTreeMap::new(),
            pods_watch: None,
            usage: None,
            min_free_percent: DEFAULT_MIN_FREE_PERCENT,
            prices: Default::default(),
            idle_days: 7,
            asked: false,
        }
    }
}

impl Capacity {
    /// The settings alone (what a context switch keeps).
    pub fn settings(&self) -> Capacity {
        Capacity {
            min_free_percent: self.min_free_percent,
            prices: self.prices.clone(),
            idle_days: self.idle_days,
            ..Capacity::default()
        }
    }

    /// Whether the nodes and pods' requests are watched (the watches start with the first
    /// screen that needs them, or at start with `headroom.watch_at_start`).
    pub fn is_watched(&self) -> bool {
        self.pods_watch.is_some() || self.nodes_watch.is_some() || self.asked
    }

    /// The effect that starts the watches, unless they run: for a screen that needs them.
    pub fn want(&self) -> Option<super::effect::Effect> {
        (!self.is_watched()).then_some(super::effect::Effect::WatchCapacity)
    }

    pub fn apply(&mut self, m: CapacityMsg) {
        match m {
            CapacityMsg::NodesSynced(rows) => {
                self.nodes = rows.into_iter().map(|r| (r.name.clone(), r)).collect();
                self.nodes_watch = Some(WatchState::Synced);
            }
            CapacityMsg::NodesChanged { applied, deleted } => {
                for d in deleted {
                    self.nodes.remove(&d);
                }
                self.nodes
                    .extend(applied.into_iter().map(|r| (r.name.clone(), r)));
                self.nodes_watch = Some(WatchState::Synced);
            }
            CapacityMsg::PodsSynced(rows) => {
                self.pods = rows.into_iter().map(|r| (r.key(), r)).collect();
                self.pods_watch = Some(WatchState::Synced);
            }
            CapacityMsg::PodsChanged { applied, deleted } => {
                for d in deleted {
                    self.pods.remove(&d);
                }
                self.pods.extend(applied.into_iter().map(|r| (r.key(), r)));
                self.pods_watch = Some(WatchState::Synced);
            }
            CapacityMsg::Metrics(m) => self.usage = Some(m),
        }
    }

    /// Both watches have listed once.
    pub fn synced(&self) -> bool {
        self.nodes_watch.is_some() && self.pods_watch.is_some()
    }

    /// The first broken watch's error.
    pub fn error(&self) -> Option<&str> {
        [&self.nodes_watch, &self.pods_watch]
            .into_iter()
            .find_map(|w| match w {
                Some(WatchState::Lost(l)) => Some(l.error.as_str()),
                _ => None,
            })
    }

    /// The headroom now, with per-namespace lines for `namespaces`.
    pub fn headroom(&self, namespaces: &[String]) -> Headroom {
        let nodes = self.nodes.values().filter_map(|r| {
            Some(NodeInput {
                name: &r.name,
                allocatable: r.allocatable?,
                status: match r.cells.first() {
                    Some(crate::cluster::resource::Cell::Text(t)) => t,
                    _ => "",
                },
            })
        });
        let usage = self.usage.as_ref().and_then(|u| u.as_ref().ok());
        Headroom::compute(nodes, self.pods.values(), usage, namespaces)
    }

    /// The cluster's headroom, with lines for `namespaces`, when it is short (and the
    /// warning is on).
    pub fn short(&self, namespaces: &[String]) -> Option<Headroom> {
        if self.min_free_percent == 0 || !self.synced() {
            return None;
        }
        let h = self.headroom(namespaces);
        h.short(self.min_free_percent).then_some(h)
    }
}

/// The namespaces of the stages in view: a team's, or every team's.
pub fn stage_namespaces(world: &World, team: Option<&str>) -> Vec<String> {
    match team {
        Some(t) => world.stages_of(t).map(|s| s.namespace.clone()).collect(),
        None => world
            .all_stages()
            .into_iter()
            .map(|s| s.namespace.clone())
            .collect(),
    }
}
