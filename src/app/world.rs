//! The app's one store of compact rows, fed by backend messages. Views read it; only
//! [`World::apply`] writes it.

use crate::cluster::watch_failure::{refusal_in_short, FailureKind};
use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;

use super::msg::{ClusterMsg, WatchId};
use super::release_cache::ReleaseCache;
use crate::cluster::health::Health;
use crate::cluster::pod_row::PodRow;
use crate::cluster::replica_set_row::ReplicaSetRow;
use crate::cluster::resource::{ResourceKey, ResourceKind, ResourceRow};
use crate::cluster::rollout::DeploymentRow;
use crate::cluster::stage::{split_namespace, stage_order};
use crate::helm::{ReleaseRow, ReleaseStatus};
use crate::stale::Lost;

/// How fresh a watch's data is, for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchState {
    Syncing,
    Synced,
    Lost(Lost<String>),
}

/// One `<team>-<stage>` namespace and what runs in it.
#[derive(Debug, Clone)]
pub struct Stage {
    pub team: String,
    pub stage: String,
    pub namespace: String,
    pub pods: BTreeMap<String, PodRow>,
    /// By Secret name (one per revision).
    pub releases: BTreeMap<String, ReleaseRow>,
    pub pods_watch: WatchState,
    pub releases_watch: WatchState,
    /// By name; watched only while a deploy of the stage is followed (`None` otherwise).
    pub deployments: BTreeMap<String, DeploymentRow>,
    pub deployments_watch: Option<WatchState>,
    /// By name; watched only while the stage's timeline is on screen (`None` otherwise).
    pub replica_sets: BTreeMap<String, ReplicaSetRow>,
    pub replica_sets_watch: Option<WatchState>,
    /// The API server refuses its pods (403: RBAC), in short: who may not do what
    /// (`demo-admin may not watch pods`). Cleared by the next list that succeeds.
    pub pods_refused: Option<String>,
    /// The same for its Helm release Secrets: a developer may often read pods but not
    /// Secrets, and then only the releases (and drift) are unknown, not the stage.
    pub releases_refused: Option<String>,
    pub summary: StageSummary,
}

/// The stage matrix's facts about a stage, kept up to date on every change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StageSummary {
    pub pods_total: usize,
    pub pods_ok: usize,
    pub failing: usize,
    pub worst: Option<(Health, String)>,
    /// Releases whose latest revision is not uninstalled.
    pub releases: usize,
    pub releases_failed: usize,
    pub releases_pending: usize,
    pub last_change: Option<Timestamp>,
}

#[derive(Debug, Clone, Default)]
pub struct World {
    pub namespaces: BTreeSet<String>,
    pub namespaces_watch: Option<WatchState>,
    /// The namespaces have been listed once (or stand in for a list: the configured stages).
    pub namespaces_seen: bool,
    /// By namespace.
    pub stages: BTreeMap<String, Stage>,
    /// Bumped for every message the app takes (`App::update_only`): what a view works out
    /// from the world and keys on it holds until the next message.
    pub rev: u64,
    /// The teams in view, in config order.
    pub teams: Vec<String>,
    /// No teams were named: every `<team>-<stage>` namespace makes its team known.
    pub discover: bool,
    /// Namespaces of protected stages (`payments-prod`): changing them needs the name typed.
    pub protected: std::collections::BTreeSet<String>,
    /// Namespaces of the stages the config names: watched directly when listing namespaces is
    /// forbidden.
    pub configured: Vec<String>,
    /// Decoded Helm release revisions (only those screens showed), written by `App`.
    pub decoded: ReleaseCache,
    /// The teams' config repos and the log of writes.
    pub repos: super::repo_data::Repos,
    /// Each team's deploy and uninstall jobs (from the config; a team not there: the defaults).
    pub deploy_jobs: BTreeMap<String, crate::config::DeployJobs>,
    /// The deploy or uninstall of each stage the cockpit started, by namespace: the last one,
    /// kept when its screen is left (the matrix row shows it while it runs).
    pub deploys: BTreeMap<String, super::deploy::DeployRun>,
    /// The teams with a config repo in the config (drift compares their stages with it).
    pub repo_teams: BTreeSet<String>,
    /// Each context's server, user and kind of credential, and the current context's: what
    /// the messages about a failing cluster name.
    pub endpoints: BTreeMap<String, crate::cluster::connect::Endpoint>,
    pub endpoint: Option<crate::cluster::connect::Endpoint>,
    /// Why the namespace watch last failed, until it lists again.
    pub namespaces_failure: Option<FailureKind>,
    /// Each team's promotion model (from the config; a team not there: one branch).
    pub promotion: BTreeMap<String, crate::config::PromotionModel>,
    /// The stage branches of the teams that keep a branch per stage, as last read.
    pub promotions: BTreeMap<String, super::promotion::PromotionData>,
    /// The objects of the resource lists on screen (`:deployments`, `:svc`, …), by watch.
    pub resources: BTreeMap<ResourceKey, ResourceSet>,
    /// Nodes, pods' requests and usage: the headroom.
    pub capacity: super::capacity::Capacity,
    /// The port-forwards started from the cockpit (`:pf`).
    pub forwards: super::forwards::Forwards,
    /// What the user and each team's Jenkins may do, by team, as last read (`:access`).
    pub access: BTreeMap<String, crate::cluster::access::TeamAccess>,
    /// Teams whose access was asked for by itself, at start (once each).
    pub access_asked: BTreeSet<String>,
    /// Two cluster-wide watches instead of two per stage, for all teams (`app/all_stages.rs`).
    pub all_stages: super::all_stages::AllStages,
}

/// One resource watch's rows, by name.
#[derive(Debug, Clone)]
pub struct ResourceSet {
    pub rows: BTreeMap<String, ResourceRow>,
    pub watch: WatchState,
    /// Events left out to keep the list bounded (see [`MAX_EVENT_ROWS`]).
    pub cut: usize,
}

/// A namespace's events kept at most: a controller gone wild can write 100,000 of them, and
/// the list is read newest first, warnings first — what is kept is what is read.
pub const MAX_EVENT_ROWS: usize = 2_000;

/// Keeps the `max` events read first (warnings, then the newest) and says how many went.
pub fn trim_events(rows: &mut BTreeMap<String, ResourceRow>, max: usize) -> usize {
    if rows.len() <= max {
        return 0;
    }
    let mut order: Vec<(&String, bool, Option<Timestamp>)> =
        rows.iter().map(|(k, r)| (k, r.warning, r.when)).collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| b.2.cmp(&a.2)));
    let gone: Vec<String> = order[max..].iter().map(|(k, ..)| (*k).clone()).collect();
    for k in &gone {
        rows.remove(k);
    }
    gone.len()
}

impl Default for ResourceSet {
    fn default() -> ResourceSet {
        ResourceSet {
            rows: BTreeMap::new(),
            watch: WatchState::Syncing,
            cut: 0,
        }
    }
}

impl World {
    pub fn new(teams: Vec<String>) -> World {
        World {
            discover: teams.is_empty(),
            teams,
            ..World::default()
        }
    }

    /// The team a namespace belongs to, if any of ours.
    pub fn team_of<'a>(&'a self, namespace: &'a str) -> Option<(&'a str, &'a str)> {
        self.teams
            .iter()
            .filter_map(|t| split_namespace(namespace, t).map(|s| (t.as_str(), s)))
            // `pay-ments-qa` belongs to `pay-ments`, not to `pay`.
            .max_by_key(|(t, _)| t.len())
    }

    /// Why the user may not do `c` in `namespace`, when the API's rules say so (`None` when
    /// they allow it or nothing is known: the API then decides).
    pub fn refusal(
        &self,
        namespace: &str,
        c: crate::cluster::access::capability::Capability,
    ) -> Option<String> {
        let (team, _) = self.team_of(namespace)?;
        let access = self.access.get(team)?.namespace(namespace)?;
        match access.may(c) {
            crate::cluster::access::May::No(r) => Some(format!(
                "you may not {} in {namespace}: RBAC does not allow {} (:access shows what you may do)",
                c.words(),
                r.said()
            )),
            _ => None,
        }
    }

    /// The effect that reads a team's access in its namespaces known now.
    pub fn access_effect(&self, team: &str) -> crate::app::effect::Effect {
        let mut namespaces: Vec<String> =
            self.stages_of(team).map(|s| s.namespace.clone()).collect();
        let build = format!("{team}-build");
        if !namespaces.contains(&build) {
            namespaces.insert(0, build.clone());
        }
        crate::app::effect::Effect::LoadAccess {
            team: team.to_string(),
            namespaces,
            account: (build, crate::cluster::access::JENKINS_ACCOUNT.to_string()),
        }
    }

    /// Stages of a team in pipeline order.
    pub fn stages_of<'a>(&'a self, team: &'a str) -> impl Iterator<Item = &'a Stage> + 'a {
        // A team's namespaces sort together under `<team>-` (with those of a `<team>-x` team,
        // which the team field tells apart): a range, not a scan of every team's stages.
        let prefix = format!("{team}-");
        let mut v: Vec<&Stage> = self
            .stages
            .range::<str, _>((
                std::ops::Bound::Included(prefix.as_str()),
                std::ops::Bound::Unbounded,
            ))
            .take_while(|(ns, _)| ns.starts_with(&prefix))
            .map(|(_, s)| s)
            .filter(|s| s.team == team)
            .collect();
        v.sort_by(|a, b| stage_order(&a.stage).cmp(&stage_order(&b.stage)));
        v.into_iter()
    }

    /// All stages, team by team (config order), each team's in pipeline order, as they are
    /// needed: a page of the matrix reads only as far as the page.
    pub fn stages_in_order(&self) -> impl Iterator<Item = &Stage> + '_ {
        self.teams.iter().flat_map(|t| self.stages_of(t))
    }

    /// All stages, team by team (config order), each team's in pipeline order.
    pub fn all_stages(&self) -> Vec<&Stage> {
        self.stages_in_order().collect()
    }

    /// Applies a cluster message. Returns namespaces that became stages and those that stopped
    /// being stages, so that the caller can start and stop their watches.
    pub fn apply(&mut self, msg: ClusterMsg, now: Timestamp) -> (Vec<String>, Vec<String>) {
        let mut added = Vec::new();
        let mut removed = Vec::new();
        match msg {
            ClusterMsg::NamespacesSynced(names) => {
                self.namespaces_watch = Some(WatchState::Synced);
                self.namespaces_failure = None;
                self.namespaces_seen = true;
                let new: BTreeSet<String> = names.into_iter().collect();
                for gone in self
                    .namespaces
                    .difference(&new)
                    .cloned()
                    .collect::<Vec<_>>()
                {
                    if self.stages.remove(&gone).is_some() {
                        removed.push(gone);
                    }
                }
                for ns in &new {
                    if self.add_stage(ns) {
                        added.push(ns.clone());
                    }
                }
                self.namespaces = new;
            }
            ClusterMsg::NamespaceApplied(ns) => {
                self.namespaces_watch = Some(WatchState::Synced);
                self.namespaces_seen = true;
                if self.add_stage(&ns) {
                    added.push(ns.clone());
                }
                self.namespaces.insert(ns);
            }
            ClusterMsg::NamespaceDeleted(ns) => {
                self.namespaces.remove(&ns);
                if self.stages.remove(&ns).is_some() {
                    removed.push(ns);
                }
            }
            ClusterMsg::PodsSynced { namespace, rows } => self.update_stage(&namespace, |s| {
                s.pods = keyed(rows, |r| &r.name);
                s.pods_watch = WatchState::Synced;
                s.pods_refused = None;
            }),
            ClusterMsg::PodsChanged {
                namespace,
                applied,
                deleted,
            } => self.update_stage(&namespace, |s| {
                apply_changes(&mut s.pods, applied, deleted, |r| &r.name);
                s.pods_watch = WatchState::Synced;
            }),
            ClusterMsg::AllPodsSynced(_)
            | ClusterMsg::AllPodsChanged { .. }
            | ClusterMsg::AllReleasesSynced(_)
            | ClusterMsg::AllReleasesChanged { .. } => {
                added.extend(self.apply_all_stages(msg, now));
            }
            ClusterMsg::WatchFailed {
                id: WatchId::AllPods | WatchId::AllReleases,
                ..
            } => added.extend(self.apply_all_stages(msg, now)),
            ClusterMsg::ReleasesSynced { namespace, rows } => self.update_stage(&namespace, |s| {
                s.releases = keyed(rows, |r| &r.secret);
                s.releases_watch = WatchState::Synced;
                s.releases_refused = None;
            }),
            ClusterMsg::ReleasesChanged {
                namespace,
                applied,
                deleted,
            } => self.update_stage(&namespace, |s| {
                apply_changes(&mut s.releases, applied, deleted, |r| &r.secret);
                s.releases_watch = WatchState::Synced;
            }),
            ClusterMsg::DeploymentsSynced { namespace, rows } => {
                self.update_stage(&namespace, |s| {
                    s.deployments = keyed(rows, |r| &r.name);
                    s.deployments_watch = Some(WatchState::Synced);
                })
            }
            ClusterMsg::DeploymentsChanged {
                namespace,
                applied,
                deleted,
            } => self.update_stage(&namespace, |s| {
                apply_changes(&mut s.deployments, applied, deleted, |r| &r.name);
                s.deployments_watch = Some(WatchState::Synced);
            }),
            ClusterMsg::ReplicaSetsSynced { namespace, rows } => {
                if let Some(s) = self.stages.get_mut(&namespace) {
                    s.replica_sets = keyed(rows, |r| &r.name);
                    s.replica_sets_watch = Some(WatchState::Synced);
                }
            }
            ClusterMsg::ReplicaSetsChanged {
                namespace,
                applied,
                deleted,
            } => {
                if let Some(s) = self.stages.get_mut(&namespace) {
                    apply_changes(&mut s.replica_sets, applied, deleted, |r| &r.name);
                    s.replica_sets_watch = Some(WatchState::Synced);
                }
            }
            ClusterMsg::WatchFailed { id, kind, error } => {
                let lost = |w: &mut WatchState| mark_lost(w, error.clone(), now);
                match id {
                    // Developers often may not list namespaces: then the stages the config
                    // names are the list (the namespace watch keeps trying, slowly).
                    WatchId::Namespaces
                        if kind == FailureKind::Forbidden && !self.configured.is_empty() =>
                    {
                        self.namespaces_watch = Some(WatchState::Synced);
                        self.namespaces_seen = true;
                        for ns in self.configured.clone() {
                            if self.add_stage(&ns) {
                                added.push(ns);
                            }
                        }
                    }
                    WatchId::Namespaces => {
                        self.namespaces_failure = Some(kind);
                        lost(self.namespaces_watch.get_or_insert(WatchState::Syncing))
                    }
                    WatchId::Pods(ns) => {
                        if let Some(s) = self.stages.get_mut(&ns) {
                            if kind == FailureKind::Forbidden {
                                s.pods_refused = Some(refusal_in_short(&error));
                            }
                            lost(&mut s.pods_watch)
                        }
                    }
                    WatchId::Releases(ns) => {
                        if let Some(s) = self.stages.get_mut(&ns) {
                            if kind == FailureKind::Forbidden {
                                s.releases_refused = Some(refusal_in_short(&error));
                            }
                            lost(&mut s.releases_watch)
                        }
                    }
                    WatchId::Deployments(ns) => {
                        if let Some(s) = self.stages.get_mut(&ns) {
                            lost(s.deployments_watch.get_or_insert(WatchState::Syncing))
                        }
                    }
                    WatchId::ReplicaSets(ns) => {
                        if let Some(s) = self.stages.get_mut(&ns) {
                            lost(s.replica_sets_watch.get_or_insert(WatchState::Syncing))
                        }
                    }
                    WatchId::Resources(key) => {
                        lost(&mut self.resources.entry(key).or_default().watch)
                    }
                    WatchId::PodRequests => {
                        lost(self.capacity.pods_watch.get_or_insert(WatchState::Syncing))
                    }
                    WatchId::CapacityNodes => {
                        lost(self.capacity.nodes_watch.get_or_insert(WatchState::Syncing))
                    }
                    // Routed to the pod screen by `App::on_cluster`; the cluster-wide ones
                    // above.
                    WatchId::PodDetail { .. }
                    | WatchId::PodEvents { .. }
                    | WatchId::AllPods
                    | WatchId::AllReleases => {}
                }
            }
            ClusterMsg::ContextSwitched { context } => {
                let endpoints = std::mem::take(&mut self.endpoints);
                removed.extend(self.stages.keys().cloned());
                let teams = if self.discover {
                    Vec::new()
                } else {
                    std::mem::take(&mut self.teams)
                };
                let protected = std::mem::take(&mut self.protected);
                let configured = std::mem::take(&mut self.configured);
                let deploy_jobs = std::mem::take(&mut self.deploy_jobs);
                let repo_teams = std::mem::take(&mut self.repo_teams);
                let capacity = self.capacity.settings();
                let all_stages = self.all_stages.settings();
                *self = World::new(teams);
                self.capacity = capacity;
                self.all_stages = all_stages;
                self.repo_teams = repo_teams;
                self.protected = protected;
                self.configured = configured;
                self.deploy_jobs = deploy_jobs;
                self.endpoint = endpoints.get(&context).cloned();
                self.endpoints = endpoints;
            }
            ClusterMsg::ResourcesSynced { key, rows } => {
                let events = key.kind == ResourceKind::Event;
                let set = self.resources.entry(key).or_default();
                set.rows = keyed(rows, |r| &r.name);
                set.watch = WatchState::Synced;
                if events {
                    set.cut = trim_events(&mut set.rows, MAX_EVENT_ROWS);
                }
            }
            ClusterMsg::ResourcesChanged {
                key,
                applied,
                deleted,
            } => {
                let events = key.kind == ResourceKind::Event;
                let set = self.resources.entry(key).or_default();
                apply_changes(&mut set.rows, applied, deleted, |r| &r.name);
                set.watch = WatchState::Synced;
                if events {
                    set.cut += trim_events(&mut set.rows, MAX_EVENT_ROWS);
                }
            }
            ClusterMsg::Capacity(m) => self.capacity.apply(m),
            ClusterMsg::PodDetailLoaded { .. }
            | ClusterMsg::PodGone { .. }
            | ClusterMsg::PodEventsLoaded { .. }
            | ClusterMsg::ObjectFetched { .. } => {}
        }
        (added, removed)
    }

    /// Changes a stage's rows (if it is still one of ours) and refreshes its summary.
    fn update_stage(&mut self, ns: &str, change: impl FnOnce(&mut Stage)) {
        if let Some(s) = self.stages.get_mut(ns) {
            change(s);
            s.summarise();
        }
    }

    fn add_stage(&mut self, ns: &str) -> bool {
        if self.stages.contains_key(ns) {
            return false;
        }
        if self.discover && self.team_of(ns).is_none() {
            if let Some(team) = crate::cluster::stage::discovered_team(ns) {
                self.teams.push(team.to_string());
                self.teams.sort();
            }
        }
        let Some((team, stage)) = self
            .team_of(ns)
            .map(|(t, s)| (t.to_string(), s.to_string()))
        else {
            return false;
        };
        self.stages.insert(
            ns.to_string(),
            Stage {
                team,
                stage,
                namespace: ns.to_string(),
                pods: BTreeMap::new(),
                releases: BTreeMap::new(),
                pods_watch: WatchState::Syncing,
                releases_watch: WatchState::Syncing,
                deployments: BTreeMap::new(),
                deployments_watch: None,
                replica_sets: BTreeMap::new(),
                replica_sets_watch: None,
                pods_refused: None,
                releases_refused: None,
                summary: StageSummary::default(),
            },
        );
        true
    }

    /// The oldest broken watch, for the status line: (what, since, error).
    pub fn worst_watch(&self) -> Option<(String, Timestamp, String)> {
        // Asked for every frame: a watch's name is written only when it is the worst so far
        // (at 7,000 stages, writing all 14,000 names each frame was a tenth of a frame).
        let mut worst: Option<(String, Timestamp, String)> = None;
        let mut consider = |what: &dyn Fn() -> String, w: &WatchState| {
            if let WatchState::Lost(Lost { since, error }) = w {
                if worst.as_ref().is_none_or(|(_, s, _)| since < s) {
                    worst = Some((what(), *since, error.clone()));
                }
            }
        };
        if let Some(w) = &self.namespaces_watch {
            consider(&|| "namespaces".into(), w);
        }
        // Before the stages, which mirror them: the badge names the one watch that broke.
        if let Some(w) = &self.all_stages.pods_watch {
            consider(&|| "pods in all namespaces".into(), w);
        }
        if let Some(w) = &self.all_stages.releases_watch {
            consider(&|| "releases in all namespaces".into(), w);
        }
        for s in self.stages.values() {
            let ns = &s.namespace;
            consider(&|| format!("pods in {ns}"), &s.pods_watch);
            consider(&|| format!("releases in {ns}"), &s.releases_watch);
            if let Some(w) = &s.deployments_watch {
                consider(&|| format!("deployments in {ns}"), w);
            }
            if let Some(w) = &s.replica_sets_watch {
                consider(&|| format!("replicasets in {ns}"), w);
            }
        }
        worst
    }

    /// True once the namespace list and every stage's pods have synced once. A watch that
    /// failed before its first list has synced nothing: the screens must not call the cluster
    /// empty, let alone healthy.
    pub fn is_synced(&self) -> bool {
        self.namespaces_seen
            && !self.stages.values().any(|s| {
                matches!(s.pods_watch, WatchState::Syncing)
                    || matches!(s.releases_watch, WatchState::Syncing)
            })
    }
}

impl World {
    /// What to say instead of data while nothing has synced: waiting, or why the cluster
    /// cannot be reached and what to check.
    pub fn unsynced_text(&self) -> String {
        let Some((what, _, error)) = self.worst_watch() else {
            return "waiting for the cluster…".to_string();
        };
        let e = self.endpoint.clone().unwrap_or_default();
        let at = if e.server.is_empty() {
            String::new()
        } else {
            format!(" at {}", e.server)
        };
        match self.namespaces_failure {
            Some(FailureKind::Unauthorized) => match e.withheld_text() {
                Some(why) => format!("the cluster{at} refused the request ({error}): {why}"),
                None => format!(
                    "the cluster{at} refused the credential of user {:?} ({}): {error} — \
                     renew it (is it expired or revoked?); retrying",
                    e.user, e.credential
                ),
            },
            Some(FailureKind::Forbidden) => {
                let why = e
                    .withheld_text()
                    .map(|w| format!(" ({w})"))
                    .unwrap_or_default();
                format!(
                    "user {:?} may not list namespaces{why}: {error} — name the stages in the \
                     config; retrying",
                    e.user
                )
            }
            Some(FailureKind::Unreachable) => format!(
                "cannot reach the cluster{at}: {error} — check the kubeconfig's server and \
                 context, the network or VPN; retrying"
            ),
            Some(FailureKind::Server) => {
                format!("the cluster{at} answered with an error ({what}): {error}; retrying")
            }
            _ => format!(
                "cannot reach the cluster{at} ({what}): {error} — check the kubeconfig's server \
                 and context, the network or VPN, and `kubectl get ns`; retrying"
            ),
        }
    }

    /// A failure before anything synced whose cause retrying will not change soon (a refused
    /// credential, nothing listening): what `render` reports at once instead of waiting.
    pub fn certain_failure(&self) -> Option<String> {
        let kind = self.namespaces_failure?;
        (kind.is_certain() && !self.namespaces_seen).then(|| self.unsynced_text())
    }

    /// A team's deploy jobs (the defaults for a team the config does not name).
    pub fn deploy_jobs_of(&self, team: &str) -> crate::config::DeployJobs {
        self.deploy_jobs.get(team).cloned().unwrap_or_default()
    }
}

impl Stage {
    /// Who may not do what here, pods first: the refusal the status line names.
    pub fn refused(&self) -> Option<&String> {
        self.pods_refused
            .as_ref()
            .or(self.releases_refused.as_ref())
    }

    /// The latest revision of each release, by release name.
    pub fn current_releases(&self) -> BTreeMap<&str, &ReleaseRow> {
        let mut latest: BTreeMap<&str, &ReleaseRow> = BTreeMap::new();
        for r in self.releases.values() {
            let e = latest.entry(r.name.as_str()).or_insert(r);
            if r.revision > e.revision {
                *e = r;
            }
        }
        latest
    }

    pub(super) fn summarise(&mut self) {
        let mut s = StageSummary {
            pods_total: self.pods.len(),
            ..StageSummary::default()
        };
        for p in self.pods.values() {
            if p.health.is_failing() {
                s.failing += 1;
                let worse = match &s.worst {
                    None => true,
                    Some((h, _)) => p.health.severity() > h.severity(),
                };
                if worse {
                    s.worst = Some((p.health, p.status.clone()));
                }
            } else {
                s.pods_ok += 1;
            }
            s.last_change = s.last_change.max(p.last_change());
        }
        for r in self.current_releases().values() {
            if r.status == ReleaseStatus::Uninstalled {
                continue;
            }
            s.releases += 1;
            if r.status == ReleaseStatus::Failed {
                s.releases_failed += 1;
            }
            if r.status.is_pending() {
                s.releases_pending += 1;
            }
        }
        for r in self.releases.values() {
            s.last_change = s.last_change.max(r.modified);
        }
        self.summary = s;
    }
}

/// A watch broke: its state says so, keeping the first moment it broke (that is how stale
/// the data is).
pub(super) fn mark_lost(w: &mut WatchState, error: String, now: Timestamp) {
    let mut slot = match std::mem::replace(w, WatchState::Syncing) {
        WatchState::Lost(l) => Some(l),
        _ => None,
    };
    Lost::record(&mut slot, error, now);
    if let Some(l) = slot {
        *w = WatchState::Lost(l);
    }
}

/// Rows by their name.
fn keyed<R>(rows: Vec<R>, key: impl Fn(&R) -> &String) -> BTreeMap<String, R> {
    rows.into_iter().map(|r| (key(&r).clone(), r)).collect()
}

fn apply_changes<R>(
    map: &mut BTreeMap<String, R>,
    applied: Vec<R>,
    deleted: Vec<String>,
    key: impl Fn(&R) -> &String,
) {
    for name in deleted {
        map.remove(&name);
    }
    for r in applied {
        map.insert(key(&r).clone(), r);
    }
}
