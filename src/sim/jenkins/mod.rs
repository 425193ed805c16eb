//! The simulated Jenkins: one controller per team, each on its own loopback port (so every
//! controller has its own root URL, session cookie name and crumb salt, like separate
//! installations). Faithful to the remote API of `shared/reference/jenkins-api.md`: JSON and
//! Python views with `tree`/`depth`, progressive consoles, the queue, crumbs, basic auth with
//! API tokens, and JCasC reloads from the team's config repo. Time comes from the world's
//! `SimClock`, so tests move it instead of sleeping.

mod auth;
pub mod catalog;
mod console;
mod console_jobs;
mod console_runs;
mod console_script;
mod controller;
pub mod engine;
mod export;
mod form;
mod http;
mod jcasc;
mod jcasc_schema;
mod json_items;
mod json_nodes;
mod json_runs;
mod model;
mod pages;
mod post;
mod queue;
mod rng;
mod route;
pub mod switches;
mod tree;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::task::JoinHandle;

pub use controller::{Controller, JenkinsError, RESTART};
pub use http::JENKINS_VERSION;
pub use jcasc::{Authz, JcascError, RunningConfig};

use crate::sim::clock::SimClock;
use crate::sim::world::catalog::Team;
use crate::sim::world::World;

/// The user every demo Jenkins gives an admin token to (written into `stagecoach.yaml`).
pub const ADMIN: &str = "admin";
/// A read-only user: Overall/Read and Job/Read, nothing else.
pub const VIEWER: &str = "viewer";

/// A running team Jenkins.
pub struct JenkinsHandle {
    pub team: String,
    pub addr: SocketAddr,
    controller: Arc<Controller>,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for JenkinsHandle {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

impl JenkinsHandle {
    /// The root URL, with its trailing slash (`http://127.0.0.1:PORT/`).
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The API token of `user` (`admin` or `viewer`). Never log it.
    pub fn token(&self, user: &str) -> Option<&str> {
        self.controller.secrets.tokens.get(user).map(String::as_str)
    }

    /// The password of `user`, from the controller's secret source (JCasC's
    /// `${JENKINS_<USER>_PASSWORD}`); for tests of password sessions and crumbs.
    pub fn password(&self, user: &str) -> Option<&str> {
        let var = format!("JENKINS_{}_PASSWORD", user.to_uppercase());
        self.controller.secrets.vars.get(&var).map(String::as_str)
    }

    /// The token of `/reload-configuration-as-code/?casc-reload-token=`.
    pub fn reload_token(&self) -> &str {
        &self.controller.reload_token
    }

    /// The bare config repo this controller reloads JCasC from.
    pub fn repo_path(&self) -> PathBuf {
        self.controller.repo_path()
    }

    /// Points the controller at its repo's new place (the repos moved into the demo dir).
    pub(crate) fn set_repo_path(&self, path: PathBuf) {
        self.controller.set_repo_path(path);
    }

    pub fn running_config(&self) -> RunningConfig {
        self.controller.running_config()
    }

    /// The run-time faults of this controller (slow answers, a revoked token) and its count
    /// of requests in flight.
    pub fn switches(&self) -> &switches::Switches {
        &self.controller.switches
    }

    /// Drops queue item `id` without a trace (its URL answers 404 from now on), as a restart
    /// or a queue clean-up does to an item a client is still following.
    pub fn forget_queue_item(&self, id: u64) -> bool {
        self.controller.forget_queue_item(id)
    }
}

/// Binds a loopback port for a team's Jenkins (before its config repo exists, since the JCasC
/// file names the root URL).
pub async fn bind() -> std::io::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(("127.0.0.1", 0)).await
}

/// Where a controller lives and what it changes.
pub struct Placement {
    pub clock: SimClock,
    pub seed: u64,
    /// The team's bare config repo.
    pub repo: PathBuf,
    /// The cluster its deploy/uninstall builds change.
    pub world: Option<Arc<World>>,
}

/// Starts `team`'s controller on `listener`, configured from the head of its repo, with a
/// ticker that lets finished deploy builds reach the cluster even when nobody asks Jenkins.
pub fn serve(
    listener: tokio::net::TcpListener,
    team: &Team,
    deploys_by_jenkins: bool,
    at: Placement,
) -> Result<JenkinsHandle, JenkinsError> {
    let addr = listener.local_addr().map_err(|e| JenkinsError::Repo {
        team: team.name.clone(),
        source: crate::sim::config_repo::ConfigRepoError::Io {
            dir: PathBuf::new(),
            source: e,
        },
    })?;
    let controller = Arc::new(Controller::new(
        team,
        deploys_by_jenkins,
        at.clock,
        at.seed,
        at.repo,
        at.world,
    )?);
    let app = http::router(controller.clone());
    let name = team.name.clone();
    let server = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!("simulated Jenkins of {name} stopped: {e}");
        }
    });
    let c = controller.clone();
    let ticker = tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(1));
        loop {
            every.tick().await;
            let c = c.clone();
            // The world's lock may be busy with a large world's step: off the async threads.
            let _ = tokio::task::spawn_blocking(move || c.pump_now()).await;
        }
    });
    Ok(JenkinsHandle {
        team: team.name.clone(),
        addr,
        controller,
        tasks: vec![server, ticker],
    })
}

/// The deploy and uninstall builds `team`'s controller has in its history at `start` (the same
/// builds its `Engine` lays down), for the world's seeding to replay.
pub fn history_runs(
    team: &Team,
    deploys_by_jenkins: bool,
    start: jiff::Timestamp,
    seed: u64,
) -> Vec<engine::HistoryRun> {
    engine::Engine::new(team, deploys_by_jenkins, start, seed, None).history_runs()
}
